/* The demo plan's files: periods.csv and weights.csv, read with the CSV reader into the core's
 * struct demo_plan, which checks the values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/demo_plan.h"
#include "io/csv.h"

#define MAX_COLUMNS 8

struct table {
	const char *const *columns; /* the expected names */
	size_t ncolumns;
	size_t index[MAX_COLUMNS];  /* column i of `columns` is field index[i] of a record */
	size_t nfields;             /* the header's, which every record must have */
};

/* Maps the header row onto the expected columns: each exactly once, nothing else. */
static int read_header(struct csv_reader *r, struct table *t, struct mapo_error *err)
{
	struct strvec fields = STRVEC_INIT;
	size_t line = 0;
	int rc = csv_reader_next(r, &fields, &line, err);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s: empty file, expected a header row"), csv_reader_name(r));
		goto out;
	}
	rc = 0;
	bool seen[MAX_COLUMNS] = {false};
	for (size_t f = 0; f < fields.n; f++) {
		size_t c = 0;
		while (c < t->ncolumns && strcmp(fields.v[f], t->columns[c]))
			c++;
		if (c == t->ncolumns) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: unknown column '%s'"), csv_reader_name(r), line,
				fields.v[f]);
			goto out;
		}
		if (seen[c]) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: column '%s' is given twice"), csv_reader_name(r),
				line, fields.v[f]);
			goto out;
		}
		seen[c] = true;
		t->index[c] = f;
	}
	for (size_t c = 0; c < t->ncolumns; c++)
		if (!seen[c]) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: missing column '%s'"), csv_reader_name(r), line,
				t->columns[c]);
			goto out;
		}
	t->nfields = fields.n;
out:
	strvec_release(&fields);
	return rc;
}

static const char *const period_columns[] = {"start", "end", "kind", "cases", "arrests", "victims",
	"forced_labour"};
static const char *const weight_columns[] = {"dimension", "code", "weight"};

static int bad(struct csv_reader *r, size_t line, const char *column, const char *what, const char *value,
	struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: column '%s': %s '%s'"), csv_reader_name(r), line,
		column, what, value);
}

static int period_row(struct demo_plan *plan, struct csv_reader *r, const struct table *t,
	const struct strvec *f, size_t line, struct mapo_error *err)
{
	struct demo_period p;
	const char *v[7];
	for (size_t c = 0; c < 7; c++)
		v[c] = f->v[t->index[c]];
	if (date_parse(v[0], &p.start))
		return bad(r, line, "start", _("not a date (YYYY-MM-DD)"), v[0], err);
	if (date_parse(v[1], &p.end))
		return bad(r, line, "end", _("not a date (YYYY-MM-DD)"), v[1], err);
	p.kind = case_kind_parse(v[2]);
	if (p.kind == KIND_NONE)
		return bad(r, line, "kind", _("not TIP or SOM"), v[2], err);
	long long *counts[] = {&p.cases, &p.arrests, &p.victims, &p.forced_labour};
	for (size_t c = 0; c < 4; c++)
		if (parse_int(v[3 + c], 0, 1000000000LL, counts[c]))
			return bad(r, line, period_columns[3 + c], _("not a count from 0 to 1000000000"), v[3 + c], err);
	struct mapo_error why;
	mapo_error_clear(&why);
	int rc = demo_plan_add_period(plan, &p, &why);
	if (rc)
		return mapo_error_set(err, rc, "%s:%zu: %s", csv_reader_name(r), line, why.msg);
	return 0;
}

static int weight_row(struct demo_plan *plan, struct csv_reader *r, const struct table *t,
	const struct strvec *f, size_t line, struct mapo_error *err)
{
	const char *dim = f->v[t->index[0]], *code = f->v[t->index[1]], *text = f->v[t->index[2]];
	char *end;
	errno = 0;
	double weight = strtod(text, &end);
	if (!*text || *end || errno)
		return bad(r, line, "weight", _("not a number"), text, err);
	struct mapo_error why;
	mapo_error_clear(&why);
	int rc = demo_plan_add_weight(plan, dim, code, weight, &why);
	if (rc)
		return mapo_error_set(err, rc, "%s:%zu: %s", csv_reader_name(r), line, why.msg);
	return 0;
}

typedef int (*row_fn)(struct demo_plan *plan, struct csv_reader *r, const struct table *t,
	const struct strvec *fields, size_t line, struct mapo_error *err);

static int read_file(struct demo_plan *plan, struct csv_reader *r, struct table *t, row_fn row,
	struct mapo_error *err)
{
	struct strvec fields = STRVEC_INIT;
	size_t line = 0;
	int rc = read_header(r, t, err);
	while (!rc) {
		rc = csv_reader_next(r, &fields, &line, err);
		if (rc <= 0)
			break;
		if (fields.n != t->nfields) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: %zu fields where the header has %zu"),
				csv_reader_name(r), line, fields.n, t->nfields);
			break;
		}
		rc = row(plan, r, t, &fields, line, err);
	}
	strvec_release(&fields);
	return rc;
}

static int read_both(struct demo_plan *plan, struct csv_reader *periods, struct csv_reader *weights,
	struct mapo_error *err)
{
	struct table pt = {period_columns, sizeof(period_columns) / sizeof(period_columns[0]), {0}, 0};
	struct table wt = {weight_columns, sizeof(weight_columns) / sizeof(weight_columns[0]), {0}, 0};
	int rc = read_file(plan, periods, &pt, period_row, err);
	if (!rc)
		rc = read_file(plan, weights, &wt, weight_row, err);
	if (!rc)
		rc = demo_plan_check(plan, err);
	return rc;
}

int demo_plan_read(struct demo_plan *plan, const char *dir, struct mapo_error *err)
{
	struct csv_reader *periods = NULL, *weights = NULL;
	char *ppath = xasprintf("%s/periods.csv", dir), *wpath = xasprintf("%s/weights.csv", dir);
	int rc = csv_reader_open(&periods, ppath, err);
	if (!rc)
		rc = csv_reader_open(&weights, wpath, err);
	if (!rc)
		rc = read_both(plan, periods, weights, err);
	csv_reader_free(periods);
	csv_reader_free(weights);
	free(ppath);
	free(wpath);
	return rc;
}

int demo_plan_read_mem(struct demo_plan *plan, const char *periods_csv, const char *weights_csv,
	struct mapo_error *err)
{
	struct csv_reader *periods = NULL, *weights = NULL;
	int rc = csv_reader_open_mem(&periods, "periods.csv", periods_csv, strlen(periods_csv), err);
	if (!rc)
		rc = csv_reader_open_mem(&weights, "weights.csv", weights_csv, strlen(weights_csv), err);
	if (!rc)
		rc = read_both(plan, periods, weights, err);
	csv_reader_free(periods);
	csv_reader_free(weights);
	return rc;
}
