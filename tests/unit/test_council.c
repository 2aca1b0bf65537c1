/* The council's work (core/council.c over store/sql_council.c; run on SQLite and, in the pg suite,
 * on PostgreSQL): meeting numbers per body and year, the quorum, overdue action items, document
 * access levels, attached files' limits and types, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/council.h"
#include "core_fixture.h"
#include "io/council_io.h"
#include "store/store_council.h"

static mapo_date D(const char *s)
{
	mapo_date d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void add_org(store *s, const char *code, enum org_kind kind, const char *parent)
{
	struct council_org o;
	struct mapo_error err;
	council_org_init(&o);
	snprintf(o.code, sizeof(o.code), "%s", code);
	snprintf(o.name_ms, sizeof(o.name_ms), "%s (ms)", code);
	snprintf(o.name_en, sizeof(o.name_en), "%s (en)", code);
	snprintf(o.parent, sizeof(o.parent), "%s", parent ? parent : "");
	o.kind = kind;
	if (council_org_add(s, NULL, &o, NULL, &err))
		fail_msg("org %s: %s", code, err.msg);
}

static int64_t add_person(store *s, const char *org, const char *name)
{
	struct council_person p;
	struct mapo_error err;
	council_person_init(&p);
	snprintf(p.org, sizeof(p.org), "%s", org);
	snprintf(p.name, sizeof(p.name), "%s", name);
	if (council_person_add(s, NULL, &p, NULL, &err))
		fail_msg("person %s: %s", name, err.msg);
	return p.id;
}

static void add_member(store *s, const char *body, const char *org, enum member_role role, const char *from,
	const char *to)
{
	struct council_member m;
	struct mapo_error err;
	council_member_init(&m);
	snprintf(m.body, sizeof(m.body), "%s", body);
	snprintf(m.org, sizeof(m.org), "%s", org);
	m.role = role;
	m.start = D(from);
	m.end = to ? D(to) : DATE_NONE;
	if (council_member_add(s, NULL, &m, NULL, &err))
		fail_msg("member %s: %s", org, err.msg);
}

static int64_t add_meeting(store *s, const char *body, const char *date, const char *time)
{
	struct council_meeting m;
	struct mapo_error err;
	council_meeting_init(&m);
	snprintf(m.body, sizeof(m.body), "%s", body);
	m.held_on = D(date);
	snprintf(m.start_time, sizeof(m.start_time), "%s", time);
	m.mode = MODE_ONLINE;
	strvec_push(&m.agenda, "Pengesahan minit");
	if (council_meeting_add(s, NULL, &m, NULL, &err))
		fail_msg("meeting %s %s: %s", body, date, err.msg);
	int64_t id = m.id;
	council_meeting_release(&m);
	return id;
}

static int number_of(store *s, int64_t id)
{
	struct council_meeting m;
	struct mapo_error err;
	council_meeting_init(&m);
	assert_int_equal(store_council_meeting_get(s, id, &m, &err), 0);
	int n = m.number;
	council_meeting_release(&m);
	return n;
}

/* The council, one committee, a few members. */
static void base_orgs(store *s)
{
	add_org(s, "MAPO", ORGK_COMMITTEE, NULL);
	add_org(s, "JKP", ORGK_COMMITTEE, "MAPO");
	add_org(s, "KDN", ORGK_MINISTRY, NULL);
	add_org(s, "PDRM", ORGK_ENFORCEMENT, "KDN");
	add_org(s, "JIM", ORGK_ENFORCEMENT, "KDN");
	add_org(s, "JKM", ORGK_PROTECTION, NULL);
	add_org(s, "IOM", ORGK_INTERNATIONAL, NULL);
	add_org(s, "KPK", ORGK_MINISTRY, NULL);
}

static void test_numbering(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);
	int64_t dec20 = add_meeting(fx.s, "MAPO", "2020-12-10", "10:00");
	int64_t jul = add_meeting(fx.s, "MAPO", "2021-07-22", "09:30");
	int64_t mar = add_meeting(fx.s, "MAPO", "2021-03-25", "10:00"); /* entered late */
	int64_t jkp = add_meeting(fx.s, "JKP", "2021-06-10", "14:30");
	assert_int_equal(number_of(fx.s, dec20), 1);
	assert_int_equal(number_of(fx.s, mar), 1);
	assert_int_equal(number_of(fx.s, jul), 2);
	assert_int_equal(number_of(fx.s, jkp), 1); /* each body counts its own */

	/* an earlier meeting the same day renumbers the later one */
	int64_t early = add_meeting(fx.s, "MAPO", "2021-03-25", "08:30");
	assert_int_equal(number_of(fx.s, early), 1);
	assert_int_equal(number_of(fx.s, mar), 2);
	assert_int_equal(number_of(fx.s, jul), 3);

	int64_t id = 0;
	assert_int_equal(store_council_meeting_find(fx.s, "MAPO", 2021, 3, &id, &err), 0);
	assert_int_equal(id, jul);
	assert_int_equal(store_council_meeting_find(fx.s, "MAPO", 2021, 4, &id, &err), MAPO_ENOTFOUND);
	assert_int_equal(store_council_meeting_find(fx.s, "MAPO", 2019, 1, &id, &err), MAPO_ENOTFOUND);

	struct council_meeting m;
	council_meeting_init(&m);
	assert_int_equal(store_council_meeting_get(fx.s, jul, &m, &err), 0);
	char title[128];
	council_meeting_title(&m, LANG_MS, title, sizeof(title));
	assert_string_equal(title, "Mesyuarat MAPO Bil. 3/2021");
	council_meeting_title(&m, LANG_EN, title, sizeof(title));
	assert_string_equal(title, "MAPO Meeting No. 3/2021");
	assert_int_equal(m.agenda.n, 1);
	council_meeting_release(&m);

	char body[ORG_CODE_MAX];
	int n, y;
	assert_int_equal(council_meeting_ref_parse("MAPO 2/2021", body, &n, &y), 0);
	assert_string_equal(body, "MAPO");
	assert_int_equal(n, 2);
	assert_int_equal(y, 2021);
	assert_int_equal(council_meeting_ref_parse("JKP:12/2020", body, &n, &y), 0);
	assert_int_equal(n, 12);
	assert_int_equal(council_meeting_ref_parse("MAPO 0/2021", body, &n, &y), MAPO_EINVAL);
	assert_int_equal(council_meeting_ref_parse("MAPO 2-2021", body, &n, &y), MAPO_EINVAL);
	assert_int_equal(council_meeting_ref_parse("2/2021", body, &n, &y), MAPO_EINVAL);
	assert_int_equal(council_meeting_ref_parse("MA<PO 2/2021", body, &n, &y), MAPO_EINVAL);
	assert_int_equal(council_meeting_ref_parse("MAPO 2/21", body, &n, &y), MAPO_EINVAL);
	core_fx_close(&fx);
}

static void test_quorum_rule(void **state)
{
	(void)state;
	struct quorum_rule half = {1, 2, 1}, two_thirds = {2, 3, 0};
	assert_int_equal(council_quorum_required(&half, 0), 0);
	assert_int_equal(council_quorum_required(&half, 1), 1);
	assert_int_equal(council_quorum_required(&half, 2), 2);
	assert_int_equal(council_quorum_required(&half, 20), 11);
	assert_int_equal(council_quorum_required(&half, 21), 11);
	assert_int_equal(council_quorum_required(&two_thirds, 21), 14);
	assert_int_equal(council_quorum_required(&two_thirds, 20), 13);
}

static void attend(store *s, int64_t meeting, int64_t person, enum attend_status st, const char *by)
{
	struct council_attendance a;
	struct mapo_error err;
	council_attendance_init(&a);
	a.meeting_id = meeting;
	a.person_id = person;
	a.status = st;
	snprintf(a.represented_by, sizeof(a.represented_by), "%s", by ? by : "");
	if (council_attendance_put(s, NULL, &a, NULL, &err))
		fail_msg("attendance: %s", err.msg);
}

static void test_quorum_meeting(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct quorum_report q;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);
	struct quorum_rule half = {1, 2, 1};
	assert_int_equal(store_council_quorum_put(fx.s, "*", &half, &err), 0);
	add_member(fx.s, "MAPO", "KDN", MROLE_CHAIR, "2019-01-01", NULL);
	add_member(fx.s, "MAPO", "PDRM", MROLE_MEMBER, "2019-01-01", NULL);
	add_member(fx.s, "MAPO", "JIM", MROLE_MEMBER, "2019-01-01", NULL);
	add_member(fx.s, "MAPO", "JKM", MROLE_SECRETARY, "2019-01-01", NULL);
	add_member(fx.s, "MAPO", "KPK", MROLE_MEMBER, "2019-01-01", "2020-12-31"); /* left */
	add_member(fx.s, "MAPO", "IOM", MROLE_INVITED, "2019-01-01", NULL);        /* not counted */
	int64_t kdn1 = add_person(fx.s, "KDN", "Pegawai Satu"), kdn2 = add_person(fx.s, "KDN", "Pegawai Dua");
	int64_t pdrm = add_person(fx.s, "PDRM", "Pegawai Tiga"), jim = add_person(fx.s, "JIM", "Pegawai Empat");
	int64_t iom = add_person(fx.s, "IOM", "Officer Five"), jkm = add_person(fx.s, "JKM", "Pegawai Enam");
	int64_t m = add_meeting(fx.s, "MAPO", "2021-07-22", "09:30");

	/* four members on the day (KPK left, IOM invited): three are needed */
	assert_int_equal(council_quorum(fx.s, m, &q, &err), 0);
	assert_int_equal(q.members, 4);
	assert_int_equal(q.required, 3);
	assert_int_equal(q.attending, 0);
	assert_false(q.met);

	attend(fx.s, m, kdn1, ATT_ONLINE, NULL);
	attend(fx.s, m, kdn2, ATT_PRESENT, NULL); /* the same organisation counts once */
	attend(fx.s, m, iom, ATT_ONLINE, NULL);   /* invited: not towards the quorum */
	attend(fx.s, m, jim, ATT_APOLOGY, NULL);
	assert_int_equal(council_quorum(fx.s, m, &q, &err), 0);
	assert_int_equal(q.attending, 1);
	assert_false(q.met);

	attend(fx.s, m, pdrm, ATT_REPRESENTED, "Wakil Pegawai Tiga");
	attend(fx.s, m, jkm, ATT_PRESENT, NULL);
	assert_int_equal(council_quorum(fx.s, m, &q, &err), 0);
	assert_int_equal(q.attending, 3);
	assert_true(q.met);

	/* a change of heart replaces the line, it does not add one */
	attend(fx.s, m, jkm, ATT_APOLOGY, NULL);
	assert_int_equal(council_quorum(fx.s, m, &q, &err), 0);
	assert_int_equal(q.attending, 2);
	assert_false(q.met);

	/* a body's own rule wins over the default */
	struct quorum_rule all = {1, 1, 0};
	assert_int_equal(store_council_quorum_put(fx.s, "MAPO", &all, &err), 0);
	assert_int_equal(council_quorum(fx.s, m, &q, &err), 0);
	assert_int_equal(q.required, 4);
	core_fx_close(&fx);
}

static int64_t add_action(store *s, int64_t decision, const char *org, const char *due, enum action_status st)
{
	struct council_action a;
	struct mapo_error err;
	council_action_init(&a);
	a.decision_id = decision;
	snprintf(a.org, sizeof(a.org), "%s", org);
	snprintf(a.title, sizeof(a.title), "item of %s", org);
	a.due_on = due ? D(due) : DATE_NONE;
	if (council_action_add(s, NULL, &a, NULL, &err))
		fail_msg("action: %s", err.msg);
	if (st != ACT_OPEN && council_action_note(s, NULL, a.id, 0, st, "moved", &err))
		fail_msg("action note: %s", err.msg);
	return a.id;
}

static int count_cb(const struct council_action *a, void *arg)
{
	(void)a;
	(*(int *)arg)++;
	return 0;
}

static void test_overdue(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct council_action a;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);

	council_action_init(&a);
	mapo_date day = D("2021-09-01");
	a.due_on = D("2021-08-31");
	assert_true(council_action_overdue(&a, day));
	a.status = ACT_IN_PROGRESS;
	assert_true(council_action_overdue(&a, day));
	a.status = ACT_DONE;
	assert_false(council_action_overdue(&a, day));
	a.status = ACT_CANCELLED;
	assert_false(council_action_overdue(&a, day));
	a.status = ACT_OPEN;
	a.due_on = day; /* due today is not late yet */
	assert_false(council_action_overdue(&a, day));
	a.due_on = DATE_NONE;
	assert_false(council_action_overdue(&a, day));

	int64_t m = add_meeting(fx.s, "MAPO", "2021-07-22", "09:30");
	struct council_decision d;
	council_decision_init(&d);
	d.meeting_id = m;
	snprintf(d.text, sizeof(d.text), "%s", "Semua agensi melaksanakan garis panduan");
	assert_int_equal(council_decision_add(fx.s, NULL, &d, &err), 0);
	add_action(fx.s, d.id, "PDRM", "2021-08-31", ACT_OPEN);
	add_action(fx.s, d.id, "PDRM", "2021-07-31", ACT_IN_PROGRESS);
	add_action(fx.s, d.id, "JIM", "2021-08-31", ACT_DONE);
	add_action(fx.s, d.id, "JIM", "2021-10-31", ACT_OPEN);
	add_action(fx.s, d.id, "JKM", NULL, ACT_OPEN);
	add_action(fx.s, d.id, "JKM", "2021-06-30", ACT_CANCELLED);

	struct council_action_filter f;
	council_action_filter_init(&f);
	f.status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
	f.due_before = day;
	int n = 0;
	assert_int_equal(store_council_action_list(fx.s, &f, count_cb, &n, &err), 0);
	assert_int_equal(n, 2); /* both of PDRM's */
	f.org = "JIM";
	n = 0;
	assert_int_equal(store_council_action_list(fx.s, &f, count_cb, &n, &err), 0);
	assert_int_equal(n, 0);
	/* the follow-up list of the body: what is still open, whatever its due date */
	council_action_filter_init(&f);
	f.body = "MAPO";
	f.status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
	n = 0;
	assert_int_equal(store_council_action_list(fx.s, &f, count_cb, &n, &err), 0);
	assert_int_equal(n, 4);
	f.body = "JKP";
	n = 0;
	assert_int_equal(store_council_action_list(fx.s, &f, count_cb, &n, &err), 0);
	assert_int_equal(n, 0);
	core_fx_close(&fx);
}

static int count_audit(const struct audit_entry *e, void *arg)
{
	(void)e;
	(*(long long *)arg)++;
	return 0;
}

static int count_update(const struct council_action_update *u, void *arg)
{
	(void)u;
	(*(int *)arg)++;
	return 0;
}

/* Editing an action item's owner, title and due date: against the version, for writers only
 * (asked before the record is even read), its status, source and updates kept, audited. */
static void test_action_edit(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct principal officer, sec;
	struct field_errors fe = FIELD_ERRORS_INIT;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);
	principal_init_anonymous(&officer, "127.0.0.1");
	officer.role = ROLE_AGENCY_OFFICER;
	snprintf(officer.agency, sizeof(officer.agency), "PDRM");
	sec = officer;
	sec.role = ROLE_SECRETARIAT;
	snprintf(sec.username, sizeof(sec.username), "urusetia");
	sec.agency[0] = '\0';

	int64_t m = add_meeting(fx.s, "MAPO", "2021-07-22", "09:30");
	struct council_decision d;
	council_decision_init(&d);
	d.meeting_id = m;
	snprintf(d.text, sizeof(d.text), "%s", "Kemas kini garis panduan");
	assert_int_equal(council_decision_add(fx.s, NULL, &d, &err), 0);
	int64_t id = add_action(fx.s, d.id, "PDRM", "2021-08-31", ACT_IN_PROGRESS); /* version 2 */

	struct council_action a, got;
	council_action_init(&a);
	a.id = id;
	a.version = 1; /* stale */
	/* an officer is refused before anything else: not the stale version, not the empty title */
	assert_int_equal(council_action_edit(fx.s, &officer, &a, &fe, &err), MAPO_EDENIED);
	assert_int_equal(fe.n, 0);
	/* a writer: the empty title first, then the stale version */
	assert_int_equal(council_action_edit(fx.s, &sec, &a, &fe, &err), MAPO_EINVAL);
	assert_true(fe.n >= 1);
	field_errors_release(&fe);
	snprintf(a.org, sizeof(a.org), "JIM");
	snprintf(a.title, sizeof(a.title), "Semak SOP saringan");
	a.due_on = D("2021-10-15");
	assert_int_equal(council_action_edit(fx.s, &sec, &a, &fe, &err), MAPO_ECONFLICT);
	assert_non_null(strstr(err.msg, "changed by someone else"));
	a.version = 2;
	snprintf(a.org, sizeof(a.org), "GHOST");
	assert_int_equal(council_action_edit(fx.s, &sec, &a, &fe, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "GHOST"));
	a.id = 999;
	assert_int_equal(council_action_edit(fx.s, &sec, &a, &fe, &err), MAPO_ENOTFOUND);
	/* none of those changed anything */
	assert_int_equal(store_council_action_get(fx.s, id, &got, &err), 0);
	assert_string_equal(got.org, "PDRM");
	assert_string_equal(got.title, "item of PDRM");
	assert_int_equal(got.version, 2);

	a.id = id;
	snprintf(a.org, sizeof(a.org), "JIM");
	a.status = ACT_CANCELLED;       /* not the edit's to change */
	a.decision_id = 0;              /* nor its source */
	assert_int_equal(council_action_edit(fx.s, &sec, &a, &fe, &err), 0);
	assert_int_equal(a.version, 3);
	assert_int_equal(store_council_action_get(fx.s, id, &got, &err), 0);
	assert_string_equal(got.org, "JIM");
	assert_string_equal(got.title, "Semak SOP saringan");
	assert_int_equal(got.due_on, D("2021-10-15"));
	assert_int_equal(got.status, ACT_IN_PROGRESS);
	assert_int_equal(got.decision_id, d.id);
	assert_int_equal(got.meeting_id, m);
	assert_int_equal(got.version, 3);
	int updates = 0;
	assert_int_equal(store_council_action_update_list(fx.s, id, count_update, &updates, &err), 0);
	assert_int_equal(updates, 1); /* the note of add_action, no more */

	/* the due date can be taken away; the version moves on each time */
	got.due_on = DATE_NONE;
	assert_int_equal(council_action_edit(fx.s, NULL, &got, NULL, &err), 0);
	assert_int_equal(got.version, 4);
	assert_int_equal(store_council_action_get(fx.s, id, &got, &err), 0);
	assert_int_equal(got.due_on, DATE_NONE);

	/* two edits, one audit entry each, with the owner */
	struct audit_filter af;
	audit_filter_init(&af);
	af.action = "council-action-edit";
	long long n = 0;
	assert_int_equal(audit_list(fx.s, &af, count_audit, &n, &err), 0);
	assert_int_equal(n, 2);
	af.user = "urusetia";
	n = 0;
	assert_int_equal(audit_list(fx.s, &af, count_audit, &n, &err), 0);
	assert_int_equal(n, 1);
	core_fx_close(&fx);
}

static int64_t add_doc(store *s, enum doc_access level)
{
	struct council_doc d;
	struct mapo_error err;
	council_doc_init(&d);
	d.kind = DOCK_GUIDELINE;
	d.access = level;
	snprintf(d.title_en, sizeof(d.title_en), "%s guideline", doc_access_code(level));
	if (council_doc_add(s, NULL, &d, NULL, &err))
		fail_msg("doc: %s", err.msg);
	return d.id;
}

static const unsigned char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

static int64_t add_file(store *s, int64_t doc, const char *name, const unsigned char *data, size_t len, int want)
{
	struct council_file f;
	struct mapo_error err;
	council_file_init(&f);
	f.doc_id = doc;
	snprintf(f.filename, sizeof(f.filename), "%s", name);
	f.data = (unsigned char *)data;
	f.size = len;
	int rc = council_file_add(s, NULL, &f, &err);
	if (rc != want)
		fail_msg("file %s: %d (%s), wanted %d", name, rc, err.msg, want);
	return f.id;
}

static void test_access_levels(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct principal anon, admin, sec, officer, partner;
	assert_int_equal(core_fx_open(&fx, false), 0);
	principal_init_anonymous(&anon, "127.0.0.1");
	admin = anon;
	admin.role = ROLE_ADMIN;
	sec = anon;
	sec.role = ROLE_SECRETARIAT;
	officer = anon;
	officer.role = ROLE_AGENCY_OFFICER;
	snprintf(officer.agency, sizeof(officer.agency), "PDRM");
	partner = anon;
	partner.role = ROLE_PARTNER;
	snprintf(partner.org, sizeof(partner.org), "NGO");

	/* who reads which level */
	const struct principal *who[] = {&anon, &partner, &officer, &sec, &admin, NULL};
	static const bool may[6][DACC__COUNT] = {
		/* internal members partners public */
		{false, false, false, true},
		{false, false, true, true},
		{false, true, true, true},
		{true, true, true, true},
		{true, true, true, true},
		{true, true, true, true}, /* the command line */
	};
	for (int w = 0; w < 6; w++)
		for (int l = 0; l < DACC__COUNT; l++)
			if (council_may_read_doc(who[w], (enum doc_access)l) != may[w][l])
				fail_msg("principal %d, level %s", w, doc_access_code((enum doc_access)l));
	assert_false(council_may_read_doc(&admin, DACC_NONE));

	int64_t internal = add_doc(fx.s, DACC_INTERNAL), pub = add_doc(fx.s, DACC_PUBLIC);
	int64_t members = add_doc(fx.s, DACC_MEMBERS);
	int64_t fi = add_file(fx.s, internal, "minit.pdf", pdf, sizeof(pdf) - 1, 0);
	int64_t fp = add_file(fx.s, pub, "laporan.pdf", pdf, sizeof(pdf) - 1, 0);
	struct council_doc d;
	struct council_file f;
	council_file_init(&f);

	/* an anonymous request for an internal document is refused as if it did not exist */
	assert_int_equal(council_doc_get(fx.s, &anon, internal, &d, &err), MAPO_ENOTFOUND);
	assert_int_equal(council_doc_get(fx.s, &anon, 9999, &d, &err), MAPO_ENOTFOUND);
	assert_int_equal(council_file_get(fx.s, &anon, fi, &f, &err), MAPO_ENOTFOUND);
	assert_null(f.data);
	assert_int_equal(council_file_get(fx.s, &partner, fi, &f, &err), MAPO_ENOTFOUND);
	assert_int_equal(council_doc_get(fx.s, &partner, members, &d, &err), MAPO_ENOTFOUND);
	assert_int_equal(council_doc_get(fx.s, &officer, members, &d, &err), 0);
	assert_int_equal(council_doc_get(fx.s, &sec, internal, &d, &err), 0);
	assert_int_equal(council_file_get(fx.s, &anon, fp, &f, &err), 0);
	assert_int_equal(f.size, sizeof(pdf) - 1);
	assert_memory_equal(f.data, pdf, f.size);
	assert_string_equal(f.content_type, "application/pdf");
	council_file_release(&f);

	/* the list bound */
	assert_int_equal(council_doc_floor(&anon), DACC_PUBLIC);
	assert_int_equal(council_doc_floor(&partner), DACC_PARTNERS);
	assert_int_equal(council_doc_floor(&officer), DACC_MEMBERS);
	assert_int_equal(council_doc_floor(&sec), DACC_INTERNAL);

	/* writing and representatives are for the secretariat and admins */
	assert_true(council_may(&officer, COUNCIL_READ));
	assert_false(council_may(&anon, COUNCIL_READ));
	assert_false(council_may(&officer, COUNCIL_WRITE));
	assert_false(council_may(&partner, COUNCIL_PEOPLE));
	assert_true(council_may(&sec, COUNCIL_PEOPLE));
	struct council_org o;
	council_org_init(&o);
	snprintf(o.code, sizeof(o.code), "X");
	snprintf(o.name_ms, sizeof(o.name_ms), "X");
	snprintf(o.name_en, sizeof(o.name_en), "X");
	o.kind = ORGK_NGO;
	assert_int_equal(council_org_add(fx.s, &officer, &o, NULL, &err), MAPO_EDENIED);
	assert_int_equal(council_org_add(fx.s, &sec, &o, NULL, &err), 0);
	assert_int_equal(council_people_audit(fx.s, &partner, "council-org", "X", &err), MAPO_EDENIED);
	assert_int_equal(council_people_audit(fx.s, &sec, "council-org", "X", &err), 0);
	core_fx_close(&fx);
}

static void test_attachments(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, false), 0);
	int64_t doc = add_doc(fx.s, DACC_MEMBERS);
	static const unsigned char html[] = "<html><script>alert(1)</script></html>";
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	static const unsigned char zip[] = "PK\x03\x04\x14\0\0\0";
	static const unsigned char text[] = "Senarai semak\n1. Penipuan\n";

	add_file(fx.s, doc, "kertas.pdf", pdf, sizeof(pdf) - 1, 0);
	add_file(fx.s, doc, "gambar.png", png, sizeof(png) - 1, 0);
	add_file(fx.s, doc, "kertas.docx", zip, sizeof(zip) - 1, 0);
	add_file(fx.s, doc, "senarai.txt", text, sizeof(text) - 1, 0);
	/* a name does not make a type: HTML called .pdf, a ZIP that is no Office file */
	add_file(fx.s, doc, "kertas.pdf", html, sizeof(html) - 1, MAPO_EINVAL);
	add_file(fx.s, doc, "arkib.zip", zip, sizeof(zip) - 1, MAPO_EINVAL);
	add_file(fx.s, doc, "halaman.txt", html + 0, 0, MAPO_EINVAL); /* empty */
	add_file(fx.s, doc, "../etc/passwd.pdf", pdf, sizeof(pdf) - 1, MAPO_EINVAL);
	add_file(fx.s, doc, "", pdf, sizeof(pdf) - 1, MAPO_EINVAL);
	add_file(fx.s, 9999, "kertas.pdf", pdf, sizeof(pdf) - 1, MAPO_EINVAL); /* no such document */

	/* the cap */
	size_t big = COUNCIL_FILE_MAX + 1;
	unsigned char *b = xcalloc(1, big);
	memcpy(b, "%PDF-1.4\n", 9);
	add_file(fx.s, doc, "besar.pdf", b, big, MAPO_ETOOBIG);
	add_file(fx.s, doc, "cukup.pdf", b, COUNCIL_FILE_MAX, 0);
	free(b);

	assert_string_equal(council_sniff_type(zip, sizeof(zip) - 1, "A.XLSX"),
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_null(council_sniff_type((const unsigned char *)"\x01\x02 binary", 9, "x.txt"));
	assert_string_equal(council_sniff_type((const unsigned char *)"\xff\xd8\xff\xe0", 4, "foto"), "image/jpeg");
	assert_null(council_sniff_type(NULL, 0, "x.pdf"));
	core_fx_close(&fx);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);

	struct council_org o;
	council_org_init(&o);
	snprintf(o.code, sizeof(o.code), "bad code");
	assert_int_equal(council_org_add(fx.s, NULL, &o, &fe, &err), MAPO_EINVAL);
	assert_true(fe.n >= 4); /* code, kind, both names */
	field_errors_release(&fe);
	snprintf(o.code, sizeof(o.code), "NGO-X");
	snprintf(o.name_ms, sizeof(o.name_ms), "NGO X");
	snprintf(o.name_en, sizeof(o.name_en), "NGO X");
	o.kind = ORGK_NGO;
	snprintf(o.parent, sizeof(o.parent), "NOPE");
	assert_int_equal(council_org_add(fx.s, NULL, &o, NULL, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "NOPE"));
	o.parent[0] = '\0';
	assert_int_equal(council_org_add(fx.s, NULL, &o, NULL, &err), 0);
	assert_int_equal(council_org_add(fx.s, NULL, &o, NULL, &err), MAPO_EEXIST);
	/* a parent loop, and a stale edit */
	struct council_org kdn;
	assert_int_equal(store_council_org_get(fx.s, "KDN", &kdn, &err), 0);
	snprintf(kdn.parent, sizeof(kdn.parent), "PDRM");
	assert_int_equal(council_org_edit(fx.s, NULL, &kdn, NULL, &err), MAPO_EINVAL);
	kdn.parent[0] = '\0';
	snprintf(kdn.name_en, sizeof(kdn.name_en), "Ministry of Home Affairs");
	assert_int_equal(council_org_edit(fx.s, NULL, &kdn, NULL, &err), 0);
	assert_int_equal(kdn.version, 2);
	kdn.version = 1;
	assert_int_equal(council_org_edit(fx.s, NULL, &kdn, NULL, &err), MAPO_ECONFLICT);

	/* membership only of a body, not of itself */
	struct council_member m;
	council_member_init(&m);
	snprintf(m.body, sizeof(m.body), "KDN");
	snprintf(m.org, sizeof(m.org), "PDRM");
	m.start = D("2021-01-01");
	assert_int_equal(council_member_add(fx.s, NULL, &m, NULL, &err), MAPO_EINVAL);
	snprintf(m.body, sizeof(m.body), "MAPO");
	m.end = D("2020-01-01");
	assert_int_equal(council_member_add(fx.s, NULL, &m, NULL, &err), MAPO_EINVAL);

	/* meetings: a time, a mode, a known body */
	struct council_meeting mt;
	council_meeting_init(&mt);
	snprintf(mt.body, sizeof(mt.body), "MAPO");
	mt.held_on = D("2021-07-22");
	mt.mode = MODE_ONLINE;
	snprintf(mt.start_time, sizeof(mt.start_time), "25:00");
	assert_int_equal(council_meeting_add(fx.s, NULL, &mt, NULL, &err), MAPO_EINVAL);
	mt.start_time[0] = '\0';
	mt.mode = MODE_NONE;
	assert_int_equal(council_meeting_add(fx.s, NULL, &mt, NULL, &err), MAPO_EINVAL);
	mt.mode = MODE_HYBRID;
	snprintf(mt.body, sizeof(mt.body), "GHOST");
	assert_int_equal(council_meeting_add(fx.s, NULL, &mt, NULL, &err), MAPO_EINVAL);
	council_meeting_release(&mt);

	/* attendance: represented needs a name; an unknown person */
	int64_t meeting = add_meeting(fx.s, "MAPO", "2021-07-22", "");
	int64_t person = add_person(fx.s, "PDRM", "Pegawai");
	struct council_attendance a;
	council_attendance_init(&a);
	a.meeting_id = meeting;
	a.person_id = person;
	a.status = ATT_REPRESENTED;
	assert_int_equal(council_attendance_put(fx.s, NULL, &a, NULL, &err), MAPO_EINVAL);
	a.status = ATT_PRESENT;
	a.person_id = 4242;
	assert_int_equal(council_attendance_put(fx.s, NULL, &a, NULL, &err), MAPO_EINVAL);

	/* papers need their meeting; a presenter only for papers */
	struct council_doc d;
	council_doc_init(&d);
	d.kind = DOCK_INFO_PAPER;
	d.access = DACC_MEMBERS;
	snprintf(d.title_en, sizeof(d.title_en), "TIP report 2021");
	assert_int_equal(council_doc_add(fx.s, NULL, &d, NULL, &err), MAPO_EINVAL);
	d.meeting_id = 777;
	assert_int_equal(council_doc_add(fx.s, NULL, &d, NULL, &err), MAPO_EINVAL);
	d.meeting_id = meeting;
	assert_int_equal(council_doc_add(fx.s, NULL, &d, NULL, &err), 0);
	council_doc_init(&d);
	d.kind = DOCK_PLAN;
	d.access = DACC_PUBLIC;
	snprintf(d.title_en, sizeof(d.title_en), "Plan");
	snprintf(d.presenter, sizeof(d.presenter), "KDN");
	assert_int_equal(council_doc_add(fx.s, NULL, &d, NULL, &err), MAPO_EINVAL);

	/* action items: one source, a known owner, versions */
	struct council_action ac;
	council_action_init(&ac);
	snprintf(ac.org, sizeof(ac.org), "PDRM");
	snprintf(ac.title, sizeof(ac.title), "Laksanakan");
	assert_int_equal(council_action_add(fx.s, NULL, &ac, NULL, &err), MAPO_EINVAL);
	struct council_decision dec;
	council_decision_init(&dec);
	dec.meeting_id = meeting;
	assert_int_equal(council_decision_add(fx.s, NULL, &dec, &err), MAPO_EINVAL); /* no text */
	snprintf(dec.text, sizeof(dec.text), "Keputusan");
	assert_int_equal(council_decision_add(fx.s, NULL, &dec, &err), 0);
	ac.decision_id = dec.id;
	ac.engagement_id = 1;
	assert_int_equal(council_action_add(fx.s, NULL, &ac, NULL, &err), MAPO_EINVAL);
	ac.engagement_id = 0;
	snprintf(ac.org, sizeof(ac.org), "GHOST");
	assert_int_equal(council_action_add(fx.s, NULL, &ac, NULL, &err), MAPO_EINVAL);
	snprintf(ac.org, sizeof(ac.org), "PDRM");
	assert_int_equal(council_action_add(fx.s, NULL, &ac, NULL, &err), 0);
	assert_int_equal(council_action_note(fx.s, NULL, ac.id, 1, ACT_IN_PROGRESS, "bermula", &err), 0);
	assert_int_equal(council_action_note(fx.s, NULL, ac.id, 1, ACT_DONE, "stale", &err), MAPO_ECONFLICT);
	assert_int_equal(council_action_note(fx.s, NULL, 999, 0, ACT_DONE, "", &err), MAPO_ENOTFOUND);
	struct council_action got;
	assert_int_equal(store_council_action_get(fx.s, ac.id, &got, &err), 0);
	assert_int_equal(got.status, ACT_IN_PROGRESS);
	assert_int_equal(got.version, 2);

	/* text that is not UTF-8 */
	char bad[8] = "ab\xff";
	char dst[8];
	assert_int_equal(council_set_str(dst, sizeof(dst), bad, "name", false, &fe), MAPO_EINVAL);
	assert_int_equal(council_set_str(dst, 4, "abcd", "name", false, &fe), MAPO_EINVAL);
	assert_int_equal(council_set_str(dst, sizeof(dst), "", "name", true, &fe), MAPO_EINVAL);
	assert_int_equal(fe.n, 3);
	field_errors_release(&fe);

	/* vocabularies */
	assert_int_equal(org_kind_parse("embassy"), ORGK_EMBASSY);
	assert_int_equal(org_kind_parse("Embassy"), ORGK_NONE);
	assert_int_equal(attend_status_parse("apology"), ATT_APOLOGY);
	assert_int_equal(doc_access_parse("secret"), DACC_NONE);
	assert_string_equal(action_status_code(ACT_IN_PROGRESS), "in-progress");
	core_fx_close(&fx);
}

static int count_att(const struct council_attendance *a, void *arg)
{
	long *n = arg;
	n[0]++;
	if (a->status != ATT_APOLOGY)
		n[1]++;
	return 0;
}

static int count_doc(const struct council_doc *d, void *arg)
{
	(void)d;
	(*(long *)arg)++;
	return 0;
}

/* The demo files: the meeting of 22 July 2021 as the issue describes it. */
/* The store's versioned updates: the version read is checked before anything is written (a stale
 * one is MAPO_ECONFLICT naming the record, a missing record MAPO_ENOTFOUND), and a good one
 * writes the fields and the next version. */
static void test_store_versions(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	assert_int_equal(core_fx_open(&fx, false), 0);
	base_orgs(fx.s);

	struct council_org o;
	assert_int_equal(store_council_org_get(fx.s, "KDN", &o, &err), 0);
	snprintf(o.name_en, sizeof(o.name_en), "Home Ministry");
	assert_int_equal(store_council_org_update(fx.s, &o, &err), 0);
	assert_int_equal(o.version, 2);
	o.version = 1;
	assert_int_equal(store_council_org_update(fx.s, &o, &err), MAPO_ECONFLICT);
	assert_non_null(strstr(err.msg, "'KDN' was changed by someone else"));
	assert_int_equal(store_council_org_get(fx.s, "KDN", &o, &err), 0);
	assert_string_equal(o.name_en, "Home Ministry");
	assert_int_equal(o.version, 2);

	int64_t doc = add_doc(fx.s, DACC_MEMBERS);
	struct council_doc d;
	assert_int_equal(store_council_doc_get(fx.s, doc, &d, &err), 0);
	snprintf(d.title_en, sizeof(d.title_en), "Revised guideline");
	assert_int_equal(store_council_doc_update(fx.s, &d, &err), 0);
	assert_int_equal(d.version, 2);
	d.version = 1;
	snprintf(d.title_en, sizeof(d.title_en), "Lost");
	assert_int_equal(store_council_doc_update(fx.s, &d, &err), MAPO_ECONFLICT);
	assert_non_null(strstr(err.msg, "was changed by someone else"));
	d.id = 9999;
	d.version = 2;
	assert_int_equal(store_council_doc_update(fx.s, &d, &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no document with id 9999");
	assert_int_equal(store_council_doc_get(fx.s, doc, &d, &err), 0);
	assert_string_equal(d.title_en, "Revised guideline");
	assert_int_equal(d.version, 2);

	struct council_meeting m;
	council_meeting_init(&m);
	assert_int_equal(store_council_meeting_get(fx.s, add_meeting(fx.s, "MAPO", "2021-03-04", "10:00"), &m, &err), 0);
	m.version = 3;
	assert_int_equal(store_council_meeting_update(fx.s, &m, &err), MAPO_ECONFLICT);
	m.id = 9999;
	assert_int_equal(store_council_meeting_update(fx.s, &m, &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no meeting with id 9999");
	council_meeting_release(&m);

	struct council_decision dec;
	council_decision_init(&dec);
	dec.meeting_id = add_meeting(fx.s, "MAPO", "2021-04-01", "10:00");
	snprintf(dec.text, sizeof(dec.text), "Keputusan");
	assert_int_equal(council_decision_add(fx.s, NULL, &dec, &err), 0);
	struct council_action a;
	council_action_init(&a);
	a.decision_id = dec.id;
	snprintf(a.org, sizeof(a.org), "PDRM");
	snprintf(a.title, sizeof(a.title), "Laksanakan");
	assert_int_equal(store_council_action_insert(fx.s, &a, &err), 0);
	int64_t id = a.id;
	snprintf(a.org, sizeof(a.org), "JIM");
	a.due_on = D("2021-06-30");
	assert_int_equal(store_council_action_update(fx.s, &a, &err), 0);
	assert_int_equal(a.version, 2);
	a.version = 1;
	assert_int_equal(store_council_action_update(fx.s, &a, &err), MAPO_ECONFLICT);
	a.id = 9999;
	assert_int_equal(store_council_action_update(fx.s, &a, &err), MAPO_ENOTFOUND);
	assert_string_equal(err.msg, "no action item with id 9999");
	struct council_action got;
	assert_int_equal(store_council_action_get(fx.s, id, &got, &err), 0);
	assert_string_equal(got.org, "JIM");
	assert_string_equal(got.title, "Laksanakan");
	assert_int_equal(got.decision_id, dec.id);
	assert_int_equal(got.due_on, D("2021-06-30"));
	assert_int_equal(got.version, 2);
	core_fx_close(&fx);
}

static void test_demo_data(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	const char *data = getenv("MAPO_DATADIR");
	assert_non_null(data);
	assert_int_equal(core_fx_open(&fx, false), 0);
	char *quorum = xasprintf("%s/council_quorum.csv", data), *dir = xasprintf("%s/demo/council", data);
	assert_int_equal(council_quorum_load(fx.s, quorum, &err), 0);
	if (council_demo_load(fx.s, dir, &err))
		fail_msg("demo: %s", err.msg);
	int64_t id = 0;
	assert_int_equal(store_council_meeting_find(fx.s, "MAPO", 2021, 2, &id, &err), 0);
	struct council_meeting m;
	council_meeting_init(&m);
	assert_int_equal(store_council_meeting_get(fx.s, id, &m, &err), 0);
	char d[DATE_STRLEN];
	date_format(m.held_on, d);
	assert_string_equal(d, "2021-07-22");
	assert_int_equal(m.mode, MODE_ONLINE);
	council_meeting_release(&m);
	long n[2] = {0, 0};
	assert_int_equal(store_council_attendance_list(fx.s, id, count_att, n, &err), 0);
	assert_true(n[1] >= 65 && n[1] <= 80); /* about seventy attended */
	struct council_doc_filter f;
	council_doc_filter_init(&f);
	f.meeting_id = id;
	f.kind = DOCK_INFO_PAPER;
	long papers = 0;
	assert_int_equal(store_council_doc_list(fx.s, &f, count_doc, &papers, &err), 0);
	assert_int_equal(papers, 2);
	struct quorum_report q;
	assert_int_equal(council_quorum(fx.s, id, &q, &err), 0);
	assert_true(q.met);
	/* loading it twice is refused, not doubled */
	assert_int_equal(council_demo_load(fx.s, dir, &err), MAPO_EEXIST);
	free(quorum);
	free(dir);
	core_fx_close(&fx);
}

/* The quorum file: bad rows are named by line, and nothing of the file is kept then. */
static void test_quorum_file(void **state)
{
	(void)state;
	struct core_fx fx;
	struct mapo_error err;
	struct quorum_rule r;
	assert_int_equal(core_fx_open(&fx, false), 0);
	char path[128];
	snprintf(path, sizeof(path), "%s/quorum.csv", fx.dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("body,num,den,plus,source\n*,1,2,1,half plus one\nJKP,1,0,1,bad\n", f);
	fclose(f);
	assert_int_equal(council_quorum_load(fx.s, path, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, ":3:"));
	assert_int_equal(store_council_quorum_get(fx.s, "MAPO", &r, &err), MAPO_ENOTFOUND);
	f = fopen(path, "w");
	fputs("body,num,den,plus,source,extra\n*,1,2,1,x,y\n", f);
	fclose(f);
	assert_int_equal(council_quorum_load(fx.s, path, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "extra"));
	f = fopen(path, "w");
	fputs("body,num,den,plus,source\n*,1,2,1,default\nJKP,2,3,0,two thirds\n", f);
	fclose(f);
	assert_int_equal(council_quorum_load(fx.s, path, &err), 0);
	assert_int_equal(store_council_quorum_get(fx.s, "JKP", &r, &err), 0);
	assert_int_equal(r.num * 10 + r.den, 23);
	assert_int_equal(store_council_quorum_get(fx.s, "MAPO", &r, &err), 0);
	assert_int_equal(r.plus, 1);
	unlink(path);
	core_fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_quorum_rule),
		cmocka_unit_test(test_quorum_meeting),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_action_edit),
		cmocka_unit_test(test_access_levels),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_store_versions),
		cmocka_unit_test(test_demo_data),
		cmocka_unit_test(test_quorum_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
