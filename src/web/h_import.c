/* The import page: two CSV files uploaded as multipart/form-data, imported atomically by
 * io/import.h; the answer is the row-level report or the counts. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "io/import.h"
#include "web/handlers.h"

static void import_page(struct web_req *rq, struct web_resp *rs, const struct import_result *res, const char *msg,
	bool ok, int status)
{
	page_begin(rq, rs, _("Import"));
	struct buf *o = &rs->body;
	tpl_printf(o, "<h1>%s</h1>\n", _("Import"));
	if (ok && res) {
		tpl_printf(o, "<div class=\"flash ok\" role=\"status\"><p>%s</p><ul>", _("The files were imported."));
		tpl_printf(o, "<li>%s: %zu</li>", _("cases added"), res->cases_inserted);
		tpl_printf(o, "<li>%s: %zu</li>", _("cases replaced"), res->cases_updated);
		tpl_printf(o, "<li>%s: %zu</li>", _("person rows written"), res->persons);
		tpl_printf(o, "</ul><p><a href=\"/cases\">%s</a></p></div>\n", _("See the cases"));
	} else if (msg) {
		tpl_printf(o, "<div class=\"flash error\" role=\"alert\"><p>%s</p>", msg);
		if (res && res->problems.n) {
			tpl_printf(o, "<p>%s</p><ol class=\"problems\">", _("Nothing was written. Fix these rows and upload again:"));
			for (size_t i = 0; i < res->problems.n; i++)
				tpl_printf(o, "<li><code>%s</code></li>", res->problems.v[i]);
			tpl_raw(o, "</ol>");
		}
		tpl_raw(o, "</div>\n");
	}
	tpl_printf(o, "<p>%s</p>\n",
		_("Upload cases.csv and, if you have it, persons.csv in the import format. An import is all or nothing: when any row is bad, nothing is written and every bad row is listed."));
	tpl_raw(o, "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" class=\"stack\">\n");
	csrf_field(rq, o);
	tpl_printf(o, "<div class=\"field\"><label for=\"f-cases\">%s</label>"
		"<input id=\"f-cases\" name=\"cases\" type=\"file\" accept=\".csv,text/csv\" required></div>\n", _("Cases file (cases.csv)"));
	tpl_printf(o, "<div class=\"field\"><label for=\"f-persons\">%s</label>"
		"<input id=\"f-persons\" name=\"persons\" type=\"file\" accept=\".csv,text/csv\"></div>\n",
		_("Persons file (persons.csv, optional)"));
	tpl_printf(o, "<div class=\"field check\"><label><input type=\"checkbox\" name=\"update\" value=\"1\"> %s</label></div>\n",
		_("Replace cases whose reference exists already"));
	tpl_printf(o, "<div class=\"actions\"><button type=\"submit\" class=\"primary\">%s</button></div></form>\n", _("Import"));
	page_end(rq, rs, status);
}

void h_import_form(struct web_req *rq, struct web_resp *rs)
{
	if (!access_may(&rq->who, ACCESS_IMPORT)) {
		web_error(rq, rs, 403, "forbidden", _("you may not import cases"));
		return;
	}
	import_page(rq, rs, NULL, NULL, false, 200);
}

static const struct web_upload *upload(const struct web_req *rq, const char *field)
{
	for (size_t i = 0; i < rq->nuploads; i++)
		if (!strcmp(rq->uploads[i].field, field) && (rq->uploads[i].data.len || rq->uploads[i].filename[0]))
			return &rq->uploads[i];
	return NULL;
}

/* The reach check the importer does not make: every case row's agency must be one the principal
 * may create cases of, and a case replaced or given persons must be one it may edit. Problems
 * go to res in the importer's FILE:LINE: COLUMN: reason form. */
static int check_reach(struct web_req *rq, const struct web_upload *file, const char *name, const char *ref_col,
	const char *agency_col, struct import_result *res)
{
	struct csv_reader *r = NULL;
	struct strvec fields = STRVEC_INIT, head = STRVEC_INIT;
	struct mapo_error err;
	size_t line;
	int rc = csv_reader_open_mem(&r, name, buf_str(&file->data), file->data.len, &err);
	if (rc)
		return 0; /* the importer reports unreadable files itself */
	long ref_i = -1, agency_i = -1;
	if (csv_reader_next(r, &head, &line, &err) == 1) {
		for (size_t i = 0; i < head.n; i++) {
			if (!strcmp(head.v[i], ref_col))
				ref_i = (long)i;
			if (agency_col && !strcmp(head.v[i], agency_col))
				agency_i = (long)i;
		}
	}
	while (ref_i >= 0 && csv_reader_next(r, &fields, &line, &err) == 1) {
		if (agency_i >= 0 && (size_t)agency_i < fields.n && !access_may_create_case(&rq->who, fields.v[agency_i]))
			strvec_pushf(&res->problems, "%s:%zu: agency: %s", name, line,
				_("you may not import cases of this agency"));
		if ((size_t)ref_i >= fields.n)
			continue;
		struct mapo_case c;
		struct case_facts facts;
		struct buf fbuf = BUF_INIT;
		case_init(&c);
		if (!store_case_get(rq->db, fields.v[ref_i], &c, NULL) &&
			!access_case_facts(rq->db, c.ref, &facts, &fbuf, NULL) &&
			!access_may_case(&rq->who, CASE_EDIT_PERSONS, &c, &facts))
			strvec_pushf(&res->problems, "%s:%zu: %s: %s", name, line, ref_col, _("you may not change this case"));
		buf_release(&fbuf);
		case_release(&c);
	}
	strvec_release(&fields);
	strvec_release(&head);
	csv_reader_free(r);
	return (int)res->problems.n;
}

void h_import(struct web_req *rq, struct web_resp *rs)
{
	struct import_result res;
	struct mapo_error err;
	struct csv_reader *cr = NULL, *pr = NULL;
	mapo_error_clear(&err);
	import_result_init(&res);
	if (!access_may(&rq->who, ACCESS_IMPORT)) {
		web_error(rq, rs, 403, "forbidden", _("you may not import cases"));
		goto out;
	}
	const struct web_upload *cases = upload(rq, "cases"), *persons = upload(rq, "persons");
	if (!cases) {
		import_page(rq, rs, NULL, _("choose the cases file"), false, 422);
		goto out;
	}
	if (rq->who.role != ROLE_ADMIN) {
		check_reach(rq, cases, "cases.csv", "case_ref", "agency", &res);
		if (persons)
			check_reach(rq, persons, "persons.csv", "case_ref", NULL, &res);
		if (res.problems.n) {
			char msg[256];
			snprintf(msg, sizeof(msg), Q_("%zu problem", "%zu problems", res.problems.n), res.problems.n);
			import_page(rq, rs, &res, msg, false, 403);
			goto out;
		}
	}
	int rc = csv_reader_open_mem(&cr, "cases.csv", buf_str(&cases->data), cases->data.len, &err);
	if (!rc && persons)
		rc = csv_reader_open_mem(&pr, "persons.csv", buf_str(&persons->data), persons->data.len, &err);
	struct import_opts opts = {0};
	opts.update = web_form(rq, "update") != NULL;
	if (!rc) {
		/* one transaction holds the rows and the audit entry */
		rc = store_begin(rq->db, &err);
		if (!rc)
			rc = import_readers(rq->db, rq->rd, cr, pr, &opts, &res, &err);
		if (!rc) {
			char detail[160];
			snprintf(detail, sizeof(detail), "cases added %zu, replaced %zu, person rows %zu", res.cases_inserted,
				res.cases_updated, res.persons);
			rc = audit_append(rq->db, &rq->who, "import", "case", "", detail, NULL, &err);
		}
		if (!rc)
			rc = store_commit(rq->db, &err);
		else
			store_rollback(rq->db);
	}
	if (rc == MAPO_EINVAL || rc == MAPO_ETOOBIG || rc == MAPO_EIO)
		import_page(rq, rs, &res, err.msg, false, 422);
	else if (rc)
		web_error_from(rq, rs, rc, &err);
	else
		import_page(rq, rs, &res, NULL, true, 200);
out:
	csv_reader_free(cr);
	csv_reader_free(pr);
	import_result_release(&res);
}
