#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/util.h"

int parse_int(const char *s, long long min, long long max, long long *out)
{
	if (!s || !*s)
		return MAPO_EINVAL;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return MAPO_EINVAL;
	*out = v;
	return 0;
}

void fmt_count(long long n, char out[32])
{
	char tmp[32];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int len = 0, groups = 0;
	do {
		if (groups == 3) {
			tmp[len++] = ',';
			groups = 0;
		}
		tmp[len++] = (char)('0' + u % 10);
		u /= 10;
		groups++;
	} while (u);
	if (n < 0)
		tmp[len++] = '-';
	for (int i = 0; i < len; i++)
		out[i] = tmp[len - 1 - i];
	out[len] = '\0';
}

const char *str_trim(const char *s, size_t *len)
{
	size_t n = *len;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	*len = n;
	return s;
}

bool utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
		if (n <= 0 || cp == 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}
