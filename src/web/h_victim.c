/* A victim's protection record: the person's page and its forms, the after-care list, and the
 * same writes and lists as JSON (web/h_victim.h). One table of writes (ops[]) drives both faces:
 * its fields are the form's inputs and the JSON object's members. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aftercare.h"
#include "core/protection.h"
#include "store/store_protection.h"
#include "web/h_victim.h"
#include "web/handlers.h"

/* ---- small pieces ------------------------------------------------------------------------------ */

static json_t *jdate(mapo_date d)
{
	char s[DATE_STRLEN];
	if (d == DATE_NONE)
		return json_null();
	date_format(d, s);
	return json_string(s);
}

static json_t *jstr_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static void api_invalid(struct web_resp *rs, const struct field_errors *fe)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < fe->n; i++)
		json_array_append_new(fields, json_pack("{s:s,s:s}", "field", fe->v[i].field, "message", fe->v[i].msg));
	web_json(rs, 422, json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
		fe->n ? fe->v[0].msg : _("the request is not valid"), "fields", fields));
}

static const char *field_msg(const struct field_errors *fe, const char *field)
{
	for (size_t i = 0; fe && i < fe->n; i++)
		if (!strcmp(fe->v[i].field, field))
			return fe->v[i].msg;
	return NULL;
}

static int64_t id_of(const char *s)
{
	long long n;
	return s && !parse_int(s, 1, INT64_MAX, &n) ? n : 0;
}

static bool is_api(const struct web_req *rq) { return rq->route && (rq->route->flags & RF_API); }

/* The key for personal data, read per request (a rotation takes effect without a restart); NULL
 * when this server has none. */
static vault *open_key(struct web_req *rq)
{
	struct mapo_error err;
	vault *v = NULL;
	char *path = vault_key_path(NULL, rq->cfg->db_path);
	if (vault_open(&v, path, &err))
		v = NULL;
	free(path);
	return v;
}

static void no_key(struct web_req *rq, struct web_resp *rs)
{
	web_error(rq, rs, 503, "unavailable", _("the key for personal data is not available on this server"));
}

static void person_link(struct buf *o, const char *person_ref)
{
	struct buf href = BUF_INIT;
	url_encode(&href, person_ref, true);
	tpl_printf(o, "<a href=\"/protection/persons/%s\">%s</a>", buf_str(&href), person_ref);
	buf_release(&href);
}

/* ---- the writes -------------------------------------------------------------------------------- */

enum ftype { F_TEXT, F_DATE, F_SELECT, F_NUMBER, F_AREA, F_HIDDEN };

struct field {
	const char *name;  /* the form input's and the JSON member's name */
	const char *label; /* N_() */
	enum ftype type;
	const char *const *codes; /* F_SELECT */
	size_t ncodes;
	bool required;
};

enum op_id { OP_ORDER = 0, OP_OUTCOME, OP_ADMIT, OP_DISCHARGE, OP_REFERRAL, OP_DECIDE, OP_PERMIT, OP_PERMIT_EDIT,
	OP_REPAT, OP_REPAT_EDIT, OP__COUNT };

struct op_spec {
	const char *form;    /* the form's id on the page */
	const char *title;   /* N_(): the form's heading and button */
	const char *path;    /* where the page form posts ("%lld" for the record's id) */
	const struct field *fields;
	size_t nfields;
	const char *dflt_field; /* where a core message that names no field goes */
	bool by_id;             /* acts on a record named in the path */
};

static const char *const outcome_codes[] = {"released", "immigration", "repatriated", "placed-elsewhere"};
static const char *const dir_codes[] = {"in", "out"};
static const char *const service_codes[] = {"identification", "shelter", "medical", "psychosocial", "legal-aid",
	"interpreter", "allowance", "skills", "other"};
static const char *const status_codes[] = {"pending", "accepted", "refused"};
static const char *const decision_codes[] = {"accepted", "refused"};
static const char *const permit_kinds[] = {"movement", "work"};
static const char *const permit_states[] = {"active", "revoked", "ended"};

#define NF(a) (sizeof(a) / sizeof((a)[0]))
#define SELECT(codes) F_SELECT, codes, NF(codes)

static const struct field order_fields[] = {
	{"case_ref", N_("Case"), F_TEXT, NULL, 0, true},
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"kind", N_("Kind of order"), F_SELECT, NULL, 0, true}, /* the kinds come from the store */
	{"court", N_("Court"), F_TEXT, NULL, 0, true},
	{"start_date", N_("Start (empty: when the running order ends)"), F_DATE, NULL, 0, false},
	{"end_date", N_("End (empty: the longest the Act allows)"), F_DATE, NULL, 0, false},
};
static const struct field outcome_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, false},
	{"outcome", N_("Outcome"), SELECT(outcome_codes), true},
	{"date", N_("Date"), F_DATE, NULL, 0, true},
};
static const struct field admit_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"shelter", N_("Place of refuge"), F_SELECT, NULL, 0, true}, /* the shelters come from the store */
	{"date", N_("Admitted on"), F_DATE, NULL, 0, true},
};
static const struct field discharge_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"date", N_("Discharged on"), F_DATE, NULL, 0, true},
};
static const struct field referral_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"direction", N_("Direction"), SELECT(dir_codes), true},
	{"org", N_("Organisation"), F_TEXT, NULL, 0, true},
	{"service", N_("Service"), SELECT(service_codes), true},
	{"date", N_("Referred on"), F_DATE, NULL, 0, true},
	{"status", N_("Status"), SELECT(status_codes), false},
};
static const struct field decide_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, false},
	{"status", N_("Decision"), SELECT(decision_codes), true},
	{"date", N_("Decided on"), F_DATE, NULL, 0, true},
};
static const struct field permit_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"kind", N_("Permit"), SELECT(permit_kinds), true},
	{"employer", N_("Employer (work permits)"), F_TEXT, NULL, 0, false},
	{"risk_assessed_on", N_("Risk assessed on"), F_DATE, NULL, 0, true},
	{"medical_on", N_("Medical screening on"), F_DATE, NULL, 0, true},
	{"mental_health_on", N_("Mental-health evaluation on"), F_DATE, NULL, 0, true},
	{"valid_from", N_("Valid from"), F_DATE, NULL, 0, true},
	{"valid_to", N_("Valid to"), F_DATE, NULL, 0, false},
};
static const struct field permit_edit_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, false},
	{"version", N_("Version"), F_HIDDEN, NULL, 0, true},
	{"valid_to", N_("Valid to (empty: open-ended)"), F_DATE, NULL, 0, false},
	{"employer", N_("Employer (empty: unchanged)"), F_TEXT, NULL, 0, false},
	{"status", N_("Status"), SELECT(permit_states), false},
};
static const struct field repat_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"destination", N_("Destination (country code, e.g. IDN)"), F_TEXT, NULL, 0, true},
	{"date", N_("Date"), F_DATE, NULL, 0, true},
	{"org", N_("Assisting organisation"), F_TEXT, NULL, 0, true},
	{"follow_up", N_("Follow-up"), F_AREA, NULL, 0, false},
};
static const struct field repat_edit_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, false},
	{"version", N_("Version"), F_HIDDEN, NULL, 0, true},
	{"destination", N_("Destination (country code, e.g. IDN)"), F_TEXT, NULL, 0, false},
	{"date", N_("Date"), F_DATE, NULL, 0, false},
	{"org", N_("Assisting organisation"), F_TEXT, NULL, 0, false},
	{"follow_up", N_("Follow-up (empty: unchanged)"), F_AREA, NULL, 0, false},
};

static const struct op_spec ops[OP__COUNT] = {
	[OP_ORDER] = {"order", N_("Record a court order"), "/protection/orders", order_fields, NF(order_fields),
		"person_ref", false},
	[OP_OUTCOME] = {"outcome", N_("Record the outcome"), "/protection/orders/%lld/outcome", outcome_fields,
		NF(outcome_fields), "outcome", true},
	[OP_ADMIT] = {"admit", N_("Admit to a place of refuge"), "/protection/admissions", admit_fields,
		NF(admit_fields), "date", false},
	[OP_DISCHARGE] = {"discharge", N_("Discharge"), "/protection/discharges", discharge_fields,
		NF(discharge_fields), "date", false},
	[OP_REFERRAL] = {"referral", N_("Record a referral"), "/protection/referrals", referral_fields,
		NF(referral_fields), "org", false},
	[OP_DECIDE] = {"decide", N_("Record the decision"), "/protection/referrals/%lld/decision", decide_fields,
		NF(decide_fields), "status", true},
	[OP_PERMIT] = {"permit", N_("Record an s.51A permit"), "/protection/permits", permit_fields,
		NF(permit_fields), "valid_from", false},
	[OP_PERMIT_EDIT] = {"permit-edit", N_("Update the permit"), "/protection/permits/%lld", permit_edit_fields,
		NF(permit_edit_fields), "version", true},
	[OP_REPAT] = {"repat", N_("Record a repatriation"), "/protection/repatriations", repat_fields,
		NF(repat_fields), "date", false},
	[OP_REPAT_EDIT] = {"repat-edit", N_("Update the repatriation"), "/protection/repatriations/%lld",
		repat_edit_fields, NF(repat_edit_fields), "version", true},
};

/* What a write made, for the answer. */
struct result {
	int64_t id;
	unsigned warnings;
	char person_ref[PERSON_REF_MAX];
	json_t *json; /* the API's answer body */
	int status;   /* the API's status: 201 made, 200 changed */
};

/* A field's value: NULL when absent; "" when sent empty. */
static const char *val(const struct params *in, const char *name) { return params_get(in, name); }
static const char *nonempty(const struct params *in, const char *name) { return params_get_nonempty(in, name); }

static mapo_date date_in(const struct params *in, const char *name, bool required, struct field_errors *fe)
{
	const char *v = nonempty(in, name);
	mapo_date d = DATE_NONE;
	if (!v) {
		if (required)
			field_errors_add(fe, name, "%s", _("a date is needed"));
		return DATE_NONE;
	}
	if (date_parse(v, &d)) {
		field_errors_add(fe, name, _("'%s' is not a date (YYYY-MM-DD)"), v);
		return DATE_NONE;
	}
	return d;
}

/* Copies a required or optional text field into out (size bytes). */
static void text_in(const struct params *in, const char *name, bool required, char *out, size_t size,
	struct field_errors *fe)
{
	const char *v = nonempty(in, name);
	out[0] = '\0';
	if (!v) {
		if (required)
			field_errors_add(fe, name, "%s", _("this is needed"));
		return;
	}
	if (strlen(v) >= size)
		field_errors_add(fe, name, _("at most %zu bytes"), size - 1);
	else
		snprintf(out, size, "%s", v);
}

static int code_in(const struct params *in, const char *name, const char *const *codes, size_t n, bool required,
	struct field_errors *fe)
{
	const char *v = nonempty(in, name);
	if (!v) {
		if (required)
			field_errors_add(fe, name, "%s", _("choose one"));
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, codes[i]))
			return (int)i;
	field_errors_add(fe, name, _("unknown value '%s'"), v);
	return -1;
}

/* A core message "field: text" goes beside that field when the write has it, else beside the
 * write's usual field. */
static void core_field(const struct op_spec *op, const struct mapo_error *err, struct field_errors *fe)
{
	static const struct {
		const char *core, *field;
	} alias[] = {{"from", "valid_from"}, {"to", "valid_to"}, {"start", "start_date"}, {"end", "end_date"}};
	const char *colon = strstr(err->msg, ": ");
	if (colon) {
		size_t n = (size_t)(colon - err->msg);
		for (size_t i = 0; i < op->nfields; i++)
			if (strlen(op->fields[i].name) == n && !strncmp(err->msg, op->fields[i].name, n)) {
				field_errors_add(fe, op->fields[i].name, "%s", colon + 2);
				return;
			}
		for (size_t i = 0; i < NF(alias); i++)
			if (strlen(alias[i].core) == n && !strncmp(err->msg, alias[i].core, n)) {
				field_errors_add(fe, alias[i].field, "%s", colon + 2);
				return;
			}
	}
	field_errors_add(fe, op->dflt_field, "%s", err->msg);
}

/* Where pre_check's record lookups put the record's person. */
struct person_cb_ctx {
	char *out;
};
static int permit_person(const struct permit_rec *m, void *arg)
{
	snprintf(((struct person_cb_ctx *)arg)->out, PERSON_REF_MAX, "%s", m->person_ref);
	return 0;
}
static int repat_person(const struct repat_rec *r, void *arg)
{
	snprintf(((struct person_cb_ctx *)arg)->out, PERSON_REF_MAX, "%s", r->person_ref);
	return 0;
}

/* The checks made before anything sent is looked at: the role's right (MAPO_EDENIED), then the
 * record (by id) and the person in full view (MAPO_ENOTFOUND). Sets r->person_ref. */
static int pre_check(struct web_req *rq, enum op_id op, int64_t id, const struct params *in, struct result *r,
	struct mapo_error *err)
{
	if (!access_may_protection(&rq->who, PROTECT_EDIT))
		return mapo_error_set(err, MAPO_EDENIED, "%s", _("you may not change victim protection records"));
	if (ops[op].by_id && !id)
		return mapo_error_set(err, MAPO_ENOTFOUND, "%s", _("no such record"));
	struct person_cb_ctx pc = {r->person_ref};
	const char *person = NULL;
	int rc = 0;
	switch (op) {
	case OP_PERMIT_EDIT:
		rc = aftercare_permit_get(rq->db, NULL, &rq->who, id, permit_person, &pc, err);
		person = r->person_ref;
		break;
	case OP_REPAT_EDIT:
		rc = aftercare_repatriation_get(rq->db, NULL, &rq->who, id, repat_person, &pc, err);
		person = r->person_ref;
		break;
	case OP_OUTCOME:
	case OP_DECIDE:
		/* the order or referral is found by the core; the person only names the page to go back to */
		snprintf(r->person_ref, sizeof(r->person_ref), "%s", nonempty(in, "person_ref") ? nonempty(in, "person_ref") : "");
		return 0;
	default:
		person = nonempty(in, "person_ref");
		if (person)
			snprintf(r->person_ref, sizeof(r->person_ref), "%s", person);
		break;
	}
	if (rc)
		return rc;
	/* a missing person is the validation's to report */
	return person ? aftercare_may_act(rq->db, &rq->who, PROTECT_EDIT, person, err) : 0;
}

static json_t *order_json(const struct protection_order *o)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)o->id, "case_ref", o->case_ref,
		"person_ref", o->person_ref, "kind", o->kind, "section", o->section, "court", o->court, "start_date",
		jdate(o->start_date), "end_date", jdate(o->end_date), "outcome",
		o->outcome == OUTCOME_NONE ? json_null() : json_string(order_outcome_code(o->outcome)), "outcome_date",
		jdate(o->outcome_date));
}

static json_t *referral_json(const struct referral *x)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o}", "id", (json_int_t)x->id, "person_ref", x->person_ref,
		"direction", referral_dir_code(x->dir), "org", x->org, "service", x->service, "referred_on",
		jdate(x->referred_on), "status", referral_status_code(x->status), "decided_on", jdate(x->decided_on));
}

static json_t *permit_json(const struct permit_rec *m)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:i,s:b,s:o}", "id", (json_int_t)m->id, "person_ref",
		m->person_ref, "kind", m->work ? "work" : "movement", "risk_assessed_on", jdate(m->risk_assessed_on),
		"medical_on", jdate(m->medical_on), "mental_health_on", jdate(m->mental_health_on), "valid_from",
		jdate(m->valid_from), "valid_to", jdate(m->valid_to), "status", permit_status_code(m->status), "version",
		m->version, "has_employer", m->has_employer, "employer", jstr_or_null(m->employer));
}

static json_t *repat_json(const struct repat_rec *x)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s,s:i,s:b,s:o}", "id", (json_int_t)x->id, "person_ref", x->person_ref,
		"destination", x->destination, "date", jdate(x->on_date), "org", x->org, "version", x->version,
		"has_follow_up", x->has_follow_up, "follow_up", jstr_or_null(x->follow_up));
}

static int permit_to_json(const struct permit_rec *m, void *arg)
{
	*(json_t **)arg = permit_json(m);
	return 0;
}

static int repat_to_json(const struct repat_rec *x, void *arg)
{
	*(json_t **)arg = repat_json(x);
	return 0;
}

/* run_op's answer when a note must be sealed and this server has no key (503): positive, so
 * that it is never one of the store's own errors. */
#define NO_KEY 1

/* Runs write op with the values in: the checks of pre_check first, then the values, then the
 * core. Field problems go to fe (MAPO_EINVAL). */
static int run_op(struct web_req *rq, enum op_id op, int64_t id, const struct params *in, struct field_errors *fe,
	struct result *r, struct mapo_error *err)
{
	int rc = pre_check(rq, op, id, in, r, err);
	vault *v = NULL;
	if (rc)
		return rc;
	r->status = 200;
	switch (op) {
	case OP_ORDER: {
		struct protection_order o;
		struct order_kinds kinds;
		protection_order_init(&o);
		order_kinds_init(&kinds);
		text_in(in, "case_ref", true, o.case_ref, sizeof(o.case_ref), fe);
		text_in(in, "person_ref", true, o.person_ref, sizeof(o.person_ref), fe);
		text_in(in, "kind", true, o.kind, sizeof(o.kind), fe);
		text_in(in, "court", true, o.court, sizeof(o.court), fe);
		o.start_date = date_in(in, "start_date", false, fe);
		o.end_date = date_in(in, "end_date", false, fe);
		if (fe->n) {
			rc = MAPO_EINVAL;
		} else if (!(rc = store_order_kinds_load(rq->db, &kinds, err)) &&
			   !(rc = protect_order_add(rq->db, &rq->who, &kinds, &o, err))) {
			r->id = o.id;
			r->json = order_json(&o);
			r->status = 201;
		}
		order_kinds_release(&kinds);
		break;
	}
	case OP_OUTCOME: {
		int oc = code_in(in, "outcome", outcome_codes, NF(outcome_codes), true, fe);
		mapo_date on = date_in(in, "date", true, fe);
		if (fe->n)
			return MAPO_EINVAL;
		if (!(rc = protect_order_outcome(rq->db, &rq->who, id, order_outcome_parse(outcome_codes[oc]), on, err)))
			r->json = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "outcome", outcome_codes[oc],
				"outcome_date", jdate(on));
		break;
	}
	case OP_ADMIT: {
		char shelter[CODE_MAX], person[PERSON_REF_MAX];
		text_in(in, "person_ref", true, person, sizeof(person), fe);
		text_in(in, "shelter", true, shelter, sizeof(shelter), fe);
		mapo_date on = date_in(in, "date", true, fe);
		if (fe->n)
			return MAPO_EINVAL;
		if (!(rc = protect_admit(rq->db, &rq->who, shelter, person, on, &r->warnings, err))) {
			json_t *w = json_array();
			if (r->warnings & SHELTER_WARN_CAPACITY)
				json_array_append_new(w, json_string("capacity"));
			if (r->warnings & SHELTER_WARN_SEPARATION)
				json_array_append_new(w, json_string("separation"));
			r->json = json_pack("{s:s,s:s,s:o,s:o}", "person_ref", person, "shelter", shelter, "admitted_on",
				jdate(on), "warnings", w);
			r->status = 201;
		}
		break;
	}
	case OP_DISCHARGE: {
		char person[PERSON_REF_MAX];
		text_in(in, "person_ref", true, person, sizeof(person), fe);
		mapo_date on = date_in(in, "date", true, fe);
		if (fe->n)
			return MAPO_EINVAL;
		if (!(rc = protect_discharge(rq->db, &rq->who, person, on, err)))
			r->json = json_pack("{s:s,s:o}", "person_ref", person, "discharged_on", jdate(on));
		break;
	}
	case OP_REFERRAL: {
		struct referral x;
		memset(&x, 0, sizeof(x));
		text_in(in, "person_ref", true, x.person_ref, sizeof(x.person_ref), fe);
		int dir = code_in(in, "direction", dir_codes, NF(dir_codes), true, fe);
		text_in(in, "org", true, x.org, sizeof(x.org), fe);
		int service = code_in(in, "service", service_codes, NF(service_codes), true, fe);
		x.referred_on = date_in(in, "date", true, fe);
		int st = code_in(in, "status", status_codes, NF(status_codes), false, fe);
		if (fe->n)
			return MAPO_EINVAL;
		x.dir = (enum referral_dir)dir;
		snprintf(x.service, sizeof(x.service), "%s", service_codes[service]);
		x.status = st < 0 ? REFERRAL_PENDING : (enum referral_status)st;
		x.decided_on = x.status == REFERRAL_PENDING ? DATE_NONE : x.referred_on;
		if (!(rc = protect_referral_add(rq->db, &rq->who, &x, err))) {
			r->id = x.id;
			r->json = referral_json(&x);
			r->status = 201;
		}
		break;
	}
	case OP_DECIDE: {
		int st = code_in(in, "status", decision_codes, NF(decision_codes), true, fe);
		mapo_date on = date_in(in, "date", true, fe);
		if (fe->n)
			return MAPO_EINVAL;
		enum referral_status status = st == 0 ? REFERRAL_ACCEPTED : REFERRAL_REFUSED;
		if (!(rc = protect_referral_decide(rq->db, &rq->who, id, status, on, err)))
			r->json = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "status", referral_status_code(status),
				"decided_on", jdate(on));
		break;
	}
	case OP_PERMIT: {
		struct movement_permit m;
		memset(&m, 0, sizeof(m));
		text_in(in, "person_ref", true, m.person_ref, sizeof(m.person_ref), fe);
		int kind = code_in(in, "kind", permit_kinds, NF(permit_kinds), true, fe);
		m.employer = nonempty(in, "employer");
		if (m.employer && (strlen(m.employer) > AFTERCARE_NOTE_MAX || !utf8_valid(m.employer, strlen(m.employer))))
			field_errors_add(fe, "employer", _("not UTF-8 text of at most %d bytes"), AFTERCARE_NOTE_MAX);
		m.risk_assessed_on = date_in(in, "risk_assessed_on", true, fe);
		m.medical_on = date_in(in, "medical_on", true, fe);
		m.mental_health_on = date_in(in, "mental_health_on", true, fe);
		m.valid_from = date_in(in, "valid_from", true, fe);
		m.valid_to = date_in(in, "valid_to", false, fe);
		if (fe->n)
			return MAPO_EINVAL;
		m.work = kind == 1;
		if (m.employer && !(v = open_key(rq)))
			return NO_KEY;
		int64_t new_id;
		if (!(rc = aftercare_permit_add(rq->db, v, &rq->who, &m, &new_id, err)) &&
		    !(rc = aftercare_permit_get(rq->db, v, &rq->who, new_id, permit_to_json, &r->json, err))) {
			r->id = new_id;
			r->status = 201;
		}
		break;
	}
	case OP_PERMIT_EDIT: {
		struct permit_change c;
		long long version = 0;
		memset(&c, 0, sizeof(c));
		c.id = id;
		const char *vs = nonempty(in, "version");
		if (!vs || parse_int(vs, 1, 1000000000, &version))
			field_errors_add(fe, "version", "%s", _("the version the record was read at is needed"));
		c.version = (int)version;
		if (val(in, "valid_to")) {
			c.set_valid_to = true;
			c.valid_to = date_in(in, "valid_to", false, fe);
		}
		/* a page always sends the field: empty there leaves the employer as it is */
		c.employer = is_api(rq) ? val(in, "employer") : nonempty(in, "employer");
		c.status = -1;
		if (nonempty(in, "status")) {
			c.status = code_in(in, "status", permit_states, NF(permit_states), false, fe);
			if (c.status < 0)
				c.status = PERMIT__COUNT;
		}
		if (fe->n)
			return MAPO_EINVAL;
		if (c.employer && *c.employer && !(v = open_key(rq)))
			return NO_KEY;
		if (!v)
			v = open_key(rq);
		if (!(rc = aftercare_permit_update(rq->db, v, &rq->who, &c, fe, NULL, err)) &&
		    !(rc = aftercare_permit_get(rq->db, v, &rq->who, id, permit_to_json, &r->json, err)))
			r->id = id;
		break;
	}
	case OP_REPAT: {
		struct repatriation x;
		memset(&x, 0, sizeof(x));
		text_in(in, "person_ref", true, x.person_ref, sizeof(x.person_ref), fe);
		text_in(in, "destination", true, x.destination, sizeof(x.destination), fe);
		x.on_date = date_in(in, "date", true, fe);
		text_in(in, "org", true, x.org, sizeof(x.org), fe);
		x.follow_up = nonempty(in, "follow_up");
		if (x.follow_up && (strlen(x.follow_up) > AFTERCARE_NOTE_MAX || !utf8_valid(x.follow_up, strlen(x.follow_up))))
			field_errors_add(fe, "follow_up", _("not UTF-8 text of at most %d bytes"), AFTERCARE_NOTE_MAX);
		if (fe->n)
			return MAPO_EINVAL;
		if (x.follow_up && !(v = open_key(rq)))
			return NO_KEY;
		int64_t new_id;
		if (!(rc = aftercare_repatriation_add(rq->db, v, &rq->who, &x, &new_id, err)) &&
		    !(rc = aftercare_repatriation_get(rq->db, v, &rq->who, new_id, repat_to_json, &r->json, err))) {
			r->id = new_id;
			r->status = 201;
		}
		break;
	}
	case OP_REPAT_EDIT: {
		struct repat_change c;
		long long version = 0;
		memset(&c, 0, sizeof(c));
		c.id = id;
		const char *vs = nonempty(in, "version");
		if (!vs || parse_int(vs, 1, 1000000000, &version))
			field_errors_add(fe, "version", "%s", _("the version the record was read at is needed"));
		c.version = (int)version;
		c.on_date = date_in(in, "date", false, fe);
		c.destination = nonempty(in, "destination");
		c.org = is_api(rq) ? val(in, "org") : nonempty(in, "org");
		c.follow_up = is_api(rq) ? val(in, "follow_up") : nonempty(in, "follow_up");
		if (fe->n)
			return MAPO_EINVAL;
		if (c.follow_up && *c.follow_up && !(v = open_key(rq)))
			return NO_KEY;
		if (!v)
			v = open_key(rq);
		if (!(rc = aftercare_repatriation_update(rq->db, v, &rq->who, &c, fe, NULL, err)) &&
		    !(rc = aftercare_repatriation_get(rq->db, v, &rq->who, id, repat_to_json, &r->json, err)))
			r->id = id;
		break;
	}
	default:
		rc = MAPO_EINVAL;
		break;
	}
	if (rc == MAPO_EINVAL && !fe->n)
		core_field(&ops[op], err, fe);
	vault_free(v);
	return rc;
}

/* ---- the API's side ---------------------------------------------------------------------------------- */

/* The JSON object's members as fields: strings as they are, integers in decimal, booleans as
 * "1"/""; null is left out (absent). Unknown members and other types are field problems. */
static void params_from_json(const json_t *j, const struct op_spec *op, struct params *out, struct field_errors *fe)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)j, k, v) {
		size_t i;
		for (i = 0; i < op->nfields && strcmp(k, op->fields[i].name); i++)
			;
		if (i == op->nfields) {
			field_errors_add(fe, k, _("unknown member '%s'"), k);
			continue;
		}
		char num[32];
		if (json_is_string(v)) {
			params_add(out, k, json_string_value(v));
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			params_add(out, k, num);
		} else if (json_is_boolean(v)) {
			params_add(out, k, json_is_true(v) ? "1" : "");
		} else if (!json_is_null(v)) {
			field_errors_add(fe, k, _("'%s' must be a string"), k);
		}
	}
}

static void api_write(struct web_req *rq, struct web_resp *rs, enum op_id op)
{
	struct params in = PARAMS_INIT;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct result r;
	int64_t id = 0;

	memset(&r, 0, sizeof(r));
	mapo_error_clear(&err);
	if (ops[op].by_id)
		id = id_of(params_get(&rq->caps, "id"));
	/* the right first (and the record named in the path): a refused role learns nothing from what
	 * it sent */
	int rc = pre_check(rq, op, id, &in, &r, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!rq->json || !json_is_object(rq->json)) {
		web_error(rq, rs, 400, "bad_request", _("send a JSON object (Content-Type: application/json)"));
		goto out;
	}
	params_from_json(rq->json, &ops[op], &in, &fe);
	if (fe.n) {
		/* the person's reach before the shape of the rest */
		const char *person = nonempty(&in, "person_ref");
		if (person && (rc = aftercare_may_act(rq->db, &rq->who, PROTECT_EDIT, person, &err)))
			web_error_from(rq, rs, rc, &err);
		else
			api_invalid(rs, &fe);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	rc = run_op(rq, op, id, &in, &fe, &r, &err);
	if (rc == NO_KEY)
		no_key(rq, rs);
	else if (rc == MAPO_EINVAL)
		api_invalid(rs, &fe);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, r.status, r.json ? r.json : json_object());
	if (!rc)
		r.json = NULL;
out:
	json_decref(r.json);
	params_release(&in);
	field_errors_release(&fe);
}

void api_victim_order_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_ORDER); }
void api_victim_outcome(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_OUTCOME); }
void api_victim_admit(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_ADMIT); }
void api_victim_discharge(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_DISCHARGE); }
void api_victim_referral_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_REFERRAL); }
void api_victim_decision(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_DECIDE); }
void api_victim_permit_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_PERMIT); }
void api_victim_permit_put(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_PERMIT_EDIT); }
void api_victim_repat_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_REPAT); }
void api_victim_repat_put(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_REPAT_EDIT); }

/* ---- the API's lists --------------------------------------------------------------------------------- */

static bool may_read(struct web_req *rq, struct web_resp *rs)
{
	if (access_may_protection(&rq->who, PROTECT_READ))
		return true;
	web_error(rq, rs, 403, "forbidden", _("you may not see victim protection"));
	return false;
}

/* The query's person, from and to. */
static void list_query(struct web_req *rq, struct aftercare_query *q, struct field_errors *fe)
{
	q->person_ref = web_query(rq, "person");
	q->from = date_in(&rq->query, "from", false, fe);
	q->to = date_in(&rq->query, "to", false, fe);
	if (q->from != DATE_NONE && q->to != DATE_NONE && q->to < q->from)
		field_errors_add(fe, "to", "%s", _("the period's end is before its start"));
}

static int referral_to_array(const struct referral *x, void *arg)
{
	json_array_append_new(arg, referral_json(x));
	return 0;
}

static int permit_to_array(const struct permit_rec *m, void *arg)
{
	json_array_append_new(arg, permit_json(m));
	return 0;
}

static int repat_to_array(const struct repat_rec *x, void *arg)
{
	json_array_append_new(arg, repat_json(x));
	return 0;
}

void api_victim_referrals(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	enum identity_view view;
	const char *person = web_query(rq, "person");
	mapo_error_clear(&err);
	if (!may_read(rq, rs))
		return;
	int rc = person ? aftercare_person_view(rq->db, &rq->who, person, &view, &err) : 0;
	json_t *arr = json_array();
	if (rc || (rc = protect_referral_list(rq->db, &rq->who, person, referral_to_array, arr, &err))) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, arr);
}

static void api_list(struct web_req *rq, struct web_resp *rs, bool permits)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct aftercare_query q;
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!may_read(rq, rs))
		goto out;
	list_query(rq, &q, &fe);
	if (fe.n) {
		api_invalid(rs, &fe);
		goto out;
	}
	vault *v = open_key(rq);
	json_t *arr = json_array();
	int rc = permits ? aftercare_permit_list(rq->db, v, &rq->who, &q, permit_to_array, arr, &err)
			 : aftercare_repatriation_list(rq->db, v, &rq->who, &q, repat_to_array, arr, &err);
	vault_free(v);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	web_json(rs, 200, arr);
out:
	field_errors_release(&fe);
}

void api_victim_permits(struct web_req *rq, struct web_resp *rs) { api_list(rq, rs, true); }
void api_victim_repats(struct web_req *rq, struct web_resp *rs) { api_list(rq, rs, false); }

static void api_get(struct web_req *rq, struct web_resp *rs, bool permit)
{
	struct mapo_error err;
	json_t *j = NULL;
	int64_t id = id_of(params_get(&rq->caps, "id"));
	mapo_error_clear(&err);
	if (!may_read(rq, rs))
		return;
	if (!id) {
		web_error(rq, rs, 404, "not_found", _("no such record"));
		return;
	}
	vault *v = open_key(rq);
	int rc = permit ? aftercare_permit_get(rq->db, v, &rq->who, id, permit_to_json, &j, &err)
			: aftercare_repatriation_get(rq->db, v, &rq->who, id, repat_to_json, &j, &err);
	vault_free(v);
	if (rc) {
		json_decref(j);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, j);
}

void api_victim_permit_get(struct web_req *rq, struct web_resp *rs) { api_get(rq, rs, true); }
void api_victim_repat_get(struct web_req *rq, struct web_resp *rs) { api_get(rq, rs, false); }

/* ---- the person's page ------------------------------------------------------------------------------- */

/* The form that was sent, to show again with its values and problems. */
struct form_state {
	enum op_id op;
	int64_t id;
	const struct params *values;
	const struct field_errors *fe;
	const char *message; /* a problem of the whole form (a stale version) */
};

/* The options of the selects whose values come from the store. */
struct page_lists {
	struct strvec kinds, kind_labels;
	struct strvec shelters, shelter_labels;
};

static int shelter_option(const struct shelter *sh, void *arg)
{
	struct page_lists *l = arg;
	strvec_push(&l->shelters, sh->code);
	char label[SHELTER_NAME_MAX + CODE_MAX + 4];
	snprintf(label, sizeof(label), "%s (%s)", sh->name, sh->code);
	strvec_push(&l->shelter_labels, label);
	return 0;
}

static const char *code_label(const char *code)
{
	static const struct {
		const char *code, *label;
	} labels[] = {
		{"released", N_("released")}, {"immigration", N_("handed to Immigration")},
		{"repatriated", N_("repatriated")}, {"placed-elsewhere", N_("placed elsewhere")},
		{"in", N_("referred in by the organisation")}, {"out", N_("referred out to the organisation")},
		{"identification", N_("identification")}, {"shelter", N_("shelter")}, {"medical", N_("medical")},
		{"psychosocial", N_("psychosocial")}, {"legal-aid", N_("legal aid")}, {"interpreter", N_("interpreter")},
		{"allowance", N_("allowance")}, {"skills", N_("skills")}, {"other", N_("other")},
		{"pending", N_("pending")}, {"accepted", N_("accepted")}, {"refused", N_("refused")},
		{"movement", N_("freedom of movement")}, {"work", N_("permission to work")}, {"active", N_("active")},
		{"revoked", N_("revoked")}, {"ended", N_("ended")},
	};
	for (size_t i = 0; i < NF(labels); i++)
		if (!strcmp(code, labels[i].code))
			return _(labels[i].label);
	return code;
}

/* One form of ops[op] (for the record id when by_id), with values from dflt or, when it is the
 * form that was sent, from what was sent with its problems. */
static void render_form(struct web_req *rq, struct buf *o, enum op_id op, int64_t id, const struct params *dflt,
	const struct form_state *st, const struct page_lists *lists)
{
	const struct op_spec *spec = &ops[op];
	bool sent = st && st->op == op && st->id == id;
	const struct params *values = sent ? st->values : dflt;
	char fid[64], action[96];
	snprintf(fid, sizeof(fid), id ? "%s-%lld" : "%s", spec->form, (long long)id);
	snprintf(action, sizeof(action), spec->path, (long long)id);
	tpl_printf(o, "<form method=\"post\" action=\"%s\" class=\"record\" id=\"%s\" aria-label=\"%s\">", action, fid,
		_(spec->title));
	csrf_field(rq, o);
	if (sent && st->message)
		tpl_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", st->message);
	for (size_t i = 0; i < spec->nfields; i++) {
		const struct field *f = &spec->fields[i];
		const char *v = values ? params_get(values, f->name) : NULL;
		const char *e = sent ? field_msg(st->fe, f->name) : NULL;
		if (f->type == F_HIDDEN) {
			tpl_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", f->name, v ? v : "");
			if (e)
				tpl_printf(o, "<p class=\"error\" id=\"e-%s-%s\">%s</p>", fid, f->name, e);
			continue;
		}
		tpl_printf(o, "<div class=\"field%s\"><label for=\"f-%s-%s\">%s</label>", e ? " invalid" : "", fid, f->name,
			_(f->label));
		const char *const *codes = f->codes;
		size_t n = f->ncodes;
		const char *const *labels = NULL;
		if (f->type == F_SELECT && !codes && lists) {
			bool kinds = !strcmp(f->name, "kind");
			codes = (const char *const *)(kinds ? lists->kinds.v : lists->shelters.v);
			labels = (const char *const *)(kinds ? lists->kind_labels.v : lists->shelter_labels.v);
			n = kinds ? lists->kinds.n : lists->shelters.n;
		}
		const char *aria = e ? " aria-invalid=\"true\"" : "";
		if (f->type == F_SELECT) {
			tpl_printf(o, "<select id=\"f-%s-%s\" name=\"%s\"", fid, f->name, f->name);
			tpl_raw(o, aria);
			if (e)
				tpl_printf(o, " aria-describedby=\"e-%s-%s\"", fid, f->name);
			tpl_raw(o, ">");
			if (!f->required)
				tpl_raw(o, "<option value=\"\"></option>");
			for (size_t k = 0; k < n; k++)
				tpl_printf(o, "<option value=\"%s\"%s>%s</option>", codes[k],
					v && !strcmp(v, codes[k]) ? " selected" : "", labels ? labels[k] : code_label(codes[k]));
			tpl_raw(o, "</select>");
		} else if (f->type == F_AREA) {
			tpl_printf(o, "<textarea id=\"f-%s-%s\" name=\"%s\" rows=\"3\"", fid, f->name, f->name);
			tpl_raw(o, aria);
			if (e)
				tpl_printf(o, " aria-describedby=\"e-%s-%s\"", fid, f->name);
			tpl_printf(o, ">%s</textarea>", v ? v : "");
		} else {
			tpl_printf(o, "<input id=\"f-%s-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", fid, f->name, f->name,
				f->type == F_DATE ? "date" : f->type == F_NUMBER ? "number" : "text", v ? v : "");
			if (f->required)
				tpl_raw(o, " required");
			tpl_raw(o, aria);
			if (e)
				tpl_printf(o, " aria-describedby=\"e-%s-%s\"", fid, f->name);
			tpl_raw(o, ">");
		}
		if (e)
			tpl_printf(o, "<p class=\"error\" id=\"e-%s-%s\">%s</p>", fid, f->name, e);
		tpl_raw(o, "</div>");
	}
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _(spec->title));
}

struct page_ctx {
	struct web_req *rq;
	struct buf *o;
	const struct form_state *st;
	const struct page_lists *lists;
	bool edit;
	size_t n;
	const char *person_ref;
};

static void cell_date(struct page_ctx *c, mapo_date d)
{
	char s[48];
	fmt_date_long(d, c->rq->lang, s);
	tpl_printf(c->o, "<td>%s</td>", s);
}

static int page_order(const struct protection_order *ord, void *arg)
{
	struct page_ctx *c = arg;
	tpl_printf(c->o, "<tr><td>%lld</td><td><a href=\"/cases/%s\">%s</a></td><td>%s (s.%s)</td><td>%s</td>",
		(long long)ord->id, ord->case_ref, ord->case_ref, ord->kind, ord->section, ord->court);
	cell_date(c, ord->start_date);
	cell_date(c, ord->end_date);
	tpl_printf(c->o, "<td>%s</td>", order_outcome_name(ord->outcome, c->rq->lang));
	cell_date(c, ord->outcome_date);
	tpl_raw(c->o, "<td>");
	if (c->edit && ord->outcome == OUTCOME_NONE) {
		struct params d = PARAMS_INIT;
		params_add(&d, "person_ref", c->person_ref);
		render_form(c->rq, c->o, OP_OUTCOME, ord->id, &d, c->st, c->lists);
		params_release(&d);
	}
	tpl_raw(c->o, "</td></tr>\n");
	c->n++;
	return 0;
}

struct stay_ctx {
	struct page_ctx *c;
	bool staying;
};

static int page_stay(const struct shelter_stay *stay, void *arg)
{
	struct stay_ctx *sc = arg;
	struct page_ctx *c = sc->c;
	if (strcmp(stay->person_ref, c->person_ref))
		return 0;
	tpl_printf(c->o, "<tr><td>%s</td>", stay->shelter_code);
	cell_date(c, stay->admitted_on);
	cell_date(c, stay->discharged_on);
	tpl_printf(c->o, "<td>%s%s%s</td></tr>\n", stay->warnings & SHELTER_WARN_CAPACITY ? _("over capacity") : "",
		(stay->warnings & SHELTER_WARN_CAPACITY) && (stay->warnings & SHELTER_WARN_SEPARATION) ? "; " : "",
		stay->warnings & SHELTER_WARN_SEPARATION ? _("separation by age and sex (s.42)") : "");
	if (stay->discharged_on == DATE_NONE)
		sc->staying = true;
	c->n++;
	return 0;
}

static int page_referral(const struct referral *x, void *arg)
{
	struct page_ctx *c = arg;
	tpl_printf(c->o, "<tr><td>%lld</td><td>%s</td><td>%s</td><td>%s</td>", (long long)x->id,
		code_label(referral_dir_code(x->dir)), x->org, code_label(x->service));
	cell_date(c, x->referred_on);
	tpl_printf(c->o, "<td>%s</td>", code_label(referral_status_code(x->status)));
	cell_date(c, x->decided_on);
	tpl_raw(c->o, "<td>");
	if (c->edit && x->status == REFERRAL_PENDING) {
		struct params d = PARAMS_INIT;
		params_add(&d, "person_ref", c->person_ref);
		render_form(c->rq, c->o, OP_DECIDE, x->id, &d, c->st, c->lists);
		params_release(&d);
	}
	tpl_raw(c->o, "</td></tr>\n");
	c->n++;
	return 0;
}

static int page_permit(const struct permit_rec *m, void *arg)
{
	struct page_ctx *c = arg;
	tpl_printf(c->o, "<tr><td>%lld</td><td>%s</td>", (long long)m->id, code_label(m->work ? "work" : "movement"));
	cell_date(c, m->valid_from);
	cell_date(c, m->valid_to);
	tpl_printf(c->o, "<td>%s</td><td>%s</td><td>%d</td><td>", permit_status_name(m->status, c->rq->lang),
		m->employer ? m->employer : m->has_employer ? "•••" : "", m->version);
	if (c->edit && c->person_ref) {
		char version[16], to[DATE_STRLEN];
		struct params d = PARAMS_INIT;
		snprintf(version, sizeof(version), "%d", m->version);
		date_format(m->valid_to, to);
		params_add(&d, "person_ref", m->person_ref);
		params_add(&d, "version", version);
		params_add(&d, "valid_to", to);
		params_add(&d, "employer", m->employer ? m->employer : "");
		params_add(&d, "status", permit_status_code(m->status));
		render_form(c->rq, c->o, OP_PERMIT_EDIT, m->id, &d, c->st, c->lists);
		params_release(&d);
	} else if (!c->person_ref) {
		person_link(c->o, m->person_ref);
	}
	tpl_raw(c->o, "</td></tr>\n");
	c->n++;
	return 0;
}

static int page_repat(const struct repat_rec *x, void *arg)
{
	struct page_ctx *c = arg;
	tpl_printf(c->o, "<tr><td>%lld</td><td>%s</td>", (long long)x->id, x->destination);
	cell_date(c, x->on_date);
	tpl_printf(c->o, "<td>%s</td><td>%s</td><td>%d</td><td>", x->org,
		x->follow_up ? x->follow_up : x->has_follow_up ? "•••" : "", x->version);
	if (c->edit && c->person_ref) {
		char version[16], on[DATE_STRLEN];
		struct params d = PARAMS_INIT;
		snprintf(version, sizeof(version), "%d", x->version);
		date_format(x->on_date, on);
		params_add(&d, "person_ref", x->person_ref);
		params_add(&d, "version", version);
		params_add(&d, "destination", x->destination);
		params_add(&d, "date", on);
		params_add(&d, "org", x->org);
		params_add(&d, "follow_up", x->follow_up ? x->follow_up : "");
		render_form(c->rq, c->o, OP_REPAT_EDIT, x->id, &d, c->st, c->lists);
		params_release(&d);
	} else if (!c->person_ref) {
		person_link(c->o, x->person_ref);
	}
	tpl_raw(c->o, "</td></tr>\n");
	c->n++;
	return 0;
}

static void table_head(struct buf *o, const char *const *heads, size_t n)
{
	tpl_raw(o, "<div class=\"scroll\"><table class=\"data\"><thead><tr>");
	for (size_t i = 0; i < n; i++)
		tpl_printf(o, "<th scope=\"col\">%s</th>", heads[i]);
	tpl_raw(o, "</tr></thead><tbody>\n");
}

/* Ends a table started with table_head into o from body (rows escaped by tpl_printf), or says
 * there is none. */
static void table_end(struct buf *o, struct buf *body, size_t n)
{
	if (!n) {
		tpl_printf(o, "<p>%s</p>\n", _("None recorded."));
		return;
	}
	buf_add(o, body->data, body->len);
	tpl_raw(o, "</tbody></table></div>\n");
}

/* The cases in which a person is a victim: the order form offers the case when there is one. */
struct victim_cases {
	const char *person_ref;
	size_t n;
	char case_ref[CASE_REF_MAX];
};

static int victim_case(const struct victim_row *v, void *arg)
{
	struct victim_cases *c = arg;
	if (!strcmp(v->person_ref, c->person_ref) && strcmp(v->case_ref, c->case_ref)) {
		snprintf(c->case_ref, sizeof(c->case_ref), "%s", v->case_ref);
		c->n++;
	}
	return 0;
}

static void person_page(struct web_req *rq, struct web_resp *rs, const char *person_ref, const struct form_state *st,
	int status)
{
	struct mapo_error err;
	struct page_lists lists;
	struct order_kinds kinds;
	struct buf body = BUF_INIT;
	enum identity_view view;
	vault *v = NULL;
	char only_case[CASE_REF_MAX] = "";
	int rc;

	mapo_error_clear(&err);
	memset(&lists, 0, sizeof(lists));
	order_kinds_init(&kinds);
	if (!may_read(rq, rs))
		goto out;
	if ((rc = aftercare_person_view(rq->db, &rq->who, person_ref, &view, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	bool edit = access_may_protection(&rq->who, PROTECT_EDIT) && view == IDVIEW_FULL;
	if (edit) {
		if ((rc = store_order_kinds_load(rq->db, &kinds, &err)) ||
		    (rc = store_shelter_list(rq->db, shelter_option, &lists, &err))) {
			web_error_from(rq, rs, rc, &err);
			goto out;
		}
		/* first orders (an interim order) before the ones that continue them */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < kinds.n; i++) {
				if ((kinds.v[i].follows.n > 0) != (pass == 1))
					continue;
				char label[160];
				snprintf(label, sizeof(label), "%s (s.%s)",
					rq->lang == LANG_MS ? kinds.v[i].name_ms : kinds.v[i].name_en, kinds.v[i].section);
				strvec_push(&lists.kinds, kinds.v[i].kind);
				strvec_push(&lists.kind_labels, label);
			}
		struct victim_cases vc = {person_ref, 0, ""};
		if ((rc = protect_victim_list(rq->db, &rq->who, victim_case, &vc, &err))) {
			web_error_from(rq, rs, rc, &err);
			goto out;
		}
		if (vc.n == 1)
			snprintf(only_case, sizeof(only_case), "%s", vc.case_ref);
	}
	v = open_key(rq);
	char title[PERSON_REF_MAX + 64];
	snprintf(title, sizeof(title), _("Protection of %s"), person_ref);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	tpl_printf(o, "<p><a href=\"/protection\">%s</a> · <a href=\"/protection/aftercare\">%s</a></p>\n",
		_("Protection orders: deadlines"), _("After care: permits and repatriation"));
	const char *saved = web_query(rq, "saved");
	if (saved && status == 200)
		tpl_printf(o, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Saved."));
	const char *warn = web_query(rq, "warnings");
	if (warn && status == 200) {
		if (strstr(warn, "capacity"))
			tpl_printf(o, "<p class=\"warning\" role=\"alert\">%s</p>\n",
				_("Warning: the admission puts the place of refuge over its capacity."));
		if (strstr(warn, "separation"))
			tpl_printf(o, "<p class=\"warning\" role=\"alert\">%s</p>\n",
				_("Warning: the admission breaks the separation by age and sex (s.42)."));
	}
	struct page_ctx c = {rq, &body, st, &lists, edit, 0, person_ref};
	struct params dflt = PARAMS_INIT;
	params_add(&dflt, "person_ref", person_ref);

	/* orders */
	tpl_printf(o, "<section aria-labelledby=\"h-orders\"><h2 id=\"h-orders\">%s</h2>\n", _("Court orders"));
	const char *oh[] = {_("Order"), _("Case"), _("Kind"), _("Court"), _("Start"), _("End"), _("Outcome"), _("On"), ""};
	struct order_query oq = {ORDERS_ALL, DATE_NONE, 0, person_ref};
	if ((rc = protect_order_list(rq->db, &rq->who, &oq, page_order, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, oh, NF(oh));
	table_end(o, &body, c.n);
	if (edit) {
		struct params order = PARAMS_INIT;
		params_add(&order, "person_ref", person_ref);
		params_add(&order, "case_ref", only_case);
		render_form(rq, o, OP_ORDER, 0, &order, st, &lists);
		params_release(&order);
	}
	tpl_raw(o, "</section>\n");

	/* places of refuge */
	buf_reset(&body);
	c.n = 0;
	tpl_printf(o, "<section aria-labelledby=\"h-stays\"><h2 id=\"h-stays\">%s</h2>\n", _("Places of refuge"));
	const char *sh[] = {_("Place of refuge"), _("Admitted"), _("Discharged"), _("Warnings")};
	struct stay_ctx sc = {&c, false};
	mapo_date from = 0, to = date_today() + 3660;
	date_parse("1990-01-01", &from);
	if ((rc = store_stay_list(rq->db, NULL, from, to, page_stay, &sc, &err)))
		goto failed;
	if (c.n)
		table_head(o, sh, NF(sh));
	table_end(o, &body, c.n);
	if (edit && !sc.staying && !lists.shelters.n)
		tpl_printf(o, "<p>%s</p>\n", _("No places of refuge are recorded."));
	else if (edit)
		render_form(rq, o, sc.staying ? OP_DISCHARGE : OP_ADMIT, 0, &dflt, st, &lists);
	tpl_raw(o, "</section>\n");

	/* referrals */
	buf_reset(&body);
	c.n = 0;
	tpl_printf(o, "<section aria-labelledby=\"h-referrals\"><h2 id=\"h-referrals\">%s</h2>\n", _("Referrals"));
	const char *rh[] = {_("Referral"), _("Direction"), _("Organisation"), _("Service"), _("Referred"), _("Status"),
		_("Decided"), ""};
	if ((rc = protect_referral_list(rq->db, &rq->who, person_ref, page_referral, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, rh, NF(rh));
	table_end(o, &body, c.n);
	if (edit)
		render_form(rq, o, OP_REFERRAL, 0, &dflt, st, &lists);
	tpl_raw(o, "</section>\n");

	/* permits */
	buf_reset(&body);
	c.n = 0;
	tpl_printf(o, "<section aria-labelledby=\"h-permits\"><h2 id=\"h-permits\">%s</h2>\n",
		_("Freedom of movement and work (s.51A)"));
	const char *ph[] = {_("Permit"), _("Kind"), _("Valid from"), _("Valid to"), _("Status"), _("Employer"),
		_("Version"), ""};
	struct aftercare_query aq = {person_ref, DATE_NONE, DATE_NONE};
	if ((rc = aftercare_permit_list(rq->db, v, &rq->who, &aq, page_permit, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, ph, NF(ph));
	table_end(o, &body, c.n);
	if (edit)
		render_form(rq, o, OP_PERMIT, 0, &dflt, st, &lists);
	tpl_raw(o, "</section>\n");

	/* repatriation */
	buf_reset(&body);
	c.n = 0;
	tpl_printf(o, "<section aria-labelledby=\"h-repat\"><h2 id=\"h-repat\">%s</h2>\n",
		_("Repatriation and reintegration"));
	const char *rph[] = {_("Record"), _("Destination"), _("Date"), _("Assisting organisation"), _("Follow-up"),
		_("Version"), ""};
	if ((rc = aftercare_repatriation_list(rq->db, v, &rq->who, &aq, page_repat, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, rph, NF(rph));
	table_end(o, &body, c.n);
	if (edit)
		render_form(rq, o, OP_REPAT, 0, &dflt, st, &lists);
	tpl_raw(o, "</section>\n");
	params_release(&dflt);
	page_end(rq, rs, status);
	goto out;
failed:
	params_release(&dflt);
	buf_reset(&rs->body);
	web_error_from(rq, rs, rc, &err);
out:
	vault_free(v);
	buf_release(&body);
	order_kinds_release(&kinds);
	strvec_release(&lists.kinds);
	strvec_release(&lists.kind_labels);
	strvec_release(&lists.shelters);
	strvec_release(&lists.shelter_labels);
}

void h_victim_person(struct web_req *rq, struct web_resp *rs)
{
	const char *ref = params_get(&rq->caps, "ref");
	person_page(rq, rs, ref ? ref : "", NULL, 200);
}

/* A page form's post: the write, then back to the person's page (303), or the page again with
 * the problems beside the fields (422) or the conflict (409). */
static void page_write(struct web_req *rq, struct web_resp *rs, enum op_id op)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	struct result r;
	int64_t id = ops[op].by_id ? id_of(params_get(&rq->caps, "id")) : 0;

	memset(&r, 0, sizeof(r));
	mapo_error_clear(&err);
	int rc = run_op(rq, op, id, &rq->form, &fe, &r, &err);
	json_decref(r.json);
	if (rc == NO_KEY) {
		no_key(rq, rs);
	} else if ((rc == MAPO_EINVAL || rc == MAPO_ECONFLICT) && r.person_ref[0]) {
		struct form_state st = {op, id, &rq->form, &fe, rc == MAPO_ECONFLICT ? err.msg : NULL};
		person_page(rq, rs, r.person_ref, &st, rc == MAPO_ECONFLICT ? 409 : 422);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_addstr(&loc, "/protection/persons/");
		url_encode(&loc, r.person_ref, true);
		buf_addstr(&loc, "?saved=1");
		if (r.warnings)
			buf_printf(&loc, "&warnings=%s%s%s", r.warnings & SHELTER_WARN_CAPACITY ? "capacity" : "",
				r.warnings == (SHELTER_WARN_CAPACITY | SHELTER_WARN_SEPARATION) ? "," : "",
				r.warnings & SHELTER_WARN_SEPARATION ? "separation" : "");
		web_redirect(rs, buf_str(&loc));
		buf_release(&loc);
	}
	field_errors_release(&fe);
}

void h_victim_order_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_ORDER); }
void h_victim_outcome_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_OUTCOME); }
void h_victim_admit_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_ADMIT); }
void h_victim_discharge_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_DISCHARGE); }
void h_victim_referral_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_REFERRAL); }
void h_victim_decision_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_DECIDE); }
void h_victim_permit_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_PERMIT); }
void h_victim_permit_edit_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_PERMIT_EDIT); }
void h_victim_repat_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_REPAT); }
void h_victim_repat_edit_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_REPAT_EDIT); }

/* ---- the after-care list --------------------------------------------------------------------------- */

void h_victim_aftercare(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct aftercare_query q;
	struct mapo_error err;
	struct buf body = BUF_INIT;
	vault *v = NULL;
	char from_s[DATE_STRLEN], to_s[DATE_STRLEN];
	int rc;

	mapo_error_clear(&err);
	if (!may_read(rq, rs))
		goto out;
	list_query(rq, &q, &fe);
	q.person_ref = NULL;
	if (fe.n)
		q.from = q.to = DATE_NONE;
	date_format(q.from, from_s);
	date_format(q.to, to_s);
	v = open_key(rq);
	page_begin(rq, rs, _("After care: permits and repatriation"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("After care: permits and repatriation"));
	tpl_printf(o, "<p><a href=\"/protection\">%s</a></p>\n", _("Protection orders: deadlines"));
	tpl_printf(o, "<form method=\"get\" action=\"/protection/aftercare\" class=\"period\" aria-label=\"%s\">",
		_("Choose a period"));
	tpl_input(o, "from", _("From"), "date", from_s, field_msg(&fe, "from"), false);
	tpl_input(o, "to", _("To"), "date", to_s, field_msg(&fe, "to"), false);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Show"));
	struct page_ctx c = {rq, &body, NULL, NULL, false, 0, NULL};

	tpl_printf(o, "<h2>%s</h2>\n", _("Permits valid in the period (s.51A)"));
	const char *ph[] = {_("Permit"), _("Kind"), _("Valid from"), _("Valid to"), _("Status"), _("Employer"),
		_("Version"), _("Person")};
	if ((rc = aftercare_permit_list(rq->db, v, &rq->who, &q, page_permit, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, ph, NF(ph));
	table_end(o, &body, c.n);

	buf_reset(&body);
	c.n = 0;
	tpl_printf(o, "<h2>%s</h2>\n", _("Repatriations in the period"));
	const char *rph[] = {_("Record"), _("Destination"), _("Date"), _("Assisting organisation"), _("Follow-up"),
		_("Version"), _("Person")};
	if ((rc = aftercare_repatriation_list(rq->db, v, &rq->who, &q, page_repat, &c, &err)))
		goto failed;
	if (c.n)
		table_head(o, rph, NF(rph));
	table_end(o, &body, c.n);
	page_end(rq, rs, fe.n ? 422 : 200);
	goto out;
failed:
	buf_reset(&rs->body);
	web_error_from(rq, rs, rc, &err);
out:
	vault_free(v);
	buf_release(&body);
	field_errors_release(&fe);
}
