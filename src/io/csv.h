/* CSV reading and writing (RFC 4180, UTF-8) over libcsv. Readers report the 1-based physical
 * line each record starts on, so errors can name FILE:LINE. Fields are capped (CSV_FIELD_MAX). */
#ifndef MAPO_CSV_H
#define MAPO_CSV_H

#include <stddef.h>

#include "util/util.h"

#define CSV_FIELD_MAX ((size_t)64 << 10)
#define CSV_FILE_MAX ((size_t)2 << 30)
#define CSV_RECORD_FIELDS_MAX 1024

struct csv_reader;

/* Opens path for reading ("-" is standard input). The whole file must be valid UTF-8 without NUL
 * bytes (a byte-order mark is skipped), else csv_reader_next fails with MAPO_EINVAL naming the
 * line of the bad byte. MAPO_EIO when the file cannot be opened, MAPO_ETOOBIG over CSV_FILE_MAX. */
int csv_reader_open(struct csv_reader **out, const char *path, struct mapo_error *err);
/* Reads from memory (the bytes are copied). name is used in messages. */
int csv_reader_open_mem(struct csv_reader **out, const char *name, const char *data, size_t len,
	struct mapo_error *err);
/* Reads the next record into fields (cleared first) and its first line into *line.
 * Returns 1 for a record, 0 at the end, or a negative error (bad quoting or bad UTF-8: MAPO_EINVAL
 * naming the line; a field over CSV_FIELD_MAX or a record over CSV_RECORD_FIELDS_MAX fields:
 * MAPO_ETOOBIG; a read error: MAPO_EIO). err's message is "FILE:LINE: reason". Blank lines are
 * skipped. Spaces around fields are kept (RFC 4180). After an error every later call fails the
 * same way. */
int csv_reader_next(struct csv_reader *r, struct strvec *fields, size_t *line, struct mapo_error *err);
/* After csv_reader_next failed: the translated reason alone (no "FILE:LINE: "), the physical line
 * it names and the 0-based index of the field it lies in within its record (SIZE_MAX when not in
 * a field). NULL when there was no error. The string lives as long as the reader. */
const char *csv_reader_error(const struct csv_reader *r, size_t *line, size_t *field);
/* Bytes consumed so far and the total size (for a progress bar); total 0 when unknown. */
void csv_reader_progress(const struct csv_reader *r, size_t *done, size_t *total);
const char *csv_reader_name(const struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);

/* A header row matched against the columns a format knows (refload, import): the known columns
 * may come in any order; each must be present once, and no other column may appear. */
struct csv_columns {
	const char *const *known; /* NULL-terminated column names */
	size_t nknown;
	size_t *pos;              /* pos[k]: the field index of known column k */
	struct strvec header;     /* the header row as read */
	size_t line;              /* the header's line */
};

/* Appends "FILE:LINE: COLUMN: reason" to problems (a reason alone when column is NULL). */
void csv_problem(struct strvec *problems, const char *file, size_t line, const char *column,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Appends the reader's last error to problems, naming the column from cols when its header is
 * known (cols may be NULL), else "column N". */
void csv_reader_problem(const struct csv_reader *r, const struct csv_columns *cols, struct strvec *problems);

/* Reads the header row of r into cols and checks it against known. Returns 0; MAPO_EINVAL when a
 * column is unknown, repeated or missing, or the file is empty (each problem appended to
 * problems); or the reader's error (appended too). Release cols in every case. */
int csv_columns_read(struct csv_columns *cols, struct csv_reader *r, const char *const *known,
	struct strvec *problems);
void csv_columns_release(struct csv_columns *cols);
/* Checks that a record has as many fields as the header; when not, appends the problem and
 * returns false. */
bool csv_columns_check(const struct csv_columns *cols, const struct csv_reader *r,
	const struct strvec *fields, size_t line, struct strvec *problems);
/* The value of known column k in a checked record. */
const char *csv_columns_get(const struct csv_columns *cols, const struct strvec *fields, size_t k);

/* Appends one field, quoted only when it holds a comma, quote, CR or LF (RFC 4180), or starts
 * with a byte-order mark. */
int csv_write_field(struct buf *out, const char *s);
/* Appends n fields separated by commas and a final "\n". A row of one empty field is written
 * as "" so that it does not read back as a blank line. */
int csv_write_row(struct buf *out, const char *const *fields, size_t n);

#endif
