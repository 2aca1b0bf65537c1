/* The XLSX reader (io/xlsx_read.c) against workbooks written here with libxlsxwriter and libzip:
 * cells as text, sheet names, gaps, inline and rich shared strings, the plan loader's
 * FILE:SHEET:ROW: COLUMN: messages, and hostile input (not a ZIP, missing parts, a part over the
 * cap, a document type declaration, bad cell references). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "io/plan_load.h"
#include "io/xlsx_read.h"
#include "util/util.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mapo-test-xlsx-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc;
}

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void test_cells(void **state)
{
	(void)state;
	char *path = path_of("cells.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *notes = workbook_add_worksheet(wb, "Notes");
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Data");
	worksheet_write_string(notes, 0, 0, "ignore me", NULL);
	worksheet_write_string(ws, 0, 0, "code", NULL);
	worksheet_write_string(ws, 0, 1, "title", NULL);
	worksheet_write_string(ws, 0, 2, "target_2021", NULL);
	worksheet_write_string(ws, 1, 0, "A1", NULL);
	worksheet_write_string(ws, 1, 1, "Kempen \xe2\x80\x94 \"quoted\" & <angled>", NULL);
	worksheet_write_number(ws, 1, 2, 2021, NULL);
	/* A gap: column B empty, a value in D; a blank row 3 is left out; row 4 has a fraction. */
	worksheet_write_string(ws, 3, 0, "A2", NULL);
	worksheet_write_number(ws, 3, 2, 0.5, NULL);
	worksheet_write_string(ws, 3, 3, "x", NULL);
	worksheet_write_boolean(ws, 4, 0, 1, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	xlsx_book *b;
	struct mapo_error err;
	struct xlsx_rows rows;
	xlsx_rows_init(&rows);
	assert_int_equal(xlsx_open(&b, path, &err), 0);
	assert_int_equal(xlsx_sheet_count(b), 2);
	assert_string_equal(xlsx_sheet_name(b, 0), "Notes");
	assert_string_equal(xlsx_sheet_name(b, 1), "Data");
	assert_int_equal(xlsx_read_sheet(b, "Data", &rows, &err), 0);
	assert_int_equal(rows.n, 4);
	assert_int_equal(rows.v[0].number, 1);
	assert_int_equal(rows.v[0].cells.n, 3);
	assert_string_equal(rows.v[0].cells.v[2], "target_2021");
	assert_string_equal(rows.v[1].cells.v[1], "Kempen \xe2\x80\x94 \"quoted\" & <angled>");
	assert_string_equal(rows.v[1].cells.v[2], "2021");
	assert_int_equal(rows.v[2].number, 4);
	assert_int_equal(rows.v[2].cells.n, 4);
	assert_string_equal(rows.v[2].cells.v[1], "");
	assert_string_equal(rows.v[2].cells.v[2], "0.5");
	assert_string_equal(rows.v[2].cells.v[3], "x");
	assert_string_equal(rows.v[3].cells.v[0], "TRUE");
	/* The first sheet by default; an unknown one. */
	assert_int_equal(xlsx_read_sheet(b, NULL, &rows, &err), 0);
	assert_string_equal(rows.v[0].cells.v[0], "ignore me");
	assert_int_equal(xlsx_read_sheet(b, "Plan", &rows, &err), MAPO_ENOTFOUND);
	xlsx_free(b);

	/* The same bytes from memory. */
	FILE *f = fopen(path, "rb");
	static char data[1 << 16];
	size_t len = fread(data, 1, sizeof(data), f);
	fclose(f);
	assert_int_equal(xlsx_open_mem(&b, "upload.xlsx", data, len, &err), 0);
	assert_int_equal(xlsx_read_sheet(b, "Data", &rows, &err), 0);
	assert_string_equal(rows.v[1].cells.v[0], "A1");
	xlsx_free(b);

	assert_int_equal(xlsx_column_index("A1"), 0);
	assert_int_equal(xlsx_column_index("Z9"), 25);
	assert_int_equal(xlsx_column_index("AA10"), 26);
	assert_int_equal(xlsx_column_index("XFD1"), 16383);
	assert_int_equal(xlsx_column_index("1"), -1);
	assert_int_equal(xlsx_column_index("ABCD1"), -1);
	xlsx_rows_release(&rows);
	free(path);
}

static void test_plan_errors_in_xlsx(void **state)
{
	(void)state;
	static const char *const head[] = {"level", "code", "parent", "title_ms", "title_en", "lead", "indicator_ms",
		"indicator_en", "computed", "target_2021"};
	char *path = path_of("plan.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Plan");
	for (int c = 0; c < 10; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	const char *rows[][9] = {
		{"plan", "X-1", "", "Pelan", "Plan", "", "", "", ""},
		{"pillar", "P1", "", "Satu", "One", "", "", "", ""},
		{"goal", "G1", "P1", "Dua", "Two", "", "", "", ""},
		{"objective", "O1", "G1", "Tiga", "Three", "", "", "", ""},
		{"activity", "A1", "O1", "Empat", "Four", "PDRM", "Kes", "Cases", "tip_cases"},
		{"activity", "A2", "O9", "Lima", "Five", "PDRM", "Kes", "Cases", ""},
		{"activity", "A3", "O1", "Enam", "Six", "PDRM", "Kes", "Cases", ""},
	};
	for (int r = 0; r < 7; r++)
		for (int c = 0; c < 9; c++)
			if (*rows[r][c])
				worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, rows[r][c], NULL);
	/* The years are numbers in a spreadsheet; the plan row's start and end are missing. */
	worksheet_write_number(ws, 5, 9, 10, NULL);
	worksheet_write_string(ws, 7, 9, "many", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	struct plan p;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	plan_init(&p);
	assert_int_equal(plan_load_file(path, "Plan", NULL, &p, &problems, &err), MAPO_EINVAL);
	char *expect[] = {
		xasprintf("%s:Plan:2: start_year: a value is required", path),
		xasprintf("%s:Plan:7: parent: 'O9' is not a code listed above", path),
		xasprintf("%s:Plan:8: target_2021: 'many' is not a number of 0 or more", path),
	};
	for (size_t i = 0; i < problems.n; i++)
		printf("%s\n", problems.v[i]);
	for (size_t i = 0; i < 3; i++) {
		bool found = false;
		for (size_t j = 0; j < problems.n; j++)
			found |= !strcmp(problems.v[j], expect[i]);
		if (!found)
			fail_msg("missing: %s", expect[i]);
		free(expect[i]);
	}
	/* A sheet that is not there. */
	strvec_clear(&problems);
	assert_int_equal(plan_load_file(path, "Pelan", NULL, &p, &problems, &err), MAPO_ENOTFOUND);
	plan_release(&p);
	strvec_release(&problems);
	free(path);
}

/* Writes a ZIP at path with n entries (name, content) given as pairs. */
static void write_zip(const char *path, const char *const *entries, size_t n)
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, entries[2 * i + 1], strlen(entries[2 * i + 1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, entries[2 * i], src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static const char workbook_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns:r=\"r\"><sheets>"
	"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] =
	"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void test_strings(void **state)
{
	(void)state;
	/* Rich text runs join; phonetic runs are not the cell's text; inline strings. */
	const char *entries[] = {
		"xl/workbook.xml", workbook_xml,
		"xl/_rels/workbook.xml.rels", rels_xml,
		"xl/sharedStrings.xml",
		"<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t xml:space=\"preserve\">ch </t></r>"
		"<rPh><t>PHONETIC</t></rPh></si></sst>",
		"xl/worksheets/sheet1.xml",
		"<worksheet><sheetData><row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"inlineStr\">"
		"<is><t>in&amp;line</t></is></c><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
	};
	char *path = path_of("strings.xlsx");
	write_zip(path, entries, 4);
	xlsx_book *b;
	struct xlsx_rows rows;
	struct mapo_error err;
	xlsx_rows_init(&rows);
	assert_int_equal(xlsx_open(&b, path, &err), 0);
	assert_int_equal(xlsx_read_sheet(b, "S", &rows, &err), 0);
	assert_int_equal(rows.n, 1);
	assert_int_equal(rows.v[0].number, 2);
	assert_int_equal(rows.v[0].cells.n, 4);
	assert_string_equal(rows.v[0].cells.v[0], "rich ");
	assert_string_equal(rows.v[0].cells.v[1], "");
	assert_string_equal(rows.v[0].cells.v[2], "in&line");
	assert_string_equal(rows.v[0].cells.v[3], "plain"); /* no reference: the next column */
	xlsx_free(b);
	xlsx_rows_release(&rows);
	free(path);
}

/* Opens a workbook of entries and reads sheet S; returns the error code. */
static int read_bad(const char *name, const char *const *entries, size_t n, char *msg, size_t msg_size)
{
	char *path = path_of(name);
	xlsx_book *b = NULL;
	struct xlsx_rows rows;
	struct mapo_error err;
	xlsx_rows_init(&rows);
	mapo_error_clear(&err);
	write_zip(path, entries, n);
	int rc = xlsx_open(&b, path, &err);
	if (!rc)
		rc = xlsx_read_sheet(b, "S", &rows, &err);
	snprintf(msg, msg_size, "%s", err.msg);
	xlsx_free(b);
	xlsx_rows_release(&rows);
	free(path);
	return rc;
}

static void test_hostile(void **state)
{
	(void)state;
	char msg[512];
	struct mapo_error err;
	xlsx_book *b;

	/* Not a ZIP at all; a missing file. */
	assert_int_equal(xlsx_open_mem(&b, "x.xlsx", "level,code\n", 11, &err), MAPO_EINVAL);
	assert_null(b);
	char *missing = path_of("missing.xlsx");
	assert_int_equal(xlsx_open(&b, missing, &err), MAPO_EIO);
	free(missing);

	/* A ZIP that is not a workbook. */
	const char *nothing[] = {"readme.txt", "hello"};
	assert_int_equal(read_bad("nowb.xlsx", nothing, 1, msg, sizeof(msg)), MAPO_EINVAL);
	assert_non_null(strstr(msg, "not an XLSX workbook"));

	/* A document type declaration (entity expansion) is refused. */
	const char *doctype[] = {
		"xl/workbook.xml",
		"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
		"<workbook><sheets><sheet name=\"&b;\" r:id=\"rId1\"/></sheets></workbook>",
	};
	assert_int_equal(read_bad("doctype.xlsx", doctype, 1, msg, sizeof(msg)), MAPO_EINVAL);
	assert_non_null(strstr(msg, "document type declaration"));

	/* Malformed XML names the line. */
	const char *broken[] = {"xl/workbook.xml", "<workbook>\n<sheets>\n<sheet name=\"S\" id=\"rId1\"></workbook>"};
	assert_int_equal(read_bad("broken.xlsx", broken, 1, msg, sizeof(msg)), MAPO_EINVAL);
	if (!strstr(msg, "line 3"))
		fail_msg("%s", msg);

	/* Cells out of order, a shared string that does not exist, a row number going back. */
	const char *order[] = {
		"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
		"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>",
	};
	assert_int_equal(read_bad("order.xlsx", order, 3, msg, sizeof(msg)), MAPO_EINVAL);
	const char *sst[] = {
		"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
		"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
	};
	assert_int_equal(read_bad("sst.xlsx", sst, 3, msg, sizeof(msg)), MAPO_EINVAL);
	const char *back[] = {
		"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml,
		"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"5\"><c><v>1</v></c></row><row r=\"3\"><c><v>1</v></c></row></sheetData></worksheet>",
	};
	assert_int_equal(read_bad("back.xlsx", back, 3, msg, sizeof(msg)), MAPO_EINVAL);
	/* A sheet whose part is missing. */
	const char *nopart[] = {"xl/workbook.xml", workbook_xml, "xl/_rels/workbook.xml.rels", rels_xml};
	assert_int_equal(read_bad("nopart.xlsx", nopart, 2, msg, sizeof(msg)), MAPO_EINVAL);
}

static void test_entry_cap(void **state)
{
	(void)state;
	/* A sheet part that inflates past XLSX_ENTRY_MAX (it compresses to a few hundred KiB) is
	 * refused by its declared size, before it is inflated. */
	size_t big = XLSX_ENTRY_MAX + 1;
	char *zeros = xmalloc(big);
	memset(zeros, ' ', big);
	char *path = path_of("bomb.xlsx");
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	zip_source_t *wb = zip_source_buffer(z, workbook_xml, strlen(workbook_xml), 0);
	zip_source_t *rels = zip_source_buffer(z, rels_xml, strlen(rels_xml), 0);
	zip_source_t *sheet = zip_source_buffer(z, zeros, big, 0);
	assert_true(zip_file_add(z, "xl/workbook.xml", wb, 0) >= 0);
	assert_true(zip_file_add(z, "xl/_rels/workbook.xml.rels", rels, 0) >= 0);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", sheet, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(zeros);

	xlsx_book *b;
	struct xlsx_rows rows;
	struct mapo_error err;
	xlsx_rows_init(&rows);
	assert_int_equal(xlsx_open(&b, path, &err), 0);
	assert_int_equal(xlsx_read_sheet(b, "S", &rows, &err), MAPO_ETOOBIG);
	assert_non_null(strstr(err.msg, "larger than 64 MiB"));
	xlsx_free(b);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_plan_errors_in_xlsx),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_entry_cap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
