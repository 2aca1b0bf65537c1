/* The access policy for victim protection (core/access.h, the part after "victim protection").
 * Kept apart from access.c so that the protection rules read as one table. */
#include <stdbool.h>

#include "core/access.h"

enum { N = 0, Y = 1, O = 2 /* partner: its own referrals only (the core narrows the lists) */ };

static const unsigned char protect_table[ROLE__COUNT][PROTECT__COUNT] = {
	/*                    read identify edit admin record */
	/* admin          */ {Y,   Y,       Y,   Y,    Y},
	/* secretariat    */ {Y,   N,       N,   N,    Y},
	/* agency-officer */ {N,   Y,       N,   N,    N},
	/* prosecutor     */ {N,   N,       N,   N,    N},
	/* protection     */ {Y,   Y,       Y,   N,    Y},
	/* partner        */ {O,   N,       N,   N,    N},
};

bool access_may_protection(const struct principal *p, enum protection_action action)
{
	if (!p || p->role < 0 || p->role >= ROLE__COUNT || action < 0 || action >= PROTECT__COUNT)
		return false;
	unsigned char v = protect_table[p->role][action];
	if (v == O)
		return p->org[0] != '\0';
	if (v == Y && p->role == ROLE_AGENCY_OFFICER)
		return p->agency[0] != '\0';
	return v == Y;
}

enum identity_view access_identity_view(const struct principal *p, const struct person_facts *f)
{
	if (!p || !f)
		return IDVIEW_NONE;
	switch (p->role) {
	case ROLE_ADMIN:
		return IDVIEW_FULL;
	case ROLE_SECRETARIAT:
		return p->identity_grant ? IDVIEW_FULL : IDVIEW_MASKED;
	case ROLE_AGENCY_OFFICER:
		return p->agency[0] && f->in_agency ? IDVIEW_FULL : IDVIEW_NONE;
	case ROLE_PROSECUTOR:
		return f->in_prosecution ? IDVIEW_MASKED : IDVIEW_NONE;
	case ROLE_PROTECTION_OFFICER:
		return f->victim ? IDVIEW_FULL : IDVIEW_NONE;
	case ROLE_PARTNER:
		return p->org[0] && f->referred_by_org ? IDVIEW_FULL : IDVIEW_NONE;
	default:
		return IDVIEW_NONE;
	}
}
