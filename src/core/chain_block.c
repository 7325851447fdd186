/* The full analysis: time to survive, dominators and what they dominate, sole
 * sources, block points (堵点) with their explanations, and resumption
 * priority. Held up means "stalls because of it": an enterprise is held up by
 * its cause (the supplier whose stall cut its first input to run out), and by
 * whatever holds that one up, so the held sets of the stopped enterprises
 * partition the stalled ones. */
#include <stdlib.h>
#include <string.h>

#include "../util/assert.h"
#include "chain.h"
#include "chain_internal.h"

void fg_chain_analysis_init(fg_chain_analysis *a)
{
    memset(a, 0, sizeof *a);
}

void fg_chain_analysis_release(fg_chain_analysis *a)
{
    if (!a)
        return;
    free(a->stall);
    free(a->cause);
    free(a->cause_grp);
    free(a->idom);
    free(a->dominated);
    free(a->dominated_whitelist);
    free(a->dominated_capacity);
    free(a->sole);
    free(a->sole_whitelist);
    free(a->blocks);
    free(a->resume);
    fg_chain_analysis_init(a);
}

static int64_t weight(const fg_chain *g, uint32_t v)
{
    return 1 + ((g->flags[v] & FG_CHAIN_WHITELIST) ? FG_CHAIN_WEIGHT_WHITELIST : 0) +
           ((g->flags[v] & FG_CHAIN_LIVELIHOOD) ? FG_CHAIN_WEIGHT_LIVELIHOOD : 0);
}

static int cmp_block(const void *pa, const void *pb)
{
    const fg_chain_block *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->held_capacity != b->held_capacity)
        return a->held_capacity > b->held_capacity ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}

static void dominance(const fg_chain *g, fg_chain_analysis *a, const uint32_t *pre, uint32_t npre)
{
    for (uint32_t i = npre; i-- > 0;) {
        uint32_t v = pre[i], p = a->idom[v];
        if (p == FG_CHAIN_NONE)
            continue;
        a->dominated[p] += a->dominated[v] + 1;
        a->dominated_whitelist[p] +=
            a->dominated_whitelist[v] + ((g->flags[v] & FG_CHAIN_WHITELIST) ? 1 : 0);
        a->dominated_capacity[p] += a->dominated_capacity[v] + g->capacity[v];
    }
}

static int sole_supplier(const fg_chain *g, uint32_t q)
{
    return g->grp_off[q + 1] - g->grp_off[q] == 1;
}

static void sole_sources(const fg_chain *g, fg_chain_analysis *a)
{
    for (uint32_t c = 0; c < g->n; c++) {
        for (uint32_t q = g->node_grp[c]; q < g->node_grp[c + 1]; q++) {
            if (!sole_supplier(g, q))
                continue;
            uint32_t s = g->sup[g->grp_off[q]];
            a->sole[s]++;
            if (!(g->flags[c] & FG_CHAIN_WHITELIST))
                continue;
            int seen = 0; /* s sole source of an earlier input of c */
            for (uint32_t r = g->node_grp[c]; r < q && !seen; r++)
                seen = sole_supplier(g, r) && g->sup[g->grp_off[r]] == s;
            if (!seen)
                a->sole_whitelist[s]++;
        }
    }
}

/* Explanations of the first `k` blocks: the provinces of the held set (a
 * walk of the cause forest) and of the customers it is the sole source to. */
static int explain_blocks(const fg_chain *g, fg_chain_analysis *a, size_t k, const uint32_t *order,
                          uint32_t norder)
{
    uint32_t n = g->n;
    int rc = FG_ENOMEM;
    uint32_t *off = calloc((size_t)n + 1, sizeof *off);
    uint32_t *kid = malloc(((size_t)norder + 1) * sizeof *kid);
    uint32_t *stk = malloc(((size_t)norder + 1) * sizeof *stk);
    uint32_t *stamp = calloc(g->nprov ? g->nprov : 1, sizeof *stamp);
    if (!off || !kid || !stk || !stamp)
        goto out;
    for (uint32_t i = 0; i < norder; i++)
        if (a->cause[order[i]] != FG_CHAIN_NONE)
            off[a->cause[order[i]] + 1]++;
    for (uint32_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    /* The children of p become kid[off[p] .. off[p + 1]): off[p + 1] holds
     * p's end after the sums; filling from the back moves it to p's start,
     * and shifting the array down by one puts each start in its place. */
    uint32_t nkid = 0;
    for (uint32_t i = 0; i < norder; i++) {
        uint32_t c = order[i], p = a->cause[c];
        if (p != FG_CHAIN_NONE) {
            kid[--off[p + 1]] = c;
            nkid++;
        }
    }
    memmove(off, off + 1, (size_t)n * sizeof *off);
    off[n] = nkid;
    for (size_t b = 0; b < k; b++) {
        fg_chain_block *bl = &a->blocks[b];
        uint32_t tag = (uint32_t)b + 1, sp = 0, seen = 0;
        stk[sp++] = bl->node;
        while (sp) {
            uint32_t v = stk[--sp];
            if (v != bl->node && stamp[g->prov[v]] != tag) {
                stamp[g->prov[v]] = tag;
                seen++;
            }
            for (uint32_t i = off[v]; i < off[v + 1]; i++)
                stk[sp++] = kid[i];
        }
        bl->held_provinces = seen;
        tag = (uint32_t)(k + b) + 1;
        seen = 0;
        for (uint32_t e = g->out_off[bl->node]; e < g->out_off[bl->node + 1]; e++) {
            uint32_t q = g->out_grp[e];
            if (!sole_supplier(g, q))
                continue;
            uint32_t p = g->prov[g->grp_cust[q]];
            if (stamp[p] != tag) {
                stamp[p] = tag;
                seen++;
            }
        }
        bl->sole_provinces = seen;
    }
    rc = 0;
out:
    free(off);
    free(kid);
    free(stk);
    free(stamp);
    return rc;
}

static int blocks(const fg_chain *g, fg_chain_analysis *a, const uint32_t *order, uint32_t norder,
                  size_t explain)
{
    uint32_t n = g->n;
    size_t nn = n ? n : 1;
    int rc = FG_ENOMEM;
    uint32_t *held = calloc(nn, sizeof *held);
    uint32_t *hw = calloc(nn, sizeof *hw);
    uint32_t *hl = calloc(nn, sizeof *hl);
    int64_t *hcap = calloc(nn, sizeof *hcap);
    int64_t *score = calloc(nn, sizeof *score);
    if (!held || !hw || !hl || !hcap || !score)
        goto out;
    /* Each enterprise is settled after its cause: fold the sets backwards. */
    size_t nb = 0;
    for (uint32_t i = norder; i-- > 0;) {
        uint32_t c = order[i], p = a->cause[c];
        if (held[c])
            nb++;
        if (p == FG_CHAIN_NONE)
            continue;
        held[p] += held[c] + 1;
        hw[p] += hw[c] + ((g->flags[c] & FG_CHAIN_WHITELIST) ? 1 : 0);
        hl[p] += hl[c] + ((g->flags[c] & FG_CHAIN_LIVELIHOOD) ? 1 : 0);
        hcap[p] += hcap[c] + g->capacity[c];
        score[p] += score[c] + g->capacity[c] * weight(g, c);
    }
    a->blocks = calloc(nb ? nb : 1, sizeof *a->blocks);
    a->resume = malloc((nb ? nb : 1) * sizeof *a->resume);
    if (!a->blocks || !a->resume)
        goto out;
    for (uint32_t i = 0; i < norder; i++) {
        uint32_t v = order[i];
        if (!held[v])
            continue;
        fg_chain_block *b = &a->blocks[a->nblocks++];
        b->node = v;
        b->stall = a->stall[v];
        b->held = held[v];
        b->held_whitelist = hw[v];
        b->held_livelihood = hl[v];
        b->held_capacity = hcap[v];
        b->score = score[v];
        b->sole_inputs = a->sole[v];
        b->sole_whitelist_customers = a->sole_whitelist[v];
        b->dominated = a->dominated[v];
        b->dominated_whitelist = a->dominated_whitelist[v];
    }
    FG_ASSERT(a->nblocks == nb);
    qsort(a->blocks, a->nblocks, sizeof *a->blocks, cmp_block);
    for (size_t i = 0; i < a->nblocks; i++)
        if (a->stall[a->blocks[i].node] == 0 && a->cause[a->blocks[i].node] == FG_CHAIN_NONE)
            a->resume[a->nresume++] = a->blocks[i].node;
    rc = 0;
    if (explain && a->nblocks)
        rc = explain_blocks(g, a, explain < a->nblocks ? explain : a->nblocks, order, norder);
out:
    free(held);
    free(hw);
    free(hl);
    free(hcap);
    free(score);
    return rc;
}

int fg_chain_analyse(const fg_chain *g, size_t explain, fg_chain_analysis *out, fg_err *err)
{
    fg_chain_analysis_init(out);
    fg_chain_analysis *a = out;
    uint32_t n = g->n, norder = 0, npre = 0;
    size_t nn = (size_t)n + 1;
    a->n = n;
    uint32_t *order = malloc(nn * sizeof *order);
    a->stall = malloc(nn * sizeof *a->stall);
    a->cause = malloc(nn * sizeof *a->cause);
    a->cause_grp = malloc(nn * sizeof *a->cause_grp);
    a->idom = malloc(nn * sizeof *a->idom);
    a->dominated = calloc(nn, sizeof *a->dominated);
    a->dominated_whitelist = calloc(nn, sizeof *a->dominated_whitelist);
    a->dominated_capacity = calloc(nn, sizeof *a->dominated_capacity);
    a->sole = calloc(nn, sizeof *a->sole);
    a->sole_whitelist = calloc(nn, sizeof *a->sole_whitelist);
    if (!order || !a->stall || !a->cause || !a->cause_grp || !a->idom || !a->dominated ||
        !a->dominated_whitelist || !a->dominated_capacity || !a->sole || !a->sole_whitelist)
        goto nomem;
    if (fg__chain_survive(g, NULL, 0, a->stall, a->cause, a->cause_grp, order, &norder))
        goto nomem;
    /* The preorder reuses nothing of the survival's: it gets its own array. */
    uint32_t *pre = malloc(nn * sizeof *pre);
    if (!pre)
        goto nomem;
    if (fg__chain_dominators(g, a->idom, pre, &npre)) {
        free(pre);
        goto nomem;
    }
    dominance(g, a, pre, npre);
    free(pre);
    sole_sources(g, a);
    if (blocks(g, a, order, norder, explain))
        goto nomem;
    free(order);
    return 0;
nomem:
    free(order);
    fg_chain_analysis_release(a);
    return fg_err_set(err, FG_ENOMEM, "out of memory analysing a supply chain of %u enterprises",
                      (unsigned)n);
}
