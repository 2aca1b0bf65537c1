/* The store's backend-neutral SQL layer: one set of calls that the store's files (store_sql.c and
 * the areas' sql_*.c) write their statements with, run by SQLite (sql_sqlite.c) or by
 * PostgreSQL through libpq (sql_pg.c). Nothing outside src/store includes this: the rest of mapo
 * sees store.h and the area headers only. docs/internals/store.md describes the dialect rules.
 *
 * Statements are written once, in the SQL both databases accept: placeholders ?N (or ?), which
 * the PostgreSQL side renumbers to $N; new ids through RETURNING id; no SQLite-only functions.
 * A function that writes follows one pattern:
 *
 *	unsigned long mark;
 *	int rc = sql_begin(s, &mark, err);
 *	if (rc)
 *		return rc;
 *	if ((rc = sql_stmt(s, "INSERT ...", &st, err)))
 *		goto out;
 *	...bind...
 *	if ((rc = sql_exec_write(s, st, err)))
 *		goto out;
 *   out:
 *	return sql_end(s, rc, mark, err);
 */
#ifndef MAPO_STORE_SQL_H
#define MAPO_STORE_SQL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A prepared statement, owned by the store's cache. */
typedef struct stmt stmt;

/* What a step or a backend call gives: a row, the end, or a failure of a kind mapo tells apart.
 * Backends map their own codes (SQLite's result codes, PostgreSQL's SQLSTATE) onto these. */
enum sql_rc {
	SQL_OK = 0,
	SQL_ROW = 100,
	SQL_DONE = 101,
	SQL_EUNIQUE = 1,   /* unique or primary key violation */
	SQL_EFOREIGN,      /* foreign key violation */
	SQL_ECONSTRAINT,   /* another constraint: CHECK, NOT NULL */
	SQL_EBUSY,         /* another writer holds the lock too long */
	SQL_ESERIAL,       /* the database gave up a transaction (serialisation, deadlock) */
	SQL_EFULL,         /* disk full (also the fault seam's answer) */
	SQL_EREADONLY,
	SQL_ECANTOPEN,
	SQL_EIO,
	SQL_ECORRUPT,      /* not a database, or damaged */
	SQL_ENOMEM,
	SQL_ECONNECT,      /* the database server is unreachable */
	SQL_EERROR,        /* anything else */
};

/* The operations a backend provides. impl is the backend's own statement. */
struct sql_backend {
	const char *name; /* "sqlite", "postgresql": for messages to developers */
	int (*prepare)(store *s, const char *sql, void **impl);
	void (*finalize)(void *impl);
	void (*reset)(void *impl); /* also forgets the bindings */
	int (*bind_text)(void *impl, int i, const char *v); /* v NULL: NULL */
	int (*bind_int64)(void *impl, int i, int64_t v);
	int (*bind_double)(void *impl, int i, double v);
	int (*bind_blob)(void *impl, int i, const void *v, size_t n);
	int (*step)(store *s, void *impl, bool write); /* SQL_ROW, SQL_DONE or an error */
	const char *(*column_text)(void *impl, int i); /* NULL for NULL */
	int64_t (*column_int64)(void *impl, int i);
	double (*column_double)(void *impl, int i);
	const void *(*column_blob)(void *impl, int i, size_t *n);
	bool (*column_null)(void *impl, int i);
	int (*exec)(store *s, const char *sql);      /* statements without parameters or rows */
	int (*begin)(store *s);                      /* opens the outermost transaction */
	int (*commit)(store *s);
	void (*rollback)(store *s);
	bool (*in_transaction)(store *s);           /* false after the database rolled back itself */
	int (*tables)(store *s, bool *has_migrations, bool *has_others);
	int (*migration_sql)(store *s, const char *sql, struct buf *out); /* the dialect's spelling */
	const char *(*errmsg)(store *s);             /* the last message, for MAPO_DEBUG_SQL */
	void (*close)(store *s);
	/* The shape of the current row (sql_column_count and the rest, below). */
	int (*column_count)(void *impl);
	const char *(*column_name)(void *impl, int i);
	int (*column_type)(void *impl, int i); /* enum sql_type */
	int (*begin_read)(store *s);           /* a read-only snapshot: sql_read_begin */
};

struct store {
	const struct sql_backend *be;
	void *conn;               /* the backend's connection */
	struct sqlite3 *db;       /* the SQLite connection (sql_sqlite.c); NULL on PostgreSQL */
	char *path;               /* as given to store_open (a URL keeps its password out: see sql.c) */
	int depth;                /* store_begin nesting; 0: no transaction open */
	bool aborted;             /* an inner rollback undid the outermost transaction */
	unsigned long fail_after; /* fault seam: the write step that fails (0: off) */
	unsigned long writes;     /* write statements completed (sql_exec_write) */
	bool debug;               /* MAPO_DEBUG_SQL set: print the database's messages on stderr */
	int64_t changes;          /* rows changed by the last completed write */
	int last_rc;              /* the sql_rc of the last failure */
	stmt **cache;             /* prepared statements by text, most recently used last */
	size_t ncache, alloc_cache;
	unsigned long tick;
	struct store_bulk *bulk;   /* store_bulk_begin's batch (store_sql.c), NULL when off */
};

/* The backends: sql_sqlite.c, sql_pg.c. open fills s->be, s->conn (and s->db for SQLite). */
int sql_sqlite_open(store *s, const char *path, struct mapo_error *err);
int sql_pg_open(store *s, const char *url, struct mapo_error *err);

/* A prepared statement for sql, cached by its text: prepared once, then reset and unbound at
 * each call. Any text may be passed (it is copied), so statements built at run time are cached
 * too. A statement is lent until it reaches SQL_DONE, fails, or is given back with sql_reset;
 * asking for the same text while it is lent (a callback that calls back into the store)
 * prepares a second one. */
int sql_stmt(store *s, const char *sql, stmt **st, struct mapo_error *err);
/* Gives a statement back (resets it); accepts NULL. */
void sql_reset(stmt *st);

/* Steps a reading statement: SQL_ROW, SQL_DONE, or a failure (enum sql_rc) for sql_error. */
int sql_step(stmt *st);
/* The same for a statement that writes, through the fault seam (store_fail_after): the seam
 * counts each statement once and answers SQL_EFULL without running it. */
int sql_step_write(store *s, stmt *st);
/* Runs a writing statement to its end and gives it back; 0 or the mapped error (sql_error).
 * sql_changes then says how many rows it changed. */
int sql_exec_write(store *s, stmt *st, struct mapo_error *err);
/* The same for INSERT ... RETURNING id: *id is the new row's id. */
int sql_exec_write_id(store *s, stmt *st, int64_t *id, struct mapo_error *err);
/* Steps a reading statement that gives one row: 0 with the row ready (give it back with
 * sql_reset), MAPO_ENOTFOUND (no message, statement given back), or the mapped error. */
int sql_read_row(store *s, stmt *st, struct mapo_error *err);
/* The two ends of a loop over a reading statement's rows (while ((rc = sql_step(st)) == SQL_ROW)):
 * sql_rows_stop when a callback answered non-zero (gives the statement back, returns the answer),
 * sql_rows_end after the loop (0 when the last step was SQL_DONE, else the mapped error). */
int sql_rows_stop(stmt *st, int stop);
int sql_rows_end(store *s, int rc, struct mapo_error *err);
int64_t sql_changes(store *s);
/* The sql_rc of the last failure, for a caller that tells a foreign key from a CHECK. */
int sql_last_error(store *s);

/* Runs SQL without results or parameters. */
int sql_exec(store *s, const char *sql, struct mapo_error *err);

/* Opens a transaction level for one store function (store_begin) and notes where it started.
 * sql_end closes it: on success it commits the level (store_commit); on failure it rolls back,
 * except that a failure before the function wrote anything inside a caller's transaction leaves
 * that transaction usable (a stale version or a missing record undoes nothing; a refused
 * statement undoes only itself). Returns rc, or the commit's error. */
int sql_begin(store *s, unsigned long *mark, struct mapo_error *err);
int sql_end(store *s, int rc, unsigned long mark, struct mapo_error *err);

/* Maps an sql_rc to a mapo_err and fills err with a translated, SQL-free message for it. Unique
 * violations are MAPO_EEXIST, other constraints MAPO_EINVAL, the rest MAPO_ESTORE (MAPO_EIO when
 * the file cannot be opened). Callers that know what a constraint means set their own message. */
int sql_error(store *s, int rc, struct mapo_error *err);

/* Binding: text (NULL binds NULL), optional text ("" or NULL binds NULL), dates (DATE_NONE binds
 * NULL), integers, doubles, blobs (copied). Parameters a statement does not use are ignored. */
void sql_bind_text(stmt *st, int i, const char *v);
void sql_bind_opt_text(stmt *st, int i, const char *v);
void sql_bind_date(stmt *st, int i, mapo_date d);
void sql_bind_int64(stmt *st, int i, int64_t v);
void sql_bind_double(stmt *st, int i, double v);
void sql_bind_blob(stmt *st, int i, const void *v, size_t n);
void sql_bind_null(stmt *st, int i);

/* Reading a column of the current row: text into a fixed buffer (NULL gives "", longer text is
 * cut at a character boundary), a date (NULL or not a date gives DATE_NONE), text or "" (valid
 * until the next step), integers (a PostgreSQL boolean reads as 0 or 1), NULL or not, blobs
 * (valid until the next step). */
void sql_column_copy(stmt *st, int i, char *out, size_t size);
mapo_date sql_column_date(stmt *st, int i);
const char *sql_column_str(stmt *st, int i);
int64_t sql_column_int64(stmt *st, int i);
int sql_column_int(stmt *st, int i);
double sql_column_double(stmt *st, int i);
bool sql_column_null(stmt *st, int i);
const void *sql_column_blob(stmt *st, int i, size_t *n);

/* The type of a value, for code that reads tables it does not know (the backup): SQLite's own
 * type of the value; on PostgreSQL the column's type (integers and booleans SQL_INTEGER, floating
 * and numeric SQL_FLOAT, bytea SQL_BLOB, anything else SQL_TEXT), SQL_NULL for a NULL. */
enum sql_type { SQL_NULL = 0, SQL_INTEGER, SQL_FLOAT, SQL_TEXT, SQL_BLOB };
/* The number of columns, a column's name (owned by the statement) and a value's type, while a
 * row is current (after sql_step gave SQL_ROW). */
int sql_column_count(stmt *st);
const char *sql_column_name(stmt *st, int i);
enum sql_type sql_column_type(stmt *st, int i);

/* Opens a read-only transaction that sees one snapshot of the database for every statement until
 * sql_read_end (SQLite: a deferred transaction; PostgreSQL: REPEATABLE READ, READ ONLY). Only at
 * depth 0; it does not count as a store_begin level, and nothing may be written inside it. */
int sql_read_begin(store *s, struct mapo_error *err);
/* Closes it (a rollback: nothing was written); accepts a store without one open. */
void sql_read_end(store *s);

/* store_tally's statement for the six totals without dimensions or filter (?1 from, ?2 to, as
 * YYYY-MM-DD): exposed so that a test can check its plan reads covering indexes only. */
extern const char sql_tally_totals[];
/* Appends store_tally's statement for q to out (?1 from, ?2 to, then the filter's parameters);
 * true when it is sql_tally_totals. For tests of the plans and for comparing with the shell. */
bool sql_tally_statement(const struct tally_query *q, struct buf *out);

/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ, for created_at-like columns. */
#define SQL_TIMESTAMP_LEN 21
void sql_timestamp(char out[SQL_TIMESTAMP_LEN]);

/* store_bulk_begin's batch (store_sql.c): sql_bulk_flush writes it (0 when there is none, or
 * while the batch itself is being written); sql_bulk_free drops it and ends bulk mode. sql.c
 * flushes before every other statement and before the outermost commit, and frees at rollback. */
int sql_bulk_flush(store *s, struct mapo_error *err);
void sql_bulk_free(store *s);

/* True when the store is the PostgreSQL backend (for the areas not written for it yet). */
bool sql_is_pg(const store *s);

#endif
