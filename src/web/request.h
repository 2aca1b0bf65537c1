/* Parsing what a browser or an API client sends, without libmicrohttpd: percent-decoding, query
 * strings and urlencoded forms, Cookie headers, JSON bodies. Every parser has a cap on what it
 * accepts and rejects bytes that are not UTF-8 (or hold NUL) with MAPO_EINVAL; over a cap it
 * answers MAPO_ETOOBIG. These are the parsers of outside input the fuzz targets drive. */
#ifndef MAPO_WEB_REQUEST_H
#define MAPO_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

#define PARAMS_MAX 256              /* pairs in one query string, form or Cookie header */
#define QUERY_MAX ((size_t)8 << 10) /* bytes of a query string */
#define FORM_MAX ((size_t)1 << 20)  /* bytes of an urlencoded form or a JSON body */

/* Name/value pairs in the order they came; names may repeat. Strings owned. */
struct kv {
	char *name;
	char *value;
};
struct params {
	struct kv *v;
	size_t n, alloc;
};
#define PARAMS_INIT {NULL, 0, 0}

void params_init(struct params *p);
void params_release(struct params *p);
void params_add(struct params *p, const char *name, const char *value);
/* Replaces the first pair named name (or adds one). */
void params_set(struct params *p, const char *name, const char *value);
/* The first value named name, or NULL; valid while p is unchanged. */
const char *params_get(const struct params *p, const char *name);
/* The first value named name when it is present and not empty, else NULL. */
const char *params_get_nonempty(const struct params *p, const char *name);

/* Decodes %XX escapes (and '+' as a space when plus_space) of s[0..len) into a new string the
 * caller frees. MAPO_EINVAL for a bad escape, a NUL or bytes that are not UTF-8. */
int url_decode(const char *s, size_t len, bool plus_space, char **out);
/* Appends s percent-encoded for a query value or a path segment (unreserved bytes stay; keep_slash
 * leaves '/' alone so a case reference stays readable in a path). */
void url_encode(struct buf *out, const char *s, bool keep_slash);

/* Adds the pairs of an application/x-www-form-urlencoded string (a query string or a form body)
 * to p. A pair without '=' has the value "". */
int params_parse_urlencoded(struct params *p, const char *s, size_t len, size_t max_len);
/* Adds the cookies of a Cookie header value ("a=1; b=2") to p; values are taken as they are
 * (mapo's own cookies only hold URL-safe characters), quoted values lose their quotes. */
int params_parse_cookies(struct params *p, const char *header);

/* True when a header value of the media type (ignoring parameters and case), e.g.
 * content_type_is("application/json; charset=utf-8", "application/json"). */
bool content_type_is(const char *header, const char *type);

/* The first language of an Accept-Language header that mapo knows; -1 when none. */
int accept_language_pick(const char *header);

#endif
