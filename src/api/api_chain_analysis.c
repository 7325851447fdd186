/* The supply-chain analyses over HTTP: the impact an order on one enterprise
 * would have downstream (the chain impact report the order page shows its
 * evaluators: what its stop does, its own stop orders left out, so that the
 * report reads the same before and after the order takes effect), and the
 * block points (堵点) inside a jurisdiction, ranked, with
 * their explanations. Both are computed afresh from the stored graph and the
 * stop orders in force, so an order's report is current at every step.
 * Officials only, inside their jurisdiction: the report names enterprises
 * downstream, which an enterprise account may not see. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../core/supply.h"
#include "api.h"
#include "export.h"

#define IMPACT_MAX_HITS 50   /* enterprises named in one scenario answer */
#define BLOCKS_MAX 100       /* block points in one answer */
#define BLOCKS_EXPLAINED 500 /* block points the analysis explains */
#define SOLE_MAX 8           /* inputs named per block point */
#define SCENARIO_MAX 50      /* enterprises one scenario stops */
#define SCENARIO_DAYS 60     /* the longest horizon of a scenario */

static void release_chain(void *p)
{
    fg_app_chain_release(p);
}

/* Loads and analyses the graph into the request's arena; replies on error. */
static int load(fg_req *r, const char *running, fg_app_chain **out)
{
    fg_app_chain *c = fg_arena_alloc(&r->arena, sizeof(*c));
    fg_err err;
    fg_err_init(&err);
    if (!c)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_app_chain_load(r->db, r->now_ms, BLOCKS_EXPLAINED, running, c, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, release_chain, c))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    *out = c;
    return 0;
}

/* An enterprise of the graph by name and county. */
static json_t *node_json(fg_req *r, fg_export_names *names, const fg_app_chain *c, uint32_t v)
{
    fg_enterprise e;
    fg_err err;
    fg_err_init(&err);
    char code[7];
    fg_region_format(c->data.region[v], code);
    const char *county = fg_export_region_name(names, c->data.region[v]);
    json_t *j = json_pack("{s:s,s:s,s:s,s:b,s:b}", "uscc", c->data.uscc[v], "region", code,
                          "region_name", county ? county : "", "whitelist",
                          (c->data.flags[v] & FG_CHAIN_GRAPH_WHITELIST) != 0, "livelihood",
                          (c->data.flags[v] & FG_CHAIN_GRAPH_LIVELIHOOD) != 0);
    if (fg_store_enterprise_get(r->db, c->data.uscc[v], 0, &e, NULL, &err) == 0)
        json_object_set_new(j, "name", json_string(e.name));
    return j;
}

static int fg_h_enterprise_impact(fg_req *r)
{
    const char *uscc = fg_req_param(r, "uscc");
    fg_enterprise e;
    fg_enterprise_meta m;
    fg_err err;
    fg_err_init(&err);
    if (!fg_role_has_region(r->account.role))
        return fg_reply_problem(r, 403, NULL, "chain.impact_officials",
                                "the impact report is for officials: it names enterprises "
                                "downstream");
    if (fg_req_enterprise_at(r, uscc, FG_ACT_CHAIN_READ, &e, &m))
        return fg_req_refusal(r);
    fg_app_chain *c;
    if (load(r, e.uscc, &c))
        return fg_req_refusal(r);
    /* The same report an order stores as its machine assessment (app/critical.c). */
    fg_app_assessment as;
    if (fg_app_assess(r->db, c, &e, m.whitelist, r->now_ms, &as, &err))
        return fg_reply_err(r, &err);
    json_t *out = as.report;
    as.report = NULL;
    return fg_reply_json(r, 200, out);
}

static int fg_h_block_points(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return fg_reply_problem(r, 403, NULL, "chain.impact_officials",
                                "block points are for officials: they name enterprises "
                                "downstream");
    int32_t region = r->account.region;
    const char *s = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, FG_ACT_CHAIN_READ, region, NULL))
        return fg_req_refusal(r);
    long limit;
    if (fg_req_int(r, "limit", 1, BLOCKS_MAX, 20, &limit))
        return FG_EINVAL;
    fg_app_chain *c;
    if (load(r, NULL, &c))
        return fg_req_refusal(r);
    fg_export_names *names = fg_export_names_new(r);
    if (!names)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    json_t *items = json_array();
    size_t total = 0;
    for (size_t i = 0; i < c->a.nblocks; i++) {
        const fg_chain_block *b = &c->a.blocks[i];
        if (!fg_region_contains(region, c->data.region[b->node]))
            continue;
        total++;
        if (json_array_size(items) >= (size_t)limit)
            continue;
        json_t *j = node_json(r, names, c, b->node);
        uint32_t sole[SOLE_MAX];
        size_t ns = fg_chain_sole_inputs(&c->g, b->node, sole, SOLE_MAX);
        json_t *inputs = json_array();
        for (size_t k = 0; k < ns && k < SOLE_MAX; k++)
            json_array_append_new(inputs, json_string(fg_input_name((fg_input)sole[k])));
        json_object_set_new(j, "stopped", json_boolean(b->stall == 0));
        json_object_set_new(j, "stall_day", json_integer(b->stall));
        json_object_set_new(j, "held",
                            json_pack("{s:I,s:I,s:I,s:I,s:I}", "enterprises", (json_int_t)b->held,
                                      "whitelist", (json_int_t)b->held_whitelist, "livelihood",
                                      (json_int_t)b->held_livelihood, "provinces",
                                      (json_int_t)b->held_provinces, "capacity",
                                      (json_int_t)b->held_capacity));
        json_object_set_new(j, "score", json_integer(b->score));
        json_object_set_new(j, "sole_inputs", inputs);
        json_object_set_new(j, "sole_whitelist_customers",
                            json_integer(b->sole_whitelist_customers));
        json_object_set_new(j, "sole_provinces", json_integer(b->sole_provinces));
        json_object_set_new(j, "dominated", json_integer(b->dominated));
        json_object_set_new(j, "dominated_whitelist", json_integer(b->dominated_whitelist));
        json_array_append_new(items, j);
    }
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(
        r, 200,
        json_pack("{s:s,s:I,s:o}", "region", code, "total", (json_int_t)total, "items", items));
}

typedef struct scenario_hit {
    uint32_t node;
    int32_t day;
    bool whitelist;
} scenario_hit;

static int hit_order(const void *a, const void *b)
{
    const scenario_hit *x = a, *y = b;
    if (x->whitelist != y->whitelist)
        return x->whitelist ? -1 : 1;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* A scenario: "if these enterprises stop for N days" — the enterprises that
 * would stall within the N days and do not stall by then today, from the same
 * time-to-survive analysis with the scenario's stops added. The enterprises
 * stopped must be inside the account's jurisdiction. */
static int fg_h_chain_scenario(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return fg_reply_problem(r, 403, NULL, "chain.impact_officials",
                                "scenarios are for officials: they name enterprises downstream");
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    json_t *stop = json_object_get(body, "stop"), *days_v = json_object_get(body, "days");
    if (!json_is_array(stop) || json_array_size(stop) < 1 || json_array_size(stop) > SCENARIO_MAX)
        return fg_reply_problem(r, 422, "stop", "chain.scenario_stop",
                                "stop is a list of 1 to {max:%d} USCCs", SCENARIO_MAX);
    if (!json_is_integer(days_v) || json_integer_value(days_v) < 1 ||
        json_integer_value(days_v) > SCENARIO_DAYS)
        return fg_reply_problem(r, 422, "days", "chain.scenario_days",
                                "days must be a whole number from 1 to {max:%d}", SCENARIO_DAYS);
    int32_t days = (int32_t)json_integer_value(days_v);
    fg_app_chain *c;
    if (load(r, NULL, &c))
        return fg_req_refusal(r);
    uint32_t extra[SCENARIO_MAX];
    size_t nextra = 0;
    size_t i;
    json_t *v;
    json_array_foreach(stop, i, v)
    {
        const char *uscc = json_string_value(v);
        long k = uscc ? fg_app_chain_find(c, uscc) : -1;
        if (k < 0)
            return fg_reply_problem(r, 422, "stop", "chain.scenario_unknown",
                                    "item {index:%zu} of stop is no enterprise registered here",
                                    i + 1);
        if (fg_req_allow(r, FG_ACT_CHAIN_READ, c->data.region[k], NULL))
            return fg_req_refusal(r);
        extra[nextra++] = (uint32_t)k;
    }
    int32_t *stall = NULL;
    uint32_t *cause = NULL, *cause_grp = NULL;
    fg_err err;
    fg_err_init(&err);
    if (fg_chain_survive(&c->g, extra, nextra, &stall, &cause, &cause_grp, &err))
        return fg_reply_err(r, &err);
    free(cause);
    free(cause_grp);
    /* The enterprises newly stalled within the horizon: white-list members
     * first, then by day. */
    scenario_hit *found = malloc((c->g.n ? c->g.n : 1) * sizeof(*found));
    if (!found) {
        free(stall);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    size_t n = 0, whitelist = 0, livelihood = 0;
    int64_t capacity = 0;
    for (uint32_t u = 0; u < c->g.n; u++) {
        if (stall[u] > days || c->a.stall[u] <= days)
            continue; /* does not stall by then, or stalls by then anyway */
        bool wl = (c->data.flags[u] & FG_CHAIN_GRAPH_WHITELIST) != 0;
        found[n++] = (scenario_hit){u, stall[u], wl};
        whitelist += wl;
        livelihood += (c->data.flags[u] & FG_CHAIN_GRAPH_LIVELIHOOD) != 0;
        capacity += c->data.capacity[u];
    }
    qsort(found, n, sizeof(*found), hit_order);
    fg_export_names *names = fg_export_names_new(r);
    json_t *hits = json_array();
    for (size_t k = 0; names && k < n && k < IMPACT_MAX_HITS; k++) {
        json_t *j = node_json(r, names, c, found[k].node);
        json_object_set_new(j, "day", json_integer(found[k].day));
        json_array_append_new(hits, j);
    }
    free(found);
    free(stall);
    if (!names) {
        json_decref(hits);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    return fg_reply_json(r, 200,
                         json_pack("{s:i,s:I,s:I,s:I,s:I,s:o}", "days", days, "stall",
                                   (json_int_t)n, "whitelist", (json_int_t)whitelist, "livelihood",
                                   (json_int_t)livelihood, "capacity", (json_int_t)capacity, "hits",
                                   hits));
}

const fg_api_route fg_api_chain_analysis_routes[] = {
    {"POST", "/api/v1/chain/scenario", fg_h_chain_scenario, FG_ACT_CHAIN_READ, FG_API_MAX_BODY},
    {"GET", "/api/v1/chain/block-points", fg_h_block_points, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/enterprises/:uscc/impact", fg_h_enterprise_impact, FG_ACT_CHAIN_READ, 0},
};
const size_t fg_api_chain_analysis_nroutes =
    sizeof(fg_api_chain_analysis_routes) / sizeof(fg_api_chain_analysis_routes[0]);
