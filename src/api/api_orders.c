/* /api/v1/orders, /api/v1/resumptions, /api/v1/alarms: stop/limit orders under
 * due process. Who may take a step is the core's (fg_order_check); this file
 * parses, authorises reading by jurisdiction, and shows the order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/order.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "api.h"
#include "export.h"

/* The seed's words, quoted when a request would stop more than one named
 * enterprise (2 June 2022, MIIT at the State Council press conference). */
#define BLANKET_RULE                                                                               \
    "An order names one enterprise. The policy: enterprises at high, medium and low risk get "     \
    "classified, scientific guidance, \"no simple request to stop production or limit "            \
    "production capacity, personnel arrival rate, etc. is allowed\", and \"arbitrary "             \
    "shutdown, one shutdown\" must be guarded against; where it is really necessary to stop "      \
    "work and limit production, the local government must strictly follow the procedures. "        \
    "Propose one order per enterprise, each with its own reason and evidence."

static const char *const blanket_keys[] = {"region",      "regions", "industry", "industries",
                                           "enterprises", "list",    "category", "categories",
                                           "whitelist",   "all",     "county",   "uscc_list"};

static void iso(json_t *o, const char *key, int64_t ms)
{
    char t[25];
    fg_time_format(ms, t);
    json_object_set_new(o, key, ms ? json_string(t) : json_null());
}

/* Whether the account speaks for this enterprise. */
static bool speaks_for(const fg_req *r, const char *uscc)
{
    for (size_t i = 0; i < r->principal.n_enterprises; i++)
        if (strcmp(r->principal.enterprises[i], uscc) == 0)
            return true;
    return false;
}

/* The actions this account may take on the order now. */
static json_t *allowed_actions(fg_req *r, const fg_order_row *row)
{
    const fg_order_limits *lim = &r->app->limits;
    json_t *a = json_array();
    static const fg_order_action acts[] = {FG_ORDER_APPROVE,  FG_ORDER_REJECT,   FG_ORDER_RETURN,
                                           FG_ORDER_WITHDRAW, FG_ORDER_RESUBMIT, FG_ORDER_LIFT};
    for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
        if (fg_app_order_may(r->app, &r->who, row, acts[i], r->now_ms))
            json_array_append_new(a, json_string(fg_order_action_name(acts[i])));
    if (row->resumption_pending &&
        fg_app_order_may(r->app, &r->who, row, FG_ORDER_RESUME, r->now_ms))
        json_array_append_new(a, json_string("decide_resumption"));
    if (!row->resumption_pending && r->account.role == FG_ROLE_ENTERPRISE &&
        speaks_for(r, row->enterprise) &&
        fg_order_state_at(&row->o, r->now_ms, lim) == FG_ORDER_IN_FORCE)
        json_array_append_new(a, json_string("apply_resumption"));
    return a;
}

/* The order as the API shows it; `full` adds the route's steps. */
static json_t *order_json(fg_req *r, const fg_order_row *row, bool full)
{
    const fg_order_limits *lim = &r->app->limits;
    const fg_order *o = &row->o;
    fg_order_state s = fg_order_state_at(o, r->now_ms, lim);
    bool waiting = s == FG_ORDER_PENDING || (s == FG_ORDER_IN_FORCE && !o->confirmed);
    char region[7];
    fg_region_format(o->region, region);
    json_t *j =
        json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:s}", "id", row->id, "enterprise",
                  row->enterprise, "enterprise_name", row->enterprise_name, "region", region,
                  "measure", fg_measure_name(o->measure), "state", fg_order_state_name(s), "route",
                  o->route->name, "emergency", o->emergency, "confirmed", o->confirmed, "reason",
                  row->reason, "evidence", row->evidence);
    json_object_set_new(j, "percent",
                        o->measure == FG_MEASURE_STOP ? json_null() : json_integer(o->percent));
    if (waiting) {
        const fg_route_step *st = &o->route->steps[o->step];
        json_object_set_new(j, "step",
                            json_pack("{s:i,s:s,s:s,s:s,s:s}", "index", (int)o->step, "name",
                                      st->name, "role", fg_role_name(st->role), "level",
                                      st->at == FG_AT_PROVINCE ? "province" : "county_or_city",
                                      "kind", st->kind == FG_STEP_DECIDE ? "decide" : "evaluate"));
        iso(json_object_get(j, "step"), "since", o->step_since);
        iso(json_object_get(j, "step"), "due_at", o->step_due_at);
    } else {
        json_object_set_new(j, "step", json_null());
    }
    json_object_set_new(j, "overdue", json_boolean(fg_order_overdue(o, r->now_ms)));
    json_object_set_new(j, "escalated", json_boolean(row->escalated));
    json_object_set_new(j, "whitelist", json_boolean(row->whitelist));
    json_object_set_new(j, "resumption_pending", json_boolean(row->resumption_pending));
    iso(j, "starts_at", o->starts_at);
    iso(j, "ends_at", o->ends_at);
    iso(j, "lapses_at", o->emergency && !o->confirmed ? fg_order_lapses_at(o, lim) : 0);
    iso(j, "proposed_at", o->proposed_at);
    iso(j, "ended_at", o->ended_at);
    json_object_set_new(j, "proposed_by", json_string(row->proposed_by));
    json_object_set_new(j, "version", json_integer(row->version));
    json_object_set_new(j, "actions_allowed", allowed_actions(r, row));
    if (full) {
        json_t *steps = json_array();
        for (size_t k = 0; k < o->route->n; k++) {
            const fg_route_step *st = &o->route->steps[k];
            const char *progress = k < o->step || (s != FG_ORDER_PENDING && o->confirmed) ? "done"
                                   : k == o->step && waiting ? "current"
                                                             : "not_reached";
            json_array_append_new(
                steps,
                json_pack("{s:i,s:s,s:s,s:s,s:s,s:i,s:s}", "index", (int)k, "name", st->name,
                          "role", fg_role_name(st->role), "level",
                          st->at == FG_AT_PROVINCE ? "province" : "county_or_city", "kind",
                          st->kind == FG_STEP_DECIDE ? "decide" : "evaluate", "deadline_hours",
                          fg_order_step_hours(o, k, lim), "progress", progress));
        }
        json_object_set_new(j, "route_steps", steps);
    }
    return j;
}

static void row_release(void *p)
{
    fg_order_row_release(p);
}

/* The order `id` as a row the request's arena owns (*out borrowed until the
 * request ends); replies and returns the refusal otherwise. */
static int req_order(fg_req *r, const char *id, fg_order_row **out)
{
    fg_err err;
    fg_err_init(&err);
    fg_order_row *row = fg_arena_alloc(&r->arena, sizeof(*row));
    if (!row)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_store_order_get(r->db, id, row, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, row_release, row))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    *out = row;
    return 0;
}

/* Loads the order named in the path (owned by the request) and checks that
 * the account may read it; replies and returns the refusal otherwise. */
static int load_order(fg_req *r, fg_order_row **out)
{
    const char *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "order.bad_id", "no order with that id");
    int rc = req_order(r, id, out);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_access_check_role(&r->principal, FG_ACT_ORDER_READ, &err))
        return fg_reply_err(r, &err);
    /* An order outside the jurisdiction (or not the enterprise account's own)
     * is answered as one that does not exist (issue 16). */
    fg_target t = {(*out)->o.region, (*out)->enterprise};
    if (fg_access_check(&r->principal, FG_ACT_ORDER_READ, &t, NULL))
        return fg_reply_problem(r, 404, "id", "order.not_found", "no order with id {id:%.40s}", id);
    return 0;
}

static int reply_order(fg_req *r, int status, const char *id)
{
    fg_order_row *row;
    int rc = req_order(r, id, &row);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    json_t *acts, *evals, *res;
    if (fg_store_order_timeline(r->db, id, &acts, &evals, &res, &err))
        return fg_reply_err(r, &err);
    /* critical-link marks (issue 12): the machine assessment is the chain
     * impact report, stored as JSON text; it is given as an object */
    size_t i;
    json_t *ev;
    bool official = fg_role_has_region(r->account.role);
    for (i = json_array_size(evals); !official && i-- > 0;)
        if (strcmp(json_string_value(json_object_get(json_array_get(evals, i), "kind")),
                   "machine") == 0)
            json_array_remove(evals, i); /* it names enterprises downstream: officials only */
    json_array_foreach(evals, i, ev)
    {
        if (strcmp(json_string_value(json_object_get(ev, "kind")), "machine") != 0)
            continue;
        json_t *report = json_loads(json_string_value(json_object_get(ev, "assessment")), 0, NULL);
        if (report) {
            json_object_set_new(ev, "report", report);
            json_object_set_new(ev, "assessment", json_string(""));
        }
    }
    json_t *j = order_json(r, row, true);
    json_object_set_new(j, "timeline", acts);
    json_object_set_new(j, "evaluations", evals);
    json_object_set_new(j, "resumptions", res);
    return fg_reply_json(r, status, j);
}

static int time_field(fg_req *r, json_t *body, const char *key, bool required, int64_t *out)
{
    const char *s;
    if (fg_json_text(r, body, key, required, 1, 40, &s))
        return FG_EINVAL;
    if (!s)
        return 0;
    fg_err err;
    fg_err_init(&err);
    if (fg_time_parse(s, out, &err)) {
        snprintf(err.field, sizeof(err.field), "%s", key);
        fg_reply_err(r, &err);
        return FG_EINVAL;
    }
    return 0;
}

static int fg_h_order_propose(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    /* Refuse anything but one named enterprise before reading the rest. */
    json_t *ent = json_object_get(body, "enterprise");
    for (size_t i = 0; i < sizeof(blanket_keys) / sizeof(blanket_keys[0]); i++)
        if (json_object_get(body, blanket_keys[i]))
            return fg_reply_problem_with(r, 422,
                                         json_pack("{s:s}", "rule", "one_enterprise_per_order"),
                                         blanket_keys[i], "order.blanket", BLANKET_RULE);
    if (json_is_array(ent) || json_is_object(ent))
        return fg_reply_problem_with(r, 422, json_pack("{s:s}", "rule", "one_enterprise_per_order"),
                                     "enterprise", "order.blanket", BLANKET_RULE);
    const char *uscc, *measure_s, *reason, *evidence;
    if (fg_json_text(r, body, "enterprise", true, 18, 18, &uscc) ||
        fg_json_text(r, body, "measure", true, 1, 40, &measure_s) ||
        fg_json_text(r, body, "reason", true, 10, 2000, &reason) ||
        fg_json_text(r, body, "evidence", true, 10, 8000, &evidence))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_proposal p = {uscc, FG_MEASURE_STOP, 0, r->now_ms, 0, false, reason, evidence};
    if (fg_measure_parse(measure_s, &p.measure, &err))
        return fg_reply_err(r, &err);
    if (fg_json_int32(r, body, "percent", false, 0, 100, &p.percent))
        return fg_req_refusal(r);
    json_t *em = json_object_get(body, "emergency");
    if (em && !json_is_boolean(em))
        return fg_reply_problem(r, 422, "emergency", "field.boolean",
                                "{field:%s} must be true or false", "emergency");
    p.emergency = em && json_is_true(em);
    if (time_field(r, body, "starts_at", false, &p.starts_at) ||
        time_field(r, body, "ends_at", true, &p.ends_at))
        return fg_req_refusal(r);
    fg_proposed out;
    if (fg_app_order_propose(r->app, r->db, &r->who, &p, r->now_ms, &out, &err)) {
        if (!out.guidance)
            return fg_reply_err(r, &err);
        json_t *g = out.guidance;
        const char *rule = json_string_value(json_object_get(json_object_get(g, "rule"), "id"));
        const char *why =
            json_string_value(json_object_get(json_object_get(g, "explanation"), "en"));
        return fg_reply_problem_with(
            r, 422, json_pack("{s:o}", "guidance", g), "measure", "order.no_restriction",
            "the guidance for this enterprise (rule %s) allows no stop or limit: %s. Only "
            "an emergency provisional order (a confirmed case on site) may be proposed.",
            rule, why);
    }
    if (out.alarm_raised)
        u_map_put(r->resp->map_header, "X-Fugong-Alarm", out.alarm_id);
    return reply_order(r, 201, out.id);
}

static int fg_h_order_get(fg_req *r)
{
    fg_order_row *row;
    int rc = load_order(r, &row);
    return rc ? rc : reply_order(r, 200, row->id);
}

/* Takes `a` on the loaded order with the body's version, reason and
 * assessment; replies with the order or the refusal. */
static int act(fg_req *r, fg_order_row *row, fg_order_action action, json_t *body)
{
    json_t *ver = json_object_get(body, "version");
    if (!json_is_integer(ver))
        return fg_reply_problem(r, 422, "version", "field.version",
                                "version is required: the version of the order you acted on");
    fg_order_act a = {action, 0, NULL, NULL, NULL, NULL, false, 0};
    if (fg_json_int32(r, body, "version", true, 0, INT_MAX, &a.version))
        return fg_req_refusal(r);
    if (fg_json_text(r, body, "reason", false, 1, 2000, &a.reason) ||
        fg_json_text(r, body, "assessment", false, 10, 8000, &a.assessment))
        return fg_req_refusal(r);
    if (action == FG_ORDER_RESUBMIT) {
        a.revised_ends_at = 0;
        if (fg_json_text(r, body, "revised_reason", false, 10, 2000, &a.revised_reason) ||
            fg_json_text(r, body, "revised_evidence", false, 10, 8000, &a.revised_evidence) ||
            time_field(r, body, "revised_ends_at", false, &a.revised_ends_at))
            return fg_req_refusal(r);
        json_t *ends = json_object_get(body, "revised_ends_at");
        a.has_revised_ends = ends && !json_is_null(ends);
    }
    fg_err err;
    fg_err_init(&err);
    int current;
    if (fg_app_order_act(r->app, r->db, &r->who, row, &a, r->now_ms, &current, &err)) {
        if (err.code == FG_ECONFLICT && strcmp(err.field, "version") == 0)
            return fg_reply_err_with(r, &err, json_pack("{s:i}", "current_version", current));
        if (err.code == FG_ECONFLICT && current != row->version)
            return fg_reply_err_with(r, &err, json_pack("{s:i}", "current_version", current));
        return fg_reply_err(r, &err);
    }
    return reply_order(r, 200, row->id);
}

static int fg_h_order_act(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_order_row *row;
    const char *name;
    int rc = load_order(r, &row);
    if (rc || (rc = fg_json_text(r, body, "action", true, 1, 20, &name)))
        return rc;
    static const fg_order_action acts[] = {FG_ORDER_APPROVE,  FG_ORDER_REJECT,   FG_ORDER_RETURN,
                                           FG_ORDER_WITHDRAW, FG_ORDER_RESUBMIT, FG_ORDER_LIFT};
    for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
        if (strcmp(name, fg_order_action_name(acts[i])) == 0)
            return act(r, row, acts[i], body);
    return fg_reply_problem(r, 422, "action", "order.action_name",
                            "action must be approve, reject, return, withdraw, resubmit or lift "
                            "(resumption has its own endpoints)");
}

static int fg_h_order_lift(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_order_row *row;
    int rc = load_order(r, &row);
    return rc ? rc : act(r, row, FG_ORDER_LIFT, body);
}

static int fg_h_order_resumption(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_order_row *row;
    const char *measures;
    int rc = load_order(r, &row);
    rc = rc ? rc : fg_req_allow(r, FG_ACT_RESUMPTION_APPLY, row->o.region, row->enterprise);
    rc = rc ? rc : fg_json_text(r, body, "measures", true, 1, 8000, &measures);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    char id[37];
    if (fg_app_resumption_apply(r->app, r->db, &r->who, row, measures, r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    return reply_order(r, 201, row->id);
}

static int fg_h_resumption_decide(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    fg_resumption app;
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "resumption.bad_id",
                                "no resumption application with that id");
    if (fg_store_resumption_get(r->db, id, &app, &err))
        return fg_reply_err(r, &err);
    if (fg_req_allow(r, FG_ACT_ORDER_READ, app.region, app.enterprise))
        return fg_req_refusal(r);
    json_t *ap = json_object_get(body, "approve");
    if (!json_is_boolean(ap))
        return fg_reply_problem(r, 422, "approve", "field.boolean",
                                "{field:%s} must be true or false", "approve");
    const char *reason;
    if (fg_json_text(r, body, "reason", !json_is_true(ap), 4, 2000, &reason))
        return fg_req_refusal(r);
    char oid[37];
    if (fg_app_resumption_decide(r->app, r->db, &r->who, app.id, json_is_true(ap), reason,
                                 r->now_ms, oid, &err))
        return fg_reply_err(r, &err);
    return reply_order(r, 200, oid);
}

/* Parses a true/false query parameter; replies 400 when malformed. */
static int bool_param(fg_req *r, const char *name, bool *out)
{
    const char *s = fg_req_param(r, name);
    *out = false;
    if (!s || !*s)
        return 0;
    if (strcmp(s, "true") && strcmp(s, "false")) {
        return fg_reply_problem(r, 400, name, "query.boolean", "{field:%s} must be true or false",
                                name);
    }
    *out = strcmp(s, "true") == 0;
    return 0;
}

/* The orders waiting at a step this account may take, overdue first. */
static int awaiting(fg_req *r, fg_order_row **out, size_t *out_n, fg_err *err)
{
    fg_order_filter f = {0, 999999, "", "", -1, false, true, "", r->now_ms, 5000, 0};
    fg_region_range(r->account.region, &f.region_lo, &f.region_hi);
    fg_order_row *rows;
    size_t n;
    int64_t total;
    int rc = fg_store_order_list(r->db, &f, &rows, &n, &total, err);
    if (rc)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (fg_app_order_may(r->app, &r->who, &rows[i], FG_ORDER_APPROVE, r->now_ms)) {
            if (k != i) {
                fg_order_row t = rows[k];
                rows[k] = rows[i];
                rows[i] = t;
            }
            k++;
        }
    }
    *out = rows;
    *out_n = k;
    for (size_t i = k; i < n; i++)
        fg_order_row_release(&rows[i]);
    return 0;
}

/* The orders a list or an export shows: rows[from..to) of rows[0..n). */
typedef struct order_sel {
    fg_order_row *rows; /* owned: fg_order_rows_free(rows, n) */
    size_t n, from, to;
    int64_t total;
    long limit, offset;
} order_sel;

/* Parses the list's filters (state, region, enterprise, step, overdue, mine,
 * proposed_by_me, limit up to max_limit, offset), authorises reading inside
 * the region (or the account's own enterprise) and selects. Replies and
 * returns the refusal otherwise. */
static int select_orders(fg_req *r, long max_limit, long def_limit, order_sel *out)
{
    long limit, offset, step;
    if (fg_req_int(r, "limit", 1, max_limit, def_limit, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset) ||
        fg_req_int(r, "step", -1, FG_ROUTE_MAX_STEPS - 1, -1, &step))
        return fg_req_refusal(r);
    fg_order_filter f = {0,     999999, "",        "",         (int)step,  false,
                         false, "",     r->now_ms, (int)limit, (int)offset};
    bool mine, own;
    if (bool_param(r, "overdue", &f.overdue) || bool_param(r, "mine", &mine) ||
        bool_param(r, "proposed_by_me", &own))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    const char *s;
    if ((s = fg_req_param(r, "state")) && *s) {
        bool known = false;
        for (int i = FG_ORDER_PENDING; i <= FG_ORDER_RESUMED; i++)
            known = known || strcmp(s, fg_order_state_name((fg_order_state)i)) == 0;
        if (!known)
            return fg_reply_problem(r, 400, "state", "order.state_filter",
                                    "state must be pending, returned, in_force, rejected, "
                                    "withdrawn, lapsed, lifted, expired or resumed");
        f.state = s;
    }
    int32_t region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    if ((s = fg_req_param(r, "region")) && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if ((s = fg_req_param(r, "enterprise")) && *s)
        f.enterprise = s;
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_ORDER_READ, region, NULL))
            return fg_req_refusal(r);
    } else {
        /* Enterprise accounts read the orders on their own enterprises. */
        if (!f.enterprise[0] && r->principal.n_enterprises)
            f.enterprise = r->principal.enterprises[0];
        if (fg_req_allow(r, FG_ACT_ORDER_READ, -1, f.enterprise))
            return fg_req_refusal(r);
    }
    if (own)
        f.proposed_by = r->account.username;
    fg_region_range(region, &f.region_lo, &f.region_hi);
    fg_order_row *rows;
    size_t n;
    int64_t total;
    if (mine) {
        if (awaiting(r, &rows, &n, &err))
            return fg_reply_err(r, &err);
        size_t k = 0; /* keep those inside the filters, in order */
        for (size_t i = 0; i < n; i++) {
            bool keep = fg_region_contains(region, rows[i].o.region) &&
                        (!f.enterprise[0] || strcmp(f.enterprise, rows[i].enterprise) == 0) &&
                        (!f.overdue || fg_order_overdue(&rows[i].o, r->now_ms));
            if (!keep) {
                fg_order_row_release(&rows[i]);
                continue;
            }
            rows[k++] = rows[i];
        }
        n = k;
        total = (int64_t)n;
    } else if (fg_store_order_list(r->db, &f, &rows, &n, &total, &err)) {
        return fg_reply_err(r, &err);
    }
    out->rows = rows;
    out->n = n;
    out->total = total;
    out->limit = limit;
    out->offset = offset;
    out->from = mine ? (size_t)offset : 0;
    out->to = mine ? out->from + (size_t)limit : n;
    if (out->to > n)
        out->to = n;
    if (out->from > out->to)
        out->from = out->to;
    return 0;
}

static int fg_h_orders_list(fg_req *r)
{
    order_sel sel;
    if (select_orders(r, 500, 50, &sel))
        return fg_req_refusal(r);
    json_t *items = json_array();
    for (size_t i = sel.from; i < sel.to; i++)
        json_array_append_new(items, order_json(r, &sel.rows[i], false));
    fg_order_rows_free(sel.rows, sel.n);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total",
                                   (json_int_t)sel.total, "limit", (int)sel.limit, "offset",
                                   (int)sel.offset));
}

enum {
    OCOL_ID,
    OCOL_ENTERPRISE_NAME,
    OCOL_USCC,
    OCOL_REGION_NAME,
    OCOL_REGION,
    OCOL_MEASURE,
    OCOL_PERCENT,
    OCOL_STATE,
    OCOL_EMERGENCY,
    OCOL_STEP,
    OCOL_DUE,
    OCOL_OVERDUE,
    OCOL_STARTS,
    OCOL_ENDS,
    OCOL_PROPOSED_BY,
    OCOL_PROPOSED_AT,
    OCOL_ENDED_AT,
    OCOL_REASON,
    OCOL_COUNT
};

static const fg_export_col order_cols[OCOL_COUNT] = {
    {"指令编号", "Order", 38, false},         {"企业名称", "Enterprise", 32, false},
    {"统一社会信用代码", "USCC", 22, false},  {"所在区县", "County", 14, false},
    {"区县代码", "County code", 10, false},   {"措施", "Measure", 14, false},
    {"限制比例(%)", "Limit (%)", 10, true},   {"状态", "State", 12, false},
    {"紧急临时指令", "Emergency", 10, false}, {"待办部门", "Waiting for", 18, false},
    {"办理时限", "Step due", 18, false},      {"是否超时", "Overdue", 8, false},
    {"开始时间", "Starts", 18, false},        {"结束时间", "Ends", 18, false},
    {"提出人", "Proposed by", 16, false},     {"提出时间", "Proposed at", 18, false},
    {"终止时间", "Ended at", 18, false},      {"理由", "Reason", 48, false},
};

static void local_time(int64_t ms, char out[17])
{
    if (ms)
        fg_clock_local_minute(ms, out);
    else
        out[0] = '\0';
}

static int fg_h_orders_export(fg_req *r)
{
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    order_sel sel;
    if (select_orders(r, FG_EXPORT_MAX_ROWS, FG_EXPORT_MAX_ROWS, &sel))
        return fg_req_refusal(r);
    fg_export *x = fg_arena_alloc(&r->arena, sizeof(*x));
    fg_export_names *names = fg_export_names_new(r);
    if (!x || !names) {
        fg_order_rows_free(sel.rows, sel.n);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    const fg_order_limits *lim = &r->app->limits;
    int rc = fg_export_begin(x, xlsx, en, en ? "Orders" : "停工限产指令", order_cols, OCOL_COUNT);
    for (size_t i = sel.from; rc == 0 && i < sel.to; i++) {
        const fg_order_row *row = &sel.rows[i];
        const fg_order *o = &row->o;
        fg_order_state s = fg_order_state_at(o, r->now_ms, lim);
        bool waiting = s == FG_ORDER_PENDING || (s == FG_ORDER_IN_FORCE && !o->confirmed);
        char region[7], percent[8], due[17], starts[17], ends[17], proposed[17], ended[17];
        char county[128], by[129];
        fg_region_format(o->region, region);
        snprintf(county, sizeof(county), "%s", fg_export_region_name(names, o->region));
        snprintf(by, sizeof(by), "%s", fg_export_account_name(names, row->proposed_by));
        if (o->measure == FG_MEASURE_STOP)
            percent[0] = '\0';
        else
            snprintf(percent, sizeof(percent), "%d", o->percent);
        local_time(waiting ? o->step_due_at : 0, due);
        local_time(o->starts_at, starts);
        local_time(o->ends_at, ends);
        local_time(o->proposed_at, proposed);
        local_time(o->ended_at, ended);
        const char *cells[OCOL_COUNT] = {
            row->id,
            row->enterprise_name,
            row->enterprise,
            county,
            region,
            fg_export_word(x, fg_measure_word(o->measure)),
            percent,
            fg_export_word(x, fg_order_state_word(s)),
            fg_export_word(x, fg_word_bool(o->emergency)),
            waiting ? fg_export_word(x, fg_role_word(o->route->steps[o->step].role)) : "",
            due,
            waiting ? fg_export_word(x, fg_word_bool(fg_order_overdue(o, r->now_ms))) : "",
            starts,
            ends,
            by,
            proposed,
            ended,
            row->reason ? row->reason : "",
        };
        rc = fg_export_row(x, cells);
    }
    fg_order_rows_free(sel.rows, sel.n);
    return fg_export_reply(r, x, "orders", rc, NULL);
}

static int fg_h_orders_awaiting(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    json_t *orders = json_array(), *res = NULL;
    size_t overdue = 0, n_res = 0;
    if (fg_role_has_region(r->account.role)) {
        fg_order_row *rows;
        size_t n;
        if (awaiting(r, &rows, &n, &err)) {
            json_decref(orders);
            return fg_reply_err(r, &err);
        }
        /* Overdue first, then by deadline (the list is by deadline already). */
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < n; i++)
                if (fg_order_overdue(&rows[i].o, r->now_ms) == (pass == 0)) {
                    overdue += pass == 0;
                    if (json_array_size(orders) < 200)
                        json_array_append_new(orders, order_json(r, &rows[i], false));
                }
        fg_order_rows_free(rows, n);
        /* Resumption applications this account decides. */
        int32_t lo, hi;
        fg_region_range(r->account.region, &lo, &hi);
        json_t *cand;
        if (fg_store_resumptions_pending(r->db, lo, hi, 1000, &cand, &err)) {
            json_decref(orders);
            return fg_reply_err(r, &err);
        }
        res = json_array();
        size_t i;
        json_t *a;
        json_array_foreach(cand, i, a)
        {
            fg_order_row row;
            if (fg_store_order_get(r->db, json_string_value(json_object_get(a, "order")), &row,
                                   &err))
                continue;
            if (fg_app_order_may(r->app, &r->who, &row, FG_ORDER_RESUME, r->now_ms)) {
                json_object_set_new(a, "enterprise_name", json_string(row.enterprise_name));
                json_array_append(res, a);
            }
            fg_order_row_release(&row);
        }
        json_decref(cand);
        n_res = json_array_size(res);
    } else {
        res = json_array();
    }
    size_t n_orders = json_array_size(orders);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:o,s:{s:I,s:I,s:I}}", "orders", orders, "resumptions",
                                   res, "counts", "orders", (json_int_t)n_orders, "overdue",
                                   (json_int_t)overdue, "resumptions", (json_int_t)n_res));
}

static int fg_h_enterprise_orders(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    const char *uscc = fg_req_param(r, "uscc");
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_req_enterprise_at(r, uscc, FG_ACT_ORDER_READ, &e, &m))
        return fg_req_refusal(r);
    fg_order_filter f = {0, 999999, uscc, "", -1, false, false, "", r->now_ms, 200, 0};
    fg_order_row *rows;
    size_t n;
    int64_t total;
    if (fg_store_order_list(r->db, &f, &rows, &n, &total, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, order_json(r, &rows[i], false));
    fg_order_rows_free(rows, n);
    /* What a new order would go through, shown before proposing: the route
     * the enterprise's guidance gives today. */
    fg_app_guidance g;
    if (fg_app_guidance_get(r->app, r->db, &e, &m, fg_clock_date(r->now_ms), &g, &err)) {
        json_decref(items);
        return fg_reply_err(r, &err);
    }
    const fg_route *route = g.route;
    fg_app_guidance_release(&g);
    json_t *steps = json_array();
    for (size_t k = 0; k < route->n; k++)
        json_array_append_new(
            steps, json_pack("{s:s,s:s,s:s,s:i}", "name", route->steps[k].name, "role",
                             fg_role_name(route->steps[k].role), "level",
                             route->steps[k].at == FG_AT_PROVINCE ? "province" : "county_or_city",
                             "deadline_hours",
                             r->app->limits.step_hours > 0 ? r->app->limits.step_hours
                                                           : route->steps[k].deadline_hours));
    const fg_order_limits *lim = &r->app->limits;
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:o,s:I,s:{s:s,s:s,s:o},s:{s:i,s:i}}", "uscc", e.uscc,
                                   "status", fg_status_name(m.status), "items", items, "total",
                                   (json_int_t)total, "route", "name", route->name, "applies_to",
                                   route->applies_to, "steps", steps, "limits", "max_days",
                                   lim->max_days, "emergency_hours", lim->emergency_hours));
}

static int fg_h_alarms_list(fg_req *r)
{
    long limit;
    if (fg_req_int(r, "limit", 1, 500, 100, &limit))
        return fg_req_refusal(r);
    const char *state = fg_req_param(r, "state");
    if (!state)
        state = "";
    if (*state && strcmp(state, "open") && strcmp(state, "closed"))
        return fg_reply_problem(r, 400, "state", "alarm.state_filter",
                                "state must be open or closed");
    int32_t region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    fg_err err;
    fg_err_init(&err);
    const char *s;
    if ((s = fg_req_param(r, "region")) && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, FG_ACT_ALARM_READ, region, NULL))
        return fg_req_refusal(r);
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    json_t *items;
    if (fg_store_alarm_list(r->db, lo, hi, state, (int)limit, &items, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_alarm_close(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    int32_t region;
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "alarm.bad_id", "no alarm with that id");
    if (fg_store_alarm_region(r->db, id, &region, &err))
        return fg_reply_err(r, &err);
    if (fg_req_allow(r, FG_ACT_ALARM_CLOSE, region, NULL))
        return fg_req_refusal(r);
    fg_region_level l = fg_region_level_of(r->account.region);
    if (l != FG_LEVEL_PROVINCE && l != FG_LEVEL_NATION)
        return fg_reply_problem(r, 403, NULL, "alarm.close_level",
                                "an alarm is flagged to the province and the nation: a "
                                "provincial joint mechanism or the national coordinator closes it");
    const char *note;
    if (fg_json_text(r, body, "note", true, 10, 2000, &note))
        return fg_req_refusal(r);
    if (fg_store_alarm_close(r->db, id, region, note, r->now_ms, r->account.username, &err))
        return fg_reply_err(r, &err);
    json_t *a = json_pack("{s:s,s:s,s:s,s:s}", "id", id, "state", "closed", "closed_by",
                          r->account.username, "note", note);
    iso(a, "closed_at", r->now_ms);
    return fg_reply_json(r, 200, a);
}

const fg_api_route fg_api_orders_routes[] = {
    {"GET", "/api/v1/enterprises/:uscc/orders", fg_h_enterprise_orders, FG_ACT_ORDER_READ, 0},
    {"GET", "/api/v1/orders", fg_h_orders_list, FG_ACT_ORDER_READ, 0},
    {"POST", "/api/v1/orders", fg_h_order_propose, FG_ACT_ORDER_PROPOSE, FG_API_MAX_BODY},
    {"GET", "/api/v1/orders/awaiting", fg_h_orders_awaiting, FG_ROUTE_ANY_ROLE, 0},
    {"GET", "/api/v1/orders/export", fg_h_orders_export, FG_ACT_ORDER_READ, 0},
    {"GET", "/api/v1/orders/:id", fg_h_order_get, FG_ACT_ORDER_READ, 0},
    {"POST", "/api/v1/orders/:id/actions", fg_h_order_act, FG_ACT_ORDER_READ, FG_API_MAX_BODY},
    {"POST", "/api/v1/orders/:id/lift", fg_h_order_lift, FG_ACT_ORDER_READ, FG_API_MAX_BODY},
    {"POST", "/api/v1/orders/:id/resumption", fg_h_order_resumption, FG_ACT_RESUMPTION_APPLY,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/resumptions/:id/decision", fg_h_resumption_decide, FG_ACT_ORDER_READ,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/alarms", fg_h_alarms_list, FG_ACT_ALARM_READ, 0},
    {"POST", "/api/v1/alarms/:id/close", fg_h_alarm_close, FG_ACT_ALARM_CLOSE, FG_API_MAX_BODY},
};
const size_t fg_api_orders_nroutes = sizeof(fg_api_orders_routes) / sizeof(fg_api_orders_routes[0]);
