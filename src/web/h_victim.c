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
#include "web/h_protection.h"
#include "web/h_victim.h"
#include "web/handlers.h"

/* ---- small pieces ------------------------------------------------------------------------------ */

static json_t *jstr_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static int64_t id_of(const char *s)
{
	long long n;
	return s && !parse_int(s, 1, INT64_MAX, &n) ? n : 0;
}

static bool is_api(const struct web_req *rq) { return rq->route && (rq->route->flags & RF_API); }

/* A link to the person's page (suffix "": the protection record), showing text (NULL: the
 * person's reference). */
static void person_link(struct buf *o, const char *person_ref, const char *suffix, const char *text)
{
	struct buf href = BUF_INIT;
	url_encode(&href, person_ref, true);
	tpl_printf(o, "<a href=\"/protection/persons/%s%s\">%s</a>", buf_str(&href), suffix, text ? text : person_ref);
	buf_release(&href);
}

/* ---- the writes -------------------------------------------------------------------------------- */

/* F_CHECKS: a box for each item of a list from the store (an array of codes in JSON); F_CHECK:
 * one box (a boolean); F_RESULTS: a choice of result for each item of the health checks (an
 * object of check codes to results in JSON, "results.CODE" fields on a page). */
enum ftype { F_TEXT, F_DATE, F_SELECT, F_NUMBER, F_AREA, F_HIDDEN, F_CHECKS, F_CHECK, F_RESULTS };

struct field {
	const char *name;  /* the form input's and the JSON member's name */
	const char *label; /* N_() */
	enum ftype type;
	const char *const *codes; /* F_SELECT */
	size_t ncodes;
	bool required;
};

enum op_id { OP_ORDER = 0, OP_OUTCOME, OP_ADMIT, OP_DISCHARGE, OP_REFERRAL, OP_DECIDE, OP_PERMIT, OP_PERMIT_EDIT,
	OP_REPAT, OP_REPAT_EDIT, OP_STATUS, OP_SCREEN, OP_RESCREEN, OP_CONSENT, OP_HEALTH, OP__COUNT };

struct op_spec {
	const char *form;    /* the form's id on the page */
	const char *title;   /* N_(): the form's heading and button */
	const char *path;    /* where the page form posts ("%lld" for the record's id) */
	const struct field *fields;
	size_t nfields;
	const char *dflt_field; /* where a core message that names no field goes */
	bool by_id;             /* acts on a record named in the path */
	enum protection_action action; /* the right it needs: PROTECT_EDIT or PROTECT_IDENTIFY */
};

static const char *const outcome_codes[] = {"released", "immigration", "repatriated", "placed-elsewhere"};
static const char *const dir_codes[] = {"in", "out"};
static const char *const service_codes[] = {"identification", "shelter", "medical", "psychosocial", "legal-aid",
	"interpreter", "allowance", "skills", "other"};
static const char *const status_codes[] = {"pending", "accepted", "refused"};
static const char *const decision_codes[] = {"accepted", "refused"};
static const char *const permit_kinds[] = {"movement", "work"};
static const char *const permit_states[] = {"active", "revoked", "ended"};
static const char *const tstatus_codes[] = {"possible", "actual", "not-a-victim"};
static const char *const scope_codes[] = {"processing", "sharing", "photo"};
static const char *const given_codes[] = {"given", "refused"};

#define NF(a) (sizeof(a) / sizeof((a)[0]))
#define SELECT(codes) F_SELECT, codes, NF(codes)

static const struct field order_fields[] = {
	{"case_ref", N_("Case"), F_TEXT, NULL, 0, true},
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"kind", N_("Kind of order"), F_SELECT, NULL, 0, true}, /* the kinds come from the store */
	{"court", N_("Court"), F_TEXT, NULL, 0, true},
	{"start_date", N_("Start (empty: when the running order ends)"), F_DATE, NULL, 0, false},
	{"end_date", N_("End (empty: the longest the Act allows; an extension needs the court's date)"), F_DATE, NULL,
		0, false},
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

static const struct field status_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"case_ref", N_("Case (the victim role's)"), F_TEXT, NULL, 0, true},
	{"status", N_("Trafficking status"), SELECT(tstatus_codes), true},
	{"org", N_("Deciding organisation"), F_TEXT, NULL, 0, true},
	{"date", N_("Decided on"), F_DATE, NULL, 0, true},
	{"reason", N_("Reason"), F_AREA, NULL, 0, false},
};
static const struct field screen_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"case_ref", N_("Case"), F_TEXT, NULL, 0, true},
	{"org", N_("Screening organisation"), F_TEXT, NULL, 0, true},
	{"date", N_("Screened on"), F_DATE, NULL, 0, true},
	{"outcome", N_("Outcome"), SELECT(tstatus_codes), true},
	{"indicators", N_("Indicators found (methods of control)"), F_CHECKS, NULL, 0, false},
};
static const struct field rescreen_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"case_ref", N_("Smuggling case (the smuggled-migrant role's)"), F_TEXT, NULL, 0, true},
	{"tip_case_ref", N_("Linked trafficking case (when found trafficked)"), F_TEXT, NULL, 0, false},
	{"org", N_("Screening organisation"), F_TEXT, NULL, 0, true},
	{"date", N_("Screened on"), F_DATE, NULL, 0, true},
	{"outcome", N_("Outcome"), SELECT(tstatus_codes), true},
	{"indicators", N_("Indicators found (methods of control)"), F_CHECKS, NULL, 0, false},
};
static const struct field consent_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"scope", N_("Consent to"), SELECT(scope_codes), true},
	{"decision", N_("Decision"), SELECT(given_codes), true},
	{"date", N_("Decided on"), F_DATE, NULL, 0, true},
};
static const struct field health_fields[] = {
	{"person_ref", N_("Person"), F_HIDDEN, NULL, 0, true},
	{"date", N_("Screened on"), F_DATE, NULL, 0, true},
	{"results", N_("Results"), F_RESULTS, NULL, 0, true},
	{"isolation", N_("Isolated on admission"), F_CHECK, NULL, 0, false},
};

static const struct op_spec ops[OP__COUNT] = {
	[OP_ORDER] = {"order", N_("Record a court order"), "/protection/orders", order_fields, NF(order_fields),
		"person_ref", false, PROTECT_EDIT},
	[OP_OUTCOME] = {"outcome", N_("Record the outcome"), "/protection/orders/%lld/outcome", outcome_fields,
		NF(outcome_fields), "outcome", true, PROTECT_EDIT},
	[OP_ADMIT] = {"admit", N_("Admit to a place of refuge"), "/protection/admissions", admit_fields,
		NF(admit_fields), "date", false, PROTECT_EDIT},
	[OP_DISCHARGE] = {"discharge", N_("Discharge"), "/protection/discharges", discharge_fields,
		NF(discharge_fields), "date", false, PROTECT_EDIT},
	[OP_REFERRAL] = {"referral", N_("Record a referral"), "/protection/referrals", referral_fields,
		NF(referral_fields), "org", false, PROTECT_EDIT},
	[OP_DECIDE] = {"decide", N_("Record the decision"), "/protection/referrals/%lld/decision", decide_fields,
		NF(decide_fields), "status", true, PROTECT_EDIT},
	[OP_PERMIT] = {"permit", N_("Record an s.51A permit"), "/protection/permits", permit_fields,
		NF(permit_fields), "valid_from", false, PROTECT_EDIT},
	[OP_PERMIT_EDIT] = {"permit-edit", N_("Update the permit"), "/protection/permits/%lld", permit_edit_fields,
		NF(permit_edit_fields), "version", true, PROTECT_EDIT},
	[OP_REPAT] = {"repat", N_("Record a repatriation"), "/protection/repatriations", repat_fields,
		NF(repat_fields), "date", false, PROTECT_EDIT},
	[OP_REPAT_EDIT] = {"repat-edit", N_("Update the repatriation"), "/protection/repatriations/%lld",
		repat_edit_fields, NF(repat_edit_fields), "version", true, PROTECT_EDIT},
	[OP_STATUS] = {"status", N_("Record an identification decision"), "/protection/decisions", status_fields,
		NF(status_fields), "case_ref", false, PROTECT_IDENTIFY},
	[OP_SCREEN] = {"screen", N_("Record a screening"), "/protection/screenings", screen_fields, NF(screen_fields),
		"case_ref", false, PROTECT_IDENTIFY},
	[OP_RESCREEN] = {"rescreen", N_("Record a re-screening of a smuggled migrant (s.41A)"),
		"/protection/rescreenings", rescreen_fields, NF(rescreen_fields), "case_ref", false, PROTECT_IDENTIFY},
	[OP_CONSENT] = {"consent", N_("Record a consent decision"), "/protection/consents", consent_fields,
		NF(consent_fields), "scope", false, PROTECT_EDIT},
	[OP_HEALTH] = {"health", N_("Record the health screening"), "/protection/health-screenings", health_fields,
		NF(health_fields), "results", false, PROTECT_EDIT},
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

/* An optional note (sealed in the store): NULL when absent or empty. */
static const char *note_in(const struct params *in, const char *name, struct field_errors *fe)
{
	const char *v = nonempty(in, name);
	if (v && (strlen(v) > AFTERCARE_NOTE_MAX || !utf8_valid(v, strlen(v))))
		field_errors_add(fe, name, _("not UTF-8 text of at most %d bytes"), AFTERCARE_NOTE_MAX);
	return v;
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
	if (!access_may_protection(&rq->who, ops[op].action))
		return mapo_error_set(err, MAPO_EDENIED, "%s",
			ops[op].action == PROTECT_IDENTIFY ? _("you may not record identification decisions or screenings")
							   : _("you may not change victim protection records"));
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
	return person ? aftercare_may_act(rq->db, &rq->who, ops[op].action, person, err) : 0;
}

static json_t *referral_json(const struct referral *x)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o}", "id", (json_int_t)x->id, "person_ref", x->person_ref,
		"direction", referral_dir_code(x->dir), "org", x->org, "service", x->service, "referred_on",
		protection_jdate(x->referred_on), "status", referral_status_code(x->status), "decided_on", protection_jdate(x->decided_on));
}

static json_t *permit_json(const struct permit_rec *m)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:i,s:b,s:o}", "id", (json_int_t)m->id, "person_ref",
		m->person_ref, "kind", m->work ? "work" : "movement", "risk_assessed_on", protection_jdate(m->risk_assessed_on),
		"medical_on", protection_jdate(m->medical_on), "mental_health_on", protection_jdate(m->mental_health_on), "valid_from",
		protection_jdate(m->valid_from), "valid_to", protection_jdate(m->valid_to), "status", permit_status_code(m->status), "version",
		m->version, "has_employer", m->has_employer, "employer", jstr_or_null(m->employer));
}

static json_t *repat_json(const struct repat_rec *x)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s,s:i,s:b,s:o}", "id", (json_int_t)x->id, "person_ref", x->person_ref,
		"destination", x->destination, "date", protection_jdate(x->on_date), "org", x->org, "version", x->version,
		"has_follow_up", x->has_follow_up, "follow_up", jstr_or_null(x->follow_up));
}

static json_t *decision_json(const struct status_decision *d, const char *reason)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)d->id, "case_ref", d->case_ref,
		"person_ref", d->person_ref, "status", trafficking_status_code(d->status), "org", d->org, "decided_on",
		protection_jdate(d->decided_on), "reason", jstr_or_null(reason));
}

static json_t *screening_json(const struct screening *sc)
{
	json_t *ind = json_array();
	for (size_t i = 0; i < sc->indicators.n; i++)
		json_array_append_new(ind, json_string(sc->indicators.v[i]));
	return json_pack("{s:s,s:s,s:s,s:o,s:s,s:o}", "case_ref", sc->case_ref, "person_ref", sc->person_ref, "org",
		sc->org, "screened_on", protection_jdate(sc->screened_on), "outcome", trafficking_status_code(sc->outcome),
		"indicators", ind);
}

static json_t *warnings_json(unsigned warnings)
{
	json_t *w = json_array();
	if (warnings & SHELTER_WARN_CAPACITY)
		json_array_append_new(w, json_string("capacity"));
	if (warnings & SHELTER_WARN_SEPARATION)
		json_array_append_new(w, json_string("separation"));
	return w;
}

static json_t *health_json(const struct health_screening *hs)
{
	/* erased by the retention run: no results and no isolation, rather than none and false */
	json_t *results = hs->erased ? json_null() : json_object();
	for (size_t i = 0; !hs->erased && i < hs->n; i++)
		json_object_set_new(results, hs->items[i].code, json_string(health_result_code(hs->items[i].result)));
	return json_pack("{s:I,s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:s}", "id", (json_int_t)hs->id, "stay_id",
		(json_int_t)hs->stay_id, "person_ref", hs->person_ref, "shelter", hs->shelter_code, "admitted_on",
		protection_jdate(hs->admitted_on), "screened_on", protection_jdate(hs->screened_on), "isolation",
		hs->erased ? json_null() : json_boolean(hs->isolation), "results", results, "erased", hs->erased,
		"recorded_by", hs->recorded_by);
}

static json_t *consent_json(const char *person_ref, const struct consent *c)
{
	return json_pack("{s:s,s:s,s:s,s:o}", "person_ref", person_ref, "scope", consent_scope_code(c->scope),
		"decision", c->given ? "given" : "refused", "date", protection_jdate(c->decided_on));
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
			r->json = protection_order_json(&o);
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
				"outcome_date", protection_jdate(on));
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
			r->json = json_pack("{s:s,s:s,s:o,s:o}", "person_ref", person, "shelter", shelter, "admitted_on",
				protection_jdate(on), "warnings", warnings_json(r->warnings));
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
			r->json = json_pack("{s:s,s:o}", "person_ref", person, "discharged_on", protection_jdate(on));
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
				"decided_on", protection_jdate(on));
		break;
	}
	case OP_PERMIT: {
		struct movement_permit m;
		memset(&m, 0, sizeof(m));
		text_in(in, "person_ref", true, m.person_ref, sizeof(m.person_ref), fe);
		int kind = code_in(in, "kind", permit_kinds, NF(permit_kinds), true, fe);
		m.employer = note_in(in, "employer", fe);
		m.risk_assessed_on = date_in(in, "risk_assessed_on", true, fe);
		m.medical_on = date_in(in, "medical_on", true, fe);
		m.mental_health_on = date_in(in, "mental_health_on", true, fe);
		m.valid_from = date_in(in, "valid_from", true, fe);
		m.valid_to = date_in(in, "valid_to", false, fe);
		if (fe->n)
			return MAPO_EINVAL;
		m.work = kind == 1;
		if (m.employer && !(v = web_open_key(rq)))
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
		if (c.employer && *c.employer && !(v = web_open_key(rq)))
			return NO_KEY;
		if (!v)
			v = web_open_key(rq);
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
		x.follow_up = note_in(in, "follow_up", fe);
		if (fe->n)
			return MAPO_EINVAL;
		if (x.follow_up && !(v = web_open_key(rq)))
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
		if (c.follow_up && *c.follow_up && !(v = web_open_key(rq)))
			return NO_KEY;
		if (!v)
			v = web_open_key(rq);
		if (!(rc = aftercare_repatriation_update(rq->db, v, &rq->who, &c, fe, NULL, err)) &&
		    !(rc = aftercare_repatriation_get(rq->db, v, &rq->who, id, repat_to_json, &r->json, err)))
			r->id = id;
		break;
	}
	case OP_STATUS: {
		struct status_decision d;
		memset(&d, 0, sizeof(d));
		text_in(in, "person_ref", true, d.person_ref, sizeof(d.person_ref), fe);
		text_in(in, "case_ref", true, d.case_ref, sizeof(d.case_ref), fe);
		int st = code_in(in, "status", tstatus_codes, NF(tstatus_codes), true, fe);
		text_in(in, "org", true, d.org, sizeof(d.org), fe);
		d.decided_on = date_in(in, "date", true, fe);
		d.reason = note_in(in, "reason", fe);
		if (fe->n)
			return MAPO_EINVAL;
		d.status = (enum trafficking_status)st;
		if (d.reason && !(v = web_open_key(rq)))
			return NO_KEY;
		if (!(rc = protect_status_set(rq->db, v, &rq->who, &d, err))) {
			r->id = d.id;
			r->json = decision_json(&d, d.reason);
			r->status = 201;
		}
		break;
	}
	case OP_SCREEN:
	case OP_RESCREEN: {
		struct screening sc;
		char tip[CASE_REF_MAX];
		screening_init(&sc);
		text_in(in, "person_ref", true, sc.person_ref, sizeof(sc.person_ref), fe);
		text_in(in, "case_ref", true, sc.case_ref, sizeof(sc.case_ref), fe);
		text_in(in, "tip_case_ref", false, tip, sizeof(tip), fe);
		text_in(in, "org", true, sc.org, sizeof(sc.org), fe);
		sc.screened_on = date_in(in, "date", true, fe);
		int oc = code_in(in, "outcome", tstatus_codes, NF(tstatus_codes), true, fe);
		for (size_t i = 0; i < in->n; i++)
			if (!strcmp(in->v[i].name, "indicators") && in->v[i].value[0])
				strvec_push(&sc.indicators, in->v[i].value);
		if (fe->n) {
			rc = MAPO_EINVAL;
		} else {
			sc.outcome = (enum trafficking_status)oc;
			/* the decision a re-screening adds has no reason to seal: no key needed */
			rc = op == OP_SCREEN ? protect_screening_add(rq->db, &rq->who, &sc, err)
					     : protect_rescreen(rq->db, NULL, &rq->who, &sc, tip, err);
			if (!rc) {
				r->json = screening_json(&sc);
				if (op == OP_RESCREEN)
					json_object_set_new(r->json, "tip_case_ref", jstr_or_null(tip));
				r->status = 201;
			}
		}
		screening_release(&sc);
		break;
	}
	case OP_CONSENT: {
		struct consent c;
		char person[PERSON_REF_MAX];
		memset(&c, 0, sizeof(c));
		text_in(in, "person_ref", true, person, sizeof(person), fe);
		int scope = code_in(in, "scope", scope_codes, NF(scope_codes), true, fe);
		int given = code_in(in, "decision", given_codes, NF(given_codes), true, fe);
		c.decided_on = date_in(in, "date", true, fe);
		if (fe->n)
			return MAPO_EINVAL;
		c.scope = (enum consent_scope)scope;
		c.given = given == 0;
		if (!(rc = protect_consent_record(rq->db, &rq->who, person, &c, err))) {
			r->json = consent_json(person, &c);
			r->status = 201;
		}
		break;
	}
	case OP_HEALTH: {
		struct health_screening hs;
		health_screening_init(&hs);
		text_in(in, "person_ref", true, hs.person_ref, sizeof(hs.person_ref), fe);
		hs.screened_on = date_in(in, "date", true, fe);
		hs.isolation = nonempty(in, "isolation") != NULL;
		for (size_t i = 0; i < in->n; i++) {
			const char *name = in->v[i].name, *value = in->v[i].value;
			if (strncmp(name, "results.", 8) || !*value)
				continue;
			int result = health_result_parse(value);
			if (result < 0)
				field_errors_add(fe, "results", _("unknown result '%s' for '%s'"), value, name + 8);
			else
				health_screening_add(&hs, name + 8, (enum health_result)result);
		}
		if (fe->n)
			rc = MAPO_EINVAL;
		else if (!(v = web_open_key(rq)))
			rc = NO_KEY;
		else if (!(rc = protect_health_screen(rq->db, v, &rq->who, &hs, err))) {
			r->id = hs.id;
			r->json = health_json(&hs);
			r->status = 201;
		} else if (rc == MAPO_EEXIST) {
			rc = MAPO_ECONFLICT; /* the admission was screened meanwhile */
		}
		health_screening_release(&hs);
		break;
	}
	default:
		rc = MAPO_EINVAL;
		break;
	}
	/* past pre_check the person is in reach: a case or role (a stay, for the health screening)
	 * not found is a value to correct */
	if (rc == MAPO_ENOTFOUND && (ops[op].action == PROTECT_IDENTIFY || op == OP_HEALTH)) {
		field_errors_add(fe, op == OP_HEALTH ? "date" : "case_ref", "%s", err->msg);
		rc = MAPO_EINVAL;
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
		if (op->fields[i].type == F_CHECKS && json_is_array(v)) {
			size_t n;
			json_t *item;
			json_array_foreach(v, n, item) {
				if (json_is_string(item))
					params_add(out, k, json_string_value(item));
				else
					field_errors_add(fe, k, _("'%s' must be an array of strings"), k);
			}
		} else if (op->fields[i].type == F_RESULTS && json_is_object(v)) {
			const char *code;
			json_t *result;
			json_object_foreach(v, code, result) {
				char name[HEALTH_CODE_MAX + 16];
				snprintf(name, sizeof(name), "results.%s", code);
				if (json_is_string(result))
					params_add(out, name, json_string_value(result));
				else
					field_errors_add(fe, k, _("'%s' must map each check to a result"), k);
			}
		} else if (op->fields[i].type == F_CHECKS || op->fields[i].type == F_RESULTS) {
			field_errors_add(fe, k, op->fields[i].type == F_CHECKS ? _("'%s' must be an array of strings")
									 : _("'%s' must map each check to a result"), k);
		} else if (json_is_string(v)) {
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
	if (!web_need_object(rq, rs))
		goto out;
	params_from_json(rq->json, &ops[op], &in, &fe);
	if (fe.n) {
		/* the person's reach before the shape of the rest */
		const char *person = nonempty(&in, "person_ref");
		if (person && (rc = aftercare_may_act(rq->db, &rq->who, ops[op].action, person, &err)))
			web_error_from(rq, rs, rc, &err);
		else
			web_invalid(rs, &fe, NULL);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	rc = run_op(rq, op, id, &in, &fe, &r, &err);
	if (rc == NO_KEY)
		web_no_key(rq, rs);
	else if (rc == MAPO_EINVAL)
		web_invalid(rs, &fe, NULL);
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
void api_victim_status_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_STATUS); }
void api_victim_screening_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_SCREEN); }
void api_victim_rescreening_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_RESCREEN); }
void api_victim_consent_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_CONSENT); }
void api_victim_health_create(struct web_req *rq, struct web_resp *rs) { api_write(rq, rs, OP_HEALTH); }

/* ---- the API's lists --------------------------------------------------------------------------------- */

/* A person's stays, gathered before their health screenings are read. */
struct stays {
	struct shelter_stay *v;
	size_t n, alloc;
};

static int stay_collect(const struct shelter_stay *stay, void *arg)
{
	struct stays *ss = arg;
	ALLOC_GROW(ss->v, ss->n + 1, ss->alloc);
	ss->v[ss->n++] = *stay;
	return 0;
}

static int person_stays(struct web_req *rq, const char *person_ref, struct stays *out, struct mapo_error *err)
{
	return protect_person_stays(rq->db, &rq->who, person_ref, stay_collect, out, err);
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
	if (!protection_may(rq, rs, PROTECT_READ))
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

static int screening_to_array(const struct screening *sc, void *arg)
{
	json_t *j = screening_json(sc);
	json_object_set_new(j, "id", json_integer((json_int_t)sc->id));
	json_array_append_new(arg, j);
	return 0;
}

static int decision_to_array(const struct status_decision *d, const char *reason, void *arg)
{
	json_array_append_new(arg, decision_json(d, *reason ? reason : NULL));
	return 0;
}

/* GET /api/v1/protection/persons/{ref}/identification: the decisions (oldest first, reasons
 * opened) and the screenings. PROTECT_RECORD or PROTECT_IDENTIFY; the reach before the key. */
void api_victim_identification(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	const char *ref = params_get(&rq->caps, "ref");
	json_t *decisions = json_array(), *screenings = json_array();
	vault *v = NULL;
	int rc;

	mapo_error_clear(&err);
	ref = ref ? ref : "";
	if (!access_may_protection(&rq->who, PROTECT_RECORD) && !access_may_protection(&rq->who, PROTECT_IDENTIFY))
		web_error(rq, rs, 403, "forbidden", _("you may not see identification records"));
	else if ((rc = protect_screening_list(rq->db, &rq->who, ref, screening_to_array, screenings, &err)))
		web_error_from(rq, rs, rc, &err);
	else if (!(v = web_open_key(rq)))
		web_no_key(rq, rs);
	else if ((rc = protect_status_history(rq->db, v, &rq->who, ref, decision_to_array, decisions, &err)))
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, json_pack("{s:s,s:O,s:O}", "person_ref", ref, "decisions", decisions, "screenings",
			screenings));
	json_decref(decisions);
	json_decref(screenings);
	vault_free(v);
}

static int consent_to_array(const struct consent *c, void *arg)
{
	json_t *j = consent_json("", c);
	json_object_del(j, "person_ref");
	json_object_set_new(j, "recorded_by", json_string(c->recorded_by));
	json_array_append_new(arg, j);
	return 0;
}

/* GET /api/v1/protection/persons/{ref}/consents: the consent decisions, oldest first. */
void api_victim_consents(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	const char *ref = params_get(&rq->caps, "ref");
	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		return;
	json_t *arr = json_array();
	int rc = protect_consent_list(rq->db, &rq->who, ref ? ref : "", consent_to_array, arr, &err);
	if (rc) {
		json_decref(arr);
		web_error_from(rq, rs, rc, &err);
		return;
	}
	web_json(rs, 200, json_pack("{s:s,s:o}", "person_ref", ref ? ref : "", "consents", arr));
}

/* GET /api/v1/protection/persons/{ref}/stays: the person's stays in places of refuge, by
 * admission, each with its health screening: null while pending, its date, and for PROTECT_EDIT
 * the results opened with the key (so 503 without it, after the reach). */
void api_victim_stays(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	enum identity_view view;
	struct stays stays = {NULL, 0, 0};
	struct health_screening hs;
	const char *ref = params_get(&rq->caps, "ref");
	json_t *arr = json_array();
	vault *v = NULL;
	int rc;

	mapo_error_clear(&err);
	health_screening_init(&hs);
	ref = ref ? ref : "";
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	if ((rc = aftercare_person_view(rq->db, &rq->who, ref, &view, &err)) ||
	    (rc = person_stays(rq, ref, &stays, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	bool results = access_may_protection(&rq->who, PROTECT_EDIT);
	if (results && !(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	for (size_t i = 0; i < stays.n; i++) {
		const struct shelter_stay *st = &stays.v[i];
		json_t *health = json_null();
		if (st->screened_on != DATE_NONE && !results) {
			health = json_pack("{s:o}", "screened_on", protection_jdate(st->screened_on));
		} else if (st->screened_on != DATE_NONE) {
			if ((rc = protect_health_get(rq->db, v, &rq->who, st->id, &hs, &err))) {
				web_error_from(rq, rs, rc, &err);
				goto out;
			}
			health = health_json(&hs);
		}
		json_array_append_new(arr, json_pack("{s:I,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)st->id, "shelter",
			st->shelter_code, "admitted_on", protection_jdate(st->admitted_on), "discharged_on", protection_jdate(st->discharged_on),
			"warnings", warnings_json(st->warnings), "health", health));
	}
	web_json(rs, 200, json_pack("{s:s,s:O}", "person_ref", ref, "stays", arr));
out:
	json_decref(arr);
	health_screening_release(&hs);
	vault_free(v);
	free(stays.v);
}

static void api_list(struct web_req *rq, struct web_resp *rs, bool permits)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct aftercare_query q;
	struct mapo_error err;
	mapo_error_clear(&err);
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	list_query(rq, &q, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	vault *v = web_open_key(rq);
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
	if (!protection_may(rq, rs, PROTECT_RECORD))
		return;
	if (!id) {
		web_error(rq, rs, 404, "not_found", _("no such record"));
		return;
	}
	vault *v = web_open_key(rq);
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
	struct indicator_list indicators;
	struct health_check_list checks;
};

static void page_lists_init(struct page_lists *l)
{
	memset(l, 0, sizeof(*l));
	indicator_list_init(&l->indicators);
	health_check_list_init(&l->checks);
}

static void page_lists_release(struct page_lists *l)
{
	strvec_release(&l->kinds);
	strvec_release(&l->kind_labels);
	strvec_release(&l->shelters);
	strvec_release(&l->shelter_labels);
	indicator_list_release(&l->indicators);
	health_check_list_release(&l->checks);
}

/* Was name=value sent (a box of a F_CHECKS field)? */
static bool params_has(const struct params *p, const char *name, const char *value)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (!strcmp(p->v[i].name, name) && !strcmp(p->v[i].value, value))
			return true;
	return false;
}

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
		{"revoked", N_("revoked")}, {"ended", N_("ended")}, {"possible", N_("possible victim")},
		{"actual", N_("actual victim")}, {"not-a-victim", N_("not a victim")},
		{"processing", N_("processing of the person's data")}, {"sharing", N_("sharing with partner organisations")},
		{"photo", N_("photographs")}, {"given", N_("given")},
	};
	for (size_t i = 0; i < NF(labels); i++)
		if (!strcmp(code, labels[i].code))
			return _(labels[i].label);
	return code;
}

/* A field of boxes (the indicators) or of a result per health check, in a fieldset. */
static void render_choices(struct web_req *rq, struct buf *o, const char *fid, const struct field *f,
	const struct params *values, const char *e, const struct page_lists *lists)
{
	tpl_printf(o, "<fieldset class=\"checks%s\" id=\"f-%s-%s\"", e ? " invalid" : "", fid, f->name);
	if (e)
		tpl_printf(o, " aria-describedby=\"e-%s-%s\"", fid, f->name);
	tpl_printf(o, "><legend>%s</legend>", _(f->label));
	if (f->type == F_CHECKS) {
		for (size_t k = 0; lists && k < lists->indicators.n; k++) {
			const struct indicator *ind = &lists->indicators.v[k];
			tpl_printf(o, "<label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%s> %s</label>", f->name,
				ind->code, params_has(values, f->name, ind->code) ? " checked" : "",
				rq->lang == LANG_MS ? ind->name_ms : ind->name_en);
		}
	} else {
		for (size_t k = 0; lists && k < lists->checks.n; k++) {
			const struct health_check *hc = &lists->checks.v[k];
			char name[HEALTH_CODE_MAX + 16];
			snprintf(name, sizeof(name), "%s.%s", f->name, hc->code);
			const char *v = values ? params_get(values, name) : NULL;
			tpl_printf(o, "<div class=\"field\"><label for=\"f-%s-%s\">%s</label><select id=\"f-%s-%s\" name=\"%s\">"
				      "<option value=\"\">%s</option>", fid, name, rq->lang == LANG_MS ? hc->name_ms : hc->name_en,
				fid, name, name, _("not done"));
			for (int r = 0; r < HEALTH__COUNT; r++)
				tpl_printf(o, "<option value=\"%s\"%s>%s</option>", health_result_code((enum health_result)r),
					v && !strcmp(v, health_result_code((enum health_result)r)) ? " selected" : "",
					health_result_name((enum health_result)r, rq->lang));
			tpl_raw(o, "</select></div>");
		}
	}
	if (e)
		tpl_printf(o, "<p class=\"error\" id=\"e-%s-%s\">%s</p>", fid, f->name, e);
	tpl_raw(o, "</fieldset>");
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
		const char *e = sent ? field_errors_get(st->fe, f->name) : NULL;
		if (f->type == F_HIDDEN) {
			tpl_printf(o, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", f->name, v ? v : "");
			if (e)
				tpl_printf(o, "<p class=\"error\" id=\"e-%s-%s\">%s</p>", fid, f->name, e);
			continue;
		}
		if (f->type == F_CHECKS || f->type == F_RESULTS) {
			render_choices(rq, o, fid, f, values, e, lists);
			continue;
		}
		if (f->type == F_CHECK) {
			tpl_printf(o, "<div class=\"field\"><label><input type=\"checkbox\" id=\"f-%s-%s\" name=\"%s\" "
				      "value=\"1\"%s> %s</label></div>", fid, f->name, f->name, v && *v ? " checked" : "",
				_(f->label));
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

/* The screening's results as a line: "Tuberculosis: negative; ...; isolated on admission" (a check
 * no longer on the list by its code), or that the retention run erased them. */
static void health_line(struct buf *o, const struct health_screening *hs, const struct page_lists *lists,
	enum mapo_lang lang)
{
	if (hs->erased) {
		tpl_printf(o, "%s", _("results erased (retention)"));
		return;
	}
	for (size_t i = 0; i < hs->n; i++) {
		const struct health_check *hc = health_check_list_find(&lists->checks, hs->items[i].code);
		tpl_printf(o, "%s%s: %s", i ? "; " : "", !hc ? hs->items[i].code : lang == LANG_MS ? hc->name_ms : hc->name_en,
			health_result_name(hs->items[i].result, lang));
	}
	if (hs->isolation)
		tpl_printf(o, "; %s", _("isolated on admission"));
}

/* The rows of the places-of-refuge table, each with its health screening: its date and, for the
 * officers who care for the person (PROTECT_EDIT) with the key, its results; "screening pending"
 * while there is none. */
static int stay_rows(struct page_ctx *c, const struct stays *ss, const vault *v, struct mapo_error *err)
{
	struct health_screening hs;
	int rc = 0;
	health_screening_init(&hs);
	for (size_t i = 0; !rc && i < ss->n; i++) {
		const struct shelter_stay *stay = &ss->v[i];
		unsigned w = stay->warnings;
		tpl_printf(c->o, "<tr><td>%s</td>", stay->shelter_code);
		cell_date(c, stay->admitted_on);
		cell_date(c, stay->discharged_on);
		tpl_printf(c->o, "<td>%s%s%s</td><td>", w & SHELTER_WARN_CAPACITY ? _("over capacity") : "",
			(w & SHELTER_WARN_CAPACITY) && (w & SHELTER_WARN_SEPARATION) ? "; " : "",
			w & SHELTER_WARN_SEPARATION ? _("separation by age and sex (s.42)") : "");
		if (stay->screened_on == DATE_NONE) {
			tpl_printf(c->o, "%s", _("screening pending"));
		} else {
			char d[48];
			fmt_date_long(stay->screened_on, c->rq->lang, d);
			tpl_printf(c->o, "%s", d);
			if (v && access_may_protection(&c->rq->who, PROTECT_EDIT) &&
			    !(rc = protect_health_get(c->rq->db, v, &c->rq->who, stay->id, &hs, err))) {
				tpl_raw(c->o, ": ");
				health_line(c->o, &hs, c->lists, c->rq->lang);
			}
		}
		tpl_raw(c->o, "</td></tr>\n");
		c->n++;
	}
	health_screening_release(&hs);
	return rc;
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

static int page_consent(const struct consent *x, void *arg)
{
	struct page_ctx *c = arg;
	tpl_printf(c->o, "<tr><td>%s</td><td>%s</td>", code_label(consent_scope_code(x->scope)),
		code_label(x->given ? "given" : "refused"));
	cell_date(c, x->decided_on);
	tpl_printf(c->o, "<td>%s</td></tr>\n", x->recorded_by);
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
		person_link(c->o, m->person_ref, "", NULL);
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
		person_link(c->o, x->person_ref, "", NULL);
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

/* The person's victim roles, as rows of the status table: the order form offers the case when
 * there is one. */
struct victim_cases {
	struct page_ctx *c;
	size_t n;
	char case_ref[CASE_REF_MAX];
};

static int victim_case(const struct victim_row *v, void *arg)
{
	struct victim_cases *vc = arg;
	struct page_ctx *c = vc->c;
	tpl_printf(c->o, "<tr><td>%s</td><td>%s</td>", v->case_ref, trafficking_status_name(v->status, c->rq->lang));
	cell_date(c, v->rescue_date);
	tpl_raw(c->o, "</tr>\n");
	snprintf(vc->case_ref, sizeof(vc->case_ref), "%s", v->case_ref);
	vc->n++;
	c->n++;
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
	struct stays stays = {NULL, 0, 0};
	vault *v = NULL;
	char only_case[CASE_REF_MAX] = "";
	int rc;

	mapo_error_clear(&err);
	page_lists_init(&lists);
	order_kinds_init(&kinds);
	if (!protection_may(rq, rs, PROTECT_READ))
		goto out;
	if ((rc = aftercare_person_view(rq->db, &rq->who, person_ref, &view, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	/* a partner sees the person's status and its referrals; the record is for the others */
	bool record = access_may_protection(&rq->who, PROTECT_RECORD);
	bool edit = access_may_protection(&rq->who, PROTECT_EDIT) && view == IDVIEW_FULL;
	/* the checks' names, for the stays' screenings: part of the record */
	if (record && (rc = protect_health_checks(rq->db, &lists.checks, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
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
	}
	v = web_open_key(rq);
	char title[PERSON_REF_MAX + 64];
	snprintf(title, sizeof(title), _("Protection of %s"), person_ref);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	tpl_raw(o, "<p>");
	person_link(o, person_ref, "/identity", _("Identity"));
	if (record) {
		tpl_raw(o, " · ");
		person_link(o, person_ref, "/identification", _("Identification: status decisions and screenings"));
		tpl_printf(o, " · <a href=\"/protection\">%s</a> · <a href=\"/protection/aftercare\">%s</a></p>\n",
			_("Protection orders: deadlines"), _("After care: permits and repatriation"));
	} else {
		tpl_printf(o, " · <a href=\"/protection/victims\">%s</a></p>\n", _("Victims and their status"));
	}
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

	/* the trafficking status of each victim role */
	tpl_printf(o, "<section aria-labelledby=\"h-status\"><h2 id=\"h-status\">%s</h2>\n", _("Trafficking status"));
	const char *vh[] = {_("Case"), _("Trafficking status"), _("Rescued on")};
	struct victim_cases vc = {&c, 0, ""};
	struct victim_query vq = {person_ref, 0, 0};
	if ((rc = protect_victim_list(rq->db, &rq->who, &vq, victim_case, &vc, &err)))
		goto failed;
	if (c.n)
		table_head(o, vh, NF(vh));
	table_end(o, &body, c.n);
	tpl_raw(o, "</section>\n");
	if (vc.n == 1)
		snprintf(only_case, sizeof(only_case), "%s", vc.case_ref);

	if (record) {
		/* orders */
		buf_reset(&body);
		c.n = 0;
		tpl_printf(o, "<section aria-labelledby=\"h-orders\"><h2 id=\"h-orders\">%s</h2>\n", _("Court orders"));
		const char *oh[] = {_("Order"), _("Case"), _("Kind"), _("Court"), _("Start"), _("End"), _("Outcome"),
			_("On"), ""};
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
		const char *sh[] = {_("Place of refuge"), _("Admitted"), _("Discharged"), _("Warnings"),
			_("Health screening")};
		if ((rc = person_stays(rq, person_ref, &stays, &err)) || (rc = stay_rows(&c, &stays, v, &err)))
			goto failed;
		if (c.n)
			table_head(o, sh, NF(sh));
		table_end(o, &body, c.n);
		const struct shelter_stay *now =
			stays.n && stays.v[stays.n - 1].discharged_on == DATE_NONE ? &stays.v[stays.n - 1] : NULL;
		if (edit && !now && !lists.shelters.n)
			tpl_printf(o, "<p>%s</p>\n", _("No places of refuge are recorded."));
		else if (edit)
			render_form(rq, o, now ? OP_DISCHARGE : OP_ADMIT, 0, &dflt, st, &lists);
		if (edit && now && now->screened_on == DATE_NONE)
			render_form(rq, o, OP_HEALTH, 0, &dflt, st, &lists);
		tpl_raw(o, "</section>\n");

		/* consent */
		buf_reset(&body);
		c.n = 0;
		tpl_printf(o, "<section aria-labelledby=\"h-consent\"><h2 id=\"h-consent\">%s</h2>\n", _("Consent"));
		const char *ch[] = {_("Consent to"), _("Decision"), _("Decided on"), _("Recorded by")};
		if ((rc = protect_consent_list(rq->db, &rq->who, person_ref, page_consent, &c, &err)))
			goto failed;
		if (c.n)
			table_head(o, ch, NF(ch));
		table_end(o, &body, c.n);
		if (edit)
			render_form(rq, o, OP_CONSENT, 0, &dflt, st, &lists);
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
	}

	/* referrals: a partner sees its own */
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

	params_release(&dflt);
	page_end(rq, rs, status);
	goto out;
failed:
	params_release(&dflt);
	buf_reset(&rs->body);
	web_error_from(rq, rs, rc, &err);
out:
	vault_free(v);
	free(stays.v);
	buf_release(&body);
	order_kinds_release(&kinds);
	page_lists_release(&lists);
}

/* ---- the identification page ------------------------------------------------------------------- */

struct ident_ctx {
	struct page_ctx c;
	char last_case[CASE_REF_MAX]; /* the case of the latest decision (else screening), for the forms */
};

static int ident_decision(const struct status_decision *d, const char *reason, void *arg)
{
	struct ident_ctx *ic = arg;
	struct page_ctx *c = &ic->c;
	tpl_printf(c->o, "<tr><td><a href=\"/cases/%s\">%s</a></td><td>%s</td><td>%s</td>", d->case_ref, d->case_ref,
		trafficking_status_name(d->status, c->rq->lang), d->org);
	cell_date(c, d->decided_on);
	tpl_printf(c->o, "<td>%s</td></tr>\n", reason);
	snprintf(ic->last_case, sizeof(ic->last_case), "%s", d->case_ref);
	c->n++;
	return 0;
}

static int ident_screening(const struct screening *sc, void *arg)
{
	struct ident_ctx *ic = arg;
	struct page_ctx *c = &ic->c;
	tpl_printf(c->o, "<tr><td><a href=\"/cases/%s\">%s</a></td>", sc->case_ref, sc->case_ref);
	cell_date(c, sc->screened_on);
	tpl_printf(c->o, "<td>%s</td><td>%s</td><td>", sc->org, trafficking_status_name(sc->outcome, c->rq->lang));
	for (size_t i = 0; i < sc->indicators.n; i++) {
		const struct indicator *ind = indicator_list_find(&c->lists->indicators, sc->indicators.v[i]);
		tpl_printf(c->o, "%s%s", i ? "; " : "",
			!ind ? sc->indicators.v[i] : c->rq->lang == LANG_MS ? ind->name_ms : ind->name_en);
	}
	tpl_raw(c->o, "</td></tr>\n");
	snprintf(ic->last_case, sizeof(ic->last_case), "%s", sc->case_ref);
	c->n++;
	return 0;
}

/* A person's identification: the trafficking-status decisions with their reasons, the
 * screenings with the indicators found, and (for a role that decides, seeing the person in
 * full) the forms that record them and the s.41A re-screening. */
static void ident_page(struct web_req *rq, struct web_resp *rs, const char *person_ref, const struct form_state *st,
	int status)
{
	struct mapo_error err;
	struct page_lists lists;
	struct buf body = BUF_INIT;
	struct params dflt = PARAMS_INIT;
	vault *v = NULL;
	int rc;

	mapo_error_clear(&err);
	page_lists_init(&lists);
	if (!access_may_protection(&rq->who, PROTECT_RECORD) && !access_may_protection(&rq->who, PROTECT_IDENTIFY)) {
		web_error(rq, rs, 403, "forbidden", _("you may not see identification records"));
		goto out;
	}
	bool edit = access_may_protection(&rq->who, PROTECT_IDENTIFY) &&
		    !aftercare_may_act(rq->db, &rq->who, PROTECT_IDENTIFY, person_ref, &err);
	if ((rc = store_indicators_load(rq->db, &lists.indicators, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	struct ident_ctx ic = {{rq, &body, st, &lists, edit, 0, person_ref}, ""};
	/* the reach first: a person out of reach is absent whether or not this server has the key */
	if ((rc = protect_screening_list(rq->db, &rq->who, person_ref, ident_screening, &ic, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	char title[PERSON_REF_MAX + 64];
	snprintf(title, sizeof(title), _("Identification of %s"), person_ref);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	if (access_may_protection(&rq->who, PROTECT_READ)) {
		tpl_raw(o, "<p>");
		person_link(o, person_ref, "", _("Protection record"));
		tpl_raw(o, "</p>\n");
	}
	if (web_query(rq, "saved") && status == 200)
		tpl_printf(o, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Saved."));

	/* screenings were gathered above; the decisions come first on the page */
	struct buf screenings = BUF_INIT;
	size_t nscreen = ic.c.n;
	buf_add(&screenings, body.data, body.len);
	buf_reset(&body);
	ic.c.n = 0;
	tpl_printf(o, "<section aria-labelledby=\"h-decisions\"><h2 id=\"h-decisions\">%s</h2>\n",
		_("Trafficking status decisions"));
	const char *dh[] = {_("Case"), _("Status"), _("Deciding organisation"), _("Decided on"), _("Reason")};
	if ((rc = protect_status_history(rq->db, v, &rq->who, person_ref, ident_decision, &ic, &err))) {
		buf_release(&screenings);
		goto failed;
	}
	if (ic.c.n)
		table_head(o, dh, NF(dh));
	table_end(o, &body, ic.c.n);
	const char *case_ref = web_query(rq, "case");
	params_add(&dflt, "person_ref", person_ref);
	params_add(&dflt, "case_ref", case_ref && *case_ref ? case_ref : ic.last_case);
	params_add(&dflt, "org", rq->who.agency[0] ? rq->who.agency : rq->who.org);
	if (edit)
		render_form(rq, o, OP_STATUS, 0, &dflt, st, &lists);
	tpl_raw(o, "</section>\n");

	tpl_printf(o, "<section aria-labelledby=\"h-screenings\"><h2 id=\"h-screenings\">%s</h2>\n", _("Screenings"));
	const char *sh[] = {_("Case"), _("Screened on"), _("Screening organisation"), _("Outcome"), _("Indicators found")};
	if (nscreen)
		table_head(o, sh, NF(sh));
	table_end(o, &screenings, nscreen);
	buf_release(&screenings);
	if (edit) {
		render_form(rq, o, OP_SCREEN, 0, &dflt, st, &lists);
		/* folded unless the smuggling case was named (the case page's link) or it was sent back */
		struct params rescreen = PARAMS_INIT;
		params_add(&rescreen, "person_ref", person_ref);
		params_add(&rescreen, "case_ref", case_ref ? case_ref : "");
		params_add(&rescreen, "org", rq->who.agency[0] ? rq->who.agency : rq->who.org);
		tpl_printf(o, "<details%s><summary>%s</summary>\n<p>%s</p>\n",
			(case_ref && *case_ref) || (st && st->op == OP_RESCREEN) ? " open" : "",
			_("Re-screening of a smuggled migrant (s.41A)"),
			_("A smuggled migrant is not under the protection part of the Act unless re-screened and found "
			  "trafficked; the person then also holds a victim role in the linked trafficking case."));
		render_form(rq, o, OP_RESCREEN, 0, &rescreen, st, &lists);
		tpl_raw(o, "</details>\n");
		params_release(&rescreen);
	}
	tpl_raw(o, "</section>\n");
	page_end(rq, rs, status);
	goto out;
failed:
	buf_reset(&rs->body);
	web_error_from(rq, rs, rc, &err);
out:
	vault_free(v);
	params_release(&dflt);
	buf_release(&body);
	page_lists_release(&lists);
}

void h_victim_identification(struct web_req *rq, struct web_resp *rs)
{
	const char *ref = params_get(&rq->caps, "ref");
	ident_page(rq, rs, ref ? ref : "", NULL, 200);
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
		web_no_key(rq, rs);
	} else if ((rc == MAPO_EINVAL || rc == MAPO_ECONFLICT) && r.person_ref[0]) {
		struct form_state st = {op, id, &rq->form, &fe, rc == MAPO_ECONFLICT ? err.msg : NULL};
		(ops[op].action == PROTECT_IDENTIFY ? ident_page : person_page)(rq, rs, r.person_ref, &st,
			rc == MAPO_ECONFLICT ? 409 : 422);
	} else if (rc) {
		web_error_from(rq, rs, rc, &err);
	} else {
		struct buf loc = BUF_INIT;
		buf_addstr(&loc, "/protection/persons/");
		url_encode(&loc, r.person_ref, true);
		buf_addstr(&loc, ops[op].action == PROTECT_IDENTIFY ? "/identification?saved=1" : "?saved=1");
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
void h_victim_status_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_STATUS); }
void h_victim_screening_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_SCREEN); }
void h_victim_rescreening_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_RESCREEN); }
void h_victim_consent_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_CONSENT); }
void h_victim_health_post(struct web_req *rq, struct web_resp *rs) { page_write(rq, rs, OP_HEALTH); }

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
	if (!protection_may(rq, rs, PROTECT_RECORD))
		goto out;
	list_query(rq, &q, &fe);
	q.person_ref = NULL;
	if (fe.n)
		q.from = q.to = DATE_NONE;
	date_format(q.from, from_s);
	date_format(q.to, to_s);
	v = web_open_key(rq);
	page_begin(rq, rs, _("After care: permits and repatriation"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("After care: permits and repatriation"));
	tpl_printf(o, "<p><a href=\"/protection\">%s</a></p>\n", _("Protection orders: deadlines"));
	tpl_printf(o, "<form method=\"get\" action=\"/protection/aftercare\" class=\"period\" aria-label=\"%s\">",
		_("Choose a period"));
	tpl_input(o, "from", _("From"), "date", from_s, field_errors_get(&fe, "from"), false);
	tpl_input(o, "to", _("To"), "date", to_s, field_errors_get(&fe, "to"), false);
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
