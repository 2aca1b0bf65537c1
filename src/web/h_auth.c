/* Signing in and out (the form and the API's sessions) and the language switch. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "web/handlers.h"

#define THROTTLE_MAX_MS 5000

void sleep_ms(unsigned ms)
{
	if (ms > THROTTLE_MAX_MS)
		ms = THROTTLE_MAX_MS;
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts))
		;
}

const char *safe_next(const char *next, const char *fallback)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return fallback;
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return fallback;
	return next;
}

static void sign_in_page(struct web_req *rq, struct web_resp *rs, const char *username, const char *msg, int status)
{
	const char *next = safe_next(web_form(rq, "next") ? web_form(rq, "next") : web_query(rq, "next"), "");
	page_begin(rq, rs, _("Sign in"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<section class=\"narrow\"><h1>%s</h1>\n", _("Sign in"));
	if (msg)
		tpl_printf(o, "<p class=\"flash error\" role=\"alert\">%s</p>\n", msg);
	tpl_raw(o, "<form method=\"post\" action=\"/sign-in\" class=\"stack\">\n");
	tpl_printf(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", next);
	tpl_printf(o, "<div class=\"field\"><label for=\"f-username\">%s</label>", _("Username"));
	tpl_printf(o, "<input id=\"f-username\" name=\"username\" type=\"text\" value=\"%s\" autocomplete=\"username\" "
		"autocapitalize=\"none\" required></div>\n", username ? username : "");
	tpl_printf(o, "<div class=\"field\"><label for=\"f-password\">%s</label>", _("Password"));
	tpl_raw(o, "<input id=\"f-password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
		"required></div>\n");
	tpl_printf(o, "<button type=\"submit\" class=\"primary\">%s</button>\n</form>\n", _("Sign in"));
	tpl_printf(o, "<p><a href=\"/public\">%s</a></p></section>\n", _("See the published figures without signing in"));
	page_end(rq, rs, status);
}

void h_sign_in_form(struct web_req *rq, struct web_resp *rs)
{
	if (rq->signed_in) {
		web_redirect(rs, safe_next(web_query(rq, "next"), "/dashboard"));
		return;
	}
	sign_in_page(rq, rs, NULL, NULL, 200);
}

/* True when the account or the address is locked now (to tell a lock from a wrong password). */
static bool locked(struct web_req *rq, const char *username, int64_t *until)
{
	int64_t u1 = 0, u2 = 0;
	auth_lock_state(rq->db, "user", username, &u1, NULL);
	auth_lock_state(rq->db, "address", rq->address, &u2, NULL);
	*until = u1 > u2 ? u1 : u2;
	return *until > 0;
}

void h_sign_in(struct web_req *rq, struct web_resp *rs)
{
	const char *username = web_form(rq, "username");
	const char *password = web_form(rq, "password");
	struct auth_session sess;
	struct mapo_error err;
	unsigned delay = 0;
	mapo_error_clear(&err);
	if (!username || !password || !*username || !*password) {
		sign_in_page(rq, rs, username, _("enter your username and password"), 422);
		return;
	}
	int rc = auth_sign_in(rq->db, &rq->cfg->auth, username, password, rq->address, &sess, &delay, &err);
	if (delay)
		sleep_ms(delay);
	if (rc) {
		int64_t until;
		if (locked(rq, username, &until))
			web_header(rs, "Retry-After", "%lld", (long long)(until - auth_now() > 0 ? until - auth_now() : 1));
		sign_in_page(rq, rs, username, err.msg[0] ? err.msg : _("wrong username or password"),
			rc == MAPO_EDENIED ? (locked(rq, username, &until) ? 429 : 401) : 500);
		return;
	}
	web_set_cookie(rq, rs, SESSION_COOKIE, sess.token, (long)rq->cfg->auth.absolute_timeout);
	web_set_cookie(rq, rs, LANG_COOKIE, i18n_lang_code(sess.user.lang), 365L * 86400);
	web_redirect(rs, safe_next(web_form(rq, "next"), "/dashboard"));
}

void h_sign_out(struct web_req *rq, struct web_resp *rs)
{
	if (rq->session_token[0])
		auth_sign_out(rq->db, rq->session_token, rq->address, NULL);
	web_set_cookie(rq, rs, SESSION_COOKIE, "", 0);
	web_redirect(rs, "/sign-in");
}

void h_lang(struct web_req *rq, struct web_resp *rs)
{
	enum mapo_lang lang;
	const char *code = params_get(&rq->caps, "code");
	if (!code || (strcmp(code, "ms") && strcmp(code, "en")) || i18n_parse_lang(code, &lang)) {
		web_error(rq, rs, 404, "not_found", _("no such language"));
		return;
	}
	web_set_cookie(rq, rs, LANG_COOKIE, code, 365L * 86400);
	if (rq->signed_in)
		auth_user_set_lang(rq->db, &rq->who, rq->who.username, lang, NULL);
	web_redirect(rs, safe_next(web_query(rq, "next"), "/"));
}

void api_session_create(struct web_req *rq, struct web_resp *rs)
{
	const char *username = rq->json ? json_string_value(json_object_get(rq->json, "username")) : NULL;
	const char *password = rq->json ? json_string_value(json_object_get(rq->json, "password")) : NULL;
	if (!username || !password) {
		web_error(rq, rs, 400, "bad_request", _("send a JSON object with username and password"));
		return;
	}
	struct auth_session sess;
	struct mapo_error err;
	unsigned delay = 0;
	mapo_error_clear(&err);
	int rc = auth_sign_in(rq->db, &rq->cfg->auth, username, password, rq->address, &sess, &delay, &err);
	if (delay)
		sleep_ms(delay);
	if (rc == MAPO_EDENIED) {
		int64_t until;
		if (locked(rq, username, &until)) {
			web_header(rs, "Retry-After", "%lld", (long long)(until - auth_now() > 0 ? until - auth_now() : 1));
			web_error(rq, rs, 429, "locked", err.msg);
		} else {
			web_header(rs, "WWW-Authenticate", "Bearer");
			web_error(rq, rs, 401, "unauthorized", err.msg[0] ? err.msg : _("wrong username or password"));
		}
		return;
	}
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	json_t *j = json_pack("{s:s,s:s,s:I,s:s,s:s}", "token", sess.token, "csrf", sess.csrf, "expires_at",
		(json_int_t)sess.expires_at, "username", sess.user.username, "role", user_role_code(sess.user.role));
	web_json(rs, 201, j);
}

void api_session_delete(struct web_req *rq, struct web_resp *rs)
{
	const char *tok = rq->session_token[0] ? rq->session_token : NULL;
	if (!tok && rq->authorization && !strncmp(rq->authorization, "Bearer ", 7))
		tok = rq->authorization + 7;
	if (rq->session.api_token) {
		web_error(rq, rs, 400, "bad_request", _("an API token is revoked, not signed out"));
		return;
	}
	if (tok)
		auth_sign_out(rq->db, tok, rq->address, NULL);
	if (rq->session_token[0])
		web_set_cookie(rq, rs, SESSION_COOKIE, "", 0);
	rs->status = 204;
	rs->content_type = NULL;
}
