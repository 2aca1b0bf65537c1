/* Everything in src/util at once, and banned.h last. */
#ifndef MAPO_UTIL_H
#define MAPO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/err.h"
#include "util/i18n.h"
#include "util/strvec.h"

/* Parses a whole decimal integer in [min, max]; 0 or MAPO_EINVAL. */
int parse_int(const char *s, long long min, long long max, long long *out);
/* Writes n with a comma every three digits ("1,854") into out (at least 32 bytes). */
void fmt_count(long long n, char out[32]);
/* The part of s[0..*len) without the spaces and tabs around it: its start, *len shortened. */
const char *str_trim(const char *s, size_t *len);
/* True when s (len bytes) is valid UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t len);

#include "util/banned.h"

#endif
