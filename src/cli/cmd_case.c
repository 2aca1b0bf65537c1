/* mapo case add|show|edit|list|delete */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "io/csv.h"
#include "io/export.h"

static const char *const usage_case = N_("mapo case add|show|edit|list|delete ...");
static const char *const usage_add =
	N_("mapo case add --kind TIP|SOM --agency CODE --action-date DATE --state CODE [OPTIONS]");
static const char *const usage_show = N_("mapo case show REF [--format table|json]");
static const char *const usage_edit = N_("mapo case edit REF --version N [OPTIONS]");
static const char *const usage_list =
	N_("mapo case list [--kind K] [--agency A] [--state S] [--status S] [--form F] [--from DATE]\n"
	   "                      [--to DATE] [--search TEXT] [--format table|csv|json] [--limit N] [--offset N]");
static const char *const usage_delete = N_("mapo case delete REF [--version N]");

/* The columns of cases.csv, in the import format's order. */
static const char *const case_columns[] = {"case_ref", "kind", "agency", "action_date", "state",
	"offences", "forms", "status", "related_case_ref", "summary"};
#define NCASE_COLUMNS (sizeof(case_columns) / sizeof(case_columns[0]))

/* The fields of add and edit, as given on the command line (NULL: not given). */
struct case_args {
	const char *ref, *kind, *agency, *action_date, *state, *status, *related, *summary;
	struct strvec offences, forms;
	bool offences_set, forms_set;
	long long version;
	bool version_set;
};

enum {
	OPT_KIND = 256, OPT_AGENCY, OPT_ACTION_DATE, OPT_STATE, OPT_OFFENCE, OPT_FORM, OPT_STATUS,
	OPT_RELATED, OPT_SUMMARY, OPT_REF, OPT_VERSION, OPT_FORMAT, OPT_FROM, OPT_TO, OPT_SEARCH,
	OPT_LIMIT, OPT_OFFSET, OPT_SORT, OPT_HELP
};

static const struct option case_field_opts[] = {
	{"kind", required_argument, NULL, OPT_KIND},
	{"agency", required_argument, NULL, OPT_AGENCY},
	{"action-date", required_argument, NULL, OPT_ACTION_DATE},
	{"state", required_argument, NULL, OPT_STATE},
	{"offence", required_argument, NULL, OPT_OFFENCE},
	{"offences", required_argument, NULL, OPT_OFFENCE},
	{"form", required_argument, NULL, OPT_FORM},
	{"forms", required_argument, NULL, OPT_FORM},
	{"status", required_argument, NULL, OPT_STATUS},
	{"related", required_argument, NULL, OPT_RELATED},
	{"summary", required_argument, NULL, OPT_SUMMARY},
	{"ref", required_argument, NULL, OPT_REF},
	{"version", required_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void case_args_init(struct case_args *a)
{
	memset(a, 0, sizeof(*a));
	strvec_init(&a->offences);
	strvec_init(&a->forms);
}

static void case_args_release(struct case_args *a)
{
	strvec_release(&a->offences);
	strvec_release(&a->forms);
}

/* Reads the options of add or edit into a; the remaining arguments are left at optind.
 * Returns 0, CLI_EUSAGE (printed), or -1 after printing --help. */
static int parse_case_args(int argc, char **argv, const char *usage, struct case_args *a)
{
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", case_field_opts, NULL)) != -1) {
		switch (c) {
		case OPT_KIND: a->kind = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_ACTION_DATE: a->action_date = optarg; break;
		case OPT_STATE: a->state = optarg; break;
		case OPT_OFFENCE:
			strvec_split(&a->offences, optarg, ';');
			a->offences_set = true;
			break;
		case OPT_FORM:
			strvec_split(&a->forms, optarg, ';');
			a->forms_set = true;
			break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_RELATED: a->related = optarg; break;
		case OPT_SUMMARY: a->summary = optarg; break;
		case OPT_REF: a->ref = optarg; break;
		case OPT_VERSION:
			if (cli_parse_count(usage, "--version", optarg, 1, INT64_MAX, &a->version))
				return CLI_EUSAGE;
			a->version_set = true;
			break;
		case 'h':
		case OPT_HELP:
			cli_help("case");
			return -1;
		default:
			return cli_option_error(usage, c, argv);
		}
	}
	return 0;
}

/* Applies the given fields to c. Returns 0, CLI_EUSER or CLI_EUSAGE (printed). */
static int apply_case_args(const struct case_args *a, struct mapo_case *c, const char *usage)
{
	if (a->kind) {
		c->kind = case_kind_parse(a->kind);
		if (c->kind == KIND_NONE)
			return cli_usage_error(usage, _("option '%s': unknown kind '%s' (use TIP or SOM)"), "--kind",
				a->kind);
	}
	if (a->status) {
		c->status = case_status_parse(a->status);
		if (c->status == STATUS_NONE)
			return cli_usage_error(usage,
				_("option '%s': unknown status '%s' (use investigation, charged, convicted, acquitted or closed)"),
				"--status", a->status);
	}
	if (a->action_date && cli_parse_date(usage, "--action-date", a->action_date, &c->action_date))
		return CLI_EUSAGE;
	if (a->agency && cli_set_field(c->agency, sizeof(c->agency), a->agency, "--agency"))
		return CLI_EUSER;
	if (a->state && cli_set_field(c->state, sizeof(c->state), a->state, "--state"))
		return CLI_EUSER;
	if (a->related && cli_set_field(c->related_ref, sizeof(c->related_ref), a->related, "--related"))
		return CLI_EUSER;
	if (a->ref && cli_set_field(c->ref, sizeof(c->ref), a->ref, "--ref"))
		return CLI_EUSER;
	/* Given lists replace the stored ones. */
	if (a->offences_set) {
		strvec_clear(&c->offences);
		strvec_copy(&c->offences, &a->offences);
	}
	if (a->forms_set) {
		strvec_clear(&c->forms);
		strvec_copy(&c->forms, &a->forms);
	}
	if (a->summary) {
		if (strlen(a->summary) > SUMMARY_MAX)
			return cli_error(_("option '%s': the text is longer than %d bytes"), "--summary", SUMMARY_MAX);
		case_set_summary(c, a->summary);
	}
	return 0;
}

/* Checks c against the rules, the reference data and the store (the related case must exist);
 * prints every problem. Returns 0 or CLI_EUSER. */
static int check_case(struct cli *cli, const struct mapo_case *c)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	case_validate(c, &cli->rd, &errs);
	if (c->related_ref[0] && strcmp(c->related_ref, c->ref)) {
		struct mapo_case rel;
		struct mapo_error err;
		case_init(&rel);
		mapo_error_clear(&err);
		int rc = store_case_get(cli->st, c->related_ref, &rel, &err);
		if (rc == MAPO_ENOTFOUND)
			field_errors_add(&errs, "related_case_ref", _("no case '%s'"), c->related_ref);
		else if (rc)
			field_errors_add(&errs, "related_case_ref", "%s", err.msg);
		case_release(&rel);
	}
	int rc = cli_field_errors(&errs);
	field_errors_release(&errs);
	return rc;
}

static int case_add(struct cli *cli, int argc, char **argv)
{
	struct case_args a;
	struct mapo_case c;
	struct mapo_error err;
	int rc;

	case_args_init(&a);
	case_init(&c);
	mapo_error_clear(&err);
	rc = parse_case_args(argc, argv, usage_add, &a);
	if (rc)
		goto out;
	if (optind < argc) {
		rc = cli_usage_error(usage_add, _("unexpected argument '%s'"), argv[optind]);
		goto out;
	}
	if (a.version_set) {
		rc = cli_usage_error(usage_add, _("option '%s' is for edit and delete"), "--version");
		goto out;
	}
	const char *missing = !a.kind ? "--kind" : !a.agency ? "--agency" : !a.action_date ? "--action-date"
		: !a.state ? "--state" : NULL;
	if (missing) {
		rc = cli_usage_error(usage_add, _("option '%s' is required"), missing);
		goto out;
	}
	c.status = STATUS_INVESTIGATION;
	rc = apply_case_args(&a, &c, usage_add);
	if (rc)
		goto out;
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)))
		goto out;

	/* The sequence is allocated and the case inserted in one transaction; should another
	 * process take the same number first, the insert fails and the next number is tried. */
	for (int attempt = 0;; attempt++) {
		mapo_error_clear(&err);
		if (store_begin(cli->st, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		if (!a.ref) {
			long seq;
			int year = date_year(c.action_date);
			if (store_case_next_seq(cli->st, c.agency, year, &seq, &err)) {
				store_rollback(cli->st);
				rc = cli_error_from(&err);
				goto out;
			}
			if (seq > 999999) {
				store_rollback(cli->st);
				rc = cli_error(_("agency '%s' has no free case number left in %d"), c.agency, year);
				goto out;
			}
			case_format_ref(c.ref, c.agency, year, seq);
		}
		rc = check_case(cli, &c);
		if (rc) {
			store_rollback(cli->st);
			goto out;
		}
		int src = store_case_insert(cli->st, &c, &err);
		if (src == 0) {
			char detail[64];
			snprintf(detail, sizeof(detail), "status: %s", case_status_code(c.status));
			src = audit_append(cli->st, NULL, "case-create", "case", c.ref, detail, NULL, &err);
		}
		if (src == 0)
			src = store_commit(cli->st, &err);
		else
			store_rollback(cli->st);
		if (src == MAPO_EEXIST && !a.ref && attempt < 5)
			continue;
		if (src == MAPO_EEXIST && !err.msg[0])
			rc = cli_error(_("case '%s' exists already"), c.ref);
		else if (src)
			rc = cli_error_from(&err);
		else
			printf("%s\n", c.ref);
		break;
	}
out:
	case_release(&c);
	case_args_release(&a);
	return rc < 0 ? CLI_OK : rc;
}

static int case_edit(struct cli *cli, int argc, char **argv)
{
	struct case_args a;
	struct mapo_case c;
	struct mapo_error err;
	int rc;

	case_args_init(&a);
	case_init(&c);
	mapo_error_clear(&err);
	rc = parse_case_args(argc, argv, usage_edit, &a);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage_error(usage_edit, _("missing the case reference"));
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage_error(usage_edit, _("unexpected argument '%s'"), argv[optind + 1]);
		goto out;
	}
	if (a.ref) {
		rc = cli_usage_error(usage_edit, _("a case's reference cannot be changed"));
		goto out;
	}
	if (!a.version_set) {
		rc = cli_usage_error(usage_edit, _("option '%s' is required (see 'mapo case show')"), "--version");
		goto out;
	}
	const char *ref = argv[optind];
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)) || (rc = cli_load_case(cli, ref, &c)))
		goto out;
	if (c.version != a.version) {
		rc = cli_error(_("case '%s' has changed since version %lld (it is at version %lld); "
				 "show it again and repeat the edit"),
			c.ref, a.version, (long long)c.version);
		goto out;
	}
	rc = apply_case_args(&a, &c, usage_edit);
	if (rc)
		goto out;
	rc = check_case(cli, &c);
	if (rc)
		goto out;
	/* the change and its audit entry (which fields changed) in one transaction */
	struct mapo_case before;
	struct buf detail = BUF_INIT;
	case_init(&before);
	int src = store_begin(cli->st, &err);
	if (!src)
		src = store_case_get(cli->st, c.ref, &before, &err);
	if (!src) {
		audit_case_changes(&before, &c, &detail);
		src = store_case_update(cli->st, &c, &err);
	}
	if (!src)
		src = audit_append(cli->st, NULL, "case-update", "case", c.ref, buf_str(&detail), NULL, &err);
	if (!src)
		src = store_commit(cli->st, &err);
	else
		store_rollback(cli->st);
	case_release(&before);
	buf_release(&detail);
	if (src == MAPO_ECONFLICT)
		rc = cli_error(_("case '%s' has changed since version %lld; show it again and repeat the edit"),
			ref, a.version);
	else if (src)
		rc = cli_error_from(&err);
	else
		printf(_("%s: version %lld\n"), c.ref, (long long)c.version);
out:
	case_release(&c);
	case_args_release(&a);
	return rc < 0 ? CLI_OK : rc;
}

static int case_delete(struct cli *cli, int argc, char **argv)
{
	struct case_args a;
	struct mapo_error err;
	int rc;

	case_args_init(&a);
	mapo_error_clear(&err);
	rc = parse_case_args(argc, argv, usage_delete, &a);
	if (rc)
		goto out;
	if (a.kind || a.agency || a.action_date || a.state || a.status || a.related || a.summary || a.ref ||
		a.offences_set || a.forms_set) {
		rc = cli_usage_error(usage_delete, _("delete takes only a reference and --version"));
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error(usage_delete, _("missing the case reference"));
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage_error(usage_delete, _("unexpected argument '%s'"), argv[optind + 1]);
		goto out;
	}
	const char *ref = argv[optind];
	if ((rc = cli_open(cli, false)))
		goto out;
	int src = store_begin(cli->st, &err);
	if (!src)
		src = store_case_delete(cli->st, ref, a.version_set ? a.version : 0, &err);
	if (!src)
		src = audit_append(cli->st, NULL, "case-delete", "case", ref, "", NULL, &err);
	if (!src)
		src = store_commit(cli->st, &err);
	else
		store_rollback(cli->st);
	if (src == MAPO_ENOTFOUND)
		rc = cli_error(_("no case '%s'"), ref);
	else if (src == MAPO_ECONFLICT)
		rc = cli_error(_("case '%s' has changed since version %lld; show it again before deleting it"),
			ref, a.version);
	else if (src)
		rc = cli_error_from(&err);
	else
		printf(_("deleted %s\n"), ref);
out:
	case_args_release(&a);
	return rc < 0 ? CLI_OK : rc;
}

/* Output of cases. */

/* Appends c as a row of cases.csv, exactly as export writes it. */
static int case_csv_row(struct buf *out, const struct mapo_case *c)
{
	char date[DATE_STRLEN];
	struct buf offences = BUF_INIT, forms = BUF_INIT;
	date_format(c->action_date, date);
	int rc = export_join_offences(&offences, &c->offences);
	if (!rc)
		rc = export_join_forms(&forms, &c->forms);
	const char *row[NCASE_COLUMNS] = {c->ref, case_kind_code(c->kind), c->agency, date, c->state,
		buf_str(&offences), buf_str(&forms), case_status_code(c->status), c->related_ref,
		c->summary ? c->summary : ""};
	if (!rc)
		rc = csv_write_row(out, row, NCASE_COLUMNS);
	buf_release(&offences);
	buf_release(&forms);
	return rc;
}

struct person_collect {
	json_t *arr;
	struct table *table;
	struct cli *cli;
};

static int collect_person(const struct case_person *p, void *arg)
{
	struct person_collect *pc = arg;
	if (pc->arr)
		json_array_append_new(pc->arr, case_person_to_json(p));
	if (pc->table)
		cli_person_table_row(pc->table, p, &pc->cli->rd, false);
	return 0;
}

/* Appends the "person-view" audit entry of a listing of n persons of case ref on the command line. */
static int audit_person_view(struct cli *cli, const char *ref, size_t n, struct mapo_error *err)
{
	char detail[64];
	snprintf(detail, sizeof(detail), "%zu %s", n, n == 1 ? "person" : "persons");
	return audit_append(cli->st, NULL, "person-view", "case", ref, detail, NULL, err);
}

static int case_show(struct cli *cli, int argc, char **argv)
{
	enum cli_format format = FORMAT_TABLE;
	struct mapo_case c;
	struct mapo_error err;

	mapo_error_clear(&err);
	int rc = cli_parse_plain(argc, argv, usage_show, "case", 1u << FORMAT_TABLE | 1u << FORMAT_JSON, &format);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (optind >= argc)
		return cli_usage_error(usage_show, _("missing the case reference"));
	if (optind + 1 < argc)
		return cli_usage_error(usage_show, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *ref = argv[optind];
	case_init(&c);
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)) || (rc = cli_load_case(cli, ref, &c)))
		goto out;

	if (format == FORMAT_JSON) {
		json_t *o = case_to_json(&c);
		struct person_collect pc = {json_array(), NULL, cli};
		json_object_set_new(o, "persons", pc.arr);
		if (store_person_list(cli->st, c.ref, collect_person, &pc, &err) ||
			(json_array_size(pc.arr) && audit_person_view(cli, c.ref, json_array_size(pc.arr), &err)))
			rc = cli_error_from(&err);
		else
			rc = cli_print_json(o);
		json_decref(o);
		goto out;
	}

	enum mapo_lang lang = i18n_lang();
	char date[DATE_STRLEN], version[24];
	date_format(c.action_date, date);
	snprintf(version, sizeof(version), "%lld", (long long)c.version);
	char *offences = strvec_join(&c.offences, "; ");
	char *forms = strvec_join(&c.forms, "; ");
	char *kind = xasprintf("%s (%s)", case_kind_code(c.kind), case_kind_name(c.kind, lang));
	char *agency = xasprintf("%s (%s)", c.agency, refdata_name(&cli->rd, REF_AGENCY, c.agency, lang));
	char *state = xasprintf("%s (%s)", c.state, refdata_name(&cli->rd, REF_STATE, c.state, lang));
	const char *fields[][2] = {
		{_("Reference"), c.ref},
		{_("Kind"), kind},
		{_("Agency"), agency},
		{_("Action date"), date},
		{_("State"), state},
		{_("Offences"), offences},
		{_("Forms"), forms},
		{_("Status"), case_status_name(c.status, lang)},
		{_("Related case"), c.related_ref},
		{_("Summary"), c.summary},
		{_("Version"), version},
	};
	size_t nfields = sizeof(fields) / sizeof(fields[0]), width = 0;
	for (size_t i = 0; i < nfields; i++)
		if (text_width(fields[i][0]) > width)
			width = text_width(fields[i][0]);
	for (size_t i = 0; i < nfields; i++)
		printf("%s:%*s %s\n", fields[i][0], (int)(width - text_width(fields[i][0])), "", fields[i][1]);
	free(offences);
	free(forms);
	free(kind);
	free(agency);
	free(state);

	struct table pt;
	struct buf text = BUF_INIT;
	cli_person_table_init(&pt, false);
	struct person_collect pc = {NULL, &pt, cli};
	if (store_person_list(cli->st, c.ref, collect_person, &pc, &err) ||
		(pt.nrows && audit_person_view(cli, c.ref, pt.nrows, &err))) {
		rc = cli_error_from(&err);
	} else {
		printf("\n%s:\n", _("Persons"));
		if (pt.nrows)
			rc = cli_print_buf(&text, table_write_text(&text, &pt));
		else
			printf("%s\n", _("(none)"));
	}
	buf_release(&text);
	table_release(&pt);
out:
	case_release(&c);
	return rc;
}

struct list_state {
	enum cli_format format;
	struct cli *cli;
	struct table table;
	json_t *arr;
	struct buf csv;
};

static int list_one(const struct mapo_case *c, void *arg)
{
	struct list_state *ls = arg;
	enum mapo_lang lang = i18n_lang();
	switch (ls->format) {
	case FORMAT_JSON:
		json_array_append_new(ls->arr, case_to_json(c));
		break;
	case FORMAT_CSV:
		if (case_csv_row(&ls->csv, c))
			return MAPO_ETOOBIG;
		/* Stream: a long list never sits in memory as text. */
		fwrite(ls->csv.data, 1, ls->csv.len, stdout);
		buf_reset(&ls->csv);
		break;
	case FORMAT_TABLE: {
		char date[DATE_STRLEN];
		date_format(c->action_date, date);
		char *offences = strvec_join(&c->offences, ";");
		char *forms = strvec_join(&c->forms, ";");
		const char *row[] = {c->ref, case_kind_code(c->kind), c->agency, date, c->state,
			case_status_name(c->status, lang), offences, forms};
		table_add_row(&ls->table, row);
		free(offences);
		free(forms);
		break;
	}
	}
	return 0;
}

/* Fills the filter options shared by `case list` and `stats`. Returns 1 when c was one of them,
 * 0 when not, CLI_EUSAGE (negated: -CLI_EUSAGE) on a bad value. */
int cli_filter_option(int c, const char *arg, const char *usage, struct case_filter *f)
{
	switch (c) {
	case CLI_OPT_KIND:
		f->kind = case_kind_parse(arg);
		if (f->kind == KIND_NONE) {
			cli_usage_error(usage, _("option '%s': unknown kind '%s' (use TIP or SOM)"), "--kind", arg);
			return -CLI_EUSAGE;
		}
		return 1;
	case CLI_OPT_AGENCY: f->agency = arg; return 1;
	case CLI_OPT_STATE: f->state = arg; return 1;
	case CLI_OPT_FORM: f->form = arg; return 1;
	case CLI_OPT_STATUS:
		f->status = case_status_parse(arg);
		if (f->status == STATUS_NONE) {
			cli_usage_error(usage,
				_("option '%s': unknown status '%s' (use investigation, charged, convicted, acquitted or closed)"),
				"--status", arg);
			return -CLI_EUSAGE;
		}
		return 1;
	default:
		return 0;
	}
}

static int case_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"kind", required_argument, NULL, CLI_OPT_KIND},
		{"agency", required_argument, NULL, CLI_OPT_AGENCY},
		{"state", required_argument, NULL, CLI_OPT_STATE},
		{"status", required_argument, NULL, CLI_OPT_STATUS},
		{"form", required_argument, NULL, CLI_OPT_FORM},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"search", required_argument, NULL, OPT_SEARCH},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"sort", required_argument, NULL, OPT_SORT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct case_filter f;
	struct list_state ls;
	struct mapo_error err;
	int c, rc;

	case_filter_init(&f);
	memset(&ls, 0, sizeof(ls));
	ls.cli = cli;
	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		int fr = cli_filter_option(c, optarg, usage_list, &f);
		if (fr < 0)
			return -fr;
		if (fr)
			continue;
		switch (c) {
		case OPT_FROM:
			if (cli_parse_date(usage_list, "--from", optarg, &f.from))
				return CLI_EUSAGE;
			break;
		case OPT_TO:
			if (cli_parse_date(usage_list, "--to", optarg, &f.to))
				return CLI_EUSAGE;
			break;
		case OPT_SEARCH: f.text = optarg; break;
		case OPT_FORMAT:
			if (cli_parse_format(usage_list, optarg, 7, &ls.format))
				return CLI_EUSAGE;
			break;
		case OPT_LIMIT:
			if (cli_parse_count(usage_list, "--limit", optarg, 1, INT64_MAX, &f.limit))
				return CLI_EUSAGE;
			break;
		case OPT_OFFSET:
			if (cli_parse_count(usage_list, "--offset", optarg, 0, INT64_MAX, &f.offset))
				return CLI_EUSAGE;
			break;
		case OPT_SORT:
			if (!strcmp(optarg, "ref"))
				f.sort = SORT_REF;
			else if (!strcmp(optarg, "date"))
				f.sort = SORT_ACTION_DATE;
			else if (!strcmp(optarg, "-date"))
				f.sort = SORT_ACTION_DATE_DESC;
			else if (!strcmp(optarg, "agency"))
				f.sort = SORT_AGENCY;
			else if (!strcmp(optarg, "status"))
				f.sort = SORT_STATUS;
			else
				return cli_usage_error(usage_list,
					_("option '%s': unknown order '%s' (use ref, date, -date, agency or status)"),
					"--sort", optarg);
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("case");
		default:
			return cli_option_error(usage_list, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_list, _("unexpected argument '%s'"), argv[optind]);
	if (f.from != DATE_NONE && f.to != DATE_NONE && f.from > f.to)
		return cli_usage_error(usage_list, _("--from is after --to"));
	if ((rc = cli_open(cli, false)) || (rc = cli_check_filter(cli, &f)))
		return rc;

	const char *head[] = {_("REFERENCE"), _("KIND"), _("AGENCY"), _("ACTION DATE"), _("STATE"),
		_("STATUS"), _("OFFENCES"), _("FORMS")};
	table_init(&ls.table, head, sizeof(head) / sizeof(head[0]));
	buf_init(&ls.csv, CSV_FIELD_MAX * NCASE_COLUMNS * 2);
	if (ls.format == FORMAT_CSV) {
		csv_write_row(&ls.csv, case_columns, NCASE_COLUMNS);
		fwrite(ls.csv.data, 1, ls.csv.len, stdout);
		buf_reset(&ls.csv);
	} else if (ls.format == FORMAT_JSON) {
		ls.arr = json_array();
	}
	int src = store_case_list(cli->st, &f, list_one, &ls, &err);
	if (src == MAPO_ETOOBIG)
		rc = cli_error("%s", _("a case is too large to write as CSV"));
	else if (src)
		rc = cli_error_from(&err);
	else if (ls.format == FORMAT_JSON)
		rc = cli_print_json(ls.arr);
	else if (ls.format == FORMAT_TABLE) {
		buf_release(&ls.csv);
		buf_init(&ls.csv, 0);
		rc = cli_print_buf(&ls.csv, table_write_text(&ls.csv, &ls.table));
	}
	json_decref(ls.arr);
	table_release(&ls.table);
	buf_release(&ls.csv);
	return rc;
}

int cmd_case(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", case_add}, {"show", case_show}, {"edit", case_edit}, {"list", case_list},
		{"delete", case_delete},
	};
	return cli_run_sub(cli, argc, argv, subs, sizeof(subs) / sizeof(subs[0]), "case", usage_case,
		_("missing the subcommand (add, show, edit, list or delete)"), _("unknown subcommand '%s'"));
}
