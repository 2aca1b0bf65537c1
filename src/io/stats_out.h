/* Writing a stats result (core/stats.h) for people and programs: an aligned text table, CSV, or
 * JSON. Shared by the CLI (`mapo stats --format`) and the web API, so nothing here knows either.
 * The JSON shape is fixed by issue 2: see stats_write_json. */
#ifndef MAPO_STATS_OUT_H
#define MAPO_STATS_OUT_H

#include <jansson.h>

#include "core/stats.h"
#include "util/util.h"

enum stats_format { STATS_TABLE = 0, STATS_CSV, STATS_JSON };

/* Parses "table", "csv" or "json"; 0, or MAPO_EINVAL with a message. */
int stats_format_parse(const char *s, enum stats_format *out, struct mapo_error *err);

/* Appends r to out in format f (the table's headings in r->lang). 0 or MAPO_ETOOBIG. */
int stats_write(struct buf *out, const struct stats_result *r, enum stats_format f);

/* A text table: one column per dimension (the keys' labels), then the six measures with
 * thousands separators, and a last "Total" row of the totals. Ends with "\n". */
int stats_write_table(struct buf *out, const struct stats_result *r);

/* CSV (RFC 4180): a header row, then one row per result row: for each dimension its key
 * (column named after the dimension) and label (<dim>_label), then the six measures under their
 * codes. With no dimensions, one row: the totals. */
int stats_write_csv(struct buf *out, const struct stats_result *r);

/* JSON, one object:
 *   {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "dims": ["agency", ...],
 *    "totals": {"tip_cases": N, "tip_arrests": N, "tip_forced_labour_cases": N,
 *               "som_cases": N, "som_arrests": N, "victims_rescued": N},
 *    "rows": [{"<dim>": key, "<dim>_label": label, ..., the six measures}, ...]}
 * "totals" holds exactly those six integer members; the labels are in r->lang. Ends with "\n". */
int stats_write_json(struct buf *out, const struct stats_result *r);
/* The same document as a jansson value (a new reference the caller decrefs). */
json_t *stats_result_json(const struct stats_result *r);

#endif
