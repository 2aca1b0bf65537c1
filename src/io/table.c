#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "io/table.h"
#include "io/csv.h"
#include "util/util.h"

void table_init(struct table *t, const char *const *headings, size_t ncols)
{
	t->ncols = ncols;
	t->nrows = 0;
	strvec_init(&t->head);
	strvec_init(&t->cells);
	for (size_t i = 0; i < ncols; i++)
		strvec_push(&t->head, headings[i] ? headings[i] : "");
	t->align = xcalloc(ncols ? ncols : 1, sizeof(*t->align));
}

void table_release(struct table *t)
{
	strvec_release(&t->head);
	strvec_release(&t->cells);
	free(t->align);
	t->align = NULL;
	t->ncols = t->nrows = 0;
}

void table_set_align(struct table *t, size_t col, enum table_align align)
{
	if (col < t->ncols)
		t->align[col] = align;
}

void table_add_row(struct table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->ncols; i++)
		strvec_push(&t->cells, cells[i] ? cells[i] : "");
	t->nrows++;
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	if (row == SIZE_MAX)
		return t->head.v[col];
	return t->cells.v[row * t->ncols + col];
}

/* Walks s one character at a time: sets *cp (-1 for a byte that is not UTF-8) and returns its
 * length in bytes. */
static size_t next_char(const char *s, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, cp);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

static bool is_control(utf8proc_int32_t cp)
{
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CC;
}

size_t text_width(const char *s)
{
	size_t w = 0;
	while (*s) {
		utf8proc_int32_t cp;
		s += next_char(s, &cp);
		if (cp < 0 || is_control(cp))
			w += 1;
		else
			w += (size_t)utf8proc_charwidth(cp);
	}
	return w;
}

/* Appends s with its control characters (and stray bytes) shown as spaces. */
static int add_clean(struct buf *out, const char *s)
{
	int rc = 0;
	while (*s && !rc) {
		utf8proc_int32_t cp;
		size_t n = next_char(s, &cp);
		rc = cp < 0 || is_control(cp) ? buf_addch(out, ' ') : buf_add(out, s, n);
		s += n;
	}
	return rc;
}

static int add_spaces(struct buf *out, size_t n)
{
	int rc = 0;
	while (n-- && !rc)
		rc = buf_addch(out, ' ');
	return rc;
}

/* One line of cells (row SIZE_MAX: the headings), padded to widths. */
static int write_line(struct buf *out, const struct table *t, size_t row, const size_t *widths)
{
	int rc = 0;
	size_t pending = 0; /* spaces owed before the next cell, dropped at the end of the line */
	for (size_t c = 0; c < t->ncols && !rc; c++) {
		const char *cell = table_cell(t, row, c);
		size_t w = text_width(cell);
		size_t pad = widths[c] > w ? widths[c] - w : 0;
		if (c)
			pending += 2;
		if (t->align[c] == TABLE_RIGHT)
			pending += pad;
		if (*cell) {
			rc = add_spaces(out, pending);
			if (!rc)
				rc = add_clean(out, cell);
			pending = 0;
		}
		if (t->align[c] == TABLE_LEFT)
			pending += pad;
	}
	if (!rc)
		rc = buf_addch(out, '\n');
	return rc;
}

int table_write_text(struct buf *out, const struct table *t)
{
	size_t *widths = xcalloc(t->ncols ? t->ncols : 1, sizeof(*widths));
	int rc = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		widths[c] = text_width(t->head.v[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t w = text_width(table_cell(t, r, c));
			if (w > widths[c])
				widths[c] = w;
		}
	}
	rc = write_line(out, t, SIZE_MAX, widths);
	for (size_t c = 0; c < t->ncols && !rc; c++) {
		if (c)
			rc = buf_addstr(out, "  ");
		for (size_t i = 0; i < widths[c] && !rc; i++)
			rc = buf_addch(out, '-');
	}
	if (!rc)
		rc = buf_addch(out, '\n');
	for (size_t r = 0; r < t->nrows && !rc; r++)
		rc = write_line(out, t, r, widths);
	free(widths);
	return rc;
}

int table_write_csv(struct buf *out, const struct table *t)
{
	int rc = csv_write_row(out, (const char *const *)t->head.v, t->ncols);
	for (size_t r = 0; r < t->nrows && !rc; r++)
		rc = csv_write_row(out, (const char *const *)t->cells.v + r * t->ncols, t->ncols);
	return rc;
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static json_t *date_json(mapo_date d)
{
	char s[DATE_STRLEN];
	if (d == DATE_NONE)
		return json_null();
	date_format(d, s);
	return json_string(s);
}

static json_t *code_json(const char *code)
{
	return code && *code ? json_string(code) : json_null();
}

static json_t *strvec_json(const struct strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

json_t *case_to_json(const struct mapo_case *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "case_ref", json_string(c->ref));
	json_object_set_new(o, "kind", code_json(case_kind_code(c->kind)));
	json_object_set_new(o, "agency", code_json(c->agency));
	json_object_set_new(o, "action_date", date_json(c->action_date));
	json_object_set_new(o, "state", code_json(c->state));
	json_object_set_new(o, "offences", strvec_json(&c->offences));
	json_object_set_new(o, "forms", strvec_json(&c->forms));
	json_object_set_new(o, "status", code_json(case_status_code(c->status)));
	json_object_set_new(o, "related_case_ref", code_json(c->related_ref));
	json_object_set_new(o, "summary", json_string(c->summary ? c->summary : ""));
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

json_t *case_person_to_json(const struct case_person *p)
{
	json_t *o = json_object();
	char sex[2] = {p->sex, '\0'};
	json_object_set_new(o, "case_ref", json_string(p->case_ref));
	json_object_set_new(o, "person_ref", json_string(p->person_ref));
	json_object_set_new(o, "role", code_json(person_role_code(p->role)));
	json_object_set_new(o, "sex", code_json(sex));
	json_object_set_new(o, "birth_date", date_json(p->birth_date));
	json_object_set_new(o, "age", p->age >= 0 ? json_integer(p->age) : json_null());
	json_object_set_new(o, "nationality", code_json(p->nationality));
	json_object_set_new(o, "arrest_date", date_json(p->arrest_date));
	json_object_set_new(o, "suspect_role", code_json(suspect_role_code(p->suspect_role)));
	json_object_set_new(o, "trafficking_status",
		code_json(trafficking_status_code(p->trafficking_status)));
	json_object_set_new(o, "rescue_date", date_json(p->rescue_date));
	return o;
}

struct dump_state {
	struct buf *out;
	int rc;
};

static int dump_cb(const char *buffer, size_t size, void *data)
{
	struct dump_state *st = data;
	st->rc = buf_add(st->out, buffer, size);
	return st->rc ? -1 : 0;
}

int json_write(struct buf *out, const json_t *j, bool pretty)
{
	struct dump_state st = {out, 0};
	size_t flags = JSON_ENCODE_ANY | (pretty ? JSON_INDENT(2) : JSON_COMPACT);
	if (json_dump_callback(j, dump_cb, &st, flags))
		return st.rc ? st.rc : MAPO_EINVAL;
	return buf_addch(out, '\n');
}
