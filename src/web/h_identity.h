/* A victim's identity on the web (h_identity.c): the page that shows it as the role may see it
 * (in full or masked, saying which) with the form that sets and clears its fields, the search by
 * identity or passport number (through the blind index), the photo (uploaded on the page, shown
 * to a full view only), and the same under /api/v1/protection (the photo is the page's alone).
 *
 * The order of the checks, on both faces: the role's right (403), then the person's reach (404,
 * as if absent), then what was sent (422, beside the field), and only then the key file (503), so
 * that a role or a person out of reach learns nothing about the server's key. Everything goes
 * through core/protection.h, which seals the values and audits every view, write and search. */
#ifndef MAPO_WEB_H_IDENTITY_H
#define MAPO_WEB_H_IDENTITY_H

#include "web/web.h"

/* pages */
void h_identity(struct web_req *rq, struct web_resp *rs);
void h_identity_post(struct web_req *rq, struct web_resp *rs);
/* The photo: a JPEG or PNG sent as multipart (or cleared), and its bytes for a full view. */
void h_identity_photo_post(struct web_req *rq, struct web_resp *rs);
void h_identity_photo(struct web_req *rq, struct web_resp *rs);
void h_identity_search(struct web_req *rq, struct web_resp *rs);

/* /api/v1/protection */
void api_protection_identity(struct web_req *rq, struct web_resp *rs);
void api_identity_put(struct web_req *rq, struct web_resp *rs);
void api_identity_search(struct web_req *rq, struct web_resp *rs);

#endif
