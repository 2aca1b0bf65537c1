/* Shared libraries loaded when first needed (dlopen), for the ones that only some commands use:
 * libpq (a postgresql:// database), libmicrohttpd (mapo serve), libzip and libxlsxwriter (.xlsx
 * files). Linked at start-up they and what they bring (OpenSSL, GnuTLS, Kerberos, LDAP...) cost
 * every command, `mapo statement` included, a few milliseconds of symbol binding (docs/bench.md).
 *
 * A user keeps a table of its functions' pointers and names and asks for it before its first
 * call; the table is filled once per process (thread-safe), and a failure is remembered:
 *
 *	#define PQ_FUNCS(X) X(PQconnectdb) X(PQfinish)
 *	static struct { PQ_FUNCS(DYNLIB_MEMBER) } pq;
 *	#define PQ_SYM(f) {#f, (void **)&pq.f},
 *	static const struct dynlib_sym pq_syms[] = {PQ_FUNCS(PQ_SYM)};
 *	static struct dynlib pq_lib = DYNLIB_INIT("libpq.so.5", pq_syms);
 *	...
 *	if (dynlib_load(&pq_lib, _("PostgreSQL databases"), err)) return ...;
 *	pq.PQconnectdb(url);
 */
#ifndef MAPO_UTIL_DYNLIB_H
#define MAPO_UTIL_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct dynlib_sym {
	const char *name;
	void **slot; /* the function pointer to fill, seen as an object pointer (POSIX dlsym) */
};

struct dynlib {
	const char *soname; /* e.g. "libpq.so.5": the library's ABI, as the -dev package links it */
	const struct dynlib_sym *syms;
	size_t nsyms;
	bool tried;        /* loaded, or failed (under dynlib.c's lock) */
	char failure[256]; /* dlerror's text when loading failed; "" when loaded */
};

#define DYNLIB_INIT(soname, syms) {(soname), (syms), sizeof(syms) / sizeof((syms)[0]), false, ""}
/* For an X-macro list of functions: the table's member for f, a pointer of f's own type. */
#define DYNLIB_MEMBER(f) __typeof__(f) *f;

/* Loads lib and fills its table, once per process. 0, or MAPO_EIO with a message naming what
 * needs the library (purpose, translated: "PostgreSQL databases") and why it could not be loaded. */
int dynlib_load(struct dynlib *lib, const char *purpose, struct mapo_error *err);

#endif
