/* The handlers of the route table (routes.c), by file, and the helpers they share. */
#ifndef MAPO_WEB_HANDLERS_H
#define MAPO_WEB_HANDLERS_H

#include "web/layout.h"
#include "web/web.h"

/* h_auth.c */
void h_sign_in_form(struct web_req *rq, struct web_resp *rs);
void h_sign_in(struct web_req *rq, struct web_resp *rs);
void h_sign_out(struct web_req *rq, struct web_resp *rs);
void h_lang(struct web_req *rq, struct web_resp *rs);
void api_session_create(struct web_req *rq, struct web_resp *rs);
void api_session_delete(struct web_req *rq, struct web_resp *rs);

/* h_pages.c */
void h_root(struct web_req *rq, struct web_resp *rs);
void h_dashboard(struct web_req *rq, struct web_resp *rs);
void h_public(struct web_req *rq, struct web_resp *rs);

/* h_cases.c */
void h_case_list(struct web_req *rq, struct web_resp *rs);
void h_case_export(struct web_req *rq, struct web_resp *rs);
void h_case_new(struct web_req *rq, struct web_resp *rs);
void h_case_create(struct web_req *rq, struct web_resp *rs);
void h_case_show(struct web_req *rq, struct web_resp *rs);
void h_case_edit(struct web_req *rq, struct web_resp *rs);
void h_case_update(struct web_req *rq, struct web_resp *rs);
void h_case_delete(struct web_req *rq, struct web_resp *rs);

/* h_persons.c */
void h_person_new(struct web_req *rq, struct web_resp *rs);
void h_person_save(struct web_req *rq, struct web_resp *rs);
void h_person_remove(struct web_req *rq, struct web_resp *rs);

/* h_import.c */
void h_import_form(struct web_req *rq, struct web_resp *rs);
void h_import(struct web_req *rq, struct web_resp *rs);

/* h_users.c */
void h_users(struct web_req *rq, struct web_resp *rs);
void h_user_create(struct web_req *rq, struct web_resp *rs);
void h_user_update(struct web_req *rq, struct web_resp *rs);
void h_unlock(struct web_req *rq, struct web_resp *rs);
void h_audit(struct web_req *rq, struct web_resp *rs);

/* api.c */
void api_case_list(struct web_req *rq, struct web_resp *rs);
void api_case_create(struct web_req *rq, struct web_resp *rs);
void api_case_get(struct web_req *rq, struct web_resp *rs);
void api_case_put(struct web_req *rq, struct web_resp *rs);
void api_case_delete(struct web_req *rq, struct web_resp *rs);
void api_person_list(struct web_req *rq, struct web_resp *rs);
void api_person_put(struct web_req *rq, struct web_resp *rs);
void api_person_delete(struct web_req *rq, struct web_resp *rs);
void api_stats(struct web_req *rq, struct web_resp *rs);
void api_statement(struct web_req *rq, struct web_resp *rs);
void api_me(struct web_req *rq, struct web_resp *rs);
void api_openapi(struct web_req *rq, struct web_resp *rs);

/* Shared helpers (h_cases.c). */
/* next when it is a path on this site ("/..." but not "//..."), else fallback. */
const char *safe_next(const char *next, const char *fallback);
/* Reads the case list's filters from params into f (strings point into params); unknown or bad
 * values go to errs as field errors. */
struct case_filter;
void filter_from_params(const struct params *params, struct case_filter *f, struct field_errors *errs);
/* The latest action date in the store (DATE_NONE when empty), for default periods. */
mapo_date latest_action_date(store *db);
/* Sleeps ms milliseconds (sign-in throttling). */
void sleep_ms(unsigned ms);

#endif
