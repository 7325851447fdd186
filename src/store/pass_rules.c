/* Provinces' negative-test rules for vehicle passes. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "store.h"

static const char SQL_RULE_GET[] =
    "SELECT r.name, COALESCE(p.drivers, 0), COALESCE(p.crew, 0), COALESCE(p.hours, 0), "
    "COALESCE(p.version, 0), COALESCE(p.updated_by, ''), COALESCE(p.updated_at, 0) "
    "FROM regions r LEFT JOIN pass_rules p ON p.province = r.code WHERE r.code = ? AND r.level = 1";
static const char SQL_RULE_UPSERT[] =
    "INSERT INTO pass_rules (province, drivers, crew, hours, version, updated_by, updated_at) "
    "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (province) DO UPDATE SET drivers = excluded.drivers, "
    "crew = excluded.crew, hours = excluded.hours, version = pass_rules.version + 1, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at";

int fg_store_pass_rule_get(fg_db *db, int32_t province, fg_pass_rule_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_RULE_GET, "d", (int)province);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "code", "pass_rule.no_province",
                         "no province {region:%06d} in the region table", (int)province);
    out->rule.province = province;
    fg_strlcpy(out->rule.name, fg_db_text(db, st, 0), sizeof(out->rule.name));
    out->rule.drivers = fg_db_int(db, st, 1) != 0;
    out->rule.crew = fg_db_int(db, st, 2) != 0;
    out->rule.hours = (int)fg_db_int(db, st, 3);
    out->version = (int)fg_db_int(db, st, 4);
    fg_strlcpy(out->updated_by, fg_db_text(db, st, 5), sizeof(out->updated_by));
    out->updated_at = fg_db_int(db, st, 6);
    fg_db_done(db, st);
    return 0;
}

json_t *fg_pass_rule_row_json(const fg_pass_rule_row *r)
{
    char code[7];
    fg_region_format(r->rule.province, code);
    json_t *j = json_pack("{s:s,s:s,s:b,s:b,s:i,s:i}", "province", code, "name", r->rule.name,
                          "drivers", r->rule.drivers, "crew", r->rule.crew, "hours", r->rule.hours,
                          "version", r->version);
    if (j && r->version) {
        char t[25];
        fg_time_format(r->updated_at, t);
        json_object_set_new(j, "updated_by", json_string(r->updated_by));
        json_object_set_new(j, "updated_at", json_string(t));
    }
    return j;
}

static json_t *rule_json(const fg_pass_rule *r)
{
    return json_pack("{s:b,s:b,s:i}", "drivers", r->drivers, "crew", r->crew, "hours", r->hours);
}

int fg_store_pass_rule_set(fg_db *db, const fg_pass_rule *r, int expect_version, int64_t now,
                           const char *actor, fg_pass_rule_row *out, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    fg_pass_rule_row before;
    if ((rc = fg_store_pass_rule_get(db, r->province, &before, err)))
        return fg_tx_end(&tx, rc, err);
    if (expect_version >= 0 && before.version != expect_version)
        return fg_tx_end(&tx,
                         fg_err_at(err, FG_ECONFLICT, "version", "pass_rule.changed",
                                   "the rule was changed meanwhile (now version {version:%d}); "
                                   "reload it",
                                   before.version),
                         err);
    rc = fg_db_run(db, err, SQL_RULE_UPSERT, "dbbdti", (int)r->province, r->drivers, r->crew,
                   r->hours, actor, now);
    if (rc == 0)
        rc = fg_store_pass_rule_get(db, r->province, out, err);
    if (rc == 0) {
        char code[7];
        fg_region_format(r->province, code);
        json_t *d = json_pack("{s:o,s:o,s:i}", "before", rule_json(&before.rule), "after",
                              rule_json(&out->rule), "version", out->version);
        rc = fg_tx_audit(&tx, "pass_rule.set", "pass_rule", code, r->province, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}
