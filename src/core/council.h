/* The council's work: organisations and their representatives, membership of the council and its
 * committees, meetings (numbered per body and year, with agenda, attendance and a computed
 * quorum), papers and the document library with access levels and attached files, decisions and
 * the action items they yield, and engagements with partners.
 *
 * Records name organisations by their code ("KDN", "PDRM", "MAPO"); a body (the council or one of
 * its committees) is an organisation of kind "committee". Everything here is plain data and pure
 * rules; the council_* functions that take a store check access, validate, write through
 * store/store_council.h and append to the audit trail. Design: docs/internals/council.md.
 *
 * Access (council_may): every signed-in role reads organisations, meetings, decisions and action
 * items; admins and the secretariat write them and see representatives (names and contact
 * details: personal data, every view audited). Documents are read by access level
 * (council_may_read_doc): public for everyone, partners for every signed-in role, members for
 * every role but partner, internal for admins and the secretariat. A document outside a
 * principal's reach looks absent (MAPO_ENOTFOUND). A NULL principal is the command line: all. */
#ifndef MAPO_COUNCIL_H
#define MAPO_COUNCIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "core/case.h"
#include "util/util.h"

typedef struct store store;

#define ORG_CODE_MAX 32
#define COUNCIL_NAME_MAX 256
#define COUNCIL_TITLE_MAX 512
#define COUNCIL_TEXT_MAX 4096
#define PERSON_NAME_MAX 128
#define CONTACT_MAX 128
#define FILENAME_MAX_LEN 256
#define CONTENT_TYPE_MAX 128
#define COUNCIL_FILE_MAX ((size_t)10 << 20) /* bytes of one attached file */
#define MINUTES_MAX ((size_t)1 << 20)
#define AGENDA_ITEMS_MAX 100

enum org_kind {
	ORGK_NONE = -1,
	ORGK_MINISTRY = 0,
	ORGK_ENFORCEMENT,
	ORGK_PROSECUTION,
	ORGK_PROTECTION,
	ORGK_COMMITTEE,
	ORGK_NGO,
	ORGK_CSO,
	ORGK_INTERNATIONAL,
	ORGK_ACADEMIC,
	ORGK_EMBASSY,
	ORGK_EXPERT,
	ORGK__COUNT
};
enum member_role { MROLE_NONE = -1, MROLE_CHAIR = 0, MROLE_DEPUTY, MROLE_SECRETARY, MROLE_MEMBER, MROLE_INVITED, MROLE__COUNT };
enum meeting_mode { MODE_NONE = -1, MODE_PHYSICAL = 0, MODE_ONLINE, MODE_HYBRID, MODE__COUNT };
enum attend_status { ATT_NONE = -1, ATT_PRESENT = 0, ATT_ONLINE, ATT_APOLOGY, ATT_REPRESENTED, ATT__COUNT };
enum doc_kind {
	DOCK_NONE = -1,
	DOCK_INFO_PAPER = 0,
	DOCK_DECISION_PAPER,
	DOCK_REPORT,
	DOCK_MINUTES,
	DOCK_COUNTRY_REPORT,
	DOCK_PLAN,
	DOCK_GUIDELINE,
	DOCK_OTHER,
	DOCK__COUNT
};
/* Ordered from the narrowest to the widest audience. */
enum doc_access { DACC_NONE = -1, DACC_INTERNAL = 0, DACC_MEMBERS, DACC_PARTNERS, DACC_PUBLIC, DACC__COUNT };
enum action_status { ACT_NONE = -1, ACT_OPEN = 0, ACT_IN_PROGRESS, ACT_DONE, ACT_CANCELLED, ACT__COUNT };

/* Codes (the CLI's, the API's and the schema's) and translated names. parse: the NONE value for
 * anything unknown. */
const char *org_kind_code(enum org_kind k);          /* "ministry", "enforcement", ... "expert" */
enum org_kind org_kind_parse(const char *s);
const char *org_kind_name(enum org_kind k, enum mapo_lang lang);
const char *member_role_code(enum member_role r);    /* "chair", "deputy", "secretary", "member", "invited" */
enum member_role member_role_parse(const char *s);
const char *member_role_name(enum member_role r, enum mapo_lang lang);
const char *meeting_mode_code(enum meeting_mode m);  /* "physical", "online", "hybrid" */
enum meeting_mode meeting_mode_parse(const char *s);
const char *meeting_mode_name(enum meeting_mode m, enum mapo_lang lang);
const char *attend_status_code(enum attend_status a); /* "present", "online", "apology", "represented" */
enum attend_status attend_status_parse(const char *s);
const char *attend_status_name(enum attend_status a, enum mapo_lang lang);
const char *doc_kind_code(enum doc_kind k);          /* "information-paper", ... "other" */
enum doc_kind doc_kind_parse(const char *s);
const char *doc_kind_name(enum doc_kind k, enum mapo_lang lang);
bool doc_kind_is_paper(enum doc_kind k);             /* information/decision paper, report */
const char *doc_access_code(enum doc_access a);      /* "internal", "members", "partners", "public" */
enum doc_access doc_access_parse(const char *s);
const char *doc_access_name(enum doc_access a, enum mapo_lang lang);
const char *action_status_code(enum action_status s); /* "open", "in-progress", "done", "cancelled" */
enum action_status action_status_parse(const char *s);
const char *action_status_name(enum action_status s, enum mapo_lang lang);

/* An organisation. Plain data. */
struct council_org {
	int64_t id;
	char code[ORG_CODE_MAX];          /* [A-Za-z0-9._-], unique */
	enum org_kind kind;
	char name_ms[COUNCIL_NAME_MAX];
	char name_en[COUNCIL_NAME_MAX];
	char parent[ORG_CODE_MAX];        /* "" when none */
	int64_t version;
};

/* A representative of an organisation: personal data. */
struct council_person {
	int64_t id;
	char org[ORG_CODE_MAX];
	char name[PERSON_NAME_MAX];
	char title[PERSON_NAME_MAX];      /* "Setiausaha Bahagian", "Director" */
	char email[CONTACT_MAX];
	char phone[CONTACT_MAX];
};

/* Membership of org in body (with an optional named representative) from start to end. */
struct council_member {
	int64_t id;
	char body[ORG_CODE_MAX];
	char org[ORG_CODE_MAX];
	int64_t person_id;                /* 0 when none */
	enum member_role role;
	mapo_date start, end;             /* end DATE_NONE: still a member */
};

/* A meeting. number is computed by the store (the n-th of its body in its year, by date, time
 * and id) and read-only. agenda holds the items in order. minutes is owned. */
struct council_meeting {
	int64_t id;
	char body[ORG_CODE_MAX];
	int number;
	mapo_date held_on;
	char start_time[6];               /* "HH:MM" or "" */
	enum meeting_mode mode;
	char venue[COUNCIL_NAME_MAX];
	char *minutes;                    /* never NULL after init */
	struct strvec agenda;
	int64_t version;
};

/* One attendance line. person_name is filled by the store when read. */
struct council_attendance {
	int64_t id;
	int64_t meeting_id;
	int64_t person_id;
	char person_name[PERSON_NAME_MAX];
	char org[ORG_CODE_MAX];
	enum attend_status status;
	char represented_by[PERSON_NAME_MAX]; /* ATT_REPRESENTED: who came in the person's stead */
};

/* A document of the library; papers are the kinds doc_kind_is_paper says. */
struct council_doc {
	int64_t id;
	enum doc_kind kind;
	char title_ms[COUNCIL_TITLE_MAX];
	char title_en[COUNCIL_TITLE_MAX];
	mapo_date issued_on;              /* DATE_NONE when unknown */
	enum doc_access access;
	int64_t meeting_id;               /* 0 when none (papers: the meeting that heard it) */
	char presenter[ORG_CODE_MAX];     /* papers: the presenting organisation; "" */
	char summary[COUNCIL_TEXT_MAX];
	int64_t version;
	long nfiles;                      /* read-only: files attached */
};

/* A file attached to a document. data is owned (NULL in lists). */
struct council_file {
	int64_t id;
	int64_t doc_id;
	char filename[FILENAME_MAX_LEN];
	char content_type[CONTENT_TYPE_MAX];
	size_t size;
	unsigned char *data;
};

struct council_decision {
	int64_t id;
	int64_t meeting_id;
	char text[COUNCIL_TEXT_MAX];
};

struct council_engagement {
	int64_t id;
	mapo_date held_on;
	char org[ORG_CODE_MAX];           /* the partner */
	char title[COUNCIL_TITLE_MAX];
	char participants[COUNCIL_TEXT_MAX];
	char topics[COUNCIL_TEXT_MAX];
	char outcomes[COUNCIL_TEXT_MAX];
};

struct council_action {
	int64_t id;
	int64_t decision_id;              /* exactly one of decision_id and engagement_id is set */
	int64_t engagement_id;
	char org[ORG_CODE_MAX];           /* the owning organisation */
	char title[COUNCIL_TITLE_MAX];
	mapo_date due_on;                 /* DATE_NONE: no due date */
	enum action_status status;
	int64_t version;
	/* read-only, filled when listed: the meeting of the decision (0 for engagements) */
	int64_t meeting_id;
};

struct council_action_update {
	int64_t id;
	int64_t action_id;
	mapo_date noted_on;
	enum action_status status;
	char note[COUNCIL_TEXT_MAX];
	char by_user[USERNAME_MAX];
};

void council_org_init(struct council_org *o);
void council_person_init(struct council_person *p);
void council_member_init(struct council_member *m);
void council_meeting_init(struct council_meeting *m);
void council_meeting_release(struct council_meeting *m);
void council_meeting_set_minutes(struct council_meeting *m, const char *minutes);
void council_attendance_init(struct council_attendance *a);
void council_doc_init(struct council_doc *d);
void council_file_init(struct council_file *f);
void council_file_release(struct council_file *f);
void council_decision_init(struct council_decision *d);
void council_engagement_init(struct council_engagement *e);
void council_action_init(struct council_action *a);
void council_action_update_init(struct council_action_update *u);

/* Copies src into a fixed field of size bytes: MAPO_EINVAL (appended to errs under field) when
 * it is not UTF-8 or longer than size - 1 bytes; required: also when empty. */
int council_set_str(char *dst, size_t size, const char *src, const char *field, bool required,
	struct field_errors *errs);

/* Validation: each appends its problems to errs and returns how many it found. Organisation codes
 * are checked for shape here; their existence is the store's (MAPO_EINVAL naming them). */
size_t council_org_validate(const struct council_org *o, struct field_errors *errs);
size_t council_person_validate(const struct council_person *p, struct field_errors *errs);
size_t council_member_validate(const struct council_member *m, struct field_errors *errs);
size_t council_meeting_validate(const struct council_meeting *m, struct field_errors *errs);
size_t council_attendance_validate(const struct council_attendance *a, struct field_errors *errs);
size_t council_doc_validate(const struct council_doc *d, struct field_errors *errs);
size_t council_action_validate(const struct council_action *a, struct field_errors *errs);

/* "Mesyuarat MAPO Bil. 2/2021" (Malay) or "MAPO Meeting No. 2/2021" (English). */
void council_meeting_title(const struct council_meeting *m, enum mapo_lang lang, char *out, size_t size);
/* Parses "BODY N/YEAR" (also "BODY:N/YEAR") into its parts; 0 or MAPO_EINVAL. */
int council_meeting_ref_parse(const char *s, char body[ORG_CODE_MAX], int *number, int *year);

/* The quorum rule: required = floor(members * num / den) + plus ("half of the members plus one"
 * is 1, 2, 1), capped at members when members > 0. */
struct quorum_rule {
	int num, den, plus;
};
long council_quorum_required(const struct quorum_rule *r, long members);

/* The quorum of a meeting: members is the number of member organisations of its body on its date
 * (roles other than invited), attending the number of those present, online or represented. */
struct quorum_report {
	long members;
	long required;
	long attending;
	bool met;
};
int council_quorum(store *s, int64_t meeting_id, struct quorum_report *out, struct mapo_error *err);

/* Is action item a overdue on day as_of: open or in progress with a due date before as_of. */
bool council_action_overdue(const struct council_action *a, mapo_date as_of);

/* The content type of a file from its first bytes (PDF, DOCX/XLSX/PPTX and other ZIP-based
 * Office files, legacy Office, PNG, JPEG, plain UTF-8 text), or NULL when none of those. The
 * name's extension picks among the ZIP-based ones. */
const char *council_sniff_type(const unsigned char *data, size_t len, const char *filename);

/* Access. */
enum council_perm {
	COUNCIL_READ = 0,   /* organisations, meetings, decisions, action items, engagements */
	COUNCIL_WRITE,      /* create and change any of those, documents and files */
	COUNCIL_PEOPLE,     /* representatives' names and contact details (audited) */
	COUNCIL__COUNT
};
bool council_may(const struct principal *p, enum council_perm a);
/* True when p may read (and download) a document of access level level. */
bool council_may_read_doc(const struct principal *p, enum doc_access level);
/* The narrowest level p may read, as a bound for lists: p reads the levels from it to
 * DACC_PUBLIC (DACC_PUBLIC for anonymous visitors). */
enum doc_access council_doc_floor(const struct principal *p);

/* Writes, each for p (NULL: the command line): MAPO_EDENIED unless council_may(p, COUNCIL_WRITE),
 * MAPO_EINVAL with the problems in errs (when not NULL) and the first in err, then the store's
 * result; audited as "council-<thing>-create"/"-update" with the record's id. Ids are set. */
int council_org_add(store *s, const struct principal *p, struct council_org *o, struct field_errors *errs,
	struct mapo_error *err);
int council_org_edit(store *s, const struct principal *p, struct council_org *o, struct field_errors *errs,
	struct mapo_error *err);
int council_person_add(store *s, const struct principal *p, struct council_person *x,
	struct field_errors *errs, struct mapo_error *err);
int council_member_add(store *s, const struct principal *p, struct council_member *m,
	struct field_errors *errs, struct mapo_error *err);
int council_meeting_add(store *s, const struct principal *p, struct council_meeting *m,
	struct field_errors *errs, struct mapo_error *err);
int council_meeting_edit(store *s, const struct principal *p, struct council_meeting *m,
	struct field_errors *errs, struct mapo_error *err);
int council_attendance_put(store *s, const struct principal *p, struct council_attendance *a,
	struct field_errors *errs, struct mapo_error *err);
int council_doc_add(store *s, const struct principal *p, struct council_doc *d, struct field_errors *errs,
	struct mapo_error *err);
/* Attaches a file: MAPO_ETOOBIG over COUNCIL_FILE_MAX, MAPO_EINVAL for an empty file, a bad name
 * or content that is none of the accepted types (council_sniff_type); f->content_type is set
 * from the bytes, never from what the sender claimed. */
int council_file_add(store *s, const struct principal *p, struct council_file *f, struct mapo_error *err);
int council_decision_add(store *s, const struct principal *p, struct council_decision *d,
	struct mapo_error *err);
int council_engagement_add(store *s, const struct principal *p, struct council_engagement *e,
	struct mapo_error *err);
int council_action_add(store *s, const struct principal *p, struct council_action *a,
	struct field_errors *errs, struct mapo_error *err);
/* Changes action item a->id's owning organisation, title and due date (a->org, a->title,
 * a->due_on; DATE_NONE: no due date) against a->version, the version the caller saw
 * (MAPO_ECONFLICT when stale). Its status, decision or engagement and updates stay as stored.
 * MAPO_EDENIED unless council_may(p, COUNCIL_WRITE), checked before anything is read or
 * validated; MAPO_ENOTFOUND when there is no such item; MAPO_EINVAL with the problems in errs.
 * On success *a is the item as stored (its version one higher). Audited as "council-action-edit"
 * with the owning organisation. */
int council_action_edit(store *s, const struct principal *p, struct council_action *a,
	struct field_errors *errs, struct mapo_error *err);
/* Records an update of action item id: its new status (ACT_NONE keeps it) and a note, against
 * the version the caller saw (MAPO_ECONFLICT when stale; 0 skips the check). */
int council_action_note(store *s, const struct principal *p, int64_t id, int64_t version,
	enum action_status status, const char *note, struct mapo_error *err);

/* Reads for p. Documents and files outside p's reach: MAPO_ENOTFOUND. Representatives:
 * MAPO_EDENIED unless council_may(p, COUNCIL_PEOPLE); each call is audited as
 * "council-person-view" (object the person id, or the organisation or meeting listed). */
int council_doc_get(store *s, const struct principal *p, int64_t id, struct council_doc *out,
	struct mapo_error *err);
int council_file_get(store *s, const struct principal *p, int64_t file_id, struct council_file *out,
	struct mapo_error *err);
int council_people_audit(store *s, const struct principal *p, const char *object_type, const char *object_id,
	struct mapo_error *err);

#endif
