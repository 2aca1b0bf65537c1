/* mapo statement and mapo stats: the council's figures. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/statement.h"
#include "core/stats.h"
#include "io/stats_out.h"

static const char *const usage_statement = N_("mapo statement --as-of DATE [--from DATE] [--lang ms|en]");
static const char *const usage_stats =
	N_("mapo stats --from DATE --to DATE [--tip-year YEAR] [--by DIM]... [--kind K] [--agency A]\n"
	   "                  [--state S] [--status S] [--form F] [--format table|csv|json]");

enum { OPT_AS_OF = 256, OPT_FROM, OPT_TO, OPT_LANG, OPT_TIP_YEAR, OPT_BY, OPT_FORMAT, OPT_HELP };

int cmd_statement(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"from", required_argument, NULL, OPT_FROM},
		{"lang", required_argument, NULL, OPT_LANG},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	mapo_date as_of = DATE_NONE, from = DATE_NONE;
	enum mapo_lang lang = i18n_lang();
	struct statement st;
	struct mapo_error err;
	struct buf out = BUF_INIT;
	int c, rc;

	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_AS_OF:
			if (cli_parse_date(usage_statement, "--as-of", optarg, &as_of))
				return CLI_EUSAGE;
			break;
		case OPT_FROM:
			if (cli_parse_date(usage_statement, "--from", optarg, &from))
				return CLI_EUSAGE;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "ms") && strcmp(optarg, "en"))
				return cli_usage_error(usage_statement, _("unknown language '%s' (use ms or en)"), optarg);
			i18n_parse_lang(optarg, &lang);
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("statement");
		default:
			return cli_option_error(usage_statement, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_statement, _("unexpected argument '%s'"), argv[optind]);
	if (as_of == DATE_NONE)
		return cli_usage_error(usage_statement, _("option '%s' is required"), "--as-of");
	mapo_date resolved;
	if (statement_period(from, as_of, &resolved, &err))
		return cli_usage_error(usage_statement, "%s", err.msg);
	if ((rc = cli_open(cli, false)))
		return rc;
	if (statement_compute(cli->st, from, as_of, &st, &err))
		return cli_error_from(&err);
	if (statement_format(&st, lang, &out)) {
		rc = cli_error("%s", _("could not write the output"));
	} else {
		fputs(buf_str(&out), stdout);
		rc = CLI_OK;
	}
	buf_release(&out);
	return rc;
}

/* Checks that the filter's codes are known, so a typo is not read as "no cases". */
static int check_filter_codes(struct cli *cli, const struct case_filter *f)
{
	if (f->agency && !refdata_find(&cli->rd, REF_AGENCY, f->agency))
		return cli_error(_("unknown agency '%s'"), f->agency);
	if (f->state && !refdata_find(&cli->rd, REF_STATE, f->state))
		return cli_error(_("unknown state '%s'"), f->state);
	if (f->form && !refdata_find(&cli->rd, REF_FORM, f->form))
		return cli_error(_("unknown form of exploitation '%s'"), f->form);
	return CLI_OK;
}

int cli_check_filter(struct cli *cli, const struct case_filter *f)
{
	int rc = cli_load_refdata(cli);
	return rc ? rc : check_filter_codes(cli, f);
}

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"tip-year", required_argument, NULL, OPT_TIP_YEAR},
		{"by", required_argument, NULL, OPT_BY},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"kind", required_argument, NULL, CLI_OPT_KIND},
		{"agency", required_argument, NULL, CLI_OPT_AGENCY},
		{"state", required_argument, NULL, CLI_OPT_STATE},
		{"status", required_argument, NULL, CLI_OPT_STATUS},
		{"form", required_argument, NULL, CLI_OPT_FORM},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct stats_query q;
	struct stats_result r;
	struct mapo_error err;
	struct buf out = BUF_INIT;
	mapo_date from = DATE_NONE, to = DATE_NONE;
	long long tip_year = 0;
	enum cli_format format = FORMAT_TABLE;
	int c, rc;

	stats_query_init(&q);
	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		int fr = cli_filter_option(c, optarg, usage_stats, &q.filter);
		if (fr < 0)
			return -fr;
		if (fr)
			continue;
		switch (c) {
		case OPT_FROM:
			if (cli_parse_date(usage_stats, "--from", optarg, &from))
				return CLI_EUSAGE;
			break;
		case OPT_TO:
			if (cli_parse_date(usage_stats, "--to", optarg, &to))
				return CLI_EUSAGE;
			break;
		case OPT_TIP_YEAR:
			if (cli_parse_count(usage_stats, "--tip-year", optarg, 1901, 9999, &tip_year))
				return CLI_EUSAGE;
			break;
		case OPT_BY:
			if (stats_query_add_dim(&q, optarg, &err))
				return cli_usage_error(usage_stats, "%s", err.msg);
			break;
		case OPT_FORMAT:
			if (cli_parse_format(usage_stats, optarg, 7, &format))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("stats");
		default:
			return cli_option_error(usage_stats, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_stats, _("unexpected argument '%s'"), argv[optind]);
	if (!tip_year && from == DATE_NONE && to == DATE_NONE)
		return cli_usage_error(usage_stats, _("give the period: --from and --to, or --tip-year"));
	if (stats_query_set_period(&q, from, to, (int)tip_year, &err))
		return cli_usage_error(usage_stats, "%s", err.msg);
	if ((rc = cli_open(cli, false)) || (rc = cli_check_filter(cli, &q.filter)))
		return rc;

	stats_result_init(&r);
	if (stats_run(cli->st, &cli->rd, &q, i18n_lang(), &r, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	static const enum stats_format formats[] = {STATS_TABLE, STATS_CSV, STATS_JSON};
	if (stats_write(&out, &r, formats[format])) {
		rc = cli_error("%s", _("could not write the output"));
		goto out;
	}
	fputs(buf_str(&out), stdout);
	rc = CLI_OK;
out:
	buf_release(&out);
	stats_result_release(&r);
	return rc;
}
