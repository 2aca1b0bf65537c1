/* The JSON API under /api/v1: the same operations as the pages, with JSON in and out. Members
 * are named as the columns of cases.csv and persons.csv (io/table.h's case_to_json). Errors are
 * {"error": {"code", "message"}} (plus "fields" for validation) with the status to match. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/statement.h"
#include "core/stats.h"
#include "io/stats_out.h"
#include "io/table.h"
#include "web/handlers.h"
#include "web/webcase.h"

/* A string member: 1 when present (into *out, NULL for null), 0 when absent, -1 when of another type. */
static int get_str(json_t *o, const char *name, const char **out, struct field_errors *fe)
{
	json_t *v = json_object_get(o, name);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = NULL;
		return 1;
	}
	if (!json_is_string(v)) {
		field_errors_add(fe, name, _("'%s' must be a string"), name);
		return -1;
	}
	*out = json_string_value(v);
	return 1;
}

static void get_list(json_t *o, const char *name, struct strvec *sv, struct field_errors *fe)
{
	json_t *v = json_object_get(o, name);
	if (!v)
		return;
	strvec_clear(sv);
	if (json_is_string(v)) {
		strvec_split(sv, json_string_value(v), ';');
	} else if (json_is_array(v)) {
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			if (!json_is_string(it)) {
				field_errors_add(fe, name, _("'%s' must be a list of strings"), name);
				return;
			}
			strvec_push(sv, json_string_value(it));
		}
	} else if (!json_is_null(v)) {
		field_errors_add(fe, name, _("'%s' must be a list of strings"), name);
	}
}

static const char *const case_members[] = {"case_ref", "kind", "agency", "action_date", "state", "offences", "forms",
	"status", "related_case_ref", "summary", "version", "source_org"};

/* Reads the members of o into c (absent ones keep c's values). */
static void case_from_json(json_t *o, struct mapo_case *c, struct field_errors *fe)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		size_t i;
		for (i = 0; i < sizeof(case_members) / sizeof(case_members[0]) && strcmp(k, case_members[i]); i++)
			;
		if (i == sizeof(case_members) / sizeof(case_members[0]))
			field_errors_add(fe, "case", _("unknown member '%s'"), k);
	}
	const char *s;
	if (get_str(o, "case_ref", &s, fe) > 0)
		webcase_set_str(c->ref, sizeof(c->ref), s ? s : "", "case_ref", fe);
	if (get_str(o, "kind", &s, fe) > 0)
		c->kind = s ? case_kind_parse(s) : KIND_NONE;
	if (get_str(o, "agency", &s, fe) > 0)
		webcase_set_str(c->agency, sizeof(c->agency), s ? s : "", "agency", fe);
	if (get_str(o, "state", &s, fe) > 0)
		webcase_set_str(c->state, sizeof(c->state), s ? s : "", "state", fe);
	if (get_str(o, "action_date", &s, fe) > 0) {
		c->action_date = DATE_NONE;
		if (s && date_parse(s, &c->action_date))
			field_errors_add(fe, "action_date", _("'%s' is not a date (YYYY-MM-DD)"), s);
	}
	if (get_str(o, "status", &s, fe) > 0)
		c->status = s ? case_status_parse(s) : STATUS_INVESTIGATION;
	if (get_str(o, "related_case_ref", &s, fe) > 0)
		webcase_set_str(c->related_ref, sizeof(c->related_ref), s ? s : "", "related_case_ref", fe);
	if (get_str(o, "summary", &s, fe) > 0)
		case_set_summary(c, s ? s : "");
	get_list(o, "offences", &c->offences, fe);
	get_list(o, "forms", &c->forms, fe);
	json_t *ver = json_object_get(o, "version");
	if (ver && !json_is_integer(ver))
		field_errors_add(fe, "version", "%s", _("'version' must be an integer"));
	else if (ver)
		c->version = json_integer_value(ver);
}

/* The case as case_to_json writes it, with "source_org": the partner organisation that
 * referred it (null when none). */
static void send_case(struct web_resp *rs, int status, const struct mapo_case *c, const char *source_org)
{
	json_t *j = case_to_json(c);
	json_object_set_new(j, "source_org", source_org && *source_org ? json_string(source_org) : json_null());
	web_json(rs, status, j);
}

/* The "source_org" member into org: 1 when present (null gives ""), 0 when absent. */
static int source_org_from_json(json_t *o, char org[ORG_MAX], struct field_errors *fe)
{
	const char *s = NULL;
	if (get_str(o, "source_org", &s, fe) <= 0)
		return 0;
	webcase_source_org(s, org, fe);
	return 1;
}

static void case_location(struct web_resp *rs, const char *ref)
{
	struct buf loc = BUF_INIT;
	buf_addstr(&loc, "/api/v1/cases/");
	url_encode(&loc, ref, true);
	web_header(rs, "Location", "%s", buf_str(&loc));
	buf_release(&loc);
}

struct json_list {
	json_t *arr;
};

static int case_to_array(const struct mapo_case *c, void *arg)
{
	json_array_append_new(((struct json_list *)arg)->arr, case_to_json(c));
	return 0;
}

void api_case_list(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct case_filter f;
	struct mapo_error err;
	mapo_error_clear(&err);
	filter_from_params(&rq->query, &f, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	if (access_narrow_filter(&rq->who, &f)) {
		web_error(rq, rs, 403, "forbidden", _("you may not list cases"));
		goto out;
	}
	if (!f.limit)
		f.limit = 100;
	long long total = 0;
	struct json_list jl = {json_array()};
	int rc = store_case_count(rq->db, &f, &total, &err);
	if (!rc)
		rc = store_case_list(rq->db, &f, case_to_array, &jl, &err);
	if (rc) {
		json_decref(jl.arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "limit", (json_int_t)f.limit, "offset",
		(json_int_t)f.offset, "cases", jl.arr));
out:
	field_errors_release(&fe);
}

void api_case_create(struct web_req *rq, struct web_resp *rs)
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
	if (!web_need_object(rq, rs))
		goto out;
	case_from_json(rq->json, &c, &fe);
	char org[ORG_MAX] = "";
	source_org_from_json(rq->json, org, &fe);
	int rc = fe.n ? MAPO_EINVAL : webcase_create(rq, &c, org, &fe, &err);
	if (rc == MAPO_EINVAL) {
		web_invalid(rs, &fe, NULL);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		case_location(rs, c.ref);
		send_case(rs, 201, &c, org);
	}
out:
	field_errors_release(&fe);
	case_release(&c);
}

void api_case_get(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, params_get(&rq->caps, "ref"), &c, &facts, &fbuf, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		send_case(rs, 200, &c, facts.source_org);
	buf_release(&fbuf);
	case_release(&c);
}

void api_case_put(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case before, after;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_init(&before);
	case_init(&after);
	int rc = access_case_get(rq->db, &rq->who, params_get(&rq->caps, "ref"), &before, &facts, &fbuf, &err);
	if (!rc && !access_may_case(&rq->who, CASE_EDIT, &before, &facts) &&
		!access_may_case(&rq->who, CASE_RECORD_OUTCOME, &before, &facts))
		rc = mapo_error_set(&err, MAPO_EDENIED, _("you may not change case '%s'"), before.ref);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!web_need_object(rq, rs))
		goto out;
	json_t *ver = json_object_get(rq->json, "version");
	if (!json_is_integer(ver)) {
		field_errors_add(&fe, "version", "%s", _("send the version you are changing ('version')"));
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	case_copy(&after, &before);
	case_from_json(rq->json, &after, &fe);
	char org[ORG_MAX] = "";
	bool org_given = source_org_from_json(rq->json, org, &fe);
	rc = fe.n ? MAPO_EINVAL : webcase_update(rq, &before, &facts, &after, org_given ? org : NULL, &fe, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, NULL);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		send_case(rs, 200, &after, org_given ? org : facts.source_org);
out:
	field_errors_release(&fe);
	buf_release(&fbuf);
	case_release(&before);
	case_release(&after);
}

void api_case_delete(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	long long version = 0;
	const char *v = web_query(rq, "version");
	if (!v && rq->if_match)
		v = rq->if_match;
	if (v) {
		char tmp[32];
		/* If-Match carries an entity tag: "3" or W/"3" */
		size_t k = 0;
		for (const char *p = v; *p && k < sizeof(tmp) - 1; p++)
			if (*p >= '0' && *p <= '9')
				tmp[k++] = *p;
		tmp[k] = '\0';
		if (parse_int(tmp, 1, INT64_MAX, &version)) {
			web_error(rq, rs, 400, "bad_request", _("version must be a positive number"));
			return;
		}
	}
	int rc = webcase_delete(rq, params_get(&rq->caps, "ref"), version, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	rs->status = 204;
	rs->content_type = NULL;
}

struct person_list {
	json_t *arr;
	bool identities;
};

static int person_to_array(const struct case_person *p, void *arg)
{
	struct person_list *pl = arg;
	json_t *j = case_person_to_json(p);
	if (!pl->identities) {
		json_object_set_new(j, "person_ref", json_null());
		json_object_set_new(j, "birth_date", json_null());
	}
	json_array_append_new(pl->arr, j);
	return 0;
}

void api_person_list(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_case c;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, params_get(&rq->caps, "ref"), &c, NULL, NULL, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	struct person_list pl = {json_array(), access_may_view_identities(&rq->who)};
	rc = store_person_list(rq->db, c.ref, person_to_array, &pl, &err);
	if (!rc && json_array_size(pl.arr))
		rc = audit_person_view(rq, c.ref, json_array_size(pl.arr), pl.identities, &err);
	if (rc) {
		json_decref(pl.arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, json_pack("{s:s,s:o}", "case_ref", c.ref, "persons", pl.arr));
out:
	case_release(&c);
}

/* DELETE /api/v1/cases/{ref}/persons?person_ref=P&role=ROLE: as the page's "Remove". */
void api_person_delete(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	const char *ref = params_get(&rq->caps, "ref");
	int rc = webcase_may(rq, ref, CASE_EDIT_PERSONS, CASE_EDIT_VICTIMS, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	const char *person = web_query(rq, "person_ref"), *r = web_query(rq, "role");
	enum person_role role = r ? person_role_parse(r) : PROLE_NONE;
	if (!person || role == PROLE_NONE) {
		web_error(rq, rs, 400, "bad_request", _("say which person's role to remove: person_ref=...&role=..."));
		return;
	}
	rc = webcase_person_remove(rq, ref, person, role, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	rs->status = 204;
	rs->content_type = NULL;
}

static void date_member(json_t *o, const char *name, mapo_date *out, struct field_errors *fe)
{
	const char *s;
	if (get_str(o, name, &s, fe) > 0 && s && *s && date_parse(s, out))
		field_errors_add(fe, name, _("'%s' is not a date (YYYY-MM-DD)"), s);
}

void api_person_put(struct web_req *rq, struct web_resp *rs)
{
	struct case_person p;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	case_person_init(&p);
	int rc = webcase_may(rq, params_get(&rq->caps, "ref"), CASE_EDIT_PERSONS, CASE_EDIT_VICTIMS, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!web_need_object(rq, rs))
		goto out;
	json_t *o = rq->json;
	const char *s;
	webcase_set_str(p.case_ref, sizeof(p.case_ref), params_get(&rq->caps, "ref"), "case_ref", &fe);
	if (get_str(o, "person_ref", &s, &fe) > 0 && s)
		webcase_set_str(p.person_ref, sizeof(p.person_ref), s, "person_ref", &fe);
	if (get_str(o, "role", &s, &fe) > 0 && s)
		p.role = person_role_parse(s);
	if (get_str(o, "sex", &s, &fe) > 0 && s)
		p.sex = strlen(s) == 1 ? s[0] : '?';
	if (get_str(o, "nationality", &s, &fe) > 0 && s)
		webcase_set_str(p.nationality, sizeof(p.nationality), s, "nationality", &fe);
	if (get_str(o, "suspect_role", &s, &fe) > 0 && s)
		p.suspect_role = suspect_role_parse(s);
	if (get_str(o, "trafficking_status", &s, &fe) > 0 && s)
		p.trafficking_status = trafficking_status_parse(s);
	date_member(o, "birth_date", &p.birth_date, &fe);
	date_member(o, "arrest_date", &p.arrest_date, &fe);
	date_member(o, "rescue_date", &p.rescue_date, &fe);
	json_t *age = json_object_get(o, "age");
	if (json_is_integer(age))
		p.age = (int)json_integer_value(age);
	else if (age && !json_is_null(age))
		field_errors_add(&fe, "age", "%s", _("'age' must be an integer"));
	rc = fe.n ? MAPO_EINVAL : webcase_person_put(rq, &p, &fe, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, NULL);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, case_person_to_json(&p));
out:
	field_errors_release(&fe);
}

/* GET /api/v1/stats: the options of `mapo stats`, as query parameters (by may repeat or hold
 * several names separated by commas); the answer is the document `mapo stats --format json`
 * prints, written by the same function. */
void api_stats(struct web_req *rq, struct web_resp *rs)
{
	struct stats_query q;
	struct stats_result r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	stats_query_init(&q);
	stats_result_init(&r);
	if (!access_may_read_stats(&rq->who)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see the statistics"));
		goto out;
	}
	struct case_filter f;
	filter_from_params(&rq->query, &f, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	q.filter = f;
	mapo_date from = DATE_NONE, to = DATE_NONE;
	long long tip_year = 0;
	const char *v;
	if ((v = web_query(rq, "tip_year")) && parse_int(v, 1901, 9999, &tip_year))
		field_errors_add(&fe, "tip_year", _("'%s' is not a year"), v);
	from = f.from;
	to = f.to;
	q.filter.from = q.filter.to = DATE_NONE;
	int rc = 0;
	if (!fe.n)
		rc = stats_query_set_period(&q, from, to, (int)tip_year, &err);
	for (size_t i = 0; !rc && !fe.n && i < rq->query.n; i++) {
		if (strcmp(rq->query.v[i].name, "by"))
			continue;
		struct strvec names = STRVEC_INIT;
		strvec_split(&names, rq->query.v[i].value, ',');
		for (size_t k = 0; !rc && k < names.n; k++)
			rc = stats_query_add_dim(&q, names.v[k], &err);
		strvec_release(&names);
	}
	enum mapo_lang lang = rq->lang;
	if ((v = web_query(rq, "lang")) && i18n_parse_lang(v, &lang))
		field_errors_add(&fe, "lang", _("unknown language '%s'"), v);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	if (rc) {
		web_error(rq, rs, 400, "bad_request", err.msg);
		goto out;
	}
	if ((rc = stats_run(rq->db, rq->rd, &q, lang, &r, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	buf_reset(&rs->body);
	stats_write_json(&rs->body, &r);
	rs->status = 200;
	rs->content_type = "application/json";
out:
	field_errors_release(&fe);
	stats_result_release(&r);
}

void api_statement(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	mapo_date as_of = DATE_NONE, from = DATE_NONE;
	enum mapo_lang lang = rq->lang;
	const char *v;
	if (!(v = web_query(rq, "as_of"))) {
		web_error(rq, rs, 400, "bad_request", _("give the period's last day: as_of=YYYY-MM-DD"));
		return;
	}
	if (date_parse(v, &as_of)) {
		web_error(rq, rs, 400, "bad_request", _("as_of is not a date (YYYY-MM-DD)"));
		return;
	}
	if ((v = web_query(rq, "from")) && date_parse(v, &from)) {
		web_error(rq, rs, 400, "bad_request", _("from is not a date (YYYY-MM-DD)"));
		return;
	}
	if ((v = web_query(rq, "lang")) && i18n_parse_lang(v, &lang)) {
		web_error(rq, rs, 400, "bad_request", _("lang must be ms or en"));
		return;
	}
	struct statement st;
	struct buf text = BUF_INIT;
	int rc = statement_compute(rq->db, from, as_of, &st, &err);
	if (!rc)
		rc = statement_format(&st, lang, &text);
	if (rc) {
		buf_release(&text);
		web_error_from(rq, rs, rc == MAPO_EINVAL ? MAPO_EINVAL : rc, &err);
		if (rc == MAPO_EINVAL)
			rs->status = 400;
		return;
	}
	if (text.len && text.data[text.len - 1] == '\n')
		text.data[--text.len] = '\0';
	char f[DATE_STRLEN], t[DATE_STRLEN];
	date_format(st.from, f);
	date_format(st.as_of, t);
	json_t *totals = json_object();
	for (size_t i = 0; i < STATS_NMEASURES; i++)
		json_object_set_new(totals, stats_measure_codes[i], json_integer(stats_measure(&st.m, i)));
	web_json(rs, 200, json_pack("{s:s,s:s,s:s,s:s,s:o}", "from", f, "as_of", t, "lang", i18n_lang_code(lang), "text",
		buf_str(&text), "totals", totals));
	buf_release(&text);
}

void api_me(struct web_req *rq, struct web_resp *rs)
{
	const struct user *u = &rq->session.user;
	web_json(rs, 200, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "username", u->username, "role", user_role_code(u->role),
		"agency", u->agency, "org", u->org, "lang", i18n_lang_code(u->lang), "api_token", rq->session.api_token));
}

void api_openapi(struct web_req *rq, struct web_resp *rs)
{
	size_t len;
	const char *type;
	const char *data = web_static_get("openapi.json", &len, &type);
	if (!data) {
		web_error(rq, rs, 404, "not_found", _("no such page"));
		return;
	}
	rs->fixed = data;
	rs->fixed_len = len;
	rs->content_type = type;
}
