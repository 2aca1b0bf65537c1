#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "web/webcase.h"

void webcase_set_str(char *dst, size_t size, const char *s, const char *field, struct field_errors *fe)
{
	size_t n = strlen(s);
	s = str_trim(s, &n);
	if (n >= size) {
		field_errors_add(fe, field, _("'%s' is too long (at most %zu bytes)"), field, size - 1);
		n = 0;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void check_related(struct web_req *rq, const struct mapo_case *c, struct field_errors *fe)
{
	if (!c->related_ref[0])
		return;
	struct mapo_case other;
	case_init(&other);
	if (store_case_get(rq->db, c->related_ref, &other, NULL))
		field_errors_add(fe, "related_case_ref", _("no case '%s'"), c->related_ref);
	case_release(&other);
}

void webcase_source_org(const char *s, char out[ORG_MAX], struct field_errors *fe)
{
	webcase_set_str(out, ORG_MAX, s ? s : "", "source_org", fe);
	if (!utf8_valid(out, strlen(out))) {
		field_errors_add(fe, "source_org", "%s", _("the organisation is not valid UTF-8"));
		out[0] = '\0';
	}
}

/* Records who referred ref inside the caller's transaction; access_case_set_source_org checks
 * that the principal may, and appends its own audit entry. */
static int set_source_org(struct web_req *rq, const char *ref, const char *org, struct mapo_error *err)
{
	int rc = access_case_set_source_org(rq->db, &rq->who, ref, org, err);
	if (rc == MAPO_EDENIED)
		mapo_error_set(err, rc, _("case '%s': you may not change the organisation that referred it"), ref);
	return rc;
}

int webcase_create(struct web_req *rq, struct mapo_case *c, const char *source_org, struct field_errors *fe,
	struct mapo_error *err)
{
	int rc;
	if (!access_may_create_case(&rq->who, c->agency)) {
		if (!c->agency[0] && access_may(&rq->who, ACCESS_CREATE_CASE))
			field_errors_add(fe, "agency", "%s", _("choose an agency"));
		else
			return mapo_error_set(err, MAPO_EDENIED, _("you may not create cases of agency '%s'"), c->agency);
	}
	bool auto_ref = !c->ref[0];
	for (int attempt = 0; attempt < 5; attempt++) {
		if (auto_ref && c->agency[0] && c->action_date != DATE_NONE) {
			long seq;
			if ((rc = store_case_next_seq(rq->db, c->agency, date_year(c->action_date), &seq, err)))
				return rc;
			case_format_ref(c->ref, c->agency, date_year(c->action_date), seq);
		}
		if (!fe->n) {
			case_validate(c, rq->rd, fe);
			check_related(rq, c, fe);
		}
		if (fe->n) {
			if (auto_ref)
				c->ref[0] = '\0';
			return mapo_error_set(err, MAPO_EINVAL, "%s", fe->v[0].msg);
		}
		if ((rc = store_begin(rq->db, err)))
			return rc;
		rc = store_case_insert(rq->db, c, err);
		if (!rc) {
			char detail[128];
			snprintf(detail, sizeof(detail), "status: %s", case_status_code(c->status));
			rc = audit_append(rq->db, &rq->who, "case-create", "case", c->ref, detail, NULL, err);
		}
		if (!rc && source_org && *source_org)
			rc = set_source_org(rq, c->ref, source_org, err);
		if (!rc)
			rc = store_commit(rq->db, err);
		else
			store_rollback(rq->db);
		/* two people taking the same next number at once: take the next one */
		if (rc == MAPO_EEXIST && auto_ref)
			continue;
		return rc;
	}
	return rc;
}

int webcase_update(struct web_req *rq, const struct mapo_case *before, const struct case_facts *facts,
	struct mapo_case *after, const char *source_org, struct field_errors *fe, struct mapo_error *err)
{
	int rc;
	const char *old_org = facts && facts->source_org ? facts->source_org : "";
	bool org_changes = source_org && strcmp(source_org, old_org);
	/* who may make this change comes first: a refusal says more than a validation message */
	if ((rc = access_check_update(&rq->who, before, facts, after, err)))
		return rc;
	if (org_changes && !access_may_case(&rq->who, CASE_EDIT, before, facts))
		return mapo_error_set(err, MAPO_EDENIED, _("case '%s': you may not change the organisation that referred it"),
			before->ref);
	if (strcmp(before->ref, after->ref))
		field_errors_add(fe, "case_ref", "%s", _("the reference of a case cannot change"));
	if (!fe->n) {
		case_validate(after, rq->rd, fe);
		check_related(rq, after, fe);
	}
	if (fe->n)
		return mapo_error_set(err, MAPO_EINVAL, "%s", fe->v[0].msg);
	if (after->version != before->version)
		return mapo_error_set(err, MAPO_ECONFLICT, _("case '%s' was changed by someone else (version %lld, you sent %lld)"),
			before->ref, (long long)before->version, (long long)after->version);
	struct buf detail = BUF_INIT;
	audit_case_changes(before, after, &detail);
	bool case_changes = detail.len > 0;
	if ((rc = store_begin(rq->db, err)))
		goto out;
	if (case_changes || !org_changes) {
		rc = store_case_update(rq->db, after, err);
		if (!rc)
			rc = audit_append(rq->db, &rq->who, "case-update", "case", after->ref, buf_str(&detail), NULL, err);
	}
	if (!rc && org_changes)
		rc = set_source_org(rq, after->ref, source_org, err);
	if (!rc)
		rc = store_commit(rq->db, err);
	else
		store_rollback(rq->db);
out:
	buf_release(&detail);
	return rc;
}

int webcase_delete(struct web_req *rq, const char *ref, int64_t version, struct mapo_error *err)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, ref, &c, &facts, &fbuf, err);
	if (rc)
		goto out;
	if (!access_may_case(&rq->who, CASE_DELETE, &c, &facts)) {
		rc = mapo_error_set(err, MAPO_EDENIED, _("you may not delete case '%s'"), ref);
		goto out;
	}
	if ((rc = store_begin(rq->db, err)))
		goto out;
	rc = store_case_delete(rq->db, ref, version, err);
	if (!rc)
		rc = audit_append(rq->db, &rq->who, "case-delete", "case", ref, "", NULL, err);
	if (!rc)
		rc = store_commit(rq->db, err);
	else
		store_rollback(rq->db);
out:
	buf_release(&fbuf);
	case_release(&c);
	return rc;
}

int webcase_may(struct web_req *rq, const char *ref, enum case_action a, enum case_action b, struct mapo_error *err)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, ref, &c, &facts, &fbuf, err);
	if (!rc && !access_may_case(&rq->who, a, &c, &facts) && !access_may_case(&rq->who, b, &c, &facts))
		rc = mapo_error_set(err, MAPO_EDENIED, _("you may not change case '%s'"), c.ref);
	buf_release(&fbuf);
	case_release(&c);
	return rc;
}

int webcase_person_put(struct web_req *rq, struct case_person *p, struct field_errors *fe, struct mapo_error *err)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, p->case_ref, &c, &facts, &fbuf, err);
	if (rc)
		goto out;
	if (!access_may_case(&rq->who, CASE_EDIT_PERSONS, &c, &facts) &&
		!(p->role == PROLE_VICTIM && access_may_case(&rq->who, CASE_EDIT_VICTIMS, &c, &facts))) {
		rc = mapo_error_set(err, MAPO_EDENIED, _("you may not change the persons of case '%s'"), c.ref);
		goto out;
	}
	if (case_person_validate(p, &c, rq->rd, fe)) {
		rc = mapo_error_set(err, MAPO_EINVAL, "%s", fe->v[0].msg);
		goto out;
	}
	if ((rc = store_begin(rq->db, err)))
		goto out;
	rc = store_person_put(rq->db, p, err);
	if (!rc) {
		char detail[128];
		snprintf(detail, sizeof(detail), "%s %s", p->person_ref, person_role_code(p->role));
		rc = audit_append(rq->db, &rq->who, "person-put", "case", c.ref, detail, NULL, err);
	}
	if (!rc)
		rc = store_commit(rq->db, err);
	else
		store_rollback(rq->db);
out:
	buf_release(&fbuf);
	case_release(&c);
	return rc;
}

int audit_person_view(struct web_req *rq, const char *ref, size_t n, bool identities, struct mapo_error *err)
{
	char detail[64];
	snprintf(detail, sizeof(detail), "%zu %s%s", n, n == 1 ? "person" : "persons", identities ? "" : ", identities hidden");
	return audit_append(rq->db, &rq->who, "person-view", "case", ref, detail, NULL, err);
}

int webcase_person_remove(struct web_req *rq, const char *ref, const char *person_ref, enum person_role role,
	struct mapo_error *err)
{
	struct mapo_case c;
	struct case_facts facts;
	struct buf fbuf = BUF_INIT;
	case_init(&c);
	int rc = access_case_get(rq->db, &rq->who, ref, &c, &facts, &fbuf, err);
	if (rc)
		goto out;
	if (!access_may_case(&rq->who, CASE_EDIT_PERSONS, &c, &facts) &&
		!(role == PROLE_VICTIM && access_may_case(&rq->who, CASE_EDIT_VICTIMS, &c, &facts))) {
		rc = mapo_error_set(err, MAPO_EDENIED, _("you may not change the persons of case '%s'"), c.ref);
		goto out;
	}
	if ((rc = store_begin(rq->db, err)))
		goto out;
	rc = store_person_remove(rq->db, c.ref, person_ref, role, err);
	if (!rc) {
		char detail[128];
		snprintf(detail, sizeof(detail), "%s %s", person_ref, person_role_code(role));
		rc = audit_append(rq->db, &rq->who, "person-remove", "case", c.ref, detail, NULL, err);
	}
	if (!rc)
		rc = store_commit(rq->db, err);
	else
		store_rollback(rq->db);
out:
	buf_release(&fbuf);
	case_release(&c);
	return rc;
}
