/* The council's statistics: the six measures of store.h over a period, in total and broken down
 * by up to four dimensions, with the keys' names in a language for people to read. The same
 * result feeds the CLI (`mapo stats`), the web API and the reports; src/io/stats_out.h writes it
 * as a table, CSV or JSON. Definitions and arithmetic: docs/internals/stats.md. */
#ifndef MAPO_STATS_H
#define MAPO_STATS_H

#include "core/case.h"
#include "core/refdata.h"
#include "store/store.h"
#include "util/util.h"

/* The six published measures (their meaning: store.h, store_tally). */
struct stats_measures {
	long long tip_cases;
	long long tip_arrests;
	long long tip_forced_labour_cases;
	long long som_cases;
	long long som_arrests;
	long long victims_rescued;
};

#define STATS_NMEASURES 6
/* The most rows month zero-filling may produce (a guard against a period of centuries). */
#define STATS_ROWS_MAX 500000
/* The measures' names, in the order above, as JSON members and CSV columns use them
 * ("tip_cases" ...), and their headings for people (translate with mapo_tr). */
extern const char *const stats_measure_codes[STATS_NMEASURES];
extern const char *const stats_measure_headings[STATS_NMEASURES];
/* The i-th measure of m (0 <= i < STATS_NMEASURES, in the order above). */
long long stats_measure(const struct stats_measures *m, size_t i);

/* A stats question: a period (both ends inclusive), the case filter (kind, agency, state, form,
 * status; its own from/to/sort/limit/text are ignored) and the dimensions to break down by. */
struct stats_query {
	mapo_date from, to;
	struct case_filter filter;
	enum stat_dim dims[TALLY_MAX_DIMS];
	size_t ndims;
};
void stats_query_init(struct stats_query *q);

/* The dimension's CLI name ("kind", "agency", "state", "form", "nationality", "sex", "age-group",
 * "month", "status"), static. */
const char *stats_dim_name(enum stat_dim d);
/* The dimension's column heading for people ("Agency", "Age group"), in lang; static. */
const char *stats_dim_heading(enum stat_dim d, enum mapo_lang lang);
/* Parses a CLI name; MAPO_EINVAL with a message listing the names when unknown. */
int stats_dim_parse(const char *name, enum stat_dim *out, struct mapo_error *err);
/* Parses name and appends it to q->dims; MAPO_EINVAL when unknown, already given, or when the
 * query has TALLY_MAX_DIMS dimensions already. */
int stats_query_add_dim(struct stats_query *q, const char *name, struct mapo_error *err);

/* The US Trafficking in Persons report's year Y: 1 April Y-1 to 31 March Y, inclusive.
 * MAPO_EINVAL when year is outside 1901-9999. */
int stats_tip_year(int tip_year, mapo_date *from, mapo_date *to, struct mapo_error *err);
/* Sets q's period from the CLI's options: either tip_year (non-zero) or both from and to (not
 * DATE_NONE), never both; from must not be after to. MAPO_EINVAL with a message otherwise. */
int stats_query_set_period(struct stats_query *q, mapo_date from, mapo_date to, int tip_year,
	struct mapo_error *err);

/* One row of a breakdown: a key and its name per dimension (both owned) and the measures. */
struct stats_row {
	char *keys[TALLY_MAX_DIMS];
	char *labels[TALLY_MAX_DIMS];
	struct stats_measures m;
};

struct stats_result {
	mapo_date from, to;
	enum stat_dim dims[TALLY_MAX_DIMS];
	size_t ndims;
	enum mapo_lang lang;          /* the language of the labels */
	struct stats_measures totals; /* over the whole period and filter, never split */
	struct stats_row *rows;       /* sorted by keys, dimension by dimension */
	size_t nrows, alloc;
};
void stats_result_init(struct stats_result *r);
void stats_result_release(struct stats_result *r);

/* Runs q against the store: the totals, and (when q has dimensions) the rows. When "month" is a
 * dimension, every month of the period appears under every combination of the other keys that
 * occurs (with one dimension: every month, always), zero-filled; MAPO_ETOOBIG when that would
 * pass STATS_ROWS_MAX rows. Labels come from rd (agencies,
 * states, forms, countries) or the domain's own names, in lang; an empty key is labelled "(none)".
 * out must be initialised; it is cleared first. The caller releases it. */
int stats_run(store *s, const struct refdata *rd, const struct stats_query *q, enum mapo_lang lang,
	struct stats_result *out, struct mapo_error *err);

/* The name of a key of dimension d for people, in lang: from rd or the domain's names; month keys
 * ("2021-06") read "June 2021" / "Jun 2021". Returns an owned string. */
char *stats_key_label(const struct refdata *rd, enum stat_dim d, const char *key, enum mapo_lang lang);

/* The name of month 1-12 in lang ("June", "Jun"), static; "" outside 1-12. */
const char *stats_month_name(int month, enum mapo_lang lang);

#endif
