/* The one store interface. The core and the faces reach the database only through these
 * functions; store_sqlite.c (embedded, the default) and store_pg.c (server mode) implement them
 * with the same meaning, so everything above works unchanged on either.
 *
 * Conventions: functions return 0 or a negative enum mapo_err and, when err is not NULL, fill it
 * with a translated message for a person (never SQL). Every write runs in a transaction: inside
 * the caller's when one is open (store_begin), else in its own. Strings in results are owned by
 * the caller unless said otherwise. */
#ifndef MAPO_STORE_H
#define MAPO_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/case.h"
#include "core/refdata.h"
#include "util/util.h"

typedef struct store store;

/* Opens the database at url: a file path (SQLite; created when missing) or a postgresql:// URL.
 * Does not create the schema: call store_migrate. *out is NULL on failure. */
int store_open(store **out, const char *url, struct mapo_error *err);
/* Closes the connection; accepts NULL. */
void store_free(store *s);

/* Applies the pending migrations in order, each in its own transaction, recording them in the
 * migrations table. MAPO_ESCHEMA when the database is newer than this binary. */
int store_migrate(store *s, struct mapo_error *err);
/* The schema version the database is at (0 when empty; when a known migration below the highest
 * applied one is missing, the version before it, so that a migration is pending) and the newest
 * this binary knows. */
int store_schema_version(store *s, int *current, int *known, struct mapo_error *err);

/* Transactions nest by counting: only the outermost begin and commit touch the database, and a
 * rollback at any depth undoes the whole outermost transaction. */
int store_begin(store *s, struct mapo_error *err);
int store_commit(store *s, struct mapo_error *err);
void store_rollback(store *s);

/* Reference data. store_ref_replace writes the whole set of one kind (upserting and deleting
 * codes no longer listed; MAPO_EINVAL when a deleted code is still used). */
int store_ref_replace(store *s, enum ref_kind kind, const struct ref_item *items, size_t n,
	struct mapo_error *err);
/* Adds every item of every kind to rd. */
int store_ref_load(store *s, struct refdata *rd, struct mapo_error *err);

/* Cases. insert: MAPO_EEXIST when the reference is taken; sets c->id and c->version = 1.
 * update: the stored version must equal c->version (else MAPO_ECONFLICT, nothing written); sets
 * c->version to the new one. The related case must exist (MAPO_EINVAL). get and delete:
 * MAPO_ENOTFOUND. delete: also MAPO_ECONFLICT on a stale version (version 0 skips the check),
 * and removes the case's person roles. */
int store_case_insert(store *s, struct mapo_case *c, struct mapo_error *err);
int store_case_update(store *s, struct mapo_case *c, struct mapo_error *err);
int store_case_get(store *s, const char *ref, struct mapo_case *out, struct mapo_error *err);
int store_case_delete(store *s, const char *ref, int64_t version, struct mapo_error *err);
/* The next free sequence number for agency and year (1 when none). */
int store_case_next_seq(store *s, const char *agency, int year, long *seq, struct mapo_error *err);

enum case_sort { SORT_REF = 0, SORT_ACTION_DATE, SORT_ACTION_DATE_DESC, SORT_AGENCY, SORT_STATUS };

/* Which cases: every field is optional (0, NULL, DATE_NONE, STATUS_NONE or empty means any). */
struct case_filter {
	enum case_kind kind;
	const char *agency;
	const char *state;
	const char *form;
	enum case_status status;
	mapo_date from, to;        /* action date, both inclusive */
	const char *text;          /* substring of the reference or the summary, case-insensitive */
	enum case_sort sort;
	long long limit;           /* 0: no limit */
	long long offset;
	/* Reach, set by access_narrow_filter (core/access.h); 0/NULL/false: no restriction. */
	unsigned status_mask;      /* only statuses whose bit (1u << status) is set */
	const char *source_org;    /* only cases referred by this organisation (cases.source_org) */
	bool with_victims;         /* only cases where at least one person holds a victim role */
	bool match_none;           /* no case at all */
};
/* Sets every field to "any" (zero, NULL, DATE_NONE, STATUS_NONE, false). */
void case_filter_init(struct case_filter *f);

/* Calls cb for each matching case in sort order; cb returns non-zero to stop (that value is
 * returned). The case passed to cb is valid only during the call. */
typedef int (*case_cb)(const struct mapo_case *c, void *arg);
int store_case_list(store *s, const struct case_filter *f, case_cb cb, void *arg, struct mapo_error *err);
int store_case_count(store *s, const struct case_filter *f, long long *n, struct mapo_error *err);

/* Persons in cases. put: creates the person (by person_ref) or checks that the person fields
 * agree with the stored ones (MAPO_EINVAL naming the field when they differ), then adds the role
 * in the case, or replaces it when the person already holds that role there. The case must exist
 * (MAPO_ENOTFOUND). Sets p->id. */
int store_person_put(store *s, struct case_person *p, struct mapo_error *err);
/* Removes one role of a person in a case; MAPO_ENOTFOUND when absent. */
int store_person_remove(store *s, const char *case_ref, const char *person_ref, enum person_role role,
	struct mapo_error *err);
/* Calls cb for every role in case_ref (NULL: in every case), ordered by case reference, person
 * reference, role. */
typedef int (*person_cb)(const struct case_person *p, void *arg);
int store_person_list(store *s, const char *case_ref, person_cb cb, void *arg, struct mapo_error *err);

/* Statistics. The measures, for cases whose action date is in [from, to] and that pass the filter:
 *   tip_cases, som_cases          cases of each kind;
 *   tip_forced_labour_cases       TIP cases with FORM_FORCED_LABOUR among their forms;
 *   tip_arrests, som_arrests      suspect roles in those cases with an arrest date in [from, to];
 *   victims_rescued               victim roles in those cases with a rescue date in [from, to].
 * Grouped by up to TALLY_MAX_DIMS dimensions. Case dimensions (kind, agency, state, status,
 * month of action date) split every measure. "form" counts a case once under each of its forms.
 * Person dimensions (nationality, sex, age-group) split the person measures by the person, and
 * count a case under a group when at least one of its persons is in it. Age is the age at the
 * action date (from the birth date, else the recorded age): "child" under 18, "adult", "unknown".
 * Rows come sorted by their keys; a key absent in the data ("" for a case with no forms under
 * "form") is "". */
enum stat_dim {
	DIM_KIND = 0,
	DIM_AGENCY,
	DIM_STATE,
	DIM_FORM,
	DIM_NATIONALITY,
	DIM_SEX,
	DIM_AGE_GROUP,
	DIM_MONTH, /* YYYY-MM */
	DIM_STATUS,
	DIM__COUNT
};
#define TALLY_MAX_DIMS 4

struct tally_query {
	mapo_date from, to;
	struct case_filter filter; /* its from/to/sort/limit/text are ignored */
	enum stat_dim dims[TALLY_MAX_DIMS];
	size_t ndims;
};

struct tally_row {
	const char *keys[TALLY_MAX_DIMS]; /* valid during the callback */
	long long tip_cases, tip_arrests, tip_forced_labour_cases;
	long long som_cases, som_arrests, victims_rescued;
};

typedef int (*tally_cb)(const struct tally_row *row, void *arg);
int store_tally(store *s, const struct tally_query *q, tally_cb cb, void *arg, struct mapo_error *err);

/* Whether this database can hold an area of mapo ("council", "protection", "plan"): in this
 * version those three are kept on SQLite only, and their functions fail on PostgreSQL with "not
 * available on PostgreSQL in this version" (docs/internals/store.md). Other areas: true. */
bool store_supports(store *s, const char *area);

/* Bulk loading, for a writer of many new cases in one transaction (the demo): from here to the
 * end of the open transaction, store_case_insert and store_person_put may keep their rows and
 * write them in batches (on PostgreSQL, where a round trip per statement is what a load's time is
 * made of; nothing changes on SQLite). Every other store call, and the commit, sees the rows
 * written. A row the database itself refuses (an unknown code) fails the call that writes its
 * batch, not its own. MAPO_ESTORE when no transaction is open. */
int store_bulk_begin(store *s, struct mapo_error *err);

/* Test seam: the n-th write statement from now fails as a full disk would (0 turns it off). */
void store_fail_after(store *s, unsigned long n);

#endif
