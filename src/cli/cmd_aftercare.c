/* mapo permit and mapo repatriation: s.51A permits and repatriations recorded, listed and
 * updated from the command line (core/aftercare.h). The command line acts as the operator of the
 * machine (principal NULL), audited with an empty user name. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/aftercare.h"

enum {
	OPT_PERSON = 256, OPT_WORK, OPT_MOVEMENT, OPT_EMPLOYER, OPT_RISK, OPT_MEDICAL, OPT_MENTAL, OPT_FROM, OPT_TO,
	OPT_OPEN_ENDED, OPT_STATUS, OPT_VERSION, OPT_DEST, OPT_DATE, OPT_ORG, OPT_FOLLOW_UP, OPT_KEY_FILE, OPT_FORMAT,
	OPT_HELP, OPT__END
};

/* Every option of both commands; each subcommand says which it takes. */
static const struct option all_opts[] = {
	{"person", required_argument, NULL, OPT_PERSON},
	{"work", no_argument, NULL, OPT_WORK},
	{"movement", no_argument, NULL, OPT_MOVEMENT},
	{"employer", required_argument, NULL, OPT_EMPLOYER},
	{"risk-assessed", required_argument, NULL, OPT_RISK},
	{"medical", required_argument, NULL, OPT_MEDICAL},
	{"mental-health", required_argument, NULL, OPT_MENTAL},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"open-ended", no_argument, NULL, OPT_OPEN_ENDED},
	{"status", required_argument, NULL, OPT_STATUS},
	{"version", required_argument, NULL, OPT_VERSION},
	{"destination", required_argument, NULL, OPT_DEST},
	{"date", required_argument, NULL, OPT_DATE},
	{"org", required_argument, NULL, OPT_ORG},
	{"follow-up", required_argument, NULL, OPT_FOLLOW_UP},
	{"key-file", required_argument, NULL, OPT_KEY_FILE},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

/* The options given (NULL: absent; flags "1"). */
struct args {
	const char *v[OPT__END - OPT_PERSON];
	const char *operand;
};

static const char *arg(const struct args *a, int opt) { return a->v[opt - OPT_PERSON]; }

/* Reads argv (argv[0] the subcommand) into a: only the options of allowed (a list ending in 0),
 * at most one operand when operand. 0, -1 after --help, or CLI_EUSAGE (printed). */
static int parse_args(int argc, char **argv, const int *allowed, bool operand, const char *usage,
	const char *help_name, struct args *a)
{
	int c;
	memset(a, 0, sizeof(*a));
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", all_opts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			cli_help(help_name);
			return -1;
		}
		bool ok = false;
		for (const int *o = allowed; *o; o++)
			ok = ok || *o == c;
		if (!ok)
			return c < OPT_PERSON ? cli_option_error(usage, c, argv)
					      : cli_usage_error(usage, _("unknown option '%s'"), argv[optind - 1]);
		a->v[c - OPT_PERSON] = optarg ? optarg : "1";
	}
	if (operand && optind < argc)
		a->operand = argv[optind++];
	if (optind < argc)
		return cli_usage_error(usage, _("unexpected argument '%s'"), argv[optind]);
	if (operand && !a->operand)
		return cli_usage_error(usage, "%s", _("give the record's number"));
	return 0;
}

static int need(const struct args *a, int opt, const char *usage, const char **out)
{
	*out = arg(a, opt);
	if (!*out || !**out)
		return cli_usage_error(usage, _("option '--%s' is required"), all_opts[opt - OPT_PERSON].name);
	return 0;
}

static int date_opt(const struct args *a, int opt, const char *usage, bool required, mapo_date *out)
{
	const char *v = arg(a, opt);
	*out = DATE_NONE;
	if (required && need(a, opt, usage, &v))
		return CLI_EUSAGE;
	return v ? cli_parse_date(usage, all_opts[opt - OPT_PERSON].name, v, out) : 0;
}

/* The key when its file is there (lists: notes stay closed without it), or required. */
static int open_key(struct cli *cli, const struct args *a, bool required, vault **v)
{
	struct mapo_error err;
	char *path = vault_key_path(arg(a, OPT_KEY_FILE), cli->db_path);
	mapo_error_clear(&err);
	int rc = vault_open(v, path, &err);
	free(path);
	if (rc && (required || rc != MAPO_ENOTFOUND))
		return cli_error_from(&err);
	return 0;
}

static int version_arg(const struct args *a, const char *usage, long long *id, int *version)
{
	const char *v;
	long long n;
	int rc;
	if ((rc = cli_parse_count(usage, "ID", a->operand, 1, INT64_MAX, id)) || (rc = need(a, OPT_VERSION, usage, &v)) ||
	    (rc = cli_parse_count(usage, "--version", v, 1, 1000000000, &n)))
		return rc;
	*version = (int)n;
	return 0;
}

static int list_format(const struct args *a, const char *usage, enum cli_format *f)
{
	*f = FORMAT_TABLE;
	return arg(a, OPT_FORMAT) ? cli_parse_format(usage, arg(a, OPT_FORMAT), 7, f) : 0;
}

/* Runs a query of after care into a list (the principal: the command line). */
typedef int (*list_fn)(store *s, const vault *v, const struct aftercare_query *q, struct cli_list *l,
	struct mapo_error *err);

/* mapo permit list and mapo repatriation list: the options, the key when its file is there (notes
 * stay closed without it), and the list in its format with the columns given. */
static int run_list(struct cli *cli, int argc, char **argv, const char *usage, const char *help_name,
	const char *const *csv_head, const char *const *text_head, size_t ncols, list_fn list)
{
	static const int allowed[] = {OPT_PERSON, OPT_FROM, OPT_TO, OPT_KEY_FILE, OPT_FORMAT, 0};
	struct aftercare_query q;
	struct args a;
	struct mapo_error err;
	struct cli_list l;
	enum cli_format format;
	vault *v = NULL;
	int rc = parse_args(argc, argv, allowed, false, usage, help_name, &a);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	q.person_ref = arg(&a, OPT_PERSON);
	if ((rc = list_format(&a, usage, &format)) || (rc = date_opt(&a, OPT_FROM, usage, false, &q.from)) ||
	    (rc = date_opt(&a, OPT_TO, usage, false, &q.to)) || (rc = cli_open(cli, false)) ||
	    (rc = open_key(cli, &a, false, &v)))
		goto out;
	cli_list_init(&l, format, csv_head, text_head, ncols);
	mapo_error_clear(&err);
	if (list(cli->st, v, &q, &l, &err))
		rc = cli_error_from(&err);
	else
		rc = cli_list_print(&l);
	cli_list_release(&l);
out:
	vault_free(v);
	return rc;
}

/* ---- mapo permit ------------------------------------------------------------------------------ */

const char cmd_permit_help[] = NH_(
	"usage: mapo permit add --person REF (--movement | --work --employer TEXT)\n"
	"                       --risk-assessed DATE --medical DATE --mental-health DATE\n"
	"                       --from DATE [--to DATE]\n"
	"   or: mapo permit list [--person REF] [--from DATE] [--to DATE] [--format table|csv|json]\n"
	"   or: mapo permit update ID --version N [--to DATE | --open-ended] [--employer TEXT]\n"
	"                       [--status active|revoked|ended]\n"
	"\n"
	"s.51A: freedom of movement (a pass) or permission to work, after a risk assessment, a\n"
	"medical screening and a mental-health evaluation, all done on or before the first valid\n"
	"day. The person must be under protection (s.41A). The employer is stored encrypted under\n"
	"the key file (--key-file, else $MAPO_KEY_FILE, else the database path with .key added).\n"
	"\n"
	"  list          permits valid on a day of the period (--from, --to), of one person or all\n"
	"  update        changes the last valid day, the employer or the status; --version is the\n"
	"                version shown by list: a permit changed since is refused\n");

static const char *const permit_usage = N_("mapo permit add|list|update ...");

static int permit_add(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = {OPT_PERSON, OPT_WORK, OPT_MOVEMENT, OPT_EMPLOYER, OPT_RISK, OPT_MEDICAL,
		OPT_MENTAL, OPT_FROM, OPT_TO, OPT_KEY_FILE, 0};
	struct movement_permit m;
	struct args a;
	struct mapo_error err;
	vault *v = NULL;
	const char *person;
	int64_t id;
	int rc = parse_args(argc, argv, allowed, false, permit_usage, "permit", &a);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	memset(&m, 0, sizeof(m));
	if ((rc = need(&a, OPT_PERSON, permit_usage, &person)) ||
	    (rc = date_opt(&a, OPT_RISK, permit_usage, true, &m.risk_assessed_on)) ||
	    (rc = date_opt(&a, OPT_MEDICAL, permit_usage, true, &m.medical_on)) ||
	    (rc = date_opt(&a, OPT_MENTAL, permit_usage, true, &m.mental_health_on)) ||
	    (rc = date_opt(&a, OPT_FROM, permit_usage, true, &m.valid_from)) ||
	    (rc = date_opt(&a, OPT_TO, permit_usage, false, &m.valid_to)))
		return rc;
	if (!arg(&a, OPT_WORK) == !arg(&a, OPT_MOVEMENT))
		return cli_usage_error(permit_usage, "%s", _("give --movement or --work"));
	if ((rc = cli_set_field(m.person_ref, sizeof(m.person_ref), person, "--person")))
		return rc;
	m.work = arg(&a, OPT_WORK) != NULL;
	m.employer = arg(&a, OPT_EMPLOYER);
	if ((rc = cli_open(cli, false)) || (rc = open_key(cli, &a, true, &v)))
		goto out;
	mapo_error_clear(&err);
	if (aftercare_permit_add(cli->st, v, NULL, &m, &id, &err))
		rc = cli_error_from(&err);
	else
		printf(_("permit %lld\n"), (long long)id);
out:
	vault_free(v);
	return rc;
}

static int permit_row(const struct permit_rec *m, void *arg_)
{
	struct cli_list *l = arg_;
	char id[24], version[16], from[DATE_STRLEN], to[DATE_STRLEN], risk[DATE_STRLEN], med[DATE_STRLEN],
		mental[DATE_STRLEN];
	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	snprintf(version, sizeof(version), "%d", m->version);
	date_format(m->valid_from, from);
	date_format(m->valid_to, to);
	date_format(m->risk_assessed_on, risk);
	date_format(m->medical_on, med);
	date_format(m->mental_health_on, mental);
	const char *kind = m->work ? "work" : "movement";
	if (l->arr) {
		json_array_append_new(l->arr,
			json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:i,s:s,s:s,s:s,s:o}", "id", (json_int_t)m->id, "person_ref",
				m->person_ref, "kind", kind, "valid_from", from,
				"valid_to", m->valid_to == DATE_NONE ? json_null() : json_string(to), "status",
				permit_status_code(m->status), "version", m->version, "risk_assessed_on", risk, "medical_on",
				med, "mental_health_on", mental, "employer",
				m->employer ? json_string(m->employer) : json_null()));
		return 0;
	}
	const char *row[] = {id, m->person_ref, kind, from, to, permit_status_code(m->status), version,
		m->employer ? m->employer : ""};
	table_add_row(&l->t, row);
	return 0;
}

static int list_permits(store *s, const vault *v, const struct aftercare_query *q, struct cli_list *l,
	struct mapo_error *err)
{
	return aftercare_permit_list(s, v, NULL, q, permit_row, l, err);
}

static int permit_list(struct cli *cli, int argc, char **argv)
{
	static const char *const csv_head[] = {"id", "person_ref", "kind", "valid_from", "valid_to", "status", "version",
		"employer"};
	const char *text_head[] = {_("PERMIT"), _("PERSON"), _("KIND"), _("FROM"), _("TO"), _("STATUS"), _("VERSION"),
		_("EMPLOYER")};
	return run_list(cli, argc, argv, permit_usage, "permit", csv_head, text_head, 8, list_permits);
}

static int permit_update(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = {OPT_VERSION, OPT_TO, OPT_OPEN_ENDED, OPT_EMPLOYER, OPT_STATUS, OPT_KEY_FILE, 0};
	struct permit_change c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct args a;
	struct mapo_error err;
	vault *v = NULL;
	long long id;
	int version;
	int rc = parse_args(argc, argv, allowed, true, permit_usage, "permit", &a);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	memset(&c, 0, sizeof(c));
	if ((rc = version_arg(&a, permit_usage, &id, &c.version)) ||
	    (rc = date_opt(&a, OPT_TO, permit_usage, false, &c.valid_to)))
		return rc;
	if (arg(&a, OPT_TO) && arg(&a, OPT_OPEN_ENDED))
		return cli_usage_error(permit_usage, "%s", _("give --to or --open-ended, not both"));
	c.id = (int64_t)id;
	c.set_valid_to = arg(&a, OPT_TO) || arg(&a, OPT_OPEN_ENDED);
	c.employer = arg(&a, OPT_EMPLOYER);
	c.status = -1;
	if (arg(&a, OPT_STATUS) && (c.status = permit_status_parse(arg(&a, OPT_STATUS))) < 0)
		return cli_usage_error(permit_usage, _("unknown status '%s' (active, revoked, ended)"), arg(&a, OPT_STATUS));
	if ((rc = cli_open(cli, false)) || (rc = open_key(cli, &a, c.employer && *c.employer, &v)))
		goto out;
	mapo_error_clear(&err);
	if (aftercare_permit_update(cli->st, v, NULL, &c, &fe, &version, &err))
		rc = fe.n ? cli_field_errors(&fe) : cli_error_from(&err);
	else
		printf(_("permit %lld: version %d\n"), id, version);
out:
	field_errors_release(&fe);
	vault_free(v);
	return rc;
}

int cmd_permit(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"add", permit_add}, {"list", permit_list}, {"update", permit_update}};
	return cli_run_sub(cli, argc, argv, subs, 3, "permit", permit_usage, _("a subcommand is needed"),
		_("unknown subcommand '%s'"));
}

/* ---- mapo repatriation -------------------------------------------------------------------------- */

const char cmd_repatriation_help[] = NH_(
	"usage: mapo repatriation add --person REF --destination COUNTRY --date DATE --org NAME\n"
	"                             [--follow-up TEXT]\n"
	"   or: mapo repatriation list [--person REF] [--from DATE] [--to DATE]\n"
	"                             [--format table|csv|json]\n"
	"   or: mapo repatriation update ID --version N [--destination COUNTRY] [--date DATE]\n"
	"                             [--org NAME] [--follow-up TEXT]\n"
	"\n"
	"Repatriation and reintegration: the destination (ISO 3166-1 alpha-3), the date, the\n"
	"assisting organisation and the follow-up, which is stored encrypted under the key file\n"
	"(--key-file, else $MAPO_KEY_FILE, else the database path with .key added).\n"
	"\n"
	"  list          repatriations dated in the period (--from, --to), of one person or all\n"
	"  update        --version is the version shown by list: a record changed since is refused;\n"
	"                --follow-up '' removes the follow-up\n");

static const char *const repat_usage = N_("mapo repatriation add|list|update ...");

static int repat_add(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = {OPT_PERSON, OPT_DEST, OPT_DATE, OPT_ORG, OPT_FOLLOW_UP, OPT_KEY_FILE, 0};
	struct repatriation r;
	struct args a;
	struct mapo_error err;
	vault *v = NULL;
	const char *person, *dest, *org;
	int64_t id;
	int rc = parse_args(argc, argv, allowed, false, repat_usage, "repatriation", &a);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	memset(&r, 0, sizeof(r));
	if ((rc = need(&a, OPT_PERSON, repat_usage, &person)) || (rc = need(&a, OPT_DEST, repat_usage, &dest)) ||
	    (rc = need(&a, OPT_ORG, repat_usage, &org)) || (rc = date_opt(&a, OPT_DATE, repat_usage, true, &r.on_date)) ||
	    (rc = cli_set_field(r.person_ref, sizeof(r.person_ref), person, "--person")) ||
	    (rc = cli_set_field(r.destination, sizeof(r.destination), dest, "--destination")) ||
	    (rc = cli_set_field(r.org, sizeof(r.org), org, "--org")))
		return rc;
	r.follow_up = arg(&a, OPT_FOLLOW_UP);
	if ((rc = cli_open(cli, false)) || (rc = open_key(cli, &a, true, &v)))
		goto out;
	mapo_error_clear(&err);
	if (aftercare_repatriation_add(cli->st, v, NULL, &r, &id, &err))
		rc = cli_error_from(&err);
	else
		printf(_("repatriation %lld\n"), (long long)id);
out:
	vault_free(v);
	return rc;
}

static int repat_row(const struct repat_rec *r, void *arg_)
{
	struct cli_list *l = arg_;
	char id[24], version[16], on[DATE_STRLEN];
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(version, sizeof(version), "%d", r->version);
	date_format(r->on_date, on);
	if (l->arr) {
		json_array_append_new(l->arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:o}", "id", (json_int_t)r->id,
			"person_ref", r->person_ref, "destination", r->destination, "date", on, "org", r->org, "version",
			r->version, "follow_up", r->follow_up ? json_string(r->follow_up) : json_null()));
		return 0;
	}
	const char *row[] = {id, r->person_ref, r->destination, on, r->org, version, r->follow_up ? r->follow_up : ""};
	table_add_row(&l->t, row);
	return 0;
}

static int list_repatriations(store *s, const vault *v, const struct aftercare_query *q, struct cli_list *l,
	struct mapo_error *err)
{
	return aftercare_repatriation_list(s, v, NULL, q, repat_row, l, err);
}

static int repat_list(struct cli *cli, int argc, char **argv)
{
	static const char *const csv_head[] = {"id", "person_ref", "destination", "date", "org", "version", "follow_up"};
	const char *text_head[] = {_("REPATRIATION"), _("PERSON"), _("DESTINATION"), _("DATE"), _("ORGANISATION"),
		_("VERSION"), _("FOLLOW-UP")};
	return run_list(cli, argc, argv, repat_usage, "repatriation", csv_head, text_head, 7, list_repatriations);
}

static int repat_update(struct cli *cli, int argc, char **argv)
{
	static const int allowed[] = {OPT_VERSION, OPT_DEST, OPT_DATE, OPT_ORG, OPT_FOLLOW_UP, OPT_KEY_FILE, 0};
	struct repat_change c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct args a;
	struct mapo_error err;
	vault *v = NULL;
	long long id;
	int version;
	int rc = parse_args(argc, argv, allowed, true, repat_usage, "repatriation", &a);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	memset(&c, 0, sizeof(c));
	if ((rc = version_arg(&a, repat_usage, &id, &c.version)) ||
	    (rc = date_opt(&a, OPT_DATE, repat_usage, false, &c.on_date)))
		return rc;
	c.id = (int64_t)id;
	c.destination = arg(&a, OPT_DEST);
	c.org = arg(&a, OPT_ORG);
	c.follow_up = arg(&a, OPT_FOLLOW_UP);
	if ((rc = cli_open(cli, false)) || (rc = open_key(cli, &a, c.follow_up && *c.follow_up, &v)))
		goto out;
	mapo_error_clear(&err);
	if (aftercare_repatriation_update(cli->st, v, NULL, &c, &fe, &version, &err))
		rc = fe.n ? cli_field_errors(&fe) : cli_error_from(&err);
	else
		printf(_("repatriation %lld: version %d\n"), id, version);
out:
	field_errors_release(&fe);
	vault_free(v);
	return rc;
}

int cmd_repatriation(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"add", repat_add}, {"list", repat_list}, {"update", repat_update}};
	return cli_run_sub(cli, argc, argv, subs, 3, "repatriation", repat_usage, _("a subcommand is needed"),
		_("unknown subcommand '%s'"));
}
