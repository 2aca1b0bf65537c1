/* Every URL the server answers. Order matters where patterns overlap: literal routes come
 * before the "{ref*}" ones ("/cases/new" before "/cases/{ref*}"). A case reference sits in the
 * path with its slashes as they are (/cases/PDRM/2021/000123) or encoded (%2F).
 * tests/unit/test_web_router.c checks that this table and static/openapi.json agree. */
#include <jansson.h>
#include <stdlib.h>

#include "web/h_council.h"
#include "web/handlers.h"

const struct route web_routes[] = {
	/* pages */
	{"GET", "/", h_root, RF_PUBLIC, "the start page"},
	{"GET", "/public", h_public, RF_PUBLIC, "published aggregate figures"},
	{"GET", "/sign-in", h_sign_in_form, RF_PUBLIC, "the sign-in form"},
	{"POST", "/sign-in", h_sign_in, RF_PUBLIC | RF_NOCSRF, "sign in"},
	{"POST", "/sign-out", h_sign_out, 0, "sign out"},
	{"GET", "/lang/{code}", h_lang, RF_PUBLIC, "switch the language"},
	{"GET", "/dashboard", h_dashboard, 0, "the dashboard"},
	{"GET", "/cases", h_case_list, 0, "the case list"},
	{"GET", "/cases.csv", h_case_export, 0, "the case list as CSV"},
	{"GET", "/cases/new", h_case_new, 0, "the new case form"},
	{"POST", "/cases", h_case_create, 0, "create a case"},
	{"GET", "/cases/{ref*}/edit", h_case_edit, 0, "the case edit form"},
	{"POST", "/cases/{ref*}/edit", h_case_update, 0, "save a case"},
	{"POST", "/cases/{ref*}/delete", h_case_delete, 0, "delete a case"},
	{"GET", "/cases/{ref*}/persons/new", h_person_new, 0, "the form to add a person to a case"},
	{"POST", "/cases/{ref*}/persons/remove", h_person_remove, 0, "remove a person's role from a case"},
	{"POST", "/cases/{ref*}/persons", h_person_save, 0, "add or replace a person's role"},
	{"GET", "/cases/{ref*}", h_case_show, 0, "a case"},
	{"GET", "/import", h_import_form, 0, "the import form"},
	{"POST", "/import", h_import, RF_UPLOAD, "import CSV files"},
	{"GET", "/users", h_users, 0, "accounts, roles and locks"},
	{"POST", "/users", h_user_create, 0, "create an account"},
	{"POST", "/users/{name}", h_user_update, 0, "change an account"},
	{"POST", "/locks", h_unlock, 0, "clear a sign-in lock"},
	{"GET", "/audit", h_audit, 0, "the audit trail"},
	{"GET", "/static/{name}", h_static, RF_PUBLIC, "stylesheet and icons"},
	/* the council's work (h_council.c) */
	{"GET", "/council", h_council, 0, "the council's meetings"},
	{"POST", "/council/meetings", h_council_meeting_create, 0, "create a meeting"},
	{"GET", "/council/meetings/{id}/attendance.xlsx", h_council_attendance_xlsx, 0, "a meeting's attendance as XLSX"},
	{"POST", "/council/meetings/{id}/attendance", h_council_attendance_post, 0, "record attendance"},
	{"POST", "/council/meetings/{id}/decisions", h_council_decision_post, 0, "record a decision"},
	{"GET", "/council/meetings/{id}", h_council_meeting, 0, "a meeting"},
	{"GET", "/council/orgs", h_council_orgs, 0, "members, partners and engagements"},
	{"GET", "/council/actions", h_council_actions, 0, "action items"},
	{"POST", "/council/actions", h_council_action_create, 0, "add an action item"},
	{"GET", "/council/actions.xlsx", h_council_actions_xlsx, 0, "action items as XLSX"},
	{"POST", "/council/actions/{id}", h_council_action_update, 0, "update an action item"},
	{"GET", "/documents", h_documents, RF_PUBLIC, "the document library (public documents for everyone)"},
	{"POST", "/documents", h_document_create, RF_UPLOAD, "add a document with its file"},
	{"GET", "/documents/files/{id}", h_document_file, RF_PUBLIC, "download a document's file"},
	{"GET", "/documents/{id}", h_document, RF_PUBLIC, "a document"},

	/* the JSON API */
	{"POST", "/api/v1/sessions", api_session_create, RF_API | RF_PUBLIC | RF_NOCSRF, "sign in"},
	{"DELETE", "/api/v1/sessions", api_session_delete, RF_API, "sign out"},
	{"GET", "/api/v1/me", api_me, RF_API, "the signed-in user"},
	{"GET", "/api/v1/cases", api_case_list, RF_API, "list cases"},
	{"POST", "/api/v1/cases", api_case_create, RF_API, "create a case"},
	{"GET", "/api/v1/cases/{ref*}/persons", api_person_list, RF_API, "the persons of a case"},
	{"POST", "/api/v1/cases/{ref*}/persons", api_person_put, RF_API, "add or replace a person's role"},
	{"GET", "/api/v1/cases/{ref*}", api_case_get, RF_API, "a case"},
	{"PUT", "/api/v1/cases/{ref*}", api_case_put, RF_API, "change a case"},
	{"DELETE", "/api/v1/cases/{ref*}", api_case_delete, RF_API, "delete a case"},
	{"GET", "/api/v1/stats", api_stats, RF_API, "statistics, as mapo stats --format json"},
	{"GET", "/api/v1/statement", api_statement, RF_API | RF_PUBLIC, "the statement sentence"},
	{"GET", "/api/v1/openapi.json", api_openapi, RF_API | RF_PUBLIC, "this API's description"},
	{"GET", "/api/v1/council/orgs", api_council_orgs, RF_API, "the council's organisations"},
	{"POST", "/api/v1/council/orgs", api_council_org_create, RF_API, "add an organisation"},
	{"GET", "/api/v1/council/orgs/{code}/people", api_council_org_people, RF_API, "an organisation's representatives"},
	{"POST", "/api/v1/council/orgs/{code}/people", api_council_person_create, RF_API, "add a representative"},
	{"GET", "/api/v1/council/meetings", api_council_meetings, RF_API, "meetings"},
	{"POST", "/api/v1/council/meetings", api_council_meeting_create, RF_API, "create a meeting"},
	{"GET", "/api/v1/council/meetings/{id}/attendance", api_council_attendance, RF_API, "a meeting's attendance"},
	{"POST", "/api/v1/council/meetings/{id}/attendance", api_council_attendance_put, RF_API, "record attendance"},
	{"POST", "/api/v1/council/meetings/{id}/decisions", api_council_decision_create, RF_API, "record a decision"},
	{"GET", "/api/v1/council/meetings/{id}", api_council_meeting, RF_API, "a meeting"},
	{"GET", "/api/v1/council/actions", api_council_actions, RF_API, "action items"},
	{"POST", "/api/v1/council/actions", api_council_action_create, RF_API, "add an action item"},
	{"POST", "/api/v1/council/actions/{id}/updates", api_council_action_update, RF_API, "update an action item"},
	{"GET", "/api/v1/council/engagements", api_council_engagements, RF_API, "engagements with partners"},
	{"POST", "/api/v1/council/engagements", api_council_engagement_create, RF_API, "record an engagement"},
	{"GET", "/api/v1/documents", api_documents, RF_API | RF_PUBLIC, "documents the caller may read"},
	{"POST", "/api/v1/documents", api_document_create, RF_API, "add a document"},
	{"POST", "/api/v1/documents/{id}/files", api_document_file_add, RF_API | RF_UPLOAD, "attach a file"},
	{"GET", "/api/v1/documents/{id}", api_document, RF_API | RF_PUBLIC, "a document and its files"},
	{"GET", "/api/v1/files/{id}", api_file, RF_API | RF_PUBLIC, "download a file"},
};

const size_t web_nroutes = sizeof(web_routes) / sizeof(web_routes[0]);
