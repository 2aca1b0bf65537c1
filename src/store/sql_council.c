/* store_council.h over the backend-neutral SQL layer (sql.h), so on SQLite and on PostgreSQL
 * (schema: migrations/0004_council.sql). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_council.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* Prepares sql, binds id to ?1 and steps to its one row: 0 with the row ready (give it back with
 * sql_reset), MAPO_ENOTFOUND "no WHAT with id N", or the error. */
static int row_by_id(store *s, const char *sql, int64_t id, const char *what, stmt **st, struct mapo_error *err)
{
	int rc = sql_stmt(s, sql, st, err);
	if (rc)
		return rc;
	sql_bind_int64(*st, 1, id);
	if ((rc = sql_read_row(s, *st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no %s with id %lld"), what, (long long)id);
	return rc;
}

/* A record by id: sql with ?1 = id, read from its row by read into out (a struct of read's own
 * kind); MAPO_ENOTFOUND "no WHAT with id N". */
static int get_by_id(store *s, const char *sql, int64_t id, const char *what, void (*read)(stmt *, void *),
	void *out, struct mapo_error *err)
{
	stmt *st;
	int rc = row_by_id(s, sql, id, what, &st, err);
	if (rc)
		return rc;
	read(st, out);
	sql_reset(st);
	return 0;
}

/* The id of organisation code: MAPO_EINVAL naming it when unknown. */
static int org_id(store *s, const char *code, int64_t *id, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT id FROM council_orgs WHERE code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code ? code : "");
	if ((rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, MAPO_EINVAL, _("unknown organisation '%s'"), code ? code : "");
	if (rc)
		return rc;
	*id = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

/* An optional organisation: "" binds NULL. An unknown one gives st back (MAPO_EINVAL). */
static int bind_org(store *s, stmt *st, int i, const char *code, struct mapo_error *err)
{
	if (!code || !*code) {
		sql_bind_null(st, i);
		return 0;
	}
	int64_t id;
	int rc = org_id(s, code, &id, err);
	if (rc)
		sql_reset(st);
	else
		sql_bind_int64(st, i, id);
	return rc;
}

/* An optional reference to another row: 0 binds NULL. */
static void bind_id(stmt *st, int i, int64_t id)
{
	if (id)
		sql_bind_int64(st, i, id);
	else
		sql_bind_null(st, i);
}

/* MAPO_ECONFLICT: the record was changed by another writer since the caller read it. The record
 * is named by code, or by id when code is NULL. */
static int stale(const char *what, const char *code, int64_t id, struct mapo_error *err)
{
	char n[24];
	if (!code) {
		snprintf(n, sizeof(n), "%lld", (long long)id);
		code = n;
	}
	return mapo_error_set(err, MAPO_ECONFLICT,
		_("%s '%s' was changed by someone else: load it again and repeat the change"), what, code);
}

/* Runs a versioned UPDATE (... WHERE id = ? AND version = ?) and bumps *version. The callers
 * check the version they read first; an update that still changes no row is stale all the same. */
static int write_versioned(store *s, stmt *st, int64_t *version, const char *what, const char *code, int64_t id,
	struct mapo_error *err)
{
	int rc = sql_exec_write(s, st, err);
	if (rc)
		return rc;
	if (sql_changes(s) == 0)
		return stale(what, code, id, err);
	(*version)++;
	return 0;
}

/* The check before a versioned update of the record id: MAPO_ECONFLICT unless its version (sql:
 * SELECT version ... WHERE id = ?1) is version; MAPO_ENOTFOUND "no WHAT with id N". */
static int check_version(store *s, const char *sql, int64_t id, int64_t version, const char *what,
	struct mapo_error *err)
{
	stmt *st;
	int rc = row_by_id(s, sql, id, what, &st, err);
	if (rc)
		return rc;
	int64_t current = sql_column_int64(st, 0);
	sql_reset(st);
	return current == version ? 0 : stale(what, NULL, id, err);
}

/* ---- organisations ------------------------------------------------------------------------- */

#define ORG_SELECT "SELECT o.id, o.code, o.kind, o.name_ms, o.name_en, p.code, o.version " \
	"FROM council_orgs o LEFT JOIN council_orgs p ON p.id = o.parent_id "

/* Binds an organisation's fields to ?1..?5 in the order of the insert and the update. */
static int bind_org_fields(store *s, stmt *st, const struct council_org *o, struct mapo_error *err)
{
	sql_bind_text(st, 1, o->code);
	sql_bind_text(st, 2, org_kind_code(o->kind));
	sql_bind_text(st, 3, o->name_ms);
	sql_bind_text(st, 4, o->name_en);
	return bind_org(s, st, 5, o->parent, err);
}

static void read_org(stmt *st, struct council_org *o)
{
	council_org_init(o);
	o->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, o->code, sizeof(o->code));
	o->kind = org_kind_parse(sql_column_str(st, 2));
	sql_column_copy(st, 3, o->name_ms, sizeof(o->name_ms));
	sql_column_copy(st, 4, o->name_en, sizeof(o->name_en));
	sql_column_copy(st, 5, o->parent, sizeof(o->parent));
	o->version = sql_column_int64(st, 6);
}

int store_council_org_insert(store *s, struct council_org *o, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_orgs (code, kind, name_ms, name_en, parent_id, version) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, 1) RETURNING id",
		     &st, err)))
		goto out;
	if ((rc = bind_org_fields(s, st, o, err)))
		goto out;
	if ((rc = sql_exec_write_id(s, st, &o->id, err)) == MAPO_EEXIST)
		mapo_error_set(err, rc, _("the organisation '%s' exists already"), o->code);
	if (!rc)
		o->version = 1;
out:
	return sql_end(s, rc, mark, err);
}

/* MAPO_EINVAL when making parent the parent of org would close a loop (or parent is unknown). */
static int check_parent(store *s, const char *org, const char *parent, struct mapo_error *err)
{
	char up_code[ORG_CODE_MAX];
	snprintf(up_code, sizeof(up_code), "%s", parent);
	for (int depth = 0; up_code[0]; depth++) {
		struct council_org up;
		int rc;
		if (!strcmp(up_code, org) || depth > 64)
			return mapo_error_set(err, MAPO_EINVAL, _("organisation '%s' cannot be its own parent"), org);
		if ((rc = store_council_org_get(s, up_code, &up, err))) {
			if (rc == MAPO_ENOTFOUND)
				rc = mapo_error_set(err, MAPO_EINVAL, _("unknown organisation '%s'"), up_code);
			return rc;
		}
		snprintf(up_code, sizeof(up_code), "%s", up.parent);
	}
	return 0;
}

int store_council_org_update(store *s, struct council_org *o, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	struct council_org cur;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = store_council_org_get(s, o->code, &cur, err)))
		goto out;
	if (cur.version != o->version) {
		rc = stale(_("organisation"), o->code, 0, err);
		goto out;
	}
	if ((rc = check_parent(s, o->code, o->parent, err)))
		goto out;
	/* the code set is the one the row was found by */
	if ((rc = sql_stmt(s,
		     "UPDATE council_orgs SET code = ?1, kind = ?2, name_ms = ?3, name_en = ?4, parent_id = ?5, "
		     "version = version + 1 WHERE id = ?6 AND version = ?7",
		     &st, err)))
		goto out;
	if ((rc = bind_org_fields(s, st, o, err)))
		goto out;
	sql_bind_int64(st, 6, cur.id);
	sql_bind_int64(st, 7, o->version);
	rc = write_versioned(s, st, &o->version, _("organisation"), o->code, 0, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_org_get(store *s, const char *code, struct council_org *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, ORG_SELECT "WHERE o.code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code ? code : "");
	if ((rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no organisation '%s'"), code ? code : "");
	if (rc)
		return rc;
	read_org(st, out);
	sql_reset(st);
	return 0;
}

int store_council_org_list(store *s, enum org_kind kind, council_org_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct council_org o;
	int rc = sql_stmt(s,
		ORG_SELECT "WHERE CAST(?1 AS TEXT) IS NULL OR o.kind = ?1 "
		"ORDER BY CASE o.kind WHEN 'committee' THEN 0 WHEN 'ministry' THEN 1 WHEN 'enforcement' THEN 2 "
		"WHEN 'prosecution' THEN 3 WHEN 'protection' THEN 4 ELSE 5 END, o.kind, o.code",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, kind == ORGK_NONE ? NULL : org_kind_code(kind));
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_org(st, &o);
		if ((rc = cb(&o, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- representatives ----------------------------------------------------------------------- */

#define PERSON_SELECT "SELECT p.id, o.code, p.name, p.title, p.email, p.phone " \
	"FROM council_people p JOIN council_orgs o ON o.id = p.org_id "

static void read_person(stmt *st, void *rec)
{
	struct council_person *p = rec;
	council_person_init(p);
	p->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, p->org, sizeof(p->org));
	sql_column_copy(st, 2, p->name, sizeof(p->name));
	sql_column_copy(st, 3, p->title, sizeof(p->title));
	sql_column_copy(st, 4, p->email, sizeof(p->email));
	sql_column_copy(st, 5, p->phone, sizeof(p->phone));
}

int store_council_person_insert(store *s, struct council_person *p, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t oid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, p->org, &oid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_people (org_id, name, title, email, phone) VALUES (?1, ?2, ?3, ?4, ?5) "
		     "RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, oid);
	sql_bind_text(st, 2, p->name);
	sql_bind_text(st, 3, p->title);
	sql_bind_text(st, 4, p->email);
	sql_bind_text(st, 5, p->phone);
	rc = sql_exec_write_id(s, st, &p->id, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_person_get(store *s, int64_t id, struct council_person *out, struct mapo_error *err)
{
	return get_by_id(s, PERSON_SELECT "WHERE p.id = ?1", id, _("representative"), read_person, out, err);
}

int store_council_person_list(store *s, const char *org, council_person_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct council_person p;
	int rc = sql_stmt(s,
		PERSON_SELECT "WHERE CAST(?1 AS TEXT) IS NULL OR o.code = ?1 ORDER BY o.code, p.name, p.id", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, org);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_person(st, &p);
		if ((rc = cb(&p, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- memberships and quorum ---------------------------------------------------------------- */

int store_council_member_insert(store *s, struct council_member *m, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t bid, oid;
	struct council_org body;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, m->body, &bid, err)) || (rc = org_id(s, m->org, &oid, err)))
		goto out;
	if ((rc = store_council_org_get(s, m->body, &body, err)))
		goto out;
	if (body.kind != ORGK_COMMITTEE) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("'%s' is not the council or a committee"), m->body);
		goto out;
	}
	if (m->person_id) {
		struct council_person p;
		if ((rc = store_council_person_get(s, m->person_id, &p, err)))
			goto out;
		if (strcmp(p.org, m->org)) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("representative %lld is not of '%s'"),
				(long long)m->person_id, m->org);
			goto out;
		}
	}
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_members (body_id, org_id, person_id, role, start_date, end_date) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, bid);
	sql_bind_int64(st, 2, oid);
	bind_id(st, 3, m->person_id);
	sql_bind_text(st, 4, member_role_code(m->role));
	sql_bind_date(st, 5, m->start);
	sql_bind_date(st, 6, m->end);
	rc = sql_exec_write_id(s, st, &m->id, err);
out:
	return sql_end(s, rc, mark, err);
}

static void read_member(stmt *st, struct council_member *m)
{
	council_member_init(m);
	m->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, m->body, sizeof(m->body));
	sql_column_copy(st, 2, m->org, sizeof(m->org));
	m->person_id = sql_column_int64(st, 3);
	m->role = member_role_parse(sql_column_str(st, 4));
	m->start = sql_column_date(st, 5);
	m->end = sql_column_date(st, 6);
}

int store_council_member_list(store *s, const char *body, mapo_date day, council_member_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_member m;
	int rc = sql_stmt(s,
		"SELECT m.id, b.code, o.code, m.person_id, m.role, m.start_date, m.end_date "
		"FROM council_members m JOIN council_orgs b ON b.id = m.body_id JOIN council_orgs o ON o.id = m.org_id "
		"WHERE (CAST(?1 AS TEXT) IS NULL OR b.code = ?1) AND (CAST(?2 AS TEXT) IS NULL OR "
		"(m.start_date <= ?2 AND (m.end_date IS NULL OR m.end_date >= ?2))) "
		"ORDER BY b.code, CASE m.role WHEN 'chair' THEN 0 WHEN 'deputy' THEN 1 WHEN 'secretary' THEN 2 "
		"WHEN 'member' THEN 3 ELSE 4 END, o.code, m.id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, body);
	sql_bind_date(st, 2, day);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_member(st, &m);
		if ((rc = cb(&m, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* The members of body on day whose role is not invited; ?1 body, ?2 day. */
#define MEMBERS_ON "FROM council_members m JOIN council_orgs b ON b.id = m.body_id " \
	"WHERE b.code = ?1 AND m.role <> 'invited' AND m.start_date <= ?2 " \
	"AND (m.end_date IS NULL OR m.end_date >= ?2) "

int store_council_member_count_orgs(store *s, const char *body, mapo_date day, long *n, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT COUNT(DISTINCT m.org_id) " MEMBERS_ON, &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, body);
	sql_bind_date(st, 2, day);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? sql_error(s, SQL_EERROR, err) : rc;
	*n = (long)sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

int store_council_is_member(store *s, const char *body, const char *org, mapo_date day, bool *out,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT 1 " MEMBERS_ON "AND m.org_id = (SELECT id FROM council_orgs WHERE code = ?3) LIMIT 1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, body);
	sql_bind_date(st, 2, day);
	sql_bind_text(st, 3, org);
	rc = sql_read_row(s, st, err);
	*out = rc == 0;
	if (rc == 0)
		sql_reset(st);
	return rc == MAPO_ENOTFOUND ? 0 : rc;
}

int store_council_quorum_put(store *s, const char *body_code, const struct quorum_rule *r, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_quorum (body_code, num, den, plus) VALUES (?1, ?2, ?3, ?4) "
		     "ON CONFLICT (body_code) DO UPDATE SET num = excluded.num, den = excluded.den, plus = excluded.plus",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, body_code);
	sql_bind_int64(st, 2, r->num);
	sql_bind_int64(st, 3, r->den);
	sql_bind_int64(st, 4, r->plus);
	if ((rc = sql_exec_write(s, st, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("the quorum rule of '%s' is out of range"), body_code);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_quorum_get(store *s, const char *body, struct quorum_rule *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT num, den, plus FROM council_quorum WHERE body_code IN (?1, '*') "
		"ORDER BY body_code = '*' LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, body);
	if ((rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no quorum rule for '%s' (load data/council_quorum.csv)"), body);
	if (rc)
		return rc;
	out->num = sql_column_int(st, 0);
	out->den = sql_column_int(st, 1);
	out->plus = sql_column_int(st, 2);
	sql_reset(st);
	return 0;
}

/* ---- meetings ------------------------------------------------------------------------------ */

/* The number is the count of the body's meetings that year up to this one, in the order of date,
 * time and id: inserting an earlier meeting renumbers the later ones, as the council would. */
#define MEETING_SELECT "SELECT m.id, b.code, m.held_on, m.start_time, m.mode, m.venue, m.minutes, m.version, " \
	"(SELECT COUNT(*) FROM council_meetings x WHERE x.body_id = m.body_id " \
	"AND substr(x.held_on, 1, 4) = substr(m.held_on, 1, 4) AND (x.held_on < m.held_on OR " \
	"(x.held_on = m.held_on AND (x.start_time < m.start_time OR (x.start_time = m.start_time AND x.id <= m.id))))) " \
	"FROM council_meetings m JOIN council_orgs b ON b.id = m.body_id "

static void read_meeting(stmt *st, struct council_meeting *m, bool minutes)
{
	m->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, m->body, sizeof(m->body));
	m->held_on = sql_column_date(st, 2);
	sql_column_copy(st, 3, m->start_time, sizeof(m->start_time));
	m->mode = meeting_mode_parse(sql_column_str(st, 4));
	sql_column_copy(st, 5, m->venue, sizeof(m->venue));
	council_meeting_set_minutes(m, minutes ? sql_column_str(st, 6) : "");
	m->version = sql_column_int64(st, 7);
	m->number = sql_column_int(st, 8);
}

static int write_agenda(store *s, const struct council_meeting *m, struct mapo_error *err)
{
	stmt *st;
	int rc;
	if ((rc = sql_stmt(s, "DELETE FROM council_agenda WHERE meeting_id = ?1", &st, err)))
		return rc;
	sql_bind_int64(st, 1, m->id);
	if ((rc = sql_exec_write(s, st, err)))
		return rc;
	for (size_t i = 0; i < m->agenda.n; i++) {
		if ((rc = sql_stmt(s, "INSERT INTO council_agenda (meeting_id, position, title) VALUES (?1, ?2, ?3)",
			     &st, err)))
			return rc;
		sql_bind_int64(st, 1, m->id);
		sql_bind_int64(st, 2, (int64_t)i + 1);
		sql_bind_text(st, 3, m->agenda.v[i]);
		if ((rc = sql_exec_write(s, st, err)))
			return rc;
	}
	return 0;
}

/* Binds a meeting's fields to ?1..?6 in the order of the insert and the update. */
static void bind_meeting(stmt *st, int64_t body_id, const struct council_meeting *m)
{
	sql_bind_int64(st, 1, body_id);
	sql_bind_date(st, 2, m->held_on);
	sql_bind_text(st, 3, m->start_time);
	sql_bind_text(st, 4, meeting_mode_code(m->mode));
	sql_bind_text(st, 5, m->venue);
	sql_bind_text(st, 6, m->minutes ? m->minutes : "");
}

int store_council_meeting_insert(store *s, struct council_meeting *m, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t bid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, m->body, &bid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_meetings (body_id, held_on, start_time, mode, venue, minutes, version) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) RETURNING id",
		     &st, err)))
		goto out;
	bind_meeting(st, bid, m);
	if ((rc = sql_exec_write_id(s, st, &m->id, err)))
		goto out;
	m->version = 1;
	rc = write_agenda(s, m, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_meeting_update(store *s, struct council_meeting *m, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t bid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, m->body, &bid, err)))
		goto out;
	if ((rc = check_version(s, "SELECT version FROM council_meetings WHERE id = ?1", m->id, m->version, _("meeting"),
		     err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "UPDATE council_meetings SET body_id = ?1, held_on = ?2, start_time = ?3, mode = ?4, venue = ?5, "
		     "minutes = ?6, version = version + 1 WHERE id = ?7 AND version = ?8",
		     &st, err)))
		goto out;
	bind_meeting(st, bid, m);
	sql_bind_int64(st, 7, m->id);
	sql_bind_int64(st, 8, m->version);
	if ((rc = write_versioned(s, st, &m->version, _("meeting"), NULL, m->id, err)))
		goto out;
	rc = write_agenda(s, m, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_meeting_get(store *s, int64_t id, struct council_meeting *out, struct mapo_error *err)
{
	stmt *st;
	int rc = row_by_id(s, MEETING_SELECT "WHERE m.id = ?1", id, _("meeting"), &st, err);
	if (rc)
		return rc;
	read_meeting(st, out, true);
	sql_reset(st);
	strvec_clear(&out->agenda);
	if ((rc = sql_stmt(s, "SELECT title FROM council_agenda WHERE meeting_id = ?1 ORDER BY position", &st, err)))
		return rc;
	sql_bind_int64(st, 1, id);
	while ((rc = sql_step(st)) == SQL_ROW)
		strvec_push(&out->agenda, sql_column_str(st, 0));
	return sql_rows_end(s, rc, err);
}

int store_council_meeting_find(store *s, const char *body, int year, int number, int64_t *id,
	struct mapo_error *err)
{
	stmt *st;
	char y[8];
	if (number <= 0)
		return mapo_error_set(err, MAPO_ENOTFOUND, _("no meeting %s %d/%d"), body, number, year);
	int rc = sql_stmt(s,
		"SELECT m.id FROM council_meetings m JOIN council_orgs b ON b.id = m.body_id "
		"WHERE b.code = ?1 AND substr(m.held_on, 1, 4) = ?2 ORDER BY m.held_on, m.start_time, m.id "
		"LIMIT 1 OFFSET ?3",
		&st, err);
	if (rc)
		return rc;
	snprintf(y, sizeof(y), "%04d", year);
	sql_bind_text(st, 1, body);
	sql_bind_text(st, 2, y);
	sql_bind_int64(st, 3, number - 1);
	if ((rc = sql_read_row(s, st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no meeting %s %d/%d"), body, number, year);
	if (rc)
		return rc;
	*id = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

int store_council_meeting_list(store *s, const char *body, int year, council_meeting_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_meeting m;
	char y[8];
	int rc = sql_stmt(s,
		MEETING_SELECT "WHERE (CAST(?1 AS TEXT) IS NULL OR b.code = ?1) "
		"AND (CAST(?2 AS TEXT) IS NULL OR substr(m.held_on, 1, 4) = ?2) ORDER BY m.held_on, m.start_time, m.id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, body);
	snprintf(y, sizeof(y), "%04d", year);
	sql_bind_text(st, 2, year ? y : NULL);
	council_meeting_init(&m);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_meeting(st, &m, false);
		if ((rc = cb(&m, arg))) {
			council_meeting_release(&m);
			return sql_rows_stop(st, rc);
		}
	}
	council_meeting_release(&m);
	return sql_rows_end(s, rc, err);
}

/* ---- attendance ---------------------------------------------------------------------------- */

int store_council_attendance_put(store *s, struct council_attendance *a, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	struct council_person p;
	int64_t oid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = store_council_person_get(s, a->person_id, &p, err))) {
		if (rc == MAPO_ENOTFOUND)
			rc = mapo_error_set(err, MAPO_EINVAL, _("no representative with id %lld"), (long long)a->person_id);
		goto out;
	}
	if (!a->org[0])
		snprintf(a->org, sizeof(a->org), "%s", p.org);
	if ((rc = org_id(s, a->org, &oid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_attendance (meeting_id, person_id, org_id, status, represented_by) "
		     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (meeting_id, person_id) DO UPDATE SET "
		     "org_id = excluded.org_id, status = excluded.status, represented_by = excluded.represented_by "
		     "RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, a->meeting_id);
	sql_bind_int64(st, 2, a->person_id);
	sql_bind_int64(st, 3, oid);
	sql_bind_text(st, 4, attend_status_code(a->status));
	sql_bind_text(st, 5, a->represented_by);
	if ((rc = sql_exec_write_id(s, st, &a->id, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("no meeting with id %lld"), (long long)a->meeting_id);
	if (!rc)
		snprintf(a->person_name, sizeof(a->person_name), "%s", p.name);
out:
	return sql_end(s, rc, mark, err);
}

static void read_attendance(stmt *st, struct council_attendance *a)
{
	council_attendance_init(a);
	a->id = sql_column_int64(st, 0);
	a->meeting_id = sql_column_int64(st, 1);
	a->person_id = sql_column_int64(st, 2);
	sql_column_copy(st, 3, a->person_name, sizeof(a->person_name));
	sql_column_copy(st, 4, a->org, sizeof(a->org));
	a->status = attend_status_parse(sql_column_str(st, 5));
	sql_column_copy(st, 6, a->represented_by, sizeof(a->represented_by));
}

int store_council_attendance_list(store *s, int64_t meeting_id, council_attendance_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_attendance a;
	int rc = sql_stmt(s,
		"SELECT a.id, a.meeting_id, a.person_id, p.name, o.code, a.status, a.represented_by "
		"FROM council_attendance a JOIN council_people p ON p.id = a.person_id "
		"JOIN council_orgs o ON o.id = a.org_id WHERE a.meeting_id = ?1 ORDER BY o.code, p.name, a.id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, meeting_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_attendance(st, &a);
		if ((rc = cb(&a, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- documents and files ------------------------------------------------------------------- */

void council_doc_filter_init(struct council_doc_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->floor = DACC_INTERNAL;
	f->kind = DOCK_NONE;
}

#define DOC_SELECT "SELECT d.id, d.kind, d.title_ms, d.title_en, d.issued_on, d.access, d.meeting_id, o.code, " \
	"d.summary, d.version, (SELECT COUNT(*) FROM council_files f WHERE f.doc_id = d.id) " \
	"FROM council_docs d LEFT JOIN council_orgs o ON o.id = d.presenter_id "

static void read_doc(stmt *st, void *rec)
{
	struct council_doc *d = rec;
	council_doc_init(d);
	d->id = sql_column_int64(st, 0);
	d->kind = doc_kind_parse(sql_column_str(st, 1));
	sql_column_copy(st, 2, d->title_ms, sizeof(d->title_ms));
	sql_column_copy(st, 3, d->title_en, sizeof(d->title_en));
	d->issued_on = sql_column_date(st, 4);
	d->access = doc_access_parse(sql_column_str(st, 5));
	d->meeting_id = sql_column_int64(st, 6);
	sql_column_copy(st, 7, d->presenter, sizeof(d->presenter));
	sql_column_copy(st, 8, d->summary, sizeof(d->summary));
	d->version = sql_column_int64(st, 9);
	d->nfiles = (long)sql_column_int64(st, 10);
}

/* Binds a document's fields to ?1..?8 in the order of the insert and the update. */
static int bind_doc(store *s, stmt *st, const struct council_doc *d, struct mapo_error *err)
{
	sql_bind_text(st, 1, doc_kind_code(d->kind));
	sql_bind_text(st, 2, d->title_ms);
	sql_bind_text(st, 3, d->title_en);
	sql_bind_date(st, 4, d->issued_on);
	sql_bind_text(st, 5, doc_access_code(d->access));
	bind_id(st, 6, d->meeting_id);
	sql_bind_text(st, 8, d->summary);
	return bind_org(s, st, 7, d->presenter, err);
}

static int doc_write_error(int rc, const struct council_doc *d, struct mapo_error *err)
{
	if (rc == MAPO_EINVAL && d->meeting_id)
		mapo_error_set(err, rc, _("no meeting with id %lld"), (long long)d->meeting_id);
	return rc;
}

int store_council_doc_insert(store *s, struct council_doc *d, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_docs (kind, title_ms, title_en, issued_on, access, meeting_id, presenter_id, "
		     "summary, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) RETURNING id",
		     &st, err)))
		goto out;
	if ((rc = bind_doc(s, st, d, err)))
		goto out;
	if (!(rc = doc_write_error(sql_exec_write_id(s, st, &d->id, err), d, err)))
		d->version = 1;
out:
	return sql_end(s, rc, mark, err);
}

int store_council_doc_update(store *s, struct council_doc *d, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = check_version(s, "SELECT version FROM council_docs WHERE id = ?1", d->id, d->version, _("document"),
		     err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "UPDATE council_docs SET kind = ?1, title_ms = ?2, title_en = ?3, issued_on = ?4, access = ?5, "
		     "meeting_id = ?6, presenter_id = ?7, summary = ?8, version = version + 1 "
		     "WHERE id = ?9 AND version = ?10",
		     &st, err)))
		goto out;
	if ((rc = bind_doc(s, st, d, err)))
		goto out;
	sql_bind_int64(st, 9, d->id);
	sql_bind_int64(st, 10, d->version);
	rc = doc_write_error(write_versioned(s, st, &d->version, _("document"), NULL, d->id, err), d, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_doc_get(store *s, int64_t id, struct council_doc *out, struct mapo_error *err)
{
	return get_by_id(s, DOC_SELECT "WHERE d.id = ?1", id, _("document"), read_doc, out, err);
}

int store_council_doc_list(store *s, const struct council_doc_filter *f, council_doc_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_doc d;
	/* access levels in the order of enum doc_access; documents without a date last, on both
	 * backends (PostgreSQL sorts NULL first in descending order, SQLite last) */
	int rc = sql_stmt(s,
		DOC_SELECT "WHERE (CASE d.access WHEN 'internal' THEN 0 WHEN 'members' THEN 1 WHEN 'partners' THEN 2 "
		"ELSE 3 END) >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR d.kind = ?2) "
		"AND (?3 = 0 OR d.kind IN ('information-paper', 'decision-paper', 'report')) "
		"AND (?4 = 0 OR d.meeting_id = ?4) ORDER BY d.issued_on IS NULL, d.issued_on DESC, d.id DESC",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, f->floor);
	sql_bind_text(st, 2, f->kind == DOCK_NONE ? NULL : doc_kind_code(f->kind));
	sql_bind_int64(st, 3, f->papers_only ? 1 : 0);
	sql_bind_int64(st, 4, f->meeting_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_doc(st, &d);
		if ((rc = cb(&d, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_council_file_insert(store *s, struct council_file *f, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_files (doc_id, filename, content_type, size, data, added_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		     &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, f->doc_id);
	sql_bind_text(st, 2, f->filename);
	sql_bind_text(st, 3, f->content_type);
	sql_bind_int64(st, 4, (int64_t)f->size);
	sql_bind_blob(st, 5, f->data ? (const void *)f->data : "", f->size);
	sql_bind_text(st, 6, now);
	if ((rc = sql_exec_write_id(s, st, &f->id, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("no document with id %lld"), (long long)f->doc_id);
out:
	return sql_end(s, rc, mark, err);
}

#define FILE_SELECT "SELECT id, doc_id, filename, content_type, size, data FROM council_files "

static void read_file(stmt *st, struct council_file *f)
{
	f->id = sql_column_int64(st, 0);
	f->doc_id = sql_column_int64(st, 1);
	sql_column_copy(st, 2, f->filename, sizeof(f->filename));
	sql_column_copy(st, 3, f->content_type, sizeof(f->content_type));
	f->size = (size_t)sql_column_int64(st, 4);
}

int store_council_file_get(store *s, int64_t id, struct council_file *out, struct mapo_error *err)
{
	stmt *st;
	size_t n;
	int rc = row_by_id(s, FILE_SELECT "WHERE id = ?1", id, _("file"), &st, err);
	if (rc)
		return rc;
	council_file_release(out);
	read_file(st, out);
	const void *blob = sql_column_blob(st, 5, &n);
	out->data = xmalloc(n ? n : 1);
	if (n)
		memcpy(out->data, blob, n);
	out->size = n;
	sql_reset(st);
	return 0;
}

int store_council_file_list(store *s, int64_t doc_id, council_file_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct council_file f;
	/* the same columns as FILE_SELECT but the data, which a listing does not read */
	int rc = sql_stmt(s, "SELECT id, doc_id, filename, content_type, size FROM council_files WHERE doc_id = ?1 "
		"ORDER BY id", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, doc_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		council_file_init(&f);
		read_file(st, &f);
		if ((rc = cb(&f, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- decisions and engagements ------------------------------------------------------------- */

int store_council_decision_insert(store *s, struct council_decision *d, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO council_decisions (meeting_id, text) VALUES (?1, ?2) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, d->meeting_id);
	sql_bind_text(st, 2, d->text);
	if ((rc = sql_exec_write_id(s, st, &d->id, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("no meeting with id %lld"), (long long)d->meeting_id);
out:
	return sql_end(s, rc, mark, err);
}

static void read_decision(stmt *st, struct council_decision *d)
{
	council_decision_init(d);
	d->id = sql_column_int64(st, 0);
	d->meeting_id = sql_column_int64(st, 1);
	sql_column_copy(st, 2, d->text, sizeof(d->text));
}

int store_council_decision_list(store *s, int64_t meeting_id, council_decision_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_decision d;
	int rc = sql_stmt(s, "SELECT id, meeting_id, text FROM council_decisions WHERE ?1 = 0 OR meeting_id = ?1 "
		"ORDER BY id", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, meeting_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_decision(st, &d);
		if ((rc = cb(&d, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

#define ENG_SELECT "SELECT e.id, e.held_on, o.code, e.title, e.participants, e.topics, e.outcomes " \
	"FROM council_engagements e JOIN council_orgs o ON o.id = e.org_id "

static void read_engagement(stmt *st, void *rec)
{
	struct council_engagement *e = rec;
	council_engagement_init(e);
	e->id = sql_column_int64(st, 0);
	e->held_on = sql_column_date(st, 1);
	sql_column_copy(st, 2, e->org, sizeof(e->org));
	sql_column_copy(st, 3, e->title, sizeof(e->title));
	sql_column_copy(st, 4, e->participants, sizeof(e->participants));
	sql_column_copy(st, 5, e->topics, sizeof(e->topics));
	sql_column_copy(st, 6, e->outcomes, sizeof(e->outcomes));
}

int store_council_engagement_insert(store *s, struct council_engagement *e, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t oid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, e->org, &oid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_engagements (held_on, org_id, title, participants, topics, outcomes) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_date(st, 1, e->held_on);
	sql_bind_int64(st, 2, oid);
	sql_bind_text(st, 3, e->title);
	sql_bind_text(st, 4, e->participants);
	sql_bind_text(st, 5, e->topics);
	sql_bind_text(st, 6, e->outcomes);
	rc = sql_exec_write_id(s, st, &e->id, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_engagement_get(store *s, int64_t id, struct council_engagement *out, struct mapo_error *err)
{
	return get_by_id(s, ENG_SELECT "WHERE e.id = ?1", id, _("engagement"), read_engagement, out, err);
}

int store_council_engagement_list(store *s, const char *org, council_engagement_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_engagement e;
	int rc = sql_stmt(s,
		ENG_SELECT "WHERE CAST(?1 AS TEXT) IS NULL OR o.code = ?1 ORDER BY e.held_on DESC, e.id DESC", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, org);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_engagement(st, &e);
		if ((rc = cb(&e, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* ---- action items -------------------------------------------------------------------------- */

void council_action_filter_init(struct council_action_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->due_before = DATE_NONE;
}

#define ACTION_SELECT "SELECT a.id, a.decision_id, a.engagement_id, o.code, a.title, a.due_on, a.status, " \
	"a.version, d.meeting_id FROM council_actions a JOIN council_orgs o ON o.id = a.org_id " \
	"LEFT JOIN council_decisions d ON d.id = a.decision_id " \
	"LEFT JOIN council_meetings m ON m.id = d.meeting_id LEFT JOIN council_orgs b ON b.id = m.body_id "

/* Binds an action item's fields to ?1..?4 in the order of the insert and the update. */
static void bind_action(stmt *st, int64_t org_id, const struct council_action *a)
{
	sql_bind_int64(st, 1, org_id);
	sql_bind_text(st, 2, a->title);
	sql_bind_date(st, 3, a->due_on);
	sql_bind_text(st, 4, action_status_code(a->status));
}

static void read_action(stmt *st, void *rec)
{
	struct council_action *a = rec;
	council_action_init(a);
	a->id = sql_column_int64(st, 0);
	a->decision_id = sql_column_int64(st, 1);
	a->engagement_id = sql_column_int64(st, 2);
	sql_column_copy(st, 3, a->org, sizeof(a->org));
	sql_column_copy(st, 4, a->title, sizeof(a->title));
	a->due_on = sql_column_date(st, 5);
	a->status = action_status_parse(sql_column_str(st, 6));
	a->version = sql_column_int64(st, 7);
	a->meeting_id = sql_column_int64(st, 8);
}

int store_council_action_insert(store *s, struct council_action *a, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t oid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = org_id(s, a->org, &oid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_actions (org_id, title, due_on, status, decision_id, engagement_id, version) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) RETURNING id",
		     &st, err)))
		goto out;
	bind_action(st, oid, a);
	bind_id(st, 5, a->decision_id);
	bind_id(st, 6, a->engagement_id);
	if ((rc = sql_exec_write_id(s, st, &a->id, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, a->decision_id ? _("no decision with id %lld") : _("no engagement with id %lld"),
			(long long)(a->decision_id ? a->decision_id : a->engagement_id));
	if (!rc)
		a->version = 1;
out:
	return sql_end(s, rc, mark, err);
}

int store_council_action_update(store *s, struct council_action *a, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t oid;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = check_version(s, "SELECT version FROM council_actions WHERE id = ?1", a->id, a->version,
		     _("action item"), err)))
		goto out;
	if ((rc = org_id(s, a->org, &oid, err)))
		goto out;
	if ((rc = sql_stmt(s,
		     "UPDATE council_actions SET org_id = ?1, title = ?2, due_on = ?3, status = ?4, version = version + 1 "
		     "WHERE id = ?5 AND version = ?6",
		     &st, err)))
		goto out;
	bind_action(st, oid, a);
	sql_bind_int64(st, 5, a->id);
	sql_bind_int64(st, 6, a->version);
	rc = write_versioned(s, st, &a->version, _("action item"), NULL, a->id, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_council_action_get(store *s, int64_t id, struct council_action *out, struct mapo_error *err)
{
	return get_by_id(s, ACTION_SELECT "WHERE a.id = ?1", id, _("action item"), read_action, out, err);
}

int store_council_action_list(store *s, const struct council_action_filter *f, council_action_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_action a;
	/* ?2 is a mask of statuses, bit n for the n-th of enum action_status */
	int rc = sql_stmt(s,
		ACTION_SELECT "WHERE (CAST(?1 AS TEXT) IS NULL OR o.code = ?1) "
		"AND (CAST(?2 AS BIGINT) = 0 OR ((CAST(?2 AS BIGINT) >> (CASE a.status WHEN 'open' THEN 0 "
		"WHEN 'in-progress' THEN 1 WHEN 'done' THEN 2 ELSE 3 END)) & 1) = 1) "
		"AND (CAST(?3 AS TEXT) IS NULL OR (a.due_on IS NOT NULL AND a.due_on < ?3)) "
		"AND (?4 = 0 OR d.meeting_id = ?4) AND (?5 = 0 OR a.decision_id = ?5) "
		"AND (?6 = 0 OR a.engagement_id = ?6) AND (CAST(?7 AS TEXT) IS NULL OR b.code = ?7) "
		"ORDER BY o.code, a.due_on IS NULL, a.due_on, a.id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, f->org);
	sql_bind_int64(st, 2, f->status_mask);
	sql_bind_date(st, 3, f->due_before);
	sql_bind_int64(st, 4, f->meeting_id);
	sql_bind_int64(st, 5, f->decision_id);
	sql_bind_int64(st, 6, f->engagement_id);
	sql_bind_text(st, 7, f->body);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_action(st, &a);
		if ((rc = cb(&a, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_council_action_update_insert(store *s, struct council_action_update *u, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO council_action_updates (action_id, noted_on, status, note, by_user) "
		     "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, u->action_id);
	sql_bind_date(st, 2, u->noted_on);
	sql_bind_text(st, 3, action_status_code(u->status));
	sql_bind_text(st, 4, u->note);
	sql_bind_text(st, 5, u->by_user);
	if ((rc = sql_exec_write_id(s, st, &u->id, err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("no action item with id %lld"), (long long)u->action_id);
out:
	return sql_end(s, rc, mark, err);
}

static void read_action_update(stmt *st, struct council_action_update *u)
{
	council_action_update_init(u);
	u->id = sql_column_int64(st, 0);
	u->action_id = sql_column_int64(st, 1);
	u->noted_on = sql_column_date(st, 2);
	u->status = action_status_parse(sql_column_str(st, 3));
	sql_column_copy(st, 4, u->note, sizeof(u->note));
	sql_column_copy(st, 5, u->by_user, sizeof(u->by_user));
}

int store_council_action_update_list(store *s, int64_t action_id, council_action_update_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct council_action_update u;
	int rc = sql_stmt(s, "SELECT id, action_id, noted_on, status, note, by_user FROM council_action_updates "
		"WHERE action_id = ?1 ORDER BY noted_on, id", &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, action_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_action_update(st, &u);
		if ((rc = cb(&u, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}
