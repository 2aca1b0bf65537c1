/* mapo serve: the web application (src/web). Owned by the web work. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/protection.h"
#include "core/tier.h"
#include "web/server.h"

/* Translated where it is printed (cli_print_help); an array, so that main.c's table can point at it. */
const char cmd_serve_help[] = NH_(
	"usage: mapo serve [--listen HOST:PORT] [--threads N] [--idle-timeout SECONDS]\n"
	   "                  [--absolute-timeout SECONDS] [--secure-cookies]\n"
	   "\n"
	   "Serves the web pages and the JSON API (/api/v1) until SIGTERM or SIGINT, then finishes\n"
	   "the requests in flight and closes the database. One line per request goes to stderr.\n"
	   "\n"
	   "  --listen HOST:PORT        the address to listen on (default 127.0.0.1:8080; port 0\n"
	   "                            takes a free one, printed at start)\n"
	   "  --threads N               worker threads (default: twice the cores, at least 4)\n"
	   "  --idle-timeout SECONDS    end a session unused this long (default 1800;\n"
	   "                            also $MAPO_SESSION_IDLE)\n"
	   "  --absolute-timeout SECONDS end a session this long after sign-in (default 43200;\n"
	   "                            also $MAPO_SESSION_ABSOLUTE)\n"
	   "  --secure-cookies          mark cookies Secure (when a TLS proxy is in front)\n");

static const char *const usage = N_("mapo serve [--listen HOST:PORT] [--threads N] [--idle-timeout SECONDS]");

enum { OPT_LISTEN = 256, OPT_THREADS, OPT_IDLE, OPT_ABSOLUTE, OPT_SECURE, OPT_HELP };

static int env_seconds(const char *name, int64_t *out)
{
	const char *v = getenv(name);
	long long n;
	if (!v || !*v)
		return 0;
	if (parse_int(v, 1, 365LL * 86400, &n))
		return cli_usage_error(usage, _("%s must be a number of seconds"), name);
	*out = n;
	return 0;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, OPT_LISTEN},
		{"threads", required_argument, NULL, OPT_THREADS},
		{"idle-timeout", required_argument, NULL, OPT_IDLE},
		{"absolute-timeout", required_argument, NULL, OPT_ABSOLUTE},
		{"secure-cookies", no_argument, NULL, OPT_SECURE},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct web_config cfg;
	struct mapo_error err;
	long long n;
	int c, rc;

	mapo_error_clear(&err);
	web_config_init(&cfg);
	if ((rc = env_seconds("MAPO_SESSION_IDLE", &cfg.auth.idle_timeout)) ||
		(rc = env_seconds("MAPO_SESSION_ABSOLUTE", &cfg.auth.absolute_timeout)))
		return rc;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			if (strlen(optarg) >= sizeof(cfg.listen))
				return cli_usage_error(usage, _("bad listen address '%s' (expected HOST:PORT)"), optarg);
			snprintf(cfg.listen, sizeof(cfg.listen), "%s", optarg);
			break;
		case OPT_THREADS:
			if (cli_parse_count(usage, "--threads", optarg, 1, 256, &n))
				return CLI_EUSAGE;
			cfg.threads = (unsigned)n;
			break;
		case OPT_IDLE:
			if (cli_parse_count(usage, "--idle-timeout", optarg, 1, 365LL * 86400, &n))
				return CLI_EUSAGE;
			cfg.auth.idle_timeout = n;
			break;
		case OPT_ABSOLUTE:
			if (cli_parse_count(usage, "--absolute-timeout", optarg, 1, 365LL * 86400, &n))
				return CLI_EUSAGE;
			cfg.auth.absolute_timeout = n;
			break;
		case OPT_SECURE:
			cfg.secure_cookies = true;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help("serve");
		default:
			return cli_option_error(usage, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage, _("unexpected argument '%s'"), argv[optind]);
	/* cli_open checks the database exists and brings its schema up to date; the server then
	 * opens one connection per worker thread itself. */
	if ((rc = cli_open(cli, false)))
		return rc;
	/* The tier pages read the tier rules and placements: a database made by `mapo demo` or before
	 * they existed gets the built-in files, as the first `mapo tier` command would load them. */
	struct tier_rules probe;
	tier_rules_init(&probe);
	rc = tier_rules_read(cli->st, &probe, &err);
	tier_rules_release(&probe);
	mapo_error_clear(&err);
	if (rc == MAPO_ENOTFOUND && (rc = cli_install_tiers(cli, cli_data_dir(NULL))))
		return rc;
	/* Health results recorded before migration 0009 are in clear until a key is at hand: the
	 * server seals them when it has one (without a key it serves no sealed value anyway). */
	char *key_path = vault_key_path(NULL, cli->db_path);
	vault *v = NULL;
	if (!vault_open(&v, key_path, &err))
		rc = protect_health_seal_unsealed(cli->st, v, NULL, &err);
	vault_free(v);
	free(key_path);
	if (rc)
		return cli_error_from(&err);
	mapo_error_clear(&err);
	store_free(cli->st);
	cli->st = NULL;
	cfg.db_path = cli->db_path;
	if (web_serve(&cfg, &err))
		return cli_error_from(&err);
	return CLI_OK;
}
