/* Victim protection: the deadline board, the places of refuge with their occupancy, the victims
 * and their status, and their JSON (web/h_protection.h). Everything goes through
 * core/protection.h, which checks the role and narrows a partner's view to the persons it
 * referred (the victims list; the rest is not a partner's to see). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aftercare.h"
#include "core/protection.h"
#include "store/store_protection.h"
#include "web/chart.h"
#include "web/h_protection.h"
#include "web/handlers.h"

#define BOARD_DAYS_DEFAULT 14
#define OCCUPANCY_DAYS_MAX 92

/* ---- shared pieces --------------------------------------------------------------------------- */

/* A date from the query (absent: dflt); a field error when it is not a date. */
static mapo_date query_date(struct web_req *rq, const char *name, mapo_date dflt, struct field_errors *fe)
{
	const char *v = web_query(rq, name);
	mapo_date d;
	if (!v)
		return dflt;
	if (date_parse(v, &d)) {
		field_errors_add(fe, name, _("'%s' is not a date (YYYY-MM-DD)"), v);
		return dflt;
	}
	return d;
}

static int query_days(struct web_req *rq, const char *name, int dflt, struct field_errors *fe)
{
	const char *v = web_query(rq, name);
	long long n;
	if (!v)
		return dflt;
	if (parse_int(v, 0, 3650, &n)) {
		field_errors_add(fe, name, _("'%s' is not a number of days from 0 to 3650"), v);
		return dflt;
	}
	return (int)n;
}

bool protection_may(struct web_req *rq, struct web_resp *rs, enum protection_action a)
{
	if (access_may_protection(&rq->who, a))
		return true;
	web_error(rq, rs, 403, "forbidden", _("you may not see victim protection"));
	return false;
}

json_t *protection_jdate(mapo_date d)
{
	char s[DATE_STRLEN];
	if (d == DATE_NONE)
		return json_null();
	date_format(d, s);
	return json_string(s);
}

json_t *protection_order_json(const struct protection_order *o)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)o->id, "case_ref", o->case_ref,
		"person_ref", o->person_ref, "kind", o->kind, "section", o->section, "court", o->court, "start_date",
		protection_jdate(o->start_date), "end_date", protection_jdate(o->end_date), "outcome",
		o->outcome == OUTCOME_NONE ? json_null() : json_string(order_outcome_code(o->outcome)), "outcome_date",
		protection_jdate(o->outcome_date));
}

static int order_to_array(const struct protection_order *o, void *arg)
{
	json_array_append_new(arg, protection_order_json(o));
	return 0;
}

/* ---- the deadline board ------------------------------------------------------------------- */

struct board_ctx {
	struct web_req *rq;
	struct buf *o;
	mapo_date as_of;
	size_t n;
};

static int board_row(const struct protection_order *ord, void *arg)
{
	struct board_ctx *c = arg;
	char start[48], end[48];
	fmt_date_long(ord->start_date, c->rq->lang, start);
	fmt_date_long(ord->end_date, c->rq->lang, end);
	long long left = (long long)ord->end_date - c->as_of;
	tpl_printf(c->o, "<tr><td><a href=\"/protection/persons/%s\">%s</a></td><td><a href=\"/cases/%s\">%s</a></td>"
			 "<td>%s (s.%s)</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td>%s</td></tr>\n",
		ord->person_ref, ord->person_ref, ord->case_ref, ord->case_ref, ord->kind, ord->section, start, end, left,
		ord->court);
	c->n++;
	return 0;
}

static int board_table(struct web_req *rq, struct buf *o, const char *caption, const struct order_query *q,
	struct mapo_error *err)
{
	struct board_ctx c = {rq, o, q->as_of, 0};
	struct buf body = BUF_INIT;
	c.o = &body;
	int rc = protect_order_list(rq->db, &rq->who, q, board_row, &c, err);
	if (rc) {
		buf_release(&body);
		return rc;
	}
	tpl_printf(o, "<h2>%s</h2>\n", caption);
	if (!c.n) {
		tpl_printf(o, "<p>%s</p>\n", _("None."));
	} else {
		tpl_printf(o, "<div class=\"scroll\"><table class=\"data deadlines\"><thead><tr><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				"<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			_("Person"), _("Case"), _("Order"), _("Start"), _("End"), _("Days left"), _("Court"));
		buf_add(o, body.data, body.len); /* escaped by tpl_printf in board_row */
		tpl_raw(o, "</tbody></table></div>\n");
	}
	buf_release(&body);
	return 0;
}

void h_protection(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	char as_of_s[DATE_STRLEN], days_s[16];

	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	mapo_date as_of = query_date(rq, "as_of", date_today(), &fe);
	int days = query_days(rq, "days", BOARD_DAYS_DEFAULT, &fe);
	date_format(as_of, as_of_s);
	snprintf(days_s, sizeof(days_s), "%d", days);

	page_begin(rq, rs, _("Protection orders: deadlines"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Protection orders: deadlines"));
	tpl_printf(o, "<p><a href=\"/protection/victims\">%s</a> · <a href=\"/protection/shelters\">%s</a> · "
		      "<a href=\"/protection/aftercare\">%s</a></p>\n",
		_("Victims and their status"), _("Places of refuge"), _("After care: permits and repatriation"));
	tpl_printf(o, "<form method=\"get\" action=\"/protection\" class=\"period\" aria-label=\"%s\">",
		_("Choose the date and the window"));
	tpl_input(o, "as_of", _("As of"), "date", as_of_s, field_errors_get(&fe, "as_of"), false);
	tpl_input(o, "days", _("Ending within (days)"), "number", days_s, field_errors_get(&fe, "days"), false);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));

	struct order_query overdue = {ORDERS_OVERDUE, as_of, 0, NULL};
	struct order_query ending = {ORDERS_ENDING, as_of, days, NULL};
	char caption[160];
	snprintf(caption, sizeof(caption), Q_("Orders ending within %d day", "Orders ending within %d days", (unsigned long)days),
		days);
	int rc = board_table(rq, o, _("Orders past their end with no outcome recorded"), &overdue, &err);
	if (!rc)
		rc = board_table(rq, o, caption, &ending, &err);
	if (rc) {
		buf_reset(o);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	page_end(rq, rs, 200);
out:
	field_errors_release(&fe);
}

static int count_order(const struct protection_order *o, void *arg)
{
	(void)o;
	(*(long long *)arg)++;
	return 0;
}

void protection_panel(struct web_req *rq, struct buf *o)
{
	struct mapo_error err;
	long long overdue = 0, ending = 0, pending = 0;
	if (!access_may_protection(&rq->who, PROTECT_RECORD))
		return;
	mapo_date today = date_today();
	struct order_query q_over = {ORDERS_OVERDUE, today, 0, NULL};
	struct order_query q_end = {ORDERS_ENDING, today, BOARD_DAYS_DEFAULT, NULL};
	mapo_error_clear(&err);
	if (protect_order_list(rq->db, &rq->who, &q_over, count_order, &overdue, &err) ||
	    protect_order_list(rq->db, &rq->who, &q_end, count_order, &ending, &err) ||
	    protect_screening_pending(rq->db, &rq->who, NULL, today, &pending, &err))
		return; /* the panel is a summary: the board itself reports the error */
	char line1[160], line2[160], line3[160];
	snprintf(line1, sizeof(line1), Q_("%lld protection order is past its end with no outcome recorded.",
		"%lld protection orders are past their end with no outcome recorded.", (unsigned long)overdue), overdue);
	snprintf(line2, sizeof(line2), Q_("%lld ends within %d days.", "%lld end within %d days.", (unsigned long)ending),
		ending, BOARD_DAYS_DEFAULT);
	snprintf(line3, sizeof(line3), Q_("%lld admission to a place of refuge awaits its health screening.",
		"%lld admissions to places of refuge await their health screening.", (unsigned long)pending), pending);
	tpl_printf(o, "<section class=\"panel protection\" aria-labelledby=\"protection-panel\"><h2 id=\"protection-panel\">"
			"%s</h2><p class=\"%s\">%s %s <a href=\"/protection\">%s</a></p>"
			"<p class=\"%s\">%s <a href=\"/protection/shelters\">%s</a></p></section>\n",
		_("Protection orders"), overdue ? "warning" : "", line1, line2, _("See the deadline board"),
		pending ? "warning" : "", line3, _("See the places of refuge"));
}

/* ---- victims and their status --------------------------------------------------------------- */

#define VICTIMS_PAGE 100     /* rows on a page, and the API's default */
#define VICTIMS_API_MAX 1000 /* the API's largest limit */

/* The page of victims asked for: ?person=, ?limit= (1 to max; dflt), ?offset=. */
static void victim_query_of(struct web_req *rq, struct victim_query *q, long long dflt, long long max,
	struct field_errors *fe)
{
	const char *limit = web_query(rq, "limit"), *offset = web_query(rq, "offset");
	q->person_ref = web_query(rq, "person");
	q->limit = dflt;
	q->offset = 0;
	if (limit && parse_int(limit, 1, max, &q->limit)) {
		field_errors_add(fe, "limit", _("'%s' is not a number from 1 to %lld"), limit, max);
		q->limit = dflt;
	}
	if (offset && parse_int(offset, 0, INT64_MAX, &q->offset)) {
		field_errors_add(fe, "offset", _("'%s' is not a number of rows to skip"), offset);
		q->offset = 0;
	}
}

/* A page's rows: the list is asked for one row more than the page holds, which is not shown and
 * only says there is a next page (counting every role would read them all). */
struct victims_ctx {
	struct web_req *rq;
	struct buf *o;
	size_t n, page;
	bool more;
};

static int victim_row(const struct victim_row *v, void *arg)
{
	struct victims_ctx *c = arg;
	if (c->n == c->page) {
		c->more = true;
		return 0;
	}
	char rescued[48], sex[2] = {v->sex, '\0'};
	struct buf href = BUF_INIT;
	url_encode(&href, v->person_ref, true);
	fmt_date_long(v->rescue_date, c->rq->lang, rescued);
	tpl_printf(c->o, "<tr><td><a href=\"/protection/persons/%s\">%s</a></td><td>%s</td><td>%s</td><td>%s</td>"
			 "<td>%s</td><td>%s</td></tr>\n",
		buf_str(&href), v->person_ref, v->case_ref, trafficking_status_name(v->status, c->rq->lang), sex,
		v->nationality[0] ? refdata_name(c->rq->rd, REF_COUNTRY, v->nationality, c->rq->lang) : "", rescued);
	buf_release(&href);
	c->n++;
	return 0;
}

/* GET /protection/victims: the victims the principal may see (a partner: the persons it referred
 * in) with their trafficking status, VICTIMS_PAGE a page, ?offset= for the next. */
void h_protection_victims(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct victim_query q;
	struct buf body = BUF_INIT;
	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_READ))
		goto out;
	victim_query_of(rq, &q, VICTIMS_PAGE, VICTIMS_PAGE, &fe);
	q.person_ref = NULL;
	struct victims_ctx c = {rq, &body, 0, (size_t)q.limit, false};
	q.limit++;
	int rc = protect_victim_list(rq->db, &rq->who, &q, victim_row, &c, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	page_begin(rq, rs, _("Victims and their status"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Victims and their status"));
	tpl_printf(o, "<p><a href=\"/protection/identity-search\">%s</a>", _("Find a person by identity or passport number"));
	if (access_may_protection(&rq->who, PROTECT_RECORD))
		tpl_printf(o, " · <a href=\"/protection\">%s</a>", _("Protection orders: deadlines"));
	tpl_raw(o, "</p>\n");
	if (!c.n) {
		tpl_printf(o, "<p>%s</p>\n", _("None recorded."));
	} else {
		char range[160];
		snprintf(range, sizeof(range), _("Victim roles %lld to %lld."), q.offset + 1, q.offset + (long long)c.n);
		tpl_printf(o, "<p>%s</p>\n", range);
		tpl_printf(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			_("Person"), _("Case"), _("Trafficking status"), _("Sex"), _("Nationality"), _("Rescued on"));
		buf_add(o, body.data, body.len); /* escaped by tpl_printf in victim_row */
		tpl_raw(o, "</tbody></table></div>\n<p>");
		if (q.offset > 0)
			tpl_printf(o, "<a href=\"/protection/victims?offset=%lld\" rel=\"prev\">%s</a> ",
				q.offset > VICTIMS_PAGE ? q.offset - VICTIMS_PAGE : 0, _("Previous"));
		if (c.more)
			tpl_printf(o, "<a href=\"/protection/victims?offset=%lld\" rel=\"next\">%s</a>",
				q.offset + (long long)c.n, _("Next"));
		tpl_raw(o, "</p>\n");
	}
	page_end(rq, rs, fe.n ? 422 : 200);
out:
	buf_release(&body);
	field_errors_release(&fe);
}

/* ---- places of refuge --------------------------------------------------------------------- */

struct shelters_ctx {
	struct web_req *rq;
	struct shelter *v;
	size_t n, alloc;
};

static int collect_shelter(const struct shelter *sh, void *arg)
{
	struct shelters_ctx *c = arg;
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n++] = *sh;
	return 0;
}

static const char *serves_name(enum shelter_serves s)
{
	static const char *const names[] = {N_("women"), N_("men"), N_("children")};
	return s >= 0 && s < 3 ? _(names[s]) : "";
}

static const char *operator_name(enum shelter_operator o)
{
	static const char *const names[] = {N_("government"), N_("non-governmental organisation")};
	return o >= 0 && o < 2 ? _(names[o]) : "";
}

void h_protection_shelters(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct shelters_ctx c = {rq, NULL, 0, 0};
	struct mapo_error err;
	long long *counts = NULL;
	char **xlabels = NULL;
	int rc;

	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	mapo_date to = query_date(rq, "to", date_today(), &fe);
	mapo_date from = query_date(rq, "from", to - 29, &fe);
	if (to < from || to - from >= OCCUPANCY_DAYS_MAX) {
		field_errors_add(&fe, "from", _("the period must run forwards, %d days at most"), OCCUPANCY_DAYS_MAX);
		to = date_today();
		from = to - 29;
	}
	if ((rc = store_shelter_list(rq->db, collect_shelter, &c, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	size_t ndays = (size_t)(to - from + 1);
	counts = xcalloc(ndays, sizeof(*counts));
	xlabels = xcalloc(ndays, sizeof(*xlabels));
	for (size_t i = 0; i < ndays; i++) {
		char d[DATE_STRLEN];
		date_format(from + (mapo_date)i, d);
		xlabels[i] = xstrdup(d + 5); /* MM-DD */
	}

	char from_s[DATE_STRLEN], to_s[DATE_STRLEN];
	date_format(from, from_s);
	date_format(to, to_s);
	page_begin(rq, rs, _("Places of refuge"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Places of refuge"));
	tpl_printf(o, "<p><a href=\"/protection\">%s</a></p>\n", _("Protection orders: deadlines"));
	tpl_printf(o, "<form method=\"get\" action=\"/protection/shelters\" class=\"period\" aria-label=\"%s\">",
		_("Choose a period"));
	tpl_input(o, "from", _("From"), "date", from_s, field_errors_get(&fe, "from"), false);
	tpl_input(o, "to", _("To"), "date", to_s, field_errors_get(&fe, "to"), false);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));
	if (!c.n)
		tpl_printf(o, "<p>%s</p>\n", _("No places of refuge are recorded."));
	for (size_t i = 0; i < c.n; i++) {
		const struct shelter *sh = &c.v[i];
		if ((rc = protect_occupancy(rq->db, &rq->who, sh->code, from, to, counts, &err))) {
			buf_reset(o);
			web_error_from(rq, rs, rc, &err);
			goto out;
		}
		long long peak = 0, over = 0;
		for (size_t d = 0; d < ndays; d++) {
			if (counts[d] > peak)
				peak = counts[d];
			if (counts[d] > sh->capacity)
				over++;
		}
		tpl_printf(o, "<section class=\"shelter\"><h2>%s (%s)</h2>\n<p>", sh->name, sh->code);
		tpl_printf(o, _("%s; for %s; capacity %d; staying on %s: %lld; highest: %lld."), operator_name(sh->operator_kind),
			serves_name(sh->serves), sh->capacity, to_s, counts[ndays - 1], peak);
		if (over) {
			char line[128];
			snprintf(line, sizeof(line), Q_("Over capacity on %lld day.", "Over capacity on %lld days.",
				(unsigned long)over), over);
			tpl_printf(o, " <strong class=\"warning\">%s</strong>", line);
		}
		tpl_raw(o, "</p>\n");
		char id[CODE_MAX + 8], title[256];
		snprintf(id, sizeof(id), "occ-%s", sh->code);
		snprintf(title, sizeof(title), _("Persons staying in %s, %s to %s"), sh->code, from_s, to_s);
		struct chart_series series = {_("Staying"), counts};
		chart_bars(o, id, title, _("The numbers as a table"), (const char *const *)xlabels, ndays, &series, 1);
		tpl_raw(o, "</section>\n");
	}
	page_end(rq, rs, 200);
out:
	if (xlabels)
		for (size_t i = 0; i < (size_t)(to - from + 1); i++)
			free(xlabels[i]);
	free(xlabels);
	free(counts);
	free(c.v);
	field_errors_release(&fe);
}

/* ---- /api/v1/protection ---------------------------------------------------------------------- */

void api_protection_orders(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct order_query q = {ORDERS_ALL, DATE_NONE, 0, web_query(rq, "person")};

	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	const char *which = web_query(rq, "which");
	if (!which || !strcmp(which, "all"))
		q.which = ORDERS_ALL;
	else if (!strcmp(which, "ending"))
		q.which = ORDERS_ENDING;
	else if (!strcmp(which, "overdue"))
		q.which = ORDERS_OVERDUE;
	else
		field_errors_add(&fe, "which", _("unknown list '%s': all, ending or overdue"), which);
	q.as_of = query_date(rq, "as_of", date_today(), &fe);
	q.days = query_days(rq, "days", BOARD_DAYS_DEFAULT, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	json_t *arr = json_array();
	int rc = protect_order_list(rq->db, &rq->who, &q, order_to_array, arr, &err);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, arr);
out:
	field_errors_release(&fe);
}

static int victim_to_array(const struct victim_row *v, void *arg)
{
	char sex[2] = {v->sex, '\0'};
	json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "case_ref", v->case_ref, "person_ref",
		v->person_ref, "trafficking_status", trafficking_status_code(v->status), "sex", sex, "nationality",
		v->nationality[0] ? json_string(v->nationality) : json_null(), "rescue_date", protection_jdate(v->rescue_date)));
	return 0;
}

/* GET /api/v1/protection/victims: a page of the victim roles (?person=, ?limit=, ?offset=), and
 * whether more follow. */
void api_protection_victims(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct victim_query q;
	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_READ))
		goto out;
	victim_query_of(rq, &q, VICTIMS_PAGE, VICTIMS_API_MAX, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	json_t *arr = json_array();
	q.limit++; /* one more: is there a next page? */
	int rc = protect_victim_list(rq->db, &rq->who, &q, victim_to_array, arr, &err);
	q.limit--;
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	bool more = json_array_size(arr) > (size_t)q.limit;
	if (more)
		json_array_remove(arr, (size_t)q.limit);
	web_json(rs, 200, json_pack("{s:I,s:I,s:b,s:o}", "limit", (json_int_t)q.limit, "offset", (json_int_t)q.offset,
		"more", more, "victims", arr));
out:
	field_errors_release(&fe);
}

struct shelter_json_ctx {
	store *db;
	json_t *arr;
	mapo_date as_of;
};

static int shelter_to_array(const struct shelter *sh, void *arg)
{
	struct shelter_json_ctx *c = arg;
	struct mapo_error err;
	long long n = 0;
	int rc = store_shelter_occupancy(c->db, sh->id, c->as_of, &n, &err);
	if (rc)
		return rc;
	json_array_append_new(c->arr, json_pack("{s:s,s:s,s:s,s:s,s:i,s:o,s:I}", "code", sh->code, "name", sh->name,
		"operator", shelter_operator_code(sh->operator_kind), "serves", shelter_serves_code(sh->serves), "capacity",
		sh->capacity, "state", sh->state[0] ? json_string(sh->state) : json_null(), "staying", (json_int_t)n));
	return 0;
}

void api_protection_shelters(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	struct shelter_json_ctx c = {rq->db, NULL, query_date(rq, "as_of", date_today(), &fe)};
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	c.arr = json_array();
	int rc = store_shelter_list(rq->db, shelter_to_array, &c, &err);
	if (rc) {
		json_decref(c.arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, c.arr);
out:
	field_errors_release(&fe);
}

void api_protection_occupancy(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	long long *counts = NULL;
	const char *code = params_get(&rq->caps, "code");

	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	mapo_date to = query_date(rq, "to", date_today(), &fe);
	mapo_date from = query_date(rq, "from", to - 29, &fe);
	if (!fe.n && (to < from || to - from >= 3660))
		field_errors_add(&fe, "from", "%s", _("the period must run forwards, ten years at most"));
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	counts = xcalloc((size_t)(to - from + 1), sizeof(*counts));
	int rc = protect_occupancy(rq->db, &rq->who, code ? code : "", from, to, counts, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	json_t *days = json_array();
	for (mapo_date d = from; d <= to; d++)
		json_array_append_new(days, json_pack("{s:o,s:I}", "date", protection_jdate(d), "staying", (json_int_t)counts[d - from]));
	web_json(rs, 200, json_pack("{s:s,s:o,s:o,s:o}", "code", code ? code : "", "from", protection_jdate(from), "to", protection_jdate(to),
		"days", days));
out:
	free(counts);
	field_errors_release(&fe);
}
