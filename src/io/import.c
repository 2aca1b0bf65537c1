/* The importer reads both files completely, checks every row on its own (case_validate,
 * case_person_validate) and against the others and the store, and only then writes, in one
 * transaction. Problems are collected with their file and line and listed in that order. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "io/import.h"
#include "core/case.h"
#include "io/export.h"
#include "util/util.h"

enum { FILE_CASES = 0, FILE_PERSONS = 1 };

/* The columns of each file, in the documented (and exported) order. */
enum case_col {
	CC_CASE_REF, CC_KIND, CC_AGENCY, CC_ACTION_DATE, CC_STATE, CC_OFFENCES, CC_FORMS, CC_STATUS,
	CC_RELATED, CC_SUMMARY, CC__COUNT
};
enum person_col {
	PC_CASE_REF, PC_PERSON_REF, PC_ROLE, PC_SEX, PC_BIRTH_DATE, PC_AGE, PC_NATIONALITY,
	PC_ARREST_DATE, PC_SUSPECT_ROLE, PC_TSTATUS, PC_RESCUE_DATE, PC__COUNT
};

/* ---- a string-keyed hash map (refs to row indexes) ------------------------------------------- */

struct map_entry {
	char *key;
	size_t val;
};
struct map {
	struct map_entry *v;
	size_t n, cap;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct map_entry *map_slot(const struct map *m, const char *key)
{
	size_t i = (size_t)(hash_str(key) & (m->cap - 1));
	while (m->v[i].key && strcmp(m->v[i].key, key))
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

static size_t *map_get(const struct map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	struct map_entry *e = map_slot(m, key);
	return e->key ? &e->val : NULL;
}

static void map_put(struct map *m, const char *key, size_t val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct map old = *m;
		m->cap = m->cap ? 2 * m->cap : 64;
		m->v = xcalloc(m->cap, sizeof(*m->v));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key) {
				*map_slot(m, old.v[i].key) = old.v[i];
				m->n++;
			}
		free(old.v);
	}
	struct map_entry *e = map_slot(m, key);
	if (!e->key) {
		e->key = xstrdup(key);
		m->n++;
	}
	e->val = val;
}

static void map_release(struct map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

/* ---- the importer's state -------------------------------------------------------------------- */

struct problem {
	int file;
	size_t line, seq;
	char *msg;
};

struct case_row {
	struct mapo_case c;
	size_t line;
	size_t size;            /* bytes of the file the row took, for progress */
	bool exists;            /* the reference is in the store already (update mode) */
	int64_t stored_version;
	bool written;
};

struct person_row {
	struct case_person p;
	size_t line, size;
};

/* A case found in the store (or known not to be there), looked up once. */
struct stored_case {
	bool found;
	struct mapo_case c;
	bool roles_loaded;
	struct strvec roles; /* "person_ref\x1frole" of the roles it holds */
};

struct imp {
	store *s;
	const struct refdata *rd;
	struct import_opts opts;
	struct import_result *res;
	struct csv_reader *rc, *rp;
	const char *cases_name;

	struct problem *probs;
	size_t nprobs, probs_alloc, seq;

	struct case_row *cases;
	size_t ncases, cases_alloc;
	struct map case_index;   /* case_ref -> index in cases (the first row with it) */

	struct person_row *persons;
	size_t npersons, persons_alloc;
	struct map person_first; /* person_ref -> index in persons of its first row */
	struct map roles;        /* case_ref \x1f person_ref \x1f role -> index in persons */

	struct stored_case *stored;
	size_t nstored, stored_alloc;
	struct map stored_index; /* case_ref -> index in stored */

	bool cases_incomplete;           /* cases.csv could not be read to its end */
	size_t total, read_done, written; /* progress, in bytes */
	size_t offset;                   /* bytes of the file being read consumed so far */
};

static void add_problem_msg(struct imp *im, int file, size_t line, char *msg)
{
	ALLOC_GROW(im->probs, im->nprobs + 1, im->probs_alloc);
	im->probs[im->nprobs++] = (struct problem){file, line, im->seq++, msg};
}

/* Moves the problems in list (as csv_problem wrote them) into im, at file and line. */
static void take_problems(struct imp *im, int file, size_t line, struct strvec *list)
{
	for (size_t i = 0; i < list->n; i++) {
		add_problem_msg(im, file, line, list->v[i]);
		list->v[i] = NULL;
	}
	free(list->v);
	strvec_init(list);
}

static void problem(struct imp *im, int file, size_t line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void problem(struct imp *im, int file, size_t line, const char *column, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	const char *name = csv_reader_name(file == FILE_CASES ? im->rc : im->rp);
	buf_printf(&b, "%s:%zu: %s: ", name, line, column);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	add_problem_msg(im, file, line, buf_detach(&b));
}

/* Emits a row's field errors as problems, in the order of the file format's columns. */
static void emit_field_errors(struct imp *im, int file, size_t line, const struct field_errors *fe,
	const char *const *columns)
{
	bool *done = xcalloc(fe->n ? fe->n : 1, sizeof(*done));
	for (size_t k = 0; columns[k]; k++)
		for (size_t i = 0; i < fe->n; i++)
			if (!done[i] && !strcmp(fe->v[i].field, columns[k])) {
				problem(im, file, line, fe->v[i].field, "%s", fe->v[i].msg);
				done[i] = true;
			}
	for (size_t i = 0; i < fe->n; i++)
		if (!done[i])
			problem(im, file, line, fe->v[i].field, "%s", fe->v[i].msg);
	free(done);
}

/* Adds the validator's errors for the columns the parser has not already faulted. */
static void merge_errors(struct field_errors *into, const struct field_errors *from, size_t parsed)
{
	for (size_t i = 0; i < from->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < parsed && !seen; j++)
			seen = !strcmp(into->v[j].field, from->v[i].field);
		if (!seen)
			field_errors_add(into, from->v[i].field, "%s", from->v[i].msg);
	}
}

static void progress(struct imp *im, size_t done)
{
	if (im->opts.progress)
		im->opts.progress(done, im->total, im->opts.progress_arg);
}

static size_t read_done(struct imp *im)
{
	size_t a = 0, b = 0, t;
	csv_reader_progress(im->rc, &a, &t);
	if (im->rp)
		csv_reader_progress(im->rp, &b, &t);
	return a + b;
}

/* Looks ref up in the store once; NULL when it is not there. A store failure is returned in *rc. */
static struct stored_case *stored_case(struct imp *im, const char *ref, int *rc, struct mapo_error *err)
{
	size_t *at = map_get(&im->stored_index, ref);
	if (at)
		return im->stored[*at].found ? &im->stored[*at] : NULL;
	ALLOC_GROW(im->stored, im->nstored + 1, im->stored_alloc);
	struct stored_case *sc = &im->stored[im->nstored];
	memset(sc, 0, sizeof(*sc));
	case_init(&sc->c);
	strvec_init(&sc->roles);
	int got = store_case_get(im->s, ref, &sc->c, err);
	if (got && got != MAPO_ENOTFOUND) {
		case_release(&sc->c);
		*rc = got;
		return NULL;
	}
	sc->found = got == 0;
	map_put(&im->stored_index, ref, im->nstored++);
	return sc->found ? sc : NULL;
}

static int collect_role(const struct case_person *p, void *arg)
{
	strvec_pushf(arg, "%s\x1f%s", p->person_ref, person_role_code(p->role));
	return 0;
}

/* The bytes of r consumed since the last call (the header's go to the first row). */
static size_t row_size(struct imp *im, struct csv_reader *r)
{
	size_t done, total;
	csv_reader_progress(r, &done, &total);
	size_t size = done - im->offset;
	im->offset = done;
	return size;
}

/* After a reader's error, now listed as the last problem: a file that cannot be read (MAPO_EIO)
 * ends the import; bad content (MAPO_EINVAL, MAPO_ETOOBIG) is one more problem, and the checks
 * go on. */
static int read_failed(struct imp *im, int rc, struct mapo_error *err)
{
	if (rc != MAPO_EIO)
		return 0;
	return mapo_error_set(err, rc, "%s", im->nprobs ? im->probs[im->nprobs - 1].msg : "");
}

/* ---- reading cases.csv ----------------------------------------------------------------------- */

static const char *const case_columns[] = {"case_ref", "kind", "agency", "action_date", "state",
	"offences", "forms", "status", "related_case_ref", "summary", NULL};
static const char *const person_columns[] = {"case_ref", "person_ref", "role", "sex", "birth_date",
	"age", "nationality", "arrest_date", "suspect_role", "trafficking_status", "rescue_date", NULL};

/* Copies s into a fixed field, or returns false when it does not fit. */
static bool fits(char *dst, size_t size, const char *s)
{
	size_t len = strlen(s);
	if (len >= size)
		return false;
	memcpy(dst, s, len + 1);
	return true;
}

static void parse_date(struct field_errors *fe, const char *column, const char *s, mapo_date *out)
{
	*out = DATE_NONE;
	if (*s && date_parse(s, out)) {
		*out = DATE_NONE;
		field_errors_add(fe, column, _("'%s' is not a date (YYYY-MM-DD)"), s);
	}
}

static void parse_case(const struct csv_columns *cols, const struct strvec *f, struct mapo_case *c,
	struct field_errors *fe)
{
	const char *v;

	v = csv_columns_get(cols, f, CC_CASE_REF);
	if (!fits(c->ref, sizeof(c->ref), v))
		field_errors_add(fe, "case_ref", _("case reference is longer than %d characters"), CASE_REF_MAX - 1);
	v = csv_columns_get(cols, f, CC_KIND);
	c->kind = case_kind_parse(v);
	if (*v && c->kind != KIND_TIP && c->kind != KIND_SOM) {
		c->kind = KIND_NONE;
		field_errors_add(fe, "kind", _("unknown kind '%s': TIP or SOM"), v);
	}
	v = csv_columns_get(cols, f, CC_AGENCY);
	if (!fits(c->agency, sizeof(c->agency), v))
		field_errors_add(fe, "agency", _("unknown agency '%s'"), v);
	parse_date(fe, "action_date", csv_columns_get(cols, f, CC_ACTION_DATE), &c->action_date);
	v = csv_columns_get(cols, f, CC_STATE);
	if (!fits(c->state, sizeof(c->state), v))
		field_errors_add(fe, "state", _("unknown state '%s'"), v);
	strvec_split(&c->offences, csv_columns_get(cols, f, CC_OFFENCES), ';');
	strvec_split(&c->forms, csv_columns_get(cols, f, CC_FORMS), ';');
	v = csv_columns_get(cols, f, CC_STATUS);
	c->status = case_status_parse(v);
	if (*v && (c->status < 0 || c->status >= STATUS__COUNT)) {
		c->status = STATUS_NONE;
		field_errors_add(fe, "status",
			_("unknown status '%s': investigation, charged, convicted, acquitted or closed"), v);
	}
	v = csv_columns_get(cols, f, CC_RELATED);
	if (!fits(c->related_ref, sizeof(c->related_ref), v))
		field_errors_add(fe, "related_case_ref",
			_("case reference '%s' is not AGENCY/YEAR/SEQUENCE (e.g. PDRM/2021/000123)"), v);
	case_set_summary(c, csv_columns_get(cols, f, CC_SUMMARY));
}

/* Sorts a multi-valued field into its canonical order (export's), so that the store, an export
 * and a re-import agree. */
static void canonical(struct strvec *sv, bool offences)
{
	struct buf b = BUF_INIT;
	if (offences)
		export_join_offences(&b, sv);
	else
		export_join_forms(&b, sv);
	strvec_clear(sv);
	strvec_split(sv, buf_str(&b), ';');
	buf_release(&b);
}

static int read_cases(struct imp *im, struct mapo_error *err)
{
	struct csv_columns cols = {0};
	struct strvec fields = STRVEC_INIT, list = STRVEC_INIT;
	size_t line = 0;
	int rc;

	rc = csv_columns_read(&cols, im->rc, case_columns, &list);
	take_problems(im, FILE_CASES, cols.line ? cols.line : 1, &list);
	if (rc) {
		im->cases_incomplete = true;
		rc = read_failed(im, rc, err);
		goto out;
	}
	while ((rc = csv_reader_next(im->rc, &fields, &line, NULL)) == 1) {
		struct field_errors fe = FIELD_ERRORS_INIT, fv = FIELD_ERRORS_INIT;
		struct case_row row = {.line = line};

		case_init(&row.c);
		if (!csv_columns_check(&cols, im->rc, &fields, line, &list)) {
			take_problems(im, FILE_CASES, line, &list);
			/* Keep the reference when there is one, so that persons rows naming it are not also
			 * reported as pointing to a missing case. */
			size_t at = cols.pos[CC_CASE_REF];
			if (at < fields.n && !map_get(&im->case_index, fields.v[at])
				&& fits(row.c.ref, sizeof(row.c.ref), fields.v[at]) && *row.c.ref)
				map_put(&im->case_index, row.c.ref, SIZE_MAX);
			case_release(&row.c);
			continue;
		}
		parse_case(&cols, &fields, &row.c, &fe);
		size_t parsed = fe.n;
		case_validate(&row.c, im->rd, &fv);
		merge_errors(&fe, &fv, parsed);
		field_errors_release(&fv);

		const char *ref = row.c.ref;
		size_t *first = *ref ? map_get(&im->case_index, ref) : NULL;
		if (first) {
			size_t first_line = *first == SIZE_MAX ? 0 : im->cases[*first].line;
			if (first_line)
				field_errors_add(&fe, "case_ref", _("case '%s' is given twice (first on line %zu)"),
					ref, first_line);
			else
				field_errors_add(&fe, "case_ref", _("case '%s' is given twice"), ref);
		} else if (*ref) {
			int src = 0;
			struct stored_case *sc = stored_case(im, ref, &src, err);
			if (src) {
				rc = src;
				field_errors_release(&fe);
				case_release(&row.c);
				goto out;
			}
			if (sc && !im->opts.update)
				field_errors_add(&fe, "case_ref",
					_("case '%s' is already in the database (use --update to replace it)"), ref);
			row.exists = sc != NULL;
			row.stored_version = sc ? sc->c.version : 0;
		}
		emit_field_errors(im, FILE_CASES, line, &fe, case_columns);
		field_errors_release(&fe);

		canonical(&row.c.offences, true);
		canonical(&row.c.forms, false);
		row.size = row_size(im, im->rc);
		if (!first && *ref)
			map_put(&im->case_index, ref, im->ncases);
		ALLOC_GROW(im->cases, im->ncases + 1, im->cases_alloc);
		im->cases[im->ncases++] = row;
		progress(im, read_done(im));
	}
	if (rc < 0) {
		csv_reader_problem(im->rc, &cols, &list);
		size_t eline = 0;
		csv_reader_error(im->rc, &eline, NULL);
		take_problems(im, FILE_CASES, eline, &list);
		im->cases_incomplete = true;
		rc = read_failed(im, rc, err);
	}
out:
	csv_columns_release(&cols);
	strvec_release(&fields);
	strvec_release(&list);
	return rc < 0 ? rc : 0;
}

/* Each related case must be in the file or in the store. */
static int check_related(struct imp *im, struct mapo_error *err)
{
	for (size_t i = 0; i < im->ncases; i++) {
		const struct mapo_case *c = &im->cases[i].c;
		if (!*c->related_ref || map_get(&im->case_index, c->related_ref))
			continue;
		int rc = 0;
		struct stored_case *sc = stored_case(im, c->related_ref, &rc, err);
		if (rc)
			return rc;
		if (!sc && !im->cases_incomplete)
			problem(im, FILE_CASES, im->cases[i].line, "related_case_ref",
				_("related case '%s' is neither in this file nor in the database"), c->related_ref);
	}
	return 0;
}

/* ---- reading persons.csv --------------------------------------------------------------------- */

static void parse_person(const struct csv_columns *cols, const struct strvec *f, struct case_person *p,
	struct field_errors *fe)
{
	const char *v;
	long long n;

	v = csv_columns_get(cols, f, PC_CASE_REF);
	if (!fits(p->case_ref, sizeof(p->case_ref), v))
		field_errors_add(fe, "case_ref", _("case reference is longer than %d characters"), CASE_REF_MAX - 1);
	v = csv_columns_get(cols, f, PC_PERSON_REF);
	if (!fits(p->person_ref, sizeof(p->person_ref), v))
		field_errors_add(fe, "person_ref", _("person reference is longer than %d characters"),
			PERSON_REF_MAX - 1);
	v = csv_columns_get(cols, f, PC_ROLE);
	p->role = person_role_parse(v);
	if (*v && (p->role < 0 || p->role >= PROLE__COUNT)) {
		p->role = PROLE_NONE;
		field_errors_add(fe, "role", _("unknown role '%s': suspect, victim or smuggled-migrant"), v);
	}
	v = csv_columns_get(cols, f, PC_SEX);
	if (!*v)
		p->sex = 'U';
	else if (!strcmp(v, "F") || !strcmp(v, "M") || !strcmp(v, "U"))
		p->sex = v[0];
	else {
		p->sex = 'U';
		field_errors_add(fe, "sex", _("unknown sex '%s': F, M or U"), v);
	}
	parse_date(fe, "birth_date", csv_columns_get(cols, f, PC_BIRTH_DATE), &p->birth_date);
	v = csv_columns_get(cols, f, PC_AGE);
	p->age = -1;
	if (*v) {
		if (parse_int(v, 0, 999, &n))
			field_errors_add(fe, "age", _("'%s' is not an age in whole years"), v);
		else
			p->age = (int)n;
	}
	v = csv_columns_get(cols, f, PC_NATIONALITY);
	if (!fits(p->nationality, sizeof(p->nationality), v))
		field_errors_add(fe, "nationality", _("unknown nationality '%s'"), v);
	parse_date(fe, "arrest_date", csv_columns_get(cols, f, PC_ARREST_DATE), &p->arrest_date);
	v = csv_columns_get(cols, f, PC_SUSPECT_ROLE);
	p->suspect_role = *v ? suspect_role_parse(v) : SROLE_NONE;
	if (*v && (p->suspect_role < 0 || p->suspect_role >= SROLE__COUNT)) {
		p->suspect_role = SROLE_NONE;
		field_errors_add(fe, "suspect_role",
			_("unknown suspect role '%s': recruiter, transporter, harbourer, exploiter, financier or other"), v);
	}
	v = csv_columns_get(cols, f, PC_TSTATUS);
	p->trafficking_status = *v ? trafficking_status_parse(v) : TSTATUS_NONE;
	if (*v && (p->trafficking_status < 0 || p->trafficking_status >= TSTATUS__COUNT)) {
		p->trafficking_status = TSTATUS_NONE;
		field_errors_add(fe, "trafficking_status",
			_("unknown trafficking status '%s': possible, actual or not-a-victim"), v);
	}
	parse_date(fe, "rescue_date", csv_columns_get(cols, f, PC_RESCUE_DATE), &p->rescue_date);
}

static void date_text(mapo_date d, char out[DATE_STRLEN])
{
	date_format(d, out);
}

/* The same person must have the same sex, birth date, age and nationality in every row (the store
 * keeps them once per person). */
static void check_same_person(struct imp *im, const struct case_person *p, struct field_errors *fe)
{
	size_t *first = map_get(&im->person_first, p->person_ref);
	if (!first)
		return;
	const struct person_row *pr = &im->persons[*first];
	const struct case_person *q = &pr->p;
	char a[DATE_STRLEN], b[DATE_STRLEN];
	if (q->sex != p->sex)
		field_errors_add(fe, "sex", _("person '%s' has sex %c here but %c on line %zu"), p->person_ref,
			p->sex, q->sex, pr->line);
	if (q->birth_date != p->birth_date) {
		date_text(p->birth_date, a);
		date_text(q->birth_date, b);
		field_errors_add(fe, "birth_date", _("person '%s' has birth date '%s' here but '%s' on line %zu"),
			p->person_ref, a, b, pr->line);
	}
	if (q->age != p->age) {
		snprintf(a, sizeof(a), "%d", p->age);
		snprintf(b, sizeof(b), "%d", q->age);
		field_errors_add(fe, "age", _("person '%s' has age '%s' here but '%s' on line %zu"), p->person_ref,
			p->age < 0 ? "" : a, q->age < 0 ? "" : b, pr->line);
	}
	if (strcmp(q->nationality, p->nationality))
		field_errors_add(fe, "nationality",
			_("person '%s' has nationality '%s' here but '%s' on line %zu"), p->person_ref,
			p->nationality, q->nationality, pr->line);
}

static int read_persons(struct imp *im, struct mapo_error *err)
{
	struct csv_columns cols = {0};
	struct strvec fields = STRVEC_INIT, list = STRVEC_INIT;
	struct buf key = BUF_INIT;
	size_t line = 0;
	int rc;

	im->offset = 0;
	rc = csv_columns_read(&cols, im->rp, person_columns, &list);
	take_problems(im, FILE_PERSONS, cols.line ? cols.line : 1, &list);
	if (rc) {
		rc = read_failed(im, rc, err);
		goto out;
	}
	while ((rc = csv_reader_next(im->rp, &fields, &line, NULL)) == 1) {
		struct field_errors fe = FIELD_ERRORS_INIT, fv = FIELD_ERRORS_INIT;
		struct person_row row = {.line = line};

		case_person_init(&row.p);
		if (!csv_columns_check(&cols, im->rp, &fields, line, &list)) {
			take_problems(im, FILE_PERSONS, line, &list);
			continue;
		}
		parse_person(&cols, &fields, &row.p, &fe);
		size_t parsed = fe.n;

		/* The case: in the file, else in the store. */
		const struct mapo_case *c = NULL;
		struct stored_case *sc = NULL;
		bool case_known = false;
		if (*row.p.case_ref) {
			size_t *at = map_get(&im->case_index, row.p.case_ref);
			if (at) {
				case_known = true;
				if (*at != SIZE_MAX) {
					c = &im->cases[*at].c;
					if (c->kind != KIND_TIP && c->kind != KIND_SOM)
						c = NULL; /* its own row is faulted already */
				}
			} else {
				int src = 0;
				sc = stored_case(im, row.p.case_ref, &src, err);
				if (src) {
					rc = src;
					field_errors_release(&fe);
					goto out;
				}
				case_known = sc != NULL;
				c = sc ? &sc->c : NULL;
			}
			/* When cases.csv could not be read to its end, the case may be in the unread part. */
			if (!case_known && !im->cases_incomplete)
				field_errors_add(&fe, "case_ref", _("case '%s' is neither in %s nor in the database"),
					row.p.case_ref, im->cases_name);
		}
		case_person_validate(&row.p, c, im->rd, &fv);
		merge_errors(&fe, &fv, parsed);
		field_errors_release(&fv);

		if (*row.p.person_ref) {
			check_same_person(im, &row.p, &fe);
			buf_reset(&key);
			buf_printf(&key, "%s\x1f%s\x1f%s", row.p.case_ref, row.p.person_ref,
				person_role_code(row.p.role));
			size_t *dup = map_get(&im->roles, buf_str(&key));
			if (dup)
				field_errors_add(&fe, "person_ref",
					_("person '%s' is given twice as %s in case '%s' (first on line %zu)"),
					row.p.person_ref, person_role_code(row.p.role), row.p.case_ref,
					im->persons[*dup].line);
			else if (sc && !im->opts.update && row.p.role >= 0) {
				if (!sc->roles_loaded) {
					rc = store_person_list(im->s, row.p.case_ref, collect_role, &sc->roles, err);
					if (rc) {
						field_errors_release(&fe);
						goto out;
					}
					sc->roles_loaded = true;
				}
				const char *role_key = strchr(buf_str(&key), '\x1f') + 1;
				if (strvec_has(&sc->roles, role_key))
					field_errors_add(&fe, "person_ref",
						_("person '%s' is already %s in case '%s' in the database (use --update to replace it)"),
						row.p.person_ref, person_role_code(row.p.role), row.p.case_ref);
			}
		}
		emit_field_errors(im, FILE_PERSONS, line, &fe, person_columns);
		field_errors_release(&fe);

		row.size = row_size(im, im->rp);
		if (*row.p.person_ref) {
			if (!map_get(&im->person_first, row.p.person_ref))
				map_put(&im->person_first, row.p.person_ref, im->npersons);
			if (!map_get(&im->roles, buf_str(&key)))
				map_put(&im->roles, buf_str(&key), im->npersons);
		}
		ALLOC_GROW(im->persons, im->npersons + 1, im->persons_alloc);
		im->persons[im->npersons++] = row;
		progress(im, read_done(im));
	}
	if (rc < 0) {
		csv_reader_problem(im->rp, &cols, &list);
		size_t eline = 0;
		csv_reader_error(im->rp, &eline, NULL);
		take_problems(im, FILE_PERSONS, eline, &list);
		rc = read_failed(im, rc, err);
	}
out:
	csv_columns_release(&cols);
	strvec_release(&fields);
	strvec_release(&list);
	buf_release(&key);
	return rc < 0 ? rc : 0;
}

/* ---- writing --------------------------------------------------------------------------------- */

static int write_case(struct imp *im, struct case_row *row, struct mapo_error *err)
{
	int rc;
	if (row->exists) {
		row->c.version = row->stored_version;
		rc = store_case_update(im->s, &row->c, err);
		if (!rc)
			im->res->cases_updated++;
	} else {
		rc = store_case_insert(im->s, &row->c, err);
		if (!rc)
			im->res->cases_inserted++;
	}
	if (!rc) {
		row->written = true;
		im->written += row->size;
		progress(im, im->read_done + im->written);
	}
	return rc;
}

/* True when the case's related case (if any) is in the store already. */
static bool related_ready(const struct imp *im, const struct case_row *row)
{
	const char *rel = row->c.related_ref;
	if (!*rel)
		return true;
	size_t *at = map_get(&im->case_index, rel);
	if (!at)
		return true; /* checked: it is in the store */
	const struct case_row *other = &im->cases[*at];
	return other->exists || other->written;
}

/* Writes the cases so that each related case exists before the case naming it; a ring of cases
 * naming each other is broken by writing one without its link first and adding the link last. */
static int write_cases(struct imp *im, struct mapo_error *err)
{
	size_t left = im->ncases, *deferred = NULL, ndeferred = 0, deferred_alloc = 0;
	int rc = 0;

	while (left && !rc) {
		bool progressed = false;
		for (size_t i = 0; i < im->ncases && !rc; i++) {
			struct case_row *row = &im->cases[i];
			if (row->written || !related_ready(im, row))
				continue;
			rc = write_case(im, row, err);
			left--;
			progressed = true;
		}
		if (rc || progressed)
			continue;
		for (size_t i = 0; i < im->ncases; i++) {
			struct case_row *row = &im->cases[i];
			if (row->written)
				continue;
			char rel[CASE_REF_MAX];
			memcpy(rel, row->c.related_ref, sizeof(rel));
			row->c.related_ref[0] = '\0';
			rc = write_case(im, row, err);
			memcpy(row->c.related_ref, rel, sizeof(rel));
			ALLOC_GROW(deferred, ndeferred + 1, deferred_alloc);
			deferred[ndeferred++] = i;
			left--;
			break;
		}
	}
	for (size_t i = 0; i < ndeferred && !rc; i++)
		rc = store_case_update(im->s, &im->cases[deferred[i]].c, err);
	free(deferred);
	return rc;
}

static int collect_person(const struct case_person *p, void *arg)
{
	struct strvec *sv = arg;
	strvec_push(sv, p->person_ref);
	strvec_push(sv, person_role_code(p->role));
	return 0;
}

static int write_persons(struct imp *im, struct mapo_error *err)
{
	int rc = 0;

	/* The roles of replaced cases are replaced by the file's. */
	for (size_t i = 0; i < im->ncases && !rc; i++) {
		struct strvec old = STRVEC_INIT;
		if (!im->cases[i].exists)
			continue;
		const char *ref = im->cases[i].c.ref;
		rc = store_person_list(im->s, ref, collect_person, &old, err);
		for (size_t j = 0; j + 1 < old.n && !rc; j += 2)
			rc = store_person_remove(im->s, ref, old.v[j], person_role_parse(old.v[j + 1]), err);
		strvec_release(&old);
	}
	for (size_t i = 0; i < im->npersons && !rc; i++) {
		struct person_row *row = &im->persons[i];
		rc = store_person_put(im->s, &row->p, err);
		if (rc == MAPO_EINVAL) {
			/* The person is stored with other details: a problem with this row. */
			problem(im, FILE_PERSONS, row->line, "person_ref", "%s", err->msg);
		} else if (!rc) {
			im->res->persons++;
			im->written += row->size;
			progress(im, im->read_done + im->written);
		}
	}
	return rc;
}

/* ---- the whole import ------------------------------------------------------------------------ */

static int cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int report_problems(struct imp *im, struct mapo_error *err)
{
	qsort(im->probs, im->nprobs, sizeof(*im->probs), cmp_problem);
	for (size_t i = 0; i < im->nprobs; i++) {
		strvec_push(&im->res->problems, im->probs[i].msg);
	}
	return mapo_error_set(err, MAPO_EINVAL,
		Q_("%zu problem in the files; nothing was imported", "%zu problems in the files; nothing was imported",
			im->nprobs),
		im->nprobs);
}

static void imp_release(struct imp *im)
{
	for (size_t i = 0; i < im->nprobs; i++)
		free(im->probs[i].msg);
	free(im->probs);
	for (size_t i = 0; i < im->ncases; i++)
		case_release(&im->cases[i].c);
	free(im->cases);
	free(im->persons);
	for (size_t i = 0; i < im->nstored; i++) {
		case_release(&im->stored[i].c);
		strvec_release(&im->stored[i].roles);
	}
	free(im->stored);
	map_release(&im->case_index);
	map_release(&im->person_first);
	map_release(&im->roles);
	map_release(&im->stored_index);
}

void import_result_init(struct import_result *res)
{
	memset(res, 0, sizeof(*res));
	strvec_init(&res->problems);
}

void import_result_release(struct import_result *res)
{
	strvec_release(&res->problems);
	import_result_init(res);
}

int import_readers(store *s, const struct refdata *rd, struct csv_reader *cases,
	struct csv_reader *persons, const struct import_opts *opts, struct import_result *res,
	struct mapo_error *err)
{
	struct imp im;
	size_t done, tc = 0, tp = 0;
	int rc;

	memset(&im, 0, sizeof(im));
	im.s = s;
	im.rd = rd;
	if (opts)
		im.opts = *opts;
	im.res = res;
	im.rc = cases;
	im.rp = persons;
	im.cases_name = csv_reader_name(cases);
	csv_reader_progress(cases, &done, &tc);
	if (persons)
		csv_reader_progress(persons, &done, &tp);
	im.total = tc && (tp || !persons) ? 2 * (tc + tp) : 0;
	mapo_error_clear(err);

	rc = read_cases(&im, err);
	if (!rc)
		rc = check_related(&im, err);
	if (!rc && persons)
		rc = read_persons(&im, err);
	if (rc)
		goto out;
	im.read_done = read_done(&im);
	if (im.nprobs) {
		rc = report_problems(&im, err);
		goto out;
	}

	rc = store_begin(s, err);
	if (rc)
		goto out;
	rc = write_cases(&im, err);
	if (!rc && persons)
		rc = write_persons(&im, err);
	if (!rc)
		rc = store_commit(s, err);
	if (rc) {
		store_rollback(s);
		res->cases_inserted = res->cases_updated = res->persons = 0;
		if (im.nprobs)
			rc = report_problems(&im, err);
		goto out;
	}
	progress(&im, im.total);
out:
	imp_release(&im);
	return rc;
}

int import_files(store *s, const struct refdata *rd, const char *cases_path, const char *persons_path,
	const struct import_opts *opts, struct import_result *res, struct mapo_error *err)
{
	struct csv_reader *cases = NULL, *persons = NULL;
	int rc = csv_reader_open(&cases, cases_path, err);
	if (!rc && persons_path)
		rc = csv_reader_open(&persons, persons_path, err);
	if (!rc)
		rc = import_readers(s, rd, cases, persons, opts, res, err);
	csv_reader_free(cases);
	csv_reader_free(persons);
	return rc;
}
