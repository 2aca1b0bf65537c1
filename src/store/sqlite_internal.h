/* The SQLite-only helpers of the first store files, kept for the area files not yet written
 * against the backend-neutral layer (sql.h): sqlite_council.c, sqlite_protection.c and
 * sqlite_plan.c. They call the sqlite3 API on s->db, so on PostgreSQL (s->db is NULL) their
 * functions fail with "not available on PostgreSQL in this version". New code uses sql.h; this
 * header goes when the last of those files is converted. Nothing outside src/store includes it.
 *
 * The names are sql.h's, renamed to lsql_* by the macros below, so that a file includes either
 * this header or sql.h, never both. sql_begin, sql_end and sql_timestamp are sql.h's own. */
#ifndef MAPO_STORE_SQLITE_INTERNAL_H
#define MAPO_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/sql.h"

#define sql_stmt lsql_stmt
#define sql_step_write lsql_step_write
#define sql_exec_write lsql_exec_write
#define sql_error lsql_error
#define sql_is_constraint lsql_is_constraint
#define sql_bind_text lsql_bind_text
#define sql_bind_opt_text lsql_bind_opt_text
#define sql_bind_date lsql_bind_date
#define sql_bind_int64 lsql_bind_int64
#define sql_column_copy lsql_column_copy
#define sql_column_date lsql_column_date
#define sql_column_str lsql_column_str

/* A prepared statement for sql, which must be a string literal (or live as long as s): prepared
 * once, then reset and unbound at each call. The statement stays owned by the cache; a caller
 * that stops reading before SQLITE_DONE calls sqlite3_reset on it. On PostgreSQL: MAPO_ESTORE,
 * "not available on PostgreSQL in this version". */
int sql_stmt(store *s, const char *sql, sqlite3_stmt **st, struct mapo_error *err);

/* sqlite3_step for a statement that writes, through the fault seam (store_fail_after): returns
 * SQLITE_FULL without running it when the seam says so. */
int sql_step_write(store *s, sqlite3_stmt *st);

/* Runs a writing statement to its end and resets it; 0 or the mapped error (sql_error). */
int sql_exec_write(store *s, sqlite3_stmt *st, struct mapo_error *err);

/* Maps a SQLite result code to a mapo_err and fills err with a translated, SQL-free message. */
int sql_error(store *s, int rc, struct mapo_error *err);

/* True when rc is a constraint failure of that extended kind, e.g. SQLITE_CONSTRAINT_UNIQUE. */
bool sql_is_constraint(int rc, int extended_kind);

int sql_bind_text(sqlite3_stmt *st, int i, const char *v);
int sql_bind_opt_text(sqlite3_stmt *st, int i, const char *v);
int sql_bind_date(sqlite3_stmt *st, int i, mapo_date d);
int sql_bind_int64(sqlite3_stmt *st, int i, int64_t v);

void sql_column_copy(sqlite3_stmt *st, int i, char *out, size_t size);
mapo_date sql_column_date(sqlite3_stmt *st, int i);
const char *sql_column_str(sqlite3_stmt *st, int i);

#endif
