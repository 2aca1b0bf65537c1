/* libxlsxwriter, loaded with the first workbook written (util/dynlib.h), so that the other
 * commands do not pay for it and what it brings (OpenSSL) at start-up. Writers call xlsxw_load
 * before their first call, then go through xw: xw.workbook_new(path). */
#ifndef MAPO_IO_XLSXW_H
#define MAPO_IO_XLSXW_H

#include <xlsxwriter.h>

#include "util/dynlib.h"

#define XW_FUNCS(X) X(workbook_new) X(workbook_add_worksheet) X(workbook_add_format) X(workbook_close) \
	X(worksheet_write_string) X(worksheet_write_number) X(worksheet_set_column) X(worksheet_freeze_panes) \
	X(format_set_bold) X(format_set_num_format)
struct xlsxw {
	XW_FUNCS(DYNLIB_MEMBER)
};
extern struct xlsxw xw;

/* 0, or MAPO_EIO naming the library that could not be loaded. */
int xlsxw_load(struct mapo_error *err);

#endif
