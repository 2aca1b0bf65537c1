/* Tests of src/core/case.c: every rule of case_validate and case_person_validate for both kinds,
 * references, the vocabularies and their names. The clock is fixed (MAPO_TODAY). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/refdata.h"

#define TODAY "2021-07-15"

static struct refdata rd;

static int setup(void **state)
{
	(void)state;
	setenv("MAPO_TODAY", TODAY, 1);
	i18n_init(NULL);
	i18n_set_lang(LANG_EN);
	refdata_init(&rd);
	refdata_add(&rd, REF_AGENCY, "PDRM", "Polis Diraja Malaysia", "Royal Malaysia Police", "enforcement");
	refdata_add(&rd, REF_AGENCY, "JIM", "Jabatan Imigresen Malaysia", "Immigration Department", "enforcement");
	refdata_add(&rd, REF_STATE, "MY-01", "Johor", "Johor", "");
	refdata_add(&rd, REF_STATE, "MY-10", "Selangor", "Selangor", "");
	refdata_add(&rd, REF_OFFENCE, "12", "Pemerdagangan", "Trafficking", "TIP");
	refdata_add(&rd, REF_OFFENCE, "14", "Kanak-kanak", "Children", "TIP");
	refdata_add(&rd, REF_OFFENCE, "26A", "Penyeludupan", "Smuggling", "SOM");
	refdata_add(&rd, REF_OFFENCE, "26B", "Penyeludupan teruk", "Aggravated smuggling", "SOM");
	refdata_add(&rd, REF_FORM, "sexual", "Eksploitasi seks", "Sexual exploitation", "");
	refdata_add(&rd, REF_FORM, "forced-labour", "Buruh paksa", "Forced labour", "");
	refdata_add(&rd, REF_COUNTRY, "IDN", "Indonesia", "Indonesia", "ID");
	refdata_add(&rd, REF_COUNTRY, "MYS", "Malaysia", "Malaysia", "MY");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	refdata_release(&rd);
	return 0;
}

static void tip_case(struct mapo_case *c)
{
	case_init(c);
	snprintf(c->ref, sizeof(c->ref), "PDRM/2021/000123");
	c->kind = KIND_TIP;
	snprintf(c->agency, sizeof(c->agency), "PDRM");
	c->action_date = date_from_ymd(2021, 6, 15);
	snprintf(c->state, sizeof(c->state), "MY-10");
	strvec_push(&c->offences, "12");
	strvec_push(&c->forms, "forced-labour");
	c->status = STATUS_CHARGED;
	case_set_summary(c, "Inspection of a factory");
}

static void som_case(struct mapo_case *c)
{
	case_init(c);
	snprintf(c->ref, sizeof(c->ref), "JIM/2021/000007");
	c->kind = KIND_SOM;
	snprintf(c->agency, sizeof(c->agency), "JIM");
	c->action_date = date_from_ymd(2021, 6, 15);
	snprintf(c->state, sizeof(c->state), "MY-01");
	strvec_push(&c->offences, "26A");
	c->status = STATUS_INVESTIGATION;
}

/* Exactly one error, on field. */
static void expect_one(const struct mapo_case *c, const char *field)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	size_t n = case_validate(c, &rd, &fe);
	if (n != 1 || strcmp(fe.v[0].field, field)) {
		for (size_t i = 0; i < fe.n; i++)
			print_message("  %s: %s\n", fe.v[i].field, fe.v[i].msg);
		fail_msg("expected one error on %s, got %zu", field, n);
	}
	assert_int_equal(fe.n, 1);
	assert_true(strlen(fe.v[0].msg) > 0);
	field_errors_release(&fe);
}

static void expect_valid(const struct mapo_case *c)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	size_t n = case_validate(c, &rd, &fe);
	for (size_t i = 0; i < fe.n; i++)
		print_message("  %s: %s\n", fe.v[i].field, fe.v[i].msg);
	assert_int_equal(n, 0);
	field_errors_release(&fe);
}

static void test_valid_cases(void **state)
{
	(void)state;
	struct mapo_case c;
	tip_case(&c);
	expect_valid(&c);
	case_release(&c);
	som_case(&c);
	expect_valid(&c);
	/* No offences yet is allowed; the boundary dates too. */
	strvec_clear(&c.offences);
	c.action_date = date_from_ymd(1900, 1, 1);
	expect_valid(&c);
	date_parse(TODAY, &c.action_date);
	expect_valid(&c);
	case_release(&c);
}

static void test_reference_shape(void **state)
{
	(void)state;
	const char *bad[] = {"PDRM-2021-000123", "PDRM/21/000123", "PDRM/2021/123", "PDRM/2021/000000",
		"PDRM/2021/0001234", "/2021/000123", "PDRM/1899/000001", "PDRM/2021/00012a", "PDRM/2021/000123/",
		"PDRM//2021/000123"};
	struct mapo_case c;
	tip_case(&c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(c.ref, sizeof(c.ref), "%s", bad[i]);
		expect_one(&c, "case_ref");
	}
	c.ref[0] = '\0';
	expect_one(&c, "case_ref");
	/* The agency part must be the case's agency, exactly. */
	snprintf(c.ref, sizeof(c.ref), "JIM/2021/000123");
	expect_one(&c, "case_ref");
	snprintf(c.ref, sizeof(c.ref), "PDRMX/2021/000123");
	expect_one(&c, "case_ref");
	snprintf(c.ref, sizeof(c.ref), "PDRM/2021/999999");
	expect_valid(&c);
	snprintf(c.ref, sizeof(c.ref), "PDRM/2019/000001");
	expect_valid(&c);
	case_release(&c);

	char out[CASE_REF_MAX];
	case_format_ref(out, "PDRM", 2021, 123);
	assert_string_equal(out, "PDRM/2021/000123");
	case_format_ref(out, "JTK", 2015, 999999);
	assert_string_equal(out, "JTK/2015/999999");
}

static void test_codes_and_dates(void **state)
{
	(void)state;
	struct mapo_case c;
	tip_case(&c);
	c.kind = KIND_NONE;
	expect_one(&c, "kind");
	case_release(&c);

	tip_case(&c);
	snprintf(c.agency, sizeof(c.agency), "XYZ");
	snprintf(c.ref, sizeof(c.ref), "XYZ/2021/000001");
	expect_one(&c, "agency");
	case_release(&c);

	tip_case(&c);
	snprintf(c.state, sizeof(c.state), "MY-99");
	expect_one(&c, "state");
	c.state[0] = '\0';
	expect_one(&c, "state");
	case_release(&c);

	tip_case(&c);
	c.action_date = DATE_NONE;
	expect_one(&c, "action_date");
	c.action_date = date_from_ymd(1899, 12, 31);
	expect_one(&c, "action_date");
	c.action_date = date_from_ymd(2021, 7, 16); /* the day after MAPO_TODAY */
	expect_one(&c, "action_date");
	case_release(&c);

	tip_case(&c);
	c.status = STATUS_NONE;
	expect_one(&c, "status");
	c.status = STATUS__COUNT;
	expect_one(&c, "status");
	case_release(&c);
}

static void test_offences_fit_kind(void **state)
{
	(void)state;
	struct mapo_case c;
	tip_case(&c);
	strvec_push(&c.offences, "26A");
	expect_one(&c, "offences");
	case_release(&c);

	som_case(&c);
	strvec_push(&c.offences, "12");
	expect_one(&c, "offences");
	case_release(&c);

	som_case(&c);
	strvec_push(&c.offences, "99");
	expect_one(&c, "offences");
	case_release(&c);

	som_case(&c);
	strvec_push(&c.offences, "26A");
	expect_one(&c, "offences");
	strvec_clear(&c.offences);
	strvec_push(&c.offences, "26A");
	strvec_push(&c.offences, "26B");
	expect_valid(&c);
	case_release(&c);
}

static void test_forms_fit_kind(void **state)
{
	(void)state;
	struct mapo_case c;
	tip_case(&c);
	strvec_clear(&c.forms);
	expect_one(&c, "forms");
	strvec_push(&c.forms, "organ-trade");
	expect_one(&c, "forms");
	strvec_clear(&c.forms);
	strvec_push(&c.forms, "sexual");
	strvec_push(&c.forms, "sexual");
	expect_one(&c, "forms");
	strvec_clear(&c.forms);
	strvec_push(&c.forms, "sexual");
	strvec_push(&c.forms, "forced-labour");
	expect_valid(&c);
	case_release(&c);

	som_case(&c);
	strvec_push(&c.forms, "forced-labour");
	expect_one(&c, "forms");
	case_release(&c);
}

static void test_related_and_summary(void **state)
{
	(void)state;
	struct mapo_case c;
	tip_case(&c);
	snprintf(c.related_ref, sizeof(c.related_ref), "%s", c.ref);
	expect_one(&c, "related_case_ref");
	snprintf(c.related_ref, sizeof(c.related_ref), "not a reference");
	expect_one(&c, "related_case_ref");
	snprintf(c.related_ref, sizeof(c.related_ref), "JIM/2021/000007");
	expect_valid(&c);

	char *big = malloc(SUMMARY_MAX + 2);
	memset(big, 'a', SUMMARY_MAX + 1);
	big[SUMMARY_MAX + 1] = '\0';
	case_set_summary(&c, big);
	expect_one(&c, "summary");
	big[SUMMARY_MAX] = '\0';
	case_set_summary(&c, big);
	expect_valid(&c);
	free(big);
	case_set_summary(&c, "caf\xc3\xa9 \xe2\x80\x94 ok");
	expect_valid(&c);
	case_set_summary(&c, "bad \xff byte");
	expect_one(&c, "summary");
	case_set_summary(&c, "truncated \xc3");
	expect_one(&c, "summary");
	case_release(&c);
}

static void test_errors_accumulate(void **state)
{
	(void)state;
	struct mapo_case c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	som_case(&c);
	c.kind = KIND_SOM;
	snprintf(c.state, sizeof(c.state), "MY-99");
	strvec_push(&c.forms, "sexual");
	c.action_date = DATE_NONE;
	assert_int_equal(case_validate(&c, &rd, &fe), 3);
	/* A second call appends and counts only its own. */
	assert_int_equal(case_validate(&c, &rd, &fe), 3);
	assert_int_equal(fe.n, 6);
	field_errors_release(&fe);
	assert_int_equal(fe.n, 0);
	case_release(&c);
}

static void test_copy(void **state)
{
	(void)state;
	struct mapo_case a, b;
	tip_case(&a);
	a.id = 42;
	a.version = 3;
	case_init(&b);
	case_copy(&b, &a);
	strvec_push(&a.forms, "sexual");
	case_set_summary(&a, "changed");
	assert_string_equal(b.ref, "PDRM/2021/000123");
	assert_int_equal(b.forms.n, 1);
	assert_string_equal(b.forms.v[0], "forced-labour");
	assert_string_equal(b.summary, "Inspection of a factory");
	assert_int_equal(b.id, 42);
	assert_int_equal(b.version, 3);
	assert_int_equal(b.action_date, a.action_date);
	case_clear(&b);
	assert_int_equal(b.forms.n, 0);
	assert_string_equal(b.summary, "");
	case_release(&a);
	case_release(&b);
}

/* ---- persons --------------------------------------------------------------------------------- */

static void person(struct case_person *p, const struct mapo_case *c, enum person_role role)
{
	case_person_init(p);
	snprintf(p->case_ref, sizeof(p->case_ref), "%s", c->ref);
	snprintf(p->person_ref, sizeof(p->person_ref), "P-1");
	p->role = role;
	p->sex = 'F';
	snprintf(p->nationality, sizeof(p->nationality), "IDN");
	if (role == PROLE_SUSPECT) {
		p->arrest_date = c->action_date;
		p->suspect_role = SROLE_RECRUITER;
	}
	if (role == PROLE_VICTIM) {
		p->trafficking_status = TSTATUS_ACTUAL;
		p->rescue_date = c->action_date;
	}
}

static void expect_person(const struct case_person *p, const struct mapo_case *c, const char *field)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	size_t n = case_person_validate(p, c, &rd, &fe);
	if (field ? n != 1 || strcmp(fe.v[0].field, field) : n != 0) {
		for (size_t i = 0; i < fe.n; i++)
			print_message("  %s: %s\n", fe.v[i].field, fe.v[i].msg);
		fail_msg("expected %s, got %zu errors", field ? field : "no error", n);
	}
	field_errors_release(&fe);
}

static void test_person_roles_fit_kind(void **state)
{
	(void)state;
	struct mapo_case tip, som;
	struct case_person p;
	tip_case(&tip);
	som_case(&som);

	person(&p, &tip, PROLE_SUSPECT);
	expect_person(&p, &tip, NULL);
	person(&p, &tip, PROLE_VICTIM);
	expect_person(&p, &tip, NULL);
	person(&p, &som, PROLE_SUSPECT);
	expect_person(&p, &som, NULL);
	person(&p, &som, PROLE_SMUGGLED_MIGRANT);
	expect_person(&p, &som, NULL);

	person(&p, &som, PROLE_VICTIM);
	expect_person(&p, &som, "role");
	person(&p, &tip, PROLE_SMUGGLED_MIGRANT);
	expect_person(&p, &tip, "role");
	person(&p, &tip, PROLE_NONE);
	expect_person(&p, &tip, "role");
	/* Without the case, the kind is not known, so the role alone is checked. */
	person(&p, &som, PROLE_VICTIM);
	expect_person(&p, NULL, NULL);

	person(&p, &tip, PROLE_SUSPECT);
	snprintf(p.case_ref, sizeof(p.case_ref), "JIM/2021/000007");
	expect_person(&p, &tip, "case_ref");
	p.case_ref[0] = '\0';
	expect_person(&p, &tip, "case_ref");
	person(&p, &tip, PROLE_SUSPECT);
	p.person_ref[0] = '\0';
	expect_person(&p, &tip, "person_ref");
	case_release(&tip);
	case_release(&som);
}

static void test_person_role_fields(void **state)
{
	(void)state;
	struct mapo_case tip, som;
	struct case_person p;
	tip_case(&tip);
	som_case(&som);

	person(&p, &tip, PROLE_VICTIM);
	p.arrest_date = tip.action_date;
	expect_person(&p, &tip, "arrest_date");
	person(&p, &tip, PROLE_VICTIM);
	p.suspect_role = SROLE_EXPLOITER;
	expect_person(&p, &tip, "suspect_role");
	person(&p, &tip, PROLE_SUSPECT);
	p.trafficking_status = TSTATUS_POSSIBLE;
	expect_person(&p, &tip, "trafficking_status");
	person(&p, &tip, PROLE_SUSPECT);
	p.rescue_date = tip.action_date;
	expect_person(&p, &tip, "rescue_date");
	person(&p, &som, PROLE_SMUGGLED_MIGRANT);
	p.rescue_date = som.action_date;
	expect_person(&p, &som, "rescue_date");
	person(&p, &som, PROLE_SMUGGLED_MIGRANT);
	p.arrest_date = som.action_date;
	expect_person(&p, &som, "arrest_date");

	/* Not arrested, no role given, not rescued: all fine. */
	person(&p, &tip, PROLE_SUSPECT);
	p.arrest_date = DATE_NONE;
	p.suspect_role = SROLE_NONE;
	expect_person(&p, &tip, NULL);
	person(&p, &tip, PROLE_VICTIM);
	p.rescue_date = DATE_NONE;
	p.trafficking_status = TSTATUS_NONE;
	expect_person(&p, &tip, NULL);

	person(&p, &tip, PROLE_SUSPECT);
	p.suspect_role = SROLE__COUNT;
	expect_person(&p, &tip, "suspect_role");
	person(&p, &tip, PROLE_VICTIM);
	p.trafficking_status = TSTATUS__COUNT;
	expect_person(&p, &tip, "trafficking_status");

	person(&p, &tip, PROLE_SUSPECT);
	p.arrest_date = date_from_ymd(2021, 7, 16);
	expect_person(&p, &tip, "arrest_date");
	person(&p, &tip, PROLE_VICTIM);
	p.rescue_date = date_from_ymd(1899, 1, 1);
	expect_person(&p, &tip, "rescue_date");
	case_release(&tip);
	case_release(&som);
}

static void test_person_sex_age_nationality(void **state)
{
	(void)state;
	struct mapo_case c;
	struct case_person p;
	tip_case(&c);

	const char sexes[] = {'F', 'M', 'U'};
	for (size_t i = 0; i < sizeof(sexes); i++) {
		person(&p, &c, PROLE_VICTIM);
		p.sex = sexes[i];
		expect_person(&p, &c, NULL);
	}
	person(&p, &c, PROLE_VICTIM);
	p.sex = 'X';
	expect_person(&p, &c, "sex");
	p.sex = '\0';
	expect_person(&p, &c, "sex");

	person(&p, &c, PROLE_VICTIM);
	p.age = 0;
	expect_person(&p, &c, NULL);
	p.age = 120;
	expect_person(&p, &c, NULL);
	p.age = 121;
	expect_person(&p, &c, "age");
	p.age = -2;
	expect_person(&p, &c, "age");

	person(&p, &c, PROLE_VICTIM);
	p.nationality[0] = '\0';
	expect_person(&p, &c, NULL);
	snprintf(p.nationality, sizeof(p.nationality), "XXX");
	expect_person(&p, &c, "nationality");
	case_release(&c);
}

static void test_person_birth_date(void **state)
{
	(void)state;
	struct mapo_case c;
	struct case_person p;
	tip_case(&c); /* action date 2021-06-15 */

	person(&p, &c, PROLE_VICTIM);
	p.birth_date = date_from_ymd(1990, 6, 1); /* 31 at the action date */
	expect_person(&p, &c, NULL);
	for (int age = 30; age <= 32; age++) {
		p.age = age;
		expect_person(&p, &c, NULL);
	}
	p.age = 29;
	expect_person(&p, &c, "age");
	p.age = 33;
	expect_person(&p, &c, "age");

	/* The birthday is counted exactly: born 16 June 1990, still 30 on 15 June 2021. */
	p.birth_date = date_from_ymd(1990, 6, 16);
	p.age = 29;
	expect_person(&p, &c, NULL);
	p.age = 32;
	expect_person(&p, &c, "age");
	/* Without the case there is no action date to compare at. */
	expect_person(&p, NULL, NULL);

	person(&p, &c, PROLE_VICTIM);
	p.birth_date = date_from_ymd(2021, 7, 16);
	expect_person(&p, &c, "birth_date");
	p.birth_date = date_from_ymd(1899, 12, 31);
	expect_person(&p, &c, "birth_date");
	p.birth_date = date_from_ymd(2021, 6, 20); /* after the action date, before today */
	expect_person(&p, &c, "birth_date");
	p.birth_date = date_from_ymd(2021, 6, 15);
	p.age = 0;
	expect_person(&p, &c, NULL);
	/* A leap-day birthday. */
	p.birth_date = date_from_ymd(2004, 2, 29);
	p.age = 17;
	expect_person(&p, &c, NULL);
	case_release(&c);
}

/* ---- vocabularies ---------------------------------------------------------------------------- */

static void test_codes_round_trip(void **state)
{
	(void)state;
	assert_string_equal(case_kind_code(KIND_TIP), "TIP");
	assert_string_equal(case_kind_code(KIND_SOM), "SOM");
	assert_int_equal(case_kind_parse("TIP"), KIND_TIP);
	assert_int_equal(case_kind_parse("SOM"), KIND_SOM);
	assert_int_equal(case_kind_parse("tip"), KIND_NONE);
	assert_int_equal(case_kind_parse(""), KIND_NONE);
	assert_int_equal(case_kind_parse(NULL), KIND_NONE);

	for (int i = 0; i < STATUS__COUNT; i++)
		assert_int_equal(case_status_parse(case_status_code((enum case_status)i)), i);
	assert_string_equal(case_status_code(STATUS_ACQUITTED), "acquitted");
	assert_int_equal(case_status_parse("open"), STATUS_NONE);
	assert_string_equal(case_status_code(STATUS_NONE), "");

	for (int i = 0; i < PROLE__COUNT; i++)
		assert_int_equal(person_role_parse(person_role_code((enum person_role)i)), i);
	assert_string_equal(person_role_code(PROLE_SMUGGLED_MIGRANT), "smuggled-migrant");
	assert_int_equal(person_role_parse("witness"), PROLE_NONE);

	for (int i = 0; i < SROLE__COUNT; i++)
		assert_int_equal(suspect_role_parse(suspect_role_code((enum suspect_role)i)), i);
	assert_string_equal(suspect_role_code(SROLE_HARBOURER), "harbourer");
	assert_int_equal(suspect_role_parse("boss"), SROLE_NONE);

	for (int i = 0; i < TSTATUS__COUNT; i++)
		assert_int_equal(trafficking_status_parse(trafficking_status_code((enum trafficking_status)i)), i);
	assert_string_equal(trafficking_status_code(TSTATUS_NOT_A_VICTIM), "not-a-victim");
	assert_int_equal(trafficking_status_parse("maybe"), TSTATUS_NONE);
}

static void test_names_translated(void **state)
{
	(void)state;
	assert_string_equal(case_kind_name(KIND_TIP, LANG_EN), "trafficking in persons");
	assert_string_equal(case_kind_name(KIND_TIP, LANG_MS), "pemerdagangan orang");
	assert_string_equal(case_kind_name(KIND_SOM, LANG_MS), "penyeludupan migran");
	assert_string_equal(case_kind_name(KIND_NONE, LANG_MS), "");
	assert_string_equal(case_status_name(STATUS_CONVICTED, LANG_EN), "convicted");
	assert_string_equal(case_status_name(STATUS_CONVICTED, LANG_MS), "disabitkan");
	assert_string_equal(person_role_name(PROLE_VICTIM, LANG_MS), "mangsa");
	assert_string_equal(suspect_role_name(SROLE_FINANCIER, LANG_MS), "pembiaya");
	assert_string_equal(trafficking_status_name(TSTATUS_ACTUAL, LANG_MS), "mangsa sebenar");
	/* Every name has a Malay translation that differs from the English, or is the same word. */
	for (int i = 0; i < STATUS__COUNT; i++)
		assert_true(*case_status_name((enum case_status)i, LANG_MS));

	/* Messages follow the thread's language. */
	struct mapo_case c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	tip_case(&c);
	strvec_clear(&c.forms);
	i18n_set_lang(LANG_MS);
	assert_int_equal(case_validate(&c, &rd, &fe), 1);
	i18n_set_lang(LANG_EN);
	assert_string_equal(fe.v[0].msg, "kes TIP memerlukan sekurang-kurangnya satu bentuk eksploitasi");
	field_errors_release(&fe);
	case_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_cases),
		cmocka_unit_test(test_reference_shape),
		cmocka_unit_test(test_codes_and_dates),
		cmocka_unit_test(test_offences_fit_kind),
		cmocka_unit_test(test_forms_fit_kind),
		cmocka_unit_test(test_related_and_summary),
		cmocka_unit_test(test_errors_accumulate),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_person_roles_fit_kind),
		cmocka_unit_test(test_person_role_fields),
		cmocka_unit_test(test_person_sex_age_nationality),
		cmocka_unit_test(test_person_birth_date),
		cmocka_unit_test(test_codes_round_trip),
		cmocka_unit_test(test_names_translated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
