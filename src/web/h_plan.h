/* The action plan's pages and /api/v1 routes (h_plan.c): plans and their progress with charts
 * per pillar and per organisation over time, quarterly reports by the lead organisation, the
 * XLSX export, the TIP report's recommendations and the outlook, guidelines and compliance.
 * Who may do what is core/plan.h's (plan_may_read, plan_may_report, plan_may_record_check). */
#ifndef MAPO_WEB_H_PLAN_H
#define MAPO_WEB_H_PLAN_H

#include "web/web.h"

/* pages */
void h_plans(struct web_req *rq, struct web_resp *rs);
void h_plan(struct web_req *rq, struct web_resp *rs);
void h_plan_progress_post(struct web_req *rq, struct web_resp *rs);
void h_plan_xlsx(struct web_req *rq, struct web_resp *rs);
void h_recommendations(struct web_req *rq, struct web_resp *rs);
void h_guidelines(struct web_req *rq, struct web_resp *rs);
void h_guideline_check_post(struct web_req *rq, struct web_resp *rs);
void h_recommendation_post(struct web_req *rq, struct web_resp *rs);

/* /api/v1 */
void api_plans(struct web_req *rq, struct web_resp *rs);
void api_plan(struct web_req *rq, struct web_resp *rs);
void api_plan_status(struct web_req *rq, struct web_resp *rs);
void api_plan_progress(struct web_req *rq, struct web_resp *rs);
void api_plan_progress_create(struct web_req *rq, struct web_resp *rs);
void api_recommendations(struct web_req *rq, struct web_resp *rs);
void api_recommendation_update(struct web_req *rq, struct web_resp *rs);
void api_outlook(struct web_req *rq, struct web_resp *rs);
void api_guideline(struct web_req *rq, struct web_resp *rs);
void api_guideline_check_create(struct web_req *rq, struct web_resp *rs);
void api_compliance(struct web_req *rq, struct web_resp *rs);

#endif
