/* A victim's protection record on the web (h_victim.c): the person's page with its orders,
 * stays, referrals, consent, s.51A permits and repatriations, the identification page with the
 * trafficking-status decisions, screenings and s.41A re-screening, the forms that record and
 * update them, the after-care list, and the same writes and lists as JSON under
 * /api/v1/protection.
 *
 * Both faces share one path per write: the role's right is checked first (403), then the
 * person's reach (404, as if absent), and only then what was sent (422 with a message per
 * field; a page shows it beside the field with what was sent). Everything goes through
 * core/protection.h and core/aftercare.h, which audit each write in its transaction. */
#ifndef MAPO_WEB_H_VICTIM_H
#define MAPO_WEB_H_VICTIM_H

#include "web/web.h"

/* pages */
void h_victim_person(struct web_req *rq, struct web_resp *rs);
void h_victim_aftercare(struct web_req *rq, struct web_resp *rs);
void h_victim_order_post(struct web_req *rq, struct web_resp *rs);
void h_victim_outcome_post(struct web_req *rq, struct web_resp *rs);
void h_victim_admit_post(struct web_req *rq, struct web_resp *rs);
void h_victim_discharge_post(struct web_req *rq, struct web_resp *rs);
void h_victim_referral_post(struct web_req *rq, struct web_resp *rs);
void h_victim_decision_post(struct web_req *rq, struct web_resp *rs);
void h_victim_permit_post(struct web_req *rq, struct web_resp *rs);
void h_victim_permit_edit_post(struct web_req *rq, struct web_resp *rs);
void h_victim_repat_post(struct web_req *rq, struct web_resp *rs);
void h_victim_repat_edit_post(struct web_req *rq, struct web_resp *rs);
void h_victim_identification(struct web_req *rq, struct web_resp *rs);
void h_victim_status_post(struct web_req *rq, struct web_resp *rs);
void h_victim_screening_post(struct web_req *rq, struct web_resp *rs);
void h_victim_rescreening_post(struct web_req *rq, struct web_resp *rs);
void h_victim_consent_post(struct web_req *rq, struct web_resp *rs);
void h_victim_health_post(struct web_req *rq, struct web_resp *rs);

/* /api/v1/protection */
void api_victim_order_create(struct web_req *rq, struct web_resp *rs);
void api_victim_outcome(struct web_req *rq, struct web_resp *rs);
void api_victim_admit(struct web_req *rq, struct web_resp *rs);
void api_victim_discharge(struct web_req *rq, struct web_resp *rs);
void api_victim_referrals(struct web_req *rq, struct web_resp *rs);
void api_victim_referral_create(struct web_req *rq, struct web_resp *rs);
void api_victim_decision(struct web_req *rq, struct web_resp *rs);
void api_victim_permits(struct web_req *rq, struct web_resp *rs);
void api_victim_permit_create(struct web_req *rq, struct web_resp *rs);
void api_victim_permit_get(struct web_req *rq, struct web_resp *rs);
void api_victim_permit_put(struct web_req *rq, struct web_resp *rs);
void api_victim_repats(struct web_req *rq, struct web_resp *rs);
void api_victim_repat_create(struct web_req *rq, struct web_resp *rs);
void api_victim_repat_get(struct web_req *rq, struct web_resp *rs);
void api_victim_repat_put(struct web_req *rq, struct web_resp *rs);
void api_victim_identification(struct web_req *rq, struct web_resp *rs);
void api_victim_status_create(struct web_req *rq, struct web_resp *rs);
void api_victim_screening_create(struct web_req *rq, struct web_resp *rs);
void api_victim_rescreening_create(struct web_req *rq, struct web_resp *rs);
void api_victim_consents(struct web_req *rq, struct web_resp *rs);
void api_victim_consent_create(struct web_req *rq, struct web_resp *rs);
void api_victim_stays(struct web_req *rq, struct web_resp *rs);
void api_victim_health_create(struct web_req *rq, struct web_resp *rs);

#endif
