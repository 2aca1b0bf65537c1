/* Administration: accounts (create, role, disable), sign-in locks, and the audit trail. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "web/handlers.h"
#include "web/webcase.h"

static bool admin_only(struct web_req *rq, struct web_resp *rs)
{
	if (access_may_manage_users(&rq->who))
		return true;
	web_error(rq, rs, 403, "forbidden", _("only administrators manage accounts"));
	return false;
}

static const char *role_code_at(int i) { return user_role_code((enum user_role)i); }
static const char *role_name_at(int i, enum mapo_lang l) { return user_role_name((enum user_role)i, l); }

static void role_select(struct web_req *rq, struct buf *o, const char *id_suffix, enum user_role selected)
{
	const char *values[ROLE__COUNT], *labels[ROLE__COUNT];
	for (int i = 0; i < ROLE__COUNT; i++) {
		values[i] = role_code_at(i);
		labels[i] = role_name_at(i, rq->lang);
	}
	char name[80];
	snprintf(name, sizeof(name), "role%s", id_suffix);
	tpl_select(o, name, _("Role"), values, labels, ROLE__COUNT, selected == ROLE_NONE ? NULL : user_role_code(selected),
		NULL, NULL);
}

struct users_ctx {
	struct web_req *rq;
	struct buf *o;
	unsigned n;
};

static int user_row(const struct user *u, void *arg)
{
	struct users_ctx *uc = arg;
	struct web_req *rq = uc->rq;
	struct buf *o = uc->o;
	char when[32];
	fmt_time(u->created_at, when);
	tpl_printf(o, "<tr><th scope=\"row\">%s<br><small>%s</small></th><td>%s</td><td>%s%s%s</td><td>%s</td><td>",
		u->username, u->display_name, user_role_name(u->role, rq->lang), u->agency, u->org[0] ? " " : "", u->org,
		u->disabled ? _("disabled") : _("active"));
	/* one small form per account: role, agency, organisation, grant, state */
	struct buf action = BUF_INIT;
	buf_addstr(&action, "/users/");
	url_encode(&action, u->username, false);
	tpl_printf(o, "<form method=\"post\" action=\"%s\" class=\"row-form\">", buf_str(&action));
	buf_release(&action);
	csrf_field(rq, o);
	unsigned n = ++uc->n;
	tpl_printf(o, "<div class=\"field\"><label for=\"r%u-role\">%s</label><select id=\"r%u-role\" name=\"role\">", n,
		_("Role"), n);
	for (int i = 0; i < ROLE__COUNT; i++)
		tpl_printf(o, "<option value=\"%s\"%s>%s</option>", role_code_at(i), i == (int)u->role ? " selected" : "",
			role_name_at(i, rq->lang));
	tpl_raw(o, "</select></div>");
	tpl_printf(o, "<div class=\"field\"><label for=\"r%u-agency\">%s</label>"
		"<input id=\"r%u-agency\" name=\"agency\" type=\"text\" value=\"%s\"></div>", n, _("Agency"), n, u->agency);
	tpl_printf(o, "<div class=\"field\"><label for=\"r%u-org\">%s</label>"
		"<input id=\"r%u-org\" name=\"org\" type=\"text\" value=\"%s\"></div>", n, _("Organisation"), n, u->org);
	tpl_printf(o, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"identity_grant\" value=\"1\"%s> %s</label></div>",
		u->identity_grant ? " checked" : "", _("may see person identities"));
	tpl_printf(o, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"disabled\" value=\"1\"%s> %s</label></div>",
		u->disabled ? " checked" : "", _("disabled"));
	tpl_printf(o, "<div class=\"field\"><label for=\"r%u-password\">%s</label>"
		"<input id=\"r%u-password\" name=\"password\" type=\"password\" autocomplete=\"new-password\"></div>", n,
		_("New password (empty: unchanged)"), n);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>", _("Save"));
	struct buf tokens = BUF_INIT;
	buf_addstr(&tokens, "/tokens?user=");
	url_encode(&tokens, u->username, true);
	tpl_printf(o, " <a href=\"%s\">%s</a></td><td>%s</td></tr>\n", buf_str(&tokens), _("API tokens"), when);
	buf_release(&tokens);
	return 0;
}

static int lock_row(const struct auth_lock *l, void *arg)
{
	struct users_ctx *uc = arg;
	struct buf *o = uc->o;
	char until[32] = "", last[32] = "";
	if (l->locked_until)
		fmt_time(l->locked_until, until);
	fmt_time(l->last_failure, last);
	tpl_printf(o, "<tr><td>%s</td><td>%s</td><td class=\"num\">%d</td><td>%s</td><td>%s</td><td>",
		strcmp(l->scope, "user") ? _("address") : _("account"), l->key, l->failures, last,
		l->locked_until ? until : _("not locked"));
	tpl_raw(o, "<form method=\"post\" action=\"/locks\" class=\"inline\">");
	csrf_field(uc->rq, o);
	tpl_printf(o, "<input type=\"hidden\" name=\"scope\" value=\"%s\"><input type=\"hidden\" name=\"key\" value=\"%s\">",
		l->scope, l->key);
	tpl_printf(o, "<button type=\"submit\">%s</button></form></td></tr>\n", _("Clear"));
	return 0;
}

static void users_page(struct web_req *rq, struct web_resp *rs, const char *flash, bool ok, int status)
{
	page_begin(rq, rs, _("Users"));
	struct buf *o = &rs->body;
	struct users_ctx uc = {rq, o, 0};
	tpl_printf(o, "<h1>%s</h1>\n", _("Users"));
	if (flash)
		tpl_printf(o, "<p class=\"flash %s\" role=\"%s\">%s</p>\n", ok ? "ok" : "error", ok ? "status" : "alert", flash);
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data users\"><thead><tr>");
	const char *heads[] = {_("Account"), _("Role"), _("Agency or organisation"), _("State"), _("Change"), _("Created")};
	for (size_t i = 0; i < 6; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	auth_user_list(rq->db, user_row, &uc, NULL);
	tpl_raw(o, "</tbody></table></div>\n");

	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/users\" class=\"stack narrow\">", _("New account"));
	csrf_field(rq, o);
	tpl_input(o, "username", _("Username"), "text", NULL, NULL, true);
	tpl_input(o, "display_name", _("Full name"), "text", NULL, NULL, false);
	role_select(rq, o, "", ROLE_NONE);
	tpl_input(o, "agency", _("Agency (agency officers)"), "text", NULL, NULL, false);
	tpl_input(o, "org", _("Organisation (partners)"), "text", NULL, NULL, false);
	tpl_input(o, "password", _("Password (at least 8 characters)"), "password", NULL, NULL, true);
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Create the account"));

	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Sign-in failures and locks"));
	const char *lh[] = {_("Kind"), _("Account or address"), _("Failures"), _("Last failure"), _("Locked until"), ""};
	for (size_t i = 0; i < 6; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", lh[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	auth_lock_list(rq->db, lock_row, &uc, NULL);
	tpl_raw(o, "</tbody></table></div>\n");
	page_end(rq, rs, status);
}

void h_users(struct web_req *rq, struct web_resp *rs)
{
	if (admin_only(rq, rs))
		users_page(rq, rs, NULL, false, 200);
}

void h_user_create(struct web_req *rq, struct web_resp *rs)
{
	if (!admin_only(rq, rs))
		return;
	struct user u;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	user_init(&u);
	const char *v;
	if ((v = web_form(rq, "username")))
		webcase_set_str(u.username, sizeof(u.username), v, "username", &fe);
	if ((v = web_form(rq, "display_name")))
		webcase_set_str(u.display_name, sizeof(u.display_name), v, "display_name", &fe);
	if ((v = web_form(rq, "agency")))
		webcase_set_str(u.agency, sizeof(u.agency), v, "agency", &fe);
	if ((v = web_form(rq, "org")))
		webcase_set_str(u.org, sizeof(u.org), v, "org", &fe);
	u.role = user_role_parse(web_form(rq, "role"));
	u.lang = rq->lang;
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : 0;
	if (!rc && u.agency[0] && !refdata_find(rq->rd, REF_AGENCY, u.agency))
		rc = mapo_error_set(&err, MAPO_EINVAL, _("unknown agency '%s'"), u.agency);
	if (!rc)
		rc = auth_user_create(rq->db, &rq->who, &u, web_form(rq, "password") ? web_form(rq, "password") : "", &err);
	if (rc == MAPO_EINVAL || rc == MAPO_EEXIST)
		users_page(rq, rs, err.msg, false, rc == MAPO_EEXIST ? 409 : 422);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/users");
	field_errors_release(&fe);
}

void h_user_update(struct web_req *rq, struct web_resp *rs)
{
	if (!admin_only(rq, rs))
		return;
	struct user u;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	user_init(&u);
	int rc = auth_user_get(rq->db, params_get(&rq->caps, "name"), &u, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	const char *v;
	if ((v = web_form(rq, "role")))
		u.role = user_role_parse(v);
	if ((v = web_form(rq, "agency")))
		webcase_set_str(u.agency, sizeof(u.agency), v, "agency", &fe);
	if ((v = web_form(rq, "org")))
		webcase_set_str(u.org, sizeof(u.org), v, "org", &fe);
	u.identity_grant = web_form(rq, "identity_grant") != NULL;
	u.disabled = web_form(rq, "disabled") != NULL;
	if (u.role != ROLE_AGENCY_OFFICER)
		u.agency[0] = '\0';
	if (u.role != ROLE_PARTNER)
		u.org[0] = '\0';
	rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : 0;
	if (!rc && u.agency[0] && !refdata_find(rq->rd, REF_AGENCY, u.agency))
		rc = mapo_error_set(&err, MAPO_EINVAL, _("unknown agency '%s'"), u.agency);
	if (!rc)
		rc = auth_user_update(rq->db, &rq->who, &u, &err);
	const char *password = web_form(rq, "password");
	if (!rc && password && *password)
		rc = auth_user_set_password(rq->db, &rq->who, u.username, password, &err);
	if (rc == MAPO_EINVAL)
		users_page(rq, rs, err.msg, false, 422);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/users");
	field_errors_release(&fe);
}

void h_unlock(struct web_req *rq, struct web_resp *rs)
{
	if (!admin_only(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	const char *scope = web_form(rq, "scope"), *key = web_form(rq, "key");
	if (!scope || !key || (strcmp(scope, "user") && strcmp(scope, "address"))) {
		web_error(rq, rs, 400, "bad_request", _("say which lock to clear"));
		return;
	}
	int rc = auth_unlock(rq->db, &rq->who, scope, key, &err);
	if (rc && rc != MAPO_ENOTFOUND)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/users");
}

struct audit_ctx {
	struct buf *o;
};

static int audit_row(const struct audit_entry *e, void *arg)
{
	struct buf *o = ((struct audit_ctx *)arg)->o;
	char when[32];
	fmt_time(e->at, when);
	tpl_printf(o, "<tr><td class=\"num\">%lld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s %s</td><td>%s</td></tr>\n",
		(long long)e->id, when, e->user, e->address, e->action, e->object_type, e->object_id, e->detail);
	return 0;
}

void h_audit(struct web_req *rq, struct web_resp *rs)
{
	if (!access_may_read_audit(&rq->who)) {
		web_error(rq, rs, 403, "forbidden", _("only administrators read the audit trail"));
		return;
	}
	struct audit_filter f;
	struct mapo_error err;
	mapo_error_clear(&err);
	audit_filter_init(&f);
	f.user = web_query(rq, "user");
	f.action = web_query(rq, "action");
	f.object_id = web_query(rq, "object");
	f.newest_first = true;
	long long page = 1, total = 0;
	const char *pg = web_query(rq, "page");
	if (pg && parse_int(pg, 1, 1000000, &page))
		page = 1;
	f.limit = 100;
	f.offset = (page - 1) * 100;
	audit_count(rq->db, &f, &total, &err);

	page_begin(rq, rs, _("Audit trail"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Audit trail"));
	struct audit_report rep;
	if (!audit_verify(rq->db, &rep, &err)) {
		if (rep.fault == AUDIT_OK) {
			tpl_printf(o, "<p class=\"flash ok\">%s (%lld)</p>\n", _("The trail is intact."), rep.checked);
		} else {
			char msg[256];
			audit_fault_message(&rep, msg, sizeof(msg));
			tpl_printf(o, "<p class=\"flash error\" role=\"alert\">%s: %s</p>\n", _("The trail was tampered with"), msg);
		}
	}
	tpl_printf(o, "<form method=\"get\" action=\"/audit\" class=\"filters\" aria-label=\"%s\">", _("Filters"));
	tpl_input(o, "user", _("User"), "text", f.user, NULL, false);
	tpl_input(o, "action", _("Action"), "text", f.action, NULL, false);
	tpl_input(o, "object", _("Record"), "text", f.object_id, NULL, false);
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Filter"));
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data audit\"><thead><tr>");
	const char *heads[] = {"#", _("When"), _("User"), _("Address"), _("Action"), _("Record"), _("Detail")};
	for (size_t i = 0; i < 7; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	struct audit_ctx ac = {o};
	audit_list(rq->db, &f, audit_row, &ac, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	long long pages = (total + 99) / 100;
	if (pages > 1) {
		struct buf q = BUF_INIT;
		for (size_t i = 0; i < rq->query.n; i++) {
			if (!strcmp(rq->query.v[i].name, "page"))
				continue;
			url_encode(&q, rq->query.v[i].name, false);
			buf_addch(&q, '=');
			url_encode(&q, rq->query.v[i].value, false);
			buf_addch(&q, '&');
		}
		tpl_printf(o, "<nav class=\"pages\" aria-label=\"%s\">", _("Pages"));
		if (page > 1)
			tpl_printf(o, "<a rel=\"prev\" href=\"/audit?%spage=%lld\">%s</a> ", buf_str(&q), page - 1, _("Previous"));
		tpl_printf(o, "<span>%s %lld / %lld</span>", _("Page"), page, pages);
		if (page < pages)
			tpl_printf(o, " <a rel=\"next\" href=\"/audit?%spage=%lld\">%s</a>", buf_str(&q), page + 1, _("Next"));
		tpl_raw(o, "</nav>\n");
		buf_release(&q);
	}
	page_end(rq, rs, 200);
}
