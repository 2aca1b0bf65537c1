/* store_aftercare.h on the SQL layer (sql.h): s.51A permits and repatriations listed and updated
 * with their versions (schema: migrations/0005_protection.sql, 0008_aftercare.sql). */
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_aftercare.h"

/* Prepares sql, binds id to ?1 and steps to its one row: 0 with the row ready (give it back with
 * sql_reset), MAPO_ENOTFOUND "no WHAT N", or the error. */
static int row_by_id(store *s, const char *sql, int64_t id, const char *what, stmt **st, struct mapo_error *err)
{
	int rc = sql_stmt(s, sql, st, err);
	if (rc)
		return rc;
	sql_bind_int64(*st, 1, id);
	if ((rc = sql_read_row(s, *st, err)) == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no %s %lld"), what, (long long)id);
	return rc;
}

/* The sealed value of column i of the current row into out (NULL: none). */
static void column_sealed(stmt *st, int i, struct sealed *out)
{
	size_t len = 0;
	const void *data = sql_column_null(st, i) ? NULL : sql_column_blob(st, i, &len);
	sealed_release(out);
	if (!data)
		return;
	out->data = xmalloc(len ? len : 1);
	memcpy(out->data, data, len);
	out->len = len;
}

/* Runs a versioned UPDATE (... WHERE id = ? AND version = ?) of the record id and bumps *version.
 * When it changed nothing, says why, from version_sql (SELECT version ... WHERE id = ?1): the
 * record is missing (MAPO_ENOTFOUND) or its version stale (MAPO_ECONFLICT). */
static int write_versioned(store *s, stmt *st, const char *version_sql, int64_t id, int *version, const char *what,
	struct mapo_error *err)
{
	int rc = sql_exec_write(s, st, err);
	if (rc)
		return rc;
	if (sql_changes(s) > 0) {
		(*version)++;
		return 0;
	}
	if ((rc = row_by_id(s, version_sql, id, what, &st, err)))
		return rc;
	int now = sql_column_int(st, 0);
	sql_reset(st);
	return mapo_error_set(err, MAPO_ECONFLICT,
		_("%s %lld was changed by someone else (now version %d): reload it and make the change again"), what,
		(long long)id, now);
}

static void bind_sealed(stmt *st, int i, const struct sealed *v)
{
	if (v && v->data)
		sql_bind_blob(st, i, v->data, v->len);
	else
		sql_bind_null(st, i);
}

/* ---- permits --------------------------------------------------------------------------------- */

#define PERMIT_COLUMNS                                                                                      \
	"SELECT m.id, p.person_ref, m.kind, m.risk_assessed_on, m.medical_on, m.mental_health_on, m.valid_from, " \
	"m.valid_to, m.status, m.version, m.employer FROM movement_permits m JOIN persons p ON p.id = m.person_id "

static void permit_read(stmt *st, struct permit_rec *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, m->person_ref, sizeof(m->person_ref));
	m->work = !strcmp(sql_column_str(st, 2), "work");
	m->risk_assessed_on = sql_column_date(st, 3);
	m->medical_on = sql_column_date(st, 4);
	m->mental_health_on = sql_column_date(st, 5);
	m->valid_from = sql_column_date(st, 6);
	m->valid_to = sql_column_date(st, 7);
	int status = permit_status_parse(sql_column_str(st, 8));
	m->status = status < 0 ? PERMIT_ACTIVE : (enum permit_status)status;
	m->version = sql_column_int(st, 9);
	m->has_employer = !sql_column_null(st, 10);
}

static void bind_filter(stmt *st, const struct aftercare_filter *f)
{
	sql_bind_text(st, 1, f->person_ref);
	sql_bind_date(st, 2, f->from);
	sql_bind_date(st, 3, f->to);
}

int store_aftercare_permits(store *s, const struct aftercare_filter *f, store_permit_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct permit_rec m;
	int rc = sql_stmt(s,
		PERMIT_COLUMNS "WHERE (CAST(?1 AS TEXT) IS NULL OR p.person_ref = ?1) "
			       "AND (CAST(?2 AS TEXT) IS NULL OR m.valid_to IS NULL OR m.valid_to >= ?2) "
			       "AND (CAST(?3 AS TEXT) IS NULL OR m.valid_from <= ?3) ORDER BY m.valid_from, m.id",
		&st, err);
	if (rc)
		return rc;
	bind_filter(st, f);
	while ((rc = sql_step(st)) == SQL_ROW) {
		size_t len = 0;
		permit_read(st, &m);
		const unsigned char *employer = m.has_employer ? sql_column_blob(st, 10, &len) : NULL;
		if ((rc = cb(&m, employer, len, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_aftercare_permit_get(store *s, int64_t id, struct permit_rec *out, struct sealed *employer,
	struct mapo_error *err)
{
	stmt *st;
	int rc = row_by_id(s, PERMIT_COLUMNS "WHERE m.id = ?1", id, _("permit"), &st, err);
	if (rc)
		return rc;
	permit_read(st, out);
	column_sealed(st, 10, employer);
	sql_reset(st);
	return 0;
}

/* The newest row of table for person_ref. */
static int last_of(store *s, const char *sql, const char *person_ref, int64_t *id, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, sql, &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, person_ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc;
	*id = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

int store_aftercare_permit_last(store *s, const char *person_ref, int64_t *id, struct mapo_error *err)
{
	return last_of(s,
		"SELECT m.id FROM movement_permits m JOIN persons p ON p.id = m.person_id WHERE p.person_ref = ?1 "
		"ORDER BY m.id DESC LIMIT 1",
		person_ref, id, err);
}

int store_aftercare_permit_update(store *s, struct permit_rec *m, const struct sealed *employer,
	struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     employer ? "UPDATE movement_permits SET valid_to = ?2, status = ?3, version = version + 1, "
				"updated_at = ?4, employer = ?6 WHERE id = ?1 AND version = ?5"
			      : "UPDATE movement_permits SET valid_to = ?2, status = ?3, version = version + 1, "
				"updated_at = ?4 WHERE id = ?1 AND version = ?5",
		     &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, m->id);
	sql_bind_date(st, 2, m->valid_to);
	sql_bind_text(st, 3, permit_status_code(m->status));
	sql_bind_text(st, 4, now);
	sql_bind_int64(st, 5, m->version);
	if (employer)
		bind_sealed(st, 6, employer);
	rc = write_versioned(s, st, "SELECT version FROM movement_permits WHERE id = ?1", m->id, &m->version,
		_("permit"), err);
out:
	return sql_end(s, rc, mark, err);
}

/* ---- repatriations ------------------------------------------------------------------------------ */

#define REPAT_COLUMNS                                                                        \
	"SELECT r0.id, p.person_ref, r0.destination, r0.on_date, r0.org, r0.version, r0.follow_up " \
	"FROM repatriations r0 JOIN persons p ON p.id = r0.person_id "

static void repat_read(stmt *st, struct repat_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, r->person_ref, sizeof(r->person_ref));
	sql_column_copy(st, 2, r->destination, sizeof(r->destination));
	r->on_date = sql_column_date(st, 3);
	sql_column_copy(st, 4, r->org, sizeof(r->org));
	r->version = sql_column_int(st, 5);
	r->has_follow_up = !sql_column_null(st, 6);
}

int store_aftercare_repatriations(store *s, const struct aftercare_filter *f, store_repat_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct repat_rec r;
	int rc = sql_stmt(s,
		REPAT_COLUMNS "WHERE (CAST(?1 AS TEXT) IS NULL OR p.person_ref = ?1) "
			      "AND (CAST(?2 AS TEXT) IS NULL OR r0.on_date >= ?2) "
			      "AND (CAST(?3 AS TEXT) IS NULL OR r0.on_date <= ?3) ORDER BY r0.on_date, r0.id",
		&st, err);
	if (rc)
		return rc;
	bind_filter(st, f);
	while ((rc = sql_step(st)) == SQL_ROW) {
		size_t len = 0;
		repat_read(st, &r);
		const unsigned char *note = r.has_follow_up ? sql_column_blob(st, 6, &len) : NULL;
		if ((rc = cb(&r, note, len, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_aftercare_repatriation_get(store *s, int64_t id, struct repat_rec *out, struct sealed *follow_up,
	struct mapo_error *err)
{
	stmt *st;
	int rc = row_by_id(s, REPAT_COLUMNS "WHERE r0.id = ?1", id, _("repatriation"), &st, err);
	if (rc)
		return rc;
	repat_read(st, out);
	column_sealed(st, 6, follow_up);
	sql_reset(st);
	return 0;
}

int store_aftercare_repatriation_last(store *s, const char *person_ref, int64_t *id, struct mapo_error *err)
{
	return last_of(s,
		"SELECT r0.id FROM repatriations r0 JOIN persons p ON p.id = r0.person_id WHERE p.person_ref = ?1 "
		"ORDER BY r0.id DESC LIMIT 1",
		person_ref, id, err);
}

int store_aftercare_repatriation_update(store *s, struct repat_rec *r, const struct sealed *follow_up,
	struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     follow_up ? "UPDATE repatriations SET destination = ?2, on_date = ?3, org = ?4, "
				 "version = version + 1, updated_at = ?5, follow_up = ?7 WHERE id = ?1 AND version = ?6"
			       : "UPDATE repatriations SET destination = ?2, on_date = ?3, org = ?4, "
				 "version = version + 1, updated_at = ?5 WHERE id = ?1 AND version = ?6",
		     &st, err)))
		goto out;
	sql_timestamp(now);
	sql_bind_int64(st, 1, r->id);
	sql_bind_text(st, 2, r->destination);
	sql_bind_date(st, 3, r->on_date);
	sql_bind_text(st, 4, r->org);
	sql_bind_text(st, 5, now);
	sql_bind_int64(st, 6, r->version);
	if (follow_up)
		bind_sealed(st, 7, follow_up);
	if ((rc = write_versioned(s, st, "SELECT version FROM repatriations WHERE id = ?1", r->id, &r->version,
		     _("repatriation"), err)) == MAPO_EINVAL)
		mapo_error_set(err, rc, _("unknown country '%s'"), r->destination);
out:
	return sql_end(s, rc, mark, err);
}
