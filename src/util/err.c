#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int mapo_error_set(struct mapo_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

void mapo_error_clear(struct mapo_error *err)
{
	if (err) {
		err->code = MAPO_OK;
		err->msg[0] = '\0';
	}
}
