/* The access policy. The role-wide rules are one table (who may do what at all); the rules for
 * one case add its reach (which cases a role sees at all). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/audit.h"
#include "store/store.h"
#include "store/store_auth.h"

static const char *const role_codes[ROLE__COUNT] = {
	"admin", "secretariat", "agency-officer", "prosecutor", "protection-officer", "partner",
};

static const char *const role_names[ROLE__COUNT] = {
	N_("administrator"), N_("secretariat"), N_("agency officer"), N_("prosecutor"),
	N_("protection officer"), N_("partner organisation"),
};

const char *user_role_code(enum user_role r)
{
	return r >= 0 && r < ROLE__COUNT ? role_codes[r] : "";
}

enum user_role user_role_parse(const char *s)
{
	for (int r = 0; s && r < ROLE__COUNT; r++)
		if (!strcmp(s, role_codes[r]))
			return (enum user_role)r;
	return ROLE_NONE;
}

const char *user_role_name(enum user_role r, enum mapo_lang lang)
{
	return r >= 0 && r < ROLE__COUNT ? mapo_tr(lang, role_names[r]) : mapo_tr(lang, N_("anonymous"));
}

void principal_init_anonymous(struct principal *p, const char *address)
{
	memset(p, 0, sizeof(*p));
	p->role = ROLE_NONE;
	if (address)
		snprintf(p->address, sizeof(p->address), "%s", address);
}

/* Role-wide permissions; row 0 is the anonymous visitor. ACCESS_VIEW_IDENTITIES for the
 * secretariat and ACCESS_EXPORT (which carries identities) depend on the grant: see below. */
enum { N = 0, Y = 1, G = 2 /* secretariat: only with the identity grant */ };
static const unsigned char role_table[ROLE__COUNT + 1][ACCESS__COUNT] = {
	/*                    published stats list create import export ident users audit */
	/* anonymous      */ {Y,        N,    N,   N,     N,     N,     N,    N,    N},
	/* admin          */ {Y,        Y,    Y,   Y,     Y,     Y,     Y,    Y,    Y},
	/* secretariat    */ {Y,        Y,    Y,   N,     N,     G,     G,    N,    N},
	/* agency-officer */ {Y,        Y,    Y,   Y,     Y,     Y,     Y,    N,    N},
	/* prosecutor     */ {Y,        Y,    Y,   N,     N,     Y,     Y,    N,    N},
	/* protection     */ {Y,        Y,    Y,   N,     N,     Y,     Y,    N,    N},
	/* partner        */ {Y,        Y,    Y,   N,     N,     N,     N,    N,    N},
};

static bool known_role(const struct principal *p)
{
	return p && p->role >= 0 && p->role < ROLE__COUNT;
}

bool access_may(const struct principal *p, enum access_action action)
{
	if (action < 0 || action >= ACCESS__COUNT)
		return false;
	unsigned char v = role_table[known_role(p) ? p->role + 1 : 0][action];
	if (v == G)
		return p->identity_grant;
	if (v == Y && p && p->role == ROLE_AGENCY_OFFICER && !p->agency[0])
		return action == ACCESS_READ_PUBLISHED || action == ACCESS_READ_STATS;
	return v == Y;
}

#define PROSECUTION_STATUSES \
	((1u << STATUS_CHARGED) | (1u << STATUS_CONVICTED) | (1u << STATUS_ACQUITTED))

static bool status_in(enum case_status st, unsigned mask)
{
	return st >= 0 && st < STATUS__COUNT && (mask & (1u << st));
}

/* Does c lie within p's reach? Outside it, the case must look absent. */
static bool in_reach(const struct principal *p, const struct mapo_case *c, const struct case_facts *f)
{
	if (!known_role(p) || !c)
		return false;
	switch (p->role) {
	case ROLE_ADMIN:
	case ROLE_SECRETARIAT:
		return true;
	case ROLE_AGENCY_OFFICER:
		return p->agency[0] && !strcmp(c->agency, p->agency);
	case ROLE_PROSECUTOR:
		return status_in(c->status, PROSECUTION_STATUSES);
	case ROLE_PROTECTION_OFFICER:
		return f && f->has_victims;
	case ROLE_PARTNER:
		return p->org[0] && f && f->source_org && !strcmp(f->source_org, p->org);
	default:
		return false;
	}
}

bool access_may_case(const struct principal *p, enum case_action action, const struct mapo_case *c,
	const struct case_facts *f)
{
	if (!in_reach(p, c, f))
		return false;
	bool owner = p->role == ROLE_ADMIN || p->role == ROLE_AGENCY_OFFICER;
	switch (action) {
	case CASE_READ:
		return true;
	case CASE_EDIT:
	case CASE_DELETE:
	case CASE_EDIT_PERSONS:
		return owner;
	case CASE_RECORD_OUTCOME:
		return owner || p->role == ROLE_PROSECUTOR;
	case CASE_EDIT_VICTIMS:
		return owner || p->role == ROLE_PROTECTION_OFFICER;
	default:
		return false;
	}
}

bool access_may_read_case(const struct principal *p, const struct mapo_case *c, const struct case_facts *f)
{
	return access_may_case(p, CASE_READ, c, f);
}

bool access_may_edit_case(const struct principal *p, const struct mapo_case *c, const struct case_facts *f)
{
	return access_may_case(p, CASE_EDIT, c, f);
}

bool access_may_create_case(const struct principal *p, const char *agency)
{
	if (!access_may(p, ACCESS_CREATE_CASE) || !agency || !*agency)
		return false;
	return p->role == ROLE_ADMIN || !strcmp(agency, p->agency);
}

bool access_may_view_identities(const struct principal *p) { return access_may(p, ACCESS_VIEW_IDENTITIES); }
bool access_may_read_stats(const struct principal *p) { return access_may(p, ACCESS_READ_STATS); }
bool access_may_manage_users(const struct principal *p) { return access_may(p, ACCESS_MANAGE_USERS); }
bool access_may_read_audit(const struct principal *p) { return access_may(p, ACCESS_READ_AUDIT); }

static bool strvec_equal(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

/* True when a and b differ in nothing but their status (and version). */
static bool only_status_differs(const struct mapo_case *a, const struct mapo_case *b)
{
	return !strcmp(a->ref, b->ref) && a->kind == b->kind && !strcmp(a->agency, b->agency)
		&& a->action_date == b->action_date && !strcmp(a->state, b->state)
		&& strvec_equal(&a->offences, &b->offences) && strvec_equal(&a->forms, &b->forms)
		&& !strcmp(a->related_ref, b->related_ref) && !strcmp(a->summary, b->summary);
}

static int not_found(struct mapo_error *err, const char *ref)
{
	return mapo_error_set(err, MAPO_ENOTFOUND, _("no case '%s'"), ref);
}

int access_check_update(const struct principal *p, const struct mapo_case *before,
	const struct case_facts *f, const struct mapo_case *after, struct mapo_error *err)
{
	if (!access_may_case(p, CASE_READ, before, f))
		return not_found(err, before->ref);
	if (access_may_case(p, CASE_EDIT, before, f)) {
		if (p->role == ROLE_AGENCY_OFFICER && strcmp(after->agency, p->agency))
			return mapo_error_set(err, MAPO_EDENIED,
				_("case '%s': you may not move a case to agency '%s'"), before->ref, after->agency);
		return 0;
	}
	if (access_may_case(p, CASE_RECORD_OUTCOME, before, f)) {
		if (!only_status_differs(before, after))
			return mapo_error_set(err, MAPO_EDENIED,
				_("case '%s': you may change only its status"), before->ref);
		if (!status_in(after->status, PROSECUTION_STATUSES))
			return mapo_error_set(err, MAPO_EDENIED,
				_("case '%s': you may set the status only to charged, convicted or acquitted"),
				before->ref);
		return 0;
	}
	return mapo_error_set(err, MAPO_EDENIED, _("case '%s': you may not change this case"), before->ref);
}

int access_narrow_filter(const struct principal *p, struct case_filter *f)
{
	if (!access_may(p, ACCESS_LIST_CASES)) {
		f->match_none = true;
		return MAPO_EDENIED;
	}
	switch (p->role) {
	case ROLE_AGENCY_OFFICER:
		if (f->agency && *f->agency && strcmp(f->agency, p->agency))
			f->match_none = true;
		f->agency = p->agency;
		break;
	case ROLE_PROSECUTOR: {
		unsigned mask = f->status_mask ? f->status_mask & PROSECUTION_STATUSES : PROSECUTION_STATUSES;
		if (!mask || (f->status != STATUS_NONE && !status_in(f->status, mask)))
			f->match_none = true;
		f->status_mask = mask ? mask : PROSECUTION_STATUSES;
		break;
	}
	case ROLE_PROTECTION_OFFICER:
		f->with_victims = true;
		break;
	case ROLE_PARTNER:
		if (!p->org[0] || (f->source_org && strcmp(f->source_org, p->org)))
			f->match_none = true;
		f->source_org = p->org;
		break;
	default: /* admin, secretariat: everything */
		break;
	}
	return 0;
}

int access_case_facts(store *s, const char *ref, struct case_facts *out, struct buf *buf,
	struct mapo_error *err)
{
	char *org = NULL;
	bool victims = false;
	int rc = store_case_facts(s, ref, &org, &victims, err);
	if (rc)
		return rc;
	buf_reset(buf);
	out->source_org = NULL;
	out->has_victims = victims;
	if (org && *org) {
		rc = buf_addstr(buf, org);
		if (!rc)
			out->source_org = buf_str(buf);
	}
	free(org);
	return rc;
}

int access_case_get(store *s, const struct principal *p, const char *ref, struct mapo_case *out,
	struct case_facts *facts, struct buf *facts_buf, struct mapo_error *err)
{
	struct case_facts local;
	struct buf local_buf = BUF_INIT;
	if (!facts) {
		facts = &local;
		facts_buf = &local_buf;
	}
	facts->source_org = NULL;
	facts->has_victims = false;
	int rc = store_case_get(s, ref, out, err);
	if (rc == MAPO_ENOTFOUND) {
		rc = not_found(err, ref);
		goto out;
	}
	if (rc)
		goto out;
	rc = access_case_facts(s, ref, facts, facts_buf, err);
	if (rc)
		goto out;
	if (!access_may_case(p, CASE_READ, out, facts)) {
		case_clear(out);
		rc = not_found(err, ref);
	}
out:
	buf_release(&local_buf);
	return rc;
}

int access_case_set_source_org(store *s, const struct principal *p, const char *ref, const char *org,
	struct mapo_error *err)
{
	struct mapo_case c;
	struct case_facts facts = {NULL, false};
	struct buf fbuf = BUF_INIT;
	struct buf detail = BUF_INIT;
	int rc;

	if (!org)
		org = "";
	if (strlen(org) >= ORG_MAX)
		return mapo_error_set(err, MAPO_EINVAL, _("the organisation is too long: use at most %d bytes"),
			ORG_MAX - 1);
	if (!utf8_valid(org, strlen(org)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the organisation is not valid UTF-8"));
	case_init(&c);
	if (p) {
		rc = access_case_get(s, p, ref, &c, &facts, &fbuf, err);
		if (!rc && !access_may_case(p, CASE_EDIT, &c, &facts))
			rc = mapo_error_set(err, MAPO_EDENIED, _("case '%s': you may not change this case"), ref);
		if (rc)
			goto out;
	}
	if ((rc = store_begin(s, err)))
		goto out;
	rc = store_case_set_source_org(s, ref, org, err);
	if (!rc) {
		buf_printf(&detail, "source_org=%s", org);
		rc = audit_append(s, p, "case-update", "case", ref, buf_str(&detail), NULL, err);
	}
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
out:
	case_release(&c);
	buf_release(&fbuf);
	buf_release(&detail);
	return rc;
}
