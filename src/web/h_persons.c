/* The persons of a case on the pages: the form to add a person's role (or replace it), and
 * removing one. Agency officers and admins edit every role; protection officers the victims. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "web/handlers.h"
#include "web/webcase.h"

static void case_href(struct buf *out, const char *ref, const char *suffix)
{
	buf_addstr(out, "/cases/");
	url_encode(out, ref, true);
	buf_addstr(out, suffix);
}

/* Loads the case and says which roles the principal may add: 0, or an error already answered. */
static int load(struct web_req *rq, struct web_resp *rs, struct mapo_case *c, bool *all, bool *victims)
{
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	int rc = access_case_get(rq->db, &rq->who, params_get(&rq->caps, "ref"), c, &facts, &fbuf, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		*all = access_may_case(&rq->who, CASE_EDIT_PERSONS, c, &facts);
		*victims = *all || access_may_case(&rq->who, CASE_EDIT_VICTIMS, c, &facts);
		if (!*victims) {
			web_error(rq, rs, 403, "forbidden", _("you may not change the persons of this case"));
			rc = MAPO_EDENIED;
		}
	}
	buf_release(&fbuf);
	return rc;
}

static void date_field(struct buf *o, const char *name, const char *label, mapo_date d, const struct field_errors *fe)
{
	char s[DATE_STRLEN];
	date_format(d, s);
	tpl_input(o, name, label, "date", s, field_errors_get(fe, name), false);
}

static void person_form(struct web_req *rq, struct web_resp *rs, const struct mapo_case *c, const struct case_person *p,
	const struct field_errors *fe, bool all, int status)
{
	char title[160];
	snprintf(title, sizeof(title), "%s %s", _("Add a person to"), c->ref);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body, action = BUF_INIT, back = BUF_INIT;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	if (fe && fe->n) {
		tpl_printf(o, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>", _("The person was not saved:"));
		for (size_t i = 0; i < fe->n; i++)
			tpl_printf(o, "<li><a href=\"#f-%s\">%s</a></li>", fe->v[i].field, fe->v[i].msg);
		tpl_raw(o, "</ul></div>\n");
	}
	case_href(&action, c->ref, "/persons");
	tpl_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack narrow\" novalidate>\n", buf_str(&action));
	csrf_field(rq, o);
	tpl_input(o, "person_ref", _("Person reference"), "text", p->person_ref, field_errors_get(fe, "person_ref"), true);
	const char *roles[PROLE__COUNT], *role_names[PROLE__COUNT];
	size_t nroles = 0;
	for (int r = 0; r < PROLE__COUNT; r++) {
		if (!all && r != PROLE_VICTIM)
			continue;
		roles[nroles] = person_role_code((enum person_role)r);
		role_names[nroles++] = person_role_name((enum person_role)r, rq->lang);
	}
	tpl_select(o, "role", _("Role"), roles, role_names, nroles, p->role == PROLE_NONE ? NULL : person_role_code(p->role),
		all ? _("choose") : NULL, field_errors_get(fe, "role"));
	const char *sexes[] = {"F", "M", "U"}, *sex_names[] = {_("female"), _("male"), _("unknown")};
	char sex[2] = {p->sex, '\0'};
	tpl_select(o, "sex", _("Sex"), sexes, sex_names, 3, sex, NULL, field_errors_get(fe, "sex"));
	date_field(o, "birth_date", _("Birth date"), p->birth_date, fe);
	char age[16] = "";
	if (p->age >= 0)
		snprintf(age, sizeof(age), "%d", p->age);
	tpl_input(o, "age", _("Age in years (when the birth date is unknown)"), "number", age, field_errors_get(fe, "age"), false);
	{
		const struct refdata *rd = rq->rd;
		size_t n = rd->n[REF_COUNTRY];
		const char **v = xcalloc(n + 1, sizeof(char *)), **l = xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++) {
			v[i] = rd->items[REF_COUNTRY][i].code;
			l[i] = rq->lang == LANG_MS ? rd->items[REF_COUNTRY][i].name_ms : rd->items[REF_COUNTRY][i].name_en;
		}
		tpl_select(o, "nationality", _("Nationality"), v, l, n, p->nationality, _("unknown"), field_errors_get(fe, "nationality"));
		free(v);
		free(l);
	}
	if (all) {
		tpl_printf(o, "<fieldset><legend>%s</legend>", _("Suspects"));
		date_field(o, "arrest_date", _("Arrest date"), p->arrest_date, fe);
		const char *sr[SROLE__COUNT], *srn[SROLE__COUNT];
		for (int i = 0; i < SROLE__COUNT; i++) {
			sr[i] = suspect_role_code((enum suspect_role)i);
			srn[i] = suspect_role_name((enum suspect_role)i, rq->lang);
		}
		tpl_select(o, "suspect_role", _("Suspect role"), sr, srn, SROLE__COUNT,
			p->suspect_role == SROLE_NONE ? NULL : suspect_role_code(p->suspect_role), "", field_errors_get(fe, "suspect_role"));
		tpl_raw(o, "</fieldset>\n");
	}
	tpl_printf(o, "<fieldset><legend>%s</legend>", _("Victims"));
	const char *ts[TSTATUS__COUNT], *tsn[TSTATUS__COUNT];
	for (int i = 0; i < TSTATUS__COUNT; i++) {
		ts[i] = trafficking_status_code((enum trafficking_status)i);
		tsn[i] = trafficking_status_name((enum trafficking_status)i, rq->lang);
	}
	tpl_select(o, "trafficking_status", _("Trafficking status"), ts, tsn, TSTATUS__COUNT,
		p->trafficking_status == TSTATUS_NONE ? NULL : trafficking_status_code(p->trafficking_status), "",
		field_errors_get(fe, "trafficking_status"));
	date_field(o, "rescue_date", _("Rescue date"), p->rescue_date, fe);
	tpl_raw(o, "</fieldset>\n");
	case_href(&back, c->ref, "");
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button> <a href=\"%s\">%s</a></div></form>\n",
		_("Save"), buf_str(&back), _("Back to the case"));
	buf_release(&action);
	buf_release(&back);
	page_end(rq, rs, status);
}

void h_person_new(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct case_person p;
	bool all, victims;
	case_init(&c);
	case_person_init(&p);
	if (!load(rq, rs, &c, &all, &victims)) {
		if (!all)
			p.role = PROLE_VICTIM;
		person_form(rq, rs, &c, &p, NULL, all, 200);
	}
	case_release(&c);
}

static void date_from_form(struct web_req *rq, const char *name, mapo_date *out, struct field_errors *fe)
{
	const char *v = web_form(rq, name);
	*out = DATE_NONE;
	if (v && *v && date_parse(v, out)) {
		*out = DATE_NONE;
		field_errors_add(fe, name, _("'%s' is not a date (YYYY-MM-DD)"), v);
	}
}

void h_person_save(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct case_person p;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	bool all, victims;
	mapo_error_clear(&err);
	case_init(&c);
	case_person_init(&p);
	if (load(rq, rs, &c, &all, &victims))
		goto out;
	const char *v;
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", c.ref);
	if ((v = web_form(rq, "person_ref")))
		webcase_set_str(p.person_ref, sizeof(p.person_ref), v, "person_ref", &fe);
	p.role = person_role_parse(web_form(rq, "role") ? web_form(rq, "role") : "");
	if ((v = web_form(rq, "sex")) && strlen(v) == 1)
		p.sex = v[0];
	if ((v = web_form(rq, "nationality")))
		webcase_set_str(p.nationality, sizeof(p.nationality), v, "nationality", &fe);
	long long age;
	if ((v = web_form(rq, "age")) && *v) {
		if (parse_int(v, 0, 200, &age))
			field_errors_add(&fe, "age", _("'%s' is not an age in years"), v);
		else
			p.age = (int)age;
	}
	date_from_form(rq, "birth_date", &p.birth_date, &fe);
	date_from_form(rq, "arrest_date", &p.arrest_date, &fe);
	date_from_form(rq, "rescue_date", &p.rescue_date, &fe);
	if ((v = web_form(rq, "suspect_role")) && *v)
		p.suspect_role = suspect_role_parse(v);
	if ((v = web_form(rq, "trafficking_status")) && *v)
		p.trafficking_status = trafficking_status_parse(v);
	int rc = fe.n ? MAPO_EINVAL : webcase_person_put(rq, &p, &fe, &err);
	if (rc == MAPO_EINVAL) {
		if (!fe.n)
			field_errors_add(&fe, "person_ref", "%s", err.msg);
		person_form(rq, rs, &c, &p, &fe, all, 422);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		case_href(&loc, c.ref, "?saved=1");
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
out:
	field_errors_release(&fe);
	case_release(&c);
}

void h_person_remove(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct mapo_error err;
	bool all, victims;
	mapo_error_clear(&err);
	case_init(&c);
	if (load(rq, rs, &c, &all, &victims))
		goto out;
	const char *person = web_form(rq, "person_ref");
	enum person_role role = person_role_parse(web_form(rq, "role") ? web_form(rq, "role") : "");
	if (!person || role == PROLE_NONE) {
		web_error(rq, rs, 400, "bad_request", _("say which person's role to remove"));
		goto out;
	}
	if (!all && role != PROLE_VICTIM) {
		web_error(rq, rs, 403, "forbidden", _("you may not change the persons of this case"));
		goto out;
	}
	int rc = webcase_person_remove(rq, c.ref, person, role, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		case_href(&loc, c.ref, "");
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
out:
	case_release(&c);
}
