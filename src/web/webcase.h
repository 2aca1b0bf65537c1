/* Writing cases for a signed-in principal, shared by the pages and the API: the access checks,
 * the validation, the store call and its audit entry, in one transaction. */
#ifndef MAPO_WEB_WEBCASE_H
#define MAPO_WEB_WEBCASE_H

#include "web/web.h"

/* Copies s into a fixed-size field; a field error when it does not fit. */
void webcase_set_str(char *dst, size_t size, const char *s, const char *field, struct field_errors *fe);

/* Checks a "referred by" organisation as a form or JSON gave it (trimmed into out, ORG_MAX
 * bytes): a field error on "source_org" when it is too long or not UTF-8. */
void webcase_source_org(const char *s, char out[ORG_MAX], struct field_errors *fe);

/* Creates c for rq->who: MAPO_EDENIED when the principal may not create a case of c's agency;
 * MAPO_EINVAL with fe filled when c is not valid (or its linked case does not exist); assigns
 * the next free reference when c->ref is empty; MAPO_EEXIST when the reference is taken.
 * source_org (NULL or "": none) is the partner organisation that referred the case, recorded
 * in the same transaction through access_case_set_source_org (its own audit entry). */
int webcase_create(struct web_req *rq, struct mapo_case *c, const char *source_org, struct field_errors *fe,
	struct mapo_error *err);

/* Updates before into after (after->version: the version the editor saw). MAPO_EINVAL with fe,
 * MAPO_EDENIED or MAPO_ENOTFOUND from the access policy, MAPO_ECONFLICT when the version is
 * stale (nothing written). source_org: NULL leaves the referring organisation as it is; else
 * the new one ("" clears it), which only a principal with CASE_EDIT may change (MAPO_EDENIED);
 * written with the update, in one transaction. When nothing but the organisation changes, the
 * case itself (and its version) is left alone. */
int webcase_update(struct web_req *rq, const struct mapo_case *before, const struct case_facts *facts,
	struct mapo_case *after, const char *source_org, struct field_errors *fe, struct mapo_error *err);

/* Deletes case ref (version 0: any). MAPO_ENOTFOUND outside the principal's reach,
 * MAPO_EDENIED when it may read but not delete, MAPO_ECONFLICT on a stale version. */
int webcase_delete(struct web_req *rq, const char *ref, int64_t version, struct mapo_error *err);

/* The check a write makes before it reads its body, so that a principal without the right learns
 * nothing from a validation message: MAPO_ENOTFOUND (ref outside p's reach), MAPO_EDENIED (with a
 * message) when it may take neither action a nor action b on the case, else 0. */
int webcase_may(struct web_req *rq, const char *ref, enum case_action a, enum case_action b, struct mapo_error *err);

/* Adds or replaces a person's role in a case the principal may edit persons (or, for a
 * victim, victims) in. MAPO_EINVAL with fe filled when the row is not valid. */
int webcase_person_put(struct web_req *rq, struct case_person *p, struct field_errors *fe, struct mapo_error *err);

/* Removes person_ref's role in case ref, for a principal who may edit the persons (or, for a
 * victim, the victims) of the case: MAPO_ENOTFOUND outside its reach or when the person does
 * not hold the role there, MAPO_EDENIED. Audited as "person-remove", in one transaction. */
int webcase_person_remove(struct web_req *rq, const char *ref, const char *person_ref, enum person_role role,
	struct mapo_error *err);

/* Appends the "person-view" audit entry of a page or answer that shows the n persons of case
 * ref (detail: "N persons", and ", identities hidden" when they were masked). A view that
 * cannot be recorded is not shown: the caller answers the error instead. */
int audit_person_view(struct web_req *rq, const char *ref, size_t n, bool identities, struct mapo_error *err);

#endif
