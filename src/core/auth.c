/* Accounts, passwords, sessions, API tokens and sign-in throttling (see auth.h for the rules). */
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "core/audit.h"
#include "store/store_auth.h"

/* Verified against when the username is unknown, so that a wrong name costs as long as a wrong
 * password and the timing does not tell which names exist. Its password is random and lost. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$X8W4yGCBfhsFszF44dJ/Lg$SEWFuwErYkvVKMCTu9fgK88ne/Bi2wEDliMEQDobTVU";

static int64_t (*clock_fn)(void);

void auth_set_clock(int64_t (*now)(void)) { clock_fn = now; }

int64_t auth_now(void) { return clock_fn ? clock_fn() : (int64_t)time(NULL); }

int auth_init(void)
{
	static atomic_int ready;
	if (atomic_load(&ready))
		return 0;
	if (sodium_init() < 0)
		return MAPO_EIO;
	atomic_store(&ready, 1);
	return 0;
}

void auth_config_init(struct auth_config *cfg)
{
	cfg->idle_timeout = 30 * 60;
	cfg->absolute_timeout = 12 * 60 * 60;
	cfg->failure_window = 15 * 60;
	cfg->lock_duration = 15 * 60;
	cfg->account_max_failures = 5;
	cfg->address_max_failures = 20;
}

/* Accounts */

void user_init(struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->role = ROLE_NONE;
	u->lang = LANG_MS;
}

static bool username_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= USERNAME_MAX)
		return false;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
			    || *c == '.' || *c == '_' || *c == '-' || *c == '@'))
			return false;
	return true;
}

size_t user_validate(const struct user *u, struct field_errors *errs)
{
	size_t before = errs->n;
	if (!username_ok(u->username))
		field_errors_add(errs, "username",
			_("username '%s': use 1 to 63 letters, digits and . _ - @"), u->username);
	if (u->role < 0 || u->role >= ROLE__COUNT) {
		field_errors_add(errs, "role", "%s",
			_("unknown role; use admin, secretariat, agency-officer, prosecutor, protection-officer or partner"));
	} else {
		if (u->role == ROLE_AGENCY_OFFICER && !u->agency[0])
			field_errors_add(errs, "agency", "%s", _("an agency officer needs an agency"));
		if (u->role != ROLE_AGENCY_OFFICER && u->agency[0])
			field_errors_add(errs, "agency", _("role '%s' takes no agency"), user_role_code(u->role));
		if (u->role == ROLE_PARTNER && !u->org[0])
			field_errors_add(errs, "org", "%s", _("a partner needs an organisation"));
		if (u->role != ROLE_PARTNER && u->org[0])
			field_errors_add(errs, "org", _("role '%s' takes no organisation"), user_role_code(u->role));
		if (u->role != ROLE_SECRETARIAT && u->identity_grant)
			field_errors_add(errs, "identity_grant", "%s",
				_("only the secretariat holds an identity grant"));
	}
	if (!utf8_valid(u->display_name, strlen(u->display_name)))
		field_errors_add(errs, "display_name", "%s", _("the display name is not valid UTF-8"));
	if (!utf8_valid(u->org, strlen(u->org)))
		field_errors_add(errs, "org", "%s", _("the organisation is not valid UTF-8"));
	return errs->n - before;
}

void principal_from_user(struct principal *p, const struct user *u, const char *address)
{
	principal_init_anonymous(p, address);
	if (!u || u->disabled || u->role < 0 || u->role >= ROLE__COUNT)
		return;
	p->user_id = u->id;
	snprintf(p->username, sizeof(p->username), "%s", u->username);
	p->role = u->role;
	snprintf(p->agency, sizeof(p->agency), "%s", u->agency);
	snprintf(p->org, sizeof(p->org), "%s", u->org);
	p->identity_grant = u->role == ROLE_SECRETARIAT && u->identity_grant;
}

/* Passwords and tokens */

int auth_password_hash(const char *password, char out[PASSWORD_HASH_MAX], struct mapo_error *err)
{
	size_t n = strlen(password);
	if (n < PASSWORD_MIN)
		return mapo_error_set(err, MAPO_EINVAL, _("the password is too short: use at least %d characters"),
			PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return mapo_error_set(err, MAPO_EINVAL, _("the password is too long: use at most %d characters"),
			PASSWORD_MAX);
	if (auth_init())
		return mapo_error_set(err, MAPO_EIO, "%s", _("the system's random number generator is not available"));
	if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return mapo_error_set(err, MAPO_EIO, "%s", _("out of memory while hashing the password"));
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash || !password || auth_init())
		return false;
	if (!memchr(hash, '\0', PASSWORD_HASH_MAX))
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_token_new(char out[AUTH_TOKEN_STRLEN], const char *prefix)
{
	unsigned char raw[32];
	size_t plen = prefix ? strnlen(prefix, 8) : 0;
	auth_init();
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, prefix ? prefix : "", plen);
	sodium_bin2base64(out + plen, AUTH_TOKEN_STRLEN - plen, raw, sizeof(raw),
		sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void auth_token_hash(const char *token, char out[AUTH_HASH_STRLEN])
{
	unsigned char h[32];
	auth_init();
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_STRLEN, h, sizeof(h));
}

/* A token as it may arrive from outside: non-empty and short enough to be one of ours. */
static bool token_shape_ok(const char *token)
{
	return token && *token && strnlen(token, AUTH_TOKEN_STRLEN) < AUTH_TOKEN_STRLEN;
}

void auth_csrf_token(const char *session_token, char out[AUTH_TOKEN_STRLEN])
{
	static const char domain[] = "mapo csrf v1";
	unsigned char h[32];
	crypto_generichash_state st;
	auth_init();
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof(domain));
	crypto_generichash_update(&st, (const unsigned char *)session_token, strlen(session_token));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2base64(out, AUTH_TOKEN_STRLEN, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool auth_csrf_check(const char *session_token, const char *submitted)
{
	if (!token_shape_ok(session_token) || !submitted || !*submitted)
		return false;
	char want[AUTH_TOKEN_STRLEN];
	auth_csrf_token(session_token, want);
	size_t n = strlen(want);
	if (strnlen(submitted, n + 1) != n)
		return false;
	return sodium_memcmp(want, submitted, n) == 0;
}

/* Throttling */

static int lock_read(store *s, const char *scope, const char *key, struct auth_lock *l, struct mapo_error *err)
{
	int rc = store_login_get(s, scope, key, l, err);
	if (rc == MAPO_ENOTFOUND) {
		memset(l, 0, sizeof(*l));
		snprintf(l->scope, sizeof(l->scope), "%s", scope);
		snprintf(l->key, sizeof(l->key), "%s", key);
		mapo_error_clear(err);
		rc = 0;
	}
	return rc;
}

/* The failures that still count at now: none once the window or the lock has passed. */
static int live_failures(const struct auth_lock *l, const struct auth_config *cfg, int64_t now)
{
	if (l->locked_until && l->locked_until <= now)
		return 0;
	if (!l->locked_until && now - l->first_failure >= cfg->failure_window)
		return 0;
	return l->failures;
}

static int record_failure(store *s, const struct auth_config *cfg, const char *scope, const char *key,
	int max, int *failures, struct mapo_error *err)
{
	struct auth_lock l;
	int64_t now = auth_now();
	int rc = lock_read(s, scope, key, &l, err);
	if (rc)
		return rc;
	if (live_failures(&l, cfg, now) == 0) {
		l.failures = 0;
		l.first_failure = now;
		l.locked_until = 0;
	}
	l.failures++;
	l.last_failure = now;
	if (l.failures >= max && !l.locked_until)
		l.locked_until = now + cfg->lock_duration;
	*failures = l.failures;
	return store_login_put(s, &l, err);
}

/* How long to hold back an answer after failures recent failures: nothing for the first, then
 * doubling from a quarter second up to four seconds. */
static unsigned failure_delay(int failures)
{
	if (failures < 2)
		return 0;
	int shift = failures - 2 > 4 ? 4 : failures - 2;
	return 250u << shift;
}

int auth_lock_state(store *s, const char *scope, const char *key, int64_t *until, struct mapo_error *err)
{
	struct auth_lock l;
	int rc = lock_read(s, scope, key, &l, err);
	if (rc)
		return rc;
	*until = l.locked_until > auth_now() ? l.locked_until : 0;
	return 0;
}

int auth_lock_list(store *s, auth_lock_cb cb, void *arg, struct mapo_error *err)
{
	return store_login_list(s, cb, arg, err);
}

static bool scope_ok(const char *scope)
{
	return scope && (!strcmp(scope, "user") || !strcmp(scope, "address"));
}

static int need_admin(const struct principal *actor, struct mapo_error *err)
{
	if (actor && !access_may_manage_users(actor))
		return mapo_error_set(err, MAPO_EDENIED, "%s", _("only an administrator may manage accounts"));
	return 0;
}

static bool is_self(const struct principal *actor, const char *username)
{
	return actor && actor->user_id && !strcmp(actor->username, username);
}

int auth_unlock(store *s, const struct principal *actor, const char *scope, const char *key,
	struct mapo_error *err)
{
	int rc = need_admin(actor, err);
	if (rc)
		return rc;
	if (!scope_ok(scope))
		return mapo_error_set(err, MAPO_EINVAL, _("unknown lock scope '%s'; use user or address"),
			scope ? scope : "");
	if ((rc = store_begin(s, err)))
		return rc;
	rc = store_login_delete(s, scope, key, err);
	if (rc == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("'%s' is not locked and has no failed sign-ins"), key);
	if (!rc)
		rc = audit_append(s, actor, "user-unlock", scope, key, NULL, NULL, err);
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	return rc;
}

/* Sessions */

static void session_fill(struct auth_session *out, const struct user *u)
{
	memset(out, 0, sizeof(*out));
	out->user = *u;
	sodium_memzero(out->user.password_hash, sizeof(out->user.password_hash));
}

static int denied(struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EDENIED, "%s", _("unknown username or wrong password"));
}

static int fail_sign_in(store *s, const struct auth_config *cfg, const char *username, const char *address,
	const char *why, unsigned *delay_ms, struct mapo_error *err)
{
	int fu = 0, fa = 0;
	int64_t horizon = cfg->failure_window > cfg->lock_duration ? cfg->failure_window : cfg->lock_duration;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	/* counters for names nobody holds would otherwise pile up */
	rc = store_login_purge(s, auth_now() - horizon, err);
	if (!rc)
		rc = record_failure(s, cfg, "user", username, cfg->account_max_failures, &fu, err);
	if (!rc && *address)
		rc = record_failure(s, cfg, "address", address, cfg->address_max_failures, &fa, err);
	if (!rc)
		rc = audit_append_as(s, username, address, "sign-in-failed", "user", username, why, NULL, err);
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	if (rc)
		return rc;
	if (delay_ms)
		*delay_ms = failure_delay(fu > fa ? fu : fa);
	return denied(err);
}

int auth_sign_in(store *s, const struct auth_config *cfg, const char *username, const char *password,
	const char *address, struct auth_session *out, unsigned *delay_ms, struct mapo_error *err)
{
	struct user u;
	struct auth_lock lu, la;
	int64_t now = auth_now();
	int rc;

	if (delay_ms)
		*delay_ms = 0;
	if (!address)
		address = "";
	if (!username || !password || !*username || strlen(username) >= USERNAME_MAX
		|| strlen(address) >= ADDRESS_MAX || strlen(password) > PASSWORD_MAX)
		return denied(err);
	if (auth_init())
		return mapo_error_set(err, MAPO_EIO, "%s", _("the system's random number generator is not available"));

	if ((rc = lock_read(s, "user", username, &lu, err)))
		return rc;
	memset(&la, 0, sizeof(la));
	if (*address && (rc = lock_read(s, "address", address, &la, err)))
		return rc;
	if (lu.locked_until > now || la.locked_until > now) {
		if (delay_ms)
			*delay_ms = failure_delay(lu.failures > la.failures ? lu.failures : la.failures);
		rc = audit_append_as(s, username, address, "sign-in-failed", "user", username,
			lu.locked_until > now ? "account locked" : "address locked", NULL, err);
		if (rc)
			return rc;
		return mapo_error_set(err, MAPO_EDENIED, "%s",
			_("too many failed sign-ins: try again later or ask an administrator to unlock the account"));
	}

	user_init(&u);
	rc = store_user_get(s, username, &u, err);
	if (rc && rc != MAPO_ENOTFOUND)
		return rc;
	bool known = rc == 0;
	/* Always run the hash, so that an unknown name costs as long as a wrong password. */
	bool ok = auth_password_verify(known && u.password_hash[0] ? u.password_hash : dummy_hash, password);
	if (!known || !ok || u.disabled) {
		const char *why = !known ? "unknown user" : !ok ? "wrong password" : "account disabled";
		rc = fail_sign_in(s, cfg, username, address, why, delay_ms, err);
		goto out;
	}

	session_fill(out, &u);
	auth_token_new(out->token, "");
	auth_csrf_token(out->token, out->csrf);
	struct session_rec rec;
	memset(&rec, 0, sizeof(rec));
	auth_token_hash(out->token, rec.token_hash);
	rec.user_id = u.id;
	rec.created_at = rec.last_seen = now;
	snprintf(rec.address, sizeof(rec.address), "%s", address);
	out->expires_at = now + (cfg->idle_timeout < cfg->absolute_timeout ? cfg->idle_timeout : cfg->absolute_timeout);

	char hash[PASSWORD_HASH_MAX];
	bool rehash = crypto_pwhash_str_needs_rehash(u.password_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 && !auth_password_hash(password, hash, NULL);

	if ((rc = store_begin(s, err)))
		goto out;
	rc = store_session_purge(s, now - cfg->idle_timeout, now - cfg->absolute_timeout, err);
	if (!rc)
		rc = store_session_insert(s, &rec, err);
	if (!rc) {
		/* a success clears the account's count, never the address's: one good account must not
		 * let an address keep guessing others */
		rc = store_login_delete(s, "user", username, err);
		if (rc == MAPO_ENOTFOUND)
			rc = 0;
	}
	if (!rc && rehash) {
		memcpy(u.password_hash, hash, sizeof(hash));
		rc = store_user_update(s, &u, err);
	}
	if (!rc)
		rc = audit_append_as(s, username, address, "sign-in", "user", username, NULL, NULL, err);
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	if (rc)
		memset(out, 0, sizeof(*out));
out:
	sodium_memzero(&u, sizeof(u));
	return rc;
}

static int session_ended(struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_ENOTFOUND, "%s", _("the session has ended: sign in again"));
}

/* Loads the user behind a session or token into out; a missing or disabled user ends it. */
static int load_user(store *s, int64_t user_id, struct auth_session *out, struct mapo_error *err)
{
	struct user u;
	user_init(&u);
	int rc = store_user_get_id(s, user_id, &u, err);
	if (rc == MAPO_ENOTFOUND || (!rc && u.disabled))
		rc = session_ended(err);
	if (!rc)
		session_fill(out, &u);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

int auth_session_check(store *s, const struct auth_config *cfg, const char *token,
	struct auth_session *out, struct mapo_error *err)
{
	struct session_rec rec;
	char hash[AUTH_HASH_STRLEN];
	int64_t now = auth_now();

	if (!token_shape_ok(token))
		return session_ended(err);
	auth_token_hash(token, hash);
	int rc = store_session_get(s, hash, &rec, err);
	if (rc == MAPO_ENOTFOUND)
		return session_ended(err);
	if (rc)
		return rc;
	if (now - rec.last_seen >= cfg->idle_timeout || now - rec.created_at >= cfg->absolute_timeout) {
		rc = store_session_delete(s, hash, err);
		if (rc && rc != MAPO_ENOTFOUND)
			return rc;
		return session_ended(err);
	}
	if ((rc = load_user(s, rec.user_id, out, err)))
		return rc;
	if (now > rec.last_seen && (rc = store_session_touch(s, hash, now, err)))
		return rc;
	auth_csrf_token(token, out->csrf);
	int64_t idle_end = now + cfg->idle_timeout, abs_end = rec.created_at + cfg->absolute_timeout;
	out->expires_at = idle_end < abs_end ? idle_end : abs_end;
	return 0;
}

int auth_bearer_check(store *s, const struct auth_config *cfg, const char *token,
	struct auth_session *out, struct mapo_error *err)
{
	int rc = auth_session_check(s, cfg, token, out, err);
	if (rc != MAPO_ENOTFOUND)
		return rc;
	char hash[AUTH_HASH_STRLEN];
	struct api_token t;
	auth_token_hash(token, hash);
	rc = store_api_token_get(s, hash, &t, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, "%s", _("unknown or revoked token"));
	if (rc)
		return rc;
	if ((rc = load_user(s, t.user_id, out, err)))
		return rc;
	out->api_token = true;
	int64_t now = auth_now();
	/* a minute's precision is enough to see which tokens are still used */
	if (now - t.last_used >= 60)
		rc = store_api_token_touch(s, t.id, now, err);
	return rc;
}

int auth_sign_out(store *s, const char *token, const char *address, struct mapo_error *err)
{
	struct session_rec rec;
	struct user u;
	char hash[AUTH_HASH_STRLEN];
	if (!token_shape_ok(token))
		return 0;
	auth_token_hash(token, hash);
	int rc = store_session_get(s, hash, &rec, err);
	if (rc == MAPO_ENOTFOUND) {
		mapo_error_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	user_init(&u);
	if ((rc = store_user_get_id(s, rec.user_id, &u, err)) && rc != MAPO_ENOTFOUND)
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	rc = store_session_delete(s, hash, err);
	if (rc == MAPO_ENOTFOUND)
		rc = 0;
	if (!rc)
		rc = audit_append_as(s, u.username, address, "sign-out", "user", u.username, NULL, NULL, err);
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

/* Account management */

static int first_error(struct field_errors *fe, struct mapo_error *err)
{
	int rc = mapo_error_set(err, MAPO_EINVAL, "%s", fe->v[0].msg); /* each message names its field */
	field_errors_release(fe);
	return rc;
}

static int validate(const struct user *u, struct mapo_error *err)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	if (user_validate(u, &fe))
		return first_error(&fe, err);
	field_errors_release(&fe);
	return 0;
}

static void describe(struct buf *b, const struct user *u)
{
	buf_printf(b, "role=%s", user_role_code(u->role));
	if (u->agency[0])
		buf_printf(b, " agency=%s", u->agency);
	if (u->org[0])
		buf_printf(b, " org=%s", u->org);
	if (u->identity_grant)
		buf_addstr(b, " identity-grant");
	if (u->disabled)
		buf_addstr(b, " disabled");
	buf_printf(b, " lang=%s", i18n_lang_code(u->lang));
}

/* Writes u and appends the audit entry in one transaction; ends sessions when asked. */
static int write_user(store *s, const struct principal *actor, struct user *u, bool insert,
	bool end_sessions, const char *action, const char *detail, struct mapo_error *err)
{
	struct buf b = BUF_INIT;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	rc = insert ? store_user_insert(s, u, err) : store_user_update(s, u, err);
	if (!rc && end_sessions)
		rc = store_session_delete_user(s, u->id, err);
	if (!rc) {
		if (detail)
			buf_addstr(&b, detail);
		else
			describe(&b, u);
		rc = audit_append(s, actor, action, "user", u->username, buf_str(&b), NULL, err);
	}
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	buf_release(&b);
	return rc;
}

static int get_user(store *s, const char *username, struct user *u, struct mapo_error *err)
{
	user_init(u);
	int rc = store_user_get(s, username ? username : "", u, err);
	if (rc == MAPO_ENOTFOUND)
		mapo_error_set(err, rc, _("no user '%s'"), username ? username : "");
	return rc;
}

int auth_user_create(store *s, const struct principal *actor, struct user *u, const char *password,
	struct mapo_error *err)
{
	int rc = need_admin(actor, err);
	if (rc || (rc = validate(u, err)))
		return rc;
	if ((rc = auth_password_hash(password, u->password_hash, err)))
		return rc;
	u->created_at = auth_now();
	rc = write_user(s, actor, u, true, false, "user-create", NULL, err);
	if (rc == MAPO_EEXIST)
		mapo_error_set(err, rc, _("user '%s' exists already"), u->username);
	sodium_memzero(u->password_hash, sizeof(u->password_hash));
	return rc;
}

int auth_user_set_password(store *s, const struct principal *actor, const char *username,
	const char *password, struct mapo_error *err)
{
	struct user u;
	int rc = is_self(actor, username) ? 0 : need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	if (!(rc = auth_password_hash(password, u.password_hash, err)))
		rc = write_user(s, actor, &u, false, true, "user-update", "password changed", err);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

int auth_user_set_disabled(store *s, const struct principal *actor, const char *username, bool disabled,
	struct mapo_error *err)
{
	struct user u;
	int rc = need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	u.disabled = disabled;
	rc = write_user(s, actor, &u, false, disabled, "user-update", disabled ? "disabled" : "enabled", err);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

int auth_user_set_role(store *s, const struct principal *actor, const char *username, enum user_role role,
	const char *agency, const char *org, struct mapo_error *err)
{
	struct user u;
	int rc = need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	u.role = role;
	snprintf(u.agency, sizeof(u.agency), "%s", agency ? agency : "");
	snprintf(u.org, sizeof(u.org), "%s", org ? org : "");
	if (role != ROLE_SECRETARIAT)
		u.identity_grant = false;
	if (!(rc = validate(&u, err)))
		rc = write_user(s, actor, &u, false, true, "user-update", NULL, err);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

int auth_user_get(store *s, const char *username, struct user *out, struct mapo_error *err)
{
	int rc = get_user(s, username, out, err);
	sodium_memzero(out->password_hash, sizeof(out->password_hash));
	return rc;
}

struct list_ctx {
	user_cb cb;
	void *arg;
};

static int list_one(const struct user *u, void *arg)
{
	struct list_ctx *ctx = arg;
	struct user copy = *u;
	sodium_memzero(copy.password_hash, sizeof(copy.password_hash));
	return ctx->cb(&copy, ctx->arg);
}

int auth_user_list(store *s, user_cb cb, void *arg, struct mapo_error *err)
{
	struct list_ctx ctx = {cb, arg};
	return store_user_list(s, list_one, &ctx, err);
}

int auth_user_update(store *s, const struct principal *actor, const struct user *u, struct mapo_error *err)
{
	struct user cur;
	int rc = need_admin(actor, err);
	if (rc || (rc = validate(u, err)))
		return rc;
	user_init(&cur);
	rc = u->id ? store_user_get_id(s, u->id, &cur, err) : store_user_get(s, u->username, &cur, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no user '%s'"), u->username);
	if (rc)
		return rc;
	bool end_sessions = u->disabled && !cur.disabled;
	snprintf(cur.username, sizeof(cur.username), "%s", u->username);
	snprintf(cur.display_name, sizeof(cur.display_name), "%s", u->display_name);
	cur.role = u->role;
	snprintf(cur.agency, sizeof(cur.agency), "%s", u->agency);
	snprintf(cur.org, sizeof(cur.org), "%s", u->org);
	cur.identity_grant = u->identity_grant;
	cur.lang = u->lang;
	cur.disabled = u->disabled;
	rc = write_user(s, actor, &cur, false, end_sessions, "user-update", NULL, err);
	if (rc == MAPO_EEXIST)
		mapo_error_set(err, rc, _("user '%s' exists already"), u->username);
	sodium_memzero(&cur, sizeof(cur));
	return rc;
}

int auth_user_set_lang(store *s, const struct principal *actor, const char *username, enum mapo_lang lang,
	struct mapo_error *err)
{
	struct user u;
	int rc = is_self(actor, username) ? 0 : need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	u.lang = lang;
	char detail[16];
	snprintf(detail, sizeof(detail), "lang=%s", i18n_lang_code(lang));
	rc = write_user(s, actor, &u, false, false, "user-update", detail, err);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

/* API tokens */

int auth_api_token_create(store *s, const struct principal *actor, const char *username,
	const char *label, char token[AUTH_TOKEN_STRLEN], int64_t *id, struct mapo_error *err)
{
	struct user u;
	struct api_token t;
	int rc = is_self(actor, username) ? 0 : need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	if (label && strlen(label) >= API_TOKEN_LABEL_MAX)
		return mapo_error_set(err, MAPO_EINVAL, _("the label is too long: use at most %d bytes"),
			API_TOKEN_LABEL_MAX - 1);
	if (label && !utf8_valid(label, strlen(label)))
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("the label is not valid UTF-8"));
	memset(&t, 0, sizeof(t));
	auth_token_new(token, "mapo_");
	auth_token_hash(token, t.token_hash);
	t.user_id = u.id;
	snprintf(t.label, sizeof(t.label), "%s", label ? label : "");
	t.created_at = auth_now();
	if ((rc = store_begin(s, err)))
		goto out;
	rc = store_api_token_insert(s, &t, err);
	if (!rc) {
		char detail[32];
		snprintf(detail, sizeof(detail), "token %lld", (long long)t.id);
		rc = audit_append(s, actor, "token-create", "user", u.username, detail, NULL, err);
	}
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	if (!rc && id)
		*id = t.id;
out:
	if (rc)
		sodium_memzero(token, AUTH_TOKEN_STRLEN);
	return rc;
}

int auth_api_token_revoke(store *s, const struct principal *actor, const char *username, int64_t id,
	struct mapo_error *err)
{
	struct user u;
	int rc = is_self(actor, username) ? 0 : need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	rc = store_api_token_delete(s, u.id, id, err);
	if (rc == MAPO_ENOTFOUND) {
		if (id)
			mapo_error_set(err, rc, _("user '%s' has no token %lld"), username, (long long)id);
		else
			mapo_error_set(err, rc, _("user '%s' has no tokens"), username);
	}
	if (!rc) {
		char detail[32];
		if (id)
			snprintf(detail, sizeof(detail), "token %lld", (long long)id);
		else
			snprintf(detail, sizeof(detail), "all tokens");
		rc = audit_append(s, actor, "token-revoke", "user", u.username, detail, NULL, err);
	}
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	return rc;
}

int auth_api_token_list(store *s, const struct principal *actor, const char *username, api_token_cb cb,
	void *arg, struct mapo_error *err)
{
	struct user u;
	int rc = is_self(actor, username) ? 0 : need_admin(actor, err);
	if (rc || (rc = get_user(s, username, &u, err)))
		return rc;
	return store_api_token_list(s, u.id, cb, arg, err);
}
