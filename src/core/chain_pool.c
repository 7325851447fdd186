/* The white-list pool: unlisted suppliers within a few tiers upstream of the
 * listed enterprises, each with the reasons it is suggested (chain_pool.h). */
#include "chain_pool.h"

#include <stdlib.h>
#include <string.h>

void fg_chain_pool_init(fg_chain_pool *p)
{
    memset(p, 0, sizeof(*p));
}

void fg_chain_pool_release(fg_chain_pool *p)
{
    free(p->items);
    free(p->why);
    fg_chain_pool_init(p);
}

typedef struct rows {
    fg_chain_pool_why *a;
    size_t len, cap;
} rows;

static int push(rows *r, fg_chain_pool_why w)
{
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        fg_chain_pool_why *a = realloc(r->a, cap * sizeof(*a));
        if (!a)
            return FG_ENOMEM;
        r->a = a;
        r->cap = cap;
    }
    r->a[r->len++] = w;
    return 0;
}

static int cmp_why(const void *a, const void *b)
{
    const fg_chain_pool_why *x = a, *y = b;
    if (x->supplier != y->supplier)
        return x->supplier < y->supplier ? -1 : 1;
    if (x->listed != y->listed)
        return x->listed < y->listed ? -1 : 1;
    return x->input < y->input ? -1 : x->input > y->input;
}

static int cmp_item(const void *a, const void *b)
{
    const fg_chain_pool_item *x = a, *y = b;
    if (x->listed != y->listed)
        return x->listed > y->listed ? -1 : 1;
    uint32_t kx = x->sole + x->dominated, ky = y->sole + y->dominated;
    if (kx != ky)
        return kx > ky ? -1 : 1;
    if (x->capacity != y->capacity)
        return x->capacity > y->capacity ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

/* Collects the reason rows of one listed enterprise L: a breadth-first walk
 * upstream within the tiers (depth[] stamped with L + 1 in seen[]), the
 * sole and share reasons of its direct suppliers, and its dominators that lie
 * within the tiers. */
static int reasons_of(const fg_chain *g, const uint32_t *idom, double threshold, uint32_t L,
                      uint32_t *seen, uint8_t *depth, uint32_t *queue, rows *out)
{
    size_t head = 0, tail = 0;
    seen[L] = L + 1;
    depth[L] = 0;
    queue[tail++] = L;
    while (head < tail) {
        uint32_t v = queue[head++];
        if (depth[v] >= FG_CHAIN_POOL_TIERS)
            continue;
        for (uint32_t q = g->node_grp[v]; q < g->node_grp[v + 1]; q++) {
            uint32_t nsup = g->grp_off[q + 1] - g->grp_off[q];
            for (uint32_t k = g->grp_off[q]; k < g->grp_off[q + 1]; k++) {
                uint32_t s = g->sup[k];
                if (seen[s] != L + 1) {
                    seen[s] = L + 1;
                    depth[s] = (uint8_t)(depth[v] + 1);
                    queue[tail++] = s;
                }
                if (v != L || (g->flags[s] & FG_CHAIN_WHITELIST))
                    continue;
                uint32_t why = (nsup == 1 ? FG_CHAIN_POOL_SOLE : 0u) |
                               ((double)g->sup_share[k] >= threshold ? FG_CHAIN_POOL_SHARE_OF : 0u);
                if (why &&
                    push(out, (fg_chain_pool_why){s, L, g->grp_input[q], why, 1, g->sup_share[k]}))
                    return FG_ENOMEM;
            }
        }
    }
    /* Dominators lie ever farther upstream along the idom chain: stop at the
     * first one outside the tiers. */
    for (uint32_t d = idom[L]; d != FG_CHAIN_NONE && d != L; d = idom[d]) {
        if (seen[d] != L + 1)
            break;
        if (!(g->flags[d] & FG_CHAIN_WHITELIST) &&
            push(out,
                 (fg_chain_pool_why){d, L, FG_CHAIN_NONE, FG_CHAIN_POOL_DOMINATOR, depth[d], 0.0f}))
            return FG_ENOMEM;
    }
    return 0;
}

int fg_chain_pool_of(const fg_chain *g, const uint32_t *idom, double share_threshold,
                     fg_chain_pool *out, fg_err *err)
{
    fg_chain_pool_init(out);
    size_t nn = g->n ? g->n : 1;
    uint32_t *seen = calloc(nn, sizeof(*seen));
    uint8_t *depth = calloc(nn, sizeof(*depth));
    uint32_t *queue = malloc(nn * sizeof(*queue));
    uint32_t *pseen = calloc(g->nprov ? g->nprov : 1, sizeof(*pseen));
    rows r = {0};
    fg_chain_pool_item *items = NULL;
    fg_chain_pool_why *why = NULL;
    size_t nitems = 0;
    if (!seen || !depth || !queue || !pseen)
        goto nomem;
    for (uint32_t L = 0; L < g->n; L++)
        if ((g->flags[L] & FG_CHAIN_WHITELIST) &&
            reasons_of(g, idom, share_threshold, L, seen, depth, queue, &r))
            goto nomem;
    if (r.len)
        qsort(r.a, r.len, sizeof(*r.a), cmp_why);
    items = malloc((r.len ? r.len : 1) * sizeof(*items));
    why = malloc((r.len ? r.len : 1) * sizeof(*why));
    if (!items || !why)
        goto nomem;
    /* One item per supplier; its figures count distinct listed enterprises
     * (rows are sorted by listed within a supplier). */
    for (size_t i = 0; i < r.len;) {
        size_t j = i;
        fg_chain_pool_item it = {r.a[i].supplier,
                                 0,
                                 0,
                                 0,
                                 0,
                                 0,
                                 FG_CHAIN_POOL_TIERS,
                                 g->capacity[r.a[i].supplier],
                                 i,
                                 0};
        while (j < r.len && r.a[j].supplier == it.node) {
            uint32_t L = r.a[j].listed, bits = 0;
            for (; j < r.len && r.a[j].supplier == it.node && r.a[j].listed == L; j++) {
                bits |= r.a[j].reasons;
                if (r.a[j].tier < it.tier)
                    it.tier = r.a[j].tier;
            }
            it.listed++;
            it.sole += (bits & FG_CHAIN_POOL_SOLE) != 0;
            it.share += (bits & FG_CHAIN_POOL_SHARE_OF) != 0;
            it.dominated += (bits & FG_CHAIN_POOL_DOMINATOR) != 0;
            uint32_t p = g->prov[L];
            if (pseen[p] != it.node + 1) {
                pseen[p] = it.node + 1;
                it.provinces++;
            }
        }
        it.nwhy = j - i;
        items[nitems++] = it;
        i = j;
    }
    if (nitems)
        qsort(items, nitems, sizeof(*items), cmp_item);
    size_t w = 0;
    for (size_t i = 0; i < nitems; i++) {
        memcpy(why + w, r.a + items[i].first, items[i].nwhy * sizeof(*why));
        items[i].first = w;
        w += items[i].nwhy;
    }
    free(seen);
    free(depth);
    free(queue);
    free(pseen);
    free(r.a);
    out->items = items;
    out->nitems = nitems;
    out->why = why;
    out->nwhy = w;
    return 0;
nomem:
    free(seen);
    free(depth);
    free(queue);
    free(pseen);
    free(r.a);
    free(items);
    free(why);
    return fg_err_set(err, FG_ENOMEM, "out of memory computing the white-list pool");
}
