/* Loading the reference data files (data/agencies.csv, states.csv, countries.csv, offences.csv,
 * forms.csv; formats in data/README.md and docs/import-format.md) into a struct refdata. */
#ifndef MAPO_REFLOAD_H
#define MAPO_REFLOAD_H

#include "core/refdata.h"
#include "util/util.h"

/* The data directory: $MAPO_DATADIR when set and not empty, else the one built in
 * (MAPO_DATADIR in config.h, the source tree's data/). Static storage. */
const char *refload_datadir(void);

/* Reads one kind's file at path into rd (which must be initialised). Columns may come in any
 * order. Every problem is appended to problems (when not NULL) as "FILE:LINE: COLUMN: reason":
 * a missing or unknown column, an empty code, an agency or state code over CODE_MAX - 1 bytes,
 * a code given twice, a missing name, an offence kind other than TIP or SOM, an agency role other than enforcement, prosecution or
 * protection, a country code that is not 3 (alpha3) or 2 (alpha2) capital letters.
 * Returns 0; MAPO_EINVAL when the file has problems (err holds the first; rd may hold some of
 * the file's items); MAPO_EIO when it cannot be read. */
int refload_file(struct refdata *rd, enum ref_kind kind, const char *path, struct strvec *problems,
	struct mapo_error *err);

/* Reads all five files from dir (NULL: refload_datadir()) into rd, checking every file before
 * returning; problems and errors as refload_file (err holds the first problem, and says how many
 * more there are). */
int refload_dir(struct refdata *rd, const char *dir, struct strvec *problems, struct mapo_error *err);

#endif
