/* API tokens: the page where a signed-in user lists, creates and revokes its own (an
 * administrator also anyone's, through ?user=NAME), and the same through /api/v1/tokens. Who
 * may act on whose tokens, and the audit entries, are auth_api_token_*'s. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "web/h_tokens.h"
#include "web/handlers.h"
#include "web/webcase.h"

/* Whose tokens: ?user=NAME (a form's "user" field for the revoke form), else the caller's own. */
static const char *token_owner(const struct web_req *rq)
{
	const char *u = web_query(rq, "user");
	if (!u && web_form(rq, "user") && *web_form(rq, "user"))
		u = web_form(rq, "user");
	return u ? u : rq->who.username;
}

/* A token is made from a session: a leaked API token must not be able to mint others. */
static bool from_session(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->session.api_token)
		return true;
	web_error(rq, rs, 403, "forbidden", _("an API token cannot create tokens: sign in to create one"));
	return false;
}

/* A label from a form or a JSON body, trimmed; a field error when missing or too long. */
static void read_label(const char *s, char out[API_TOKEN_LABEL_MAX], struct field_errors *fe)
{
	webcase_set_str(out, API_TOKEN_LABEL_MAX, s ? s : "", "label", fe);
	if (!fe->n && !out[0])
		field_errors_add(fe, "label", "%s", _("give the token a label, e.g. the script that will use it"));
	else if (!fe->n && !utf8_valid(out, strlen(out)))
		field_errors_add(fe, "label", "%s", _("the label is not valid UTF-8"));
}

/* ---- the page ---------------------------------------------------------------------------------- */

struct token_rows {
	struct web_req *rq;
	struct buf *o;
	const char *owner;
	size_t n;
};

static void owner_query(struct buf *out, const struct web_req *rq, const char *owner)
{
	if (strcmp(owner, rq->who.username)) {
		buf_addstr(out, "?user=");
		url_encode(out, owner, true);
	}
}

static int token_row(const struct api_token *t, void *arg)
{
	struct token_rows *tr = arg;
	struct buf *o = tr->o;
	char created[32], used[32];
	fmt_time(t->created_at, created);
	if (t->last_used)
		fmt_time(t->last_used, used);
	tr->n++;
	tpl_printf(o, "<tr><td class=\"num\">%lld</td><td>%s</td><td>%s</td><td>%s</td><td>", (long long)t->id, t->label,
		created, t->last_used ? used : _("never"));
	tpl_printf(o, "<form method=\"post\" action=\"/tokens/%lld/revoke\" class=\"inline\">", (long long)t->id);
	csrf_field(tr->rq, o);
	if (strcmp(tr->owner, tr->rq->who.username))
		tpl_printf(o, "<input type=\"hidden\" name=\"user\" value=\"%s\">", tr->owner);
	tpl_printf(o, "<button type=\"submit\" class=\"danger\" aria-label=\"%s %s\">%s</button></form></td></tr>\n",
		_("Revoke the token"), t->label, _("Revoke"));
	return 0;
}

/* The list of owner's tokens, the creation form when they are the caller's own, and above them
 * a flash or a token just made (shown this once). */
static void tokens_page(struct web_req *rq, struct web_resp *rs, const char *owner, const char *new_token,
	const char *new_label, const char *flash, const struct field_errors *fe, int status)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	bool own = !strcmp(owner, rq->who.username);
	struct buf rows = BUF_INIT;
	struct token_rows tr = {rq, &rows, owner, 0};
	int rc = auth_api_token_list(rq->db, &rq->who, owner, token_row, &tr, &err);
	if (rc) {
		buf_release(&rows);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	page_begin(rq, rs, _("API tokens"));
	struct buf *o = &rs->body;
	if (own)
		tpl_printf(o, "<h1>%s</h1>\n", _("Your API tokens"));
	else
		tpl_printf(o, "<h1>%s: %s</h1>\n", _("API tokens of"), owner);
	tpl_printf(o, "<p class=\"note\">%s</p>\n",
		_("A program sends a token in the header Authorization: Bearer TOKEN and acts with this account's role."));
	if (new_token) {
		tpl_printf(o, "<div class=\"flash ok\" role=\"status\"><p>%s</p>", _("The token was created. Copy it now: it will not be shown again."));
		tpl_printf(o, "<p><label for=\"new-token\">%s</label> <input id=\"new-token\" type=\"text\" readonly value=\"%s\" size=\"52\"></p></div>\n",
			new_label, new_token);
	} else if (flash) {
		tpl_printf(o, "<p class=\"flash ok\" role=\"status\">%s</p>\n", flash);
	}
	if (tr.n) {
		tpl_raw(o, "<div class=\"scroll\"><table class=\"data tokens\"><thead><tr>");
		const char *heads[] = {"#", _("Label"), _("Created"), _("Last used"), ""};
		for (size_t i = 0; i < 5; i++)
			tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
		tpl_raw(o, "</tr></thead><tbody>\n");
		buf_add(o, rows.data, rows.len);
		tpl_raw(o, "</tbody></table></div>\n");
	} else {
		tpl_printf(o, "<p>%s</p>\n", _("No API tokens."));
	}
	buf_release(&rows);
	if (own) {
		const char *lerr = fe && fe->n ? fe->v[0].msg : NULL;
		tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/tokens\" class=\"stack narrow\">", _("New token"));
		csrf_field(rq, o);
		tpl_input(o, "label", _("Label (what will use it)"), "text", NULL, lerr, true);
		tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
			_("Create a token"));
	} else {
		tpl_printf(o, "<p><a href=\"/users\">%s</a></p>\n", _("Back to the users"));
	}
	page_end(rq, rs, status);
}

void h_tokens(struct web_req *rq, struct web_resp *rs)
{
	tokens_page(rq, rs, token_owner(rq), NULL, NULL, web_query(rq, "revoked") ? _("The token was revoked.") : NULL,
		NULL, 200);
}

void h_token_create(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	char label[API_TOKEN_LABEL_MAX], token[AUTH_TOKEN_STRLEN];
	mapo_error_clear(&err);
	if (!from_session(rq, rs))
		return;
	read_label(web_form(rq, "label"), label, &fe);
	int64_t id = 0;
	int rc = fe.n ? MAPO_EINVAL : auth_api_token_create(rq->db, &rq->who, rq->who.username, label, token, &id, &err);
	if (rc == MAPO_EINVAL) {
		if (!fe.n)
			field_errors_add(&fe, "label", "%s", err.msg);
		tokens_page(rq, rs, rq->who.username, NULL, NULL, NULL, &fe, 422);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		/* answered here rather than redirected: the token exists only in this response */
		tokens_page(rq, rs, rq->who.username, token, label, NULL, NULL, 200);
		memset(token, 0, sizeof(token));
	}
	field_errors_release(&fe);
}

static int parse_id(struct web_req *rq, struct web_resp *rs, long long *id)
{
	const char *v = params_get(&rq->caps, "id");
	if (!v || parse_int(v, 1, INT64_MAX, id)) {
		web_error(rq, rs, 404, "not_found", _("no such token"));
		return -1;
	}
	return 0;
}

void h_token_revoke(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	long long id;
	mapo_error_clear(&err);
	if (parse_id(rq, rs, &id))
		return;
	const char *owner = token_owner(rq);
	int rc = auth_api_token_revoke(rq->db, &rq->who, owner, id, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	struct buf loc = BUF_INIT;
	buf_addstr(&loc, "/tokens");
	owner_query(&loc, rq, owner);
	buf_addstr(&loc, loc.len > 7 ? "&revoked=1" : "?revoked=1");
	web_redirect(rs, buf_str(&loc));
	buf_release(&loc);
}

/* ---- /api/v1/tokens ----------------------------------------------------------------------------- */

static int token_to_json(const struct api_token *t, void *arg)
{
	json_array_append_new((json_t *)arg, json_pack("{s:I,s:s,s:I,s:o}", "id", (json_int_t)t->id, "label", t->label,
		"created_at", (json_int_t)t->created_at, "last_used", t->last_used ? json_integer(t->last_used) : json_null()));
	return 0;
}

void api_tokens(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	const char *owner = token_owner(rq);
	json_t *arr = json_array();
	int rc = auth_api_token_list(rq->db, &rq->who, owner, token_to_json, arr, &err);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:s,s:o}", "username", owner, "tokens", arr));
}

void api_token_create(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	char label[API_TOKEN_LABEL_MAX], token[AUTH_TOKEN_STRLEN];
	mapo_error_clear(&err);
	if (!from_session(rq, rs))
		return;
	if (!web_need_object(rq, rs))
		return;
	json_t *l = json_object_get(rq->json, "label");
	if (l && !json_is_string(l))
		field_errors_add(&fe, "label", _("'%s' must be a string"), "label");
	else
		read_label(json_string_value(l), label, &fe);
	int64_t id = 0;
	int rc = fe.n ? MAPO_EINVAL : auth_api_token_create(rq->db, &rq->who, rq->who.username, label, token, &id, &err);
	if (rc == MAPO_EINVAL) {
		if (!fe.n)
			field_errors_add(&fe, "label", "%s", err.msg);
		web_invalid(rs, &fe, NULL);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		web_json(rs, 201, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)id, "label", label, "token", token,
			"username", rq->who.username));
		memset(token, 0, sizeof(token));
	}
	field_errors_release(&fe);
}

void api_token_delete(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	long long id;
	mapo_error_clear(&err);
	if (parse_id(rq, rs, &id))
		return;
	int rc = auth_api_token_revoke(rq->db, &rq->who, token_owner(rq), id, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	rs->status = 204;
	rs->content_type = NULL;
}
