/* Tests of src/io/backup.c and src/store/sql_backup.c: a database written to a backup and
 * restored into a new one gives the same backup (a forward reference between cases, a blob of
 * every byte value, text beyond ASCII, NULLs); a restore that fails at any one of its writes
 * leaves the database as it was (not set up); a backup cut at any line, or with any one row
 * changed, is refused before anything is written; a database holding data is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_fixture.h"
#include "io/backup.h"
#include "store/sql.h"
#include "store/store_backup.h"

struct fx {
	struct core_fx core;
	char *backup; /* the backup of core.s */
	size_t len;
	char ref_tip[CASE_REF_MAX], ref_som[CASE_REF_MAX];
	int n; /* stores opened by new_empty */
};

/* A file with the text, for the readers (which rewind). */
static FILE *file_of(const char *text, size_t len)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	return f;
}

static char *write_backup(store *s, size_t *len)
{
	struct mapo_error err;
	FILE *f = tmpfile();
	assert_non_null(f);
	int rc = backup_write(s, f, NULL, &err);
	if (rc)
		fprintf(stderr, "backup: %s\n", err.msg);
	assert_int_equal(rc, 0);
	long n = ftell(f);
	assert_true(n > 0);
	char *text = xmalloc((size_t)n + 1);
	rewind(f);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return text;
}

/* A new store in the fixture's directory, not set up. */
static store *new_empty(struct fx *fx)
{
	store *s;
	struct mapo_error err;
	char path[128];
	snprintf(path, sizeof(path), "%s/r%d.db", fx->core.dir, ++fx->n);
	assert_int_equal(store_open(&s, path, &err), 0);
	return s;
}

static void remove_empty(struct fx *fx)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[160];
	for (int i = 1; i <= fx->n; i++)
		for (size_t k = 0; k < sizeof(suffix) / sizeof(suffix[0]); k++) {
			snprintf(p, sizeof(p), "%s/r%d.db%s", fx->core.dir, i, suffix[k]);
			unlink(p);
		}
}

static int schema_of(store *s)
{
	struct mapo_error err;
	int current = -1, known = 0;
	assert_int_equal(store_schema_version(s, &current, &known, &err), 0);
	return current;
}

/* The table sections: the text without its first and last lines. */
static char *sections(const char *text)
{
	const char *start = strchr(text, '\n');
	assert_non_null(start);
	start++;
	size_t n = strlen(start);
	assert_true(n > 1);
	const char *end = start + n - 1; /* the last '\n' */
	while (end > start && end[-1] != '\n')
		end--;
	char *out = xmalloc((size_t)(end - start) + 1);
	memcpy(out, start, (size_t)(end - start));
	out[end - start] = '\0';
	return out;
}

static int setup(void **state)
{
	static struct fx the_fx;
	struct fx *fx = &the_fx;
	struct mapo_case c;
	stmt *st;
	core_fx_env();
	if (core_fx_open(&fx->core, true))
		return -1;
	struct core_fx *cf = &fx->core;
	/* a TIP case related to a SOM case entered after it: a reference to a later row */
	if (core_fx_add_case(cf, KIND_TIP, "PDRM", date_from_ymd(2021, 3, 1), "MY-01", "sexual;forced-labour",
		    STATUS_CHARGED, fx->ref_tip) ||
		core_fx_add_case(cf, KIND_SOM, "JIM", date_from_ymd(2021, 3, 2), "MY-14", "", STATUS_INVESTIGATION,
			fx->ref_som))
		return -1;
	case_init(&c);
	if (store_case_get(cf->s, fx->ref_tip, &c, &cf->err))
		return -1;
	snprintf(c.related_ref, sizeof(c.related_ref), "%.*s", (int)sizeof(c.related_ref) - 1, fx->ref_som);
	free(c.summary);
	c.summary = xstrdup("Đà Nẵng — penyeludupan \"ujian\" \\ \t tab");
	if (store_case_update(cf->s, &c, &cf->err))
		return -1;
	case_release(&c);
	/* a blob of every byte value, and a NULL beside it */
	if (sql_stmt(cf->s,
		    "INSERT INTO council_docs (kind, title_ms, title_en, access) VALUES ('report', 'Laporan', "
		    "'Report', 'internal') RETURNING id",
		    &st, &cf->err))
		return -1;
	int64_t doc = 0;
	if (sql_exec_write_id(cf->s, st, &doc, &cf->err))
		return -1;
	unsigned char bytes[256];
	for (int i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	if (sql_stmt(cf->s,
		    "INSERT INTO council_files (doc_id, filename, content_type, size, data, added_at) "
		    "VALUES (?1, 'bytes.bin', 'application/octet-stream', 256, ?2, '2021-03-03T00:00:00Z')",
		    &st, &cf->err))
		return -1;
	sql_bind_int64(st, 1, doc);
	sql_bind_blob(st, 2, bytes, sizeof(bytes));
	if (sql_exec_write(cf->s, st, &cf->err))
		return -1;
	fx->backup = write_backup(cf->s, &fx->len);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	remove_empty(fx);
	free(fx->backup);
	core_fx_close(&fx->core);
	return 0;
}

static void test_round_trip(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	struct backup_summary sum;
	struct mapo_case c;
	store *s = new_empty(fx);
	FILE *f = file_of(fx->backup, fx->len);
	int rc = backup_restore(s, f, "a.bk", &sum, &err);
	if (rc)
		fprintf(stderr, "restore: %s\n", err.msg);
	assert_int_equal(rc, 0);
	fclose(f);
	assert_true(sum.tables > 40);
	assert_true(sum.rows > 20);

	size_t len;
	char *again = write_backup(s, &len);
	char *a = sections(fx->backup), *b = sections(again);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "{\"base64\":\"AAECAwQF"));
	assert_non_null(strstr(a, "Đà Nẵng"));

	case_init(&c);
	assert_int_equal(store_case_get(s, fx->ref_tip, &c, &err), 0);
	assert_string_equal(c.related_ref, fx->ref_som);
	assert_int_equal(c.version, 2);
	assert_int_equal(c.forms.n, 2);
	case_release(&c);

	/* the restored database is not empty: a second restore is refused and changes nothing */
	f = file_of(fx->backup, fx->len);
	assert_int_equal(backup_restore(s, f, "a.bk", NULL, &err), MAPO_EINVAL);
	assert_non_null(strstr(err.msg, "is not empty (table 'agencies' has rows)"));
	fclose(f);
	char *third = write_backup(s, &len);
	char *c3 = sections(third);
	assert_string_equal(a, c3);
	free(a);
	free(b);
	free(c3);
	free(again);
	free(third);
	store_free(s);
}

/* The n-th write of the restore fails, for every n: nothing is left, until the restore passes. */
static void test_fault_each_write(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	int rc = -1;
	unsigned long n;
	for (n = 1; rc && n < 10000; n++) {
		store *s = new_empty(fx);
		FILE *f = file_of(fx->backup, fx->len);
		store_fail_after(s, n);
		rc = backup_restore(s, f, "a.bk", NULL, &err);
		fclose(f);
		if (rc) {
			assert_non_null(strstr(err.msg, "the disk is full"));
			assert_int_equal(schema_of(s), 0);
		}
		store_free(s);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 3); /* it did fail at several writes first */
}

/* Cut at every line's end, and in the middle of a line: refused as incomplete. */
static void test_truncated(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	size_t lines = 0;
	for (size_t i = 0; i < fx->len; i++) {
		if (fx->backup[i] != '\n' || i + 1 == fx->len)
			continue;
		lines++;
		FILE *f = file_of(fx->backup, i + 1);
		assert_int_equal(backup_check(f, "cut.bk", NULL, &err), MAPO_EINVAL);
		assert_non_null(strstr(err.msg, "without its trailer: the backup is incomplete"));
		fclose(f);
		/* and one byte more: a line without its end */
		f = file_of(fx->backup, i + 2);
		assert_int_equal(backup_check(f, "cut.bk", NULL, &err), MAPO_EINVAL);
		assert_non_null(strstr(err.msg, "the file ends in the middle of a line"));
		fclose(f);
	}
	assert_true(lines > 100);
	FILE *f = file_of("", 0);
	assert_int_equal(backup_check(f, "empty.bk", NULL, &err), MAPO_EINVAL);
	assert_string_equal(err.msg, "empty.bk: the file is empty, not a mapo backup");
	fclose(f);
}

/* A space added inside each row in turn (still JSON): that table's checksum names its lines. A
 * restore of such a file writes nothing. */
static void test_edited(void **state)
{
	struct fx *fx = *state;
	struct mapo_error err;
	size_t line = 1, rows = 0, section = 0;
	char want[160], table[64] = "";
	for (size_t i = 0; i < fx->len; i++) {
		if (fx->backup[i] != '\n' || i + 1 == fx->len)
			continue;
		line++;
		const char *p = fx->backup + i + 1;
		if (!strncmp(p, "{\"table\":\"", 10)) {
			section = line;
			snprintf(table, sizeof(table), "%.*s", (int)strcspn(p + 10, "\""), p + 10);
		}
		if (p[0] != '[')
			continue;
		size_t end = line;
		for (const char *q = p; strncmp(q, "{\"end\":", 7); q = strchr(q, '\n') + 1)
			end++;
		char *edited = xmalloc(fx->len + 2);
		memcpy(edited, fx->backup, i + 2);
		edited[i + 2] = ' ';
		memcpy(edited + i + 3, fx->backup + i + 2, fx->len - i - 2);
		FILE *f = file_of(edited, fx->len + 1);
		assert_int_equal(backup_check(f, "edit.bk", NULL, &err), MAPO_EINVAL);
		snprintf(want, sizeof(want), "edit.bk: line %zu: table '%s' (lines %zu to %zu) does not match its checksum",
			end, table, section, end - 1);
		if (strncmp(err.msg, want, strlen(want)))
			fail_msg("got '%s', wanted '%s...'", err.msg, want);
		if (rows++ % 25 == 0) {
			store *s = new_empty(fx);
			assert_int_equal(backup_restore(s, f, "edit.bk", NULL, &err), MAPO_EINVAL);
			assert_int_equal(schema_of(s), 0);
			store_free(s);
		}
		fclose(f);
		free(edited);
	}
	assert_true(rows > 20);
}

/* Files that are not backups, or of a newer format. */
static void test_not_backups(void **state)
{
	(void)state;
	struct mapo_error err;
	static const char *const files[][2] = {
		{"hello\n", "x.bk: line 1: not a mapo backup file"},
		{"{\"format\":\"mapo-backup\",\"version\":2,\"schema\":[1],\"tables\":[]}\n",
			"x.bk: line 1: the backup's format version 2 is newer than this mapo reads (1): use a newer mapo"},
		{"{\"format\":\"mapo-backup\",\"version\":1,\"schema\":[2,1],\"tables\":[]}\n",
			"x.bk: line 1: the schema versions are not rising whole numbers"},
		{"{\"format\":\"mapo-backup\",\"version\":1,\"schema\":[1],\"tables\":[]}\nnot json\n",
			"x.bk: line 2: not a line of a mapo backup (damaged JSON)"},
		{"{\"format\":\"mapo-backup\",\"version\":1,\"schema\":[1],\"tables\":[\"a\"]}\n"
		 "{\"table\":\"b\",\"columns\":[]}\n",
			"x.bk: line 2: table 'b' where the header lists 'a'"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = file_of(files[i][0], strlen(files[i][0]));
		assert_int_equal(backup_check(f, "x.bk", NULL, &err), MAPO_EINVAL);
		assert_string_equal(err.msg, files[i][1]);
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_fault_each_write),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_edited),
		cmocka_unit_test(test_not_backups),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
