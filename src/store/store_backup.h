/* The database as tables of rows, for `mapo backup` and `mapo restore` (src/io/backup.c writes
 * and reads the file; docs/internals/backup.md). The tables and their columns come from the
 * database's own catalog at run time, so every table the migrations create is covered without a
 * list per table here; the only list is of the tables deliberately left out (sessions).
 *
 * Values keep their type (integer, floating, text, blob, NULL) and their bytes, and rows keep
 * their ids: sealed identity fields, whose associated data names table, column and row id, open
 * again after a restore, and the audit chain verifies. */
#ifndef MAPO_STORE_BACKUP_H
#define MAPO_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/util.h"

/* One value. text: s (NUL-terminated) and len; blob: s (bytes) and len; others i or f. */
struct backup_value {
	enum backup_type { BACKUP_NULL = 0, BACKUP_INTEGER, BACKUP_FLOAT, BACKUP_TEXT, BACKUP_BLOB } type;
	int64_t i;
	double f;
	const char *s;
	size_t len;
};

struct backup_table {
	char *name;
	char **columns; /* in the table's order */
	size_t ncolumns;
};

/* What a backup holds: the applied migrations and the tables in dependency order (a table comes
 * after every table its foreign keys refer to; otherwise by name), each with its columns. */
struct backup_schema {
	int *versions; /* the versions recorded in schema_migrations, rising */
	size_t nversions;
	struct backup_table *tables;
	size_t ntables;
};
void backup_schema_release(struct backup_schema *sc);

/* The tables left out of every backup, NULL-terminated: signed-in sessions (a restored database
 * starts with nobody signed in). */
extern const char *const store_backup_skipped[];

/* Receives a dump. schema once, first; then for each table of the schema in order, table_end
 * after its rows (row per row, ordered by primary key). values[] has one value per column, valid
 * during the call. A non-zero return stops the dump and is returned. */
struct backup_sink {
	int (*schema)(void *arg, const struct backup_schema *sc, struct mapo_error *err);
	int (*row)(void *arg, const struct backup_table *t, const struct backup_value *values,
		struct mapo_error *err);
	int (*table_end)(void *arg, const struct backup_table *t, long long rows, struct mapo_error *err);
};

/* Reads the whole database in one read-only snapshot and hands it to sink. MAPO_ESTORE for a
 * database that is not set up or not mapo's, MAPO_ESCHEMA for one newer than this binary. */
int store_backup_dump(store *s, const struct backup_sink *sink, void *arg, struct mapo_error *err);

/* A restore in progress: one transaction, written only by store_restore_finish. */
struct store_restore;

/* Starts restoring into s, which must be empty: either not set up (no tables at all) or set up
 * with nothing in any table but schema_migrations and exactly the versions given. A database that
 * is not set up gets the given migrations first. MAPO_EINVAL naming the first table with rows
 * when it is not empty; MAPO_ESCHEMA when a version is unknown to this binary. *out is the
 * restore (free with store_restore_free). */
int store_restore_begin(store *s, const int *versions, size_t nversions, struct store_restore **out,
	struct mapo_error *err);
/* The next table's rows come, with these columns (which must be the table's, in any order).
 * MAPO_EINVAL for a table or column the database does not have, or one left out of backups. */
int store_restore_table(struct store_restore *r, const char *table, const char *const *columns,
	size_t ncolumns, struct mapo_error *err);
/* One row of the current table, a value per column given to store_restore_table. */
int store_restore_row(struct store_restore *r, const struct backup_value *values, struct mapo_error *err);
/* The current table is complete: sets the columns that refer to the same table (a case's related
 * case, a parent), which its rows were inserted without. */
int store_restore_table_end(struct store_restore *r, struct mapo_error *err);
/* Sets PostgreSQL's identity sequences past the highest ids, applies the migrations this binary
 * has beyond the backup's, and commits. */
int store_restore_finish(struct store_restore *r, struct mapo_error *err);
/* Rolls back unless finished, and frees; accepts NULL. */
void store_restore_free(struct store_restore *r);

/* The migrations this binary would apply to s, in order (versions and names owned by the
 * binary), for `mapo migrate` to report. MAPO_ESCHEMA when s records a version it does not know. */
struct store_pending {
	int version;
	const char *name;
};
int store_pending_migrations(store *s, struct store_pending **out, size_t *n, struct mapo_error *err);

#endif
