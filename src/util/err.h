/* Error codes and the error record every fallible mapo function can fill. */
#ifndef MAPO_ERR_H
#define MAPO_ERR_H

#include <stddef.h>

enum mapo_err {
	MAPO_OK = 0,
	MAPO_EINVAL = -1,    /* bad input from a person or a file */
	MAPO_ENOTFOUND = -2, /* no such record */
	MAPO_ECONFLICT = -3, /* edit against a stale version */
	MAPO_EEXIST = -4,    /* the record exists already */
	MAPO_EIO = -5,       /* a file could not be read or written */
	MAPO_ESTORE = -6,    /* the database failed */
	MAPO_ETOOBIG = -7,   /* input over its cap */
	MAPO_EDENIED = -8,   /* the caller's role does not allow it */
	MAPO_ESCHEMA = -9,   /* the database is newer than this binary */
};

/* A translated, one-line message for a person, and the code it goes with. */
struct mapo_error {
	int code;
	char msg[512];
};

/* Sets err (when not NULL) to code and the printf-formatted message; returns code. */
int mapo_error_set(struct mapo_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err to MAPO_OK and an empty message. */
void mapo_error_clear(struct mapo_error *err);

#endif
