/* Tests of src/web/router.c and request.c: patterns with case references (raw and %2F), methods,
 * malformed paths, query strings, forms and cookies with their caps; and the agreement of the
 * route table with static/openapi.json (every API route documented, every documented one real). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web.h"

static void nop(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	(void)rs;
}

static const struct route table[] = {
	{"GET", "/", nop, 0, ""},
	{"GET", "/cases", nop, 0, ""},
	{"GET", "/cases/new", nop, 0, ""},
	{"GET", "/cases/{ref*}/edit", nop, 0, ""},
	{"POST", "/cases/{ref*}/edit", nop, 0, ""},
	{"GET", "/cases/{ref*}", nop, 0, ""},
	{"DELETE", "/cases/{ref*}", nop, 0, ""},
	{"GET", "/lang/{code}", nop, 0, ""},
	{"GET", "/a/{x}/b/{y}", nop, 0, ""},
};
#define NT (sizeof(table) / sizeof(table[0]))

static const struct route *match(const char *method, const char *path, struct params *caps, enum route_match *m)
{
	const struct route *r;
	char allow[64];
	*m = router_match(table, NT, method, path, &r, caps, allow, sizeof(allow));
	return r;
}

static void test_literal_and_order(void **state)
{
	(void)state;
	struct params caps = PARAMS_INIT;
	enum route_match m;
	assert_ptr_equal(match("GET", "/", &caps, &m), &table[0]);
	assert_ptr_equal(match("GET", "/cases", &caps, &m), &table[1]);
	assert_ptr_equal(match("GET", "/cases/new", &caps, &m), &table[2]);
	assert_int_equal(caps.n, 0);
	assert_ptr_equal(match("HEAD", "/cases", &caps, &m), &table[1]);
	assert_null(match("GET", "/casesx", &caps, &m));
	assert_int_equal(m, ROUTE_NO_PATH);
	assert_null(match("GET", "/cases/", &caps, &m));
	params_release(&caps);
}

static void test_case_refs(void **state)
{
	(void)state;
	struct params caps = PARAMS_INIT;
	enum route_match m;
	assert_ptr_equal(match("GET", "/cases/PDRM/2021/000123", &caps, &m), &table[5]);
	assert_string_equal(params_get(&caps, "ref"), "PDRM/2021/000123");
	params_release(&caps);
	assert_ptr_equal(match("GET", "/cases/PDRM%2F2021%2F000123", &caps, &m), &table[5]);
	assert_string_equal(params_get(&caps, "ref"), "PDRM/2021/000123");
	params_release(&caps);
	assert_ptr_equal(match("GET", "/cases/PDRM/2021/000123/edit", &caps, &m), &table[3]);
	assert_string_equal(params_get(&caps, "ref"), "PDRM/2021/000123");
	params_release(&caps);
	assert_ptr_equal(match("POST", "/cases/JIM%2F2020%2F000001/edit", &caps, &m), &table[4]);
	assert_string_equal(params_get(&caps, "ref"), "JIM/2020/000001");
	params_release(&caps);
	assert_ptr_equal(match("DELETE", "/cases/X", &caps, &m), &table[6]);
	assert_string_equal(params_get(&caps, "ref"), "X");
	params_release(&caps);
	/* a percent-encoded space and UTF-8 decode; the capture is whole */
	assert_ptr_equal(match("GET", "/cases/A%20B/%C3%A9", &caps, &m), &table[5]);
	assert_string_equal(params_get(&caps, "ref"), "A B/é");
	params_release(&caps);
}

static void test_single_segments(void **state)
{
	(void)state;
	struct params caps = PARAMS_INIT;
	enum route_match m;
	assert_ptr_equal(match("GET", "/lang/ms", &caps, &m), &table[7]);
	assert_string_equal(params_get(&caps, "code"), "ms");
	params_release(&caps);
	/* a single capture never holds a slash, not even an encoded one */
	assert_null(match("GET", "/lang/m%2Fs", &caps, &m));
	assert_null(match("GET", "/lang/ms/x", &caps, &m));
	assert_ptr_equal(match("GET", "/a/1/b/2", &caps, &m), &table[8]);
	assert_string_equal(params_get(&caps, "x"), "1");
	assert_string_equal(params_get(&caps, "y"), "2");
	params_release(&caps);
}

static void test_methods(void **state)
{
	(void)state;
	const struct route *r;
	char allow[64];
	struct params caps = PARAMS_INIT;
	assert_int_equal(router_match(table, NT, "PUT", "/cases/A/1", &r, &caps, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_null(r);
	assert_string_equal(allow, "GET, DELETE");
	assert_int_equal(router_match(table, NT, "POST", "/cases", &r, &caps, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET");
	assert_int_equal(caps.n, 0);
	params_release(&caps);
}

static void test_malformed_paths(void **state)
{
	(void)state;
	struct params caps = PARAMS_INIT;
	enum route_match m;
	const char *bad[] = {"", "cases", "//cases", "/cases//x", "/cases/%", "/cases/%4", "/cases/%zz", "/cases/%00",
		"/cases/%FF%FE", "/cases/..", "/cases/./x", "/cases/%2E%2E", "/cases/a/../../etc"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(match("GET", bad[i], &caps, &m));
		assert_int_equal(m, ROUTE_NO_PATH);
		assert_int_equal(caps.n, 0);
	}
	/* more segments than the matcher takes */
	struct buf deep = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_addstr(&deep, "/x");
	assert_null(match("GET", buf_str(&deep), &caps, &m));
	buf_release(&deep);
	params_release(&caps);
}

static void test_urlencoded(void **state)
{
	(void)state;
	struct params p = PARAMS_INIT;
	const char *q = "kind=TIP&search=forced+labour%21&empty=&flag&agency=PDRM&kind=SOM&&x=%E2%9C%93";
	assert_int_equal(params_parse_urlencoded(&p, q, strlen(q), QUERY_MAX), 0);
	assert_string_equal(params_get(&p, "kind"), "TIP");
	assert_string_equal(params_get(&p, "search"), "forced labour!");
	assert_string_equal(params_get(&p, "empty"), "");
	assert_null(params_get_nonempty(&p, "empty"));
	assert_string_equal(params_get(&p, "flag"), "");
	assert_string_equal(params_get(&p, "x"), "✓");
	assert_int_equal(p.n, 7);
	params_release(&p);

	const char *bad[] = {"a=%", "a=%G1", "a=%00", "%FF=1", "a=%C3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(params_parse_urlencoded(&p, bad[i], strlen(bad[i]), QUERY_MAX), MAPO_EINVAL);
		params_release(&p);
	}
	/* caps: bytes and pairs */
	assert_int_equal(params_parse_urlencoded(&p, "a=1", 3, 2), MAPO_ETOOBIG);
	struct buf many = BUF_INIT;
	for (int i = 0; i <= PARAMS_MAX; i++)
		buf_printf(&many, "k%d=v&", i);
	assert_int_equal(params_parse_urlencoded(&p, many.data, many.len, FORM_MAX), MAPO_ETOOBIG);
	params_release(&p);
	buf_release(&many);
}

static void test_cookies(void **state)
{
	(void)state;
	struct params p = PARAMS_INIT;
	assert_int_equal(params_parse_cookies(&p, "mapo_session=abc-DEF_1; mapo_lang=ms;other=\"q v\" ; =x; novalue"), 0);
	assert_string_equal(params_get(&p, "mapo_session"), "abc-DEF_1");
	assert_string_equal(params_get(&p, "mapo_lang"), "ms");
	assert_string_equal(params_get(&p, "other"), "q v");
	assert_int_equal(p.n, 3);
	params_release(&p);
	assert_int_equal(params_parse_cookies(&p, "a=\xff"), MAPO_EINVAL);
	params_release(&p);
	struct buf many = BUF_INIT;
	for (int i = 0; i <= PARAMS_MAX; i++)
		buf_printf(&many, "c%d=1; ", i);
	assert_int_equal(params_parse_cookies(&p, buf_str(&many)), MAPO_ETOOBIG);
	params_release(&p);
	buf_release(&many);
}

static void test_headers(void **state)
{
	(void)state;
	assert_true(content_type_is("application/json", "application/json"));
	assert_true(content_type_is("Application/JSON; charset=utf-8", "application/json"));
	assert_false(content_type_is("application/jsonp", "application/json"));
	assert_false(content_type_is(NULL, "application/json"));
	assert_int_equal(accept_language_pick("ms-MY,ms;q=0.9,en;q=0.8"), LANG_MS);
	assert_int_equal(accept_language_pick("fr-FR, en-GB;q=0.5"), LANG_EN);
	assert_int_equal(accept_language_pick("fr, de"), -1);
	assert_int_equal(accept_language_pick(NULL), -1);
	struct buf b = BUF_INIT;
	url_encode(&b, "PDRM/2021/000123 a&b", true);
	assert_string_equal(buf_str(&b), "PDRM/2021/000123%20a%26b");
	buf_reset(&b);
	url_encode(&b, "PDRM/2021", false);
	assert_string_equal(buf_str(&b), "PDRM%2F2021");
	buf_release(&b);
}

/* Every API route is in openapi.json with its method, and every documented operation is a
 * route of the real table. */
static void test_openapi_matches_routes(void **state)
{
	(void)state;
	json_error_t jerr;
	json_t *doc = json_load_file(MAPO_WEBDIR "/openapi.json", 0, &jerr);
	assert_non_null(doc);
	json_t *paths = json_object_get(doc, "paths");
	assert_true(json_is_object(paths));
	size_t api_routes = 0;
	for (size_t i = 0; i < web_nroutes; i++) {
		const struct route *r = &web_routes[i];
		if (!(r->flags & RF_API))
			continue;
		api_routes++;
		char *path = route_openapi_path(r->pattern);
		char method[8];
		size_t k;
		for (k = 0; r->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(r->method[k] - 'A' + 'a');
		method[k] = '\0';
		json_t *item = json_object_get(paths, path);
		if (!item || !json_object_get(item, method))
			fail_msg("route %s %s is not in openapi.json", r->method, path);
		free(path);
	}
	assert_true(api_routes >= 10);
	const char *p;
	json_t *item;
	size_t documented = 0;
	json_object_foreach(paths, p, item) {
		const char *m;
		json_t *op;
		json_object_foreach(item, m, op) {
			if (!strcmp(m, "parameters"))
				continue;
			documented++;
			bool found = false;
			for (size_t i = 0; i < web_nroutes && !found; i++) {
				char *path = route_openapi_path(web_routes[i].pattern);
				found = (web_routes[i].flags & RF_API) && !strcmp(path, p) && !strcasecmp(web_routes[i].method, m);
				free(path);
			}
			if (!found)
				fail_msg("openapi.json documents %s %s, which is not a route", m, p);
		}
	}
	assert_int_equal(documented, api_routes);
	json_decref(doc);
}

/* The real table: patterns well formed, literal routes before the catch-all ones that would hide
 * them. */
static void test_real_table(void **state)
{
	(void)state;
	struct params caps = PARAMS_INIT;
	const struct route *r;
	char allow[64];
	assert_int_equal(router_match(web_routes, web_nroutes, "GET", "/cases/new", &r, &caps, allow, sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/cases/new");
	assert_int_equal(router_match(web_routes, web_nroutes, "GET", "/api/v1/cases/PDRM%2F2021%2F000001/persons", &r, &caps,
		allow, sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/api/v1/cases/{ref*}/persons");
	assert_string_equal(params_get(&caps, "ref"), "PDRM/2021/000001");
	params_release(&caps);
	assert_int_equal(router_match(web_routes, web_nroutes, "PUT", "/api/v1/cases/PDRM/2021/000001", &r, &caps, allow,
		sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/api/v1/cases/{ref*}");
	params_release(&caps);
	assert_int_equal(router_match(web_routes, web_nroutes, "GET", "/cases/PDRM/2021/000001/persons/new", &r, &caps, allow,
		sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/cases/{ref*}/persons/new");
	assert_string_equal(params_get(&caps, "ref"), "PDRM/2021/000001");
	params_release(&caps);
	assert_int_equal(router_match(web_routes, web_nroutes, "POST", "/cases/PDRM/2021/000001/persons/remove", &r, &caps,
		allow, sizeof(allow)), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/cases/{ref*}/persons/remove");
	params_release(&caps);
	assert_int_equal(router_match(web_routes, web_nroutes, "PATCH", "/api/v1/cases/A/1", &r, &caps, allow, sizeof(allow)),
		ROUTE_NO_METHOD);
	assert_non_null(strstr(allow, "PUT"));
	for (size_t i = 0; i < web_nroutes; i++) {
		assert_true(web_routes[i].pattern[0] == '/');
		assert_non_null(web_routes[i].handler);
	}
	params_release(&caps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_order),
		cmocka_unit_test(test_case_refs),
		cmocka_unit_test(test_single_segments),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_malformed_paths),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_openapi_matches_routes),
		cmocka_unit_test(test_real_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
