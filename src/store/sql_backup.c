/* store_backup.h over the SQL layer: the database's tables read from its own catalog (SQLite's
 * sqlite_master and pragmas, PostgreSQL's information_schema and pg_constraint), dumped in one
 * read-only snapshot and restored in one transaction. docs/internals/backup.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/sql.h"
#include "store/store_backup.h"

const char *const store_backup_skipped[] = {"sessions", NULL};

/* ---- the catalog ---------------------------------------------------------------------------- */

struct tinfo {
	char *name;
	char **cols;
	size_t ncols, alloc_cols;
	int *pkpos;    /* per column: its place in the primary key (1...), 0 when not in it */
	bool *text;    /* per column: a text column (sorted byte-wise on PostgreSQL too) */
	bool *selfref; /* per column: refers to this same table (a parent, a related case) */
	bool *identity;
	char **refs;   /* the other tables it refers to */
	size_t nrefs, alloc_refs;
	size_t nkey;
	bool skipped;
};

struct catalog {
	struct tinfo *t; /* after catalog_read: in dependency order */
	size_t n, alloc;
};

static void tinfo_release(struct tinfo *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (size_t i = 0; i < t->nrefs; i++)
		free(t->refs[i]);
	free(t->cols);
	free(t->pkpos);
	free(t->text);
	free(t->selfref);
	free(t->identity);
	free(t->refs);
	free(t->name);
}

static void catalog_release(struct catalog *c)
{
	for (size_t i = 0; i < c->n; i++)
		tinfo_release(&c->t[i]);
	free(c->t);
	memset(c, 0, sizeof(*c));
}

/* Names are put into SQL text: only the plain ones the migrations use are accepted. */
static bool plain_name(const char *n)
{
	if (!*n || strlen(n) > 63)
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static bool is_skipped(const char *table)
{
	for (size_t i = 0; store_backup_skipped[i]; i++)
		if (!strcmp(store_backup_skipped[i], table))
			return true;
	return false;
}

static const char *q_tables(store *s)
{
	return sql_is_pg(s)
		? "SELECT CAST(table_name AS TEXT) FROM information_schema.tables "
		  "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
		: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
}

/* name, place in the primary key, text or not, identity or not; in the table's column order */
static const char *q_columns(store *s)
{
	return sql_is_pg(s)
		? "SELECT CAST(c.column_name AS TEXT), COALESCE((SELECT CAST(k.ordinal_position AS BIGINT) "
		  "FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k "
		  "ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name "
		  "AND k.table_name = t.table_name WHERE t.table_schema = current_schema() "
		  "AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY' "
		  "AND k.column_name = c.column_name), 0), "
		  "CASE WHEN c.data_type = 'text' THEN 1 ELSE 0 END, "
		  "CASE WHEN c.is_identity = 'YES' THEN 1 ELSE 0 END "
		  "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
		  "AND c.table_name = CAST(?1 AS TEXT) ORDER BY c.ordinal_position"
		: "SELECT name, pk, upper(type) = 'TEXT', 0 FROM pragma_table_info(?1) ORDER BY cid";
}

/* the table each foreign key column refers to */
static const char *q_foreign(store *s)
{
	return sql_is_pg(s)
		? "SELECT CAST(CAST(c.confrelid AS regclass) AS TEXT), CAST(a.attname AS TEXT) "
		  "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
		  "AND a.attnum = ANY (c.conkey) "
		  "WHERE c.contype = 'f' AND c.conrelid = CAST(CAST(?1 AS TEXT) AS regclass)"
		: "SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?1)";
}

static int unexpected_name(store *s, bool table, const char *name, struct mapo_error *err)
{
	if (table)
		return mapo_error_set(err, MAPO_ESTORE,
			_("the database '%s' has a table named '%s', which mapo did not create"), s->path, name);
	return mapo_error_set(err, MAPO_ESTORE,
		_("the database '%s' has a column named '%s', which mapo did not create"), s->path, name);
}

static int read_columns(store *s, struct tinfo *t, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s, q_columns(s), &st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, t->name);
	size_t alloc = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *name = sql_column_str(st, 0);
		if (!plain_name(name))
			return sql_rows_stop(st, unexpected_name(s, false, name, err));
		if (t->ncols == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			t->cols = xrealloc(t->cols, alloc * sizeof(*t->cols));
			t->pkpos = xrealloc(t->pkpos, alloc * sizeof(*t->pkpos));
			t->text = xrealloc(t->text, alloc * sizeof(*t->text));
			t->selfref = xrealloc(t->selfref, alloc * sizeof(*t->selfref));
			t->identity = xrealloc(t->identity, alloc * sizeof(*t->identity));
		}
		size_t i = t->ncols++;
		t->cols[i] = xstrdup(name);
		t->pkpos[i] = sql_column_int(st, 1);
		t->text[i] = sql_column_int64(st, 2) != 0;
		t->selfref[i] = false;
		t->identity[i] = sql_column_int64(st, 3) != 0;
		if (t->pkpos[i] > 0)
			t->nkey++;
	}
	if ((rc = sql_rows_end(s, rc, err)))
		return rc;
	if ((rc = sql_stmt(s, q_foreign(s), &st, err)))
		return rc;
	sql_bind_text(st, 1, t->name);
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *target = sql_column_str(st, 0), *col = sql_column_str(st, 1);
		if (!strcmp(target, t->name)) {
			for (size_t i = 0; i < t->ncols; i++)
				if (!strcmp(t->cols[i], col))
					t->selfref[i] = true;
			continue;
		}
		bool seen = false;
		for (size_t i = 0; i < t->nrefs && !seen; i++)
			seen = !strcmp(t->refs[i], target);
		if (!seen) {
			ALLOC_GROW(t->refs, t->nrefs + 1, t->alloc_refs);
			t->refs[t->nrefs++] = xstrdup(target);
		}
	}
	return sql_rows_end(s, rc, err);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tinfo *)a)->name, ((const struct tinfo *)b)->name);
}

/* Orders the tables so that each comes after the tables it refers to, taking at each step the
 * first by name of those ready: the same order on every backend. A cycle between tables (none in
 * mapo's schema) falls back to the name order for the rest. */
static void dependency_order(struct catalog *c)
{
	qsort(c->t, c->n, sizeof(*c->t), by_name);
	struct tinfo *out = xcalloc(c->n ? c->n : 1, sizeof(*out));
	bool *placed = xcalloc(c->n ? c->n : 1, sizeof(*placed));
	for (size_t k = 0; k < c->n; k++) {
		size_t pick = c->n;
		for (size_t i = 0; i < c->n && pick == c->n; i++) {
			if (placed[i])
				continue;
			bool ready = true;
			for (size_t r = 0; r < c->t[i].nrefs && ready; r++)
				for (size_t j = 0; j < c->n && ready; j++)
					if (!placed[j] && !strcmp(c->t[j].name, c->t[i].refs[r]))
						ready = false;
			if (ready)
				pick = i;
		}
		for (size_t i = 0; i < c->n && pick == c->n; i++)
			if (!placed[i])
				pick = i;
		placed[pick] = true;
		out[k] = c->t[pick];
	}
	free(c->t);
	free(placed);
	c->t = out;
	c->alloc = c->n;
}

static int catalog_read(store *s, struct catalog *c, struct mapo_error *err)
{
	stmt *st;
	memset(c, 0, sizeof(*c));
	int rc = sql_stmt(s, q_tables(s), &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *name = sql_column_str(st, 0);
		if (!plain_name(name)) {
			rc = sql_rows_stop(st, unexpected_name(s, true, name, err));
			goto fail;
		}
		ALLOC_GROW(c->t, c->n + 1, c->alloc);
		memset(&c->t[c->n], 0, sizeof(c->t[c->n]));
		c->t[c->n].name = xstrdup(name);
		c->t[c->n].skipped = is_skipped(name);
		c->n++;
	}
	if ((rc = sql_rows_end(s, rc, err)))
		goto fail;
	for (size_t i = 0; i < c->n; i++)
		if ((rc = read_columns(s, &c->t[i], err)))
			goto fail;
	dependency_order(c);
	return 0;
fail:
	catalog_release(c);
	return rc;
}

static struct tinfo *catalog_find(struct catalog *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->t[i].name, name))
			return &c->t[i];
	return NULL;
}

/* ---- migrations recorded -------------------------------------------------------------------- */

static const struct store_migration *known_migration(int version)
{
	for (size_t i = 0; i < store_migrations_count; i++)
		if (store_migrations[i].version == version)
			return &store_migrations[i];
	return NULL;
}

/* The versions in schema_migrations (which must exist), rising. */
static int read_versions(store *s, int **versions, size_t *n, struct mapo_error *err)
{
	stmt *st;
	size_t alloc = 0;
	*versions = NULL;
	*n = 0;
	int rc = sql_stmt(s, "SELECT version FROM schema_migrations ORDER BY version", &st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		ALLOC_GROW(*versions, *n + 1, alloc);
		(*versions)[(*n)++] = sql_column_int(st, 0);
	}
	if ((rc = sql_rows_end(s, rc, err))) {
		free(*versions);
		*versions = NULL;
		*n = 0;
	}
	return rc;
}

static int newer_than_binary(store *s, int version, struct mapo_error *err)
{
	return mapo_error_set(err, MAPO_ESCHEMA,
		_("the database '%s' has schema version %d, which this mapo does not know (it knows up to %d): "
		  "use a newer mapo"),
		s->path, version, store_migrations[store_migrations_count - 1].version);
}

/* Which state the database is in: no tables at all (set up: false), or mapo's with the applied
 * versions. Another program's database is refused. */
static int database_state(store *s, bool *set_up, int **versions, size_t *n, struct mapo_error *err)
{
	bool has_migrations = false, has_others = false;
	*versions = NULL;
	*n = 0;
	int rc = s->be->tables(s, &has_migrations, &has_others);
	if (rc)
		return sql_error(s, rc, err);
	*set_up = has_migrations;
	if (!has_migrations)
		return has_others ? mapo_error_set(err, MAPO_ESTORE, _("'%s' is not a mapo database"), s->path) : 0;
	if ((rc = read_versions(s, versions, n, err)))
		return rc;
	for (size_t i = 0; i < *n; i++)
		if (!known_migration((*versions)[i]))
			return newer_than_binary(s, (*versions)[i], err);
	return 0;
}

int store_pending_migrations(store *s, struct store_pending **out, size_t *n, struct mapo_error *err)
{
	int *versions = NULL;
	size_t nversions = 0, alloc = 0;
	bool set_up = false;
	*out = NULL;
	*n = 0;
	int rc = database_state(s, &set_up, &versions, &nversions, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < store_migrations_count; i++) {
		bool done = false;
		for (size_t j = 0; j < nversions && !done; j++)
			done = versions[j] == store_migrations[i].version;
		if (done)
			continue;
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[*n].version = store_migrations[i].version;
		(*out)[*n].name = store_migrations[i].name;
		(*n)++;
	}
out:
	free(versions);
	return rc;
}

/* ---- dump ----------------------------------------------------------------------------------- */

void backup_schema_release(struct backup_schema *sc)
{
	for (size_t i = 0; i < sc->ntables; i++) {
		for (size_t j = 0; j < sc->tables[i].ncolumns; j++)
			free(sc->tables[i].columns[j]);
		free(sc->tables[i].columns);
		free(sc->tables[i].name);
	}
	free(sc->tables);
	free(sc->versions);
	memset(sc, 0, sizeof(*sc));
}

/* SELECT the columns FROM the table ORDER BY its primary key (byte order for text on both). */
static void select_sql(store *s, const struct tinfo *t, struct buf *out)
{
	buf_addstr(out, "SELECT ");
	for (size_t i = 0; i < t->ncols; i++)
		buf_printf(out, "%s\"%s\"", i ? ", " : "", t->cols[i]);
	buf_printf(out, " FROM \"%s\" ORDER BY ", t->name);
	size_t written = 0;
	for (size_t k = 1; k <= t->nkey; k++)
		for (size_t i = 0; i < t->ncols; i++)
			if (t->pkpos[i] == (int)k)
				buf_printf(out, "%s\"%s\"%s", written++ ? ", " : "", t->cols[i],
					t->text[i] && sql_is_pg(s) ? " COLLATE \"C\"" : "");
	if (!written) /* no primary key: every column, for a stable order */
		for (size_t i = 0; i < t->ncols; i++)
			buf_printf(out, "%s\"%s\"%s", i ? ", " : "", t->cols[i],
				t->text[i] && sql_is_pg(s) ? " COLLATE \"C\"" : "");
}

static void read_value(stmt *st, int i, struct backup_value *v)
{
	memset(v, 0, sizeof(*v));
	switch (sql_column_type(st, i)) {
	case SQL_INTEGER:
		v->type = BACKUP_INTEGER;
		v->i = sql_column_int64(st, i);
		break;
	case SQL_FLOAT:
		v->type = BACKUP_FLOAT;
		v->f = sql_column_double(st, i);
		break;
	case SQL_TEXT:
		v->type = BACKUP_TEXT;
		v->s = sql_column_str(st, i);
		v->len = strlen(v->s);
		break;
	case SQL_BLOB:
		v->type = BACKUP_BLOB;
		v->s = sql_column_blob(st, i, &v->len);
		if (!v->s)
			v->s = "";
		break;
	default:
		v->type = BACKUP_NULL;
		break;
	}
}

static int dump_table(store *s, const struct tinfo *t, const struct backup_table *bt,
	const struct backup_sink *sink, void *arg, struct mapo_error *err)
{
	struct buf sql = BUF_INIT;
	struct backup_value *values = xcalloc(t->ncols ? t->ncols : 1, sizeof(*values));
	long long rows = 0;
	stmt *st = NULL;
	select_sql(s, t, &sql);
	int rc = sql_stmt(s, buf_str(&sql), &st, err);
	if (rc)
		goto out;
	while ((rc = sql_step(st)) == SQL_ROW) {
		for (size_t i = 0; i < t->ncols; i++)
			read_value(st, (int)i, &values[i]);
		rows++;
		if ((rc = sink->row(arg, bt, values, err))) {
			sql_reset(st);
			goto out;
		}
	}
	if ((rc = sql_rows_end(s, rc, err)))
		goto out;
	rc = sink->table_end(arg, bt, rows, err);
out:
	free(values);
	buf_release(&sql);
	return rc;
}

int store_backup_dump(store *s, const struct backup_sink *sink, void *arg, struct mapo_error *err)
{
	struct catalog cat = {0};
	struct backup_schema sc = {0};
	struct tinfo **order = NULL;
	bool set_up = false;
	int rc = sql_read_begin(s, err);
	if (rc)
		return rc;
	if ((rc = database_state(s, &set_up, &sc.versions, &sc.nversions, err)))
		goto out;
	if (!set_up || !sc.nversions) {
		rc = mapo_error_set(err, MAPO_ESTORE, _("the database '%s' is not set up; run 'mapo init'"), s->path);
		goto out;
	}
	if ((rc = catalog_read(s, &cat, err)))
		goto out;
	sc.tables = xcalloc(cat.n ? cat.n : 1, sizeof(*sc.tables));
	order = xcalloc(cat.n ? cat.n : 1, sizeof(*order));
	for (size_t i = 0; i < cat.n; i++) {
		if (cat.t[i].skipped)
			continue;
		struct backup_table *bt = &sc.tables[sc.ntables];
		order[sc.ntables++] = &cat.t[i];
		bt->name = xstrdup(cat.t[i].name);
		bt->ncolumns = cat.t[i].ncols;
		bt->columns = xcalloc(bt->ncolumns ? bt->ncolumns : 1, sizeof(*bt->columns));
		for (size_t j = 0; j < bt->ncolumns; j++)
			bt->columns[j] = xstrdup(cat.t[i].cols[j]);
	}
	if ((rc = sink->schema(arg, &sc, err)))
		goto out;
	for (size_t i = 0; i < sc.ntables && !rc; i++)
		rc = dump_table(s, order[i], &sc.tables[i], sink, arg, err);
out:
	sql_read_end(s);
	free(order);
	backup_schema_release(&sc);
	catalog_release(&cat);
	return rc;
}

/* ---- restore -------------------------------------------------------------------------------- */

/* A row's values for the columns that refer to its own table, set once the table is complete. */
struct deferred {
	struct backup_value *values; /* the self-referring values, then the key's; owned copies */
};

struct store_restore {
	store *s;
	bool open;
	struct catalog cat;
	int *versions;
	size_t nversions;
	struct tinfo *t;      /* the current table */
	bool *done;           /* per catalog table: its rows came */
	size_t nfile;         /* the file's columns for the current table */
	size_t *to_table;     /* file column -> table column */
	size_t *self, nself;  /* file columns set afterwards */
	size_t *key, nkey;    /* file columns of the primary key */
	char *insert_sql, *update_sql; /* insert_sql: for a full batch */
	struct deferred *later;
	size_t nlater, alloc_later;
	struct backup_value *batch; /* rows not inserted yet, nfile values each; owned copies */
	size_t nbatch, batch_max, batch_bytes;
};

/* Rows go in by batches of one INSERT each (a round trip per row to PostgreSQL would make a
 * restore of a large register take hours): at most this many parameters (the SQL layer's ?N for
 * PostgreSQL stops at 999), rows, and bytes of text and blobs held. */
#define BATCH_PARAMS 999
#define BATCH_ROWS 100
#define BATCH_BYTES ((size_t)4 << 20)

static void value_copy(struct backup_value *dst, const struct backup_value *src)
{
	*dst = *src;
	if (src->type == BACKUP_TEXT || src->type == BACKUP_BLOB) {
		char *p = xmalloc(src->len + 1);
		if (src->len)
			memcpy(p, src->s, src->len);
		p[src->len] = '\0';
		dst->s = p;
	}
}

static void value_bind(stmt *st, int i, const struct backup_value *v)
{
	switch (v->type) {
	case BACKUP_INTEGER:
		sql_bind_int64(st, i, v->i);
		break;
	case BACKUP_FLOAT:
		sql_bind_double(st, i, v->f);
		break;
	case BACKUP_TEXT:
		sql_bind_text(st, i, v->s);
		break;
	case BACKUP_BLOB:
		sql_bind_blob(st, i, v->s, v->len);
		break;
	default:
		sql_bind_null(st, i);
		break;
	}
}

static void value_free(struct backup_value *v)
{
	if (v->type == BACKUP_TEXT || v->type == BACKUP_BLOB)
		free((char *)v->s);
	v->type = BACKUP_NULL;
}

static void drop_batch(struct store_restore *r)
{
	for (size_t i = 0; i < r->nbatch * r->nfile; i++)
		value_free(&r->batch[i]);
	r->nbatch = 0;
	r->batch_bytes = 0;
}

static void drop_table_state(struct store_restore *r)
{
	drop_batch(r);
	free(r->batch);
	r->batch = NULL;
	r->batch_max = 0;
	for (size_t i = 0; i < r->nlater; i++) {
		for (size_t j = 0; j < r->nself + r->nkey; j++)
			value_free(&r->later[i].values[j]);
		free(r->later[i].values);
	}
	free(r->later);
	r->later = NULL;
	r->nlater = r->alloc_later = 0;
	free(r->to_table);
	free(r->self);
	free(r->key);
	free(r->insert_sql);
	free(r->update_sql);
	r->to_table = r->self = r->key = NULL;
	r->insert_sql = r->update_sql = NULL;
	r->nfile = r->nself = r->nkey = 0;
	r->t = NULL;
}

void store_restore_free(struct store_restore *r)
{
	if (!r)
		return;
	if (r->open)
		store_rollback(r->s);
	drop_table_state(r);
	catalog_release(&r->cat);
	free(r->done);
	free(r->versions);
	free(r);
}

/* Applies migration m without recording it: the backup's schema_migrations rows record it. */
static int apply_unrecorded(store *s, const struct store_migration *m, struct mapo_error *err)
{
	struct buf text = BUF_INIT;
	s->be->migration_sql(s, m->sql, &text);
	int rc = s->be->exec(s, buf_str(&text));
	buf_release(&text);
	if (rc) {
		s->last_rc = rc;
		if (s->debug)
			fprintf(stderr, "mapo: %s: %s\n", s->be->name, s->be->errmsg(s));
		rc = sql_error(s, rc, NULL);
		return mapo_error_set(err, rc, _("cannot apply the database migration %04d (%s)"), m->version,
			m->name);
	}
	return 0;
}

/* MAPO_EINVAL naming the first table of a set-up database that holds rows. */
static int check_empty(store *s, struct catalog *cat, struct mapo_error *err)
{
	for (size_t i = 0; i < cat->n; i++) {
		if (!strcmp(cat->t[i].name, "schema_migrations"))
			continue;
		struct buf sql = BUF_INIT;
		stmt *st;
		buf_printf(&sql, "SELECT 1 FROM \"%s\" LIMIT 1", cat->t[i].name);
		int rc = sql_stmt(s, buf_str(&sql), &st, err);
		buf_release(&sql);
		if (rc)
			return rc;
		rc = sql_step(st);
		sql_reset(st);
		if (rc == SQL_ROW)
			return mapo_error_set(err, MAPO_EINVAL,
				_("the database '%s' is not empty (table '%s' has rows): restore into a new database"),
				s->path, cat->t[i].name);
		if (rc != SQL_DONE)
			return sql_error(s, rc, err);
	}
	return 0;
}

int store_restore_begin(store *s, const int *versions, size_t nversions, struct store_restore **out,
	struct mapo_error *err)
{
	struct store_restore *r = xcalloc(1, sizeof(*r));
	int *have = NULL;
	size_t nhave = 0;
	bool set_up = false;
	int rc;
	*out = NULL;
	r->s = s;
	for (size_t i = 0; i < nversions; i++)
		if (!known_migration(versions[i])) {
			rc = mapo_error_set(err, MAPO_ESCHEMA,
				_("the backup has schema version %d, which this mapo does not know (it knows up to "
				  "%d): use a newer mapo"),
				versions[i], store_migrations[store_migrations_count - 1].version);
			goto fail;
		}
	if ((rc = store_begin(s, err)))
		goto fail;
	r->open = true;
	if ((rc = database_state(s, &set_up, &have, &nhave, err)))
		goto fail;
	if (set_up) {
		if ((rc = catalog_read(s, &r->cat, err)) || (rc = check_empty(s, &r->cat, err)))
			goto fail;
		bool same = nhave == nversions;
		for (size_t i = 0; i < nhave && same; i++)
			same = have[i] == versions[i];
		if (!same) {
			rc = mapo_error_set(err, MAPO_EINVAL,
				_("the database '%s' is set up at another schema version than the backup: restore "
				  "into a database that is not set up"),
				s->path);
			goto fail;
		}
		/* the backup's own rows record when each migration was first applied */
		if ((rc = sql_exec(s, "DELETE FROM schema_migrations", err)))
			goto fail;
	} else {
		for (size_t i = 0; i < store_migrations_count; i++)
			for (size_t j = 0; j < nversions; j++)
				if (versions[j] == store_migrations[i].version &&
					(rc = apply_unrecorded(s, &store_migrations[i], err)))
					goto fail;
		if ((rc = catalog_read(s, &r->cat, err)))
			goto fail;
	}
	r->versions = xcalloc(nversions ? nversions : 1, sizeof(*r->versions));
	if (nversions)
		memcpy(r->versions, versions, nversions * sizeof(*versions));
	r->nversions = nversions;
	r->done = xcalloc(r->cat.n ? r->cat.n : 1, sizeof(*r->done));
	free(have);
	*out = r;
	return 0;
fail:
	free(have);
	store_restore_free(r);
	return rc;
}

/* INSERT INTO the current table (its file columns) VALUES (?1, ...), ... for rows rows. */
static char *insert_text(struct store_restore *r, size_t rows)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "INSERT INTO \"%s\" (", r->t->name);
	for (size_t i = 0; i < r->nfile; i++)
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", r->t->cols[r->to_table[i]]);
	buf_addstr(&sql, ") VALUES ");
	for (size_t k = 0; k < rows; k++) {
		buf_addstr(&sql, k ? ", (" : "(");
		for (size_t i = 0; i < r->nfile; i++)
			buf_printf(&sql, "%s?%zu", i ? ", " : "", k * r->nfile + i + 1);
		buf_addstr(&sql, ")");
	}
	return buf_detach(&sql);
}

int store_restore_table(struct store_restore *r, const char *table, const char *const *columns,
	size_t ncolumns, struct mapo_error *err)
{
	struct tinfo *t = catalog_find(&r->cat, table);
	drop_table_state(r);
	if (!t || t->skipped)
		return mapo_error_set(err, MAPO_EINVAL, _("table '%s': the database has no such table"), table);
	if (r->done[t - r->cat.t])
		return mapo_error_set(err, MAPO_EINVAL, _("table '%s' comes twice"), table);
	if (ncolumns != t->ncols)
		return mapo_error_set(err, MAPO_EINVAL, _("table '%s': %zu columns, the database has %zu"), table,
			ncolumns, t->ncols);
	r->to_table = xcalloc(ncolumns ? ncolumns : 1, sizeof(*r->to_table));
	r->self = xcalloc(ncolumns ? ncolumns : 1, sizeof(*r->self));
	r->key = xcalloc(ncolumns ? ncolumns : 1, sizeof(*r->key));
	for (size_t i = 0; i < ncolumns; i++) {
		size_t j = 0;
		while (j < t->ncols && strcmp(t->cols[j], columns[i]))
			j++;
		if (j == t->ncols)
			return mapo_error_set(err, MAPO_EINVAL, _("table '%s': the database has no column '%s'"), table,
				columns[i]);
		for (size_t k = 0; k < i; k++)
			if (r->to_table[k] == j)
				return mapo_error_set(err, MAPO_EINVAL, _("table '%s': column '%s' comes twice"), table,
					columns[i]);
		r->to_table[i] = j;
		if (t->selfref[j])
			r->self[r->nself++] = i;
	}
	for (size_t k = 1; k <= t->nkey; k++)
		for (size_t i = 0; i < ncolumns; i++)
			if (t->pkpos[r->to_table[i]] == (int)k)
				r->key[r->nkey++] = i;
	if (r->nself && !r->nkey)
		return mapo_error_set(err, MAPO_EINVAL, _("table '%s' cannot be restored: no primary key"), table);

	r->nfile = ncolumns;
	r->t = t;
	r->batch_max = ncolumns ? BATCH_PARAMS / ncolumns : BATCH_ROWS;
	if (r->batch_max > BATCH_ROWS)
		r->batch_max = BATCH_ROWS;
	if (r->batch_max < 1)
		r->batch_max = 1;
	r->batch = xcalloc(r->batch_max * (ncolumns ? ncolumns : 1), sizeof(*r->batch));
	r->insert_sql = insert_text(r, r->batch_max);
	struct buf sql = BUF_INIT;
	if (r->nself) {
		buf_init(&sql, 0);
		buf_printf(&sql, "UPDATE \"%s\" SET ", table);
		for (size_t i = 0; i < r->nself; i++)
			buf_printf(&sql, "%s\"%s\" = ?%zu", i ? ", " : "", columns[r->self[i]], i + 1);
		buf_addstr(&sql, " WHERE ");
		for (size_t i = 0; i < r->nkey; i++)
			buf_printf(&sql, "%s\"%s\" = ?%zu", i ? " AND " : "", columns[r->key[i]], r->nself + i + 1);
		r->update_sql = buf_detach(&sql);
	}
	return 0;
}

/* Puts the table's name before the database's reason (a duplicate, a dangling reference). */
static int row_refused(struct store_restore *r, int rc, struct mapo_error *err)
{
	if (!err)
		return rc;
	char why[sizeof(err->msg)];
	snprintf(why, sizeof(why), "%s", err->msg);
	return mapo_error_set(err, rc, _("table '%s': a row cannot be stored: %s"), r->t->name, why);
}

/* Inserts the rows of the batch with one statement. */
static int flush_batch(struct store_restore *r, struct mapo_error *err)
{
	if (!r->nbatch)
		return 0;
	char *partial = r->nbatch < r->batch_max ? insert_text(r, r->nbatch) : NULL;
	stmt *st;
	int rc = sql_stmt(r->s, partial ? partial : r->insert_sql, &st, err);
	free(partial);
	if (!rc) {
		for (size_t i = 0; i < r->nbatch * r->nfile; i++)
			value_bind(st, (int)i + 1, &r->batch[i]);
		if ((rc = sql_exec_write(r->s, st, err)))
			rc = row_refused(r, rc, err);
	}
	drop_batch(r);
	return rc;
}

int store_restore_row(struct store_restore *r, const struct backup_value *values, struct mapo_error *err)
{
	if (!r->t)
		return mapo_error_set(err, MAPO_EINVAL, "%s", _("a row before its table"));
	bool later = false;
	struct backup_value *row = &r->batch[r->nbatch * r->nfile];
	for (size_t i = 0; i < r->nfile; i++) {
		bool self = false;
		for (size_t k = 0; k < r->nself && !self; k++)
			self = r->self[k] == i;
		if (self && values[i].type != BACKUP_NULL) {
			later = true;
			memset(&row[i], 0, sizeof(row[i])); /* NULL until the table is complete */
		} else {
			value_copy(&row[i], &values[i]);
			r->batch_bytes += values[i].len;
		}
	}
	r->nbatch++;
	if (later) {
		ALLOC_GROW(r->later, r->nlater + 1, r->alloc_later);
		struct deferred *d = &r->later[r->nlater++];
		d->values = xcalloc(r->nself + r->nkey, sizeof(*d->values));
		for (size_t k = 0; k < r->nself; k++)
			value_copy(&d->values[k], &values[r->self[k]]);
		for (size_t k = 0; k < r->nkey; k++)
			value_copy(&d->values[r->nself + k], &values[r->key[k]]);
	}
	if (r->nbatch == r->batch_max || r->batch_bytes >= BATCH_BYTES)
		return flush_batch(r, err);
	return 0;
}

int store_restore_table_end(struct store_restore *r, struct mapo_error *err)
{
	if (!r->t)
		return 0;
	int rc = flush_batch(r, err);
	for (size_t i = 0; i < r->nlater && !rc; i++) {
		stmt *st;
		if ((rc = sql_stmt(r->s, r->update_sql, &st, err)))
			break;
		for (size_t k = 0; k < r->nself + r->nkey; k++)
			value_bind(st, (int)k + 1, &r->later[i].values[k]);
		if ((rc = sql_exec_write(r->s, st, err)))
			rc = row_refused(r, rc, err);
	}
	if (!rc)
		r->done[r->t - r->cat.t] = true;
	drop_table_state(r);
	return rc;
}

/* PostgreSQL's identity columns take their next value from a sequence, which rows inserted with
 * their ids did not move: set it past the highest id. */
static int set_sequences(store *s, struct catalog *cat, struct mapo_error *err)
{
	for (size_t i = 0; i < cat->n; i++) {
		for (size_t j = 0; j < cat->t[i].ncols; j++) {
			if (!cat->t[i].identity[j])
				continue;
			struct buf sql = BUF_INIT;
			stmt *st;
			buf_printf(&sql,
				"SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(\"%s\"), 0) + 1, false) "
				"FROM \"%s\"",
				cat->t[i].name, cat->t[i].cols[j], cat->t[i].cols[j], cat->t[i].name);
			int rc = sql_stmt(s, buf_str(&sql), &st, err);
			buf_release(&sql);
			if (rc)
				return rc;
			rc = sql_step(st);
			sql_reset(st);
			if (rc != SQL_ROW && rc != SQL_DONE)
				return sql_error(s, rc, err);
		}
	}
	return 0;
}

int store_restore_finish(struct store_restore *r, struct mapo_error *err)
{
	store *s = r->s;
	int *have = NULL;
	size_t nhave = 0;
	int rc = store_restore_table_end(r, err);
	if (rc)
		return rc;
	if ((rc = read_versions(s, &have, &nhave, err)))
		return rc;
	bool same = nhave == r->nversions;
	for (size_t i = 0; i < nhave && same; i++)
		same = have[i] == r->versions[i];
	free(have);
	if (!same)
		return mapo_error_set(err, MAPO_EINVAL, "%s",
			_("the backup's schema_migrations rows do not match the versions in its header"));
	if (sql_is_pg(s) && (rc = set_sequences(s, &r->cat, err)))
		return rc;
	if ((rc = store_migrate(s, err)))
		return rc;
	r->open = false;
	return store_commit(s, err);
}
