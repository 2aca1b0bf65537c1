/* The press statement: its figures from the store's tally, and its one sentence. */
#include <stdlib.h>
#include <string.h>

#include "core/statement.h"

int statement_period(mapo_date from, mapo_date as_of, mapo_date *out_from, struct mapo_error *err)
{
	if (as_of == DATE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, _("the statement needs an as-of date"));
	if (from == DATE_NONE)
		from = date_from_ymd(date_year(as_of), 1, 1);
	if (from > as_of) {
		char a[DATE_STRLEN], b[DATE_STRLEN];
		date_format(from, a);
		date_format(as_of, b);
		return mapo_error_set(err, MAPO_EINVAL, _("the statement's start %s is after its as-of date %s"), a, b);
	}
	*out_from = from;
	return 0;
}

static int totals_cb(const struct tally_row *row, void *arg)
{
	struct stats_measures *m = arg;
	m->tip_cases = row->tip_cases;
	m->tip_arrests = row->tip_arrests;
	m->tip_forced_labour_cases = row->tip_forced_labour_cases;
	m->som_cases = row->som_cases;
	m->som_arrests = row->som_arrests;
	m->victims_rescued = row->victims_rescued;
	return 0;
}

int statement_compute(store *s, mapo_date from, mapo_date as_of, struct statement *out,
	struct mapo_error *err)
{
	memset(out, 0, sizeof(*out));
	int rc = statement_period(from, as_of, &out->from, err);
	if (rc)
		return rc;
	out->as_of = as_of;
	struct tally_query q;
	memset(&q, 0, sizeof(q));
	case_filter_init(&q.filter);
	q.from = out->from;
	q.to = as_of;
	return store_tally(s, &q, totals_cb, &out->m, err);
}

int statement_format_as_of(mapo_date as_of, enum mapo_lang lang, struct buf *out)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	if (date_is_month_end(as_of))
		return buf_printf(out, "%s %d", stats_month_name(m, lang), y);
	return buf_printf(out, "%d %s %d", d, stats_month_name(m, lang), y);
}

/* Fills the count n, with thousands separators, into fmt: a noun phrase that mapo_ntr chose for
 * n ("%s trafficking in persons cases"). */
static char *count_phrase(const char *fmt, long long n)
{
	char num[32];
	fmt_count(n, num);
	return xasprintf(fmt, num);
}

/* mapo_ntr takes an unsigned count; the measures are never negative. */
static unsigned long plural_n(long long n) { return n < 0 ? 0UL : (unsigned long)n; }

int statement_format(const struct statement *st, enum mapo_lang lang, struct buf *out)
{
	struct buf as_of = BUF_INIT;
	char *phrases[6];
	const struct stats_measures *m = &st->m;
	int rc = statement_format_as_of(st->as_of, lang, &as_of);

	/* Each count is its own phrase so that each gets its own plural form. */
	phrases[0] = count_phrase(mapo_ntr(lang, "%s trafficking in persons case", "%s trafficking in persons cases",
		plural_n(m->tip_cases)), m->tip_cases);
	phrases[1] = count_phrase(mapo_ntr(lang, "%s arrest", "%s arrests", plural_n(m->tip_arrests)), m->tip_arrests);
	phrases[2] = count_phrase(mapo_ntr(lang, "%s case", "%s cases", plural_n(m->tip_forced_labour_cases)),
		m->tip_forced_labour_cases);
	phrases[3] = count_phrase(mapo_ntr(lang, "%s migrant smuggling case", "%s migrant smuggling cases",
		plural_n(m->som_cases)), m->som_cases);
	phrases[4] = count_phrase(mapo_ntr(lang, "%s arrest", "%s arrests", plural_n(m->som_arrests)), m->som_arrests);
	phrases[5] = NULL;
	if (!rc)
		rc = buf_printf(out,
			mapo_tr(lang, "As of %s, action was taken on %s involving %s. Of these, %s involved "
				"forced labour exploitation. For the same period, action was taken on %s involving %s."),
			buf_str(&as_of), phrases[0], phrases[1], phrases[2], phrases[3], phrases[4]);
	if (!rc)
		rc = buf_addch(out, '\n');
	for (size_t i = 0; phrases[i]; i++)
		free(phrases[i]);
	buf_release(&as_of);
	return rc;
}
