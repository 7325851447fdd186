/* Stop/limit orders: proposal with the blanket-shutdown check, actions with
 * optimistic versions, the timeline, resumption applications, alarms, and
 * the settlement of what time alone changes (expiry, lapse, escalation). The
 * policy (who may act, what an action does) is src/core/order.c's; this file
 * only reads and writes, each write in one transaction with its audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

#define ORDER_COLS                                                                                 \
    "o.id, o.enterprise, o.region, o.route, o.step, o.state, o.emergency, o.confirmed, "           \
    "o.measure, o.percent, o.reason, o.evidence, o.starts_at, o.ends_at, o.proposed_by, "          \
    "o.proposed_at, o.step_since, o.step_due_at, o.escalated, o.ended_at, o.version, "             \
    "o.updated_at, e.name, "                                                                       \
    "(SELECT COUNT(*) FROM whitelist_members w WHERE w.enterprise = o.enterprise), "               \
    "(SELECT COUNT(*) FROM resumption_applications a WHERE a.order_id = o.id AND a.state = "       \
    "'pending')"

/* The state as of a bound time (three ?s: now, now, now), the SQL twin of
 * fg_order_state_at: an emergency order not confirmed lapses first, any
 * order in force expires at its end. */
#define ORDER_STATE_AT                                                                             \
    "(CASE WHEN o.state <> 'in_force' THEN o.state "                                               \
    "WHEN o.emergency = 1 AND o.confirmed = 0 AND o.lapses_at <= ? THEN 'lapsed' "                 \
    "WHEN o.ends_at <= ? THEN 'expired' ELSE o.state END)"

/* Waiting at a step: pending, or an emergency order in force not yet confirmed. */
#define ORDER_WAITING "(o.state = 'pending' OR (o.state = 'in_force' AND o.confirmed = 0))"

static const char SQL_ORDER_GET[] =
    "SELECT " ORDER_COLS " FROM orders o JOIN enterprises e ON e.uscc = o.enterprise "
    "WHERE o.id = ?";
static const char SQL_ORDER_INSERT[] =
    "INSERT INTO orders (id, enterprise, region, route, step, state, emergency, confirmed, "
    "measure, percent, reason, evidence, starts_at, ends_at, lapses_at, proposed_by, "
    "proposed_at, step_since, step_due_at, escalated, ended_at, version, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 1, ?)";
static const char SQL_ORDER_UPDATE[] =
    "UPDATE orders SET step = ?, state = ?, confirmed = ?, step_since = ?, step_due_at = ?, "
    "escalated = ?, ended_at = ?, version = version + 1, updated_at = ? "
    "WHERE id = ? AND version = ?";
static const char SQL_ORDER_REVISE[] =
    "UPDATE orders SET reason = ?, evidence = ?, ends_at = ? WHERE id = ?";
static const char SQL_ACTION_INSERT[] =
    "INSERT INTO order_actions (order_id, n, at, actor, role, action, step, step_name, comment) "
    "VALUES (?, (SELECT COUNT(*) + 1 FROM order_actions WHERE order_id = ?), ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EVAL_INSERT[] =
    "INSERT INTO order_evaluations (order_id, n, kind, step, step_name, author, at, assessment) "
    "VALUES (?, (SELECT COUNT(*) + 1 FROM order_evaluations WHERE order_id = ?), 'official', "
    "?, ?, ?, ?, ?)";
/* critical-link marks: the machine assessment, one per order, replaced at each step */
static const char SQL_MACHINE_UPDATE[] =
    "UPDATE order_evaluations SET step = ?, step_name = ?, at = ?, assessment = ? "
    "WHERE order_id = ? AND kind = 'machine'";
static const char SQL_MACHINE_INSERT[] =
    "INSERT INTO order_evaluations (order_id, n, kind, step, step_name, author, at, assessment) "
    "VALUES (?, (SELECT COUNT(*) + 1 FROM order_evaluations WHERE order_id = ?), 'machine', "
    "?, ?, 'system', ?, ?)";
/* Statements are cached by the address of their text: every variant is a
 * static string. */
#define ORDER_LIST_WHERE                                                                           \
    " FROM orders o JOIN enterprises e ON e.uscc = o.enterprise "                                  \
    "WHERE o.region BETWEEN ? AND ? AND (? = '' OR o.enterprise = ?) "                             \
    "AND (? = '' OR " ORDER_STATE_AT " = ?) AND (? < 0 OR (o.step = ? AND " ORDER_WAITING "))"     \
    "AND (? = 0 OR (" ORDER_WAITING " AND o.step_due_at < ?)) "                                    \
    "AND (? = 0 OR " ORDER_WAITING ") AND (? = '' OR o.proposed_by = ?)"
static const char SQL_ORDER_COUNT[] = "SELECT COUNT(*)" ORDER_LIST_WHERE;
static const char SQL_ORDER_LIST_NEWEST[] =
    "SELECT " ORDER_COLS ORDER_LIST_WHERE " ORDER BY o.proposed_at DESC, o.id LIMIT ? OFFSET ?";
static const char SQL_ORDER_LIST_DUE[] =
    "SELECT " ORDER_COLS ORDER_LIST_WHERE " ORDER BY o.step_due_at, o.id LIMIT ? OFFSET ?";
static const char SQL_COUNT_RECENT[] =
    "SELECT COUNT(*) FROM orders WHERE region = ? AND proposed_at > ?";
static const char SQL_COUNT_ENTERPRISES[] = "SELECT COUNT(*) FROM enterprises WHERE region = ?";
static const char SQL_ALARM_OPEN[] =
    "SELECT COUNT(*) FROM alarms WHERE region = ? AND state = 'open' AND raised_at > ?";
static const char SQL_ALARM_INSERT[] =
    "INSERT INTO alarms (id, region, kind, raised_at, orders, enterprises, window_hours, detail, "
    "state, closed_by, closed_at, note) VALUES (?, ?, 'blanket_shutdown', ?, ?, ?, ?, ?, 'open', "
    "'', 0, '')";
static const char SQL_ACTIONS[] =
    "SELECT n, at, actor, role, action, step, step_name, comment FROM order_actions "
    "WHERE order_id = ? ORDER BY n";
static const char SQL_EVALS[] =
    "SELECT n, kind, step, step_name, author, at, assessment FROM order_evaluations "
    "WHERE order_id = ? ORDER BY n";
#define RES_COLS                                                                                   \
    "id, order_id, enterprise, region, measures, filed_by, filed_at, due_at, state, "              \
    "decided_by, decided_at, decision"
static const char SQL_RES_BY_ORDER[] =
    "SELECT " RES_COLS " FROM resumption_applications WHERE order_id = ? ORDER BY filed_at";
static const char SQL_RES_GET[] = "SELECT " RES_COLS " FROM resumption_applications WHERE id = ?";
static const char SQL_RES_INSERT[] = "INSERT INTO resumption_applications (" RES_COLS ") "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', 0, '')";
static const char SQL_RES_DECIDE[] =
    "UPDATE resumption_applications SET state = ?, decided_by = ?, decided_at = ?, decision = ? "
    "WHERE id = ? AND state = 'pending'";
static const char SQL_RES_PENDING[] =
    "SELECT " RES_COLS " FROM resumption_applications WHERE region BETWEEN ? AND ? "
    "AND state = 'pending' ORDER BY due_at LIMIT ?";
static const char SQL_ALARMS[] =
    "SELECT a.id, a.region, r.name, a.kind, a.raised_at, a.orders, a.enterprises, "
    "a.window_hours, a.detail, a.state, a.closed_by, a.closed_at, a.note, c.display_name "
    "FROM alarms a JOIN regions r ON r.code = a.region "
    "LEFT JOIN accounts c ON c.username = a.closed_by WHERE a.region BETWEEN ? AND ? "
    "AND (? = '' OR a.state = ?) ORDER BY a.raised_at DESC LIMIT ?";
static const char SQL_ALARM_CLOSE[] =
    "UPDATE alarms SET state = 'closed', closed_by = ?, closed_at = ?, note = ? "
    "WHERE id = ? AND state = 'open'";
static const char SQL_ALARM_REGION[] = "SELECT region FROM alarms WHERE id = ?";
static const char SQL_SETTLE[] =
    "SELECT o.id FROM orders o WHERE (o.state = 'in_force' AND (o.ends_at <= ? OR "
    "(o.emergency = 1 AND o.confirmed = 0 AND o.lapses_at <= ?))) "
    "OR (" ORDER_WAITING " AND o.escalated = 0 AND o.step_due_at < ?) LIMIT ?";

static fg_order_state state_parse(const char *s)
{
    for (int i = FG_ORDER_PENDING; i <= FG_ORDER_RESUMED; i++)
        if (strcmp(s, fg_order_state_name((fg_order_state)i)) == 0)
            return (fg_order_state)i;
    return FG_ORDER_PENDING;
}

void fg_order_row_release(fg_order_row *r)
{
    free(r->reason);
    free(r->evidence);
    r->reason = r->evidence = NULL;
}

static int row_read(fg_db *db, fg_stmt *st, fg_order_row *r, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->id, fg_db_text(db, st, 0), sizeof(r->id));
    fg_strlcpy(r->enterprise, fg_db_text(db, st, 1), sizeof(r->enterprise));
    fg_order *o = &r->o;
    o->region = (int32_t)fg_db_int(db, st, 2);
    o->route = fg_route_find(fg_db_text(db, st, 3));
    if (!o->route)
        return fg_err_set(err, FG_EDB, "order %s names an unknown route '%.40s'", r->id,
                          fg_db_text(db, st, 3));
    o->step = (size_t)fg_db_int(db, st, 4);
    o->state = state_parse(fg_db_text(db, st, 5));
    o->emergency = fg_db_int(db, st, 6) != 0;
    o->confirmed = fg_db_int(db, st, 7) != 0;
    fg_measure_parse(fg_db_text(db, st, 8), &o->measure, NULL);
    o->percent = (int)fg_db_int(db, st, 9);
    r->reason = fg_strdup(fg_db_text(db, st, 10));
    r->evidence = fg_strdup(fg_db_text(db, st, 11));
    o->starts_at = fg_db_int(db, st, 12);
    o->ends_at = fg_db_int(db, st, 13);
    fg_strlcpy(r->proposed_by, fg_db_text(db, st, 14), sizeof(r->proposed_by));
    o->proposed_at = fg_db_int(db, st, 15);
    o->step_since = fg_db_int(db, st, 16);
    o->step_due_at = fg_db_int(db, st, 17);
    r->escalated = fg_db_int(db, st, 18) != 0;
    o->ended_at = fg_db_int(db, st, 19);
    r->version = (int)fg_db_int(db, st, 20);
    r->updated_at = fg_db_int(db, st, 21);
    fg_strlcpy(r->enterprise_name, fg_db_text(db, st, 22), sizeof(r->enterprise_name));
    r->whitelist = fg_db_int(db, st, 23) > 0;
    r->resumption_pending = fg_db_int(db, st, 24) > 0;
    if (!r->reason || !r->evidence) {
        fg_order_row_release(r);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    return 0;
}

int fg_store_order_get(fg_db *db, const char *id, fg_order_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ORDER_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "order.not_found", "no order with id {id:%.40s}",
                         id);
    rc = row_read(db, st, out, err);
    fg_db_done(db, st);
    return rc;
}

static const char *step_name(const fg_order *o, size_t step)
{
    return step < o->route->n ? o->route->steps[step].name : "";
}

/* Appends the order's audit entry inside tx. */
static int audit_order(fg_tx *tx, const char *action, const fg_order_row *r, const fg_order *after,
                       const char *comment, json_t *extra, fg_err *err)
{
    json_t *d =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:s?}", "enterprise", r->enterprise, "measure",
                  fg_measure_name(after->measure), "route", after->route->name, "state",
                  fg_order_state_name(after->state), "step",
                  after->step < after->route->n ? after->route->steps[after->step].name : "decided",
                  "version", r->version + 1, "comment", comment);
    if (!d) {
        json_decref(extra);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    if (extra) {
        json_object_update(d, extra);
        json_decref(extra);
    }
    int rc = fg_tx_audit(tx, action, "order", r->id, r->o.region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_order_insert(fg_tx *tx, fg_order_row *r, const char *reason, const char *evidence,
                          int64_t lapses_at, const char *role, fg_err *err)
{
    fg_db *db = tx->db;
    int64_t now = tx->now_ms;
    fg_clock_uuid(r->id);
    r->version = 1;
    r->updated_at = now;
    fg_strlcpy(r->proposed_by, tx->actor, sizeof(r->proposed_by));
    const fg_order *o = &r->o;
    int rc = fg_db_run(db, err, SQL_ORDER_INSERT, "ttdtdtbbtdttiiitiiii", r->id, r->enterprise,
                       (int)o->region, o->route->name, (int)o->step, fg_order_state_name(o->state),
                       o->emergency, o->confirmed, fg_measure_name(o->measure), o->percent, reason,
                       evidence, o->starts_at, o->ends_at, lapses_at, tx->actor, o->proposed_at,
                       o->step_since, o->step_due_at, now);
    const char *what = o->emergency ? "propose_emergency" : "propose";
    rc = rc ? rc
            : fg_db_run(db, err, SQL_ACTION_INSERT, "ttitttdtt", r->id, r->id, now, tx->actor, role,
                        what, 0, step_name(o, 0), reason);
    if (rc)
        return rc;
    r->version = 0; /* the audit entry names version 1 */
    rc = audit_order(tx, o->emergency ? "order.propose_emergency" : "order.propose", r, o, NULL,
                     NULL, err);
    r->version = 1;
    return rc;
}

int fg_store_county_orders(fg_db *db, int32_t region, int64_t since, int64_t *out_recent,
                           int64_t *out_enterprises, int64_t *out_open_alarms, fg_err *err)
{
    fg_stmt *st;
    int rc;
    if ((rc = fg_db_row(db, &st, err, SQL_COUNT_RECENT, "di", (int)region, since)) < 0)
        return rc;
    *out_recent = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if ((rc = fg_db_row(db, &st, err, SQL_COUNT_ENTERPRISES, "d", (int)region)) < 0)
        return rc;
    *out_enterprises = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if ((rc = fg_db_row(db, &st, err, SQL_ALARM_OPEN, "di", (int)region, since)) < 0)
        return rc;
    *out_open_alarms = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return 0;
}

int fg_store_alarm_raise(fg_tx *tx, const fg_alarm_new *a, char out_id[37], fg_err *err)
{
    char code[7];
    fg_region_format(a->region, code);
    fg_clock_uuid(out_id);
    int rc = fg_db_run(tx->db, err, SQL_ALARM_INSERT, "tdiiidt", out_id, (int)a->region, tx->now_ms,
                       a->orders, a->enterprises, a->window_hours, a->detail);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s,s:I,s:I,s:i,s:s}", "region", code, "orders", (json_int_t)a->orders,
                          "enterprises", (json_int_t)a->enterprises, "window_hours",
                          a->window_hours, "detail", a->detail);
    rc = fg_tx_audit_as(tx, "system", "alarm.raise", "alarm", out_id, a->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_order_update(fg_db *db, const fg_order_row *before, const fg_order *after,
                          const fg_order_change *c, int64_t now, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, c->actor, err);
    if (rc)
        return rc;
    bool moved = after->step != before->o.step || after->state != before->o.state;
    int escalated = c->escalate ? 1 : (moved ? 0 : before->escalated);
    if ((rc = fg_db_run(db, err, SQL_ORDER_UPDATE, "dtbiiiiitd", (int)after->step,
                        fg_order_state_name(after->state), after->confirmed, after->step_since,
                        after->step_due_at, (int64_t)escalated, after->ended_at, now, before->id,
                        before->version)))
        goto fail;
    if (db->ops->changes(db) != 1) {
        rc = fg_err_at(err, FG_ECONFLICT, "version", "order.changed",
                       "the order changed since version {version:%d} was read; reload it and act "
                       "again",
                       before->version);
        goto fail;
    }
    /* The step the action was taken at (the step waited at before it). */
    size_t at = before->o.step;
    if ((rc = fg_db_run(db, err, SQL_ACTION_INSERT, "ttitttdtt", before->id, before->id, now,
                        c->actor, c->role, c->name, (int)at, step_name(&before->o, at),
                        c->comment ? c->comment : "")))
        goto fail;
    if (c->assessment &&
        (rc = fg_db_run(db, err, SQL_EVAL_INSERT, "ttdttit", before->id, before->id, (int)at,
                        step_name(&before->o, at), c->actor, now, c->assessment)))
        goto fail;
    if (c->machine) {
        if ((rc = fg_store_order_machine_put(&tx, before->id, after->step, c->machine, err)))
            goto fail;
    }
    if (c->revised_reason && (rc = fg_db_run(db, err, SQL_ORDER_REVISE, "ttit", c->revised_reason,
                                             c->revised_evidence, after->ends_at, before->id)))
        goto fail;
    if (c->resumption_id) {
        if ((rc = fg_db_run(db, err, SQL_RES_DECIDE, "ttitt",
                            c->resumption_approved ? "approved" : "rejected", c->actor, now,
                            c->comment ? c->comment : "", c->resumption_id)))
            goto fail;
        if (db->ops->changes(db) != 1) {
            rc = fg_err_at(err, FG_ECONFLICT, NULL, "resumption.decided",
                           "the resumption application was already decided");
            goto fail;
        }
    }
    if (c->in_tx && (rc = c->in_tx(&tx, before, err))) /* related services in step */
        goto fail;
    char action[64];
    snprintf(action, sizeof(action), "order.%s", c->name);
    json_t *extra = NULL;
    if (c->revised_reason) {
        char end[25];
        fg_time_format(after->ends_at, end);
        extra = json_pack("{s:{s:s,s:s,s:s}}", "revised", "reason", c->revised_reason, "evidence",
                          c->revised_evidence, "ends_at", end);
    }
    rc = audit_order(&tx, action, before, after, c->comment, extra, err);
fail:
    return fg_tx_end(&tx, rc, err);
}

int fg_store_order_machine_put(fg_tx *tx, const char *id, size_t step, const char *report,
                               fg_err *err)
{
    fg_order_row r;
    int rc = fg_store_order_get(tx->db, id, &r, err);
    if (rc)
        return rc;
    const char *name = step_name(&r.o, step);
    rc = fg_db_run(tx->db, err, SQL_MACHINE_UPDATE, "dtitt", (int)step, name, tx->now_ms, report,
                   id);
    if (rc == 0 && tx->db->ops->changes(tx->db) == 0)
        rc = fg_db_run(tx->db, err, SQL_MACHINE_INSERT, "ttdtit", id, id, (int)step, name,
                       tx->now_ms, report);
    fg_order_row_release(&r);
    return rc;
}

static void ms_field(json_t *o, const char *key, int64_t ms)
{
    char iso[25];
    fg_time_format(ms, iso);
    json_object_set_new(o, key, ms ? json_string(iso) : json_null());
}

static json_t *res_json(fg_db *db, fg_stmt *st)
{
    char code[7];
    fg_region_format((int32_t)fg_db_int(db, st, 3), code);
    json_t *a =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", fg_db_text(db, st, 0), "order",
                  fg_db_text(db, st, 1), "enterprise", fg_db_text(db, st, 2), "region", code,
                  "measures", fg_db_text(db, st, 4), "filed_by", fg_db_text(db, st, 5), "state",
                  fg_db_text(db, st, 8), "decided_by", fg_db_text(db, st, 9));
    ms_field(a, "filed_at", fg_db_int(db, st, 6));
    ms_field(a, "due_at", fg_db_int(db, st, 7));
    ms_field(a, "decided_at", fg_db_int(db, st, 10));
    json_object_set_new(a, "decision", json_string(fg_db_text(db, st, 11)));
    return a;
}

int fg_store_order_timeline(fg_db *db, const char *id, json_t **actions, json_t **evaluations,
                            json_t **resumptions, fg_err *err)
{
    *actions = json_array();
    *evaluations = json_array();
    *resumptions = json_array();
    fg_stmt *st;
    int rc;
    if ((rc = fg_db_query(db, &st, err, SQL_ACTIONS, "t", id)))
        goto fail;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        json_t *a =
            json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:s}", "n", (json_int_t)fg_db_int(db, st, 0),
                      "actor", fg_db_text(db, st, 2), "role", fg_db_text(db, st, 3), "action",
                      fg_db_text(db, st, 4), "step", (int)fg_db_int(db, st, 5), "step_name",
                      fg_db_text(db, st, 6), "comment", fg_db_text(db, st, 7));
        ms_field(a, "at", fg_db_int(db, st, 1));
        json_array_append_new(*actions, a);
    }
    fg_db_done(db, st);
    if (rc < 0 || (rc = fg_db_query(db, &st, err, SQL_EVALS, "t", id)))
        goto fail;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        json_t *a = json_pack("{s:I,s:s,s:i,s:s,s:s,s:s}", "n", (json_int_t)fg_db_int(db, st, 0),
                              "kind", fg_db_text(db, st, 1), "step", (int)fg_db_int(db, st, 2),
                              "step_name", fg_db_text(db, st, 3), "author", fg_db_text(db, st, 4),
                              "assessment", fg_db_text(db, st, 6));
        ms_field(a, "at", fg_db_int(db, st, 5));
        json_array_append_new(*evaluations, a);
    }
    fg_db_done(db, st);
    if (rc < 0 || (rc = fg_db_query(db, &st, err, SQL_RES_BY_ORDER, "t", id)))
        goto fail;
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(*resumptions, res_json(db, st));
    fg_db_done(db, st);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    json_decref(*actions);
    json_decref(*evaluations);
    json_decref(*resumptions);
    *actions = *evaluations = *resumptions = NULL;
    return rc;
}

int fg_store_order_list(fg_db *db, const fg_order_filter *f, fg_order_row **out, size_t *out_n,
                        int64_t *out_total, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    *out_total = 0;
    int rc;
    const char *types = "ddtttiitddbibtt";
#define LIST_ARGS                                                                                  \
    (int)f->region_lo, (int)f->region_hi, f->enterprise, f->enterprise, f->state, f->now_ms,       \
        f->now_ms, f->state, f->step, f->step, f->overdue, f->now_ms, f->waiting, f->proposed_by,  \
        f->proposed_by
    fg_stmt *st;
    fg_order_row *rows = NULL;
    size_t n = 0;
    if ((rc = fg_db_begin_snapshot(db, err)))
        goto done;
    if ((rc = fg_db_row(db, &st, err, SQL_ORDER_COUNT, types, LIST_ARGS)) < 0)
        goto done;
    *out_total = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    rows = calloc((size_t)(f->limit > 0 ? f->limit : 1), sizeof(*rows));
    if (!rows) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = fg_db_query(db, &st, err,
                          f->overdue || f->waiting ? SQL_ORDER_LIST_DUE : SQL_ORDER_LIST_NEWEST,
                          "ddtttiitddbibttdd", LIST_ARGS, f->limit, f->offset)))
        goto done;
#undef LIST_ARGS
    while ((rc = fg_db_step(db, st, err)) == 1 && n < (size_t)f->limit) {
        if ((rc = row_read(db, st, &rows[n], err)))
            break;
        n++;
    }
    fg_db_done(db, st);
done:
    fg_db_rollback(db);
    if (rc < 0) {
        for (size_t i = 0; i < n; i++)
            fg_order_row_release(&rows[i]);
        free(rows);
        return rc;
    }
    *out = rows;
    *out_n = n;
    return 0;
}

void fg_order_rows_free(fg_order_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fg_order_row_release(&rows[i]);
    free(rows);
}

int fg_store_resumption_apply(fg_db *db, const fg_order_row *r, const char *measures,
                              int64_t due_at, int64_t now, const char *actor, char out_id[37],
                              fg_err *err)
{
    fg_clock_uuid(out_id);
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_RES_INSERT, "tttdttii", out_id, r->id, r->enterprise,
                   (int)r->o.region, measures, actor, now, due_at);
    if (rc == FG_EEXIST)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "resumption.pending",
                       "a resumption application for this order is already waiting for a "
                       "decision");
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_ACTION_INSERT, "ttitttdtt", r->id, r->id, now, actor,
                       "enterprise", "apply_resumption", (int)r->o.step, "", measures);
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s,s:s}", "order", r->id, "enterprise", r->enterprise,
                              "measures", measures);
        char iso[25];
        fg_time_format(due_at, iso);
        json_object_set_new(d, "due_at", json_string(iso));
        rc = fg_tx_audit(&tx, "resumption.apply", "resumption", out_id, r->o.region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_resumption_get(fg_db *db, const char *id, fg_resumption *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_RES_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "resumption.not_found",
                         "no resumption application {id:%.40s}", id);
    memset(out, 0, sizeof(*out));
    fg_strlcpy(out->id, fg_db_text(db, st, 0), sizeof(out->id));
    fg_strlcpy(out->order, fg_db_text(db, st, 1), sizeof(out->order));
    fg_strlcpy(out->enterprise, fg_db_text(db, st, 2), sizeof(out->enterprise));
    out->region = (int32_t)fg_db_int(db, st, 3);
    out->filed_at = fg_db_int(db, st, 6);
    out->due_at = fg_db_int(db, st, 7);
    out->pending = strcmp(fg_db_text(db, st, 8), "pending") == 0;
    fg_db_done(db, st);
    return 0;
}

int fg_store_resumptions_pending(fg_db *db, int32_t lo, int32_t hi, int limit, json_t **out,
                                 fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc = fg_db_query(db, &st, err, SQL_RES_PENDING, "ddd", (int)lo, (int)hi, limit);
    if (rc == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1)
            json_array_append_new(*out, res_json(db, st));
        fg_db_done(db, st);
    }
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int fg_store_alarm_list(fg_db *db, int32_t lo, int32_t hi, const char *state, int limit,
                        json_t **out, fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc = fg_db_query(db, &st, err, SQL_ALARMS, "ddttd", (int)lo, (int)hi, state, state, limit);
    if (rc == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1) {
            char code[7];
            fg_region_format((int32_t)fg_db_int(db, st, 1), code);
            json_t *a = json_pack(
                "{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:s,s:s,s:s}", "id", fg_db_text(db, st, 0),
                "region", code, "region_name", fg_db_text(db, st, 2), "kind", fg_db_text(db, st, 3),
                "orders", (json_int_t)fg_db_int(db, st, 5), "enterprises",
                (json_int_t)fg_db_int(db, st, 6), "window_hours", (json_int_t)fg_db_int(db, st, 7),
                "detail", fg_db_text(db, st, 8), "state", fg_db_text(db, st, 9), "closed_by",
                fg_db_text(db, st, 10), "note", fg_db_text(db, st, 12));
            const char *closer = fg_db_text(db, st, 13); /* NULL while open */
            if (closer && *closer)
                json_object_set_new(a, "closed_by_name", json_string(closer));
            ms_field(a, "raised_at", fg_db_int(db, st, 4));
            ms_field(a, "closed_at", fg_db_int(db, st, 11));
            json_array_append_new(*out, a);
        }
        fg_db_done(db, st);
    }
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int fg_store_alarm_region(fg_db *db, const char *id, int32_t *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ALARM_REGION, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "alarm.not_found", "no alarm with id {id:%.40s}",
                         id);
    *out = (int32_t)fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return 0;
}

int fg_store_alarm_close(fg_db *db, const char *id, int32_t region, const char *note, int64_t now,
                         const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    if ((rc = fg_db_run(db, err, SQL_ALARM_CLOSE, "titt", actor, now, note, id)) == 0 &&
        db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "alarm.closed", "the alarm is already closed");
    if (rc == 0) {
        json_t *d = json_pack("{s:s}", "note", note);
        rc = fg_tx_audit(&tx, "alarm.close", "alarm", id, region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_orders_to_settle(fg_db *db, int64_t now, char (*out)[37], size_t cap, size_t *out_n,
                              fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_SETTLE, "iiid", now, now, now, (int)cap);
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1)
        fg_strlcpy(out[(*out_n)++], fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}
