/* A victim's identity: its page with the forms that set and clear its fields and its photo, the
 * photo itself, the search by identity or passport number, and their JSON (web/h_identity.h).
 * The values are sealed, shown masked and audited by core/protection.h; this file only decides
 * who gets which answer, in the order the header gives, and reads what was sent. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aftercare.h"
#include "core/protection.h"
#include "web/h_identity.h"
#include "web/handlers.h"

/* The longest text field the core takes (protect_identity_put), checked here too so that the
 * message goes beside the field. */
#define IDENTITY_TEXT_MAX (NAME_MAX_BYTES * 4)
#define FORM_ID "identity"

/* The text fields of the identity form and the PUT: every one but the photo, which the page sets
 * through a form of its own (multipart) and the API does not take (the command line does). */
#define TEXT_FIELDS IDF_PHOTO

static const char *const labels[TEXT_FIELDS + 1] = {
	N_("Name"), N_("Identity number"), N_("Passport number"), N_("Address"), N_("Phone number"), N_("Photo"),
};

/* ---- small pieces ------------------------------------------------------------------------------ */

/* "/protection/persons/REF" followed by suffix, the reference percent-encoded. */
static void person_path(struct buf *out, const char *person_ref, const char *suffix)
{
	buf_addstr(out, "/protection/persons/");
	url_encode(out, person_ref, true);
	buf_addstr(out, suffix);
}

/* The image type of a photo's bytes by their signature: "image/jpeg", "image/png", or NULL. */
static const char *photo_type(const void *data, size_t len)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF};
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (len >= sizeof(jpeg) && !memcmp(data, jpeg, sizeof(jpeg)))
		return "image/jpeg";
	if (len >= sizeof(png) && !memcmp(data, png, sizeof(png)))
		return "image/png";
	return NULL;
}

static json_t *identity_json(const struct identity *id)
{
	json_t *j = json_pack("{s:s,s:s,s:b}", "person_ref", id->person_ref, "view",
		id->view == IDVIEW_FULL ? "full" : "masked", "erased", id->erased);
	for (int f = 0; f < IDF_PHOTO; f++)
		json_object_set_new(j, identity_field_code((enum identity_field)f),
			id->has[f] ? json_string(buf_str(&id->v[f])) : json_null());
	json_object_set_new(j, "photo_bytes",
		id->has[IDF_PHOTO] ? json_integer((json_int_t)id->v[IDF_PHOTO].len) : json_null());
	return j;
}

/* ---- what was sent ----------------------------------------------------------------------------- */

/* A change to an identity's text fields: value[f] to set (owned, trimmed), else clear[f] to
 * clear, else the field is left alone. */
struct change {
	char *value[TEXT_FIELDS];
	bool clear[TEXT_FIELDS];
};

static void change_release(struct change *c)
{
	for (int f = 0; f < TEXT_FIELDS; f++)
		free(c->value[f]);
	memset(c, 0, sizeof(*c));
}

/* s without the spaces around it, newly allocated. */
static char *trimmed(const char *s)
{
	size_t len = strlen(s);
	const char *start = str_trim(s, &len);
	return xstrndup(start, len);
}

/* Checks a value to set for field f (not empty); a problem goes to fe under the field's code. */
static void value_check(enum identity_field f, const char *v, struct field_errors *fe)
{
	const char *code = identity_field_code(f);
	const char *name = identity_field_name(f, i18n_lang());
	size_t len = strlen(v);
	bool alnum = false;
	if (len > IDENTITY_TEXT_MAX || !utf8_valid(v, len)) {
		field_errors_add(fe, code, _("%s: at most %d bytes of text"), name, IDENTITY_TEXT_MAX);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			field_errors_add(fe, code, _("%s: one line of text, without control characters"), name);
			return;
		}
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			alnum = true;
	}
	/* the blind index drops spaces and punctuation: a number of none but those finds nothing */
	if ((f == IDF_ID_NUMBER || f == IDF_PASSPORT) && !alnum)
		field_errors_add(fe, code, _("%s: needs at least one letter or digit"), name);
}

/* The page's form: for each field, the value (empty: leave alone) and its "clear_FIELD" box. */
static void change_from_form(const struct params *form, struct change *c, struct field_errors *fe)
{
	for (int f = 0; f < TEXT_FIELDS; f++) {
		const char *code = identity_field_code((enum identity_field)f);
		char box[32];
		snprintf(box, sizeof(box), "clear_%s", code);
		const char *v = params_get(form, code);
		char *t = trimmed(v ? v : "");
		bool clear = params_get_nonempty(form, box) != NULL;
		if (*t && clear) {
			field_errors_add(fe, code, _("%s: give a new value or clear it, not both"),
				identity_field_name((enum identity_field)f, i18n_lang()));
			free(t);
		} else if (*t) {
			value_check((enum identity_field)f, t, fe);
			c->value[f] = t;
		} else {
			c->clear[f] = clear;
			free(t);
		}
	}
}

/* The API's object: a member absent leaves the field alone, null or "" clears it, a string sets
 * it; unknown members (the photo among them) and other types are field problems. */
static void change_from_json(const json_t *j, struct change *c, struct field_errors *fe)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)j, k, v) {
		int f = identity_field_parse(k);
		if (f == IDF_PHOTO) {
			field_errors_add(fe, k, "%s", _("photo: not set through the API; use mapo victim identity set --photo"));
			continue;
		}
		if (f < 0) {
			field_errors_add(fe, k, _("unknown member '%s'"), k);
			continue;
		}
		if (json_is_null(v)) {
			c->clear[f] = true;
			continue;
		}
		if (!json_is_string(v)) {
			field_errors_add(fe, k, _("'%s' must be a string or null"), k);
			continue;
		}
		char *t = trimmed(json_string_value(v));
		if (!*t) {
			c->clear[f] = true;
			free(t);
			continue;
		}
		value_check((enum identity_field)f, t, fe);
		c->value[f] = t;
	}
}

/* The checks made before anything sent is looked at: the role's right to change identities
 * (MAPO_EDENIED), then the person seen in full (MAPO_ENOTFOUND, as if absent). */
static int may_change(struct web_req *rq, const char *person_ref, struct mapo_error *err)
{
	if (!access_may_protection(&rq->who, PROTECT_EDIT))
		return mapo_error_set(err, MAPO_EDENIED, "%s", _("you may not change identities"));
	return aftercare_may_act(rq->db, &rq->who, PROTECT_EDIT, person_ref, err);
}

static int change_save(struct web_req *rq, const vault *v, const char *person_ref, const struct change *c,
	struct mapo_error *err)
{
	struct identity_input in;
	memset(&in, 0, sizeof(in));
	for (int f = 0; f < TEXT_FIELDS; f++)
		in.v[f] = c->value[f] ? c->value[f] : c->clear[f] ? "" : NULL;
	return protect_identity_put(rq->db, v, &rq->who, person_ref, &in, err);
}

/* ---- the identity page ------------------------------------------------------------------------- */

/* The form, empty or (sent not NULL) with what was sent and the problems beside the fields. */
static void render_form(struct web_req *rq, struct buf *o, const char *person_ref, const struct params *sent,
	const struct field_errors *fe, const char *message)
{
	struct buf action = BUF_INIT;
	person_path(&action, person_ref, "/identity");
	tpl_printf(o, "<section aria-labelledby=\"h-identity-form\"><h2 id=\"h-identity-form\">%s</h2>\n",
		_("Change the identity"));
	tpl_printf(o, "<p>%s</p>\n",
		_("A field left empty keeps its value; tick its box to clear it. Every change is in the audit trail."));
	tpl_printf(o, "<form method=\"post\" action=\"%s\" class=\"record\" id=\"%s\" aria-label=\"%s\">",
		buf_str(&action), FORM_ID, _("Change the identity"));
	csrf_field(rq, o);
	if (message)
		tpl_printf(o, "<p class=\"error\" role=\"alert\">%s</p>", message);
	for (int f = 0; f < TEXT_FIELDS; f++) {
		const char *code = identity_field_code((enum identity_field)f);
		char box[32];
		snprintf(box, sizeof(box), "clear_%s", code);
		const char *v = sent ? params_get(sent, code) : NULL;
		const char *e = field_errors_get(fe, code);
		tpl_printf(o, "<div class=\"field%s\"><label for=\"f-%s-%s\">%s</label>", e ? " invalid" : "", FORM_ID, code,
			_(labels[f]));
		tpl_printf(o, "<input id=\"f-%s-%s\" name=\"%s\" type=\"%s\" value=\"%s\" autocomplete=\"off\"", FORM_ID,
			code, code, f == IDF_PHONE ? "tel" : "text", v ? v : "");
		if (e)
			tpl_printf(o, " aria-invalid=\"true\" aria-describedby=\"e-%s-%s\"", FORM_ID, code);
		tpl_raw(o, ">");
		tpl_printf(o, "<label class=\"check\"><input type=\"checkbox\" id=\"f-%s-%s\" name=\"%s\" value=\"1\"%s> ",
			FORM_ID, box, box, sent && params_get_nonempty(sent, box) ? " checked" : "");
		tpl_printf(o, _("Clear the %s"), identity_field_name((enum identity_field)f, i18n_lang()));
		tpl_raw(o, "</label>");
		if (e)
			tpl_printf(o, "<p class=\"error\" id=\"e-%s-%s\">%s</p>", FORM_ID, code, e);
		tpl_raw(o, "</div>");
	}
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n</section>\n", _("Save the identity"));
	buf_release(&action);
}

/* The photo's form: a file (JPEG or PNG) or the box that clears it; its problem beside it. */
static void render_photo_form(struct web_req *rq, struct buf *o, const char *person_ref, const struct params *sent,
	const struct field_errors *fe)
{
	struct buf action = BUF_INIT;
	const char *e = field_errors_get(fe, "photo");
	person_path(&action, person_ref, "/identity/photo");
	tpl_printf(o, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"record\" "
		      "id=\"photo\" aria-label=\"%s\">", buf_str(&action), _("Change the photo"));
	csrf_field(rq, o);
	tpl_printf(o, "<div class=\"field%s\"><label for=\"f-photo-photo\">%s</label>", e ? " invalid" : "",
		_("Photo (JPEG or PNG)"));
	tpl_raw(o, "<input id=\"f-photo-photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png\"");
	if (e)
		tpl_raw(o, " aria-invalid=\"true\" aria-describedby=\"e-photo-photo\"");
	tpl_raw(o, ">");
	tpl_printf(o, "<label class=\"check\"><input type=\"checkbox\" id=\"f-photo-clear_photo\" name=\"clear_photo\" "
		      "value=\"1\"%s> ", sent && params_get_nonempty(sent, "clear_photo") ? " checked" : "");
	tpl_printf(o, _("Clear the %s"), identity_field_name(IDF_PHOTO, i18n_lang()));
	tpl_raw(o, "</label>");
	if (e)
		tpl_printf(o, "<p class=\"error\" id=\"e-photo-photo\">%s</p>", e);
	tpl_printf(o, "</div><button type=\"submit\">%s</button></form>\n", _("Save the photo"));
	buf_release(&action);
}

/* The identity of person_ref as the role may see it, with the form for a role that may change
 * it; sent, fe and message: a form sent back with its problems. */
static void identity_page(struct web_req *rq, struct web_resp *rs, const char *person_ref, const struct params *sent,
	const struct field_errors *fe, const char *message, int status)
{
	struct identity id;
	struct mapo_error err;
	struct buf href = BUF_INIT;
	enum identity_view view;
	vault *v = NULL;

	mapo_error_clear(&err);
	identity_init(&id);
	/* Who may see the person comes first: a role that may not learns nothing about the key. */
	int rc = aftercare_person_view(rq->db, &rq->who, person_ref, &view, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	rc = protect_identity_get(rq->db, v, &rq->who, person_ref, &id, &err);
	/* the person is in reach (above): not found here is an identity never recorded */
	bool none = rc == MAPO_ENOTFOUND;
	if (rc && !none) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	bool edit = view == IDVIEW_FULL && !may_change(rq, person_ref, &err);

	char title[PERSON_REF_MAX + 64];
	snprintf(title, sizeof(title), _("Identity of %s"), person_ref);
	page_begin(rq, rs, title);
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", title);
	/* the links the role may follow: the pages it may read */
	bool record = access_may_protection(&rq->who, PROTECT_RECORD);
	size_t nlinks = 0;
	const char *suffixes[] = {"", "/identification"};
	const char *texts[] = {_("Protection record"), _("Identification")};
	bool shown[] = {record, record || access_may_protection(&rq->who, PROTECT_IDENTIFY)};
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		if (!shown[i])
			continue;
		buf_reset(&href);
		person_path(&href, person_ref, suffixes[i]);
		tpl_printf(o, "%s<a href=\"%s\">%s</a>", nlinks++ ? " · " : "<p>", buf_str(&href), texts[i]);
	}
	if (access_may_protection(&rq->who, PROTECT_READ))
		tpl_printf(o, "%s<a href=\"/protection/identity-search\">%s</a>", nlinks++ ? " · " : "<p>",
			_("Search by identity or passport number"));
	if (nlinks)
		tpl_raw(o, "</p>\n");
	if (web_query(rq, "saved") && status == 200)
		tpl_printf(o, "<p class=\"notice\" role=\"status\">%s</p>\n", _("Saved."));

	tpl_printf(o, "<p class=\"view-%s\"><strong>%s</strong> %s</p>\n", view == IDVIEW_FULL ? "full" : "masked",
		view == IDVIEW_FULL ? _("Full view.") : _("Masked view."),
		view == IDVIEW_FULL ? _("Your role sees this identity in full. This view is in the audit trail.")
				    : _("Your role sees the name as initials and the numbers by their last characters "
					"only; the address, phone number and photo stay hidden. This view is in the audit trail."));
	if (none)
		tpl_printf(o, "<p>%s</p>\n", _("No identity is recorded for this person."));
	else if (id.erased)
		tpl_printf(o, "<p>%s</p>\n", _("The retention run erased this identity."));
	if (!none) {
		tpl_raw(o, "<dl class=\"facts\">");
		for (int f = 0; f < TEXT_FIELDS; f++)
			tpl_printf(o, "<dt>%s</dt><dd id=\"v-%s\">%s</dd>", _(labels[f]), identity_field_code((enum identity_field)f),
				id.has[f] ? buf_str(&id.v[f]) : _("not recorded"));
		if (view == IDVIEW_FULL) {
			tpl_printf(o, "<dt>%s</dt><dd id=\"v-photo\">", _(labels[IDF_PHOTO]));
			if (id.has[IDF_PHOTO]) {
				tpl_printf(o, _("recorded (%zu bytes)"), id.v[IDF_PHOTO].len);
				if (photo_type(id.v[IDF_PHOTO].data, id.v[IDF_PHOTO].len)) {
					buf_reset(&href);
					person_path(&href, person_ref, "/identity/photo");
					tpl_printf(o, "<br><img src=\"%s\" alt=\"%s\" class=\"photo\" width=\"160\">", buf_str(&href),
						_("The person's photo"));
				}
			} else
				tpl_printf(o, "%s", _("not recorded"));
			tpl_raw(o, "</dd>");
		}
		tpl_raw(o, "</dl>\n");
	}
	if (edit) {
		render_form(rq, o, person_ref, sent, fe, message);
		render_photo_form(rq, o, person_ref, sent, fe);
	}
	page_end(rq, rs, status);
out:
	buf_release(&href);
	identity_release(&id);
	vault_free(v);
}

void h_identity(struct web_req *rq, struct web_resp *rs)
{
	const char *ref = params_get(&rq->caps, "ref");
	identity_page(rq, rs, ref ? ref : "", NULL, NULL, NULL, 200);
}

/* The form's post: back to the page (303, ?saved=1), or the page again with the problems beside
 * the fields and what was sent (422). */
void h_identity_post(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct change c;
	struct mapo_error err;
	vault *v = NULL;
	const char *ref = params_get(&rq->caps, "ref");

	ref = ref ? ref : "";
	memset(&c, 0, sizeof(c));
	mapo_error_clear(&err);
	int rc = may_change(rq, ref, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	change_from_form(&rq->form, &c, &fe);
	if (fe.n) {
		identity_page(rq, rs, ref, &rq->form, &fe, NULL, 422);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	if ((rc = change_save(rq, v, ref, &c, &err))) {
		if (rc == MAPO_EINVAL)
			identity_page(rq, rs, ref, &rq->form, &fe, err.msg, 422);
		else
			web_error_from(rq, rs, rc, &err);
		goto out;
	}
	struct buf loc = BUF_INIT;
	person_path(&loc, ref, "/identity?saved=1");
	web_redirect(rs, buf_str(&loc));
	buf_release(&loc);
out:
	vault_free(v);
	change_release(&c);
	field_errors_release(&fe);
}

/* ---- the photo --------------------------------------------------------------------------------- */

static const struct web_upload *upload_of(const struct web_req *rq, const char *field)
{
	for (size_t i = 0; i < rq->nuploads; i++)
		if (!strcmp(rq->uploads[i].field, field) && (rq->uploads[i].data.len || rq->uploads[i].filename[0]))
			return &rq->uploads[i];
	return NULL;
}

/* The photo form's post: a new photo (a JPEG or PNG of at most VAULT_FIELD_MAX bytes) or the
 * "clear_photo" box; the checks in the order of the text fields' form. */
void h_identity_photo_post(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	vault *v = NULL;
	const char *ref = params_get(&rq->caps, "ref");

	ref = ref ? ref : "";
	mapo_error_clear(&err);
	int rc = may_change(rq, ref, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	const struct web_upload *up = upload_of(rq, "photo");
	bool clear = params_get_nonempty(&rq->form, "clear_photo") != NULL;
	if (up && clear)
		field_errors_add(&fe, "photo", "%s", _("photo: give a new photo or clear it, not both"));
	else if (!up && !clear)
		field_errors_add(&fe, "photo", "%s", _("photo: choose a file, or tick the box to clear the photo"));
	else if (up && up->data.len > VAULT_FIELD_MAX)
		field_errors_add(&fe, "photo", _("photo: at most %zu MB"), VAULT_FIELD_MAX >> 20);
	else if (up && !photo_type(up->data.data, up->data.len))
		field_errors_add(&fe, "photo", "%s", _("photo: a JPEG or PNG image"));
	if (fe.n) {
		identity_page(rq, rs, ref, &rq->form, &fe, NULL, 422);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	struct identity_input in;
	memset(&in, 0, sizeof(in));
	in.v[IDF_PHOTO] = up ? up->data.data : "";
	in.len[IDF_PHOTO] = up ? up->data.len : 0;
	if ((rc = protect_identity_put(rq->db, v, &rq->who, ref, &in, &err))) {
		if (rc == MAPO_EINVAL || rc == MAPO_ETOOBIG)
			identity_page(rq, rs, ref, &rq->form, &fe, err.msg, 422);
		else
			web_error_from(rq, rs, rc, &err);
		goto out;
	}
	struct buf loc = BUF_INIT;
	person_path(&loc, ref, "/identity?saved=1");
	web_redirect(rs, buf_str(&loc));
	buf_release(&loc);
out:
	vault_free(v);
	field_errors_release(&fe);
}

/* GET /protection/persons/{ref}/identity/photo: the photo's bytes for a role that sees the
 * person in full (403 for a masked view, which never shows it; 404 when there is none). Every
 * fetch is a view of the identity, audited as such by the core. */
void h_identity_photo(struct web_req *rq, struct web_resp *rs)
{
	struct identity id;
	struct mapo_error err;
	enum identity_view view;
	vault *v = NULL;
	const char *ref = params_get(&rq->caps, "ref");

	ref = ref ? ref : "";
	mapo_error_clear(&err);
	identity_init(&id);
	int rc = aftercare_person_view(rq->db, &rq->who, ref, &view, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (view != IDVIEW_FULL) {
		web_error(rq, rs, 403, "forbidden", _("your role sees this identity masked, without the photo"));
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	if ((rc = protect_identity_get(rq->db, v, &rq->who, ref, &id, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	const char *type = id.has[IDF_PHOTO] ? photo_type(id.v[IDF_PHOTO].data, id.v[IDF_PHOTO].len) : NULL;
	if (!type) {
		/* none, or one the command line set in another format: not served as an image */
		web_error(rq, rs, 404, "not_found", _("no photo is recorded for this person"));
		goto out;
	}
	rs->status = 200;
	rs->content_type = type;
	buf_add(&rs->body, id.v[IDF_PHOTO].data, id.v[IDF_PHOTO].len);
out:
	identity_release(&id);
	vault_free(v);
}

/* ---- the search --------------------------------------------------------------------------------- */

/* The search's number from the query: exactly one of id_number and passport (*passport says
 * which); NULL with a field problem otherwise. */
static const char *search_number(struct web_req *rq, bool *passport, struct field_errors *fe)
{
	const char *idno = web_query(rq, "id_number");
	const char *pass = web_query(rq, "passport");
	if (idno && pass) {
		field_errors_add(fe, "id_number", "%s", _("give an identity number or a passport number, not both"));
		return NULL;
	}
	if (!idno && !pass) {
		field_errors_add(fe, "id_number", "%s", _("give an identity number or a passport number"));
		return NULL;
	}
	*passport = pass != NULL;
	const char *n = pass ? pass : idno;
	if (strlen(n) > IDENTITY_TEXT_MAX) {
		field_errors_add(fe, pass ? "passport" : "id_number", _("at most %d bytes"), IDENTITY_TEXT_MAX);
		return NULL;
	}
	return n;
}

static bool may_search(struct web_req *rq, struct web_resp *rs)
{
	if (access_may_protection(&rq->who, PROTECT_READ))
		return true;
	web_error(rq, rs, 403, "forbidden", _("you may not search identities"));
	return false;
}

/* GET /api/v1/protection/identity-search?id_number=N (or ?passport=N): the persons with that
 * number whom the caller may see in full, as [{"person_ref"}]. Audited by the core. */
void api_identity_search(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct strvec found = STRVEC_INIT;
	struct mapo_error err;
	vault *v = NULL;
	bool passport = false;

	mapo_error_clear(&err);
	if (!may_search(rq, rs))
		goto out;
	const char *number = search_number(rq, &passport, &fe);
	if (!number) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	int rc = protect_identity_find(rq->db, v, &rq->who, passport, number, &found, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < found.n; i++)
		json_array_append_new(a, json_pack("{s:s}", "person_ref", found.v[i]));
	web_json(rs, 200, a);
out:
	vault_free(v);
	strvec_release(&found);
	field_errors_release(&fe);
}

/* GET /protection/identity-search: the form, and with a number the persons found. */
void h_identity_search(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct strvec found = STRVEC_INIT;
	struct mapo_error err;
	vault *v = NULL;
	bool passport = false;
	int status = 200;

	mapo_error_clear(&err);
	if (!may_search(rq, rs))
		goto out;
	/* a search was asked when either field came, even empty */
	bool asked = params_get(&rq->query, "id_number") || params_get(&rq->query, "passport");
	const char *number = asked ? search_number(rq, &passport, &fe) : NULL;
	if (asked && !number)
		status = 422;
	if (number) {
		if (!(v = web_open_key(rq))) {
			web_no_key(rq, rs);
			goto out;
		}
		int rc = protect_identity_find(rq->db, v, &rq->who, passport, number, &found, &err);
		if (rc) {
			web_error_from(rq, rs, rc, &err);
			goto out;
		}
	}
	page_begin(rq, rs, _("Search by identity or passport number"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n<p>%s</p>\n", _("Search by identity or passport number"),
		_("An exact match on the whole number (spaces, dashes, slashes and dots do not count). Only the "
		  "persons whose identity your role sees in full are listed. Every search is in the audit trail."));
	tpl_printf(o, "<form method=\"get\" action=\"/protection/identity-search\" id=\"search\" aria-label=\"%s\">",
		_("Search by identity or passport number"));
	tpl_input(o, "id_number", _("Identity number"), "text", web_query(rq, "id_number"), field_errors_get(&fe, "id_number"),
		false);
	tpl_input(o, "passport", _("Passport number"), "text", web_query(rq, "passport"), field_errors_get(&fe, "passport"),
		false);
	tpl_printf(o, "<button type=\"submit\">%s</button></form>\n", _("Search"));
	if (number) {
		tpl_printf(o, "<section aria-labelledby=\"h-found\"><h2 id=\"h-found\">%s</h2>\n", _("Persons found"));
		if (!found.n)
			tpl_printf(o, "<p>%s</p>\n", _("No person with this number whose identity you may see in full."));
		else
			tpl_raw(o, "<ul>");
		for (size_t i = 0; i < found.n; i++) {
			struct buf href = BUF_INIT;
			person_path(&href, found.v[i], "/identity");
			tpl_printf(o, "<li><a href=\"%s\">%s</a></li>", buf_str(&href), found.v[i]);
			buf_release(&href);
		}
		if (found.n)
			tpl_raw(o, "</ul>\n");
		tpl_raw(o, "</section>\n");
	}
	page_end(rq, rs, status);
out:
	vault_free(v);
	strvec_release(&found);
	field_errors_release(&fe);
}

/* ---- the API ------------------------------------------------------------------------------------ */

/* Answers 200 with person_ref's identity as p may see it (an identity never recorded: all null). */
static void identity_answer(struct web_req *rq, struct web_resp *rs, const vault *v, const char *person_ref)
{
	struct identity id;
	struct mapo_error err;
	mapo_error_clear(&err);
	identity_init(&id);
	int rc = protect_identity_get(rq->db, v, &rq->who, person_ref, &id, &err);
	if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		web_json(rs, 200, identity_json(&id));
	identity_release(&id);
}

void api_protection_identity(struct web_req *rq, struct web_resp *rs)
{
	struct mapo_error err;
	vault *v = NULL;
	const char *ref = params_get(&rq->caps, "ref");

	mapo_error_clear(&err);
	/* Who may see the person comes first: a role that may not learns nothing about the key. */
	enum identity_view view;
	int rc = aftercare_person_view(rq->db, &rq->who, ref ? ref : "", &view, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		return;
	}
	/* The key file is read per request: a rotation takes effect without a restart. */
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		return;
	}
	identity_answer(rq, rs, v, ref ? ref : "");
	vault_free(v);
}

/* PUT /api/v1/protection/persons/{ref}/identity: 403, 404, 400, 422, 503 in that order, then the
 * identity as GET gives it. */
void api_identity_put(struct web_req *rq, struct web_resp *rs)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct change c;
	struct mapo_error err;
	vault *v = NULL;
	const char *ref = params_get(&rq->caps, "ref");

	ref = ref ? ref : "";
	memset(&c, 0, sizeof(c));
	mapo_error_clear(&err);
	int rc = may_change(rq, ref, &err);
	if (rc) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	if (!web_need_object(rq, rs))
		goto out;
	change_from_json(rq->json, &c, &fe);
	if (fe.n) {
		web_invalid(rs, &fe, NULL);
		goto out;
	}
	if (!(v = web_open_key(rq))) {
		web_no_key(rq, rs);
		goto out;
	}
	if ((rc = change_save(rq, v, ref, &c, &err))) {
		web_error_from(rq, rs, rc, &err);
		goto out;
	}
	identity_answer(rq, rs, v, ref);
out:
	vault_free(v);
	change_release(&c);
	field_errors_release(&fe);
}
