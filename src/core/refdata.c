/* Reference data kept as one sorted array per kind, searched with bsearch. */
#include <stdlib.h>
#include <string.h>

#include "core/refdata.h"
#include "core/case.h"
#include "store/store.h"

void refdata_init(struct refdata *rd) { memset(rd, 0, sizeof(*rd)); }

static void item_release(struct ref_item *it)
{
	free(it->code);
	free(it->name_ms);
	free(it->name_en);
	free(it->extra);
}

void refdata_release(struct refdata *rd)
{
	for (int k = 0; k < REF__COUNT; k++) {
		for (size_t i = 0; i < rd->n[k]; i++)
			item_release(&rd->items[k][i]);
		free(rd->items[k]);
	}
	refdata_init(rd);
}

/* The index of code in kind's array, or where it would go (with *found false). */
static size_t position(const struct refdata *rd, enum ref_kind kind, const char *code, bool *found)
{
	size_t lo = 0, hi = rd->n[kind];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rd->items[kind][mid].code, code);
		if (cmp == 0) {
			*found = true;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

void refdata_add(struct refdata *rd, enum ref_kind kind, const char *code, const char *name_ms,
	const char *name_en, const char *extra)
{
	struct ref_item it = {
		.code = xstrdup(code ? code : ""),
		.name_ms = xstrdup(name_ms ? name_ms : ""),
		.name_en = xstrdup(name_en ? name_en : ""),
		.extra = xstrdup(extra ? extra : ""),
	};
	bool found;
	size_t at = position(rd, kind, it.code, &found);
	if (found) {
		item_release(&rd->items[kind][at]);
		rd->items[kind][at] = it;
		return;
	}
	ALLOC_GROW(rd->items[kind], rd->n[kind] + 1, rd->alloc[kind]);
	memmove(&rd->items[kind][at + 1], &rd->items[kind][at], (rd->n[kind] - at) * sizeof(it));
	rd->items[kind][at] = it;
	rd->n[kind]++;
}

static int compare_code(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct ref_item *)elem)->code);
}

const struct ref_item *refdata_find(const struct refdata *rd, enum ref_kind kind, const char *code)
{
	if (!rd || !code || kind < 0 || kind >= REF__COUNT || !rd->n[kind])
		return NULL;
	return bsearch(code, rd->items[kind], rd->n[kind], sizeof(struct ref_item), compare_code);
}

const char *refdata_name(const struct refdata *rd, enum ref_kind kind, const char *code, enum mapo_lang lang)
{
	const struct ref_item *it = refdata_find(rd, kind, code);
	if (!it)
		return code;
	const char *first = lang == LANG_MS ? it->name_ms : it->name_en;
	const char *second = lang == LANG_MS ? it->name_en : it->name_ms;
	return *first ? first : *second ? second : it->code;
}

static const char *const kind_files[REF__COUNT] = {"agencies.csv", "states.csv", "countries.csv",
	"offences.csv", "forms.csv"};
static const char *const kind_names[REF__COUNT] = {"agency", "state", "country", "offence", "form"};

const char *ref_kind_file(enum ref_kind kind)
{
	return kind >= 0 && kind < REF__COUNT ? kind_files[kind] : "";
}

const char *ref_kind_name(enum ref_kind kind)
{
	return kind >= 0 && kind < REF__COUNT ? kind_names[kind] : "";
}

/* The longest code of a kind: agencies and states live in CODE_MAX fields of struct mapo_case;
 * sections and forms in string lists (countries are checked as alpha-3 on their own). */
static size_t code_max(enum ref_kind kind)
{
	return kind == REF_AGENCY || kind == REF_STATE ? CODE_MAX - 1 : 64;
}

/* A code goes into case references (AGENCY/...), fields and ';'-separated lists, so it is short,
 * printable ASCII, and free of the characters those use. */
static bool code_ok(const char *code, size_t max)
{
	size_t len = strlen(code);
	if (len == 0 || len > max)
		return false;
	for (const char *p = code; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '/' || *p == ';' || *p == ',' || *p == '"')
			return false;
	return true;
}

static bool upper_letters(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

static int check_item(enum ref_kind kind, const struct ref_item *it, const struct ref_item *prev,
	struct mapo_error *err)
{
	const char *what = ref_kind_name(kind);
	if (!code_ok(it->code, code_max(kind)))
		return mapo_error_set(err, MAPO_EINVAL,
			_("%s: code '%s' must be 1 to %d printable characters without spaces, '/', ';', ',' or quotes"),
			ref_kind_file(kind), it->code, (int)code_max(kind));
	if (prev && strcmp(prev->code, it->code) >= 0)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: code '%s' is listed twice or out of order"),
			ref_kind_file(kind), it->code);
	if (!*it->name_ms || !*it->name_en)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: %s '%s' needs both a Malay and an English name"),
			ref_kind_file(kind), what, it->code);
	if (!utf8_valid(it->name_ms, strlen(it->name_ms)) || !utf8_valid(it->name_en, strlen(it->name_en)))
		return mapo_error_set(err, MAPO_EINVAL, _("%s: %s '%s': a name is not valid UTF-8"),
			ref_kind_file(kind), what, it->code);
	switch (kind) {
	case REF_OFFENCE:
		if (strcmp(it->extra, "TIP") && strcmp(it->extra, "SOM"))
			return mapo_error_set(err, MAPO_EINVAL, _("%s: section '%s': kind must be TIP or SOM, not '%s'"),
				ref_kind_file(kind), it->code, it->extra);
		break;
	case REF_COUNTRY:
		if (!upper_letters(it->code, 3))
			return mapo_error_set(err, MAPO_EINVAL,
				_("%s: country '%s': the code must be three capital letters (ISO 3166-1 alpha-3)"),
				ref_kind_file(kind), it->code);
		if (*it->extra && !upper_letters(it->extra, 2))
			return mapo_error_set(err, MAPO_EINVAL,
				_("%s: country '%s': alpha-2 code '%s' must be two capital letters"), ref_kind_file(kind),
				it->code, it->extra);
		break;
	case REF_AGENCY:
		if (strcmp(it->extra, "enforcement") && strcmp(it->extra, "prosecution") &&
			strcmp(it->extra, "protection"))
			return mapo_error_set(err, MAPO_EINVAL,
				_("%s: agency '%s': role must be enforcement, prosecution or protection, not '%s'"),
				ref_kind_file(kind), it->code, it->extra);
		break;
	default:
		break;
	}
	return 0;
}

int refdata_install(store *s, const struct refdata *rd, struct mapo_error *err)
{
	int rc = 0;
	for (int k = 0; k < REF__COUNT; k++) {
		if (!rd->n[k])
			return mapo_error_set(err, MAPO_EINVAL, _("%s: no %s listed"), ref_kind_file((enum ref_kind)k),
				ref_kind_name((enum ref_kind)k));
		for (size_t i = 0; i < rd->n[k]; i++) {
			rc = check_item((enum ref_kind)k, &rd->items[k][i], i ? &rd->items[k][i - 1] : NULL, err);
			if (rc)
				return rc;
		}
	}
	rc = store_begin(s, err);
	if (rc)
		return rc;
	for (int k = 0; k < REF__COUNT; k++) {
		rc = store_ref_replace(s, (enum ref_kind)k, rd->items[k], rd->n[k], err);
		if (rc)
			goto out;
	}
	rc = store_commit(s, err);
out:
	if (rc)
		store_rollback(s);
	return rc;
}

int refdata_load(store *s, struct refdata *rd, struct mapo_error *err)
{
	return store_ref_load(s, rd, err);
}
