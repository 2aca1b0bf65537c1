/* The backend-neutral SQL layer (sql.h): opening a store on the right backend, the statement
 * cache, transactions, the fault seam and the mapping of failures to mapo's errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/sql.h"

/* Past this many statements the least recently used idle one is finalised, so that statements
 * built at run time (listings with their filters) cannot grow the cache without bound. */
#define SQL_CACHE_MAX 256

struct stmt {
	store *s;
	char *sql;
	uint64_t hash;
	void *impl;
	bool lent;    /* handed out by sql_stmt, not yet given back */
	bool started; /* stepped since it was handed out */
	unsigned long used;
};

/* ---- opening -------------------------------------------------------------------------------- */

static bool is_pg_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

/* url without its password, for messages. */
static char *display_url(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
	if (!at || !colon || colon > at)
		return xstrdup(url);
	struct buf b = BUF_INIT;
	buf_add(&b, url, (size_t)(colon - url));
	buf_addstr(&b, at);
	return buf_detach(&b);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The test seam for running the suites on PostgreSQL (tests/pg): with MAPO_TEST_PG set to a
 * server's base URL, a file path opens a database of that server named after the file, created
 * afresh when the file does not exist (the file then records the name), and ":memory:" a new
 * database each time. Sets *pg_url (caller frees) or leaves it NULL when the seam is off. */
static int test_pg_redirect(const char *path, char **pg_url, struct mapo_error *err)
{
	static unsigned long memories;
	const char *base = getenv("MAPO_TEST_PG");
	*pg_url = NULL;
	if (!base || !*base)
		return 0;
	char name[64];
	bool fresh = true;
	if (!strcmp(path, ":memory:") || !*path) {
		snprintf(name, sizeof(name), "m_%ld_%lu_%ld", (long)getpid(), ++memories, (long)time(NULL));
	} else {
		char dir[4096], full[8192], cwd[4096];
		const char *slash = strrchr(path, '/');
		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
		struct stat sb;
		if (dir[0] && (stat(dir, &sb) || !S_ISDIR(sb.st_mode)))
			return mapo_error_set(err, MAPO_EIO, _("cannot open the database '%s'"), path);
		if (path[0] == '/')
			snprintf(full, sizeof(full), "%s", path);
		else if (getcwd(cwd, sizeof(cwd)))
			snprintf(full, sizeof(full), "%s/%s", cwd, path);
		else
			return mapo_error_set(err, MAPO_EIO, _("cannot open the database '%s'"), path);
		snprintf(name, sizeof(name), "f_%016llx", (unsigned long long)fnv1a(full));
		FILE *f = fopen(path, "r");
		if (f) {
			char line[128] = "";
			size_t n = fread(line, 1, sizeof(line) - 1, f);
			fclose(f);
			line[n] = '\0';
			if (n > 0 && strncmp(line, "mapo-pg-test ", 13))
				return mapo_error_set(err, MAPO_ESTORE,
					_("cannot open the database '%s': not a database, or damaged"), path);
			fresh = n == 0;
		}
		if (fresh) {
			f = fopen(path, "w");
			if (!f)
				return mapo_error_set(err, MAPO_EIO, _("cannot open the database '%s'"), path);
			fprintf(f, "mapo-pg-test %s\n", name);
			fclose(f);
		}
	}
	struct buf url = BUF_INIT;
	buf_printf(&url, "%s/%s", base, name);
	if (fresh) {
		store *admin = NULL;
		struct buf sql = BUF_INIT;
		char *admin_url = NULL;
		struct buf au = BUF_INIT;
		buf_printf(&au, "%s/postgres", base);
		admin_url = buf_detach(&au);
		int rc = store_open(&admin, admin_url, err);
		if (!rc) {
			buf_printf(&sql, "DROP DATABASE IF EXISTS %s", name);
			rc = sql_exec(admin, buf_str(&sql), err);
		}
		if (!rc) {
			buf_reset(&sql);
			buf_printf(&sql, "CREATE DATABASE %s", name);
			rc = sql_exec(admin, buf_str(&sql), err);
		}
		store_free(admin);
		buf_release(&sql);
		free(admin_url);
		if (rc) {
			buf_release(&url);
			return rc;
		}
	}
	*pg_url = buf_detach(&url);
	return 0;
}

int store_open(store **out, const char *url, struct mapo_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("no database given"));
	char *pg_url = NULL;
	int rc = 0;
	if (!is_pg_url(url) && (rc = test_pg_redirect(url, &pg_url, err)))
		return rc;

	store *s = xcalloc(1, sizeof(*s));
	s->path = display_url(url);
	const char *debug = getenv("MAPO_DEBUG_SQL");
	s->debug = debug && *debug && strcmp(debug, "0");
	if (pg_url)
		rc = sql_pg_open(s, pg_url, err);
	else if (is_pg_url(url))
		rc = sql_pg_open(s, url, err);
	else
		rc = sql_sqlite_open(s, url, err);
	free(pg_url);
	if (rc) {
		store_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void store_free(store *s)
{
	if (!s)
		return;
	if (s->be && s->depth > 0 && !s->aborted)
		s->be->rollback(s);
	sql_bulk_free(s);
	for (size_t i = 0; i < s->ncache; i++) {
		s->be->finalize(s->cache[i]->impl);
		free(s->cache[i]->sql);
		free(s->cache[i]);
	}
	free(s->cache);
	if (s->be)
		s->be->close(s);
	free(s->path);
	free(s);
}

bool sql_is_pg(const store *s)
{
	return s->db == NULL;
}

bool store_supports(store *s, const char *area)
{
	static const char *const sqlite_only[] = {NULL}; /* every area is on the SQL layer now */
	if (!sql_is_pg(s))
		return true;
	for (size_t i = 0; sqlite_only[i]; i++)
		if (!strcmp(area, sqlite_only[i]))
			return false;
	return true;
}

/* ---- statements ----------------------------------------------------------------------------- */

static void evict(store *s)
{
	size_t victim = s->ncache;
	for (size_t i = 0; i < s->ncache; i++)
		if (!s->cache[i]->lent && (victim == s->ncache || s->cache[i]->used < s->cache[victim]->used))
			victim = i;
	if (victim == s->ncache)
		return;
	stmt *st = s->cache[victim];
	s->be->finalize(st->impl);
	free(st->sql);
	free(st);
	memmove(&s->cache[victim], &s->cache[victim + 1], (s->ncache - victim - 1) * sizeof(*s->cache));
	s->ncache--;
}

int sql_stmt(store *s, const char *sql, stmt **out, struct mapo_error *err)
{
	uint64_t h = fnv1a(sql);
	*out = NULL;
	if (s->bulk) {
		int rc = sql_bulk_flush(s, err);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < s->ncache; i++) {
		stmt *st = s->cache[i];
		if (st->hash == h && !st->lent && !strcmp(st->sql, sql)) {
			st->lent = true;
			st->started = false;
			st->used = ++s->tick;
			*out = st;
			return 0;
		}
	}
	void *impl = NULL;
	int rc = s->be->prepare(s, sql, &impl);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		return sql_error(s, rc, err);
	}
	if (s->ncache >= SQL_CACHE_MAX)
		evict(s);
	stmt *st = xcalloc(1, sizeof(*st));
	st->s = s;
	st->sql = xstrdup(sql);
	st->hash = h;
	st->impl = impl;
	st->lent = true;
	st->used = ++s->tick;
	ALLOC_GROW(s->cache, s->ncache + 1, s->alloc_cache);
	s->cache[s->ncache++] = st;
	*out = st;
	return 0;
}

void sql_reset(stmt *st)
{
	if (!st || !st->lent)
		return;
	st->s->be->reset(st->impl);
	st->lent = false;
	st->started = false;
}

static int step(stmt *st, bool write)
{
	store *s = st->s;
	st->started = true;
	int rc = s->be->step(s, st->impl, write);
	if (rc == SQL_ROW)
		return rc;
	if (rc != SQL_DONE) {
		s->last_rc = rc;
		if (s->debug && rc != SQL_EFULL)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
	}
	sql_reset(st);
	return rc;
}

int sql_step(stmt *st)
{
	return step(st, false);
}

int sql_step_write(store *s, stmt *st)
{
	if (!st->started && s->fail_after && --s->fail_after == 0) {
		if (s->debug)
			fprintf(stderr, "mapo: %s: injected write failure\n", s->be->name);
		s->last_rc = SQL_EFULL;
		sql_reset(st);
		return SQL_EFULL;
	}
	return step(st, true);
}

int sql_exec_write(store *s, stmt *st, struct mapo_error *err)
{
	int rc;
	while ((rc = sql_step_write(s, st)) == SQL_ROW)
		;
	if (rc != SQL_DONE)
		return sql_error(s, rc, err);
	s->writes++;
	return 0;
}

int sql_exec_write_id(store *s, stmt *st, int64_t *id, struct mapo_error *err)
{
	int rc;
	bool got = false;
	while ((rc = sql_step_write(s, st)) == SQL_ROW) {
		if (!got)
			*id = sql_column_int64(st, 0);
		got = true;
	}
	if (rc != SQL_DONE)
		return sql_error(s, rc, err);
	s->writes++;
	if (!got)
		return sql_error(s, SQL_EERROR, err);
	return 0;
}

int sql_rows_stop(stmt *st, int stop)
{
	sql_reset(st);
	return stop;
}

int sql_rows_end(store *s, int rc, struct mapo_error *err)
{
	return rc == SQL_DONE ? 0 : sql_error(s, rc, err);
}

int sql_read_row(store *s, stmt *st, struct mapo_error *err)
{
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		return 0;
	if (rc == SQL_DONE)
		return MAPO_ENOTFOUND;
	return sql_error(s, rc, err);
}

int64_t sql_changes(store *s)
{
	return s->changes;
}

int sql_last_error(store *s)
{
	return s->last_rc;
}

int sql_exec(store *s, const char *sql, struct mapo_error *err)
{
	int rc = s->be->exec(s, sql);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		return sql_error(s, rc, err);
	}
	return 0;
}

/* ---- binding and reading -------------------------------------------------------------------- */

void sql_bind_text(stmt *st, int i, const char *v)
{
	st->s->be->bind_text(st->impl, i, v);
}

void sql_bind_opt_text(stmt *st, int i, const char *v)
{
	st->s->be->bind_text(st->impl, i, v && *v ? v : NULL);
}

void sql_bind_date(stmt *st, int i, mapo_date d)
{
	if (d == DATE_NONE) {
		st->s->be->bind_text(st->impl, i, NULL);
		return;
	}
	char s[DATE_STRLEN];
	date_format(d, s);
	st->s->be->bind_text(st->impl, i, s);
}

void sql_bind_int64(stmt *st, int i, int64_t v)
{
	st->s->be->bind_int64(st->impl, i, v);
}

void sql_bind_double(stmt *st, int i, double v)
{
	st->s->be->bind_double(st->impl, i, v);
}

void sql_bind_blob(stmt *st, int i, const void *v, size_t n)
{
	st->s->be->bind_blob(st->impl, i, v, n);
}

void sql_bind_null(stmt *st, int i)
{
	st->s->be->bind_text(st->impl, i, NULL);
}

void sql_column_copy(stmt *st, int i, char *out, size_t size)
{
	const char *v = st->s->be->column_text(st->impl, i);
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

mapo_date sql_column_date(stmt *st, int i)
{
	const char *v = st->s->be->column_text(st->impl, i);
	mapo_date d;
	if (!v || date_parse(v, &d))
		return DATE_NONE;
	return d;
}

const char *sql_column_str(stmt *st, int i)
{
	const char *v = st->s->be->column_text(st->impl, i);
	return v ? v : "";
}

int64_t sql_column_int64(stmt *st, int i)
{
	return st->s->be->column_int64(st->impl, i);
}

int sql_column_int(stmt *st, int i)
{
	return (int)st->s->be->column_int64(st->impl, i);
}

double sql_column_double(stmt *st, int i)
{
	return st->s->be->column_double(st->impl, i);
}

bool sql_column_null(stmt *st, int i)
{
	return st->s->be->column_null(st->impl, i);
}

const void *sql_column_blob(stmt *st, int i, size_t *n)
{
	return st->s->be->column_blob(st->impl, i, n);
}

int sql_column_count(stmt *st)
{
	return st->s->be->column_count(st->impl);
}

const char *sql_column_name(stmt *st, int i)
{
	const char *n = st->s->be->column_name(st->impl, i);
	return n ? n : "";
}

enum sql_type sql_column_type(stmt *st, int i)
{
	return (enum sql_type)st->s->be->column_type(st->impl, i);
}

int sql_read_begin(store *s, struct mapo_error *err)
{
	if (s->depth > 0 || s->be->in_transaction(s))
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("a transaction is open already"));
	int rc = s->be->begin_read(s);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		return sql_error(s, rc, err);
	}
	return 0;
}

void sql_read_end(store *s)
{
	if (s->depth == 0 && s->be->in_transaction(s))
		s->be->rollback(s);
}

void sql_timestamp(char out[SQL_TIMESTAMP_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(out, SQL_TIMESTAMP_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, SQL_TIMESTAMP_LEN, "1970-01-01T00:00:00Z");
}

/* ---- errors --------------------------------------------------------------------------------- */

int sql_error(store *s, int rc, struct mapo_error *err)
{
	(void)s;
	switch (rc) {
	case SQL_EUNIQUE:
		return mapo_error_set(err, MAPO_EEXIST, "%s", _("the record exists already"));
	case SQL_EFOREIGN:
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("a code or record referred to does not exist, or the record is still in use"));
	case SQL_ECONSTRAINT:
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("a field is missing or out of range"));
	case SQL_EBUSY:
		return mapo_error_set(err, MAPO_ESTORE, "%s",
			_("the database is busy: another program is writing to it"));
	case SQL_ESERIAL:
		return mapo_error_set(err, MAPO_ECONFLICT, "%s",
			_("another change was made at the same time: try again"));
	case SQL_EFULL:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the disk is full"));
	case SQL_EREADONLY:
		return mapo_error_set(err, MAPO_EIO, "%s", _("the database is read-only"));
	case SQL_ECANTOPEN:
		return mapo_error_set(err, MAPO_EIO, "%s", _("cannot open the database file"));
	case SQL_EIO:
		return mapo_error_set(err, MAPO_EIO, "%s", _("the database file could not be read or written"));
	case SQL_ECORRUPT:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the database file is damaged or not a database"));
	case SQL_ENOMEM:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("out of memory"));
	case SQL_ECONNECT:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the database server cannot be reached"));
	default:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the database failed"));
	}
}

/* ---- transactions --------------------------------------------------------------------------- */

int store_begin(store *s, struct mapo_error *err)
{
	if (s->depth > 0) {
		if (s->aborted)
			return mapo_error_set(err, MAPO_ESTORE, "%s",
				_("the transaction was rolled back after an error"));
		s->depth++;
		return 0;
	}
	int rc = s->be->begin(s);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		return sql_error(s, rc, err);
	}
	s->depth = 1;
	s->aborted = false;
	return 0;
}

int store_commit(store *s, struct mapo_error *err)
{
	if (s->depth <= 0)
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("no transaction is open"));
	if (--s->depth > 0)
		return s->aborted ? mapo_error_set(err, MAPO_ESTORE, "%s",
					    _("the transaction was rolled back after an error"))
				  : 0;
	if (s->aborted) {
		s->aborted = false;
		sql_bulk_free(s);
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the transaction was rolled back after an error"));
	}
	int rc = s->bulk ? sql_bulk_flush(s, err) : 0;
	sql_bulk_free(s);
	if (rc) {
		s->be->rollback(s);
		return rc;
	}
	rc = s->be->commit(s);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		return sql_error(s, rc, err);
	}
	return 0;
}

void store_rollback(store *s)
{
	if (s->depth <= 0)
		return;
	if (!s->aborted) {
		s->be->rollback(s);
		s->aborted = true;
	}
	sql_bulk_free(s);
	if (--s->depth == 0)
		s->aborted = false;
}

int sql_begin(store *s, unsigned long *mark, struct mapo_error *err)
{
	*mark = s->writes;
	return store_begin(s, err);
}

int sql_end(store *s, int rc, unsigned long mark, struct mapo_error *err)
{
	if (!rc)
		return store_commit(s, err);
	/* A statement that failed inside a caller's transaction undid only itself (SQLite does so
	 * by itself; the PostgreSQL backend runs such statements under a savepoint). */
	if (s->writes == mark && s->depth > 1 && !s->aborted && s->be->in_transaction(s))
		s->depth--; /* nothing of ours to undo: the caller's transaction stays usable */
	else
		store_rollback(s);
	return rc;
}

void store_fail_after(store *s, unsigned long n)
{
	s->fail_after = n;
}
