/* Plan progress and the rest as JSON and XLSX. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "io/plan_out.h"
#include "io/xlsxw.h"
#include "util/util.h"

const char *plan_title(const char *ms, const char *en, enum mapo_lang lang)
{
	const char *first = lang == LANG_MS ? ms : en, *second = lang == LANG_MS ? en : ms;
	return first && *first ? first : second ? second : "";
}

static json_t *real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* Integral values as integers (a target of 40 reads 40, not 40.0). */
static json_t *number(double v)
{
	if (isnan(v))
		return json_null();
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *strvec_json(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

json_t *rollup_to_json(const struct plan_rollup *r, const char *title)
{
	json_t *by = json_object();
	for (int s = 0; s < PSTATUS__COUNT; s++)
		json_object_set_new(by, progress_status_code((enum progress_status)s), json_integer((json_int_t)r->by_status[s]));
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(r->key));
	if (title)
		json_object_set_new(o, "title", json_string(title));
	json_object_set_new(o, "activities", json_integer((json_int_t)r->activities));
	json_object_set_new(o, "with_target", json_integer((json_int_t)r->with_target));
	json_object_set_new(o, "progress", real_or_null(r->progress));
	json_object_set_new(o, "by_status", by);
	json_object_set_new(o, "at_risk", json_integer((json_int_t)r->at_risk));
	json_object_set_new(o, "overdue", json_integer((json_int_t)r->overdue));
	json_object_set_new(o, "report_missing", json_integer((json_int_t)r->report_missing));
	return o;
}

static json_t *rollups_json(const struct plan_status *ps, enum rollup_by by, enum mapo_lang lang)
{
	struct plan_rollup *v;
	size_t n;
	json_t *a = json_array();
	plan_rollup(ps, by, &v, &n);
	for (size_t i = 0; i < n; i++) {
		const struct plan_node *nd = by == ROLLUP_ORG ? NULL : plan_find(&ps->plan, v[i].key);
		json_array_append_new(a, rollup_to_json(&v[i], nd ? plan_title(nd->title_ms, nd->title_en, lang) : NULL));
	}
	free(v);
	return a;
}

json_t *plan_status_to_json(const struct plan_status *ps, enum mapo_lang lang)
{
	char as_of[DATE_STRLEN];
	json_t *acts = json_array();
	for (size_t i = 0; i < ps->n; i++) {
		const struct activity_state *st = &ps->states[i];
		const struct plan_node *nd = st->node;
		const struct plan_node *pillar = plan_ancestor(&ps->plan, nd, PLAN_PILLAR);
		const struct plan_node *goal = plan_ancestor(&ps->plan, nd, PLAN_GOAL);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(nd->code));
		json_object_set_new(o, "pillar", pillar ? json_string(pillar->code) : json_null());
		json_object_set_new(o, "goal", goal ? json_string(goal->code) : json_null());
		json_object_set_new(o, "title", json_string(plan_title(nd->title_ms, nd->title_en, lang)));
		json_object_set_new(o, "lead", json_string(nd->lead));
		json_object_set_new(o, "supporting", strvec_json(&nd->supporting));
		json_object_set_new(o, "indicator", json_string(plan_title(nd->indicator_ms, nd->indicator_en, lang)));
		json_object_set_new(o, "computed",
			nd->computed == MEASURE_NONE ? json_null() : json_string(plan_measure_code(nd->computed)));
		json_object_set_new(o, "target", number(st->target));
		json_object_set_new(o, "value", number(st->value));
		json_object_set_new(o, "quarter", json_integer(st->quarter));
		json_object_set_new(o, "status", json_string(progress_status_code(st->status)));
		json_object_set_new(o, "ratio", real_or_null(st->ratio));
		json_object_set_new(o, "expected", json_real(st->expected));
		json_object_set_new(o, "at_risk", json_boolean(st->at_risk));
		json_object_set_new(o, "overdue", json_boolean(st->overdue));
		json_object_set_new(o, "report_missing", json_boolean(st->report_missing));
		json_array_append_new(acts, o);
	}
	date_format(ps->as_of, as_of);
	json_t *o = json_object();
	json_object_set_new(o, "plan", json_string(ps->plan.code));
	json_object_set_new(o, "year", json_integer(ps->year));
	json_object_set_new(o, "as_of", json_string(as_of));
	json_object_set_new(o, "activities", acts);
	json_object_set_new(o, "pillars", rollups_json(ps, ROLLUP_PILLAR, lang));
	json_object_set_new(o, "goals", rollups_json(ps, ROLLUP_GOAL, lang));
	json_object_set_new(o, "organisations", rollups_json(ps, ROLLUP_ORG, lang));
	return o;
}

json_t *plan_to_json(const struct plan *p, enum mapo_lang lang)
{
	json_t *nodes = json_array();
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_node *nd = &p->nodes[i];
		json_t *o = json_object();
		json_object_set_new(o, "level", json_string(plan_level_code(nd->level)));
		json_object_set_new(o, "code", json_string(nd->code));
		json_object_set_new(o, "parent", nd->parent[0] ? json_string(nd->parent) : json_null());
		json_object_set_new(o, "title", json_string(plan_title(nd->title_ms, nd->title_en, lang)));
		if (nd->level == PLAN_ACTIVITY) {
			json_t *targets = json_object();
			for (int y = 0; y < PLAN_YEARS_MAX; y++) {
				char key[16];
				if (isnan(nd->targets[y]))
					continue;
				snprintf(key, sizeof(key), "%d", p->start_year + y);
				json_object_set_new(targets, key, number(nd->targets[y]));
			}
			json_object_set_new(o, "lead", json_string(nd->lead));
			json_object_set_new(o, "supporting", strvec_json(&nd->supporting));
			json_object_set_new(o, "indicator", json_string(plan_title(nd->indicator_ms, nd->indicator_en, lang)));
			json_object_set_new(o, "computed",
				nd->computed == MEASURE_NONE ? json_null() : json_string(plan_measure_code(nd->computed)));
			json_object_set_new(o, "computed_agency",
				nd->computed_agency[0] ? json_string(nd->computed_agency) : json_null());
			json_object_set_new(o, "baseline", number(nd->baseline));
			json_object_set_new(o, "start_year", json_integer(nd->start_year));
			json_object_set_new(o, "end_year", json_integer(nd->end_year));
			json_object_set_new(o, "targets", targets);
		}
		json_array_append_new(nodes, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(p->code));
	json_object_set_new(o, "title", json_string(plan_title(p->title_ms, p->title_en, lang)));
	json_object_set_new(o, "start_year", json_integer(p->start_year));
	json_object_set_new(o, "end_year", json_integer(p->end_year));
	json_object_set_new(o, "nodes", nodes);
	return o;
}

json_t *recommendation_to_json(const struct recommendation *r, enum mapo_lang lang)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "rank", json_integer(r->rank));
	json_object_set_new(o, "text", json_string(plan_title(r->text_ms, r->text_en, lang)));
	json_object_set_new(o, "status", json_string(rec_status_code(r->status)));
	json_object_set_new(o, "evidence", json_string(r->evidence ? r->evidence : ""));
	json_object_set_new(o, "activities", strvec_json(&r->links));
	json_object_set_new(o, "actions", strvec_json(&r->actions));
	json_object_set_new(o, "updated_at", json_string(r->updated_at));
	return o;
}

json_t *progress_report_to_json(const struct progress_report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "plan", json_string(r->plan));
	json_object_set_new(o, "activity", json_string(r->activity));
	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "quarter", json_integer(r->quarter));
	json_object_set_new(o, "value", number(r->value));
	json_object_set_new(o, "status", json_string(progress_status_code(r->status)));
	json_object_set_new(o, "narrative", json_string(r->narrative ? r->narrative : ""));
	json_object_set_new(o, "evidence", r->evidence_name[0] ? json_string(r->evidence_name) : json_null());
	json_object_set_new(o, "evidence_size", json_integer((json_int_t)r->evidence_size));
	json_object_set_new(o, "org", json_string(r->org));
	json_object_set_new(o, "reported_by", json_string(r->reported_by));
	json_object_set_new(o, "reported_at", json_string(r->reported_at));
	return o;
}

json_t *compliance_to_json(const struct compliance_row *row)
{
	json_t *o = json_object();
	json_object_set_new(o, "agency", json_string(row->agency));
	json_object_set_new(o, "subject", row->subject == SUBJECT_NONE ? json_null()
								      : json_string(check_subject_code(row->subject)));
	json_object_set_new(o, "checks", json_integer(row->checks));
	json_object_set_new(o, "yes", json_integer(row->yes));
	json_object_set_new(o, "no", json_integer(row->no));
	json_object_set_new(o, "na", json_integer(row->na));
	json_object_set_new(o, "rate", real_or_null(row->rate));
	return o;
}

json_t *guideline_to_json(const struct guideline *g, enum mapo_lang lang)
{
	char issued[DATE_STRLEN];
	json_t *items = json_array();
	for (size_t i = 0; i < g->n; i++) {
		const struct guideline_item *it = &g->items[i];
		json_t *subjects = json_array();
		for (int s = 0; s < SUBJECT__COUNT; s++)
			if (it->subjects & (1u << s))
				json_array_append_new(subjects, json_string(check_subject_code((enum check_subject)s)));
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(it->code));
		json_object_set_new(o, "section", json_string(plan_title(it->section_ms, it->section_en, lang)));
		json_object_set_new(o, "text", json_string(plan_title(it->text_ms, it->text_en, lang)));
		json_object_set_new(o, "applies_to", subjects);
		json_array_append_new(items, o);
	}
	date_format(g->issued, issued);
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(g->code));
	json_object_set_new(o, "version", json_integer(g->version));
	json_object_set_new(o, "title", json_string(plan_title(g->title_ms, g->title_en, lang)));
	json_object_set_new(o, "issued", json_string(issued));
	json_object_set_new(o, "items", items);
	return o;
}

json_t *plan_outlook_to_json(const struct plan_outlook *ol, enum mapo_lang lang)
{
	char d[DATE_STRLEN];
	json_t *o = json_object(), *figs = json_object();
	json_object_set_new(o, "recommendations_year", json_integer(ol->rec_year));
	json_object_set_new(o, "report_year", json_integer(ol->report_year));
	date_format(ol->from, d);
	json_object_set_new(o, "from", json_string(d));
	date_format(ol->to, d);
	json_object_set_new(o, "to", json_string(d));
	date_format(ol->as_of, d);
	json_object_set_new(o, "as_of", json_string(d));
	for (int m = 0; m < MEASURE__COUNT; m++) {
		json_t *f = json_object();
		json_object_set_new(f, "now", json_integer(ol->now[m]));
		json_object_set_new(f, "before", json_integer(ol->before[m]));
		json_object_set_new(figs, plan_measure_code((enum plan_measure)m), f);
	}
	json_object_set_new(o, "figures", figs);
	json_t *items = json_array();
	for (size_t i = 0; i < ol->n; i++) {
		json_t *it = recommendation_to_json(&ol->items[i].rec, lang), *acts = json_array();
		for (size_t j = 0; j < ol->items[i].nacts; j++) {
			const struct outlook_activity *a = &ol->items[i].acts[j];
			json_t *x = json_object();
			json_object_set_new(x, "plan", json_string(a->plan));
			json_object_set_new(x, "activity", json_string(a->code));
			json_object_set_new(x, "found", json_boolean(a->found));
			if (a->found) {
				json_object_set_new(x, "title", json_string(plan_title(a->title_ms, a->title_en, lang)));
				json_object_set_new(x, "lead", json_string(a->lead));
				json_object_set_new(x, "status", json_string(progress_status_code(a->status)));
				json_object_set_new(x, "ratio", isnan(a->ratio) ? json_null() : json_real(a->ratio));
				json_object_set_new(x, "at_risk", json_boolean(a->at_risk));
				json_object_set_new(x, "overdue", json_boolean(a->overdue));
			}
			json_array_append_new(acts, x);
		}
		json_object_set_new(it, "activity_state", acts);
		json_t *action_items = json_array();
		for (size_t j = 0; j < ol->items[i].nactions; j++) {
			const struct outlook_action *a = &ol->items[i].actions[j];
			json_t *x = json_object();
			char due[DATE_STRLEN];
			date_format(a->due_on, due);
			json_object_set_new(x, "ref", json_string(a->ref));
			json_object_set_new(x, "found", json_boolean(a->found));
			if (a->found) {
				json_object_set_new(x, "title", json_string(a->title));
				json_object_set_new(x, "org", json_string(a->org));
				json_object_set_new(x, "status", json_string(a->status));
				json_object_set_new(x, "due_on", a->due_on == DATE_NONE ? json_null() : json_string(due));
				json_object_set_new(x, "overdue", json_boolean(a->overdue));
			}
			json_array_append_new(action_items, x);
		}
		json_object_set_new(it, "action_items", action_items);
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "recommendations", items);
	return o;
}

/* ---- XLSX --------------------------------------------------------------------------------- */

static void write_num(lxw_worksheet *ws, int row, int col, double v, lxw_format *fmt)
{
	if (!isnan(v))
		xw.worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt);
}

static void write_headings(lxw_worksheet *ws, const char *const *heads, size_t n, lxw_format *bold,
	enum mapo_lang lang)
{
	for (size_t i = 0; i < n; i++)
		xw.worksheet_write_string(ws, 0, (lxw_col_t)i, mapo_tr(lang, heads[i]), bold);
	xw.worksheet_freeze_panes(ws, 1, 0);
}

static void rollup_sheet(lxw_workbook *wb, const struct plan_status *ps, enum rollup_by by, const char *name,
	lxw_format *bold, lxw_format *pct, enum mapo_lang lang)
{
	static const char *const heads[] = {
		N_("Code"), N_("Title"), N_("Activities"), N_("With a target"), N_("Progress"), N_("Not started"),
		N_("On track"), N_("At risk"), N_("Delayed"), N_("Done"), N_("Flagged at risk"), N_("Overdue"),
		N_("Report missing"),
	};
	lxw_worksheet *ws = xw.workbook_add_worksheet(wb, name);
	struct plan_rollup *v;
	size_t n;
	write_headings(ws, heads, sizeof(heads) / sizeof(heads[0]), bold, lang);
	xw.worksheet_set_column(ws, 1, 1, 50, NULL);
	plan_rollup(ps, by, &v, &n);
	for (size_t i = 0; i < n; i++) {
		int r = (int)i + 1, c = 0;
		const struct plan_node *nd = by == ROLLUP_ORG ? NULL : plan_find(&ps->plan, v[i].key);
		xw.worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c++, v[i].key, NULL);
		xw.worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c++, nd ? plan_title(nd->title_ms, nd->title_en, lang) : "",
			NULL);
		write_num(ws, r, c++, (double)v[i].activities, NULL);
		write_num(ws, r, c++, (double)v[i].with_target, NULL);
		write_num(ws, r, c++, v[i].progress, pct);
		for (int s = 0; s < PSTATUS__COUNT; s++)
			write_num(ws, r, c++, (double)v[i].by_status[s], NULL);
		write_num(ws, r, c++, (double)v[i].at_risk, NULL);
		write_num(ws, r, c++, (double)v[i].overdue, NULL);
		write_num(ws, r, c++, (double)v[i].report_missing, NULL);
	}
	free(v);
}

int plan_progress_xlsx(const struct plan_status *ps, enum mapo_lang lang, const char *path, struct mapo_error *err)
{
	static const char *const heads[] = {
		N_("Pillar"), N_("Goal"), N_("Activity"), N_("Title"), N_("Lead"), N_("Supporting"), N_("Indicator"),
		N_("Computed from"), N_("Year"), N_("Target"), N_("Value"), N_("Quarter"), N_("Status"), N_("Progress"),
		N_("Expected"), N_("At risk"), N_("Overdue"), N_("Report missing"),
	};
	if (xlsxw_load(err))
		return MAPO_EIO;
	lxw_workbook *wb = xw.workbook_new(path);
	if (!wb)
		return mapo_error_set(err, MAPO_EIO, _("cannot write '%s'"), path);
	lxw_format *bold = xw.workbook_add_format(wb);
	xw.format_set_bold(bold);
	lxw_format *pct = xw.workbook_add_format(wb);
	xw.format_set_num_format(pct, "0%");
	lxw_worksheet *ws = xw.workbook_add_worksheet(wb, mapo_tr(lang, N_("Activities")));
	write_headings(ws, heads, sizeof(heads) / sizeof(heads[0]), bold, lang);
	xw.worksheet_set_column(ws, 3, 3, 50, NULL);
	xw.worksheet_set_column(ws, 6, 6, 40, NULL);
	for (size_t i = 0; i < ps->n; i++) {
		const struct activity_state *st = &ps->states[i];
		const struct plan_node *nd = st->node;
		const struct plan_node *pillar = plan_ancestor(&ps->plan, nd, PLAN_PILLAR);
		const struct plan_node *goal = plan_ancestor(&ps->plan, nd, PLAN_GOAL);
		char *supporting = strvec_join(&nd->supporting, "; ");
		lxw_row_t r = (lxw_row_t)(i + 1);
		int c = 0;
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, pillar ? pillar->code : "", NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, goal ? goal->code : "", NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, nd->code, NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, plan_title(nd->title_ms, nd->title_en, lang), NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, nd->lead, NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, supporting, NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, plan_title(nd->indicator_ms, nd->indicator_en, lang), NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++,
			nd->computed == MEASURE_NONE ? "" : plan_measure_name(nd->computed, lang), NULL);
		write_num(ws, (int)r, c++, st->year, NULL);
		write_num(ws, (int)r, c++, st->target, NULL);
		write_num(ws, (int)r, c++, st->value, NULL);
		write_num(ws, (int)r, c++, st->quarter ? st->quarter : NAN, NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, progress_status_name(st->status, lang), NULL);
		write_num(ws, (int)r, c++, st->ratio, pct);
		write_num(ws, (int)r, c++, st->expected, pct);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, st->at_risk ? mapo_tr(lang, N_("yes")) : "", NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, st->overdue ? mapo_tr(lang, N_("yes")) : "", NULL);
		xw.worksheet_write_string(ws, r, (lxw_col_t)c++, st->report_missing ? mapo_tr(lang, N_("yes")) : "", NULL);
		free(supporting);
	}
	rollup_sheet(wb, ps, ROLLUP_PILLAR, mapo_tr(lang, N_("Pillars")), bold, pct, lang);
	rollup_sheet(wb, ps, ROLLUP_GOAL, mapo_tr(lang, N_("Goals")), bold, pct, lang);
	rollup_sheet(wb, ps, ROLLUP_ORG, mapo_tr(lang, N_("Organisations")), bold, pct, lang);
	if (xw.workbook_close(wb) != LXW_NO_ERROR)
		return mapo_error_set(err, MAPO_EIO, _("cannot write '%s'"), path);
	return 0;
}
