/* The supply-chain graph over HTTP (chain-data): an enterprise's suppliers and
 * customers, edges added, changed and deleted, the graph around an enterprise
 * or inside a jurisdiction for the chain view, related services used, CSV
 * import and export. Every edge shown passes fg_access_sees_edge. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/supply.h"
#include "../sys/text.h"
#include "api.h"
#include "export.h"

#define CHAIN_MAX_EDGES 600 /* edges in one graph answer */
#define CHAIN_MAX_TIERS 6   /* tiers up or down */
#define CHAIN_IMPORT_ERRORS 200
#define CHAIN_MAX_SERVICES 64

/* The edge as the API shows it; `names` (may be NULL) gives the ends'
 * county names, which an enterprise account could not look up itself. */
static json_t *edge_json(fg_export_names *names, const fg_chain_edge *e)
{
    char t[25];
    fg_time_format(e->updated_at, t);
    const fg_word *w = fg_input_word(e->input);
    char sr[7], cr[7];
    fg_region_format(e->supplier_region, sr);
    fg_region_format(e->customer_region, cr);
    char sn[128] = "", cn[128] = "";
    if (names) {
        fg_strlcpy(sn, fg_export_region_name(names, e->supplier_region), sizeof(sn));
        fg_strlcpy(cn, fg_export_region_name(names, e->customer_region), sizeof(cn));
    }
    return json_pack("{s:s,s:{s:s,s:s,s:s,s:s},s:{s:s,s:s,s:s,s:s},s:s,s:{s:s,s:s},s:i,s:i,s:i,s:"
                     "s,s:s}",
                     "id", e->id, "supplier", "uscc", e->supplier, "name", e->supplier_name,
                     "region", sr, "region_name", sn, "customer", "uscc", e->customer, "name",
                     e->customer_name, "region", cr, "region_name", cn, "input", w->name,
                     "input_words", "zh", w->zh, "en", w->en, "share", e->share, "stock_days",
                     e->stock_days, "version", e->version, "updated_by", e->updated_by,
                     "updated_at", t);
}

static bool keep_visible(void *ctx, const fg_chain_edge *e)
{
    fg_req *r = ctx;
    return fg_access_sees_edge(&r->principal, e->supplier, e->supplier_region, e->customer,
                               e->customer_region);
}

/* Whether `r` sees an edge of enterprise `uscc` (the chain view re-centres on
 * a supplier across the border: only the edges it may see are followed). */
static bool sees_an_edge(fg_req *r, const char *uscc)
{
    bool seen = false;
    for (int side = 0; side < 2 && !seen; side++) {
        fg_chain_edges l = {0};
        if (fg_store_chain_of(r->db, uscc, side == 0, &l, NULL) == 0)
            for (size_t i = 0; i < l.n && !seen; i++)
                seen = keep_visible(r, &l.items[i]);
        fg_chain_edges_release(&l);
    }
    return seen;
}

/* The enterprise of the path's :uscc, which `r` may read the chain of. */
static int load_centre(fg_req *r, const char *uscc, fg_enterprise *e, fg_enterprise_meta *m)
{
    return fg_req_enterprise_at(r, uscc, FG_ACT_CHAIN_READ, e, m);
}

static int reply_edges(fg_req *r, fg_chain_edges *l)
{
    fg_export_names *names = fg_export_names_new(r);
    json_t *items = json_array();
    for (size_t i = 0; i < l->n; i++)
        if (keep_visible(r, &l->items[i]))
            json_array_append_new(items, edge_json(names, &l->items[i]));
    fg_chain_edges_release(l);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int list_of(fg_req *r, bool suppliers)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_centre(r, fg_req_param(r, "uscc"), &e, &m))
        return fg_req_refusal(r);
    fg_chain_edges l = {0};
    fg_err err;
    fg_err_init(&err);
    if (fg_store_chain_of(r->db, e.uscc, suppliers, &l, &err)) {
        fg_chain_edges_release(&l);
        return fg_reply_err(r, &err);
    }
    return reply_edges(r, &l);
}

static int fg_h_chain_suppliers(fg_req *r)
{
    return list_of(r, true);
}

static int fg_h_chain_customers(fg_req *r)
{
    return list_of(r, false);
}

/* share, stock_days (and version) from the body; 422 naming the field. */
static int body_figures(fg_req *r, json_t *body, bool required, int *share, int *stock,
                        int *version)
{
    static const char *const names[3] = {"share", "stock_days", "version"};
    int *dst[3] = {share, stock, version};
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(body, names[i]);
        if (!v && (i == 2 || !required))
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < -1 || json_integer_value(v) > 100000)
            return fg_reply_problem(r, 422, names[i], "field.integer",
                                    "{field:%s} must be a whole number", names[i]);
        *dst[i] = (int)json_integer_value(v);
    }
    return 0;
}

static int fg_h_chain_edge_add(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_chain_edge e;
    memset(&e, 0, sizeof(e));
    const char *sup, *cus, *input;
    if (fg_json_text(r, body, "supplier", true, 18, 18, &sup) ||
        fg_json_text(r, body, "customer", true, 18, 18, &cus) ||
        fg_json_text(r, body, "input", true, 1, 60, &input))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_input in;
    if (fg_input_parse(input, &in, &err))
        return fg_reply_err_as(r, 422, &err);
    int version = -1;
    if (body_figures(r, body, true, &e.share, &e.stock_days, &version))
        return fg_req_refusal(r);
    fg_strlcpy(e.supplier, sup, sizeof(e.supplier));
    fg_strlcpy(e.customer, cus, sizeof(e.customer));
    e.input = in;
    fg_chain_edge out;
    if (fg_app_chain_edge_add(r->app, r->db, &r->who, &e, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 201, edge_json(fg_export_names_new(r), &out));
}

static int fg_h_chain_edge_update(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    fg_chain_edge cur;
    if (fg_store_chain_edge_get(r->db, id, &cur, &err))
        return fg_reply_err(r, &err);
    int share = cur.share, stock = cur.stock_days, version = -1;
    if (body_figures(r, body, false, &share, &stock, &version))
        return fg_req_refusal(r);
    fg_chain_edge out;
    if (fg_app_chain_edge_update(r->app, r->db, &r->who, id, share, stock, version, r->now_ms, &out,
                                 &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, edge_json(fg_export_names_new(r), &out));
}

static int fg_h_chain_edge_delete(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_app_chain_edge_delete(r->app, r->db, &r->who, fg_req_param(r, "id"), r->now_ms, &err))
        return fg_reply_err(r, &err);
    return fg_reply_empty(r, 204);
}

/* ---- the graph ---- */

/* Adds the node `uscc` to `nodes` (an object keyed by USCC) once, at `tier`. */
static int add_node(fg_req *r, json_t *nodes, const char *uscc, int tier, fg_err *err)
{
    /* The first placement stands: the edges come breadth first, nearest first. */
    if (json_object_get(nodes, uscc))
        return 0;
    fg_enterprise e;
    fg_enterprise_meta m;
    int rc = fg_store_enterprise_get(r->db, uscc, r->now_ms, &e, &m, err);
    if (rc)
        return rc;
    fg_region_row reg;
    if (fg_store_region_get(r->db, e.region, &reg, NULL))
        reg.name[0] = '\0';
    char code[7], cats[64];
    fg_region_format(e.region, code);
    fg_category_format(e.categories, cats);
    json_t *n = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:s,s:I,s:i}", "uscc", e.uscc,
                          "name", e.name, "region", code, "region_name", reg.name, "status",
                          fg_status_name(m.status), "categories", cats, "whitelist", m.whitelist,
                          "critical", e.critical, "industry", e.industry, "service_kind",
                          fg_service_name(e.service_kind), "capacity", (json_int_t)e.capacity,
                          "tier", tier);
    return json_object_set_new(nodes, uscc, n) ? fg_err_set(err, FG_ENOMEM, "out of memory") : 0;
}

/* The tier of each end relative to the centre: suppliers negative. */
static int tier_of(json_t *nodes, const char *uscc)
{
    json_t *n = json_object_get(nodes, uscc);
    return n ? (int)json_integer_value(json_object_get(n, "tier")) : 0;
}

static int fg_h_chain_graph(fg_req *r)
{
    long up, down;
    if (fg_req_int(r, "up", 0, CHAIN_MAX_TIERS, 2, &up) ||
        fg_req_int(r, "down", 0, CHAIN_MAX_TIERS, 2, &down))
        return fg_req_refusal(r);
    const char *around = fg_req_param(r, "around");
    const char *region_s = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    fg_chain_edges l = {0};
    bool more = false;
    json_t *nodes = json_object();
    int rc = 0;
    char centre[FG_USCC_LEN + 1] = "";
    if (around && *around) {
        fg_enterprise e;
        fg_enterprise_meta m;
        fg_err_init(&err);
        if (fg_uscc_validate(around, &err)) {
            json_decref(nodes);
            return fg_reply_err_as(r, 400, &err);
        }
        /* An enterprise it may not see is answered as one that does not exist. */
        rc = fg_access_check_role(&r->principal, FG_ACT_CHAIN_READ, &err);
        if (rc == 0)
            rc = fg_store_enterprise_get(r->db, around, r->now_ms, &e, &m, &err);
        if (rc == 0 && !sees_an_edge(r, e.uscc)) {
            fg_target t = {e.region, e.uscc};
            rc = fg_access_check_enterprise(&r->principal, FG_ACT_CHAIN_READ, &t, &err);
        }
        if (rc) {
            json_decref(nodes);
            return fg_reply_err(r, &err);
        }
        fg_strlcpy(centre, e.uscc, sizeof(centre));
        rc = fg_store_chain_tiers(r->db, e.uscc, (int)up, (int)down, CHAIN_MAX_EDGES, keep_visible,
                                  r, &l, &more, &err);
        if (rc == 0)
            rc = add_node(r, nodes, e.uscc, 0, &err);
        /* Tiers: walk the edges in the order found (breadth first). */
        for (int pass = 0; rc == 0 && pass < 2 * CHAIN_MAX_TIERS; pass++)
            for (size_t i = 0; i < l.n; i++) {
                const fg_chain_edge *x = &l.items[i];
                json_t *s = json_object_get(nodes, x->supplier);
                json_t *c = json_object_get(nodes, x->customer);
                if (c && !s && tier_of(nodes, x->customer) <= 0)
                    rc = add_node(r, nodes, x->supplier, tier_of(nodes, x->customer) - 1, &err);
                else if (s && !c && tier_of(nodes, x->supplier) >= 0)
                    rc = add_node(r, nodes, x->customer, tier_of(nodes, x->supplier) + 1, &err);
                if (rc)
                    break;
            }
    } else {
        int32_t region = r->account.region;
        if (region_s && fg_region_parse(region_s, "region", &region, &err)) {
            json_decref(nodes);
            return fg_reply_err_as(r, 400, &err);
        }
        if (!fg_role_has_region(r->principal.role)) {
            json_decref(nodes);
            return fg_reply_problem(r, 400, "around", "chain.around_needed",
                                    "an enterprise account asks for the chain around one of its "
                                    "enterprises (around=USCC)");
        }
        if (fg_req_allow(r, FG_ACT_CHAIN_READ, region, NULL)) {
            json_decref(nodes);
            return fg_req_refusal(r);
        }
        int32_t lo, hi;
        fg_region_range(region, &lo, &hi);
        rc = fg_store_chain_in_region(r->db, lo, hi, CHAIN_MAX_EDGES, &l, &more, &err);
    }
    /* Every end of every edge is a node (tier 0 when not placed). */
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        rc = add_node(r, nodes, l.items[i].supplier, tier_of(nodes, l.items[i].customer) - 1, &err);
        if (rc == 0)
            rc = add_node(r, nodes, l.items[i].customer, tier_of(nodes, l.items[i].supplier) + 1,
                          &err);
    }
    if (rc) {
        fg_chain_edges_release(&l);
        json_decref(nodes);
        return fg_reply_err(r, &err);
    }
    json_t *node_list = json_array(), *edges = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(nodes, k, v) json_array_append(node_list, v);
    json_decref(nodes);
    fg_export_names *names = fg_export_names_new(r);
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(edges, edge_json(names, &l.items[i]));
    fg_chain_edges_release(&l);
    json_t *out = json_pack("{s:o,s:o,s:b}", "nodes", node_list, "edges", edges, "truncated", more);
    if (centre[0])
        json_object_set_new(out, "around", json_string(centre));
    return fg_reply_json(r, 200, out);
}

/* ---- related services ---- */

static int fg_h_chain_services(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_centre(r, fg_req_param(r, "uscc"), &e, &m))
        return fg_req_refusal(r);
    fg_chain_service *s = fg_arena_alloc(&r->arena, CHAIN_MAX_SERVICES * sizeof(*s));
    if (!s)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    size_t n;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_chain_services(r->db, e.uscc, s, CHAIN_MAX_SERVICES, &n, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char code[7];
        fg_region_format(s[i].region, code);
        json_array_append_new(items,
                              json_pack("{s:s,s:s,s:s,s:s}", "uscc", s[i].service, "name",
                                        s[i].name, "region", code, "service_kind", s[i].kind));
    }
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_chain_service_add(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    /* The enterprise first: one outside is not told its body is wrong. */
    if (fg_app_chain_service_check(r->db, &r->who, fg_req_param(r, "uscc"), &err))
        return fg_reply_err(r, &err);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *service;
    if (fg_json_text(r, body, "service", true, 18, 18, &service))
        return fg_req_refusal(r);
    if (fg_app_chain_service(r->app, r->db, &r->who, fg_req_param(r, "uscc"), service, true,
                             r->now_ms, &err))
        return fg_reply_err(r, &err);
    return fg_reply_empty(r, 204);
}

static int fg_h_chain_service_delete(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_app_chain_service(r->app, r->db, &r->who, fg_req_param(r, "uscc"),
                             fg_req_param(r, "service"), false, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return fg_reply_empty(r, 204);
}

/* ---- CSV import and export ---- */

static int fg_h_chain_import(fg_req *r)
{
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "text/csv", 8) != 0)
        return fg_reply_problem(r, 415, NULL, "import.content_type",
                                "send the file as the body with Content-Type: text/csv");
    const char *csv = r->http->binary_body;
    size_t len = r->http->binary_body_length;
    fg_buf utf8;
    fg_buf_init(&utf8, 0);
    bool converted;
    fg_err err;
    fg_err_init(&err);
    if (fg_text_to_utf8(csv, len, &utf8, &converted, &err)) {
        fg_buf_release(&utf8);
        return fg_reply_err_as(r, 400, &err);
    }
    if (converted) {
        csv = utf8.buf;
        len = utf8.len;
    }
    fg_line_errors ir = {json_array(), CHAIN_IMPORT_ERRORS, 0};
    fg_chain_import_report rep;
    int rc = fg_app_chain_import(r->app, r->db, &r->who, csv, len, r->now_ms, fg_line_errors_cb,
                                 &ir, &rep, &err);
    fg_buf_release(&utf8);
    if (rc && rc != FG_EINVAL) {
        json_decref(ir.errors);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:I,s:I,s:I,s:I,s:o,s:I}", "rows", (json_int_t)rep.rows, "added",
                            (json_int_t)rep.added, "updated", (json_int_t)rep.updated, "rejected",
                            (json_int_t)rep.rejected, "errors", ir.errors, "errors_not_listed",
                            (json_int_t)ir.dropped);
    if (rc)
        return fg_reply_err_with(r, &err, out);
    return fg_reply_json(r, 200, out);
}

enum {
    XC_SUPPLIER,
    XC_SUPPLIER_NAME,
    XC_CUSTOMER,
    XC_CUSTOMER_NAME,
    XC_INPUT,
    XC_SHARE,
    XC_STOCK,
    XC_COUNT
};
static const fg_export_col export_cols[XC_COUNT] = {
    {"供应商", "Supplier", 22, false},    {"供应商名称", "Supplier name", 32, false},
    {"客户", "Customer", 22, false},      {"客户名称", "Customer name", 32, false},
    {"物料", "Input", 14, false},         {"供货占比", "Share", 10, true},
    {"库存天数", "Stock days", 10, true},
};

static int fg_h_chain_export(fg_req *r)
{
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_chain_edges l = {0};
    bool more = false;
    const char *around = fg_req_param(r, "around");
    int rc;
    if (around && *around) {
        fg_enterprise e;
        fg_enterprise_meta m;
        if (load_centre(r, around, &e, &m))
            return fg_req_refusal(r);
        rc = fg_store_chain_of(r->db, e.uscc, true, &l, &err);
        if (rc == 0)
            rc = fg_store_chain_of(r->db, e.uscc, false, &l, &err);
    } else {
        if (!fg_role_has_region(r->principal.role))
            return fg_reply_problem(r, 400, "around", "chain.around_needed",
                                    "an enterprise account asks for the chain around one of its "
                                    "enterprises (around=USCC)");
        int32_t region = r->account.region;
        const char *region_s = fg_req_param(r, "region");
        if (region_s && fg_region_parse(region_s, "region", &region, &err))
            return fg_reply_err_as(r, 400, &err);
        if (fg_req_allow(r, FG_ACT_CHAIN_READ, region, NULL))
            return fg_req_refusal(r);
        int32_t lo, hi;
        fg_region_range(region, &lo, &hi);
        rc = fg_store_chain_in_region(r->db, lo, hi, FG_EXPORT_MAX_ROWS, &l, &more, &err);
    }
    fg_export *x = fg_arena_alloc(&r->arena, sizeof(*x));
    if (!x) {
        fg_chain_edges_release(&l);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    if (rc == 0)
        rc = fg_export_begin(x, xlsx, en, en ? "Supply chain" : "供应链", export_cols, XC_COUNT);
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        const fg_chain_edge *e = &l.items[i];
        if (!keep_visible(r, e))
            continue;
        char share[8], stock[8];
        snprintf(share, sizeof(share), "%d", e->share);
        snprintf(stock, sizeof(stock), "%d", e->stock_days);
        const char *cells[XC_COUNT] = {e->supplier,
                                       e->supplier_name,
                                       e->customer,
                                       e->customer_name,
                                       fg_export_word(x, fg_input_word(e->input)),
                                       share,
                                       stock};
        rc = fg_export_row(x, cells);
    }
    fg_chain_edges_release(&l);
    return fg_export_reply(r, x, "supply-chain", rc, &err);
}

/* chain.read is checked again on the enterprise or region of each request,
 * chain.edit on an end of each edge (app/chain.c). */
const fg_api_route fg_api_chain_routes[] = {
    {"GET", "/api/v1/chain", fg_h_chain_graph, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/chain/export", fg_h_chain_export, FG_ACT_CHAIN_READ, 0},
    {"POST", "/api/v1/chain/import", fg_h_chain_import, FG_ACT_CHAIN_IMPORT, FG_API_MAX_UPLOAD},
    {"POST", "/api/v1/chain/edges", fg_h_chain_edge_add, FG_ACT_CHAIN_EDIT, FG_API_MAX_BODY},
    {"PATCH", "/api/v1/chain/edges/:id", fg_h_chain_edge_update, FG_ACT_CHAIN_EDIT,
     FG_API_MAX_BODY},
    {"DELETE", "/api/v1/chain/edges/:id", fg_h_chain_edge_delete, FG_ACT_CHAIN_EDIT, 0},
    {"GET", "/api/v1/enterprises/:uscc/suppliers", fg_h_chain_suppliers, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/enterprises/:uscc/customers", fg_h_chain_customers, FG_ACT_CHAIN_READ, 0},
    {"GET", "/api/v1/enterprises/:uscc/services", fg_h_chain_services, FG_ACT_CHAIN_READ, 0},
    {"POST", "/api/v1/enterprises/:uscc/services", fg_h_chain_service_add, FG_ACT_CHAIN_EDIT,
     FG_API_MAX_BODY},
    {"DELETE", "/api/v1/enterprises/:uscc/services/:service", fg_h_chain_service_delete,
     FG_ACT_CHAIN_EDIT, 0},
};
const size_t fg_api_chain_nroutes = sizeof(fg_api_chain_routes) / sizeof(fg_api_chain_routes[0]);
