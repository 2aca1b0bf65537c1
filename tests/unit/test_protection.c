/* Tests of src/core/protection.c (with the store and the vault): deadline arithmetic, sealed
 * identities (never in the raw file), masking per role, the blind index, key rotation through
 * the store, tampering, the s.41A rule, orders and their lists, shelter warnings and occupancy,
 * partner visibility, and retention keeping the statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "auth_fixture.h"
#include "core/audit.h"
#include "core/protection.h"
#include "core/stats.h"
#include "io/protection_load.h"
#include "store/store_protection.h"

#define TIP_REF "PDRM/2021/000001"
#define SOM_REF "JIM/2021/000001"
#define TIP_LINKED "JIM/2021/000002"
#define NAME "Siti Aminah binti Contoh"
#define IDNO "900101-14-5678"

struct pfx {
	struct fixture *fx;
	char key_path[160];
	vault *v;
	struct order_kinds kinds;
};

static mapo_date D(const char *s)
{
	mapo_date d;
	if (date_parse(s, &d))
		fail_msg("bad date %s", s);
	return d;
}

static void add_case(store *st, const char *ref, enum case_kind kind, const char *agency, const char *related,
	enum case_status status)
{
	struct mapo_case c;
	struct mapo_error err;
	case_init(&c);
	snprintf(c.ref, sizeof(c.ref), "%s", ref);
	c.kind = kind;
	snprintf(c.agency, sizeof(c.agency), "%s", agency);
	c.action_date = D("2021-03-01");
	snprintf(c.state, sizeof(c.state), "MY-01");
	strvec_push(&c.offences, kind == KIND_TIP ? "12" : "26A");
	if (kind == KIND_TIP)
		strvec_push(&c.forms, "forced-labour");
	c.status = status;
	snprintf(c.related_ref, sizeof(c.related_ref), "%s", related ? related : "");
	assert_ok(store_case_insert(st, &c, &err));
	case_release(&c);
}

static void add_person(store *st, const char *case_ref, const char *person_ref, enum person_role role, char sex,
	int age)
{
	struct case_person p;
	struct mapo_error err;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "%s", case_ref);
	snprintf(p.person_ref, sizeof(p.person_ref), "%s", person_ref);
	p.role = role;
	p.sex = sex;
	p.age = age;
	snprintf(p.nationality, sizeof(p.nationality), "IDN");
	if (role == PROLE_VICTIM) {
		p.trafficking_status = TSTATUS_POSSIBLE;
		p.rescue_date = D("2021-03-01");
	}
	assert_ok(store_person_put(st, &p, &err));
}

static int setup(void **state)
{
	struct pfx *p = calloc(1, sizeof(*p));
	struct mapo_error err;
	struct indicator_list ind;
	char path[512];
	const char *datadir = getenv("MAPO_DATADIR");

	p->fx = fixture_new();
	snprintf(p->key_path, sizeof(p->key_path), "%s.key", p->fx->path);
	assert_ok(vault_key_create(p->key_path, &err));
	assert_ok(vault_open(&p->v, p->key_path, &err));
	order_kinds_init(&p->kinds);
	indicator_list_init(&ind);
	assert_non_null(datadir);
	snprintf(path, sizeof(path), "%s/orders.csv", datadir);
	assert_ok(protection_load_orders(path, &p->kinds, NULL, &err));
	snprintf(path, sizeof(path), "%s/indicators.csv", datadir);
	assert_ok(protection_load_indicators(path, &ind, NULL, &err));
	assert_int_equal(ind.n, 17);
	assert_ok(protect_install_refdata(p->fx->st, &p->kinds, &ind, &err));
	indicator_list_release(&ind);
	struct health_check_list checks;
	health_check_list_init(&checks);
	snprintf(path, sizeof(path), "%s/health_checks.csv", datadir);
	assert_ok(protection_load_health_checks(path, &checks, NULL, &err));
	assert_ok(protect_health_install(p->fx->st, &checks, &err));
	health_check_list_release(&checks);

	store *st = p->fx->st;
	add_case(st, SOM_REF, KIND_SOM, "JIM", NULL, STATUS_INVESTIGATION);
	add_case(st, TIP_REF, KIND_TIP, "PDRM", NULL, STATUS_INVESTIGATION);
	add_case(st, TIP_LINKED, KIND_TIP, "JIM", SOM_REF, STATUS_INVESTIGATION);
	add_person(st, TIP_REF, "V1", PROLE_VICTIM, 'F', 25);
	add_person(st, TIP_REF, "V2", PROLE_VICTIM, 'F', 15);
	add_person(st, TIP_REF, "V3", PROLE_VICTIM, 'M', 40);
	add_person(st, SOM_REF, "M1", PROLE_SMUGGLED_MIGRANT, 'M', 30);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pfx *p = *state;
	char tmp[200];
	vault_free(p->v);
	order_kinds_release(&p->kinds);
	unlink(p->key_path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p->key_path);
	unlink(tmp);
	fixture_free(p->fx);
	free(p);
	return 0;
}

enum who { ADMIN, SEC, SEC_GRANT, OFFICER_PDRM, OFFICER_JIM, PROS, PROT, PARTNER, PARTNER_B, NWHO };

static void make_principal(enum who w, struct principal *p)
{
	principal_init_anonymous(p, "192.0.2.9");
	p->user_id = 10 + w;
	snprintf(p->username, sizeof(p->username), "w%d", (int)w);
	switch (w) {
	case ADMIN: p->role = ROLE_ADMIN; break;
	case SEC: p->role = ROLE_SECRETARIAT; break;
	case SEC_GRANT: p->role = ROLE_SECRETARIAT; p->identity_grant = true; break;
	case OFFICER_PDRM: p->role = ROLE_AGENCY_OFFICER; snprintf(p->agency, sizeof(p->agency), "PDRM"); break;
	case OFFICER_JIM: p->role = ROLE_AGENCY_OFFICER; snprintf(p->agency, sizeof(p->agency), "JIM"); break;
	case PROS: p->role = ROLE_PROSECUTOR; break;
	case PROT: p->role = ROLE_PROTECTION_OFFICER; break;
	case PARTNER: p->role = ROLE_PARTNER; snprintf(p->org, sizeof(p->org), "NGO Alpha"); break;
	case PARTNER_B: p->role = ROLE_PARTNER; snprintf(p->org, sizeof(p->org), "NGO Beta"); break;
	default: break;
	}
}

/* The message of add_order's last refusal. */
static char err_of_last_order[sizeof(((struct mapo_error *)0)->msg)];

/* o made ready for an order of kind for person in TIP_REF by the magistrate's court. */
static void order_for(struct protection_order *o, const char *person, const char *kind)
{
	protection_order_init(o);
	snprintf(o->case_ref, sizeof(o->case_ref), TIP_REF);
	snprintf(o->person_ref, sizeof(o->person_ref), "%s", person);
	snprintf(o->kind, sizeof(o->kind), "%s", kind);
	snprintf(o->court, sizeof(o->court), "Mahkamah Majistret");
}

static void add_order(struct pfx *p, const char *case_ref, const char *person, const char *kind, const char *start,
	int want_rc, struct protection_order *o)
{
	struct mapo_error err;
	mapo_error_clear(&err);
	protection_order_init(o);
	snprintf(o->case_ref, sizeof(o->case_ref), "%s", case_ref);
	snprintf(o->person_ref, sizeof(o->person_ref), "%s", person);
	snprintf(o->kind, sizeof(o->kind), "%s", kind);
	snprintf(o->court, sizeof(o->court), "Mahkamah Majistret Johor Bahru");
	o->start_date = start ? D(start) : DATE_NONE;
	int rc = protect_order_add(p->fx->st, NULL, &p->kinds, o, &err);
	if (rc != want_rc)
		fail_msg("order %s for %s: expected %d, got %d: %s", kind, person, want_rc, rc, err.msg);
	snprintf(err_of_last_order, sizeof(err_of_last_order), "%s", err.msg);
}

/* ---- deadlines ------------------------------------------------------------------------------ */

static void expect_end(const struct order_kinds *k, const char *kind, const char *start, const char *end)
{
	char got[DATE_STRLEN];
	const struct order_kind *ok = order_kinds_find(k, kind);
	assert_non_null(ok);
	date_format(order_end_date(ok, D(start)), got);
	if (strcmp(got, end))
		fail_msg("%s from %s: expected %s, got %s", kind, start, end, got);
}

static void test_deadlines(void **state)
{
	struct pfx *p = *state;
	char got[DATE_STRLEN];
	const struct {
		const char *from;
		int months;
		const char *to;
	} months[] = {
		{"2024-01-31", 1, "2024-02-29"}, {"2023-01-31", 1, "2023-02-28"}, {"2023-11-30", 3, "2024-02-29"},
		{"2022-11-30", 3, "2023-02-28"}, {"2024-05-31", 3, "2024-08-31"}, {"2024-03-31", 3, "2024-06-30"},
		{"2024-10-15", 3, "2025-01-15"}, {"2100-11-29", 3, "2101-02-28"}, {"2000-11-29", 3, "2001-02-28"},
		{"1999-11-29", 3, "2000-02-29"}, {"2024-02-29", 12, "2025-02-28"}, {"2024-03-15", -1, "2024-02-15"},
	};
	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		date_format(date_add_months(D(months[i].from), months[i].months), got);
		if (strcmp(got, months[i].to))
			fail_msg("%s + %d months: expected %s, got %s", months[i].from, months[i].months, months[i].to, got);
	}
	/* the durations come from data/orders.csv: s.44 21 days, s.51 three months, s.54(3) none */
	const struct order_kind *interim = order_kinds_find(&p->kinds, "interim");
	assert_string_equal(interim->section, "44");
	assert_int_equal(interim->duration, 21);
	assert_false(interim->months);
	assert_string_equal(order_kinds_find(&p->kinds, "protection")->section, "51");
	assert_string_equal(order_kinds_find(&p->kinds, "extension")->section, "54(3)");
	expect_end(&p->kinds, "interim", "2024-03-01", "2024-03-22");
	expect_end(&p->kinds, "interim", "2024-02-08", "2024-02-29");
	expect_end(&p->kinds, "interim", "2023-02-08", "2023-03-01");
	expect_end(&p->kinds, "interim", "2023-12-20", "2024-01-10");
	expect_end(&p->kinds, "protection", "2023-11-30", "2024-02-29");
	expect_end(&p->kinds, "protection", "2024-11-30", "2025-02-28");
	/* s.54(3) as amended: "for such further period as the Magistrate thinks fit" */
	const struct order_kind *extension = order_kinds_find(&p->kinds, "extension");
	assert_int_equal(extension->duration, 0);
	assert_int_equal(order_end_date(extension, D("2024-02-29")), DATE_NONE);
	assert_int_equal(extension->follows.n, 2);

	/* so an extension is made with the court's end date, which may be far past three months;
	 * without one, or with one before its start, it is refused, naming the end */
	struct protection_order o;
	struct mapo_error err;
	add_order(p, TIP_REF, "V1", "interim", "2024-01-10", 0, &o);
	assert_int_equal(o.end_date, D("2024-01-31"));
	add_order(p, TIP_REF, "V1", "protection", NULL, 0, &o);
	assert_int_equal(o.end_date, D("2024-04-30")); /* 31 January + 3 months: a leap year's 30 April */
	add_order(p, TIP_REF, "V1", "extension", NULL, MAPO_EINVAL, &o);
	assert_non_null(strstr(err_of_last_order, "end: "));
	assert_non_null(strstr(err_of_last_order, "s.54(3)"));
	order_for(&o, "V1", "extension");
	o.end_date = D("2024-04-29");                         /* starts when the protection order ends */
	assert_int_equal(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "end: "));
	assert_non_null(strstr(err.msg, "before the start"));
	o.start_date = DATE_NONE;
	o.end_date = D("2025-04-30"); /* a year */
	assert_ok(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err));
	assert_int_equal(o.start_date, D("2024-04-30"));
	assert_int_equal(o.end_date, D("2025-04-30"));
	/* an extension of an extension, ending the day it starts */
	order_for(&o, "V1", "extension");
	o.end_date = D("2025-04-30");
	assert_ok(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err));
	/* the kinds with a maximum keep it: an interim order for V2 past its 21 days is refused */
	order_for(&o, "V2", "interim");
	o.start_date = D("2024-02-08");
	o.end_date = D("2024-03-01");
	assert_int_equal(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "2024-02-29 at the latest"));
	o.end_date = D("2024-02-07");
	assert_int_equal(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "before the start"));
}

/* An amended Act is a data change: another duration in the file, no code. */
static void test_durations_are_data(void **state)
{
	(void)state;
	struct order_kinds k;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	char dir[] = "/tmp/mapo-orders-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/orders.csv", dir);
	FILE *f = fopen(path, "w");
	fputs("kind,section,duration,unit,follows,name_ms,name_en\n"
	      "interim,44,14,days,,a,b\nprotection,51,6,months,interim,c,d\n", f);
	fclose(f);
	order_kinds_init(&k);
	assert_ok(protection_load_orders(path, &k, NULL, &err));
	expect_end(&k, "interim", "2024-03-01", "2024-03-15");
	expect_end(&k, "protection", "2024-08-31", "2025-02-28");
	order_kinds_release(&k);

	/* a maximum written in is a maximum again; both empty is none */
	f = fopen(path, "w");
	fputs("kind,section,duration,unit,follows,name_ms,name_en\n"
	      "interim,44,,,,a,b\nextension,54(3),6,months,extension,e,f\n", f);
	fclose(f);
	order_kinds_init(&k);
	assert_ok(protection_load_orders(path, &k, NULL, &err));
	assert_int_equal(order_kinds_find(&k, "interim")->duration, 0);
	assert_int_equal(order_end_date(order_kinds_find(&k, "interim"), D("2024-03-01")), DATE_NONE);
	expect_end(&k, "extension", "2024-02-29", "2024-08-29");
	order_kinds_release(&k);

	f = fopen(path, "w");
	fputs("kind,section,duration,unit,follows,name_ms,name_en\n"
	      "interim,44,21,days,,a,b\nprotection,51,0,months,interim,c,d\ninterim,44,3,weeks,,a,b\n"
	      "extension,54(3),3,months,nothing,e,f\nlate,54(4),,months,,g,h\nlater,54(5),3,,,i,j\n", f);
	fclose(f);
	order_kinds_init(&k);
	assert_int_equal(protection_load_orders(path, &k, &problems, &err), MAPO_EINVAL);
	assert_int_equal(problems.n, 6);
	assert_non_null(strstr(problems.v[0], ":3: duration:"));
	assert_non_null(strstr(problems.v[1], ":4: kind:"));
	assert_non_null(strstr(problems.v[2], ":4: unit:"));
	/* one of duration and unit empty: which one is missing, and how to say "no maximum" */
	assert_non_null(strstr(problems.v[3], "orders.csv:6: duration:"));
	assert_non_null(strstr(problems.v[3], "unit empty too"));
	assert_non_null(strstr(problems.v[4], "orders.csv:7: unit:"));
	assert_non_null(strstr(problems.v[4], "duration empty too"));
	assert_non_null(strstr(problems.v[5], ":5: follows:"));
	order_kinds_release(&k);
	strvec_release(&problems);
	unlink(path);
	rmdir(dir);
}

/* ---- identities ---------------------------------------------------------------------------- */

static void put_identity(struct pfx *p, const char *person, const char *name, const char *idno)
{
	struct identity_input in;
	struct mapo_error err;
	memset(&in, 0, sizeof(in));
	in.v[IDF_NAME] = name;
	in.v[IDF_ID_NUMBER] = idno;
	in.v[IDF_PASSPORT] = "A1234567";
	in.v[IDF_ADDRESS] = "Lot 12, Jalan Contoh, Kampung Demo";
	in.v[IDF_PHONE] = "+60 12-345 6789";
	in.v[IDF_PHOTO] = "\x89PNG\r\n\x1a\nPHOTO-BYTES";
	in.len[IDF_PHOTO] = 19;
	assert_ok(protect_identity_put(p->fx->st, p->v, NULL, person, &in, &err));
}

/* Admits V1 to shelter RP-W on 2021-03-02 and records its health screening on 03-04: scabies
 * positive, tuberculosis negative, isolated. Returns the stay's id. */
static int64_t screen_v1(struct pfx *p)
{
	struct mapo_error err;
	struct health_screening hs;
	unsigned w;
	struct shelter sh = {0, "RP-W", "Rumah W", OPERATOR_NGO, SERVES_WOMEN, 10, ""};
	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-W", "V1", D("2021-03-02"), &w, &err));
	health_screening_init(&hs);
	snprintf(hs.person_ref, sizeof(hs.person_ref), "V1");
	hs.screened_on = D("2021-03-04");
	hs.isolation = true;
	health_screening_add(&hs, "scabies", HEALTH_POSITIVE);
	health_screening_add(&hs, "tuberculosis", HEALTH_NEGATIVE);
	assert_ok(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err));
	int64_t stay = hs.stay_id;
	health_screening_release(&hs);
	return stay;
}

/* The forms a health result could take in clear: the sealed value's own text, an SQLite record
 * (the item's code then its result), a PostgreSQL row as text. */
static const char *const health_in_clear[] = {"scabies=positive", "scabiespositive", "scabies,positive"};

/* True when the file at path holds needle anywhere. */
static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = strlen(needle), cap = 1 << 16, len = 0;
	char *data = malloc(cap);
	size_t got;
	while ((got = fread(data + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	bool found = false;
	for (size_t i = 0; !found && i + n <= len; i++)
		found = !memcmp(data + i, needle, n);
	free(data);
	return found;
}

/* The tests run on PostgreSQL too (tests/pg). */
static bool on_pg(void)
{
	const char *v = getenv("MAPO_TEST_PG");
	return v && *v;
}

/* fixture_query, with SQLite's group_concat( spelled string_agg( on PostgreSQL. */
static char *query(struct pfx *p, const char *sql)
{
	struct buf b = BUF_INIT;
	const char *at;
	while (on_pg() && (at = strstr(sql, "group_concat("))) {
		buf_add(&b, sql, (size_t)(at - sql));
		buf_addstr(&b, "string_agg(");
		sql = at + strlen("group_concat(");
	}
	buf_addstr(&b, sql);
	char *v = fixture_query(p->fx, buf_str(&b));
	buf_release(&b);
	return v;
}

/* The key version of the sealed value in table.column (its bytes 3 to 6) as upper-case hex. */
static char *sealed_version(struct pfx *p, const char *table, const char *column)
{
	char sql[200];
	snprintf(sql, sizeof(sql), on_pg() ? "SELECT upper(encode(substr(%s, 3, 4), 'hex')) FROM %s" :
		"SELECT hex(substr(%s, 3, 4)) FROM %s", column, table);
	return fixture_query(p->fx, sql);
}

/* True when the stored database holds needle anywhere, as someone with a copy would find it:
 * on SQLite in the raw file or its write-ahead log; on PostgreSQL (whose files are the
 * server's) in the text of any row of any table, or in any bytea as its hex form. */
static bool db_contains(struct pfx *p, const char *needle)
{
	char wal[200];
	if (!on_pg()) {
		snprintf(wal, sizeof(wal), "%s-wal", p->fx->path);
		return file_contains(p->fx->path, needle) || file_contains(wal, needle);
	}
	struct buf hex = BUF_INIT, sql = BUF_INIT;
	for (const char *c = needle; *c; c++)
		buf_printf(&hex, "%02x", (unsigned char)*c);
	char *tables = fixture_query(p->fx, "SELECT string_agg(table_name, ' ') FROM information_schema.tables "
					    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
	assert_non_null(strstr(tables, "person_identities"));
	bool found = false;
	struct strvec names = STRVEC_INIT;
	strvec_split(&names, tables, ' ');
	for (size_t i = 0; !found && i < names.n; i++) {
		buf_reset(&sql);
		buf_printf(&sql, "SELECT count(*) FROM %s t WHERE strpos(CAST(t AS TEXT), '%s') > 0 "
				 "OR strpos(CAST(t AS TEXT), '%s') > 0", names.v[i], needle, buf_str(&hex));
		char *n = fixture_query(p->fx, buf_str(&sql));
		found = strcmp(n, "0") != 0;
		free(n);
	}
	strvec_release(&names);
	free(tables);
	buf_release(&sql);
	buf_release(&hex);
	return found;
}

/* True when any sealed column of person_identities holds needle in clear (read as blobs through
 * the store, on either backend). */
static bool sealed_columns_contain(struct pfx *p, const char *needle)
{
	store *t;
	stmt *st;
	struct mapo_error err;
	bool found = false;
	size_t n = strlen(needle);
	assert_ok(store_open(&t, p->fx->path, &err));
	assert_ok(sql_stmt(t, "SELECT name, id_number, passport_number, address, phone, photo FROM person_identities",
		&st, &err));
	while (sql_step(st) == SQL_ROW) {
		for (int c = 0; c < 6; c++) {
			size_t len = 0;
			const unsigned char *v = sql_column_blob(st, c, &len);
			assert_false(sql_column_null(st, c));
			for (size_t i = 0; !found && v && i + n <= len; i++)
				found = !memcmp(v + i, needle, n);
		}
	}
	sql_reset(st);
	store_free(t);
	return found;
}

static void test_identity_sealed_in_file(void **state)
{
	struct pfx *p = *state;
	struct identity id;
	struct mapo_error err;
	struct identity_input none;

	/* nothing given: nothing written, not even an empty record, and nothing in the trail */
	memset(&none, 0, sizeof(none));
	assert_ok(protect_identity_put(p->fx->st, p->v, NULL, "V1", &none, &err));
	char *rows = fixture_query(p->fx, "SELECT (SELECT count(*) FROM person_identities) + "
					  "(SELECT count(*) FROM audit_log WHERE action = 'identity-put')");
	assert_string_equal(rows, "0");
	free(rows);

	put_identity(p, "V1", NAME, IDNO);
	screen_v1(p);
	identity_init(&id);
	assert_ok(protect_identity_get(p->fx->st, p->v, NULL, "V1", &id, &err));
	assert_int_equal(id.view, IDVIEW_FULL);
	assert_string_equal(buf_str(&id.v[IDF_NAME]), NAME);
	assert_string_equal(buf_str(&id.v[IDF_ID_NUMBER]), IDNO);
	assert_int_equal(id.v[IDF_PHOTO].len, 19);
	assert_memory_equal(id.v[IDF_PHOTO].data, "\x89PNG\r\n\x1a\nPHOTO-BYTES", 19);
	identity_release(&id);

	/* the raw database file and its write-ahead log hold none of it (on PostgreSQL: no row of
	 * any table), and no sealed column holds it in clear */
	const char *secrets[] = {"Siti Aminah", "Contoh", "900101", "A1234567", "Jalan Contoh", "345 6789", "PHOTO-BYTES"};
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		if (db_contains(p, secrets[i]))
			fail_msg("'%s' is in the raw database", secrets[i]);
		if (sealed_columns_contain(p, secrets[i]))
			fail_msg("'%s' is in a sealed column in clear", secrets[i]);
	}
	/* nor V1's health results: on PostgreSQL not even the word (no row holds it; in the SQLite
	 * file the schema's CHECK of the table of results in clear before 0009 does) */
	for (size_t i = 0; i < sizeof(health_in_clear) / sizeof(health_in_clear[0]); i++)
		if (db_contains(p, health_in_clear[i]))
			fail_msg("'%s' is in the raw database", health_in_clear[i]);
	if (on_pg())
		assert_false(db_contains(p, "positive"));
	char *results = query(p, "SELECT count(*) FROM health_screenings WHERE results IS NOT NULL");
	assert_string_equal(results, "1");
	free(results);
	/* the checks can fail: the person reference, stored in clear, is found; a sealed value
	 * holds its own header */
	assert_true(db_contains(p, "V1"));
	assert_true(db_contains(p, "M\x01"));
	assert_true(sealed_columns_contain(p, "M\x01"));
	/* nor in the audit trail */
	char *detail = query(p, "SELECT group_concat(detail, '|') FROM audit_log");
	assert_null(strstr(detail, "Siti"));
	assert_non_null(strstr(detail, "name,id_number"));
	free(detail);

	/* a sealed value moved onto another person's row does not open */
	put_identity(p, "V2", "Nur Contoh", "050505-10-1111");
	fixture_sql(p->fx, "UPDATE person_identities SET name = (SELECT name FROM person_identities "
			   "WHERE person_id = (SELECT id FROM persons WHERE person_ref = 'V1')) "
			   "WHERE person_id = (SELECT id FROM persons WHERE person_ref = 'V2')");
	identity_init(&id);
	assert_int_equal(protect_identity_get(p->fx->st, p->v, NULL, "V2", &id, &err), MAPO_EINVAL);
	/* nor one altered in place: byte 41 changed (to 0, or to 1 when it is 0 already: the nonce
	 * and the ciphertext are random, so it is 0 once in 256 runs) */
	fixture_sql(p->fx, on_pg() ?
		"UPDATE person_identities SET phone = substr(phone, 1, 40) || CASE WHEN substr(phone, 41, 1) = "
		"'\\x00'::bytea THEN '\\x01'::bytea ELSE '\\x00'::bytea END || substr(phone, 42) "
		"WHERE person_id = (SELECT id FROM persons WHERE person_ref = 'V1')" :
		"UPDATE person_identities SET phone = substr(phone, 1, 40) || CASE WHEN substr(phone, 41, 1) = x'00' "
		"THEN x'01' ELSE x'00' END || substr(phone, 42) "
		"WHERE person_id = (SELECT id FROM persons WHERE person_ref = 'V1')");
	assert_int_equal(protect_identity_get(p->fx->st, p->v, NULL, "V1", &id, &err), MAPO_EINVAL);
	identity_release(&id);
}

/* What each role sees of V1 (a victim in a PDRM case) and M1 (a smuggled migrant in a JIM case):
 * F full, M masked, - nothing (absent). */
static void test_masking_per_role(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct identity id;
	const char *want_v1 = "FMFF-MFF-"; /* ADMIN SEC SEC_GRANT PDRM JIM PROS PROT PARTNER PARTNER_B */
	const char *want_m1 = "FMF-F----";

	put_identity(p, "V1", NAME, IDNO);
	put_identity(p, "M1", "Ahmad Contoh", "A9999999");
	/* V1 in a case referred to the prosecution; NGO Alpha referred V1 in */
	fixture_sql(p->fx, "UPDATE cases SET status = 'charged' WHERE ref = '" TIP_REF "'");
	struct referral r;
	memset(&r, 0, sizeof(r));
	snprintf(r.person_ref, sizeof(r.person_ref), "V1");
	r.dir = REFER_IN;
	snprintf(r.org, sizeof(r.org), "NGO Alpha");
	snprintf(r.service, sizeof(r.service), "identification");
	r.referred_on = D("2021-03-02");
	r.status = REFERRAL_ACCEPTED;
	r.decided_on = D("2021-03-03");
	assert_ok(protect_referral_add(p->fx->st, NULL, &r, &err));

	long long views_before = 0, views_after = 0;
	struct audit_filter af;
	audit_filter_init(&af);
	af.action = "identity-view";
	assert_ok(audit_count(p->fx->st, &af, &views_before, &err));
	long long expected_views = 0;
	for (int w = 0; w < NWHO; w++) {
		struct principal pr;
		make_principal((enum who)w, &pr);
		for (int k = 0; k < 2; k++) {
			const char *person = k ? "M1" : "V1";
			char want = (k ? want_m1 : want_v1)[w];
			identity_init(&id);
			int rc = protect_identity_get(p->fx->st, p->v, &pr, person, &id, &err);
			if (want == '-') {
				if (rc != MAPO_ENOTFOUND)
					fail_msg("%s sees %s (%d)", pr.username, person, rc);
				continue;
			}
			if (rc)
				fail_msg("%s cannot see %s: %s", pr.username, person, err.msg);
			expected_views++;
			if (want == 'F') {
				assert_int_equal(id.view, IDVIEW_FULL);
				assert_true(id.has[IDF_PHOTO]);
			} else {
				assert_int_equal(id.view, IDVIEW_MASKED);
				assert_false(id.has[IDF_PHOTO]);
				assert_null(strstr(buf_str(&id.v[IDF_NAME]), "Contoh"));
				assert_null(strstr(buf_str(&id.v[IDF_ADDRESS]), "Jalan"));
				if (k == 0) {
					assert_string_equal(buf_str(&id.v[IDF_NAME]), "S. A. b. C.");
					assert_string_equal(buf_str(&id.v[IDF_ID_NUMBER]), "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
											       "5678");
				}
			}
			identity_release(&id);
		}
	}
	/* every view was audited, with how much was shown */
	assert_ok(audit_count(p->fx->st, &af, &views_after, &err));
	assert_int_equal(views_after - views_before, expected_views);
	char *last = fixture_query(p->fx, "SELECT detail FROM audit_log WHERE action = 'identity-view' "
					  "AND username = 'w1' ORDER BY id DESC LIMIT 1");
	assert_string_equal(last, "masked");
	free(last);

	/* writing needs the edit right and a full view */
	struct principal pr;
	struct identity_input in;
	memset(&in, 0, sizeof(in));
	in.v[IDF_PHONE] = "+60 11-000 0000";
	make_principal(SEC_GRANT, &pr);
	assert_int_equal(protect_identity_put(p->fx->st, p->v, &pr, "V1", &in, &err), MAPO_EDENIED);
	make_principal(PROT, &pr);
	assert_ok(protect_identity_put(p->fx->st, p->v, &pr, "V1", &in, &err));
	assert_int_equal(protect_identity_put(p->fx->st, p->v, &pr, "M1", &in, &err), MAPO_ENOTFOUND);
}

static void test_blind_index_search(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct strvec found = STRVEC_INIT;
	struct principal pr;

	put_identity(p, "V1", NAME, IDNO);
	put_identity(p, "V2", "Nur Contoh", "050505-10-1111");
	assert_ok(protect_identity_find(p->fx->st, p->v, NULL, false, "900101 14 5678", &found, &err));
	assert_int_equal(found.n, 1);
	assert_string_equal(found.v[0], "V1");
	strvec_clear(&found);
	assert_ok(protect_identity_find(p->fx->st, p->v, NULL, true, "a1234567", &found, &err));
	assert_int_equal(found.n, 2);
	strvec_clear(&found);
	assert_ok(protect_identity_find(p->fx->st, p->v, NULL, false, "900101-14-5679", &found, &err));
	assert_int_equal(found.n, 0);
	/* a partner finds only the persons it may see */
	make_principal(PARTNER, &pr);
	assert_ok(protect_identity_find(p->fx->st, p->v, &pr, false, IDNO, &found, &err));
	assert_int_equal(found.n, 0);
	strvec_release(&found);
	/* the number is not in the trail */
	char *detail = query(p, "SELECT group_concat(detail || object_id, '|') FROM audit_log");
	assert_null(strstr(detail, "900101"));
	free(detail);
}

static void test_key_rotation(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct identity id;
	struct strvec found = STRVEC_INIT;
	long long resealed = 0;
	struct status_decision d;

	put_identity(p, "V1", NAME, IDNO);
	memset(&d, 0, sizeof(d));
	snprintf(d.case_ref, sizeof(d.case_ref), TIP_REF);
	snprintf(d.person_ref, sizeof(d.person_ref), "V1");
	d.status = TSTATUS_ACTUAL;
	snprintf(d.org, sizeof(d.org), "JKM");
	d.decided_on = D("2021-03-05");
	d.reason = "indicators confirmed at interview";
	assert_ok(protect_status_set(p->fx->st, p->v, NULL, &d, &err));
	int64_t stay = screen_v1(p);

	/* only an administrator (or the command line) rotates */
	struct principal pr;
	make_principal(PROT, &pr);
	assert_int_equal(protect_key_rotate(p->fx->st, p->v, p->key_path, &pr, NULL, &err), MAPO_EDENIED);

	assert_ok(protect_key_rotate(p->fx->st, p->v, p->key_path, NULL, &resealed, &err));
	assert_int_equal(resealed, 8); /* six identity fields, one reason, one health screening */
	assert_int_equal(vault_key_version(p->v), 2);
	char *v = sealed_version(p, "person_identities", "name");
	assert_string_equal(v, "00000002");
	free(v);

	/* a fresh vault from the rewritten key file opens everything; the blind index still finds */
	vault *again = NULL;
	assert_ok(vault_open(&again, p->key_path, &err));
	identity_init(&id);
	assert_ok(protect_identity_get(p->fx->st, again, NULL, "V1", &id, &err));
	assert_string_equal(buf_str(&id.v[IDF_NAME]), NAME);
	identity_release(&id);
	assert_ok(protect_identity_find(p->fx->st, again, NULL, false, IDNO, &found, &err));
	assert_int_equal(found.n, 1);
	strvec_release(&found);
	struct health_screening hs;
	health_screening_init(&hs);
	assert_ok(protect_health_get(p->fx->st, again, NULL, stay, &hs, &err));
	assert_int_equal(hs.n, 2);
	assert_string_equal(hs.items[0].code, "tuberculosis"); /* the list's order */
	assert_int_equal(hs.items[1].result, HEALTH_POSITIVE);
	assert_true(hs.isolation);
	health_screening_release(&hs);
	vault_free(again);

	/* the reason and the health results were re-sealed too */
	char *blob_version = sealed_version(p, "victim_status_history", "reason");
	assert_string_equal(blob_version, "00000002");
	free(blob_version);
	blob_version = sealed_version(p, "health_screenings", "results");
	assert_string_equal(blob_version, "00000002");
	free(blob_version);
}

static int history_cb(const struct status_decision *d, const char *reason, void *arg)
{
	struct strvec *out = arg;
	strvec_pushf(out, "%s %s %s %s", d->case_ref, trafficking_status_code(d->status), d->org, reason);
	return 0;
}

static int screening_item(const struct screening *sc, void *arg)
{
	char *ind = strvec_join(&sc->indicators, ";");
	strvec_pushf(arg, "%s %s %s %s", sc->case_ref, trafficking_status_code(sc->outcome), sc->org, ind);
	free(ind);
	return 0;
}

static void screening_for(struct screening *sc, const char *case_ref, const char *person, enum trafficking_status o)
{
	screening_init(sc);
	snprintf(sc->case_ref, sizeof(sc->case_ref), "%s", case_ref);
	snprintf(sc->person_ref, sizeof(sc->person_ref), "%s", person);
	snprintf(sc->org, sizeof(sc->org), "JIM");
	sc->screened_on = D("2021-03-04");
	sc->outcome = o;
	strvec_push(&sc->indicators, "withholds-documents");
	strvec_push(&sc->indicators, "debt-bondage");
}

static void test_s41a(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct screening sc;
	struct protection_order o;
	struct strvec hist = STRVEC_INIT;
	bool yes = true;
	unsigned w;

	/* a smuggled migrant is not under protection: no order, no shelter */
	assert_ok(protect_under_protection(p->fx->st, "M1", &yes, &err));
	assert_false(yes);
	add_order(p, SOM_REF, "M1", "interim", "2021-03-05", MAPO_EINVAL, &o);
	struct shelter sh = {0, "RP-JB", "Rumah Perlindungan Johor", OPERATOR_GOVERNMENT, SERVES_MEN, 10, ""};
	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	assert_int_equal(protect_admit(p->fx->st, NULL, "RP-JB", "M1", D("2021-03-05"), &w, &err), MAPO_EINVAL);

	/* a re-screening that finds no trafficking changes nothing but the record */
	screening_for(&sc, SOM_REF, "M1", TSTATUS_NOT_A_VICTIM);
	assert_ok(protect_rescreen(p->fx->st, p->v, NULL, &sc, NULL, &err));
	screening_release(&sc);
	assert_ok(protect_under_protection(p->fx->st, "M1", &yes, &err));
	assert_false(yes);

	/* found trafficked: needs a TIP case linked to the SOM case */
	screening_for(&sc, SOM_REF, "M1", TSTATUS_ACTUAL);
	assert_int_equal(protect_rescreen(p->fx->st, p->v, NULL, &sc, NULL, &err), MAPO_EINVAL);
	assert_int_equal(protect_rescreen(p->fx->st, p->v, NULL, &sc, TIP_REF, &err), MAPO_EINVAL); /* not linked */
	assert_non_null(strstr(err.msg, "linked"));
	assert_int_equal(protect_rescreen(p->fx->st, p->v, NULL, &sc, SOM_REF, &err), MAPO_EINVAL); /* not TIP */
	/* an unknown indicator */
	strvec_push(&sc.indicators, "bad-luck");
	assert_int_equal(protect_rescreen(p->fx->st, p->v, NULL, &sc, TIP_LINKED, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "bad-luck"));
	screening_release(&sc);
	screening_for(&sc, SOM_REF, "M1", TSTATUS_ACTUAL);
	assert_ok(protect_rescreen(p->fx->st, p->v, NULL, &sc, TIP_LINKED, &err));
	screening_release(&sc);
	/* the same person now holds both roles */
	char *roles = query(p, "SELECT group_concat(c.ref || ':' || cp.role || ':' || "
					   "COALESCE(cp.trafficking_status, ''), ' ') FROM case_persons cp "
					   "JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id "
					   "WHERE p.person_ref = 'M1'");
	assert_non_null(strstr(roles, SOM_REF ":smuggled-migrant:"));
	assert_non_null(strstr(roles, TIP_LINKED ":victim:actual"));
	free(roles);
	char *persons = fixture_query(p->fx, "SELECT count(*) FROM persons WHERE person_ref = 'M1'");
	assert_string_equal(persons, "1");
	free(persons);
	assert_ok(protect_under_protection(p->fx->st, "M1", &yes, &err));
	assert_true(yes);
	/* and may now have an order in the TIP case (not in the SOM case) */
	add_order(p, SOM_REF, "M1", "interim", "2021-03-05", MAPO_EINVAL, &o);
	add_order(p, TIP_LINKED, "M1", "interim", "2021-03-05", 0, &o);
	assert_ok(protect_admit(p->fx->st, NULL, "RP-JB", "M1", D("2021-03-05"), &w, &err));
	assert_int_equal(w, 0);
	/* the decision is in the history, by the screening organisation */
	assert_ok(protect_status_history(p->fx->st, p->v, NULL, "M1", history_cb, &hist, &err));
	assert_int_equal(hist.n, 1);
	assert_string_equal(hist.v[0], TIP_LINKED " actual JIM ");
	strvec_release(&hist);
	char *n = fixture_query(p->fx, "SELECT count(*) FROM screenings");
	assert_string_equal(n, "2");
	free(n);
	/* both screenings listed, oldest first, with their indicators */
	assert_ok(protect_screening_list(p->fx->st, NULL, "M1", screening_item, &hist, &err));
	assert_int_equal(hist.n, 2);
	assert_string_equal(hist.v[0], SOM_REF " not-a-victim JIM withholds-documents;debt-bondage");
	assert_string_equal(hist.v[1], SOM_REF " actual JIM withholds-documents;debt-bondage");
	strvec_release(&hist);
}

static void test_status_history(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct status_decision d;
	struct strvec hist = STRVEC_INIT;
	struct principal pr;

	memset(&d, 0, sizeof(d));
	snprintf(d.case_ref, sizeof(d.case_ref), TIP_REF);
	snprintf(d.person_ref, sizeof(d.person_ref), "V3");
	snprintf(d.org, sizeof(d.org), "PDRM");
	d.status = TSTATUS_ACTUAL;
	d.decided_on = D("2021-03-02");
	d.reason = "passport held by employer";
	assert_ok(protect_status_set(p->fx->st, p->v, NULL, &d, &err));
	d.status = TSTATUS_NOT_A_VICTIM;
	d.decided_on = D("2021-04-01");
	d.reason = "re-interview";
	snprintf(d.org, sizeof(d.org), "JKM");
	assert_ok(protect_status_set(p->fx->st, p->v, NULL, &d, &err));
	assert_ok(protect_status_history(p->fx->st, p->v, NULL, "V3", history_cb, &hist, &err));
	assert_int_equal(hist.n, 2);
	char *views = fixture_query(p->fx, "SELECT count(*) FROM audit_log WHERE action = 'identification-view'");
	assert_string_equal(views, "1");
	free(views);
	assert_string_equal(hist.v[0], TIP_REF " actual PDRM passport held by employer");
	assert_string_equal(hist.v[1], TIP_REF " not-a-victim JKM re-interview");
	strvec_release(&hist);
	/* the current status is the last decision, as the statistics count it */
	char *st = fixture_query(p->fx, "SELECT cp.trafficking_status FROM case_persons cp JOIN persons p "
					"ON p.id = cp.person_id WHERE p.person_ref = 'V3'");
	assert_string_equal(st, "not-a-victim");
	free(st);
	/* the reason is sealed */
	assert_false(db_contains(p, "passport held"));
	/* a role that does not exist; a secretariat may not decide; a future date */
	snprintf(d.person_ref, sizeof(d.person_ref), "M1");
	assert_int_equal(protect_status_set(p->fx->st, p->v, NULL, &d, &err), MAPO_ENOTFOUND);
	snprintf(d.person_ref, sizeof(d.person_ref), "V3");
	make_principal(SEC_GRANT, &pr);
	assert_int_equal(protect_status_set(p->fx->st, p->v, &pr, &d, &err), MAPO_EDENIED);
	d.decided_on = date_today() + 1;
	assert_int_equal(protect_status_set(p->fx->st, p->v, NULL, &d, &err), MAPO_EINVAL);
	/* an agency officer decides and reads the identification of the persons in its agency's
	 * cases (it has no PROTECT_READ), and no one else's */
	d.decided_on = D("2021-04-02");
	make_principal(OFFICER_PDRM, &pr);
	assert_ok(protect_status_set(p->fx->st, p->v, &pr, &d, &err));
	assert_ok(protect_status_history(p->fx->st, p->v, &pr, "V3", history_cb, &hist, &err));
	assert_int_equal(hist.n, 3);
	strvec_clear(&hist);
	make_principal(OFFICER_JIM, &pr);
	assert_int_equal(protect_status_history(p->fx->st, p->v, &pr, "V3", history_cb, &hist, &err), MAPO_ENOTFOUND);
	assert_int_equal(protect_status_set(p->fx->st, p->v, &pr, &d, &err), MAPO_ENOTFOUND);
	strvec_release(&hist);
}

static int order_item(const struct protection_order *o, void *arg)
{
	struct strvec *out = arg;
	char s[DATE_STRLEN], e[DATE_STRLEN];
	date_format(o->start_date, s);
	date_format(o->end_date, e);
	strvec_pushf(out, "%s %s %s %s..%s %s", o->person_ref, o->kind, o->section, s, e, order_outcome_code(o->outcome));
	return 0;
}

static void test_orders(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct protection_order o, o2;
	struct strvec items = STRVEC_INIT;
	struct order_query q = {ORDERS_ALL, DATE_NONE, 0, NULL};

	/* an extension or a protection order needs a running order before it */
	add_order(p, TIP_REF, "V1", "protection", "2021-03-01", MAPO_EINVAL, &o);
	add_order(p, TIP_REF, "V1", "interim", "2021-03-01", 0, &o);
	assert_string_equal(o.section, "44");
	add_order(p, TIP_REF, "V1", "interim", "2021-03-02", MAPO_EINVAL, &o2); /* one already running */
	/* a protection order continuing it: starts when the interim ends, three months */
	add_order(p, TIP_REF, "V1", "protection", NULL, 0, &o2);
	assert_int_equal(o2.parent_id, o.id);
	/* an extension continues the protection order, to the end the court set: six months */
	add_order(p, TIP_REF, "V1", "extension", NULL, MAPO_EINVAL, &o);
	o.end_date = D("2021-12-22");
	assert_ok(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err));
	/* longer than the Act allows: refused */
	order_for(&o, "V2", "interim");
	o.start_date = D("2021-05-10");
	o.end_date = D("2021-06-01");
	assert_int_equal(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "2021-05-31"));
	o.end_date = D("2021-05-20"); /* shorter is the court's choice */
	assert_ok(protect_order_add(p->fx->st, NULL, &p->kinds, &o, &err));
	int64_t v2_order = o.id;

	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 4);
	assert_string_equal(items.v[0], "V1 interim 44 2021-03-01..2021-03-22 superseded");
	assert_string_equal(items.v[1], "V2 interim 44 2021-05-10..2021-05-20 ");
	assert_string_equal(items.v[2], "V1 protection 51 2021-03-22..2021-06-22 superseded");
	assert_string_equal(items.v[3], "V1 extension 54(3) 2021-06-22..2021-12-22 ");
	strvec_clear(&items);

	/* ending within 7 days of 2021-05-15: V2's; overdue on 2021-05-21: V2's */
	q.which = ORDERS_ENDING;
	q.as_of = D("2021-05-15");
	q.days = 7;
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 1);
	assert_non_null(strstr(items.v[0], "V2 interim"));
	strvec_clear(&items);
	q.days = 4; /* 2021-05-19: not yet */
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 0);
	q.which = ORDERS_OVERDUE;
	q.as_of = D("2021-05-21");
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 1);
	strvec_clear(&items);
	/* an outcome takes it off the overdue list, once */
	assert_int_equal(protect_order_outcome(p->fx->st, NULL, v2_order, OUTCOME_SUPERSEDED, D("2021-05-20"), &err),
		MAPO_EINVAL);
	assert_ok(protect_order_outcome(p->fx->st, NULL, v2_order, OUTCOME_IMMIGRATION, D("2021-05-20"), &err));
	assert_int_equal(protect_order_outcome(p->fx->st, NULL, v2_order, OUTCOME_RELEASED, D("2021-05-20"), &err),
		MAPO_ECONFLICT);
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 0);
	/* the extension runs to 2021-12-22: overdue on the 23rd, not on the 22nd */
	q.as_of = D("2021-12-22");
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 0);
	q.as_of = D("2021-12-23");
	assert_ok(protect_order_list(p->fx->st, NULL, &q, order_item, &items, &err));
	assert_int_equal(items.n, 1);
	strvec_release(&items);
}

static int stay_dates(const struct shelter_stay *st, void *arg)
{
	char a[DATE_STRLEN], d[DATE_STRLEN];
	date_format(st->admitted_on, a);
	date_format(st->discharged_on, d);
	strvec_pushf(arg, "%s %s..%s", st->shelter_code, a, d);
	return 0;
}

static void test_shelters(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	unsigned w;
	long long counts[10];

	/* pure: capacity and separation */
	struct shelter women = {0, "W", "W", OPERATOR_NGO, SERVES_WOMEN, 2, ""};
	struct shelter men = {0, "M", "M", OPERATOR_GOVERNMENT, SERVES_MEN, 2, ""};
	struct shelter kids = {0, "C", "C", OPERATOR_GOVERNMENT, SERVES_CHILDREN, 2, ""};
	assert_int_equal(shelter_check(&women, 0, 'F', 30), 0);
	assert_int_equal(shelter_check(&women, 1, 'F', 30), 0);
	assert_int_equal(shelter_check(&women, 2, 'F', 30), SHELTER_WARN_CAPACITY);
	assert_int_equal(shelter_check(&women, 0, 'M', 30), SHELTER_WARN_SEPARATION);
	assert_int_equal(shelter_check(&women, 0, 'F', 17), SHELTER_WARN_SEPARATION);
	assert_int_equal(shelter_check(&women, 5, 'M', 10), SHELTER_WARN_SEPARATION | SHELTER_WARN_CAPACITY);
	assert_int_equal(shelter_check(&men, 0, 'F', 30), SHELTER_WARN_SEPARATION);
	assert_int_equal(shelter_check(&men, 0, 'U', -1), 0);
	assert_int_equal(shelter_check(&kids, 0, 'M', 12), 0);
	assert_int_equal(shelter_check(&kids, 0, 'F', 18), SHELTER_WARN_SEPARATION);
	assert_int_equal(shelter_check(&kids, 0, 'F', -1), 0);

	/* through the store */
	women.capacity = 1;
	snprintf(women.code, sizeof(women.code), "RP-KL");
	assert_ok(protect_shelter_put(p->fx->st, NULL, &women, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-KL", "V1", D("2021-03-02"), &w, &err));
	assert_int_equal(w, 0);
	/* already staying */
	assert_int_equal(protect_admit(p->fx->st, NULL, "RP-KL", "V1", D("2021-03-03"), &w, &err), MAPO_EINVAL);
	/* V2 is 15: a child in a women's shelter that is full */
	assert_ok(protect_admit(p->fx->st, NULL, "RP-KL", "V2", D("2021-03-04"), &w, &err));
	assert_int_equal(w, SHELTER_WARN_CAPACITY | SHELTER_WARN_SEPARATION);
	char *stored = fixture_query(p->fx, "SELECT warnings FROM shelter_stays ORDER BY id DESC LIMIT 1");
	assert_string_equal(stored, "capacity;separation");
	free(stored);
	assert_ok(protect_discharge(p->fx->st, NULL, "V1", D("2021-03-06"), &err));
	assert_int_equal(protect_discharge(p->fx->st, NULL, "V1", D("2021-03-07"), &err), MAPO_ENOTFOUND);
	/* V3 (a man) after V1 left: separation only */
	assert_ok(protect_admit(p->fx->st, NULL, "RP-KL", "V3", D("2021-03-07"), &w, &err));
	assert_int_equal(w, SHELTER_WARN_CAPACITY | SHELTER_WARN_SEPARATION);

	/* occupancy from 2021-03-01 to 03-10: V1 2nd-5th, V2 from the 4th, V3 from the 7th */
	assert_ok(protect_occupancy(p->fx->st, NULL, "RP-KL", D("2021-03-01"), D("2021-03-10"), counts, &err));
	const long long want[10] = {0, 1, 1, 2, 2, 1, 2, 2, 2, 2};
	for (int i = 0; i < 10; i++)
		if (counts[i] != want[i])
			fail_msg("day %d: expected %lld, got %lld", i + 1, want[i], counts[i]);
	assert_int_equal(protect_occupancy(p->fx->st, NULL, "NOPE", D("2021-03-01"), D("2021-03-10"), counts, &err),
		MAPO_ENOTFOUND);

	/* one person's stays, by admission: V1 again after its discharge; no one else's */
	assert_ok(protect_admit(p->fx->st, NULL, "RP-KL", "V1", D("2021-03-09"), &w, &err));
	struct strvec stays = STRVEC_INIT;
	struct principal pr;
	make_principal(PROT, &pr);
	assert_ok(protect_person_stays(p->fx->st, &pr, "V1", stay_dates, &stays, &err));
	assert_int_equal(stays.n, 2);
	assert_string_equal(stays.v[0], "RP-KL 2021-03-02..2021-03-06");
	assert_string_equal(stays.v[1], "RP-KL 2021-03-09..");
	make_principal(PARTNER, &pr);
	assert_int_equal(protect_person_stays(p->fx->st, &pr, "V1", stay_dates, &stays, &err), MAPO_EDENIED);
	make_principal(SEC, &pr);
	assert_int_equal(protect_person_stays(p->fx->st, &pr, "NO-SUCH", stay_dates, &stays, &err), MAPO_ENOTFOUND);
	strvec_release(&stays);
}

/* ---- health screening on admission ---------------------------------------------------------- */

static int stay_item(const struct shelter_stay *st, void *arg)
{
	char d[DATE_STRLEN] = "pending";
	if (st->screened_on != DATE_NONE)
		date_format(st->screened_on, d);
	strvec_pushf(arg, "%s %s", st->person_ref, d);
	return 0;
}

static void test_health_screening(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct health_screening hs, got;
	struct health_check_list checks;
	struct principal pr;
	struct strvec stays = STRVEC_INIT;
	long long n = -1;
	unsigned w;

	/* the list is data, in the file's order */
	health_check_list_init(&checks);
	assert_ok(protect_health_checks(p->fx->st, &checks, &err));
	assert_int_equal(checks.n, 6);
	assert_string_equal(checks.v[0].code, "tuberculosis");
	assert_string_equal(checks.v[5].code, "clinic-referral");
	assert_non_null(health_check_list_find(&checks, "scabies"));
	assert_null(health_check_list_find(&checks, "measles"));

	struct shelter sh = {0, "RP-W", "Rumah W", OPERATOR_NGO, SERVES_WOMEN, 10, ""};
	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-W", "V1", D("2021-03-02"), &w, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-W", "V2", D("2021-03-03"), &w, &err));
	/* both admissions wait for their screening */
	assert_ok(protect_screening_pending(p->fx->st, NULL, "RP-W", D("2021-03-03"), &n, &err));
	assert_int_equal(n, 2);
	assert_ok(protect_screening_pending(p->fx->st, NULL, NULL, D("2021-03-02"), &n, &err));
	assert_int_equal(n, 1);

	/* items given out of order come back in the list's order */
	health_screening_init(&hs);
	snprintf(hs.person_ref, sizeof(hs.person_ref), "V1");
	hs.screened_on = D("2021-03-04");
	hs.isolation = true;
	assert_ok(health_screening_add_text(&hs, "clinic-referral=done", &err));
	assert_ok(health_screening_add_text(&hs, "scabies=positive", &err));
	health_screening_add(&hs, "tuberculosis", HEALTH_NEGATIVE);
	assert_int_equal(health_screening_add_text(&hs, "covid-19", &err), MAPO_EINVAL);
	assert_int_equal(health_screening_add_text(&hs, "covid-19=maybe", &err), MAPO_EINVAL);
	assert_int_equal(health_screening_add_text(&hs, "=negative", &err), MAPO_EINVAL);
	assert_int_equal(hs.n, 3);
	/* only roles that edit protection records and see the person in full */
	make_principal(SEC, &pr);
	assert_int_equal(protect_health_screen(p->fx->st, p->v, &pr, &hs, &err), MAPO_EDENIED);
	make_principal(PROT, &pr);
	assert_ok(protect_health_screen(p->fx->st, p->v, &pr, &hs, &err));
	assert_string_equal(hs.shelter_code, "RP-W");
	assert_true(hs.stay_id > 0);
	int64_t v1_stay = hs.stay_id;
	/* one screening per admission */
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_EEXIST);

	health_screening_init(&got);
	assert_ok(protect_health_get(p->fx->st, p->v, NULL, hs.stay_id, &got, &err));
	/* every view of the results is in the trail */
	char *views = fixture_query(p->fx, "SELECT count(*) FROM audit_log WHERE action = 'health-view'");
	assert_string_equal(views, "1");
	free(views);
	assert_int_equal(got.n, 3);
	assert_string_equal(got.items[0].code, "tuberculosis");
	assert_int_equal(got.items[0].result, HEALTH_NEGATIVE);
	assert_string_equal(got.items[1].code, "scabies");
	assert_int_equal(got.items[1].result, HEALTH_POSITIVE);
	assert_int_equal(got.items[2].result, HEALTH_DONE);
	assert_true(got.isolation);
	assert_int_equal(got.screened_on, D("2021-03-04"));
	assert_int_equal(got.admitted_on, D("2021-03-02"));
	assert_string_equal(got.person_ref, "V1");
	assert_string_equal(got.recorded_by, pr.username);
	/* the results are for the officers who care for the person: not the secretariat, not a partner */
	make_principal(SEC, &pr);
	assert_int_equal(protect_health_get(p->fx->st, p->v, &pr, hs.stay_id, &got, &err), MAPO_EDENIED);
	assert_ok(protect_screening_pending(p->fx->st, &pr, NULL, D("2021-03-04"), &n, &err));
	assert_int_equal(n, 1);
	make_principal(PARTNER, &pr);
	assert_int_equal(protect_health_get(p->fx->st, p->v, &pr, hs.stay_id, &got, &err), MAPO_EDENIED);
	assert_int_equal(protect_screening_pending(p->fx->st, &pr, NULL, D("2021-03-04"), &n, &err), MAPO_EDENIED);
	health_screening_release(&got);

	/* V2 is still pending: the list says so, the count says one */
	assert_ok(protect_stay_list(p->fx->st, NULL, "RP-W", D("2021-03-04"), stay_item, &stays, &err));
	assert_int_equal(stays.n, 2);
	assert_string_equal(stays.v[0], "V1 2021-03-04");
	assert_string_equal(stays.v[1], "V2 pending");
	strvec_release(&stays);
	assert_ok(protect_screening_pending(p->fx->st, NULL, "RP-W", D("2021-03-04"), &n, &err));
	assert_int_equal(n, 1);

	/* what is refused: no items, an unknown or repeated item, no stay that day, the future */
	health_screening_release(&hs);
	health_screening_init(&hs);
	snprintf(hs.person_ref, sizeof(hs.person_ref), "V2");
	hs.screened_on = D("2021-03-04");
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_EINVAL);
	health_screening_add(&hs, "measles", HEALTH_NEGATIVE);
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "measles"));
	health_screening_release(&hs);
	health_screening_init(&hs);
	snprintf(hs.person_ref, sizeof(hs.person_ref), "V2");
	health_screening_add(&hs, "covid-19", HEALTH_PENDING);
	health_screening_add(&hs, "covid-19", HEALTH_NEGATIVE);
	hs.screened_on = D("2021-03-04");
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_EINVAL);
	hs.n = 1;
	hs.screened_on = D("2021-03-01");
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_ENOTFOUND);
	hs.screened_on = date_today() + 1;
	assert_int_equal(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err), MAPO_EINVAL);
	hs.screened_on = D("2021-03-05");
	assert_ok(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err));
	health_screening_release(&hs);
	assert_ok(protect_screening_pending(p->fx->st, NULL, "RP-W", D("2021-03-05"), &n, &err));
	assert_int_equal(n, 0);

	/* the trail names the items, never the results */
	char *detail = query(p, "SELECT group_concat(detail, '|') FROM audit_log WHERE action = 'health-screen'");
	assert_non_null(strstr(detail, "items=clinic-referral,scabies,tuberculosis"));
	assert_null(strstr(detail, "positive"));
	assert_null(strstr(detail, "negative"));
	free(detail);

	/* a code in use may leave the list (the store cannot see the sealed items): the screening
	 * keeps it; renaming keeps it too */
	struct health_check_list fewer;
	health_check_list_init(&fewer);
	for (size_t i = 0; i < checks.n; i++)
		if (strcmp(checks.v[i].code, "scabies"))
			health_check_list_add(&fewer, &checks.v[i]);
	assert_ok(protect_health_install(p->fx->st, &fewer, &err));
	health_check_list_release(&fewer);
	health_screening_init(&got);
	assert_ok(protect_health_get(p->fx->st, p->v, NULL, v1_stay, &got, &err));
	assert_int_equal(got.n, 3);
	assert_string_equal(got.items[1].code, "scabies");
	assert_int_equal(got.items[1].result, HEALTH_POSITIVE);
	health_screening_release(&got);
	free(checks.v[0].name_en);
	checks.v[0].name_en = xstrdup("TB screening");
	assert_ok(protect_health_install(p->fx->st, &checks, &err));
	health_check_list_release(&checks);
	health_check_list_init(&checks);
	assert_ok(protect_health_checks(p->fx->st, &checks, &err));
	assert_int_equal(checks.n, 6);
	assert_string_equal(checks.v[0].name_en, "TB screening");
	health_check_list_release(&checks);
}

/* A database with a screening recorded before migration 0009 (results in clear): the migration
 * keeps them readable in clear; a command with the key seals them and deletes them in clear. */
static void test_health_unsealed(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct health_screening got;
	long long sealed = -1;
	unsigned w;
	struct shelter sh = {0, "RP-W", "Rumah W", OPERATOR_NGO, SERVES_WOMEN, 10, ""};

	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-W", "V1", D("2021-03-02"), &w, &err));
	/* back to the schema of 0007/0008, with a screening as they stored it, then migrate */
	fixture_sql(p->fx, "DROP TABLE health_unsealed; ALTER TABLE health_screenings DROP COLUMN results; "
			   "ALTER TABLE health_screenings ADD COLUMN isolation INTEGER NOT NULL DEFAULT 0 "
			   "CHECK (isolation IN (0, 1)); DELETE FROM schema_migrations WHERE version = 9; "
			   "INSERT INTO health_screenings (stay_id, screened_on, isolation, recorded_by, recorded_at) "
			   "SELECT id, '2021-03-04', 1, 'old', '2021-03-04T10:00:00Z' FROM shelter_stays; "
			   "INSERT INTO health_screening_items (screening_id, check_code, result) "
			   "SELECT id, 'scabies', 'positive' FROM health_screenings; "
			   "INSERT INTO health_screening_items (screening_id, check_code, result) "
			   "SELECT id, 'tuberculosis', 'negative' FROM health_screenings");
	assert_ok(store_migrate(p->fx->st, &err));
	char *n = query(p, "SELECT count(*) FROM health_unsealed WHERE isolation = 1");
	assert_string_equal(n, "1");
	free(n);
	/* the needle of the raw-file test finds results stored in clear */
	assert_true(db_contains(p, on_pg() ? "scabies,positive" : "scabiespositive"));
	int64_t stay = (int64_t)strtoll(n = query(p, "SELECT stay_id FROM health_screenings"), NULL, 10);
	free(n);

	/* readable before it is sealed */
	health_screening_init(&got);
	assert_ok(protect_health_get(p->fx->st, p->v, NULL, stay, &got, &err));
	assert_int_equal(got.n, 2);
	assert_string_equal(got.items[0].code, "tuberculosis");
	assert_int_equal(got.items[1].result, HEALTH_POSITIVE);
	assert_true(got.isolation);
	assert_false(got.erased);
	assert_string_equal(got.recorded_by, "old");

	assert_ok(protect_health_seal_unsealed(p->fx->st, p->v, &sealed, &err));
	assert_int_equal(sealed, 1);
	n = query(p, "SELECT (SELECT count(*) FROM health_unsealed) + (SELECT count(*) FROM health_screening_items)");
	assert_string_equal(n, "0");
	free(n);
	n = sealed_version(p, "health_screenings", "results");
	assert_string_equal(n, "00000001");
	free(n);
	/* the same results, now opened from the sealed value */
	assert_ok(protect_health_get(p->fx->st, p->v, NULL, stay, &got, &err));
	assert_int_equal(got.n, 2);
	assert_string_equal(got.items[0].code, "tuberculosis");
	assert_int_equal(got.items[0].result, HEALTH_NEGATIVE);
	assert_string_equal(got.items[1].code, "scabies");
	assert_int_equal(got.items[1].result, HEALTH_POSITIVE);
	assert_true(got.isolation);
	health_screening_release(&got);
	/* on PostgreSQL no row holds them any more (an SQLite file may keep the deleted bytes in its
	 * free pages until VACUUM: docs/internals/vault.md) */
	if (on_pg()) {
		assert_false(db_contains(p, "scabies,positive"));
		assert_false(db_contains(p, "positive"));
	}
	/* nothing left to do */
	assert_ok(protect_health_seal_unsealed(p->fx->st, p->v, &sealed, &err));
	assert_int_equal(sealed, 0);
}

static int victim_item(const struct victim_row *v, void *arg)
{
	strvec_pushf(arg, "%s %s", v->person_ref, trafficking_status_code(v->status));
	return 0;
}

static int referral_item(const struct referral *r, void *arg)
{
	strvec_pushf(arg, "%s %s %s", r->person_ref, r->org, referral_status_code(r->status));
	return 0;
}

static void refer(struct pfx *p, const char *person, enum referral_dir dir, const char *org)
{
	struct referral r;
	struct mapo_error err;
	memset(&r, 0, sizeof(r));
	snprintf(r.person_ref, sizeof(r.person_ref), "%s", person);
	r.dir = dir;
	snprintf(r.org, sizeof(r.org), "%s", org);
	snprintf(r.service, sizeof(r.service), "psychosocial");
	r.referred_on = D("2021-03-03");
	r.status = REFERRAL_PENDING;
	r.decided_on = DATE_NONE;
	assert_ok(protect_referral_add(p->fx->st, NULL, &r, &err));
}

static void test_partner_visibility(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct strvec items = STRVEC_INIT;
	struct principal alpha, beta;
	struct protection_order o;
	struct identity id;
	struct order_query q = {ORDERS_ALL, DATE_NONE, 0, NULL};

	make_principal(PARTNER, &alpha);
	make_principal(PARTNER_B, &beta);
	refer(p, "V1", REFER_IN, "NGO Alpha");
	refer(p, "V2", REFER_OUT, "NGO Alpha"); /* the council referred V2 to Alpha: not Alpha's referral */
	refer(p, "V3", REFER_IN, "NGO Beta");
	add_order(p, TIP_REF, "V1", "interim", "2021-03-01", 0, &o);
	add_order(p, TIP_REF, "V3", "interim", "2021-03-01", 0, &o);

	struct victim_query all = {NULL, 0, 0}, v3 = {"V3", 0, 0}, page = {NULL, 2, 1};
	assert_ok(protect_victim_list(p->fx->st, &alpha, &all, victim_item, &items, &err));
	assert_int_equal(items.n, 1);
	assert_string_equal(items.v[0], "V1 possible");
	strvec_clear(&items);
	assert_ok(protect_victim_list(p->fx->st, NULL, &all, victim_item, &items, &err));
	assert_int_equal(items.n, 3);
	strvec_clear(&items);
	/* a page: the second and third, in the order they were recorded */
	assert_ok(protect_victim_list(p->fx->st, NULL, &page, victim_item, &items, &err));
	assert_int_equal(items.n, 2);
	assert_string_equal(items.v[0], "V2 possible");
	assert_string_equal(items.v[1], "V3 possible");
	strvec_clear(&items);
	assert_ok(protect_victim_list(p->fx->st, &alpha, &v3, victim_item, &items, &err));
	assert_int_equal(items.n, 0);
	/* their status, nothing else: not the orders, stays, screenings or consent of any person, not
	 * even of the persons it referred */
	assert_int_equal(protect_order_list(p->fx->st, &alpha, &q, order_item, &items, &err), MAPO_EDENIED);
	assert_int_equal(protect_stay_list(p->fx->st, &alpha, NULL, D("2021-03-02"), NULL, NULL, &err), MAPO_EDENIED);
	assert_int_equal(protect_consent_list(p->fx->st, &alpha, "V1", NULL, NULL, &err), MAPO_EDENIED);
	assert_int_equal(protect_status_history(p->fx->st, p->v, &alpha, "V1", history_cb, &items, &err),
		MAPO_ENOTFOUND);
	assert_int_equal(items.n, 0);
	assert_ok(protect_referral_list(p->fx->st, &beta, NULL, referral_item, &items, &err));
	assert_int_equal(items.n, 1);
	assert_string_equal(items.v[0], "V3 NGO Beta pending");
	strvec_clear(&items);
	/* identities: its own referral only; the others look absent */
	put_identity(p, "V1", NAME, IDNO);
	put_identity(p, "V3", "Budi Contoh", "770707-07-7777");
	identity_init(&id);
	assert_ok(protect_identity_get(p->fx->st, p->v, &alpha, "V1", &id, &err));
	assert_int_equal(protect_identity_get(p->fx->st, p->v, &alpha, "V3", &id, &err), MAPO_ENOTFOUND);
	assert_int_equal(protect_identity_get(p->fx->st, p->v, &alpha, "V2", &id, &err), MAPO_ENOTFOUND);
	identity_release(&id);
	assert_int_equal(protect_status_history(p->fx->st, p->v, &alpha, "V3", history_cb, &items, &err),
		MAPO_ENOTFOUND);
	assert_int_equal(protect_screening_list(p->fx->st, &alpha, "V3", screening_item, &items, &err), MAPO_ENOTFOUND);
	assert_int_equal(protect_screening_list(p->fx->st, &alpha, "V1", screening_item, &items, &err), MAPO_ENOTFOUND);
	/* and it may not write */
	assert_int_equal(protect_admit(p->fx->st, &alpha, "X", "V1", D("2021-03-02"), &(unsigned){0}, &err),
		MAPO_EDENIED);
	strvec_release(&items);
}

static void totals(store *st, struct stats_measures *m)
{
	struct stats_query q;
	struct stats_result r;
	struct mapo_error err;
	stats_query_init(&q);
	q.from = D("2015-01-01");
	q.to = D("2025-12-31");
	stats_result_init(&r);
	assert_ok(stats_run(st, NULL, &q, LANG_EN, &r, &err));
	*m = r.totals;
	stats_result_release(&r);
}

static void test_retention(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct identity id;
	struct stats_measures before, after;
	long long erased = -1;
	struct status_decision d;

	put_identity(p, "V1", NAME, IDNO);
	put_identity(p, "M1", "Ahmad Contoh", "A9999999");
	memset(&d, 0, sizeof(d));
	snprintf(d.case_ref, sizeof(d.case_ref), TIP_REF);
	snprintf(d.person_ref, sizeof(d.person_ref), "V1");
	d.status = TSTATUS_ACTUAL;
	snprintf(d.org, sizeof(d.org), "JKM");
	d.decided_on = D("2021-03-05");
	d.reason = "a sealed reason";
	assert_ok(protect_status_set(p->fx->st, p->v, NULL, &d, &err));
	/* V1's case is closed (long ago, as the history says); M1's SOM case still open */
	struct mapo_case c;
	case_init(&c);
	assert_ok(store_case_get(p->fx->st, TIP_REF, &c, &err));
	c.status = STATUS_CLOSED;
	assert_ok(store_case_update(p->fx->st, &c, &err));
	case_release(&c);
	fixture_sql(p->fx, "UPDATE case_status_history SET changed_at = '2022-01-10T00:00:00Z' WHERE status = 'closed'");
	/* V1 and V2 were screened on admission: health data, erased with the rest */
	struct shelter sh = {0, "RP-W", "Rumah W", OPERATOR_NGO, SERVES_WOMEN, 10, ""};
	unsigned w;
	int64_t v1_stay = 0;
	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	for (int i = 0; i < 2; i++) {
		struct health_screening hs;
		health_screening_init(&hs);
		snprintf(hs.person_ref, sizeof(hs.person_ref), "V%d", i + 1);
		assert_ok(protect_admit(p->fx->st, NULL, "RP-W", hs.person_ref, D("2021-03-02"), &w, &err));
		hs.screened_on = D("2021-03-03");
		hs.isolation = true;
		health_screening_add(&hs, "tuberculosis", HEALTH_POSITIVE);
		assert_ok(protect_health_screen(p->fx->st, p->v, NULL, &hs, &err));
		if (!i)
			v1_stay = hs.stay_id;
		health_screening_release(&hs);
	}

	totals(p->fx->st, &before);
	/* not yet due: 2022-01-10 + 365 days is after 2022-12-31 */
	assert_ok(protect_retention_run(p->fx->st, NULL, 365, D("2022-12-31"), &erased, &err));
	assert_int_equal(erased, 0);
	assert_ok(protect_retention_run(p->fx->st, NULL, 365, D("2023-01-10"), &erased, &err));
	/* V1, and V2 for its health results; V3 is in the closed case too, but holds nothing personal */
	assert_int_equal(erased, 2);
	char *health = fixture_query(p->fx, "SELECT count(*) FROM health_screenings WHERE results IS NOT NULL");
	assert_string_equal(health, "0");
	free(health);
	struct health_screening got;
	health_screening_init(&got);
	assert_ok(protect_health_get(p->fx->st, p->v, NULL, v1_stay, &got, &err));
	assert_true(got.erased);
	assert_int_equal(got.n, 0);
	assert_false(got.isolation);
	health_screening_release(&got);
	long long pending = -1;
	assert_ok(protect_screening_pending(p->fx->st, NULL, "RP-W", D("2021-03-04"), &pending, &err));
	assert_int_equal(pending, 0); /* the screenings themselves stay */
	totals(p->fx->st, &after);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(after.victims_rescued, 3);

	identity_init(&id);
	assert_ok(protect_identity_get(p->fx->st, p->v, NULL, "V1", &id, &err));
	assert_true(id.erased);
	for (int f = 0; f < IDF__COUNT; f++)
		assert_false(id.has[f]);
	identity_release(&id);
	char *left = fixture_query(p->fx, "SELECT count(*) FROM person_identities WHERE id_number_index IS NOT NULL");
	assert_string_equal(left, "1"); /* M1's */
	free(left);
	left = fixture_query(p->fx, "SELECT count(*) FROM victim_status_history WHERE reason IS NOT NULL");
	assert_string_equal(left, "0");
	free(left);
	/* M1 kept: its case is open */
	assert_ok(protect_identity_get(p->fx->st, p->v, NULL, "M1", &id, &err));
	assert_string_equal(buf_str(&id.v[IDF_NAME]), "Ahmad Contoh");
	identity_release(&id);
	/* a second run finds nothing more */
	assert_ok(protect_retention_run(p->fx->st, NULL, 365, D("2023-01-10"), &erased, &err));
	assert_int_equal(erased, 0);
	/* only for admins */
	struct principal pr;
	make_principal(PROT, &pr);
	assert_int_equal(protect_retention_run(p->fx->st, &pr, 365, D("2023-01-10"), &erased, &err), MAPO_EDENIED);
}

static int tally_item(const char *key, long long n, void *arg)
{
	strvec_pushf(arg, "%s=%lld", key, n);
	return 0;
}

static char *tally(struct pfx *p, const char *from, const char *to, enum victim_dim dim)
{
	struct strvec items = STRVEC_INIT;
	struct mapo_error err;
	assert_ok(protect_victim_stats(p->fx->st, NULL, D(from), D(to), dim, tally_item, &items, &err));
	char *joined = items.n ? strvec_join(&items, " ") : xstrdup("");
	strvec_release(&items);
	return joined;
}

static void expect_tally(struct pfx *p, enum victim_dim dim, const char *want)
{
	char *got = tally(p, "2021-01-01", "2021-12-31", dim);
	if (strcmp(got, want))
		fail_msg("by %s: expected '%s', got '%s'", victim_dim_code(dim), want, got);
	free(got);
}

static void test_victim_stats(void **state)
{
	struct pfx *p = *state;
	struct mapo_error err;
	struct protection_order o;
	unsigned w;
	struct shelter sh = {0, "RP-KL", "Rumah", OPERATOR_NGO, SERVES_WOMEN, 5, ""};

	assert_ok(protect_shelter_put(p->fx->st, NULL, &sh, &err));
	assert_ok(protect_admit(p->fx->st, NULL, "RP-KL", "V1", D("2021-03-02"), &w, &err));
	add_order(p, TIP_REF, "V1", "interim", "2021-03-01", 0, &o);
	add_order(p, TIP_REF, "V2", "interim", "2021-03-01", 0, &o);
	assert_ok(protect_order_outcome(p->fx->st, NULL, o.id, OUTCOME_REPATRIATED, D("2021-03-10"), &err));
	fixture_sql(p->fx, "UPDATE persons SET age = NULL, birth_date = '2010-05-01' WHERE person_ref = 'V3'");

	expect_tally(p, VDIM_STATUS, "possible=3");
	expect_tally(p, VDIM_SEX, "F=2 M=1");
	expect_tally(p, VDIM_AGE_GROUP, "adult=1 child=2"); /* V3 born 2010: a child on the action date */
	expect_tally(p, VDIM_NATIONALITY, "IDN=3");
	expect_tally(p, VDIM_FORM, "forced-labour=3");
	expect_tally(p, VDIM_SHELTER, "=2 RP-KL=1");
	expect_tally(p, VDIM_OUTCOME, "repatriated=1 running=1");
	/* the smuggled migrant is not a victim; another period holds nothing */
	char *none = tally(p, "2021-04-01", "2021-12-31", VDIM_STATUS);
	assert_string_equal(none, "");
	free(none);
	/* every role that reads statistics may; an anonymous visitor may not */
	struct principal pr;
	make_principal(PARTNER, &pr);
	struct strvec seen = STRVEC_INIT;
	assert_ok(protect_victim_stats(p->fx->st, &pr, D("2021-01-01"), D("2021-12-31"), VDIM_SEX, tally_item, &seen, &err));
	assert_int_equal(seen.n, 2);
	strvec_release(&seen);
	principal_init_anonymous(&pr, NULL);
	assert_int_equal(protect_victim_stats(p->fx->st, &pr, D("2021-01-01"), D("2021-12-31"), VDIM_SEX, tally_item,
		NULL, &err), MAPO_EDENIED);
	assert_int_equal(victim_dim_parse("age-group"), VDIM_AGE_GROUP);
	assert_int_equal(victim_dim_parse("colour"), -1);
}

static void test_policy_table(void **state)
{
	(void)state;
	/* read identify edit admin record, per role in enum who order */
	const char *want[NWHO] = {"11111", "10001", "10001", "01000", "01000", "00000", "11101", "10000", "10000"};
	for (int w = 0; w < NWHO; w++) {
		struct principal pr;
		make_principal((enum who)w, &pr);
		for (int a = 0; a < PROTECT__COUNT; a++)
			if (access_may_protection(&pr, (enum protection_action)a) != (want[w][a] == '1'))
				fail_msg("%s, action %d: expected %c", pr.username, a, want[w][a]);
	}
	struct principal anon;
	principal_init_anonymous(&anon, NULL);
	for (int a = 0; a < PROTECT__COUNT; a++)
		assert_false(access_may_protection(&anon, (enum protection_action)a));
	struct person_facts none = {false, false, false, false};
	assert_int_equal(access_identity_view(&anon, &none), IDVIEW_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deadlines, setup, teardown),
		cmocka_unit_test(test_durations_are_data),
		cmocka_unit_test(test_policy_table),
		cmocka_unit_test_setup_teardown(test_identity_sealed_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_masking_per_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blind_index_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_rotation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_s41a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shelters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_health_screening, setup, teardown),
		cmocka_unit_test_setup_teardown(test_health_unsealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partner_visibility, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention, setup, teardown),
		cmocka_unit_test_setup_teardown(test_victim_stats, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
