/* mapo org, meeting, paper, action, doc: the council's work (core/council.h). The command line
 * acts as the database's owner: every write is audited with an empty user, and reading the
 * representatives is audited as a view of personal data. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/council.h"
#include "io/council_io.h"
#include "store/store_council.h"

/* ---- a small option reader shared by the subcommands --------------------------------------- */

#define OPTS_MAX 24

/* spec: comma-separated long option names; a name ending in '=' takes a value (repeatable). */
struct opts {
	const char *usage;
	size_t n;
	char names[OPTS_MAX][24];
	bool takes[OPTS_MAX];
	struct strvec vals[OPTS_MAX];
	bool seen[OPTS_MAX];
	struct strvec pos;
};

static void opts_release(struct opts *o)
{
	for (size_t i = 0; i < o->n; i++)
		strvec_release(&o->vals[i]);
	strvec_release(&o->pos);
}

/* Returns 0, CLI_EUSAGE (printed) or -1 when --help was asked for (help printed). */
static int opts_parse(struct opts *o, const char *usage, const char *help_name, const char *spec, int argc,
	char **argv)
{
	struct option lo[OPTS_MAX + 2];
	memset(o, 0, sizeof(*o));
	o->usage = usage;
	strvec_init(&o->pos);
	const char *p = spec;
	while (*p && o->n < OPTS_MAX) {
		size_t len = strcspn(p, ",");
		size_t k = len;
		bool takes = len && p[len - 1] == '=';
		if (takes)
			k--;
		snprintf(o->names[o->n], sizeof(o->names[0]), "%.*s", (int)k, p);
		o->takes[o->n] = takes;
		strvec_init(&o->vals[o->n]);
		lo[o->n] = (struct option){o->names[o->n], takes ? required_argument : no_argument, NULL, 1000 + (int)o->n};
		o->n++;
		p += len;
		if (*p == ',')
			p++;
	}
	lo[o->n] = (struct option){"help", no_argument, NULL, 'h'};
	lo[o->n + 1] = (struct option){NULL, 0, NULL, 0};
	cli_getopt_reset();
	int c;
	while ((c = getopt_long(argc, argv, ":h", lo, NULL)) != -1) {
		if (c == 'h') {
			cli_help(help_name);
			return -1;
		}
		if (c < 1000 || c >= 1000 + (int)o->n)
			return cli_option_error(usage, c, argv);
		size_t i = (size_t)(c - 1000);
		o->seen[i] = true;
		if (o->takes[i])
			strvec_push(&o->vals[i], optarg);
	}
	for (int i = optind; i < argc; i++)
		strvec_push(&o->pos, argv[i]);
	return 0;
}

static size_t opt_index(const struct opts *o, const char *name)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], name))
			return i;
	abort(); /* a name missing from the spec is a programming error */
}

/* The last value given for name, or NULL. */
static const char *opt(const struct opts *o, const char *name)
{
	size_t i = opt_index(o, name);
	return o->vals[i].n ? o->vals[i].v[o->vals[i].n - 1] : NULL;
}

static bool flag(const struct opts *o, const char *name) { return o->seen[opt_index(o, name)]; }
static const struct strvec *opt_all(const struct opts *o, const char *name) { return &o->vals[opt_index(o, name)]; }

static int need_pos(const struct opts *o, size_t n)
{
	if (o->pos.n < n)
		return cli_usage_error(o->usage, "%s", _("missing argument"));
	if (o->pos.n > n)
		return cli_usage_error(o->usage, _("unexpected argument '%s'"), o->pos.v[n]);
	return 0;
}

static int need_opt(const struct opts *o, const char *name, const char **out)
{
	*out = opt(o, name);
	if (!*out)
		return cli_usage_error(o->usage, _("option '--%s' is required"), name);
	return 0;
}

static int opt_date(const struct opts *o, const char *name, mapo_date *out)
{
	const char *v = opt(o, name);
	char dashed[32];
	if (!v)
		return 0;
	snprintf(dashed, sizeof(dashed), "--%s", name);
	return cli_parse_date(o->usage, dashed, v, out);
}

static int opt_id(const struct opts *o, const char *name, int64_t *out)
{
	const char *v = opt(o, name);
	long long n;
	char dashed[32];
	if (!v)
		return 0;
	snprintf(dashed, sizeof(dashed), "--%s", name);
	if (cli_parse_count(o->usage, dashed, v, 1, INT64_MAX, &n))
		return CLI_EUSAGE;
	*out = n;
	return 0;
}

/* --format: table, csv or json; xlsx too when allow_xlsx (then *xlsx is set). */
static int opt_format(const struct opts *o, enum cli_format *fmt, bool allow_xlsx, bool *xlsx)
{
	const char *v = opt(o, "format");
	*fmt = FORMAT_TABLE;
	if (xlsx)
		*xlsx = false;
	if (!v)
		return 0;
	if (allow_xlsx && !strcmp(v, "xlsx")) {
		*xlsx = true;
		if (!opt(o, "output"))
			return cli_usage_error(o->usage, "%s", _("--format xlsx needs --output FILE"));
		return 0;
	}
	return cli_parse_format(o->usage, v, 7, fmt);
}

/* Sets a fixed field from an option, printing the problem. */
static int set_opt(char *dst, size_t size, const struct opts *o, const char *name, const char *value)
{
	struct field_errors fe = FIELD_ERRORS_INIT;
	int rc = council_set_str(dst, size, value, name, false, &fe);
	if (rc)
		rc = cli_error("%s", fe.v[0].msg);
	field_errors_release(&fe);
	(void)o;
	return rc;
}

static int write_error(const struct mapo_error *err) { return cli_error_from(err); }

/* Prints a table (or CSV of it) or a JSON array. */
static int print_rows(struct table *t, json_t *arr, enum cli_format fmt)
{
	int rc;
	if (fmt == FORMAT_JSON) {
		rc = cli_print_json(arr);
	} else {
		struct buf out = BUF_INIT;
		int wrc = fmt == FORMAT_CSV ? table_write_csv(&out, t) : table_write_text(&out, t);
		rc = cli_print_buf(&out, wrc);
		buf_release(&out);
	}
	json_decref(arr);
	table_release(t);
	return rc;
}

static const char *fmt_date(mapo_date d, char out[DATE_STRLEN])
{
	date_format(d, out);
	return out;
}

static const char *fmt_id(int64_t id, char out[24])
{
	if (id)
		snprintf(out, 24, "%lld", (long long)id);
	else
		out[0] = '\0';
	return out;
}

/* A meeting by id ("12") or by its number ("MAPO 2/2021", "MAPO:2/2021"). */
static int resolve_meeting(struct cli *cli, const char *ref, int64_t *id)
{
	struct mapo_error err;
	char body[ORG_CODE_MAX];
	int number, year;
	long long n;
	mapo_error_clear(&err);
	if (!parse_int(ref, 1, INT64_MAX, &n)) {
		*id = n;
		return 0;
	}
	if (council_meeting_ref_parse(ref, body, &number, &year))
		return cli_error(_("'%s' is not a meeting (an id, or BODY N/YEAR such as 'MAPO 2/2021')"), ref);
	if (store_council_meeting_find(cli->st, body, year, number, id, &err))
		return cli_error_from(&err);
	return 0;
}

/* ---- loading the quorum rule and the demo -------------------------------------------------- */

int cli_install_council(struct cli *cli, const char *dir)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	char *path = xasprintf("%s/council_quorum.csv", dir);
	FILE *f = fopen(path, "rb");
	int rc = CLI_OK;
	if (f) {
		fclose(f);
		if (council_quorum_load(cli->st, path, &err))
			rc = cli_error_from(&err);
	}
	free(path);
	return rc;
}

int cli_council_demo(struct cli *cli, const char *dir)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	int rc = cli_install_council(cli, dir);
	if (rc)
		return rc;
	char *demo_dir = xasprintf("%s/demo/council", dir);
	int lrc = council_demo_load(cli->st, demo_dir, &err);
	free(demo_dir);
	if (lrc == MAPO_EEXIST)
		return CLI_OK; /* the council's demo is there already (demo --force) */
	if (lrc)
		return cli_error_from(&err);
	return CLI_OK;
}

/* ---- mapo org ------------------------------------------------------------------------------ */

static const char *const usage_org = N_("mapo org add|edit|show|list|rep|member|members|engage|engagements ...");

static void org_table_init(struct table *t)
{
	const char *h[] = {_("Code"), _("Kind"), _("Name (Malay)"), _("Name (English)"), _("Parent"), _("Version")};
	table_init(t, h, 6);
}

static int org_row(const struct council_org *o, void *arg)
{
	void **a = arg;
	char v[24];
	const char *cells[] = {o->code, org_kind_name(o->kind, i18n_lang()), o->name_ms, o->name_en, o->parent,
		fmt_id(o->version, v)};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_org_to_json(o));
	return 0;
}

static int org_fill(struct council_org *o, const struct opts *op)
{
	const char *v;
	int rc = 0;
	if ((v = opt(op, "kind")) && (o->kind = org_kind_parse(v)) == ORGK_NONE)
		return cli_usage_error(op->usage, _("unknown kind '%s'"), v);
	if ((v = opt(op, "name-ms")) && (rc = set_opt(o->name_ms, sizeof(o->name_ms), op, "name-ms", v)))
		return rc;
	if ((v = opt(op, "name-en")) && (rc = set_opt(o->name_en, sizeof(o->name_en), op, "name-en", v)))
		return rc;
	if ((v = opt(op, "parent")) && (rc = set_opt(o->parent, sizeof(o->parent), op, "parent", v)))
		return rc;
	return 0;
}

static int person_row(const struct council_person *p, void *arg)
{
	void **a = arg;
	char id[24];
	const char *cells[] = {fmt_id(p->id, id), p->org, p->name, p->title, p->email, p->phone};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_person_to_json(p));
	return 0;
}

static int member_row(const struct council_member *m, void *arg)
{
	void **a = arg;
	char s[DATE_STRLEN], e[DATE_STRLEN], pid[24];
	const char *cells[] = {m->body, m->org, member_role_name(m->role, i18n_lang()), fmt_date(m->start, s),
		fmt_date(m->end, e), fmt_id(m->person_id, pid)};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_member_to_json(m));
	return 0;
}

static int engagement_row(const struct council_engagement *e, void *arg)
{
	void **a = arg;
	char id[24], d[DATE_STRLEN];
	const char *cells[] = {fmt_id(e->id, id), fmt_date(e->held_on, d), e->org, e->title, e->outcomes};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_engagement_to_json(e));
	return 0;
}

static int org_sub(struct cli *cli, const char *sub, int argc, char **argv)
{
	struct opts o;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	int rc;
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, usage_org, "org",
		     "kind=,name-ms=,name-en=,parent=,version=,format=,name=,title=,email=,phone=,role=,from=,to=,person=,on=,"
		     "date=,participants=,topics=,outcomes=",
		     argc, argv))) {
		opts_release(&o);
		return rc < 0 ? CLI_OK : rc;
	}
	if ((rc = cli_open(cli, false)))
		goto out;
	enum cli_format fmt;
	if ((rc = opt_format(&o, &fmt, false, NULL)))
		goto out;
	struct table t;
	json_t *arr = json_array();
	void *ctx[2] = {&t, arr};
	if (!strcmp(sub, "add") || !strcmp(sub, "edit")) {
		struct council_org org;
		council_org_init(&org);
		if ((rc = need_pos(&o, 1)))
			goto out_arr;
		bool edit = !strcmp(sub, "edit");
		if (edit) {
			int64_t ver = 0;
			if (store_council_org_get(cli->st, o.pos.v[0], &org, &err)) {
				rc = cli_error_from(&err);
				goto out_arr;
			}
			if ((rc = opt_id(&o, "version", &ver)))
				goto out_arr;
			if (!ver) {
				rc = cli_usage_error(o.usage, "%s", _("option '--version' is required"));
				goto out_arr;
			}
			org.version = ver;
		} else if ((rc = set_opt(org.code, sizeof(org.code), &o, "code", o.pos.v[0]))) {
			goto out_arr;
		}
		if ((rc = org_fill(&org, &o)))
			goto out_arr;
		rc = edit ? council_org_edit(cli->st, NULL, &org, &fe, &err) : council_org_add(cli->st, NULL, &org, &fe, &err);
		if (rc) {
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%s %lld\n", org.code, (long long)org.version);
	} else if (!strcmp(sub, "list")) {
		enum org_kind kind = ORGK_NONE;
		const char *k = opt(&o, "kind");
		if (k && (kind = org_kind_parse(k)) == ORGK_NONE) {
			rc = cli_usage_error(o.usage, _("unknown kind '%s'"), k);
			goto out_arr;
		}
		if ((rc = need_pos(&o, 0)))
			goto out_arr;
		org_table_init(&t);
		if (store_council_org_list(cli->st, kind, org_row, ctx, &err)) {
			table_release(&t);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else if (!strcmp(sub, "show")) {
		struct council_org org;
		if ((rc = need_pos(&o, 1)))
			goto out_arr;
		if (store_council_org_get(cli->st, o.pos.v[0], &org, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
		if (fmt == FORMAT_JSON) {
			rc = cli_print_json(arr = (json_decref(arr), council_org_to_json(&org)));
			goto out_arr;
		}
		printf("%s: %s\n", _("Code"), org.code);
		printf("%s: %s\n", _("Kind"), org_kind_name(org.kind, i18n_lang()));
		printf("%s: %s\n", _("Name (Malay)"), org.name_ms);
		printf("%s: %s\n", _("Name (English)"), org.name_en);
		printf("%s: %s\n", _("Parent"), org.parent);
		printf("%s: %lld\n", _("Version"), (long long)org.version);
	} else if (!strcmp(sub, "rep")) {
		/* mapo org rep add ORG --name ... | mapo org rep list [ORG] */
		if (o.pos.n < 1) {
			rc = cli_usage_error(o.usage, "%s", _("missing argument"));
			goto out_arr;
		}
		if (!strcmp(o.pos.v[0], "add")) {
			struct council_person p;
			const char *name;
			council_person_init(&p);
			if (o.pos.n != 2) {
				rc = cli_usage_error(o.usage, "%s", _("say which organisation"));
				goto out_arr;
			}
			if ((rc = need_opt(&o, "name", &name)) || (rc = set_opt(p.org, sizeof(p.org), &o, "org", o.pos.v[1])) ||
			    (rc = set_opt(p.name, sizeof(p.name), &o, "name", name)) ||
			    (rc = set_opt(p.title, sizeof(p.title), &o, "title", opt(&o, "title"))) ||
			    (rc = set_opt(p.email, sizeof(p.email), &o, "email", opt(&o, "email"))) ||
			    (rc = set_opt(p.phone, sizeof(p.phone), &o, "phone", opt(&o, "phone"))))
				goto out_arr;
			if (council_person_add(cli->st, NULL, &p, &fe, &err)) {
				rc = write_error(&err);
				goto out_arr;
			}
			printf("%lld\n", (long long)p.id);
		} else if (!strcmp(o.pos.v[0], "list")) {
			const char *org = o.pos.n > 1 ? o.pos.v[1] : NULL;
			const char *h[] = {_("Id"), _("Organisation"), _("Name"), _("Title"), _("E-mail"), _("Phone")};
			table_init(&t, h, 6);
			if (council_people_audit(cli->st, NULL, "council-org", org ? org : "*", &err) ||
			    store_council_person_list(cli->st, org, person_row, ctx, &err)) {
				table_release(&t);
				rc = cli_error_from(&err);
				goto out_arr;
			}
			rc = print_rows(&t, arr, fmt);
			goto out;
		} else {
			rc = cli_usage_error(o.usage, _("unknown subcommand '%s'"), o.pos.v[0]);
			goto out_arr;
		}
	} else if (!strcmp(sub, "member")) {
		/* mapo org member BODY ORG --role ROLE --from DATE [--to DATE] [--person ID] */
		struct council_member m;
		council_member_init(&m);
		const char *role = opt(&o, "role");
		if ((rc = need_pos(&o, 2)) || (rc = set_opt(m.body, sizeof(m.body), &o, "body", o.pos.v[0])) ||
		    (rc = set_opt(m.org, sizeof(m.org), &o, "org", o.pos.v[1])) || (rc = opt_date(&o, "from", &m.start)) ||
		    (rc = opt_date(&o, "to", &m.end)) || (rc = opt_id(&o, "person", &m.person_id)))
			goto out_arr;
		if (role && (m.role = member_role_parse(role)) == MROLE_NONE) {
			rc = cli_usage_error(o.usage, _("unknown role '%s'"), role);
			goto out_arr;
		}
		if (m.start == DATE_NONE)
			m.start = date_today();
		if (council_member_add(cli->st, NULL, &m, &fe, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%lld\n", (long long)m.id);
	} else if (!strcmp(sub, "members")) {
		mapo_date on = DATE_NONE;
		if ((rc = need_pos(&o, 1)) || (rc = opt_date(&o, "on", &on)))
			goto out_arr;
		const char *h[] = {_("Body"), _("Organisation"), _("Role"), _("From"), _("To"), _("Representative")};
		table_init(&t, h, 6);
		if (store_council_member_list(cli->st, o.pos.v[0], on, member_row, ctx, &err)) {
			table_release(&t);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else if (!strcmp(sub, "engage")) {
		struct council_engagement e;
		const char *title;
		council_engagement_init(&e);
		if ((rc = need_pos(&o, 1)) || (rc = need_opt(&o, "title", &title)) ||
		    (rc = set_opt(e.org, sizeof(e.org), &o, "org", o.pos.v[0])) ||
		    (rc = set_opt(e.title, sizeof(e.title), &o, "title", title)) || (rc = opt_date(&o, "date", &e.held_on)) ||
		    (rc = set_opt(e.participants, sizeof(e.participants), &o, "participants", opt(&o, "participants"))) ||
		    (rc = set_opt(e.topics, sizeof(e.topics), &o, "topics", opt(&o, "topics"))) ||
		    (rc = set_opt(e.outcomes, sizeof(e.outcomes), &o, "outcomes", opt(&o, "outcomes"))))
			goto out_arr;
		if (e.held_on == DATE_NONE)
			e.held_on = date_today();
		if (council_engagement_add(cli->st, NULL, &e, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%lld\n", (long long)e.id);
	} else if (!strcmp(sub, "engagements")) {
		if (o.pos.n > 1) {
			rc = cli_usage_error(o.usage, _("unexpected argument '%s'"), o.pos.v[1]);
			goto out_arr;
		}
		const char *h[] = {_("Id"), _("Date"), _("Partner"), _("Title"), _("Outcomes")};
		table_init(&t, h, 5);
		if (store_council_engagement_list(cli->st, o.pos.n ? o.pos.v[0] : NULL, engagement_row, ctx, &err)) {
			table_release(&t);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else {
		rc = cli_usage_error(o.usage, _("unknown subcommand '%s'"), sub);
	}
out_arr:
	json_decref(arr);
out:
	field_errors_release(&fe);
	opts_release(&o);
	return rc;
}

int cmd_org(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_org, "%s", _("missing subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("org");
	return org_sub(cli, argv[1], argc - 1, argv + 1);
}

/* ---- mapo meeting -------------------------------------------------------------------------- */

static const char *const usage_meeting =
	N_("mapo meeting add|edit|list|show|attend|attendance|quorum|decide ...");

static int meeting_row(const struct council_meeting *m, void *arg)
{
	void **a = arg;
	char id[24], d[DATE_STRLEN], title[128];
	council_meeting_title(m, i18n_lang(), title, sizeof(title));
	const char *cells[] = {fmt_id(m->id, id), title, fmt_date(m->held_on, d), m->start_time,
		meeting_mode_name(m->mode, i18n_lang()), m->venue};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_meeting_to_json(m, false));
	return 0;
}

struct att_list {
	struct council_attendance *v;
	size_t n, alloc;
};

static int att_collect(const struct council_attendance *a, void *arg)
{
	struct att_list *l = arg;
	size_t need = l->n + 1;
	ALLOC_GROW(l->v, need, l->alloc);
	l->v[l->n++] = *a;
	return 0;
}

static int decision_print(const struct council_decision *d, void *arg)
{
	(void)arg;
	printf("  [%lld] %s\n", (long long)d->id, d->text);
	return 0;
}

static int paper_print(const struct council_doc *d, void *arg)
{
	(void)arg;
	printf("  [%lld] %s: %s (%s%s%s)\n", (long long)d->id, doc_kind_name(d->kind, i18n_lang()),
		i18n_lang() == LANG_MS && d->title_ms[0] ? d->title_ms : d->title_en[0] ? d->title_en : d->title_ms,
		d->presenter, d->presenter[0] ? ", " : "", doc_access_name(d->access, i18n_lang()));
	return 0;
}

static int meeting_fill(struct council_meeting *m, const struct opts *o)
{
	const char *v;
	int rc;
	if ((v = opt(o, "mode")) && (m->mode = meeting_mode_parse(v)) == MODE_NONE)
		return cli_usage_error(o->usage, _("unknown mode '%s'"), v);
	if ((rc = opt_date(o, "date", &m->held_on)))
		return rc;
	if ((v = opt(o, "time")) && (rc = set_opt(m->start_time, sizeof(m->start_time), o, "time", v)))
		return rc;
	if ((v = opt(o, "venue")) && (rc = set_opt(m->venue, sizeof(m->venue), o, "venue", v)))
		return rc;
	if (opt_all(o, "agenda")->n) {
		strvec_clear(&m->agenda);
		for (size_t i = 0; i < opt_all(o, "agenda")->n; i++)
			strvec_push(&m->agenda, opt_all(o, "agenda")->v[i]);
	}
	if ((v = opt(o, "minutes")))
		council_meeting_set_minutes(m, v);
	return 0;
}

static int meeting_sub(struct cli *cli, const char *sub, int argc, char **argv)
{
	struct opts o;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct council_meeting m;
	struct att_list al = {NULL, 0, 0};
	int rc;
	int64_t id = 0;
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, usage_meeting, "meeting",
		     "date=,time=,mode=,venue=,agenda=,minutes=,version=,body=,year=,format=,output=,person=,status=,"
		     "represented-by=,org=,text=",
		     argc, argv))) {
		opts_release(&o);
		return rc < 0 ? CLI_OK : rc;
	}
	council_meeting_init(&m);
	if ((rc = cli_open(cli, false)))
		goto out;
	enum cli_format fmt;
	bool xlsx = false;
	if ((rc = opt_format(&o, &fmt, !strcmp(sub, "attendance"), &xlsx)))
		goto out;
	struct table t;
	json_t *arr = json_array();
	void *ctx[2] = {&t, arr};
	bool needs_ref = strcmp(sub, "add") && strcmp(sub, "list");
	if (needs_ref) {
		if (o.pos.n < 1) {
			rc = cli_usage_error(o.usage, "%s", _("say which meeting"));
			goto out_arr;
		}
		if ((rc = need_pos(&o, 1)) || (rc = resolve_meeting(cli, o.pos.v[0], &id)))
			goto out_arr;
		if (store_council_meeting_get(cli->st, id, &m, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
	}
	if (!strcmp(sub, "add")) {
		if ((rc = need_pos(&o, 1)) || (rc = set_opt(m.body, sizeof(m.body), &o, "body", o.pos.v[0])) ||
		    (rc = meeting_fill(&m, &o)))
			goto out_arr;
		if (council_meeting_add(cli->st, NULL, &m, &fe, &err) || store_council_meeting_get(cli->st, m.id, &m, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
		char title[128];
		council_meeting_title(&m, i18n_lang(), title, sizeof(title));
		printf("%lld %s\n", (long long)m.id, title);
	} else if (!strcmp(sub, "edit")) {
		int64_t ver = 0;
		if ((rc = opt_id(&o, "version", &ver)) || (rc = meeting_fill(&m, &o)))
			goto out_arr;
		if (!ver) {
			rc = cli_usage_error(o.usage, "%s", _("option '--version' is required"));
			goto out_arr;
		}
		m.version = ver;
		if (council_meeting_edit(cli->st, NULL, &m, &fe, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%lld %lld\n", (long long)m.id, (long long)m.version);
	} else if (!strcmp(sub, "list")) {
		long long year = 0;
		if ((rc = need_pos(&o, 0)) ||
		    (opt(&o, "year") && (rc = cli_parse_count(o.usage, "--year", opt(&o, "year"), 1000, 9999, &year))))
			goto out_arr;
		const char *h[] = {_("Id"), _("Meeting"), _("Date"), _("Time"), _("Mode"), _("Venue")};
		table_init(&t, h, 6);
		if (store_council_meeting_list(cli->st, opt(&o, "body"), (int)year, meeting_row, ctx, &err)) {
			table_release(&t);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else if (!strcmp(sub, "show") || !strcmp(sub, "quorum")) {
		struct quorum_report q;
		if (council_quorum(cli->st, id, &q, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
		if (fmt == FORMAT_JSON) {
			json_t *j = council_meeting_to_json(&m, true);
			json_object_set_new(j, "quorum", json_pack("{s:i,s:i,s:i,s:b}", "members", (int)q.members, "required",
				(int)q.required, "attending", (int)q.attending, "met", q.met));
			rc = cli_print_json(j);
			json_decref(j);
			goto out_arr;
		}
		char title[128], d[DATE_STRLEN];
		council_meeting_title(&m, i18n_lang(), title, sizeof(title));
		if (!strcmp(sub, "show")) {
			printf("%s\n", title);
			printf("%s: %s %s\n", _("Date"), fmt_date(m.held_on, d), m.start_time);
			printf("%s: %s\n", _("Mode"), meeting_mode_name(m.mode, i18n_lang()));
			if (m.venue[0])
				printf("%s: %s\n", _("Venue"), m.venue);
			printf("%s:\n", _("Agenda"));
			for (size_t i = 0; i < m.agenda.n; i++)
				printf("  %zu. %s\n", i + 1, m.agenda.v[i]);
			struct council_doc_filter df;
			council_doc_filter_init(&df);
			df.meeting_id = id;
			df.papers_only = true;
			printf("%s:\n", _("Papers"));
			if (store_council_doc_list(cli->st, &df, paper_print, NULL, &err)) {
				rc = cli_error_from(&err);
				goto out_arr;
			}
			printf("%s:\n", _("Decisions"));
			if (store_council_decision_list(cli->st, id, decision_print, NULL, &err)) {
				rc = cli_error_from(&err);
				goto out_arr;
			}
		}
		printf(_("quorum: %ld of %ld member organisations needed, %ld attended (%s)\n"), q.required, q.members,
			q.attending, q.met ? _("met") : _("not met"));
	} else if (!strcmp(sub, "attend")) {
		struct council_attendance a;
		const char *status;
		council_attendance_init(&a);
		a.meeting_id = id;
		if ((rc = opt_id(&o, "person", &a.person_id)) || (rc = need_opt(&o, "status", &status)) ||
		    (rc = set_opt(a.represented_by, sizeof(a.represented_by), &o, "represented-by", opt(&o, "represented-by"))) ||
		    (rc = set_opt(a.org, sizeof(a.org), &o, "org", opt(&o, "org"))))
			goto out_arr;
		if ((a.status = attend_status_parse(status)) == ATT_NONE) {
			rc = cli_usage_error(o.usage, _("unknown attendance '%s'"), status);
			goto out_arr;
		}
		if (council_attendance_put(cli->st, NULL, &a, &fe, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
	} else if (!strcmp(sub, "attendance")) {
		char mid[24];
		snprintf(mid, sizeof(mid), "%lld", (long long)id);
		if (council_people_audit(cli->st, NULL, "council-meeting", mid, &err) ||
		    store_council_attendance_list(cli->st, id, att_collect, &al, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
		if (xlsx) {
			struct quorum_report q;
			if (council_quorum(cli->st, id, &q, &err) ||
			    council_xlsx_attendance(opt(&o, "output"), &m, al.v, al.n, &q, &err)) {
				rc = cli_error_from(&err);
				goto out_arr;
			}
			if (audit_append(cli->st, NULL, "export", "council-meeting", mid, "attendance.xlsx", NULL, &err)) {
				rc = cli_error_from(&err);
				goto out_arr;
			}
			rc = CLI_OK;
			goto out_arr;
		}
		const char *h[] = {"#", _("Organisation"), _("Name"), _("Attendance"), _("Represented by")};
		table_init(&t, h, 5);
		for (size_t i = 0; i < al.n; i++) {
			char n[24];
			snprintf(n, sizeof(n), "%zu", i + 1);
			const char *cells[] = {n, al.v[i].org, al.v[i].person_name, attend_status_name(al.v[i].status, i18n_lang()),
				al.v[i].represented_by};
			table_add_row(&t, cells);
			json_array_append_new(arr, council_attendance_to_json(&al.v[i]));
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else if (!strcmp(sub, "decide")) {
		struct council_decision d;
		const char *text;
		council_decision_init(&d);
		d.meeting_id = id;
		if ((rc = need_opt(&o, "text", &text)) || (rc = set_opt(d.text, sizeof(d.text), &o, "text", text)))
			goto out_arr;
		if (council_decision_add(cli->st, NULL, &d, &err)) {
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%lld\n", (long long)d.id);
	} else {
		rc = cli_usage_error(o.usage, _("unknown subcommand '%s'"), sub);
	}
out_arr:
	json_decref(arr);
out:
	free(al.v);
	council_meeting_release(&m);
	field_errors_release(&fe);
	opts_release(&o);
	return rc;
}

int cmd_meeting(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_meeting, "%s", _("missing subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("meeting");
	return meeting_sub(cli, argv[1], argc - 1, argv + 1);
}

/* ---- mapo paper and mapo doc --------------------------------------------------------------- */

static const char *const usage_doc = N_("mapo doc add|edit|list|show|attach|get ...");
static const char *const usage_paper = N_("mapo paper add|list|show|attach|get ...");

static int doc_row(const struct council_doc *d, void *arg)
{
	void **a = arg;
	char id[24], date[DATE_STRLEN], files[24], mid[24];
	snprintf(files, sizeof(files), "%ld", d->nfiles);
	const char *cells[] = {fmt_id(d->id, id), doc_kind_name(d->kind, i18n_lang()),
		i18n_lang() == LANG_MS && d->title_ms[0] ? d->title_ms : d->title_en[0] ? d->title_en : d->title_ms,
		fmt_date(d->issued_on, date), doc_access_code(d->access), d->presenter, fmt_id(d->meeting_id, mid), files};
	table_add_row(a[0], cells);
	json_array_append_new(a[1], council_doc_to_json(d));
	return 0;
}

static int file_print(const struct council_file *f, void *arg)
{
	(void)arg;
	printf("  [%lld] %s (%s, %zu bytes)\n", (long long)f->id, f->filename, f->content_type, f->size);
	return 0;
}

static int attach_file(struct cli *cli, int64_t doc_id, const char *path)
{
	struct mapo_error err;
	struct council_file f;
	struct buf b = BUF_INIT;
	mapo_error_clear(&err);
	buf_init(&b, COUNCIL_FILE_MAX + 1);
	council_file_init(&f);
	FILE *in = fopen(path, "rb");
	if (!in)
		return cli_error(_("cannot read '%s'"), path);
	char chunk[8192];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		rc = buf_add(&b, chunk, n);
	fclose(in);
	if (rc) {
		buf_release(&b);
		return cli_error(_("the file is larger than %zu MiB"), COUNCIL_FILE_MAX >> 20);
	}
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(f.filename, sizeof(f.filename), "%s", base);
	f.doc_id = doc_id;
	f.data = (unsigned char *)b.data;
	f.size = b.len;
	rc = council_file_add(cli->st, NULL, &f, &err) ? cli_error_from(&err) : CLI_OK;
	if (!rc)
		printf("%lld %s %s\n", (long long)f.id, f.filename, f.content_type);
	buf_release(&b);
	return rc;
}

static int doc_fill(struct council_doc *d, const struct opts *o, bool paper)
{
	const char *v;
	int rc;
	if ((v = opt(o, "kind")) && (d->kind = doc_kind_parse(v)) == DOCK_NONE)
		return cli_usage_error(o->usage, _("unknown kind '%s'"), v);
	if (paper && d->kind != DOCK_NONE && !doc_kind_is_paper(d->kind))
		return cli_usage_error(o->usage, "%s", _("a paper is an information-paper, decision-paper or report"));
	if ((v = opt(o, "access")) && (d->access = doc_access_parse(v)) == DACC_NONE)
		return cli_usage_error(o->usage, _("unknown access level '%s'"), v);
	if ((v = opt(o, "title-ms")) && (rc = set_opt(d->title_ms, sizeof(d->title_ms), o, "title-ms", v)))
		return rc;
	if ((v = opt(o, "title-en")) && (rc = set_opt(d->title_en, sizeof(d->title_en), o, "title-en", v)))
		return rc;
	if ((v = opt(o, "presenter")) && (rc = set_opt(d->presenter, sizeof(d->presenter), o, "presenter", v)))
		return rc;
	if ((v = opt(o, "summary")) && (rc = set_opt(d->summary, sizeof(d->summary), o, "summary", v)))
		return rc;
	return opt_date(o, "date", &d->issued_on);
}

static int doc_sub(struct cli *cli, bool paper, const char *sub, int argc, char **argv)
{
	struct opts o;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	int rc;
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, paper ? usage_paper : usage_doc, paper ? "paper" : "doc",
		     "kind=,access=,title-ms=,title-en=,presenter=,summary=,date=,meeting=,file=,format=,output=,version=", argc,
		     argv))) {
		opts_release(&o);
		return rc < 0 ? CLI_OK : rc;
	}
	if ((rc = cli_open(cli, false)))
		goto out;
	enum cli_format fmt;
	if ((rc = opt_format(&o, &fmt, false, NULL)))
		goto out;
	struct table t;
	json_t *arr = json_array();
	void *ctx[2] = {&t, arr};
	struct council_doc d;
	council_doc_init(&d);
	if (!strcmp(sub, "add")) {
		if ((rc = need_pos(&o, 0)) || (rc = doc_fill(&d, &o, paper)))
			goto out_arr;
		if (opt(&o, "meeting") && (rc = resolve_meeting(cli, opt(&o, "meeting"), &d.meeting_id)))
			goto out_arr;
		if (paper && d.kind == DOCK_NONE)
			d.kind = DOCK_INFO_PAPER;
		if (d.access == DACC_NONE)
			d.access = DACC_MEMBERS;
		if (d.issued_on == DATE_NONE)
			d.issued_on = date_today();
		if (store_begin(cli->st, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
		if (council_doc_add(cli->st, NULL, &d, &fe, &err)) {
			store_rollback(cli->st);
			rc = write_error(&err);
			goto out_arr;
		}
		printf("%lld\n", (long long)d.id);
		for (size_t i = 0; i < opt_all(&o, "file")->n; i++)
			if ((rc = attach_file(cli, d.id, opt_all(&o, "file")->v[i]))) {
				/* nothing was written: the document goes with its files or not at all */
				store_rollback(cli->st);
				goto out_arr;
			}
		if (store_commit(cli->st, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(sub, "list")) {
		struct council_doc_filter f;
		council_doc_filter_init(&f);
		f.papers_only = paper;
		if ((rc = need_pos(&o, 0)) || (rc = doc_fill(&d, &o, paper)))
			goto out_arr;
		f.kind = d.kind;
		if (d.access != DACC_NONE)
			f.floor = d.access;
		if (opt(&o, "meeting") && (rc = resolve_meeting(cli, opt(&o, "meeting"), &f.meeting_id)))
			goto out_arr;
		const char *h[] = {_("Id"), _("Kind"), _("Title"), _("Date"), _("Access"), _("Presenter"), _("Meeting"),
			_("Files")};
		table_init(&t, h, 8);
		if (store_council_doc_list(cli->st, &f, doc_row, ctx, &err)) {
			table_release(&t);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		rc = print_rows(&t, arr, fmt);
		goto out;
	} else if (!strcmp(sub, "show") || !strcmp(sub, "attach") || !strcmp(sub, "edit")) {
		long long id;
		if (o.pos.n < 1 || parse_int(o.pos.v[0], 1, INT64_MAX, &id)) {
			rc = cli_usage_error(o.usage, "%s", _("say which document (its id)"));
			goto out_arr;
		}
		if (council_doc_get(cli->st, NULL, id, &d, &err) || (paper && !doc_kind_is_paper(d.kind))) {
			if (!err.msg[0])
				mapo_error_set(&err, MAPO_ENOTFOUND, _("no %s with id %lld"), _("paper"), id);
			rc = cli_error_from(&err);
			goto out_arr;
		}
		if (!strcmp(sub, "attach")) {
			if (o.pos.n < 2) {
				rc = cli_usage_error(o.usage, "%s", _("say which file to attach"));
				goto out_arr;
			}
			for (size_t i = 1; i < o.pos.n && !rc; i++)
				rc = attach_file(cli, id, o.pos.v[i]);
			goto out_arr;
		}
		if (!strcmp(sub, "edit")) {
			int64_t ver = 0;
			if ((rc = need_pos(&o, 1)) || (rc = opt_id(&o, "version", &ver)) || (rc = doc_fill(&d, &o, paper)))
				goto out_arr;
			if (!ver) {
				rc = cli_usage_error(o.usage, "%s", _("option '--version' is required"));
				goto out_arr;
			}
			if (opt(&o, "meeting") && (rc = resolve_meeting(cli, opt(&o, "meeting"), &d.meeting_id)))
				goto out_arr;
			d.version = ver;
			struct field_errors mine = FIELD_ERRORS_INIT;
			if (council_doc_validate(&d, &mine)) {
				rc = cli_error("%s", mine.v[0].msg);
				field_errors_release(&mine);
				goto out_arr;
			}
			if (store_begin(cli->st, &err) || store_council_doc_update(cli->st, &d, &err) ||
			    audit_append(cli->st, NULL, "council-doc-update", "council-doc", o.pos.v[0], doc_access_code(d.access),
				    NULL, &err)) {
				store_rollback(cli->st);
				rc = cli_error_from(&err);
				goto out_arr;
			}
			rc = store_commit(cli->st, &err) ? cli_error_from(&err) : CLI_OK;
			if (!rc)
				printf("%lld %lld\n", (long long)d.id, (long long)d.version);
			goto out_arr;
		}
		if ((rc = need_pos(&o, 1)))
			goto out_arr;
		if (fmt == FORMAT_JSON) {
			json_t *j = council_doc_to_json(&d);
			rc = cli_print_json(j);
			json_decref(j);
			goto out_arr;
		}
		char date[DATE_STRLEN];
		printf("%s: %s\n", _("Kind"), doc_kind_name(d.kind, i18n_lang()));
		printf("%s: %s\n", _("Title (Malay)"), d.title_ms);
		printf("%s: %s\n", _("Title (English)"), d.title_en);
		printf("%s: %s\n", _("Date"), fmt_date(d.issued_on, date));
		printf("%s: %s\n", _("Access"), doc_access_name(d.access, i18n_lang()));
		if (d.presenter[0])
			printf("%s: %s\n", _("Presenter"), d.presenter);
		if (d.meeting_id)
			printf("%s: %lld\n", _("Meeting"), (long long)d.meeting_id);
		if (d.summary[0])
			printf("%s: %s\n", _("Summary"), d.summary);
		printf("%s:\n", _("Files"));
		if (store_council_file_list(cli->st, d.id, file_print, NULL, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(sub, "get")) {
		/* mapo doc get FILE-ID --output PATH */
		long long id;
		struct council_file f;
		const char *path;
		council_file_init(&f);
		if (o.pos.n != 1 || parse_int(o.pos.v[0], 1, INT64_MAX, &id)) {
			rc = cli_usage_error(o.usage, "%s", _("say which file (its id)"));
			goto out_arr;
		}
		if ((rc = need_opt(&o, "output", &path)))
			goto out_arr;
		if (council_file_get(cli->st, NULL, id, &f, &err)) {
			rc = cli_error_from(&err);
			goto out_arr;
		}
		FILE *out = strcmp(path, "-") ? fopen(path, "wb") : stdout;
		if (!out || fwrite(f.data, 1, f.size, out) != f.size || (out != stdout && fclose(out))) {
			rc = cli_error(_("cannot write '%s'"), path);
		} else {
			char fid[24];
			snprintf(fid, sizeof(fid), "%lld", id);
			rc = audit_append(cli->st, NULL, "export", "council-file", fid, f.filename, NULL, &err) ? cli_error_from(&err)
												: CLI_OK;
		}
		council_file_release(&f);
	} else {
		rc = cli_usage_error(o.usage, _("unknown subcommand '%s'"), sub);
	}
out_arr:
	json_decref(arr);
out:
	field_errors_release(&fe);
	opts_release(&o);
	return rc;
}

int cmd_doc(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_doc, "%s", _("missing subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("doc");
	return doc_sub(cli, false, argv[1], argc - 1, argv + 1);
}

int cmd_paper(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_paper, "%s", _("missing subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("paper");
	return doc_sub(cli, true, argv[1], argc - 1, argv + 1);
}

/* ---- mapo action --------------------------------------------------------------------------- */

static const char *const usage_action = N_("mapo action add|list|show|update|edit|overdue|followup ...");

struct action_list {
	struct council_action *v;
	size_t n, alloc;
};

static int action_collect(const struct council_action *a, void *arg)
{
	struct action_list *l = arg;
	size_t need = l->n + 1;
	ALLOC_GROW(l->v, need, l->alloc);
	l->v[l->n++] = *a;
	return 0;
}

static int update_print(const struct council_action_update *u, void *arg)
{
	(void)arg;
	char d[DATE_STRLEN];
	printf("  %s  %s  %s%s%s\n", fmt_date(u->noted_on, d), action_status_name(u->status, i18n_lang()), u->note,
		u->by_user[0] ? "  — " : "", u->by_user);
	return 0;
}

static int action_sub(struct cli *cli, const char *sub, int argc, char **argv)
{
	struct opts o;
	struct mapo_error err;
	struct field_errors fe = FIELD_ERRORS_INIT;
	struct action_list al = {NULL, 0, 0};
	int rc;
	mapo_error_clear(&err);
	if ((rc = opts_parse(&o, usage_action, "action",
		     "decision=,engagement=,org=,title=,due=,no-due,status=,note=,version=,meeting=,body=,as-of=,overdue,"
		     "format=,output=",
		     argc, argv))) {
		opts_release(&o);
		return rc < 0 ? CLI_OK : rc;
	}
	if ((rc = cli_open(cli, false)))
		goto out;
	enum cli_format fmt;
	bool xlsx = false;
	if ((rc = opt_format(&o, &fmt, !strcmp(sub, "list") || !strcmp(sub, "followup"), &xlsx)))
		goto out;
	mapo_date as_of = date_today();
	if ((rc = opt_date(&o, "as-of", &as_of)))
		goto out;
	if (!strcmp(sub, "add")) {
		struct council_action a;
		const char *org, *title;
		council_action_init(&a);
		if ((rc = need_pos(&o, 0)) || (rc = opt_id(&o, "decision", &a.decision_id)) ||
		    (rc = opt_id(&o, "engagement", &a.engagement_id)) || (rc = need_opt(&o, "org", &org)) ||
		    (rc = need_opt(&o, "title", &title)) || (rc = set_opt(a.org, sizeof(a.org), &o, "org", org)) ||
		    (rc = set_opt(a.title, sizeof(a.title), &o, "title", title)) || (rc = opt_date(&o, "due", &a.due_on)))
			goto out;
		if (council_action_add(cli->st, NULL, &a, &fe, &err)) {
			rc = write_error(&err);
			goto out;
		}
		printf("%lld\n", (long long)a.id);
	} else if (!strcmp(sub, "update")) {
		long long id;
		int64_t ver = 0;
		enum action_status st = ACT_NONE;
		const char *s = opt(&o, "status");
		if (o.pos.n != 1 || parse_int(o.pos.v[0], 1, INT64_MAX, &id)) {
			rc = cli_usage_error(o.usage, "%s", _("say which action item (its id)"));
			goto out;
		}
		if ((rc = opt_id(&o, "version", &ver)))
			goto out;
		if (s && (st = action_status_parse(s)) == ACT_NONE) {
			rc = cli_usage_error(o.usage, _("unknown status '%s'"), s);
			goto out;
		}
		if (council_action_note(cli->st, NULL, id, ver, st, opt(&o, "note"), &err)) {
			rc = write_error(&err);
			goto out;
		}
	} else if (!strcmp(sub, "edit")) {
		long long id;
		int64_t ver = 0;
		struct council_action a;
		const char *org = opt(&o, "org"), *title = opt(&o, "title");
		if (o.pos.n != 1 || parse_int(o.pos.v[0], 1, INT64_MAX, &id)) {
			rc = cli_usage_error(o.usage, "%s", _("say which action item (its id)"));
			goto out;
		}
		if ((rc = opt_id(&o, "version", &ver)))
			goto out;
		if (!ver) {
			rc = cli_usage_error(o.usage, "%s", _("option '--version' is required"));
			goto out;
		}
		if (opt(&o, "due") && flag(&o, "no-due")) {
			rc = cli_usage_error(o.usage, "%s", _("give --due or --no-due, not both"));
			goto out;
		}
		if (!org && !title && !opt(&o, "due") && !flag(&o, "no-due")) {
			rc = cli_usage_error(o.usage, "%s", _("say what to change: --org, --title, --due or --no-due"));
			goto out;
		}
		if (store_council_action_get(cli->st, id, &a, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		a.version = ver;
		if ((org && (rc = set_opt(a.org, sizeof(a.org), &o, "org", org))) ||
		    (title && (rc = set_opt(a.title, sizeof(a.title), &o, "title", title))) ||
		    (rc = opt_date(&o, "due", &a.due_on)))
			goto out;
		if (flag(&o, "no-due"))
			a.due_on = DATE_NONE;
		if (council_action_edit(cli->st, NULL, &a, &fe, &err)) {
			rc = write_error(&err);
			goto out;
		}
		printf("%lld %lld\n", (long long)a.id, (long long)a.version);
	} else if (!strcmp(sub, "show")) {
		long long id;
		struct council_action a;
		if (o.pos.n != 1 || parse_int(o.pos.v[0], 1, INT64_MAX, &id)) {
			rc = cli_usage_error(o.usage, "%s", _("say which action item (its id)"));
			goto out;
		}
		if (store_council_action_get(cli->st, id, &a, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		if (fmt == FORMAT_JSON) {
			json_t *j = council_action_to_json(&a, as_of);
			rc = cli_print_json(j);
			json_decref(j);
			goto out;
		}
		char d[DATE_STRLEN];
		printf("[%lld] %s\n", (long long)a.id, a.title);
		printf("%s: %s\n", _("Organisation"), a.org);
		printf("%s: %s%s\n", _("Due"), fmt_date(a.due_on, d), council_action_overdue(&a, as_of) ? _(" (overdue)") : "");
		printf("%s: %s\n", _("Status"), action_status_name(a.status, i18n_lang()));
		printf("%s: %lld\n", _("Version"), (long long)a.version);
		printf("%s:\n", _("Updates"));
		if (store_council_action_update_list(cli->st, id, update_print, NULL, &err))
			rc = cli_error_from(&err);
	} else if (!strcmp(sub, "list") || !strcmp(sub, "followup") || !strcmp(sub, "overdue")) {
		struct council_action_filter f;
		council_action_filter_init(&f);
		f.org = opt(&o, "org");
		const struct strvec *sts = opt_all(&o, "status");
		for (size_t i = 0; i < sts->n; i++) {
			enum action_status st = action_status_parse(sts->v[i]);
			if (st == ACT_NONE) {
				rc = cli_usage_error(o.usage, _("unknown status '%s'"), sts->v[i]);
				goto out;
			}
			f.status_mask |= 1u << st;
		}
		if (opt(&o, "meeting") && (rc = resolve_meeting(cli, opt(&o, "meeting"), &f.meeting_id)))
			goto out;
		bool overdue_only = flag(&o, "overdue") || !strcmp(sub, "overdue");
		if (!strcmp(sub, "followup")) {
			/* the follow-up list for the body's next meeting: everything still open */
			if ((rc = need_pos(&o, 1)))
				goto out;
			f.body = o.pos.v[0];
			f.status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
		} else if ((rc = need_pos(&o, 0))) {
			goto out;
		}
		if (overdue_only) {
			f.status_mask = (1u << ACT_OPEN) | (1u << ACT_IN_PROGRESS);
			f.due_before = as_of;
		}
		f.body = f.body ? f.body : opt(&o, "body");
		if (store_council_action_list(cli->st, &f, action_collect, &al, &err)) {
			rc = cli_error_from(&err);
			goto out;
		}
		if (xlsx) {
			if (council_xlsx_actions(opt(&o, "output"), al.v, al.n, as_of, &err) ||
			    audit_append(cli->st, NULL, "export", "council-action", "", "actions.xlsx", NULL, &err))
				rc = cli_error_from(&err);
			goto out;
		}
		struct table t;
		json_t *arr = json_array();
		if (!strcmp(sub, "overdue")) {
			/* per organisation: how many items are overdue, and the oldest due date */
			const char *h[] = {_("Organisation"), _("Overdue"), _("Oldest due")};
			table_init(&t, h, 3);
			table_set_align(&t, 1, TABLE_RIGHT);
			for (size_t i = 0; i < al.n;) {
				size_t k = i;
				mapo_date oldest = al.v[i].due_on;
				while (k < al.n && !strcmp(al.v[k].org, al.v[i].org)) {
					if (al.v[k].due_on < oldest)
						oldest = al.v[k].due_on;
					k++;
				}
				char n[24], d[DATE_STRLEN];
				snprintf(n, sizeof(n), "%zu", k - i);
				const char *cells[] = {al.v[i].org, n, fmt_date(oldest, d)};
				table_add_row(&t, cells);
				json_array_append_new(arr, json_pack("{s:s,s:i,s:s}", "org", al.v[i].org, "overdue", (int)(k - i),
					"oldest_due", d));
				i = k;
			}
		} else {
			const char *h[] = {_("Id"), _("Organisation"), _("Action item"), _("Due"), _("Status"), _("Overdue"),
				_("Meeting")};
			table_init(&t, h, 7);
			for (size_t i = 0; i < al.n; i++) {
				char id[24], d[DATE_STRLEN], mid[24];
				const char *cells[] = {fmt_id(al.v[i].id, id), al.v[i].org, al.v[i].title, fmt_date(al.v[i].due_on, d),
					action_status_name(al.v[i].status, i18n_lang()),
					council_action_overdue(&al.v[i], as_of) ? _("yes") : "", fmt_id(al.v[i].meeting_id, mid)};
				table_add_row(&t, cells);
				json_array_append_new(arr, council_action_to_json(&al.v[i], as_of));
			}
		}
		rc = print_rows(&t, arr, fmt);
	} else {
		rc = cli_usage_error(o.usage, _("unknown subcommand '%s'"), sub);
	}
out:
	free(al.v);
	field_errors_release(&fe);
	opts_release(&o);
	return rc;
}

int cmd_action(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(usage_action, "%s", _("missing subcommand"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_help("action");
	return action_sub(cli, argv[1], argc - 1, argv + 1);
}

/* ---- help texts ---------------------------------------------------------------------------- */

const char cmd_org_help[] = NH_(
	"usage: mapo org add CODE --kind KIND --name-ms NAME --name-en NAME [--parent CODE]\n"
	"   or: mapo org edit CODE --version N [--kind ...] [--name-ms ...] [--name-en ...] [--parent ...]\n"
	"   or: mapo org show CODE [--format table|json]\n"
	"   or: mapo org list [--kind KIND] [--format table|csv|json]\n"
	"   or: mapo org rep add ORG --name NAME [--title T] [--email E] [--phone P]\n"
	"   or: mapo org rep list [ORG] [--format table|csv|json]\n"
	"   or: mapo org member BODY ORG [--role ROLE] [--from DATE] [--to DATE] [--person ID]\n"
	"   or: mapo org members BODY [--on DATE] [--format table|csv|json]\n"
	"   or: mapo org engage ORG --title T [--date DATE] [--participants T] [--topics T] [--outcomes T]\n"
	"   or: mapo org engagements [ORG] [--format table|csv|json]\n"
	"\n"
	"The council's members, committees and partners. KIND is one of ministry, enforcement,\n"
	"prosecution, protection, committee (the council and its committees), ngo, cso,\n"
	"international, academic, embassy, expert. ROLE is chair, deputy, secretary, member\n"
	"(default) or invited. Representatives are personal data: listing them is audited.\n");

const char cmd_meeting_help[] = NH_(
	"usage: mapo meeting add BODY --date DATE --mode MODE [--time HH:MM] [--venue V] [--agenda ITEM]...\n"
	"   or: mapo meeting edit MEETING --version N [--date ...] [--mode ...] [--minutes TEXT] ...\n"
	"   or: mapo meeting list [--body BODY] [--year YEAR] [--format table|csv|json]\n"
	"   or: mapo meeting show MEETING [--format table|json]\n"
	"   or: mapo meeting quorum MEETING\n"
	"   or: mapo meeting attend MEETING --person ID --status STATUS [--represented-by NAME] [--org ORG]\n"
	"   or: mapo meeting attendance MEETING [--format table|csv|json|xlsx] [--output FILE]\n"
	"   or: mapo meeting decide MEETING --text TEXT\n"
	"\n"
	"MEETING is an id or the body's number for the year, 'MAPO 2/2021': the n-th meeting of\n"
	"that body in that year by date, shown as \"Mesyuarat MAPO Bil. 2/2021\" in Malay. MODE is\n"
	"physical, online or hybrid; STATUS present, online, apology or represented. The quorum is\n"
	"computed from the body's member organisations on the day and data/council_quorum.csv.\n");

const char cmd_paper_help[] = NH_(
	"usage: mapo paper add --meeting MEETING --title-en T [--title-ms T] [--kind KIND]\n"
	"                      [--presenter ORG] [--access LEVEL] [--date DATE] [--file PATH]...\n"
	"   or: mapo paper list [--meeting MEETING] [--kind KIND] [--format table|csv|json]\n"
	"   or: mapo paper show ID | attach ID FILE... | edit ID --version N ... | get FILE-ID --output PATH\n"
	"\n"
	"Papers heard by a meeting: KIND information-paper (default), decision-paper or report.\n"
	"LEVEL is internal, members (default), partners or public. Files are stored in the\n"
	"database (at most 10 MiB each); their type is read from their bytes: PDF, Office\n"
	"documents, PNG, JPEG or plain text.\n");

const char cmd_doc_help[] = NH_(
	"usage: mapo doc add --kind KIND --title-en T [--title-ms T] [--access LEVEL] [--date DATE]\n"
	"                    [--summary TEXT] [--file PATH]...\n"
	"   or: mapo doc list [--kind KIND] [--access LEVEL] [--format table|csv|json]\n"
	"   or: mapo doc show ID | attach ID FILE... | edit ID --version N ... | get FILE-ID --output PATH\n"
	"\n"
	"The document library: papers, minutes, the country report, plans, guidelines. KIND is\n"
	"information-paper, decision-paper, report, minutes, country-report, plan, guideline or\n"
	"other; LEVEL internal, members, partners or public (public documents can be downloaded\n"
	"from the web without signing in). list --access LEVEL shows that level and wider ones.\n");

const char cmd_action_help[] = NH_(
	"usage: mapo action add (--decision ID | --engagement ID) --org ORG --title T [--due DATE]\n"
	"   or: mapo action list [--org ORG] [--status S]... [--meeting MEETING] [--body BODY]\n"
	"                        [--overdue] [--as-of DATE] [--format table|csv|json|xlsx] [--output FILE]\n"
	"   or: mapo action show ID\n"
	"   or: mapo action update ID [--status S] [--note TEXT] [--version N]\n"
	"   or: mapo action edit ID --version N [--org ORG] [--title T] [--due DATE | --no-due]\n"
	"   or: mapo action overdue [--as-of DATE] [--format table|csv|json]\n"
	"   or: mapo action followup BODY [--as-of DATE] [--format table|csv|json|xlsx] [--output FILE]\n"
	"\n"
	"Action items from decisions and engagements. S is open, in-progress, done or cancelled.\n"
	"An item is overdue when it is open or in progress and its due date is before the as-of\n"
	"day (default today). overdue counts them per organisation; followup lists what is still\n"
	"open from the body's decisions, for its next meeting. edit changes an item's owner, title or\n"
	"due date against the version shown by show; its status changes with update.\n");
