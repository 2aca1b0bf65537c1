/* Tests of src/core/auth.c over a real store: password hashing, sessions and their expiry (on
 * an injected clock), CSRF tokens, API tokens, lockout per account and per address, and the
 * account functions' permissions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth_fixture.h"
#include "core/audit.h"
#include "core/auth.h"
#include "store/store_auth.h"

static const char good_pw[] = "correct horse battery";

static void test_password_hash(void **state)
{
	(void)state;
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	struct mapo_error err;
	assert_int_equal(auth_init(), 0);
	assert_ok(auth_password_hash(good_pw, h1, &err));
	assert_ok(auth_password_hash(good_pw, h2, &err));
	assert_true(!strncmp(h1, "$argon2id$", 10));
	assert_string_not_equal(h1, h2); /* salted */
	assert_true(auth_password_verify(h1, good_pw));
	assert_true(auth_password_verify(h2, good_pw));
	assert_false(auth_password_verify(h1, "correct horse battery "));
	assert_false(auth_password_verify(h1, ""));
	assert_false(auth_password_verify("", good_pw));
	assert_false(auth_password_verify("$argon2id$garbage", good_pw));
	assert_false(auth_password_verify(NULL, good_pw));
	assert_int_equal(auth_password_hash("short", h1, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "short"));
	char *long_pw = calloc(PASSWORD_MAX + 2, 1);
	memset(long_pw, 'x', PASSWORD_MAX + 1);
	assert_int_equal(auth_password_hash(long_pw, h1, &err), MAPO_EINVAL);
	free(long_pw);
}

static bool base64url_only(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'
			    || *s == '_'))
			return false;
	return true;
}

static void test_tokens(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_STRLEN], b[AUTH_TOKEN_STRLEN], ha[AUTH_HASH_STRLEN], hb[AUTH_HASH_STRLEN];
	auth_token_new(a, "");
	auth_token_new(b, "");
	assert_int_equal(strlen(a), 43); /* 256 bits */
	assert_true(base64url_only(a));
	assert_string_not_equal(a, b);
	auth_token_hash(a, ha);
	auth_token_hash(b, hb);
	assert_int_equal(strlen(ha), 64);
	assert_string_not_equal(ha, hb);
	auth_token_hash(a, hb);
	assert_string_equal(ha, hb);
	auth_token_new(a, "mapo_");
	assert_int_equal(strlen(a), 48);
	assert_true(!strncmp(a, "mapo_", 5));
}

static void test_csrf(void **state)
{
	(void)state;
	char s1[AUTH_TOKEN_STRLEN], s2[AUTH_TOKEN_STRLEN], c1[AUTH_TOKEN_STRLEN], c2[AUTH_TOKEN_STRLEN];
	auth_token_new(s1, "");
	auth_token_new(s2, "");
	auth_csrf_token(s1, c1);
	auth_csrf_token(s2, c2);
	assert_string_not_equal(c1, c2);
	assert_string_not_equal(c1, s1);
	assert_true(auth_csrf_check(s1, c1));
	assert_false(auth_csrf_check(s1, c2));
	assert_false(auth_csrf_check(s2, c1));
	assert_false(auth_csrf_check(s1, ""));
	assert_false(auth_csrf_check(s1, NULL));
	assert_false(auth_csrf_check("", c1));
	char cut[AUTH_TOKEN_STRLEN];
	snprintf(cut, sizeof(cut), "%.*s", (int)strlen(c1) - 1, c1);
	assert_false(auth_csrf_check(s1, cut));
	char longer[AUTH_TOKEN_STRLEN + 2];
	snprintf(longer, sizeof(longer), "%sA", c1);
	assert_false(auth_csrf_check(s1, longer));
}

static void test_user_validation(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct user u;
	struct mapo_error err;

	user_init(&u);
	snprintf(u.username, sizeof(u.username), "officer1");
	u.role = ROLE_AGENCY_OFFICER;
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "agency"));
	snprintf(u.agency, sizeof(u.agency), "NOPE");
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL); /* unknown agency */
	snprintf(u.agency, sizeof(u.agency), "PDRM");
	assert_int_equal(auth_user_create(fx->st, NULL, &u, "short", &err), MAPO_EINVAL);
	assert_ok(auth_user_create(fx->st, NULL, &u, good_pw, &err));
	assert_true(u.id > 0);
	assert_string_equal(u.password_hash, ""); /* not left behind in the caller's struct */
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EEXIST);

	user_init(&u);
	snprintf(u.username, sizeof(u.username), "ngo");
	u.role = ROLE_PARTNER;
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL);
	snprintf(u.org, sizeof(u.org), "NGO Alpha");
	snprintf(u.agency, sizeof(u.agency), "PDRM");
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL);
	u.agency[0] = '\0';
	u.identity_grant = true;
	assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL);
	u.identity_grant = false;
	assert_ok(auth_user_create(fx->st, NULL, &u, good_pw, &err));

	const char *bad_names[] = {"", "has space", "semi;colon", "quote'", "ünï"};
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		user_init(&u);
		snprintf(u.username, sizeof(u.username), "%s", bad_names[i]);
		u.role = ROLE_ADMIN;
		assert_int_equal(auth_user_create(fx->st, NULL, &u, good_pw, &err), MAPO_EINVAL);
	}

	/* the stored hash is argon2id, never the password */
	char *stored = fixture_query(fx, "SELECT password_hash FROM users WHERE username = 'ngo'");
	assert_true(!strncmp(stored, "$argon2id$", 10));
	assert_null(strstr(stored, good_pw));
	free(stored);

	/* reading an account never hands out its hash */
	assert_ok(auth_user_get(fx->st, "ngo", &u, &err));
	assert_string_equal(u.password_hash, "");
	assert_string_equal(u.org, "NGO Alpha");
	assert_int_equal(auth_user_get(fx->st, "nobody", &u, &err), MAPO_ENOTFOUND);
	fixture_free(fx);
}

static void test_sign_in_and_sessions(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct auth_config cfg;
	struct auth_session s1, s2, chk;
	struct mapo_error err;
	unsigned delay;

	auth_config_init(&cfg);
	assert_int_equal(cfg.idle_timeout, 1800);
	assert_int_equal(cfg.absolute_timeout, 43200);
	fixture_user(fx, "amina", ROLE_AGENCY_OFFICER, "PDRM", NULL, good_pw);

	assert_ok(auth_sign_in(fx->st, &cfg, "amina", good_pw, "192.0.2.7", &s1, &delay, &err));
	assert_int_equal(delay, 0);
	assert_int_equal(strlen(s1.token), 43);
	assert_string_equal(s1.user.username, "amina");
	assert_int_equal(s1.user.role, ROLE_AGENCY_OFFICER);
	assert_string_equal(s1.user.password_hash, "");
	assert_true(auth_csrf_check(s1.token, s1.csrf));

	/* a new session id at every sign-in */
	assert_ok(auth_sign_in(fx->st, &cfg, "amina", good_pw, "192.0.2.7", &s2, &delay, &err));
	assert_string_not_equal(s1.token, s2.token);

	/* the database holds hashes only */
	char hash[AUTH_HASH_STRLEN];
	auth_token_hash(s1.token, hash);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE token_hash = '%s'", hash);
	char *n = fixture_query(fx, sql);
	assert_string_equal(n, "1");
	free(n);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE token_hash = '%s' OR address LIKE '%%%s%%'",
		s1.token, s1.token);
	n = fixture_query(fx, sql);
	assert_string_equal(n, "0");
	free(n);

	/* checking a session */
	assert_ok(auth_session_check(fx->st, &cfg, s1.token, &chk, &err));
	assert_string_equal(chk.user.username, "amina");
	assert_string_equal(chk.token, "");
	assert_string_equal(chk.csrf, s1.csrf);
	assert_false(chk.api_token);
	assert_int_equal(chk.expires_at, fixture_time + 1800);
	assert_int_equal(auth_session_check(fx->st, &cfg, "not-a-token", &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_session_check(fx->st, &cfg, "", &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_session_check(fx->st, &cfg, NULL, &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_session_check(fx->st, &cfg, hash, &chk, &err), MAPO_ENOTFOUND); /* the hash is no key */

	/* sign-out ends it on the server; the other session lives on */
	assert_ok(auth_sign_out(fx->st, s1.token, "192.0.2.7", &err));
	assert_int_equal(auth_session_check(fx->st, &cfg, s1.token, &chk, &err), MAPO_ENOTFOUND);
	assert_ok(auth_sign_out(fx->st, s1.token, "192.0.2.7", &err));
	assert_ok(auth_session_check(fx->st, &cfg, s2.token, &chk, &err));

	/* wrong password, unknown user: one and the same answer */
	struct mapo_error e1, e2;
	assert_int_equal(auth_sign_in(fx->st, &cfg, "amina", "wrong password", "192.0.2.7", &s1, NULL, &e1), MAPO_EDENIED);
	assert_int_equal(auth_sign_in(fx->st, &cfg, "nobody", good_pw, "192.0.2.7", &s1, NULL, &e2), MAPO_EDENIED);
	assert_string_equal(e1.msg, e2.msg);
	assert_int_equal(auth_sign_in(fx->st, &cfg, "", good_pw, "192.0.2.7", &s1, NULL, &e2), MAPO_EDENIED);
	assert_int_equal(auth_sign_in(fx->st, &cfg, "amina", NULL, "192.0.2.7", &s1, NULL, &e2), MAPO_EDENIED);

	/* disabling ends sessions and refuses sign-in */
	assert_ok(auth_user_set_disabled(fx->st, NULL, "amina", true, &err));
	assert_int_equal(auth_session_check(fx->st, &cfg, s2.token, &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_sign_in(fx->st, &cfg, "amina", good_pw, "192.0.2.8", &s1, NULL, &e2), MAPO_EDENIED);
	assert_string_equal(e1.msg, e2.msg);
	assert_ok(auth_user_set_disabled(fx->st, NULL, "amina", false, &err));
	assert_ok(auth_sign_in(fx->st, &cfg, "amina", good_pw, "192.0.2.8", &s1, NULL, &err));

	/* a new password ends the sessions made with the old one */
	assert_ok(auth_user_set_password(fx->st, NULL, "amina", "another good one", &err));
	assert_int_equal(auth_session_check(fx->st, &cfg, s1.token, &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_sign_in(fx->st, &cfg, "amina", good_pw, "192.0.2.8", &s1, NULL, &err), MAPO_EDENIED);
	assert_ok(auth_sign_in(fx->st, &cfg, "amina", "another good one", "192.0.2.8", &s1, NULL, &err));

	/* the trail saw it all */
	struct audit_filter af;
	long long count;
	audit_filter_init(&af);
	af.action = "sign-in";
	assert_ok(audit_count(fx->st, &af, &count, &err));
	assert_int_equal(count, 4);
	af.action = "sign-in-failed"; /* amina twice, nobody, amina disabled (empty names are not tried) */
	assert_ok(audit_count(fx->st, &af, &count, &err));
	assert_int_equal(count, 4);
	af.action = "sign-out";
	assert_ok(audit_count(fx->st, &af, &count, &err));
	assert_int_equal(count, 1);
	struct audit_report r;
	assert_ok(audit_verify(fx->st, &r, &err));
	assert_int_equal(r.fault, AUDIT_OK);
	fixture_free(fx);
}

static void test_session_expiry(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct auth_config cfg;
	struct auth_session s, chk;
	struct mapo_error err;
	auth_config_init(&cfg);
	fixture_user(fx, "siti", ROLE_SECRETARIAT, NULL, NULL, good_pw);
	int64_t t0 = fixture_time;

	/* idle: used just before the limit it lives; left alone for the limit it ends */
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	fixture_time = t0 + 1799;
	assert_ok(auth_session_check(fx->st, &cfg, s.token, &chk, &err));
	fixture_time = t0 + 1799 + 1799;
	assert_ok(auth_session_check(fx->st, &cfg, s.token, &chk, &err));
	fixture_time = t0 + 1799 + 1799 + 1800;
	assert_int_equal(auth_session_check(fx->st, &cfg, s.token, &chk, &err), MAPO_ENOTFOUND);
	fixture_time = t0 + 1799 + 1799 + 1801; /* and it stays ended */
	assert_int_equal(auth_session_check(fx->st, &cfg, s.token, &chk, &err), MAPO_ENOTFOUND);

	/* absolute: busy all day, it still ends 12 hours after sign-in */
	t0 = fixture_time = 1626000000;
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	for (fixture_time = t0 + 600; fixture_time < t0 + 43200; fixture_time += 600) {
		assert_ok(auth_session_check(fx->st, &cfg, s.token, &chk, &err));
		int64_t want = fixture_time + 1800 < t0 + 43200 ? fixture_time + 1800 : t0 + 43200;
		assert_int_equal(chk.expires_at, want);
	}
	fixture_time = t0 + 43200;
	assert_int_equal(auth_session_check(fx->st, &cfg, s.token, &chk, &err), MAPO_ENOTFOUND);

	/* configurable */
	cfg.idle_timeout = 60;
	t0 = fixture_time = 1627000000;
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	fixture_time = t0 + 59;
	assert_ok(auth_session_check(fx->st, &cfg, s.token, &chk, &err));
	fixture_time = t0 + 59 + 60;
	assert_int_equal(auth_session_check(fx->st, &cfg, s.token, &chk, &err), MAPO_ENOTFOUND);

	/* abandoned sessions are purged at the next sign-in */
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	char *two = fixture_query(fx, "SELECT count(*) FROM sessions");
	assert_string_equal(two, "2");
	free(two);
	fixture_time += 61;
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", good_pw, "", &s, NULL, &err));
	char *n = fixture_query(fx, "SELECT count(*) FROM sessions");
	assert_string_equal(n, "1");
	free(n);
	fixture_free(fx);
}

struct token_seen {
	int n;
	char first_label[API_TOKEN_LABEL_MAX];
};

static int count_tokens(const struct api_token *t, void *arg)
{
	struct token_seen *ts = arg;
	if (ts->n++ == 0)
		snprintf(ts->first_label, sizeof(ts->first_label), "%s", t->label);
	assert_int_equal(strlen(t->token_hash), 64);
	return 0;
}

static void test_api_tokens(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct auth_config cfg;
	struct auth_session chk;
	struct mapo_error err;
	char tok[AUTH_TOKEN_STRLEN], tok2[AUTH_TOKEN_STRLEN];
	int64_t id = 0, id2 = 0;
	auth_config_init(&cfg);
	fixture_user(fx, "bot", ROLE_SECRETARIAT, NULL, NULL, good_pw);
	fixture_user(fx, "other", ROLE_PROSECUTOR, NULL, NULL, good_pw);

	assert_ok(auth_api_token_create(fx->st, NULL, "bot", "nightly export", tok, &id, &err));
	assert_true(id > 0);
	assert_true(!strncmp(tok, "mapo_", 5));
	assert_ok(auth_api_token_create(fx->st, NULL, "bot", "second", tok2, &id2, &err));
	assert_int_equal(auth_api_token_create(fx->st, NULL, "ghost", "x", tok2, &id2, &err), MAPO_ENOTFOUND);
	assert_ok(auth_api_token_create(fx->st, NULL, "bot", "second", tok2, &id2, &err));

	/* works as a Bearer token, not as a session cookie */
	assert_ok(auth_bearer_check(fx->st, &cfg, tok, &chk, &err));
	assert_true(chk.api_token);
	assert_string_equal(chk.user.username, "bot");
	assert_string_equal(chk.csrf, "");
	assert_int_equal(auth_session_check(fx->st, &cfg, tok, &chk, &err), MAPO_ENOTFOUND);
	/* and does not expire like a session */
	fixture_time += 30 * 24 * 3600;
	assert_ok(auth_bearer_check(fx->st, &cfg, tok, &chk, &err));

	/* a session token is also a Bearer token */
	struct auth_session s;
	assert_ok(auth_sign_in(fx->st, &cfg, "bot", good_pw, "", &s, NULL, &err));
	assert_ok(auth_bearer_check(fx->st, &cfg, s.token, &chk, &err));
	assert_false(chk.api_token);

	/* only the hash is kept */
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM api_tokens WHERE token_hash = '%s'", tok);
	char *n = fixture_query(fx, sql);
	assert_string_equal(n, "0");
	free(n);

	struct principal admin, self, stranger;
	principal_init_anonymous(&admin, "");
	admin.role = ROLE_ADMIN;
	admin.user_id = 999;
	snprintf(admin.username, sizeof(admin.username), "root");
	struct user bu;
	assert_ok(auth_user_get(fx->st, "bot", &bu, &err));
	principal_from_user(&self, &bu, "198.51.100.1");
	assert_ok(auth_user_get(fx->st, "other", &bu, &err));
	principal_from_user(&stranger, &bu, "198.51.100.2");

	/* listed by the user, without the token */
	struct token_seen ts = {0, ""};
	assert_ok(auth_api_token_list(fx->st, &self, "bot", count_tokens, &ts, &err));
	assert_int_equal(ts.n, 3);
	assert_string_equal(ts.first_label, "nightly export");
	assert_int_equal(auth_api_token_list(fx->st, &stranger, "bot", count_tokens, &ts, &err), MAPO_EDENIED);

	/* others may not touch a user's tokens; the user and admins may */
	assert_int_equal(auth_api_token_revoke(fx->st, &stranger, "bot", id, &err), MAPO_EDENIED);
	assert_int_equal(auth_api_token_create(fx->st, &stranger, "bot", "x", tok2, &id2, &err), MAPO_EDENIED);
	assert_ok(auth_api_token_revoke(fx->st, &self, "bot", id, &err));
	assert_int_equal(auth_bearer_check(fx->st, &cfg, tok, &chk, &err), MAPO_ENOTFOUND);
	assert_int_equal(auth_api_token_revoke(fx->st, &self, "bot", id, &err), MAPO_ENOTFOUND);
	assert_ok(auth_api_token_revoke(fx->st, &admin, "bot", 0, &err));
	assert_int_equal(auth_api_token_revoke(fx->st, &admin, "bot", 0, &err), MAPO_ENOTFOUND);
	n = fixture_query(fx, "SELECT count(*) FROM api_tokens");
	assert_string_equal(n, "0");
	free(n);

	/* a disabled user's token stops working */
	assert_ok(auth_api_token_create(fx->st, NULL, "other", "", tok, &id, &err));
	assert_ok(auth_bearer_check(fx->st, &cfg, tok, &chk, &err));
	assert_ok(auth_user_set_disabled(fx->st, NULL, "other", true, &err));
	assert_int_equal(auth_bearer_check(fx->st, &cfg, tok, &chk, &err), MAPO_ENOTFOUND);
	fixture_free(fx);
}

struct lock_seen {
	int locked_users, locked_addresses, rows;
	int64_t now;
	char first[80]; /* scope:key of the first row */
};

static int count_locks(const struct auth_lock *l, void *arg)
{
	struct lock_seen *ls = arg;
	if (ls->rows++ == 0)
		snprintf(ls->first, sizeof(ls->first), "%s:%s", l->scope, l->key);
	if (l->locked_until > ls->now) {
		if (!strcmp(l->scope, "user"))
			ls->locked_users++;
		else
			ls->locked_addresses++;
	}
	return 0;
}

static void test_lockout_account(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct auth_config cfg;
	struct auth_session s;
	struct mapo_error err;
	unsigned delay = 99, last_delay = 0;
	int64_t until;
	auth_config_init(&cfg);
	fixture_user(fx, "lee", ROLE_PROSECUTOR, NULL, NULL, good_pw);
	fixture_user(fx, "boss", ROLE_ADMIN, NULL, NULL, good_pw);
	int64_t t0 = fixture_time;

	/* failures slow down, then lock at the fifth; each from a different address */
	for (int i = 1; i <= 5; i++) {
		char addr[32];
		snprintf(addr, sizeof(addr), "203.0.113.%d", i);
		fixture_time = t0 + i;
		assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", "bad guess", addr, &s, &delay, &err), MAPO_EDENIED);
		if (i == 1)
			assert_int_equal(delay, 0);
		else
			assert_true(delay > last_delay);
		last_delay = delay;
		assert_ok(auth_lock_state(fx->st, "user", "lee", &until, &err));
		assert_int_equal(until, i < 5 ? 0 : t0 + 5 + 900);
	}
	/* locked: even the right password is refused, with a message that says so */
	fixture_time = t0 + 10;
	assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", good_pw, "203.0.113.99", &s, &delay, &err), MAPO_EDENIED);
	assert_non_null(strstr(err.msg, "too many"));
	/* other accounts are untouched */
	assert_ok(auth_sign_in(fx->st, &cfg, "boss", good_pw, "203.0.113.99", &s, NULL, &err));

	/* the lock shows in the list for admins, first */
	struct lock_seen ls = {0, 0, 0, fixture_time, ""};
	assert_ok(auth_lock_list(fx->st, count_locks, &ls, &err));
	assert_int_equal(ls.locked_users, 1);
	assert_string_equal(ls.first, "user:lee");
	assert_int_equal(ls.rows, 1 + 5); /* the account and the five addresses */

	/* the lock ends by itself */
	fixture_time = t0 + 5 + 900;
	assert_ok(auth_lock_state(fx->st, "user", "lee", &until, &err));
	assert_int_equal(until, 0);
	assert_ok(auth_sign_in(fx->st, &cfg, "lee", good_pw, "203.0.113.99", &s, &delay, &err));

	/* a success clears the account's count: 4 + 4 failures do not lock */
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", "bad guess", "203.0.113.50", &s, NULL, &err), MAPO_EDENIED);
	assert_ok(auth_sign_in(fx->st, &cfg, "lee", good_pw, "203.0.113.50", &s, NULL, &err));
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", "bad guess", "203.0.113.50", &s, NULL, &err), MAPO_EDENIED);
	assert_ok(auth_lock_state(fx->st, "user", "lee", &until, &err));
	assert_int_equal(until, 0);
	/* failures older than the window do not count: 4 now, 1 after 15 minutes */
	fixture_time += 901;
	assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", "bad guess", "203.0.113.50", &s, &delay, &err), MAPO_EDENIED);
	assert_int_equal(delay, 0);
	assert_ok(auth_lock_state(fx->st, "user", "lee", &until, &err));
	assert_int_equal(until, 0);

	/* an admin clears a lock; others may not */
	for (int i = 0; i < 4; i++)
		assert_int_equal(auth_sign_in(fx->st, &cfg, "lee", "bad guess", "203.0.113.50", &s, NULL, &err), MAPO_EDENIED);
	assert_ok(auth_lock_state(fx->st, "user", "lee", &until, &err));
	assert_true(until > fixture_time);
	struct user boss, lee;
	struct principal p_boss, p_lee;
	assert_ok(auth_user_get(fx->st, "boss", &boss, &err));
	assert_ok(auth_user_get(fx->st, "lee", &lee, &err));
	principal_from_user(&p_boss, &boss, "10.0.0.1");
	principal_from_user(&p_lee, &lee, "10.0.0.2");
	assert_int_equal(auth_unlock(fx->st, &p_lee, "user", "lee", &err), MAPO_EDENIED);
	assert_int_equal(auth_unlock(fx->st, &p_boss, "badscope", "lee", &err), MAPO_EINVAL);
	assert_ok(auth_unlock(fx->st, &p_boss, "user", "lee", &err));
	assert_int_equal(auth_unlock(fx->st, &p_boss, "user", "lee", &err), MAPO_ENOTFOUND);
	assert_ok(auth_sign_in(fx->st, &cfg, "lee", good_pw, "203.0.113.50", &s, NULL, &err));

	/* the unlock is in the trail, done by the admin from its address */
	struct audit_filter af;
	long long count;
	audit_filter_init(&af);
	af.action = "user-unlock";
	af.user = "boss";
	assert_ok(audit_count(fx->st, &af, &count, &err));
	assert_int_equal(count, 1);
	fixture_free(fx);
}

static void test_lockout_address(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct auth_config cfg;
	struct auth_session s;
	struct mapo_error err;
	int64_t until;
	auth_config_init(&cfg);
	fixture_user(fx, "victim1", ROLE_PARTNER, NULL, "NGO Alpha", good_pw);

	/* one address guessing many names, never five times the same: the address locks at 20 */
	const char *bad = "198.51.100.66";
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof(name), "guess%d", i % 5);
		fixture_time++;
		assert_int_equal(auth_sign_in(fx->st, &cfg, name, "bad guess", bad, &s, NULL, &err), MAPO_EDENIED);
		assert_ok(auth_lock_state(fx->st, "user", name, &until, &err));
		assert_int_equal(until, 0);
		assert_ok(auth_lock_state(fx->st, "address", bad, &until, &err));
		assert_int_equal(until != 0, i == 19);
	}
	/* from that address nobody gets in, from another the real user does */
	assert_int_equal(auth_sign_in(fx->st, &cfg, "victim1", good_pw, bad, &s, NULL, &err), MAPO_EDENIED);
	assert_non_null(strstr(err.msg, "too many"));
	assert_ok(auth_sign_in(fx->st, &cfg, "victim1", good_pw, "198.51.100.67", &s, NULL, &err));
	/* a success elsewhere does not clear the address */
	assert_ok(auth_lock_state(fx->st, "address", bad, &until, &err));
	assert_true(until > fixture_time);

	struct lock_seen ls = {0, 0, 0, fixture_time, ""};
	assert_ok(auth_lock_list(fx->st, count_locks, &ls, &err));
	assert_int_equal(ls.locked_addresses, 1);
	assert_int_equal(ls.locked_users, 0); /* guess0..4 had 4 failures each */
	assert_int_equal(ls.rows, 6);

	assert_ok(auth_unlock(fx->st, NULL, "address", bad, &err));
	assert_ok(auth_sign_in(fx->st, &cfg, "victim1", good_pw, bad, &s, NULL, &err));

	/* old counters are purged: a day later one failure leaves only fresh rows */
	fixture_time += 24 * 3600;
	assert_int_equal(auth_sign_in(fx->st, &cfg, "guess0", "bad guess", "198.51.100.70", &s, NULL, &err), MAPO_EDENIED);
	char *n = fixture_query(fx, "SELECT count(*) FROM login_attempts");
	assert_string_equal(n, "2");
	free(n);
	fixture_free(fx);
}

static void test_account_management(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct mapo_error err;
	struct user u, admin_u, sec_u;
	struct principal admin, sec;
	fixture_user(fx, "root", ROLE_ADMIN, NULL, NULL, good_pw);
	fixture_user(fx, "siti", ROLE_SECRETARIAT, NULL, NULL, good_pw);
	assert_ok(auth_user_get(fx->st, "root", &admin_u, &err));
	assert_ok(auth_user_get(fx->st, "siti", &sec_u, &err));
	principal_from_user(&admin, &admin_u, "10.1.1.1");
	principal_from_user(&sec, &sec_u, "10.1.1.2");
	assert_int_equal(sec_u.lang, LANG_MS);

	/* non-admins manage nothing but their own password and language */
	user_init(&u);
	snprintf(u.username, sizeof(u.username), "new1");
	u.role = ROLE_ADMIN;
	assert_int_equal(auth_user_create(fx->st, &sec, &u, good_pw, &err), MAPO_EDENIED);
	assert_ok(auth_user_create(fx->st, &admin, &u, good_pw, &err));
	assert_int_equal(auth_user_set_role(fx->st, &sec, "siti", ROLE_ADMIN, NULL, NULL, &err), MAPO_EDENIED);
	assert_int_equal(auth_user_set_disabled(fx->st, &sec, "root", true, &err), MAPO_EDENIED);
	assert_int_equal(auth_user_set_password(fx->st, &sec, "root", "taken over!", &err), MAPO_EDENIED);
	assert_ok(auth_user_set_password(fx->st, &sec, "siti", "my own new one", &err));
	assert_ok(auth_user_set_lang(fx->st, &sec, "siti", LANG_EN, &err));
	assert_int_equal(auth_user_set_lang(fx->st, &sec, "root", LANG_EN, &err), MAPO_EDENIED);
	assert_ok(auth_user_get(fx->st, "siti", &u, &err));
	assert_int_equal(u.lang, LANG_EN);

	/* roles: validated, and a change of role ends the sessions made under the old one */
	struct auth_config cfg;
	struct auth_session s, chk;
	auth_config_init(&cfg);
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", "my own new one", "", &s, NULL, &err));
	assert_int_equal(auth_user_set_role(fx->st, &admin, "siti", ROLE_AGENCY_OFFICER, NULL, NULL, &err), MAPO_EINVAL);
	assert_ok(auth_user_set_role(fx->st, &admin, "siti", ROLE_AGENCY_OFFICER, "JIM", NULL, &err));
	assert_int_equal(auth_session_check(fx->st, &cfg, s.token, &chk, &err), MAPO_ENOTFOUND);
	assert_ok(auth_user_get(fx->st, "siti", &u, &err));
	assert_int_equal(u.role, ROLE_AGENCY_OFFICER);
	assert_string_equal(u.agency, "JIM");
	assert_int_equal(auth_user_set_role(fx->st, &admin, "nobody", ROLE_ADMIN, NULL, NULL, &err), MAPO_ENOTFOUND);

	/* the identity grant, through a full update */
	assert_ok(auth_user_get(fx->st, "siti", &u, &err));
	u.role = ROLE_SECRETARIAT;
	u.agency[0] = '\0';
	u.identity_grant = true;
	snprintf(u.display_name, sizeof(u.display_name), "Siti binti Ahmad");
	assert_int_equal(auth_user_update(fx->st, &sec, &u, &err), MAPO_EDENIED);
	assert_ok(auth_user_update(fx->st, &admin, &u, &err));
	assert_ok(auth_user_get(fx->st, "siti", &u, &err));
	assert_true(u.identity_grant);
	assert_string_equal(u.display_name, "Siti binti Ahmad");
	struct principal p;
	principal_from_user(&p, &u, "");
	assert_true(access_may_view_identities(&p));
	/* the password survived the update */
	assert_ok(auth_sign_in(fx->st, &cfg, "siti", "my own new one", "", &s, NULL, &err));

	/* a disabled user is an anonymous principal */
	u.disabled = true;
	principal_from_user(&p, &u, "");
	assert_int_equal(p.role, ROLE_NONE);
	assert_false(access_may_read_stats(&p));

	long long n;
	assert_ok(store_user_count(fx->st, ROLE_NONE, &n, &err));
	assert_int_equal(n, 3);
	assert_ok(store_user_count(fx->st, ROLE_ADMIN, &n, &err));
	assert_int_equal(n, 2);
	fixture_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_user_validation),
		cmocka_unit_test(test_sign_in_and_sessions),
		cmocka_unit_test(test_session_expiry),
		cmocka_unit_test(test_api_tokens),
		cmocka_unit_test(test_lockout_account),
		cmocka_unit_test(test_lockout_address),
		cmocka_unit_test(test_account_management),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
