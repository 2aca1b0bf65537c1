/* After care under Act 670 (issue 8): s.51A permits (freedom of movement, permission to work)
 * and repatriation or reintegration, once recorded (core/protection.h), listed and updated.
 *
 * Every function taking a principal checks it (core/access.h, the protection part; p NULL is the
 * command line, allowed everything) BEFORE it looks at what it was given, so that a role without
 * the right learns nothing from a validation message. Records of persons outside p's reach answer
 * MAPO_ENOTFOUND as if absent, and a partner's lists hold only the persons it referred in. Edits
 * are versioned: a stale version is MAPO_ECONFLICT. Writes are audited in their transaction.
 * Sealed notes (a permit's employer, a repatriation's follow-up) are opened only for a principal
 * that sees the person in full, and only when a key is given. Design: docs/internals/protection.md. */
#ifndef MAPO_AFTERCARE_H
#define MAPO_AFTERCARE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "core/case.h"
#include "core/protection.h"
#include "core/vault.h"
#include "util/util.h"

typedef struct store store;

#define AFTERCARE_NOTE_MAX 1024 /* bytes of an employer or a follow-up note */

/* A permit's status: active while it runs, revoked when withdrawn, ended when it ran out or was
 * given back. */
enum permit_status { PERMIT_ACTIVE = 0, PERMIT_REVOKED, PERMIT_ENDED, PERMIT__COUNT };
const char *permit_status_code(enum permit_status st); /* "active", "revoked", "ended" */
int permit_status_parse(const char *s);                /* -1 when unknown */
const char *permit_status_name(enum permit_status st, enum mapo_lang lang);

/* A recorded s.51A permit. employer: the opened employer when the reader may see it (valid
 * during the callback), else NULL; has_employer says whether one is stored at all. */
struct permit_rec {
	int64_t id;
	char person_ref[PERSON_REF_MAX];
	bool work; /* a work permit, else a movement pass */
	mapo_date risk_assessed_on, medical_on, mental_health_on;
	mapo_date valid_from, valid_to; /* valid_to DATE_NONE: open-ended */
	enum permit_status status;
	int version;
	bool has_employer;
	const char *employer;
};

/* A recorded repatriation; follow_up as permit_rec's employer. */
struct repat_rec {
	int64_t id;
	char person_ref[PERSON_REF_MAX];
	char destination[4]; /* ISO 3166-1 alpha-3 */
	mapo_date on_date;
	char org[ORG_MAX]; /* the assisting organisation */
	int version;
	bool has_follow_up;
	const char *follow_up;
};

/* p's view of person_ref's identity: IDVIEW_FULL or IDVIEW_MASKED (p NULL: full);
 * MAPO_ENOTFOUND, as for a missing person, when p may not see it at all. */
int aftercare_person_view(store *s, const struct principal *p, const char *person_ref, enum identity_view *view,
	struct mapo_error *err);
/* May p act (PROTECT_EDIT...) on person_ref: the action allowed to its role (else MAPO_EDENIED)
 * and the person seen in full (else MAPO_ENOTFOUND). The check the faces make before they read
 * what was sent. */
int aftercare_may_act(store *s, const struct principal *p, enum protection_action action, const char *person_ref,
	struct mapo_error *err);

/* Records a permit or a repatriation as protect_permit_add / protect_repatriation_add do, and
 * sets *id to the new record's id. */
int aftercare_permit_add(store *s, const vault *v, const struct principal *p, const struct movement_permit *m,
	int64_t *id, struct mapo_error *err);
int aftercare_repatriation_add(store *s, const vault *v, const struct principal *p, const struct repatriation *r,
	int64_t *id, struct mapo_error *err);

/* Which records a list gives: one person's (person_ref not NULL; MAPO_ENOTFOUND when p may not see
 * it), and a period (DATE_NONE: open on that side): permits valid on a day of [from, to],
 * repatriations dated in it. */
struct aftercare_query {
	const char *person_ref;
	mapo_date from, to;
};
typedef int (*aftercare_permit_cb)(const struct permit_rec *m, void *arg);
typedef int (*aftercare_repat_cb)(const struct repat_rec *r, void *arg);
/* PROTECT_RECORD (not a partner). v may be NULL: notes stay closed. */
int aftercare_permit_list(store *s, const vault *v, const struct principal *p, const struct aftercare_query *q,
	aftercare_permit_cb cb, void *arg, struct mapo_error *err);
int aftercare_repatriation_list(store *s, const vault *v, const struct principal *p,
	const struct aftercare_query *q, aftercare_repat_cb cb, void *arg, struct mapo_error *err);
/* One record by id, to cb (PROTECT_RECORD and the person in reach, else MAPO_ENOTFOUND). */
int aftercare_permit_get(store *s, const vault *v, const struct principal *p, int64_t id, aftercare_permit_cb cb,
	void *arg, struct mapo_error *err);
int aftercare_repatriation_get(store *s, const vault *v, const struct principal *p, int64_t id,
	aftercare_repat_cb cb, void *arg, struct mapo_error *err);

/* A change of a permit: the version it was read at, and the fields to set (valid_to when
 * set_valid_to, DATE_NONE making it open-ended; employer NULL unchanged, "" none; status -1
 * unchanged). */
struct permit_change {
	int64_t id;
	int version;
	bool set_valid_to;
	mapo_date valid_to;
	const char *employer;
	int status;
};
/* Applies c (PROTECT_EDIT and the person in full view): the last day not before the first, a
 * work permit keeps an employer, an employer needs the key (v; MAPO_EINVAL "key" otherwise). Field
 * problems go to fe (when not NULL) and the first is in err (MAPO_EINVAL). *version (when not
 * NULL) gets the new version. Audited as "permit-update" with the names of the fields changed. */
int aftercare_permit_update(store *s, const vault *v, const struct principal *p, const struct permit_change *c,
	struct field_errors *fe, int *version, struct mapo_error *err);

/* A change of a repatriation: on_date DATE_NONE, destination NULL, org NULL unchanged; follow_up
 * NULL unchanged, "" none. */
struct repat_change {
	int64_t id;
	int version;
	mapo_date on_date;
	const char *destination;
	const char *org;
	const char *follow_up;
};
/* As aftercare_permit_update; audited as "repatriation-update". */
int aftercare_repatriation_update(store *s, const vault *v, const struct principal *p,
	const struct repat_change *c, struct field_errors *fe, int *version, struct mapo_error *err);

#endif
