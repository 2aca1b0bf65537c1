/* mapo victim, order, shelter, referral, key and retention: victim protection from the command
 * line (core/protection.h). The command line acts as the operator of the machine (principal
 * NULL): allowed everything, audited with an empty user name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/protection.h"
#include "io/protection_load.h"
#include "store/store_protection.h"

#define PHOTO_MAX ((size_t)4 << 20)

/* ---- a small option reader --------------------------------------------------------------------
 * Options of these commands are "--name VALUE", "--name=VALUE" or, for flags, "--name". known
 * lists the names: a trailing '!' marks a flag, a trailing '*' a repeatable option. */

#define OPTS_MAX 32

struct opts {
	const char *const *known;
	size_t nknown;
	const char *val[OPTS_MAX];
	struct strvec multi[OPTS_MAX];
	const char *pos[4];
	size_t npos;
};

static size_t known_len(const char *k)
{
	size_t n = strlen(k);
	return n && (k[n - 1] == '!' || k[n - 1] == '*') ? n - 1 : n;
}

static void opts_release(struct opts *o)
{
	for (size_t i = 0; i < OPTS_MAX; i++)
		strvec_release(&o->multi[i]);
}

/* Reads argv[1..] (argv[0] is the subcommand) into o; CLI_EUSAGE (printed) on a bad option,
 * or when --help was asked (then the help is printed and *help set). */
static int opts_parse(struct opts *o, const char *const *known, const char *usage, int argc, char **argv,
	const char *help_name, bool *help)
{
	memset(o, 0, sizeof(*o));
	o->known = known;
	while (known[o->nknown])
		o->nknown++;
	*help = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			*help = true;
			cli_help(help_name);
			return CLI_OK;
		}
		if (strncmp(a, "--", 2) || !a[2]) {
			if (o->npos == sizeof(o->pos) / sizeof(o->pos[0]))
				return cli_usage_error(usage, _("unexpected argument '%s'"), a);
			o->pos[o->npos++] = a;
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
		size_t k;
		for (k = 0; k < o->nknown; k++)
			if (known_len(known[k]) == nlen && !strncmp(known[k], name, nlen))
				break;
		if (k == o->nknown)
			return cli_usage_error(usage, _("unknown option '%s'"), a);
		char kind = known[k][strlen(known[k]) - 1];
		if (kind == '!') {
			if (eq)
				return cli_usage_error(usage, _("option '--%s' takes no value"), known[k]);
			o->val[k] = "1";
			continue;
		}
		const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!v)
			return cli_usage_error(usage, _("option '%s' needs a value"), a);
		if (kind == '*')
			strvec_split(&o->multi[k], v, ';');
		o->val[k] = v;
	}
	return CLI_OK;
}

static const char *opt(const struct opts *o, const char *name)
{
	for (size_t k = 0; k < o->nknown; k++)
		if (known_len(o->known[k]) == strlen(name) && !strncmp(o->known[k], name, strlen(name)))
			return o->val[k];
	return NULL;
}

static const struct strvec *opt_multi(const struct opts *o, const char *name)
{
	for (size_t k = 0; k < o->nknown; k++)
		if (known_len(o->known[k]) == strlen(name) && !strncmp(o->known[k], name, strlen(name)))
			return &o->multi[k];
	return &o->multi[0];
}

/* A required option's value, or a usage error. */
static int need(const struct opts *o, const char *usage, const char *name, const char **out)
{
	*out = opt(o, name);
	if (!*out || !**out)
		return cli_usage_error(usage, _("option '--%s' is required"), name);
	return CLI_OK;
}

static int need_date(const struct opts *o, const char *usage, const char *name, mapo_date *out)
{
	const char *v;
	int rc = need(o, usage, name, &v);
	return rc ? rc : cli_parse_date(usage, name, v, out);
}

static int opt_date(const struct opts *o, const char *usage, const char *name, mapo_date dflt, mapo_date *out)
{
	const char *v = opt(o, name);
	*out = dflt;
	return v ? cli_parse_date(usage, name, v, out) : CLI_OK;
}

static int copy_opt(const struct opts *o, const char *usage, const char *name, char *out, size_t size)
{
	const char *v;
	int rc = need(o, usage, name, &v);
	if (rc)
		return rc;
	if (strlen(v) >= size)
		return cli_usage_error(usage, _("option '--%s' is longer than %zu bytes"), name, size - 1);
	snprintf(out, size, "%s", v);
	return CLI_OK;
}

static int parse_format(const struct opts *o, const char *usage, unsigned allowed, enum cli_format *out)
{
	const char *v = opt(o, "format");
	*out = FORMAT_TABLE;
	return v ? cli_parse_format(usage, v, allowed, out) : CLI_OK;
}

static int print_table(struct table *t, enum cli_format format)
{
	struct buf out = BUF_INIT;
	int rc = format == FORMAT_CSV ? table_write_csv(&out, t) : table_write_text(&out, t);
	rc = cli_print_buf(&out, rc);
	buf_release(&out);
	return rc;
}

/* ---- setup: the key file and the reference lists ---------------------------------------------- */

int cli_install_protection(struct cli *cli, const char *dir)
{
	struct order_kinds kinds;
	struct indicator_list ind;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	char *orders = xasprintf("%s/orders.csv", dir), *indicators = xasprintf("%s/indicators.csv", dir);
	char *checks = xasprintf("%s/health_checks.csv", dir);
	struct health_check_list health;
	char *key = vault_key_path(NULL, cli->db_path);
	struct stat sb;
	int rc = CLI_OK;

	order_kinds_init(&kinds);
	indicator_list_init(&ind);
	health_check_list_init(&health);
	mapo_error_clear(&err);
	/* A data directory of another council may leave them out: what the store holds stays. */
	if (stat(orders, &sb) || stat(indicators, &sb))
		goto key;
	if (protection_load_orders(orders, &kinds, &problems, &err) ||
	    protection_load_indicators(indicators, &ind, &problems, &err)) {
		for (size_t i = 0; i < problems.n; i++)
			fprintf(stderr, "%s\n", problems.v[i]);
		rc = cli_error_from(&err);
		goto out;
	}
	if (protect_install_refdata(cli->st, &kinds, &ind, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (!stat(checks, &sb) && (protection_load_health_checks(checks, &health, &problems, &err) ||
					  protect_health_install(cli->st, &health, &err))) {
		for (size_t i = 0; i < problems.n; i++)
			fprintf(stderr, "%s\n", problems.v[i]);
		rc = cli_error_from(&err);
		goto out;
	}
key:
	/* The key lives beside the database, never in it; an existing one is kept as it is. */
	if (stat(key, &sb) && errno == ENOENT) {
		if (vault_key_create(key, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		/* On standard error: the output of init stays the one line scripts read. */
		fprintf(stderr, _("%s: new key file for personal data; keep it secret and keep a copy apart from the "
				  "database\n"), key);
	}
out:
	order_kinds_release(&kinds);
	indicator_list_release(&ind);
	health_check_list_release(&health);
	strvec_release(&problems);
	free(orders);
	free(indicators);
	free(checks);
	free(key);
	return rc;
}

/* Opens the store, the key (--key-file, $MAPO_KEY_FILE or DB.key) when v, and the order kinds
 * when kinds; loads the reference lists from the data directory when init has not. */
static int open_all(struct cli *cli, const struct opts *o, vault **v, struct order_kinds *kinds)
{
	struct mapo_error err;
	int rc = cli_open(cli, false);
	if (rc)
		return rc;
	mapo_error_clear(&err);
	if (v) {
		char *path = vault_key_path(opt(o, "key-file"), cli->db_path);
		rc = vault_open(v, path, &err);
		free(path);
		/* Health results recorded before migration 0009 are in clear until a key is at hand. */
		if (rc || protect_health_seal_unsealed(cli->st, *v, NULL, &err))
			return cli_error_from(&err);
	}
	if (kinds) {
		if (store_order_kinds_load(cli->st, kinds, &err))
			return cli_error_from(&err);
		if (!kinds->n)
			return cli_error("%s", _("the order kinds are not loaded; run 'mapo init'"));
	}
	return CLI_OK;
}

/* ---- mapo victim ------------------------------------------------------------------------------ */

const char cmd_victim_help[] = NH_(
	"usage: mapo victim list [--format table|csv|json]\n"
	"   or: mapo victim identity set PERSON [--name TEXT] [--id-number N] [--passport N]\n"
	"                     [--address TEXT] [--phone N] [--photo FILE]\n"
	"   or: mapo victim identity show PERSON [--format table|json]\n"
	"   or: mapo victim find (--id-number N | --passport N)\n"
	"   or: mapo victim status --case REF --person REF --status STATUS --org ORG --date DATE\n"
	"                     [--reason TEXT]\n"
	"   or: mapo victim history PERSON\n"
	"   or: mapo victim screenings PERSON [--format table|csv]\n"
	"   or: mapo victim consents PERSON [--format table|csv]\n"
	"   or: mapo victim screen --case REF --person REF --org ORG --date DATE --outcome STATUS\n"
	"                     [--indicator CODE]...\n"
	"   or: mapo victim rescreen --case SOM-REF --person REF --org ORG --date DATE\n"
	"                     --outcome STATUS [--tip-case REF] [--indicator CODE]...\n"
	"   or: mapo victim consent --person REF --scope processing|sharing|photo\n"
	"                     (--given | --refused) --date DATE\n"
	"   or: mapo victim stats --from DATE --to DATE --by DIM [--format table|csv|json]\n"
	"\n"
	"Victims of trafficking and their identification. Names, identity and passport numbers,\n"
	"addresses, phone numbers and photos are stored encrypted under the key file (--key-file,\n"
	"else $MAPO_KEY_FILE, else the database path with .key added); every view is audited.\n"
	"\n"
	"  status        a trafficking-status decision (possible, actual, not-a-victim) by the\n"
	"                deciding organisation, kept as history\n"
	"  screen        a screening with the HTCDS methods-of-control indicators found\n"
	"                (data/indicators.csv: debt-bondage, withholds-documents, ...)\n"
	"  history       the person's trafficking-status decisions with their reasons (audited)\n"
	"  screenings    the person's screenings and re-screenings with the indicators found\n"
	"  consents      the person's consent decisions\n"
	"  rescreen      s.41A: a smuggled migrant re-screened; when found trafficked (possible or\n"
	"                actual), the same person becomes a victim in --tip-case, a TIP case linked\n"
	"                to the smuggling case, and comes under protection\n"
	"  find          exact-match search on an identity or passport number (blind index)\n"
	"  stats         victims rescued in the period (rescue date, else the action date) by\n"
	"                status, sex, age-group, nationality, form or shelter; or, by outcome, the\n"
	"                orders that started in the period\n"
	"  --format F    table (default), csv or json\n");

static int victim_row_cb(const struct victim_row *v, void *arg)
{
	struct table *t = arg;
	char rescue[DATE_STRLEN], sex[2] = {v->sex, '\0'};
	date_format(v->rescue_date, rescue);
	const char *row[] = {v->case_ref, v->person_ref, trafficking_status_code(v->status), sex, v->nationality,
		rescue};
	table_add_row(t, row);
	return 0;
}

static int victim_list(struct cli *cli, const struct opts *o, const char *usage)
{
	struct mapo_error err;
	struct table t;
	enum cli_format format;
	int rc = parse_format(o, usage, 7, &format);
	if (rc || (rc = open_all(cli, o, NULL, NULL)))
		return rc;
	const char *head[] = {_("CASE"), _("PERSON"), _("STATUS"), _("SEX"), _("NATIONALITY"), _("RESCUED")};
	table_init(&t, head, 6);
	struct victim_query all = {NULL, 0, 0};
	if (protect_victim_list(cli->st, NULL, &all, victim_row_cb, &t, &err)) {
		rc = cli_error_from(&err);
	} else if (format == FORMAT_JSON) {
		json_t *arr = json_array();
		for (size_t r = 0; r < t.nrows; r++) {
			json_t *item = json_object();
			const char *keys[] = {"case_ref", "person_ref", "trafficking_status", "sex", "nationality", "rescue_date"};
			for (size_t c = 0; c < 6; c++)
				json_object_set_new(item, keys[c], json_string(table_cell(&t, r, c)));
			json_array_append_new(arr, item);
		}
		rc = cli_print_json(arr);
		json_decref(arr);
	} else {
		rc = print_table(&t, format);
	}
	table_release(&t);
	return rc;
}

static int read_photo(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	if (!f)
		return cli_error(_("cannot read '%s': %s"), path, strerror(errno));
	buf_init(out, PHOTO_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n)) {
			fclose(f);
			return cli_error(_("'%s' is larger than %zu bytes"), path, PHOTO_MAX);
		}
	int bad = ferror(f);
	fclose(f);
	return bad ? cli_error(_("cannot read '%s'"), path) : CLI_OK;
}

static int identity_set(struct cli *cli, const struct opts *o, const char *usage)
{
	static const char *const names[IDF__COUNT] = {"name", "id-number", "passport", "address", "phone", "photo"};
	struct identity_input in;
	struct buf photo = BUF_INIT;
	struct mapo_error err;
	vault *v = NULL;
	bool any = false;
	int rc;

	if (o->npos != 1)
		return cli_usage_error(usage, "%s", _("give one person reference"));
	memset(&in, 0, sizeof(in));
	for (int f = 0; f < IDF__COUNT; f++)
		if ((in.v[f] = opt(o, names[f])))
			any = true;
	if (!any)
		return cli_usage_error(usage, "%s", _("nothing to set"));
	if (in.v[IDF_PHOTO] && *in.v[IDF_PHOTO]) {
		if ((rc = read_photo(in.v[IDF_PHOTO], &photo)))
			goto out;
		in.v[IDF_PHOTO] = photo.data ? photo.data : "";
		in.len[IDF_PHOTO] = photo.len;
	}
	if ((rc = open_all(cli, o, &v, NULL)))
		goto out;
	mapo_error_clear(&err);
	if (protect_identity_put(cli->st, v, NULL, o->pos[0], &in, &err))
		rc = cli_error_from(&err);
out:
	vault_free(v);
	buf_release(&photo);
	return rc;
}

static int identity_show(struct cli *cli, const struct opts *o, const char *usage)
{
	struct identity id;
	struct mapo_error err;
	enum cli_format format;
	vault *v = NULL;
	int rc;

	if (o->npos != 1)
		return cli_usage_error(usage, "%s", _("give one person reference"));
	if ((rc = parse_format(o, usage, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &format)) ||
	    (rc = open_all(cli, o, &v, NULL)))
		goto out0;
	identity_init(&id);
	mapo_error_clear(&err);
	if (protect_identity_get(cli->st, v, NULL, o->pos[0], &id, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (format == FORMAT_JSON) {
		json_t *j = json_object();
		json_object_set_new(j, "person_ref", json_string(id.person_ref));
		json_object_set_new(j, "erased", json_boolean(id.erased));
		for (int f = 0; f < IDF_PHOTO; f++)
			json_object_set_new(j, identity_field_code((enum identity_field)f),
				id.has[f] ? json_string(buf_str(&id.v[f])) : json_null());
		json_object_set_new(j, "photo_bytes", id.has[IDF_PHOTO] ? json_integer((json_int_t)id.v[IDF_PHOTO].len)
									 : json_null());
		rc = cli_print_json(j);
		json_decref(j);
	} else {
		if (id.erased)
			printf("%s\n", _("the personal data was erased by the retention run"));
		for (int f = 0; f < IDF__COUNT; f++) {
			if (!id.has[f])
				continue;
			if (f == IDF_PHOTO)
				printf("%-16s %zu %s\n", identity_field_name((enum identity_field)f, i18n_lang()),
					id.v[f].len, _("bytes"));
			else
				printf("%-16s %s\n", identity_field_name((enum identity_field)f, i18n_lang()),
					buf_str(&id.v[f]));
		}
	}
out:
	identity_release(&id);
out0:
	vault_free(v);
	return rc;
}

static int victim_find(struct cli *cli, const struct opts *o, const char *usage)
{
	const char *idno = opt(o, "id-number"), *passport = opt(o, "passport");
	struct strvec found = STRVEC_INIT;
	struct mapo_error err;
	vault *v = NULL;
	int rc;
	if (!idno == !passport)
		return cli_usage_error(usage, "%s", _("give either --id-number or --passport"));
	if ((rc = open_all(cli, o, &v, NULL)))
		return rc;
	mapo_error_clear(&err);
	if (protect_identity_find(cli->st, v, NULL, passport != NULL, passport ? passport : idno, &found, &err))
		rc = cli_error_from(&err);
	for (size_t i = 0; !rc && i < found.n; i++)
		printf("%s\n", found.v[i]);
	strvec_release(&found);
	vault_free(v);
	return rc;
}

static int parse_status(const char *usage, const char *name, const char *s, enum trafficking_status *out)
{
	*out = trafficking_status_parse(s);
	if (*out == TSTATUS_NONE)
		return cli_usage_error(usage, _("option '--%s': unknown status '%s' (possible, actual, not-a-victim)"),
			name, s);
	return CLI_OK;
}

static int victim_status(struct cli *cli, const struct opts *o, const char *usage)
{
	struct status_decision d;
	struct mapo_error err;
	const char *status;
	vault *v = NULL;
	int rc;
	memset(&d, 0, sizeof(d));
	if ((rc = copy_opt(o, usage, "case", d.case_ref, sizeof(d.case_ref))) ||
	    (rc = copy_opt(o, usage, "person", d.person_ref, sizeof(d.person_ref))) ||
	    (rc = copy_opt(o, usage, "org", d.org, sizeof(d.org))) || (rc = need(o, usage, "status", &status)) ||
	    (rc = parse_status(usage, "status", status, &d.status)) ||
	    (rc = need_date(o, usage, "date", &d.decided_on)))
		return rc;
	d.reason = opt(o, "reason");
	if ((rc = open_all(cli, o, &v, NULL)))
		return rc;
	mapo_error_clear(&err);
	if (protect_status_set(cli->st, v, NULL, &d, &err))
		rc = cli_error_from(&err);
	vault_free(v);
	return rc;
}

static int history_cb(const struct status_decision *d, const char *reason, void *arg)
{
	struct table *t = arg;
	char on[DATE_STRLEN];
	date_format(d->decided_on, on);
	const char *row[] = {on, d->case_ref, trafficking_status_code(d->status), d->org, reason};
	table_add_row(t, row);
	return 0;
}

static int screening_row_cb(const struct screening *sc, void *arg)
{
	char on[DATE_STRLEN];
	date_format(sc->screened_on, on);
	char *indicators = strvec_join(&sc->indicators, ";");
	const char *row[] = {on, sc->case_ref, sc->org, trafficking_status_code(sc->outcome), indicators};
	table_add_row(arg, row);
	free(indicators);
	return 0;
}

static int consent_row_cb(const struct consent *c, void *arg)
{
	char on[DATE_STRLEN];
	date_format(c->decided_on, on);
	const char *row[] = {on, consent_scope_code(c->scope), c->given ? "given" : "refused", c->recorded_by};
	table_add_row(arg, row);
	return 0;
}

/* mapo victim screenings|consents PERSON: one of the person's lists as a table or CSV. */
static int victim_records(struct cli *cli, const struct opts *o, const char *usage, bool screenings)
{
	struct table t;
	struct mapo_error err;
	enum cli_format format;
	int rc;
	if (o->npos != 1)
		return cli_usage_error(usage, "%s", _("give one person reference"));
	if ((rc = parse_format(o, usage, (1u << FORMAT_TABLE) | (1u << FORMAT_CSV), &format)) ||
	    (rc = open_all(cli, o, NULL, NULL)))
		return rc;
	const char *sh[] = {_("SCREENED"), _("CASE"), _("ORG"), _("OUTCOME"), _("INDICATORS")};
	const char *ch[] = {_("DECIDED"), _("SCOPE"), _("DECISION"), _("RECORDED BY")};
	table_init(&t, screenings ? sh : ch, screenings ? 5 : 4);
	mapo_error_clear(&err);
	if (screenings ? protect_screening_list(cli->st, NULL, o->pos[0], screening_row_cb, &t, &err)
		       : protect_consent_list(cli->st, NULL, o->pos[0], consent_row_cb, &t, &err))
		rc = cli_error_from(&err);
	else
		rc = print_table(&t, format);
	table_release(&t);
	return rc;
}

static int victim_history(struct cli *cli, const struct opts *o, const char *usage)
{
	struct table t;
	struct mapo_error err;
	vault *v = NULL;
	int rc;
	if (o->npos != 1)
		return cli_usage_error(usage, "%s", _("give one person reference"));
	if ((rc = open_all(cli, o, &v, NULL)))
		return rc;
	const char *head[] = {_("DECIDED"), _("CASE"), _("STATUS"), _("BY"), _("REASON")};
	table_init(&t, head, 5);
	mapo_error_clear(&err);
	if (protect_status_history(cli->st, v, NULL, o->pos[0], history_cb, &t, &err))
		rc = cli_error_from(&err);
	else
		rc = print_table(&t, FORMAT_TABLE);
	table_release(&t);
	vault_free(v);
	return rc;
}

static int victim_screen(struct cli *cli, const struct opts *o, const char *usage, bool rescreen)
{
	struct screening sc;
	struct mapo_error err;
	const char *outcome;
	vault *v = NULL;
	int rc;
	screening_init(&sc);
	if ((rc = copy_opt(o, usage, "case", sc.case_ref, sizeof(sc.case_ref))) ||
	    (rc = copy_opt(o, usage, "person", sc.person_ref, sizeof(sc.person_ref))) ||
	    (rc = copy_opt(o, usage, "org", sc.org, sizeof(sc.org))) || (rc = need(o, usage, "outcome", &outcome)) ||
	    (rc = parse_status(usage, "outcome", outcome, &sc.outcome)) ||
	    (rc = need_date(o, usage, "date", &sc.screened_on)))
		goto out;
	strvec_copy(&sc.indicators, opt_multi(o, "indicator"));
	if ((rc = open_all(cli, o, rescreen ? &v : NULL, NULL)))
		goto out;
	mapo_error_clear(&err);
	if (rescreen ? protect_rescreen(cli->st, v, NULL, &sc, opt(o, "tip-case"), &err)
		     : protect_screening_add(cli->st, NULL, &sc, &err)) {
		rc = cli_error_from(&err);
		goto out;
	}
	if (rescreen && (sc.outcome == TSTATUS_POSSIBLE || sc.outcome == TSTATUS_ACTUAL))
		printf(_("%s is now a victim in %s and under protection (s.41A)\n"), sc.person_ref, opt(o, "tip-case"));
	else if (rescreen)
		printf(_("%s stays a smuggled migrant, not under protection (s.41A)\n"), sc.person_ref);
out:
	screening_release(&sc);
	vault_free(v);
	return rc;
}

static int victim_consent(struct cli *cli, const struct opts *o, const char *usage)
{
	struct consent c;
	struct mapo_error err;
	const char *person, *scope;
	int rc;
	memset(&c, 0, sizeof(c));
	if ((rc = need(o, usage, "person", &person)) || (rc = need(o, usage, "scope", &scope)) ||
	    (rc = need_date(o, usage, "date", &c.decided_on)))
		return rc;
	if ((int)(c.scope = (enum consent_scope)consent_scope_parse(scope)) < 0)
		return cli_usage_error(usage, _("unknown consent scope '%s' (processing, sharing, photo)"), scope);
	if (!opt(o, "given") == !opt(o, "refused"))
		return cli_usage_error(usage, "%s", _("give either --given or --refused"));
	c.given = opt(o, "given") != NULL;
	if ((rc = open_all(cli, o, NULL, NULL)))
		return rc;
	mapo_error_clear(&err);
	if (protect_consent_record(cli->st, NULL, person, &c, &err))
		rc = cli_error_from(&err);
	return rc;
}

struct vstats_ctx {
	struct table *t;
	long long total;
};

static int vstats_row(const char *key, long long n, void *arg)
{
	struct vstats_ctx *c = arg;
	char count[24];
	snprintf(count, sizeof(count), "%lld", n);
	const char *row[] = {*key ? key : _("(none)"), count};
	table_add_row(c->t, row);
	c->total += n;
	return 0;
}

static int victim_stats(struct cli *cli, const struct opts *o, const char *usage)
{
	struct mapo_error err;
	enum cli_format format;
	struct table t;
	mapo_date from, to;
	const char *by;
	int rc;
	if ((rc = parse_format(o, usage, 7, &format)) || (rc = need_date(o, usage, "from", &from)) ||
	    (rc = need_date(o, usage, "to", &to)) || (rc = need(o, usage, "by", &by)))
		return rc;
	int dim = victim_dim_parse(by);
	if (dim < 0)
		return cli_usage_error(usage,
			_("unknown dimension '%s' (status, sex, age-group, nationality, form, shelter, outcome)"), by);
	if ((rc = open_all(cli, o, NULL, NULL)))
		return rc;
	const char *head[] = {by, dim == VDIM_OUTCOME ? _("ORDERS") : _("VICTIMS")};
	table_init(&t, head, 2);
	table_set_align(&t, 1, TABLE_RIGHT);
	struct vstats_ctx c = {&t, 0};
	mapo_error_clear(&err);
	if (protect_victim_stats(cli->st, NULL, from, to, (enum victim_dim)dim, vstats_row, &c, &err)) {
		rc = cli_error_from(&err);
	} else if (format == FORMAT_JSON) {
		char f[DATE_STRLEN], e[DATE_STRLEN];
		date_format(from, f);
		date_format(to, e);
		json_t *rows = json_array();
		for (size_t r = 0; r < t.nrows; r++) {
			long long n = 0;
			parse_int(table_cell(&t, r, 1), 0, INT64_MAX, &n);
			/* the key as stored: "" for none, not the "(none)" label */
			const char *key = table_cell(&t, r, 0);
			json_array_append_new(rows, json_pack("{s:s,s:I}", "key", strcmp(key, _("(none)")) ? key : "", "count",
				(json_int_t)n));
		}
		json_t *j = json_pack("{s:s,s:s,s:s,s:I,s:o}", "from", f, "to", e, "by", by, "total", (json_int_t)c.total,
			"rows", rows);
		rc = cli_print_json(j);
		json_decref(j);
	} else {
		rc = print_table(&t, format);
	}
	table_release(&t);
	return rc;
}

int cmd_victim(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"format", "key-file", "name", "id-number", "passport", "address", "phone",
		"photo", "case", "person", "status", "org", "date", "reason", "outcome", "indicator*", "tip-case", "scope",
		"given!", "refused!", "from", "to", "by", NULL};
	static const char *const usage =
		N_("mapo victim list|identity|find|status|history|screenings|screen|rescreen|consent|consents|stats ...");
	struct opts o;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("victim");
	const char *sub = argv[1];
	bool identity = !strcmp(sub, "identity");
	if (identity && argc < 3)
		return cli_usage_error(usage, "%s", _("identity set or identity show"));
	if ((rc = opts_parse(&o, known, usage, argc - 1 - identity, argv + 1 + identity, "victim", &help)) || help)
		goto out;
	if (identity && !strcmp(argv[2], "set"))
		rc = identity_set(cli, &o, usage);
	else if (identity && !strcmp(argv[2], "show"))
		rc = identity_show(cli, &o, usage);
	else if (identity)
		rc = cli_usage_error(usage, _("unknown subcommand 'identity %s'"), argv[2]);
	else if (!strcmp(sub, "list"))
		rc = victim_list(cli, &o, usage);
	else if (!strcmp(sub, "find"))
		rc = victim_find(cli, &o, usage);
	else if (!strcmp(sub, "status"))
		rc = victim_status(cli, &o, usage);
	else if (!strcmp(sub, "history"))
		rc = victim_history(cli, &o, usage);
	else if (!strcmp(sub, "screenings") || !strcmp(sub, "consents"))
		rc = victim_records(cli, &o, usage, !strcmp(sub, "screenings"));
	else if (!strcmp(sub, "screen"))
		rc = victim_screen(cli, &o, usage, false);
	else if (!strcmp(sub, "rescreen"))
		rc = victim_screen(cli, &o, usage, true);
	else if (!strcmp(sub, "consent"))
		rc = victim_consent(cli, &o, usage);
	else if (!strcmp(sub, "stats"))
		rc = victim_stats(cli, &o, usage);
	else
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), sub);
out:
	opts_release(&o);
	return rc;
}

/* ---- mapo order ---------------------------------------------------------------------------------- */

const char cmd_order_help[] = NH_(
	"usage: mapo order add --case REF --person REF --kind KIND --court TEXT [--start DATE]\n"
	"                      [--end DATE]\n"
	"   or: mapo order outcome ID --outcome OUTCOME --date DATE\n"
	"   or: mapo order list [--ending-within DAYS | --overdue] [--as-of DATE] [--person REF]\n"
	"                      [--format table|csv|json]\n"
	"\n"
	"Court orders for a victim: interim protection order (kind interim, s.44, 21 days),\n"
	"protection order (protection, s.51, up to three months), extension (extension, s.54(3),\n"
	"for such further period as the Magistrate thinks fit: no maximum, so --end is needed).\n"
	"The durations are data (data/orders.csv). A protection order or an extension continues\n"
	"the running order: without --start it starts when that one ends. Without --end an order\n"
	"runs as long as the Act allows; a later end, or one before the start, is refused. A\n"
	"smuggled migrant gets no order unless re-screened and found trafficked (s.41A).\n"
	"\n"
	"  --ending-within DAYS  running orders that end within DAYS days of --as-of (today)\n"
	"  --overdue             orders past their end with no outcome recorded\n"
	"  --outcome OUTCOME     released, immigration, repatriated, placed-elsewhere\n");

static int order_row_cb(const struct protection_order *ord, void *arg)
{
	struct table *t = arg;
	char id[24], s[DATE_STRLEN], e[DATE_STRLEN], od[DATE_STRLEN];
	snprintf(id, sizeof(id), "%lld", (long long)ord->id);
	date_format(ord->start_date, s);
	date_format(ord->end_date, e);
	date_format(ord->outcome_date, od);
	const char *row[] = {id, ord->case_ref, ord->person_ref, ord->kind, ord->section, s, e,
		order_outcome_code(ord->outcome), od, ord->court};
	table_add_row(t, row);
	return 0;
}

static int order_list(struct cli *cli, const struct opts *o, const char *usage)
{
	struct order_query q = {ORDERS_ALL, DATE_NONE, 0, opt(o, "person")};
	struct mapo_error err;
	enum cli_format format;
	struct table t;
	const char *within = opt(o, "ending-within");
	int rc = parse_format(o, usage, 7, &format);
	if (rc || (rc = opt_date(o, usage, "as-of", date_today(), &q.as_of)))
		return rc;
	if (within && opt(o, "overdue"))
		return cli_usage_error(usage, "%s", _("give --ending-within or --overdue, not both"));
	if (within) {
		long long days;
		if ((rc = cli_parse_count(usage, "--ending-within", within, 0, 3650, &days)))
			return rc;
		q.which = ORDERS_ENDING;
		q.days = (int)days;
	} else if (opt(o, "overdue")) {
		q.which = ORDERS_OVERDUE;
	}
	if ((rc = open_all(cli, o, NULL, NULL)))
		return rc;
	const char *head[] = {_("ORDER"), _("CASE"), _("PERSON"), _("KIND"), _("SECTION"), _("START"), _("END"),
		_("OUTCOME"), _("ON"), _("COURT")};
	table_init(&t, head, 10);
	table_set_align(&t, 0, TABLE_RIGHT);
	mapo_error_clear(&err);
	if (protect_order_list(cli->st, NULL, &q, order_row_cb, &t, &err)) {
		rc = cli_error_from(&err);
	} else if (format == FORMAT_JSON) {
		static const char *const keys[] = {"id", "case_ref", "person_ref", "kind", "section", "start_date",
			"end_date", "outcome", "outcome_date", "court"};
		json_t *arr = json_array();
		for (size_t r = 0; r < t.nrows; r++) {
			json_t *item = json_object();
			for (size_t c = 0; c < 10; c++) {
				const char *cell = table_cell(&t, r, c);
				long long id = 0;
				if (c == 0 && !parse_int(cell, 1, INT64_MAX, &id))
					json_object_set_new(item, keys[c], json_integer(id));
				else
					json_object_set_new(item, keys[c], *cell || c < 7 ? json_string(cell) : json_null());
			}
			json_array_append_new(arr, item);
		}
		rc = cli_print_json(arr);
		json_decref(arr);
	} else {
		rc = print_table(&t, format);
	}
	table_release(&t);
	return rc;
}

int cmd_order(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"case", "person", "kind", "court", "start", "end", "outcome", "date",
		"ending-within", "overdue!", "as-of", "format", NULL};
	static const char *const usage = N_("mapo order add|outcome|list ...");
	struct opts o;
	struct mapo_error err;
	struct order_kinds kinds;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("order");
	order_kinds_init(&kinds);
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, known, usage, argc - 1, argv + 1, "order", &help)) || help)
		goto out;
	if (!strcmp(argv[1], "add")) {
		struct protection_order ord;
		protection_order_init(&ord);
		if ((rc = copy_opt(&o, usage, "case", ord.case_ref, sizeof(ord.case_ref))) ||
		    (rc = copy_opt(&o, usage, "person", ord.person_ref, sizeof(ord.person_ref))) ||
		    (rc = copy_opt(&o, usage, "kind", ord.kind, sizeof(ord.kind))) ||
		    (rc = copy_opt(&o, usage, "court", ord.court, sizeof(ord.court))) ||
		    (rc = opt_date(&o, usage, "start", DATE_NONE, &ord.start_date)) ||
		    (rc = opt_date(&o, usage, "end", DATE_NONE, &ord.end_date)) || (rc = open_all(cli, &o, NULL, &kinds)))
			goto out;
		if (protect_order_add(cli->st, NULL, &kinds, &ord, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		char s[DATE_STRLEN], e[DATE_STRLEN];
		date_format(ord.start_date, s);
		date_format(ord.end_date, e);
		printf(_("order %lld: %s (s.%s) from %s to %s\n"), (long long)ord.id, ord.kind, ord.section, s, e);
	} else if (!strcmp(argv[1], "outcome")) {
		long long id;
		const char *outcome;
		mapo_date on;
		if (o.npos != 1)
			rc = cli_usage_error(usage, "%s", _("give one order number"));
		else if (!(rc = cli_parse_count(usage, "ID", o.pos[0], 1, INT64_MAX, &id)) &&
			 !(rc = need(&o, usage, "outcome", &outcome)) && !(rc = need_date(&o, usage, "date", &on))) {
			enum order_outcome oc = order_outcome_parse(outcome);
			if (oc == OUTCOME_NONE || oc == OUTCOME_SUPERSEDED)
				rc = cli_usage_error(usage,
					_("unknown outcome '%s' (released, immigration, repatriated, placed-elsewhere)"),
					outcome);
			else if (!(rc = open_all(cli, &o, NULL, NULL)) &&
				 protect_order_outcome(cli->st, NULL, (int64_t)id, oc, on, &err))
				rc = cli_error_from(&err);
		}
	} else if (!strcmp(argv[1], "list")) {
		rc = order_list(cli, &o, usage);
	} else {
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), argv[1]);
	}
out:
	order_kinds_release(&kinds);
	opts_release(&o);
	return rc;
}

/* ---- mapo shelter -------------------------------------------------------------------------------- */

const char cmd_shelter_help[] = NH_(
	"usage: mapo shelter add --code CODE --name TEXT --operator government|ngo\n"
	"                        --serves women|men|children --capacity N [--state CODE]\n"
	"   or: mapo shelter list [--as-of DATE] [--format table|csv|json]\n"
	"   or: mapo shelter admit --shelter CODE --person REF --date DATE\n"
	"   or: mapo shelter discharge --person REF --date DATE\n"
	"   or: mapo shelter occupancy CODE --from DATE --to DATE [--format table|csv|json]\n"
	"   or: mapo shelter screen --person REF --date DATE --check CODE=RESULT... [--isolation]\n"
	"   or: mapo shelter screening --person REF [--date DATE]\n"
	"   or: mapo shelter stays CODE [--as-of DATE] [--format table|csv|json]\n"
	"\n"
	"Places of refuge. An admission that breaks the capacity or the separation by age and sex\n"
	"(s.42) is recorded with a warning on standard error.\n"
	"\n"
	"  screen        the health screening of the person's admission (the stay on DATE), as the\n"
	"                infectious-disease guideline asks: each --check is an item of\n"
	"                data/health_checks.csv (tuberculosis, covid-19, fever-respiratory, scabies,\n"
	"                other-infectious, clinic-referral) with its result, negative, positive,\n"
	"                pending or done; --isolation when the person had to be isolated\n"
	"  screening     the results of the screening of the person's stay on DATE (today)\n"
	"  stays         the persons staying on a day, with their screening or \"screening\n"
	"                pending\"; list shows how many admissions are pending\n"
	"\n"
	"The results and the isolation are health data: they are stored encrypted under the key\n"
	"file (--key-file, $MAPO_KEY_FILE or the database path with .key appended), which screen,\n"
	"screening and stays open.\n");

struct shelter_list_ctx {
	store *st;
	struct table *t;
	mapo_date as_of;
};

static int shelter_row_cb(const struct shelter *sh, void *arg)
{
	struct shelter_list_ctx *c = arg;
	struct mapo_error err;
	long long n = 0, pending = 0;
	char cap[16], occ[24], pend[24];
	int rc = store_shelter_occupancy(c->st, sh->id, c->as_of, &n, &err);
	if (rc || (rc = protect_screening_pending(c->st, NULL, sh->code, c->as_of, &pending, &err)))
		return rc;
	snprintf(cap, sizeof(cap), "%d", sh->capacity);
	snprintf(occ, sizeof(occ), "%lld", n);
	snprintf(pend, sizeof(pend), "%lld", pending);
	const char *row[] = {sh->code, sh->name, shelter_operator_code(sh->operator_kind), shelter_serves_code(sh->serves),
		cap, occ, pend};
	table_add_row(c->t, row);
	return 0;
}

static int shelter_warn(const char *person, const char *code, unsigned w)
{
	if (w & SHELTER_WARN_CAPACITY)
		fprintf(stderr, _("mapo: warning: admitting %s puts shelter %s over its capacity\n"), person, code);
	if (w & SHELTER_WARN_SEPARATION)
		fprintf(stderr, _("mapo: warning: admitting %s to shelter %s breaks the separation by age and sex\n"),
			person, code);
	return CLI_OK;
}

static int shelter_screen(struct cli *cli, const struct opts *o, const char *usage)
{
	struct health_screening hs;
	struct mapo_error err;
	vault *v = NULL;
	const char *person;
	const struct strvec *checks = opt_multi(o, "check");
	int rc;

	health_screening_init(&hs);
	mapo_error_clear(&err);
	if ((rc = need(o, usage, "person", &person)) || (rc = need_date(o, usage, "date", &hs.screened_on)))
		goto out;
	if (!checks->n) {
		rc = cli_usage_error(usage, "%s", _("give the health checks done: --check CODE=RESULT"));
		goto out;
	}
	for (size_t i = 0; i < checks->n; i++)
		if (health_screening_add_text(&hs, checks->v[i], &err)) {
			rc = cli_usage_error(usage, "%s", err.msg);
			goto out;
		}
	snprintf(hs.person_ref, sizeof(hs.person_ref), "%s", person);
	hs.isolation = opt(o, "isolation") != NULL;
	if ((rc = open_all(cli, o, &v, NULL)))
		goto out;
	if (protect_health_screen(cli->st, v, NULL, &hs, &err))
		rc = cli_error_from(&err);
	else
		printf(_("health screening of %s in shelter %s recorded (%zu checks%s)\n"), person, hs.shelter_code, hs.n,
			hs.isolation ? _(", isolated") : "");
out:
	health_screening_release(&hs);
	vault_free(v);
	return rc;
}

struct stay_find_ctx {
	const char *person_ref;
	int64_t stay_id;
};

static int stay_find_cb(const struct shelter_stay *st, void *arg)
{
	struct stay_find_ctx *c = arg;
	if (strcmp(st->person_ref, c->person_ref))
		return 0;
	c->stay_id = st->id;
	return 1;
}

/* mapo shelter screening: the results of the screening of the person's stay open on DATE. */
static int shelter_screening(struct cli *cli, const struct opts *o, const char *usage)
{
	struct health_screening hs;
	struct health_check_list checks;
	struct mapo_error err;
	struct stay_find_ctx find = {NULL, 0};
	vault *v = NULL;
	mapo_date day;
	char admitted[DATE_STRLEN], screened[DATE_STRLEN];
	int rc;

	health_screening_init(&hs);
	health_check_list_init(&checks);
	mapo_error_clear(&err);
	if ((rc = need(o, usage, "person", &find.person_ref)) || (rc = opt_date(o, usage, "date", date_today(), &day)) ||
	    (rc = open_all(cli, o, &v, NULL)))
		goto out;
	rc = protect_stay_list(cli->st, NULL, NULL, day, stay_find_cb, &find, &err);
	if (rc < 0 || (!find.stay_id && (rc = mapo_error_set(&err, MAPO_ENOTFOUND,
						  _("person '%s' stays in no shelter on that day"), find.person_ref))) ||
	    (rc = protect_health_get(cli->st, v, NULL, find.stay_id, &hs, &err)) ||
	    (rc = protect_health_checks(cli->st, &checks, &err))) {
		rc = cli_error_from(&err);
		goto out;
	}
	date_format(hs.admitted_on, admitted);
	date_format(hs.screened_on, screened);
	printf(_("health screening of %s in shelter %s (admitted %s): %s, recorded by %s\n"), hs.person_ref,
		hs.shelter_code, admitted, screened, hs.recorded_by[0] ? hs.recorded_by : "-");
	if (hs.erased) {
		printf("%s\n", _("the results were erased (retention)"));
		goto out;
	}
	printf(_("isolation: %s\n"), hs.isolation ? _("yes") : _("no"));
	for (size_t i = 0; i < hs.n; i++) {
		const struct health_check *c = health_check_list_find(&checks, hs.items[i].code);
		const char *name = !c ? hs.items[i].code : i18n_lang() == LANG_MS ? c->name_ms : c->name_en;
		printf("%-18s %s  (%s)\n", hs.items[i].code, health_result_name(hs.items[i].result, i18n_lang()), name);
	}
out:
	health_screening_release(&hs);
	health_check_list_release(&checks);
	vault_free(v);
	return rc;
}

struct stay_list_ctx {
	store *st;
	const vault *v;
	struct table *t;
	struct mapo_error *err;
};

static int stay_row_cb(const struct shelter_stay *st, void *arg)
{
	struct stay_list_ctx *c = arg;
	struct health_screening hs;
	char admitted[DATE_STRLEN], screened[DATE_STRLEN];
	const char *isolation = "";
	date_format(st->admitted_on, admitted);
	health_screening_init(&hs);
	if (st->screened_on != DATE_NONE) {
		/* The isolation is sealed with the results. */
		int rc = protect_health_get(c->st, c->v, NULL, st->id, &hs, c->err);
		if (rc)
			return rc;
		date_format(st->screened_on, screened);
		isolation = hs.erased ? _("erased") : hs.isolation ? _("yes") : _("no");
		health_screening_release(&hs);
	}
	const char *row[] = {st->person_ref, admitted,
		st->screened_on == DATE_NONE ? _("screening pending") : screened, isolation,
		st->warnings & SHELTER_WARN_CAPACITY ? (st->warnings & SHELTER_WARN_SEPARATION ? "capacity;separation" : "capacity")
			: st->warnings & SHELTER_WARN_SEPARATION ? "separation" : ""};
	table_add_row(c->t, row);
	return 0;
}

static int shelter_stays(struct cli *cli, const struct opts *o, const char *usage, enum cli_format format)
{
	struct table t;
	struct shelter sh;
	struct mapo_error err;
	vault *v = NULL;
	mapo_date as_of;
	int rc;

	if (o->npos != 1)
		return cli_usage_error(usage, "%s", _("give one shelter code"));
	if ((rc = opt_date(o, usage, "as-of", date_today(), &as_of)) || (rc = open_all(cli, o, &v, NULL)))
		return rc;
	mapo_error_clear(&err);
	if (store_shelter_get(cli->st, o->pos[0], &sh, &err)) {
		vault_free(v);
		return cli_error_from(&err);
	}
	const char *head[] = {_("PERSON"), _("ADMITTED"), _("SCREENING"), _("ISOLATION"), _("WARNINGS")};
	struct stay_list_ctx c = {cli->st, v, &t, &err};
	table_init(&t, head, 5);
	if (protect_stay_list(cli->st, NULL, o->pos[0], as_of, stay_row_cb, &c, &err))
		rc = cli_error_from(&err);
	else
		rc = print_table(&t, format == FORMAT_JSON ? FORMAT_CSV : format);
	table_release(&t);
	vault_free(v);
	return rc;
}

int cmd_shelter(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"code", "name", "operator", "serves", "capacity", "state", "as-of", "format",
		"shelter", "person", "date", "from", "to", "check*", "isolation!", "key-file", NULL};
	static const char *const usage = N_("mapo shelter add|list|admit|discharge|occupancy|screen|screening|stays ...");
	struct opts o;
	struct mapo_error err;
	enum cli_format format;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("shelter");
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, known, usage, argc - 1, argv + 1, "shelter", &help)) || help ||
	    (rc = parse_format(&o, usage, 7, &format)))
		goto out;
	const char *sub = argv[1];
	if (!strcmp(sub, "add")) {
		struct shelter sh;
		const char *operator_s, *serves, *cap;
		long long capacity;
		memset(&sh, 0, sizeof(sh));
		if ((rc = copy_opt(&o, usage, "code", sh.code, sizeof(sh.code))) ||
		    (rc = copy_opt(&o, usage, "name", sh.name, sizeof(sh.name))) ||
		    (rc = need(&o, usage, "operator", &operator_s)) || (rc = need(&o, usage, "serves", &serves)) ||
		    (rc = need(&o, usage, "capacity", &cap)) ||
		    (rc = cli_parse_count(usage, "--capacity", cap, 0, 100000, &capacity)))
			goto out;
		if (shelter_operator_parse(operator_s) < 0 || shelter_serves_parse(serves) < 0) {
			rc = cli_usage_error(usage, "%s", _("--operator government or ngo; --serves women, men or children"));
			goto out;
		}
		sh.operator_kind = (enum shelter_operator)shelter_operator_parse(operator_s);
		sh.serves = (enum shelter_serves)shelter_serves_parse(serves);
		sh.capacity = (int)capacity;
		snprintf(sh.state, sizeof(sh.state), "%s", opt(&o, "state") ? opt(&o, "state") : "");
		if (!(rc = open_all(cli, &o, NULL, NULL)) && protect_shelter_put(cli->st, NULL, &sh, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(sub, "list")) {
		struct table t;
		struct shelter_list_ctx c = {NULL, &t, DATE_NONE};
		if ((rc = opt_date(&o, usage, "as-of", date_today(), &c.as_of)) || (rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		const char *head[] = {_("CODE"), _("NAME"), _("OPERATOR"), _("SERVES"), _("CAPACITY"), _("STAYING"),
			_("SCREENING PENDING")};
		table_init(&t, head, 7);
		table_set_align(&t, 4, TABLE_RIGHT);
		table_set_align(&t, 5, TABLE_RIGHT);
		table_set_align(&t, 6, TABLE_RIGHT);
		c.st = cli->st;
		if (store_shelter_list(cli->st, shelter_row_cb, &c, &err))
			rc = cli_error_from(&err);
		else
			rc = print_table(&t, format == FORMAT_JSON ? FORMAT_CSV : format);
		table_release(&t);
	} else if (!strcmp(sub, "admit")) {
		const char *code, *person;
		mapo_date day;
		unsigned w = 0;
		if ((rc = need(&o, usage, "shelter", &code)) || (rc = need(&o, usage, "person", &person)) ||
		    (rc = need_date(&o, usage, "date", &day)) || (rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		if (protect_admit(cli->st, NULL, code, person, day, &w, &err))
			rc = cli_error_from(&err);
		else
			rc = shelter_warn(person, code, w);
	} else if (!strcmp(sub, "discharge")) {
		const char *person;
		mapo_date day;
		if ((rc = need(&o, usage, "person", &person)) || (rc = need_date(&o, usage, "date", &day)) ||
		    (rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		if (protect_discharge(cli->st, NULL, person, day, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(sub, "screen")) {
		rc = shelter_screen(cli, &o, usage);
	} else if (!strcmp(sub, "stays")) {
		rc = shelter_stays(cli, &o, usage, format);
	} else if (!strcmp(sub, "screening")) {
		rc = shelter_screening(cli, &o, usage);
	} else if (!strcmp(sub, "occupancy")) {
		mapo_date from, to;
		if (o.npos != 1) {
			rc = cli_usage_error(usage, "%s", _("give one shelter code"));
			goto out;
		}
		if ((rc = need_date(&o, usage, "from", &from)) || (rc = need_date(&o, usage, "to", &to)) ||
		    (rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		if (to < from || to - from > 3660) {
			rc = cli_usage_error(usage, "%s", _("the period must run forwards, ten years at most"));
			goto out;
		}
		long long *counts = xcalloc((size_t)(to - from + 1), sizeof(*counts));
		if (protect_occupancy(cli->st, NULL, o.pos[0], from, to, counts, &err)) {
			rc = cli_error_from(&err);
		} else {
			struct table t;
			const char *head[] = {_("DATE"), _("STAYING")};
			table_init(&t, head, 2);
			table_set_align(&t, 1, TABLE_RIGHT);
			for (mapo_date d = from; d <= to; d++) {
				char ds[DATE_STRLEN], n[24];
				date_format(d, ds);
				snprintf(n, sizeof(n), "%lld", counts[d - from]);
				const char *row[] = {ds, n};
				table_add_row(&t, row);
			}
			rc = print_table(&t, format == FORMAT_JSON ? FORMAT_CSV : format);
			table_release(&t);
		}
		free(counts);
	} else {
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), sub);
	}
out:
	opts_release(&o);
	return rc;
}

/* ---- mapo referral --------------------------------------------------------------------------- */

const char cmd_referral_help[] = NH_(
	"usage: mapo referral add --person REF --direction in|out --org NAME --service SERVICE\n"
	"                         --date DATE [--status pending|accepted|refused]\n"
	"   or: mapo referral decide ID --status accepted|refused --date DATE\n"
	"   or: mapo referral list [--person REF] [--org NAME] [--format table|csv|json]\n"
	"\n"
	"Referrals to and from partner organisations (HTCDS referral fields). in: the organisation\n"
	"referred the person to the council (a partner then sees that person and its status);\n"
	"out: the council referred the person to the organisation for a service: identification,\n"
	"shelter, medical, psychosocial, legal-aid, interpreter, allowance, skills, other.\n");

static int referral_row_cb(const struct referral *r, void *arg)
{
	struct table *t = arg;
	char id[24], on[DATE_STRLEN], dec[DATE_STRLEN];
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	date_format(r->referred_on, on);
	date_format(r->decided_on, dec);
	const char *row[] = {id, r->person_ref, referral_dir_code(r->dir), r->org, r->service, on,
		referral_status_code(r->status), dec};
	table_add_row(t, row);
	return 0;
}

int cmd_referral(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"person", "direction", "org", "service", "date", "status", "format", NULL};
	static const char *const usage = N_("mapo referral add|decide|list ...");
	struct opts o;
	struct mapo_error err;
	enum cli_format format;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("referral");
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, known, usage, argc - 1, argv + 1, "referral", &help)) || help ||
	    (rc = parse_format(&o, usage, 7, &format)))
		goto out;
	if (!strcmp(argv[1], "add")) {
		struct referral r;
		const char *dir, *status = opt(&o, "status");
		memset(&r, 0, sizeof(r));
		r.decided_on = DATE_NONE;
		if ((rc = copy_opt(&o, usage, "person", r.person_ref, sizeof(r.person_ref))) ||
		    (rc = copy_opt(&o, usage, "org", r.org, sizeof(r.org))) ||
		    (rc = copy_opt(&o, usage, "service", r.service, sizeof(r.service))) ||
		    (rc = need(&o, usage, "direction", &dir)) || (rc = need_date(&o, usage, "date", &r.referred_on)))
			goto out;
		if (referral_dir_parse(dir) < 0 || (status && referral_status_parse(status) < 0)) {
			rc = cli_usage_error(usage, "%s", _("--direction in or out; --status pending, accepted or refused"));
			goto out;
		}
		r.dir = (enum referral_dir)referral_dir_parse(dir);
		r.status = status ? (enum referral_status)referral_status_parse(status) : REFERRAL_PENDING;
		if (r.status != REFERRAL_PENDING)
			r.decided_on = r.referred_on;
		if (!(rc = open_all(cli, &o, NULL, NULL))) {
			if (protect_referral_add(cli->st, NULL, &r, &err))
				rc = cli_error_from(&err);
			else
				printf(_("referral %lld\n"), (long long)r.id);
		}
	} else if (!strcmp(argv[1], "decide")) {
		long long id;
		const char *status;
		mapo_date on;
		if (o.npos != 1) {
			rc = cli_usage_error(usage, "%s", _("give one referral number"));
			goto out;
		}
		if ((rc = cli_parse_count(usage, "ID", o.pos[0], 1, INT64_MAX, &id)) ||
		    (rc = need(&o, usage, "status", &status)) || (rc = need_date(&o, usage, "date", &on)) ||
		    (rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		int st = referral_status_parse(status);
		if (protect_referral_decide(cli->st, NULL, (int64_t)id, st < 0 ? REFERRAL_PENDING : (enum referral_status)st,
			    on, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(argv[1], "list")) {
		struct table t;
		if ((rc = open_all(cli, &o, NULL, NULL)))
			goto out;
		const char *head[] = {_("REFERRAL"), _("PERSON"), _("DIRECTION"), _("ORGANISATION"), _("SERVICE"),
			_("REFERRED"), _("STATUS"), _("DECIDED")};
		table_init(&t, head, 8);
		table_set_align(&t, 0, TABLE_RIGHT);
		/* The command line sees every organisation's; --org narrows as a partner's view would. */
		struct principal partner;
		principal_init_anonymous(&partner, NULL);
		partner.role = ROLE_PARTNER;
		snprintf(partner.org, sizeof(partner.org), "%s", opt(&o, "org") ? opt(&o, "org") : "");
		if (protect_referral_list(cli->st, opt(&o, "org") ? &partner : NULL, opt(&o, "person"), referral_row_cb, &t,
			    &err))
			rc = cli_error_from(&err);
		else
			rc = print_table(&t, format == FORMAT_JSON ? FORMAT_CSV : format);
		table_release(&t);
	} else {
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), argv[1]);
	}
out:
	opts_release(&o);
	return rc;
}

/* ---- mapo key, mapo retention ---------------------------------------------------------------- */

const char cmd_key_help[] = NH_(
	"usage: mapo key rotate [--key-file PATH]\n"
	"\n"
	"Makes a new key for personal data, re-encrypts every encrypted field under it in one\n"
	"transaction and then removes the old key from the key file (--key-file, else\n"
	"$MAPO_KEY_FILE, else the database path with .key added). Until the re-encryption is\n"
	"committed the key file holds both keys, so an interruption loses nothing. Back up the\n"
	"new key file.\n");

int cmd_key(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"key-file", NULL};
	static const char *const usage = N_("mapo key rotate [--key-file PATH]");
	struct opts o;
	struct mapo_error err;
	vault *v = NULL;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("key");
	if ((rc = opts_parse(&o, known, usage, argc - 1, argv + 1, "key", &help)) || help)
		goto out;
	if (strcmp(argv[1], "rotate")) {
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), argv[1]);
		goto out;
	}
	if (o.npos) {
		rc = cli_usage_error(usage, _("unexpected argument '%s'"), o.pos[0]);
		goto out;
	}
	if ((rc = open_all(cli, &o, &v, NULL)))
		goto out;
	char *path = vault_key_path(opt(&o, "key-file"), cli->db_path);
	long long n = 0;
	mapo_error_clear(&err);
	if (protect_key_rotate(cli->st, v, path, NULL, &n, &err))
		rc = cli_error_from(&err);
	else
		printf(_("key version %lu: %lld values re-encrypted\n"), (unsigned long)vault_key_version(v), n);
	free(path);
out:
	vault_free(v);
	opts_release(&o);
	return rc;
}

const char cmd_retention_help[] = NH_(
	"usage: mapo retention run [--days N] [--as-of DATE]\n"
	"\n"
	"Erases the personal data (identities, encrypted reasons and notes) of persons whose cases\n"
	"are all closed, the last closed at least N days before --as-of (default today). N comes\n"
	"from --days, else $MAPO_RETENTION_DAYS, else 2555 (seven years). Statistics do not change:\n"
	"sex, age, nationality, roles and dates stay. Rotating the key afterwards ('mapo key rotate')\n"
	"makes any copy of the erased ciphertext left in old backups unreadable.\n");

int cmd_retention(struct cli *cli, int argc, char **argv)
{
	static const char *const known[] = {"days", "as-of", NULL};
	static const char *const usage = N_("mapo retention run [--days N] [--as-of DATE]");
	struct opts o;
	struct mapo_error err;
	bool help;
	int rc;

	if (argc < 2)
		return cli_usage_error(usage, "%s", _("a subcommand is needed"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("retention");
	if ((rc = opts_parse(&o, known, usage, argc - 1, argv + 1, "retention", &help)) || help)
		goto out;
	if (strcmp(argv[1], "run")) {
		rc = cli_usage_error(usage, _("unknown subcommand '%s'"), argv[1]);
		goto out;
	}
	const char *days_s = opt(&o, "days");
	const char *env = getenv("MAPO_RETENTION_DAYS");
	long long days = 2555, n = 0;
	mapo_date as_of;
	if (!days_s && env && *env)
		days_s = env;
	if ((days_s && (rc = cli_parse_count(usage, "--days", days_s, 0, 36500, &days))) ||
	    (rc = opt_date(&o, usage, "as-of", date_today(), &as_of)) || (rc = open_all(cli, &o, NULL, NULL)))
		goto out;
	mapo_error_clear(&err);
	if (protect_retention_run(cli->st, NULL, (int)days, as_of, &n, &err))
		rc = cli_error_from(&err);
	else
		printf(Q_("personal data erased for %lld person\n", "personal data erased for %lld persons\n",
			       (unsigned long)n), n);
out:
	opts_release(&o);
	return rc;
}
