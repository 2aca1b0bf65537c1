#include "util/strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/util.h"

void strvec_init(struct strvec *sv)
{
	sv->v = NULL;
	sv->n = sv->alloc = 0;
}

void strvec_release(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	strvec_init(sv);
}

void strvec_clear(struct strvec *sv) { strvec_release(sv); }

static void push_owned(struct strvec *sv, char *s)
{
	ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s) { push_owned(sv, xstrdup(s)); }

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc(n < 0 ? 1 : (size_t)n + 1);
	s[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	push_owned(sv, s);
}

void strvec_split(struct strvec *sv, const char *s, char sep)
{
	while (s && *s) {
		const char *end = strchr(s, sep);
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *b = str_trim(s, &len);
		if (len)
			push_owned(sv, xstrndup(b, len));
		s = end ? end + 1 : NULL;
	}
}

char *strvec_join(const struct strvec *sv, const char *sep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			buf_addstr(&b, sep);
		buf_addstr(&b, sv->v[i]);
	}
	return buf_detach(&b);
}

bool strvec_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void strvec_copy(struct strvec *dst, const struct strvec *src)
{
	for (size_t i = 0; i < src->n; i++)
		strvec_push(dst, src->v[i]);
}
