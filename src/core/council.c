/* The council's work: vocabularies, validation, numbering, quorum, overdue items, file types,
 * access, and the audited writes over store/store_council.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/council.h"
#include "store/store_council.h"

/* ---- vocabularies -------------------------------------------------------------------------- */

static const char *const org_kind_codes[ORGK__COUNT] = {"ministry", "enforcement", "prosecution", "protection",
	"committee", "ngo", "cso", "international", "academic", "embassy", "expert"};
static const char *const org_kind_names[ORGK__COUNT] = {N_("ministry"), N_("enforcement agency"),
	N_("prosecution"), N_("protection agency"), N_("council or committee"), N_("non-governmental organisation"),
	N_("civil society organisation"), N_("international organisation"), N_("academic institution"),
	N_("embassy"), N_("individual expert")};
static const char *const member_role_codes[MROLE__COUNT] = {"chair", "deputy", "secretary", "member", "invited"};
static const char *const member_role_names[MROLE__COUNT] = {N_("chair"), N_("deputy chair"), N_("secretary"),
	N_("member"), N_("invited")};
static const char *const mode_codes[MODE__COUNT] = {"physical", "online", "hybrid"};
static const char *const mode_names[MODE__COUNT] = {N_("in person"), N_("online"), N_("hybrid")};
static const char *const attend_codes[ATT__COUNT] = {"present", "online", "apology", "represented"};
static const char *const attend_names[ATT__COUNT] = {N_("present"), N_("online"), N_("absent with apology"),
	N_("represented")};
static const char *const doc_kind_codes[DOCK__COUNT] = {"information-paper", "decision-paper", "report", "minutes",
	"country-report", "plan", "guideline", "other"};
static const char *const doc_kind_names[DOCK__COUNT] = {N_("information paper"), N_("decision paper"),
	N_("report"), N_("minutes"), N_("country report"), N_("plan"), N_("guideline"), N_("other document")};
static const char *const doc_access_codes[DACC__COUNT] = {"internal", "members", "partners", "public"};
static const char *const doc_access_names[DACC__COUNT] = {N_("internal"), N_("members"), N_("partners"),
	N_("public")};
static const char *const action_status_codes[ACT__COUNT] = {"open", "in-progress", "done", "cancelled"};
static const char *const action_status_names[ACT__COUNT] = {N_("open"), N_("in progress"), N_("done"),
	N_("cancelled")};

static const char *code_at(const char *const *codes, int n, int v) { return v >= 0 && v < n ? codes[v] : ""; }

static int parse_code(const char *const *codes, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(codes[i], s))
			return i;
	return -1;
}

static const char *name_at(const char *const *names, int n, int v, enum mapo_lang lang)
{
	return v >= 0 && v < n ? mapo_tr(lang, names[v]) : "";
}

#define VOCAB(prefix, type, codes, names, count)                                                        \
	const char *prefix##_code(type v) { return code_at(codes, count, v); }                           \
	type prefix##_parse(const char *s) { return (type)parse_code(codes, count, s); }                 \
	const char *prefix##_name(type v, enum mapo_lang lang) { return name_at(names, count, v, lang); }

VOCAB(org_kind, enum org_kind, org_kind_codes, org_kind_names, ORGK__COUNT)
VOCAB(member_role, enum member_role, member_role_codes, member_role_names, MROLE__COUNT)
VOCAB(meeting_mode, enum meeting_mode, mode_codes, mode_names, MODE__COUNT)
VOCAB(attend_status, enum attend_status, attend_codes, attend_names, ATT__COUNT)
VOCAB(doc_kind, enum doc_kind, doc_kind_codes, doc_kind_names, DOCK__COUNT)
VOCAB(doc_access, enum doc_access, doc_access_codes, doc_access_names, DACC__COUNT)
VOCAB(action_status, enum action_status, action_status_codes, action_status_names, ACT__COUNT)

bool doc_kind_is_paper(enum doc_kind k)
{
	return k == DOCK_INFO_PAPER || k == DOCK_DECISION_PAPER || k == DOCK_REPORT;
}

/* ---- plain data ---------------------------------------------------------------------------- */

void council_org_init(struct council_org *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = ORGK_NONE;
}

void council_person_init(struct council_person *p) { memset(p, 0, sizeof(*p)); }

void council_member_init(struct council_member *m)
{
	memset(m, 0, sizeof(*m));
	m->role = MROLE_MEMBER;
	m->start = DATE_NONE;
	m->end = DATE_NONE;
}

void council_meeting_init(struct council_meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->held_on = DATE_NONE;
	m->mode = MODE_NONE;
	m->minutes = xstrdup("");
	strvec_init(&m->agenda);
}

void council_meeting_release(struct council_meeting *m)
{
	free(m->minutes);
	m->minutes = NULL;
	strvec_release(&m->agenda);
}

void council_meeting_set_minutes(struct council_meeting *m, const char *minutes)
{
	char *copy = xstrdup(minutes ? minutes : "");
	free(m->minutes);
	m->minutes = copy;
}

void council_attendance_init(struct council_attendance *a)
{
	memset(a, 0, sizeof(*a));
	a->status = ATT_NONE;
}

void council_doc_init(struct council_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->kind = DOCK_NONE;
	d->access = DACC_NONE;
	d->issued_on = DATE_NONE;
}

void council_file_init(struct council_file *f) { memset(f, 0, sizeof(*f)); }

void council_file_release(struct council_file *f)
{
	free(f->data);
	f->data = NULL;
}

void council_decision_init(struct council_decision *d) { memset(d, 0, sizeof(*d)); }

void council_engagement_init(struct council_engagement *e)
{
	memset(e, 0, sizeof(*e));
	e->held_on = DATE_NONE;
}

void council_action_init(struct council_action *a)
{
	memset(a, 0, sizeof(*a));
	a->due_on = DATE_NONE;
	a->status = ACT_OPEN;
}

void council_action_update_init(struct council_action_update *u)
{
	memset(u, 0, sizeof(*u));
	u->noted_on = DATE_NONE;
	u->status = ACT_NONE;
}

/* ---- validation ---------------------------------------------------------------------------- */

int council_set_str(char *dst, size_t size, const char *src, const char *field, bool required,
	struct field_errors *errs)
{
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (!utf8_valid(src, n)) {
		field_errors_add(errs, field, _("'%s' is not valid UTF-8 text"), field);
		return MAPO_EINVAL;
	}
	if (n >= size) {
		field_errors_add(errs, field, _("'%s' is longer than %zu bytes"), field, size - 1);
		return MAPO_EINVAL;
	}
	memcpy(dst, src, n + 1);
	if (required && !n) {
		field_errors_add(errs, field, _("'%s' is required"), field);
		return MAPO_EINVAL;
	}
	return 0;
}

static bool code_shape_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
			    *s == '_' || *s == '.'))
			return false;
	return true;
}

static void need_code(const char *code, const char *field, bool required, struct field_errors *errs)
{
	if (!*code) {
		if (required)
			field_errors_add(errs, field, _("'%s' is required"), field);
	} else if (!code_shape_ok(code)) {
		field_errors_add(errs, field, _("'%s' is not an organisation code (letters, digits, '-', '_', '.')"), code);
	}
}

static void need_text(const char *s, const char *field, struct field_errors *errs)
{
	if (!*s)
		field_errors_add(errs, field, _("'%s' is required"), field);
	else if (!utf8_valid(s, strlen(s)))
		field_errors_add(errs, field, _("'%s' is not valid UTF-8 text"), field);
}

size_t council_org_validate(const struct council_org *o, struct field_errors *errs)
{
	size_t before = errs->n;
	need_code(o->code, "code", true, errs);
	if (o->kind < 0 || o->kind >= ORGK__COUNT)
		field_errors_add(errs, "kind", "%s", _("the kind must be one of ministry, enforcement, prosecution, "
			"protection, committee, ngo, cso, international, academic, embassy, expert"));
	need_text(o->name_ms, "name_ms", errs);
	need_text(o->name_en, "name_en", errs);
	need_code(o->parent, "parent", false, errs);
	if (o->parent[0] && !strcmp(o->parent, o->code))
		field_errors_add(errs, "parent", _("organisation '%s' cannot be its own parent"), o->code);
	return errs->n - before;
}

size_t council_person_validate(const struct council_person *p, struct field_errors *errs)
{
	size_t before = errs->n;
	need_code(p->org, "org", true, errs);
	need_text(p->name, "name", errs);
	if (p->email[0] && (!strchr(p->email, '@') || strchr(p->email, ' ')))
		field_errors_add(errs, "email", _("'%s' is not an e-mail address"), p->email);
	return errs->n - before;
}

size_t council_member_validate(const struct council_member *m, struct field_errors *errs)
{
	size_t before = errs->n;
	need_code(m->body, "body", true, errs);
	need_code(m->org, "org", true, errs);
	if (m->body[0] && !strcmp(m->body, m->org))
		field_errors_add(errs, "org", _("'%s' cannot be a member of itself"), m->org);
	if (m->role < 0 || m->role >= MROLE__COUNT)
		field_errors_add(errs, "role", "%s", _("the role must be chair, deputy, secretary, member or invited"));
	if (m->start == DATE_NONE)
		field_errors_add(errs, "start", "%s", _("the membership needs a start date"));
	if (m->end != DATE_NONE && m->start != DATE_NONE && m->end < m->start)
		field_errors_add(errs, "end", "%s", _("the membership ends before it starts"));
	return errs->n - before;
}

static bool time_ok(const char *t)
{
	if (!*t)
		return true;
	if (strlen(t) != 5 || t[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (t[i] < '0' || t[i] > '9'))
			return false;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	return h < 24 && m < 60;
}

size_t council_meeting_validate(const struct council_meeting *m, struct field_errors *errs)
{
	size_t before = errs->n;
	need_code(m->body, "body", true, errs);
	if (m->held_on == DATE_NONE)
		field_errors_add(errs, "date", "%s", _("the meeting needs a date"));
	if (!time_ok(m->start_time))
		field_errors_add(errs, "time", _("'%s' is not a time (HH:MM)"), m->start_time);
	if (m->mode < 0 || m->mode >= MODE__COUNT)
		field_errors_add(errs, "mode", "%s", _("the mode must be physical, online or hybrid"));
	if (m->minutes && strlen(m->minutes) > MINUTES_MAX)
		field_errors_add(errs, "minutes", _("the minutes are longer than %zu bytes"), MINUTES_MAX);
	else if (m->minutes && !utf8_valid(m->minutes, strlen(m->minutes)))
		field_errors_add(errs, "minutes", _("'%s' is not valid UTF-8 text"), "minutes");
	if (m->agenda.n > AGENDA_ITEMS_MAX)
		field_errors_add(errs, "agenda", _("an agenda holds at most %d items"), AGENDA_ITEMS_MAX);
	for (size_t i = 0; i < m->agenda.n; i++)
		if (!utf8_valid(m->agenda.v[i], strlen(m->agenda.v[i])) || strlen(m->agenda.v[i]) >= COUNCIL_TITLE_MAX)
			field_errors_add(errs, "agenda", _("agenda item %zu is not valid text of at most %d bytes"), i + 1,
				COUNCIL_TITLE_MAX - 1);
	return errs->n - before;
}

size_t council_attendance_validate(const struct council_attendance *a, struct field_errors *errs)
{
	size_t before = errs->n;
	if (a->meeting_id <= 0)
		field_errors_add(errs, "meeting", "%s", _("say which meeting"));
	if (a->person_id <= 0)
		field_errors_add(errs, "person", "%s", _("say which representative"));
	if (a->status < 0 || a->status >= ATT__COUNT)
		field_errors_add(errs, "status", "%s", _("the attendance must be present, online, apology or represented"));
	if (a->status == ATT_REPRESENTED && !a->represented_by[0])
		field_errors_add(errs, "represented_by", "%s", _("say who represented the member"));
	if (a->status != ATT_REPRESENTED && a->represented_by[0])
		field_errors_add(errs, "represented_by", "%s", _("only a represented member has a representative"));
	need_code(a->org, "org", false, errs);
	return errs->n - before;
}

size_t council_doc_validate(const struct council_doc *d, struct field_errors *errs)
{
	size_t before = errs->n;
	if (d->kind < 0 || d->kind >= DOCK__COUNT)
		field_errors_add(errs, "kind", "%s", _("the kind must be information-paper, decision-paper, report, minutes, "
			"country-report, plan, guideline or other"));
	if (d->access < 0 || d->access >= DACC__COUNT)
		field_errors_add(errs, "access", "%s", _("the access level must be internal, members, partners or public"));
	if (!d->title_ms[0] && !d->title_en[0])
		field_errors_add(errs, "title_en", "%s", _("the document needs a title"));
	need_code(d->presenter, "presenter", false, errs);
	if (d->presenter[0] && !doc_kind_is_paper(d->kind))
		field_errors_add(errs, "presenter", "%s", _("only papers have a presenting organisation"));
	if (doc_kind_is_paper(d->kind) && d->meeting_id <= 0)
		field_errors_add(errs, "meeting", "%s", _("a paper belongs to the meeting that heard it"));
	return errs->n - before;
}

size_t council_action_validate(const struct council_action *a, struct field_errors *errs)
{
	size_t before = errs->n;
	if ((a->decision_id > 0) == (a->engagement_id > 0))
		field_errors_add(errs, "decision", "%s", _("an action item comes from one decision or one engagement"));
	need_code(a->org, "org", true, errs);
	need_text(a->title, "title", errs);
	if (a->status < 0 || a->status >= ACT__COUNT)
		field_errors_add(errs, "status", "%s", _("the status must be open, in-progress, done or cancelled"));
	return errs->n - before;
}

/* ---- numbering, quorum, overdue ------------------------------------------------------------ */

void council_meeting_title(const struct council_meeting *m, enum mapo_lang lang, char *out, size_t size)
{
	int year = m->held_on == DATE_NONE ? 0 : date_year(m->held_on);
	/* The council's own reference forms, not a translation: the minutes cite them verbatim. */
	if (lang == LANG_MS)
		snprintf(out, size, "Mesyuarat %s Bil. %d/%d", m->body, m->number, year);
	else
		snprintf(out, size, "%s Meeting No. %d/%d", m->body, m->number, year);
}

int council_meeting_ref_parse(const char *s, char body[ORG_CODE_MAX], int *number, int *year)
{
	const char *sep = s ? strpbrk(s, " :") : NULL;
	if (!sep || sep == s || (size_t)(sep - s) >= ORG_CODE_MAX)
		return MAPO_EINVAL;
	memcpy(body, s, (size_t)(sep - s));
	body[sep - s] = '\0';
	if (!code_shape_ok(body))
		return MAPO_EINVAL;
	const char *slash = strchr(sep + 1, '/');
	if (!slash || slash - (sep + 1) > 6)
		return MAPO_EINVAL;
	char num[8];
	memcpy(num, sep + 1, (size_t)(slash - (sep + 1)));
	num[slash - (sep + 1)] = '\0';
	long long n, y;
	if (parse_int(num, 1, 999, &n) || parse_int(slash + 1, 1000, 9999, &y))
		return MAPO_EINVAL;
	*number = (int)n;
	*year = (int)y;
	return 0;
}

long council_quorum_required(const struct quorum_rule *r, long members)
{
	if (members <= 0 || !r || r->den <= 0)
		return 0;
	long need = members * r->num / r->den + r->plus;
	return need > members ? members : need;
}

struct quorum_ctx {
	store *s;
	const char *body;
	mapo_date day;
	struct strvec seen; /* member organisations counted */
	long attending;
	int rc;
	struct mapo_error *err;
};

static int count_attending(const struct council_attendance *a, void *arg)
{
	struct quorum_ctx *q = arg;
	if (a->status == ATT_APOLOGY || strvec_has(&q->seen, a->org))
		return 0;
	bool member = false;
	if ((q->rc = store_council_is_member(q->s, q->body, a->org, q->day, &member, q->err)))
		return 1;
	if (member) {
		strvec_push(&q->seen, a->org);
		q->attending++;
	}
	return 0;
}

int council_quorum(store *s, int64_t meeting_id, struct quorum_report *out, struct mapo_error *err)
{
	struct council_meeting m;
	struct quorum_rule rule;
	struct quorum_ctx q = {s, NULL, DATE_NONE, STRVEC_INIT, 0, 0, err};
	council_meeting_init(&m);
	memset(out, 0, sizeof(*out));
	int rc = store_council_meeting_get(s, meeting_id, &m, err);
	if (rc)
		goto out;
	if ((rc = store_council_quorum_get(s, m.body, &rule, err)))
		goto out;
	if ((rc = store_council_member_count_orgs(s, m.body, m.held_on, &out->members, err)))
		goto out;
	q.body = m.body;
	q.day = m.held_on;
	rc = store_council_attendance_list(s, meeting_id, count_attending, &q, err);
	if (q.rc)
		rc = q.rc;
	if (rc)
		goto out;
	out->attending = q.attending;
	out->required = council_quorum_required(&rule, out->members);
	out->met = out->members > 0 && out->attending >= out->required;
out:
	strvec_release(&q.seen);
	council_meeting_release(&m);
	return rc;
}

bool council_action_overdue(const struct council_action *a, mapo_date as_of)
{
	return (a->status == ACT_OPEN || a->status == ACT_IN_PROGRESS) && a->due_on != DATE_NONE && as_of != DATE_NONE &&
		a->due_on < as_of;
}

/* ---- file types ---------------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[n - k + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return false;
	}
	return true;
}

const char *council_sniff_type(const unsigned char *data, size_t len, const char *filename)
{
	if (!data || !len)
		return NULL;
	const char *name = filename ? filename : "";
	if (len >= 5 && !memcmp(data, "%PDF-", 5))
		return "application/pdf";
	if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (len >= 3 && !memcmp(data, "\xff\xd8\xff", 3))
		return "image/jpeg";
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4)) {
		/* Office Open XML files are ZIP archives; the bytes alone do not say which. */
		if (ends_with(name, ".docx"))
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		if (ends_with(name, ".xlsx"))
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		if (ends_with(name, ".pptx"))
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
		if (ends_with(name, ".odt"))
			return "application/vnd.oasis.opendocument.text";
		return NULL;
	}
	if (len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		if (ends_with(name, ".doc"))
			return "application/msword";
		if (ends_with(name, ".xls"))
			return "application/vnd.ms-excel";
		if (ends_with(name, ".ppt"))
			return "application/vnd.ms-powerpoint";
		return NULL;
	}
	if ((ends_with(name, ".txt") || ends_with(name, ".md") || ends_with(name, ".csv")) &&
	    utf8_valid((const char *)data, len)) {
		/* Text, but not markup a browser would run. */
		for (size_t i = 0; i < len; i++)
			if (data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
				return NULL;
		return ends_with(name, ".csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
	}
	return NULL;
}

/* ---- access -------------------------------------------------------------------------------- */

/* Role-wide council permissions; row 0 is the anonymous visitor (as core/access.c's table). */
static const unsigned char council_table[ROLE__COUNT + 1][COUNCIL__COUNT] = {
	/*                    read write people */
	/* anonymous      */ {0,   0,    0},
	/* admin          */ {1,   1,    1},
	/* secretariat    */ {1,   1,    1},
	/* agency-officer */ {1,   0,    0},
	/* prosecutor     */ {1,   0,    0},
	/* protection     */ {1,   0,    0},
	/* partner        */ {1,   0,    0},
};

static int role_row(const struct principal *p)
{
	return p && p->role >= 0 && p->role < ROLE__COUNT ? p->role + 1 : 0;
}

bool council_may(const struct principal *p, enum council_perm a)
{
	if (!p)
		return true;
	if (a < 0 || a >= COUNCIL__COUNT)
		return false;
	return council_table[role_row(p)][a] != 0;
}

enum doc_access council_doc_floor(const struct principal *p)
{
	if (!p)
		return DACC_INTERNAL;
	switch (p->role) {
	case ROLE_ADMIN:
	case ROLE_SECRETARIAT:
		return DACC_INTERNAL;
	case ROLE_AGENCY_OFFICER:
	case ROLE_PROSECUTOR:
	case ROLE_PROTECTION_OFFICER:
		return DACC_MEMBERS;
	case ROLE_PARTNER:
		return DACC_PARTNERS;
	default:
		return DACC_PUBLIC;
	}
}

bool council_may_read_doc(const struct principal *p, enum doc_access level)
{
	return level >= 0 && level < DACC__COUNT && level >= council_doc_floor(p);
}

/* ---- audited writes ------------------------------------------------------------------------ */

static int check_write(const struct principal *p, struct mapo_error *err)
{
	if (council_may(p, COUNCIL_WRITE))
		return 0;
	return mapo_error_set(err, MAPO_EDENIED, "%s", _("only the secretariat and administrators change the council's records"));
}

/* Turns validation problems into the call's error; errs may be NULL. */
static int invalid(struct field_errors *mine, struct field_errors *errs, struct mapo_error *err)
{
	int rc = mapo_error_set(err, MAPO_EINVAL, "%s", mine->v[0].msg);
	if (errs) {
		for (size_t i = 0; i < mine->n; i++)
			field_errors_add(errs, mine->v[i].field, "%s", mine->v[i].msg);
	}
	field_errors_release(mine);
	return rc;
}

static int audited(store *s, const struct principal *p, const char *action, const char *type, int64_t id,
	const char *detail, struct mapo_error *err)
{
	char oid[32];
	snprintf(oid, sizeof(oid), "%lld", (long long)id);
	return audit_append(s, p, action, type, oid, detail, NULL, err);
}

/* Runs write inside a transaction with its audit entry, so both land or neither does. */
#define AUDITED_WRITE(s, call, action, type, idexpr, detail, err)                                     \
	do {                                                                                          \
		int rc_ = store_begin((s), (err));                                                    \
		if (rc_)                                                                              \
			return rc_;                                                                   \
		if (!(rc_ = (call)))                                                                  \
			rc_ = audited((s), p, (action), (type), (idexpr), (detail), (err));          \
		if (rc_) {                                                                            \
			store_rollback(s);                                                            \
			return rc_;                                                                   \
		}                                                                                     \
		return store_commit((s), (err));                                                      \
	} while (0)

#define VALIDATE(fn, rec)                                                                              \
	do {                                                                                          \
		struct field_errors mine_ = FIELD_ERRORS_INIT;                                        \
		int rcw_ = check_write(p, err);                                                       \
		if (rcw_)                                                                             \
			return rcw_;                                                                  \
		if (fn((rec), &mine_))                                                                \
			return invalid(&mine_, errs, err);                                            \
		field_errors_release(&mine_);                                                         \
	} while (0)

int council_org_add(store *s, const struct principal *p, struct council_org *o, struct field_errors *errs,
	struct mapo_error *err)
{
	VALIDATE(council_org_validate, o);
	AUDITED_WRITE(s, store_council_org_insert(s, o, err), "council-org-create", "council-org", o->id, o->code, err);
}

int council_org_edit(store *s, const struct principal *p, struct council_org *o, struct field_errors *errs,
	struct mapo_error *err)
{
	VALIDATE(council_org_validate, o);
	AUDITED_WRITE(s, store_council_org_update(s, o, err), "council-org-update", "council-org", o->id, o->code, err);
}

int council_person_add(store *s, const struct principal *p, struct council_person *x,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_person_validate, x);
	AUDITED_WRITE(s, store_council_person_insert(s, x, err), "council-person-create", "council-person", x->id,
		x->org, err);
}

int council_member_add(store *s, const struct principal *p, struct council_member *m,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_member_validate, m);
	char detail[96];
	snprintf(detail, sizeof(detail), "%s in %s as %s", m->org, m->body, member_role_code(m->role));
	AUDITED_WRITE(s, store_council_member_insert(s, m, err), "council-member-create", "council-member", m->id,
		detail, err);
}

int council_meeting_add(store *s, const struct principal *p, struct council_meeting *m,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_meeting_validate, m);
	AUDITED_WRITE(s, store_council_meeting_insert(s, m, err), "council-meeting-create", "council-meeting", m->id,
		m->body, err);
}

int council_meeting_edit(store *s, const struct principal *p, struct council_meeting *m,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_meeting_validate, m);
	AUDITED_WRITE(s, store_council_meeting_update(s, m, err), "council-meeting-update", "council-meeting", m->id,
		m->body, err);
}

int council_attendance_put(store *s, const struct principal *p, struct council_attendance *a,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_attendance_validate, a);
	char detail[64];
	snprintf(detail, sizeof(detail), "person=%lld status=%s", (long long)a->person_id, attend_status_code(a->status));
	AUDITED_WRITE(s, store_council_attendance_put(s, a, err), "council-attendance-put", "council-meeting",
		a->meeting_id, detail, err);
}

int council_doc_add(store *s, const struct principal *p, struct council_doc *d, struct field_errors *errs,
	struct mapo_error *err)
{
	VALIDATE(council_doc_validate, d);
	AUDITED_WRITE(s, store_council_doc_insert(s, d, err), "council-doc-create", "council-doc", d->id,
		doc_access_code(d->access), err);
}

int council_file_add(store *s, const struct principal *p, struct council_file *f, struct mapo_error *err)
{
	int rc = check_write(p, err);
	if (rc)
		return rc;
	if (f->size > COUNCIL_FILE_MAX)
		return mapo_error_set(err, MAPO_ETOOBIG, _("the file is larger than %zu MiB"), COUNCIL_FILE_MAX >> 20);
	if (!f->size || !f->data)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the file is empty"));
	if (!f->filename[0] || strchr(f->filename, '/') || strchr(f->filename, '\\') ||
	    !utf8_valid(f->filename, strlen(f->filename)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the file needs a plain name without a path"));
	for (const char *c = f->filename; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == '"')
			return mapo_error_set(err, MAPO_EINVAL, "%s", _("the file needs a plain name without a path"));
	const char *type = council_sniff_type(f->data, f->size, f->filename);
	if (!type)
		return mapo_error_set(err, MAPO_EINVAL,
			_("'%s' is not a PDF, Office document, PNG, JPEG or text file"), f->filename);
	snprintf(f->content_type, sizeof(f->content_type), "%s", type);
	AUDITED_WRITE(s, store_council_file_insert(s, f, err), "council-file-create", "council-doc", f->doc_id,
		f->filename, err);
}

int council_decision_add(store *s, const struct principal *p, struct council_decision *d,
	struct mapo_error *err)
{
	int rc = check_write(p, err);
	if (rc)
		return rc;
	if (!d->text[0] || !utf8_valid(d->text, strlen(d->text)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the decision needs its text"));
	AUDITED_WRITE(s, store_council_decision_insert(s, d, err), "council-decision-create", "council-meeting",
		d->meeting_id, "", err);
}

int council_engagement_add(store *s, const struct principal *p, struct council_engagement *e,
	struct mapo_error *err)
{
	int rc = check_write(p, err);
	if (rc)
		return rc;
	if (e->held_on == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the engagement needs a date"));
	if (!e->title[0] || !code_shape_ok(e->org))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the engagement needs a title and a partner organisation"));
	AUDITED_WRITE(s, store_council_engagement_insert(s, e, err), "council-engagement-create",
		"council-engagement", e->id, e->org, err);
}

int council_action_add(store *s, const struct principal *p, struct council_action *a,
	struct field_errors *errs, struct mapo_error *err)
{
	VALIDATE(council_action_validate, a);
	AUDITED_WRITE(s, store_council_action_insert(s, a, err), "council-action-create", "council-action", a->id,
		a->org, err);
}

static int action_edit(store *s, const struct principal *p, struct council_action *a, struct field_errors *errs,
	struct mapo_error *err)
{
	struct council_action cur;
	struct field_errors mine = FIELD_ERRORS_INIT;
	int rc = store_council_action_get(s, a->id, &cur, err);
	if (rc)
		return rc;
	snprintf(cur.org, sizeof(cur.org), "%s", a->org);
	snprintf(cur.title, sizeof(cur.title), "%s", a->title);
	cur.due_on = a->due_on;
	cur.version = a->version;
	if (council_action_validate(&cur, &mine))
		return invalid(&mine, errs, err);
	field_errors_release(&mine);
	if ((rc = store_council_action_update(s, &cur, err)) ||
	    (rc = audited(s, p, "council-action-edit", "council-action", cur.id, cur.org, err)))
		return rc;
	*a = cur;
	return 0;
}

int council_action_edit(store *s, const struct principal *p, struct council_action *a,
	struct field_errors *errs, struct mapo_error *err)
{
	int rc = check_write(p, err);
	if (rc)
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = action_edit(s, p, a, errs, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

static int action_note(store *s, const struct principal *p, int64_t id, int64_t version, enum action_status status,
	const char *note, struct mapo_error *err)
{
	struct council_action a;
	struct council_action_update u;
	int rc = store_council_action_get(s, id, &a, err);
	if (rc)
		return rc;
	if (version && version != a.version) {
		char sid[32];
		snprintf(sid, sizeof(sid), "%lld", (long long)id);
		return mapo_error_set(err, MAPO_ECONFLICT,
			_("%s '%s' was changed by someone else: load it again and repeat the change"), _("action item"), sid);
	}
	council_action_update_init(&u);
	u.action_id = id;
	u.noted_on = date_today();
	u.status = status == ACT_NONE ? a.status : status;
	snprintf(u.by_user, sizeof(u.by_user), "%s", p ? p->username : "");
	struct field_errors fe = FIELD_ERRORS_INIT;
	if (council_set_str(u.note, sizeof(u.note), note, "note", false, &fe))
		return invalid(&fe, NULL, err);
	if (u.status != a.status) {
		a.status = u.status;
		if ((rc = store_council_action_update(s, &a, err)))
			return rc;
	}
	if ((rc = store_council_action_update_insert(s, &u, err)))
		return rc;
	return audited(s, p, "council-action-update", "council-action", id, action_status_code(u.status), err);
}

int council_action_note(store *s, const struct principal *p, int64_t id, int64_t version,
	enum action_status status, const char *note, struct mapo_error *err)
{
	int rc = check_write(p, err);
	if (rc)
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	if ((rc = action_note(s, p, id, version, status, note, err))) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* ---- access-checked reads ------------------------------------------------------------------ */

int council_doc_get(store *s, const struct principal *p, int64_t id, struct council_doc *out,
	struct mapo_error *err)
{
	int rc = store_council_doc_get(s, id, out, err);
	if (rc)
		return rc;
	if (!council_may_read_doc(p, out->access)) {
		council_doc_init(out);
		return mapo_error_set(err, MAPO_ENOTFOUND, _("no %s with id %lld"), _("document"), (long long)id);
	}
	return 0;
}

int council_file_get(store *s, const struct principal *p, int64_t file_id, struct council_file *out,
	struct mapo_error *err)
{
	struct council_doc d;
	int rc = store_council_file_get(s, file_id, out, err);
	if (rc)
		return rc;
	if ((rc = council_doc_get(s, p, out->doc_id, &d, err))) {
		council_file_release(out);
		if (rc == MAPO_ENOTFOUND)
			rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no %s with id %lld"), _("file"), (long long)file_id);
	}
	return rc;
}

int council_people_audit(store *s, const struct principal *p, const char *object_type, const char *object_id,
	struct mapo_error *err)
{
	if (!council_may(p, COUNCIL_PEOPLE))
		return mapo_error_set(err, MAPO_EDENIED, "%s",
			_("only the secretariat and administrators see the council's representatives"));
	return audit_append(s, p, "council-person-view", object_type, object_id, "", NULL, err);
}
