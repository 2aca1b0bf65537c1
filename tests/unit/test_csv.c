/* Tests of src/io/csv.c: RFC 4180 quoting, physical line numbers (also across quoted line
 * breaks and read chunks), strict quoting errors, the BOM, UTF-8 checks, the field cap, and the
 * writer's round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csv.h"

/* Reads every record of data; returns the last csv_reader_next result. Records go to recs as
 * "LINE|f1|f2..." strings. */
static int read_all(const char *data, size_t len, struct strvec *recs, struct mapo_error *err)
{
	struct csv_reader *r;
	struct strvec fields = STRVEC_INIT;
	size_t line = 0;
	int rc = csv_reader_open_mem(&r, "t.csv", data, len, err);
	assert_int_equal(rc, 0);
	while ((rc = csv_reader_next(r, &fields, &line, err)) == 1) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%zu", line);
		for (size_t i = 0; i < fields.n; i++)
			buf_printf(&b, "|%s", fields.v[i]);
		char *s = buf_detach(&b);
		strvec_push(recs, s);
		free(s);
	}
	strvec_release(&fields);
	csv_reader_free(r);
	return rc;
}

static void expect_records(const char *data, const char *const *want, size_t n)
{
	struct strvec recs = STRVEC_INIT;
	struct mapo_error err;
	assert_int_equal(read_all(data, strlen(data), &recs, &err), 0);
	assert_int_equal(recs.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(recs.v[i], want[i]);
	strvec_release(&recs);
}

static void expect_error(const char *data, size_t len, int code, const char *msg, size_t nrecs)
{
	struct strvec recs = STRVEC_INIT;
	struct mapo_error err;
	assert_int_equal(read_all(data, len, &recs, &err), code);
	assert_string_equal(err.msg, msg);
	assert_int_equal(recs.n, nrecs);
	strvec_release(&recs);
}

static void test_plain_and_quoted(void **state)
{
	(void)state;
	const char *want[] = {"1|a|b|c", "2|x,y|he said \"hi\"|", "3||| spaced ", "4|\"\"|last"};
	expect_records("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"\"\n,, spaced \n\"\"\"\"\"\",last",
		want, 4);
}

static void test_blank_lines_skipped(void **state)
{
	(void)state;
	const char *want[] = {"2|a|b", "5|c|d"};
	expect_records("\na,b\n\n\r\nc,d\n\n", want, 2);
}

static void test_embedded_newlines_line_numbers(void **state)
{
	(void)state;
	/* The second record spans lines 2-4, so the third starts on line 5; CRLF inside a quoted
	 * field counts once. */
	const char *want[] = {"1|h1|h2", "2|one\ntwo\r\nthree|x", "5|after|y", "6|cr|only", "7|z|"};
	expect_records("h1,h2\n\"one\ntwo\r\nthree\",x\r\nafter,y\rcr,only\nz,\n", want, 5);
}

static void test_bad_quote_in_unquoted_field(void **state)
{
	(void)state;
	expect_error("a,b\nc,d\"e\nf,g\n", 14, MAPO_EINVAL, "t.csv:2: quote inside an unquoted field", 1);
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	expect_error("a,b\n\"x\ny\",\"q\"z\n", 16, MAPO_EINVAL, "t.csv:3: text after a closing quote", 1);
	/* A space after the closing quote is not RFC 4180 either. */
	expect_error("\"a\" ,b\n", 7, MAPO_EINVAL, "t.csv:1: text after a closing quote", 0);
}

static void test_unclosed_quote_names_its_start(void **state)
{
	(void)state;
	expect_error("a,b\nc,\"open\nmore\nlines\n", 23, MAPO_EINVAL, "t.csv:2: quoted field not closed", 1);
	expect_error("a,b\n\"open", 9, MAPO_EINVAL, "t.csv:2: quoted field not closed", 1);
}

static void test_error_position_and_repeat(void **state)
{
	(void)state;
	struct csv_reader *r;
	struct strvec f = STRVEC_INIT;
	struct mapo_error err;
	size_t line = 0, field = 0;
	const char *data = "a,b,c\n1,2\"x,3\n";
	assert_int_equal(csv_reader_open_mem(&r, "t.csv", data, strlen(data), &err), 0);
	assert_null(csv_reader_error(r, NULL, NULL));
	assert_int_equal(csv_reader_next(r, &f, &line, &err), 1);
	assert_int_equal(csv_reader_next(r, &f, &line, &err), MAPO_EINVAL);
	assert_string_equal(csv_reader_error(r, &line, &field), "quote inside an unquoted field");
	assert_int_equal(line, 2);
	assert_int_equal(field, 1);
	assert_int_equal(f.n, 0);
	assert_int_equal(csv_reader_next(r, &f, &line, &err), MAPO_EINVAL);
	assert_string_equal(err.msg, "t.csv:2: quote inside an unquoted field");
	strvec_release(&f);
	csv_reader_free(r);
}

static void test_bom_skipped(void **state)
{
	(void)state;
	const char *want[] = {"1|case_ref|kind", "2|\xEF\xBB\xBFx|y"};
	/* Only a leading BOM is skipped; one later on is data. */
	expect_records("\xEF\xBB\xBF" "case_ref,kind\n\xEF\xBB\xBFx,y\n", want, 2);
	const char *want2[] = {"1|a"};
	expect_records("\xEF\xBB\xBF" "a", want2, 1);
	struct strvec recs = STRVEC_INIT;
	struct mapo_error err;
	assert_int_equal(read_all("\xEF\xBB\xBF", 3, &recs, &err), 0);
	assert_int_equal(recs.n, 0);
	strvec_release(&recs);
}

static void test_not_utf8(void **state)
{
	(void)state;
	/* Latin-1 "é" on line 3. */
	expect_error("a,b\nc,d\ncaf\xE9,e\n", 15, MAPO_EINVAL, "t.csv:3: not valid UTF-8 text", 2);
	/* Inside a quoted field, on its second line. */
	expect_error("a,b\n\"ok\nbad \xC3(\nok\",x\n", 21, MAPO_EINVAL, "t.csv:3: not valid UTF-8 text", 1);
	/* An overlong encoding and a surrogate are not UTF-8 either. */
	expect_error("\xC0\xAF\n", 3, MAPO_EINVAL, "t.csv:1: not valid UTF-8 text", 0);
	expect_error("x\n\xED\xA0\x80\n", 5, MAPO_EINVAL, "t.csv:2: not valid UTF-8 text", 1);
	expect_error("a,b\nc,d\0e\n", 10, MAPO_EINVAL, "t.csv:2: NUL byte in the text", 1);
	/* Valid multi-byte text passes. */
	const char *want[] = {"1|Pulau Pinang|检查|😀"};
	expect_records("Pulau Pinang,检查,😀\n", want, 1);
}

static void test_field_cap(void **state)
{
	(void)state;
	size_t n = CSV_FIELD_MAX;
	char *data = xmalloc(n + 16);
	struct strvec recs = STRVEC_INIT;
	struct mapo_error err;

	/* Exactly at the cap is fine. */
	memcpy(data, "h\n", 2);
	memset(data + 2, 'x', n);
	memcpy(data + 2 + n, "\n", 1);
	assert_int_equal(read_all(data, n + 3, &recs, &err), 0);
	assert_int_equal(recs.n, 2);
	assert_int_equal(strlen(recs.v[1]), n + 2);
	strvec_clear(&recs);

	/* One byte over, quoted and spanning lines: the error names the line the field starts on. */
	memcpy(data, "h\n\"", 3);
	memset(data + 3, 'y', n + 1);
	data[10] = '\n';
	memcpy(data + 4 + n, "\"\n", 2);
	assert_int_equal(read_all(data, n + 6, &recs, &err), MAPO_ETOOBIG);
	assert_string_equal(err.msg, "t.csv:2: field longer than 65536 bytes");
	strvec_release(&recs);
	free(data);
}

static void test_too_many_fields(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < CSV_RECORD_FIELDS_MAX; i++)
		buf_addch(&b, ',');
	buf_addch(&b, '\n');
	expect_error(b.data, b.len, MAPO_ETOOBIG, "t.csv:1: more than 1024 fields in one record", 0);
	buf_release(&b);
}

static void test_file_across_chunks(void **state)
{
	(void)state;
	char path[] = "/tmp/mapo_test_csv_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "wb");
	assert_non_null(fp);
	/* A BOM, then 20000 records of which every 1000th holds a quoted line break; the file is
	 * several read chunks long, so records and fields cross chunk boundaries. */
	fputs("\xEF\xBB\xBFref,note\r\n", fp);
	for (int i = 0; i < 20000; i++) {
		if (i % 1000 == 999)
			fprintf(fp, "R%05d,\"line one\r\nline, two\"\r\n", i);
		else
			fprintf(fp, "R%05d,plain note %d\r\n", i, i);
	}
	fclose(fp);

	struct csv_reader *r;
	struct strvec f = STRVEC_INIT;
	struct mapo_error err;
	size_t line = 0, want_line = 2, done, total;
	assert_int_equal(csv_reader_open(&r, path, &err), 0);
	csv_reader_progress(r, &done, &total);
	assert_int_equal(done, 0);
	assert_true(total > 400000);
	assert_int_equal(csv_reader_next(r, &f, &line, &err), 1);
	assert_string_equal(f.v[0], "ref");
	for (int i = 0; i < 20000; i++) {
		char ref[16];
		snprintf(ref, sizeof(ref), "R%05d", i);
		assert_int_equal(csv_reader_next(r, &f, &line, &err), 1);
		assert_int_equal(f.n, 2);
		assert_string_equal(f.v[0], ref);
		assert_int_equal(line, want_line);
		if (i % 1000 == 999) {
			assert_string_equal(f.v[1], "line one\r\nline, two");
			want_line += 2;
		} else {
			want_line++;
		}
	}
	assert_int_equal(csv_reader_next(r, &f, &line, &err), 0);
	csv_reader_progress(r, &done, &total);
	assert_int_equal(done, total);
	assert_string_equal(csv_reader_name(r), path);
	csv_reader_free(r);
	strvec_release(&f);
	unlink(path);
}

static void test_open_missing_file(void **state)
{
	(void)state;
	struct csv_reader *r = (struct csv_reader *)&r;
	struct mapo_error err;
	assert_int_equal(csv_reader_open(&r, "/nonexistent/cases.csv", &err), MAPO_EIO);
	assert_null(r);
	assert_non_null(strstr(err.msg, "/nonexistent/cases.csv: cannot open"));
}

static void test_writer_quoting(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *row[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", " spaced "};
	assert_int_equal(csv_write_row(&b, row, 7), 0);
	assert_string_equal(buf_str(&b),
		"plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",, spaced \n");
	buf_reset(&b);
	/* A field that starts with a byte-order mark is quoted, so that it survives at a file's start. */
	const char *bom[] = {"\xEF\xBB\xBFx", "y\xEF\xBB\xBF"};
	assert_int_equal(csv_write_row(&b, bom, 2), 0);
	assert_string_equal(buf_str(&b), "\"\xEF\xBB\xBFx\",y\xEF\xBB\xBF\n");
	struct strvec recs = STRVEC_INIT;
	struct mapo_error err;
	assert_int_equal(read_all(b.data, b.len, &recs, &err), 0);
	assert_int_equal(recs.n, 1);
	assert_string_equal(recs.v[0], "1|\xEF\xBB\xBFx|y\xEF\xBB\xBF");
	strvec_release(&recs);
	buf_reset(&b);
	const char *empty[] = {""};
	assert_int_equal(csv_write_row(&b, empty, 1), 0);
	assert_string_equal(buf_str(&b), "\"\"\n");
	buf_release(&b);

	struct buf small;
	buf_init(&small, 4);
	assert_int_equal(csv_write_field(&small, "a\"b"), MAPO_ETOOBIG);
	buf_release(&small);
}

static void test_writer_round_trip(void **state)
{
	(void)state;
	const char *values[] = {"", "x", "a,b", "\"", "\"\"", "line\nbreak", "crlf\r\nx", " lead",
		"trail ", "Kedah – Alor Setar", ",", "\n", "end\"", "\"start"};
	size_t nv = sizeof(values) / sizeof(values[0]);
	struct buf b = BUF_INIT;
	/* Every pair of values as a row of three (with a constant third column). */
	for (size_t i = 0; i < nv; i++)
		for (size_t j = 0; j < nv; j++) {
			const char *row[] = {values[i], values[j], "k"};
			assert_int_equal(csv_write_row(&b, row, 3), 0);
		}
	struct csv_reader *r;
	struct strvec f = STRVEC_INIT;
	struct mapo_error err;
	size_t line = 0, want_line = 1;
	assert_int_equal(csv_reader_open_mem(&r, "rt.csv", b.data, b.len, &err), 0);
	for (size_t i = 0; i < nv; i++)
		for (size_t j = 0; j < nv; j++) {
			assert_int_equal(csv_reader_next(r, &f, &line, &err), 1);
			assert_int_equal(f.n, 3);
			assert_string_equal(f.v[0], values[i]);
			assert_string_equal(f.v[1], values[j]);
			assert_int_equal(line, want_line);
			/* Each value holds at most one line break. */
			want_line += 1 + (size_t)(strchr(values[i], '\r') || strchr(values[i], '\n'))
				+ (size_t)(strchr(values[j], '\r') || strchr(values[j], '\n'));
		}
	assert_int_equal(csv_reader_next(r, &f, &line, &err), 0);
	csv_reader_free(r);
	strvec_release(&f);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_embedded_newlines_line_numbers),
		cmocka_unit_test(test_bad_quote_in_unquoted_field),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_unclosed_quote_names_its_start),
		cmocka_unit_test(test_error_position_and_repeat),
		cmocka_unit_test(test_bom_skipped),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_file_across_chunks),
		cmocka_unit_test(test_open_missing_file),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_writer_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
