/* Reading the cells of an XLSX workbook (Office Open XML spreadsheet) with libzip and expat: the
 * workbook's sheet names, and one sheet's rows as text. Only what a data sheet needs: shared and
 * inline strings, numbers and booleans as their text; no formulas are evaluated (a formula
 * cell gives its cached value), no styles, no dates converted (a date typed as a date reads as
 * its serial number: data sheets should hold dates as text).
 *
 * Outside input: every ZIP entry read is checked against XLSX_ENTRY_MAX by its declared size
 * before inflating and again while inflating; cells are capped at XLSX_CELL_MAX bytes, rows at
 * XLSX_COLS_MAX cells, sheets at XLSX_ROWS_MAX rows; a document type declaration is refused
 * (no entities). Errors are MAPO_EINVAL (not a workbook, bad XML, bad UTF-8), MAPO_ETOOBIG (a
 * cap) or MAPO_EIO (cannot read the file), with a message naming the file. */
#ifndef MAPO_XLSX_READ_H
#define MAPO_XLSX_READ_H

#include <stddef.h>

#include "util/util.h"

#define XLSX_ENTRY_MAX ((size_t)64 << 20)
#define XLSX_CELL_MAX ((size_t)64 << 10)
#define XLSX_COLS_MAX 1024
#define XLSX_ROWS_MAX 1000000
#define XLSX_SHEETS_MAX 256

/* One row: its 1-based number in the sheet and its cells from column A (empty strings for
 * empty cells up to the last one given). */
struct xlsx_row {
	size_t number;
	struct strvec cells;
};

struct xlsx_rows {
	struct xlsx_row *v; /* in sheet order; rows without any cell are left out */
	size_t n, alloc;
};
void xlsx_rows_init(struct xlsx_rows *r);
void xlsx_rows_release(struct xlsx_rows *r);

typedef struct xlsx_book xlsx_book;

/* Opens the workbook at path (or from len bytes at data, copied; name is used in messages) and
 * reads its sheet list and shared strings. *out is NULL on failure. */
int xlsx_open(xlsx_book **out, const char *path, struct mapo_error *err);
int xlsx_open_mem(xlsx_book **out, const char *name, const void *data, size_t len, struct mapo_error *err);
void xlsx_free(xlsx_book *b);

/* The sheets' names in workbook order; the strings live as long as b. */
size_t xlsx_sheet_count(const xlsx_book *b);
const char *xlsx_sheet_name(const xlsx_book *b, size_t i);

/* Reads the sheet called name (NULL: the first) into out (initialised; cleared first).
 * MAPO_ENOTFOUND when there is no such sheet. */
int xlsx_read_sheet(xlsx_book *b, const char *name, struct xlsx_rows *out, struct mapo_error *err);

/* "A" -> 0, "Z" -> 25, "AA" -> 26 ... from the letters at the start of a cell reference ("B12");
 * -1 when there are none or too many. */
long xlsx_column_index(const char *ref);

#endif
