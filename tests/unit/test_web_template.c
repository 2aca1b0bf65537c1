/* Tests of src/web/template.c: values are HTML-escaped by default, markup passes only through
 * tpl_raw/tpl_rawf, and the form helpers label and describe their fields. Also the SVG chart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "web/chart.h"
#include "web/template.h"

static void test_escape(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	tpl_escape(&b, "<script>alert('x') & \"y\"</script>");
	assert_string_equal(buf_str(&b), "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	buf_reset(&b);
	tpl_escape(&b, "Kuala Lumpur — Sabah 日本");
	assert_string_equal(buf_str(&b), "Kuala Lumpur — Sabah 日本");
	buf_reset(&b);
	tpl_escape(&b, NULL);
	tpl_escape(&b, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_printf_escapes_strings(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	tpl_printf(&b, "<a href=\"%s\">%s</a>", "/x?a=1&b=\"2\"", "<b>");
	assert_string_equal(buf_str(&b), "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;b&gt;</a>");
	buf_reset(&b);
	/* numbers of every supported width, precision on strings, %c escaped, %% literal */
	tpl_printf(&b, "%d %ld %lld %zu %u %x %05d %.3s %c 100%%", -7, 123456789L, -9000000000LL, (size_t)42, 7u, 255u, 42,
		"<<<<", '<');
	assert_string_equal(buf_str(&b), "-7 123456789 -9000000000 42 7 ff 00042 &lt;&lt;&lt; &lt; 100%");
	buf_reset(&b);
	/* "é" is two bytes: a cut after one byte backs off to the whole character */
	tpl_printf(&b, "[%.2s][%.3s]", "aé", "aé");
	assert_string_equal(buf_str(&b), "[a][aé]");
	assert_true(utf8_valid(b.data, b.len));
	buf_reset(&b);
	const char *volatile none = NULL; /* hidden from the format checker: NULL prints nothing */
	tpl_printf(&b, "[%s]", none);
	assert_string_equal(buf_str(&b), "[]");
	buf_release(&b);
}

static void test_raw_is_explicit(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	tpl_raw(&b, "<p>");
	tpl_rawf(&b, "<i>%d</i>", 3);
	tpl_printf(&b, "%s", "<p>");
	assert_string_equal(buf_str(&b), "<p><i>3</i>&lt;p&gt;");
	buf_release(&b);
}

static void test_input_with_error(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	tpl_input(&b, "action_date", "Action <date>", "date", "\"><script>", "missing & wrong", true);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "<label for=\"f-action_date\">Action &lt;date&gt;</label>"));
	assert_non_null(strstr(s, "id=\"f-action_date\""));
	assert_non_null(strstr(s, "value=\"&quot;&gt;&lt;script&gt;\""));
	assert_non_null(strstr(s, "aria-describedby=\"e-action_date\""));
	assert_non_null(strstr(s, "<p class=\"error\" id=\"e-action_date\">missing &amp; wrong</p>"));
	assert_non_null(strstr(s, " required"));
	assert_null(strstr(s, "<script>"));
	buf_reset(&b);
	tpl_input(&b, "q", "Search", "search", NULL, NULL, false);
	assert_null(strstr(buf_str(&b), "aria-invalid"));
	assert_null(strstr(buf_str(&b), "required"));
	buf_release(&b);
}

static void test_select(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *values[] = {"TIP", "SOM"};
	const char *labels[] = {"Trafficking", "Smuggling <migrants>"};
	tpl_select(&b, "kind", "Kind", values, labels, 2, "SOM", "any", NULL);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "<label for=\"f-kind\">Kind</label>"));
	assert_non_null(strstr(s, "<option value=\"\">any</option>"));
	assert_non_null(strstr(s, "<option value=\"SOM\" selected>Smuggling &lt;migrants&gt;</option>"));
	assert_non_null(strstr(s, "<option value=\"TIP\">Trafficking</option>"));
	buf_release(&b);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_chart(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *months[] = {"Jan 2021", "Feb 2021", "Mar 2021"};
	const long long tip[] = {3, 0, 5}, som[] = {1, 2, 0};
	struct chart_series s[] = {{"TIP <cases>", tip}, {"SOM", som}};
	chart_bars(&b, "k", "Cases & more", "table", months, 3, s, 2);
	const char *out = buf_str(&b);
	/* one rect per non-zero value, classes per series, escaped labels, a text table */
	assert_int_equal(count(out, "<rect "), 4);
	assert_int_equal(count(out, "class=\"s0\""), 2);
	assert_int_equal(count(out, "class=\"s1\""), 2);
	assert_non_null(strstr(out, "<figcaption>Cases &amp; more</figcaption>"));
	assert_non_null(strstr(out, "TIP &lt;cases&gt;"));
	assert_null(strstr(out, "<cases>"));
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "<th scope=\"row\">Mar 2021</th><td class=\"num\">5</td><td class=\"num\">0</td>"));
	/* no inline style anywhere: the CSP forbids it */
	assert_null(strstr(out, "style="));
	/* a label too wide for its bar's slot goes over two lines, broken at a space */
	assert_int_equal(count(out, "<tspan"), 0);
	buf_reset(&b);
	const char *outcomes[] = {"handed to Immigration", "released", "placed elsewhere", "repatriated",
		"running (no outcome yet)", "superseded"};
	const long long n[] = {1, 2, 3, 4, 5, 6};
	struct chart_series o[] = {{"Orders", n}};
	chart_bars(&b, "o", "Orders", "table", outcomes, 6, o, 1);
	out = buf_str(&b);
	assert_non_null(strstr(out, "\">handed to</tspan><tspan x=\""));
	assert_non_null(strstr(out, "dy=\"1.1em\">Immigration</tspan></text>"));
	assert_non_null(strstr(out, ">released</text>"));
	assert_non_null(strstr(out, "<th scope=\"row\">running (no outcome yet)</th>"));
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_printf_escapes_strings),
		cmocka_unit_test(test_raw_is_explicit),
		cmocka_unit_test(test_input_with_error),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_chart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
