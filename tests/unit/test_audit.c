/* Tests of src/core/audit.c: the chain, listing with filters, and tampering with rows through
 * raw SQL on the database file (edit, delete, reorder), each found at the right entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "auth_fixture.h"
#include "core/audit.h"
#include "store/store_auth.h"

#define NENTRIES 10

/* Ten entries by two users over ten hours; entry i at start + (i - 1) hours. */
static struct fixture *trail(void)
{
	struct fixture *fx = fixture_new();
	struct principal p;
	struct mapo_error err;
	principal_init_anonymous(&p, "192.0.2.10");
	p.role = ROLE_AGENCY_OFFICER;
	p.user_id = 1;
	for (int i = 1; i <= NENTRIES; i++) {
		char ref[32], detail[64];
		int64_t id = 0;
		snprintf(p.username, sizeof(p.username), "%s", i % 2 ? "amina" : "badrul");
		snprintf(ref, sizeof(ref), "PDRM/2021/%06d", (i + 1) / 2);
		snprintf(detail, sizeof(detail), "entry %d: status investigation -> charged", i);
		if (audit_append(fx->st, &p, i <= 6 ? "case-update" : "person-view", "case", ref, detail, &id, &err))
			fail_msg("append: %s", err.msg);
		assert_int_equal(id, i);
		fixture_time += 3600;
	}
	return fx;
}

static void verify(struct fixture *fx, enum audit_fault fault, int64_t bad_id)
{
	struct audit_report r;
	struct mapo_error err;
	char msg[256];
	assert_ok(audit_verify(fx->st, &r, &err));
	audit_fault_message(&r, msg, sizeof(msg));
	if (r.fault != fault || r.bad_id != bad_id)
		fail_msg("expected fault %d at %lld, got %d at %lld (%s)", fault, (long long)bad_id, r.fault,
			(long long)r.bad_id, msg);
	if (fault != AUDIT_OK) {
		char id[32];
		snprintf(id, sizeof(id), "entry %lld", (long long)bad_id);
		assert_non_null(strstr(msg, id));
		assert_int_equal(r.checked, bad_id - 1);
	}
}

static void test_chain_intact(void **state)
{
	(void)state;
	struct fixture *fx = trail();
	struct audit_report r;
	struct mapo_error err;
	assert_ok(audit_verify(fx->st, &r, &err));
	assert_int_equal(r.fault, AUDIT_OK);
	assert_int_equal(r.checked, NENTRIES);
	assert_int_equal(r.last_id, NENTRIES);
	assert_int_equal(strlen(r.last_hash), 64);

	/* each row holds the hash of the one before, and the first the zero hash */
	char *prev1 = fixture_query(fx, "SELECT prev_hash FROM audit_log WHERE id = 1");
	assert_string_equal(prev1, "0000000000000000000000000000000000000000000000000000000000000000");
	free(prev1);
	char *h1 = fixture_query(fx, "SELECT hash FROM audit_log WHERE id = 1");
	char *prev2 = fixture_query(fx, "SELECT prev_hash FROM audit_log WHERE id = 2");
	assert_string_equal(h1, prev2);
	free(h1);
	free(prev2);
	char *last = fixture_query(fx, "SELECT hash FROM audit_log WHERE id = 10");
	assert_string_equal(last, r.last_hash);
	free(last);

	/* an empty trail is intact */
	struct fixture *empty = fixture_new();
	assert_ok(audit_verify(empty->st, &r, &err));
	assert_int_equal(r.fault, AUDIT_OK);
	assert_int_equal(r.checked, 0);
	fixture_free(empty);
	fixture_free(fx);
}

static void test_hash_covers_every_field(void **state)
{
	(void)state;
	struct audit_entry e;
	char base[AUDIT_HASH_STRLEN], h[AUDIT_HASH_STRLEN];
	audit_entry_init(&e);
	e.at = 1625000000;
	e.user = xstrdup("amina");
	e.address = xstrdup("192.0.2.1");
	e.action = xstrdup("case-update");
	e.object_type = xstrdup("case");
	e.object_id = xstrdup("PDRM/2021/000001");
	e.detail = xstrdup("x");
	snprintf(e.prev_hash, sizeof(e.prev_hash), "%064d", 0);
	audit_entry_hash(&e, base);
	assert_int_equal(strlen(base), 64);
	audit_entry_hash(&e, h);
	assert_string_equal(base, h);

	char **fields[] = {&e.user, &e.address, &e.action, &e.object_type, &e.object_id, &e.detail};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char *keep = *fields[i];
		*fields[i] = xasprintf("%s!", keep);
		audit_entry_hash(&e, h);
		assert_string_not_equal(base, h);
		free(*fields[i]);
		*fields[i] = keep;
	}
	/* moving bytes from one field to the next changes the hash too */
	free(e.user);
	free(e.address);
	e.user = xstrdup("amina1");
	e.address = xstrdup("92.0.2.1");
	audit_entry_hash(&e, h);
	assert_string_not_equal(base, h);
	e.at++;
	audit_entry_hash(&e, h);
	assert_string_not_equal(base, h);
	e.at--;
	e.prev_hash[0] = '1';
	audit_entry_hash(&e, h);
	assert_string_not_equal(base, h);
	/* the id is not hashed: order is kept by prev_hash, completeness by the numbering */
	e.prev_hash[0] = '0';
	free(e.user);
	free(e.address);
	e.user = xstrdup("amina");
	e.address = xstrdup("192.0.2.1");
	e.id = 77;
	audit_entry_hash(&e, h);
	assert_string_equal(base, h);
	audit_entry_release(&e);
}

static void test_tamper_edit(void **state)
{
	(void)state;
	struct fixture *fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 5");
	verify(fx, AUDIT_EDITED, 5);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET username = 'someone' WHERE id = 1");
	verify(fx, AUDIT_EDITED, 1);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET logged_at = logged_at - 86400 WHERE id = 8");
	verify(fx, AUDIT_EDITED, 8);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET hash = "
		"(CASE WHEN substr(hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END) || substr(hash, 2) WHERE id = 10");
	verify(fx, AUDIT_EDITED, 10);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 2) WHERE id = 4");
	verify(fx, AUDIT_EDITED, 4);
	fixture_free(fx);
}

static void test_tamper_edit_and_rehash(void **state)
{
	(void)state;
	/* an intruder who edits entry 5 and recomputes its hash breaks the link to entry 6 */
	struct fixture *fx = trail();
	struct audit_entry e;
	audit_entry_init(&e);
	fixture_sql(fx, "UPDATE audit_log SET detail = 'rewritten' WHERE id = 5");
	/* recompute entry 5's hash as the intruder would, from the stored row */
	char *prev = fixture_query(fx, "SELECT prev_hash FROM audit_log WHERE id = 5");
	char *at = fixture_query(fx, "SELECT logged_at FROM audit_log WHERE id = 5");
	long long at_v = 0;
	assert_int_equal(parse_int(at, 0, INT64_MAX, &at_v), 0);
	e.at = at_v;
	e.user = fixture_query(fx, "SELECT username FROM audit_log WHERE id = 5");
	e.address = fixture_query(fx, "SELECT address FROM audit_log WHERE id = 5");
	e.action = fixture_query(fx, "SELECT action FROM audit_log WHERE id = 5");
	e.object_type = fixture_query(fx, "SELECT object_type FROM audit_log WHERE id = 5");
	e.object_id = fixture_query(fx, "SELECT object_id FROM audit_log WHERE id = 5");
	e.detail = fixture_query(fx, "SELECT detail FROM audit_log WHERE id = 5");
	snprintf(e.prev_hash, sizeof(e.prev_hash), "%s", prev);
	audit_entry_hash(&e, e.hash);
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET hash = '%s' WHERE id = 5", e.hash);
	fixture_sql(fx, sql);
	verify(fx, AUDIT_REORDERED, 6);
	free(prev);
	free(at);
	audit_entry_release(&e); /* fixture_query's strings are malloc'd, as the entry's own */
	fixture_free(fx);
}

static void test_tamper_delete(void **state)
{
	(void)state;
	struct fixture *fx = trail();
	fixture_sql(fx, "DELETE FROM audit_log WHERE id = 4");
	verify(fx, AUDIT_REMOVED, 4);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "DELETE FROM audit_log WHERE id = 1");
	verify(fx, AUDIT_REMOVED, 1);
	fixture_free(fx);

	fx = trail();
	fixture_sql(fx, "DELETE FROM audit_log WHERE id IN (6, 7, 8)");
	verify(fx, AUDIT_REMOVED, 6);
	fixture_free(fx);

	/* deleting and renumbering the rest to hide the gap breaks the chain at the gap */
	fx = trail();
	fixture_sql(fx, "DELETE FROM audit_log WHERE id = 4; "
		"UPDATE audit_log SET id = id - 1 WHERE id > 4");
	verify(fx, AUDIT_REORDERED, 4);
	fixture_free(fx);
}

static void test_tamper_reorder(void **state)
{
	(void)state;
	struct fixture *fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET id = -1 WHERE id = 3; "
		"UPDATE audit_log SET id = 3 WHERE id = 7; "
		"UPDATE audit_log SET id = 7 WHERE id = -1");
	verify(fx, AUDIT_REORDERED, 3);
	fixture_free(fx);

	/* swapping the contents but keeping ids and hashes in place is an edit */
	fx = trail();
	fixture_sql(fx, "UPDATE audit_log SET detail = (SELECT detail FROM audit_log WHERE id = 9) WHERE id = 2");
	verify(fx, AUDIT_EDITED, 2);
	fixture_free(fx);

	/* the trail goes on correctly after appending to an intact chain */
	fx = trail();
	struct mapo_error err;
	int64_t id;
	assert_ok(audit_append_as(fx->st, "", "", "export", "", "", "csv", &id, &err));
	assert_int_equal(id, NENTRIES + 1);
	verify(fx, AUDIT_OK, 0);
	fixture_free(fx);
}

struct listed {
	int n;
	int64_t ids[NENTRIES + 2];
};

static int collect(const struct audit_entry *e, void *arg)
{
	struct listed *l = arg;
	assert_true(l->n < NENTRIES + 2);
	l->ids[l->n++] = e->id;
	assert_non_null(e->user);
	assert_non_null(e->detail);
	return 0;
}

static void list(struct fixture *fx, const struct audit_filter *f, int n, const int64_t *ids)
{
	struct listed l;
	struct mapo_error err;
	long long count;
	memset(&l, 0, sizeof(l));
	assert_ok(audit_list(fx->st, f, collect, &l, &err));
	assert_int_equal(l.n, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(l.ids[i], ids[i]);
	if (!f->limit && !f->offset) {
		assert_ok(audit_count(fx->st, f, &count, &err));
		assert_int_equal(count, n);
	}
}

static void test_list_filters(void **state)
{
	(void)state;
	struct fixture *fx = trail();
	struct audit_filter f;
	int64_t start = 1625000000;

	audit_filter_init(&f);
	list(fx, &f, 10, (int64_t[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
	f.user = "amina";
	list(fx, &f, 5, (int64_t[]){1, 3, 5, 7, 9});
	f.action = "person-view";
	list(fx, &f, 2, (int64_t[]){7, 9});
	audit_filter_init(&f);
	f.object_type = "case";
	f.object_id = "PDRM/2021/000002";
	list(fx, &f, 2, (int64_t[]){3, 4});
	f.object_type = "user";
	list(fx, &f, 0, NULL);

	/* the date range, both ends inclusive */
	audit_filter_init(&f);
	f.from = start + 2 * 3600;
	f.to = start + 4 * 3600;
	list(fx, &f, 3, (int64_t[]){3, 4, 5});
	f.to = 0;
	list(fx, &f, 8, (int64_t[]){3, 4, 5, 6, 7, 8, 9, 10});

	/* paging, newest first */
	audit_filter_init(&f);
	f.newest_first = true;
	f.limit = 3;
	list(fx, &f, 3, (int64_t[]){10, 9, 8});
	f.offset = 3;
	list(fx, &f, 3, (int64_t[]){7, 6, 5});
	f.offset = 9;
	list(fx, &f, 1, (int64_t[]){1});
	f.limit = 0;
	f.offset = 8;
	list(fx, &f, 2, (int64_t[]){2, 1});

	/* a filter value is data, never SQL */
	audit_filter_init(&f);
	f.user = "amina' OR '1'='1";
	list(fx, &f, 0, NULL);
	fixture_free(fx);
}

static void test_append_in_transaction(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct mapo_error err;
	long long n;

	/* an entry is written with the change it records, or not at all */
	assert_ok(store_begin(fx->st, &err));
	assert_ok(audit_append(fx->st, NULL, "case-delete", "case", "PDRM/2021/000001", NULL, NULL, &err));
	store_rollback(fx->st);
	assert_ok(audit_count(fx->st, NULL, &n, &err));
	assert_int_equal(n, 0);

	assert_ok(store_begin(fx->st, &err));
	assert_ok(audit_append(fx->st, NULL, "case-delete", "case", "PDRM/2021/000001", NULL, NULL, &err));
	assert_ok(audit_append(fx->st, NULL, "case-delete", "case", "PDRM/2021/000002", NULL, NULL, &err));
	assert_ok(store_commit(fx->st, &err));
	assert_ok(audit_count(fx->st, NULL, &n, &err));
	assert_int_equal(n, 2);
	verify(fx, AUDIT_OK, 0);

	/* no action, no entry */
	assert_int_equal(audit_append(fx->st, NULL, "", NULL, NULL, NULL, NULL, &err), MAPO_EINVAL);

	/* a long detail is cut on a character boundary */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 3000; i++)
		buf_addstr(&b, "é");
	assert_ok(audit_append_as(fx->st, "amina", "192.0.2.1", "import", NULL, NULL, buf_str(&b), NULL, &err));
	/* counted in bytes here, as stored, on either database */
	char *detail = fixture_query(fx, "SELECT detail FROM audit_log WHERE id = 3");
	size_t bytes = strlen(detail);
	assert_true(bytes <= AUDIT_FIELD_MAX && bytes >= AUDIT_FIELD_MAX - 1);
	assert_int_equal(bytes % 2, 0);
	assert_true(utf8_valid(detail, bytes));
	free(detail);
	buf_release(&b);
	verify(fx, AUDIT_OK, 0);
	fixture_free(fx);
}

/* The detail of a case change names the status move and each other field that differs. */
static void test_case_changes(void **state)
{
	(void)state;
	struct mapo_case a, b;
	struct buf out = BUF_INIT;
	case_init(&a);
	case_init(&b);
	snprintf(a.ref, sizeof(a.ref), "PDRM/2021/000001");
	a.kind = KIND_TIP;
	a.status = STATUS_INVESTIGATION;
	snprintf(a.agency, sizeof(a.agency), "PDRM");
	strvec_push(&a.offences, "12");
	case_set_summary(&a, "one");
	case_copy(&b, &a);
	audit_case_changes(&a, &b, &out);
	assert_string_equal(buf_str(&out), "");
	b.status = STATUS_CHARGED;
	case_set_summary(&b, "two");
	strvec_push(&b.offences, "13");
	audit_case_changes(&a, &b, &out);
	assert_string_equal(buf_str(&out), "status: investigation -> charged; offences; summary");
	buf_reset(&out);
	case_copy(&b, &a);
	snprintf(b.state, sizeof(b.state), "MY-10");
	audit_case_changes(&a, &b, &out);
	assert_string_equal(buf_str(&out), "state");
	buf_release(&out);
	case_release(&a);
	case_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_intact),
		cmocka_unit_test(test_hash_covers_every_field),
		cmocka_unit_test(test_tamper_edit),
		cmocka_unit_test(test_tamper_edit_and_rehash),
		cmocka_unit_test(test_tamper_delete),
		cmocka_unit_test(test_tamper_reorder),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_append_in_transaction),
		cmocka_unit_test(test_case_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
