/* The supply-chain graph's reads and writes (chain-data). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../sys/clock.h"
#include "../util/assert.h"
#include "store.h"

#define EDGE_COLS                                                                                  \
    "se.id, se.supplier, se.customer, se.input, se.share, se.stock_days, s.region, c.region, "     \
    "se.version, se.updated_by, se.updated_at, s.name, c.name "
#define EDGE_FROM                                                                                  \
    "FROM supply_edges se JOIN enterprises s ON s.uscc = se.supplier "                             \
    "JOIN enterprises c ON c.uscc = se.customer "

static const char SQL_EDGE_GET[] = "SELECT " EDGE_COLS EDGE_FROM "WHERE se.id = ?";
static const char SQL_EDGE_FIND[] =
    "SELECT id FROM supply_edges WHERE supplier = ? AND customer = ? AND input = ?";
static const char SQL_EDGE_INSERT[] =
    "INSERT INTO supply_edges (id, supplier, customer, input, share, stock_days, version, "
    "created_by, created_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)";
static const char SQL_EDGE_UPDATE[] =
    "UPDATE supply_edges SET share = ?, stock_days = ?, version = version + 1, updated_by = ?, "
    "updated_at = ? WHERE id = ?";
static const char SQL_EDGE_DELETE[] = "DELETE FROM supply_edges WHERE id = ?";
static const char SQL_SUPPLIERS[] =
    "SELECT " EDGE_COLS EDGE_FROM "WHERE se.customer = ? ORDER BY se.input, se.supplier";
static const char SQL_CUSTOMERS[] =
    "SELECT " EDGE_COLS EDGE_FROM "WHERE se.supplier = ? ORDER BY se.input, se.customer";
static const char SQL_IN_REGION[] =
    "SELECT " EDGE_COLS EDGE_FROM "WHERE (s.region BETWEEN ? AND ?) OR (c.region BETWEEN ? AND ?) "
    "ORDER BY se.customer, se.input, se.supplier LIMIT ?";
static const char SQL_ENT_REGION[] = "SELECT region, categories, service_kind FROM enterprises "
                                     "WHERE uscc = ?";
static const char SQL_GRAPH_NODES[] =
    "SELECT e.uscc, e.region, e.capacity, e.categories, "
    "CASE WHEN EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, "
    "COALESCE((SELECT MAX(o.ends_at) FROM orders o WHERE o.enterprise = e.uscc "
    "AND o.state = 'in_force' AND o.measure = 'stop'), 0) FROM enterprises e ORDER BY e.uscc";
static const char SQL_GRAPH_EDGES[] =
    "SELECT supplier, customer, input, share, stock_days FROM supply_edges "
    "ORDER BY customer, input";
static const char SQL_SERVICE_INSERT[] =
    "INSERT INTO service_links (enterprise, service, created_by, created_at) VALUES (?, ?, ?, ?)";
static const char SQL_SERVICE_DELETE[] =
    "DELETE FROM service_links WHERE enterprise = ? AND service = ?";
static const char SQL_SERVICES[] =
    "SELECT e.uscc, e.name, e.region, e.service_kind FROM service_links l "
    "JOIN enterprises e ON e.uscc = l.service WHERE l.enterprise = ? ORDER BY e.service_kind, "
    "e.uscc";
/* related services in step (issue 12, part "pool") */
static const char SQL_SERVICE_LINKS[] =
    "SELECT l.service, l.enterprise FROM service_links l JOIN enterprises s ON s.uscc = l.service "
    "WHERE s.region BETWEEN ? AND ? ORDER BY l.service, l.enterprise";

void fg_chain_edges_release(fg_chain_edges *l)
{
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

static int edges_push(fg_chain_edges *l, const fg_chain_edge *e, fg_err *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        fg_chain_edge *p = realloc(l->items, cap * sizeof(*p));
        if (!p)
            return fg_err_set(err, FG_ENOMEM, "out of memory reading edges");
        l->items = p;
        l->cap = cap;
    }
    l->items[l->n++] = *e;
    return 0;
}

static void read_edge(fg_db *db, fg_stmt *st, fg_chain_edge *e)
{
    memset(e, 0, sizeof(*e));
    fg_strlcpy(e->id, fg_db_text(db, st, 0), sizeof(e->id));
    fg_strlcpy(e->supplier, fg_db_text(db, st, 1), sizeof(e->supplier));
    fg_strlcpy(e->customer, fg_db_text(db, st, 2), sizeof(e->customer));
    fg_input in = FG_INPUT_OTHER;
    fg_input_parse(fg_db_text(db, st, 3), &in, NULL);
    e->input = in;
    e->share = (int)fg_db_int(db, st, 4);
    e->stock_days = (int)fg_db_int(db, st, 5);
    e->supplier_region = (int32_t)fg_db_int(db, st, 6);
    e->customer_region = (int32_t)fg_db_int(db, st, 7);
    e->version = (int)fg_db_int(db, st, 8);
    fg_strlcpy(e->updated_by, fg_db_text(db, st, 9), sizeof(e->updated_by));
    e->updated_at = fg_db_int(db, st, 10);
    fg_strlcpy(e->supplier_name, fg_db_text(db, st, 11), sizeof(e->supplier_name));
    fg_strlcpy(e->customer_name, fg_db_text(db, st, 12), sizeof(e->customer_name));
}

/* Steps st to the end, appending every row. */
static int read_edges(fg_db *db, fg_stmt *st, fg_chain_edges *out, fg_err *err)
{
    int rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_chain_edge e;
        read_edge(db, st, &e);
        if ((rc = edges_push(out, &e, err)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_chain_edge_get(fg_db *db, const char *id, fg_chain_edge *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_EDGE_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "chain.edge_not_found",
                         "no supply edge {id:%.40s}", id);
    read_edge(db, st, out);
    fg_db_done(db, st);
    return 0;
}

static json_t *edge_json(const fg_chain_edge *e)
{
    return json_pack("{s:s,s:s,s:s,s:i,s:i}", "supplier", e->supplier, "customer", e->customer,
                     "input", fg_input_name(e->input), "share", e->share, "stock_days",
                     e->stock_days);
}

static int edge_audit(fg_tx *tx, const char *action, const fg_chain_edge *before,
                      const fg_chain_edge *after, fg_err *err)
{
    const fg_chain_edge *e = after ? after : before;
    json_t *d = json_object();
    if (before)
        json_object_set_new(d, "before", edge_json(before));
    if (after)
        json_object_set_new(d, "after", edge_json(after));
    /* Recorded in the customer's chain: the edge is part of its supply. */
    int rc = fg_tx_audit(tx, action, "supply_edge", e->id, e->customer_region, d, err);
    json_decref(d);
    return rc;
}

/* Inside tx: checks both ends and inserts, or with `upsert` updates the
 * existing (supplier, customer, input) edge. *out_added tells which. */
static int edge_put(fg_tx *tx, const fg_chain_edge *e, bool upsert, fg_chain_edge *out,
                    bool *out_added, fg_err *err)
{
    fg_db *db = tx->db;
    if (strcmp(e->supplier, e->customer) == 0)
        return fg_err_at(err, FG_EINVAL, "customer", "chain.own_supplier",
                         "an enterprise cannot be its own supplier");
    const char *ends[2] = {e->supplier, e->customer};
    static const char *const fields[2] = {"supplier", "customer"};
    for (int i = 0; i < 2; i++) {
        fg_stmt *st;
        int rc = fg_db_row(db, &st, err, SQL_ENT_REGION, "t", ends[i]);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return fg_err_at(err, FG_ENOTFOUND, fields[i], "chain.enterprise_not_found",
                             "no enterprise {uscc:%s} is registered", ends[i]);
        fg_db_done(db, st);
    }
    char found[37] = "";
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_EDGE_FIND, "ttt", e->supplier, e->customer,
                       fg_input_name(e->input));
    if (rc < 0)
        return rc;
    if (rc == 1) {
        fg_strlcpy(found, fg_db_text(db, st, 0), sizeof(found));
        fg_db_done(db, st);
    }
    fg_chain_edge before, after;
    if (found[0]) {
        if (!upsert)
            return fg_err_at(err, FG_EEXIST, "input", "chain.edge_exists",
                             "{supplier:%s} already supplies {input:%s} to {customer:%s}",
                             e->supplier, fg_input_name(e->input), e->customer);
        if ((rc = fg_store_chain_edge_get(db, found, &before, err)))
            return rc;
        rc = fg_db_run(db, err, SQL_EDGE_UPDATE, "ddtit", e->share, e->stock_days, tx->actor,
                       tx->now_ms, found);
        if (rc == 0)
            rc = fg_store_chain_edge_get(db, found, &after, err);
        if (rc == 0)
            rc = edge_audit(tx, "chain.edge_update", &before, &after, err);
        *out_added = false;
    } else {
        char id[37];
        fg_clock_uuid(id);
        rc = fg_db_run(db, err, SQL_EDGE_INSERT, "ttttddtiti", id, e->supplier, e->customer,
                       fg_input_name(e->input), e->share, e->stock_days, tx->actor, tx->now_ms,
                       tx->actor, tx->now_ms);
        if (rc == 0)
            rc = fg_store_chain_edge_get(db, id, &after, err);
        if (rc == 0)
            rc = edge_audit(tx, "chain.edge_add", NULL, &after, err);
        *out_added = true;
    }
    if (rc == 0 && out)
        *out = after;
    return rc;
}

int fg_store_chain_edge_add(fg_db *db, const fg_chain_edge *e, int64_t now_ms, const char *actor,
                            fg_chain_edge *out, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    bool added;
    rc = edge_put(&tx, e, false, out, &added, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_chain_edge_update(fg_db *db, const char *id, int share, int stock_days,
                               int expected_version, int64_t now_ms, const char *actor,
                               fg_chain_edge *out, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    fg_chain_edge before, after;
    if ((rc = fg_store_chain_edge_get(db, id, &before, err)))
        return fg_tx_end(&tx, rc, err);
    if (expected_version >= 0 && before.version != expected_version)
        return fg_tx_end(&tx,
                         fg_err_at(err, FG_ECONFLICT, "version", "chain.edge_changed",
                                   "the edge was changed meanwhile (now version {version:%d}); "
                                   "reload it",
                                   before.version),
                         err);
    rc = fg_db_run(db, err, SQL_EDGE_UPDATE, "ddtit", share, stock_days, actor, now_ms, id);
    if (rc == 0)
        rc = fg_store_chain_edge_get(db, id, &after, err);
    if (rc == 0)
        rc = edge_audit(&tx, "chain.edge_update", &before, &after, err);
    if (rc == 0 && out)
        *out = after;
    return fg_tx_end(&tx, rc, err);
}

int fg_store_chain_edge_delete(fg_db *db, const char *id, int64_t now_ms, const char *actor,
                               fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    fg_chain_edge before;
    if ((rc = fg_store_chain_edge_get(db, id, &before, err)) == 0)
        rc = fg_db_run(db, err, SQL_EDGE_DELETE, "t", id);
    if (rc == 0)
        rc = edge_audit(&tx, "chain.edge_delete", &before, NULL, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_chain_of(fg_db *db, const char *uscc, bool suppliers, fg_chain_edges *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, suppliers ? SQL_SUPPLIERS : SQL_CUSTOMERS, "t", uscc);
    return rc ? rc : read_edges(db, st, out, err);
}

int fg_store_chain_in_region(fg_db *db, int32_t lo, int32_t hi, size_t limit, fg_chain_edges *out,
                             bool *out_more, fg_err *err)
{
    fg_stmt *st;
    size_t before = out->n;
    int rc = fg_db_query(db, &st, err, SQL_IN_REGION, "ddddi", (int)lo, (int)hi, (int)lo, (int)hi,
                         (int64_t)limit + 1);
    if (rc == 0)
        rc = read_edges(db, st, out, err);
    *out_more = rc == 0 && out->n - before > limit;
    if (*out_more)
        out->n = before + limit;
    return rc;
}

/* ---- the walk ---- */

typedef struct visit_set {
    char (*ids)[37];
    size_t n, cap;
} visit_set;

static bool seen(const fg_chain_edges *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].id, id) == 0)
            return true;
    return false;
}

/* Breadth first from `uscc` in one direction, `tiers` deep. */
static int walk(fg_db *db, const char *uscc, bool up, int tiers, size_t max_edges,
                fg_chain_keep_fn keep, void *ctx, fg_chain_edges *out, bool *more, fg_err *err)
{
    typedef char uscc_t[FG_USCC_LEN + 1];
    uscc_t *frontier = malloc(sizeof(uscc_t));
    size_t nf = 1;
    if (!frontier)
        return fg_err_set(err, FG_ENOMEM, "out of memory walking the chain");
    fg_strlcpy(frontier[0], uscc, sizeof(uscc_t));
    int rc = 0;
    for (int t = 0; t < tiers && nf && rc == 0 && !*more; t++) {
        uscc_t *next = NULL;
        size_t nn = 0, cap = 0;
        for (size_t i = 0; i < nf && rc == 0 && !*more; i++) {
            fg_chain_edges found = {0};
            if ((rc = fg_store_chain_of(db, frontier[i], up, &found, err)))
                break;
            for (size_t k = 0; k < found.n && rc == 0; k++) {
                const fg_chain_edge *e = &found.items[k];
                if ((keep && !keep(ctx, e)) || seen(out, e->id))
                    continue;
                if (out->n >= max_edges) {
                    *more = true;
                    break;
                }
                if ((rc = edges_push(out, e, err)))
                    break;
                if (nn == cap) {
                    cap = cap ? cap * 2 : 16;
                    uscc_t *p = realloc(next, cap * sizeof(uscc_t));
                    if (!p) {
                        rc = fg_err_set(err, FG_ENOMEM, "out of memory walking the chain");
                        break;
                    }
                    next = p;
                }
                fg_strlcpy(next[nn++], up ? e->supplier : e->customer, sizeof(uscc_t));
            }
            fg_chain_edges_release(&found);
        }
        free(frontier);
        frontier = next;
        nf = nn;
    }
    free(frontier);
    return rc;
}

int fg_store_chain_tiers(fg_db *db, const char *uscc, int up, int down, size_t max_edges,
                         fg_chain_keep_fn keep, void *ctx, fg_chain_edges *out, bool *out_more,
                         fg_err *err)
{
    *out_more = false;
    int rc = walk(db, uscc, true, up, max_edges, keep, ctx, out, out_more, err);
    if (rc == 0)
        rc = walk(db, uscc, false, down, max_edges, keep, ctx, out, out_more, err);
    return rc;
}

/* ---- the whole graph ---- */

void fg_chain_graph_release(fg_chain_graph *g)
{
    free(g->uscc);
    free(g->region);
    free(g->capacity);
    free(g->flags);
    free(g->stop_until);
    free(g->supplier);
    free(g->customer);
    free(g->input);
    free(g->share);
    free(g->stock_days);
    memset(g, 0, sizeof(*g));
}

static long node_index(const fg_chain_graph *g, const char *uscc)
{
    size_t lo = 0, hi = g->n_nodes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->uscc[mid], uscc);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Grows the arrays of g to hold `cap` nodes (nodes) or edges. */
static int graph_grow(fg_chain_graph *g, bool nodes, size_t cap)
{
#define GROW(field)                                                                                \
    do {                                                                                           \
        void *p = realloc(g->field, cap * sizeof(*g->field));                                      \
        if (!p)                                                                                    \
            return FG_ENOMEM;                                                                      \
        g->field = p;                                                                              \
    } while (0)
    if (nodes) {
        GROW(uscc);
        GROW(region);
        GROW(capacity);
        GROW(flags);
        GROW(stop_until);
    } else {
        GROW(supplier);
        GROW(customer);
        GROW(input);
        GROW(share);
        GROW(stock_days);
    }
#undef GROW
    return 0;
}

static const fg_chain_graph *sorting; /* qsort has no context argument */
static int cmp_node(const void *a, const void *b)
{
    return strcmp(sorting->uscc[*(const size_t *)a], sorting->uscc[*(const size_t *)b]);
}

/* Puts g's nodes in strcmp order of USCC. */
static int sort_nodes(fg_chain_graph *g, fg_err *err)
{
    bool sorted = true;
    for (size_t i = 1; i < g->n_nodes && sorted; i++)
        sorted = strcmp(g->uscc[i - 1], g->uscc[i]) < 0;
    if (sorted)
        return 0;
    size_t *perm = malloc(g->n_nodes * sizeof(*perm));
    char(*uscc)[FG_USCC_LEN + 1] = malloc(g->n_nodes * sizeof(*uscc));
    int32_t *region = malloc(g->n_nodes * sizeof(*region));
    int64_t *capacity = malloc(g->n_nodes * sizeof(*capacity));
    uint8_t *flags = malloc(g->n_nodes * sizeof(*flags));
    int64_t *stop_until = malloc(g->n_nodes * sizeof(*stop_until));
    if (!perm || !uscc || !region || !capacity || !flags || !stop_until) {
        free(perm);
        free(uscc);
        free(region);
        free(capacity);
        free(flags);
        free(stop_until);
        return fg_err_set(err, FG_ENOMEM, "out of memory loading the chain");
    }
    for (size_t i = 0; i < g->n_nodes; i++)
        perm[i] = i;
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&lock);
    sorting = g;
    qsort(perm, g->n_nodes, sizeof(*perm), cmp_node);
    pthread_mutex_unlock(&lock);
    for (size_t i = 0; i < g->n_nodes; i++) {
        memcpy(uscc[i], g->uscc[perm[i]], sizeof(uscc[i]));
        region[i] = g->region[perm[i]];
        capacity[i] = g->capacity[perm[i]];
        flags[i] = g->flags[perm[i]];
        stop_until[i] = g->stop_until[perm[i]];
    }
    free(perm);
    free(g->uscc);
    free(g->region);
    free(g->capacity);
    free(g->flags);
    free(g->stop_until);
    g->uscc = uscc;
    g->region = region;
    g->capacity = capacity;
    g->flags = flags;
    g->stop_until = stop_until;
    return 0;
}

int fg_store_chain_graph_load(fg_db *db, fg_chain_graph *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    size_t cap = 0;
    int rc = fg_db_query(db, &st, err, SQL_GRAPH_NODES, "");
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        if (out->n_nodes == cap && graph_grow(out, true, cap = cap ? cap * 2 : 1024)) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory loading the chain");
            break;
        }
        size_t i = out->n_nodes++;
        fg_strlcpy(out->uscc[i], fg_db_text(db, st, 0), sizeof(out->uscc[i]));
        out->region[i] = (int32_t)fg_db_int(db, st, 1);
        out->capacity[i] = fg_db_int(db, st, 2);
        out->flags[i] =
            (uint8_t)((fg_db_int(db, st, 4) ? FG_CHAIN_GRAPH_WHITELIST : 0u) |
                      (fg_db_int(db, st, 3) & FG_CAT_LIVELIHOOD_SUPPLY ? FG_CHAIN_GRAPH_LIVELIHOOD
                                                                       : 0u));
        out->stop_until[i] = fg_db_int(db, st, 5);
        rc = 0;
    }
    if (rc >= 0)
        fg_db_done(db, st);
    /* In byte order whatever the engine's collation (the index lookups below). */
    if (rc >= 0)
        rc = sort_nodes(out, err);
    if (rc < 0) {
        fg_chain_graph_release(out);
        return rc;
    }
    cap = 0;
    rc = fg_db_query(db, &st, err, SQL_GRAPH_EDGES, "");
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        long s = node_index(out, fg_db_text(db, st, 0));
        long c = node_index(out, fg_db_text(db, st, 1));
        rc = 0;
        if (s < 0 || c < 0) /* registered meanwhile: the next load sees it */
            continue;
        if (out->n_edges == cap && graph_grow(out, false, cap = cap ? cap * 2 : 4096)) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory loading the chain");
            break;
        }
        size_t j = out->n_edges++;
        fg_input in = FG_INPUT_OTHER;
        fg_input_parse(fg_db_text(db, st, 2), &in, NULL);
        out->supplier[j] = (uint32_t)s;
        out->customer[j] = (uint32_t)c;
        out->input[j] = (uint8_t)in;
        out->share[j] = (uint8_t)fg_db_int(db, st, 3);
        out->stock_days[j] = (uint16_t)fg_db_int(db, st, 4);
    }
    if (rc >= 0)
        fg_db_done(db, st);
    if (rc < 0)
        fg_chain_graph_release(out);
    return rc < 0 ? rc : 0;
}

/* ---- related services ---- */

/* The county and categories of enterprise `uscc` (in tx), or FG_ENOTFOUND
 * naming `field`. */
static int ent_region(fg_db *db, const char *uscc, const char *field, int32_t *region,
                      unsigned *categories, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ENT_REGION, "t", uscc);
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, field, "chain.enterprise_not_found",
                         "no enterprise {uscc:%s} is registered", uscc);
    if (rc < 0)
        return rc;
    *region = (int32_t)fg_db_int(db, st, 0);
    if (categories)
        *categories = (unsigned)fg_db_int(db, st, 1);
    fg_db_done(db, st);
    return 0;
}

int fg_store_chain_service_add(fg_db *db, const char *uscc, const char *service, int64_t now_ms,
                               const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    int32_t region = -1, service_region;
    unsigned categories = 0;
    rc = ent_region(db, uscc, "uscc", &region, NULL, err);
    if (rc == 0)
        rc = ent_region(db, service, "service", &service_region, &categories, err);
    if (rc == 0 && !(categories & FG_CAT_RELATED_SERVICE))
        rc = fg_err_at(err, FG_EINVAL, "service", "chain.not_a_service",
                       "{uscc:%s} is not a related-service enterprise", service);
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_SERVICE_INSERT, "ttti", uscc, service, actor, now_ms);
    if (rc == FG_EEXIST)
        rc = fg_err_at(err, FG_EEXIST, "service", "chain.service_exists",
                       "{uscc:%s} is already recorded as a service used", service);
    if (rc == 0) {
        json_t *d = json_pack("{s:s}", "service", service);
        rc = fg_tx_audit(&tx, "chain.service_add", "enterprise", uscc, region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_chain_service_delete(fg_db *db, const char *uscc, const char *service, int64_t now_ms,
                                  const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    int32_t region = -1;
    rc = ent_region(db, uscc, "uscc", &region, NULL, err);
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_SERVICE_DELETE, "tt", uscc, service);
    if (rc == 0 && db->ops->changes(db) == 0)
        rc = fg_err_at(err, FG_ENOTFOUND, "service", "chain.service_not_found",
                       "{uscc:%s} is not recorded as a service used", service);
    if (rc == 0) {
        json_t *d = json_pack("{s:s}", "service", service);
        rc = fg_tx_audit(&tx, "chain.service_delete", "enterprise", uscc, region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_chain_services(fg_db *db, const char *uscc, fg_chain_service *out, size_t cap,
                            size_t *out_n, fg_err *err)
{
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_SERVICES, "t", uscc);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*out_n == cap)
            continue;
        fg_chain_service *s = &out[(*out_n)++];
        fg_strlcpy(s->service, fg_db_text(db, st, 0), sizeof(s->service));
        fg_strlcpy(s->name, fg_db_text(db, st, 1), sizeof(s->name));
        s->region = (int32_t)fg_db_int(db, st, 2);
        fg_strlcpy(s->kind, fg_db_text(db, st, 3), sizeof(s->kind));
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

/* related services in step (issue 12, part "pool") */
int fg_store_chain_service_links(fg_db *db, int32_t lo, int32_t hi,
                                 int (*fn)(void *ctx, const char *service, const char *user),
                                 void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_SERVICE_LINKS, "ii", (int64_t)lo, (int64_t)hi);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        if ((rc = fn(ctx, fg_db_text(db, st, 0), fg_db_text(db, st, 1))) != 0)
            break;
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

/* ---- bulk edges (fugong gen) ---- */

#define EDGE_INSERT_COLS 10

/* SQL_EDGE_INSERT for FG_AUDIT_CHUNK rows, built once. */
static char edge_insert_chunk[sizeof(SQL_EDGE_INSERT) * (FG_AUDIT_CHUNK + 1)];
static pthread_once_t edge_once = PTHREAD_ONCE_INIT;

static void edge_build_chunk_sql(void)
{
    fg_db_multirow(SQL_EDGE_INSERT, FG_AUDIT_CHUNK, edge_insert_chunk, sizeof(edge_insert_chunk));
}

int fg_chain_bulk_begin(fg_db *db, fg_chain_bulk *b, int64_t now_ms, const char *actor, fg_err *err)
{
    b->db = db;
    b->n_pending = 0;
    db->ops->bulk(db, true);
    int rc = fg_tx_begin(&b->tx, db, now_ms, actor, err);
    if (rc)
        db->ops->bulk(db, false);
    return rc;
}

/* The row of the n written that was there already: one the database holds
 * or one repeated among them (the first when neither is found). */
static const struct fg_chain_bulk_row *bulk_which(const fg_chain_bulk *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct fg_chain_bulk_row *r = &b->pending[i];
        fg_stmt *st;
        if (fg_db_row(b->db, &st, NULL, SQL_EDGE_FIND, "ttt", r->supplier, r->customer,
                      fg_input_name(r->input)) == 1) {
            fg_db_done(b->db, st);
            return r;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(b->pending[k].supplier, r->supplier) == 0 &&
                strcmp(b->pending[k].customer, r->customer) == 0 && b->pending[k].input == r->input)
                return r;
    }
    return &b->pending[0];
}

static int bulk_flush(fg_chain_bulk *b, fg_err *err)
{
    fg_db *db = b->db;
    const struct fg_db_ops *o = db->ops;
    size_t n = b->n_pending;
    const char *actor = b->tx.actor;
    int64_t now = b->tx.now_ms;
    b->n_pending = 0;
    int rc = 0;
    if (n < FG_AUDIT_CHUNK) {
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const struct fg_chain_bulk_row *r = &b->pending[i];
            rc =
                fg_db_run(db, err, SQL_EDGE_INSERT, "ttttddtiti", r->id, r->supplier, r->customer,
                          fg_input_name(r->input), r->share, r->stock_days, actor, now, actor, now);
        }
    } else {
        pthread_once(&edge_once, edge_build_chunk_sql);
        fg_stmt *st;
        if ((rc = o->prepare(db, edge_insert_chunk, &st, err)))
            return rc;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const struct fg_chain_bulk_row *r = &b->pending[i];
            int k = (int)i * EDGE_INSERT_COLS;
            rc = o->bind_text(st, k + 1, r->id);
            rc = rc ? rc : o->bind_text(st, k + 2, r->supplier);
            rc = rc ? rc : o->bind_text(st, k + 3, r->customer);
            rc = rc ? rc : o->bind_text(st, k + 4, fg_input_name(r->input));
            rc = rc ? rc : o->bind_int(st, k + 5, r->share);
            rc = rc ? rc : o->bind_int(st, k + 6, r->stock_days);
            rc = rc ? rc : o->bind_text(st, k + 7, actor);
            rc = rc ? rc : o->bind_int(st, k + 8, now);
            rc = rc ? rc : o->bind_text(st, k + 9, actor);
            rc = rc ? rc : o->bind_int(st, k + 10, now);
        }
        if (rc) {
            o->reset(st);
            return fg_err_set(err, FG_EDB, "binding a supply edge failed");
        }
        rc = o->step(st, err);
        o->reset(st);
    }
    if (rc == FG_EEXIST) {
        const struct fg_chain_bulk_row *r = bulk_which(b, n);
        return fg_err_at(err, FG_EEXIST, "input", "chain.edge_exists",
                         "{supplier:%s} already supplies {input:%s} to {customer:%s}", r->supplier,
                         fg_input_name(r->input), r->customer);
    }
    return rc;
}

int fg_chain_bulk_add(fg_chain_bulk *b, const fg_chain_edge *e, char out_id[37], fg_err *err)
{
    FG_ASSERT(b->tx.open);
    if (strcmp(e->supplier, e->customer) == 0)
        return fg_err_at(err, FG_EINVAL, "customer", "chain.own_supplier",
                         "an enterprise cannot be its own supplier");
    int rc = fg_supply_check(e->share, e->stock_days, err);
    if (rc)
        return rc;
    struct fg_chain_bulk_row *r = &b->pending[b->n_pending++];
    fg_clock_uuid(r->id);
    fg_strlcpy(r->supplier, e->supplier, sizeof(r->supplier));
    fg_strlcpy(r->customer, e->customer, sizeof(r->customer));
    r->input = e->input;
    r->share = e->share;
    r->stock_days = e->stock_days;
    if (out_id)
        memcpy(out_id, r->id, 37);
    fg_chain_edge a = *e;
    fg_strlcpy(a.id, r->id, sizeof(a.id));
    rc = edge_audit(&b->tx, "chain.edge_add", NULL, &a, err);
    if (rc == 0 && b->n_pending == FG_AUDIT_CHUNK)
        rc = bulk_flush(b, err);
    return rc;
}

int fg_chain_bulk_commit(fg_chain_bulk *b, fg_err *err)
{
    int rc = 0;
    if (b->tx.n_audit == 0 && b->n_pending == 0)
        fg_tx_rollback(&b->tx); /* nothing was added: nothing to write */
    else
        rc = fg_tx_end(&b->tx, bulk_flush(b, err), err);
    b->db->ops->bulk(b->db, false);
    return rc;
}

void fg_chain_bulk_abort(fg_chain_bulk *b)
{
    fg_tx_rollback(&b->tx);
    b->db->ops->bulk(b->db, false);
}

/* ---- CSV import ---- */

enum { COL_SUPPLIER, COL_CUSTOMER, COL_INPUT, COL_SHARE, COL_STOCK, COL_COUNT };
static const fg_word import_cols[COL_COUNT] = {
    {"supplier", "供应商", "Supplier"},
    {"customer", "客户", "Customer"},
    {"input", "物料", "Input"},
    {"share", "供货占比", "Share"},
    {"stock_days", "库存天数", "Stock days"},
};

static int read_number(const char *s, const char *field, long *out, fg_err *err)
{
    char *end;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '%')
        end++;
    if (!*s || *end)
        return fg_err_at(err, FG_EINVAL, field, "chain.import_number",
                         "{field:%s} must be a whole number, not '{value:%.20s}'", field, s);
    *out = v;
    return 0;
}

/* Checks one record into *e (no database access but the enterprises). */
static int import_row(fg_db *db, const fg_csv *c, const int map[COL_COUNT], fg_chain_edge *e,
                      fg_err *err)
{
    memset(e, 0, sizeof(*e));
    const char *v[COL_COUNT];
    for (int i = 0; i < COL_COUNT; i++)
        v[i] = (size_t)map[i] < c->n_fields ? c->fields[map[i]] : "";
    const char *fields[2] = {"supplier", "customer"};
    char *dst[2] = {e->supplier, e->customer};
    int32_t *regions[2] = {&e->supplier_region, &e->customer_region};
    for (int i = 0; i < 2; i++) {
        fg_err uerr;
        fg_err_init(&uerr);
        if (fg_uscc_validate(v[i], &uerr)) {
            *err = uerr; /* the code's own problem, on this column */
            fg_strlcpy(err->field, fields[i], sizeof(err->field));
            return FG_EINVAL;
        }
        fg_strlcpy(dst[i], v[i], FG_USCC_LEN + 1);
        fg_stmt *st;
        int rc = fg_db_row(db, &st, err, SQL_ENT_REGION, "t", v[i]);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return fg_err_at(err, FG_ENOTFOUND, fields[i], "chain.enterprise_not_found",
                             "no enterprise {uscc:%s} is registered", v[i]);
        *regions[i] = (int32_t)fg_db_int(db, st, 0);
        fg_db_done(db, st);
    }
    if (strcmp(e->supplier, e->customer) == 0)
        return fg_err_at(err, FG_EINVAL, "customer", "chain.own_supplier",
                         "an enterprise cannot be its own supplier");
    fg_input in;
    int rc = fg_input_parse(v[COL_INPUT], &in, err);
    if (rc)
        return rc;
    e->input = in;
    long share = 0, stock = 0; /* set by read_number unless it fails */
    if ((rc = read_number(v[COL_SHARE], "share", &share, err)) ||
        (rc = read_number(v[COL_STOCK], "stock_days", &stock, err)) ||
        (rc = fg_supply_check(share, stock, err)))
        return rc;
    e->share = (int)share;
    e->stock_days = (int)stock;
    return 0;
}

int fg_store_chain_import_csv(fg_db *db, const char *data, size_t len, const fg_chain_import *opt,
                              fg_chain_import_report *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_csv c;
    fg_csv_init(&c, data, len);
    size_t line;
    int rc = fg_csv_next(&c, &line, err);
    if (rc == 0)
        rc = fg_err_at(err, FG_EINVAL, NULL, "chain.import_empty", "the file is empty");
    if (rc < 0) {
        fg_csv_release(&c);
        return rc;
    }
    int map[COL_COUNT];
    for (int i = 0; i < COL_COUNT; i++) {
        map[i] = -1;
        for (size_t f = 0; f < c.n_fields; f++)
            if (fg_word_is(&import_cols[i], c.fields[f], strlen(c.fields[f])))
                map[i] = (int)f;
        if (map[i] < 0) {
            fg_csv_release(&c);
            return fg_err_at(err, FG_EINVAL, import_cols[i].name, "chain.import_column",
                             "the header has no column {column:%s} ({zh:%s})", import_cols[i].name,
                             import_cols[i].zh);
        }
    }
    fg_chain_edges rows = {0};
    size_t *lines = NULL, lines_cap = 0;
    while ((rc = fg_csv_next(&c, &line, err)) == 1) {
        out->rows++;
        fg_chain_edge e;
        fg_err why;
        fg_err_init(&why);
        int r = import_row(db, &c, map, &e, &why);
        if (r == FG_EDB || r == FG_ENOMEM) {
            *err = why;
            rc = r;
            break;
        }
        for (size_t k = 0; r == 0 && k < rows.n; k++)
            if (strcmp(rows.items[k].supplier, e.supplier) == 0 &&
                strcmp(rows.items[k].customer, e.customer) == 0 && rows.items[k].input == e.input)
                r = fg_err_at(&why, FG_EINVAL, "input", "chain.import_duplicate",
                              "the same edge is on line {line:%zu} already", lines[k]);
        if (r == 0 && opt->row_allowed)
            r = opt->row_allowed(opt->ctx, &e, &why);
        if (r) {
            out->rejected++;
            if (opt->bad_line)
                opt->bad_line(opt->ctx, line, &why);
            continue;
        }
        if (rows.n == lines_cap) {
            lines_cap = lines_cap ? lines_cap * 2 : 64;
            size_t *p = realloc(lines, lines_cap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory importing edges");
                break;
            }
            lines = p;
        }
        lines[rows.n] = line;
        if ((rc = edges_push(&rows, &e, err)))
            break;
    }
    fg_csv_release(&c);
    if (rc == 0 && out->rejected)
        rc = fg_err_at(err, FG_EINVAL, NULL, "chain.import_rejected",
                       "{count:%ld} rows are wrong; nothing was imported", out->rejected);
    if (rc == 0 && rows.n == 0)
        rc = fg_err_at(err, FG_EINVAL, NULL, "chain.import_no_rows",
                       "the file has a header but no edges");
    if (rc == 0) {
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, opt->now_ms, opt->actor, err)) == 0) {
            for (size_t k = 0; k < rows.n && rc == 0; k++) {
                bool added;
                rc = edge_put(&tx, &rows.items[k], true, NULL, &added, err);
                if (rc == 0)
                    (*(added ? &out->added : &out->updated))++;
            }
            rc = fg_tx_end(&tx, rc, err);
        }
        if (rc)
            out->added = out->updated = 0;
    }
    free(lines);
    fg_chain_edges_release(&rows);
    return rc < 0 ? rc : 0;
}
