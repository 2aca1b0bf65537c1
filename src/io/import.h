/* Importing cases.csv and persons.csv (docs/import-format.md) into the store, atomically: every
 * row is checked first, and only when none is bad is everything written, in one transaction. */
#ifndef MAPO_IMPORT_H
#define MAPO_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/refdata.h"
#include "io/csv.h"
#include "store/store.h"
#include "util/util.h"

/* Called now and then with the work done so far and the total, in bytes: each byte of the files
 * counts once when it is read and once when its row is written, so done runs from 0 to total
 * (twice the files' size; total 0 when a size is unknown, as for standard input). */
typedef void (*import_progress_cb)(size_t done, size_t total, void *arg);

struct import_opts {
	bool update;                 /* replace cases already in the store (--update) */
	import_progress_cb progress; /* may be NULL */
	void *progress_arg;
};

struct import_result {
	size_t cases_inserted;
	size_t cases_updated;
	size_t persons;          /* person rows (a person in a role in a case) written */
	struct strvec problems;  /* "FILE:LINE: COLUMN: reason", one per problem, in file and line order */
};

void import_result_init(struct import_result *res);
void import_result_release(struct import_result *res);

/* Imports cases_path and, when persons_path is not NULL, persons_path into s, checking codes
 * against rd. Without opts->update a case reference already in the store is a problem; with
 * it, such a case is replaced (its version goes up by one) and, when a persons file is given,
 * its person roles are replaced by the file's. A person row may also name a case that is only
 * in the store. Returns 0 when everything was written (res holds the counts); MAPO_EINVAL when
 * any row is bad: nothing is written, res->problems lists every problem and err says how many;
 * MAPO_EIO when a file cannot be read; a store error (rolled back, nothing written) otherwise.
 * opts may be NULL. */
int import_files(store *s, const struct refdata *rd, const char *cases_path, const char *persons_path,
	const struct import_opts *opts, struct import_result *res, struct mapo_error *err);

/* The same from readers the caller opened (persons may be NULL); the caller frees them. */
int import_readers(store *s, const struct refdata *rd, struct csv_reader *cases,
	struct csv_reader *persons, const struct import_opts *opts, struct import_result *res,
	struct mapo_error *err);

#endif
