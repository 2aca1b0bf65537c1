/* The TIP report's tiers on the web (h_tier.c): a country's placements as a chart and a table,
 * the outlook for a report year, the minimum-standards evidence of a TIP year, and recording a
 * placement; the same results as JSON under /api/v1/tier, written by io/tier_out.h as
 * `mapo tier ... --format json` writes them. Who may see what: access_may_tier (core/access.h). */
#ifndef MAPO_WEB_H_TIER_H
#define MAPO_WEB_H_TIER_H

#include "web/web.h"

/* pages */
void h_tier(struct web_req *rq, struct web_resp *rs);
void h_tier_history(struct web_req *rq, struct web_resp *rs);
void h_tier_set(struct web_req *rq, struct web_resp *rs);
void h_tier_outlook(struct web_req *rq, struct web_resp *rs);
void h_tier_evidence(struct web_req *rq, struct web_resp *rs);

/* /api/v1/tier */
void api_tier_history(struct web_req *rq, struct web_resp *rs);
void api_tier_set(struct web_req *rq, struct web_resp *rs);
void api_tier_outlook(struct web_req *rq, struct web_resp *rs);
void api_tier_evidence(struct web_req *rq, struct web_resp *rs);

#endif
