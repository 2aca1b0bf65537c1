/* The backup file (backup.h; the format: docs/internals/backup.md). Writing streams the store's
 * dump (store_backup.h) line by line; reading checks the whole file first and only then reads it
 * again into the store, so a damaged file never gets as far as the database. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "config.h"
#include "io/backup.h"
#include "store/store_backup.h"

#define HASH_LEN crypto_generichash_BYTES /* BLAKE2b-256 */
#define HASH_HEXLEN (HASH_LEN * 2 + 1)
#define JSON_OUT (JSON_COMPACT | JSON_PRESERVE_ORDER)

static void hash_hex(crypto_generichash_state *st, char out[HASH_HEXLEN])
{
	unsigned char h[HASH_LEN];
	crypto_generichash_state copy = *st; /* the state goes on being usable */
	crypto_generichash_final(&copy, h, sizeof(h));
	sodium_bin2hex(out, HASH_HEXLEN, h, sizeof(h));
}

/* ---- writing -------------------------------------------------------------------------------- */

struct writer {
	FILE *f;
	crypto_generichash_state whole, section;
	json_t *counts; /* table -> rows, for the trailer */
	struct backup_summary sum;
};

/* Writes j (taken) as one line, adding it to the file's checksum and, in a table, the table's. */
static int emit(struct writer *w, json_t *j, bool in_section, struct mapo_error *err)
{
	char *text = j ? json_dumps(j, JSON_OUT) : NULL;
	json_decref(j);
	if (!text)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("a value cannot be written as JSON"));
	size_t n = strlen(text);
	text[n] = '\n'; /* json_dumps's terminator becomes the line's end */
	crypto_generichash_update(&w->whole, (const unsigned char *)text, n + 1);
	if (in_section)
		crypto_generichash_update(&w->section, (const unsigned char *)text, n + 1);
	size_t put = fwrite(text, 1, n + 1, w->f);
	free(text);
	if (put != n + 1)
		return mapo_error_set(err, MAPO_EIO, "%s", _("cannot write the backup file"));
	return 0;
}

static int w_schema(void *arg, const struct backup_schema *sc, struct mapo_error *err)
{
	struct writer *w = arg;
	char created[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(created, sizeof(created), "1970-01-01T00:00:00Z");
	json_t *h = json_object(), *versions = json_array(), *tables = json_array(), *skipped = json_array();
	for (size_t i = 0; i < sc->nversions; i++)
		json_array_append_new(versions, json_integer(sc->versions[i]));
	for (size_t i = 0; i < sc->ntables; i++)
		json_array_append_new(tables, json_string(sc->tables[i].name));
	for (size_t i = 0; store_backup_skipped[i]; i++)
		json_array_append_new(skipped, json_string(store_backup_skipped[i]));
	json_object_set_new(h, "format", json_string(BACKUP_FORMAT));
	json_object_set_new(h, "version", json_integer(BACKUP_VERSION));
	json_object_set_new(h, "mapo", json_string(MAPO_VERSION));
	json_object_set_new(h, "created", json_string(created));
	json_object_set_new(h, "schema", versions);
	json_object_set_new(h, "tables", tables);
	json_object_set_new(h, "skipped", skipped);
	w->sum.schema = sc->nversions ? sc->versions[sc->nversions - 1] : 0;
	return emit(w, h, false, err);
}

static json_t *value_json(const struct backup_value *v)
{
	switch (v->type) {
	case BACKUP_INTEGER:
		return json_integer((json_int_t)v->i);
	case BACKUP_FLOAT:
		return json_real(v->f); /* NULL for NaN and infinities, which JSON cannot hold */
	case BACKUP_TEXT:
		return json_stringn(v->s, v->len); /* NULL when not UTF-8 */
	case BACKUP_BLOB: {
		size_t n = sodium_base64_encoded_len(v->len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = xmalloc(n);
		sodium_bin2base64(b64, n, (const unsigned char *)v->s, v->len, sodium_base64_VARIANT_ORIGINAL);
		json_t *o = json_pack("{s:s}", "base64", b64);
		free(b64);
		return o;
	}
	default:
		return json_null();
	}
}

static int w_row(void *arg, const struct backup_table *t, const struct backup_value *values,
	struct mapo_error *err)
{
	struct writer *w = arg;
	json_t *row = json_array();
	for (size_t i = 0; i < t->ncolumns; i++) {
		json_t *v = value_json(&values[i]);
		if (!v) {
			json_decref(row);
			return mapo_error_set(err, MAPO_EINVAL,
				_("table '%s': column '%s': a value that cannot be written (text that is not UTF-8, or "
				  "a number that is not finite)"),
				t->name, t->columns[i]);
		}
		json_array_append_new(row, v);
	}
	w->sum.rows++;
	return emit(w, row, true, err);
}

static int table_line(struct writer *w, const struct backup_table *t, struct mapo_error *err)
{
	json_t *cols = json_array();
	for (size_t i = 0; i < t->ncolumns; i++)
		json_array_append_new(cols, json_string(t->columns[i]));
	crypto_generichash_init(&w->section, NULL, 0, HASH_LEN);
	return emit(w, json_pack("{s:s,s:o}", "table", t->name, "columns", cols), true, err);
}

static int w_table_end(void *arg, const struct backup_table *t, long long rows, struct mapo_error *err)
{
	struct writer *w = arg;
	char hex[HASH_HEXLEN];
	hash_hex(&w->section, hex);
	json_object_set_new(w->counts, t->name, json_integer(rows));
	w->sum.tables++;
	return emit(w, json_pack("{s:s,s:I,s:s}", "end", t->name, "rows", (json_int_t)rows, "blake2b", hex), false,
		err);
}

/* The table line must precede the rows, and an empty table has none: a sink that opens each
 * section before the store reads its first row. */
struct writer_sink {
	struct writer w;
	const struct backup_table *open;
};

static int open_until(struct writer_sink *ws, const struct backup_table *t, struct mapo_error *err)
{
	if (ws->open == t)
		return 0;
	ws->open = t;
	return table_line(&ws->w, t, err);
}

static int s_schema(void *arg, const struct backup_schema *sc, struct mapo_error *err)
{
	struct writer_sink *ws = arg;
	return w_schema(&ws->w, sc, err);
}

static int s_row(void *arg, const struct backup_table *t, const struct backup_value *values, struct mapo_error *err)
{
	struct writer_sink *ws = arg;
	int rc = open_until(ws, t, err);
	return rc ? rc : w_row(&ws->w, t, values, err);
}

static int s_table_end(void *arg, const struct backup_table *t, long long rows, struct mapo_error *err)
{
	struct writer_sink *ws = arg;
	int rc = open_until(ws, t, err);
	return rc ? rc : w_table_end(&ws->w, t, rows, err);
}

int backup_write(store *s, FILE *f, struct backup_summary *sum, struct mapo_error *err)
{
	static const struct backup_sink sink = {s_schema, s_row, s_table_end};
	struct writer_sink ws;
	memset(&ws, 0, sizeof(ws));
	if (sodium_init() < 0)
		return mapo_error_set(err, MAPO_EIO, "%s", _("the cryptographic library cannot start"));
	ws.w.f = f;
	ws.w.counts = json_object();
	crypto_generichash_init(&ws.w.whole, NULL, 0, HASH_LEN);
	int rc = store_backup_dump(s, &sink, &ws, err);
	if (!rc) {
		char hex[HASH_HEXLEN];
		hash_hex(&ws.w.whole, hex);
		json_t *tr = json_pack("{s:s,s:I,s:I,s:O,s:s}", "trailer", BACKUP_FORMAT, "tables",
			(json_int_t)ws.w.sum.tables, "rows", (json_int_t)ws.w.sum.rows, "counts", ws.w.counts,
			"blake2b", hex);
		rc = emit(&ws.w, tr, false, err);
	}
	if (!rc && fflush(f))
		rc = mapo_error_set(err, MAPO_EIO, "%s", _("cannot write the backup file"));
	json_decref(ws.w.counts);
	if (!rc && sum)
		*sum = ws.w.sum;
	return rc;
}

/* ---- reading -------------------------------------------------------------------------------- */

/* Lines up to this long: a row with a council's file of tens of megabytes, in base64. */
#define LINE_MAX_BYTES ((size_t)512 << 20)

struct reader {
	FILE *f;
	const char *name;
	struct buf line;
	size_t lineno;
	struct mapo_error *err;
};

static int bad(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* MAPO_EINVAL with "NAME: line N: " before the message. */
static int bad(struct reader *rd, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mapo_error_set(rd->err, MAPO_EINVAL, _("%s: line %zu: %s"), rd->name, rd->lineno, msg);
}

/* The store's refusal of what the file holds (a table this database does not have, a row its
 * constraints refuse), with its code, after the file's name. Rows are written in batches, so the
 * line read last is not necessarily the row refused: no line number. */
static int refused(struct reader *rd, int rc)
{
	if (!rd->err)
		return rc;
	char msg[sizeof(rd->err->msg)];
	snprintf(msg, sizeof(msg), "%s", rd->err->msg);
	return mapo_error_set(rd->err, rc, "%s: %s", rd->name, msg);
}

/* Reads the next line (with its '\n') into rd->line; *eof when there is none. A last line without
 * its end means the file was cut. */
static int read_line(struct reader *rd, bool *eof)
{
	char chunk[1 << 16];
	*eof = false;
	buf_reset(&rd->line);
	for (;;) {
		if (!fgets(chunk, sizeof(chunk), rd->f)) {
			if (ferror(rd->f))
				return mapo_error_set(rd->err, MAPO_EIO, _("cannot read '%s'"), rd->name);
			if (!rd->line.len) {
				*eof = true;
				return 0;
			}
			rd->lineno++;
			return bad(rd, "%s", _("the file ends in the middle of a line: the backup is incomplete"));
		}
		size_t n = strlen(chunk);
		if (buf_add(&rd->line, chunk, n)) {
			rd->lineno++;
			return bad(rd, "%s", _("the line is too long"));
		}
		if (n && chunk[n - 1] == '\n')
			break;
	}
	rd->lineno++;
	return 0;
}

/* The next line, which must exist, as JSON. */
static int next_json(struct reader *rd, json_t **out)
{
	bool eof;
	json_error_t jerr;
	*out = NULL;
	int rc = read_line(rd, &eof);
	if (rc)
		return rc;
	if (eof)
		return mapo_error_set(rd->err, MAPO_EINVAL,
			_("%s: the file ends after line %zu without its trailer: the backup is incomplete"), rd->name,
			rd->lineno);
	*out = json_loadb(rd->line.data, rd->line.len - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out)
		return bad(rd, "%s", _("not a line of a mapo backup (damaged JSON)"));
	return 0;
}

static void line_hash(struct reader *rd, crypto_generichash_state *st)
{
	crypto_generichash_update(st, (const unsigned char *)rd->line.data, rd->line.len);
}

struct header {
	int *versions;
	size_t nversions;
	const char **tables; /* into the header's JSON */
	size_t ntables;
	json_t *json;
};

static void header_release(struct header *h)
{
	free(h->versions);
	free(h->tables);
	json_decref(h->json);
	memset(h, 0, sizeof(*h));
}

static int read_header(struct reader *rd, struct header *h)
{
	bool eof;
	json_error_t jerr;
	memset(h, 0, sizeof(*h));
	int rc = read_line(rd, &eof);
	if (rc)
		return rc;
	if (eof)
		return mapo_error_set(rd->err, MAPO_EINVAL, _("%s: the file is empty, not a mapo backup"), rd->name);
	h->json = json_loadb(rd->line.data, rd->line.len - 1, JSON_REJECT_DUPLICATES, &jerr);
	const char *format = NULL;
	json_int_t version = 0;
	json_t *versions = NULL, *tables = NULL;
	if (!h->json || json_unpack(h->json, "{s:s,s:I,s:o,s:o}", "format", &format, "version", &version, "schema",
				&versions, "tables", &tables) ||
		strcmp(format, BACKUP_FORMAT) || !json_is_array(versions) || !json_is_array(tables))
		return bad(rd, "%s", _("not a mapo backup file"));
	if (version > BACKUP_VERSION)
		return bad(rd, _("the backup's format version %lld is newer than this mapo reads (%d): use a newer mapo"),
			(long long)version, BACKUP_VERSION);
	if (version != BACKUP_VERSION)
		return bad(rd, _("unknown backup format version %lld"), (long long)version);
	h->nversions = json_array_size(versions);
	h->versions = xcalloc(h->nversions ? h->nversions : 1, sizeof(*h->versions));
	for (size_t i = 0; i < h->nversions; i++) {
		json_t *v = json_array_get(versions, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > 999999 ||
			(i && json_integer_value(v) <= h->versions[i - 1]))
			return bad(rd, "%s", _("the schema versions are not rising whole numbers"));
		h->versions[i] = (int)json_integer_value(v);
	}
	if (!h->nversions)
		return bad(rd, "%s", _("the backup names no schema version"));
	h->ntables = json_array_size(tables);
	h->tables = xcalloc(h->ntables ? h->ntables : 1, sizeof(*h->tables));
	for (size_t i = 0; i < h->ntables; i++) {
		h->tables[i] = json_string_value(json_array_get(tables, i));
		if (!h->tables[i])
			return bad(rd, "%s", _("a table name is not text"));
	}
	return 0;
}

/* Values of one row: blobs decoded into memory owned here. */
struct row {
	struct backup_value *v;
	unsigned char **blobs;
	size_t n, nblobs;
};

static void row_clear(struct row *r)
{
	for (size_t i = 0; i < r->nblobs; i++)
		free(r->blobs[i]);
	r->nblobs = 0;
}

static int decode_row(struct reader *rd, json_t *arr, const char *table, const char *const *cols, size_t ncols,
	struct row *r)
{
	row_clear(r);
	if (json_array_size(arr) != ncols)
		return bad(rd, _("table '%s': %zu values for %zu columns"), table, json_array_size(arr), ncols);
	for (size_t i = 0; i < ncols; i++) {
		json_t *j = json_array_get(arr, i);
		struct backup_value *v = &r->v[i];
		memset(v, 0, sizeof(*v));
		if (json_is_null(j)) {
			v->type = BACKUP_NULL;
		} else if (json_is_integer(j)) {
			v->type = BACKUP_INTEGER;
			v->i = (int64_t)json_integer_value(j);
		} else if (json_is_real(j)) {
			v->type = BACKUP_FLOAT;
			v->f = json_real_value(j);
		} else if (json_is_string(j)) {
			v->type = BACKUP_TEXT;
			v->s = json_string_value(j);
			v->len = json_string_length(j);
		} else {
			const char *b64 = NULL;
			if (!json_is_object(j) || json_object_size(j) != 1 || json_unpack(j, "{s:s}", "base64", &b64))
				return bad(rd, _("table '%s': column '%s': a value of no known type"), table, cols[i]);
			size_t n = strlen(b64), len = 0;
			unsigned char *bin = xmalloc(n / 4 * 3 + 3);
			r->blobs[r->nblobs++] = bin;
			if (sodium_base642bin(bin, n / 4 * 3 + 3, b64, n, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL))
				return bad(rd, _("table '%s': column '%s': damaged base64"), table, cols[i]);
			v->type = BACKUP_BLOB;
			v->s = (const char *)bin;
			v->len = len;
		}
	}
	return 0;
}

/* Reads one table section whose opening line j was just read; into r when not NULL. */
static int read_table(struct reader *rd, json_t *j, const char *want, crypto_generichash_state *whole,
	struct store_restore *r, long long *rows)
{
	const char *table = NULL;
	json_t *columns = NULL;
	crypto_generichash_state section;
	size_t first = rd->lineno, ncols;
	const char **cols = NULL;
	struct row row = {0};
	json_t *line = NULL;
	int rc;
	*rows = 0;
	if (json_unpack(j, "{s:s,s:o}", "table", &table, "columns", &columns) || !json_is_array(columns))
		return bad(rd, "%s", _("expected a table's first line"));
	if (strcmp(table, want))
		return bad(rd, _("table '%s' where the header lists '%s'"), table, want);
	ncols = json_array_size(columns);
	cols = xcalloc(ncols ? ncols : 1, sizeof(*cols));
	for (size_t i = 0; i < ncols; i++)
		if (!(cols[i] = json_string_value(json_array_get(columns, i)))) {
			rc = bad(rd, _("table '%s': a column name is not text"), table);
			goto out;
		}
	crypto_generichash_init(&section, NULL, 0, HASH_LEN);
	line_hash(rd, &section);
	if (r && (rc = store_restore_table(r, table, cols, ncols, rd->err))) {
		rc = refused(rd, rc);
		goto out;
	}
	row.v = xcalloc(ncols ? ncols : 1, sizeof(*row.v));
	row.blobs = xcalloc(ncols ? ncols : 1, sizeof(*row.blobs));
	for (;;) {
		json_decref(line);
		if ((rc = next_json(rd, &line)))
			goto out;
		line_hash(rd, whole);
		if (json_is_array(line)) {
			line_hash(rd, &section);
			if ((rc = decode_row(rd, line, table, cols, ncols, &row)))
				goto out;
			(*rows)++;
			if (r && (rc = store_restore_row(r, row.v, rd->err))) {
				rc = refused(rd, rc);
				goto out;
			}
			continue;
		}
		const char *end = NULL, *sum = NULL;
		json_int_t count = -1;
		if (json_unpack(line, "{s:s,s:I,s:s}", "end", &end, "rows", &count, "blake2b", &sum) || strcmp(end, table)) {
			rc = bad(rd, _("table '%s': expected a row or the table's end"), table);
			goto out;
		}
		char hex[HASH_HEXLEN];
		hash_hex(&section, hex);
		if (strcmp(hex, sum)) {
			rc = bad(rd, _("table '%s' (lines %zu to %zu) does not match its checksum: the file was edited or "
				       "damaged"),
				table, first, rd->lineno - 1);
			goto out;
		}
		if (count != *rows) {
			rc = bad(rd, _("table '%s' has %lld rows, its end line says %lld"), table, *rows, (long long)count);
			goto out;
		}
		break;
	}
	if (r && (rc = store_restore_table_end(r, rd->err)))
		rc = refused(rd, rc);
out:
	json_decref(line);
	row_clear(&row);
	free(row.v);
	free(row.blobs);
	free(cols);
	return rc;
}

/* Reads the whole file from its start: checks it when s is NULL, else restores it into s. */
static int read_file(store *s, FILE *f, const char *name, struct backup_summary *sum, struct mapo_error *err)
{
	struct reader rd = {.f = f, .name = name, .err = err};
	struct header h;
	struct store_restore *r = NULL;
	crypto_generichash_state whole;
	struct backup_summary got = {0};
	json_t *j = NULL;
	int rc;
	if (sodium_init() < 0)
		return mapo_error_set(err, MAPO_EIO, "%s", _("the cryptographic library cannot start"));
	buf_init(&rd.line, LINE_MAX_BYTES);
	rewind(f);
	crypto_generichash_init(&whole, NULL, 0, HASH_LEN);
	if ((rc = read_header(&rd, &h)))
		goto out;
	line_hash(&rd, &whole);
	got.schema = h.versions[h.nversions - 1];
	if (s && (rc = store_restore_begin(s, h.versions, h.nversions, &r, err)))
		goto out;
	for (;;) {
		json_decref(j);
		if ((rc = next_json(&rd, &j)))
			goto out;
		if (json_object_get(j, "trailer"))
			break;
		line_hash(&rd, &whole);
		if (got.tables >= h.ntables) {
			rc = bad(&rd, "%s", _("more tables than the header lists"));
			goto out;
		}
		long long rows = 0;
		if ((rc = read_table(&rd, j, h.tables[got.tables], &whole, r, &rows)))
			goto out;
		got.tables++;
		got.rows += rows;
	}
	const char *format = NULL, *hash = NULL;
	json_int_t tables = -1, rows = -1;
	if (json_unpack(j, "{s:s,s:I,s:I,s:s}", "trailer", &format, "tables", &tables, "rows", &rows, "blake2b", &hash) ||
		strcmp(format, BACKUP_FORMAT)) {
		rc = bad(&rd, "%s", _("a damaged trailer"));
		goto out;
	}
	char hex[HASH_HEXLEN];
	hash_hex(&whole, hex);
	if (strcmp(hex, hash)) {
		rc = bad(&rd, "%s", _("the file does not match its checksum: it was edited or damaged"));
		goto out;
	}
	if ((size_t)tables != got.tables || got.tables != h.ntables || rows != got.rows) {
		rc = bad(&rd, _("the trailer counts %lld tables and %lld rows, the file holds %zu and %lld"),
			(long long)tables, (long long)rows, got.tables, got.rows);
		goto out;
	}
	bool eof;
	if ((rc = read_line(&rd, &eof)))
		goto out;
	if (!eof) {
		rc = bad(&rd, "%s", _("text after the trailer"));
		goto out;
	}
	if (r) {
		rc = store_restore_finish(r, err);
		if (rc)
			goto out;
	}
	if (sum)
		*sum = got;
out:
	store_restore_free(r);
	json_decref(j);
	header_release(&h);
	buf_release(&rd.line);
	return rc;
}

int backup_check(FILE *f, const char *name, struct backup_summary *sum, struct mapo_error *err)
{
	return read_file(NULL, f, name, sum, err);
}

int backup_restore(store *s, FILE *f, const char *name, struct backup_summary *sum, struct mapo_error *err)
{
	int rc = read_file(NULL, f, name, NULL, err);
	return rc ? rc : read_file(s, f, name, sum, err);
}
