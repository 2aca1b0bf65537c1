/* Tests of src/util: dates, the capped buffer, string vectors, counts, UTF-8, loading libraries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/dynlib.h"
#include "util/util.h"

static void test_date_round_trip(void **state)
{
	(void)state;
	char s[DATE_STRLEN];
	for (mapo_date d = date_from_ymd(1900, 1, 1); d < date_from_ymd(2100, 12, 31); d += 7) {
		mapo_date back;
		date_format(d, s);
		assert_int_equal(date_parse(s, &back), 0);
		assert_int_equal(back, d);
	}
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2021, 6, 30) - date_from_ymd(2021, 1, 1), 180);
}

static void test_date_parse_rejects(void **state)
{
	(void)state;
	mapo_date d;
	const char *bad[] = {"", "2021-6-30", "2021-06-31", "2021-02-29", "2021/06/30", "2021-13-01",
		"2021-00-10", "20210630", "2021-06-30x", "0999-01-01", "abcd-ef-gh"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(date_parse(bad[i], &d), MAPO_EINVAL);
	assert_int_equal(date_parse("2020-02-29", &d), 0);
	assert_int_equal(date_parse("2000-02-29", &d), 0);
	assert_int_equal(date_parse("1900-02-29", &d), MAPO_EINVAL);
}

static void test_date_month_end(void **state)
{
	(void)state;
	assert_true(date_is_month_end(date_from_ymd(2021, 6, 30)));
	assert_false(date_is_month_end(date_from_ymd(2021, 6, 29)));
	assert_true(date_is_month_end(date_from_ymd(2020, 2, 29)));
	assert_false(date_is_month_end(date_from_ymd(2020, 2, 28)));
	assert_true(date_is_month_end(date_from_ymd(2021, 2, 28)));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
}

static void test_buf_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_addstr(&b, "0123456789"), 0);
	assert_int_equal(buf_addch(&b, 'x'), MAPO_ETOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(buf_str(&b), "0123456789");
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "ab"), 0);
	assert_string_equal(buf_str(&b), "42-ab");
	assert_int_equal(buf_printf(&b, "%s", "too long now"), MAPO_ETOOBIG);
	char *s = buf_detach(&b);
	assert_string_equal(s, "42-ab");
	free(s);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_strvec(void **state)
{
	(void)state;
	struct strvec sv = STRVEC_INIT;
	strvec_split(&sv, " 12; 15A ;;26A ", ';');
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[1], "15A");
	assert_null(sv.v[3]);
	assert_true(strvec_has(&sv, "26A"));
	assert_false(strvec_has(&sv, "26"));
	char *j = strvec_join(&sv, ";");
	assert_string_equal(j, "12;15A;26A");
	free(j);
	strvec_release(&sv);
	assert_int_equal(sv.n, 0);
}

static void test_fmt_count(void **state)
{
	(void)state;
	char s[32];
	long long in[] = {0, 7, 999, 1000, 1854, 10463, 1000000, -1234};
	const char *out[] = {"0", "7", "999", "1,000", "1,854", "10,463", "1,000,000", "-1,234"};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		fmt_count(in[i], s);
		assert_string_equal(s, out[i]);
	}
}

static void test_parse_int(void **state)
{
	(void)state;
	long long v;
	assert_int_equal(parse_int("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int("101", 0, 100, &v), MAPO_EINVAL);
	assert_int_equal(parse_int("4x", 0, 100, &v), MAPO_EINVAL);
	assert_int_equal(parse_int("", 0, 100, &v), MAPO_EINVAL);
}

static void test_str_trim(void **state)
{
	(void)state;
	const char *s = " \t Siti Aminah \t";
	size_t len = strlen(s);
	const char *b = str_trim(s, &len);
	assert_int_equal(len, 11);
	assert_memory_equal(b, "Siti Aminah", 11);
	len = 3;
	b = str_trim(" \t ", &len);
	assert_int_equal(len, 0);
	len = 2; /* only the length given counts: "ab" of "ab  c" */
	b = str_trim("ab  c", &len);
	assert_int_equal(len, 2);
	assert_memory_equal(b, "ab", 2);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("Pemerdagangan Orang", 19));
	assert_true(utf8_valid("T\xc3\xbcrkiye", 8));
	assert_false(utf8_valid("T\xfcrkiye", 7));        /* Latin-1 */
	assert_false(utf8_valid("\xc3", 1));              /* truncated */
	assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong */
	assert_false(utf8_valid("a\0b", 3));              /* NUL */
	assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
}

static jmp_buf oom_jump;
static void oom_to_test(void) { longjmp(oom_jump, 1); }

static void test_alloc_fail_after(void **state)
{
	(void)state;
	alloc_set_oom_handler(oom_to_test);
	char *volatile a = NULL, *volatile b = NULL;
	if (setjmp(oom_jump) == 0) {
		alloc_fail_after(2);
		a = xstrdup("first");
		b = xstrdup("second"); /* fails */
		fail_msg("the second allocation should have failed");
	}
	assert_non_null(a);
	assert_null(b);
	free(a);
	alloc_fail_after(0);
	alloc_set_oom_handler(NULL);
}

/* A library loaded when first needed: its functions work through the table; a missing library
 * or function is an error naming it, remembered (the second call answers the same). */
#define LIBM_FUNCS(X) X(cbrt) X(hypot)
static struct {
	LIBM_FUNCS(DYNLIB_MEMBER)
} lm;
#define LIBM_SYM(f) {#f, (void **)&lm.f},
static const struct dynlib_sym lm_syms[] = {LIBM_FUNCS(LIBM_SYM)};
static const struct dynlib_sym lm_bad_syms[] = {{"cbrt", (void **)&lm.cbrt}, {"no_such_function", (void **)&lm.hypot}};

static void test_dynlib(void **state)
{
	(void)state;
	struct mapo_error err;
	static struct dynlib good = DYNLIB_INIT("libm.so.6", lm_syms);
	static struct dynlib absent = DYNLIB_INIT("libmapo-no-such-library.so.1", lm_syms);
	static struct dynlib partial = DYNLIB_INIT("libm.so.6", lm_bad_syms);

	mapo_error_clear(&err);
	assert_int_equal(dynlib_load(&good, "tests", &err), 0);
	assert_true(lm.cbrt(27.0) > 2.999 && lm.cbrt(27.0) < 3.001);
	assert_true(lm.hypot(3.0, 4.0) > 4.999 && lm.hypot(3.0, 4.0) < 5.001);
	assert_int_equal(dynlib_load(&good, "tests", &err), 0);

	for (int round = 0; round < 2; round++) {
		mapo_error_clear(&err);
		assert_int_equal(dynlib_load(&absent, "tests", &err), MAPO_EIO);
		assert_non_null(strstr(err.msg, "libmapo-no-such-library.so.1"));
		assert_non_null(strstr(err.msg, "needed for tests"));
	}
	mapo_error_clear(&err);
	assert_int_equal(dynlib_load(&partial, "tests", &err), MAPO_EIO);
	assert_non_null(strstr(err.msg, "no no_such_function"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_round_trip),
		cmocka_unit_test(test_date_parse_rejects),
		cmocka_unit_test(test_date_month_end),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_fmt_count),
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_str_trim),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_alloc_fail_after),
		cmocka_unit_test(test_dynlib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
