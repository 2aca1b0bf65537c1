/* store_protection.h over the backend-neutral SQL layer (sql.h), so on SQLite and PostgreSQL
 * alike (schema: migrations/0005_protection.sql, 0007_health_screening.sql,
 * 0009_health_sealed.sql, 0010_order_no_maximum.sql). Sealed values
 * pass through as blobs (bytea on PostgreSQL); nothing here can open them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_protection.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* Runs an INSERT ... RETURNING id (or an INSERT ... SELECT that may insert nothing): *id the new
 * row's id; MAPO_ENOTFOUND, without a message, when the SELECT found no row to insert. */
static int insert_id(store *s, stmt *st, int64_t *id, struct mapo_error *err)
{
	bool got = false;
	int rc;
	while ((rc = sql_step_write(s, st)) == SQL_ROW) {
		if (!got)
			*id = sql_column_int64(st, 0);
		got = true;
	}
	if (rc != SQL_DONE)
		return sql_error(s, rc, err);
	s->writes++;
	return got ? 0 : MAPO_ENOTFOUND;
}

/* Runs an UPDATE of one row: MAPO_ENOTFOUND, without a message, when it changed none. */
static int update_one(store *s, stmt *st, struct mapo_error *err)
{
	int rc = sql_exec_write(s, st, err);
	if (!rc && sql_changes(s) == 0)
		rc = MAPO_ENOTFOUND;
	return rc;
}

/* Binds a sealed value: NULL when there is none. */
static void bind_sealed(stmt *st, int i, const struct sealed *v)
{
	if (v && v->data)
		sql_bind_blob(st, i, v->data, v->len);
	else
		sql_bind_null(st, i);
}

/* Copies column i into v (left empty when NULL); v owns the copy. */
static void column_sealed(stmt *st, int i, struct sealed *v)
{
	if (sql_column_null(st, i))
		return;
	size_t len = 0;
	const void *data = sql_column_blob(st, i, &len);
	v->data = xmalloc(len ? len : 1);
	if (len)
		memcpy(v->data, data, len);
	v->len = len;
}

/* Appends the first column of every row of a prepared statement to out. */
static int push_texts(store *s, stmt *st, struct strvec *out, struct mapo_error *err)
{
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW)
		strvec_push(out, sql_column_str(st, 0));
	return sql_rows_end(s, rc, err);
}

static const char *const tstatus_codes[TSTATUS__COUNT] = {"possible", "actual", "not-a-victim"};

static enum trafficking_status column_tstatus(stmt *st, int i)
{
	const char *v = sql_column_str(st, i);
	for (int k = 0; k < TSTATUS__COUNT; k++)
		if (!strcmp(v, tstatus_codes[k]))
			return (enum trafficking_status)k;
	return (enum trafficking_status)-1;
}

/* ---- sealed columns ------------------------------------------------------------------------ */

struct sealed_def {
	const char *table, *column;
	bool indexed;
	const char *list_sql, *set_sql;
};

#define SEALED(t, c) {#t, #c, false, "SELECT id, " #c " FROM " #t " WHERE " #c " IS NOT NULL ORDER BY id", \
	"UPDATE " #t " SET " #c " = ?2 WHERE id = ?1"}
#define SEALED_IX(t, c, ix) {#t, #c, true, "SELECT id, " #c " FROM " #t " WHERE " #c " IS NOT NULL ORDER BY id", \
	"UPDATE " #t " SET " #c " = ?2, " #ix " = ?3 WHERE id = ?1"}

static const struct sealed_def sealed_defs[SC__COUNT] = {
	SEALED(person_identities, name),
	SEALED_IX(person_identities, id_number, id_number_index),
	SEALED_IX(person_identities, passport_number, passport_index),
	SEALED(person_identities, address),
	SEALED(person_identities, phone),
	SEALED(person_identities, photo),
	SEALED(victim_status_history, reason),
	SEALED(movement_permits, employer),
	SEALED(repatriations, follow_up),
	SEALED(health_screenings, results),
};

const char *store_sealed_table(enum sealed_col c) { return sealed_defs[c].table; }
const char *store_sealed_column(enum sealed_col c) { return sealed_defs[c].column; }
bool store_sealed_indexed(enum sealed_col c) { return sealed_defs[c].indexed; }

int store_sealed_list(store *s, enum sealed_col c, sealed_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, sealed_defs[c].list_sql, &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		size_t len = 0;
		const unsigned char *data = sql_column_blob(st, 1, &len);
		int stop = cb(sql_column_int64(st, 0), data, len, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_sealed_set(store *s, enum sealed_col c, int64_t row, const struct sealed *v, const char *index,
	struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, sealed_defs[c].set_sql, &st, err)))
		goto out;
	sql_bind_int64(st, 1, row);
	bind_sealed(st, 2, v);
	if (sealed_defs[c].indexed)
		sql_bind_opt_text(st, 3, v && v->data ? index : NULL);
	if ((rc = update_one(s, st, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, "%s", _("no such record"));
out:
	return sql_end(s, rc, mark, err);
}

/* ---- persons ------------------------------------------------------------------------------- */

int store_person_lookup(store *s, const char *person_ref, int64_t *person_id, struct case_person *p,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT id, sex, birth_date, age, nationality FROM persons WHERE person_ref = ?1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no person '%s'"), person_ref) : rc;
	if (person_id)
		*person_id = sql_column_int64(st, 0);
	if (p) {
		case_person_init(p);
		snprintf(p->person_ref, sizeof(p->person_ref), "%s", person_ref);
		p->sex = sql_column_str(st, 1)[0];
		p->birth_date = sql_column_date(st, 2);
		p->age = sql_column_null(st, 3) ? -1 : sql_column_int(st, 3);
		sql_column_copy(st, 4, p->nationality, sizeof(p->nationality));
	}
	sql_reset(st);
	return 0;
}

int store_person_facts(store *s, const char *person_ref, const char *org, const char *agency,
	struct person_facts *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT "
		"EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = p.id AND cp.role = 'victim'), "
		"EXISTS (SELECT 1 FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
		"        WHERE cp.person_id = p.id AND c.agency = ?2), "
		"EXISTS (SELECT 1 FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
		"        WHERE cp.person_id = p.id AND c.status IN ('charged', 'convicted', 'acquitted')), "
		"EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = p.id AND r.direction = 'in' AND r.org = ?3) "
		"FROM persons p WHERE p.person_ref = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	sql_bind_text(st, 2, agency ? agency : "");
	sql_bind_text(st, 3, org ? org : "");
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no person '%s'"), person_ref) : rc;
	out->victim = sql_column_int64(st, 0) != 0;
	out->in_agency = agency && *agency && sql_column_int64(st, 1) != 0;
	out->in_prosecution = sql_column_int64(st, 2) != 0;
	out->referred_by_org = org && *org && sql_column_int64(st, 3) != 0;
	sql_reset(st);
	return 0;
}

int store_identity_row(store *s, const char *person_ref, bool create, int64_t *row, struct mapo_error *err)
{
	int64_t person_id;
	stmt *st;
	int rc = store_person_lookup(s, person_ref, &person_id, NULL, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "SELECT id FROM person_identities WHERE person_id = ?1", &st, err)))
		return rc;
	sql_bind_int64(st, 1, person_id);
	rc = sql_read_row(s, st, err);
	if (!rc) {
		*row = sql_column_int64(st, 0);
		sql_reset(st);
		return 0;
	}
	if (rc != MAPO_ENOTFOUND)
		return rc;
	if (!create)
		return mapo_error_set(err, rc, _("no identity recorded for person '%s'"), person_ref);
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	if ((rc = sql_begin(s, &mark, err)))
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO person_identities (person_id, updated_at) VALUES (?1, ?2) RETURNING id",
		     &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, person_id);
	sql_bind_text(st, 2, now);
	rc = sql_exec_write_id(s, st, row, err);
out:
	return sql_end(s, rc, mark, err);
}

void identity_rec_release(struct identity_rec *r)
{
	for (int i = 0; i < IDF__COUNT; i++)
		sealed_release(&r->v[i]);
}

int store_identity_get(store *s, const char *person_ref, struct identity_rec *out, struct mapo_error *err)
{
	stmt *st;
	identity_rec_release(out);
	memset(out, 0, sizeof(*out));
	int rc = sql_stmt(s,
		"SELECT i.id, i.name, i.id_number, i.passport_number, i.address, i.phone, i.photo, "
		"i.erased_at IS NOT NULL FROM person_identities i JOIN persons p ON p.id = i.person_id "
		"WHERE p.person_ref = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no identity recorded for person '%s'"),
			person_ref) : rc;
	out->row = sql_column_int64(st, 0);
	for (int i = 0; i < IDF__COUNT; i++)
		column_sealed(st, 1 + i, &out->v[i]);
	out->erased = sql_column_int64(st, 7) != 0;
	sql_reset(st);
	return 0;
}

int store_identity_find(store *s, bool passport, const char *index, struct strvec *person_refs,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, passport ?
		"SELECT p.person_ref FROM person_identities i JOIN persons p ON p.id = i.person_id "
		"WHERE i.passport_index = ?1 ORDER BY p.person_ref" :
		"SELECT p.person_ref FROM person_identities i JOIN persons p ON p.id = i.person_id "
		"WHERE i.id_number_index = ?1 ORDER BY p.person_ref", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, index);
	return push_texts(s, st, person_refs, err);
}

int store_consent_add(store *s, int64_t person_id, const struct consent *c, const char *recorded_by,
	struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO person_consents (person_id, scope, given, decided_on, recorded_by, "
			      "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, person_id);
	sql_bind_text(st, 2, consent_scope_code(c->scope));
	sql_bind_int64(st, 3, c->given);
	sql_bind_date(st, 4, c->decided_on);
	sql_bind_text(st, 5, recorded_by ? recorded_by : "");
	sql_bind_text(st, 6, now);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_consent_list(store *s, int64_t person_id, consent_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT scope, given, decided_on, recorded_by FROM person_consents "
			     "WHERE person_id = ?1 ORDER BY id", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, person_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct consent c;
		memset(&c, 0, sizeof(c));
		c.scope = (enum consent_scope)consent_scope_parse(sql_column_str(st, 0));
		c.given = sql_column_int64(st, 1) != 0;
		c.decided_on = sql_column_date(st, 2);
		sql_column_copy(st, 3, c.recorded_by, sizeof(c.recorded_by));
		int stop = cb(&c, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- identification ------------------------------------------------------------------------ */

int store_role_lookup(store *s, const char *case_ref, const char *person_ref, enum person_role role,
	int64_t *role_id, struct mapo_error *err)
{
	static const char *const roles[PROLE__COUNT] = {"suspect", "victim", "smuggled-migrant"};
	stmt *st;
	int rc = sql_stmt(s, "SELECT cp.id FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
			     "JOIN persons p ON p.id = cp.person_id WHERE c.ref = ?1 AND p.person_ref = ?2 AND cp.role = ?3",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, case_ref);
	sql_bind_text(st, 2, person_ref);
	sql_bind_text(st, 3, role >= 0 && role < PROLE__COUNT ? roles[role] : "");
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("person '%s' is not a %s in case '%s'"),
			person_ref, person_role_name(role, i18n_lang()), case_ref) : rc;
	*role_id = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

int store_status_add(store *s, int64_t role_id, const struct status_decision *d, int64_t *row,
	struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO victim_status_history (role_id, status, org, decided_on, recorded_at) "
			      "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, role_id);
	sql_bind_text(st, 2, tstatus_codes[d->status]);
	sql_bind_text(st, 3, d->org);
	sql_bind_date(st, 4, d->decided_on);
	sql_bind_text(st, 5, now);
	if ((rc = sql_exec_write_id(s, st, row, err)))
		goto out;
	if ((rc = sql_stmt(s, "UPDATE case_persons SET trafficking_status = ?2 WHERE id = ?1 AND role = 'victim'",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, role_id);
	sql_bind_text(st, 2, tstatus_codes[d->status]);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_status_list(store *s, const char *person_ref, status_rec_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT h.id, c.ref, h.status, h.org, h.decided_on, h.reason "
			     "FROM victim_status_history h JOIN case_persons cp ON cp.id = h.role_id "
			     "JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id "
			     "WHERE p.person_ref = ?1 ORDER BY h.decided_on, h.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct status_decision d;
		memset(&d, 0, sizeof(d));
		d.id = sql_column_int64(st, 0);
		sql_column_copy(st, 1, d.case_ref, sizeof(d.case_ref));
		snprintf(d.person_ref, sizeof(d.person_ref), "%s", person_ref);
		d.status = column_tstatus(st, 2);
		sql_column_copy(st, 3, d.org, sizeof(d.org));
		d.decided_on = sql_column_date(st, 4);
		size_t len = 0;
		const unsigned char *reason = sql_column_blob(st, 5, &len);
		int stop = cb(&d, d.id, reason, len, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_screening_add(store *s, const struct screening *sc, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int64_t id;
	char *codes = strvec_join(&sc->indicators, ";");
	int rc = sql_begin(s, &mark, err);
	if (rc)
		goto done;
	if ((rc = sql_stmt(s, "INSERT INTO screenings (person_id, case_id, org, screened_on, outcome, indicators, "
			      "recorded_at) SELECT p.id, c.id, ?3, ?4, ?5, ?6, ?7 FROM persons p, cases c "
			      "WHERE p.person_ref = ?1 AND c.ref = ?2 RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_text(st, 1, sc->person_ref);
	sql_bind_text(st, 2, sc->case_ref);
	sql_bind_text(st, 3, sc->org);
	sql_bind_date(st, 4, sc->screened_on);
	sql_bind_text(st, 5, tstatus_codes[sc->outcome]);
	sql_bind_text(st, 6, codes);
	sql_bind_text(st, 7, now);
	if ((rc = insert_id(s, st, &id, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no person '%s' in case '%s'"), sc->person_ref, sc->case_ref);
out:
	rc = sql_end(s, rc, mark, err);
done:
	free(codes);
	return rc;
}

int store_screening_list(store *s, const char *person_ref, screening_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT sc.id, c.ref, sc.org, sc.screened_on, sc.outcome, sc.indicators "
			     "FROM screenings sc JOIN cases c ON c.id = sc.case_id JOIN persons p ON p.id = sc.person_id "
			     "WHERE p.person_ref = ?1 ORDER BY sc.screened_on, sc.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct screening sc;
		screening_init(&sc);
		sc.id = sql_column_int64(st, 0);
		sql_column_copy(st, 1, sc.case_ref, sizeof(sc.case_ref));
		snprintf(sc.person_ref, sizeof(sc.person_ref), "%s", person_ref);
		sql_column_copy(st, 2, sc.org, sizeof(sc.org));
		sc.screened_on = sql_column_date(st, 3);
		sc.outcome = column_tstatus(st, 4);
		strvec_split(&sc.indicators, sql_column_str(st, 5), ';');
		int stop = cb(&sc, arg);
		screening_release(&sc);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_order_kinds_replace(store *s, const struct order_kinds *k, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM order_kinds", &st, err)) || (rc = sql_exec_write(s, st, err)))
		goto out;
	for (size_t i = 0; i < k->n; i++) {
		const struct order_kind *o = &k->v[i];
		char *follows = strvec_join(&o->follows, ";");
		if (!(rc = sql_stmt(s, "INSERT INTO order_kinds (kind, section, duration, unit, follows, name_ms, "
				      "name_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, err))) {
			sql_bind_text(st, 1, o->kind);
			sql_bind_text(st, 2, o->section);
			/* no maximum: both NULL */
			if (o->duration) {
				sql_bind_int64(st, 3, o->duration);
				sql_bind_text(st, 4, o->months ? "months" : "days");
			} else {
				sql_bind_null(st, 3);
				sql_bind_null(st, 4);
			}
			sql_bind_text(st, 5, follows);
			sql_bind_text(st, 6, o->name_ms);
			sql_bind_text(st, 7, o->name_en);
			rc = sql_exec_write(s, st, err);
		}
		free(follows);
		if (rc)
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}

int store_order_kinds_load(store *s, struct order_kinds *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT kind, section, duration, unit, follows, name_ms, name_en FROM order_kinds "
			     "ORDER BY kind", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct order_kind k;
		memset(&k, 0, sizeof(k));
		sql_column_copy(st, 0, k.kind, sizeof(k.kind));
		sql_column_copy(st, 1, k.section, sizeof(k.section));
		k.duration = sql_column_null(st, 2) ? 0 : sql_column_int(st, 2);
		k.months = !strcmp(sql_column_str(st, 3), "months");
		strvec_init(&k.follows);
		strvec_split(&k.follows, sql_column_str(st, 4), ';');
		k.name_ms = (char *)sql_column_str(st, 5);
		k.name_en = (char *)sql_column_str(st, 6);
		order_kinds_add(out, &k);
		strvec_release(&k.follows);
	}
	return sql_rows_end(s, rc, err);
}

int store_indicators_replace(store *s, const struct indicator_list *l, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM indicators", &st, err)) || (rc = sql_exec_write(s, st, err)))
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		if ((rc = sql_stmt(s, "INSERT INTO indicators (code, htcds_field, name_ms, name_en) "
				      "VALUES (?1, ?2, ?3, ?4)", &st, err)))
			goto out;
		sql_bind_text(st, 1, l->v[i].code);
		sql_bind_text(st, 2, l->v[i].htcds_field);
		sql_bind_text(st, 3, l->v[i].name_ms);
		sql_bind_text(st, 4, l->v[i].name_en);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}

/* By code: the table keeps no order of its own (SQLite's rowid has no portable equivalent), and
 * the list is only looked up in. */
int store_indicators_load(store *s, struct indicator_list *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT code, htcds_field, name_ms, name_en FROM indicators ORDER BY code", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct indicator it;
		memset(&it, 0, sizeof(it));
		sql_column_copy(st, 0, it.code, sizeof(it.code));
		sql_column_copy(st, 1, it.htcds_field, sizeof(it.htcds_field));
		it.name_ms = (char *)sql_column_str(st, 2);
		it.name_en = (char *)sql_column_str(st, 3);
		indicator_list_add(out, &it);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- orders -------------------------------------------------------------------------------- */

static const char *const outcome_codes[OUTCOME__COUNT] = {
	"released", "immigration", "repatriated", "placed-elsewhere", "superseded",
};

#define ORDER_COLUMNS \
	"o.id, c.ref, p.person_ref, o.kind, o.section, o.court, o.start_date, o.end_date, o.parent_id, " \
	"o.outcome, o.outcome_date"
#define ORDER_FROM \
	" FROM protection_orders o JOIN cases c ON c.id = o.case_id JOIN persons p ON p.id = o.person_id "

static void order_from_row(stmt *st, struct protection_order *o)
{
	protection_order_init(o);
	o->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, o->case_ref, sizeof(o->case_ref));
	sql_column_copy(st, 2, o->person_ref, sizeof(o->person_ref));
	sql_column_copy(st, 3, o->kind, sizeof(o->kind));
	sql_column_copy(st, 4, o->section, sizeof(o->section));
	sql_column_copy(st, 5, o->court, sizeof(o->court));
	o->start_date = sql_column_date(st, 6);
	o->end_date = sql_column_date(st, 7);
	o->parent_id = sql_column_int64(st, 8);
	o->outcome = OUTCOME_NONE;
	const char *oc = sql_column_str(st, 9);
	for (int i = 0; i < OUTCOME__COUNT; i++)
		if (!strcmp(oc, outcome_codes[i]))
			o->outcome = (enum order_outcome)i;
	o->outcome_date = sql_column_date(st, 10);
}

int store_order_insert(store *s, struct protection_order *o, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO protection_orders (person_id, case_id, kind, section, court, start_date, "
			      "end_date, parent_id, created_at) SELECT p.id, c.id, ?3, ?4, ?5, ?6, ?7, ?8, ?9 "
			      "FROM persons p, cases c WHERE p.person_ref = ?1 AND c.ref = ?2 RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_text(st, 1, o->person_ref);
	sql_bind_text(st, 2, o->case_ref);
	sql_bind_text(st, 3, o->kind);
	sql_bind_text(st, 4, o->section);
	sql_bind_text(st, 5, o->court);
	sql_bind_date(st, 6, o->start_date);
	sql_bind_date(st, 7, o->end_date);
	if (o->parent_id)
		sql_bind_int64(st, 8, o->parent_id);
	else
		sql_bind_null(st, 8);
	sql_bind_text(st, 9, now);
	if ((rc = insert_id(s, st, &o->id, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no person '%s' in case '%s'"), o->person_ref, o->case_ref);
out:
	return sql_end(s, rc, mark, err);
}

int store_order_get(store *s, int64_t id, struct protection_order *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " ORDER_COLUMNS ORDER_FROM "WHERE o.id = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, id);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no order %lld"), (long long)id) : rc;
	order_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_order_set_outcome(store *s, int64_t id, enum order_outcome outcome, mapo_date on,
	struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE protection_orders SET outcome = ?2, outcome_date = ?3 WHERE id = ?1", &st,
		     err)))
		goto out;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, outcome_codes[outcome]);
	sql_bind_date(st, 3, on);
	if ((rc = update_one(s, st, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no order %lld"), (long long)id);
out:
	return sql_end(s, rc, mark, err);
}

int store_order_open(store *s, const char *case_ref, const char *person_ref, struct protection_order *out,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " ORDER_COLUMNS ORDER_FROM
			     "WHERE c.ref = ?1 AND p.person_ref = ?2 AND o.outcome IS NULL "
			     "ORDER BY o.start_date DESC, o.id DESC LIMIT 1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, case_ref);
	sql_bind_text(st, 2, person_ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	order_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_order_list(store *s, const struct order_query *q, order_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " ORDER_COLUMNS ORDER_FROM
			     "WHERE (CAST(?1 AS TEXT) IS NULL OR p.person_ref = ?1) AND "
			     "(?2 = 0 OR (?2 = 1 AND o.outcome IS NULL AND o.end_date BETWEEN ?3 AND ?4) "
			     "        OR (?2 = 2 AND o.outcome IS NULL AND o.end_date < ?3)) "
			     "ORDER BY o.end_date, o.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, q->person_ref);
	sql_bind_int64(st, 2, q->which);
	if (q->which != ORDERS_ALL) {
		sql_bind_date(st, 3, q->as_of);
		sql_bind_date(st, 4, q->as_of + (q->days > 0 ? q->days : 0));
	}
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct protection_order o;
		order_from_row(st, &o);
		int stop = cb(&o, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- places of refuge ---------------------------------------------------------------------- */

#define SHELTER_COLUMNS "id, code, name, operator, serves, capacity, state"

static void shelter_from_row(stmt *st, struct shelter *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, sh->code, sizeof(sh->code));
	sql_column_copy(st, 2, sh->name, sizeof(sh->name));
	sh->operator_kind = (enum shelter_operator)shelter_operator_parse(sql_column_str(st, 3));
	sh->serves = (enum shelter_serves)shelter_serves_parse(sql_column_str(st, 4));
	sh->capacity = sql_column_int(st, 5);
	sql_column_copy(st, 6, sh->state, sizeof(sh->state));
}

int store_shelter_put(store *s, struct shelter *sh, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	/* RETURNING gives the row inserted or updated, so the id either way. */
	if ((rc = sql_stmt(s, "INSERT INTO shelters (code, name, operator, serves, capacity, state) "
			      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
			      "operator = excluded.operator, serves = excluded.serves, capacity = excluded.capacity, "
			      "state = excluded.state RETURNING id", &st, err)))
		goto out;
	sql_bind_text(st, 1, sh->code);
	sql_bind_text(st, 2, sh->name);
	sql_bind_text(st, 3, shelter_operator_code(sh->operator_kind));
	sql_bind_text(st, 4, shelter_serves_code(sh->serves));
	sql_bind_int64(st, 5, sh->capacity);
	sql_bind_opt_text(st, 6, sh->state);
	rc = sql_exec_write_id(s, st, &sh->id, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_shelter_get(store *s, const char *code, struct shelter *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " SHELTER_COLUMNS " FROM shelters WHERE code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no shelter '%s'"), code) : rc;
	shelter_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_shelter_list(store *s, shelter_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " SHELTER_COLUMNS " FROM shelters ORDER BY code", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct shelter sh;
		shelter_from_row(st, &sh);
		int stop = cb(&sh, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_shelter_occupancy(store *s, int64_t shelter_id, mapo_date day, long long *n, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT count(*) FROM shelter_stays WHERE shelter_id = ?1 AND admitted_on <= ?2 "
			     "AND (discharged_on IS NULL OR discharged_on > ?2)", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, shelter_id);
	sql_bind_date(st, 2, day);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	*n = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

int store_stay_open(store *s, int64_t person_id, mapo_date day, int64_t *stay_id, char shelter_code[CODE_MAX],
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT st.id, sh.code FROM shelter_stays st JOIN shelters sh ON sh.id = st.shelter_id "
			     "WHERE st.person_id = ?1 AND st.admitted_on <= ?2 AND "
			     "(st.discharged_on IS NULL OR st.discharged_on > ?2) ORDER BY st.admitted_on DESC LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, person_id);
	sql_bind_date(st, 2, day);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	*stay_id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, shelter_code, CODE_MAX);
	sql_reset(st);
	return 0;
}

static void warnings_text(unsigned w, char out[32])
{
	snprintf(out, 32, "%s%s%s", w & SHELTER_WARN_CAPACITY ? "capacity" : "",
		(w & SHELTER_WARN_CAPACITY) && (w & SHELTER_WARN_SEPARATION) ? ";" : "",
		w & SHELTER_WARN_SEPARATION ? "separation" : "");
}

int store_stay_add(store *s, const struct shelter_stay *stay, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char w[32];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO shelter_stays (shelter_id, person_id, admitted_on, discharged_on, warnings) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		goto out;
	warnings_text(stay->warnings, w);
	sql_bind_int64(st, 1, stay->shelter_id);
	sql_bind_int64(st, 2, stay->person_id);
	sql_bind_date(st, 3, stay->admitted_on);
	sql_bind_date(st, 4, stay->discharged_on);
	sql_bind_text(st, 5, w);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_stay_discharge(store *s, int64_t stay_id, mapo_date on, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE shelter_stays SET discharged_on = ?2 WHERE id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, stay_id);
	sql_bind_date(st, 2, on);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

static void stay_from_row(stmt *st, struct shelter_stay *v)
{
	memset(v, 0, sizeof(*v));
	v->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, v->shelter_code, sizeof(v->shelter_code));
	sql_column_copy(st, 2, v->person_ref, sizeof(v->person_ref));
	v->shelter_id = sql_column_int64(st, 3);
	v->person_id = sql_column_int64(st, 4);
	v->admitted_on = sql_column_date(st, 5);
	v->discharged_on = sql_column_date(st, 6);
	const char *w = sql_column_str(st, 7);
	v->warnings = (strstr(w, "capacity") ? SHELTER_WARN_CAPACITY : 0u) |
		(strstr(w, "separation") ? SHELTER_WARN_SEPARATION : 0u);
	v->screened_on = sql_column_date(st, 8);
}

#define STAY_SELECT                                                                                     \
	"SELECT st.id, sh.code, p.person_ref, st.shelter_id, st.person_id, st.admitted_on, st.discharged_on, " \
	"st.warnings, hs.screened_on FROM shelter_stays st JOIN shelters sh ON sh.id = st.shelter_id "          \
	"JOIN persons p ON p.id = st.person_id LEFT JOIN health_screenings hs ON hs.stay_id = st.id "

static int stay_rows(store *s, stmt *st, stay_cb cb, void *arg, struct mapo_error *err)
{
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct shelter_stay v;
		stay_from_row(st, &v);
		int stop = cb(&v, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_stay_list(store *s, const char *code, mapo_date from, mapo_date to, stay_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, STAY_SELECT "WHERE (CAST(?1 AS TEXT) IS NULL OR sh.code = ?1) "
					 "AND st.admitted_on <= ?3 AND (st.discharged_on IS NULL OR st.discharged_on > ?2) "
					 "ORDER BY st.admitted_on, st.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	sql_bind_date(st, 2, from);
	sql_bind_date(st, 3, to);
	return stay_rows(s, st, cb, arg, err);
}

int store_person_stays(store *s, const char *person_ref, stay_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, STAY_SELECT "WHERE p.person_ref = ?1 ORDER BY st.admitted_on, st.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	return stay_rows(s, st, cb, arg, err);
}

/* ---- health screening on admission --------------------------------------------------------- */

int store_health_checks_replace(store *s, const struct health_check_list *l, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	/* Every row is marked unlisted, the list's rows are upserted with their place, and what is
	 * still unlisted goes: a code a screening used is then refused by its foreign key rather
	 * than deleted under it. */
	if ((rc = sql_stmt(s, "UPDATE health_checks SET seq = -1", &st, err)) || (rc = sql_exec_write(s, st, err)))
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		if ((rc = sql_stmt(s, "INSERT INTO health_checks (code, seq, name_ms, name_en) VALUES (?1, ?2, ?3, ?4) "
				      "ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, name_ms = excluded.name_ms, "
				      "name_en = excluded.name_en", &st, err)))
			goto out;
		sql_bind_text(st, 1, l->v[i].code);
		sql_bind_int64(st, 2, (int64_t)i);
		sql_bind_text(st, 3, l->v[i].name_ms);
		sql_bind_text(st, 4, l->v[i].name_en);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
	if ((rc = sql_stmt(s, "DELETE FROM health_checks WHERE seq < 0", &st, err)))
		goto out;
	if ((rc = sql_exec_write(s, st, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, "%s", _("a health check no longer listed is used by a screening"));
out:
	return sql_end(s, rc, mark, err);
}

int store_health_checks_load(store *s, struct health_check_list *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT code, name_ms, name_en FROM health_checks ORDER BY seq, code", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct health_check c;
		memset(&c, 0, sizeof(c));
		sql_column_copy(st, 0, c.code, sizeof(c.code));
		c.name_ms = (char *)sql_column_str(st, 1);
		c.name_en = (char *)sql_column_str(st, 2);
		health_check_list_add(out, &c);
	}
	return sql_rows_end(s, rc, err);
}

int store_health_screening_add(store *s, struct health_screening *hs, const char *recorded_by,
	struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO health_screenings (stay_id, screened_on, recorded_by, recorded_at) "
			      "VALUES (?1, ?2, ?3, ?4) RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, hs->stay_id);
	sql_bind_date(st, 2, hs->screened_on);
	sql_bind_text(st, 3, recorded_by ? recorded_by : "");
	sql_bind_text(st, 4, now);
	if ((rc = sql_exec_write_id(s, st, &hs->id, err)) == MAPO_EEXIST)
		mapo_error_set(err, rc, _("the admission of '%s' has a health screening already"), hs->person_ref);
out:
	return sql_end(s, rc, mark, err);
}

int store_health_screening_get(store *s, int64_t stay_id, struct health_screening *out, struct sealed *results,
	bool *unsealed, struct mapo_error *err)
{
	stmt *st;
	sealed_release(results);
	*unsealed = false;
	int rc = sql_stmt(s, "SELECT hs.id, p.person_ref, sh.code, st.admitted_on, hs.screened_on, hs.recorded_by, "
			     "hs.results, u.isolation FROM health_screenings hs JOIN shelter_stays st ON st.id = hs.stay_id "
			     "JOIN shelters sh ON sh.id = st.shelter_id JOIN persons p ON p.id = st.person_id "
			     "LEFT JOIN health_unsealed u ON u.screening_id = hs.id WHERE hs.stay_id = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, stay_id);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	out->id = sql_column_int64(st, 0);
	out->stay_id = stay_id;
	sql_column_copy(st, 1, out->person_ref, sizeof(out->person_ref));
	sql_column_copy(st, 2, out->shelter_code, sizeof(out->shelter_code));
	out->admitted_on = sql_column_date(st, 3);
	out->screened_on = sql_column_date(st, 4);
	sql_column_copy(st, 5, out->recorded_by, sizeof(out->recorded_by));
	column_sealed(st, 6, results);
	if (!sql_column_null(st, 7)) {
		*unsealed = true;
		out->isolation = sql_column_int64(st, 7) != 0;
	}
	sql_reset(st);
	if (!*unsealed)
		return 0;
	/* Recorded before migration 0009: the results are still in clear. */
	if ((rc = sql_stmt(s, "SELECT i.check_code, i.result FROM health_screening_items i "
			      "JOIN health_checks c ON c.code = i.check_code WHERE i.screening_id = ?1 ORDER BY c.seq",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sql_step(st)) == SQL_ROW)
		health_screening_add(out, sql_column_str(st, 0),
			(enum health_result)health_result_parse(sql_column_str(st, 1)));
	return sql_rows_end(s, rc, err);
}

int store_health_unsealed_list(store *s, int (*cb)(int64_t stay_id, void *arg), void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT hs.stay_id FROM health_unsealed u JOIN health_screenings hs ON hs.id = u.screening_id "
			     "ORDER BY u.screening_id", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int stop = cb(sql_column_int64(st, 0), arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_health_unsealed_drop(store *s, int64_t screening_id, struct mapo_error *err)
{
	static const char *const sqls[] = {
		"DELETE FROM health_screening_items WHERE screening_id = ?1",
		"DELETE FROM health_unsealed WHERE screening_id = ?1",
	};
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]) && !rc; i++) {
		if ((rc = sql_stmt(s, sqls[i], &st, err)))
			break;
		sql_bind_int64(st, 1, screening_id);
		rc = sql_exec_write(s, st, err);
	}
	return sql_end(s, rc, mark, err);
}

int store_screening_pending(store *s, const char *code, mapo_date as_of, long long *n, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT count(*) FROM shelter_stays st JOIN shelters sh ON sh.id = st.shelter_id "
			     "WHERE (CAST(?1 AS TEXT) IS NULL OR sh.code = ?1) AND st.admitted_on <= ?2 "
			     "AND (st.discharged_on IS NULL OR st.discharged_on > ?2) "
			     "AND NOT EXISTS (SELECT 1 FROM health_screenings hs WHERE hs.stay_id = st.id)", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	sql_bind_date(st, 2, as_of);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	*n = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

/* ---- referrals, permits, repatriation ------------------------------------------------------ */

int store_referral_add(store *s, struct referral *r, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO referrals (person_id, direction, org, service, referred_on, status, "
			      "decided_on, recorded_at) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM persons "
			      "WHERE person_ref = ?1 RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_text(st, 1, r->person_ref);
	sql_bind_text(st, 2, referral_dir_code(r->dir));
	sql_bind_text(st, 3, r->org);
	sql_bind_text(st, 4, r->service);
	sql_bind_date(st, 5, r->referred_on);
	sql_bind_text(st, 6, referral_status_code(r->status));
	sql_bind_date(st, 7, r->decided_on);
	sql_bind_text(st, 8, now);
	if ((rc = insert_id(s, st, &r->id, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no person '%s'"), r->person_ref);
out:
	return sql_end(s, rc, mark, err);
}

int store_referral_decide(store *s, int64_t id, enum referral_status status, mapo_date on, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE referrals SET status = ?2, decided_on = ?3 WHERE id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, referral_status_code(status));
	sql_bind_date(st, 3, on);
	if ((rc = update_one(s, st, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no referral %lld"), (long long)id);
out:
	return sql_end(s, rc, mark, err);
}

static void referral_from_row(stmt *st, struct referral *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, r->person_ref, sizeof(r->person_ref));
	r->dir = (enum referral_dir)referral_dir_parse(sql_column_str(st, 2));
	sql_column_copy(st, 3, r->org, sizeof(r->org));
	sql_column_copy(st, 4, r->service, sizeof(r->service));
	r->referred_on = sql_column_date(st, 5);
	r->status = (enum referral_status)referral_status_parse(sql_column_str(st, 6));
	r->decided_on = sql_column_date(st, 7);
}

int store_referral_list(store *s, const char *org, const char *person_ref, referral_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT r.id, p.person_ref, r.direction, r.org, r.service, r.referred_on, r.status, "
			     "r.decided_on FROM referrals r JOIN persons p ON p.id = r.person_id "
			     "WHERE (CAST(?1 AS TEXT) IS NULL OR r.org = ?1) "
			     "AND (CAST(?2 AS TEXT) IS NULL OR p.person_ref = ?2) ORDER BY r.id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, org);
	sql_bind_text(st, 2, person_ref);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct referral r;
		referral_from_row(st, &r);
		int stop = cb(&r, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

static void victim_from_row(stmt *st, struct victim_row *v)
{
	memset(v, 0, sizeof(*v));
	sql_column_copy(st, 0, v->case_ref, sizeof(v->case_ref));
	sql_column_copy(st, 1, v->person_ref, sizeof(v->person_ref));
	v->status = column_tstatus(st, 2);
	v->sex = sql_column_str(st, 3)[0];
	sql_column_copy(st, 4, v->nationality, sizeof(v->nationality));
	v->rescue_date = sql_column_date(st, 5);
}

/* The victim roles of store_victim_list: the persons ?1 referred in (when given); of all persons in
 * the order of the roles' unique index (a page is read without sorting every role), or of person
 * ?2 found through its index (an OR on ?2 would make the planner scan every role). */
#define VICTIM_SELECT                                                                                   \
	"SELECT c.ref, p.person_ref, cp.trafficking_status, p.sex, p.nationality, cp.rescue_date "          \
	"FROM case_persons cp JOIN cases c ON c.id = cp.case_id JOIN persons p ON p.id = cp.person_id "     \
	"WHERE cp.role = 'victim' AND (CAST(?1 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM referrals r "     \
	"WHERE r.person_id = p.id AND r.direction = 'in' AND r.org = ?1)) "
#define VICTIM_PAGE "ORDER BY cp.case_id, cp.person_id LIMIT ?3 OFFSET ?4"

int store_victim_list(store *s, const char *org, const char *person_ref, long long limit, long long offset,
	victim_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, person_ref ? VICTIM_SELECT "AND p.person_ref = ?2 " VICTIM_PAGE
				       : VICTIM_SELECT "AND CAST(?2 AS TEXT) IS NULL " VICTIM_PAGE, &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, org);
	sql_bind_text(st, 2, person_ref);
	sql_bind_int64(st, 3, limit > 0 ? limit : INT64_MAX);
	sql_bind_int64(st, 4, offset > 0 ? offset : 0);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct victim_row v;
		victim_from_row(st, &v);
		int stop = cb(&v, arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

int store_permit_add(store *s, const struct movement_permit *m, int64_t *row, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO movement_permits (person_id, risk_assessed_on, medical_on, "
			      "mental_health_on, kind, valid_from, valid_to, recorded_at) "
			      "SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8 FROM persons WHERE person_ref = ?1 RETURNING id",
		     &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_text(st, 1, m->person_ref);
	sql_bind_date(st, 2, m->risk_assessed_on);
	sql_bind_date(st, 3, m->medical_on);
	sql_bind_date(st, 4, m->mental_health_on);
	sql_bind_text(st, 5, m->work ? "work" : "movement");
	sql_bind_date(st, 6, m->valid_from);
	sql_bind_date(st, 7, m->valid_to);
	sql_bind_text(st, 8, now);
	if ((rc = insert_id(s, st, row, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no person '%s'"), m->person_ref);
out:
	return sql_end(s, rc, mark, err);
}

int store_repatriation_add(store *s, const struct repatriation *r, int64_t *row, struct mapo_error *err)
{
	unsigned long mark;
	stmt *st;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO repatriations (person_id, destination, on_date, org, recorded_at) "
			      "SELECT id, ?2, ?3, ?4, ?5 FROM persons WHERE person_ref = ?1 RETURNING id", &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_text(st, 1, r->person_ref);
	sql_bind_text(st, 2, r->destination);
	sql_bind_date(st, 3, r->on_date);
	sql_bind_text(st, 4, r->org);
	sql_bind_text(st, 5, now);
	if ((rc = insert_id(s, st, row, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no person '%s'"), r->person_ref);
out:
	return sql_end(s, rc, mark, err);
}

/* ---- statistics -------------------------------------------------------------------------- */

#define VICTIMS_IN_PERIOD \
	"WITH v AS (SELECT cp.id, cp.person_id, cp.case_id, cp.trafficking_status, p.sex, p.nationality, " \
	"p.birth_date, p.age, c.action_date FROM case_persons cp JOIN persons p ON p.id = cp.person_id " \
	"JOIN cases c ON c.id = cp.case_id WHERE cp.role = 'victim' " \
	"AND COALESCE(cp.rescue_date, c.action_date) BETWEEN ?1 AND ?2) "

/* The age group as store_tally computes it (store_sql.c): a child until the 18th birthday, which
 * as text is the birth date with 18 added to its year, so no date function of one dialect. */
static const char *const tally_sql[VDIM__COUNT] = {
	[VDIM_STATUS] = VICTIMS_IN_PERIOD "SELECT COALESCE(trafficking_status, ''), count(*) FROM v GROUP BY 1 ORDER BY 1",
	[VDIM_SEX] = VICTIMS_IN_PERIOD "SELECT sex, count(*) FROM v GROUP BY 1 ORDER BY 1",
	[VDIM_AGE_GROUP] = VICTIMS_IN_PERIOD
		"SELECT CASE WHEN birth_date IS NOT NULL THEN "
		"CASE WHEN action_date < CAST(CAST(substr(birth_date, 1, 4) AS INTEGER) + 18 AS TEXT) "
		"|| substr(birth_date, 5) THEN 'child' ELSE 'adult' END "
		"WHEN age IS NOT NULL THEN CASE WHEN age < 18 THEN 'child' ELSE 'adult' END ELSE 'unknown' END, "
		"count(*) FROM v GROUP BY 1 ORDER BY 1",
	[VDIM_NATIONALITY] = VICTIMS_IN_PERIOD "SELECT COALESCE(nationality, ''), count(*) FROM v GROUP BY 1 ORDER BY 1",
	[VDIM_FORM] = VICTIMS_IN_PERIOD
		"SELECT f.form, count(*) FROM v JOIN case_forms f ON f.case_id = v.case_id GROUP BY 1 ORDER BY 1",
	[VDIM_SHELTER] = VICTIMS_IN_PERIOD
		"SELECT COALESCE(sh.code, ''), count(DISTINCT v.id) FROM v LEFT JOIN shelter_stays st "
		"ON st.person_id = v.person_id AND st.admitted_on BETWEEN ?1 AND ?2 "
		"LEFT JOIN shelters sh ON sh.id = st.shelter_id GROUP BY 1 ORDER BY 1",
	[VDIM_OUTCOME] = "SELECT COALESCE(outcome, 'running'), count(*) FROM protection_orders "
		"WHERE start_date BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1",
};

int store_victim_tally(store *s, mapo_date from, mapo_date to, enum victim_dim dim, victim_tally_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	if (dim < 0 || dim >= VDIM__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("unknown dimension"));
	int rc = sql_stmt(s, tally_sql[dim], &st, err);
	if (rc)
		return rc;
	sql_bind_date(st, 1, from);
	sql_bind_date(st, 2, to);
	while ((rc = sql_step(st)) == SQL_ROW) {
		int stop = cb(sql_column_str(st, 0), sql_column_int64(st, 1), arg);
		if (stop)
			return sql_rows_stop(st, stop);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- retention ----------------------------------------------------------------------------- */

int store_retention_due(store *s, mapo_date closed_by, struct strvec *person_refs, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT p.person_ref FROM persons p WHERE "
		"(EXISTS (SELECT 1 FROM person_identities i WHERE i.person_id = p.id AND i.erased_at IS NULL) "
		" OR EXISTS (SELECT 1 FROM victim_status_history h JOIN case_persons cp ON cp.id = h.role_id "
		"            WHERE cp.person_id = p.id AND h.reason IS NOT NULL) "
		" OR EXISTS (SELECT 1 FROM movement_permits m WHERE m.person_id = p.id AND m.employer IS NOT NULL) "
		" OR EXISTS (SELECT 1 FROM repatriations r WHERE r.person_id = p.id AND r.follow_up IS NOT NULL) "
		" OR EXISTS (SELECT 1 FROM health_screenings hs JOIN shelter_stays st ON st.id = hs.stay_id "
		"            WHERE st.person_id = p.id AND (hs.results IS NOT NULL "
		"            OR EXISTS (SELECT 1 FROM health_unsealed u WHERE u.screening_id = hs.id)))) "
		"AND EXISTS (SELECT 1 FROM case_persons cp WHERE cp.person_id = p.id) "
		"AND NOT EXISTS (SELECT 1 FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
		"  WHERE cp.person_id = p.id AND (c.status <> 'closed' OR "
		"    COALESCE((SELECT substr(max(h.changed_at), 1, 10) FROM case_status_history h "
		"              WHERE h.case_id = c.id AND h.status = 'closed'), '9999-12-31') > ?1)) "
		"ORDER BY p.person_ref", &st, err);
	if (rc)
		return rc;
	sql_bind_date(st, 1, closed_by);
	return push_texts(s, st, person_refs, err);
}

int store_retention_erase(store *s, const char *person_ref, struct mapo_error *err)
{
	static const char *const sqls[] = {
		"UPDATE person_identities SET name = NULL, id_number = NULL, id_number_index = NULL, "
		"passport_number = NULL, passport_index = NULL, address = NULL, phone = NULL, photo = NULL, "
		"erased_at = ?2, updated_at = ?2 WHERE person_id = ?1",
		"UPDATE victim_status_history SET reason = NULL WHERE role_id IN "
		"(SELECT id FROM case_persons WHERE person_id = ?1)",
		"UPDATE movement_permits SET employer = NULL WHERE person_id = ?1",
		"UPDATE repatriations SET follow_up = NULL WHERE person_id = ?1",
		/* the health results and the isolation go, sealed or still in clear; the screening's
		 * date stays, so the admission does not look pending again */
		"UPDATE health_screenings SET results = NULL WHERE stay_id IN "
		"(SELECT id FROM shelter_stays WHERE person_id = ?1)",
		"DELETE FROM health_screening_items WHERE screening_id IN (SELECT hs.id FROM health_screenings hs "
		"JOIN shelter_stays st ON st.id = hs.stay_id WHERE st.person_id = ?1)",
		"DELETE FROM health_unsealed WHERE screening_id IN (SELECT hs.id FROM health_screenings hs "
		"JOIN shelter_stays st ON st.id = hs.stay_id WHERE st.person_id = ?1)",
	};
	unsigned long mark;
	stmt *st;
	int64_t person_id;
	char now[SQL_TIMESTAMP_LEN];
	int rc = store_person_lookup(s, person_ref, &person_id, NULL, err);
	if (rc)
		return rc;
	if ((rc = sql_begin(s, &mark, err)))
		return rc;
	sql_timestamp(now);
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++) {
		if ((rc = sql_stmt(s, sqls[i], &st, err)))
			goto out;
		sql_bind_int64(st, 1, person_id);
		sql_bind_text(st, 2, now);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}
