/* The demo's protection part: synthetic identification, court orders, places of refuge, health
 * screenings, s.51A permits, repatriations and referrals for a bounded sample of the demo's TIP
 * victims, written through the core API (core/protection.h, core/aftercare.h) as the command line
 * (principal NULL). How much of each is data, data/demo/protection.csv and shelters.csv, read by
 * src/io/demo_protection_load.c into a struct demo_protection. Nothing in it is a real person's
 * data. It changes no case, role or trafficking status: every decision it records is the status the
 * role already has, so every figure of the demo stays what it was. Design: docs/internals/demo.md. */
#ifndef MAPO_DEMO_PROTECTION_H
#define MAPO_DEMO_PROTECTION_H

#include <stdint.h>

#include "core/demo.h"
#include "core/protection.h"
#include "core/vault.h"
#include "util/util.h"

/* The "limit" dimension's codes: counts. */
enum demo_protection_limit {
	DPL_PERSONS = 0,        /* persons: the most victims in the sample, whatever --cases is */
	DPL_PER_CASE,           /* per-case: the most victims of one case in the sample */
	DPL_INDICATORS,         /* indicators: the most indicators of one screening (at least 1) */
	DPL_EXTENSION_MONTHS,   /* extension-months: the term of an s.54(3) extension */
	DPL__COUNT
};

/* The "rate" dimension's codes: probabilities (0-1). */
enum demo_protection_rate {
	DPR_IDENTITY = 0,       /* identity: a name and an identity or passport number are recorded */
	DPR_CONSENT_PHOTO,      /* consent-photo: a consent to photographs is given */
	DPR_CONSENT_SHARING,    /* consent-sharing: a consent to sharing is given (else refused) */
	DPR_INTERIM,            /* interim: a possible or actual victim gets an interim order */
	DPR_PROTECTION,         /* protection: the interim order is followed by a protection order */
	DPR_EXTENSION,          /* extension: the protection order is extended (s.54(3)) */
	DPR_NO_OUTCOME,         /* no-outcome: the last order has no outcome recorded */
	DPR_ADMISSION,          /* admission: a person with an order is admitted to a shelter */
	DPR_MISPLACED,          /* misplaced: a girl goes to a women's shelter (a separation warning) */
	DPR_DISCHARGE,          /* discharge: a person whose order ended is discharged */
	DPR_HEALTH_POSITIVE,    /* health-positive: an item of the health screening is positive */
	DPR_HEALTH_PENDING,     /* health-pending: ... pending (else negative) */
	DPR_PERMIT,             /* permit: a person under a protection order gets an s.51A permit */
	DPR_WORK_PERMIT,        /* work-permit: the permit is a work permit (else a movement pass) */
	DPR_REFERRAL_IN,        /* referral-in: a partner referred the person (when the case was not) */
	DPR_REFERRAL_OUT,       /* referral-out: the person is referred to a partner for a service */
	DPR_REFERRAL_REFUSED,   /* referral-refused: the partner refused it */
	DPR_REFERRAL_PENDING,   /* referral-pending: the partner has not decided yet */
	DPR__COUNT
};

/* The weighted tables, by their "dimension" column (codes and weights as in demo.h). */
enum demo_protection_table {
	DPT_DECIDER = 0,        /* decider: who decides the status, "case-agency" or an organisation */
	DPT_INDICATOR,          /* indicator: HTCDS indicator codes (data/indicators.csv) */
	DPT_OUTCOME,            /* outcome: released, immigration, repatriated, placed-elsewhere */
	DPT_SERVICE,            /* service: the services of referrals out */
	DPT_COURT,              /* court: the courts that make the orders */
	DPT_EMPLOYER,           /* employer: the employers of work permits */
	DPT_REPATRIATION_ORG,   /* repatriation-org: the organisations assisting a return */
	DPT_SYLLABLE,           /* syllable: the parts names are made of */
	DPT__COUNT
};

struct demo_protection {
	long long limits[DPL__COUNT];
	double rates[DPR__COUNT];
	bool limit_set[DPL__COUNT], rate_set[DPR__COUNT];
	struct demo_table tables[DPT__COUNT];
	struct shelter *shelters;
	size_t nshelters, alloc;
};

void demo_protection_init(struct demo_protection *dp);
void demo_protection_release(struct demo_protection *dp);

/* Adds one row of protection.csv: a limit (a whole number from 0 to 1,000,000), a rate (0-1) or
 * a weight (non-negative). MAPO_EINVAL for an unknown dimension, limit or rate, a value out of
 * range, a code given twice, an outcome that is not one a person records. */
int demo_protection_add(struct demo_protection *dp, const char *dim, const char *code, double value,
	struct mapo_error *err);
/* Adds a shelter (a copy); MAPO_EINVAL for a code given twice or a negative capacity. */
int demo_protection_add_shelter(struct demo_protection *dp, const struct shelter *sh, struct mapo_error *err);
/* Checks that every limit and rate is set, every table has a positive total weight, and there is
 * a shelter for women, men and children. */
int demo_protection_check(const struct demo_protection *dp, struct mapo_error *err);

/* What demo_protection_generate wrote. */
struct demo_protection_counts {
	long long persons, screenings, decisions, identities, consents;
	long long orders, open_orders, shelters, stays, warnings, health, discharges;
	long long permits, repatriations, referrals;
};

/* Writes the protection part into s in one transaction (nothing on failure), for the TIP victims
 * of the latest cases: the rescued victims, at most dp's per-case limit of a case and its persons
 * limit in all, those without a screening yet (so a second demo with --force adds to new cases
 * only). v seals the identities, reasons, health results and employers. plan gives the partner
 * organisations (its referral-org table) that refer persons in and take referrals out. The store
 * must hold the order kinds, indicators and health checks (cli_install_protection); every code of
 * dp must be known to it (MAPO_EINVAL naming it). seed picks the data, the same rows for a seed on
 * every backend. counts (may be NULL) gets what was written. */
int demo_protection_generate(store *s, const vault *v, const struct demo_protection *dp,
	const struct demo_plan *plan, uint64_t seed, struct demo_protection_counts *counts, struct mapo_error *err);

#endif
