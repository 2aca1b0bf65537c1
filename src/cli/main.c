/* mapo: the global options, the table of commands and `mapo help`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"

static int cmd_help(struct cli *cli, int argc, char **argv);
static int cmd_version(struct cli *cli, int argc, char **argv);

static const struct cli_command commands[] = {
	{"init", cmd_init, N_("create or upgrade the database and load the reference data"),
		N_("usage: mapo init [--data DIR]\n"
		   "\n"
		   "Creates the database when it does not exist, applies pending schema migrations and\n"
		   "loads the reference data (agencies, states, countries, offences, forms) from the data\n"
		   "files. Running it again is safe: the reference data is replaced by the files' content.\n"
		   "\n"
		   "  --data DIR    the directory holding agencies.csv, states.csv, countries.csv,\n"
		   "                offences.csv and forms.csv (default $MAPO_DATADIR, else the built-in one)\n")},
	{"demo", cmd_demo, N_("fill the database with a synthetic demonstration data set"),
		N_("usage: mapo demo [--seed N] [--cases N] [--force]\n"
		   "\n"
		   "Initialises the database when needed, then adds a deterministic synthetic data set for\n"
		   "1 January 2015 to 30 June 2021 that reproduces the council's published figures. No real\n"
		   "person's data.\n"
		   "\n"
		   "  --seed N      the random seed (the same seed gives the same data)\n"
		   "  --cases N     scale the data set to about N cases (up to 10000000)\n"
		   "  --force       add the data even when the database already holds cases\n")},
	{"case", cmd_case, N_("add, show, edit, list and delete cases"),
		N_("usage: mapo case add --kind TIP|SOM --agency CODE --action-date DATE --state CODE\n"
		   "                     [--offence SECTION]... [--form FORM]... [--status STATUS]\n"
		   "                     [--related REF] [--summary TEXT] [--ref REF]\n"
		   "   or: mapo case show REF [--format table|json]\n"
		   "   or: mapo case edit REF --version N [--kind ...] [--agency ...] [--action-date ...]\n"
		   "                     [--state ...] [--offence ...]... [--form ...]... [--status ...]\n"
		   "                     [--related REF] [--summary TEXT]\n"
		   "   or: mapo case list [--kind K] [--agency A] [--state S] [--status S] [--form F]\n"
		   "                     [--from DATE] [--to DATE] [--search TEXT]\n"
		   "                     [--format table|csv|json] [--limit N] [--offset N]\n"
		   "   or: mapo case delete REF [--version N]\n"
		   "\n"
		   "A case is one enforcement action on trafficking in persons (TIP) or migrant smuggling\n"
		   "(SOM), never both. add prints the new case's reference, AGENCY/YEAR/NNNNNN from the\n"
		   "agency and the year of the action date unless --ref gives one.\n"
		   "\n"
		   "  --kind TIP|SOM        trafficking in persons or migrant smuggling\n"
		   "  --agency CODE         the acting agency (PDRM, JIM, KDRM, APMM, JTK)\n"
		   "  --action-date DATE    the day enforcement action was taken (YYYY-MM-DD)\n"
		   "  --state CODE          the state, MY-01 to MY-16\n"
		   "  --offence SECTION     an ATIPSOM section (12, 15A, 26A); repeat it or separate with ;\n"
		   "  --form FORM           a form of exploitation (TIP only): sexual, forced-labour,\n"
		   "                        servitude, criminal-activity, organ-removal, begging,\n"
		   "                        forced-marriage, other; repeat it or separate with ;\n"
		   "  --status STATUS       investigation (default), charged, convicted, acquitted, closed\n"
		   "  --related REF         the linked case (the SOM half of a TIP event, or the reverse);\n"
		   "                        an empty value removes the link\n"
		   "  --summary TEXT        a short description\n"
		   "  --version N           the version you last saw; an edit or delete against an older\n"
		   "                        one is refused\n"
		   "  --search TEXT         cases whose reference or summary contains TEXT\n"
		   "  --from, --to DATE     action dates in this range, both inclusive\n"
		   "  --format FORMAT       table (default), csv or json\n"
		   "  --limit N, --offset N show at most N cases, skipping the first ones\n")},
	{"person", cmd_person, N_("add persons (suspects, victims, smuggled migrants) to a case"),
		N_("usage: mapo person add --case REF --person REF --role ROLE [--sex F|M|U]\n"
		   "                       [--birth-date DATE] [--age N] [--nationality CODE]\n"
		   "                       [--arrest-date DATE] [--suspect-role ROLE]\n"
		   "                       [--trafficking-status STATUS] [--rescue-date DATE]\n"
		   "   or: mapo person list [CASE-REF] [--format table|csv|json]\n"
		   "   or: mapo person remove --case REF --person REF --role ROLE\n"
		   "\n"
		   "A person's role in a case, with the columns of persons.csv. Adding the same person\n"
		   "in the same role again replaces the role's details.\n"
		   "\n"
		   "  --case REF                  the case\n"
		   "  --person REF                the person's own reference (shared by all their roles)\n"
		   "  --role ROLE                 suspect, victim (TIP) or smuggled-migrant (SOM)\n"
		   "  --sex F|M|U                 female, male or unknown (default U)\n"
		   "  --birth-date DATE           the birth date, or\n"
		   "  --age N                     the age in years when the birth date is unknown\n"
		   "  --nationality CODE          ISO 3166-1 alpha-3 (IDN, BGD, MMR, ...)\n"
		   "  --arrest-date DATE          suspects: the day of arrest\n"
		   "  --suspect-role ROLE         suspects: recruiter, transporter, harbourer, exploiter,\n"
		   "                              financier, other\n"
		   "  --trafficking-status STATUS victims: possible, actual, not-a-victim\n"
		   "  --rescue-date DATE          victims: the day of rescue\n")},
	{"import", cmd_import, N_("import cases and persons from CSV files"),
		N_("usage: mapo import [--update] CASES.csv [PERSONS.csv]\n"
		   "\n"
		   "Reads cases.csv and persons.csv in the format of docs/import-format.md. The import is\n"
		   "atomic: when any row is bad nothing is written and every bad row is listed as\n"
		   "FILE:LINE: COLUMN: reason.\n"
		   "\n"
		   "  --update      replace cases whose reference is already in the database\n"
		   "                (otherwise such a case is an error)\n")},
	{"export", cmd_export, N_("export every case and person to CSV files"),
		N_("usage: mapo export [--format csv] DIR\n"
		   "\n"
		   "Writes DIR/cases.csv and DIR/persons.csv in the import format; importing them into an\n"
		   "empty database and exporting again gives the same bytes.\n"
		   "\n"
		   "  --format csv  the only format so far\n")},
	{"statement", cmd_statement, N_("print the council's statement sentence for a period"),
		N_("usage: mapo statement --as-of DATE [--from DATE] [--lang ms|en]\n"
		   "\n"
		   "Prints the one-sentence statement of TIP and SOM cases, arrests and forced-labour\n"
		   "cases for the period from --from (default 1 January of the as-of year) to --as-of.\n"
		   "\n"
		   "  --as-of DATE  the last day of the period\n"
		   "  --from DATE   the first day of the period\n"
		   "  --lang ms|en  the statement's language (default the message language)\n")},
	{"stats", cmd_stats, N_("tally cases, arrests and victims by dimension"),
		N_("usage: mapo stats --from DATE --to DATE [--tip-year YEAR] [--by DIM]...\n"
		   "                  [--kind K] [--agency A] [--state S] [--status S] [--form F]\n"
		   "                  [--format table|csv|json]\n"
		   "\n"
		   "Counts TIP cases, TIP arrests, TIP forced-labour cases, SOM cases, SOM arrests and\n"
		   "victims rescued for cases with an action date in the period, split by up to four\n"
		   "dimensions.\n"
		   "\n"
		   "  --from, --to DATE   the period, both inclusive\n"
		   "  --tip-year YEAR     instead of --from/--to: the US TIP report's year, 1 April of\n"
		   "                      YEAR-1 to 31 March of YEAR\n"
		   "  --by DIM            kind, agency, state, form, nationality, sex, age-group, month,\n"
		   "                      status (repeatable)\n"
		   "  --kind, --agency, --state, --status, --form   count only the matching cases\n"
		   "  --format FORMAT     table (default), csv or json\n")},
	{"serve", cmd_serve, N_("serve the web pages and the JSON API"), cmd_serve_help},
	{"user", cmd_user, N_("manage the accounts of the web application"), cmd_user_help},
	{"token", cmd_token, N_("create, list and revoke API tokens"), cmd_token_help},
	{"audit", cmd_audit, N_("verify and list the audit trail"), cmd_audit_help},
	{"tier", cmd_tier, N_("TIP report tiers: history, the downgrade rules, outlook, evidence"), cmd_tier_help},
	{"plan", cmd_plan, N_("the national action plan: import, status by pillar, goal and organisation"), cmd_plan_help},
	{"progress", cmd_progress, N_("quarterly progress reports on plan activities"), cmd_progress_help},
	{"rec", cmd_rec, N_("the TIP report's recommendations and what the next report will look at"), cmd_rec_help},
	{"guideline", cmd_guideline, N_("operating guidelines, checklists and compliance"), cmd_guideline_help},
	{"org", cmd_org, N_("the council's organisations, representatives, memberships, engagements"), cmd_org_help},
	{"meeting", cmd_meeting, N_("council and committee meetings: agenda, attendance, quorum, decisions"),
		cmd_meeting_help},
	{"paper", cmd_paper, N_("papers heard by meetings, with their files"), cmd_paper_help},
	{"doc", cmd_doc, N_("the document library, with access levels"), cmd_doc_help},
	{"action", cmd_action, N_("action items from decisions: status, overdue, follow-up"), cmd_action_help},
	{"victim", cmd_victim, N_("victims: identities, trafficking status, screening, s.41A re-screening"),
		cmd_victim_help},
	{"order", cmd_order, N_("protection orders and their deadlines"), cmd_order_help},
	{"shelter", cmd_shelter, N_("places of refuge: capacity, admissions, occupancy"), cmd_shelter_help},
	{"referral", cmd_referral, N_("referrals to and from partner organisations"), cmd_referral_help},
	{"permit", cmd_permit, N_("s.51A permits: freedom of movement and work"), cmd_permit_help},
	{"repatriation", cmd_repatriation, N_("repatriation and reintegration"), cmd_repatriation_help},
	{"key", cmd_key, N_("rotate the key that encrypts personal data"), cmd_key_help},
	{"retention", cmd_retention, N_("erase the personal data of long-closed cases"), cmd_retention_help},
	{"backup", cmd_backup, N_("write the whole database to one portable file"), cmd_backup_help},
	{"restore", cmd_restore, N_("restore a backup file into an empty database"), cmd_restore_help},
	{"migrate", cmd_migrate, N_("apply the database's pending schema migrations"), cmd_migrate_help},
	{"help", cmd_help, N_("show help for mapo or one command"),
		N_("usage: mapo help [COMMAND]\n")},
	{"version", cmd_version, N_("print mapo's version"), N_("usage: mapo version\n")},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char *const main_usage =
	N_("mapo [--db PATH] [--lang ms|en] COMMAND [ARGS]");

const struct cli_command *cli_find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void cli_print_help(FILE *f, const struct cli_command *cmd)
{
	fputs(_(cmd->help), f);
}

int cli_help(const char *name)
{
	const struct cli_command *cmd = cli_find_command(name);
	if (cmd)
		cli_print_help(stdout, cmd);
	return CLI_OK;
}

static void print_overview(FILE *f)
{
	fprintf(f, _("usage: %s\n"), _(main_usage));
	fputs(_("\n"
		"mapo keeps the case register of an anti-trafficking council and computes its figures.\n"
		"\n"
		"Global options:\n"
		"  --db PATH       the database file (default $MAPO_DB, else ./mapo.db)\n"
		"  --lang ms|en    the language of messages (default from MAPO_LANG or the locale)\n"
		"  --help          this help\n"
		"  --version       mapo's version\n"
		"\n"
		"Commands:\n"), f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\nSee 'mapo help COMMAND' for one command's options.\n"), f);
}

static int cmd_help(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc > 2)
		return cli_usage_error(N_("mapo help [COMMAND]"), _("too many arguments"));
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_overview(stdout);
		return CLI_OK;
	}
	const struct cli_command *cmd = cli_find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "mapo: ");
		fprintf(stderr, _("unknown command '%s'; see 'mapo --help'"), argv[1]);
		fputc('\n', stderr);
		return CLI_EUSAGE;
	}
	cli_print_help(stdout, cmd);
	return CLI_OK;
}

static void print_version(void) { printf("mapo %s\n", MAPO_VERSION); }

static int cmd_version(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argv;
	if (argc > 1)
		return cli_usage_error(N_("mapo version"), _("too many arguments"));
	print_version();
	return CLI_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"lang", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct cli cli;
	int c, rc;

	i18n_init(NULL);
	json_set_alloc_funcs(xmalloc, free);
	cli_init(&cli);
	const char *env_db = getenv("MAPO_DB");
	cli.db_path = env_db && *env_db ? env_db : "mapo.db";

	opterr = 0;
	/* "+": stop at the command, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!*optarg) {
				rc = cli_usage_error(main_usage, _("option '%s' needs a value"), "--db");
				goto out;
			}
			cli.db_path = optarg;
			break;
		case 'l': {
			enum mapo_lang lang;
			if (i18n_parse_lang(optarg, &lang) || (strcmp(optarg, "ms") && strcmp(optarg, "en"))) {
				rc = cli_usage_error(main_usage, _("unknown language '%s' (use ms or en)"), optarg);
				goto out;
			}
			i18n_set_lang(lang);
			break;
		}
		case 'h':
			print_overview(stdout);
			rc = CLI_OK;
			goto out;
		case 'V':
			print_version();
			rc = CLI_OK;
			goto out;
		default:
			rc = cli_option_error(main_usage, c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		print_overview(stderr);
		rc = CLI_EUSAGE;
		goto out;
	}
	const struct cli_command *cmd = cli_find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "mapo: ");
		fprintf(stderr, _("unknown command '%s'; see 'mapo --help'"), argv[optind]);
		fputc('\n', stderr);
		rc = CLI_EUSAGE;
		goto out;
	}
	rc = cmd->fn(&cli, argc - optind, argv + optind);
out:
	cli_release(&cli);
	/* Output that did not reach its file is a failure, not a silent success. */
	if ((fflush(stdout) || ferror(stdout)) && rc == CLI_OK) {
		fprintf(stderr, "mapo: %s\n", _("could not write the output"));
		rc = CLI_EUSER;
	}
	return rc;
}
