#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/export.h"
#include "io/csv.h"
#include "util/util.h"

const char *const export_case_columns[] = {"case_ref", "kind", "agency", "action_date", "state",
	"offences", "forms", "status", "related_case_ref", "summary", NULL};
const char *const export_person_columns[] = {"case_ref", "person_ref", "role", "sex", "birth_date",
	"age", "nationality", "arrest_date", "suspect_role", "trafficking_status", "rescue_date", NULL};

#define NCASE_COLS 10
#define NPERSON_COLS 11

/* Sections as the Act numbers them: by the number, then the letters after it (15 < 15A < 18). */
static int cmp_section(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
	/* Compare the numbers by length (no leading zeros in section numbers), then digits. */
	if (nx != ny)
		return nx < ny ? -1 : 1;
	int c = strncmp(x, y, nx);
	return c ? c : strcmp(x + nx, y + ny);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int join_sorted(struct buf *out, const struct strvec *sv, int (*cmp)(const void *, const void *))
{
	const char **v = xcalloc(sv->n ? sv->n : 1, sizeof(*v));
	int rc = 0;
	for (size_t i = 0; i < sv->n; i++)
		v[i] = sv->v[i];
	qsort(v, sv->n, sizeof(*v), cmp);
	for (size_t i = 0; i < sv->n && !rc; i++) {
		if (i)
			rc = buf_addch(out, ';');
		if (!rc)
			rc = buf_addstr(out, v[i]);
	}
	free(v);
	return rc;
}

int export_join_offences(struct buf *out, const struct strvec *offences)
{
	return join_sorted(out, offences, cmp_section);
}

int export_join_forms(struct buf *out, const struct strvec *forms)
{
	return join_sorted(out, forms, cmp_str);
}

struct writer {
	FILE *fp;
	struct buf row;
	size_t n;
	int rc;
};

static int put_row(struct writer *w, const char *const *fields, size_t n)
{
	buf_reset(&w->row);
	w->rc = csv_write_row(&w->row, fields, n);
	if (!w->rc && fwrite(w->row.data, 1, w->row.len, w->fp) != w->row.len)
		w->rc = MAPO_EIO;
	return w->rc;
}

static int case_row(const struct mapo_case *c, void *arg)
{
	struct writer *w = arg;
	struct buf offences = BUF_INIT, forms = BUF_INIT;
	char date[DATE_STRLEN];

	date_format(c->action_date, date);
	export_join_offences(&offences, &c->offences);
	export_join_forms(&forms, &c->forms);
	const char *f[NCASE_COLS] = {c->ref, case_kind_code(c->kind), c->agency, date, c->state,
		buf_str(&offences), buf_str(&forms), case_status_code(c->status), c->related_ref,
		c->summary ? c->summary : ""};
	put_row(w, f, NCASE_COLS);
	buf_release(&offences);
	buf_release(&forms);
	w->n++;
	return w->rc ? 1 : 0;
}

static int person_row(const struct case_person *p, void *arg)
{
	struct writer *w = arg;
	char birth[DATE_STRLEN], arrest[DATE_STRLEN], rescue[DATE_STRLEN], sex[2] = {p->sex, '\0'};
	char age[16] = "";

	date_format(p->birth_date, birth);
	date_format(p->arrest_date, arrest);
	date_format(p->rescue_date, rescue);
	if (p->age >= 0)
		snprintf(age, sizeof(age), "%d", p->age);
	const char *f[NPERSON_COLS] = {p->case_ref, p->person_ref, person_role_code(p->role), sex, birth,
		age, p->nationality, arrest, suspect_role_code(p->suspect_role),
		trafficking_status_code(p->trafficking_status), rescue};
	put_row(w, f, NPERSON_COLS);
	w->n++;
	return w->rc ? 1 : 0;
}

static int write_error(struct mapo_error *err, int rc)
{
	if (rc == MAPO_EIO)
		return mapo_error_set(err, rc, _("cannot write: %s"), strerror(errno));
	return mapo_error_set(err, rc, "%s", _("a row is too long to write"));
}

int export_cases(store *s, FILE *fp, size_t *n, struct mapo_error *err)
{
	struct writer w = {fp, BUF_INIT, 0, 0};
	struct case_filter f;
	int rc;

	case_filter_init(&f);
	f.sort = SORT_REF;
	rc = put_row(&w, export_case_columns, NCASE_COLS);
	if (!rc)
		rc = store_case_list(s, &f, case_row, &w, err);
	if (w.rc)
		rc = write_error(err, w.rc);
	if (n)
		*n = w.n;
	buf_release(&w.row);
	return rc;
}

int export_persons(store *s, FILE *fp, size_t *n, struct mapo_error *err)
{
	struct writer w = {fp, BUF_INIT, 0, 0};
	int rc = put_row(&w, export_person_columns, NPERSON_COLS);
	if (!rc)
		rc = store_person_list(s, NULL, person_row, &w, err);
	if (w.rc)
		rc = write_error(err, w.rc);
	if (n)
		*n = w.n;
	buf_release(&w.row);
	return rc;
}

/* Writes dir/name through a temporary file renamed into place. */
static int export_file(store *s, const char *dir, const char *name,
	int (*fn)(store *, FILE *, size_t *, struct mapo_error *), size_t *n, struct mapo_error *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	FILE *fp = NULL;
	int rc = 0, fd = mkstemp(tmp);

	if (fd < 0 || !(fp = fdopen(fd, "wb"))) {
		rc = mapo_error_set(err, MAPO_EIO, _("%s: cannot write: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		goto out;
	}
	rc = fn(s, fp, n, err);
	if (!rc && (fflush(fp) || ferror(fp) || fsync(fileno(fp))))
		rc = mapo_error_set(err, MAPO_EIO, _("%s: cannot write: %s"), path, strerror(errno));
	if (fclose(fp) && !rc)
		rc = mapo_error_set(err, MAPO_EIO, _("%s: cannot write: %s"), path, strerror(errno));
	if (!rc && rename(tmp, path))
		rc = mapo_error_set(err, MAPO_EIO, _("%s: cannot write: %s"), path, strerror(errno));
	if (rc) {
		if (rc == MAPO_EIO && !strstr(err->msg, path)) {
			char msg[sizeof(err->msg)];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			mapo_error_set(err, rc, "%s: %s", path, msg);
		}
		unlink(tmp);
	}
out:
	free(path);
	free(tmp);
	return rc;
}

int export_dir(store *s, const char *dir, size_t *ncases, size_t *npersons, struct mapo_error *err)
{
	/* One transaction, so that both files show the same moment of the register. */
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	rc = export_file(s, dir, "cases.csv", export_cases, ncases, err);
	if (!rc)
		rc = export_file(s, dir, "persons.csv", export_persons, npersons, err);
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}
