/* XLSX cells through libzip and expat: the workbook's sheet list (xl/workbook.xml and its
 * relationships), the shared strings and one sheet's <sheetData>. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/xlsx_read.h"
#include "util/dynlib.h"
#include "util/util.h"

/* libzip, loaded with the first workbook read (util/dynlib.h): the other commands do not pay
 * for it and OpenSSL at start-up. Calls go through lz. */
#define ZIP_FUNCS(X) X(zip_discard) X(zip_error_code_zip) X(zip_error_fini) X(zip_error_init) X(zip_fclose) \
	X(zip_fopen) X(zip_fread) X(zip_open) X(zip_open_from_source) X(zip_source_buffer_create) \
	X(zip_source_free) X(zip_stat) X(zip_stat_init)
static struct {
	ZIP_FUNCS(DYNLIB_MEMBER)
} lz;
#define ZIP_SYM(f) {#f, (void **)&lz.f},
static const struct dynlib_sym zip_syms[] = {ZIP_FUNCS(ZIP_SYM)};
static struct dynlib zip_lib = DYNLIB_INIT("libzip.so.4", zip_syms);

struct sheet_ref {
	char *name;
	char *rid;
	char *path; /* inside the ZIP, e.g. xl/worksheets/sheet1.xml */
};

struct xlsx_book {
	char *name;
	zip_t *zip;
	void *mem; /* the bytes of a workbook opened from memory */
	struct sheet_ref *sheets;
	size_t nsheets, alloc_sheets;
	struct strvec shared;
};

void xlsx_rows_init(struct xlsx_rows *r)
{
	memset(r, 0, sizeof(*r));
}

void xlsx_rows_release(struct xlsx_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		strvec_release(&r->v[i].cells);
	free(r->v);
	xlsx_rows_init(r);
}

long xlsx_column_index(const char *ref)
{
	long col = 0;
	size_t n = 0;
	for (; ref[n] >= 'A' && ref[n] <= 'Z'; n++) {
		if (n >= 3)
			return -1;
		col = col * 26 + (ref[n] - 'A' + 1);
	}
	return n ? col - 1 : -1;
}

/* The local part of an XML name ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *colon = strrchr(name, ':');
	return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

/* Reads a whole ZIP entry, refusing one over XLSX_ENTRY_MAX by its declared size and by what
 * inflates. MAPO_ENOTFOUND when absent. */
static int read_entry(xlsx_book *b, const char *entry, struct buf *out, struct mapo_error *err)
{
	zip_stat_t zs;
	char chunk[65536];
	lz.zip_stat_init(&zs);
	if (lz.zip_stat(b->zip, entry, 0, &zs) != 0)
		return mapo_error_set(err, MAPO_ENOTFOUND, _("%s: the workbook has no part '%s'"), b->name, entry);
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > XLSX_ENTRY_MAX)
		return mapo_error_set(err, MAPO_ETOOBIG, _("%s: part '%s' is larger than %zu MiB"), b->name, entry,
			XLSX_ENTRY_MAX >> 20);
	zip_file_t *f = lz.zip_fopen(b->zip, entry, 0);
	if (!f)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: part '%s' cannot be read"), b->name, entry);
	buf_release(out);
	buf_init(out, XLSX_ENTRY_MAX);
	int rc = 0;
	for (;;) {
		zip_int64_t n = lz.zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s: part '%s' is damaged"), b->name, entry);
			break;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n)) {
			rc = mapo_error_set(err, MAPO_ETOOBIG, _("%s: part '%s' is larger than %zu MiB"), b->name, entry,
				XLSX_ENTRY_MAX >> 20);
			break;
		}
	}
	lz.zip_fclose(f);
	return rc;
}

/* ---- one expat pass with shared error handling -------------------------------------------- */

struct parse {
	XML_Parser p;
	xlsx_book *b;
	const char *entry;
	int rc;                 /* the first error a handler found */
	struct mapo_error *err;
	void *ctx;
};

static void parse_fail(struct parse *ps, int rc, const char *msg)
{
	if (!ps->rc) {
		ps->rc = rc;
		mapo_error_set(ps->err, rc, _("%s: %s: %s"), ps->b->name, ps->entry, msg);
	}
	XML_StopParser(ps->p, XML_FALSE);
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	parse_fail(ud, MAPO_EINVAL, _("a document type declaration is not allowed"));
}

static int run_parse(xlsx_book *b, const char *entry, const struct buf *xml, XML_StartElementHandler start,
	XML_EndElementHandler end, XML_CharacterDataHandler text, void *ctx, struct mapo_error *err)
{
	struct parse ps = {XML_ParserCreate("UTF-8"), b, entry, 0, err, ctx};
	if (!ps.p)
		return mapo_error_set(err, MAPO_EIO, _("%s: out of memory reading XML"), b->name);
	XML_SetUserData(ps.p, &ps);
	XML_SetElementHandler(ps.p, start, end);
	if (text)
		XML_SetCharacterDataHandler(ps.p, text);
	XML_SetStartDoctypeDeclHandler(ps.p, refuse_doctype);
	XML_SetParamEntityParsing(ps.p, XML_PARAM_ENTITY_PARSING_NEVER);
	if (XML_Parse(ps.p, xml->data ? xml->data : "", (int)xml->len, XML_TRUE) == XML_STATUS_ERROR && !ps.rc) {
		char msg[256];
		snprintf(msg, sizeof(msg), _("line %lu: %s"), (unsigned long)XML_GetCurrentLineNumber(ps.p),
			XML_ErrorString(XML_GetErrorCode(ps.p)));
		ps.rc = mapo_error_set(err, MAPO_EINVAL, _("%s: %s: %s"), b->name, entry, msg);
	}
	XML_ParserFree(ps.p);
	return ps.rc;
}

/* ---- the workbook and its relationships --------------------------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *ps = ud;
	xlsx_book *b = ps->b;
	if (strcmp(local(name), "sheet"))
		return;
	const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
	if (!sname || !rid) {
		parse_fail(ps, MAPO_EINVAL, _("a sheet without a name or relationship"));
		return;
	}
	if (b->nsheets >= XLSX_SHEETS_MAX) {
		parse_fail(ps, MAPO_ETOOBIG, _("too many sheets"));
		return;
	}
	ALLOC_GROW(b->sheets, b->nsheets + 1, b->alloc_sheets);
	struct sheet_ref *s = &b->sheets[b->nsheets++];
	s->name = xstrdup(sname);
	s->rid = xstrdup(rid);
	s->path = NULL;
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *ps = ud;
	xlsx_book *b = ps->b;
	if (strcmp(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	if (!id || !target)
		return;
	for (size_t i = 0; i < b->nsheets; i++) {
		if (strcmp(b->sheets[i].rid, id) || b->sheets[i].path)
			continue;
		b->sheets[i].path = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
	}
}

/* ---- shared strings ----------------------------------------------------------------------- */

struct sst_ctx {
	bool in_si, in_t;
	int rph;       /* inside phonetic runs, whose text is not the cell's */
	struct buf text;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *ps = ud;
	struct sst_ctx *c = ps->ctx;
	const char *n = local(name);
	(void)atts;
	if (!strcmp(n, "si")) {
		c->in_si = true;
		buf_reset(&c->text);
	} else if (!strcmp(n, "rPh")) {
		c->rph++;
	} else if (!strcmp(n, "t") && c->in_si && !c->rph) {
		c->in_t = true;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct parse *ps = ud;
	struct sst_ctx *c = ps->ctx;
	const char *n = local(name);
	if (!strcmp(n, "t")) {
		c->in_t = false;
	} else if (!strcmp(n, "rPh")) {
		c->rph--;
	} else if (!strcmp(n, "si")) {
		strvec_push(&ps->b->shared, buf_str(&c->text));
		c->in_si = false;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct parse *ps = ud;
	struct sst_ctx *c = ps->ctx;
	if (c->in_t && buf_add(&c->text, s, (size_t)len))
		parse_fail(ps, MAPO_ETOOBIG, _("a string is longer than the cap of a cell"));
}

/* ---- opening ------------------------------------------------------------------------------ */

static int book_load(xlsx_book *b, struct mapo_error *err)
{
	struct buf xml = BUF_INIT;
	int rc;
	if ((rc = read_entry(b, "xl/workbook.xml", &xml, err))) {
		if (rc == MAPO_ENOTFOUND)
			rc = mapo_error_set(err, MAPO_EINVAL, _("%s: not an XLSX workbook"), b->name);
		goto out;
	}
	if ((rc = run_parse(b, "xl/workbook.xml", &xml, wb_start, no_end, NULL, NULL, err)))
		goto out;
	if ((rc = read_entry(b, "xl/_rels/workbook.xml.rels", &xml, err)) ||
	    (rc = run_parse(b, "xl/_rels/workbook.xml.rels", &xml, rels_start, no_end, NULL, NULL, err)))
		goto out;
	rc = read_entry(b, "xl/sharedStrings.xml", &xml, err);
	if (rc == MAPO_ENOTFOUND) {
		rc = 0; /* a workbook of numbers only */
		goto out;
	}
	if (rc)
		goto out;
	struct sst_ctx c = {false, false, 0, BUF_INIT};
	buf_init(&c.text, XLSX_CELL_MAX);
	rc = run_parse(b, "xl/sharedStrings.xml", &xml, sst_start, sst_end, sst_text, &c, err);
	buf_release(&c.text);
out:
	buf_release(&xml);
	return rc;
}

static int book_open(xlsx_book **out, xlsx_book *b, zip_t *zip, int zerr, struct mapo_error *err)
{
	*out = NULL;
	if (!zip) {
		int rc = zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_NOENT
			? mapo_error_set(err, MAPO_EIO, _("cannot read '%s'"), b->name)
			: mapo_error_set(err, MAPO_EINVAL, _("%s: not an XLSX workbook"), b->name);
		xlsx_free(b);
		return rc;
	}
	b->zip = zip;
	int rc = book_load(b, err);
	if (rc) {
		xlsx_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int xlsx_open(xlsx_book **out, const char *path, struct mapo_error *err)
{
	int rc = dynlib_load(&zip_lib, _("Excel workbooks"), err);
	if (rc)
		return rc;
	xlsx_book *b = xcalloc(1, sizeof(*b));
	int zerr = 0;
	b->name = xstrdup(path);
	strvec_init(&b->shared);
	zip_t *zip = lz.zip_open(path, ZIP_RDONLY, &zerr);
	return book_open(out, b, zip, zerr, err);
}

int xlsx_open_mem(xlsx_book **out, const char *name, const void *data, size_t len, struct mapo_error *err)
{
	int rc = dynlib_load(&zip_lib, _("Excel workbooks"), err);
	if (rc)
		return rc;
	xlsx_book *b = xcalloc(1, sizeof(*b));
	zip_error_t zerror;
	zip_t *zip = NULL;
	int zerr = ZIP_ER_NOZIP;
	b->name = xstrdup(name);
	strvec_init(&b->shared);
	b->mem = xmalloc(len ? len : 1);
	if (len)
		memcpy(b->mem, data, len);
	lz.zip_error_init(&zerror);
	zip_source_t *src = lz.zip_source_buffer_create(b->mem, len, 0, &zerror);
	if (src) {
		zip = lz.zip_open_from_source(src, ZIP_RDONLY, &zerror);
		if (!zip) {
			zerr = lz.zip_error_code_zip(&zerror);
			lz.zip_source_free(src);
		}
	}
	lz.zip_error_fini(&zerror);
	if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_NOENT)
		zerr = ZIP_ER_NOZIP; /* memory cannot fail to open: it is not a ZIP */
	return book_open(out, b, zip, zerr, err);
}

void xlsx_free(xlsx_book *b)
{
	if (!b)
		return;
	if (b->zip)
		lz.zip_discard(b->zip);
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].rid);
		free(b->sheets[i].path);
	}
	free(b->sheets);
	strvec_release(&b->shared);
	free(b->mem);
	free(b->name);
	free(b);
}

size_t xlsx_sheet_count(const xlsx_book *b)
{
	return b->nsheets;
}

const char *xlsx_sheet_name(const xlsx_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i].name : NULL;
}

/* ---- a sheet ------------------------------------------------------------------------------ */

struct sheet_ctx {
	struct xlsx_rows *out;
	struct strvec cells;   /* the row being read */
	size_t row_number;
	long col;              /* the cell being read; -1 before the first of a row */
	char type[16];
	bool in_row, in_cell, in_v, in_is, in_t;
	int rph;
	struct buf text;
};

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct parse *ps = ud;
	struct sheet_ctx *c = ps->ctx;
	const char *n = local(name);
	if (!strcmp(n, "row")) {
		const char *r = attr(atts, "r");
		long long num;
		size_t next = c->row_number + 1;
		if (r && (parse_int(r, 1, XLSX_ROWS_MAX, &num) || (size_t)num < next)) {
			parse_fail(ps, MAPO_EINVAL, _("a row number is out of order or out of range"));
			return;
		}
		c->row_number = r ? (size_t)num : next;
		if (c->row_number > XLSX_ROWS_MAX) {
			parse_fail(ps, MAPO_ETOOBIG, _("too many rows"));
			return;
		}
		strvec_clear(&c->cells);
		c->col = -1;
		c->in_row = true;
	} else if (!strcmp(n, "c") && c->in_row) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		long col = r ? xlsx_column_index(r) : c->col + 1;
		if (col < 0 || col <= c->col || col >= XLSX_COLS_MAX) {
			parse_fail(ps, col >= XLSX_COLS_MAX ? MAPO_ETOOBIG : MAPO_EINVAL,
				_("a cell reference is out of order or out of range"));
			return;
		}
		c->col = col;
		snprintf(c->type, sizeof(c->type), "%s", t ? t : "n");
		buf_reset(&c->text);
		c->in_cell = true;
	} else if (c->in_cell && !strcmp(n, "v")) {
		c->in_v = true;
	} else if (c->in_cell && !strcmp(n, "is")) {
		c->in_is = true;
	} else if (c->in_is && !strcmp(n, "rPh")) {
		c->rph++;
	} else if (c->in_is && !c->rph && !strcmp(n, "t")) {
		c->in_t = true;
	}
}

static void end_cell(struct parse *ps, struct sheet_ctx *c)
{
	const char *text = buf_str(&c->text);
	char *value;
	if (!strcmp(c->type, "s")) {
		long long idx;
		if (parse_int(text, 0, (long long)ps->b->shared.n - 1, &idx)) {
			parse_fail(ps, MAPO_EINVAL, _("a cell names a shared string that does not exist"));
			return;
		}
		value = xstrdup(ps->b->shared.v[idx]);
	} else if (!strcmp(c->type, "b")) {
		value = xstrdup(!strcmp(text, "1") ? "TRUE" : "FALSE");
	} else {
		value = xstrdup(text);
	}
	while (c->cells.n < (size_t)c->col)
		strvec_push(&c->cells, "");
	strvec_push(&c->cells, value);
	free(value);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct parse *ps = ud;
	struct sheet_ctx *c = ps->ctx;
	const char *n = local(name);
	if (!strcmp(n, "v")) {
		c->in_v = false;
	} else if (!strcmp(n, "t")) {
		c->in_t = false;
	} else if (!strcmp(n, "rPh")) {
		if (c->rph)
			c->rph--;
	} else if (!strcmp(n, "is")) {
		c->in_is = false;
	} else if (!strcmp(n, "c") && c->in_cell) {
		c->in_cell = false;
		end_cell(ps, c);
	} else if (!strcmp(n, "row") && c->in_row) {
		c->in_row = false;
		bool any = false;
		for (size_t i = 0; i < c->cells.n && !any; i++)
			any = c->cells.v[i][0] != '\0';
		if (!any)
			return;
		struct xlsx_rows *out = c->out;
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		struct xlsx_row *row = &out->v[out->n++];
		row->number = c->row_number;
		strvec_init(&row->cells);
		strvec_copy(&row->cells, &c->cells);
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct parse *ps = ud;
	struct sheet_ctx *c = ps->ctx;
	if ((c->in_v || c->in_t) && buf_add(&c->text, s, (size_t)len))
		parse_fail(ps, MAPO_ETOOBIG, _("a cell is longer than the cap"));
}

int xlsx_read_sheet(xlsx_book *b, const char *name, struct xlsx_rows *out, struct mapo_error *err)
{
	const struct sheet_ref *ref = NULL;
	xlsx_rows_release(out);
	for (size_t i = 0; i < b->nsheets && !ref; i++)
		if (!name || !strcmp(b->sheets[i].name, name))
			ref = &b->sheets[i];
	if (!ref)
		return name ? mapo_error_set(err, MAPO_ENOTFOUND, _("%s: no sheet '%s'"), b->name, name)
			    : mapo_error_set(err, MAPO_ENOTFOUND, _("%s: the workbook has no sheet"), b->name);
	if (!ref->path)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: sheet '%s' has no part"), b->name, ref->name);
	struct buf xml = BUF_INIT;
	int rc = read_entry(b, ref->path, &xml, err);
	if (rc == MAPO_ENOTFOUND)
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s: sheet '%s' has no part"), b->name, ref->name);
	if (!rc) {
		struct sheet_ctx c;
		memset(&c, 0, sizeof(c));
		c.out = out;
		strvec_init(&c.cells);
		buf_init(&c.text, XLSX_CELL_MAX);
		rc = run_parse(b, ref->path, &xml, sheet_start, sheet_end, sheet_text, &c, err);
		strvec_release(&c.cells);
		buf_release(&c.text);
	}
	buf_release(&xml);
	if (rc)
		xlsx_rows_release(out);
	return rc;
}
