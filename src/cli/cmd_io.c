/* mapo import and mapo export: the register as cases.csv and persons.csv. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "io/export.h"
#include "io/import.h"

static const char *const usage_import = N_("mapo import [--update] CASES.csv [PERSONS.csv]");
static const char *const usage_export = N_("mapo export [--format csv] DIR");

enum { OPT_UPDATE = 256, OPT_HELP };

static void show_progress(size_t done, size_t total, void *arg)
{
	cli_progress_update(arg, done, total);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"update", no_argument, NULL, OPT_UPDATE},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct import_opts io = {false, show_progress, NULL};
	struct import_result res;
	struct mapo_error err;
	struct cli_progress progress;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_UPDATE: io.update = true; break;
		case 'h':
		case OPT_HELP:
			return cli_help("import");
		default:
			return cli_option_error(usage_import, c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_import, _("missing the cases file"));
	if (argc - optind > 2)
		return cli_usage_error(usage_import, _("unexpected argument '%s'"), argv[optind + 2]);
	const char *cases = argv[optind];
	const char *persons = argc - optind > 1 ? argv[optind + 1] : NULL;
	if ((rc = cli_open(cli, false)) || (rc = cli_load_refdata(cli)))
		return rc;

	mapo_error_clear(&err);
	import_result_init(&res);
	cli_progress_start(&progress, _("import"));
	io.progress_arg = &progress;
	/* one transaction holds the rows and their audit entry, as on the web */
	int irc = store_begin(cli->st, &err);
	if (!irc)
		irc = import_files(cli->st, &cli->rd, cases, persons, &io, &res, &err);
	if (!irc) {
		char detail[160];
		snprintf(detail, sizeof(detail), "cases added %zu, replaced %zu, person rows %zu", res.cases_inserted,
			res.cases_updated, res.persons);
		irc = audit_append(cli->st, NULL, "import", "case", "", detail, NULL, &err);
		if (!irc)
			irc = store_commit(cli->st, &err);
		else
			store_rollback(cli->st);
	} else {
		store_rollback(cli->st);
	}
	cli_progress_end(&progress);
	if (irc) {
		/* Every bad row, as FILE:LINE: COLUMN: reason, then the one-line verdict. */
		cli_print_problems(&res.problems);
		if (irc == MAPO_EINVAL && !err.msg[0])
			rc = cli_error(_("%zu problems; nothing was imported"), res.problems.n);
		else
			rc = cli_error_from(&err);
	} else {
		printf(_("imported %zu new cases, %zu updated cases and %zu persons in cases\n"), res.cases_inserted,
			res.cases_updated, res.persons);
		rc = CLI_OK;
	}
	import_result_release(&res);
	return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct mapo_error err;
	enum cli_format format = FORMAT_CSV;
	size_t ncases = 0, npersons = 0;
	int rc = cli_parse_plain(argc, argv, usage_export, "export", 1u << FORMAT_CSV, &format);

	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (optind >= argc)
		return cli_usage_error(usage_export, _("missing the directory"));
	if (argc - optind > 1)
		return cli_usage_error(usage_export, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *dir = argv[optind];
	if ((rc = cli_open(cli, false)))
		return rc;
	struct stat st;
	if (stat(dir, &st)) {
		if (errno != ENOENT || mkdir(dir, 0777))
			return cli_error(_("cannot create the directory '%s': %s"), dir, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		return cli_error(_("'%s' is not a directory"), dir);
	}
	mapo_error_clear(&err);
	if (export_dir(cli->st, dir, &ncases, &npersons, &err))
		return cli_error_from(&err);
	/* every export is in the audit trail (persons.csv carries identities) */
	char detail[96];
	snprintf(detail, sizeof(detail), "cases.csv persons.csv: %zu cases, %zu persons", ncases, npersons);
	if (audit_append(cli->st, NULL, "export", "case", "", detail, NULL, &err))
		return cli_error_from(&err);
	printf(_("exported %zu cases and %zu persons in cases to '%s'\n"), ncases, npersons, dir);
	return CLI_OK;
}
