/* libFuzzer target for the CSV reader (src/io/csv.c): any bytes must give records or one clean
 * error, never a crash, a leak or a read out of bounds. It also checks the reader's promises:
 * record lines never go down, every field is valid UTF-8 within CSV_FIELD_MAX, an error repeats,
 * and the records written back with csv_write_row read back the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz_csv: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

static void read_back(const struct buf *written, const struct strvec *records, const size_t *widths)
{
	struct csv_reader *r;
	struct strvec fields = STRVEC_INIT;
	struct mapo_error err;
	size_t line, k = 0, nrec = 0;
	int rc;

	CHECK(csv_reader_open_mem(&r, "again.csv", written->data ? written->data : "", written->len, &err) == 0);
	while ((rc = csv_reader_next(r, &fields, &line, &err)) == 1) {
		CHECK(fields.n == widths[nrec]);
		for (size_t i = 0; i < fields.n; i++)
			CHECK(!strcmp(fields.v[i], records->v[k + i]));
		k += fields.n;
		nrec++;
	}
	CHECK(rc == 0);
	CHECK(k == records->n);
	strvec_release(&fields);
	csv_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r;
	struct strvec fields = STRVEC_INIT, records = STRVEC_INIT;
	struct mapo_error err, again;
	struct buf written = BUF_INIT;
	size_t line = 0, last = 0, *widths = NULL, nwidths = 0, walloc = 0;
	int rc;

	if (csv_reader_open_mem(&r, "fuzz.csv", (const char *)data, size, &err))
		return 0;
	while ((rc = csv_reader_next(r, &fields, &line, &err)) == 1) {
		CHECK(line >= 1 && line >= last);
		last = line;
		CHECK(fields.n >= 1 && fields.n <= CSV_RECORD_FIELDS_MAX);
		for (size_t i = 0; i < fields.n; i++) {
			size_t len = strlen(fields.v[i]);
			CHECK(len <= CSV_FIELD_MAX);
			CHECK(utf8_valid(fields.v[i], len));
			strvec_push(&records, fields.v[i]);
		}
		CHECK(csv_write_row(&written, (const char *const *)fields.v, fields.n) == 0);
		ALLOC_GROW(widths, nwidths + 1, walloc);
		widths[nwidths++] = fields.n;
	}
	if (rc < 0) {
		size_t eline = 0, efield = 0;
		CHECK(csv_reader_error(r, &eline, &efield) != NULL);
		CHECK(csv_reader_next(r, &fields, &line, &again) == rc);
		CHECK(!strcmp(err.msg, again.msg));
		CHECK(!strncmp(err.msg, "fuzz.csv:", 9));
	} else {
		CHECK(rc == 0);
		read_back(&written, &records, widths);
	}
	size_t done, total;
	csv_reader_progress(r, &done, &total);
	CHECK(total == size && done <= size);
	csv_reader_free(r);
	strvec_release(&fields);
	strvec_release(&records);
	buf_release(&written);
	free(widths);
	return 0;
}
