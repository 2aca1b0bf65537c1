/* The action plan's pages and API: plans and their status with charts of progress per pillar
 * and per organisation over the quarters of the plan, quarterly reports, the XLSX export, the
 * recommendations and the outlook, guidelines and the compliance summary. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/plan.h"
#include "io/plan_load.h"
#include "io/plan_out.h"
#include "store/store_plan.h"
#include "web/chart.h"
#include "web/h_plan.h"
#include "web/handlers.h"

/* ---- shared helpers ------------------------------------------------------------------------ */

static bool may_read(struct web_req *rq, struct web_resp *rs)
{
	if (rq->signed_in && plan_may_read(&rq->who))
		return true;
	web_error(rq, rs, 403, "forbidden", _("you may not see the action plan"));
	return false;
}

static mapo_date query_date(struct web_req *rq, const char *name, struct field_errors *fe)
{
	const char *s = web_query(rq, name);
	mapo_date d = DATE_NONE;
	if (s && date_parse(s, &d))
		field_errors_add(fe, name, _("'%s' is not a date (YYYY-MM-DD)"), s);
	return d;
}

static int query_int(struct web_req *rq, const char *name, long long min, long long max, struct field_errors *fe)
{
	const char *s = web_query(rq, name);
	long long v = 0;
	if (s && parse_int(s, min, max, &v)) {
		field_errors_add(fe, name, _("'%s' is not a number from %lld to %lld"), s, min, max);
		v = 0;
	}
	return (int)v;
}

/* The year and day of a status: ?year= and ?as_of=, else the as_of year (today by default)
 * inside the plan's years. */
static int status_of(struct web_req *rq, const char *code, struct plan_status *ps, struct field_errors *fe,
	struct mapo_error *err)
{
	mapo_date as_of = query_date(rq, "as_of", fe);
	int year = query_int(rq, "year", 1900, 9999, fe);
	if (fe->n)
		return mapo_error_set(err, MAPO_EINVAL, "%s", fe->v[0].msg);
	if (as_of == DATE_NONE)
		as_of = date_today();
	if (!year) {
		struct plan head;
		plan_init(&head);
		int rc = store_plan_get(rq->db, code, &head, err);
		year = date_year(as_of);
		if (!rc) {
			if (year > head.end_year)
				year = head.end_year;
			if (year < head.start_year)
				year = head.start_year;
		}
		plan_release(&head);
		if (rc)
			return rc;
	}
	return plan_status_load(rq->db, code, year, as_of, ps, err);
}

static void pct(double v, char out[16])
{
	if (isnan(v))
		snprintf(out, 16, "–");
	else
		snprintf(out, 16, "%.0f%%", v * 100);
}

/* A grouped bar chart of shares (0 to 1) over categories: one bar per series in each group, the
 * numbers again in a table. values[s * nx + x]; NaN draws nothing. */
static void share_chart(struct buf *out, const char *id, const char *title, const char *const *xlabels, size_t nx,
	const char *const *slabels, size_t ns, const double *values)
{
	const double w = 720, h = 260, left = 40, right = 8, top = 10, bottom = 40;
	double plot_w = w - left - right, plot_h = h - top - bottom;
	double group = nx ? plot_w / (double)nx : plot_w;
	double bar = ns ? group * 0.8 / (double)ns : group;
	if (ns > CHART_SERIES_MAX)
		ns = CHART_SERIES_MAX;
	tpl_printf(out, "<figure class=\"chart\" id=\"%s\">\n<figcaption>%s</figcaption>\n", id, title);
	tpl_printf(out, "<svg viewBox=\"0 0 720 260\" role=\"img\" aria-labelledby=\"%s-t\" preserveAspectRatio=\"none\">",
		id);
	tpl_printf(out, "<title id=\"%s-t\">%s</title>", id, title);
	for (int g = 0; g <= 4; g++) {
		double y = top + plot_h - plot_h * g / 4;
		tpl_rawf(out, "<line class=\"grid\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, y, y);
		tpl_rawf(out, "<text class=\"axis\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", left - 4, y + 4,
			g * 25);
	}
	for (size_t x = 0; x < nx; x++) {
		double x0 = left + group * (double)x + group * 0.1;
		for (size_t s = 0; s < ns; s++) {
			double v = values[s * nx + x];
			char p[16];
			if (isnan(v))
				continue;
			double bh = plot_h * v;
			tpl_rawf(out, "<rect class=\"s%zu\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">", s,
				x0 + bar * (double)s, top + plot_h - bh, bar, bh);
			pct(v, p);
			tpl_printf(out, "<title>%s, %s: %s</title></rect>", xlabels[x], slabels[s], p);
		}
		tpl_rawf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"start\">", x0, h - bottom + 16);
		tpl_printf(out, "%s</text>", xlabels[x]);
	}
	tpl_rawf(out, "<line class=\"baseline\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\"/>", left, w - right,
		top + plot_h, top + plot_h);
	tpl_raw(out, "</svg>\n<ul class=\"legend\">");
	for (size_t s = 0; s < ns; s++)
		tpl_printf(out, "<li><span class=\"swatch s%zu\"></span>%s</li>", s, slabels[s]);
	tpl_raw(out, "</ul>\n");
	tpl_printf(out, "<details><summary>%s</summary><div class=\"scroll\"><table><thead><tr><th></th>",
		_("The numbers"));
	for (size_t s = 0; s < ns; s++)
		tpl_printf(out, "<th scope=\"col\">%s</th>", slabels[s]);
	tpl_raw(out, "</tr></thead><tbody>");
	for (size_t x = 0; x < nx; x++) {
		tpl_printf(out, "<tr><th scope=\"row\">%s</th>", xlabels[x]);
		for (size_t s = 0; s < ns; s++) {
			char p[16];
			pct(values[s * nx + x], p);
			tpl_printf(out, "<td class=\"num\">%s</td>", p);
		}
		tpl_raw(out, "</tr>");
	}
	tpl_raw(out, "</tbody></table></div></details></figure>\n");
}

/* Progress over time: the roll-up by (by) at the end of every quarter of the plan that ended by
 * as_of (the quarter in course last, as of as_of). */
static void time_chart(struct web_req *rq, struct buf *o, const struct plan_status *now, enum rollup_by by,
	const char *id, const char *title)
{
	struct strvec xl = STRVEC_INIT, keys = STRVEC_INIT, sl = STRVEC_INIT;
	struct mapo_error err;
	double *values = NULL;
	size_t nx = 0, alloc = 0;
	struct plan_rollup *v;
	size_t n;

	/* The series: the keys at as_of (every pillar, every lead organisation). */
	plan_rollup(now, by, &v, &n);
	for (size_t i = 0; i < n && i < CHART_SERIES_MAX; i++) {
		const struct plan_node *nd = by == ROLLUP_ORG ? NULL : plan_find(&now->plan, v[i].key);
		strvec_push(&keys, v[i].key);
		strvec_push(&sl, nd ? plan_title(nd->title_ms, nd->title_en, rq->lang) : v[i].key);
	}
	free(v);
	for (int year = now->plan.start_year; year <= now->plan.end_year; year++) {
		for (int q = 1; q <= 4; q++) {
			mapo_date start = date_from_ymd(year, (q - 1) * 3 + 1, 1);
			if (start > now->as_of || nx >= 40)
				break;
			mapo_date end = plan_quarter_end(year, q);
			struct plan_status ps;
			plan_status_init(&ps);
			if (plan_status_load(rq->db, now->plan.code, year, end < now->as_of ? end : now->as_of, &ps, &err)) {
				plan_status_release(&ps);
				continue;
			}
			strvec_pushf(&xl, "%d Q%d", year, q);
			nx++;
			ALLOC_GROW(values, keys.n * 40, alloc);
			plan_rollup(&ps, by, &v, &n);
			for (size_t s = 0; s < keys.n; s++) {
				values[s * 40 + nx - 1] = NAN;
				for (size_t i = 0; i < n; i++)
					if (!strcmp(v[i].key, keys.v[s]))
						values[s * 40 + nx - 1] = v[i].progress;
			}
			free(v);
			plan_status_release(&ps);
		}
	}
	if (nx && keys.n) {
		/* compact the 40-wide rows into nx-wide ones */
		double *packed = xcalloc(keys.n * nx, sizeof(double));
		for (size_t s = 0; s < keys.n; s++)
			memcpy(packed + s * nx, values + s * 40, nx * sizeof(double));
		share_chart(o, id, title, (const char *const *)xl.v, nx, (const char *const *)sl.v, keys.n, packed);
		free(packed);
	}
	free(values);
	strvec_release(&xl);
	strvec_release(&keys);
	strvec_release(&sl);
}

/* ---- pages ---------------------------------------------------------------------------------- */

static int plan_li(const struct plan *p, void *arg)
{
	struct web_req *rq = ((void **)arg)[0];
	struct buf *o = ((void **)arg)[1];
	struct buf href = BUF_INIT;
	url_encode(&href, p->code, false);
	tpl_printf(o, "<li><a href=\"/plans/%s\">%s</a> (%d–%d)</li>\n", buf_str(&href),
		plan_title(p->title_ms, p->title_en, rq->lang), p->start_year, p->end_year);
	buf_release(&href);
	return 0;
}

void h_plans(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	page_begin(rq, rs, _("Action plans"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n<ul>\n", _("Action plans"));
	void *ctx[2] = {rq, o};
	store_plan_list(rq->db, plan_li, ctx, &err);
	tpl_raw(o, "</ul>\n");
	tpl_printf(o, "<p><a href=\"/recommendations\">%s</a> · <a href=\"/guidelines\">%s</a></p>\n",
		_("The TIP report's recommendations"), _("Operating guidelines and compliance"));
	page_end(rq, rs, 200);
}

static void rollup_table(struct web_req *rq, struct buf *o, const struct plan_status *ps, enum rollup_by by)
{
	struct plan_rollup *v;
	size_t n;
	const char *heads[] = {by == ROLLUP_ORG ? _("Organisation") : by == ROLLUP_PILLAR ? _("Pillar") : _("Goal"),
		_("Activities"), _("Progress"), _("Done"), _("At risk"), _("Overdue")};
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
	for (size_t i = 0; i < 6; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	plan_rollup(ps, by, &v, &n);
	for (size_t i = 0; i < n; i++) {
		const struct plan_node *nd = by == ROLLUP_ORG ? NULL : plan_find(&ps->plan, v[i].key);
		char p[16];
		pct(v[i].progress, p);
		tpl_printf(o, "<tr><th scope=\"row\">%s %s</th><td class=\"num\">%zu</td><td class=\"num\">%s</td>"
			"<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			v[i].key, nd ? plan_title(nd->title_ms, nd->title_en, rq->lang) : "", v[i].activities, p,
			v[i].by_status[PSTATUS_DONE], v[i].at_risk, v[i].overdue);
	}
	free(v);
	tpl_raw(o, "</tbody></table></div>\n");
}

static void progress_form(struct web_req *rq, struct buf *o, const struct plan_status *ps, const char *href)
{
	const char *values[64], *labels[64];
	size_t n = 0;
	for (size_t i = 0; i < ps->n && n < 64; i++) {
		if (!plan_may_report(&rq->who, ps->states[i].node) || ps->states[i].node->computed != MEASURE_NONE)
			continue;
		values[n] = ps->states[i].node->code;
		labels[n++] = ps->states[i].node->code;
	}
	if (!n)
		return;
	const char *svalues[PSTATUS__COUNT], *slabels[PSTATUS__COUNT];
	for (int s = 0; s < PSTATUS__COUNT; s++) {
		svalues[s] = progress_status_code((enum progress_status)s);
		slabels[s] = progress_status_name((enum progress_status)s, rq->lang);
	}
	char year[16];
	snprintf(year, sizeof(year), "%d", ps->year);
	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/plans/%s/progress\" class=\"stack\">", _("Report progress"),
		href);
	csrf_field(rq, o);
	tpl_select(o, "activity", _("Activity"), values, labels, n, NULL, NULL, NULL);
	tpl_input(o, "year", _("Year"), "number", year, NULL, true);
	tpl_input(o, "quarter", _("Quarter (1-4)"), "number", NULL, NULL, true);
	tpl_input(o, "value", _("Value at the end of the quarter (year to date)"), "text", NULL, NULL, true);
	tpl_select(o, "status", _("Status"), svalues, slabels, PSTATUS__COUNT, "on-track", NULL, NULL);
	tpl_printf(o, "<div class=\"field\"><label for=\"narrative\">%s</label><textarea id=\"narrative\" name=\"narrative\" "
		"rows=\"3\"></textarea></div>", _("Narrative"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Save the report"));
}

void h_plan(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	const char *code = params_get(&rq->caps, "code");
	struct plan_status ps;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	plan_status_init(&ps);
	int rc = status_of(rq, code, &ps, &fe, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	struct buf href = BUF_INIT;
	url_encode(&href, ps.plan.code, false);
	char as_of[48], year[16];
	fmt_date_long(ps.as_of, rq->lang, as_of);
	snprintf(year, sizeof(year), "%d", ps.year);
	page_begin(rq, rs, plan_title(ps.plan.title_ms, ps.plan.title_en, rq->lang));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", plan_title(ps.plan.title_ms, ps.plan.title_en, rq->lang));
	tpl_printf(o, "<form method=\"get\" class=\"filters\"><div class=\"field\"><label for=\"year\">%s</label>"
		"<input id=\"year\" name=\"year\" type=\"number\" value=\"%s\"></div>", _("Year"), year);
	char as_of_iso[DATE_STRLEN];
	date_format(ps.as_of, as_of_iso);
	tpl_printf(o, "<div class=\"field\"><label for=\"as_of\">%s</label><input id=\"as_of\" name=\"as_of\" type=\"date\" "
		"value=\"%s\"></div><div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n",
		_("As of"), as_of_iso, _("Show"));
	tpl_printf(o, "<p>%s %s · <a href=\"/plans/%s/progress.xlsx?year=%s&amp;as_of=%s\">%s</a></p>\n", _("As of"), as_of,
		buf_str(&href), year, as_of_iso, _("Download as XLSX"));

	/* Charts: per pillar and per organisation, over the quarters. */
	tpl_raw(o, "<div class=\"charts\">\n");
	time_chart(rq, o, &ps, ROLLUP_PILLAR, "pillars", _("Progress per pillar, quarter by quarter"));
	time_chart(rq, o, &ps, ROLLUP_ORG, "orgs", _("Progress per lead organisation, quarter by quarter"));
	tpl_raw(o, "</div>\n");

	tpl_printf(o, "<h2>%s</h2>\n", _("Pillars"));
	rollup_table(rq, o, &ps, ROLLUP_PILLAR);
	tpl_printf(o, "<h2>%s</h2>\n", _("Strategic goals"));
	rollup_table(rq, o, &ps, ROLLUP_GOAL);
	tpl_printf(o, "<h2>%s</h2>\n", _("Lead organisations"));
	rollup_table(rq, o, &ps, ROLLUP_ORG);

	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Activities"));
	const char *heads[] = {_("Activity"), _("Title"), _("Lead"), _("Indicator"), _("Target"), _("Value"), _("Progress"),
		_("Status"), _("Flags")};
	for (size_t i = 0; i < 9; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < ps.n; i++) {
		const struct activity_state *st = &ps.states[i];
		const struct plan_node *nd = st->node;
		char target[32] = "", value[32] = "", p[16];
		if (!isnan(st->target))
			snprintf(target, sizeof(target), "%g", st->target);
		if (!isnan(st->value))
			snprintf(value, sizeof(value), "%g", st->value);
		pct(st->ratio, p);
		struct buf flags = BUF_INIT;
		if (st->overdue)
			buf_printf(&flags, "%s", _("overdue"));
		if (st->at_risk)
			buf_printf(&flags, "%s%s", flags.len ? ", " : "", _("at risk"));
		if (st->report_missing)
			buf_printf(&flags, "%s%s", flags.len ? ", " : "", _("report missing"));
		tpl_printf(o, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td>"
			"<td class=\"num\">%s</td><td class=\"num\">%s</td><td>%s</td><td>%s</td></tr>\n",
			nd->code, plan_title(nd->title_ms, nd->title_en, rq->lang), nd->lead,
			nd->computed != MEASURE_NONE ? plan_measure_name(nd->computed, rq->lang)
						     : plan_title(nd->indicator_ms, nd->indicator_en, rq->lang),
			target, value, p, progress_status_name(st->status, rq->lang), buf_str(&flags));
		buf_release(&flags);
	}
	tpl_raw(o, "</tbody></table></div>\n");
	progress_form(rq, o, &ps, buf_str(&href));
	buf_release(&href);
	page_end(rq, rs, 200);
out:
	field_errors_release(&fe);
	plan_status_release(&ps);
}

/* Reads a report from a form or a JSON object into r; problems into fe. */
static void report_from(struct web_req *rq, json_t *j, struct progress_report *r, struct field_errors *fe)
{
	const char *names[] = {"activity", "year", "quarter", "value", "status", "narrative", "org"};
	const char *v[7];
	char nums[3][32];
	for (size_t i = 0; i < 7; i++) {
		json_t *m = j ? json_object_get(j, names[i]) : NULL;
		if (j && json_is_integer(m) && i >= 1 && i <= 3) {
			snprintf(nums[i - 1], sizeof(nums[0]), "%lld", (long long)json_integer_value(m));
			v[i] = nums[i - 1];
		} else if (j && json_is_real(m) && i == 3) {
			snprintf(nums[2], sizeof(nums[2]), "%.17g", json_real_value(m));
			v[i] = nums[2];
		} else {
			v[i] = j ? (json_is_string(m) ? json_string_value(m) : NULL) : web_form(rq, names[i]);
		}
	}
	long long n;
	if (v[0])
		snprintf(r->activity, sizeof(r->activity), "%s", v[0]);
	else
		field_errors_add(fe, "activity", _("a value is required"));
	if (!v[1] || parse_int(v[1], 1900, 9999, &n))
		field_errors_add(fe, "year", _("a year is required"));
	else
		r->year = (int)n;
	if (!v[2] || parse_int(v[2], 1, 4, &n))
		field_errors_add(fe, "quarter", _("a quarter from 1 to 4 is required"));
	else
		r->quarter = (int)n;
	if (v[3] && *v[3] && plan_parse_number(v[3], &r->value))
		field_errors_add(fe, "value", _("'%s' is not a number of 0 or more"), v[3]);
	r->status = v[4] ? progress_status_parse(v[4]) : PSTATUS_NONE;
	if (r->status == PSTATUS_NONE)
		field_errors_add(fe, "status", _("the status is not-started, on-track, at-risk, delayed or done"));
	if (v[5]) {
		free(r->narrative);
		r->narrative = xstrdup(v[5]);
	}
	if (v[6])
		snprintf(r->org, sizeof(r->org), "%s", v[6]);
}

/* Refuses (403, or 404 for a missing plan or activity) a write that rq's principal may not make,
 * before anything else of the request is read: true when it may go on. */
static bool allowed(struct web_req *rq, struct web_resp *rs, int rc, struct mapo_error *err)
{
	if (!rc)
		return true;
	web_error_from(rq, rs, rc, err);
	return false;
}

/* A string member of the request's JSON object, or NULL. */
static const char *json_member(struct web_req *rq, const char *name)
{
	json_t *m = json_is_object(rq->json) ? json_object_get(rq->json, name) : NULL;
	return json_is_string(m) ? json_string_value(m) : NULL;
}

void h_plan_progress_post(struct web_req *rq, struct web_resp *rs)
{
	const char *code = params_get(&rq->caps, "code");
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) ||
	    !allowed(rq, rs, plan_progress_allowed(rq->db, &rq->who, code, web_form(rq, "activity"), &err), &err))
		return;
	struct progress_report r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	progress_report_init(&r);
	snprintf(r.plan, sizeof(r.plan), "%s", code);
	report_from(rq, NULL, &r, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s: %s", fe.v[0].field, fe.v[0].msg)
		      : plan_progress_record(rq->db, &rq->who, &r, NULL, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_addstr(&loc, "/plans/");
		url_encode(&loc, r.plan, false);
		buf_printf(&loc, "?year=%d", r.year);
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
	field_errors_release(&fe);
	progress_report_release(&r);
}

void h_plan_xlsx(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	const char *code = params_get(&rq->caps, "code");
	struct plan_status ps;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	char path[] = "/tmp/mapo-plan-XXXXXX";
	mapo_error_clear(&err);
	plan_status_init(&ps);
	int rc = status_of(rq, code, &ps, &fe, &err);
	int fd = rc ? -1 : mkstemp(path);
	if (!rc && fd < 0)
		rc = mapo_error_set(&err, MAPO_EIO, _("something went wrong on the server"));
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = plan_progress_xlsx(&ps, rq->lang, path, &err);
	char detail[64];
	snprintf(detail, sizeof(detail), "plan-progress %d xlsx", ps.year);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "export", "plan", ps.plan.code, detail, NULL, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		FILE *f = fopen(path, "rb");
		char chunk[8192];
		size_t n;
		buf_reset(&rs->body);
		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_add(&rs->body, chunk, n);
		if (f)
			fclose(f);
		rs->status = 200;
		rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		/* the name is the plan's code: letters, digits, '.', '_', '-' only */
		web_header(rs, "Content-Disposition", "attachment; filename=\"%s-%d.xlsx\"", ps.plan.code, ps.year);
	}
	if (fd >= 0)
		unlink(path);
	field_errors_release(&fe);
	plan_status_release(&ps);
}

void h_recommendations(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct plan_outlook ol;
	mapo_error_clear(&err);
	plan_outlook_init(&ol);
	int year = query_int(rq, "year", 2001, 9999, &fe);
	mapo_date as_of = query_date(rq, "as_of", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : plan_outlook_load(rq->db, year, as_of, &ol, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	char from[48], to[48], at[48];
	fmt_date_long(ol.from, rq->lang, from);
	fmt_date_long(ol.to, rq->lang, to);
	fmt_date_long(ol.as_of, rq->lang, at);
	page_begin(rq, rs, _("What the next TIP report will look at"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("What the next TIP report will look at"));
	tpl_printf(o, "<p>%s</p>\n", _("The figures of the reporting period so far, beside the same span a year earlier, "
				    "and each recommendation of the last report with the state of its activities."));
	tpl_printf(o, "<h2>%s %d: %s – %s</h2>\n<p>%s %s</p>\n", _("TIP report"), ol.report_year, from, to, _("As of"), at);
	tpl_printf(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
		"</th><th scope=\"col\">%s</th></tr></thead><tbody>\n", _("Measure"), _("This period"), _("A year earlier"));
	for (int m = 0; m < MEASURE__COUNT; m++) {
		char now[32], before[32];
		fmt_count(ol.now[m], now);
		fmt_count(ol.before[m], before);
		tpl_printf(o, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
			plan_measure_name((enum plan_measure)m, rq->lang), now, before);
	}
	tpl_raw(o, "</tbody></table></div>\n");
	tpl_printf(o, "<h2>%s %d</h2>\n<ol>\n", _("Recommendations of the report of"), ol.rec_year);
	for (size_t i = 0; i < ol.n; i++) {
		const struct outlook_item *it = &ol.items[i];
		tpl_printf(o, "<li value=\"%d\"><p><strong>%s</strong> — %s</p>", it->rec.rank,
			rec_status_name(it->rec.status, rq->lang), plan_title(it->rec.text_ms, it->rec.text_en, rq->lang));
		if (it->nacts)
			tpl_raw(o, "<ul>");
		for (size_t j = 0; j < it->nacts; j++) {
			const struct outlook_activity *a = &it->acts[j];
			char p[16];
			pct(a->ratio, p);
			if (!a->found)
				tpl_printf(o, "<li>%s/%s: %s</li>", a->plan, a->code, _("not in the plan for this year"));
			else
				tpl_printf(o, "<li>%s/%s (%s) %s: %s, %s%s%s</li>", a->plan, a->code, a->lead,
					plan_title(a->title_ms, a->title_en, rq->lang), progress_status_name(a->status, rq->lang), p,
					a->overdue ? _(", overdue") : "", a->at_risk ? _(", at risk") : "");
		}
		if (it->nacts)
			tpl_raw(o, "</ul>");
		if (it->nactions) {
			tpl_printf(o, "<p>%s:</p><ul>", _("Council action items"));
			for (size_t j = 0; j < it->nactions; j++) {
				const struct outlook_action *a = &it->actions[j];
				char due[48];
				fmt_date_long(a->due_on, rq->lang, due);
				if (a->found)
					tpl_printf(o, "<li><a href=\"/council/actions\">%s</a> (%s, %s%s%s)%s</li>", a->title, a->org,
						a->status, *due ? ", " : "", due, a->overdue ? _(", overdue") : "");
				else
					tpl_printf(o, "<li>%s</li>", a->ref);
			}
			tpl_raw(o, "</ul>");
		}
		if (it->rec.evidence && *it->rec.evidence)
			tpl_printf(o, "<p>%s: %s</p>", _("Evidence"), it->rec.evidence);
		if (plan_may_manage(&rq->who)) {
			const char *values[RSTATUS__COUNT], *labels[RSTATUS__COUNT];
			char id[32];
			for (int s = 0; s < RSTATUS__COUNT; s++) {
				values[s] = rec_status_code((enum rec_status)s);
				labels[s] = rec_status_name((enum rec_status)s, rq->lang);
			}
			snprintf(id, sizeof(id), "evidence-%d", it->rec.rank);
			tpl_printf(o, "<form method=\"post\" action=\"/recommendations/%d/%d\" class=\"row-form\">",
				it->rec.year, it->rec.rank);
			csrf_field(rq, o);
			tpl_select(o, "status", _("Status"), values, labels, RSTATUS__COUNT, rec_status_code(it->rec.status), NULL,
				NULL);
			tpl_printf(o, "<div class=\"field\"><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"evidence\" "
				"rows=\"2\">%s</textarea></div>", id, _("Evidence reported back"), id, it->rec.evidence);
			tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", _("Save"));
		}
		tpl_raw(o, "</li>\n");
	}
	tpl_raw(o, "</ol>\n");
	page_end(rq, rs, 200);
out:
	field_errors_release(&fe);
	plan_outlook_release(&ol);
}

struct glist {
	struct web_req *rq;
	struct buf *o;
	json_t *arr;
};

static int guideline_li(const struct guideline *g, void *arg)
{
	struct glist *l = arg;
	char issued[48];
	fmt_date_long(g->issued, l->rq->lang, issued);
	tpl_printf(l->o, "<li>%s (%s %d, %s)</li>\n", plan_title(g->title_ms, g->title_en, l->rq->lang), _("version"),
		g->version, issued);
	return 0;
}

static int compliance_tr(const struct compliance_row *row, void *arg)
{
	struct glist *l = arg;
	char p[16];
	pct(row->rate, p);
	tpl_printf(l->o, "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
		"<td class=\"num\">%lld</td><td class=\"num\">%lld</td><td class=\"num\">%s</td></tr>\n", row->agency,
		check_subject_name(row->subject, l->rq->lang), row->checks, row->yes, row->no, row->na, p);
	return 0;
}

/* The form to record a checklist of the latest version of guideline code: the subject, the
 * operation or shelter, the agency, the date and one answer per item. */
static void checklist_form(struct web_req *rq, struct buf *o, const char *code)
{
	struct guideline g;
	struct mapo_error err;
	guideline_init(&g);
	if (store_guideline_get(rq->db, code, 0, &g, &err) || !g.n || rq->who.role == ROLE_PARTNER) {
		guideline_release(&g);
		return;
	}
	const char *svalues[SUBJECT__COUNT], *slabels[SUBJECT__COUNT];
	for (int i = 0; i < SUBJECT__COUNT; i++) {
		svalues[i] = check_subject_code((enum check_subject)i);
		slabels[i] = check_subject_name((enum check_subject)i, rq->lang);
	}
	const char *avalues[] = {"yes", "no", "na"}, *alabels[] = {_("Yes"), _("No"), _("Not applicable")};
	struct buf href = BUF_INIT;
	url_encode(&href, g.code, false);
	tpl_printf(o, "<h2>%s: %s</h2>\n<form method=\"post\" action=\"/guidelines/%s/checks\" class=\"stack\">",
		_("Record a checklist"), plan_title(g.title_ms, g.title_en, rq->lang), buf_str(&href));
	csrf_field(rq, o);
	tpl_select(o, "subject", _("Subject"), svalues, slabels, SUBJECT__COUNT, "operation", NULL, NULL);
	tpl_input(o, "subject_ref", _("Case reference (operation, prosecution step) or shelter code"), "text", NULL, NULL,
		true);
	tpl_input(o, "agency", _("Agency"), "text", rq->who.agency, NULL, true);
	tpl_input(o, "check_date", _("Date of the check"), "date", NULL, NULL, true);
	tpl_printf(o, "<p>%s</p>", _("Only the items that apply to the subject count; the others are left out."));
	for (size_t i = 0; i < g.n; i++) {
		char name[PLAN_CODE_MAX + 8];
		snprintf(name, sizeof(name), "item_%s", g.items[i].code);
		struct buf label = BUF_INIT;
		buf_printf(&label, "%s %s", g.items[i].code, plan_title(g.items[i].text_ms, g.items[i].text_en, rq->lang));
		tpl_select(o, name, buf_str(&label), avalues, alabels, 3, "yes", NULL, NULL);
		buf_release(&label);
	}
	tpl_printf(o, "<div class=\"field\"><label for=\"note\">%s</label><textarea id=\"note\" name=\"note\" rows=\"2\">"
		"</textarea></div>", _("Note"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Save the checklist"));
	buf_release(&href);
	guideline_release(&g);
}

void h_guidelines(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	mapo_date from = query_date(rq, "from", &fe), to = query_date(rq, "to", &fe);
	if (fe.n) {
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
		field_errors_release(&fe);
		return;
	}
	page_begin(rq, rs, _("Operating guidelines"));
	struct buf *o = &rs->body;
	struct glist l = {rq, o, NULL};
	tpl_printf(o, "<h1>%s</h1>\n<ul>\n", _("Operating guidelines"));
	store_guideline_list(rq->db, guideline_li, &l, &err);
	tpl_raw(o, "</ul>\n");
	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Compliance per agency"));
	const char *heads[] = {_("Agency"), _("Subject"), _("Checks"), _("Yes"), _("No"), _("Not applicable"), _("Compliance")};
	for (size_t i = 0; i < 7; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_compliance(rq->db, web_query(rq, "guideline"), from, to, true, compliance_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	checklist_form(rq, o, web_query(rq, "guideline") ? web_query(rq, "guideline") : "infectious-disease");
	page_end(rq, rs, 200);
	field_errors_release(&fe);
}

void h_guideline_check_post(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) || !allowed(rq, rs, plan_check_allowed(&rq->who, web_form(rq, "agency"), &err), &err))
		return;
	struct guideline g;
	struct guideline_check c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *code = params_get(&rq->caps, "code");
	guideline_init(&g);
	guideline_check_init(&c);
	int rc = store_guideline_get(rq->db, code, 0, &g, &err);
	if (!rc) {
		const char *v;
		snprintf(c.guideline, sizeof(c.guideline), "%s", g.code);
		c.version = g.version;
		c.subject = check_subject_parse(web_form(rq, "subject"));
		snprintf(c.subject_ref, sizeof(c.subject_ref), "%s", (v = web_form(rq, "subject_ref")) ? v : "");
		snprintf(c.agency, sizeof(c.agency), "%s", (v = web_form(rq, "agency")) ? v : "");
		if ((v = web_form(rq, "check_date")) && *v && date_parse(v, &c.check_date))
			field_errors_add(&fe, "check_date", _("'%s' is not a date (YYYY-MM-DD)"), v);
		if ((v = web_form(rq, "note"))) {
			free(c.note);
			c.note = xstrdup(v);
		}
		/* The form asks every item; only those of the chosen subject are answers. */
		for (size_t i = 0; c.subject != SUBJECT_NONE && i < g.n; i++) {
			char name[PLAN_CODE_MAX + 8];
			snprintf(name, sizeof(name), "item_%s", g.items[i].code);
			if (g.items[i].subjects & (1u << c.subject)) {
				v = web_form(rq, name);
				guideline_check_answer(&c, g.items[i].code, v ? check_answer_parse(v) : ANSWER_NONE);
			}
		}
		rc = fe.n ? MAPO_EINVAL : plan_check_record(rq->db, &rq->who, &c, &fe, &err);
	}
	if (rc == MAPO_EINVAL && fe.n)
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/guidelines");
	field_errors_release(&fe);
	guideline_check_release(&c);
	guideline_release(&g);
}

void h_recommendation_post(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	long long year, rank;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) || !allowed(rq, rs, plan_manage_allowed(&rq->who, &err), &err))
		return;
	if (parse_int(params_get(&rq->caps, "year"), 2001, 9999, &year) ||
	    parse_int(params_get(&rq->caps, "rank"), 1, 100, &rank)) {
		web_error(rq, rs, 404, "not_found", _("no such recommendation"));
		return;
	}
	enum rec_status status = rec_status_parse(web_form(rq, "status"));
	if (status == RSTATUS_NONE) {
		web_error(rq, rs, 422, "invalid", _("the status is open, in-progress, addressed or not-addressed"));
		return;
	}
	int rc = plan_rec_update(rq->db, &rq->who, (int)year, (int)rank, status, web_form(rq, "evidence"), &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/recommendations");
}

/* ---- /api/v1 -------------------------------------------------------------------------------- */

static int plan_json_li(const struct plan *p, void *arg)
{
	struct glist *l = arg;
	json_array_append_new(l->arr, json_pack("{s:s,s:s,s:i,s:i}", "code", p->code, "title",
		plan_title(p->title_ms, p->title_en, l->rq->lang), "start_year", p->start_year, "end_year", p->end_year));
	return 0;
}

void api_plans(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	struct glist l = {rq, NULL, json_array()};
	if (store_plan_list(rq->db, plan_json_li, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "plans", l.arr));
}

void api_plan(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct plan p;
	struct mapo_error err;
	plan_init(&p);
	int rc = store_plan_get(rq->db, params_get(&rq->caps, "code"), &p, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, plan_to_json(&p, rq->lang));
	plan_release(&p);
}

void api_plan_status(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct plan_status ps;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	plan_status_init(&ps);
	int rc = status_of(rq, params_get(&rq->caps, "code"), &ps, &fe, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, plan_status_to_json(&ps, rq->lang));
	field_errors_release(&fe);
	plan_status_release(&ps);
}

static int report_json(const struct progress_report *r, void *arg)
{
	json_array_append_new(arg, progress_report_to_json(r));
	return 0;
}

void api_plan_progress(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct plan p;
	const char *code = params_get(&rq->caps, "code");
	int year = query_int(rq, "year", 1900, 9999, &fe);
	plan_init(&p);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : store_plan_get(rq->db, code, &p, &err);
	json_t *arr = json_array();
	if (!rc)
		rc = store_progress_list(rq->db, code, web_query(rq, "activity"), year, report_json, arr, &err);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
	} else {
		web_json(rs, 200, json_pack("{s:o}", "reports", arr));
	}
	plan_release(&p);
	field_errors_release(&fe);
}

void api_plan_progress_create(struct web_req *rq, struct web_resp *rs)
{
	const char *code = params_get(&rq->caps, "code");
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) ||
	    !allowed(rq, rs, plan_progress_allowed(rq->db, &rq->who, code, json_member(rq, "activity"), &err), &err) ||
	    !web_need_object(rq, rs))
		return;
	struct progress_report r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	progress_report_init(&r);
	snprintf(r.plan, sizeof(r.plan), "%s", code);
	report_from(rq, rq->json, &r, &fe);
	if (fe.n)
		web_invalid(rs, &fe, _("the request is not valid"));
	else if (plan_progress_record(rq->db, &rq->who, &r, NULL, &err))
		web_error_from(rq, rs, err.code, &err);
	else
		web_json(rs, 201, progress_report_to_json(&r));
	field_errors_release(&fe);
	progress_report_release(&r);
}

static int rec_json(const struct recommendation *r, void *arg)
{
	struct glist *l = arg;
	json_array_append_new(l->arr, recommendation_to_json(r, l->rq->lang));
	return 0;
}

void api_recommendations(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	int year = query_int(rq, "year", 2001, 9999, &fe);
	struct glist l = {rq, NULL, json_array()};
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : store_rec_list(rq->db, year, rec_json, &l, &err);
	if (rc) {
		json_decref(l.arr);
		web_error_from(rq, rs, rc, &err);
	} else {
		web_json(rs, 200, json_pack("{s:o}", "recommendations", l.arr));
	}
	field_errors_release(&fe);
}

void api_recommendation_update(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	long long year, rank;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) || !allowed(rq, rs, plan_manage_allowed(&rq->who, &err), &err) || !web_need_object(rq, rs))
		return;
	if (parse_int(params_get(&rq->caps, "year"), 2001, 9999, &year) ||
	    parse_int(params_get(&rq->caps, "rank"), 1, 100, &rank)) {
		web_error(rq, rs, 404, "not_found", _("no such recommendation"));
		return;
	}
	json_t *st = json_object_get(rq->json, "status"), *ev = json_object_get(rq->json, "evidence");
	enum rec_status status = json_is_string(st) ? rec_status_parse(json_string_value(st)) : RSTATUS_NONE;
	if (status == RSTATUS_NONE || (ev && !json_is_string(ev))) {
		struct field_errors fe = FIELD_ERRORS_INIT;
		if (status == RSTATUS_NONE)
			field_errors_add(&fe, "status", _("the status is open, in-progress, addressed or not-addressed"));
		else
			field_errors_add(&fe, "evidence", _("the evidence is text"));
		web_invalid(rs, &fe, _("the request is not valid"));
		field_errors_release(&fe);
		return;
	}
	int rc = plan_rec_update(rq->db, &rq->who, (int)year, (int)rank, status, ev ? json_string_value(ev) : NULL, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, json_pack("{s:I,s:I,s:s}", "year", (json_int_t)year, "rank", (json_int_t)rank, "status",
			rec_status_code(status)));
}

void api_outlook(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct plan_outlook ol;
	plan_outlook_init(&ol);
	int year = query_int(rq, "year", 2001, 9999, &fe);
	mapo_date as_of = query_date(rq, "as_of", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : plan_outlook_load(rq->db, year, as_of, &ol, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, plan_outlook_to_json(&ol, rq->lang));
	plan_outlook_release(&ol);
	field_errors_release(&fe);
}

void api_guideline(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct guideline g;
	guideline_init(&g);
	int version = query_int(rq, "version", 1, 999, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : store_guideline_get(rq->db, params_get(&rq->caps, "code"), version, &g, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, guideline_to_json(&g, rq->lang));
	guideline_release(&g);
	field_errors_release(&fe);
}

void api_guideline_check_create(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!may_read(rq, rs) || !allowed(rq, rs, plan_check_allowed(&rq->who, json_member(rq, "agency"), &err), &err) ||
	    !web_need_object(rq, rs))
		return;
	struct guideline_check c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	json_t *j = rq->json;
	guideline_check_init(&c);
	snprintf(c.guideline, sizeof(c.guideline), "%s", params_get(&rq->caps, "code"));
	json_t *m;
	if (json_is_integer(m = json_object_get(j, "version")))
		c.version = (int)json_integer_value(m);
	if (json_is_string(m = json_object_get(j, "subject")))
		c.subject = check_subject_parse(json_string_value(m));
	if (json_is_string(m = json_object_get(j, "subject_ref")))
		snprintf(c.subject_ref, sizeof(c.subject_ref), "%s", json_string_value(m));
	if (json_is_string(m = json_object_get(j, "agency")))
		snprintf(c.agency, sizeof(c.agency), "%s", json_string_value(m));
	if (json_is_string(m = json_object_get(j, "check_date")) && date_parse(json_string_value(m), &c.check_date))
		field_errors_add(&fe, "check_date", _("'%s' is not a date (YYYY-MM-DD)"), json_string_value(m));
	if (json_is_string(m = json_object_get(j, "note"))) {
		free(c.note);
		c.note = xstrdup(json_string_value(m));
	}
	json_t *answers = json_object_get(j, "answers");
	const char *key;
	json_t *val;
	if (answers && !json_is_object(answers))
		field_errors_add(&fe, "answers", _("the answers are an object of item codes and yes, no or na"));
	else if (answers)
		json_object_foreach(answers, key, val)
			guideline_check_answer(&c, key,
				json_is_string(val) ? check_answer_parse(json_string_value(val)) : ANSWER_NONE);
	int rc = fe.n ? MAPO_EINVAL : plan_check_record(rq->db, &rq->who, &c, &fe, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, _("the request is not valid"));
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 201, json_pack("{s:I,s:s,s:i}", "id", (json_int_t)c.id, "guideline", c.guideline, "version",
			c.version));
	field_errors_release(&fe);
	guideline_check_release(&c);
}

static int compliance_json(const struct compliance_row *row, void *arg)
{
	json_array_append_new(arg, compliance_to_json(row));
	return 0;
}

void api_compliance(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_date from = query_date(rq, "from", &fe), to = query_date(rq, "to", &fe);
	const char *by = web_query(rq, "by_subject");
	json_t *arr = json_array();
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : store_compliance(rq->db, web_query(rq, "guideline"), from, to, by && !strcmp(by, "1"),
			      compliance_json, arr, &err);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
	} else {
		web_json(rs, 200, json_pack("{s:o}", "compliance", arr));
	}
	field_errors_release(&fe);
}
