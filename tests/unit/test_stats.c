/* Tests of src/core/stats.c and src/io/stats_out.c: dimension names, the TIP report year, periods,
 * totals and breakdowns from a hand-built store, month zero-filling, labels, and the three output
 * formats (the JSON totals' exact shape). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "core_fixture.h"
#include "io/stats_out.h"

static int setup(void **state)
{
	(void)state;
	core_fx_env();
	return 0;
}

static mapo_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* ---- names and periods ----------------------------------------------------------------------- */

static void test_dim_names(void **state)
{
	(void)state;
	const char *names[] = {"kind", "agency", "state", "form", "nationality", "sex", "age-group", "month",
		"status"};
	struct mapo_error err;
	for (int d = 0; d < DIM__COUNT; d++) {
		enum stat_dim got;
		assert_string_equal(stats_dim_name((enum stat_dim)d), names[d]);
		assert_int_equal(stats_dim_parse(names[d], &got, &err), 0);
		assert_int_equal(got, d);
		assert_true(*stats_dim_heading((enum stat_dim)d, LANG_EN));
	}
	assert_string_equal(stats_dim_heading(DIM_AGE_GROUP, LANG_MS), "Kumpulan umur");
	enum stat_dim d;
	assert_int_equal(stats_dim_parse("age_group", &d, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "'age_group'"));
	assert_non_null(strstr(err.msg, "age-group"));
	assert_int_equal(stats_dim_parse("", &d, &err), MAPO_EINVAL);
	assert_int_equal(stats_dim_parse(NULL, &d, &err), MAPO_EINVAL);

	struct stats_query q;
	stats_query_init(&q);
	assert_int_equal(stats_query_add_dim(&q, "agency", &err), 0);
	assert_int_equal(stats_query_add_dim(&q, "agency", &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "twice"));
	assert_int_equal(stats_query_add_dim(&q, "month", &err), 0);
	assert_int_equal(stats_query_add_dim(&q, "sex", &err), 0);
	assert_int_equal(stats_query_add_dim(&q, "nope", &err), MAPO_EINVAL);
	assert_int_equal(stats_query_add_dim(&q, "state", &err), 0);
	assert_int_equal(stats_query_add_dim(&q, "kind", &err), MAPO_EINVAL);
	assert_int_equal(q.ndims, 4);
	assert_int_equal(q.dims[0], DIM_AGENCY);
	assert_int_equal(q.dims[3], DIM_STATE);
}

static void test_tip_year(void **state)
{
	(void)state;
	mapo_date from, to;
	struct mapo_error err;
	assert_int_equal(stats_tip_year(2021, &from, &to, &err), 0);
	assert_int_equal(from, ymd(2020, 4, 1));
	assert_int_equal(to, ymd(2021, 3, 31));
	assert_int_equal(stats_tip_year(2016, &from, &to, &err), 0);
	assert_int_equal(from, ymd(2015, 4, 1));
	assert_int_equal(to, ymd(2016, 3, 31));
	assert_int_equal(stats_tip_year(1900, &from, &to, &err), MAPO_EINVAL);
	assert_int_equal(stats_tip_year(10000, &from, &to, &err), MAPO_EINVAL);

	struct stats_query q;
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, DATE_NONE, DATE_NONE, 2021, &err), 0);
	assert_int_equal(q.from, ymd(2020, 4, 1));
	assert_int_equal(q.to, ymd(2021, 3, 31));
	assert_int_equal(stats_query_set_period(&q, ymd(2020, 1, 1), DATE_NONE, 2021, &err), MAPO_EINVAL);
	assert_int_equal(stats_query_set_period(&q, DATE_NONE, ymd(2020, 1, 1), 2021, &err), MAPO_EINVAL);
	assert_int_equal(stats_query_set_period(&q, ymd(2020, 1, 1), DATE_NONE, 0, &err), MAPO_EINVAL);
	assert_int_equal(stats_query_set_period(&q, DATE_NONE, DATE_NONE, 0, &err), MAPO_EINVAL);
	assert_int_equal(stats_query_set_period(&q, ymd(2021, 1, 2), ymd(2021, 1, 1), 0, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "2021-01-02"));
	assert_int_equal(stats_query_set_period(&q, ymd(2021, 1, 1), ymd(2021, 1, 1), 0, &err), 0);
	assert_int_equal(q.from, ymd(2021, 1, 1));
	assert_int_equal(q.to, ymd(2021, 1, 1));
}

static void test_labels(void **state)
{
	(void)state;
	struct refdata rd;
	refdata_init(&rd);
	core_fx_refdata(&rd);
	static const struct {
		enum stat_dim d;
		const char *key, *en, *ms;
	} cases[] = {
		{DIM_KIND, "TIP", "trafficking in persons", "pemerdagangan orang"},
		{DIM_KIND, "SOM", "smuggling of migrants", "penyeludupan migran"},
		{DIM_AGENCY, "PDRM", "Royal Malaysia Police", "Polis Diraja Malaysia"},
		{DIM_AGENCY, "XYZ", "XYZ", "XYZ"},
		{DIM_STATE, "MY-14", "Federal Territory of Kuala Lumpur", "Wilayah Persekutuan Kuala Lumpur"},
		{DIM_FORM, "forced-labour", "Forced labour or services", "Buruh atau perkhidmatan paksa"},
		{DIM_FORM, "", "(none)", "(tiada)"},
		{DIM_NATIONALITY, "BGD", "Bangladesh", "Bangladesh"},
		{DIM_SEX, "F", "female", "perempuan"},
		{DIM_SEX, "M", "male", "lelaki"},
		{DIM_SEX, "U", "sex unknown", "jantina tidak diketahui"},
		{DIM_AGE_GROUP, "child", "child (under 18)", "kanak-kanak (bawah 18 tahun)"},
		{DIM_AGE_GROUP, "adult", "adult", "dewasa"},
		{DIM_AGE_GROUP, "unknown", "age unknown", "umur tidak diketahui"},
		{DIM_MONTH, "2021-03", "March 2021", "Mac 2021"},
		{DIM_MONTH, "2020-08", "August 2020", "Ogos 2020"},
		{DIM_MONTH, "2020-13", "2020-13", "2020-13"},
		{DIM_STATUS, "convicted", "convicted", "disabitkan"},
		{DIM_STATUS, "investigation", "under investigation", "dalam siasatan"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *en = stats_key_label(&rd, cases[i].d, cases[i].key, LANG_EN);
		char *ms = stats_key_label(&rd, cases[i].d, cases[i].key, LANG_MS);
		assert_string_equal(en, cases[i].en);
		assert_string_equal(ms, cases[i].ms);
		free(en);
		free(ms);
	}
	assert_string_equal(stats_month_name(12, LANG_MS), "Disember");
	assert_string_equal(stats_month_name(0, LANG_MS), "");
	refdata_release(&rd);
}

/* ---- a hand-built register ------------------------------------------------------------------- */

static long person_no;

static void add_case(struct core_fx *fx, enum case_kind kind, const char *agency, mapo_date action,
	const char *state, const char *forms, enum case_status status, char ref[CASE_REF_MAX])
{
	assert_int_equal(core_fx_add_case(fx, kind, agency, action, state, forms, status, ref), 0);
}

static void add_person(struct core_fx *fx, const char *case_ref, enum person_role role, char sex,
	const char *nationality, int age, mapo_date arrest, mapo_date rescue)
{
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "S-%06ld", ++person_no);
	p.role = role;
	p.sex = sex;
	p.age = age;
	snprintf(p.nationality, sizeof(p.nationality), "%s", nationality);
	p.arrest_date = arrest;
	p.rescue_date = rescue;
	if (store_person_put(fx->s, &p, &fx->err))
		fail_msg("person: %s", fx->err.msg);
}

/* TIP year 2021 (2020-04-01..2021-03-31) with cases on both edges of the window and outside it. */
static void build(struct core_fx *fx)
{
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(fx, true), 0);
	/* Outside: the day before and the day after. */
	add_case(fx, KIND_TIP, "PDRM", ymd(2020, 3, 31), "MY-01", "sexual", STATUS_CLOSED, ref);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "MYS", 40, ymd(2020, 3, 31), DATE_NONE);
	add_case(fx, KIND_SOM, "JIM", ymd(2021, 4, 1), "MY-01", "", STATUS_INVESTIGATION, ref);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "MYS", 40, ymd(2021, 4, 1), DATE_NONE);

	/* Inside: April 2020 (first day), June 2020, and March 2021 (last day). */
	add_case(fx, KIND_TIP, "PDRM", ymd(2020, 4, 1), "MY-01", "forced-labour;servitude", STATUS_CHARGED, ref);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "MYS", 45, ymd(2020, 4, 1), DATE_NONE);
	add_person(fx, ref, PROLE_SUSPECT, 'F', "IDN", 38, ymd(2020, 4, 2), DATE_NONE);
	add_person(fx, ref, PROLE_VICTIM, 'F', "IDN", 16, DATE_NONE, ymd(2020, 4, 1));
	add_person(fx, ref, PROLE_VICTIM, 'M', "BGD", 25, DATE_NONE, ymd(2020, 4, 1));
	add_person(fx, ref, PROLE_VICTIM, 'F', "IDN", -1, DATE_NONE, DATE_NONE); /* not rescued */

	add_case(fx, KIND_SOM, "JIM", ymd(2020, 6, 10), "MY-14", "", STATUS_CONVICTED, ref);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "IDN", 30, ymd(2020, 6, 10), DATE_NONE);
	add_person(fx, ref, PROLE_SMUGGLED_MIGRANT, 'M', "BGD", 22, DATE_NONE, DATE_NONE);

	add_case(fx, KIND_TIP, "JIM", ymd(2021, 3, 31), "MY-14", "sexual", STATUS_INVESTIGATION, ref);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "MYS", 50, ymd(2021, 3, 31), DATE_NONE);
	add_person(fx, ref, PROLE_SUSPECT, 'M', "MYS", 51, DATE_NONE, DATE_NONE); /* not arrested */
	add_person(fx, ref, PROLE_VICTIM, 'F', "IDN", 19, DATE_NONE, ymd(2021, 3, 31));
}

static void run(struct core_fx *fx, struct stats_result *r, const char *const *dims, enum mapo_lang lang)
{
	struct stats_query q;
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, DATE_NONE, DATE_NONE, 2021, &fx->err), 0);
	for (size_t i = 0; dims && dims[i]; i++)
		assert_int_equal(stats_query_add_dim(&q, dims[i], &fx->err), 0);
	stats_result_init(r);
	if (stats_run(fx->s, &fx->rd, &q, lang, r, &fx->err))
		fail_msg("stats: %s", fx->err.msg);
}

static void assert_measures(const struct stats_measures *m, long long tip, long long tip_arrests,
	long long fl, long long som, long long som_arrests, long long rescued)
{
	assert_int_equal(m->tip_cases, tip);
	assert_int_equal(m->tip_arrests, tip_arrests);
	assert_int_equal(m->tip_forced_labour_cases, fl);
	assert_int_equal(m->som_cases, som);
	assert_int_equal(m->som_arrests, som_arrests);
	assert_int_equal(m->victims_rescued, rescued);
}

static void test_totals_in_tip_year(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	build(&fx);
	run(&fx, &r, NULL, LANG_EN);
	assert_int_equal(r.from, ymd(2020, 4, 1));
	assert_int_equal(r.to, ymd(2021, 3, 31));
	assert_measures(&r.totals, 2, 3, 1, 1, 1, 3);
	assert_int_equal(r.nrows, 0);
	stats_result_release(&r);

	/* A filter narrows the totals. */
	struct stats_query q;
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, DATE_NONE, DATE_NONE, 2021, &fx.err), 0);
	q.filter.agency = "JIM";
	stats_result_init(&r);
	assert_int_equal(stats_run(fx.s, &fx.rd, &q, LANG_EN, &r, &fx.err), 0);
	assert_measures(&r.totals, 1, 1, 0, 1, 1, 1);
	stats_result_release(&r);
	core_fx_close(&fx);
}

static void test_month_zero_fill(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	build(&fx);
	const char *dims[] = {"month", NULL};
	run(&fx, &r, dims, LANG_MS);
	assert_int_equal(r.nrows, 12);
	for (size_t i = 0; i < 12; i++) {
		char want[8];
		int y = i < 9 ? 2020 : 2021, m = (int)(i + 3) % 12 + 1;
		snprintf(want, sizeof(want), "%04d-%02d", y, m);
		assert_string_equal(r.rows[i].keys[0], want);
	}
	assert_string_equal(r.rows[0].labels[0], "April 2020");
	assert_string_equal(r.rows[11].labels[0], "Mac 2021");
	assert_measures(&r.rows[0].m, 1, 2, 1, 0, 0, 2);   /* April 2020 */
	assert_measures(&r.rows[1].m, 0, 0, 0, 0, 0, 0);   /* May 2020: filled */
	assert_measures(&r.rows[2].m, 0, 0, 0, 1, 1, 0);   /* June 2020 */
	assert_measures(&r.rows[11].m, 1, 1, 0, 0, 0, 1);  /* March 2021 */
	for (size_t i = 3; i < 11; i++)
		assert_measures(&r.rows[i].m, 0, 0, 0, 0, 0, 0);
	stats_result_release(&r);

	/* With another dimension, each combination that occurs gets all twelve months. */
	const char *two[] = {"agency", "month", NULL};
	run(&fx, &r, two, LANG_EN);
	assert_int_equal(r.nrows, 24);
	for (size_t i = 0; i < 24; i++) {
		assert_string_equal(r.rows[i].keys[0], i < 12 ? "JIM" : "PDRM");
		if (i % 12)
			assert_true(strcmp(r.rows[i - 1].keys[1], r.rows[i].keys[1]) < 0);
	}
	assert_string_equal(r.rows[0].labels[0], "Immigration Department of Malaysia");
	assert_measures(&r.rows[2].m, 0, 0, 0, 1, 1, 0);   /* JIM, June 2020 */
	assert_measures(&r.rows[11].m, 1, 1, 0, 0, 0, 1);  /* JIM, March 2021 */
	assert_measures(&r.rows[12].m, 1, 2, 1, 0, 0, 2);  /* PDRM, April 2020 */
	assert_measures(&r.rows[13].m, 0, 0, 0, 0, 0, 0);  /* PDRM, May 2020 */
	stats_result_release(&r);

	/* Month first: the same rows, ordered by month, then agency. */
	const char *swapped[] = {"month", "agency", NULL};
	run(&fx, &r, swapped, LANG_EN);
	assert_int_equal(r.nrows, 24);
	assert_string_equal(r.rows[0].keys[0], "2020-04");
	assert_string_equal(r.rows[0].keys[1], "JIM");
	assert_string_equal(r.rows[1].keys[1], "PDRM");
	assert_string_equal(r.rows[23].keys[0], "2021-03");
	stats_result_release(&r);
	core_fx_close(&fx);

	/* An empty register still lists every month of the period, and the period may start and
	 * end mid-month. */
	assert_int_equal(core_fx_open(&fx, true), 0);
	struct stats_query q;
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, ymd(2019, 11, 15), ymd(2020, 2, 10), 0, &fx.err), 0);
	assert_int_equal(stats_query_add_dim(&q, "month", &fx.err), 0);
	stats_result_init(&r);
	assert_int_equal(stats_run(fx.s, &fx.rd, &q, LANG_EN, &r, &fx.err), 0);
	assert_int_equal(r.nrows, 4);
	assert_string_equal(r.rows[0].keys[0], "2019-11");
	assert_string_equal(r.rows[1].keys[0], "2019-12");
	assert_string_equal(r.rows[2].keys[0], "2020-01");
	assert_string_equal(r.rows[3].keys[0], "2020-02");
	assert_string_equal(r.rows[3].labels[0], "February 2020");
	stats_result_release(&r);
	core_fx_close(&fx);
}

static void test_month_fill_capped(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	struct stats_query q;
	build(&fx);
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, ymd(1000, 1, 1), ymd(9999, 12, 31), 0, &fx.err), 0);
	assert_int_equal(stats_query_add_dim(&q, "month", &fx.err), 0);
	stats_result_init(&r);
	assert_int_equal(stats_run(fx.s, &fx.rd, &q, LANG_EN, &r, &fx.err), 0);
	assert_int_equal(r.nrows, 9000 * 12);
	assert_string_equal(r.rows[0].keys[0], "1000-01");
	assert_string_equal(r.rows[r.nrows - 1].keys[0], "9999-12");
	assert_measures(&r.totals, 3, 4, 1, 2, 2, 3);
	stats_result_release(&r);

	/* Several combinations of nationality and state times 108,000 months: refused. */
	stats_query_init(&q);
	assert_int_equal(stats_query_set_period(&q, ymd(1000, 1, 1), ymd(9999, 12, 31), 0, &fx.err), 0);
	assert_int_equal(stats_query_add_dim(&q, "nationality", &fx.err), 0);
	assert_int_equal(stats_query_add_dim(&q, "state", &fx.err), 0);
	assert_int_equal(stats_query_add_dim(&q, "month", &fx.err), 0);
	stats_result_init(&r);
	assert_int_equal(stats_run(fx.s, &fx.rd, &q, LANG_EN, &r, &fx.err), MAPO_ETOOBIG);
	assert_non_null(strstr(fx.err.msg, "500000"));
	stats_result_release(&r);
	core_fx_close(&fx);
}

static const struct stats_row *find_row(const struct stats_result *r, const char *key)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].keys[0], key))
			return &r->rows[i];
	fail_msg("no row '%s'", key);
	return NULL;
}

static void test_case_and_person_dims(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	build(&fx);

	const char *kind[] = {"kind", NULL};
	run(&fx, &r, kind, LANG_EN);
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].keys[0], "SOM");
	assert_string_equal(r.rows[0].labels[0], "smuggling of migrants");
	assert_measures(&find_row(&r, "TIP")->m, 2, 3, 1, 0, 0, 3);
	assert_measures(&find_row(&r, "SOM")->m, 0, 0, 0, 1, 1, 0);
	stats_result_release(&r);

	/* A case counts under each of its forms; a SOM case under "" ("(none)"). */
	const char *form[] = {"form", NULL};
	run(&fx, &r, form, LANG_MS);
	assert_measures(&find_row(&r, "forced-labour")->m, 1, 2, 1, 0, 0, 2);
	assert_measures(&find_row(&r, "servitude")->m, 1, 2, 1, 0, 0, 2);
	assert_measures(&find_row(&r, "sexual")->m, 1, 1, 0, 0, 0, 1);
	assert_measures(&find_row(&r, "")->m, 0, 0, 0, 1, 1, 0);
	assert_string_equal(find_row(&r, "")->labels[0], "(tiada)");
	assert_string_equal(find_row(&r, "sexual")->labels[0], "Eksploitasi seks");
	stats_result_release(&r);

	const char *st[] = {"state", NULL};
	run(&fx, &r, st, LANG_MS);
	assert_int_equal(r.nrows, 2);
	assert_measures(&find_row(&r, "MY-14")->m, 1, 1, 0, 1, 1, 1);
	assert_string_equal(find_row(&r, "MY-14")->labels[0], "Wilayah Persekutuan Kuala Lumpur");
	stats_result_release(&r);

	const char *status[] = {"status", NULL};
	run(&fx, &r, status, LANG_EN);
	assert_int_equal(r.nrows, 3);
	assert_measures(&find_row(&r, "charged")->m, 1, 2, 1, 0, 0, 2);
	assert_string_equal(find_row(&r, "investigation")->labels[0], "under investigation");
	stats_result_release(&r);

	/* Person dimensions split the person measures by the person. */
	const char *nat[] = {"nationality", NULL};
	run(&fx, &r, nat, LANG_EN);
	assert_int_equal(find_row(&r, "IDN")->m.victims_rescued, 2);
	assert_int_equal(find_row(&r, "BGD")->m.victims_rescued, 1);
	assert_int_equal(find_row(&r, "MYS")->m.tip_arrests, 2);
	assert_int_equal(find_row(&r, "IDN")->m.tip_arrests, 1);
	assert_int_equal(find_row(&r, "IDN")->m.som_arrests, 1);
	stats_result_release(&r);

	const char *age[] = {"age-group", NULL};
	run(&fx, &r, age, LANG_EN);
	assert_int_equal(find_row(&r, "child")->m.victims_rescued, 1);
	assert_int_equal(find_row(&r, "adult")->m.victims_rescued, 2);
	assert_string_equal(find_row(&r, "child")->labels[0], "child (under 18)");
	stats_result_release(&r);

	const char *sex[] = {"sex", NULL};
	run(&fx, &r, sex, LANG_EN);
	assert_int_equal(find_row(&r, "F")->m.victims_rescued, 2);
	assert_int_equal(find_row(&r, "M")->m.victims_rescued, 1);
	assert_int_equal(find_row(&r, "F")->m.tip_arrests, 1);
	stats_result_release(&r);
	core_fx_close(&fx);
}

/* ---- output ---------------------------------------------------------------------------------- */

static void test_json_shape(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	struct buf out = BUF_INIT;
	build(&fx);
	const char *dims[] = {"agency", "month", NULL};
	run(&fx, &r, dims, LANG_EN);
	assert_int_equal(stats_write_json(&out, &r), 0);
	json_error_t jerr;
	json_t *doc = json_loads(buf_str(&out), 0, &jerr);
	assert_non_null(doc);
	/* from, to, dims, totals, rows: nothing else. */
	assert_int_equal(json_object_size(doc), 5);
	assert_string_equal(json_string_value(json_object_get(doc, "from")), "2020-04-01");
	assert_string_equal(json_string_value(json_object_get(doc, "to")), "2021-03-31");
	json_t *totals = json_object_get(doc, "totals");
	assert_true(json_is_object(totals));
	assert_int_equal(json_object_size(totals), 6);
	const long long want[] = {2, 3, 1, 1, 1, 3};
	for (size_t i = 0; i < STATS_NMEASURES; i++) {
		json_t *v = json_object_get(totals, stats_measure_codes[i]);
		assert_true(json_is_integer(v));
		assert_int_equal(json_integer_value(v), want[i]);
	}
	assert_non_null(json_object_get(totals, "tip_forced_labour_cases"));
	assert_non_null(json_object_get(totals, "victims_rescued"));
	json_t *jdims = json_object_get(doc, "dims");
	assert_int_equal(json_array_size(jdims), 2);
	assert_string_equal(json_string_value(json_array_get(jdims, 1)), "month");
	json_t *rows = json_object_get(doc, "rows");
	assert_int_equal(json_array_size(rows), 24);
	json_t *row = json_array_get(rows, 12);
	assert_string_equal(json_string_value(json_object_get(row, "agency")), "PDRM");
	assert_string_equal(json_string_value(json_object_get(row, "agency_label")), "Royal Malaysia Police");
	assert_string_equal(json_string_value(json_object_get(row, "month")), "2020-04");
	assert_string_equal(json_string_value(json_object_get(row, "month_label")), "April 2020");
	assert_int_equal(json_integer_value(json_object_get(row, "tip_arrests")), 2);
	assert_int_equal(json_integer_value(json_object_get(row, "victims_rescued")), 2);
	json_decref(doc);
	buf_release(&out);
	stats_result_release(&r);
	core_fx_close(&fx);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_csv_and_table(void **state)
{
	(void)state;
	struct core_fx fx;
	struct stats_result r;
	struct buf out = BUF_INIT;
	build(&fx);
	const char *dims[] = {"state", NULL};
	run(&fx, &r, dims, LANG_EN);
	assert_int_equal(stats_write_csv(&out, &r), 0);
	assert_string_equal(buf_str(&out),
		"state,state_label,tip_cases,tip_arrests,tip_forced_labour_cases,som_cases,som_arrests,victims_rescued\n"
		"MY-01,Johor,1,2,1,0,0,2\n"
		"MY-14,Federal Territory of Kuala Lumpur,1,1,0,1,1,1\n");
	buf_reset(&out);

	assert_int_equal(stats_write_table(&out, &r), 0);
	const char *t = buf_str(&out);
	assert_non_null(strstr(t, "Period: 2020-04-01 to 2021-03-31\n"));
	assert_non_null(strstr(t, "State"));
	assert_non_null(strstr(t, "Victims rescued\n"));
	assert_non_null(strstr(t, "Federal Territory of Kuala Lumpur"));
	/* Period, blank, heading, two rows, total. */
	assert_int_equal(count_lines(t), 6);
	const char *total = strstr(t, "Total");
	assert_non_null(total);
	/* Columns line up: every line of the table has the same width. */
	const char *line = strchr(strchr(t, '\n') + 1, '\n') + 1;
	size_t width = strcspn(line, "\n");
	for (int i = 0; i < 4; i++) {
		assert_int_equal(strcspn(line, "\n"), width);
		line += width + 1;
	}
	stats_result_release(&r);
	buf_reset(&out);

	/* Malay headings; no dimensions: the totals alone. */
	run(&fx, &r, NULL, LANG_MS);
	assert_int_equal(stats_write(&out, &r, STATS_TABLE), 0);
	assert_non_null(strstr(buf_str(&out), "Mangsa diselamatkan"));
	assert_non_null(strstr(buf_str(&out), "Tempoh: 2020-04-01 hingga 2021-03-31"));
	buf_reset(&out);
	assert_int_equal(stats_write(&out, &r, STATS_CSV), 0);
	assert_string_equal(buf_str(&out),
		"tip_cases,tip_arrests,tip_forced_labour_cases,som_cases,som_arrests,victims_rescued\n2,3,1,1,1,3\n");
	stats_result_release(&r);
	buf_release(&out);

	enum stats_format f;
	assert_int_equal(stats_format_parse("json", &f, &fx.err), 0);
	assert_int_equal(f, STATS_JSON);
	assert_int_equal(stats_format_parse("csv", &f, &fx.err), 0);
	assert_int_equal(f, STATS_CSV);
	assert_int_equal(stats_format_parse("xml", &f, &fx.err), MAPO_EINVAL);
	assert_non_null(strstr(fx.err.msg, "xml"));
	core_fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dim_names),
		cmocka_unit_test(test_tip_year),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_totals_in_tip_year),
		cmocka_unit_test(test_month_zero_fill),
		cmocka_unit_test(test_month_fill_capped),
		cmocka_unit_test(test_case_and_person_dims),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_csv_and_table),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
