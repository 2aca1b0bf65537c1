/* store_plan.h over the SQL layer (sql.h), on SQLite and PostgreSQL alike: plans, progress,
 * recommendations and guidelines (schema: migrations/0006_plan.sql). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_plan.h"

/* A number that may be missing (a baseline, a reported value): NaN is NULL. */
static void bind_real(stmt *st, int i, double v)
{
	if (isnan(v))
		sql_bind_null(st, i);
	else
		sql_bind_double(st, i, v);
}

static double column_real(stmt *st, int i)
{
	return sql_column_null(st, i) ? NAN : sql_column_double(st, i);
}

static char *column_dup(stmt *st, int i)
{
	return xstrdup(sql_column_str(st, i));
}

/* Steps st, which reads one id in its first column, into *id: 0, MAPO_ENOTFOUND without a
 * message (the caller names what is missing), or the mapped error. */
static int read_id(store *s, stmt *st, int64_t *id, struct mapo_error *err)
{
	int rc = sql_read_row(s, st, err);
	if (rc)
		return rc;
	*id = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

/* ---- plans -------------------------------------------------------------------------------- */

static int plan_id_of(store *s, const char *code, int64_t *id, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT id FROM plans WHERE code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	if ((rc = read_id(s, st, id, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no plan '%s'"), code);
	return rc;
}

static int node_id_of(store *s, const char *plan, const char *code, int64_t *id, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT n.id FROM plan_nodes n JOIN plans p ON p.id = n.plan_id "
		"WHERE p.code = ?1 AND n.code = ?2 AND n.level = 'activity'",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, code);
	if ((rc = read_id(s, st, id, err)) == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no activity '%s' in plan '%s'"), code, plan);
	return rc;
}

static int node_insert(store *s, const struct plan *p, size_t i, struct mapo_error *err)
{
	struct plan_node *nd = &p->nodes[i];
	int64_t parent_id = 0;
	stmt *st;
	for (size_t j = 0; j < i && nd->parent[0]; j++)
		if (!strcmp(p->nodes[j].code, nd->parent))
			parent_id = p->nodes[j].id;
	int rc = sql_stmt(s,
		"INSERT INTO plan_nodes (plan_id, seq, level, code, parent_id, title_ms, title_en, "
		"lead, supporting, indicator_ms, indicator_en, computed, computed_agency, baseline, "
		"start_year, end_year) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
		"?13, ?14, ?15, ?16) RETURNING id",
		&st, err);
	if (rc)
		return rc;
	char *supporting = strvec_join(&nd->supporting, ";");
	sql_bind_int64(st, 1, p->id);
	sql_bind_int64(st, 2, (int64_t)i);
	sql_bind_text(st, 3, plan_level_code(nd->level));
	sql_bind_text(st, 4, nd->code);
	if (parent_id)
		sql_bind_int64(st, 5, parent_id);
	else
		sql_bind_null(st, 5);
	sql_bind_text(st, 6, nd->title_ms);
	sql_bind_text(st, 7, nd->title_en);
	sql_bind_text(st, 8, nd->lead);
	sql_bind_text(st, 9, supporting);
	sql_bind_text(st, 10, nd->indicator_ms ? nd->indicator_ms : "");
	sql_bind_text(st, 11, nd->indicator_en ? nd->indicator_en : "");
	sql_bind_text(st, 12, nd->computed == MEASURE_NONE ? "" : plan_measure_code(nd->computed));
	sql_bind_text(st, 13, nd->computed_agency);
	bind_real(st, 14, nd->baseline);
	if (nd->level == PLAN_ACTIVITY) {
		sql_bind_int64(st, 15, nd->start_year);
		sql_bind_int64(st, 16, nd->end_year);
	} else {
		sql_bind_null(st, 15);
		sql_bind_null(st, 16);
	}
	rc = sql_exec_write_id(s, st, &nd->id, err);
	free(supporting);
	for (int y = 0; !rc && nd->level == PLAN_ACTIVITY && y < PLAN_YEARS_MAX; y++) {
		if (isnan(nd->targets[y]))
			continue;
		if ((rc = sql_stmt(s, "INSERT INTO plan_targets (node_id, year, target) VALUES (?1, ?2, ?3)", &st,
			     err)))
			break;
		sql_bind_int64(st, 1, nd->id);
		sql_bind_int64(st, 2, p->start_year + y);
		sql_bind_double(st, 3, nd->targets[y]);
		rc = sql_exec_write(s, st, err);
	}
	return rc;
}

int store_plan_insert(store *s, struct plan *p, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO plans (code, title_ms, title_en, start_year, end_year, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, p->code);
	sql_bind_text(st, 2, p->title_ms);
	sql_bind_text(st, 3, p->title_en);
	sql_bind_int64(st, 4, p->start_year);
	sql_bind_int64(st, 5, p->end_year);
	sql_bind_text(st, 6, now);
	if ((rc = sql_exec_write_id(s, st, &p->id, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("a plan '%s' exists already"), p->code);
		goto out;
	}
	for (size_t i = 0; i < p->n && !rc; i++)
		rc = node_insert(s, p, i, err);
out:
	return sql_end(s, rc, mark, err);
}

#define PLAN_HEAD_COLUMNS "id, code, title_ms, title_en, start_year, end_year"

static void read_plan_head(stmt *st, struct plan *p)
{
	p->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, p->code, sizeof(p->code));
	free(p->title_ms);
	free(p->title_en);
	p->title_ms = column_dup(st, 2);
	p->title_en = column_dup(st, 3);
	p->start_year = sql_column_int(st, 4);
	p->end_year = sql_column_int(st, 5);
}

static void read_plan_node(stmt *st, struct plan_node *nd)
{
	nd->id = sql_column_int64(st, 0);
	nd->level = plan_level_parse(sql_column_str(st, 1));
	sql_column_copy(st, 2, nd->code, sizeof(nd->code));
	sql_column_copy(st, 3, nd->parent, sizeof(nd->parent));
	nd->title_ms = column_dup(st, 4);
	nd->title_en = column_dup(st, 5);
	sql_column_copy(st, 6, nd->lead, sizeof(nd->lead));
	strvec_split(&nd->supporting, sql_column_str(st, 7), ';');
	nd->indicator_ms = column_dup(st, 8);
	nd->indicator_en = column_dup(st, 9);
	nd->computed = plan_measure_parse(sql_column_str(st, 10));
	sql_column_copy(st, 11, nd->computed_agency, sizeof(nd->computed_agency));
	nd->baseline = column_real(st, 12);
	nd->start_year = sql_column_int(st, 13);
	nd->end_year = sql_column_int(st, 14);
}

int store_plan_get(store *s, const char *code, struct plan *out, struct mapo_error *err)
{
	stmt *st;
	plan_release(out);
	plan_init(out);
	int rc = sql_stmt(s, "SELECT " PLAN_HEAD_COLUMNS " FROM plans WHERE code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no plan '%s'"), code) : rc;
	read_plan_head(st, out);
	sql_reset(st);

	if ((rc = sql_stmt(s,
		     "SELECT n.id, n.level, n.code, COALESCE(pn.code, ''), n.title_ms, n.title_en, n.lead, "
		     "n.supporting, n.indicator_ms, n.indicator_en, n.computed, n.computed_agency, n.baseline, "
		     "n.start_year, n.end_year FROM plan_nodes n LEFT JOIN plan_nodes pn ON pn.id = n.parent_id "
		     "WHERE n.plan_id = ?1 ORDER BY n.seq",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct plan_node nd;
		plan_node_init(&nd);
		read_plan_node(st, &nd);
		plan_add_node(out, &nd);
	}
	if ((rc = sql_rows_end(s, rc, err)))
		return rc;

	if ((rc = sql_stmt(s,
		     "SELECT t.node_id, t.year, t.target FROM plan_targets t JOIN plan_nodes n ON n.id = t.node_id "
		     "WHERE n.plan_id = ?1",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		int64_t node = sql_column_int64(st, 0);
		int y = sql_column_int(st, 1) - out->start_year;
		for (size_t i = 0; i < out->n; i++)
			if (out->nodes[i].id == node && y >= 0 && y < PLAN_YEARS_MAX)
				out->nodes[i].targets[y] = sql_column_double(st, 2);
	}
	return sql_rows_end(s, rc, err);
}

int store_plan_delete(store *s, const char *code, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t id = 0;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = plan_id_of(s, code, &id, err)))
		goto out;
	/* Children first: the nodes' self-reference would otherwise be checked row by row. */
	if ((rc = sql_stmt(s, "DELETE FROM plan_nodes WHERE plan_id = ?1 AND level = 'activity'", &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if ((rc = sql_stmt(s, "DELETE FROM plans WHERE id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	rc = sql_exec_write(s, st, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_plan_list(store *s, plan_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct plan p;
	int rc = sql_stmt(s, "SELECT " PLAN_HEAD_COLUMNS " FROM plans ORDER BY code", &st, err);
	if (rc)
		return rc;
	plan_init(&p);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_plan_head(st, &p);
		if ((rc = cb(&p, arg))) {
			plan_release(&p);
			return sql_rows_stop(st, rc);
		}
	}
	plan_release(&p);
	return sql_rows_end(s, rc, err);
}

/* ---- progress ----------------------------------------------------------------------------- */

int store_progress_put(store *s, struct progress_report *r, const void *evidence, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int64_t node;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = node_id_of(s, r->plan, r->activity, &node, err)))
		goto out;
	sql_timestamp(r->reported_at);
	if ((rc = sql_stmt(s,
		     "INSERT INTO plan_progress (node_id, year, quarter, value, status, narrative, evidence_name, "
		     "evidence_type, evidence, org, reported_by, reported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
		     "?8, ?9, ?10, ?11, ?12) ON CONFLICT (node_id, year, quarter) DO UPDATE SET "
		     "value = excluded.value, status = excluded.status, narrative = excluded.narrative, "
		     "evidence_name = excluded.evidence_name, evidence_type = excluded.evidence_type, "
		     "evidence = excluded.evidence, org = excluded.org, reported_by = excluded.reported_by, "
		     "reported_at = excluded.reported_at RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, node);
	sql_bind_int64(st, 2, r->year);
	sql_bind_int64(st, 3, r->quarter);
	bind_real(st, 4, r->value);
	sql_bind_text(st, 5, progress_status_code(r->status));
	sql_bind_text(st, 6, r->narrative);
	sql_bind_text(st, 7, evidence ? r->evidence_name : "");
	sql_bind_text(st, 8, evidence ? r->evidence_type : "");
	if (evidence)
		sql_bind_blob(st, 9, evidence, r->evidence_size);
	else
		sql_bind_null(st, 9);
	sql_bind_text(st, 10, r->org);
	sql_bind_text(st, 11, r->reported_by);
	sql_bind_text(st, 12, r->reported_at);
	rc = sql_exec_write_id(s, st, &r->id, err);
out:
	return sql_end(s, rc, mark, err);
}

/* The columns read_report reads, then (in store_progress_evidence) the file itself. */
#define REPORT_SELECT \
	"SELECT g.id, p.code, n.code, g.year, g.quarter, g.value, g.status, g.narrative, g.evidence_name, " \
	"g.evidence_type, COALESCE(length(g.evidence), 0), g.org, g.reported_by, g.reported_at"
#define REPORT_FROM \
	" FROM plan_progress g JOIN plan_nodes n ON n.id = g.node_id JOIN plans p ON p.id = n.plan_id "

static void read_report(stmt *st, struct progress_report *r)
{
	r->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, r->plan, sizeof(r->plan));
	sql_column_copy(st, 2, r->activity, sizeof(r->activity));
	r->year = sql_column_int(st, 3);
	r->quarter = sql_column_int(st, 4);
	r->value = column_real(st, 5);
	r->status = progress_status_parse(sql_column_str(st, 6));
	free(r->narrative);
	r->narrative = column_dup(st, 7);
	sql_column_copy(st, 8, r->evidence_name, sizeof(r->evidence_name));
	sql_column_copy(st, 9, r->evidence_type, sizeof(r->evidence_type));
	r->evidence_size = (size_t)sql_column_int64(st, 10);
	sql_column_copy(st, 11, r->org, sizeof(r->org));
	sql_column_copy(st, 12, r->reported_by, sizeof(r->reported_by));
	sql_column_copy(st, 13, r->reported_at, sizeof(r->reported_at));
}

int store_progress_list(store *s, const char *plan, const char *activity, int year, progress_cb cb, void *arg,
	struct mapo_error *err)
{
	stmt *st;
	struct progress_report r;
	int rc = sql_stmt(s,
		REPORT_SELECT REPORT_FROM
		"WHERE p.code = ?1 AND (CAST(?2 AS TEXT) IS NULL OR n.code = ?2) AND (?3 = 0 OR g.year = ?3) "
		"ORDER BY n.seq, g.year, g.quarter",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, activity);
	sql_bind_int64(st, 3, year);
	progress_report_init(&r);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_report(st, &r);
		if ((rc = cb(&r, arg))) {
			progress_report_release(&r);
			return sql_rows_stop(st, rc);
		}
	}
	progress_report_release(&r);
	return sql_rows_end(s, rc, err);
}

int store_progress_evidence(store *s, const char *plan, const char *activity, int year, int quarter,
	struct progress_report *meta, struct buf *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		REPORT_SELECT ", g.evidence" REPORT_FROM
		"WHERE p.code = ?1 AND n.code = ?2 AND g.year = ?3 AND g.quarter = ?4 AND g.evidence IS NOT NULL",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, activity);
	sql_bind_int64(st, 3, year);
	sql_bind_int64(st, 4, quarter);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND
			? mapo_error_set(err, rc, _("no evidence for %s in %d Q%d"), activity, year, quarter)
			: rc;
	read_report(st, meta);
	size_t n = 0;
	const void *file = sql_column_blob(st, 14, &n);
	if (n && (rc = buf_add(out, file, n)))
		mapo_error_set(err, rc, _("the evidence file is too large"));
	sql_reset(st);
	return rc;
}

/* ---- recommendations ---------------------------------------------------------------------- */

/* Writes one link of recommendation r, "PLAN/ACTIVITY". */
static int rec_link_insert(store *s, const struct recommendation *r, const char *link, struct mapo_error *err)
{
	char plan[PLAN_CODE_MAX];
	const char *slash = strchr(link, '/');
	int64_t node;
	stmt *st;
	if (!slash || (size_t)(slash - link) >= sizeof(plan))
		return mapo_error_set(err, MAPO_EINVAL, _("link '%s' is not PLAN/ACTIVITY"), link);
	memcpy(plan, link, (size_t)(slash - link));
	plan[slash - link] = '\0';
	int rc = node_id_of(s, plan, slash + 1, &node, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, MAPO_EINVAL, _("recommendation %d/%d: no activity '%s'"), r->year, r->rank,
			link);
	if (rc || (rc = sql_stmt(s,
			   "INSERT INTO recommendation_links (rec_id, node_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
			   &st, err)))
		return rc;
	sql_bind_int64(st, 1, r->id);
	sql_bind_int64(st, 2, node);
	return sql_exec_write(s, st, err);
}

/* Runs sql, which names the recommendation's id as ?1 (and maybe a text as ?2), as a write. */
static int rec_write(store *s, const char *sql, int64_t id, const char *text, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, sql, &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, id);
	if (text)
		sql_bind_text(st, 2, text);
	return sql_exec_write(s, st, err);
}

int store_rec_put(store *s, struct recommendation *r, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO recommendations (year, rank, text_ms, text_en, status, evidence, updated_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (year, rank) DO UPDATE SET "
		     "text_ms = excluded.text_ms, text_en = excluded.text_en, status = excluded.status, "
		     "evidence = excluded.evidence, updated_at = excluded.updated_at RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->year);
	sql_bind_int64(st, 2, r->rank);
	sql_bind_text(st, 3, r->text_ms);
	sql_bind_text(st, 4, r->text_en);
	sql_bind_text(st, 5, rec_status_code(r->status));
	sql_bind_text(st, 6, r->evidence);
	sql_bind_text(st, 7, now);
	if ((rc = sql_exec_write_id(s, st, &r->id, err)))
		goto out;
	snprintf(r->updated_at, sizeof(r->updated_at), "%s", now);
	if ((rc = rec_write(s, "DELETE FROM recommendation_links WHERE rec_id = ?1", r->id, NULL, err)) ||
	    (rc = rec_write(s, "DELETE FROM recommendation_actions WHERE rec_id = ?1", r->id, NULL, err)))
		goto out;
	for (size_t i = 0; i < r->links.n && !rc; i++)
		rc = rec_link_insert(s, r, r->links.v[i], err);
	for (size_t i = 0; i < r->actions.n && !rc; i++)
		rc = rec_write(s,
			"INSERT INTO recommendation_actions (rec_id, action_ref) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
			r->id, r->actions.v[i], err);
out:
	return sql_end(s, rc, mark, err);
}

/* Appends the first column of each row of sql (its one parameter ?1 = id) to out. */
static int read_strings(store *s, const char *sql, int64_t id, struct strvec *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, sql, &st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, id);
	while ((rc = sql_step(st)) == SQL_ROW)
		strvec_push(out, sql_column_str(st, 0));
	return sql_rows_end(s, rc, err);
}

static int rec_fill_links(store *s, struct recommendation *r, struct mapo_error *err)
{
	strvec_clear(&r->links);
	strvec_clear(&r->actions);
	int rc = read_strings(s,
		"SELECT p.code || '/' || n.code FROM recommendation_links l JOIN plan_nodes n ON n.id = l.node_id "
		"JOIN plans p ON p.id = n.plan_id WHERE l.rec_id = ?1 ORDER BY p.code, n.seq",
		r->id, &r->links, err);
	if (rc)
		return rc;
	return read_strings(s, "SELECT action_ref FROM recommendation_actions WHERE rec_id = ?1 ORDER BY action_ref",
		r->id, &r->actions, err);
}

static void read_rec(stmt *st, struct recommendation *r)
{
	r->id = sql_column_int64(st, 0);
	r->year = sql_column_int(st, 1);
	r->rank = sql_column_int(st, 2);
	r->text_ms = column_dup(st, 3);
	r->text_en = column_dup(st, 4);
	r->status = rec_status_parse(sql_column_str(st, 5));
	free(r->evidence);
	r->evidence = column_dup(st, 6);
	sql_column_copy(st, 7, r->updated_at, sizeof(r->updated_at));
}

int store_rec_list(store *s, int year, rec_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct recommendation *v = NULL;
	size_t n = 0, alloc = 0;
	int rc = sql_stmt(s,
		"SELECT id, year, rank, text_ms, text_en, status, evidence, updated_at FROM recommendations "
		"WHERE ?1 = 0 OR year = ?1 ORDER BY year, rank",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, year);
	/* Read them all first: the links need statements of their own. */
	while ((rc = sql_step(st)) == SQL_ROW) {
		ALLOC_GROW(v, n + 1, alloc);
		recommendation_init(&v[n]);
		read_rec(st, &v[n++]);
	}
	rc = sql_rows_end(s, rc, err);
	for (size_t i = 0; i < n && !rc; i++)
		if (!(rc = rec_fill_links(s, &v[i], err)))
			rc = cb(&v[i], arg);
	for (size_t i = 0; i < n; i++)
		recommendation_release(&v[i]);
	free(v);
	return rc;
}

int store_rec_update(store *s, int year, int rank, enum rec_status status, const char *evidence,
	struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "UPDATE recommendations SET status = ?3, evidence = COALESCE(?4, evidence), updated_at = ?5 "
		     "WHERE year = ?1 AND rank = ?2",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, year);
	sql_bind_int64(st, 2, rank);
	sql_bind_text(st, 3, rec_status_code(status));
	sql_bind_text(st, 4, evidence);
	sql_bind_text(st, 5, now);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no recommendation %d of %d"), rank, year);
out:
	return sql_end(s, rc, mark, err);
}

int store_rec_latest_year(store *s, int *year, struct mapo_error *err)
{
	stmt *st;
	int64_t latest = 0;
	int rc = sql_stmt(s, "SELECT COALESCE(MAX(year), 0) FROM recommendations", &st, err);
	if (rc)
		return rc;
	rc = read_id(s, st, &latest, err);
	*year = (int)latest;
	return rc == MAPO_ENOTFOUND ? 0 : rc; /* an aggregate gives a row: no row, no year */
}

/* ---- guidelines --------------------------------------------------------------------------- */

int store_guideline_insert(store *s, struct guideline *g, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char issued[DATE_STRLEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	date_format(g->issued, issued);
	if ((rc = sql_stmt(s,
		     "INSERT INTO guidelines (code, version, title_ms, title_en, issued) VALUES (?1, ?2, ?3, ?4, ?5) "
		     "RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, g->code);
	sql_bind_int64(st, 2, g->version);
	sql_bind_text(st, 3, g->title_ms);
	sql_bind_text(st, 4, g->title_en);
	sql_bind_text(st, 5, issued);
	if ((rc = sql_exec_write_id(s, st, &g->id, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("guideline '%s' version %d exists already"), g->code, g->version);
		goto out;
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct guideline_item *it = &g->items[i];
		if ((rc = sql_stmt(s,
			     "INSERT INTO guideline_items (guideline_id, seq, code, section_ms, section_en, text_ms, "
			     "text_en, subjects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			     &st, err)))
			goto out;
		sql_bind_int64(st, 1, g->id);
		sql_bind_int64(st, 2, (int64_t)i);
		sql_bind_text(st, 3, it->code);
		sql_bind_text(st, 4, it->section_ms);
		sql_bind_text(st, 5, it->section_en);
		sql_bind_text(st, 6, it->text_ms);
		sql_bind_text(st, 7, it->text_en);
		sql_bind_int64(st, 8, it->subjects);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}

#define GUIDELINE_HEAD_COLUMNS "id, code, version, title_ms, title_en, issued"

static void read_guideline_head(stmt *st, struct guideline *g)
{
	g->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, g->code, sizeof(g->code));
	g->version = sql_column_int(st, 2);
	free(g->title_ms);
	free(g->title_en);
	g->title_ms = column_dup(st, 3);
	g->title_en = column_dup(st, 4);
	g->issued = sql_column_date(st, 5);
}

static void read_guideline_item(stmt *st, struct guideline_item *it)
{
	sql_column_copy(st, 0, it->code, sizeof(it->code));
	it->section_ms = column_dup(st, 1);
	it->section_en = column_dup(st, 2);
	it->text_ms = column_dup(st, 3);
	it->text_en = column_dup(st, 4);
	it->subjects = (unsigned)sql_column_int(st, 5);
}

int store_guideline_get(store *s, const char *code, int version, struct guideline *out, struct mapo_error *err)
{
	stmt *st;
	guideline_release(out);
	guideline_init(out);
	int rc = sql_stmt(s,
		"SELECT " GUIDELINE_HEAD_COLUMNS " FROM guidelines WHERE code = ?1 "
		"AND (?2 = 0 OR version = ?2) ORDER BY version DESC LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	sql_bind_int64(st, 2, version);
	if ((rc = sql_read_row(s, st, err))) {
		if (rc != MAPO_ENOTFOUND)
			return rc;
		return version ? mapo_error_set(err, rc, _("no guideline '%s' version %d"), code, version)
			       : mapo_error_set(err, rc, _("no guideline '%s'"), code);
	}
	read_guideline_head(st, out);
	sql_reset(st);
	if ((rc = sql_stmt(s,
		     "SELECT code, section_ms, section_en, text_ms, text_en, subjects FROM guideline_items "
		     "WHERE guideline_id = ?1 ORDER BY seq",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct guideline_item it;
		guideline_item_init(&it);
		read_guideline_item(st, &it);
		guideline_add_item(out, &it);
	}
	return sql_rows_end(s, rc, err);
}

int store_guideline_list(store *s, guideline_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct guideline g;
	int rc = sql_stmt(s, "SELECT " GUIDELINE_HEAD_COLUMNS " FROM guidelines ORDER BY code, version", &st, err);
	if (rc)
		return rc;
	guideline_init(&g);
	while ((rc = sql_step(st)) == SQL_ROW) {
		read_guideline_head(st, &g);
		if ((rc = cb(&g, arg))) {
			guideline_release(&g);
			return sql_rows_stop(st, rc);
		}
	}
	guideline_release(&g);
	return sql_rows_end(s, rc, err);
}

/* Writes the answer of check c to item code of guideline gid; MAPO_EINVAL when it has no such item. */
static int answer_insert(store *s, const struct guideline_check *c, int64_t gid, size_t i, struct mapo_error *err)
{
	stmt *st;
	/* The casts type the selected parameters for PostgreSQL, which would read them as text. */
	int rc = sql_stmt(s,
		"INSERT INTO guideline_answers (check_id, item_id, answer) SELECT CAST(?1 AS BIGINT), id, "
		"CAST(?3 AS TEXT) FROM guideline_items WHERE guideline_id = ?4 AND code = ?2",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, c->id);
	sql_bind_text(st, 2, c->codes.v[i]);
	sql_bind_text(st, 3, check_answer_code(c->answers[i]));
	sql_bind_int64(st, 4, gid);
	if ((rc = sql_exec_write(s, st, err)))
		return rc;
	if (sql_changes(s) != 1)
		return mapo_error_set(err, MAPO_EINVAL, _("no item '%s' in guideline '%s'"), c->codes.v[i], c->guideline);
	return 0;
}

int store_check_insert(store *s, struct guideline_check *c, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	char date[DATE_STRLEN], now[SQL_TIMESTAMP_LEN];
	int64_t gid = 0;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "SELECT id FROM guidelines WHERE code = ?1 AND version = ?2", &st, err)))
		goto out;
	sql_bind_text(st, 1, c->guideline);
	sql_bind_int64(st, 2, c->version);
	if ((rc = read_id(s, st, &gid, err))) {
		if (rc == MAPO_ENOTFOUND)
			mapo_error_set(err, rc, _("no guideline '%s' version %d"), c->guideline, c->version);
		goto out;
	}
	date_format(c->check_date, date);
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO guideline_checks (guideline_id, subject, subject_ref, agency, check_date, note, "
		     "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, gid);
	sql_bind_text(st, 2, check_subject_code(c->subject));
	sql_bind_text(st, 3, c->subject_ref);
	sql_bind_text(st, 4, c->agency);
	sql_bind_text(st, 5, date);
	sql_bind_text(st, 6, c->note ? c->note : "");
	sql_bind_text(st, 7, c->recorded_by);
	sql_bind_text(st, 8, now);
	if ((rc = sql_exec_write_id(s, st, &c->id, err)))
		goto out;
	for (size_t i = 0; i < c->nanswers && !rc; i++)
		rc = answer_insert(s, c, gid, i, err);
out:
	return sql_end(s, rc, mark, err);
}

int store_compliance(store *s, const char *guideline, mapo_date from, mapo_date to, bool by_subject,
	compliance_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	/* Checks are counted once each, answers once per item: two aggregates over one join. */
	int rc = sql_stmt(s,
		"SELECT c.agency, CASE WHEN ?4 = 1 THEN c.subject ELSE '' END AS subj, COUNT(DISTINCT c.id), "
		"SUM(CASE WHEN a.answer = 'yes' THEN 1 ELSE 0 END), SUM(CASE WHEN a.answer = 'no' THEN 1 ELSE 0 END), "
		"SUM(CASE WHEN a.answer = 'na' THEN 1 ELSE 0 END) "
		"FROM guideline_checks c JOIN guidelines g ON g.id = c.guideline_id "
		"LEFT JOIN guideline_answers a ON a.check_id = c.id "
		"WHERE (CAST(?1 AS TEXT) IS NULL OR g.code = ?1) AND c.check_date BETWEEN ?2 AND ?3 "
		"GROUP BY c.agency, subj ORDER BY c.agency, subj",
		&st, err);
	if (rc)
		return rc;
	char f[DATE_STRLEN], t[DATE_STRLEN];
	date_format(from == DATE_NONE ? date_from_ymd(1900, 1, 1) : from, f);
	date_format(to == DATE_NONE ? date_from_ymd(9999, 12, 31) : to, t);
	sql_bind_text(st, 1, guideline);
	sql_bind_text(st, 2, f);
	sql_bind_text(st, 3, t);
	sql_bind_int64(st, 4, by_subject ? 1 : 0);
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct compliance_row row;
		memset(&row, 0, sizeof(row));
		sql_column_copy(st, 0, row.agency, sizeof(row.agency));
		row.subject = by_subject ? check_subject_parse(sql_column_str(st, 1)) : SUBJECT_NONE;
		row.checks = sql_column_int64(st, 2);
		row.yes = sql_column_int64(st, 3);
		row.no = sql_column_int64(st, 4);
		row.na = sql_column_int64(st, 5);
		compliance_finish(&row);
		if ((rc = cb(&row, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}
