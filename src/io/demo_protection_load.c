/* The demo's protection files: protection.csv and shelters.csv, read with the CSV reader into the
 * core's struct demo_protection, which checks the values. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/csv.h"
#include "io/demo_protection_load.h"

enum { PC_DIMENSION, PC_CODE, PC_VALUE };
static const char *const protection_columns[] = {"dimension", "code", "value", NULL};
enum { SC_CODE, SC_NAME, SC_OPERATOR, SC_SERVES, SC_CAPACITY, SC_STATE };
static const char *const shelter_columns[] = {"code", "name", "operator", "serves", "capacity", "state", NULL};

typedef int (*row_fn)(struct demo_protection *dp, const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct mapo_error *err);

static int bad(const char *file, size_t line, const char *column, const char *what, const char *value,
	struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_EINVAL, _("%s:%zu: column '%s': %s '%s'"), file, line, column, what, value);
}

static int protection_row(struct demo_protection *dp, const char *file, size_t line,
	const struct csv_columns *cols, const struct strvec *fields, struct mapo_error *err)
{
	const char *dim = csv_columns_get(cols, fields, PC_DIMENSION), *code = csv_columns_get(cols, fields, PC_CODE);
	const char *text = csv_columns_get(cols, fields, PC_VALUE);
	char *end;
	errno = 0;
	double value = strtod(text, &end);
	if (!*text || *end || errno)
		return bad(file, line, "value", _("not a number"), text, err);
	struct mapo_error why;
	mapo_error_clear(&why);
	int rc = demo_protection_add(dp, dim, code, value, &why);
	return rc ? mapo_error_set(err, rc, "%s:%zu: %s", file, line, why.msg) : 0;
}

static int shelter_row(struct demo_protection *dp, const char *file, size_t line, const struct csv_columns *cols,
	const struct strvec *fields, struct mapo_error *err)
{
	struct shelter sh;
	const char *v[6];
	long long capacity;
	for (size_t c = 0; c < 6; c++)
		v[c] = csv_columns_get(cols, fields, c);
	memset(&sh, 0, sizeof(sh));
	if (!*v[SC_CODE] || strlen(v[SC_CODE]) >= sizeof(sh.code))
		return bad(file, line, "code", _("not a shelter code"), v[SC_CODE], err);
	if (!*v[SC_NAME] || strlen(v[SC_NAME]) >= sizeof(sh.name))
		return bad(file, line, "name", _("not a shelter name"), v[SC_NAME], err);
	int op = shelter_operator_parse(v[SC_OPERATOR]), serves = shelter_serves_parse(v[SC_SERVES]);
	if (op < 0)
		return bad(file, line, "operator", _("not government or ngo"), v[SC_OPERATOR], err);
	if (serves < 0)
		return bad(file, line, "serves", _("not women, men or children"), v[SC_SERVES], err);
	if (parse_int(v[SC_CAPACITY], 0, 100000, &capacity))
		return bad(file, line, "capacity", _("not a count from 0 to 100000"), v[SC_CAPACITY], err);
	if (strlen(v[SC_STATE]) >= sizeof(sh.state))
		return bad(file, line, "state", _("not a state code"), v[SC_STATE], err);
	snprintf(sh.code, sizeof(sh.code), "%s", v[SC_CODE]);
	snprintf(sh.name, sizeof(sh.name), "%s", v[SC_NAME]);
	snprintf(sh.state, sizeof(sh.state), "%s", v[SC_STATE]);
	sh.operator_kind = (enum shelter_operator)op;
	sh.serves = (enum shelter_serves)serves;
	sh.capacity = (int)capacity;
	struct mapo_error why;
	mapo_error_clear(&why);
	int rc = demo_protection_add_shelter(dp, &sh, &why);
	return rc ? mapo_error_set(err, rc, "%s:%zu: %s", file, line, why.msg) : 0;
}

static int read_file(struct demo_protection *dp, const char *path, const char *const *columns, row_fn row,
	struct mapo_error *err)
{
	struct strvec problems = STRVEC_INIT, fields = STRVEC_INIT;
	struct csv_columns cols = {0};
	struct csv_reader *r = NULL;
	size_t line = 0;
	int rc;

	if ((rc = csv_reader_open(&r, path, err)))
		goto out;
	if ((rc = csv_columns_read(&cols, r, columns, &problems)))
		goto problem;
	while ((rc = csv_reader_next(r, &fields, &line, NULL)) == 1) {
		if (!csv_columns_check(&cols, r, &fields, line, &problems)) {
			rc = MAPO_EINVAL;
			goto problem;
		}
		if ((rc = row(dp, csv_reader_name(r), line, &cols, &fields, err)))
			goto out;
	}
	if (rc < 0) {
		csv_reader_problem(r, &cols, &problems);
		goto problem;
	}
	rc = 0;
	goto out;
problem:
	if (problems.n)
		mapo_error_set(err, rc, "%s", problems.v[0]);
out:
	csv_columns_release(&cols);
	csv_reader_free(r);
	strvec_release(&fields);
	strvec_release(&problems);
	return rc;
}

int demo_protection_read(struct demo_protection *dp, const char *dir, struct mapo_error *err)
{
	char *ppath = xasprintf("%s/protection.csv", dir), *spath = xasprintf("%s/shelters.csv", dir);
	struct stat sb;
	int rc;
	if (stat(ppath, &sb))
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("%s: no such file"), ppath);
	else if (!(rc = read_file(dp, ppath, protection_columns, protection_row, err)) &&
		 !(rc = read_file(dp, spath, shelter_columns, shelter_row, err)))
		rc = demo_protection_check(dp, err);
	free(ppath);
	free(spath);
	return rc;
}
