/* The embedded store: store.h over SQLite. Schema and the reasons for its indexes, the
 * denormalised (kind, action date) copies and the tally SQL: docs/internals/store.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "store/migrations.h"
#include "store/sqlite_internal.h"

/* ---- the database's codes ------------------------------------------------------------------- */

/* How the enums are spelled in the database (the CHECKs of migrations/0001_init.sql). They are
 * the import format's codes too, but they are the schema's: kept here, not borrowed from core. */
static const char *const kind_codes[] = {"", "TIP", "SOM"};
static const char *const status_codes[STATUS__COUNT] = {"investigation", "charged", "convicted",
	"acquitted", "closed"};
static const char *const prole_codes[PROLE__COUNT] = {"suspect", "victim", "smuggled-migrant"};
static const char *const srole_codes[SROLE__COUNT] = {"recruiter", "transporter", "harbourer",
	"exploiter", "financier", "other"};
static const char *const tstatus_codes[TSTATUS__COUNT] = {"possible", "actual", "not-a-victim"};

#define NCODES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The code of enum value v, or NULL when v is out of range (binds NULL: the NOT NULL or CHECK
 * constraint then refuses it). */
static const char *code_of(const char *const *codes, int n, int v)
{
	return v >= 0 && v < n && codes[v][0] ? codes[v] : NULL;
}

static int code_parse(const char *const *codes, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (codes[i][0] && !strcmp(codes[i], s))
			return i;
	return -1;
}

/* ---- small helpers (sqlite_internal.h) -------------------------------------------------------- */

int sql_stmt(store *s, const char *sql, sqlite3_stmt **st, struct mapo_error *err)
{
	for (size_t i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			*st = s->cache[i].st;
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
	ALLOC_GROW(s->cache, s->ncache + 1, s->alloc_cache);
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].st = *st;
	s->ncache++;
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

int sql_error(store *s, int rc, struct mapo_error *err)
{
	if (s && s->db && s->debug && rc != SQLITE_FULL)
		fprintf(stderr, "mapo: sqlite: %s (%d)\n", sqlite3_errmsg(s->db), rc);
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return mapo_error_set(err, MAPO_EEXIST, "%s", _("the record exists already"));
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("a code or record referred to does not exist, or the record is still in use"));
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("a field is missing or out of range"));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return mapo_error_set(err, MAPO_ESTORE, "%s",
			_("the database is busy: another program is writing to it"));
	case SQLITE_FULL:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the disk is full"));
	case SQLITE_READONLY:
		return mapo_error_set(err, MAPO_EIO, "%s", _("the database is read-only"));
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return mapo_error_set(err, MAPO_EIO, "%s", _("cannot open the database file"));
	case SQLITE_IOERR:
		return mapo_error_set(err, MAPO_EIO, "%s", _("the database file could not be read or written"));
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the database file is damaged or not a database"));
	case SQLITE_NOMEM:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("out of memory"));
	default:
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the database failed"));
	}
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

void sql_timestamp(char out[SQL_TIMESTAMP_LEN])
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(out, SQL_TIMESTAMP_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, SQL_TIMESTAMP_LEN, "1970-01-01T00:00:00Z");
}

/* Runs SQL without results or parameters (pragmas, BEGIN, COMMIT). */
static int exec(store *s, const char *sql, struct mapo_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sql_error(s, rc, err);
}

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

/* ---- open, close, migrate ------------------------------------------------------------------- */

int store_open(store **out, const char *url, struct mapo_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("no database given"));
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("PostgreSQL databases are not supported by this build of mapo"));

	store *s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(url);
	const char *debug = getenv("MAPO_DEBUG_SQL");
	s->debug = debug && *debug && strcmp(debug, "0");

	int rc = sqlite3_open_v2(url, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = sql_error(s, rc, NULL);
		mapo_error_set(err, rc, _("cannot open the database '%s'"), url);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if ((rc = exec(s, "PRAGMA busy_timeout = 5000", err)))
		goto fail;

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
		rc = sql_error(s, rc, NULL);
		mapo_error_set(err, rc, _("cannot open the database '%s': not a database, or damaged"), url);
		goto fail;
	}
	if ((rc = exec(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", err)))
		goto fail;
	rc = sqlite3_create_function(s->db, "mapo_icontains", 2,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, icontains_fn, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = sql_error(s, rc, err);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	store_free(s);
	return rc;
}

void store_free(store *s)
{
	if (!s)
		return;
	if (s->depth > 0 && !s->aborted)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	for (size_t i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	free(s->cache);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static int known_version(void)
{
	return store_migrations[store_migrations_count - 1].version;
}

/* The version recorded in schema_migrations: 0 for an empty database. MAPO_ESTORE for a database
 * with tables but no schema_migrations (not mapo's). */
static int current_version(store *s, int *version, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
			     "name = 'schema_migrations'), (SELECT count(*) FROM sqlite_master WHERE "
			     "type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\')",
		&st, err);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = sql_error(s, rc, err);
		sqlite3_reset(st);
		return rc;
	}
	bool has_table = sqlite3_column_int(st, 0) > 0;
	bool has_others = sqlite3_column_int(st, 1) > 0;
	sqlite3_reset(st);
	if (!has_table) {
		*version = 0;
		if (has_others)
			return mapo_error_set(err, MAPO_ESTORE, _("'%s' is not a mapo database"), s->path);
		return 0;
	}
	/* Not cached: the table may not have existed when a cached statement would be prepared. */
	rc = sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &st,
		NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, rc, err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_finalize(st);
	return rc;
}

int store_schema_version(store *s, int *current, int *known, struct mapo_error *err)
{
	*known = known_version();
	return current_version(s, current, err);
}

/* Is migration version recorded in schema_migrations (which must exist)? */
static int migration_applied(store *s, int version, bool *done, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1, &st,
		NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, rc, err);
	sqlite3_bind_int(st, 1, version);
	rc = sqlite3_step(st);
	*done = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
	sqlite3_finalize(st);
	return rc;
}

/* Finds the first version recorded in schema_migrations (which must exist) that this binary
 * does not know. With versions that may skip numbers, "newer than this binary" is any unknown
 * one, not only one above the highest known. */
static int unknown_version(store *s, bool *found, int *unknown, struct mapo_error *err)
{
	sqlite3_stmt *st;
	*found = false;
	int rc = sqlite3_prepare_v2(s->db, "SELECT version FROM schema_migrations ORDER BY version", -1, &st,
		NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, rc, err);
	while (!*found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int v = sqlite3_column_int(st, 0);
		bool known = false;
		for (size_t i = 0; i < store_migrations_count && !known; i++)
			known = store_migrations[i].version == v;
		if (!known) {
			*found = true;
			*unknown = v;
		}
	}
	rc = *found || rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
	sqlite3_finalize(st);
	return rc;
}

/* Applies migration m inside the open transaction. */
static int apply_migration(store *s, const struct store_migration *m, struct mapo_error *err)
{
	int rc = sqlite3_exec(s->db, m->sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = sql_error(s, rc, NULL);
		return mapo_error_set(err, rc, _("cannot apply the database migration %04d (%s)"), m->version,
			m->name);
	}
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(s->db,
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, rc, err);
	char now[SQL_TIMESTAMP_LEN];
	sql_timestamp(now);
	sqlite3_bind_int(st, 1, m->version);
	sql_bind_text(st, 2, m->name);
	sql_bind_text(st, 3, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_migrate(store *s, struct mapo_error *err)
{
	for (;;) {
		/* The version is read inside the transaction so that two processes migrating at once
		 * apply each migration once. */
		int rc = store_begin(s, err);
		if (rc)
			return rc;
		int current, unknown = 0;
		bool has_unknown = false;
		rc = current_version(s, &current, err);
		if (!rc && current)
			rc = unknown_version(s, &has_unknown, &unknown, err);
		if (!rc && has_unknown)
			rc = mapo_error_set(err, MAPO_ESCHEMA,
				_("the database '%s' has schema version %d, which this mapo does not know (it "
				  "knows up to %d): use a newer mapo"),
				s->path, unknown, known_version());
		if (rc) {
			store_rollback(s);
			return rc;
		}
		const struct store_migration *next = NULL;
		for (size_t i = 0; i < store_migrations_count && !rc; i++) {
			bool done = false;
			/* A lower number written after a higher one was applied (areas reserve numbers
			 * ahead) is applied late rather than skipped. */
			if (store_migrations[i].version <= current)
				rc = migration_applied(s, store_migrations[i].version, &done, err);
			if (!rc && !done) {
				next = &store_migrations[i];
				break;
			}
		}
		if (rc) {
			store_rollback(s);
			return rc;
		}
		if (!next)
			return store_commit(s, err); /* nothing written: just closes this level */
		rc = apply_migration(s, next, err);
		if (rc) {
			store_rollback(s);
			return rc;
		}
		if ((rc = store_commit(s, err)))
			return rc;
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
	/* IMMEDIATE takes the write lock now: a writer never has to upgrade a read lock later,
	 * which WAL cannot do once another writer committed (SQLITE_BUSY_SNAPSHOT). */
	int rc = exec(s, "BEGIN IMMEDIATE", err);
	if (rc)
		return rc;
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
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the transaction was rolled back after an error"));
	}
	int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = sql_error(s, rc, err);
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return 0;
}

void store_rollback(store *s)
{
	if (s->depth <= 0)
		return;
	if (!s->aborted) {
		/* SQLite may have rolled back by itself already (a full disk, an I/O error). */
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->aborted = true;
	}
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
	if (s->writes == mark && s->depth > 1 && !s->aborted && !sqlite3_get_autocommit(s->db))
		s->depth--; /* nothing of ours to undo: the caller's transaction stays usable */
	else
		store_rollback(s);
	return rc;
}

void store_fail_after(store *s, unsigned long n)
{
	s->fail_after = n;
}

/* ---- reference data ------------------------------------------------------------------------- */

struct ref_sql {
	const char *table;
	const char *upsert;
	const char *select;
	const char *delete;
	const char *in_use; /* the message when a code still in use would be removed */
	const char *invalid;
};

static const struct ref_sql ref_sql[REF__COUNT] = {
	[REF_AGENCY] = {"agencies",
		"INSERT INTO agencies (code, name_ms, name_en, role) VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (code) DO UPDATE SET name_ms = excluded.name_ms, name_en = excluded.name_en, "
		"role = excluded.role",
		"SELECT code, name_ms, name_en, role FROM agencies ORDER BY code",
		"DELETE FROM agencies WHERE code = ?1",
		N_("agency '%s' is still used by cases and cannot be removed"),
		N_("agency '%s': a name is missing or the role is not enforcement, prosecution or protection")},
	[REF_STATE] = {"states",
		"INSERT INTO states (code, name_ms, name_en) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (code) DO UPDATE SET name_ms = excluded.name_ms, name_en = excluded.name_en",
		"SELECT code, name_ms, name_en, '' FROM states ORDER BY code",
		"DELETE FROM states WHERE code = ?1",
		N_("state '%s' is still used by cases and cannot be removed"),
		N_("state '%s': a name is missing")},
	[REF_COUNTRY] = {"countries",
		"INSERT INTO countries (code, alpha2, name_ms, name_en) VALUES (?1, ?4, ?2, ?3) "
		"ON CONFLICT (code) DO UPDATE SET alpha2 = excluded.alpha2, name_ms = excluded.name_ms, "
		"name_en = excluded.name_en",
		"SELECT code, name_ms, name_en, alpha2 FROM countries ORDER BY code",
		"DELETE FROM countries WHERE code = ?1",
		N_("country '%s' is still used by persons and cannot be removed"),
		N_("country '%s': the code must have three letters and the alpha-2 code two, with both names")},
	[REF_OFFENCE] = {"offences",
		"INSERT INTO offences (code, kind, name_ms, name_en) VALUES (?1, ?4, ?2, ?3) "
		"ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name_ms = excluded.name_ms, "
		"name_en = excluded.name_en",
		"SELECT code, name_ms, name_en, kind FROM offences ORDER BY code",
		"DELETE FROM offences WHERE code = ?1",
		N_("offence section '%s' is still used by cases and cannot be removed"),
		N_("offence section '%s': a title is missing or the kind is not TIP or SOM")},
	[REF_FORM] = {"forms",
		"INSERT INTO forms (code, name_ms, name_en) VALUES (?1, ?2, ?3) "
		"ON CONFLICT (code) DO UPDATE SET name_ms = excluded.name_ms, name_en = excluded.name_en",
		"SELECT code, name_ms, name_en, '' FROM forms ORDER BY code",
		"DELETE FROM forms WHERE code = ?1",
		N_("form of exploitation '%s' is still used by cases and cannot be removed"),
		N_("form of exploitation '%s': a name is missing")},
};

static bool items_have(const struct ref_item *items, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].code && !strcmp(items[i].code, code))
			return true;
	return false;
}

int store_ref_replace(store *s, enum ref_kind kind, const struct ref_item *items, size_t n,
	struct mapo_error *err)
{
	if ((int)kind < 0 || kind >= REF__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("unknown kind of reference data"));
	const struct ref_sql *q = &ref_sql[kind];
	struct strvec gone = STRVEC_INIT;
	sqlite3_stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;

	for (size_t i = 0; i < n; i++) {
		const struct ref_item *it = &items[i];
		if (!it->code || !*it->code) {
			rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("a reference code is empty"));
			goto out;
		}
		if ((rc = sql_stmt(s, q->upsert, &st, err)))
			goto out;
		sql_bind_opt_text(st, 1, it->code);
		sql_bind_opt_text(st, 2, it->name_ms);
		sql_bind_opt_text(st, 3, it->name_en);
		if (kind == REF_AGENCY || kind == REF_COUNTRY || kind == REF_OFFENCE)
			sql_bind_opt_text(st, 4, it->extra);
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _(q->invalid), it->code);
			goto out;
		}
	}

	if ((rc = sql_stmt(s, q->select, &st, err)))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = sql_column_str(st, 0);
		if (!items_have(items, n, code))
			strvec_push(&gone, code);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = sql_error(s, rc, err);
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < gone.n; i++) {
		if ((rc = sql_stmt(s, q->delete, &st, err)))
			goto out;
		sql_bind_text(st, 1, gone.v[i]);
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _(q->in_use), gone.v[i]);
			goto out;
		}
	}
out:
	strvec_release(&gone);
	return sql_end(s, rc, mark, err);
}

int store_ref_load(store *s, struct refdata *rd, struct mapo_error *err)
{
	for (int k = 0; k < REF__COUNT; k++) {
		sqlite3_stmt *st;
		int rc = sql_stmt(s, ref_sql[k].select, &st, err);
		if (rc)
			return rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			refdata_add(rd, (enum ref_kind)k, sql_column_str(st, 0), sql_column_str(st, 1),
				sql_column_str(st, 2), sql_column_str(st, 3));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sql_error(s, rc, err);
	}
	return 0;
}

/* ---- cases ---------------------------------------------------------------------------------- */

/* The columns every case query selects, in this order (read_case reads them). */
#define CASE_COLUMNS                                                                              \
	"c.id, c.ref, c.kind, c.agency, c.action_date, c.state, c.status, r.ref, c.summary, c.version"
#define CASE_FROM " FROM cases c LEFT JOIN cases r ON r.id = c.related_id"

/* Fills c (initialised) from a row of CASE_COLUMNS, without its offences and forms. */
static void read_case(sqlite3_stmt *st, struct mapo_case *c)
{
	c->id = sqlite3_column_int64(st, 0);
	sql_column_copy(st, 1, c->ref, sizeof(c->ref));
	int k = code_parse(kind_codes, NCODES(kind_codes), sql_column_str(st, 2));
	c->kind = k < 0 ? KIND_NONE : (enum case_kind)k;
	sql_column_copy(st, 3, c->agency, sizeof(c->agency));
	c->action_date = sql_column_date(st, 4);
	sql_column_copy(st, 5, c->state, sizeof(c->state));
	c->status = (enum case_status)code_parse(status_codes, STATUS__COUNT, sql_column_str(st, 6));
	sql_column_copy(st, 7, c->related_ref, sizeof(c->related_ref));
	char *summary = xstrdup(sql_column_str(st, 8));
	free(c->summary);
	c->summary = summary;
	c->version = sqlite3_column_int64(st, 9);
}

/* Reads the case's offences and forms, in the order they were given. */
static int read_case_lists(store *s, struct mapo_case *c, struct mapo_error *err)
{
	static const char *const sql[2] = {
		"SELECT offence FROM case_offences WHERE case_id = ?1 ORDER BY pos",
		"SELECT form FROM case_forms WHERE case_id = ?1 ORDER BY pos",
	};
	struct strvec *lists[2] = {&c->offences, &c->forms};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		int rc = sql_stmt(s, sql[i], &st, err);
		if (rc)
			return rc;
		strvec_clear(lists[i]);
		sql_bind_int64(st, 1, c->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			strvec_push(lists[i], sql_column_str(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return sql_error(s, rc, err);
	}
	return 0;
}

/* Looks up a case by reference: its id, version, kind, action date and status (each optional).
 * MAPO_ENOTFOUND (no message) when absent. */
static int find_case(store *s, const char *ref, int64_t *id, int64_t *version, char kind[4],
	char action_date[DATE_STRLEN], char status[16], struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT id, version, kind, action_date, status FROM cases WHERE ref = ?1", &st,
		err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, ref);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (id)
			*id = sqlite3_column_int64(st, 0);
		if (version)
			*version = sqlite3_column_int64(st, 1);
		if (kind)
			sql_column_copy(st, 2, kind, 4);
		if (action_date)
			sql_column_copy(st, 3, action_date, DATE_STRLEN);
		if (status)
			sql_column_copy(st, 4, status, 16);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = MAPO_ENOTFOUND;
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* The id of the related case, 0 when c has none; MAPO_EINVAL when it does not exist. */
static int related_id(store *s, const struct mapo_case *c, int64_t *id, struct mapo_error *err)
{
	*id = 0;
	if (!c->related_ref[0])
		return 0;
	int rc = find_case(s, c->related_ref, id, NULL, NULL, NULL, NULL, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, MAPO_EINVAL, _("case '%s': the related case '%s' does not exist"),
			c->ref, c->related_ref);
	return rc;
}

/* Writes the case's offences and forms (the old ones are gone already). */
static int write_case_lists(store *s, const struct mapo_case *c, int64_t id, struct mapo_error *err)
{
	sqlite3_stmt *st;
	char date[DATE_STRLEN];
	int rc = 0;
	date_format(c->action_date, date);
	for (size_t i = 0; i < c->offences.n; i++) {
		if ((rc = sql_stmt(s, "INSERT INTO case_offences (case_id, offence, pos) VALUES (?1, ?2, ?3)",
			     &st, err)))
			return rc;
		sql_bind_int64(st, 1, id);
		sql_bind_text(st, 2, c->offences.v[i]);
		sql_bind_int64(st, 3, (int64_t)i);
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EEXIST)
				rc = mapo_error_set(err, MAPO_EINVAL, _("case '%s': offence section '%s' is listed twice"),
					c->ref, c->offences.v[i]);
			else if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _("case '%s': unknown offence section '%s'"), c->ref,
					c->offences.v[i]);
			return rc;
		}
	}
	for (size_t i = 0; i < c->forms.n; i++) {
		if ((rc = sql_stmt(s,
			     "INSERT INTO case_forms (case_id, case_kind, case_action_date, form, pos) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
			     &st, err)))
			return rc;
		sql_bind_int64(st, 1, id);
		sql_bind_text(st, 2, code_of(kind_codes, NCODES(kind_codes), c->kind));
		sql_bind_text(st, 3, date);
		sql_bind_text(st, 4, c->forms.v[i]);
		sql_bind_int64(st, 5, (int64_t)i);
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EEXIST)
				rc = mapo_error_set(err, MAPO_EINVAL, _("case '%s': form '%s' is listed twice"), c->ref,
					c->forms.v[i]);
			else if (rc == MAPO_EINVAL && c->kind != KIND_TIP)
				mapo_error_set(err, rc, _("case '%s': a smuggling case has no forms of exploitation"),
					c->ref);
			else if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _("case '%s': unknown form of exploitation '%s'"), c->ref,
					c->forms.v[i]);
			return rc;
		}
	}
	return 0;
}

static int write_history(store *s, int64_t id, enum case_status status, int64_t version,
	const char *now, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s,
		"INSERT INTO case_status_history (case_id, status, version, changed_at) VALUES (?1, ?2, ?3, ?4)",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, code_of(status_codes, STATUS__COUNT, (int)status));
	sql_bind_int64(st, 3, version);
	sql_bind_text(st, 4, now);
	return sql_exec_write(s, st, err);
}

/* Binds the case's own columns as ?1..?8 (ref, kind, agency, action date, state, status,
 * related id, summary). */
static void bind_case(sqlite3_stmt *st, const struct mapo_case *c, int64_t related)
{
	sql_bind_text(st, 1, c->ref);
	sql_bind_text(st, 2, code_of(kind_codes, NCODES(kind_codes), c->kind));
	sql_bind_opt_text(st, 3, c->agency);
	sql_bind_date(st, 4, c->action_date);
	sql_bind_opt_text(st, 5, c->state);
	sql_bind_text(st, 6, code_of(status_codes, STATUS__COUNT, (int)c->status));
	if (related)
		sql_bind_int64(st, 7, related);
	else
		sqlite3_bind_null(st, 7);
	sql_bind_text(st, 8, c->summary ? c->summary : "");
}

static int case_row_invalid(const struct mapo_case *c, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL,
		_("case '%s': the kind, agency, state, status or action date is missing or unknown"), c->ref);
}

int store_case_insert(store *s, struct mapo_case *c, struct mapo_error *err)
{
	char now[SQL_TIMESTAMP_LEN];
	int64_t related, id = 0;
	sqlite3_stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if (!c->ref[0]) {
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("the case has no reference"));
		goto out;
	}
	if ((rc = related_id(s, c, &related, err)))
		goto out;
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO cases (ref, kind, agency, action_date, state, status, related_id, summary, "
		     "version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)",
		     &st, err)))
		goto out;
	bind_case(st, c, related);
	sql_bind_text(st, 9, now);
	if ((rc = sql_exec_write(s, st, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("case '%s' exists already"), c->ref);
		else if (rc == MAPO_EINVAL)
			case_row_invalid(c, err);
		goto out;
	}
	id = sqlite3_last_insert_rowid(s->db);
	if ((rc = write_case_lists(s, c, id, err)))
		goto out;
	rc = write_history(s, id, c->status, 1, now, err);
out:
	rc = sql_end(s, rc, mark, err);
	if (!rc) {
		c->id = id;
		c->version = 1;
	}
	return rc;
}

static int conflict(const char *ref, int64_t stored, int64_t given, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_ECONFLICT,
		_("case '%s' was changed by someone else (it is at version %lld, the edit was made on version "
		  "%lld): reload it and try again"),
		ref, (long long)stored, (long long)given);
}

int store_case_update(store *s, struct mapo_case *c, struct mapo_error *err)
{
	char now[SQL_TIMESTAMP_LEN], old_status[16];
	int64_t id, version, related;
	sqlite3_stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	rc = find_case(s, c->ref, &id, &version, NULL, NULL, old_status, err);
	if (rc == MAPO_ENOTFOUND)
		rc = mapo_error_set(err, rc, _("case '%s' does not exist"), c->ref);
	if (rc)
		goto out;
	if (version != c->version) {
		rc = conflict(c->ref, version, c->version, err);
		goto out;
	}
	if ((rc = related_id(s, c, &related, err)))
		goto out;
	if (related == id) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("case '%s' cannot be related to itself"), c->ref);
		goto out;
	}

	/* The forms go first: a case turning from TIP to SOM must not carry TIP-only rows through
	 * the cascade of its new kind. */
	static const char *const clear[2] = {
		"DELETE FROM case_forms WHERE case_id = ?1",
		"DELETE FROM case_offences WHERE case_id = ?1",
	};
	if ((rc = sql_stmt(s, clear[0], &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;

	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "UPDATE cases SET kind = ?2, agency = ?3, action_date = ?4, state = ?5, status = ?6, "
		     "related_id = ?7, summary = ?8, version = version + 1, updated_at = ?9 "
		     "WHERE id = ?10 AND version = ?11",
		     &st, err)))
		goto out;
	bind_case(st, c, related); /* ?1, the reference, is not used: it never changes */
	sql_bind_text(st, 9, now);
	sql_bind_int64(st, 10, id);
	sql_bind_int64(st, 11, version);
	if ((rc = sql_exec_write(s, st, err))) {
		if (rc == MAPO_EINVAL)
			case_row_invalid(c, err);
		goto out;
	}

	if ((rc = sql_stmt(s, clear[1], &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if ((rc = write_case_lists(s, c, id, err)))
		goto out;
	if (code_of(status_codes, STATUS__COUNT, (int)c->status) &&
		strcmp(old_status, code_of(status_codes, STATUS__COUNT, (int)c->status)))
		rc = write_history(s, id, c->status, version + 1, now, err);
out:
	rc = sql_end(s, rc, mark, err);
	if (!rc) {
		c->id = id;
		c->version = version + 1;
	}
	return rc;
}

int store_case_get(store *s, const char *ref, struct mapo_case *out, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.ref = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, ref);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_case(st, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("case '%s' does not exist"), ref);
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	if (!rc)
		rc = read_case_lists(s, out, err);
	return rc;
}

int store_case_delete(store *s, const char *ref, int64_t version, struct mapo_error *err)
{
	static const char *const steps[3] = {
		/* Cases that named this one as related lose the link, which is an edit of theirs. */
		"UPDATE cases SET related_id = NULL, version = version + 1, updated_at = ?2 "
		"WHERE related_id = ?1",
		/* Persons in no other case go with it (their roles in it by cascade). */
		"DELETE FROM persons WHERE id IN (SELECT person_id FROM case_persons WHERE case_id = ?1) "
		"AND NOT EXISTS (SELECT 1 FROM case_persons o WHERE o.person_id = persons.id "
		"AND o.case_id <> ?1)",
		/* Offences, forms, roles and history by cascade. */
		"DELETE FROM cases WHERE id = ?1",
	};
	char now[SQL_TIMESTAMP_LEN];
	int64_t id, stored;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	rc = find_case(s, ref, &id, &stored, NULL, NULL, NULL, err);
	if (rc == MAPO_ENOTFOUND)
		rc = mapo_error_set(err, rc, _("case '%s' does not exist"), ref);
	if (rc)
		goto out;
	if (version && version != stored) {
		rc = conflict(ref, stored, version, err);
		goto out;
	}
	sql_timestamp(now);
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st;
		if ((rc = sql_stmt(s, steps[i], &st, err)))
			goto out;
		sql_bind_int64(st, 1, id);
		if (i == 0)
			sql_bind_text(st, 2, now);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}

int store_case_next_seq(store *s, const char *agency, int year, long *seq, struct mapo_error *err)
{
	/* References are AGENCY/YYYY/NNNNNN with six digits (case_format_ref), so the last one in
	 * the reference index's order within the prefix has the highest number. */
	char lo[CASE_REF_MAX + 8], hi[CASE_REF_MAX + 8];
	snprintf(lo, sizeof(lo), "%s/%04d/", agency, year);
	snprintf(hi, sizeof(hi), "%s/%04d0", agency, year); /* '0' follows '/' */
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT ref FROM cases WHERE ref >= ?1 AND ref < ?2 ORDER BY ref DESC LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, lo);
	sql_bind_text(st, 2, hi);
	*seq = 1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		long long n;
		if (!parse_int(sql_column_str(st, 0) + strlen(lo), 0, 999999, &n))
			*seq = (long)n + 1;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- listing -------------------------------------------------------------------------------- */

/* Parameter numbers of the filter fields, fixed so that every part of a statement shares them. */
enum { P_FROM = 1, P_TO, P_KIND, P_AGENCY, P_STATE, P_FORM, P_STATUS, P_TEXT, P_LIMIT, P_OFFSET, P_SOURCE_ORG };

static bool has(const char *s)
{
	return s && *s;
}

/* Appends the filter's conditions on kind, agency, state, form and status, each starting with
 * " AND ". kind_col and id_col name the columns holding the case's kind and id. */
static void filter_sql(struct buf *b, const struct case_filter *f, const char *kind_col, const char *id_col)
{
	if (f->kind != KIND_NONE)
		buf_printf(b, " AND %s = ?%d", kind_col, P_KIND);
	if (has(f->agency))
		buf_printf(b, " AND c.agency = ?%d", P_AGENCY);
	if (has(f->state))
		buf_printf(b, " AND c.state = ?%d", P_STATE);
	if (f->status != STATUS_NONE)
		buf_printf(b, " AND c.status = ?%d", P_STATUS);
	if (has(f->form))
		buf_printf(b, " AND EXISTS (SELECT 1 FROM case_forms ff WHERE ff.case_id = %s AND ff.form = ?%d)",
			id_col, P_FORM);
	/* the reach of access_narrow_filter (core/access.c) */
	if (f->match_none)
		buf_addstr(b, " AND 1 = 0");
	if (f->status_mask) {
		/* the codes are the store's own literals, never input */
		buf_addstr(b, " AND c.status IN (''");
		for (int st = 0; st < STATUS__COUNT; st++)
			if (f->status_mask & (1u << st))
				buf_printf(b, ", '%s'", code_of(status_codes, STATUS__COUNT, st));
		buf_addstr(b, ")");
	}
	if (has(f->source_org))
		buf_printf(b, " AND c.source_org = ?%d", P_SOURCE_ORG);
	if (f->with_victims)
		buf_printf(b, " AND EXISTS (SELECT 1 FROM case_persons vv WHERE vv.case_id = %s AND vv.role = 'victim')",
			id_col);
}

/* True when filter_sql names columns of cases (alias c) rather than only the kind and id. */
static bool filter_needs_case(const struct case_filter *f)
{
	return has(f->agency) || has(f->state) || f->status != STATUS_NONE || f->status_mask ||
		has(f->source_org);
}

static void filter_bind(sqlite3_stmt *st, const struct case_filter *f)
{
	if (f->kind != KIND_NONE)
		sql_bind_text(st, P_KIND, code_of(kind_codes, NCODES(kind_codes), f->kind));
	if (has(f->agency))
		sql_bind_text(st, P_AGENCY, f->agency);
	if (has(f->state))
		sql_bind_text(st, P_STATE, f->state);
	if (f->status != STATUS_NONE)
		sql_bind_text(st, P_STATUS, code_of(status_codes, STATUS__COUNT, (int)f->status));
	if (has(f->form))
		sql_bind_text(st, P_FORM, f->form);
	if (has(f->source_org))
		sql_bind_text(st, P_SOURCE_ORG, f->source_org);
}

/* The WHERE clause of a case listing: the filter, its period and its text. */
static void list_where(struct buf *b, const struct case_filter *f)
{
	buf_addstr(b, " WHERE 1 = 1");
	filter_sql(b, f, "c.kind", "c.id");
	if (f->from != DATE_NONE)
		buf_printf(b, " AND c.action_date >= ?%d", P_FROM);
	if (f->to != DATE_NONE)
		buf_printf(b, " AND c.action_date <= ?%d", P_TO);
	if (has(f->text))
		buf_printf(b, " AND (mapo_icontains(c.ref, ?%d) OR mapo_icontains(c.summary, ?%d))", P_TEXT,
			P_TEXT);
}

static void list_bind(sqlite3_stmt *st, const struct case_filter *f)
{
	filter_bind(st, f);
	sql_bind_date(st, P_FROM, f->from);
	sql_bind_date(st, P_TO, f->to);
	if (has(f->text))
		sql_bind_text(st, P_TEXT, f->text);
}

/* Prepares the statement in b; it is the caller's to finalize. */
static int prepare(store *s, const struct buf *b, sqlite3_stmt **st, struct mapo_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, buf_str(b), -1, st, NULL);
	if (rc != SQLITE_OK) {
		*st = NULL;
		return sql_error(s, rc, err);
	}
	return 0;
}

static int check_filter(const struct case_filter *f, struct mapo_error *err)
{
	if ((int)f->kind < KIND_NONE || f->kind > KIND_SOM || (int)f->status < STATUS_NONE ||
		f->status >= STATUS__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("unknown kind or status in the filter"));
	return 0;
}

int store_case_list(store *s, const struct case_filter *f, case_cb cb, void *arg, struct mapo_error *err)
{
	static const char *const order[] = {
		[SORT_REF] = "c.ref",
		[SORT_ACTION_DATE] = "c.action_date, c.ref",
		[SORT_ACTION_DATE_DESC] = "c.action_date DESC, c.ref",
		[SORT_AGENCY] = "c.agency, c.ref",
		[SORT_STATUS] = "CASE c.status WHEN 'investigation' THEN 0 WHEN 'charged' THEN 1 "
				"WHEN 'convicted' THEN 2 WHEN 'acquitted' THEN 3 ELSE 4 END, c.ref",
	};
	struct buf sql = BUF_INIT;
	struct mapo_case c;
	sqlite3_stmt *st = NULL;
	int rc = check_filter(f, err);
	if (rc)
		return rc;
	if ((int)f->sort < 0 || (size_t)f->sort >= sizeof(order) / sizeof(order[0]) || f->limit < 0 ||
		f->offset < 0)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("bad sort order, limit or offset"));

	memset(&c, 0, sizeof(c));
	c.summary = xstrdup("");
	buf_addstr(&sql, "SELECT " CASE_COLUMNS CASE_FROM);
	list_where(&sql, f);
	buf_printf(&sql, " ORDER BY %s", order[f->sort]);
	if (f->limit > 0 || f->offset > 0)
		buf_printf(&sql, " LIMIT ?%d OFFSET ?%d", P_LIMIT, P_OFFSET);
	if ((rc = prepare(s, &sql, &st, err)))
		goto out;
	list_bind(st, f);
	sql_bind_int64(st, P_LIMIT, f->limit > 0 ? f->limit : -1);
	sql_bind_int64(st, P_OFFSET, f->offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_case(st, &c);
		if ((rc = read_case_lists(s, &c, err)))
			goto out;
		if ((rc = cb(&c, arg)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	strvec_release(&c.offences);
	strvec_release(&c.forms);
	free(c.summary);
	return rc;
}

int store_case_count(store *s, const struct case_filter *f, long long *n, struct mapo_error *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = check_filter(f, err);
	if (rc)
		return rc;
	buf_addstr(&sql, "SELECT count(*) FROM cases c");
	list_where(&sql, f);
	if ((rc = prepare(s, &sql, &st, err)))
		goto out;
	list_bind(st, f);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ---- persons -------------------------------------------------------------------------------- */

/* Compares the stored person (a row of id, sex, birth_date, age, nationality) with p. */
static int person_agrees(sqlite3_stmt *st, const struct case_person *p, struct mapo_error *err)
{
	char was[DATE_STRLEN + 8], now[DATE_STRLEN + 8];
	const char *field = NULL;
	const char *sex = sql_column_str(st, 1);
	if (sex[0] != p->sex || sex[1]) {
		field = "sex";
		snprintf(was, sizeof(was), "%s", sex);
		snprintf(now, sizeof(now), "%c", p->sex ? p->sex : ' ');
	} else if (sql_column_date(st, 2) != p->birth_date) {
		field = "birth_date";
		snprintf(was, sizeof(was), "%s", sql_column_str(st, 2));
		date_format(p->birth_date, now);
	} else if ((sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3)) != p->age) {
		field = "age";
		snprintf(was, sizeof(was), "%s", sql_column_str(st, 3));
		if (p->age >= 0)
			snprintf(now, sizeof(now), "%d", p->age);
		else
			now[0] = '\0';
	} else if (strcmp(sql_column_str(st, 4), p->nationality)) {
		field = "nationality";
		snprintf(was, sizeof(was), "%s", sql_column_str(st, 4));
		snprintf(now, sizeof(now), "%s", p->nationality);
	}
	if (!field)
		return 0;
	return mapo_error_set(err, MAPO_EINVAL,
		_("person '%s': %s '%s' differs from '%s' recorded for the same person before"), p->person_ref,
		field, now, was);
}

int store_person_put(store *s, struct case_person *p, struct mapo_error *err)
{
	char kind[4], action_date[DATE_STRLEN], sex[2] = {p->sex, '\0'};
	int64_t case_id, person_id = 0, role_id = 0;
	sqlite3_stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	const char *role = code_of(prole_codes, PROLE__COUNT, (int)p->role);
	rc = find_case(s, p->case_ref, &case_id, NULL, kind, action_date, NULL, err);
	if (rc == MAPO_ENOTFOUND)
		rc = mapo_error_set(err, rc, _("case '%s' does not exist"), p->case_ref);
	if (rc)
		goto out;
	if (!p->person_ref[0] || !role) {
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("the person has no reference or no role"));
		goto out;
	}

	if ((rc = sql_stmt(s, "SELECT id, sex, birth_date, age, nationality FROM persons WHERE person_ref = ?1",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, p->person_ref);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		person_id = sqlite3_column_int64(st, 0);
		rc = person_agrees(st, p, err);
	} else {
		rc = rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	if (rc)
		goto out;
	if (!person_id) {
		if ((rc = sql_stmt(s,
			     "INSERT INTO persons (person_ref, sex, birth_date, age, nationality) "
			     "VALUES (?1, ?2, ?3, ?4, ?5)",
			     &st, err)))
			goto out;
		sql_bind_text(st, 1, p->person_ref);
		sql_bind_opt_text(st, 2, sex);
		sql_bind_date(st, 3, p->birth_date);
		if (p->age >= 0)
			sqlite3_bind_int(st, 4, p->age);
		sql_bind_opt_text(st, 5, p->nationality);
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _("person '%s': the sex, age or nationality is missing or unknown"),
					p->person_ref);
			goto out;
		}
		person_id = sqlite3_last_insert_rowid(s->db);
	}

	if ((rc = sql_stmt(s, "SELECT id FROM case_persons WHERE case_id = ?1 AND person_id = ?2 AND role = ?3",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, case_id);
	sql_bind_int64(st, 2, person_id);
	sql_bind_text(st, 3, role);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		role_id = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
	sqlite3_reset(st);
	if (rc)
		goto out;

	if (role_id)
		rc = sql_stmt(s,
			"UPDATE case_persons SET arrest_date = ?6, suspect_role = ?7, trafficking_status = ?8, "
			"rescue_date = ?9 WHERE id = ?10",
			&st, err);
	else
		rc = sql_stmt(s,
			"INSERT INTO case_persons (case_id, case_kind, case_action_date, person_id, role, "
			"arrest_date, suspect_role, trafficking_status, rescue_date) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
			&st, err);
	if (rc)
		goto out;
	if (role_id) {
		sql_bind_int64(st, 10, role_id);
	} else {
		sql_bind_int64(st, 1, case_id);
		sql_bind_text(st, 2, kind);
		sql_bind_text(st, 3, action_date);
		sql_bind_int64(st, 4, person_id);
		sql_bind_text(st, 5, role);
	}
	sql_bind_date(st, 6, p->arrest_date);
	sql_bind_text(st, 7, code_of(srole_codes, SROLE__COUNT, (int)p->suspect_role));
	sql_bind_text(st, 8, code_of(tstatus_codes, TSTATUS__COUNT, (int)p->trafficking_status));
	sql_bind_date(st, 9, p->rescue_date);
	if ((rc = sql_exec_write(s, st, err))) {
		if (rc == MAPO_EINVAL)
			mapo_error_set(err, rc,
				_("person '%s' in case '%s': arrest and suspect fields are for suspects, rescue "
				  "and trafficking status for victims"),
				p->person_ref, p->case_ref);
		goto out;
	}
	if (!role_id)
		role_id = sqlite3_last_insert_rowid(s->db);
out:
	rc = sql_end(s, rc, mark, err);
	if (!rc)
		p->id = role_id;
	return rc;
}

int store_person_remove(store *s, const char *case_ref, const char *person_ref, enum person_role role,
	struct mapo_error *err)
{
	sqlite3_stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	const char *code = code_of(prole_codes, PROLE__COUNT, (int)role);
	if ((rc = sql_stmt(s,
		     "DELETE FROM case_persons WHERE case_id = (SELECT id FROM cases WHERE ref = ?1) "
		     "AND person_id = (SELECT id FROM persons WHERE person_ref = ?2) AND role = ?3",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, case_ref);
	sql_bind_text(st, 2, person_ref);
	sql_bind_text(st, 3, code);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("person '%s' has no role '%s' in case '%s'"),
			person_ref, code ? code : "", case_ref);
		goto out;
	}
	/* A person left in no case goes too, so that a corrected record can be entered afresh. */
	if ((rc = sql_stmt(s,
		     "DELETE FROM persons WHERE person_ref = ?1 "
		     "AND NOT EXISTS (SELECT 1 FROM case_persons WHERE person_id = persons.id)",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, person_ref);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_person_list(store *s, const char *case_ref, person_cb cb, void *arg, struct mapo_error *err)
{
	/* Cases in reference order, then each case's roles (CROSS JOIN keeps that order in SQLite),
	 * so that only the roles of one case at a time are sorted, never all of them. Two texts:
	 * "?1 IS NULL OR c.ref = ?1" would hide the reference index from the planner. Not cached
	 * statements: cb may call back into the store, even into this function. */
#define PERSON_LIST_SQL(where)                                                                    \
	"SELECT cp.id, c.ref, p.person_ref, cp.role, p.sex, p.birth_date, p.age, p.nationality, "  \
	"cp.arrest_date, cp.suspect_role, cp.trafficking_status, cp.rescue_date "                  \
	"FROM cases c CROSS JOIN case_persons cp ON cp.case_id = c.id "                           \
	"JOIN persons p ON p.id = cp.person_id " where                                             \
	"ORDER BY c.ref, p.person_ref, CASE cp.role WHEN 'suspect' THEN 0 WHEN 'victim' THEN 1 ELSE 2 END"
	const char *sql = case_ref ? PERSON_LIST_SQL("WHERE c.ref = ?1 ") : PERSON_LIST_SQL("");
#undef PERSON_LIST_SQL
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_error(s, rc, err);
	if (case_ref)
		sql_bind_text(st, 1, case_ref);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct case_person p;
		memset(&p, 0, sizeof(p));
		p.id = sqlite3_column_int64(st, 0);
		sql_column_copy(st, 1, p.case_ref, sizeof(p.case_ref));
		sql_column_copy(st, 2, p.person_ref, sizeof(p.person_ref));
		p.role = (enum person_role)code_parse(prole_codes, PROLE__COUNT, sql_column_str(st, 3));
		p.sex = sql_column_str(st, 4)[0];
		p.birth_date = sql_column_date(st, 5);
		p.age = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
		sql_column_copy(st, 7, p.nationality, sizeof(p.nationality));
		p.arrest_date = sql_column_date(st, 8);
		p.suspect_role = (enum suspect_role)code_parse(srole_codes, SROLE__COUNT, sql_column_str(st, 9));
		p.trafficking_status =
			(enum trafficking_status)code_parse(tstatus_codes, TSTATUS__COUNT, sql_column_str(st, 10));
		p.rescue_date = sql_column_date(st, 11);
		if ((rc = cb(&p, arg)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
out:
	sqlite3_finalize(st);
	return rc;
}

/* ---- statistics ----------------------------------------------------------------------------- */

/* The six measures with no dimension and no filter: one statement of six counts, each answered
 * by one index range without reading a table (docs/internals/store.md). */
const char sql_tally_totals[] =
	"SELECT "
	"(SELECT count(*) FROM cases WHERE kind = 'TIP' AND action_date BETWEEN ?1 AND ?2), "
	"(SELECT count(*) FROM case_persons WHERE role = 'suspect' AND case_kind = 'TIP' "
	"AND case_action_date BETWEEN ?1 AND ?2 AND arrest_date BETWEEN ?1 AND ?2), "
	"(SELECT count(*) FROM case_forms WHERE form = '" FORM_FORCED_LABOUR "' AND case_kind = 'TIP' "
	"AND case_action_date BETWEEN ?1 AND ?2), "
	"(SELECT count(*) FROM cases WHERE kind = 'SOM' AND action_date BETWEEN ?1 AND ?2), "
	"(SELECT count(*) FROM case_persons WHERE role = 'suspect' AND case_kind = 'SOM' "
	"AND case_action_date BETWEEN ?1 AND ?2 AND arrest_date BETWEEN ?1 AND ?2), "
	"(SELECT count(*) FROM case_persons WHERE role = 'victim' "
	"AND case_action_date BETWEEN ?1 AND ?2 AND rescue_date BETWEEN ?1 AND ?2)";

/* The parts of the general tally: the cases themselves, the forced-labour cases, the arrests and
 * the rescues. Each reads one index of its own table and yields one row per counted thing. */
enum tally_arm { ARM_CASES, ARM_FORCED_LABOUR, ARM_ARRESTS, ARM_RESCUES, ARM__COUNT };

struct arm_def {
	const char *from;  /* the table the arm reads, with its alias */
	const char *id;    /* the case's id, kind and action date in that table */
	const char *kind;
	const char *date;
	const char *where; /* the rows counted; ?1 and ?2 are the period */
	const char *measures[6]; /* tc ta fl sc sa vr, from the inner query's column "kind" */
};

#define TIP_ONE "CASE WHEN kind = 'TIP' THEN 1 ELSE 0 END"
#define SOM_ONE "CASE WHEN kind = 'SOM' THEN 1 ELSE 0 END"
static const char *const measure_names[6] = {"tc", "ta", "fl", "sc", "sa", "vr"};

static const struct arm_def arms[ARM__COUNT] = {
	[ARM_CASES] = {"cases c", "c.id", "c.kind", "c.action_date",
		"c.action_date BETWEEN ?1 AND ?2",
		{TIP_ONE, "0", "0", SOM_ONE, "0", "0"}},
	[ARM_FORCED_LABOUR] = {"case_forms fx", "fx.case_id", "fx.case_kind", "fx.case_action_date",
		"fx.form = '" FORM_FORCED_LABOUR "' AND fx.case_kind = 'TIP' "
		"AND fx.case_action_date BETWEEN ?1 AND ?2",
		{"0", "0", "1", "0", "0", "0"}},
	[ARM_ARRESTS] = {"case_persons cp", "cp.case_id", "cp.case_kind", "cp.case_action_date",
		"cp.role = 'suspect' AND cp.case_kind IN ('TIP', 'SOM') "
		"AND cp.case_action_date BETWEEN ?1 AND ?2 AND cp.arrest_date BETWEEN ?1 AND ?2",
		{"0", TIP_ONE, "0", "0", SOM_ONE, "0"}},
	[ARM_RESCUES] = {"case_persons cp", "cp.case_id", "cp.case_kind", "cp.case_action_date",
		"cp.role = 'victim' AND cp.case_action_date BETWEEN ?1 AND ?2 "
		"AND cp.rescue_date BETWEEN ?1 AND ?2",
		{"0", "0", "0", "0", "0", "1"}},
};

static bool is_person_dim(enum stat_dim d)
{
	return d == DIM_NATIONALITY || d == DIM_SEX || d == DIM_AGE_GROUP;
}

/* The key of dimension d in arm a. Kind and month come from the arm's own copies, so that an arm
 * joins cases only for agency, state or status. */
static void key_sql(struct buf *b, enum stat_dim d, const struct arm_def *a)
{
	switch (d) {
	case DIM_KIND:
		buf_addstr(b, a->kind);
		break;
	case DIM_AGENCY:
		buf_addstr(b, "c.agency");
		break;
	case DIM_STATE:
		buf_addstr(b, "c.state");
		break;
	case DIM_STATUS:
		buf_addstr(b, "c.status");
		break;
	case DIM_MONTH:
		buf_printf(b, "substr(%s, 1, 7)", a->date);
		break;
	case DIM_FORM:
		buf_addstr(b, "COALESCE(f.form, '')");
		break;
	case DIM_NATIONALITY:
		buf_addstr(b, "COALESCE(p.nationality, '')");
		break;
	case DIM_SEX:
		buf_addstr(b, "COALESCE(p.sex, '')");
		break;
	case DIM_AGE_GROUP:
		/* Age at the action date: a child until the 18th birthday, which as text is the birth
		 * date with 18 added to its year (29 February then counts from 1 March). */
		buf_printf(b,
			"CASE WHEN p.id IS NULL THEN '' "
			"WHEN p.birth_date IS NOT NULL THEN CASE WHEN %s < CAST(CAST(substr(p.birth_date, 1, 4) "
			"AS INTEGER) + 18 AS TEXT) || substr(p.birth_date, 5) THEN 'child' ELSE 'adult' END "
			"WHEN p.age IS NULL THEN 'unknown' WHEN p.age < 18 THEN 'child' ELSE 'adult' END",
			a->date);
		break;
	case DIM__COUNT:
		break;
	}
}

/* One arm of the general tally: its keys k0.. and the six measures, one row per counted thing. */
static void arm_sql(struct buf *b, const struct tally_query *q, enum tally_arm arm)
{
	const struct arm_def *a = &arms[arm];
	const struct case_filter *f = &q->filter;
	bool per_case = arm == ARM_CASES || arm == ARM_FORCED_LABOUR;
	bool form = false, person = false;
	bool join_case = filter_needs_case(f);
	for (size_t i = 0; i < q->ndims; i++) {
		form |= q->dims[i] == DIM_FORM;
		person |= is_person_dim(q->dims[i]);
		join_case |= q->dims[i] == DIM_AGENCY || q->dims[i] == DIM_STATE || q->dims[i] == DIM_STATUS;
	}

	buf_addstr(b, "SELECT ");
	for (size_t i = 0; i < q->ndims; i++)
		buf_printf(b, "k%zu, ", i);
	for (int i = 0; i < 6; i++)
		buf_printf(b, "%s%s AS %s", i ? ", " : "", a->measures[i], measure_names[i]);
	buf_addstr(b, " FROM (SELECT ");
	/* A case counts once under a person group however many of its persons are in it. */
	if (per_case && person)
		buf_addstr(b, "DISTINCT ");
	for (size_t i = 0; i < q->ndims; i++) {
		key_sql(b, q->dims[i], a);
		buf_printf(b, " AS k%zu, ", i);
	}
	buf_printf(b, "%s AS id, %s AS kind FROM %s", a->id, a->kind, a->from);
	if (join_case && arm != ARM_CASES)
		buf_printf(b, " JOIN cases c ON c.id = %s", a->id);
	if (form)
		buf_printf(b, " LEFT JOIN case_forms f ON f.case_id = %s", a->id);
	if (person && per_case)
		buf_printf(b, " LEFT JOIN case_persons pp ON pp.case_id = %s "
			      "LEFT JOIN persons p ON p.id = pp.person_id", a->id);
	else if (person)
		buf_addstr(b, " JOIN persons p ON p.id = cp.person_id");
	buf_printf(b, " WHERE %s", a->where);
	filter_sql(b, f, a->kind, a->id);
	buf_addstr(b, ")");
}

/* The general tally: the arms' rows summed by key (docs/internals/store.md). */
static void tally_sql(struct buf *b, const struct tally_query *q)
{
	buf_addstr(b, "SELECT ");
	for (size_t i = 0; i < q->ndims; i++)
		buf_printf(b, "k%zu, ", i);
	buf_addstr(b, "COALESCE(SUM(tc), 0), COALESCE(SUM(ta), 0), COALESCE(SUM(fl), 0), "
		      "COALESCE(SUM(sc), 0), COALESCE(SUM(sa), 0), COALESCE(SUM(vr), 0) FROM (");
	for (int arm = 0; arm < ARM__COUNT; arm++) {
		if (arm)
			buf_addstr(b, " UNION ALL ");
		arm_sql(b, q, (enum tally_arm)arm);
	}
	buf_addstr(b, ") t");
	if (q->ndims) {
		const char *sep = " GROUP BY ";
		for (size_t i = 0; i < q->ndims; i++, sep = ", ")
			buf_printf(b, "%sk%zu", sep, i);
		sep = " ORDER BY ";
		for (size_t i = 0; i < q->ndims; i++, sep = ", ")
			buf_printf(b, "%sk%zu", sep, i);
	}
}

bool sql_tally_statement(const struct tally_query *q, struct buf *out)
{
	const struct case_filter *f = &q->filter;
	bool plain = q->ndims == 0 && f->kind == KIND_NONE && !has(f->form) && !filter_needs_case(f) &&
		!f->with_victims && !f->match_none;
	if (plain)
		buf_addstr(out, sql_tally_totals);
	else
		tally_sql(out, q);
	return plain;
}

int store_tally(store *s, const struct tally_query *q, tally_cb cb, void *arg, struct mapo_error *err)
{
	const struct case_filter *f = &q->filter;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc = check_filter(f, err);
	if (rc)
		return rc;
	if (q->ndims > TALLY_MAX_DIMS)
		return mapo_error_set(err, MAPO_EINVAL, _("at most %d dimensions at once"), TALLY_MAX_DIMS);
	for (size_t i = 0; i < q->ndims; i++) {
		if ((int)q->dims[i] < 0 || q->dims[i] >= DIM__COUNT)
			return mapo_error_set(err, MAPO_EINVAL, "%s", _("unknown dimension"));
		for (size_t j = 0; j < i; j++)
			if (q->dims[j] == q->dims[i])
				return mapo_error_set(err, MAPO_EINVAL, "%s", _("a dimension is given twice"));
	}

	bool plain = sql_tally_statement(q, &sql);
	if (s->debug)
		fprintf(stderr, "mapo: sqlite: %s\n", buf_str(&sql));
	if ((rc = prepare(s, &sql, &st, err)))
		goto out;
	/* An open end of the period takes in every date. */
	if (q->from == DATE_NONE)
		sql_bind_text(st, P_FROM, "0000-01-01");
	else
		sql_bind_date(st, P_FROM, q->from);
	if (q->to == DATE_NONE)
		sql_bind_text(st, P_TO, "9999-12-31");
	else
		sql_bind_date(st, P_TO, q->to);
	if (!plain)
		filter_bind(st, f);

	size_t nk = q->ndims;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tally_row row;
		memset(&row, 0, sizeof(row));
		for (size_t i = 0; i < nk; i++)
			row.keys[i] = sql_column_str(st, (int)i);
		row.tip_cases = sqlite3_column_int64(st, (int)nk);
		row.tip_arrests = sqlite3_column_int64(st, (int)nk + 1);
		row.tip_forced_labour_cases = sqlite3_column_int64(st, (int)nk + 2);
		row.som_cases = sqlite3_column_int64(st, (int)nk + 3);
		row.som_arrests = sqlite3_column_int64(st, (int)nk + 4);
		row.victims_rescued = sqlite3_column_int64(st, (int)nk + 5);
		if ((rc = cb(&row, arg)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
out:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}
