/* mapo backup, restore and migrate: the whole database to and from one portable file
 * (io/backup.h, docs/internals/backup.md), and the schema's migrations on request. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "io/backup.h"
#include "store/store_backup.h"

static const char *const usage_backup = N_("mapo backup [--force] FILE");
static const char *const usage_restore = N_("mapo restore [--check] FILE");
static const char *const usage_migrate = N_("mapo migrate");

const char cmd_backup_help[] = NH_(
	"usage: mapo backup [--force] FILE\n"
	"\n"
	"Writes every table of the database (SQLite file or PostgreSQL) to FILE in mapo's portable\n"
	"backup format, from one consistent snapshot: cases, persons, reference data, users, API\n"
	"tokens, the audit trail, tiers, the council, victim protection and the plans. Signed-in\n"
	"sessions are left out. Identity fields stay encrypted: keep the key file too. The file is\n"
	"written under a temporary name and renamed into place, readable by its owner only; the\n"
	"backup is recorded in the audit trail. Restore it with mapo restore.\n"
	"\n"
	"  --force       replace FILE when it exists\n");

const char cmd_restore_help[] = NH_(
	"usage: mapo restore [--check] FILE\n"
	"\n"
	"Restores a file written by mapo backup into the database, which must be empty: a new\n"
	"SQLite file, a PostgreSQL database without tables, or one set up by mapo migrate and\n"
	"holding no rows (mapo init loads reference data, so restore before it, not after). The\n"
	"whole file is checked first (its checksums and row counts) and then written in one\n"
	"transaction: a truncated or edited file writes nothing. Ids are kept, so the audit trail\n"
	"verifies and identity fields open with the original key file. Migrations this mapo has\n"
	"beyond the backup's are applied after the restore.\n"
	"\n"
	"  --check       only check FILE; write nothing\n");

const char cmd_migrate_help[] = NH_(
	"usage: mapo migrate\n"
	"\n"
	"Applies the schema migrations the database lacks and names each, or says that it is up to\n"
	"date. A database whose schema is newer than this mapo is refused. Every other command also\n"
	"applies pending migrations when it opens the database; migrate does it on its own, e.g.\n"
	"once before starting new mapo servers on a shared PostgreSQL database.\n");

static bool is_url(const char *db)
{
	return !strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Parses --help and one boolean option (NULL: none); FILE is left at argv[optind]. */
static int parse(int argc, char **argv, const char *usage, const char *help, const char *flag, bool *set,
	bool want_file)
{
	enum { OPT_FLAG = 256, OPT_HELP };
	struct option opts[] = {
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
		{NULL, 0, NULL, 0},
	};
	if (flag)
		opts[1] = (struct option){flag, no_argument, NULL, OPT_FLAG};
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FLAG:
			*set = true;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(help);
			return -1;
		default:
			return cli_option_error(usage, c, argv);
		}
	}
	if (want_file && optind >= argc)
		return cli_usage_error(usage, "%s", _("missing the file"));
	if (argc - optind > (want_file ? 1 : 0))
		return cli_usage_error(usage, _("unexpected argument '%s'"), argv[optind + (want_file ? 1 : 0)]);
	return 0;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	struct mapo_error err;
	struct backup_summary sum;
	bool force = false;
	int rc = parse(argc, argv, usage_backup, "backup", "force", &force, true);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	const char *path = argv[optind];
	if (!force && exists(path))
		return cli_error(_("'%s' exists already; use --force to replace it"), path);
	if ((rc = cli_open(cli, false)))
		return rc;

	/* mkstemp: a new file of the owner's only (the backup holds password hashes and sealed
	 * identities), beside FILE so that the rename stays on one file system */
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	char *tmpname = buf_detach(&tmp);
	int fd = mkstemp(tmpname);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		rc = cli_error(_("cannot write '%s': %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmpname);
		}
		free(tmpname);
		return rc;
	}
	mapo_error_clear(&err);
	rc = backup_write(cli->st, f, &sum, &err);
	if (!rc && fsync(fileno(f)))
		rc = mapo_error_set(&err, MAPO_EIO, _("cannot write '%s': %s"), path, strerror(errno));
	if (fclose(f) && !rc)
		rc = mapo_error_set(&err, MAPO_EIO, _("cannot write '%s': %s"), path, strerror(errno));
	if (!rc) {
		/* after the snapshot: the entry is not in the file it records */
		char detail[160];
		snprintf(detail, sizeof(detail), "%.100s: %zu tables, %lld rows, schema %d", path, sum.tables, sum.rows,
			sum.schema);
		rc = audit_append(cli->st, NULL, "backup", "database", "", detail, NULL, &err);
	}
	if (!rc && rename(tmpname, path))
		rc = mapo_error_set(&err, MAPO_EIO, _("cannot write '%s': %s"), path, strerror(errno));
	if (rc) {
		unlink(tmpname);
		free(tmpname);
		return cli_error_from(&err);
	}
	free(tmpname);
	printf(_("wrote '%s': %zu tables, %lld rows, schema version %d\n"), path, sum.tables, sum.rows, sum.schema);
	return CLI_OK;
}

/* Removes a SQLite file (and its WAL files) that this restore created. */
static void remove_created(const char *db)
{
	const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s%s", db, suffixes[i]);
		unlink(buf_str(&p));
		buf_release(&p);
	}
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	struct mapo_error err;
	struct backup_summary sum;
	bool check = false;
	int rc = parse(argc, argv, usage_restore, "restore", "check", &check, true);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	const char *path = argv[optind];
	struct stat st;
	FILE *f = fopen(path, "r");
	if (!f)
		return cli_error(_("cannot read '%s': %s"), path, strerror(errno));
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fclose(f);
		return cli_error(_("'%s' is not a file"), path);
	}
	mapo_error_clear(&err);
	if (check) {
		rc = backup_check(f, path, &sum, &err);
		fclose(f);
		if (rc)
			return cli_error_from(&err);
		printf(_("'%s' is a complete mapo backup: %zu tables, %lld rows, schema version %d\n"), path, sum.tables,
			sum.rows, sum.schema);
		return CLI_OK;
	}

	bool created = !is_url(cli->db_path) && !exists(cli->db_path);
	if (store_open(&cli->st, cli->db_path, &err)) {
		fclose(f);
		if (created)
			remove_created(cli->db_path);
		return cli_error_from(&err);
	}
	rc = backup_restore(cli->st, f, path, &sum, &err);
	fclose(f);
	if (rc) {
		store_free(cli->st);
		cli->st = NULL;
		if (created)
			remove_created(cli->db_path);
		return cli_error_from(&err);
	}
	printf(_("restored '%s' into '%s': %zu tables, %lld rows, schema version %d\n"), path, cli->db_path,
		sum.tables, sum.rows, sum.schema);
	return CLI_OK;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	struct mapo_error err;
	struct store_pending *pending = NULL;
	size_t n = 0;
	int current = 0, known = 0;
	bool unused = false;
	int rc = parse(argc, argv, usage_migrate, "migrate", NULL, &unused, false);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!is_url(cli->db_path) && !exists(cli->db_path))
		return cli_error(_("no database at '%s'; create it with 'mapo init'"), cli->db_path);
	mapo_error_clear(&err);
	if (store_open(&cli->st, cli->db_path, &err))
		return cli_error_from(&err);
	if (store_pending_migrations(cli->st, &pending, &n, &err))
		return cli_error_from(&err);
	if (!n) {
		if (store_schema_version(cli->st, &current, &known, &err))
			return cli_error_from(&err);
		printf(_("the database '%s' is up to date (schema version %d)\n"), cli->db_path, current);
		return CLI_OK;
	}
	if ((rc = store_migrate(cli->st, &err))) {
		free(pending);
		return cli_error_from(&err);
	}
	for (size_t i = 0; i < n; i++)
		printf(_("applied migration %04d (%s)\n"), pending[i].version, pending[i].name);
	if (store_schema_version(cli->st, &current, &known, &err)) {
		free(pending);
		return cli_error_from(&err);
	}
	printf(_("the database '%s' is at schema version %d\n"), cli->db_path, current);
	free(pending);
	return CLI_OK;
}
