/* The route table's matcher. A pattern is a path of segments: literal text, "{name}" (one
 * segment) or "{name*}" (one or more segments joined by '/', for case references such as
 * PDRM/2021/000123, which may also come with their slashes encoded as %2F). Literal segments may
 * follow a "{name*}" ("/cases/{ref*}/edit"). Captured values are percent-decoded. */
#ifndef MAPO_WEB_ROUTER_H
#define MAPO_WEB_ROUTER_H

#include <stddef.h>

#include "web/request.h"

struct web_req;
struct web_resp;
typedef void (*web_handler)(struct web_req *rq, struct web_resp *rs);

/* What a route needs before its handler runs. */
enum route_flags {
	RF_API = 1 << 0,     /* /api/v1: JSON errors, Bearer tokens */
	RF_PUBLIC = 1 << 1,  /* open to anonymous visitors */
	RF_UPLOAD = 1 << 2,  /* takes a large multipart body (the import) */
	RF_NOCSRF = 1 << 3,  /* a state-changing route that needs no CSRF token (sign-in) */
};

struct route {
	const char *method;  /* "GET", "POST", "PUT", "DELETE" */
	const char *pattern;
	web_handler handler;
	unsigned flags;
	const char *summary; /* one line, for the OpenAPI check and the docs */
};

enum route_match { ROUTE_FOUND = 0, ROUTE_NO_PATH = 1, ROUTE_NO_METHOD = 2 };

/* Finds the route for method and raw (still percent-encoded) path: ROUTE_FOUND with *out set and
 * the captures added to caps; ROUTE_NO_METHOD when the path matches only under other methods
 * (allow then lists them, e.g. "GET, PUT"; it holds at least 64 bytes); ROUTE_NO_PATH otherwise,
 * also for a path that does not decode. HEAD matches GET routes. */
enum route_match router_match(const struct route *routes, size_t n, const char *method, const char *path,
	const struct route **out, struct params *caps, char *allow, size_t allow_len);

/* True when the pattern matches path (for tests and the OpenAPI check); captures go to caps when
 * not NULL. */
bool route_pattern_match(const char *pattern, const char *path, struct params *caps);

/* The pattern in OpenAPI form: "{ref*}" becomes "{ref}"; caller frees. */
char *route_openapi_path(const char *pattern);

#endif
