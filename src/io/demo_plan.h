/* Reading the demo's plan (core/demo.h) from its two data files. */
#ifndef MAPO_DEMO_PLAN_H
#define MAPO_DEMO_PLAN_H

#include "core/demo.h"
#include "util/util.h"

/* Reads dir/periods.csv (start,end,kind,cases,arrests,victims,forced_labour) and
 * dir/weights.csv (dimension,code,weight) into plan, which must be initialised, and checks it
 * (demo_plan_check). Columns may come in any order; an unknown or missing column is an error.
 * Errors name FILE:LINE and the column. */
int demo_plan_read(struct demo_plan *plan, const char *dir, struct mapo_error *err);

/* The same from two in-memory CSV documents (names used in messages), for tests. */
int demo_plan_read_mem(struct demo_plan *plan, const char *periods_csv, const char *weights_csv,
	struct mapo_error *err);

#endif
