/* Immediate dominators of the supply graph from a virtual source above the
 * enterprises without suppliers: Lengauer–Tarjan's semidominators with path
 * compression, then the nearest common ancestor walk of Georgiadis's
 * semi-NCA variant, all on DFS preorder numbers (the virtual source is 1,
 * 0 means none), without recursion. */
#include <stdlib.h>
#include <string.h>

#include "../util/assert.h"
#include "chain.h"
#include "chain_internal.h"

static int has_suppliers(const fg_chain *g, uint32_t v)
{
    return g->node_grp[v] != g->node_grp[v + 1] &&
           g->grp_off[g->node_grp[v]] != g->grp_off[g->node_grp[v + 1]];
}

/* Numbers the enterprises reachable from the virtual source in preorder:
 * dfn[v] (0 = unreachable), vert[i], par[i]. Returns the count with the
 * source. `sn`, `si` are a stack of n entries. */
static uint32_t number(const fg_chain *g, uint32_t *dfn, uint32_t *vert, uint32_t *par,
                       uint32_t *sn, uint32_t *si)
{
    uint32_t next = 2;
    vert[1] = g->n;
    par[1] = 0;
    for (uint32_t r = 0; r < g->n; r++) {
        if (dfn[r] || has_suppliers(g, r))
            continue;
        size_t sp = 0;
        dfn[r] = next;
        vert[next] = r;
        par[next] = 1;
        next++;
        sn[sp] = r;
        si[sp] = g->out_off[r];
        sp++;
        while (sp) {
            uint32_t u = sn[sp - 1];
            if (si[sp - 1] == g->out_off[u + 1]) {
                sp--;
                continue;
            }
            uint32_t c = g->grp_cust[g->out_grp[si[sp - 1]++]];
            if (dfn[c])
                continue;
            dfn[c] = next;
            vert[next] = c;
            par[next] = dfn[u];
            next++;
            sn[sp] = c;
            si[sp] = g->out_off[c];
            sp++;
        }
    }
    return next - 1;
}

/* Lengauer–Tarjan's compress: afterwards label[v] is the least semi on the
 * forest path from v up to (not including) its tree's root, and anc[v] points
 * to that root's child. `stk` has room for the path. */
static void compress(uint32_t v, uint32_t *anc, uint32_t *label, uint32_t *stk)
{
    size_t sp = 0;
    while (anc[anc[v]]) {
        stk[sp++] = v;
        v = anc[v];
    }
    while (sp) {
        uint32_t y = stk[--sp], a = anc[y];
        if (label[a] < label[y])
            label[y] = label[a];
        anc[y] = anc[a];
    }
}

int fg__chain_dominators(const fg_chain *g, uint32_t *idom, uint32_t *pre, uint32_t *out_npre)
{
    uint32_t n = g->n;
    size_t nn = (size_t)n + 2;
    uint32_t *dfn = calloc(nn, sizeof *dfn);
    uint32_t *vert = malloc(nn * sizeof *vert);
    uint32_t *par = malloc(nn * sizeof *par);
    uint32_t *semi = malloc(nn * sizeof *semi);
    uint32_t *a1 = malloc(nn * sizeof *a1);
    uint32_t *a2 = malloc(nn * sizeof *a2);
    int rc = FG_ENOMEM;
    if (!dfn || !vert || !par || !semi || !a1 || !a2)
        goto out;
    uint32_t N = number(g, dfn, vert, par, a1, a2);
    /* After numbering, a1 and a2 serve as anc and label. */
    uint32_t *anc = a1, *label = a2, *stk = idom;
    memset(anc, 0, nn * sizeof *anc);
    for (uint32_t i = 1; i <= N; i++) {
        semi[i] = i;
        label[i] = i;
    }
    for (uint32_t w = N; w >= 2; w--) {
        uint32_t v = vert[w], s = semi[w];
        if (!has_suppliers(g, v)) {
            s = 1;
        } else {
            uint32_t b = g->grp_off[g->node_grp[v]], e = g->grp_off[g->node_grp[v + 1]];
            for (uint32_t k = b; k < e; k++) {
                uint32_t p = dfn[g->sup[k]];
                if (!p)
                    continue; /* unreachable supplier */
                uint32_t t;
                if (p < w) {
                    t = p;
                } else {
                    compress(p, anc, label, stk);
                    t = label[p];
                }
                if (t < s)
                    s = t;
            }
        }
        semi[w] = s;
        label[w] = s;
        anc[w] = par[w];
    }
    /* The nearest common ancestor walk, in preorder: idom (as numbers, in
     * par[]'s place) of w is the deepest ancestor of its parent whose number
     * is at most semi[w]. */
    uint32_t *inum = par;
    for (uint32_t w = 2; w <= N; w++) {
        uint32_t d = inum[w];
        while (d > semi[w])
            d = inum[d];
        inum[w] = d;
    }
    for (uint32_t v = 0; v < n; v++)
        idom[v] = FG_CHAIN_NONE;
    for (uint32_t w = 2; w <= N; w++)
        idom[vert[w]] = inum[w] > 1 ? vert[inum[w]] : FG_CHAIN_NONE;
    if (pre) {
        for (uint32_t w = 2; w <= N; w++)
            pre[w - 2] = vert[w];
        *out_npre = N - 1;
    }
    rc = 0;
out:
    free(dfn);
    free(vert);
    free(par);
    free(semi);
    free(a1);
    free(a2);
    return rc;
}

int fg_chain_dominators(const fg_chain *g, uint32_t **out_idom, fg_err *err)
{
    uint32_t *idom = malloc(((size_t)g->n + 1) * sizeof *idom);
    if (!idom || fg__chain_dominators(g, idom, NULL, NULL)) {
        free(idom);
        return fg_err_set(err, FG_ENOMEM, "out of memory computing the dominators");
    }
    *out_idom = idom;
    return 0;
}
