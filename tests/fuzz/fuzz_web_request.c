/* libFuzzer target for the web's parsers of outside input (src/web/request.c, router.c): the
 * first byte picks the parser, the rest is its input. Each must return 0 or an error without
 * crashing, leaking or reading out of bounds, and what it accepts must hold: decoded values are
 * UTF-8 without NUL, and the caps are kept. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/request.h"
#include "web/router.h"

static void nop(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	(void)rs;
}

static const struct route routes[] = {
	{"GET", "/cases/{ref*}/edit", nop, 0, ""},
	{"GET", "/cases/{ref*}", nop, 0, ""},
	{"GET", "/lang/{code}", nop, 0, ""},
	{"POST", "/api/v1/cases/{ref*}/persons", nop, 0, ""},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	struct params p = PARAMS_INIT;
	switch (data[0] % 4) {
	case 0:
		if (!params_parse_urlencoded(&p, s, size - 1, QUERY_MAX)) {
			if (p.n > PARAMS_MAX)
				abort();
			for (size_t i = 0; i < p.n; i++)
				if (!utf8_valid(p.v[i].name, strlen(p.v[i].name)) || !utf8_valid(p.v[i].value, strlen(p.v[i].value)))
					abort();
		}
		break;
	case 1:
		if (!params_parse_cookies(&p, s) && p.n > PARAMS_MAX)
			abort();
		break;
	case 2: {
		const struct route *r;
		char allow[64];
		router_match(routes, sizeof(routes) / sizeof(routes[0]), "GET", s, &r, &p, allow, sizeof(allow));
		for (size_t i = 0; i < p.n; i++)
			if (!utf8_valid(p.v[i].value, strlen(p.v[i].value)))
				abort();
		break;
	}
	default: {
		char *out = NULL;
		if (!url_decode(s, strlen(s), true, &out) && !utf8_valid(out, strlen(out)))
			abort();
		free(out);
		accept_language_pick(s);
		break;
	}
	}
	params_release(&p);
	free(s);
	return 0;
}
