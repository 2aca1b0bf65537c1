/* mapo tier set|import|history|outlook|check|evidence: the US TIP report's tier placements, the
 * automatic-downgrade rules and the minimum-standards evidence (core/tier.h); and the loading of
 * data/tiers.csv and data/tier_rules.csv by `mapo init` (cli_install_tiers). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/tier.h"
#include "io/tier_load.h"
#include "io/tier_out.h"

const char cmd_tier_help[] = NH_(
	"usage: mapo tier set COUNTRY YEAR PLACEMENT [--waiver] [--source TEXT] [--exception TEXT]\n"
	"   or: mapo tier import FILE.csv\n"
	"   or: mapo tier history COUNTRY [--format table|csv|json]\n"
	"   or: mapo tier outlook [COUNTRY] --year YEAR [--format table|csv|json]\n"
	"   or: mapo tier check [COUNTRY]\n"
	"   or: mapo tier evidence --tip-year YEAR [--format table|csv|json]\n"
	"\n"
	"The US State Department's Trafficking in Persons (TIP) report places every country on\n"
	"Tier 1, Tier 2, the Tier 2 Watch List or Tier 3 (or treats it as a special case). The rules\n"
	"of 22 U.S.C. 7107(b)(2)(D), kept as data in tier_rules.csv, force a placement on Tier 3\n"
	"after too many years on the Watch List. Every conclusion is explained with its years.\n"
	"\n"
	"  set        record a country's placement in a report (replacing one given before)\n"
	"  import     record every placement of a CSV file (country, year, placement, waiver,\n"
	"             source, exception), all or none; bad rows are listed as FILE:LINE: COLUMN: reason\n"
	"  history    a country's placements and what the rules say of each\n"
	"  outlook    what the rules allow in YEAR's report: for COUNTRY, or for every country on\n"
	"             the Watch List in the report before\n"
	"  check      list every placement the rules cannot explain (waivers the history implies\n"
	"             are inferred); exit status 1 when there is one\n"
	"  evidence   the law-enforcement figures of the TIP reporting period (1 April of YEAR-1 to\n"
	"             31 March of YEAR) beside the period before, TIP and SOM apart, and the share of\n"
	"             persons counted whose sex or age is missing\n"
	"\n"
	"  COUNTRY            ISO 3166-1 alpha-3 (MYS, THA, IDN, ...)\n"
	"  PLACEMENT          tier-1, tier-2, tier-2-watch-list, tier-3 or special-case\n"
	"  --waiver           the Watch List placement rested on a waiver\n"
	"  --source TEXT      where the placement comes from\n"
	"  --exception TEXT   why the rules do not explain this placement, when they do not\n"
	"  --year YEAR        the report year of the outlook\n"
	"  --tip-year YEAR    the report year of the evidence\n"
	"  --format FORMAT    table (default), csv or json\n");

static const char *const usage_tier = N_("mapo tier set|import|history|outlook|check|evidence ...");
static const char *const usage_set =
	N_("mapo tier set COUNTRY YEAR PLACEMENT [--waiver] [--source TEXT] [--exception TEXT]");
static const char *const usage_import = N_("mapo tier import FILE.csv");
static const char *const usage_history = N_("mapo tier history COUNTRY [--format table|csv|json]");
static const char *const usage_outlook = N_("mapo tier outlook [COUNTRY] --year YEAR [--format table|csv|json]");
static const char *const usage_check = N_("mapo tier check [COUNTRY]");
static const char *const usage_evidence = N_("mapo tier evidence --tip-year YEAR [--format table|csv|json]");

enum { OPT_WAIVER = 256, OPT_SOURCE, OPT_EXCEPTION, OPT_FORMAT, OPT_YEAR, OPT_TIP_YEAR, OPT_HELP };

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Prints the problems of a file, then the verdict (for an import or for init); returns
 * CLI_EUSER. */
static int print_problems(const struct strvec *problems, const char *file, bool import)
{
	cli_print_problems(problems);
	if (import)
		return cli_error(Q_("'%s' has %zu problem; nothing was imported",
					 "'%s' has %zu problems; nothing was imported", problems->n),
			file, problems->n);
	return cli_error(Q_("'%s' has %zu problem; nothing was loaded", "'%s' has %zu problems; nothing was loaded",
				 problems->n),
		file, problems->n);
}

int cli_install_tiers(struct cli *cli, const char *dir)
{
	char *rules_path = xasprintf("%s/%s", dir, TIER_FILE_RULES);
	char *tiers_path = xasprintf("%s/%s", dir, TIER_FILE_PLACEMENTS);
	struct tier_rules rules;
	struct tier_list list = TIER_LIST_INIT;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	bool have_rules = file_exists(rules_path), have_tiers = file_exists(tiers_path);
	int rc = CLI_OK;

	tier_rules_init(&rules);
	mapo_error_clear(&err);
	/* Another council's data directory may hold no tier files: nothing to load then. */
	if (!have_rules && !have_tiers)
		goto out;
	if ((rc = cli_load_refdata(cli)))
		goto out;
	if (have_rules && tier_load_rules(rules_path, &rules, &problems, &err)) {
		rc = problems.n ? print_problems(&problems, rules_path, false) : cli_error_from(&err);
		goto out;
	}
	if (have_tiers && tier_load_placements(tiers_path, &cli->rd, &list, &problems, &err)) {
		rc = problems.n ? print_problems(&problems, tiers_path, false) : cli_error_from(&err);
		goto out;
	}
	if (store_begin(cli->st, &err) || (have_rules && tier_rules_write(cli->st, &rules, &err)) ||
	    tier_placements_write(cli->st, &list, &err)) {
		store_rollback(cli->st);
		rc = cli_error_from(&err);
		goto out;
	}
	if (store_commit(cli->st, &err))
		rc = cli_error_from(&err);
out:
	strvec_release(&problems);
	tier_list_release(&list);
	tier_rules_release(&rules);
	free(rules_path);
	free(tiers_path);
	return rc;
}

/* Opens the database with its reference data, and (when rules is not NULL) reads the rules.
 * A database made before the tiers existed (or by `mapo demo`, or from a data directory without
 * tier files) gets them from the built-in data directory on first use. */
static int open_tiers(struct cli *cli, struct tier_rules *rules)
{
	struct tier_rules probe;
	struct mapo_error err;
	int rc;

	mapo_error_clear(&err);
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)))
		return rc;
	tier_rules_init(&probe);
	rc = tier_rules_read(cli->st, &probe, &err);
	tier_rules_release(&probe);
	if (rc == MAPO_ENOTFOUND && (rc = cli_install_tiers(cli, cli_data_dir(NULL))))
		return rc;
	if (rules && tier_rules_read(cli->st, rules, &err))
		return cli_error_from(&err);
	return CLI_OK;
}

/* A country argument: three capital letters naming a known country. */
static int check_country(struct cli *cli, const char *code)
{
	if (!refdata_find(&cli->rd, REF_COUNTRY, code))
		return cli_error(_("unknown country '%s' (use an ISO 3166-1 alpha-3 code such as MYS)"), code);
	return CLI_OK;
}

/* Prints what the rules say of country's placement in year, after a change. */
static void print_verdict(struct cli *cli, const char *country, int year, const struct tier_rules *rules)
{
	struct tier_list hist = TIER_LIST_INIT;
	struct tier_analysis a;
	struct mapo_error err;

	tier_analysis_init(&a);
	if (tier_placements_read(cli->st, country, &hist, &err) ||
	    tier_analyse(hist.v, hist.n, rules, i18n_lang(), &a, &err))
		goto out;
	for (size_t i = 0; i < a.n; i++) {
		const struct tier_step *st = &a.v[i];
		if (st->year != year)
			continue;
		printf("%s %d: %s\n", country, year, tier_placement_name(st->placement, i18n_lang()));
		if (st->explanation && *st->explanation)
			printf("%s\n", st->explanation);
		if (st->verdict == TIER_VERDICT_UNEXPLAINED)
			fprintf(stderr, "mapo: %s\n", _("warning: the rules do not explain this placement"));
	}
out:
	tier_analysis_release(&a);
	tier_list_release(&hist);
}

static int tier_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"waiver", no_argument, NULL, OPT_WAIVER},
		{"source", required_argument, NULL, OPT_SOURCE},
		{"exception", required_argument, NULL, OPT_EXCEPTION},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *source = "", *exception = "";
	bool waiver = false;
	struct tier_rules rules;
	struct tier_list one = TIER_LIST_INIT;
	struct tier_record r;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_WAIVER: waiver = true; break;
		case OPT_SOURCE: source = optarg; break;
		case OPT_EXCEPTION: exception = optarg; break;
		case 'h':
		case OPT_HELP:
			return cli_help("tier");
		default:
			return cli_option_error(usage_set, c, argv);
		}
	}
	if (argc - optind < 3)
		return cli_usage_error(usage_set, "%s", _("give the country, the report year and the placement"));
	if (argc - optind > 3)
		return cli_usage_error(usage_set, _("unexpected argument '%s'"), argv[optind + 3]);

	tier_rules_init(&rules);
	tier_record_init(&r);
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, &rules)))
		goto out;
	if (tier_record_parse(&r, argv[optind], argv[optind + 1], argv[optind + 2], waiver ? "1" : "0", source,
		    exception, &cli->rd, &fe)) {
		rc = cli_field_errors(&fe);
		goto out;
	}
	tier_list_add(&one, &r);
	if (tier_placements_write(cli->st, &one, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	print_verdict(cli, r.country, r.year, &rules);
	rc = CLI_OK;
out:
	field_errors_release(&fe);
	tier_list_release(&one);
	tier_record_release(&r);
	tier_rules_release(&rules);
	return rc;
}

static int tier_import(struct cli *cli, int argc, char **argv)
{
	struct tier_list list = TIER_LIST_INIT;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	int rc = cli_parse_plain(argc, argv, usage_import, "tier", 0, NULL);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (argc - optind != 1)
		return argc - optind < 1 ? cli_usage_error(usage_import, "%s", _("give the file to import"))
					 : cli_usage_error(usage_import, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *path = argv[optind];
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, NULL)))
		goto out;
	if (tier_load_placements(path, &cli->rd, &list, &problems, &err)) {
		rc = problems.n ? print_problems(&problems, path, true) : cli_error_from(&err);
		goto out;
	}
	if (tier_placements_write(cli->st, &list, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	printf(Q_("%zu placement imported\n", "%zu placements imported\n", list.n), list.n);
	rc = CLI_OK;
out:
	strvec_release(&problems);
	tier_list_release(&list);
	return rc;
}

static int tier_history(struct cli *cli, int argc, char **argv)
{
	enum cli_format format = FORMAT_TABLE;
	struct tier_rules rules;
	struct tier_list hist = TIER_LIST_INIT;
	struct tier_analysis a;
	struct mapo_error err;
	int rc = cli_parse_plain(argc, argv, usage_history, "tier", 7, &format);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (argc - optind != 1)
		return argc - optind < 1 ? cli_usage_error(usage_history, "%s", _("give the country"))
					 : cli_usage_error(usage_history, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *country = argv[optind];

	tier_rules_init(&rules);
	tier_analysis_init(&a);
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, &rules)) || (rc = check_country(cli, country)))
		goto out;
	if (tier_placements_read(cli->st, country, &hist, &err) ||
	    tier_analyse(hist.v, hist.n, &rules, i18n_lang(), &a, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (format == FORMAT_JSON) {
		json_t *j = tier_history_json(hist.v, &a);
		rc = cli_print_json(j);
		json_decref(j);
	} else if (format == FORMAT_CSV) {
		struct buf out = BUF_INIT;
		rc = cli_print_buf(&out, tier_history_write_csv(&out, hist.v, hist.n));
		buf_release(&out);
	} else {
		struct table t;
		tier_history_table(&t, &a, i18n_lang());
		rc = cli_print_table(&t, FORMAT_TABLE);
		table_release(&t);
	}
out:
	tier_analysis_release(&a);
	tier_list_release(&hist);
	tier_rules_release(&rules);
	return rc;
}

static int tier_outlook(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"year", required_argument, NULL, OPT_YEAR},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	enum cli_format format = FORMAT_TABLE;
	long long year = 0;
	struct tier_rules rules;
	struct tier_list hist = TIER_LIST_INIT;
	struct tier_outlook *v = NULL;
	size_t n = 0;
	struct mapo_error err;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_YEAR:
			if (cli_parse_count(usage_outlook, "--year", optarg, TIER_YEAR_FIRST + 1, TIER_YEAR_LAST, &year))
				return CLI_EUSAGE;
			break;
		case OPT_FORMAT:
			if (cli_parse_format(usage_outlook, optarg, 7, &format))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("tier");
		default:
			return cli_option_error(usage_outlook, c, argv);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(usage_outlook, _("unexpected argument '%s'"), argv[optind + 1]);
	if (!year)
		return cli_usage_error(usage_outlook, _("option '%s' is required"), "--year");
	const char *country = optind < argc ? argv[optind] : NULL;

	tier_rules_init(&rules);
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, &rules)) || (country && (rc = check_country(cli, country))))
		goto out;
	if (country) {
		v = xcalloc(1, sizeof(*v));
		tier_outlook_init(v);
		n = 1;
		if (tier_placements_read(cli->st, country, &hist, &err) ||
		    tier_outlook_compute(hist.v, hist.n, &rules, (int)year, i18n_lang(), v, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		/* A country with no placement at all still names itself. */
		snprintf(v->country, sizeof(v->country), "%s", country);
	} else if (tier_outlook_all(cli->st, &rules, (int)year, i18n_lang(), &v, &n, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (format == FORMAT_JSON) {
		json_t *j = tier_outlook_json(v, n);
		rc = cli_print_json(j);
		json_decref(j);
	} else {
		struct table t;
		tier_outlook_table(&t, v, n, &cli->rd, i18n_lang());
		rc = cli_print_table(&t, format);
		table_release(&t);
	}
out:
	for (size_t i = 0; i < n; i++)
		tier_outlook_release(&v[i]);
	free(v);
	tier_list_release(&hist);
	tier_rules_release(&rules);
	return rc;
}

static int print_finding(const struct tier_finding *f, void *arg)
{
	(void)arg;
	if (f->verdict == TIER_VERDICT_EXCEPTION)
		printf(_("%s %d %s: recorded exception: %s\n"), f->country, f->year, tier_placement_code(f->placement),
			f->explanation);
	else
		printf("%s %d %s: %s\n", f->country, f->year, tier_placement_code(f->placement), f->explanation);
	return 0;
}

static int tier_check_cmd(struct cli *cli, int argc, char **argv)
{
	struct tier_rules rules;
	struct tier_check_totals t;
	struct mapo_error err;
	int rc = cli_parse_plain(argc, argv, usage_check, "tier", 0, NULL);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (argc - optind > 1)
		return cli_usage_error(usage_check, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *country = optind < argc ? argv[optind] : NULL;

	tier_rules_init(&rules);
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, &rules)) || (country && (rc = check_country(cli, country))))
		goto out;
	if (tier_check(cli->st, &rules, country, i18n_lang(), print_finding, NULL, &t, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	printf(_("%zu placements of %zu countries: %zu automatic downgrades, %zu waivers recorded, %zu inferred, "
		 "%zu recorded exceptions\n"),
		t.placements, t.countries, t.auto_downgrades, t.waivers_recorded, t.waivers_inferred, t.exceptions);
	if (t.unexplained)
		rc = cli_error(Q_("%zu placement the rules cannot explain", "%zu placements the rules cannot explain",
				       t.unexplained),
			t.unexplained);
	else
		rc = CLI_OK;
out:
	tier_rules_release(&rules);
	return rc;
}

static int tier_evidence(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tip-year", required_argument, NULL, OPT_TIP_YEAR},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	enum cli_format format = FORMAT_TABLE;
	long long tip_year = 0;
	struct tier_evidence e;
	struct mapo_error err;
	struct buf out = BUF_INIT;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TIP_YEAR:
			if (cli_parse_count(usage_evidence, "--tip-year", optarg, 1902, TIER_YEAR_LAST, &tip_year))
				return CLI_EUSAGE;
			break;
		case OPT_FORMAT:
			if (cli_parse_format(usage_evidence, optarg, 7, &format))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("tier");
		default:
			return cli_option_error(usage_evidence, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_evidence, _("unexpected argument '%s'"), argv[optind]);
	if (!tip_year)
		return cli_usage_error(usage_evidence, _("option '%s' is required"), "--tip-year");

	tier_evidence_init(&e);
	mapo_error_clear(&err);
	if ((rc = open_tiers(cli, NULL)))
		goto out;
	if (tier_evidence_compute(cli->st, &cli->rd, (int)tip_year, i18n_lang(), &e, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (format == FORMAT_JSON) {
		json_t *j = tier_evidence_json(&e);
		rc = cli_print_json(j);
		json_decref(j);
	} else {
		int wrc = format == FORMAT_CSV ? tier_evidence_write_csv(&out, &e) : tier_evidence_write_text(&out, &e);
		rc = cli_print_buf(&out, wrc);
	}
out:
	buf_release(&out);
	tier_evidence_release(&e);
	return rc;
}

int cmd_tier(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"set", tier_set},
		{"import", tier_import},
		{"history", tier_history},
		{"outlook", tier_outlook},
		{"check", tier_check_cmd},
		{"evidence", tier_evidence},
	};
	return cli_run_sub(cli, argc, argv, subs, sizeof(subs) / sizeof(subs[0]), "tier", usage_tier,
		_("give a tier command: set, import, history, outlook, check or evidence"), _("unknown tier command '%s'"));
}
