/* The web face: what a handler gets (struct web_req) and fills (struct web_resp), the route
 * table, and the shared helpers the handler files use. Nothing here knows libmicrohttpd:
 * server.c turns a connection into a web_req and a web_resp into bytes, so handlers can be
 * called from tests too. Handlers never write SQL: they call the core and the store interface.
 *
 * Layout of src/web: server.c (MHD, threads, the access log, shutdown), router.c, request.c
 * (parsers), template.c (escaping), layout.c (page frame, navigation), chart.c (SVG), and one
 * handlers file per area: h_auth.c (sign-in, sign-out, sessions), h_pages.c (dashboard, public
 * page, language), h_cases.c (case pages and forms), h_import.c (import, export), h_users.c
 * (users admin, audit page), api.c (/api/v1). */
#ifndef MAPO_WEB_H
#define MAPO_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "core/auth.h"
#include "core/refdata.h"
#include "core/vault.h"
#include "store/store.h"
#include "util/util.h"
#include "web/request.h"
#include "web/router.h"

#define BODY_MAX ((size_t)1 << 20)      /* any request body but an upload */
#define UPLOAD_MAX ((size_t)64 << 20)   /* the import's two files together */
#define UPLOADS_MAX 4

/* The server's settings and shared, read-only state. */
struct web_config {
	char listen[128];          /* "127.0.0.1:8080" */
	const char *db_path;
	unsigned threads;          /* worker threads (the thread pool) */
	struct auth_config auth;
	const char *static_dir;    /* where app.css and openapi.json are read from at start */
	bool secure_cookies;       /* add Secure to cookies (behind TLS) */
	enum mapo_lang default_lang;
};

/* One uploaded file of a multipart form. */
struct web_upload {
	char *field;     /* the form field's name */
	char *filename;  /* as the browser sent it; never used as a path */
	struct buf data;
};

struct web_req {
	/* what came */
	const char *method;
	char *path;                  /* raw, without the query */
	struct params query;
	struct params form;          /* urlencoded or multipart fields */
	struct params cookies;
	struct params caps;          /* the route's captures ({ref}) */
	struct buf body;
	json_t *json;                /* the body when it is JSON, else NULL */
	struct web_upload uploads[UPLOADS_MAX];
	size_t nuploads;
	char *authorization, *csrf_header, *content_type, *accept_language, *if_match, *host, *origin;
	char address[ADDRESS_MAX];

	/* what the server worked out before the handler */
	const struct route *route;
	const struct web_config *cfg;
	const struct refdata *rd;
	store *db;                   /* this worker thread's connection */
	enum mapo_lang lang;
	bool signed_in;
	struct auth_session session; /* valid when signed_in */
	char session_token[AUTH_TOKEN_STRLEN]; /* the cookie's token ("" with Bearer) */
	struct principal who;        /* anonymous when not signed in */
};

struct web_resp {
	int status;
	const char *content_type;    /* static */
	struct buf body;
	const void *fixed;           /* a static body instead of body (served from memory) */
	size_t fixed_len;
	struct strvec headers;       /* "Name: value" lines added to the defaults */
	bool cache_long;             /* static assets: cache for a year */
};

/* The route table (handlers in the h_*.c files and api.c) and its length. */
extern const struct route web_routes[];
extern const size_t web_nroutes;

/* Runs the route's checks (sign-in, CSRF) and its handler: what server.c calls once the body is
 * complete. rq->route may be NULL (no route): rs then gets the 404 or 405. */
void web_dispatch(struct web_req *rq, struct web_resp *rs, enum route_match m, const char *allow);

void web_req_init(struct web_req *rq);
void web_req_release(struct web_req *rq);
void web_resp_init(struct web_resp *rs);
void web_resp_release(struct web_resp *rs);

/* Static files (app.css, openapi.json), loaded once at start from cfg->static_dir. */
int web_static_load(const char *dir, struct mapo_error *err);
void web_static_free(void);
/* A short hash of the static files, for cache-busting URLs ("/static/app.css?v=..."). */
const char *web_static_version(void);
/* The file's bytes, or NULL. */
const char *web_static_get(const char *name, size_t *len, const char **content_type);

/* Responses. Errors: JSON {"error": {"code", "message"}} on API routes, a page elsewhere; the
 * message is for a person (translated, never SQL or a path). */
void web_error(struct web_req *rq, struct web_resp *rs, int status, const char *code, const char *msg);
/* The status and code that go with a mapo_err (404 for MAPO_ENOTFOUND, 409 for MAPO_ECONFLICT...). */
void web_error_from(struct web_req *rq, struct web_resp *rs, int rc, const struct mapo_error *err);
void web_json(struct web_resp *rs, int status, json_t *body); /* takes the reference */
/* True when the request's body is a JSON object; else answers 400 and gives false. */
bool web_need_object(struct web_req *rq, struct web_resp *rs);
/* 422 with {"error": {"code": "invalid", "message", "fields": [{"field", "message"}]}}: the
 * message is msg, else the first field's. */
void web_invalid(struct web_resp *rs, const struct field_errors *fe, const char *msg);
/* The key for personal data, read per request (a rotation takes effect without a restart); NULL
 * when this server has none. web_no_key answers that (503). */
vault *web_open_key(struct web_req *rq);
void web_no_key(struct web_req *rq, struct web_resp *rs);
void web_redirect(struct web_resp *rs, const char *location);  /* 303 See Other */
void web_header(struct web_resp *rs, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets a cookie: HttpOnly, SameSite=Strict, Path=/, Secure when configured; max_age < 0 makes a
 * session cookie, 0 deletes it. */
void web_set_cookie(struct web_req *rq, struct web_resp *rs, const char *name, const char *value, long max_age);

/* The value of a form field (or JSON member for API routes is not covered: use json_*). */
const char *web_form(const struct web_req *rq, const char *name);
/* A query parameter, NULL when absent or empty. */
const char *web_query(const struct web_req *rq, const char *name);

/* The name of the session cookie and the language cookie. */
#define SESSION_COOKIE "mapo_session"
#define LANG_COOKIE "mapo_lang"
#define CSRF_FIELD "csrf"
#define CSRF_HEADER "X-CSRF-Token"

/* Handler groups defined in the h_*.c files. */
void h_static(struct web_req *rq, struct web_resp *rs);

#endif
