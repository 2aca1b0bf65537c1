/* The national action plan, its progress, the US TIP report's recommendations and the operating
 * guidelines (issue 7). A plan is a tree: pillars, strategic goals, objectives and activities;
 * an activity has a lead organisation, supporting organisations, an indicator, a baseline,
 * annual targets and a period of years. Progress is reported per activity and quarter by the
 * lead organisation; where the indicator is a figure the case register holds, its value is
 * computed from the records (plan_computed_value), never typed.
 *
 * Organisations are codes ("PDRM", "KPWKM", "NGO-TENAGANITA") until the council's organisation
 * register links them. The arithmetic of progress, roll-ups, "at risk" and "overdue" is in
 * docs/internals/plan.md; the pure parts live here so that every face computes the same. */
#ifndef MAPO_PLAN_H
#define MAPO_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "core/case.h"
#include "util/util.h"

typedef struct store store;
struct refdata;

#define PLAN_CODE_MAX 32    /* plan, node and item codes with their NUL */
#define PLAN_ORG_MAX ORG_MAX /* an organisation code with its NUL */
#define PLAN_TITLE_MAX 2000 /* bytes of a title or indicator */
#define PLAN_TEXT_MAX 8192  /* bytes of a narrative, evidence note or recommendation */
#define PLAN_YEARS_MAX 12   /* years a plan may span */
#define PLAN_EVIDENCE_MAX ((size_t)5 << 20) /* bytes of one evidence file */

enum plan_level { PLAN_LEVEL_NONE = -1, PLAN_PILLAR = 0, PLAN_GOAL, PLAN_OBJECTIVE, PLAN_ACTIVITY, PLAN_LEVEL__COUNT };

/* The figures of the case register an indicator may be computed from. */
enum plan_measure {
	MEASURE_NONE = -1, /* typed by the lead organisation */
	MEASURE_TIP_CASES = 0,
	MEASURE_TIP_ARRESTS,
	MEASURE_TIP_CONVICTIONS,
	MEASURE_TIP_FORCED_LABOUR_CASES,
	MEASURE_SOM_CASES,
	MEASURE_SOM_ARRESTS,
	MEASURE_SOM_CONVICTIONS,
	MEASURE_VICTIMS_RESCUED,
	MEASURE__COUNT
};

enum progress_status {
	PSTATUS_NONE = -1,
	PSTATUS_NOT_STARTED = 0,
	PSTATUS_ON_TRACK,
	PSTATUS_AT_RISK,
	PSTATUS_DELAYED,
	PSTATUS_DONE,
	PSTATUS__COUNT
};

/* "pillar", "goal", "objective", "activity"; "tip_cases" ...; "not-started", "on-track",
 * "at-risk", "delayed", "done". parse returns the NONE value for anything else. */
const char *plan_level_code(enum plan_level l);
enum plan_level plan_level_parse(const char *s);
const char *plan_measure_code(enum plan_measure m);
enum plan_measure plan_measure_parse(const char *s);
const char *progress_status_code(enum progress_status s);
enum progress_status progress_status_parse(const char *s);
/* Translated names for people, in lang; static. */
const char *plan_level_name(enum plan_level l, enum mapo_lang lang);
const char *plan_measure_name(enum plan_measure m, enum mapo_lang lang);
const char *progress_status_name(enum progress_status s, enum mapo_lang lang);

/* One node of the tree. Strings owned (plan_node_release). Activity fields are empty/NAN/0 for
 * the other levels. targets[i] is the target of year plan.start_year + i, NAN when none. */
struct plan_node {
	int64_t id;                    /* the store's; 0 until stored */
	enum plan_level level;
	char code[PLAN_CODE_MAX];      /* unique in the plan: "P1", "G2", "O2.1", "A2.1.3" */
	char parent[PLAN_CODE_MAX];    /* "" for a pillar */
	char *title_ms, *title_en;
	char lead[PLAN_ORG_MAX];
	struct strvec supporting;      /* organisation codes */
	char *indicator_ms, *indicator_en;
	enum plan_measure computed;    /* MEASURE_NONE: typed */
	char computed_agency[CODE_MAX];/* "" for every agency */
	double baseline;               /* NAN when none */
	int start_year, end_year;      /* the activity's period, within the plan's */
	double targets[PLAN_YEARS_MAX];
};

struct plan {
	int64_t id;
	char code[PLAN_CODE_MAX];      /* "NAPTIP-3.0" */
	char *title_ms, *title_en;
	int start_year, end_year;
	struct plan_node *nodes;       /* in outline order: every parent before its children */
	size_t n, alloc;
};

void plan_node_init(struct plan_node *nd);
void plan_node_release(struct plan_node *nd);
void plan_init(struct plan *p);
void plan_release(struct plan *p);
/* Adds a node (moved in: nd's strings now belong to p; nd is left initialised). */
void plan_add_node(struct plan *p, struct plan_node *nd);
/* The node of that code, or NULL. */
const struct plan_node *plan_find(const struct plan *p, const char *code);
/* The target of activity nd in year (NAN when none or outside the plan). */
double plan_target(const struct plan *p, const struct plan_node *nd, int year);
/* The pillar (or goal) above node nd, or NULL (for a pillar: itself at PLAN_PILLAR). */
const struct plan_node *plan_ancestor(const struct plan *p, const struct plan_node *nd, enum plan_level level);

/* True for an organisation code: 1 to PLAN_ORG_MAX-1 bytes of A-Z a-z 0-9 . _ - */
bool plan_org_valid(const char *s);
/* True for a node or plan code: 1 to PLAN_CODE_MAX-1 bytes of A-Z a-z 0-9 . _ - */
bool plan_code_valid(const char *s);

/* Checks the whole plan: its code, titles and years (at most PLAN_YEARS_MAX); every node's code
 * unique, its parent present and one level up, activities with a lead, an indicator, a period
 * inside the plan and targets only inside the period; computed indicators naming a known agency
 * (rd may be NULL to skip that check). Appends "CODE: reason" messages to problems; returns the
 * number of problems found. */
size_t plan_validate(const struct plan *p, const struct refdata *rd, struct strvec *problems);

/* ---- progress ---------------------------------------------------------------------------- */

/* One quarterly report on one activity. value: the year-to-date figure at the end of the
 * quarter (NAN for a computed indicator: it is computed on reading). */
struct progress_report {
	int64_t id;
	char plan[PLAN_CODE_MAX];
	char activity[PLAN_CODE_MAX];
	int year, quarter;             /* quarter 1-4 */
	double value;
	enum progress_status status;
	char *narrative;               /* owned, never NULL after init */
	char evidence_name[256];       /* "" when none */
	char evidence_type[128];
	size_t evidence_size;
	char org[PLAN_ORG_MAX];        /* the reporting organisation */
	char reported_by[USERNAME_MAX];
	char reported_at[24];          /* YYYY-MM-DDTHH:MM:SSZ, set by the store */
};
void progress_report_init(struct progress_report *r);
void progress_report_release(struct progress_report *r);

/* The last day of a quarter of a year. */
mapo_date plan_quarter_end(int year, int quarter);
/* The quarter (1-4) a date lies in. */
int plan_date_quarter(mapo_date d);

/* The value of a computed indicator for activity nd: the measure over 1 January of year to
 * the earlier of the quarter's end and as_of (as_of DATE_NONE: the quarter's end), counting only
 * nd->computed_agency's cases when set. Convictions are cases of the kind with status convicted
 * whose action date is in that window. MAPO_EINVAL when nd is not computed. */
int plan_computed_value(store *s, const struct plan_node *nd, int year, int quarter, mapo_date as_of,
	long long *out, struct mapo_error *err);

/* The state of one activity at a moment (as_of) in a year, from its reports and, for a computed
 * indicator, from the register. */
struct activity_state {
	const struct plan_node *node;  /* not owned */
	int year;
	double target;                 /* NAN when none that year */
	double value;                  /* the latest value (NAN when no report and not computed) */
	int quarter;                   /* the quarter of the latest report; 0 when none */
	enum progress_status status;   /* the latest reported status; NOT_STARTED when none */
	double ratio;                  /* value / target capped to [0, 1]; NAN when no target */
	double expected;               /* the share of the year elapsed at as_of, in [0, 1] */
	bool at_risk, overdue, report_missing;
};

/* Computes the flags of st from its other fields and as_of (rules: docs/internals/plan.md):
 *   ratio     = min(1, max(0, value / target)) when the target is positive; with a zero target,
 *               1 when the status is done else 0; NAN without a target;
 *   overdue   = the activity's period ended before as_of and its status is not done, or the
 *               year ended before as_of with the ratio under 1 and the status not done;
 *   report_missing = a quarter of the year in the period ended before as_of and no report
 *               (nor computed value) covers it;
 *   at_risk   = not done and not overdue, and: the status is at-risk or delayed, or a report is
 *               missing, or the ratio trails the elapsed share of the year by more than
 *               PLAN_RISK_MARGIN. */
#define PLAN_RISK_MARGIN 0.25
void plan_state_flags(struct activity_state *st, mapo_date as_of);

/* A roll-up of activities (one pillar, goal or organisation). */
struct plan_rollup {
	char key[PLAN_CODE_MAX + PLAN_ORG_MAX]; /* the pillar or goal code, or the organisation */
	size_t activities;             /* activities of that year under the key */
	size_t with_target;            /* those with a target that year */
	double progress;               /* the mean ratio over with_target (NAN when 0) */
	size_t by_status[PSTATUS__COUNT];
	size_t at_risk, overdue, report_missing;
};
void plan_rollup_init(struct plan_rollup *r, const char *key);
/* Adds one activity's state to r (the sum that plan_rollup_finish turns into a mean). */
void plan_rollup_add(struct plan_rollup *r, const struct activity_state *st);
void plan_rollup_finish(struct plan_rollup *r);

/* The state of every activity of the stored plan code in year as of as_of (DATE_NONE: today),
 * with the plan itself (out->plan, initialised by the caller). states[i] points into plan. The
 * caller releases both (plan_release, free(states)). */
struct plan_status {
	struct plan plan;
	struct activity_state *states;
	size_t n;
	int year;
	mapo_date as_of;
};
void plan_status_init(struct plan_status *ps);
void plan_status_release(struct plan_status *ps);
int plan_status_load(store *s, const char *plan_code, int year, mapo_date as_of, struct plan_status *out,
	struct mapo_error *err);

enum rollup_by { ROLLUP_PILLAR = 0, ROLLUP_GOAL, ROLLUP_ORG };
/* Rolls ps's activities up by pillar, goal or lead organisation into *out (n of them, sorted by
 * key; the caller frees *out). An activity counts once, under its lead (supporting organisations
 * are not credited; see docs/internals/plan.md). */
void plan_rollup(const struct plan_status *ps, enum rollup_by by, struct plan_rollup **out, size_t *n);

/* Who may record progress on activity nd: admin and secretariat on any; an agency officer or a
 * partner whose agency or organisation is the activity's lead. p NULL: the command line. */
bool plan_may_report(const struct principal *p, const struct plan_node *nd);
/* Who may load plans, recommendations and guidelines: admin and secretariat (p NULL: the command
 * line). */
bool plan_may_manage(const struct principal *p);
/* Who may read plans and their progress: every signed-in role. */
bool plan_may_read(const struct principal *p);

/* Records r for p after the checks: the activity exists in the plan, the year lies in its period,
 * the quarter is 1-4, a typed indicator has a value (>= 0) and a computed one none, the status
 * is known, the narrative fits PLAN_TEXT_MAX, the evidence (data, may be NULL) PLAN_EVIDENCE_MAX,
 * p may report on it (MAPO_EDENIED). Replaces a report for the same quarter. Audited as
 * "progress-report" with the activity as object. */
int plan_progress_record(store *s, const struct principal *p, struct progress_report *r, const void *evidence,
	struct mapo_error *err);

/* The access decisions of the writes, for a face to ask before it reads or checks what was sent,
 * so that whoever may not write is refused as such and never told what a valid request would be.
 * Each returns 0, or MAPO_EDENIED with a message naming who may. plan_progress_allowed: p may
 * report on activity of plan_code (activity NULL or "": on some activity of it, as its lead);
 * MAPO_ENOTFOUND when the plan or the activity does not exist. plan_manage_allowed: p may manage
 * plans, recommendations and guidelines. plan_check_allowed: p may record a checklist for agency
 * (NULL: none given). p NULL: the command line. */
int plan_progress_allowed(store *s, const struct principal *p, const char *plan_code, const char *activity,
	struct mapo_error *err);
int plan_manage_allowed(const struct principal *p, struct mapo_error *err);
int plan_check_allowed(const struct principal *p, const char *agency, struct mapo_error *err);

/* ---- recommendations --------------------------------------------------------------------- */

enum rec_status { RSTATUS_NONE = -1, RSTATUS_OPEN = 0, RSTATUS_IN_PROGRESS, RSTATUS_ADDRESSED, RSTATUS_NOT_ADDRESSED, RSTATUS__COUNT };
const char *rec_status_code(enum rec_status s); /* "open", "in-progress", "addressed", "not-addressed" */
enum rec_status rec_status_parse(const char *s);
const char *rec_status_name(enum rec_status s, enum mapo_lang lang);

/* One prioritised recommendation of a report year's country narrative. links are
 * "PLAN/ACTIVITY" codes; actions are council action item references. Strings owned. */
struct recommendation {
	int64_t id;
	int year;                       /* the report's year */
	int rank;                       /* 1 = first in the report's list */
	char *text_ms, *text_en;
	enum rec_status status;
	char *evidence;                 /* what was reported back; never NULL */
	struct strvec links;
	struct strvec actions;
	char updated_at[24];
};
void recommendation_init(struct recommendation *r);
void recommendation_release(struct recommendation *r);

/* Checks one recommendation (year 2001-9999, rank 1-100, text in both languages within
 * PLAN_TEXT_MAX, known status, link shapes). Appends to errs; returns the count. */
size_t recommendation_validate(const struct recommendation *r, struct field_errors *errs);

/* ---- operating guidelines ---------------------------------------------------------------- */

enum check_subject { SUBJECT_NONE = -1, SUBJECT_OPERATION = 0, SUBJECT_PROSECUTION, SUBJECT_SHELTER, SUBJECT__COUNT };
const char *check_subject_code(enum check_subject s); /* "operation", "prosecution", "shelter" */
enum check_subject check_subject_parse(const char *s);
const char *check_subject_name(enum check_subject s, enum mapo_lang lang);

enum check_answer { ANSWER_NONE = -1, ANSWER_YES = 0, ANSWER_NO, ANSWER_NA, ANSWER__COUNT };
const char *check_answer_code(enum check_answer a); /* "yes", "no", "na" */
enum check_answer check_answer_parse(const char *s);

struct guideline_item {
	char code[PLAN_CODE_MAX];
	char *section_ms, *section_en;
	char *text_ms, *text_en;
	unsigned subjects;              /* bit (1u << check_subject) per subject it applies to */
};

/* A guideline document in one version, with its checklist. Strings owned. */
struct guideline {
	int64_t id;
	char code[PLAN_CODE_MAX];       /* "infectious-disease" */
	int version;                    /* 1, 2, ... */
	char *title_ms, *title_en;
	mapo_date issued;
	struct guideline_item *items;
	size_t n, alloc;
};
void guideline_init(struct guideline *g);
void guideline_release(struct guideline *g);
/* Adds an item (moved in, as plan_add_node). */
void guideline_add_item(struct guideline *g, struct guideline_item *it);
void guideline_item_init(struct guideline_item *it);
void guideline_item_release(struct guideline_item *it);
/* Checks code, version, titles, the issue date and the items (unique codes, texts, at least one
 * subject each). Appends "CODE: reason" problems; returns the count. */
size_t guideline_validate(const struct guideline *g, struct strvec *problems);

/* One filled-in checklist: a guideline version applied to one operation (a case reference),
 * prosecution step (a case reference) or shelter (its code), by an agency on a date. answers[i]
 * answers the guideline's item codes[i]. Strings owned. */
struct guideline_check {
	int64_t id;
	char guideline[PLAN_CODE_MAX];
	int version;                    /* 0: the latest */
	enum check_subject subject;
	char subject_ref[CASE_REF_MAX];
	char agency[PLAN_ORG_MAX];
	mapo_date check_date;
	char *note;
	struct strvec codes;
	enum check_answer *answers;
	size_t nanswers, alloc;
	char recorded_by[USERNAME_MAX];
};
void guideline_check_init(struct guideline_check *c);
void guideline_check_release(struct guideline_check *c);
void guideline_check_answer(struct guideline_check *c, const char *code, enum check_answer a);

/* Checks c against g: every answered code is an item of g that applies to c's subject, none
 * twice, every applicable item answered, a date not in the future, an agency code. Appends to
 * errs; returns the count. */
size_t guideline_check_validate(const struct guideline_check *c, const struct guideline *g,
	struct field_errors *errs);

/* Who may record a checklist for agency: admin, secretariat, and officers of that agency
 * (agency officer, prosecutor and protection officer by their own agency; a partner for its
 * organisation). p NULL: the command line. */
bool plan_may_record_check(const struct principal *p, const char *agency);

/* Compliance of one agency in a period: checks held and answers given (not-applicable answers
 * are not counted in the rate). rate = yes / (yes + no), NAN when yes + no is 0. */
struct compliance_row {
	char agency[PLAN_ORG_MAX];
	enum check_subject subject;     /* SUBJECT_NONE: all subjects together */
	long long checks, yes, no, na;
	double rate;
};
/* Finishes row: computes rate from its counts. */
void compliance_finish(struct compliance_row *row);

/* ---- writes with their audit entries (p NULL: the command line) ---------------------------- */

/* Stores a validated plan for p (plan_may_manage, else MAPO_EDENIED); audited "plan-import". */
int plan_import(store *s, const struct principal *p, struct plan *plan, struct mapo_error *err);
/* Deletes the plan code with its progress; audited "plan-delete". */
int plan_delete(store *s, const struct principal *p, const char *code, struct mapo_error *err);
/* Stores recommendations (each replacing the one of its year and rank) in one transaction;
 * audited "rec-import" with the count. An action reference made of digits must be the id of a
 * council action item (MAPO_EINVAL naming it otherwise); other references are kept as text. */
int plan_recs_import(store *s, const struct principal *p, struct recommendation *v, size_t n,
	struct mapo_error *err);
/* Sets a recommendation's status and evidence (evidence NULL: unchanged); audited "rec-update". */
int plan_rec_update(store *s, const struct principal *p, int year, int rank, enum rec_status status,
	const char *evidence, struct mapo_error *err);
/* Stores a validated guideline version; audited "guideline-import". */
int plan_guideline_import(store *s, const struct principal *p, struct guideline *g, struct mapo_error *err);

/* Records a checklist for p: loads the guideline (c->version 0: the latest, and c->version is
 * set), checks c against it (problems in errs, MAPO_EINVAL), that an operation or prosecution
 * step names a case p can read (MAPO_EINVAL in errs when there is none; a prosecution step's
 * case must be charged, convicted or acquitted), that the check is not dated before the
 * guideline was issued, and plan_may_record_check (MAPO_EDENIED). Audited "guideline-check". */
int plan_check_record(store *s, const struct principal *p, struct guideline_check *c, struct field_errors *errs,
	struct mapo_error *err);

/* Demonstration progress for the typed activities of plan code: one report per quarter that ended
 * by as_of in each activity's period, with values and statuses drawn from seed (deterministic),
 * so that some activities are on track, some at risk, some delayed and some done. Returns the
 * number of reports in *n. For `mapo demo` only. */
int plan_demo_progress(store *s, const char *code, mapo_date as_of, uint64_t seed, size_t *n, struct mapo_error *err);

/* ---- what the next TIP report will look at ------------------------------------------------- */

/* The register's value of measure m over [from, to] (agency NULL or "": every agency). */
int plan_measure_value(store *s, enum plan_measure m, const char *agency, mapo_date from, mapo_date to,
	long long *out, struct mapo_error *err);

/* A linked activity as the outlook shows it. */
struct outlook_activity {
	char plan[PLAN_CODE_MAX];
	char code[PLAN_CODE_MAX];
	char *title_ms, *title_en;     /* owned */
	char lead[PLAN_ORG_MAX];
	enum progress_status status;
	double ratio;
	bool at_risk, overdue, found;  /* found false: the plan or activity is gone, or not that year */
};

/* A linked council action item (core/council.h) as the outlook shows it: found false when the
 * reference is not a council action item's id (it is kept as text). */
struct outlook_action {
	char ref[PLAN_ORG_MAX];
	bool found, overdue;
	char title[512];
	char org[PLAN_ORG_MAX];
	const char *status;            /* static code: "open", "in-progress", "done", "cancelled" */
	mapo_date due_on;
};

struct outlook_item {
	struct recommendation rec;     /* owned */
	struct outlook_activity *acts;
	size_t nacts;
	struct outlook_action *actions;
	size_t nactions;
};

/* The next report (report_year = rec_year + 1) covers 1 April of rec_year to 31 March of
 * report_year. now[m] is measure m from the start of that period to min(as_of, its end);
 * before[m] the same span one year earlier. items: rec_year's recommendations, those still
 * open, in progress or not addressed first, then by rank; with their activities' state in the
 * year of as_of (clamped to the plan's years). */
struct plan_outlook {
	int rec_year, report_year;
	mapo_date from, to, as_of, before_from, before_to;
	long long now[MEASURE__COUNT], before[MEASURE__COUNT];
	struct outlook_item *items;
	size_t n;
};
void plan_outlook_init(struct plan_outlook *o);
void plan_outlook_release(struct plan_outlook *o);
/* rec_year 0: the latest year with recommendations (MAPO_ENOTFOUND when there are none);
 * as_of DATE_NONE: today. */
int plan_outlook_load(store *s, int rec_year, mapo_date as_of, struct plan_outlook *out, struct mapo_error *err);

#endif
