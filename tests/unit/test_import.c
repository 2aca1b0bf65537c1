/* Tests of src/io/import.c and src/io/refload.c: a good import, every kind of bad input with its
 * exact "FILE:LINE: COLUMN: reason" message, atomicity (nothing written when any row is bad, and
 * under write faults injected with store_fail_after), --update, progress, and the reference data
 * loader's checks. Each test works on a fresh database in a temporary directory, with the
 * reference data of data/ ($MAPO_DATADIR). Fixtures are in tests/fixtures/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/case.h"
#include "core/refdata.h"
#include "io/csv.h"
#include "io/export.h"
#include "io/import.h"
#include "io/refload.h"
#include "store/store.h"

/* ---- fixture -------------------------------------------------------------------------------- */

struct fx {
	char dir[64];
	char path[96];
	store *s;
	struct refdata rd;
	struct import_result res;
	struct mapo_error err;
};

static char *fixture_path(const char *name)
{
	const char *data = getenv("MAPO_DATADIR");
	assert_non_null(data);
	return xasprintf("%s/../tests/fixtures/%s", data, name);
}

static void open_store(struct fx *fx)
{
	struct mapo_error err;
	assert_int_equal(store_open(&fx->s, fx->path, &err), 0);
	assert_int_equal(store_migrate(fx->s, &err), 0);
	for (int k = 0; k < REF__COUNT; k++)
		assert_int_equal(store_ref_replace(fx->s, (enum ref_kind)k, fx->rd.items[k], fx->rd.n[k], &err), 0);
}

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	struct mapo_error err;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mapo-test-import-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/mapo.db", fx->dir);
	refdata_init(&fx->rd);
	if (refload_dir(&fx->rd, NULL, NULL, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	open_store(fx);
	import_result_init(&fx->res);
	*state = fx;
	return 0;
}

static void remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	store_free(fx->s);
	refdata_release(&fx->rd);
	import_result_release(&fx->res);
	remove_tree(fx->dir);
	free(fx);
	return 0;
}

/* Imports two in-memory documents (persons may be NULL) named cases.csv and persons.csv. */
static int import_mem(struct fx *fx, const char *cases, const char *persons, bool update)
{
	struct csv_reader *rc = NULL, *rp = NULL;
	struct import_opts opts = {.update = update};
	import_result_release(&fx->res);
	assert_int_equal(csv_reader_open_mem(&rc, "cases.csv", cases, strlen(cases), &fx->err), 0);
	if (persons)
		assert_int_equal(csv_reader_open_mem(&rp, "persons.csv", persons, strlen(persons), &fx->err), 0);
	int r = import_readers(fx->s, &fx->rd, rc, rp, &opts, &fx->res, &fx->err);
	csv_reader_free(rc);
	csv_reader_free(rp);
	return r;
}

/* Everything the store holds about cases and persons, versions included, as text. */
static char *snapshot(store *s)
{
	char *text = NULL;
	size_t len = 0;
	struct mapo_error err;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(export_cases(s, fp, NULL, &err), 0);
	assert_int_equal(export_persons(s, fp, NULL, &err), 0);
	fclose(fp);
	return text;
}

static int print_version(const struct mapo_case *c, void *arg)
{
	fprintf(arg, "%s %lld\n", c->ref, (long long)c->version);
	return 0;
}

static char *versions(store *s)
{
	char *text = NULL;
	size_t len = 0;
	struct case_filter f;
	struct mapo_error err;
	FILE *fp = open_memstream(&text, &len);
	case_filter_init(&f);
	assert_int_equal(store_case_list(s, &f, print_version, fp, &err), 0);
	fclose(fp);
	return text;
}

static long long count_cases(store *s)
{
	struct case_filter f;
	struct mapo_error err;
	long long n = -1;
	case_filter_init(&f);
	assert_int_equal(store_case_count(s, &f, &n, &err), 0);
	return n;
}

static void expect_problems(struct fx *fx, const char *const *want, size_t n)
{
	for (size_t i = 0; i < fx->res.problems.n; i++)
		if (i >= n || strcmp(fx->res.problems.v[i], want[i]))
			fprintf(stderr, "problem %zu: %s\n", i, fx->res.problems.v[i]);
	assert_int_equal(fx->res.problems.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(fx->res.problems.v[i], want[i]);
}

/* Imports bad input and checks the exact problems and that nothing was written. */
static void expect_bad(struct fx *fx, const char *cases, const char *persons, bool update,
	const char *const *want, size_t n)
{
	char *before = snapshot(fx->s);
	assert_int_equal(import_mem(fx, cases, persons, update), MAPO_EINVAL);
	expect_problems(fx, want, n);
	assert_int_equal(fx->res.cases_inserted + fx->res.cases_updated + fx->res.persons, 0);
	char *after = snapshot(fx->s);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

#define CASES_HEAD "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary\n"
#define PERSONS_HEAD \
	"case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date\n"
#define TIP1 "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,first\n"
#define SOM1 "JIM/2021/000001,SOM,JIM,2021-02-01,MY-01,26A,,charged,,second\n"
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- good imports ---------------------------------------------------------------------------- */

static void test_import_fixtures(void **state)
{
	struct fx *fx = *state;
	char *cases = fixture_path("cases.csv"), *persons = fixture_path("persons.csv");
	struct mapo_case c;

	assert_int_equal(import_files(fx->s, &fx->rd, cases, persons, NULL, &fx->res, &fx->err), 0);
	assert_int_equal(fx->res.problems.n, 0);
	assert_int_equal(fx->res.cases_inserted, 6);
	assert_int_equal(fx->res.cases_updated, 0);
	assert_int_equal(fx->res.persons, 12);
	assert_int_equal(count_cases(fx->s), 6);

	case_init(&c);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000002", &c, &fx->err), 0);
	assert_int_equal(c.kind, KIND_TIP);
	assert_string_equal(c.summary, "Two lines:\nkes pemerdagangan orang — contoh sintetik");
	assert_string_equal(c.related_ref, "JIM/2021/000001");
	assert_int_equal(c.offences.n, 2);
	assert_string_equal(c.offences.v[1], "15A");
	case_clear(&c);
	/* The pair linked to each other both carry their link. */
	assert_int_equal(store_case_get(fx->s, "JIM/2021/000001", &c, &fx->err), 0);
	assert_string_equal(c.related_ref, "PDRM/2021/000002");
	case_clear(&c);
	assert_int_equal(store_case_get(fx->s, "JTK/2019/000010", &c, &fx->err), 0);
	assert_string_equal(c.summary, "Factory inspection: passports withheld, \"debts\" of RM 3,000");
	assert_int_equal(c.version, 1);
	case_clear(&c);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000003", &c, &fx->err), 0);
	assert_string_equal(c.summary, " leading and trailing spaces ");
	case_release(&c);
	free(cases);
	free(persons);
}

static void test_import_order_of_multi_values(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c;
	/* Given out of order, with spaces: stored in the canonical order. */
	assert_int_equal(import_mem(fx,
				 CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10, 15A ;12;13,sexual; begging,closed,,x\n",
				 NULL, false),
		0);
	case_init(&c);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000001", &c, &fx->err), 0);
	char *off = strvec_join(&c.offences, ";"), *forms = strvec_join(&c.forms, ";");
	assert_string_equal(off, "12;13;15A");
	assert_string_equal(forms, "begging;sexual");
	free(off);
	free(forms);
	case_release(&c);
}

static void test_columns_in_any_order_and_bom(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(import_mem(fx,
				 "\xEF\xBB\xBFsummary,status,kind,case_ref,agency,state,action_date,forms,offences,related_case_ref\n"
				 "\"text, with comma\",charged,SOM,JIM/2020/000007,JIM,MY-01,2020-05-05,,26A;26B,\n",
				 "rescue_date,role,case_ref,person_ref,sex,age,birth_date,nationality,arrest_date,"
				 "suspect_role,trafficking_status\n"
				 ",smuggled-migrant,JIM/2020/000007,M-1,M,22,,MMR,,,\n",
				 false),
		0);
	assert_int_equal(fx->res.cases_inserted, 1);
	assert_int_equal(fx->res.persons, 1);
}

static void test_persons_for_a_case_in_the_store(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(import_mem(fx, CASES_HEAD TIP1, NULL, false), 0);
	/* A persons file may name a case that is only in the store. */
	assert_int_equal(import_mem(fx, CASES_HEAD,
				 PERSONS_HEAD "PDRM/2021/000001,V-1,victim,F,,20,IDN,,,actual,2021-01-05\n", false),
		0);
	assert_int_equal(fx->res.cases_inserted, 0);
	assert_int_equal(fx->res.persons, 1);
	/* The same role again needs --update. */
	const char *want[] = {"persons.csv:2: person_ref: person 'V-1' is already victim in case "
			      "'PDRM/2021/000001' in the database (use --update to replace it)"};
	expect_bad(fx, CASES_HEAD, PERSONS_HEAD "PDRM/2021/000001,V-1,victim,F,,20,IDN,,,actual,2021-01-05\n",
		false, want, N(want));
	assert_int_equal(import_mem(fx, CASES_HEAD,
				 PERSONS_HEAD "PDRM/2021/000001,V-1,victim,F,,20,IDN,,,possible,2021-01-05\n", true),
		0);
}

/* ---- bad input, one kind at a time ----------------------------------------------------------- */

static void test_missing_column(void **state)
{
	const char *want[] = {"cases.csv:1: forms: missing column"};
	expect_bad(*state,
		"case_ref,kind,agency,action_date,state,offences,status,related_case_ref,summary\n"
		"PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,investigation,,first\n",
		NULL, false, want, N(want));
}

static void test_unknown_and_repeated_column(void **state)
{
	const char *want[] = {"cases.csv:1: colour: unknown column", "cases.csv:1: kind: column given twice"};
	expect_bad(*state, "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary,colour,kind\n" TIP1,
		NULL, false, want, N(want));
	/* When cases.csv cannot be read, persons rows are not also reported as naming missing cases. */
	const char *want3[] = {"cases.csv:1: status: missing column"};
	expect_bad(*state, "case_ref,kind,agency,action_date,state,offences,forms,related_case_ref,summary\n",
		PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,,,,,,\n", false, want3, N(want3));
	const char *want2[] = {"persons.csv:1: rescued: unknown column", "persons.csv:1: rescue_date: missing column"};
	/* A bad persons header is reported too, after the cases file's problems. */
	expect_bad(*state, CASES_HEAD TIP1,
		"case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescued\n",
		false, want2, N(want2));
}

static void test_unknown_codes(void **state)
{
	const char *want[] = {
		"cases.csv:2: kind: unknown kind 'TIPS': TIP or SOM",
		"cases.csv:3: case_ref: case reference 'PDRM/2021/000002' does not start with the case's agency 'POLIS'",
		"cases.csv:3: agency: unknown agency 'POLIS'",
		"cases.csv:4: state: unknown state 'MY-17'",
		"cases.csv:5: offences: unknown offence section '99'",
		"cases.csv:6: forms: unknown form of exploitation 'slavery'",
		"cases.csv:7: status: unknown status 'open': investigation, charged, convicted, acquitted or closed",
		"persons.csv:2: role: unknown role 'witness': suspect, victim or smuggled-migrant",
		"persons.csv:3: sex: unknown sex 'X': F, M or U",
		"persons.csv:4: nationality: unknown nationality 'ZZZ'",
		"persons.csv:5: nationality: unknown nationality 'Indonesia'",
		"persons.csv:6: suspect_role: unknown suspect role 'boss': recruiter, transporter, harbourer, exploiter, financier or other",
		"persons.csv:7: trafficking_status: unknown trafficking status 'yes': possible, actual or not-a-victim",
	};
	expect_bad(*state,
		CASES_HEAD "PDRM/2021/000001,TIPS,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x\n"
			   "PDRM/2021/000002,TIP,POLIS,2021-01-05,MY-10,12,sexual,investigation,,x\n"
			   "PDRM/2021/000003,TIP,PDRM,2021-01-05,MY-17,12,sexual,investigation,,x\n"
			   "PDRM/2021/000004,TIP,PDRM,2021-01-05,MY-10,12;99,sexual,investigation,,x\n"
			   "PDRM/2021/000005,TIP,PDRM,2021-01-05,MY-10,12,slavery,investigation,,x\n"
			   "PDRM/2021/000006,TIP,PDRM,2021-01-05,MY-10,12,sexual,open,,x\n",
		PERSONS_HEAD "PDRM/2021/000004,A,witness,F,,,,,,,\n"
			     "PDRM/2021/000004,B,victim,X,,,,,,,\n"
			     "PDRM/2021/000004,C,victim,F,,,ZZZ,,,,\n"
			     "PDRM/2021/000004,D,victim,F,,,Indonesia,,,,\n"
			     "PDRM/2021/000004,E,suspect,M,,,,,boss,,\n"
			     "PDRM/2021/000004,F,victim,F,,,,,,yes,\n",
		false, want, N(want));
}

static void test_bad_dates_and_numbers(void **state)
{
	const char *want[] = {
		"cases.csv:2: action_date: '2021-02-30' is not a date (YYYY-MM-DD)",
		"cases.csv:3: action_date: '05/01/2021' is not a date (YYYY-MM-DD)",
		"cases.csv:4: action_date: missing action date",
		"persons.csv:2: birth_date: '1990-13-01' is not a date (YYYY-MM-DD)",
		"persons.csv:3: age: 'twenty' is not an age in whole years",
		"persons.csv:4: arrest_date: '2021-1-7' is not a date (YYYY-MM-DD)",
		"persons.csv:5: rescue_date: 'yesterday' is not a date (YYYY-MM-DD)",
	};
	expect_bad(*state,
		CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-02-30,MY-10,12,sexual,investigation,,x\n"
			   "PDRM/2021/000002,TIP,PDRM,05/01/2021,MY-10,12,sexual,investigation,,x\n"
			   "PDRM/2021/000003,TIP,PDRM,,MY-10,12,sexual,investigation,,x\n"
			   "PDRM/2021/000004,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x\n",
		PERSONS_HEAD "PDRM/2021/000004,A,victim,F,1990-13-01,,,,,,\n"
			     "PDRM/2021/000004,B,victim,F,,twenty,,,,,\n"
			     "PDRM/2021/000004,C,suspect,M,,,,2021-1-7,,,\n"
			     "PDRM/2021/000004,D,victim,F,,,,,,actual,yesterday\n",
		false, want, N(want));
}

static void test_bad_quoting(void **state)
{
	struct fx *fx = *state;
	char *path = fixture_path("cases_badquote.csv");
	char *before = snapshot(fx->s);
	assert_int_equal(import_files(fx->s, &fx->rd, path, NULL, NULL, &fx->res, &fx->err), MAPO_EINVAL);
	char *want = xasprintf("%s:4: summary: quote inside an unquoted field", path);
	assert_int_equal(fx->res.problems.n, 1);
	assert_string_equal(fx->res.problems.v[0], want);
	char *after = snapshot(fx->s);
	assert_string_equal(after, before);
	free(want);
	free(before);
	free(after);
	free(path);

	/* Rows before the bad quoting are still checked; rows after it cannot be read. */
	const char *want2[] = {
		"cases.csv:2: case_ref: case reference 'PDRM/2021/000001' does not start with the case's agency 'XX'",
		"cases.csv:2: agency: unknown agency 'XX'",
		"cases.csv:3: summary: quoted field not closed",
	};
	expect_bad(fx, CASES_HEAD "PDRM/2021/000001,TIP,XX,2021-01-05,MY-10,12,sexual,investigation,,x\n"
				  "PDRM/2021/000002,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,\"open\n"
				  "PDRM/2021/000003,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x\n",
		NULL, false, want2, N(want2));
}

static void test_not_utf8(void **state)
{
	struct fx *fx = *state;
	char *path = fixture_path("cases_latin1.csv");
	assert_int_equal(import_files(fx->s, &fx->rd, path, NULL, NULL, &fx->res, &fx->err), MAPO_EINVAL);
	char *want = xasprintf("%s:3: summary: not valid UTF-8 text", path);
	assert_int_equal(fx->res.problems.n, 1);
	assert_string_equal(fx->res.problems.v[0], want);
	assert_int_equal(count_cases(fx->s), 0);
	free(want);
	free(path);
}

static void test_kind_rules(void **state)
{
	const char *want[] = {
		"cases.csv:2: forms: a SOM case has no forms of exploitation",
		"cases.csv:3: forms: a TIP case needs at least one form of exploitation",
		"cases.csv:4: offences: section 26A is not a trafficking offence, so it cannot be in a TIP case",
		"persons.csv:2: role: a smuggled migrant can only be in a SOM case",
		"persons.csv:3: role: a victim can only be in a TIP case",
		"persons.csv:4: arrest_date: only a suspect has an arrest date",
	};
	expect_bad(*state,
		CASES_HEAD "JIM/2021/000001,SOM,JIM,2021-02-01,MY-01,26A,forced-labour,charged,,x\n"
			   "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,,investigation,,x\n"
			   "PDRM/2021/000002,TIP,PDRM,2021-01-05,MY-10,26A,sexual,investigation,,x\n"
			   "PDRM/2021/000003,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x\n"
			   "JIM/2021/000002,SOM,JIM,2021-02-01,MY-01,26A,,charged,,x\n",
		PERSONS_HEAD "PDRM/2021/000003,A,smuggled-migrant,F,,,,,,,\n"
			     "JIM/2021/000002,B,victim,F,,,,,,,\n"
			     "JIM/2021/000002,C,smuggled-migrant,F,,,,2021-02-01,,,\n",
		false, want, N(want));
}

static void test_person_missing_case(void **state)
{
	const char *want[] = {
		"persons.csv:3: case_ref: case 'PDRM/2021/000999' is neither in cases.csv nor in the database",
		"persons.csv:4: case_ref: missing case reference",
	};
	expect_bad(*state, CASES_HEAD TIP1,
		PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,,,,,,\n"
			     "PDRM/2021/000999,B,victim,F,,,,,,,\n"
			     ",C,victim,F,,,,,,,\n",
		false, want, N(want));
}

static void test_duplicates(void **state)
{
	const char *want[] = {
		"cases.csv:4: case_ref: case 'PDRM/2021/000001' is given twice (first on line 2)",
		"persons.csv:3: person_ref: person 'A' is given twice as victim in case 'PDRM/2021/000001' (first on line 2)",
		"persons.csv:4: sex: person 'A' has sex M here but F on line 2",
		"persons.csv:4: nationality: person 'A' has nationality 'NPL' here but 'IDN' on line 2",
		"persons.csv:5: birth_date: person 'A' has birth date '1990-01-01' here but '' on line 2",
		"persons.csv:5: age: person 'A' has age '' here but '30' on line 2",
	};
	expect_bad(*state, CASES_HEAD TIP1 SOM1 "PDRM/2021/000001,TIP,PDRM,2021-01-06,MY-10,12,sexual,investigation,,again\n",
		PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,30,IDN,,,,\n"
			     "PDRM/2021/000001,A,victim,F,,30,IDN,,,,\n"
			     "PDRM/2021/000001,A,suspect,M,,30,NPL,,,,\n"
			     "JIM/2021/000001,A,suspect,F,1990-01-01,,IDN,,,,\n",
		false, want, N(want));
}

static void test_existing_case_needs_update(void **state)
{
	struct fx *fx = *state;
	struct mapo_case c;

	assert_int_equal(import_mem(fx, CASES_HEAD TIP1 SOM1,
				 PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,30,IDN,,,actual,\n"
					      "PDRM/2021/000001,B,suspect,M,,40,MYS,2021-01-05,recruiter,,\n"
					      "JIM/2021/000001,C,smuggled-migrant,M,,22,BGD,,,,\n",
				 false),
		0);
	assert_int_equal(fx->res.persons, 3);

	const char *want[] = {"cases.csv:2: case_ref: case 'PDRM/2021/000001' is already in the database "
			      "(use --update to replace it)"};
	expect_bad(fx, CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12;13,forced-labour,charged,,changed\n",
		NULL, false, want, N(want));

	/* With --update: the case is replaced (version 2) and its roles become the file's. */
	assert_int_equal(import_mem(fx,
				 CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12;13,forced-labour,charged,,changed\n"
					    "PDRM/2021/000002,TIP,PDRM,2021-01-07,MY-10,12,sexual,investigation,PDRM/2021/000001,new\n",
				 PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,30,IDN,,,possible,\n", true),
		0);
	assert_int_equal(fx->res.cases_updated, 1);
	assert_int_equal(fx->res.cases_inserted, 1);
	assert_int_equal(fx->res.persons, 1);
	case_init(&c);
	assert_int_equal(store_case_get(fx->s, "PDRM/2021/000001", &c, &fx->err), 0);
	assert_int_equal(c.version, 2);
	assert_int_equal(c.status, STATUS_CHARGED);
	assert_string_equal(c.summary, "changed");
	case_release(&c);
	char *snap = snapshot(fx->s);
	assert_non_null(strstr(snap, "PDRM/2021/000001,A,victim,F,,30,IDN,,,possible,\n"));
	assert_null(strstr(snap, "PDRM/2021/000001,B,"));
	/* The SOM case, not in the file, keeps its person. */
	assert_non_null(strstr(snap, "JIM/2021/000001,C,smuggled-migrant,M,,22,BGD,,,,\n"));
	free(snap);

	/* --update without a persons file leaves the roles alone. */
	assert_int_equal(import_mem(fx, CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,forced-labour,charged,,again\n",
				 NULL, true),
		0);
	snap = snapshot(fx->s);
	assert_non_null(strstr(snap, "PDRM/2021/000001,A,victim,F,,30,IDN,,,possible,\n"));
	free(snap);
}

static void test_person_differs_from_database(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(import_mem(fx, CASES_HEAD TIP1, PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,30,IDN,,,,\n", false), 0);
	/* The file agrees with itself, but not with the person the database holds: found when
	 * writing, reported as a problem of the row, and the whole import is undone. */
	const char *want[] = {"persons.csv:3: person_ref: person 'A': sex 'M' differs from 'F' recorded for the "
			      "same person before"};
	expect_bad(fx, CASES_HEAD SOM1,
		PERSONS_HEAD "JIM/2021/000001,B,smuggled-migrant,M,,,,,,,\n"
			     "JIM/2021/000001,A,suspect,M,,30,IDN,,,,\n",
		false, want, N(want));
	assert_int_equal(count_cases(fx->s), 1);
}

static void test_related_case(void **state)
{
	struct fx *fx = *state;
	const char *want[] = {
		"cases.csv:2: related_case_ref: related case 'JIM/2021/000099' is neither in this file nor in the database",
		"cases.csv:3: related_case_ref: a case cannot be related to itself",
	};
	expect_bad(fx,
		CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,JIM/2021/000099,x\n"
			   "PDRM/2021/000002,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,PDRM/2021/000002,x\n",
		NULL, false, want, N(want));
	/* A related case later in the file, or already in the store, is fine. */
	assert_int_equal(import_mem(fx,
				 CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,JIM/2021/000001,x\n" SOM1,
				 NULL, false),
		0);
	assert_int_equal(import_mem(fx,
				 CASES_HEAD "PDRM/2021/000002,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,JIM/2021/000001,x\n",
				 NULL, false),
		0);
	assert_int_equal(fx->res.cases_inserted, 1);
}

static void test_row_width(void **state)
{
	const char *want[] = {
		"cases.csv:2: summary: missing field: the row has 9 fields, the header 10",
		"cases.csv:3: column 11: extra field: the row has 11 fields, the header 10",
	};
	/* Persons naming those cases are not also reported as pointing to missing cases. */
	expect_bad(*state,
		CASES_HEAD "PDRM/2021/000001,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,\n"
			   "PDRM/2021/000002,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x,y\n",
		PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,,,,,,\n", false, want, N(want));
}

static void test_empty_files(void **state)
{
	const char *want[] = {"cases.csv:1: empty file: a header row is needed"};
	expect_bad(*state, "", NULL, false, want, N(want));
	/* A header alone is a valid, empty import. */
	struct fx *fx = *state;
	assert_int_equal(import_mem(fx, CASES_HEAD, PERSONS_HEAD, false), 0);
	assert_int_equal(fx->res.cases_inserted + fx->res.persons, 0);
}

static void test_every_bad_row_listed_nothing_written(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(import_mem(fx, CASES_HEAD SOM1, NULL, false), 0);
	/* Good rows among bad ones are not written either; problems come in file and line order. */
	const char *want[] = {
		"cases.csv:3: case_ref: case reference 'PDRM/2021/000002' does not start with the case's agency 'XX'",
		"cases.csv:3: agency: unknown agency 'XX'",
		"cases.csv:5: state: missing state",
		"cases.csv:5: status: status must be investigation, charged, convicted, acquitted or closed",
		"persons.csv:3: role: role must be suspect, victim or smuggled-migrant",
	};
	expect_bad(fx,
		CASES_HEAD TIP1 "PDRM/2021/000002,TIP,XX,2021-01-05,MY-10,12,sexual,investigation,,x\n"
				"PDRM/2021/000003,TIP,PDRM,2021-01-05,MY-10,12,sexual,investigation,,x\n"
				"PDRM/2021/000004,TIP,PDRM,2021-01-05,,12,sexual,,,x\n",
		PERSONS_HEAD "PDRM/2021/000001,A,victim,F,,,,,,,\n"
			     "PDRM/2021/000003,B,,F,,,,,,,\n",
		false, want, N(want));
	assert_int_equal(count_cases(fx->s), 1);
	assert_string_equal(fx->err.msg, "5 problems in the files; nothing was imported");
}

static void test_missing_file(void **state)
{
	struct fx *fx = *state;
	assert_int_equal(import_files(fx->s, &fx->rd, "/nonexistent/cases.csv", NULL, NULL, &fx->res, &fx->err),
		MAPO_EIO);
	assert_non_null(strstr(fx->err.msg, "/nonexistent/cases.csv: cannot open"));
}

/* ---- atomicity under write faults ------------------------------------------------------------- */

/* For every n, failing the n-th write either leaves the store exactly as it was or (once n is past
 * the import's writes) lets the whole import through. */
static void fault_sweep(struct fx *fx, const char *cases, const char *persons, bool update, const char *want_after)
{
	unsigned long n;
	for (n = 1; n < 10000; n++) {
		char *before = snapshot(fx->s), *vbefore = versions(fx->s);
		store_fail_after(fx->s, n);
		int rc = import_mem(fx, cases, persons, update);
		store_fail_after(fx->s, 0);
		char *after = snapshot(fx->s), *vafter = versions(fx->s);
		if (rc == 0) {
			assert_string_equal(after, want_after);
			free(before);
			free(vbefore);
			free(after);
			free(vafter);
			break;
		}
		assert_int_not_equal(rc, MAPO_EINVAL);
		assert_int_equal(fx->res.cases_inserted + fx->res.cases_updated + fx->res.persons, 0);
		assert_string_equal(after, before);
		assert_string_equal(vafter, vbefore);
		free(before);
		free(vbefore);
		free(after);
		free(vafter);
	}
	/* The faults did hit: the import writes many statements. */
	assert_true(n > 5);
	assert_true(n < 10000);
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	return buf_detach(&b);
}

static void test_fault_injection(void **state)
{
	struct fx *fx = *state;
	char *cp = fixture_path("cases.csv"), *pp = fixture_path("persons.csv");
	char *cases = read_file(cp), *persons = read_file(pp);

	/* The expected end state, from a clean run on a second database. */
	struct fx other = {0};
	snprintf(other.path, sizeof(other.path), "%s/other.db", fx->dir);
	other.rd = fx->rd;
	open_store(&other);
	import_result_init(&other.res);
	assert_int_equal(import_mem(&other, cases, persons, false), 0);
	char *want = snapshot(other.s);

	fault_sweep(fx, cases, persons, false, want);

	/* And an --update of everything, with other persons. */
	const char *upd_persons = PERSONS_HEAD "PDRM/2021/000002,P-0099,victim,F,,17,IDN,,,actual,2021-02-28\n";
	assert_int_equal(import_mem(&other, cases, upd_persons, true), 0);
	assert_int_equal(other.res.cases_updated, 6);
	free(want);
	want = snapshot(other.s);
	fault_sweep(fx, cases, upd_persons, true, want);
	char *v = versions(fx->s);
	assert_non_null(strstr(v, "APMM/2020/000004 2\n"));
	free(v);

	store_free(other.s);
	import_result_release(&other.res);
	free(want);
	free(cases);
	free(persons);
	free(cp);
	free(pp);
}

/* ---- progress -------------------------------------------------------------------------------- */

struct progress_log {
	size_t calls, last_done, total;
	bool monotonic;
};

static void on_progress(size_t done, size_t total, void *arg)
{
	struct progress_log *log = arg;
	if (done < log->last_done || (log->calls && total != log->total))
		log->monotonic = false;
	log->calls++;
	log->last_done = done;
	log->total = total;
}

static void test_progress(void **state)
{
	struct fx *fx = *state;
	char *cp = fixture_path("cases.csv"), *pp = fixture_path("persons.csv");
	char *cases = read_file(cp), *persons = read_file(pp);
	struct progress_log log = {0, 0, 0, true};
	struct import_opts opts = {false, on_progress, &log};

	assert_int_equal(import_files(fx->s, &fx->rd, cp, pp, &opts, &fx->res, &fx->err), 0);
	assert_true(log.monotonic);
	/* Read once and written once: twice the bytes of both files. */
	assert_int_equal(log.total, 2 * (strlen(cases) + strlen(persons)));
	assert_int_equal(log.last_done, log.total);
	assert_true(log.calls >= 2 * (6 + 12));
	free(cases);
	free(persons);
	free(cp);
	free(pp);
}

/* ---- the reference data loader --------------------------------------------------------------- */

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_refload_data_dir(void **state)
{
	(void)state;
	struct refdata rd;
	struct mapo_error err;
	refdata_init(&rd);
	assert_string_equal(refload_datadir(), getenv("MAPO_DATADIR"));
	assert_int_equal(refload_dir(&rd, NULL, NULL, &err), 0);
	assert_int_equal(rd.n[REF_AGENCY], 7);
	assert_int_equal(rd.n[REF_STATE], 16);
	assert_int_equal(rd.n[REF_FORM], 8);
	const struct ref_item *it = refdata_find(&rd, REF_COUNTRY, "IDN");
	assert_non_null(it);
	assert_string_equal(it->extra, "ID");
	it = refdata_find(&rd, REF_OFFENCE, "26A");
	assert_non_null(it);
	assert_string_equal(it->extra, "SOM");
	it = refdata_find(&rd, REF_AGENCY, "AGC");
	assert_non_null(it);
	assert_string_equal(it->extra, "prosecution");
	refdata_release(&rd);
}

static void test_refload_problems(void **state)
{
	struct fx *fx = *state;
	struct refdata rd;
	struct strvec problems = STRVEC_INIT;
	struct mapo_error err;
	char *dir = xasprintf("%s/data", fx->dir), *p;

	char *mk = xasprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(mk), 0);
	free(mk);
	p = xasprintf("%s/agencies.csv", dir);
	write_text(p, "code,name_ms,name_en,role\nPDRM,Polis,Police,enforcement\nPDRM,Polis,Police,enforcement\n"
		      ",Tiada,None,enforcement\nAGC,Peguam,Attorney,judging\n");
	free(p);
	p = xasprintf("%s/states.csv", dir);
	write_text(p, "code,name_ms\nMY-01,Johor\n");
	free(p);
	p = xasprintf("%s/countries.csv", dir);
	write_text(p, "alpha3,alpha2,name_ms,name_en,flag\nIDN,ID,Indonesia,Indonesia,x\n");
	free(p);
	p = xasprintf("%s/offences.csv", dir);
	write_text(p, "kind,section,title_ms,title_en\nTIP,12,Kesalahan,Offence\nBOTH,26A,Kesalahan,Offence\n"
		      "SOM,26B,,Offence\n");
	free(p);
	p = xasprintf("%s/forms.csv", dir);
	write_text(p, "code,name_ms,name_en\nsexual,Seks,Sexual\nid,ab,cd\nIDN,I,\"broken\n");
	free(p);

	refdata_init(&rd);
	assert_int_equal(refload_dir(&rd, dir, &problems, &err), MAPO_EINVAL);
	const char *want[] = {
		"agencies.csv:3: code: code 'PDRM' is given twice (first on line 2)",
		"agencies.csv:4: code: empty code",
		"agencies.csv:5: role: agency role 'judging' is not enforcement, prosecution or protection",
		"states.csv:1: name_en: missing column",
		"countries.csv:1: flag: unknown column",
		"offences.csv:3: kind: offence kind 'BOTH' is not TIP or SOM",
		"offences.csv:4: title_ms: empty name",
		"forms.csv:4: name_en: quoted field not closed",
	};
	assert_int_equal(problems.n, N(want));
	for (size_t i = 0; i < N(want); i++) {
		char *full = xasprintf("%s/%s", dir, want[i]);
		assert_string_equal(problems.v[i], full);
		free(full);
	}
	char *first = xasprintf("%s/%s (and 7 more problems)", dir, want[0]);
	assert_string_equal(err.msg, first);
	free(first);
	/* The good rows of the good files are loaded. */
	assert_non_null(refdata_find(&rd, REF_FORM, "sexual"));
	refdata_release(&rd);
	strvec_release(&problems);

	/* A missing file is named. */
	refdata_init(&rd);
	p = xasprintf("%s/nothing", fx->dir);
	assert_int_equal(refload_dir(&rd, p, &problems, &err), MAPO_EIO);
	assert_int_equal(problems.n, 5);
	assert_non_null(strstr(problems.v[0], "/nothing/agencies.csv: cannot open"));
	free(p);
	refdata_release(&rd);
	strvec_release(&problems);
	free(dir);
}

int main(void)
{
	setenv("MAPO_TODAY", "2021-07-01", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_order_of_multi_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_in_any_order_and_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_persons_for_a_case_in_the_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_repeated_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_dates_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_missing_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_case_needs_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_differs_from_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_width, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_bad_row_listed_nothing_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_injection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test(test_refload_data_dir),
		cmocka_unit_test_setup_teardown(test_refload_problems, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
