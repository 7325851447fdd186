/* /api/v1/problems: problems (诉求). An enterprise raises one about itself, a
 * transport operator one about a blocked truck; the departments of the
 * county take, answer, pause and resume them; the raiser confirms, closes,
 * reopens and rates; the ledger lists what is the account's to act on,
 * overdue first, with the clocks; rates and repeated problems by region. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "api.h"

#define DAY_MS (24LL * 3600 * 1000)

static void problem_release(void *p)
{
    fg_problem_row_release(p);
    free(p);
}

static void free_release(void *p)
{
    free(p);
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

static json_t *departments_json(unsigned set)
{
    json_t *a = json_array();
    for (int i = 0; i < FG_ROLE_COUNT; i++)
        if (set & (1u << i))
            json_array_append_new(a, json_string(fg_role_name((fg_role)i)));
    return a;
}

static const char *clock_name(fg_clock c)
{
    return c == FG_CLOCK_FIRST_ANSWER ? "first_response"
           : c == FG_CLOCK_CLOSURE    ? "resolution"
                                      : NULL;
}

/* A problem as the API shows it: its clocks at the request's time, whether
 * it is the account's to act on, and the actions it may take. */
static json_t *problem_json(fg_req *r, const fg_problem_clocks *c, const fg_problem_row *p)
{
    fg_deadline_status s;
    fg_app_problem_status(c, p, r->now_ms, &s);
    json_t *allowed = json_array();
    for (int a = 0; a < FG_PROBLEM_ACTION_COUNT; a++)
        if (fg_app_problem_may(&r->who, p, (fg_problem_action)a))
            json_array_append_new(allowed, json_string(fg_problem_action_name(a)));
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s?}", "id", p->id, "kind",
        p->kind, "source", fg_problem_source_name(p->source), "county", region_json(p->county),
        "place", p->place, "enterprise", p->enterprise, "enterprise_name", p->enterprise_name,
        "pass_number", p->pass_number, "plate", p->plate, "what", p->what, "raised_by",
        p->raised_by, "raised_at", time_json(p->raised_at), "state",
        fg_problem_state_name(p->state), "departments", departments_json(p->departments), "lead",
        p->lead >= 0 ? fg_role_name((fg_role)p->lead) : NULL);
    json_t *k = json_pack(
        "{s:s,s:s,s:b,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:s?,s:o,s:b,s:b,s:o,s:i,s:o,s:o,s:i,s:s,s:i,"
        "s:i,s:b,s:o}",
        "answer", p->answer, "reason", p->reason, "paused", p->paused_at > 0, "pause_reason",
        p->pause_reason, "paused_at", time_json(p->paused_at), "started_at",
        time_json(p->started_at), "responded_at", time_json(p->responded_at), "answered_at",
        time_json(p->answered_at), "closed_at", time_json(p->closed_at), "closed_how",
        p->closed_how, "clock", clock_name(s.clock), "due_at", time_json(s.due_at), "overdue",
        s.overdue, "escalation_due", s.escalation_due, "holder", region_json(s.holder),
        "escalations", p->escalations, "escalate_to",
        s.escalate_to >= 0 ? region_json(s.escalate_to) : json_null(), "next_escalation_at",
        time_json(s.next_escalation_at), "rating", p->rating, "rating_comment", p->rating_comment,
        "reopenings", p->reopenings, "version", p->version, "mine",
        fg_app_problem_mine(&r->who, c, p, r->now_ms), "actions_allowed", allowed);
    json_object_update(j, k);
    json_decref(k);
    return j;
}

static json_t *detail_json(fg_req *r, const fg_problem_clocks *c, const fg_problem_row *p)
{
    json_t *j = problem_json(r, c, p);
    json_t *pauses = json_array();
    for (size_t i = 0; i < p->n_pauses; i++)
        json_array_append_new(pauses, json_pack("{s:o,s:o}", "from", time_json(p->pauses[i].from),
                                                "to", time_json(p->pauses[i].to)));
    json_t *tl = json_array();
    for (size_t i = 0; i < p->n_events; i++) {
        const fg_problem_event *e = &p->events[i];
        json_array_append_new(tl,
                              json_pack("{s:o,s:s,s:s,s:s,s:s,s:s}", "at", time_json(e->at),
                                        "actor", e->actor, "action", e->action, "state", e->state,
                                        "department", e->department, "text", e->text));
    }
    json_object_set_new(j, "pauses", pauses);
    json_object_set_new(j, "timeline", tl);
    /* The departments a problem may be given to (core/problem.h). */
    json_t *deps = json_array();
    for (int i = 0; i < FG_ROLE_COUNT; i++)
        if (fg_problem_check_department((fg_role)i, NULL) == 0)
            json_array_append_new(deps, json_string(fg_role_name((fg_role)i)));
    json_object_set_new(j, "department_choices", deps);
    return j;
}

/* The kinds and calendar for this request (arena-owned). */
static int clocks_load(fg_req *r, fg_problem_clocks **out)
{
    fg_problem_clocks *c = malloc(sizeof(*c));
    if (!c || fg_arena_defer(&r->arena, free_release, c)) {
        free(c);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    fg_err err;
    fg_err_init(&err);
    if (fg_app_problem_clocks_load(r->db, c, &err))
        return fg_reply_err(r, &err);
    *out = c;
    return 0;
}

static int get_row(fg_req *r, const char *id, fg_problem_row **out)
{
    fg_problem_row *p = malloc(sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    if (fg_store_problem_get(r->db, id, p, &err)) {
        free(p);
        return fg_reply_err(r, &err);
    }
    if (fg_arena_defer(&r->arena, problem_release, p)) {
        problem_release(p);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    *out = p;
    return 0;
}

/* Loads the problem in the path and checks that the account sees it. */
static int load(fg_req *r, fg_problem_row **out)
{
    const char *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "problem.bad_id", "no problem with that id");
    int rc = get_row(r, id, out);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_app_problem_visible(&r->who, *out, &err))
        return fg_reply_err(r, &err);
    return 0;
}

/* The account's own target for reading: its region, or its enterprise (an
 * operator without one: the problems it raised, checked per problem). */
static int allow_read(fg_req *r, fg_action act)
{
    const fg_principal *p = &r->principal;
    if (fg_role_has_region(p->role))
        return fg_req_allow(r, act, p->region, NULL);
    if (p->n_enterprises)
        return fg_req_allow(r, act, -1, p->enterprises[0]);
    return fg_req_allow(r, FG_ACT_PROBLEM_RAISE, -1, NULL);
}

static int fg_h_problem_get(fg_req *r)
{
    fg_problem_row *p;
    fg_problem_clocks *c;
    int rc = allow_read(r, FG_ACT_PROBLEM_READ);
    if (rc || (rc = load(r, &p)) || (rc = clocks_load(r, &c)))
        return rc;
    return fg_reply_json(r, 200, detail_json(r, c, p));
}

static int fg_h_problem_raise(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_problem_new in = {0};
    in.county = -1;
    const char *county = NULL;
    if (fg_json_text(r, body, "kind", true, 1, FG_PROBLEM_KIND_MAX - 1, &in.kind) ||
        fg_json_text(r, body, "enterprise", false, 18, 18, &in.enterprise) ||
        fg_json_text(r, body, "county", false, 6, 6, &county) ||
        fg_json_text(r, body, "place", false, 0, FG_PROBLEM_TEXT_MAX, &in.place) ||
        fg_json_text(r, body, "pass_number", false, 0, 12, &in.pass_number) ||
        fg_json_text(r, body, "plate", false, 0, 12, &in.plate) ||
        fg_json_text(r, body, "what", true, 4, FG_PROBLEM_TEXT_MAX, &in.what))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (county && fg_region_parse(county, "county", &in.county, &err))
        return fg_reply_err_as(r, 422, &err);
    char id[37];
    if (fg_app_problem_raise(r->app, r->db, &r->who, &in, r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    fg_problem_row *p;
    fg_problem_clocks *c;
    int rc = get_row(r, id, &p);
    if (rc || (rc = clocks_load(r, &c)))
        return rc;
    return fg_reply_json(r, 201, detail_json(r, c, p));
}

static int fg_h_problem_act(fg_req *r)
{
    fg_problem_row *p;
    int rc = load(r, &p);
    if (rc)
        return rc;
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *name, *dep = NULL, *text = NULL;
    if (fg_json_text(r, body, "action", true, 1, 20, &name) ||
        fg_json_text(r, body, "department", false, 1, 40, &dep) ||
        fg_json_text(r, body, "text", false, 1, FG_PROBLEM_TEXT_MAX, &text))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_problem_act a = {FG_PROBLEM_TAKE, -1, text, 0};
    if (fg_problem_action_parse(name, &a.action, &err))
        return fg_reply_err_as(r, 422, &err);
    if (a.action == FG_PROBLEM_ASSIGN || a.action == FG_PROBLEM_ADD_DEPT) {
        fg_role role;
        if (!dep)
            return fg_reply_problem(r, 422, "department", "problem.department_needed",
                                    "name the department");
        if (fg_role_parse(dep, &role, &err))
            return fg_reply_err_as(r, 422, &err);
        a.department = (int)role;
    }
    if (a.action == FG_PROBLEM_RATE) {
        json_t *v = json_object_get(body, "rating");
        if (!json_is_integer(v))
            return fg_reply_problem(r, 422, "rating", "problem.rating_shape",
                                    "a rating is a whole number from 1 to 5");
        json_int_t x = json_integer_value(v);
        a.rating = x >= 0 && x <= 100 ? (int)x : 0;
    }
    if (fg_app_problem_act(r->app, r->db, &r->who, p, &a, r->now_ms, &err))
        return fg_reply_err(r, &err);
    fg_problem_row *after;
    fg_problem_clocks *c;
    if ((rc = get_row(r, p->id, &after)) || (rc = clocks_load(r, &c)))
        return rc;
    return fg_reply_json(r, 200, detail_json(r, c, after));
}

typedef struct list_ctx {
    fg_req *r;
    const fg_problem_clocks *c;
    json_t *items;
    bool mine;
    int offset, limit; /* the page of items; the counts cover every row */
    int counts[FG_PROBLEM_STATE_COUNT];
    int overdue, paused, total;
} list_ctx;

static int list_row(const fg_problem_row *p, void *vctx)
{
    list_ctx *x = vctx;
    if (x->mine && !fg_app_problem_mine(&x->r->who, x->c, p, x->r->now_ms))
        return 0;
    fg_deadline_status s;
    fg_app_problem_status(x->c, p, x->r->now_ms, &s);
    x->counts[p->state]++;
    if (s.overdue)
        x->overdue++;
    if (p->paused_at)
        x->paused++;
    if (x->total++ < x->offset || (int)json_array_size(x->items) >= x->limit)
        return 0;
    json_t *j = problem_json(x->r, x->c, p);
    return j && json_array_append_new(x->items, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_problem_list(fg_req *r)
{
    int rc = allow_read(r, FG_ACT_PROBLEM_READ);
    fg_problem_clocks *c;
    if (rc || (rc = clocks_load(r, &c)))
        return rc;
    const char *state = fg_req_param(r, "state");
    const char *mine = fg_req_param(r, "mine");
    /* Every selected row is counted; a page of them is sent. */
    fg_problem_filter f = {.state = -1, .limit = 0};
    fg_err err;
    fg_err_init(&err);
    long limit, offset;
    if (fg_req_int(r, "limit", 1, 500, 50, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return FG_EINVAL;
    if (state && *state && strcmp(state, "open") == 0) {
        f.open_only = true;
    } else if (state && *state) {
        fg_problem_state s;
        if (fg_problem_state_parse(state, &s, &err))
            return fg_reply_err_as(r, 400, &err);
        f.state = (int)s;
    }
    fg_app_problem_filter(&r->who, &f);
    list_ctx x = {
        r, c, json_array(), mine && strcmp(mine, "1") == 0, (int)offset, (int)limit, {0}, 0, 0, 0};
    if (fg_store_problem_list(r->db, &f, r->now_ms, list_row, &x, &err)) {
        json_decref(x.items);
        return fg_reply_err(r, &err);
    }
    json_t *counts = json_object();
    for (int i = 0; i < FG_PROBLEM_STATE_COUNT; i++)
        json_object_set_new(counts, fg_problem_state_name(i), json_integer(x.counts[i]));
    json_object_set_new(counts, "overdue", json_integer(x.overdue));
    json_object_set_new(counts, "paused", json_integer(x.paused));
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:i,s:i,s:i,s:o}", "items", x.items, "total", x.total,
                                   "limit", (int)limit, "offset", (int)offset, "counts", counts));
}

static int kind_json(const fg_problem_kind_row *k, void *ctx)
{
    json_t *a = ctx;
    json_t *j =
        json_pack("{s:s,s:I,s:I,s:I,s:b,s:s,s:b,s:b}", "name", k->name, "first_response_ms",
                  (json_int_t)k->first_response_ms, "resolution_ms", (json_int_t)k->resolution_ms,
                  "escalate_every_ms", (json_int_t)k->escalate_every_ms, "working_days",
                  k->working_days, "owner", k->owner >= 0 ? fg_role_name((fg_role)k->owner) : "",
                  "truck", k->truck, "by_alert", k->by_alert);
    return j && json_array_append_new(a, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_problem_kinds(fg_req *r)
{
    int rc = allow_read(r, FG_ACT_PROBLEM_READ);
    if (rc)
        return rc;
    json_t *a = json_array();
    fg_err err;
    fg_err_init(&err);
    if (fg_store_problem_kinds(r->db, kind_json, a, &err)) {
        json_decref(a);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200, json_pack("{s:o}", "kinds", a));
}

/* ?region= (default: the account's) and ?days= (default 30). */
static int region_window(fg_req *r, int32_t *region, long *days)
{
    const char *s = fg_req_param(r, "region");
    *region = r->principal.region;
    if (s && *s) {
        fg_err err;
        fg_err_init(&err);
        if (fg_region_parse(s, "region", region, &err))
            return fg_reply_err_as(r, 400, &err);
    }
    int rc = fg_req_int(r, "days", 1, 366, 30, days);
    if (rc)
        return rc;
    return fg_req_allow(r, FG_ACT_PROBLEM_RATES, *region, NULL);
}

static json_t *rate_json(const fg_problem_rate *x)
{
    json_t *j = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "total", x->total, "response_due",
                          x->response_due, "response_ontime", x->response_ontime, "resolve_due",
                          x->resolve_due, "resolve_ontime", x->resolve_ontime, "rated", x->rated,
                          "rating_sum", x->rating_sum, "rated_good", x->rated_good);
    json_object_set_new(j, "response_rate",
                        x->response_due ? json_real((double)x->response_ontime / x->response_due)
                                        : json_null());
    json_object_set_new(j, "resolve_rate",
                        x->resolve_due ? json_real((double)x->resolve_ontime / x->resolve_due)
                                       : json_null());
    json_object_set_new(j, "satisfaction_mean",
                        x->rated ? json_real((double)x->rating_sum / x->rated) : json_null());
    json_object_set_new(j, "satisfaction_good_share",
                        x->rated ? json_real((double)x->rated_good / x->rated) : json_null());
    return j;
}

typedef struct rates_ctx {
    json_t *rows;
    bool by_department;
    fg_problem_rate total;
} rates_ctx;

static int rate_row(const fg_problem_rate *x, void *vctx)
{
    rates_ctx *c = vctx;
    json_t *j = rate_json(x);
    if (c->by_department)
        json_object_set_new(j, "department", json_string(x->department));
    else
        json_object_set_new(j, "region", region_json(x->region));
    int *t = &c->total.total;
    const int *v = &x->total;
    for (int i = 0; i < 8; i++)
        t[i] += v[i];
    return json_array_append_new(c->rows, j) == 0 ? 0 : FG_ENOMEM;
}

static int fg_h_problem_rates(fg_req *r)
{
    int32_t region;
    long days;
    int rc = region_window(r, &region, &days);
    if (rc)
        return rc;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    fg_region_level lv = fg_region_level_of(region);
    int divisor = lv == FG_LEVEL_NATION ? 10000 : lv == FG_LEVEL_PROVINCE ? 100 : 1;
    int64_t from = r->now_ms - days * DAY_MS;
    json_t *out = json_pack("{s:o,s:I}", "region", region_json(region), "days", (json_int_t)days);
    for (int k = 0; k < 2; k++) {
        rates_ctx c = {json_array(), k == 1, {0}};
        fg_err err;
        fg_err_init(&err);
        if (fg_store_problem_rates(r->db, lo, hi, from, r->now_ms + 1, divisor, k == 1, r->now_ms,
                                   rate_row, &c, &err)) {
            json_decref(c.rows);
            json_decref(out);
            return fg_reply_err(r, &err);
        }
        json_object_set_new(out, k ? "by_department" : "by_region", c.rows);
        if (k == 0)
            json_object_set_new(out, "totals", rate_json(&c.total));
    }
    return fg_reply_json(r, 200, out);
}

static int repeat_row(const fg_problem_repeat *x, void *ctx)
{
    json_t *j =
        json_pack("{s:o,s:o,s:s,s:i,s:o,s:o}", "county", region_json(x->county), "province",
                  region_json(x->county / 10000 * 10000), "kind", x->kind, "count", x->count,
                  "first_at", time_json(x->first_at), "last_at", time_json(x->last_at));
    return j && json_array_append_new(ctx, j) == 0 ? 0 : FG_ENOMEM;
}

/* Counties with at least ?min= (default 3) problems of the same kind in the
 * window: flagged to their province. */
static int fg_h_problem_repeated(fg_req *r)
{
    int32_t region;
    long days, min;
    int rc = region_window(r, &region, &days);
    if (rc || (rc = fg_req_int(r, "min", 2, 1000, 3, &min)))
        return rc;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    json_t *a = json_array();
    fg_err err;
    fg_err_init(&err);
    if (fg_store_problem_repeated(r->db, lo, hi, r->now_ms - days * DAY_MS, (int)min, repeat_row, a,
                                  &err)) {
        json_decref(a);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:I,s:I,s:o}", "region", region_json(region), "days",
                                   (json_int_t)days, "min", (json_int_t)min, "items", a));
}

/* PUT /problems/kinds/:kind/owners/:code {"department": role or ""}: a
 * region's owner of a kind (the nearest region's row wins). */
static int fg_h_problem_owner(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    int32_t region;
    if (fg_region_parse(fg_req_param(r, "code"), "code", &region, &err))
        return fg_reply_err_as(r, 404, &err);
    /* The target first: a region outside is not told its body is wrong. */
    if (fg_app_problem_owner_check(r->db, &r->who, fg_req_param(r, "kind"), region, &err))
        return fg_reply_err(r, &err);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *dep;
    if (fg_json_text(r, body, "department", true, 0, 40, &dep))
        return fg_req_refusal(r);
    fg_role role = FG_ROLE_COUNT;
    if (*dep && fg_role_parse(dep, &role, &err))
        return fg_reply_err_as(r, 422, &err);
    if (fg_app_problem_owner_set(r->app, r->db, &r->who, fg_req_param(r, "kind"), region,
                                 *dep ? (int)role : -1, r->now_ms, &err))
        return fg_reply_err(r, &err);
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:s}", "kind", fg_req_param(r, "kind"), "region", code,
                                   "department", dep));
}

const fg_api_route fg_api_problems_routes[] = {
    {"GET", "/api/v1/problems", fg_h_problem_list, FG_ACT_PROBLEM_READ, 0},
    {"POST", "/api/v1/problems", fg_h_problem_raise, FG_ACT_PROBLEM_RAISE, FG_API_MAX_BODY},
    {"GET", "/api/v1/problems/kinds", fg_h_problem_kinds, FG_ACT_PROBLEM_READ, 0},
    {"GET", "/api/v1/problems/rates", fg_h_problem_rates, FG_ACT_PROBLEM_RATES, 0},
    {"GET", "/api/v1/problems/repeated", fg_h_problem_repeated, FG_ACT_PROBLEM_RATES, 0},
    {"PUT", "/api/v1/problems/kinds/:kind/owners/:code", fg_h_problem_owner, FG_ACT_PROBLEM_HANDLE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/problems/:id", fg_h_problem_get, FG_ACT_PROBLEM_READ, 0},
    {"POST", "/api/v1/problems/:id/actions", fg_h_problem_act, FG_ACT_PROBLEM_READ,
     FG_API_MAX_BODY},
};
const size_t fg_api_problems_nroutes =
    sizeof(fg_api_problems_routes) / sizeof(fg_api_problems_routes[0]);
