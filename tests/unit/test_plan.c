/* The action plan (core/plan.c, store/sql_plan.c, io/plan_load.c): loading plans with their
 * row-level errors, roll-up arithmetic, indicators computed from the case register, the
 * overdue and at-risk rules, progress reports and who may write them, recommendations and the
 * outlook, checklists and compliance summaries. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/audit.h"
#include "core/council.h"
#include "core/plan.h"
#include "io/plan_load.h"
#include "io/plan_out.h"
#include "store/store_plan.h"
#include "core_fixture.h"

static long seq_no, person_no;

static mapo_date ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void add_case(struct core_fx *fx, enum case_kind kind, const char *agency, mapo_date action,
	enum case_status status, char ref[CASE_REF_MAX])
{
	struct mapo_case c;
	case_init(&c);
	case_format_ref(c.ref, agency, date_year(action), ++seq_no);
	c.kind = kind;
	snprintf(c.agency, sizeof(c.agency), "%s", agency);
	c.action_date = action;
	snprintf(c.state, sizeof(c.state), "MY-01");
	strvec_push(&c.offences, kind == KIND_TIP ? "12" : "26A");
	if (kind == KIND_TIP)
		strvec_push(&c.forms, "forced-labour");
	c.status = status;
	if (store_case_insert(fx->s, &c, &fx->err))
		fail_msg("insert %s: %s", c.ref, fx->err.msg);
	snprintf(ref, CASE_REF_MAX, "%s", c.ref);
	case_release(&c);
}

static void add_person(struct core_fx *fx, const char *case_ref, enum person_role role, mapo_date arrest,
	mapo_date rescue)
{
	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "P-%06ld", ++person_no);
	p.role = role;
	p.sex = 'M';
	p.age = 30;
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	p.arrest_date = arrest;
	p.rescue_date = rescue;
	if (store_person_put(fx->s, &p, &fx->err))
		fail_msg("person: %s", fx->err.msg);
}

static const char plan_csv[] =
	"level,code,parent,title_ms,title_en,lead,supporting,indicator_ms,indicator_en,computed,baseline,"
	"start_year,end_year,target_2021,target_2022\n"
	"plan,T-1,,Pelan Ujian,Test Plan,,,,,,,2021,2022,,\n"
	"pillar,P1,,Pencegahan,Prevention,,,,,,,,,,\n"
	"goal,G1,P1,Matlamat 1,Goal 1,,,,,,,,,,\n"
	"objective,O1,G1,Objektif 1,Objective 1,,,,,,,,,,\n"
	"activity,A1,O1,Kempen,Campaigns,MAPO,JTK;KSM,Kempen,Campaigns run,,2,,,4,6\n"
	"activity,A2,O1,Latihan,Training,PDRM,,Pegawai,Officers trained,,,2021,2021,100,\n"
	"pillar,P2,,Pendakwaan,Prosecution,,,,,,,,,,\n"
	"goal,G2,P2,Matlamat 2,Goal 2,,,,,,,,,,\n"
	"objective,O2,G2,Objektif 2,Objective 2,,,,,,,,,,\n"
	"activity,A3,O2,Kes,Cases,PDRM,,Kes TIP,TIP cases,tip_cases,,,,10,12\n"
	"activity,A4,O2,Tangkapan,Arrests,PDRM,,Tangkapan,TIP arrests,tip_arrests,,,,20,\n"
	"activity,A5,O2,Sabitan,Convictions,AGC,,Sabitan,TIP convictions,tip_convictions,,,,2,\n"
	"activity,A6,O2,Kes JIM,JIM cases,JIM,,Kes SOM,SOM cases by JIM,som_cases:JIM,,,,5,\n"
	"activity,A7,O2,Mangsa,Victims,PDRM,,Mangsa,Victims rescued,victims_rescued,,,,3,\n";

static int load_plan_text(const char *text, struct plan *out, struct strvec *problems, const struct refdata *rd)
{
	struct sheet sh;
	struct mapo_error err;
	sheet_init(&sh);
	int rc = sheet_read_mem(&sh, "plan.csv", text, strlen(text), NULL, problems, &err);
	if (!rc)
		rc = plan_load_sheet(&sh, rd, out, problems, &err);
	sheet_release(&sh);
	return rc;
}

static void test_load_csv(void **state)
{
	(void)state;
	struct core_fx fx;
	struct plan p;
	struct strvec problems = STRVEC_INIT;
	assert_int_equal(core_fx_open(&fx, true), 0);
	plan_init(&p);
	assert_int_equal(load_plan_text(plan_csv, &p, &problems, &fx.rd), 0);
	assert_int_equal(problems.n, 0);
	assert_string_equal(p.code, "T-1");
	assert_int_equal(p.start_year, 2021);
	assert_int_equal(p.end_year, 2022);
	assert_int_equal(p.n, 13);
	const struct plan_node *a1 = plan_find(&p, "A1");
	assert_non_null(a1);
	assert_int_equal(a1->start_year, 2021); /* the plan's period by default */
	assert_int_equal(a1->end_year, 2022);
	assert_true(a1->targets[0] == 4 && a1->targets[1] == 6);
	assert_true(a1->baseline == 2);
	assert_int_equal(a1->supporting.n, 2);
	assert_string_equal(a1->supporting.v[1], "KSM");
	const struct plan_node *a6 = plan_find(&p, "A6");
	assert_int_equal(a6->computed, MEASURE_SOM_CASES);
	assert_string_equal(a6->computed_agency, "JIM");
	assert_true(isnan(plan_target(&p, plan_find(&p, "A2"), 2022)));
	assert_string_equal(plan_ancestor(&p, a6, PLAN_PILLAR)->code, "P2");

	/* Stored and read back the same; a second import of the same code is refused. */
	assert_int_equal(plan_import(fx.s, NULL, &p, &fx.err), 0);
	struct plan back;
	plan_init(&back);
	assert_int_equal(store_plan_get(fx.s, "T-1", &back, &fx.err), 0);
	assert_int_equal(back.n, p.n);
	for (size_t i = 0; i < p.n; i++) {
		assert_string_equal(back.nodes[i].code, p.nodes[i].code);
		assert_string_equal(back.nodes[i].parent, p.nodes[i].parent);
		assert_int_equal(back.nodes[i].level, p.nodes[i].level);
		assert_int_equal(back.nodes[i].computed, p.nodes[i].computed);
		for (int y = 0; y < 2; y++)
			assert_true(isnan(back.nodes[i].targets[y]) == isnan(p.nodes[i].targets[y]) &&
				    (isnan(p.nodes[i].targets[y]) || back.nodes[i].targets[y] == p.nodes[i].targets[y]));
	}
	assert_int_equal(plan_import(fx.s, NULL, &p, &fx.err), MAPO_EEXIST);
	long long n;
	struct audit_filter af;
	audit_filter_init(&af);
	af.action = "plan-import";
	assert_int_equal(audit_count(fx.s, &af, &n, &fx.err), 0);
	assert_int_equal(n, 1);

	plan_release(&back);
	plan_release(&p);
	strvec_release(&problems);
	core_fx_close(&fx);
}

static bool has_problem(const struct strvec *problems, const char *text)
{
	for (size_t i = 0; i < problems->n; i++)
		if (!strcmp(problems->v[i], text))
			return true;
	return false;
}

static void test_load_errors(void **state)
{
	(void)state;
	static const char bad[] =
		"level,code,parent,title_ms,title_en,lead,supporting,indicator_ms,indicator_en,computed,baseline,"
		"start_year,end_year,target_2021,target_2030,colour\n"
		"plan,T-2,,Pelan,Plan,,,,,,,2021,2025,,,\n";
	static const char rows[] =
		"level,code,parent,title_ms,title_en,lead,supporting,indicator_ms,indicator_en,computed,baseline,"
		"start_year,end_year,target_2021,target_2022\n"
		"plan,T-3,,Pelan,Plan,,,,,,,2021,2022,,\n"
		"pillar,P1,,Pencegahan,Prevention,,,,,,,,,,\n"
		"goal,G1,P9,Matlamat,Goal,,,,,,,,,,\n"
		"goal,G2,P1,Matlamat,,,,,,,,,,,\n"
		"objective,O1,P1,Objektif,Objective,,,,,,,,,,\n"
		"goal,G3,P1,Matlamat,Goal,,,,,,,,,,\n"
		"objective,O2,G3,Objektif,Objective,,,,,,,,,,\n"
		"activity,A1,O2,Aktiviti,Activity,,,Penunjuk,Indicator,,,,,4,\n"
		"activity,A2,O2,Aktiviti,Activity,PDRM,,Penunjuk,Indicator,arrests,-1,,,x,\n"
		"activity,A3,O2,Aktiviti,Activity,PDRM,,Penunjuk,Indicator,tip_cases:XYZ,,2021,2021,,5\n"
		"activity,A3,O2,Aktiviti,Activity,PDRM,,Penunjuk,Indicator,,,2021,2023,,\n"
		"task,A9,O2,Aktiviti,Activity,PDRM,,Penunjuk,Indicator,,,,,,\n"
		"pillar,P2,,Pendakwaan,Prosecution,PDRM,,,,,,,,,\n";
	struct core_fx fx;
	struct plan p;
	struct strvec problems = STRVEC_INIT;
	assert_int_equal(core_fx_open(&fx, true), 0);
	plan_init(&p);

	assert_int_equal(load_plan_text(bad, &p, &problems, &fx.rd), MAPO_EINVAL);
	assert_true(has_problem(&problems, "plan.csv:1: colour: unknown column"));
	strvec_clear(&problems);

	assert_int_equal(load_plan_text(rows, &p, &problems, &fx.rd), MAPO_EINVAL);
	for (size_t i = 0; i < problems.n; i++)
		printf("%s\n", problems.v[i]);
	assert_true(has_problem(&problems, "plan.csv:4: parent: 'P9' is not a code listed above"));
	assert_true(has_problem(&problems, "plan.csv:5: title_en: a value is required"));
	assert_true(has_problem(&problems, "plan.csv:6: parent: 'P1' is at level pillar, and level objective goes under goal"));
	assert_true(has_problem(&problems, "plan.csv:9: lead: an activity needs a lead organisation"));
	assert_true(has_problem(&problems, "plan.csv:10: baseline: '-1' is not a number of 0 or more"));
	assert_true(has_problem(&problems, "plan.csv:10: target_2021: 'x' is not a number of 0 or more"));
	assert_true(has_problem(&problems, "plan.csv:11: computed: unknown agency 'XYZ'"));
	assert_true(has_problem(&problems, "plan.csv:11: target_2022: a target outside the activity's period 2021-2021"));
	assert_true(has_problem(&problems, "plan.csv:12: code: 'A3' is used twice"));
	assert_true(has_problem(&problems, "plan.csv:12: end_year: the period 2021-2023 is not within the plan's 2021-2022"));
	assert_true(has_problem(&problems, "plan.csv:13: level: 'task' is not plan, pillar, goal, objective or activity"));
	assert_true(has_problem(&problems, "plan.csv:14: lead: only activities have this column"));
	bool named_measure = false;
	for (size_t i = 0; i < problems.n; i++)
		named_measure |= !strncmp(problems.v[i], "plan.csv:10: computed: 'arrests' is not one of tip_cases,", 56);
	assert_true(named_measure);
	assert_int_equal(problems.n, 13);

	/* Nothing was stored. */
	struct plan back;
	plan_init(&back);
	assert_int_equal(store_plan_get(fx.s, "T-3", &back, &fx.err), MAPO_ENOTFOUND);

	/* A file whose first row is not the plan's. */
	strvec_clear(&problems);
	assert_int_equal(load_plan_text("level,code,parent,title_ms,title_en\npillar,P1,,A,B\n", &p, &problems, &fx.rd),
		MAPO_EINVAL);
	assert_true(has_problem(&problems, "plan.csv:2: level: the first row must be the plan's (level 'plan')"));
	/* A missing column, an empty file, bad quoting. */
	strvec_clear(&problems);
	assert_int_equal(load_plan_text("level,code,parent,title_ms\n", &p, &problems, &fx.rd), MAPO_EINVAL);
	assert_true(has_problem(&problems, "plan.csv:1: title_en: the column is missing"));
	strvec_clear(&problems);
	assert_int_equal(load_plan_text("", &p, &problems, &fx.rd), MAPO_EINVAL);
	assert_int_equal(problems.n, 1);
	strvec_clear(&problems);
	assert_int_equal(load_plan_text("level,code\n\"plan,x\n", &p, &problems, &fx.rd), MAPO_EINVAL);
	assert_int_equal(problems.n, 1);
	assert_int_equal(strncmp(problems.v[0], "plan.csv:2:", 11), 0);

	plan_release(&back);
	plan_release(&p);
	strvec_release(&problems);
	core_fx_close(&fx);
}

/* Builds the test plan in fx's store. */
static void store_test_plan(struct core_fx *fx)
{
	struct plan p;
	struct strvec problems = STRVEC_INIT;
	plan_init(&p);
	assert_int_equal(load_plan_text(plan_csv, &p, &problems, &fx->rd), 0);
	assert_int_equal(plan_import(fx->s, NULL, &p, &fx->err), 0);
	plan_release(&p);
	strvec_release(&problems);
}

static void test_computed_from_register(void **state)
{
	(void)state;
	struct core_fx fx;
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	refdata_add(&fx.rd, REF_AGENCY, "AGC", "Jabatan Peguam Negara", "Attorney General's Chambers", "prosecution");
	assert_int_equal(refdata_install(fx.s, &fx.rd, &fx.err), 0);
	store_test_plan(&fx);

	/* 2020-12-31: the year before, never counted. */
	add_case(&fx, KIND_TIP, "PDRM", ymd(2020, 12, 31), STATUS_CONVICTED, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2020, 12, 31), DATE_NONE);
	/* Q1: a TIP case with two arrests (one of them in Q2) and a rescued victim. */
	add_case(&fx, KIND_TIP, "PDRM", ymd(2021, 2, 10), STATUS_INVESTIGATION, ref);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 2, 10), DATE_NONE);
	add_person(&fx, ref, PROLE_SUSPECT, ymd(2021, 4, 2), DATE_NONE);
	add_person(&fx, ref, PROLE_VICTIM, DATE_NONE, ymd(2021, 2, 10));
	/* Q1: SOM cases by JIM and PDRM (only JIM's counts for A6). */
	add_case(&fx, KIND_SOM, "JIM", ymd(2021, 3, 31), STATUS_INVESTIGATION, ref);
	add_case(&fx, KIND_SOM, "PDRM", ymd(2021, 3, 1), STATUS_INVESTIGATION, ref);
	/* Q2: a convicted TIP case. */
	add_case(&fx, KIND_TIP, "JIM", ymd(2021, 5, 20), STATUS_CONVICTED, ref);

	struct plan p;
	plan_init(&p);
	assert_int_equal(store_plan_get(fx.s, "T-1", &p, &fx.err), 0);
	struct {
		const char *code;
		int quarter;
		long long expect;
	} cases[] = {
		{"A3", 1, 1}, {"A3", 2, 2}, {"A3", 4, 2},
		{"A4", 1, 1}, {"A4", 2, 2},
		{"A5", 1, 0}, {"A5", 2, 1},
		{"A6", 1, 1}, {"A6", 4, 1},
		{"A7", 1, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long long v = -1;
		assert_int_equal(plan_computed_value(fx.s, plan_find(&p, cases[i].code), 2021, cases[i].quarter, DATE_NONE, &v,
					 &fx.err),
			0);
		if (v != cases[i].expect)
			fail_msg("%s Q%d: %lld, expected %lld", cases[i].code, cases[i].quarter, v, cases[i].expect);
	}
	/* as_of cuts the window inside the quarter. */
	long long v;
	assert_int_equal(plan_computed_value(fx.s, plan_find(&p, "A4"), 2021, 2, ymd(2021, 4, 1), &v, &fx.err), 0);
	assert_int_equal(v, 1);
	/* A typed indicator is not computed. */
	assert_int_equal(plan_computed_value(fx.s, plan_find(&p, "A1"), 2021, 1, DATE_NONE, &v, &fx.err), MAPO_EINVAL);

	/* The status uses the register, and a typed value for a computed indicator is refused. */
	struct plan_status ps;
	plan_status_init(&ps);
	assert_int_equal(plan_status_load(fx.s, "T-1", 2021, ymd(2021, 6, 30), &ps, &fx.err), 0);
	for (size_t i = 0; i < ps.n; i++) {
		if (!strcmp(ps.states[i].node->code, "A3")) {
			assert_true(ps.states[i].value == 2);
			assert_true(fabs(ps.states[i].ratio - 0.2) < 1e-9);
		}
	}
	struct progress_report r;
	progress_report_init(&r);
	snprintf(r.plan, sizeof(r.plan), "T-1");
	snprintf(r.activity, sizeof(r.activity), "A3");
	r.year = 2021;
	r.quarter = 1;
	r.status = PSTATUS_ON_TRACK;
	r.value = 99;
	assert_int_equal(plan_progress_record(fx.s, NULL, &r, NULL, &fx.err), MAPO_EINVAL);
	r.value = NAN;
	assert_int_equal(plan_progress_record(fx.s, NULL, &r, NULL, &fx.err), 0);

	progress_report_release(&r);
	plan_status_release(&ps);
	plan_release(&p);
	core_fx_close(&fx);
}

static struct activity_state state_of(const struct plan_node *nd, double target, double value, int quarter,
	enum progress_status status)
{
	struct activity_state st;
	memset(&st, 0, sizeof(st));
	st.node = nd;
	st.year = 2021;
	st.target = target;
	st.value = value;
	st.quarter = quarter;
	st.status = status;
	return st;
}

static void test_flags(void **state)
{
	(void)state;
	struct plan_node nd;
	plan_node_init(&nd);
	snprintf(nd.code, sizeof(nd.code), "A1");
	nd.level = PLAN_ACTIVITY;
	nd.start_year = 2021;
	nd.end_year = 2022;

	/* On pace in mid-year: half the target at the end of June. */
	struct activity_state st = state_of(&nd, 100, 50, 2, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 7, 1));
	assert_true(fabs(st.ratio - 0.5) < 1e-9);
	assert_false(st.at_risk || st.overdue || st.report_missing);
	/* Trailing the elapsed share by more than the margin: at risk. */
	st = state_of(&nd, 100, 20, 2, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 7, 1));
	assert_true(st.at_risk);
	assert_false(st.overdue);
	/* Exactly at the margin is not at risk: 0.25 behind on 1 July (expected 182/365). */
	st = state_of(&nd, 365, 182 - 0.25 * 365, 2, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 7, 1));
	assert_false(st.at_risk);
	/* The reported status says so. */
	st = state_of(&nd, 100, 90, 2, PSTATUS_DELAYED);
	plan_state_flags(&st, ymd(2021, 7, 1));
	assert_true(st.at_risk);
	/* Q2 ended without a report (the last one is Q1): missing, and so at risk. */
	st = state_of(&nd, 100, 40, 1, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 7, 1));
	assert_true(st.report_missing && st.at_risk);
	/* The year ended short of the target: overdue, not at risk. */
	st = state_of(&nd, 100, 90, 4, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2022, 1, 1));
	assert_true(st.overdue);
	assert_false(st.at_risk);
	/* On 31 December the year has not yet ended. */
	st = state_of(&nd, 100, 90, 4, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 12, 31));
	assert_false(st.overdue);
	/* Done is never late, whatever the numbers. */
	st = state_of(&nd, 100, 10, 1, PSTATUS_DONE);
	plan_state_flags(&st, ymd(2023, 1, 1));
	assert_false(st.overdue || st.at_risk || st.report_missing);
	/* The activity's period ended (2022) and it is not done: overdue even with no target. */
	st = state_of(&nd, NAN, NAN, 0, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2023, 1, 1));
	assert_true(st.overdue);
	assert_true(isnan(st.ratio));
	/* A zero target counts as met only when done. */
	st = state_of(&nd, 0, 0, 1, PSTATUS_ON_TRACK);
	plan_state_flags(&st, ymd(2021, 2, 1));
	assert_true(st.ratio == 0);
	/* Before the year starts nothing is expected. */
	st = state_of(&nd, 100, NAN, 0, PSTATUS_NOT_STARTED);
	plan_state_flags(&st, ymd(2020, 12, 1));
	assert_true(st.expected == 0);
	assert_false(st.at_risk || st.report_missing);
	plan_node_release(&nd);
}

static void test_rollup(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	refdata_add(&fx.rd, REF_AGENCY, "AGC", "Jabatan Peguam Negara", "Attorney General's Chambers", "prosecution");
	assert_int_equal(refdata_install(fx.s, &fx.rd, &fx.err), 0);
	store_test_plan(&fx);

	struct plan_status ps;
	plan_status_init(&ps);
	assert_int_equal(plan_status_load(fx.s, "T-1", 2021, ymd(2021, 6, 30), &ps, &fx.err), 0);
	assert_int_equal(ps.n, 7); /* A1..A7 all run in 2021 */
	/* Set the states by hand: the roll-up is arithmetic over them. */
	for (size_t i = 0; i < ps.n; i++) {
		struct activity_state *st = &ps.states[i];
		const char *c = st->node->code;
		st->status = PSTATUS_ON_TRACK;
		st->target = 10;
		st->value = !strcmp(c, "A1") ? 10 : !strcmp(c, "A2") ? 5 : !strcmp(c, "A3") ? 20 : 0;
		if (!strcmp(c, "A7"))
			st->target = NAN; /* no target: left out of the mean */
		if (!strcmp(c, "A4"))
			st->status = PSTATUS_DELAYED;
		st->quarter = 2;
		plan_state_flags(st, ymd(2021, 6, 30));
	}
	struct plan_rollup *v;
	size_t n;
	plan_rollup(&ps, ROLLUP_PILLAR, &v, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].key, "P1");
	assert_int_equal(v[0].activities, 2);
	assert_true(fabs(v[0].progress - 0.75) < 1e-9); /* (1 + 0.5) / 2 */
	assert_string_equal(v[1].key, "P2");
	assert_int_equal(v[1].activities, 5);
	assert_int_equal(v[1].with_target, 4);
	assert_true(fabs(v[1].progress - 0.25) < 1e-9); /* (1 + 0 + 0 + 0) / 4; A3 capped at 1 */
	assert_int_equal(v[1].by_status[PSTATUS_DELAYED], 1);
	assert_int_equal(v[1].at_risk, 3); /* A4 delayed; A5 and A6 at 0% against 50% expected */
	free(v);

	plan_rollup(&ps, ROLLUP_ORG, &v, &n);
	assert_int_equal(n, 4);
	const char *orgs[] = {"AGC", "JIM", "MAPO", "PDRM"};
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i].key, orgs[i]);
	assert_int_equal(v[3].activities, 4); /* A2 A3 A4 A7 */
	assert_int_equal(v[3].with_target, 3);
	assert_true(fabs(v[3].progress - 0.5) < 1e-9); /* (0.5 + 1 + 0) / 3 */
	free(v);

	plan_rollup(&ps, ROLLUP_GOAL, &v, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].key, "G1");
	free(v);

	/* The JSON carries the same figures. */
	json_t *j = plan_status_to_json(&ps, LANG_EN);
	json_t *p2 = json_array_get(json_object_get(j, "pillars"), 1);
	assert_true(fabs(json_real_value(json_object_get(p2, "progress")) - 0.25) < 1e-9);
	assert_string_equal(json_string_value(json_object_get(p2, "title")), "Prosecution");
	json_decref(j);
	plan_status_release(&ps);
	core_fx_close(&fx);
}

static void test_progress_reports(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	refdata_add(&fx.rd, REF_AGENCY, "AGC", "Jabatan Peguam Negara", "Attorney General's Chambers", "prosecution");
	assert_int_equal(refdata_install(fx.s, &fx.rd, &fx.err), 0);
	store_test_plan(&fx);

	struct principal jim, pdrm, partner;
	principal_init_anonymous(&jim, "10.0.0.1");
	jim.role = ROLE_AGENCY_OFFICER;
	jim.user_id = 2;
	snprintf(jim.username, sizeof(jim.username), "jim1");
	snprintf(jim.agency, sizeof(jim.agency), "JIM");
	pdrm = jim;
	snprintf(pdrm.username, sizeof(pdrm.username), "pdrm1");
	snprintf(pdrm.agency, sizeof(pdrm.agency), "PDRM");
	principal_init_anonymous(&partner, "10.0.0.2");
	partner.role = ROLE_PARTNER;
	snprintf(partner.org, sizeof(partner.org), "MAPO");

	struct progress_report r;
	progress_report_init(&r);
	snprintf(r.plan, sizeof(r.plan), "T-1");
	snprintf(r.activity, sizeof(r.activity), "A2");
	r.year = 2021;
	r.quarter = 1;
	r.status = PSTATUS_ON_TRACK;
	r.value = 30;
	/* Asked before a report is read: the activity's lead, or with no activity named, the lead of
	 * some activity (JIM leads A6; a prosecutor, though of AGC which leads A5, reports on none). */
	struct principal agc = jim;
	agc.role = ROLE_PROSECUTOR;
	snprintf(agc.agency, sizeof(agc.agency), "AGC");
	assert_int_equal(plan_progress_allowed(fx.s, &pdrm, "T-1", "A2", &fx.err), 0);
	assert_int_equal(plan_progress_allowed(fx.s, &jim, "T-1", "A2", &fx.err), MAPO_EDENIED);
	assert_non_null(strstr(fx.err.msg, "(PDRM)"));
	assert_int_equal(plan_progress_allowed(fx.s, &jim, "T-1", NULL, &fx.err), 0);
	assert_int_equal(plan_progress_allowed(fx.s, &partner, "T-1", "", &fx.err), 0);
	assert_int_equal(plan_progress_allowed(fx.s, NULL, "T-1", NULL, &fx.err), 0);
	assert_int_equal(plan_progress_allowed(fx.s, &agc, "T-1", NULL, &fx.err), MAPO_EDENIED);
	assert_non_null(strstr(fx.err.msg, "T-1"));
	assert_int_equal(plan_progress_allowed(fx.s, &agc, "T-1", "A5", &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_progress_allowed(fx.s, &jim, "T-1", "A99", &fx.err), MAPO_ENOTFOUND);
	assert_int_equal(plan_progress_allowed(fx.s, &pdrm, "T-1", "O1", &fx.err), MAPO_ENOTFOUND);
	assert_int_equal(plan_progress_allowed(fx.s, &pdrm, "T-9", NULL, &fx.err), MAPO_ENOTFOUND);
	assert_int_equal(plan_manage_allowed(&pdrm, &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_manage_allowed(NULL, &fx.err), 0);
	assert_int_equal(plan_check_allowed(&jim, "JIM", &fx.err), 0);
	assert_int_equal(plan_check_allowed(&jim, "PDRM", &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_check_allowed(&jim, NULL, &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_check_allowed(NULL, NULL, &fx.err), 0);

	/* Only the lead (PDRM) reports on A2. */
	assert_int_equal(plan_progress_record(fx.s, &jim, &r, NULL, &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_progress_record(fx.s, &partner, &r, NULL, &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, "evidence", &fx.err), MAPO_EINVAL); /* no name */
	snprintf(r.evidence_name, sizeof(r.evidence_name), "q1.txt");
	r.evidence_size = 8;
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, "evidence", &fx.err), 0);
	assert_string_equal(r.org, "PDRM");
	/* The partner leads A1 as MAPO. */
	snprintf(r.activity, sizeof(r.activity), "A1");
	r.evidence_size = 0;
	r.org[0] = '\0';
	assert_int_equal(plan_progress_record(fx.s, &partner, &r, NULL, &fx.err), 0);
	/* Bad input. */
	snprintf(r.activity, sizeof(r.activity), "A2");
	r.quarter = 5;
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, NULL, &fx.err), MAPO_EINVAL);
	r.quarter = 1;
	r.year = 2022; /* A2 runs in 2021 only */
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, NULL, &fx.err), MAPO_EINVAL);
	r.year = 2021;
	r.value = NAN;
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, NULL, &fx.err), MAPO_EINVAL);
	r.value = 10;
	snprintf(r.activity, sizeof(r.activity), "A99");
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, NULL, &fx.err), MAPO_ENOTFOUND);
	/* An evidence file over the cap. */
	snprintf(r.activity, sizeof(r.activity), "A2");
	r.evidence_size = PLAN_EVIDENCE_MAX + 1;
	char *big = xcalloc(1, PLAN_EVIDENCE_MAX + 1);
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, big, &fx.err), MAPO_ETOOBIG);
	free(big);

	/* A later report of the same quarter replaces the first; the evidence is kept capped. */
	r.evidence_size = 0;
	r.evidence_name[0] = '\0';
	r.value = 45;
	r.quarter = 2;
	r.status = PSTATUS_AT_RISK;
	assert_int_equal(plan_progress_record(fx.s, &pdrm, &r, NULL, &fx.err), 0);
	struct progress_report meta;
	struct buf ev = BUF_INIT;
	progress_report_init(&meta);
	assert_int_equal(store_progress_evidence(fx.s, "T-1", "A2", 2021, 1, &meta, &ev, &fx.err), 0);
	assert_int_equal(ev.len, 8);
	assert_memory_equal(ev.data, "evidence", 8);
	assert_string_equal(meta.evidence_name, "q1.txt");
	assert_int_equal(store_progress_evidence(fx.s, "T-1", "A2", 2021, 2, &meta, &ev, &fx.err), MAPO_ENOTFOUND);

	/* The state takes the latest quarter by as_of. */
	struct plan_status ps;
	plan_status_init(&ps);
	assert_int_equal(plan_status_load(fx.s, "T-1", 2021, ymd(2021, 3, 31), &ps, &fx.err), 0);
	const struct activity_state *a2 = NULL;
	for (size_t i = 0; i < ps.n; i++)
		if (!strcmp(ps.states[i].node->code, "A2"))
			a2 = &ps.states[i];
	assert_non_null(a2);
	assert_true(a2->value == 30 && a2->quarter == 1 && a2->status == PSTATUS_ON_TRACK);
	assert_int_equal(plan_status_load(fx.s, "T-1", 2021, ymd(2021, 7, 15), &ps, &fx.err), 0);
	for (size_t i = 0; i < ps.n; i++)
		if (!strcmp(ps.states[i].node->code, "A2"))
			a2 = &ps.states[i];
	assert_true(a2->value == 45 && a2->quarter == 2 && a2->status == PSTATUS_AT_RISK && a2->at_risk);
	/* A year outside the plan. */
	assert_int_equal(plan_status_load(fx.s, "T-1", 2030, ymd(2021, 7, 15), &ps, &fx.err), MAPO_EINVAL);

	/* Audited: three reports written. */
	long long n;
	struct audit_filter af;
	audit_filter_init(&af);
	af.action = "progress-report";
	assert_int_equal(audit_count(fx.s, &af, &n, &fx.err), 0);
	assert_int_equal(n, 3);

	buf_release(&ev);
	progress_report_release(&meta);
	progress_report_release(&r);
	plan_status_release(&ps);
	core_fx_close(&fx);
}

static void test_recommendations(void **state)
{
	(void)state;
	struct core_fx fx;
	char ref[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	refdata_add(&fx.rd, REF_AGENCY, "AGC", "Jabatan Peguam Negara", "Attorney General's Chambers", "prosecution");
	assert_int_equal(refdata_install(fx.s, &fx.rd, &fx.err), 0);
	store_test_plan(&fx);
	/* In the 2022 report's period (2021-04-01..2022-03-31) and the year before. */
	add_case(&fx, KIND_TIP, "PDRM", ymd(2021, 5, 1), STATUS_INVESTIGATION, ref);
	add_case(&fx, KIND_TIP, "PDRM", ymd(2021, 6, 1), STATUS_INVESTIGATION, ref);
	add_case(&fx, KIND_TIP, "PDRM", ymd(2020, 5, 1), STATUS_INVESTIGATION, ref);
	add_case(&fx, KIND_SOM, "JIM", ymd(2020, 7, 1), STATUS_INVESTIGATION, ref); /* after the span a year back */

	struct recommendation r[3];
	for (int i = 0; i < 3; i++) {
		recommendation_init(&r[i]);
		r[i].year = 2021;
		r[i].rank = i + 1;
		r[i].text_ms = xasprintf("Cadangan %d", i + 1);
		r[i].text_en = xasprintf("Recommendation %d", i + 1);
	}
	r[0].status = RSTATUS_ADDRESSED;
	strvec_push(&r[1].links, "T-1/A3");
	strvec_push(&r[1].actions, "MAPO-2-2021-1");
	strvec_push(&r[2].links, "T-1/A99");
	/* A link to a missing activity undoes the whole import. */
	assert_int_equal(plan_recs_import(fx.s, NULL, r, 3, &fx.err), MAPO_EINVAL);
	int latest;
	assert_int_equal(store_rec_latest_year(fx.s, &latest, &fx.err), 0);
	assert_int_equal(latest, 0);
	strvec_clear(&r[2].links);
	assert_int_equal(plan_recs_import(fx.s, NULL, r, 3, &fx.err), 0);
	struct field_errors fe = FIELD_ERRORS_INIT;
	r[2].rank = 0;
	strvec_push(&r[2].links, "no-slash");
	assert_int_equal(recommendation_validate(&r[2], &fe), 2);
	field_errors_release(&fe);

	/* Only the secretariat and admins change them. */
	struct principal officer;
	principal_init_anonymous(&officer, "");
	officer.role = ROLE_AGENCY_OFFICER;
	snprintf(officer.agency, sizeof(officer.agency), "PDRM");
	assert_int_equal(plan_rec_update(fx.s, &officer, 2021, 2, RSTATUS_IN_PROGRESS, "x", &fx.err), MAPO_EDENIED);
	assert_int_equal(plan_rec_update(fx.s, NULL, 2021, 9, RSTATUS_IN_PROGRESS, "x", &fx.err), MAPO_ENOTFOUND);
	assert_int_equal(plan_rec_update(fx.s, NULL, 2021, 2, RSTATUS_IN_PROGRESS, "Two special courts opened", &fx.err), 0);

	struct plan_outlook ol;
	plan_outlook_init(&ol);
	assert_int_equal(plan_outlook_load(fx.s, 0, ymd(2021, 6, 30), &ol, &fx.err), 0);
	assert_int_equal(ol.rec_year, 2021);
	assert_int_equal(ol.report_year, 2022);
	assert_int_equal(ol.from, ymd(2021, 4, 1));
	assert_int_equal(ol.before_to, ymd(2020, 6, 30));
	assert_int_equal(ol.now[MEASURE_TIP_CASES], 2);
	assert_int_equal(ol.before[MEASURE_TIP_CASES], 1);
	assert_int_equal(ol.before[MEASURE_SOM_CASES], 0);
	assert_int_equal(ol.n, 3);
	/* Pending first, by rank; the addressed one last. */
	assert_int_equal(ol.items[0].rec.rank, 2);
	assert_int_equal(ol.items[1].rec.rank, 3);
	assert_int_equal(ol.items[2].rec.rank, 1);
	assert_string_equal(ol.items[0].rec.evidence, "Two special courts opened");
	assert_int_equal(ol.items[0].nacts, 1);
	assert_true(ol.items[0].acts[0].found);
	assert_string_equal(ol.items[0].acts[0].lead, "PDRM");
	assert_string_equal(ol.items[0].rec.actions.v[0], "MAPO-2-2021-1");
	plan_outlook_release(&ol);

	for (int i = 0; i < 3; i++)
		recommendation_release(&r[i]);
	core_fx_close(&fx);
}

/* A recommendation's action reference that is a number is a council action item: checked when
 * stored, shown with its title, owner, status and due date in the outlook. */
static void test_council_action_links(void **state)
{
	(void)state;
	struct core_fx fx;
	assert_int_equal(core_fx_open(&fx, true), 0);
	if (!store_supports(fx.s, "council")) { /* the council's store is not on PostgreSQL yet */
		core_fx_close(&fx);
		skip();
	}
	struct council_org o;
	council_org_init(&o);
	snprintf(o.code, sizeof(o.code), "USEMB");
	snprintf(o.name_ms, sizeof(o.name_ms), "Kedutaan AS");
	snprintf(o.name_en, sizeof(o.name_en), "US Embassy");
	o.kind = ORGK_EMBASSY;
	assert_int_equal(council_org_add(fx.s, NULL, &o, NULL, &fx.err), 0);
	struct council_engagement e;
	council_engagement_init(&e);
	e.held_on = ymd(2021, 7, 1);
	snprintf(e.org, sizeof(e.org), "USEMB");
	snprintf(e.title, sizeof(e.title), "TIP report briefing");
	assert_int_equal(council_engagement_add(fx.s, NULL, &e, &fx.err), 0);
	struct council_action a;
	council_action_init(&a);
	a.engagement_id = e.id;
	snprintf(a.org, sizeof(a.org), "USEMB");
	snprintf(a.title, sizeof(a.title), "Send the prosecution figures");
	a.due_on = ymd(2021, 8, 1);
	assert_int_equal(council_action_add(fx.s, NULL, &a, NULL, &fx.err), 0);

	struct recommendation r;
	recommendation_init(&r);
	r.year = 2021;
	r.rank = 1;
	r.text_ms = xstrdup("Cadangan");
	r.text_en = xstrdup("Recommendation");
	strvec_push(&r.actions, "999");
	assert_int_equal(plan_recs_import(fx.s, NULL, &r, 1, &fx.err), MAPO_EINVAL);
	assert_string_equal(fx.err.msg, "recommendation 2021/1: no council action item 999");
	strvec_clear(&r.actions);
	strvec_pushf(&r.actions, "%lld", (long long)a.id);
	strvec_push(&r.actions, "MAPO-2-2021-7"); /* not a number: kept as text */
	assert_int_equal(plan_recs_import(fx.s, NULL, &r, 1, &fx.err), 0);

	struct plan_outlook ol;
	plan_outlook_init(&ol);
	assert_int_equal(plan_outlook_load(fx.s, 2021, ymd(2021, 9, 1), &ol, &fx.err), 0);
	assert_int_equal(ol.n, 1);
	assert_int_equal(ol.items[0].nactions, 2);
	const struct outlook_action *found = NULL, *text = NULL;
	for (size_t i = 0; i < 2; i++) {
		if (ol.items[0].actions[i].found)
			found = &ol.items[0].actions[i];
		else
			text = &ol.items[0].actions[i];
	}
	assert_non_null(found);
	assert_non_null(text);
	assert_string_equal(found->title, "Send the prosecution figures");
	assert_string_equal(found->org, "USEMB");
	assert_string_equal(found->status, "open");
	assert_true(found->overdue); /* due 1 August, open on 1 September */
	assert_string_equal(text->ref, "MAPO-2-2021-7");
	plan_outlook_release(&ol);
	recommendation_release(&r);
	core_fx_close(&fx);
}

static void make_guideline(struct guideline *g)
{
	static const struct {
		const char *code;
		unsigned subjects;
	} items[] = {
		{"HS1", 7}, {"PPE1", 3}, {"ISO2", 2}, {"SH1", 4},
	};
	guideline_init(g);
	snprintf(g->code, sizeof(g->code), "infectious-disease");
	g->version = 1;
	g->title_ms = xstrdup("Garis panduan");
	g->title_en = xstrdup("Guideline");
	g->issued = ymd(2021, 7, 22);
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		struct guideline_item it;
		guideline_item_init(&it);
		snprintf(it.code, sizeof(it.code), "%s", items[i].code);
		it.section_ms = xstrdup("Seksyen");
		it.section_en = xstrdup("Section");
		it.text_ms = xasprintf("Perkara %zu", i);
		it.text_en = xasprintf("Item %zu", i);
		it.subjects = items[i].subjects;
		guideline_add_item(g, &it);
	}
}

static int record(struct core_fx *fx, enum check_subject subject, const char *ref, const char *agency, mapo_date day,
	const char *answers, struct field_errors *fe)
{
	struct guideline_check c;
	struct strvec pairs = STRVEC_INIT;
	guideline_check_init(&c);
	snprintf(c.guideline, sizeof(c.guideline), "infectious-disease");
	c.subject = subject;
	snprintf(c.subject_ref, sizeof(c.subject_ref), "%s", ref);
	snprintf(c.agency, sizeof(c.agency), "%s", agency);
	c.check_date = day;
	strvec_split(&pairs, answers, ' ');
	for (size_t i = 0; i < pairs.n; i++) {
		char *eq = strchr(pairs.v[i], '=');
		*eq = '\0';
		guideline_check_answer(&c, pairs.v[i], check_answer_parse(eq + 1));
	}
	int rc = plan_check_record(fx->s, NULL, &c, fe, &fx->err);
	strvec_release(&pairs);
	guideline_check_release(&c);
	return rc;
}

struct rows {
	struct compliance_row v[8];
	size_t n;
};

static int take_row(const struct compliance_row *row, void *arg)
{
	struct rows *r = arg;
	if (r->n < 8)
		r->v[r->n++] = *row;
	return 0;
}

static void test_compliance(void **state)
{
	(void)state;
	struct core_fx fx;
	struct guideline g;
	struct field_errors fe = FIELD_ERRORS_INIT;
	char op[CASE_REF_MAX], charged[CASE_REF_MAX], open_case[CASE_REF_MAX];
	assert_int_equal(core_fx_open(&fx, true), 0);
	add_case(&fx, KIND_TIP, "PDRM", ymd(2021, 6, 1), STATUS_INVESTIGATION, open_case);
	add_case(&fx, KIND_TIP, "PDRM", ymd(2021, 6, 2), STATUS_CHARGED, charged);
	add_case(&fx, KIND_SOM, "JIM", ymd(2021, 6, 3), STATUS_INVESTIGATION, op);
	make_guideline(&g);
	struct strvec problems = STRVEC_INIT;
	assert_int_equal(guideline_validate(&g, &problems), 0);
	assert_int_equal(plan_guideline_import(fx.s, NULL, &g, &fx.err), 0);
	assert_int_equal(plan_guideline_import(fx.s, NULL, &g, &fx.err), MAPO_EEXIST);

	/* Operations: HS1 and PPE1 apply. */
	assert_int_equal(record(&fx, SUBJECT_OPERATION, open_case, "PDRM", ymd(2021, 8, 1), "HS1=yes PPE1=yes", &fe), 0);
	assert_int_equal(record(&fx, SUBJECT_OPERATION, op, "JIM", ymd(2021, 8, 2), "HS1=no PPE1=yes", &fe), 0);
	/* A prosecution step: HS1, PPE1, ISO2. */
	assert_int_equal(record(&fx, SUBJECT_PROSECUTION, charged, "AGC", ymd(2021, 9, 1), "HS1=yes PPE1=no ISO2=na", &fe), 0);
	/* A shelter: HS1 and SH1. */
	assert_int_equal(record(&fx, SUBJECT_SHELTER, "SHELTER-KL", "JKM", ymd(2021, 10, 1), "HS1=yes SH1=yes", &fe), 0);
	assert_int_equal(record(&fx, SUBJECT_SHELTER, "SHELTER-KL", "JKM", ymd(2022, 1, 5), "HS1=no SH1=no", &fe), 0);

	/* Refused: an item left out, one that does not apply, an unknown one, a case that is not
	 * referred to the prosecution, a missing case, a date before the guideline. */
	assert_int_equal(record(&fx, SUBJECT_OPERATION, open_case, "PDRM", ymd(2021, 8, 1), "HS1=yes", &fe), MAPO_EINVAL);
	assert_string_equal(fe.v[0].msg, "item 'PPE1' is not answered");
	field_errors_release(&fe);
	assert_int_equal(record(&fx, SUBJECT_OPERATION, open_case, "PDRM", ymd(2021, 8, 1), "HS1=yes PPE1=yes SH1=yes", &fe),
		MAPO_EINVAL);
	assert_string_equal(fe.v[0].msg, "item 'SH1' does not apply to a enforcement operation");
	field_errors_release(&fe);
	assert_int_equal(record(&fx, SUBJECT_OPERATION, open_case, "PDRM", ymd(2021, 8, 1), "HS1=yes PPE1=yes X=no", &fe),
		MAPO_EINVAL);
	field_errors_release(&fe);
	assert_int_equal(record(&fx, SUBJECT_PROSECUTION, open_case, "AGC", ymd(2021, 8, 1), "HS1=yes PPE1=yes ISO2=yes", &fe),
		MAPO_EINVAL);
	assert_string_equal(fe.v[0].field, "subject_ref");
	field_errors_release(&fe);
	assert_int_equal(record(&fx, SUBJECT_OPERATION, "PDRM/2021/999999", "PDRM", ymd(2021, 8, 1), "HS1=yes PPE1=yes", &fe),
		MAPO_EINVAL);
	field_errors_release(&fe);
	assert_int_equal(record(&fx, SUBJECT_OPERATION, open_case, "PDRM", ymd(2021, 7, 1), "HS1=yes PPE1=yes", &fe),
		MAPO_EINVAL);
	assert_string_equal(fe.v[0].field, "check_date");
	field_errors_release(&fe);

	/* Per agency over 2021: not-applicable answers are left out of the rate. */
	struct rows rows = {.n = 0};
	assert_int_equal(store_compliance(fx.s, "infectious-disease", ymd(2021, 1, 1), ymd(2021, 12, 31), false, take_row,
				 &rows, &fx.err),
		0);
	assert_int_equal(rows.n, 4);
	assert_string_equal(rows.v[0].agency, "AGC");
	assert_int_equal(rows.v[0].checks, 1);
	assert_int_equal(rows.v[0].yes, 1);
	assert_int_equal(rows.v[0].no, 1);
	assert_int_equal(rows.v[0].na, 1);
	assert_true(fabs(rows.v[0].rate - 0.5) < 1e-9);
	assert_string_equal(rows.v[1].agency, "JIM");
	assert_true(fabs(rows.v[1].rate - 0.5) < 1e-9);
	assert_string_equal(rows.v[2].agency, "JKM");
	assert_int_equal(rows.v[2].checks, 1); /* the 2022 check is outside the period */
	assert_true(rows.v[2].rate == 1);
	assert_string_equal(rows.v[3].agency, "PDRM");
	assert_true(rows.v[3].rate == 1);
	/* The whole time, by subject. */
	rows.n = 0;
	assert_int_equal(store_compliance(fx.s, NULL, DATE_NONE, DATE_NONE, true, take_row, &rows, &fx.err), 0);
	assert_int_equal(rows.n, 4);
	assert_int_equal(rows.v[2].subject, SUBJECT_SHELTER);
	assert_int_equal(rows.v[2].checks, 2);
	assert_int_equal(rows.v[2].yes, 2);
	assert_int_equal(rows.v[2].no, 2);
	/* An answer row with nothing answered has no rate. */
	struct compliance_row empty = {.checks = 1, .na = 3};
	compliance_finish(&empty);
	assert_true(isnan(empty.rate));

	/* Who may record: an officer only for their own agency. */
	struct principal jim;
	principal_init_anonymous(&jim, "");
	jim.role = ROLE_AGENCY_OFFICER;
	snprintf(jim.agency, sizeof(jim.agency), "JIM");
	assert_true(plan_may_record_check(&jim, "JIM"));
	assert_false(plan_may_record_check(&jim, "PDRM"));
	jim.role = ROLE_NONE;
	assert_false(plan_may_record_check(&jim, "JIM"));

	strvec_release(&problems);
	guideline_release(&g);
	core_fx_close(&fx);
}

static void test_guideline_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/mapo-test-plan-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/g.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("guideline,version,issued,title_ms,title_en,section_ms,section_en,item,text_ms,text_en,applies_to\n"
	      "flu,1,2021-07-22,Tajuk,Title,Saringan,Screening,HS1,Saring,Screen,operation;shelter\n"
	      "flu,2,2021-07-22,Tajuk,Title,Saringan,Screening,HS1,Saring,Screen,ship\n"
	      "flu,1,2021-07-22,Tajuk,Title,Saringan,Screening,HS2,,Screen,\n",
		f);
	fclose(f);
	struct guideline g;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	guideline_init(&g);
	assert_int_equal(guideline_load_file(path, NULL, &g, &problems, &err), MAPO_EINVAL);
	char *expect[] = {
		xasprintf("%s:3: version: differs from the first row's", path),
		xasprintf("%s:3: item: 'HS1' is used twice", path),
		xasprintf("%s:3: applies_to: 'ship' is not operation, prosecution or shelter", path),
		xasprintf("%s:4: text_ms: a value is required", path),
		xasprintf("%s:4: applies_to: a value is required", path),
	};
	for (size_t i = 0; i < 5; i++) {
		if (!has_problem(&problems, expect[i]))
			fail_msg("missing: %s", expect[i]);
		free(expect[i]);
	}
	assert_int_equal(problems.n, 5);
	unlink(path);
	rmdir(dir);
	free(path);
	strvec_release(&problems);
	guideline_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_csv),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_computed_from_register),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_rollup),
		cmocka_unit_test(test_progress_reports),
		cmocka_unit_test(test_recommendations),
		cmocka_unit_test(test_council_action_links),
		cmocka_unit_test(test_compliance),
		cmocka_unit_test(test_guideline_file),
	};
	setenv("MAPO_TODAY", "2026-01-15", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
