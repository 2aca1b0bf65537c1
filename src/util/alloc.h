/* The one allocation seam. Out of memory is fatal: the process prints one line and exits 3.
 * Tests may make the n-th allocation from now on fail (alloc_fail_after) to prove that a failure
 * half-way leaves nothing written; alloc_set_oom_handler lets such a test regain control. */
#ifndef MAPO_ALLOC_H
#define MAPO_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A newly allocated printf-formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *arr (element size elsize) so that it holds at least need elements; *alloc tracks the
 * capacity in elements (git's ALLOC_GROW). */
void alloc_grow(void **arr, size_t elsize, size_t need, size_t *alloc);
#define ALLOC_GROW(arr, need, alloc) alloc_grow((void **)&(arr), sizeof(*(arr)), (need), &(alloc))

/* Test seam: the n-th allocation from now fails (n = 0 turns it off). */
void alloc_fail_after(unsigned long n);
/* Test seam: called instead of exiting when an allocation fails; it must not return. */
void alloc_set_oom_handler(void (*handler)(void));

#endif
