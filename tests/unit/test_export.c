/* Tests of src/io/export.c and src/io/table.c: the export's fixed form (the fixtures are written
 * in it), the round trip export -> import into an empty database -> export giving the same bytes
 * (on the fixtures and on a generated demo register), the canonical order of several values,
 * write failures, and the text table, CSV and JSON output helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/case.h"
#include "core/demo.h"
#include "core/refdata.h"
#include "io/demo_plan.h"
#include "io/export.h"
#include "io/import.h"
#include "io/refload.h"
#include "io/table.h"
#include "store/store.h"

struct fx {
	char dir[64];
	struct refdata rd;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	struct mapo_error err;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mapo-test-export-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	refdata_init(&fx->rd);
	if (refload_dir(&fx->rd, NULL, NULL, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", fx->dir);
	free(cmd);
	refdata_release(&fx->rd);
	free(fx);
	return 0;
}

/* A new, empty database fx->dir/name with the reference data. */
static store *new_store(struct fx *fx, const char *name)
{
	store *s;
	struct mapo_error err;
	char *path = xasprintf("%s/%s", fx->dir, name);
	assert_int_equal(store_open(&s, path, &err), 0);
	assert_int_equal(store_migrate(s, &err), 0);
	for (int k = 0; k < REF__COUNT; k++)
		assert_int_equal(store_ref_replace(s, (enum ref_kind)k, fx->rd.items[k], fx->rd.n[k], &err), 0);
	free(path);
	return s;
}

static char *subdir(struct fx *fx, const char *name)
{
	char *dir = xasprintf("%s/%s", fx->dir, name);
	assert_int_equal(mkdir(dir, 0700), 0);
	return dir;
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	return buf_detach(&b);
}

static char *read_in(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *text = read_file(path);
	free(path);
	return text;
}

static char *fixture_path(const char *name)
{
	return xasprintf("%s/../tests/fixtures/%s", getenv("MAPO_DATADIR"), name);
}

/* Imports dir's two files into a new store and exports that store into a new directory; checks
 * both files came back byte for byte. */
static void round_trip(struct fx *fx, const char *dir, const char *tag, size_t want_cases, size_t want_persons)
{
	struct import_result res;
	struct mapo_error err;
	char *db = xasprintf("%s.db", tag), *out = subdir(fx, tag);
	char *cases = xasprintf("%s/cases.csv", dir), *persons = xasprintf("%s/persons.csv", dir);
	size_t ncases = 0, npersons = 0;
	store *s = new_store(fx, db);

	import_result_init(&res);
	if (import_files(s, &fx->rd, cases, persons, NULL, &res, &err)) {
		for (size_t i = 0; i < res.problems.n && i < 10; i++)
			fprintf(stderr, "%s\n", res.problems.v[i]);
		fail_msg("import: %s", err.msg);
	}
	assert_int_equal(res.cases_inserted, want_cases);
	assert_int_equal(res.persons, want_persons);
	assert_int_equal(export_dir(s, out, &ncases, &npersons, &err), 0);
	assert_int_equal(ncases, want_cases);
	assert_int_equal(npersons, want_persons);
	const char *names[] = {"cases.csv", "persons.csv"};
	for (size_t i = 0; i < 2; i++) {
		char *a = read_in(dir, names[i]), *b = read_in(out, names[i]);
		assert_string_equal(b, a);
		free(a);
		free(b);
	}
	import_result_release(&res);
	store_free(s);
	free(db);
	free(out);
	free(cases);
	free(persons);
}

/* ---- export ---------------------------------------------------------------------------------- */

static void test_fixtures_are_in_export_form(void **state)
{
	struct fx *fx = *state;
	char *cases = fixture_path("cases.csv");
	char *dir = xstrdup(cases);
	*strrchr(dir, '/') = '\0';
	/* Importing the fixtures and exporting gives the fixtures back, byte for byte. */
	round_trip(fx, dir, "fixtures", 6, 12);
	free(dir);
	free(cases);
}

static void test_round_trip_demo(void **state)
{
	struct fx *fx = *state;
	struct demo_plan plan;
	struct mapo_error err;
	size_t ncases = 0, npersons = 0;
	char *plan_dir = xasprintf("%s/demo", getenv("MAPO_DATADIR"));
	store *s = new_store(fx, "demo.db");

	demo_plan_init(&plan);
	if (demo_plan_read(&plan, plan_dir, &err))
		fail_msg("demo plan: %s", err.msg);
	if (demo_generate(s, &plan, 7, 400, NULL, NULL, &err))
		fail_msg("demo: %s", err.msg);
	char *first = subdir(fx, "first");
	assert_int_equal(export_dir(s, first, &ncases, &npersons, &err), 0);
	assert_int_equal(ncases, 400);
	assert_true(npersons > 400);
	/* export -> import into an empty database -> export: the same bytes. */
	round_trip(fx, first, "second", ncases, npersons);
	store_free(s);
	demo_plan_release(&plan);
	free(first);
	free(plan_dir);
}

static void test_empty_export(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	size_t nc = 9, np = 9;
	store *s = new_store(fx, "empty.db");
	char *out = subdir(fx, "empty");
	assert_int_equal(export_dir(s, out, &nc, &np, &err), 0);
	assert_int_equal(nc, 0);
	assert_int_equal(np, 0);
	char *c = read_in(out, "cases.csv"), *p = read_in(out, "persons.csv");
	assert_string_equal(c, "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary\n");
	assert_string_equal(p, "case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,"
			       "trafficking_status,rescue_date\n");
	free(c);
	free(p);
	free(out);
	store_free(s);
}

static void test_export_to_missing_dir(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	store *s = new_store(fx, "x.db");
	char *dir = xasprintf("%s/no/such/dir", fx->dir);
	assert_int_equal(export_dir(s, dir, NULL, NULL, &err), MAPO_EIO);
	assert_non_null(strstr(err.msg, "/no/such/dir/cases.csv: cannot write"));
	free(dir);
	store_free(s);
}

static void test_export_leaves_no_temporary_files(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	store *s = new_store(fx, "t.db");
	char *out = subdir(fx, "clean");
	assert_int_equal(export_dir(s, out, NULL, NULL, &err), 0);
	/* Again over the existing files: replaced, and only the two files are there. */
	assert_int_equal(export_dir(s, out, NULL, NULL, &err), 0);
	char *cmd = xasprintf("test \"$(ls -A '%s' | tr '\\n' ' ')\" = 'cases.csv persons.csv '", out);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(out);
	store_free(s);
}

static void test_canonical_order(void **state)
{
	(void)state;
	struct strvec sv = STRVEC_INIT;
	struct buf b = BUF_INIT;
	strvec_split(&sv, "26A;12;15A;15;9;26J;26B;13", ';');
	assert_int_equal(export_join_offences(&b, &sv), 0);
	assert_string_equal(buf_str(&b), "9;12;13;15;15A;26A;26B;26J");
	strvec_clear(&sv);
	buf_reset(&b);
	strvec_split(&sv, "sexual;begging;forced-labour", ';');
	assert_int_equal(export_join_forms(&b, &sv), 0);
	assert_string_equal(buf_str(&b), "begging;forced-labour;sexual");
	strvec_clear(&sv);
	buf_reset(&b);
	assert_int_equal(export_join_forms(&b, &sv), 0);
	assert_string_equal(buf_str(&b), "");
	strvec_release(&sv);
	buf_release(&b);
}

/* ---- table, CSV and JSON helpers -------------------------------------------------------------- */

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Johor"), 5);
	assert_int_equal(text_width("Pulau Pinang — Malaysia"), 23);
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("e\xCC\x81"), 1); /* e + combining acute */
	assert_int_equal(text_width("a\nb"), 3);
	assert_int_equal(text_width("\xFF"), 1);
}

static void test_table_text(void **state)
{
	(void)state;
	struct table t;
	struct buf b = BUF_INIT;
	const char *head[] = {"Agensi", "Kes", "Nota"};
	table_init(&t, head, 3);
	table_set_align(&t, 1, TABLE_RIGHT);
	const char *r1[] = {"PDRM", "1,854", "ringkas"};
	const char *r2[] = {"中文", "7", NULL};
	const char *r3[] = {"JIM", "42", "two\nlines\x1b[31m"};
	table_add_row(&t, r1);
	table_add_row(&t, r2);
	table_add_row(&t, r3);
	assert_int_equal(table_write_text(&b, &t), 0);
	assert_string_equal(buf_str(&b),
		"Agensi    Kes  Nota\n"
		"------  -----  --------------\n"
		"PDRM    1,854  ringkas\n"
		"中文        7\n"
		"JIM        42  two lines [31m\n");
	assert_string_equal(table_cell(&t, SIZE_MAX, 2), "Nota");
	assert_string_equal(table_cell(&t, 1, 2), "");

	buf_reset(&b);
	assert_int_equal(table_write_csv(&b, &t), 0);
	assert_string_equal(buf_str(&b), "Agensi,Kes,Nota\nPDRM,\"1,854\",ringkas\n中文,7,\nJIM,42,\"two\nlines\x1b[31m\"\n");
	table_release(&t);
	buf_release(&b);
}

static void test_case_json(void **state)
{
	(void)state;
	struct mapo_case c;
	struct buf b = BUF_INIT;
	case_init(&c);
	snprintf(c.ref, sizeof(c.ref), "PDRM/2021/000123");
	c.kind = KIND_TIP;
	snprintf(c.agency, sizeof(c.agency), "PDRM");
	c.action_date = date_from_ymd(2021, 6, 30);
	snprintf(c.state, sizeof(c.state), "MY-10");
	strvec_push(&c.offences, "12");
	strvec_push(&c.offences, "15A");
	strvec_push(&c.forms, "forced-labour");
	c.status = STATUS_CHARGED;
	case_set_summary(&c, "say \"hi\"\n");
	c.version = 3;
	json_t *j = case_to_json(&c);
	assert_int_equal(json_write(&b, j, false), 0);
	assert_string_equal(buf_str(&b),
		"{\"case_ref\":\"PDRM/2021/000123\",\"kind\":\"TIP\",\"agency\":\"PDRM\",\"action_date\":\"2021-06-30\","
		"\"state\":\"MY-10\",\"offences\":[\"12\",\"15A\"],\"forms\":[\"forced-labour\"],"
		"\"status\":\"charged\",\"related_case_ref\":null,\"summary\":\"say \\\"hi\\\"\\n\",\"version\":3}\n");
	json_decref(j);
	case_release(&c);

	struct case_person p;
	case_person_init(&p);
	snprintf(p.case_ref, sizeof(p.case_ref), "PDRM/2021/000123");
	snprintf(p.person_ref, sizeof(p.person_ref), "P-1");
	p.role = PROLE_SUSPECT;
	p.sex = 'M';
	p.age = 41;
	snprintf(p.nationality, sizeof(p.nationality), "MYS");
	p.arrest_date = date_from_ymd(2021, 7, 1);
	p.suspect_role = SROLE_RECRUITER;
	j = case_person_to_json(&p);
	buf_reset(&b);
	assert_int_equal(json_write(&b, j, true), 0);
	json_t *back = json_loads(buf_str(&b), 0, NULL);
	assert_non_null(back);
	assert_string_equal(json_string_value(json_object_get(back, "role")), "suspect");
	assert_string_equal(json_string_value(json_object_get(back, "suspect_role")), "recruiter");
	assert_string_equal(json_string_value(json_object_get(back, "arrest_date")), "2021-07-01");
	assert_int_equal(json_integer_value(json_object_get(back, "age")), 41);
	assert_true(json_is_null(json_object_get(back, "birth_date")));
	assert_true(json_is_null(json_object_get(back, "trafficking_status")));
	assert_true(json_is_null(json_object_get(back, "rescue_date")));
	assert_int_equal(json_object_size(back), 11);
	assert_non_null(strstr(buf_str(&b), "\n  \"case_ref\""));
	json_decref(back);
	json_decref(j);

	/* The buffer's cap is respected. */
	struct buf small;
	buf_init(&small, 8);
	j = case_person_to_json(&p);
	assert_int_equal(json_write(&small, j, false), MAPO_ETOOBIG);
	json_decref(j);
	buf_release(&small);
	buf_release(&b);
}

int main(void)
{
	setenv("MAPO_TODAY", "2021-07-01", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fixtures_are_in_export_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_demo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_to_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_leaves_no_temporary_files, setup, teardown),
		cmocka_unit_test(test_canonical_order),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_table_text),
		cmocka_unit_test(test_case_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
