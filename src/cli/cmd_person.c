/* mapo person add|list|remove: a person's role in a case, with the columns of persons.csv. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "io/csv.h"

static const char *const usage_person = N_("mapo person add|list|remove ...");
static const char *const usage_add =
	N_("mapo person add --case REF --person REF --role ROLE [--sex F|M|U] [--birth-date DATE]\n"
	   "                        [--age N] [--nationality CODE] [--arrest-date DATE] [--suspect-role ROLE]\n"
	   "                        [--trafficking-status STATUS] [--rescue-date DATE]");
static const char *const usage_list = N_("mapo person list [CASE-REF] [--format table|csv|json]");
static const char *const usage_remove = N_("mapo person remove --case REF --person REF --role ROLE");

static const char *const person_columns[] = {"case_ref", "person_ref", "role", "sex", "birth_date",
	"age", "nationality", "arrest_date", "suspect_role", "trafficking_status", "rescue_date"};
#define NPERSON_COLUMNS (sizeof(person_columns) / sizeof(person_columns[0]))

enum {
	OPT_CASE = 256, OPT_PERSON, OPT_ROLE, OPT_SEX, OPT_BIRTH_DATE, OPT_AGE, OPT_NATIONALITY,
	OPT_ARREST_DATE, OPT_SUSPECT_ROLE, OPT_TSTATUS, OPT_RESCUE_DATE, OPT_HELP
};


void cli_person_table_init(struct table *t, bool with_case)
{
	const char *head[] = {_("CASE"), _("PERSON"), _("ROLE"), _("SEX"), _("AGE OR BORN"), _("NATIONALITY"),
		_("ARRESTED"), _("SUSPECT ROLE"), _("VICTIM STATUS"), _("RESCUED")};
	size_t skip = with_case ? 0 : 1;
	table_init(t, head + skip, sizeof(head) / sizeof(head[0]) - skip);
	table_set_align(t, 4 - skip, TABLE_RIGHT);
}

void cli_person_table_row(struct table *t, const struct case_person *p, const struct refdata *rd,
	bool with_case)
{
	enum mapo_lang lang = i18n_lang();
	char birth[DATE_STRLEN], arrest[DATE_STRLEN], rescue[DATE_STRLEN], age[16], sex[2] = {p->sex, '\0'};
	date_format(p->birth_date, birth);
	date_format(p->arrest_date, arrest);
	date_format(p->rescue_date, rescue);
	if (p->age >= 0)
		snprintf(age, sizeof(age), "%d", p->age);
	else if (p->birth_date != DATE_NONE)
		snprintf(age, sizeof(age), "%s", birth);
	else
		age[0] = '\0';
	const char *row[] = {p->case_ref, p->person_ref, person_role_name(p->role, lang), sex, age,
		p->nationality[0] ? refdata_name(rd, REF_COUNTRY, p->nationality, lang) : "", arrest,
		p->suspect_role != SROLE_NONE ? suspect_role_name(p->suspect_role, lang) : "",
		p->trafficking_status != TSTATUS_NONE ? trafficking_status_name(p->trafficking_status, lang) : "",
		rescue};
	table_add_row(t, with_case ? row : row + 1);
}

static int person_csv_row(struct buf *out, const struct case_person *p)
{
	char birth[DATE_STRLEN], arrest[DATE_STRLEN], rescue[DATE_STRLEN], age[16];
	char sex[2] = {p->sex ? p->sex : 'U', '\0'};
	date_format(p->birth_date, birth);
	date_format(p->arrest_date, arrest);
	date_format(p->rescue_date, rescue);
	if (p->age >= 0)
		snprintf(age, sizeof(age), "%d", p->age);
	else
		age[0] = '\0';
	const char *row[NPERSON_COLUMNS] = {p->case_ref, p->person_ref, person_role_code(p->role), sex,
		birth, age, p->nationality, arrest,
		p->suspect_role != SROLE_NONE ? suspect_role_code(p->suspect_role) : "",
		p->trafficking_status != TSTATUS_NONE ? trafficking_status_code(p->trafficking_status) : "",
		rescue};
	return csv_write_row(out, row, NPERSON_COLUMNS);
}

static int parse_role(const char *usage, const char *s, enum person_role *out)
{
	*out = person_role_parse(s);
	if (*out == PROLE_NONE)
		return cli_usage_error(usage,
			_("option '%s': unknown role '%s' (use suspect, victim or smuggled-migrant)"), "--role", s);
	return 0;
}

static int person_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"case", required_argument, NULL, OPT_CASE},
		{"person", required_argument, NULL, OPT_PERSON},
		{"role", required_argument, NULL, OPT_ROLE},
		{"sex", required_argument, NULL, OPT_SEX},
		{"birth-date", required_argument, NULL, OPT_BIRTH_DATE},
		{"age", required_argument, NULL, OPT_AGE},
		{"nationality", required_argument, NULL, OPT_NATIONALITY},
		{"arrest-date", required_argument, NULL, OPT_ARREST_DATE},
		{"suspect-role", required_argument, NULL, OPT_SUSPECT_ROLE},
		{"trafficking-status", required_argument, NULL, OPT_TSTATUS},
		{"rescue-date", required_argument, NULL, OPT_RESCUE_DATE},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct case_person p;
	struct mapo_case c;
	struct mapo_error err;
	struct field_errors errs = FIELD_ERRORS_INIT;
	bool have_case = false, have_person = false, have_role = false;
	long long age;
	int ch, rc = 0;

	case_person_init(&p);
	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_CASE:
			if (cli_set_field(p.case_ref, sizeof(p.case_ref), optarg, "--case"))
				return CLI_EUSER;
			have_case = true;
			break;
		case OPT_PERSON:
			if (cli_set_field(p.person_ref, sizeof(p.person_ref), optarg, "--person"))
				return CLI_EUSER;
			have_person = true;
			break;
		case OPT_ROLE:
			if (parse_role(usage_add, optarg, &p.role))
				return CLI_EUSAGE;
			have_role = true;
			break;
		case OPT_SEX:
			if (strlen(optarg) != 1 || !strchr("FMU", optarg[0]))
				return cli_usage_error(usage_add, _("option '%s': unknown sex '%s' (use F, M or U)"),
					"--sex", optarg);
			p.sex = optarg[0];
			break;
		case OPT_BIRTH_DATE:
			if (cli_parse_date(usage_add, "--birth-date", optarg, &p.birth_date))
				return CLI_EUSAGE;
			break;
		case OPT_AGE:
			if (cli_parse_count(usage_add, "--age", optarg, 0, 150, &age))
				return CLI_EUSAGE;
			p.age = (int)age;
			break;
		case OPT_NATIONALITY:
			if (cli_set_field(p.nationality, sizeof(p.nationality), optarg, "--nationality"))
				return CLI_EUSER;
			break;
		case OPT_ARREST_DATE:
			if (cli_parse_date(usage_add, "--arrest-date", optarg, &p.arrest_date))
				return CLI_EUSAGE;
			break;
		case OPT_SUSPECT_ROLE:
			p.suspect_role = suspect_role_parse(optarg);
			if (p.suspect_role == SROLE_NONE)
				return cli_usage_error(usage_add,
					_("option '%s': unknown suspect role '%s' (use recruiter, transporter, harbourer, "
					  "exploiter, financier or other)"),
					"--suspect-role", optarg);
			break;
		case OPT_TSTATUS:
			p.trafficking_status = trafficking_status_parse(optarg);
			if (p.trafficking_status == TSTATUS_NONE)
				return cli_usage_error(usage_add,
					_("option '%s': unknown status '%s' (use possible, actual or not-a-victim)"),
					"--trafficking-status", optarg);
			break;
		case OPT_RESCUE_DATE:
			if (cli_parse_date(usage_add, "--rescue-date", optarg, &p.rescue_date))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("person");
		default:
			return cli_option_error(usage_add, ch, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_add, _("unexpected argument '%s'"), argv[optind]);
	const char *missing = !have_case ? "--case" : !have_person ? "--person" : !have_role ? "--role" : NULL;
	if (missing)
		return cli_usage_error(usage_add, _("option '%s' is required"), missing);

	case_init(&c);
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)))
		goto out;
	if ((rc = cli_load_case(cli, p.case_ref, &c)))
		goto out;
	case_person_validate(&p, &c, &cli->rd, &errs);
	if ((rc = cli_field_errors(&errs)))
		goto out;
	char detail[128];
	snprintf(detail, sizeof(detail), "%s %s", p.person_ref, person_role_code(p.role));
	if (store_begin(cli->st, &err) || store_person_put(cli->st, &p, &err) ||
		audit_append(cli->st, NULL, "person-put", "case", p.case_ref, detail, NULL, &err) ||
		store_commit(cli->st, &err)) {
		store_rollback(cli->st);
		rc = cli_error_from(&err);
		goto out;
	}
	printf("%s %s %s\n", p.case_ref, p.person_ref, person_role_code(p.role));
out:
	field_errors_release(&errs);
	case_release(&c);
	return rc;
}

static int person_remove(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"case", required_argument, NULL, OPT_CASE},
		{"person", required_argument, NULL, OPT_PERSON},
		{"role", required_argument, NULL, OPT_ROLE},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *case_ref = NULL, *person_ref = NULL;
	enum person_role role = PROLE_NONE;
	struct mapo_error err;
	int ch, rc;

	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_CASE: case_ref = optarg; break;
		case OPT_PERSON: person_ref = optarg; break;
		case OPT_ROLE:
			if (parse_role(usage_remove, optarg, &role))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("person");
		default:
			return cli_option_error(usage_remove, ch, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_remove, _("unexpected argument '%s'"), argv[optind]);
	const char *missing = !case_ref ? "--case" : !person_ref ? "--person" : role == PROLE_NONE ? "--role" : NULL;
	if (missing)
		return cli_usage_error(usage_remove, _("option '%s' is required"), missing);
	if ((rc = cli_open(cli, false)))
		return rc;
	char detail[128];
	snprintf(detail, sizeof(detail), "%s %s", person_ref, person_role_code(role));
	int src = store_begin(cli->st, &err);
	if (!src)
		src = store_person_remove(cli->st, case_ref, person_ref, role, &err);
	if (!src)
		src = audit_append(cli->st, NULL, "person-remove", "case", case_ref, detail, NULL, &err);
	if (!src)
		src = store_commit(cli->st, &err);
	else
		store_rollback(cli->st);
	if (src == MAPO_ENOTFOUND)
		return cli_error(_("person '%s' has no role '%s' in case '%s'"), person_ref, person_role_code(role),
			case_ref);
	if (src)
		return cli_error_from(&err);
	return CLI_OK;
}

struct plist {
	enum cli_format format;
	struct table table;
	json_t *arr;
	struct buf csv;
	const struct refdata *rd;
};

static int plist_one(const struct case_person *p, void *arg)
{
	struct plist *pl = arg;
	switch (pl->format) {
	case FORMAT_TABLE:
		cli_person_table_row(&pl->table, p, pl->rd, true);
		break;
	case FORMAT_JSON:
		json_array_append_new(pl->arr, case_person_to_json(p));
		break;
	case FORMAT_CSV:
		if (person_csv_row(&pl->csv, p))
			return MAPO_ETOOBIG;
		fwrite(pl->csv.data, 1, pl->csv.len, stdout);
		buf_reset(&pl->csv);
		break;
	}
	return 0;
}

static int person_list(struct cli *cli, int argc, char **argv)
{
	struct plist pl;
	struct mapo_error err;

	memset(&pl, 0, sizeof(pl));
	mapo_error_clear(&err);
	int rc = cli_parse_plain(argc, argv, usage_list, "person", 7, &pl.format);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (optind + 1 < argc)
		return cli_usage_error(usage_list, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *case_ref = optind < argc ? argv[optind] : NULL;
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)))
		return rc;
	pl.rd = &cli->rd;
	if (case_ref) {
		struct mapo_case c;
		case_init(&c);
		rc = cli_load_case(cli, case_ref, &c);
		case_release(&c);
		if (rc)
			return rc;
	}

	cli_person_table_init(&pl.table, true);
	buf_init(&pl.csv, 0);
	if (pl.format == FORMAT_CSV) {
		csv_write_row(&pl.csv, person_columns, NPERSON_COLUMNS);
		fwrite(pl.csv.data, 1, pl.csv.len, stdout);
		buf_reset(&pl.csv);
	} else if (pl.format == FORMAT_JSON) {
		pl.arr = json_array();
	}
	/* the view is recorded before anything is shown (CSV rows go out as they are read) */
	int src = audit_append(cli->st, NULL, "person-view", "case", case_ref ? case_ref : "", "person list", NULL, &err);
	if (!src)
		src = store_person_list(cli->st, case_ref, plist_one, &pl, &err);
	if (src == MAPO_ETOOBIG)
		rc = cli_error("%s", _("a person is too large to write as CSV"));
	else if (src)
		rc = cli_error_from(&err);
	else if (pl.format == FORMAT_JSON)
		rc = cli_print_json(pl.arr);
	else if (pl.format == FORMAT_TABLE) {
		buf_reset(&pl.csv);
		rc = cli_print_buf(&pl.csv, table_write_text(&pl.csv, &pl.table));
	}
	json_decref(pl.arr);
	table_release(&pl.table);
	buf_release(&pl.csv);
	return rc;
}

int cmd_person(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"add", person_add}, {"list", person_list}, {"remove", person_remove}};
	return cli_run_sub(cli, argc, argv, subs, sizeof(subs) / sizeof(subs[0]), "person", usage_person,
		_("missing the subcommand (add, list or remove)"), _("unknown subcommand '%s'"));
}
