#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/chart.h"
#include "web/template.h"

#define W 720
#define H 260
#define LEFT 48
#define RIGHT 8
#define TOP 10
#define BOTTOM 40

/* 1, 2 or 5 times a power of ten, at least v. */
static long long nice_ceiling(long long v)
{
	long long p = 1;
	while (p * 10 <= v)
		p *= 10;
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

/* An x label in its bar's slot (step wide): on one line when it fits (about 6 units a character
 * at the axis size), else broken at a space onto a second line; the bar's title and the table
 * give it whole. */
static void x_label(struct buf *out, const char *text, double x, double step)
{
	size_t fit = step > 12 ? (size_t)(step / 6.0) : 2, len = strlen(text);
	const char *cut = NULL;
	for (const char *p = text; len > fit && *p && (size_t)(p - text) <= fit; p++)
		if (*p == ' ')
			cut = p;
	if (len > fit && !cut)
		cut = strchr(text, ' ');
	tpl_rawf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"start\">", x, H - BOTTOM + 16);
	if (!cut) {
		tpl_printf(out, "%s</text>", text);
		return;
	}
	char *first = xstrndup(text, (size_t)(cut - text));
	tpl_rawf(out, "<tspan x=\"%.1f\">", x);
	tpl_printf(out, "%s</tspan>", first);
	tpl_rawf(out, "<tspan x=\"%.1f\" dy=\"1.1em\">", x);
	tpl_printf(out, "%s</tspan></text>", cut + 1);
	free(first);
}

void chart_bars(struct buf *out, const char *id, const char *title, const char *table_label,
	const char *const *xlabels, size_t nx, const struct chart_series *series, size_t nseries)
{
	if (nseries > CHART_SERIES_MAX)
		nseries = CHART_SERIES_MAX;
	long long max = 0;
	for (size_t x = 0; x < nx; x++) {
		long long sum = 0;
		for (size_t s = 0; s < nseries; s++)
			sum += series[s].values[x];
		if (sum > max)
			max = sum;
	}
	long long top = nice_ceiling(max > 0 ? max : 1);
	/* gridlines at whole numbers: four when the top divides by four, else five, two or one */
	int divisions = top % 4 == 0 ? 4 : top % 5 == 0 ? 5 : top % 2 == 0 ? 2 : 1;
	double plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM;
	double step = nx ? plot_w / (double)nx : plot_w;
	double bar = step > 3 ? step * 0.8 : step;

	tpl_printf(out, "<figure class=\"chart\" id=\"%s\">\n<figcaption>%s</figcaption>\n", id, title);
	tpl_printf(out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t\" preserveAspectRatio=\"none\">",
		W, H, id);
	tpl_printf(out, "<title id=\"%s-t\">%s</title>", id, title);
	for (int g = 0; g <= divisions; g++) {
		double y = TOP + plot_h - plot_h * g / divisions;
		char num[32];
		fmt_count(top * g / divisions, num);
		tpl_rawf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, W - RIGHT, y, y);
		tpl_rawf(out, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LEFT - 4, y + 4);
		tpl_printf(out, "%s</text>", num);
	}
	/* x labels: all of them when they fit, else only where the label changes year ("2019") */
	size_t every = nx > 24 ? 0 : nx > 12 ? 3 : 1;
	for (size_t x = 0; x < nx; x++) {
		double x0 = LEFT + step * (double)x + (step - bar) / 2;
		double y = TOP + plot_h;
		for (size_t s = 0; s < nseries; s++) {
			long long v = series[s].values[x];
			if (v <= 0)
				continue;
			double h = plot_h * (double)v / (double)top;
			y -= h;
			tpl_rawf(out, "<rect class=\"s%zu\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">", s, x0, y, bar, h);
			char num[32];
			fmt_count(v, num);
			tpl_printf(out, "<title>%s, %s: %s</title></rect>", xlabels[x], series[s].label, num);
		}
		bool label = every ? x % every == 0 : (x == 0 || strncmp(xlabels[x] + strlen(xlabels[x]) - 4,
			xlabels[x - 1] + strlen(xlabels[x - 1]) - 4, 4));
		if (label && strlen(xlabels[x]) >= 4)
			x_label(out, every ? xlabels[x] : xlabels[x] + strlen(xlabels[x]) - 4, x0, every ? step * every : step);
	}
	tpl_rawf(out, "<line class=\"baseline\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>", LEFT, W - RIGHT, TOP + (int)plot_h,
		TOP + (int)plot_h);
	tpl_raw(out, "</svg>\n<ul class=\"legend\">");
	for (size_t s = 0; s < nseries; s++)
		tpl_printf(out, "<li><span class=\"swatch s%zu\"></span>%s</li>", s, series[s].label);
	tpl_raw(out, "</ul>\n");

	tpl_printf(out, "<details><summary>%s</summary><div class=\"scroll\"><table><thead><tr><th></th>", table_label);
	for (size_t s = 0; s < nseries; s++)
		tpl_printf(out, "<th scope=\"col\">%s</th>", series[s].label);
	tpl_raw(out, "</tr></thead><tbody>");
	for (size_t x = 0; x < nx; x++) {
		tpl_printf(out, "<tr><th scope=\"row\">%s</th>", xlabels[x]);
		for (size_t s = 0; s < nseries; s++) {
			char num[32];
			fmt_count(series[s].values[x], num);
			tpl_printf(out, "<td class=\"num\">%s</td>", num);
		}
		tpl_raw(out, "</tr>");
	}
	tpl_raw(out, "</tbody></table></div></details>\n</figure>\n");
}
