/* The council's pages and API: meetings (numbered per body and year, with agenda, quorum, papers,
 * decisions and attendance), organisations, action items (overdue, follow-up, XLSX), engagements,
 * and the document library, whose public documents anyone may list and download. Who may do what
 * is core/council.h's: council_may for the records, council_may_read_doc for documents (outside
 * reach: 404). Views of representatives are audited through council_people_audit. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/council.h"
#include "io/council_io.h"
#include "io/table.h"
#include "store/store_council.h"
#include "web/h_council.h"
#include "web/handlers.h"

/* ---- shared helpers ------------------------------------------------------------------------ */

static bool may_read(struct web_req *rq, struct web_resp *rs)
{
	if (council_may(&rq->who, COUNCIL_READ))
		return true;
	web_error(rq, rs, 403, "forbidden", _("you may not see the council's records"));
	return false;
}

static bool may_write(struct web_req *rq, struct web_resp *rs)
{
	if (council_may(&rq->who, COUNCIL_WRITE))
		return true;
	web_error(rq, rs, 403, "forbidden", _("only the secretariat and administrators change the council's records"));
	return false;
}

/* A positive id from a capture or a field; 0 when absent or bad. */
static int64_t id_of(const char *s)
{
	long long n;
	return s && !parse_int(s, 1, INT64_MAX, &n) ? n : 0;
}

static const char *doc_title(const struct council_doc *d, enum mapo_lang lang)
{
	if (lang == LANG_MS && d->title_ms[0])
		return d->title_ms;
	return d->title_en[0] ? d->title_en : d->title_ms;
}

static const char *org_name(const struct council_org *o, enum mapo_lang lang)
{
	return lang == LANG_MS ? o->name_ms : o->name_en;
}

/* The result of a write for the API: 201 with body, or the error. */
static void api_written(struct web_req *rq, struct web_resp *rs, int rc, const struct field_errors *fe,
	const struct mapo_error *err, json_t *body)
{
	if (rc == MAPO_EINVAL && fe->n)
		web_invalid(rs, fe, err->msg[0] ? err->msg : _("the request is not valid"));
	else if (rc)
		web_error_from(rq, rs, rc, err);
	else {
		web_json(rs, 201, body);
		return;
	}
	json_decref(body);
}

static const char *jstr(const char *name, json_t *o)
{
	json_t *v = json_object_get(o, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t jint(const char *name, json_t *o)
{
	json_t *v = json_object_get(o, name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* A date member or field: DATE_NONE when absent; a bad one goes to fe. */
static mapo_date date_of(const char *s, const char *field, struct field_errors *fe)
{
	mapo_date d = DATE_NONE;
	if (s && *s && date_parse(s, &d))
		field_errors_add(fe, field, _("'%s' is not a date (YYYY-MM-DD)"), s);
	return d;
}

static void download_headers(struct web_resp *rs, const char *filename)
{
	/* the name is ours or was checked by council_file_add: no quotes, no line breaks */
	web_header(rs, "Content-Disposition", "attachment; filename=\"%s\"", filename);
}

/* Serves the bytes of a workbook written to a temporary file. */
static void send_xlsx(struct web_req *rq, struct web_resp *rs, const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	if (!f) {
		web_error(rq, rs, 500, "internal", _("something went wrong on the server"));
		return;
	}
	buf_reset(&rs->body);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&rs->body, chunk, n);
	fclose(f);
	rs->status = 200;
	rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	download_headers(rs, name);
}

static char *temp_path(void)
{
	char *path = xstrdup("/tmp/mapo-xlsx-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	close(fd);
	return path;
}

/* ---- collecting lists ---------------------------------------------------------------------- */

struct jlist {
	json_t *arr;
	struct web_req *rq;
	struct buf *o;
	mapo_date as_of;
	long n;
	const char *code; /* an organisation, for the rows that concern it */
};

static int meeting_json(const struct council_meeting *m, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_meeting_to_json(m, false));
	return 0;
}

static int org_json(const struct council_org *o, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_org_to_json(o));
	return 0;
}

static int person_json(const struct council_person *p, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_person_to_json(p));
	return 0;
}

static int attendance_json(const struct council_attendance *a, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_attendance_to_json(a));
	return 0;
}

static int doc_json(const struct council_doc *d, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_doc_to_json(d));
	return 0;
}

static int file_json(const struct council_file *f, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_file_to_json(f));
	return 0;
}

static int decision_json(const struct council_decision *d, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_decision_to_json(d));
	return 0;
}

static int action_json(const struct council_action *a, void *arg)
{
	struct jlist *l = arg;
	json_array_append_new(l->arr, council_action_to_json(a, l->as_of));
	return 0;
}

static int engagement_json(const struct council_engagement *e, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_engagement_to_json(e));
	return 0;
}

struct action_vec {
	struct council_action *v;
	size_t n, alloc;
};

static int action_collect(const struct council_action *a, void *arg)
{
	struct action_vec *l = arg;
	size_t need = l->n + 1;
	ALLOC_GROW(l->v, need, l->alloc);
	l->v[l->n++] = *a;
	return 0;
}

struct att_vec {
	struct council_attendance *v;
	size_t n, alloc;
};

static int att_collect(const struct council_attendance *a, void *arg)
{
	struct att_vec *l = arg;
	size_t need = l->n + 1;
	ALLOC_GROW(l->v, need, l->alloc);
	l->v[l->n++] = *a;
	return 0;
}

/* The action filter from a query: org, status (repeatable), overdue=1, body, meeting, as_of. */
static void action_filter_from(struct web_req *rq, struct council_action_filter *f, mapo_date *as_of,
	struct field_errors *fe)
{
	council_action_filter_init(f);
	*as_of = date_today();
	f->org = web_query(rq, "org");
	f->body = web_query(rq, "body");
	f->meeting_id = id_of(web_query(rq, "meeting"));
	const char *a = web_query(rq, "as_of");
	if (a)
		*as_of = date_of(a, "as_of", fe);
	if (*as_of == DATE_NONE)
		*as_of = date_today();
	for (size_t i = 0; i < rq->query.n; i++) {
		if (strcmp(rq->query.v[i].name, "status") || !rq->query.v[i].value[0])
			continue;
		enum action_status st = action_status_parse(rq->query.v[i].value);
		if (st == ACT_NONE)
			field_errors_add(fe, "status", _("unknown status '%s'"), rq->query.v[i].value);
		else
			f->status_mask |= 1u << st;
	}
	/* the follow-up list for a body's next meeting: what is still open */
	const char *fu = web_query(rq, "followup");
	if (fu && strcmp(fu, "0"))
		f->status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
	const char *od = web_query(rq, "overdue");
	if (od && strcmp(od, "0")) {
		f->status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
		f->due_before = *as_of;
	}
}

/* ---- pages: the council --------------------------------------------------------------------- */

static int meeting_li(const struct council_meeting *m, void *arg)
{
	struct jlist *l = arg;
	char title[128], date[48];
	council_meeting_title(m, l->rq->lang, title, sizeof(title));
	fmt_date_long(m->held_on, l->rq->lang, date);
	tpl_printf(l->o, "<tr><td><a href=\"/council/meetings/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		(long long)m->id, title, date, m->start_time, meeting_mode_name(m->mode, l->rq->lang));
	l->n++;
	return 0;
}

static void meeting_form(struct web_req *rq, struct buf *o)
{
	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/council/meetings\" class=\"stack narrow\">",
		_("New meeting"));
	csrf_field(rq, o);
	tpl_input(o, "body", _("Council or committee (code)"), "text", "MAPO", NULL, true);
	tpl_input(o, "date", _("Date"), "date", NULL, NULL, true);
	tpl_input(o, "time", _("Time (HH:MM)"), "text", NULL, NULL, false);
	const char *values[MODE__COUNT], *labels[MODE__COUNT];
	for (int i = 0; i < MODE__COUNT; i++) {
		values[i] = meeting_mode_code((enum meeting_mode)i);
		labels[i] = meeting_mode_name((enum meeting_mode)i, rq->lang);
	}
	tpl_select(o, "mode", _("Mode"), values, labels, MODE__COUNT, "online", NULL, NULL);
	tpl_input(o, "venue", _("Venue"), "text", NULL, NULL, false);
	tpl_printf(o, "<div class=\"field\"><label for=\"agenda\">%s</label><textarea id=\"agenda\" name=\"agenda\" rows=\"5\">"
		"</textarea></div>", _("Agenda (one item per line)"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Create the meeting"));
}

void h_council(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	long long year = 0;
	const char *y = web_query(rq, "year");
	if (y && parse_int(y, 1000, 9999, &year))
		year = 0;
	page_begin(rq, rs, _("Council"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Council"));
	tpl_printf(o, "<p><a href=\"/council/orgs\">%s</a> · <a href=\"/council/actions\">%s</a> · "
		"<a href=\"/council/actions?overdue=1\">%s</a> · <a href=\"/council/actions?body=MAPO&amp;followup=1\">%s</a> · "
		"<a href=\"/documents\">%s</a></p>\n",
		_("Members and partners"), _("Action items"), _("Overdue action items"),
		_("Follow-up list for the next council meeting"), _("Documents"));
	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Meetings"));
	const char *heads[] = {_("Meeting"), _("Date"), _("Time"), _("Mode")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	struct jlist l = {NULL, rq, o, DATE_NONE, 0, NULL};
	store_council_meeting_list(rq->db, web_query(rq, "body"), (int)year, meeting_li, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	if (council_may(&rq->who, COUNCIL_WRITE))
		meeting_form(rq, o);
	page_end(rq, rs, 200);
}

void h_council_meeting_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_meeting m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	council_set_str(m.body, sizeof(m.body), web_form(rq, "body"), "body", true, &fe);
	m.held_on = date_of(web_form(rq, "date"), "date", &fe);
	council_set_str(m.start_time, sizeof(m.start_time), web_form(rq, "time"), "time", false, &fe);
	council_set_str(m.venue, sizeof(m.venue), web_form(rq, "venue"), "venue", false, &fe);
	m.mode = meeting_mode_parse(web_form(rq, "mode"));
	if (web_form(rq, "agenda"))
		strvec_split(&m.agenda, web_form(rq, "agenda"), '\n');
	for (size_t i = 0; i < m.agenda.n; i++) {
		char *cr = strchr(m.agenda.v[i], '\r');
		if (cr)
			*cr = '\0';
	}
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_meeting_add(rq->db, &rq->who, &m, &fe, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		char loc[64];
		snprintf(loc, sizeof(loc), "/council/meetings/%lld", (long long)m.id);
		web_redirect(rs, loc);
	}
	council_meeting_release(&m);
	field_errors_release(&fe);
}

static int paper_li(const struct council_doc *d, void *arg)
{
	struct jlist *l = arg;
	if (!council_may_read_doc(&l->rq->who, d->access))
		return 0;
	tpl_printf(l->o, "<li><a href=\"/documents/%lld\">%s</a> <small>(%s, %s%s%s)</small></li>\n", (long long)d->id,
		doc_title(d, l->rq->lang), doc_kind_name(d->kind, l->rq->lang), doc_access_name(d->access, l->rq->lang),
		d->presenter[0] ? ", " : "", d->presenter);
	return 0;
}

static int action_li(const struct council_action *a, void *arg)
{
	struct jlist *l = arg;
	char due[48];
	fmt_date_long(a->due_on, l->rq->lang, due);
	tpl_printf(l->o, "<li>%s: <a href=\"/council/actions/%lld\">%s</a> — %s %s · %s%s</li>\n", a->org,
		(long long)a->id, a->title, _("due"), due, action_status_name(a->status, l->rq->lang),
		council_action_overdue(a, l->as_of) ? _(" (overdue)") : "");
	return 0;
}

static int decision_li(const struct council_decision *d, void *arg)
{
	struct jlist *l = arg;
	struct mapo_error err;
	struct council_action_filter f;
	tpl_printf(l->o, "<li value=\"%lld\">%s<ul>", (long long)d->id, d->text);
	council_action_filter_init(&f);
	f.decision_id = d->id;
	store_council_action_list(l->rq->db, &f, action_li, l, &err);
	tpl_raw(l->o, "</ul></li>\n");
	return 0;
}

struct person_opts {
	struct strvec values, labels;
};

static int person_opt(const struct council_person *p, void *arg)
{
	struct person_opts *po = arg;
	strvec_pushf(&po->values, "%lld", (long long)p->id);
	strvec_pushf(&po->labels, "%s — %s", p->org, p->name);
	return 0;
}

/* The secretariat's forms on a meeting page: attendance, a decision, an action item. */
static void writer_forms(struct web_req *rq, struct buf *o, int64_t id)
{
	struct mapo_error err;
	struct person_opts po = {STRVEC_INIT, STRVEC_INIT};
	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/council/meetings/%lld/attendance\" class=\"stack narrow\">",
		_("Record attendance"), (long long)id);
	csrf_field(rq, o);
	store_council_person_list(rq->db, NULL, person_opt, &po, &err);
	tpl_select(o, "person_id", _("Representative"), (const char *const *)po.values.v, (const char *const *)po.labels.v,
		po.values.n, NULL, NULL, NULL);
	const char *av[ATT__COUNT], *al[ATT__COUNT];
	for (int i = 0; i < ATT__COUNT; i++) {
		av[i] = attend_status_code((enum attend_status)i);
		al[i] = attend_status_name((enum attend_status)i, rq->lang);
	}
	tpl_select(o, "status", _("Attendance"), av, al, ATT__COUNT, "present", NULL, NULL);
	tpl_input(o, "represented_by", _("Represented by"), "text", NULL, NULL, false);
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Save"));
	strvec_release(&po.values);
	strvec_release(&po.labels);

	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/council/meetings/%lld/decisions\" class=\"stack narrow\">",
		_("Record a decision"), (long long)id);
	csrf_field(rq, o);
	tpl_printf(o, "<div class=\"field\"><label for=\"text\">%s</label><textarea id=\"text\" name=\"text\" rows=\"3\" "
		"required></textarea></div>", _("Decision"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Save"));

	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/council/actions\" class=\"stack narrow\">",
		_("Add an action item"));
	csrf_field(rq, o);
	tpl_input(o, "decision_id", _("Decision (number in the list above)"), "text", NULL, NULL, true);
	tpl_input(o, "org", _("Owning organisation (code)"), "text", NULL, NULL, true);
	tpl_input(o, "title", _("Action item"), "text", NULL, NULL, true);
	tpl_input(o, "due", _("Due"), "date", NULL, NULL, false);
	tpl_printf(o, "<input type=\"hidden\" name=\"meeting\" value=\"%lld\">", (long long)id);
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Save"));
}

static void back_to_meeting(struct web_resp *rs, int64_t id)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/council/meetings/%lld", (long long)id);
	web_redirect(rs, loc);
}

void h_council_attendance_post(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_attendance a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_attendance_init(&a);
	a.meeting_id = id_of(params_get(&rq->caps, "id"));
	a.person_id = id_of(web_form(rq, "person_id"));
	a.status = attend_status_parse(web_form(rq, "status"));
	council_set_str(a.represented_by, sizeof(a.represented_by), web_form(rq, "represented_by"), "represented_by",
		false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_attendance_put(rq->db, &rq->who, &a, &fe, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		back_to_meeting(rs, a.meeting_id);
	field_errors_release(&fe);
}

void h_council_decision_post(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_decision d;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_decision_init(&d);
	d.meeting_id = id_of(params_get(&rq->caps, "id"));
	int rc = council_set_str(d.text, sizeof(d.text), web_form(rq, "text"), "text", true, &fe)
		? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		: council_decision_add(rq->db, &rq->who, &d, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		back_to_meeting(rs, d.meeting_id);
	field_errors_release(&fe);
}

void h_council_action_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_action a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_action_init(&a);
	a.decision_id = id_of(web_form(rq, "decision_id"));
	council_set_str(a.org, sizeof(a.org), web_form(rq, "org"), "org", true, &fe);
	council_set_str(a.title, sizeof(a.title), web_form(rq, "title"), "title", true, &fe);
	a.due_on = date_of(web_form(rq, "due"), "due", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_action_add(rq->db, &rq->who, &a, &fe, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else if (id_of(web_form(rq, "meeting")))
		back_to_meeting(rs, id_of(web_form(rq, "meeting")));
	else
		web_redirect(rs, "/council/actions");
	field_errors_release(&fe);
}

void h_council_minutes_post(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_meeting m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	if (!rc) {
		m.version = id_of(web_form(rq, "version"));
		council_meeting_set_minutes(&m, web_form(rq, "minutes"));
		rc = council_meeting_edit(rq->db, &rq->who, &m, &fe, &err);
	}
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		back_to_meeting(rs, id);
	council_meeting_release(&m);
	field_errors_release(&fe);
}

void h_council_meeting(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct council_meeting m;
	struct quorum_report q;
	struct mapo_error err;
	struct att_vec av = {NULL, 0, 0};
	mapo_error_clear(&err);
	council_meeting_init(&m);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	char title[128], date[48];
	council_meeting_title(&m, rq->lang, title, sizeof(title));
	fmt_date_long(m.held_on, rq->lang, date);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>", title, _("Date"),
		date, m.start_time, _("Mode"), meeting_mode_name(m.mode, rq->lang));
	if (m.venue[0])
		tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Venue"), m.venue);
	if (!council_quorum(rq->db, id, &q, &err))
		tpl_printf(o, "<dt>%s</dt><dd>%s: %ld / %ld (%s %ld)</dd>", _("Quorum"), q.met ? _("met") : _("not met"),
			q.attending, q.members, _("needed:"), q.required);
	tpl_raw(o, "</dl>\n");
	tpl_printf(o, "<h2>%s</h2>\n<ol>", _("Agenda"));
	for (size_t i = 0; i < m.agenda.n; i++)
		tpl_printf(o, "<li>%s</li>", m.agenda.v[i]);
	tpl_raw(o, "</ol>\n");
	struct jlist l = {NULL, rq, o, date_today(), 0, NULL};
	struct council_doc_filter df;
	council_doc_filter_init(&df);
	df.meeting_id = id;
	df.floor = council_doc_floor(&rq->who);
	tpl_printf(o, "<h2>%s</h2>\n<ul>", _("Papers and documents"));
	store_council_doc_list(rq->db, &df, paper_li, &l, &err);
	tpl_printf(o, "</ul>\n<h2>%s</h2>\n<ol>", _("Decisions and action items"));
	store_council_decision_list(rq->db, id, decision_li, &l, &err);
	tpl_raw(o, "</ol>\n");
	if (council_may(&rq->who, COUNCIL_WRITE)) {
		tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/council/meetings/%lld/minutes\" class=\"stack\">",
			_("Minutes"), (long long)id);
		csrf_field(rq, o);
		tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)m.version);
		tpl_printf(o, "<div class=\"field\"><label for=\"minutes\">%s</label><textarea id=\"minutes\" name=\"minutes\" "
			"rows=\"8\">%s</textarea></div>", _("Minutes"), m.minutes);
		tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Save"));
	} else if (m.minutes[0] && council_may(&rq->who, COUNCIL_PEOPLE)) {
		tpl_printf(o, "<h2>%s</h2>\n<p class=\"minutes\">%s</p>\n", _("Minutes"), m.minutes);
	}
	tpl_printf(o, "<h2>%s</h2>\n", _("Attendance"));
	char mid[24];
	snprintf(mid, sizeof(mid), "%lld", (long long)id);
	if (council_may(&rq->who, COUNCIL_PEOPLE) && !council_people_audit(rq->db, &rq->who, "council-meeting", mid, &err) &&
	    !store_council_attendance_list(rq->db, id, att_collect, &av, &err)) {
		tpl_printf(o, "<p><a href=\"/council/meetings/%lld/attendance.xlsx\" download>%s</a></p>\n", (long long)id,
			_("Download the attendance list (XLSX)"));
		tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
		const char *heads[] = {"#", _("Organisation"), _("Name"), _("Attendance"), _("Represented by")};
		for (size_t i = 0; i < 5; i++)
			tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
		tpl_raw(o, "</tr></thead><tbody>\n");
		for (size_t i = 0; i < av.n; i++)
			tpl_printf(o, "<tr><td class=\"num\">%zu</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", i + 1,
				av.v[i].org, av.v[i].person_name, attend_status_name(av.v[i].status, rq->lang), av.v[i].represented_by);
		tpl_raw(o, "</tbody></table></div>\n");
		if (council_may(&rq->who, COUNCIL_WRITE))
			writer_forms(rq, o, id);
	} else {
		/* without the right to see representatives: how many came, not who */
		long counts[ATT__COUNT] = {0};
		if (!store_council_attendance_list(rq->db, id, att_collect, &av, &err))
			for (size_t i = 0; i < av.n; i++)
				if (av.v[i].status >= 0 && av.v[i].status < ATT__COUNT)
					counts[av.v[i].status]++;
		tpl_raw(o, "<ul>");
		for (int i = 0; i < ATT__COUNT; i++)
			tpl_printf(o, "<li>%s: %ld</li>", attend_status_name((enum attend_status)i, rq->lang), counts[i]);
		tpl_raw(o, "</ul>\n");
	}
	page_end(rq, rs, 200);
out:
	free(av.v);
	council_meeting_release(&m);
}

void h_council_attendance_xlsx(struct web_req *rq, struct web_resp *rs)
{
	struct council_meeting m;
	struct quorum_report q;
	struct mapo_error err;
	struct att_vec av = {NULL, 0, 0};
	char *path = NULL;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	char mid[24];
	snprintf(mid, sizeof(mid), "%lld", (long long)id);
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	if (!rc)
		rc = council_people_audit(rq->db, &rq->who, "council-meeting", mid, &err);
	if (!rc)
		rc = store_council_attendance_list(rq->db, id, att_collect, &av, &err);
	if (!rc)
		rc = council_quorum(rq->db, id, &q, &err);
	if (!rc && !(path = temp_path()))
		rc = MAPO_EIO;
	if (!rc)
		rc = council_xlsx_attendance(path, &m, av.v, av.n, &q, &err);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "export", "council-meeting", mid, "attendance.xlsx", NULL, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		send_xlsx(rq, rs, path, "attendance.xlsx");
	if (path) {
		unlink(path);
		free(path);
	}
	free(av.v);
	council_meeting_release(&m);
}

/* ---- pages: organisations and action items --------------------------------------------------- */

static int org_tr(const struct council_org *org, void *arg)
{
	struct jlist *l = arg;
	struct buf href = BUF_INIT;
	url_encode(&href, org->code, false);
	tpl_printf(l->o, "<tr><td><a href=\"/council/orgs/%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		buf_str(&href), org->code, org_kind_name(org->kind, l->rq->lang), org_name(org, l->rq->lang), org->parent);
	buf_release(&href);
	return 0;
}

static int member_tr(const struct council_member *m, void *arg)
{
	struct jlist *l = arg;
	char from[48];
	fmt_date_long(m->start, l->rq->lang, from);
	tpl_printf(l->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", m->body, m->org,
		member_role_name(m->role, l->rq->lang), from);
	return 0;
}

static int engagement_tr(const struct council_engagement *e, void *arg)
{
	struct jlist *l = arg;
	char d[48];
	fmt_date_long(e->held_on, l->rq->lang, d);
	tpl_printf(l->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", d, e->org, e->title,
		e->topics, e->outcomes);
	return 0;
}

/* A form refused on a page shown again: which form, the problems by field (beside each field)
 * and the message of a problem tied to no field (a store's unknown code). NULL on a GET. */
struct form_state {
	const char *form;
	const struct field_errors *fe;
	const char *msg;
};

/* The value sent for name when form is the refused one (refilled), else NULL. */
static const char *form_val(struct web_req *rq, const struct form_state *st, const char *form, const char *name)
{
	return st && !strcmp(st->form, form) ? web_form(rq, name) : NULL;
}

/* The message beside a field of form, when form is the refused one. fe_field is the core's
 * name of the field when it differs from the form's. */
static const char *form_err(const struct form_state *st, const char *form, const char *fe_field)
{
	return st && !strcmp(st->form, form) ? field_errors_get(st->fe, fe_field) : NULL;
}

static void form_begin(struct web_req *rq, struct buf *o, const struct form_state *st, const char *form,
	const char *heading, const char *action)
{
	tpl_printf(o, "<h2 id=\"%s-form\">%s</h2>\n<form method=\"post\" action=\"%s\" class=\"stack narrow\">", form,
		heading, action);
	csrf_field(rq, o);
	if (st && !strcmp(st->form, form) && (!st->fe || !st->fe->n) && st->msg && st->msg[0])
		tpl_printf(o, "<div class=\"flash error\" role=\"alert\"><p>%s</p></div>", st->msg);
}

static void form_end(struct buf *o, const char *button)
{
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", button);
}

static void text_area(struct buf *o, const char *name, const char *label, const char *value, const char *err)
{
	tpl_printf(o, "<div class=\"field%s\"><label for=\"f-%s\">%s</label><textarea id=\"f-%s\" name=\"%s\" rows=\"3\"",
		err ? " invalid" : "", name, label, name, name);
	if (err)
		tpl_printf(o, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	tpl_printf(o, ">%s</textarea>", value ? value : "");
	if (err)
		tpl_printf(o, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	tpl_raw(o, "</div>\n");
}

/* The secretariat's forms on the organisations page: an organisation, a membership, an
 * engagement. Field names are distinct across the three (the partner of an engagement is
 * "partner") so that every id on the page is unique. */
static void orgs_forms(struct web_req *rq, struct buf *o, const struct form_state *st)
{
	const char *kv[ORGK__COUNT], *kl[ORGK__COUNT], *rv[MROLE__COUNT], *rl[MROLE__COUNT];
	for (int i = 0; i < ORGK__COUNT; i++) {
		kv[i] = org_kind_code((enum org_kind)i);
		kl[i] = org_kind_name((enum org_kind)i, rq->lang);
	}
	for (int i = 0; i < MROLE__COUNT; i++) {
		rv[i] = member_role_code((enum member_role)i);
		rl[i] = member_role_name((enum member_role)i, rq->lang);
	}
	form_begin(rq, o, st, "org", _("New organisation"), "/council/orgs");
	tpl_input(o, "code", _("Code"), "text", form_val(rq, st, "org", "code"), form_err(st, "org", "code"), true);
	const char *k = form_val(rq, st, "org", "kind");
	tpl_select(o, "kind", _("Kind"), kv, kl, ORGK__COUNT, k ? k : "ngo", NULL, form_err(st, "org", "kind"));
	tpl_input(o, "name_ms", _("Name (Malay)"), "text", form_val(rq, st, "org", "name_ms"),
		form_err(st, "org", "name_ms"), true);
	tpl_input(o, "name_en", _("Name (English)"), "text", form_val(rq, st, "org", "name_en"),
		form_err(st, "org", "name_en"), true);
	tpl_input(o, "parent", _("Parent organisation (code)"), "text", form_val(rq, st, "org", "parent"),
		form_err(st, "org", "parent"), false);
	form_end(o, _("Add the organisation"));

	form_begin(rq, o, st, "member", _("New membership"), "/council/members");
	tpl_input(o, "body", _("Council or committee (code)"), "text", form_val(rq, st, "member", "body"),
		form_err(st, "member", "body"), true);
	tpl_input(o, "org", _("Member organisation (code)"), "text", form_val(rq, st, "member", "org"),
		form_err(st, "member", "org"), true);
	const char *r = form_val(rq, st, "member", "role");
	tpl_select(o, "role", _("Role"), rv, rl, MROLE__COUNT, r ? r : "member", NULL, form_err(st, "member", "role"));
	tpl_input(o, "start", _("From"), "date", form_val(rq, st, "member", "start"), form_err(st, "member", "start"), true);
	tpl_input(o, "end", _("To"), "date", form_val(rq, st, "member", "end"), form_err(st, "member", "end"), false);
	form_end(o, _("Add the membership"));

	form_begin(rq, o, st, "engagement", _("Record an engagement"), "/council/engagements");
	tpl_input(o, "date", _("Date"), "date", form_val(rq, st, "engagement", "date"), form_err(st, "engagement", "date"),
		true);
	tpl_input(o, "partner", _("Partner (code)"), "text", form_val(rq, st, "engagement", "partner"),
		form_err(st, "engagement", "partner"), true);
	tpl_input(o, "title", _("Title"), "text", form_val(rq, st, "engagement", "title"),
		form_err(st, "engagement", "title"), true);
	text_area(o, "participants", _("Participants"), form_val(rq, st, "engagement", "participants"),
		form_err(st, "engagement", "participants"));
	text_area(o, "topics", _("Topics"), form_val(rq, st, "engagement", "topics"), form_err(st, "engagement", "topics"));
	text_area(o, "outcomes", _("Outcomes"), form_val(rq, st, "engagement", "outcomes"),
		form_err(st, "engagement", "outcomes"));
	form_end(o, _("Record the engagement"));
}

/* The organisations page; st: a refused form shown again (422) with its problems. */
static void orgs_page(struct web_req *rq, struct web_resp *rs, const struct form_state *st)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	page_begin(rq, rs, _("Members and partners"));
	struct buf *o = &rs->body;
	struct jlist l = {NULL, rq, o, DATE_NONE, 0, NULL};
	tpl_printf(o, "<h1>%s</h1>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Members and partners"));
	const char *h1[] = {_("Code"), _("Kind"), _("Name"), _("Parent")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h1[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_org_list(rq->db, ORGK_NONE, org_tr, &l, &err);
	tpl_printf(o, "</tbody></table></div>\n<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>",
		_("Memberships today"));
	const char *h2[] = {_("Body"), _("Organisation"), _("Role"), _("From")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h2[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_member_list(rq->db, NULL, date_today(), member_tr, &l, &err);
	tpl_printf(o, "</tbody></table></div>\n<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>",
		_("Engagements with partners"));
	const char *h3[] = {_("Date"), _("Partner"), _("Title"), _("Topics"), _("Outcomes")};
	for (size_t i = 0; i < 5; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h3[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_engagement_list(rq->db, NULL, engagement_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	if (council_may(&rq->who, COUNCIL_WRITE))
		orgs_forms(rq, o, st);
	page_end(rq, rs, st ? 422 : 200);
}

void h_council_orgs(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	orgs_page(rq, rs, NULL);
}

/* After a form's write: a problem with what was sent shows the page again with the form (422);
 * anything else (refused, the store) is an error page. */
static void orgs_refused(struct web_req *rq, struct web_resp *rs, int rc, const char *form,
	const struct field_errors *fe, const struct mapo_error *err)
{
	struct form_state st = {form, fe, err->msg};
	if (rc == MAPO_EINVAL)
		orgs_page(rq, rs, &st);
	else
		web_error_from(rq, rs, rc, err);
}

void h_council_org_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_org org;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_org_init(&org);
	council_set_str(org.code, sizeof(org.code), web_form(rq, "code"), "code", false, &fe);
	council_set_str(org.name_ms, sizeof(org.name_ms), web_form(rq, "name_ms"), "name_ms", false, &fe);
	council_set_str(org.name_en, sizeof(org.name_en), web_form(rq, "name_en"), "name_en", false, &fe);
	council_set_str(org.parent, sizeof(org.parent), web_form(rq, "parent"), "parent", false, &fe);
	org.kind = org_kind_parse(web_form(rq, "kind"));
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_org_add(rq->db, &rq->who, &org, &fe, &err);
	if (rc) {
		orgs_refused(rq, rs, rc, "org", &fe, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_printf(&loc, "/council/orgs/");
		url_encode(&loc, org.code, false);
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
	field_errors_release(&fe);
}

void h_council_member_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_member m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_member_init(&m);
	council_set_str(m.body, sizeof(m.body), web_form(rq, "body"), "body", true, &fe);
	council_set_str(m.org, sizeof(m.org), web_form(rq, "org"), "org", true, &fe);
	const char *r = web_form(rq, "role");
	if (r && *r)
		m.role = member_role_parse(r);
	m.start = date_of(web_form(rq, "start"), "start", &fe);
	m.end = date_of(web_form(rq, "end"), "end", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_member_add(rq->db, &rq->who, &m, &fe, &err);
	if (rc)
		orgs_refused(rq, rs, rc, "member", &fe, &err);
	else
		web_redirect(rs, "/council/orgs");
	field_errors_release(&fe);
}

void h_council_engagement_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_engagement e;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_engagement_init(&e);
	e.held_on = date_of(web_form(rq, "date"), "date", &fe);
	council_set_str(e.org, sizeof(e.org), web_form(rq, "partner"), "partner", true, &fe);
	council_set_str(e.title, sizeof(e.title), web_form(rq, "title"), "title", true, &fe);
	council_set_str(e.participants, sizeof(e.participants), web_form(rq, "participants"), "participants", false, &fe);
	council_set_str(e.topics, sizeof(e.topics), web_form(rq, "topics"), "topics", false, &fe);
	council_set_str(e.outcomes, sizeof(e.outcomes), web_form(rq, "outcomes"), "outcomes", false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_engagement_add(rq->db, &rq->who, &e, &err);
	if (rc)
		orgs_refused(rq, rs, rc, "engagement", &fe, &err);
	else
		web_redirect(rs, "/council/orgs");
	field_errors_release(&fe);
}

static int person_tr(const struct council_person *p, void *arg)
{
	struct jlist *l = arg;
	tpl_printf(l->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", p->name, p->title, p->email, p->phone);
	return 0;
}

static int org_member_tr(const struct council_member *m, void *arg)
{
	struct jlist *l = arg;
	if (strcmp(m->org, l->code) && strcmp(m->body, l->code))
		return 0;
	char from[48], to[48];
	fmt_date_long(m->start, l->rq->lang, from);
	fmt_date_long(m->end, l->rq->lang, to);
	tpl_printf(l->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", m->body, m->org,
		member_role_name(m->role, l->rq->lang), from, to);
	return 0;
}

static int org_action_tr(const struct council_action *a, void *arg)
{
	struct jlist *l = arg;
	char due[48];
	fmt_date_long(a->due_on, l->rq->lang, due);
	bool late = council_action_overdue(a, l->as_of);
	tpl_printf(l->o, "<tr%s><td class=\"num\"><a href=\"/council/actions/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
		"<td>%s%s</td></tr>\n",
		late ? " class=\"overdue\"" : "", (long long)a->id, (long long)a->id, a->title, due,
		action_status_name(a->status, l->rq->lang), late ? _(" (overdue)") : "");
	if (late)
		l->n++;
	return 0;
}

/* One organisation: its memberships, its action items (overdue first in mind), its engagements,
 * and for admins and the secretariat its representatives (audited). */
static void org_page(struct web_req *rq, struct web_resp *rs, const struct form_state *st)
{
	struct council_org org;
	struct mapo_error err;
	mapo_error_clear(&err);
	const char *code = params_get(&rq->caps, "code");
	int rc = store_council_org_get(rq->db, code, &org, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	page_begin(rq, rs, org_name(&org, rq->lang));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		org_name(&org, rq->lang), _("Code"), org.code, _("Kind"), org_kind_name(org.kind, rq->lang),
		rq->lang == LANG_MS ? _("Name (English)") : _("Name (Malay)"), rq->lang == LANG_MS ? org.name_en : org.name_ms);
	if (org.parent[0])
		tpl_printf(o, "<dt>%s</dt><dd><a href=\"/council/orgs/%s\">%s</a></dd>", _("Parent"), org.parent, org.parent);
	tpl_raw(o, "</dl>\n");
	struct jlist l = {NULL, rq, o, date_today(), 0, org.code};

	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Memberships"));
	const char *h1[] = {_("Body"), _("Organisation"), _("Role"), _("From"), _("To")};
	for (size_t i = 0; i < 5; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h1[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_member_list(rq->db, NULL, DATE_NONE, org_member_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");

	struct council_action_filter f;
	council_action_filter_init(&f);
	f.org = org.code;
	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Action items"));
	const char *h2[] = {"#", _("Action item"), _("Due"), _("Status")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h2[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_action_list(rq->db, &f, org_action_tr, &l, &err);
	tpl_printf(o, "</tbody></table></div>\n<p>%s %ld</p>\n", _("Overdue:"), l.n);

	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Engagements with partners"));
	const char *h3[] = {_("Date"), _("Partner"), _("Title"), _("Topics"), _("Outcomes")};
	for (size_t i = 0; i < 5; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", h3[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_engagement_list(rq->db, org.code, engagement_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");

	if (council_may(&rq->who, COUNCIL_PEOPLE) && !council_people_audit(rq->db, &rq->who, "council-org", org.code, &err)) {
		tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Representatives"));
		const char *h4[] = {_("Name"), _("Title"), _("E-mail"), _("Phone")};
		for (size_t i = 0; i < 4; i++)
			tpl_printf(o, "<th scope=\"col\">%s</th>", h4[i]);
		tpl_raw(o, "</tr></thead><tbody>\n");
		store_council_person_list(rq->db, org.code, person_tr, &l, &err);
		tpl_raw(o, "</tbody></table></div>\n");
	}
	if (council_may(&rq->who, COUNCIL_WRITE)) {
		struct buf action = BUF_INIT;
		buf_printf(&action, "/council/orgs/");
		url_encode(&action, org.code, false);
		buf_printf(&action, "/people");
		form_begin(rq, o, st, "person", _("Add a representative"), buf_str(&action));
		tpl_input(o, "name", _("Name"), "text", form_val(rq, st, "person", "name"), form_err(st, "person", "name"), true);
		tpl_input(o, "title", _("Title"), "text", form_val(rq, st, "person", "title"), form_err(st, "person", "title"),
			false);
		tpl_input(o, "email", _("E-mail"), "email", form_val(rq, st, "person", "email"), form_err(st, "person", "email"),
			false);
		tpl_input(o, "phone", _("Phone"), "tel", form_val(rq, st, "person", "phone"), form_err(st, "person", "phone"),
			false);
		form_end(o, _("Add the representative"));
		buf_release(&action);
	}
	page_end(rq, rs, st ? 422 : 200);
}

void h_council_org(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	org_page(rq, rs, NULL);
}

void h_council_person_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_person x;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_person_init(&x);
	const char *code = params_get(&rq->caps, "code");
	council_set_str(x.org, sizeof(x.org), code, "org", true, &fe);
	council_set_str(x.name, sizeof(x.name), web_form(rq, "name"), "name", true, &fe);
	council_set_str(x.title, sizeof(x.title), web_form(rq, "title"), "title", false, &fe);
	council_set_str(x.email, sizeof(x.email), web_form(rq, "email"), "email", false, &fe);
	council_set_str(x.phone, sizeof(x.phone), web_form(rq, "phone"), "phone", false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_person_add(rq->db, &rq->who, &x, &fe, &err);
	struct form_state st = {"person", &fe, err.msg};
	if (rc == MAPO_EINVAL) {
		org_page(rq, rs, &st);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_printf(&loc, "/council/orgs/");
		url_encode(&loc, x.org, false);
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
	field_errors_release(&fe);
}

void h_council_actions(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct council_action_filter f;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct action_vec av = {NULL, 0, 0};
	mapo_date as_of;
	mapo_error_clear(&err);
	action_filter_from(rq, &f, &as_of, &fe);
	if (fe.n) {
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
		goto out;
	}
	if (store_council_action_list(rq->db, &f, action_collect, &av, &err)) {
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		goto out;
	}
	page_begin(rq, rs, _("Action items"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Action items"));
	tpl_printf(o, "<form method=\"get\" action=\"/council/actions\" class=\"filters\" aria-label=\"%s\">", _("Filters"));
	tpl_input(o, "org", _("Organisation"), "text", f.org, NULL, false);
	tpl_input(o, "body", _("Council or committee"), "text", f.body, NULL, false);
	const char *values[ACT__COUNT], *labels[ACT__COUNT];
	for (int i = 0; i < ACT__COUNT; i++) {
		values[i] = action_status_code((enum action_status)i);
		labels[i] = action_status_name((enum action_status)i, rq->lang);
	}
	tpl_select(o, "status", _("Status"), values, labels, ACT__COUNT, web_query(rq, "status"), "", NULL);
	tpl_printf(o, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"overdue\" value=\"1\"%s> %s</label></div>",
		web_query(rq, "overdue") ? " checked" : "", _("overdue only"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>\n", _("Filter"));
	{
		/* overdue per organisation, whatever the filter shows */
		struct council_action_filter od;
		struct action_vec ov = {NULL, 0, 0};
		council_action_filter_init(&od);
		od.status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
		od.due_before = as_of;
		if (!store_council_action_list(rq->db, &od, action_collect, &ov, &err) && ov.n) {
			tpl_printf(o, "<h2>%s</h2>\n<ul class=\"overdue-orgs\">", _("Overdue per organisation"));
			for (size_t i = 0; i < ov.n;) {
				size_t k = i;
				while (k < ov.n && !strcmp(ov.v[k].org, ov.v[i].org))
					k++;
				struct buf href = BUF_INIT;
				url_encode(&href, ov.v[i].org, false);
				tpl_printf(o, "<li><a href=\"/council/orgs/%s\">%s</a>: %zu</li>", buf_str(&href), ov.v[i].org, k - i);
				buf_release(&href);
				i = k;
			}
			tpl_raw(o, "</ul>\n");
		}
		free(ov.v);
	}
	tpl_printf(o, "<p>%zu · <a href=\"/council/actions.xlsx?%s\" download>%s</a></p>\n", av.n,
		web_query(rq, "overdue") ? "overdue=1" : "", _("Download as XLSX"));
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
	const char *heads[] = {"#", _("Organisation"), _("Action item"), _("Due"), _("Status"), ""};
	for (size_t i = 0; i < 6; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	bool writer = council_may(&rq->who, COUNCIL_WRITE);
	for (size_t i = 0; i < av.n; i++) {
		const struct council_action *a = &av.v[i];
		char due[48];
		fmt_date_long(a->due_on, rq->lang, due);
		tpl_printf(o, "<tr%s><td class=\"num\"><a href=\"/council/actions/%lld\">%lld</a></td><td>%s</td><td>%s</td>"
			"<td>%s</td><td>%s%s</td><td>",
			council_action_overdue(a, as_of) ? " class=\"overdue\"" : "", (long long)a->id, (long long)a->id, a->org,
			a->title, due,
			action_status_name(a->status, rq->lang), council_action_overdue(a, as_of) ? _(" (overdue)") : "");
		if (writer) {
			tpl_printf(o, "<form method=\"post\" action=\"/council/actions/%lld\" class=\"row-form\">", (long long)a->id);
			csrf_field(rq, o);
			tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", (long long)a->version);
			tpl_printf(o, "<label for=\"st%lld\" class=\"visually-hidden\">%s</label><select id=\"st%lld\" name=\"status\">",
				(long long)a->id, _("Status"), (long long)a->id);
			for (int k = 0; k < ACT__COUNT; k++)
				tpl_printf(o, "<option value=\"%s\"%s>%s</option>", values[k], k == (int)a->status ? " selected" : "",
					labels[k]);
			tpl_printf(o, "</select><label for=\"nt%lld\" class=\"visually-hidden\">%s</label>"
				"<input id=\"nt%lld\" name=\"note\" type=\"text\"><button type=\"submit\">%s</button></form>",
				(long long)a->id, _("Note"), (long long)a->id, _("Save"));
		}
		tpl_raw(o, "</td></tr>\n");
	}
	tpl_raw(o, "</tbody></table></div>\n");
	page_end(rq, rs, 200);
out:
	free(av.v);
	field_errors_release(&fe);
}

void h_council_actions_xlsx(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct council_action_filter f;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct action_vec av = {NULL, 0, 0};
	mapo_date as_of;
	char *path = NULL;
	mapo_error_clear(&err);
	action_filter_from(rq, &f, &as_of, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : 0;
	if (!rc)
		rc = store_council_action_list(rq->db, &f, action_collect, &av, &err);
	if (!rc && !(path = temp_path()))
		rc = MAPO_EIO;
	if (!rc)
		rc = council_xlsx_actions(path, av.v, av.n, as_of, &err);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "export", "council-action", "", "actions.xlsx", NULL, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		send_xlsx(rq, rs, path, "action-items.xlsx");
	if (path) {
		unlink(path);
		free(path);
	}
	free(av.v);
	field_errors_release(&fe);
}

static void back_to_action(struct web_resp *rs, int64_t id)
{
	char loc[64];
	snprintf(loc, sizeof(loc), "/council/actions/%lld", (long long)id);
	web_redirect(rs, loc);
}

void h_council_action_update(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	const char *st = web_form(rq, "status");
	enum action_status status = st && *st ? action_status_parse(st) : ACT_NONE;
	if (st && *st && status == ACT_NONE) {
		web_error(rq, rs, 422, "invalid", _("the status must be open, in-progress, done or cancelled"));
		return;
	}
	int rc = council_action_note(rq->db, &rq->who, id, id_of(web_form(rq, "version")), status, web_form(rq, "note"),
		&err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else if (web_form(rq, "from") && !strcmp(web_form(rq, "from"), "item"))
		back_to_action(rs, id);
	else
		web_redirect(rs, "/council/actions");
}

/* ---- pages: one action item ---------------------------------------------------------------- */

static int update_tr(const struct council_action_update *u, void *arg)
{
	struct jlist *l = arg;
	char day[48];
	fmt_date_long(u->noted_on, l->rq->lang, day);
	tpl_printf(l->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", day,
		action_status_name(u->status, l->rq->lang), u->note, u->by_user);
	return 0;
}

/* The writers' forms on an action item's page: a status update (council_action_note) and the
 * edit of owner, title and due date (council_action_edit). */
static void action_forms(struct web_req *rq, struct buf *o, const struct council_action *a, const struct form_state *st,
	const char *version)
{
	char action[64], due[DATE_STRLEN] = "", ver[24];
	const char *values[ACT__COUNT], *labels[ACT__COUNT];
	for (int i = 0; i < ACT__COUNT; i++) {
		values[i] = action_status_code((enum action_status)i);
		labels[i] = action_status_name((enum action_status)i, rq->lang);
	}
	snprintf(action, sizeof(action), "/council/actions/%lld", (long long)a->id);
	form_begin(rq, o, NULL, "status", _("Record an update"), action);
	tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%lld\"><input type=\"hidden\" name=\"from\" "
		"value=\"item\">", (long long)a->version);
	tpl_select(o, "status", _("Status"), values, labels, ACT__COUNT, action_status_code(a->status), NULL, NULL);
	tpl_input(o, "note", _("Note"), "text", NULL, NULL, false);
	form_end(o, _("Save"));

	snprintf(action, sizeof(action), "/council/actions/%lld/edit", (long long)a->id);
	snprintf(ver, sizeof(ver), "%lld", (long long)a->version);
	if (a->due_on != DATE_NONE)
		date_format(a->due_on, due);
	const char *org = form_val(rq, st, "edit", "org"), *title = form_val(rq, st, "edit", "title");
	const char *sent_due = form_val(rq, st, "edit", "due");
	form_begin(rq, o, st, "edit", _("Change the owner, title or due date"), action);
	tpl_printf(o, "<input type=\"hidden\" name=\"version\" value=\"%s\">", version ? version : ver);
	tpl_input(o, "org", _("Owning organisation (code)"), "text", org ? org : a->org, form_err(st, "edit", "org"), true);
	tpl_input(o, "title", _("Action item"), "text", title ? title : a->title, form_err(st, "edit", "title"), true);
	tpl_input(o, "due", _("Due"), "date", sent_due ? sent_due : due, form_err(st, "edit", "due"), false);
	form_end(o, _("Save the changes"));
}

/* An action item: what it is, whom it belongs to, where it comes from, its updates, and the
 * writers' forms. st: a refused edit shown again with status 422 (what was sent, the problems
 * beside the fields, the version sent) or 409 (stale: what was sent with the version now
 * stored, so that saving again is a knowing overwrite of what the page shows above). */
static void action_page(struct web_req *rq, struct web_resp *rs, int64_t id, const struct form_state *st, int status)
{
	struct council_action a;
	struct mapo_error err;
	struct jlist l = {NULL, rq, &rs->body, date_today(), 0, NULL};
	mapo_error_clear(&err);
	int rc = id ? store_council_action_get(rq->db, id, &a, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	char title[64], due[48];
	snprintf(title, sizeof(title), _("Action item %lld"), (long long)id);
	fmt_date_long(a.due_on, rq->lang, due);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body, href = BUF_INIT;
	url_encode(&href, a.org, false);
	tpl_printf(o, "<h1>%s</h1>\n<p>%s</p>\n<dl class=\"facts\"><dt>%s</dt><dd><a href=\"/council/orgs/%s\">%s</a></dd>",
		title, a.title, _("Organisation"), buf_str(&href), a.org);
	buf_release(&href);
	tpl_printf(o, "<dt>%s</dt><dd>%s%s</dd><dt>%s</dt><dd>%s</dd>", _("Due"), due,
		council_action_overdue(&a, l.as_of) ? _(" (overdue)") : "", _("Status"), action_status_name(a.status, rq->lang));
	if (a.meeting_id)
		tpl_printf(o, "<dt>%s</dt><dd><a href=\"/council/meetings/%lld\">%s</a></dd>", _("Decision"),
			(long long)a.meeting_id, _("the meeting's decisions"));
	else
		tpl_printf(o, "<dt>%s</dt><dd>%lld</dd>", _("Engagement"), (long long)a.engagement_id);
	tpl_printf(o, "<dt>%s</dt><dd>%lld</dd></dl>\n", _("Version"), (long long)a.version);
	tpl_printf(o, "<h2>%s</h2>\n<div class=\"scroll\"><table class=\"data\"><thead><tr>", _("Updates"));
	const char *heads[] = {_("Date"), _("Status"), _("Note"), _("By")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	store_council_action_update_list(rq->db, id, update_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	if (council_may(&rq->who, COUNCIL_WRITE))
		action_forms(rq, o, &a, st, st && status == 422 ? web_form(rq, "version") : NULL);
	page_end(rq, rs, status);
}

void h_council_action(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	action_page(rq, rs, id_of(params_get(&rq->caps, "id")), NULL, 200);
}

void h_council_action_edit(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_action a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	long long version;
	mapo_error_clear(&err);
	council_action_init(&a);
	a.id = id_of(params_get(&rq->caps, "id"));
	const char *v = web_form(rq, "version");
	if (!v || parse_int(v, 1, INT64_MAX, &version)) {
		web_error(rq, rs, 400, "bad_request", _("the form has no version"));
		return;
	}
	a.version = version;
	council_set_str(a.org, sizeof(a.org), web_form(rq, "org"), "org", true, &fe);
	council_set_str(a.title, sizeof(a.title), web_form(rq, "title"), "title", true, &fe);
	a.due_on = date_of(web_form(rq, "due"), "due", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_action_edit(rq->db, &rq->who, &a, &fe, &err);
	struct form_state st = {"edit", &fe, err.msg};
	if (rc == MAPO_EINVAL) {
		action_page(rq, rs, a.id, &st, 422);
	} else if (rc == MAPO_ECONFLICT) {
		st.fe = NULL;
		action_page(rq, rs, a.id, &st, 409);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		back_to_action(rs, a.id);
	}
	field_errors_release(&fe);
}

/* ---- pages: documents ----------------------------------------------------------------------- */

static int doc_tr(const struct council_doc *d, void *arg)
{
	struct jlist *l = arg;
	char date[48];
	fmt_date_long(d->issued_on, l->rq->lang, date);
	tpl_printf(l->o, "<tr><td><a href=\"/documents/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		(long long)d->id, doc_title(d, l->rq->lang), doc_kind_name(d->kind, l->rq->lang), date,
		doc_access_name(d->access, l->rq->lang));
	l->n++;
	return 0;
}

static void doc_form(struct web_req *rq, struct buf *o)
{
	tpl_printf(o, "<h2>%s</h2>\n<form method=\"post\" action=\"/documents\" enctype=\"multipart/form-data\" "
		"class=\"stack narrow\">", _("Add a document"));
	csrf_field(rq, o);
	const char *kv[DOCK__COUNT], *kl[DOCK__COUNT], *av[DACC__COUNT], *al[DACC__COUNT];
	for (int i = 0; i < DOCK__COUNT; i++) {
		kv[i] = doc_kind_code((enum doc_kind)i);
		kl[i] = doc_kind_name((enum doc_kind)i, rq->lang);
	}
	for (int i = 0; i < DACC__COUNT; i++) {
		av[i] = doc_access_code((enum doc_access)i);
		al[i] = doc_access_name((enum doc_access)i, rq->lang);
	}
	tpl_select(o, "kind", _("Kind"), kv, kl, DOCK__COUNT, "other", NULL, NULL);
	tpl_input(o, "title_ms", _("Title (Malay)"), "text", NULL, NULL, false);
	tpl_input(o, "title_en", _("Title (English)"), "text", NULL, NULL, false);
	tpl_input(o, "issued_on", _("Date"), "date", NULL, NULL, false);
	tpl_select(o, "access", _("Access"), av, al, DACC__COUNT, "members", NULL, NULL);
	tpl_input(o, "meeting", _("Meeting (id, papers only)"), "text", NULL, NULL, false);
	tpl_input(o, "presenter", _("Presenting organisation (papers only)"), "text", NULL, NULL, false);
	tpl_printf(o, "<div class=\"field\"><label for=\"file\">%s</label><input id=\"file\" name=\"file\" type=\"file\"></div>",
		_("File (PDF, Office, PNG, JPEG or text; at most 10 MiB)"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n",
		_("Add the document"));
}

/* The library, for everyone: each visitor sees the levels open to them (anonymous: public). */
void h_documents(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	struct council_doc_filter f;
	mapo_error_clear(&err);
	council_doc_filter_init(&f);
	f.floor = council_doc_floor(&rq->who);
	page_begin(rq, rs, _("Documents"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Documents"));
	if (!rq->signed_in)
		tpl_printf(o, "<p>%s</p>\n", _("The council's public documents. Sign in to see the others your role allows."));
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
	const char *heads[] = {_("Title"), _("Kind"), _("Date"), _("Access")};
	for (size_t i = 0; i < 4; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
	struct jlist l = {NULL, rq, o, DATE_NONE, 0, NULL};
	store_council_doc_list(rq->db, &f, doc_tr, &l, &err);
	tpl_raw(o, "</tbody></table></div>\n");
	if (!l.n)
		tpl_printf(o, "<p>%s</p>\n", _("No documents yet."));
	if (council_may(&rq->who, COUNCIL_WRITE))
		doc_form(rq, o);
	page_end(rq, rs, 200);
}

static int file_li(const struct council_file *f, void *arg)
{
	struct jlist *l = arg;
	tpl_printf(l->o, "<li><a href=\"/documents/files/%lld\" download>%s</a> <small>(%s, %zu bytes)</small></li>\n",
		(long long)f->id, f->filename, f->content_type, f->size);
	return 0;
}

void h_document(struct web_req *rq, struct web_resp *rs)
{
	struct council_doc d;
	struct mapo_error err;
	mapo_error_clear(&err);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? council_doc_get(rq->db, &rq->who, id, &d, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	page_begin(rq, rs, doc_title(&d, rq->lang));
	struct buf *o = &rs->body;
	char date[48];
	fmt_date_long(d.issued_on, rq->lang, date);
	tpl_printf(o, "<h1>%s</h1>\n<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		doc_title(&d, rq->lang), _("Kind"), doc_kind_name(d.kind, rq->lang), _("Date"), date, _("Access"),
		doc_access_name(d.access, rq->lang));
	if (d.presenter[0])
		tpl_printf(o, "<dt>%s</dt><dd>%s</dd>", _("Presenter"), d.presenter);
	if (d.meeting_id && rq->signed_in && council_may(&rq->who, COUNCIL_READ))
		tpl_printf(o, "<dt>%s</dt><dd><a href=\"/council/meetings/%lld\">%lld</a></dd>", _("Meeting"),
			(long long)d.meeting_id, (long long)d.meeting_id);
	tpl_raw(o, "</dl>\n");
	if (d.summary[0])
		tpl_printf(o, "<p>%s</p>\n", d.summary);
	tpl_printf(o, "<h2>%s</h2>\n<ul>", _("Files"));
	struct jlist l = {NULL, rq, o, DATE_NONE, 0, NULL};
	store_council_file_list(rq->db, id, file_li, &l, &err);
	tpl_raw(o, "</ul>\n");
	page_end(rq, rs, 200);
}

/* The document and its file from a form (pages) or members (API); the file is optional. */
static int doc_create(struct web_req *rq, struct council_doc *d, const struct web_upload *up, struct field_errors *fe,
	struct mapo_error *err)
{
	int rc = store_begin(rq->db, err);
	if (rc)
		return rc;
	if (!(rc = council_doc_add(rq->db, &rq->who, d, fe, err)) && up && up->data.len) {
		struct council_file f;
		council_file_init(&f);
		f.doc_id = d->id;
		const char *base = up->filename ? strrchr(up->filename, '/') : NULL;
		snprintf(f.filename, sizeof(f.filename), "%s", base ? base + 1 : up->filename ? up->filename : "");
		f.data = (unsigned char *)up->data.data;
		f.size = up->data.len;
		rc = council_file_add(rq->db, &rq->who, &f, err);
	}
	if (rc) {
		store_rollback(rq->db);
		return rc;
	}
	return store_commit(rq->db, err);
}

static const struct web_upload *upload_of(const struct web_req *rq, const char *field)
{
	for (size_t i = 0; i < rq->nuploads; i++)
		if (!strcmp(rq->uploads[i].field, field))
			return &rq->uploads[i];
	return NULL;
}

void h_document_create(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_doc d;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_doc_init(&d);
	d.kind = doc_kind_parse(web_form(rq, "kind"));
	d.access = doc_access_parse(web_form(rq, "access"));
	council_set_str(d.title_ms, sizeof(d.title_ms), web_form(rq, "title_ms"), "title_ms", false, &fe);
	council_set_str(d.title_en, sizeof(d.title_en), web_form(rq, "title_en"), "title_en", false, &fe);
	council_set_str(d.presenter, sizeof(d.presenter), web_form(rq, "presenter"), "presenter", false, &fe);
	d.issued_on = date_of(web_form(rq, "issued_on"), "issued_on", &fe);
	d.meeting_id = id_of(web_form(rq, "meeting"));
	if (d.issued_on == DATE_NONE)
		d.issued_on = date_today();
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : doc_create(rq, &d, upload_of(rq, "file"), &fe, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		char loc[48];
		snprintf(loc, sizeof(loc), "/documents/%lld", (long long)d.id);
		web_redirect(rs, loc);
	}
	field_errors_release(&fe);
}

/* A file of a document the visitor may read; anonymous visitors get public ones only. */
void h_document_file(struct web_req *rq, struct web_resp *rs)
{
	struct council_file f;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_file_init(&f);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? council_file_get(rq->db, &rq->who, id, &f, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	if (rq->signed_in) {
		char fid[24];
		snprintf(fid, sizeof(fid), "%lld", (long long)id);
		audit_append(rq->db, &rq->who, "export", "council-file", fid, f.filename, NULL, &err);
	}
	buf_reset(&rs->body);
	buf_add(&rs->body, f.data, f.size);
	rs->status = 200;
	/* the type was read from the bytes when the file came in; content_type is static text there */
	static const char *const types[] = {"application/pdf", "image/png", "image/jpeg", "text/plain; charset=utf-8",
		"text/csv; charset=utf-8", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"application/vnd.oasis.opendocument.text"};
	rs->content_type = "application/octet-stream";
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i], f.content_type))
			rs->content_type = types[i];
	download_headers(rs, f.filename);
	council_file_release(&f);
}

/* ---- the API --------------------------------------------------------------------------------- */

void api_council_orgs(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	enum org_kind kind = ORGK_NONE;
	const char *k = web_query(rq, "kind");
	if (k && (kind = org_kind_parse(k)) == ORGK_NONE) {
		web_error(rq, rs, 422, "invalid", _("unknown kind"));
		return;
	}
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (store_council_org_list(rq->db, kind, org_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "orgs", l.arr));
}

void api_council_org_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_org o;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_org_init(&o);
	json_t *j = rq->json;
	council_set_str(o.code, sizeof(o.code), jstr("code", j), "code", false, &fe);
	council_set_str(o.name_ms, sizeof(o.name_ms), jstr("name_ms", j), "name_ms", false, &fe);
	council_set_str(o.name_en, sizeof(o.name_en), jstr("name_en", j), "name_en", false, &fe);
	council_set_str(o.parent, sizeof(o.parent), jstr("parent", j), "parent", false, &fe);
	o.kind = org_kind_parse(jstr("kind", j));
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_org_add(rq->db, &rq->who, &o, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_org_to_json(&o));
	field_errors_release(&fe);
}

void api_council_org_people(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	struct council_org o;
	mapo_error_clear(&err);
	const char *code = params_get(&rq->caps, "code");
	int rc = council_may(&rq->who, COUNCIL_READ) ? store_council_org_get(rq->db, code, &o, &err) : MAPO_EDENIED;
	if (!rc)
		rc = council_people_audit(rq->db, &rq->who, "council-org", code, &err);
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (!rc)
		rc = store_council_person_list(rq->db, code, person_json, &l, &err);
	if (rc) {
		json_decref(l.arr);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "people", l.arr));
}

void api_council_meetings(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	long long year = 0;
	const char *y = web_query(rq, "year");
	if (y && parse_int(y, 1000, 9999, &year)) {
		web_error(rq, rs, 422, "invalid", _("the year must be a whole number from 1000 to 9999"));
		return;
	}
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (store_council_meeting_list(rq->db, web_query(rq, "body"), (int)year, meeting_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "meetings", l.arr));
}

void api_council_meeting_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_meeting m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	json_t *j = rq->json, *agenda = json_object_get(j, "agenda"), *it;
	size_t i;
	council_set_str(m.body, sizeof(m.body), jstr("body", j), "body", false, &fe);
	council_set_str(m.start_time, sizeof(m.start_time), jstr("time", j), "time", false, &fe);
	council_set_str(m.venue, sizeof(m.venue), jstr("venue", j), "venue", false, &fe);
	m.held_on = date_of(jstr("date", j), "date", &fe);
	m.mode = meeting_mode_parse(jstr("mode", j));
	json_array_foreach(agenda, i, it)
		if (json_is_string(it))
			strvec_push(&m.agenda, json_string_value(it));
		else
			field_errors_add(&fe, "agenda", "%s", _("'agenda' must be a list of strings"));
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_meeting_add(rq->db, &rq->who, &m, &fe, &err);
	if (!rc)
		rc = store_council_meeting_get(rq->db, m.id, &m, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_meeting_to_json(&m, true));
	council_meeting_release(&m);
	field_errors_release(&fe);
}

/* Changes a meeting against its version: any of date, time, mode, venue, agenda, minutes. */
void api_council_meeting_put(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_meeting m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	json_t *j = rq->json, *v;
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!json_is_integer(json_object_get(j, "version")))
		field_errors_add(&fe, "version", "%s", _("'version' must be an integer"));
	m.version = jint("version", j);
	if (jstr("date", j))
		m.held_on = date_of(jstr("date", j), "date", &fe);
	if (jstr("time", j))
		council_set_str(m.start_time, sizeof(m.start_time), jstr("time", j), "time", false, &fe);
	if (jstr("venue", j))
		council_set_str(m.venue, sizeof(m.venue), jstr("venue", j), "venue", false, &fe);
	if (jstr("mode", j))
		m.mode = meeting_mode_parse(jstr("mode", j));
	if (jstr("minutes", j))
		council_meeting_set_minutes(&m, jstr("minutes", j));
	if ((v = json_object_get(j, "agenda"))) {
		size_t i;
		json_t *it;
		strvec_clear(&m.agenda);
		if (!json_is_array(v))
			field_errors_add(&fe, "agenda", "%s", _("'agenda' must be a list of strings"));
		json_array_foreach(v, i, it)
			if (json_is_string(it))
				strvec_push(&m.agenda, json_string_value(it));
			else
				field_errors_add(&fe, "agenda", "%s", _("'agenda' must be a list of strings"));
	}
	rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_meeting_edit(rq->db, &rq->who, &m, &fe, &err);
	if (!rc)
		rc = store_council_meeting_get(rq->db, id, &m, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, err.msg[0] ? err.msg : _("the request is not valid"));
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, council_meeting_to_json(&m, true));
out:
	council_meeting_release(&m);
	field_errors_release(&fe);
}

static int member_json(const struct council_member *m, void *arg)
{
	json_array_append_new(((struct jlist *)arg)->arr, council_member_to_json(m));
	return 0;
}

void api_council_members(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	mapo_date on = date_of(web_query(rq, "on"), "on", &fe);
	if (fe.n) {
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
		field_errors_release(&fe);
		return;
	}
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (store_council_member_list(rq->db, web_query(rq, "body"), on, member_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "members", l.arr));
}

void api_council_member_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_member m;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_member_init(&m);
	json_t *j = rq->json;
	council_set_str(m.body, sizeof(m.body), jstr("body", j), "body", true, &fe);
	council_set_str(m.org, sizeof(m.org), jstr("org", j), "org", true, &fe);
	m.person_id = jint("person_id", j);
	if (jstr("role", j))
		m.role = member_role_parse(jstr("role", j));
	m.start = date_of(jstr("start", j), "start", &fe);
	m.end = date_of(jstr("end", j), "end", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_member_add(rq->db, &rq->who, &m, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_member_to_json(&m));
	field_errors_release(&fe);
}

/* Changes an organisation against its version (kind, names, parent). */
void api_council_org_put(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_org o;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	json_t *j = rq->json;
	int rc = store_council_org_get(rq->db, params_get(&rq->caps, "code"), &o, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	if (!json_is_integer(json_object_get(j, "version")))
		field_errors_add(&fe, "version", "%s", _("'version' must be an integer"));
	o.version = jint("version", j);
	if (jstr("kind", j))
		o.kind = org_kind_parse(jstr("kind", j));
	if (jstr("name_ms", j))
		council_set_str(o.name_ms, sizeof(o.name_ms), jstr("name_ms", j), "name_ms", true, &fe);
	if (jstr("name_en", j))
		council_set_str(o.name_en, sizeof(o.name_en), jstr("name_en", j), "name_en", true, &fe);
	if (json_object_get(j, "parent"))
		council_set_str(o.parent, sizeof(o.parent), jstr("parent", j), "parent", false, &fe);
	rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_org_edit(rq->db, &rq->who, &o, &fe, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, err.msg[0] ? err.msg : _("the request is not valid"));
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, council_org_to_json(&o));
	field_errors_release(&fe);
}

void api_council_meeting(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct council_meeting m;
	struct quorum_report q;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_meeting_init(&m);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	if (!rc)
		rc = council_quorum(rq->db, id, &q, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		council_meeting_release(&m);
		return;
	}
	json_t *j = council_meeting_to_json(&m, council_may(&rq->who, COUNCIL_PEOPLE));
	if (!json_object_get(j, "agenda")) {
		json_t *agenda = json_array();
		for (size_t i = 0; i < m.agenda.n; i++)
			json_array_append_new(agenda, json_string(m.agenda.v[i]));
		json_object_set_new(j, "agenda", agenda);
	}
	json_object_set_new(j, "quorum", json_pack("{s:i,s:i,s:i,s:b}", "members", (int)q.members, "required",
		(int)q.required, "attending", (int)q.attending, "met", q.met));
	struct jlist docs = {json_array(), rq, NULL, DATE_NONE, 0, NULL}, decs = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	struct council_doc_filter df;
	council_doc_filter_init(&df);
	df.meeting_id = id;
	df.floor = council_doc_floor(&rq->who);
	store_council_doc_list(rq->db, &df, doc_json, &docs, &err);
	store_council_decision_list(rq->db, id, decision_json, &decs, &err);
	json_object_set_new(j, "documents", docs.arr);
	json_object_set_new(j, "decisions", decs.arr);
	web_json(rs, 200, j);
	council_meeting_release(&m);
}

void api_council_attendance(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	char mid[24];
	snprintf(mid, sizeof(mid), "%lld", (long long)id);
	struct council_meeting m;
	council_meeting_init(&m);
	int rc = id ? store_council_meeting_get(rq->db, id, &m, &err) : MAPO_ENOTFOUND;
	council_meeting_release(&m);
	if (!rc)
		rc = council_people_audit(rq->db, &rq->who, "council-meeting", mid, &err);
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (!rc)
		rc = store_council_attendance_list(rq->db, id, attendance_json, &l, &err);
	if (rc) {
		json_decref(l.arr);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "attendance", l.arr));
}

void api_council_attendance_put(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_attendance a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_attendance_init(&a);
	a.meeting_id = id_of(params_get(&rq->caps, "id"));
	a.person_id = jint("person_id", rq->json);
	a.status = attend_status_parse(jstr("status", rq->json));
	council_set_str(a.org, sizeof(a.org), jstr("org", rq->json), "org", false, &fe);
	council_set_str(a.represented_by, sizeof(a.represented_by), jstr("represented_by", rq->json), "represented_by",
		false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_attendance_put(rq->db, &rq->who, &a, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_attendance_to_json(&a));
	field_errors_release(&fe);
}

void api_council_decision_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_decision d;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_decision_init(&d);
	d.meeting_id = id_of(params_get(&rq->caps, "id"));
	council_set_str(d.text, sizeof(d.text), jstr("text", rq->json), "text", true, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_decision_add(rq->db, &rq->who, &d, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_decision_to_json(&d));
	field_errors_release(&fe);
}

void api_council_actions(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct council_action_filter f;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_date as_of;
	mapo_error_clear(&err);
	action_filter_from(rq, &f, &as_of, &fe);
	if (fe.n) {
		web_error(rq, rs, 422, "invalid", fe.v[0].msg);
		field_errors_release(&fe);
		return;
	}
	struct jlist l = {json_array(), rq, NULL, as_of, 0, NULL};
	if (store_council_action_list(rq->db, &f, action_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	char d[DATE_STRLEN];
	date_format(as_of, d);
	web_json(rs, 200, json_pack("{s:s,s:o}", "as_of", d, "actions", l.arr));
}

void api_council_action_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_action a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_action_init(&a);
	json_t *j = rq->json;
	a.decision_id = jint("decision_id", j);
	a.engagement_id = jint("engagement_id", j);
	council_set_str(a.org, sizeof(a.org), jstr("org", j), "org", false, &fe);
	council_set_str(a.title, sizeof(a.title), jstr("title", j), "title", false, &fe);
	a.due_on = date_of(jstr("due", j), "due", &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_action_add(rq->db, &rq->who, &a, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_action_to_json(&a, date_today()));
	field_errors_release(&fe);
}

void api_council_action_update(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct mapo_error err;
	struct council_action a;
	mapo_error_clear(&err);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	const char *st = jstr("status", rq->json);
	enum action_status status = st ? action_status_parse(st) : ACT_NONE;
	if (st && status == ACT_NONE) {
		web_error(rq, rs, 422, "invalid", _("the status must be open, in-progress, done or cancelled"));
		return;
	}
	int rc = council_action_note(rq->db, &rq->who, id, jint("version", rq->json), status, jstr("note", rq->json), &err);
	if (!rc)
		rc = store_council_action_get(rq->db, id, &a, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, council_action_to_json(&a, date_today()));
}

/* PUT: the owner, title and due date (null: none) against the version; the status changes
 * through /updates. Who may is asked before the body is looked at. */
void api_council_action_put(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs) || !web_need_object(rq, rs))
		return;
	struct council_action a;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	json_t *j = rq->json, *due;
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? store_council_action_get(rq->db, id, &a, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	if (!json_is_integer(json_object_get(j, "version")))
		field_errors_add(&fe, "version", "%s", _("'version' must be an integer"));
	a.version = jint("version", j);
	if (json_object_get(j, "org"))
		council_set_str(a.org, sizeof(a.org), jstr("org", j), "org", true, &fe);
	if (json_object_get(j, "title"))
		council_set_str(a.title, sizeof(a.title), jstr("title", j), "title", true, &fe);
	if ((due = json_object_get(j, "due"))) {
		if (json_is_null(due))
			a.due_on = DATE_NONE;
		else if (json_is_string(due))
			a.due_on = date_of(json_string_value(due), "due", &fe);
		else
			field_errors_add(&fe, "due", "%s", _("'due' must be a date (YYYY-MM-DD) or null"));
	}
	rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_action_edit(rq->db, &rq->who, &a, &fe, &err);
	if (rc == MAPO_EINVAL && fe.n)
		web_invalid(rs, &fe, err.msg[0] ? err.msg : _("the request is not valid"));
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, council_action_to_json(&a, date_today()));
	field_errors_release(&fe);
}

void api_council_engagements(struct web_req *rq, struct web_resp *rs)
{
	if (!may_read(rq, rs))
		return;
	struct mapo_error err;
	mapo_error_clear(&err);
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (store_council_engagement_list(rq->db, web_query(rq, "org"), engagement_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "engagements", l.arr));
}

void api_council_engagement_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_engagement e;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_engagement_init(&e);
	json_t *j = rq->json;
	e.held_on = date_of(jstr("date", j), "date", &fe);
	council_set_str(e.org, sizeof(e.org), jstr("org", j), "org", true, &fe);
	council_set_str(e.title, sizeof(e.title), jstr("title", j), "title", true, &fe);
	council_set_str(e.participants, sizeof(e.participants), jstr("participants", j), "participants", false, &fe);
	council_set_str(e.topics, sizeof(e.topics), jstr("topics", j), "topics", false, &fe);
	council_set_str(e.outcomes, sizeof(e.outcomes), jstr("outcomes", j), "outcomes", false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : council_engagement_add(rq->db, &rq->who, &e, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_engagement_to_json(&e));
	field_errors_release(&fe);
}

void api_council_person_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_person p;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_person_init(&p);
	json_t *j = rq->json;
	council_set_str(p.org, sizeof(p.org), params_get(&rq->caps, "code"), "org", true, &fe);
	council_set_str(p.name, sizeof(p.name), jstr("name", j), "name", true, &fe);
	council_set_str(p.title, sizeof(p.title), jstr("title", j), "title", false, &fe);
	council_set_str(p.email, sizeof(p.email), jstr("email", j), "email", false, &fe);
	council_set_str(p.phone, sizeof(p.phone), jstr("phone", j), "phone", false, &fe);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg)
		      : council_person_add(rq->db, &rq->who, &p, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_person_to_json(&p));
	field_errors_release(&fe);
}

void api_documents(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	struct council_doc_filter f;
	mapo_error_clear(&err);
	council_doc_filter_init(&f);
	f.floor = council_doc_floor(&rq->who);
	const char *k = web_query(rq, "kind");
	if (k && (f.kind = doc_kind_parse(k)) == DOCK_NONE) {
		web_error(rq, rs, 422, "invalid", _("unknown kind"));
		return;
	}
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	if (store_council_doc_list(rq->db, &f, doc_json, &l, &err)) {
		json_decref(l.arr);
		web_error_from(rq, rs, MAPO_ESTORE, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:o}", "documents", l.arr));
}

void api_document(struct web_req *rq, struct web_resp *rs)
{
	struct council_doc d;
	struct mapo_error err;
	mapo_error_clear(&err);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	int rc = id ? council_doc_get(rq->db, &rq->who, id, &d, &err) : MAPO_ENOTFOUND;
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	json_t *j = council_doc_to_json(&d);
	struct jlist l = {json_array(), rq, NULL, DATE_NONE, 0, NULL};
	store_council_file_list(rq->db, id, file_json, &l, &err);
	json_object_set_new(j, "file_list", l.arr);
	web_json(rs, 200, j);
}

void api_document_create(struct web_req *rq, struct web_resp *rs)
{
	if (!web_need_object(rq, rs) || !may_write(rq, rs))
		return;
	struct council_doc d;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_doc_init(&d);
	json_t *j = rq->json;
	d.kind = doc_kind_parse(jstr("kind", j));
	d.access = doc_access_parse(jstr("access", j));
	council_set_str(d.title_ms, sizeof(d.title_ms), jstr("title_ms", j), "title_ms", false, &fe);
	council_set_str(d.title_en, sizeof(d.title_en), jstr("title_en", j), "title_en", false, &fe);
	council_set_str(d.presenter, sizeof(d.presenter), jstr("presenter", j), "presenter", false, &fe);
	council_set_str(d.summary, sizeof(d.summary), jstr("summary", j), "summary", false, &fe);
	d.issued_on = date_of(jstr("issued_on", j), "issued_on", &fe);
	d.meeting_id = jint("meeting_id", j);
	int rc = fe.n ? mapo_error_set(&err, MAPO_EINVAL, "%s", fe.v[0].msg) : doc_create(rq, &d, NULL, &fe, &err);
	api_written(rq, rs, rc, &fe, &err, rc ? NULL : council_doc_to_json(&d));
	field_errors_release(&fe);
}

/* A file as multipart/form-data (field "file"). */
void api_document_file_add(struct web_req *rq, struct web_resp *rs)
{
	if (!may_write(rq, rs))
		return;
	struct council_doc d;
	struct council_file f;
	struct mapo_error err;
	mapo_error_clear(&err);
	council_file_init(&f);
	int64_t id = id_of(params_get(&rq->caps, "id"));
	const struct web_upload *up = upload_of(rq, "file");
	int rc = id ? council_doc_get(rq->db, &rq->who, id, &d, &err) : MAPO_ENOTFOUND;
	if (!rc && !up)
		rc = mapo_error_set(&err, MAPO_EINVAL, "%s", _("send the file as multipart/form-data in the field 'file'"));
	if (!rc) {
		const char *base = up->filename ? strrchr(up->filename, '/') : NULL;
		snprintf(f.filename, sizeof(f.filename), "%s", base ? base + 1 : up->filename ? up->filename : "");
		f.doc_id = id;
		f.data = (unsigned char *)up->data.data;
		f.size = up->data.len;
		rc = council_file_add(rq->db, &rq->who, &f, &err);
	}
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 201, council_file_to_json(&f));
}

void api_file(struct web_req *rq, struct web_resp *rs) { h_document_file(rq, rs); }
