/* The vault: encryption of personal fields at rest, and the key they are sealed under.
 *
 * A field is sealed with XChaCha20-Poly1305 (libsodium crypto_aead_xchacha20poly1305_ietf) under
 * a key derived from the current master key, with the table, the column and the row id as
 * associated data: a sealed value copied to another row or column does not open. A sealed value
 * carries the version of the master key it was sealed under, so that after `mapo key rotate`
 * starts, old and new values both open until every one has been re-sealed.
 *
 * The master keys live in a key file outside the database: one "VERSION HEX" line per key (the
 * highest version is current), mode 0600. A key file that anyone but its owner may read or write
 * is refused. Exact-match search on identity numbers goes through a blind index: the keyed
 * BLAKE2b-256 of the normalised value under a second key derived from the master key.
 *
 * Threat model and key handling: docs/internals/vault.md. */
#ifndef MAPO_VAULT_H
#define MAPO_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef struct vault vault;

#define VAULT_INDEX_STRLEN 65           /* hex BLAKE2b-256 and its NUL */
#define VAULT_FIELD_MAX ((size_t)8 << 20) /* the longest value sealed (a photo) */
#define VAULT_KEYS_MAX 64               /* versions one key file may hold */

/* A sealed value: owned bytes (sealed_release frees them). An absent value has data NULL. */
struct sealed {
	unsigned char *data;
	size_t len;
};
void sealed_release(struct sealed *s);

/* The key file's path: opt when given, else $MAPO_KEY_FILE when set, else db_path with ".key"
 * appended. Newly allocated. */
char *vault_key_path(const char *opt, const char *db_path);

/* Creates a key file at path holding one fresh random key (version 1), mode 0600; never
 * overwrites (MAPO_EEXIST when the file exists). MAPO_EIO when it cannot be written. */
int vault_key_create(const char *path, struct mapo_error *err);

/* Reads the key file at path. MAPO_ENOTFOUND when it does not exist, MAPO_EDENIED when it is not
 * a regular file or its mode lets group or others read or write it, MAPO_EINVAL when it is
 * malformed. *out is NULL on failure; vault_free wipes the keys from memory. */
int vault_open(vault **out, const char *path, struct mapo_error *err);
void vault_free(vault *v);

/* The current key version. */
uint32_t vault_key_version(const vault *v);

/* Seals len bytes of plain for table.column of row (row id > 0) into out (released first).
 * MAPO_ETOOBIG over VAULT_FIELD_MAX. Never fails otherwise. */
int vault_seal(const vault *v, const char *table, const char *column, int64_t row, const void *plain,
	size_t len, struct sealed *out, struct mapo_error *err);
/* Opens a sealed value of table.column of row into out (reset first; the bytes and a NUL after
 * them). MAPO_EINVAL when it was altered, belongs to another table, column or row, or is
 * malformed; MAPO_ENOTFOUND when its key version is not in the key file. */
int vault_unseal(const vault *v, const char *table, const char *column, int64_t row, const unsigned char *data,
	size_t len, struct buf *out, struct mapo_error *err);
/* The key version a sealed value was sealed under (0 when malformed). */
uint32_t vault_sealed_version(const unsigned char *data, size_t len);

/* The blind index of an identity number of kind ("id_number", "passport_number") under the
 * current key: the number normalised (letters upper-cased, spaces, '-', '/' and '.' dropped), then
 * keyed BLAKE2b-256, as hex. An empty normalised value gives "". */
void vault_blind_index(const vault *v, const char *kind, const char *value, char out[VAULT_INDEX_STRLEN]);

/* Rotation, in two steps around the re-sealing of every value. begin: adds a fresh key as the
 * new current version and rewrites the key file with the old ones kept (atomically: a temporary
 * file renamed over it), so that a crash at any point leaves every value openable. finish: drops
 * every key but the current one from the file and from v; call it only after the re-sealing has
 * been committed. */
int vault_rotate_begin(vault *v, const char *path, struct mapo_error *err);
int vault_rotate_finish(vault *v, const char *path, struct mapo_error *err);

#endif
