/* Reading the demo's protection part (core/demo_protection.h) from its two data files. */
#ifndef MAPO_DEMO_PROTECTION_LOAD_H
#define MAPO_DEMO_PROTECTION_LOAD_H

#include "core/demo_protection.h"
#include "util/util.h"

/* Reads dir/protection.csv (dimension,code,value) and dir/shelters.csv
 * (code,name,operator,serves,capacity,state) into dp, which must be initialised, and checks it
 * (demo_protection_check). Columns may come in any order. Errors name FILE:LINE and the column.
 * MAPO_ENOTFOUND when protection.csv does not exist (a plan without the protection part). */
int demo_protection_read(struct demo_protection *dp, const char *dir, struct mapo_error *err);

#endif
