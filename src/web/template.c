#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/template.h"

void tpl_escape_n(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		buf_add(out, s + start, i - start);
		buf_addstr(out, ent);
		start = i + 1;
	}
	buf_add(out, s + start, n - start);
}

void tpl_escape(struct buf *out, const char *s)
{
	if (s)
		tpl_escape_n(out, s, strlen(s));
}

void tpl_raw(struct buf *out, const char *markup)
{
	if (markup)
		buf_addstr(out, markup);
}

void tpl_rawf(struct buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(out, fmt, ap);
	va_end(ap);
}

void tpl_vprintf(struct buf *out, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_addstr(out, p);
			return;
		}
		buf_add(out, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_addch(out, '%');
			p = q + 1;
			continue;
		}
		/* flags, width and precision as digits only: '*' would need an argument we do not take */
		while (*q && strchr("-+ #0", *q))
			q++;
		while (*q >= '0' && *q <= '9')
			q++;
		int prec = -1;
		if (*q == '.') {
			prec = 0;
			q++;
			while (*q >= '0' && *q <= '9')
				prec = prec * 10 + (*q++ - '0');
		}
		int lng = 0;
		bool size = false;
		if (*q == 'l') {
			lng++;
			q++;
			if (*q == 'l') {
				lng++;
				q++;
			}
		} else if (*q == 'z') {
			size = true;
			q++;
		}
		char spec[32];
		size_t sl = (size_t)(q - pct) + 1;
		if (sl >= sizeof(spec))
			abort();
		memcpy(spec, pct, sl);
		spec[sl] = '\0';
		char num[64];
		switch (*q) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s) {
				size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
				/* a cut never splits a UTF-8 character */
				while (n && prec >= 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
					n--;
				tpl_escape_n(out, s, n);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			tpl_escape_n(out, &c, 1);
			break;
		}
		case 'd':
		case 'i':
			if (size)
				snprintf(num, sizeof(num), spec, va_arg(ap, ptrdiff_t));
			else if (lng == 2)
				snprintf(num, sizeof(num), spec, va_arg(ap, long long));
			else if (lng == 1)
				snprintf(num, sizeof(num), spec, va_arg(ap, long));
			else
				snprintf(num, sizeof(num), spec, va_arg(ap, int));
			buf_addstr(out, num);
			break;
		case 'u':
		case 'x':
			if (size)
				snprintf(num, sizeof(num), spec, va_arg(ap, size_t));
			else if (lng == 2)
				snprintf(num, sizeof(num), spec, va_arg(ap, unsigned long long));
			else if (lng == 1)
				snprintf(num, sizeof(num), spec, va_arg(ap, unsigned long));
			else
				snprintf(num, sizeof(num), spec, va_arg(ap, unsigned));
			buf_addstr(out, num);
			break;
		default:
			abort();
		}
		p = q + 1;
	}
}

void tpl_printf(struct buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tpl_vprintf(out, fmt, ap);
	va_end(ap);
}

void tpl_input(struct buf *out, const char *name, const char *label, const char *type, const char *value,
	const char *err, bool required)
{
	tpl_printf(out, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", err ? " invalid" : "", name, label);
	tpl_printf(out, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name, type, value ? value : "");
	if (required)
		tpl_raw(out, " required");
	if (err)
		tpl_printf(out, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	tpl_raw(out, ">");
	if (err)
		tpl_printf(out, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	tpl_raw(out, "</div>\n");
}

void tpl_select(struct buf *out, const char *name, const char *label, const char *const *values,
	const char *const *labels, size_t n, const char *selected, const char *blank_label, const char *err)
{
	tpl_printf(out, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", err ? " invalid" : "", name, label);
	tpl_printf(out, "<select id=\"f-%s\" name=\"%s\"", name, name);
	if (err)
		tpl_printf(out, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	tpl_raw(out, ">");
	if (blank_label)
		tpl_printf(out, "<option value=\"\">%s</option>", blank_label);
	for (size_t i = 0; i < n; i++)
		tpl_printf(out, "<option value=\"%s\"%s>%s</option>", values[i],
			selected && !strcmp(selected, values[i]) ? " selected" : "", labels[i]);
	tpl_raw(out, "</select>");
	if (err)
		tpl_printf(out, "<p class=\"error\" id=\"e-%s\">%s</p>", name, err);
	tpl_raw(out, "</div>\n");
}
