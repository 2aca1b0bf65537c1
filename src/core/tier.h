/* The US Trafficking in Persons (TIP) report's tiers: each country's placement by report year,
 * the automatic-downgrade rules of 22 U.S.C. 7107(b)(2)(D) as data with their effective report
 * years, and what the rules conclude from a history: why each placement stands (or that it
 * cannot), the outlook for the next report, and the law-enforcement evidence of the
 * "increasing efforts" test. Every conclusion comes with an explanation in words that names the
 * years it rests on. The rules engine does no I/O; the store functions below read and write
 * through store/store_tier.h. Design and the reading of the law: docs/internals/tier.md. */
#ifndef MAPO_TIER_H
#define MAPO_TIER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/case.h"
#include "core/refdata.h"
#include "util/util.h"

typedef struct store store;

/* The first TIP report that placed countries in tiers. */
#define TIER_YEAR_FIRST 2001
#define TIER_YEAR_LAST 9999

enum tier_placement {
	TIER_NONE = -1,
	TIER_1 = 0,
	TIER_2,
	TIER_2_WATCH_LIST,
	TIER_3,
	TIER_SPECIAL_CASE,
	TIER__COUNT
};

/* "tier-1", "tier-2", "tier-2-watch-list", "tier-3", "special-case" (static); parse returns
 * TIER_NONE for anything else. */
const char *tier_placement_code(enum tier_placement p);
enum tier_placement tier_placement_parse(const char *s);
/* "Tier 2 Watch List" and the like, in lang (static). */
const char *tier_placement_name(enum tier_placement p, enum mapo_lang lang);

/* One country's placement in one report. */
struct tier_record {
	char country[4];              /* ISO 3166-1 alpha-3 */
	int year;                     /* the report's year */
	enum tier_placement placement;
	bool waiver;                  /* the Watch List placement rested on a waiver */
	char *source;                 /* owned, never NULL after tier_record_init ("" when none) */
	char *exception;              /* owned, never NULL: why the rules do not explain it, or "" */
};
void tier_record_init(struct tier_record *r);
void tier_record_release(struct tier_record *r);
/* Sets every field of r (initialised); source and exception are copied, NULL meaning "". */
void tier_record_set(struct tier_record *r, const char *country, int year, enum tier_placement p,
	bool waiver, const char *source, const char *exception);

/* Checks a record: a known country (rd), a report year from TIER_YEAR_FIRST to TIER_YEAR_LAST
 * (not checked against the clock: the shipped history must load on a fixed test clock), a
 * placement, a waiver only with the Watch List, no line breaks in the texts. Appends one
 * field_error per problem, named after the columns of tiers.csv; returns how many. */
size_t tier_record_validate(const struct tier_record *r, const struct refdata *rd,
	struct field_errors *errs);

/* Sets r (initialised) from the text of one placement, as a CSV row or the command line gives
 * it: year a number, placement a code, waiver "0" or "1"; then checks it as
 * tier_record_validate. Appends one field_error per problem (naming the bad value); returns
 * how many. */
size_t tier_record_parse(struct tier_record *r, const char *country, const char *year, const char *placement,
	const char *waiver, const char *source, const char *exception, const struct refdata *rd,
	struct field_errors *errs);

/* Placements, owned: for one country in year order (a history), or for many. */
struct tier_list {
	struct tier_record *v;
	size_t n, alloc;
};
#define TIER_LIST_INIT {NULL, 0, 0}
void tier_list_init(struct tier_list *l);
void tier_list_release(struct tier_list *l);
/* Appends a copy of r. */
void tier_list_add(struct tier_list *l, const struct tier_record *r);
/* Sorts by country, then year. */
void tier_list_sort(struct tier_list *l);

/* One version of the rules, in force for the reports from from_year to to_year (0: open).
 * An amendment is a new version, not new code. */
struct tier_rule {
	int from_year, to_year;
	bool auto_downgrade;          /* Watch List reports in these years count toward a downgrade */
	int watch_list_years;         /* counted consecutive Watch List reports after which the next
	                               * placement below Tier 2 is Tier 3 unless waived */
	int max_waivers;              /* consecutive waivers that may keep a country on the list */
	bool one_year_after_downgrade; /* after an automatic downgrade, one Watch List report only */
	char *source;                 /* owned, never NULL after tier_rules_add */
};
struct tier_rules {
	struct tier_rule *v;          /* sorted by from_year */
	size_t n, alloc;
};
void tier_rules_init(struct tier_rules *rs);
void tier_rules_release(struct tier_rules *rs);
/* Appends a copy of r (source NULL: ""), keeping the versions sorted by from_year. */
void tier_rules_add(struct tier_rules *rs, const struct tier_rule *r);
/* Checks the set: at least one version, years within TIER_YEAR_FIRST..TIER_YEAR_LAST, each
 * version ending before the next begins without a gap, only the last one open, watch_list_years
 * at least 1 and max_waivers at least 0. 0, or MAPO_EINVAL naming the version. */
int tier_rules_validate(const struct tier_rules *rs, struct mapo_error *err);
/* The version in force for year's report, or NULL. */
const struct tier_rule *tier_rules_find(const struct tier_rules *rs, int year);

/* What the rules make of one placement. */
enum tier_verdict {
	TIER_VERDICT_OK = 0,          /* the rules allow it */
	TIER_VERDICT_AUTO_DOWNGRADE,  /* Tier 3 forced by the rules */
	TIER_VERDICT_UNEXPLAINED,     /* the rules do not allow it (or the record contradicts them) */
	TIER_VERDICT_EXCEPTION,       /* not allowed, and the record says why (its exception) */
};
/* "ok", "automatic-downgrade", "unexplained", "exception" (static). */
const char *tier_verdict_code(enum tier_verdict v);

struct tier_step {
	int year;
	enum tier_placement placement;
	bool waiver;                  /* recorded */
	bool waiver_inferred;         /* not recorded, but the placement needed one that remained */
	int run_years;                /* consecutive Watch List reports ending here (0 when off it) */
	int counted_years;            /* of those, the ones the rules count */
	int waivers_used;             /* in the run, this year's included */
	enum tier_verdict verdict;
	char *explanation;            /* owned, translated; "" when there is nothing to say */
};

/* A country's history as the rules read it, one step per record, in year order. */
struct tier_analysis {
	char country[4];
	struct tier_step *v;
	size_t n, alloc;
};
void tier_analysis_init(struct tier_analysis *a);
void tier_analysis_release(struct tier_analysis *a);

/* Reads one country's history (records of that country, in year order, each year once) under
 * the rules, in lang. A missing year ends a Watch List run as a year off the list does.
 * out must be initialised; it is cleared first. 0, or MAPO_EINVAL when the records are not one
 * country's in increasing year order. */
int tier_analyse(const struct tier_record *history, size_t n, const struct tier_rules *rs,
	enum mapo_lang lang, struct tier_analysis *out, struct mapo_error *err);

enum tier_outlook_kind {
	TIER_OUTLOOK_NONE = 0,        /* the Watch List is open without a waiver (or no rule applies) */
	TIER_OUTLOOK_WAIVER_REQUIRED, /* the Watch List only with a waiver */
	TIER_OUTLOOK_AUTOMATIC_TIER_3 /* anything below Tier 2 is Tier 3 */
};
/* "none", "waiver-required", "automatic-tier-3" (static). */
const char *tier_outlook_code(enum tier_outlook_kind k);
/* For people, in lang (static). */
const char *tier_outlook_name(enum tier_outlook_kind k, enum mapo_lang lang);

/* What the rules say of a country's placement in year, from its placements before it. */
struct tier_outlook {
	char country[4];
	int year;
	enum tier_placement previous; /* year - 1's placement, TIER_NONE when not recorded */
	int consecutive_watch_list_years; /* the run ending in year - 1 */
	int counted_watch_list_years;     /* of those, the ones the rules count */
	int waivers_used;             /* in that run, recorded or inferred */
	int waivers_allowed;          /* under year's rules (0 when none apply) */
	enum tier_outlook_kind outlook;
	char *explanation;            /* owned, translated */
};
void tier_outlook_init(struct tier_outlook *o);
void tier_outlook_release(struct tier_outlook *o);

/* The outlook for year (TIER_YEAR_FIRST + 1 .. TIER_YEAR_LAST) of the country whose history
 * (as tier_analyse; records from year on are ignored) is given. out must be initialised.
 * 0 or MAPO_EINVAL. */
int tier_outlook_compute(const struct tier_record *history, size_t n, const struct tier_rules *rs,
	int year, enum mapo_lang lang, struct tier_outlook *out, struct mapo_error *err);

/* The store side. tier_placements_write: every record of l into the store in one transaction
 * (a record replaces the placement of the same country and year); nothing written when one
 * fails. tier_placements_read: country's history in year order, or every placement by country
 * and year when country is NULL (out cleared first). tier_rules_write: replaces the stored rules
 * with rs after tier_rules_validate. tier_rules_read: the stored rules (out cleared first);
 * MAPO_ENOTFOUND with a message saying to run `mapo init` when there are none. */
int tier_placements_write(store *s, const struct tier_list *l, struct mapo_error *err);
int tier_placements_read(store *s, const char *country, struct tier_list *out, struct mapo_error *err);
int tier_rules_write(store *s, const struct tier_rules *rs, struct mapo_error *err);
int tier_rules_read(store *s, struct tier_rules *out, struct mapo_error *err);

/* One placement the rules cannot explain, or one recorded exception. */
struct tier_finding {
	char country[4];
	int year;
	enum tier_placement placement;
	enum tier_verdict verdict;    /* UNEXPLAINED or EXCEPTION */
	const char *explanation;      /* valid during the callback */
};
typedef int (*tier_finding_cb)(const struct tier_finding *f, void *arg);

/* What a whole-history check found. */
struct tier_check_totals {
	size_t countries, placements;
	size_t unexplained, exceptions;
	size_t waivers_recorded, waivers_inferred, auto_downgrades;
};

/* Runs the rules over every stored placement (or country's only, when not NULL) and calls cb
 * for each placement they cannot explain and each recorded exception, by country and year; cb
 * returns non-zero to stop (that value is returned). totals (when not NULL) is filled. */
int tier_check(store *s, const struct tier_rules *rs, const char *country, enum mapo_lang lang,
	tier_finding_cb cb, void *arg, struct tier_check_totals *totals, struct mapo_error *err);

/* The outlook for year of every country placed on the Watch List in year - 1, by country.
 * out receives them (each initialised here); the caller releases each of the *n and frees the
 * array, on failure too. */
int tier_outlook_all(store *s, const struct tier_rules *rs, int year, enum mapo_lang lang,
	struct tier_outlook **out, size_t *n, struct mapo_error *err);

/* Minimum-standards evidence: the law-enforcement figures of a TIP reporting period (1 April
 * of tip_year - 1 to 31 March of tip_year) beside the period before, each marked where it went. */
enum tier_trend { TIER_TREND_SAME = 0, TIER_TREND_UP, TIER_TREND_DOWN };
/* "same", "up", "down" (static). */
const char *tier_trend_code(enum tier_trend t);
const char *tier_trend_name(enum tier_trend t, enum mapo_lang lang);

/* The evidence's sections, each a list of figures. */
enum tier_evidence_section {
	TIER_EV_ENFORCEMENT = 0,      /* per kind: investigations, arrests, prosecutions, ... */
	TIER_EV_VICTIMS_BY_FORM,
	TIER_EV_VICTIMS_BY_SEX,
	TIER_EV_VICTIMS_BY_AGE,
	TIER_EV_VICTIMS_BY_STATUS,    /* victim roles by identification (HTCDS trafficking status) */
	TIER_EV_ORDERS_BY_OUTCOME,    /* court protection orders started in the period, by outcome */
	TIER_EV__COUNT
};
/* "law-enforcement", "victims-by-form", "victims-by-sex", "victims-by-age-group",
 * "victims-by-status", "protection-orders" (static), and a heading for people in lang. */
const char *tier_evidence_section_code(enum tier_evidence_section s);
const char *tier_evidence_section_name(enum tier_evidence_section s, enum mapo_lang lang);

struct tier_evidence_row {
	enum tier_evidence_section section;
	enum case_kind kind;          /* TIP or SOM for law enforcement (never mixed); TIP for victims */
	char *key;                    /* owned: the figure's code ("prosecutions") or the group's key
	                               * ("forced-labour", "F", "child") */
	char *label;                  /* owned: the same for people, in the evidence's language */
	long long previous, current;
	enum tier_trend trend;
};

/* The data-quality score of one period: of the persons these figures count (persons arrested
 * and victims identified), how many lack their sex or their age (no birth date, no age). */
struct tier_quality {
	long long records, missing;
	double missing_share;         /* missing / records, 0 when there are no records */
};

struct tier_evidence {
	int tip_year;
	mapo_date from, to;                   /* the reporting period */
	mapo_date previous_from, previous_to; /* the one before */
	enum mapo_lang lang;
	struct tier_evidence_row *rows;       /* by section, then kind, then the figures' order */
	size_t nrows, alloc;
	struct tier_quality quality, previous_quality;
	enum tier_trend quality_trend;        /* of the share missing */
};
void tier_evidence_init(struct tier_evidence *e);
void tier_evidence_release(struct tier_evidence *e);

/* Computes the evidence for tip_year (1902..TIER_YEAR_LAST: the period before must exist) from
 * the store's cases, through the statistics module, and from the protection records (victims by
 * identification status, protection orders by outcome: core/protection.h's victim statistics),
 * with labels from rd (required) in lang. Every form of rd, every status and every outcome is
 * listed, with zeros when none. out must be initialised; it is cleared
 * first; the caller releases it. */
int tier_evidence_compute(store *s, const struct refdata *rd, int tip_year, enum mapo_lang lang,
	struct tier_evidence *out, struct mapo_error *err);

#endif
