/* The store interface for victim protection (issue 8): sealed identities, consent, trafficking
 * status decisions, screenings, protection orders, places of refuge, referrals, s.51A permits and
 * repatriation. Same conventions as store.h. The store never sees personal data in clear: sealed
 * values arrive and leave as ciphertext (core/vault.h). The core (core/protection.c) is the only
 * intended caller. Implemented by sql_protection.c (schema: migrations/0005_protection.sql,
 * 0007_health_screening.sql, 0009_health_sealed.sql, 0010_order_no_maximum.sql). */
#ifndef MAPO_STORE_PROTECTION_H
#define MAPO_STORE_PROTECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/protection.h"
#include "core/vault.h"
#include "store/store.h"

/* ---- sealed columns ------------------------------------------------------------------------ */

/* Every column that holds a sealed value, by number (rotation and retention walk them all). */
enum sealed_col {
	SC_IDENT_NAME = 0, /* person_identities.name ... in enum identity_field order */
	SC_IDENT_ID_NUMBER,
	SC_IDENT_PASSPORT,
	SC_IDENT_ADDRESS,
	SC_IDENT_PHONE,
	SC_IDENT_PHOTO,
	SC_STATUS_REASON,   /* victim_status_history.reason */
	SC_PERMIT_EMPLOYER, /* movement_permits.employer */
	SC_REPAT_FOLLOW_UP, /* repatriations.follow_up */
	SC_HEALTH_RESULTS,  /* health_screenings.results: the items' results and the isolation */
	SC__COUNT
};
/* The table and column of a sealed column (the associated data of its values). */
const char *store_sealed_table(enum sealed_col c);
const char *store_sealed_column(enum sealed_col c);
/* True when the column has a blind index beside it (id_number, passport_number). */
bool store_sealed_indexed(enum sealed_col c);

/* One stored sealed value (valid during the callback). */
typedef int (*sealed_cb)(int64_t row, const unsigned char *data, size_t len, void *arg);
/* Calls cb for every non-NULL value of column c, by row id. */
int store_sealed_list(store *s, enum sealed_col c, sealed_cb cb, void *arg, struct mapo_error *err);
/* Sets column c of row (v NULL or v->data NULL: NULL) and, for an indexed column, its blind index
 * (index NULL or "": NULL). MAPO_ENOTFOUND when the row does not exist. */
int store_sealed_set(store *s, enum sealed_col c, int64_t row, const struct sealed *v, const char *index,
	struct mapo_error *err);

/* ---- persons --------------------------------------------------------------------------------- */

/* A person's id and shared fields (sex, birth date, age in p) by reference; MAPO_ENOTFOUND. */
int store_person_lookup(store *s, const char *person_ref, int64_t *person_id, struct case_person *p,
	struct mapo_error *err);

/* The facts the identity policy needs about a person (core/access.h struct person_facts); org and
 * agency may be "" (then the matching facts are false). MAPO_ENOTFOUND when no such person. */
int store_person_facts(store *s, const char *person_ref, const char *org, const char *agency,
	struct person_facts *out, struct mapo_error *err);

/* The row of person_ref's identities: its id, creating an empty one when create (else
 * MAPO_ENOTFOUND when none). MAPO_ENOTFOUND when the person does not exist. */
int store_identity_row(store *s, const char *person_ref, bool create, int64_t *row, struct mapo_error *err);
/* The stored identity of a person: row id, sealed values (owned by out) and the erasure flag. */
struct identity_rec {
	int64_t row;
	struct sealed v[IDF__COUNT];
	bool erased;
};
void identity_rec_release(struct identity_rec *r);
int store_identity_get(store *s, const char *person_ref, struct identity_rec *out, struct mapo_error *err);
/* The persons whose identity number (passport: passport number) has blind index index. */
int store_identity_find(store *s, bool passport, const char *index, struct strvec *person_refs,
	struct mapo_error *err);

/* Consent decisions: add one; list a person's, oldest first. */
int store_consent_add(store *s, int64_t person_id, const struct consent *c, const char *recorded_by,
	struct mapo_error *err);
typedef int (*consent_cb)(const struct consent *c, void *arg);
int store_consent_list(store *s, int64_t person_id, consent_cb cb, void *arg, struct mapo_error *err);

/* ---- identification -------------------------------------------------------------------------- */

/* The id of person_ref's role in case_ref (MAPO_ENOTFOUND when absent) with the case's kind. */
int store_role_lookup(store *s, const char *case_ref, const char *person_ref, enum person_role role,
	int64_t *role_id, struct mapo_error *err);
/* Adds a decision to a victim role's history and makes it the role's current status; sets *row
 * to the history row (its reason is set afterwards, sealed, with store_sealed_set). */
int store_status_add(store *s, int64_t role_id, const struct status_decision *d, int64_t *row,
	struct mapo_error *err);
/* A person's decisions over every victim role, oldest first; reason_sealed valid during cb. */
typedef int (*status_rec_cb)(const struct status_decision *d, int64_t row, const unsigned char *reason,
	size_t reason_len, void *arg);
int store_status_list(store *s, const char *person_ref, status_rec_cb cb, void *arg, struct mapo_error *err);

int store_screening_add(store *s, const struct screening *sc, struct mapo_error *err);
typedef int (*screening_cb)(const struct screening *sc, void *arg);
int store_screening_list(store *s, const char *person_ref, screening_cb cb, void *arg, struct mapo_error *err);

/* Reference lists loaded by init: replace all; load all. */
int store_order_kinds_replace(store *s, const struct order_kinds *k, struct mapo_error *err);
int store_order_kinds_load(store *s, struct order_kinds *out, struct mapo_error *err);
int store_indicators_replace(store *s, const struct indicator_list *l, struct mapo_error *err);
int store_indicators_load(store *s, struct indicator_list *out, struct mapo_error *err);

/* ---- orders ------------------------------------------------------------------------------------ */

/* insert: sets o->id. get: MAPO_ENOTFOUND. outcome: sets the outcome of order id. */
int store_order_insert(store *s, struct protection_order *o, struct mapo_error *err);
int store_order_get(store *s, int64_t id, struct protection_order *out, struct mapo_error *err);
int store_order_set_outcome(store *s, int64_t id, enum order_outcome outcome, mapo_date on,
	struct mapo_error *err);
/* The latest order (by start date, then id) of person_ref in case_ref without an outcome;
 * MAPO_ENOTFOUND when none. */
int store_order_open(store *s, const char *case_ref, const char *person_ref, struct protection_order *out,
	struct mapo_error *err);
typedef int (*order_cb)(const struct protection_order *o, void *arg);
/* Orders by end date then id: q's fields as protect_order_list documents them. */
int store_order_list(store *s, const struct order_query *q, order_cb cb, void *arg, struct mapo_error *err);

/* ---- places of refuge -------------------------------------------------------------------- */

/* put: inserts or, by code, updates (sets sh->id). get: by code, MAPO_ENOTFOUND. */
int store_shelter_put(store *s, struct shelter *sh, struct mapo_error *err);
int store_shelter_get(store *s, const char *code, struct shelter *out, struct mapo_error *err);
typedef int (*shelter_cb)(const struct shelter *sh, void *arg);
int store_shelter_list(store *s, shelter_cb cb, void *arg, struct mapo_error *err);
/* Persons staying in shelter id on day (admitted on or before it, not discharged by it). */
int store_shelter_occupancy(store *s, int64_t shelter_id, mapo_date day, long long *n, struct mapo_error *err);
/* The stay of person_id open on day (MAPO_ENOTFOUND when none): its id and shelter code. */
int store_stay_open(store *s, int64_t person_id, mapo_date day, int64_t *stay_id, char shelter_code[CODE_MAX],
	struct mapo_error *err);
int store_stay_add(store *s, const struct shelter_stay *st, struct mapo_error *err);
int store_stay_discharge(store *s, int64_t stay_id, mapo_date on, struct mapo_error *err);
typedef int (*stay_cb)(const struct shelter_stay *st, void *arg);
/* Stays of shelter code (NULL: every shelter) that overlap [from, to], by admission, with their
 * health screening's date (DATE_NONE: pending). */
int store_stay_list(store *s, const char *code, mapo_date from, mapo_date to, stay_cb cb, void *arg,
	struct mapo_error *err);
/* The same for every stay of one person, by admission. */
int store_person_stays(store *s, const char *person_ref, stay_cb cb, void *arg, struct mapo_error *err);

/* ---- health screening on admission (migrations 0007_health_screening, 0009_health_sealed) -- */

/* The screening items: replace all (in the list's order); load all, in that order. */
int store_health_checks_replace(store *s, const struct health_check_list *l, struct mapo_error *err);
int store_health_checks_load(store *s, struct health_check_list *out, struct mapo_error *err);
/* Adds the screening of stay hs->stay_id (its date), recorded by recorded_by; sets hs->id. The
 * results are set afterwards, sealed, with store_sealed_set (SC_HEALTH_RESULTS, row hs->id), in
 * the same transaction. MAPO_EEXIST when the stay has one. */
int store_health_screening_add(store *s, struct health_screening *hs, const char *recorded_by,
	struct mapo_error *err);
/* The screening of stay stay_id into out (initialised): its id, date and recorder, with the
 * stay's person, shelter and admission date; its sealed results into results (owned by the
 * caller; data NULL when there are none: erased, or not sealed yet). A screening recorded before
 * migration 0009 and not sealed yet has its items (in the list's order) and isolation put in out
 * in clear, and *unsealed set. MAPO_ENOTFOUND when there is none. */
int store_health_screening_get(store *s, int64_t stay_id, struct health_screening *out, struct sealed *results,
	bool *unsealed, struct mapo_error *err);
/* The stays whose screening's results are still in clear (recorded before migration 0009), by
 * screening id: cb(stay_id, arg). */
int store_health_unsealed_list(store *s, int (*cb)(int64_t stay_id, void *arg), void *arg, struct mapo_error *err);
/* Deletes the clear results of screening screening_id, once they are sealed. */
int store_health_unsealed_drop(store *s, int64_t screening_id, struct mapo_error *err);
/* The stays of shelter code (NULL: every shelter) open on as_of that have no screening. */
int store_screening_pending(store *s, const char *code, mapo_date as_of, long long *n, struct mapo_error *err);

/* ---- referrals, permits, repatriation -------------------------------------------------------- */

int store_referral_add(store *s, struct referral *r, struct mapo_error *err);
int store_referral_decide(store *s, int64_t id, enum referral_status st, mapo_date on, struct mapo_error *err);
typedef int (*referral_cb)(const struct referral *r, void *arg);
/* Referrals by id; org (not NULL) keeps only that organisation's, person_ref (not NULL) one
 * person's. */
int store_referral_list(store *s, const char *org, const char *person_ref, referral_cb cb, void *arg,
	struct mapo_error *err);

/* Victims: every victim role with its current status, by case then person in the order they were
 * recorded; org (not NULL) keeps the persons that organisation referred in, person_ref (not NULL)
 * that person's roles; limit rows at the most (0: all) after offset. */
typedef int (*victim_cb)(const struct victim_row *v, void *arg);
int store_victim_list(store *s, const char *org, const char *person_ref, long long limit, long long offset,
	victim_cb cb, void *arg, struct mapo_error *err);

/* Sets *row to the new row; the sealed column (employer, follow-up) is set afterwards. */
int store_permit_add(store *s, const struct movement_permit *m, int64_t *row, struct mapo_error *err);
int store_repatriation_add(store *s, const struct repatriation *r, int64_t *row, struct mapo_error *err);

/* ---- statistics -------------------------------------------------------------------------- */

/* The counts of protect_victim_stats (core/protection.h) for one dimension, keys sorted. */
int store_victim_tally(store *s, mapo_date from, mapo_date to, enum victim_dim dim, victim_tally_cb cb, void *arg,
	struct mapo_error *err);

/* ---- retention ----------------------------------------------------------------------------- */

/* Persons with personal data left (identities not erased, sealed notes, health screening
 * results, sealed or still in clear) all of whose cases are closed, the last of them closed (case_status_history) on or
 * before closed_by. */
int store_retention_due(store *s, mapo_date closed_by, struct strvec *person_refs, struct mapo_error *err);
/* Erases a person's personal fields: the sealed identity columns and blind indexes (the row is
 * marked erased), the reasons of its status decisions, its permits' employers, its
 * repatriations' follow-up notes and its health screenings' results and isolation (the
 * screenings' dates stay, so the admissions do not look pending). Sex, age, nationality and every
 * count stay. */
int store_retention_erase(store *s, const char *person_ref, struct mapo_error *err);

#endif
