/* Victim protection on the web (h_protection.c): the deadline board (orders ending soon and
 * orders past their end with no outcome), the places of refuge with an occupancy chart, and
 * their JSON under /api/v1/protection (a person's identity is h_identity.c's). Who may see
 * what: access_may_protection and access_identity_view (core/access.h); a partner sees only the
 * persons it referred. */
#ifndef MAPO_WEB_H_PROTECTION_H
#define MAPO_WEB_H_PROTECTION_H

#include "web/web.h"

/* pages */
void h_protection(struct web_req *rq, struct web_resp *rs);
void h_protection_shelters(struct web_req *rq, struct web_resp *rs);
void h_protection_victims(struct web_req *rq, struct web_resp *rs);

/* The dashboard's panel (h_pages.c): how many orders are past their end with no outcome and
 * how many end within 14 days, linking to the board; nothing for roles without PROTECT_READ. */
void protection_panel(struct web_req *rq, struct buf *o);

/* Shared with h_victim.c: may the principal take action a (PROTECT_READ: the victims and their
 * status; PROTECT_RECORD: the rest of the protection record)? Else 403 and false. A date as
 * JSON ("YYYY-MM-DD", null for none); an order as the API gives it. */
bool protection_may(struct web_req *rq, struct web_resp *rs, enum protection_action a);
json_t *protection_jdate(mapo_date d);
struct protection_order;
json_t *protection_order_json(const struct protection_order *o);

/* /api/v1/protection */
void api_protection_orders(struct web_req *rq, struct web_resp *rs);
void api_protection_victims(struct web_req *rq, struct web_resp *rs);
void api_protection_shelters(struct web_req *rq, struct web_resp *rs);
void api_protection_occupancy(struct web_req *rq, struct web_resp *rs);

#endif
