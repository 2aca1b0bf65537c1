/* The TIP report's tiers: records, the rules as data, the rules engine (analysis, outlook,
 * check) and the minimum-standards evidence. docs/internals/tier.md explains the reading of
 * 22 U.S.C. 7107(b)(2)(D) that the engine follows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tier.h"
#include "core/protection.h"
#include "core/stats.h"
#include "store/store_tier.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vocabularies ------------------------------------------------------------------------------ */

static const char *const placement_codes[TIER__COUNT] = {
	"tier-1", "tier-2", "tier-2-watch-list", "tier-3", "special-case",
};
static const char *const placement_names[TIER__COUNT] = {
	N_("Tier 1"), N_("Tier 2"), N_("Tier 2 Watch List"), N_("Tier 3"), N_("Special Case"),
};

const char *tier_placement_code(enum tier_placement p)
{
	return p >= 0 && p < TIER__COUNT ? placement_codes[p] : "";
}

enum tier_placement tier_placement_parse(const char *s)
{
	for (int i = 0; s && i < TIER__COUNT; i++)
		if (!strcmp(s, placement_codes[i]))
			return (enum tier_placement)i;
	return TIER_NONE;
}

const char *tier_placement_name(enum tier_placement p, enum mapo_lang lang)
{
	return p >= 0 && p < TIER__COUNT ? mapo_tr(lang, placement_names[p]) : "";
}

static const char *const verdict_codes[] = {"ok", "automatic-downgrade", "unexplained", "exception"};

const char *tier_verdict_code(enum tier_verdict v)
{
	return (size_t)v < NELEM(verdict_codes) ? verdict_codes[v] : "";
}

static const char *const outlook_codes[] = {"none", "waiver-required", "automatic-tier-3"};
static const char *const outlook_names[] = {
	N_("none"), N_("waiver required"), N_("automatic Tier 3"),
};

const char *tier_outlook_code(enum tier_outlook_kind k)
{
	return (size_t)k < NELEM(outlook_codes) ? outlook_codes[k] : "";
}

const char *tier_outlook_name(enum tier_outlook_kind k, enum mapo_lang lang)
{
	return (size_t)k < NELEM(outlook_names) ? mapo_tr(lang, outlook_names[k]) : "";
}

static const char *const trend_codes[] = {"same", "up", "down"};
static const char *const trend_names[] = {N_("same"), N_("up"), N_("down")};

const char *tier_trend_code(enum tier_trend t)
{
	return (size_t)t < NELEM(trend_codes) ? trend_codes[t] : "";
}

const char *tier_trend_name(enum tier_trend t, enum mapo_lang lang)
{
	return (size_t)t < NELEM(trend_names) ? mapo_tr(lang, trend_names[t]) : "";
}

static const char *const section_codes[TIER_EV__COUNT] = {
	"law-enforcement", "victims-by-form", "victims-by-sex", "victims-by-age-group", "victims-by-status",
	"protection-orders",
};
static const char *const section_names[TIER_EV__COUNT] = {
	N_("Law enforcement"), N_("Victims identified, by form of exploitation"),
	N_("Victims identified, by sex"), N_("Victims identified, by age group"),
	N_("Victims, by identification status"), N_("Protection orders started, by outcome"),
};

const char *tier_evidence_section_code(enum tier_evidence_section s)
{
	return s >= 0 && s < TIER_EV__COUNT ? section_codes[s] : "";
}

const char *tier_evidence_section_name(enum tier_evidence_section s, enum mapo_lang lang)
{
	return s >= 0 && s < TIER_EV__COUNT ? mapo_tr(lang, section_names[s]) : "";
}

/* ---- records ----------------------------------------------------------------------------------- */

void tier_record_init(struct tier_record *r)
{
	memset(r, 0, sizeof(*r));
	r->placement = TIER_NONE;
	r->source = xstrdup("");
	r->exception = xstrdup("");
}

void tier_record_release(struct tier_record *r)
{
	free(r->source);
	free(r->exception);
	r->source = NULL;
	r->exception = NULL;
}

void tier_record_set(struct tier_record *r, const char *country, int year, enum tier_placement p,
	bool waiver, const char *source, const char *exception)
{
	/* Copy first: source may point into r itself. */
	char *src = xstrdup(source ? source : "");
	char *exc = xstrdup(exception ? exception : "");
	snprintf(r->country, sizeof(r->country), "%s", country ? country : "");
	r->year = year;
	r->placement = p;
	r->waiver = waiver;
	free(r->source);
	free(r->exception);
	r->source = src;
	r->exception = exc;
}

static bool alpha3(const char *s)
{
	if (strlen(s) != 3)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

/* The checks of tier_record_validate; the country, year and placement ones only when the parser
 * did not report them already (country_ok, year_ok, placement_ok false). */
static size_t check_record(const struct tier_record *r, const struct refdata *rd, struct field_errors *errs,
	bool country_ok, bool year_ok, bool placement_ok)
{
	size_t before = errs->n;
	if (!country_ok)
		;
	else if (!alpha3(r->country))
		field_errors_add(errs, "country", _("'%s' is not an ISO 3166-1 alpha-3 code (3 capital letters)"),
			r->country);
	else if (rd && !refdata_find(rd, REF_COUNTRY, r->country))
		field_errors_add(errs, "country", _("unknown country '%s'"), r->country);
	if (!year_ok)
		;
	else if (r->year < TIER_YEAR_FIRST || r->year > TIER_YEAR_LAST)
		field_errors_add(errs, "year", _("report year %d is not from %d to %d"), r->year, TIER_YEAR_FIRST,
			TIER_YEAR_LAST);
	if (!placement_ok)
		;
	else if (r->placement < 0 || r->placement >= TIER__COUNT)
		field_errors_add(errs, "placement", "%s",
			_("unknown placement (use tier-1, tier-2, tier-2-watch-list, tier-3 or special-case)"));
	else if (r->waiver && r->placement != TIER_2_WATCH_LIST)
		field_errors_add(errs, "waiver", _("a waiver goes only with a Watch List placement, not %s"),
			tier_placement_code(r->placement));
	if (r->source && strpbrk(r->source, "\r\n"))
		field_errors_add(errs, "source", "%s", _("a line break in the source"));
	if (r->exception && strpbrk(r->exception, "\r\n"))
		field_errors_add(errs, "exception", "%s", _("a line break in the exception"));
	return errs->n - before;
}

size_t tier_record_validate(const struct tier_record *r, const struct refdata *rd,
	struct field_errors *errs)
{
	return check_record(r, rd, errs, true, true, true);
}

size_t tier_record_parse(struct tier_record *r, const char *country, const char *year, const char *placement,
	const char *waiver, const char *source, const char *exception, const struct refdata *rd,
	struct field_errors *errs)
{
	size_t before = errs->n;
	long long y = 0;
	bool year_ok = !parse_int(year, 0, 99999, &y);
	enum tier_placement p = tier_placement_parse(placement);
	bool waiver_ok = !strcmp(waiver, "0") || !strcmp(waiver, "1");

	bool country_ok = alpha3(country);

	if (!country_ok)
		field_errors_add(errs, "country", _("'%s' is not an ISO 3166-1 alpha-3 code (3 capital letters)"),
			country);
	if (!year_ok)
		field_errors_add(errs, "year", _("'%s' is not a report year"), year);
	if (p == TIER_NONE)
		field_errors_add(errs, "placement",
			_("unknown placement '%s' (use tier-1, tier-2, tier-2-watch-list, tier-3 or special-case)"),
			placement);
	if (!waiver_ok)
		field_errors_add(errs, "waiver", _("'%s' is not 0 or 1"), waiver);
	tier_record_set(r, country, (int)y, p, waiver_ok && waiver[0] == '1', source, exception);
	check_record(r, rd, errs, country_ok, year_ok, p != TIER_NONE);
	return errs->n - before;
}

void tier_list_init(struct tier_list *l)
{
	memset(l, 0, sizeof(*l));
}

void tier_list_release(struct tier_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		tier_record_release(&l->v[i]);
	free(l->v);
	tier_list_init(l);
}

void tier_list_add(struct tier_list *l, const struct tier_record *r)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct tier_record *copy = &l->v[l->n++];
	tier_record_init(copy);
	tier_record_set(copy, r->country, r->year, r->placement, r->waiver, r->source, r->exception);
}

static int compare_records(const void *pa, const void *pb)
{
	const struct tier_record *a = pa, *b = pb;
	int cmp = strcmp(a->country, b->country);
	if (cmp)
		return cmp;
	return (a->year > b->year) - (a->year < b->year);
}

void tier_list_sort(struct tier_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(l->v[0]), compare_records);
}

/* ---- rules ------------------------------------------------------------------------------------- */

void tier_rules_init(struct tier_rules *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void tier_rules_release(struct tier_rules *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->v[i].source);
	free(rs->v);
	tier_rules_init(rs);
}

void tier_rules_add(struct tier_rules *rs, const struct tier_rule *r)
{
	ALLOC_GROW(rs->v, rs->n + 1, rs->alloc);
	size_t at = rs->n;
	while (at > 0 && rs->v[at - 1].from_year > r->from_year)
		at--;
	memmove(&rs->v[at + 1], &rs->v[at], (rs->n - at) * sizeof(rs->v[0]));
	rs->v[at] = *r;
	rs->v[at].source = xstrdup(r->source ? r->source : "");
	rs->n++;
}

int tier_rules_validate(const struct tier_rules *rs, struct mapo_error *err)
{
	if (!rs->n)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("no version of the tier rules is given"));
	for (size_t i = 0; i < rs->n; i++) {
		const struct tier_rule *r = &rs->v[i];
		bool last = i + 1 == rs->n;
		if (r->from_year < TIER_YEAR_FIRST || r->from_year > TIER_YEAR_LAST ||
		    (r->to_year && (r->to_year < r->from_year || r->to_year > TIER_YEAR_LAST)))
			return mapo_error_set(err, MAPO_EINVAL, _("the tier rules from %d: the years are out of range"),
				r->from_year);
		if (!r->to_year && !last)
			return mapo_error_set(err, MAPO_EINVAL,
				_("the tier rules from %d have no end, but a later version follows"), r->from_year);
		if (!last && r->to_year + 1 != rs->v[i + 1].from_year)
			return mapo_error_set(err, MAPO_EINVAL,
				_("the tier rules from %d end in %d, but the next version begins in %d"), r->from_year,
				r->to_year, rs->v[i + 1].from_year);
		if (r->watch_list_years < 1 || r->max_waivers < 0)
			return mapo_error_set(err, MAPO_EINVAL,
				_("the tier rules from %d need at least 1 Watch List year and no negative number of waivers"),
				r->from_year);
	}
	return 0;
}

const struct tier_rule *tier_rules_find(const struct tier_rules *rs, int year)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct tier_rule *r = &rs->v[i];
		if (year >= r->from_year && (!r->to_year || year <= r->to_year))
			return r;
	}
	return NULL;
}

/* ---- the rules engine -------------------------------------------------------------------------- */

void tier_analysis_init(struct tier_analysis *a)
{
	memset(a, 0, sizeof(*a));
}

void tier_analysis_release(struct tier_analysis *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].explanation);
	free(a->v);
	tier_analysis_init(a);
}

/* Where the walk through a history stands after its last step. */
struct walk {
	const struct tier_rules *rs;
	enum mapo_lang lang;
	struct tier_analysis *a;
	int last_year;   /* 0 before the first step */
	int run_years;   /* the Watch List run ending at the last step */
	int counted;     /* its years that the rules count */
	int waivers;     /* its waivers, recorded or inferred */
	size_t run_first; /* the step that began it */
	long auto_step;  /* the automatic downgrade that began the Tier 3 stretch the walk is in, or
	                  * that the current run follows; -1 when none */
};

/* What the rules demand of a placement in year, given the walk so far. */
enum pressure {
	PRESSURE_NONE = 0,   /* the Watch List is open */
	PRESSURE_WAIVER,     /* the Watch List only with a waiver, and one remains */
	PRESSURE_NO_WAIVER,  /* the Watch List would need a waiver, and none remains */
	PRESSURE_ONE_YEAR,   /* one Watch List report after an automatic downgrade was used */
};

static enum pressure pressure_at(const struct walk *w, int year, const struct tier_rule **rule)
{
	const struct tier_rule *r = tier_rules_find(w->rs, year);
	*rule = r;
	if (!r || !r->auto_downgrade || w->run_years == 0 || w->last_year != year - 1)
		return PRESSURE_NONE;
	if (r->one_year_after_downgrade && w->auto_step >= 0)
		return PRESSURE_ONE_YEAR;
	if (w->counted < r->watch_list_years)
		return PRESSURE_NONE;
	return w->waivers < r->max_waivers ? PRESSURE_WAIVER : PRESSURE_NO_WAIVER;
}

/* Appends the steps first..last (inclusive) as "2018 Watch List, 2019 Watch List on a waiver". */
static void describe_steps(struct buf *b, const struct walk *w, size_t first, size_t last)
{
	enum mapo_lang lang = w->lang;
	for (size_t i = first; i <= last && i < w->a->n; i++) {
		const struct tier_step *st = &w->a->v[i];
		const struct tier_rule *r = tier_rules_find(w->rs, st->year);
		if (i > first)
			buf_addstr(b, ", ");
		if (st->placement == TIER_2_WATCH_LIST) {
			if (st->waiver)
				buf_printf(b, mapo_tr(lang, N_("%d Watch List on a waiver")), st->year);
			else if (st->waiver_inferred)
				buf_printf(b, mapo_tr(lang, N_("%d Watch List on a waiver (inferred)")), st->year);
			else if (!r || !r->auto_downgrade)
				buf_printf(b, mapo_tr(lang, N_("%d Watch List (not counted)")), st->year);
			else
				buf_printf(b, mapo_tr(lang, N_("%d Watch List")), st->year);
		} else if (st->placement == TIER_3 && st->verdict == TIER_VERDICT_AUTO_DOWNGRADE) {
			buf_printf(b, mapo_tr(lang, N_("%d Tier 3 by automatic downgrade")), st->year);
		} else {
			buf_printf(b, "%d %s", st->year, tier_placement_name(st->placement, lang));
		}
	}
}

/* The steps an explanation rests on: from the automatic downgrade before the run (one-year rule)
 * or the run's first year, to the last step. Appends them and ": ", or nothing when none. */
static void describe_context(struct buf *b, const struct walk *w, enum pressure p)
{
	if (!w->a->n || !w->last_year)
		return;
	size_t last = w->a->n - 1;
	size_t first = last + 1;
	if (p == PRESSURE_ONE_YEAR && w->auto_step >= 0)
		first = (size_t)w->auto_step;
	else if (w->run_years > 0)
		first = w->run_first;
	if (first > last)
		return;
	describe_steps(b, w, first, last);
	buf_addstr(b, ": ");
}

/* Judges the record r (the walk's next year) and appends its step. */
static void walk_step(struct walk *w, const struct tier_record *r)
{
	enum mapo_lang lang = w->lang;
	struct buf expl = BUF_INIT;
	const struct tier_rule *rule;

	if (w->last_year && r->year != w->last_year + 1) {
		/* A year without a placement ends the run as a year off the list does. */
		w->run_years = w->counted = w->waivers = 0;
		w->auto_step = -1;
	}
	enum pressure p = pressure_at(w, r->year, &rule);
	struct tier_step st;
	memset(&st, 0, sizeof(st));
	st.year = r->year;
	st.placement = r->placement;
	st.waiver = r->waiver;
	st.verdict = TIER_VERDICT_OK;
	bool contiguous = w->last_year && r->year == w->last_year + 1;
	enum tier_placement prev = contiguous && w->a->n ? w->a->v[w->a->n - 1].placement : TIER_NONE;

	switch (r->placement) {
	case TIER_2_WATCH_LIST:
		if (p == PRESSURE_ONE_YEAR) {
			describe_context(&expl, w, p);
			buf_printf(&expl,
				mapo_tr(lang, N_("after an automatic downgrade a country may stay on the Watch List for "
						 "one report only, so the %d placement on the Watch List is not allowed by law")),
				r->year);
			st.verdict = TIER_VERDICT_UNEXPLAINED;
		} else if (p == PRESSURE_NO_WAIVER) {
			describe_context(&expl, w, p);
			buf_printf(&expl,
				mapo_tr(lang, N_("no waiver remains, so the %d placement on the Watch List is not allowed by law")),
				r->year);
			st.verdict = TIER_VERDICT_UNEXPLAINED;
		} else if (p == PRESSURE_WAIVER) {
			st.waiver_inferred = !r->waiver;
			describe_context(&expl, w, p);
			buf_printf(&expl,
				mapo_tr(lang, N_("the %d placement on the Watch List needs a waiver (waivers used: %d of %d)")),
				r->year, w->waivers + 1, rule->max_waivers);
			if (st.waiver_inferred)
				buf_addstr(&expl, mapo_tr(lang, N_("; the data records none, so one is inferred")));
		} else if (r->waiver) {
			buf_printf(&expl, mapo_tr(lang, N_("a waiver is recorded for %d, but the rules did not require one")),
				r->year);
			st.verdict = TIER_VERDICT_UNEXPLAINED;
		}
		if (w->run_years == 0 || !contiguous) {
			w->run_years = w->counted = w->waivers = 0;
			w->run_first = w->a->n;
			if (prev != TIER_3)
				w->auto_step = -1;
		}
		w->run_years++;
		if (rule && rule->auto_downgrade)
			w->counted++;
		if (p == PRESSURE_WAIVER || (p == PRESSURE_NO_WAIVER && r->waiver))
			w->waivers++;
		break;
	case TIER_3:
		if (p != PRESSURE_NONE) {
			describe_context(&expl, w, p);
			const char *why = p == PRESSURE_ONE_YEAR
				? N_("the Watch List was allowed for one report only, so the %d placement on Tier 3 is an automatic downgrade")
				: p == PRESSURE_NO_WAIVER
				? N_("no waiver remains, so the %d placement on Tier 3 is an automatic downgrade")
				: N_("no waiver was granted, so the %d placement on Tier 3 is an automatic downgrade");
			buf_printf(&expl, mapo_tr(lang, why), r->year);
			st.verdict = TIER_VERDICT_AUTO_DOWNGRADE;
			w->auto_step = (long)w->a->n;
		} else if (prev != TIER_3) {
			w->auto_step = -1;
		}
		w->run_years = w->counted = w->waivers = 0;
		break;
	default:
		if (p != PRESSURE_NONE) {
			describe_context(&expl, w, p);
			buf_printf(&expl, mapo_tr(lang, N_("the %d placement (%s) is off the Watch List, which ends the run")),
				r->year, tier_placement_name(r->placement, lang));
		}
		w->run_years = w->counted = w->waivers = 0;
		w->auto_step = -1;
		break;
	}

	if (r->exception && *r->exception) {
		if (st.verdict == TIER_VERDICT_UNEXPLAINED) {
			st.verdict = TIER_VERDICT_EXCEPTION;
			buf_printf(&expl, mapo_tr(lang, N_("; recorded exception: %s")), r->exception);
		} else {
			buf_reset(&expl);
			buf_printf(&expl,
				mapo_tr(lang, N_("an exception is recorded for %d, but the rules explain the placement")),
				r->year);
			st.verdict = TIER_VERDICT_UNEXPLAINED;
		}
	}
	st.run_years = r->placement == TIER_2_WATCH_LIST ? w->run_years : 0;
	st.counted_years = r->placement == TIER_2_WATCH_LIST ? w->counted : 0;
	st.waivers_used = r->placement == TIER_2_WATCH_LIST ? w->waivers : 0;
	st.explanation = buf_detach(&expl);
	ALLOC_GROW(w->a->v, w->a->n + 1, w->a->alloc);
	w->a->v[w->a->n++] = st;
	w->last_year = r->year;
}

static int walk_history(struct walk *w, const struct tier_record *history, size_t n, int before_year,
	struct mapo_error *err)
{
	w->last_year = 0;
	w->run_years = w->counted = w->waivers = 0;
	w->run_first = 0;
	w->auto_step = -1;
	if (n)
		snprintf(w->a->country, sizeof(w->a->country), "%s", history[0].country);
	for (size_t i = 0; i < n; i++) {
		const struct tier_record *r = &history[i];
		if (strcmp(r->country, history[0].country))
			return mapo_error_set(err, MAPO_EINVAL, _("a history holds placements of %s and %s"),
				history[0].country, r->country);
		if (i && r->year <= history[i - 1].year)
			return mapo_error_set(err, MAPO_EINVAL, _("%s: the placements are not in year order at %d"),
				r->country, r->year);
		if (before_year && r->year >= before_year)
			break;
		walk_step(w, r);
	}
	return 0;
}

int tier_analyse(const struct tier_record *history, size_t n, const struct tier_rules *rs,
	enum mapo_lang lang, struct tier_analysis *out, struct mapo_error *err)
{
	struct walk w = {.rs = rs, .lang = lang, .a = out};
	tier_analysis_release(out);
	return walk_history(&w, history, n, 0, err);
}

void tier_outlook_init(struct tier_outlook *o)
{
	memset(o, 0, sizeof(*o));
	o->previous = TIER_NONE;
}

void tier_outlook_release(struct tier_outlook *o)
{
	free(o->explanation);
	o->explanation = NULL;
}

int tier_outlook_compute(const struct tier_record *history, size_t n, const struct tier_rules *rs,
	int year, enum mapo_lang lang, struct tier_outlook *out, struct mapo_error *err)
{
	struct tier_analysis a;
	struct walk w = {.rs = rs, .lang = lang, .a = &a};
	struct buf expl = BUF_INIT;
	const struct tier_rule *rule;
	int rc;

	tier_outlook_release(out);
	tier_outlook_init(out);
	if (year <= TIER_YEAR_FIRST || year > TIER_YEAR_LAST)
		return mapo_error_set(err, MAPO_EINVAL, _("report year %d is not from %d to %d"), year,
			TIER_YEAR_FIRST + 1, TIER_YEAR_LAST);
	tier_analysis_init(&a);
	if ((rc = walk_history(&w, history, n, year, err)))
		goto out;
	snprintf(out->country, sizeof(out->country), "%s", n ? history[0].country : "");
	out->year = year;
	enum pressure p = pressure_at(&w, year, &rule);
	if (w.last_year == year - 1) {
		out->previous = a.v[a.n - 1].placement;
		out->consecutive_watch_list_years = w.run_years;
		out->counted_watch_list_years = w.counted;
		out->waivers_used = w.waivers;
	}
	out->waivers_allowed = rule && rule->auto_downgrade ? rule->max_waivers : 0;

	if (out->previous == TIER_NONE) {
		buf_printf(&expl, mapo_tr(lang, N_("no placement is recorded for %d, so the rules say nothing of %d")),
			year - 1, year);
	} else if (out->previous != TIER_2_WATCH_LIST) {
		buf_printf(&expl, mapo_tr(lang, N_("%d %s: not on the Watch List, so no automatic downgrade applies in %d")),
			year - 1, tier_placement_name(out->previous, lang), year);
	} else if (!rule || !rule->auto_downgrade) {
		describe_context(&expl, &w, p);
		buf_printf(&expl, mapo_tr(lang, N_("the rules for the %d report have no automatic downgrade")), year);
	} else {
		describe_context(&expl, &w, p);
		switch (p) {
		case PRESSURE_ONE_YEAR:
			out->outlook = TIER_OUTLOOK_AUTOMATIC_TIER_3;
			buf_printf(&expl,
				mapo_tr(lang, N_("after an automatic downgrade a country may stay on the Watch List for one "
						 "report only, so a %d placement below Tier 2 is Tier 3 by law")),
				year);
			break;
		case PRESSURE_NO_WAIVER:
			out->outlook = TIER_OUTLOOK_AUTOMATIC_TIER_3;
			buf_printf(&expl,
				mapo_tr(lang, N_("no waiver remains, so a %d placement below Tier 2 is Tier 3 by law")), year);
			break;
		case PRESSURE_WAIVER:
			out->outlook = TIER_OUTLOOK_WAIVER_REQUIRED;
			buf_printf(&expl,
				mapo_tr(lang, N_("a %d placement below Tier 2 is Tier 3 by law unless a waiver is granted "
						 "(waivers used: %d of %d)")),
				year, w.waivers, rule->max_waivers);
			break;
		case PRESSURE_NONE:
			buf_printf(&expl,
				mapo_tr(lang, N_("%d of %d Watch List years counted, so a %d placement on the Watch List "
						 "needs no waiver")),
				w.counted, rule->watch_list_years, year);
			break;
		}
	}
	out->explanation = buf_detach(&expl);
out:
	buf_release(&expl);
	tier_analysis_release(&a);
	return rc;
}

/* ---- the store side ---------------------------------------------------------------------------- */

int tier_placements_write(store *s, const struct tier_list *l, struct mapo_error *err)
{
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < l->n; i++)
		if ((rc = store_tier_put(s, &l->v[i], err))) {
			store_rollback(s);
			return rc;
		}
	return store_commit(s, err);
}

static int collect_record(const struct tier_record *r, void *arg)
{
	tier_list_add(arg, r);
	return 0;
}

int tier_placements_read(store *s, const char *country, struct tier_list *out, struct mapo_error *err)
{
	tier_list_release(out);
	return store_tier_list(s, country, collect_record, out, err);
}

int tier_rules_write(store *s, const struct tier_rules *rs, struct mapo_error *err)
{
	int rc = tier_rules_validate(rs, err);
	return rc ? rc : store_tier_rules_replace(s, rs, err);
}

int tier_rules_read(store *s, struct tier_rules *out, struct mapo_error *err)
{
	tier_rules_release(out);
	int rc = store_tier_rules_load(s, out, err);
	if (!rc && !out->n)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, "%s",
			_("the database holds no tier rules; run 'mapo init' to load them"));
	return rc;
}

/* The end (exclusive) of the run of records of the country that begins at i. */
static size_t country_end(const struct tier_list *l, size_t i)
{
	size_t j = i;
	while (j < l->n && !strcmp(l->v[j].country, l->v[i].country))
		j++;
	return j;
}

int tier_check(store *s, const struct tier_rules *rs, const char *country, enum mapo_lang lang,
	tier_finding_cb cb, void *arg, struct tier_check_totals *totals, struct mapo_error *err)
{
	struct tier_list all = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_check_totals t;
	int rc;

	memset(&t, 0, sizeof(t));
	tier_analysis_init(&a);
	if ((rc = tier_placements_read(s, country, &all, err)))
		goto out;
	for (size_t i = 0; i < all.n;) {
		size_t end = country_end(&all, i);
		if ((rc = tier_analyse(&all.v[i], end - i, rs, lang, &a, err)))
			goto out;
		t.countries++;
		for (size_t k = 0; k < a.n; k++) {
			const struct tier_step *st = &a.v[k];
			t.placements++;
			t.waivers_recorded += st->waiver;
			t.waivers_inferred += st->waiver_inferred;
			t.auto_downgrades += st->verdict == TIER_VERDICT_AUTO_DOWNGRADE;
			if (st->verdict != TIER_VERDICT_UNEXPLAINED && st->verdict != TIER_VERDICT_EXCEPTION)
				continue;
			if (st->verdict == TIER_VERDICT_UNEXPLAINED)
				t.unexplained++;
			else
				t.exceptions++;
			struct tier_finding f = {.year = st->year, .placement = st->placement, .verdict = st->verdict,
				.explanation = st->explanation};
			snprintf(f.country, sizeof(f.country), "%s", a.country);
			if (cb && (rc = cb(&f, arg)))
				goto out;
		}
		i = end;
	}
out:
	if (totals)
		*totals = t;
	tier_analysis_release(&a);
	tier_list_release(&all);
	return rc;
}

int tier_outlook_all(store *s, const struct tier_rules *rs, int year, enum mapo_lang lang,
	struct tier_outlook **out, size_t *n, struct mapo_error *err)
{
	struct tier_list all = TIER_LIST_INIT;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = tier_placements_read(s, NULL, &all, err)))
		goto out;
	for (size_t i = 0; i < all.n;) {
		size_t end = country_end(&all, i);
		bool listed = false;
		for (size_t k = i; k < end; k++)
			if (all.v[k].year == year - 1 && all.v[k].placement == TIER_2_WATCH_LIST)
				listed = true;
		if (listed) {
			ALLOC_GROW(*out, *n + 1, alloc);
			tier_outlook_init(&(*out)[*n]);
			rc = tier_outlook_compute(&all.v[i], end - i, rs, year, lang, &(*out)[*n], err);
			(*n)++;
			if (rc)
				goto out;
		}
		i = end;
	}
out:
	tier_list_release(&all);
	return rc;
}

/* ---- evidence ---------------------------------------------------------------------------------- */

void tier_evidence_init(struct tier_evidence *e)
{
	memset(e, 0, sizeof(*e));
}

void tier_evidence_release(struct tier_evidence *e)
{
	for (size_t i = 0; i < e->nrows; i++) {
		free(e->rows[i].key);
		free(e->rows[i].label);
	}
	free(e->rows);
	tier_evidence_init(e);
}

static enum tier_trend trend_of(double previous, double current)
{
	return current > previous ? TIER_TREND_UP : current < previous ? TIER_TREND_DOWN : TIER_TREND_SAME;
}

static void add_evidence(struct tier_evidence *e, enum tier_evidence_section section, enum case_kind kind,
	const char *key, char *label, long long previous, long long current)
{
	ALLOC_GROW(e->rows, e->nrows + 1, e->alloc);
	struct tier_evidence_row *row = &e->rows[e->nrows++];
	row->section = section;
	row->kind = kind;
	row->key = xstrdup(key);
	row->label = label;
	row->previous = previous;
	row->current = current;
	row->trend = trend_of((double)previous, (double)current);
}

/* One period's tallies: totals and cases by status; victims by form; persons by sex and age. */
struct period {
	struct stats_result by_status, by_form, by_person;
};

static void period_init(struct period *p)
{
	stats_result_init(&p->by_status);
	stats_result_init(&p->by_form);
	stats_result_init(&p->by_person);
}

static void period_release(struct period *p)
{
	stats_result_release(&p->by_status);
	stats_result_release(&p->by_form);
	stats_result_release(&p->by_person);
}

static int period_run(store *s, const struct refdata *rd, mapo_date from, mapo_date to, enum mapo_lang lang,
	struct period *p, struct mapo_error *err)
{
	struct stats_query q;
	int rc;

	stats_query_init(&q);
	q.from = from;
	q.to = to;
	q.ndims = 1;
	q.dims[0] = DIM_STATUS;
	if ((rc = stats_run(s, rd, &q, lang, &p->by_status, err)))
		return rc;
	q.dims[0] = DIM_FORM;
	if ((rc = stats_run(s, rd, &q, lang, &p->by_form, err)))
		return rc;
	q.ndims = 2;
	q.dims[0] = DIM_SEX;
	q.dims[1] = DIM_AGE_GROUP;
	return stats_run(s, rd, &q, lang, &p->by_person, err);
}

/* Cases of kind with one of the statuses (NULL-terminated codes). */
static long long cases_with_status(const struct stats_result *r, enum case_kind kind, const char *const *statuses)
{
	long long n = 0;
	for (size_t i = 0; i < r->nrows; i++)
		for (const char *const *st = statuses; *st; st++)
			if (!strcmp(r->rows[i].keys[0], *st))
				n += kind == KIND_TIP ? r->rows[i].m.tip_cases : r->rows[i].m.som_cases;
	return n;
}

/* Victims under key in dimension dim (0 or 1) of r. */
static long long victims_under(const struct stats_result *r, size_t dim, const char *key)
{
	long long n = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].keys[dim], key))
			n += r->rows[i].m.victims_rescued;
	return n;
}

static void quality_of(const struct period *p, struct tier_quality *q)
{
	const struct stats_measures *t = &p->by_person.totals;
	q->records = t->tip_arrests + t->som_arrests + t->victims_rescued;
	q->missing = 0;
	for (size_t i = 0; i < p->by_person.nrows; i++) {
		const struct stats_row *row = &p->by_person.rows[i];
		if (!strcmp(row->keys[0], "U") || !strcmp(row->keys[1], "unknown") || !*row->keys[0] || !*row->keys[1])
			q->missing += row->m.tip_arrests + row->m.som_arrests + row->m.victims_rescued;
	}
	q->missing_share = q->records ? (double)q->missing / (double)q->records : 0.0;
}

/* Adds key to keys unless it is there or empty. */
static void add_key(struct strvec *keys, const char *key)
{
	if (*key && !strvec_has(keys, key))
		strvec_push(keys, key);
}

/* Victims by identification status and protection orders by outcome, both periods: every known
 * status and outcome (then any other key the records hold), zeros included. */
static int protection_evidence(store *s, struct tier_evidence *e, enum mapo_lang lang, struct mapo_error *err)
{
	static const enum victim_dim dims[] = {VDIM_STATUS, VDIM_OUTCOME};
	static const enum tier_evidence_section sections[] = {TIER_EV_VICTIMS_BY_STATUS, TIER_EV_ORDERS_BY_OUTCOME};
	int rc = 0;
	for (size_t d = 0; !rc && d < NELEM(dims); d++) {
		struct victim_counts cur = VICTIM_COUNTS_INIT, prev = VICTIM_COUNTS_INIT;
		struct strvec keys = STRVEC_INIT;
		if (dims[d] == VDIM_STATUS) {
			for (int t = TSTATUS_POSSIBLE; t < TSTATUS__COUNT; t++)
				add_key(&keys, trafficking_status_code((enum trafficking_status)t));
		} else {
			add_key(&keys, "running");
			for (int o = 0; o < OUTCOME__COUNT; o++)
				add_key(&keys, order_outcome_code((enum order_outcome)o));
		}
		rc = protect_victim_counts(s, NULL, e->from, e->to, dims[d], &cur, err);
		if (!rc)
			rc = protect_victim_counts(s, NULL, e->previous_from, e->previous_to, dims[d], &prev, err);
		/* "" (a victim without a status) stays: the section adds up to the victims counted */
		for (size_t i = 0; !rc && i < cur.keys.n + prev.keys.n; i++) {
			const char *k = i < cur.keys.n ? cur.keys.v[i] : prev.keys.v[i - cur.keys.n];
			if (!strvec_has(&keys, k))
				strvec_push(&keys, k);
		}
		for (size_t i = 0; !rc && i < keys.n; i++) {
			const char *k = keys.v[i];
			add_evidence(e, sections[d], KIND_TIP, k, xstrdup(protect_victim_key_label(dims[d], k, lang)),
				victim_counts_of(&prev, k), victim_counts_of(&cur, k));
		}
		strvec_release(&keys);
		victim_counts_release(&cur);
		victim_counts_release(&prev);
	}
	return rc;
}

int tier_evidence_compute(store *s, const struct refdata *rd, int tip_year, enum mapo_lang lang,
	struct tier_evidence *out, struct mapo_error *err)
{
	static const char *const prosecuted[] = {"charged", "convicted", "acquitted", NULL};
	static const char *const convicted[] = {"convicted", NULL};
	static const char *const acquitted[] = {"acquitted", NULL};
	static const char *const sexes[] = {"F", "M", "U"};
	static const char *const ages[] = {"child", "adult", "unknown"};
	struct period cur, prev;
	struct strvec forms = STRVEC_INIT;
	int rc;

	tier_evidence_release(out);
	out->tip_year = tip_year;
	out->lang = lang;
	period_init(&cur);
	period_init(&prev);
	/* The period before is tip_year - 1's, which stats_tip_year takes from 1901. */
	if (tip_year < 1902 || tip_year > TIER_YEAR_LAST) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("TIP report year %d is not between %d and %d"), tip_year, 1902,
			TIER_YEAR_LAST);
		goto out;
	}
	if ((rc = stats_tip_year(tip_year, &out->from, &out->to, err)) ||
	    (rc = stats_tip_year(tip_year - 1, &out->previous_from, &out->previous_to, err)))
		goto out;
	if ((rc = period_run(s, rd, out->from, out->to, lang, &cur, err)) ||
	    (rc = period_run(s, rd, out->previous_from, out->previous_to, lang, &prev, err)))
		goto out;

	/* Law enforcement, TIP and SOM apart. */
	for (enum case_kind kind = KIND_TIP; kind <= KIND_SOM; kind++) {
		const struct stats_measures *c = &cur.by_status.totals, *p = &prev.by_status.totals;
		bool tip = kind == KIND_TIP;
		add_evidence(out, TIER_EV_ENFORCEMENT, kind, "investigations",
			xstrdup(mapo_tr(lang, N_("Investigations (cases with action taken)"))),
			tip ? p->tip_cases : p->som_cases, tip ? c->tip_cases : c->som_cases);
		add_evidence(out, TIER_EV_ENFORCEMENT, kind, "arrests", xstrdup(mapo_tr(lang, N_("Persons arrested"))),
			tip ? p->tip_arrests : p->som_arrests, tip ? c->tip_arrests : c->som_arrests);
		add_evidence(out, TIER_EV_ENFORCEMENT, kind, "prosecutions",
			xstrdup(mapo_tr(lang, N_("Prosecutions (cases charged, convicted or acquitted)"))),
			cases_with_status(&prev.by_status, kind, prosecuted), cases_with_status(&cur.by_status, kind, prosecuted));
		add_evidence(out, TIER_EV_ENFORCEMENT, kind, "convictions",
			xstrdup(mapo_tr(lang, N_("Convictions (cases)"))),
			cases_with_status(&prev.by_status, kind, convicted), cases_with_status(&cur.by_status, kind, convicted));
		add_evidence(out, TIER_EV_ENFORCEMENT, kind, "acquittals",
			xstrdup(mapo_tr(lang, N_("Acquittals (cases)"))),
			cases_with_status(&prev.by_status, kind, acquitted), cases_with_status(&cur.by_status, kind, acquitted));
		if (tip) {
			add_evidence(out, TIER_EV_ENFORCEMENT, kind, "forced-labour-cases",
				xstrdup(mapo_tr(lang, N_("Forced-labour cases"))), p->tip_forced_labour_cases,
				c->tip_forced_labour_cases);
			add_evidence(out, TIER_EV_ENFORCEMENT, kind, "victims-identified",
				xstrdup(mapo_tr(lang, N_("Victims identified (rescued)"))), p->victims_rescued,
				c->victims_rescued);
		}
	}

	/* Victims are persons in TIP cases only: by every known form, then any other key found. */
	for (size_t i = 0; i < rd->n[REF_FORM]; i++)
		add_key(&forms, rd->items[REF_FORM][i].code);
	for (size_t i = 0; i < cur.by_form.nrows; i++)
		add_key(&forms, cur.by_form.rows[i].keys[0]);
	for (size_t i = 0; i < prev.by_form.nrows; i++)
		add_key(&forms, prev.by_form.rows[i].keys[0]);
	for (size_t i = 0; i < forms.n; i++)
		add_evidence(out, TIER_EV_VICTIMS_BY_FORM, KIND_TIP, forms.v[i],
			stats_key_label(rd, DIM_FORM, forms.v[i], lang), victims_under(&prev.by_form, 0, forms.v[i]),
			victims_under(&cur.by_form, 0, forms.v[i]));
	for (size_t i = 0; i < NELEM(sexes); i++)
		add_evidence(out, TIER_EV_VICTIMS_BY_SEX, KIND_TIP, sexes[i], stats_key_label(rd, DIM_SEX, sexes[i], lang),
			victims_under(&prev.by_person, 0, sexes[i]), victims_under(&cur.by_person, 0, sexes[i]));
	for (size_t i = 0; i < NELEM(ages); i++)
		add_evidence(out, TIER_EV_VICTIMS_BY_AGE, KIND_TIP, ages[i],
			stats_key_label(rd, DIM_AGE_GROUP, ages[i], lang), victims_under(&prev.by_person, 1, ages[i]),
			victims_under(&cur.by_person, 1, ages[i]));

	if ((rc = protection_evidence(s, out, lang, err)))
		goto out;

	quality_of(&cur, &out->quality);
	quality_of(&prev, &out->previous_quality);
	out->quality_trend = trend_of(out->previous_quality.missing_share, out->quality.missing_share);
out:
	strvec_release(&forms);
	period_release(&cur);
	period_release(&prev);
	return rc;
}
