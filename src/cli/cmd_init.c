/* mapo init: create or upgrade the database and load the reference data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "io/refload.h"

static const char *const usage_init = N_("mapo init [--data DIR]");

enum { OPT_DATA = 256, OPT_HELP };

const char *cli_data_dir(const char *opt) { return opt && *opt ? opt : refload_datadir(); }

bool cli_needs_refdata(struct cli *cli)
{
	if (cli_load_refdata(cli))
		return true;
	return cli->rd.n[REF_AGENCY] == 0;
}

int cli_install_refdata(struct cli *cli, const char *dir)
{
	struct refdata rd;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	int rc = CLI_OK;

	refdata_init(&rd);
	mapo_error_clear(&err);
	int lrc = refload_dir(&rd, dir, &problems, &err);
	if (lrc == MAPO_EINVAL && problems.n) {
		cli_print_problems(&problems);
		rc = cli_error(_("the reference data in '%s' has %zu problems; nothing was loaded"), dir, problems.n);
		goto out;
	}
	if (lrc) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (refdata_install(cli->st, &rd, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	/* What the store holds now, for the commands that go on to use it. */
	refdata_release(&cli->rd);
	refdata_init(&cli->rd);
	cli->rd_loaded = false;
	rc = cli_load_refdata(cli);
out:
	strvec_release(&problems);
	refdata_release(&rd);
	return rc;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, OPT_DATA},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *data_opt = NULL;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DATA: data_opt = optarg; break;
		case 'h':
		case OPT_HELP:
			return cli_help("init");
		default:
			return cli_option_error(usage_init, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_init, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open(cli, true)) || (rc = cli_install_refdata(cli, cli_data_dir(data_opt))) ||
	    (rc = cli_install_tiers(cli, cli_data_dir(data_opt))) ||
	    (store_supports(cli->st, "council") && (rc = cli_install_council(cli, cli_data_dir(data_opt)))) ||
	    (store_supports(cli->st, "protection") &&
		    (rc = cli_install_protection(cli, cli_data_dir(data_opt)))))
		return rc;
	const size_t *n = cli->rd.n;
	printf(_("%s: ready (%zu agencies, %zu states, %zu countries, %zu offence sections, %zu forms)\n"),
		cli->db_path, n[REF_AGENCY], n[REF_STATE], n[REF_COUNTRY], n[REF_OFFENCE], n[REF_FORM]);
	return CLI_OK;
}
