/* The SQLite side of store_auth.h: users, sessions, API tokens, sign-in counters, the audit
 * trail's rows and the case facts of the access policy (schema: migrations/0002_auth.sql). */
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_auth.h"

/* Ends a write that began with store_begin. MAPO_ENOTFOUND here always means that nothing
 * matched and nothing was written: the transaction is committed, not rolled back, because a
 * rollback would undo the caller's whole outer transaction for what is only an answer. */
static int finish(store *s, int rc, struct mapo_error *err)
{
	if (rc == MAPO_ENOTFOUND) {
		int crc = store_commit(s, err);
		return crc ? crc : rc;
	}
	if (rc) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, err);
}

/* Users */

#define USER_COLUMNS \
	"id, username, display_name, role, agency, org, disabled, identity_grant, lang, " \
	"password_hash, created_at"

static void user_from_row(stmt *st, struct user *u)
{
	user_init(u);
	u->id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, u->username, sizeof(u->username));
	sql_column_copy(st, 2, u->display_name, sizeof(u->display_name));
	u->role = user_role_parse(sql_column_str(st, 3));
	sql_column_copy(st, 4, u->agency, sizeof(u->agency));
	sql_column_copy(st, 5, u->org, sizeof(u->org));
	u->disabled = sql_column_int(st, 6) != 0;
	u->identity_grant = sql_column_int(st, 7) != 0;
	if (i18n_parse_lang(sql_column_str(st, 8), &u->lang))
		u->lang = LANG_MS;
	sql_column_copy(st, 9, u->password_hash, sizeof(u->password_hash));
	u->created_at = sql_column_int64(st, 10);
}

/* Binds the user's fields to ?1..?10 in USER_COLUMNS order after id. */
static void bind_user(stmt *st, const struct user *u)
{
	sql_bind_text(st, 1, u->username);
	sql_bind_text(st, 2, u->display_name);
	sql_bind_text(st, 3, user_role_code(u->role));
	sql_bind_opt_text(st, 4, u->agency);
	sql_bind_opt_text(st, 5, u->org);
	sql_bind_int64(st, 6, u->disabled);
	sql_bind_int64(st, 7, u->identity_grant);
	sql_bind_text(st, 8, i18n_lang_code(u->lang));
	sql_bind_text(st, 9, u->password_hash);
	sql_bind_int64(st, 10, u->created_at);
}

static int user_constraint(store *s, int rc, const struct user *u, struct mapo_error *err)
{
	if (rc == SQL_EUNIQUE)
		return mapo_error_set(err, MAPO_EEXIST, _("user '%s' exists already"), u->username);
	if (rc == SQL_EFOREIGN)
		return mapo_error_set(err, MAPO_EINVAL, _("unknown agency '%s'"), u->agency);
	return sql_error(s, rc, err);
}

/* Like sql_exec_write, but maps constraint failures to the user's own messages; id (when not
 * NULL) receives the id a RETURNING id gives. */
static int write_user_stmt(store *s, stmt *st, const struct user *u, int64_t *id, struct mapo_error *err)
{
	int rc;
	while ((rc = sql_step_write(s, st)) == SQL_ROW)
		if (id)
			*id = sql_column_int64(st, 0);
	if (rc != SQL_DONE)
		return user_constraint(s, rc, u, err);
	s->writes++;
	return 0;
}

int store_user_insert(store *s, struct user *u, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO users (username, display_name, role, agency, org, disabled, "
			"identity_grant, lang, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
		    &st, err)))
		goto out;
	bind_user(st, u);
	rc = write_user_stmt(s, st, u, &u->id, err);
out:
	return finish(s, rc, err);
}

int store_user_update(store *s, const struct user *u, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE users SET username = ?1, display_name = ?2, role = ?3, agency = ?4, "
			"org = ?5, disabled = ?6, identity_grant = ?7, lang = ?8, password_hash = ?9, "
			"created_at = ?10 WHERE id = ?11",
		    &st, err)))
		goto out;
	bind_user(st, u);
	sql_bind_int64(st, 11, u->id);
	if (!(rc = write_user_stmt(s, st, u, NULL, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no user '%s'"), u->username);
out:
	return finish(s, rc, err);
}

static int user_get(store *s, const char *sql, const char *username, int64_t id, struct user *out,
	struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, sql, &st, err);
	if (rc)
		return rc;
	if (username)
		sql_bind_text(st, 1, username);
	else
		sql_bind_int64(st, 1, id);
	rc = sql_read_row(s, st, err);
	if (rc == MAPO_ENOTFOUND)
		return mapo_error_set(err, rc, _("no user '%s'"), username ? username : "");
	if (rc)
		return rc;
	user_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_user_get(store *s, const char *username, struct user *out, struct mapo_error *err)
{
	return user_get(s, "SELECT " USER_COLUMNS " FROM users WHERE username = ?1", username, 0, out, err);
}

int store_user_get_id(store *s, int64_t id, struct user *out, struct mapo_error *err)
{
	return user_get(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?1", NULL, id, out, err);
}

int store_user_list(store *s, user_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct user u;
	int rc = sql_stmt(s, "SELECT " USER_COLUMNS " FROM users ORDER BY username", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		user_from_row(st, &u);
		if ((rc = cb(&u, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_user_count(store *s, enum user_role role, long long *n, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT count(*) FROM users WHERE CAST(?1 AS TEXT) IS NULL OR role = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_opt_text(st, 1, role == ROLE_NONE ? NULL : user_role_code(role));
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? sql_error(s, SQL_EERROR, err) : rc;
	*n = sql_column_int64(st, 0);
	sql_reset(st);
	return 0;
}

/* Sessions */

int store_session_insert(store *s, const struct session_rec *r, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, address) "
			"VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		goto out;
	sql_bind_text(st, 1, r->token_hash);
	sql_bind_int64(st, 2, r->user_id);
	sql_bind_int64(st, 3, r->created_at);
	sql_bind_int64(st, 4, r->last_seen);
	sql_bind_text(st, 5, r->address);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

int store_session_get(store *s, const char *token_hash, struct session_rec *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT token_hash, user_id, created_at, last_seen, address FROM sessions "
		"WHERE token_hash = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, token_hash);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, "%s", _("no such session")) : rc;
	memset(out, 0, sizeof(*out));
	sql_column_copy(st, 0, out->token_hash, sizeof(out->token_hash));
	out->user_id = sql_column_int64(st, 1);
	out->created_at = sql_column_int64(st, 2);
	out->last_seen = sql_column_int64(st, 3);
	sql_column_copy(st, 4, out->address, sizeof(out->address));
	sql_reset(st);
	return 0;
}

int store_session_touch(store *s, const char *token_hash, int64_t last_seen, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1", &st, err)))
		goto out;
	sql_bind_text(st, 1, token_hash);
	sql_bind_int64(st, 2, last_seen);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, "%s", _("no such session"));
out:
	return finish(s, rc, err);
}

int store_session_delete(store *s, const char *token_hash, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM sessions WHERE token_hash = ?1", &st, err)))
		goto out;
	sql_bind_text(st, 1, token_hash);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, "%s", _("no such session"));
out:
	return finish(s, rc, err);
}

int store_session_delete_user(store *s, int64_t user_id, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM sessions WHERE user_id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, user_id);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

int store_session_purge(store *s, int64_t idle_before, int64_t created_before, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM sessions WHERE last_seen <= ?1 OR created_at <= ?2", &st, err)))
		goto out;
	sql_bind_int64(st, 1, idle_before);
	sql_bind_int64(st, 2, created_before);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

/* API tokens */

#define TOKEN_COLUMNS "id, user_id, token_hash, label, created_at, last_used"

static void token_from_row(stmt *st, struct api_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sql_column_int64(st, 0);
	t->user_id = sql_column_int64(st, 1);
	sql_column_copy(st, 2, t->token_hash, sizeof(t->token_hash));
	sql_column_copy(st, 3, t->label, sizeof(t->label));
	t->created_at = sql_column_int64(st, 4);
	t->last_used = sql_column_int64(st, 5);
}

int store_api_token_insert(store *s, struct api_token *r, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO api_tokens (user_id, token_hash, label, created_at, last_used) "
			"VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", &st, err)))
		goto out;
	sql_bind_int64(st, 1, r->user_id);
	sql_bind_text(st, 2, r->token_hash);
	sql_bind_text(st, 3, r->label);
	sql_bind_int64(st, 4, r->created_at);
	sql_bind_int64(st, 5, r->last_used);
	rc = sql_exec_write_id(s, st, &r->id, err);
out:
	return finish(s, rc, err);
}

int store_api_token_get(store *s, const char *token_hash, struct api_token *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE token_hash = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, token_hash);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, "%s", _("unknown or revoked token")) : rc;
	token_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_api_token_touch(store *s, int64_t id, int64_t last_used, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE api_tokens SET last_used = ?2 WHERE id = ?1", &st, err)))
		goto out;
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, last_used);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

int store_api_token_delete(store *s, int64_t user_id, int64_t id, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM api_tokens WHERE user_id = ?1 AND (?2 = 0 OR id = ?2)", &st, err)))
		goto out;
	sql_bind_int64(st, 1, user_id);
	sql_bind_int64(st, 2, id);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, "%s", _("unknown or revoked token"));
out:
	return finish(s, rc, err);
}

int store_api_token_list(store *s, int64_t user_id, api_token_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct api_token t;
	int rc = sql_stmt(s, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE ?1 = 0 OR user_id = ?1 ORDER BY id",
		&st, err);
	if (rc)
		return rc;
	sql_bind_int64(st, 1, user_id);
	while ((rc = sql_step(st)) == SQL_ROW) {
		token_from_row(st, &t);
		if ((rc = cb(&t, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

/* Sign-in counters */

#define LOGIN_COLUMNS "scope, subject, failures, first_failure, last_failure, locked_until"

static void lock_from_row(stmt *st, struct auth_lock *l)
{
	memset(l, 0, sizeof(*l));
	sql_column_copy(st, 0, l->scope, sizeof(l->scope));
	sql_column_copy(st, 1, l->key, sizeof(l->key));
	l->failures = sql_column_int(st, 2);
	l->first_failure = sql_column_int64(st, 3);
	l->last_failure = sql_column_int64(st, 4);
	l->locked_until = sql_column_int64(st, 5);
}

int store_login_get(store *s, const char *scope, const char *key, struct auth_lock *out, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT " LOGIN_COLUMNS " FROM login_attempts WHERE scope = ?1 AND subject = ?2",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, scope);
	sql_bind_text(st, 2, key);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("'%s' has no failed sign-ins"), key) : rc;
	lock_from_row(st, out);
	sql_reset(st);
	return 0;
}

int store_login_put(store *s, const struct auth_lock *l, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	/* delete and insert rather than an upsert: the same two statements work on PostgreSQL */
	if ((rc = sql_stmt(s, "DELETE FROM login_attempts WHERE scope = ?1 AND subject = ?2", &st, err)))
		goto out;
	sql_bind_text(st, 1, l->scope);
	sql_bind_text(st, 2, l->key);
	if ((rc = sql_exec_write(s, st, err)))
		goto out;
	if ((rc = sql_stmt(s, "INSERT INTO login_attempts (" LOGIN_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		    &st, err)))
		goto out;
	sql_bind_text(st, 1, l->scope);
	sql_bind_text(st, 2, l->key);
	sql_bind_int64(st, 3, l->failures);
	sql_bind_int64(st, 4, l->first_failure);
	sql_bind_int64(st, 5, l->last_failure);
	sql_bind_int64(st, 6, l->locked_until);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

int store_login_delete(store *s, const char *scope, const char *key, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM login_attempts WHERE scope = ?1 AND subject = ?2", &st, err)))
		goto out;
	sql_bind_text(st, 1, scope);
	sql_bind_text(st, 2, key);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("'%s' has no failed sign-ins"), key);
out:
	return finish(s, rc, err);
}

int store_login_list(store *s, auth_lock_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct auth_lock l;
	int rc = sql_stmt(s, "SELECT " LOGIN_COLUMNS " FROM login_attempts "
		"ORDER BY locked_until DESC, last_failure DESC, scope, subject", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		lock_from_row(st, &l);
		if ((rc = cb(&l, arg)))
			return sql_rows_stop(st, rc);
	}
	return sql_rows_end(s, rc, err);
}

int store_login_purge(store *s, int64_t before, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM login_attempts WHERE last_failure < ?1 AND locked_until <= ?1",
		    &st, err)))
		goto out;
	sql_bind_int64(st, 1, before);
	rc = sql_exec_write(s, st, err);
out:
	return finish(s, rc, err);
}

/* The audit trail */

int store_audit_last(store *s, int64_t *id, char hash[AUDIT_HASH_STRLEN], struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st, err);
	if (rc)
		return rc;
	rc = sql_read_row(s, st, err);
	if (rc == MAPO_ENOTFOUND) {
		*id = 0;
		hash[0] = '\0';
		return 0;
	}
	if (rc)
		return rc;
	*id = sql_column_int64(st, 0);
	sql_column_copy(st, 1, hash, AUDIT_HASH_STRLEN);
	sql_reset(st);
	return 0;
}

int store_audit_insert(store *s, const struct audit_entry *e, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "INSERT INTO audit_log (id, logged_at, username, address, action, object_type, "
			"object_id, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		    &st, err)))
		goto out;
	sql_bind_int64(st, 1, e->id);
	sql_bind_int64(st, 2, e->at);
	sql_bind_text(st, 3, e->user ? e->user : "");
	sql_bind_text(st, 4, e->address ? e->address : "");
	sql_bind_text(st, 5, e->action ? e->action : "");
	sql_bind_text(st, 6, e->object_type ? e->object_type : "");
	sql_bind_text(st, 7, e->object_id ? e->object_id : "");
	sql_bind_text(st, 8, e->detail ? e->detail : "");
	sql_bind_text(st, 9, e->prev_hash);
	sql_bind_text(st, 10, e->hash);
	int step = sql_step_write(s, st);
	sql_reset(st);
	if (step == SQL_DONE)
		rc = 0;
	else if (step == SQL_EUNIQUE)
		rc = mapo_error_set(err, MAPO_ECONFLICT, "%s",
			_("another change was recorded in the audit trail at the same time: try again"));
	else
		rc = sql_error(s, step, err);
out:
	return finish(s, rc, err);
}

/* Appends the WHERE clause of f to sql, binding values in order through the returned count. */
struct binds {
	const char *text[4];
	int64_t num[2];
	int ntext, nnum;
	int order[6]; /* 0: text, 1: number, in placeholder order */
	int n;
};

static void where_text(struct buf *sql, struct binds *b, const char *column, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(sql, " %s %s = ?", b->n ? "AND" : "WHERE", column);
	b->text[b->ntext++] = v;
	b->order[b->n++] = 0;
}

static void where_num(struct buf *sql, struct binds *b, const char *cond, int64_t v)
{
	buf_printf(sql, " %s %s ?", b->n ? "AND" : "WHERE", cond);
	b->num[b->nnum++] = v;
	b->order[b->n++] = 1;
}

static void audit_where(struct buf *sql, struct binds *b, const struct audit_filter *f)
{
	memset(b, 0, sizeof(*b));
	where_text(sql, b, "username", f->user);
	where_text(sql, b, "action", f->action);
	where_text(sql, b, "object_type", f->object_type);
	where_text(sql, b, "object_id", f->object_id);
	if (f->from)
		where_num(sql, b, "logged_at >=", f->from);
	if (f->to)
		where_num(sql, b, "logged_at <=", f->to);
}

static int audit_prepare(store *s, struct buf *sql, const struct binds *b, stmt **st,
	struct mapo_error *err)
{
	int rc = sql_stmt(s, buf_str(sql), st, err);
	if (rc)
		return rc;
	int ti = 0, ni = 0;
	for (int i = 0; i < b->n; i++) {
		if (b->order[i] == 0)
			sql_bind_text(*st, i + 1, b->text[ti++]);
		else
			sql_bind_int64(*st, i + 1, b->num[ni++]);
	}
	return 0;
}

int store_audit_list(store *s, const struct audit_filter *f, audit_cb cb, void *arg, struct mapo_error *err)
{
	struct buf sql = BUF_INIT;
	struct binds b;
	stmt *st = NULL;
	struct audit_entry e;
	int rc;

	buf_addstr(&sql, "SELECT id, logged_at, username, address, action, object_type, object_id, detail, "
		"prev_hash, hash FROM audit_log");
	audit_where(&sql, &b, f);
	buf_printf(&sql, " ORDER BY id %s", f->newest_first ? "DESC" : "ASC");
	if (f->limit > 0 || f->offset > 0)
		buf_printf(&sql, " LIMIT %lld OFFSET %lld", f->limit > 0 ? f->limit : (long long)INT64_MAX,
			f->offset > 0 ? f->offset : 0LL);
	if ((rc = audit_prepare(s, &sql, &b, &st, err)))
		goto out;
	while ((rc = sql_step(st)) == SQL_ROW) {
		e.id = sql_column_int64(st, 0);
		e.at = sql_column_int64(st, 1);
		/* the strings are SQLite's, valid until the next step: the entry is lent to cb */
		e.user = (char *)sql_column_str(st, 2);
		e.address = (char *)sql_column_str(st, 3);
		e.action = (char *)sql_column_str(st, 4);
		e.object_type = (char *)sql_column_str(st, 5);
		e.object_id = (char *)sql_column_str(st, 6);
		e.detail = (char *)sql_column_str(st, 7);
		sql_column_copy(st, 8, e.prev_hash, sizeof(e.prev_hash));
		sql_column_copy(st, 9, e.hash, sizeof(e.hash));
		if ((rc = cb(&e, arg)))
			goto out;
	}
	rc = sql_rows_end(s, rc, err);
out:
	sql_reset(st);
	buf_release(&sql);
	return rc;
}

int store_audit_count(store *s, const struct audit_filter *f, long long *n, struct mapo_error *err)
{
	struct buf sql = BUF_INIT;
	struct binds b;
	stmt *st = NULL;
	int rc;

	buf_addstr(&sql, "SELECT count(*) FROM audit_log");
	audit_where(&sql, &b, f);
	if ((rc = audit_prepare(s, &sql, &b, &st, err)))
		goto out;
	rc = sql_step(st);
	if (rc == SQL_ROW) {
		*n = sql_column_int64(st, 0);
		rc = 0;
	} else {
		rc = sql_error(s, rc, err);
	}
out:
	sql_reset(st);
	buf_release(&sql);
	return rc;
}

/* Case facts */

int store_case_set_source_org(store *s, const char *ref, const char *org, struct mapo_error *err)
{
	stmt *st;
	int rc = store_begin(s, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "UPDATE cases SET source_org = ?2 WHERE ref = ?1", &st, err)))
		goto out;
	sql_bind_text(st, 1, ref);
	sql_bind_opt_text(st, 2, org);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no case '%s'"), ref);
out:
	return finish(s, rc, err);
}

int store_case_facts(store *s, const char *ref, char **source_org, bool *has_victims, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, "SELECT c.source_org, EXISTS (SELECT 1 FROM case_persons p "
		"WHERE p.case_id = c.id AND p.role = 'victim') FROM cases c WHERE c.ref = ?1", &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, ref);
	if ((rc = sql_read_row(s, st, err)))
		return rc == MAPO_ENOTFOUND ? mapo_error_set(err, rc, _("no case '%s'"), ref) : rc;
	*source_org = sql_column_null(st, 0) ? NULL : xstrdup(sql_column_str(st, 0));
	*has_victims = sql_column_int(st, 1) != 0;
	sql_reset(st);
	return 0;
}
