/* The council's files: the quorum rule, the demo's CSV files, JSON forms and XLSX workbooks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "io/council_io.h"
#include "io/csv.h"
#include "io/xlsxw.h"
#include "store/store_council.h"

/* ---- a whole CSV file with named columns ---------------------------------------------------- */

struct sheet {
	char *name;
	struct strvec head;
	struct strvec *rows;
	size_t *lines;
	size_t n, alloc;
};

static void sheet_release(struct sheet *sh)
{
	for (size_t i = 0; i < sh->n; i++)
		strvec_release(&sh->rows[i]);
	free(sh->rows);
	free(sh->lines);
	strvec_release(&sh->head);
	free(sh->name);
	memset(sh, 0, sizeof(*sh));
}

/* Reads path; every name of cols must be a column, and no other may be. */
static int sheet_read(struct sheet *sh, const char *path, const char *const *cols, struct mapo_error *err)
{
	struct csv_reader *r = NULL;
	struct strvec f = STRVEC_INIT;
	size_t line;
	memset(sh, 0, sizeof(*sh));
	sh->name = xstrdup(path);
	int rc = csv_reader_open(&r, path, err);
	if (rc)
		goto out;
	if ((rc = csv_reader_next(r, &sh->head, &line, err)) <= 0) {
		if (!rc)
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s: empty file, expected a header row"), path);
		goto out;
	}
	rc = 0;
	for (size_t c = 0; cols[c]; c++)
		if (!strvec_has(&sh->head, cols[c])) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: missing column '%s'"), path, line, cols[c]);
			goto out;
		}
	for (size_t h = 0; h < sh->head.n; h++) {
		bool known = false;
		for (size_t c = 0; cols[c] && !known; c++)
			known = !strcmp(cols[c], sh->head.v[h]);
		if (!known) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: unknown column '%s'"), path, line, sh->head.v[h]);
			goto out;
		}
	}
	while ((rc = csv_reader_next(r, &f, &line, err)) > 0) {
		if (f.n != sh->head.n) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: %zu fields, the header has %zu"), path, line, f.n,
				sh->head.n);
			goto out;
		}
		size_t need = sh->n + 1, a2 = sh->alloc;
		ALLOC_GROW(sh->rows, need, sh->alloc);
		ALLOC_GROW(sh->lines, need, a2);
		strvec_init(&sh->rows[sh->n]);
		strvec_copy(&sh->rows[sh->n], &f);
		sh->lines[sh->n] = line;
		sh->n++;
	}
out:
	strvec_release(&f);
	csv_reader_free(r);
	return rc < 0 ? rc : 0;
}

static const char *cell(const struct sheet *sh, size_t row, const char *col)
{
	for (size_t h = 0; h < sh->head.n; h++)
		if (!strcmp(sh->head.v[h], col))
			return sh->rows[row].v[h];
	return "";
}

/* "FILE:LINE: message" from the store's or the core's error. */
static int at_line(const struct sheet *sh, size_t row, int rc, struct mapo_error *err)
{
	char msg[sizeof(err->msg)];
	snprintf(msg, sizeof(msg), "%s", err->msg);
	return mapo_error_set(err, rc, "%s:%zu: %s", sh->name, sh->lines[row], msg);
}

static int bad_value(const struct sheet *sh, size_t row, const char *col, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: column '%s': bad value '%s'"), sh->name, sh->lines[row], col,
		cell(sh, row, col));
}

static int get_date(const struct sheet *sh, size_t row, const char *col, bool required, mapo_date *out,
	struct mapo_error *err)
{
	const char *v = cell(sh, row, col);
	*out = DATE_NONE;
	if (!*v && !required)
		return 0;
	return date_parse(v, out) ? bad_value(sh, row, col, err) : 0;
}

static int set_field(char *dst, size_t size, const struct sheet *sh, size_t row, const char *col,
	struct mapo_error *err)
{
	const char *v = cell(sh, row, col);
	if (strlen(v) >= size)
		return bad_value(sh, row, col, err);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* ---- the quorum rule ------------------------------------------------------------------------ */

int council_quorum_load(store *s, const char *path, struct mapo_error *err)
{
	static const char *const cols[] = {"body", "num", "den", "plus", "source", NULL};
	struct sheet sh;
	int rc = sheet_read(&sh, path, cols, err);
	if (rc)
		goto out;
	if ((rc = store_begin(s, err)))
		goto out;
	for (size_t i = 0; i < sh.n && !rc; i++) {
		long long num, den, plus;
		struct quorum_rule q;
		if (parse_int(cell(&sh, i, "num"), 0, 1000, &num))
			rc = bad_value(&sh, i, "num", err);
		else if (parse_int(cell(&sh, i, "den"), 1, 1000, &den))
			rc = bad_value(&sh, i, "den", err);
		else if (parse_int(cell(&sh, i, "plus"), 0, 1000, &plus))
			rc = bad_value(&sh, i, "plus", err);
		else if (!*cell(&sh, i, "body"))
			rc = bad_value(&sh, i, "body", err);
		if (rc)
			break;
		q.num = (int)num;
		q.den = (int)den;
		q.plus = (int)plus;
		if ((rc = store_council_quorum_put(s, cell(&sh, i, "body"), &q, err)))
			rc = at_line(&sh, i, rc, err);
	}
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s, err);
out:
	sheet_release(&sh);
	return rc;
}

/* ---- the demo ------------------------------------------------------------------------------- */

/* Keys of the demo files mapped to the ids the store gave. */
struct keymap {
	struct strvec keys;
	int64_t *ids;
	size_t alloc;
};

static void keymap_add(struct keymap *km, const char *key, int64_t id)
{
	size_t need = km->keys.n + 1;
	ALLOC_GROW(km->ids, need, km->alloc);
	km->ids[km->keys.n] = id;
	strvec_push(&km->keys, key);
}

static int64_t keymap_get(const struct keymap *km, const char *key)
{
	for (size_t i = 0; i < km->keys.n; i++)
		if (!strcmp(km->keys.v[i], key))
			return km->ids[i];
	return 0;
}

static void keymap_release(struct keymap *km)
{
	strvec_release(&km->keys);
	free(km->ids);
}

struct demo {
	store *s;
	const char *dir;
	struct keymap people;    /* "ORG/Name" */
	struct keymap meetings;  /* the meeting key */
	struct keymap decisions;
	struct keymap engagements;
	struct mapo_error *err;
};

static int key_lookup(const struct keymap *km, const struct sheet *sh, size_t row, const char *col, bool required,
	int64_t *out, struct mapo_error *err)
{
	const char *v = cell(sh, row, col);
	*out = 0;
	if (!*v && !required)
		return 0;
	if (!(*out = keymap_get(km, v)))
		return mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: column '%s': unknown key '%s'"), sh->name, sh->lines[row],
			col, v);
	return 0;
}

static int person_key(struct demo *d, const struct sheet *sh, size_t row, const char *org_col, const char *name_col,
	int64_t *out)
{
	char key[ORG_CODE_MAX + PERSON_NAME_MAX + 2];
	snprintf(key, sizeof(key), "%s/%s", cell(sh, row, org_col), cell(sh, row, name_col));
	*out = 0;
	if (!*cell(sh, row, name_col))
		return 0;
	if (!(*out = keymap_get(&d->people, key)))
		return mapo_error_set(d->err, MAPO_EINVAL, _("%s:%zu: unknown representative '%s'"), sh->name, sh->lines[row],
			key);
	return 0;
}

typedef int (*demo_row_fn)(struct demo *d, const struct sheet *sh, size_t row);

static int demo_file(struct demo *d, const char *name, const char *const *cols, demo_row_fn fn)
{
	struct sheet sh;
	char *path = xasprintf("%s/%s", d->dir, name);
	int rc = sheet_read(&sh, path, cols, d->err);
	for (size_t i = 0; !rc && i < sh.n; i++)
		rc = fn(d, &sh, i);
	sheet_release(&sh);
	free(path);
	return rc;
}

static int demo_org(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_org o;
	council_org_init(&o);
	int rc = set_field(o.code, sizeof(o.code), sh, row, "code", d->err);
	if (!rc)
		rc = set_field(o.name_ms, sizeof(o.name_ms), sh, row, "name_ms", d->err);
	if (!rc)
		rc = set_field(o.name_en, sizeof(o.name_en), sh, row, "name_en", d->err);
	if (!rc)
		rc = set_field(o.parent, sizeof(o.parent), sh, row, "parent", d->err);
	o.kind = org_kind_parse(cell(sh, row, "kind"));
	if (!rc && (rc = council_org_add(d->s, NULL, &o, NULL, d->err)))
		rc = at_line(sh, row, rc, d->err);
	return rc;
}

static int demo_person(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_person p;
	council_person_init(&p);
	int rc = set_field(p.org, sizeof(p.org), sh, row, "org", d->err);
	if (!rc)
		rc = set_field(p.name, sizeof(p.name), sh, row, "name", d->err);
	if (!rc)
		rc = set_field(p.title, sizeof(p.title), sh, row, "title", d->err);
	if (!rc)
		rc = set_field(p.email, sizeof(p.email), sh, row, "email", d->err);
	if (!rc)
		rc = set_field(p.phone, sizeof(p.phone), sh, row, "phone", d->err);
	if (!rc && (rc = council_person_add(d->s, NULL, &p, NULL, d->err)))
		return at_line(sh, row, rc, d->err);
	if (!rc) {
		char key[ORG_CODE_MAX + PERSON_NAME_MAX + 2];
		snprintf(key, sizeof(key), "%s/%s", p.org, p.name);
		keymap_add(&d->people, key, p.id);
	}
	return rc;
}

static int demo_member(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_member m;
	council_member_init(&m);
	int rc = set_field(m.body, sizeof(m.body), sh, row, "body", d->err);
	if (!rc)
		rc = set_field(m.org, sizeof(m.org), sh, row, "org", d->err);
	if (!rc)
		rc = get_date(sh, row, "start", true, &m.start, d->err);
	if (!rc)
		rc = get_date(sh, row, "end", false, &m.end, d->err);
	if (!rc)
		rc = person_key(d, sh, row, "org", "person", &m.person_id);
	m.role = member_role_parse(cell(sh, row, "role"));
	if (!rc && (rc = council_member_add(d->s, NULL, &m, NULL, d->err)))
		rc = at_line(sh, row, rc, d->err);
	return rc;
}

static int demo_meeting(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_meeting m;
	council_meeting_init(&m);
	int rc = set_field(m.body, sizeof(m.body), sh, row, "body", d->err);
	if (!rc)
		rc = get_date(sh, row, "date", true, &m.held_on, d->err);
	if (!rc)
		rc = set_field(m.start_time, sizeof(m.start_time), sh, row, "time", d->err);
	if (!rc)
		rc = set_field(m.venue, sizeof(m.venue), sh, row, "venue", d->err);
	m.mode = meeting_mode_parse(cell(sh, row, "mode"));
	strvec_split(&m.agenda, cell(sh, row, "agenda"), '|');
	council_meeting_set_minutes(&m, cell(sh, row, "minutes"));
	if (!rc && (rc = council_meeting_add(d->s, NULL, &m, NULL, d->err)))
		rc = at_line(sh, row, rc, d->err);
	if (!rc)
		keymap_add(&d->meetings, cell(sh, row, "key"), m.id);
	council_meeting_release(&m);
	return rc;
}

static int demo_attendance(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_attendance a;
	council_attendance_init(&a);
	int rc = key_lookup(&d->meetings, sh, row, "meeting", true, &a.meeting_id, d->err);
	if (!rc)
		rc = person_key(d, sh, row, "org", "person", &a.person_id);
	if (!rc)
		rc = set_field(a.org, sizeof(a.org), sh, row, "org", d->err);
	if (!rc)
		rc = set_field(a.represented_by, sizeof(a.represented_by), sh, row, "represented_by", d->err);
	a.status = attend_status_parse(cell(sh, row, "status"));
	if (!rc && (rc = council_attendance_put(d->s, NULL, &a, NULL, d->err)))
		rc = at_line(sh, row, rc, d->err);
	return rc;
}

static int read_whole(const char *path, struct buf *out, struct mapo_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return mapo_error_set(err, MAPO_EIO, _("cannot read '%s'"), path);
	char chunk[8192];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_add(out, chunk, n);
	if (ferror(f) && !rc)
		rc = MAPO_EIO;
	fclose(f);
	if (rc)
		mapo_error_set(err, rc, _("cannot read '%s'"), path);
	return rc;
}

static int demo_doc(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_doc doc;
	council_doc_init(&doc);
	int rc = set_field(doc.title_ms, sizeof(doc.title_ms), sh, row, "title_ms", d->err);
	if (!rc)
		rc = set_field(doc.title_en, sizeof(doc.title_en), sh, row, "title_en", d->err);
	if (!rc)
		rc = set_field(doc.presenter, sizeof(doc.presenter), sh, row, "presenter", d->err);
	if (!rc)
		rc = set_field(doc.summary, sizeof(doc.summary), sh, row, "summary", d->err);
	if (!rc)
		rc = get_date(sh, row, "issued_on", false, &doc.issued_on, d->err);
	if (!rc)
		rc = key_lookup(&d->meetings, sh, row, "meeting", false, &doc.meeting_id, d->err);
	doc.kind = doc_kind_parse(cell(sh, row, "kind"));
	doc.access = doc_access_parse(cell(sh, row, "access"));
	if (!rc && (rc = council_doc_add(d->s, NULL, &doc, NULL, d->err)))
		return at_line(sh, row, rc, d->err);
	const char *file = cell(sh, row, "file");
	if (rc || !*file)
		return rc;
	struct council_file f;
	struct buf b = BUF_INIT;
	buf_init(&b, COUNCIL_FILE_MAX + 1);
	char *path = xasprintf("%s/files/%s", d->dir, file);
	council_file_init(&f);
	if (!(rc = read_whole(path, &b, d->err))) {
		f.doc_id = doc.id;
		snprintf(f.filename, sizeof(f.filename), "%s", file);
		f.data = (unsigned char *)b.data;
		f.size = b.len;
		if ((rc = council_file_add(d->s, NULL, &f, d->err)))
			rc = at_line(sh, row, rc, d->err);
		f.data = NULL;
	}
	free(path);
	buf_release(&b);
	return rc;
}

static int demo_decision(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_decision dec;
	council_decision_init(&dec);
	int rc = key_lookup(&d->meetings, sh, row, "meeting", true, &dec.meeting_id, d->err);
	if (!rc)
		rc = set_field(dec.text, sizeof(dec.text), sh, row, "text", d->err);
	if (!rc && (rc = council_decision_add(d->s, NULL, &dec, d->err)))
		rc = at_line(sh, row, rc, d->err);
	if (!rc)
		keymap_add(&d->decisions, cell(sh, row, "key"), dec.id);
	return rc;
}

static int demo_engagement(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_engagement e;
	council_engagement_init(&e);
	int rc = get_date(sh, row, "date", true, &e.held_on, d->err);
	if (!rc)
		rc = set_field(e.org, sizeof(e.org), sh, row, "org", d->err);
	if (!rc)
		rc = set_field(e.title, sizeof(e.title), sh, row, "title", d->err);
	if (!rc)
		rc = set_field(e.participants, sizeof(e.participants), sh, row, "participants", d->err);
	if (!rc)
		rc = set_field(e.topics, sizeof(e.topics), sh, row, "topics", d->err);
	if (!rc)
		rc = set_field(e.outcomes, sizeof(e.outcomes), sh, row, "outcomes", d->err);
	if (!rc && (rc = council_engagement_add(d->s, NULL, &e, d->err)))
		rc = at_line(sh, row, rc, d->err);
	if (!rc)
		keymap_add(&d->engagements, cell(sh, row, "key"), e.id);
	return rc;
}

static int demo_action(struct demo *d, const struct sheet *sh, size_t row)
{
	struct council_action a;
	council_action_init(&a);
	int rc = key_lookup(&d->decisions, sh, row, "decision", false, &a.decision_id, d->err);
	if (!rc)
		rc = key_lookup(&d->engagements, sh, row, "engagement", false, &a.engagement_id, d->err);
	if (!rc)
		rc = set_field(a.org, sizeof(a.org), sh, row, "org", d->err);
	if (!rc)
		rc = set_field(a.title, sizeof(a.title), sh, row, "title", d->err);
	if (!rc)
		rc = get_date(sh, row, "due", false, &a.due_on, d->err);
	a.status = ACT_OPEN;
	enum action_status final = action_status_parse(cell(sh, row, "status"));
	if (!rc && final == ACT_NONE)
		rc = bad_value(sh, row, "status", d->err);
	if (!rc && (rc = council_action_add(d->s, NULL, &a, NULL, d->err)))
		return at_line(sh, row, rc, d->err);
	/* Items that moved on have an update that says so, as they would have in real use. */
	const char *note = cell(sh, row, "note");
	if (!rc && (final != ACT_OPEN || *note) &&
	    (rc = council_action_note(d->s, NULL, a.id, 0, final, note, d->err)))
		rc = at_line(sh, row, rc, d->err);
	return rc;
}

static int stop_at_first(const struct council_org *o, void *arg)
{
	(void)o;
	(void)arg;
	return 1;
}

int council_demo_load(store *s, const char *dir, struct mapo_error *err)
{
	static const char *const org_cols[] = {"code", "kind", "name_ms", "name_en", "parent", NULL};
	static const char *const person_cols[] = {"org", "name", "title", "email", "phone", NULL};
	static const char *const member_cols[] = {"body", "org", "person", "role", "start", "end", NULL};
	static const char *const meeting_cols[] = {"key", "body", "date", "time", "mode", "venue", "agenda", "minutes", NULL};
	static const char *const att_cols[] = {"meeting", "org", "person", "status", "represented_by", NULL};
	static const char *const doc_cols[] = {"kind", "title_ms", "title_en", "issued_on", "access", "meeting",
		"presenter", "summary", "file", NULL};
	static const char *const dec_cols[] = {"key", "meeting", "text", NULL};
	static const char *const eng_cols[] = {"key", "date", "org", "title", "participants", "topics", "outcomes", NULL};
	static const char *const act_cols[] = {"decision", "engagement", "org", "title", "due", "status", "note", NULL};
	struct demo d;
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.dir = dir;
	d.err = err;

	int rc = store_council_org_list(s, ORGK_NONE, stop_at_first, NULL, err);
	if (rc == 1)
		return mapo_error_set(err, MAPO_EEXIST, "%s", _("the database holds council records already"));
	if (rc)
		return rc;
	if ((rc = store_begin(s, err)))
		return rc;
	if (!(rc = demo_file(&d, "orgs.csv", org_cols, demo_org)) &&
	    !(rc = demo_file(&d, "people.csv", person_cols, demo_person)) &&
	    !(rc = demo_file(&d, "members.csv", member_cols, demo_member)) &&
	    !(rc = demo_file(&d, "meetings.csv", meeting_cols, demo_meeting)) &&
	    !(rc = demo_file(&d, "attendance.csv", att_cols, demo_attendance)) &&
	    !(rc = demo_file(&d, "docs.csv", doc_cols, demo_doc)) &&
	    !(rc = demo_file(&d, "decisions.csv", dec_cols, demo_decision)) &&
	    !(rc = demo_file(&d, "engagements.csv", eng_cols, demo_engagement)))
		rc = demo_file(&d, "actions.csv", act_cols, demo_action);
	if (rc)
		store_rollback(s);
	else
		rc = store_commit(s, err);
	keymap_release(&d.people);
	keymap_release(&d.meetings);
	keymap_release(&d.decisions);
	keymap_release(&d.engagements);
	return rc;
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static json_t *jdate(mapo_date d)
{
	if (d == DATE_NONE)
		return json_null();
	char s[DATE_STRLEN];
	date_format(d, s);
	return json_string(s);
}

static json_t *jstr_opt(const char *s) { return s && *s ? json_string(s) : json_null(); }
static json_t *jid(int64_t id) { return id ? json_integer(id) : json_null(); }

json_t *council_org_to_json(const struct council_org *o)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:I}", "code", o->code, "kind", org_kind_code(o->kind), "name_ms",
		o->name_ms, "name_en", o->name_en, "parent", jstr_opt(o->parent), "version", (json_int_t)o->version);
}

json_t *council_person_to_json(const struct council_person *p)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)p->id, "org", p->org, "name", p->name, "title",
		p->title, "email", p->email, "phone", p->phone);
}

json_t *council_member_to_json(const struct council_member *m)
{
	return json_pack("{s:s,s:s,s:o,s:s,s:o,s:o}", "body", m->body, "org", m->org, "person_id", jid(m->person_id),
		"role", member_role_code(m->role), "start", jdate(m->start), "end", jdate(m->end));
}

json_t *council_meeting_to_json(const struct council_meeting *m, bool full)
{
	char ms[128], en[128];
	council_meeting_title(m, LANG_MS, ms, sizeof(ms));
	council_meeting_title(m, LANG_EN, en, sizeof(en));
	json_t *j = json_pack("{s:I,s:s,s:i,s:i,s:s,s:s,s:o,s:s,s:s,s:I}", "id", (json_int_t)m->id, "body", m->body,
		"number", m->number, "year", m->held_on == DATE_NONE ? 0 : date_year(m->held_on), "title_ms", ms, "title_en",
		en, "date", jdate(m->held_on), "time", m->start_time, "mode", meeting_mode_code(m->mode), "version",
		(json_int_t)m->version);
	json_object_set_new(j, "venue", json_string(m->venue));
	if (full) {
		json_t *agenda = json_array();
		for (size_t i = 0; i < m->agenda.n; i++)
			json_array_append_new(agenda, json_string(m->agenda.v[i]));
		json_object_set_new(j, "agenda", agenda);
		json_object_set_new(j, "minutes", json_string(m->minutes ? m->minutes : ""));
	}
	return j;
}

json_t *council_attendance_to_json(const struct council_attendance *a)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o}", "person_id", (json_int_t)a->person_id, "name", a->person_name, "org",
		a->org, "status", attend_status_code(a->status), "represented_by", jstr_opt(a->represented_by));
}

json_t *council_doc_to_json(const struct council_doc *d)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:s,s:i,s:I}", "id", (json_int_t)d->id, "kind",
		doc_kind_code(d->kind), "title_ms", d->title_ms, "title_en", d->title_en, "issued_on", jdate(d->issued_on),
		"access", doc_access_code(d->access), "meeting_id", jid(d->meeting_id), "presenter", jstr_opt(d->presenter),
		"summary", d->summary, "files", (int)d->nfiles, "version", (json_int_t)d->version);
}

json_t *council_file_to_json(const struct council_file *f)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:I}", "id", (json_int_t)f->id, "doc_id", (json_int_t)f->doc_id, "filename",
		f->filename, "content_type", f->content_type, "size", (json_int_t)f->size);
}

json_t *council_decision_to_json(const struct council_decision *d)
{
	return json_pack("{s:I,s:I,s:s}", "id", (json_int_t)d->id, "meeting_id", (json_int_t)d->meeting_id, "text", d->text);
}

json_t *council_engagement_to_json(const struct council_engagement *e)
{
	return json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)e->id, "date", jdate(e->held_on), "org", e->org,
		"title", e->title, "participants", e->participants, "topics", e->topics, "outcomes", e->outcomes);
}

json_t *council_action_to_json(const struct council_action *a, mapo_date as_of)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:s,s:s,s:o,s:s,s:b,s:I}", "id", (json_int_t)a->id, "decision_id",
		jid(a->decision_id), "engagement_id", jid(a->engagement_id), "meeting_id", jid(a->meeting_id), "org", a->org,
		"title", a->title, "due", jdate(a->due_on), "status", action_status_code(a->status), "overdue",
		council_action_overdue(a, as_of), "version", (json_int_t)a->version);
}

/* ---- XLSX ----------------------------------------------------------------------------------- */

static int xlsx_close(lxw_workbook *wb, const char *path, struct mapo_error *err)
{
	lxw_error e = xw.workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return mapo_error_set(err, MAPO_EIO, _("cannot write '%s'"), path);
	return 0;
}

int council_xlsx_actions(const char *path, const struct council_action *v, size_t n, mapo_date as_of,
	struct mapo_error *err)
{
	if (xlsxw_load(err))
		return MAPO_EIO;
	lxw_workbook *wb = xw.workbook_new(path);
	if (!wb)
		return mapo_error_set(err, MAPO_EIO, _("cannot write '%s'"), path);
	lxw_worksheet *ws = xw.workbook_add_worksheet(wb, NULL);
	lxw_format *bold = xw.workbook_add_format(wb);
	xw.format_set_bold(bold);
	const char *heads[] = {"#", _("Organisation"), _("Action item"), _("Due"), _("Status"), _("Overdue"),
		_("Meeting")};
	for (lxw_col_t c = 0; c < 7; c++)
		xw.worksheet_write_string(ws, 0, c, heads[c], bold);
	xw.worksheet_set_column(ws, 2, 2, 60, NULL);
	xw.worksheet_set_column(ws, 1, 1, 16, NULL);
	xw.worksheet_set_column(ws, 3, 5, 12, NULL);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		char due[DATE_STRLEN];
		date_format(v[i].due_on, due);
		xw.worksheet_write_number(ws, r, 0, (double)v[i].id, NULL);
		xw.worksheet_write_string(ws, r, 1, v[i].org, NULL);
		xw.worksheet_write_string(ws, r, 2, v[i].title, NULL);
		xw.worksheet_write_string(ws, r, 3, due, NULL);
		xw.worksheet_write_string(ws, r, 4, action_status_name(v[i].status, i18n_lang()), NULL);
		xw.worksheet_write_string(ws, r, 5, council_action_overdue(&v[i], as_of) ? _("yes") : "", NULL);
		if (v[i].meeting_id)
			xw.worksheet_write_number(ws, r, 6, (double)v[i].meeting_id, NULL);
	}
	return xlsx_close(wb, path, err);
}

int council_xlsx_attendance(const char *path, const struct council_meeting *m, const struct council_attendance *v,
	size_t n, const struct quorum_report *q, struct mapo_error *err)
{
	if (xlsxw_load(err))
		return MAPO_EIO;
	lxw_workbook *wb = xw.workbook_new(path);
	if (!wb)
		return mapo_error_set(err, MAPO_EIO, _("cannot write '%s'"), path);
	lxw_worksheet *ws = xw.workbook_add_worksheet(wb, NULL);
	lxw_format *bold = xw.workbook_add_format(wb);
	xw.format_set_bold(bold);
	char title[128], date[DATE_STRLEN];
	council_meeting_title(m, i18n_lang(), title, sizeof(title));
	date_format(m->held_on, date);
	xw.worksheet_write_string(ws, 0, 0, title, bold);
	xw.worksheet_write_string(ws, 1, 0, date, NULL);
	xw.worksheet_write_string(ws, 1, 1, m->start_time, NULL);
	xw.worksheet_write_string(ws, 1, 2, meeting_mode_name(m->mode, i18n_lang()), NULL);
	const char *heads[] = {"#", _("Organisation"), _("Name"), _("Attendance"), _("Represented by")};
	for (lxw_col_t c = 0; c < 5; c++)
		xw.worksheet_write_string(ws, 3, c, heads[c], bold);
	xw.worksheet_set_column(ws, 1, 1, 16, NULL);
	xw.worksheet_set_column(ws, 2, 2, 36, NULL);
	xw.worksheet_set_column(ws, 3, 4, 24, NULL);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t r = (lxw_row_t)(i + 4);
		xw.worksheet_write_number(ws, r, 0, (double)(i + 1), NULL);
		xw.worksheet_write_string(ws, r, 1, v[i].org, NULL);
		xw.worksheet_write_string(ws, r, 2, v[i].person_name, NULL);
		xw.worksheet_write_string(ws, r, 3, attend_status_name(v[i].status, i18n_lang()), NULL);
		xw.worksheet_write_string(ws, r, 4, v[i].represented_by, NULL);
	}
	if (q) {
		lxw_row_t r = (lxw_row_t)(n + 5);
		char line[160];
		snprintf(line, sizeof(line), _("quorum: %ld of %ld member organisations needed, %ld attended (%s)"),
			q->required, q->members, q->attending, q->met ? _("met") : _("not met"));
		xw.worksheet_write_string(ws, r, 0, line, bold);
	}
	return xlsx_close(wb, path, err);
}
