/* The store interface for the TIP report's tier placements and the rules that read them (schema:
 * migrations/0003_tier.sql). Same conventions as store.h: 0 or a negative enum mapo_err, err
 * filled with a translated message, every write in a transaction (the caller's when one is
 * open). The core (core/tier.c) is the only intended caller: faces go through core/tier.h.
 * Implemented by sqlite_tier.c. */
#ifndef MAPO_STORE_TIER_H
#define MAPO_STORE_TIER_H

#include "core/tier.h"
#include "store/store.h"

/* Placements. put: inserts r, or replaces the placement of the same country and year;
 * MAPO_EINVAL when the country is unknown or the record breaks the table's checks (a waiver off
 * the Watch List). list: calls cb for each placement of country (every country when NULL), by
 * country and year; cb returns non-zero to stop (that value is returned); the record passed to
 * cb is valid only during the call. delete: MAPO_ENOTFOUND when there is none. */
int store_tier_put(store *s, const struct tier_record *r, struct mapo_error *err);
typedef int (*tier_record_cb)(const struct tier_record *r, void *arg);
int store_tier_list(store *s, const char *country, tier_record_cb cb, void *arg, struct mapo_error *err);
int store_tier_delete(store *s, const char *country, int year, struct mapo_error *err);

/* The rules' versions. replace: deletes the stored versions and writes rs's. load: adds the
 * stored versions to rs (initialised) in from_year order; none is not an error. */
int store_tier_rules_replace(store *s, const struct tier_rules *rs, struct mapo_error *err);
int store_tier_rules_load(store *s, struct tier_rules *rs, struct mapo_error *err);

#endif
