#include <stdlib.h>
#include <string.h>

#include "io/refload.h"
#include "config.h"
#include "core/case.h"
#include "io/csv.h"
#include "util/util.h"

/* Which field of struct ref_item each column of a file fills. */
enum slot { SLOT_CODE, SLOT_NAME_MS, SLOT_NAME_EN, SLOT_EXTRA };

struct layout {
	const char *columns[5]; /* NULL-terminated */
	enum slot slots[4];
};

static const struct layout layouts[REF__COUNT] = {
	[REF_AGENCY] = {{"code", "name_ms", "name_en", "role", NULL},
		{SLOT_CODE, SLOT_NAME_MS, SLOT_NAME_EN, SLOT_EXTRA}},
	[REF_STATE] = {{"code", "name_ms", "name_en", NULL}, {SLOT_CODE, SLOT_NAME_MS, SLOT_NAME_EN}},
	[REF_COUNTRY] = {{"alpha3", "alpha2", "name_ms", "name_en", NULL},
		{SLOT_CODE, SLOT_EXTRA, SLOT_NAME_MS, SLOT_NAME_EN}},
	[REF_OFFENCE] = {{"section", "kind", "title_ms", "title_en", NULL},
		{SLOT_CODE, SLOT_EXTRA, SLOT_NAME_MS, SLOT_NAME_EN}},
	[REF_FORM] = {{"code", "name_ms", "name_en", NULL}, {SLOT_CODE, SLOT_NAME_MS, SLOT_NAME_EN}},
};

static const char *const agency_roles[] = {"enforcement", "prosecution", "protection", NULL};

const char *refload_datadir(void)
{
	const char *dir = getenv("MAPO_DATADIR");
	return dir && *dir ? dir : MAPO_DATADIR;
}

static bool capitals(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* A code seen earlier in the same file, for the duplicate check. */
struct seen {
	char *code;
	size_t line;
};

/* Checks one row; returns the number of problems appended. */
static size_t check_row(enum ref_kind kind, const char *file, size_t line, const char *const *col,
	const char *const *val, struct seen *seen, size_t nseen, struct strvec *problems)
{
	const struct layout *lay = &layouts[kind];
	size_t count = 0;

#define PROBLEM(column, ...) \
	do { \
		csv_problem(problems, file, line, (column), __VA_ARGS__); \
		count++; \
	} while (0)
	for (size_t i = 0; lay->columns[i]; i++) {
		const char *v = val[i];
		switch (lay->slots[i]) {
		case SLOT_CODE:
			if (!*v)
				PROBLEM(col[i], "%s", _("empty code"));
			else if ((kind == REF_AGENCY || kind == REF_STATE) && strlen(v) >= CODE_MAX)
				PROBLEM(col[i], _("code '%s' is longer than %d characters"), v, CODE_MAX - 1);
			else if (strchr(v, ';') || strchr(v, ',') || strchr(v, '\n') || strchr(v, '\r'))
				PROBLEM(col[i], _("code '%s' holds a separator (';', ',' or a line break)"), v);
			else if (kind == REF_COUNTRY && !capitals(v, 3))
				PROBLEM(col[i], _("'%s' is not an ISO 3166-1 alpha-3 code (3 capital letters)"), v);
			for (size_t j = 0; *v && j < nseen; j++)
				if (!strcmp(seen[j].code, v)) {
					PROBLEM(col[i], _("code '%s' is given twice (first on line %zu)"), v, seen[j].line);
					break;
				}
			break;
		case SLOT_NAME_MS:
		case SLOT_NAME_EN:
			if (!*v)
				PROBLEM(col[i], "%s", _("empty name"));
			break;
		case SLOT_EXTRA:
			if (kind == REF_OFFENCE && strcmp(v, "TIP") && strcmp(v, "SOM"))
				PROBLEM(col[i], _("offence kind '%s' is not TIP or SOM"), v);
			else if (kind == REF_AGENCY && !in_list(agency_roles, v))
				PROBLEM(col[i], _("agency role '%s' is not enforcement, prosecution or protection"), v);
			else if (kind == REF_COUNTRY && !capitals(v, 2))
				PROBLEM(col[i], _("'%s' is not an ISO 3166-1 alpha-2 code (2 capital letters)"), v);
			break;
		}
	}
#undef PROBLEM
	return count;
}

int refload_file(struct refdata *rd, enum ref_kind kind, const char *path, struct strvec *problems,
	struct mapo_error *err)
{
	const struct layout *lay = &layouts[kind];
	struct strvec local = STRVEC_INIT, fields = STRVEC_INIT;
	struct strvec *out = problems ? problems : &local;
	size_t first = out->n, nseen = 0, seen_alloc = 0, line = 0;
	struct csv_columns cols = {0};
	struct csv_reader *r = NULL;
	struct seen *seen = NULL;
	bool bad = false;
	int rc;

	rc = csv_reader_open(&r, path, err);
	if (rc)
		goto out;
	rc = csv_columns_read(&cols, r, lay->columns, out);
	if (rc) {
		bad = true;
		goto done;
	}

	while ((rc = csv_reader_next(r, &fields, &line, NULL)) == 1) {
		const char *val[4], *col[4];
		if (!csv_columns_check(&cols, r, &fields, line, out)) {
			bad = true;
			continue;
		}
		for (size_t i = 0; lay->columns[i]; i++) {
			val[i] = csv_columns_get(&cols, &fields, i);
			col[i] = lay->columns[i];
		}
		if (check_row(kind, path, line, col, val, seen, nseen, out)) {
			bad = true;
			continue;
		}
		const char *slot[4] = {"", "", "", ""};
		for (size_t i = 0; lay->columns[i]; i++)
			slot[lay->slots[i]] = val[i];
		refdata_add(rd, kind, slot[SLOT_CODE], slot[SLOT_NAME_MS], slot[SLOT_NAME_EN], slot[SLOT_EXTRA]);
		ALLOC_GROW(seen, nseen + 1, seen_alloc);
		seen[nseen].code = xstrdup(slot[SLOT_CODE]);
		seen[nseen].line = line;
		nseen++;
	}
	if (rc < 0) {
		csv_reader_problem(r, &cols, out);
		bad = true;
	}
	rc = 0;
done:
	if (bad || out->n > first) {
		/* A read error (MAPO_EIO) keeps its code; bad content is MAPO_EINVAL. */
		if (!rc || rc == MAPO_EINVAL)
			rc = MAPO_EINVAL;
		size_t more = out->n - first - 1;
		if (more)
			mapo_error_set(err, rc, Q_("%s (and %zu more problem)", "%s (and %zu more problems)", more),
				out->v[first], more);
		else
			mapo_error_set(err, rc, "%s", out->v[first]);
	}
out:
	for (size_t i = 0; i < nseen; i++)
		free(seen[i].code);
	free(seen);
	csv_columns_release(&cols);
	csv_reader_free(r);
	strvec_release(&fields);
	strvec_release(&local);
	return rc;
}

int refload_dir(struct refdata *rd, const char *dir, struct strvec *problems, struct mapo_error *err)
{
	struct strvec local = STRVEC_INIT;
	struct strvec *out = problems ? problems : &local;
	size_t first = out->n;
	int rc = 0;

	if (!dir)
		dir = refload_datadir();
	for (int k = 0; k < REF__COUNT; k++) {
		struct mapo_error one;
		size_t before = out->n;
		char *path = xasprintf("%s/%s", dir, ref_kind_file((enum ref_kind)k));
		int one_rc = refload_file(rd, (enum ref_kind)k, path, out, &one);
		free(path);
		/* A file that cannot be opened has no problem listed yet: its message becomes one. */
		if (one_rc && out->n == before)
			strvec_push(out, one.msg);
		if (one_rc && !rc)
			rc = one_rc;
	}
	if (rc) {
		size_t more = out->n - first - 1;
		if (more)
			mapo_error_set(err, rc, Q_("%s (and %zu more problem)", "%s (and %zu more problems)", more),
				out->v[first], more);
		else
			mapo_error_set(err, rc, "%s", out->v[first]);
	}
	strvec_release(&local);
	return rc;
}
