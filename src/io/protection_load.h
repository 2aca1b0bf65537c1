/* Reading the protection reference files: data/orders.csv (the kinds of court order and their
 * durations), data/indicators.csv (the HTCDS methods-of-control indicators) and
 * data/health_checks.csv (the health screening on admission). Formats in data/README.md. */
#ifndef MAPO_PROTECTION_LOAD_H
#define MAPO_PROTECTION_LOAD_H

#include "core/protection.h"
#include "util/util.h"

/* Reads orders.csv at path into out (initialised). Every problem goes to problems (when not
 * NULL) as "FILE:LINE: COLUMN: reason": an unknown or missing column, an empty or repeated kind,
 * a kind or section over CODE_MAX - 1 bytes, a duration that is not a whole number from 1 to
 * 1000, a unit other than days or months, a follows entry naming no kind of the file, a missing
 * name. 0; MAPO_EINVAL with the first problem in err; MAPO_EIO when unreadable. */
int protection_load_orders(const char *path, struct order_kinds *out, struct strvec *problems,
	struct mapo_error *err);

/* Reads indicators.csv at path into out: code (lowercase letters, digits and '-'), htcds_field,
 * name_ms, name_en, all required, codes unique. Returns as protection_load_orders. */
int protection_load_indicators(const char *path, struct indicator_list *out, struct strvec *problems,
	struct mapo_error *err);

/* Reads health_checks.csv at path into out, in the file's order: code (lowercase letters, digits
 * and '-', under HEALTH_CODE_MAX bytes), name_ms, name_en, all required, codes unique. Returns as
 * protection_load_orders. */
int protection_load_health_checks(const char *path, struct health_check_list *out, struct strvec *problems,
	struct mapo_error *err);

#endif
