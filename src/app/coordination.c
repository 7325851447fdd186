/* Coordination requests (商请函): raising one, the actions on its items by
 * the receiving and the requesting region, who sees what, and the escalation
 * of overdue items on the deadline engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "../util/assert.h"
#include "app.h"

#define ESCALATE_BATCH 200

static const fg_deadline_kind *coord_kind(void)
{
    const fg_deadline_kind *k = fg_deadline_kind_find("coordination");
    FG_ASSERT(k);
    return k;
}

void fg_app_coord_status(const fg_coord_row *r, const fg_coord_item_row *it, int64_t now,
                         fg_deadline_status *out)
{
    fg_deadline_item d = {coord_kind(),
                          it->started_at,
                          it->answered_at,
                          fg_coord_state_open(it->state) ? 0 : (it->closed_at ? it->closed_at : 1),
                          NULL,
                          0,
                          r->to_region,
                          it->escalations,
                          it->escalated_at,
                          NULL};
    fg_deadline_status_at(&d, now, out);
}

/* Sets the item's due_at, escalate_at and holder from its clocks at `now`. */
static void clocks(const fg_coord_row *r, fg_coord_item_row *it, int64_t now)
{
    fg_deadline_status s;
    fg_app_coord_status(r, it, now, &s);
    it->due_at = s.due_at;
    it->escalate_at = s.next_escalation_at;
    it->holder = s.holder;
}

int fg_app_coord_raise(fg_app *app, fg_db *db, const fg_who *who, const fg_coord_new *req,
                       int64_t now, char out_id[37], fg_err *err)
{
    (void)app;
    const fg_principal *p = who->principal;
    if (!fg_role_has_region(p->role) || p->region == FG_REGION_NATION)
        return fg_err_at(err, FG_EPERM, NULL, "coordination.raiser",
                         "a request is raised by a province, city or county");
    if (req->n_items == 0 || req->n_items > FG_COORD_MAX_ITEMS)
        return fg_err_at(err, FG_EINVAL, "items", "coordination.items",
                         "a request names 1 to {max:%d} suppliers", FG_COORD_MAX_ITEMS);
    int rc = fg_store_region_exists(db, req->to_region, err);
    if (rc)
        return rc;
    fg_enterprise cust;
    if ((rc = fg_access_check_role(p, FG_ACT_COORDINATION_RAISE, err)) ||
        (rc = fg_store_enterprise_get(db, req->customer, now, &cust, NULL, err)))
        return rc;
    fg_target t = {cust.region, cust.uscc};
    if ((rc = fg_access_check_enterprise(p, FG_ACT_COORDINATION_RAISE, &t, err)))
        return rc;
    if ((rc = fg_coord_check_regions(p->region, req->to_region, cust.region, err)))
        return rc;
    fg_coord_row r;
    memset(&r, 0, sizeof(r));
    r.from_region = p->region;
    r.to_region = req->to_region;
    fg_strlcpy(r.customer, cust.uscc, sizeof(r.customer));
    r.customer_region = cust.region;
    r.subject = req->subject;
    r.items = calloc(req->n_items, sizeof(*r.items));
    if (!r.items)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    r.n_items = req->n_items;
    for (size_t i = 0; rc == 0 && i < req->n_items; i++) {
        fg_coord_item_row *it = &r.items[i];
        const struct fg_coord_new_item *in = &req->items[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(req->items[j].supplier, in->supplier) == 0 && req->items[j].need == in->need)
                rc = fg_err_at(err, FG_EINVAL, "items", "coordination.duplicate",
                               "supplier {uscc:%s} is named twice for the same need", in->supplier);
        fg_enterprise sup;
        if (rc == 0 && (rc = fg_store_enterprise_get(db, in->supplier, now, &sup, NULL, err)))
            break;
        if (rc == 0 && !fg_region_contains(req->to_region, sup.region))
            rc = fg_err_at(err, FG_EINVAL, "items", "coordination.supplier_outside",
                           "supplier {uscc:%s} is not in the receiving region {region:%06d}",
                           in->supplier, (int)req->to_region);
        if (rc)
            break;
        it->n = (int)i + 1;
        fg_strlcpy(it->supplier, sup.uscc, sizeof(it->supplier));
        it->supplier_region = sup.region;
        it->need = in->need;
        it->why = in->why;
        it->state = FG_ITEM_OPEN;
        it->department = -1;
        it->started_at = now;
        clocks(&r, it, now);
    }
    if (rc == 0)
        rc = fg_store_coord_insert(db, &r, now, who->username, err);
    if (rc == 0)
        memcpy(out_id, r.id, 37);
    free(r.items); /* the strings are the caller's */
    return rc;
}

static bool has_enterprise(const fg_principal *p, const char *uscc)
{
    for (size_t i = 0; i < p->n_enterprises; i++)
        if (strcmp(p->enterprises[i], uscc) == 0)
            return true;
    return false;
}

int fg_app_coord_visible(const fg_who *who, const fg_coord_row *r, fg_err *err)
{
    const fg_principal *p = who->principal;
    if (fg_role_has_region(p->role)) {
        if (fg_region_contains(p->region, r->from_region) ||
            fg_region_contains(p->region, r->to_region))
            return 0;
    } else {
        if (has_enterprise(p, r->customer))
            return 0;
        for (size_t i = 0; i < r->n_items; i++)
            if (has_enterprise(p, r->items[i].supplier))
                return 0;
    }
    return fg_err_at(err, FG_EPERM, NULL, "coordination.not_yours",
                     "this coordination request is neither from nor to this account's "
                     "jurisdiction");
}

void fg_app_coord_filter(const fg_who *who, fg_coord_filter *f)
{
    const fg_principal *p = who->principal;
    int limit = f->limit;
    memset(f, 0, sizeof(*f));
    f->limit = limit;
    f->from_lo = f->from_hi = f->to_lo = f->to_hi = -1;
    if (!fg_role_has_region(p->role)) {
        /* An account speaks for one enterprise here (the first it holds). */
        f->enterprise = p->n_enterprises ? p->enterprises[0] : "-";
        return;
    }
    if (p->region == FG_REGION_NATION) {
        f->all = true;
        return;
    }
    fg_region_range(p->region, &f->from_lo, &f->from_hi);
    f->to_lo = f->from_lo;
    f->to_hi = f->from_hi;
}

/* The side's access: the receiving region's officials (HANDLE over the
 * receiving region), or the requesting region's (RAISE over it). */
static int side_check(const fg_who *who, const fg_coord_row *r, fg_coord_side side, fg_err *err)
{
    fg_target t = {side == FG_SIDE_RECEIVER ? r->to_region : r->from_region, NULL};
    return fg_access_check(
        who->principal,
        side == FG_SIDE_RECEIVER ? FG_ACT_COORDINATION_HANDLE : FG_ACT_COORDINATION_RAISE, &t, err);
}

bool fg_app_coord_may(const fg_who *who, const fg_coord_row *r, const fg_coord_item_row *it,
                      fg_coord_action a)
{
    fg_err err;
    fg_coord_state next;
    fg_coord_side side = fg_coord_action_side(a);
    return side_check(who, r, side, &err) == 0 &&
           fg_coord_step(it->state, it->department, a, side, who->role, &next, &err) == 0;
}

int fg_app_coord_act(fg_app *app, fg_db *db, const fg_who *who, const fg_coord_row *r, int n,
                     fg_coord_action a, int department, const char *text, int64_t now, fg_err *err)
{
    (void)app;
    if (n < 1 || (size_t)n > r->n_items)
        return fg_err_at(err, FG_ENOTFOUND, "n", "coordination.no_item",
                         "the request has no item {n:%d}", n);
    const fg_coord_item_row *before = &r->items[n - 1];
    fg_coord_side side = fg_coord_action_side(a);
    int rc = side_check(who, r, side, err);
    if (rc)
        return rc;
    fg_coord_state next;
    if ((rc = fg_coord_step(before->state, before->department, a, side, who->role, &next, err)))
        return rc;
    fg_coord_item_row after = *before;
    after.state = next;
    const char *comment = text;
    switch (a) {
    case FG_COORD_ASSIGN:
        if ((rc = fg_coord_check_department((fg_role)department, err)))
            return rc;
        after.department = department;
        comment = fg_role_name((fg_role)department);
        break;
    case FG_COORD_ANSWER:
        if (!text || !*text)
            return fg_err_at(err, FG_EINVAL, "answer", "coordination.answer_needed",
                             "an answer says what was done or will be done");
        after.answer = text;
        if (!after.answered_at)
            after.answered_at = now;
        break;
    case FG_COORD_CLOSE: after.closed_at = now; break;
    case FG_COORD_DECLINE:
        if (!text || !*text)
            return fg_err_at(err, FG_EINVAL, "reason", "coordination.reason_needed",
                             "declining or reopening an item needs a reason");
        after.reason = text;
        after.closed_at = now;
        break;
    case FG_COORD_CONFIRM: break;
    case FG_COORD_REOPEN:
        if (!text || !*text)
            return fg_err_at(err, FG_EINVAL, "reason", "coordination.reason_needed",
                             "declining or reopening an item needs a reason");
        /* The clocks start again where the item is now held. */
        after.reason = text;
        after.started_at = now;
        after.answered_at = 0;
        after.closed_at = 0;
        after.escalated_at = 0;
        break;
    case FG_COORD_ACTION_COUNT: return fg_err_set(err, FG_EIO, "no such action");
    }
    clocks(r, &after, now);
    if (a == FG_COORD_REOPEN)
        after.holder = before->holder;
    char action[40] = "coordination.";
    fg_strlcpy(action + 13, fg_coord_action_name(a), sizeof(action) - 13);
    return fg_store_coord_item_update(db, r, before, &after, action, comment, now, who->username,
                                      err);
}

static int escalate_one(fg_db *db, const char *id, int n, int64_t now, size_t *count, fg_err *err)
{
    fg_coord_row r;
    int rc = fg_store_coord_get(db, id, &r, err);
    if (rc)
        return rc;
    if (n < 1 || (size_t)n > r.n_items) {
        fg_coord_row_release(&r);
        return 0;
    }
    const fg_coord_item_row *before = &r.items[n - 1];
    fg_deadline_status s;
    fg_app_coord_status(&r, before, now, &s);
    fg_coord_item_row after = *before;
    const char *action;
    char comment[160];
    if (s.escalation_due && s.escalate_to >= 0) {
        after.escalations++;
        after.escalated_at = now;
        clocks(&r, &after, now);
        char due[25];
        fg_time_format(s.due_at, due);
        snprintf(comment, sizeof(comment), "overdue since %s; escalated to %06d", due,
                 (int)after.holder);
        action = "coordination.escalate";
    } else {
        /* Nothing is due (answered meanwhile, or at the top): refresh the clocks. */
        clocks(&r, &after, now);
        if (after.escalate_at && after.escalate_at <= now)
            after.escalate_at = 0;
        snprintf(comment, sizeof(comment), "%s", "the clocks were recomputed");
        action = "coordination.reclock";
    }
    rc = fg_store_coord_item_update(db, &r, before, &after, action, comment, now, "system", err);
    if (rc == 0 && strcmp(action, "coordination.escalate") == 0)
        (*count)++;
    else if (rc == FG_ECONFLICT)
        rc = 0;
    fg_coord_row_release(&r);
    return rc;
}

int fg_app_coord_escalate(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err)
{
    (void)app;
    *out_n = 0;
    for (int round = 0; round < 8; round++) {
        char ids[ESCALATE_BATCH][37];
        int ns[ESCALATE_BATCH];
        size_t n;
        int rc = fg_store_coord_to_escalate(db, now, ids, ns, ESCALATE_BATCH, &n, err);
        if (rc)
            return rc;
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = escalate_one(db, ids[i], ns[i], now, out_n, err);
        if (rc || n < ESCALATE_BATCH)
            return rc;
    }
    return 0;
}
