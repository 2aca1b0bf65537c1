/* Statistics over the store's tally: totals, breakdowns, month zero-filling and labels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

const char *const stats_measure_codes[STATS_NMEASURES] = {"tip_cases", "tip_arrests",
	"tip_forced_labour_cases", "som_cases", "som_arrests", "victims_rescued"};
const char *const stats_measure_headings[STATS_NMEASURES] = {N_("TIP cases"), N_("TIP arrests"),
	N_("Forced labour cases"), N_("SOM cases"), N_("SOM arrests"), N_("Victims rescued")};

long long stats_measure(const struct stats_measures *m, size_t i)
{
	switch (i) {
	case 0: return m->tip_cases;
	case 1: return m->tip_arrests;
	case 2: return m->tip_forced_labour_cases;
	case 3: return m->som_cases;
	case 4: return m->som_arrests;
	case 5: return m->victims_rescued;
	default: return 0;
	}
}

void stats_query_init(struct stats_query *q)
{
	memset(q, 0, sizeof(*q));
	q->from = q->to = DATE_NONE;
	case_filter_init(&q->filter);
}

static const char *const dim_names[DIM__COUNT] = {"kind", "agency", "state", "form", "nationality",
	"sex", "age-group", "month", "status"};

static const char *const dim_headings[DIM__COUNT] = {N_("Kind"), N_("Agency"), N_("State"),
	N_("Form of exploitation"), N_("Nationality"), N_("Sex"), N_("Age group"), N_("Month"), N_("Status")};

const char *stats_dim_name(enum stat_dim d) { return d >= 0 && d < DIM__COUNT ? dim_names[d] : ""; }

const char *stats_dim_heading(enum stat_dim d, enum mapo_lang lang)
{
	return d >= 0 && d < DIM__COUNT ? mapo_tr(lang, dim_headings[d]) : "";
}

int stats_dim_parse(const char *name, enum stat_dim *out, struct mapo_error *err)
{
	for (int d = 0; d < DIM__COUNT; d++)
		if (name && !strcmp(name, dim_names[d])) {
			*out = (enum stat_dim)d;
			return 0;
		}
	return mapo_error_set(err, MAPO_EINVAL,
		_("unknown dimension '%s' (use kind, agency, state, form, nationality, sex, age-group, month or status)"),
		name ? name : "");
}

int stats_query_add_dim(struct stats_query *q, const char *name, struct mapo_error *err)
{
	enum stat_dim d = DIM_KIND;
	int rc = stats_dim_parse(name, &d, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < q->ndims; i++)
		if (q->dims[i] == d)
			return mapo_error_set(err, MAPO_EINVAL, _("dimension '%s' is given twice"), name);
	if (q->ndims == TALLY_MAX_DIMS)
		return mapo_error_set(err, MAPO_EINVAL, _("at most %d dimensions can be given"), TALLY_MAX_DIMS);
	q->dims[q->ndims++] = d;
	return 0;
}

int stats_tip_year(int tip_year, mapo_date *from, mapo_date *to, struct mapo_error *err)
{
	if (tip_year < 1901 || tip_year > 9999)
		return mapo_error_set(err, MAPO_EINVAL, _("TIP report year %d is not between 1901 and 9999"), tip_year);
	*from = date_from_ymd(tip_year - 1, 4, 1);
	*to = date_from_ymd(tip_year, 3, 31);
	return 0;
}

int stats_query_set_period(struct stats_query *q, mapo_date from, mapo_date to, int tip_year,
	struct mapo_error *err)
{
	if (tip_year) {
		if (from != DATE_NONE || to != DATE_NONE)
			return mapo_error_set(err, MAPO_EINVAL,
				_("give either a TIP report year or a period with a start and an end, not both"));
		return stats_tip_year(tip_year, &q->from, &q->to, err);
	}
	if (from == DATE_NONE || to == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL,
			_("a period needs both a start and an end date (or a TIP report year)"));
	if (from > to) {
		char a[DATE_STRLEN], b[DATE_STRLEN];
		date_format(from, a);
		date_format(to, b);
		return mapo_error_set(err, MAPO_EINVAL, _("the period's start %s is after its end %s"), a, b);
	}
	q->from = from;
	q->to = to;
	return 0;
}

void stats_result_init(struct stats_result *r)
{
	memset(r, 0, sizeof(*r));
	r->from = r->to = DATE_NONE;
}

static void row_release(struct stats_row *row)
{
	for (size_t i = 0; i < TALLY_MAX_DIMS; i++) {
		free(row->keys[i]);
		free(row->labels[i]);
	}
}

void stats_result_release(struct stats_result *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		row_release(&r->rows[i]);
	free(r->rows);
	stats_result_init(r);
}

/* ---- labels ---------------------------------------------------------------------------------- */

static const char *const month_names[12] = {N_("January"), N_("February"), N_("March"), N_("April"),
	N_("May"), N_("June"), N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
	N_("December")};

const char *stats_month_name(int month, enum mapo_lang lang)
{
	return month >= 1 && month <= 12 ? mapo_tr(lang, month_names[month - 1]) : "";
}

char *stats_key_label(const struct refdata *rd, enum stat_dim d, const char *key, enum mapo_lang lang)
{
	if (!key || !*key)
		return xstrdup(mapo_tr(lang, N_("(none)")));
	switch (d) {
	case DIM_KIND: {
		enum case_kind k = case_kind_parse(key);
		return xstrdup(k == KIND_NONE ? key : case_kind_name(k, lang));
	}
	case DIM_AGENCY: return xstrdup(refdata_name(rd, REF_AGENCY, key, lang));
	case DIM_STATE: return xstrdup(refdata_name(rd, REF_STATE, key, lang));
	case DIM_FORM: return xstrdup(refdata_name(rd, REF_FORM, key, lang));
	case DIM_NATIONALITY: return xstrdup(refdata_name(rd, REF_COUNTRY, key, lang));
	case DIM_SEX:
		if (!strcmp(key, "F"))
			return xstrdup(mapo_tr(lang, N_("female")));
		if (!strcmp(key, "M"))
			return xstrdup(mapo_tr(lang, N_("male")));
		if (!strcmp(key, "U"))
			return xstrdup(mapo_tr(lang, N_("sex unknown")));
		return xstrdup(key);
	case DIM_AGE_GROUP:
		if (!strcmp(key, "child"))
			return xstrdup(mapo_tr(lang, N_("child (under 18)")));
		if (!strcmp(key, "adult"))
			return xstrdup(mapo_tr(lang, N_("adult")));
		if (!strcmp(key, "unknown"))
			return xstrdup(mapo_tr(lang, N_("age unknown")));
		return xstrdup(key);
	case DIM_MONTH: {
		mapo_date d1;
		char day[DATE_STRLEN];
		if (strlen(key) != 7 || snprintf(day, sizeof(day), "%s-01", key) != 10 || date_parse(day, &d1))
			return xstrdup(key);
		return xasprintf("%s %d", stats_month_name(date_month(d1), lang), date_year(d1));
	}
	case DIM_STATUS: {
		enum case_status s = case_status_parse(key);
		return xstrdup(s == STATUS_NONE ? key : case_status_name(s, lang));
	}
	default: return xstrdup(key);
	}
}

/* ---- running ----------------------------------------------------------------------------------- */

static void measures_from_row(struct stats_measures *m, const struct tally_row *row)
{
	m->tip_cases = row->tip_cases;
	m->tip_arrests = row->tip_arrests;
	m->tip_forced_labour_cases = row->tip_forced_labour_cases;
	m->som_cases = row->som_cases;
	m->som_arrests = row->som_arrests;
	m->victims_rescued = row->victims_rescued;
}

static int totals_cb(const struct tally_row *row, void *arg)
{
	struct stats_measures *m = arg;
	measures_from_row(m, row);
	return 0;
}

static struct stats_row *add_row(struct stats_result *r)
{
	ALLOC_GROW(r->rows, r->nrows + 1, r->alloc);
	struct stats_row *row = &r->rows[r->nrows++];
	memset(row, 0, sizeof(*row));
	return row;
}

static int rows_cb(const struct tally_row *trow, void *arg)
{
	struct stats_result *r = arg;
	struct stats_row *row = add_row(r);
	for (size_t i = 0; i < r->ndims; i++)
		row->keys[i] = xstrdup(trow->keys[i] ? trow->keys[i] : "");
	measures_from_row(&row->m, trow);
	return 0;
}

/* Orders rows by their keys, dimension by dimension, except that the dimension `last` (when below
 * ndims) is compared after all the others. qsort has no argument for the comparison, and the web
 * server runs queries on several threads. */
static _Thread_local size_t sort_ndims, sort_last;

static int compare_others(const struct stats_row *a, const struct stats_row *b)
{
	for (size_t i = 0; i < sort_ndims; i++) {
		if (i == sort_last)
			continue;
		int cmp = strcmp(a->keys[i], b->keys[i]);
		if (cmp)
			return cmp;
	}
	return 0;
}

static int compare_rows(const void *pa, const void *pb)
{
	const struct stats_row *a = pa, *b = pb;
	int cmp = compare_others(a, b);
	if (cmp || sort_last >= sort_ndims)
		return cmp;
	return strcmp(a->keys[sort_last], b->keys[sort_last]);
}

static void sort_rows(struct stats_result *r, size_t last)
{
	sort_ndims = r->ndims;
	sort_last = last;
	if (r->nrows > 1)
		qsort(r->rows, r->nrows, sizeof(r->rows[0]), compare_rows);
}

/* Adds a zero row for every month of the period missing under each combination of the other
 * dimensions' keys that occurs (the empty combination when month is the only dimension). */
static int fill_months(struct stats_result *r, size_t month_dim, struct mapo_error *err)
{
	size_t nreal = r->nrows;
	/* Rows grouped by the other keys, months ascending within a group; each combination of the
	 * other keys is noted by the index of its first row. */
	sort_rows(r, month_dim);
	size_t *combos = NULL, ncombos = 0, alloc = 0;
	for (size_t i = 0; i < nreal; i++)
		if (i == 0 || compare_others(&r->rows[i - 1], &r->rows[i])) {
			ALLOC_GROW(combos, ncombos + 1, alloc);
			combos[ncombos++] = i;
		}
	bool empty_combo = r->ndims == 1 && nreal == 0;
	/* Months counted from year 0, so the loop runs over one integer. */
	long first_month = date_year(r->from) * 12L + date_month(r->from) - 1;
	long last_month = date_year(r->to) * 12L + date_month(r->to) - 1;
	size_t months = (size_t)(last_month - first_month + 1), filled = ncombos ? ncombos : 1;
	if (months > STATS_ROWS_MAX / filled) {
		free(combos);
		return mapo_error_set(err, MAPO_ETOOBIG,
			_("the breakdown would have more than %d rows: choose a shorter period or fewer dimensions"),
			STATS_ROWS_MAX);
	}

	for (size_t c = 0; c < ncombos || (empty_combo && c == 0); c++) {
		size_t first = ncombos ? combos[c] : 0;
		size_t end = c + 1 < ncombos ? combos[c + 1] : nreal;
		size_t next = first; /* the group's next real row, in month order */
		for (long month = first_month; month <= last_month; month++) {
			char key[16];
			snprintf(key, sizeof(key), "%04ld-%02ld", month / 12, month % 12 + 1);
			if (next < end && !strcmp(r->rows[next].keys[month_dim], key)) {
				next++;
				continue;
			}
			/* add_row may move the array: copy the template's keys by index. */
			struct stats_row *row = add_row(r);
			for (size_t d = 0; d < r->ndims; d++)
				row->keys[d] = xstrdup(d == month_dim ? key : r->rows[first].keys[d]);
		}
	}
	free(combos);
	return 0;
}

int stats_run(store *s, const struct refdata *rd, const struct stats_query *q, enum mapo_lang lang,
	struct stats_result *out, struct mapo_error *err)
{
	int rc;
	stats_result_release(out);
	out->from = q->from;
	out->to = q->to;
	out->ndims = q->ndims;
	out->lang = lang;
	if (q->from == DATE_NONE || q->to == DATE_NONE || q->from > q->to)
		return mapo_error_set(err, MAPO_EINVAL, _("the statistics need a period with a start not after its end"));
	if (q->ndims > TALLY_MAX_DIMS)
		return mapo_error_set(err, MAPO_EINVAL, _("at most %d dimensions can be given"), TALLY_MAX_DIMS);
	memcpy(out->dims, q->dims, sizeof(out->dims));

	struct tally_query tq;
	memset(&tq, 0, sizeof(tq));
	tq.from = q->from;
	tq.to = q->to;
	tq.filter = q->filter;
	rc = store_tally(s, &tq, totals_cb, &out->totals, err);
	if (rc || !q->ndims)
		return rc;

	memcpy(tq.dims, q->dims, sizeof(tq.dims));
	tq.ndims = q->ndims;
	rc = store_tally(s, &tq, rows_cb, out, err);
	if (rc)
		return rc;

	for (size_t i = 0; i < out->ndims && !rc; i++)
		if (out->dims[i] == DIM_MONTH)
			rc = fill_months(out, i, err);
	if (rc)
		return rc;
	sort_rows(out, TALLY_MAX_DIMS);

	for (size_t i = 0; i < out->nrows; i++)
		for (size_t d = 0; d < out->ndims; d++)
			out->rows[i].labels[d] = stats_key_label(rd, out->dims[d], out->rows[i].keys[d], lang);
	return 0;
}
