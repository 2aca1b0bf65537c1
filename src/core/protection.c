/* Victim protection: the rules of core/protection.h over store_protection.h, with the vault for
 * everything personal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/protection.h"
#include "store/store_protection.h"

/* ---- vocabularies -------------------------------------------------------------------------- */

static int parse_code(const char *const *codes, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, codes[i]))
			return i;
	return -1;
}

static const char *const field_codes[IDF__COUNT] = {
	"name", "id_number", "passport_number", "address", "phone", "photo",
};
static const char *const field_names[IDF__COUNT] = {
	N_("name"), N_("identity number"), N_("passport number"), N_("address"), N_("phone number"), N_("photo"),
};
const char *identity_field_code(enum identity_field f) { return f >= 0 && f < IDF__COUNT ? field_codes[f] : ""; }
int identity_field_parse(const char *s) { return parse_code(field_codes, IDF__COUNT, s); }
const char *identity_field_name(enum identity_field f, enum mapo_lang lang)
{
	return f >= 0 && f < IDF__COUNT ? mapo_tr(lang, field_names[f]) : "";
}

static const char *const consent_codes[CONSENT__COUNT] = {"processing", "sharing", "photo"};
const char *consent_scope_code(enum consent_scope c) { return c >= 0 && c < CONSENT__COUNT ? consent_codes[c] : ""; }
int consent_scope_parse(const char *s) { return parse_code(consent_codes, CONSENT__COUNT, s); }

static const char *const outcome_codes[OUTCOME__COUNT] = {
	"released", "immigration", "repatriated", "placed-elsewhere", "superseded",
};
static const char *const outcome_names[OUTCOME__COUNT] = {
	N_("released"), N_("handed to Immigration"), N_("repatriated"), N_("placed elsewhere"), N_("superseded"),
};
const char *order_outcome_code(enum order_outcome o) { return o >= 0 && o < OUTCOME__COUNT ? outcome_codes[o] : ""; }
enum order_outcome order_outcome_parse(const char *s)
{
	return (enum order_outcome)parse_code(outcome_codes, OUTCOME__COUNT, s);
}
const char *order_outcome_name(enum order_outcome o, enum mapo_lang lang)
{
	return o >= 0 && o < OUTCOME__COUNT ? mapo_tr(lang, outcome_names[o]) : mapo_tr(lang, N_("running"));
}

static const char *const operator_codes[] = {"government", "ngo"};
static const char *const serves_codes[] = {"women", "men", "children"};
const char *shelter_operator_code(enum shelter_operator o) { return o >= 0 && o < 2 ? operator_codes[o] : ""; }
int shelter_operator_parse(const char *s) { return parse_code(operator_codes, 2, s); }
const char *shelter_serves_code(enum shelter_serves s) { return s >= 0 && s < 3 ? serves_codes[s] : ""; }
int shelter_serves_parse(const char *s) { return parse_code(serves_codes, 3, s); }

static const char *const dir_codes[] = {"in", "out"};
static const char *const rstatus_codes[] = {"pending", "accepted", "refused"};
static const char *const service_codes[] = {
	"identification", "shelter", "medical", "psychosocial", "legal-aid", "interpreter", "allowance", "skills",
	"other",
};
const char *referral_dir_code(enum referral_dir d) { return d >= 0 && d < 2 ? dir_codes[d] : ""; }
int referral_dir_parse(const char *s) { return parse_code(dir_codes, 2, s); }
const char *referral_status_code(enum referral_status st) { return st >= 0 && st < 3 ? rstatus_codes[st] : ""; }
int referral_status_parse(const char *s) { return parse_code(rstatus_codes, 3, s); }
bool referral_service_valid(const char *s)
{
	return parse_code(service_codes, (int)(sizeof(service_codes) / sizeof(service_codes[0])), s) >= 0;
}

/* ---- reference lists ----------------------------------------------------------------------- */

void order_kinds_init(struct order_kinds *k) { memset(k, 0, sizeof(*k)); }

void order_kinds_release(struct order_kinds *k)
{
	for (size_t i = 0; i < k->n; i++) {
		strvec_release(&k->v[i].follows);
		free(k->v[i].name_ms);
		free(k->v[i].name_en);
	}
	free(k->v);
	order_kinds_init(k);
}

void order_kinds_add(struct order_kinds *k, const struct order_kind *item)
{
	ALLOC_GROW(k->v, k->n + 1, k->alloc);
	struct order_kind *o = &k->v[k->n++];
	*o = *item;
	strvec_init(&o->follows);
	strvec_copy(&o->follows, &item->follows);
	o->name_ms = xstrdup(item->name_ms ? item->name_ms : "");
	o->name_en = xstrdup(item->name_en ? item->name_en : "");
}

const struct order_kind *order_kinds_find(const struct order_kinds *k, const char *kind)
{
	for (size_t i = 0; kind && i < k->n; i++)
		if (!strcmp(k->v[i].kind, kind))
			return &k->v[i];
	return NULL;
}

void indicator_list_init(struct indicator_list *l) { memset(l, 0, sizeof(*l)); }

void indicator_list_release(struct indicator_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name_ms);
		free(l->v[i].name_en);
	}
	free(l->v);
	indicator_list_init(l);
}

void indicator_list_add(struct indicator_list *l, const struct indicator *item)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct indicator *it = &l->v[l->n++];
	*it = *item;
	it->name_ms = xstrdup(item->name_ms ? item->name_ms : "");
	it->name_en = xstrdup(item->name_en ? item->name_en : "");
}

const struct indicator *indicator_list_find(const struct indicator_list *l, const char *code)
{
	for (size_t i = 0; code && i < l->n; i++)
		if (!strcmp(l->v[i].code, code))
			return &l->v[i];
	return NULL;
}

int protect_install_refdata(store *s, const struct order_kinds *k, const struct indicator_list *l,
	struct mapo_error *err)
{
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = store_order_kinds_replace(s, k, err)) || (rc = store_indicators_replace(s, l, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* ---- deadlines ----------------------------------------------------------------------------- */

mapo_date date_add_months(mapo_date d, int months)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	long total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	int last = date_days_in_month(y, m);
	return date_from_ymd(y, m, day > last ? last : day);
}

mapo_date order_end_date(const struct order_kind *k, mapo_date start)
{
	if (!k->duration)
		return DATE_NONE;
	return k->months ? date_add_months(start, k->duration) : start + k->duration;
}

/* ---- identities ---------------------------------------------------------------------------- */

void identity_init(struct identity *id)
{
	memset(id, 0, sizeof(*id));
	for (int i = 0; i < IDF__COUNT; i++)
		buf_init(&id->v[i], VAULT_FIELD_MAX + 1);
}

void identity_release(struct identity *id)
{
	for (int i = 0; i < IDF__COUNT; i++) {
		if (id->v[i].data)
			memset(id->v[i].data, 0, id->v[i].len);
		buf_release(&id->v[i]);
	}
	identity_init(id);
}

static const char bullet[] = "\xe2\x80\xa2"; /* U+2022 */

void identity_mask(enum identity_field f, const char *value, struct buf *out)
{
	buf_reset(out);
	if (f == IDF_NAME) {
		/* Initials: the first character (whole, in UTF-8) of each word. */
		bool start = true;
		for (const char *p = value; *p; p++) {
			if (*p == ' ') {
				start = true;
				continue;
			}
			if (start) {
				size_t n = 1;
				while (((unsigned char)p[n] & 0xC0) == 0x80)
					n++;
				if (out->len)
					buf_addch(out, ' ');
				buf_add(out, p, n);
				buf_addch(out, '.');
				start = false;
			}
		}
		return;
	}
	if (f == IDF_ID_NUMBER || f == IDF_PASSPORT) {
		size_t len = strlen(value);
		size_t keep = len > 8 ? 4 : len / 2;
		for (int i = 0; i < 4; i++)
			buf_addstr(out, bullet);
		buf_addstr(out, value + len - keep);
		return;
	}
	for (int i = 0; i < 3; i++)
		buf_addstr(out, bullet);
}

/* The principal's view of person_ref (MAPO_ENOTFOUND, as a missing person, when none). */
static int person_view(store *s, const struct principal *p, const char *person_ref, enum identity_view *view,
	struct mapo_error *err)
{
	if (!p) {
		int64_t id;
		*view = IDVIEW_FULL;
		return store_person_lookup(s, person_ref, &id, NULL, err);
	}
	struct person_facts f;
	memset(&f, 0, sizeof(f));
	int rc = store_person_facts(s, person_ref, p->org, p->agency, &f, err);
	if (rc)
		return rc;
	*view = access_identity_view(p, &f);
	if (*view == IDVIEW_NONE)
		return mapo_error_set(err, MAPO_ENOTFOUND, _("no person '%s'"), person_ref);
	return 0;
}

static int denied(struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EDENIED, "%s", _("your role does not allow this"));
}

static int check_may(const struct principal *p, enum protection_action a, struct mapo_error *err)
{
	return p && !access_may_protection(p, a) ? denied(err) : 0;
}

/* p may act (action) on person_ref, which it must see in full. */
static int check_person(store *s, const struct principal *p, enum protection_action action, const char *person_ref,
	struct mapo_error *err)
{
	enum identity_view view;
	int rc = person_view(s, p, person_ref, &view, err);
	if (rc)
		return rc;
	if (p && (!access_may_protection(p, action) || view != IDVIEW_FULL))
		return denied(err);
	return 0;
}

/* Seals a text value for table.column of row, or makes an absent value for NULL or "". */
static int seal_text(const vault *v, enum sealed_col c, int64_t row, const char *text, size_t len,
	struct sealed *out, struct mapo_error *err)
{
	sealed_release(out);
	if (!text || !len)
		return 0;
	return vault_seal(v, store_sealed_table(c), store_sealed_column(c), row, text, len, out, err);
}

int protect_identity_put(store *s, const vault *v, const struct principal *p, const char *person_ref,
	const struct identity_input *in, struct mapo_error *err)
{
	struct sealed sealed = {NULL, 0};
	struct buf fields = BUF_INIT;
	int64_t row;
	bool any = false;
	int rc = check_person(s, p, PROTECT_EDIT, person_ref, err);
	if (rc)
		return rc;
	for (int f = 0; f < IDF__COUNT; f++) {
		any = any || in->v[f];
		if (!in->v[f] || f == IDF_PHOTO)
			continue;
		size_t len = in->len[f] ? in->len[f] : strlen(in->v[f]);
		if (len > NAME_MAX_BYTES * 4 || !utf8_valid(in->v[f], len))
			return mapo_error_set(err, MAPO_EINVAL, _("%s: not UTF-8 text of at most %d bytes"),
				identity_field_name((enum identity_field)f, i18n_lang()), NAME_MAX_BYTES * 4);
	}
	if (!any)
		return 0; /* nothing to store: no empty record, nothing in the trail */
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_identity_row(s, person_ref, true, &row, err)))
		goto out;
	for (int f = 0; f < IDF__COUNT; f++) {
		if (!in->v[f])
			continue;
		size_t len = in->len[f] || f == IDF_PHOTO ? in->len[f] : strlen(in->v[f]);
		char index[VAULT_INDEX_STRLEN] = "";
		if ((rc = seal_text(v, (enum sealed_col)f, row, in->v[f], len, &sealed, err)))
			goto out;
		if (f == IDF_ID_NUMBER || f == IDF_PASSPORT)
			vault_blind_index(v, field_codes[f], in->v[f], index);
		if ((rc = store_sealed_set(s, (enum sealed_col)f, row, &sealed, index, err)))
			goto out;
		buf_printf(&fields, "%s%s", fields.len ? "," : "", field_codes[f]);
	}
	rc = audit_append(s, p, "identity-put", "person", person_ref, buf_str(&fields), NULL, err);
out:
	sealed_release(&sealed);
	buf_release(&fields);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_identity_get(store *s, const vault *v, const struct principal *p, const char *person_ref,
	struct identity *out, struct mapo_error *err)
{
	struct identity_rec rec;
	struct buf plain = BUF_INIT;
	enum identity_view view;
	memset(&rec, 0, sizeof(rec));
	identity_release(out);
	int rc = person_view(s, p, person_ref, &view, err);
	if (rc)
		return rc;
	if ((rc = store_identity_get(s, person_ref, &rec, err)))
		goto out;
	snprintf(out->person_ref, sizeof(out->person_ref), "%s", person_ref);
	out->view = view;
	out->erased = rec.erased;
	buf_init(&plain, VAULT_FIELD_MAX + 1);
	for (int f = 0; f < IDF__COUNT; f++) {
		if (!rec.v[f].data)
			continue;
		if (view == IDVIEW_MASKED && f == IDF_PHOTO)
			continue;
		if ((rc = vault_unseal(v, store_sealed_table((enum sealed_col)f), store_sealed_column((enum sealed_col)f),
			     rec.row, rec.v[f].data, rec.v[f].len, &plain, err)))
			goto out;
		out->has[f] = true;
		if (view == IDVIEW_MASKED)
			identity_mask((enum identity_field)f, buf_str(&plain), &out->v[f]);
		else
			buf_add(&out->v[f], plain.data ? plain.data : "", plain.len);
		if (plain.data)
			memset(plain.data, 0, plain.len);
	}
	rc = audit_append(s, p, "identity-view", "person", person_ref, view == IDVIEW_FULL ? "full" : "masked", NULL,
		err);
out:
	if (plain.data)
		memset(plain.data, 0, plain.len);
	buf_release(&plain);
	identity_rec_release(&rec);
	if (rc)
		identity_release(out);
	return rc;
}

int protect_identity_find(store *s, const vault *v, const struct principal *p, bool passport,
	const char *number, struct strvec *person_refs, struct mapo_error *err)
{
	struct strvec found = STRVEC_INIT;
	char index[VAULT_INDEX_STRLEN];
	int rc = 0;
	vault_blind_index(v, passport ? "passport_number" : "id_number", number, index);
	if (index[0] && (rc = store_identity_find(s, passport, index, &found, err)))
		goto out;
	for (size_t i = 0; i < found.n; i++) {
		enum identity_view view;
		struct mapo_error ignored;
		if (!person_view(s, p, found.v[i], &view, &ignored) && view == IDVIEW_FULL)
			strvec_push(person_refs, found.v[i]);
	}
	/* The number itself stays out of the trail: it is personal data. */
	rc = audit_append(s, p, passport ? "identity-search-passport" : "identity-search", "person", "",
		"", NULL, err);
out:
	strvec_release(&found);
	return rc;
}

int protect_consent_record(store *s, const struct principal *p, const char *person_ref, const struct consent *c,
	struct mapo_error *err)
{
	int64_t person_id;
	char detail[64];
	if (c->scope < 0 || c->scope >= CONSENT__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("scope: processing, sharing or photo"));
	if (c->decided_on == DATE_NONE || c->decided_on > date_today())
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: a real date not in the future is needed"));
	int rc = check_person(s, p, PROTECT_EDIT, person_ref, err);
	if (rc)
		return rc;
	if ((rc = store_person_lookup(s, person_ref, &person_id, NULL, err)) || (rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "%s=%s", consent_scope_code(c->scope), c->given ? "given" : "refused");
	if ((rc = store_consent_add(s, person_id, c, p ? p->username : "", err)) ||
	    (rc = audit_append(s, p, "consent", "person", person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_consent_list(store *s, const struct principal *p, const char *person_ref, protect_consent_cb cb,
	void *arg, struct mapo_error *err)
{
	enum identity_view view;
	int64_t person_id;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc || (rc = person_view(s, p, person_ref, &view, err)) ||
	    (rc = store_person_lookup(s, person_ref, &person_id, NULL, err)))
		return rc;
	return store_consent_list(s, person_id, cb, arg, err);
}

/* ---- identification ------------------------------------------------------------------------ */

void screening_init(struct screening *sc)
{
	memset(sc, 0, sizeof(*sc));
	strvec_init(&sc->indicators);
	sc->outcome = TSTATUS_POSSIBLE;
	sc->screened_on = DATE_NONE;
}

void screening_release(struct screening *sc)
{
	strvec_release(&sc->indicators);
}

/* Adds the decision, then seals its reason into the new history row. */
static int add_decision(store *s, const vault *v, int64_t role_id, const struct status_decision *d, int64_t *row,
	struct mapo_error *err)
{
	int rc = store_status_add(s, role_id, d, row, err);
	if (rc || !d->reason || !*d->reason)
		return rc;
	struct sealed sealed = {NULL, 0};
	if (!(rc = seal_text(v, SC_STATUS_REASON, *row, d->reason, strlen(d->reason), &sealed, err)))
		rc = store_sealed_set(s, SC_STATUS_REASON, *row, &sealed, NULL, err);
	sealed_release(&sealed);
	return rc;
}

static int check_decision(const struct status_decision *d, struct mapo_error *err)
{
	if (d->status < 0 || d->status >= TSTATUS__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("status: possible, actual or not-a-victim"));
	if (!d->org[0])
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("org: the deciding organisation is needed"));
	if (d->decided_on == DATE_NONE || d->decided_on > date_today())
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: a real date not in the future is needed"));
	if (d->reason && !utf8_valid(d->reason, strlen(d->reason)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("reason: not UTF-8 text"));
	return 0;
}

int protect_status_set(store *s, const vault *v, const struct principal *p, struct status_decision *d,
	struct mapo_error *err)
{
	int64_t role_id;
	char detail[64];
	int rc = check_may(p, PROTECT_IDENTIFY, err);
	if (rc || (rc = check_decision(d, err)) || (rc = check_person(s, p, PROTECT_IDENTIFY, d->person_ref, err)))
		return rc;
	if ((rc = store_role_lookup(s, d->case_ref, d->person_ref, PROLE_VICTIM, &role_id, err)))
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "status=%s", trafficking_status_code(d->status));
	if ((rc = add_decision(s, v, role_id, d, &d->id, err)) ||
	    (rc = audit_append(s, p, "victim-status", "person", d->person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* May p read person_ref's identification (decisions and screenings): PROTECT_RECORD and a view,
 * or PROTECT_IDENTIFY and a full view, as an agency officer has of the persons in its agency's
 * cases, whose status it decides. */
static int check_read_identification(store *s, const struct principal *p, const char *person_ref,
	struct mapo_error *err)
{
	enum identity_view view;
	int rc = person_view(s, p, person_ref, &view, err);
	if (rc || !p || access_may_protection(p, PROTECT_RECORD) ||
	    (access_may_protection(p, PROTECT_IDENTIFY) && view == IDVIEW_FULL))
		return rc;
	return mapo_error_set(err, MAPO_ENOTFOUND, _("no person '%s'"), person_ref);
}

struct history_ctx {
	const vault *v;
	protect_status_cb cb;
	void *arg;
	struct buf plain;
	struct mapo_error *err;
};

static int history_row(const struct status_decision *d, int64_t row, const unsigned char *reason, size_t len,
	void *arg)
{
	struct history_ctx *h = arg;
	buf_reset(&h->plain);
	if (reason) {
		int rc = vault_unseal(h->v, "victim_status_history", "reason", row, reason, len, &h->plain, h->err);
		if (rc)
			return rc;
	}
	return h->cb(d, buf_str(&h->plain), h->arg);
}

int protect_status_history(store *s, const vault *v, const struct principal *p, const char *person_ref,
	protect_status_cb cb, void *arg, struct mapo_error *err)
{
	int rc = check_read_identification(s, p, person_ref, err);
	if (rc)
		return rc;
	struct history_ctx h = {v, cb, arg, BUF_INIT, err};
	rc = store_status_list(s, person_ref, history_row, &h, err);
	buf_release(&h.plain);
	/* the reasons are opened: the view is in the trail, as a view of an identity */
	return rc ? rc : audit_append(s, p, "identification-view", "person", person_ref, NULL, NULL, err);
}

static int check_indicators(store *s, const struct screening *sc, struct mapo_error *err)
{
	struct indicator_list known;
	indicator_list_init(&known);
	int rc = store_indicators_load(s, &known, err);
	for (size_t i = 0; !rc && i < sc->indicators.n; i++)
		if (!indicator_list_find(&known, sc->indicators.v[i]))
			rc = mapo_error_set(err, MAPO_EINVAL, _("indicators: unknown indicator '%s'"),
				sc->indicators.v[i]);
	indicator_list_release(&known);
	if (!rc && (sc->outcome < 0 || sc->outcome >= TSTATUS__COUNT))
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("outcome: possible, actual or not-a-victim"));
	if (!rc && (sc->screened_on == DATE_NONE || sc->screened_on > date_today()))
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("date: a real date not in the future is needed"));
	if (!rc && !sc->org[0])
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", _("org: the screening organisation is needed"));
	return rc;
}

int protect_screening_add(store *s, const struct principal *p, struct screening *sc, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_IDENTIFY, err);
	if (rc || (rc = check_person(s, p, PROTECT_IDENTIFY, sc->person_ref, err)) || (rc = check_indicators(s, sc, err)))
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_screening_add(s, sc, err)) ||
	    (rc = audit_append(s, p, "screening", "person", sc->person_ref, sc->case_ref, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_screening_list(store *s, const struct principal *p, const char *person_ref, protect_screening_cb cb,
	void *arg, struct mapo_error *err)
{
	int rc = check_read_identification(s, p, person_ref, err);
	return rc ? rc : store_screening_list(s, person_ref, cb, arg, err);
}

int protect_rescreen(store *s, const vault *v, const struct principal *p, struct screening *sc,
	const char *tip_case_ref, struct mapo_error *err)
{
	struct mapo_case som, tip;
	struct case_person person;
	int64_t role_id;
	bool found = sc->outcome == TSTATUS_POSSIBLE || sc->outcome == TSTATUS_ACTUAL;
	case_init(&som);
	case_init(&tip);
	int rc = check_may(p, PROTECT_IDENTIFY, err);
	if (rc || (rc = check_person(s, p, PROTECT_IDENTIFY, sc->person_ref, err)) ||
	    (rc = check_indicators(s, sc, err)))
		goto done;
	if ((rc = store_case_get(s, sc->case_ref, &som, err)))
		goto done;
	if (som.kind != KIND_SOM) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("case '%s' is not a migrant smuggling case"), sc->case_ref);
		goto done;
	}
	if ((rc = store_role_lookup(s, sc->case_ref, sc->person_ref, PROLE_SMUGGLED_MIGRANT, &role_id, err)))
		goto done;
	if (found) {
		if (!tip_case_ref || !*tip_case_ref) {
			rc = mapo_error_set(err, MAPO_EINVAL, "%s",
				_("a person found trafficked needs the TIP case linked to the smuggling case"));
			goto done;
		}
		if ((rc = store_case_get(s, tip_case_ref, &tip, err)))
			goto done;
		if (tip.kind != KIND_TIP || (strcmp(tip.related_ref, som.ref) && strcmp(som.related_ref, tip.ref))) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("case '%s' is not a TIP case linked to '%s'"), tip_case_ref,
				som.ref);
			goto done;
		}
	}
	if ((rc = store_person_lookup(s, sc->person_ref, NULL, &person, err)) || (rc = store_begin(s, err)))
		goto done;
	if ((rc = store_screening_add(s, sc, err)))
		goto out;
	if (found) {
		/* The same person, now also a victim: the person fields are shared by every role. */
		struct status_decision d;
		memset(&d, 0, sizeof(d));
		snprintf(person.case_ref, sizeof(person.case_ref), "%s", tip.ref);
		person.role = PROLE_VICTIM;
		person.trafficking_status = sc->outcome;
		if ((rc = store_person_put(s, &person, err)))
			goto out;
		snprintf(d.case_ref, sizeof(d.case_ref), "%s", tip.ref);
		snprintf(d.person_ref, sizeof(d.person_ref), "%s", sc->person_ref);
		snprintf(d.org, sizeof(d.org), "%s", sc->org);
		d.status = sc->outcome;
		d.decided_on = sc->screened_on;
		d.reason = NULL;
		if ((rc = add_decision(s, v, person.id, &d, &d.id, err)))
			goto out;
	}
	rc = audit_append(s, p, "rescreen", "person", sc->person_ref,
		found ? tip.ref : trafficking_status_code(sc->outcome), NULL, err);
out:
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s, err);
done:
	case_release(&som);
	case_release(&tip);
	return rc;
}

/* Is person_ref under protection (in case_ref, or in any case when NULL)? */
struct victim_scan {
	const char *person_ref;
	const char *case_ref; /* NULL: any case */
	bool yes;
};

static int victim_scan_row(const struct victim_row *v, void *arg)
{
	struct victim_scan *c = arg;
	if (!strcmp(v->person_ref, c->person_ref) && (!c->case_ref || !strcmp(v->case_ref, c->case_ref)) &&
	    (v->status == TSTATUS_POSSIBLE || v->status == TSTATUS_ACTUAL))
		c->yes = true;
	return 0;
}

static int under_protection_in(store *s, const char *person_ref, const char *case_ref, bool *yes,
	struct mapo_error *err)
{
	struct victim_scan c = {person_ref, case_ref, false};
	int rc = store_victim_list(s, NULL, person_ref, 0, 0, victim_scan_row, &c, err);
	*yes = c.yes;
	return rc;
}

int protect_under_protection(store *s, const char *person_ref, bool *yes, struct mapo_error *err)
{
	int rc = store_person_lookup(s, person_ref, NULL, NULL, err);
	return rc ? rc : under_protection_in(s, person_ref, NULL, yes, err);
}

/* ---- orders -------------------------------------------------------------------------------- */

void protection_order_init(struct protection_order *o)
{
	memset(o, 0, sizeof(*o));
	o->start_date = o->end_date = o->outcome_date = DATE_NONE;
	o->outcome = OUTCOME_NONE;
}

static int not_protected(const char *person_ref, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL,
		_("person '%s' is not under protection: a smuggled migrant needs re-screening and a finding "
		  "of trafficking first (s.41A)"), person_ref);
}

int protect_order_add(store *s, const struct principal *p, const struct order_kinds *kinds,
	struct protection_order *o, struct mapo_error *err)
{
	struct protection_order open;
	bool protected_now = false, has_open;
	char detail[96];
	const struct order_kind *k = order_kinds_find(kinds, o->kind);
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, o->person_ref, err)))
		return rc;
	if (!k)
		return mapo_error_set(err, MAPO_EINVAL, _("kind: unknown order kind '%s'"), o->kind);
	if (!o->court[0])
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("court: the court is needed"));
	if ((rc = under_protection_in(s, o->person_ref, o->case_ref, &protected_now, err)))
		return rc;
	if (!protected_now)
		return not_protected(o->person_ref, err);
	rc = store_order_open(s, o->case_ref, o->person_ref, &open, err);
	if (rc && rc != MAPO_ENOTFOUND)
		return rc;
	has_open = rc == 0;
	if (k->follows.n == 0 && has_open)
		return mapo_error_set(err, MAPO_EINVAL, _("person '%s' already has a running %s order (%lld) in '%s'"),
			o->person_ref, open.kind, (long long)open.id, o->case_ref);
	if (k->follows.n && (!has_open || !strvec_has(&k->follows, open.kind)))
		return mapo_error_set(err, MAPO_EINVAL, _("a %s order follows a running %s order, and there is none"),
			k->kind, k->follows.v[0]);
	if (o->start_date == DATE_NONE) {
		if (!has_open || !k->follows.n)
			return mapo_error_set(err, MAPO_EINVAL, "%s", _("start: the start date is needed"));
		o->start_date = open.end_date;
	}
	if (has_open && k->follows.n && o->start_date < open.start_date)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("start: before the start of the order it follows"));
	mapo_date longest = order_end_date(k, o->start_date);
	if (longest == DATE_NONE && o->end_date == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL,
			_("end: the Act sets no longest term for a %s order (s.%s): give the end date the court set"),
			k->kind, k->section);
	if (o->end_date != DATE_NONE && o->end_date < o->start_date)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("end: the end date is before the start"));
	if (o->end_date == DATE_NONE)
		o->end_date = longest;
	if (longest != DATE_NONE && o->end_date > longest) {
		char a[DATE_STRLEN];
		date_format(longest, a);
		return mapo_error_set(err, MAPO_EINVAL, _("end: a %s order (s.%s) ends by %s at the latest"), k->kind,
			k->section, a);
	}
	snprintf(o->section, sizeof(o->section), "%s", k->section);
	o->parent_id = has_open && k->follows.n ? open.id : 0;
	o->outcome = OUTCOME_NONE;
	o->outcome_date = DATE_NONE;
	if ((rc = store_begin(s, err)))
		return rc;
	if (o->parent_id && (rc = store_order_set_outcome(s, o->parent_id, OUTCOME_SUPERSEDED, o->start_date, err)))
		goto out;
	if ((rc = store_order_insert(s, o, err)))
		goto out;
	snprintf(detail, sizeof(detail), "order=%lld kind=%s", (long long)o->id, o->kind);
	rc = audit_append(s, p, "order-add", "person", o->person_ref, detail, NULL, err);
out:
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_order_outcome(store *s, const struct principal *p, int64_t id, enum order_outcome outcome,
	mapo_date on, struct mapo_error *err)
{
	struct protection_order o;
	char detail[96];
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = store_order_get(s, id, &o, err)) || (rc = check_person(s, p, PROTECT_EDIT, o.person_ref, err)))
		return rc;
	if (outcome < 0 || outcome >= OUTCOME_SUPERSEDED)
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("outcome: released, immigration, repatriated or placed-elsewhere"));
	if (on == DATE_NONE || on < o.start_date)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the outcome date is needed, not before the order"));
	if (o.outcome != OUTCOME_NONE)
		return mapo_error_set(err, MAPO_ECONFLICT, _("order %lld already ended (%s)"), (long long)id,
			order_outcome_name(o.outcome, i18n_lang()));
	if ((rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "order=%lld outcome=%s", (long long)id, order_outcome_code(outcome));
	if ((rc = store_order_set_outcome(s, id, outcome, on, err)) ||
	    (rc = audit_append(s, p, "order-outcome", "person", o.person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_order_list(store *s, const struct principal *p, const struct order_query *q, protect_order_cb cb,
	void *arg, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_RECORD, err);
	return rc ? rc : store_order_list(s, q, cb, arg, err);
}

/* ---- places of refuge ---------------------------------------------------------------------- */

unsigned shelter_check(const struct shelter *sh, long long occupancy, char sex, int age)
{
	unsigned w = 0;
	if (occupancy + 1 > sh->capacity)
		w |= SHELTER_WARN_CAPACITY;
	bool known_age = age >= 0, child = known_age && age < 18;
	switch (sh->serves) {
	case SERVES_WOMEN:
		if (sex == 'M' || child)
			w |= SHELTER_WARN_SEPARATION;
		break;
	case SERVES_MEN:
		if (sex == 'F' || child)
			w |= SHELTER_WARN_SEPARATION;
		break;
	case SERVES_CHILDREN:
		if (known_age && !child)
			w |= SHELTER_WARN_SEPARATION;
		break;
	}
	return w;
}

int protect_shelter_put(store *s, const struct principal *p, struct shelter *sh, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc)
		return rc;
	if (!sh->code[0] || !sh->name[0] || !utf8_valid(sh->name, strlen(sh->name)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("shelter: a code and a name are needed"));
	if (sh->capacity < 0)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("capacity: a number from 0"));
	if ((int)sh->operator_kind < 0 || (int)sh->serves < 0)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("shelter: operator government or ngo; serves women, men or children"));
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_shelter_put(s, sh, err)) ||
	    (rc = audit_append(s, p, "shelter-put", "shelter", sh->code, "", NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* Age in whole years on day, from the birth date, else the recorded age; -1 when unknown. */
static int age_on(const struct case_person *cp, mapo_date day)
{
	if (cp->birth_date == DATE_NONE)
		return cp->age;
	int by, bm, bd, y, m, d;
	date_to_ymd(cp->birth_date, &by, &bm, &bd);
	date_to_ymd(day, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

int protect_admit(store *s, const struct principal *p, const char *code, const char *person_ref, mapo_date day,
	unsigned *warnings, struct mapo_error *err)
{
	struct shelter sh;
	struct case_person cp;
	struct shelter_stay stay;
	long long occupancy;
	int64_t stay_id;
	char where[CODE_MAX];
	bool protected_now;
	char detail[64];
	*warnings = 0;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, person_ref, err)) ||
	    (rc = store_shelter_get(s, code, &sh, err)))
		return rc;
	if (day == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the admission date is needed"));
	if ((rc = under_protection_in(s, person_ref, NULL, &protected_now, err)))
		return rc;
	if (!protected_now)
		return not_protected(person_ref, err);
	memset(&stay, 0, sizeof(stay));
	if ((rc = store_person_lookup(s, person_ref, &stay.person_id, &cp, err)))
		return rc;
	rc = store_stay_open(s, stay.person_id, day, &stay_id, where, err);
	if (!rc)
		return mapo_error_set(err, MAPO_EINVAL, _("person '%s' already stays in shelter '%s' on that day"),
			person_ref, where);
	if (rc != MAPO_ENOTFOUND)
		return rc;
	if ((rc = store_shelter_occupancy(s, sh.id, day, &occupancy, err)))
		return rc;
	stay.shelter_id = sh.id;
	stay.admitted_on = day;
	stay.discharged_on = DATE_NONE;
	stay.warnings = shelter_check(&sh, occupancy, cp.sex, age_on(&cp, day));
	if ((rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "shelter=%s%s%s", code, stay.warnings & SHELTER_WARN_CAPACITY ? " capacity" : "",
		stay.warnings & SHELTER_WARN_SEPARATION ? " separation" : "");
	if ((rc = store_stay_add(s, &stay, err)) ||
	    (rc = audit_append(s, p, "shelter-admit", "person", person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	*warnings = stay.warnings;
	return store_commit(s, err);
}

int protect_discharge(store *s, const struct principal *p, const char *person_ref, mapo_date day,
	struct mapo_error *err)
{
	int64_t person_id, stay_id;
	char where[CODE_MAX];
	char detail[64];
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, person_ref, err)) ||
	    (rc = store_person_lookup(s, person_ref, &person_id, NULL, err)))
		return rc;
	if (day == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the discharge date is needed"));
	/* Staying on the day before the discharge: a discharge on the admission day is allowed. */
	rc = store_stay_open(s, person_id, day, &stay_id, where, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("person '%s' stays in no shelter on that day"), person_ref);
	if (rc || (rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "shelter=%s", where);
	if ((rc = store_stay_discharge(s, stay_id, day, err)) ||
	    (rc = audit_append(s, p, "shelter-discharge", "person", person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

struct occupancy_ctx {
	mapo_date from, to;
	long long *counts;
};

static int occupancy_row(const struct shelter_stay *st, void *arg)
{
	struct occupancy_ctx *c = arg;
	mapo_date a = st->admitted_on > c->from ? st->admitted_on : c->from;
	/* A stay covers the nights from admission up to, not including, the discharge day. */
	mapo_date b = st->discharged_on == DATE_NONE ? c->to : st->discharged_on - 1;
	if (b > c->to)
		b = c->to;
	for (mapo_date d = a; d <= b; d++)
		c->counts[d - c->from]++;
	return 0;
}

int protect_occupancy(store *s, const struct principal *p, const char *code, mapo_date from, mapo_date to,
	long long *counts, struct mapo_error *err)
{
	struct shelter sh;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc || (rc = store_shelter_get(s, code, &sh, err)))
		return rc;
	if (from == DATE_NONE || to == DATE_NONE || to < from)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the period's end is before its start"));
	memset(counts, 0, sizeof(*counts) * (size_t)(to - from + 1));
	struct occupancy_ctx c = {from, to, counts};
	return store_stay_list(s, code, from, to, occupancy_row, &c, err);
}

/* ---- health screening on admission ----------------------------------------------------------- */

void health_check_list_init(struct health_check_list *l) { memset(l, 0, sizeof(*l)); }

void health_check_list_release(struct health_check_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name_ms);
		free(l->v[i].name_en);
	}
	free(l->v);
	health_check_list_init(l);
}

void health_check_list_add(struct health_check_list *l, const struct health_check *item)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct health_check *c = &l->v[l->n++];
	*c = *item;
	c->name_ms = xstrdup(item->name_ms ? item->name_ms : "");
	c->name_en = xstrdup(item->name_en ? item->name_en : "");
}

const struct health_check *health_check_list_find(const struct health_check_list *l, const char *code)
{
	for (size_t i = 0; code && i < l->n; i++)
		if (!strcmp(l->v[i].code, code))
			return &l->v[i];
	return NULL;
}

int protect_health_install(store *s, const struct health_check_list *l, struct mapo_error *err)
{
	return store_health_checks_replace(s, l, err);
}

int protect_health_checks(store *s, struct health_check_list *out, struct mapo_error *err)
{
	return store_health_checks_load(s, out, err);
}

static const char *const health_result_codes[HEALTH__COUNT] = {"negative", "positive", "pending", "done"};
static const char *const health_result_names[HEALTH__COUNT] = {
	N_("negative"), N_("positive"), N_("result awaited"), N_("done"),
};
const char *health_result_code(enum health_result r)
{
	return r >= 0 && r < HEALTH__COUNT ? health_result_codes[r] : "";
}
int health_result_parse(const char *s) { return parse_code(health_result_codes, HEALTH__COUNT, s); }
const char *health_result_name(enum health_result r, enum mapo_lang lang)
{
	return r >= 0 && r < HEALTH__COUNT ? mapo_tr(lang, health_result_names[r]) : "";
}

void health_screening_init(struct health_screening *hs) { memset(hs, 0, sizeof(*hs)); }

void health_screening_release(struct health_screening *hs)
{
	free(hs->items);
	health_screening_init(hs);
}

void health_screening_add(struct health_screening *hs, const char *code, enum health_result result)
{
	ALLOC_GROW(hs->items, hs->n + 1, hs->alloc);
	struct health_item *it = &hs->items[hs->n++];
	snprintf(it->code, sizeof(it->code), "%s", code);
	it->result = result;
}

int health_screening_add_text(struct health_screening *hs, const char *item, struct mapo_error *err)
{
	const char *eq = strchr(item, '=');
	int result = eq ? health_result_parse(eq + 1) : -1;
	if (!eq || eq == item || (size_t)(eq - item) >= HEALTH_CODE_MAX || result < 0)
		return mapo_error_set(err, MAPO_EINVAL,
			_("health check '%s': write CODE=RESULT, the result negative, positive, pending or done"), item);
	char code[HEALTH_CODE_MAX];
	snprintf(code, sizeof(code), "%.*s", (int)(eq - item), item);
	health_screening_add(hs, code, (enum health_result)result);
	return 0;
}

/* The sealed form of a screening's results: "isolation=yes|no", then "CODE=RESULT" for each item,
 * one a line, in the order of the list (known) when given, else in hs's. */
static void health_results_text(const struct health_screening *hs, const struct health_check_list *known,
	struct buf *out)
{
	buf_printf(out, "isolation=%s\n", hs->isolation ? "yes" : "no");
	for (size_t k = 0; known && k < known->n; k++)
		for (size_t i = 0; i < hs->n; i++)
			if (!strcmp(hs->items[i].code, known->v[k].code))
				buf_printf(out, "%s=%s\n", hs->items[i].code, health_result_code(hs->items[i].result));
	for (size_t i = 0; !known && i < hs->n; i++)
		buf_printf(out, "%s=%s\n", hs->items[i].code, health_result_code(hs->items[i].result));
}

/* Reads health_results_text's form back into hs's isolation and items. */
static int health_results_parse(const char *text, struct health_screening *hs, struct mapo_error *err)
{
	const char *line = text;
	bool first = true;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char item[2 * HEALTH_CODE_MAX];
		if (len >= sizeof(item))
			goto bad;
		memcpy(item, line, len);
		item[len] = '\0';
		if (first) {
			if (strcmp(item, "isolation=yes") && strcmp(item, "isolation=no"))
				goto bad;
			hs->isolation = !strcmp(item, "isolation=yes");
			first = false;
		} else if (health_screening_add_text(hs, item, err)) {
			goto bad;
		}
		line += len + (end ? 1 : 0);
	}
	if (!first)
		return 0;
bad:
	return mapo_error_set(err, MAPO_EINVAL, _("the health screening %lld: its sealed results are malformed"),
		(long long)hs->id);
}

/* Seals hs's results (isolation and items, in known's order when given) onto screening hs->id. */
static int health_results_seal(store *s, const vault *v, const struct health_screening *hs,
	const struct health_check_list *known, struct mapo_error *err)
{
	struct buf text = BUF_INIT;
	struct sealed sealed = {NULL, 0};
	health_results_text(hs, known, &text);
	int rc = seal_text(v, SC_HEALTH_RESULTS, hs->id, text.data, text.len, &sealed, err);
	if (!rc)
		rc = store_sealed_set(s, SC_HEALTH_RESULTS, hs->id, &sealed, NULL, err);
	if (text.data)
		memset(text.data, 0, text.len);
	buf_release(&text);
	sealed_release(&sealed);
	return rc;
}

int protect_health_screen(store *s, const vault *v, const struct principal *p, struct health_screening *hs,
	struct mapo_error *err)
{
	struct health_check_list known;
	int64_t person_id;
	struct buf detail = BUF_INIT;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, hs->person_ref, err)) ||
	    (rc = store_person_lookup(s, hs->person_ref, &person_id, NULL, err)))
		return rc;
	if (hs->screened_on == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the screening date is needed"));
	if (hs->screened_on > date_today())
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the screening cannot be in the future"));
	if (!hs->n)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("a screening needs at least one health check"));
	rc = store_stay_open(s, person_id, hs->screened_on, &hs->stay_id, hs->shelter_code, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("person '%s' stays in no shelter on that day"), hs->person_ref);
	if (rc)
		return rc;
	health_check_list_init(&known);
	if ((rc = store_health_checks_load(s, &known, err)))
		goto out;
	for (size_t i = 0; i < hs->n; i++) {
		if ((int)hs->items[i].result < 0 || hs->items[i].result >= HEALTH__COUNT ||
		    !health_check_list_find(&known, hs->items[i].code)) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("unknown health check '%s'"), hs->items[i].code);
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(hs->items[j].code, hs->items[i].code)) {
				rc = mapo_error_set(err, MAPO_EINVAL, _("health check '%s' is given twice"),
					hs->items[i].code);
				goto out;
			}
	}
	/* The item codes and the isolation, never the results: they are health data. */
	/* not the isolation: it tells of the person's health as the results do */
	buf_printf(&detail, "shelter=%s items=", hs->shelter_code);
	for (size_t i = 0; i < hs->n; i++)
		buf_printf(&detail, "%s%s", i ? "," : "", hs->items[i].code);
	if ((rc = store_begin(s, err)))
		goto out;
	if ((rc = store_health_screening_add(s, hs, p ? p->username : "", err)) ||
	    (rc = health_results_seal(s, v, hs, &known, err)) ||
	    (rc = audit_append(s, p, "health-screen", "person", hs->person_ref, buf_str(&detail), NULL, err))) {
		store_rollback(s);
		goto out;
	}
	rc = store_commit(s, err);
out:
	health_check_list_release(&known);
	buf_release(&detail);
	return rc;
}

int protect_health_get(store *s, const vault *v, const struct principal *p, int64_t stay_id,
	struct health_screening *out, struct mapo_error *err)
{
	struct sealed results = {NULL, 0};
	struct buf plain = BUF_INIT;
	bool unsealed = false;
	health_screening_release(out);
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc)
		return rc;
	rc = store_health_screening_get(s, stay_id, out, &results, &unsealed, err);
	if (rc == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("admission %lld has no health screening"), (long long)stay_id);
	if (rc)
		goto out;
	if (!unsealed) {
		out->erased = !results.data;
		if (results.data &&
		    !(rc = vault_unseal(v, store_sealed_table(SC_HEALTH_RESULTS),
			      store_sealed_column(SC_HEALTH_RESULTS), out->id, results.data, results.len, &plain, err)))
			rc = health_results_parse(buf_str(&plain), out, err);
	}
	/* every view of the results is in the trail, as every view of an identity */
	if (!rc && !out->erased) {
		char detail[48];
		snprintf(detail, sizeof(detail), "stay=%lld", (long long)stay_id);
		rc = audit_append(s, p, "health-view", "person", out->person_ref, detail, NULL, err);
	}
out:
	if (plain.data)
		memset(plain.data, 0, plain.len);
	buf_release(&plain);
	sealed_release(&results);
	if (rc)
		health_screening_release(out);
	return rc;
}

struct stay_ids {
	int64_t *v;
	size_t n, alloc;
};

static int collect_stay(int64_t stay_id, void *arg)
{
	struct stay_ids *l = arg;
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = stay_id;
	return 0;
}

int protect_health_seal_unsealed(store *s, const vault *v, long long *sealed, struct mapo_error *err)
{
	struct stay_ids stays = {NULL, 0, 0};
	struct health_screening hs;
	struct sealed none = {NULL, 0};
	bool unsealed;
	long long count = 0;
	if (sealed)
		*sealed = 0;
	int rc = store_health_unsealed_list(s, collect_stay, &stays, err);
	if (rc || !stays.n)
		goto out;
	health_screening_init(&hs);
	if ((rc = store_begin(s, err)))
		goto out;
	for (size_t i = 0; i < stays.n && !rc; i++) {
		health_screening_release(&hs);
		if ((rc = store_health_screening_get(s, stays.v[i], &hs, &none, &unsealed, err)))
			break;
		sealed_release(&none);
		if (!unsealed)
			continue;
		/* The store gave the items in the list's order already. */
		if (!(rc = health_results_seal(s, v, &hs, NULL, err)) && !(rc = store_health_unsealed_drop(s, hs.id, err)))
			count++;
	}
	sealed_release(&none);
	health_screening_release(&hs);
	if (rc) {
		store_rollback(s);
		goto out;
	}
	if (!(rc = store_commit(s, err)) && sealed)
		*sealed = count;
out:
	free(stays.v);
	return rc;
}

int protect_stay_list(store *s, const struct principal *p, const char *code, mapo_date as_of,
	int (*cb)(const struct shelter_stay *st, void *arg), void *arg, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc)
		return rc;
	if (as_of == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the day is needed"));
	/* the store's list gives the stays overlapping [as_of, as_of]: those open on as_of */
	return store_stay_list(s, code, as_of, as_of, cb, arg, err);
}

int protect_person_stays(store *s, const struct principal *p, const char *person_ref,
	int (*cb)(const struct shelter_stay *st, void *arg), void *arg, struct mapo_error *err)
{
	enum identity_view view;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc || (rc = person_view(s, p, person_ref, &view, err)))
		return rc;
	return store_person_stays(s, person_ref, cb, arg, err);
}

int protect_screening_pending(store *s, const struct principal *p, const char *code, mapo_date as_of,
	long long *n, struct mapo_error *err)
{
	*n = 0;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc)
		return rc;
	if (as_of == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the day is needed"));
	return store_screening_pending(s, code, as_of, n, err);
}

/* ---- referrals, permits, repatriation ------------------------------------------------------ */

int protect_referral_add(store *s, const struct principal *p, struct referral *r, struct mapo_error *err)
{
	char detail[ORG_MAX + 64];
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, r->person_ref, err)))
		return rc;
	if (!r->org[0] || !utf8_valid(r->org, strlen(r->org)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("org: the organisation is needed"));
	if (!referral_service_valid(r->service))
		return mapo_error_set(err, MAPO_EINVAL, _("service: unknown service '%s'"), r->service);
	if (r->referred_on == DATE_NONE || (int)r->dir < 0 || (int)r->status < 0)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("referral: a direction, a status and a date are needed"));
	if ((rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "%s %s %s", referral_dir_code(r->dir), r->org, r->service);
	if ((rc = store_referral_add(s, r, err)) ||
	    (rc = audit_append(s, p, "referral-add", "person", r->person_ref, detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_referral_decide(store *s, const struct principal *p, int64_t id, enum referral_status st,
	mapo_date on, struct mapo_error *err)
{
	char detail[64];
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc)
		return rc;
	if (st != REFERRAL_ACCEPTED && st != REFERRAL_REFUSED)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("status: accepted or refused"));
	if (on == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("date: the decision date is needed"));
	if ((rc = store_begin(s, err)))
		return rc;
	snprintf(detail, sizeof(detail), "referral=%lld %s", (long long)id, referral_status_code(st));
	if ((rc = store_referral_decide(s, id, st, on, err)) ||
	    (rc = audit_append(s, p, "referral-decide", "referral", "", detail, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* The organisation a partner's lists are narrowed to (NULL: not a partner). */
static const char *partner_org(const struct principal *p)
{
	return p && p->role == ROLE_PARTNER ? p->org : NULL;
}

int protect_referral_list(store *s, const struct principal *p, const char *person_ref, protect_referral_cb cb,
	void *arg, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_READ, err);
	return rc ? rc : store_referral_list(s, partner_org(p), person_ref, cb, arg, err);
}

int protect_victim_list(store *s, const struct principal *p, const struct victim_query *q, protect_victim_cb cb,
	void *arg, struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_READ, err);
	return rc ? rc : store_victim_list(s, partner_org(p), q->person_ref, q->limit, q->offset, cb, arg, err);
}

static int seal_into(store *s, const vault *v, enum sealed_col c, int64_t row, const char *text,
	struct mapo_error *err)
{
	if (!text || !*text)
		return 0;
	struct sealed sealed = {NULL, 0};
	int rc = seal_text(v, c, row, text, strlen(text), &sealed, err);
	if (!rc)
		rc = store_sealed_set(s, c, row, &sealed, NULL, err);
	sealed_release(&sealed);
	return rc;
}

int protect_permit_add(store *s, const vault *v, const struct principal *p, const struct movement_permit *m,
	struct mapo_error *err)
{
	bool protected_now;
	int64_t row;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, m->person_ref, err)))
		return rc;
	if (m->valid_from == DATE_NONE || (m->valid_to != DATE_NONE && m->valid_to < m->valid_from))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("from: the first valid day is needed, not after the last"));
	const struct {
		mapo_date d;
		const char *what;
	} steps[] = {
		{m->risk_assessed_on, N_("the risk assessment")},
		{m->medical_on, N_("the medical screening")},
		{m->mental_health_on, N_("the mental-health evaluation")},
	};
	for (size_t i = 0; i < 3; i++)
		if (steps[i].d == DATE_NONE || steps[i].d > m->valid_from)
			return mapo_error_set(err, MAPO_EINVAL, _("s.51A: %s must be done before the permit"),
				_(steps[i].what));
	if (m->work && (!m->employer || !*m->employer))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("employer: a work permit names the employer"));
	if ((rc = under_protection_in(s, m->person_ref, NULL, &protected_now, err)))
		return rc;
	if (!protected_now)
		return not_protected(m->person_ref, err);
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_permit_add(s, m, &row, err)) || (rc = seal_into(s, v, SC_PERMIT_EMPLOYER, row, m->employer, err)) ||
	    (rc = audit_append(s, p, "permit-add", "person", m->person_ref, m->work ? "work" : "movement", NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int protect_repatriation_add(store *s, const vault *v, const struct principal *p, const struct repatriation *r,
	struct mapo_error *err)
{
	int64_t row;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = check_person(s, p, PROTECT_EDIT, r->person_ref, err)))
		return rc;
	if (strlen(r->destination) != 3 || r->on_date == DATE_NONE || !r->org[0])
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("repatriation: a destination country, a date and the assisting organisation are needed"));
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_repatriation_add(s, r, &row, err)) ||
	    (rc = seal_into(s, v, SC_REPAT_FOLLOW_UP, row, r->follow_up, err)) ||
	    (rc = audit_append(s, p, "repatriation-add", "person", r->person_ref, r->destination, NULL, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* ---- statistics ------------------------------------------------------------------------------ */

static const char *const vdim_codes[VDIM__COUNT] = {
	"status", "sex", "age-group", "nationality", "form", "shelter", "outcome",
};
const char *victim_dim_code(enum victim_dim d) { return d >= 0 && d < VDIM__COUNT ? vdim_codes[d] : ""; }
int victim_dim_parse(const char *s) { return parse_code(vdim_codes, VDIM__COUNT, s); }

int protect_victim_stats(store *s, const struct principal *p, mapo_date from, mapo_date to, enum victim_dim dim,
	victim_tally_cb cb, void *arg, struct mapo_error *err)
{
	if (p && !access_may_read_stats(p))
		return denied(err);
	if (from == DATE_NONE || to == DATE_NONE || to < from)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the period's end is before its start"));
	return store_victim_tally(s, from, to, dim, cb, arg, err);
}

static int victim_count(const char *key, long long n, void *arg)
{
	struct victim_counts *vc = arg;
	ALLOC_GROW(vc->n, vc->keys.n + 1, vc->alloc);
	vc->n[vc->keys.n] = n;
	strvec_push(&vc->keys, key);
	return 0;
}

int protect_victim_counts(store *s, const struct principal *p, mapo_date from, mapo_date to, enum victim_dim dim,
	struct victim_counts *out, struct mapo_error *err)
{
	return protect_victim_stats(s, p, from, to, dim, victim_count, out, err);
}

long long victim_counts_of(const struct victim_counts *vc, const char *key)
{
	for (size_t i = 0; i < vc->keys.n; i++)
		if (!strcmp(vc->keys.v[i], key))
			return vc->n[i];
	return 0;
}

void victim_counts_release(struct victim_counts *vc)
{
	strvec_release(&vc->keys);
	free(vc->n);
	vc->n = NULL;
	vc->alloc = 0;
}

const char *protect_victim_key_label(enum victim_dim dim, const char *key, enum mapo_lang lang)
{
	const char *label = key;
	if (!*key)
		label = mapo_tr(lang, N_("not recorded"));
	else if (dim == VDIM_STATUS && trafficking_status_parse(key) != TSTATUS_NONE)
		label = trafficking_status_name(trafficking_status_parse(key), lang);
	else if (dim == VDIM_OUTCOME && !strcmp(key, "running"))
		label = mapo_tr(lang, N_("running (no outcome yet)"));
	else if (dim == VDIM_OUTCOME && order_outcome_parse(key) != OUTCOME_NONE)
		label = order_outcome_name(order_outcome_parse(key), lang);
	return label;
}

/* ---- key rotation and retention ---------------------------------------------------------------- */

struct reseal_item {
	int64_t row;
	struct sealed old;
};
struct reseal_list {
	struct reseal_item *v;
	size_t n, alloc;
};

static int collect_sealed(int64_t row, const unsigned char *data, size_t len, void *arg)
{
	struct reseal_list *l = arg;
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	struct reseal_item *it = &l->v[l->n++];
	it->row = row;
	it->old.data = xmalloc(len ? len : 1);
	memcpy(it->old.data, data, len);
	it->old.len = len;
	return 0;
}

static void reseal_list_release(struct reseal_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		sealed_release(&l->v[i].old);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Re-seals every value of column c under v's current key. */
static int reseal_column(store *s, const vault *v, enum sealed_col c, long long *count, struct mapo_error *err)
{
	struct reseal_list l = {NULL, 0, 0};
	struct buf plain = BUF_INIT;
	struct sealed fresh = {NULL, 0};
	const char *table = store_sealed_table(c), *column = store_sealed_column(c);
	int rc = store_sealed_list(s, c, collect_sealed, &l, err);
	buf_init(&plain, VAULT_FIELD_MAX + 1);
	for (size_t i = 0; !rc && i < l.n; i++) {
		char index[VAULT_INDEX_STRLEN] = "";
		if ((rc = vault_unseal(v, table, column, l.v[i].row, l.v[i].old.data, l.v[i].old.len, &plain, err)) ||
		    (rc = vault_seal(v, table, column, l.v[i].row, plain.data ? plain.data : "", plain.len, &fresh, err)))
			break;
		if (store_sealed_indexed(c))
			vault_blind_index(v, column, buf_str(&plain), index);
		if (plain.data)
			memset(plain.data, 0, plain.len);
		if ((rc = store_sealed_set(s, c, l.v[i].row, &fresh, index, err)))
			break;
		(*count)++;
	}
	if (plain.data)
		memset(plain.data, 0, plain.len);
	buf_release(&plain);
	sealed_release(&fresh);
	reseal_list_release(&l);
	return rc;
}

int protect_key_rotate(store *s, vault *v, const char *key_path, const struct principal *p,
	long long *resealed, struct mapo_error *err)
{
	long long count = 0;
	char detail[64];
	int rc = check_may(p, PROTECT_ADMIN, err);
	if (rc)
		return rc;
	if ((rc = vault_rotate_begin(v, key_path, err)))
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	for (int c = 0; c < SC__COUNT && !rc; c++)
		rc = reseal_column(s, v, (enum sealed_col)c, &count, err);
	/* Health results still in clear (recorded before migration 0009) are sealed under the new key. */
	long long fresh = 0;
	if (!rc && !(rc = protect_health_seal_unsealed(s, v, &fresh, err)))
		count += fresh;
	snprintf(detail, sizeof(detail), "version=%lu values=%lld", (unsigned long)vault_key_version(v), count);
	if (!rc)
		rc = audit_append(s, p, "key-rotate", "", "", detail, NULL, err);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	if ((rc = store_commit(s, err)))
		return rc;
	if (resealed)
		*resealed = count;
	/* Only now may the old key go: every value is sealed under the new one. */
	return vault_rotate_finish(v, key_path, err);
}

int protect_retention_run(store *s, const struct principal *p, int days, mapo_date as_of, long long *erased,
	struct mapo_error *err)
{
	struct strvec due = STRVEC_INIT;
	char detail[64];
	int rc = check_may(p, PROTECT_ADMIN, err);
	if (rc)
		return rc;
	if (days < 0 || as_of == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("retention: a period of days and a date are needed"));
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = store_retention_due(s, as_of - days, &due, err)))
		goto out;
	for (size_t i = 0; i < due.n && !rc; i++)
		rc = store_retention_erase(s, due.v[i], err);
	snprintf(detail, sizeof(detail), "days=%d persons=%zu", days, due.n);
	if (!rc)
		rc = audit_append(s, p, "retention-run", "", "", detail, NULL, err);
out:
	if (rc) {
		store_rollback(s);
	} else {
		rc = store_commit(s, err);
		if (!rc && erased)
			*erased = (long long)due.n;
	}
	strvec_release(&due);
	return rc;
}
