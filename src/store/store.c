/* The parts of store.h that do not depend on a backend. */
#include <string.h>

#include "store/store.h"

void case_filter_init(struct case_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = KIND_NONE;
	f->status = STATUS_NONE;
	f->from = DATE_NONE;
	f->to = DATE_NONE;
	f->sort = SORT_REF;
}
