/* /api/v1/coordination: coordination requests (商请函) between regions. The
 * requesting region raises one about a customer in its jurisdiction and its
 * suppliers in the receiving region; the receiving region assigns, answers,
 * closes or declines each item; the requester confirms or reopens; the
 * ledger counts items by region and state, sent and received. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "api.h"

static void coord_release(void *p)
{
    fg_coord_row_release(p);
}

static json_t *time_json(int64_t ms)
{
    if (!ms)
        return json_null();
    char t[25];
    fg_time_format(ms, t);
    return json_string(t);
}

static json_t *region_json(int32_t code)
{
    char c[7];
    fg_region_format(code, c);
    return json_string(c);
}

static int region_param(fg_req *r, json_t *body, const char *key, int32_t *out)
{
    const char *s;
    if (fg_json_text(r, body, key, true, 6, 6, &s))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_region_parse(s, key, out, &err))
        return fg_reply_err_as(r, 422, &err);
    return 0;
}

/* The request as the API shows it, with each item's clocks and the actions
 * this account may take on it. */
static json_t *coord_json(fg_req *r, const fg_coord_row *c)
{
    json_t *items = json_array();
    for (size_t i = 0; i < c->n_items; i++) {
        const fg_coord_item_row *it = &c->items[i];
        fg_deadline_status s;
        fg_app_coord_status(c, it, r->now_ms, &s);
        json_t *allowed = json_array();
        for (int a = 0; a < FG_COORD_ACTION_COUNT; a++)
            if (fg_app_coord_may(&r->who, c, it, (fg_coord_action)a))
                json_array_append_new(allowed, json_string(fg_coord_action_name(a)));
        json_t *j = json_pack(
            "{s:i,s:s,s:s,s:o,s:s,s:s,s:s,s:s?,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:o,s:i,s:o,s:o,s:i,s:"
            "o}",
            "n", it->n, "supplier", it->supplier, "supplier_name", it->supplier_name,
            "supplier_region", region_json(it->supplier_region), "need",
            fg_coord_need_name(it->need), "why", it->why, "state", fg_coord_state_name(it->state),
            "department", it->department >= 0 ? fg_role_name((fg_role)it->department) : NULL,
            "answer", it->answer, "reason", it->reason, "started_at", time_json(it->started_at),
            "answered_at", time_json(it->answered_at), "closed_at", time_json(it->closed_at),
            "due_at", time_json(s.due_at), "overdue", s.overdue, "holder", region_json(s.holder),
            "escalations", it->escalations, "next_escalation_at", time_json(s.next_escalation_at),
            "escalate_to", s.escalate_to >= 0 ? region_json(s.escalate_to) : json_null(), "version",
            it->version, "actions_allowed", allowed);
        json_array_append_new(items, j);
    }
    /* The departments an item may be given to (core/coordination.h). */
    json_t *deps = json_array();
    for (int i = 0; i < FG_ROLE_COUNT; i++)
        if (fg_coord_check_department((fg_role)i, NULL) == 0)
            json_array_append_new(deps, json_string(fg_role_name((fg_role)i)));
    return json_pack("{s:s,s:o,s:o,s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o}", "id", c->id, "from_region",
                     region_json(c->from_region), "to_region", region_json(c->to_region),
                     "customer", c->customer, "customer_name", c->customer_name, "customer_region",
                     region_json(c->customer_region), "subject", c->subject, "raised_by",
                     c->raised_by, "raised_at", time_json(c->raised_at), "items", items,
                     "departments", deps);
}

/* Loads the request in the path (owned by the request's arena) and checks
 * that the account sees it. */
static int load(fg_req *r, fg_coord_row **out)
{
    const char *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "coordination.bad_id",
                                "no coordination request with that id");
    fg_err err;
    fg_err_init(&err);
    fg_coord_row *c = fg_arena_alloc(&r->arena, sizeof(*c));
    if (!c)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_store_coord_get(r->db, id, c, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, coord_release, c)) {
        fg_coord_row_release(c);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    if (fg_app_coord_visible(&r->who, c, &err))
        return fg_reply_err(r, &err);
    *out = c;
    return 0;
}

/* The account's own target for reading: its region, or its enterprise. */
static int allow_read(fg_req *r)
{
    const fg_principal *p = &r->principal;
    if (fg_role_has_region(p->role))
        return fg_req_allow(r, FG_ACT_COORDINATION_READ, p->region, NULL);
    return fg_req_allow(r, FG_ACT_COORDINATION_READ, -1, p->n_enterprises ? p->enterprises[0] : "");
}

static int fg_h_coord_get(fg_req *r)
{
    fg_coord_row *c;
    int rc = allow_read(r);
    if (rc || (rc = load(r, &c)))
        return rc;
    return fg_reply_json(r, 200, coord_json(r, c));
}

static int fg_h_coord_raise(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_coord_new *req = fg_arena_alloc(&r->arena, sizeof(*req));
    if (!req)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    memset(req, 0, sizeof(*req));
    if (region_param(r, body, "to_region", &req->to_region) ||
        fg_json_text(r, body, "customer", true, 18, 18, &req->customer) ||
        fg_json_text(r, body, "subject", true, 4, FG_COORD_TEXT_MAX, &req->subject))
        return fg_req_refusal(r);
    json_t *items = json_object_get(body, "items");
    if (!json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > FG_COORD_MAX_ITEMS)
        return fg_reply_problem(r, 422, "items", "coordination.items",
                                "a request names 1 to {max:%d} suppliers", FG_COORD_MAX_ITEMS);
    fg_err err;
    fg_err_init(&err);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (!json_is_object(it))
            return fg_reply_problem(r, 422, "items", "coordination.item_shape",
                                    "each item is an object with supplier, need and why");
        struct fg_coord_new_item *ni = &req->items[i];
        const char *need;
        if (fg_json_text(r, it, "supplier", true, 18, 18, &ni->supplier) ||
            fg_json_text(r, it, "need", true, 1, 40, &need) ||
            fg_json_text(r, it, "why", true, 4, FG_COORD_TEXT_MAX, &ni->why))
            return fg_req_refusal(r);
        if (fg_coord_need_parse(need, &ni->need, &err))
            return fg_reply_err(r, &err);
    }
    req->n_items = json_array_size(items);
    char id[37];
    if (fg_app_coord_raise(r->app, r->db, &r->who, req, r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    fg_coord_row *c = fg_arena_alloc(&r->arena, sizeof(*c));
    if (!c)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_store_coord_get(r->db, id, c, &err))
        return fg_reply_err(r, &err);
    json_t *j = coord_json(r, c);
    fg_coord_row_release(c);
    return fg_reply_json(r, 201, j);
}

static int fg_h_coord_act(fg_req *r)
{
    fg_coord_row *c;
    int rc = load(r, &c);
    if (rc)
        return rc;
    long n;
    if ((rc = fg_req_int(r, "n", 1, FG_COORD_MAX_ITEMS, 0, &n)))
        return rc;
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *name, *dep = NULL, *answer = NULL, *reason = NULL;
    if (fg_json_text(r, body, "action", true, 1, 20, &name) ||
        fg_json_text(r, body, "department", false, 1, 40, &dep) ||
        fg_json_text(r, body, "answer", false, 1, FG_COORD_TEXT_MAX, &answer) ||
        fg_json_text(r, body, "reason", false, 1, FG_COORD_TEXT_MAX, &reason))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_coord_action a;
    if (fg_coord_action_parse(name, &a, &err))
        return fg_reply_err_as(r, 422, &err);
    fg_role role = FG_ROLE_COUNT;
    if (a == FG_COORD_ASSIGN) {
        if (!dep)
            return fg_reply_problem(r, 422, "department", "coordination.department",
                                    "an item is given to a department");
        if (fg_role_parse(dep, &role, &err))
            return fg_reply_err_as(r, 422, &err);
    }
    const char *text = a == FG_COORD_ANSWER ? answer : reason;
    if (fg_app_coord_act(r->app, r->db, &r->who, c, (int)n, a, (int)role, text, r->now_ms, &err))
        return fg_reply_err(r, &err);
    fg_coord_row *after = fg_arena_alloc(&r->arena, sizeof(*after));
    if (!after)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_store_coord_get(r->db, c->id, after, &err))
        return fg_reply_err(r, &err);
    json_t *j = coord_json(r, after);
    fg_coord_row_release(after);
    return fg_reply_json(r, 200, j);
}

typedef struct list_ctx {
    fg_req *r;
    json_t *overdue, *rest;
    int direction; /* 0 all, 1 sent, 2 received */
    int state;     /* -1 any; else 0 open, 1 answered, 2 closed, 3 declined, 4 overdue */
    int32_t region;
} list_ctx;

static const char *const list_states[] = {"open", "answered", "closed", "declined", "overdue"};

/* Whether the summary was sent (1) or received (2) by the account. */
static bool of_direction(const fg_principal *p, const fg_coord_summary *s, int dir)
{
    if (dir == 0)
        return true;
    int32_t mine = dir == 1 ? s->from_region : s->to_region;
    if (fg_role_has_region(p->role))
        return fg_region_contains(p->region, mine);
    /* An enterprise sent what is about it as customer; received the rest. */
    bool customer = false;
    for (size_t i = 0; i < p->n_enterprises; i++)
        if (strcmp(p->enterprises[i], s->customer) == 0)
            customer = true;
    return dir == 1 ? customer : !customer;
}

static int list_row(const fg_coord_summary *s, void *vctx)
{
    list_ctx *x = vctx;
    if (!of_direction(&x->r->principal, s, x->direction))
        return 0;
    if (x->region >= 0 && !fg_region_contains(x->region, s->from_region) &&
        !fg_region_contains(x->region, s->to_region))
        return 0;
    const int counts[] = {s->open, s->answered, s->closed, s->declined, s->overdue};
    if (x->state >= 0 && counts[x->state] == 0)
        return 0;
    json_t *j =
        json_pack("{s:s,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:i,s:i,s:i,s:i,s:i,s:i}", "id", s->id,
                  "from_region", region_json(s->from_region), "to_region",
                  region_json(s->to_region), "customer", s->customer, "customer_name",
                  s->customer_name, "subject", s->subject, "raised_at", time_json(s->raised_at),
                  "holder", region_json(s->holder), "items", s->items, "open", s->open, "answered",
                  s->answered, "closed", s->closed, "declined", s->declined, "overdue", s->overdue);
    if (!j)
        return FG_ENOMEM;
    json_array_append_new(s->overdue ? x->overdue : x->rest, j);
    return 0;
}

static int list_options(fg_req *r, list_ctx *x)
{
    const char *dir = fg_req_param(r, "direction");
    const char *state = fg_req_param(r, "state");
    const char *region = fg_req_param(r, "region");
    x->direction = 0;
    x->state = -1;
    x->region = -1;
    if (dir && strcmp(dir, "sent") == 0)
        x->direction = 1;
    else if (dir && strcmp(dir, "received") == 0)
        x->direction = 2;
    else if (dir && *dir && strcmp(dir, "all") != 0)
        return fg_reply_problem(r, 400, "direction", "coordination.direction",
                                "direction is sent, received or all");
    for (int i = 0; state && *state && i < 5; i++)
        if (strcmp(state, list_states[i]) == 0)
            x->state = i;
    if (state && *state && x->state < 0)
        return fg_reply_problem(r, 400, "state", "coordination.list_state",
                                "state is open, answered, closed, declined or overdue");
    if (region && *region) {
        fg_err err;
        fg_err_init(&err);
        if (fg_region_parse(region, "region", &x->region, &err))
            return fg_reply_err_as(r, 400, &err);
    }
    return 0;
}

static int fg_h_coord_list(fg_req *r)
{
    int rc = allow_read(r);
    if (rc)
        return rc;
    list_ctx x = {r, json_array(), json_array(), 0, -1, -1};
    json_t *hold = json_pack("{s:o,s:o}", "a", x.overdue, "b", x.rest);
    if ((rc = list_options(r, &x))) {
        json_decref(hold);
        return rc;
    }
    fg_coord_filter f = {.limit = 500};
    fg_app_coord_filter(&r->who, &f);
    fg_err err;
    fg_err_init(&err);
    if (fg_store_coord_list(r->db, &f, r->now_ms, list_row, &x, &err)) {
        json_decref(hold);
        return fg_reply_err(r, &err);
    }
    json_array_extend(x.overdue, x.rest);
    json_t *out =
        json_pack("{s:O,s:i}", "items", x.overdue, "total", (int)json_array_size(x.overdue));
    json_decref(hold);
    return fg_reply_json(r, 200, out);
}

typedef struct ledger_ctx {
    json_t *rows;
    int totals[6];
} ledger_ctx;

static int ledger_row(const fg_coord_count *c, void *vctx)
{
    ledger_ctx *x = vctx;
    const int v[6] = {c->open, c->answered, c->closed, c->declined, c->overdue, c->total};
    for (int i = 0; i < 6; i++)
        x->totals[i] += v[i];
    json_t *j = json_pack("{s:o,s:i,s:i,s:i,s:i,s:i,s:i}", "region", region_json(c->region), "open",
                          c->open, "answered", c->answered, "closed", c->closed, "declined",
                          c->declined, "overdue", c->overdue, "total", c->total);
    return j && json_array_append_new(x->rows, j) == 0 ? 0 : FG_ENOMEM;
}

static json_t *totals_json(const int t[6])
{
    return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "open", t[0], "answered", t[1], "closed", t[2],
                     "declined", t[3], "overdue", t[4], "total", t[5]);
}

/* The ledger: items by the other side's region and state, sent and received. */
static int fg_h_coord_ledger(fg_req *r)
{
    int rc = allow_read(r);
    if (rc)
        return rc;
    fg_coord_filter mine = {0};
    fg_app_coord_filter(&r->who, &mine);
    json_t *out = json_object();
    static const char *const names[] = {"sent", "received"};
    for (int k = 0; k < 2; k++) {
        fg_coord_filter f = mine;
        /* Sent: requests from inside, by receiving region; received: to
         * inside, by requesting region. */
        if (!f.all && !f.enterprise) {
            if (k == 0)
                f.to_lo = f.to_hi = -1;
            else
                f.from_lo = f.from_hi = -1;
        }
        ledger_ctx x = {json_array(), {0}};
        fg_err err;
        fg_err_init(&err);
        if (fg_store_coord_ledger(r->db, &f, k == 0, r->now_ms, ledger_row, &x, &err)) {
            json_decref(x.rows);
            json_decref(out);
            return fg_reply_err(r, &err);
        }
        json_object_set_new(
            out, names[k],
            json_pack("{s:o,s:o}", "by_region", x.rows, "totals", totals_json(x.totals)));
    }
    return fg_reply_json(r, 200, out);
}

const fg_api_route fg_api_coordination_routes[] = {
    {"GET", "/api/v1/coordination", fg_h_coord_list, FG_ACT_COORDINATION_READ, 0},
    {"POST", "/api/v1/coordination", fg_h_coord_raise, FG_ACT_COORDINATION_RAISE, FG_API_MAX_BODY},
    {"GET", "/api/v1/coordination/ledger", fg_h_coord_ledger, FG_ACT_COORDINATION_READ, 0},
    {"GET", "/api/v1/coordination/:id", fg_h_coord_get, FG_ACT_COORDINATION_READ, 0},
    {"POST", "/api/v1/coordination/:id/items/:n", fg_h_coord_act, FG_ACT_COORDINATION_HANDLE,
     FG_API_MAX_BODY},
};
const size_t fg_api_coordination_nroutes =
    sizeof(fg_api_coordination_routes) / sizeof(fg_api_coordination_routes[0]);
