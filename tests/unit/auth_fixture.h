/* Shared by test_auth.c, test_access.c and test_audit.c: a fresh SQLite database in a temporary
 * directory with a little reference data, a settable clock, and raw SQL on the same file (to
 * look at what is stored and to tamper with it as an intruder would). Include after cmocka.h. */
#ifndef MAPO_TEST_AUTH_FIXTURE_H
#define MAPO_TEST_AUTH_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "store/sql.h"
#include "store/store.h"

/* Asserts that call (which fills a struct mapo_error named err) returns 0, showing the message. */
#define assert_ok(call) \
	do { \
		int rc_ = (call); \
		if (rc_) \
			fail_msg("%s: %d: %s", #call, rc_, err.msg); \
	} while (0)

struct fixture {
	char dir[64];
	char path[96];
	store *st;
};

static int64_t fixture_time = 1625000000; /* 2021-06-29T20:53:20Z */
__attribute__((unused)) static int64_t fixture_clock(void) { return fixture_time; }

__attribute__((unused)) static void fixture_ref(store *st, enum ref_kind kind, const char *code, const char *extra)
{
	struct ref_item item = {(char *)code, (char *)code, (char *)code, (char *)extra};
	struct mapo_error err;
	int rc = store_ref_replace(st, kind, &item, 1, &err);
	if (rc)
		fail_msg("store_ref_replace: %s", err.msg);
}

__attribute__((unused)) static void fixture_refs(store *st)
{
	struct ref_item agencies[] = {
		{"JIM", "Jabatan Imigresen", "Immigration Department", "enforcement"},
		{"PDRM", "Polis Diraja Malaysia", "Royal Malaysia Police", "enforcement"},
	};
	struct mapo_error err;
	if (store_ref_replace(st, REF_AGENCY, agencies, 2, &err))
		fail_msg("store_ref_replace: %s", err.msg);
	fixture_ref(st, REF_STATE, "MY-01", "");
	fixture_ref(st, REF_COUNTRY, "IDN", "ID");
	struct ref_item offences[] = {{"12", "12", "12", "TIP"}, {"26A", "26A", "26A", "SOM"}};
	if (store_ref_replace(st, REF_OFFENCE, offences, 2, &err))
		fail_msg("store_ref_replace: %s", err.msg);
	fixture_ref(st, REF_FORM, "forced-labour", "");
}

__attribute__((unused)) static struct fixture *fixture_new(void)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct mapo_error err;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mapo-test-XXXXXX");
	if (!mkdtemp(fx->dir))
		fail_msg("mkdtemp failed");
	snprintf(fx->path, sizeof(fx->path), "%s/test.db", fx->dir);
	if (store_open(&fx->st, fx->path, &err) || store_migrate(fx->st, &err))
		fail_msg("store: %s", err.msg);
	fixture_refs(fx->st);
	fixture_time = 1625000000;
	auth_set_clock(fixture_clock);
	return fx;
}

__attribute__((unused)) static void fixture_free(struct fixture *fx)
{
	if (!fx)
		return;
	store_free(fx->st);
	char p[128];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", fx->path, suffix[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	auth_set_clock(NULL);
	free(fx);
}

/* Runs sql on the database through a second connection, as someone with the file would (on
 * SQLite or, in tests/pg, on PostgreSQL). */
__attribute__((unused)) static void fixture_sql(struct fixture *fx, const char *sql)
{
	store *t;
	struct mapo_error err;
	if (store_open(&t, fx->path, &err))
		fail_msg("store_open: %s", err.msg);
	if (sql_exec(t, sql, &err))
		fail_msg("%s: %s", sql, err.msg);
	store_free(t);
}

/* The first column of the first row of sql as text ("" when none); the caller frees it. */
__attribute__((unused)) static char *fixture_query(struct fixture *fx, const char *sql)
{
	store *t;
	stmt *st;
	struct mapo_error err;
	char *out = NULL;
	if (store_open(&t, fx->path, &err))
		fail_msg("store_open: %s", err.msg);
	if (sql_stmt(t, sql, &st, &err))
		fail_msg("%s: %s", sql, err.msg);
	if (sql_step(st) == SQL_ROW && !sql_column_null(st, 0))
		out = strdup(sql_column_str(st, 0));
	sql_reset(st);
	store_free(t);
	return out ? out : strdup("");
}

/* Creates an account through the core as the command line would. */
__attribute__((unused)) static void fixture_user(struct fixture *fx, const char *username, enum user_role role, const char *agency,
	const char *org, const char *password)
{
	struct user u;
	struct mapo_error err;
	user_init(&u);
	snprintf(u.username, sizeof(u.username), "%s", username);
	u.role = role;
	snprintf(u.agency, sizeof(u.agency), "%s", agency ? agency : "");
	snprintf(u.org, sizeof(u.org), "%s", org ? org : "");
	if (auth_user_create(fx->st, NULL, &u, password, &err))
		fail_msg("auth_user_create %s: %s", username, err.msg);
}

#endif
