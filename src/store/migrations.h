/* The schema migrations (src/store/migrations/NNNN_name.sql), embedded at build time by
 * tools/embed. Every backend applies the same list, in order, each once. */
#ifndef MAPO_STORE_MIGRATIONS_H
#define MAPO_STORE_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
	int version;     /* rising; a number reserved by another area may be missing for a while */
	const char *name; /* "init", "auth" */
	const char *sql;  /* one or more statements */
};

extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;

#endif
