/* The white-list pool (白名单池): the upstream suppliers of the enterprises on
 * a white list in force that are not listed themselves, suggested for listing
 * with the reasons the graph gives. Pure: reads a built graph and its
 * dominators (core/chain.h), returns arrays.
 *
 * Bounded: a supplier is looked for within FG_CHAIN_POOL_TIERS tiers upstream
 * of a listed enterprise (tier 1 = its direct suppliers). The reasons, per
 * (supplier, listed enterprise):
 *  - sole source: the supplier is the only supplier of an input of the listed
 *    enterprise (tier 1);
 *  - share: it delivers at least `share_threshold` of the listed enterprise's
 *    need of an input (tier 1);
 *  - dominator: every supply path to the listed enterprise passes through it
 *    (any of the tiers searched).
 * Being upstream alone is no reason: a supplier with none is not suggested. */
#ifndef FG_CORE_CHAIN_POOL_H
#define FG_CORE_CHAIN_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "chain.h"

#define FG_CHAIN_POOL_TIERS 3
#define FG_CHAIN_POOL_SHARE 0.5 /* the default share threshold */

/* Reasons, a bit each. */
#define FG_CHAIN_POOL_SOLE 1u
#define FG_CHAIN_POOL_SHARE_OF 2u
#define FG_CHAIN_POOL_DOMINATOR 4u

/* One reason row: `supplier` is suggested because of `listed`. `input` is
 * the input of a sole or share reason (FG_CHAIN_NONE for a dominator only);
 * `share` that input's share; `tier` how far upstream of `listed` the supplier
 * is (1..FG_CHAIN_POOL_TIERS). */
typedef struct fg_chain_pool_why {
    uint32_t supplier, listed, input;
    uint32_t reasons;
    uint8_t tier;
    float share;
} fg_chain_pool_why;

/* One suggested supplier. `listed` distinct listed enterprises it has a reason
 * for, in `provinces` distinct provinces; `sole`, `share`, `dominated`: how
 * many of them for each reason; `tier` the nearest; `why[first .. first +
 * nwhy)` its rows. The items are ranked: most listed enterprises, then sole
 * + dominated, then capacity, then index. */
typedef struct fg_chain_pool_item {
    uint32_t node;
    uint32_t listed, provinces, sole, share, dominated;
    uint8_t tier;
    int64_t capacity; /* the supplier's */
    size_t first, nwhy;
} fg_chain_pool_item;

typedef struct fg_chain_pool {
    fg_chain_pool_item *items;
    size_t nitems;
    fg_chain_pool_why *why; /* grouped by supplier in the items' order */
    size_t nwhy;
} fg_chain_pool;

void fg_chain_pool_init(fg_chain_pool *p);
/* Computes the pool of `g` with the immediate dominators `idom` (n entries,
 * from fg_chain_dominators or an analysis; borrowed). `share_threshold` in
 * (0, 1]. FG_ENOMEM; on error `out` holds nothing. Cost: for each listed
 * enterprise, its upstream within the tiers and its dominator chain. */
int fg_chain_pool_of(const fg_chain *g, const uint32_t *idom, double share_threshold,
                     fg_chain_pool *out, fg_err *err);
void fg_chain_pool_release(fg_chain_pool *p);

#endif
