#include "util/alloc.h"

/* GCC 12 with UBSan's null checks reports "null format string" for the vsnprintf calls below,
 * whose fmt comes from the caller and is never NULL (format attribute in alloc.h). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

static unsigned long fail_countdown;
static void (*oom_handler)(void);

void alloc_fail_after(unsigned long n) { fail_countdown = n; }

void alloc_set_oom_handler(void (*handler)(void)) { oom_handler = handler; }

static _Noreturn void die_oom(void)
{
	if (oom_handler)
		oom_handler();
	fprintf(stderr, "mapo: %s\n", _("out of memory"));
	exit(3);
}

static int injected_failure(void)
{
	return fail_countdown && --fail_countdown == 0;
}

void *xmalloc(size_t size)
{
	void *p = injected_failure() ? NULL : malloc(size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = injected_failure() ? NULL : calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = injected_failure() ? NULL : realloc(ptr, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die_oom();
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void alloc_grow(void **arr, size_t elsize, size_t need, size_t *alloc)
{
	if (need <= *alloc)
		return;
	size_t n = *alloc ? *alloc : 8;
	while (n < need)
		n = n + n / 2 + 8;
	if (n > (size_t)-1 / elsize)
		die_oom();
	*arr = xrealloc(*arr, n * elsize);
	*alloc = n;
}
