/* The store interface for accounts, sessions, API tokens, sign-in throttling, the audit trail
 * and the case facts the access policy needs. Same conventions as store.h: 0 or a negative
 * enum mapo_err, err filled with a translated message, every write in a transaction (the
 * caller's when one is open). The core (auth.c, audit.c, access.c) is the only intended caller:
 * faces go through core/auth.h, core/audit.h and core/access.h. Implemented by sqlite_auth.c
 * (schema: migrations/0002_auth.sql). */
#ifndef MAPO_STORE_AUTH_H
#define MAPO_STORE_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/auth.h"
#include "store/store.h"

/* Users. insert: MAPO_EEXIST when the username is taken; sets u->id. update: writes every field
 * of the user with id u->id (MAPO_ENOTFOUND when none; MAPO_EEXIST when renamed onto a taken
 * name). get, get_id: MAPO_ENOTFOUND. list: ordered by username. */
int store_user_insert(store *s, struct user *u, struct mapo_error *err);
int store_user_update(store *s, const struct user *u, struct mapo_error *err);
int store_user_get(store *s, const char *username, struct user *out, struct mapo_error *err);
int store_user_get_id(store *s, int64_t id, struct user *out, struct mapo_error *err);
int store_user_list(store *s, user_cb cb, void *arg, struct mapo_error *err);
/* Counts users (all of them when role is ROLE_NONE). */
int store_user_count(store *s, enum user_role role, long long *n, struct mapo_error *err);

/* Sessions, keyed by the hash of their token. */
struct session_rec {
	char token_hash[AUTH_HASH_STRLEN];
	int64_t user_id;
	int64_t created_at;
	int64_t last_seen;
	char address[ADDRESS_MAX];
};
/* insert: MAPO_EEXIST when the hash is taken. get: MAPO_ENOTFOUND. touch: sets last_seen.
 * delete: MAPO_ENOTFOUND when absent. delete_user: every session of the user (none is fine).
 * purge: those idle since before idle_before or created before created_before. */
int store_session_insert(store *s, const struct session_rec *r, struct mapo_error *err);
int store_session_get(store *s, const char *token_hash, struct session_rec *out, struct mapo_error *err);
int store_session_touch(store *s, const char *token_hash, int64_t last_seen, struct mapo_error *err);
int store_session_delete(store *s, const char *token_hash, struct mapo_error *err);
int store_session_delete_user(store *s, int64_t user_id, struct mapo_error *err);
int store_session_purge(store *s, int64_t idle_before, int64_t created_before, struct mapo_error *err);

/* Long-lived API tokens (struct api_token, core/auth.h), keyed by the hash of their token.
 * insert: sets r->id. get: by hash, MAPO_ENOTFOUND. touch: sets last_used. delete: the token id
 * of user_id, or all of user_id's when id is 0; MAPO_ENOTFOUND when nothing was deleted.
 * list: user_id's tokens (all users' when 0) by id. */
int store_api_token_insert(store *s, struct api_token *r, struct mapo_error *err);
int store_api_token_get(store *s, const char *token_hash, struct api_token *out, struct mapo_error *err);
int store_api_token_touch(store *s, int64_t id, int64_t last_used, struct mapo_error *err);
int store_api_token_delete(store *s, int64_t user_id, int64_t id, struct mapo_error *err);
int store_api_token_list(store *s, int64_t user_id, api_token_cb cb, void *arg, struct mapo_error *err);

/* Sign-in failure counters and locks (struct auth_lock, core/auth.h), one per scope and key.
 * get: MAPO_ENOTFOUND. put: inserts or replaces. delete: MAPO_ENOTFOUND when absent.
 * list: locked ones first (latest lock end first), then by latest failure. */
int store_login_get(store *s, const char *scope, const char *key, struct auth_lock *out, struct mapo_error *err);
int store_login_put(store *s, const struct auth_lock *l, struct mapo_error *err);
int store_login_delete(store *s, const char *scope, const char *key, struct mapo_error *err);
int store_login_list(store *s, auth_lock_cb cb, void *arg, struct mapo_error *err);
/* Deletes the counters whose last failure is before before and whose lock (if any) has ended
 * by then. */
int store_login_purge(store *s, int64_t before, struct mapo_error *err);

/* The audit trail's rows. last: the newest entry's id and hash (0 and "" when empty). insert:
 * writes e as given, id included; MAPO_ECONFLICT when e->id is taken (another writer appended
 * first). list and count: as audit_list; an entry passed to cb is valid only during the call. */
int store_audit_last(store *s, int64_t *id, char hash[AUDIT_HASH_STRLEN], struct mapo_error *err);
int store_audit_insert(store *s, const struct audit_entry *e, struct mapo_error *err);
int store_audit_list(store *s, const struct audit_filter *f, audit_cb cb, void *arg, struct mapo_error *err);
int store_audit_count(store *s, const struct audit_filter *f, long long *n, struct mapo_error *err);

/* The case facts the access policy needs (cases.source_org, victims). set: org NULL or "" clears
 * it; MAPO_ENOTFOUND when the case does not exist. facts: *source_org is newly allocated (NULL
 * when none), the caller frees it. */
int store_case_set_source_org(store *s, const char *ref, const char *org, struct mapo_error *err);
int store_case_facts(store *s, const char *ref, char **source_org, bool *has_victims, struct mapo_error *err);

#endif
