/* The TIP report's tiers: history (chart and table, public), outlook (signed in), evidence
 * (statistics roles), recording a placement (admin and secretariat, audited), and their JSON. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/tier.h"
#include "io/tier_out.h"
#include "web/h_tier.h"
#include "web/handlers.h"

/* ---- shared pieces --------------------------------------------------------------------------- */

/* The language of an API answer: ?lang= when given (a field error when unknown), else the request's. */
static enum mapo_lang api_lang(struct web_req *rq, struct field_errors *fe)
{
	enum mapo_lang lang = rq->lang;
	const char *v = web_query(rq, "lang");
	if (v && i18n_parse_lang(v, &lang))
		field_errors_add(fe, "lang", _("unknown language '%s'"), v);
	return lang;
}

/* A year from the query (absent: 0); a field error when it is not from min to max. */
static int query_year(struct web_req *rq, const char *name, long long min, long long max, struct field_errors *fe)
{
	const char *v = web_query(rq, name);
	long long y;
	if (!v)
		return 0;
	if (parse_int(v, min, max, &y)) {
		field_errors_add(fe, name, _("'%s' is not a year from %lld to %lld"), v, min, max);
		return 0;
	}
	return (int)y;
}

/* The latest report year with a placement in all (0 when none), and its first country. */
static int latest_report(const struct tier_list *all, const char **country)
{
	int year = 0;
	for (size_t i = 0; i < all->n; i++)
		if (all->v[i].year > year) {
			year = all->v[i].year;
			if (country)
				*country = all->v[i].country;
		}
	return year;
}

/* The tabs between the three pages, those p may see. */
static void tabs(struct web_req *rq, struct buf *o, const char *here, const char *country)
{
	static const struct {
		const char *path, *label;
		enum tier_access action;
	} t[] = {
		{"/tier/history", N_("History"), TIER_ACCESS_HISTORY},
		{"/tier/outlook", N_("Outlook"), TIER_ACCESS_OUTLOOK},
		{"/tier/evidence", N_("Evidence"), TIER_ACCESS_EVIDENCE},
	};
	tpl_printf(o, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", _("TIP report tiers"));
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!access_may_tier(&rq->who, t[i].action))
			continue;
		tpl_printf(o, "<li><a href=\"%s", t[i].path);
		if (country && t[i].action != TIER_ACCESS_EVIDENCE)
			tpl_printf(o, "?country=%s", country);
		tpl_raw(o, strcmp(here, t[i].path) ? "\">" : "\" aria-current=\"page\">");
		tpl_printf(o, "%s</a></li>", _(t[i].label));
	}
	tpl_raw(o, "</ul></nav>\n");
}

/* Countries for a select, by name in lang. */
struct country_opt {
	const char *code, *name;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct country_opt *)a)->name, ((const struct country_opt *)b)->name);
}

static void country_select(struct web_req *rq, struct buf *o, const char *selected, const char *blank, const char *err)
{
	size_t n = rq->rd->n[REF_COUNTRY];
	struct country_opt *opts = xcalloc(n ? n : 1, sizeof(*opts));
	const char **values = xcalloc(n ? n : 1, sizeof(char *)), **labels = xcalloc(n ? n : 1, sizeof(char *));
	char **owned = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const struct ref_item *it = &rq->rd->items[REF_COUNTRY][i];
		opts[i].code = it->code;
		opts[i].name = rq->lang == LANG_MS ? it->name_ms : it->name_en;
	}
	qsort(opts, n, sizeof(*opts), by_name);
	for (size_t i = 0; i < n; i++) {
		owned[i] = xasprintf("%s (%s)", opts[i].name, opts[i].code);
		values[i] = opts[i].code;
		labels[i] = owned[i];
	}
	tpl_select(o, "country", _("Country"), values, labels, n, selected, blank, err);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(values);
	free(labels);
	free(opts);
}

/* A select of the years from hi down to lo; selected (0: none) is added when outside. */
static void year_select(struct buf *o, const char *name, const char *label, int hi, int lo, int selected,
	const char *err)
{
	if (selected > hi)
		hi = selected;
	if (selected && selected < lo)
		lo = selected;
	size_t n = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	char **owned = xcalloc(n ? n : 1, sizeof(char *));
	char sel[16];
	snprintf(sel, sizeof(sel), "%d", selected);
	for (size_t i = 0; i < n; i++)
		owned[i] = xasprintf("%d", hi - (int)i);
	tpl_select(o, name, label, (const char *const *)owned, (const char *const *)owned, n, selected ? sel : NULL,
		NULL, err);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
}

static const char *country_name(struct web_req *rq, const char *code)
{
	return refdata_name(rq->rd, REF_COUNTRY, code, rq->lang);
}

/* ---- the chart ------------------------------------------------------------------------------- */

#define CW 720        /* the viewBox */
#define CLEFT 170     /* room for the placements' names */
#define CRIGHT 16
#define CTOP 10
#define CROW 36       /* one band per placement */
#define CBOTTOM 30

/* The row of a placement, top to bottom: the four tiers in order, then the special case. */
static int chart_row(enum tier_placement p)
{
	return p >= TIER_1 && p < TIER__COUNT ? (int)p : -1;
}

/* A country's placements as inline SVG: years along, the five placements down, the Watch List
 * band shaded, waivers ringed (dashed when inferred), automatic downgrades marked; each point
 * with a title, and the same facts in the table beneath it. */
static void tier_chart(struct web_req *rq, struct buf *o, const char *title, const struct tier_analysis *a)
{
	int first = a->v[0].year, last = a->v[a->n - 1].year;
	int nyears = last - first + 1;
	double plot_w = CW - CLEFT - CRIGHT, step = plot_w / nyears;
	int plot_h = CROW * TIER__COUNT, height = CTOP + plot_h + CBOTTOM;

	tpl_printf(o, "<figure class=\"chart tier-chart\" id=\"tier-chart\">\n<figcaption>%s</figcaption>\n", title);
	tpl_raw(o, "<div class=\"scroll\">");
	tpl_rawf(o, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"tier-chart-t\">", CW, height);
	tpl_printf(o, "<title id=\"tier-chart-t\">%s</title>", title);
	/* the Watch List band, then one line and one name per placement */
	tpl_rawf(o, "<rect class=\"wl-band\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", CLEFT,
		CTOP + CROW * chart_row(TIER_2_WATCH_LIST), plot_w, CROW);
	for (int p = 0; p < TIER__COUNT; p++) {
		int y = CTOP + CROW * p + CROW / 2;
		tpl_rawf(o, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", CLEFT, CW - CRIGHT, y, y);
		tpl_rawf(o, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", CLEFT - 8, y + 4);
		tpl_printf(o, "%s</text>", tier_placement_name((enum tier_placement)p, rq->lang));
	}
	/* years: all of them when they fit, else every second or fifth */
	int every = nyears <= 14 ? 1 : nyears <= 28 ? 2 : 5;
	for (int y = first; y <= last; y++) {
		if ((y - first) % every && y != last)
			continue;
		if (y != last && y + every > last && (last - y) % every)
			continue; /* no two labels side by side at the end */
		tpl_rawf(o, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
			CLEFT + step * (y - first + 0.5), CTOP + plot_h + 18, y);
	}
	/* the line, broken where a year is missing or the country is a special case */
	bool open = false;
	for (size_t i = 0; i < a->n; i++) {
		const struct tier_step *st = &a->v[i];
		bool joins = i > 0 && a->v[i - 1].year == st->year - 1 && st->placement != TIER_SPECIAL_CASE &&
			a->v[i - 1].placement != TIER_SPECIAL_CASE && chart_row(st->placement) >= 0 &&
			chart_row(a->v[i - 1].placement) >= 0;
		if (open && !joins) {
			tpl_raw(o, "\"/>");
			open = false;
		}
		if (chart_row(st->placement) < 0 || st->placement == TIER_SPECIAL_CASE)
			continue;
		double x = CLEFT + step * (st->year - first + 0.5);
		int y = CTOP + CROW * chart_row(st->placement) + CROW / 2;
		if (!open) {
			tpl_rawf(o, "<polyline class=\"tier-line\" points=\"%.1f,%d", x, y);
			open = true;
		} else {
			tpl_rawf(o, " %.1f,%d", x, y);
		}
	}
	if (open)
		tpl_raw(o, "\"/>");
	/* the points, with what they rest on */
	for (size_t i = 0; i < a->n; i++) {
		const struct tier_step *st = &a->v[i];
		int row = chart_row(st->placement);
		if (row < 0)
			continue;
		double x = CLEFT + step * (st->year - first + 0.5);
		int y = CTOP + CROW * row + CROW / 2;
		struct buf tip = BUF_INIT;
		buf_printf(&tip, "%d: %s", st->year, tier_placement_name(st->placement, rq->lang));
		if (st->waiver)
			buf_printf(&tip, ", %s", _("on a waiver"));
		else if (st->waiver_inferred)
			buf_printf(&tip, ", %s", _("on a waiver (inferred)"));
		if (st->verdict == TIER_VERDICT_AUTO_DOWNGRADE)
			buf_printf(&tip, ", %s", _("automatic downgrade"));
		tpl_raw(o, "<g>");
		if (st->waiver || st->waiver_inferred)
			tpl_rawf(o, "<circle class=\"waiver%s\" cx=\"%.1f\" cy=\"%d\" r=\"11\"/>",
				st->waiver ? "" : " inferred", x, y);
		tpl_rawf(o, "<circle class=\"pt p%d%s\" cx=\"%.1f\" cy=\"%d\" r=\"6\">", row,
			st->verdict == TIER_VERDICT_AUTO_DOWNGRADE ? " auto" : "", x, y);
		tpl_printf(o, "<title>%s</title></circle></g>", buf_str(&tip));
		buf_release(&tip);
	}
	tpl_rawf(o, "<line class=\"baseline\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", CLEFT, CW - CRIGHT,
		CTOP + plot_h, CTOP + plot_h);
	tpl_raw(o, "</svg></div>\n<ul class=\"legend tier-legend\">");
	tpl_printf(o, "<li><span class=\"swatch wl-band\"></span>%s</li>", _("the Watch List"));
	tpl_printf(o, "<li><span class=\"mark waiver\"></span>%s</li>", _("on a waiver"));
	tpl_printf(o, "<li><span class=\"mark waiver inferred\"></span>%s</li>", _("on a waiver (inferred)"));
	tpl_printf(o, "<li><span class=\"mark auto\"></span>%s</li>", _("automatic downgrade"));
	tpl_raw(o, "</ul>\n</figure>\n");
}

/* ---- history --------------------------------------------------------------------------------- */

/* What the set form shows again after a refusal. */
struct set_form {
	const char *year, *placement, *source, *exception;
	bool waiver;
	const struct field_errors *fe;
};

static void set_form_html(struct web_req *rq, struct buf *o, const char *country, int next_year,
	const struct set_form *f)
{
	tpl_printf(o, "<section class=\"tier-set\" aria-labelledby=\"set-h\"><h2 id=\"set-h\">%s</h2>\n",
		_("Record a placement"));
	if (f && f->fe && f->fe->n) {
		tpl_printf(o, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
			_("The placement was not recorded:"));
		for (size_t i = 0; i < f->fe->n; i++)
			tpl_printf(o, "<li>%s</li>", f->fe->v[i].msg);
		tpl_raw(o, "</ul></div>\n");
	}
	tpl_raw(o, "<form method=\"post\" action=\"/tier/history\" class=\"row-form narrow\">");
	csrf_field(rq, o);
	tpl_printf(o, "<input type=\"hidden\" name=\"country\" value=\"%s\">", country);
	char year[16];
	snprintf(year, sizeof(year), "%d", next_year);
	tpl_input(o, "year", _("Report year"), "number", f && f->year ? f->year : year, field_errors_get(f ? f->fe : NULL, "year"),
		true);
	const char *values[TIER__COUNT], *labels[TIER__COUNT];
	for (int p = 0; p < TIER__COUNT; p++) {
		values[p] = tier_placement_code((enum tier_placement)p);
		labels[p] = tier_placement_name((enum tier_placement)p, rq->lang);
	}
	tpl_select(o, "placement", _("Placement"), values, labels, TIER__COUNT, f ? f->placement : NULL, "",
		field_errors_get(f ? f->fe : NULL, "placement"));
	const char *werr = field_errors_get(f ? f->fe : NULL, "waiver");
	tpl_printf(o, "<div class=\"field check%s\"><label><input type=\"checkbox\" name=\"waiver\" value=\"1\"%s> %s</label>",
		werr ? " invalid" : "", f && f->waiver ? " checked" : "", _("The Watch List placement rested on a waiver"));
	if (werr)
		tpl_printf(o, "<p class=\"error\">%s</p>", werr);
	tpl_raw(o, "</div>");
	tpl_input(o, "source", _("Source"), "text", f ? f->source : NULL, field_errors_get(f ? f->fe : NULL, "source"), false);
	tpl_input(o, "exception", _("Why the rules do not explain it (when they do not)"), "text",
		f ? f->exception : NULL, field_errors_get(f ? f->fe : NULL, "exception"), false);
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Record"));
	tpl_printf(o, "<p class=\"note\">%s</p></section>\n",
		_("A placement replaces the one recorded for the same country and year. The change is audited."));
}

static void history_table(struct web_req *rq, struct buf *o, const struct tier_record *hist,
	const struct tier_analysis *a)
{
	tpl_printf(o, "<div class=\"scroll\"><table class=\"data tier-history\"><caption class=\"visually-hidden\">%s</caption>",
		_("Placements and what the rules say of each"));
	tpl_printf(o, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		_("Year"), _("Placement"), _("Waiver"), _("What the rules say"), _("Source"));
	for (size_t i = 0; i < a->n; i++) {
		const struct tier_step *st = &a->v[i];
		const char *cls = st->verdict == TIER_VERDICT_AUTO_DOWNGRADE ? " class=\"auto\""
			: st->verdict == TIER_VERDICT_UNEXPLAINED ? " class=\"unexplained\"" : "";
		tpl_rawf(o, "<tr id=\"y%d\"%s>", st->year, cls);
		tpl_printf(o, "<th scope=\"row\">%d</th><td>%s</td><td>%s</td><td>%s", st->year,
			tier_placement_name(st->placement, rq->lang),
			st->waiver ? _("recorded") : st->waiver_inferred ? _("inferred") : "", st->explanation);
		if (st->verdict == TIER_VERDICT_UNEXPLAINED)
			tpl_printf(o, " <strong class=\"error\">%s</strong>", _("The rules do not explain this placement."));
		tpl_printf(o, "</td><td class=\"source\">%s</td></tr>", hist[i].source);
	}
	tpl_raw(o, "</tbody></table></div>\n");
}

/* The history page of country (NULL: the country of the latest report recorded). */
static void history_page(struct web_req *rq, struct web_resp *rs, const char *country, const struct set_form *f,
	int status)
{
	struct tier_rules rules;
	struct tier_list all = TIER_LIST_INIT, hist = TIER_LIST_INIT;
	struct tier_analysis a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	int rc;

	tier_rules_init(&rules);
	tier_analysis_init(&a);
	mapo_error_clear(&err);
	if ((rc = tier_rules_read(rq->db, &rules, &err)) || (rc = tier_placements_read(rq->db, NULL, &all, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	const char *latest_country = NULL;
	int latest = latest_report(&all, &latest_country);
	if (!country)
		country = latest_country;
	if (country && !refdata_find(rq->rd, REF_COUNTRY, country)) {
		field_errors_add(&fe, "country", _("unknown country '%s'"), country);
		country = NULL;
		status = 422;
	}
	for (size_t i = 0; country && i < all.n; i++)
		if (!strcmp(all.v[i].country, country))
			tier_list_add(&hist, &all.v[i]);
	if (hist.n && (rc = tier_analyse(hist.v, hist.n, &rules, rq->lang, &a, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}

	struct buf title = BUF_INIT;
	if (country)
		buf_printf(&title, _("TIP report tiers: %s"), country_name(rq, country));
	else
		buf_addstr(&title, _("TIP report tiers"));
	page_begin(rq, rs, buf_str(&title));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", buf_str(&title));
	buf_release(&title);
	tabs(rq, o, "/tier/history", country);
	const char *saved = web_query(rq, "saved");
	if (saved && country)
		tpl_printf(o, "<p class=\"flash ok\" role=\"status\">%s</p>\n", _("The placement was recorded."));
	tpl_printf(o, "<form method=\"get\" action=\"/tier/history\" class=\"period\" aria-label=\"%s\">",
		_("Choose a country"));
	country_select(rq, o, country, NULL, field_errors_get(&fe, "country"));
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));
	tpl_printf(o, "<p class=\"note\">%s</p>\n",
		_("The US State Department's Trafficking in Persons report places every country on Tier 1, Tier 2, "
		  "the Tier 2 Watch List or Tier 3 each June. Since the 2009 report the law (22 U.S.C. 7107) limits "
		  "how long a country may stay on the Watch List."));

	if (country && !a.n) {
		tpl_printf(o, "<p>%s</p>\n", _("No placement is recorded for this country."));
	} else if (country) {
		struct buf cap = BUF_INIT;
		buf_printf(&cap, _("Placements of %s, %d to %d"), country_name(rq, country), a.v[0].year, a.v[a.n - 1].year);
		tier_chart(rq, o, buf_str(&cap), &a);
		buf_release(&cap);
		history_table(rq, o, hist.v, &a);
		tpl_printf(o, "<p class=\"note\"><a href=\"/api/v1/tier/history/%s\">%s</a></p>\n", country,
			_("The same as JSON"));
	}
	if (country && access_may_tier(&rq->who, TIER_ACCESS_SET))
		set_form_html(rq, o, country, latest ? latest + 1 : date_year(date_today()), f);
	page_end(rq, rs, status);
out:
	field_errors_release(&fe);
	tier_analysis_release(&a);
	tier_list_release(&hist);
	tier_list_release(&all);
	tier_rules_release(&rules);
}

void h_tier(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	web_redirect(rs, "/tier/history");
}

void h_tier_history(struct web_req *rq, struct web_resp *rs)
{
	if (!access_may_tier(&rq->who, TIER_ACCESS_HISTORY)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the tier history"));
		return;
	}
	history_page(rq, rs, web_query(rq, "country"), NULL, 200);
}

/* Records r for rq's user in one transaction with its audit entry ("tier-set", "COUNTRY/YEAR"). */
static int record_placement(struct web_req *rq, const struct tier_record *r, struct mapo_error *err)
{
	struct tier_list one = TIER_LIST_INIT;
	char id[32], detail[64];
	int rc;

	snprintf(id, sizeof(id), "%s/%d", r->country, r->year);
	snprintf(detail, sizeof(detail), "placement=%s waiver=%d", tier_placement_code(r->placement), r->waiver ? 1 : 0);
	tier_list_add(&one, r);
	if ((rc = store_begin(rq->db, err)))
		goto out;
	rc = tier_placements_write(rq->db, &one, err);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "tier-set", "tier", id, detail, NULL, err);
	if (!rc)
		rc = store_commit(rq->db, err);
	else
		store_rollback(rq->db);
out:
	tier_list_release(&one);
	return rc;
}

void h_tier_set(struct web_req *rq, struct web_resp *rs)
{
	struct tier_record r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;

	tier_record_init(&r);
	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_SET)) {
		web_error(rq, rs, 403, "forbidden", _("you may not record tier placements"));
		goto out;
	}
	const char *country = web_form(rq, "country");
	if (!country || !refdata_find(rq->rd, REF_COUNTRY, country)) {
		web_error(rq, rs, 404, "not_found", _("no such country"));
		goto out;
	}
	struct set_form f = {web_form(rq, "year"), web_form(rq, "placement"), web_form(rq, "source"),
		web_form(rq, "exception"), web_form(rq, "waiver") != NULL, &fe};
	if (!tier_record_parse(&r, country, f.year ? f.year : "", f.placement ? f.placement : "", f.waiver ? "1" : "0",
		    f.source, f.exception, rq->rd, &fe)) {
		int rc = record_placement(rq, &r, &err);
		if (!rc) {
			struct buf loc = BUF_INIT;
			buf_printf(&loc, "/tier/history?country=%s&saved=%d#y%d", r.country, r.year, r.year);
			web_redirect(rs, buf_str(&loc));
			buf_release(&loc);
			goto out;
		}
		if (rc != MAPO_EINVAL) {
			web_error_from(rq, rs, rc, &err);
			goto out;
		}
		field_errors_add(&fe, "placement", "%s", err.msg);
	}
	history_page(rq, rs, country, &f, 422);
out:
	field_errors_release(&fe);
	tier_record_release(&r);
}

/* ---- outlook --------------------------------------------------------------------------------- */

/* The outlooks for year: of country, or of every country on the Watch List the year before. The
 * caller releases each of *n and frees *out, on failure too. */
static int compute_outlooks(struct web_req *rq, int year, const char *country, enum mapo_lang lang,
	struct tier_outlook **out, size_t *n, struct mapo_error *err)
{
	struct tier_rules rules;
	struct tier_list hist = TIER_LIST_INIT;
	int rc;

	*out = NULL;
	*n = 0;
	tier_rules_init(&rules);
	if ((rc = tier_rules_read(rq->db, &rules, err)))
		goto out;
	if (country) {
		*out = xcalloc(1, sizeof(**out));
		tier_outlook_init(*out);
		*n = 1;
		if ((rc = tier_placements_read(rq->db, country, &hist, err)) ||
		    (rc = tier_outlook_compute(hist.v, hist.n, &rules, year, lang, *out, err)))
			goto out;
		/* a country with no placement at all still names itself, as in the CLI */
		snprintf((*out)->country, sizeof((*out)->country), "%s", country);
	} else {
		rc = tier_outlook_all(rq->db, &rules, year, lang, out, n, err);
	}
out:
	tier_list_release(&hist);
	tier_rules_release(&rules);
	return rc;
}

static void free_outlooks(struct tier_outlook *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tier_outlook_release(&v[i]);
	free(v);
}

void h_tier_outlook(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct tier_list all = TIER_LIST_INIT;
	struct tier_outlook *v = NULL;
	size_t n = 0;
	struct mapo_error err;
	int rc;

	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_OUTLOOK)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the tier outlook"));
		goto out;
	}
	if ((rc = tier_placements_read(rq->db, NULL, &all, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	int latest = latest_report(&all, NULL);
	int next = latest ? latest + 1 : date_year(date_today());
	int year = query_year(rq, "year", TIER_YEAR_FIRST + 1, TIER_YEAR_LAST, &fe);
	if (!year)
		year = next;
	const char *country = web_query(rq, "country");
	if (country && !refdata_find(rq->rd, REF_COUNTRY, country)) {
		field_errors_add(&fe, "country", _("unknown country '%s'"), country);
		country = NULL;
	}
	if ((rc = compute_outlooks(rq, year, country, rq->lang, &v, &n, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}

	char title[128];
	snprintf(title, sizeof(title), _("Outlook for the %d TIP report"), year);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	tabs(rq, o, "/tier/outlook", country);
	tpl_printf(o, "<form method=\"get\" action=\"/tier/outlook\" class=\"period\" aria-label=\"%s\">",
		_("Choose a report year"));
	year_select(o, "year", _("Report year"), next, TIER_YEAR_FIRST + 1, year, field_errors_get(&fe, "year"));
	country_select(rq, o, country, _("every country on the Watch List the year before"), field_errors_get(&fe, "country"));
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));
	if (!country) {
		struct buf line = BUF_INIT;
		buf_printf(&line, Q_("%zu country was on the Watch List in %d.", "%zu countries were on the Watch List in %d.", n),
			n, year - 1);
		tpl_printf(o, "<p>%s</p>\n", buf_str(&line));
		buf_release(&line);
	}
	if (n) {
		tpl_printf(o, "<div class=\"scroll\"><table class=\"data tier-outlook\"><thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			_("Country"), _("Placement the year before"), _("Watch List years"), _("Waivers used"), _("Outlook"),
			_("Explanation"));
		for (size_t i = 0; i < n; i++) {
			const struct tier_outlook *ol = &v[i];
			tpl_printf(o, "<tr class=\"%s\"><th scope=\"row\"><a href=\"/tier/history?country=%s\">%s</a></th>",
				tier_outlook_code(ol->outlook), ol->country, country_name(rq, ol->country));
			tpl_printf(o, "<td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d / %d</td>",
				ol->previous == TIER_NONE ? "" : tier_placement_name(ol->previous, rq->lang),
				ol->consecutive_watch_list_years, ol->waivers_used, ol->waivers_allowed);
			tpl_printf(o, "<td><strong class=\"outlook\">%s</strong></td><td>%s</td></tr>",
				tier_outlook_name(ol->outlook, rq->lang), ol->explanation);
		}
		tpl_raw(o, "</tbody></table></div>\n");
		tpl_printf(o, "<p class=\"note\">%s</p>\n",
			_("Waivers used counts the waivers of the current Watch List run, recorded or inferred, beside "
			  "the number the rules allow in a row."));
	}
	page_end(rq, rs, fe.n ? 422 : 200);
out:
	free_outlooks(v, n);
	tier_list_release(&all);
	field_errors_release(&fe);
}

/* ---- evidence -------------------------------------------------------------------------------- */

/* The TIP year of the latest reporting period (1 April of YEAR-1 to 31 March of YEAR) that has
 * ended by d: the one the report of d's year, or of the year before, draws on. */
static int last_tip_year(mapo_date d)
{
	return date_month(d) >= 4 ? date_year(d) : date_year(d) - 1;
}

static void trend_cell(struct web_req *rq, struct buf *o, enum tier_trend t)
{
	static const char *const arrows[] = {"=", "▲", "▼"};
	tpl_printf(o, "<td class=\"trend %s\"><span aria-hidden=\"true\">%s</span> %s</td>", tier_trend_code(t),
		arrows[t], tier_trend_name(t, rq->lang));
}

/* One table of the evidence's rows of section (and kind, for law enforcement). */
static void evidence_table(struct web_req *rq, struct buf *o, const struct tier_evidence *e,
	enum tier_evidence_section section, enum case_kind kind, const char *caption, const char *prev_head,
	const char *cur_head)
{
	tpl_raw(o, section == TIER_EV_ENFORCEMENT ? "<div class=\"scroll\"><table class=\"data tier-evidence\"><caption>"
		: "<div class=\"scroll\"><table class=\"data tier-evidence\"><caption class=\"visually-hidden\">");
	tpl_printf(o, "%s</caption>", caption);
	tpl_printf(o, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		"<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		_("Figure"), prev_head, cur_head, _("Change"));
	for (size_t i = 0; i < e->nrows; i++) {
		const struct tier_evidence_row *r = &e->rows[i];
		if (r->section != section || (section == TIER_EV_ENFORCEMENT && r->kind != kind))
			continue;
		char p[32], c[32];
		fmt_count(r->previous, p);
		fmt_count(r->current, c);
		tpl_printf(o, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td>", r->label, p,
			c);
		trend_cell(rq, o, r->trend);
		tpl_raw(o, "</tr>");
	}
	tpl_raw(o, "</tbody></table></div>\n");
}

static void period_text(struct web_req *rq, mapo_date from, mapo_date to, char out[112])
{
	char a[48], b[48];
	fmt_date_long(from, rq->lang, a);
	fmt_date_long(to, rq->lang, b);
	snprintf(out, 112, "%s – %s", a, b);
}

void h_tier_evidence(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct tier_evidence e;
	struct mapo_error err;
	int rc;

	tier_evidence_init(&e);
	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_EVIDENCE)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the statistics"));
		goto out;
	}
	int def = last_tip_year(date_today());
	int tip_year = query_year(rq, "tip_year", 1902, TIER_YEAR_LAST, &fe);
	if (!tip_year)
		tip_year = def;
	if ((rc = tier_evidence_compute(rq->db, rq->rd, tip_year, rq->lang, &e, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}

	char title[128];
	snprintf(title, sizeof(title), _("Minimum-standards evidence for the %d TIP report"), tip_year);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	tabs(rq, o, "/tier/evidence", NULL);
	tpl_printf(o, "<form method=\"get\" action=\"/tier/evidence\" class=\"period\" aria-label=\"%s\">",
		_("Choose a TIP year"));
	/* the period under way too, for a look before it ends */
	year_select(o, "tip_year", _("TIP year"), def + 1, def - 9, tip_year, field_errors_get(&fe, "tip_year"));
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));

	char prev[112], cur[112];
	period_text(rq, e.previous_from, e.previous_to, prev);
	period_text(rq, e.from, e.to, cur);
	tpl_printf(o, "<p>%s <strong>%s</strong>; %s <strong>%s</strong>.</p>\n", _("Reporting period:"), cur,
		_("the period before:"), prev);
	tpl_printf(o, "<p class=\"note\">%s</p>\n",
		_("The figures count cases whose enforcement action falls in the period, by their current status. "
		  "Trafficking (TIP) and smuggling (SOM) are counted apart. Sentences are not recorded in mapo."));

	tpl_printf(o, "<h2>%s</h2>\n", tier_evidence_section_name(TIER_EV_ENFORCEMENT, rq->lang));
	tpl_raw(o, "<div class=\"charts\">");
	evidence_table(rq, o, &e, TIER_EV_ENFORCEMENT, KIND_TIP, _("Trafficking in persons (TIP)"), prev, cur);
	evidence_table(rq, o, &e, TIER_EV_ENFORCEMENT, KIND_SOM, _("Migrant smuggling (SOM)"), prev, cur);
	tpl_raw(o, "</div>\n");
	for (int s = TIER_EV_VICTIMS_BY_FORM; s < TIER_EV__COUNT; s++) {
		tpl_printf(o, "<h2>%s</h2>\n", tier_evidence_section_name((enum tier_evidence_section)s, rq->lang));
		evidence_table(rq, o, &e, (enum tier_evidence_section)s, KIND_TIP,
			tier_evidence_section_name((enum tier_evidence_section)s, rq->lang), prev, cur);
	}

	tpl_printf(o, "<h2>%s</h2>\n", _("Data quality"));
	tpl_printf(o, "<p>%s</p>\n",
		_("The share of the persons these figures count (persons arrested and victims identified) whose sex "
		  "or age is not recorded. The report presumes that a government which cannot supply its data is not "
		  "acting vigorously."));
	tpl_printf(o, "<div class=\"scroll\"><table class=\"data tier-quality\"><thead><tr><th scope=\"col\"></th>"
		"<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
		"</tr></thead><tbody>", prev, cur, _("Change"));
	char a[32], b[32];
	fmt_count(e.previous_quality.records, a);
	fmt_count(e.quality.records, b);
	tpl_printf(o, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td><td></td></tr>",
		_("Persons counted"), a, b);
	fmt_count(e.previous_quality.missing, a);
	fmt_count(e.quality.missing, b);
	tpl_printf(o, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td><td></td></tr>",
		_("Persons counted without sex or age"), a, b);
	snprintf(a, sizeof(a), "%.1f%%", e.previous_quality.missing_share * 100.0);
	snprintf(b, sizeof(b), "%.1f%%", e.quality.missing_share * 100.0);
	tpl_printf(o, "<tr class=\"score\"><th scope=\"row\">%s</th><td class=\"num\">%s</td><td class=\"num\">%s</td>",
		_("Data-quality score (share missing)"), a, b);
	trend_cell(rq, o, e.quality_trend);
	tpl_raw(o, "</tr></tbody></table></div>\n");
	tpl_printf(o, "<p class=\"note\"><a href=\"/api/v1/tier/evidence?tip_year=%d\">%s</a></p>\n", tip_year,
		_("The same as JSON"));
	page_end(rq, rs, fe.n ? 422 : 200);
out:
	tier_evidence_release(&e);
	field_errors_release(&fe);
}

/* ---- /api/v1/tier ---------------------------------------------------------------------------- */

/* country's history as `mapo tier history COUNTRY --format json` writes it, into rs. */
static void send_history(struct web_req *rq, struct web_resp *rs, const char *country, enum mapo_lang lang)
{
	struct tier_rules rules;
	struct tier_list hist = TIER_LIST_INIT;
	struct tier_analysis a;
	struct mapo_error err;
	int rc;

	tier_rules_init(&rules);
	tier_analysis_init(&a);
	mapo_error_clear(&err);
	if ((rc = tier_rules_read(rq->db, &rules, &err)) || (rc = tier_placements_read(rq->db, country, &hist, &err)) ||
	    (rc = tier_analyse(hist.v, hist.n, &rules, lang, &a, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, tier_history_json(hist.v, &a));
out:
	tier_analysis_release(&a);
	tier_list_release(&hist);
	tier_rules_release(&rules);
}

void api_tier_history(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	const char *country = params_get(&rq->caps, "country");
	if (!access_may_tier(&rq->who, TIER_ACCESS_HISTORY)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the tier history"));
		goto out;
	}
	if (!country || !refdata_find(rq->rd, REF_COUNTRY, country)) {
		web_error(rq, rs, 404, "not_found", _("no such country"));
		goto out;
	}
	enum mapo_lang lang = api_lang(rq, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	send_history(rq, rs, country, lang);
out:
	field_errors_release(&fe);
}

static const char *const set_members[] = {"year", "placement", "waiver", "source", "exception"};

void api_tier_set(struct web_req *rq, struct web_resp *rs)
{
	struct tier_record r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	const char *country = params_get(&rq->caps, "country");

	tier_record_init(&r);
	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_SET)) {
		web_error(rq, rs, 403, "forbidden", _("you may not record tier placements"));
		goto out;
	}
	if (!country || !refdata_find(rq->rd, REF_COUNTRY, country)) {
		web_error(rq, rs, 404, "not_found", _("no such country"));
		goto out;
	}
	if (!web_need_object(rq, rs))
		goto out;
	const char *k;
	json_t *v;
	json_object_foreach(rq->json, k, v) {
		size_t i;
		for (i = 0; i < sizeof(set_members) / sizeof(set_members[0]) && strcmp(k, set_members[i]); i++)
			;
		if (i == sizeof(set_members) / sizeof(set_members[0]))
			field_errors_add(&fe, k, _("unknown member '%s'"), k);
	}
	json_t *year = json_object_get(rq->json, "year"), *placement = json_object_get(rq->json, "placement");
	json_t *waiver = json_object_get(rq->json, "waiver"), *source = json_object_get(rq->json, "source");
	json_t *exception = json_object_get(rq->json, "exception");
	if (!json_is_integer(year))
		field_errors_add(&fe, "year", "%s", _("'year' must be an integer"));
	if (!json_is_string(placement))
		field_errors_add(&fe, "placement", "%s", _("'placement' must be a string"));
	if (waiver && !json_is_boolean(waiver))
		field_errors_add(&fe, "waiver", "%s", _("'waiver' must be true or false"));
	if (source && !json_is_string(source))
		field_errors_add(&fe, "source", _("'%s' must be a string"), "source");
	if (exception && !json_is_string(exception))
		field_errors_add(&fe, "exception", _("'%s' must be a string"), "exception");
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	char ys[32];
	snprintf(ys, sizeof(ys), "%lld", (long long)json_integer_value(year));
	if (tier_record_parse(&r, country, ys, json_string_value(placement), json_is_true(waiver) ? "1" : "0",
		    source ? json_string_value(source) : "", exception ? json_string_value(exception) : "", rq->rd, &fe)) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	int rc = record_placement(rq, &r, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	send_history(rq, rs, country, rq->lang);
out:
	field_errors_release(&fe);
	tier_record_release(&r);
}

void api_tier_outlook(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct tier_outlook *v = NULL;
	size_t n = 0;
	struct mapo_error err;

	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_OUTLOOK)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the tier outlook"));
		goto out;
	}
	int year = query_year(rq, "year", TIER_YEAR_FIRST + 1, TIER_YEAR_LAST, &fe);
	if (!year && !fe.n)
		field_errors_add(&fe, "year", "%s", _("give the report year (year=YYYY)"));
	const char *country = web_query(rq, "country");
	if (country && !refdata_find(rq->rd, REF_COUNTRY, country))
		field_errors_add(&fe, "country", _("unknown country '%s'"), country);
	enum mapo_lang lang = api_lang(rq, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	int rc = compute_outlooks(rq, year, country, lang, &v, &n, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, tier_outlook_json(v, n));
out:
	free_outlooks(v, n);
	field_errors_release(&fe);
}

void api_tier_evidence(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct tier_evidence e;
	struct mapo_error err;

	tier_evidence_init(&e);
	mapo_error_clear(&err);
	if (!access_may_tier(&rq->who, TIER_ACCESS_EVIDENCE)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the statistics"));
		goto out;
	}
	int tip_year = query_year(rq, "tip_year", 1902, TIER_YEAR_LAST, &fe);
	if (!tip_year && !fe.n)
		field_errors_add(&fe, "tip_year", "%s", _("give the TIP year (tip_year=YYYY)"));
	enum mapo_lang lang = api_lang(rq, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	int rc = tier_evidence_compute(rq->db, rq->rd, tip_year, lang, &e, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, tier_evidence_json(&e));
out:
	tier_evidence_release(&e);
	field_errors_release(&fe);
}
