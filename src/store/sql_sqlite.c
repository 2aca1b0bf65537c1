/* The SQLite backend of the SQL layer (sql.h): the embedded default. The connection's settings
 * and the reasons for them: docs/internals/store.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <utf8proc.h>

#include "store/sql.h"

static int map_rc(int rc)
{
	switch (rc) {
	case SQLITE_OK:
		return SQL_OK;
	case SQLITE_ROW:
		return SQL_ROW;
	case SQLITE_DONE:
		return SQL_DONE;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return SQL_EUNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return SQL_EFOREIGN;
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return SQL_ECONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SQL_EBUSY;
	case SQLITE_FULL:
		return SQL_EFULL;
	case SQLITE_READONLY:
		return SQL_EREADONLY;
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return SQL_ECANTOPEN;
	case SQLITE_IOERR:
		return SQL_EIO;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return SQL_ECORRUPT;
	case SQLITE_NOMEM:
		return SQL_ENOMEM;
	default:
		return SQL_EERROR;
	}
}

static int lite_prepare(store *s, const char *sql, void **impl)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	*impl = st;
	return map_rc(rc);
}

static void lite_finalize(void *impl)
{
	sqlite3_finalize(impl);
}

static void lite_reset(void *impl)
{
	sqlite3_reset(impl);
	sqlite3_clear_bindings(impl);
}

/* Binding a parameter the statement does not have fails with SQLITE_RANGE, which is what "a
 * parameter the statement does not use is ignored" needs. */
static int lite_bind_text(void *impl, int i, const char *v)
{
	return v ? sqlite3_bind_text(impl, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(impl, i);
}

static int lite_bind_int64(void *impl, int i, int64_t v)
{
	return sqlite3_bind_int64(impl, i, v);
}

static int lite_bind_double(void *impl, int i, double v)
{
	return sqlite3_bind_double(impl, i, v);
}

static int lite_bind_blob(void *impl, int i, const void *v, size_t n)
{
	return sqlite3_bind_blob64(impl, i, n ? v : "", n, SQLITE_TRANSIENT);
}

static int lite_step(store *s, void *impl, bool write)
{
	int rc = map_rc(sqlite3_step(impl));
	if (rc == SQL_DONE && write)
		s->changes = sqlite3_changes64(s->db);
	return rc;
}

static const char *lite_column_text(void *impl, int i)
{
	return (const char *)sqlite3_column_text(impl, i);
}

static int64_t lite_column_int64(void *impl, int i)
{
	return sqlite3_column_int64(impl, i);
}

static double lite_column_double(void *impl, int i)
{
	return sqlite3_column_double(impl, i);
}

static const void *lite_column_blob(void *impl, int i, size_t *n)
{
	const void *v = sqlite3_column_blob(impl, i);
	*n = (size_t)sqlite3_column_bytes(impl, i);
	return v;
}

static bool lite_column_null(void *impl, int i)
{
	return sqlite3_column_type(impl, i) == SQLITE_NULL;
}

static int lite_column_count(void *impl)
{
	return sqlite3_column_count(impl);
}

static const char *lite_column_name(void *impl, int i)
{
	return sqlite3_column_name(impl, i);
}

static int lite_column_type(void *impl, int i)
{
	switch (sqlite3_column_type(impl, i)) {
	case SQLITE_INTEGER:
		return SQL_INTEGER;
	case SQLITE_FLOAT:
		return SQL_FLOAT;
	case SQLITE_TEXT:
		return SQL_TEXT;
	case SQLITE_BLOB:
		return SQL_BLOB;
	default:
		return SQL_NULL;
	}
}

static int lite_exec(store *s, const char *sql)
{
	return map_rc(sqlite3_exec(s->db, sql, NULL, NULL, NULL));
}

/* IMMEDIATE takes the write lock now: a writer never has to upgrade a read lock later, which WAL
 * cannot do once another writer committed (SQLITE_BUSY_SNAPSHOT). */
static int lite_begin(store *s)
{
	return lite_exec(s, "BEGIN IMMEDIATE");
}

/* DEFERRED: the snapshot is taken at the first read and kept until the end (WAL), without the
 * write lock, so writers go on meanwhile. */
static int lite_begin_read(store *s)
{
	return lite_exec(s, "BEGIN DEFERRED");
}

static int lite_commit(store *s)
{
	int rc = lite_exec(s, "COMMIT");
	if (rc && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void lite_rollback(store *s)
{
	/* SQLite may have rolled back by itself already (a full disk, an I/O error). */
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static bool lite_in_transaction(store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

static int lite_tables(store *s, bool *has_migrations, bool *has_others)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db,
		"SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
		"name = 'schema_migrations'), (SELECT count(*) FROM sqlite_master WHERE "
		"type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\')",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*has_migrations = sqlite3_column_int(st, 0) > 0;
		*has_others = sqlite3_column_int(st, 1) > 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return map_rc(rc);
}

static int lite_migration_sql(store *s, const char *sql, struct buf *out)
{
	(void)s;
	buf_addstr(out, sql);
	return 0;
}

static const char *lite_errmsg(store *s)
{
	return s->db ? sqlite3_errmsg(s->db) : "";
}

static void lite_close(store *s)
{
	sqlite3_close(s->db);
	s->db = NULL;
}

static const struct sql_backend sqlite_backend = {
	.name = "sqlite",
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.reset = lite_reset,
	.bind_text = lite_bind_text,
	.bind_int64 = lite_bind_int64,
	.bind_double = lite_bind_double,
	.bind_blob = lite_bind_blob,
	.step = lite_step,
	.column_text = lite_column_text,
	.column_int64 = lite_column_int64,
	.column_double = lite_column_double,
	.column_blob = lite_column_blob,
	.column_null = lite_column_null,
	.exec = lite_exec,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.in_transaction = lite_in_transaction,
	.tables = lite_tables,
	.migration_sql = lite_migration_sql,
	.errmsg = lite_errmsg,
	.close = lite_close,
	.column_count = lite_column_count,
	.column_name = lite_column_name,
	.column_type = lite_column_type,
	.begin_read = lite_begin_read,
};

/* ---- text search ---------------------------------------------------------------------------- */

/* s case-folded and normalised (NFC), newly allocated by utf8proc (free()), or NULL when s is
 * not valid UTF-8. */
static char *fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
		UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return NULL;
	return (char *)out;
}

/* SQL function mapo_icontains(text, needle): 1 when needle occurs in text, ignoring case (Unicode
 * case folding), else 0. The folded needle is kept between rows. */
static void icontains_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *hay = (const char *)sqlite3_value_text(argv[0]);
	const char *needle = (const char *)sqlite3_value_text(argv[1]);
	if (!hay || !needle) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	char *fneedle = sqlite3_get_auxdata(ctx, 1);
	bool fresh = false;
	if (!fneedle) {
		fneedle = fold(needle);
		if (!fneedle) {
			sqlite3_result_int(ctx, 0);
			return;
		}
		fresh = true;
	}
	char *fhay = fold(hay);
	sqlite3_result_int(ctx, fhay && strstr(fhay, fneedle) != NULL);
	free(fhay);
	/* Handed over last: SQLite may free it at once when it cannot keep it. */
	if (fresh)
		sqlite3_set_auxdata(ctx, 1, fneedle, free);
}

int sql_sqlite_open(store *s, const char *path, struct mapo_error *err)
{
	s->be = &sqlite_backend;
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = sql_error(s, map_rc(rc), NULL);
		return mapo_error_set(err, rc, _("cannot open the database '%s'"), path);
	}
	sqlite3_extended_result_codes(s->db, 1);
	if ((rc = sql_exec(s, "PRAGMA busy_timeout = 5000", err)))
		return rc;

	/* WAL for readers beside a writer; :memory: databases stay in "memory" mode. Reading the
	 * journal mode is also the first read of the file, so a file that is not a database fails
	 * here rather than later. */
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			rc = SQLITE_OK;
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_OK) {
		rc = sql_error(s, map_rc(rc), NULL);
		return mapo_error_set(err, rc, _("cannot open the database '%s': not a database, or damaged"),
			path);
	}
	if ((rc = sql_exec(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", err)))
		return rc;
	rc = sqlite3_create_function(s->db, "mapo_icontains", 2,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, icontains_fn, NULL, NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, map_rc(rc), err);
	return 0;
}
