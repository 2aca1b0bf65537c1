/* Accounts, passwords, sessions, API tokens and sign-in throttling.
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str). Session and API tokens are
 * 256-bit random strings (base64url); the store keeps only their BLAKE2b hash, so a copy of the
 * database yields no live session. A session ends after idle_timeout seconds without use or
 * absolute_timeout seconds after sign-in, whichever comes first. The CSRF token of a session is
 * derived from the session token (no storage) and compared in constant time.
 *
 * Throttling: failed sign-ins are counted per account and per address within failure_window
 * seconds; from the second failure on, the face should wait delay_ms before answering; at
 * account_max_failures (address_max_failures) the account (address) is locked for lock_duration
 * seconds. A successful sign-in clears the account's count. Admins list and clear locks.
 *
 * Every function that signs in, fails to, or signs out appends to the audit trail itself.
 * auth_init must have been called once (it is idempotent and thread-safe). */
#ifndef MAPO_AUTH_H
#define MAPO_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "util/util.h"

typedef struct store store;

#define DISPLAY_NAME_MAX 128
#define PASSWORD_HASH_MAX 128  /* crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_STRLEN 64   /* a token (base64url, optional "mapo_" prefix) and its NUL */
#define AUTH_HASH_STRLEN 65    /* hex BLAKE2b-256 and its NUL */
#define PASSWORD_MIN 8         /* bytes */
#define PASSWORD_MAX 1024

/* An account. Plain data. */
struct user {
	int64_t id;                           /* the store's; 0 until inserted */
	char username[USERNAME_MAX];          /* [A-Za-z0-9._@-], 1-63 bytes, unique */
	char display_name[DISPLAY_NAME_MAX];  /* "" when none */
	enum user_role role;
	char agency[CODE_MAX];                /* agency-officer: required; others: "" */
	char org[ORG_MAX];                    /* partner: required; others: "" */
	bool disabled;                        /* a disabled user cannot sign in; sessions end */
	bool identity_grant;                  /* secretariat: may see person identities */
	enum mapo_lang lang;                  /* preferred interface language */
	char password_hash[PASSWORD_HASH_MAX];/* argon2id string; "" = cannot sign in */
	int64_t created_at;                   /* Unix seconds */
};

void user_init(struct user *u);
/* Checks the username's shape, the role, and that agency/org are given exactly where the role
 * needs them (agency existence is the caller's to check against refdata). Appends to errs;
 * returns the number of errors. */
size_t user_validate(const struct user *u, struct field_errors *errs);
/* The principal acting as u from address (anonymous when u is NULL or disabled). */
void principal_from_user(struct principal *p, const struct user *u, const char *address);

/* Settings; auth_config_init sets the defaults given in brackets. */
struct auth_config {
	int64_t idle_timeout;       /* seconds [1800] */
	int64_t absolute_timeout;   /* seconds [43200] */
	int64_t failure_window;     /* seconds [900] */
	int64_t lock_duration;      /* seconds [900] */
	int account_max_failures;   /* [5] */
	int address_max_failures;   /* [20] */
};
void auth_config_init(struct auth_config *cfg);

/* Initialises libsodium once; 0, or MAPO_EIO when it cannot be (no randomness). */
int auth_init(void);

/* The clock every function here and the audit trail use: Unix seconds. Tests inject one; NULL
 * restores time(). Not for use while other threads run. */
void auth_set_clock(int64_t (*now)(void));
int64_t auth_now(void);

/* Passwords. hash: MAPO_EINVAL when the password is shorter than PASSWORD_MIN or longer than
 * PASSWORD_MAX bytes (err says which); out holds PASSWORD_HASH_MAX bytes. verify: constant time
 * in the password, false for an empty or malformed hash. */
int auth_password_hash(const char *password, char out[PASSWORD_HASH_MAX], struct mapo_error *err);
bool auth_password_verify(const char *hash, const char *password);

/* Fills out (AUTH_TOKEN_STRLEN bytes) with a fresh random token: 32 bytes as base64url (43
 * characters), after prefix ("" for none; at most 8 bytes). */
void auth_token_new(char out[AUTH_TOKEN_STRLEN], const char *prefix);
/* The hex BLAKE2b-256 of token, as the store keeps it. */
void auth_token_hash(const char *token, char out[AUTH_HASH_STRLEN]);

/* The result of a successful sign-in or session check. */
struct auth_session {
	char token[AUTH_TOKEN_STRLEN]; /* the session token: set by auth_sign_in only, else "" */
	char csrf[AUTH_TOKEN_STRLEN];  /* the session's CSRF token (sessions only; "" for API tokens) */
	struct user user;              /* password_hash cleared */
	int64_t expires_at;            /* when it ends if unused (min of idle and absolute end) */
	bool api_token;                /* authenticated by a long-lived API token */
};

/* Signs username in from address (text, for throttling and the audit trail; "" when unknown):
 * checks locks, the password and the account, then creates a new session (always a new token).
 * Returns 0 and fills out; MAPO_EDENIED with one message for an unknown user, a wrong password
 * and a disabled account alike; MAPO_EDENIED with a "locked" message while the account or the
 * address is locked (the password is then not checked). *delay_ms (when not NULL) is set on
 * every return to how long the face should wait before answering (0 when no recent failures). */
int auth_sign_in(store *s, const struct auth_config *cfg, const char *username, const char *password,
	const char *address, struct auth_session *out, unsigned *delay_ms, struct mapo_error *err);

/* Checks a session token (from a cookie or a Bearer header): 0 and fills out (token left "",
 * csrf set) and refreshes its idle time; MAPO_ENOTFOUND when unknown, expired (then deleted)
 * or its user is disabled. */
int auth_session_check(store *s, const struct auth_config *cfg, const char *token,
	struct auth_session *out, struct mapo_error *err);

/* Checks a Bearer token: a session token or an API token. Like auth_session_check; for an API
 * token out->api_token is true and out->csrf is "". */
int auth_bearer_check(store *s, const struct auth_config *cfg, const char *token,
	struct auth_session *out, struct mapo_error *err);

/* Ends the session server-side (audited as sign-out); 0 also when it did not exist. */
int auth_sign_out(store *s, const char *token, const char *address, struct mapo_error *err);

/* The CSRF token of a session, and the constant-time check of a submitted one (false for NULL
 * or empty). */
void auth_csrf_token(const char *session_token, char out[AUTH_TOKEN_STRLEN]);
bool auth_csrf_check(const char *session_token, const char *submitted);

/* Account management, each audited as done by actor (NULL: the command line, user "").
 * MAPO_EDENIED when actor is not NULL and may not manage users (access_may_manage_users); a
 * user may still change its own password and create and revoke its own API tokens.
 * create: validates u, hashes password into u and inserts (MAPO_EEXIST when the name is taken);
 * set_password: also ends the user's sessions; set_disabled(true) ends its sessions and API
 * tokens stay but stop working; set_role changes role, agency and org together (validated). */
int auth_user_create(store *s, const struct principal *actor, struct user *u, const char *password,
	struct mapo_error *err);
int auth_user_set_password(store *s, const struct principal *actor, const char *username,
	const char *password, struct mapo_error *err);
int auth_user_set_disabled(store *s, const struct principal *actor, const char *username, bool disabled,
	struct mapo_error *err);
int auth_user_set_role(store *s, const struct principal *actor, const char *username, enum user_role role,
	const char *agency, const char *org, struct mapo_error *err);

/* Reading accounts (password_hash is always cleared in results). get: MAPO_ENOTFOUND.
 * list: ordered by username. Reading others' accounts is for admins: the face checks
 * access_may_manage_users. */
typedef int (*user_cb)(const struct user *u, void *arg);
int auth_user_get(store *s, const char *username, struct user *out, struct mapo_error *err);
int auth_user_list(store *s, user_cb cb, void *arg, struct mapo_error *err);
/* Writes u's role, agency, org, display name, identity grant, language and disabled flag (not
 * the password; u->id or, when 0, u->username names the account) after user_validate
 * (MAPO_EINVAL). Admins only. Disabling ends the user's sessions. */
int auth_user_update(store *s, const struct principal *actor, const struct user *u, struct mapo_error *err);
/* The language switch: a user may set its own; admins anyone's. */
int auth_user_set_lang(store *s, const struct principal *actor, const char *username, enum mapo_lang lang,
	struct mapo_error *err);

/* API tokens. create: a new token for username with a label, returned in token (shown once;
 * only its hash is kept) and its id in *id. revoke: the token with that id of that user
 * (MAPO_ENOTFOUND otherwise); id 0 revokes all of the user's tokens. */
int auth_api_token_create(store *s, const struct principal *actor, const char *username,
	const char *label, char token[AUTH_TOKEN_STRLEN], int64_t *id, struct mapo_error *err);
int auth_api_token_revoke(store *s, const struct principal *actor, const char *username, int64_t id,
	struct mapo_error *err);
/* One API token as listed (never the token itself). */
#define API_TOKEN_LABEL_MAX 64
struct api_token {
	int64_t id;
	int64_t user_id;
	char token_hash[AUTH_HASH_STRLEN];
	char label[API_TOKEN_LABEL_MAX];
	int64_t created_at;
	int64_t last_used; /* 0: never */
};
typedef int (*api_token_cb)(const struct api_token *t, void *arg);
/* Lists username's tokens by id (same permission as create). */
int auth_api_token_list(store *s, const struct principal *actor, const char *username, api_token_cb cb,
	void *arg, struct mapo_error *err);

/* Locks. A lock is on an account ("user") or an address ("address"). */
struct auth_lock {
	char scope[8];            /* "user" or "address" */
	char key[USERNAME_MAX];   /* the username or the address */
	int failures;             /* within the current window */
	int64_t first_failure, last_failure;
	int64_t locked_until;     /* 0 when not locked */
};
/* Calls cb for every account and address with recent failures or a lock, locked ones first. */
typedef int (*auth_lock_cb)(const struct auth_lock *l, void *arg);
int auth_lock_list(store *s, auth_lock_cb cb, void *arg, struct mapo_error *err);
/* Is the account (or address) locked now? *until gets the end (0 when not locked). */
int auth_lock_state(store *s, const char *scope, const char *key, int64_t *until, struct mapo_error *err);
/* Clears the failures and the lock of an account (scope "user") or an address; audited.
 * MAPO_ENOTFOUND when there was nothing to clear. */
int auth_unlock(store *s, const struct principal *actor, const char *scope, const char *key,
	struct mapo_error *err);

#endif
