/* The SQLite side of store_plan.h: plans, progress, recommendations and guidelines
 * (schema: migrations/0006_plan.sql). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "store/store_plan.h"

static void bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

static double column_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	return xstrdup(sql_column_str(st, i));
}

/* ---- plans -------------------------------------------------------------------------------- */

static int plan_id_of(store *s, const char *code, int64_t *id, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT id FROM plans WHERE code = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no plan '%s'"), code);
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

static int node_id_of(store *s, const char *plan, const char *code, int64_t *id, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s,
		"SELECT n.id FROM plan_nodes n JOIN plans p ON p.id = n.plan_id "
		"WHERE p.code = ?1 AND n.code = ?2 AND n.level = 'activity'",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no activity '%s' in plan '%s'"), code, plan);
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

int store_plan_insert(store *s, struct plan *p, struct mapo_error *err)
{
	sqlite3_stmt *st;
	unsigned long mark;
	char now[SQL_TIMESTAMP_LEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO plans (code, title_ms, title_en, start_year, end_year, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, p->code);
	sql_bind_text(st, 2, p->title_ms);
	sql_bind_text(st, 3, p->title_en);
	sql_bind_int64(st, 4, p->start_year);
	sql_bind_int64(st, 5, p->end_year);
	sql_bind_text(st, 6, now);
	if ((rc = sql_exec_write(s, st, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("a plan '%s' exists already"), p->code);
		goto out;
	}
	p->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < p->n; i++) {
		struct plan_node *nd = &p->nodes[i];
		int64_t parent_id = 0;
		for (size_t j = 0; j < i && nd->parent[0]; j++)
			if (!strcmp(p->nodes[j].code, nd->parent))
				parent_id = p->nodes[j].id;
		if ((rc = sql_stmt(s,
			     "INSERT INTO plan_nodes (plan_id, seq, level, code, parent_id, title_ms, title_en, "
			     "lead, supporting, indicator_ms, indicator_en, computed, computed_agency, baseline, "
			     "start_year, end_year) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
			     "?13, ?14, ?15, ?16)",
			     &st, err)))
			goto out;
		char *supporting = strvec_join(&nd->supporting, ";");
		sql_bind_int64(st, 1, p->id);
		sql_bind_int64(st, 2, (int64_t)i);
		sql_bind_text(st, 3, plan_level_code(nd->level));
		sql_bind_text(st, 4, nd->code);
		if (parent_id)
			sql_bind_int64(st, 5, parent_id);
		else
			sqlite3_bind_null(st, 5);
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
			sqlite3_bind_null(st, 15);
			sqlite3_bind_null(st, 16);
		}
		rc = sql_exec_write(s, st, err);
		free(supporting);
		if (rc)
			goto out;
		nd->id = sqlite3_last_insert_rowid(s->db);
		for (int y = 0; nd->level == PLAN_ACTIVITY && y < PLAN_YEARS_MAX; y++) {
			if (isnan(nd->targets[y]))
				continue;
			if ((rc = sql_stmt(s, "INSERT INTO plan_targets (node_id, year, target) VALUES (?1, ?2, ?3)",
				     &st, err)))
				goto out;
			sql_bind_int64(st, 1, nd->id);
			sql_bind_int64(st, 2, p->start_year + y);
			sqlite3_bind_double(st, 3, nd->targets[y]);
			if ((rc = sql_exec_write(s, st, err)))
				goto out;
		}
	}
out:
	return sql_end(s, rc, mark, err);
}

static void read_plan_head(sqlite3_stmt *st, struct plan *p)
{
	p->id = sqlite3_column_int64(st, 0);
	sql_column_copy(st, 1, p->code, sizeof(p->code));
	free(p->title_ms);
	free(p->title_en);
	p->title_ms = column_dup(st, 2);
	p->title_en = column_dup(st, 3);
	p->start_year = sqlite3_column_int(st, 4);
	p->end_year = sqlite3_column_int(st, 5);
}

int store_plan_get(store *s, const char *code, struct plan *out, struct mapo_error *err)
{
	sqlite3_stmt *st;
	plan_release(out);
	plan_init(out);
	int rc = sql_stmt(s, "SELECT id, code, title_ms, title_en, start_year, end_year FROM plans WHERE code = ?1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_plan_head(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return mapo_error_set(err, MAPO_ENOTFOUND, _("no plan '%s'"), code);
	if (rc != SQLITE_ROW)
		return sql_error(s, rc, err);

	if ((rc = sql_stmt(s,
		     "SELECT n.id, n.level, n.code, COALESCE(pn.code, ''), n.title_ms, n.title_en, n.lead, "
		     "n.supporting, n.indicator_ms, n.indicator_en, n.computed, n.computed_agency, n.baseline, "
		     "n.start_year, n.end_year FROM plan_nodes n LEFT JOIN plan_nodes pn ON pn.id = n.parent_id "
		     "WHERE n.plan_id = ?1 ORDER BY n.seq",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct plan_node nd;
		plan_node_init(&nd);
		nd.id = sqlite3_column_int64(st, 0);
		nd.level = plan_level_parse(sql_column_str(st, 1));
		sql_column_copy(st, 2, nd.code, sizeof(nd.code));
		sql_column_copy(st, 3, nd.parent, sizeof(nd.parent));
		nd.title_ms = column_dup(st, 4);
		nd.title_en = column_dup(st, 5);
		sql_column_copy(st, 6, nd.lead, sizeof(nd.lead));
		strvec_split(&nd.supporting, sql_column_str(st, 7), ';');
		nd.indicator_ms = column_dup(st, 8);
		nd.indicator_en = column_dup(st, 9);
		nd.computed = plan_measure_parse(sql_column_str(st, 10));
		sql_column_copy(st, 11, nd.computed_agency, sizeof(nd.computed_agency));
		nd.baseline = column_real(st, 12);
		nd.start_year = sqlite3_column_int(st, 13);
		nd.end_year = sqlite3_column_int(st, 14);
		plan_add_node(out, &nd);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(s, rc, err);

	if ((rc = sql_stmt(s,
		     "SELECT t.node_id, t.year, t.target FROM plan_targets t JOIN plan_nodes n ON n.id = t.node_id "
		     "WHERE n.plan_id = ?1",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t node = sqlite3_column_int64(st, 0);
		int y = sqlite3_column_int(st, 1) - out->start_year;
		for (size_t i = 0; i < out->n; i++)
			if (out->nodes[i].id == node && y >= 0 && y < PLAN_YEARS_MAX)
				out->nodes[i].targets[y] = sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_plan_delete(store *s, const char *code, struct mapo_error *err)
{
	sqlite3_stmt *st;
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
	sqlite3_stmt *st;
	struct plan p;
	int rc = sql_stmt(s, "SELECT id, code, title_ms, title_en, start_year, end_year FROM plans ORDER BY code",
		&st, err);
	if (rc)
		return rc;
	plan_init(&p);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_plan_head(st, &p);
		int stop = cb(&p, arg);
		if (stop) {
			sqlite3_reset(st);
			plan_release(&p);
			return stop;
		}
	}
	sqlite3_reset(st);
	plan_release(&p);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

/* ---- progress ----------------------------------------------------------------------------- */

int store_progress_put(store *s, struct progress_report *r, const void *evidence, struct mapo_error *err)
{
	sqlite3_stmt *st;
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
		     "reported_at = excluded.reported_at",
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
		sqlite3_bind_blob64(st, 9, evidence, r->evidence_size, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 9);
	sql_bind_text(st, 10, r->org);
	sql_bind_text(st, 11, r->reported_by);
	sql_bind_text(st, 12, r->reported_at);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	r->id = sqlite3_last_insert_rowid(s->db);
out:
	return sql_end(s, rc, mark, err);
}

static void read_report(sqlite3_stmt *st, struct progress_report *r)
{
	r->id = sqlite3_column_int64(st, 0);
	sql_column_copy(st, 1, r->plan, sizeof(r->plan));
	sql_column_copy(st, 2, r->activity, sizeof(r->activity));
	r->year = sqlite3_column_int(st, 3);
	r->quarter = sqlite3_column_int(st, 4);
	r->value = column_real(st, 5);
	r->status = progress_status_parse(sql_column_str(st, 6));
	free(r->narrative);
	r->narrative = column_dup(st, 7);
	sql_column_copy(st, 8, r->evidence_name, sizeof(r->evidence_name));
	sql_column_copy(st, 9, r->evidence_type, sizeof(r->evidence_type));
	r->evidence_size = (size_t)sqlite3_column_int64(st, 10);
	sql_column_copy(st, 11, r->org, sizeof(r->org));
	sql_column_copy(st, 12, r->reported_by, sizeof(r->reported_by));
	sql_column_copy(st, 13, r->reported_at, sizeof(r->reported_at));
}

int store_progress_list(store *s, const char *plan, const char *activity, int year, progress_cb cb, void *arg,
	struct mapo_error *err)
{
	sqlite3_stmt *st;
	struct progress_report r;
	int rc = sql_stmt(s,
		"SELECT g.id, p.code, n.code, g.year, g.quarter, g.value, g.status, g.narrative, g.evidence_name, "
		"g.evidence_type, COALESCE(length(g.evidence), 0), g.org, g.reported_by, g.reported_at "
		"FROM plan_progress g JOIN plan_nodes n ON n.id = g.node_id JOIN plans p ON p.id = n.plan_id "
		"WHERE p.code = ?1 AND (?2 IS NULL OR n.code = ?2) AND (?3 = 0 OR g.year = ?3) "
		"ORDER BY n.seq, g.year, g.quarter",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, activity);
	sql_bind_int64(st, 3, year);
	progress_report_init(&r);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_report(st, &r);
		int stop = cb(&r, arg);
		if (stop) {
			sqlite3_reset(st);
			progress_report_release(&r);
			return stop;
		}
	}
	sqlite3_reset(st);
	progress_report_release(&r);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_progress_evidence(store *s, const char *plan, const char *activity, int year, int quarter,
	struct progress_report *meta, struct buf *out, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s,
		"SELECT g.id, p.code, n.code, g.year, g.quarter, g.value, g.status, g.narrative, g.evidence_name, "
		"g.evidence_type, COALESCE(length(g.evidence), 0), g.org, g.reported_by, g.reported_at, g.evidence "
		"FROM plan_progress g JOIN plan_nodes n ON n.id = g.node_id JOIN plans p ON p.id = n.plan_id "
		"WHERE p.code = ?1 AND n.code = ?2 AND g.year = ?3 AND g.quarter = ?4 AND g.evidence IS NOT NULL",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, plan);
	sql_bind_text(st, 2, activity);
	sql_bind_int64(st, 3, year);
	sql_bind_int64(st, 4, quarter);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_report(st, meta);
		rc = buf_add(out, sqlite3_column_blob(st, 14), (size_t)sqlite3_column_bytes(st, 14));
		if (rc)
			mapo_error_set(err, rc, _("the evidence file is too large"));
	} else if (rc == SQLITE_DONE) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no evidence for %s in %d Q%d"), activity, year, quarter);
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- recommendations ---------------------------------------------------------------------- */

int store_rec_put(store *s, struct recommendation *r, struct mapo_error *err)
{
	sqlite3_stmt *st;
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
		     "evidence = excluded.evidence, updated_at = excluded.updated_at",
		     &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->year);
	sql_bind_int64(st, 2, r->rank);
	sql_bind_text(st, 3, r->text_ms);
	sql_bind_text(st, 4, r->text_en);
	sql_bind_text(st, 5, rec_status_code(r->status));
	sql_bind_text(st, 6, r->evidence);
	sql_bind_text(st, 7, now);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if ((rc = sql_stmt(s, "SELECT id FROM recommendations WHERE year = ?1 AND rank = ?2", &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->year);
	sql_bind_int64(st, 2, r->rank);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = sql_error(s, rc, err);
		goto out;
	}
	rc = 0;
	snprintf(r->updated_at, sizeof(r->updated_at), "%s", now);
	if ((rc = sql_stmt(s, "DELETE FROM recommendation_links WHERE rec_id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->id);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if ((rc = sql_stmt(s, "DELETE FROM recommendation_actions WHERE rec_id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->id);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	for (size_t i = 0; i < r->links.n; i++) {
		char plan[PLAN_CODE_MAX];
		const char *link = r->links.v[i], *slash = strchr(link, '/');
		int64_t node;
		if (!slash || (size_t)(slash - link) >= sizeof(plan)) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("link '%s' is not PLAN/ACTIVITY"), link);
			goto out;
		}
		memcpy(plan, link, (size_t)(slash - link));
		plan[slash - link] = '\0';
		if ((rc = node_id_of(s, plan, slash + 1, &node, err))) {
			if (rc == MAPO_ENOTFOUND)
				rc = mapo_error_set(err, MAPO_EINVAL, _("recommendation %d/%d: no activity '%s'"), r->year,
					r->rank, link);
			goto out;
		}
		if ((rc = sql_stmt(s, "INSERT OR IGNORE INTO recommendation_links (rec_id, node_id) VALUES (?1, ?2)",
			     &st, err)))
			goto out;
		sql_bind_int64(st, 1, r->id);
		sql_bind_int64(st, 2, node);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
	for (size_t i = 0; i < r->actions.n; i++) {
		if ((rc = sql_stmt(s,
			     "INSERT OR IGNORE INTO recommendation_actions (rec_id, action_ref) VALUES (?1, ?2)", &st,
			     err)))
			goto out;
		sql_bind_int64(st, 1, r->id);
		sql_bind_text(st, 2, r->actions.v[i]);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
	}
out:
	return sql_end(s, rc, mark, err);
}

static int rec_fill_links(store *s, struct recommendation *r, struct mapo_error *err)
{
	sqlite3_stmt *st;
	strvec_clear(&r->links);
	strvec_clear(&r->actions);
	int rc = sql_stmt(s,
		"SELECT p.code || '/' || n.code FROM recommendation_links l JOIN plan_nodes n ON n.id = l.node_id "
		"JOIN plans p ON p.id = n.plan_id WHERE l.rec_id = ?1 ORDER BY p.code, n.seq",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strvec_push(&r->links, sql_column_str(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(s, rc, err);
	if ((rc = sql_stmt(s, "SELECT action_ref FROM recommendation_actions WHERE rec_id = ?1 ORDER BY action_ref",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strvec_push(&r->actions, sql_column_str(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_rec_list(store *s, int year, rec_cb cb, void *arg, struct mapo_error *err)
{
	sqlite3_stmt *st;
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(v, n + 1, alloc);
		struct recommendation *r = &v[n++];
		recommendation_init(r);
		r->id = sqlite3_column_int64(st, 0);
		r->year = sqlite3_column_int(st, 1);
		r->rank = sqlite3_column_int(st, 2);
		r->text_ms = column_dup(st, 3);
		r->text_en = column_dup(st, 4);
		r->status = rec_status_parse(sql_column_str(st, 5));
		free(r->evidence);
		r->evidence = column_dup(st, 6);
		sql_column_copy(st, 7, r->updated_at, sizeof(r->updated_at));
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
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
	sqlite3_stmt *st;
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
	if (!(rc = sql_exec_write(s, st, err)) && sqlite3_changes(s->db) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no recommendation %d of %d"), rank, year);
out:
	return sql_end(s, rc, mark, err);
}

int store_rec_latest_year(store *s, int *year, struct mapo_error *err)
{
	sqlite3_stmt *st;
	int rc = sql_stmt(s, "SELECT COALESCE(MAX(year), 0) FROM recommendations", &st, err);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*year = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- guidelines --------------------------------------------------------------------------- */

int store_guideline_insert(store *s, struct guideline *g, struct mapo_error *err)
{
	sqlite3_stmt *st;
	unsigned long mark;
	char issued[DATE_STRLEN];
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	date_format(g->issued, issued);
	if ((rc = sql_stmt(s,
		     "INSERT INTO guidelines (code, version, title_ms, title_en, issued) VALUES (?1, ?2, ?3, ?4, ?5)",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, g->code);
	sql_bind_int64(st, 2, g->version);
	sql_bind_text(st, 3, g->title_ms);
	sql_bind_text(st, 4, g->title_en);
	sql_bind_text(st, 5, issued);
	if ((rc = sql_exec_write(s, st, err))) {
		if (rc == MAPO_EEXIST)
			mapo_error_set(err, rc, _("guideline '%s' version %d exists already"), g->code, g->version);
		goto out;
	}
	g->id = sqlite3_last_insert_rowid(s->db);
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

static void read_guideline_head(sqlite3_stmt *st, struct guideline *g)
{
	g->id = sqlite3_column_int64(st, 0);
	sql_column_copy(st, 1, g->code, sizeof(g->code));
	g->version = sqlite3_column_int(st, 2);
	free(g->title_ms);
	free(g->title_en);
	g->title_ms = column_dup(st, 3);
	g->title_en = column_dup(st, 4);
	g->issued = sql_column_date(st, 5);
}

int store_guideline_get(store *s, const char *code, int version, struct guideline *out, struct mapo_error *err)
{
	sqlite3_stmt *st;
	guideline_release(out);
	guideline_init(out);
	int rc = sql_stmt(s,
		"SELECT id, code, version, title_ms, title_en, issued FROM guidelines WHERE code = ?1 "
		"AND (?2 = 0 OR version = ?2) ORDER BY version DESC LIMIT 1",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, code);
	sql_bind_int64(st, 2, version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_guideline_head(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return version ? mapo_error_set(err, MAPO_ENOTFOUND, _("no guideline '%s' version %d"), code, version)
			       : mapo_error_set(err, MAPO_ENOTFOUND, _("no guideline '%s'"), code);
	if (rc != SQLITE_ROW)
		return sql_error(s, rc, err);
	if ((rc = sql_stmt(s,
		     "SELECT code, section_ms, section_en, text_ms, text_en, subjects FROM guideline_items "
		     "WHERE guideline_id = ?1 ORDER BY seq",
		     &st, err)))
		return rc;
	sql_bind_int64(st, 1, out->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct guideline_item it;
		guideline_item_init(&it);
		sql_column_copy(st, 0, it.code, sizeof(it.code));
		it.section_ms = column_dup(st, 1);
		it.section_en = column_dup(st, 2);
		it.text_ms = column_dup(st, 3);
		it.text_en = column_dup(st, 4);
		it.subjects = (unsigned)sqlite3_column_int(st, 5);
		guideline_add_item(out, &it);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_guideline_list(store *s, guideline_cb cb, void *arg, struct mapo_error *err)
{
	sqlite3_stmt *st;
	struct guideline g;
	int rc = sql_stmt(s, "SELECT id, code, version, title_ms, title_en, issued FROM guidelines ORDER BY code, version",
		&st, err);
	if (rc)
		return rc;
	guideline_init(&g);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_guideline_head(st, &g);
		int stop = cb(&g, arg);
		if (stop) {
			sqlite3_reset(st);
			guideline_release(&g);
			return stop;
		}
	}
	sqlite3_reset(st);
	guideline_release(&g);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}

int store_check_insert(store *s, struct guideline_check *c, struct mapo_error *err)
{
	sqlite3_stmt *st;
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
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		gid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!gid) {
		rc = rc == SQLITE_DONE || rc == SQLITE_ROW
			? mapo_error_set(err, MAPO_ENOTFOUND, _("no guideline '%s' version %d"), c->guideline, c->version)
			: sql_error(s, rc, err);
		goto out;
	}
	date_format(c->check_date, date);
	sql_timestamp(now);
	if ((rc = sql_stmt(s,
		     "INSERT INTO guideline_checks (guideline_id, subject, subject_ref, agency, check_date, note, "
		     "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
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
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	c->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < c->nanswers; i++) {
		if ((rc = sql_stmt(s,
			     "INSERT INTO guideline_answers (check_id, item_id, answer) SELECT ?1, id, ?3 "
			     "FROM guideline_items WHERE guideline_id = ?4 AND code = ?2",
			     &st, err)))
			goto out;
		sql_bind_int64(st, 1, c->id);
		sql_bind_text(st, 2, c->codes.v[i]);
		sql_bind_text(st, 3, check_answer_code(c->answers[i]));
		sql_bind_int64(st, 4, gid);
		if ((rc = sql_exec_write(s, st, err)))
			goto out;
		if (sqlite3_changes(s->db) != 1) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("no item '%s' in guideline '%s'"), c->codes.v[i],
				c->guideline);
			goto out;
		}
	}
out:
	return sql_end(s, rc, mark, err);
}

int store_compliance(store *s, const char *guideline, mapo_date from, mapo_date to, bool by_subject,
	compliance_cb cb, void *arg, struct mapo_error *err)
{
	sqlite3_stmt *st;
	/* Checks are counted once each, answers once per item: two aggregates over one join. */
	int rc = sql_stmt(s,
		"SELECT c.agency, CASE WHEN ?4 THEN c.subject ELSE '' END AS subj, COUNT(DISTINCT c.id), "
		"SUM(a.answer = 'yes'), SUM(a.answer = 'no'), SUM(a.answer = 'na') "
		"FROM guideline_checks c JOIN guidelines g ON g.id = c.guideline_id "
		"LEFT JOIN guideline_answers a ON a.check_id = c.id "
		"WHERE (?1 IS NULL OR g.code = ?1) AND c.check_date BETWEEN ?2 AND ?3 "
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct compliance_row row;
		memset(&row, 0, sizeof(row));
		sql_column_copy(st, 0, row.agency, sizeof(row.agency));
		row.subject = by_subject ? check_subject_parse(sql_column_str(st, 1)) : SUBJECT_NONE;
		row.checks = sqlite3_column_int64(st, 2);
		row.yes = sqlite3_column_int64(st, 3);
		row.no = sqlite3_column_int64(st, 4);
		row.na = sqlite3_column_int64(st, 5);
		compliance_finish(&row);
		int stop = cb(&row, arg);
		if (stop) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(s, rc, err);
}
