/* The SQLite backend's insides, shared by its files (store_sqlite.c, sqlite_auth.c): the
 * connection, a cache of prepared statements, the write seam used for fault injection, and the
 * mapping of SQLite errors to mapo's. Nothing outside src/store includes this: the rest of mapo
 * sees store.h only.
 *
 * A function of another file that writes follows the same pattern as store_sqlite.c:
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
#ifndef MAPO_STORE_SQLITE_INTERNAL_H
#define MAPO_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

struct sql_cached {
	const char *sql; /* the key: a string literal, compared by address */
	sqlite3_stmt *st;
};

struct store {
	sqlite3 *db;
	char *path;
	int depth;                /* store_begin nesting; 0: no transaction open */
	bool aborted;             /* an inner rollback undid the outermost transaction */
	unsigned long fail_after; /* fault seam: the write step that fails (0: off) */
	unsigned long writes;     /* write statements completed (sql_exec_write) */
	bool debug;               /* MAPO_DEBUG_SQL set: print SQLite's messages on stderr */
	struct sql_cached *cache;
	size_t ncache, alloc_cache;
};

/* A prepared statement for sql, which must be a string literal (or live as long as s): prepared
 * once, then reset and unbound at each call. The statement stays owned by the cache; a caller
 * that stops reading before SQLITE_DONE calls sqlite3_reset on it. */
int sql_stmt(store *s, const char *sql, sqlite3_stmt **st, struct mapo_error *err);

/* sqlite3_step for a statement that writes, through the fault seam (store_fail_after): returns
 * SQLITE_FULL without running it when the seam says so. */
int sql_step_write(store *s, sqlite3_stmt *st);

/* Runs a writing statement to its end and resets it; 0 or the mapped error (sql_error). */
int sql_exec_write(store *s, sqlite3_stmt *st, struct mapo_error *err);

/* Opens a transaction level for one store function (store_begin) and notes where it started.
 * sql_end closes it: on success it commits the level (store_commit); on failure it rolls back,
 * except that a failure before the function wrote anything inside a caller's transaction leaves
 * that transaction usable (a stale version or a missing record undoes nothing). Returns rc, or
 * the commit's error. */
int sql_begin(store *s, unsigned long *mark, struct mapo_error *err);
int sql_end(store *s, int rc, unsigned long mark, struct mapo_error *err);

/* Maps a SQLite result code to a mapo_err and fills err with a translated, SQL-free message for
 * it. Unique and primary key violations are MAPO_EEXIST, other constraints MAPO_EINVAL, the rest
 * MAPO_ESTORE (MAPO_EIO when the file cannot be opened). Callers that know what a constraint
 * means set their own message instead. */
int sql_error(store *s, int rc, struct mapo_error *err);

/* True when rc is a constraint failure of that extended kind, e.g. SQLITE_CONSTRAINT_UNIQUE. */
bool sql_is_constraint(int rc, int extended_kind);

/* Binding: text (NULL binds NULL), optional text ("" or NULL binds NULL), dates (DATE_NONE binds
 * NULL), integers. */
int sql_bind_text(sqlite3_stmt *st, int i, const char *v);
int sql_bind_opt_text(sqlite3_stmt *st, int i, const char *v);
int sql_bind_date(sqlite3_stmt *st, int i, mapo_date d);
int sql_bind_int64(sqlite3_stmt *st, int i, int64_t v);

/* Reading a column: text into a fixed buffer (NULL gives "", longer text is cut at a character
 * boundary), a date (NULL or not a date gives DATE_NONE), text or "" (valid until the next
 * step). */
void sql_column_copy(sqlite3_stmt *st, int i, char *out, size_t size);
mapo_date sql_column_date(sqlite3_stmt *st, int i);
const char *sql_column_str(sqlite3_stmt *st, int i);

/* store_tally's statement for the six totals without dimensions or filter (?1 from, ?2 to, as
 * YYYY-MM-DD): exposed so that a test can check its plan reads covering indexes only. */
extern const char sql_tally_totals[];
/* Appends store_tally's statement for q to out (?1 from, ?2 to, then the filter's parameters);
 * true when it is sql_tally_totals. For tests of the plans and for comparing with the shell. */
bool sql_tally_statement(const struct tally_query *q, struct buf *out);

/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ, for created_at-like columns. */
#define SQL_TIMESTAMP_LEN 21
void sql_timestamp(char out[SQL_TIMESTAMP_LEN]);

#endif
