#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/council.h"
#include "web/layout.h"
#include "core/stats.h"

void current_url(const struct web_req *rq, struct buf *out)
{
	buf_addstr(out, rq->path ? rq->path : "/");
	for (size_t i = 0; i < rq->query.n; i++) {
		buf_addch(out, i ? '&' : '?');
		url_encode(out, rq->query.v[i].name, false);
		buf_addch(out, '=');
		url_encode(out, rq->query.v[i].value, false);
	}
}

void csrf_field(struct web_req *rq, struct buf *out)
{
	if (rq->signed_in && rq->session.csrf[0])
		tpl_printf(out, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", CSRF_FIELD, rq->session.csrf);
}

void fmt_date_long(mapo_date d, enum mapo_lang lang, char out[48])
{
	if (d == DATE_NONE) {
		out[0] = '\0';
		return;
	}
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	snprintf(out, 48, "%d %s %d", day, stats_month_name(m, lang), y);
}

void fmt_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

static void nav_link(struct web_req *rq, struct buf *out, const char *href, const char *label)
{
	const char *path = rq->path ? rq->path : "";
	size_t n = strlen(href);
	bool here = !strcmp(path, href) || (n > 1 && !strncmp(path, href, n) && path[n] == '/');
	tpl_printf(out, "<li><a href=\"%s\"", href);
	if (here)
		tpl_raw(out, " aria-current=\"page\"");
	tpl_printf(out, ">%s</a></li>", label);
}

void page_begin(struct web_req *rq, struct web_resp *rs, const char *title)
{
	struct buf *out = &rs->body;
	buf_reset(out);
	tpl_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		i18n_lang_code(rq->lang));
	tpl_raw(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	tpl_printf(out, "<title>%s · mapo</title>\n", title);
	tpl_printf(out, "<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">\n", web_static_version());
	tpl_printf(out, "<link rel=\"icon\" href=\"/static/favicon.svg?v=%s\" type=\"image/svg+xml\">\n",
		web_static_version());
	tpl_raw(out, "</head>\n<body>\n");
	tpl_printf(out, "<a class=\"skip\" href=\"#main\">%s</a>\n", _("Skip to content"));
	tpl_raw(out, "<header class=\"top\">\n");
	tpl_printf(out, "<a class=\"brand\" href=\"/\">mapo <span>%s</span></a>\n",
		_("Council for Anti-Trafficking in Persons"));
	tpl_printf(out, "<nav aria-label=\"%s\"><ul>", _("Main"));
	const struct principal *p = &rq->who;
	if (rq->signed_in) {
		nav_link(rq, out, "/dashboard", _("Dashboard"));
		if (access_may(p, ACCESS_LIST_CASES))
			nav_link(rq, out, "/cases", _("Cases"));
		if (access_may(p, ACCESS_CREATE_CASE))
			nav_link(rq, out, "/cases/new", _("New case"));
		if (access_may(p, ACCESS_IMPORT))
			nav_link(rq, out, "/import", _("Import"));
		if (access_may(p, ACCESS_MANAGE_USERS))
			nav_link(rq, out, "/users", _("Users"));
		if (access_may(p, ACCESS_READ_AUDIT))
			nav_link(rq, out, "/audit", _("Audit trail"));
		/* a partner sees the persons it referred and their status: the victims list */
		if (access_may_protection(p, PROTECT_RECORD))
			nav_link(rq, out, "/protection", _("Protection"));
		else if (access_may_protection(p, PROTECT_READ))
			nav_link(rq, out, "/protection/victims", _("Protection"));
		if (council_may(p, COUNCIL_READ))
			nav_link(rq, out, "/council", _("Council"));
		nav_link(rq, out, "/plans", _("Action plan"));
	}
	nav_link(rq, out, "/public", _("Published figures"));
	nav_link(rq, out, "/tier", _("TIP report tiers"));
	nav_link(rq, out, "/documents", _("Documents"));
	tpl_raw(out, "</ul></nav>\n<div class=\"account\">");

	struct buf here = BUF_INIT;
	current_url(rq, &here);
	tpl_printf(out, "<ul class=\"lang\" aria-label=\"%s\">", _("Language"));
	static const struct {
		enum mapo_lang lang;
		const char *code, *name;
	} langs[] = {{LANG_MS, "ms", "Bahasa Melayu"}, {LANG_EN, "en", "English"}};
	for (size_t i = 0; i < 2; i++) {
		if (langs[i].lang == rq->lang) {
			tpl_printf(out, "<li><span aria-current=\"true\" lang=\"%s\">%s</span></li>", langs[i].code,
				langs[i].name);
		} else {
			struct buf href = BUF_INIT;
			buf_printf(&href, "/lang/%s?next=", langs[i].code);
			url_encode(&href, buf_str(&here), true);
			tpl_printf(out, "<li><a href=\"%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li>", buf_str(&href),
				langs[i].code, langs[i].code, langs[i].name);
			buf_release(&href);
		}
	}
	tpl_raw(out, "</ul>");
	buf_release(&here);
	if (rq->signed_in) {
		tpl_printf(out, "<span class=\"who\">%s <small>(%s%s%s)</small></span>", p->username,
			user_role_name(p->role, rq->lang), p->agency[0] || p->org[0] ? ", " : "",
			p->agency[0] ? p->agency : p->org);
		tpl_printf(out, "<a class=\"tokens\" href=\"/tokens\">%s</a>", _("API tokens"));
		tpl_raw(out, "<form method=\"post\" action=\"/sign-out\" class=\"inline\">");
		csrf_field(rq, out);
		tpl_printf(out, "<button type=\"submit\">%s</button></form>", _("Sign out"));
	} else {
		tpl_printf(out, "<a class=\"button\" href=\"/sign-in\">%s</a>", _("Sign in"));
	}
	tpl_raw(out, "</div>\n</header>\n<main id=\"main\">\n");
}

void page_end(struct web_req *rq, struct web_resp *rs, int status)
{
	struct buf *out = &rs->body;
	tpl_raw(out, "</main>\n<footer><p>");
	tpl_printf(out, "%s", _("mapo: the case register and statistics of the anti-trafficking council"));
	tpl_printf(out, " · <a href=\"/api/v1/openapi.json\">%s</a>", _("API"));
	tpl_raw(out, "</p></footer>\n</body>\n</html>\n");
	(void)rq;
	rs->status = status;
	rs->content_type = "text/html; charset=utf-8";
}

void page_error(struct web_req *rq, struct web_resp *rs, int status, const char *msg)
{
	const char *title;
	switch (status) {
	case 400: title = _("Bad request"); break;
	case 401: title = _("Sign in first"); break;
	case 403: title = _("Not allowed"); break;
	case 404: title = _("Not found"); break;
	case 405: title = _("Method not allowed"); break;
	case 409: title = _("Conflict"); break;
	case 413: title = _("Too large"); break;
	case 422: title = _("Not valid"); break;
	default: title = _("Server error"); break;
	}
	page_begin(rq, rs, title);
	tpl_printf(&rs->body, "<h1>%s</h1>\n<p class=\"error-message\">%s</p>\n", title, msg);
	if (status == 401)
		tpl_printf(&rs->body, "<p><a href=\"/sign-in\">%s</a></p>\n", _("Sign in"));
	else
		tpl_printf(&rs->body, "<p><a href=\"/\">%s</a></p>\n", _("Back to the start page"));
	page_end(rq, rs, status);
}
