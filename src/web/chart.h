/* Charts drawn on the server as inline SVG: no script, styled by app.css (classes s0..s9 for
 * the series), each with a text alternative (a title, and the numbers as a table). */
#ifndef MAPO_WEB_CHART_H
#define MAPO_WEB_CHART_H

#include <stddef.h>

#include "util/util.h"

#define CHART_SERIES_MAX 10

struct chart_series {
	const char *label;        /* for the legend, translated */
	const long long *values;  /* one per category */
};

/* Appends a figure with a stacked bar chart: one bar per category (xlabels, nx of them), the
 * series stacked in order. title is the figure's caption; table_label names the details element
 * that holds the same numbers as a table. Labels are escaped. */
void chart_bars(struct buf *out, const char *id, const char *title, const char *table_label,
	const char *const *xlabels, size_t nx, const struct chart_series *series, size_t nseries);

#endif
