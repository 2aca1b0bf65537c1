/* Loading action plans, TIP report recommendations and guideline checklists from a spreadsheet:
 * a CSV file or a sheet of an XLSX workbook, with the same columns either way
 * (docs/internals/plan.md gives the formats). Loading is all or nothing: every row is checked,
 * and each problem is listed as "FILE:ROW: COLUMN: reason" (CSV, ROW the line) or
 * "FILE:SHEET:ROW: COLUMN: reason" (XLSX), as the case importer does. Nothing here writes to
 * the store: the caller stores what was loaded, in one transaction. */
#ifndef MAPO_PLAN_LOAD_H
#define MAPO_PLAN_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/plan.h"
#include "core/refdata.h"
#include "io/xlsx_read.h"
#include "util/util.h"

/* The rows of one CSV file or XLSX sheet; the first is the header. */
struct sheet {
	char *file;
	char *sheet;            /* the XLSX sheet's name; NULL for CSV */
	struct xlsx_rows rows;
};
void sheet_init(struct sheet *sh);
void sheet_release(struct sheet *sh);

/* Reads path: an XLSX workbook when it starts as a ZIP file does (sheet_name: which sheet, NULL
 * the first), else CSV (sheet_name must be NULL). Reading errors of a CSV file (bad quoting,
 * bad UTF-8) are appended to problems as FILE:LINE: reason and give MAPO_EINVAL. */
int sheet_read(struct sheet *out, const char *path, const char *sheet_name, struct strvec *problems,
	struct mapo_error *err);
/* The same from memory (an upload); name is used in messages. */
int sheet_read_mem(struct sheet *out, const char *name, const void *data, size_t len, const char *sheet_name,
	struct strvec *problems, struct mapo_error *err);

/* Appends "FILE[:SHEET]:ROW: COLUMN: reason" (without "COLUMN: " when column is NULL). */
void sheet_problem(struct strvec *problems, const struct sheet *sh, size_t row, const char *column,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Plans: one row per node, the plan's own row first (level "plan"). Columns: level, code,
 * parent, title_ms, title_en, lead, supporting, indicator_ms, indicator_en, computed, baseline,
 * start_year, end_year and one target_YYYY per year. Fills out (initialised; cleared first).
 * 0, or MAPO_EINVAL with every problem in problems (err says how many). */
int plan_load_sheet(const struct sheet *sh, const struct refdata *rd, struct plan *out, struct strvec *problems,
	struct mapo_error *err);
int plan_load_file(const char *path, const char *sheet_name, const struct refdata *rd, struct plan *out,
	struct strvec *problems, struct mapo_error *err);

/* Recommendations: year, rank, text_ms, text_en, status, activities (PLAN/ACTIVITY codes
 * separated by ';'), actions (action item references separated by ';'), evidence. Appends to
 * *v (n of them; the caller releases each and frees *v). */
struct rec_list {
	struct recommendation *v;
	size_t n, alloc;
};
void rec_list_release(struct rec_list *l);
int recs_load_file(const char *path, const char *sheet_name, struct rec_list *out, struct strvec *problems,
	struct mapo_error *err);

/* Guidelines: one row per checklist item: guideline, version, issued, title_ms, title_en,
 * section_ms, section_en, item, text_ms, text_en, applies_to (operation;prosecution;shelter).
 * The guideline columns must be the same on every row. */
int guideline_load_file(const char *path, const char *sheet_name, struct guideline *out, struct strvec *problems,
	struct mapo_error *err);

/* Parses a decimal number (no thousands separator) that is finite and >= 0; 0 or MAPO_EINVAL. */
int plan_parse_number(const char *s, double *out);

#endif
