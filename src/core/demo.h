/* The demo: a seeded, deterministic, synthetic case register for `mapo demo` and the benchmarks.
 * What it must reproduce (the periods' totals) and how it spreads cases over agencies, states,
 * nationalities and the rest (the weights) are data, data/demo/periods.csv and weights.csv, read
 * by src/io/demo_plan.c into a struct demo_plan. No real person's data: every reference, person
 * and summary is made up. Design and arithmetic: docs/internals/demo.md. */
#ifndef MAPO_DEMO_H
#define MAPO_DEMO_H

#include <stdint.h>

#include "core/case.h"
#include "store/store.h"
#include "util/util.h"

#define DEMO_CASES_MAX 10000000LL

/* One row of periods.csv: the exact totals the demo must produce for the cases of one kind whose
 * action date falls in [start, end] (whole months). SOM periods have no victims nor forced
 * labour. The measures mean what they mean in store.h. */
struct demo_period {
	mapo_date start, end;
	enum case_kind kind;
	long long cases, arrests, victims, forced_labour;
};

/* The weighted choices of weights.csv, by their "dimension" column. */
enum demo_dim {
	DEMO_TIP_AGENCY = 0,      /* tip-agency: the agency of a TIP case without forced labour */
	DEMO_SOM_AGENCY,          /* som-agency */
	DEMO_STATE,               /* state */
	DEMO_FORM,                /* form: the form of a TIP case without forced labour (and second forms) */
	DEMO_TIP_OFFENCE,         /* tip-offence: ATIPSOM section */
	DEMO_SOM_OFFENCE,         /* som-offence */
	DEMO_VICTIM_NATIONALITY,  /* victim-nationality: ISO 3166-1 alpha-3 */
	DEMO_MIGRANT_NATIONALITY, /* migrant-nationality */
	DEMO_SUSPECT_NATIONALITY, /* suspect-nationality */
	DEMO_SUSPECT_ROLE,        /* suspect-role: recruiter ... other */
	DEMO_VICTIM_SEX,          /* victim-sex: F, M, U (cases without forced labour) */
	DEMO_MIGRANT_SEX,         /* migrant-sex */
	DEMO_SUSPECT_SEX,         /* suspect-sex */
	DEMO_VICTIM_STATUS,       /* victim-status: possible, actual, not-a-victim */
	DEMO_STATUS_NEW,          /* status-new: case status weights for a case acted on at the end */
	DEMO_STATUS_OLD,          /* status-old: ... for a case acted on at the start (linear between) */
	DEMO_FL_AGENCY,           /* forced-labour-agency: the agency of a TIP case with forced labour */
	DEMO_FL_VICTIM_SEX,       /* forced-labour-victim-sex: victims in a case with forced labour */
	DEMO_REFERRAL_ORG,        /* referral-org: the partner organisation that referred a TIP case
	                           * (cases.source_org); optional: no weights, no referrals */
	DEMO_RATE,                /* rate: the probabilities and means of enum demo_rate */
	DEMO_DIM__COUNT
};

/* The "rate" dimension's codes: probabilities (0-1) and means. */
enum demo_rate {
	RATE_LINKED_PAIR = 0,  /* linked-pair: a TIP case with a SOM case of the same event, same day */
	RATE_SECOND_FORM,      /* second-form: a TIP case has a second form of exploitation */
	RATE_SECOND_OFFENCE,   /* second-offence: a case lists a second section */
	RATE_FREE_SUSPECT,     /* free-suspect: mean suspects not arrested per case */
	RATE_UNRESCUED_VICTIM, /* unrescued-victim: mean victims identified but not rescued per TIP case */
	RATE_MIGRANTS,         /* migrants: mean smuggled migrants per SOM case */
	RATE_CHILD_VICTIM,     /* child-victim: a victim is under 18 */
	RATE_CHILD_MIGRANT,    /* child-migrant: a smuggled migrant is under 18 */
	RATE_BIRTH_DATE,       /* birth-date: a person's birth date is known */
	RATE_AGE_ONLY,         /* age-only: only the age is known (of the rest) */
	RATE_SAME_DAY,         /* same-day: an arrest or rescue on the action date (else later that month) */
	RATE_REFERRAL,         /* referral: a TIP case with rescued victims was referred by a partner
	                        * organisation (optional, 0 when not set; drawn apart from the rest, so
	                        * that it changes no other value of the demo) */
	RATE__COUNT
};

struct demo_choice {
	char *code;
	double weight;
};

struct demo_table {
	struct demo_choice *v;
	size_t n, alloc;
};
/* Adds code with its weight to t, the table of dim (MAPO_EINVAL "DIM 'CODE' is given twice"). */
int demo_table_add(struct demo_table *t, const char *dim, const char *code, double weight, struct mapo_error *err);
void demo_table_release(struct demo_table *t);

struct demo_plan {
	struct demo_period *periods;
	size_t nperiods, alloc;
	struct demo_table tables[DEMO_DIM__COUNT];
	double rates[RATE__COUNT];
	bool rate_set[RATE__COUNT];
};

void demo_plan_init(struct demo_plan *plan);
void demo_plan_release(struct demo_plan *plan);

/* The CSV names of the dimensions and rates ("tip-agency", "linked-pair"), static. */
const char *demo_dim_name(enum demo_dim d);
const char *demo_rate_name(enum demo_rate r);

/* Adds a period after checking it: whole months (start on a 1st, end on a month end), start not
 * after end, kind TIP or SOM, counts not negative, forced labour not above cases, arrests and
 * victims zero when cases are, no victims nor forced labour for SOM, and no overlap with a period
 * of the same kind already added. MAPO_EINVAL with a message (no file or line: the reader adds
 * them). */
int demo_plan_add_period(struct demo_plan *plan, const struct demo_period *p, struct mapo_error *err);
/* Adds one weight (or, for "rate", sets one rate). MAPO_EINVAL for an unknown dimension or rate,
 * a negative or non-finite weight, a code given twice, a probability outside 0-1. */
int demo_plan_add_weight(struct demo_plan *plan, const char *dim, const char *code, double weight,
	struct mapo_error *err);
/* Checks that the plan is complete: at least one period, every dimension with a positive total
 * weight, every rate set (referral-org and the referral rate are optional, but a referral rate
 * above 0 needs referral-org weights). */
int demo_plan_check(const struct demo_plan *plan, struct mapo_error *err);
/* The number of cases the plan asks for: the default --cases. */
long long demo_plan_cases(const struct demo_plan *plan);

/* Called now and then with the cases written so far and the total. */
typedef void (*demo_progress_fn)(long long done, long long total, void *arg);

/* Writes the demo into s in one transaction (nothing is written on failure). seed picks the
 * data; the periods' totals are exact for every seed. ncases <= 0 means demo_plan_cases(plan);
 * other values scale every period's figures by ncases / demo_plan_cases(plan) (the cases add up
 * to ncases exactly), up to DEMO_CASES_MAX. Every code of the plan must be in the store's
 * reference data (MAPO_EINVAL naming it). References are AGENCY/YEAR/SEQUENCE from
 * store_case_next_seq, so a store with cases already keeps them. */
int demo_generate(store *s, const struct demo_plan *plan, uint64_t seed, long long ncases,
	demo_progress_fn progress, void *progress_arg, struct mapo_error *err);

#endif
