/* mapo demo: the synthetic demonstration register. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/demo.h"
#include "core/demo_protection.h"
#include "io/demo_plan.h"
#include "io/demo_protection_load.h"

static const char *const usage_demo = N_("mapo demo [--seed N] [--cases N] [--force] [--data DIR]");

#define DEMO_DEFAULT_SEED 1

enum { OPT_SEED = 256, OPT_CASES, OPT_FORCE, OPT_DATA, OPT_HELP };

static void show_progress(long long done, long long total, void *arg)
{
	cli_progress_update(arg, done < 0 ? 0 : (unsigned long long)done, total < 0 ? 0 : (unsigned long long)total);
}

/* The protection part (dir/demo/protection.csv and shelters.csv; a plan without them has none):
 * after the order kinds, indicators and health checks are in the store and the key file exists. */
static int protection_demo(struct cli *cli, const char *plan_dir, const struct demo_plan *plan, uint64_t seed)
{
	struct demo_protection dp;
	struct mapo_error err;
	vault *v = NULL;
	char *key = vault_key_path(NULL, cli->db_path);
	int rc = CLI_OK;

	demo_protection_init(&dp);
	mapo_error_clear(&err);
	int lrc = demo_protection_read(&dp, plan_dir, &err);
	if (lrc == MAPO_ENOTFOUND)
		goto out;
	if (lrc || vault_open(&v, key, &err) || demo_protection_generate(cli->st, v, &dp, plan, seed, NULL, &err))
		rc = cli_error_from(&err);
out:
	vault_free(v);
	free(key);
	demo_protection_release(&dp);
	return rc;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"seed", required_argument, NULL, OPT_SEED},
		{"cases", required_argument, NULL, OPT_CASES},
		{"force", no_argument, NULL, OPT_FORCE},
		{"data", required_argument, NULL, OPT_DATA},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	long long seed = DEMO_DEFAULT_SEED, ncases = 0, before = 0, after = 0;
	bool force = false;
	const char *data_opt = NULL;
	struct demo_plan plan;
	struct case_filter all;
	struct mapo_error err;
	struct cli_progress progress;
	int c, rc;

	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_SEED:
			if (cli_parse_count(usage_demo, "--seed", optarg, 0, INT64_MAX, &seed))
				return CLI_EUSAGE;
			break;
		case OPT_CASES:
			if (cli_parse_count(usage_demo, "--cases", optarg, 1, DEMO_CASES_MAX, &ncases))
				return CLI_EUSAGE;
			break;
		case OPT_FORCE: force = true; break;
		case OPT_DATA: data_opt = optarg; break;
		case 'h':
		case OPT_HELP:
			return cli_help("demo");
		default:
			return cli_option_error(usage_demo, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_demo, _("unexpected argument '%s'"), argv[optind]);

	const char *dir = cli_data_dir(data_opt);
	if ((rc = cli_open(cli, true)))
		return rc;
	if (cli_needs_refdata(cli) && (rc = cli_install_refdata(cli, dir)))
		return rc;
	case_filter_init(&all);
	if (store_case_count(cli->st, &all, &before, &err))
		return cli_error_from(&err);
	if (before && !force) {
		char n[32];
		fmt_count(before, n);
		return cli_error(_("the database '%s' already holds %s cases; add --force to add the demo anyway"),
			cli->db_path, n);
	}

	demo_plan_init(&plan);
	char *plan_dir = xasprintf("%s/demo", dir);
	if (demo_plan_read(&plan, plan_dir, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	cli_progress_start(&progress, _("demo"));
	int grc = demo_generate(cli->st, &plan, (uint64_t)seed, ncases, show_progress, &progress, &err);
	cli_progress_end(&progress);
	if (grc) {
		rc = cli_error_from(&err);
		goto out;
	}
	if ((rc = cli_council_demo(cli, dir)))
		goto out;
	/* As init does: the order kinds and indicators, and the key file beside the database, so
	 * that a demo database's identity pages and protection forms work at once. */
	if (store_supports(cli->st, "protection") &&
	    ((rc = cli_install_protection(cli, dir)) || (rc = protection_demo(cli, plan_dir, &plan, (uint64_t)seed))))
		goto out;
	if ((rc = cli_install_plans(cli, dir, (unsigned long long)seed)))
		goto out;
	if (store_case_count(cli->st, &all, &after, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	char n[32];
	fmt_count(after - before, n);
	printf(_("%s: added %s demo cases\n"), cli->db_path, n);
	rc = CLI_OK;
out:
	free(plan_dir);
	demo_plan_release(&plan);
	return rc;
}
