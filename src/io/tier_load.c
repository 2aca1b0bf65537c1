/* Reading data/tiers.csv, data/tier_rules.csv and the files of `mapo tier import`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/tier_load.h"
#include "io/csv.h"

enum { PC_COUNTRY, PC_YEAR, PC_PLACEMENT, PC_WAIVER, PC_SOURCE, PC_EXCEPTION };
const char *const tier_load_placement_columns[] = {
	"country", "year", "placement", "waiver", "source", "exception", NULL,
};

enum { RC_FROM, RC_TO, RC_AUTO, RC_YEARS, RC_WAIVERS, RC_ONE_YEAR, RC_SOURCE };
static const char *const rule_columns[] = {
	"from_year", "to_year", "auto_downgrade", "watch_list_years", "max_consecutive_waivers",
	"one_year_after_downgrade", "source", NULL,
};

/* Sets err from the problems appended since first: the first, and how many more. */
static int summarise(const struct strvec *problems, size_t first, int rc, struct mapo_error *err)
{
	size_t more = problems->n - first - 1;
	if (more)
		return mapo_error_set(err, rc, Q_("%s (and %zu more problem)", "%s (and %zu more problems)", more),
			problems->v[first], more);
	return mapo_error_set(err, rc, "%s", problems->v[first]);
}

/* A country and year seen earlier in the file, for the duplicate check. */
struct seen {
	char country[4];
	int year;
	size_t line;
};

/* The reader loop both files share: calls row() for each record that has the header's shape. */
typedef size_t (*row_fn)(const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct strvec *problems, void *arg);

static int read_file(const char *path, const char *const *columns, row_fn row, void *arg,
	struct strvec *problems, struct mapo_error *err)
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
	while ((rc = csv_reader_next(r, &fields, &line, NULL)) == 1) {
		if (!csv_columns_check(&cols, r, &fields, line, out))
			continue;
		row(csv_reader_name(r), line, &cols, &fields, out, arg);
	}
	if (rc < 0)
		csv_reader_problem(r, &cols, out);
	rc = 0;
done:
	if (out->n > first) {
		/* A read error (MAPO_EIO) keeps its code; bad content is MAPO_EINVAL. */
		if (!rc || rc == MAPO_EINVAL)
			rc = MAPO_EINVAL;
		summarise(out, first, rc, err);
	}
out:
	csv_columns_release(&cols);
	csv_reader_free(r);
	strvec_release(&fields);
	strvec_release(&local);
	return rc;
}

struct placements_ctx {
	const struct refdata *rd;
	struct tier_list *out;
	struct seen *seen;
	size_t nseen, alloc;
};

static size_t placement_row(const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct strvec *problems, void *arg)
{
	struct placements_ctx *ctx = arg;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct tier_record r;
	size_t n;

	tier_record_init(&r);
	n = tier_record_parse(&r, csv_columns_get(cols, fields, PC_COUNTRY), csv_columns_get(cols, fields, PC_YEAR),
		csv_columns_get(cols, fields, PC_PLACEMENT), csv_columns_get(cols, fields, PC_WAIVER),
		csv_columns_get(cols, fields, PC_SOURCE), csv_columns_get(cols, fields, PC_EXCEPTION), ctx->rd, &fe);
	for (size_t i = 0; !n && i < ctx->nseen; i++)
		if (!strcmp(ctx->seen[i].country, r.country) && ctx->seen[i].year == r.year) {
			field_errors_add(&fe, "year", _("%s %d is given twice (first on line %zu)"), r.country, r.year,
				ctx->seen[i].line);
			n++;
		}
	for (size_t i = 0; i < fe.n; i++)
		csv_problem(problems, file, line, fe.v[i].field, "%s", fe.v[i].msg);
	if (!n) {
		tier_list_add(ctx->out, &r);
		ALLOC_GROW(ctx->seen, ctx->nseen + 1, ctx->alloc);
		struct seen *s = &ctx->seen[ctx->nseen++];
		snprintf(s->country, sizeof(s->country), "%s", r.country);
		s->year = r.year;
		s->line = line;
	}
	field_errors_release(&fe);
	tier_record_release(&r);
	return n;
}

int tier_load_placements(const char *path, const struct refdata *rd, struct tier_list *out,
	struct strvec *problems, struct mapo_error *err)
{
	struct placements_ctx ctx = {.rd = rd, .out = out};
	int rc = read_file(path, tier_load_placement_columns, placement_row, &ctx, problems, err);
	free(ctx.seen);
	return rc;
}

struct rules_ctx {
	struct tier_rules *out;
};

/* Parses a whole number in [min, max] from column k; false after appending a problem. */
static bool number(const char *file, size_t line, const struct csv_columns *cols, const struct strvec *fields,
	size_t k, long long min, long long max, long long *v, struct strvec *problems)
{
	const char *s = csv_columns_get(cols, fields, k);
	if (!parse_int(s, min, max, v))
		return true;
	csv_problem(problems, file, line, rule_columns[k], _("'%s' is not a whole number from %lld to %lld"), s,
		min, max);
	return false;
}

static size_t rule_row(const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct strvec *problems, void *arg)
{
	struct rules_ctx *ctx = arg;
	long long from = 0, to = 0, autod = 0, years = 0, waivers = 0, one = 0;
	size_t before = problems->n;

	number(file, line, cols, fields, RC_FROM, TIER_YEAR_FIRST, TIER_YEAR_LAST, &from, problems);
	if (*csv_columns_get(cols, fields, RC_TO))
		number(file, line, cols, fields, RC_TO, TIER_YEAR_FIRST, TIER_YEAR_LAST, &to, problems);
	number(file, line, cols, fields, RC_AUTO, 0, 1, &autod, problems);
	number(file, line, cols, fields, RC_YEARS, 1, 100, &years, problems);
	number(file, line, cols, fields, RC_WAIVERS, 0, 100, &waivers, problems);
	number(file, line, cols, fields, RC_ONE_YEAR, 0, 1, &one, problems);
	for (size_t i = 0; i < ctx->out->n && problems->n == before; i++)
		if (ctx->out->v[i].from_year == from)
			csv_problem(problems, file, line, rule_columns[RC_FROM], _("the rules from %lld are given twice"), from);
	if (problems->n > before)
		return problems->n - before;
	struct tier_rule r = {
		.from_year = (int)from,
		.to_year = (int)to,
		.auto_downgrade = autod != 0,
		.watch_list_years = (int)years,
		.max_waivers = (int)waivers,
		.one_year_after_downgrade = one != 0,
		.source = (char *)csv_columns_get(cols, fields, RC_SOURCE),
	};
	tier_rules_add(ctx->out, &r);
	return 0;
}

int tier_load_rules(const char *path, struct tier_rules *out, struct strvec *problems,
	struct mapo_error *err)
{
	struct strvec local = STRVEC_INIT;
	struct strvec *list = problems ? problems : &local;
	struct rules_ctx ctx = {.out = out};
	size_t first = list->n;
	int rc = read_file(path, rule_columns, rule_row, &ctx, list, err);
	if (!rc) {
		struct mapo_error one;
		if (tier_rules_validate(out, &one)) {
			csv_problem(list, path, 0, NULL, "%s", one.msg);
			rc = summarise(list, first, MAPO_EINVAL, err);
		}
	}
	strvec_release(&local);
	return rc;
}
