/* Long-lived API tokens on the web (h_tokens.c): a signed-in user lists, creates and revokes its
 * own; administrators list and revoke anyone's. The rules and the audit entries are the core's
 * (auth_api_token_*); a new token is shown once and only its hash is kept. A token is created
 * from a session, never with another API token, so that revoking a leaked token contains it. */
#ifndef MAPO_WEB_H_TOKENS_H
#define MAPO_WEB_H_TOKENS_H

#include "web/web.h"

/* pages: /tokens[?user=NAME], POST /tokens, POST /tokens/{id}/revoke */
void h_tokens(struct web_req *rq, struct web_resp *rs);
void h_token_create(struct web_req *rq, struct web_resp *rs);
void h_token_revoke(struct web_req *rq, struct web_resp *rs);

/* /api/v1/tokens[?user=NAME]: GET lists, POST creates, DELETE /api/v1/tokens/{id} revokes */
void api_tokens(struct web_req *rq, struct web_resp *rs);
void api_token_create(struct web_req *rq, struct web_resp *rs);
void api_token_delete(struct web_req *rq, struct web_resp *rs);

#endif
