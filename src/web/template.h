/* The template layer: HTML built in a struct buf, with every value escaped BY DEFAULT.
 * tpl_printf escapes each %s argument; numbers need no escaping. The only ways to add markup as
 * it is are tpl_raw() and tpl_rawf(), which take text this program wrote itself (never a value
 * that came from a person or the database): grep for them when reviewing. */
#ifndef MAPO_WEB_TEMPLATE_H
#define MAPO_WEB_TEMPLATE_H

#include <stdarg.h>

#include "util/util.h"

/* Appends s with & < > " ' replaced by entities: safe in element text and quoted attributes. */
void tpl_escape(struct buf *out, const char *s);
void tpl_escape_n(struct buf *out, const char *s, size_t n);

/* printf into out, escaping every %s argument (a NULL %s prints nothing). Conversions allowed:
 * %s %c %d %i %u %x with the length modifiers l, ll and z, and %%; the precision ".N" of %s
 * limits the bytes taken before escaping (cut back to a whole UTF-8 character). Anything else aborts (a programming error). */
void tpl_printf(struct buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tpl_vprintf(struct buf *out, const char *fmt, va_list ap);

/* Trusted markup written by this program, added as it is. */
void tpl_raw(struct buf *out, const char *markup);
void tpl_rawf(struct buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Helpers for form fields: an input with its label, its current value and the error message for
 * it (when err is not NULL), linked through aria-describedby. type is "text", "date", ... */
void tpl_input(struct buf *out, const char *name, const char *label, const char *type, const char *value,
	const char *err, bool required);
/* A <select> with its label; options are value/label pairs (n of them); selected may be NULL. An
 * empty first option is added when blank_label is not NULL. */
void tpl_select(struct buf *out, const char *name, const char *label, const char *const *values,
	const char *const *labels, size_t n, const char *selected, const char *blank_label, const char *err);

#endif
