/* Writing cases for a signed-in principal, shared by the pages and the API: the access checks,
 * the validation, the store call and its audit entry, in one transaction. */
#ifndef MAPO_WEB_WEBCASE_H
#define MAPO_WEB_WEBCASE_H

#include "web/web.h"

/* Copies s into a fixed-size field; a field error when it does not fit. */
void webcase_set_str(char *dst, size_t size, const char *s, const char *field, struct field_errors *fe);

/* Creates c for rq->who: MAPO_EDENIED when the principal may not create a case of c's agency;
 * MAPO_EINVAL with fe filled when c is not valid (or its linked case does not exist); assigns
 * the next free reference when c->ref is empty; MAPO_EEXIST when the reference is taken. */
int webcase_create(struct web_req *rq, struct mapo_case *c, struct field_errors *fe, struct mapo_error *err);

/* Updates before into after (after->version: the version the editor saw). MAPO_EINVAL with fe,
 * MAPO_EDENIED or MAPO_ENOTFOUND from the access policy, MAPO_ECONFLICT when the version is
 * stale (nothing written). */
int webcase_update(struct web_req *rq, const struct mapo_case *before, const struct case_facts *facts,
	struct mapo_case *after, struct field_errors *fe, struct mapo_error *err);

/* Deletes case ref (version 0: any). MAPO_ENOTFOUND outside the principal's reach,
 * MAPO_EDENIED when it may read but not delete, MAPO_ECONFLICT on a stale version. */
int webcase_delete(struct web_req *rq, const char *ref, int64_t version, struct mapo_error *err);

/* Adds or replaces a person's role in a case the principal may edit persons (or, for a
 * victim, victims) in. MAPO_EINVAL with fe filled when the row is not valid. */
int webcase_person_put(struct web_req *rq, struct case_person *p, struct field_errors *fe, struct mapo_error *err);

#endif
