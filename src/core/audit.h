/* The audit trail: who did what, when, from where. Append-only and hash-chained.
 *
 * Entries are numbered 1, 2, 3 ... without gaps. Each stores the hash of the entry before it
 * (prev_hash; 32 zero bytes before the first) and its own hash
 *     hash = BLAKE2b-256(prev_hash || canonical serialisation of at, user, address, action,
 *                        object_type, object_id, detail)
 * (hex in the store; serialisation in audit.c). audit_verify walks the chain in id order and
 * names the first entry that was edited (its hash does not match), removed (an id is missing) or
 * reordered (its prev_hash is not the hash of the entry before it). Anyone who can rewrite the
 * whole table can recompute the chain: the trail shows naive tampering, not a determined
 * administrator of the database (see docs/internals/audit.md).
 *
 * What to append: every sign-in, failed sign-in and sign-out (auth.c does it), every write,
 * every export and every view of a person's record (the faces do it). Actions are short
 * lowercase codes: "sign-in", "sign-in-failed", "sign-out", "case-create", "case-update",
 * "case-delete", "person-put", "person-remove", "person-view", "export", "import",
 * "user-create", "user-update", "user-unlock", "token-create", "token-revoke". */
#ifndef MAPO_AUDIT_H
#define MAPO_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "util/util.h"

typedef struct store store;

#define AUDIT_HASH_STRLEN 65 /* hex BLAKE2b-256 and its NUL */
#define AUDIT_FIELD_MAX 4096 /* longest stored detail; longer ones are cut at a UTF-8 boundary */

/* One entry. In results every string is owned by the entry (audit_entry_release). */
struct audit_entry {
	int64_t id;
	int64_t at;          /* Unix seconds, UTC */
	char *user;          /* username; "" for the command line or an anonymous visitor */
	char *address;       /* "" when unknown */
	char *action;
	char *object_type;   /* "case", "person", "user", "session", "" */
	char *object_id;     /* e.g. the case reference; "" */
	char *detail;        /* free text, e.g. the changed fields; "" */
	char prev_hash[AUDIT_HASH_STRLEN];
	char hash[AUDIT_HASH_STRLEN];
};

void audit_entry_init(struct audit_entry *e);
void audit_entry_release(struct audit_entry *e);

/* Appends an entry done by p (NULL: the command line) at auth_now(): user and address come from
 * p. NULL strings are "". Runs inside the caller's transaction when one is open, so that the
 * entry is written with (and only with) the change it records. Sets *id when not NULL. */
int audit_append(store *s, const struct principal *p, const char *action, const char *object_type,
	const char *object_id, const char *detail, int64_t *id, struct mapo_error *err);

/* The same with explicit user and address (for failed sign-ins, where there is no principal). */
int audit_append_as(store *s, const char *user, const char *address, const char *action,
	const char *object_type, const char *object_id, const char *detail, int64_t *id,
	struct mapo_error *err);

/* Appends to out the audit detail of a change of a case from before to after: the status as
 * "status: OLD -> NEW", then the names of the other fields that differ, "; " between them
 * ("status: investigation -> charged; summary"); nothing when none differ. */
void audit_case_changes(const struct mapo_case *before, const struct mapo_case *after, struct buf *out);

/* Computes the hex hash of e from e->prev_hash and its fields (not from e->hash or e->id). */
void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_STRLEN]);

/* Which entries; every field optional (NULL/0 means any). */
struct audit_filter {
	const char *user;
	const char *action;
	const char *object_type;
	const char *object_id;
	int64_t from, to;      /* at, Unix seconds, both inclusive; 0: open */
	bool newest_first;
	long long limit;       /* 0: no limit */
	long long offset;
};
void audit_filter_init(struct audit_filter *f);

/* Calls cb for each matching entry (valid only during the call); cb returns non-zero to stop. */
typedef int (*audit_cb)(const struct audit_entry *e, void *arg);
int audit_list(store *s, const struct audit_filter *f, audit_cb cb, void *arg, struct mapo_error *err);
int audit_count(store *s, const struct audit_filter *f, long long *n, struct mapo_error *err);

/* The outcome of a verification. */
enum audit_fault {
	AUDIT_OK = 0,
	AUDIT_EDITED,     /* bad_id's hash does not match its contents */
	AUDIT_REMOVED,    /* bad_id is missing (the next present entry follows) */
	AUDIT_REORDERED,  /* bad_id does not follow the entry before it */
};
struct audit_report {
	enum audit_fault fault;
	int64_t bad_id;     /* the first bad entry (0 when AUDIT_OK) */
	long long checked;  /* entries checked, all of them when AUDIT_OK */
	int64_t last_id;    /* the last entry's id (0 for an empty trail) */
	char last_hash[AUDIT_HASH_STRLEN];
};
/* Walks the whole chain. Returns 0 with the report filled in whether or not the chain is
 * intact (a store failure is an error); err is left alone for a fault: audit_fault_message
 * describes it. */
int audit_verify(store *s, struct audit_report *r, struct mapo_error *err);
/* A translated one-line description of r, e.g. "entry 12 was edited". */
void audit_fault_message(const struct audit_report *r, char *out, size_t size);

#endif
