/* Case pages: the list (filters, sort, paging, search) and its CSV, a case with its persons and
 * history, the form to create and edit one, and deletion. The rules (validation, reach, stale
 * versions) are the core's and the store's; this file turns them into pages. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "io/csv.h"
#include "web/handlers.h"
#include "web/webcase.h"

#define PAGE_SIZE 50

void filter_from_params(const struct params *p, struct case_filter *f, struct field_errors *errs)
{
	const char *v;
	case_filter_init(f);
	if ((v = params_get_nonempty(p, "kind")) && (f->kind = case_kind_parse(v)) == KIND_NONE)
		field_errors_add(errs, "kind", "%s", _("kind must be TIP or SOM"));
	f->agency = params_get_nonempty(p, "agency");
	f->state = params_get_nonempty(p, "state");
	f->form = params_get_nonempty(p, "form");
	if ((v = params_get_nonempty(p, "status")) && (f->status = case_status_parse(v)) == STATUS_NONE)
		field_errors_add(errs, "status", _("unknown status '%s'"), v);
	if ((v = params_get_nonempty(p, "from")) && date_parse(v, &f->from))
		field_errors_add(errs, "from", _("'%s' is not a date (YYYY-MM-DD)"), v);
	if ((v = params_get_nonempty(p, "to")) && date_parse(v, &f->to))
		field_errors_add(errs, "to", _("'%s' is not a date (YYYY-MM-DD)"), v);
	f->text = params_get_nonempty(p, "search");
	if ((v = params_get_nonempty(p, "sort"))) {
		static const char *const sorts[] = {"ref", "date", "date-desc", "agency", "status"};
		size_t i;
		for (i = 0; i < 5 && strcmp(v, sorts[i]); i++)
			;
		if (i == 5)
			field_errors_add(errs, "sort", _("unknown sort order '%s'"), v);
		else
			f->sort = (enum case_sort)i;
	}
	long long n;
	if ((v = params_get_nonempty(p, "limit"))) {
		if (parse_int(v, 1, 10000, &n))
			field_errors_add(errs, "limit", "%s", _("limit must be a number from 1 to 10000"));
		else
			f->limit = n;
	}
	if ((v = params_get_nonempty(p, "offset"))) {
		if (parse_int(v, 0, INT64_MAX / 2, &n))
			field_errors_add(errs, "offset", "%s", _("offset must be a number from 0"));
		else
			f->offset = n;
	}
}

/* Options of a select from one kind of reference data. */
static void ref_select(struct web_req *rq, struct buf *o, const char *name, const char *label, enum ref_kind kind,
	const char *selected, const char *blank, const char *err, const char *only)
{
	const struct refdata *rd = rq->rd;
	size_t n = rd->n[kind], k = 0;
	const char **values = xcalloc(n + 1, sizeof(char *)), **labels = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const struct ref_item *it = &rd->items[kind][i];
		if (only && strcmp(it->code, only))
			continue;
		values[k] = it->code;
		labels[k++] = rq->lang == LANG_MS ? it->name_ms : it->name_en;
	}
	tpl_select(o, name, label, values, labels, k, selected, blank, err);
	free(values);
	free(labels);
}

static void enum_select(struct buf *o, const char *name, const char *label, int count, const char *(*code)(int),
	const char *(*title)(int, enum mapo_lang), enum mapo_lang lang, const char *selected, const char *blank,
	const char *err)
{
	const char *values[16], *labels[16];
	for (int i = 0; i < count && i < 16; i++) {
		values[i] = code(i);
		labels[i] = title(i, lang);
	}
	tpl_select(o, name, label, values, labels, (size_t)count, selected, blank, err);
}

static const char *kind_code(int i) { return case_kind_code((enum case_kind)(i + 1)); }
static const char *kind_title(int i, enum mapo_lang l) { return case_kind_name((enum case_kind)(i + 1), l); }
static const char *status_code(int i) { return case_status_code((enum case_status)i); }
static const char *status_title(int i, enum mapo_lang l) { return case_status_name((enum case_status)i, l); }

/* The list's query string without paging, for links (sort, pages, CSV). */
static void list_query(const struct web_req *rq, struct buf *out, const char *skip)
{
	size_t k = 0;
	for (size_t i = 0; i < rq->query.n; i++) {
		const struct kv *p = &rq->query.v[i];
		if (!*p->value || !strcmp(p->name, "page") || (skip && !strcmp(p->name, skip)))
			continue;
		buf_addch(out, k++ ? '&' : '?');
		url_encode(out, p->name, false);
		buf_addch(out, '=');
		url_encode(out, p->value, false);
	}
}

static void case_link(struct buf *o, const char *ref, const char *suffix)
{
	struct buf href = BUF_INIT;
	buf_addstr(&href, "/cases/");
	url_encode(&href, ref, true);
	buf_addstr(&href, suffix);
	tpl_printf(o, "%s", buf_str(&href));
	buf_release(&href);
}

struct list_ctx {
	struct web_req *rq;
	struct buf *o;
};

static int list_row(const struct mapo_case *c, void *arg)
{
	struct list_ctx *lc = arg;
	struct buf *o = lc->o;
	enum mapo_lang lang = lc->rq->lang;
	char d[DATE_STRLEN];
	date_format(c->action_date, d);
	tpl_raw(o, "<tr><th scope=\"row\"><a href=\"");
	case_link(o, c->ref, "");
	tpl_printf(o, "\">%s</a></th>", c->ref);
	tpl_printf(o, "<td><span class=\"kind %s\">%s</span></td>", case_kind_code(c->kind), case_kind_code(c->kind));
	tpl_printf(o, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td>", c->agency, d,
		refdata_name(lc->rq->rd, REF_STATE, c->state, lang), case_status_name(c->status, lang));
	tpl_printf(o, "<td class=\"summary\">%.120s%s</td></tr>\n", c->summary, strlen(c->summary) > 120 ? "…" : "");
	return 0;
}

void h_case_list(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct case_filter f;
	struct mapo_error err;
	mapo_error_clear(&err);
	filter_from_params(&rq->query, &f, &fe);
	if (access_narrow_filter(&rq->who, &f)) {
		web_error(rq, rs, 403, "forbidden", _("you may not list cases"));
		field_errors_release(&fe);
		return;
	}
	long long page = 1, total = 0;
	const char *pg = web_query(rq, "page");
	if (pg && parse_int(pg, 1, 1000000, &page))
		page = 1;
	f.limit = PAGE_SIZE;
	f.offset = (page - 1) * PAGE_SIZE;
	int rc = store_case_count(rq->db, &f, &total, &err);

	page_begin(rq, rs, _("Cases"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Cases"));
	tpl_printf(o, "<form method=\"get\" action=\"/cases\" class=\"filters\" aria-label=\"%s\">\n", _("Filters"));
	tpl_input(o, "search", _("Search reference or summary"), "search", web_query(rq, "search"), NULL, false);
	enum_select(o, "kind", _("Kind"), 2, kind_code, kind_title, rq->lang, web_query(rq, "kind"), _("any"),
		field_errors_get(&fe, "kind"));
	ref_select(rq, o, "agency", _("Agency"), REF_AGENCY, web_query(rq, "agency"), _("any"), NULL, NULL);
	ref_select(rq, o, "state", _("State"), REF_STATE, web_query(rq, "state"), _("any"), NULL, NULL);
	ref_select(rq, o, "form", _("Form of exploitation"), REF_FORM, web_query(rq, "form"), _("any"), NULL, NULL);
	enum_select(o, "status", _("Status"), STATUS__COUNT, status_code, status_title, rq->lang, web_query(rq, "status"),
		_("any"), field_errors_get(&fe, "status"));
	tpl_input(o, "from", _("Action date from"), "date", web_query(rq, "from"), field_errors_get(&fe, "from"), false);
	tpl_input(o, "to", _("Action date to"), "date", web_query(rq, "to"), field_errors_get(&fe, "to"), false);
	{
		const char *values[] = {"ref", "date", "date-desc", "agency", "status"};
		const char *labels[] = {_("reference"), _("action date, oldest first"), _("action date, newest first"),
			_("agency"), _("status")};
		tpl_select(o, "sort", _("Sort by"), values, labels, 5, web_query(rq, "sort"), NULL, field_errors_get(&fe, "sort"));
	}
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/cases\">%s</a></div></form>\n",
		_("Filter"), _("Clear"));

	if (rc) {
		tpl_printf(o, "<p class=\"flash error\">%s</p>", err.msg);
	} else {
		char num[32];
		fmt_count(total, num);
		struct buf q = BUF_INIT;
		list_query(rq, &q, NULL);
		tpl_printf(o, "<p class=\"count\">%s %s", num, Q_("case", "cases", (unsigned long)total));
		if (access_may(&rq->who, ACCESS_EXPORT))
			tpl_printf(o, " · <a href=\"/cases.csv%s\" download>%s</a>", buf_str(&q), _("Download as CSV"));
		tpl_raw(o, "</p>\n");
		tpl_raw(o, "<div class=\"scroll\"><table class=\"data cases\"><thead><tr>");
		const char *heads[] = {_("Reference"), _("Kind"), _("Agency"), _("Action date"), _("State"), _("Status"),
			_("Summary")};
		for (size_t i = 0; i < 7; i++)
			tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
		tpl_raw(o, "</tr></thead>\n<tbody>\n");
		struct list_ctx lc = {rq, o};
		store_case_list(rq->db, &f, list_row, &lc, &err);
		tpl_raw(o, "</tbody></table></div>\n");
		long long pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
		if (pages > 1) {
			tpl_printf(o, "<nav class=\"pages\" aria-label=\"%s\">", _("Pages"));
			const char *sep = q.len ? "&amp;" : "?";
			if (page > 1)
				tpl_printf(o, "<a rel=\"prev\" href=\"/cases%s%spage=%lld\">%s</a> ", buf_str(&q), sep, page - 1,
					_("Previous"));
			tpl_printf(o, "<span>%s %lld / %lld</span>", _("Page"), page, pages);
			if (page < pages)
				tpl_printf(o, " <a rel=\"next\" href=\"/cases%s%spage=%lld\">%s</a>", buf_str(&q), sep, page + 1,
					_("Next"));
			tpl_raw(o, "</nav>\n");
		}
		buf_release(&q);
	}
	page_end(rq, rs, fe.n ? 422 : 200);
	field_errors_release(&fe);
}

struct csv_ctx {
	struct buf *out;
};

static int csv_row(const struct mapo_case *c, void *arg)
{
	struct csv_ctx *cc = arg;
	char d[DATE_STRLEN];
	date_format(c->action_date, d);
	char *off = strvec_join(&c->offences, ";"), *forms = strvec_join(&c->forms, ";");
	const char *row[] = {c->ref, case_kind_code(c->kind), c->agency, d, c->state, off, forms,
		case_status_code(c->status), c->related_ref, c->summary};
	int rc = csv_write_row(cc->out, row, 10);
	free(off);
	free(forms);
	return rc;
}

void h_case_export(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct case_filter f;
	struct mapo_error err;
	mapo_error_clear(&err);
	filter_from_params(&rq->query, &f, &fe);
	if (fe.n) {
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
		field_errors_release(&fe);
		return;
	}
	if (!access_may(&rq->who, ACCESS_EXPORT) || access_narrow_filter(&rq->who, &f)) {
		web_error(rq, rs, 403, "forbidden", _("you may not export cases"));
		return;
	}
	static const char *const head[] = {"case_ref", "kind", "agency", "action_date", "state", "offences", "forms",
		"status", "related_case_ref", "summary"};
	csv_write_row(&rs->body, head, 10);
	struct csv_ctx cc = {&rs->body};
	struct buf q = BUF_INIT;
	list_query(rq, &q, NULL);
	int rc = store_case_list(rq->db, &f, csv_row, &cc, &err);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "export", "case", "", q.len ? buf_str(&q) + 1 : "all", NULL, &err);
	buf_release(&q);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	rs->content_type = "text/csv; charset=utf-8";
	web_header(rs, "Content-Disposition", "attachment; filename=\"cases.csv\"");
}

struct org_options {
	struct buf *o;
	struct strvec seen;
};

static int org_option(const struct user *u, void *arg)
{
	struct org_options *oo = arg;
	if (u->role != ROLE_PARTNER || !u->org[0] || u->disabled || strvec_has(&oo->seen, u->org))
		return 0;
	strvec_push(&oo->seen, u->org);
	tpl_printf(oo->o, "<option value=\"%s\">", u->org);
	return 0;
}

/* "Referred by": the partner organisation that brought the case (cases.source_org), which is
 * what a partner account's reach follows; the partner accounts' organisations are offered. */
static void source_org_field(struct web_req *rq, struct buf *o, const char *value, const char *err)
{
	tpl_printf(o, "<div class=\"field%s\"><label for=\"f-source_org\">%s</label>", err ? " invalid" : "",
		_("Referred by (partner organisation; empty: none)"));
	tpl_printf(o, "<input id=\"f-source_org\" name=\"source_org\" type=\"text\" value=\"%s\" list=\"partner-orgs\" "
		"aria-describedby=\"h-source_org%s\"", value ? value : "", err ? " e-source_org" : "");
	if (err)
		tpl_raw(o, " aria-invalid=\"true\"");
	tpl_raw(o, ">");
	tpl_printf(o, "<p class=\"note\" id=\"h-source_org\">%s</p>",
		_("A partner account of this organisation can read the case."));
	if (err)
		tpl_printf(o, "<p class=\"error\" id=\"e-source_org\">%s</p>", err);
	struct org_options oo = {o, STRVEC_INIT};
	tpl_raw(o, "<datalist id=\"partner-orgs\">");
	auth_user_list(rq->db, org_option, &oo, NULL);
	tpl_raw(o, "</datalist></div>\n");
	strvec_release(&oo.seen);
}

/* The case form. mode: 0 new, 1 edit everything, 2 the status only (a prosecutor). source_org:
 * the referring organisation to show in the form (modes 0 and 1). */
static void case_form(struct web_req *rq, struct buf *o, const struct mapo_case *c, const char *source_org,
	const struct field_errors *fe, int mode)
{
	const struct principal *p = &rq->who;
	if (mode == 0) {
		tpl_raw(o, "<form method=\"post\" action=\"/cases\" class=\"case-form\" novalidate>\n");
	} else {
		tpl_raw(o, "<form method=\"post\" action=\"");
		case_link(o, c->ref, "/edit");
		tpl_raw(o, "\" class=\"case-form\" novalidate>\n");
		tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%lld\">\n", (long long)c->version);
	}
	csrf_field(rq, o);
	if (fe && fe->n) {
		tpl_printf(o, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
			Q_("The case was not saved: one field needs attention.",
				"The case was not saved: some fields need attention.", (unsigned long)fe->n));
		for (size_t i = 0; i < fe->n; i++)
			tpl_printf(o, "<li><a href=\"#f-%s\">%s</a></li>", fe->v[i].field, fe->v[i].msg);
		tpl_raw(o, "</ul></div>\n");
	}
	if (mode == 2) {
		enum_select(o, "status", _("Status"), STATUS__COUNT, status_code, status_title, rq->lang,
			case_status_code(c->status), NULL, field_errors_get(fe, "status"));
		tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
			_("Save"));
		return;
	}
	if (mode == 0)
		tpl_input(o, "case_ref", _("Reference (empty: the next free one)"), "text", c->ref,
			field_errors_get(fe, "case_ref"), false);
	enum_select(o, "kind", _("Kind"), 2, kind_code, kind_title, rq->lang, c->kind ? case_kind_code(c->kind) : NULL,
		_("choose"), field_errors_get(fe, "kind"));
	ref_select(rq, o, "agency", _("Agency"), REF_AGENCY, c->agency, p->role == ROLE_AGENCY_OFFICER ? NULL : _("choose"),
		field_errors_get(fe, "agency"), p->role == ROLE_AGENCY_OFFICER ? p->agency : NULL);
	char d[DATE_STRLEN];
	date_format(c->action_date, d);
	tpl_input(o, "action_date", _("Action date"), "date", d, field_errors_get(fe, "action_date"), true);
	ref_select(rq, o, "state", _("State"), REF_STATE, c->state, _("choose"), field_errors_get(fe, "state"), NULL);

	/* offences and forms: checkbox groups, each a fieldset with its legend */
	const struct refdata *rd = rq->rd;
	const char *err = field_errors_get(fe, "offences");
	tpl_printf(o, "<fieldset class=\"checks%s\" id=\"f-offences\"><legend>%s</legend>", err ? " invalid" : "",
		_("Offences (ATIPSOM sections)"));
	if (err)
		tpl_printf(o, "<p class=\"error\">%s</p>", err);
	for (size_t i = 0; i < rd->n[REF_OFFENCE]; i++) {
		const struct ref_item *it = &rd->items[REF_OFFENCE][i];
		tpl_printf(o, "<label><input type=\"checkbox\" name=\"offence\" value=\"%s\"%s> <span class=\"kind %s\">%s</span> %s %s</label>",
			it->code, strvec_has(&c->offences, it->code) ? " checked" : "", it->extra, it->extra, it->code,
			rq->lang == LANG_MS ? it->name_ms : it->name_en);
	}
	tpl_raw(o, "</fieldset>\n");
	err = field_errors_get(fe, "forms");
	tpl_printf(o, "<fieldset class=\"checks%s\" id=\"f-forms\"><legend>%s</legend>", err ? " invalid" : "",
		_("Forms of exploitation (TIP cases only)"));
	if (err)
		tpl_printf(o, "<p class=\"error\">%s</p>", err);
	for (size_t i = 0; i < rd->n[REF_FORM]; i++) {
		const struct ref_item *it = &rd->items[REF_FORM][i];
		tpl_printf(o, "<label><input type=\"checkbox\" name=\"form\" value=\"%s\"%s> %s</label>", it->code,
			strvec_has(&c->forms, it->code) ? " checked" : "", rq->lang == LANG_MS ? it->name_ms : it->name_en);
	}
	tpl_raw(o, "</fieldset>\n");
	enum_select(o, "status", _("Status"), STATUS__COUNT, status_code, status_title, rq->lang,
		c->status == STATUS_NONE ? NULL : case_status_code(c->status), NULL, field_errors_get(fe, "status"));
	tpl_input(o, "related_case_ref", _("Linked case (the other half of a TIP and SOM event)"), "text", c->related_ref,
		field_errors_get(fe, "related_case_ref"), false);
	source_org_field(rq, o, source_org, field_errors_get(fe, "source_org"));
	err = field_errors_get(fe, "summary");
	tpl_printf(o, "<div class=\"field%s\"><label for=\"f-summary\">%s</label>", err ? " invalid" : "", _("Summary"));
	tpl_raw(o, "<textarea id=\"f-summary\" name=\"summary\" rows=\"5\"");
	if (err)
		tpl_raw(o, " aria-invalid=\"true\" aria-describedby=\"e-summary\"");
	tpl_printf(o, ">%s</textarea>", c->summary);
	if (err)
		tpl_printf(o, "<p class=\"error\" id=\"e-summary\">%s</p>", err);
	tpl_raw(o, "</div>\n");
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Save"));
}

/* Reads the form's fields into c (which holds the old values for an edit). */
static void case_from_form(struct web_req *rq, struct mapo_case *c, struct field_errors *fe, bool status_only)
{
	const char *v;
	if ((v = web_form(rq, "status")))
		c->status = *v ? case_status_parse(v) : STATUS_INVESTIGATION;
	if (status_only)
		return;
	if ((v = web_form(rq, "case_ref")))
		webcase_set_str(c->ref, sizeof(c->ref), v, "case_ref", fe);
	if ((v = web_form(rq, "kind")))
		c->kind = case_kind_parse(v);
	if ((v = web_form(rq, "agency")))
		webcase_set_str(c->agency, sizeof(c->agency), v, "agency", fe);
	if ((v = web_form(rq, "state")))
		webcase_set_str(c->state, sizeof(c->state), v, "state", fe);
	if ((v = web_form(rq, "action_date"))) {
		c->action_date = DATE_NONE;
		if (*v && date_parse(v, &c->action_date))
			field_errors_add(fe, "action_date", _("'%s' is not a date (YYYY-MM-DD)"), v);
	}
	if ((v = web_form(rq, "related_case_ref")))
		webcase_set_str(c->related_ref, sizeof(c->related_ref), v, "related_case_ref", fe);
	if ((v = web_form(rq, "summary")))
		case_set_summary(c, v);
	strvec_clear(&c->offences);
	strvec_clear(&c->forms);
	for (size_t i = 0; i < rq->form.n; i++) {
		if (!strcmp(rq->form.v[i].name, "offence"))
			strvec_split(&c->offences, rq->form.v[i].value, ';');
		else if (!strcmp(rq->form.v[i].name, "form"))
			strvec_split(&c->forms, rq->form.v[i].value, ';');
	}
}

void h_case_new(struct web_req *rq, struct web_resp *rs)
{
	if (!access_may(&rq->who, ACCESS_CREATE_CASE)) {
		web_error(rq, rs, 403, "forbidden", _("you may not create cases"));
		return;
	}
	struct mapo_case c;
	case_init(&c);
	c.status = STATUS_INVESTIGATION;
	if (rq->who.role == ROLE_AGENCY_OFFICER)
		snprintf(c.agency, sizeof(c.agency), "%s", rq->who.agency);
	page_begin(rq, rs, _("New case"));
	tpl_printf(&rs->body, "<h1>%s</h1>\n", _("New case"));
	case_form(rq, &rs->body, &c, "", NULL, 0);
	page_end(rq, rs, 200);
	case_release(&c);
}

void h_case_create(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_init(&c);
	c.status = STATUS_INVESTIGATION;
	if (!access_may(&rq->who, ACCESS_CREATE_CASE)) {
		web_error(rq, rs, 403, "forbidden", _("you may not create cases"));
		goto out;
	}
	case_from_form(rq, &c, &fe, false);
	char org[ORG_MAX];
	webcase_source_org(web_form(rq, "source_org"), org, &fe);
	int rc = fe.n ? MAPO_EINVAL : webcase_create(rq, &c, org, &fe, &err);
	if (rc == MAPO_EINVAL || rc == MAPO_EEXIST) {
		if (!fe.n)
			field_errors_add(&fe, "case_ref", "%s", err.msg);
		page_begin(rq, rs, _("New case"));
		tpl_printf(&rs->body, "<h1>%s</h1>\n", _("New case"));
		case_form(rq, &rs->body, &c, org, &fe, 0);
		page_end(rq, rs, 422);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		case_link(&loc, c.ref, "?saved=1");
		/* case_link escaped for HTML; a Location header wants the URL itself */
		buf_reset(&loc);
		buf_addstr(&loc, "/cases/");
		url_encode(&loc, c.ref, true);
		buf_addstr(&loc, "?saved=1");
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
out:
	field_errors_release(&fe);
	case_release(&c);
}

struct person_ctx {
	struct web_req *rq;
	struct buf *o;
	bool identities;
	bool edit_all, edit_victims; /* show remove buttons */
	size_t n;
	const char *agency;          /* the case's */
};

/* Does the person's row link to its identification page (decisions, screenings, s.41A)? A
 * victim's for the roles that read or decide identification; a smuggled migrant's for those
 * that re-screen it: an administrator or an officer of the case's agency. */
static bool identification_link(const struct person_ctx *pc, const struct case_person *p)
{
	const struct principal *who = &pc->rq->who;
	if (!pc->identities)
		return false;
	if (p->role == PROLE_VICTIM)
		return access_may_protection(who, PROTECT_RECORD) || access_may_protection(who, PROTECT_IDENTIFY);
	return p->role == PROLE_SMUGGLED_MIGRANT && access_may_protection(who, PROTECT_IDENTIFY) &&
	       (who->role == ROLE_ADMIN || !strcmp(who->agency, pc->agency));
}

static int person_row(const struct case_person *p, void *arg)
{
	struct person_ctx *pc = arg;
	struct buf *o = pc->o;
	enum mapo_lang lang = pc->rq->lang;
	char bd[DATE_STRLEN], ad[DATE_STRLEN], rd[DATE_STRLEN], age[16] = "";
	date_format(p->birth_date, bd);
	date_format(p->arrest_date, ad);
	date_format(p->rescue_date, rd);
	if (p->age >= 0)
		snprintf(age, sizeof(age), "%d", p->age);
	pc->n++;
	tpl_printf(o, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
		pc->identities ? p->person_ref : "—", person_role_name(p->role, lang), p->sex == 'F' ? _("female") : p->sex == 'M' ? _("male") : _("unknown"),
		pc->identities ? bd : "—", age,
		p->nationality[0] ? refdata_name(pc->rq->rd, REF_COUNTRY, p->nationality, lang) : "");
	const char *detail = "";
	if (p->role == PROLE_SUSPECT)
		detail = p->suspect_role != SROLE_NONE ? suspect_role_name(p->suspect_role, lang) : "";
	else if (p->role == PROLE_VICTIM)
		detail = p->trafficking_status != TSTATUS_NONE ? trafficking_status_name(p->trafficking_status, lang) : "";
	tpl_printf(o, "<td>%s", detail);
	if (identification_link(pc, p)) {
		struct buf href = BUF_INIT;
		url_encode(&href, p->person_ref, true);
		buf_addstr(&href, "/identification?case=");
		url_encode(&href, p->case_ref, false);
		tpl_printf(o, " <a href=\"/protection/persons/%s\">%s</a>", buf_str(&href), _("identification"));
		buf_release(&href);
	}
	tpl_printf(o, "</td><td>%s</td><td>%s</td>", ad, rd);
	if (pc->edit_all || pc->edit_victims) {
		tpl_raw(o, "<td>");
		if (pc->edit_all || p->role == PROLE_VICTIM) {
			tpl_raw(o, "<form method=\"post\" class=\"inline\" action=\"");
			case_link(o, p->case_ref, "/persons/remove");
			tpl_raw(o, "\">");
			csrf_field(pc->rq, o);
			tpl_printf(o, "<input type=\"hidden\" name=\"person_ref\" value=\"%s\"><input type=\"hidden\" name=\"role\" value=\"%s\">",
				p->person_ref, person_role_code(p->role));
			tpl_printf(o, "<button type=\"submit\" class=\"danger\">%s</button></form>", _("Remove"));
		}
		tpl_raw(o, "</td>");
	}
	tpl_raw(o, "</tr>\n");
	return 0;
}

struct history_ctx {
	struct web_req *rq;
	struct buf *o;
	bool full;
	size_t n;
};

static int history_row(const struct audit_entry *e, void *arg)
{
	struct history_ctx *hc = arg;
	char when[32];
	if (!hc->full && !strstr(e->detail, "status"))
		return 0;
	fmt_time(e->at, when);
	hc->n++;
	if (hc->full)
		tpl_printf(hc->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", when, e->user,
			e->address, e->action, e->detail);
	else
		tpl_printf(hc->o, "<li><time>%s</time> %s</li>\n", when, e->detail);
	return 0;
}

void h_case_show(struct web_req *rq, struct web_resp *rs)
{
	const char *ref = params_get(&rq->caps, "ref");
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, ref, &c, &facts, &fbuf, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	bool identities = access_may_view_identities(&rq->who);
	enum mapo_lang lang = rq->lang;
	page_begin(rq, rs, c.ref);
	struct buf *o = &rs->body;
	if (web_query(rq, "saved"))
		tpl_printf(o, "<p class=\"flash ok\" role=\"status\">%s</p>\n", _("The case was saved."));
	tpl_printf(o, "<h1><span class=\"kind %s\">%s</span> %s</h1>\n", case_kind_code(c.kind), case_kind_code(c.kind), c.ref);
	tpl_raw(o, "<dl class=\"facts\">");
	char d[48];
	fmt_date_long(c.action_date, lang, d);
	tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Kind"), case_kind_name(c.kind, lang));
	tpl_printf(o, "<dt>%s</dt><dd>%s (%s)</dd>", _("Agency"), refdata_name(rq->rd, REF_AGENCY, c.agency, lang), c.agency);
	tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Action date"), d);
	tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("State"), refdata_name(rq->rd, REF_STATE, c.state, lang));
	tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Status"), case_status_name(c.status, lang));
	tpl_printf(o, "<dt>%s</dt><dd>", _("Offences"));
	for (size_t i = 0; i < c.offences.n; i++)
		tpl_printf(o, "%s<abbr title=\"%s\">%s</abbr>", i ? ", " : "",
			refdata_name(rq->rd, REF_OFFENCE, c.offences.v[i], lang), c.offences.v[i]);
	tpl_raw(o, "</dd>");
	if (c.kind == KIND_TIP) {
		tpl_printf(o, "<dt>%s</dt><dd>", _("Forms of exploitation"));
		for (size_t i = 0; i < c.forms.n; i++)
			tpl_printf(o, "%s%s", i ? ", " : "", refdata_name(rq->rd, REF_FORM, c.forms.v[i], lang));
		tpl_raw(o, "</dd>");
	}
	tpl_printf(o, "<dt>%s</dt><dd>", _("Linked case"));
	if (c.related_ref[0]) {
		tpl_raw(o, "<a href=\"");
		case_link(o, c.related_ref, "");
		tpl_printf(o, "\">%s</a>", c.related_ref);
	} else {
		tpl_printf(o, "%s", _("none"));
	}
	tpl_raw(o, "</dd>");
	tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Referred by"),
		facts.source_org && *facts.source_org ? facts.source_org : _("no partner organisation"));
	tpl_printf(o, "<dt>%s</dt><dd>%lld</dd>", _("Version"), (long long)c.version);
	tpl_raw(o, "</dl>\n");
	tpl_printf(o, "<h2>%s</h2>\n<p class=\"summary-text\">%s</p>\n", _("Summary"), c.summary);

	bool edit = access_may_case(&rq->who, CASE_EDIT, &c, &facts);
	bool outcome = access_may_case(&rq->who, CASE_RECORD_OUTCOME, &c, &facts);
	bool del = access_may_case(&rq->who, CASE_DELETE, &c, &facts);
	if (edit || outcome || del) {
		tpl_raw(o, "<div class=\"actions\">");
		if (edit || outcome) {
			tpl_raw(o, "<a class=\"button\" href=\"");
			case_link(o, c.ref, "/edit");
			tpl_printf(o, "\">%s</a> ", edit ? _("Edit") : _("Record the outcome"));
		}
		if (del) {
			tpl_raw(o, "<form method=\"post\" class=\"inline\" action=\"");
			case_link(o, c.ref, "/delete");
			tpl_raw(o, "\">");
			csrf_field(rq, o);
			tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)c.version);
			tpl_printf(o, "<button type=\"submit\" class=\"danger\">%s</button></form>", _("Delete"));
		}
		tpl_raw(o, "</div>\n");
	}

	tpl_printf(o, "<h2>%s</h2>\n", _("Persons"));
	if (!identities)
		tpl_printf(o, "<p class=\"note\">%s</p>", _("Person references and birth dates are hidden for your role."));
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
	const char *heads[] = {_("Person"), _("Role"), _("Sex"), _("Birth date"), _("Age"), _("Nationality"),
		_("Suspect role or victim status"), _("Arrest date"), _("Rescue date")};
	bool edit_all = access_may_case(&rq->who, CASE_EDIT_PERSONS, &c, &facts);
	bool edit_victims = access_may_case(&rq->who, CASE_EDIT_VICTIMS, &c, &facts);
	for (size_t i = 0; i < 9; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	if (edit_all || edit_victims)
		tpl_printf(o, "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th>", _("Change"));
	tpl_raw(o, "</tr></thead><tbody>\n");
	struct person_ctx pc = {rq, o, identities, edit_all, edit_victims, 0, c.agency};
	rc = store_person_list(rq->db, c.ref, person_row, &pc, &err);
	/* every view of a person's record is in the trail, or the page is not shown */
	if (!rc && pc.n)
		rc = audit_person_view(rq, c.ref, pc.n, identities, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	tpl_raw(o, "</tbody></table></div>\n");
	if (!pc.n)
		tpl_printf(o, "<p>%s</p>", _("No persons recorded."));
	if (edit_all || edit_victims) {
		tpl_raw(o, "<p><a class=\"button\" href=\"");
		case_link(o, c.ref, "/persons/new");
		tpl_printf(o, "\">%s</a></p>\n", edit_all ? _("Add a person") : _("Add a victim"));
	}

	struct audit_filter af;
	audit_filter_init(&af);
	af.object_type = "case";
	af.object_id = c.ref;
	tpl_printf(o, "<h2>%s</h2>\n<ul class=\"history\">", _("Status history"));
	struct history_ctx hc = {rq, o, false, 0};
	audit_list(rq->db, &af, history_row, &hc, NULL);
	tpl_raw(o, "</ul>\n");
	if (!hc.n)
		tpl_printf(o, "<p>%s %s</p>", _("Current status:"), case_status_name(c.status, lang));
	if (access_may_read_audit(&rq->who)) {
		tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data audit\"><thead><tr>", _("Audit entries"));
		const char *ah[] = {_("When"), _("User"), _("Address"), _("Action"), _("Detail")};
		for (size_t i = 0; i < 5; i++)
			tpl_printf(o, "<th scope=\"col\">%s</th>", ah[i]);
		tpl_raw(o, "</tr></thead><tbody>\n");
		struct history_ctx full = {rq, o, true, 0};
		af.newest_first = true;
		audit_list(rq->db, &af, history_row, &full, NULL);
		tpl_raw(o, "</tbody></table></div>\n");
	}
	page_end(rq, rs, 200);
out:
	buf_release(&fbuf);
	case_release(&c);
}

static void edit_page(struct web_req *rq, struct web_resp *rs, const struct mapo_case *c, const char *source_org,
	const struct field_errors *fe, int mode, const struct mapo_case *current, int status)
{
	page_begin(rq, rs, c->ref);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s %s</h1>\n", mode == 2 ? _("Record the outcome of") : _("Edit"), c->ref);
	if (current) {
		tpl_printf(o, "<div class=\"flash error conflict\" role=\"alert\"><p>%s</p>",
			_("Someone else changed this case while you were editing it. Nothing was saved."));
		tpl_printf(o, "<p>%s</p><ul>", _("The case now reads:"));
		char d[DATE_STRLEN];
		date_format(current->action_date, d);
		char *off = strvec_join(&current->offences, "; "), *forms = strvec_join(&current->forms, "; ");
		tpl_printf(o, "<li>%s: %s</li>", _("Kind"), case_kind_code(current->kind));
		tpl_printf(o, "<li>%s: %s</li>", _("Agency"), current->agency);
		tpl_printf(o, "<li>%s: %s</li>", _("Action date"), d);
		tpl_printf(o, "<li>%s: %s</li>", _("State"), current->state);
		tpl_printf(o, "<li>%s: %s</li>", _("Offences"), off);
		tpl_printf(o, "<li>%s: %s</li>", _("Forms of exploitation"), forms);
		tpl_printf(o, "<li>%s: %s</li>", _("Status"), case_status_name(current->status, rq->lang));
		tpl_printf(o, "<li>%s: %s</li>", _("Linked case"), current->related_ref);
		tpl_printf(o, "<li>%s: %s</li>", _("Summary"), current->summary);
		tpl_printf(o, "<li>%s: %lld</li>", _("Version"), (long long)current->version);
		tpl_printf(o, "</ul><p>%s</p></div>\n",
			_("The form below still holds your changes. Saving it again replaces the version above."));
		free(off);
		free(forms);
	}
	case_form(rq, o, c, source_org, fe, mode);
	page_end(rq, rs, status);
}

/* Loads the case for an edit: 0 with the mode, or an error already answered. */
static int load_for_edit(struct web_req *rq, struct web_resp *rs, struct mapo_case *c, struct case_facts *facts,
	struct buf *fbuf, int *mode)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	int rc = access_case_get(rq->db, &rq->who, params_get(&rq->caps, "ref"), c, facts, fbuf, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return rc;
	}
	if (access_may_case(&rq->who, CASE_EDIT, c, facts)) {
		*mode = 1;
	} else if (access_may_case(&rq->who, CASE_RECORD_OUTCOME, c, facts)) {
		*mode = 2;
	} else {
		web_error(rq, rs, 403, "forbidden", _("you may not change this case"));
		return MAPO_EDENIED;
	}
	return 0;
}

void h_case_edit(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	int mode;
	case_init(&c);
	if (!load_for_edit(rq, rs, &c, &facts, &fbuf, &mode))
		edit_page(rq, rs, &c, facts.source_org, NULL, mode, NULL, 200);
	buf_release(&fbuf);
	case_release(&c);
}

void h_case_update(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case before, after, current;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	int mode;
	mapo_error_clear(&err);
	case_init(&before);
	case_init(&after);
	case_init(&current);
	if (load_for_edit(rq, rs, &before, &facts, &fbuf, &mode))
		goto out;
	case_copy(&after, &before);
	long long version;
	const char *v = web_form(rq, "version");
	if (!v || parse_int(v, 1, INT64_MAX, &version)) {
		web_error(rq, rs, 400, "bad_request", _("the form has no version"));
		goto out;
	}
	after.version = version;
	case_from_form(rq, &after, &fe, mode == 2);
	/* the organisation is in the full form only: a status-only form leaves it alone */
	char org[ORG_MAX] = "";
	const char *sent_org = mode == 1 ? web_form(rq, "source_org") : NULL;
	if (sent_org)
		webcase_source_org(sent_org, org, &fe);
	int rc = fe.n ? MAPO_EINVAL : webcase_update(rq, &before, &facts, &after, sent_org ? org : NULL, &fe, &err);
	const char *shown_org = sent_org ? org : facts.source_org;
	if (rc == MAPO_EINVAL) {
		edit_page(rq, rs, &after, shown_org, &fe, mode, NULL, 422);
	} else if (rc == MAPO_ECONFLICT) {
		case_copy(&current, &before);
		after.version = before.version; /* a second save now replaces what is there, knowingly */
		edit_page(rq, rs, &after, shown_org, NULL, mode, &current, 409);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_addstr(&loc, "/cases/");
		url_encode(&loc, after.ref, true);
		buf_addstr(&loc, "?saved=1");
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
out:
	field_errors_release(&fe);
	buf_release(&fbuf);
	case_release(&before);
	case_release(&after);
	case_release(&current);
}

void h_case_delete(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	long long version = 0;
	const char *v = web_form(rq, "version");
	if (v && *v && parse_int(v, 1, INT64_MAX, &version)) {
		web_error(rq, rs, 400, "bad_request", _("the form has no version"));
		return;
	}
	int rc = webcase_delete(rq, params_get(&rq->caps, "ref"), version, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_redirect(rs, "/cases");
}
