/* Plan progress, recommendations and compliance as JSON, and plan progress as an XLSX workbook
 * (libxlsxwriter). The faces share these; headings and names come out in lang. */
#ifndef MAPO_PLAN_OUT_H
#define MAPO_PLAN_OUT_H

#include <jansson.h>

#include "core/plan.h"
#include "util/util.h"

/* {"plan", "year", "as_of", "activities": [...], "pillars": [...], "goals": [...],
 *  "organisations": [...]}: each activity with code, pillar, goal, title, lead, supporting,
 * indicator, computed (null when typed), target, value, quarter, status, ratio, expected,
 * at_risk, overdue, report_missing; each roll-up with key, title (pillars and goals), activities,
 * with_target, progress, by_status, at_risk, overdue, report_missing. NaN is null. New reference. */
json_t *plan_status_to_json(const struct plan_status *ps, enum mapo_lang lang);
/* The plan's tree: {"code", "title", "start_year", "end_year", "nodes": [...]}; new reference. */
json_t *plan_to_json(const struct plan *p, enum mapo_lang lang);
json_t *rollup_to_json(const struct plan_rollup *r, const char *title);
json_t *recommendation_to_json(const struct recommendation *r, enum mapo_lang lang);
json_t *progress_report_to_json(const struct progress_report *r);
json_t *compliance_to_json(const struct compliance_row *row);
json_t *guideline_to_json(const struct guideline *g, enum mapo_lang lang);
/* What the next report will look at: {"recommendations_year", "report_year", "from", "to",
 * "as_of", "figures": {MEASURE: {"now", "before"}}, "recommendations": [... with
 * "activity_state"]}; new reference. */
json_t *plan_outlook_to_json(const struct plan_outlook *ol, enum mapo_lang lang);

/* The title of a node or plan in lang (the other language when empty). */
const char *plan_title(const char *ms, const char *en, enum mapo_lang lang);

/* Writes ps as an XLSX workbook at path: a sheet of activities (with their computed or reported
 * values, ratio and flags), one of pillars, one of goals and one of organisations. MAPO_EIO when
 * the file cannot be written. */
int plan_progress_xlsx(const struct plan_status *ps, enum mapo_lang lang, const char *path, struct mapo_error *err);

#endif
