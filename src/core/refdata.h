/* Reference data: agencies, states, countries, offence sections and forms of exploitation, as
 * loaded by `mapo init` from data/ into the store and read back from it. Nothing here is specific
 * to one country: another council loads its own files. */
#ifndef MAPO_REFDATA_H
#define MAPO_REFDATA_H

#include <stddef.h>

#include "util/util.h"

typedef struct store store;

enum ref_kind { REF_AGENCY = 0, REF_STATE, REF_COUNTRY, REF_OFFENCE, REF_FORM, REF__COUNT };

/* One code with its names. extra carries the one kind-specific attribute:
 * REF_OFFENCE: the case kind the section belongs to ("TIP" or "SOM");
 * REF_COUNTRY: the ISO 3166-1 alpha-2 code; REF_AGENCY: the agency's role ("enforcement",
 * "prosecution", "protection"); others: "". All strings owned. */
struct ref_item {
	char *code;
	char *name_ms;
	char *name_en;
	char *extra;
};

struct refdata {
	struct ref_item *items[REF__COUNT]; /* sorted by code */
	size_t n[REF__COUNT];
	size_t alloc[REF__COUNT];
};

void refdata_init(struct refdata *rd);
void refdata_release(struct refdata *rd);
/* Adds a copy of the item (kept sorted); an existing code is replaced. */
void refdata_add(struct refdata *rd, enum ref_kind kind, const char *code, const char *name_ms,
	const char *name_en, const char *extra);
/* The item with that code, or NULL. */
const struct ref_item *refdata_find(const struct refdata *rd, enum ref_kind kind, const char *code);
/* The item's name in lang, or the code itself when unknown. */
const char *refdata_name(const struct refdata *rd, enum ref_kind kind, const char *code, enum mapo_lang lang);

/* The file name (in data/) and the column names of each kind, for the loaders and the docs. */
const char *ref_kind_file(enum ref_kind kind);   /* "agencies.csv" ... */
const char *ref_kind_name(enum ref_kind kind);   /* "agency" ... */

/* Checks every item (codes non-empty and unique, names present, offence kinds TIP or SOM) and
 * writes the whole set into the store in one transaction, replacing what was there. Items still
 * used by cases may not disappear. */
int refdata_install(store *s, const struct refdata *rd, struct mapo_error *err);
/* Reads every kind back from the store. */
int refdata_load(store *s, struct refdata *rd, struct mapo_error *err);

#endif
