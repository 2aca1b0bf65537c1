/* Writing the TIP-report tier results (core/tier.h) for people and programs: text tables, CSV and
 * JSON, shared by the CLI (`mapo tier`) and the web API. Nothing here knows either face. */
#ifndef MAPO_TIER_OUT_H
#define MAPO_TIER_OUT_H

#include <jansson.h>

#include "core/refdata.h"
#include "core/tier.h"
#include "io/table.h"
#include "util/util.h"

/* A country's history (records in year order with their analysis, step for record):
 * json: an array of {"country", "year", "placement", "waiver" (bool, recorded),
 *   "waiver_inferred" (bool), "consecutive_watch_list_years", "waivers_used", "verdict",
 *   "explanation", "source", "exception"}; a new reference.
 * csv: the import format (tier_load_placement_columns), so that it reads back with
 *   `mapo tier import`.
 * table: Year, Placement, Waiver, Rules (the explanation), headings in lang. */
json_t *tier_history_json(const struct tier_record *history, const struct tier_analysis *a);
int tier_history_write_csv(struct buf *out, const struct tier_record *history, size_t n);
void tier_history_table(struct table *t, const struct tier_analysis *a, enum mapo_lang lang);

/* Outlooks: json: an array of {"country", "year", "previous_placement" (null when none),
 * "consecutive_watch_list_years", "counted_watch_list_years", "waivers_used",
 * "waivers_allowed", "outlook", "explanation"}; a new reference. table: Country (name from rd),
 * Watch List years, Waivers used, Outlook, Explanation. */
json_t *tier_outlook_json(const struct tier_outlook *v, size_t n);
void tier_outlook_table(struct table *t, const struct tier_outlook *v, size_t n, const struct refdata *rd,
	enum mapo_lang lang);

/* The evidence. json: {"tip_year", "period": {"from", "to"}, "previous_period": {...},
 *   "rows": [{"section", "kind", "key", "label", "previous", "current", "trend"}],
 *   "data_quality": {"records", "missing", "missing_share", "previous_records",
 *   "previous_missing", "previous_missing_share", "trend"}}; a new reference.
 * table: Section, Kind, Figure, previous period, this period, Trend; then a line with the
 * data-quality score of both periods. csv: the rows' members as columns, then one row per
 * figure and the data-quality score as a last section. Text ends with "\n". */
json_t *tier_evidence_json(const struct tier_evidence *e);
int tier_evidence_write_text(struct buf *out, const struct tier_evidence *e);
int tier_evidence_write_csv(struct buf *out, const struct tier_evidence *e);

#endif
