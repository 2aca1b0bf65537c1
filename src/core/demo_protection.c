/* The demo's protection part (core/demo_protection.h): a sample of the demo's TIP victims taken
 * through identification, court orders, shelters and after care with the core's own functions,
 * from a random stream of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo_protection.h"
#include "core/demo_rng.h"
#include "store/store.h"
#include "store/store_protection.h"

#define LIMIT_MAX 1000000LL

static const char *const limit_names[DPL__COUNT] = {"persons", "per-case", "indicators", "extension-months"};
static const char *const rate_names[DPR__COUNT] = {"identity", "consent-photo", "consent-sharing", "interim",
	"protection", "extension", "no-outcome", "admission", "misplaced", "discharge", "health-positive",
	"health-pending", "permit", "work-permit", "referral-in", "referral-out", "referral-refused",
	"referral-pending"};
static const char *const table_names[DPT__COUNT] = {"decider", "indicator", "outcome", "service", "court",
	"employer", "repatriation-org", "syllable"};

/* The code of the decider table that stands for the case's own agency. */
#define DECIDER_CASE_AGENCY "case-agency"

void demo_protection_init(struct demo_protection *dp)
{
	memset(dp, 0, sizeof(*dp));
}

void demo_protection_release(struct demo_protection *dp)
{
	if (!dp)
		return;
	for (size_t t = 0; t < DPT__COUNT; t++)
		demo_table_release(&dp->tables[t]);
	free(dp->shelters);
	demo_protection_init(dp);
}

static int find_name(const char *const *names, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], code))
			return (int)i;
	return -1;
}

int demo_protection_add(struct demo_protection *dp, const char *dim, const char *code, double value,
	struct mapo_error *err)
{
	if (!(value >= 0) || value > 1e12)
		return mapo_error_set(err, MAPO_EINVAL, _("%s '%s': the value must be a number from 0 up"), dim, code);
	if (!strcmp(dim, "limit")) {
		int l = find_name(limit_names, DPL__COUNT, code);
		if (l < 0)
			return mapo_error_set(err, MAPO_EINVAL, _("unknown limit '%s'"), code);
		if (dp->limit_set[l])
			return mapo_error_set(err, MAPO_EINVAL, _("limit '%s' is given twice"), code);
		if (value != (double)(long long)value || value > (double)LIMIT_MAX)
			return mapo_error_set(err, MAPO_EINVAL, _("limit '%s': %g is not a whole number from 0 to %lld"),
				code, value, LIMIT_MAX);
		dp->limits[l] = (long long)value;
		dp->limit_set[l] = true;
		return 0;
	}
	if (!strcmp(dim, "rate")) {
		int r = find_name(rate_names, DPR__COUNT, code);
		if (r < 0)
			return mapo_error_set(err, MAPO_EINVAL, _("unknown rate '%s'"), code);
		if (dp->rate_set[r])
			return mapo_error_set(err, MAPO_EINVAL, _("rate '%s' is given twice"), code);
		if (value > 1)
			return mapo_error_set(err, MAPO_EINVAL, _("rate '%s': %g is out of range"), code, value);
		dp->rates[r] = value;
		dp->rate_set[r] = true;
		return 0;
	}
	int t = find_name(table_names, DPT__COUNT, dim);
	if (t < 0)
		return mapo_error_set(err, MAPO_EINVAL, _("unknown dimension '%s'"), dim);
	if (!*code)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: the code is empty"), dim);
	if (t == DPT_OUTCOME) {
		enum order_outcome o = order_outcome_parse(code);
		if (o == OUTCOME_NONE || o == OUTCOME_SUPERSEDED)
			return mapo_error_set(err, MAPO_EINVAL, _("%s: unknown code '%s'"), dim, code);
	}
	if (t == DPT_SERVICE && !referral_service_valid(code))
		return mapo_error_set(err, MAPO_EINVAL, _("%s: unknown code '%s'"), dim, code);
	return demo_table_add(&dp->tables[t], dim, code, value, err);
}

int demo_protection_add_shelter(struct demo_protection *dp, const struct shelter *sh, struct mapo_error *err)
{
	if (!sh->code[0] || !sh->name[0])
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("shelter: a code and a name are needed"));
	if (sh->capacity < 0)
		return mapo_error_set(err, MAPO_EINVAL, _("shelter '%s': the capacity must be 0 or more"), sh->code);
	for (size_t i = 0; i < dp->nshelters; i++)
		if (!strcmp(dp->shelters[i].code, sh->code))
			return mapo_error_set(err, MAPO_EINVAL, _("shelter '%s' is given twice"), sh->code);
	ALLOC_GROW(dp->shelters, dp->nshelters + 1, dp->alloc);
	dp->shelters[dp->nshelters++] = *sh;
	return 0;
}

static double table_total(const struct demo_table *t)
{
	double sum = 0;
	for (size_t i = 0; i < t->n; i++)
		sum += t->v[i].weight;
	return sum;
}

int demo_protection_check(const struct demo_protection *dp, struct mapo_error *err)
{
	for (size_t l = 0; l < DPL__COUNT; l++)
		if (!dp->limit_set[l])
			return mapo_error_set(err, MAPO_EINVAL, _("limit '%s' is not set"), limit_names[l]);
	/* A screening finds at least one indicator; an extension lasts at least a month. */
	static const enum demo_protection_limit at_least_one[] = {DPL_INDICATORS, DPL_EXTENSION_MONTHS};
	for (size_t i = 0; i < sizeof(at_least_one) / sizeof(at_least_one[0]); i++)
		if (dp->limits[at_least_one[i]] < 1)
			return mapo_error_set(err, MAPO_EINVAL, _("limit '%s': at least 1"), limit_names[at_least_one[i]]);
	for (size_t r = 0; r < DPR__COUNT; r++)
		if (!dp->rate_set[r])
			return mapo_error_set(err, MAPO_EINVAL, _("rate '%s' is not set"), rate_names[r]);
	for (size_t t = 0; t < DPT__COUNT; t++)
		if (!(table_total(&dp->tables[t]) > 0))
			return mapo_error_set(err, MAPO_EINVAL, _("%s: no code with a positive weight"), table_names[t]);
	for (int serves = SERVES_WOMEN; serves <= SERVES_CHILDREN; serves++) {
		size_t i = 0;
		while (i < dp->nshelters && !((int)dp->shelters[i].serves == serves && dp->shelters[i].capacity > 0))
			i++;
		if (i == dp->nshelters)
			return mapo_error_set(err, MAPO_EINVAL, _("no shelter for %s with places"),
				shelter_serves_code((enum shelter_serves)serves));
	}
	return 0;
}

/* ---- randomness (core/demo_rng.h, as the rest of the demo) --------------------------------------- */

/* A code of t by weight (t has a positive total). */
static const char *rng_draw(struct rng *r, const struct demo_table *t)
{
	double u = rng_unit(r) * table_total(t), sum = 0;
	size_t last = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!(t->v[i].weight > 0))
			continue;
		last = i;
		sum += t->v[i].weight;
		if (u < sum)
			return t->v[i].code;
	}
	return t->v[last].code;
}

/* ---- the sample ------------------------------------------------------------------------------ */

/* One rescued victim role of the sample. */
struct victim {
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	char agency[CODE_MAX];
	char source_org[ORG_MAX]; /* the partner that referred the case, "" none */
	enum trafficking_status status;
	char sex;
	char nationality[4];
	mapo_date birth_date, rescue_date;
	int age;
};

struct sample {
	struct victim *v;
	size_t n, alloc, cap, per_case;
	/* The cases of the current batch, latest first. */
	struct strvec refs, agencies;
	mapo_date oldest, today;
	/* Filled while one case's roles are read. */
	const char *agency;
	size_t in_case;
};

static int batch_case(const struct mapo_case *c, void *arg)
{
	struct sample *sm = arg;
	strvec_push(&sm->refs, c->ref);
	strvec_push(&sm->agencies, c->agency);
	if (sm->oldest == DATE_NONE || c->action_date < sm->oldest)
		sm->oldest = c->action_date;
	return 0;
}

static int count_one(const struct screening *sc, void *arg)
{
	(void)sc;
	++*(long long *)arg;
	return 0;
}

static int sample_role(const struct case_person *p, void *arg)
{
	struct sample *sm = arg;
	/* The screening and the decision come up to three days after the rescue, never in the future
	 * (a fixed MAPO_TODAY before the plan's end). */
	if (p->role != PROLE_VICTIM || p->rescue_date == DATE_NONE || p->trafficking_status == TSTATUS_NONE ||
	    p->rescue_date + 3 > sm->today || sm->in_case >= sm->per_case || sm->n >= sm->cap)
		return 0;
	if (sm->n == sm->alloc) {
		sm->alloc = sm->alloc ? 2 * sm->alloc : 64;
		sm->v = xrealloc(sm->v, sm->alloc * sizeof(*sm->v));
	}
	struct victim *v = &sm->v[sm->n];
	memset(v, 0, sizeof(*v));
	snprintf(v->case_ref, sizeof(v->case_ref), "%s", p->case_ref);
	snprintf(v->person_ref, sizeof(v->person_ref), "%s", p->person_ref);
	snprintf(v->agency, sizeof(v->agency), "%s", sm->agency);
	snprintf(v->nationality, sizeof(v->nationality), "%s", p->nationality);
	v->status = p->trafficking_status;
	v->sex = p->sex;
	v->birth_date = p->birth_date;
	v->age = p->age;
	v->rescue_date = p->rescue_date;
	sm->n++;
	sm->in_case++;
	return 0;
}

/* The victims of the latest TIP cases, a batch of cases at a time, until the sample is full or
 * the cases run out. Persons screened already (an earlier demo) are left out afterwards. */
static int take_sample(store *s, struct sample *sm, struct mapo_error *err)
{
	struct case_filter f;
	int rc = 0;
	case_filter_init(&f);
	f.kind = KIND_TIP;
	f.sort = SORT_ACTION_DATE_DESC;
	f.limit = 256;
	while (sm->n < sm->cap) {
		strvec_clear(&sm->refs);
		strvec_clear(&sm->agencies);
		if ((rc = store_case_list(s, &f, batch_case, sm, err)))
			return rc;
		for (size_t i = 0; i < sm->refs.n && sm->n < sm->cap; i++) {
			size_t first = sm->n;
			sm->agency = sm->agencies.v[i];
			sm->in_case = 0;
			if ((rc = store_person_list(s, sm->refs.v[i], sample_role, sm, err)))
				return rc;
			/* Keep only those not screened yet. */
			size_t keep = first;
			for (size_t k = first; k < sm->n; k++) {
				long long screened = 0;
				if ((rc = protect_screening_list(s, NULL, sm->v[k].person_ref, count_one, &screened, err)))
					return rc;
				if (!screened)
					sm->v[keep++] = sm->v[k];
			}
			sm->n = keep;
		}
		if (sm->refs.n < (size_t)f.limit)
			break;
		f.offset += f.limit;
	}
	return 0;
}

static int referred_case(const struct mapo_case *c, void *arg)
{
	strvec_push(arg, c->ref);
	return 0;
}

/* Marks the victims whose case a partner organisation of the plan referred (cases.source_org). */
static int mark_referred(store *s, const struct demo_plan *plan, struct sample *sm, struct mapo_error *err)
{
	const struct demo_table *orgs = &plan->tables[DEMO_REFERRAL_ORG];
	struct strvec refs = STRVEC_INIT;
	int rc = 0;
	for (size_t o = 0; o < orgs->n && sm->n; o++) {
		struct case_filter f;
		case_filter_init(&f);
		f.kind = KIND_TIP;
		f.source_org = orgs->v[o].code;
		f.from = sm->oldest;
		strvec_clear(&refs);
		if ((rc = store_case_list(s, &f, referred_case, &refs, err)))
			break;
		for (size_t i = 0; i < sm->n; i++)
			for (size_t k = 0; k < refs.n; k++)
				if (!strcmp(sm->v[i].case_ref, refs.v[k])) {
					snprintf(sm->v[i].source_org, sizeof(sm->v[i].source_org), "%s", orgs->v[o].code);
					break;
				}
	}
	strvec_release(&refs);
	return rc;
}

/* Rescue date, then case and person reference: the order the persons are written in, so that a
 * shelter's occupancy on an admission day is that of the persons written before. */
static int victim_cmp(const void *a, const void *b)
{
	const struct victim *x = a, *y = b;
	if (x->rescue_date != y->rescue_date)
		return x->rescue_date < y->rescue_date ? -1 : 1;
	int c = strcmp(x->case_ref, y->case_ref);
	return c ? c : strcmp(x->person_ref, y->person_ref);
}

/* ---- writing --------------------------------------------------------------------------------- */

/* A stay as the generator placed it, to know each shelter's occupancy. */
struct placed {
	size_t shelter;
	mapo_date admitted, discharged; /* discharged: STAY_OPEN while staying */
};
#define STAY_OPEN INT32_MAX

struct gen {
	store *s;
	const vault *v;
	const struct demo_protection *dp;
	const struct demo_plan *plan;
	struct rng rng;
	struct order_kinds kinds;
	struct health_check_list checks;
	struct placed *stays;
	size_t nstays, alloc;
	struct demo_protection_counts n;
	struct mapo_error *err;
};

static bool chance(struct gen *g, enum demo_protection_rate r) { return rng_chance(&g->rng, g->dp->rates[r]); }
static const char *draw(struct gen *g, enum demo_protection_table t) { return rng_draw(&g->rng, &g->dp->tables[t]); }

static void copy(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

/* A made-up name: two words of two or three syllables, each capitalised. */
static void make_name(struct gen *g, struct buf *out)
{
	buf_reset(out);
	for (int word = 0; word < 2; word++) {
		if (word)
			buf_printf(out, " ");
		size_t start = out->len;
		long long parts = 2 + rng_below(&g->rng, 2);
		for (long long i = 0; i < parts; i++)
			buf_printf(out, "%s", draw(g, DPT_SYLLABLE));
		char *first = &out->data[start];
		if (*first >= 'a' && *first <= 'z')
			*first = (char)(*first - 'a' + 'A');
	}
}

static int add_identity(struct gen *g, const struct victim *vc)
{
	struct identity_input in;
	struct buf name = BUF_INIT;
	char number[32];
	memset(&in, 0, sizeof(in));
	make_name(g, &name);
	in.v[IDF_NAME] = buf_str(&name);
	/* Invented numbers, in no issuing state's format: "DEMO-" and eight digits for a citizen's
	 * identity card, "XD" and seven digits for a passport. */
	long long digits = rng_below(&g->rng, 100000000LL);
	if (!strcmp(vc->nationality, "MYS")) {
		snprintf(number, sizeof(number), "DEMO-%08lld", digits);
		in.v[IDF_ID_NUMBER] = number;
	} else {
		snprintf(number, sizeof(number), "XD%07lld", digits % 10000000LL);
		in.v[IDF_PASSPORT] = number;
	}
	int rc = protect_identity_put(g->s, g->v, NULL, vc->person_ref, &in, g->err);
	buf_release(&name);
	if (!rc)
		g->n.identities++;
	return rc;
}

static int add_consent(struct gen *g, const struct victim *vc, enum consent_scope scope, bool given, mapo_date on)
{
	struct consent c = {.scope = scope, .given = given, .decided_on = on};
	int rc = protect_consent_record(g->s, NULL, vc->person_ref, &c, g->err);
	if (!rc)
		g->n.consents++;
	return rc;
}

/* The screening (1 to the limit's indicators, none twice) and the decision, whose status is the
 * role's: the statistics read the role's status, which stays what the demo made it. */
static int identify(struct gen *g, const struct victim *vc, mapo_date decided_on)
{
	struct screening sc;
	const char *decider = draw(g, DPT_DECIDER);
	const char *org = strcmp(decider, DECIDER_CASE_AGENCY) ? decider : vc->agency;
	screening_init(&sc);
	copy(sc.case_ref, sizeof(sc.case_ref), vc->case_ref);
	copy(sc.person_ref, sizeof(sc.person_ref), vc->person_ref);
	copy(sc.org, sizeof(sc.org), org);
	sc.screened_on = vc->rescue_date;
	sc.outcome = vc->status;
	long long want = 1 + rng_below(&g->rng, g->dp->limits[DPL_INDICATORS]);
	for (int tries = 0; (long long)sc.indicators.n < want && tries < 64; tries++) {
		const char *code = draw(g, DPT_INDICATOR);
		size_t i = 0;
		while (i < sc.indicators.n && strcmp(sc.indicators.v[i], code))
			i++;
		if (i == sc.indicators.n)
			strvec_push(&sc.indicators, code);
	}
	int rc = protect_screening_add(g->s, NULL, &sc, g->err);
	screening_release(&sc);
	if (rc)
		return rc;
	g->n.screenings++;

	struct status_decision d;
	memset(&d, 0, sizeof(d));
	copy(d.case_ref, sizeof(d.case_ref), vc->case_ref);
	copy(d.person_ref, sizeof(d.person_ref), vc->person_ref);
	copy(d.org, sizeof(d.org), org);
	d.status = vc->status;
	d.decided_on = decided_on;
	d.reason = "Indicators found at the screening. Synthetic demo record.";
	if ((rc = protect_status_set(g->s, g->v, NULL, &d, g->err)))
		return rc;
	g->n.decisions++;
	return 0;
}

static int refer(struct gen *g, const struct victim *vc, enum referral_dir dir, const char *org, const char *service,
	mapo_date on, enum referral_status status, mapo_date decided_on)
{
	struct referral r;
	memset(&r, 0, sizeof(r));
	copy(r.person_ref, sizeof(r.person_ref), vc->person_ref);
	copy(r.org, sizeof(r.org), org);
	copy(r.service, sizeof(r.service), service);
	r.dir = dir;
	r.referred_on = on;
	r.status = status;
	r.decided_on = status == REFERRAL_PENDING ? DATE_NONE : decided_on;
	int rc = protect_referral_add(g->s, NULL, &r, g->err);
	if (!rc)
		g->n.referrals++;
	return rc;
}

static long long occupancy(const struct gen *g, size_t shelter, mapo_date day)
{
	long long n = 0;
	for (size_t i = 0; i < g->nstays; i++)
		if (g->stays[i].shelter == shelter && g->stays[i].admitted <= day && day < g->stays[i].discharged)
			n++;
	return n;
}

/* The years of age on day: from the birth date, else the recorded age, else -1. */
static int age_on(const struct victim *vc, mapo_date day)
{
	if (vc->birth_date == DATE_NONE)
		return vc->age;
	int by, bm, bd, y, m, d;
	date_to_ymd(vc->birth_date, &by, &bm, &bd);
	date_to_ymd(day, &y, &m, &d);
	return y - by - (m < bm || (m == bm && d < bd) ? 1 : 0);
}

/* The shelter for the person: of the kind s.42 separation asks for (a child's, else by sex;
 * unknown sex or age counts as a woman's, an adult), the one with the most room that day (the
 * first of the file on a tie). Some girls go with the women (rate misplaced), which the admission
 * records as a separation warning; a shelter that is full is used anyway (a capacity warning). */
static size_t pick_shelter(struct gen *g, const struct victim *vc, mapo_date day)
{
	int age = age_on(vc, day);
	enum shelter_serves serves = vc->sex == 'M' ? SERVES_MEN : SERVES_WOMEN;
	if (age >= 0 && age < 18 && !(vc->sex == 'F' && chance(g, DPR_MISPLACED)))
		serves = SERVES_CHILDREN;
	size_t best = SIZE_MAX;
	long long best_occ = 0, best_cap = 1;
	for (size_t i = 0; i < g->dp->nshelters; i++) {
		const struct shelter *sh = &g->dp->shelters[i];
		if (sh->serves != serves || sh->capacity <= 0)
			continue;
		long long occ = occupancy(g, i, day);
		/* occ / capacity below best_occ / best_cap, without floating point */
		if (best == SIZE_MAX || occ * best_cap < best_occ * sh->capacity) {
			best = i;
			best_occ = occ;
			best_cap = sh->capacity;
		}
	}
	return best;
}

static int admit(struct gen *g, const struct victim *vc, mapo_date day, size_t *stay)
{
	size_t sh = pick_shelter(g, vc, day);
	unsigned warnings = 0;
	int rc = protect_admit(g->s, NULL, g->dp->shelters[sh].code, vc->person_ref, day, &warnings, g->err);
	if (rc)
		return rc;
	if (g->nstays == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 64;
		g->stays = xrealloc(g->stays, g->alloc * sizeof(*g->stays));
	}
	g->stays[g->nstays] = (struct placed){sh, day, STAY_OPEN};
	*stay = g->nstays++;
	g->n.stays++;
	if (warnings)
		g->n.warnings++;

	/* The health screening on admission: mostly negative. */
	if (!g->checks.n)
		return 0;
	struct health_screening hs;
	health_screening_init(&hs);
	copy(hs.person_ref, sizeof(hs.person_ref), vc->person_ref);
	hs.screened_on = day + (mapo_date)rng_below(&g->rng, 2);
	for (size_t i = 0; i < g->checks.n; i++) {
		enum health_result r = HEALTH_NEGATIVE;
		if (chance(g, DPR_HEALTH_POSITIVE))
			r = HEALTH_POSITIVE;
		else if (chance(g, DPR_HEALTH_PENDING))
			r = HEALTH_PENDING;
		if (r == HEALTH_POSITIVE)
			hs.isolation = true;
		health_screening_add(&hs, g->checks.v[i].code, r);
	}
	rc = protect_health_screen(g->s, g->v, NULL, &hs, g->err);
	health_screening_release(&hs);
	if (!rc)
		g->n.health++;
	return rc;
}

static int add_order(struct gen *g, const struct victim *vc, const char *kind, mapo_date start, mapo_date end,
	struct protection_order *o)
{
	protection_order_init(o);
	copy(o->case_ref, sizeof(o->case_ref), vc->case_ref);
	copy(o->person_ref, sizeof(o->person_ref), vc->person_ref);
	copy(o->kind, sizeof(o->kind), kind);
	copy(o->court, sizeof(o->court), draw(g, DPT_COURT));
	o->start_date = start;
	o->end_date = end;
	int rc = protect_order_add(g->s, NULL, &g->kinds, o, g->err);
	if (!rc)
		g->n.orders++;
	return rc;
}

static int add_permit(struct gen *g, const struct victim *vc, const struct protection_order *po)
{
	struct movement_permit m;
	memset(&m, 0, sizeof(m));
	copy(m.person_ref, sizeof(m.person_ref), vc->person_ref);
	m.risk_assessed_on = po->start_date + 7;
	m.medical_on = po->start_date + 7 + (mapo_date)rng_below(&g->rng, 4);
	m.mental_health_on = po->start_date + 10 + (mapo_date)rng_below(&g->rng, 4);
	m.valid_from = po->start_date + 14;
	m.valid_to = po->end_date;
	m.work = chance(g, DPR_WORK_PERMIT);
	m.employer = m.work ? draw(g, DPT_EMPLOYER) : NULL;
	int rc = protect_permit_add(g->s, g->v, NULL, &m, g->err);
	if (!rc)
		g->n.permits++;
	return rc;
}

/* One person's path: identification, then for a possible or actual victim the orders, the
 * shelter, the permit, the outcome and the referrals. */
static int one_person(struct gen *g, const struct victim *vc)
{
	mapo_date rescued = vc->rescue_date;
	int rc;
	g->n.persons++;
	if ((rc = identify(g, vc, rescued + (mapo_date)rng_below(&g->rng, 3))) ||
	    (rc = add_consent(g, vc, CONSENT_PROCESSING, true, rescued)) ||
	    (rc = add_consent(g, vc, CONSENT_SHARING, chance(g, DPR_CONSENT_SHARING), rescued)))
		return rc;
	if (chance(g, DPR_CONSENT_PHOTO) && (rc = add_consent(g, vc, CONSENT_PHOTO, true, rescued)))
		return rc;
	if (chance(g, DPR_IDENTITY) && (rc = add_identity(g, vc)))
		return rc;
	if (vc->status == TSTATUS_NOT_A_VICTIM)
		return 0;

	const struct demo_table *orgs = &g->plan->tables[DEMO_REFERRAL_ORG];
	bool partners = table_total(orgs) > 0;
	if (vc->source_org[0])
		rc = refer(g, vc, REFER_IN, vc->source_org, "identification", rescued, REFERRAL_ACCEPTED, rescued);
	else if (partners && chance(g, DPR_REFERRAL_IN))
		rc = refer(g, vc, REFER_IN, rng_draw(&g->rng, orgs), "shelter", rescued, REFERRAL_ACCEPTED, rescued);
	if (rc || !chance(g, DPR_INTERIM))
		return rc;

	struct protection_order order, protection;
	if ((rc = add_order(g, vc, "interim", rescued, DATE_NONE, &order)))
		return rc;
	size_t stay = SIZE_MAX;
	if (chance(g, DPR_ADMISSION) && (rc = admit(g, vc, rescued, &stay)))
		return rc;
	if (chance(g, DPR_PROTECTION)) {
		if ((rc = add_order(g, vc, "protection", DATE_NONE, DATE_NONE, &protection)))
			return rc;
		order = protection;
		if (chance(g, DPR_EXTENSION)) {
			mapo_date end = date_add_months(protection.end_date, (int)g->dp->limits[DPL_EXTENSION_MONTHS]);
			if ((rc = add_order(g, vc, "extension", DATE_NONE, end, &order)))
				return rc;
		}
		if (chance(g, DPR_PERMIT) && (rc = add_permit(g, vc, &protection)))
			return rc;
	}

	if (chance(g, DPR_NO_OUTCOME)) {
		/* Past its end with no outcome: the deadline board's list of orders to act on. */
		g->n.open_orders++;
	} else {
		enum order_outcome outcome = order_outcome_parse(draw(g, DPT_OUTCOME));
		mapo_date ended = order.end_date;
		/* A return goes to the person's country: none for a citizen or an unknown one. */
		if (outcome == OUTCOME_REPATRIATED && (!vc->nationality[0] || !strcmp(vc->nationality, "MYS")))
			outcome = OUTCOME_RELEASED;
		if ((rc = protect_order_outcome(g->s, NULL, order.id, outcome, ended, g->err)))
			return rc;
		if (outcome == OUTCOME_REPATRIATED) {
			struct repatriation r;
			memset(&r, 0, sizeof(r));
			copy(r.person_ref, sizeof(r.person_ref), vc->person_ref);
			copy(r.destination, sizeof(r.destination), vc->nationality);
			copy(r.org, sizeof(r.org), draw(g, DPT_REPATRIATION_ORG));
			r.on_date = ended;
			if ((rc = protect_repatriation_add(g->s, g->v, NULL, &r, g->err)))
				return rc;
			g->n.repatriations++;
		}
		if (stay != SIZE_MAX && chance(g, DPR_DISCHARGE)) {
			if ((rc = protect_discharge(g->s, NULL, vc->person_ref, ended, g->err)))
				return rc;
			g->stays[stay].discharged = ended;
			g->n.discharges++;
		}
	}

	if (partners && chance(g, DPR_REFERRAL_OUT)) {
		mapo_date on = rescued + 3 + (mapo_date)rng_below(&g->rng, 14);
		enum referral_status st = REFERRAL_ACCEPTED;
		if (chance(g, DPR_REFERRAL_REFUSED))
			st = REFERRAL_REFUSED;
		else if (chance(g, DPR_REFERRAL_PENDING))
			st = REFERRAL_PENDING;
		const char *org = rng_draw(&g->rng, orgs);
		rc = refer(g, vc, REFER_OUT, org, draw(g, DPT_SERVICE), on, st, on + 1 + (mapo_date)rng_below(&g->rng, 7));
	}
	return rc;
}

/* The codes of dp that the store must know: indicators and the order kinds the paths use. */
static int check_codes(store *s, const struct gen *g, struct mapo_error *err)
{
	struct indicator_list known;
	indicator_list_init(&known);
	int rc = store_indicators_load(s, &known, err);
	const struct demo_table *t = &g->dp->tables[DPT_INDICATOR];
	for (size_t i = 0; !rc && i < t->n; i++)
		if (!indicator_list_find(&known, t->v[i].code))
			rc = mapo_error_set(err, MAPO_EINVAL, _("indicator: unknown code '%s'"), t->v[i].code);
	indicator_list_release(&known);
	static const char *const kinds[] = {"interim", "protection", "extension"};
	for (size_t i = 0; !rc && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!order_kinds_find(&g->kinds, kinds[i]))
			rc = mapo_error_set(err, MAPO_EINVAL, _("the order kind '%s' is not loaded"), kinds[i]);
	return rc;
}

int demo_protection_generate(store *s, const vault *v, const struct demo_protection *dp,
	const struct demo_plan *plan, uint64_t seed, struct demo_protection_counts *counts, struct mapo_error *err)
{
	struct sample sm;
	struct gen g;
	int rc;

	memset(&sm, 0, sizeof(sm));
	strvec_init(&sm.refs);
	strvec_init(&sm.agencies);
	sm.cap = (size_t)dp->limits[DPL_PERSONS];
	sm.per_case = (size_t)dp->limits[DPL_PER_CASE];
	sm.oldest = DATE_NONE;
	sm.today = date_today();
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.v = v;
	g.dp = dp;
	g.plan = plan;
	g.err = err;
	order_kinds_init(&g.kinds);
	health_check_list_init(&g.checks);
	/* A stream of its own: the rest of the demo draws exactly what it drew without this part. */
	rng_seed(&g.rng, seed ^ 0x70726f7465637421ULL);

	if ((rc = store_order_kinds_load(s, &g.kinds, err)) || (rc = protect_health_checks(s, &g.checks, err)) ||
	    (rc = check_codes(s, &g, err)))
		goto out;
	if ((rc = take_sample(s, &sm, err)) || (rc = mark_referred(s, plan, &sm, err)))
		goto out;
	qsort(sm.v, sm.n, sizeof(*sm.v), victim_cmp);

	if ((rc = store_begin(s, err)))
		goto out;
	for (size_t i = 0; !rc && i < dp->nshelters; i++) {
		struct shelter sh = dp->shelters[i];
		if (!(rc = protect_shelter_put(s, NULL, &sh, err)))
			g.n.shelters++;
	}
	for (size_t i = 0; !rc && i < sm.n; i++)
		rc = one_person(&g, &sm.v[i]);
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s, err);
out:
	if (!rc && counts)
		*counts = g.n;
	free(sm.v);
	strvec_release(&sm.refs);
	strvec_release(&sm.agencies);
	free(g.stays);
	order_kinds_release(&g.kinds);
	health_check_list_release(&g.checks);
	return rc;
}
