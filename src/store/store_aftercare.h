/* The store interface for after care (issue 8): listing and updating s.51A permits and
 * repatriations, recorded through store_protection.h. Same conventions as store.h; sealed values
 * (a permit's employer, a repatriation's follow-up) arrive and leave as ciphertext. The core
 * (core/aftercare.c) is the only intended caller. Implemented by sql_aftercare.c on the SQL layer
 * (sql.h), so on SQLite and PostgreSQL alike (schema: migrations 0005 and 0008). */
#ifndef MAPO_STORE_AFTERCARE_H
#define MAPO_STORE_AFTERCARE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/aftercare.h"
#include "core/vault.h"
#include "store/store.h"

/* Which rows a list gives: one person's (person_ref not NULL) and a period (DATE_NONE: open on
 * that side). Permits: valid on a day of [from, to]; repatriations: dated in it. Permits by valid_from then id,
 * repatriations by on_date then id. */
struct aftercare_filter {
	const char *person_ref;
	mapo_date from, to;
};

/* A row as stored: the record with its sealed value (data valid during the callback). */
typedef int (*store_permit_cb)(const struct permit_rec *m, const unsigned char *employer, size_t employer_len,
	void *arg);
int store_aftercare_permits(store *s, const struct aftercare_filter *f, store_permit_cb cb, void *arg,
	struct mapo_error *err);
/* One permit by id (out->employer NULL; the sealed employer into *employer, owned by the caller);
 * MAPO_ENOTFOUND. */
int store_aftercare_permit_get(store *s, int64_t id, struct permit_rec *out, struct sealed *employer,
	struct mapo_error *err);
/* The id of person_ref's newest permit (MAPO_ENOTFOUND when none). */
int store_aftercare_permit_last(store *s, const char *person_ref, int64_t *id, struct mapo_error *err);
/* Sets a permit's last valid day, status and (employer not NULL) sealed employer (employer->data
 * NULL: none) when its version is m->version; the version goes up by one (m->version gets it).
 * MAPO_ENOTFOUND when no such permit, MAPO_ECONFLICT when the version is stale. */
int store_aftercare_permit_update(store *s, struct permit_rec *m, const struct sealed *employer,
	struct mapo_error *err);

typedef int (*store_repat_cb)(const struct repat_rec *r, const unsigned char *follow_up, size_t follow_up_len,
	void *arg);
int store_aftercare_repatriations(store *s, const struct aftercare_filter *f, store_repat_cb cb, void *arg,
	struct mapo_error *err);
int store_aftercare_repatriation_get(store *s, int64_t id, struct repat_rec *out, struct sealed *follow_up,
	struct mapo_error *err);
int store_aftercare_repatriation_last(store *s, const char *person_ref, int64_t *id, struct mapo_error *err);
/* Sets a repatriation's date, destination, assisting organisation and (follow_up not NULL) sealed
 * follow-up, versioned as store_aftercare_permit_update. MAPO_EINVAL for an unknown country. */
int store_aftercare_repatriation_update(store *s, struct repat_rec *r, const struct sealed *follow_up,
	struct mapo_error *err);

#endif
