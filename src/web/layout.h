/* The page frame every HTML page shares: head, navigation for the user's role, the language
 * switch, the main element, and the footer; and small pieces pages repeat (the CSRF field,
 * flash messages, pagination links). */
#ifndef MAPO_WEB_LAYOUT_H
#define MAPO_WEB_LAYOUT_H

#include "web/web.h"
#include "web/template.h"

/* Starts a page titled title (already translated) in rs->body. */
void page_begin(struct web_req *rq, struct web_resp *rs, const char *title);
/* Ends it and sets the status and the content type. */
void page_end(struct web_req *rq, struct web_resp *rs, int status);
/* An error page with a heading for the status and msg. */
void page_error(struct web_req *rq, struct web_resp *rs, int status, const char *msg);

/* The hidden CSRF input of a state-changing form (nothing for anonymous visitors). */
void csrf_field(struct web_req *rq, struct buf *out);

/* The current path and query, for "next=" after sign-in and the language switch. */
void current_url(const struct web_req *rq, struct buf *out);

/* A date for people: "30 June 2021" / "30 Jun 2021"; "" for DATE_NONE. */
void fmt_date_long(mapo_date d, enum mapo_lang lang, char out[48]);
/* Unix seconds as "YYYY-MM-DD HH:MM UTC". */
void fmt_time(int64_t t, char out[32]);

#endif
