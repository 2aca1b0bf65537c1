/* The case register's records: a case (TIP or SOM, never both) and the persons in it.
 * Codes for agencies, states, offences, forms and nationalities are reference data (refdata.h);
 * the kinds, statuses and roles below are the domain's own vocabulary. */
#ifndef MAPO_CASE_H
#define MAPO_CASE_H

#include <stdint.h>

#include "util/util.h"

struct refdata;

#define CASE_REF_MAX 48
#define PERSON_REF_MAX 48
#define CODE_MAX 16
#define SUMMARY_MAX 8192

enum case_kind { KIND_NONE = 0, KIND_TIP = 1, KIND_SOM = 2 };
enum case_status {
	STATUS_NONE = -1,
	STATUS_INVESTIGATION = 0,
	STATUS_CHARGED,
	STATUS_CONVICTED,
	STATUS_ACQUITTED,
	STATUS_CLOSED,
	STATUS__COUNT
};
enum person_role { PROLE_NONE = -1, PROLE_SUSPECT = 0, PROLE_VICTIM, PROLE_SMUGGLED_MIGRANT, PROLE__COUNT };
enum suspect_role {
	SROLE_NONE = -1,
	SROLE_RECRUITER = 0,
	SROLE_TRANSPORTER,
	SROLE_HARBOURER,
	SROLE_EXPLOITER,
	SROLE_FINANCIER,
	SROLE_OTHER,
	SROLE__COUNT
};
enum trafficking_status { TSTATUS_NONE = -1, TSTATUS_POSSIBLE = 0, TSTATUS_ACTUAL, TSTATUS_NOT_A_VICTIM, TSTATUS__COUNT };

/* The form code that the statement's "forced labour" figure counts. */
#define FORM_FORCED_LABOUR "forced-labour"

struct mapo_case {
	int64_t id;               /* the store's; 0 until inserted */
	char ref[CASE_REF_MAX];   /* AGENCY/YEAR/SEQUENCE, e.g. PDRM/2021/000123 */
	enum case_kind kind;
	char agency[CODE_MAX];
	mapo_date action_date;    /* the day enforcement action was taken */
	char state[CODE_MAX];     /* ISO 3166-2 subdivision, e.g. MY-10 */
	struct strvec offences;   /* section numbers as the Act writes them: "12", "15A", "26A" */
	struct strvec forms;      /* forms of exploitation (TIP only), e.g. "forced-labour" */
	enum case_status status;
	char related_ref[CASE_REF_MAX]; /* "" when none */
	char *summary;            /* owned, never NULL after case_init */
	int64_t version;          /* 1 at insert, +1 at every edit */
};

/* One person in one role in one case: a row of persons.csv (HTCDS: a person plus a victim or
 * perpetrator context). The person fields are shared by every role the person holds. */
struct case_person {
	int64_t id;                    /* the role's id in the store */
	char case_ref[CASE_REF_MAX];
	char person_ref[PERSON_REF_MAX];
	enum person_role role;
	char sex;                      /* 'F', 'M' or 'U' */
	mapo_date birth_date;          /* DATE_NONE when unknown */
	int age;                       /* years, -1 when unknown */
	char nationality[4];           /* ISO 3166-1 alpha-3, "" when unknown */
	mapo_date arrest_date;         /* suspects: DATE_NONE when not arrested */
	enum suspect_role suspect_role;
	enum trafficking_status trafficking_status; /* victims */
	mapo_date rescue_date;         /* victims: DATE_NONE when not rescued */
};

void case_init(struct mapo_case *c);
void case_release(struct mapo_case *c);
void case_clear(struct mapo_case *c);
/* Deep copy of src into dst, which must be initialised. */
void case_copy(struct mapo_case *dst, const struct mapo_case *src);
void case_set_summary(struct mapo_case *c, const char *summary);

void case_person_init(struct case_person *p);

/* One problem with one field, for a message beside the field or a FILE:LINE: COLUMN line. */
struct field_error {
	const char *field; /* static: the column name ("action_date") */
	char *msg;         /* owned, translated */
};
struct field_errors {
	struct field_error *v;
	size_t n, alloc;
};
#define FIELD_ERRORS_INIT {NULL, 0, 0}
void field_errors_add(struct field_errors *fe, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void field_errors_release(struct field_errors *fe);
/* The message of the first problem with field, NULL when none (fe NULL: none). */
const char *field_errors_get(const struct field_errors *fe, const char *field);

/* Checks a case against the rules and the reference data: the reference's shape and agency, a TIP
 * case has at least one form and only TIP offences, a SOM case no forms and only SOM offences,
 * known codes, a real action date not in the future, a related case other than itself. The
 * existence of the related case is the caller's to check. Appends to errs; returns the number
 * of errors found. */
size_t case_validate(const struct mapo_case *c, const struct refdata *rd, struct field_errors *errs);

/* Checks one person row on its own and against its case (kind, when given): the role fits the
 * kind (smuggled migrants in SOM cases, victims in TIP cases), suspect and victim fields only for
 * their roles, dates real and not before 1900 nor after today, a known nationality. */
size_t case_person_validate(const struct case_person *p, const struct mapo_case *c,
	const struct refdata *rd, struct field_errors *errs);

/* Formats a case reference; seq from 1 to 999999. out holds CASE_REF_MAX bytes. */
void case_format_ref(char out[CASE_REF_MAX], const char *agency, int year, long seq);

/* Code <-> enum for the domain's own vocabularies; the parse functions return -1 (the NONE value)
 * for an unknown code. The codes are the import format's (docs/import-format.md). */
const char *case_kind_code(enum case_kind k);          /* "TIP", "SOM" */
enum case_kind case_kind_parse(const char *s);
const char *case_status_code(enum case_status s);      /* "investigation" ... */
enum case_status case_status_parse(const char *s);
const char *person_role_code(enum person_role r);      /* "suspect", "victim", "smuggled-migrant" */
enum person_role person_role_parse(const char *s);
const char *suspect_role_code(enum suspect_role r);
enum suspect_role suspect_role_parse(const char *s);
const char *trafficking_status_code(enum trafficking_status t); /* "possible", "actual", "not-a-victim" */
enum trafficking_status trafficking_status_parse(const char *s);

/* Translated names for people to read, in lang. */
const char *case_kind_name(enum case_kind k, enum mapo_lang lang);
const char *case_status_name(enum case_status s, enum mapo_lang lang);
const char *person_role_name(enum person_role r, enum mapo_lang lang);
const char *suspect_role_name(enum suspect_role r, enum mapo_lang lang);
const char *trafficking_status_name(enum trafficking_status t, enum mapo_lang lang);

#endif
