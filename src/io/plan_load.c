/* Plans, recommendations and guidelines from CSV files or XLSX sheets. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/plan_load.h"
#include "util/util.h"

void sheet_init(struct sheet *sh)
{
	memset(sh, 0, sizeof(*sh));
	xlsx_rows_init(&sh->rows);
}

void sheet_release(struct sheet *sh)
{
	free(sh->file);
	free(sh->sheet);
	xlsx_rows_release(&sh->rows);
	sheet_init(sh);
}

void sheet_problem(struct strvec *problems, const struct sheet *sh, size_t row, const char *column,
	const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	if (sh->sheet)
		buf_printf(&b, "%s:%s:%zu: ", sh->file, sh->sheet, row);
	else
		buf_printf(&b, "%s:%zu: ", sh->file, row);
	if (column)
		buf_printf(&b, "%s: ", column);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	strvec_push(problems, buf_str(&b));
	buf_release(&b);
}

static int read_csv(struct sheet *out, struct csv_reader *r, struct strvec *problems, struct mapo_error *err)
{
	struct strvec fields = STRVEC_INIT;
	size_t line;
	int rc;
	while ((rc = csv_reader_next(r, &fields, &line, err)) == 1) {
		ALLOC_GROW(out->rows.v, out->rows.n + 1, out->rows.alloc);
		struct xlsx_row *row = &out->rows.v[out->rows.n++];
		row->number = line;
		strvec_init(&row->cells);
		strvec_copy(&row->cells, &fields);
	}
	strvec_release(&fields);
	if (rc < 0 && rc != MAPO_EIO) {
		csv_reader_problem(r, NULL, problems);
		return mapo_error_set(err, rc, "%s", problems->n ? problems->v[problems->n - 1] : "");
	}
	return rc;
}

static bool looks_zip(const void *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\3\4", 4);
}

static int read_xlsx(struct sheet *out, xlsx_book *b, const char *sheet_name, struct mapo_error *err)
{
	int rc = xlsx_read_sheet(b, sheet_name, &out->rows, err);
	if (!rc)
		out->sheet = xstrdup(sheet_name ? sheet_name : xlsx_sheet_name(b, 0));
	return rc;
}

int sheet_read(struct sheet *out, const char *path, const char *sheet_name, struct strvec *problems,
	struct mapo_error *err)
{
	unsigned char magic[4] = {0};
	size_t got = 0;
	int rc;
	sheet_release(out);
	out->file = xstrdup(path);
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : NULL;
	if (f) {
		got = fread(magic, 1, sizeof(magic), f);
		fclose(f);
	} else if (strcmp(path, "-")) {
		return mapo_error_set(err, MAPO_EIO, _("cannot read '%s': %s"), path, strerror(errno));
	}
	if (looks_zip(magic, got)) {
		xlsx_book *b;
		if ((rc = xlsx_open(&b, path, err)))
			return rc;
		rc = read_xlsx(out, b, sheet_name, err);
		xlsx_free(b);
		return rc;
	}
	if (sheet_name)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: a CSV file has no sheets"), path);
	struct csv_reader *r;
	if ((rc = csv_reader_open(&r, path, err)))
		return rc;
	rc = read_csv(out, r, problems, err);
	csv_reader_free(r);
	return rc;
}

int sheet_read_mem(struct sheet *out, const char *name, const void *data, size_t len, const char *sheet_name,
	struct strvec *problems, struct mapo_error *err)
{
	int rc;
	sheet_release(out);
	out->file = xstrdup(name);
	if (looks_zip(data, len)) {
		xlsx_book *b;
		if ((rc = xlsx_open_mem(&b, name, data, len, err)))
			return rc;
		rc = read_xlsx(out, b, sheet_name, err);
		xlsx_free(b);
		return rc;
	}
	if (sheet_name)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: a CSV file has no sheets"), name);
	struct csv_reader *r;
	if ((rc = csv_reader_open_mem(&r, name, data, len, err)))
		return rc;
	rc = read_csv(out, r, problems, err);
	csv_reader_free(r);
	return rc;
}

int plan_parse_number(const char *s, double *out)
{
	char *end;
	if (!s || !*s || !((*s >= '0' && *s <= '9') || *s == '.'))
		return MAPO_EINVAL;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0)
		return MAPO_EINVAL;
	*out = v;
	return 0;
}

/* ---- the header --------------------------------------------------------------------------- */

/* Where each known column is (SIZE_MAX when absent), and the target_YYYY columns. */
struct header {
	const char *const *known;
	size_t nknown;
	size_t pos[24];
	int years[PLAN_YEARS_MAX + 8];
	size_t year_pos[PLAN_YEARS_MAX + 8];
	size_t nyears;
	size_t ncols;
};

/* Reads the header row: every known column once (required ones must be there), target_YYYY
 * columns when allow_targets, nothing else. */
static int header_read(struct header *h, const struct sheet *sh, const char *const *known, size_t nrequired,
	bool allow_targets, struct strvec *problems)
{
	size_t before = problems->n;
	memset(h, 0, sizeof(*h));
	h->known = known;
	while (known[h->nknown])
		h->nknown++;
	for (size_t k = 0; k < h->nknown; k++)
		h->pos[k] = SIZE_MAX;
	if (!sh->rows.n) {
		sheet_problem(problems, sh, 1, NULL, _("the file is empty: a header row is expected"));
		return MAPO_EINVAL;
	}
	const struct xlsx_row *row = &sh->rows.v[0];
	h->ncols = row->cells.n;
	for (size_t i = 0; i < row->cells.n; i++) {
		const char *name = row->cells.v[i];
		size_t k = 0;
		while (k < h->nknown && strcmp(known[k], name))
			k++;
		if (k < h->nknown) {
			if (h->pos[k] != SIZE_MAX)
				sheet_problem(problems, sh, row->number, name, _("the column is given twice"));
			h->pos[k] = i;
			continue;
		}
		long long year;
		if (allow_targets && !strncmp(name, "target_", 7) && !parse_int(name + 7, 1900, 9999, &year)) {
			if (h->nyears >= sizeof(h->years) / sizeof(h->years[0])) {
				sheet_problem(problems, sh, row->number, name, _("too many target columns"));
				continue;
			}
			for (size_t j = 0; j < h->nyears; j++)
				if (h->years[j] == year)
					sheet_problem(problems, sh, row->number, name, _("the column is given twice"));
			h->years[h->nyears] = (int)year;
			h->year_pos[h->nyears++] = i;
			continue;
		}
		if (*name)
			sheet_problem(problems, sh, row->number, name, _("unknown column"));
	}
	for (size_t k = 0; k < nrequired; k++)
		if (h->pos[k] == SIZE_MAX)
			sheet_problem(problems, sh, row->number, known[k], _("the column is missing"));
	return problems->n > before ? MAPO_EINVAL : 0;
}

/* The cell of known column k in row ("" when the column is absent or the row is short). */
static const char *cell(const struct header *h, const struct xlsx_row *row, size_t k)
{
	size_t i = h->pos[k];
	return i < row->cells.n ? row->cells.v[i] : "";
}

static const char *cell_at(const struct xlsx_row *row, size_t i)
{
	return i < row->cells.n ? row->cells.v[i] : "";
}

static bool row_too_long(const struct sheet *sh, const struct header *h, const struct xlsx_row *row,
	struct strvec *problems)
{
	for (size_t i = h->ncols; i < row->cells.n; i++) {
		if (row->cells.v[i][0]) {
			sheet_problem(problems, sh, row->number, NULL, _("%zu fields where the header has %zu"), row->cells.n,
				h->ncols);
			return true;
		}
	}
	return false;
}

/* A text cell: required or not, under max bytes. Returns a copy (or NULL after a problem). */
static char *text_cell(const struct sheet *sh, const struct header *h, const struct xlsx_row *row, size_t k,
	bool required, size_t max, struct strvec *problems)
{
	const char *v = cell(h, row, k);
	if (required && !*v) {
		sheet_problem(problems, sh, row->number, h->known[k], _("a value is required"));
		return NULL;
	}
	if (strlen(v) >= max) {
		sheet_problem(problems, sh, row->number, h->known[k], _("longer than %zu bytes"), max - 1);
		return NULL;
	}
	return xstrdup(v);
}

static int year_cell(const struct sheet *sh, const struct header *h, const struct xlsx_row *row, size_t k,
	int fallback, struct strvec *problems)
{
	const char *v = cell(h, row, k);
	long long y;
	if (!*v && fallback < 0)
		return 0; /* the plan row's years were bad: said there already */
	if (!*v && fallback)
		return fallback;
	if (!*v) {
		sheet_problem(problems, sh, row->number, h->known[k], _("a value is required"));
		return 0;
	}
	if (parse_int(v, 1900, 9999, &y)) {
		sheet_problem(problems, sh, row->number, h->known[k], _("'%s' is not a year"), v);
		return 0;
	}
	return (int)y;
}

static int count_problems(struct strvec *problems, size_t before, const char *file, struct mapo_error *err)
{
	size_t n = problems->n - before;
	if (!n)
		return 0;
	return mapo_error_set(err, MAPO_EINVAL, Q_("%s: %zu problem; nothing was loaded", "%s: %zu problems; nothing was loaded", n),
		file, n);
}

/* ---- plans -------------------------------------------------------------------------------- */

enum {
	PC_LEVEL = 0, PC_CODE, PC_PARENT, PC_TITLE_MS, PC_TITLE_EN, PC_LEAD, PC_SUPPORTING, PC_INDICATOR_MS,
	PC_INDICATOR_EN, PC_COMPUTED, PC_BASELINE, PC_START_YEAR, PC_END_YEAR,
};
static const char *const plan_columns[] = {
	"level", "code", "parent", "title_ms", "title_en", "lead", "supporting", "indicator_ms", "indicator_en",
	"computed", "baseline", "start_year", "end_year", NULL,
};
#define PLAN_REQUIRED 5 /* level .. title_en; the rest may be left out of a file of headings only */

/* Every code a row gave, good row or bad, so that a bad row neither hides a later duplicate nor
 * makes its children's parent look unknown. */
struct seen {
	struct strvec codes;
	enum plan_level *levels;
	size_t alloc;
};

static int seen_level(const struct seen *seen, const char *code)
{
	for (size_t i = 0; i < seen->codes.n; i++)
		if (!strcmp(seen->codes.v[i], code))
			return seen->levels[i];
	return -2;
}

static void plan_row(const struct sheet *sh, const struct header *h, const struct xlsx_row *row,
	const struct refdata *rd, struct plan *out, struct seen *seen, struct strvec *problems)
{
	const char *level_s = cell(h, row, PC_LEVEL), *code = cell(h, row, PC_CODE);
	size_t before = problems->n;
	if (!strcmp(level_s, "plan")) {
		if (out->code[0]) {
			sheet_problem(problems, sh, row->number, "level", _("a second plan row"));
			return;
		}
		if (out->n) {
			sheet_problem(problems, sh, row->number, "level", _("the plan row must come first"));
			return;
		}
		if (!plan_code_valid(code))
			sheet_problem(problems, sh, row->number, "code", _("'%s' is not 1 to %d letters, digits, '.', '_' or '-'"),
				code, PLAN_CODE_MAX - 1);
		else
			snprintf(out->code, sizeof(out->code), "%s", code);
		out->title_ms = text_cell(sh, h, row, PC_TITLE_MS, true, PLAN_TITLE_MAX, problems);
		out->title_en = text_cell(sh, h, row, PC_TITLE_EN, true, PLAN_TITLE_MAX, problems);
		out->start_year = year_cell(sh, h, row, PC_START_YEAR, 0, problems);
		out->end_year = year_cell(sh, h, row, PC_END_YEAR, 0, problems);
		if (out->start_year && out->end_year &&
		    (out->end_year < out->start_year || out->end_year - out->start_year >= PLAN_YEARS_MAX))
			sheet_problem(problems, sh, row->number, "end_year", _("the plan must run 1 to %d years"),
				PLAN_YEARS_MAX);
		if (!out->code[0])
			snprintf(out->code, sizeof(out->code), "?");
		return;
	}
	if (!out->code[0]) {
		sheet_problem(problems, sh, row->number, "level", _("the first row must be the plan's (level 'plan')"));
		snprintf(out->code, sizeof(out->code), "?");
		return;
	}

	struct plan_node nd;
	plan_node_init(&nd);
	nd.level = plan_level_parse(level_s);
	if (nd.level == PLAN_LEVEL_NONE) {
		sheet_problem(problems, sh, row->number, "level",
			_("'%s' is not plan, pillar, goal, objective or activity"), level_s);
		goto out;
	}
	if (!plan_code_valid(code)) {
		sheet_problem(problems, sh, row->number, "code", _("'%s' is not 1 to %d letters, digits, '.', '_' or '-'"),
			code, PLAN_CODE_MAX - 1);
	} else if (seen_level(seen, code) != -2) {
		sheet_problem(problems, sh, row->number, "code", _("'%s' is used twice"), code);
	} else {
		snprintf(nd.code, sizeof(nd.code), "%s", code);
		ALLOC_GROW(seen->levels, seen->codes.n + 1, seen->alloc);
		seen->levels[seen->codes.n] = nd.level;
		strvec_push(&seen->codes, code);
	}

	const char *parent = cell(h, row, PC_PARENT);
	if (nd.level == PLAN_PILLAR) {
		if (*parent)
			sheet_problem(problems, sh, row->number, "parent", _("a pillar has no parent"));
	} else {
		int up = *parent ? seen_level(seen, parent) : -2;
		if (!*parent)
			sheet_problem(problems, sh, row->number, "parent", _("a %s needs its %s"), level_s,
				plan_level_code((enum plan_level)(nd.level - 1)));
		else if (up == -2)
			sheet_problem(problems, sh, row->number, "parent", _("'%s' is not a code listed above"), parent);
		else if (up != nd.level - 1)
			sheet_problem(problems, sh, row->number, "parent", _("'%s' is at level %s, and level %s goes under %s"),
				parent, plan_level_code((enum plan_level)up), level_s,
				plan_level_code((enum plan_level)(nd.level - 1)));
		else
			snprintf(nd.parent, sizeof(nd.parent), "%s", parent);
	}
	nd.title_ms = text_cell(sh, h, row, PC_TITLE_MS, true, PLAN_TITLE_MAX, problems);
	nd.title_en = text_cell(sh, h, row, PC_TITLE_EN, true, PLAN_TITLE_MAX, problems);

	if (nd.level != PLAN_ACTIVITY) {
		static const size_t activity_only[] = {PC_LEAD, PC_SUPPORTING, PC_INDICATOR_MS, PC_INDICATOR_EN,
			PC_COMPUTED, PC_BASELINE, PC_START_YEAR, PC_END_YEAR};
		for (size_t i = 0; i < sizeof(activity_only) / sizeof(activity_only[0]); i++)
			if (*cell(h, row, activity_only[i]))
				sheet_problem(problems, sh, row->number, plan_columns[activity_only[i]],
					_("only activities have this column"));
		for (size_t y = 0; y < h->nyears; y++)
			if (*cell_at(row, h->year_pos[y]))
				sheet_problem(problems, sh, row->number, cell_at(&sh->rows.v[0], h->year_pos[y]),
					_("only activities have targets"));
		goto out;
	}

	const char *lead = cell(h, row, PC_LEAD);
	if (!*lead)
		sheet_problem(problems, sh, row->number, "lead", _("an activity needs a lead organisation"));
	else if (!plan_org_valid(lead))
		sheet_problem(problems, sh, row->number, "lead", _("'%s' is not an organisation code"), lead);
	else
		snprintf(nd.lead, sizeof(nd.lead), "%s", lead);
	strvec_split(&nd.supporting, cell(h, row, PC_SUPPORTING), ';');
	for (size_t i = 0; i < nd.supporting.n; i++) {
		if (!plan_org_valid(nd.supporting.v[i]))
			sheet_problem(problems, sh, row->number, "supporting", _("'%s' is not an organisation code"),
				nd.supporting.v[i]);
		else if (!strcmp(nd.supporting.v[i], nd.lead))
			sheet_problem(problems, sh, row->number, "supporting", _("'%s' is the lead already"), nd.lead);
	}
	nd.indicator_ms = text_cell(sh, h, row, PC_INDICATOR_MS, true, PLAN_TITLE_MAX, problems);
	nd.indicator_en = text_cell(sh, h, row, PC_INDICATOR_EN, true, PLAN_TITLE_MAX, problems);

	const char *computed = cell(h, row, PC_COMPUTED);
	if (*computed) {
		char measure[64];
		const char *colon = strchr(computed, ':');
		size_t len = colon ? (size_t)(colon - computed) : strlen(computed);
		snprintf(measure, sizeof(measure), "%.*s", (int)(len < sizeof(measure) ? len : sizeof(measure) - 1),
			computed);
		nd.computed = plan_measure_parse(measure);
		if (nd.computed == MEASURE_NONE) {
			struct strvec names = STRVEC_INIT;
			for (int m = 0; m < MEASURE__COUNT; m++)
				strvec_push(&names, plan_measure_code((enum plan_measure)m));
			char *list = strvec_join(&names, ", ");
			sheet_problem(problems, sh, row->number, "computed", _("'%s' is not one of %s"), measure, list);
			free(list);
			strvec_release(&names);
		}
		if (colon) {
			if (!colon[1] || strlen(colon + 1) >= CODE_MAX || (rd && !refdata_find(rd, REF_AGENCY, colon + 1)))
				sheet_problem(problems, sh, row->number, "computed", _("unknown agency '%s'"), colon + 1);
			else
				snprintf(nd.computed_agency, sizeof(nd.computed_agency), "%s", colon + 1);
		}
	}
	const char *baseline = cell(h, row, PC_BASELINE);
	if (*baseline && plan_parse_number(baseline, &nd.baseline))
		sheet_problem(problems, sh, row->number, "baseline", _("'%s' is not a number of 0 or more"), baseline);

	nd.start_year = year_cell(sh, h, row, PC_START_YEAR, out->start_year ? out->start_year : -1, problems);
	nd.end_year = year_cell(sh, h, row, PC_END_YEAR, out->end_year ? out->end_year : -1, problems);
	if (nd.start_year && nd.end_year && out->start_year &&
	    (nd.start_year < out->start_year || nd.end_year > out->end_year || nd.end_year < nd.start_year))
		sheet_problem(problems, sh, row->number, "end_year", _("the period %d-%d is not within the plan's %d-%d"),
			nd.start_year, nd.end_year, out->start_year, out->end_year);
	for (size_t y = 0; y < h->nyears; y++) {
		const char *v = cell_at(row, h->year_pos[y]);
		const char *col = cell_at(&sh->rows.v[0], h->year_pos[y]);
		double t;
		if (!*v)
			continue;
		if (plan_parse_number(v, &t)) {
			sheet_problem(problems, sh, row->number, col, _("'%s' is not a number of 0 or more"), v);
			continue;
		}
		if (nd.start_year && nd.end_year && (h->years[y] < nd.start_year || h->years[y] > nd.end_year)) {
			sheet_problem(problems, sh, row->number, col, _("a target outside the activity's period %d-%d"),
				nd.start_year, nd.end_year);
			continue;
		}
		int idx = h->years[y] - out->start_year;
		if (idx >= 0 && idx < PLAN_YEARS_MAX)
			nd.targets[idx] = t;
	}
out:
	if (problems->n == before && nd.code[0] && (nd.level == PLAN_PILLAR || plan_find(out, nd.parent)))
		plan_add_node(out, &nd);
	plan_node_release(&nd);
}

int plan_load_sheet(const struct sheet *sh, const struct refdata *rd, struct plan *out, struct strvec *problems,
	struct mapo_error *err)
{
	struct header h;
	size_t before = problems->n;
	plan_release(out);
	plan_init(out);
	if (header_read(&h, sh, plan_columns, PLAN_REQUIRED, true, problems))
		return count_problems(problems, before, sh->file, err);
	struct seen seen = {STRVEC_INIT, NULL, 0};
	for (size_t i = 1; i < sh->rows.n; i++) {
		const struct xlsx_row *row = &sh->rows.v[i];
		if (row_too_long(sh, &h, row, problems))
			continue;
		plan_row(sh, &h, row, rd, out, &seen, problems);
	}
	strvec_release(&seen.codes);
	free(seen.levels);
	if (!out->code[0])
		sheet_problem(problems, sh, sh->rows.v[0].number, NULL, _("no plan row (level 'plan')"));
	for (size_t y = 0; y < h.nyears && out->start_year; y++)
		if (h.years[y] < out->start_year || h.years[y] > out->end_year)
			sheet_problem(problems, sh, sh->rows.v[0].number, cell_at(&sh->rows.v[0], h.year_pos[y]),
				_("a year outside the plan's %d-%d"), out->start_year, out->end_year);
	/* What the rows could not show (a pillar without goals is allowed; a plan without an
	 * activity is not). */
	if (problems->n == before) {
		size_t activities = 0;
		for (size_t i = 0; i < out->n; i++)
			activities += out->nodes[i].level == PLAN_ACTIVITY;
		if (!activities)
			sheet_problem(problems, sh, sh->rows.v[0].number, NULL, _("the plan has no activity"));
		struct strvec rest = STRVEC_INIT;
		plan_validate(out, rd, &rest);
		for (size_t i = 0; i < rest.n; i++)
			strvec_pushf(problems, "%s: %s", sh->file, rest.v[i]);
		strvec_release(&rest);
	}
	return count_problems(problems, before, sh->file, err);
}

int plan_load_file(const char *path, const char *sheet_name, const struct refdata *rd, struct plan *out,
	struct strvec *problems, struct mapo_error *err)
{
	struct sheet sh;
	sheet_init(&sh);
	int rc = sheet_read(&sh, path, sheet_name, problems, err);
	if (!rc)
		rc = plan_load_sheet(&sh, rd, out, problems, err);
	sheet_release(&sh);
	return rc;
}

/* ---- recommendations ---------------------------------------------------------------------- */

enum { RC_YEAR = 0, RC_RANK, RC_TEXT_MS, RC_TEXT_EN, RC_STATUS, RC_ACTIVITIES, RC_ACTIONS, RC_EVIDENCE };
static const char *const rec_columns[] = {
	"year", "rank", "text_ms", "text_en", "status", "activities", "actions", "evidence", NULL,
};

void rec_list_release(struct rec_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		recommendation_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int recs_load_file(const char *path, const char *sheet_name, struct rec_list *out, struct strvec *problems,
	struct mapo_error *err)
{
	struct sheet sh;
	struct header h;
	size_t before = problems->n;
	int rc;
	sheet_init(&sh);
	if ((rc = sheet_read(&sh, path, sheet_name, problems, err)))
		goto out;
	if (header_read(&h, &sh, rec_columns, 4, false, problems))
		goto done;
	for (size_t i = 1; i < sh.rows.n; i++) {
		const struct xlsx_row *row = &sh.rows.v[i];
		struct recommendation r;
		struct field_errors fe = FIELD_ERRORS_INIT;
		long long v;
		if (row_too_long(&sh, &h, row, problems))
			continue;
		recommendation_init(&r);
		r.year = parse_int(cell(&h, row, RC_YEAR), 2001, 9999, &v) ? 0 : (int)v;
		r.rank = parse_int(cell(&h, row, RC_RANK), 1, 100, &v) ? 0 : (int)v;
		r.text_ms = xstrdup(cell(&h, row, RC_TEXT_MS));
		r.text_en = xstrdup(cell(&h, row, RC_TEXT_EN));
		const char *status = cell(&h, row, RC_STATUS);
		r.status = *status ? rec_status_parse(status) : RSTATUS_OPEN;
		free(r.evidence);
		r.evidence = xstrdup(cell(&h, row, RC_EVIDENCE));
		strvec_split(&r.links, cell(&h, row, RC_ACTIVITIES), ';');
		strvec_split(&r.actions, cell(&h, row, RC_ACTIONS), ';');
		recommendation_validate(&r, &fe);
		for (size_t j = 0; j < out->n; j++)
			if (out->v[j].year == r.year && out->v[j].rank == r.rank && r.year)
				field_errors_add(&fe, "rank", _("recommendation %d of %d is given twice"), r.rank, r.year);
		for (size_t j = 0; j < fe.n; j++) {
			const char *col = fe.v[j].field;
			if (!strcmp(col, "year") && parse_int(cell(&h, row, RC_YEAR), 2001, 9999, &v))
				sheet_problem(problems, &sh, row->number, col, _("'%s' is not a report year"), cell(&h, row, RC_YEAR));
			else if (!strcmp(col, "rank") && !r.rank)
				sheet_problem(problems, &sh, row->number, col, _("'%s' is not a rank of 1 to 100"), cell(&h, row, RC_RANK));
			else if (!strcmp(col, "status"))
				sheet_problem(problems, &sh, row->number, col,
					_("'%s' is not open, in-progress, addressed or not-addressed"), status);
			else
				sheet_problem(problems, &sh, row->number, col, "%s", fe.v[j].msg);
		}
		if (fe.n) {
			recommendation_release(&r);
		} else {
			ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n++] = r;
		}
		field_errors_release(&fe);
	}
done:
	rc = count_problems(problems, before, path, err);
out:
	sheet_release(&sh);
	return rc;
}

/* ---- guidelines --------------------------------------------------------------------------- */

enum {
	GC_GUIDELINE = 0, GC_VERSION, GC_ISSUED, GC_TITLE_MS, GC_TITLE_EN, GC_SECTION_MS, GC_SECTION_EN, GC_ITEM,
	GC_TEXT_MS, GC_TEXT_EN, GC_APPLIES,
};
static const char *const guideline_columns[] = {
	"guideline", "version", "issued", "title_ms", "title_en", "section_ms", "section_en", "item", "text_ms",
	"text_en", "applies_to", NULL,
};

int guideline_load_file(const char *path, const char *sheet_name, struct guideline *out, struct strvec *problems,
	struct mapo_error *err)
{
	struct sheet sh;
	struct header h;
	size_t before = problems->n;
	int rc;
	sheet_init(&sh);
	guideline_release(out);
	guideline_init(out);
	if ((rc = sheet_read(&sh, path, sheet_name, problems, err)))
		goto out;
	if (header_read(&h, &sh, guideline_columns, 11, false, problems))
		goto done;
	for (size_t i = 1; i < sh.rows.n; i++) {
		const struct xlsx_row *row = &sh.rows.v[i];
		size_t row_before = problems->n;
		if (row_too_long(&sh, &h, row, problems))
			continue;
		if (i == 1) {
			long long v;
			const char *code = cell(&h, row, GC_GUIDELINE);
			if (!plan_code_valid(code))
				sheet_problem(problems, &sh, row->number, "guideline",
					_("'%s' is not 1 to %d letters, digits, '.', '_' or '-'"), code, PLAN_CODE_MAX - 1);
			snprintf(out->code, sizeof(out->code), "%s", code);
			if (parse_int(cell(&h, row, GC_VERSION), 1, 999, &v))
				sheet_problem(problems, &sh, row->number, "version", _("'%s' is not a version of 1 to 999"),
					cell(&h, row, GC_VERSION));
			else
				out->version = (int)v;
			if (date_parse(cell(&h, row, GC_ISSUED), &out->issued))
				sheet_problem(problems, &sh, row->number, "issued", _("'%s' is not a date (YYYY-MM-DD)"),
					cell(&h, row, GC_ISSUED));
			out->title_ms = text_cell(&sh, &h, row, GC_TITLE_MS, true, PLAN_TITLE_MAX, problems);
			out->title_en = text_cell(&sh, &h, row, GC_TITLE_EN, true, PLAN_TITLE_MAX, problems);
		} else {
			/* The document's columns repeat on every row and must agree with the first. */
			static const size_t same[] = {GC_GUIDELINE, GC_VERSION, GC_ISSUED, GC_TITLE_MS, GC_TITLE_EN};
			for (size_t k = 0; k < sizeof(same) / sizeof(same[0]); k++)
				if (strcmp(cell(&h, row, same[k]), cell(&h, &sh.rows.v[1], same[k])))
					sheet_problem(problems, &sh, row->number, guideline_columns[same[k]],
						_("differs from the first row's"));
		}
		struct guideline_item it;
		guideline_item_init(&it);
		const char *code = cell(&h, row, GC_ITEM);
		if (!plan_code_valid(code))
			sheet_problem(problems, &sh, row->number, "item", _("'%s' is not 1 to %d letters, digits, '.', '_' or '-'"),
				code, PLAN_CODE_MAX - 1);
		for (size_t j = 0; j < out->n; j++)
			if (!strcmp(out->items[j].code, code))
				sheet_problem(problems, &sh, row->number, "item", _("'%s' is used twice"), code);
		snprintf(it.code, sizeof(it.code), "%s", code);
		it.section_ms = text_cell(&sh, &h, row, GC_SECTION_MS, true, PLAN_TITLE_MAX, problems);
		it.section_en = text_cell(&sh, &h, row, GC_SECTION_EN, true, PLAN_TITLE_MAX, problems);
		it.text_ms = text_cell(&sh, &h, row, GC_TEXT_MS, true, PLAN_TITLE_MAX, problems);
		it.text_en = text_cell(&sh, &h, row, GC_TEXT_EN, true, PLAN_TITLE_MAX, problems);
		struct strvec subjects = STRVEC_INIT;
		strvec_split(&subjects, cell(&h, row, GC_APPLIES), ';');
		for (size_t j = 0; j < subjects.n; j++) {
			enum check_subject s = check_subject_parse(subjects.v[j]);
			if (s == SUBJECT_NONE)
				sheet_problem(problems, &sh, row->number, "applies_to",
					_("'%s' is not operation, prosecution or shelter"), subjects.v[j]);
			else
				it.subjects |= 1u << s;
		}
		if (!subjects.n)
			sheet_problem(problems, &sh, row->number, "applies_to", _("a value is required"));
		strvec_release(&subjects);
		if (problems->n == row_before)
			guideline_add_item(out, &it);
		guideline_item_release(&it);
	}
	if (sh.rows.n < 2)
		sheet_problem(problems, &sh, sh.rows.v[0].number, NULL, _("the checklist has no items"));
	if (problems->n == before) {
		struct strvec rest = STRVEC_INIT;
		guideline_validate(out, &rest);
		for (size_t i = 0; i < rest.n; i++)
			strvec_pushf(problems, "%s: %s", path, rest.v[i]);
		strvec_release(&rest);
	}
done:
	rc = count_problems(problems, before, path, err);
out:
	sheet_release(&sh);
	return rc;
}
