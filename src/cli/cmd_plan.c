/* mapo plan|progress|rec|guideline: the national action plan and its progress, the TIP report's
 * recommendations and what the next report will look at, and the operating guidelines with their
 * checklists (core/plan.h); and the loading of the demo plan by `mapo demo` (cli_install_plans). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/plan.h"
#include "io/plan_load.h"
#include "io/plan_out.h"
#include "store/store_plan.h"

const char cmd_plan_help[] = NH_(
	"usage: mapo plan import FILE [--sheet NAME]\n"
	"   or: mapo plan list [--format table|csv|json]\n"
	"   or: mapo plan show CODE [--format table|csv|json]\n"
	"   or: mapo plan status CODE [--year YEAR] [--as-of DATE] [--by activity|pillar|goal|org]\n"
	"                            [--format table|csv|json]\n"
	"   or: mapo plan late CODE [--year YEAR] [--as-of DATE] [--format table|csv|json]\n"
	"   or: mapo plan export CODE FILE.xlsx [--year YEAR] [--as-of DATE]\n"
	"   or: mapo plan delete CODE\n"
	"\n"
	"A national action plan: pillars, strategic goals, objectives and activities, each activity\n"
	"with a lead organisation, supporting organisations, an indicator, a baseline, annual targets\n"
	"and a period. An indicator computed from the case register (cases, arrests, convictions,\n"
	"victims rescued) is never typed: its value is counted from the records.\n"
	"\n"
	"  import     load a plan from a CSV file or an XLSX sheet, all or nothing; bad rows are\n"
	"             listed as FILE:ROW: COLUMN: reason (FILE:SHEET:ROW: for XLSX)\n"
	"  status     each activity's target, value, status and flags in YEAR as of DATE, or the\n"
	"             roll-up by pillar, goal or lead organisation\n"
	"  late       the activities at risk or overdue\n"
	"  export     the status and the roll-ups as an XLSX workbook\n"
	"\n"
	"  --sheet NAME      the XLSX sheet (default the first)\n"
	"  --year YEAR       the plan year (default the year of --as-of)\n"
	"  --as-of DATE      the day of the status (default today)\n"
	"  --by WHAT         activity (default), pillar, goal or org\n"
	"  --format FORMAT   table (default), csv or json\n");

const char cmd_progress_help[] = NH_(
	"usage: mapo progress add PLAN ACTIVITY --year YEAR --quarter Q --status STATUS [--value N]\n"
	"                         [--narrative TEXT] [--evidence FILE] [--org CODE]\n"
	"   or: mapo progress list PLAN [ACTIVITY] [--year YEAR] [--format table|csv|json]\n"
	"\n"
	"Quarterly progress reports by the lead organisation. The value is the year-to-date figure\n"
	"at the end of the quarter; an indicator computed from the case register takes no value.\n"
	"A report for the same quarter replaces the earlier one.\n"
	"\n"
	"  --status STATUS   not-started, on-track, at-risk, delayed or done\n"
	"  --evidence FILE   a file kept with the report (at most 5 MiB)\n"
	"  --org CODE        the reporting organisation (default the activity's lead)\n");

const char cmd_rec_help[] = NH_(
	"usage: mapo rec import FILE [--sheet NAME]\n"
	"   or: mapo rec list [--year YEAR] [--format table|csv|json]\n"
	"   or: mapo rec set YEAR RANK --status STATUS [--evidence TEXT]\n"
	"   or: mapo rec outlook [--year YEAR] [--as-of DATE] [--format table|json]\n"
	"\n"
	"The prioritised recommendations of each year's US Trafficking in Persons report for the\n"
	"country, linked to plan activities and council action items, with their status and the\n"
	"evidence reported back. outlook shows what the next report will look at: the figures of\n"
	"its reporting period so far beside the same span a year earlier (TIP and SOM apart), and\n"
	"each recommendation with the state of its activities.\n"
	"\n"
	"  --status STATUS   open, in-progress, addressed or not-addressed\n"
	"  --year YEAR       the report year of the recommendations (default the latest)\n");

const char cmd_guideline_help[] = NH_(
	"usage: mapo guideline import FILE [--sheet NAME]\n"
	"   or: mapo guideline list [--format table|csv|json]\n"
	"   or: mapo guideline show CODE [--version N] [--format table|csv|json]\n"
	"   or: mapo guideline check CODE --subject operation|prosecution|shelter --ref REF\n"
	"                            --agency CODE --date DATE [--version N]\n"
	"                            [--answer ITEM=yes|no|na]... [--all yes|no|na] [--note TEXT]\n"
	"   or: mapo guideline compliance [CODE] [--from DATE] [--to DATE] [--by-subject]\n"
	"                            [--format table|csv|json]\n"
	"\n"
	"Operating guidelines in versions, each with a checklist; checklist results recorded against\n"
	"enforcement operations and prosecution steps (a case reference) and shelters (a code); and\n"
	"the compliance of each agency over a period: yes / (yes + no), not-applicable left out.\n"
	"\n"
	"  --all ANSWER      answer every applicable item not given by --answer\n");

static const char *const usage_plan = N_("mapo plan import|list|show|status|late|export|delete ...");
static const char *const usage_progress = N_("mapo progress add|list ...");
static const char *const usage_rec = N_("mapo rec import|list|set|outlook ...");
static const char *const usage_guideline = N_("mapo guideline import|list|show|check|compliance ...");

/* Every option of these commands; each subcommand accepts a subset. */
enum {
	O_SHEET = 0, O_FORMAT, O_YEAR, O_AS_OF, O_BY, O_VALUE, O_STATUS, O_NARRATIVE, O_EVIDENCE, O_ORG,
	O_QUARTER, O_SUBJECT, O_REF, O_AGENCY, O_DATE, O_VERSION, O_ANSWER, O_ALL, O_NOTE, O_FROM, O_TO,
	O_BY_SUBJECT, O_HELP, O__COUNT
};
#define OPT(x) (1u << (x))

struct opts {
	const char *v[O__COUNT];
	bool set[O__COUNT];
	struct strvec answers;
	char **args; /* positional, after the subcommand */
	int nargs;
	enum cli_format format;
	int year;
	mapo_date as_of, from, to, date;
};

static void opts_release(struct opts *o)
{
	strvec_release(&o->answers);
}

/* Parses argv (argv[0] the subcommand) allowing the options in mask; a cli_exit (usage errors
 * printed) or -1 when --help was given (help printed). */
static int parse_opts(struct opts *o, int argc, char **argv, unsigned mask, const char *usage, const char *help_cmd)
{
	static const struct option longopts[] = {
		{"sheet", required_argument, NULL, 256 + O_SHEET},
		{"format", required_argument, NULL, 256 + O_FORMAT},
		{"year", required_argument, NULL, 256 + O_YEAR},
		{"as-of", required_argument, NULL, 256 + O_AS_OF},
		{"by", required_argument, NULL, 256 + O_BY},
		{"value", required_argument, NULL, 256 + O_VALUE},
		{"status", required_argument, NULL, 256 + O_STATUS},
		{"narrative", required_argument, NULL, 256 + O_NARRATIVE},
		{"evidence", required_argument, NULL, 256 + O_EVIDENCE},
		{"org", required_argument, NULL, 256 + O_ORG},
		{"quarter", required_argument, NULL, 256 + O_QUARTER},
		{"subject", required_argument, NULL, 256 + O_SUBJECT},
		{"ref", required_argument, NULL, 256 + O_REF},
		{"agency", required_argument, NULL, 256 + O_AGENCY},
		{"date", required_argument, NULL, 256 + O_DATE},
		{"version", required_argument, NULL, 256 + O_VERSION},
		{"answer", required_argument, NULL, 256 + O_ANSWER},
		{"all", required_argument, NULL, 256 + O_ALL},
		{"note", required_argument, NULL, 256 + O_NOTE},
		{"from", required_argument, NULL, 256 + O_FROM},
		{"to", required_argument, NULL, 256 + O_TO},
		{"by-subject", no_argument, NULL, 256 + O_BY_SUBJECT},
		{"help", no_argument, NULL, 256 + O_HELP},
		{NULL, 0, NULL, 0},
	};
	int c;
	memset(o, 0, sizeof(*o));
	strvec_init(&o->answers);
	o->as_of = o->from = o->to = o->date = DATE_NONE;
	mask |= OPT(O_HELP);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h' || c == 256 + O_HELP) {
			cli_help(help_cmd);
			return -1;
		}
		if (c < 256 || c >= 256 + O__COUNT)
			return cli_option_error(usage, c, argv);
		int k = c - 256;
		if (!(mask & OPT(k)))
			return cli_usage_error(usage, _("option '--%s' does not apply here"), longopts[k].name);
		o->v[k] = optarg;
		o->set[k] = true;
		if (k == O_ANSWER)
			strvec_push(&o->answers, optarg);
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	if (o->set[O_FORMAT] && cli_parse_format(usage, o->v[O_FORMAT], 7, &o->format))
		return CLI_EUSAGE;
	long long y;
	if (o->set[O_YEAR] && cli_parse_count(usage, "--year", o->v[O_YEAR], 1900, 9999, &y))
		return CLI_EUSAGE;
	o->year = o->set[O_YEAR] ? (int)y : 0;
	if ((o->set[O_AS_OF] && cli_parse_date(usage, "--as-of", o->v[O_AS_OF], &o->as_of)) ||
	    (o->set[O_FROM] && cli_parse_date(usage, "--from", o->v[O_FROM], &o->from)) ||
	    (o->set[O_TO] && cli_parse_date(usage, "--to", o->v[O_TO], &o->to)) ||
	    (o->set[O_DATE] && cli_parse_date(usage, "--date", o->v[O_DATE], &o->date)))
		return CLI_EUSAGE;
	return CLI_OK;
}

static int want_args(const struct opts *o, int min, int max, const char *usage, const char *what)
{
	if (o->nargs < min)
		return cli_usage_error(usage, "%s", what);
	if (o->nargs > max)
		return cli_usage_error(usage, _("unexpected argument '%s'"), o->args[max]);
	return CLI_OK;
}

static int open_db(struct cli *cli)
{
	int rc = cli_open(cli, false);
	return rc ? rc : cli_load_refdata(cli);
}

static void print_problems(const struct strvec *problems)
{
	for (size_t i = 0; i < problems->n; i++)
		fprintf(stderr, "%s\n", problems->v[i]);
}

static void fmt_number(double v, char out[32])
{
	if (isnan(v))
		out[0] = '\0';
	else if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		fmt_count((long long)v, out);
	else
		snprintf(out, 32, "%.2f", v);
}

static void fmt_percent(double v, char out[16])
{
	if (isnan(v))
		out[0] = '\0';
	else
		snprintf(out, 16, "%.0f%%", v * 100);
}

/* Prints t as text or CSV. */
static int print_table(const struct table *t, enum cli_format format)
{
	struct buf out = BUF_INIT;
	int rc = format == FORMAT_CSV ? table_write_csv(&out, t) : table_write_text(&out, t);
	rc = cli_print_buf(&out, rc);
	buf_release(&out);
	return rc;
}

static int print_json_new(json_t *j)
{
	int rc = cli_print_json(j);
	json_decref(j);
	return rc;
}

/* ---- loading the data files (mapo demo) --------------------------------------------------- */

int cli_install_plans(struct cli *cli, const char *dir, unsigned long long seed)
{
	char *plan_path = xasprintf("%s/plans/naptip-3.0.csv", dir);
	char *recs_path = xasprintf("%s/plans/tip-recommendations.csv", dir);
	char *guide_path = xasprintf("%s/guidelines/infectious-disease.csv", dir);
	struct plan plan;
	struct rec_list recs = {NULL, 0, 0};
	struct guideline g;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	size_t nreports = 0;
	int rc = CLI_OK;

	plan_init(&plan);
	guideline_init(&g);
	mapo_error_clear(&err);
	if ((rc = cli_load_refdata(cli)))
		goto out;
	if (access(plan_path, F_OK) == 0) {
		struct plan existing;
		plan_init(&existing);
		int exists = store_plan_get(cli->st, "NAPTIP-3.0", &existing, &err) == 0;
		plan_release(&existing);
		if (!exists) {
			if (plan_load_file(plan_path, NULL, &cli->rd, &plan, &problems, &err) ||
			    plan_import(cli->st, NULL, &plan, &err) ||
			    plan_demo_progress(cli->st, plan.code, date_from_ymd(2021, 6, 30), seed, &nreports, &err))
				goto fail;
		}
	}
	if (access(recs_path, F_OK) == 0 &&
	    (recs_load_file(recs_path, NULL, &recs, &problems, &err) ||
		    plan_recs_import(cli->st, NULL, recs.v, recs.n, &err)))
		goto fail;
	if (access(guide_path, F_OK) == 0) {
		struct guideline existing;
		guideline_init(&existing);
		int rc2 = guideline_load_file(guide_path, NULL, &g, &problems, &err);
		if (!rc2 && store_guideline_get(cli->st, g.code, g.version, &existing, &err) == MAPO_ENOTFOUND)
			rc2 = plan_guideline_import(cli->st, NULL, &g, &err);
		guideline_release(&existing);
		if (rc2)
			goto fail;
	}
	goto out;
fail:
	print_problems(&problems);
	rc = cli_error_from(&err);
out:
	strvec_release(&problems);
	guideline_release(&g);
	rec_list_release(&recs);
	plan_release(&plan);
	free(plan_path);
	free(recs_path);
	free(guide_path);
	return rc;
}

/* ---- mapo plan ---------------------------------------------------------------------------- */

static int plan_import_cmd(struct cli *cli, const struct opts *o)
{
	struct plan plan;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 1, 1, N_("mapo plan import FILE [--sheet NAME]"), _("give the plan's file"))))
		return rc;
	plan_init(&plan);
	mapo_error_clear(&err);
	if ((rc = open_db(cli)))
		goto out;
	if (plan_load_file(o->args[0], o->v[O_SHEET], &cli->rd, &plan, &problems, &err) ||
	    plan_import(cli->st, NULL, &plan, &err)) {
		print_problems(&problems);
		rc = cli_error_from(&err);
		goto out;
	}
	size_t count[PLAN_LEVEL__COUNT] = {0};
	for (size_t i = 0; i < plan.n; i++)
		count[plan.nodes[i].level]++;
	printf(_("plan %s %d-%d: %zu pillars, %zu goals, %zu objectives, %zu activities\n"), plan.code,
		plan.start_year, plan.end_year, count[PLAN_PILLAR], count[PLAN_GOAL], count[PLAN_OBJECTIVE],
		count[PLAN_ACTIVITY]);
out:
	strvec_release(&problems);
	plan_release(&plan);
	return rc;
}

struct list_ctx {
	struct table *t;
	json_t *arr;
};

static int list_plan(const struct plan *p, void *arg)
{
	struct list_ctx *ctx = arg;
	char years[32];
	snprintf(years, sizeof(years), "%d-%d", p->start_year, p->end_year);
	const char *cells[] = {p->code, years, plan_title(p->title_ms, p->title_en, i18n_lang())};
	if (ctx->arr) {
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(p->code));
		json_object_set_new(j, "title", json_string(cells[2]));
		json_object_set_new(j, "start_year", json_integer(p->start_year));
		json_object_set_new(j, "end_year", json_integer(p->end_year));
		json_array_append_new(ctx->arr, j);
	} else {
		table_add_row(ctx->t, cells);
	}
	return 0;
}

static int plan_list_cmd(struct cli *cli, const struct opts *o)
{
	const char *heads[] = {_("Code"), _("Years"), _("Title")};
	struct table t;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 0, 0, N_("mapo plan list [--format table|csv|json]"), "")) || (rc = open_db(cli)))
		return rc;
	table_init(&t, heads, 3);
	struct list_ctx ctx = {&t, o->format == FORMAT_JSON ? json_array() : NULL};
	if (store_plan_list(cli->st, list_plan, &ctx, &err))
		rc = cli_error_from(&err);
	else if (ctx.arr)
		rc = cli_print_json(ctx.arr);
	else
		rc = print_table(&t, o->format);
	json_decref(ctx.arr);
	table_release(&t);
	return rc;
}

static int plan_show_cmd(struct cli *cli, const struct opts *o)
{
	struct plan plan;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 1, 1, N_("mapo plan show CODE [--format table|csv|json]"), _("give the plan's code"))) ||
	    (rc = open_db(cli)))
		return rc;
	plan_init(&plan);
	if (store_plan_get(cli->st, o->args[0], &plan, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (o->format == FORMAT_JSON) {
		rc = print_json_new(plan_to_json(&plan, i18n_lang()));
		goto out;
	}
	const char *heads[] = {_("Level"), _("Code"), _("Title"), _("Lead"), _("Indicator"), _("Years"), _("Targets")};
	struct table t;
	table_init(&t, heads, 7);
	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_node *nd = &plan.nodes[i];
		char years[32] = "";
		struct buf targets = BUF_INIT;
		if (nd->level == PLAN_ACTIVITY) {
			snprintf(years, sizeof(years), "%d-%d", nd->start_year, nd->end_year);
			for (int y = nd->start_year; y <= nd->end_year; y++) {
				char n[32];
				fmt_number(plan_target(&plan, nd, y), n);
				buf_printf(&targets, "%s%s", y > nd->start_year ? " / " : "", *n ? n : "-");
			}
		}
		const char *indicator = nd->level == PLAN_ACTIVITY
			? (nd->computed != MEASURE_NONE ? plan_measure_name(nd->computed, i18n_lang())
							: plan_title(nd->indicator_ms, nd->indicator_en, i18n_lang()))
			: "";
		const char *cells[] = {plan_level_name(nd->level, i18n_lang()), nd->code,
			plan_title(nd->title_ms, nd->title_en, i18n_lang()), nd->lead, indicator, years, buf_str(&targets)};
		table_add_row(&t, cells);
		buf_release(&targets);
	}
	rc = print_table(&t, o->format);
	table_release(&t);
out:
	plan_release(&plan);
	return rc;
}

/* Loads the status of the plan in args[0] for --year/--as-of. */
static int load_status(struct cli *cli, const struct opts *o, struct plan_status *ps)
{
	struct mapo_error err;
	mapo_date as_of = o->as_of == DATE_NONE ? date_today() : o->as_of;
	int year = o->year;
	int rc;
	if ((rc = open_db(cli)))
		return rc;
	if (!year) {
		/* Without --year: the year of as_of, within the plan's years. */
		struct plan head;
		plan_init(&head);
		rc = store_plan_get(cli->st, o->args[0], &head, &err);
		year = date_year(as_of);
		if (!rc && year > head.end_year)
			year = head.end_year;
		if (!rc && year < head.start_year)
			year = head.start_year;
		plan_release(&head);
		if (rc)
			return cli_error_from(&err);
	}
	if (plan_status_load(cli->st, o->args[0], year, as_of, ps, &err))
		return cli_error_from(&err);
	return CLI_OK;
}

static void flags_text(const struct activity_state *st, struct buf *out)
{
	if (st->overdue)
		buf_printf(out, "%s", _("overdue"));
	if (st->at_risk)
		buf_printf(out, "%s%s", out->len ? ", " : "", _("at risk"));
	if (st->report_missing)
		buf_printf(out, "%s%s", out->len ? ", " : "", _("report missing"));
}

static int print_activities(const struct plan_status *ps, enum cli_format format, bool late_only)
{
	const char *heads[] = {_("Activity"), _("Lead"), _("Indicator"), _("Target"), _("Value"), _("Progress"),
		_("Status"), _("Flags")};
	struct table t;
	table_init(&t, heads, 8);
	for (int c = 3; c <= 5; c++)
		table_set_align(&t, (size_t)c, TABLE_RIGHT);
	for (size_t i = 0; i < ps->n; i++) {
		const struct activity_state *st = &ps->states[i];
		if (late_only && !st->at_risk && !st->overdue)
			continue;
		char target[32], value[32], ratio[16];
		struct buf flags = BUF_INIT;
		fmt_number(st->target, target);
		fmt_number(st->value, value);
		fmt_percent(st->ratio, ratio);
		flags_text(st, &flags);
		const struct plan_node *nd = st->node;
		const char *indicator = nd->computed != MEASURE_NONE ? plan_measure_name(nd->computed, i18n_lang())
								     : plan_title(nd->indicator_ms, nd->indicator_en, i18n_lang());
		const char *cells[] = {nd->code, nd->lead, indicator, target, value, ratio,
			progress_status_name(st->status, i18n_lang()), buf_str(&flags)};
		table_add_row(&t, cells);
		buf_release(&flags);
	}
	int rc = print_table(&t, format);
	table_release(&t);
	return rc;
}

static int print_rollups(const struct plan_status *ps, enum rollup_by by, enum cli_format format)
{
	const char *heads[] = {by == ROLLUP_ORG ? _("Organisation") : _("Code"), _("Title"), _("Activities"),
		_("Progress"), _("Done"), _("At risk"), _("Overdue"), _("Report missing")};
	struct plan_rollup *v;
	size_t n;
	struct table t;
	table_init(&t, heads, 8);
	for (int c = 2; c <= 7; c++)
		table_set_align(&t, (size_t)c, TABLE_RIGHT);
	plan_rollup(ps, by, &v, &n);
	for (size_t i = 0; i < n; i++) {
		char acts[32], pct[16], done[32], risk[32], over[32], miss[32];
		const struct plan_node *nd = by == ROLLUP_ORG ? NULL : plan_find(&ps->plan, v[i].key);
		snprintf(acts, sizeof(acts), "%zu", v[i].activities);
		fmt_percent(v[i].progress, pct);
		snprintf(done, sizeof(done), "%zu", v[i].by_status[PSTATUS_DONE]);
		snprintf(risk, sizeof(risk), "%zu", v[i].at_risk);
		snprintf(over, sizeof(over), "%zu", v[i].overdue);
		snprintf(miss, sizeof(miss), "%zu", v[i].report_missing);
		const char *cells[] = {v[i].key, nd ? plan_title(nd->title_ms, nd->title_en, i18n_lang()) : "", acts, pct,
			done, risk, over, miss};
		table_add_row(&t, cells);
	}
	free(v);
	int rc = print_table(&t, format);
	table_release(&t);
	return rc;
}

static int plan_status_cmd(struct cli *cli, const struct opts *o, bool late_only)
{
	struct plan_status ps;
	int rc;
	const char *usage = late_only ? N_("mapo plan late CODE [--year YEAR] [--as-of DATE] [--format table|csv|json]")
				      : N_("mapo plan status CODE [--year YEAR] [--as-of DATE] [--by WHAT] [--format F]");
	if ((rc = want_args(o, 1, 1, usage, _("give the plan's code"))))
		return rc;
	int by = -1;
	if (o->set[O_BY]) {
		const char *b = o->v[O_BY];
		by = !strcmp(b, "pillar") ? ROLLUP_PILLAR : !strcmp(b, "goal") ? ROLLUP_GOAL : !strcmp(b, "org") ? ROLLUP_ORG
			: !strcmp(b, "activity") ? -1 : -2;
		if (by == -2)
			return cli_usage_error(usage, _("option '%s': '%s' is not activity, pillar, goal or org"), "--by", b);
	}
	plan_status_init(&ps);
	if ((rc = load_status(cli, o, &ps)))
		goto out;
	if (o->format == FORMAT_JSON) {
		json_t *j = plan_status_to_json(&ps, i18n_lang());
		if (late_only) {
			json_t *acts = json_object_get(j, "activities"), *late = json_array();
			size_t i;
			json_t *a;
			json_array_foreach(acts, i, a)
				if (json_is_true(json_object_get(a, "at_risk")) || json_is_true(json_object_get(a, "overdue")))
					json_array_append(late, a);
			json_object_set_new(j, "activities", late);
		}
		rc = print_json_new(j);
	} else if (by >= 0) {
		rc = print_rollups(&ps, (enum rollup_by)by, o->format);
	} else {
		rc = print_activities(&ps, o->format, late_only);
	}
out:
	plan_status_release(&ps);
	return rc;
}

static int plan_export_cmd(struct cli *cli, const struct opts *o)
{
	struct plan_status ps;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 2, 2, N_("mapo plan export CODE FILE.xlsx [--year YEAR] [--as-of DATE]"),
		     _("give the plan's code and the workbook to write"))))
		return rc;
	plan_status_init(&ps);
	if ((rc = load_status(cli, o, &ps)))
		goto out;
	if (plan_progress_xlsx(&ps, i18n_lang(), o->args[1], &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	char detail[64];
	snprintf(detail, sizeof(detail), "plan-progress %d xlsx", ps.year);
	if (audit_append(cli->st, NULL, "export", "plan", ps.plan.code, detail, NULL, &err))
		rc = cli_error_from(&err);
out:
	plan_status_release(&ps);
	return rc;
}

static int plan_delete_cmd(struct cli *cli, const struct opts *o)
{
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 1, 1, N_("mapo plan delete CODE"), _("give the plan's code"))) || (rc = open_db(cli)))
		return rc;
	if (plan_delete(cli->st, NULL, o->args[0], &err))
		return cli_error_from(&err);
	return CLI_OK;
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned mask;
	} subs[] = {
		{"import", OPT(O_SHEET)},
		{"list", OPT(O_FORMAT)},
		{"show", OPT(O_FORMAT)},
		{"status", OPT(O_YEAR) | OPT(O_AS_OF) | OPT(O_BY) | OPT(O_FORMAT)},
		{"late", OPT(O_YEAR) | OPT(O_AS_OF) | OPT(O_FORMAT)},
		{"export", OPT(O_YEAR) | OPT(O_AS_OF)},
		{"delete", 0},
	};
	struct opts o;
	int rc;
	if (argc < 2)
		return cli_usage_error(usage_plan, "%s", _("give a subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("plan");
	size_t k = 0;
	while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, argv[1]))
		k++;
	if (k == sizeof(subs) / sizeof(subs[0]))
		return cli_usage_error(usage_plan, _("unknown subcommand '%s'"), argv[1]);
	rc = parse_opts(&o, argc - 1, argv + 1, subs[k].mask, usage_plan, "plan");
	if (rc) {
		opts_release(&o);
		return rc < 0 ? CLI_OK : rc;
	}
	switch (k) {
	case 0: rc = plan_import_cmd(cli, &o); break;
	case 1: rc = plan_list_cmd(cli, &o); break;
	case 2: rc = plan_show_cmd(cli, &o); break;
	case 3: rc = plan_status_cmd(cli, &o, false); break;
	case 4: rc = plan_status_cmd(cli, &o, true); break;
	case 5: rc = plan_export_cmd(cli, &o); break;
	default: rc = plan_delete_cmd(cli, &o); break;
	}
	opts_release(&o);
	return rc;
}

/* ---- mapo progress ------------------------------------------------------------------------ */

static int read_evidence(const char *path, struct buf *out, struct mapo_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f)
		return mapo_error_set(err, MAPO_EIO, _("cannot read '%s'"), path);
	buf_init(out, PLAN_EVIDENCE_MAX);
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n))
			rc = mapo_error_set(err, MAPO_ETOOBIG, _("the evidence file is larger than %zu MiB"),
				PLAN_EVIDENCE_MAX >> 20);
	if (!rc && ferror(f))
		rc = mapo_error_set(err, MAPO_EIO, _("cannot read '%s'"), path);
	fclose(f);
	return rc;
}

static int progress_add_cmd(struct cli *cli, const struct opts *o)
{
	static const char *const usage = N_("mapo progress add PLAN ACTIVITY --year YEAR --quarter Q --status STATUS ...");
	struct progress_report r;
	struct buf evidence = BUF_INIT;
	struct mapo_error err;
	long long q;
	int rc;
	if ((rc = want_args(o, 2, 2, usage, _("give the plan and the activity"))))
		return rc;
	if (!o->year || !o->set[O_QUARTER] || !o->set[O_STATUS])
		return cli_usage_error(usage, "%s", _("--year, --quarter and --status are required"));
	if (cli_parse_count(usage, "--quarter", o->v[O_QUARTER], 1, 4, &q))
		return CLI_EUSAGE;
	progress_report_init(&r);
	mapo_error_clear(&err);
	snprintf(r.plan, sizeof(r.plan), "%s", o->args[0]);
	snprintf(r.activity, sizeof(r.activity), "%s", o->args[1]);
	r.year = o->year;
	r.quarter = (int)q;
	r.status = progress_status_parse(o->v[O_STATUS]);
	if (r.status == PSTATUS_NONE) {
		rc = cli_usage_error(usage, _("option '%s': '%s' is not not-started, on-track, at-risk, delayed or done"),
			"--status", o->v[O_STATUS]);
		goto out;
	}
	if (o->set[O_VALUE] && plan_parse_number(o->v[O_VALUE], &r.value)) {
		rc = cli_usage_error(usage, _("option '%s': '%s' is not a number of 0 or more"), "--value", o->v[O_VALUE]);
		goto out;
	}
	if (o->set[O_NARRATIVE]) {
		free(r.narrative);
		r.narrative = xstrdup(o->v[O_NARRATIVE]);
	}
	if (o->set[O_ORG])
		snprintf(r.org, sizeof(r.org), "%s", o->v[O_ORG]);
	if ((rc = open_db(cli)))
		goto out;
	if (o->set[O_EVIDENCE]) {
		const char *slash = strrchr(o->v[O_EVIDENCE], '/');
		if (read_evidence(o->v[O_EVIDENCE], &evidence, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		snprintf(r.evidence_name, sizeof(r.evidence_name), "%s", slash ? slash + 1 : o->v[O_EVIDENCE]);
		snprintf(r.evidence_type, sizeof(r.evidence_type), "application/octet-stream");
		r.evidence_size = evidence.len;
	}
	if (plan_progress_record(cli->st, NULL, &r, o->set[O_EVIDENCE] ? (evidence.data ? evidence.data : "") : NULL,
		    &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	printf(_("%s %s: %d Q%d %s\n"), r.plan, r.activity, r.year, r.quarter, progress_status_name(r.status, i18n_lang()));
out:
	buf_release(&evidence);
	progress_report_release(&r);
	return rc;
}

static int list_report(const struct progress_report *r, void *arg)
{
	struct list_ctx *ctx = arg;
	if (ctx->arr) {
		json_array_append_new(ctx->arr, progress_report_to_json(r));
		return 0;
	}
	char yq[32], value[32];
	snprintf(yq, sizeof(yq), "%d Q%d", r->year, r->quarter);
	fmt_number(r->value, value);
	const char *cells[] = {r->activity, yq, value, progress_status_name(r->status, i18n_lang()), r->org,
		r->evidence_name, r->narrative};
	table_add_row(ctx->t, cells);
	return 0;
}

static int progress_list_cmd(struct cli *cli, const struct opts *o)
{
	const char *heads[] = {_("Activity"), _("Quarter"), _("Value"), _("Status"), _("Organisation"), _("Evidence"),
		_("Narrative")};
	struct table t;
	struct mapo_error err;
	struct plan plan;
	int rc;
	if ((rc = want_args(o, 1, 2, N_("mapo progress list PLAN [ACTIVITY] [--year YEAR] [--format F]"),
		     _("give the plan"))) ||
	    (rc = open_db(cli)))
		return rc;
	plan_init(&plan);
	if (store_plan_get(cli->st, o->args[0], &plan, &err)) {
		plan_release(&plan);
		return cli_error_from(&err);
	}
	if (o->nargs > 1 && !plan_find(&plan, o->args[1])) {
		plan_release(&plan);
		return cli_error(_("no activity '%s' in plan '%s'"), o->args[1], o->args[0]);
	}
	plan_release(&plan);
	table_init(&t, heads, 7);
	table_set_align(&t, 2, TABLE_RIGHT);
	struct list_ctx ctx = {&t, o->format == FORMAT_JSON ? json_array() : NULL};
	if (store_progress_list(cli->st, o->args[0], o->nargs > 1 ? o->args[1] : NULL, o->year, list_report, &ctx, &err))
		rc = cli_error_from(&err);
	else if (ctx.arr)
		rc = cli_print_json(ctx.arr);
	else
		rc = print_table(&t, o->format);
	json_decref(ctx.arr);
	table_release(&t);
	return rc;
}

int cmd_progress(struct cli *cli, int argc, char **argv)
{
	struct opts o;
	int rc;
	if (argc < 2)
		return cli_usage_error(usage_progress, "%s", _("give a subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("progress");
	bool add = !strcmp(argv[1], "add");
	if (!add && strcmp(argv[1], "list"))
		return cli_usage_error(usage_progress, _("unknown subcommand '%s'"), argv[1]);
	unsigned mask = add ? OPT(O_YEAR) | OPT(O_QUARTER) | OPT(O_STATUS) | OPT(O_VALUE) | OPT(O_NARRATIVE) |
			OPT(O_EVIDENCE) | OPT(O_ORG)
			    : OPT(O_YEAR) | OPT(O_FORMAT);
	rc = parse_opts(&o, argc - 1, argv + 1, mask, usage_progress, "progress");
	if (!rc)
		rc = add ? progress_add_cmd(cli, &o) : progress_list_cmd(cli, &o);
	opts_release(&o);
	return rc < 0 ? CLI_OK : rc;
}

/* ---- mapo rec ----------------------------------------------------------------------------- */

static int rec_import_cmd(struct cli *cli, const struct opts *o)
{
	struct rec_list recs = {NULL, 0, 0};
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 1, 1, N_("mapo rec import FILE [--sheet NAME]"), _("give the recommendations' file"))) ||
	    (rc = open_db(cli)))
		return rc;
	if (recs_load_file(o->args[0], o->v[O_SHEET], &recs, &problems, &err) ||
	    plan_recs_import(cli->st, NULL, recs.v, recs.n, &err)) {
		print_problems(&problems);
		rc = cli_error_from(&err);
	} else {
		printf(Q_("%zu recommendation recorded\n", "%zu recommendations recorded\n", recs.n), recs.n);
	}
	strvec_release(&problems);
	rec_list_release(&recs);
	return rc;
}

static int list_rec(const struct recommendation *r, void *arg)
{
	struct list_ctx *ctx = arg;
	if (ctx->arr) {
		json_array_append_new(ctx->arr, recommendation_to_json(r, i18n_lang()));
		return 0;
	}
	char year[16], rank[16];
	snprintf(year, sizeof(year), "%d", r->year);
	snprintf(rank, sizeof(rank), "%d", r->rank);
	char *links = strvec_join(&r->links, "; ");
	const char *cells[] = {year, rank, rec_status_name(r->status, i18n_lang()),
		plan_title(r->text_ms, r->text_en, i18n_lang()), links, r->evidence};
	table_add_row(ctx->t, cells);
	free(links);
	return 0;
}

static int rec_list_cmd(struct cli *cli, const struct opts *o)
{
	const char *heads[] = {_("Year"), _("Rank"), _("Status"), _("Recommendation"), _("Activities"), _("Evidence")};
	struct table t;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 0, 0, N_("mapo rec list [--year YEAR] [--format F]"), "")) || (rc = open_db(cli)))
		return rc;
	table_init(&t, heads, 6);
	struct list_ctx ctx = {&t, o->format == FORMAT_JSON ? json_array() : NULL};
	if (store_rec_list(cli->st, o->year, list_rec, &ctx, &err))
		rc = cli_error_from(&err);
	else if (ctx.arr)
		rc = cli_print_json(ctx.arr);
	else
		rc = print_table(&t, o->format);
	json_decref(ctx.arr);
	table_release(&t);
	return rc;
}

static int rec_set_cmd(struct cli *cli, const struct opts *o)
{
	static const char *const usage = N_("mapo rec set YEAR RANK --status STATUS [--evidence TEXT]");
	struct mapo_error err;
	long long year, rank;
	int rc;
	if ((rc = want_args(o, 2, 2, usage, _("give the report year and the rank"))))
		return rc;
	if (cli_parse_count(usage, "YEAR", o->args[0], 2001, 9999, &year) ||
	    cli_parse_count(usage, "RANK", o->args[1], 1, 100, &rank))
		return CLI_EUSAGE;
	if (!o->set[O_STATUS])
		return cli_usage_error(usage, "%s", _("--status is required"));
	enum rec_status status = rec_status_parse(o->v[O_STATUS]);
	if (status == RSTATUS_NONE)
		return cli_usage_error(usage, _("option '%s': '%s' is not open, in-progress, addressed or not-addressed"),
			"--status", o->v[O_STATUS]);
	if ((rc = open_db(cli)))
		return rc;
	if (plan_rec_update(cli->st, NULL, (int)year, (int)rank, status, o->v[O_EVIDENCE], &err))
		return cli_error_from(&err);
	return CLI_OK;
}

static int rec_outlook_cmd(struct cli *cli, const struct opts *o)
{
	struct plan_outlook ol;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 0, 0, N_("mapo rec outlook [--year YEAR] [--as-of DATE] [--format table|json]"), "")) ||
	    (rc = open_db(cli)))
		return rc;
	plan_outlook_init(&ol);
	if (plan_outlook_load(cli->st, o->year, o->as_of, &ol, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (o->format == FORMAT_JSON) {
		rc = print_json_new(plan_outlook_to_json(&ol, i18n_lang()));
		goto out;
	}
	char from[DATE_STRLEN], to[DATE_STRLEN], as_of[DATE_STRLEN], bfrom[DATE_STRLEN], bto[DATE_STRLEN];
	date_format(ol.from, from);
	date_format(ol.to, to);
	date_format(ol.as_of, as_of);
	date_format(ol.before_from, bfrom);
	date_format(ol.before_to, bto);
	printf(_("The %d TIP report: reporting period %s to %s, figures as of %s\n"), ol.report_year, from, to, as_of);
	printf(_("compared with %s to %s\n\n"), bfrom, bto);
	const char *heads[] = {_("Measure"), _("This period"), _("A year earlier")};
	struct table t;
	table_init(&t, heads, 3);
	table_set_align(&t, 1, TABLE_RIGHT);
	table_set_align(&t, 2, TABLE_RIGHT);
	for (int m = 0; m < MEASURE__COUNT; m++) {
		char now[32], before[32];
		fmt_count(ol.now[m], now);
		fmt_count(ol.before[m], before);
		const char *cells[] = {plan_measure_name((enum plan_measure)m, i18n_lang()), now, before};
		table_add_row(&t, cells);
	}
	rc = print_table(&t, FORMAT_TABLE);
	table_release(&t);
	printf(_("\nRecommendations of the %d report:\n"), ol.rec_year);
	for (size_t i = 0; i < ol.n && !rc; i++) {
		const struct outlook_item *it = &ol.items[i];
		printf("%d. [%s] %s\n", it->rec.rank, rec_status_name(it->rec.status, i18n_lang()),
			plan_title(it->rec.text_ms, it->rec.text_en, i18n_lang()));
		for (size_t j = 0; j < it->nacts; j++) {
			const struct outlook_activity *a = &it->acts[j];
			char pct[16];
			fmt_percent(a->ratio, pct);
			if (!a->found) {
				printf("   %s/%s: %s\n", a->plan, a->code, _("not in the plan for this year"));
				continue;
			}
			printf("   %s/%s (%s): %s%s%s%s%s\n", a->plan, a->code, a->lead, progress_status_name(a->status, i18n_lang()),
				*pct ? ", " : "", pct, a->overdue ? _(", overdue") : "", a->at_risk ? _(", at risk") : "");
		}
		for (size_t j = 0; j < it->nactions; j++) {
			const struct outlook_action *a = &it->actions[j];
			char due[DATE_STRLEN];
			date_format(a->due_on, due);
			if (a->found)
				printf("   %s %s: %s (%s, %s%s%s)%s\n", _("action item"), a->ref, a->title, a->org, a->status,
					*due ? ", " : "", due, a->overdue ? _(", overdue") : "");
			else
				printf("   %s %s\n", _("action item"), a->ref);
		}
		if (it->rec.evidence && *it->rec.evidence)
			printf("   %s: %s\n", _("evidence"), it->rec.evidence);
	}
out:
	plan_outlook_release(&ol);
	return rc;
}

int cmd_rec(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned mask;
	} subs[] = {
		{"import", OPT(O_SHEET)},
		{"list", OPT(O_YEAR) | OPT(O_FORMAT)},
		{"set", OPT(O_STATUS) | OPT(O_EVIDENCE)},
		{"outlook", OPT(O_YEAR) | OPT(O_AS_OF) | OPT(O_FORMAT)},
	};
	struct opts o;
	int rc;
	if (argc < 2)
		return cli_usage_error(usage_rec, "%s", _("give a subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("rec");
	size_t k = 0;
	while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, argv[1]))
		k++;
	if (k == sizeof(subs) / sizeof(subs[0]))
		return cli_usage_error(usage_rec, _("unknown subcommand '%s'"), argv[1]);
	rc = parse_opts(&o, argc - 1, argv + 1, subs[k].mask, usage_rec, "rec");
	if (!rc) {
		switch (k) {
		case 0: rc = rec_import_cmd(cli, &o); break;
		case 1: rc = rec_list_cmd(cli, &o); break;
		case 2: rc = rec_set_cmd(cli, &o); break;
		default: rc = rec_outlook_cmd(cli, &o); break;
		}
	}
	opts_release(&o);
	return rc < 0 ? CLI_OK : rc;
}

/* ---- mapo guideline ----------------------------------------------------------------------- */

static int guideline_import_cmd(struct cli *cli, const struct opts *o)
{
	struct guideline g;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 1, 1, N_("mapo guideline import FILE [--sheet NAME]"), _("give the guideline's file"))) ||
	    (rc = open_db(cli)))
		return rc;
	guideline_init(&g);
	if (guideline_load_file(o->args[0], o->v[O_SHEET], &g, &problems, &err) ||
	    plan_guideline_import(cli->st, NULL, &g, &err)) {
		print_problems(&problems);
		rc = cli_error_from(&err);
	} else {
		printf(_("guideline %s version %d: %zu checklist items\n"), g.code, g.version, g.n);
	}
	strvec_release(&problems);
	guideline_release(&g);
	return rc;
}

static int list_guideline(const struct guideline *g, void *arg)
{
	struct list_ctx *ctx = arg;
	if (ctx->arr) {
		json_array_append_new(ctx->arr, guideline_to_json(g, i18n_lang()));
		return 0;
	}
	char version[16], issued[DATE_STRLEN];
	snprintf(version, sizeof(version), "%d", g->version);
	date_format(g->issued, issued);
	const char *cells[] = {g->code, version, issued, plan_title(g->title_ms, g->title_en, i18n_lang())};
	table_add_row(ctx->t, cells);
	return 0;
}

static int guideline_list_cmd(struct cli *cli, const struct opts *o)
{
	const char *heads[] = {_("Code"), _("Version"), _("Issued"), _("Title")};
	struct table t;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 0, 0, N_("mapo guideline list [--format F]"), "")) || (rc = open_db(cli)))
		return rc;
	table_init(&t, heads, 4);
	struct list_ctx ctx = {&t, o->format == FORMAT_JSON ? json_array() : NULL};
	if (store_guideline_list(cli->st, list_guideline, &ctx, &err))
		rc = cli_error_from(&err);
	else if (ctx.arr)
		rc = cli_print_json(ctx.arr);
	else
		rc = print_table(&t, o->format);
	json_decref(ctx.arr);
	table_release(&t);
	return rc;
}

static int version_opt(const struct opts *o, const char *usage, int *out)
{
	long long v = 0;
	if (o->set[O_VERSION] && cli_parse_count(usage, "--version", o->v[O_VERSION], 1, 999, &v))
		return CLI_EUSAGE;
	*out = (int)v;
	return CLI_OK;
}

static int guideline_show_cmd(struct cli *cli, const struct opts *o)
{
	static const char *const usage = N_("mapo guideline show CODE [--version N] [--format F]");
	struct guideline g;
	struct mapo_error err;
	int version, rc;
	if ((rc = want_args(o, 1, 1, usage, _("give the guideline's code"))) || (rc = version_opt(o, usage, &version)) ||
	    (rc = open_db(cli)))
		return rc;
	guideline_init(&g);
	if (store_guideline_get(cli->st, o->args[0], version, &g, &err)) {
		rc = cli_error_from(&err);
	} else if (o->format == FORMAT_JSON) {
		rc = print_json_new(guideline_to_json(&g, i18n_lang()));
	} else {
		const char *heads[] = {_("Item"), _("Section"), _("Check"), _("Applies to")};
		struct table t;
		table_init(&t, heads, 4);
		for (size_t i = 0; i < g.n; i++) {
			struct strvec subj = STRVEC_INIT;
			for (int s = 0; s < SUBJECT__COUNT; s++)
				if (g.items[i].subjects & (1u << s))
					strvec_push(&subj, check_subject_code((enum check_subject)s));
			char *applies = strvec_join(&subj, ", ");
			const char *cells[] = {g.items[i].code, plan_title(g.items[i].section_ms, g.items[i].section_en, i18n_lang()),
				plan_title(g.items[i].text_ms, g.items[i].text_en, i18n_lang()), applies};
			table_add_row(&t, cells);
			free(applies);
			strvec_release(&subj);
		}
		rc = print_table(&t, o->format);
		table_release(&t);
	}
	guideline_release(&g);
	return rc;
}

static int guideline_check_cmd(struct cli *cli, const struct opts *o)
{
	static const char *const usage =
		N_("mapo guideline check CODE --subject S --ref REF --agency CODE --date DATE [--answer ITEM=A]...");
	struct guideline_check c;
	struct guideline g;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct mapo_error err;
	int version, rc;
	if ((rc = want_args(o, 1, 1, usage, _("give the guideline's code"))) || (rc = version_opt(o, usage, &version)))
		return rc;
	if (!o->set[O_SUBJECT] || !o->set[O_REF] || !o->set[O_AGENCY] || o->date == DATE_NONE)
		return cli_usage_error(usage, "%s", _("--subject, --ref, --agency and --date are required"));
	guideline_check_init(&c);
	guideline_init(&g);
	mapo_error_clear(&err);
	snprintf(c.guideline, sizeof(c.guideline), "%s", o->args[0]);
	c.version = version;
	c.subject = check_subject_parse(o->v[O_SUBJECT]);
	snprintf(c.subject_ref, sizeof(c.subject_ref), "%s", o->v[O_REF]);
	snprintf(c.agency, sizeof(c.agency), "%s", o->v[O_AGENCY]);
	c.check_date = o->date;
	if (o->set[O_NOTE]) {
		free(c.note);
		c.note = xstrdup(o->v[O_NOTE]);
	}
	for (size_t i = 0; i < o->answers.n; i++) {
		const char *eq = strchr(o->answers.v[i], '=');
		enum check_answer a = eq ? check_answer_parse(eq + 1) : ANSWER_NONE;
		if (!eq || a == ANSWER_NONE) {
			rc = cli_usage_error(usage, _("option '%s': '%s' is not ITEM=yes, ITEM=no or ITEM=na"), "--answer",
				o->answers.v[i]);
			goto out;
		}
		char *code = xstrndup(o->answers.v[i], (size_t)(eq - o->answers.v[i]));
		guideline_check_answer(&c, code, a);
		free(code);
	}
	if ((rc = open_db(cli)))
		goto out;
	if (o->set[O_ALL]) {
		enum check_answer a = check_answer_parse(o->v[O_ALL]);
		if (a == ANSWER_NONE) {
			rc = cli_usage_error(usage, _("option '%s': '%s' is not yes, no or na"), "--all", o->v[O_ALL]);
			goto out;
		}
		if (store_guideline_get(cli->st, c.guideline, c.version, &g, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		for (size_t i = 0; c.subject != SUBJECT_NONE && i < g.n; i++)
			if ((g.items[i].subjects & (1u << c.subject)) && !strvec_has(&c.codes, g.items[i].code))
				guideline_check_answer(&c, g.items[i].code, a);
	}
	if (plan_check_record(cli->st, NULL, &c, &fe, &err)) {
		for (size_t i = 0; i < fe.n; i++)
			fprintf(stderr, "mapo: %s: %s\n", fe.v[i].field, fe.v[i].msg);
		rc = cli_error_from(&err);
		goto out;
	}
	size_t yes = 0;
	for (size_t i = 0; i < c.nanswers; i++)
		yes += c.answers[i] == ANSWER_YES;
	printf(_("checklist %lld: %s %s, %zu of %zu items met\n"), (long long)c.id, check_subject_code(c.subject),
		c.subject_ref, yes, c.nanswers);
out:
	field_errors_release(&fe);
	guideline_release(&g);
	guideline_check_release(&c);
	return rc;
}

static int list_compliance(const struct compliance_row *row, void *arg)
{
	struct list_ctx *ctx = arg;
	if (ctx->arr) {
		json_array_append_new(ctx->arr, compliance_to_json(row));
		return 0;
	}
	char checks[32], yes[32], no[32], na[32], rate[16];
	fmt_count(row->checks, checks);
	fmt_count(row->yes, yes);
	fmt_count(row->no, no);
	fmt_count(row->na, na);
	fmt_percent(row->rate, rate);
	const char *cells[] = {row->agency, check_subject_name(row->subject, i18n_lang()), checks, yes, no, na, rate};
	table_add_row(ctx->t, cells);
	return 0;
}

static int guideline_compliance_cmd(struct cli *cli, const struct opts *o)
{
	const char *heads[] = {_("Agency"), _("Subject"), _("Checks"), _("Yes"), _("No"), _("Not applicable"),
		_("Compliance")};
	struct table t;
	struct mapo_error err;
	int rc;
	if ((rc = want_args(o, 0, 1, N_("mapo guideline compliance [CODE] [--from DATE] [--to DATE] [--by-subject]"), "")))
		return rc;
	if (o->from != DATE_NONE && o->to != DATE_NONE && o->from > o->to)
		return cli_usage_error(N_("mapo guideline compliance [CODE] [--from DATE] [--to DATE] [--by-subject]"), "%s",
			_("--from is after --to"));
	if ((rc = open_db(cli)))
		return rc;
	table_init(&t, heads, 7);
	for (int c = 2; c <= 6; c++)
		table_set_align(&t, (size_t)c, TABLE_RIGHT);
	struct list_ctx ctx = {&t, o->format == FORMAT_JSON ? json_array() : NULL};
	if (store_compliance(cli->st, o->nargs ? o->args[0] : NULL, o->from, o->to, o->set[O_BY_SUBJECT], list_compliance,
		    &ctx, &err))
		rc = cli_error_from(&err);
	else if (ctx.arr)
		rc = cli_print_json(ctx.arr);
	else
		rc = print_table(&t, o->format);
	json_decref(ctx.arr);
	table_release(&t);
	return rc;
}

int cmd_guideline(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned mask;
	} subs[] = {
		{"import", OPT(O_SHEET)},
		{"list", OPT(O_FORMAT)},
		{"show", OPT(O_VERSION) | OPT(O_FORMAT)},
		{"check", OPT(O_VERSION) | OPT(O_SUBJECT) | OPT(O_REF) | OPT(O_AGENCY) | OPT(O_DATE) | OPT(O_ANSWER) |
				  OPT(O_ALL) | OPT(O_NOTE)},
		{"compliance", OPT(O_FROM) | OPT(O_TO) | OPT(O_BY_SUBJECT) | OPT(O_FORMAT)},
	};
	struct opts o;
	int rc;
	if (argc < 2)
		return cli_usage_error(usage_guideline, "%s", _("give a subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("guideline");
	size_t k = 0;
	while (k < sizeof(subs) / sizeof(subs[0]) && strcmp(subs[k].name, argv[1]))
		k++;
	if (k == sizeof(subs) / sizeof(subs[0]))
		return cli_usage_error(usage_guideline, _("unknown subcommand '%s'"), argv[1]);
	rc = parse_opts(&o, argc - 1, argv + 1, subs[k].mask, usage_guideline, "guideline");
	if (!rc) {
		switch (k) {
		case 0: rc = guideline_import_cmd(cli, &o); break;
		case 1: rc = guideline_list_cmd(cli, &o); break;
		case 2: rc = guideline_show_cmd(cli, &o); break;
		case 3: rc = guideline_check_cmd(cli, &o); break;
		default: rc = guideline_compliance_cmd(cli, &o); break;
		}
	}
	opts_release(&o);
	return rc < 0 ? CLI_OK : rc;
}
