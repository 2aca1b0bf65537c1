/* What the commands share: messages, option values, opening the database, the progress bar. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

void cli_init(struct cli *cli)
{
	cli->db_path = "mapo.db";
	cli->st = NULL;
	refdata_init(&cli->rd);
	cli->rd_loaded = false;
}

void cli_release(struct cli *cli)
{
	store_free(cli->st);
	cli->st = NULL;
	refdata_release(&cli->rd);
	cli->rd_loaded = false;
}

/* "mapo: MESSAGE" and a line end on stderr. */
static void vmessage(const char *fmt, va_list ap)
{
	fputs("mapo: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	return CLI_EUSER;
}

int cli_error_from(const struct mapo_error *err)
{
	if (err && err->msg[0])
		return cli_error("%s", err->msg);
	return cli_error("%s", _("the operation failed"));
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("usage: %s\n"), _(usage));
	return CLI_EUSAGE;
}

int cli_option_error(const char *usage, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	if (c == ':')
		return cli_usage_error(usage, _("option '%s' needs a value"), arg);
	if (!strncmp(arg, "--", 2)) {
		/* A long option is named without its value ("--force=yes" names "--force"). */
		int len = (int)strcspn(arg, "=");
		if (arg[len] == '=' && optopt)
			return cli_usage_error(usage, _("option '%.*s' takes no value"), len, arg);
		return cli_usage_error(usage, _("unknown option '%.*s'"), len, arg);
	}
	return cli_usage_error(usage, _("unknown option '-%c'"), optopt > 0 && optopt < 128 ? optopt : '?');
}

void cli_getopt_reset(void)
{
	/* 0 makes glibc's getopt start over entirely, not only from argv[1]. */
	optind = 0;
	opterr = 0;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int cli_open(struct cli *cli, bool create)
{
	struct mapo_error err;
	int current = 0, known = 0;

	if (cli->st)
		return CLI_OK;
	mapo_error_clear(&err);
	bool is_url = !strncmp(cli->db_path, "postgresql://", 13) || !strncmp(cli->db_path, "postgres://", 11);
	if (!create && !is_url && !file_exists(cli->db_path))
		return cli_error(_("no database at '%s'; create it with 'mapo init'"), cli->db_path);
	if (store_open(&cli->st, cli->db_path, &err))
		return cli_error_from(&err);
	if (store_schema_version(cli->st, &current, &known, &err))
		goto fail;
	if (current > known)
		return cli_error(_("the database '%s' is newer than this mapo (schema %d, this mapo knows %d)"),
			cli->db_path, current, known);
	if (current == 0 && !create)
		return cli_error(_("the database '%s' is not set up; run 'mapo init'"), cli->db_path);
	if (current < known && store_migrate(cli->st, &err))
		goto fail;
	return CLI_OK;
fail:
	store_free(cli->st);
	cli->st = NULL;
	return cli_error_from(&err);
}

int cli_load_refdata(struct cli *cli)
{
	struct mapo_error err;
	if (cli->rd_loaded)
		return CLI_OK;
	mapo_error_clear(&err);
	if (refdata_load(cli->st, &cli->rd, &err))
		return cli_error_from(&err);
	cli->rd_loaded = true;
	return CLI_OK;
}

int cli_parse_date(const char *usage, const char *opt, const char *s, mapo_date *out)
{
	if (date_parse(s, out))
		return cli_usage_error(usage, _("option '%s': '%s' is not a date (YYYY-MM-DD)"), opt, s);
	return 0;
}

int cli_parse_count(const char *usage, const char *opt, const char *s, long long min, long long max,
	long long *out)
{
	if (parse_int(s, min, max, out))
		return cli_usage_error(usage, _("option '%s': '%s' is not a whole number from %lld to %lld"),
			opt, s, min, max);
	return 0;
}

int cli_parse_format(const char *usage, const char *s, unsigned allowed, enum cli_format *out)
{
	static const char *const names[] = {"table", "csv", "json"};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i]) && (allowed & (1u << i))) {
			*out = (enum cli_format)i;
			return 0;
		}
	}
	return cli_usage_error(usage, _("option '%s': unknown format '%s'"), "--format", s);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(struct cli_progress *p, const char *label)
{
	p->label = label;
	p->tty = isatty(STDERR_FILENO) && !getenv("MAPO_NO_PROGRESS");
	p->shown = false;
	p->start = p->tty ? now_seconds() : 0;
	p->last = 0;
	/* Test seam: how long to wait before drawing (seconds), so a test need not be slow. */
	p->delay = 1.0;
	const char *delay = getenv("MAPO_PROGRESS_DELAY");
	long long d;
	if (delay && !parse_int(delay, 0, 3600, &d))
		p->delay = (double)d;
}

void cli_progress_update(struct cli_progress *p, unsigned long long done, unsigned long long total)
{
	if (!p->tty)
		return;
	double t = now_seconds();
	if (t - p->start < p->delay || (p->shown && t - p->last < 0.1 && done < total))
		return;
	p->last = t;
	p->shown = true;
	enum { WIDTH = 30 };
	if (total) {
		if (done > total)
			done = total;
		int fill = (int)(done * WIDTH / total);
		char bar[WIDTH + 1];
		memset(bar, '#', (size_t)fill);
		memset(bar + fill, '.', (size_t)(WIDTH - fill));
		bar[WIDTH] = '\0';
		fprintf(stderr, "\r%s [%s] %3d%%", p->label, bar, (int)(done * 100 / total));
	} else {
		fprintf(stderr, "\r%s %llu", p->label, done);
	}
	fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = false;
}

int cli_print_buf(const struct buf *b, int rc)
{
	if (rc)
		return cli_error("%s", _("the output is too large"));
	fwrite(b->data ? b->data : "", 1, b->len, stdout);
	return CLI_OK;
}

int cli_print_json(const json_t *j)
{
	struct buf out = BUF_INIT;
	int rc = json_write(&out, j, true);
	rc = cli_print_buf(&out, rc);
	buf_release(&out);
	return rc;
}

int cli_print_table(const struct table *t, enum cli_format format)
{
	struct buf out = BUF_INIT;
	int rc = format == FORMAT_CSV ? table_write_csv(&out, t) : table_write_text(&out, t);
	rc = cli_print_buf(&out, rc);
	buf_release(&out);
	return rc;
}

void cli_list_init(struct cli_list *l, enum cli_format format, const char *const *csv_head,
	const char *const *text_head, size_t ncols)
{
	l->format = format;
	table_init(&l->t, format == FORMAT_CSV ? csv_head : text_head, ncols);
	l->arr = format == FORMAT_JSON ? json_array() : NULL;
}

int cli_list_print(const struct cli_list *l)
{
	return l->format == FORMAT_JSON ? cli_print_json(l->arr) : cli_print_table(&l->t, l->format);
}

void cli_list_release(struct cli_list *l)
{
	table_release(&l->t);
	json_decref(l->arr);
	l->arr = NULL;
}

int cli_parse_plain(int argc, char **argv, const char *usage, const char *help_name, unsigned formats,
	enum cli_format *format)
{
	enum { OPT_FORMAT = 256, OPT_HELP };
	static const struct option with_format[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"help", no_argument, NULL, OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	/* Without formats --format is unknown, as in any command that has no such option. */
	const struct option *opts = formats ? with_format : with_format + 1;
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (cli_parse_format(usage, optarg, formats, format))
				return CLI_EUSAGE;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(help_name);
			return -1;
		default:
			return cli_option_error(usage, c, argv);
		}
	}
	return 0;
}

int cli_run_sub(struct cli *cli, int argc, char **argv, const struct cli_sub *subs, size_t nsubs,
	const char *help_name, const char *usage, const char *missing, const char *unknown)
{
	if (argc < 2)
		return cli_usage_error(usage, "%s", missing);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help(help_name);
	for (size_t i = 0; i < nsubs; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(cli, argc - 1, argv + 1);
	return cli_usage_error(usage, unknown, argv[1]);
}

int cli_set_field(char *dst, size_t cap, const char *s, const char *opt)
{
	if (strlen(s) >= cap)
		return cli_error(_("option '%s': '%s' is too long"), opt, s);
	snprintf(dst, cap, "%s", s);
	return 0;
}

int cli_field_errors(const struct field_errors *fe)
{
	for (size_t i = 0; i < fe->n; i++)
		cli_error("%s: %s", fe->v[i].field, fe->v[i].msg);
	return fe->n ? CLI_EUSER : 0;
}

int cli_load_case(struct cli *cli, const char *ref, struct mapo_case *c)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	int rc = store_case_get(cli->st, ref, c, &err);
	if (rc == MAPO_ENOTFOUND)
		return cli_error(_("no case '%s'"), ref);
	if (rc)
		return cli_error_from(&err);
	return 0;
}

void cli_print_problems(const struct strvec *problems)
{
	for (size_t i = 0; i < problems->n; i++)
		fprintf(stderr, "%s\n", problems->v[i]);
}
