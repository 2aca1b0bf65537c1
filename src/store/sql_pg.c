/* The PostgreSQL backend of the SQL layer (sql.h), through libpq: server mode. One connection
 * per store handle. The dialect rules (placeholders, the migrations' spelling, transactions as
 * one writer at a time): docs/internals/store.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/sql.h"
#include "util/dynlib.h"

/* libpq, loaded with the first PostgreSQL connection (util/dynlib.h): a command on a SQLite file
 * does not pay for it and OpenSSL, Kerberos and LDAP at start-up. Calls go through pq. */
#define PQ_FUNCS(X) X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconnectdb) X(PQerrorMessage) X(PQexec) \
	X(PQexecPrepared) X(PQfinish) X(PQfname) X(PQfreemem) X(PQftype) X(PQgetisnull) X(PQgetvalue) X(PQnfields) \
	X(PQntuples) X(PQprepare) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus) \
	X(PQserverVersion) X(PQsetNoticeProcessor) X(PQstatus) X(PQtransactionStatus) X(PQunescapeBytea)
static struct {
	PQ_FUNCS(DYNLIB_MEMBER)
} pq;
#define PQ_SYM(f) {#f, (void **)&pq.f},
static const struct dynlib_sym pq_syms[] = {PQ_FUNCS(PQ_SYM)};
static struct dynlib pq_lib = DYNLIB_INIT("libpq.so.5", pq_syms);

/* The advisory lock every write transaction takes: writers run one at a time, as on SQLite, so
 * that the store's read-then-write steps (the version check, the next reference, the audit
 * chain's next link) mean the same on both backends. Readers never wait for it. */
#define PG_WRITE_LOCK "7163803520"

struct pg {
	PGconn *conn;
	unsigned long nstmt; /* names of prepared statements */
	char *msg;           /* the last error message */
};

struct pg_stmt {
	store *s;
	char name[24];
	int nparams;     /* after renumbering: $1..$nparams */
	int *map;        /* map[N]: the $ number of ?N, 0 when the statement does not use it */
	int maxn;
	char **values;
	int *lengths;
	int *formats;
	PGresult *res;
	int row, nrows;
	unsigned char **blobs; /* decoded bytea of the current row, freed at the next step */
	size_t nblobs, alloc_blobs;
};

static struct pg *pg_of(store *s)
{
	return s->conn;
}

static void set_msg(store *s, const char *m)
{
	struct pg *pg = pg_of(s);
	free(pg->msg);
	pg->msg = xstrdup(m ? m : "");
	size_t n = strlen(pg->msg);
	while (n && (pg->msg[n - 1] == '\n' || pg->msg[n - 1] == ' '))
		pg->msg[--n] = '\0';
}

/* Maps a SQLSTATE to an sql_rc. */
static int map_state(const char *state)
{
	if (!state || strlen(state) != 5)
		return SQL_EERROR;
	if (!strcmp(state, "23505"))
		return SQL_EUNIQUE;
	if (!strcmp(state, "23503"))
		return SQL_EFOREIGN;
	if (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))
		return SQL_ECONSTRAINT;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return SQL_ESERIAL;
	if (!strcmp(state, "55P03") || !strcmp(state, "57014"))
		return SQL_EBUSY;
	if (!strcmp(state, "53100"))
		return SQL_EFULL;
	if (!strcmp(state, "53200"))
		return SQL_ENOMEM;
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
		return SQL_ECONNECT;
	if (!strcmp(state, "25006"))
		return SQL_EREADONLY;
	if (!strncmp(state, "58", 2))
		return SQL_EIO;
	return SQL_EERROR;
}

/* Checks a result: SQL_OK, or the failure with its message kept. Clears res on failure. */
static int result_rc(store *s, PGresult *res)
{
	ExecStatusType st = res ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return SQL_OK;
	int rc;
	if (!res) {
		set_msg(s, pq.PQerrorMessage(pg_of(s)->conn));
		rc = pq.PQstatus(pg_of(s)->conn) == CONNECTION_BAD ? SQL_ECONNECT : SQL_ENOMEM;
	} else {
		set_msg(s, pq.PQresultErrorMessage(res));
		rc = map_state(pq.PQresultErrorField(res, PG_DIAG_SQLSTATE));
		if (rc == SQL_EERROR && pq.PQstatus(pg_of(s)->conn) == CONNECTION_BAD)
			rc = SQL_ECONNECT;
	}
	pq.PQclear(res);
	return rc;
}

static int pg_exec(store *s, const char *sql)
{
	PGresult *res = pq.PQexec(pg_of(s)->conn, sql);
	int rc = result_rc(s, res);
	if (!rc)
		pq.PQclear(res);
	return rc;
}

/* ---- the dialect ---------------------------------------------------------------------------- */

/* Copies sql to out with ?N and ? turned into $N, numbered densely in the order of N (PostgreSQL
 * cannot type a parameter the text never names), skipping quoted text. SQLite's planner hint
 * "CROSS JOIN t ON" becomes a plain JOIN; mapo_icontains is the session's own function. */
static void rewrite(const char *sql, struct buf *out, int **map, int *maxn, int *nparams)
{
	/* first pass: which numbers are used */
	int max = 0, next = 0;
	bool used[1000] = {false};
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p && *p != q; p++)
				;
			if (!*p)
				break;
		} else if (*p == '?') {
			int n = 0;
			if (isdigit((unsigned char)p[1])) {
				for (const char *d = p + 1; isdigit((unsigned char)*d) && n < 1000; d++)
					n = n * 10 + (*d - '0');
			} else {
				n = next + 1;
			}
			if (n <= 0 || n >= 1000)
				continue;
			used[n] = true;
			next = n > next ? n : next;
			max = n > max ? n : max;
		}
	}
	*maxn = max;
	*map = xcalloc((size_t)max + 1, sizeof(int));
	int k = 0;
	for (int n = 1; n <= max; n++)
		if (used[n])
			(*map)[n] = ++k;
	*nparams = k;

	next = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			const char *q = p;
			for (p++; *p && *p != *q; p++)
				;
			buf_add(out, q, (size_t)(p - q) + (*p ? 1 : 0));
			if (!*p)
				break;
		} else if (*p == '?') {
			int n = 0;
			if (isdigit((unsigned char)p[1])) {
				while (isdigit((unsigned char)p[1]) && n < 1000)
					n = n * 10 + (*++p - '0');
			} else {
				n = next + 1;
			}
			next = n > next ? n : next;
			buf_printf(out, "$%d", n > 0 && n <= max ? (*map)[n] : 0);
		} else if (!strncmp(p, "CROSS JOIN ", 11)) {
			buf_addstr(out, "JOIN ");
			p += 10;
		} else if (!strncmp(p, "mapo_icontains(", 15) && (p == sql || !isalnum((unsigned char)p[-1]))) {
			buf_addstr(out, "pg_temp.mapo_icontains(");
			p += 14;
		} else {
			buf_addch(out, *p);
		}
	}
}

static bool word_at(const char *p, const char *start, const char *w)
{
	size_t n = strlen(w);
	return !strncmp(p, w, n) && (p == start || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		!(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* The migrations are written in SQLite's spelling; PostgreSQL's differs in the types only:
 * "id INTEGER PRIMARY KEY" (SQLite's generated id) is an identity column, INTEGER (64 bits in
 * SQLite) is BIGINT, BLOB is BYTEA, REAL is DOUBLE PRECISION. */
static int pg_migration_sql(store *s, const char *sql, struct buf *out)
{
	(void)s;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') {
			const char *q = p;
			for (p++; *p && *p != '\''; p++)
				;
			buf_add(out, q, (size_t)(p - q) + (*p ? 1 : 0));
			if (!*p)
				break;
		} else if (*p == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			buf_addch(out, '\n');
			if (!*p)
				break;
		} else if (word_at(p, sql, "INTEGER PRIMARY KEY")) {
			/* the column's name: the word before */
			size_t len = out->len;
			const char *o = buf_str(out);
			while (len && (o[len - 1] == ' ' || o[len - 1] == '\t'))
				len--;
			bool is_id = len >= 2 && !strncmp(o + len - 2, "id", 2) &&
				(len == 2 || !(isalnum((unsigned char)o[len - 3]) || o[len - 3] == '_'));
			buf_addstr(out, is_id ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
					      : "BIGINT PRIMARY KEY");
			p += strlen("INTEGER PRIMARY KEY") - 1;
		} else if (word_at(p, sql, "INTEGER")) {
			buf_addstr(out, "BIGINT");
			p += 6;
		} else if (word_at(p, sql, "BLOB")) {
			buf_addstr(out, "BYTEA");
			p += 3;
		} else if (word_at(p, sql, "REAL")) {
			buf_addstr(out, "DOUBLE PRECISION");
			p += 3;
		} else {
			buf_addch(out, *p);
		}
	}
	return 0;
}

/* ---- statements ----------------------------------------------------------------------------- */

static void free_blobs(struct pg_stmt *ps)
{
	for (size_t i = 0; i < ps->nblobs; i++)
		pq.PQfreemem(ps->blobs[i]);
	ps->nblobs = 0;
}

static int pgs_prepare(store *s, const char *sql, void **impl)
{
	struct pg *pg = pg_of(s);
	struct pg_stmt *ps = xcalloc(1, sizeof(*ps));
	struct buf text = BUF_INIT;
	*impl = NULL;
	ps->s = s;
	rewrite(sql, &text, &ps->map, &ps->maxn, &ps->nparams);
	snprintf(ps->name, sizeof(ps->name), "m%lu", ++pg->nstmt);
	PGresult *res = pq.PQprepare(pg->conn, ps->name, buf_str(&text), 0, NULL);
	buf_release(&text);
	int rc = result_rc(s, res);
	if (rc) {
		free(ps->map);
		free(ps);
		return rc;
	}
	pq.PQclear(res);
	ps->values = xcalloc((size_t)ps->nparams + 1, sizeof(char *));
	ps->lengths = xcalloc((size_t)ps->nparams + 1, sizeof(int));
	ps->formats = xcalloc((size_t)ps->nparams + 1, sizeof(int));
	ps->row = -1;
	*impl = ps;
	return SQL_OK;
}

static void clear_binds(struct pg_stmt *ps)
{
	for (int i = 0; i < ps->nparams; i++) {
		free(ps->values[i]);
		ps->values[i] = NULL;
		ps->lengths[i] = 0;
		ps->formats[i] = 0;
	}
}

static void pgs_reset(void *impl)
{
	struct pg_stmt *ps = impl;
	pq.PQclear(ps->res);
	ps->res = NULL;
	ps->row = -1;
	ps->nrows = 0;
	free_blobs(ps);
	clear_binds(ps);
}

static void pgs_finalize(void *impl)
{
	struct pg_stmt *ps = impl;
	if (!ps)
		return;
	pgs_reset(ps);
	struct pg *pg = pg_of(ps->s);
	if (pg && pg->conn && pq.PQstatus(pg->conn) == CONNECTION_OK) {
		char sql[48];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", ps->name);
		pq.PQclear(pq.PQexec(pg->conn, sql));
	}
	free(ps->values);
	free(ps->lengths);
	free(ps->formats);
	free(ps->blobs);
	free(ps->map);
	free(ps);
}

/* The slot of ?i, or -1 when the statement does not use it. */
static int slot(struct pg_stmt *ps, int i)
{
	if (i <= 0 || i > ps->maxn || !ps->map[i])
		return -1;
	return ps->map[i] - 1;
}

static int pgs_bind_bytes(void *impl, int i, const char *v, size_t n, int format)
{
	struct pg_stmt *ps = impl;
	int k = slot(ps, i);
	if (k < 0)
		return 0;
	free(ps->values[k]);
	ps->values[k] = NULL;
	if (v) {
		ps->values[k] = xmalloc(n + 1);
		memcpy(ps->values[k], v, n);
		ps->values[k][n] = '\0';
	}
	ps->lengths[k] = (int)n;
	ps->formats[k] = format;
	return 0;
}

static int pgs_bind_text(void *impl, int i, const char *v)
{
	return pgs_bind_bytes(impl, i, v, v ? strlen(v) : 0, 0);
}

static int pgs_bind_int64(void *impl, int i, int64_t v)
{
	char n[24];
	snprintf(n, sizeof(n), "%lld", (long long)v);
	return pgs_bind_text(impl, i, n);
}

static int pgs_bind_double(void *impl, int i, double v)
{
	char n[32];
	snprintf(n, sizeof(n), "%.17g", v);
	return pgs_bind_text(impl, i, n);
}

static int pgs_bind_blob(void *impl, int i, const void *v, size_t n)
{
	return pgs_bind_bytes(impl, i, v ? v : "", n, 1);
}

/* Runs the statement at its first step; a write inside a caller's transaction runs under a
 * savepoint, so that its failure undoes only itself as it does on SQLite (PostgreSQL would
 * otherwise refuse everything until the whole transaction is rolled back). */
static int pgs_step(store *s, void *impl, bool write)
{
	struct pg_stmt *ps = impl;
	PGconn *conn = pg_of(s)->conn;
	free_blobs(ps);
	if (!ps->res) {
		bool savepoint = write && s->depth > 1;
		int rc;
		if (savepoint && (rc = pg_exec(s, "SAVEPOINT mapo_stmt")))
			return rc;
		PGresult *res = pq.PQexecPrepared(conn, ps->name, ps->nparams, (const char *const *)ps->values,
			ps->lengths, ps->formats, 0);
		if ((rc = result_rc(s, res))) {
			if (savepoint) {
				char *keep = xstrdup(pg_of(s)->msg);
				pg_exec(s, "ROLLBACK TO SAVEPOINT mapo_stmt; RELEASE SAVEPOINT mapo_stmt");
				set_msg(s, keep);
				free(keep);
			}
			return rc;
		}
		if (savepoint && (rc = pg_exec(s, "RELEASE SAVEPOINT mapo_stmt"))) {
			pq.PQclear(res);
			return rc;
		}
		ps->res = res;
		ps->nrows = pq.PQntuples(res);
		ps->row = -1;
		if (write) {
			const char *n = pq.PQcmdTuples(res);
			s->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		}
	}
	if (++ps->row < ps->nrows)
		return SQL_ROW;
	return SQL_DONE;
}

static bool pgs_column_null(void *impl, int i)
{
	struct pg_stmt *ps = impl;
	if (!ps->res || ps->row < 0 || ps->row >= ps->nrows || i < 0 || i >= pq.PQnfields(ps->res))
		return true;
	return pq.PQgetisnull(ps->res, ps->row, i);
}

static const char *pgs_column_text(void *impl, int i)
{
	struct pg_stmt *ps = impl;
	if (pgs_column_null(impl, i))
		return NULL;
	return pq.PQgetvalue(ps->res, ps->row, i);
}

static int64_t pgs_column_int64(void *impl, int i)
{
	const char *v = pgs_column_text(impl, i);
	if (!v)
		return 0;
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	return strtoll(v, NULL, 10);
}

static double pgs_column_double(void *impl, int i)
{
	const char *v = pgs_column_text(impl, i);
	return v ? strtod(v, NULL) : 0.0;
}

static const void *pgs_column_blob(void *impl, int i, size_t *n)
{
	struct pg_stmt *ps = impl;
	const char *v = pgs_column_text(impl, i);
	*n = 0;
	if (!v)
		return NULL;
	size_t len = 0;
	unsigned char *b = pq.PQunescapeBytea((const unsigned char *)v, &len);
	if (!b)
		return NULL;
	ALLOC_GROW(ps->blobs, ps->nblobs + 1, ps->alloc_blobs);
	ps->blobs[ps->nblobs++] = b;
	*n = len;
	return b;
}

static int pgs_column_count(void *impl)
{
	struct pg_stmt *ps = impl;
	return ps->res ? pq.PQnfields(ps->res) : 0;
}

static const char *pgs_column_name(void *impl, int i)
{
	struct pg_stmt *ps = impl;
	return ps->res && i >= 0 && i < pq.PQnfields(ps->res) ? pq.PQfname(ps->res, i) : NULL;
}

/* By the column's type (the built-in types' fixed OIDs, pg_type.dat). */
static int pgs_column_type(void *impl, int i)
{
	struct pg_stmt *ps = impl;
	if (pgs_column_null(impl, i))
		return SQL_NULL;
	switch (pq.PQftype(ps->res, i)) {
	case 16: /* bool */
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		return SQL_INTEGER;
	case 700:  /* float4 */
	case 701:  /* float8 */
	case 1700: /* numeric */
		return SQL_FLOAT;
	case 17: /* bytea */
		return SQL_BLOB;
	default:
		return SQL_TEXT;
	}
}

/* ---- transactions and the rest -------------------------------------------------------------- */

static int pg_begin(store *s)
{
	return pg_exec(s, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")");
}

static int pg_begin_read(store *s)
{
	return pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
}

static int pg_commit(store *s)
{
	PGresult *res = pq.PQexec(pg_of(s)->conn, "COMMIT");
	int rc = result_rc(s, res);
	if (rc)
		return rc;
	/* COMMIT of a transaction that had failed answers ROLLBACK, not an error */
	if (!strcmp(pq.PQcmdStatus(res), "ROLLBACK")) {
		set_msg(s, "the transaction had failed and was rolled back");
		rc = SQL_EERROR;
	}
	pq.PQclear(res);
	return rc;
}

static void pg_rollback(store *s)
{
	if (pq.PQtransactionStatus(pg_of(s)->conn) != PQTRANS_IDLE)
		pg_exec(s, "ROLLBACK");
}

static bool pg_in_transaction(store *s)
{
	return pq.PQtransactionStatus(pg_of(s)->conn) == PQTRANS_INTRANS;
}

static int pg_tables(store *s, bool *has_migrations, bool *has_others)
{
	PGresult *res = pq.PQexec(pg_of(s)->conn,
		"SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
		"AND table_name = 'schema_migrations'), (SELECT count(*) FROM information_schema.tables "
		"WHERE table_schema = current_schema())");
	int rc = result_rc(s, res);
	if (rc)
		return rc;
	*has_migrations = pq.PQntuples(res) == 1 && strtoll(pq.PQgetvalue(res, 0, 0), NULL, 10) > 0;
	*has_others = pq.PQntuples(res) == 1 && strtoll(pq.PQgetvalue(res, 0, 1), NULL, 10) > 0;
	pq.PQclear(res);
	return SQL_OK;
}

static const char *pg_errmsg(store *s)
{
	struct pg *pg = pg_of(s);
	if (!pg)
		return "";
	if (pg->msg)
		return pg->msg;
	return pg->conn ? pq.PQerrorMessage(pg->conn) : "";
}

static void pg_close(store *s)
{
	struct pg *pg = pg_of(s);
	if (!pg)
		return;
	/* the statements are gone with the session: no DEALLOCATE each */
	if (pg->conn)
		pq.PQfinish(pg->conn);
	pg->conn = NULL;
	free(pg->msg);
	free(pg);
	s->conn = NULL;
}

static const struct sql_backend pg_backend = {
	.name = "postgresql",
	.prepare = pgs_prepare,
	.finalize = pgs_finalize,
	.reset = pgs_reset,
	.bind_text = pgs_bind_text,
	.bind_int64 = pgs_bind_int64,
	.bind_double = pgs_bind_double,
	.bind_blob = pgs_bind_blob,
	.step = pgs_step,
	.column_text = pgs_column_text,
	.column_int64 = pgs_column_int64,
	.column_double = pgs_column_double,
	.column_blob = pgs_column_blob,
	.column_null = pgs_column_null,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.tables = pg_tables,
	.migration_sql = pg_migration_sql,
	.errmsg = pg_errmsg,
	.close = pg_close,
	.column_count = pgs_column_count,
	.column_name = pgs_column_name,
	.column_type = pgs_column_type,
	.begin_read = pg_begin_read,
};

static void notice_quiet(void *arg, const char *message)
{
	store *s = arg;
	if (s->debug)
		fprintf(stderr, "mapo: postgresql: %s", message);
}

int sql_pg_open(store *s, const char *url, struct mapo_error *err)
{
	int rc = dynlib_load(&pq_lib, _("PostgreSQL databases"), err);
	if (rc)
		return rc;
	struct pg *pg = xcalloc(1, sizeof(*pg));
	s->be = &pg_backend;
	s->conn = pg;
	pg->conn = pq.PQconnectdb(url);
	if (!pg->conn || pq.PQstatus(pg->conn) != CONNECTION_OK) {
		set_msg(s, pg->conn ? pq.PQerrorMessage(pg->conn) : "out of memory");
		if (s->debug)
			fprintf(stderr, "mapo: postgresql: %s\n", pg->msg);
		return mapo_error_set(err, MAPO_ESTORE, _("cannot connect to the database '%s'"), s->path);
	}
	pq.PQsetNoticeProcessor(pg->conn, notice_quiet, s);
	if (pq.PQserverVersion(pg->conn) < 120000)
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("mapo needs PostgreSQL 12 or newer"));
	/* Waiting for the write lock as long as SQLite's busy timeout; text search as SQLite's
	 * mapo_icontains (normalised, case-insensitive substring; % and _ are ordinary). */
	return sql_exec(s,
		"SET lock_timeout = '5s'; SET client_min_messages = warning; "
		"CREATE FUNCTION pg_temp.mapo_icontains(text, text) RETURNS boolean "
		"LANGUAGE sql IMMUTABLE AS "
		"$$ SELECT strpos(lower(normalize($1, NFC)), lower(normalize($2, NFC))) > 0 $$",
		err);
}
