/* Tests of src/core/statement.c: the figures from a small hand-built store and the exact
 * sentence in both languages: month ends and mid-month dates, leap years, empty periods,
 * singular forms, thousands separators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/statement.h"
#include "core_fixture.h"

static int setup(void **state)
{
	(void)state;
	core_fx_env();
	return 0;
}

static mapo_date ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* Inserts a case (agency PDRM for TIP, JIM for SOM) and returns its reference in ref. */
static void add_case(struct core_fx *fx, enum case_kind kind, mapo_date action, bool forced_labour,
	char ref[CASE_REF_MAX])
{
	const char *forms = kind != KIND_TIP ? "" : forced_labour ? "forced-labour" : "sexual";
	assert_int_equal(core_fx_add_case(fx, kind, kind == KIND_TIP ? "PDRM" : "JIM", action, "MY-01", forms,
				 STATUS_INVESTIGATION, ref),
		0);
}

static long person_no;

static void add_person(struct core_fx *fx, const char *case_ref, enum person_role role, mapo_date arrest,
	mapo_date rescue)
{
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "T-%06ld", ++person_no);
	p.role = role;
	p.sex = 'M';
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	p.arrest_date = arrest;
	p.rescue_date = rescue;
	if (role == PROLE_VICTIM)
		p.trafficking_status = TSTATUS_ACTUAL;
	if (store_person_put(fx->s, &p, &fx->err))
		fail_msg("person %s: %s", p.person_ref, fx->err.msg);
}

static char *statement_text(store *s, mapo_date from, mapo_date as_of, enum mapo_lang lang)
{
	struct statement st;
	struct mapo_error err;
	struct buf out = BUF_INIT;
	if (statement_compute(s, from, as_of, &st, &err))
		fail_msg("statement: %s", err.msg);
	assert_int_equal(statement_format(&st, lang, &out), 0);
	return buf_detach(&out);
}

static void assert_statement(store *s, mapo_date from, mapo_date as_of, enum mapo_lang lang, const char *want)
{
	char *got = statement_text(s, from, as_of, lang);
	assert_string_equal(got, want);
	free(got);
}

/* The issue's sentence from a store holding exactly its figures for January-June 2021, with
 * records around the edges that must not count. */
static void test_issue_sentence(void **state)
{
	(void)state;
	struct core_fx fx;
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	assert_int_equal(store_begin(fx.s, &fx.err), 0);

	/* 58 TIP cases, 37 with forced labour, 131 arrests spread 2-3 per case (58 * 2 + 15). */
	for (int i = 0; i < 58; i++) {
		mapo_date action = ymd(2021, 1 + i % 6, 1 + i % 28);
		add_case(&fx, KIND_TIP, action, i < 37, ref);
		int arrests = 2 + (i < 15);
		for (int a = 0; a < arrests; a++)
			add_person(&fx, ref, PROLE_SUSPECT, action, DATE_NONE);
		add_person(&fx, ref, PROLE_SUSPECT, DATE_NONE, DATE_NONE); /* not arrested */
		add_person(&fx, ref, PROLE_VICTIM, DATE_NONE, action);
	}
	/* 142 SOM cases and 233 arrests (142 + 91). */
	for (int i = 0; i < 142; i++) {
		mapo_date action = ymd(2021, 1 + i % 6, 1 + i % 28);
		add_case(&fx, KIND_SOM, action, false, ref);
		for (int a = 0; a < 1 + (i < 91); a++)
			add_person(&fx, ref, PROLE_SUSPECT, action, DATE_NONE);
		add_person(&fx, ref, PROLE_SMUGGLED_MIGRANT, DATE_NONE, DATE_NONE);
	}
	/* Outside: a case on 31 December 2020 and one on 1 July 2021; an arrest on 1 July in a
	 * June case (after the as-of date). */
	add_case(&fx, KIND_TIP, ymd(2020, 12, 31), true, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2020, 12, 31), DATE_NONE);
	add_case(&fx, KIND_SOM, ymd(2021, 7, 1), false, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 7, 1), DATE_NONE);
	add_case(&fx, KIND_TIP, ymd(2021, 6, 30), false, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 7, 1), DATE_NONE);
	assert_int_equal(store_commit(fx.s, &fx.err), 0);

	/* That last case counts (59); its July arrest does not. Remove it to get the issue's 58. */
	struct statement st;
	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2021, 6, 30), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 59);
	assert_int_equal(st.m.tip_arrests, 131);
	assert_int_equal(st.from, ymd(2021, 1, 1));
	assert_int_equal(store_case_delete(fx.s, ref, 0, &fx.err), 0);

	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2021, 6, 30), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 58);
	assert_int_equal(st.m.tip_arrests, 131);
	assert_int_equal(st.m.tip_forced_labour_cases, 37);
	assert_int_equal(st.m.som_cases, 142);
	assert_int_equal(st.m.som_arrests, 233);
	assert_int_equal(st.m.victims_rescued, 58);
	assert_statement(fx.s, DATE_NONE, ymd(2021, 6, 30), LANG_MS, core_fx_issue_text(LANG_MS));
	assert_statement(fx.s, DATE_NONE, ymd(2021, 6, 30), LANG_EN, core_fx_issue_text(LANG_EN));
	/* An explicit start of 1 January is the default. */
	assert_statement(fx.s, ymd(2021, 1, 1), ymd(2021, 6, 30), LANG_EN, core_fx_issue_text(LANG_EN));

	/* With the start a day earlier, the December case and its arrest count too. */
	assert_int_equal(statement_compute(fx.s, ymd(2020, 12, 31), ymd(2021, 6, 30), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 59);
	assert_int_equal(st.m.tip_arrests, 132);
	assert_int_equal(st.m.tip_forced_labour_cases, 38);

	/* Mid-month: up to 15 June only; the date is written in full. Cases i with month 6 are
	 * i % 6 == 5 and their day 1 + i % 28; count them by hand. */
	long long tip = 0, fl = 0, arrests = 0, som = 0, som_arrests = 0;
	for (int i = 0; i < 58; i++)
		if (i % 6 != 5 || 1 + i % 28 <= 15) {
			tip++;
			fl += i < 37;
			arrests += 2 + (i < 15);
		}
	for (int i = 0; i < 142; i++)
		if (i % 6 != 5 || 1 + i % 28 <= 15) {
			som++;
			som_arrests += 1 + (i < 91);
		}
	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2021, 6, 15), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, tip);
	assert_int_equal(st.m.tip_forced_labour_cases, fl);
	assert_int_equal(st.m.tip_arrests, arrests);
	assert_int_equal(st.m.som_cases, som);
	assert_int_equal(st.m.som_arrests, som_arrests);
	char want[1024];
	snprintf(want, sizeof(want),
		"As of 15 June 2021, action was taken on %lld trafficking in persons cases involving %lld arrests. "
		"Of these, %lld cases involved forced labour exploitation. For the same period, action was taken "
		"on %lld migrant smuggling cases involving %lld arrests.\n",
		tip, arrests, fl, som, som_arrests);
	assert_statement(fx.s, DATE_NONE, ymd(2021, 6, 15), LANG_EN, want);
	snprintf(want, sizeof(want),
		"Sehingga 15 Jun 2021, sebanyak %lld kes pemerdagangan orang telah diambil tindakan melibatkan "
		"tangkapan berjumlah %lld orang. Daripada jumlah ini, sebanyak %lld kes adalah melibatkan "
		"eksploitasi buruh paksa. Bagi tempoh yang sama, sebanyak %lld kes penyeludupan migran telah "
		"diambil tindakan melibatkan tangkapan berjumlah %lld orang.\n",
		tip, arrests, fl, som, som_arrests);
	assert_statement(fx.s, DATE_NONE, ymd(2021, 6, 15), LANG_MS, want);
	core_fx_close(&fx);
}

static void test_empty_period(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	assert_statement(fx.s, DATE_NONE, ymd(2019, 1, 31), LANG_EN,
		"As of January 2019, action was taken on 0 trafficking in persons cases involving 0 arrests. "
		"Of these, 0 cases involved forced labour exploitation. For the same period, action was taken "
		"on 0 migrant smuggling cases involving 0 arrests.\n");
	assert_statement(fx.s, DATE_NONE, ymd(2019, 1, 31), LANG_MS,
		"Sehingga Januari 2019, sebanyak 0 kes pemerdagangan orang telah diambil tindakan melibatkan "
		"tangkapan berjumlah 0 orang. Daripada jumlah ini, sebanyak 0 kes adalah melibatkan eksploitasi "
		"buruh paksa. Bagi tempoh yang sama, sebanyak 0 kes penyeludupan migran telah diambil tindakan "
		"melibatkan tangkapan berjumlah 0 orang.\n");
	core_fx_close(&fx);
}

static void test_singular(void **state)
{
	(void)state;
	struct core_fx fx;
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	add_case(&fx, KIND_TIP, ymd(2021, 3, 3), true, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 3, 4), DATE_NONE);
	add_case(&fx, KIND_SOM, ymd(2021, 3, 5), false, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 3, 5), DATE_NONE);
	assert_statement(fx.s, DATE_NONE, ymd(2021, 3, 31), LANG_EN,
		"As of March 2021, action was taken on 1 trafficking in persons case involving 1 arrest. "
		"Of these, 1 case involved forced labour exploitation. For the same period, action was taken "
		"on 1 migrant smuggling case involving 1 arrest.\n");
	assert_statement(fx.s, DATE_NONE, ymd(2021, 3, 31), LANG_MS,
		"Sehingga Mac 2021, sebanyak 1 kes pemerdagangan orang telah diambil tindakan melibatkan "
		"tangkapan berjumlah 1 orang. Daripada jumlah ini, sebanyak 1 kes adalah melibatkan eksploitasi "
		"buruh paksa. Bagi tempoh yang sama, sebanyak 1 kes penyeludupan migran telah diambil tindakan "
		"melibatkan tangkapan berjumlah 1 orang.\n");
	/* A second forced labour case: plural cases, still one arrest. */
	add_case(&fx, KIND_TIP, ymd(2021, 3, 9), true, ref);
	assert_statement(fx.s, DATE_NONE, ymd(2021, 3, 31), LANG_EN,
		"As of March 2021, action was taken on 2 trafficking in persons cases involving 1 arrest. "
		"Of these, 2 cases involved forced labour exploitation. For the same period, action was taken "
		"on 1 migrant smuggling case involving 1 arrest.\n");
	core_fx_close(&fx);
}

static char *format(const struct statement *st, enum mapo_lang lang)
{
	struct buf out = BUF_INIT;
	assert_int_equal(statement_format(st, lang, &out), 0);
	return buf_detach(&out);
}

static void test_thousands_and_dates(void **state)
{
	(void)state;
	struct statement st = {.from = ymd(2015, 1, 1), .as_of = ymd(2021, 6, 30),
		.m = {.tip_cases = 1854, .tip_arrests = 2732, .tip_forced_labour_cases = 1000, .som_cases = 999,
			.som_arrests = 1234567, .victims_rescued = 10463}};
	char *s = format(&st, LANG_EN);
	assert_string_equal(s,
		"As of June 2021, action was taken on 1,854 trafficking in persons cases involving 2,732 arrests. "
		"Of these, 1,000 cases involved forced labour exploitation. For the same period, action was taken "
		"on 999 migrant smuggling cases involving 1,234,567 arrests.\n");
	free(s);
	s = format(&st, LANG_MS);
	assert_string_equal(s,
		"Sehingga Jun 2021, sebanyak 1,854 kes pemerdagangan orang telah diambil tindakan melibatkan "
		"tangkapan berjumlah 2,732 orang. Daripada jumlah ini, sebanyak 1,000 kes adalah melibatkan "
		"eksploitasi buruh paksa. Bagi tempoh yang sama, sebanyak 999 kes penyeludupan migran telah diambil "
		"tindakan melibatkan tangkapan berjumlah 1,234,567 orang.\n");
	/* One line: the only newline is the last byte. */
	assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
	free(s);

	/* Month ends, leap years, and a date written in full. */
	static const struct {
		int y, m, d;
		const char *en, *ms;
	} dates[] = {
		{2020, 2, 29, "February 2020", "Februari 2020"},
		{2020, 2, 28, "28 February 2020", "28 Februari 2020"},
		{2021, 2, 28, "February 2021", "Februari 2021"},
		{2024, 2, 29, "February 2024", "Februari 2024"},
		{2100, 2, 28, "February 2100", "Februari 2100"},
		{2021, 12, 31, "December 2021", "Disember 2021"},
		{2021, 1, 1, "1 January 2021", "1 Januari 2021"},
		{2021, 8, 30, "30 August 2021", "30 Ogos 2021"},
		{2021, 8, 31, "August 2021", "Ogos 2021"},
		{2021, 3, 15, "15 March 2021", "15 Mac 2021"},
		{2021, 5, 31, "May 2021", "Mei 2021"},
		{2021, 7, 31, "July 2021", "Julai 2021"},
	};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		struct buf b = BUF_INIT;
		mapo_date d = ymd(dates[i].y, dates[i].m, dates[i].d);
		assert_int_equal(statement_format_as_of(d, LANG_EN, &b), 0);
		assert_string_equal(buf_str(&b), dates[i].en);
		buf_reset(&b);
		assert_int_equal(statement_format_as_of(d, LANG_MS, &b), 0);
		assert_string_equal(buf_str(&b), dates[i].ms);
		buf_release(&b);
	}
	st.as_of = ymd(2020, 2, 29);
	s = format(&st, LANG_EN);
	assert_true(!strncmp(s, "As of February 2020, ", 21));
	free(s);
	st.as_of = ymd(2020, 2, 28);
	s = format(&st, LANG_MS);
	assert_true(!strncmp(s, "Sehingga 28 Februari 2020, ", 27));
	free(s);
}

static void test_leap_day_period(void **state)
{
	(void)state;
	struct core_fx fx;
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	add_case(&fx, KIND_TIP, ymd(2020, 2, 29), false, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2020, 2, 29), DATE_NONE);
	add_person(&fx, ref, PROLE_VICTIM, DATE_NONE, ymd(2020, 2, 29));
	struct statement st;
	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2020, 2, 28), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 0);
	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2020, 2, 29), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 1);
	assert_int_equal(st.m.tip_arrests, 1);
	assert_int_equal(st.m.victims_rescued, 1);
	assert_statement(fx.s, DATE_NONE, ymd(2020, 2, 29), LANG_EN,
		"As of February 2020, action was taken on 1 trafficking in persons case involving 1 arrest. "
		"Of these, 0 cases involved forced labour exploitation. For the same period, action was taken "
		"on 0 migrant smuggling cases involving 0 arrests.\n");
	/* The default start is 1 January of the as-of year: a 2021 statement leaves it out. */
	assert_int_equal(statement_compute(fx.s, DATE_NONE, ymd(2021, 2, 28), &st, &fx.err), 0);
	assert_int_equal(st.m.tip_cases, 0);
	core_fx_close(&fx);
}

static void test_period_errors(void **state)
{
	(void)state;
	mapo_date from;
	struct mapo_error err;
	assert_int_equal(statement_period(DATE_NONE, ymd(2021, 6, 30), &from, &err), 0);
	assert_int_equal(from, ymd(2021, 1, 1));
	assert_int_equal(statement_period(ymd(2020, 4, 1), ymd(2021, 3, 31), &from, &err), 0);
	assert_int_equal(from, ymd(2020, 4, 1));
	assert_int_equal(statement_period(ymd(2021, 6, 30), ymd(2021, 6, 30), &from, &err), 0);
	assert_int_equal(statement_period(ymd(2021, 7, 1), ymd(2021, 6, 30), &from, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "2021-07-01"));
	assert_int_equal(statement_period(DATE_NONE, DATE_NONE, &from, &err), MAPO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_sentence),
		cmocka_unit_test(test_empty_period),
		cmocka_unit_test(test_singular),
		cmocka_unit_test(test_thousands_and_dates),
		cmocka_unit_test(test_leap_day_period),
		cmocka_unit_test(test_period_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
