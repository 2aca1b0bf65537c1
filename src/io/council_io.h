/* The council's files and formats: the quorum rule file (data/council_quorum.csv), the council
 * demo's data files (CSV files under data/demo/council), the JSON form of the council's records, and the
 * XLSX workbooks of action items and of a meeting's attendance (libxlsxwriter). Nothing here
 * knows the CLI or HTTP. */
#ifndef MAPO_IO_COUNCIL_IO_H
#define MAPO_IO_COUNCIL_IO_H

#include <jansson.h>

#include "core/council.h"
#include "store/store.h"
#include "util/util.h"

/* Reads path (columns body,num,den,plus,source) into the store's quorum rules, in one
 * transaction. MAPO_EINVAL naming FILE:LINE for a bad row. */
int council_quorum_load(store *s, const char *path, struct mapo_error *err);

/* Loads the council demo from dir (orgs.csv, people.csv, members.csv, meetings.csv,
 * attendance.csv, docs.csv, decisions.csv, engagements.csv, actions.csv and the files docs.csv
 * names under dir/files/) in one transaction, as the command line (audited as such). MAPO_EEXIST
 * when the store holds council organisations already. */
int council_demo_load(store *s, const char *dir, struct mapo_error *err);

/* JSON forms, new objects the caller decrefs. Members as the CLI's CSV columns; absent dates and
 * ids are null. action: "overdue" is computed against as_of. meeting: "title_ms"/"title_en" are
 * the numbered titles; agenda and minutes only when full. */
json_t *council_org_to_json(const struct council_org *o);
json_t *council_person_to_json(const struct council_person *p);
json_t *council_member_to_json(const struct council_member *m);
json_t *council_meeting_to_json(const struct council_meeting *m, bool full);
json_t *council_attendance_to_json(const struct council_attendance *a);
json_t *council_doc_to_json(const struct council_doc *d);
json_t *council_file_to_json(const struct council_file *f);
json_t *council_decision_to_json(const struct council_decision *d);
json_t *council_engagement_to_json(const struct council_engagement *e);
json_t *council_action_to_json(const struct council_action *a, mapo_date as_of);

/* Workbooks. Headings are translated by the caller's language. actions: one row per item with
 * its organisation, title, due date, status, and whether it is overdue on as_of. attendance: the
 * meeting's title, date and mode on top, then one row per line (organisation, name, attendance,
 * represented by) and the quorum (q may be NULL). MAPO_EIO when the file cannot be written. */
int council_xlsx_actions(const char *path, const struct council_action *v, size_t n, mapo_date as_of,
	struct mapo_error *err);
int council_xlsx_attendance(const char *path, const struct council_meeting *m, const struct council_attendance *v,
	size_t n, const struct quorum_report *q, struct mapo_error *err);

#endif
