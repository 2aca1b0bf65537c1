/* sqlite_internal.h: the SQLite-only helpers of the area files not yet on sql.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

static int map_rc(int rc)
{
	switch (rc) {
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

int sql_stmt(store *s, const char *sql, sqlite3_stmt **st, struct mapo_error *err)
{
	*st = NULL;
	if (!s->db)
		return mapo_error_set(err, MAPO_ESTORE, "%s",
			_("this part of mapo is not available on PostgreSQL in this version"));
	for (size_t i = 0; i < s->nlegacy; i++) {
		if (s->legacy[i].sql == sql) {
			*st = s->legacy[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return 0;
		}
	}
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return sql_error(s, rc, err);
	}
	ALLOC_GROW(s->legacy, s->nlegacy + 1, s->alloc_legacy);
	s->legacy[s->nlegacy].sql = sql;
	s->legacy[s->nlegacy].st = *st;
	s->nlegacy++;
	return 0;
}

int sql_step_write(store *s, sqlite3_stmt *st)
{
	if (s->fail_after && --s->fail_after == 0) {
		if (s->debug)
			fprintf(stderr, "mapo: sqlite: injected write failure\n");
		return SQLITE_FULL;
	}
	return sqlite3_step(st);
}

int sql_exec_write(store *s, sqlite3_stmt *st, struct mapo_error *err)
{
	int rc;
	while ((rc = sql_step_write(s, st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		int code = sql_error(s, rc, err);
		sqlite3_reset(st);
		return code;
	}
	sqlite3_reset(st);
	s->writes++;
	return 0;
}

bool sql_is_constraint(int rc, int extended_kind)
{
	return rc == extended_kind;
}

#undef sql_error
int lsql_error(store *s, int rc, struct mapo_error *err)
{
	if (!s || !s->db)
		return mapo_error_set(err, MAPO_ESTORE, "%s",
			_("this part of mapo is not available on PostgreSQL in this version"));
	if (s->debug && rc != SQLITE_FULL)
		fprintf(stderr, "mapo: sqlite: %s (%d)\n", sqlite3_errmsg(s->db), rc);
	return sql_error(s, map_rc(rc), err);
}

int sql_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int sql_bind_opt_text(sqlite3_stmt *st, int i, const char *v)
{
	return v && *v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int sql_bind_date(sqlite3_stmt *st, int i, mapo_date d)
{
	if (d == DATE_NONE)
		return sqlite3_bind_null(st, i);
	char s[DATE_STRLEN];
	date_format(d, s);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int sql_bind_int64(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

void sql_column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	size_t n = v ? strlen(v) : 0;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)v[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, v, n);
	out[n] = '\0';
}

mapo_date sql_column_date(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	mapo_date d;
	if (!v || date_parse(v, &d))
		return DATE_NONE;
	return d;
}

const char *sql_column_str(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return v ? v : "";
}
