/* Victim protection under Act 670 (issue 8): identities kept sealed and shown by role,
 * identification (trafficking status, screenings, the s.41A re-screening of smuggled migrants),
 * court orders and their deadlines, places of refuge, referrals, s.51A permits, repatriation,
 * key rotation and retention.
 *
 * Every function taking a principal checks it (core/access.h, the protection part): p NULL is the
 * command line, allowed everything. Records outside p's reach answer MAPO_ENOTFOUND as if absent.
 * Writes and every view of an identity are appended to the audit trail, in the same transaction.
 * Design notes: docs/internals/protection.md; the key and the threat model: docs/internals/vault.md. */
#ifndef MAPO_PROTECTION_H
#define MAPO_PROTECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "core/case.h"
#include "core/vault.h"
#include "util/util.h"

typedef struct store store;

#define NAME_MAX_BYTES 256
#define COURT_MAX 128
#define SHELTER_NAME_MAX 128

/* ---- reference lists (data/orders.csv, data/indicators.csv) ------------------------------- */

/* A kind of court order and its longest duration, as data so that an amendment of the Act is a
 * data change: interim (s.44, 21 days), protection (s.51, three months), extension (s.54(3)). */
struct order_kind {
	char kind[CODE_MAX];      /* "interim", "protection", "extension" */
	char section[CODE_MAX];   /* "44", "51", "54(3)" */
	int duration;             /* > 0; 0: the Act sets no maximum (each order has the court's end) */
	bool months;              /* duration in months, else in days */
	struct strvec follows;    /* kinds it continues ("" none: the first order) */
	char *name_ms, *name_en;
};
struct order_kinds {
	struct order_kind *v;
	size_t n, alloc;
};
void order_kinds_init(struct order_kinds *k);
void order_kinds_release(struct order_kinds *k);
/* Adds a copy of item (follows copied too). */
void order_kinds_add(struct order_kinds *k, const struct order_kind *item);
const struct order_kind *order_kinds_find(const struct order_kinds *k, const char *kind);

/* An HTCDS methods-of-control indicator. */
struct indicator {
	char code[48];          /* "debt-bondage" */
	char htcds_field[64];   /* "MethodsOfControlDebtBondage" */
	char *name_ms, *name_en;
};
struct indicator_list {
	struct indicator *v;
	size_t n, alloc;
};
void indicator_list_init(struct indicator_list *l);
void indicator_list_release(struct indicator_list *l);
void indicator_list_add(struct indicator_list *l, const struct indicator *item);
const struct indicator *indicator_list_find(const struct indicator_list *l, const char *code);

/* Installs both lists into the store (replacing what was there). */
int protect_install_refdata(store *s, const struct order_kinds *k, const struct indicator_list *l,
	struct mapo_error *err);

/* ---- deadlines ------------------------------------------------------------------------------- */

/* d plus months calendar months, the day kept or, when the target month is shorter, its last
 * day (31 January + 1 month = 28 or 29 February). */
mapo_date date_add_months(mapo_date d, int months);
/* The last day of an order of kind k made to start on start. As the Interpretation Acts count a
 * period "from" an event, the day of the event is excluded: 21 days from 1 March end on 22 March;
 * three months from 30 November end on the last day of February. DATE_NONE for a kind with no
 * maximum (duration 0). */
mapo_date order_end_date(const struct order_kind *k, mapo_date start);

/* ---- identities ------------------------------------------------------------------------------ */

enum identity_field { IDF_NAME = 0, IDF_ID_NUMBER, IDF_PASSPORT, IDF_ADDRESS, IDF_PHONE, IDF_PHOTO, IDF__COUNT };
/* The column name ("name", "id_number", "passport_number", "address", "phone", "photo"); parse
 * returns -1 for anything else. */
const char *identity_field_code(enum identity_field f);
int identity_field_parse(const char *s);
/* The field's name for people, in lang. */
const char *identity_field_name(enum identity_field f, enum mapo_lang lang);

/* Values to store: v[f] NULL leaves the field alone, "" (len 0) clears it. len[f] is the length
 * (text fields: 0 means strlen). */
struct identity_input {
	const char *v[IDF__COUNT];
	size_t len[IDF__COUNT];
};

/* An identity as a principal may see it. */
struct identity {
	char person_ref[PERSON_REF_MAX];
	enum identity_view view;  /* IDVIEW_FULL or IDVIEW_MASKED */
	bool has[IDF__COUNT];
	struct buf v[IDF__COUNT]; /* the value, or its masked form; the photo is never masked: it is
	                           * left out when masked */
	bool erased;              /* the retention run erased it */
};
void identity_init(struct identity *id);
void identity_release(struct identity *id);

/* The masked form of a value: a name as its initials ("S. A."), a number as its last four
 * characters after bullets ("••••5678"), an address or phone as "•••". out is reset first. */
void identity_mask(enum identity_field f, const char *value, struct buf *out);

/* Stores the given fields of person_ref's identity, sealed (the identity and passport numbers
 * also get a blind index). Needs PROTECT_EDIT and a full view of the person. Audited as
 * "identity-put" naming the fields (never their values); with no field given, nothing is
 * written. MAPO_EINVAL for a text field that is not
 * UTF-8 or over NAME_MAX_BYTES... (photo: VAULT_FIELD_MAX). */
int protect_identity_put(store *s, const vault *v, const struct principal *p, const char *person_ref,
	const struct identity_input *in, struct mapo_error *err);
/* Reads person_ref's identity as p may see it into out (released first). Every call is audited
 * as "identity-view" with detail "full" or "masked". MAPO_ENOTFOUND when there is no such person,
 * it has no identity recorded, or p may not see it at all. */
int protect_identity_get(store *s, const vault *v, const struct principal *p, const char *person_ref,
	struct identity *out, struct mapo_error *err);
/* The persons whose identity number (passport: passport number) is number, through the blind
 * index; only those p may see in full are listed. Audited as "identity-search". */
int protect_identity_find(store *s, const vault *v, const struct principal *p, bool passport,
	const char *number, struct strvec *person_refs, struct mapo_error *err);

/* Consent to the processing of a person's data, its sharing with partners, or photographs. */
enum consent_scope { CONSENT_PROCESSING = 0, CONSENT_SHARING, CONSENT_PHOTO, CONSENT__COUNT };
const char *consent_scope_code(enum consent_scope c);
int consent_scope_parse(const char *s); /* -1 when unknown */
struct consent {
	enum consent_scope scope;
	bool given;
	mapo_date decided_on;
	char recorded_by[USERNAME_MAX]; /* in results */
};
/* Records a consent decision (PROTECT_EDIT and a full view); the date must not be in the future
 * (MAPO_EINVAL "date: ..."). Audited as "consent". */
int protect_consent_record(store *s, const struct principal *p, const char *person_ref, const struct consent *c,
	struct mapo_error *err);
/* A person's consent decisions, oldest first (PROTECT_RECORD and a view of the person). */
typedef int (*protect_consent_cb)(const struct consent *c, void *arg);
int protect_consent_list(store *s, const struct principal *p, const char *person_ref, protect_consent_cb cb,
	void *arg, struct mapo_error *err);

/* ---- identification -------------------------------------------------------------------------- */

/* A trafficking-status decision on a person's victim role in a case. */
struct status_decision {
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	enum trafficking_status status;
	char org[ORG_MAX];        /* the deciding organisation */
	mapo_date decided_on;
	const char *reason;       /* input: free text, sealed in the store; NULL none */
	int64_t id;               /* results */
};
/* Records d (PROTECT_IDENTIFY): the role must exist (MAPO_ENOTFOUND); the decision becomes the
 * role's current trafficking status (as the statistics count it) and joins its history. */
int protect_status_set(store *s, const vault *v, const struct principal *p, struct status_decision *d,
	struct mapo_error *err);
/* A person's decisions, oldest first, with reasons opened (PROTECT_RECORD, or PROTECT_IDENTIFY
 * and a full view). reason is valid during the call. Audited as "identification-view". */
typedef int (*protect_status_cb)(const struct status_decision *d, const char *reason, void *arg);
int protect_status_history(store *s, const vault *v, const struct principal *p, const char *person_ref,
	protect_status_cb cb, void *arg, struct mapo_error *err);

/* A screening of a person in a case: the indicators found and the outcome. */
struct screening {
	int64_t id;
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	char org[ORG_MAX];
	mapo_date screened_on;
	enum trafficking_status outcome;
	struct strvec indicators; /* indicator codes */
};
void screening_init(struct screening *sc);
void screening_release(struct screening *sc);
/* Records a screening (PROTECT_IDENTIFY): the person must hold a role in the case; every
 * indicator must be a known code (MAPO_EINVAL naming it). */
int protect_screening_add(store *s, const struct principal *p, struct screening *sc, struct mapo_error *err);

/* A person's screenings (re-screenings too), oldest first; who may: as protect_status_history. */
typedef int (*protect_screening_cb)(const struct screening *sc, void *arg);
int protect_screening_list(store *s, const struct principal *p, const char *person_ref, protect_screening_cb cb,
	void *arg, struct mapo_error *err);

/* s.41A: a smuggled migrant is not under the protection part of the Act unless re-screened and
 * found to be trafficked. sc is the re-screening of a person holding the smuggled-migrant role in
 * the SOM case sc->case_ref. When its outcome is possible or actual, tip_case_ref must name a TIP
 * case linked to that SOM case (either one's related case is the other), and the same person is
 * given a victim role there with that status (a decision by sc->org on the screening date). When
 * the outcome is not-a-victim, only the screening is recorded. PROTECT_IDENTIFY. */
int protect_rescreen(store *s, const vault *v, const struct principal *p, struct screening *sc,
	const char *tip_case_ref, struct mapo_error *err);

/* Is person_ref under protection: does it hold a victim role whose status is possible or actual?
 * A person only in smuggled-migrant roles is not. */
int protect_under_protection(store *s, const char *person_ref, bool *yes, struct mapo_error *err);

/* ---- orders ---------------------------------------------------------------------------------- */

enum order_outcome {
	OUTCOME_NONE = -1,
	OUTCOME_RELEASED = 0,
	OUTCOME_IMMIGRATION,      /* handed to the Immigration Department */
	OUTCOME_REPATRIATED,
	OUTCOME_PLACED_ELSEWHERE,
	OUTCOME_SUPERSEDED,       /* followed by a protection order or an extension */
	OUTCOME__COUNT
};
const char *order_outcome_code(enum order_outcome o); /* "released", "immigration", ... */
enum order_outcome order_outcome_parse(const char *s);
const char *order_outcome_name(enum order_outcome o, enum mapo_lang lang);

struct protection_order {
	int64_t id;
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	char kind[CODE_MAX];
	char section[CODE_MAX];
	char court[COURT_MAX];
	mapo_date start_date, end_date;
	int64_t parent_id;          /* the order it continues; 0 none */
	enum order_outcome outcome; /* OUTCOME_NONE while running */
	mapo_date outcome_date;
};
void protection_order_init(struct protection_order *o);

/* Records an order (PROTECT_EDIT). The person must be under protection in the case (s.41A:
 * MAPO_EINVAL otherwise). A kind that follows others needs an open order of one of those kinds
 * for the person in the case, which it supersedes on its start date; a first kind needs none
 * open. start_date DATE_NONE: the open order's end date (a continuation), else required.
 * end_date DATE_NONE: the longest the kind allows; a given one must not be later. A kind with no
 * maximum (duration 0, as s.54(3)'s extension) needs end_date: MAPO_EINVAL "end: ..." without
 * it. An end before the start is refused ("end: ..."). Sets the section from the kind, the id
 * and the dates. */
int protect_order_add(store *s, const struct principal *p, const struct order_kinds *kinds,
	struct protection_order *o, struct mapo_error *err);
/* Records how order id ended (PROTECT_EDIT); not OUTCOME_SUPERSEDED, which the next order sets.
 * MAPO_ECONFLICT when it already has an outcome. */
int protect_order_outcome(store *s, const struct principal *p, int64_t id, enum order_outcome outcome,
	mapo_date on, struct mapo_error *err);

/* Which orders: all (ORDERS_ALL), those running whose end falls within days days from as_of
 * (ORDERS_ENDING: as_of <= end <= as_of + days), or those past their end with no outcome
 * (ORDERS_OVERDUE: end < as_of). person_ref (not NULL) narrows to one person. */
enum order_filter { ORDERS_ALL = 0, ORDERS_ENDING, ORDERS_OVERDUE };
struct order_query {
	enum order_filter which;
	mapo_date as_of;
	int days;
	const char *person_ref;
};
typedef int (*protect_order_cb)(const struct protection_order *o, void *arg);
/* PROTECT_RECORD. */
int protect_order_list(store *s, const struct principal *p, const struct order_query *q, protect_order_cb cb,
	void *arg, struct mapo_error *err);

/* ---- places of refuge ---------------------------------------------------------------------- */

enum shelter_operator { OPERATOR_GOVERNMENT = 0, OPERATOR_NGO };
enum shelter_serves { SERVES_WOMEN = 0, SERVES_MEN, SERVES_CHILDREN };
const char *shelter_operator_code(enum shelter_operator o);
int shelter_operator_parse(const char *s);
const char *shelter_serves_code(enum shelter_serves s);
int shelter_serves_parse(const char *s);

struct shelter {
	int64_t id;
	char code[CODE_MAX];
	char name[SHELTER_NAME_MAX];
	enum shelter_operator operator_kind;
	enum shelter_serves serves;
	int capacity;
	char state[CODE_MAX]; /* "" when not given */
};

struct shelter_stay {
	int64_t id;
	char shelter_code[CODE_MAX];
	char person_ref[PERSON_REF_MAX];
	int64_t shelter_id, person_id;
	mapo_date admitted_on, discharged_on; /* DATE_NONE while staying */
	unsigned warnings;                     /* SHELTER_WARN_* at admission */
	mapo_date screened_on;                 /* in results: the health screening; DATE_NONE pending */
	/* The screening's results and isolation are sealed: protect_health_get, with the key. */
};

enum { SHELTER_WARN_CAPACITY = 1u << 0, SHELTER_WARN_SEPARATION = 1u << 1 };
/* The warnings an admission to sh raises when occupancy persons stay there already, for a person
 * of sex ('F', 'M', 'U') and age in years (-1 unknown): over capacity; a man or a child in a
 * women's shelter, a woman or a child in a men's, an adult in a children's (s.42 separation by
 * age and sex). Unknown sex or age raises no separation warning. Pure. */
unsigned shelter_check(const struct shelter *sh, long long occupancy, char sex, int age);

/* Adds or updates a shelter by code (PROTECT_EDIT); MAPO_EINVAL for a bad field. */
int protect_shelter_put(store *s, const struct principal *p, struct shelter *sh, struct mapo_error *err);
/* Admits person_ref to shelter code on day (PROTECT_EDIT). The person must be under protection
 * (s.41A) and not already staying somewhere on that day. The admission is recorded even when it
 * raises warnings (*warnings, SHELTER_WARN_*), which are also stored with it. */
int protect_admit(store *s, const struct principal *p, const char *code, const char *person_ref, mapo_date day,
	unsigned *warnings, struct mapo_error *err);
/* Discharges person_ref from the shelter it stays in on day (PROTECT_EDIT); MAPO_ENOTFOUND when
 * it stays nowhere. */
int protect_discharge(store *s, const struct principal *p, const char *person_ref, mapo_date day,
	struct mapo_error *err);
/* The number of persons in shelter code on each day from from to to: counts[i] for from + i
 * (counts holds to - from + 1 items). PROTECT_RECORD. */
int protect_occupancy(store *s, const struct principal *p, const char *code, mapo_date from, mapo_date to,
	long long *counts, struct mapo_error *err);

/* ---- health screening on admission ----------------------------------------------------------- */

/* An item of the infectious-disease screening on admission (data/health_checks.csv: the council's
 * operating guideline), kept in the file's order. */
#define HEALTH_CODE_MAX 32
struct health_check {
	char code[HEALTH_CODE_MAX]; /* "tuberculosis", "covid-19", ... */
	char *name_ms, *name_en;
};
struct health_check_list {
	struct health_check *v;
	size_t n, alloc;
};
void health_check_list_init(struct health_check_list *l);
void health_check_list_release(struct health_check_list *l);
void health_check_list_add(struct health_check_list *l, const struct health_check *item); /* copies */
const struct health_check *health_check_list_find(const struct health_check_list *l, const char *code);
/* Installs the list into the store, replacing what was there (refused while a screening uses a
 * code the list no longer has). */
int protect_health_install(store *s, const struct health_check_list *l, struct mapo_error *err);
/* The list as the store holds it, in order, into out (initialised), for the faces' forms. */
int protect_health_checks(store *s, struct health_check_list *out, struct mapo_error *err);

/* The result of an item done: negative, positive, pending (awaited) or done (nothing to read, as
 * for a referral to a clinic). */
enum health_result { HEALTH_NEGATIVE = 0, HEALTH_POSITIVE, HEALTH_PENDING, HEALTH_DONE, HEALTH__COUNT };
const char *health_result_code(enum health_result r); /* "negative", ... */
int health_result_parse(const char *s);                /* -1 when unknown */
const char *health_result_name(enum health_result r, enum mapo_lang lang);

struct health_item {
	char code[HEALTH_CODE_MAX];
	enum health_result result;
};
/* The health screening of one admission (a stay). */
struct health_screening {
	int64_t id, stay_id;              /* results */
	char person_ref[PERSON_REF_MAX];
	char shelter_code[CODE_MAX];      /* results */
	mapo_date admitted_on;            /* results */
	mapo_date screened_on;
	bool isolation;                   /* the person had to be isolated */
	struct health_item *items;
	size_t n, alloc;
	char recorded_by[USERNAME_MAX];   /* results */
	bool erased;                      /* results: retention erased the items and the isolation */
};
void health_screening_init(struct health_screening *hs);
void health_screening_release(struct health_screening *hs);
void health_screening_add(struct health_screening *hs, const char *code, enum health_result result);
/* Adds an item written "CODE=RESULT" (as the command line takes it); MAPO_EINVAL naming it. */
int health_screening_add_text(struct health_screening *hs, const char *item, struct mapo_error *err);

/* Records the health screening of hs->person_ref's admission: the stay the person is in on
 * hs->screened_on (PROTECT_EDIT; MAPO_ENOTFOUND when none). The date must not be in the future;
 * at least one item; each a known check (MAPO_EINVAL naming it), given once. An admission has
 * one screening (MAPO_EEXIST). The results and the isolation are sealed under v. Sets the
 * results fields. Audited as "health-screen" with the shelter and the item codes, never
 * the isolation or the results. */
int protect_health_screen(store *s, const vault *v, const struct principal *p, struct health_screening *hs,
	struct mapo_error *err);
/* The screening of stay stay_id into out (released first; MAPO_ENOTFOUND: still pending), its
 * results opened with v. PROTECT_EDIT: the officers who care for the person. Audited as
 * "health-view" (unless erased). */
int protect_health_get(store *s, const vault *v, const struct principal *p, int64_t stay_id,
	struct health_screening *out, struct mapo_error *err);
/* Seals the results of the screenings recorded before migration 0009, which it left in clear
 * (SQL has no key), under v's current key, and deletes them in clear; *sealed (may be NULL) their
 * number. Runs in its own transaction or the caller's; nothing to do is cheap (one query). Called
 * by the commands that open the key and by protect_key_rotate. */
int protect_health_seal_unsealed(store *s, const vault *v, long long *sealed, struct mapo_error *err);
/* The admissions to shelter code (NULL: every shelter) open on as_of with no screening yet
 * ("screening pending"): their number, for the lists and the dashboard. PROTECT_RECORD. */
int protect_screening_pending(store *s, const struct principal *p, const char *code, mapo_date as_of,
	long long *n, struct mapo_error *err);
/* The stays of shelter code (NULL: every shelter) open on as_of, by admission, each with its
 * screening date (DATE_NONE: pending). PROTECT_RECORD. */
int protect_stay_list(store *s, const struct principal *p, const char *code, mapo_date as_of,
	int (*cb)(const struct shelter_stay *st, void *arg), void *arg, struct mapo_error *err);
/* Every stay of person_ref, by admission, each with its screening date (PROTECT_RECORD and a view
 * of the person, else MAPO_ENOTFOUND as if absent). */
int protect_person_stays(store *s, const struct principal *p, const char *person_ref,
	int (*cb)(const struct shelter_stay *st, void *arg), void *arg, struct mapo_error *err);

/* ---- referrals, s.51A permits, repatriation -------------------------------------------------- */

enum referral_dir { REFER_IN = 0, REFER_OUT };
enum referral_status { REFERRAL_PENDING = 0, REFERRAL_ACCEPTED, REFERRAL_REFUSED };
const char *referral_dir_code(enum referral_dir d);       /* "in", "out" */
int referral_dir_parse(const char *s);
const char *referral_status_code(enum referral_status st); /* "pending", "accepted", "refused" */
int referral_status_parse(const char *s);
/* Services: identification, shelter, medical, psychosocial, legal-aid, interpreter, allowance,
 * skills, other. */
bool referral_service_valid(const char *s);

struct referral {
	int64_t id;
	char person_ref[PERSON_REF_MAX];
	enum referral_dir dir;
	char org[ORG_MAX];
	char service[CODE_MAX];
	mapo_date referred_on;
	enum referral_status status;
	mapo_date decided_on;
};
/* Records a referral (PROTECT_EDIT). */
int protect_referral_add(store *s, const struct principal *p, struct referral *r, struct mapo_error *err);
/* Records the acceptance or refusal of referral id (PROTECT_EDIT). */
int protect_referral_decide(store *s, const struct principal *p, int64_t id, enum referral_status st,
	mapo_date on, struct mapo_error *err);
typedef int (*protect_referral_cb)(const struct referral *r, void *arg);
/* Referrals p may see (a partner: its organisation's only), of one person when person_ref. */
int protect_referral_list(store *s, const struct principal *p, const char *person_ref, protect_referral_cb cb,
	void *arg, struct mapo_error *err);

/* One victim role and its current status, for lists. */
struct victim_row {
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	enum trafficking_status status;
	char sex;
	char nationality[4];
	mapo_date rescue_date;
};
typedef int (*protect_victim_cb)(const struct victim_row *v, void *arg);
/* Which victim roles: one person's (person_ref not NULL), limit at the most (0: all) after offset,
 * by case then person in the order they were recorded. */
struct victim_query {
	const char *person_ref;
	long long limit, offset;
};
/* The victims p may see (PROTECT_READ): a partner sees the persons its organisation referred in
 * and their status, nothing else. */
int protect_victim_list(store *s, const struct principal *p, const struct victim_query *q, protect_victim_cb cb,
	void *arg, struct mapo_error *err);

/* s.51A: freedom of movement or permission to work, after a risk assessment, a medical
 * screening and a mental-health evaluation. */
struct movement_permit {
	char person_ref[PERSON_REF_MAX];
	mapo_date risk_assessed_on, medical_on, mental_health_on;
	bool work;               /* a work permit, else a movement pass */
	const char *employer;    /* work: sealed in the store */
	mapo_date valid_from, valid_to;
};
/* Records a permit (PROTECT_EDIT): the person under protection; the three assessments done on or
 * before valid_from (MAPO_EINVAL naming the missing one); a work permit names its employer. */
int protect_permit_add(store *s, const vault *v, const struct principal *p, const struct movement_permit *m,
	struct mapo_error *err);

struct repatriation {
	char person_ref[PERSON_REF_MAX];
	char destination[4];     /* ISO 3166-1 alpha-3 */
	mapo_date on_date;
	char org[ORG_MAX];       /* the assisting organisation */
	const char *follow_up;   /* sealed in the store; NULL none */
};
int protect_repatriation_add(store *s, const vault *v, const struct principal *p, const struct repatriation *r,
	struct mapo_error *err);

/* ---- statistics ------------------------------------------------------------------------------ */

/* Victims by one dimension, for a period: the victim roles whose rescue date (else their case's
 * action date) is in [from, to], counted by trafficking status ("possible", ...), sex ("F", "M",
 * "U"), age group ("child" under 18 at the action date, "adult", "unknown"), nationality (alpha-3,
 * "" unknown), form of exploitation (a victim under each of its case's forms), or shelter (the
 * shelter of a stay admitted in the period, "" none). "outcome" counts instead the orders that
 * started in the period by outcome ("running" while none). Keys come sorted. Aggregates only:
 * every role that may read statistics (p NULL: the command line). */
enum victim_dim { VDIM_STATUS = 0, VDIM_SEX, VDIM_AGE_GROUP, VDIM_NATIONALITY, VDIM_FORM, VDIM_SHELTER,
	VDIM_OUTCOME, VDIM__COUNT };
const char *victim_dim_code(enum victim_dim d); /* "status", "sex", "age-group", ... */
int victim_dim_parse(const char *s);            /* -1 when unknown */
typedef int (*victim_tally_cb)(const char *key, long long n, void *arg);
int protect_victim_stats(store *s, const struct principal *p, mapo_date from, mapo_date to, enum victim_dim dim,
	victim_tally_cb cb, void *arg, struct mapo_error *err);
/* protect_victim_stats's rows gathered, in its order: keys (owned) and their counts. */
struct victim_counts {
	struct strvec keys;
	long long *n;
	size_t alloc;
};
#define VICTIM_COUNTS_INIT {STRVEC_INIT, NULL, 0}
void victim_counts_release(struct victim_counts *vc);
/* The same as protect_victim_stats, into out (initialised; appended to). */
int protect_victim_counts(store *s, const struct principal *p, mapo_date from, mapo_date to, enum victim_dim dim,
	struct victim_counts *out, struct mapo_error *err);
/* The count of key in vc, 0 when absent. */
long long victim_counts_of(const struct victim_counts *vc, const char *key);
/* A key of protect_victim_stats for people, in lang: a status's or an outcome's name, "running (no
 * outcome yet)", "not recorded" for "", else the key itself (static or translated: do not free). */
const char *protect_victim_key_label(enum victim_dim dim, const char *key, enum mapo_lang lang);

/* ---- the key and retention --------------------------------------------------------------------- */

/* Re-seals every sealed value under a fresh key version and recomputes the blind indexes, in
 * one transaction (PROTECT_ADMIN): vault_rotate_begin, the re-sealing (and the sealing of health
 * results still in clear, protect_health_seal_unsealed), commit, then vault_rotate_finish.
 * *resealed (when not NULL) gets the number of values re-sealed or sealed. Audited as
 * "key-rotate". On failure nothing in the database changed and the key file holds both keys. */
int protect_key_rotate(store *s, vault *v, const char *key_path, const struct principal *p,
	long long *resealed, struct mapo_error *err);

/* Erases the personal fields of persons whose cases are all closed, the last closed at least
 * days days before as_of (PROTECT_ADMIN). Statistics are untouched: only sealed values and blind
 * indexes go. *erased (when not NULL) gets the number of persons. Audited as "retention-run". */
int protect_retention_run(store *s, const struct principal *p, int days, mapo_date as_of, long long *erased,
	struct mapo_error *err);

#endif
