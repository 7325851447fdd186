/* Lift together: what lifting one region's stops restores, alone and with
 * another region's (chain_lift.h). Each "lift" is a time-to-survive run on a
 * copy of the graph's stop days with the lifted enterprises' stops cleared. */
#include "chain_lift.h"

#include <stdlib.h>
#include <string.h>

#include "chain_internal.h"

void fg_chain_lift_init(fg_chain_lift *l)
{
    memset(l, 0, sizeof(*l));
}

void fg_chain_lift_release(fg_chain_lift *l)
{
    free(l->pairs);
    free(l->held);
    fg_chain_lift_init(l);
}

typedef struct work {
    const fg_chain *g;
    const uint32_t *group;
    int32_t horizon;
    int32_t *base;  /* stall days with every stop */
    int32_t *stall; /* scratch stall days */
    uint32_t *cause, *cgrp;
    int32_t *stops;       /* scratch stop days */
    uint32_t *slot;       /* group -> slot of a considered region, or NONE */
    uint8_t *restored_by; /* per enterprise, scratch: bit 0 lifted by a, bit 1 by b */
} work;

/* Runs time to survive with the stops of the enterprises whose group's slot
 * is sa or sb cleared (sb may be NONE); returns the capacity restored within
 * the horizon downstream (not the lifted enterprises' own), and marks `bit`
 * in restored_by[] of each enterprise restored. */
static int lift(work *w, uint32_t sa, uint32_t sb, uint8_t bit, int64_t *out)
{
    const fg_chain *g = w->g;
    for (uint32_t v = 0; v < g->n; v++) {
        uint32_t gr = w->group[v];
        uint32_t s = gr == FG_CHAIN_NONE ? FG_CHAIN_NONE : w->slot[gr];
        w->stops[v] = (s != FG_CHAIN_NONE && (s == sa || s == sb)) ? 0 : g->stop_until[v];
    }
    fg_chain copy = *g;
    copy.stop_until = w->stops;
    if (fg__chain_survive(&copy, NULL, 0, w->stall, w->cause, w->cgrp, NULL, NULL))
        return FG_ENOMEM;
    int64_t sum = 0;
    for (uint32_t v = 0; v < g->n; v++)
        if (w->stops[v] == g->stop_until[v] && w->base[v] <= w->horizon &&
            w->stall[v] > w->horizon) {
            int64_t weight = 1 +
                             (g->flags[v] & FG_CHAIN_WHITELIST ? FG_CHAIN_WEIGHT_WHITELIST : 0) +
                             (g->flags[v] & FG_CHAIN_LIVELIHOOD ? FG_CHAIN_WEIGHT_LIVELIHOOD : 0);
            sum += g->capacity[v] * weight;
            w->restored_by[v] |= bit;
        }
    *out = sum;
    return 0;
}

typedef struct region {
    uint32_t group, nstops;
    int64_t stopped;
} region;

static int cmp_region(const void *a, const void *b)
{
    const region *x = a, *y = b;
    if ((x->nstops > 0) != (y->nstops > 0))
        return x->nstops > 0 ? -1 : 1;
    if (x->stopped != y->stopped)
        return x->stopped > y->stopped ? -1 : 1;
    return x->group < y->group ? -1 : x->group > y->group;
}

typedef struct cand {
    uint32_t a, b, shared;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

static int cmp_pair(const void *a, const void *b)
{
    const fg_chain_lift_pair *x = a, *y = b;
    int64_t gx = x->restored_both - x->restored_a - x->restored_b;
    int64_t gy = y->restored_both - y->restored_a - y->restored_b;
    if (gx != gy)
        return gx > gy ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

int fg_chain_lift_of(const fg_chain *g, const uint32_t *group, uint32_t ngroups, int32_t horizon,
                     double factor, int64_t min_gain, fg_chain_lift *out, fg_err *err)
{
    fg_chain_lift_init(out);
    int rc = 0;
    size_t nn = g->n ? g->n : 1, ng = ngroups ? ngroups : 1;
    work w = {g, group, horizon, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    w.base = malloc(nn * sizeof(*w.base));
    w.stall = malloc(nn * sizeof(*w.stall));
    w.cause = malloc(nn * sizeof(*w.cause));
    w.cgrp = malloc(nn * sizeof(*w.cgrp));
    w.stops = malloc(nn * sizeof(*w.stops));
    w.slot = malloc(ng * sizeof(*w.slot));
    w.restored_by = calloc(nn, 1);
    region *regs = calloc(ng, sizeof(*regs));
    uint64_t *reach = calloc(nn, sizeof(*reach));
    uint32_t *queue = malloc(nn * sizeof(*queue));
    cand *cands = NULL;
    fg_chain_lift_pair *pairs = NULL;
    uint32_t *held = NULL;
    size_t npairs = 0, nheld = 0;
    if (!w.base || !w.stall || !w.cause || !w.cgrp || !w.stops || !w.slot || !w.restored_by ||
        !regs || !reach || !queue)
        goto nomem;
    if (fg__chain_survive(g, NULL, 0, w.base, w.cause, w.cgrp, NULL, NULL))
        goto nomem;
    /* The regions with stops, most stopped capacity first, at most the bound. */
    for (uint32_t k = 0; k < ngroups; k++)
        regs[k] = (region){k, 0, 0};
    for (uint32_t v = 0; v < g->n; v++)
        if (group[v] != FG_CHAIN_NONE && group[v] < ngroups && g->stop_until[v] > 0) {
            regs[group[v]].nstops++;
            regs[group[v]].stopped += g->capacity[v];
        }
    if (ngroups)
        qsort(regs, ngroups, sizeof(*regs), cmp_region);
    uint32_t nreg = 0;
    while (nreg < ngroups && regs[nreg].nstops > 0)
        nreg++;
    if (nreg > FG_CHAIN_LIFT_GROUPS) {
        nreg = FG_CHAIN_LIFT_GROUPS;
        out->truncated = 1;
    }
    for (uint32_t k = 0; k < ngroups; k++)
        w.slot[k] = FG_CHAIN_NONE;
    for (uint32_t s = 0; s < nreg; s++)
        w.slot[regs[s].group] = s;
    /* What each region's stops hold up: the stalled enterprises downstream of
     * them through stalled enterprises (a bit per region). */
    for (uint32_t s = 0; s < nreg; s++) {
        size_t head = 0, tail = 0;
        uint64_t bit = 1ull << s;
        for (uint32_t v = 0; v < g->n; v++)
            if (group[v] != FG_CHAIN_NONE && group[v] < ngroups && w.slot[group[v]] == s &&
                g->stop_until[v] > 0) {
                reach[v] |= bit;
                queue[tail++] = v;
            }
        while (head < tail) {
            uint32_t u = queue[head++];
            for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
                uint32_t c = g->grp_cust[g->out_grp[k]];
                if (w.base[c] <= horizon && !(reach[c] & bit)) {
                    reach[c] |= bit;
                    queue[tail++] = c;
                }
            }
        }
    }
    /* Candidate pairs: regions holding up a common enterprise. */
    uint32_t *shared = calloc((size_t)FG_CHAIN_LIFT_GROUPS * FG_CHAIN_LIFT_GROUPS, sizeof(*shared));
    if (!shared)
        goto nomem;
    for (uint32_t v = 0; v < g->n; v++) {
        uint64_t m = reach[v];
        if (!(m & (m - 1)))
            continue; /* fewer than two regions */
        for (uint32_t a = 0; a < nreg; a++)
            if (m & (1ull << a))
                for (uint32_t b = a + 1; b < nreg; b++)
                    if (m & (1ull << b))
                        shared[a * FG_CHAIN_LIFT_GROUPS + b]++;
    }
    size_t ncand = 0;
    cands = malloc(((size_t)nreg * nreg / 2 + 1) * sizeof(*cands));
    if (!cands) {
        free(shared);
        goto nomem;
    }
    for (uint32_t a = 0; a < nreg; a++)
        for (uint32_t b = a + 1; b < nreg; b++)
            if (shared[a * FG_CHAIN_LIFT_GROUPS + b])
                cands[ncand++] = (cand){a, b, shared[a * FG_CHAIN_LIFT_GROUPS + b]};
    free(shared);
    if (ncand)
        qsort(cands, ncand, sizeof(*cands), cmp_cand);
    if (ncand > FG_CHAIN_LIFT_PAIRS) {
        ncand = FG_CHAIN_LIFT_PAIRS;
        out->truncated = 1;
    }
    pairs = malloc((ncand ? ncand : 1) * sizeof(*pairs));
    held = malloc((ncand ? ncand : 1) * FG_CHAIN_LIFT_HELD * sizeof(*held));
    if (!pairs || !held)
        goto nomem;
    /* Per pair: each alone, then both, marking who restores what. */
    for (size_t i = 0; i < ncand; i++) {
        uint32_t a = cands[i].a, b = cands[i].b;
        int64_t ra, rb, both;
        memset(w.restored_by, 0, nn);
        if (lift(&w, a, FG_CHAIN_NONE, 1, &ra) || lift(&w, b, FG_CHAIN_NONE, 2, &rb) ||
            lift(&w, a, b, 4, &both))
            goto nomem;
        if (both - ra - rb <= 0 || (double)both < factor * (double)(ra + rb) ||
            both - ra - rb < min_gain)
            continue;
        fg_chain_lift_pair p = {regs[a].group < regs[b].group ? regs[a].group : regs[b].group,
                                regs[a].group < regs[b].group ? regs[b].group : regs[a].group,
                                regs[a].group < regs[b].group ? ra : rb,
                                regs[a].group < regs[b].group ? rb : ra,
                                both,
                                0,
                                nheld,
                                0};
        for (uint32_t v = 0; v < g->n; v++)
            if (w.restored_by[v] == 4) {
                p.held_both++;
                if (p.nheld < FG_CHAIN_LIFT_HELD) {
                    held[nheld++] = v;
                    p.nheld++;
                }
            }
        pairs[npairs++] = p;
    }
    if (npairs)
        qsort(pairs, npairs, sizeof(*pairs), cmp_pair);
    /* Sorting moved the pairs, not their held slices: gather them again. */
    uint32_t *held2 = malloc((nheld ? nheld : 1) * sizeof(*held2));
    if (!held2)
        goto nomem;
    size_t k = 0;
    for (size_t i = 0; i < npairs; i++) {
        memcpy(held2 + k, held + pairs[i].first, pairs[i].nheld * sizeof(*held2));
        pairs[i].first = k;
        k += pairs[i].nheld;
    }
    free(held);
    held = held2;
    out->pairs = pairs;
    out->npairs = npairs;
    out->held = held;
    out->nheld = nheld;
    pairs = NULL;
    held = NULL;
    goto done;
nomem:
    fg_chain_lift_init(out);
    rc = fg_err_set(err, FG_ENOMEM, "out of memory computing the regions to lift together");
done:
    free(w.base);
    free(w.stall);
    free(w.cause);
    free(w.cgrp);
    free(w.stops);
    free(w.slot);
    free(w.restored_by);
    free(regs);
    free(reach);
    free(queue);
    free(cands);
    free(pairs);
    free(held);
    return rc;
}
