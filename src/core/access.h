/* Who may do what: the access policy, in the core so that every face enforces the same rules.
 *
 * A principal is the one acting (a signed-in user, or an anonymous visitor). Cases outside a
 * principal's reach must look absent: the faces answer "not found" (HTTP 404), never "denied",
 * for them. access_case_get and access_narrow_filter are the two ways in; the may-functions
 * answer single questions for pages and buttons.
 *
 * Reach, by role:
 *   admin               every case; edits everything; manages users; reads the audit trail
 *   secretariat         reads every case and the statistics; person identities only when the
 *                       user holds the identity grant
 *   agency-officer      reads, creates, edits and deletes its own agency's cases only
 *   prosecutor          reads cases referred to the prosecution (status charged, convicted or
 *                       acquitted) and records charges and verdicts (the status) in them
 *   protection-officer  reads cases with at least one victim, edits the victims in them
 *   partner             aggregate statistics, and reads the cases its organisation referred
 *                       (cases.source_org), without person identities
 *   anonymous           published aggregate pages only */
#ifndef MAPO_ACCESS_H
#define MAPO_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/case.h"
#include "util/util.h"

typedef struct store store;
struct case_filter;

#define USERNAME_MAX 64 /* bytes with the NUL */
#define ORG_MAX 128
#define ADDRESS_MAX 64  /* a textual IPv4/IPv6 address and its NUL */

enum user_role {
	ROLE_NONE = -1, /* anonymous */
	ROLE_ADMIN = 0,
	ROLE_SECRETARIAT,
	ROLE_AGENCY_OFFICER,
	ROLE_PROSECUTOR,
	ROLE_PROTECTION_OFFICER,
	ROLE_PARTNER,
	ROLE__COUNT
};

/* "admin", "secretariat", "agency-officer", "prosecutor", "protection-officer", "partner";
 * parse returns ROLE_NONE for anything else. name: translated, for people to read. */
const char *user_role_code(enum user_role r);
enum user_role user_role_parse(const char *s);
const char *user_role_name(enum user_role r, enum mapo_lang lang);

/* The one acting. Plain data, no ownership. */
struct principal {
	int64_t user_id;              /* 0 for anonymous */
	char username[USERNAME_MAX];  /* "" for anonymous */
	enum user_role role;          /* ROLE_NONE for anonymous */
	char agency[CODE_MAX];        /* agency-officer: its agency code; else "" */
	char org[ORG_MAX];            /* partner: its organisation; else "" */
	bool identity_grant;          /* secretariat: may see person identities */
	char address[ADDRESS_MAX];    /* where the request came from, for the audit trail; "" */
};

/* Sets p to the anonymous visitor from address (NULL: ""). */
void principal_init_anonymous(struct principal *p, const char *address);

/* Actions that do not concern one case. */
enum access_action {
	ACCESS_READ_PUBLISHED = 0, /* published aggregate pages (the statement): everyone */
	ACCESS_READ_STATS,         /* statistics and dashboard: every signed-in role */
	ACCESS_LIST_CASES,         /* the case list, narrowed by access_narrow_filter */
	ACCESS_CREATE_CASE,        /* some agency (see access_may_create_case for which) */
	ACCESS_IMPORT,             /* bulk import; each case also needs access_may_create_case */
	ACCESS_EXPORT,             /* export of what the (narrowed) list shows */
	ACCESS_VIEW_IDENTITIES,    /* person references and birth dates, within reach */
	ACCESS_MANAGE_USERS,       /* accounts, roles, locks, API tokens of others */
	ACCESS_READ_AUDIT,         /* the audit trail and its verification */
	ACCESS__COUNT
};

/* Actions on one case. */
enum case_action {
	CASE_READ = 0,       /* see it at all (outside: it looks absent) */
	CASE_EDIT,           /* change any of its fields */
	CASE_RECORD_OUTCOME, /* change its status only (charges and verdicts) */
	CASE_DELETE,
	CASE_EDIT_PERSONS,   /* add, change or remove any person role in it */
	CASE_EDIT_VICTIMS,   /* add, change or remove its victim roles */
	CASE__COUNT
};

/* What the policy needs to know about a case besides struct mapo_case (see access_case_facts). */
struct case_facts {
	const char *source_org; /* the partner organisation that referred it; NULL or "" when none */
	bool has_victims;       /* at least one person holds a victim role in it */
};

/* True when p may perform action. Pure; never touches the store. */
bool access_may(const struct principal *p, enum access_action action);

/* True when p may perform action on case c with facts f (f NULL: no source org, no victims).
 * CASE_READ false means the case must look absent. Pure. */
bool access_may_case(const struct principal *p, enum case_action action, const struct mapo_case *c,
	const struct case_facts *f);

/* The questions the faces ask most, by name. */
bool access_may_read_case(const struct principal *p, const struct mapo_case *c, const struct case_facts *f);
bool access_may_edit_case(const struct principal *p, const struct mapo_case *c, const struct case_facts *f);
/* True when p may create (or import) a case of agency. */
bool access_may_create_case(const struct principal *p, const char *agency);
bool access_may_view_identities(const struct principal *p);
bool access_may_read_stats(const struct principal *p);
bool access_may_manage_users(const struct principal *p);
bool access_may_read_audit(const struct principal *p);

/* Checks an edit of before into after by p: 0, MAPO_ENOTFOUND when p cannot read before,
 * MAPO_EDENIED when p may read but not make this change (a prosecutor changing anything but the
 * status, or setting a status outside charged/convicted/acquitted; an agency officer moving a
 * case to another agency). err gets a translated message. */
int access_check_update(const struct principal *p, const struct mapo_case *before,
	const struct case_facts *f, const struct mapo_case *after, struct mapo_error *err);

/* Narrows f to p's reach, in place: afterwards the store returns only cases p may read. A filter
 * that asks for more than the reach (another agency, a status outside it) is made to match
 * nothing. Strings set into f point into p, which must outlive f's use. Returns 0, or
 * MAPO_EDENIED when p may not list cases at all (f then matches nothing). */
int access_narrow_filter(const struct principal *p, struct case_filter *f);

/* Reads the facts of the stored case ref (its source organisation, whether it has victims).
 * out->source_org is owned by buf (released by the caller with buf_release). */
int access_case_facts(store *s, const char *ref, struct case_facts *out, struct buf *buf,
	struct mapo_error *err);

/* Loads case ref for p: MAPO_ENOTFOUND, with the same message as for a missing case, when it
 * does not exist or lies outside p's reach. out must be initialised; facts (when not NULL)
 * receives the case's facts with source_org owned by facts_buf as in access_case_facts. */
int access_case_get(store *s, const struct principal *p, const char *ref, struct mapo_case *out,
	struct case_facts *facts, struct buf *facts_buf, struct mapo_error *err);

/* Records which partner organisation referred case ref (org NULL or "": none), for p, who must
 * be allowed CASE_EDIT on it (MAPO_ENOTFOUND outside p's reach, MAPO_EDENIED inside it without
 * the right); MAPO_EINVAL for an organisation name over ORG_MAX - 1 bytes or not UTF-8. Audited
 * as "case-update" with detail "source_org=ORG". p NULL: the command line, allowed. */
int access_case_set_source_org(store *s, const struct principal *p, const char *ref, const char *org,
	struct mapo_error *err);

/* ---- victim protection (issue 8; implemented in access_protection.c) ---------------------------
 *
 *   action               admin  secretariat  agency-officer  prosecutor  protection  partner
 *   PROTECT_READ          yes    yes          no              no          yes         own referrals
 *   PROTECT_RECORD        yes    yes          no              no          yes         no
 *   PROTECT_IDENTIFY      yes    no           yes             no          yes         no
 *   PROTECT_EDIT          yes    no           no              no          yes         no
 *   PROTECT_ADMIN         yes    no           no              no          no          no
 *
 * A partner sees the persons it referred and their status, nothing else: the victims list
 * narrowed to them, its own referrals, and their identities; not their protection record.
 * Health screening results are read with PROTECT_EDIT (the officers who care for the person).
 *
 * A person's identities (name, identity and passport numbers, address, phone, photo), by role:
 * admin in full; protection officers in full for persons in a victim role; the secretariat in
 * full with the identity grant, else masked; agency officers in full for persons in their
 * agency's cases; prosecutors masked for persons in cases referred to the prosecution; partners
 * in full for the persons their organisation referred, and nothing else. */
enum protection_action {
	PROTECT_READ = 0, /* victims and their trafficking status, referrals */
	PROTECT_IDENTIFY, /* trafficking-status decisions and screenings */
	PROTECT_EDIT,     /* identities, consent, orders, admissions, referrals, permits, repatriation */
	PROTECT_ADMIN,    /* key rotation and the retention run */
	PROTECT_RECORD,   /* a victim's protection record: orders and the deadline board, places of
	                   * refuge and stays, screenings and the reasons of decisions, consent, s.51A
	                   * permits, repatriation */
	PROTECT__COUNT
};
bool access_may_protection(const struct principal *p, enum protection_action action);

/* What the identity policy needs to know about one person. */
struct person_facts {
	bool victim;            /* holds a victim role in some case */
	bool in_agency;         /* is in a case of the principal's agency */
	bool in_prosecution;    /* is in a case with status charged, convicted or acquitted */
	bool referred_by_org;   /* the principal's organisation referred the person in */
};
enum identity_view { IDVIEW_NONE = 0, IDVIEW_MASKED, IDVIEW_FULL };
/* How much of a person's identity p sees (IDVIEW_NONE: the person must look absent). Pure. */
enum identity_view access_identity_view(const struct principal *p, const struct person_facts *f);

/* ---- the TIP report's tiers (issue 5; implemented in access_tier.c) ----------------------------
 *
 *   action                anonymous  admin  secretariat  agency-officer  prosecutor  protection  partner
 *   TIER_ACCESS_HISTORY    yes        yes    yes          yes             yes         yes         yes
 *   TIER_ACCESS_OUTLOOK    no         yes    yes          yes             yes         yes         yes
 *   TIER_ACCESS_EVIDENCE   as ACCESS_READ_STATS (every signed-in role)
 *   TIER_ACCESS_SET        no         yes    yes          no              no          no          no
 *
 * The placements are the US State Department's published report, and the rules that read them
 * are public law, so a country's history is published information (ACCESS_READ_PUBLISHED). The
 * outlook is the council's own reading for its meetings: signed-in roles. The evidence counts
 * cases: the roles that may read statistics. The secretariat records each new report. */
enum tier_access {
	TIER_ACCESS_HISTORY = 0, /* a country's placements and what the rules say of each */
	TIER_ACCESS_OUTLOOK,     /* the outlook for a report year */
	TIER_ACCESS_EVIDENCE,    /* the minimum-standards evidence (figures from the cases) */
	TIER_ACCESS_SET,         /* record a placement */
	TIER_ACCESS__COUNT
};
bool access_may_tier(const struct principal *p, enum tier_access action);

#endif