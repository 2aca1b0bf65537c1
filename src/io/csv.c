#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>
#include <utf8proc.h>

#include "io/csv.h"
#include "util/util.h"

#define CHUNK_SIZE ((size_t)64 << 10)

struct csv_reader {
	char *name;
	FILE *fp;             /* NULL when reading from memory */
	bool close_fp;
	char *chunk;          /* the bytes not yet fed are chunk[pos, len) */
	size_t chunk_len, chunk_pos;
	bool from_mem, eof, finished;
	size_t done, total;

	struct csv_parser parser;
	size_t line;          /* the physical line being fed, from 1 */
	bool prev_cr;         /* the last byte fed was a CR: a following LF ends no new line */
	bool at_row_start;    /* no byte of the next record has been fed yet */
	size_t field_line;    /* the line the field being parsed starts on */
	size_t record_line;
	struct strvec *out;   /* the record being filled, during csv_reader_next */
	bool row_done;

	int err_code;         /* 0, or the error every later call repeats */
	char *err_reason;
	size_t err_line, err_field;
	char err_msg[sizeof(((struct mapo_error *)0)->msg)];
};

static void set_error(struct csv_reader *r, int code, size_t line, size_t field, char *reason)
{
	if (r->err_code) {
		free(reason);
		return;
	}
	r->err_code = code;
	r->err_reason = reason;
	r->err_line = line;
	r->err_field = field;
	if (line)
		snprintf(r->err_msg, sizeof(r->err_msg), "%s:%zu: %s", r->name, line, reason);
	else
		snprintf(r->err_msg, sizeof(r->err_msg), "%s: %s", r->name, reason);
}

static int report(const struct csv_reader *r, struct mapo_error *err)
{
	return mapo_error_set(err, r->err_code, "%s", r->err_msg);
}

/* Line breaks in s: a CR, an LF, or a CR LF pair count once each (as the reader counts them). */
static size_t count_breaks(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))
			n++;
	return n;
}

/* The offset of the first byte that is not part of valid UTF-8 (or is NUL), or len. */
static size_t utf8_bad_offset(const char *s, size_t len)
{
	size_t off = 0;
	while (off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
			(utf8proc_ssize_t)(len - off), &cp);
		if (n <= 0 || cp == 0)
			return off;
		off += (size_t)n;
	}
	return len;
}

static void on_field(void *data, size_t len, void *arg)
{
	struct csv_reader *r = arg;
	const char *s = data ? data : "";
	size_t index = r->out->n;

	if (r->err_code)
		return;
	if (len > CSV_FIELD_MAX) {
		set_error(r, MAPO_ETOOBIG, r->field_line, index,
			xasprintf(_("field longer than %zu bytes"), CSV_FIELD_MAX));
		return;
	}
	if (index >= CSV_RECORD_FIELDS_MAX) {
		set_error(r, MAPO_ETOOBIG, r->record_line, index,
			xasprintf(_("more than %d fields in one record"), CSV_RECORD_FIELDS_MAX));
		return;
	}
	if (!utf8_valid(s, len)) {
		size_t off = utf8_bad_offset(s, len);
		/* The field ends on the line being fed; walk back over the breaks after the bad byte. */
		size_t line = r->line - count_breaks(s + off, len - off);
		set_error(r, MAPO_EINVAL, line, index,
			xstrdup(s[off] == '\0' ? _("NUL byte in the text") : _("not valid UTF-8 text")));
		return;
	}
	/* CSV_APPEND_NULL terminates the field, and it holds no NUL. */
	strvec_push(r->out, s);
	r->field_line = r->line;
}

static void on_row(int c, void *arg)
{
	struct csv_reader *r = arg;
	(void)c;
	r->row_done = true;
	r->at_row_start = true;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static struct csv_reader *reader_new(const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	r->line = 1;
	r->at_row_start = true;
	r->field_line = r->record_line = 1;
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	/* Spaces are data (RFC 4180): libcsv would trim them from unquoted fields. */
	csv_set_space_func(&r->parser, no_space);
	csv_set_realloc_func(&r->parser, xrealloc);
	csv_set_blk_size(&r->parser, 1024);
	return r;
}

static void skip_bom(struct csv_reader *r)
{
	if (r->done == 0 && r->chunk_len - r->chunk_pos >= 3
		&& !memcmp(r->chunk + r->chunk_pos, "\xEF\xBB\xBF", 3)) {
		r->chunk_pos += 3;
		r->done += 3;
	}
}

int csv_reader_open(struct csv_reader **out, const char *path, struct mapo_error *err)
{
	struct csv_reader *r;
	struct stat st;

	*out = NULL;
	if (!strcmp(path, "-")) {
		r = reader_new(_("standard input"));
		r->fp = stdin;
	} else {
		FILE *fp = fopen(path, "rb");
		if (!fp)
			return mapo_error_set(err, MAPO_EIO, _("%s: cannot open: %s"), path, strerror(errno));
		r = reader_new(path);
		r->fp = fp;
		r->close_fp = true;
	}
	if (!fstat(fileno(r->fp), &st) && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > CSV_FILE_MAX) {
			int rc = mapo_error_set(err, MAPO_ETOOBIG, _("%s: file larger than %zu bytes"),
				r->name, CSV_FILE_MAX);
			csv_reader_free(r);
			return rc;
		}
		r->total = (size_t)st.st_size;
	}
	r->chunk = xmalloc(CHUNK_SIZE);
	*out = r;
	return 0;
}

int csv_reader_open_mem(struct csv_reader **out, const char *name, const char *data, size_t len,
	struct mapo_error *err)
{
	*out = NULL;
	if (len > CSV_FILE_MAX)
		return mapo_error_set(err, MAPO_ETOOBIG, _("%s: file larger than %zu bytes"), name, CSV_FILE_MAX);
	struct csv_reader *r = reader_new(name);
	r->from_mem = true;
	r->chunk = xmalloc(len + 1);
	if (len)
		memcpy(r->chunk, data, len);
	r->chunk_len = len;
	r->total = len;
	skip_bom(r);
	*out = r;
	return 0;
}

/* Makes more bytes available; 1 when there are some, 0 at the end, or an error. */
static int fill(struct csv_reader *r)
{
	if (r->chunk_pos < r->chunk_len)
		return 1;
	if (r->from_mem || r->eof)
		return 0;
	/* fread returns short only at the end or on an error, so the first chunk holds a whole BOM. */
	size_t n = fread(r->chunk, 1, CHUNK_SIZE, r->fp);
	if (n == 0) {
		if (ferror(r->fp)) {
			set_error(r, MAPO_EIO, 0, SIZE_MAX, xasprintf(_("cannot read: %s"), strerror(errno)));
			return r->err_code;
		}
		r->eof = true;
		return 0;
	}
	if (r->done + n > CSV_FILE_MAX) {
		set_error(r, MAPO_ETOOBIG, 0, SIZE_MAX,
			xasprintf(_("file larger than %zu bytes"), CSV_FILE_MAX));
		return r->err_code;
	}
	r->chunk_len = n;
	r->chunk_pos = 0;
	skip_bom(r);
	return r->chunk_pos < r->chunk_len ? 1 : fill(r);
}

/* Feeds bytes up to and including the next line break (or the end of what is buffered), so
 * that at most one record ends per call and the line count stays exact. */
static void feed_segment(struct csv_reader *r)
{
	const char *s = r->chunk + r->chunk_pos;
	size_t avail = r->chunk_len - r->chunk_pos, n = 0;

	while (n < avail && s[n] != '\n' && s[n] != '\r')
		n++;
	if (n < avail)
		n++;
	if (r->at_row_start && s[0] != '\n' && s[0] != '\r') {
		r->at_row_start = false;
		r->record_line = r->field_line = r->line;
	}

	size_t fed = csv_parse(&r->parser, s, n, on_field, on_row, r);
	if (fed < n && !r->err_code) {
		/* Strict mode stops at a quote inside an unquoted field, or at anything but a comma or
		 * a line break after a closing quote. A segment has no break before its last byte. */
		set_error(r, MAPO_EINVAL, r->line, r->out->n,
			xstrdup(s[fed] == '"' ? _("quote inside an unquoted field")
					      : _("text after a closing quote")));
	}
	if (!r->err_code && r->parser.entry_pos > CSV_FIELD_MAX)
		set_error(r, MAPO_ETOOBIG, r->field_line, r->out->n,
			xasprintf(_("field longer than %zu bytes"), CSV_FIELD_MAX));

	r->chunk_pos += n;
	r->done += n;
	char last = s[n - 1];
	bool after_cr = n >= 2 ? s[n - 2] == '\r' : r->prev_cr;
	if (last == '\r' || (last == '\n' && !after_cr))
		r->line++;
	r->prev_cr = last == '\r';
}

int csv_reader_next(struct csv_reader *r, struct strvec *fields, size_t *line, struct mapo_error *err)
{
	strvec_clear(fields);
	if (r->err_code)
		return report(r, err);
	if (r->finished)
		return 0;

	r->out = fields;
	r->row_done = false;
	while (!r->row_done && !r->err_code) {
		int more = fill(r);
		if (more < 0)
			break;
		if (more) {
			feed_segment(r);
			continue;
		}
		r->finished = true;
		if (csv_fini(&r->parser, on_field, on_row, r))
			set_error(r, MAPO_EINVAL, r->field_line, fields->n, xstrdup(_("quoted field not closed")));
		break;
	}
	r->out = NULL;
	if (r->err_code) {
		strvec_clear(fields);
		return report(r, err);
	}
	if (!r->row_done)
		return 0;
	*line = r->record_line;
	return 1;
}

const char *csv_reader_error(const struct csv_reader *r, size_t *line, size_t *field)
{
	if (!r->err_code)
		return NULL;
	if (line)
		*line = r->err_line;
	if (field)
		*field = r->err_field;
	return r->err_reason;
}

void csv_reader_progress(const struct csv_reader *r, size_t *done, size_t *total)
{
	*done = r->done;
	*total = r->total;
}

const char *csv_reader_name(const struct csv_reader *r) { return r->name; }

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->parser);
	if (r->close_fp)
		fclose(r->fp);
	free(r->chunk);
	free(r->err_reason);
	free(r->name);
	free(r);
}

int csv_write_field(struct buf *out, const char *s)
{
	/* A leading byte-order mark is quoted too, or a file starting with it would lose it. */
	if (!strpbrk(s, ",\"\r\n") && strncmp(s, "\xEF\xBB\xBF", 3))
		return buf_addstr(out, s);
	int rc = buf_addch(out, '"');
	for (const char *p = s; !rc && *p; p++) {
		if (*p == '"')
			rc = buf_addch(out, '"');
		if (!rc)
			rc = buf_addch(out, *p);
	}
	if (!rc)
		rc = buf_addch(out, '"');
	return rc;
}

int csv_write_row(struct buf *out, const char *const *fields, size_t n)
{
	int rc = 0;
	if (n == 1 && !*fields[0])
		return buf_addstr(out, "\"\"\n");
	for (size_t i = 0; !rc && i < n; i++) {
		if (i)
			rc = buf_addch(out, ',');
		if (!rc)
			rc = csv_write_field(out, fields[i]);
	}
	if (!rc)
		rc = buf_addch(out, '\n');
	return rc;
}

/* ---- headers and problems -------------------------------------------------------------------- */

void csv_problem(struct strvec *problems, const char *file, size_t line, const char *column,
	const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	if (!problems)
		return;
	if (line)
		buf_printf(&b, "%s:%zu: ", file, line);
	else
		buf_printf(&b, "%s: ", file);
	if (column)
		buf_printf(&b, "%s: ", column);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	strvec_push(problems, buf_str(&b));
	buf_release(&b);
}

void csv_reader_problem(const struct csv_reader *r, const struct csv_columns *cols, struct strvec *problems)
{
	size_t line = 0, field = SIZE_MAX;
	const char *reason = csv_reader_error(r, &line, &field);
	if (!reason)
		return;
	if (field == SIZE_MAX) {
		csv_problem(problems, r->name, line, NULL, "%s", reason);
	} else if (cols && line > cols->line && field < cols->header.n) {
		csv_problem(problems, r->name, line, cols->header.v[field], "%s", reason);
	} else {
		char column[48];
		snprintf(column, sizeof(column), _("column %zu"), field + 1);
		csv_problem(problems, r->name, line, column, "%s", reason);
	}
}

int csv_columns_read(struct csv_columns *cols, struct csv_reader *r, const char *const *known,
	struct strvec *problems)
{
	struct mapo_error err;
	size_t nknown = 0;
	int rc;

	while (known[nknown])
		nknown++;
	cols->known = known;
	cols->nknown = nknown;
	cols->pos = xcalloc(nknown ? nknown : 1, sizeof(*cols->pos));
	cols->line = 0;
	strvec_init(&cols->header);
	for (size_t k = 0; k < nknown; k++)
		cols->pos[k] = SIZE_MAX;

	rc = csv_reader_next(r, &cols->header, &cols->line, &err);
	if (rc < 0) {
		csv_reader_problem(r, NULL, problems);
		return rc;
	}
	if (rc == 0) {
		csv_problem(problems, r->name, 1, NULL, "%s", _("empty file: a header row is needed"));
		return MAPO_EINVAL;
	}
	rc = 0;
	for (size_t i = 0; i < cols->header.n; i++) {
		const char *name = cols->header.v[i];
		size_t k = 0;
		while (k < nknown && strcmp(known[k], name))
			k++;
		if (k == nknown) {
			if (*name)
				csv_problem(problems, r->name, cols->line, name, "%s", _("unknown column"));
			else
				csv_problem(problems, r->name, cols->line, NULL, _("column %zu has no name"), i + 1);
			rc = MAPO_EINVAL;
		} else if (cols->pos[k] != SIZE_MAX) {
			csv_problem(problems, r->name, cols->line, name, "%s", _("column given twice"));
			rc = MAPO_EINVAL;
		} else {
			cols->pos[k] = i;
		}
	}
	for (size_t k = 0; k < nknown; k++)
		if (cols->pos[k] == SIZE_MAX) {
			csv_problem(problems, r->name, cols->line, known[k], "%s", _("missing column"));
			rc = MAPO_EINVAL;
		}
	return rc;
}

void csv_columns_release(struct csv_columns *cols)
{
	free(cols->pos);
	cols->pos = NULL;
	strvec_release(&cols->header);
}

bool csv_columns_check(const struct csv_columns *cols, const struct csv_reader *r,
	const struct strvec *fields, size_t line, struct strvec *problems)
{
	size_t want = cols->header.n;
	if (fields->n == want)
		return true;
	if (fields->n < want)
		csv_problem(problems, r->name, line, cols->header.v[fields->n],
			_("missing field: the row has %zu fields, the header %zu"), fields->n, want);
	else {
		char column[48];
		snprintf(column, sizeof(column), _("column %zu"), want + 1);
		csv_problem(problems, r->name, line, column,
			_("extra field: the row has %zu fields, the header %zu"), fields->n, want);
	}
	return false;
}

const char *csv_columns_get(const struct csv_columns *cols, const struct strvec *fields, size_t k)
{
	return fields->v[cols->pos[k]];
}
