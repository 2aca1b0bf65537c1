/* A growable byte buffer with a hard cap (curl's dynbuf). data is always NUL-terminated once
 * anything was added. */
#ifndef MAPO_BUF_H
#define MAPO_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)256 << 20)

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* adding past this fails with MAPO_ETOOBIG */
};

#define BUF_INIT {NULL, 0, 0, BUF_DEFAULT_MAX}

void buf_init(struct buf *b, size_t max); /* max 0: BUF_DEFAULT_MAX */
void buf_release(struct buf *b);
void buf_reset(struct buf *b); /* empties it, keeps the memory */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a string the caller owns ("" when empty); the buffer is left empty. */
char *buf_detach(struct buf *b);
/* The contents as a string, never NULL; valid until the next change. */
const char *buf_str(const struct buf *b);

#endif
