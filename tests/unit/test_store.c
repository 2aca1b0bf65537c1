/* Tests of the store (src/store/store_sql.c; on SQLite, and on PostgreSQL in tests/pg) through
 * store.h: migrations, cases and their versions, listing, persons, reference data, the tally's
 * semantics on a hand-built dataset, transactions and the write fault seam. Each test works on a
 * fresh database in a temporary directory; a second connection looks at what is really stored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/case.h"
#include "core/refdata.h"
#include "store/migrations.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/store_auth.h"

/* ---- fixture -------------------------------------------------------------------------------- */

struct fx {
	char dir[64];
	char path[96];
	store *s;
	struct mapo_error err;
};

static void add_item(struct ref_item *v, size_t *n, const char *code, const char *extra)
{
	v[*n].code = (char *)code;
	v[*n].name_ms = (char *)code;
	v[*n].name_en = (char *)code;
	v[*n].extra = (char *)extra;
	(*n)++;
}

/* The reference data every test uses, written through store_ref_replace. */
static void install_refs(store *s)
{
	struct ref_item v[8];
	struct mapo_error err;
	size_t n = 0;
	add_item(v, &n, "JIM", "enforcement");
	add_item(v, &n, "PDRM", "enforcement");
	assert_int_equal(store_ref_replace(s, REF_AGENCY, v, n, &err), 0);
	n = 0;
	add_item(v, &n, "MY-01", "");
	add_item(v, &n, "MY-10", "");
	assert_int_equal(store_ref_replace(s, REF_STATE, v, n, &err), 0);
	n = 0;
	add_item(v, &n, "BGD", "BD");
	add_item(v, &n, "IDN", "ID");
	add_item(v, &n, "MYS", "MY");
	assert_int_equal(store_ref_replace(s, REF_COUNTRY, v, n, &err), 0);
	n = 0;
	add_item(v, &n, "12", "TIP");
	add_item(v, &n, "13", "TIP");
	add_item(v, &n, "26A", "SOM");
	assert_int_equal(store_ref_replace(s, REF_OFFENCE, v, n, &err), 0);
	n = 0;
	add_item(v, &n, "begging", "");
	add_item(v, &n, "forced-labour", "");
	add_item(v, &n, "sexual", "");
	assert_int_equal(store_ref_replace(s, REF_FORM, v, n, &err), 0);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mapo-test-store-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/mapo.db", fx->dir);
	if (store_open(&fx->s, fx->path, &fx->err) || store_migrate(fx->s, &fx->err))
		return -1;
	install_refs(fx->s);
	*state = fx;
	return 0;
}

static void remove_db(const char *dir)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s/mapo.db%s", dir, suffix[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/other.db", dir);
	unlink(p);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	store_free(fx->s);
	remove_db(fx->dir);
	free(fx);
	return 0;
}

/* One number from the database through a separate connection (what another process sees). */
static long long raw_count(const char *path, const char *sql)
{
	store *t;
	stmt *st;
	struct mapo_error err;
	long long n = -1;
	assert_int_equal(store_open(&t, path, &err), 0);
	assert_int_equal(sql_stmt(t, sql, &st, &err), 0);
	if (sql_step(st) == SQL_ROW)
		n = sql_column_int64(st, 0);
	sql_reset(st);
	store_free(t);
	return n;
}

static void raw_exec(const char *path, const char *sql)
{
	store *t;
	struct mapo_error err;
	assert_int_equal(store_open(&t, path, &err), 0);
	assert_int_equal(sql_exec(t, sql, &err), 0);
	store_free(t);
}

/* The tests run on PostgreSQL too (tests/pg); those that read SQLite's own plans do not. */
static bool on_pg(void)
{
	const char *v = getenv("MAPO_TEST_PG");
	return v && *v;
}

/* Every row in every case table, as one number to compare before and after. */
static long long all_rows(const char *path)
{
	return raw_count(path,
		"SELECT (SELECT count(*) FROM cases) * 1000000000 + (SELECT count(*) FROM case_offences) * "
		"10000000 + (SELECT count(*) FROM case_forms) * 100000 + (SELECT count(*) FROM persons) * "
		"1000 + (SELECT count(*) FROM case_persons) * 10 + (SELECT count(*) FROM case_status_history)");
}

static mapo_date D(const char *s)
{
	mapo_date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* A case; forms is a ';'-separated list ("" for none). */
static void make_case(struct mapo_case *c, const char *ref, enum case_kind kind, const char *agency,
	const char *date, const char *state, const char *forms)
{
	case_init(c);
	snprintf(c->ref, sizeof(c->ref), "%s", ref);
	c->kind = kind;
	snprintf(c->agency, sizeof(c->agency), "%s", agency);
	c->action_date = D(date);
	snprintf(c->state, sizeof(c->state), "%s", state);
	strvec_push(&c->offences, kind == KIND_TIP ? "12" : "26A");
	strvec_split(&c->forms, forms, ';');
	c->status = STATUS_INVESTIGATION;
}

static void insert_case(store *s, const char *ref, enum case_kind kind, const char *agency, const char *date,
	const char *state, const char *forms, enum case_status status)
{
	struct mapo_case c;
	struct mapo_error err;
	make_case(&c, ref, kind, agency, date, state, forms);
	c.status = status;
	int rc = store_case_insert(s, &c, &err);
	if (rc)
		fail_msg("insert %s: %s", ref, err.msg);
	case_release(&c);
}

/* A person in a role. dates "" mean none; age -1 unknown. */
static int put_person(store *s, const char *case_ref, const char *person_ref, enum person_role role, char sex,
	const char *birth, int age, const char *nat, const char *arrest, const char *rescue, struct mapo_error *err)
{
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "%s", person_ref);
	p.role = role;
	p.sex = sex;
	p.birth_date = *birth ? D(birth) : DATE_NONE;
	p.age = age;
	snprintf(p.nationality, sizeof(p.nationality), "%s", nat);
	if (role == PROLE_SUSPECT) {
		p.arrest_date = *arrest ? D(arrest) : DATE_NONE;
		p.suspect_role = SROLE_RECRUITER;
	}
	if (role == PROLE_VICTIM) {
		p.rescue_date = *rescue ? D(rescue) : DATE_NONE;
		p.trafficking_status = TSTATUS_ACTUAL;
	}
	return store_person_put(s, &p, err);
}

#define PUT(...)                                                                                  \
	do {                                                                                      \
		struct mapo_error e_;                                                             \
		if (put_person(__VA_ARGS__, &e_))                                                 \
			fail_msg("put: %s", e_.msg);                                              \
	} while (0)

/* ---- migrations ----------------------------------------------------------------------------- */

static void test_migrate_idempotent(void **state)
{
	struct fx *fx = *state;
	int current, known;
	assert_int_equal(store_schema_version(fx->s, &current, &known, &fx->err), 0);
	assert_true(known >= 1);
	assert_int_equal(current, known);
	long long applied = raw_count(fx->path, "SELECT count(*) FROM schema_migrations");
	/* Numbers reserved by another area may be missing for a while: count what is embedded. */
	assert_int_equal(applied, (long long)store_migrations_count);

	assert_int_equal(store_migrate(fx->s, &fx->err), 0);
	store_free(fx->s);
	assert_int_equal(store_open(&fx->s, fx->path, &fx->err), 0);
	assert_int_equal(store_migrate(fx->s, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM schema_migrations"), applied);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM agencies"), 2);

	/* With nothing to apply, migrating inside a transaction leaves that transaction alone. */
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	insert_case(fx->s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	assert_int_equal(store_migrate(fx->s, &fx->err), 0);
	assert_int_equal(store_commit(fx->s, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 1);

	/* An empty database is at version 0; the file is in WAL mode with foreign keys on. */
	store *t;
	char other[128];
	snprintf(other, sizeof(other), "%s/other.db", fx->dir);
	assert_int_equal(store_open(&t, other, &fx->err), 0);
	assert_int_equal(store_schema_version(t, &current, &known, &fx->err), 0);
	assert_int_equal(current, 0);
	store_free(t);
	if (!on_pg())
		assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

static void test_newer_schema_refused(void **state)
{
	struct fx *fx = *state;
	int current, known;
	assert_int_equal(store_schema_version(fx->s, &current, &known, &fx->err), 0);
	char sql[160];
	snprintf(sql, sizeof(sql),
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'future', 'x')", known + 1);
	raw_exec(fx->path, sql);
	assert_int_equal(store_migrate(fx->s, &fx->err), MAPO_ESCHEMA);
	assert_non_null(strstr(fx->err.msg, "does not know"));
	assert_null(strstr(fx->err.msg, "SELECT"));
	assert_int_equal(store_schema_version(fx->s, &current, &known, &fx->err), 0);
	assert_int_equal(current, known + 1);
	/* Nothing was applied or removed. */
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM schema_migrations"),
		(long long)store_migrations_count + 1);

	/* Versions may skip numbers: one this binary does not know is refused even below the
	 * highest it knows. */
	raw_exec(fx->path, "DELETE FROM schema_migrations WHERE version > 1; "
			   "INSERT INTO schema_migrations (version, name, applied_at) VALUES (0, 'odd', 'x')");
	assert_int_equal(store_migrate(fx->s, &fx->err), MAPO_ESCHEMA);
	assert_non_null(strstr(fx->err.msg, "version 0"));
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM schema_migrations"), 2);
}

/* A migration missing from the record (a lower number that arrived after a higher one was
 * applied) is applied late, and only it. */
static void test_late_migration(void **state)
{
	struct fx *fx = *state;
	int current, known;
	assert_int_equal(store_schema_version(fx->s, &current, &known, &fx->err), 0);
	if (known < 2)
		skip();
	/* Migration 1's record goes missing while the later ones stay: it is tried again (and, as its
	 * tables exist, refused as a whole, leaving the record and the data as they were). */
	raw_exec(fx->path, "DELETE FROM schema_migrations WHERE version = 1");
	assert_int_equal(store_migrate(fx->s, &fx->err), MAPO_ESTORE);
	assert_non_null(strstr(fx->err.msg, "0001"));
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM schema_migrations WHERE version = 1"), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 0);
}

static void test_foreign_files_refused(void **state)
{
	struct fx *fx = *state;
	char other[128];
	store *t;
	snprintf(other, sizeof(other), "%s/other.db", fx->dir);

	/* A SQLite database that is not mapo's. */
	raw_exec(other, "CREATE TABLE something (x TEXT)");
	assert_int_equal(store_open(&t, other, &fx->err), 0);
	assert_int_equal(store_migrate(t, &fx->err), MAPO_ESTORE);
	assert_non_null(strstr(fx->err.msg, "not a mapo database"));
	store_free(t);
	unlink(other);

	/* A file that is not a database at all. */
	FILE *f = fopen(other, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database, just some text\n", f);
	fclose(f);
	t = (store *)1;
	assert_int_not_equal(store_open(&t, other, &fx->err), 0);
	assert_null(t);
	assert_non_null(strstr(fx->err.msg, "other.db"));

	/* A directory that does not exist. */
	assert_int_equal(store_open(&t, "/nonexistent-mapo-dir/x.db", &fx->err), MAPO_EIO);
	assert_null(t);
	/* A PostgreSQL server that does not answer. */
	assert_int_equal(store_open(&t, "postgresql://127.0.0.1:1/mapo?connect_timeout=2", &fx->err), MAPO_ESTORE);
	assert_null(t);
	assert_non_null(strstr(fx->err.msg, "cannot connect"));
}

/* ---- cases ---------------------------------------------------------------------------------- */

static void test_case_crud(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c, got;
	make_case(&c, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-03-04", "MY-10", "sexual;forced-labour");
	strvec_clear(&c.offences);
	strvec_push(&c.offences, "13");
	strvec_push(&c.offences, "12");
	case_set_summary(&c, "Sindiket buruh paksa di ladang");
	assert_int_equal(store_case_insert(fx->s, &c, &fx->err), 0);
	assert_true(c.id > 0);
	assert_int_equal(c.version, 1);

	case_init(&got);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000001", &got, &fx->err), 0);
	assert_int_equal(got.id, c.id);
	assert_string_equal(got.ref, "PDRM/2021/000001");
	assert_int_equal(got.kind, KIND_TIP);
	assert_string_equal(got.agency, "PDRM");
	assert_int_equal(got.action_date, D("2021-03-04"));
	assert_string_equal(got.state, "MY-10");
	assert_int_equal(got.status, STATUS_INVESTIGATION);
	assert_int_equal(got.offences.n, 2);
	assert_string_equal(got.offences.v[0], "13"); /* the order given */
	assert_string_equal(got.offences.v[1], "12");
	assert_int_equal(got.forms.n, 2);
	assert_string_equal(got.forms.v[0], "sexual");
	assert_string_equal(got.forms.v[1], "forced-labour");
	assert_string_equal(got.related_ref, "");
	assert_string_equal(got.summary, "Sindiket buruh paksa di ladang");
	assert_int_equal(got.version, 1);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_status_history"), 1);

	/* An edit: new status, forms and date; the version moves on and the history grows. */
	got.status = STATUS_CHARGED;
	strvec_clear(&got.forms);
	strvec_push(&got.forms, "begging");
	got.action_date = D("2021-03-05");
	case_set_summary(&got, "");
	assert_int_equal(store_case_update(fx->s, &got, &fx->err), 0);
	assert_int_equal(got.version, 2);
	case_clear(&got);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000001", &got, &fx->err), 0);
	assert_int_equal(got.status, STATUS_CHARGED);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.forms.n, 1);
	assert_string_equal(got.forms.v[0], "begging");
	assert_int_equal(got.action_date, D("2021-03-05"));
	assert_string_equal(got.summary, "");
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_status_history"), 2);
	assert_int_equal(raw_count(fx->path, "SELECT version FROM case_status_history WHERE status = 'charged'"), 2);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_forms WHERE case_action_date = '2021-03-05'"), 1);

	/* An edit that keeps the status adds no history. */
	case_set_summary(&got, "x");
	assert_int_equal(store_case_update(fx->s, &got, &fx->err), 0);
	assert_int_equal(got.version, 3);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_status_history"), 2);

	assert_int_equal(store_case_delete(fx->s, "PDRM/2021/000001", 3, &fx->err), 0);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000001", &got, &fx->err), MAPO_ENOTFOUND);
	assert_non_null(strstr(fx->err.msg, "PDRM/2021/000001"));
	assert_int_equal(store_case_delete(fx->s, "PDRM/2021/000001", 0, &fx->err), MAPO_ENOTFOUND);
	got.version = 3;
	assert_int_equal(store_case_update(fx->s, &got, &fx->err), MAPO_ENOTFOUND);
	assert_int_equal(all_rows(fx->path), 0);
	case_release(&got);
	case_release(&c);
}

static void test_case_duplicate_and_invalid(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c;
	insert_case(fx->s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	long long before = all_rows(fx->path);

	make_case(&c, "PDRM/2021/000001", KIND_SOM, "JIM", "2021-02-01", "MY-10", "");
	assert_int_equal(store_case_insert(fx->s, &c, &fx->err), MAPO_EEXIST);
	assert_non_null(strstr(fx->err.msg, "PDRM/2021/000001"));
	assert_int_equal(c.id, 0);
	case_release(&c);

	/* What the core validates first, the schema refuses too, and nothing is left behind. */
	struct {
		const char *agency, *state, *forms, *offence;
		enum case_kind kind;
		const char *related;
	} bad[] = {
		{"XXX", "MY-01", "sexual", "12", KIND_TIP, ""},       /* unknown agency */
		{"PDRM", "MY-99", "sexual", "12", KIND_TIP, ""},      /* unknown state */
		{"PDRM", "MY-01", "unknown", "12", KIND_TIP, ""},     /* unknown form */
		{"PDRM", "MY-01", "sexual;sexual", "12", KIND_TIP, ""}, /* a form twice */
		{"PDRM", "MY-01", "sexual", "99", KIND_TIP, ""},      /* unknown offence */
		{"PDRM", "MY-01", "sexual", "12", KIND_SOM, ""},      /* a SOM case with forms */
		{"PDRM", "MY-01", "sexual", "12", KIND_NONE, ""},     /* no kind */
		{"PDRM", "MY-01", "sexual", "12", KIND_TIP, "JIM/2020/000001"}, /* missing related case */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_case(&c, "PDRM/2021/000002", bad[i].kind, bad[i].agency, "2021-01-01", bad[i].state,
			bad[i].forms);
		strvec_clear(&c.offences);
		strvec_push(&c.offences, bad[i].offence);
		snprintf(c.related_ref, sizeof(c.related_ref), "%s", bad[i].related);
		int rc = store_case_insert(fx->s, &c, &fx->err);
		if (rc != MAPO_EINVAL)
			fail_msg("bad case %zu: rc %d", i, rc);
		assert_true(fx->err.msg[0] != '\0');
		assert_null(strstr(fx->err.msg, "INSERT"));
		assert_null(strstr(fx->err.msg, "constraint"));
		assert_int_equal(all_rows(fx->path), before);
		case_release(&c);
	}
	make_case(&c, "PDRM/2021/000002", KIND_SOM, "PDRM", "2021-01-01", "MY-01", "sexual");
	assert_int_equal(store_case_insert(fx->s, &c, &fx->err), MAPO_EINVAL);
	assert_non_null(strstr(fx->err.msg, "smuggling"));
	case_release(&c);
}

static void test_stale_version_refused(void **state)
{
	struct fx *fx = *state;
	struct mapo_case a, b, got;
	insert_case(fx->s, "JIM/2021/000001", KIND_TIP, "JIM", "2021-04-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	case_init(&a);
	case_init(&b);
	case_init(&got);
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000001", &a, &fx->err), 0);
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000001", &b, &fx->err), 0);

	/* Two people edit version 1; the first wins, the second is refused and changes nothing. */
	a.status = STATUS_CHARGED;
	case_set_summary(&a, "first edit");
	assert_int_equal(store_case_update(fx->s, &a, &fx->err), 0);
	assert_int_equal(a.version, 2);
	long long before = all_rows(fx->path);

	b.status = STATUS_CLOSED;
	b.kind = KIND_SOM;
	strvec_clear(&b.forms);
	case_set_summary(&b, "second edit");
	assert_int_equal(store_case_update(fx->s, &b, &fx->err), MAPO_ECONFLICT);
	assert_non_null(strstr(fx->err.msg, "JIM/2021/000001"));
	assert_int_equal(b.version, 1);
	assert_int_equal(all_rows(fx->path), before);
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000001", &got, &fx->err), 0);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.status, STATUS_CHARGED);
	assert_int_equal(got.kind, KIND_TIP);
	assert_string_equal(got.summary, "first edit");
	assert_int_equal(got.forms.n, 1);

	/* A stale delete is refused too; version 0 skips the check. */
	assert_int_equal(store_case_delete(fx->s, "JIM/2021/000001", 1, &fx->err), MAPO_ECONFLICT);
	assert_int_equal(all_rows(fx->path), before);

	/* Inside a caller's transaction the refusal undoes nothing of the caller's. */
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	insert_case(fx->s, "JIM/2021/000002", KIND_TIP, "JIM", "2021-04-02", "MY-01", "sexual", STATUS_INVESTIGATION);
	assert_int_equal(store_case_update(fx->s, &b, &fx->err), MAPO_ECONFLICT);
	assert_int_equal(store_commit(fx->s, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 2);

	assert_int_equal(store_case_delete(fx->s, "JIM/2021/000001", 0, &fx->err), 0);
	case_release(&a);
	case_release(&b);
	case_release(&got);
}

static void test_related_case(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c, got;
	insert_case(fx->s, "JIM/2021/000001", KIND_SOM, "JIM", "2021-04-01", "MY-01", "", STATUS_INVESTIGATION);
	make_case(&c, "JIM/2021/000002", KIND_TIP, "JIM", "2021-04-01", "MY-01", "forced-labour");
	snprintf(c.related_ref, sizeof(c.related_ref), "JIM/2021/000001");
	assert_int_equal(store_case_insert(fx->s, &c, &fx->err), 0);
	case_init(&got);
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000002", &got, &fx->err), 0);
	assert_string_equal(got.related_ref, "JIM/2021/000001");

	/* Related to itself: refused. */
	snprintf(got.related_ref, sizeof(got.related_ref), "JIM/2021/000002");
	assert_int_equal(store_case_update(fx->s, &got, &fx->err), MAPO_EINVAL);

	/* Deleting the related case removes the link, which is an edit of the other case. */
	assert_int_equal(store_case_delete(fx->s, "JIM/2021/000001", 1, &fx->err), 0);
	case_clear(&got);
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000002", &got, &fx->err), 0);
	assert_string_equal(got.related_ref, "");
	assert_int_equal(got.version, 2);
	case_release(&got);
	case_release(&c);
}

static void test_next_seq(void **state)
{
	struct fx *fx = *state;
	long seq;
	assert_int_equal(store_case_next_seq(fx->s, "PDRM", 2021, &seq, &fx->err), 0);
	assert_int_equal(seq, 1);
	insert_case(fx->s, "PDRM/2021/000007", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "PDRM/2021/000003", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "PDRM/2022/000042", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "JIM/2021/000100", KIND_TIP, "JIM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	assert_int_equal(store_case_next_seq(fx->s, "PDRM", 2021, &seq, &fx->err), 0);
	assert_int_equal(seq, 8);
	assert_int_equal(store_case_next_seq(fx->s, "PDRM", 2022, &seq, &fx->err), 0);
	assert_int_equal(seq, 43);
	assert_int_equal(store_case_next_seq(fx->s, "JIM", 2021, &seq, &fx->err), 0);
	assert_int_equal(seq, 101);
	assert_int_equal(store_case_next_seq(fx->s, "JIM", 2020, &seq, &fx->err), 0);
	assert_int_equal(seq, 1);
}

/* ---- listing -------------------------------------------------------------------------------- */

struct refs {
	char v[16][CASE_REF_MAX];
	size_t n;
	size_t stop_at; /* 0: never */
};

static int collect(const struct mapo_case *c, void *arg)
{
	struct refs *r = arg;
	snprintf(r->v[r->n++], CASE_REF_MAX, "%s", c->ref);
	return r->stop_at && r->n == r->stop_at ? 42 : 0;
}

/* The listing's references joined by spaces. */
static const char *listed(store *s, const struct case_filter *f)
{
	static char out[512];
	struct refs r = {0};
	struct mapo_error err;
	long long n;
	if (store_case_list(s, f, collect, &r, &err))
		fail_msg("list: %s", err.msg);
	out[0] = '\0';
	size_t len = 0;
	for (size_t i = 0; i < r.n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", i ? " " : "", r.v[i]);
	if (!f->limit && !f->offset) {
		assert_int_equal(store_case_count(s, f, &n, &err), 0);
		assert_int_equal(n, (long long)r.n);
	}
	return out;
}

static void list_data(store *s)
{
	struct mapo_case c;
	struct mapo_error err;
	insert_case(s, "PDRM/2021/000002", KIND_TIP, "PDRM", "2021-03-01", "MY-01", "sexual", STATUS_CHARGED);
	insert_case(s, "PDRM/2021/000001", KIND_SOM, "PDRM", "2021-01-15", "MY-10", "", STATUS_INVESTIGATION);
	insert_case(s, "JIM/2021/000001", KIND_TIP, "JIM", "2021-02-01", "MY-10", "forced-labour;sexual", STATUS_CLOSED);
	insert_case(s, "JIM/2020/000009", KIND_SOM, "JIM", "2020-12-31", "MY-01", "", STATUS_CONVICTED);
	make_case(&c, "PDRM/2021/000003", KIND_TIP, "PDRM", "2021-03-01", "MY-10", "begging");
	case_set_summary(&c, "Kanak-kanak dipaksa MENGEMIS di Jalan Ampang; 50% hasil diambil");
	assert_int_equal(store_case_insert(s, &c, &err), 0);
	case_release(&c);
	make_case(&c, "JIM/2021/000002", KIND_TIP, "JIM", "2021-06-30", "MY-01", "sexual");
	case_set_summary(&c, "Mangsa dari Đà Nẵng; ÉCOLE fermée");
	c.status = STATUS_ACQUITTED;
	assert_int_equal(store_case_insert(s, &c, &err), 0);
	case_release(&c);
}

static void test_list_filters(void **state)
{
	struct fx *fx = *state;
	struct case_filter f;
	list_data(fx->s);

	case_filter_init(&f);
	assert_int_equal(f.kind, KIND_NONE);
	assert_int_equal(f.status, STATUS_NONE);
	assert_int_equal(f.from, DATE_NONE);
	assert_string_equal(listed(fx->s, &f),
		"JIM/2020/000009 JIM/2021/000001 JIM/2021/000002 PDRM/2021/000001 PDRM/2021/000002 PDRM/2021/000003");

	f.kind = KIND_SOM;
	assert_string_equal(listed(fx->s, &f), "JIM/2020/000009 PDRM/2021/000001");
	case_filter_init(&f);
	f.agency = "JIM";
	assert_string_equal(listed(fx->s, &f), "JIM/2020/000009 JIM/2021/000001 JIM/2021/000002");
	case_filter_init(&f);
	f.state = "MY-10";
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001 PDRM/2021/000001 PDRM/2021/000003");
	case_filter_init(&f);
	f.form = "sexual";
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001 JIM/2021/000002 PDRM/2021/000002");
	case_filter_init(&f);
	f.status = STATUS_CLOSED;
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001");
	case_filter_init(&f);
	f.status = STATUS_INVESTIGATION;
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000001 PDRM/2021/000003");

	/* Both ends of the period are inclusive. */
	case_filter_init(&f);
	f.from = D("2021-01-15");
	f.to = D("2021-03-01");
	assert_string_equal(listed(fx->s, &f),
		"JIM/2021/000001 PDRM/2021/000001 PDRM/2021/000002 PDRM/2021/000003");
	f.kind = KIND_TIP;
	f.agency = "PDRM";
	f.form = "begging";
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000003");
	f.state = "MY-01";
	assert_string_equal(listed(fx->s, &f), "");
}

static void test_list_sort_limit(void **state)
{
	struct fx *fx = *state;
	struct case_filter f;
	list_data(fx->s);

	case_filter_init(&f);
	f.sort = SORT_ACTION_DATE;
	assert_string_equal(listed(fx->s, &f),
		"JIM/2020/000009 PDRM/2021/000001 JIM/2021/000001 PDRM/2021/000002 PDRM/2021/000003 JIM/2021/000002");
	f.sort = SORT_ACTION_DATE_DESC;
	assert_string_equal(listed(fx->s, &f),
		"JIM/2021/000002 PDRM/2021/000002 PDRM/2021/000003 JIM/2021/000001 PDRM/2021/000001 JIM/2020/000009");
	f.sort = SORT_AGENCY;
	assert_string_equal(listed(fx->s, &f),
		"JIM/2020/000009 JIM/2021/000001 JIM/2021/000002 PDRM/2021/000001 PDRM/2021/000002 PDRM/2021/000003");
	f.sort = SORT_STATUS; /* the order of the case's life: investigation, charged, convicted, acquitted, closed */
	assert_string_equal(listed(fx->s, &f),
		"PDRM/2021/000001 PDRM/2021/000003 PDRM/2021/000002 JIM/2020/000009 JIM/2021/000002 JIM/2021/000001");

	f.sort = SORT_ACTION_DATE;
	f.limit = 2;
	assert_string_equal(listed(fx->s, &f), "JIM/2020/000009 PDRM/2021/000001");
	f.offset = 2;
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001 PDRM/2021/000002");
	f.offset = 5;
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000002");
	f.offset = 6;
	assert_string_equal(listed(fx->s, &f), "");
	f.limit = 0;
	f.offset = 4;
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000003 JIM/2021/000002");

	/* The count ignores limit and offset. */
	long long n;
	f.limit = 1;
	assert_int_equal(store_case_count(fx->s, &f, &n, &fx->err), 0);
	assert_int_equal(n, 6);
	f.limit = -1;
	assert_int_equal(store_case_list(fx->s, &f, collect, &(struct refs){0}, &fx->err), MAPO_EINVAL);

	/* The callback stops the listing with its own value. */
	struct refs r = {.stop_at = 2};
	case_filter_init(&f);
	assert_int_equal(store_case_list(fx->s, &f, collect, &r, &fx->err), 42);
	assert_int_equal(r.n, 2);
}

static void test_list_text(void **state)
{
	struct fx *fx = *state;
	struct case_filter f;
	list_data(fx->s);
	case_filter_init(&f);
	f.text = "mengemis";
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000003");
	f.text = "JALAN ampang";
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000003");
	f.text = "đà nẵng"; /* case folding beyond ASCII */
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000002");
	f.text = "école";
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000002");
	f.text = "jim/2021";  /* the reference too */
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001 JIM/2021/000002");
	f.text = "50%"; /* no wildcards: '%' and '_' are themselves */
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000003");
	f.text = "5_%";
	assert_string_equal(listed(fx->s, &f), "");
	f.text = "nothing like this";
	assert_string_equal(listed(fx->s, &f), "");
	f.text = "";
	f.agency = "PDRM";
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000001 PDRM/2021/000002 PDRM/2021/000003");
}

/* ---- persons -------------------------------------------------------------------------------- */

struct people {
	char v[16][200];
	size_t n;
};

static int collect_person(const struct case_person *p, void *arg)
{
	struct people *r = arg;
	char birth[DATE_STRLEN], arrest[DATE_STRLEN], rescue[DATE_STRLEN];
	date_format(p->birth_date, birth);
	date_format(p->arrest_date, arrest);
	date_format(p->rescue_date, rescue);
	snprintf(r->v[r->n++], sizeof(r->v[0]), "%s %s %d %c %s %d %s %s %d %d %s", p->case_ref, p->person_ref, (int)p->role,
		p->sex, birth, p->age, p->nationality, arrest, (int)p->suspect_role, (int)p->trafficking_status,
		rescue);
	return 0;
}

static void test_person_put(void **state)
{
	struct fx *fx = *state;
	struct people r = {0};
	insert_case(fx->s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-10", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "JIM/2021/000001", KIND_SOM, "JIM", "2021-02-10", "MY-10", "", STATUS_INVESTIGATION);

	/* One person, a suspect in two cases: one person row, two roles. */
	PUT(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, 'M', "1980-05-05", -1, "MYS", "2021-01-10", "");
	PUT(fx->s, "JIM/2021/000001", "P-1", PROLE_SUSPECT, 'M', "1980-05-05", -1, "MYS", "2021-02-11", "");
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_VICTIM, 'F', "", 16, "IDN", "", "2021-01-10");
	PUT(fx->s, "JIM/2021/000001", "M-1", PROLE_SMUGGLED_MIGRANT, 'U', "", -1, "", "", "");
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons"), 3);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons"), 4);

	/* The same role again replaces its fields. */
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_VICTIM, 'F', "", 16, "IDN", "", "2021-01-12");
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons"), 4);

	/* Person fields that disagree with the stored ones are refused, naming the field. */
	long long before = all_rows(fx->path);
	const struct {
		char sex;
		const char *birth;
		int age;
		const char *nat, *field;
	} bad[] = {
		{'F', "1980-05-05", -1, "MYS", "sex"},
		{'M', "1980-05-06", -1, "MYS", "birth_date"},
		{'M', "", -1, "MYS", "birth_date"},
		{'M', "1980-05-05", 40, "MYS", "age"},
		{'M', "1980-05-05", -1, "IDN", "nationality"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(put_person(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, bad[i].sex, bad[i].birth,
					 bad[i].age, bad[i].nat, "2021-01-10", "", &fx->err),
			MAPO_EINVAL);
		assert_non_null(strstr(fx->err.msg, bad[i].field));
		assert_non_null(strstr(fx->err.msg, "P-1"));
	}
	assert_int_equal(all_rows(fx->path), before);

	/* A second role of the same person in the same case, then replaced without its arrest. */
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_SUSPECT, 'F', "", 16, "IDN", "2021-01-10", "");
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_SUSPECT, 'F', "", 16, "IDN", "", "");
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons WHERE arrest_date IS NOT NULL"), 2);

	/* Fields that do not fit the role, an unknown nationality or sex, a missing case. */
	before = all_rows(fx->path);
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "PDRM/2021/000001");
	snprintf(p.person_ref, sizeof(p.person_ref), "V-1");
	p.role = PROLE_VICTIM;
	p.sex = 'F';
	p.age = 16;
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	p.arrest_date = D("2021-01-10");
	assert_int_equal(store_person_put(fx->s, &p, &fx->err), MAPO_EINVAL);
	assert_int_equal(all_rows(fx->path), before);
	assert_int_equal(put_person(fx->s, "PDRM/2021/000001", "N-1", PROLE_VICTIM, 'F', "", -1, "XYZ", "", "", &fx->err),
		MAPO_EINVAL);
	assert_int_equal(put_person(fx->s, "PDRM/2021/000001", "N-1", PROLE_VICTIM, 'X', "", -1, "", "", "", &fx->err),
		MAPO_EINVAL);
	assert_int_equal(put_person(fx->s, "PDRM/2021/999999", "N-1", PROLE_VICTIM, 'F', "", -1, "", "", "", &fx->err),
		MAPO_ENOTFOUND);
	assert_int_equal(all_rows(fx->path), before);

	/* The listing, by case, person, role; one case or all. */
	assert_int_equal(store_person_list(fx->s, NULL, collect_person, &r, &fx->err), 0);
	assert_int_equal(r.n, 5);
	assert_string_equal(r.v[0], "JIM/2021/000001 M-1 2 U  -1   -1 -1 ");
	assert_string_equal(r.v[1], "JIM/2021/000001 P-1 0 M 1980-05-05 -1 MYS 2021-02-11 0 -1 ");
	assert_string_equal(r.v[2], "PDRM/2021/000001 P-1 0 M 1980-05-05 -1 MYS 2021-01-10 0 -1 ");
	assert_string_equal(r.v[3], "PDRM/2021/000001 V-1 0 F  16 IDN  0 -1 ");
	assert_string_equal(r.v[4], "PDRM/2021/000001 V-1 1 F  16 IDN  -1 1 2021-01-12");
	r.n = 0;
	assert_int_equal(store_person_list(fx->s, "JIM/2021/000001", collect_person, &r, &fx->err), 0);
	assert_int_equal(r.n, 2);
}

static void test_person_remove(void **state)
{
	struct fx *fx = *state;
	insert_case(fx->s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-10", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "PDRM/2021/000002", KIND_TIP, "PDRM", "2021-01-11", "MY-01", "sexual", STATUS_INVESTIGATION);
	PUT(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, 'M', "", 30, "MYS", "2021-01-10", "");
	PUT(fx->s, "PDRM/2021/000002", "P-1", PROLE_SUSPECT, 'M', "", 30, "MYS", "2021-01-11", "");
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_VICTIM, 'F', "", 20, "IDN", "", "2021-01-10");

	assert_int_equal(store_person_remove(fx->s, "PDRM/2021/000001", "P-1", PROLE_VICTIM, &fx->err), MAPO_ENOTFOUND);
	assert_non_null(strstr(fx->err.msg, "P-1"));
	assert_int_equal(store_person_remove(fx->s, "PDRM/2021/000009", "P-1", PROLE_SUSPECT, &fx->err), MAPO_ENOTFOUND);
	assert_int_equal(store_person_remove(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, &fx->err), 0);
	assert_int_equal(store_person_remove(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, &fx->err), MAPO_ENOTFOUND);
	/* Still in the other case: the person stays, with its fields. */
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons WHERE person_ref = 'P-1'"), 1);
	assert_int_equal(put_person(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, 'M', "", 31, "MYS", "", "", &fx->err),
		MAPO_EINVAL);

	/* A person in no case any more is gone, and may be entered afresh with other fields. */
	assert_int_equal(store_person_remove(fx->s, "PDRM/2021/000001", "V-1", PROLE_VICTIM, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons WHERE person_ref = 'V-1'"), 0);
	PUT(fx->s, "PDRM/2021/000001", "V-1", PROLE_VICTIM, 'F', "", 21, "IDN", "", "");

	/* Deleting a case takes its roles and the persons in no other case. */
	assert_int_equal(store_case_delete(fx->s, "PDRM/2021/000002", 0, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons"), 1);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons"), 1);
	PUT(fx->s, "PDRM/2021/000001", "P-1", PROLE_SUSPECT, 'M', "1990-01-01", -1, "BGD", "", "");
}

/* ---- reference data ------------------------------------------------------------------------- */

static void test_ref_replace(void **state)
{
	struct fx *fx = *state;
	struct ref_item v[4];
	size_t n = 0;
	struct refdata rd;
	insert_case(fx->s, "JIM/2021/000001", KIND_TIP, "JIM", "2021-01-10", "MY-01", "sexual", STATUS_INVESTIGATION);

	/* PDRM is unused and goes; JIM's names change; KDRM arrives. */
	v[n++] = (struct ref_item){"JIM", "Jabatan Imigresen", "Immigration Department", "enforcement"};
	v[n++] = (struct ref_item){"KDRM", "Kastam", "Customs", "enforcement"};
	assert_int_equal(store_ref_replace(fx->s, REF_AGENCY, v, n, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM agencies"), 2);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM agencies WHERE code = 'JIM' AND name_en = "
					      "'Immigration Department'"),
		1);

	/* A code still used cannot go, and the whole replacement is undone. */
	n = 0;
	v[n++] = (struct ref_item){"KDRM", "Kastam", "Customs", "enforcement"};
	v[n++] = (struct ref_item){"APMM", "Maritim", "Maritime", "enforcement"};
	assert_int_equal(store_ref_replace(fx->s, REF_AGENCY, v, n, &fx->err), MAPO_EINVAL);
	assert_non_null(strstr(fx->err.msg, "'JIM'"));
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM agencies WHERE code = 'APMM'"), 0);
	n = 0;
	v[n++] = (struct ref_item){"sexual", "Seksual", "Sexual", ""};
	assert_int_equal(store_ref_replace(fx->s, REF_FORM, v, n, &fx->err), 0);
	n = 0;
	v[n++] = (struct ref_item){"forced-labour", "Buruh", "Labour", ""};
	assert_int_equal(store_ref_replace(fx->s, REF_FORM, v, n, &fx->err), MAPO_EINVAL);
	assert_non_null(strstr(fx->err.msg, "'sexual'"));

	/* The schema's own checks: an agency role, an offence kind, a country's codes. */
	n = 0;
	v[n++] = (struct ref_item){"JIM", "J", "J", "police"};
	assert_int_equal(store_ref_replace(fx->s, REF_AGENCY, v, n, &fx->err), MAPO_EINVAL);
	v[0] = (struct ref_item){"12", "S12", "S12", "BOTH"};
	assert_int_equal(store_ref_replace(fx->s, REF_OFFENCE, v, 1, &fx->err), MAPO_EINVAL);
	v[0] = (struct ref_item){"IDNX", "I", "I", "ID"};
	assert_int_equal(store_ref_replace(fx->s, REF_COUNTRY, v, 1, &fx->err), MAPO_EINVAL);

	refdata_init(&rd);
	assert_int_equal(store_ref_load(fx->s, &rd, &fx->err), 0);
	assert_int_equal(rd.n[REF_AGENCY], 2);
	assert_string_equal(refdata_find(&rd, REF_AGENCY, "JIM")->name_ms, "Jabatan Imigresen");
	assert_string_equal(refdata_find(&rd, REF_AGENCY, "JIM")->extra, "enforcement");
	assert_string_equal(refdata_find(&rd, REF_COUNTRY, "BGD")->extra, "BD");
	assert_string_equal(refdata_find(&rd, REF_OFFENCE, "26A")->extra, "SOM");
	assert_string_equal(refdata_find(&rd, REF_STATE, "MY-10")->extra, "");
	assert_int_equal(rd.n[REF_FORM], 1);
	refdata_release(&rd);
}

/* ---- tally ---------------------------------------------------------------------------------- */

/* The hand-built dataset of the tally tests; the period is the first half of 2021.
 *   A TIP PDRM 2021-01-01 (the first day) MY-01 sexual+forced-labour, charged:
 *     S1 suspect M 40 IDN arrested 2021-01-01; S2 suspect M 35 MYS arrested 2020-12-31 (before);
 *     S3 suspect U, nothing known, not arrested; V1 victim F born 2005-03-01 IDN rescued
 *     2021-01-01; V2 victim F 30 BGD rescued 2021-07-01 (after).
 *   B TIP JIM 2021-06-30 (the last day) MY-10 forced-labour, investigation:
 *     S4 suspect M born 1990-01-01 BGD arrested 2021-06-30; V3 victim M born 2003-06-30 (18 that
 *     day) BGD rescued 2021-06-30; V4 victim F born 2003-07-01 (17) BGD not rescued.
 *   C TIP PDRM 2020-12-31 (before) MY-01 forced-labour: S5 suspect M 50 MYS arrested 2021-01-05.
 *   D SOM PDRM 2021-03-15 MY-01: S6 suspect M 17 IDN arrested 2021-03-15; M1 smuggled migrant F
 *     IDN; S1 again, arrested 2021-03-16.
 *   E SOM JIM 2021-07-01 (after) MY-10: S7 suspect M 20 IDN arrested 2021-06-30.
 *   F TIP JIM 2021-02-10 MY-01 begging, closed, no persons. */
static void tally_data(store *s)
{
	insert_case(s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual;forced-labour", STATUS_CHARGED);
	insert_case(s, "JIM/2021/000001", KIND_TIP, "JIM", "2021-06-30", "MY-10", "forced-labour", STATUS_INVESTIGATION);
	insert_case(s, "PDRM/2020/000001", KIND_TIP, "PDRM", "2020-12-31", "MY-01", "forced-labour", STATUS_INVESTIGATION);
	insert_case(s, "PDRM/2021/000002", KIND_SOM, "PDRM", "2021-03-15", "MY-01", "", STATUS_INVESTIGATION);
	insert_case(s, "JIM/2021/000002", KIND_SOM, "JIM", "2021-07-01", "MY-10", "", STATUS_INVESTIGATION);
	insert_case(s, "JIM/2021/000003", KIND_TIP, "JIM", "2021-02-10", "MY-01", "begging", STATUS_CLOSED);
	const char *A = "PDRM/2021/000001", *B = "JIM/2021/000001", *C = "PDRM/2020/000001", *Dc = "PDRM/2021/000002",
		   *E = "JIM/2021/000002";
	PUT(s, A, "S1", PROLE_SUSPECT, 'M', "", 40, "IDN", "2021-01-01", "");
	PUT(s, A, "S2", PROLE_SUSPECT, 'M', "", 35, "MYS", "2020-12-31", "");
	PUT(s, A, "S3", PROLE_SUSPECT, 'U', "", -1, "", "", "");
	PUT(s, A, "V1", PROLE_VICTIM, 'F', "2005-03-01", -1, "IDN", "", "2021-01-01");
	PUT(s, A, "V2", PROLE_VICTIM, 'F', "", 30, "BGD", "", "2021-07-01");
	PUT(s, B, "S4", PROLE_SUSPECT, 'M', "1990-01-01", -1, "BGD", "2021-06-30", "");
	PUT(s, B, "V3", PROLE_VICTIM, 'M', "2003-06-30", -1, "BGD", "", "2021-06-30");
	PUT(s, B, "V4", PROLE_VICTIM, 'F', "2003-07-01", -1, "BGD", "", "");
	PUT(s, C, "S5", PROLE_SUSPECT, 'M', "", 50, "MYS", "2021-01-05", "");
	PUT(s, Dc, "S6", PROLE_SUSPECT, 'M', "", 17, "IDN", "2021-03-15", "");
	PUT(s, Dc, "M1", PROLE_SMUGGLED_MIGRANT, 'F', "", -1, "IDN", "", "");
	PUT(s, Dc, "S1", PROLE_SUSPECT, 'M', "", 40, "IDN", "2021-03-16", "");
	PUT(s, E, "S7", PROLE_SUSPECT, 'M', "", 20, "IDN", "2021-06-30", "");
}

struct rows {
	size_t ndims;
	struct buf out;
};

/* Each row as "[key|key] tip_cases tip_arrests tip_forced_labour som_cases som_arrests
 * victims_rescued", one per line; no brackets without dimensions. */
static int collect_row(const struct tally_row *row, void *arg)
{
	struct rows *r = arg;
	if (r->ndims) {
		buf_addch(&r->out, '[');
		for (size_t i = 0; i < r->ndims; i++)
			buf_printf(&r->out, "%s%s", i ? "|" : "", row->keys[i]);
		buf_addstr(&r->out, "] ");
	}
	buf_printf(&r->out, "%lld %lld %lld %lld %lld %lld\n", row->tip_cases, row->tip_arrests,
		row->tip_forced_labour_cases, row->som_cases, row->som_arrests, row->victims_rescued);
	return 0;
}

static char *tally_str(store *s, const char *from, const char *to, const struct case_filter *f, int ndims, ...)
{
	struct tally_query q;
	struct mapo_error err;
	struct rows r = {0, BUF_INIT};
	memset(&q, 0, sizeof(q));
	q.from = *from ? D(from) : DATE_NONE;
	q.to = *to ? D(to) : DATE_NONE;
	if (f)
		q.filter = *f;
	else
		case_filter_init(&q.filter);
	va_list ap;
	va_start(ap, ndims);
	for (int i = 0; i < ndims; i++)
		q.dims[i] = (enum stat_dim)va_arg(ap, int);
	va_end(ap);
	q.ndims = (size_t)ndims;
	r.ndims = q.ndims;
	if (store_tally(s, &q, collect_row, &r, &err))
		fail_msg("tally: %s", err.msg);
	return buf_detach(&r.out);
}

#define H1 "2021-01-01", "2021-06-30"
#define CHECK_TALLY(expected, ...)                                                                \
	do {                                                                                      \
		char *got_ = tally_str(__VA_ARGS__);                                              \
		assert_string_equal(got_, expected);                                              \
		free(got_);                                                                       \
	} while (0)

static void test_tally_totals(void **state)
{
	struct fx *fx = *state;
	tally_data(fx->s);
	/* TIP: A, B, F; arrests S1 in A and S4 (S2 before, S5's case before); forced labour A, B;
	 * SOM: D (E after), arrests S6 and S1 in D (S7's case after); rescued V1, V3 (V2 after). */
	CHECK_TALLY("3 2 2 1 2 2\n", fx->s, H1, NULL, 0);
	/* Open ends take in every date. */
	CHECK_TALLY("4 4 3 2 3 3\n", fx->s, "", "", NULL, 0);
	/* A single day. */
	CHECK_TALLY("1 1 1 0 0 1\n", fx->s, "2021-01-01", "2021-01-01", NULL, 0);
	CHECK_TALLY("0 0 0 0 0 0\n", fx->s, "2022-01-01", "2022-12-31", NULL, 0);
	CHECK_TALLY("0 0 0 0 0 0\n", fx->s, "2021-06-30", "2021-01-01", NULL, 0);

	/* Filters (these take the general statement, which must agree with the plain one). */
	struct case_filter f;
	case_filter_init(&f);
	f.agency = "PDRM";
	CHECK_TALLY("1 1 1 1 2 1\n", fx->s, H1, &f, 0);
	case_filter_init(&f);
	f.form = "forced-labour";
	CHECK_TALLY("2 2 2 0 0 2\n", fx->s, H1, &f, 0);
	case_filter_init(&f);
	f.kind = KIND_SOM;
	CHECK_TALLY("0 0 0 1 2 0\n", fx->s, H1, &f, 0);
	case_filter_init(&f);
	f.kind = KIND_TIP;
	CHECK_TALLY("3 2 2 0 0 2\n", fx->s, H1, &f, 0);
	case_filter_init(&f);
	f.status = STATUS_INVESTIGATION;
	CHECK_TALLY("1 1 1 1 2 1\n", fx->s, H1, &f, 0);
	case_filter_init(&f);
	f.state = "MY-10";
	CHECK_TALLY("1 1 1 0 0 1\n", fx->s, H1, &f, 0);
	f.agency = "PDRM";
	CHECK_TALLY("0 0 0 0 0 0\n", fx->s, H1, &f, 0);
	/* Ignored: the filter's own period, text, sort and limit. */
	case_filter_init(&f);
	f.from = D("2021-06-01");
	f.text = "nothing";
	f.limit = 1;
	CHECK_TALLY("3 2 2 1 2 2\n", fx->s, H1, &f, 0);
}

static void test_tally_case_dims(void **state)
{
	struct fx *fx = *state;
	tally_data(fx->s);
	CHECK_TALLY("[SOM] 0 0 0 1 2 0\n"
		    "[TIP] 3 2 2 0 0 2\n",
		fx->s, H1, NULL, 1, DIM_KIND);
	CHECK_TALLY("[JIM] 2 1 1 0 0 1\n"
		    "[PDRM] 1 1 1 1 2 1\n",
		fx->s, H1, NULL, 1, DIM_AGENCY);
	CHECK_TALLY("[MY-01] 2 1 1 1 2 1\n"
		    "[MY-10] 1 1 1 0 0 1\n",
		fx->s, H1, NULL, 1, DIM_STATE);
	CHECK_TALLY("[charged] 1 1 1 0 0 1\n"
		    "[closed] 1 0 0 0 0 0\n"
		    "[investigation] 1 1 1 1 2 1\n",
		fx->s, H1, NULL, 1, DIM_STATUS);
	CHECK_TALLY("[2021-01] 1 1 1 0 0 1\n"
		    "[2021-02] 1 0 0 0 0 0\n"
		    "[2021-03] 0 0 0 1 2 0\n"
		    "[2021-06] 1 1 1 0 0 1\n",
		fx->s, H1, NULL, 1, DIM_MONTH);
	/* A case counts once under each of its forms; D has none. */
	CHECK_TALLY("[] 0 0 0 1 2 0\n"
		    "[begging] 1 0 0 0 0 0\n"
		    "[forced-labour] 2 2 2 0 0 2\n"
		    "[sexual] 1 1 1 0 0 1\n",
		fx->s, H1, NULL, 1, DIM_FORM);
	CHECK_TALLY("[JIM|2021-02] 1 0 0 0 0 0\n"
		    "[JIM|2021-06] 1 1 1 0 0 1\n"
		    "[PDRM|2021-01] 1 1 1 0 0 1\n"
		    "[PDRM|2021-03] 0 0 0 1 2 0\n",
		fx->s, H1, NULL, 2, DIM_AGENCY, DIM_MONTH);
	CHECK_TALLY("[SOM|] 0 0 0 1 2 0\n"
		    "[TIP|begging] 1 0 0 0 0 0\n"
		    "[TIP|forced-labour] 2 2 2 0 0 2\n"
		    "[TIP|sexual] 1 1 1 0 0 1\n",
		fx->s, H1, NULL, 2, DIM_KIND, DIM_FORM);
	struct case_filter f;
	case_filter_init(&f);
	f.agency = "JIM";
	CHECK_TALLY("[2021-02] 1 0 0 0 0 0\n"
		    "[2021-06] 1 1 1 0 0 1\n",
		fx->s, H1, &f, 1, DIM_MONTH);
	case_filter_init(&f);
	f.form = "sexual";
	CHECK_TALLY("[forced-labour] 1 1 1 0 0 1\n"
		    "[sexual] 1 1 1 0 0 1\n",
		fx->s, H1, &f, 1, DIM_FORM);
	CHECK_TALLY("", fx->s, "2022-01-01", "2022-12-31", NULL, 1, DIM_KIND);
}

static void test_tally_person_dims(void **state)
{
	struct fx *fx = *state;
	tally_data(fx->s);
	/* A case counts under a group when one of its persons (any role) is in it; F has no persons;
	 * S3's nationality is unknown. Person measures go by the person's own group. */
	CHECK_TALLY("[] 2 0 1 0 0 0\n"
		    "[BGD] 2 1 2 0 0 1\n"
		    "[IDN] 1 1 1 1 2 1\n"
		    "[MYS] 1 0 1 0 0 0\n",
		fx->s, H1, NULL, 1, DIM_NATIONALITY);
	CHECK_TALLY("[] 1 0 0 0 0 0\n"
		    "[F] 2 0 2 1 0 1\n"
		    "[M] 2 2 2 1 2 1\n"
		    "[U] 1 0 1 0 0 0\n",
		fx->s, H1, NULL, 1, DIM_SEX);
	/* Age at the action date: V3 turns 18 on B's day (adult), V4 the day after (child), V1 is
	 * 15, S6 is recorded as 17, S3 and M1 unknown. */
	CHECK_TALLY("[] 1 0 0 0 0 0\n"
		    "[adult] 2 2 2 1 1 1\n"
		    "[child] 2 0 2 1 1 1\n"
		    "[unknown] 1 0 1 1 0 0\n",
		fx->s, H1, NULL, 1, DIM_AGE_GROUP);
	/* Several person dimensions describe one and the same person. */
	CHECK_TALLY("[|] 1 0 0 0 0 0\n"
		    "[|U] 1 0 1 0 0 0\n"
		    "[BGD|F] 2 0 2 0 0 0\n"
		    "[BGD|M] 1 1 1 0 0 1\n"
		    "[IDN|F] 1 0 1 1 0 1\n"
		    "[IDN|M] 1 1 1 1 2 0\n"
		    "[MYS|M] 1 0 1 0 0 0\n",
		fx->s, H1, NULL, 2, DIM_NATIONALITY, DIM_SEX);
	/* Case and person dimensions together. */
	CHECK_TALLY("[JIM|] 1 0 0 0 0 0\n"
		    "[JIM|BGD] 1 1 1 0 0 1\n"
		    "[PDRM|] 1 0 1 0 0 0\n"
		    "[PDRM|BGD] 1 0 1 0 0 0\n"
		    "[PDRM|IDN] 1 1 1 1 2 1\n"
		    "[PDRM|MYS] 1 0 1 0 0 0\n",
		fx->s, H1, NULL, 2, DIM_AGENCY, DIM_NATIONALITY);
	struct case_filter f;
	case_filter_init(&f);
	f.kind = KIND_SOM;
	CHECK_TALLY("[adult] 0 0 0 1 1 0\n"
		    "[child] 0 0 0 1 1 0\n"
		    "[unknown] 0 0 0 1 0 0\n",
		fx->s, H1, &f, 1, DIM_AGE_GROUP);
}

static void test_tally_follows_edits(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c;
	tally_data(fx->s);
	case_init(&c);

	/* C moves into the period: it counts, and so does S5's arrest (the roles' copy of the
	 * action date follows the case). */
	assert_int_equal(store_case_get(fx->s, "PDRM/2020/000001", &c, &fx->err), 0);
	c.action_date = D("2021-01-05");
	assert_int_equal(store_case_update(fx->s, &c, &fx->err), 0);
	CHECK_TALLY("4 3 3 1 2 2\n", fx->s, H1, NULL, 0);
	CHECK_TALLY("[2021-01] 2 2 2 0 0 1\n", fx->s, "2021-01-01", "2021-01-31", NULL, 1, DIM_MONTH);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons WHERE case_action_date = '2021-01-05'"), 1);

	/* C turns into a smuggling case: its arrest moves with it. */
	c.kind = KIND_SOM;
	strvec_clear(&c.forms);
	strvec_clear(&c.offences);
	strvec_push(&c.offences, "26A");
	assert_int_equal(store_case_update(fx->s, &c, &fx->err), 0);
	CHECK_TALLY("3 2 2 2 3 2\n", fx->s, H1, NULL, 0);

	/* D goes, with S6 and M1; S1 stays for A. */
	assert_int_equal(store_case_delete(fx->s, "PDRM/2021/000002", 0, &fx->err), 0);
	CHECK_TALLY("3 2 2 1 1 2\n", fx->s, H1, NULL, 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons WHERE person_ref IN ('S6', 'M1')"), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM persons WHERE person_ref = 'S1'"), 1);

	/* A rescue date moved out of the period stops counting. */
	PUT(fx->s, "JIM/2021/000001", "V3", PROLE_VICTIM, 'M', "2003-06-30", -1, "BGD", "", "2021-07-01");
	CHECK_TALLY("3 2 2 1 1 1\n", fx->s, H1, NULL, 0);
	case_release(&c);
}

static void test_tally_age_boundaries(void **state)
{
	struct fx *fx = *state;
	const struct {
		const char *action, *birth;
		int age;
		const char *group;
	} t[] = {
		{"2021-02-28", "2003-02-28", -1, "adult"},   /* the 18th birthday */
		{"2021-02-27", "2003-02-28", -1, "child"},   /* the day before */
		{"2018-02-28", "2000-02-29", -1, "child"},   /* born on 29 February: not yet */
		{"2018-03-01", "2000-02-29", -1, "adult"},   /* 18 from 1 March */
		{"2016-02-29", "1998-02-28", -1, "adult"},
		{"2019-01-01", "", 17, "child"},
		{"2019-01-02", "", 18, "adult"},
		{"2019-01-03", "", -1, "unknown"},
		{"2019-01-04", "1990-01-01", 10, "adult"},   /* the birth date before the recorded age */
		{"2019-01-05", "2018-12-31", -1, "child"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char ref[CASE_REF_MAX], person[16], expected[64];
		snprintf(ref, sizeof(ref), "PDRM/2021/%06zu", i + 1);
		snprintf(person, sizeof(person), "V%zu", i);
		insert_case(fx->s, ref, KIND_TIP, "PDRM", t[i].action, "MY-01", "sexual", STATUS_INVESTIGATION);
		PUT(fx->s, ref, person, PROLE_VICTIM, 'F', t[i].birth, t[i].age, "IDN", "", t[i].action);
		snprintf(expected, sizeof(expected), "[%s] 1 0 0 0 0 1\n", t[i].group);
		char *got = tally_str(fx->s, t[i].action, t[i].action, NULL, 1, DIM_AGE_GROUP);
		if (strcmp(got, expected))
			fail_msg("case %zu (%s, born %s, age %d): got %s", i, t[i].action, t[i].birth, t[i].age, got);
		free(got);
	}
}

static void test_tally_bad_query(void **state)
{
	struct fx *fx = *state;
	struct tally_query q;
	memset(&q, 0, sizeof(q));
	case_filter_init(&q.filter);
	q.from = D("2021-01-01");
	q.to = D("2021-12-31");
	q.ndims = 2;
	q.dims[0] = DIM_MONTH;
	q.dims[1] = DIM_MONTH;
	assert_int_equal(store_tally(fx->s, &q, collect_row, &(struct rows){2, BUF_INIT}, &fx->err), MAPO_EINVAL);
	q.dims[1] = DIM__COUNT;
	assert_int_equal(store_tally(fx->s, &q, collect_row, &(struct rows){2, BUF_INIT}, &fx->err), MAPO_EINVAL);
	q.ndims = TALLY_MAX_DIMS + 1;
	assert_int_equal(store_tally(fx->s, &q, collect_row, &(struct rows){2, BUF_INIT}, &fx->err), MAPO_EINVAL);
}

/* The statement's totals must be answered from indexes alone: every part of the plan searches a
 * covering index, none scans a table. */
static void test_tally_plan(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[4096];
	if (on_pg())
		skip();
	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", sql_tally_totals);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	int searches = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		if (!strncmp(detail, "SCALAR SUBQUERY", 15) || !strcmp(detail, "SCAN CONSTANT ROW"))
			continue;
		if (!strstr(detail, "SEARCH") || !strstr(detail, "COVERING INDEX"))
			fail_msg("plan step without a covering index: %s", detail);
		searches++;
	}
	assert_int_equal(searches, 6);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* With dimensions and filters, every arm still starts from an index range: no table of cases,
 * forms, persons or roles is scanned whole, for any dimension alone or beside another. */
static void test_tally_plan_dims(void **state)
{
	struct fx *fx = *state;
	sqlite3 *db;
	if (on_pg())
		skip();
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	for (int d0 = -1; d0 < DIM__COUNT; d0++) {
		for (int d1 = -1; d1 < DIM__COUNT; d1++) {
			struct tally_query q;
			memset(&q, 0, sizeof(q));
			case_filter_init(&q.filter);
			if (d0 >= 0)
				q.dims[q.ndims++] = (enum stat_dim)d0;
			if (d1 >= 0 && d1 != d0)
				q.dims[q.ndims++] = (enum stat_dim)d1;
			if (d0 < 0 && d1 < 0)
				q.filter.agency = "PDRM";
			if (d1 == DIM_FORM)
				q.filter.form = "sexual";
			if (d1 == DIM_STATUS)
				q.filter.status_mask = 3;
			struct buf sql = BUF_INIT;
			buf_addstr(&sql, "EXPLAIN QUERY PLAN ");
			assert_int_equal(sql_tally_statement(&q, &sql), false);
			sqlite3_stmt *st;
			if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
				fail_msg("dims %d, %d: %s", d0, d1, sqlite3_errmsg(db));
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *detail = (const char *)sqlite3_column_text(st, 3);
				if (!strncmp(detail, "SCAN ", 5) && strncmp(detail, "SCAN t", 6) && strncmp(detail, "SCAN arm", 8) &&
					strncmp(detail, "SCAN (subquery", 14) && strcmp(detail, "SCAN CONSTANT ROW"))
					fail_msg("dims %d, %d: %s", d0, d1, detail);
			}
			sqlite3_finalize(st);
			buf_release(&sql);
		}
	}
	sqlite3_close(db);
}

/* The reach that access_narrow_filter sets (statuses, referring organisation, cases with victims,
 * nothing) narrows the tally and the listing alike, in every arm. */
static void test_tally_reach(void **state)
{
	struct fx *fx = *state;
	struct case_filter f;
	tally_data(fx->s);
	assert_int_equal(store_case_set_source_org(fx->s, "PDRM/2021/000001", "NGO-A", &fx->err), 0);
	assert_int_equal(store_case_set_source_org(fx->s, "PDRM/2021/000002", "NGO-A", &fx->err), 0);
	assert_int_equal(store_case_set_source_org(fx->s, "JIM/2021/000001", "NGO-B", &fx->err), 0);

	case_filter_init(&f);
	f.status_mask = (1u << STATUS_CHARGED) | (1u << STATUS_CLOSED); /* A and F */
	CHECK_TALLY("2 1 1 0 0 1\n", fx->s, H1, &f, 0);
	CHECK_TALLY("[] 1 0 1 0 0 0\n[BGD] 1 0 1 0 0 0\n[IDN] 1 1 1 0 0 1\n[MYS] 1 0 1 0 0 0\n", fx->s,
		"2021-01-01", "2021-01-31", &f, 1, DIM_NATIONALITY);
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000003 PDRM/2021/000001");
	case_filter_init(&f);
	f.source_org = "NGO-A"; /* A and D */
	CHECK_TALLY("1 1 1 1 2 1\n", fx->s, H1, &f, 0);
	CHECK_TALLY("[2021-01] 1 1 1 0 0 1\n[2021-03] 0 0 0 1 2 0\n", fx->s, H1, &f, 1, DIM_MONTH);
	assert_string_equal(listed(fx->s, &f), "PDRM/2021/000001 PDRM/2021/000002");
	case_filter_init(&f);
	f.with_victims = true; /* A and B */
	CHECK_TALLY("2 2 2 0 0 2\n", fx->s, H1, &f, 0);
	CHECK_TALLY("[F] 2 0 2 0 0 1\n[M] 2 2 2 0 0 1\n[U] 1 0 1 0 0 0\n", fx->s, H1, &f, 1, DIM_SEX);
	assert_string_equal(listed(fx->s, &f), "JIM/2021/000001 PDRM/2021/000001");
	case_filter_init(&f);
	f.match_none = true;
	CHECK_TALLY("0 0 0 0 0 0\n", fx->s, H1, &f, 0);
	CHECK_TALLY("", fx->s, H1, &f, 1, DIM_KIND);
	assert_string_equal(listed(fx->s, &f), "");
}

/* ---- transactions and the fault seam -------------------------------------------------------- */

static void test_nested_transactions(void **state)
{
	struct fx *fx = *state;
	/* Only the outermost commit writes. */
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	insert_case(fx->s, "PDRM/2021/000001", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	assert_int_equal(store_commit(fx->s, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 0);
	assert_int_equal(store_commit(fx->s, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 1);

	/* An inner rollback undoes the outermost transaction, and the rest of it refuses to go on. */
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	insert_case(fx->s, "PDRM/2021/000002", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	assert_int_equal(store_begin(fx->s, &fx->err), 0);
	insert_case(fx->s, "PDRM/2021/000003", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	store_rollback(fx->s);
	assert_int_equal(store_begin(fx->s, &fx->err), MAPO_ESTORE);
	struct mapo_case c;
	make_case(&c, "PDRM/2021/000004", KIND_TIP, "PDRM", "2021-01-01", "MY-01", "sexual");
	assert_int_not_equal(store_case_insert(fx->s, &c, &fx->err), 0);
	assert_int_equal(store_commit(fx->s, &fx->err), MAPO_ESTORE);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 1);

	/* Afterwards all is normal again. */
	assert_int_equal(store_commit(fx->s, &fx->err), MAPO_ESTORE); /* none open */
	assert_int_equal(store_case_insert(fx->s, &c, &fx->err), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases"), 2);
	case_release(&c);
}

/* An import-like batch in one transaction: cases, persons, an edit, a removal, a deletion. */
static int batch(store *s, struct mapo_error *err)
{
	struct mapo_case c;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	make_case(&c, "PDRM/2021/000010", KIND_TIP, "PDRM", "2021-05-01", "MY-01", "sexual;forced-labour");
	strvec_push(&c.offences, "13");
	if ((rc = store_case_insert(s, &c, err)))
		goto out;
	if ((rc = put_person(s, c.ref, "B-S1", PROLE_SUSPECT, 'M', "", 33, "IDN", "2021-05-01", "", err)))
		goto out;
	if ((rc = put_person(s, c.ref, "B-V1", PROLE_VICTIM, 'F', "2001-01-01", -1, "BGD", "", "2021-05-01", err)))
		goto out;
	if ((rc = put_person(s, "JIM/2021/000001", "B-V1", PROLE_VICTIM, 'F', "2001-01-01", -1, "BGD", "", "", err)))
		goto out;
	c.status = STATUS_CHARGED;
	c.action_date = D("2021-05-02");
	if ((rc = store_case_update(s, &c, err)))
		goto out;
	if ((rc = store_person_remove(s, "JIM/2021/000001", "OLD-1", PROLE_SUSPECT, err)))
		goto out;
	if ((rc = store_case_delete(s, "JIM/2021/000002", 0, err)))
		goto out;
	rc = store_commit(s, err);
out:
	if (rc)
		store_rollback(s);
	case_release(&c);
	return rc;
}

static void test_fault_injection(void **state)
{
	struct fx *fx = *state;
	insert_case(fx->s, "JIM/2021/000001", KIND_TIP, "JIM", "2021-01-01", "MY-01", "sexual", STATUS_INVESTIGATION);
	insert_case(fx->s, "JIM/2021/000002", KIND_SOM, "JIM", "2021-01-02", "MY-01", "", STATUS_INVESTIGATION);
	PUT(fx->s, "JIM/2021/000001", "OLD-1", PROLE_SUSPECT, 'M', "", 40, "MYS", "2021-01-01", "");
	PUT(fx->s, "JIM/2021/000002", "OLD-2", PROLE_SUSPECT, 'M', "", 41, "MYS", "2021-01-02", "");
	long long before = all_rows(fx->path);
	char *totals_before = tally_str(fx->s, "", "", NULL, 0);

	/* Fail the 1st, 2nd, ... write of the batch: each time nothing at all remains. */
	unsigned long n;
	int rc = -1;
	for (n = 1; n < 200; n++) {
		store_fail_after(fx->s, n);
		rc = batch(fx->s, &fx->err);
		store_fail_after(fx->s, 0);
		if (!rc)
			break;
		if (rc != MAPO_ESTORE)
			fail_msg("write %lu: rc %d (%s)", n, rc, fx->err.msg);
		assert_string_equal(fx->err.msg, "the disk is full");
		assert_int_equal(all_rows(fx->path), before);
		char *totals = tally_str(fx->s, "", "", NULL, 0);
		assert_string_equal(totals, totals_before);
		free(totals);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 15); /* the batch's writes were all tried, one by one */
	assert_int_not_equal(all_rows(fx->path), before);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases WHERE ref = 'PDRM/2021/000010' AND version = 2"), 1);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM cases WHERE ref = 'JIM/2021/000002'"), 0);
	assert_int_equal(raw_count(fx->path, "SELECT count(*) FROM case_persons WHERE case_action_date = '2021-05-02'"), 2);
	free(totals_before);

	/* A single call in its own transaction: an edit that fails half-way keeps the old version. */
	struct mapo_case c, got;
	case_init(&c);
	case_init(&got);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000010", &c, &fx->err), 0);
	before = all_rows(fx->path);
	for (n = 1; n < 50; n++) {
		c.kind = KIND_SOM;
		strvec_clear(&c.forms);
		strvec_clear(&c.offences);
		strvec_push(&c.offences, "26A");
		c.status = STATUS_CLOSED;
		store_fail_after(fx->s, n);
		rc = store_case_update(fx->s, &c, &fx->err);
		store_fail_after(fx->s, 0);
		if (!rc)
			break;
		assert_int_equal(rc, MAPO_ESTORE);
		assert_int_equal(c.version, 2);
		assert_int_equal(all_rows(fx->path), before);
		assert_int_equal(store_case_get(fx->s, "PDRM/2021/000010", &got, &fx->err), 0);
		assert_int_equal(got.version, 2);
		assert_int_equal(got.kind, KIND_TIP);
		assert_int_equal(got.forms.n, 2);
		assert_int_equal(got.offences.n, 2);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 4);
	assert_int_equal(c.version, 3);
	case_release(&c);
	case_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_files_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_duplicate_and_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_version_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_seq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_sort_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ref_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_case_dims, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_person_dims, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_follows_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_age_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_bad_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_plan_dims, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tally_reach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_injection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
