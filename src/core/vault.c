/* The vault: sealing of personal fields and the key file. Layout of a sealed value:
 *
 *	'M' 1 | key version (4 bytes, big-endian) | nonce (24) | ciphertext | tag (16)
 *
 * The first six bytes are also part of the associated data, after them "table\0column\0" and the
 * row id (8 bytes, big-endian). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/vault.h"
#include "util/util.h"

#define MASTER_BYTES 32
#define HEADER_BYTES 6
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define KEYFILE_MAX 16384

struct vault_key {
	uint32_t version;
	unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char index[crypto_generichash_KEYBYTES];
	unsigned char master[MASTER_BYTES];
};

struct vault {
	struct vault_key keys[VAULT_KEYS_MAX];
	size_t n; /* keys[n - 1] is current */
};

void sealed_release(struct sealed *s)
{
	free(s->data);
	s->data = NULL;
	s->len = 0;
}

char *vault_key_path(const char *opt, const char *db_path)
{
	if (opt && *opt)
		return xstrdup(opt);
	const char *env = getenv("MAPO_KEY_FILE");
	if (env && *env)
		return xstrdup(env);
	return xasprintf("%s.key", db_path ? db_path : "mapo.db");
}

/* The two working keys of a master key: one to seal, one for blind indexes. */
static void derive(struct vault_key *k)
{
	crypto_kdf_derive_from_key(k->seal, sizeof(k->seal), 1, "maposeal", k->master);
	crypto_kdf_derive_from_key(k->index, sizeof(k->index), 2, "mapobidx", k->master);
}

static int sodium_ready(struct mapo_error *err)
{
	if (sodium_init() < 0)
		return mapo_error_set(err, MAPO_EIO, "%s", _("cannot initialise the cryptography library"));
	return 0;
}

/* Writes the keys of v to path through a temporary file renamed over it. */
static int write_keys(const struct vault *v, const char *path, bool exclusive, struct mapo_error *err)
{
	struct buf b = BUF_INIT;
	char *tmp = exclusive ? xstrdup(path) : xasprintf("%s.tmp", path);
	int rc = 0, fd = -1;

	buf_addstr(&b, "# mapo key file: keep it secret, and keep a copy apart from the database\n");
	for (size_t i = 0; i < v->n; i++) {
		char hex[MASTER_BYTES * 2 + 1];
		sodium_bin2hex(hex, sizeof(hex), v->keys[i].master, MASTER_BYTES);
		buf_printf(&b, "%lu %s\n", (unsigned long)v->keys[i].version, hex);
		sodium_memzero(hex, sizeof(hex));
	}
	fd = open(tmp, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0600);
	if (fd < 0) {
		rc = mapo_error_set(err, errno == EEXIST ? MAPO_EEXIST : MAPO_EIO,
			_("cannot create the key file '%s': %s"), tmp, strerror(errno));
		goto out;
	}
	/* An existing temporary file keeps its mode: make sure it is the owner's only. */
	if (fchmod(fd, 0600) || write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd)) {
		rc = mapo_error_set(err, MAPO_EIO, _("cannot write the key file '%s': %s"), tmp, strerror(errno));
		goto out;
	}
	if (close(fd)) {
		fd = -1;
		rc = mapo_error_set(err, MAPO_EIO, _("cannot write the key file '%s': %s"), tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (!exclusive && rename(tmp, path)) {
		rc = mapo_error_set(err, MAPO_EIO, _("cannot replace the key file '%s': %s"), path, strerror(errno));
		goto out;
	}
out:
	if (fd >= 0)
		close(fd);
	if (rc && !exclusive)
		unlink(tmp);
	if (b.data)
		sodium_memzero(b.data, b.len);
	buf_release(&b);
	free(tmp);
	return rc;
}

static void add_fresh_key(struct vault *v, uint32_t version)
{
	struct vault_key *k = &v->keys[v->n++];
	k->version = version;
	randombytes_buf(k->master, sizeof(k->master));
	derive(k);
}

int vault_key_create(const char *path, struct mapo_error *err)
{
	int rc = sodium_ready(err);
	if (rc)
		return rc;
	struct vault *v = sodium_malloc(sizeof(*v));
	if (!v)
		return mapo_error_set(err, MAPO_EIO, "%s", _("cannot allocate protected memory for the key"));
	v->n = 0;
	add_fresh_key(v, 1);
	rc = write_keys(v, path, true, err);
	if (rc == MAPO_EEXIST)
		mapo_error_set(err, rc, _("the key file '%s' exists already"), path);
	vault_free(v);
	return rc;
}

static int parse_keys(struct vault *v, const char *path, char *text, struct mapo_error *err)
{
	size_t lineno = 0;
	char *line = text;
	while (line && *line) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*line == '#' || *line == '\0') {
			line = next;
			continue;
		}
		char *sp = strchr(line, ' ');
		long long version;
		size_t hexlen = sp ? strlen(sp + 1) : 0;
		if (!sp || (*sp = '\0', parse_int(line, 1, UINT32_MAX, &version)) || hexlen != MASTER_BYTES * 2)
			return mapo_error_set(err, MAPO_EINVAL, _("key file '%s': line %zu: not a key"), path, lineno);
		if (v->n == VAULT_KEYS_MAX)
			return mapo_error_set(err, MAPO_EINVAL, _("key file '%s': too many keys"), path);
		struct vault_key *k = &v->keys[v->n];
		size_t got = 0;
		if (sodium_hex2bin(k->master, MASTER_BYTES, sp + 1, hexlen, NULL, &got, NULL) || got != MASTER_BYTES)
			return mapo_error_set(err, MAPO_EINVAL, _("key file '%s': line %zu: not a key"), path, lineno);
		if (v->n && (uint32_t)version <= v->keys[v->n - 1].version)
			return mapo_error_set(err, MAPO_EINVAL,
				_("key file '%s': line %zu: key versions must rise"), path, lineno);
		k->version = (uint32_t)version;
		derive(k);
		v->n++;
		line = next;
	}
	if (!v->n)
		return mapo_error_set(err, MAPO_EINVAL, _("key file '%s' holds no key"), path);
	return 0;
}

int vault_open(vault **out, const char *path, struct mapo_error *err)
{
	char *text = NULL;
	struct vault *v = NULL;
	int fd = -1;
	struct stat sb;
	int rc;

	*out = NULL;
	if ((rc = sodium_ready(err)))
		return rc;
	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return mapo_error_set(err, MAPO_ENOTFOUND,
				_("the key file '%s' does not exist: run 'mapo init' or give --key-file"), path);
		return mapo_error_set(err, MAPO_EIO, _("cannot read the key file '%s': %s"), path, strerror(errno));
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		rc = mapo_error_set(err, MAPO_EDENIED, _("the key file '%s' is not a regular file"), path);
		goto out;
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		rc = mapo_error_set(err, MAPO_EDENIED,
			_("the key file '%s' may be read by others (mode %03o): make it 0600"), path,
			(unsigned)(sb.st_mode & 0777));
		goto out;
	}
	if (sb.st_size > KEYFILE_MAX) {
		rc = mapo_error_set(err, MAPO_EINVAL, _("key file '%s': too big"), path);
		goto out;
	}
	text = sodium_malloc((size_t)sb.st_size + 1);
	v = sodium_malloc(sizeof(*v));
	if (!text || !v) {
		rc = mapo_error_set(err, MAPO_EIO, "%s", _("cannot allocate protected memory for the key"));
		goto out;
	}
	v->n = 0;
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, text + got, (size_t)sb.st_size - got);
		if (r <= 0) {
			rc = mapo_error_set(err, MAPO_EIO, _("cannot read the key file '%s': %s"), path,
				r < 0 ? strerror(errno) : _("it changed while being read"));
			goto out;
		}
		got += (size_t)r;
	}
	text[got] = '\0';
	if ((rc = parse_keys(v, path, text, err)))
		goto out;
	*out = v;
	v = NULL;
out:
	if (text) {
		sodium_memzero(text, (size_t)sb.st_size + 1);
		sodium_free(text);
	}
	vault_free(v);
	close(fd);
	return rc;
}

void vault_free(vault *v)
{
	if (v)
		sodium_free(v); /* wipes the memory */
}

uint32_t vault_key_version(const vault *v)
{
	return v->keys[v->n - 1].version;
}

static const struct vault_key *find_key(const vault *v, uint32_t version)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->keys[i].version == version)
			return &v->keys[i];
	return NULL;
}

static void put_be32(unsigned char *p, uint32_t x)
{
	p[0] = (unsigned char)(x >> 24);
	p[1] = (unsigned char)(x >> 16);
	p[2] = (unsigned char)(x >> 8);
	p[3] = (unsigned char)x;
}

/* The associated data: the header, then where the value belongs. */
static void make_ad(struct buf *ad, const unsigned char *header, const char *table, const char *column,
	int64_t row)
{
	unsigned char rowbytes[8];
	uint64_t r = (uint64_t)row;
	for (int i = 7; i >= 0; i--, r >>= 8)
		rowbytes[i] = (unsigned char)r;
	buf_add(ad, header, HEADER_BYTES);
	buf_add(ad, table, strlen(table) + 1);
	buf_add(ad, column, strlen(column) + 1);
	buf_add(ad, rowbytes, sizeof(rowbytes));
}

int vault_seal(const vault *v, const char *table, const char *column, int64_t row, const void *plain,
	size_t len, struct sealed *out, struct mapo_error *err)
{
	sealed_release(out);
	if (len > VAULT_FIELD_MAX)
		return mapo_error_set(err, MAPO_ETOOBIG, _("%s: the value is longer than %zu bytes"), column,
			VAULT_FIELD_MAX);
	const struct vault_key *k = &v->keys[v->n - 1];
	size_t total = HEADER_BYTES + NONCE_BYTES + len + TAG_BYTES;
	unsigned char *p = xmalloc(total);
	struct buf ad = BUF_INIT;
	unsigned long long clen;

	p[0] = 'M';
	p[1] = 1;
	put_be32(p + 2, k->version);
	randombytes_buf(p + HEADER_BYTES, NONCE_BYTES);
	make_ad(&ad, p, table, column, row);
	crypto_aead_xchacha20poly1305_ietf_encrypt(p + HEADER_BYTES + NONCE_BYTES, &clen, plain, len,
		(const unsigned char *)ad.data, ad.len, NULL, p + HEADER_BYTES, k->seal);
	buf_release(&ad);
	out->data = p;
	out->len = total;
	return 0;
}

uint32_t vault_sealed_version(const unsigned char *data, size_t len)
{
	if (!data || len < HEADER_BYTES + NONCE_BYTES + TAG_BYTES || data[0] != 'M' || data[1] != 1)
		return 0;
	return (uint32_t)data[2] << 24 | (uint32_t)data[3] << 16 | (uint32_t)data[4] << 8 | data[5];
}

int vault_unseal(const vault *v, const char *table, const char *column, int64_t row, const unsigned char *data,
	size_t len, struct buf *out, struct mapo_error *err)
{
	buf_reset(out);
	uint32_t version = vault_sealed_version(data, len);
	if (!version)
		return mapo_error_set(err, MAPO_EINVAL, _("%s: the stored value is damaged"), column);
	const struct vault_key *k = find_key(v, version);
	if (!k)
		return mapo_error_set(err, MAPO_ENOTFOUND,
			_("%s: the stored value needs key version %lu, which the key file does not hold"), column,
			(unsigned long)version);
	size_t mlen_max = len - HEADER_BYTES - NONCE_BYTES - TAG_BYTES;
	unsigned char *m = xmalloc(mlen_max + 1);
	unsigned long long mlen = 0;
	struct buf ad = BUF_INIT;
	make_ad(&ad, data, table, column, row);
	int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, data + HEADER_BYTES + NONCE_BYTES,
		len - HEADER_BYTES - NONCE_BYTES, (const unsigned char *)ad.data, ad.len, data + HEADER_BYTES,
		k->seal);
	buf_release(&ad);
	int rc = 0;
	if (bad)
		rc = mapo_error_set(err, MAPO_EINVAL, _("%s: the stored value is damaged or belongs elsewhere"),
			column);
	else if ((rc = buf_add(out, m, (size_t)mlen)))
		mapo_error_set(err, rc, _("%s: the value is too long"), column);
	sodium_memzero(m, mlen_max + 1);
	free(m);
	return rc;
}

void vault_blind_index(const vault *v, const char *kind, const char *value, char out[VAULT_INDEX_STRLEN])
{
	struct buf norm = BUF_INIT;
	out[0] = '\0';
	for (const char *p = value ? value : ""; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '/' || c == '.' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_addch(&norm, c);
	}
	if (norm.len) {
		const struct vault_key *k = &v->keys[v->n - 1];
		unsigned char h[32];
		crypto_generichash_state st;
		crypto_generichash_init(&st, k->index, sizeof(k->index), sizeof(h));
		crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
		crypto_generichash_update(&st, (const unsigned char *)norm.data, norm.len);
		crypto_generichash_final(&st, h, sizeof(h));
		sodium_bin2hex(out, VAULT_INDEX_STRLEN, h, sizeof(h));
		sodium_memzero(norm.data, norm.len);
	}
	buf_release(&norm);
}

int vault_rotate_begin(vault *v, const char *path, struct mapo_error *err)
{
	if (v->n == VAULT_KEYS_MAX)
		return mapo_error_set(err, MAPO_EINVAL, _("key file '%s': too many keys"), path);
	add_fresh_key(v, vault_key_version(v) + 1);
	int rc = write_keys(v, path, false, err);
	if (rc) {
		v->n--;
		sodium_memzero(&v->keys[v->n], sizeof(v->keys[v->n]));
	}
	return rc;
}

int vault_rotate_finish(vault *v, const char *path, struct mapo_error *err)
{
	if (v->n > 1) {
		v->keys[0] = v->keys[v->n - 1];
		sodium_memzero(&v->keys[1], sizeof(v->keys[1]) * (v->n - 1));
		v->n = 1;
	}
	return write_keys(v, path, false, err);
}
