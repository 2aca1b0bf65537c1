/* The store interface for action plans, progress reports, the TIP report's recommendations and
 * the operating guidelines with their checklists (schema: migrations/0006_plan.sql). Same
 * conventions as store.h: 0 or a negative enum mapo_err, err filled with a translated message,
 * every write in a transaction (the caller's when one is open). The core (core/plan.c) and the
 * loaders are the intended callers. Implemented by sql_plan.c, on both backends. */
#ifndef MAPO_STORE_PLAN_H
#define MAPO_STORE_PLAN_H

#include "core/plan.h"
#include "store/store.h"

/* Plans. insert: writes p and all its nodes (they must be in outline order), setting the ids;
 * MAPO_EEXIST when the code is taken. get: the plan and its nodes in outline order into out
 * (initialised; cleared first); MAPO_ENOTFOUND. delete: MAPO_ENOTFOUND; removes its progress
 * reports and the recommendations' links to it. list: each plan without nodes, by code. */
int store_plan_insert(store *s, struct plan *p, struct mapo_error *err);
int store_plan_get(store *s, const char *code, struct plan *out, struct mapo_error *err);
int store_plan_delete(store *s, const char *code, struct mapo_error *err);
typedef int (*plan_cb)(const struct plan *p, void *arg);
int store_plan_list(store *s, plan_cb cb, void *arg, struct mapo_error *err);

/* Progress. put: inserts r, or replaces the report of the same activity, year and quarter
 * (evidence NULL keeps none; r->evidence_size bytes otherwise). MAPO_ENOTFOUND when the plan or
 * activity does not exist. Sets r->id and r->reported_at. list: the reports of plan (activity
 * NULL: of every activity; year 0: of every year) by activity outline order, year, quarter.
 * evidence: the stored file of one report into out (name and type into the report's fields);
 * MAPO_ENOTFOUND when there is none. */
int store_progress_put(store *s, struct progress_report *r, const void *evidence, struct mapo_error *err);
typedef int (*progress_cb)(const struct progress_report *r, void *arg);
int store_progress_list(store *s, const char *plan, const char *activity, int year, progress_cb cb, void *arg,
	struct mapo_error *err);
int store_progress_evidence(store *s, const char *plan, const char *activity, int year, int quarter,
	struct progress_report *meta, struct buf *out, struct mapo_error *err);

/* Recommendations. put: inserts r, or replaces the one of the same year and rank (its links and
 * actions too); MAPO_EINVAL naming a link whose plan or activity does not exist. list: of year
 * (0: every year), by year and rank. update: sets status and evidence of (year, rank);
 * MAPO_ENOTFOUND. */
int store_rec_put(store *s, struct recommendation *r, struct mapo_error *err);
typedef int (*rec_cb)(const struct recommendation *r, void *arg);
int store_rec_list(store *s, int year, rec_cb cb, void *arg, struct mapo_error *err);
int store_rec_update(store *s, int year, int rank, enum rec_status status, const char *evidence,
	struct mapo_error *err);
/* The latest report year with recommendations (0 when none). */
int store_rec_latest_year(store *s, int *year, struct mapo_error *err);

/* Guidelines. insert: g and its items; MAPO_EEXIST when that code and version exist. get: the
 * version asked for (0: the latest) into out (initialised; cleared first); MAPO_ENOTFOUND.
 * list: every version of every guideline without items, by code and version. */
int store_guideline_insert(store *s, struct guideline *g, struct mapo_error *err);
int store_guideline_get(store *s, const char *code, int version, struct guideline *out, struct mapo_error *err);
typedef int (*guideline_cb)(const struct guideline *g, void *arg);
int store_guideline_list(store *s, guideline_cb cb, void *arg, struct mapo_error *err);

/* Checklist results. insert: c with its answers (codes of c->version's items, which must be
 * resolved: c->version not 0); sets c->id. */
int store_check_insert(store *s, struct guideline_check *c, struct mapo_error *err);

/* Compliance per agency (and per subject when by_subject) over the checks of guideline (NULL:
 * every guideline) dated in [from, to], by agency then subject. The row passed to cb has its rate
 * computed and is valid during the call. */
typedef int (*compliance_cb)(const struct compliance_row *row, void *arg);
int store_compliance(store *s, const char *guideline, mapo_date from, mapo_date to, bool by_subject,
	compliance_cb cb, void *arg, struct mapo_error *err);

#endif
