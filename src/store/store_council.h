/* The store interface of the council's work (core/council.h): organisations, representatives,
 * memberships, quorum rules, meetings with agenda and attendance, documents and their files,
 * decisions, action items and their updates, engagements. Same conventions as store.h: 0 or a
 * negative enum mapo_err, err filled with a translated message, every write in a transaction (the
 * caller's when one is open). Organisations are named by code; an unknown code is MAPO_EINVAL
 * naming it. get: MAPO_ENOTFOUND. Records passed to callbacks are valid only during the call; a
 * callback returns non-zero to stop (that value is returned). The core (council.c) is the
 * intended caller: faces go through core/council.h for writes and access-checked reads. Implemented
 * by sql_council.c on both backends (schema: migrations/0004_council.sql). */
#ifndef MAPO_STORE_COUNCIL_H
#define MAPO_STORE_COUNCIL_H

#include "core/council.h"
#include "store/store.h"

/* Organisations. insert: MAPO_EEXIST when the code is taken; sets o->id, version 1. update: by
 * code, against o->version (MAPO_ECONFLICT when stale), a parent that would make a cycle is
 * MAPO_EINVAL. list: kind ORGK_NONE for all, ordered by kind then code. */
typedef int (*council_org_cb)(const struct council_org *o, void *arg);
int store_council_org_insert(store *s, struct council_org *o, struct mapo_error *err);
int store_council_org_update(store *s, struct council_org *o, struct mapo_error *err);
int store_council_org_get(store *s, const char *code, struct council_org *out, struct mapo_error *err);
int store_council_org_list(store *s, enum org_kind kind, council_org_cb cb, void *arg, struct mapo_error *err);

/* Representatives. list: of org (NULL: all), by organisation code then name. */
typedef int (*council_person_cb)(const struct council_person *p, void *arg);
int store_council_person_insert(store *s, struct council_person *p, struct mapo_error *err);
int store_council_person_get(store *s, int64_t id, struct council_person *out, struct mapo_error *err);
int store_council_person_list(store *s, const char *org, council_person_cb cb, void *arg, struct mapo_error *err);

/* Memberships. list: of body (NULL: every body) in force on day (DATE_NONE: all), ordered by
 * body, role, organisation. count_orgs: distinct member organisations of body on day whose role
 * is not invited. */
typedef int (*council_member_cb)(const struct council_member *m, void *arg);
int store_council_member_insert(store *s, struct council_member *m, struct mapo_error *err);
int store_council_member_list(store *s, const char *body, mapo_date day, council_member_cb cb, void *arg,
	struct mapo_error *err);
int store_council_member_count_orgs(store *s, const char *body, mapo_date day, long *n, struct mapo_error *err);
/* Is org a member (not invited) of body on day? */
int store_council_is_member(store *s, const char *body, const char *org, mapo_date day, bool *out,
	struct mapo_error *err);

/* Quorum rules: put replaces the row of body_code ("*": the default); get reads body's rule or
 * the default (MAPO_ENOTFOUND when neither exists). */
int store_council_quorum_put(store *s, const char *body_code, const struct quorum_rule *r, struct mapo_error *err);
int store_council_quorum_get(store *s, const char *body, struct quorum_rule *out, struct mapo_error *err);

/* Meetings (agenda included). insert sets m->id and version 1; update: against m->version,
 * replaces the agenda. get fills the computed number. find: body's number-th meeting of year.
 * list: body (NULL: all), year (0: all), by date. */
typedef int (*council_meeting_cb)(const struct council_meeting *m, void *arg);
int store_council_meeting_insert(store *s, struct council_meeting *m, struct mapo_error *err);
int store_council_meeting_update(store *s, struct council_meeting *m, struct mapo_error *err);
int store_council_meeting_get(store *s, int64_t id, struct council_meeting *out, struct mapo_error *err);
int store_council_meeting_find(store *s, const char *body, int year, int number, int64_t *id,
	struct mapo_error *err);
int store_council_meeting_list(store *s, const char *body, int year, council_meeting_cb cb, void *arg,
	struct mapo_error *err);

/* Attendance: put inserts or replaces the person's line in the meeting (sets a->id; a->org
 * defaults to the person's organisation when ""). list: by organisation code, then name. */
typedef int (*council_attendance_cb)(const struct council_attendance *a, void *arg);
int store_council_attendance_put(store *s, struct council_attendance *a, struct mapo_error *err);
int store_council_attendance_list(store *s, int64_t meeting_id, council_attendance_cb cb, void *arg,
	struct mapo_error *err);

/* Documents. list: those with access level at least floor (DACC_INTERNAL: all), of kind (DOCK_NONE:
 * all; papers_only: the paper kinds), of meeting (0: any), newest first. */
struct council_doc_filter {
	enum doc_access floor;
	enum doc_kind kind;
	bool papers_only;
	int64_t meeting_id;
};
void council_doc_filter_init(struct council_doc_filter *f);
typedef int (*council_doc_cb)(const struct council_doc *d, void *arg);
int store_council_doc_insert(store *s, struct council_doc *d, struct mapo_error *err);
int store_council_doc_update(store *s, struct council_doc *d, struct mapo_error *err);
int store_council_doc_get(store *s, int64_t id, struct council_doc *out, struct mapo_error *err);
int store_council_doc_list(store *s, const struct council_doc_filter *f, council_doc_cb cb, void *arg,
	struct mapo_error *err);

/* Files. insert copies f->data (f->size bytes) and sets f->id. get: with the data (owned by out,
 * council_file_release). list: of doc_id without data, by id. */
typedef int (*council_file_cb)(const struct council_file *f, void *arg);
int store_council_file_insert(store *s, struct council_file *f, struct mapo_error *err);
int store_council_file_get(store *s, int64_t id, struct council_file *out, struct mapo_error *err);
int store_council_file_list(store *s, int64_t doc_id, council_file_cb cb, void *arg, struct mapo_error *err);

/* Decisions: list of meeting_id (0: all), by id. */
typedef int (*council_decision_cb)(const struct council_decision *d, void *arg);
int store_council_decision_insert(store *s, struct council_decision *d, struct mapo_error *err);
int store_council_decision_list(store *s, int64_t meeting_id, council_decision_cb cb, void *arg,
	struct mapo_error *err);

/* Engagements: list by date, newest first; org NULL for all. */
typedef int (*council_engagement_cb)(const struct council_engagement *e, void *arg);
int store_council_engagement_insert(store *s, struct council_engagement *e, struct mapo_error *err);
int store_council_engagement_get(store *s, int64_t id, struct council_engagement *out, struct mapo_error *err);
int store_council_engagement_list(store *s, const char *org, council_engagement_cb cb, void *arg,
	struct mapo_error *err);

/* Action items. update: status and the rest against a->version. list: by the filter, ordered by
 * owning organisation, due date (none last), id. */
struct council_action_filter {
	const char *org;          /* NULL: any */
	unsigned status_mask;     /* 1u << status; 0: any */
	mapo_date due_before;     /* only items due before this day (DATE_NONE: any) */
	int64_t meeting_id;       /* only items of this meeting's decisions (0: any) */
	int64_t decision_id;      /* 0: any */
	int64_t engagement_id;    /* 0: any */
	const char *body;         /* only items of decisions of this body's meetings (NULL: any) */
};
void council_action_filter_init(struct council_action_filter *f);
typedef int (*council_action_cb)(const struct council_action *a, void *arg);
int store_council_action_insert(store *s, struct council_action *a, struct mapo_error *err);
int store_council_action_update(store *s, struct council_action *a, struct mapo_error *err);
int store_council_action_get(store *s, int64_t id, struct council_action *out, struct mapo_error *err);
int store_council_action_list(store *s, const struct council_action_filter *f, council_action_cb cb, void *arg,
	struct mapo_error *err);
typedef int (*council_action_update_cb)(const struct council_action_update *u, void *arg);
int store_council_action_update_insert(store *s, struct council_action_update *u, struct mapo_error *err);
int store_council_action_update_list(store *s, int64_t action_id, council_action_update_cb cb, void *arg,
	struct mapo_error *err);

#endif
