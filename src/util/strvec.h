/* A NULL-terminated, growable array of owned strings (git's strvec). */
#ifndef MAPO_STRVEC_H
#define MAPO_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

struct strvec {
	char **v; /* v[n] is NULL once anything was pushed */
	size_t n;
	size_t alloc;
};

#define STRVEC_INIT {NULL, 0, 0}

void strvec_init(struct strvec *sv);
void strvec_release(struct strvec *sv);
void strvec_clear(struct strvec *sv);
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the sep-separated parts of s, each trimmed of spaces; empty parts are skipped. */
void strvec_split(struct strvec *sv, const char *s, char sep);
/* The items joined by sep, newly allocated. */
char *strvec_join(const struct strvec *sv, const char *sep);
bool strvec_has(const struct strvec *sv, const char *s);
void strvec_copy(struct strvec *dst, const struct strvec *src);

#endif
