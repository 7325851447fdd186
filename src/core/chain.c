/* The supply-chain graph: building it from arrays, time to survive (an
 * earliest-stall search over an AND of ORs), the impact of one more stop
 * computed downstream of it only, and the critical-link mark. Dominators are
 * in chain_dom.c, block points in chain_block.c. */
#include "chain.h"

#include <stdlib.h>
#include <string.h>

#include "../util/assert.h"
#include "chain_internal.h"

const int32_t fg_chain_horizon_days[FG_CHAIN_HORIZONS] = {3, 7, 14};

void fg_chain_init(fg_chain *g)
{
    memset(g, 0, sizeof *g);
}

void fg_chain_release(fg_chain *g)
{
    if (!g)
        return;
    free(g->capacity);
    free(g->stop_until);
    free(g->flags);
    free(g->prov);
    free(g->prov_code);
    free(g->prov_capacity);
    free(g->node_grp);
    free(g->grp_off);
    free(g->grp_cust);
    free(g->grp_input);
    free(g->grp_stock);
    free(g->sup);
    free(g->sup_share);
    free(g->out_off);
    free(g->out_grp);
    fg_chain_init(g);
}

/* An edge while building: sorted by (input, supplier) within its customer. */
typedef struct build_edge {
    uint64_t key; /* input << 32 | supplier */
    float share;
    int32_t stock;
} build_edge;

static int cmp_edge(const void *a, const void *b)
{
    uint64_t x = ((const build_edge *)a)->key, y = ((const build_edge *)b)->key;
    return x < y ? -1 : x > y;
}

static void sort_edges(build_edge *e, size_t k)
{
    if (k > 24) {
        qsort(e, k, sizeof *e, cmp_edge);
        return;
    }
    for (size_t i = 1; i < k; i++) {
        build_edge t = e[i];
        size_t j = i;
        for (; j > 0 && e[j - 1].key > t.key; j--)
            e[j] = e[j - 1];
        e[j] = t;
    }
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static int check_input(uint32_t n, const fg_chain_node *nodes, size_t m, const fg_chain_arc *edges,
                       fg_err *err)
{
    for (uint32_t v = 0; v < n; v++) {
        if (nodes[v].capacity < 0)
            return fg_err_at(err, FG_EINVAL, "capacity", "chain.capacity",
                             "enterprise {index:%u} has a negative capacity", (unsigned)v);
        if (nodes[v].stop_until < 0)
            return fg_err_at(err, FG_EINVAL, "stop_until", "chain.stop",
                             "enterprise {index:%u} has a stop ending before today", (unsigned)v);
    }
    for (size_t i = 0; i < m; i++) {
        const fg_chain_arc *e = &edges[i];
        if (e->supplier >= n || e->customer >= n)
            return fg_err_at(err, FG_EINVAL, "supplier", "chain.edge_range",
                             "edge {edge:%zu} names an enterprise outside the {n:%u} given", i,
                             (unsigned)n);
        if (e->supplier == e->customer)
            return fg_err_at(err, FG_EINVAL, "customer", "chain.self_edge",
                             "edge {edge:%zu} has the same enterprise as supplier and customer", i);
        if (!(e->share >= 0.0f && e->share <= 1.0f))
            return fg_err_at(err, FG_EINVAL, "share", "chain.share",
                             "edge {edge:%zu}: the share must be between 0 and 1", i);
        if (e->stock_days < 0)
            return fg_err_at(err, FG_EINVAL, "stock_days", "chain.stock",
                             "edge {edge:%zu}: the stock in days must not be negative", i);
    }
    return 0;
}

static int build_provinces(fg_chain *g, const fg_chain_node *nodes)
{
    uint32_t n = g->n;
    int32_t *codes = malloc((size_t)(n ? n : 1) * sizeof *codes);
    if (!codes)
        return FG_ENOMEM;
    for (uint32_t v = 0; v < n; v++)
        codes[v] = nodes[v].province;
    qsort(codes, n, sizeof *codes, cmp_i32);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (k == 0 || codes[k - 1] != codes[i])
            codes[k++] = codes[i];
    g->nprov = k;
    g->prov_code = codes;
    g->prov_capacity = calloc(k ? k : 1, sizeof *g->prov_capacity);
    if (!g->prov_capacity)
        return FG_ENOMEM;
    for (uint32_t v = 0; v < n; v++) {
        const int32_t *p = bsearch(&nodes[v].province, codes, k, sizeof *codes, cmp_i32);
        FG_ASSERT(p);
        g->prov[v] = (uint32_t)(p - codes);
        g->prov_capacity[g->prov[v]] += nodes[v].capacity;
    }
    return 0;
}

/* Groups edges by customer (counting sort), then by input and supplier,
 * merging duplicates, into the groups and both directions. */
static int build_edges(fg_chain *g, size_t m, const fg_chain_arc *edges)
{
    uint32_t n = g->n;
    int rc = FG_ENOMEM;
    uint32_t *start = calloc((size_t)n + 1, sizeof *start);
    build_edge *be = malloc((m ? m : 1) * sizeof *be);
    if (!start || !be)
        goto out;
    for (size_t i = 0; i < m; i++)
        start[edges[i].customer + 1]++;
    for (uint32_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    for (size_t i = 0; i < m; i++) {
        const fg_chain_arc *e = &edges[i];
        build_edge *d = &be[start[e->customer]++];
        d->key = (uint64_t)e->input << 32 | e->supplier;
        d->share = e->share;
        d->stock = e->stock_days;
    }
    /* start[v] is now the end of v's edges; v's begin is start[v - 1]. */
    uint32_t ngrp = 0, nsup = 0;
    for (uint32_t v = 0, b = 0; v < n; b = start[v], v++) {
        sort_edges(be + b, start[v] - b);
        for (uint32_t i = b; i < start[v]; i++) {
            if (i > b && be[i].key == be[i - 1].key)
                continue;
            nsup++;
            if (i == b || be[i].key >> 32 != be[i - 1].key >> 32)
                ngrp++;
        }
    }
    g->ngrp = ngrp;
    g->nsup = nsup;
    g->node_grp = malloc(((size_t)n + 1) * sizeof *g->node_grp);
    g->grp_off = malloc(((size_t)ngrp + 1) * sizeof *g->grp_off);
    g->grp_cust = malloc(((size_t)ngrp + 1) * sizeof *g->grp_cust);
    g->grp_input = malloc(((size_t)ngrp + 1) * sizeof *g->grp_input);
    g->grp_stock = malloc(((size_t)ngrp + 1) * sizeof *g->grp_stock);
    g->sup = malloc(((size_t)nsup + 1) * sizeof *g->sup);
    g->sup_share = malloc(((size_t)nsup + 1) * sizeof *g->sup_share);
    g->out_off = calloc((size_t)n + 1, sizeof *g->out_off);
    g->out_grp = malloc(((size_t)nsup + 1) * sizeof *g->out_grp);
    if (!g->node_grp || !g->grp_off || !g->grp_cust || !g->grp_input || !g->grp_stock || !g->sup ||
        !g->sup_share || !g->out_off || !g->out_grp)
        goto out;
    uint32_t k = 0, s = 0;
    for (uint32_t v = 0, b = 0; v < n; b = start[v], v++) {
        g->node_grp[v] = k;
        for (uint32_t i = b; i < start[v]; i++) {
            if (i > b && be[i].key == be[i - 1].key) {
                /* A duplicate edge: the larger share and stock. */
                if (be[i].share > g->sup_share[s - 1])
                    g->sup_share[s - 1] = be[i].share;
                if (be[i].stock > g->grp_stock[k - 1])
                    g->grp_stock[k - 1] = be[i].stock;
                continue;
            }
            if (i == b || be[i].key >> 32 != be[i - 1].key >> 32) {
                g->grp_off[k] = s;
                g->grp_cust[k] = v;
                g->grp_input[k] = (uint32_t)(be[i].key >> 32);
                g->grp_stock[k] = be[i].stock;
                k++;
            } else if (be[i].stock > g->grp_stock[k - 1]) {
                g->grp_stock[k - 1] = be[i].stock;
            }
            uint32_t u = (uint32_t)be[i].key;
            g->sup[s] = u;
            g->sup_share[s] = be[i].share;
            g->out_off[u + 1]++;
            s++;
        }
    }
    g->node_grp[n] = k;
    g->grp_off[k] = s;
    FG_ASSERT(k == ngrp && s == nsup);
    for (uint32_t v = 0; v < n; v++)
        g->out_off[v + 1] += g->out_off[v];
    /* Fill the out-direction in group order, with start[] as the cursor. */
    memcpy(start, g->out_off, (size_t)n * sizeof *start);
    for (uint32_t q = 0; q < ngrp; q++)
        for (uint32_t i = g->grp_off[q]; i < g->grp_off[q + 1]; i++)
            g->out_grp[start[g->sup[i]]++] = q;
    rc = 0;
out:
    free(start);
    free(be);
    return rc;
}

int fg_chain_build(fg_chain *out, uint32_t n, const fg_chain_node *nodes, size_t m,
                   const fg_chain_arc *edges, fg_err *err)
{
    fg_chain_init(out);
    if (m >= UINT32_MAX || n >= UINT32_MAX)
        return fg_err_at(err, FG_EINVAL, NULL, "chain.too_big",
                         "a supply chain holds fewer than {max:%u} enterprises and edges",
                         (unsigned)UINT32_MAX);
    int rc = check_input(n, nodes, m, edges, err);
    if (rc)
        return rc;
    fg_chain *g = out;
    g->n = n;
    size_t nn = n ? n : 1;
    g->capacity = malloc(nn * sizeof *g->capacity);
    g->stop_until = malloc(nn * sizeof *g->stop_until);
    g->flags = malloc(nn * sizeof *g->flags);
    g->prov = malloc(nn * sizeof *g->prov);
    if (!g->capacity || !g->stop_until || !g->flags || !g->prov)
        goto nomem;
    for (uint32_t v = 0; v < n; v++) {
        g->capacity[v] = nodes[v].capacity;
        g->stop_until[v] = nodes[v].stop_until;
        g->flags[v] = (uint8_t)(nodes[v].flags & (FG_CHAIN_WHITELIST | FG_CHAIN_LIVELIHOOD));
    }
    if (build_provinces(g, nodes) || build_edges(g, m, edges))
        goto nomem;
    return 0;
nomem:
    fg_chain_release(g);
    return fg_err_set(err, FG_ENOMEM, "out of memory building a supply chain of %u enterprises",
                      (unsigned)n);
}

/* A binary min-heap of (day << 32 | node). */
int fg__chain_heap_push(fg__chain_heap *h, uint64_t x)
{
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        uint64_t *a = realloc(h->a, cap * sizeof *a);
        if (!a)
            return FG_ENOMEM;
        h->a = a;
        h->cap = cap;
    }
    size_t i = h->len++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->a[p] <= x)
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = x;
    return 0;
}

uint64_t fg__chain_heap_pop(fg__chain_heap *h)
{
    FG_ASSERT(h->len > 0);
    uint64_t top = h->a[0], x = h->a[--h->len];
    size_t i = 0, n = h->len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h->a[c + 1] < h->a[c])
            c++;
        if (h->a[c] >= x)
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    if (n)
        h->a[i] = x;
    return top;
}

/* The day after `day` plus `stock`, or FG_CHAIN_NEVER when it overflows. */
static int32_t add_days(int32_t day, int32_t stock)
{
    int64_t t = (int64_t)day + stock;
    return t >= FG_CHAIN_NEVER ? FG_CHAIN_NEVER : (int32_t)t;
}

int fg__chain_survive(const fg_chain *g, const uint32_t *extra, size_t nextra, int32_t *stall,
                      uint32_t *cause, uint32_t *cause_grp, uint32_t *order, uint32_t *out_norder)
{
    uint32_t n = g->n, norder = 0;
    uint32_t *left = malloc(((size_t)g->ngrp + 1) * sizeof *left);
    fg__chain_heap h = {0};
    int rc = FG_ENOMEM;
    if (!left)
        goto out;
    for (uint32_t q = 0; q < g->ngrp; q++)
        left[q] = g->grp_off[q + 1] - g->grp_off[q];
    for (uint32_t v = 0; v < n; v++) {
        stall[v] = FG_CHAIN_NEVER;
        cause[v] = FG_CHAIN_NONE;
        cause_grp[v] = FG_CHAIN_NONE;
    }
    for (uint32_t v = 0; v < n; v++)
        if (g->stop_until[v] > 0) {
            stall[v] = 0;
            if (fg__chain_heap_push(&h, v))
                goto out;
        }
    for (size_t i = 0; i < nextra; i++) {
        uint32_t v = extra[i];
        if (v < n && stall[v] != 0) {
            stall[v] = 0;
            if (fg__chain_heap_push(&h, v))
                goto out;
        }
    }
    while (h.len) {
        uint64_t x = fg__chain_heap_pop(&h);
        uint32_t u = (uint32_t)x;
        int32_t day = (int32_t)(x >> 32);
        if (day != stall[u])
            continue; /* superseded by an earlier day */
        if (order)
            order[norder++] = u;
        for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
            uint32_t q = g->out_grp[k];
            if (--left[q])
                continue;
            /* u was the last supplier of this input to stall. */
            uint32_t c = g->grp_cust[q];
            int32_t t = add_days(day, g->grp_stock[q]);
            if (t < stall[c]) {
                stall[c] = t;
                cause[c] = u;
                cause_grp[c] = q;
                if (fg__chain_heap_push(&h, (uint64_t)t << 32 | c))
                    goto out;
            }
        }
    }
    rc = 0;
out:
    if (out_norder)
        *out_norder = norder;
    free(left);
    free(h.a);
    return rc;
}

int fg_chain_survive(const fg_chain *g, const uint32_t *extra, size_t nextra, int32_t **out_stall,
                     uint32_t **out_cause, uint32_t **out_cause_grp, fg_err *err)
{
    size_t nn = g->n ? g->n : 1;
    int32_t *stall = malloc(nn * sizeof *stall);
    uint32_t *cause = malloc(nn * sizeof *cause);
    uint32_t *cgrp = malloc(nn * sizeof *cgrp);
    if (!stall || !cause || !cgrp ||
        fg__chain_survive(g, extra, nextra, stall, cause, cgrp, NULL, NULL)) {
        free(stall);
        free(cause);
        free(cgrp);
        return fg_err_set(err, FG_ENOMEM, "out of memory computing the time to survive");
    }
    *out_stall = stall;
    *out_cause = cause;
    *out_cause_grp = cgrp;
    return 0;
}

void fg_chain_impact_init(fg_chain_impact *r)
{
    memset(r, 0, sizeof *r);
}

void fg_chain_impact_release(fg_chain_impact *r)
{
    if (!r)
        return;
    free(r->hits);
    fg_chain_impact_init(r);
}

static int cmp_hit(const void *a, const void *b)
{
    const fg_chain_hit *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* The impact search. `mark[v]`: 0 untouched, d + 1 a tentative new day d,
 * -(d + 1) final. The new day of an enterprise the search has not finalised
 * is taken as its old one: an upper bound, exact once its last changed
 * supplier is final, which is when the input is looked at again. Days beyond
 * the last horizon are not followed. */
int fg_chain_impact_of(const fg_chain *g, const fg_chain_analysis *a, uint32_t node,
                       fg_chain_impact *out, fg_err *err)
{
    fg_chain_impact_init(out);
    if (node >= g->n)
        return fg_err_at(err, FG_EINVAL, "enterprise", "chain.node_range",
                         "enterprise {index:%u} is not in the supply chain", (unsigned)node);
    const int32_t H = fg_chain_horizon_days[FG_CHAIN_HORIZONS - 1];
    const int32_t *old = a->stall;
    out->node = node;
    if (old[node] == 0)
        return 0; /* stalled already: one more stop changes nothing */
    int32_t *mark = calloc(g->n, sizeof *mark);
    uint32_t *pstamp = calloc(g->nprov ? g->nprov : 1, sizeof *pstamp);
    fg__chain_heap h = {0};
    size_t cap = 0;
    if (!mark || !pstamp)
        goto nomem;
    mark[node] = 1;
    if (fg__chain_heap_push(&h, node))
        goto nomem;
    while (h.len) {
        uint64_t x = fg__chain_heap_pop(&h);
        uint32_t u = (uint32_t)x;
        int32_t day = (int32_t)(x >> 32);
        if (mark[u] != day + 1)
            continue; /* superseded, or final already */
        mark[u] = -(day + 1);
        {
            if (out->nhits == cap) {
                cap = cap ? cap * 2 : 64;
                fg_chain_hit *hits = realloc(out->hits, cap * sizeof *hits);
                if (!hits)
                    goto nomem;
                out->hits = hits;
            }
            out->hits[out->nhits++] = (fg_chain_hit){u, day};
        }
        for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
            uint32_t q = g->out_grp[k];
            uint32_t c = g->grp_cust[q];
            if (mark[c] < 0)
                continue;
            int32_t cut = day;
            for (uint32_t i = g->grp_off[q]; i < g->grp_off[q + 1] && cut <= H; i++) {
                uint32_t w = g->sup[i];
                int32_t tw = mark[w] < 0 ? -mark[w] - 1 : mark[w] > 0 ? mark[w] - 1 : old[w];
                if (mark[w] > 0 && old[w] < tw)
                    tw = old[w];
                if (tw > cut)
                    cut = tw;
            }
            if (cut > H)
                continue;
            int32_t t = add_days(cut, g->grp_stock[q]);
            int32_t cur = mark[c] > 0 ? mark[c] - 1 : old[c];
            if (t > H || t >= cur)
                continue;
            mark[c] = t + 1;
            if (fg__chain_heap_push(&h, (uint64_t)t << 32 | c))
                goto nomem;
        }
    }
    /* Every enterprise finalised stalls earlier than before, within the last
     * horizon: counted where it crosses a horizon, kept as a hit when it did
     * not stall within the last one before. */
    qsort(out->hits, out->nhits, sizeof *out->hits, cmp_hit);
    size_t kept = 0;
    for (size_t i = 0; i < out->nhits; i++) {
        uint32_t v = out->hits[i].node;
        for (int k = 0; k < FG_CHAIN_HORIZONS; k++) {
            if (out->hits[i].day > fg_chain_horizon_days[k] || old[v] <= fg_chain_horizon_days[k])
                continue;
            out->stall[k]++;
            if (g->flags[v] & FG_CHAIN_WHITELIST)
                out->whitelist[k]++;
            if (g->flags[v] & FG_CHAIN_LIVELIHOOD)
                out->livelihood[k]++;
        }
        if (old[v] <= H)
            continue;
        out->hits[kept++] = out->hits[i];
        out->capacity += g->capacity[v];
        if (!pstamp[g->prov[v]]) {
            pstamp[g->prov[v]] = 1;
            out->provinces++;
        }
    }
    out->nhits = kept;
    free(mark);
    free(pstamp);
    free(h.a);
    return 0;
nomem:
    free(mark);
    free(pstamp);
    free(h.a);
    fg_chain_impact_release(out);
    return fg_err_set(err, FG_ENOMEM, "out of memory computing an impact report");
}

size_t fg_chain_sole_inputs(const fg_chain *g, uint32_t node, uint32_t *out, size_t cap)
{
    if (FG_NEVER(node >= g->n))
        return 0;
    size_t k = 0, kept = 0;
    /* A supplier's groups come in group order, not input order: gather into
     * out (up to cap) sorted and distinct, counting the rest apart. */
    for (uint32_t e = g->out_off[node]; e < g->out_off[node + 1]; e++) {
        uint32_t q = g->out_grp[e];
        if (g->grp_off[q + 1] - g->grp_off[q] != 1)
            continue;
        uint32_t in = g->grp_input[q];
        int dup = 0;
        for (uint32_t f = g->out_off[node]; f < e && !dup; f++) {
            uint32_t r = g->out_grp[f];
            dup = g->grp_off[r + 1] - g->grp_off[r] == 1 && g->grp_input[r] == in;
        }
        if (dup)
            continue;
        k++;
        if (kept < cap) {
            size_t i = kept++;
            for (; i > 0 && out[i - 1] > in; i--)
                out[i] = out[i - 1];
            out[i] = in;
        }
    }
    return k;
}

const char *fg_chain_crit_name(fg_chain_crit_reason reason)
{
    switch (reason) {
    case FG_CHAIN_CRIT_DOMINATOR: return "dominator";
    case FG_CHAIN_CRIT_SOLE_SOURCE: return "sole_source";
    case FG_CHAIN_CRIT_PROVINCE_SHARE: return "province_share";
    case FG_CHAIN_CRIT_NONE: break;
    }
    return "none";
}

void fg_chain_mark_of(const fg_chain *g, const fg_chain_analysis *a, uint32_t node,
                      double share_threshold, fg_chain_mark *out)
{
    memset(out, 0, sizeof *out);
    if (FG_NEVER(node >= g->n))
        return;
    out->dominated_whitelist = a->dominated_whitelist[node];
    out->sole_whitelist = a->sole_whitelist[node];
    out->dominated_capacity = a->dominated_capacity[node];
    out->province_capacity = g->prov_capacity[g->prov[node]];
    out->share = out->province_capacity > 0
                     ? (double)out->dominated_capacity / (double)out->province_capacity
                     : 0.0;
    if (out->dominated_whitelist > 0)
        out->reason = FG_CHAIN_CRIT_DOMINATOR;
    else if (out->sole_whitelist > 0)
        out->reason = FG_CHAIN_CRIT_SOLE_SOURCE;
    else if (out->share > share_threshold)
        out->reason = FG_CHAIN_CRIT_PROVINCE_SHARE;
    out->critical = out->reason != FG_CHAIN_CRIT_NONE;
}
