/* Tests of src/core/access.c: every role against every action, on its own and on cases inside
 * and outside its reach, and the narrowed case list through a real store. The expected tables
 * below are the policy of issue 3 written out by hand, not computed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth_fixture.h"
#include "core/access.h"
#include "core/case.h"
#include "core/audit.h"
#include "store/store_auth.h"

enum who { ANON, ADMIN, SEC, SEC_GRANT, OFFICER, OFFICER_NO_AGENCY, PROS, PROT, PARTNER, PARTNER_NO_ORG, NWHO };

static const char *const who_names[NWHO] = {
	"anonymous", "admin", "secretariat", "secretariat+grant", "agency-officer(PDRM)",
	"agency-officer(none)", "prosecutor", "protection-officer", "partner(NGO Alpha)", "partner(none)",
};

static void make_principal(enum who w, struct principal *p)
{
	principal_init_anonymous(p, "192.0.2.1");
	if (w == ANON)
		return;
	p->user_id = 100 + w;
	snprintf(p->username, sizeof(p->username), "u%d", (int)w);
	switch (w) {
	case ADMIN: p->role = ROLE_ADMIN; break;
	case SEC: p->role = ROLE_SECRETARIAT; break;
	case SEC_GRANT: p->role = ROLE_SECRETARIAT; p->identity_grant = true; break;
	case OFFICER: p->role = ROLE_AGENCY_OFFICER; snprintf(p->agency, sizeof(p->agency), "PDRM"); break;
	case OFFICER_NO_AGENCY: p->role = ROLE_AGENCY_OFFICER; break;
	case PROS: p->role = ROLE_PROSECUTOR; break;
	case PROT: p->role = ROLE_PROTECTION_OFFICER; break;
	case PARTNER: p->role = ROLE_PARTNER; snprintf(p->org, sizeof(p->org), "NGO Alpha"); break;
	case PARTNER_NO_ORG: p->role = ROLE_PARTNER; break;
	default: break;
	}
}

/* Role-wide actions, columns in enum access_action order:
 * published stats list create import export identities users audit */
static const char *const action_table[NWHO] = {
	[ANON]              = "100000000",
	[ADMIN]             = "111111111",
	[SEC]               = "111000000",
	[SEC_GRANT]         = "111001100",
	[OFFICER]           = "111111100",
	[OFFICER_NO_AGENCY] = "110000000",
	[PROS]              = "111001100",
	[PROT]              = "111001100",
	[PARTNER]           = "111000000",
	[PARTNER_NO_ORG]    = "111000000",
};

static void test_role_by_action(void **state)
{
	(void)state;
	assert_int_equal(ACCESS__COUNT, 9);
	for (int w = 0; w < NWHO; w++) {
		struct principal p;
		make_principal((enum who)w, &p);
		for (int a = 0; a < ACCESS__COUNT; a++) {
			bool want = action_table[w][a] == '1';
			if (access_may(&p, (enum access_action)a) != want)
				fail_msg("%s, action %d: expected %s", who_names[w], a, want ? "allow" : "deny");
		}
	}
	/* the named questions agree with the table */
	struct principal p;
	make_principal(ADMIN, &p);
	assert_true(access_may_manage_users(&p) && access_may_read_audit(&p) && access_may_read_stats(&p));
	make_principal(SEC, &p);
	assert_false(access_may_view_identities(&p));
	assert_true(access_may_read_stats(&p));
	make_principal(SEC_GRANT, &p);
	assert_true(access_may_view_identities(&p));
	assert_false(access_may_manage_users(&p) || access_may_read_audit(&p));
	make_principal(ANON, &p);
	assert_false(access_may_read_stats(&p));
	assert_false(access_may(NULL, ACCESS_READ_STATS));
	assert_true(access_may(NULL, ACCESS_READ_PUBLISHED));
	assert_false(access_may(&p, ACCESS__COUNT));
}

/* Four cases, each inside some reaches and outside others. */
enum { CASE_A, CASE_B, CASE_C, CASE_D, NCASES };
static const struct {
	const char *ref;
	const char *agency;
	enum case_status status;
	const char *source_org;
	bool has_victims;
} cases[NCASES] = {
	[CASE_A] = {"PDRM/2021/000001", "PDRM", STATUS_INVESTIGATION, "NGO Alpha", true},
	[CASE_B] = {"JIM/2021/000001", "JIM", STATUS_CHARGED, NULL, false},
	[CASE_C] = {"PDRM/2021/000002", "PDRM", STATUS_CONVICTED, "NGO Beta", false},
	[CASE_D] = {"JIM/2021/000002", "JIM", STATUS_INVESTIGATION, NULL, true},
};

/* Per case, the actions in enum case_action order: read edit outcome delete persons victims. */
static const char *const case_table[NWHO][NCASES] = {
	[ANON]              = {"000000", "000000", "000000", "000000"},
	[ADMIN]             = {"111111", "111111", "111111", "111111"},
	[SEC]               = {"100000", "100000", "100000", "100000"},
	[SEC_GRANT]         = {"100000", "100000", "100000", "100000"},
	[OFFICER]           = {"111111", "000000", "111111", "000000"},
	[OFFICER_NO_AGENCY] = {"000000", "000000", "000000", "000000"},
	[PROS]              = {"000000", "101000", "101000", "000000"},
	[PROT]              = {"100001", "000000", "000000", "100001"},
	[PARTNER]           = {"100000", "000000", "000000", "000000"},
	[PARTNER_NO_ORG]    = {"000000", "000000", "000000", "000000"},
};

static void make_case(int i, struct mapo_case *c, struct case_facts *f)
{
	case_init(c);
	snprintf(c->ref, sizeof(c->ref), "%s", cases[i].ref);
	c->kind = KIND_TIP;
	snprintf(c->agency, sizeof(c->agency), "%s", cases[i].agency);
	c->action_date = date_from_ymd(2021, 3, 1 + i);
	snprintf(c->state, sizeof(c->state), "MY-01");
	strvec_push(&c->offences, "12");
	strvec_push(&c->forms, "forced-labour");
	c->status = cases[i].status;
	case_set_summary(c, "synthetic");
	if (f) {
		f->source_org = cases[i].source_org;
		f->has_victims = cases[i].has_victims;
	}
}

static void test_role_by_case_action(void **state)
{
	(void)state;
	assert_int_equal(CASE__COUNT, 6);
	for (int w = 0; w < NWHO; w++) {
		struct principal p;
		make_principal((enum who)w, &p);
		for (int i = 0; i < NCASES; i++) {
			struct mapo_case c;
			struct case_facts f;
			make_case(i, &c, &f);
			for (int a = 0; a < CASE__COUNT; a++) {
				bool want = case_table[w][i][a] == '1';
				if (access_may_case(&p, (enum case_action)a, &c, &f) != want)
					fail_msg("%s, case %s, action %d: expected %s", who_names[w], c.ref, a,
						want ? "allow" : "deny");
			}
			assert_int_equal(access_may_read_case(&p, &c, &f), case_table[w][i][CASE_READ] == '1');
			assert_int_equal(access_may_edit_case(&p, &c, &f), case_table[w][i][CASE_EDIT] == '1');
			case_release(&c);
		}
	}
}

static void test_facts_missing_means_outside(void **state)
{
	(void)state;
	struct principal p;
	struct mapo_case c;
	make_case(CASE_A, &c, NULL);
	make_principal(PROT, &p);
	assert_false(access_may_read_case(&p, &c, NULL));
	make_principal(PARTNER, &p);
	assert_false(access_may_read_case(&p, &c, NULL));
	make_principal(SEC, &p);
	assert_true(access_may_read_case(&p, &c, NULL));
	case_release(&c);
}

static void test_create_case_for_agency(void **state)
{
	(void)state;
	struct principal p;
	make_principal(ADMIN, &p);
	assert_true(access_may_create_case(&p, "PDRM"));
	assert_true(access_may_create_case(&p, "JIM"));
	assert_false(access_may_create_case(&p, ""));
	make_principal(OFFICER, &p);
	assert_true(access_may_create_case(&p, "PDRM"));
	assert_false(access_may_create_case(&p, "JIM"));
	for (int w = 0; w < NWHO; w++) {
		if (w == ADMIN || w == OFFICER)
			continue;
		make_principal((enum who)w, &p);
		assert_false(access_may_create_case(&p, "PDRM"));
	}
}

static void test_check_update(void **state)
{
	(void)state;
	struct principal p;
	struct mapo_case before, after;
	struct case_facts f;
	struct mapo_error err;

	/* the prosecutor records a verdict, and nothing else */
	make_principal(PROS, &p);
	make_case(CASE_B, &before, &f);
	make_case(CASE_B, &after, NULL);
	after.status = STATUS_CONVICTED;
	assert_ok(access_check_update(&p, &before, &f, &after, &err));
	case_set_summary(&after, "changed");
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);
	assert_non_null(strstr(err.msg, "status"));
	case_set_summary(&after, "synthetic");
	strvec_push(&after.offences, "13");
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);
	case_release(&after);
	make_case(CASE_B, &after, NULL);
	after.status = STATUS_CLOSED;
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);
	case_release(&before);
	case_release(&after);

	/* outside the reach the case does not exist */
	make_case(CASE_A, &before, &f);
	make_case(CASE_A, &after, NULL);
	after.status = STATUS_CHARGED;
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_ENOTFOUND);
	assert_non_null(strstr(err.msg, "PDRM/2021/000001"));

	/* the agency officer edits its own case but may not give it away */
	make_principal(OFFICER, &p);
	case_set_summary(&after, "new summary");
	assert_ok(access_check_update(&p, &before, &f, &after, &err));
	snprintf(after.agency, sizeof(after.agency), "JIM");
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);

	/* readers who may not edit are refused, not told it is absent */
	make_principal(SEC, &p);
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);
	make_principal(PARTNER, &p);
	assert_int_equal(access_check_update(&p, &before, &f, &after, &err), MAPO_EDENIED);
	make_principal(ADMIN, &p);
	assert_ok(access_check_update(&p, &before, &f, &after, &err));
	case_release(&before);
	case_release(&after);
}

static void test_narrow_filter(void **state)
{
	(void)state;
	struct principal p;
	struct case_filter f;

	make_principal(ANON, &p);
	case_filter_init(&f);
	assert_int_equal(access_narrow_filter(&p, &f), MAPO_EDENIED);
	assert_true(f.match_none);

	make_principal(ADMIN, &p);
	case_filter_init(&f);
	f.agency = "JIM";
	assert_int_equal(access_narrow_filter(&p, &f), 0);
	assert_false(f.match_none);
	assert_string_equal(f.agency, "JIM");
	assert_int_equal(f.status_mask, 0);

	make_principal(OFFICER, &p);
	case_filter_init(&f);
	assert_int_equal(access_narrow_filter(&p, &f), 0);
	assert_string_equal(f.agency, "PDRM");
	assert_false(f.match_none);
	case_filter_init(&f);
	f.agency = "JIM";
	assert_int_equal(access_narrow_filter(&p, &f), 0);
	assert_true(f.match_none);

	make_principal(OFFICER_NO_AGENCY, &p);
	case_filter_init(&f);
	assert_int_equal(access_narrow_filter(&p, &f), MAPO_EDENIED);
	assert_true(f.match_none);

	make_principal(PROS, &p);
	case_filter_init(&f);
	assert_int_equal(access_narrow_filter(&p, &f), 0);
	assert_int_equal(f.status_mask, (1u << STATUS_CHARGED) | (1u << STATUS_CONVICTED) | (1u << STATUS_ACQUITTED));
	assert_false(f.match_none);
	case_filter_init(&f);
	f.status = STATUS_INVESTIGATION;
	access_narrow_filter(&p, &f);
	assert_true(f.match_none);
	case_filter_init(&f);
	f.status = STATUS_CONVICTED;
	access_narrow_filter(&p, &f);
	assert_false(f.match_none);
	case_filter_init(&f);
	f.status_mask = (1u << STATUS_CONVICTED) | (1u << STATUS_CLOSED);
	access_narrow_filter(&p, &f);
	assert_int_equal(f.status_mask, 1u << STATUS_CONVICTED);
	assert_false(f.match_none);

	make_principal(PROT, &p);
	case_filter_init(&f);
	access_narrow_filter(&p, &f);
	assert_true(f.with_victims);

	make_principal(PARTNER, &p);
	case_filter_init(&f);
	access_narrow_filter(&p, &f);
	assert_string_equal(f.source_org, "NGO Alpha");
	assert_false(f.match_none);
	case_filter_init(&f);
	f.source_org = "NGO Beta";
	access_narrow_filter(&p, &f);
	assert_true(f.match_none);
	make_principal(PARTNER_NO_ORG, &p);
	case_filter_init(&f);
	access_narrow_filter(&p, &f);
	assert_true(f.match_none);
}

/* The four cases in a real store, with their victims and source organisations. */
static void store_cases(struct fixture *fx)
{
	struct mapo_error err;
	for (int i = 0; i < NCASES; i++) {
		struct mapo_case c;
		make_case(i, &c, NULL);
		if (store_case_insert(fx->st, &c, &err))
			fail_msg("insert %s: %s", c.ref, err.msg);
		if (cases[i].source_org && store_case_set_source_org(fx->st, c.ref, cases[i].source_org, &err))
			fail_msg("source org %s: %s", c.ref, err.msg);
		if (cases[i].has_victims) {
			struct case_person v;
			case_person_init(&v);
			snprintf(v.case_ref, sizeof(v.case_ref), "%s", c.ref);
			snprintf(v.person_ref, sizeof(v.person_ref), "V-%d", i);
			v.role = PROLE_VICTIM;
			v.sex = 'F';
			snprintf(v.nationality, sizeof(v.nationality), "IDN");
			v.trafficking_status = TSTATUS_ACTUAL;
			v.rescue_date = c.action_date;
			if (store_person_put(fx->st, &v, &err))
				fail_msg("victim in %s: %s", c.ref, err.msg);
		}
		/* a suspect in every case, so that "has victims" is not "has persons" */
		struct case_person sp;
		case_person_init(&sp);
		snprintf(sp.case_ref, sizeof(sp.case_ref), "%s", c.ref);
		snprintf(sp.person_ref, sizeof(sp.person_ref), "S-%d", i);
		sp.role = PROLE_SUSPECT;
		sp.sex = 'M';
		sp.suspect_role = SROLE_RECRUITER;
		if (store_person_put(fx->st, &sp, &err))
			fail_msg("suspect in %s: %s", c.ref, err.msg);
		case_release(&c);
	}
}

struct seen {
	bool ref[NCASES];
	int n;
};

static int collect(const struct mapo_case *c, void *arg)
{
	struct seen *seen = arg;
	for (int i = 0; i < NCASES; i++)
		if (!strcmp(c->ref, cases[i].ref))
			seen->ref[i] = true;
	seen->n++;
	return 0;
}

static int sum_rows(const struct tally_row *row, void *arg)
{
	struct tally_row *t = arg;
	t->tip_cases += row->tip_cases;
	t->victims_rescued += row->victims_rescued;
	return 0;
}

static void test_store_reach(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct mapo_error err;
	store_cases(fx);

	/* the facts read back as written */
	struct case_facts facts;
	struct buf b = BUF_INIT;
	for (int i = 0; i < NCASES; i++) {
		assert_ok(access_case_facts(fx->st, cases[i].ref, &facts, &b, &err));
		assert_int_equal(facts.has_victims, cases[i].has_victims);
		if (cases[i].source_org)
			assert_string_equal(facts.source_org, cases[i].source_org);
		else
			assert_null(facts.source_org);
	}
	assert_int_equal(access_case_facts(fx->st, "PDRM/2021/999999", &facts, &b, &err), MAPO_ENOTFOUND);

	for (int w = 0; w < NWHO; w++) {
		struct principal p;
		struct case_filter f;
		struct seen seen = {{false}, 0};
		make_principal((enum who)w, &p);
		case_filter_init(&f);
		access_narrow_filter(&p, &f);
		assert_ok(store_case_list(fx->st, &f, collect, &seen, &err));
		long long count = -1;
		assert_ok(store_case_count(fx->st, &f, &count, &err));
		assert_int_equal(count, seen.n);
		for (int i = 0; i < NCASES; i++) {
			bool want = case_table[w][i][CASE_READ] == '1';
			if (seen.ref[i] != want)
				fail_msg("%s: case %s %s in the narrowed list", who_names[w], cases[i].ref,
					want ? "missing" : "wrongly");
		}

		/* the statistics over the narrowed filter count the same cases and their victims */
		struct tally_query q;
		struct tally_row total;
		long long want_cases = 0, want_victims = 0;
		for (int i = 0; i < NCASES; i++)
			if (case_table[w][i][CASE_READ] == '1') {
				want_cases++;
				want_victims += cases[i].has_victims;
			}
		memset(&q, 0, sizeof(q));
		q.from = date_from_ymd(2021, 1, 1);
		q.to = date_from_ymd(2021, 12, 31);
		q.filter = f;
		memset(&total, 0, sizeof(total));
		assert_ok(store_tally(fx->st, &q, sum_rows, &total, &err));
		if (total.tip_cases != want_cases || total.victims_rescued != want_victims)
			fail_msg("%s: tally of %lld cases, %lld victims; wanted %lld, %lld", who_names[w],
				total.tip_cases, total.victims_rescued, want_cases, want_victims);
		/* and by agency, which joins the cases in every arm */
		q.dims[0] = DIM_AGENCY;
		q.ndims = 1;
		memset(&total, 0, sizeof(total));
		assert_ok(store_tally(fx->st, &q, sum_rows, &total, &err));
		assert_int_equal(total.tip_cases, want_cases);
		assert_int_equal(total.victims_rescued, want_victims);

		/* one case at a time: outside the reach it looks exactly like a missing case */
		for (int i = 0; i < NCASES; i++) {
			struct mapo_case c;
			struct mapo_error e1, e2;
			case_init(&c);
			int rc = access_case_get(fx->st, &p, cases[i].ref, &c, &facts, &b, &e1);
			if (case_table[w][i][CASE_READ] == '1') {
				assert_int_equal(rc, 0);
				assert_string_equal(c.ref, cases[i].ref);
			} else {
				assert_int_equal(rc, MAPO_ENOTFOUND);
				assert_string_equal(c.ref, "");
				char want[128];
				snprintf(want, sizeof(want), "no case '%s'", cases[i].ref);
				assert_string_equal(e1.msg, want);
			}
			case_release(&c);
			case_init(&c);
			assert_int_equal(access_case_get(fx->st, &p, "JIM/2021/999999", &c, NULL, NULL, &e2), MAPO_ENOTFOUND);
			assert_string_equal(e2.msg, "no case 'JIM/2021/999999'");
			case_release(&c);
		}
	}
	buf_release(&b);

	/* clearing the source organisation takes the case out of the partner's reach */
	assert_ok(store_case_set_source_org(fx->st, cases[CASE_A].ref, NULL, &err));
	struct principal p;
	struct case_filter f;
	struct seen seen = {{false}, 0};
	make_principal(PARTNER, &p);
	case_filter_init(&f);
	access_narrow_filter(&p, &f);
	assert_ok(store_case_list(fx->st, &f, collect, &seen, &err));
	assert_int_equal(seen.n, 0);
	assert_int_equal(store_case_set_source_org(fx->st, "PDRM/2021/999999", "x", &err), MAPO_ENOTFOUND);
	fixture_free(fx);
}

static void test_set_source_org(void **state)
{
	(void)state;
	struct fixture *fx = fixture_new();
	struct mapo_error err;
	struct principal p;
	struct case_facts facts;
	struct buf b = BUF_INIT;
	store_cases(fx);

	/* the officer of the case's agency may record the referral; it shows in the facts */
	make_principal(OFFICER, &p);
	assert_ok(access_case_set_source_org(fx->st, &p, cases[CASE_C].ref, "NGO Gamma", &err));
	assert_ok(access_case_facts(fx->st, cases[CASE_C].ref, &facts, &b, &err));
	assert_string_equal(facts.source_org, "NGO Gamma");
	/* another agency's case is absent for it; readers who may not edit are refused */
	assert_int_equal(access_case_set_source_org(fx->st, &p, cases[CASE_B].ref, "NGO Gamma", &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no case 'JIM/2021/000001'");
	make_principal(SEC, &p);
	assert_int_equal(access_case_set_source_org(fx->st, &p, cases[CASE_C].ref, "x", &err), MAPO_EDENIED);
	make_principal(PARTNER, &p);
	assert_int_equal(access_case_set_source_org(fx->st, &p, cases[CASE_A].ref, "NGO Alpha", &err), MAPO_EDENIED);
	/* the command line may; an empty name clears it */
	assert_ok(access_case_set_source_org(fx->st, NULL, cases[CASE_C].ref, "", &err));
	assert_ok(access_case_facts(fx->st, cases[CASE_C].ref, &facts, &b, &err));
	assert_null(facts.source_org);
	assert_int_equal(access_case_set_source_org(fx->st, NULL, "PDRM/2021/999999", "x", &err), MAPO_ENOTFOUND);
	char longname[ORG_MAX + 1];
	memset(longname, 'a', ORG_MAX);
	longname[ORG_MAX] = '\0';
	assert_int_equal(access_case_set_source_org(fx->st, NULL, cases[CASE_C].ref, longname, &err), MAPO_EINVAL);

	/* both changes are in the trail, the first by the officer */
	struct audit_filter af;
	long long n;
	audit_filter_init(&af);
	af.object_id = cases[CASE_C].ref;
	af.action = "case-update";
	assert_ok(audit_count(fx->st, &af, &n, &err));
	assert_int_equal(n, 2);
	af.user = "u4";
	assert_ok(audit_count(fx->st, &af, &n, &err));
	assert_int_equal(n, 1);
	buf_release(&b);
	fixture_free(fx);
}

static void test_role_codes(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		assert_int_equal(user_role_parse(user_role_code((enum user_role)r)), r);
		assert_true(strlen(user_role_name((enum user_role)r, LANG_EN)) > 0);
	}
	assert_int_equal(user_role_parse("root"), ROLE_NONE);
	assert_int_equal(user_role_parse(NULL), ROLE_NONE);
	assert_string_equal(user_role_code(ROLE_AGENCY_OFFICER), "agency-officer");
}

/* The tier actions (issue 5), columns history outlook evidence set, written out by hand. */
static const char *const tier_table[NWHO] = {
	[ANON]              = "1000",
	[ADMIN]             = "1111",
	[SEC]               = "1111",
	[SEC_GRANT]         = "1111",
	[OFFICER]           = "1110",
	[OFFICER_NO_AGENCY] = "1110",
	[PROS]              = "1110",
	[PROT]              = "1110",
	[PARTNER]           = "1110",
	[PARTNER_NO_ORG]    = "1110",
};

static void test_tier_actions(void **state)
{
	(void)state;
	assert_int_equal(TIER_ACCESS__COUNT, 4);
	for (int w = 0; w < NWHO; w++) {
		struct principal p;
		make_principal((enum who)w, &p);
		for (int a = 0; a < TIER_ACCESS__COUNT; a++) {
			bool want = tier_table[w][a] == '1';
			if (access_may_tier(&p, (enum tier_access)a) != want)
				fail_msg("%s, tier action %d: expected %s", who_names[w], a, want ? "allow" : "deny");
		}
	}
	assert_true(access_may_tier(NULL, TIER_ACCESS_HISTORY));
	assert_false(access_may_tier(NULL, TIER_ACCESS_OUTLOOK));
	struct principal p;
	make_principal(ADMIN, &p);
	assert_false(access_may_tier(&p, TIER_ACCESS__COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_by_action),
		cmocka_unit_test(test_tier_actions),
		cmocka_unit_test(test_role_by_case_action),
		cmocka_unit_test(test_facts_missing_means_outside),
		cmocka_unit_test(test_create_case_for_agency),
		cmocka_unit_test(test_check_update),
		cmocka_unit_test(test_narrow_filter),
		cmocka_unit_test(test_store_reach),
		cmocka_unit_test(test_set_source_org),
		cmocka_unit_test(test_role_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
