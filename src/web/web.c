/* The request life shared by every route: the session or token, the language, the CSRF check,
 * and the response helpers. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "io/table.h"
#include "web/layout.h"
#include "web/web.h"

void web_req_init(struct web_req *rq)
{
	memset(rq, 0, sizeof(*rq));
	params_init(&rq->query);
	params_init(&rq->form);
	params_init(&rq->cookies);
	params_init(&rq->caps);
	buf_init(&rq->body, BODY_MAX);
	principal_init_anonymous(&rq->who, NULL);
	rq->method = "GET";
}

void web_req_release(struct web_req *rq)
{
	free(rq->path);
	params_release(&rq->query);
	params_release(&rq->form);
	params_release(&rq->cookies);
	params_release(&rq->caps);
	buf_release(&rq->body);
	if (rq->json)
		json_decref(rq->json);
	for (size_t i = 0; i < rq->nuploads; i++) {
		free(rq->uploads[i].field);
		free(rq->uploads[i].filename);
		buf_release(&rq->uploads[i].data);
	}
	free(rq->authorization);
	free(rq->csrf_header);
	free(rq->content_type);
	free(rq->accept_language);
	free(rq->if_match);
	free(rq->host);
	free(rq->origin);
	memset(rq, 0, sizeof(*rq));
}

void web_resp_init(struct web_resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->status = 200;
	buf_init(&rs->body, (size_t)128 << 20);
	strvec_init(&rs->headers);
}

void web_resp_release(struct web_resp *rs)
{
	buf_release(&rs->body);
	strvec_release(&rs->headers);
}

/* Static files: read once at start, served from memory. */
struct static_file {
	const char *name;
	const char *type;
	char *data;
	size_t len;
};
static struct static_file static_files[] = {
	{"app.css", "text/css; charset=utf-8", NULL, 0},
	{"openapi.json", "application/json", NULL, 0},
	{"favicon.svg", "image/svg+xml", NULL, 0},
};
#define NSTATIC (sizeof(static_files) / sizeof(static_files[0]))
static char static_version[16];

int web_static_load(const char *dir, struct mapo_error *err)
{
	unsigned long h = 5381;
	for (size_t i = 0; i < NSTATIC; i++) {
		char *path = xasprintf("%s/%s", dir, static_files[i].name);
		FILE *f = fopen(path, "rb");
		struct buf b = BUF_INIT;
		buf_init(&b, (size_t)4 << 20);
		int rc = 0;
		if (!f) {
			rc = mapo_error_set(err, MAPO_EIO, _("cannot read the web file '%s'"), static_files[i].name);
		} else {
			char chunk[8192];
			size_t n;
			while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
				rc = buf_add(&b, chunk, n);
			fclose(f);
			if (rc)
				mapo_error_set(err, rc, _("cannot read the web file '%s'"), static_files[i].name);
		}
		free(path);
		if (rc) {
			buf_release(&b);
			web_static_free();
			return rc;
		}
		for (size_t k = 0; k < b.len; k++)
			h = h * 33 + (unsigned char)b.data[k];
		static_files[i].len = b.len;
		static_files[i].data = buf_detach(&b);
	}
	snprintf(static_version, sizeof(static_version), "%08lx", h & 0xffffffffUL);
	return 0;
}

void web_static_free(void)
{
	for (size_t i = 0; i < NSTATIC; i++) {
		free(static_files[i].data);
		static_files[i].data = NULL;
		static_files[i].len = 0;
	}
}

const char *web_static_get(const char *name, size_t *len, const char **content_type)
{
	for (size_t i = 0; i < NSTATIC; i++) {
		if (static_files[i].data && !strcmp(static_files[i].name, name)) {
			*len = static_files[i].len;
			if (content_type)
				*content_type = static_files[i].type;
			return static_files[i].data;
		}
	}
	return NULL;
}

const char *web_static_version(void) { return static_version; }

void h_static(struct web_req *rq, struct web_resp *rs)
{
	const char *name = params_get(&rq->caps, "name");
	size_t len;
	const char *type;
	const char *data = name ? web_static_get(name, &len, &type) : NULL;
	if (!data) {
		web_error(rq, rs, 404, "not_found", _("no such page"));
		return;
	}
	rs->fixed = data;
	rs->fixed_len = len;
	rs->content_type = type;
	rs->cache_long = strcmp(name, "openapi.json") != 0;
}

void web_header(struct web_resp *rs, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s: ", name);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* a header value never carries a line break, whatever went into it */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\r' || b.data[i] == '\n')
			b.data[i] = ' ';
	strvec_push(&rs->headers, buf_str(&b));
	buf_release(&b);
}

void web_json(struct web_resp *rs, int status, json_t *body)
{
	buf_reset(&rs->body);
	rs->status = status;
	rs->content_type = "application/json";
	if (body) {
		json_write(&rs->body, body, false);
		json_decref(body);
	}
}

void web_redirect(struct web_resp *rs, const char *location)
{
	rs->status = 303;
	rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	web_header(rs, "Location", "%s", location);
}

void web_set_cookie(struct web_req *rq, struct web_resp *rs, const char *name, const char *value, long max_age)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", max_age);
	if (rq->cfg && rq->cfg->secure_cookies)
		buf_addstr(&b, "; Secure");
	web_header(rs, "Set-Cookie", "%s", buf_str(&b));
	buf_release(&b);
}

const char *web_form(const struct web_req *rq, const char *name) { return params_get(&rq->form, name); }

const char *web_query(const struct web_req *rq, const char *name) { return params_get_nonempty(&rq->query, name); }

static bool is_api(const struct web_req *rq)
{
	if (rq->route)
		return rq->route->flags & RF_API;
	return rq->path && !strncmp(rq->path, "/api/", 5);
}

bool web_need_object(struct web_req *rq, struct web_resp *rs)
{
	if (rq->json && json_is_object(rq->json))
		return true;
	web_error(rq, rs, 400, "bad_request", _("send a JSON object (Content-Type: application/json)"));
	return false;
}

void web_invalid(struct web_resp *rs, const struct field_errors *fe, const char *msg)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < fe->n; i++)
		json_array_append_new(fields, json_pack("{s:s,s:s}", "field", fe->v[i].field, "message", fe->v[i].msg));
	web_json(rs, 422, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
		msg ? msg : fe->n ? fe->v[0].msg : _("the request is not valid"), "fields", fields));
}

vault *web_open_key(struct web_req *rq)
{
	struct mapo_error err;
	vault *v = NULL;
	char *path = vault_key_path(NULL, rq->cfg->db_path);
	if (vault_open(&v, path, &err))
		v = NULL;
	free(path);
	return v;
}

void web_no_key(struct web_req *rq, struct web_resp *rs)
{
	web_error(rq, rs, 503, "unavailable", _("the key for personal data is not available on this server"));
}

void web_error(struct web_req *rq, struct web_resp *rs, int status, const char *code, const char *msg)
{
	buf_reset(&rs->body);
	rs->fixed = NULL;
	if (is_api(rq)) {
		json_t *e = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
		web_json(rs, status, e);
	} else {
		page_error(rq, rs, status, msg);
	}
}

void web_error_from(struct web_req *rq, struct web_resp *rs, int rc, const struct mapo_error *err)
{
	const char *msg = err && err->msg[0] ? err->msg : NULL;
	switch (rc) {
	case MAPO_ENOTFOUND:
		web_error(rq, rs, 404, "not_found", msg ? msg : _("no such record"));
		break;
	case MAPO_ECONFLICT:
		web_error(rq, rs, 409, "conflict", msg ? msg : _("the record was changed by someone else"));
		break;
	case MAPO_EEXIST:
		web_error(rq, rs, 409, "exists", msg ? msg : _("the record exists already"));
		break;
	case MAPO_EINVAL:
		web_error(rq, rs, 422, "invalid", msg ? msg : _("the request is not valid"));
		break;
	case MAPO_ETOOBIG:
		web_error(rq, rs, 413, "too_big", msg ? msg : _("the request is too large"));
		break;
	case MAPO_EDENIED:
		web_error(rq, rs, 403, "forbidden", msg ? msg : _("you may not do this"));
		break;
	default:
		/* store and I/O failures: their details stay in the server */
		web_error(rq, rs, 500, "internal", _("something went wrong on the server"));
		break;
	}
}

/* Same-origin check for state-changing requests from browsers: when an Origin header comes, its
 * host must be the Host the request was sent to. */
static bool origin_ok(const struct web_req *rq)
{
	if (!rq->origin || !strcmp(rq->origin, "null"))
		return !rq->origin;
	const char *o = strstr(rq->origin, "://");
	o = o ? o + 3 : rq->origin;
	return rq->host && !strcasecmp(o, rq->host);
}

static void pick_language(struct web_req *rq)
{
	enum mapo_lang lang = rq->cfg ? rq->cfg->default_lang : LANG_EN;
	const char *c = params_get(&rq->cookies, LANG_COOKIE);
	int al = accept_language_pick(rq->accept_language);
	if (rq->signed_in)
		lang = rq->session.user.lang;
	else if (c && !i18n_parse_lang(c, &lang))
		;
	else if (al >= 0)
		lang = (enum mapo_lang)al;
	rq->lang = lang;
	i18n_set_lang(lang);
}

static void authenticate(struct web_req *rq, struct web_resp *rs, bool *bad_token)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	*bad_token = false;
	const char *auth = rq->authorization;
	if (auth && !strncasecmp(auth, "Bearer ", 7)) {
		const char *tok = auth + 7;
		while (*tok == ' ')
			tok++;
		if (!auth_bearer_check(rq->db, &rq->cfg->auth, tok, &rq->session, &err))
			rq->signed_in = true;
		else
			*bad_token = true;
	} else {
		const char *tok = params_get(&rq->cookies, SESSION_COOKIE);
		if (tok && *tok && strlen(tok) < AUTH_TOKEN_STRLEN) {
			if (!auth_session_check(rq->db, &rq->cfg->auth, tok, &rq->session, &err)) {
				rq->signed_in = true;
				snprintf(rq->session_token, sizeof(rq->session_token), "%s", tok);
			} else {
				web_set_cookie(rq, rs, SESSION_COOKIE, "", 0); /* expired: forget it */
			}
		}
	}
	if (rq->signed_in)
		principal_from_user(&rq->who, &rq->session.user, rq->address);
	else
		principal_init_anonymous(&rq->who, rq->address);
}

void web_dispatch(struct web_req *rq, struct web_resp *rs, enum route_match m, const char *allow)
{
	bool bad_token = false;
	i18n_set_lang(rq->lang);
	if (rq->db)
		authenticate(rq, rs, &bad_token);
	pick_language(rq);
	if (m == ROUTE_NO_PATH || !rq->route) {
		if (m == ROUTE_NO_METHOD) {
			web_header(rs, "Allow", "%s", allow);
			web_error(rq, rs, 405, "method_not_allowed", _("this method is not allowed here"));
		} else {
			web_error(rq, rs, 404, "no_route", _("no such page"));
		}
		return;
	}
	unsigned flags = rq->route->flags;
	bool changes = strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD");
	if (bad_token) {
		web_header(rs, "WWW-Authenticate", "Bearer");
		web_error(rq, rs, 401, "unauthorized", _("the token is not valid or has expired"));
		return;
	}
	if (!(flags & RF_PUBLIC) && !rq->signed_in) {
		if (flags & RF_API) {
			web_header(rs, "WWW-Authenticate", "Bearer");
			web_error(rq, rs, 401, "unauthorized", _("sign in first"));
		} else if (changes) {
			web_error(rq, rs, 401, "unauthorized", _("your session has ended: sign in again"));
		} else {
			struct buf next = BUF_INIT, loc = BUF_INIT;
			current_url(rq, &next);
			buf_addstr(&loc, "/sign-in?next=");
			url_encode(&loc, buf_str(&next), true);
			web_redirect(rs, buf_str(&loc));
			buf_release(&next);
			buf_release(&loc);
		}
		return;
	}
	if (changes && !origin_ok(rq)) {
		web_error(rq, rs, 403, "csrf", _("the request came from another site"));
		return;
	}
	/* A browser's session cookie rides along with any request: a state-changing one must also
	 * prove it came from our own page (the form's field or, for scripts, the header). Bearer
	 * tokens are never sent by a browser on its own, so they need no such proof. */
	if (changes && rq->session_token[0] && !(flags & RF_NOCSRF)) {
		const char *sent = rq->csrf_header ? rq->csrf_header : web_form(rq, CSRF_FIELD);
		if (!auth_csrf_check(rq->session_token, sent)) {
			web_error(rq, rs, 403, "csrf", _("the form has expired: reload the page and try again"));
			return;
		}
	}
	rq->route->handler(rq, rs);
}
