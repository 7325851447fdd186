/* Production and contingency plans: the plan and its versions, the review
 * queue, the holdings behind the "lacking" list, the plans waiting too long.
 * Reads and writes only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

#define PLAN_COLS                                                                                  \
    "p.id, p.enterprise, e.name, e.region, p.level, p.state, p.version, p.guidance_version, "      \
    "p.approved_version, p.approved_guidance, p.filed_at, p.overdue_at, p.decided_at, "            \
    "p.decided_by, p.reasons, p.created_at, p.updated_at, p.updated_by, v.complete"
#define PLAN_FROM                                                                                  \
    " FROM plans p JOIN enterprises e ON e.uscc = p.enterprise JOIN plan_versions v ON "           \
    "v.plan_id = p.id AND v.version = p.version"

static const char SQL_PLAN_GET[] =
    "SELECT " PLAN_COLS ", v.body" PLAN_FROM " WHERE p.enterprise = ? AND p.level = ?";
static const char SQL_PLANS_OF[] =
    "SELECT " PLAN_COLS ", v.body" PLAN_FROM " WHERE p.enterprise = ? ORDER BY "
    "CASE p.level WHEN 'low' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END";
static const char SQL_PLAN_INSERT[] =
    "INSERT INTO plans (id, enterprise, level, state, version, guidance_version, "
    "approved_version, approved_guidance, filed_at, overdue_at, decided_at, decided_by, reasons, "
    "created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, 1, ?, 0, 0, 0, 0, 0, '', '[]', ?, ?, "
    "?)";
static const char SQL_PLAN_SAVE[] =
    "UPDATE plans SET state = ?, version = version + 1, guidance_version = ?, updated_at = ?, "
    "updated_by = ? WHERE id = ? AND version = ? AND state = ?";
static const char SQL_VERSION_INSERT[] =
    "INSERT INTO plan_versions (plan_id, version, body, guidance_version, complete, saved_by, "
    "saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_PLAN_UPDATE[] =
    "UPDATE plans SET state = ?, filed_at = ?, overdue_at = ?, approved_version = ?, "
    "approved_guidance = ?, decided_at = ?, decided_by = ?, reasons = ?, updated_at = ?, "
    "updated_by = ? WHERE id = ? AND version = ? AND state = ?";
static const char SQL_VERSION_GET[] =
    "SELECT version, guidance_version, complete, saved_by, saved_at, body FROM plan_versions "
    "WHERE plan_id = ? AND version = ?";
static const char SQL_VERSIONS[] =
    "SELECT version, guidance_version, complete, saved_by, saved_at FROM plan_versions "
    "WHERE plan_id = ? ORDER BY version DESC";
static const char SQL_QUEUE[] =
    "SELECT " PLAN_COLS PLAN_FROM " WHERE p.state = 'filed' AND e.region BETWEEN ? AND ? "
    "ORDER BY p.filed_at, p.id LIMIT ? OFFSET ?";
static const char SQL_QUEUE_COUNT[] =
    "SELECT COUNT(*) FROM plans p JOIN enterprises e ON e.uscc = p.enterprise "
    "WHERE p.state = 'filed' AND e.region BETWEEN ? AND ?";
#define LEVEL_STATE(l)                                                                             \
    "(SELECT p.state FROM plans p WHERE p.enterprise = e.uscc AND p.level = '" l "')"
static const char SQL_HOLDINGS[] =
    "SELECT e.uscc, e.name, e.region, (SELECT COALESCE(SUM(CASE p.level WHEN 'low' THEN 1 WHEN "
    "'medium' THEN 2 ELSE 4 END), 0) FROM plans p WHERE p.enterprise = e.uscc AND "
    "p.approved_version > 0) AS approved, " LEVEL_STATE("low") ", " LEVEL_STATE(
        "medium") ", " LEVEL_STATE("high") " FROM enterprises e WHERE e.region BETWEEN ? AND ? "
                                           "ORDER BY e.region, e.uscc";
static const char SQL_PLAN_SEED[] =
    "INSERT INTO plans (id, enterprise, level, state, version, guidance_version, "
    "approved_version, approved_guidance, filed_at, overdue_at, decided_at, decided_by, reasons, "
    "created_at, updated_at, updated_by) VALUES (?, ?, ?, 'approved', 1, ?, 1, ?, ?, 0, ?, ?, "
    "'[]', ?, ?, ?)";
static const char SQL_WAITING[] =
    "SELECT enterprise, level FROM plans WHERE state = 'filed' AND filed_at <= ? AND "
    "overdue_at = 0 ORDER BY filed_at LIMIT ?";

void fg_plan_row_release(fg_plan_row *r)
{
    if (!r)
        return;
    json_decref(r->reasons);
    json_decref(r->body);
    r->reasons = NULL;
    r->body = NULL;
}

static void read_row(fg_db *db, fg_stmt *st, fg_plan_row *r, bool with_body)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->id, fg_db_text(db, st, 0), sizeof(r->id));
    fg_strlcpy(r->enterprise, fg_db_text(db, st, 1), sizeof(r->enterprise));
    fg_strlcpy(r->enterprise_name, fg_db_text(db, st, 2), sizeof(r->enterprise_name));
    r->region = (int32_t)fg_db_int(db, st, 3);
    fg_risk_parse(fg_db_text(db, st, 4), &r->level, NULL);
    fg_plan_state_parse(fg_db_text(db, st, 5), &r->state, NULL);
    r->version = (int)fg_db_int(db, st, 6);
    r->guidance_version = (int)fg_db_int(db, st, 7);
    r->approved_version = (int)fg_db_int(db, st, 8);
    r->approved_guidance = (int)fg_db_int(db, st, 9);
    r->filed_at = fg_db_int(db, st, 10);
    r->overdue_at = fg_db_int(db, st, 11);
    r->decided_at = fg_db_int(db, st, 12);
    fg_strlcpy(r->decided_by, fg_db_text(db, st, 13), sizeof(r->decided_by));
    r->reasons = json_loads(fg_db_text(db, st, 14), 0, NULL);
    if (!json_is_array(r->reasons)) {
        json_decref(r->reasons);
        r->reasons = json_array();
    }
    r->created_at = fg_db_int(db, st, 15);
    r->updated_at = fg_db_int(db, st, 16);
    fg_strlcpy(r->updated_by, fg_db_text(db, st, 17), sizeof(r->updated_by));
    r->complete = fg_db_int(db, st, 18) != 0;
    if (with_body)
        r->body = json_loads(fg_db_text(db, st, 19), 0, NULL);
}

int fg_store_plan_get(fg_db *db, const char *uscc, fg_risk_level level, bool with_body,
                      fg_plan_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_PLAN_GET, "tt", uscc, fg_risk_name(level));
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "level", "plan.not_found",
                         "the enterprise has no plan for level {level:%s}", fg_risk_name(level));
    read_row(db, st, out, with_body);
    fg_db_done(db, st);
    if (!out->reasons || (with_body && !out->body)) {
        fg_plan_row_release(out);
        return fg_err_set(err, FG_EDB, "plan %s: stored body or reasons unreadable", out->id);
    }
    return 0;
}

int fg_store_plans_of(fg_db *db, const char *uscc, fg_plan_row out[3], size_t *out_n, fg_err *err)
{
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_PLANS_OF, "t", uscc);
    if (rc)
        return rc;
    while (*out_n < 3 && (rc = fg_db_step(db, st, err)) == 1) {
        read_row(db, st, &out[*out_n], true);
        (*out_n)++;
        if (!out[*out_n - 1].body || !out[*out_n - 1].reasons) {
            rc = fg_err_set(err, FG_EDB, "plan of %s: stored body unreadable", uscc);
            break;
        }
    }
    fg_db_done(db, st);
    if (rc < 0) {
        for (size_t i = 0; i < *out_n; i++)
            fg_plan_row_release(&out[i]);
        *out_n = 0;
        return rc;
    }
    return 0;
}

static void read_version(fg_db *db, fg_stmt *st, fg_plan_version *v)
{
    memset(v, 0, sizeof(*v));
    v->version = (int)fg_db_int(db, st, 0);
    v->guidance_version = (int)fg_db_int(db, st, 1);
    v->complete = fg_db_int(db, st, 2) != 0;
    fg_strlcpy(v->saved_by, fg_db_text(db, st, 3), sizeof(v->saved_by));
    v->saved_at = fg_db_int(db, st, 4);
}

int fg_store_plan_version_get(fg_db *db, const char *id, int version, json_t **out_body,
                              fg_plan_version *out, fg_err *err)
{
    *out_body = NULL;
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_VERSION_GET, "td", id, version);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "version", "plan.version_not_found",
                         "the plan has no version {version:%d}", version);
    read_version(db, st, out);
    *out_body = json_loads(fg_db_text(db, st, 5), 0, NULL);
    fg_db_done(db, st);
    return *out_body ? 0 : fg_err_set(err, FG_EDB, "plan %s version %d unreadable", id, version);
}

int fg_store_plan_versions(fg_db *db, const char *id,
                           int (*fn)(const fg_plan_version *v, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_VERSIONS, "t", id);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_plan_version v;
        read_version(db, st, &v);
        if ((rc = fn(&v, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

static json_t *state_json(const fg_plan_row *r)
{
    return json_pack("{s:s,s:i,s:i}", "plan_state", fg_plan_state_name(r->state), "version",
                     r->version, "approved_version", r->approved_version);
}

int fg_store_plan_save(fg_db *db, const fg_plan_row *before, fg_plan_row *r, const char *body,
                       int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    if (!before) {
        fg_clock_uuid(r->id);
        r->version = 1;
        r->created_at = now;
        rc = fg_db_run(db, err, SQL_PLAN_INSERT, "ttttdiit", r->id, r->enterprise,
                       fg_risk_name(r->level), fg_plan_state_name(r->state), r->guidance_version,
                       now, now, actor);
    } else {
        fg_strlcpy(r->id, before->id, sizeof(r->id));
        r->version = before->version + 1;
        rc = fg_db_run(db, err, SQL_PLAN_SAVE, "tdittdt", fg_plan_state_name(r->state),
                       r->guidance_version, now, actor, before->id, before->version,
                       fg_plan_state_name(before->state));
        if (rc == 0 && db->ops->changes(db) != 1)
            rc = fg_err_at(err, FG_ECONFLICT, "version", "plan.changed",
                           "the plan was changed meanwhile; reload it");
    }
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_VERSION_INSERT, "tdtdbti", r->id, r->version, body,
                       r->guidance_version, r->complete, actor, now);
    if (rc == 0) {
        r->updated_at = now;
        fg_strlcpy(r->updated_by, actor, sizeof(r->updated_by));
        json_t *d = json_pack("{s:s,s:s,s:o*,s:o,s:i,s:b}", "enterprise", r->enterprise, "level",
                              fg_risk_name(r->level), "before", before ? state_json(before) : NULL,
                              "after", state_json(r), "guidance_version", r->guidance_version,
                              "complete", r->complete);
        rc = fg_tx_audit(&tx, "plan.save", "plan", r->id, r->region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_plan_update(fg_db *db, const fg_plan_row *before, const fg_plan_row *after,
                         const char *action, int64_t now, const char *actor, fg_err *err)
{
    char *reasons = json_dumps(after->reasons ? after->reasons : json_array(), JSON_COMPACT);
    if (!reasons)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc) {
        free(reasons);
        return rc;
    }
    rc = fg_db_run(db, err, SQL_PLAN_UPDATE, "tiiddittittdt", fg_plan_state_name(after->state),
                   after->filed_at, after->overdue_at, after->approved_version,
                   after->approved_guidance, after->decided_at, after->decided_by, reasons, now,
                   actor, before->id, before->version, fg_plan_state_name(before->state));
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, "version", "plan.changed",
                       "the plan was changed meanwhile; reload it");
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s,s:o,s:o,s:O?}", "enterprise", before->enterprise, "level",
                              fg_risk_name(before->level), "before", state_json(before), "after",
                              state_json(after), "reasons",
                              after->state == FG_PLAN_RETURNED ? after->reasons : NULL);
        rc = fg_tx_audit(&tx, action, "plan", before->id, before->region, d, err);
        json_decref(d);
    }
    free(reasons);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_plan_queue(fg_db *db, int32_t lo, int32_t hi, int limit, int offset,
                        int (*fn)(const fg_plan_row *r, void *ctx), void *ctx, long *out_total,
                        fg_err *err)
{
    fg_stmt *st;
    *out_total = 0;
    int rc = fg_db_row(db, &st, err, SQL_QUEUE_COUNT, "dd", (int)lo, (int)hi);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        *out_total = (long)fg_db_int(db, st, 0);
        fg_db_done(db, st);
    }
    if ((rc = fg_db_query(db, &st, err, SQL_QUEUE, "dddd", (int)lo, (int)hi, limit, offset)))
        return rc;
    fg_plan_row *r = malloc(sizeof(*r));
    if (!r) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        read_row(db, st, r, false);
        rc = fn(r, ctx);
        fg_plan_row_release(r);
        if (rc)
            break;
    }
    free(r);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_plan_holdings(fg_db *db, int32_t lo, int32_t hi,
                           int (*fn)(const fg_plan_holdings *h, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_HOLDINGS, "dd", (int)lo, (int)hi);
    if (rc)
        return rc;
    fg_plan_holdings *h = malloc(sizeof(*h));
    if (!h) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        h->approved = (unsigned)fg_db_int(db, st, 3);
        if (h->approved == 7)
            continue;
        fg_strlcpy(h->uscc, fg_db_text(db, st, 0), sizeof(h->uscc));
        fg_strlcpy(h->name, fg_db_text(db, st, 1), sizeof(h->name));
        h->region = (int32_t)fg_db_int(db, st, 2);
        for (int l = 0; l < 3; l++) {
            const char *s = fg_db_text(db, st, 4 + l);
            fg_plan_state ps;
            h->state[l] = s && *s && fg_plan_state_parse(s, &ps, NULL) == 0 ? (int)ps : -1;
        }
        if ((rc = fn(h, ctx)))
            break;
    }
    free(h);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_plans_waiting(fg_db *db, int64_t filed_by, char (*uscc)[FG_USCC_LEN + 1],
                           fg_risk_level *levels, size_t cap, size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_WAITING, "id", filed_by, (int)cap);
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        fg_strlcpy(uscc[*out_n], fg_db_text(db, st, 0), FG_USCC_LEN + 1);
        fg_risk_parse(fg_db_text(db, st, 1), &levels[*out_n], NULL);
        (*out_n)++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_plans_seed(fg_db *db, const fg_plan_seed *rows, size_t n, int guidance_version,
                        int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char id[37];
        fg_clock_uuid(id);
        const char *level = fg_risk_name(rows[i].level);
        rc = fg_db_run(db, err, SQL_PLAN_SEED, "tttddiitiit", id, rows[i].uscc, level,
                       guidance_version, guidance_version, now, now, actor, now, now, actor);
        if (rc == 0)
            rc = fg_db_run(db, err, SQL_VERSION_INSERT, "tdtdbti", id, 1, rows[i].body,
                           guidance_version, true, actor, now);
        if (rc == 0) {
            json_t *d = json_pack("{s:s,s:s,s:{s:s,s:i,s:i},s:i}", "enterprise", rows[i].uscc,
                                  "level", level, "after", "plan_state", "approved", "version", 1,
                                  "approved_version", 1, "guidance_version", guidance_version);
            rc = fg_tx_audit(&tx, "plan.seed", "plan", id, rows[i].region, d, err);
            json_decref(d);
        }
    }
    return fg_tx_end(&tx, rc, err);
}
