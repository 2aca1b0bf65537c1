/* libxlsxwriter, loaded when first needed: see xlsxw.h. */
#include "io/xlsxw.h"
#include "util/util.h"

struct xlsxw xw;

#define XW_SYM(f) {#f, (void **)&xw.f},
static const struct dynlib_sym xw_syms[] = {XW_FUNCS(XW_SYM)};
static struct dynlib xw_lib = DYNLIB_INIT("libxlsxwriter.so.4", xw_syms);

int xlsxw_load(struct mapo_error *err)
{
	return dynlib_load(&xw_lib, _("Excel workbooks"), err);
}
