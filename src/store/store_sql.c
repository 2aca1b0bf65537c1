/* The embedded store: store.h over SQLite. Schema and the reasons for its indexes, the
 * denormalised (kind, action date) copies and the tally SQL: docs/internals/store.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "store/migrations.h"
#include "store/sql.h"

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

/* ---- migrations ---------------------------------------------------------------------------- */

static int known_version(void)
{
	return store_migrations[store_migrations_count - 1].version;
}

/* The version recorded in schema_migrations: 0 for an empty database. MAPO_ESTORE for a database
 * with tables but no schema_migrations (not mapo's). */
static int current_version(store *s, int *version, struct mapo_error *err)
{
	bool has_table = false, has_others = false;
	int rc = s->be->tables(s, &has_table, &has_others);
	if (rc)
		return sql_error(s, rc, err);
	if (!has_table) {
		*version = 0;
		if (has_others)
			return mapo_error_set(err, MAPO_ESTORE, _("'%s' is not a mapo database"), s->path);
		return 0;
	}
	stmt *st;
	if ((rc = sql_stmt(s, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st, err)))
		return rc;
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		*version = sql_column_int(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
	sql_reset(st);
	return rc;
}

/* Is migration version recorded in schema_migrations (which must exist)? */
static int migration_applied(store *s, int version, bool *done, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT 1 FROM schema_migrations WHERE version = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, version);
	rc = sql_step(st);
	*done = rc == SQL_ROW;
	rc = rc == SQL_ROW || rc == SQL_DONE ? 0 : sql_error(s, rc, err);
	sql_reset(st);
	return rc;
}

/* A known migration below the highest applied one can still be missing (two lines of work that
 * took the next numbers in the other order): then *current becomes the version before the first
 * missing one, so that the caller sees a migration pending. One query when none is missing. */
static int lower_to_first_gap(store *s, int *current, struct mapo_error *err)
{
	int below = 0;
	for (size_t i = 0; i < store_migrations_count && store_migrations[i].version <= *current; i++)
		below++;
	stmt *st;
	int rc = sql_stmt(s, "SELECT count(*) FROM schema_migrations WHERE version <= ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, *current);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	int applied = sql_column_int(st, 0);
	sql_reset(st);
	for (size_t i = 0; applied < below && i < store_migrations_count; i++) {
		bool done;
		if ((rc = migration_applied(s, store_migrations[i].version, &done, err)))
			return rc;
		if (!done) {
			*current = store_migrations[i].version - 1;
			break;
		}
	}
	return 0;
}

int store_schema_version(store *s, int *current, int *known, struct mapo_error *err)
{
	*known = known_version();
	int rc = current_version(s, current, err);
	if (!rc && *current > 0 && *current <= *known)
		rc = lower_to_first_gap(s, current, err);
	return rc;
}

/* Finds the first version recorded in schema_migrations (which must exist) that this binary
 * does not know. With versions that may skip numbers, "newer than this binary" is any unknown
 * one, not only one above the highest known. */
static int unknown_version(store *s, bool *found, int *unknown, struct mapo_error *err)
{
	stmt *st;
	*found = false;
	int rc = sql_stmt(s, "SELECT version FROM schema_migrations ORDER BY version", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int v = sql_column_int(st, 0);
		bool known = false;
		for (size_t i = 0; i < store_migrations_count && !known; i++)
			known = store_migrations[i].version == v;
		if (!known) {
			*found = true;
			*unknown = v;
			return sql_rows_stop(st, 0);
		}
	}
	return sql_rows_end(s, rc, err);
}

/* Applies migration m inside the open transaction, in the backend's spelling. */
static int apply_migration(store *s, const struct store_migration *m, struct mapo_error *err)
{
	struct buf text = BUF_INIT;
	s->be->migration_sql(s, m->sql, &text);
	int rc = s->be->exec(s, buf_str(&text));
	buf_release(&text);
	if (rc) {
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		rc = sql_error(s, rc, NULL);
		return mapo_error_set(err, rc, _("cannot apply the database migration %04d (%s)"), m->version,
			m->name);
	}
	stmt *st;
	if ((rc = sql_stmt(s, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
		     &st, err)))
		return rc;
	char now[SQL_TIMESTAMP_LEN];
	sql_timestamp(now);
	sql_bind_int64(st, 1, m->version);
	sql_bind_text(st, 2, m->name);
	sql_bind_text(st, 3, now);
	rc = sql_step(st); /* not through the fault seam: the seam counts the data's writes */
	return rc == SQL_DONE ? 0 : sql_error(s, rc, err);
}

int store_migrate(store *s, struct mapo_error *err)
{
	for (;;) {
		/* The version is read inside the transaction so that two processes migrating at once
		 * apply each migration once. */
		int rc = store_begin(s, err);
		if (rc)
			return rc;
		int current = 0, unknown = 0;
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
	stmt *st;
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
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *code = sql_column_str(st, 0);
		if (!items_have(items, n, code))
			strvec_push(&gone, code);
	}
	if ((rc = sql_rows_end(s, rc, err)))
		goto out;
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
		stmt *st;
		int rc = sql_stmt(s, ref_sql[k].select, &st, err);
		if (rc)
			return rc;
		while ((rc = sql_step(st)) == SQL_ROW)
			refdata_add(rd, (enum ref_kind)k, sql_column_str(st, 0), sql_column_str(st, 1),
				sql_column_str(st, 2), sql_column_str(st, 3));
		if ((rc = sql_rows_end(s, rc, err)))
			return rc;
	}
	return 0;
}

/* ---- cases ---------------------------------------------------------------------------------- */

/* The columns every case query selects, in this order (read_case reads them). */
#define CASE_COLUMNS                                                                              \
	"c.id, c.ref, c.kind, c.agency, c.action_date, c.state, c.status, r.ref, c.summary, c.version"
#define CASE_FROM " FROM cases c LEFT JOIN cases r ON r.id = c.related_id"

/* Fills c (initialised) from a row of CASE_COLUMNS, without its offences and forms. */
static void read_case(stmt *st, struct mapo_case *c)
{
	c->id = sql_column_int64(st, 0);
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
	c->version = sql_column_int64(st, 9);
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
		stmt *st;
		int rc = sql_stmt(s, sql[i], &st, err);
		if (rc)
			return rc;
		strvec_clear(lists[i]);
		sql_bind_int64(st, 1, c->id);
		while ((rc = sql_step(st)) == SQL_ROW)
			strvec_push(lists[i], sql_column_str(st, 0));
		if ((rc = sql_rows_end(s, rc, err)))
			return rc;
	}
	return 0;
}

/* Looks up a case by reference: its id, version, kind, action date and status (each optional).
 * MAPO_ENOTFOUND (no message) when absent. */
static int find_case(store *s, const char *ref, int64_t *id, int64_t *version, char kind[4],
	char action_date[DATE_STRLEN], char status[16], struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT id, version, kind, action_date, status FROM cases WHERE ref = ?1", &st,
		err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	if (id)
		*id = sql_column_int64(st, 0);
	if (version)
		*version = sql_column_int64(st, 1);
	if (kind)
		sql_column_copy(st, 2, kind, 4);
	if (action_date)
		sql_column_copy(st, 3, action_date, DATE_STRLEN);
	if (status)
		sql_column_copy(st, 4, status, 16);
	sql_reset(st);
	return 0;
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
	stmt *st;
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
	stmt *st;
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
static void bind_case(stmt *st, const struct mapo_case *c, int64_t related)
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
		sql_bind_null(st, 7);
	sql_bind_text(st, 8, c->summary ? c->summary : "");
}

static int case_row_invalid(const struct mapo_case *c, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL,
		_("case '%s': the kind, agency, state, status or action date is missing or unknown"), c->ref);
}

static int bulk_case_insert(store *s, struct mapo_case *c, struct mapo_error *err);
static int bulk_person_put(store *s, struct case_person *p, struct mapo_error *err);

int store_case_insert(store *s, struct mapo_case *c, struct mapo_error *err)
{
	char now[SQL_TIMESTAMP_LEN];
	int64_t related, id = 0;
	stmt *st;
	unsigned long mark;
	if (s->bulk && s->depth > 0)
		return bulk_case_insert(s, c, err);
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
		     "version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9) RETURNING id",
		     &st, err)))
		goto out;
	bind_case(st, c, related);
	sql_bind_text(st, 9, now);
	if ((rc = sql_exec_write_id(s, st, &id, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("case '%s' exists already"), c->ref);
		else if (rc == MAPO_EINVAL)
			case_row_invalid(c, err);
		goto out;
	}
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
	int64_t id = 0, version = 0, related;
	stmt *st;
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
	/* Writers are one at a time on both backends, so the version read above still holds; the
	 * check in the WHERE keeps that true should it ever change. */
	if (sql_changes(s) == 0) {
		rc = conflict(c->ref, version + 1, c->version, err);
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
	stmt *st;
	int rc = sql_stmt(s, "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.ref = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, ref);
	if ((rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("case '%s' does not exist"), ref);
	if (rc)
		return rc;
	read_case(st, out);
	sql_reset(st);
	return read_case_lists(s, out, err);
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
	int64_t id = 0, stored = 0;
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
		stmt *st;
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
	stmt *st;
	int rc = sql_stmt(s, "SELECT ref FROM cases WHERE ref >= ?1 AND ref < ?2 ORDER BY ref DESC LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, lo);
	sql_bind_text(st, 2, hi);
	*seq = 1;
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? 0 : rc; /* the first of the year */
	long long n;
	if (!parse_int(sql_column_str(st, 0) + strlen(lo), 0, 999999, &n))
		*seq = (long)n + 1;
	sql_reset(st);
	return 0;
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

static void filter_bind(stmt *st, const struct case_filter *f)
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

static void list_bind(stmt *st, const struct case_filter *f)
{
	filter_bind(st, f);
	sql_bind_date(st, P_FROM, f->from);
	sql_bind_date(st, P_TO, f->to);
	if (has(f->text))
		sql_bind_text(st, P_TEXT, f->text);
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
	stmt *st = NULL;
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
	if ((rc = sql_stmt(s, buf_str(&sql), &st, err)))
		goto out;
	list_bind(st, f);
	sql_bind_int64(st, P_LIMIT, f->limit > 0 ? f->limit : INT64_MAX);
	sql_bind_int64(st, P_OFFSET, f->offset);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_case(st, &c);
		if ((rc = read_case_lists(s, &c, err)))
			goto out;
		if ((rc = cb(&c, arg)))
			goto out;
	}
	rc = sql_rows_end(s, rc, err);
out:
	sql_reset(st);
	buf_release(&sql);
	strvec_release(&c.offences);
	strvec_release(&c.forms);
	free(c.summary);
	return rc;
}

int store_case_count(store *s, const struct case_filter *f, long long *n, struct mapo_error *err)
{
	struct buf sql = BUF_INIT;
	stmt *st = NULL;
	int rc = check_filter(f, err);
	if (rc)
		return rc;
	buf_addstr(&sql, "SELECT count(*) FROM cases c");
	list_where(&sql, f);
	if ((rc = sql_stmt(s, buf_str(&sql), &st, err)))
		goto out;
	list_bind(st, f);
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		*n = sql_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
out:
	sql_reset(st);
	buf_release(&sql);
	return rc;
}

/* ---- persons -------------------------------------------------------------------------------- */

/* Compares the stored person (a row of id, sex, birth_date, age, nationality) with p. */
static int person_agrees(stmt *st, const struct case_person *p, struct mapo_error *err)
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
	} else if ((sql_column_null(st, 3) ? -1 : sql_column_int(st, 3)) != p->age) {
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
	int64_t case_id = 0, person_id = 0, role_id = 0;
	stmt *st;
	unsigned long mark;
	if (s->bulk && s->depth > 0) {
		int brc = bulk_person_put(s, p, err);
		if (brc <= 0)
			return brc;
	}
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
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		person_id = sql_column_int64(st, 0);
		rc = person_agrees(st, p, err);
	} else {
		rc = rc == SQL_DONE ? 0 : sql_error(s, rc, err);
	}
	sql_reset(st);
	if (rc)
		goto out;
	if (!person_id) {
		if ((rc = sql_stmt(s,
			     "INSERT INTO persons (person_ref, sex, birth_date, age, nationality) "
			     "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
			     &st, err)))
			goto out;
		sql_bind_text(st, 1, p->person_ref);
		sql_bind_opt_text(st, 2, sex);
		sql_bind_date(st, 3, p->birth_date);
		if (p->age >= 0)
			sql_bind_int64(st, 4, p->age);
		sql_bind_opt_text(st, 5, p->nationality);
		if ((rc = sql_exec_write_id(s, st, &person_id, err))) {
			if (rc == MAPO_EINVAL)
				mapo_error_set(err, rc, _("person '%s': the sex, age or nationality is missing or unknown"),
					p->person_ref);
			goto out;
		}
	}

	if ((rc = sql_stmt(s, "SELECT id FROM case_persons WHERE case_id = ?1 AND person_id = ?2 AND role = ?3",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, case_id);
	sql_bind_int64(st, 2, person_id);
	sql_bind_text(st, 3, role);
	rc = sql_step(st);
	if (rc == SQL_ROW)
		role_id = sql_column_int64(st, 0);
	rc = rc == SQL_ROW || rc == SQL_DONE ? 0 : sql_error(s, rc, err);
	sql_reset(st);
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
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
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
	if ((rc = role_id ? sql_exec_write(s, st, err) : sql_exec_write_id(s, st, &role_id, err))) {
		if (rc == MAPO_EINVAL)
			mapo_error_set(err, rc,
				_("person '%s' in case '%s': arrest and suspect fields are for suspects, rescue "
				  "and trafficking status for victims"),
				p->person_ref, p->case_ref);
		goto out;
	}
out:
	rc = sql_end(s, rc, mark, err);
	if (!rc)
		p->id = role_id;
	return rc;
}

int store_person_remove(store *s, const char *case_ref, const char *person_ref, enum person_role role,
	struct mapo_error *err)
{
	stmt *st;
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
	if (sql_changes(s) == 0) {
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
	 * "?1 IS NULL OR c.ref = ?1" would hide the reference index from the planner. cb may call
	 * back into the store, even into this function: the cache then lends a second statement. */
#define PERSON_LIST_SQL(where)                                                                    \
	"SELECT cp.id, c.ref, p.person_ref, cp.role, p.sex, p.birth_date, p.age, p.nationality, "  \
	"cp.arrest_date, cp.suspect_role, cp.trafficking_status, cp.rescue_date "                  \
	"FROM cases c CROSS JOIN case_persons cp ON cp.case_id = c.id "                           \
	"JOIN persons p ON p.id = cp.person_id " where                                             \
	"ORDER BY c.ref, p.person_ref, CASE cp.role WHEN 'suspect' THEN 0 WHEN 'victim' THEN 1 ELSE 2 END"
	const char *sql = case_ref ? PERSON_LIST_SQL("WHERE c.ref = ?1 ") : PERSON_LIST_SQL("");
#undef PERSON_LIST_SQL
	stmt *st;
	int rc = sql_stmt(s, sql, &st, err);
	if (rc)
		return rc;
	if (case_ref)
		sql_bind_text(st, 1, case_ref);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct case_person p;
		memset(&p, 0, sizeof(p));
		p.id = sql_column_int64(st, 0);
		sql_column_copy(st, 1, p.case_ref, sizeof(p.case_ref));
		sql_column_copy(st, 2, p.person_ref, sizeof(p.person_ref));
		p.role = (enum person_role)code_parse(prole_codes, PROLE__COUNT, sql_column_str(st, 3));
		p.sex = sql_column_str(st, 4)[0];
		p.birth_date = sql_column_date(st, 5);
		p.age = sql_column_null(st, 6) ? -1 : sql_column_int(st, 6);
		sql_column_copy(st, 7, p.nationality, sizeof(p.nationality));
		p.arrest_date = sql_column_date(st, 8);
		p.suspect_role = (enum suspect_role)code_parse(srole_codes, SROLE__COUNT, sql_column_str(st, 9));
		p.trafficking_status =
			(enum trafficking_status)code_parse(tstatus_codes, TSTATUS__COUNT, sql_column_str(st, 10));
		p.rescue_date = sql_column_date(st, 11);
		if ((rc = cb(&p, arg)))
			goto out;
	}
	rc = sql_rows_end(s, rc, err);
out:
	sql_reset(st);
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
	buf_addstr(b, ") arm"); /* PostgreSQL before 16 wants a name */
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
	stmt *st = NULL;
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
		fprintf(stderr, "mapo: %s: %s\n", s->be->name, buf_str(&sql));
	if ((rc = sql_stmt(s, buf_str(&sql), &st, err)))
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
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct tally_row row;
		memset(&row, 0, sizeof(row));
		for (size_t i = 0; i < nk; i++)
			row.keys[i] = sql_column_str(st, (int)i);
		row.tip_cases = sql_column_int64(st, (int)nk);
		row.tip_arrests = sql_column_int64(st, (int)nk + 1);
		row.tip_forced_labour_cases = sql_column_int64(st, (int)nk + 2);
		row.som_cases = sql_column_int64(st, (int)nk + 3);
		row.som_arrests = sql_column_int64(st, (int)nk + 4);
		row.victims_rescued = sql_column_int64(st, (int)nk + 5);
		if ((rc = cb(&row, arg)))
			goto out;
	}
	rc = sql_rows_end(s, rc, err);
out:
	sql_reset(st);
	buf_release(&sql);
	return rc;
}

/* ---- bulk loading (PostgreSQL) -------------------------------------------------------------- */

/* Between store_bulk_begin and the end of the transaction, store_case_insert and store_person_put
 * keep the rows they would write in memory and write them in batches: one round trip of
 * multi-row INSERTs per batch instead of one to ten per row, which over a socket is what the
 * demo's time was made of. The rows and their ids are the ones the one-by-one path writes: ids
 * come from the same identity sequences, in the same order, and the sequences are set past them
 * at each batch. The batch is written before any other statement runs on the store (sql_stmt),
 * before the commit, and when it grows past BULK_BATCH_BYTES; a rollback drops it. What the
 * database would have refused row by row (a constraint) fails the batch, with the general
 * message; the checks the store makes itself (a reference taken in the batch, a person who
 * differs from before) answer at the call as on the one-by-one path. */

#define BULK_BATCH_BYTES ((size_t)4 << 20)
#define BULK_CACHE_MAX 200000 /* cases remembered across batches before they are forgotten */

/* string -> index, open addressing */
struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, n;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key: its own, or the empty one where it would go. */
static size_t strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)str_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static bool strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	if (!m->cap)
		return false;
	size_t i = strmap_slot(m, key);
	if (!m->keys[i])
		return false;
	*val = m->vals[i];
	return true;
}

static void strmap_put(struct strmap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 1024;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = strmap_slot(m, old.keys[i]);
				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
			}
		free(old.keys);
		free(old.vals);
	}
	size_t i = strmap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

static void strmap_release(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

struct bulk_case {
	int64_t id;
	char kind[4];
	char action_date[DATE_STRLEN];
};

struct bulk_person {
	char ref[PERSON_REF_MAX];
	int64_t id; /* 0 until the batch that writes it knows it */
	char sex;
	mapo_date birth_date;
	int age;
	char nationality[4];
};

struct bulk_role {
	int64_t id, case_id;
	size_t person; /* index in persons */
	char kind[4], action_date[DATE_STRLEN];
	const char *role, *suspect_role, *trafficking_status;
	mapo_date arrest_date, rescue_date;
};

/* An identity sequence handed out here: next is the id the next row gets, first the first of
 * this batch (0: none taken yet since the last batch). */
struct bulk_ids {
	const char *table;
	int64_t first, next;
};

struct store_bulk {
	bool busy; /* writing the batch, or running its own statements: no flush from sql_stmt */
	struct strmap case_ix, person_ix, role_ix;
	struct bulk_case *cases;
	size_t ncases, alloc_cases;
	struct bulk_person *persons;
	size_t npersons, alloc_persons;
	struct bulk_role *roles; /* this batch's */
	size_t nroles, alloc_roles;
	size_t persons_written; /* persons[0 .. persons_written) have their ids */
	struct buf case_rows, offence_rows, form_rows, history_rows;
	struct bulk_ids case_ids, role_ids;
};

int store_bulk_begin(store *s, struct mapo_error *err)
{
	if (s->depth <= 0)
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("no transaction is open"));
	if (!sql_is_pg(s) || s->bulk)
		return 0;
	struct store_bulk *b = xcalloc(1, sizeof(*b));
	buf_init(&b->case_rows, 0);
	buf_init(&b->offence_rows, 0);
	buf_init(&b->form_rows, 0);
	buf_init(&b->history_rows, 0);
	b->case_ids.table = "cases";
	b->role_ids.table = "case_persons";
	s->bulk = b;
	return 0;
}

static void bulk_forget(struct store_bulk *b)
{
	strmap_release(&b->case_ix);
	strmap_release(&b->person_ix);
	strmap_release(&b->role_ix);
	b->ncases = b->npersons = b->persons_written = 0;
}

void sql_bulk_free(store *s)
{
	struct store_bulk *b = s->bulk;
	if (!b)
		return;
	bulk_forget(b);
	free(b->cases);
	free(b->persons);
	free(b->roles);
	buf_release(&b->case_rows);
	buf_release(&b->offence_rows);
	buf_release(&b->form_rows);
	buf_release(&b->history_rows);
	free(b);
	s->bulk = NULL;
}

/* The fault seam (store_fail_after) for n statements the one-by-one path would have run. */
static int bulk_fault(store *s, unsigned long n, struct mapo_error *err)
{
	for (unsigned long i = 0; i < n; i++)
		if (s->fail_after && --s->fail_after == 0) {
			s->last_rc = SQL_EFULL;
			return sql_error(s, SQL_EFULL, err);
		}
	s->writes += n;
	return 0;
}

/* The next id of ids' table, taking the first from its sequence once per batch. */
static int bulk_next_id(store *s, struct bulk_ids *ids, int64_t *id, struct mapo_error *err)
{
	if (!ids->first) {
		char sql[128];
		stmt *st;
		snprintf(sql, sizeof(sql), "SELECT nextval(pg_get_serial_sequence('%s', 'id'))", ids->table);
		bool busy = s->bulk->busy;
		s->bulk->busy = true; /* the batch need not be written for this */
		int rc = sql_stmt(s, sql, &st, err);
		if (!rc && (rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
			rc = sql_error(s, SQL_EERROR, err);
		s->bulk->busy = busy;
		if (rc)
			return rc;
		ids->first = ids->next = sql_column_int64(st, 0);
		sql_reset(st);
	}
	*id = ids->next++;
	return 0;
}

/* Appends the sequence's setval for the ids handed out in this batch. */
static void bulk_set_sequence(struct buf *sql, struct bulk_ids *ids)
{
	if (!ids->first)
		return;
	if (ids->next > ids->first)
		buf_printf(sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), %lld);\n", ids->table,
			(long long)(ids->next - 1));
	else
		buf_printf(sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), %lld, false);\n", ids->table,
			(long long)ids->first);
	ids->first = ids->next = 0;
}

/* SQL literals: text quoted ('' inside), NULL for NULL (and for "" where opt). */
static void lit_text(struct buf *b, const char *v)
{
	if (!v) {
		buf_addstr(b, "NULL");
		return;
	}
	buf_addch(b, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '\'')
			buf_addch(b, '\'');
		buf_addch(b, *p);
	}
	buf_addch(b, '\'');
}

static void lit_opt_text(struct buf *b, const char *v)
{
	lit_text(b, v && *v ? v : NULL);
}

static void lit_date(struct buf *b, mapo_date d)
{
	char s[DATE_STRLEN];
	if (d == DATE_NONE) {
		buf_addstr(b, "NULL");
		return;
	}
	date_format(d, s);
	lit_text(b, s);
}

/* Starts a row of a VALUES list: "(" or ",\n(". */
static void row_start(struct buf *b)
{
	buf_addstr(b, b->len ? ",\n(" : "(");
}

static size_t bulk_bytes(const struct store_bulk *b)
{
	return b->case_rows.len + b->offence_rows.len + b->form_rows.len + b->history_rows.len +
		b->nroles * 160 + (b->npersons - b->persons_written) * 80;
}

/* Gives the batch's new persons their ids: those already in the database (a person of an earlier
 * batch forgotten since, or of another import) keep theirs, after the same check as
 * store_person_put; the others get the next ones of the sequence, in the order they came. */
static int bulk_resolve_persons(store *s, struct buf *sql, struct mapo_error *err)
{
	struct store_bulk *b = s->bulk;
	struct buf refs = BUF_INIT;
	stmt *st = NULL;
	int rc = 0;
	size_t missing = 0;
	buf_addch(&refs, '{');
	for (size_t i = b->persons_written; i < b->npersons; i++) {
		if (b->persons[i].id)
			continue;
		if (missing++)
			buf_addch(&refs, ',');
		buf_addch(&refs, '"');
		for (const char *p = b->persons[i].ref; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addch(&refs, '\\');
			buf_addch(&refs, *p);
		}
		buf_addch(&refs, '"');
	}
	buf_addch(&refs, '}');
	if (!missing)
		goto out;
	if ((rc = sql_stmt(s,
		     "SELECT id, sex, birth_date, age, nationality, person_ref FROM persons "
		     "WHERE person_ref = ANY (CAST(?1 AS TEXT[]))",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, buf_str(&refs));
	while ((rc = sql_step(st)) == SQL_ROW) {
		size_t i;
		if (!strmap_get(&b->person_ix, sql_column_str(st, 5), &i))
			continue;
		struct case_person p;
		memset(&p, 0, sizeof(p));
		snprintf(p.person_ref, sizeof(p.person_ref), "%s", b->persons[i].ref);
		p.sex = b->persons[i].sex;
		p.birth_date = b->persons[i].birth_date;
		p.age = b->persons[i].age;
		snprintf(p.nationality, sizeof(p.nationality), "%s", b->persons[i].nationality);
		if ((rc = person_agrees(st, &p, err))) {
			sql_reset(st);
			goto out;
		}
		b->persons[i].id = sql_column_int64(st, 0);
	}
	if ((rc = sql_rows_end(s, rc, err)))
		goto out;
	struct bulk_ids ids = {"persons", 0, 0};
	bool any = false;
	for (size_t i = b->persons_written; i < b->npersons; i++) {
		struct bulk_person *p = &b->persons[i];
		if (p->id)
			continue;
		char sex[2] = {p->sex, '\0'};
		if ((rc = bulk_next_id(s, &ids, &p->id, err)))
			goto out;
		buf_addstr(sql, any ? ",\n(" : "INSERT INTO persons (id, person_ref, sex, birth_date, age, nationality) VALUES\n(");
		any = true;
		buf_printf(sql, "%lld, ", (long long)p->id);
		lit_text(sql, p->ref);
		buf_addstr(sql, ", ");
		lit_opt_text(sql, sex);
		buf_addstr(sql, ", ");
		lit_date(sql, p->birth_date);
		if (p->age >= 0)
			buf_printf(sql, ", %d, ", p->age);
		else
			buf_addstr(sql, ", NULL, ");
		lit_opt_text(sql, p->nationality);
		buf_addch(sql, ')');
	}
	if (any)
		buf_addstr(sql, ";\n");
	bulk_set_sequence(sql, &ids);
out:
	buf_release(&refs);
	return rc;
}

static void bulk_insert(struct buf *sql, const char *head, struct buf *rows)
{
	if (!rows->len)
		return;
	buf_addstr(sql, head);
	buf_add(sql, rows->data, rows->len);
	buf_addstr(sql, ";\n");
	buf_reset(rows);
}

int sql_bulk_flush(store *s, struct mapo_error *err)
{
	struct store_bulk *b = s->bulk;
	if (!b || b->busy ||
		(!b->case_rows.len && !b->nroles && b->persons_written == b->npersons && !b->case_ids.first &&
			!b->role_ids.first))
		return 0;
	b->busy = true;
	struct buf sql = BUF_INIT;
	buf_addstr(&sql, "SET LOCAL standard_conforming_strings = on;\n");
	int rc = bulk_resolve_persons(s, &sql, err);
	if (rc)
		goto out;
	b->persons_written = b->npersons;
	struct buf persons_sql = BUF_INIT;
	buf_add(&persons_sql, sql.data, sql.len);
	buf_reset(&sql);
	bulk_insert(&sql,
		"INSERT INTO cases (id, ref, kind, agency, action_date, state, status, related_id, summary, "
		"version, created_at, updated_at) VALUES\n",
		&b->case_rows);
	bulk_insert(&sql, "INSERT INTO case_offences (case_id, offence, pos) VALUES\n", &b->offence_rows);
	bulk_insert(&sql, "INSERT INTO case_forms (case_id, case_kind, case_action_date, form, pos) VALUES\n",
		&b->form_rows);
	bulk_insert(&sql, "INSERT INTO case_status_history (case_id, status, version, changed_at) VALUES\n",
		&b->history_rows);
	buf_add(&sql, persons_sql.data, persons_sql.len);
	buf_release(&persons_sql);
	for (size_t i = 0; i < b->nroles; i++) {
		struct bulk_role *r = &b->roles[i];
		buf_addstr(&sql, i ? ",\n(" : "INSERT INTO case_persons (id, case_id, case_kind, case_action_date, "
			"person_id, role, arrest_date, suspect_role, trafficking_status, rescue_date) VALUES\n(");
		buf_printf(&sql, "%lld, %lld, ", (long long)r->id, (long long)r->case_id);
		lit_text(&sql, r->kind);
		buf_addstr(&sql, ", ");
		lit_text(&sql, r->action_date);
		buf_printf(&sql, ", %lld, ", (long long)b->persons[r->person].id);
		lit_text(&sql, r->role);
		buf_addstr(&sql, ", ");
		lit_date(&sql, r->arrest_date);
		buf_addstr(&sql, ", ");
		lit_text(&sql, r->suspect_role);
		buf_addstr(&sql, ", ");
		lit_text(&sql, r->trafficking_status);
		buf_addstr(&sql, ", ");
		lit_date(&sql, r->rescue_date);
		buf_addch(&sql, ')');
	}
	if (b->nroles)
		buf_addstr(&sql, ";\n");
	b->nroles = 0;
	bulk_set_sequence(&sql, &b->case_ids);
	bulk_set_sequence(&sql, &b->role_ids);
	rc = sql_exec(s, buf_str(&sql), err);
	if (!rc && (b->ncases > BULK_CACHE_MAX || b->npersons > 8 * (size_t)BULK_CACHE_MAX))
		bulk_forget(b);
out:
	buf_release(&sql);
	b->busy = false;
	return rc;
}

/* store_case_insert in a batch. */
static int bulk_case_insert(store *s, struct mapo_case *c, struct mapo_error *err)
{
	struct store_bulk *b = s->bulk;
	size_t ix;
	int rc;
	if (s->aborted)
		return mapo_error_set(err, MAPO_ESTORE, "%s", _("the transaction was rolled back after an error"));
	if (!c->ref[0])
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the case has no reference"));
	if (strmap_get(&b->case_ix, c->ref, &ix))
		return mapo_error_set(err, MAPO_EEXIST, _("case '%s' exists already"), c->ref);
	const char *kind = code_of(kind_codes, NCODES(kind_codes), c->kind);
	const char *status = code_of(status_codes, STATUS__COUNT, (int)c->status);
	if (!kind || !status || !c->agency[0] || !c->state[0] || c->action_date == DATE_NONE)
		return case_row_invalid(c, err);
	for (size_t i = 0; i < c->offences.n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->offences.v[i], c->offences.v[j]))
				return mapo_error_set(err, MAPO_EINVAL, _("case '%s': offence section '%s' is listed twice"),
					c->ref, c->offences.v[i]);
	for (size_t i = 0; i < c->forms.n; i++) {
		if (c->kind != KIND_TIP)
			return mapo_error_set(err, MAPO_EINVAL,
				_("case '%s': a smuggling case has no forms of exploitation"), c->ref);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->forms.v[i], c->forms.v[j]))
				return mapo_error_set(err, MAPO_EINVAL, _("case '%s': form '%s' is listed twice"), c->ref,
					c->forms.v[i]);
	}
	if (bulk_bytes(b) > BULK_BATCH_BYTES && (rc = sql_bulk_flush(s, err)))
		return rc;
	int64_t related = 0, id;
	if (c->related_ref[0]) {
		if (strmap_get(&b->case_ix, c->related_ref, &ix))
			related = b->cases[ix].id;
		else {
			/* not in the batch: the database's answer needs no flush */
			b->busy = true;
			rc = related_id(s, c, &related, err);
			b->busy = false;
			if (rc)
				return rc;
		}
	}
	if ((rc = bulk_fault(s, 2 + c->offences.n + c->forms.n, err)))
		return rc;
	if ((rc = bulk_next_id(s, &b->case_ids, &id, err)))
		return rc;

	char now[SQL_TIMESTAMP_LEN], date[DATE_STRLEN];
	sql_timestamp(now);
	date_format(c->action_date, date);
	struct buf *r = &b->case_rows;
	row_start(r);
	buf_printf(r, "%lld, ", (long long)id);
	lit_text(r, c->ref);
	buf_addstr(r, ", ");
	lit_text(r, kind);
	buf_addstr(r, ", ");
	lit_text(r, c->agency);
	buf_addstr(r, ", ");
	lit_text(r, date);
	buf_addstr(r, ", ");
	lit_text(r, c->state);
	buf_addstr(r, ", ");
	lit_text(r, status);
	if (related)
		buf_printf(r, ", %lld, ", (long long)related);
	else
		buf_addstr(r, ", NULL, ");
	lit_text(r, c->summary ? c->summary : "");
	buf_addstr(r, ", 1, ");
	lit_text(r, now);
	buf_addstr(r, ", ");
	lit_text(r, now);
	buf_addch(r, ')');
	for (size_t i = 0; i < c->offences.n; i++) {
		row_start(&b->offence_rows);
		buf_printf(&b->offence_rows, "%lld, ", (long long)id);
		lit_text(&b->offence_rows, c->offences.v[i]);
		buf_printf(&b->offence_rows, ", %zu)", i);
	}
	for (size_t i = 0; i < c->forms.n; i++) {
		row_start(&b->form_rows);
		buf_printf(&b->form_rows, "%lld, ", (long long)id);
		lit_text(&b->form_rows, kind);
		buf_addstr(&b->form_rows, ", ");
		lit_text(&b->form_rows, date);
		buf_addstr(&b->form_rows, ", ");
		lit_text(&b->form_rows, c->forms.v[i]);
		buf_printf(&b->form_rows, ", %zu)", i);
	}
	row_start(&b->history_rows);
	buf_printf(&b->history_rows, "%lld, ", (long long)id);
	lit_text(&b->history_rows, status);
	buf_addstr(&b->history_rows, ", 1, ");
	lit_text(&b->history_rows, now);
	buf_addch(&b->history_rows, ')');

	ALLOC_GROW(b->cases, b->ncases + 1, b->alloc_cases);
	struct bulk_case *bc = &b->cases[b->ncases];
	bc->id = id;
	snprintf(bc->kind, sizeof(bc->kind), "%s", kind);
	snprintf(bc->action_date, sizeof(bc->action_date), "%s", date);
	strmap_put(&b->case_ix, c->ref, b->ncases++);
	c->id = id;
	c->version = 1;
	return 0;
}

/* store_person_put in a batch: 1 when it cannot answer here (a case it did not insert, a role
 * that exists already: the one-by-one path then writes it, after the batch). */
static int bulk_person_put(store *s, struct case_person *p, struct mapo_error *err)
{
	struct store_bulk *b = s->bulk;
	size_t cix, pix;
	int rc;
	const char *role = code_of(prole_codes, PROLE__COUNT, (int)p->role);
	if (s->aborted || !strmap_get(&b->case_ix, p->case_ref, &cix))
		return 1;
	if (!p->person_ref[0] || !role)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the person has no reference or no role"));
	const struct bulk_case *bc = &b->cases[cix];
	char key[PERSON_REF_MAX + 64];
	snprintf(key, sizeof(key), "%lld %s %s", (long long)bc->id, role, p->person_ref);
	if (strmap_get(&b->role_ix, key, &pix))
		return 1;
	bool known = strmap_get(&b->person_ix, p->person_ref, &pix);
	if (known) {
		const struct bulk_person *bp = &b->persons[pix];
		const char *field = NULL;
		char was[DATE_STRLEN + 8] = "", now[DATE_STRLEN + 8] = "";
		if (bp->sex != p->sex) {
			field = "sex";
			snprintf(was, sizeof(was), "%c", bp->sex ? bp->sex : ' ');
			snprintf(now, sizeof(now), "%c", p->sex ? p->sex : ' ');
		} else if (bp->birth_date != p->birth_date) {
			field = "birth_date";
			date_format(bp->birth_date, was);
			date_format(p->birth_date, now);
		} else if (bp->age != p->age) {
			field = "age";
			if (bp->age >= 0)
				snprintf(was, sizeof(was), "%d", bp->age);
			if (p->age >= 0)
				snprintf(now, sizeof(now), "%d", p->age);
		} else if (strcmp(bp->nationality, p->nationality)) {
			field = "nationality";
			snprintf(was, sizeof(was), "%s", bp->nationality);
			snprintf(now, sizeof(now), "%s", p->nationality);
		}
		if (field)
			return mapo_error_set(err, MAPO_EINVAL,
				_("person '%s': %s '%s' differs from '%s' recorded for the same person before"),
				p->person_ref, field, now, was);
	}
	if ((rc = bulk_fault(s, known ? 1 : 2, err)))
		return rc;
	int64_t role_id;
	if ((rc = bulk_next_id(s, &b->role_ids, &role_id, err)))
		return rc;
	if (!known) {
		ALLOC_GROW(b->persons, b->npersons + 1, b->alloc_persons);
		struct bulk_person *bp = &b->persons[b->npersons];
		memset(bp, 0, sizeof(*bp));
		snprintf(bp->ref, sizeof(bp->ref), "%s", p->person_ref);
		bp->sex = p->sex;
		bp->birth_date = p->birth_date;
		bp->age = p->age;
		snprintf(bp->nationality, sizeof(bp->nationality), "%s", p->nationality);
		pix = b->npersons++;
		strmap_put(&b->person_ix, p->person_ref, pix);
	}
	ALLOC_GROW(b->roles, b->nroles + 1, b->alloc_roles);
	struct bulk_role *r = &b->roles[b->nroles++];
	r->id = role_id;
	r->case_id = bc->id;
	r->person = pix;
	snprintf(r->kind, sizeof(r->kind), "%s", bc->kind);
	snprintf(r->action_date, sizeof(r->action_date), "%s", bc->action_date);
	r->role = role;
	r->arrest_date = p->arrest_date;
	r->suspect_role = code_of(srole_codes, SROLE__COUNT, (int)p->suspect_role);
	r->trafficking_status = code_of(tstatus_codes, TSTATUS__COUNT, (int)p->trafficking_status);
	r->rescue_date = p->rescue_date;
	strmap_put(&b->role_ix, key, 0);
	p->id = role_id;
	return 0;
}
