/* Tests of src/core/tier.c, src/store/sqlite_tier.c, src/io/tier_load.c and src/io/tier_out.c:
 * the rules engine under the shipped rules (Malaysia's automatic downgrades of 2014 and 2021, its
 * 2024 outlook, upgrades, the waiver limits of both rule versions, the one-year rule, runs broken
 * by a year off the list or a missing year), the whole-history check of the shipped data, the
 * store, the file loaders' bad input, and the evidence's figures and data-quality score. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tier.h"
#include "core_fixture.h"
#include "io/refload.h"
#include "io/tier_load.h"
#include "io/tier_out.h"
#include "store/store_tier.h"

static struct tier_rules shipped_rules;

static char *data_path(const char *file)
{
	return xasprintf("%s/%s", refload_datadir(), file);
}

static int setup(void **state)
{
	(void)state;
	struct mapo_error err;
	core_fx_env();
	tier_rules_init(&shipped_rules);
	char *path = data_path(TIER_FILE_RULES);
	int rc = tier_load_rules(path, &shipped_rules, NULL, &err);
	if (rc)
		fprintf(stderr, "%s: %s\n", path, err.msg);
	free(path);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	tier_rules_release(&shipped_rules);
	return 0;
}

/* A history written as one letter per year from first: 1, 2, W (Watch List), w (Watch List on
 * a recorded waiver), 3, S (special case), '.' (no placement that year). */
static void history(struct tier_list *l, const char *country, int first, const char *letters)
{
	tier_list_release(l);
	for (size_t i = 0; letters[i]; i++) {
		enum tier_placement p;
		switch (letters[i]) {
		case '1': p = TIER_1; break;
		case '2': p = TIER_2; break;
		case 'W':
		case 'w': p = TIER_2_WATCH_LIST; break;
		case '3': p = TIER_3; break;
		case 'S': p = TIER_SPECIAL_CASE; break;
		default: continue;
		}
		struct tier_record r;
		tier_record_init(&r);
		tier_record_set(&r, country, first + (int)i, p, letters[i] == 'w', "test", "");
		tier_list_add(l, &r);
		tier_record_release(&r);
	}
}

/* Malaysia's history as shipped in data/tiers.csv. */
static void malaysia(struct tier_list *l)
{
	struct tier_list all = TIER_LIST_INIT;
	struct refdata rd;
	struct mapo_error err;
	char *path = data_path(TIER_FILE_PLACEMENTS);
	refdata_init(&rd);
	refdata_add(&rd, REF_COUNTRY, "MYS", "Malaysia", "Malaysia", "MY");
	/* Only Malaysia is known here, so every other row is a problem: read them all anyway. */
	struct strvec problems = STRVEC_INIT;
	tier_load_placements(path, &rd, &all, &problems, &err);
	tier_list_release(l);
	for (size_t i = 0; i < all.n; i++)
		if (!strcmp(all.v[i].country, "MYS"))
			tier_list_add(l, &all.v[i]);
	tier_list_sort(l);
	strvec_release(&problems);
	refdata_release(&rd);
	tier_list_release(&all);
	free(path);
}

static const struct tier_step *step(const struct tier_analysis *a, int year)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].year == year)
			return &a->v[i];
	fail_msg("no step for %d", year);
	return NULL;
}

static void analyse(const struct tier_list *l, struct tier_analysis *a)
{
	struct mapo_error err;
	if (tier_analyse(l->v, l->n, &shipped_rules, LANG_EN, a, &err))
		fail_msg("analyse: %s", err.msg);
}

static void outlook(const struct tier_list *l, int year, struct tier_outlook *o)
{
	struct mapo_error err;
	if (tier_outlook_compute(l->v, l->n, &shipped_rules, year, LANG_EN, o, &err))
		fail_msg("outlook %d: %s", year, err.msg);
}

/* Every step but the listed years is explained (ok or an automatic downgrade). */
static void assert_explained_except(const struct tier_analysis *a, const int *years, size_t n)
{
	for (size_t i = 0; i < a->n; i++) {
		bool listed = false;
		for (size_t k = 0; k < n; k++)
			listed |= years[k] == a->v[i].year;
		bool bad = a->v[i].verdict == TIER_VERDICT_UNEXPLAINED;
		if (bad != listed)
			fail_msg("%d: verdict %s (%s)", a->v[i].year, tier_verdict_code(a->v[i].verdict),
				a->v[i].explanation);
	}
}

/* ---- vocabularies and rules ------------------------------------------------------------------- */

static void test_codes(void **state)
{
	(void)state;
	static const char *const codes[] = {"tier-1", "tier-2", "tier-2-watch-list", "tier-3", "special-case"};
	for (int p = 0; p < TIER__COUNT; p++) {
		assert_string_equal(tier_placement_code((enum tier_placement)p), codes[p]);
		assert_int_equal(tier_placement_parse(codes[p]), p);
	}
	assert_int_equal(tier_placement_parse("Watchlist"), TIER_NONE);
	assert_int_equal(tier_placement_parse("tier-2 "), TIER_NONE);
	assert_int_equal(tier_placement_parse(NULL), TIER_NONE);
	assert_string_equal(tier_placement_name(TIER_2_WATCH_LIST, LANG_EN), "Tier 2 Watch List");
	assert_string_equal(tier_placement_name(TIER_2_WATCH_LIST, LANG_MS), "Senarai Pemerhatian Tahap 2");
	assert_string_equal(tier_outlook_code(TIER_OUTLOOK_AUTOMATIC_TIER_3), "automatic-tier-3");
	assert_string_equal(tier_outlook_code(TIER_OUTLOOK_WAIVER_REQUIRED), "waiver-required");
	assert_string_equal(tier_outlook_code(TIER_OUTLOOK_NONE), "none");
}

static void test_shipped_rules(void **state)
{
	(void)state;
	const struct tier_rule *r;
	assert_null(tier_rules_find(&shipped_rules, 2000));
	r = tier_rules_find(&shipped_rules, 2008);
	assert_non_null(r);
	assert_false(r->auto_downgrade);
	r = tier_rules_find(&shipped_rules, 2009);
	assert_true(r->auto_downgrade);
	assert_int_equal(r->watch_list_years, 2);
	assert_int_equal(r->max_waivers, 2);
	assert_false(r->one_year_after_downgrade);
	assert_ptr_equal(tier_rules_find(&shipped_rules, 2018), r);
	r = tier_rules_find(&shipped_rules, 2019);
	assert_int_equal(r->max_waivers, 1);
	assert_true(r->one_year_after_downgrade);
	assert_ptr_equal(tier_rules_find(&shipped_rules, 9999), r);
}

static void test_rules_validate(void **state)
{
	(void)state;
	struct tier_rules rs;
	struct mapo_error err;
	struct tier_rule a = {.from_year = 2001, .to_year = 2008, .watch_list_years = 2};
	struct tier_rule b = {.from_year = 2010, .to_year = 0, .auto_downgrade = true, .watch_list_years = 2,
		.max_waivers = 2};

	tier_rules_init(&rs);
	assert_int_equal(tier_rules_validate(&rs, &err), MAPO_EINVAL);
	tier_rules_add(&rs, &b);
	tier_rules_add(&rs, &a); /* kept in year order */
	assert_int_equal(rs.v[0].from_year, 2001);
	assert_int_equal(tier_rules_validate(&rs, &err), MAPO_EINVAL); /* 2009 is in none */
	assert_non_null(strstr(err.msg, "2008"));
	assert_non_null(strstr(err.msg, "2010"));
	rs.v[0].to_year = 2009;
	assert_int_equal(tier_rules_validate(&rs, &err), 0);
	rs.v[0].to_year = 0; /* open, yet a later version follows */
	assert_int_equal(tier_rules_validate(&rs, &err), MAPO_EINVAL);
	rs.v[0].to_year = 2009;
	rs.v[1].watch_list_years = 0;
	assert_int_equal(tier_rules_validate(&rs, &err), MAPO_EINVAL);
	tier_rules_release(&rs);
}

/* ---- Malaysia --------------------------------------------------------------------------------- */

static void test_malaysia_2014(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	malaysia(&l);
	assert_int_equal(l.n, 25);
	tier_analysis_init(&a);
	tier_outlook_init(&o);
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);

	const struct tier_step *s = step(&a, 2014);
	assert_int_equal(s->placement, TIER_3);
	assert_int_equal(s->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	assert_string_equal(s->explanation,
		"2010 Watch List, 2011 Watch List, 2012 Watch List on a waiver, 2013 Watch List on a waiver: "
		"no waiver remains, so the 2014 placement on Tier 3 is an automatic downgrade");
	s = step(&a, 2013);
	assert_int_equal(s->run_years, 4);
	assert_int_equal(s->waivers_used, 2);
	assert_int_equal(step(&a, 2009)->verdict, TIER_VERDICT_OK); /* 2008's Watch List year does not count */

	outlook(&l, 2014, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);
	assert_int_equal(o.consecutive_watch_list_years, 4);
	assert_int_equal(o.waivers_used, 2);
	assert_int_equal(o.waivers_allowed, 2);
	outlook(&l, 2012, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	assert_string_equal(o.explanation,
		"2010 Watch List, 2011 Watch List: a 2012 placement below Tier 2 is Tier 3 by law unless a waiver is "
		"granted (waivers used: 0 of 2)");
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_malaysia_2021(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	malaysia(&l);
	tier_analysis_init(&a);
	tier_outlook_init(&o);
	analyse(&l, &a);

	outlook(&l, 2021, &o);
	assert_string_equal(o.country, "MYS");
	assert_int_equal(o.previous, TIER_2_WATCH_LIST);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);
	assert_int_equal(o.consecutive_watch_list_years, 3);
	assert_int_equal(o.waivers_used, 1);
	assert_int_equal(o.waivers_allowed, 1);
	assert_string_equal(o.explanation,
		"2018 Watch List, 2019 Watch List, 2020 Watch List on a waiver: no waiver remains, so a 2021 "
		"placement below Tier 2 is Tier 3 by law");

	const struct tier_step *s = step(&a, 2021);
	assert_int_equal(s->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	assert_non_null(strstr(s->explanation, "so the 2021 placement on Tier 3 is an automatic downgrade"));
	assert_int_equal(step(&a, 2022)->verdict, TIER_VERDICT_OK);
	/* 2020's waiver was needed: two counted years before it. */
	assert_int_equal(step(&a, 2020)->verdict, TIER_VERDICT_OK);
	assert_false(step(&a, 2020)->waiver_inferred);

	/* The same in Malay. */
	struct mapo_error err;
	assert_int_equal(tier_outlook_compute(l.v, l.n, &shipped_rules, 2021, LANG_MS, &o, &err), 0);
	assert_non_null(strstr(o.explanation, "2018 Senarai Pemerhatian"));
	assert_null(strstr(o.explanation, "Watch List"));
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_malaysia_2024(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_outlook o;
	malaysia(&l);
	tier_outlook_init(&o);
	outlook(&l, 2024, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);
	assert_int_equal(o.consecutive_watch_list_years, 1);
	assert_int_equal(o.waivers_used, 0);
	assert_string_equal(o.explanation,
		"2021 Tier 3 by automatic downgrade, 2022 Tier 3, 2023 Watch List: after an automatic downgrade a "
		"country may stay on the Watch List for one report only, so a 2024 placement below Tier 2 is Tier 3 "
		"by law");
	/* 2025, after the 2024 upgrade: nothing forced. */
	outlook(&l, 2025, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	assert_int_equal(o.previous, TIER_2);
	assert_string_equal(o.explanation, "2024 Tier 2: not on the Watch List, so no automatic downgrade applies in 2025");
	/* Nothing recorded for 2026, so 2027's outlook says so. */
	outlook(&l, 2027, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	assert_int_equal(o.previous, TIER_NONE);
	assert_non_null(strstr(o.explanation, "no placement is recorded for 2026"));
	tier_outlook_release(&o);
	tier_list_release(&l);
}

/* ---- the rules on made-up histories ------------------------------------------------------------ */

static void test_upgrade_after_two_years(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	tier_analysis_init(&a);
	tier_outlook_init(&o);

	/* 2010-2011 Watch List, 2012 Tier 2, 2013-2014 Watch List again: all fine, no waiver. */
	history(&l, "IDN", 2010, "WW2WW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_non_null(strstr(step(&a, 2012)->explanation, "off the Watch List, which ends the run"));
	assert_false(step(&a, 2013)->waiver_inferred);
	assert_false(step(&a, 2014)->waiver_inferred);
	assert_int_equal(step(&a, 2014)->run_years, 2);
	outlook(&l, 2013, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	assert_int_equal(o.previous, TIER_2);
	outlook(&l, 2015, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	assert_int_equal(o.waivers_used, 0);

	/* Malaysia's 2017 upgrade after 2015-2016 on the list. */
	malaysia(&l);
	analyse(&l, &a);
	assert_int_equal(step(&a, 2017)->verdict, TIER_VERDICT_OK);
	outlook(&l, 2018, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	outlook(&l, 2020, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	assert_int_equal(o.consecutive_watch_list_years, 2);
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_waivers_2009_2018(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	tier_analysis_init(&a);
	tier_outlook_init(&o);

	/* Two waivers allowed: 2012 and 2013 are inferred, 2014 on the list is not allowed. */
	history(&l, "IDN", 2010, "WWWWW");
	analyse(&l, &a);
	static const int bad2014[] = {2014};
	assert_explained_except(&a, bad2014, 1);
	assert_true(step(&a, 2012)->waiver_inferred);
	assert_true(step(&a, 2013)->waiver_inferred);
	assert_non_null(strstr(step(&a, 2012)->explanation, "(waivers used: 1 of 2); the data records none"));
	assert_string_equal(step(&a, 2014)->explanation,
		"2010 Watch List, 2011 Watch List, 2012 Watch List on a waiver (inferred), 2013 Watch List on a waiver "
		"(inferred): no waiver remains, so the 2014 placement on the Watch List is not allowed by law");
	outlook(&l, 2013, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	assert_int_equal(o.waivers_used, 1);
	outlook(&l, 2014, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);

	/* The same run ending on Tier 3 in 2014 is the automatic downgrade. */
	history(&l, "IDN", 2010, "WWww3");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_int_equal(step(&a, 2014)->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	/* Tier 3 while a waiver remained: no waiver was granted, so it is the law's Tier 3 too. */
	history(&l, "IDN", 2010, "WW3");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2012)->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	assert_non_null(strstr(step(&a, 2012)->explanation, "no waiver was granted"));
	/* Tier 3 after a single Watch List year is the department's choice, not the law's. */
	history(&l, "IDN", 2010, "W3");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2011)->verdict, TIER_VERDICT_OK);
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_waivers_from_2019(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	tier_analysis_init(&a);
	tier_outlook_init(&o);

	/* One waiver only: 2021 on a waiver, 2022 not allowed. */
	history(&l, "BGD", 2019, "WWWW");
	analyse(&l, &a);
	static const int bad2022[] = {2022};
	assert_explained_except(&a, bad2022, 1);
	assert_true(step(&a, 2021)->waiver_inferred);
	assert_non_null(strstr(step(&a, 2021)->explanation, "(waivers used: 1 of 1)"));
	outlook(&l, 2021, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	assert_int_equal(o.waivers_allowed, 1);
	outlook(&l, 2022, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);

	/* Across the amendment: a waiver in 2018 (one of two then) leaves none for 2019. */
	history(&l, "BGD", 2016, "WWWW");
	analyse(&l, &a);
	static const int bad2019[] = {2019};
	assert_explained_except(&a, bad2019, 1);
	assert_true(step(&a, 2018)->waiver_inferred);
	assert_non_null(strstr(step(&a, 2018)->explanation, "(waivers used: 1 of 2)"));
	outlook(&l, 2019, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_AUTOMATIC_TIER_3);
	/* The same run before the amendment would still have had one. */
	history(&l, "BGD", 2010, "WWW");
	outlook(&l, 2013, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_one_year_rule(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	tier_analysis_init(&a);
	tier_outlook_init(&o);

	/* From 2019: after the 2020 automatic downgrade, one Watch List report (2021), not two. */
	history(&l, "THA", 2017, "WWw3WW");
	analyse(&l, &a);
	static const int bad2022[] = {2022};
	assert_explained_except(&a, bad2022, 1);
	assert_int_equal(step(&a, 2020)->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	assert_string_equal(step(&a, 2022)->explanation,
		"2020 Tier 3 by automatic downgrade, 2021 Watch List: after an automatic downgrade a country may stay "
		"on the Watch List for one report only, so the 2022 placement on the Watch List is not allowed by law");
	/* A recorded waiver does not help under the one-year rule. */
	history(&l, "THA", 2017, "WWw3Ww");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2022)->verdict, TIER_VERDICT_UNEXPLAINED);
	/* Tier 3 in 2022 instead is the law's. */
	history(&l, "THA", 2017, "WWw3W3");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_int_equal(step(&a, 2022)->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	assert_non_null(strstr(step(&a, 2022)->explanation, "for one report only"));

	/* Before 2019 there was no such rule: after the 2012 downgrade, 2013 and 2014 on the list. */
	history(&l, "THA", 2010, "WW3WW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	outlook(&l, 2015, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	/* And a Tier 3 that the law did not force does not start the rule. */
	history(&l, "THA", 2019, "3WW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_broken_runs(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct tier_outlook o;
	tier_analysis_init(&a);
	tier_outlook_init(&o);

	/* A year on Tier 2 ends the run: 2013-2015 need no more than one waiver. */
	history(&l, "IDN", 2010, "WW2WWW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_false(step(&a, 2014)->waiver_inferred);
	assert_true(step(&a, 2015)->waiver_inferred);
	assert_int_equal(step(&a, 2015)->run_years, 3);
	assert_int_equal(step(&a, 2015)->waivers_used, 1);
	/* So does a special case, and a year with no placement. */
	history(&l, "IDN", 2010, "WWSWW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_false(step(&a, 2014)->waiver_inferred);
	history(&l, "IDN", 2010, "WW.WW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_false(step(&a, 2014)->waiver_inferred);
	outlook(&l, 2013, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	assert_int_equal(o.previous, TIER_NONE);

	/* Watch List years before 2009 do not count. */
	history(&l, "IDN", 2005, "WWWWWW");
	analyse(&l, &a);
	assert_explained_except(&a, NULL, 0);
	assert_int_equal(step(&a, 2010)->run_years, 6);
	assert_int_equal(step(&a, 2010)->counted_years, 2);
	outlook(&l, 2009, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_NONE);
	assert_int_equal(o.consecutive_watch_list_years, 4);
	assert_int_equal(o.counted_watch_list_years, 0);
	outlook(&l, 2008, &o);
	assert_non_null(strstr(o.explanation, "no automatic downgrade"));
	assert_non_null(strstr(o.explanation, "2005 Watch List (not counted)"));
	outlook(&l, 2011, &o);
	assert_int_equal(o.outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	tier_outlook_release(&o);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_recorded_waivers_and_exceptions(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT;
	struct tier_analysis a;
	struct mapo_error err;
	tier_analysis_init(&a);

	/* A waiver recorded where none was needed contradicts the rules. */
	history(&l, "IDN", 2010, "Ww");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2011)->verdict, TIER_VERDICT_UNEXPLAINED);
	assert_string_equal(step(&a, 2011)->explanation, "a waiver is recorded for 2011, but the rules did not require one");

	/* An exception explains a placement the rules do not. */
	history(&l, "IDN", 2010, "WWWWW");
	tier_record_set(&l.v[4], "IDN", 2014, TIER_2_WATCH_LIST, false, "test", "a special waiver (example)");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2014)->verdict, TIER_VERDICT_EXCEPTION);
	assert_non_null(strstr(step(&a, 2014)->explanation, "; recorded exception: a special waiver (example)"));
	/* An exception on a placement the rules explain is stale. */
	tier_record_set(&l.v[1], "IDN", 2011, TIER_2_WATCH_LIST, false, "test", "not needed");
	analyse(&l, &a);
	assert_int_equal(step(&a, 2011)->verdict, TIER_VERDICT_UNEXPLAINED);
	assert_non_null(strstr(step(&a, 2011)->explanation, "but the rules explain the placement"));

	/* Histories must be one country's, in year order. */
	history(&l, "IDN", 2010, "WW");
	snprintf(l.v[1].country, sizeof(l.v[1].country), "BGD");
	assert_int_equal(tier_analyse(l.v, l.n, &shipped_rules, LANG_EN, &a, &err), MAPO_EINVAL);
	history(&l, "IDN", 2010, "WW");
	l.v[1].year = 2010;
	assert_int_equal(tier_analyse(l.v, l.n, &shipped_rules, LANG_EN, &a, &err), MAPO_EINVAL);
	tier_analysis_release(&a);
	tier_list_release(&l);
}

static void test_record_parse(void **state)
{
	(void)state;
	struct refdata rd;
	struct tier_record r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	refdata_init(&rd);
	core_fx_refdata(&rd);
	tier_record_init(&r);

	assert_int_equal(tier_record_parse(&r, "MYS", "2021", "tier-3", "0", "src", "", &rd, &fe), 0);
	assert_string_equal(r.country, "MYS");
	assert_int_equal(r.year, 2021);
	assert_int_equal(r.placement, TIER_3);

	static const struct {
		const char *country, *year, *placement, *waiver, *field, *part;
	} bad[] = {
		{"XYZ", "2021", "tier-3", "0", "country", "unknown country 'XYZ'"},
		{"MALAYSIA", "2021", "tier-3", "0", "country", "'MALAYSIA' is not an ISO 3166-1 alpha-3"},
		{"mys", "2021", "tier-3", "0", "country", "'mys'"},
		{"MYS", "20x1", "tier-3", "0", "year", "'20x1' is not a report year"},
		{"MYS", "2000", "tier-3", "0", "year", "report year 2000 is not from 2001"},
		{"MYS", "2021", "Tier 3", "0", "placement", "unknown placement 'Tier 3'"},
		{"MYS", "2021", "tier-2-watch-list", "yes", "waiver", "'yes' is not 0 or 1"},
		{"MYS", "2021", "tier-3", "1", "waiver", "a waiver goes only with a Watch List placement"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		field_errors_release(&fe);
		assert_int_equal(tier_record_parse(&r, bad[i].country, bad[i].year, bad[i].placement, bad[i].waiver, "",
					 "", &rd, &fe),
			1);
		assert_string_equal(fe.v[0].field, bad[i].field);
		if (!strstr(fe.v[0].msg, bad[i].part))
			fail_msg("%zu: '%s' lacks '%s'", i, fe.v[0].msg, bad[i].part);
	}
	field_errors_release(&fe);
	assert_int_equal(tier_record_parse(&r, "MYS", "2021", "tier-3", "0", "two\nlines", "", &rd, &fe), 1);
	field_errors_release(&fe);
	tier_record_release(&r);
	refdata_release(&rd);
}

/* ---- the store, the files and the whole-history check ------------------------------------------ */

static int collect(const struct tier_record *r, void *arg)
{
	tier_list_add(arg, r);
	return 0;
}

static int collect_finding(const struct tier_finding *f, void *arg)
{
	strvec_pushf(arg, "%s %d %s: %s", f->country, f->year, tier_verdict_code(f->verdict), f->explanation);
	return 0;
}

static void test_store(void **state)
{
	(void)state;
	struct core_fx fx;
	struct tier_list l = TIER_LIST_INIT, got = TIER_LIST_INIT;
	struct tier_rules rs;
	assert_int_equal(core_fx_open(&fx, true), 0);
	tier_rules_init(&rs);

	/* No rules yet: reading says to run init. */
	assert_int_equal(tier_rules_read(fx.s, &rs, &fx.err), MAPO_ENOTFOUND);
	assert_non_null(strstr(fx.err.msg, "mapo init"));
	assert_int_equal(tier_rules_write(fx.s, &shipped_rules, &fx.err), 0);
	assert_int_equal(tier_rules_read(fx.s, &rs, &fx.err), 0);
	assert_int_equal(rs.n, shipped_rules.n);
	for (size_t i = 0; i < rs.n; i++) {
		assert_int_equal(rs.v[i].from_year, shipped_rules.v[i].from_year);
		assert_int_equal(rs.v[i].to_year, shipped_rules.v[i].to_year);
		assert_int_equal(rs.v[i].max_waivers, shipped_rules.v[i].max_waivers);
		assert_int_equal(rs.v[i].one_year_after_downgrade, shipped_rules.v[i].one_year_after_downgrade);
		assert_string_equal(rs.v[i].source, shipped_rules.v[i].source);
	}

	history(&l, "MYS", 2018, "WWw3");
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), 0);
	history(&l, "IDN", 2019, "2");
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), 0);
	assert_int_equal(tier_placements_read(fx.s, "MYS", &got, &fx.err), 0);
	assert_int_equal(got.n, 4);
	assert_int_equal(got.v[2].year, 2020);
	assert_true(got.v[2].waiver);
	assert_int_equal(got.v[3].placement, TIER_3);
	assert_string_equal(got.v[3].source, "test");

	/* A second write of the same year replaces it. */
	history(&l, "MYS", 2021, "W");
	tier_record_set(&l.v[0], "MYS", 2021, TIER_2_WATCH_LIST, false, "corrected", "why not");
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), 0);
	assert_int_equal(tier_placements_read(fx.s, NULL, &got, &fx.err), 0);
	assert_int_equal(got.n, 5);
	assert_string_equal(got.v[0].country, "IDN"); /* by country, then year */
	assert_int_equal(got.v[4].placement, TIER_2_WATCH_LIST);
	assert_string_equal(got.v[4].source, "corrected");
	assert_string_equal(got.v[4].exception, "why not");

	/* Atomic: an unknown country in the middle writes nothing. */
	history(&l, "BGD", 2010, "WWW");
	snprintf(l.v[1].country, sizeof(l.v[1].country), "XYZ");
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), MAPO_EINVAL);
	assert_non_null(strstr(fx.err.msg, "unknown country 'XYZ'"));
	assert_int_equal(tier_placements_read(fx.s, "BGD", &got, &fx.err), 0);
	assert_int_equal(got.n, 0);
	/* The table refuses a waiver off the Watch List even without the core's check. */
	history(&l, "BGD", 2010, "3");
	l.v[0].waiver = true;
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), MAPO_EINVAL);
	assert_non_null(strstr(fx.err.msg, "waiver"));
	/* A full disk half-way leaves nothing either. */
	history(&l, "BGD", 2010, "WW2");
	store_fail_after(fx.s, 2);
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), MAPO_ESTORE);
	store_fail_after(fx.s, 0);
	assert_int_equal(tier_placements_read(fx.s, "BGD", &got, &fx.err), 0);
	assert_int_equal(got.n, 0);

	/* The check over the store: MYS 2021 on the list is not allowed, but its exception says why. */
	struct tier_check_totals t;
	struct strvec found = STRVEC_INIT;
	assert_int_equal(tier_check(fx.s, &rs, NULL, LANG_EN, collect_finding, &found, &t, &fx.err), 0);
	assert_int_equal(t.countries, 2);
	assert_int_equal(t.placements, 5);
	assert_int_equal(t.unexplained, 0);
	assert_int_equal(t.exceptions, 1);
	assert_int_equal(t.auto_downgrades, 0);
	assert_int_equal(t.waivers_recorded, 1);
	assert_int_equal(found.n, 1);
	assert_non_null(strstr(found.v[0], "MYS 2021 exception: 2018 Watch List"));
	assert_non_null(strstr(found.v[0], "; recorded exception: why not"));
	strvec_release(&found);
	/* Without its exception it is a finding the check reports. */
	history(&l, "MYS", 2021, "W");
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), 0);
	assert_int_equal(tier_check(fx.s, &rs, "MYS", LANG_EN, collect_finding, &found, &t, &fx.err), 0);
	assert_int_equal(t.countries, 1);
	assert_int_equal(t.unexplained, 1);
	assert_int_equal(found.n, 1);
	assert_non_null(strstr(found.v[0], "MYS 2021 unexplained: "));
	assert_non_null(strstr(found.v[0], "no waiver remains, so the 2021 placement on the Watch List is not allowed"));
	strvec_release(&found);

	struct tier_outlook *v = NULL;
	size_t n = 0;
	assert_int_equal(tier_outlook_all(fx.s, &rs, 2020, LANG_EN, &v, &n, &fx.err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].country, "MYS");
	assert_int_equal(v[0].outlook, TIER_OUTLOOK_WAIVER_REQUIRED);
	json_t *j = tier_outlook_json(v, n);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "outlook")), "waiver-required");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "consecutive_watch_list_years")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(j, 0), "waivers_used")), 0);
	json_decref(j);
	for (size_t i = 0; i < n; i++)
		tier_outlook_release(&v[i]);
	free(v);

	assert_int_equal(store_tier_delete(fx.s, "MYS", 2021, &fx.err), 0);
	assert_int_equal(store_tier_delete(fx.s, "MYS", 2021, &fx.err), MAPO_ENOTFOUND);
	tier_list_release(&got);
	assert_int_equal(store_tier_list(fx.s, "MYS", collect, &got, &fx.err), 0);
	assert_int_equal(got.n, 3);
	assert_int_equal(got.v[2].year, 2020);

	tier_rules_release(&rs);
	tier_list_release(&got);
	tier_list_release(&l);
	core_fx_close(&fx);
}

static void test_shipped_history(void **state)
{
	(void)state;
	struct core_fx fx;
	struct tier_list l = TIER_LIST_INIT;
	struct strvec problems = STRVEC_INIT;
	char *path = data_path(TIER_FILE_PLACEMENTS);

	assert_int_equal(core_fx_open(&fx, false), 0);
	if (refload_dir(&fx.rd, NULL, NULL, &fx.err) || refdata_install(fx.s, &fx.rd, &fx.err))
		fail_msg("reference data: %s", fx.err.msg);
	if (tier_load_placements(path, &fx.rd, &l, &problems, &fx.err))
		fail_msg("%s: %s", path, fx.err.msg);
	assert_int_equal(problems.n, 0);
	assert_true(l.n > 2000);
	for (size_t i = 0; i < l.n; i++) {
		assert_true(*l.v[i].source);
		assert_true(l.v[i].year >= 2001 && l.v[i].year <= 2025);
	}
	assert_int_equal(tier_rules_write(fx.s, &shipped_rules, &fx.err), 0);
	assert_int_equal(tier_placements_write(fx.s, &l, &fx.err), 0);

	struct tier_check_totals t;
	assert_int_equal(tier_check(fx.s, &shipped_rules, NULL, LANG_EN, NULL, NULL, &t, &fx.err), 0);
	assert_int_equal(t.placements, l.n);
	assert_int_equal(t.unexplained, 0);
	assert_int_equal(t.exceptions, 0);
	assert_int_equal(t.waivers_recorded, 3); /* Malaysia 2012, 2013, 2020 */
	assert_true(t.waivers_inferred > 0);
	assert_true(t.auto_downgrades >= 2);
	/* Russia: 2011 and 2012 on (inferred) waivers, 2013 the automatic downgrade. */
	struct tier_list ru = TIER_LIST_INIT;
	struct tier_analysis a;
	tier_analysis_init(&a);
	assert_int_equal(tier_placements_read(fx.s, "RUS", &ru, &fx.err), 0);
	analyse(&ru, &a);
	assert_true(step(&a, 2011)->waiver_inferred);
	assert_true(step(&a, 2012)->waiver_inferred);
	assert_int_equal(step(&a, 2013)->verdict, TIER_VERDICT_AUTO_DOWNGRADE);
	tier_analysis_release(&a);
	tier_list_release(&ru);

	tier_list_release(&l);
	strvec_release(&problems);
	free(path);
	core_fx_close(&fx);
}

static char *write_temp(const char *text)
{
	char path[] = "/tmp/mapo-test-tier-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return xstrdup(path);
}

static void test_load_bad_placements(void **state)
{
	(void)state;
	struct refdata rd;
	struct tier_list l = TIER_LIST_INIT;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	refdata_init(&rd);
	core_fx_refdata(&rd);

	char *path = write_temp("placement,country,year,waiver,source,exception\n"
				"tier-2,MYS,2024,0,ok,\n"
				"tier-3,XYZ,2021,0,,\n"
				"Watchlist,MYS,2006,0,,\n"
				"tier-3,MYS,2021,1,,\n"
				"tier-2-watch-list,MYS,20x0,0,,\n"
				"tier-2-watch-list,MYS,2020,2,,\n"
				"tier-2,MYS,2024,0,again,\n"
				"tier-2,MYS\n");
	assert_int_equal(tier_load_placements(path, &rd, &l, &problems, &err), MAPO_EINVAL);
	static const char *const want[] = {
		":3: country: unknown country 'XYZ'",
		":4: placement: unknown placement 'Watchlist'",
		":5: waiver: a waiver goes only with a Watch List placement, not tier-3",
		":6: year: '20x0' is not a report year",
		":7: waiver: '2' is not 0 or 1",
		":8: year: MYS 2024 is given twice (first on line 2)",
		":9: ",
	};
	assert_int_equal(problems.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < problems.n; i++) {
		assert_true(!strncmp(problems.v[i], path, strlen(path)));
		if (!strstr(problems.v[i], want[i]))
			fail_msg("problem %zu: '%s' lacks '%s'", i, problems.v[i], want[i]);
	}
	assert_non_null(strstr(err.msg, "(and 6 more problems)"));
	unlink(path);
	free(path);

	/* A missing and an unknown column. */
	strvec_clear(&problems);
	path = write_temp("country,year,placement,waiver,source,tier\nMYS,2024,tier-2,0,,\n");
	assert_int_equal(tier_load_placements(path, &rd, &l, &problems, &err), MAPO_EINVAL);
	assert_int_equal(problems.n, 2);
	assert_non_null(strstr(problems.v[0], ":1: tier: unknown column"));
	assert_non_null(strstr(problems.v[1], ":1: exception: missing column"));
	unlink(path);
	free(path);

	assert_int_equal(tier_load_placements("/nonexistent/tiers.csv", &rd, &l, NULL, &err), MAPO_EIO);
	tier_list_release(&l);
	strvec_release(&problems);
	refdata_release(&rd);
}

static void test_load_bad_rules(void **state)
{
	(void)state;
	struct tier_rules rs;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	tier_rules_init(&rs);
	char *path = write_temp("from_year,to_year,auto_downgrade,watch_list_years,max_consecutive_waivers,"
				"one_year_after_downgrade,source\n"
				"2001,2008,0,2,0,0,a\n"
				"2009,,2,2,x,0,b\n");
	assert_int_equal(tier_load_rules(path, &rs, &problems, &err), MAPO_EINVAL);
	assert_int_equal(problems.n, 2);
	assert_non_null(strstr(problems.v[0], ":3: auto_downgrade: '2' is not a whole number from 0 to 1"));
	assert_non_null(strstr(problems.v[1], ":3: max_consecutive_waivers: 'x'"));
	unlink(path);
	free(path);

	/* Rows fine one by one, but a gap between the versions. */
	tier_rules_release(&rs);
	strvec_clear(&problems);
	path = write_temp("from_year,to_year,auto_downgrade,watch_list_years,max_consecutive_waivers,"
			  "one_year_after_downgrade,source\n"
			  "2001,2007,0,2,0,0,a\n"
			  "2009,,1,2,2,0,b\n");
	assert_int_equal(tier_load_rules(path, &rs, &problems, &err), MAPO_EINVAL);
	assert_int_equal(problems.n, 1);
	assert_non_null(strstr(problems.v[0], "end in 2007, but the next version begins in 2009"));
	unlink(path);
	free(path);
	tier_rules_release(&rs);
	strvec_release(&problems);
}

static void test_history_output(void **state)
{
	(void)state;
	struct tier_list l = TIER_LIST_INIT, back = TIER_LIST_INIT;
	struct tier_analysis a;
	struct buf out = BUF_INIT;
	struct refdata rd;
	struct mapo_error err;
	refdata_init(&rd);
	core_fx_refdata(&rd);
	tier_analysis_init(&a);

	malaysia(&l);
	analyse(&l, &a);
	json_t *j = tier_history_json(l.v, &a);
	assert_int_equal(json_array_size(j), 25);
	json_t *y2020 = json_array_get(j, 19);
	assert_int_equal(json_integer_value(json_object_get(y2020, "year")), 2020);
	assert_string_equal(json_string_value(json_object_get(y2020, "placement")), "tier-2-watch-list");
	assert_true(json_is_true(json_object_get(y2020, "waiver")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 20), "verdict")), "automatic-downgrade");
	json_decref(j);

	/* The CSV reads back as the same placements. */
	assert_int_equal(tier_history_write_csv(&out, l.v, l.n), 0);
	assert_true(!strncmp(buf_str(&out), "country,year,placement,waiver,source,exception\n", 47));
	char *path = write_temp(buf_str(&out));
	assert_int_equal(tier_load_placements(path, &rd, &back, NULL, &err), 0);
	assert_int_equal(back.n, l.n);
	for (size_t i = 0; i < l.n; i++) {
		assert_int_equal(back.v[i].year, l.v[i].year);
		assert_int_equal(back.v[i].placement, l.v[i].placement);
		assert_int_equal(back.v[i].waiver, l.v[i].waiver);
		assert_string_equal(back.v[i].source, l.v[i].source);
	}
	unlink(path);
	free(path);

	struct table t;
	tier_history_table(&t, &a, LANG_EN);
	assert_int_equal(t.nrows, 25);
	assert_string_equal(table_cell(&t, 19, 2), "recorded");
	assert_string_equal(table_cell(&t, 11, 2), "recorded");
	assert_string_equal(table_cell(&t, 0, 2), "");
	table_release(&t);

	buf_release(&out);
	tier_analysis_release(&a);
	tier_list_release(&back);
	tier_list_release(&l);
	refdata_release(&rd);
}

/* ---- evidence ---------------------------------------------------------------------------------- */

static long person_no;
/* The identification status add_person gives a victim (TSTATUS_NONE: none recorded). */
static enum trafficking_status victim_status = TSTATUS_NONE;

static void add_case(struct core_fx *fx, enum case_kind kind, mapo_date action, const char *forms,
	enum case_status status, char ref[CASE_REF_MAX])
{
	assert_int_equal(core_fx_add_case(fx, kind, "PDRM", action, "MY-01", forms, status, ref), 0);
}

static void add_person(struct core_fx *fx, const char *case_ref, enum person_role role, char sex, int age,
	mapo_date arrest, mapo_date rescue)
{
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "T-%06ld", ++person_no);
	p.role = role;
	p.sex = sex;
	p.age = age;
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	p.arrest_date = arrest;
	p.rescue_date = rescue;
	if (role == PROLE_VICTIM)
		p.trafficking_status = victim_status;
	if (store_person_put(fx->s, &p, &fx->err))
		fail_msg("person: %s", fx->err.msg);
}

static const struct tier_evidence_row *ev_row(const struct tier_evidence *e, enum tier_evidence_section s,
	enum case_kind kind, const char *key)
{
	for (size_t i = 0; i < e->nrows; i++)
		if (e->rows[i].section == s && e->rows[i].kind == kind && !strcmp(e->rows[i].key, key))
			return &e->rows[i];
	fail_msg("no evidence row %d %d %s", s, kind, key);
	return NULL;
}

static void test_evidence(void **state)
{
	(void)state;
	struct core_fx fx;
	struct tier_evidence e;
	char ref[CASE_REF_MAX];
	mapo_date d;
	assert_int_equal(core_fx_open(&fx, true), 0);
	tier_evidence_init(&e);

	/* TIP year 2020 (2019-04-01..2020-03-31): one TIP case convicted, one SOM case charged. */
	d = date_from_ymd(2019, 6, 1);
	add_case(&fx, KIND_TIP, d, "forced-labour", STATUS_CONVICTED, ref);
	add_person(&fx, ref, PROLE_SUSPECT, 'M', 40, d, DATE_NONE);
	add_person(&fx, ref, PROLE_VICTIM, 'F', 16, DATE_NONE, d);
	add_case(&fx, KIND_SOM, d, "", STATUS_CHARGED, ref);
	add_person(&fx, ref, PROLE_SUSPECT, 'M', 30, d, DATE_NONE);
	/* TIP year 2021 (2020-04-01..2021-03-31): two TIP cases (one charged, one convicted), no SOM;
	 * victims: one woman, one man of unknown age, one person of unknown sex. */
	d = date_from_ymd(2020, 4, 1);
	add_case(&fx, KIND_TIP, d, "sexual", STATUS_CHARGED, ref);
	add_person(&fx, ref, PROLE_SUSPECT, 'M', 35, d, DATE_NONE);
	add_person(&fx, ref, PROLE_SUSPECT, 'F', 33, d, DATE_NONE);
	add_person(&fx, ref, PROLE_VICTIM, 'F', 25, DATE_NONE, d);
	d = date_from_ymd(2021, 3, 31);
	add_case(&fx, KIND_TIP, d, "forced-labour;servitude", STATUS_CONVICTED, ref);
	victim_status = TSTATUS_ACTUAL;
	add_person(&fx, ref, PROLE_VICTIM, 'M', -1, DATE_NONE, d);
	victim_status = TSTATUS_POSSIBLE;
	add_person(&fx, ref, PROLE_VICTIM, 'U', 30, DATE_NONE, d);
	victim_status = TSTATUS_NONE;
	/* Outside both periods. */
	add_case(&fx, KIND_TIP, date_from_ymd(2021, 4, 1), "sexual", STATUS_CONVICTED, ref);

	assert_int_equal(tier_evidence_compute(fx.s, &fx.rd, 2021, LANG_EN, &e, &fx.err), 0);
	assert_int_equal(e.from, date_from_ymd(2020, 4, 1));
	assert_int_equal(e.to, date_from_ymd(2021, 3, 31));
	assert_int_equal(e.previous_from, date_from_ymd(2019, 4, 1));
	assert_int_equal(e.previous_to, date_from_ymd(2020, 3, 31));

	const struct tier_evidence_row *r;
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_TIP, "investigations");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 2);
	assert_int_equal(r->trend, TIER_TREND_UP);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_TIP, "prosecutions");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 2);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_TIP, "convictions");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 1);
	assert_int_equal(r->trend, TIER_TREND_SAME);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_TIP, "arrests");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 2);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_TIP, "victims-identified");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 3);
	/* SOM apart: its own figures, falling. */
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_SOM, "investigations");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 0);
	assert_int_equal(r->trend, TIER_TREND_DOWN);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_SOM, "prosecutions");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 0);
	r = ev_row(&e, TIER_EV_ENFORCEMENT, KIND_SOM, "arrests");
	assert_int_equal(r->previous, 1);
	/* Victims by form (a case's victims under each of its forms), sex and age group. */
	r = ev_row(&e, TIER_EV_VICTIMS_BY_FORM, KIND_TIP, "forced-labour");
	assert_int_equal(r->previous, 1);
	assert_int_equal(r->current, 2);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_FORM, KIND_TIP, "sexual")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_FORM, KIND_TIP, "servitude")->current, 2);
	assert_string_equal(ev_row(&e, TIER_EV_VICTIMS_BY_FORM, KIND_TIP, "sexual")->label, "Sexual exploitation");
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_SEX, KIND_TIP, "F")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_SEX, KIND_TIP, "F")->trend, TIER_TREND_SAME);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_SEX, KIND_TIP, "M")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_SEX, KIND_TIP, "U")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_AGE, KIND_TIP, "child")->previous, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_AGE, KIND_TIP, "child")->current, 0);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_AGE, KIND_TIP, "adult")->current, 2);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_AGE, KIND_TIP, "unknown")->current, 1);

	/* Victims by identification status: every status listed, the one without a status too, so
	 * that the section adds up to the victims of the period (3 now, 1 before). */
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_STATUS, KIND_TIP, "actual")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_STATUS, KIND_TIP, "possible")->current, 1);
	assert_int_equal(ev_row(&e, TIER_EV_VICTIMS_BY_STATUS, KIND_TIP, "not-a-victim")->current, 0);
	r = ev_row(&e, TIER_EV_VICTIMS_BY_STATUS, KIND_TIP, "");
	assert_int_equal(r->current, 1);
	assert_int_equal(r->previous, 1);
	assert_string_equal(r->label, "not recorded");
	assert_string_equal(ev_row(&e, TIER_EV_VICTIMS_BY_STATUS, KIND_TIP, "actual")->label, "actual victim");
	/* Protection orders by outcome: none recorded here, every outcome listed with zeros. */
	assert_int_equal(ev_row(&e, TIER_EV_ORDERS_BY_OUTCOME, KIND_TIP, "running")->current, 0);
	assert_int_equal(ev_row(&e, TIER_EV_ORDERS_BY_OUTCOME, KIND_TIP, "released")->previous, 0);
	assert_int_equal(ev_row(&e, TIER_EV_ORDERS_BY_OUTCOME, KIND_TIP, "immigration")->current, 0);

	/* Data quality: 5 persons counted now (2 arrests, 3 victims), 2 of them without sex or age;
	 * before, 3 of 3 complete. */
	assert_int_equal(e.quality.records, 5);
	assert_int_equal(e.quality.missing, 2);
	assert_true(e.quality.missing_share > 0.39 && e.quality.missing_share < 0.41);
	assert_int_equal(e.previous_quality.records, 3);
	assert_int_equal(e.previous_quality.missing, 0);
	assert_int_equal(e.quality_trend, TIER_TREND_UP);

	json_t *j = tier_evidence_json(&e);
	assert_int_equal(json_integer_value(json_object_get(j, "tip_year")), 2021);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "period"), "from")), "2020-04-01");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "data_quality"), "missing")), 2);
	json_decref(j);
	struct buf out = BUF_INIT;
	assert_int_equal(tier_evidence_write_text(&out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "2020-04-01..2021-03-31"));
	assert_non_null(strstr(buf_str(&out), "2 of 5 persons counted lack their sex or age (40.0%)"));
	buf_reset(&out);
	assert_int_equal(tier_evidence_write_csv(&out, &e), 0);
	assert_non_null(strstr(buf_str(&out), "law-enforcement,SOM,investigations,"));
	assert_non_null(strstr(buf_str(&out), "data-quality,,missing-sex-or-age,Persons counted without sex or age,0,2,up\n"));
	buf_release(&out);

	assert_int_equal(tier_evidence_compute(fx.s, &fx.rd, 1901, LANG_EN, &e, &fx.err), MAPO_EINVAL);
	tier_evidence_release(&e);
	core_fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_shipped_rules),
		cmocka_unit_test(test_rules_validate),
		cmocka_unit_test(test_malaysia_2014),
		cmocka_unit_test(test_malaysia_2021),
		cmocka_unit_test(test_malaysia_2024),
		cmocka_unit_test(test_upgrade_after_two_years),
		cmocka_unit_test(test_waivers_2009_2018),
		cmocka_unit_test(test_waivers_from_2019),
		cmocka_unit_test(test_one_year_rule),
		cmocka_unit_test(test_broken_runs),
		cmocka_unit_test(test_recorded_waivers_and_exceptions),
		cmocka_unit_test(test_record_parse),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_shipped_history),
		cmocka_unit_test(test_load_bad_placements),
		cmocka_unit_test(test_load_bad_rules),
		cmocka_unit_test(test_history_output),
		cmocka_unit_test(test_evidence),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
