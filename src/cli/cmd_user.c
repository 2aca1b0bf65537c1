/* mapo user add|list|disable|enable|passwd|role|grant|ungrant|unlock|locks, and mapo token
 * create|list|revoke: accounts and API tokens from the command line. Whoever can run this on
 * the database file administers it, so the commands act as the command line (audited as user
 * ""), without signing in. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/auth.h"

static const char *const usage_user = N_("mapo user add|list|disable|enable|passwd|role|grant|ungrant|unlock|locks ...");
static const char *const usage_add =
	N_("mapo user add USERNAME --role ROLE [--agency CODE] [--org NAME] [--name TEXT] [--lang ms|en]\n"
	   "                     [--identity-grant]");
static const char *const usage_list = N_("mapo user list [--format table|csv|json]");
static const char *const usage_one = N_("mapo user disable|enable|passwd|grant|ungrant USERNAME");
static const char *const usage_role = N_("mapo user role USERNAME --role ROLE [--agency CODE] [--org NAME]");
static const char *const usage_unlock = N_("mapo user unlock USERNAME | --address ADDRESS");
static const char *const usage_locks = N_("mapo user locks");
static const char *const usage_token =
	N_("mapo token create USERNAME [--label TEXT] | list USERNAME | revoke USERNAME [ID]");

enum { OPT_ROLE = 256, OPT_AGENCY, OPT_ORG, OPT_NAME, OPT_LANG, OPT_GRANT, OPT_ADDRESS, OPT_LABEL, OPT_HELP };

/* "YYYY-MM-DD HH:MM" in UTC, or "" for 0. */
static void format_time(int64_t t, char out[32])
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!t || !gmtime_r(&tt, &tm)) {
		out[0] = '\0';
		return;
	}
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

/* Reads one line (without its line end) from f into a new string; NULL at end of input. */
static char *read_line(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	/* getline's buffer comes from malloc; hand out one from the seam */
	char *out = xstrdup(line);
	memset(line, 0, cap);
	free(line);
	return out;
}

/* Reads a password from standard input: on a terminal with a prompt, without echo, twice; from
 * a pipe the first line. Returns a new string or NULL (message printed). */
static char *read_password(void)
{
	if (!isatty(STDIN_FILENO)) {
		char *pw = read_line(stdin);
		if (!pw || !*pw) {
			free(pw);
			cli_error("%s", _("no password on standard input"));
			return NULL;
		}
		return pw;
	}
	struct termios old, quiet;
	char *pw = NULL, *again = NULL;
	bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	fputs(_("Password: "), stderr);
	fflush(stderr);
	pw = read_line(stdin);
	fputc('\n', stderr);
	if (pw && *pw) {
		fputs(_("Password again: "), stderr);
		fflush(stderr);
		again = read_line(stdin);
		fputc('\n', stderr);
	}
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (!pw || !*pw) {
		cli_error("%s", _("no password given"));
		goto fail;
	}
	if (!again || strcmp(pw, again)) {
		cli_error("%s", _("the passwords do not match"));
		goto fail;
	}
	memset(again, 0, strlen(again));
	free(again);
	return pw;
fail:
	if (pw)
		memset(pw, 0, strlen(pw));
	if (again)
		memset(again, 0, strlen(again));
	free(pw);
	free(again);
	return NULL;
}

static void free_password(char *pw)
{
	if (pw) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
}

static int parse_user_role(const char *usage, const char *s, enum user_role *out)
{
	*out = user_role_parse(s);
	if (*out == ROLE_NONE)
		return cli_usage_error(usage,
			_("option '%s': unknown role '%s' (use admin, secretariat, agency-officer, prosecutor, "
			  "protection-officer or partner)"),
			"--role", s);
	return 0;
}

/* The agency must be one of the reference data's. */
static int check_agency(struct cli *cli, const char *agency)
{
	int rc = cli_load_refdata(cli);
	if (rc || !*agency)
		return rc;
	if (!refdata_find(&cli->rd, REF_AGENCY, agency))
		return cli_error(_("unknown agency '%s'"), agency);
	return 0;
}

static int report(const struct mapo_error *err, int rc)
{
	return rc ? cli_error_from(err) : CLI_OK;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, OPT_ROLE},
		{"agency", required_argument, NULL, OPT_AGENCY},
		{"org", required_argument, NULL, OPT_ORG},
		{"name", required_argument, NULL, OPT_NAME},
		{"lang", required_argument, NULL, OPT_LANG},
		{"identity-grant", no_argument, NULL, OPT_GRANT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct user u;
	struct mapo_error err;
	char *pw = NULL;
	int ch, rc;

	user_init(&u);
	mapo_error_clear(&err);
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_ROLE:
			if (parse_user_role(usage_add, optarg, &u.role))
				return CLI_EUSAGE;
			break;
		case OPT_AGENCY:
			if (cli_set_field(u.agency, sizeof(u.agency), optarg, "--agency"))
				return CLI_EUSER;
			break;
		case OPT_ORG:
			if (cli_set_field(u.org, sizeof(u.org), optarg, "--org"))
				return CLI_EUSER;
			break;
		case OPT_NAME:
			if (cli_set_field(u.display_name, sizeof(u.display_name), optarg, "--name"))
				return CLI_EUSER;
			break;
		case OPT_LANG:
			if (i18n_parse_lang(optarg, &u.lang))
				return cli_usage_error(usage_add, _("option '%s': unknown language '%s' (use ms or en)"),
					"--lang", optarg);
			break;
		case OPT_GRANT:
			u.identity_grant = true;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("user");
		default:
			return cli_option_error(usage_add, ch, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_add, "%s", _("a username is required"));
	if (optind + 1 < argc)
		return cli_usage_error(usage_add, _("unexpected argument '%s'"), argv[optind + 1]);
	if (u.role == ROLE_NONE)
		return cli_usage_error(usage_add, _("option '%s' is required"), "--role");
	if (cli_set_field(u.username, sizeof(u.username), argv[optind], "USERNAME"))
		return CLI_EUSER;

	struct field_errors fe = FIELD_ERRORS_INIT;
	if (user_validate(&u, &fe)) {
		for (size_t i = 0; i < fe.n; i++)
			cli_error("%s", fe.v[i].msg);
		field_errors_release(&fe);
		return CLI_EUSER;
	}
	if ((rc = cli_open(cli, false)) || (rc = check_agency(cli, u.agency)))
		return rc;
	if (!(pw = read_password()))
		return CLI_EUSER;
	rc = report(&err, auth_user_create(cli->st, NULL, &u, pw, &err));
	free_password(pw);
	if (!rc)
		printf("%s\n", u.username);
	return rc;
}

static int list_one(const struct user *u, void *arg)
{
	struct cli_list *ctx = arg;
	char created[32];
	format_time(u->created_at, created);
	if (ctx->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:b, s:b, s:I}", "username", u->username,
			"display_name", u->display_name, "role", user_role_code(u->role),
			"agency", u->agency[0] ? u->agency : NULL, "org", u->org[0] ? u->org : NULL,
			"lang", i18n_lang_code(u->lang), "disabled", u->disabled, "identity_grant", u->identity_grant,
			"created_at", (json_int_t)u->created_at);
		json_array_append_new(ctx->arr, o);
		return 0;
	}
	bool csv = ctx->format == FORMAT_CSV;
	const char *status = u->disabled ? (csv ? "disabled" : _("disabled")) : (csv ? "active" : _("active"));
	const char *row[] = {u->username, u->display_name,
		csv ? user_role_code(u->role) : user_role_name(u->role, i18n_lang()), u->agency, u->org,
		i18n_lang_code(u->lang), u->identity_grant ? (csv ? "yes" : _("yes")) : "", status, created};
	table_add_row(&ctx->t, row);
	return 0;
}

static int user_list(struct cli *cli, int argc, char **argv)
{
	enum cli_format format = FORMAT_TABLE;
	struct cli_list ctx;
	struct mapo_error err;

	mapo_error_clear(&err);
	int rc = cli_parse_plain(argc, argv, usage_list, "user", 7, &format);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (optind < argc)
		return cli_usage_error(usage_list, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open(cli, false)))
		return rc;

	const char *csv_head[] = {"username", "display_name", "role", "agency", "org", "lang",
		"identity_grant", "status", "created"};
	const char *text_head[] = {_("USERNAME"), _("NAME"), _("ROLE"), _("AGENCY"), _("ORGANISATION"),
		_("LANGUAGE"), _("IDENTITIES"), _("STATUS"), _("CREATED")};
	cli_list_init(&ctx, format, csv_head, text_head, 9);
	rc = auth_user_list(cli->st, list_one, &ctx, &err);
	rc = rc ? cli_error_from(&err) : cli_list_print(&ctx);
	cli_list_release(&ctx);
	return rc;
}

/* Reads the one USERNAME argument of a command without options; -1 after printing help. */
static int one_username(int argc, char **argv, const char *usage, const char **username)
{
	int rc = cli_parse_plain(argc, argv, usage, "user", 0, NULL);
	if (rc)
		return rc;
	if (optind >= argc)
		return cli_usage_error(usage, "%s", _("a username is required"));
	if (optind + 1 < argc)
		return cli_usage_error(usage, _("unexpected argument '%s'"), argv[optind + 1]);
	*username = argv[optind];
	return 0;
}

static int user_simple(struct cli *cli, int argc, char **argv)
{
	const char *username = NULL, *what = argv[0];
	struct mapo_error err;
	struct user u;
	int rc = one_username(argc, argv, usage_one, &username);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_open(cli, false)))
		return rc;
	mapo_error_clear(&err);
	if (!strcmp(what, "disable") || !strcmp(what, "enable"))
		return report(&err, auth_user_set_disabled(cli->st, NULL, username, !strcmp(what, "disable"), &err));
	if (!strcmp(what, "passwd")) {
		if (auth_user_get(cli->st, username, &u, &err))
			return cli_error_from(&err);
		char *pw = read_password();
		if (!pw)
			return CLI_EUSER;
		rc = report(&err, auth_user_set_password(cli->st, NULL, username, pw, &err));
		free_password(pw);
		return rc;
	}
	/* grant, ungrant */
	if (auth_user_get(cli->st, username, &u, &err))
		return cli_error_from(&err);
	u.identity_grant = !strcmp(what, "grant");
	return report(&err, auth_user_update(cli->st, NULL, &u, &err));
}

static int user_role(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, OPT_ROLE},
		{"agency", required_argument, NULL, OPT_AGENCY},
		{"org", required_argument, NULL, OPT_ORG},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	enum user_role role = ROLE_NONE;
	const char *agency = "", *org = "";
	struct mapo_error err;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_ROLE:
			if (parse_user_role(usage_role, optarg, &role))
				return CLI_EUSAGE;
			break;
		case OPT_AGENCY: agency = optarg; break;
		case OPT_ORG: org = optarg; break;
		case 'h':
		case OPT_HELP:
			return cli_help("user");
		default:
			return cli_option_error(usage_role, ch, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(usage_role, "%s", _("a username is required"));
	if (optind + 1 < argc)
		return cli_usage_error(usage_role, _("unexpected argument '%s'"), argv[optind + 1]);
	if (role == ROLE_NONE)
		return cli_usage_error(usage_role, _("option '%s' is required"), "--role");
	if (strlen(agency) >= CODE_MAX || strlen(org) >= ORG_MAX)
		return cli_error("%s", _("the agency or organisation is too long"));
	if ((rc = cli_open(cli, false)) || (rc = check_agency(cli, agency)))
		return rc;
	mapo_error_clear(&err);
	return report(&err, auth_user_set_role(cli->st, NULL, argv[optind], role, agency, org, &err));
}

static int user_unlock(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"address", required_argument, NULL, OPT_ADDRESS},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	struct mapo_error err;
	int ch, rc;

	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_ADDRESS: address = optarg; break;
		case 'h':
		case OPT_HELP:
			return cli_help("user");
		default:
			return cli_option_error(usage_unlock, ch, argv);
		}
	}
	int nargs = argc - optind;
	if ((address && nargs) || (!address && nargs != 1))
		return cli_usage_error(usage_unlock, "%s", _("give either a username or --address"));
	if ((rc = cli_open(cli, false)))
		return rc;
	mapo_error_clear(&err);
	return report(&err, auth_unlock(cli->st, NULL, address ? "address" : "user",
		address ? address : argv[optind], &err));
}

struct locks_ctx {
	struct table t;
	int64_t now;
};

static int locks_one(const struct auth_lock *l, void *arg)
{
	struct locks_ctx *ctx = arg;
	char failures[16], last[32], until[32];
	snprintf(failures, sizeof(failures), "%d", l->failures);
	format_time(l->last_failure, last);
	format_time(l->locked_until > ctx->now ? l->locked_until : 0, until);
	const char *row[] = {!strcmp(l->scope, "user") ? _("account") : _("address"), l->key, failures, last, until};
	table_add_row(&ctx->t, row);
	return 0;
}

static int user_locks(struct cli *cli, int argc, char **argv)
{
	struct locks_ctx ctx;
	struct mapo_error err;
	int rc;
	if (argc > 1)
		return cli_usage_error(usage_locks, _("unexpected argument '%s'"), argv[1]);
	if ((rc = cli_open(cli, false)))
		return rc;
	const char *head[] = {_("KIND"), _("ACCOUNT OR ADDRESS"), _("FAILURES"), _("LAST FAILURE (UTC)"),
		_("LOCKED UNTIL (UTC)")};
	table_init(&ctx.t, head, 5);
	table_set_align(&ctx.t, 2, TABLE_RIGHT);
	ctx.now = auth_now();
	mapo_error_clear(&err);
	rc = auth_lock_list(cli->st, locks_one, &ctx, &err);
	rc = rc ? cli_error_from(&err) : cli_print_table(&ctx.t, FORMAT_TABLE);
	table_release(&ctx.t);
	return rc;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", user_add}, {"list", user_list}, {"disable", user_simple}, {"enable", user_simple},
		{"passwd", user_simple}, {"grant", user_simple}, {"ungrant", user_simple}, {"role", user_role},
		{"unlock", user_unlock}, {"locks", user_locks},
	};
	/* Every subcommand may hash or draw random bytes; only help comes before that. */
	if (argc >= 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h") && auth_init())
		return cli_error("%s", _("the system's random number generator is not available"));
	return cli_run_sub(cli, argc, argv, subs, sizeof(subs) / sizeof(subs[0]), "user", usage_user,
		_("which user command?"), _("unknown user command '%s'"));
}

/* mapo token */

struct token_ctx {
	struct table t;
};

static int token_one(const struct api_token *tk, void *arg)
{
	struct token_ctx *ctx = arg;
	char id[24], created[32], used[32];
	snprintf(id, sizeof(id), "%lld", (long long)tk->id);
	format_time(tk->created_at, created);
	format_time(tk->last_used, used);
	const char *row[] = {id, tk->label, created, used};
	table_add_row(&ctx->t, row);
	return 0;
}

int cmd_token(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"label", required_argument, NULL, OPT_LABEL},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	const char *label = "";
	struct mapo_error err;
	int ch, rc;

	if (argc < 2)
		return cli_usage_error(usage_token, "%s", _("which token command?"));
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h"))
		return cli_help("token");
	bool create = !strcmp(sub, "create"), list = !strcmp(sub, "list"), revoke = !strcmp(sub, "revoke");
	if (!create && !list && !revoke)
		return cli_usage_error(usage_token, _("unknown token command '%s'"), sub);
	argc--;
	argv++;
	cli_getopt_reset();
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_LABEL:
			if (!create)
				return cli_usage_error(usage_token, _("unknown option '%s'"), "--label");
			label = optarg;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("token");
		default:
			return cli_option_error(usage_token, ch, argv);
		}
	}
	int nargs = argc - optind;
	if (nargs < 1)
		return cli_usage_error(usage_token, "%s", _("a username is required"));
	if (nargs > (revoke ? 2 : 1))
		return cli_usage_error(usage_token, _("unexpected argument '%s'"), argv[optind + (revoke ? 2 : 1)]);
	const char *username = argv[optind];
	long long id = 0;
	if (revoke && nargs == 2 && parse_int(argv[optind + 1], 1, INT64_MAX, &id))
		return cli_usage_error(usage_token, _("'%s' is not a token number"), argv[optind + 1]);
	if (auth_init())
		return cli_error("%s", _("the system's random number generator is not available"));
	if ((rc = cli_open(cli, false)))
		return rc;
	mapo_error_clear(&err);

	if (create) {
		char token[AUTH_TOKEN_STRLEN];
		int64_t tid = 0;
		if (auth_api_token_create(cli->st, NULL, username, label, token, &tid, &err))
			return cli_error_from(&err);
		printf("%s\n", token);
		fprintf(stderr, _("token %lld for '%s': keep it now, it is not shown again\n"), (long long)tid, username);
		memset(token, 0, sizeof(token));
		return CLI_OK;
	}
	if (revoke)
		return report(&err, auth_api_token_revoke(cli->st, NULL, username, id, &err));

	struct token_ctx ctx;
	const char *head[] = {_("ID"), _("LABEL"), _("CREATED (UTC)"), _("LAST USED (UTC)")};
	table_init(&ctx.t, head, 4);
	table_set_align(&ctx.t, 0, TABLE_RIGHT);
	rc = auth_api_token_list(cli->st, NULL, username, token_one, &ctx, &err);
	rc = rc ? cli_error_from(&err) : cli_print_table(&ctx.t, FORMAT_TABLE);
	table_release(&ctx.t);
	return rc;
}

/* Translated when printed (main.c prints help through _()). */
const char cmd_user_help[] = NH_(
	"usage: mapo user add USERNAME --role ROLE [--agency CODE] [--org NAME] [--name TEXT]\n"
	"                     [--lang ms|en] [--identity-grant]\n"
	"   or: mapo user list [--format table|csv|json]\n"
	"   or: mapo user disable|enable|passwd|grant|ungrant USERNAME\n"
	"   or: mapo user role USERNAME --role ROLE [--agency CODE] [--org NAME]\n"
	"   or: mapo user unlock USERNAME | --address ADDRESS\n"
	"   or: mapo user locks\n"
	"\n"
	"Accounts of the web application. add and passwd read the password from standard input:\n"
	"on a terminal it is asked for twice without echo, from a pipe the first line is used.\n"
	"Passwords are stored as argon2id hashes; disabling an account or changing its password\n"
	"or role ends its sessions. Every change is recorded in the audit trail.\n"
	"\n"
	"  --role ROLE         admin, secretariat, agency-officer, prosecutor, protection-officer,\n"
	"                      partner\n"
	"  --agency CODE       the agency of an agency officer (PDRM, JIM, KDRM, APMM, JTK)\n"
	"  --org NAME          the organisation of a partner\n"
	"  --name TEXT         the name shown in the application\n"
	"  --lang ms|en        the interface language (default ms)\n"
	"  --identity-grant    secretariat only: may see person identities (also: grant, ungrant)\n"
	"  --address ADDRESS   unlock: clear the failed sign-ins of an address instead of an account\n"
	"  --format FORMAT     list: table (default), csv or json\n");

/* Translated when printed (main.c prints help through _()). */
const char cmd_token_help[] = NH_(
	"usage: mapo token create USERNAME [--label TEXT]\n"
	"   or: mapo token list USERNAME\n"
	"   or: mapo token revoke USERNAME [ID]\n"
	"\n"
	"Long-lived API tokens for scripts, sent as 'Authorization: Bearer TOKEN'. create prints\n"
	"the new token once; only its hash is kept. revoke without ID revokes all of the user's\n"
	"tokens.\n"
	"\n"
	"  --label TEXT   what the token is for\n");
