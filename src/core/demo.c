/* The demo generator. It walks the plan's months in order, splits each period's exact totals
 * over its months, each month's over its cases, and writes every case and person through the
 * store as it goes: memory stays at one month's worth of counters whatever --cases is. Every
 * split hands the last month (case) whatever is left, so the totals are exact for any seed.
 * docs/internals/demo.md has the arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/demo.h"
#include "core/demo_rng.h"
#include "core/refdata.h"
#include "store/store_auth.h"

/* ---- the plan ------------------------------------------------------------------------------- */

static const char *const dim_names[DEMO_DIM__COUNT] = {"tip-agency", "som-agency", "state", "form",
	"tip-offence", "som-offence", "victim-nationality", "migrant-nationality", "suspect-nationality",
	"suspect-role", "victim-sex", "migrant-sex", "suspect-sex", "victim-status", "status-new",
	"status-old", "forced-labour-agency", "forced-labour-victim-sex", "referral-org", "rate"};
static const char *const rate_names[RATE__COUNT] = {"linked-pair", "second-form", "second-offence",
	"free-suspect", "unrescued-victim", "migrants", "child-victim", "child-migrant", "birth-date",
	"age-only", "same-day", "referral"};
/* Rates that are means rather than probabilities. */
static bool rate_is_mean(enum demo_rate r)
{
	return r == RATE_FREE_SUSPECT || r == RATE_UNRESCUED_VICTIM || r == RATE_MIGRANTS;
}

/* A count in periods.csv stays below this, so that scaling (count * ncases) cannot overflow. */
#define PERIOD_COUNT_MAX 1000000000LL
#define RATE_MEAN_MAX 1000.0
#define WEIGHT_MAX 1e12

const char *demo_dim_name(enum demo_dim d) { return d >= 0 && d < DEMO_DIM__COUNT ? dim_names[d] : ""; }
const char *demo_rate_name(enum demo_rate r) { return r >= 0 && r < RATE__COUNT ? rate_names[r] : ""; }

int demo_table_add(struct demo_table *t, const char *dim, const char *code, double weight, struct mapo_error *err)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].code, code))
			return mapo_error_set(err, MAPO_EINVAL, _("%s '%s' is given twice"), dim, code);
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].code = xstrdup(code);
	t->v[t->n].weight = weight;
	t->n++;
	return 0;
}

void demo_table_release(struct demo_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].code);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void demo_plan_init(struct demo_plan *plan) { memset(plan, 0, sizeof(*plan)); }

void demo_plan_release(struct demo_plan *plan)
{
	for (int d = 0; d < DEMO_DIM__COUNT; d++)
		demo_table_release(&plan->tables[d]);
	free(plan->periods);
	demo_plan_init(plan);
}

int demo_plan_add_period(struct demo_plan *plan, const struct demo_period *p, struct mapo_error *err)
{
	char a[DATE_STRLEN], b[DATE_STRLEN];
	date_format(p->start, a);
	date_format(p->end, b);
	if (p->start == DATE_NONE || p->end == DATE_NONE || p->start > p->end)
		return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: the start is after the end"), a, b);
	int d;
	date_to_ymd(p->start, NULL, NULL, &d);
	if (d != 1 || !date_is_month_end(p->end))
		return mapo_error_set(err, MAPO_EINVAL,
			_("period %s to %s: a period runs over whole months (from a 1st to a month end)"), a, b);
	if (p->kind != KIND_TIP && p->kind != KIND_SOM)
		return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: kind must be TIP or SOM"), a, b);
	const long long counts[] = {p->cases, p->arrests, p->victims, p->forced_labour};
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (counts[i] < 0 || counts[i] > PERIOD_COUNT_MAX)
			return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: counts run from 0 to %lld"), a, b,
				PERIOD_COUNT_MAX);
	if (p->forced_labour > p->cases)
		return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: more forced labour cases than cases"), a, b);
	if (p->cases == 0 && (p->arrests || p->victims))
		return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: arrests or victims without cases"), a, b);
	if (p->kind == KIND_SOM && (p->victims || p->forced_labour))
		return mapo_error_set(err, MAPO_EINVAL,
			_("period %s to %s: a SOM period has no victims nor forced labour cases"), a, b);
	for (size_t i = 0; i < plan->nperiods; i++) {
		const struct demo_period *q = &plan->periods[i];
		if (q->kind == p->kind && q->start <= p->end && p->start <= q->end)
			return mapo_error_set(err, MAPO_EINVAL, _("period %s to %s: overlaps another %s period"), a, b,
				case_kind_code(p->kind));
	}
	ALLOC_GROW(plan->periods, plan->nperiods + 1, plan->alloc);
	plan->periods[plan->nperiods++] = *p;
	return 0;
}

/* The codes of the dimensions whose vocabulary is the domain's own (the others are reference
 * data, checked against the store by demo_generate). */
static bool own_code_ok(enum demo_dim d, const char *code)
{
	switch (d) {
	case DEMO_SUSPECT_ROLE: return suspect_role_parse(code) != SROLE_NONE;
	case DEMO_VICTIM_SEX:
	case DEMO_FL_VICTIM_SEX:
	case DEMO_MIGRANT_SEX:
	case DEMO_SUSPECT_SEX: return !strcmp(code, "F") || !strcmp(code, "M") || !strcmp(code, "U");
	case DEMO_VICTIM_STATUS: return trafficking_status_parse(code) != TSTATUS_NONE;
	case DEMO_STATUS_NEW:
	case DEMO_STATUS_OLD: return case_status_parse(code) != STATUS_NONE;
	case DEMO_REFERRAL_ORG: return *code != '\0' && strlen(code) < ORG_MAX && utf8_valid(code, strlen(code));
	default: return *code != '\0';
	}
}

int demo_plan_add_weight(struct demo_plan *plan, const char *dim, const char *code, double weight,
	struct mapo_error *err)
{
	int d = 0;
	while (d < DEMO_DIM__COUNT && strcmp(dim, dim_names[d]))
		d++;
	if (d == DEMO_DIM__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, _("unknown dimension '%s'"), dim);
	if (!(weight >= 0 && weight <= WEIGHT_MAX))
		return mapo_error_set(err, MAPO_EINVAL, _("%s '%s': the weight must be a number from 0 up"), dim, code);
	if (d == DEMO_RATE) {
		int r = 0;
		while (r < RATE__COUNT && strcmp(code, rate_names[r]))
			r++;
		if (r == RATE__COUNT)
			return mapo_error_set(err, MAPO_EINVAL, _("unknown rate '%s'"), code);
		if (plan->rate_set[r])
			return mapo_error_set(err, MAPO_EINVAL, _("rate '%s' is given twice"), code);
		if (rate_is_mean((enum demo_rate)r) ? weight > RATE_MEAN_MAX : weight > 1)
			return mapo_error_set(err, MAPO_EINVAL, _("rate '%s': %g is out of range"), code, weight);
		plan->rates[r] = weight;
		plan->rate_set[r] = true;
		return 0;
	}
	if (!own_code_ok((enum demo_dim)d, code))
		return mapo_error_set(err, MAPO_EINVAL, _("%s: unknown code '%s'"), dim, code);
	return demo_table_add(&plan->tables[d], dim, code, weight, err);
}

int demo_plan_check(const struct demo_plan *plan, struct mapo_error *err)
{
	if (!plan->nperiods)
		return mapo_error_set(err, MAPO_EINVAL, _("the demo plan has no periods"));
	for (int d = 0; d < DEMO_DIM__COUNT; d++) {
		if (d == DEMO_RATE)
			continue;
		double total = 0;
		for (size_t i = 0; i < plan->tables[d].n; i++)
			total += plan->tables[d].v[i].weight;
		if (d == DEMO_REFERRAL_ORG) {
			if (plan->rates[RATE_REFERRAL] > 0 && !(total > 0))
				return mapo_error_set(err, MAPO_EINVAL, _("the demo plan sets rate '%s' but has no weights for '%s'"),
					rate_names[RATE_REFERRAL], dim_names[d]);
			continue;
		}
		if (!(total > 0))
			return mapo_error_set(err, MAPO_EINVAL, _("the demo plan has no weights for '%s'"), dim_names[d]);
	}
	for (int r = 0; r < RATE__COUNT; r++)
		if (!plan->rate_set[r] && r != RATE_REFERRAL)
			return mapo_error_set(err, MAPO_EINVAL, _("the demo plan does not set rate '%s'"), rate_names[r]);
	return 0;
}

long long demo_plan_cases(const struct demo_plan *plan)
{
	long long n = 0;
	for (size_t i = 0; i < plan->nperiods; i++)
		n += plan->periods[i].cases;
	return n;
}

/* ---- randomness beyond core/demo_rng.h ------------------------------------------------------- */

/* x rounded down or up at random so that the mean is x (x >= 0). */
static long long rng_round(struct rng *r, double x)
{
	long long k = (long long)x;
	return k + (rng_unit(r) < x - (double)k ? 1 : 0);
}

/* A spread factor with mean 1: the product of `depth` uniforms, times 2^depth. Depth 2 ranges
 * 0-4, depth 3 ranges 0-8 with a longer tail (a few big raids among many small ones). */
static double rng_spread(struct rng *r, int depth)
{
	double x = 1;
	for (int i = 0; i < depth; i++)
		x *= 2 * rng_unit(r);
	return x;
}

/* A count with the given mean, spread as rng_spread. */
static long long rng_count(struct rng *r, double mean, int depth)
{
	return rng_round(r, mean * rng_spread(r, depth));
}

/* ---- weighted choices ------------------------------------------------------------------------ */

struct sampler {
	const char **codes;
	double *cum; /* cum[i]: the sum of the weights up to and including i */
	size_t n;
};

static void sampler_build(struct sampler *s, const struct demo_table *t, const char *exclude)
{
	s->codes = xcalloc(t->n ? t->n : 1, sizeof(*s->codes));
	s->cum = xcalloc(t->n ? t->n : 1, sizeof(*s->cum));
	s->n = 0;
	double total = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].weight <= 0 || (exclude && !strcmp(t->v[i].code, exclude)))
			continue;
		total += t->v[i].weight;
		s->codes[s->n] = t->v[i].code;
		s->cum[s->n++] = total;
	}
}

static void sampler_release(struct sampler *s)
{
	free(s->codes);
	free(s->cum);
	memset(s, 0, sizeof(*s));
}

static size_t sampler_index(const struct sampler *s, struct rng *r)
{
	double u = rng_unit(r) * s->cum[s->n - 1];
	size_t lo = 0, hi = s->n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static const char *sampler_draw(const struct sampler *s, struct rng *r) { return s->codes[sampler_index(s, r)]; }

/* A code other than `other` when there is one (else NULL). */
static const char *sampler_draw_other(const struct sampler *s, struct rng *r, const char *other)
{
	if (s->n < 2)
		return s->n == 1 && strcmp(s->codes[0], other) ? s->codes[0] : NULL;
	for (int tries = 0; tries < 16; tries++) {
		const char *c = sampler_draw(s, r);
		if (strcmp(c, other))
			return c;
	}
	return NULL;
}

/* ---- the generator's state ------------------------------------------------------------------- */

enum { SAMPLE_TIP_AGENCY, SAMPLE_SOM_AGENCY, SAMPLE_STATE, SAMPLE_FORM, SAMPLE_TIP_OFFENCE,
	SAMPLE_SOM_OFFENCE, SAMPLE_VICTIM_NAT, SAMPLE_MIGRANT_NAT, SAMPLE_SUSPECT_NAT, SAMPLE_SROLE,
	SAMPLE_VICTIM_SEX, SAMPLE_MIGRANT_SEX, SAMPLE_SUSPECT_SEX, SAMPLE_VSTATUS, SAMPLE_FL_AGENCY,
	SAMPLE_FL_VICTIM_SEX, SAMPLE__COUNT };

/* The arrested suspects of a linked TIP case that its SOM case shares. */
#define LINK_SUSPECTS 4

struct link {
	char tip_ref[CASE_REF_MAX];
	char state[CODE_MAX];
	size_t nsuspects;
	struct case_person suspects[LINK_SUSPECTS];
};

/* One period's totals still to place. */
struct period_run {
	struct demo_period p;   /* scaled */
	long long cases, arrests, victims, forced_labour;
	double *month_weight;   /* one per month of the period: its share of the period's cases */
	double weight_left;
	size_t months, month_i;
};

struct agency_seq {
	char agency[CODE_MAX];
	long next;
};

struct gen {
	store *s;
	const struct demo_plan *plan;
	struct rng rng;
	/* Referrals draw from their own stream: with or without them, every other value is the same. */
	struct rng referral_rng;
	struct sampler referral_orgs;
	struct refdata rd;
	struct sampler sample[SAMPLE__COUNT];
	double status_new[STATUS__COUNT], status_old[STATUS__COUNT];
	mapo_date plan_start, plan_end;
	struct period_run *runs;
	size_t nruns;

	int year; /* of the sequences below */
	struct agency_seq *seqs;
	size_t nseqs, seqs_alloc;

	struct link *links;
	size_t nlinks, links_alloc, link_next;

	struct mapo_case c;
	struct case_person person;
	struct buf summary;
	struct field_errors fe;

	long long done, total;
	demo_progress_fn progress;
	void *progress_arg;
};

/* ---- setting up ------------------------------------------------------------------------------ */

static int check_codes(struct gen *g, enum demo_dim d, enum ref_kind kind, const char *offence_kind,
	struct mapo_error *err)
{
	const struct demo_table *t = &g->plan->tables[d];
	for (size_t i = 0; i < t->n; i++) {
		const struct ref_item *it = refdata_find(&g->rd, kind, t->v[i].code);
		if (!it)
			return mapo_error_set(err, MAPO_EINVAL, _("demo plan: %s: '%s' is not in the reference data"),
				dim_names[d], t->v[i].code);
		if (offence_kind && strcmp(it->extra, offence_kind))
			return mapo_error_set(err, MAPO_EINVAL, _("demo plan: %s: section %s is not a %s offence"),
				dim_names[d], t->v[i].code, offence_kind);
	}
	return 0;
}

static void status_weights(const struct demo_table *t, double out[STATUS__COUNT])
{
	for (int i = 0; i < STATUS__COUNT; i++)
		out[i] = 0;
	for (size_t i = 0; i < t->n; i++)
		out[case_status_parse(t->v[i].code)] += t->v[i].weight;
}

/* Scales the plan to ncases: the cases by largest remainders (so they add up to ncases exactly),
 * the other counts rounded half up; at the plan's own size both leave every count unchanged. */
static void scale_periods(struct gen *g, long long ncases)
{
	const struct demo_plan *plan = g->plan;
	long long total = demo_plan_cases(plan);
	g->nruns = plan->nperiods;
	g->runs = xcalloc(g->nruns, sizeof(*g->runs));
	long long placed = 0;
	for (size_t i = 0; i < g->nruns; i++) {
		struct period_run *run = &g->runs[i];
		const struct demo_period *p = &plan->periods[i];
		run->p = *p;
		run->p.cases = p->cases * ncases / total;
		placed += run->p.cases;
	}
	/* Hand the cases still missing to the periods with the largest remainders (earliest first). */
	while (placed < ncases) {
		size_t best = 0;
		long long best_rem = -1;
		for (size_t i = 0; i < g->nruns; i++) {
			long long rem = plan->periods[i].cases * ncases % total;
			bool bumped = g->runs[i].p.cases > plan->periods[i].cases * ncases / total;
			if (!bumped && rem > best_rem) {
				best = i;
				best_rem = rem;
			}
		}
		g->runs[best].p.cases++;
		placed++;
	}
	for (size_t i = 0; i < g->nruns; i++) {
		struct period_run *run = &g->runs[i];
		const struct demo_period *p = &plan->periods[i];
		run->p.arrests = (p->arrests * ncases + total / 2) / total;
		run->p.victims = (p->victims * ncases + total / 2) / total;
		run->p.forced_labour = (p->forced_labour * ncases + total / 2) / total;
		if (run->p.forced_labour > run->p.cases)
			run->p.forced_labour = run->p.cases;
		if (!run->p.cases)
			run->p.arrests = run->p.victims = 0;
		run->cases = run->p.cases;
		run->arrests = run->p.arrests;
		run->victims = run->p.victims;
		run->forced_labour = run->p.forced_labour;
	}
}

static long months_between(mapo_date a, mapo_date b)
{
	return (date_year(b) - date_year(a)) * 12L + date_month(b) - date_month(a);
}

/* Each month's share of its period: its days times an activity factor (0.6-1.4), so that months
 * differ the way real ones do. */
static void draw_month_weights(struct gen *g)
{
	for (size_t i = 0; i < g->nruns; i++) {
		struct period_run *run = &g->runs[i];
		run->months = (size_t)months_between(run->p.start, run->p.end) + 1;
		run->month_weight = xcalloc(run->months, sizeof(double));
		int y = date_year(run->p.start), m = date_month(run->p.start);
		for (size_t k = 0; k < run->months; k++) {
			run->month_weight[k] = date_days_in_month(y, m) * (0.6 + 0.8 * rng_unit(&g->rng));
			run->weight_left += run->month_weight[k];
			if (++m == 13) {
				m = 1;
				y++;
			}
		}
	}
}

static int gen_setup(struct gen *g, struct mapo_error *err)
{
	const struct demo_plan *plan = g->plan;
	int rc = refdata_load(g->s, &g->rd, err);
	if (rc)
		return rc;
	static const struct {
		enum demo_dim dim;
		enum ref_kind kind;
		const char *offence_kind;
	} ref_dims[] = {
		{DEMO_TIP_AGENCY, REF_AGENCY, NULL}, {DEMO_SOM_AGENCY, REF_AGENCY, NULL},
		{DEMO_FL_AGENCY, REF_AGENCY, NULL},
		{DEMO_STATE, REF_STATE, NULL}, {DEMO_FORM, REF_FORM, NULL},
		{DEMO_TIP_OFFENCE, REF_OFFENCE, "TIP"}, {DEMO_SOM_OFFENCE, REF_OFFENCE, "SOM"},
		{DEMO_VICTIM_NATIONALITY, REF_COUNTRY, NULL}, {DEMO_MIGRANT_NATIONALITY, REF_COUNTRY, NULL},
		{DEMO_SUSPECT_NATIONALITY, REF_COUNTRY, NULL},
	};
	for (size_t i = 0; i < sizeof(ref_dims) / sizeof(ref_dims[0]); i++) {
		rc = check_codes(g, ref_dims[i].dim, ref_dims[i].kind, ref_dims[i].offence_kind, err);
		if (rc)
			return rc;
	}
	bool forced_labour = false;
	for (size_t i = 0; i < plan->nperiods; i++)
		forced_labour = forced_labour || plan->periods[i].forced_labour > 0;
	if (forced_labour && !refdata_find(&g->rd, REF_FORM, FORM_FORCED_LABOUR))
		return mapo_error_set(err, MAPO_EINVAL, _("demo plan: the form '%s' is not in the reference data"),
			FORM_FORCED_LABOUR);

	static const enum demo_dim sample_dims[SAMPLE__COUNT] = {DEMO_TIP_AGENCY, DEMO_SOM_AGENCY,
		DEMO_STATE, DEMO_FORM, DEMO_TIP_OFFENCE, DEMO_SOM_OFFENCE, DEMO_VICTIM_NATIONALITY,
		DEMO_MIGRANT_NATIONALITY, DEMO_SUSPECT_NATIONALITY, DEMO_SUSPECT_ROLE, DEMO_VICTIM_SEX,
		DEMO_MIGRANT_SEX, DEMO_SUSPECT_SEX, DEMO_VICTIM_STATUS, DEMO_FL_AGENCY, DEMO_FL_VICTIM_SEX};
	for (int i = 0; i < SAMPLE__COUNT; i++)
		/* Forced labour is placed exactly by the periods; the form weights pick the others. */
		sampler_build(&g->sample[i], &plan->tables[sample_dims[i]],
			i == SAMPLE_FORM ? FORM_FORCED_LABOUR : NULL);
	if (!g->sample[SAMPLE_FORM].n)
		return mapo_error_set(err, MAPO_EINVAL,
			_("demo plan: the form weights need a form other than '%s'"), FORM_FORCED_LABOUR);
	sampler_build(&g->referral_orgs, &plan->tables[DEMO_REFERRAL_ORG], NULL);
	status_weights(&plan->tables[DEMO_STATUS_NEW], g->status_new);
	status_weights(&plan->tables[DEMO_STATUS_OLD], g->status_old);

	g->plan_start = plan->periods[0].start;
	g->plan_end = plan->periods[0].end;
	for (size_t i = 1; i < plan->nperiods; i++) {
		if (plan->periods[i].start < g->plan_start)
			g->plan_start = plan->periods[i].start;
		if (plan->periods[i].end > g->plan_end)
			g->plan_end = plan->periods[i].end;
	}
	return 0;
}

static void gen_release(struct gen *g)
{
	for (int i = 0; i < SAMPLE__COUNT; i++)
		sampler_release(&g->sample[i]);
	sampler_release(&g->referral_orgs);
	for (size_t i = 0; i < g->nruns; i++)
		free(g->runs[i].month_weight);
	free(g->runs);
	free(g->seqs);
	free(g->links);
	refdata_release(&g->rd);
	case_release(&g->c);
	buf_release(&g->summary);
	field_errors_release(&g->fe);
}

/* ---- splitting totals ------------------------------------------------------------------------ */

/* This month's part of a run's remaining count, in proportion part/whole of the remaining cases
 * (randomly rounded); the whole of it when part is the whole. */
static long long share(struct rng *r, long long left, long long part, long long whole)
{
	if (part >= whole)
		return left;
	if (part <= 0 || left <= 0)
		return 0;
	long long k = rng_round(r, (double)left * (double)part / (double)whole);
	return k > left ? left : k;
}

/* One case's part of a month's remaining count over `slots` remaining cases; the last takes all. */
static long long take(struct rng *r, long long left, long long slots, int depth)
{
	if (slots <= 1)
		return left;
	if (left <= 0)
		return 0;
	long long k = rng_count(r, (double)left / (double)slots, depth);
	return k > left ? left : k;
}

/* ---- writing --------------------------------------------------------------------------------- */

/* fmt names the record ("demo: case %s: %s: %s"): its reference, the field, the problem. */
static int report_invalid(struct gen *g, const char *fmt, const char *ref, struct mapo_error *err)
{
	int rc = mapo_error_set(err, MAPO_EINVAL, fmt, ref, g->fe.v[0].field, g->fe.v[0].msg);
	field_errors_release(&g->fe);
	return rc;
}

static int next_ref(struct gen *g, const struct sampler *agencies, const char *agency, int year,
	struct mapo_error *err)
{
	if (year != g->year) {
		g->year = year;
		g->nseqs = 0;
	}
	/* An agency whose year is full (999999 cases) hands over to the next one in the table. */
	for (size_t tries = 0; tries <= agencies->n; tries++) {
		struct agency_seq *seq = NULL;
		for (size_t i = 0; i < g->nseqs && !seq; i++)
			if (!strcmp(g->seqs[i].agency, agency))
				seq = &g->seqs[i];
		if (!seq) {
			long next;
			int rc = store_case_next_seq(g->s, agency, year, &next, err);
			if (rc)
				return rc;
			ALLOC_GROW(g->seqs, g->nseqs + 1, g->seqs_alloc);
			seq = &g->seqs[g->nseqs++];
			snprintf(seq->agency, sizeof(seq->agency), "%s", agency);
			seq->next = next;
		}
		if (seq->next <= 999999) {
			snprintf(g->c.agency, sizeof(g->c.agency), "%s", agency);
			case_format_ref(g->c.ref, agency, year, seq->next++);
			return 0;
		}
		agency = agencies->codes[tries % agencies->n];
	}
	return mapo_error_set(err, MAPO_ETOOBIG, _("demo: every agency has used all 999999 references of %d"), year);
}

static enum case_status draw_status(struct gen *g, mapo_date action)
{
	/* Older cases have had time to move on: weights slide from status-new (a case acted on at
	 * the end of the plan) to status-old (at its start). */
	double span = (double)(g->plan_end - g->plan_start);
	double t = span > 0 ? (double)(g->plan_end - action) / span : 0;
	double w[STATUS__COUNT], total = 0;
	for (int i = 0; i < STATUS__COUNT; i++) {
		w[i] = (1 - t) * g->status_new[i] + t * g->status_old[i];
		total += w[i];
	}
	double u = rng_unit(&g->rng) * total;
	for (int i = 0; i < STATUS__COUNT; i++) {
		if (u < w[i])
			return (enum case_status)i;
		u -= w[i];
	}
	return STATUS_INVESTIGATION;
}

/* A day from action to the end of its month (and of the plan): the day of an arrest or rescue. */
static mapo_date later_day(struct gen *g, mapo_date action)
{
	if (rng_chance(&g->rng, g->plan->rates[RATE_SAME_DAY]))
		return action;
	int y, m, d;
	date_to_ymd(action, &y, &m, &d);
	mapo_date last = date_from_ymd(y, m, date_days_in_month(y, m));
	if (last > g->plan_end)
		last = g->plan_end;
	return action + (mapo_date)rng_below(&g->rng, (long long)(last - action) + 1);
}

static void draw_person(struct gen *g, enum person_role role, int sample_sex, int sample_nat,
	int min_age, int max_age, double child_rate)
{
	struct case_person *p = &g->person;
	const struct mapo_case *c = &g->c;
	case_person_init(p);
	snprintf(p->case_ref, sizeof(p->case_ref), "%s", c->ref);
	p->role = role;
	p->sex = sampler_draw(&g->sample[sample_sex], &g->rng)[0];
	snprintf(p->nationality, sizeof(p->nationality), "%s", sampler_draw(&g->sample[sample_nat], &g->rng));
	int age = rng_chance(&g->rng, child_rate) ? 8 + (int)rng_below(&g->rng, 10)
						    : min_age + (int)rng_below(&g->rng, max_age - min_age + 1);
	if (rng_chance(&g->rng, g->plan->rates[RATE_BIRTH_DATE])) {
		/* Born `age` years and up to a year before the action date. */
		int y, m, d;
		date_to_ymd(c->action_date, &y, &m, &d);
		if (m == 2 && d == 29)
			d = 28;
		p->birth_date = date_from_ymd(y - age, m, d) - (mapo_date)rng_below(&g->rng, 365);
	} else if (rng_chance(&g->rng, g->plan->rates[RATE_AGE_ONLY])) {
		p->age = age;
	}
}

/* A person's reference: the case's, a letter for the role (S, V, M) and a number. Case
 * references are short (AGENCY/YYYY/NNNNNN), so a cut one would be a bug; case_person_validate
 * still sees whatever results. */
static void set_person_ref(struct case_person *p, const char *case_ref, char role, long long n)
{
	if (snprintf(p->person_ref, sizeof(p->person_ref), "%s-%c%lld", case_ref, role, n) >= PERSON_REF_MAX)
		p->person_ref[0] = '\0';
}

static int put_person(struct gen *g, struct case_person *p, struct mapo_error *err)
{
	if (case_person_validate(p, &g->c, &g->rd, &g->fe))
		return report_invalid(g, _("demo: person %s: %s: %s"), p->person_ref, err);
	return store_person_put(g->s, p, err);
}

/* Suspects: `arrested` with an arrest date, then `free` without one. The first arrested ones
 * are copied into link (when not NULL) for the SOM case of the same event. */
static int put_suspects(struct gen *g, long long arrested, long long free_suspects, long long first_no,
	struct link *link, struct mapo_error *err)
{
	for (long long i = 0; i < arrested + free_suspects; i++) {
		draw_person(g, PROLE_SUSPECT, SAMPLE_SUSPECT_SEX, SAMPLE_SUSPECT_NAT, 21, 60, 0);
		struct case_person *p = &g->person;
		set_person_ref(p, g->c.ref, 'S', first_no + i);
		p->suspect_role = suspect_role_parse(sampler_draw(&g->sample[SAMPLE_SROLE], &g->rng));
		if (i < arrested)
			p->arrest_date = later_day(g, g->c.action_date);
		int rc = put_person(g, p, err);
		if (rc)
			return rc;
		if (link && i < arrested && link->nsuspects < LINK_SUSPECTS)
			link->suspects[link->nsuspects++] = *p;
	}
	return 0;
}

static void plural(struct buf *b, long long n, const char *one, const char *many)
{
	buf_printf(b, "%lld %s", n, n == 1 ? one : many);
}

struct scene {
	const char *form;
	const char *text[3];
};

/* Made-up descriptions of the kind of operation, by form (TIP) or for smuggling. */
static const struct scene tip_scenes[] = {
	{"sexual", {"Raid on an entertainment outlet", "Raid on a massage parlour",
		"Investigation of online sexual exploitation"}},
	{"forced-labour", {"Inspection of a plantation", "Inspection of a factory",
		"Inspection of a construction site"}},
	{"servitude", {"Complaint of domestic servitude", "Rescue of a domestic worker kept by an employer",
		"Complaint of debt bondage"}},
	{"criminal-activity", {"Raid on an online scam centre", "Investigation of forced drug couriering",
		"Raid on an online scam centre"}},
	{"organ-removal", {"Investigation of an organ trafficking network", "Investigation of an organ trafficking network",
		"Investigation of an organ trafficking network"}},
	{"begging", {"Operation against forced begging", "Operation against forced begging at night markets",
		"Operation against forced begging"}},
	{"forced-marriage", {"Complaint of a forced marriage", "Complaint of a forced marriage",
		"Complaint of a forced marriage"}},
};
static const char *const som_scenes[] = {"Interception of a boat off the coast",
	"Migrants found in a lorry at a roadblock", "Raid on a transit house", "Interception at an airport",
	"Interception at a land border crossing"};

static const char *scene_for(struct gen *g, const char *form)
{
	for (size_t i = 0; i < sizeof(tip_scenes) / sizeof(tip_scenes[0]); i++)
		if (!strcmp(tip_scenes[i].form, form))
			return tip_scenes[i].text[rng_below(&g->rng, 3)];
	return "Investigation of an exploitation complaint";
}

static void start_case(struct gen *g, enum case_kind kind, mapo_date action)
{
	struct mapo_case *c = &g->c;
	c->id = 0;
	c->version = 0;
	c->kind = kind;
	c->action_date = action;
	c->related_ref[0] = '\0';
	strvec_clear(&c->offences);
	strvec_clear(&c->forms);
	buf_reset(&g->summary);
}

static void draw_offences(struct gen *g, int sample)
{
	const char *first = sampler_draw(&g->sample[sample], &g->rng);
	strvec_push(&g->c.offences, first);
	if (rng_chance(&g->rng, g->plan->rates[RATE_SECOND_OFFENCE])) {
		const char *second = sampler_draw_other(&g->sample[sample], &g->rng, first);
		if (second)
			strvec_push(&g->c.offences, second);
	}
}

static int insert_case(struct gen *g, struct mapo_error *err)
{
	case_set_summary(&g->c, buf_str(&g->summary));
	if (case_validate(&g->c, &g->rd, &g->fe))
		return report_invalid(g, _("demo: case %s: %s: %s"), g->c.ref, err);
	return store_case_insert(g->s, &g->c, err);
}

static int tip_case(struct gen *g, mapo_date action, bool forced_labour, long long arrested,
	long long rescued, struct link *link, struct mapo_error *err)
{
	struct mapo_case *c = &g->c;
	const double *rate = g->plan->rates;
	start_case(g, KIND_TIP, action);
	const struct sampler *agencies = &g->sample[forced_labour ? SAMPLE_FL_AGENCY : SAMPLE_TIP_AGENCY];
	int rc = next_ref(g, agencies, sampler_draw(agencies, &g->rng), date_year(action), err);
	if (rc)
		return rc;
	snprintf(c->state, sizeof(c->state), "%s", sampler_draw(&g->sample[SAMPLE_STATE], &g->rng));
	const char *form = forced_labour ? FORM_FORCED_LABOUR : sampler_draw(&g->sample[SAMPLE_FORM], &g->rng);
	strvec_push(&c->forms, form);
	if (rng_chance(&g->rng, rate[RATE_SECOND_FORM])) {
		const char *second = sampler_draw_other(&g->sample[SAMPLE_FORM], &g->rng, form);
		if (second)
			strvec_push(&c->forms, second);
	}
	draw_offences(g, SAMPLE_TIP_OFFENCE);
	c->status = draw_status(g, action);

	long long free_suspects = rng_count(&g->rng, rate[RATE_FREE_SUSPECT], 2);
	if (!arrested && !free_suspects)
		free_suspects = 1;
	long long unrescued = rng_count(&g->rng, rate[RATE_UNRESCUED_VICTIM], 2);

	buf_printf(&g->summary, "%s in %s. ", scene_for(g, form), refdata_name(&g->rd, REF_STATE, c->state, LANG_EN));
	plural(&g->summary, rescued, "victim rescued", "victims rescued");
	buf_addstr(&g->summary, ", ");
	plural(&g->summary, arrested, "suspect arrested", "suspects arrested");
	buf_addstr(&g->summary, ". Synthetic demo record.");
	rc = insert_case(g, err);
	if (!rc && rescued > 0 && g->referral_orgs.n && rng_chance(&g->referral_rng, rate[RATE_REFERRAL]))
		rc = store_case_set_source_org(g->s, c->ref, sampler_draw(&g->referral_orgs, &g->referral_rng), err);
	if (rc)
		return rc;
	if (link) {
		memset(link, 0, sizeof(*link));
		snprintf(link->tip_ref, sizeof(link->tip_ref), "%s", c->ref);
		snprintf(link->state, sizeof(link->state), "%s", c->state);
	}
	rc = put_suspects(g, arrested, free_suspects, 1, link, err);
	for (long long i = 0; !rc && i < rescued + unrescued; i++) {
		draw_person(g, PROLE_VICTIM, forced_labour ? SAMPLE_FL_VICTIM_SEX : SAMPLE_VICTIM_SEX, SAMPLE_VICTIM_NAT,
			18, 45, rate[RATE_CHILD_VICTIM]);
		struct case_person *p = &g->person;
		set_person_ref(p, c->ref, 'V', i + 1);
		if (i < rescued) {
			p->trafficking_status = trafficking_status_parse(sampler_draw(&g->sample[SAMPLE_VSTATUS], &g->rng));
			p->rescue_date = later_day(g, action);
		} else {
			p->trafficking_status = TSTATUS_POSSIBLE;
		}
		rc = put_person(g, p, err);
	}
	return rc;
}

static int som_case(struct gen *g, mapo_date action, long long arrested, const struct link *link,
	struct mapo_error *err)
{
	struct mapo_case *c = &g->c;
	start_case(g, KIND_SOM, action);
	int rc = next_ref(g, &g->sample[SAMPLE_SOM_AGENCY], sampler_draw(&g->sample[SAMPLE_SOM_AGENCY], &g->rng),
		date_year(action), err);
	if (rc)
		return rc;
	snprintf(c->state, sizeof(c->state), "%s",
		link ? link->state : sampler_draw(&g->sample[SAMPLE_STATE], &g->rng));
	if (link)
		snprintf(c->related_ref, sizeof(c->related_ref), "%s", link->tip_ref);
	draw_offences(g, SAMPLE_SOM_OFFENCE);
	c->status = draw_status(g, action);

	long long free_suspects = rng_count(&g->rng, g->plan->rates[RATE_FREE_SUSPECT], 2);
	if (!arrested && !free_suspects)
		free_suspects = 1;
	long long migrants = rng_count(&g->rng, g->plan->rates[RATE_MIGRANTS], 2);
	if (!migrants)
		migrants = 1;

	buf_printf(&g->summary, "%s in %s. ",
		som_scenes[rng_below(&g->rng, (long long)(sizeof(som_scenes) / sizeof(som_scenes[0])))],
		refdata_name(&g->rd, REF_STATE, c->state, LANG_EN));
	plural(&g->summary, migrants, "smuggled migrant", "smuggled migrants");
	buf_addstr(&g->summary, ", ");
	plural(&g->summary, arrested, "suspect arrested", "suspects arrested");
	if (link)
		buf_printf(&g->summary, ". Same event as trafficking case %s", link->tip_ref);
	buf_addstr(&g->summary, ". Synthetic demo record.");
	rc = insert_case(g, err);
	if (rc)
		return rc;

	/* The same event's arrested suspects, once per case: each case counts its own arrests. */
	long long shared = link ? (long long)link->nsuspects : 0;
	if (shared > arrested)
		shared = arrested;
	for (long long i = 0; i < shared; i++) {
		struct case_person p = link->suspects[i];
		p.id = 0;
		snprintf(p.case_ref, sizeof(p.case_ref), "%s", c->ref);
		rc = put_person(g, &p, err);
		if (rc)
			return rc;
	}
	rc = put_suspects(g, arrested - shared, free_suspects, 1, NULL, err);
	for (long long i = 0; !rc && i < migrants; i++) {
		draw_person(g, PROLE_SMUGGLED_MIGRANT, SAMPLE_MIGRANT_SEX, SAMPLE_MIGRANT_NAT, 18, 50,
			g->plan->rates[RATE_CHILD_MIGRANT]);
		set_person_ref(&g->person, c->ref, 'M', i + 1);
		rc = put_person(g, &g->person, err);
	}
	return rc;
}

/* ---- the months ------------------------------------------------------------------------------ */

/* What one kind places in one month, split further case by case. */
struct month_part {
	long long cases, arrests, victims, forced_labour;
	int per_day[32];
};

static struct period_run *run_for(struct gen *g, enum case_kind kind, mapo_date month_start)
{
	for (size_t i = 0; i < g->nruns; i++)
		if (g->runs[i].p.kind == kind && g->runs[i].p.start <= month_start && month_start <= g->runs[i].p.end)
			return &g->runs[i];
	return NULL;
}

static void plan_month(struct gen *g, enum case_kind kind, mapo_date month_start, int days,
	struct month_part *part)
{
	memset(part, 0, sizeof(*part));
	struct period_run *run = run_for(g, kind, month_start);
	if (!run)
		return;
	double w = run->month_weight[run->month_i++];
	long long cases;
	if (run->month_i == run->months || w >= run->weight_left)
		cases = run->cases;
	else
		cases = rng_round(&g->rng, (double)run->cases * w / run->weight_left);
	if (cases > run->cases)
		cases = run->cases;
	run->weight_left -= w;

	part->cases = cases;
	part->arrests = share(&g->rng, run->arrests, cases, run->cases);
	part->victims = share(&g->rng, run->victims, cases, run->cases);
	long long fl = share(&g->rng, run->forced_labour, cases, run->cases);
	/* Keep what is left placeable: no more forced labour cases than cases, now or later. */
	if (fl > cases)
		fl = cases;
	if (run->forced_labour - fl > run->cases - cases)
		fl = run->forced_labour - (run->cases - cases);
	part->forced_labour = fl;

	run->cases -= cases;
	run->arrests -= part->arrests;
	run->victims -= part->victims;
	run->forced_labour -= fl;

	for (long long i = 0; i < cases; i++)
		part->per_day[1 + rng_below(&g->rng, days)]++;
}

static void report_progress(struct gen *g, bool last)
{
	static const long long step = 1000;
	if (g->progress && (last || g->done % step == 0))
		g->progress(g->done, g->total, g->progress_arg);
}

static int run_day(struct gen *g, mapo_date day, int tip_today, int som_today, struct month_part *tip,
	struct month_part *som, struct mapo_error *err)
{
	int rc = 0;
	g->nlinks = g->link_next = 0;
	for (int i = 0; i < tip_today; i++) {
		/* Selection sampling: exactly tip->forced_labour of the month's cases get forced labour. */
		bool fl = (double)tip->forced_labour > rng_unit(&g->rng) * (double)tip->cases;
		long long arrested = take(&g->rng, tip->arrests, tip->cases, 2);
		long long rescued = take(&g->rng, tip->victims, tip->cases, 3);
		struct link *link = NULL;
		if ((int)g->nlinks < som_today && rng_chance(&g->rng, g->plan->rates[RATE_LINKED_PAIR])) {
			ALLOC_GROW(g->links, g->nlinks + 1, g->links_alloc);
			link = &g->links[g->nlinks++];
		}
		rc = tip_case(g, day, fl, arrested, rescued, link, err);
		if (rc)
			return rc;
		tip->cases--;
		tip->arrests -= arrested;
		tip->victims -= rescued;
		tip->forced_labour -= fl;
		g->done++;
		report_progress(g, false);
	}
	for (int i = 0; i < som_today; i++) {
		const struct link *link = g->link_next < g->nlinks ? &g->links[g->link_next++] : NULL;
		long long arrested = take(&g->rng, som->arrests, som->cases, 2);
		rc = som_case(g, day, arrested, link, err);
		if (rc)
			return rc;
		som->cases--;
		som->arrests -= arrested;
		g->done++;
		report_progress(g, false);
	}
	return 0;
}

static int run_months(struct gen *g, struct mapo_error *err)
{
	int y = date_year(g->plan_start), m = date_month(g->plan_start);
	long nmonths = months_between(g->plan_start, g->plan_end) + 1;
	struct month_part tip, som;
	for (long i = 0; i < nmonths; i++) {
		int days = date_days_in_month(y, m);
		mapo_date first = date_from_ymd(y, m, 1);
		plan_month(g, KIND_TIP, first, days, &tip);
		plan_month(g, KIND_SOM, first, days, &som);
		for (int d = 1; d <= days; d++) {
			int rc = run_day(g, first + d - 1, tip.per_day[d], som.per_day[d], &tip, &som, err);
			if (rc)
				return rc;
		}
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	report_progress(g, true);
	return 0;
}

int demo_generate(store *s, const struct demo_plan *plan, uint64_t seed, long long ncases,
	demo_progress_fn progress, void *progress_arg, struct mapo_error *err)
{
	struct gen g;
	bool in_tx = false;
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.plan = plan;
	g.progress = progress;
	g.progress_arg = progress_arg;
	refdata_init(&g.rd);
	case_init(&g.c);
	buf_init(&g.summary, 0);

	int rc = demo_plan_check(plan, err);
	if (rc)
		goto out;
	long long planned = demo_plan_cases(plan);
	if (planned <= 0) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("the demo plan asks for no cases"));
		goto out;
	}
	if (ncases <= 0)
		ncases = planned;
	if (ncases > DEMO_CASES_MAX) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("the demo makes at most %lld cases"), DEMO_CASES_MAX);
		goto out;
	}
	g.total = ncases;
	rng_seed(&g.rng, seed);
	rng_seed(&g.referral_rng, seed ^ 0x7265666572726564ULL); /* "referred" */
	rc = gen_setup(&g, err);
	if (rc)
		goto out;
	scale_periods(&g, ncases);
	draw_month_weights(&g);

	rc = store_begin(s, err);
	if (rc)
		goto out;
	in_tx = true;
	if ((rc = store_bulk_begin(s, err)))
		goto out;
	rc = run_months(&g, err);
	if (rc)
		goto out;
	rc = store_commit(s, err);
	in_tx = rc != 0;
out:
	if (in_tx)
		store_rollback(s);
	gen_release(&g);
	return rc;
}
