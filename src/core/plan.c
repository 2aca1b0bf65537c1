/* The action plan, its progress, recommendations and guidelines: the domain's rules and
 * arithmetic (docs/internals/plan.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/council.h"
#include "core/plan.h"
#include "core/refdata.h"
#include "store/store.h"
#include "store/store_council.h"
#include "store/store_plan.h"

/* ---- vocabularies ------------------------------------------------------------------------- */

static const char *const level_codes[PLAN_LEVEL__COUNT] = {"pillar", "goal", "objective", "activity"};
static const char *const level_names[PLAN_LEVEL__COUNT] = {
	N_("pillar"), N_("strategic goal"), N_("objective"), N_("activity"),
};
static const char *const measure_codes[MEASURE__COUNT] = {
	"tip_cases", "tip_arrests", "tip_convictions", "tip_forced_labour_cases",
	"som_cases", "som_arrests", "som_convictions", "victims_rescued",
};
static const char *const measure_names[MEASURE__COUNT] = {
	N_("TIP cases"), N_("TIP arrests"), N_("TIP convictions"), N_("TIP forced labour cases"),
	N_("SOM cases"), N_("SOM arrests"), N_("SOM convictions"), N_("victims rescued"),
};
static const char *const pstatus_codes[PSTATUS__COUNT] = {"not-started", "on-track", "at-risk", "delayed", "done"};
static const char *const pstatus_names[PSTATUS__COUNT] = {
	N_("not started"), N_("on track"), N_("at risk"), N_("delayed"), N_("done"),
};
static const char *const rstatus_codes[RSTATUS__COUNT] = {"open", "in-progress", "addressed", "not-addressed"};
static const char *const rstatus_names[RSTATUS__COUNT] = {
	N_("open"), N_("in progress"), N_("addressed"), N_("not addressed"),
};
static const char *const subject_codes[SUBJECT__COUNT] = {"operation", "prosecution", "shelter"};
static const char *const subject_names[SUBJECT__COUNT] = {
	N_("enforcement operation"), N_("prosecution step"), N_("shelter"),
};
static const char *const answer_codes[ANSWER__COUNT] = {"yes", "no", "na"};

static int parse_code(const char *const *codes, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(codes[i], s))
			return i;
	return -1;
}

const char *plan_level_code(enum plan_level v) { return v >= 0 && v < PLAN_LEVEL__COUNT ? level_codes[v] : ""; }
enum plan_level plan_level_parse(const char *s) { return (enum plan_level)parse_code(level_codes, PLAN_LEVEL__COUNT, s); }
const char *plan_level_name(enum plan_level v, enum mapo_lang lang)
{
	return v >= 0 && v < PLAN_LEVEL__COUNT ? mapo_tr(lang, level_names[v]) : "";
}
const char *plan_measure_code(enum plan_measure v) { return v >= 0 && v < MEASURE__COUNT ? measure_codes[v] : ""; }
enum plan_measure plan_measure_parse(const char *s) { return (enum plan_measure)parse_code(measure_codes, MEASURE__COUNT, s); }
const char *plan_measure_name(enum plan_measure v, enum mapo_lang lang)
{
	return v >= 0 && v < MEASURE__COUNT ? mapo_tr(lang, measure_names[v]) : "";
}
const char *progress_status_code(enum progress_status v) { return v >= 0 && v < PSTATUS__COUNT ? pstatus_codes[v] : ""; }
enum progress_status progress_status_parse(const char *s)
{
	return (enum progress_status)parse_code(pstatus_codes, PSTATUS__COUNT, s);
}
const char *progress_status_name(enum progress_status v, enum mapo_lang lang)
{
	return v >= 0 && v < PSTATUS__COUNT ? mapo_tr(lang, pstatus_names[v]) : "";
}
const char *rec_status_code(enum rec_status v) { return v >= 0 && v < RSTATUS__COUNT ? rstatus_codes[v] : ""; }
enum rec_status rec_status_parse(const char *s) { return (enum rec_status)parse_code(rstatus_codes, RSTATUS__COUNT, s); }
const char *rec_status_name(enum rec_status v, enum mapo_lang lang)
{
	return v >= 0 && v < RSTATUS__COUNT ? mapo_tr(lang, rstatus_names[v]) : "";
}
const char *check_subject_code(enum check_subject v) { return v >= 0 && v < SUBJECT__COUNT ? subject_codes[v] : ""; }
enum check_subject check_subject_parse(const char *s)
{
	return (enum check_subject)parse_code(subject_codes, SUBJECT__COUNT, s);
}
const char *check_subject_name(enum check_subject v, enum mapo_lang lang)
{
	return v >= 0 && v < SUBJECT__COUNT ? mapo_tr(lang, subject_names[v]) : mapo_tr(lang, N_("all"));
}
const char *check_answer_code(enum check_answer v) { return v >= 0 && v < ANSWER__COUNT ? answer_codes[v] : ""; }
enum check_answer check_answer_parse(const char *s) { return (enum check_answer)parse_code(answer_codes, ANSWER__COUNT, s); }

/* ---- the plan ----------------------------------------------------------------------------- */

void plan_node_init(struct plan_node *nd)
{
	memset(nd, 0, sizeof(*nd));
	nd->level = PLAN_LEVEL_NONE;
	strvec_init(&nd->supporting);
	nd->computed = MEASURE_NONE;
	nd->baseline = NAN;
	for (int i = 0; i < PLAN_YEARS_MAX; i++)
		nd->targets[i] = NAN;
}

void plan_node_release(struct plan_node *nd)
{
	free(nd->title_ms);
	free(nd->title_en);
	free(nd->indicator_ms);
	free(nd->indicator_en);
	strvec_release(&nd->supporting);
	plan_node_init(nd);
}

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		plan_node_release(&p->nodes[i]);
	free(p->nodes);
	free(p->title_ms);
	free(p->title_en);
	plan_init(p);
}

void plan_add_node(struct plan *p, struct plan_node *nd)
{
	ALLOC_GROW(p->nodes, p->n + 1, p->alloc);
	p->nodes[p->n++] = *nd;
	plan_node_init(nd);
}

const struct plan_node *plan_find(const struct plan *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->nodes[i].code, code))
			return &p->nodes[i];
	return NULL;
}

double plan_target(const struct plan *p, const struct plan_node *nd, int year)
{
	int y = year - p->start_year;
	return y >= 0 && y < PLAN_YEARS_MAX ? nd->targets[y] : NAN;
}

const struct plan_node *plan_ancestor(const struct plan *p, const struct plan_node *nd, enum plan_level level)
{
	/* The tree is shallow (four levels): walking up by code is enough. */
	for (int depth = 0; nd && depth < PLAN_LEVEL__COUNT; depth++) {
		if (nd->level == level)
			return nd;
		nd = nd->parent[0] ? plan_find(p, nd->parent) : NULL;
	}
	return NULL;
}

static bool code_chars(const char *s, size_t max)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
			    c == '_' || c == '-'))
			return false;
	}
	return n > 0 && n < max;
}

bool plan_org_valid(const char *s)
{
	return s && code_chars(s, PLAN_ORG_MAX);
}

bool plan_code_valid(const char *s)
{
	return s && code_chars(s, PLAN_CODE_MAX);
}

static bool text_ok(const char *s)
{
	return s && *s && strlen(s) < PLAN_TITLE_MAX;
}

size_t plan_validate(const struct plan *p, const struct refdata *rd, struct strvec *problems)
{
	size_t before = problems->n;

	if (!plan_code_valid(p->code))
		strvec_pushf(problems, _("plan: code '%s' is not 1 to %d letters, digits, '.', '_' or '-'"), p->code,
			PLAN_CODE_MAX - 1);
	if (!text_ok(p->title_ms) || !text_ok(p->title_en))
		strvec_pushf(problems, _("plan %s: a title in Malay and in English is required"), p->code);
	if (p->start_year < 1900 || p->end_year > 9999 || p->end_year < p->start_year ||
	    p->end_year - p->start_year >= PLAN_YEARS_MAX)
		strvec_pushf(problems, _("plan %s: the years %d-%d are not a period of 1 to %d years"), p->code,
			p->start_year, p->end_year, PLAN_YEARS_MAX);
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_node *nd = &p->nodes[i];
		if (!plan_code_valid(nd->code)) {
			strvec_pushf(problems, _("%s: the code is not 1 to %d letters, digits, '.', '_' or '-'"), nd->code,
				PLAN_CODE_MAX - 1);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(p->nodes[j].code, nd->code))
				strvec_pushf(problems, _("%s: the code is used twice"), nd->code);
		if (!text_ok(nd->title_ms) || !text_ok(nd->title_en))
			strvec_pushf(problems, _("%s: a title in Malay and in English is required"), nd->code);
		if (nd->level == PLAN_PILLAR) {
			if (nd->parent[0])
				strvec_pushf(problems, _("%s: a pillar has no parent"), nd->code);
		} else {
			const struct plan_node *parent = NULL;
			for (size_t j = 0; j < i && !parent; j++)
				if (!strcmp(p->nodes[j].code, nd->parent))
					parent = &p->nodes[j];
			if (!parent)
				strvec_pushf(problems, _("%s: parent '%s' is not listed before it"), nd->code, nd->parent);
			else if (parent->level != nd->level - 1)
				strvec_pushf(problems, _("%s: a %s belongs under a %s, not a %s"), nd->code,
					plan_level_code(nd->level), plan_level_code((enum plan_level)(nd->level - 1)),
					plan_level_code(parent->level));
		}
		if (nd->level != PLAN_ACTIVITY)
			continue;
		if (!plan_org_valid(nd->lead))
			strvec_pushf(problems, _("%s: an activity needs a lead organisation code"), nd->code);
		for (size_t j = 0; j < nd->supporting.n; j++)
			if (!plan_org_valid(nd->supporting.v[j]))
				strvec_pushf(problems, _("%s: '%s' is not an organisation code"), nd->code, nd->supporting.v[j]);
		if (!text_ok(nd->indicator_ms) || !text_ok(nd->indicator_en))
			strvec_pushf(problems, _("%s: an indicator in Malay and in English is required"), nd->code);
		if (nd->start_year < p->start_year || nd->end_year > p->end_year || nd->end_year < nd->start_year)
			strvec_pushf(problems, _("%s: the period %d-%d is not within the plan's %d-%d"), nd->code,
				nd->start_year, nd->end_year, p->start_year, p->end_year);
		for (int y = 0; y < PLAN_YEARS_MAX; y++) {
			int year = p->start_year + y;
			if (!isnan(nd->targets[y]) && (year < nd->start_year || year > nd->end_year))
				strvec_pushf(problems, _("%s: a target for %d, outside its period"), nd->code, year);
		}
		if (!isnan(nd->baseline) && nd->baseline < 0)
			strvec_pushf(problems, _("%s: the baseline is negative"), nd->code);
		if (nd->computed_agency[0] && nd->computed == MEASURE_NONE)
			strvec_pushf(problems, _("%s: an agency for a typed indicator"), nd->code);
		if (nd->computed_agency[0] && rd && !refdata_find(rd, REF_AGENCY, nd->computed_agency))
			strvec_pushf(problems, _("%s: unknown agency '%s'"), nd->code, nd->computed_agency);
	}
	return problems->n - before;
}

/* ---- progress ----------------------------------------------------------------------------- */

void progress_report_init(struct progress_report *r)
{
	memset(r, 0, sizeof(*r));
	r->value = NAN;
	r->status = PSTATUS_NONE;
	r->narrative = xstrdup("");
}

void progress_report_release(struct progress_report *r)
{
	free(r->narrative);
	r->narrative = NULL;
}

mapo_date plan_quarter_end(int year, int quarter)
{
	int month = quarter * 3;
	return date_from_ymd(year, month, date_days_in_month(year, month));
}

int plan_date_quarter(mapo_date d)
{
	return (date_month(d) - 1) / 3 + 1;
}

/* Sums every row of a tally (without dimensions there is one). */
static int tally_sum(const struct tally_row *row, void *arg)
{
	struct tally_row *t = arg;
	t->tip_cases += row->tip_cases;
	t->tip_arrests += row->tip_arrests;
	t->tip_forced_labour_cases += row->tip_forced_labour_cases;
	t->som_cases += row->som_cases;
	t->som_arrests += row->som_arrests;
	t->victims_rescued += row->victims_rescued;
	return 0;
}

int plan_computed_value(store *s, const struct plan_node *nd, int year, int quarter, mapo_date as_of,
	long long *out, struct mapo_error *err)
{
	struct tally_query q;
	long long v = 0;

	if (nd->computed == MEASURE_NONE)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: the indicator is not computed"), nd->code);
	memset(&q, 0, sizeof(q));
	case_filter_init(&q.filter);
	q.from = date_from_ymd(year, 1, 1);
	q.to = plan_quarter_end(year, quarter);
	if (as_of != DATE_NONE && as_of < q.to)
		q.to = as_of;
	if (q.to < q.from) {
		*out = 0;
		return 0;
	}
	if (nd->computed_agency[0])
		q.filter.agency = nd->computed_agency;
	if (nd->computed == MEASURE_TIP_CONVICTIONS || nd->computed == MEASURE_SOM_CONVICTIONS)
		q.filter.status = STATUS_CONVICTED;

	struct tally_row total;
	memset(&total, 0, sizeof(total));
	int rc = store_tally(s, &q, tally_sum, &total, err);
	if (rc)
		return rc;
	switch (nd->computed) {
	case MEASURE_TIP_CASES:
	case MEASURE_TIP_CONVICTIONS: v = total.tip_cases; break;
	case MEASURE_TIP_ARRESTS: v = total.tip_arrests; break;
	case MEASURE_TIP_FORCED_LABOUR_CASES: v = total.tip_forced_labour_cases; break;
	case MEASURE_SOM_CASES:
	case MEASURE_SOM_CONVICTIONS: v = total.som_cases; break;
	case MEASURE_SOM_ARRESTS: v = total.som_arrests; break;
	case MEASURE_VICTIMS_RESCUED: v = total.victims_rescued; break;
	default: break;
	}
	*out = v;
	return 0;
}

void plan_state_flags(struct activity_state *st, mapo_date as_of)
{
	const struct plan_node *nd = st->node;
	mapo_date year_start = date_from_ymd(st->year, 1, 1), year_end = date_from_ymd(st->year, 12, 31);
	bool done = st->status == PSTATUS_DONE;

	if (as_of < year_start)
		st->expected = 0;
	else if (as_of >= year_end)
		st->expected = 1;
	else
		st->expected = (double)(as_of - year_start + 1) / (double)(year_end - year_start + 1);

	if (isnan(st->target))
		st->ratio = NAN;
	else if (st->target > 0) {
		double r = isnan(st->value) ? 0 : st->value / st->target;
		st->ratio = r > 1 ? 1 : r < 0 ? 0 : r;
	} else
		st->ratio = done ? 1 : 0;

	st->overdue = false;
	if (!done && date_from_ymd(nd->end_year, 12, 31) < as_of)
		st->overdue = true;
	if (!done && year_end < as_of && !isnan(st->ratio) && st->ratio < 1)
		st->overdue = true;

	/* The last quarter of the year that ended before as_of, within the activity's period. */
	st->report_missing = false;
	if (st->year >= nd->start_year && st->year <= nd->end_year && nd->computed == MEASURE_NONE && !done) {
		int ended = 0;
		for (int q = 1; q <= 4; q++)
			if (plan_quarter_end(st->year, q) < as_of)
				ended = q;
		st->report_missing = ended > 0 && st->quarter < ended;
	}

	st->at_risk = false;
	if (!done && !st->overdue) {
		if (st->status == PSTATUS_AT_RISK || st->status == PSTATUS_DELAYED || st->report_missing)
			st->at_risk = true;
		else if (!isnan(st->ratio) && st->ratio < st->expected - PLAN_RISK_MARGIN)
			st->at_risk = true;
	}
}

void plan_rollup_init(struct plan_rollup *r, const char *key)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->key, sizeof(r->key), "%s", key);
	r->progress = 0;
}

void plan_rollup_add(struct plan_rollup *r, const struct activity_state *st)
{
	r->activities++;
	if (!isnan(st->ratio)) {
		r->with_target++;
		r->progress += st->ratio;
	}
	if (st->status >= 0 && st->status < PSTATUS__COUNT)
		r->by_status[st->status]++;
	r->at_risk += st->at_risk;
	r->overdue += st->overdue;
	r->report_missing += st->report_missing;
}

void plan_rollup_finish(struct plan_rollup *r)
{
	r->progress = r->with_target ? r->progress / (double)r->with_target : NAN;
}

void plan_status_init(struct plan_status *ps)
{
	memset(ps, 0, sizeof(*ps));
	plan_init(&ps->plan);
}

void plan_status_release(struct plan_status *ps)
{
	plan_release(&ps->plan);
	free(ps->states);
	ps->states = NULL;
	ps->n = 0;
}

struct latest_ctx {
	struct plan_status *ps;
	mapo_date as_of;
};

/* Keeps, per activity, the latest report of the year whose quarter ended (or began) by as_of:
 * reports come by activity, year and quarter. */
static int take_latest(const struct progress_report *r, void *arg)
{
	struct latest_ctx *ctx = arg;
	if (date_from_ymd(r->year, (r->quarter - 1) * 3 + 1, 1) > ctx->as_of)
		return 0;
	for (size_t i = 0; i < ctx->ps->n; i++) {
		struct activity_state *st = &ctx->ps->states[i];
		if (strcmp(st->node->code, r->activity) || r->quarter < st->quarter)
			continue;
		st->quarter = r->quarter;
		st->status = r->status;
		if (st->node->computed == MEASURE_NONE)
			st->value = r->value;
	}
	return 0;
}

int plan_status_load(store *s, const char *plan_code, int year, mapo_date as_of, struct plan_status *out,
	struct mapo_error *err)
{
	int rc;
	plan_status_release(out);
	plan_status_init(out);
	if (as_of == DATE_NONE)
		as_of = date_today();
	out->year = year;
	out->as_of = as_of;
	if ((rc = store_plan_get(s, plan_code, &out->plan, err)))
		return rc;
	if (year < out->plan.start_year || year > out->plan.end_year)
		return mapo_error_set(err, MAPO_EINVAL, _("plan %s runs from %d to %d, not in %d"), plan_code,
			out->plan.start_year, out->plan.end_year, year);
	out->states = xcalloc(out->plan.n ? out->plan.n : 1, sizeof(*out->states));
	for (size_t i = 0; i < out->plan.n; i++) {
		const struct plan_node *nd = &out->plan.nodes[i];
		if (nd->level != PLAN_ACTIVITY || year < nd->start_year || year > nd->end_year)
			continue;
		struct activity_state *st = &out->states[out->n++];
		st->node = nd;
		st->year = year;
		st->target = plan_target(&out->plan, nd, year);
		st->value = NAN;
		st->status = PSTATUS_NOT_STARTED;
	}
	struct latest_ctx ctx = {out, as_of};
	if ((rc = store_progress_list(s, plan_code, NULL, year, take_latest, &ctx, err)))
		return rc;
	for (size_t i = 0; i < out->n; i++) {
		struct activity_state *st = &out->states[i];
		if (st->node->computed != MEASURE_NONE && as_of >= date_from_ymd(year, 1, 1)) {
			long long v;
			int q = as_of > date_from_ymd(year, 12, 31) ? 4 : plan_date_quarter(as_of);
			if ((rc = plan_computed_value(s, st->node, year, q, as_of, &v, err)))
				return rc;
			st->value = (double)v;
			/* A computed value is up to date by construction: it covers the quarter in course. */
			if (!st->quarter)
				st->quarter = q;
			if (st->status == PSTATUS_NOT_STARTED && v > 0)
				st->status = PSTATUS_ON_TRACK;
		}
		plan_state_flags(st, as_of);
	}
	return 0;
}

static int cmp_rollup(const void *a, const void *b)
{
	return strcmp(((const struct plan_rollup *)a)->key, ((const struct plan_rollup *)b)->key);
}

void plan_rollup(const struct plan_status *ps, enum rollup_by by, struct plan_rollup **out, size_t *n)
{
	struct plan_rollup *v = NULL;
	size_t nv = 0, alloc = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct activity_state *st = &ps->states[i];
		const char *key;
		if (by == ROLLUP_ORG) {
			key = st->node->lead;
		} else {
			const struct plan_node *up =
				plan_ancestor(&ps->plan, st->node, by == ROLLUP_PILLAR ? PLAN_PILLAR : PLAN_GOAL);
			key = up ? up->code : "";
		}
		size_t k = 0;
		while (k < nv && strcmp(v[k].key, key))
			k++;
		if (k == nv) {
			ALLOC_GROW(v, nv + 1, alloc);
			plan_rollup_init(&v[nv++], key);
		}
		plan_rollup_add(&v[k], st);
	}
	for (size_t k = 0; k < nv; k++)
		plan_rollup_finish(&v[k]);
	if (by == ROLLUP_ORG && nv > 1)
		qsort(v, nv, sizeof(*v), cmp_rollup);
	*out = v;
	*n = nv;
}

/* ---- access ------------------------------------------------------------------------------- */

static bool staff(const struct principal *p)
{
	return !p || p->role == ROLE_ADMIN || p->role == ROLE_SECRETARIAT;
}

bool plan_may_report(const struct principal *p, const struct plan_node *nd)
{
	if (staff(p))
		return true;
	if (!nd || !nd->lead[0])
		return false;
	if (p->role == ROLE_AGENCY_OFFICER && p->agency[0] && !strcmp(p->agency, nd->lead))
		return true;
	return p->role == ROLE_PARTNER && p->org[0] && !strcmp(p->org, nd->lead);
}

bool plan_may_manage(const struct principal *p)
{
	return staff(p);
}

bool plan_may_read(const struct principal *p)
{
	return !p || (p->role >= 0 && p->role < ROLE__COUNT);
}

bool plan_may_record_check(const struct principal *p, const char *agency)
{
	if (staff(p))
		return true;
	if (!agency || !*agency)
		return false;
	switch (p->role) {
	case ROLE_AGENCY_OFFICER:
	case ROLE_PROSECUTOR:
	case ROLE_PROTECTION_OFFICER:
		return p->agency[0] && !strcmp(p->agency, agency);
	case ROLE_PARTNER:
		return p->org[0] && !strcmp(p->org, agency);
	default:
		return false;
	}
}

static int report_denied(const struct plan_node *nd, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EDENIED, _("only the lead organisation (%s) reports on %s"), nd->lead, nd->code);
}

int plan_progress_allowed(store *s, const struct principal *p, const char *plan_code, const char *activity,
	struct mapo_error *err)
{
	struct plan plan;
	plan_init(&plan);
	int rc = store_plan_get(s, plan_code, &plan, err);
	if (rc)
		goto out;
	if (activity && *activity) {
		const struct plan_node *nd = plan_find(&plan, activity);
		if (!nd || nd->level != PLAN_ACTIVITY)
			rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no activity '%s' in plan '%s'"), activity, plan_code);
		else if (!plan_may_report(p, nd))
			rc = report_denied(nd, err);
		goto out;
	}
	bool leads = staff(p);
	for (size_t i = 0; i < plan.n && !leads; i++)
		leads = plan.nodes[i].level == PLAN_ACTIVITY && plan_may_report(p, &plan.nodes[i]);
	if (!leads)
		rc = mapo_error_set(err, MAPO_EDENIED, _("your organisation leads no activity of plan '%s'"), plan_code);
out:
	plan_release(&plan);
	return rc;
}

int plan_check_allowed(const struct principal *p, const char *agency, struct mapo_error *err)
{
	if (plan_may_record_check(p, agency))
		return 0;
	return mapo_error_set(err, MAPO_EDENIED, _("you may record checklists only for your own agency"));
}

int plan_progress_record(store *s, const struct principal *p, struct progress_report *r, const void *evidence,
	struct mapo_error *err)
{
	struct plan plan;
	int rc;
	plan_init(&plan);
	if ((rc = store_plan_get(s, r->plan, &plan, err)))
		goto out;
	const struct plan_node *nd = plan_find(&plan, r->activity);
	if (!nd || nd->level != PLAN_ACTIVITY) {
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no activity '%s' in plan '%s'"), r->activity, r->plan);
		goto out;
	}
	if (!plan_may_report(p, nd)) {
		rc = report_denied(nd, err);
		goto out;
	}
	if (r->year < nd->start_year || r->year > nd->end_year) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s runs from %d to %d, not in %d"), nd->code, nd->start_year,
			nd->end_year, r->year);
		goto out;
	}
	if (r->quarter < 1 || r->quarter > 4) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("quarter %d is not 1 to 4"), r->quarter);
		goto out;
	}
	if (r->status < 0 || r->status >= PSTATUS__COUNT) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("unknown status"));
		goto out;
	}
	if (nd->computed != MEASURE_NONE && !isnan(r->value)) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s is computed from the case register (%s); give no value"),
			nd->code, plan_measure_code(nd->computed));
		goto out;
	}
	if (nd->computed == MEASURE_NONE && (isnan(r->value) || r->value < 0 || !isfinite(r->value))) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s needs a value of 0 or more"), nd->code);
		goto out;
	}
	if (strlen(r->narrative) >= PLAN_TEXT_MAX || !utf8_valid(r->narrative, strlen(r->narrative))) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("the narrative is not UTF-8 text under %d bytes"), PLAN_TEXT_MAX);
		goto out;
	}
	if (evidence && r->evidence_size > PLAN_EVIDENCE_MAX) {
		rc = mapo_error_set(err, MAPO_ETOOBIG, _("the evidence file is larger than %zu MiB"),
			PLAN_EVIDENCE_MAX >> 20);
		goto out;
	}
	if (evidence && !r->evidence_name[0]) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("the evidence file needs a name"));
		goto out;
	}
	if (p) {
		snprintf(r->reported_by, sizeof(r->reported_by), "%s", p->username);
		if (!r->org[0])
			snprintf(r->org, sizeof(r->org), "%s", p->agency[0] ? p->agency : p->org[0] ? p->org : nd->lead);
	} else if (!r->org[0]) {
		snprintf(r->org, sizeof(r->org), "%s", nd->lead);
	}
	char detail[128];
	snprintf(detail, sizeof(detail), "%d Q%d %s", r->year, r->quarter, progress_status_code(r->status));
	char object[PLAN_CODE_MAX * 2 + 2];
	snprintf(object, sizeof(object), "%s/%s", r->plan, r->activity);
	if ((rc = store_begin(s, err)))
		goto out;
	if ((rc = store_progress_put(s, r, evidence, err)) ||
	    (rc = audit_append(s, p, "progress-report", "plan-activity", object, detail, NULL, err))) {
		store_rollback(s);
		goto out;
	}
	rc = store_commit(s, err);
out:
	plan_release(&plan);
	return rc;
}

/* ---- recommendations ---------------------------------------------------------------------- */

void recommendation_init(struct recommendation *r)
{
	memset(r, 0, sizeof(*r));
	r->status = RSTATUS_OPEN;
	r->evidence = xstrdup("");
	strvec_init(&r->links);
	strvec_init(&r->actions);
}

void recommendation_release(struct recommendation *r)
{
	free(r->text_ms);
	free(r->text_en);
	free(r->evidence);
	strvec_release(&r->links);
	strvec_release(&r->actions);
	memset(r, 0, sizeof(*r));
}

static bool long_text_ok(const char *s)
{
	return s && *s && strlen(s) < PLAN_TEXT_MAX;
}

size_t recommendation_validate(const struct recommendation *r, struct field_errors *errs)
{
	size_t before = errs->n;
	if (r->year < 2001 || r->year > 9999)
		field_errors_add(errs, "year", _("year %d is not a report year (2001-9999)"), r->year);
	if (r->rank < 1 || r->rank > 100)
		field_errors_add(errs, "rank", _("rank %d is not 1 to 100"), r->rank);
	if (!long_text_ok(r->text_en))
		field_errors_add(errs, "text_en", _("the English text is required (under %d bytes)"), PLAN_TEXT_MAX);
	if (!long_text_ok(r->text_ms))
		field_errors_add(errs, "text_ms", _("the Malay text is required (under %d bytes)"), PLAN_TEXT_MAX);
	if (r->status < 0 || r->status >= RSTATUS__COUNT)
		field_errors_add(errs, "status", _("unknown status"));
	if (r->evidence && strlen(r->evidence) >= PLAN_TEXT_MAX)
		field_errors_add(errs, "evidence", _("the evidence is longer than %d bytes"), PLAN_TEXT_MAX);
	for (size_t i = 0; i < r->links.n; i++) {
		const char *slash = strchr(r->links.v[i], '/');
		char plan[PLAN_CODE_MAX];
		size_t len = slash ? (size_t)(slash - r->links.v[i]) : 0;
		bool ok = slash && len < sizeof(plan);
		if (ok) {
			memcpy(plan, r->links.v[i], len);
			plan[len] = '\0';
			ok = plan_code_valid(plan) && plan_code_valid(slash + 1);
		}
		if (!ok)
			field_errors_add(errs, "activities", _("'%s' is not PLAN/ACTIVITY"), r->links.v[i]);
	}
	for (size_t i = 0; i < r->actions.n; i++)
		if (!plan_org_valid(r->actions.v[i]) && strlen(r->actions.v[i]) >= PLAN_ORG_MAX)
			field_errors_add(errs, "actions", _("'%s' is not an action item reference"), r->actions.v[i]);
	return errs->n - before;
}

/* ---- guidelines --------------------------------------------------------------------------- */

void guideline_item_init(struct guideline_item *it)
{
	memset(it, 0, sizeof(*it));
}

void guideline_item_release(struct guideline_item *it)
{
	free(it->section_ms);
	free(it->section_en);
	free(it->text_ms);
	free(it->text_en);
	guideline_item_init(it);
}

void guideline_init(struct guideline *g)
{
	memset(g, 0, sizeof(*g));
	g->issued = DATE_NONE;
}

void guideline_release(struct guideline *g)
{
	for (size_t i = 0; i < g->n; i++)
		guideline_item_release(&g->items[i]);
	free(g->items);
	free(g->title_ms);
	free(g->title_en);
	guideline_init(g);
}

void guideline_add_item(struct guideline *g, struct guideline_item *it)
{
	ALLOC_GROW(g->items, g->n + 1, g->alloc);
	g->items[g->n++] = *it;
	guideline_item_init(it);
}

size_t guideline_validate(const struct guideline *g, struct strvec *problems)
{
	size_t before = problems->n;
	if (!plan_code_valid(g->code))
		strvec_pushf(problems, _("guideline: code '%s' is not 1 to %d letters, digits, '.', '_' or '-'"), g->code,
			PLAN_CODE_MAX - 1);
	if (g->version < 1 || g->version > 999)
		strvec_pushf(problems, _("guideline %s: version %d is not 1 to 999"), g->code, g->version);
	if (!text_ok(g->title_ms) || !text_ok(g->title_en))
		strvec_pushf(problems, _("guideline %s: a title in Malay and in English is required"), g->code);
	if (g->issued == DATE_NONE)
		strvec_pushf(problems, _("guideline %s: the issue date is required"), g->code);
	if (!g->n)
		strvec_pushf(problems, _("guideline %s: the checklist has no items"), g->code);
	for (size_t i = 0; i < g->n; i++) {
		const struct guideline_item *it = &g->items[i];
		if (!plan_code_valid(it->code)) {
			strvec_pushf(problems, _("%s: the item code is not 1 to %d letters, digits, '.', '_' or '-'"), it->code,
				PLAN_CODE_MAX - 1);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(g->items[j].code, it->code))
				strvec_pushf(problems, _("%s: the code is used twice"), it->code);
		if (!text_ok(it->text_ms) || !text_ok(it->text_en))
			strvec_pushf(problems, _("%s: the item's text in Malay and in English is required"), it->code);
		if (!text_ok(it->section_ms) || !text_ok(it->section_en))
			strvec_pushf(problems, _("%s: the section in Malay and in English is required"), it->code);
		if (!it->subjects || it->subjects >= (1u << SUBJECT__COUNT))
			strvec_pushf(problems, _("%s: the item applies to no operation, prosecution step or shelter"),
				it->code);
	}
	return problems->n - before;
}

void guideline_check_init(struct guideline_check *c)
{
	memset(c, 0, sizeof(*c));
	c->subject = SUBJECT_NONE;
	c->check_date = DATE_NONE;
	c->note = xstrdup("");
	strvec_init(&c->codes);
}

void guideline_check_release(struct guideline_check *c)
{
	free(c->note);
	free(c->answers);
	strvec_release(&c->codes);
	memset(c, 0, sizeof(*c));
}

void guideline_check_answer(struct guideline_check *c, const char *code, enum check_answer a)
{
	strvec_push(&c->codes, code);
	ALLOC_GROW(c->answers, c->nanswers + 1, c->alloc);
	c->answers[c->nanswers++] = a;
}

size_t guideline_check_validate(const struct guideline_check *c, const struct guideline *g,
	struct field_errors *errs)
{
	size_t before = errs->n;
	if (c->subject < 0 || c->subject >= SUBJECT__COUNT) {
		field_errors_add(errs, "subject", _("the subject is operation, prosecution or shelter"));
		return errs->n - before;
	}
	if (!c->subject_ref[0] || !utf8_valid(c->subject_ref, strlen(c->subject_ref)))
		field_errors_add(errs, "subject_ref", _("the operation, prosecution step or shelter is required"));
	if (!plan_org_valid(c->agency))
		field_errors_add(errs, "agency", _("'%s' is not an agency or organisation code"), c->agency);
	if (c->check_date == DATE_NONE)
		field_errors_add(errs, "check_date", _("the date of the check is required"));
	else if (c->check_date > date_today())
		field_errors_add(errs, "check_date", _("the date of the check is in the future"));
	if (c->note && strlen(c->note) >= PLAN_TEXT_MAX)
		field_errors_add(errs, "note", _("the note is longer than %d bytes"), PLAN_TEXT_MAX);
	unsigned bit = 1u << c->subject;
	for (size_t i = 0; i < c->nanswers; i++) {
		const struct guideline_item *it = NULL;
		for (size_t j = 0; j < g->n && !it; j++)
			if (!strcmp(g->items[j].code, c->codes.v[i]))
				it = &g->items[j];
		if (!it)
			field_errors_add(errs, "answers", _("no item '%s' in guideline %s version %d"), c->codes.v[i], g->code,
				g->version);
		else if (!(it->subjects & bit))
			field_errors_add(errs, "answers", _("item '%s' does not apply to a %s"), it->code,
				check_subject_name(c->subject, i18n_lang()));
		else if (c->answers[i] < 0 || c->answers[i] >= ANSWER__COUNT)
			field_errors_add(errs, "answers", _("item '%s': the answer is yes, no or na"), it->code);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->codes.v[j], c->codes.v[i]))
				field_errors_add(errs, "answers", _("item '%s' is answered twice"), c->codes.v[i]);
	}
	for (size_t j = 0; j < g->n; j++) {
		if (!(g->items[j].subjects & bit))
			continue;
		if (!strvec_has(&c->codes, g->items[j].code))
			field_errors_add(errs, "answers", _("item '%s' is not answered"), g->items[j].code);
	}
	return errs->n - before;
}

void compliance_finish(struct compliance_row *row)
{
	long long answered = row->yes + row->no;
	row->rate = answered ? (double)row->yes / (double)answered : NAN;
}

/* ---- writes with their audit entries ------------------------------------------------------ */

/* Runs write (already begun) and the audit entry in one transaction. */
static int audited(store *s, int rc, const struct principal *p, const char *action, const char *type,
	const char *id, const char *detail, struct mapo_error *err)
{
	if (!rc)
		rc = audit_append(s, p, action, type, id, detail, NULL, err);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

static int manage_denied(struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EDENIED, _("only the secretariat and administrators manage plans, "
						    "recommendations and guidelines"));
}

int plan_manage_allowed(const struct principal *p, struct mapo_error *err)
{
	return plan_may_manage(p) ? 0 : manage_denied(err);
}

int plan_import(store *s, const struct principal *p, struct plan *plan, struct mapo_error *err)
{
	char detail[64];
	size_t activities = 0;
	if (!plan_may_manage(p))
		return manage_denied(err);
	for (size_t i = 0; i < plan->n; i++)
		activities += plan->nodes[i].level == PLAN_ACTIVITY;
	snprintf(detail, sizeof(detail), "nodes=%zu activities=%zu", plan->n, activities);
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	return audited(s, store_plan_insert(s, plan, err), p, "plan-import", "plan", plan->code, detail, err);
}

int plan_delete(store *s, const struct principal *p, const char *code, struct mapo_error *err)
{
	if (!plan_may_manage(p))
		return manage_denied(err);
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	return audited(s, store_plan_delete(s, code, err), p, "plan-delete", "plan", code, "", err);
}

int plan_recs_import(store *s, const struct principal *p, struct recommendation *v, size_t n,
	struct mapo_error *err)
{
	char detail[64];
	if (!plan_may_manage(p))
		return manage_denied(err);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < v[i].actions.n; j++) {
			long long id;
			struct council_action a;
			if (parse_int(v[i].actions.v[j], 1, INT64_MAX, &id))
				continue;
			int rc = store_council_action_get(s, id, &a, err);
			if (rc == MAPO_ENOTFOUND)
				return mapo_error_set(err, MAPO_EINVAL, _("recommendation %d/%d: no council action item %lld"),
					v[i].year, v[i].rank, id);
			if (rc)
				return rc;
		}
	}
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_rec_put(s, &v[i], err);
	snprintf(detail, sizeof(detail), "recommendations=%zu", n);
	return audited(s, rc, p, "rec-import", "recommendation", "", detail, err);
}

int plan_rec_update(store *s, const struct principal *p, int year, int rank, enum rec_status status,
	const char *evidence, struct mapo_error *err)
{
	char id[32];
	if (!plan_may_manage(p))
		return manage_denied(err);
	if (status < 0 || status >= RSTATUS__COUNT)
		return mapo_error_set(err, MAPO_EINVAL, _("unknown status"));
	if (evidence && (strlen(evidence) >= PLAN_TEXT_MAX || !utf8_valid(evidence, strlen(evidence))))
		return mapo_error_set(err, MAPO_EINVAL, _("the evidence is not UTF-8 text under %d bytes"), PLAN_TEXT_MAX);
	snprintf(id, sizeof(id), "%d/%d", year, rank);
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	return audited(s, store_rec_update(s, year, rank, status, evidence, err), p, "rec-update", "recommendation", id,
		rec_status_code(status), err);
}

int plan_guideline_import(store *s, const struct principal *p, struct guideline *g, struct mapo_error *err)
{
	char id[PLAN_CODE_MAX + 16];
	if (!plan_may_manage(p))
		return manage_denied(err);
	snprintf(id, sizeof(id), "%s/%d", g->code, g->version);
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	return audited(s, store_guideline_insert(s, g, err), p, "guideline-import", "guideline", id, "", err);
}

int plan_check_record(store *s, const struct principal *p, struct guideline_check *c, struct field_errors *errs,
	struct mapo_error *err)
{
	struct guideline g;
	struct mapo_case kase;
	int rc;
	guideline_init(&g);
	case_init(&kase);
	/* Who may is asked first: a case outside the caller's reach must not show through. */
	if ((rc = plan_check_allowed(p, c->agency, err)))
		goto out;
	if ((rc = store_guideline_get(s, c->guideline, c->version, &g, err)))
		goto out;
	c->version = g.version;
	if (guideline_check_validate(c, &g, errs)) {
		rc = mapo_error_set(err, MAPO_EINVAL, Q_("the checklist has %zu problem", "the checklist has %zu problems", errs->n),
			errs->n);
		goto out;
	}
	if (c->check_date < g.issued) {
		char issued[DATE_STRLEN];
		date_format(g.issued, issued);
		field_errors_add(errs, "check_date", _("the check is dated before the guideline was issued (%s)"), issued);
	}
	if (c->subject == SUBJECT_OPERATION || c->subject == SUBJECT_PROSECUTION) {
		struct mapo_error cerr;
		int crc = p ? access_case_get(s, p, c->subject_ref, &kase, NULL, NULL, &cerr)
			    : store_case_get(s, c->subject_ref, &kase, &cerr);
		if (crc == MAPO_ENOTFOUND)
			field_errors_add(errs, "subject_ref", _("no case '%s'"), c->subject_ref);
		else if (crc) {
			rc = crc;
			*err = cerr;
			goto out;
		} else if (c->subject == SUBJECT_PROSECUTION && kase.status != STATUS_CHARGED &&
			   kase.status != STATUS_CONVICTED && kase.status != STATUS_ACQUITTED)
			field_errors_add(errs, "subject_ref", _("case '%s' has not been referred to the prosecution"),
				c->subject_ref);
	}
	if (errs->n) {
		rc = mapo_error_set(err, MAPO_EINVAL, Q_("the checklist has %zu problem", "the checklist has %zu problems", errs->n),
			errs->n);
		goto out;
	}
	if (p)
		snprintf(c->recorded_by, sizeof(c->recorded_by), "%s", p->username);
	char id[PLAN_CODE_MAX + 16], detail[CASE_REF_MAX + PLAN_ORG_MAX + 32];
	snprintf(id, sizeof(id), "%s/%d", g.code, g.version);
	snprintf(detail, sizeof(detail), "%s %s %s", check_subject_code(c->subject), c->subject_ref, c->agency);
	if ((rc = store_begin(s, err)))
		goto out;
	rc = audited(s, store_check_insert(s, c, err), p, "guideline-check", "guideline", id, detail, err);
out:
	case_release(&kase);
	guideline_release(&g);
	return rc;
}

/* splitmix64: a small, good, deterministic generator for the demo. */
static uint64_t mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int plan_demo_progress(store *s, const char *code, mapo_date as_of, uint64_t seed, size_t *n, struct mapo_error *err)
{
	static const char *const narratives[PSTATUS__COUNT] = {
		"Work has not begun; funding and the lead officer are being confirmed.",
		"Carried out as planned this quarter; the figures are from the agency's own records.",
		"Behind the planned pace; the lead organisation is reallocating officers.",
		"Delayed by movement restrictions; activities moved online where possible.",
		"Completed; the report and attendance lists are filed with the secretariat.",
	};
	struct plan plan;
	int rc;
	*n = 0;
	plan_init(&plan);
	if ((rc = store_plan_get(s, code, &plan, err)))
		goto out;
	if ((rc = store_begin(s, err)))
		goto out;
	for (size_t i = 0; i < plan.n && !rc; i++) {
		const struct plan_node *nd = &plan.nodes[i];
		if (nd->level != PLAN_ACTIVITY || nd->computed != MEASURE_NONE)
			continue;
		uint64_t state = seed;
		for (const char *c = nd->code; *c; c++)
			state = state * 131 + (unsigned char)*c;
		/* Each activity has its own pace: most keep up, some lag, a few stall. */
		double pace = 0.45 + (double)(mix(&state) % 80) / 100.0;
		bool stalls = mix(&state) % 9 == 0;
		for (int year = nd->start_year; year <= nd->end_year && !rc; year++) {
			double target = plan_target(&plan, nd, year);
			for (int q = 1; q <= 4 && !rc; q++) {
				if (plan_quarter_end(year, q) > as_of)
					break;
				struct progress_report r;
				progress_report_init(&r);
				snprintf(r.plan, sizeof(r.plan), "%s", plan.code);
				snprintf(r.activity, sizeof(r.activity), "%s", nd->code);
				snprintf(r.org, sizeof(r.org), "%s", nd->lead);
				snprintf(r.reported_by, sizeof(r.reported_by), "demo");
				r.year = year;
				r.quarter = q;
				double base = isnan(target) ? 4 : target;
				double share = pace * q / 4.0 * (0.9 + (double)(mix(&state) % 25) / 100.0);
				if (share > 1.2)
					share = 1.2;
				r.value = stalls && year >= 2021 ? 0 : (double)(long long)(base * share + 0.5);
				double ratio = base > 0 ? r.value / base : 1;
				if (ratio >= 1)
					r.status = PSTATUS_DONE;
				else if (stalls && year >= 2021)
					r.status = q == 1 ? PSTATUS_NOT_STARTED : PSTATUS_DELAYED;
				else if (ratio < q / 4.0 - PLAN_RISK_MARGIN)
					r.status = PSTATUS_AT_RISK;
				else
					r.status = PSTATUS_ON_TRACK;
				free(r.narrative);
				r.narrative = xstrdup(narratives[r.status]);
				rc = store_progress_put(s, &r, NULL, err);
				progress_report_release(&r);
				if (!rc)
					(*n)++;
			}
		}
	}
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s, err);
out:
	plan_release(&plan);
	return rc;
}

/* ---- the outlook -------------------------------------------------------------------------- */

int plan_measure_value(store *s, enum plan_measure m, const char *agency, mapo_date from, mapo_date to,
	long long *out, struct mapo_error *err)
{
	struct plan_node nd;
	plan_node_init(&nd);
	nd.computed = m;
	snprintf(nd.code, sizeof(nd.code), "%s", plan_measure_code(m));
	if (agency)
		snprintf(nd.computed_agency, sizeof(nd.computed_agency), "%s", agency);
	/* plan_computed_value counts from 1 January; the window here is arbitrary. */
	struct tally_query q;
	memset(&q, 0, sizeof(q));
	case_filter_init(&q.filter);
	q.from = from;
	q.to = to;
	if (agency && *agency)
		q.filter.agency = agency;
	if (m == MEASURE_TIP_CONVICTIONS || m == MEASURE_SOM_CONVICTIONS)
		q.filter.status = STATUS_CONVICTED;
	struct tally_row total;
	memset(&total, 0, sizeof(total));
	*out = 0;
	if (to < from)
		return 0;
	int rc = store_tally(s, &q, tally_sum, &total, err);
	if (rc)
		return rc;
	switch (m) {
	case MEASURE_TIP_CASES:
	case MEASURE_TIP_CONVICTIONS: *out = total.tip_cases; break;
	case MEASURE_TIP_ARRESTS: *out = total.tip_arrests; break;
	case MEASURE_TIP_FORCED_LABOUR_CASES: *out = total.tip_forced_labour_cases; break;
	case MEASURE_SOM_CASES:
	case MEASURE_SOM_CONVICTIONS: *out = total.som_cases; break;
	case MEASURE_SOM_ARRESTS: *out = total.som_arrests; break;
	case MEASURE_VICTIMS_RESCUED: *out = total.victims_rescued; break;
	default: return mapo_error_set(err, MAPO_EINVAL, _("unknown measure"));
	}
	return 0;
}

void plan_outlook_init(struct plan_outlook *o)
{
	memset(o, 0, sizeof(*o));
}

void plan_outlook_release(struct plan_outlook *o)
{
	for (size_t i = 0; i < o->n; i++) {
		recommendation_release(&o->items[i].rec);
		for (size_t j = 0; j < o->items[i].nacts; j++) {
			free(o->items[i].acts[j].title_ms);
			free(o->items[i].acts[j].title_en);
		}
		free(o->items[i].acts);
		free(o->items[i].actions);
	}
	free(o->items);
	plan_outlook_init(o);
}

struct outlook_ctx {
	struct plan_outlook *o;
	size_t alloc;
};

static int take_rec(const struct recommendation *r, void *arg)
{
	struct outlook_ctx *ctx = arg;
	struct plan_outlook *o = ctx->o;
	ALLOC_GROW(o->items, o->n + 1, ctx->alloc);
	struct outlook_item *it = &o->items[o->n++];
	memset(it, 0, sizeof(*it));
	recommendation_init(&it->rec);
	it->rec.id = r->id;
	it->rec.year = r->year;
	it->rec.rank = r->rank;
	it->rec.text_ms = xstrdup(r->text_ms);
	it->rec.text_en = xstrdup(r->text_en);
	it->rec.status = r->status;
	free(it->rec.evidence);
	it->rec.evidence = xstrdup(r->evidence);
	strvec_copy(&it->rec.links, &r->links);
	strvec_copy(&it->rec.actions, &r->actions);
	snprintf(it->rec.updated_at, sizeof(it->rec.updated_at), "%s", r->updated_at);
	return 0;
}

static bool rec_pending(enum rec_status s)
{
	return s != RSTATUS_ADDRESSED;
}

static int cmp_items(const void *a, const void *b)
{
	const struct outlook_item *x = a, *y = b;
	bool px = rec_pending(x->rec.status), py = rec_pending(y->rec.status);
	if (px != py)
		return px ? -1 : 1;
	return x->rec.rank - y->rec.rank;
}

int plan_outlook_load(store *s, int rec_year, mapo_date as_of, struct plan_outlook *out, struct mapo_error *err)
{
	struct plan_status ps;
	int rc;
	plan_outlook_release(out);
	plan_status_init(&ps);
	if (as_of == DATE_NONE)
		as_of = date_today();
	if (!rec_year) {
		if ((rc = store_rec_latest_year(s, &rec_year, err)))
			goto out;
		if (!rec_year) {
			rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no recommendations are recorded"));
			goto out;
		}
	}
	out->rec_year = rec_year;
	out->report_year = rec_year + 1;
	out->as_of = as_of;
	out->from = date_from_ymd(rec_year, 4, 1);
	out->to = date_from_ymd(rec_year + 1, 3, 31);
	mapo_date upto = as_of < out->to ? as_of : out->to;
	out->before_from = date_from_ymd(rec_year - 1, 4, 1);
	/* The same span a year earlier; 29 February falls back to the 28th. */
	int y, m, d;
	date_to_ymd(upto, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	out->before_to = upto < out->from ? out->before_from - 1 : date_from_ymd(y - 1, m, d);
	for (int k = 0; k < MEASURE__COUNT; k++) {
		if ((rc = plan_measure_value(s, (enum plan_measure)k, NULL, out->from, upto, &out->now[k], err)) ||
		    (rc = plan_measure_value(s, (enum plan_measure)k, NULL, out->before_from, out->before_to,
			     &out->before[k], err)))
			goto out;
	}
	struct outlook_ctx ctx = {out, 0};
	if ((rc = store_rec_list(s, rec_year, take_rec, &ctx, err)))
		goto out;
	qsort(out->items, out->n, sizeof(*out->items), cmp_items);
	for (size_t i = 0; i < out->n; i++) {
		struct outlook_item *it = &out->items[i];
		it->actions = xcalloc(it->rec.actions.n ? it->rec.actions.n : 1, sizeof(*it->actions));
		for (size_t j = 0; j < it->rec.actions.n; j++) {
			struct outlook_action *oa = &it->actions[it->nactions++];
			struct council_action a;
			struct mapo_error ignored;
			long long id;
			snprintf(oa->ref, sizeof(oa->ref), "%s", it->rec.actions.v[j]);
			oa->status = "";
			oa->due_on = DATE_NONE;
			if (parse_int(oa->ref, 1, INT64_MAX, &id) || store_council_action_get(s, id, &a, &ignored))
				continue;
			oa->found = true;
			snprintf(oa->title, sizeof(oa->title), "%s", a.title);
			snprintf(oa->org, sizeof(oa->org), "%s", a.org);
			oa->status = action_status_code(a.status);
			oa->due_on = a.due_on;
			oa->overdue = council_action_overdue(&a, as_of);
		}
		it->acts = xcalloc(it->rec.links.n ? it->rec.links.n : 1, sizeof(*it->acts));
		for (size_t j = 0; j < it->rec.links.n; j++) {
			struct outlook_activity *a = &it->acts[it->nacts++];
			const char *link = it->rec.links.v[j], *slash = strchr(link, '/');
			size_t len = slash ? (size_t)(slash - link) : 0;
			snprintf(a->plan, sizeof(a->plan), "%.*s", (int)(len < sizeof(a->plan) ? len : 0), link);
			snprintf(a->code, sizeof(a->code), "%s", slash ? slash + 1 : link);
			a->status = PSTATUS_NONE;
			a->ratio = NAN;
			if (strcmp(ps.plan.code, a->plan)) {
				struct mapo_error ignored;
				struct plan head;
				plan_init(&head);
				int year = date_year(as_of);
				plan_status_release(&ps);
				plan_status_init(&ps);
				if (!store_plan_get(s, a->plan, &head, &ignored)) {
					if (year < head.start_year)
						year = head.start_year;
					if (year > head.end_year)
						year = head.end_year;
					/* The plan's status is loaded once per plan; a failure leaves it unfound. */
					if (plan_status_load(s, a->plan, year, as_of, &ps, &ignored))
						plan_status_release(&ps);
				}
				plan_release(&head);
			}
			for (size_t k = 0; k < ps.n; k++) {
				const struct activity_state *st = &ps.states[k];
				if (strcmp(st->node->code, a->code))
					continue;
				a->found = true;
				a->title_ms = xstrdup(st->node->title_ms);
				a->title_en = xstrdup(st->node->title_en);
				snprintf(a->lead, sizeof(a->lead), "%s", st->node->lead);
				a->status = st->status;
				a->ratio = st->ratio;
				a->at_risk = st->at_risk;
				a->overdue = st->overdue;
			}
		}
	}
	rc = 0;
out:
	plan_status_release(&ps);
	if (rc)
		plan_outlook_release(out);
	return rc;
}
