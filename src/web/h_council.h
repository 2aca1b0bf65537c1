/* The council's pages and /api/v1 routes (h_council.c): meetings, organisations, action items,
 * engagements and the document library. Every handler asks core/council.h who may do what;
 * documents outside a visitor's reach answer 404. */
#ifndef MAPO_WEB_H_COUNCIL_H
#define MAPO_WEB_H_COUNCIL_H

#include "web/web.h"

/* pages */
void h_council(struct web_req *rq, struct web_resp *rs);
void h_council_meeting(struct web_req *rq, struct web_resp *rs);
void h_council_meeting_create(struct web_req *rq, struct web_resp *rs);
void h_council_minutes_post(struct web_req *rq, struct web_resp *rs);
void h_council_attendance_xlsx(struct web_req *rq, struct web_resp *rs);
void h_council_attendance_post(struct web_req *rq, struct web_resp *rs);
void h_council_decision_post(struct web_req *rq, struct web_resp *rs);
void h_council_action_create(struct web_req *rq, struct web_resp *rs);
void h_council_orgs(struct web_req *rq, struct web_resp *rs);
void h_council_org(struct web_req *rq, struct web_resp *rs);
void h_council_org_create(struct web_req *rq, struct web_resp *rs);
void h_council_person_create(struct web_req *rq, struct web_resp *rs);
void h_council_member_create(struct web_req *rq, struct web_resp *rs);
void h_council_engagement_create(struct web_req *rq, struct web_resp *rs);
void h_council_actions(struct web_req *rq, struct web_resp *rs);
void h_council_actions_xlsx(struct web_req *rq, struct web_resp *rs);
void h_council_action_update(struct web_req *rq, struct web_resp *rs);
void h_council_action(struct web_req *rq, struct web_resp *rs);
void h_council_action_edit(struct web_req *rq, struct web_resp *rs);
void h_documents(struct web_req *rq, struct web_resp *rs);
void h_document(struct web_req *rq, struct web_resp *rs);
void h_document_create(struct web_req *rq, struct web_resp *rs);
void h_document_file(struct web_req *rq, struct web_resp *rs);

/* /api/v1 */
void api_council_orgs(struct web_req *rq, struct web_resp *rs);
void api_council_org_create(struct web_req *rq, struct web_resp *rs);
void api_council_org_people(struct web_req *rq, struct web_resp *rs);
void api_council_meetings(struct web_req *rq, struct web_resp *rs);
void api_council_meeting_create(struct web_req *rq, struct web_resp *rs);
void api_council_meeting(struct web_req *rq, struct web_resp *rs);
void api_council_meeting_put(struct web_req *rq, struct web_resp *rs);
void api_council_members(struct web_req *rq, struct web_resp *rs);
void api_council_member_create(struct web_req *rq, struct web_resp *rs);
void api_council_org_put(struct web_req *rq, struct web_resp *rs);
void api_council_attendance(struct web_req *rq, struct web_resp *rs);
void api_council_attendance_put(struct web_req *rq, struct web_resp *rs);
void api_council_decision_create(struct web_req *rq, struct web_resp *rs);
void api_council_actions(struct web_req *rq, struct web_resp *rs);
void api_council_action_create(struct web_req *rq, struct web_resp *rs);
void api_council_action_update(struct web_req *rq, struct web_resp *rs);
void api_council_action_put(struct web_req *rq, struct web_resp *rs);
void api_council_engagements(struct web_req *rq, struct web_resp *rs);
void api_council_engagement_create(struct web_req *rq, struct web_resp *rs);
void api_council_person_create(struct web_req *rq, struct web_resp *rs);
void api_documents(struct web_req *rq, struct web_resp *rs);
void api_document(struct web_req *rq, struct web_resp *rs);
void api_document_create(struct web_req *rq, struct web_resp *rs);
void api_document_file_add(struct web_req *rq, struct web_resp *rs);
void api_file(struct web_req *rq, struct web_resp *rs);

#endif
