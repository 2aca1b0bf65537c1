/* The council's press statement: one sentence with the period's trafficking and smuggling
 * figures, in Malay or English (issue 2, section 5). Definitions: docs/internals/stats.md. */
#ifndef MAPO_STATEMENT_H
#define MAPO_STATEMENT_H

#include "core/stats.h"
#include "store/store.h"
#include "util/util.h"

struct statement {
	mapo_date from, as_of; /* both inclusive */
	struct stats_measures m;
};

/* Resolves the period: from defaults (DATE_NONE) to 1 January of the as-of year. MAPO_EINVAL
 * when as_of is DATE_NONE or from is after as_of. */
int statement_period(mapo_date from, mapo_date as_of, mapo_date *out_from, struct mapo_error *err);

/* Computes the statement's figures for [from, as_of] through store_tally (from as in
 * statement_period). */
int statement_compute(store *s, mapo_date from, mapo_date as_of, struct statement *out,
	struct mapo_error *err);

/* Appends the sentence in lang to out: one line followed by "\n". "As of June 2021" when as_of
 * is the last day of its month, else "As of 15 June 2021"; counts with thousands separators;
 * singular nouns for one. Returns 0 or MAPO_ETOOBIG from the buffer. */
int statement_format(const struct statement *st, enum mapo_lang lang, struct buf *out);

/* Appends the as-of phrase's date part ("June 2021", "15 Jun 2021") in lang to out. */
int statement_format_as_of(mapo_date as_of, enum mapo_lang lang, struct buf *out);

#endif
