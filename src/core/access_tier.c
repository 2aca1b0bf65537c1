/* Who may read and record the TIP report's tier placements (the table in core/access.h). */
#include "core/access.h"

bool access_may_tier(const struct principal *p, enum tier_access action)
{
	bool signed_in = p && p->role >= 0 && p->role < ROLE__COUNT;
	switch (action) {
	case TIER_ACCESS_HISTORY:
		/* the US State Department's placements are published: the same as published figures */
		return access_may(p, ACCESS_READ_PUBLISHED);
	case TIER_ACCESS_OUTLOOK:
		return signed_in;
	case TIER_ACCESS_EVIDENCE:
		/* the evidence counts cases: whoever may read the statistics */
		return access_may(p, ACCESS_READ_STATS);
	case TIER_ACCESS_SET:
		return signed_in && (p->role == ROLE_ADMIN || p->role == ROLE_SECRETARIAT);
	default:
		return false;
	}
}
