/* The backup file: every table of a mapo database in one portable, line-oriented UTF-8 JSON file
 * that either backend writes and reads (docs/internals/backup.md describes the format). A header
 * line (format, version, mapo version, schema versions, creation time, tables), then each table
 * as a line naming it and its columns, one JSON array per row, and an end line with its row count
 * and BLAKE2b checksum; last a trailer with the row counts and the checksum of everything before
 * it. A truncated or edited file is refused, naming the line, before anything is written. */
#ifndef MAPO_IO_BACKUP_H
#define MAPO_IO_BACKUP_H

#include <stdio.h>

#include "store/store.h"
#include "util/util.h"

#define BACKUP_FORMAT "mapo-backup"
#define BACKUP_VERSION 1

/* What a backup held or a restore wrote. */
struct backup_summary {
	size_t tables;
	long long rows;
	int schema; /* the highest schema version in the file */
};

/* Writes the database s (one read-only snapshot) to f. MAPO_EIO when f cannot be written,
 * MAPO_EINVAL for a text value that is not UTF-8 or a number JSON cannot hold. sum may be NULL. */
int backup_write(store *s, FILE *f, struct backup_summary *sum, struct mapo_error *err);

/* Checks the file f (name: for messages) without a database: its structure, its row counts and
 * its checksums. MAPO_EINVAL with "NAME: line N: ..." when it is not a complete, unchanged backup.
 * f must be seekable (a file); it is read from its start. sum may be NULL. */
int backup_check(FILE *f, const char *name, struct backup_summary *sum, struct mapo_error *err);

/* Checks f as backup_check does, then restores it into s in one transaction (store_backup.h:
 * s must be empty; nothing is written unless everything is). sum may be NULL. */
int backup_restore(store *s, FILE *f, const char *name, struct backup_summary *sum, struct mapo_error *err);

#endif
