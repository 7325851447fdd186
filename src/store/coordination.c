/* Coordination requests: the request and its items, the list, the ledger,
 * the items due for escalation. Reads and writes only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

static const char SQL_REQ_GET[] =
    "SELECT c.id, c.from_region, c.to_region, c.customer, e.name, c.customer_region, c.subject, "
    "c.raised_by, c.raised_at FROM coordination_requests c JOIN enterprises e ON e.uscc = "
    "c.customer WHERE c.id = ?";
static const char SQL_ITEMS_GET[] =
    "SELECT i.n, i.supplier, e.name, i.supplier_region, i.need, i.why, i.answer, i.reason, "
    "i.state, i.department, i.started_at, i.answered_at, i.closed_at, i.due_at, i.holder, "
    "i.escalations, i.escalated_at, i.escalate_at, i.version, i.updated_at "
    "FROM coordination_items i JOIN enterprises e ON e.uscc = i.supplier "
    "WHERE i.request_id = ? ORDER BY i.n";
static const char SQL_REQ_INSERT[] =
    "INSERT INTO coordination_requests (id, from_region, to_region, customer, customer_region, "
    "subject, raised_by, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ITEM_INSERT[] =
    "INSERT INTO coordination_items (request_id, n, supplier, supplier_region, need, why, state, "
    "department, answer, reason, started_at, answered_at, closed_at, due_at, holder, "
    "escalations, escalated_at, escalate_at, version, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, 0, 0, ?, ?, 0, 0, ?, 1, ?)";
static const char SQL_ITEM_UPDATE[] =
    "UPDATE coordination_items SET state = ?, department = ?, answer = ?, reason = ?, "
    "started_at = ?, answered_at = ?, closed_at = ?, due_at = ?, holder = ?, escalations = ?, "
    "escalated_at = ?, escalate_at = ?, version = version + 1, updated_at = ? "
    "WHERE request_id = ? AND n = ? AND version = ?";
/* The summary of each selected request: its item counts. */
#define COORD_SELECT                                                                               \
    "FROM coordination_requests c JOIN coordination_items i ON i.request_id = c.id "               \
    "WHERE (? = 1 OR c.from_region BETWEEN ? AND ? OR c.to_region BETWEEN ? AND ? OR "             \
    "c.customer = ? OR EXISTS (SELECT 1 FROM coordination_items s WHERE s.request_id = c.id "      \
    "AND s.supplier = ?)) "
#define COORD_COUNTS                                                                               \
    "SUM(CASE WHEN i.state IN ('open', 'assigned') THEN 1 ELSE 0 END), "                           \
    "SUM(CASE WHEN i.state = 'answered' THEN 1 ELSE 0 END), "                                      \
    "SUM(CASE WHEN i.state IN ('closed', 'confirmed') THEN 1 ELSE 0 END), "                        \
    "SUM(CASE WHEN i.state = 'declined' THEN 1 ELSE 0 END), "                                      \
    "SUM(CASE WHEN i.due_at > 0 AND i.due_at <= ? THEN 1 ELSE 0 END), COUNT(*) "
static const char SQL_LIST[] =
    "SELECT c.id, c.from_region, c.to_region, c.customer, MAX(e.name), MAX(c.subject), "
    "c.raised_at, MAX(i.holder), " COORD_COUNTS
    "FROM coordination_requests c JOIN coordination_items i ON i.request_id = c.id "
    "JOIN enterprises e ON e.uscc = c.customer "
    "WHERE (? = 1 OR c.from_region BETWEEN ? AND ? OR c.to_region BETWEEN ? AND ? OR "
    "c.customer = ? OR EXISTS (SELECT 1 FROM coordination_items s WHERE s.request_id = c.id "
    "AND s.supplier = ?)) "
    "GROUP BY c.id, c.from_region, c.to_region, c.customer, c.raised_at "
    "ORDER BY c.raised_at DESC, c.id LIMIT ?";
static const char SQL_LEDGER_TO[] =
    "SELECT c.to_region, " COORD_COUNTS COORD_SELECT "GROUP BY c.to_region ORDER BY c.to_region";
static const char SQL_LEDGER_FROM[] = "SELECT c.from_region, " COORD_COUNTS COORD_SELECT
                                      "GROUP BY c.from_region ORDER BY c.from_region";
static const char SQL_TO_ESCALATE[] =
    "SELECT request_id, n FROM coordination_items WHERE escalate_at > 0 AND escalate_at <= ? "
    "ORDER BY escalate_at LIMIT ?";

static char *dup_text(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s ? s : "", n + 1);
    return p;
}

static void free_text(const char *s)
{
    free((void *)(uintptr_t)s);
}

void fg_coord_row_release(fg_coord_row *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_items; i++) {
        free_text(r->items[i].why);
        free_text(r->items[i].answer);
        free_text(r->items[i].reason);
    }
    free(r->items);
    free_text(r->subject);
    r->items = NULL;
    r->subject = NULL;
    r->n_items = 0;
}

static int read_items(fg_db *db, fg_coord_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ITEMS_GET, "t", out->id);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (out->n_items == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            fg_coord_item_row *p = realloc(out->items, ncap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            out->items = p;
            cap = ncap;
        }
        fg_coord_item_row *it = &out->items[out->n_items++];
        memset(it, 0, sizeof(*it));
        it->n = (int)fg_db_int(db, st, 0);
        fg_strlcpy(it->supplier, fg_db_text(db, st, 1), sizeof(it->supplier));
        fg_strlcpy(it->supplier_name, fg_db_text(db, st, 2), sizeof(it->supplier_name));
        it->supplier_region = (int32_t)fg_db_int(db, st, 3);
        fg_coord_need_parse(fg_db_text(db, st, 4), &it->need, NULL);
        it->why = dup_text(fg_db_text(db, st, 5));
        it->answer = dup_text(fg_db_text(db, st, 6));
        it->reason = dup_text(fg_db_text(db, st, 7));
        fg_coord_state_parse(fg_db_text(db, st, 8), &it->state, NULL);
        fg_role dep;
        const char *d = fg_db_text(db, st, 9);
        it->department = d && *d && fg_role_parse(d, &dep, NULL) == 0 ? (int)dep : -1;
        it->started_at = fg_db_int(db, st, 10);
        it->answered_at = fg_db_int(db, st, 11);
        it->closed_at = fg_db_int(db, st, 12);
        it->due_at = fg_db_int(db, st, 13);
        it->holder = (int32_t)fg_db_int(db, st, 14);
        it->escalations = (int)fg_db_int(db, st, 15);
        it->escalated_at = fg_db_int(db, st, 16);
        it->escalate_at = fg_db_int(db, st, 17);
        it->version = (int)fg_db_int(db, st, 18);
        it->updated_at = fg_db_int(db, st, 19);
        if (!it->why || !it->answer || !it->reason) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_coord_get(fg_db *db, const char *id, fg_coord_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_REQ_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "coordination.not_found",
                         "no coordination request with id {id:%.40s}", id);
    fg_strlcpy(out->id, fg_db_text(db, st, 0), sizeof(out->id));
    out->from_region = (int32_t)fg_db_int(db, st, 1);
    out->to_region = (int32_t)fg_db_int(db, st, 2);
    fg_strlcpy(out->customer, fg_db_text(db, st, 3), sizeof(out->customer));
    fg_strlcpy(out->customer_name, fg_db_text(db, st, 4), sizeof(out->customer_name));
    out->customer_region = (int32_t)fg_db_int(db, st, 5);
    out->subject = dup_text(fg_db_text(db, st, 6));
    fg_strlcpy(out->raised_by, fg_db_text(db, st, 7), sizeof(out->raised_by));
    out->raised_at = fg_db_int(db, st, 8);
    fg_db_done(db, st);
    if (!out->subject)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    rc = read_items(db, out, err);
    if (rc)
        fg_coord_row_release(out);
    return rc;
}

static const char *department_name(int d)
{
    return d >= 0 ? fg_role_name((fg_role)d) : "";
}

int fg_store_coord_insert(fg_db *db, fg_coord_row *r, int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    fg_clock_uuid(r->id);
    r->raised_at = now;
    fg_strlcpy(r->raised_by, actor, sizeof(r->raised_by));
    rc = fg_db_run(db, err, SQL_REQ_INSERT, "tddtdtti", r->id, (int)r->from_region,
                   (int)r->to_region, r->customer, (int)r->customer_region, r->subject, actor, now);
    json_t *items = json_array();
    for (size_t i = 0; rc == 0 && i < r->n_items; i++) {
        const fg_coord_item_row *it = &r->items[i];
        rc = fg_db_run(db, err, SQL_ITEM_INSERT, "tdtdttttiidii", r->id, it->n, it->supplier,
                       (int)it->supplier_region, fg_coord_need_name(it->need), it->why,
                       fg_coord_state_name(it->state), department_name(it->department),
                       it->started_at, it->due_at, (int)it->holder, it->escalate_at, now);
        json_array_append_new(items, json_pack("{s:i,s:s,s:s}", "n", it->n, "supplier",
                                               it->supplier, "need", fg_coord_need_name(it->need)));
    }
    if (rc == 0) {
        char from[7], to[7];
        fg_region_format(r->from_region, from);
        fg_region_format(r->to_region, to);
        json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:O}", "from_region", from, "to_region", to,
                              "customer", r->customer, "subject", r->subject, "items", items);
        rc = fg_tx_audit(&tx, "coordination.raise", "coordination_request", r->id, r->from_region,
                         d, err);
        json_decref(d);
    }
    json_decref(items);
    return fg_tx_end(&tx, rc, err);
}

static json_t *item_json(const fg_coord_item_row *it)
{
    char holder[7];
    fg_region_format(it->holder, holder);
    return json_pack("{s:s,s:s,s:s,s:i}", "state", fg_coord_state_name(it->state), "department",
                     department_name(it->department), "holder", holder, "escalations",
                     it->escalations);
}

int fg_store_coord_item_update(fg_db *db, const fg_coord_row *r, const fg_coord_item_row *before,
                               const fg_coord_item_row *after, const char *action,
                               const char *comment, int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_ITEM_UPDATE, "ttttiiiiddiiitdd", fg_coord_state_name(after->state),
                   department_name(after->department), after->answer, after->reason,
                   after->started_at, after->answered_at, after->closed_at, after->due_at,
                   (int)after->holder, after->escalations, after->escalated_at, after->escalate_at,
                   now, r->id, after->n, before->version);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, "version", "coordination.changed",
                       "the item was changed meanwhile; reload the request");
    if (rc == 0) {
        char entity[48];
        snprintf(entity, sizeof(entity), "%s/%d", r->id, after->n);
        json_t *d = json_pack("{s:o,s:o,s:s,s:s?}", "before", item_json(before), "after",
                              item_json(after), "supplier", after->supplier, "comment", comment);
        rc = fg_tx_audit(&tx, action, "coordination_item", entity, r->to_region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

static int bind_filter(fg_db *db, fg_stmt **st, const char *sql, const fg_coord_filter *f,
                       int64_t now, bool list, fg_err *err)
{
    const char *u = f->enterprise ? f->enterprise : "";
    if (list)
        return fg_db_query(db, st, err, sql, "ibddddttd", now, f->all, (int)f->from_lo,
                           (int)f->from_hi, (int)f->to_lo, (int)f->to_hi, u, u,
                           f->limit > 0 ? f->limit : 200);
    return fg_db_query(db, st, err, sql, "ibddddtt", now, f->all, (int)f->from_lo, (int)f->from_hi,
                       (int)f->to_lo, (int)f->to_hi, u, u);
}

int fg_store_coord_list(fg_db *db, const fg_coord_filter *f, int64_t now,
                        int (*fn)(const fg_coord_summary *s, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = bind_filter(db, &st, SQL_LIST, f, now, true, err);
    if (rc)
        return rc;
    fg_coord_summary *s = malloc(sizeof(*s));
    if (!s) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        memset(s, 0, sizeof(*s));
        fg_strlcpy(s->id, fg_db_text(db, st, 0), sizeof(s->id));
        s->from_region = (int32_t)fg_db_int(db, st, 1);
        s->to_region = (int32_t)fg_db_int(db, st, 2);
        fg_strlcpy(s->customer, fg_db_text(db, st, 3), sizeof(s->customer));
        fg_strlcpy(s->customer_name, fg_db_text(db, st, 4), sizeof(s->customer_name));
        fg_strlcpy(s->subject, fg_db_text(db, st, 5), sizeof(s->subject));
        s->raised_at = fg_db_int(db, st, 6);
        s->holder = (int32_t)fg_db_int(db, st, 7);
        s->open = (int)fg_db_int(db, st, 8);
        s->answered = (int)fg_db_int(db, st, 9);
        s->closed = (int)fg_db_int(db, st, 10);
        s->declined = (int)fg_db_int(db, st, 11);
        s->overdue = (int)fg_db_int(db, st, 12);
        s->items = (int)fg_db_int(db, st, 13);
        if ((rc = fn(s, ctx)))
            break;
    }
    free(s);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_coord_ledger(fg_db *db, const fg_coord_filter *f, bool received, int64_t now,
                          int (*fn)(const fg_coord_count *c, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = bind_filter(db, &st, received ? SQL_LEDGER_TO : SQL_LEDGER_FROM, f, now, false, err);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_coord_count c = {(int32_t)fg_db_int(db, st, 0), (int)fg_db_int(db, st, 1),
                            (int)fg_db_int(db, st, 2),     (int)fg_db_int(db, st, 3),
                            (int)fg_db_int(db, st, 4),     (int)fg_db_int(db, st, 5),
                            (int)fg_db_int(db, st, 6)};
        if ((rc = fn(&c, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_coord_to_escalate(fg_db *db, int64_t now, char (*ids)[37], int *ns, size_t cap,
                               size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_TO_ESCALATE, "id", now, (int)cap);
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        fg_strlcpy(ids[*out_n], fg_db_text(db, st, 0), 37);
        ns[*out_n] = (int)fg_db_int(db, st, 1);
        (*out_n)++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}
