/* mapo audit verify|list: checking and reading the hash-chained audit trail. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/audit.h"

static const char *const usage_audit = N_("mapo audit verify | list ...");
static const char *const usage_verify = N_("mapo audit verify");
static const char *const usage_list =
	N_("mapo audit list [--user NAME] [--action ACTION] [--object-type TYPE] [--object ID]\n"
	"                      [--from DATE] [--to DATE] [--limit N] [--offset N] [--oldest-first]\n"
	"                      [--format table|csv|json]");

enum { OPT_USER = 256, OPT_ACTION, OPT_OBJECT_TYPE, OPT_OBJECT, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_OFFSET,
	OPT_OLDEST, OPT_FORMAT, OPT_HELP };

static int audit_verify_cmd(struct cli *cli, int argc, char **argv)
{
	struct audit_report r;
	struct mapo_error err;
	char msg[512];
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cli_help("audit");
	if (argc > 1)
		return cli_usage_error(usage_verify, _("unexpected argument '%s'"), argv[1]);
	if ((rc = cli_open(cli, false)))
		return rc;
	mapo_error_clear(&err);
	if (audit_verify(cli->st, &r, &err))
		return cli_error_from(&err);
	audit_fault_message(&r, msg, sizeof(msg));
	if (r.fault != AUDIT_OK)
		return cli_error("%s", msg);
	printf("%s\n", msg);
	return CLI_OK;
}

/* "YYYY-MM-DDTHH:MM:SSZ" */
static void format_time(int64_t t, char out[32])
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm)) {
		snprintf(out, 32, "%lld", (long long)t);
		return;
	}
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int list_one(const struct audit_entry *e, void *arg)
{
	struct cli_list *ctx = arg;
	char id[24], at[32];
	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	format_time(e->at, at);
	if (ctx->format == FORMAT_JSON) {
		json_array_append_new(ctx->arr,
			json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id, "at", at,
				"user", e->user, "address", e->address, "action", e->action, "object_type",
				e->object_type, "object_id", e->object_id, "detail", e->detail, "hash", e->hash));
		return 0;
	}
	const char *user = e->user;
	if (!*user && ctx->format == FORMAT_TABLE)
		user = _("(command line)");
	const char *row[] = {id, at, user, e->address, e->action, e->object_type, e->object_id, e->detail};
	table_add_row(&ctx->t, row);
	return 0;
}

static int audit_list_cmd(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"user", required_argument, NULL, OPT_USER},
		{"action", required_argument, NULL, OPT_ACTION},
		{"object-type", required_argument, NULL, OPT_OBJECT_TYPE},
		{"object", required_argument, NULL, OPT_OBJECT},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"oldest-first", no_argument, NULL, OPT_OLDEST},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct audit_filter f;
	enum cli_format format = FORMAT_TABLE;
	struct cli_list ctx;
	struct mapo_error err;
	mapo_date from = DATE_NONE, to = DATE_NONE;
	int ch, rc;

	audit_filter_init(&f);
	f.newest_first = true;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_USER: f.user = optarg; break;
		case OPT_ACTION: f.action = optarg; break;
		case OPT_OBJECT_TYPE: f.object_type = optarg; break;
		case OPT_OBJECT: f.object_id = optarg; break;
		case OPT_FROM:
			if (cli_parse_date(usage_list, "--from", optarg, &from))
				return CLI_EUSAGE;
			break;
		case OPT_TO:
			if (cli_parse_date(usage_list, "--to", optarg, &to))
				return CLI_EUSAGE;
			break;
		case OPT_LIMIT:
			if (cli_parse_count(usage_list, "--limit", optarg, 1, 1000000000, &f.limit))
				return CLI_EUSAGE;
			break;
		case OPT_OFFSET:
			if (cli_parse_count(usage_list, "--offset", optarg, 0, INT64_MAX, &f.offset))
				return CLI_EUSAGE;
			break;
		case OPT_OLDEST: f.newest_first = false; break;
		case OPT_FORMAT:
			if (cli_parse_format(usage_list, optarg, 7, &format))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("audit");
		default:
			return cli_option_error(usage_list, ch, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage_list, _("unexpected argument '%s'"), argv[optind]);
	if (from != DATE_NONE && to != DATE_NONE && from > to)
		return cli_usage_error(usage_list, "%s", _("--from is after --to"));
	/* whole days in UTC (from 1970-01-01 gives 0, "open", which is the same) */
	if (from != DATE_NONE)
		f.from = (int64_t)from * 86400;
	if (to != DATE_NONE)
		f.to = (int64_t)to * 86400 + 86399;
	if ((rc = cli_open(cli, false)))
		return rc;

	const char *csv_head[] = {"id", "at", "user", "address", "action", "object_type", "object_id", "detail"};
	const char *text_head[] = {_("ID"), _("TIME (UTC)"), _("USER"), _("ADDRESS"), _("ACTION"), _("OBJECT"),
		_("REFERENCE"), _("DETAIL")};
	cli_list_init(&ctx, format, csv_head, text_head, 8);
	table_set_align(&ctx.t, 0, TABLE_RIGHT);
	mapo_error_clear(&err);
	rc = audit_list(cli->st, &f, list_one, &ctx, &err);
	rc = rc ? cli_error_from(&err) : cli_list_print(&ctx);
	cli_list_release(&ctx);
	return rc;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"verify", audit_verify_cmd}, {"list", audit_list_cmd}};
	return cli_run_sub(cli, argc, argv, subs, sizeof(subs) / sizeof(subs[0]), "audit", usage_audit,
		_("which audit command?"), _("unknown audit command '%s'"));
}

/* Translated when printed (main.c prints help through _()). */
const char cmd_audit_help[] = NH_(
	"usage: mapo audit verify\n"
	"   or: mapo audit list [--user NAME] [--action ACTION] [--object-type TYPE] [--object ID]\n"
	"                      [--from DATE] [--to DATE] [--limit N] [--offset N] [--oldest-first]\n"
	"                      [--format table|csv|json]\n"
	"\n"
	"The audit trail records sign-ins, failed sign-ins, every change, export and view of a\n"
	"person's record. Its entries are hash-chained: verify walks the chain and names the first\n"
	"entry that was edited, removed or reordered, and then exits with status 1.\n"
	"\n"
	"  --user NAME          entries by this user\n"
	"  --action ACTION      e.g. sign-in, sign-in-failed, case-update, export\n"
	"  --object-type TYPE   case, person, user\n"
	"  --object ID          e.g. a case reference\n"
	"  --from, --to DATE    entries on these days (UTC), both inclusive\n"
	"  --limit N, --offset N  page through the entries (newest first)\n"
	"  --oldest-first       oldest first\n"
	"  --format FORMAT      table (default), csv or json\n");
