/* The hash-chained audit trail (see audit.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "store/store_auth.h"

/* The hash before the first entry. */
static const char genesis[AUDIT_HASH_STRLEN] =
	"0000000000000000000000000000000000000000000000000000000000000000";

void audit_entry_init(struct audit_entry *e)
{
	memset(e, 0, sizeof(*e));
}

void audit_entry_release(struct audit_entry *e)
{
	free(e->user);
	free(e->address);
	free(e->action);
	free(e->object_type);
	free(e->object_id);
	free(e->detail);
	audit_entry_init(e);
}

void audit_filter_init(struct audit_filter *f)
{
	memset(f, 0, sizeof(*f));
}

/* One field of the canonical serialisation, as a netstring: "LENGTH:BYTES,". Length-prefixed
 * fields cannot be shifted into one another, so no two different entries serialise alike. */
static void hash_field(crypto_generichash_state *st, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(len, sizeof(len), "%zu:", n);
	crypto_generichash_update(st, (const unsigned char *)len, (size_t)k);
	if (n)
		crypto_generichash_update(st, (const unsigned char *)s, n);
	crypto_generichash_update(st, (const unsigned char *)",", 1);
}

void audit_entry_hash(const struct audit_entry *e, char out[AUDIT_HASH_STRLEN])
{
	static const char version[] = "mapo-audit-1";
	unsigned char h[32];
	char at[24];
	crypto_generichash_state st;

	auth_init();
	snprintf(at, sizeof(at), "%lld", (long long)e->at);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	hash_field(&st, version);
	hash_field(&st, e->prev_hash);
	hash_field(&st, at);
	hash_field(&st, e->user);
	hash_field(&st, e->address);
	hash_field(&st, e->action);
	hash_field(&st, e->object_type);
	hash_field(&st, e->object_id);
	hash_field(&st, e->detail);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, AUDIT_HASH_STRLEN, h, sizeof(h));
}

/* A copy of s cut to at most max bytes without splitting a UTF-8 sequence; NULL is "". */
static char *cut(const char *s, size_t max)
{
	if (!s)
		return xstrdup("");
	size_t n = strnlen(s, max + 1);
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

int audit_append_as(store *s, const char *user, const char *address, const char *action,
	const char *object_type, const char *object_id, const char *detail, int64_t *id,
	struct mapo_error *err)
{
	struct audit_entry e;
	int64_t last = 0;
	char last_hash[AUDIT_HASH_STRLEN] = "";

	if (!action || !*action)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("an audit entry needs an action"));
	audit_entry_init(&e);
	e.user = cut(user, USERNAME_MAX);
	e.address = cut(address, ADDRESS_MAX);
	e.action = cut(action, 64);
	e.object_type = cut(object_type, 64);
	e.object_id = cut(object_id, 256);
	e.detail = cut(detail, AUDIT_FIELD_MAX);
	e.at = auth_now();

	int rc = store_begin(s, err);
	if (rc)
		goto out;
	rc = store_audit_last(s, &last, last_hash, err);
	if (!rc) {
		e.id = last + 1;
		memcpy(e.prev_hash, last ? last_hash : genesis, AUDIT_HASH_STRLEN);
		e.prev_hash[AUDIT_HASH_STRLEN - 1] = '\0';
		audit_entry_hash(&e, e.hash);
		rc = store_audit_insert(s, &e, err);
	}
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	if (!rc && id)
		*id = e.id;
out:
	audit_entry_release(&e);
	return rc;
}

int audit_append(store *s, const struct principal *p, const char *action, const char *object_type,
	const char *object_id, const char *detail, int64_t *id, struct mapo_error *err)
{
	return audit_append_as(s, p ? p->username : "", p ? p->address : "", action, object_type,
		object_id, detail, id, err);
}

int audit_list(store *s, const struct audit_filter *f, audit_cb cb, void *arg, struct mapo_error *err)
{
	struct audit_filter any;
	if (!f) {
		audit_filter_init(&any);
		f = &any;
	}
	return store_audit_list(s, f, cb, arg, err);
}

int audit_count(store *s, const struct audit_filter *f, long long *n, struct mapo_error *err)
{
	struct audit_filter any;
	if (!f) {
		audit_filter_init(&any);
		f = &any;
	}
	return store_audit_count(s, f, n, err);
}

/* Walks entries in id order, keeping what the next one must look like. */
static int verify_one(const struct audit_entry *e, void *arg)
{
	struct audit_report *r = arg;
	int64_t want_id = r->last_id + 1;
	const char *want_prev = r->last_id ? r->last_hash : genesis;
	char h[AUDIT_HASH_STRLEN];

	if (e->id != want_id) {
		r->fault = AUDIT_REMOVED;
		r->bad_id = want_id;
		return 1;
	}
	audit_entry_hash(e, h);
	if (sodium_memcmp(h, e->hash, AUDIT_HASH_STRLEN - 1) || strlen(e->hash) != AUDIT_HASH_STRLEN - 1) {
		r->fault = AUDIT_EDITED;
		r->bad_id = e->id;
		return 1;
	}
	if (strcmp(e->prev_hash, want_prev)) {
		r->fault = AUDIT_REORDERED;
		r->bad_id = e->id;
		return 1;
	}
	r->checked++;
	r->last_id = e->id;
	memcpy(r->last_hash, e->hash, AUDIT_HASH_STRLEN);
	return 0;
}

int audit_verify(store *s, struct audit_report *r, struct mapo_error *err)
{
	struct audit_filter f;
	memset(r, 0, sizeof(*r));
	audit_filter_init(&f);
	int rc = store_audit_list(s, &f, verify_one, r, err);
	if (rc > 0) /* verify_one stopped at a fault */
		rc = 0;
	return rc;
}

void audit_fault_message(const struct audit_report *r, char *out, size_t size)
{
	switch (r->fault) {
	case AUDIT_OK:
		snprintf(out, size, Q_("the audit trail is intact: %lld entry checked",
			"the audit trail is intact: %lld entries checked", (unsigned long)r->checked), r->checked);
		break;
	case AUDIT_EDITED:
		snprintf(out, size, _("audit entry %lld was edited: its hash does not match its contents"),
			(long long)r->bad_id);
		break;
	case AUDIT_REMOVED:
		snprintf(out, size, _("audit entry %lld was removed: the entries jump from %lld to a later one"),
			(long long)r->bad_id, (long long)r->last_id);
		break;
	case AUDIT_REORDERED:
		snprintf(out, size,
			_("audit entry %lld is out of order: it does not follow entry %lld (entries were removed, reordered or rewritten)"),
			(long long)r->bad_id, (long long)r->last_id);
		break;
	}
}

void audit_case_changes(const struct mapo_case *a, const struct mapo_case *b, struct buf *out)
{
	const char *sep = "";
	if (a->status != b->status) {
		buf_printf(out, "status: %s -> %s", case_status_code(a->status), case_status_code(b->status));
		sep = "; ";
	}
#define CHANGED(cond, name)                             \
	do {                                            \
		if (cond) {                             \
			buf_printf(out, "%s%s", sep, name); \
			sep = "; ";                     \
		}                                       \
	} while (0)
	CHANGED(a->kind != b->kind, "kind");
	CHANGED(strcmp(a->agency, b->agency), "agency");
	CHANGED(a->action_date != b->action_date, "action_date");
	CHANGED(strcmp(a->state, b->state), "state");
	char *ao = strvec_join(&a->offences, ";"), *bo = strvec_join(&b->offences, ";");
	CHANGED(strcmp(ao, bo), "offences");
	free(ao);
	free(bo);
	ao = strvec_join(&a->forms, ";");
	bo = strvec_join(&b->forms, ";");
	CHANGED(strcmp(ao, bo), "forms");
	free(ao);
	free(bo);
	CHANGED(strcmp(a->related_ref, b->related_ref), "related_case_ref");
	CHANGED(strcmp(a->summary, b->summary), "summary");
#undef CHANGED
}
