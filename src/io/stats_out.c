/* A stats result as a text table, CSV or JSON. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "io/stats_out.h"
#include "io/csv.h"

int stats_format_parse(const char *s, enum stats_format *out, struct mapo_error *err)
{
	static const char *const names[] = {"table", "csv", "json"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (s && !strcmp(s, names[i])) {
			*out = (enum stats_format)i;
			return 0;
		}
	return mapo_error_set(err, MAPO_EINVAL, _("unknown format '%s' (use table, csv or json)"), s ? s : "");
}

int stats_write(struct buf *out, const struct stats_result *r, enum stats_format f)
{
	switch (f) {
	case STATS_CSV: return stats_write_csv(out, r);
	case STATS_JSON: return stats_write_json(out, r);
	default: return stats_write_table(out, r);
	}
}

/* ---- table ----------------------------------------------------------------------------------- */

/* The columns a terminal gives s (wide characters count two, combining marks none). */
static size_t display_width(const char *s)
{
	size_t width = 0, len = strlen(s);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (n <= 0) {
			n = 1;
			cp = '?';
		}
		int w = utf8proc_charwidth(cp);
		width += w > 0 ? (size_t)w : 0;
		p += n;
		len -= (size_t)n;
	}
	return width;
}

static int pad(struct buf *out, size_t n)
{
	int rc = 0;
	while (n-- && !rc)
		rc = buf_addch(out, ' ');
	return rc;
}

/* Appends one cell: text columns left-aligned (padded unless last), numbers right-aligned. */
static int cell(struct buf *out, const char *s, size_t width, bool right, bool last)
{
	size_t w = display_width(s);
	size_t gap = width > w ? width - w : 0;
	int rc = 0;
	if (right)
		rc = pad(out, gap);
	if (!rc)
		rc = buf_addstr(out, s);
	if (!rc && !right && !last)
		rc = pad(out, gap);
	if (!rc)
		rc = buf_addstr(out, last ? "\n" : "  ");
	return rc;
}

#define NCOLS_MAX (TALLY_MAX_DIMS + STATS_NMEASURES)

int stats_write_table(struct buf *out, const struct stats_result *r)
{
	size_t ncols = r->ndims + STATS_NMEASURES;
	size_t width[NCOLS_MAX] = {0};
	const char *head[NCOLS_MAX];
	const char *total = mapo_tr(r->lang, N_("Total"));
	char num[32];
	char from[DATE_STRLEN], to[DATE_STRLEN];

	for (size_t d = 0; d < r->ndims; d++)
		head[d] = stats_dim_heading(r->dims[d], r->lang);
	for (size_t m = 0; m < STATS_NMEASURES; m++)
		head[r->ndims + m] = mapo_tr(r->lang, stats_measure_headings[m]);
	for (size_t c = 0; c < ncols; c++)
		width[c] = display_width(head[c]);
	if (r->ndims && display_width(total) > width[0])
		width[0] = display_width(total);
	for (size_t i = 0; i < r->nrows; i++) {
		for (size_t d = 0; d < r->ndims; d++) {
			size_t w = display_width(r->rows[i].labels[d] ? r->rows[i].labels[d] : "");
			if (w > width[d])
				width[d] = w;
		}
		for (size_t m = 0; m < STATS_NMEASURES; m++) {
			fmt_count(stats_measure(&r->rows[i].m, m), num);
			if (strlen(num) > width[r->ndims + m])
				width[r->ndims + m] = strlen(num);
		}
	}
	for (size_t m = 0; m < STATS_NMEASURES; m++) {
		fmt_count(stats_measure(&r->totals, m), num);
		if (strlen(num) > width[r->ndims + m])
			width[r->ndims + m] = strlen(num);
	}

	date_format(r->from, from);
	date_format(r->to, to);
	int rc = buf_printf(out, mapo_tr(r->lang, N_("Period: %s to %s")), from, to);
	if (!rc)
		rc = buf_addstr(out, "\n\n");
	for (size_t c = 0; c < ncols && !rc; c++)
		rc = cell(out, head[c], width[c], c >= r->ndims, c + 1 == ncols);
	for (size_t i = 0; i < r->nrows && !rc; i++) {
		for (size_t d = 0; d < r->ndims && !rc; d++)
			rc = cell(out, r->rows[i].labels[d] ? r->rows[i].labels[d] : "", width[d], false, false);
		for (size_t m = 0; m < STATS_NMEASURES && !rc; m++) {
			fmt_count(stats_measure(&r->rows[i].m, m), num);
			rc = cell(out, num, width[r->ndims + m], true, m + 1 == STATS_NMEASURES);
		}
	}
	/* The totals: a row of their own under the breakdown, or the whole table without one. */
	for (size_t d = 0; d < r->ndims && !rc; d++)
		rc = cell(out, d == 0 ? total : "", width[d], false, false);
	for (size_t m = 0; m < STATS_NMEASURES && !rc; m++) {
		fmt_count(stats_measure(&r->totals, m), num);
		rc = cell(out, num, width[r->ndims + m], true, m + 1 == STATS_NMEASURES);
	}
	return rc;
}

/* ---- CSV ------------------------------------------------------------------------------------- */

int stats_write_csv(struct buf *out, const struct stats_result *r)
{
	const char *fields[2 * TALLY_MAX_DIMS + STATS_NMEASURES];
	char *owned[TALLY_MAX_DIMS] = {NULL};
	char nums[STATS_NMEASURES][32];
	size_t n = 0;
	int rc;

	for (size_t d = 0; d < r->ndims; d++) {
		fields[n++] = stats_dim_name(r->dims[d]);
		owned[d] = xasprintf("%s_label", stats_dim_name(r->dims[d]));
		fields[n++] = owned[d];
	}
	for (size_t m = 0; m < STATS_NMEASURES; m++)
		fields[n++] = stats_measure_codes[m];
	rc = csv_write_row(out, fields, n);
	for (size_t d = 0; d < r->ndims; d++)
		free(owned[d]);

	size_t nrows = r->ndims ? r->nrows : 1;
	for (size_t i = 0; i < nrows && !rc; i++) {
		const struct stats_measures *m = r->ndims ? &r->rows[i].m : &r->totals;
		n = 0;
		for (size_t d = 0; d < r->ndims; d++) {
			fields[n++] = r->rows[i].keys[d] ? r->rows[i].keys[d] : "";
			fields[n++] = r->rows[i].labels[d] ? r->rows[i].labels[d] : "";
		}
		for (size_t k = 0; k < STATS_NMEASURES; k++) {
			snprintf(nums[k], sizeof(nums[k]), "%lld", stats_measure(m, k));
			fields[n++] = nums[k];
		}
		rc = csv_write_row(out, fields, n);
	}
	return rc;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void set_measures(json_t *obj, const struct stats_measures *m)
{
	for (size_t k = 0; k < STATS_NMEASURES; k++)
		json_object_set_new(obj, stats_measure_codes[k], json_integer(stats_measure(m, k)));
}

json_t *stats_result_json(const struct stats_result *r)
{
	char from[DATE_STRLEN], to[DATE_STRLEN];
	date_format(r->from, from);
	date_format(r->to, to);
	json_t *doc = json_object();
	json_object_set_new(doc, "from", json_string(from));
	json_object_set_new(doc, "to", json_string(to));
	json_t *dims = json_array();
	for (size_t d = 0; d < r->ndims; d++)
		json_array_append_new(dims, json_string(stats_dim_name(r->dims[d])));
	json_object_set_new(doc, "dims", dims);
	json_t *totals = json_object();
	set_measures(totals, &r->totals);
	json_object_set_new(doc, "totals", totals);
	json_t *rows = json_array();
	for (size_t i = 0; i < r->nrows; i++) {
		json_t *row = json_object();
		for (size_t d = 0; d < r->ndims; d++) {
			const char *name = stats_dim_name(r->dims[d]);
			char *label_name = xasprintf("%s_label", name);
			json_object_set_new(row, name, json_string(r->rows[i].keys[d] ? r->rows[i].keys[d] : ""));
			json_object_set_new(row, label_name, json_string(r->rows[i].labels[d] ? r->rows[i].labels[d] : ""));
			free(label_name);
		}
		set_measures(row, &r->rows[i].m);
		json_array_append_new(rows, row);
	}
	json_object_set_new(doc, "rows", rows);
	return doc;
}

int stats_write_json(struct buf *out, const struct stats_result *r)
{
	json_t *doc = stats_result_json(r);
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return MAPO_EINVAL;
	int rc = buf_addstr(out, text);
	if (!rc)
		rc = buf_addch(out, '\n');
	free(text);
	return rc;
}
