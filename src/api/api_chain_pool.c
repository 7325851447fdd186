/* The white-list pool, lift-together pairs and related services waiting, over
 * HTTP (issue 12, part "pool"). All three are computed afresh from the stored
 * graph, the listings and the orders in force, and all three are for
 * officials: they name enterprises upstream and downstream.
 *  - GET /api/v1/whitelists/pool: the unlisted suppliers of listed
 *    enterprises suggested for listing, those inside the jurisdiction
 *    whatever the listed customer's province, ranked, with their reasons.
 *  - GET /api/v1/chain/lift-together: pairs of regions whose stops hold each
 *    other's chains up; provinces for the nation, the cities of a province
 *    for the province (a county's stops are decided in the county, but the
 *    cities are what a province weighs against each other).
 *  - GET /api/v1/chain/services-waiting: related-service enterprises inside
 *    the jurisdiction that are stopped or limited while enterprises using
 *    them operate, with those enterprises. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/chain_lift.h"
#include "../core/chain_pool.h"
#include "../core/date.h"
#include "../core/region.h"
#include "../core/supply.h"
#include "api.h"
#include "export.h"

#define POOL_MAX 100       /* suppliers in one answer */
#define POOL_WHY_MAX 12    /* reasons named per supplier */
#define LIFT_HORIZON 14    /* days: what stalls within the impact report's last horizon */
#define LIFT_FACTOR 1.2    /* both restore at least this times the sum of each alone */
#define LIFT_MIN_GAIN 1000 /* and this much (weighted capacity) more than that sum */
#define WAITING_MAX 200    /* services in one answer */
#define WAITING_USERS 20   /* waiting enterprises named per service */

static void release_chain(void *p)
{
    fg_app_chain_release(p);
}

static int officials_only(fg_req *r, const char *what)
{
    return fg_reply_problem(r, 403, NULL, "chain.pool_officials",
                            "{what:%s} is for officials: it names enterprises of other "
                            "enterprises' chains",
                            what);
}

/* The jurisdiction asked about: ?region=, else the account's own; replies on
 * a bad code or a region outside the account's jurisdiction. */
static int region_of(fg_req *r, fg_action act, int32_t *out)
{
    int32_t region = r->account.region;
    const char *s = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, act, region, NULL))
        return FG_EPERM;
    *out = region;
    return 0;
}

static int load(fg_req *r, fg_app_chain **out)
{
    fg_app_chain *c = fg_arena_alloc(&r->arena, sizeof(*c));
    fg_err err;
    fg_err_init(&err);
    if (!c)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_app_chain_load(r->db, r->now_ms, 0, NULL, c, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, release_chain, c))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    *out = c;
    return 0;
}

/* An enterprise by USCC, name, county and province (names, not codes). */
static json_t *firm_json(fg_req *r, fg_export_names *names, const char *uscc, int32_t region)
{
    fg_enterprise e;
    fg_err err;
    fg_err_init(&err);
    char code[7];
    fg_region_format(region, code);
    const char *county = fg_export_region_name(names, region);
    json_t *j = json_pack("{s:s,s:s,s:s}", "uscc", uscc, "region", code, "region_name",
                          county ? county : "");
    const char *prov = fg_export_region_name(names, region / 10000 * 10000);
    json_object_set_new(j, "province_name", json_string(prov ? prov : ""));
    if (fg_store_enterprise_get(r->db, uscc, 0, &e, NULL, &err) == 0)
        json_object_set_new(j, "name", json_string(e.name));
    return j;
}

static json_t *node_json(fg_req *r, fg_export_names *names, const fg_app_chain *c, uint32_t v)
{
    json_t *j = firm_json(r, names, c->data.uscc[v], c->data.region[v]);
    json_object_set_new(j, "whitelist",
                        json_boolean((c->data.flags[v] & FG_CHAIN_GRAPH_WHITELIST) != 0));
    return j;
}

/* ---- the white-list pool ---- */

static int fg_h_whitelist_pool(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return officials_only(r, "the white-list pool");
    int32_t region;
    if (region_of(r, FG_ACT_WHITELIST_READ, &region))
        return fg_req_refusal(r);
    long limit, offset;
    if (fg_req_int(r, "limit", 1, POOL_MAX, 20, &limit) ||
        fg_req_int(r, "offset", 0, 1000000, 0, &offset))
        return FG_EINVAL;
    fg_app_chain *c;
    if (load(r, &c))
        return fg_req_refusal(r);
    fg_chain_pool pool;
    fg_err err;
    fg_err_init(&err);
    if (fg_chain_pool_of(&c->g, c->a.idom, FG_CHAIN_POOL_SHARE, &pool, &err))
        return fg_reply_err(r, &err);
    fg_export_names *names = fg_export_names_new(r);
    if (!names) {
        fg_chain_pool_release(&pool);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    json_t *items = json_array();
    size_t total = 0;
    for (size_t i = 0; i < pool.nitems; i++) {
        const fg_chain_pool_item *it = &pool.items[i];
        if (!fg_region_contains(region, c->data.region[it->node]))
            continue;
        if (total++ < (size_t)offset || json_array_size(items) >= (size_t)limit)
            continue;
        json_t *j = node_json(r, names, c, it->node);
        json_object_set_new(j, "rank", json_integer((json_int_t)total));
        json_object_set_new(j, "tier", json_integer(it->tier));
        json_object_set_new(j, "listed_customers", json_integer(it->listed));
        json_object_set_new(j, "provinces", json_integer(it->provinces));
        json_object_set_new(j, "sole", json_integer(it->sole));
        json_object_set_new(j, "share", json_integer(it->share));
        json_object_set_new(j, "dominated", json_integer(it->dominated));
        json_t *why = json_array();
        for (size_t k = it->first; k < it->first + it->nwhy && json_array_size(why) < POOL_WHY_MAX;
             k++) {
            const fg_chain_pool_why *w = &pool.why[k];
            /* A dominator row joins the row before it about the same listed
             * enterprise (rows come by listed enterprise, dominator last). */
            if (w->reasons == FG_CHAIN_POOL_DOMINATOR && k > it->first &&
                pool.why[k - 1].listed == w->listed && json_array_size(why) > 0) {
                json_array_append_new(
                    json_object_get(json_array_get(why, json_array_size(why) - 1), "reasons"),
                    json_string("dominator"));
                continue;
            }
            json_t *reasons = json_array();
            if (w->reasons & FG_CHAIN_POOL_SOLE)
                json_array_append_new(reasons, json_string("sole_source"));
            if (w->reasons & FG_CHAIN_POOL_SHARE_OF)
                json_array_append_new(reasons, json_string("share"));
            if (w->reasons & FG_CHAIN_POOL_DOMINATOR)
                json_array_append_new(reasons, json_string("dominator"));
            json_t *row = json_pack("{s:o,s:o,s:i}", "listed", node_json(r, names, c, w->listed),
                                    "reasons", reasons, "tier", w->tier);
            json_object_set_new(row, "input",
                                w->input == FG_CHAIN_NONE
                                    ? json_null()
                                    : json_string(fg_input_name((fg_input)w->input)));
            json_object_set_new(row, "share_percent",
                                json_integer((json_int_t)(w->share * 100.0f + 0.5f)));
            json_array_append_new(why, row);
        }
        json_object_set_new(j, "why", why);
        json_array_append_new(items, j);
    }
    fg_chain_pool_release(&pool);
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:I,s:i,s:i,s:f,s:o}", "region", code, "total",
                                   (json_int_t)total, "tiers", FG_CHAIN_POOL_TIERS, "offset",
                                   (int)offset, "share_threshold", FG_CHAIN_POOL_SHARE, "items",
                                   items));
}

/* ---- lift together ---- */

static int fg_h_lift_together(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return officials_only(r, "lifting together");
    int32_t region;
    if (region_of(r, FG_ACT_CHAIN_READ, &region))
        return fg_req_refusal(r);
    fg_region_level level = fg_region_level_of(region);
    if (level != FG_LEVEL_NATION && level != FG_LEVEL_PROVINCE)
        return fg_reply_problem(r, 422, "region", "chain.lift_level",
                                "regions to lift together are weighed by a province or the "
                                "nation: ask about a province, or the nation (000000)");
    fg_app_chain *c;
    if (load(r, &c))
        return fg_req_refusal(r);
    uint32_t n = c->g.n;
    uint32_t *group = fg_arena_alloc(&r->arena, (n ? n : 1) * sizeof(*group));
    int32_t *codes = fg_arena_alloc(&r->arena, (n ? n : 1) * sizeof(*codes));
    if (!group || !codes)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    /* Nation: a group per province; province: a group per city inside it,
     * stops elsewhere stay in force. Dense indices in order of first sight. */
    uint32_t ngroups = 0;
    for (uint32_t v = 0; v < n; v++) {
        int32_t rc = c->data.region[v];
        group[v] = FG_CHAIN_NONE;
        if (!fg_region_contains(region, rc))
            continue;
        int32_t key = level == FG_LEVEL_NATION ? rc / 10000 * 10000 : rc / 100 * 100;
        uint32_t k = 0;
        while (k < ngroups && codes[k] != key)
            k++;
        if (k == ngroups)
            codes[ngroups++] = key;
        group[v] = k;
    }
    fg_chain_lift lift;
    fg_err err;
    fg_err_init(&err);
    if (fg_chain_lift_of(&c->g, group, ngroups, LIFT_HORIZON, LIFT_FACTOR, LIFT_MIN_GAIN, &lift,
                         &err))
        return fg_reply_err(r, &err);
    fg_export_names *names = fg_export_names_new(r);
    if (!names) {
        fg_chain_lift_release(&lift);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < lift.npairs; i++) {
        const fg_chain_lift_pair *p = &lift.pairs[i];
        char ca[7], cb[7];
        fg_region_format(codes[p->a], ca);
        fg_region_format(codes[p->b], cb);
        const char *na = fg_export_region_name(names, codes[p->a]);
        na = na && *na ? na : ca;
        json_t *a = json_pack("{s:s,s:s}", "region", ca, "name", na);
        const char *nb = fg_export_region_name(names, codes[p->b]);
        nb = nb && *nb ? nb : cb;
        json_t *b = json_pack("{s:s,s:s}", "region", cb, "name", nb);
        /* Named only inside the asker's region: a province sees how many
         * elsewhere come back (held_both), not who they are. */
        json_t *held = json_array();
        for (size_t k = p->first; k < p->first + p->nheld; k++)
            if (fg_region_contains(region, c->data.region[lift.held[k]]))
                json_array_append_new(held, node_json(r, names, c, lift.held[k]));
        json_array_append_new(
            items, json_pack("{s:o,s:o,s:I,s:I,s:I,s:I,s:o}", "a", a, "b", b, "restored_a",
                             (json_int_t)p->restored_a, "restored_b", (json_int_t)p->restored_b,
                             "restored_both", (json_int_t)p->restored_both, "held_both",
                             (json_int_t)p->held_both, "held", held));
    }
    int truncated = lift.truncated;
    fg_chain_lift_release(&lift);
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:i,s:f,s:i,s:b,s:o}", "region", code, "by",
                                   level == FG_LEVEL_NATION ? "province" : "city", "horizon_days",
                                   LIFT_HORIZON, "factor", LIFT_FACTOR, "min_gain", LIFT_MIN_GAIN,
                                   "truncated", truncated, "items", items));
}

/* ---- related services waiting ---- */

typedef struct waiting_walk {
    fg_req *r;
    fg_export_names *names;
    json_t *items;
    size_t total;
    char service[FG_USCC_LEN + 1];
    json_t *cur; /* the current service's item while its users are walked, or NULL */
    bool skip;   /* the current service runs: its users are not waiting */
} waiting_walk;

/* Closes the current service: kept when someone waits on it. */
static void waiting_close(waiting_walk *w)
{
    if (!w->cur)
        return;
    json_t *users = json_object_get(w->cur, "waiting");
    json_int_t n = json_integer_value(json_object_get(w->cur, "waiting_total"));
    if (n > 0 && json_array_size(w->items) < WAITING_MAX) {
        (void)users;
        json_array_append(w->items, w->cur);
        w->total++;
    } else if (n > 0) {
        w->total++;
    }
    json_decref(w->cur);
    w->cur = NULL;
}

static int waiting_link(void *ctx, const char *service, const char *user)
{
    waiting_walk *w = ctx;
    fg_err err;
    fg_err_init(&err);
    if (strcmp(service, w->service) != 0) {
        waiting_close(w);
        fg_strlcpy(w->service, service, sizeof(w->service));
        fg_enterprise s;
        fg_enterprise_meta m;
        w->skip = true;
        if (fg_store_enterprise_get(w->r->db, service, w->r->now_ms, &s, &m, &err) == 0 &&
            m.status != FG_STATUS_OPERATING) {
            w->skip = false;
            w->cur = firm_json(w->r, w->names, s.uscc, s.region);
            json_object_set_new(w->cur, "service_kind",
                                json_string(fg_service_name(s.service_kind)));
            json_object_set_new(w->cur, "status", json_string(fg_status_name(m.status)));
            json_object_set_new(w->cur, "waiting", json_array());
            json_object_set_new(w->cur, "waiting_total", json_integer(0));
        }
    }
    if (w->skip)
        return 0;
    fg_enterprise u;
    fg_enterprise_meta um;
    if (fg_store_enterprise_get(w->r->db, user, w->r->now_ms, &u, &um, &err))
        return 0;
    if (um.status != FG_STATUS_OPERATING)
        return 0; /* stopped itself: not waiting on its services */
    json_t *waiting = json_object_get(w->cur, "waiting");
    json_int_t n = json_integer_value(json_object_get(w->cur, "waiting_total"));
    json_object_set_new(w->cur, "waiting_total", json_integer(n + 1));
    if (json_array_size(waiting) < WAITING_USERS) {
        json_t *j = firm_json(w->r, w->names, u.uscc, u.region);
        json_object_set_new(j, "whitelist", json_boolean(um.whitelist));
        json_object_set_new(j, "key_industrial",
                            json_boolean((u.categories & FG_CAT_KEY_INDUSTRIAL) != 0));
        json_object_set_new(j, "livelihood",
                            json_boolean((u.categories & FG_CAT_LIVELIHOOD_SUPPLY) != 0));
        json_array_append_new(waiting, j);
    }
    return 0;
}

static int fg_h_services_waiting(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return officials_only(r, "the related services waited on");
    int32_t region;
    if (region_of(r, FG_ACT_CHAIN_READ, &region))
        return fg_req_refusal(r);
    waiting_walk w;
    memset(&w, 0, sizeof(w));
    w.r = r;
    w.names = fg_export_names_new(r);
    if (!w.names)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    w.items = json_array();
    w.skip = true;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    fg_err err;
    fg_err_init(&err);
    int rc = fg_store_chain_service_links(r->db, lo, hi, waiting_link, &w, &err);
    waiting_close(&w);
    if (rc) {
        json_decref(w.items);
        return fg_reply_err(r, &err);
    }
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(
        r, 200,
        json_pack("{s:s,s:I,s:o}", "region", code, "total", (json_int_t)w.total, "items", w.items));
}

/* ---- flags raised when a key enterprise resumed ---- */

#define FLAGS_MAX 100

/* The open flags of services inside the jurisdiction whose service is still
 * stopped or limited: the region's to-do. */
static int fg_h_service_flags(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return officials_only(r, "the related services flagged");
    int32_t region;
    if (region_of(r, FG_ACT_CHAIN_READ, &region))
        return fg_req_refusal(r);
    fg_service_flag *f = fg_arena_alloc(&r->arena, FLAGS_MAX * sizeof(*f));
    fg_export_names *names = fg_export_names_new(r);
    if (!f || !names)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    size_t n;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_service_flags_open(r->db, lo, hi, f, FLAGS_MAX, &n, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        fg_enterprise s;
        fg_enterprise_meta m;
        if (fg_store_enterprise_get(r->db, f[i].service, r->now_ms, &s, &m, &err) ||
            m.status == FG_STATUS_OPERATING)
            continue; /* runs again: no longer anyone's to-do */
        char at[25];
        fg_time_format(f[i].created_at, at);
        json_t *service = firm_json(r, names, s.uscc, s.region);
        json_object_set_new(service, "service_kind", json_string(fg_service_name(s.service_kind)));
        json_object_set_new(service, "status", json_string(fg_status_name(m.status)));
        fg_enterprise e;
        json_t *ent = fg_store_enterprise_get(r->db, f[i].enterprise, 0, &e, NULL, &err) == 0
                          ? firm_json(r, names, e.uscc, e.region)
                          : json_pack("{s:s}", "uscc", f[i].enterprise);
        json_array_append_new(items, json_pack("{s:s,s:o,s:o,s:s,s:s}", "id", f[i].id, "service",
                                               service, "enterprise", ent, "order", f[i].order_id,
                                               "created_at", at));
    }
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(r, 200, json_pack("{s:s,s:o}", "region", code, "items", items));
}

/* An official of the service's region acknowledges a flag: seen, in hand. */
static int fg_h_service_flag_ack(fg_req *r)
{
    if (!fg_role_has_region(r->account.role))
        return officials_only(r, "acknowledging a related service flagged");
    fg_service_flag f;
    int64_t acked;
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    if (!id || fg_store_service_flag_get(r->db, id, &f, &acked, &err))
        return fg_reply_err(r, &err);
    if (fg_req_allow(r, FG_ACT_SERVICE_FLAG_ACK, f.region, NULL))
        return fg_req_refusal(r);
    if (fg_store_service_flag_ack(r->db, id, r->now_ms, r->who.username, &err))
        return fg_reply_err(r, &err);
    return fg_reply_empty(r, 204);
}

const fg_api_route fg_api_chain_pool_routes[] = {
    {"GET", "/api/v1/whitelists/pool", fg_h_whitelist_pool, FG_ACT_WHITELIST_READ, 0},
    {"GET", "/api/v1/chain/lift-together", fg_h_lift_together, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/chain/services-waiting", fg_h_services_waiting, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/chain/service-flags", fg_h_service_flags, FG_ACT_CHAIN_READ, 0},
    {"POST", "/api/v1/chain/service-flags/:id/ack", fg_h_service_flag_ack, FG_ACT_SERVICE_FLAG_ACK,
     FG_API_MAX_BODY},
};
const size_t fg_api_chain_pool_nroutes =
    sizeof(fg_api_chain_pool_routes) / sizeof(fg_api_chain_pool_routes[0]);
