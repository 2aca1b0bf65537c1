/* The start page, the dashboard (statement, charts, period selector) and the public page. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/protection.h"
#include "core/statement.h"
#include "core/stats.h"
#include "web/chart.h"
#include "web/h_protection.h"
#include "web/handlers.h"

void h_root(struct web_req *rq, struct web_resp *rs)
{
	web_redirect(rs, rq->signed_in ? "/dashboard" : "/public");
}

static int latest_cb(const struct mapo_case *c, void *arg)
{
	*(mapo_date *)arg = c->action_date;
	return 1;
}

mapo_date latest_action_date(store *db)
{
	struct case_filter f;
	mapo_date d = DATE_NONE;
	case_filter_init(&f);
	f.sort = SORT_ACTION_DATE_DESC;
	f.limit = 1;
	store_case_list(db, &f, latest_cb, &d, NULL);
	return d;
}

static mapo_date month_end(mapo_date d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

/* The period of a page: ?from=&to= when given and valid, else 1 January to the end of the latest
 * month with data (or today). Adds a message to errs for a bad date. */
static void page_period(struct web_req *rq, mapo_date *from, mapo_date *to, struct field_errors *errs)
{
	mapo_date latest = latest_action_date(rq->db);
	mapo_date end = latest != DATE_NONE ? month_end(latest) : date_today();
	*to = end;
	*from = date_from_ymd(date_year(end), 1, 1);
	const char *f = web_query(rq, "from"), *t = web_query(rq, "to");
	if (t && date_parse(t, to))
		field_errors_add(errs, "to", _("'%s' is not a date (YYYY-MM-DD)"), t);
	if (f && date_parse(f, from))
		field_errors_add(errs, "from", _("'%s' is not a date (YYYY-MM-DD)"), f);
	else if (!f && t && !date_parse(t, to))
		*from = date_from_ymd(date_year(*to), 1, 1);
	if (*from > *to) {
		field_errors_add(errs, "from", "%s", _("the start of the period is after its end"));
		*from = date_from_ymd(date_year(*to), 1, 1);
	}
}

/* A chart of one measure over months, one series per key of dimension dim (or, with
 * DIM__COUNT, the series are the measures named in measures). */
struct month_chart {
	size_t nmonths;
	char **months;       /* labels */
	size_t nseries;
	char *labels[CHART_SERIES_MAX];
	long long *values[CHART_SERIES_MAX];
};

static void month_chart_release(struct month_chart *mc)
{
	for (size_t i = 0; i < mc->nmonths; i++)
		free(mc->months[i]);
	free(mc->months);
	for (size_t s = 0; s < mc->nseries; s++) {
		free(mc->labels[s]);
		free(mc->values[s]);
	}
	memset(mc, 0, sizeof(*mc));
}

static size_t month_index(const struct stats_result *r, const char *key)
{
	/* months are YYYY-MM from r->from on */
	int y = 0, m = 0;
	if (strlen(key) != 7)
		return (size_t)-1;
	y = (key[0] - '0') * 1000 + (key[1] - '0') * 100 + (key[2] - '0') * 10 + (key[3] - '0');
	m = (key[5] - '0') * 10 + (key[6] - '0');
	int fy = date_year(r->from), fm = date_month(r->from);
	long idx = (long)(y - fy) * 12 + (m - fm);
	return idx < 0 ? (size_t)-1 : (size_t)idx;
}

static size_t months_between(mapo_date from, mapo_date to)
{
	return (size_t)((date_year(to) - date_year(from)) * 12 + date_month(to) - date_month(from) + 1);
}

static void month_labels(struct web_req *rq, struct month_chart *mc, mapo_date from, mapo_date to)
{
	mc->nmonths = months_between(from, to);
	mc->months = xcalloc(mc->nmonths, sizeof(char *));
	int y = date_year(from), m = date_month(from);
	for (size_t i = 0; i < mc->nmonths; i++) {
		mc->months[i] = xasprintf("%s %d", stats_month_name(m, rq->lang), y);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
}

/* Cases per month split by dim (kind, agency or form). */
static int chart_by(struct web_req *rq, mapo_date from, mapo_date to, enum stat_dim dim, struct month_chart *mc,
	struct mapo_error *err)
{
	struct stats_query q;
	struct stats_result r;
	stats_query_init(&q);
	stats_result_init(&r);
	q.from = from;
	q.to = to;
	q.dims[0] = DIM_MONTH;
	q.dims[1] = dim;
	q.ndims = 2;
	int rc = stats_run(rq->db, rq->rd, &q, rq->lang, &r, err);
	if (rc)
		goto out;
	month_labels(rq, mc, from, to);
	if (dim == DIM_KIND) {
		/* trafficking first, in the first colour, on every chart */
		static const char *const kinds[] = {"TIP", "SOM"};
		for (size_t k = 0; k < 2; k++) {
			mc->labels[k] = stats_key_label(rq->rd, DIM_KIND, kinds[k], rq->lang);
			mc->values[k] = xcalloc(mc->nmonths, sizeof(long long));
		}
		mc->nseries = 2;
	}
	for (size_t i = 0; i < r.nrows; i++) {
		const struct stats_row *row = &r.rows[i];
		if (!row->keys[1][0])
			continue; /* no form (SOM cases) */
		size_t s;
		for (s = 0; s < mc->nseries; s++)
			if (!strcmp(mc->labels[s], row->labels[1]))
				break;
		if (s == mc->nseries) {
			if (mc->nseries == CHART_SERIES_MAX)
				continue;
			mc->labels[s] = xstrdup(row->labels[1]);
			mc->values[s] = xcalloc(mc->nmonths, sizeof(long long));
			mc->nseries++;
		}
		size_t mi = month_index(&r, row->keys[0]);
		if (mi < mc->nmonths)
			mc->values[s][mi] += dim == DIM_FORM ? row->m.tip_cases : row->m.tip_cases + row->m.som_cases;
	}
out:
	stats_result_release(&r);
	return rc;
}

/* Arrests per month: TIP and SOM. */
static int chart_arrests(struct web_req *rq, mapo_date from, mapo_date to, struct month_chart *mc,
	struct mapo_error *err)
{
	struct stats_query q;
	struct stats_result r;
	stats_query_init(&q);
	stats_result_init(&r);
	q.from = from;
	q.to = to;
	q.dims[0] = DIM_MONTH;
	q.ndims = 1;
	int rc = stats_run(rq->db, rq->rd, &q, rq->lang, &r, err);
	if (rc)
		goto out;
	month_labels(rq, mc, from, to);
	mc->nseries = 2;
	mc->labels[0] = xstrdup(_("Trafficking in persons (TIP)"));
	mc->labels[1] = xstrdup(_("Migrant smuggling (SOM)"));
	mc->values[0] = xcalloc(mc->nmonths, sizeof(long long));
	mc->values[1] = xcalloc(mc->nmonths, sizeof(long long));
	for (size_t i = 0; i < r.nrows; i++) {
		size_t mi = month_index(&r, r.rows[i].keys[0]);
		if (mi < mc->nmonths) {
			mc->values[0][mi] += r.rows[i].m.tip_arrests;
			mc->values[1][mi] += r.rows[i].m.som_arrests;
		}
	}
out:
	stats_result_release(&r);
	return rc;
}

static void draw(struct buf *o, const char *id, const char *title, struct month_chart *mc)
{
	struct chart_series s[CHART_SERIES_MAX];
	for (size_t i = 0; i < mc->nseries; i++) {
		s[i].label = mc->labels[i];
		s[i].values = mc->values[i];
	}
	chart_bars(o, id, title, _("The numbers as a table"), (const char *const *)mc->months, mc->nmonths, s,
		mc->nseries);
}

/* Victims of the period by identification status, and protection orders started in it by
 * outcome: the figures the tier evidence shows too. A chart without any record is left out. */
static void protection_charts(struct web_req *rq, struct buf *o, mapo_date from, mapo_date to, struct mapo_error *err)
{
	static const struct {
		enum victim_dim dim;
		const char *id, *title, *series;
	} charts[] = {
		{VDIM_STATUS, "victims-by-status", N_("Victims by identification status"), N_("Victims")},
		{VDIM_OUTCOME, "orders-by-outcome", N_("Protection orders started, by outcome"), N_("Orders")},
	};
	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		struct victim_counts vc = VICTIM_COUNTS_INIT;
		if (!protect_victim_counts(rq->db, &rq->who, from, to, charts[i].dim, &vc, err) && vc.keys.n) {
			const char **labels = xcalloc(vc.keys.n, sizeof(*labels));
			for (size_t k = 0; k < vc.keys.n; k++)
				labels[k] = protect_victim_key_label(charts[i].dim, vc.keys.v[k], rq->lang);
			struct chart_series s = {_(charts[i].series), vc.n};
			chart_bars(o, charts[i].id, _(charts[i].title), _("The numbers as a table"), labels, vc.keys.n, &s, 1);
			free(labels);
		}
		victim_counts_release(&vc);
	}
}

static void statement_block(struct web_req *rq, struct buf *o, mapo_date from, mapo_date to)
{
	struct statement st;
	struct mapo_error err;
	struct buf text = BUF_INIT;
	mapo_error_clear(&err);
	if (!statement_compute(rq->db, from, to, &st, &err) && !statement_format(&st, rq->lang, &text)) {
		if (text.len && text.data[text.len - 1] == '\n')
			text.data[--text.len] = '\0';
		tpl_printf(o, "<blockquote class=\"statement\" lang=\"%s\"><p>%s</p></blockquote>\n",
			i18n_lang_code(rq->lang), buf_str(&text));
		struct stats_measures *m = &st.m;
		const long long v[6] = {m->tip_cases, m->tip_arrests, m->tip_forced_labour_cases, m->som_cases,
			m->som_arrests, m->victims_rescued};
		tpl_raw(o, "<ul class=\"figures\">");
		for (size_t i = 0; i < 6; i++) {
			char num[32];
			fmt_count(v[i], num);
			tpl_printf(o, "<li><strong>%s</strong> <span>%s</span></li>", num, _(stats_measure_headings[i]));
		}
		tpl_raw(o, "</ul>\n");
	} else {
		tpl_printf(o, "<p class=\"flash error\">%s</p>", err.msg[0] ? err.msg : _("the figures cannot be computed"));
	}
	buf_release(&text);
}

void h_dashboard(struct web_req *rq, struct web_resp *rs)
{
	if (!access_may_read_stats(&rq->who)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the statistics"));
		return;
	}
	struct field_errors fe = FIELD_ERRORS_INIT;
	mapo_date from, to;
	page_period(rq, &from, &to, &fe);
	/* a chart of more than ten years of months says nothing: clip it */
	mapo_date chart_from = from;
	if (months_between(from, to) > 120)
		chart_from = date_from_ymd(date_year(to) - 9, 1, 1);
	char sf[DATE_STRLEN], st[DATE_STRLEN];
	date_format(from, sf);
	date_format(to, st);

	page_begin(rq, rs, _("Dashboard"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Dashboard"));
	tpl_printf(o, "<form method=\"get\" action=\"/dashboard\" class=\"period\" aria-label=\"%s\">", _("Period"));
	tpl_input(o, "from", _("From"), "date", sf, field_errors_get(&fe, "from"), true);
	tpl_input(o, "to", _("To"), "date", st, field_errors_get(&fe, "to"), true);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));

	/* quick periods: this year and the previous years with data */
	mapo_date latest = latest_action_date(rq->db);
	if (latest != DATE_NONE) {
		tpl_printf(o, "<p class=\"quick\">%s ", _("Quick periods:"));
		int ly = date_year(latest);
		char le[DATE_STRLEN];
		date_format(month_end(latest), le);
		for (int y = ly; y > ly - 4; y--) {
			if (y == ly)
				tpl_printf(o, "<a href=\"/dashboard?from=%d-01-01&amp;to=%s\">%d</a> ", y, le, y);
			else
				tpl_printf(o, "<a href=\"/dashboard?from=%d-01-01&amp;to=%d-12-31\">%d</a> ", y, y, y);
		}
		tpl_printf(o, "<a href=\"/dashboard?from=%d-01-01&amp;to=%s\">%d–%d</a></p>\n", ly - 6, le, ly - 6, ly);
	}
	statement_block(rq, o, from, to);
	protection_panel(rq, o);

	struct mapo_error err;
	mapo_error_clear(&err);
	struct month_chart mc = {0};
	static const struct {
		enum stat_dim dim;
		const char *id, *title;
	} charts[] = {
		{DIM_KIND, "by-kind", N_("Cases per month by kind")},
		{DIM_AGENCY, "by-agency", N_("Cases per month by agency")},
		{DIM_FORM, "by-form", N_("Trafficking cases per month by form of exploitation")},
	};
	tpl_raw(o, "<div class=\"charts\">\n");
	for (size_t i = 0; i < 3; i++) {
		if (!chart_by(rq, chart_from, to, charts[i].dim, &mc, &err))
			draw(o, charts[i].id, _(charts[i].title), &mc);
		month_chart_release(&mc);
	}
	if (!chart_arrests(rq, chart_from, to, &mc, &err))
		draw(o, "arrests", _("Arrests per month"), &mc);
	month_chart_release(&mc);
	protection_charts(rq, o, from, to, &err);
	tpl_raw(o, "</div>\n");
	if (err.msg[0])
		tpl_printf(o, "<p class=\"flash error\">%s</p>", err.msg);
	page_end(rq, rs, fe.n ? 422 : 200);
	field_errors_release(&fe);
}

/* Published figures for anyone: the statement up to the latest month, and the six measures for
 * each calendar year. Aggregates only. */
void h_public(struct web_req *rq, struct web_resp *rs)
{
	mapo_date latest = latest_action_date(rq->db);
	page_begin(rq, rs, _("Published figures"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Published figures"));
	if (latest == DATE_NONE) {
		tpl_printf(o, "<p>%s</p>", _("No figures have been published yet."));
		page_end(rq, rs, 200);
		return;
	}
	mapo_date to = month_end(latest);
	statement_block(rq, o, date_from_ymd(date_year(to), 1, 1), to);

	int ly = date_year(to), fy = ly - 9;
	struct stats_query q;
	struct stats_result r;
	struct mapo_error err;
	mapo_error_clear(&err);
	stats_query_init(&q);
	stats_result_init(&r);
	q.from = date_from_ymd(fy, 1, 1);
	q.to = to;
	q.dims[0] = DIM_MONTH;
	q.ndims = 1;
	if (stats_run(rq->db, rq->rd, &q, rq->lang, &r, &err)) {
		tpl_printf(o, "<p class=\"flash error\">%s</p>", err.msg);
		stats_result_release(&r);
		page_end(rq, rs, 500);
		return;
	}
	size_t ny = (size_t)(ly - fy + 1);
	struct stats_measures *years = xcalloc(ny, sizeof(*years));
	for (size_t i = 0; i < r.nrows; i++) {
		long long y;
		char yk[5];
		memcpy(yk, r.rows[i].keys[0], 4);
		yk[4] = '\0';
		if (parse_int(yk, fy, ly, &y))
			continue;
		struct stats_measures *d = &years[y - fy], *s = &r.rows[i].m;
		d->tip_cases += s->tip_cases;
		d->tip_arrests += s->tip_arrests;
		d->tip_forced_labour_cases += s->tip_forced_labour_cases;
		d->som_cases += s->som_cases;
		d->som_arrests += s->som_arrests;
		d->victims_rescued += s->victims_rescued;
	}
	/* leading years without any case are left out */
	size_t first = 0;
	while (first + 1 < ny && !years[first].tip_cases && !years[first].som_cases)
		first++;
	char **labels = xcalloc(ny, sizeof(char *));
	long long *tip = xcalloc(ny, sizeof(long long)), *som = xcalloc(ny, sizeof(long long));
	for (size_t i = first; i < ny; i++) {
		labels[i - first] = xasprintf("%d", fy + (int)i);
		tip[i - first] = years[i].tip_cases;
		som[i - first] = years[i].som_cases;
	}
	struct chart_series s[2] = {{_("Trafficking in persons (TIP)"), tip}, {_("Migrant smuggling (SOM)"), som}};
	tpl_raw(o, "<div class=\"charts\">\n");
	chart_bars(o, "per-year", _("Cases per year by kind"), _("The numbers as a table"), (const char *const *)labels,
		ny - first, s, 2);
	tpl_raw(o, "</div>\n");

	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>",
		_("Figures per year"), _("Year"));
	for (size_t k = 0; k < STATS_NMEASURES; k++)
		tpl_printf(o, "<th scope=\"col\" class=\"num\">%s</th>", _(stats_measure_headings[k]));
	tpl_raw(o, "</tr></thead><tbody>");
	for (size_t i = ny; i-- > first;) {
		tpl_printf(o, "<tr><th scope=\"row\">%d%s</th>", fy + (int)i, fy + (int)i == ly && date_month(to) != 12 ? "*" : "");
		for (size_t k = 0; k < STATS_NMEASURES; k++) {
			char num[32];
			fmt_count(stats_measure(&years[i], k), num);
			tpl_printf(o, "<td class=\"num\">%s</td>", num);
		}
		tpl_raw(o, "</tr>");
	}
	tpl_raw(o, "</tbody></table></div>\n");
	char le[48];
	fmt_date_long(to, rq->lang, le);
	tpl_printf(o, "<p class=\"note\">* %s %s</p>\n", _("up to"), le);
	for (size_t i = 0; i < ny; i++)
		free(labels[i]);
	free(labels);
	free(tip);
	free(som);
	free(years);
	stats_result_release(&r);
	page_end(rq, rs, 200);
}
