/* Reading data/orders.csv, data/indicators.csv and data/health_checks.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/protection_load.h"

enum { OC_KIND, OC_SECTION, OC_DURATION, OC_UNIT, OC_FOLLOWS, OC_NAME_MS, OC_NAME_EN };
static const char *const order_columns[] = {
	"kind", "section", "duration", "unit", "follows", "name_ms", "name_en", NULL,
};

enum { IC_CODE, IC_FIELD, IC_NAME_MS, IC_NAME_EN };
static const char *const indicator_columns[] = {"code", "htcds_field", "name_ms", "name_en", NULL};

typedef void (*row_fn)(const char *file, size_t line, const struct csv_columns *cols, const struct strvec *fields,
	struct strvec *problems, void *arg);

/* Reads path's records through row(), then sets err from the first new problem. */
static int read_file(const char *path, const char *const *columns, row_fn row, void *arg, struct strvec *problems,
	struct mapo_error *err)
{
	struct strvec local = STRVEC_INIT, fields = STRVEC_INIT;
	struct strvec *out = problems ? problems : &local;
	struct csv_columns cols = {0};
	struct csv_reader *r = NULL;
	size_t first = out->n, line = 0;
	int rc;

	if ((rc = csv_reader_open(&r, path, err)))
		goto out;
	if ((rc = csv_columns_read(&cols, r, columns, out)))
		goto done;
	while ((rc = csv_reader_next(r, &fields, &line, NULL)) == 1)
		if (csv_columns_check(&cols, r, &fields, line, out))
			row(csv_reader_name(r), line, &cols, &fields, out, arg);
	if (rc < 0)
		csv_reader_problem(r, &cols, out);
	rc = 0;
done:
	if (out->n > first) {
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
	csv_columns_release(&cols);
	csv_reader_free(r);
	strvec_release(&fields);
	strvec_release(&local);
	return rc;
}

struct orders_ctx {
	struct order_kinds *out;
	struct strvec follows_lines; /* "LINE\tKIND" of each follows entry, checked at the end */
};

static void order_row(const char *file, size_t line, const struct csv_columns *cols, const struct strvec *fields,
	struct strvec *problems, void *arg)
{
	struct orders_ctx *ctx = arg;
	struct order_kind k;
	const char *kind = csv_columns_get(cols, fields, OC_KIND);
	const char *section = csv_columns_get(cols, fields, OC_SECTION);
	const char *unit = csv_columns_get(cols, fields, OC_UNIT);
	long long duration = 0;
	size_t before = problems->n;

	memset(&k, 0, sizeof(k));
	strvec_init(&k.follows);
	if (!*kind || strlen(kind) >= CODE_MAX)
		csv_problem(problems, file, line, "kind", _("a kind of 1 to %d bytes is needed"), CODE_MAX - 1);
	else if (order_kinds_find(ctx->out, kind))
		csv_problem(problems, file, line, "kind", _("kind '%s' is given twice"), kind);
	if (!*section || strlen(section) >= CODE_MAX)
		csv_problem(problems, file, line, "section", _("a section of 1 to %d bytes is needed"), CODE_MAX - 1);
	const char *duration_s = csv_columns_get(cols, fields, OC_DURATION);
	/* Both empty: the Act sets no maximum (s.54(3) "for such further period as the Magistrate
	 * thinks fit"); each order of the kind then carries the court's end date. */
	bool no_maximum = !*duration_s && !*unit;
	if (!no_maximum && !*duration_s)
		csv_problem(problems, file, line, "duration", "%s",
			_("the duration is missing (leave the unit empty too when the Act sets no maximum)"));
	else if (!no_maximum && parse_int(duration_s, 1, 1000, &duration))
		csv_problem(problems, file, line, "duration", _("'%s' is not a whole number from 1 to 1000"), duration_s);
	if (!no_maximum && !*unit)
		csv_problem(problems, file, line, "unit", "%s",
			_("the unit is missing: days or months (leave the duration empty too when the Act sets no maximum)"));
	else if (!no_maximum && strcmp(unit, "days") && strcmp(unit, "months"))
		csv_problem(problems, file, line, "unit", _("unknown unit '%s': days or months"), unit);
	if (!*csv_columns_get(cols, fields, OC_NAME_MS))
		csv_problem(problems, file, line, "name_ms", "%s", _("the name is missing"));
	if (!*csv_columns_get(cols, fields, OC_NAME_EN))
		csv_problem(problems, file, line, "name_en", "%s", _("the name is missing"));
	strvec_split(&k.follows, csv_columns_get(cols, fields, OC_FOLLOWS), ';');
	if (problems->n == before) {
		snprintf(k.kind, sizeof(k.kind), "%s", kind);
		snprintf(k.section, sizeof(k.section), "%s", section);
		k.duration = (int)duration; /* 0: no maximum */
		k.months = !strcmp(unit, "months");
		k.name_ms = (char *)csv_columns_get(cols, fields, OC_NAME_MS);
		k.name_en = (char *)csv_columns_get(cols, fields, OC_NAME_EN);
		order_kinds_add(ctx->out, &k);
		for (size_t i = 0; i < k.follows.n; i++)
			strvec_pushf(&ctx->follows_lines, "%s\t%zu\t%s", file, line, k.follows.v[i]);
	}
	strvec_release(&k.follows);
}

int protection_load_orders(const char *path, struct order_kinds *out, struct strvec *problems,
	struct mapo_error *err)
{
	struct strvec local = STRVEC_INIT;
	struct strvec *probs = problems ? problems : &local;
	struct orders_ctx ctx = {out, STRVEC_INIT};
	size_t first = probs->n;
	int rc = read_file(path, order_columns, order_row, &ctx, probs, err);
	if (!rc || rc == MAPO_EINVAL) {
		for (size_t i = 0; i < ctx.follows_lines.n; i++) {
			char *file = xstrdup(ctx.follows_lines.v[i]);
			char *tab1 = strchr(file, '\t'), *tab2 = strchr(tab1 + 1, '\t');
			*tab1 = *tab2 = '\0';
			long long line = 0;
			parse_int(tab1 + 1, 0, 1LL << 40, &line);
			if (!order_kinds_find(out, tab2 + 1))
				csv_problem(probs, file, (size_t)line, "follows", _("unknown order kind '%s'"), tab2 + 1);
			free(file);
		}
		size_t more = probs->n > first ? probs->n - first - 1 : 0;
		if (more)
			rc = mapo_error_set(err, MAPO_EINVAL,
				Q_("%s (and %zu more problem)", "%s (and %zu more problems)", more), probs->v[first], more);
		else if (probs->n > first)
			rc = mapo_error_set(err, MAPO_EINVAL, "%s", probs->v[first]);
	}
	strvec_release(&ctx.follows_lines);
	strvec_release(&local);
	return rc;
}

static bool code_ok(const char *s)
{
	if (!*s || strlen(s) >= sizeof(((struct indicator *)0)->code))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

static void indicator_row(const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct strvec *problems, void *arg)
{
	struct indicator_list *out = arg;
	struct indicator it;
	const char *code = csv_columns_get(cols, fields, IC_CODE);
	const char *field = csv_columns_get(cols, fields, IC_FIELD);
	size_t before = problems->n;

	memset(&it, 0, sizeof(it));
	if (!code_ok(code))
		csv_problem(problems, file, line, "code", _("'%s' is not a code (lowercase letters, digits, '-')"), code);
	else if (indicator_list_find(out, code))
		csv_problem(problems, file, line, "code", _("code '%s' is given twice"), code);
	if (!*field || strlen(field) >= sizeof(it.htcds_field))
		csv_problem(problems, file, line, "htcds_field", "%s", _("the HTCDS field is missing or too long"));
	if (!*csv_columns_get(cols, fields, IC_NAME_MS))
		csv_problem(problems, file, line, "name_ms", "%s", _("the name is missing"));
	if (!*csv_columns_get(cols, fields, IC_NAME_EN))
		csv_problem(problems, file, line, "name_en", "%s", _("the name is missing"));
	if (problems->n != before)
		return;
	snprintf(it.code, sizeof(it.code), "%s", code);
	snprintf(it.htcds_field, sizeof(it.htcds_field), "%s", field);
	it.name_ms = (char *)csv_columns_get(cols, fields, IC_NAME_MS);
	it.name_en = (char *)csv_columns_get(cols, fields, IC_NAME_EN);
	indicator_list_add(out, &it);
}

int protection_load_indicators(const char *path, struct indicator_list *out, struct strvec *problems,
	struct mapo_error *err)
{
	return read_file(path, indicator_columns, indicator_row, out, problems, err);
}

enum { HC_CODE, HC_NAME_MS, HC_NAME_EN };
static const char *const health_columns[] = {"code", "name_ms", "name_en", NULL};

static void health_row(const char *file, size_t line, const struct csv_columns *cols, const struct strvec *fields,
	struct strvec *problems, void *arg)
{
	struct health_check_list *out = arg;
	struct health_check c;
	const char *code = csv_columns_get(cols, fields, HC_CODE);
	size_t before = problems->n;

	memset(&c, 0, sizeof(c));
	if (!code_ok(code) || strlen(code) >= sizeof(c.code))
		csv_problem(problems, file, line, "code", _("'%s' is not a code (lowercase letters, digits, '-')"), code);
	else if (health_check_list_find(out, code))
		csv_problem(problems, file, line, "code", _("code '%s' is given twice"), code);
	if (!*csv_columns_get(cols, fields, HC_NAME_MS))
		csv_problem(problems, file, line, "name_ms", "%s", _("the name is missing"));
	if (!*csv_columns_get(cols, fields, HC_NAME_EN))
		csv_problem(problems, file, line, "name_en", "%s", _("the name is missing"));
	if (problems->n != before)
		return;
	snprintf(c.code, sizeof(c.code), "%s", code);
	c.name_ms = (char *)csv_columns_get(cols, fields, HC_NAME_MS);
	c.name_en = (char *)csv_columns_get(cols, fields, HC_NAME_EN);
	health_check_list_add(out, &c);
}

int protection_load_health_checks(const char *path, struct health_check_list *out, struct strvec *problems,
	struct mapo_error *err)
{
	return read_file(path, health_columns, health_row, out, problems, err);
}
