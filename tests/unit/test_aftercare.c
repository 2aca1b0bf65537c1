/* Tests of src/core/aftercare.c (with the store and the vault): s.51A permits and repatriations
 * listed by person and by period, updated with versions (a stale one refused), their sealed notes
 * opened only for a full view, the role refused before any validation, a partner's narrowed
 * lists, and the audit of each change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth_fixture.h"
#include "core/aftercare.h"
#include "core/audit.h"
#include "core/protection.h"
#include "store/store_protection.h"

#define TIP_REF "PDRM/2021/000001"

struct afx {
	struct fixture *fx;
	char key_path[160];
	vault *v;
};

static mapo_date D(const char *s)
{
	mapo_date d;
	if (date_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

static void add_victim(store *st, const char *person_ref)
{
	struct case_person p;
	struct mapo_error err;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", TIP_REF);
	snprintf(p.person_ref, sizeof(p.person_ref), "%s", person_ref);
	p.role = PROLE_VICTIM;
	p.sex = 'F';
	p.age = 24;
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	p.trafficking_status = TSTATUS_ACTUAL;
	p.rescue_date = D("2021-03-01");
	assert_ok(store_person_put(st, &p, &err));
}

static int setup(void **state)
{
	struct afx *a = calloc(1, sizeof(*a));
	struct mapo_error err;
	struct mapo_case c;

	a->fx = fixture_new();
	snprintf(a->key_path, sizeof(a->key_path), "%s.key", a->fx->path);
	assert_ok(vault_key_create(a->key_path, &err));
	assert_ok(vault_open(&a->v, a->key_path, &err));
	case_init(&c);
	snprintf(c.ref, sizeof(c.ref), "%s", TIP_REF);
	c.kind = KIND_TIP;
	snprintf(c.agency, sizeof(c.agency), "PDRM");
	c.action_date = D("2021-03-01");
	snprintf(c.state, sizeof(c.state), "MY-01");
	strvec_push(&c.offences, "12");
	strvec_push(&c.forms, "forced-labour");
	c.status = STATUS_INVESTIGATION;
	assert_ok(store_case_insert(a->fx->st, &c, &err));
	case_release(&c);
	struct ref_item countries[] = {{"IDN", "Indonesia", "Indonesia", "ID"}, {"PHL", "Filipina", "Philippines", "PH"}};
	assert_ok(store_ref_replace(a->fx->st, REF_COUNTRY, countries, 2, &err));
	add_victim(a->fx->st, "V1");
	add_victim(a->fx->st, "V2");
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	struct afx *a = *state;
	vault_free(a->v);
	unlink(a->key_path);
	fixture_free(a->fx);
	free(a);
	return 0;
}

enum who { ADMIN, SEC, OFFICER, PROT, PARTNER };

static void make_principal(enum who w, struct principal *p)
{
	principal_init_anonymous(p, "192.0.2.7");
	p->user_id = 20 + w;
	snprintf(p->username, sizeof(p->username), "u%d", (int)w);
	switch (w) {
	case ADMIN: p->role = ROLE_ADMIN; break;
	case SEC: p->role = ROLE_SECRETARIAT; break;
	case OFFICER: p->role = ROLE_AGENCY_OFFICER; snprintf(p->agency, sizeof(p->agency), "JIM"); break;
	case PROT: p->role = ROLE_PROTECTION_OFFICER; break;
	case PARTNER: p->role = ROLE_PARTNER; snprintf(p->org, sizeof(p->org), "NGO Alpha"); break;
	}
}

static int64_t add_permit(struct afx *a, const char *person, bool work, const char *from, const char *to)
{
	struct movement_permit m;
	struct mapo_error err;
	int64_t id = 0;
	memset(&m, 0, sizeof(m));
	snprintf(m.person_ref, sizeof(m.person_ref), "%s", person);
	m.risk_assessed_on = m.medical_on = m.mental_health_on = D("2021-04-01");
	m.work = work;
	m.employer = work ? "Kilang Contoh Sdn Bhd" : NULL;
	m.valid_from = D(from);
	m.valid_to = to ? D(to) : DATE_NONE;
	assert_ok(aftercare_permit_add(a->fx->st, a->v, NULL, &m, &id, &err));
	assert_true(id > 0);
	return id;
}

/* What a list gave: ids, and the last record's fields. */
struct seen {
	char ids[128];
	struct permit_rec last;
	char employer[128];
	bool employer_open;
	struct repat_rec last_repat;
	char follow_up[128];
};

static int seen_permit(const struct permit_rec *m, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->ids);
	snprintf(s->ids + n, sizeof(s->ids) - n, "%s%lld", n ? " " : "", (long long)m->id);
	s->last = *m;
	s->employer_open = m->employer != NULL;
	snprintf(s->employer, sizeof(s->employer), "%s", m->employer ? m->employer : "");
	s->last.employer = NULL;
	return 0;
}

static int seen_repat(const struct repat_rec *r, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->ids);
	snprintf(s->ids + n, sizeof(s->ids) - n, "%s%lld", n ? " " : "", (long long)r->id);
	s->last_repat = *r;
	snprintf(s->follow_up, sizeof(s->follow_up), "%s", r->follow_up ? r->follow_up : "");
	s->last_repat.follow_up = NULL;
	return 0;
}

static int last_detail(const struct audit_entry *e, void *arg)
{
	snprintf(arg, 128, "%s %s", e->user, e->detail);
	return 0;
}

static void list_permits(struct afx *a, const struct principal *p, const char *person, const char *from,
	const char *to, struct seen *s)
{
	struct mapo_error err;
	struct aftercare_query q = {person, from ? D(from) : DATE_NONE, to ? D(to) : DATE_NONE};
	memset(s, 0, sizeof(*s));
	assert_ok(aftercare_permit_list(a->fx->st, a->v, p, &q, seen_permit, s, &err));
}

static void test_status_codes(void **state)
{
	(void)state;
	for (int i = 0; i < PERMIT__COUNT; i++)
		assert_int_equal(permit_status_parse(permit_status_code((enum permit_status)i)), i);
	assert_int_equal(permit_status_parse("lapsed"), -1);
	assert_int_equal(permit_status_parse(NULL), -1);
}

static void test_permit_lists(void **state)
{
	struct afx *a = *state;
	struct seen s;
	struct principal admin, sec;
	int64_t p1 = add_permit(a, "V1", true, "2021-05-01", "2021-07-31");
	int64_t p2 = add_permit(a, "V2", false, "2021-08-01", NULL);
	int64_t p3 = add_permit(a, "V1", false, "2021-09-01", "2021-09-30");
	char want[64];
	make_principal(ADMIN, &admin);
	make_principal(SEC, &sec);

	list_permits(a, &admin, NULL, NULL, NULL, &s);
	snprintf(want, sizeof(want), "%lld %lld %lld", (long long)p1, (long long)p2, (long long)p3);
	assert_string_equal(s.ids, want);
	list_permits(a, &admin, "V1", NULL, NULL, &s);
	snprintf(want, sizeof(want), "%lld %lld", (long long)p1, (long long)p3);
	assert_string_equal(s.ids, want);
	/* valid on a day of the period: p1 ends on the first day, p2 is open-ended */
	list_permits(a, &admin, NULL, "2021-07-31", "2021-08-15", &s);
	snprintf(want, sizeof(want), "%lld %lld", (long long)p1, (long long)p2);
	assert_string_equal(s.ids, want);
	list_permits(a, &admin, NULL, "2022-01-01", NULL, &s);
	snprintf(want, sizeof(want), "%lld", (long long)p2);
	assert_string_equal(s.ids, want);
	list_permits(a, &admin, NULL, NULL, "2021-04-30", &s);
	assert_string_equal(s.ids, "");

	/* the employer opens for a full view only, and only with the key */
	list_permits(a, &admin, "V1", NULL, "2021-05-31", &s);
	assert_true(s.employer_open);
	assert_string_equal(s.employer, "Kilang Contoh Sdn Bhd");
	assert_int_equal(s.last.version, 1);
	assert_int_equal(s.last.status, PERMIT_ACTIVE);
	list_permits(a, &sec, "V1", NULL, "2021-05-31", &s);
	assert_false(s.employer_open);
	assert_true(s.last.has_employer);
	struct mapo_error err;
	struct aftercare_query q = {"V1", DATE_NONE, DATE_NONE};
	memset(&s, 0, sizeof(s));
	assert_ok(aftercare_permit_list(a->fx->st, NULL, &admin, &q, seen_permit, &s, &err));
	assert_false(s.employer_open);

	/* a period running backwards, an unknown person */
	struct aftercare_query back = {NULL, D("2021-09-01"), D("2021-08-01")};
	assert_int_equal(aftercare_permit_list(a->fx->st, a->v, &admin, &back, seen_permit, &s, &err), MAPO_EINVAL);
	struct aftercare_query nobody = {"NOBODY", DATE_NONE, DATE_NONE};
	assert_int_equal(aftercare_permit_list(a->fx->st, a->v, &admin, &nobody, seen_permit, &s, &err), MAPO_ENOTFOUND);
}

static void test_permit_update(void **state)
{
	struct afx *a = *state;
	struct principal prot;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct seen s;
	int version = 0;
	int64_t id = add_permit(a, "V1", true, "2021-05-01", "2021-07-31");
	make_principal(PROT, &prot);

	struct permit_change c = {id, 1, true, D("2021-06-30"), "Ladang Contoh", PERMIT_REVOKED};
	assert_ok(aftercare_permit_update(a->fx->st, a->v, &prot, &c, &fe, &version, &err));
	assert_int_equal(version, 2);
	list_permits(a, NULL, "V1", NULL, NULL, &s);
	assert_int_equal(s.last.version, 2);
	assert_int_equal(s.last.status, PERMIT_REVOKED);
	assert_int_equal(s.last.valid_to, D("2021-06-30"));
	assert_string_equal(s.employer, "Ladang Contoh");

	/* audited with the names of the fields, never their values */
	struct audit_filter af;
	char detail[128] = "";
	audit_filter_init(&af);
	af.action = "permit-update";
	assert_ok(audit_list(a->fx->st, &af, last_detail, detail, &err));
	assert_string_equal(detail, "u3 valid_to status employer");

	/* the same version again is stale */
	c.status = PERMIT_ENDED;
	c.employer = NULL;
	c.set_valid_to = false;
	assert_int_equal(aftercare_permit_update(a->fx->st, a->v, &prot, &c, &fe, NULL, &err), MAPO_ECONFLICT);
	assert_non_null(strstr(err.msg, "version 2"));
	/* nothing changed by the refusal */
	list_permits(a, NULL, "V1", NULL, NULL, &s);
	assert_int_equal(s.last.status, PERMIT_REVOKED);

	/* bad values, each named */
	struct permit_change bad = {id, 2, true, D("2021-04-01"), "", PERMIT__COUNT};
	assert_int_equal(aftercare_permit_update(a->fx->st, a->v, &prot, &bad, &fe, NULL, &err), MAPO_EINVAL);
	const char *fields[] = {"valid_to", "status", "employer"};
	assert_int_equal(fe.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(fe.v[i].field, fields[i]);
	field_errors_release(&fe);
	/* an employer needs the key */
	struct permit_change nokey = {id, 2, false, DATE_NONE, "Kedai Contoh", -1};
	assert_int_equal(aftercare_permit_update(a->fx->st, NULL, &prot, &nokey, &fe, NULL, &err), MAPO_EINVAL);
	assert_string_equal(fe.v[0].field, "employer");
	field_errors_release(&fe);
	/* open-ended */
	struct permit_change open = {id, 2, true, DATE_NONE, NULL, PERMIT_ACTIVE};
	assert_ok(aftercare_permit_update(a->fx->st, a->v, &prot, &open, &fe, &version, &err));
	list_permits(a, NULL, "V1", NULL, NULL, &s);
	assert_int_equal(s.last.valid_to, DATE_NONE);
	assert_int_equal(s.last.version, 3);
	assert_string_equal(s.employer, "Ladang Contoh");
	struct permit_change missing = {999999, 1, false, DATE_NONE, NULL, -1};
	assert_int_equal(aftercare_permit_update(a->fx->st, a->v, &prot, &missing, &fe, NULL, &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no permit 999999");
}

static void test_rights_before_values(void **state)
{
	struct afx *a = *state;
	struct principal who;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	int64_t id = add_permit(a, "V1", false, "2021-05-01", NULL);
	/* a change with every value wrong: the roles that may not change get MAPO_EDENIED, no field */
	struct permit_change bad = {id, 0, true, D("2000-01-01"), "", PERMIT__COUNT};
	struct repat_change rbad = {1, 0, DATE_NONE, "??", "", ""};
	enum who refused[] = {SEC, OFFICER, PARTNER};
	for (size_t i = 0; i < 3; i++) {
		make_principal(refused[i], &who);
		assert_int_equal(aftercare_permit_update(a->fx->st, a->v, &who, &bad, &fe, NULL, &err), MAPO_EDENIED);
		assert_int_equal(aftercare_repatriation_update(a->fx->st, a->v, &who, &rbad, &fe, NULL, &err), MAPO_EDENIED);
		assert_int_equal(fe.n, 0);
		assert_int_equal(aftercare_may_act(a->fx->st, &who, PROTECT_EDIT, "V1", &err), MAPO_EDENIED);
	}
	/* a protection officer: a missing record is absent before its values are looked at */
	make_principal(PROT, &who);
	bad.id = 999999;
	assert_int_equal(aftercare_permit_update(a->fx->st, a->v, &who, &bad, &fe, NULL, &err), MAPO_ENOTFOUND);
	assert_int_equal(fe.n, 0);
	assert_ok(aftercare_may_act(a->fx->st, &who, PROTECT_EDIT, "V1", &err));
	assert_int_equal(aftercare_may_act(a->fx->st, &who, PROTECT_EDIT, "NOBODY", &err), MAPO_ENOTFOUND);
	/* the list needs PROTECT_READ */
	make_principal(OFFICER, &who);
	struct aftercare_query q = {NULL, DATE_NONE, DATE_NONE};
	struct seen s;
	assert_int_equal(aftercare_permit_list(a->fx->st, a->v, &who, &q, seen_permit, &s, &err), MAPO_EDENIED);
}

static void test_partner_view(void **state)
{
	struct afx *a = *state;
	struct principal partner;
	struct mapo_error err;
	struct seen s;
	struct referral r;
	char want[32];
	int64_t id = add_permit(a, "V1", true, "2021-05-01", NULL);
	add_permit(a, "V2", false, "2021-05-01", NULL);
	make_principal(PARTNER, &partner);

	/* a partner sees the persons it referred and their status, not their after care: not even
	 * of a person it referred */
	memset(&r, 0, sizeof(r));
	snprintf(r.person_ref, sizeof(r.person_ref), "V1");
	r.dir = REFER_IN;
	snprintf(r.org, sizeof(r.org), "NGO Alpha");
	snprintf(r.service, sizeof(r.service), "identification");
	r.referred_on = D("2021-03-02");
	r.status = REFERRAL_PENDING;
	r.decided_on = DATE_NONE;
	assert_ok(protect_referral_add(a->fx->st, NULL, &r, &err));
	struct aftercare_query all = {NULL, DATE_NONE, DATE_NONE}, v1 = {"V1", DATE_NONE, DATE_NONE};
	memset(&s, 0, sizeof(s));
	assert_int_equal(aftercare_permit_list(a->fx->st, a->v, &partner, &all, seen_permit, &s, &err), MAPO_EDENIED);
	assert_int_equal(aftercare_permit_list(a->fx->st, a->v, &partner, &v1, seen_permit, &s, &err), MAPO_EDENIED);
	assert_int_equal(aftercare_permit_get(a->fx->st, a->v, &partner, id, seen_permit, &s, &err), MAPO_EDENIED);
	assert_int_equal(aftercare_repatriation_list(a->fx->st, a->v, &partner, &v1, seen_repat, &s, &err),
		MAPO_EDENIED);
	assert_string_equal(s.ids, "");
	/* a role that reads the record: a permit of a person out of its reach looks absent, with its
	 * own message, not the person's */
	struct principal pdrm;
	make_principal(PROT, &pdrm);
	snprintf(want, sizeof(want), "%lld", (long long)id);
	list_permits(a, &pdrm, "V1", NULL, NULL, &s);
	assert_string_equal(s.ids, want);
}

static void test_repatriations(void **state)
{
	struct afx *a = *state;
	struct principal prot, sec;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct seen s;
	struct repatriation r;
	int64_t id1 = 0, id2 = 0;
	int version = 0;
	make_principal(PROT, &prot);
	make_principal(SEC, &sec);

	memset(&r, 0, sizeof(r));
	snprintf(r.person_ref, sizeof(r.person_ref), "V1");
	snprintf(r.destination, sizeof(r.destination), "IDN");
	r.on_date = D("2021-08-01");
	snprintf(r.org, sizeof(r.org), "IOM Contoh");
	r.follow_up = "panggilan selepas 30 hari";
	assert_ok(aftercare_repatriation_add(a->fx->st, a->v, &prot, &r, &id1, &err));
	snprintf(r.person_ref, sizeof(r.person_ref), "V2");
	r.on_date = D("2021-10-01");
	r.follow_up = NULL;
	assert_ok(aftercare_repatriation_add(a->fx->st, a->v, &prot, &r, &id2, &err));
	assert_true(id2 > id1);

	struct aftercare_query aug = {NULL, D("2021-08-01"), D("2021-08-31")};
	memset(&s, 0, sizeof(s));
	assert_ok(aftercare_repatriation_list(a->fx->st, a->v, &prot, &aug, seen_repat, &s, &err));
	char want[32];
	snprintf(want, sizeof(want), "%lld", (long long)id1);
	assert_string_equal(s.ids, want);
	assert_string_equal(s.follow_up, "panggilan selepas 30 hari");
	memset(&s, 0, sizeof(s));
	assert_ok(aftercare_repatriation_list(a->fx->st, a->v, &sec, &aug, seen_repat, &s, &err));
	assert_string_equal(s.follow_up, "");
	assert_true(s.last_repat.has_follow_up);

	/* an unknown country is named; a bad code before the store sees it */
	struct repat_change c = {id1, 1, DATE_NONE, "ZZZ", NULL, NULL};
	assert_int_equal(aftercare_repatriation_update(a->fx->st, a->v, &prot, &c, &fe, NULL, &err), MAPO_EINVAL);
	assert_string_equal(fe.v[0].field, "destination");
	field_errors_release(&fe);
	c.destination = "idn";
	assert_int_equal(aftercare_repatriation_update(a->fx->st, a->v, &prot, &c, &fe, NULL, &err), MAPO_EINVAL);
	field_errors_release(&fe);
	/* a change, then the same version again */
	struct repat_change ok = {id1, 1, D("2021-08-20"), "PHL", "IOM Manila", ""};
	assert_ok(aftercare_repatriation_update(a->fx->st, a->v, &prot, &ok, &fe, &version, &err));
	assert_int_equal(version, 2);
	assert_int_equal(aftercare_repatriation_update(a->fx->st, a->v, &prot, &ok, &fe, NULL, &err), MAPO_ECONFLICT);
	assert_non_null(strstr(err.msg, "(now version 2)"));
	ok.id = 999999;
	assert_int_equal(aftercare_repatriation_update(a->fx->st, a->v, &prot, &ok, &fe, NULL, &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no repatriation 999999");
	memset(&s, 0, sizeof(s));
	struct aftercare_query v1 = {"V1", DATE_NONE, DATE_NONE};
	assert_ok(aftercare_repatriation_list(a->fx->st, a->v, &prot, &v1, seen_repat, &s, &err));
	assert_string_equal(s.last_repat.destination, "PHL");
	assert_string_equal(s.last_repat.org, "IOM Manila");
	assert_int_equal(s.last_repat.on_date, D("2021-08-20"));
	assert_false(s.last_repat.has_follow_up);
	assert_int_equal(s.last_repat.version, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_codes),
		cmocka_unit_test_setup_teardown(test_permit_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permit_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rights_before_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partner_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repatriations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
