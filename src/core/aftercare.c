/* After care: the rules of core/aftercare.h over store_aftercare.h (lists and edits) and
 * core/protection.h (recording), with the vault for the sealed notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aftercare.h"
#include "core/audit.h"
#include "store/store_aftercare.h"
#include "store/store_protection.h"

static const char *const status_codes[PERMIT__COUNT] = {"active", "revoked", "ended"};
static const char *const status_names[PERMIT__COUNT] = {N_("active"), N_("revoked"), N_("ended")};

const char *permit_status_code(enum permit_status st) { return st >= 0 && st < PERMIT__COUNT ? status_codes[st] : ""; }

int permit_status_parse(const char *s)
{
	for (int i = 0; s && i < PERMIT__COUNT; i++)
		if (!strcmp(s, status_codes[i]))
			return i;
	return -1;
}

const char *permit_status_name(enum permit_status st, enum mapo_lang lang)
{
	return st >= 0 && st < PERMIT__COUNT ? mapo_tr(lang, status_names[st]) : "";
}

/* ---- reach ------------------------------------------------------------------------------------- */

static int denied(struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EDENIED, "%s", _("your role does not allow this"));
}

static int check_may(const struct principal *p, enum protection_action a, struct mapo_error *err)
{
	return p && !access_may_protection(p, a) ? denied(err) : 0;
}

int aftercare_person_view(store *s, const struct principal *p, const char *person_ref, enum identity_view *view,
	struct mapo_error *err)
{
	struct person_facts f;
	*view = IDVIEW_NONE;
	if (!p) {
		int64_t id;
		int rc = store_person_lookup(s, person_ref, &id, NULL, err);
		if (!rc)
			*view = IDVIEW_FULL;
		return rc;
	}
	memset(&f, 0, sizeof(f));
	int rc = store_person_facts(s, person_ref, p->org, p->agency, &f, err);
	if (rc)
		return rc;
	*view = access_identity_view(p, &f);
	if (*view == IDVIEW_NONE)
		return mapo_error_set(err, MAPO_ENOTFOUND, _("no person '%s'"), person_ref);
	return 0;
}

int aftercare_may_act(store *s, const struct principal *p, enum protection_action action, const char *person_ref,
	struct mapo_error *err)
{
	enum identity_view view;
	int rc = check_may(p, action, err);
	if (rc || (rc = aftercare_person_view(s, p, person_ref ? person_ref : "", &view, err)))
		return rc;
	/* a person seen masked is in reach but not to be changed */
	return view == IDVIEW_FULL ? 0 : denied(err);
}

/* May p read person_ref's after care: PROTECT_RECORD (not a partner) and a view of the person. */
static int check_read(store *s, const struct principal *p, const char *person_ref, enum identity_view *view,
	struct mapo_error *err)
{
	int rc = check_may(p, PROTECT_RECORD, err);
	return rc ? rc : aftercare_person_view(s, p, person_ref, view, err);
}

/* rc of a check of a record's person: out of reach (MAPO_ENOTFOUND), the record is answered as
 * missing, "no WHAT N", so that it looks absent. */
static int as_absent(int rc, const char *what, int64_t id, struct mapo_error *err)
{
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no %s %lld"), what, (long long)id);
	return rc;
}

/* ---- recording ---------------------------------------------------------------------------------- */

int aftercare_permit_add(store *s, const vault *v, const struct principal *p, const struct movement_permit *m,
	int64_t *id, struct mapo_error *err)
{
	/* One transaction, so that the newest permit of the person is the one just made. */
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = protect_permit_add(s, v, p, m, err)) ||
	    (rc = store_aftercare_permit_last(s, m->person_ref, id, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

int aftercare_repatriation_add(store *s, const vault *v, const struct principal *p, const struct repatriation *r,
	int64_t *id, struct mapo_error *err)
{
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = protect_repatriation_add(s, v, p, r, err)) ||
	    (rc = store_aftercare_repatriation_last(s, r->person_ref, id, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* ---- lists ---------------------------------------------------------------------------------------- */

/* The view of the persons met along a list, remembered for the last one (lists come by date, but
 * a person's records often sit together). */
struct view_cache {
	store *s;
	const struct principal *p;
	char person_ref[PERSON_REF_MAX];
	enum identity_view view;
};

static enum identity_view cached_view(struct view_cache *c, const char *person_ref)
{
	struct mapo_error ignored;
	if (strcmp(c->person_ref, person_ref)) {
		snprintf(c->person_ref, sizeof(c->person_ref), "%s", person_ref);
		if (aftercare_person_view(c->s, c->p, person_ref, &c->view, &ignored))
			c->view = IDVIEW_NONE;
	}
	return c->view;
}

/* Opens a sealed note of column c in row into out when v is given and the reader sees the person
 * in full: the text (in out), else NULL. A note that does not open is left closed (the key was
 * rotated away). */
static const char *open_note(const vault *v, enum sealed_col c, int64_t row, const unsigned char *data, size_t len,
	enum identity_view view, struct buf *out)
{
	struct mapo_error ignored;
	buf_reset(out);
	if (!v || !data || view != IDVIEW_FULL ||
	    vault_unseal(v, store_sealed_table(c), store_sealed_column(c), row, data, len, out, &ignored))
		return NULL;
	return buf_str(out);
}

struct permit_ctx {
	const vault *v;
	struct view_cache views;
	aftercare_permit_cb cb;
	void *arg;
	struct buf note;
};

static int permit_row(const struct permit_rec *m, const unsigned char *employer, size_t len, void *arg)
{
	struct permit_ctx *c = arg;
	struct permit_rec out = *m;
	enum identity_view view = cached_view(&c->views, m->person_ref);
	out.employer = open_note(c->v, SC_PERMIT_EMPLOYER, m->id, employer, len, view, &c->note);
	return c->cb(&out, c->arg);
}

/* The filter of q for p; checks a named person first. */
static int make_filter(store *s, const struct principal *p, const struct aftercare_query *q,
	struct aftercare_filter *f, struct mapo_error *err)
{
	enum identity_view view;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc)
		return rc;
	if (q->person_ref && (rc = check_read(s, p, q->person_ref, &view, err)))
		return rc;
	if (q->from != DATE_NONE && q->to != DATE_NONE && q->to < q->from)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("to: the period's end is before its start"));
	f->person_ref = q->person_ref;
	f->from = q->from;
	f->to = q->to;
	return 0;
}

int aftercare_permit_list(store *s, const vault *v, const struct principal *p, const struct aftercare_query *q,
	aftercare_permit_cb cb, void *arg, struct mapo_error *err)
{
	struct aftercare_filter f;
	int rc = make_filter(s, p, q, &f, err);
	if (rc)
		return rc;
	struct permit_ctx c = {v, {s, p, "", IDVIEW_NONE}, cb, arg, BUF_INIT};
	rc = store_aftercare_permits(s, &f, permit_row, &c, err);
	buf_release(&c.note);
	return rc;
}

struct repat_ctx {
	const vault *v;
	struct view_cache views;
	aftercare_repat_cb cb;
	void *arg;
	struct buf note;
};

static int repat_row(const struct repat_rec *r, const unsigned char *note, size_t len, void *arg)
{
	struct repat_ctx *c = arg;
	struct repat_rec out = *r;
	enum identity_view view = cached_view(&c->views, r->person_ref);
	out.follow_up = open_note(c->v, SC_REPAT_FOLLOW_UP, r->id, note, len, view, &c->note);
	return c->cb(&out, c->arg);
}

int aftercare_repatriation_list(store *s, const vault *v, const struct principal *p,
	const struct aftercare_query *q, aftercare_repat_cb cb, void *arg, struct mapo_error *err)
{
	struct aftercare_filter f;
	int rc = make_filter(s, p, q, &f, err);
	if (rc)
		return rc;
	struct repat_ctx c = {v, {s, p, "", IDVIEW_NONE}, cb, arg, BUF_INIT};
	rc = store_aftercare_repatriations(s, &f, repat_row, &c, err);
	buf_release(&c.note);
	return rc;
}

int aftercare_permit_get(store *s, const vault *v, const struct principal *p, int64_t id, aftercare_permit_cb cb,
	void *arg, struct mapo_error *err)
{
	struct permit_rec m;
	struct sealed employer = {NULL, 0};
	enum identity_view view;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc || (rc = store_aftercare_permit_get(s, id, &m, &employer, err)))
		goto out;
	if ((rc = as_absent(check_read(s, p, m.person_ref, &view, err), _("permit"), id, err)))
		goto out;
	struct buf note = BUF_INIT;
	m.employer = open_note(v, SC_PERMIT_EMPLOYER, m.id, employer.data, employer.len, view, &note);
	rc = cb(&m, arg);
	buf_release(&note);
out:
	sealed_release(&employer);
	return rc;
}

int aftercare_repatriation_get(store *s, const vault *v, const struct principal *p, int64_t id,
	aftercare_repat_cb cb, void *arg, struct mapo_error *err)
{
	struct repat_rec r;
	struct sealed follow_up = {NULL, 0};
	enum identity_view view;
	int rc = check_may(p, PROTECT_RECORD, err);
	if (rc || (rc = store_aftercare_repatriation_get(s, id, &r, &follow_up, err)))
		goto out;
	if ((rc = as_absent(check_read(s, p, r.person_ref, &view, err), _("repatriation"), id, err)))
		goto out;
	struct buf note = BUF_INIT;
	r.follow_up = open_note(v, SC_REPAT_FOLLOW_UP, r.id, follow_up.data, follow_up.len, view, &note);
	rc = cb(&r, arg);
	buf_release(&note);
out:
	sealed_release(&follow_up);
	return rc;
}

/* ---- edits ---------------------------------------------------------------------------------------- */

/* The first field problem as the error (MAPO_EINVAL), the rest in fe. */
static int invalid(struct field_errors *fe, struct field_errors *mine, struct mapo_error *err)
{
	int rc = mapo_error_set(err, MAPO_EINVAL, "%s: %s", mine->v[0].field, mine->v[0].msg);
	for (size_t i = 0; fe && i < mine->n; i++)
		field_errors_add(fe, mine->v[i].field, "%s", mine->v[i].msg);
	field_errors_release(mine);
	return rc;
}

static void check_note(const char *note, const char *field, struct field_errors *fe)
{
	size_t len = note ? strlen(note) : 0;
	if (note && (len > AFTERCARE_NOTE_MAX || !utf8_valid(note, len)))
		field_errors_add(fe, field, _("not UTF-8 text of at most %d bytes"), AFTERCARE_NOTE_MAX);
}

/* Seals note for column c of row into out; NULL or "" makes an absent value. */
static int seal_note(const vault *v, enum sealed_col c, int64_t row, const char *note, struct sealed *out,
	struct mapo_error *err)
{
	sealed_release(out);
	if (!note || !*note)
		return 0;
	return vault_seal(v, store_sealed_table(c), store_sealed_column(c), row, note, strlen(note), out, err);
}

int aftercare_permit_update(store *s, const vault *v, const struct principal *p, const struct permit_change *c,
	struct field_errors *fe, int *version, struct mapo_error *err)
{
	struct permit_rec m;
	struct sealed old = {NULL, 0}, employer = {NULL, 0};
	struct field_errors mine = FIELD_ERRORS_INIT;
	struct buf detail = BUF_INIT;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = store_aftercare_permit_get(s, c->id, &m, &old, err)))
		goto out;
	if ((rc = as_absent(aftercare_may_act(s, p, PROTECT_EDIT, m.person_ref, err), _("permit"), c->id, err)))
		goto out;
	if (c->version < 1)
		field_errors_add(&mine, "version", "%s", _("the version the record was read at is needed"));
	if (c->set_valid_to && c->valid_to != DATE_NONE && c->valid_to < m.valid_from)
		field_errors_add(&mine, "valid_to", "%s", _("the last valid day is before the first"));
	if (c->status >= PERMIT__COUNT)
		field_errors_add(&mine, "status", "%s", _("active, revoked or ended"));
	check_note(c->employer, "employer", &mine);
	if (m.work && c->employer && !*c->employer)
		field_errors_add(&mine, "employer", "%s", _("a work permit names the employer"));
	if (c->employer && *c->employer && !v)
		field_errors_add(&mine, "employer", "%s", _("the key for personal data is not available"));
	if (mine.n) {
		rc = invalid(fe, &mine, err);
		goto out;
	}
	if (c->set_valid_to && c->valid_to != m.valid_to)
		buf_addstr(&detail, "valid_to ");
	if (c->status >= 0 && (enum permit_status)c->status != m.status)
		buf_addstr(&detail, "status ");
	if (c->employer)
		buf_addstr(&detail, "employer ");
	if (c->set_valid_to)
		m.valid_to = c->valid_to;
	if (c->status >= 0)
		m.status = (enum permit_status)c->status;
	m.version = c->version;
	if (c->employer && (rc = seal_note(v, SC_PERMIT_EMPLOYER, m.id, c->employer, &employer, err)))
		goto out;
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)m.id);
	if (detail.len)
		detail.data[--detail.len] = '\0';
	if ((rc = store_begin(s, err)))
		goto out;
	if ((rc = store_aftercare_permit_update(s, &m, c->employer ? &employer : NULL, err)) ||
	    (rc = audit_append(s, p, "permit-update", "permit", id, buf_str(&detail), NULL, err))) {
		store_rollback(s);
		goto out;
	}
	if ((rc = store_commit(s, err)))
		goto out;
	if (version)
		*version = m.version;
out:
	field_errors_release(&mine);
	sealed_release(&old);
	sealed_release(&employer);
	buf_release(&detail);
	return rc;
}

int aftercare_repatriation_update(store *s, const vault *v, const struct principal *p,
	const struct repat_change *c, struct field_errors *fe, int *version, struct mapo_error *err)
{
	struct repat_rec r;
	struct sealed old = {NULL, 0}, note = {NULL, 0};
	struct field_errors mine = FIELD_ERRORS_INIT;
	struct buf detail = BUF_INIT;
	int rc = check_may(p, PROTECT_EDIT, err);
	if (rc || (rc = store_aftercare_repatriation_get(s, c->id, &r, &old, err)))
		goto out;
	if ((rc = as_absent(aftercare_may_act(s, p, PROTECT_EDIT, r.person_ref, err), _("repatriation"), c->id,
		     err)))
		goto out;
	if (c->version < 1)
		field_errors_add(&mine, "version", "%s", _("the version the record was read at is needed"));
	if (c->destination && (strlen(c->destination) != 3 || strspn(c->destination, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
		field_errors_add(&mine, "destination", _("'%s' is not a country code (ISO alpha-3)"),
			c->destination);
	if (c->org && (!*c->org || strlen(c->org) >= ORG_MAX || !utf8_valid(c->org, strlen(c->org))))
		field_errors_add(&mine, "org", _("the assisting organisation is needed, at most %d bytes"),
			ORG_MAX - 1);
	check_note(c->follow_up, "follow_up", &mine);
	if (c->follow_up && *c->follow_up && !v)
		field_errors_add(&mine, "follow_up", "%s", _("the key for personal data is not available"));
	if (mine.n) {
		rc = invalid(fe, &mine, err);
		goto out;
	}
	if (c->on_date != DATE_NONE && c->on_date != r.on_date)
		buf_addstr(&detail, "on_date ");
	if (c->destination && strcmp(c->destination, r.destination))
		buf_addstr(&detail, "destination ");
	if (c->org && strcmp(c->org, r.org))
		buf_addstr(&detail, "org ");
	if (c->follow_up)
		buf_addstr(&detail, "follow_up ");
	if (c->on_date != DATE_NONE)
		r.on_date = c->on_date;
	if (c->destination)
		snprintf(r.destination, sizeof(r.destination), "%s", c->destination);
	if (c->org)
		snprintf(r.org, sizeof(r.org), "%s", c->org);
	r.version = c->version;
	if (c->follow_up && (rc = seal_note(v, SC_REPAT_FOLLOW_UP, r.id, c->follow_up, &note, err)))
		goto out;
	char id[24];
	snprintf(id, sizeof(id), "%lld", (long long)r.id);
	if (detail.len)
		detail.data[--detail.len] = '\0';
	if ((rc = store_begin(s, err)))
		goto out;
	if ((rc = store_aftercare_repatriation_update(s, &r, c->follow_up ? &note : NULL, err)) ||
	    (rc = audit_append(s, p, "repatriation-update", "repatriation", id, buf_str(&detail), NULL, err))) {
		store_rollback(s);
		if (rc == MAPO_EINVAL && fe)
			field_errors_add(fe, "destination", "%s", err->msg);
		goto out;
	}
	if ((rc = store_commit(s, err)))
		goto out;
	if (version)
		*version = r.version;
out:
	field_errors_release(&mine);
	sealed_release(&old);
	sealed_release(&note);
	buf_release(&detail);
	return rc;
}
