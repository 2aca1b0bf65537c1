/* Shared by the core's unit tests (test_refdata, test_stats, test_statement, test_demo): a
 * throw-away SQLite store in a temporary directory, and a small hand-built reference set. */
#ifndef MAPO_TEST_CORE_FIXTURE_H
#define MAPO_TEST_CORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/case.h"
#include "core/refdata.h"
#include "store/store.h"

struct core_fx {
	char dir[64];
	char path[96];
	store *s;
	struct refdata rd;
	struct mapo_error err;
};

/* A small reference set: two agencies, two states, TIP and SOM sections, three forms, three
 * countries. */
static inline void core_fx_refdata(struct refdata *rd)
{
	refdata_add(rd, REF_AGENCY, "PDRM", "Polis Diraja Malaysia", "Royal Malaysia Police", "enforcement");
	refdata_add(rd, REF_AGENCY, "JIM", "Jabatan Imigresen Malaysia", "Immigration Department of Malaysia",
		"enforcement");
	refdata_add(rd, REF_STATE, "MY-01", "Johor", "Johor", "");
	refdata_add(rd, REF_STATE, "MY-14", "Wilayah Persekutuan Kuala Lumpur", "Federal Territory of Kuala Lumpur", "");
	refdata_add(rd, REF_OFFENCE, "12", "Kesalahan pemerdagangan orang", "Offence of trafficking in persons", "TIP");
	refdata_add(rd, REF_OFFENCE, "26A", "Kesalahan penyeludupan migran", "Offence of smuggling of migrants", "SOM");
	refdata_add(rd, REF_FORM, "sexual", "Eksploitasi seks", "Sexual exploitation", "");
	refdata_add(rd, REF_FORM, "forced-labour", "Buruh atau perkhidmatan paksa", "Forced labour or services", "");
	refdata_add(rd, REF_FORM, "servitude", "Perhambaan atau pengabdian", "Slavery or servitude", "");
	refdata_add(rd, REF_COUNTRY, "IDN", "Indonesia", "Indonesia", "ID");
	refdata_add(rd, REF_COUNTRY, "BGD", "Bangladesh", "Bangladesh", "BD");
	refdata_add(rd, REF_COUNTRY, "MYS", "Malaysia", "Malaysia", "MY");
}

/* Opens a new store in a new temporary directory, migrated, with core_fx_refdata installed
 * (and kept in fx->rd). Returns 0 or -1. */
static inline int core_fx_open(struct core_fx *fx, bool with_refdata)
{
	memset(fx, 0, sizeof(*fx));
	refdata_init(&fx->rd);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/mapo-test-core-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/mapo.db", fx->dir);
	if (store_open(&fx->s, fx->path, &fx->err) || store_migrate(fx->s, &fx->err)) {
		fprintf(stderr, "store: %s\n", fx->err.msg);
		return -1;
	}
	if (with_refdata) {
		core_fx_refdata(&fx->rd);
		if (refdata_install(fx->s, &fx->rd, &fx->err)) {
			fprintf(stderr, "refdata: %s\n", fx->err.msg);
			return -1;
		}
	}
	return 0;
}

/* Closes the store and removes its files and directory. */
static inline void core_fx_close(struct core_fx *fx)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	store_free(fx->s);
	fx->s = NULL;
	refdata_release(&fx->rd);
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", fx->path, suffix[i]);
		unlink(p);
	}
	rmdir(fx->dir);
}

#endif
