/* Reading the TIP-report tier files: placements (data/tiers.csv, and the files of
 * `mapo tier import`) and the versions of the rules (data/tier_rules.csv). Formats:
 * data/README.md. Nothing here decides what the rules conclude: that is core/tier.h. */
#ifndef MAPO_TIER_LOAD_H
#define MAPO_TIER_LOAD_H

#include "core/refdata.h"
#include "core/tier.h"
#include "util/util.h"

#define TIER_FILE_PLACEMENTS "tiers.csv"
#define TIER_FILE_RULES "tier_rules.csv"

/* The columns of a placements file, in the order tier_history_write_csv writes them. */
extern const char *const tier_load_placement_columns[];

/* Reads a placements file at path ("-": standard input) and appends its rows to out. Columns
 * (any order, each once, no other): country, year, placement, waiver, source, exception. Each
 * row is checked with tier_record_validate against rd; waiver is 0 or 1; a country and year
 * given twice is an error. Every problem is appended to problems (when not NULL) as
 * "FILE:LINE: COLUMN: reason". Returns 0; MAPO_EINVAL when the file has problems (err holds the
 * first, and says how many more; out may hold some rows); MAPO_EIO when it cannot be read. */
int tier_load_placements(const char *path, const struct refdata *rd, struct tier_list *out,
	struct strvec *problems, struct mapo_error *err);

/* Reads a rules file at path into out (initialised). Columns (any order): from_year, to_year
 * (empty: still in force), auto_downgrade (0/1), watch_list_years, max_consecutive_waivers,
 * one_year_after_downgrade (0/1), source. The whole set must pass tier_rules_validate.
 * Problems and returns as tier_load_placements. */
int tier_load_rules(const char *path, struct tier_rules *out, struct strvec *problems,
	struct mapo_error *err);

#endif
