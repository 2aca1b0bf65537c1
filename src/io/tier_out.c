/* Tables, CSV and JSON for the tier history, outlooks and evidence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/tier_out.h"
#include "io/csv.h"
#include "io/tier_load.h"

json_t *tier_history_json(const struct tier_record *history, const struct tier_analysis *a)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < a->n; i++) {
		const struct tier_step *st = &a->v[i];
		const struct tier_record *r = &history[i];
		json_t *o = json_object();
		json_object_set_new(o, "country", json_string(a->country));
		json_object_set_new(o, "year", json_integer(st->year));
		json_object_set_new(o, "placement", json_string(tier_placement_code(st->placement)));
		json_object_set_new(o, "waiver", json_boolean(st->waiver));
		json_object_set_new(o, "waiver_inferred", json_boolean(st->waiver_inferred));
		json_object_set_new(o, "consecutive_watch_list_years", json_integer(st->run_years));
		json_object_set_new(o, "waivers_used", json_integer(st->waivers_used));
		json_object_set_new(o, "verdict", json_string(tier_verdict_code(st->verdict)));
		json_object_set_new(o, "explanation", json_string(st->explanation ? st->explanation : ""));
		json_object_set_new(o, "source", json_string(r->source ? r->source : ""));
		json_object_set_new(o, "exception", json_string(r->exception ? r->exception : ""));
		json_array_append_new(arr, o);
	}
	return arr;
}

int tier_history_write_csv(struct buf *out, const struct tier_record *history, size_t n)
{
	int rc = csv_write_row(out, tier_load_placement_columns, 6);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct tier_record *r = &history[i];
		char year[16];
		snprintf(year, sizeof(year), "%d", r->year);
		const char *row[6] = {r->country, year, tier_placement_code(r->placement), r->waiver ? "1" : "0",
			r->source ? r->source : "", r->exception ? r->exception : ""};
		rc = csv_write_row(out, row, 6);
	}
	return rc;
}

void tier_history_table(struct table *t, const struct tier_analysis *a, enum mapo_lang lang)
{
	const char *head[4] = {mapo_tr(lang, N_("Year")), mapo_tr(lang, N_("Placement")),
		mapo_tr(lang, N_("Waiver")), mapo_tr(lang, N_("What the rules say"))};
	table_init(t, head, 4);
	for (size_t i = 0; i < a->n; i++) {
		const struct tier_step *st = &a->v[i];
		char year[16];
		snprintf(year, sizeof(year), "%d", st->year);
		const char *waiver = st->waiver ? mapo_tr(lang, N_("recorded"))
			: st->waiver_inferred ? mapo_tr(lang, N_("inferred")) : "";
		const char *row[4] = {year, tier_placement_name(st->placement, lang), waiver,
			st->explanation ? st->explanation : ""};
		table_add_row(t, row);
	}
}

json_t *tier_outlook_json(const struct tier_outlook *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct tier_outlook *o = &v[i];
		json_t *j = json_object();
		json_object_set_new(j, "country", json_string(o->country));
		json_object_set_new(j, "year", json_integer(o->year));
		json_object_set_new(j, "previous_placement",
			o->previous == TIER_NONE ? json_null() : json_string(tier_placement_code(o->previous)));
		json_object_set_new(j, "consecutive_watch_list_years", json_integer(o->consecutive_watch_list_years));
		json_object_set_new(j, "counted_watch_list_years", json_integer(o->counted_watch_list_years));
		json_object_set_new(j, "waivers_used", json_integer(o->waivers_used));
		json_object_set_new(j, "waivers_allowed", json_integer(o->waivers_allowed));
		json_object_set_new(j, "outlook", json_string(tier_outlook_code(o->outlook)));
		json_object_set_new(j, "explanation", json_string(o->explanation ? o->explanation : ""));
		json_array_append_new(arr, j);
	}
	return arr;
}

void tier_outlook_table(struct table *t, const struct tier_outlook *v, size_t n, const struct refdata *rd,
	enum mapo_lang lang)
{
	const char *head[6] = {mapo_tr(lang, N_("Country")), mapo_tr(lang, N_("Name")),
		mapo_tr(lang, N_("Watch List years")), mapo_tr(lang, N_("Waivers used")),
		mapo_tr(lang, N_("Outlook")), mapo_tr(lang, N_("Explanation"))};
	table_init(t, head, 6);
	table_set_align(t, 2, TABLE_RIGHT);
	table_set_align(t, 3, TABLE_RIGHT);
	for (size_t i = 0; i < n; i++) {
		const struct tier_outlook *o = &v[i];
		char years[16], waivers[16];
		snprintf(years, sizeof(years), "%d", o->consecutive_watch_list_years);
		snprintf(waivers, sizeof(waivers), "%d", o->waivers_used);
		const char *row[6] = {o->country, rd ? refdata_name(rd, REF_COUNTRY, o->country, lang) : o->country,
			years, waivers, tier_outlook_name(o->outlook, lang), o->explanation ? o->explanation : ""};
		table_add_row(t, row);
	}
}

static json_t *period_json(mapo_date from, mapo_date to)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	date_format(from, a);
	date_format(to, b);
	json_t *o = json_object();
	json_object_set_new(o, "from", json_string(a));
	json_object_set_new(o, "to", json_string(b));
	return o;
}

json_t *tier_evidence_json(const struct tier_evidence *e)
{
	json_t *o = json_object(), *rows = json_array(), *q = json_object();
	json_object_set_new(o, "tip_year", json_integer(e->tip_year));
	json_object_set_new(o, "period", period_json(e->from, e->to));
	json_object_set_new(o, "previous_period", period_json(e->previous_from, e->previous_to));
	for (size_t i = 0; i < e->nrows; i++) {
		const struct tier_evidence_row *r = &e->rows[i];
		json_t *j = json_object();
		json_object_set_new(j, "section", json_string(tier_evidence_section_code(r->section)));
		json_object_set_new(j, "kind", json_string(case_kind_code(r->kind)));
		json_object_set_new(j, "key", json_string(r->key));
		json_object_set_new(j, "label", json_string(r->label));
		json_object_set_new(j, "previous", json_integer(r->previous));
		json_object_set_new(j, "current", json_integer(r->current));
		json_object_set_new(j, "trend", json_string(tier_trend_code(r->trend)));
		json_array_append_new(rows, j);
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(q, "records", json_integer(e->quality.records));
	json_object_set_new(q, "missing", json_integer(e->quality.missing));
	json_object_set_new(q, "missing_share", json_real(e->quality.missing_share));
	json_object_set_new(q, "previous_records", json_integer(e->previous_quality.records));
	json_object_set_new(q, "previous_missing", json_integer(e->previous_quality.missing));
	json_object_set_new(q, "previous_missing_share", json_real(e->previous_quality.missing_share));
	json_object_set_new(q, "trend", json_string(tier_trend_code(e->quality_trend)));
	json_object_set_new(o, "data_quality", q);
	return o;
}

/* "12.5%" (one decimal) of share, into out. */
static void percent(double share, char out[16])
{
	snprintf(out, 16, "%.1f%%", share * 100.0);
}

/* "1 April 2020 - 31 March 2021" style headings would need month names per language; the
 * ISO dates are unambiguous in both. */
static void period_heading(mapo_date from, mapo_date to, char out[32])
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	date_format(from, a);
	date_format(to, b);
	snprintf(out, 32, "%s..%s", a, b);
}

int tier_evidence_write_text(struct buf *out, const struct tier_evidence *e)
{
	enum mapo_lang lang = e->lang;
	char prev_head[32], cur_head[32];
	struct table t;
	int rc;

	period_heading(e->previous_from, e->previous_to, prev_head);
	period_heading(e->from, e->to, cur_head);
	const char *head[6] = {mapo_tr(lang, N_("Section")), mapo_tr(lang, N_("Kind")), mapo_tr(lang, N_("Figure")),
		prev_head, cur_head, mapo_tr(lang, N_("Trend"))};
	table_init(&t, head, 6);
	table_set_align(&t, 3, TABLE_RIGHT);
	table_set_align(&t, 4, TABLE_RIGHT);
	for (size_t i = 0; i < e->nrows; i++) {
		const struct tier_evidence_row *r = &e->rows[i];
		char p[32], c[32];
		fmt_count(r->previous, p);
		fmt_count(r->current, c);
		const char *row[6] = {tier_evidence_section_name(r->section, lang), case_kind_code(r->kind), r->label, p, c,
			tier_trend_name(r->trend, lang)};
		table_add_row(&t, row);
	}
	if ((rc = buf_printf(out, mapo_tr(lang, N_("Minimum-standards evidence for the %d TIP report\n\n")),
		     e->tip_year)) ||
	    (rc = table_write_text(out, &t)))
		goto out;
	char qp[16], qc[16], rp[32], rcur[32], mp[32], mc[32];
	percent(e->previous_quality.missing_share, qp);
	percent(e->quality.missing_share, qc);
	fmt_count(e->previous_quality.records, rp);
	fmt_count(e->quality.records, rcur);
	fmt_count(e->previous_quality.missing, mp);
	fmt_count(e->quality.missing, mc);
	rc = buf_printf(out,
		mapo_tr(lang, N_("\nData quality: %s of %s persons counted lack their sex or age (%s); the period "
				 "before: %s of %s (%s); change: %s\n")),
		mc, rcur, qc, mp, rp, qp, tier_trend_name(e->quality_trend, lang));
	if (!rc)
		rc = buf_addstr(out, mapo_tr(lang, N_("Sentences are not recorded in mapo.\n")));
out:
	table_release(&t);
	return rc;
}

int tier_evidence_write_csv(struct buf *out, const struct tier_evidence *e)
{
	static const char *const head[] = {"section", "kind", "key", "label", "previous", "current", "trend"};
	int rc = csv_write_row(out, head, 7);
	for (size_t i = 0; !rc && i < e->nrows; i++) {
		const struct tier_evidence_row *r = &e->rows[i];
		char p[32], c[32];
		snprintf(p, sizeof(p), "%lld", r->previous);
		snprintf(c, sizeof(c), "%lld", r->current);
		const char *row[7] = {tier_evidence_section_code(r->section), case_kind_code(r->kind), r->key, r->label, p,
			c, tier_trend_code(r->trend)};
		rc = csv_write_row(out, row, 7);
	}
	/* The score as two figures of its own section, so that the file stays one table. */
	const struct {
		const char *key, *label;
		long long previous, current;
	} q[2] = {
		{"records", mapo_tr(e->lang, N_("Persons counted")), e->previous_quality.records, e->quality.records},
		{"missing-sex-or-age", mapo_tr(e->lang, N_("Persons counted without sex or age")),
			e->previous_quality.missing, e->quality.missing},
	};
	for (size_t i = 0; !rc && i < 2; i++) {
		char p[32], c[32];
		snprintf(p, sizeof(p), "%lld", q[i].previous);
		snprintf(c, sizeof(c), "%lld", q[i].current);
		const char *trend = tier_trend_code(q[i].current > q[i].previous ? TIER_TREND_UP
			: q[i].current < q[i].previous ? TIER_TREND_DOWN : TIER_TREND_SAME);
		const char *row[7] = {"data-quality", "", q[i].key, q[i].label, p, c, trend};
		rc = csv_write_row(out, row, 7);
	}
	return rc;
}
