/* Cases and the persons in them: lifecycle, the rules of case_validate and case_person_validate,
 * references, and the domain's own vocabularies. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/refdata.h"

void case_init(struct mapo_case *c)
{
	memset(c, 0, sizeof(*c));
	c->kind = KIND_NONE;
	c->action_date = DATE_NONE;
	c->status = STATUS_INVESTIGATION;
	strvec_init(&c->offences);
	strvec_init(&c->forms);
	c->summary = xstrdup("");
}

void case_release(struct mapo_case *c)
{
	strvec_release(&c->offences);
	strvec_release(&c->forms);
	free(c->summary);
	c->summary = NULL;
}

void case_clear(struct mapo_case *c)
{
	case_release(c);
	case_init(c);
}

/* Copies a NUL-terminated string into a fixed array, truncating at its size. */
static void copy_field(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

void case_copy(struct mapo_case *dst, const struct mapo_case *src)
{
	if (dst == src)
		return;
	case_clear(dst);
	dst->id = src->id;
	copy_field(dst->ref, sizeof(dst->ref), src->ref);
	dst->kind = src->kind;
	copy_field(dst->agency, sizeof(dst->agency), src->agency);
	dst->action_date = src->action_date;
	copy_field(dst->state, sizeof(dst->state), src->state);
	strvec_copy(&dst->offences, &src->offences);
	strvec_copy(&dst->forms, &src->forms);
	dst->status = src->status;
	copy_field(dst->related_ref, sizeof(dst->related_ref), src->related_ref);
	case_set_summary(dst, src->summary);
	dst->version = src->version;
}

void case_set_summary(struct mapo_case *c, const char *summary)
{
	char *copy = xstrdup(summary ? summary : "");
	free(c->summary);
	c->summary = copy;
}

void case_person_init(struct case_person *p)
{
	memset(p, 0, sizeof(*p));
	p->role = PROLE_NONE;
	p->sex = 'U';
	p->birth_date = DATE_NONE;
	p->age = -1;
	p->arrest_date = DATE_NONE;
	p->suspect_role = SROLE_NONE;
	p->trafficking_status = TSTATUS_NONE;
	p->rescue_date = DATE_NONE;
}

void field_errors_add(struct field_errors *fe, const char *field, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	/* A message over the buffer's cap is truncated rather than lost. */
	if (buf_vprintf(&msg, fmt, ap))
		buf_addstr(&msg, "...");
	va_end(ap);
	ALLOC_GROW(fe->v, fe->n + 1, fe->alloc);
	fe->v[fe->n].field = field;
	fe->v[fe->n].msg = buf_detach(&msg);
	fe->n++;
}

const char *field_errors_get(const struct field_errors *fe, const char *field)
{
	for (size_t i = 0; fe && i < fe->n; i++)
		if (!strcmp(fe->v[i].field, field))
			return fe->v[i].msg;
	return NULL;
}

void field_errors_release(struct field_errors *fe)
{
	for (size_t i = 0; i < fe->n; i++)
		free(fe->v[i].msg);
	free(fe->v);
	fe->v = NULL;
	fe->n = fe->alloc = 0;
}

/* ---- references ---------------------------------------------------------------------------- */

void case_format_ref(char out[CASE_REF_MAX], const char *agency, int year, long seq)
{
	snprintf(out, CASE_REF_MAX, "%s/%04d/%06ld", agency, year, seq);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Checks AGENCY/YYYY/NNNNNN; on success sets the agency part's length. */
static bool ref_shape_ok(const char *ref, size_t *agency_len)
{
	const char *slash = strchr(ref, '/');
	if (!slash || slash == ref)
		return false;
	const char *year = slash + 1;
	if (strlen(year) != 4 + 1 + 6 || year[4] != '/')
		return false;
	if (!all_digits(year, 4) || !all_digits(year + 5, 6))
		return false;
	int y = (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0');
	if (y < 1900)
		return false;
	if (!strcmp(year + 5, "000000"))
		return false;
	*agency_len = (size_t)(slash - ref);
	return true;
}

/* ---- dates ----------------------------------------------------------------------------------- */

static mapo_date date_floor(void) { return date_from_ymd(1900, 1, 1); }

/* Checks a present date: real (by construction), not before 1900, not after today. */
static void check_date(struct field_errors *errs, const char *field, mapo_date d, mapo_date today)
{
	char s[DATE_STRLEN];
	date_format(d, s);
	if (d < date_floor())
		field_errors_add(errs, field, _("date %s is before 1900"), s);
	else if (d > today)
		field_errors_add(errs, field, _("date %s is in the future"), s);
}

/* Whole years from birth to on (the age someone born on birth has on day on). */
static int age_at(mapo_date birth, mapo_date on)
{
	int by, bm, bd, y, m, d;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &y, &m, &d);
	int age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/* ---- validation ------------------------------------------------------------------------------ */

static bool utf8_clean(const char *s)
{
	return utf8_valid(s, strlen(s));
}

static void check_code(struct field_errors *errs, const struct refdata *rd, enum ref_kind kind,
	const char *field, const char *code, const char *missing, const char *unknown_fmt)
{
	if (!*code)
		field_errors_add(errs, field, "%s", missing);
	else if (!refdata_find(rd, kind, code))
		field_errors_add(errs, field, unknown_fmt, code);
}

size_t case_validate(const struct mapo_case *c, const struct refdata *rd, struct field_errors *errs)
{
	size_t before = errs->n;
	mapo_date today = date_today();
	size_t agency_len;

	if (!*c->ref)
		field_errors_add(errs, "case_ref", _("missing case reference"));
	else if (!ref_shape_ok(c->ref, &agency_len))
		field_errors_add(errs, "case_ref",
			_("case reference '%s' is not AGENCY/YEAR/SEQUENCE (e.g. PDRM/2021/000123)"), c->ref);
	else if (strlen(c->agency) != agency_len || strncmp(c->ref, c->agency, agency_len))
		field_errors_add(errs, "case_ref", _("case reference '%s' does not start with the case's agency '%s'"),
			c->ref, c->agency);

	if (c->kind != KIND_TIP && c->kind != KIND_SOM)
		field_errors_add(errs, "kind", _("kind must be TIP or SOM"));

	check_code(errs, rd, REF_AGENCY, "agency", c->agency, _("missing agency"), _("unknown agency '%s'"));

	if (c->action_date == DATE_NONE)
		field_errors_add(errs, "action_date", _("missing action date"));
	else
		check_date(errs, "action_date", c->action_date, today);

	check_code(errs, rd, REF_STATE, "state", c->state, _("missing state"), _("unknown state '%s'"));

	for (size_t i = 0; i < c->offences.n; i++) {
		const char *sec = c->offences.v[i];
		const struct ref_item *it = refdata_find(rd, REF_OFFENCE, sec);
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice = twice || !strcmp(c->offences.v[j], sec);
		if (twice)
			field_errors_add(errs, "offences", _("section %s is listed twice"), sec);
		else if (!it)
			field_errors_add(errs, "offences", _("unknown offence section '%s'"), sec);
		else if (c->kind == KIND_TIP && strcmp(it->extra, "TIP"))
			field_errors_add(errs, "offences",
				_("section %s is not a trafficking offence, so it cannot be in a TIP case"), sec);
		else if (c->kind == KIND_SOM && strcmp(it->extra, "SOM"))
			field_errors_add(errs, "offences",
				_("section %s is not a smuggling offence, so it cannot be in a SOM case"), sec);
	}

	if (c->kind == KIND_TIP && c->forms.n == 0)
		field_errors_add(errs, "forms", _("a TIP case needs at least one form of exploitation"));
	if (c->kind == KIND_SOM && c->forms.n > 0)
		field_errors_add(errs, "forms", _("a SOM case has no forms of exploitation"));
	for (size_t i = 0; i < c->forms.n; i++) {
		const char *form = c->forms.v[i];
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice = twice || !strcmp(c->forms.v[j], form);
		if (twice)
			field_errors_add(errs, "forms", _("form '%s' is listed twice"), form);
		else if (!refdata_find(rd, REF_FORM, form))
			field_errors_add(errs, "forms", _("unknown form of exploitation '%s'"), form);
	}

	if (c->status < 0 || c->status >= STATUS__COUNT)
		field_errors_add(errs, "status",
			_("status must be investigation, charged, convicted, acquitted or closed"));

	if (*c->related_ref) {
		size_t len;
		if (!ref_shape_ok(c->related_ref, &len))
			field_errors_add(errs, "related_case_ref",
				_("case reference '%s' is not AGENCY/YEAR/SEQUENCE (e.g. PDRM/2021/000123)"),
				c->related_ref);
		else if (!strcmp(c->related_ref, c->ref))
			field_errors_add(errs, "related_case_ref", _("a case cannot be related to itself"));
	}

	const char *summary = c->summary ? c->summary : "";
	size_t len = strlen(summary);
	if (len > SUMMARY_MAX)
		field_errors_add(errs, "summary", _("summary is %zu bytes, more than the %d allowed"), len,
			SUMMARY_MAX);
	else if (!utf8_clean(summary))
		field_errors_add(errs, "summary", _("summary is not valid UTF-8"));

	return errs->n - before;
}

size_t case_person_validate(const struct case_person *p, const struct mapo_case *c,
	const struct refdata *rd, struct field_errors *errs)
{
	size_t before = errs->n;
	mapo_date today = date_today();

	if (!*p->case_ref)
		field_errors_add(errs, "case_ref", _("missing case reference"));
	else if (c && strcmp(p->case_ref, c->ref))
		field_errors_add(errs, "case_ref", _("person row names case '%s', not '%s'"), p->case_ref, c->ref);

	if (!*p->person_ref)
		field_errors_add(errs, "person_ref", _("missing person reference"));
	else if (!utf8_clean(p->person_ref))
		field_errors_add(errs, "person_ref", _("person reference is not valid UTF-8"));

	if (p->role < 0 || p->role >= PROLE__COUNT)
		field_errors_add(errs, "role", _("role must be suspect, victim or smuggled-migrant"));
	else if (c && p->role == PROLE_VICTIM && c->kind != KIND_TIP)
		field_errors_add(errs, "role", _("a victim can only be in a TIP case"));
	else if (c && p->role == PROLE_SMUGGLED_MIGRANT && c->kind != KIND_SOM)
		field_errors_add(errs, "role", _("a smuggled migrant can only be in a SOM case"));

	if (p->sex != 'F' && p->sex != 'M' && p->sex != 'U')
		field_errors_add(errs, "sex", _("sex must be F, M or U"));

	if (p->age != -1 && (p->age < 0 || p->age > 120))
		field_errors_add(errs, "age", _("age %d is not between 0 and 120"), p->age);

	bool birth_ok = false;
	if (p->birth_date != DATE_NONE) {
		size_t n = errs->n;
		check_date(errs, "birth_date", p->birth_date, today);
		birth_ok = errs->n == n;
		if (birth_ok && c && c->action_date != DATE_NONE && p->birth_date > c->action_date) {
			field_errors_add(errs, "birth_date", _("birth date is after the case's action date"));
			birth_ok = false;
		}
	}
	if (birth_ok && p->age >= 0 && p->age <= 120 && c && c->action_date != DATE_NONE) {
		int computed = age_at(p->birth_date, c->action_date);
		if (abs(computed - p->age) > 1)
			field_errors_add(errs, "age",
				_("age %d does not match the birth date (%d at the case's action date)"), p->age,
				computed);
	}

	if (*p->nationality && !refdata_find(rd, REF_COUNTRY, p->nationality))
		field_errors_add(errs, "nationality", _("unknown nationality '%s'"), p->nationality);

	bool suspect = p->role == PROLE_SUSPECT, victim = p->role == PROLE_VICTIM;
	if (p->arrest_date != DATE_NONE) {
		if (!suspect)
			field_errors_add(errs, "arrest_date", _("only a suspect has an arrest date"));
		else
			check_date(errs, "arrest_date", p->arrest_date, today);
	}
	if (p->suspect_role != SROLE_NONE) {
		if (p->suspect_role < 0 || p->suspect_role >= SROLE__COUNT)
			field_errors_add(errs, "suspect_role",
				_("suspect role must be recruiter, transporter, harbourer, exploiter, financier or other"));
		else if (!suspect)
			field_errors_add(errs, "suspect_role", _("only a suspect has a suspect role"));
	}
	if (p->trafficking_status != TSTATUS_NONE) {
		if (p->trafficking_status < 0 || p->trafficking_status >= TSTATUS__COUNT)
			field_errors_add(errs, "trafficking_status",
				_("trafficking status must be possible, actual or not-a-victim"));
		else if (!victim)
			field_errors_add(errs, "trafficking_status", _("only a victim has a trafficking status"));
	}
	if (p->rescue_date != DATE_NONE) {
		if (!victim)
			field_errors_add(errs, "rescue_date", _("only a victim has a rescue date"));
		else
			check_date(errs, "rescue_date", p->rescue_date, today);
	}
	return errs->n - before;
}

/* ---- vocabularies ---------------------------------------------------------------------------- */

static const char *const kind_codes[] = {"", "TIP", "SOM"};
static const char *const kind_names[] = {"", N_("trafficking in persons"), N_("smuggling of migrants")};
static const char *const status_codes[STATUS__COUNT] = {"investigation", "charged", "convicted",
	"acquitted", "closed"};
static const char *const status_names[STATUS__COUNT] = {N_("under investigation"), N_("charged"),
	N_("convicted"), N_("acquitted"), N_("closed")};
static const char *const prole_codes[PROLE__COUNT] = {"suspect", "victim", "smuggled-migrant"};
static const char *const prole_names[PROLE__COUNT] = {N_("suspect"), N_("victim"), N_("smuggled migrant")};
static const char *const srole_codes[SROLE__COUNT] = {"recruiter", "transporter", "harbourer",
	"exploiter", "financier", "other"};
static const char *const srole_names[SROLE__COUNT] = {N_("recruiter"), N_("transporter"),
	N_("harbourer"), N_("exploiter"), N_("financier"), N_("other role")};
static const char *const tstatus_codes[TSTATUS__COUNT] = {"possible", "actual", "not-a-victim"};
static const char *const tstatus_names[TSTATUS__COUNT] = {N_("possible victim"), N_("actual victim"),
	N_("not a victim")};

static int lookup(const char *const *codes, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (*codes[i] && !strcmp(codes[i], s))
			return i;
	return -1;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define IN_RANGE(v, a) ((int)(v) >= 0 && (int)(v) < NELEM(a))

const char *case_kind_code(enum case_kind k) { return IN_RANGE(k, kind_codes) ? kind_codes[k] : ""; }

enum case_kind case_kind_parse(const char *s)
{
	int i = lookup(kind_codes, NELEM(kind_codes), s);
	return i < 0 ? KIND_NONE : (enum case_kind)i;
}

const char *case_status_code(enum case_status s) { return IN_RANGE(s, status_codes) ? status_codes[s] : ""; }

enum case_status case_status_parse(const char *s)
{
	return (enum case_status)lookup(status_codes, NELEM(status_codes), s);
}

const char *person_role_code(enum person_role r) { return IN_RANGE(r, prole_codes) ? prole_codes[r] : ""; }

enum person_role person_role_parse(const char *s)
{
	return (enum person_role)lookup(prole_codes, NELEM(prole_codes), s);
}

const char *suspect_role_code(enum suspect_role r) { return IN_RANGE(r, srole_codes) ? srole_codes[r] : ""; }

enum suspect_role suspect_role_parse(const char *s)
{
	return (enum suspect_role)lookup(srole_codes, NELEM(srole_codes), s);
}

const char *trafficking_status_code(enum trafficking_status t)
{
	return IN_RANGE(t, tstatus_codes) ? tstatus_codes[t] : "";
}

enum trafficking_status trafficking_status_parse(const char *s)
{
	return (enum trafficking_status)lookup(tstatus_codes, NELEM(tstatus_codes), s);
}

const char *case_kind_name(enum case_kind k, enum mapo_lang lang)
{
	return IN_RANGE(k, kind_names) ? mapo_tr(lang, kind_names[k]) : "";
}

const char *case_status_name(enum case_status s, enum mapo_lang lang)
{
	return IN_RANGE(s, status_names) ? mapo_tr(lang, status_names[s]) : "";
}

const char *person_role_name(enum person_role r, enum mapo_lang lang)
{
	return IN_RANGE(r, prole_names) ? mapo_tr(lang, prole_names[r]) : "";
}

const char *suspect_role_name(enum suspect_role r, enum mapo_lang lang)
{
	return IN_RANGE(r, srole_names) ? mapo_tr(lang, srole_names[r]) : "";
}

const char *trafficking_status_name(enum trafficking_status t, enum mapo_lang lang)
{
	return IN_RANGE(t, tstatus_names) ? mapo_tr(lang, tstatus_names[t]) : "";
}
