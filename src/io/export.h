/* Exporting the register as cases.csv and persons.csv (docs/import-format.md), in a fixed form:
 * the columns in the documented order, rows ordered by case reference, then person reference,
 * then role, several values joined by ';' in canonical order (offences as the Act numbers them,
 * forms by code). Importing an export into an empty database and exporting again gives the same
 * bytes. */
#ifndef MAPO_EXPORT_H
#define MAPO_EXPORT_H

#include <stdio.h>

#include "store/store.h"
#include "util/util.h"

/* The header rows, as written (and the column order import documents). */
extern const char *const export_case_columns[];    /* NULL-terminated */
extern const char *const export_person_columns[];  /* NULL-terminated */

/* Writes every case as cases.csv to fp; *n (when not NULL) gets the number of cases. */
int export_cases(store *s, FILE *fp, size_t *n, struct mapo_error *err);
/* Writes every person role as persons.csv to fp; *n (when not NULL) the number of rows. */
int export_persons(store *s, FILE *fp, size_t *n, struct mapo_error *err);

/* Writes dir/cases.csv and dir/persons.csv (dir must exist). Each file is written under a
 * temporary name and renamed into place, so a failed export leaves no half-written file.
 * MAPO_EIO naming the file when it cannot be written. */
int export_dir(store *s, const char *dir, size_t *ncases, size_t *npersons, struct mapo_error *err);

/* Appends the canonical ';'-joined form of offence sections or form codes to out: sections in
 * the Act's order (by number, then suffix: 12, 13, 15, 15A, 26A), forms by code. */
int export_join_offences(struct buf *out, const struct strvec *offences);
int export_join_forms(struct buf *out, const struct strvec *forms);

#endif
