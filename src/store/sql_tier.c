/* The SQLite side of store_tier.h: tier placements and the rules' versions
 * (schema: migrations/0003_tier.sql). */
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_tier.h"

int store_tier_put(store *s, const struct tier_record *r, struct mapo_error *err)
{
	const char *code = tier_placement_code(r->placement);
	stmt *st;
	unsigned long mark;

	if (!*code)
		return mapo_error_set(err, MAPO_EINVAL, _("%s %d: unknown placement"), r->country, r->year);
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s,
		     "INSERT INTO tier_placements (country, year, placement, waiver, source, exception) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		     "ON CONFLICT (country, year) DO UPDATE SET placement = excluded.placement, "
		     "waiver = excluded.waiver, source = excluded.source, exception = excluded.exception",
		     &st, err)))
		goto out;
	sql_bind_text(st, 1, r->country);
	sql_bind_int64(st, 2, r->year);
	sql_bind_text(st, 3, code);
	sql_bind_int64(st, 4, r->waiver ? 1 : 0);
	sql_bind_text(st, 5, r->source ? r->source : "");
	sql_bind_text(st, 6, r->exception ? r->exception : "");
	if ((rc = sql_exec_write(s, st, err)) == MAPO_EINVAL) {
		/* Say which rule the record broke, not that "a field" did. */
		if (sql_last_error(s) == SQL_EFOREIGN)
			mapo_error_set(err, rc, _("%s %d: unknown country '%s'"), r->country, r->year, r->country);
		else
			mapo_error_set(err, rc, _("%s %d: a waiver goes only with a Watch List placement"),
				r->country, r->year);
	}
out:
	return sql_end(s, rc, mark, err);
}

int store_tier_list(store *s, const char *country, tier_record_cb cb, void *arg, struct mapo_error *err)
{
	stmt *st;
	struct tier_record r;
	int rc = sql_stmt(s,
		"SELECT country, year, placement, waiver, source, exception FROM tier_placements "
		"WHERE CAST(?1 AS TEXT) IS NULL OR country = ?1 ORDER BY country, year",
		&st, err);
	if (rc)
		return rc;
	sql_bind_text(st, 1, country);
	tier_record_init(&r);
	while ((rc = sql_step(st)) == SQL_ROW) {
		tier_record_set(&r, sql_column_str(st, 0), sql_column_int(st, 1),
			tier_placement_parse(sql_column_str(st, 2)), sql_column_int(st, 3) != 0,
			sql_column_str(st, 4), sql_column_str(st, 5));
		if ((rc = cb(&r, arg))) {
			tier_record_release(&r);
			return sql_rows_stop(st, rc);
		}
	}
	tier_record_release(&r);
	return sql_rows_end(s, rc, err);
}

int store_tier_delete(store *s, const char *country, int year, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM tier_placements WHERE country = ?1 AND year = ?2", &st, err)))
		goto out;
	sql_bind_text(st, 1, country);
	sql_bind_int64(st, 2, year);
	if (!(rc = sql_exec_write(s, st, err)) && sql_changes(s) == 0)
		rc = mapo_error_set(err, MAPO_ENOTFOUND, _("no placement of %s in %d"), country, year);
out:
	return sql_end(s, rc, mark, err);
}

int store_tier_rules_replace(store *s, const struct tier_rules *rs, struct mapo_error *err)
{
	stmt *st;
	unsigned long mark;
	int rc = sql_begin(s, &mark, err);
	if (rc)
		return rc;
	if ((rc = sql_stmt(s, "DELETE FROM tier_rules", &st, err)) || (rc = sql_exec_write(s, st, err)))
		goto out;
	for (size_t i = 0; i < rs->n; i++) {
		const struct tier_rule *r = &rs->v[i];
		if ((rc = sql_stmt(s,
			     "INSERT INTO tier_rules (from_year, to_year, auto_downgrade, watch_list_years, "
			     "max_consecutive_waivers, one_year_after_downgrade, source) "
			     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     &st, err)))
			goto out;
		sql_bind_int64(st, 1, r->from_year);
		if (r->to_year)
			sql_bind_int64(st, 2, r->to_year);
		else
			sql_bind_null(st, 2);
		sql_bind_int64(st, 3, r->auto_downgrade ? 1 : 0);
		sql_bind_int64(st, 4, r->watch_list_years);
		sql_bind_int64(st, 5, r->max_waivers);
		sql_bind_int64(st, 6, r->one_year_after_downgrade ? 1 : 0);
		sql_bind_text(st, 7, r->source ? r->source : "");
		if ((rc = sql_exec_write(s, st, err))) {
			if (rc == MAPO_EINVAL || rc == MAPO_EEXIST)
				mapo_error_set(err, MAPO_EINVAL, _("the tier rules from %d are out of range or given twice"),
					r->from_year);
			goto out;
		}
	}
out:
	return sql_end(s, rc, mark, err);
}

int store_tier_rules_load(store *s, struct tier_rules *rs, struct mapo_error *err)
{
	stmt *st;
	int rc = sql_stmt(s,
		"SELECT from_year, to_year, auto_downgrade, watch_list_years, max_consecutive_waivers, "
		"one_year_after_downgrade, source FROM tier_rules ORDER BY from_year",
		&st, err);
	if (rc)
		return rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		struct tier_rule r = {
			.from_year = sql_column_int(st, 0),
			.to_year = sql_column_null(st, 1) ? 0 : sql_column_int(st, 1),
			.auto_downgrade = sql_column_int(st, 2) != 0,
			.watch_list_years = sql_column_int(st, 3),
			.max_waivers = sql_column_int(st, 4),
			.one_year_after_downgrade = sql_column_int(st, 5) != 0,
			.source = (char *)sql_column_str(st, 6),
		};
		tier_rules_add(rs, &r);
	}
	return sql_rows_end(s, rc, err);
}
