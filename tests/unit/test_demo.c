/* Tests of src/core/demo.c and src/io/demo_plan.c: the default demo, built into a temporary
 * SQLite file, reproduces every published figure exactly (both languages of the statement, for
 * several seeds); one seed always gives the same data; --cases scales; bad plans are refused; a
 * failure half-way writes nothing. The protection part: something of every kind within its limits,
 * consistent with the register (orders only for persons under protection, decisions equal to the
 * roles' statuses), the same for a seed, and no figure changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo.h"
#include "core/demo_protection.h"
#include "core/statement.h"
#include "core/stats.h"
#include "core_fixture.h"
#include "io/demo_plan.h"
#include "io/demo_protection_load.h"
#include "io/protection_load.h"
#include "io/refload.h"

static struct demo_plan plan;

static int setup(void **state)
{
	(void)state;
	struct mapo_error err;
	core_fx_env();
	demo_plan_init(&plan);
	char *dir = xasprintf("%s/demo", refload_datadir());
	int rc = demo_plan_read(&plan, dir, &err);
	free(dir);
	if (rc) {
		fprintf(stderr, "demo plan: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	demo_plan_release(&plan);
	return 0;
}

static mapo_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* A new store with the shipped reference data. */
static void open_store(struct core_fx *fx)
{
	assert_int_equal(core_fx_open(fx, false), 0);
	if (refload_dir(&fx->rd, NULL, NULL, &fx->err) || refdata_install(fx->s, &fx->rd, &fx->err))
		fail_msg("reference data: %s", fx->err.msg);
}

static long long progress_calls, progress_last, progress_total;

static void on_progress(long long done, long long total, void *arg)
{
	(void)arg;
	assert_true(done >= progress_last);
	progress_last = done;
	progress_total = total;
	progress_calls++;
}

static void build(struct core_fx *fx, uint64_t seed, long long ncases)
{
	open_store(fx);
	progress_calls = progress_last = progress_total = 0;
	if (demo_generate(fx->s, &plan, seed, ncases, on_progress, NULL, &fx->err))
		fail_msg("demo: %s", fx->err.msg);
	assert_true(progress_calls > 0);
	assert_int_equal(progress_last, progress_total);
}

static struct stats_measures totals(store *s, mapo_date from, mapo_date to)
{
	struct stats_query q;
	struct stats_result r;
	struct mapo_error err;
	struct refdata rd;
	refdata_init(&rd);
	stats_query_init(&q);
	q.from = from;
	q.to = to;
	stats_result_init(&r);
	if (stats_run(s, &rd, &q, LANG_EN, &r, &err))
		fail_msg("stats: %s", err.msg);
	struct stats_measures m = r.totals;
	stats_result_release(&r);
	return m;
}

static char *statement_text(store *s, mapo_date as_of, enum mapo_lang lang)
{
	struct statement st;
	struct mapo_error err;
	struct buf out = BUF_INIT;
	if (statement_compute(s, DATE_NONE, as_of, &st, &err))
		fail_msg("statement: %s", err.msg);
	assert_int_equal(statement_format(&st, lang, &out), 0);
	return buf_detach(&out);
}

/* The published figures (issue 2, sections 5 and 6). */
static void assert_published(store *s)
{
	char *text = statement_text(s, ymd(2021, 6, 30), LANG_MS);
	assert_string_equal(text, core_fx_issue_text(LANG_MS));
	free(text);
	text = statement_text(s, ymd(2021, 6, 30), LANG_EN);
	assert_string_equal(text, core_fx_issue_text(LANG_EN));
	free(text);

	struct stats_measures m = totals(s, ymd(2020, 1, 1), ymd(2020, 12, 31));
	assert_int_equal(m.tip_cases, 165);
	assert_int_equal(m.som_cases, 265);

	m = totals(s, ymd(2015, 1, 1), ymd(2021, 6, 30));
	assert_int_equal(m.tip_cases, 1854);
	assert_int_equal(m.tip_arrests, 2732);
	assert_int_equal(m.victims_rescued, 10463);

	m = totals(s, ymd(2021, 1, 1), ymd(2021, 6, 30));
	assert_int_equal(m.tip_cases, 58);
	assert_int_equal(m.tip_arrests, 131);
	assert_int_equal(m.tip_forced_labour_cases, 37);
	assert_int_equal(m.som_cases, 142);
	assert_int_equal(m.som_arrests, 233);

	/* Every period of the plan, exactly. */
	for (size_t i = 0; i < plan.nperiods; i++) {
		const struct demo_period *p = &plan.periods[i];
		m = totals(s, p->start, p->end);
		if (p->kind == KIND_TIP) {
			assert_int_equal(m.tip_cases, p->cases);
			assert_int_equal(m.tip_arrests, p->arrests);
			assert_int_equal(m.victims_rescued, p->victims);
			assert_int_equal(m.tip_forced_labour_cases, p->forced_labour);
		} else {
			assert_int_equal(m.som_cases, p->cases);
			assert_int_equal(m.som_arrests, p->arrests);
		}
	}
	/* Nothing outside the demo's years. */
	m = totals(s, ymd(1900, 1, 1), ymd(2014, 12, 31));
	assert_int_equal(m.tip_cases + m.som_cases, 0);
	m = totals(s, ymd(2021, 7, 1), ymd(2099, 12, 31));
	assert_int_equal(m.tip_cases + m.som_cases, 0);
}

/* ---- a dump of everything, to compare two databases ------------------------------------------ */

static int dump_case(const struct mapo_case *c, void *arg)
{
	struct buf *b = arg;
	char d[DATE_STRLEN];
	char *offences = strvec_join(&c->offences, ";"), *forms = strvec_join(&c->forms, ";");
	date_format(c->action_date, d);
	buf_printf(b, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", c->ref, case_kind_code(c->kind), c->agency, d, c->state,
		offences, forms, case_status_code(c->status), c->related_ref, c->summary);
	free(offences);
	free(forms);
	return 0;
}

static int dump_person(const struct case_person *p, void *arg)
{
	struct buf *b = arg;
	char birth[DATE_STRLEN], arrest[DATE_STRLEN], rescue[DATE_STRLEN];
	date_format(p->birth_date, birth);
	date_format(p->arrest_date, arrest);
	date_format(p->rescue_date, rescue);
	buf_printf(b, "%s|%s|%s|%c|%s|%d|%s|%s|%s|%s|%s\n", p->case_ref, p->person_ref, person_role_code(p->role),
		p->sex, birth, p->age, p->nationality, arrest, suspect_role_code(p->suspect_role),
		trafficking_status_code(p->trafficking_status), rescue);
	return 0;
}

static char *dump(store *s)
{
	struct buf b = BUF_INIT;
	struct case_filter f;
	struct mapo_error err;
	case_filter_init(&f);
	f.sort = SORT_REF;
	assert_int_equal(store_case_list(s, &f, dump_case, &b, &err), 0);
	assert_int_equal(store_person_list(s, NULL, dump_person, &b, &err), 0);
	return buf_detach(&b);
}

/* ---- the checks on the data itself ----------------------------------------------------------- */

struct census {
	store *s;
	const struct refdata *rd;
	struct refdata seen;            /* codes met, by kind (names unused) */
	long long cases, persons, linked, invalid;
	long long status_by_year[7][STATUS__COUNT];
	long long victims, actual, possible, migrants, suspects, arrested;
	long long bad_dates;
	struct mapo_case current;       /* the case of the persons being listed */
};

static int census_person(const struct case_person *p, void *arg)
{
	struct census *k = arg;
	struct field_errors fe = FIELD_ERRORS_INIT;
	k->persons++;
	if (case_person_validate(p, &k->current, k->rd, &fe)) {
		if (k->invalid++ < 5)
			print_message("person %s: %s: %s\n", p->person_ref, fe.v[0].field, fe.v[0].msg);
	}
	field_errors_release(&fe);
	refdata_add(&k->seen, REF_COUNTRY, p->nationality, "", "", "");
	mapo_date action = k->current.action_date;
	mapo_date month_end = ymd(date_year(action), date_month(action),
		date_days_in_month(date_year(action), date_month(action)));
	mapo_date d = p->role == PROLE_SUSPECT ? p->arrest_date : p->rescue_date;
	if (d != DATE_NONE && (d < action || d > month_end || d > ymd(2021, 6, 30)))
		k->bad_dates++;
	switch (p->role) {
	case PROLE_SUSPECT:
		k->suspects++;
		k->arrested += p->arrest_date != DATE_NONE;
		break;
	case PROLE_VICTIM:
		k->victims++;
		k->actual += p->trafficking_status == TSTATUS_ACTUAL;
		k->possible += p->trafficking_status == TSTATUS_POSSIBLE;
		break;
	default:
		k->migrants++;
	}
	return 0;
}

static int census_case(const struct mapo_case *c, void *arg)
{
	struct census *k = arg;
	struct field_errors fe = FIELD_ERRORS_INIT;
	k->cases++;
	if (case_validate(c, k->rd, &fe)) {
		if (k->invalid++ < 5)
			print_message("case %s: %s: %s\n", c->ref, fe.v[0].field, fe.v[0].msg);
	}
	field_errors_release(&fe);
	refdata_add(&k->seen, REF_AGENCY, c->agency, "", "", "");
	refdata_add(&k->seen, REF_STATE, c->state, "", "", "");
	for (size_t i = 0; i < c->forms.n; i++)
		refdata_add(&k->seen, REF_FORM, c->forms.v[i], "", "", "");
	for (size_t i = 0; i < c->offences.n; i++)
		refdata_add(&k->seen, REF_OFFENCE, c->offences.v[i], "", "", "");
	int year = date_year(c->action_date);
	assert_true(year >= 2015 && year <= 2021);
	k->status_by_year[year - 2015][c->status]++;
	if (*c->related_ref) {
		struct mapo_case other;
		struct mapo_error err;
		case_init(&other);
		assert_int_equal(store_case_get(k->s, c->related_ref, &other, &err), 0);
		/* One event, two cases: a SOM case beside its TIP case, same day, same state. */
		assert_int_equal(c->kind, KIND_SOM);
		assert_int_equal(other.kind, KIND_TIP);
		assert_int_equal(other.action_date, c->action_date);
		assert_string_equal(other.state, c->state);
		case_release(&other);
		k->linked++;
	}
	return 0;
}

/* Persons are listed per case, so each is checked against its own case. */
static int census_case_and_persons(const struct mapo_case *c, void *arg)
{
	struct census *k = arg;
	struct mapo_error err;
	census_case(c, k);
	case_copy(&k->current, c);
	return store_person_list(k->s, c->ref, census_person, k, &err);
}

static void test_default_demo(void **state)
{
	(void)state;
	struct core_fx fx;
	build(&fx, 1, 0);
	assert_published(fx.s);

	long long n;
	struct case_filter f;
	case_filter_init(&f);
	assert_int_equal(store_case_count(fx.s, &f, &n, &fx.err), 0);
	assert_int_equal(n, demo_plan_cases(&plan));
	assert_int_equal(progress_total, n);

	struct census k;
	memset(&k, 0, sizeof(k));
	k.s = fx.s;
	k.rd = &fx.rd;
	refdata_init(&k.seen);
	case_init(&k.current);
	f.sort = SORT_REF;
	assert_int_equal(store_case_list(fx.s, &f, census_case_and_persons, &k, &fx.err), 0);
	assert_int_equal(k.invalid, 0);
	assert_int_equal(k.bad_dates, 0);

	/* All five agencies, all sixteen states, every form, and the nationalities of the region. */
	const char *agencies[] = {"PDRM", "JIM", "KDRM", "APMM", "JTK"};
	for (size_t i = 0; i < 5; i++)
		assert_non_null(refdata_find(&k.seen, REF_AGENCY, agencies[i]));
	assert_int_equal(k.seen.n[REF_STATE], 16);
	assert_int_equal(k.seen.n[REF_FORM], fx.rd.n[REF_FORM]);
	const char *countries[] = {"IDN", "BGD", "MMR", "VNM", "NPL", "PHL", "THA", "KHM", "IND", "CHN", "MYS",
		"LAO", "PAK", "LKA"};
	for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		assert_non_null(refdata_find(&k.seen, REF_COUNTRY, countries[i]));
	assert_non_null(refdata_find(&k.seen, REF_OFFENCE, "12"));
	assert_non_null(refdata_find(&k.seen, REF_OFFENCE, "26A"));

	/* Linked pairs, victims mostly actual, smuggled migrants, suspects not all arrested. */
	assert_true(k.linked >= 10);
	assert_true(k.actual > 4 * k.possible && k.possible > 0);
	assert_true(k.migrants > demo_plan_cases(&plan) / 2);
	assert_true(k.arrested < k.suspects);

	/* Older cases have moved on: far fewer still under investigation in 2015 than in 2021. */
	long long all2015 = 0, all2021 = 0;
	for (int s = 0; s < STATUS__COUNT; s++) {
		all2015 += k.status_by_year[0][s];
		all2021 += k.status_by_year[6][s];
	}
	assert_true(k.status_by_year[0][STATUS_INVESTIGATION] * 4 < all2015);
	assert_true(k.status_by_year[6][STATUS_INVESTIGATION] * 2 > all2021);
	assert_true(k.status_by_year[0][STATUS_CONVICTED] > k.status_by_year[0][STATUS_CHARGED]);

	case_release(&k.current);
	refdata_release(&k.seen);
	core_fx_close(&fx);
}

static void test_seeds(void **state)
{
	(void)state;
	struct core_fx a, b, c;
	build(&a, 7, 0);
	build(&b, 7, 0);
	build(&c, 20210630, 0);
	char *da = dump(a.s), *db = dump(b.s), *dc = dump(c.s);
	assert_true(strlen(da) > 100000);
	assert_string_equal(da, db);
	assert_true(strcmp(da, dc) != 0);
	assert_published(a.s);
	assert_published(c.s);
	free(da);
	free(db);
	free(dc);
	core_fx_close(&a);
	core_fx_close(&b);
	core_fx_close(&c);
}

static void test_scaling(void **state)
{
	(void)state;
	struct core_fx fx;
	long long planned = demo_plan_cases(&plan), ncases = planned / 2 + 17;
	build(&fx, 3, ncases);
	long long n;
	struct case_filter f;
	case_filter_init(&f);
	assert_int_equal(store_case_count(fx.s, &f, &n, &fx.err), 0);
	assert_int_equal(n, ncases);
	long long cases = 0;
	for (size_t i = 0; i < plan.nperiods; i++) {
		const struct demo_period *p = &plan.periods[i];
		struct stats_measures m = totals(fx.s, p->start, p->end);
		long long got_cases = p->kind == KIND_TIP ? m.tip_cases : m.som_cases;
		long long got_arrests = p->kind == KIND_TIP ? m.tip_arrests : m.som_arrests;
		/* Cases by largest remainders: the exact share rounded down or up. */
		assert_true(got_cases == p->cases * ncases / planned || got_cases == p->cases * ncases / planned + 1);
		assert_int_equal(got_arrests, (p->arrests * ncases + planned / 2) / planned);
		if (p->kind == KIND_TIP) {
			assert_int_equal(m.victims_rescued, (p->victims * ncases + planned / 2) / planned);
			assert_int_equal(m.tip_forced_labour_cases, (p->forced_labour * ncases + planned / 2) / planned);
		}
		cases += got_cases;
	}
	assert_int_equal(cases, ncases);
	core_fx_close(&fx);

	/* A tiny demo still works and adds up. */
	build(&fx, 3, 10);
	assert_int_equal(store_case_count(fx.s, &f, &n, &fx.err), 0);
	assert_int_equal(n, 10);
	core_fx_close(&fx);

	open_store(&fx);
	assert_int_equal(demo_generate(fx.s, &plan, 1, DEMO_CASES_MAX + 1, NULL, NULL, &fx.err), MAPO_EINVAL);
	core_fx_close(&fx);
}

static void test_failure_writes_nothing(void **state)
{
	(void)state;
	struct core_fx fx;
	open_store(&fx);
	store_fail_after(fx.s, 5000);
	assert_true(demo_generate(fx.s, &plan, 1, 0, NULL, NULL, &fx.err) < 0);
	store_fail_after(fx.s, 0);
	long long n = -1;
	struct case_filter f;
	case_filter_init(&f);
	assert_int_equal(store_case_count(fx.s, &f, &n, &fx.err), 0);
	assert_int_equal(n, 0);
	/* And the store still works afterwards. */
	assert_int_equal(demo_generate(fx.s, &plan, 1, 50, NULL, NULL, &fx.err), 0);
	assert_int_equal(store_case_count(fx.s, &f, &n, &fx.err), 0);
	assert_int_equal(n, 50);
	core_fx_close(&fx);
}

/* ---- plans ------------------------------------------------------------------------------------ */

static const char good_periods[] =
	"start,end,kind,cases,arrests,victims,forced_labour\n"
	"2020-01-01,2020-12-31,TIP,20,30,40,5\n"
	"2020-01-01,2020-06-30,SOM,10,12,0,0\n";

/* The shipped weights, as text. */
static char *shipped_weights(void)
{
	char *path = xasprintf("%s/demo/weights.csv", refload_datadir());
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	free(path);
	return buf_detach(&b);
}

static void expect_plan_error(const char *periods, const char *weights, const char *want)
{
	struct demo_plan p;
	struct mapo_error err;
	demo_plan_init(&p);
	int rc = demo_plan_read_mem(&p, periods, weights, &err);
	assert_int_equal(rc, MAPO_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
	demo_plan_release(&p);
}

static void test_plan_errors(void **state)
{
	(void)state;
	char *weights = shipped_weights();
	struct demo_plan p;
	struct mapo_error err;
	demo_plan_init(&p);
	assert_int_equal(demo_plan_read_mem(&p, good_periods, weights, &err), 0);
	assert_int_equal(demo_plan_cases(&p), 30);
	assert_int_equal(p.nperiods, 2);
	assert_int_equal(p.periods[1].kind, KIND_SOM);
	assert_true(p.rate_set[RATE_LINKED_PAIR]);
	demo_plan_release(&p);

	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n"
			  "2020-01-01,2020-12-31,TIP,20,30,40,5\n2020-06-01,2020-06-30,TIP,1,0,0,0\n",
		weights, "periods.csv:3: ");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-02,2020-12-31,TIP,20,30,40,5\n",
		weights, "whole months");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-30,TIP,20,30,40,5\n",
		weights, "whole months");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,TIP,5,30,40,6\n",
		weights, "forced labour");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,SOM,5,3,1,0\n",
		weights, "SOM");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,TIP,0,3,0,0\n",
		weights, "without cases");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,XYZ,1,0,0,0\n",
		weights, "column 'kind'");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-13-01,2020-12-31,TIP,1,0,0,0\n",
		weights, "periods.csv:2: column 'start'");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,TIP,-1,0,0,0\n",
		weights, "column 'cases'");
	expect_plan_error("start,end,kind,cases,arrests,victims\n2020-01-01,2020-12-31,TIP,1,0,0\n", weights,
		"missing column 'forced_labour'");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour,note\n"
			  "2020-01-01,2020-12-31,TIP,1,0,0,0,x\n",
		weights, "unknown column 'note'");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n2020-01-01,2020-12-31,TIP,1,0,0\n",
		weights, "periods.csv:2:");
	expect_plan_error("start,end,kind,cases,arrests,victims,forced_labour\n", weights, "no periods");

	char *bad = xasprintf("%stip-agency,PDRM,3\n", weights);
	expect_plan_error(good_periods, bad, "given twice");
	free(bad);
	bad = xasprintf("%scolour,red,3\n", weights);
	expect_plan_error(good_periods, bad, "unknown dimension 'colour'");
	free(bad);
	bad = xasprintf("%srate,lunar-phase,0.5\n", weights);
	expect_plan_error(good_periods, bad, "lunar-phase");
	free(bad);
	bad = xasprintf("%ssuspect-sex,X,1\n", weights);
	expect_plan_error(good_periods, bad, "'X'");
	free(bad);
	bad = xasprintf("%sstate,MY-99,abc\n", weights);
	expect_plan_error(good_periods, bad, "column 'weight'");
	free(bad);
	bad = xasprintf("%sstate,MY-98,-1\n", weights);
	expect_plan_error(good_periods, bad, "MY-98");
	free(bad);
	expect_plan_error(good_periods, "dimension,code,weight\nstate,MY-01,1\n", "no weights");
	/* A rate left out. */
	const char *cut = strstr(weights, "rate,same-day");
	assert_non_null(cut);
	bad = xstrndup(weights, (size_t)(cut - weights));
	expect_plan_error(good_periods, bad, "same-day");
	free(bad);
	free(weights);
}

static void test_plan_codes_checked(void **state)
{
	(void)state;
	char *weights = shipped_weights();
	char *bad = xasprintf("%sstate,MY-77,1\n", weights);
	struct demo_plan p;
	struct core_fx fx;
	demo_plan_init(&p);
	assert_int_equal(demo_plan_read_mem(&p, good_periods, bad, &fx.err), 0);
	open_store(&fx);
	assert_int_equal(demo_generate(fx.s, &p, 1, 0, NULL, NULL, &fx.err), MAPO_EINVAL);
	assert_non_null(strstr(fx.err.msg, "MY-77"));
	demo_plan_release(&p);
	free(bad);

	/* A SOM section among the TIP offences. */
	bad = xasprintf("%stip-offence,26A,1\n", weights);
	demo_plan_init(&p);
	assert_int_equal(demo_plan_read_mem(&p, good_periods, bad, &fx.err), 0);
	assert_int_equal(demo_generate(fx.s, &p, 1, 0, NULL, NULL, &fx.err), MAPO_EINVAL);
	assert_non_null(strstr(fx.err.msg, "26A"));
	demo_plan_release(&p);
	free(bad);

	/* The small plan itself works and is exact. */
	demo_plan_init(&p);
	assert_int_equal(demo_plan_read_mem(&p, good_periods, weights, &fx.err), 0);
	assert_int_equal(demo_generate(fx.s, &p, 99, 0, NULL, NULL, &fx.err), 0);
	struct stats_measures m = totals(fx.s, ymd(2020, 1, 1), ymd(2020, 12, 31));
	assert_int_equal(m.tip_cases, 20);
	assert_int_equal(m.tip_arrests, 30);
	assert_int_equal(m.victims_rescued, 40);
	assert_int_equal(m.tip_forced_labour_cases, 5);
	assert_int_equal(m.som_cases, 10);
	assert_int_equal(m.som_arrests, 12);
	demo_plan_release(&p);
	free(weights);
	core_fx_close(&fx);
}

/* ---- the protection part ---------------------------------------------------------------------- */

/* A demo of ncases with the protection part (the shipped files, the persons limit set to cap when
 * cap >= 0) as `mapo demo` writes it: the order kinds, indicators and health checks of the data
 * directory, and a key beside the database. *v gets the key. */
static void build_protected(struct core_fx *fx, uint64_t seed, long long ncases, long long cap, vault **v,
	struct demo_protection_counts *counts)
{
	struct order_kinds kinds;
	struct indicator_list ind;
	struct health_check_list checks;
	struct demo_protection dp;
	const char *dir = refload_datadir();
	char *orders = xasprintf("%s/orders.csv", dir), *indicators = xasprintf("%s/indicators.csv", dir);
	char *health = xasprintf("%s/health_checks.csv", dir), *demo_dir = xasprintf("%s/demo", dir);
	char *key;

	build(fx, seed, ncases);
	key = xasprintf("%s/mapo.db.key", fx->dir);
	order_kinds_init(&kinds);
	indicator_list_init(&ind);
	health_check_list_init(&checks);
	demo_protection_init(&dp);
	if (protection_load_orders(orders, &kinds, NULL, &fx->err) ||
	    protection_load_indicators(indicators, &ind, NULL, &fx->err) ||
	    protection_load_health_checks(health, &checks, NULL, &fx->err) ||
	    protect_install_refdata(fx->s, &kinds, &ind, &fx->err) || protect_health_install(fx->s, &checks, &fx->err) ||
	    vault_key_create(key, &fx->err) || vault_open(v, key, &fx->err) ||
	    demo_protection_read(&dp, demo_dir, &fx->err))
		fail_msg("protection set-up: %s", fx->err.msg);
	if (cap >= 0)
		dp.limits[DPL_PERSONS] = cap;
	if (demo_protection_generate(fx->s, *v, &dp, &plan, seed, counts, &fx->err))
		fail_msg("demo protection: %s", fx->err.msg);
	demo_protection_release(&dp);
	health_check_list_release(&checks);
	indicator_list_release(&ind);
	order_kinds_release(&kinds);
	free(orders);
	free(indicators);
	free(health);
	free(demo_dir);
	free(key);
}

struct order_check {
	store *s;
	struct buf rows;   /* every order, one line each, to compare two builds */
	long long orders, unprotected, open;
};

static int check_order(const struct protection_order *o, void *arg)
{
	struct order_check *c = arg;
	struct mapo_error err;
	bool yes = false;
	char start[DATE_STRLEN], end[DATE_STRLEN];
	if (protect_under_protection(c->s, o->person_ref, &yes, &err))
		fail_msg("under protection: %s", err.msg);
	c->orders++;
	c->unprotected += !yes;
	c->open += o->outcome == OUTCOME_NONE;
	date_format(o->start_date, start);
	date_format(o->end_date, end);
	buf_printf(&c->rows, "%lld %s %s %s %s %s %lld %s\n", (long long)o->id, o->person_ref, o->kind, o->court,
		start, end, (long long)o->parent_id, o->outcome == OUTCOME_NONE ? "-" : order_outcome_code(o->outcome));
	return 0;
}

/* Each sampled victim's decisions: the last one is the role's status. */
struct decision_check {
	enum trafficking_status last;
	long long n;
};

static int last_decision(const struct status_decision *d, const char *reason, void *arg)
{
	struct decision_check *c = arg;
	(void)reason;
	c->last = d->status;
	c->n++;
	return 0;
}

struct role_check {
	store *s;
	const vault *v;
	long long decided, differ;
};

static int check_role(const struct case_person *p, void *arg)
{
	struct role_check *c = arg;
	struct decision_check d = {TSTATUS_NONE, 0};
	struct mapo_error err;
	if (p->role != PROLE_VICTIM)
		return 0;
	if (protect_status_history(c->s, c->v, NULL, p->person_ref, last_decision, &d, &err))
		fail_msg("history: %s", err.msg);
	if (!d.n)
		return 0;
	c->decided++;
	c->differ += d.last != p->trafficking_status;
	return 0;
}

static void victim_counts(store *s, enum victim_dim dim, struct victim_counts *out)
{
	struct mapo_error err;
	if (protect_victim_counts(s, NULL, ymd(2015, 1, 1), ymd(2021, 6, 30), dim, out, &err))
		fail_msg("victim counts: %s", err.msg);
}

static void test_protection_part(void **state)
{
	(void)state;
	struct core_fx fx;
	struct demo_protection_counts n;
	struct mapo_error err;
	vault *v = NULL;
	build_protected(&fx, 5, 700, -1, &v, &n);

	/* The figures are those of the demo without it: the same seed and size give the same totals,
	 * and every victim keeps its status. */
	struct core_fx plain;
	build(&plain, 5, 700);
	struct stats_measures with = totals(fx.s, ymd(2015, 1, 1), ymd(2021, 6, 30));
	struct stats_measures without = totals(plain.s, ymd(2015, 1, 1), ymd(2021, 6, 30));
	assert_memory_equal(&with, &without, sizeof(with));
	struct victim_counts a = VICTIM_COUNTS_INIT, b = VICTIM_COUNTS_INIT;
	victim_counts(fx.s, VDIM_STATUS, &a);
	victim_counts(plain.s, VDIM_STATUS, &b);
	assert_int_equal(a.keys.n, b.keys.n);
	for (size_t i = 0; i < a.keys.n; i++) {
		assert_string_equal(a.keys.v[i], b.keys.v[i]);
		assert_int_equal(a.n[i], b.n[i]);
	}
	victim_counts_release(&a);
	victim_counts_release(&b);
	core_fx_close(&plain);

	/* Something of every kind, within the limits. */
	assert_true(n.persons > 100 && n.persons <= 400);
	assert_int_equal(n.screenings, n.persons);
	assert_int_equal(n.decisions, n.persons);
	assert_true(n.identities > 0 && n.identities <= n.persons);
	assert_true(n.consents >= 2 * n.persons);
	assert_true(n.shelters >= 6 && n.shelters <= 10);
	assert_true(n.orders > n.persons / 2);
	assert_true(n.open_orders > 0);
	assert_true(n.stays > 0 && n.health == n.stays && n.discharges > 0 && n.discharges < n.stays);
	assert_true(n.warnings > 0 && n.warnings < n.stays / 4);
	assert_true(n.permits > 0 && n.repatriations > 0 && n.referrals > 0);

	/* Every order's person is under protection (a possible or actual victim); some are past their
	 * end with no outcome. */
	struct order_check oc = {fx.s, BUF_INIT, 0, 0, 0};
	struct order_query q = {ORDERS_ALL, DATE_NONE, 0, NULL};
	assert_int_equal(protect_order_list(fx.s, NULL, &q, check_order, &oc, &err), 0);
	assert_int_equal(oc.orders, n.orders);
	assert_int_equal(oc.unprotected, 0);
	assert_int_equal(oc.open, n.open_orders);
	struct order_check overdue = {fx.s, BUF_INIT, 0, 0, 0};
	q.which = ORDERS_OVERDUE;
	q.as_of = date_today();
	assert_int_equal(protect_order_list(fx.s, NULL, &q, check_order, &overdue, &err), 0);
	assert_true(overdue.orders > 0 && overdue.orders <= n.open_orders);
	buf_release(&overdue.rows);

	/* Every decision is the role's status. */
	struct role_check rc = {fx.s, v, 0, 0};
	assert_int_equal(store_person_list(fx.s, NULL, check_role, &rc, &err), 0);
	assert_int_equal(rc.decided, n.decisions);
	assert_int_equal(rc.differ, 0);

	/* The same seed writes the same orders; the persons limit holds whatever the size. */
	struct core_fx again;
	struct demo_protection_counts m;
	vault *v2 = NULL;
	build_protected(&again, 5, 700, 25, &v2, &m);
	assert_true(m.persons > 0 && m.persons <= 25);
	vault_free(v2);
	core_fx_close(&again);
	build_protected(&again, 5, 700, -1, &v2, &m);
	struct order_check oc2 = {again.s, BUF_INIT, 0, 0, 0};
	q.which = ORDERS_ALL;
	assert_int_equal(protect_order_list(again.s, NULL, &q, check_order, &oc2, &err), 0);
	assert_string_equal(buf_str(&oc.rows), buf_str(&oc2.rows));
	assert_memory_equal(&m, &n, sizeof(m));
	buf_release(&oc.rows);
	buf_release(&oc2.rows);
	vault_free(v2);
	core_fx_close(&again);
	vault_free(v);
	core_fx_close(&fx);
}

static void expect_protection_error(const char *dim, const char *code, double value, const char *want)
{
	struct demo_protection dp;
	struct mapo_error err;
	demo_protection_init(&dp);
	mapo_error_clear(&err);
	assert_int_equal(demo_protection_add(&dp, dim, code, value, &err), MAPO_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("'%s' not in '%s'", want, err.msg);
	demo_protection_release(&dp);
}

static void test_protection_plan_errors(void **state)
{
	(void)state;
	expect_protection_error("limit", "everyone", 1, "unknown limit 'everyone'");
	expect_protection_error("limit", "persons", 1.5, "not a whole number");
	expect_protection_error("rate", "interim", 1.5, "out of range");
	expect_protection_error("rate", "sometimes", 0.5, "unknown rate 'sometimes'");
	expect_protection_error("outcome", "superseded", 1, "unknown code 'superseded'");
	expect_protection_error("service", "massage", 1, "unknown code 'massage'");
	expect_protection_error("colour", "red", 1, "unknown dimension 'colour'");
	expect_protection_error("court", "X", -1, "from 0 up");

	/* An incomplete plan: no shelter for children. */
	struct demo_protection dp;
	struct mapo_error err;
	char *dir = xasprintf("%s/demo", refload_datadir());
	demo_protection_init(&dp);
	assert_int_equal(demo_protection_read(&dp, dir, &err), 0);
	size_t keep = 0;
	for (size_t i = 0; i < dp.nshelters; i++)
		if (dp.shelters[i].serves != SERVES_CHILDREN)
			dp.shelters[keep++] = dp.shelters[i];
	dp.nshelters = keep;
	assert_int_equal(demo_protection_check(&dp, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "no shelter for children"));
	demo_protection_release(&dp);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_demo),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_failure_writes_nothing),
		cmocka_unit_test(test_plan_errors),
		cmocka_unit_test(test_plan_codes_checked),
		cmocka_unit_test(test_protection_part),
		cmocka_unit_test(test_protection_plan_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
