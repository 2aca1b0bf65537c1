/* Output helpers the faces share: an aligned text table, the same rows as CSV, and the JSON form
 * of cases and of persons in cases. Nothing here knows the CLI or HTTP: callers pass the
 * headings already translated and write the buffer where they like. */
#ifndef MAPO_TABLE_H
#define MAPO_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/case.h"
#include "util/util.h"

enum table_align { TABLE_LEFT = 0, TABLE_RIGHT };

/* A table of text cells, ncols wide. Plain data: init, add rows, write, release. */
struct table {
	size_t ncols, nrows;
	struct strvec head;       /* ncols headings */
	enum table_align *align;  /* per column, TABLE_LEFT unless set */
	struct strvec cells;      /* row-major, ncols per row */
};

/* Sets up an empty table with copies of ncols headings. */
void table_init(struct table *t, const char *const *headings, size_t ncols);
void table_release(struct table *t);
void table_set_align(struct table *t, size_t col, enum table_align align);
/* Adds a row of t->ncols cells (copied; a NULL cell is empty). */
void table_add_row(struct table *t, const char *const *cells);
/* The cell at row, col (a heading for row SIZE_MAX). */
const char *table_cell(const struct table *t, size_t row, size_t col);

/* Appends the table as text: the headings, a rule of dashes, then the rows, each column padded
 * to its widest cell by display width and separated by two spaces, with no trailing spaces.
 * Control characters in cells (line breaks, tabs, escapes) are shown as spaces, so a cell
 * cannot break the layout or drive the terminal. 0 or MAPO_ETOOBIG. */
int table_write_text(struct buf *out, const struct table *t);
/* Appends the headings and rows as CSV (RFC 4180). 0 or MAPO_ETOOBIG. */
int table_write_csv(struct buf *out, const struct table *t);

/* The width of UTF-8 text in terminal columns: East Asian wide characters and emoji count 2,
 * combining marks 0, a control character 1 (as table_write_text shows it). Bytes that are not
 * UTF-8 count 1 each. */
size_t text_width(const char *s);

/* The JSON form of a case, a new object the caller decrefs. Members, in this order, named as the
 * columns of cases.csv: case_ref, kind, agency, action_date, state, offences (array), forms
 * (array), status, related_case_ref (null when none), summary, version. Codes, not names. */
json_t *case_to_json(const struct mapo_case *c);
/* The JSON form of one person in one case, named as the columns of persons.csv: case_ref,
 * person_ref, role, sex, birth_date, age, nationality, arrest_date, suspect_role,
 * trafficking_status, rescue_date; an absent value is null. A new object the caller decrefs. */
json_t *case_person_to_json(const struct case_person *p);
/* Appends j as JSON text (indented by two spaces when pretty, else compact) and a "\n".
 * 0, MAPO_ETOOBIG over the buffer's cap, or MAPO_EINVAL when j cannot be encoded. */
int json_write(struct buf *out, const json_t *j, bool pretty);

#endif
