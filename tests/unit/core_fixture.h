/* Shared by the core's unit tests (test_refdata, test_stats, test_statement, test_demo, ...): the
 * tests' fixed date and language, the issue's figures as text, a throw-away SQLite store in a
 * temporary directory, and a small hand-built reference set. */
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

/* The tests' environment: "today" is 15 July 2021 (after the issue's "as of June 2021") and
 * messages are in English. */
static inline void core_fx_env(void)
{
	setenv("MAPO_TODAY", "2021-07-15", 1);
	i18n_init(NULL);
	i18n_set_lang(LANG_EN);
}

/* The issue's statement of the figures as of June 2021, word for word, in lang (LANG_MS or
 * LANG_EN): what the statement of a register holding exactly those cases must read. */
static inline const char *core_fx_issue_text(enum mapo_lang lang)
{
	if (lang == LANG_MS)
		return "Sehingga Jun 2021, sebanyak 58 kes pemerdagangan orang telah diambil tindakan melibatkan "
		       "tangkapan berjumlah 131 orang. Daripada jumlah ini, sebanyak 37 kes adalah melibatkan eksploitasi "
		       "buruh paksa. Bagi tempoh yang sama, sebanyak 142 kes penyeludupan migran telah diambil tindakan "
		       "melibatkan tangkapan berjumlah 233 orang.\n";
	return "As of June 2021, action was taken on 58 trafficking in persons cases involving 131 arrests. Of "
	       "these, 37 cases involved forced labour exploitation. For the same period, action was taken on 142 "
	       "migrant smuggling cases involving 233 arrests.\n";
}

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

/* Adds a valid case to fx's store: agency's next number (one count per test file) in the year of
 * action, state, offence 12 (TIP) or 26A (SOM), forms ("a;b"; "" for none) and status; its
 * reference into ref. Returns 0, or -1 (said on stderr) when the case is invalid or not stored. */
static inline int core_fx_add_case(struct core_fx *fx, enum case_kind kind, const char *agency, mapo_date action,
	const char *state, const char *forms, enum case_status status, char ref[CASE_REF_MAX])
{
	static long seq_no;
	struct mapo_case c;
	struct field_errors fe = FIELD_ERRORS_INIT;
	int rc = 0;
	case_init(&c);
	case_format_ref(c.ref, agency, date_year(action), ++seq_no);
	c.kind = kind;
	snprintf(c.agency, sizeof(c.agency), "%s", agency);
	c.action_date = action;
	snprintf(c.state, sizeof(c.state), "%s", state);
	strvec_push(&c.offences, kind == KIND_TIP ? "12" : "26A");
	strvec_split(&c.forms, forms, ';');
	c.status = status;
	if (case_validate(&c, &fx->rd, &fe)) {
		fprintf(stderr, "case %s: %s: %s\n", c.ref, fe.n ? fe.v[0].field : "", fe.n ? fe.v[0].msg : "");
		rc = -1;
	} else if (store_case_insert(fx->s, &c, &fx->err)) {
		fprintf(stderr, "insert %s: %s\n", c.ref, fx->err.msg);
		rc = -1;
	}
	snprintf(ref, CASE_REF_MAX, "%s", c.ref);
	field_errors_release(&fe);
	case_release(&c);
	return rc;
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
