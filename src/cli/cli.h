/* The mapo command line, as git's builtin/: main.c reads the global options and calls one
 * cmd_<name>() per command; each src/cli/cmd_<area>.c holds one family. A command returns the
 * process's exit status: 0 success, 1 a user error (one line on stderr, "mapo: ..."), 2 a usage
 * error (the message and a short usage line). */
#ifndef MAPO_CLI_H
#define MAPO_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "core/refdata.h"
#include "io/table.h"
#include "store/store.h"
#include "util/util.h"

enum cli_exit { CLI_OK = 0, CLI_EUSER = 1, CLI_EUSAGE = 2 };

/* What every command shares: the database (opened on demand) and its reference data. */
struct cli {
	const char *db_path; /* --db, else $MAPO_DB, else ./mapo.db; not owned */
	store *st;           /* NULL until cli_open */
	struct refdata rd;
	bool rd_loaded;
};

void cli_init(struct cli *cli);
/* Closes the store and frees the reference data. */
void cli_release(struct cli *cli);

typedef int (*cli_fn)(struct cli *cli, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_fn fn;
	const char *summary; /* N_(): one line for `mapo --help` */
	const char *help;    /* N_(): the synopsis and options for `mapo help NAME` */
};

/* N_() for a help text that initialises a char array, where N_()'s parentheses are not allowed:
 * const char cmd_x_help[] = NH_("usage: ..."); po/update.sh extracts it, the compiler sees the
 * literal. The text is translated where it is printed (cli_print_help). */
#define NH_(s) s

/* The command of that name, or NULL. */
const struct cli_command *cli_find_command(const char *name);
/* Prints the command's full help (synopsis and options) to f. */
void cli_print_help(FILE *f, const struct cli_command *cmd);
/* Prints help for the command named name on stdout and returns 0 (for --help in a command). */
int cli_help(const char *name);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_case(struct cli *cli, int argc, char **argv);
int cmd_person(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_statement(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);  /* cmd_user.c */
int cmd_token(struct cli *cli, int argc, char **argv); /* cmd_user.c */
int cmd_audit(struct cli *cli, int argc, char **argv); /* cmd_audit.c */
extern const char cmd_user_help[], cmd_token_help[], cmd_audit_help[];
int cmd_serve(struct cli *cli, int argc, char **argv); extern const char cmd_serve_help[]; /* web: cmd_serve.c */
int cmd_tier(struct cli *cli, int argc, char **argv); extern const char cmd_tier_help[]; /* cmd_tier.c */
/* cmd_backup.c: the whole database to and from one file; the schema's migrations */
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
extern const char cmd_backup_help[], cmd_restore_help[], cmd_migrate_help[];
/* cmd_plan.c: the action plan, progress, recommendations, guidelines; cli_install_plans loads the
 * data directory's plans/ and guidelines/ files and demo progress (for `mapo demo`). */
int cmd_plan(struct cli *cli, int argc, char **argv);
int cmd_progress(struct cli *cli, int argc, char **argv);
int cmd_rec(struct cli *cli, int argc, char **argv);
int cmd_guideline(struct cli *cli, int argc, char **argv);
extern const char cmd_plan_help[], cmd_progress_help[], cmd_rec_help[], cmd_guideline_help[];
int cli_install_plans(struct cli *cli, const char *dir, unsigned long long seed);
/* cmd_council.c: the council's work */
int cmd_org(struct cli *cli, int argc, char **argv);
int cmd_meeting(struct cli *cli, int argc, char **argv);
int cmd_paper(struct cli *cli, int argc, char **argv);
int cmd_doc(struct cli *cli, int argc, char **argv);
int cmd_action(struct cli *cli, int argc, char **argv);
extern const char cmd_org_help[], cmd_meeting_help[], cmd_paper_help[], cmd_doc_help[], cmd_action_help[];
/* Loads dir's council_quorum.csv (when there) into the open store; a cli_exit. */
int cli_install_council(struct cli *cli, const char *dir);
/* Adds the council demo of dir/demo/council (once; again is a no-op); a cli_exit. */
int cli_council_demo(struct cli *cli, const char *dir);
/* cmd_protection.c: victim protection (victims, orders, shelters, referrals, the key, retention);
 * cli_install_protection loads dir's orders.csv and indicators.csv and creates the key file
 * beside the database when there is none. */
int cmd_victim(struct cli *cli, int argc, char **argv);
int cmd_order(struct cli *cli, int argc, char **argv);
int cmd_shelter(struct cli *cli, int argc, char **argv);
int cmd_referral(struct cli *cli, int argc, char **argv);
int cmd_key(struct cli *cli, int argc, char **argv);
int cmd_retention(struct cli *cli, int argc, char **argv);
extern const char cmd_victim_help[], cmd_order_help[], cmd_shelter_help[], cmd_referral_help[], cmd_key_help[],
	cmd_retention_help[];
int cli_install_protection(struct cli *cli, const char *dir);
/* cmd_aftercare.c: s.51A permits and repatriations (record, list, update). */
int cmd_permit(struct cli *cli, int argc, char **argv);
int cmd_repatriation(struct cli *cli, int argc, char **argv);
extern const char cmd_permit_help[], cmd_repatriation_help[];

/* Messages. cli_error prints "mapo: MESSAGE" on stderr and returns CLI_EUSER; cli_error_from
 * prints an error record's message (or a generic one when it has none). cli_usage_error prints
 * "mapo: MESSAGE" and "usage: USAGE" (usage is translated here) and returns CLI_EUSAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_error_from(const struct mapo_error *err);
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For getopt_long's '?' and ':' (the option string starts with ':'): names the bad option. */
int cli_option_error(const char *usage, int c, char **argv);

/* Starts getopt_long afresh for a command's own arguments (argv[0] is the command's name). */
void cli_getopt_reset(void);

/* Opens the database. create: make it when missing and bring its schema up to date (init,
 * demo); otherwise a missing or empty database is a user error that says to run `mapo init`.
 * Either way pending migrations are applied. Returns a cli_exit (the message printed). */
int cli_open(struct cli *cli, bool create);
/* The reference data directory: --data when given, else $MAPO_DATADIR, else the built-in one. */
const char *cli_data_dir(const char *opt);
/* Reads the reference data files from dir and installs them into the open store (replacing what
 * was there); prints what went wrong. Returns a cli_exit. */
int cli_install_refdata(struct cli *cli, const char *dir);
/* Loads dir's tier_rules.csv and tiers.csv (when there) into the open store; a cli_exit. */
int cli_install_tiers(struct cli *cli, const char *dir);
/* True when the open store holds no agencies yet (init has not loaded the reference data). */
bool cli_needs_refdata(struct cli *cli);
/* Loads the reference data from the open store once; returns a cli_exit. */
int cli_load_refdata(struct cli *cli);

/* Argument parsers for option values: 0, or CLI_EUSAGE after printing which option was bad. */
int cli_parse_date(const char *usage, const char *opt, const char *s, mapo_date *out);
int cli_parse_count(const char *usage, const char *opt, const char *s, long long min, long long max,
	long long *out);

/* The output formats of list-like commands. */
enum cli_format { FORMAT_TABLE = 0, FORMAT_CSV, FORMAT_JSON };
/* Parses "table", "csv", "json" (only those allowed by the mask of 1 << format); 0 or CLI_EUSAGE. */
int cli_parse_format(const char *usage, const char *s, unsigned allowed, enum cli_format *out);

/* Prints j (indented) and a newline on stdout; returns a cli_exit. */
int cli_print_json(const json_t *j);
/* Prints a buffer's text on stdout; returns a cli_exit (CLI_EUSER when rc, the code that filled
 * it, says it overflowed). */
int cli_print_buf(const struct buf *b, int rc);
/* Prints t on stdout as CSV when format is FORMAT_CSV, else as text; returns a cli_exit. */
int cli_print_table(const struct table *t, enum cli_format format);

/* The rows of a list command in its --format: a table (headed csv_head for CSV, text_head for
 * text; table_set_align may be used on it) that callbacks fill with table_add_row, or for
 * FORMAT_JSON the array arr that they append to. */
struct cli_list {
	enum cli_format format;
	struct table t;
	json_t *arr; /* NULL unless FORMAT_JSON */
};
void cli_list_init(struct cli_list *l, enum cli_format format, const char *const *csv_head,
	const char *const *text_head, size_t ncols);
/* Prints the list in its format; returns a cli_exit. */
int cli_list_print(const struct cli_list *l);
void cli_list_release(struct cli_list *l);

/* Parses the options of a command whose only options are --help and, when formats (a mask of
 * 1 << format) is not 0, --format into *format (left at the caller's default when not given).
 * Returns 0 (the operands start at optind), -1 after printing help_name's help, or CLI_EUSAGE
 * (printed). */
int cli_parse_plain(int argc, char **argv, const char *usage, const char *help_name, unsigned formats,
	enum cli_format *format);

/* A subcommand and its function (called with argv[0] the subcommand's name). */
struct cli_sub {
	const char *name;
	cli_fn fn;
};
/* Runs the subcommand argv[1] of subs, or prints help_name's help for --help or -h. A missing
 * subcommand is a usage error saying missing (translated); an unknown one says unknown (a
 * translated format with one %s, the name). Returns the subcommand's exit status or a cli_exit. */
int cli_run_sub(struct cli *cli, int argc, char **argv, const struct cli_sub *subs, size_t nsubs,
	const char *help_name, const char *usage, const char *missing, const char *unknown);

/* Copies s into the fixed field dst of cap bytes. Returns 0, or CLI_EUSER after printing that
 * option opt's value is too long. */
int cli_set_field(char *dst, size_t cap, const char *s, const char *opt);
/* Prints each error of fe as "mapo: FIELD: MESSAGE"; returns CLI_EUSER, or 0 when there is none. */
int cli_field_errors(const struct field_errors *fe);
/* Loads case ref from the open store into c; returns 0, or CLI_EUSER after printing the problem
 * ("no case 'REF'" when there is none). */
int cli_load_case(struct cli *cli, const char *ref, struct mapo_case *c);
/* Prints each problem of a file (as FILE:LINE: COLUMN: reason) on its own line of stderr. */
void cli_print_problems(const struct strvec *problems);

/* The case filter options shared by `case list` and `stats` (getopt_long values). */
enum { CLI_OPT_KIND = 1000, CLI_OPT_AGENCY, CLI_OPT_STATE, CLI_OPT_STATUS, CLI_OPT_FORM };
/* Applies one of them to f: 1 when c was a filter option, 0 when not, -CLI_EUSAGE (printed) when
 * its value is bad. arg is kept (not copied). */
int cli_filter_option(int c, const char *arg, const char *usage, struct case_filter *f);

/* Loads the reference data and checks that the filter's agency, state and form are known codes
 * (so a typo is not read as "no cases"); returns a cli_exit. */
int cli_check_filter(struct cli *cli, const struct case_filter *f);

/* The persons table of `case show` and `person list` (with_case: a first column for the case):
 * its headings, then one row per role with names in the message language. */
void cli_person_table_init(struct table *t, bool with_case);
void cli_person_table_row(struct table *t, const struct case_person *p, const struct refdata *rd,
	bool with_case);

/* A progress bar on stderr, drawn only when stderr is a terminal and the work has taken more
 * than a second (MAPO_NO_PROGRESS set: never). */
struct cli_progress {
	const char *label;   /* translated, not owned */
	bool tty;
	bool shown;
	double start;
	double last;
	double delay;        /* seconds before the bar appears: 1, or $MAPO_PROGRESS_DELAY */
};
void cli_progress_start(struct cli_progress *p, const char *label);
void cli_progress_update(struct cli_progress *p, unsigned long long done, unsigned long long total);
/* Clears the bar's line when one was drawn. */
void cli_progress_end(struct cli_progress *p);

#endif
