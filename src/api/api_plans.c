/* /api/v1/enterprises/:uscc/plans and /api/v1/plans: production and
 * contingency plans (issue 14, part "plans"). The enterprise saves a plan
 * per risk level (each save a new version), has it checked as it types
 * (every missing or short item at once, and the figures), and files it; the
 * industry authority of its county, or above, approves it or returns it with
 * reasons from its review queue; officials see who lacks an approved plan
 * for their county's level. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "api.h"

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

static json_t *day_json(int32_t ymd)
{
    if (!ymd)
        return json_null();
    char s[16];
    snprintf(s, sizeof(s), "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100),
             (int)(ymd % 100));
    return json_string(s);
}

/* One item of a check: {field, code, message, params}. */
static json_t *item_json(const fg_err *e)
{
    json_t *params = json_object();
    for (int i = 0; i < e->nparams; i++)
        json_object_set_new(params, e->params[i].name, json_string(e->params[i].value));
    return json_pack("{s:s,s:s,s:s,s:o}", "field", e->field, "code", e->key ? e->key : "",
                     "message", e->msg, "params", params);
}

static json_t *number_or_null(int64_t v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

/* The check as the API shows it: {complete, items, dropped, figures}. */
static json_t *check_json(const fg_plan_report *rep)
{
    json_t *items = json_array();
    for (size_t i = 0; i < rep->n; i++)
        json_array_append_new(items, item_json(&rep->items[i]));
    const fg_plan_figures *f = &rep->figures;
    json_t *fig = json_pack(
        "{s:o,s:o,s:I,s:o,s:I,s:o,s:i,s:o,s:i}", "closed_loop_headcount",
        number_or_null(f->closed_loop), "lodging_places", number_or_null(f->lodging),
        "lodging_short", (json_int_t)f->lodging_short, "testing_cadence_days",
        number_or_null(f->cadence_days), "tests_per_day", (json_int_t)f->tests_per_day,
        "protective_stock_days", number_or_null(f->stock_days), "protective_stock_days_required",
        f->stock_days_required, "isolation_rooms", number_or_null(f->isolation_rooms),
        "isolation_rooms_required", f->isolation_rooms_required);
    return json_pack("{s:b,s:o,s:I,s:o}", "complete", fg_plan_complete(rep), "items", items,
                     "dropped", (json_int_t)rep->dropped, "figures", fig);
}

static json_t *minimum_json(fg_risk_level l)
{
    const fg_plan_minimum *m = fg_plan_minimums(l);
    json_t *areas = json_array();
    for (int u = 0; u < FG_AREA_USE_COUNT; u++)
        if (m->areas & (1u << u))
            json_array_append_new(areas, json_string(fg_plan_area_use_name((fg_plan_area_use)u)));
    return json_pack("{s:s,s:i,s:o,s:b,s:b,s:o,s:i,s:i,s:i}", "level", fg_risk_name(l), "team",
                     m->team, "areas", areas, "closed_loop", m->closed_loop, "commuting",
                     m->commuting, "testing_cadence_max_days",
                     m->cadence_max_days ? json_integer(m->cadence_max_days) : json_null(),
                     "protective_stock_days", m->stock_days, "isolation_rooms", m->isolation_rooms,
                     "steps_on_case", m->steps);
}

/* The actions this account may take on the plan now. */
static json_t *allowed_json(fg_req *r, const fg_enterprise *e, const fg_plan_row *p)
{
    json_t *a = json_array();
    fg_target t = {e->region, e->uscc};
    bool write = fg_access_check(&r->principal, FG_ACT_PLAN_WRITE, &t, NULL) == 0;
    bool review = fg_access_check(&r->principal, FG_ACT_PLAN_REVIEW, &t, NULL) == 0;
    for (int k = 0; k < FG_PLAN_ACTION_COUNT; k++) {
        fg_plan_state to;
        bool mine = k == FG_PLAN_SAVE || k == FG_PLAN_FILE ? write : review;
        if (mine && fg_plan_step(p != NULL, p ? p->state : FG_PLAN_DRAFT, (fg_plan_action)k, &to,
                                 NULL) == 0)
            json_array_append_new(a, json_string(fg_plan_action_name((fg_plan_action)k)));
    }
    return a;
}

/* The plan as the API shows it, with its check against the current
 * context; `p` read with its body. */
static json_t *plan_json(fg_req *r, const fg_enterprise *e, const fg_plan_row *p, int current,
                         fg_err *err)
{
    fg_plan_context ctx;
    if (fg_app_plan_context(r->db, e, p->level, &ctx, err))
        return NULL;
    fg_plan_report *rep = fg_arena_alloc(&r->arena, sizeof(*rep));
    if (!rep) {
        fg_app_plan_context_release(&ctx);
        fg_err_set(err, FG_ENOMEM, "out of memory");
        return NULL;
    }
    fg_plan_check(p->body, &ctx, rep);
    fg_app_plan_context_release(&ctx);
    bool superseded = p->guidance_version < current ||
                      (p->approved_version > 0 && p->approved_guidance < current);
    return json_pack(
        "{s:s,s:s,s:s,s:o,s:s,s:s,s:i,s:i,s:i,s:i,s:i,s:b,s:b,s:o,s:b,s:o,s:s,s:O,s:o,s:o,s:s,"
        "s:O,s:o,s:o}",
        "id", p->id, "enterprise", p->enterprise, "enterprise_name", e->name, "region",
        region_json(e->region), "level", fg_risk_name(p->level), "state",
        fg_plan_state_name(p->state), "version", p->version, "guidance_version",
        p->guidance_version, "approved_version", p->approved_version, "approved_guidance_version",
        p->approved_guidance, "current_guidance_version", current, "superseded", superseded,
        "complete", p->complete, "filed_at", time_json(p->filed_at), "overdue", p->overdue_at > 0,
        "decided_at", time_json(p->decided_at), "decided_by", p->decided_by, "reasons", p->reasons,
        "created_at", time_json(p->created_at), "updated_at", time_json(p->updated_at),
        "updated_by", p->updated_by, "body", p->body ? p->body : json_object(), "check",
        check_json(rep), "actions_allowed", allowed_json(r, e, p));
}

static int level_param(fg_req *r, fg_risk_level *out)
{
    const char *s = fg_req_param(r, "level");
    fg_err err;
    fg_err_init(&err);
    if (fg_risk_parse(s ? s : "", out, &err))
        return fg_reply_problem(r, 404, "level", "plan.level",
                                "a plan's level is low, medium or high");
    return 0;
}

/* The enterprise of the path (after `act`) and the level. */
static int load(fg_req *r, fg_action act, fg_enterprise *e, fg_risk_level *level)
{
    if (fg_req_enterprise(r, act, e, NULL))
        return fg_req_refusal(r);
    return level_param(r, level);
}

static int reply_plan(fg_req *r, int status, const fg_enterprise *e, fg_risk_level level)
{
    fg_err err;
    fg_err_init(&err);
    fg_plan_row p;
    int current;
    if (fg_store_guidance_version(r->db, &current, &err) ||
        fg_store_plan_get(r->db, e->uscc, level, true, &p, &err))
        return fg_reply_err(r, &err);
    json_t *j = plan_json(r, e, &p, current, &err);
    fg_plan_row_release(&p);
    return j ? fg_reply_json(r, status, j) : fg_reply_err(r, &err);
}

/* A refusal that carries a check's items (plan.incomplete). */
static int reply_refusal(fg_req *r, const fg_err *err, const fg_plan_report *rep)
{
    if (err->key && strcmp(err->key, "plan.incomplete") == 0) {
        json_t *c = check_json(rep);
        json_t *extra = json_pack("{s:O,s:O}", "items", json_object_get(c, "items"), "figures",
                                  json_object_get(c, "figures"));
        json_decref(c);
        return fg_reply_err_with(r, err, extra);
    }
    return fg_reply_err(r, err);
}

static int fg_h_plans_of(fg_req *r)
{
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_PLAN_READ, &e, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    int32_t on = fg_clock_date(r->now_ms);
    fg_app_plan_force f;
    if (fg_app_plan_in_force(r->app, r->db, &e, on, &f, &err))
        return fg_reply_err(r, &err);
    json_t *plans = json_array();
    json_t *out = json_pack(
        "{s:s,s:s,s:o,s:i,s:{s:s,s:o,s:b,s:o,s:i,s:b},s:o,s:o}", "enterprise", e.uscc,
        "enterprise_name", e.name, "region", region_json(e.region), "guidance_version",
        f.guidance_version, "in_force", "level", fg_risk_name(f.level), "level_since",
        day_json(f.level_since), "approved", f.approved, "state",
        f.state >= 0 ? json_string(fg_plan_state_name((fg_plan_state)f.state)) : json_null(),
        "approved_version", f.approved_version, "superseded", f.superseded, "plans", plans,
        "minimums", json_array());
    for (int l = FG_RISK_LOW; l <= FG_RISK_HIGH; l++) {
        json_array_append_new(json_object_get(out, "minimums"), minimum_json((fg_risk_level)l));
        fg_plan_row p;
        int rc = fg_store_plan_get(r->db, e.uscc, (fg_risk_level)l, true, &p, &err);
        if (rc == FG_ENOTFOUND) {
            json_array_append_new(plans, json_pack("{s:s,s:n,s:o}", "level",
                                                   fg_risk_name((fg_risk_level)l), "plan",
                                                   "actions_allowed", allowed_json(r, &e, NULL)));
            continue;
        }
        if (rc) {
            json_decref(out);
            return fg_reply_err(r, &err);
        }
        json_t *j = plan_json(r, &e, &p, f.guidance_version, &err);
        fg_plan_row_release(&p);
        if (!j) {
            json_decref(out);
            return fg_reply_err(r, &err);
        }
        json_t *allowed = json_object_get(j, "actions_allowed");
        json_array_append_new(plans,
                              json_pack("{s:s,s:o,s:O}", "level", fg_risk_name((fg_risk_level)l),
                                        "plan", j, "actions_allowed", allowed));
    }
    return fg_reply_json(r, 200, out);
}

static int fg_h_plan_get(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_READ, &e, &level))
        return fg_req_refusal(r);
    return reply_plan(r, 200, &e, level);
}

static int fg_h_plan_save(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_WRITE, &e, &level))
        return fg_req_refusal(r);
    json_t *req = fg_req_body(r);
    if (!req)
        return fg_req_refusal(r);
    json_t *body = json_object_get(req, "body");
    json_t *v = json_object_get(req, "version");
    if (!json_is_object(body))
        return fg_reply_problem(r, 422, "body", "plan.body",
                                "the plan is an object with its six parts");
    if (v && !json_is_integer(v))
        return fg_reply_problem(r, 422, "version", "plan.version",
                                "version is the number of the version you edited (0 for a new "
                                "plan)");
    fg_plan_report *rep = fg_arena_alloc(&r->arena, sizeof(*rep));
    if (!rep)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    int expected = -1;
    if (v && fg_json_int32(r, req, "version", false, -1, INT_MAX, &expected))
        return fg_req_refusal(r);
    if (fg_app_plan_save(r->app, r->db, &r->who, &e, level, body, expected, r->now_ms, rep, &err))
        return fg_reply_err(r, &err);
    return reply_plan(r, expected == 0 ? 201 : 200, &e, level);
}

static int fg_h_plan_check(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_WRITE, &e, &level))
        return fg_req_refusal(r);
    json_t *req = fg_req_body(r);
    if (!req)
        return fg_req_refusal(r);
    fg_plan_report *rep = fg_arena_alloc(&r->arena, sizeof(*rep));
    if (!rep)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    if (fg_app_plan_check(r->app, r->db, &r->who, &e, level, json_object_get(req, "body"), rep,
                          &err))
        return fg_reply_err(r, &err);
    json_t *out = check_json(rep);
    json_object_set_new(out, "level", json_string(fg_risk_name(level)));
    json_object_set_new(out, "minimum", minimum_json(level));
    return fg_reply_json(r, 200, out);
}

static int version_field(fg_req *r, json_t *req, int *out)
{
    json_t *v = json_object_get(req, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000)
        return fg_reply_problem(r, 422, "version", "plan.version",
                                "version is the number of the version you edited (0 for a new "
                                "plan)");
    *out = (int)json_integer_value(v);
    return 0;
}

static int fg_h_plan_file(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_WRITE, &e, &level))
        return fg_req_refusal(r);
    json_t *req = fg_req_body(r);
    int version = 0;
    if (!req || version_field(r, req, &version))
        return fg_req_refusal(r);
    fg_plan_report *rep = fg_arena_alloc(&r->arena, sizeof(*rep));
    if (!rep)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    if (fg_app_plan_file(r->app, r->db, &r->who, &e, level, version, r->now_ms, rep, &err))
        return reply_refusal(r, &err, rep);
    return reply_plan(r, 200, &e, level);
}

static int fg_h_plan_decide(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_REVIEW, &e, &level))
        return fg_req_refusal(r);
    json_t *req = fg_req_body(r);
    int version = 0;
    const char *decision;
    if (!req || fg_json_text(r, req, "decision", true, 1, 20, &decision) ||
        version_field(r, req, &version))
        return fg_req_refusal(r);
    bool approve = strcmp(decision, "approve") == 0;
    if (!approve && strcmp(decision, "return") != 0)
        return fg_reply_problem(r, 422, "decision", "plan.decision",
                                "decision is approve or return");
    fg_plan_report *rep = fg_arena_alloc(&r->arena, sizeof(*rep));
    if (!rep)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    if (fg_app_plan_decide(r->app, r->db, &r->who, &e, level, approve, version,
                           json_object_get(req, "reasons"), r->now_ms, rep, &err))
        return reply_refusal(r, &err, rep);
    return reply_plan(r, 200, &e, level);
}

static int version_row(const fg_plan_version *v, void *ctx)
{
    json_t *j = json_pack("{s:i,s:i,s:b,s:s,s:o}", "version", v->version, "guidance_version",
                          v->guidance_version, "complete", v->complete, "saved_by", v->saved_by,
                          "saved_at", time_json(v->saved_at));
    return j && json_array_append_new(ctx, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_plan_versions(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_READ, &e, &level))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_plan_row p;
    if (fg_store_plan_get(r->db, e.uscc, level, false, &p, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    int rc = fg_store_plan_versions(r->db, p.id, version_row, items, &err);
    json_t *out = json_pack("{s:s,s:i,s:i,s:o}", "level", fg_risk_name(level), "version", p.version,
                            "approved_version", p.approved_version, "items", items);
    fg_plan_row_release(&p);
    if (rc) {
        json_decref(out);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200, out);
}

static int fg_h_plan_version(fg_req *r)
{
    fg_enterprise e;
    fg_risk_level level;
    if (load(r, FG_ACT_PLAN_READ, &e, &level))
        return fg_req_refusal(r);
    long n;
    int rc = fg_req_int(r, "version", 1, 1000000, 0, &n);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    fg_plan_row p;
    if (fg_store_plan_get(r->db, e.uscc, level, false, &p, &err))
        return fg_reply_err(r, &err);
    json_t *body;
    fg_plan_version v;
    rc = fg_store_plan_version_get(r->db, p.id, (int)n, &body, &v, &err);
    bool approved = p.approved_version == (int)n;
    fg_plan_row_release(&p);
    if (rc)
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:s,s:i,s:i,s:b,s:b,s:s,s:o,s:o}", "enterprise",
                                   e.uscc, "enterprise_name", e.name, "level", fg_risk_name(level),
                                   "version", v.version, "guidance_version", v.guidance_version,
                                   "complete", v.complete, "approved", approved, "saved_by",
                                   v.saved_by, "saved_at", time_json(v.saved_at), "body", body));
}

/* The region of ?region=, or the account's own; refuses enterprise-like accounts. */
static int region_of(fg_req *r, fg_action act, int32_t *out)
{
    const char *s = fg_req_param(r, "region");
    *out = r->principal.region;
    if (s && *s) {
        fg_err err;
        fg_err_init(&err);
        if (fg_region_parse(s, "region", out, &err))
            return fg_reply_err_as(r, 400, &err);
    }
    if (!fg_role_has_region(r->principal.role))
        return fg_reply_problem(r, 403, "region", "plan.lacking_region",
                                "the list of enterprises lacking a plan is for a region's "
                                "officials");
    return fg_req_allow(r, act, *out, NULL);
}

typedef struct queue_ctx {
    fg_req *r;
    json_t *items;
    int current;
} queue_ctx;

static int queue_row(const fg_plan_row *p, void *vctx)
{
    queue_ctx *x = vctx;
    json_t *j =
        json_pack("{s:s,s:s,s:o,s:s,s:s,s:i,s:o,s:b,s:I,s:b,s:b}", "enterprise", p->enterprise,
                  "enterprise_name", p->enterprise_name, "region", region_json(p->region), "level",
                  fg_risk_name(p->level), "state", fg_plan_state_name(p->state), "version",
                  p->version, "filed_at", time_json(p->filed_at), "overdue", p->overdue_at > 0,
                  "waiting_hours", (json_int_t)((x->r->now_ms - p->filed_at) / 3600000), "complete",
                  p->complete, "superseded", p->guidance_version < x->current);
    return j && json_array_append_new(x->items, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_plan_queue(fg_req *r)
{
    int32_t region;
    int rc = region_of(r, FG_ACT_PLAN_REVIEW, &region);
    if (rc)
        return rc;
    long limit, offset;
    if ((rc = fg_req_int(r, "limit", 1, 500, 50, &limit)) ||
        (rc = fg_req_int(r, "offset", 0, 1000000, 0, &offset)))
        return rc;
    fg_err err;
    fg_err_init(&err);
    queue_ctx x = {r, json_array(), 0};
    long total;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    if (fg_store_guidance_version(r->db, &x.current, &err) ||
        fg_store_plan_queue(r->db, lo, hi, (int)limit, (int)offset, queue_row, &x, &total, &err)) {
        json_decref(x.items);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:o,s:I,s:I,s:f}", "region", region_json(region), "items",
                                   x.items, "total", (json_int_t)total, "limit", (json_int_t)limit,
                                   "review_hours", (double)r->app->plan_review_ms / 3600000.0));
}

typedef struct lacking_ctx {
    json_t *items;
    long total, limit, offset;
    long by_level[3];
} lacking_ctx;

static int lacking_row(const fg_plan_holdings *h, fg_risk_level level, void *vctx)
{
    lacking_ctx *x = vctx;
    x->by_level[level]++;
    if (x->total++ < x->offset || (long)json_array_size(x->items) >= x->limit)
        return 0;
    int st = h->state[level];
    json_t *j =
        json_pack("{s:s,s:s,s:o,s:s,s:o}", "uscc", h->uscc, "name", h->name, "region",
                  region_json(h->region), "level", fg_risk_name(level), "state",
                  st >= 0 ? json_string(fg_plan_state_name((fg_plan_state)st)) : json_null());
    return j && json_array_append_new(x->items, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_plan_lacking(fg_req *r)
{
    int32_t region;
    int rc = region_of(r, FG_ACT_PLAN_READ, &region);
    if (rc)
        return rc;
    lacking_ctx x = {json_array(), 0, 50, 0, {0}};
    if ((rc = fg_req_int(r, "limit", 1, 500, 50, &x.limit)) ||
        (rc = fg_req_int(r, "offset", 0, 1000000, 0, &x.offset))) {
        json_decref(x.items);
        return rc;
    }
    fg_err err;
    fg_err_init(&err);
    if (fg_app_plan_lacking(r->app, r->db, &r->who, region, fg_clock_date(r->now_ms), lacking_row,
                            &x, &err)) {
        json_decref(x.items);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:o,s:I,s:{s:I,s:I,s:I}}", "region", region_json(region),
                                   "items", x.items, "total", (json_int_t)x.total, "by_level",
                                   "low", (json_int_t)x.by_level[0], "medium",
                                   (json_int_t)x.by_level[1], "high", (json_int_t)x.by_level[2]));
}

const fg_api_route fg_api_plans_routes[] = {
    {"GET", "/api/v1/plans/queue", fg_h_plan_queue, FG_ACT_PLAN_REVIEW, 0},
    {"GET", "/api/v1/plans/lacking", fg_h_plan_lacking, FG_ACT_PLAN_READ, 0},
    {"GET", "/api/v1/enterprises/:uscc/plans", fg_h_plans_of, FG_ACT_PLAN_READ, 0},
    {"GET", "/api/v1/enterprises/:uscc/plans/:level", fg_h_plan_get, FG_ACT_PLAN_READ, 0},
    {"PUT", "/api/v1/enterprises/:uscc/plans/:level", fg_h_plan_save, FG_ACT_PLAN_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/enterprises/:uscc/plans/:level/check", fg_h_plan_check, FG_ACT_PLAN_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/enterprises/:uscc/plans/:level/file", fg_h_plan_file, FG_ACT_PLAN_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/enterprises/:uscc/plans/:level/decision", fg_h_plan_decide,
     FG_ACT_PLAN_REVIEW, FG_API_MAX_BODY},
    {"GET", "/api/v1/enterprises/:uscc/plans/:level/versions", fg_h_plan_versions, FG_ACT_PLAN_READ,
     0},
    {"GET", "/api/v1/enterprises/:uscc/plans/:level/versions/:version", fg_h_plan_version,
     FG_ACT_PLAN_READ, 0},
};
const size_t fg_api_plans_nroutes = sizeof(fg_api_plans_routes) / sizeof(fg_api_plans_routes[0]);
