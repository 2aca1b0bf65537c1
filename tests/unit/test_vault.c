/* Tests of src/core/vault.c: the key file (creation, permissions, format), sealing and opening
 * with the table, column and row as associated data, tampering refused, the blind index, and
 * rotation in two steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/vault.h"

#define assert_ok(call) \
	do { \
		int rc_ = (call); \
		if (rc_) \
			fail_msg("%s: %d: %s", #call, rc_, err.msg); \
	} while (0)

/* True when needle occurs in the len bytes at data. */
static bool contains(const unsigned char *data, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(data + i, needle, n))
			return true;
	return false;
}

struct kf {
	char dir[64];
	char path[96];
};

static int setup(void **state)
{
	struct kf *k = calloc(1, sizeof(*k));
	snprintf(k->dir, sizeof(k->dir), "/tmp/mapo-vault-XXXXXX");
	if (!mkdtemp(k->dir))
		return -1;
	snprintf(k->path, sizeof(k->path), "%s/test.db.key", k->dir);
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	struct kf *k = *state;
	char p[160];
	unlink(k->path);
	snprintf(p, sizeof(p), "%s.tmp", k->path);
	unlink(p);
	rmdir(k->dir);
	free(k);
	return 0;
}

static vault *open_new(struct kf *k)
{
	struct mapo_error err;
	vault *v = NULL;
	assert_ok(vault_key_create(k->path, &err));
	assert_ok(vault_open(&v, k->path, &err));
	return v;
}

static void test_key_path(void **state)
{
	(void)state;
	char *p;
	unsetenv("MAPO_KEY_FILE");
	p = vault_key_path(NULL, "/srv/mapo.db");
	assert_string_equal(p, "/srv/mapo.db.key");
	free(p);
	setenv("MAPO_KEY_FILE", "/etc/mapo/key", 1);
	p = vault_key_path("", "/srv/mapo.db");
	assert_string_equal(p, "/etc/mapo/key");
	free(p);
	p = vault_key_path("/run/k", "/srv/mapo.db");
	assert_string_equal(p, "/run/k");
	free(p);
	unsetenv("MAPO_KEY_FILE");
}

static void test_key_file(void **state)
{
	struct kf *k = *state;
	struct mapo_error err;
	struct stat sb;
	vault *v = NULL;

	assert_int_equal(vault_open(&v, k->path, &err), MAPO_ENOTFOUND);
	assert_null(v);
	assert_ok(vault_key_create(k->path, &err));
	assert_int_equal(stat(k->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* never overwritten */
	assert_int_equal(vault_key_create(k->path, &err), MAPO_EEXIST);
	assert_ok(vault_open(&v, k->path, &err));
	assert_int_equal(vault_key_version(v), 1);
	vault_free(v);

	/* readable by the group or others: refused, whatever the content */
	chmod(k->path, 0640);
	assert_int_equal(vault_open(&v, k->path, &err), MAPO_EDENIED);
	assert_non_null(strstr(err.msg, "0600"));
	chmod(k->path, 0604);
	assert_int_equal(vault_open(&v, k->path, &err), MAPO_EDENIED);
	chmod(k->path, 0600);

	/* malformed files */
	const char *bad[] = {
		"", "# only a comment\n", "1 abcd\n", "x 0000000000000000000000000000000000000000000000000000000000000000\n",
		"2 0000000000000000000000000000000000000000000000000000000000000000\n"
		"1 0000000000000000000000000000000000000000000000000000000000000000\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = open(k->path, O_WRONLY | O_TRUNC);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, bad[i], strlen(bad[i])), (ssize_t)strlen(bad[i]));
		close(fd);
		if (vault_open(&v, k->path, &err) != MAPO_EINVAL)
			fail_msg("key file %zu was accepted", i);
	}
}

static void test_round_trip_and_tamper(void **state)
{
	struct kf *k = *state;
	struct mapo_error err;
	struct sealed s = {NULL, 0};
	struct buf out = BUF_INIT;
	const char *name = "Siti Aminah binti Contoh";
	vault *v = open_new(k);

	assert_ok(vault_seal(v, "person_identities", "name", 7, name, strlen(name), &s, &err));
	assert_true(s.len > strlen(name));
	assert_false(contains(s.data, s.len, "Siti"));
	assert_int_equal(vault_sealed_version(s.data, s.len), 1);
	assert_ok(vault_unseal(v, "person_identities", "name", 7, s.data, s.len, &out, &err));
	assert_string_equal(buf_str(&out), name);

	/* two seals of one value differ (fresh nonces) */
	struct sealed s2 = {NULL, 0};
	assert_ok(vault_seal(v, "person_identities", "name", 7, name, strlen(name), &s2, &err));
	assert_true(s2.len == s.len && memcmp(s.data, s2.data, s.len) != 0);
	sealed_release(&s2);

	/* another row, column or table: the associated data does not match */
	assert_int_equal(vault_unseal(v, "person_identities", "name", 8, s.data, s.len, &out, &err), MAPO_EINVAL);
	assert_int_equal(vault_unseal(v, "person_identities", "address", 7, s.data, s.len, &out, &err), MAPO_EINVAL);
	assert_int_equal(vault_unseal(v, "repatriations", "name", 7, s.data, s.len, &out, &err), MAPO_EINVAL);

	/* any flipped byte is refused: header, nonce, ciphertext, tag */
	for (size_t i = 0; i < s.len; i++) {
		s.data[i] ^= 0x01;
		int rc = vault_unseal(v, "person_identities", "name", 7, s.data, s.len, &out, &err);
		s.data[i] ^= 0x01;
		if (rc == 0)
			fail_msg("a value with byte %zu flipped was opened", i);
	}
	/* cut short */
	assert_int_equal(vault_unseal(v, "person_identities", "name", 7, s.data, 10, &out, &err), MAPO_EINVAL);

	/* a binary value (a photo) with NUL bytes */
	const unsigned char photo[] = {0x89, 'P', 'N', 'G', 0, 0, 1, 2, 0};
	assert_ok(vault_seal(v, "person_identities", "photo", 7, photo, sizeof(photo), &s, &err));
	assert_ok(vault_unseal(v, "person_identities", "photo", 7, s.data, s.len, &out, &err));
	assert_int_equal(out.len, sizeof(photo));
	assert_memory_equal(out.data, photo, sizeof(photo));

	/* another key file's key cannot open it */
	struct kf other;
	snprintf(other.path, sizeof(other.path), "%s/other.key", k->dir);
	vault *w = open_new(&other);
	assert_int_equal(vault_unseal(w, "person_identities", "photo", 7, s.data, s.len, &out, &err), MAPO_EINVAL);
	vault_free(w);
	unlink(other.path);

	sealed_release(&s);
	buf_release(&out);
	vault_free(v);
}

static void test_blind_index(void **state)
{
	struct kf *k = *state;
	char a[VAULT_INDEX_STRLEN], b[VAULT_INDEX_STRLEN], c[VAULT_INDEX_STRLEN];
	vault *v = open_new(k);

	vault_blind_index(v, "id_number", "900101-14-5678", a);
	vault_blind_index(v, "id_number", " 900101 14 5678", b);
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	vault_blind_index(v, "passport_number", "a1234567", b);
	vault_blind_index(v, "passport_number", "A1234567", c);
	assert_string_equal(b, c);
	/* another kind or another number: another index */
	vault_blind_index(v, "passport_number", "900101-14-5678", c);
	assert_string_not_equal(a, c);
	vault_blind_index(v, "id_number", "900101-14-5679", c);
	assert_string_not_equal(a, c);
	/* keyed: not the plain hash of the number, and another key gives another index */
	vault_blind_index(v, "id_number", "", c);
	assert_string_equal(c, "");
	struct kf other;
	snprintf(other.path, sizeof(other.path), "%s/other.key", k->dir);
	vault *w = open_new(&other);
	vault_blind_index(w, "id_number", "900101-14-5678", c);
	assert_string_not_equal(a, c);
	vault_free(w);
	unlink(other.path);
	vault_free(v);
}

static void test_rotation(void **state)
{
	struct kf *k = *state;
	struct mapo_error err;
	struct sealed old = {NULL, 0}, fresh = {NULL, 0};
	struct buf out = BUF_INIT;
	char idx1[VAULT_INDEX_STRLEN], idx2[VAULT_INDEX_STRLEN];
	struct stat sb;
	vault *v = open_new(k), *again = NULL;

	assert_ok(vault_seal(v, "t", "c", 1, "old", 3, &old, &err));
	vault_blind_index(v, "id_number", "X1", idx1);
	assert_ok(vault_rotate_begin(v, k->path, &err));
	assert_int_equal(vault_key_version(v), 2);
	assert_int_equal(stat(k->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* during the rotation both versions open, from memory and from the file */
	assert_ok(vault_unseal(v, "t", "c", 1, old.data, old.len, &out, &err));
	assert_ok(vault_seal(v, "t", "c", 1, "new", 3, &fresh, &err));
	assert_int_equal(vault_sealed_version(fresh.data, fresh.len), 2);
	assert_ok(vault_open(&again, k->path, &err));
	assert_int_equal(vault_key_version(again), 2);
	assert_ok(vault_unseal(again, "t", "c", 1, old.data, old.len, &out, &err));
	vault_free(again);
	vault_blind_index(v, "id_number", "X1", idx2);
	assert_string_not_equal(idx1, idx2);

	assert_ok(vault_rotate_finish(v, k->path, &err));
	assert_int_equal(vault_unseal(v, "t", "c", 1, old.data, old.len, &out, &err), MAPO_ENOTFOUND);
	assert_ok(vault_unseal(v, "t", "c", 1, fresh.data, fresh.len, &out, &err));
	assert_string_equal(buf_str(&out), "new");
	assert_ok(vault_open(&again, k->path, &err));
	assert_int_equal(vault_unseal(again, "t", "c", 1, old.data, old.len, &out, &err), MAPO_ENOTFOUND);
	assert_ok(vault_unseal(again, "t", "c", 1, fresh.data, fresh.len, &out, &err));
	vault_free(again);

	sealed_release(&old);
	sealed_release(&fresh);
	buf_release(&out);
	vault_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_path),
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_and_tamper, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blind_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
