/* Tests of src/core/refdata.c: the sorted arrays, names, and installing into and loading from a
 * real store (one transaction: a refused set leaves the old one whole). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_fixture.h"
#include "io/refload.h"

static int setup(void **state)
{
	(void)state;
	setenv("MAPO_TODAY", "2021-07-15", 1);
	i18n_init(NULL);
	return 0;
}

static void test_sorted_and_replaced(void **state)
{
	(void)state;
	struct refdata rd;
	refdata_init(&rd);
	const char *codes[] = {"MY-10", "MY-01", "MY-16", "MY-05", "MY-12", "MY-02"};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		refdata_add(&rd, REF_STATE, codes[i], codes[i], codes[i], "");
	assert_int_equal(rd.n[REF_STATE], 6);
	for (size_t i = 1; i < rd.n[REF_STATE]; i++)
		assert_true(strcmp(rd.items[REF_STATE][i - 1].code, rd.items[REF_STATE][i].code) < 0);
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		const struct ref_item *it = refdata_find(&rd, REF_STATE, codes[i]);
		assert_non_null(it);
		assert_string_equal(it->code, codes[i]);
	}
	assert_null(refdata_find(&rd, REF_STATE, "MY-03"));
	assert_null(refdata_find(&rd, REF_STATE, "MY-1"));
	assert_null(refdata_find(&rd, REF_STATE, ""));
	assert_null(refdata_find(&rd, REF_STATE, NULL));
	/* Kinds are separate. */
	assert_null(refdata_find(&rd, REF_AGENCY, "MY-10"));
	assert_null(refdata_find(NULL, REF_STATE, "MY-10"));

	refdata_add(&rd, REF_STATE, "MY-10", "Selangor Darul Ehsan", "Selangor", "");
	assert_int_equal(rd.n[REF_STATE], 6);
	assert_string_equal(refdata_find(&rd, REF_STATE, "MY-10")->name_ms, "Selangor Darul Ehsan");
	refdata_release(&rd);
	assert_int_equal(rd.n[REF_STATE], 0);
	assert_null(refdata_find(&rd, REF_STATE, "MY-10"));
}

static void test_names(void **state)
{
	(void)state;
	struct refdata rd;
	refdata_init(&rd);
	refdata_add(&rd, REF_COUNTRY, "VNM", "Vietnam", "Viet Nam", "VN");
	refdata_add(&rd, REF_COUNTRY, "XXA", "", "Stateless", "");
	refdata_add(&rd, REF_COUNTRY, "XXB", "Tanpa negara", "", "");
	assert_string_equal(refdata_name(&rd, REF_COUNTRY, "VNM", LANG_MS), "Vietnam");
	assert_string_equal(refdata_name(&rd, REF_COUNTRY, "VNM", LANG_EN), "Viet Nam");
	/* A missing name falls back to the other language. */
	assert_string_equal(refdata_name(&rd, REF_COUNTRY, "XXA", LANG_MS), "Stateless");
	assert_string_equal(refdata_name(&rd, REF_COUNTRY, "XXB", LANG_EN), "Tanpa negara");
	assert_string_equal(refdata_name(&rd, REF_COUNTRY, "ZZZ", LANG_EN), "ZZZ");
	assert_string_equal(refdata_find(&rd, REF_COUNTRY, "VNM")->extra, "VN");
	refdata_release(&rd);

	assert_string_equal(ref_kind_file(REF_AGENCY), "agencies.csv");
	assert_string_equal(ref_kind_file(REF_COUNTRY), "countries.csv");
	assert_string_equal(ref_kind_file(REF_FORM), "forms.csv");
	assert_string_equal(ref_kind_name(REF_OFFENCE), "offence");
	assert_string_equal(ref_kind_name(REF_STATE), "state");
}

static bool same_refdata(const struct refdata *a, const struct refdata *b)
{
	for (int k = 0; k < REF__COUNT; k++) {
		if (a->n[k] != b->n[k])
			return false;
		for (size_t i = 0; i < a->n[k]; i++) {
			const struct ref_item *x = &a->items[k][i], *y = &b->items[k][i];
			if (strcmp(x->code, y->code) || strcmp(x->name_ms, y->name_ms) ||
				strcmp(x->name_en, y->name_en) || strcmp(x->extra, y->extra))
				return false;
		}
	}
	return true;
}

static void test_install_and_load(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	struct refdata back;
	refdata_init(&back);
	assert_int_equal(refdata_load(fx.s, &back, &fx.err), 0);
	assert_true(same_refdata(&fx.rd, &back));
	refdata_release(&back);

	/* Installing again replaces: a changed name, a new code, a dropped unused one. */
	refdata_add(&fx.rd, REF_FORM, "begging", "Mengemis secara paksa", "Forced begging", "");
	refdata_add(&fx.rd, REF_STATE, "MY-01", "Johor Darul Takzim", "Johor", "");
	struct refdata smaller;
	refdata_init(&smaller);
	for (int k = 0; k < REF__COUNT; k++)
		for (size_t i = 0; i < fx.rd.n[k]; i++) {
			const struct ref_item *it = &fx.rd.items[k][i];
			if (k == REF_COUNTRY && !strcmp(it->code, "BGD"))
				continue;
			refdata_add(&smaller, (enum ref_kind)k, it->code, it->name_ms, it->name_en, it->extra);
		}
	assert_int_equal(refdata_install(fx.s, &smaller, &fx.err), 0);
	refdata_init(&back);
	assert_int_equal(refdata_load(fx.s, &back, &fx.err), 0);
	assert_true(same_refdata(&smaller, &back));
	assert_null(refdata_find(&back, REF_COUNTRY, "BGD"));
	assert_string_equal(refdata_find(&back, REF_STATE, "MY-01")->name_ms, "Johor Darul Takzim");
	refdata_release(&back);
	refdata_release(&smaller);
	core_fx_close(&fx);
}

/* Installs rd and expects a refusal whose message contains want; the store keeps what it had. */
static void expect_refused(struct core_fx *fx, struct refdata *rd, const char *want)
{
	struct refdata before, after;
	refdata_init(&before);
	refdata_init(&after);
	assert_int_equal(refdata_load(fx->s, &before, &fx->err), 0);
	int rc = refdata_install(fx->s, rd, &fx->err);
	assert_int_equal(rc, MAPO_EINVAL);
	if (!strstr(fx->err.msg, want))
		fail_msg("message '%s' lacks '%s'", fx->err.msg, want);
	assert_int_equal(refdata_load(fx->s, &after, &fx->err), 0);
	assert_true(same_refdata(&before, &after));
	refdata_release(&before);
	refdata_release(&after);
}

static void test_install_refuses(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	struct refdata rd;

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_OFFENCE, "99", "Lain", "Other", "BOTH");
	expect_refused(&fx, &rd, "99");
	refdata_release(&rd);

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_COUNTRY, "IDNX", "Indonesia", "Indonesia", "ID");
	expect_refused(&fx, &rd, "IDNX");
	refdata_release(&rd);

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_AGENCY, "AGC", "Jabatan Peguam Negara", "", "prosecution");
	expect_refused(&fx, &rd, "AGC");
	refdata_release(&rd);

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_AGENCY, "AB/C", "Agensi", "Agency", "enforcement");
	expect_refused(&fx, &rd, "AB/C");
	refdata_release(&rd);

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_AGENCY, "JKM", "Jabatan Kebajikan", "Social Welfare", "welfare");
	expect_refused(&fx, &rd, "welfare");
	refdata_release(&rd);

	refdata_init(&rd);
	core_fx_refdata(&rd);
	refdata_add(&rd, REF_STATE, "MY-1234567890123", "Terlalu panjang", "Too long", "");
	expect_refused(&fx, &rd, "MY-1234567890123");
	refdata_release(&rd);

	/* A kind with nothing in it. */
	refdata_init(&rd);
	core_fx_refdata(&rd);
	for (size_t i = 0; i < rd.n[REF_FORM]; i++) {
		struct ref_item *it = &rd.items[REF_FORM][i];
		free(it->code);
		free(it->name_ms);
		free(it->name_en);
		free(it->extra);
	}
	rd.n[REF_FORM] = 0;
	expect_refused(&fx, &rd, "forms.csv");
	refdata_release(&rd);

	/* Out of order (only a hand-made set can be). */
	refdata_init(&rd);
	core_fx_refdata(&rd);
	struct ref_item tmp = rd.items[REF_STATE][0];
	rd.items[REF_STATE][0] = rd.items[REF_STATE][1];
	rd.items[REF_STATE][1] = tmp;
	expect_refused(&fx, &rd, "MY-01");
	refdata_release(&rd);
	core_fx_close(&fx);
}

static void test_used_codes_stay(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	struct mapo_case c;
	case_init(&c);
	snprintf(c.ref, sizeof(c.ref), "JIM/2021/000001");
	c.kind = KIND_SOM;
	snprintf(c.agency, sizeof(c.agency), "JIM");
	c.action_date = date_from_ymd(2021, 3, 1);
	snprintf(c.state, sizeof(c.state), "MY-01");
	strvec_push(&c.offences, "26A");
	assert_int_equal(store_case_insert(fx.s, &c, &fx.err), 0);
	case_release(&c);

	/* Drop JIM (used) and rename a state: refused as a whole, the rename included. */
	struct refdata rd;
	refdata_init(&rd);
	for (int k = 0; k < REF__COUNT; k++)
		for (size_t i = 0; i < fx.rd.n[k]; i++) {
			const struct ref_item *it = &fx.rd.items[k][i];
			if (k == REF_AGENCY && !strcmp(it->code, "JIM"))
				continue;
			refdata_add(&rd, (enum ref_kind)k, it->code, k == REF_STATE ? "Nama baharu" : it->name_ms,
				it->name_en, it->extra);
		}
	int rc = refdata_install(fx.s, &rd, &fx.err);
	assert_int_equal(rc, MAPO_EINVAL);
	struct refdata back;
	refdata_init(&back);
	assert_int_equal(refdata_load(fx.s, &back, &fx.err), 0);
	assert_true(same_refdata(&fx.rd, &back));
	assert_non_null(refdata_find(&back, REF_AGENCY, "JIM"));
	refdata_release(&back);
	refdata_release(&rd);
	core_fx_close(&fx);
}

static void test_shipped_data_installs(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, false), 0);
	struct refdata rd, back;
	refdata_init(&rd);
	refdata_init(&back);
	if (refload_dir(&rd, NULL, NULL, &fx.err))
		fail_msg("refload: %s", fx.err.msg);
	if (refdata_install(fx.s, &rd, &fx.err))
		fail_msg("install: %s", fx.err.msg);
	assert_int_equal(refdata_load(fx.s, &back, &fx.err), 0);
	assert_true(same_refdata(&rd, &back));
	assert_int_equal(back.n[REF_STATE], 16);
	const char *agencies[] = {"PDRM", "JIM", "KDRM", "APMM", "JTK"};
	for (size_t i = 0; i < 5; i++)
		assert_non_null(refdata_find(&back, REF_AGENCY, agencies[i]));
	assert_string_equal(refdata_find(&back, REF_OFFENCE, "26A")->extra, "SOM");
	assert_string_equal(refdata_find(&back, REF_OFFENCE, "15A")->extra, "TIP");
	assert_non_null(refdata_find(&back, REF_FORM, FORM_FORCED_LABOUR));
	refdata_release(&rd);
	refdata_release(&back);
	core_fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_replaced),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_install_and_load),
		cmocka_unit_test(test_install_refuses),
		cmocka_unit_test(test_used_codes_stay),
		cmocka_unit_test(test_shipped_data_installs),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
