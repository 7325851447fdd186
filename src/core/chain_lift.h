/* Lift together (联动解除): pairs of regions whose stops hold each other's
 * chains up, so that lifting one region's stops alone restores little and
 * lifting both restores much more. Pure: reads a built graph (core/chain.h).
 *
 * The caller groups the enterprises by region (`group[v]`, a dense index, or
 * FG_CHAIN_NONE for an enterprise whose stops are never lifted here: outside
 * the view). "Lifting" a region ends the stops in force of its enterprises;
 * what it restores is the capacity of the enterprises held up downstream:
 * those that stall within `horizon` days today and no longer do once those
 * stops end, not counting the lifted enterprises themselves (whose own
 * capacity comes back whatever the other region does, and would hide the
 * chain's answer behind the size of a region's stops), weighted as block
 * points are (FG_CHAIN_WEIGHT_*: a white-list member's capacity counts three
 * times). For regions A and B with restored capacities a, b alone and ab
 * together, the pair is reported when ab >= factor * (a + b) and
 * ab - a - b >= min_gain (and > 0), with the enterprises that only lifting both
 * restores ("held by both").
 *
 * Bounded: only regions with stops (at most FG_CHAIN_LIFT_GROUPS, those with
 * the most stopped capacity), and only pairs whose stops hold up a common
 * stalled enterprise downstream (at most FG_CHAIN_LIFT_PAIRS of them, most
 * shared first) are computed: one time-to-survive run per region and per such
 * pair. */
#ifndef FG_CORE_CHAIN_LIFT_H
#define FG_CORE_CHAIN_LIFT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "chain.h"

#define FG_CHAIN_LIFT_GROUPS 64
#define FG_CHAIN_LIFT_PAIRS 256
#define FG_CHAIN_LIFT_HELD 10 /* enterprises held by both named per pair */

typedef struct fg_chain_lift_pair {
    uint32_t a, b; /* group indices, a < b */
    int64_t restored_a, restored_b, restored_both;
    uint32_t held_both;  /* how many enterprises only lifting both restores */
    size_t first, nheld; /* held[first .. first + nheld): up to FG_CHAIN_LIFT_HELD of them */
} fg_chain_lift_pair;

/* `pairs` by gain (restored_both - restored_a - restored_b), largest first,
 * then by group indices. `truncated` is 1 when regions or pairs were left
 * out by the bounds above. */
typedef struct fg_chain_lift {
    fg_chain_lift_pair *pairs;
    size_t npairs;
    uint32_t *held;
    size_t nheld;
    int truncated;
} fg_chain_lift;

void fg_chain_lift_init(fg_chain_lift *l);
/* `group` has g->n entries (borrowed), each < ngroups or FG_CHAIN_NONE;
 * horizon >= 0 days; factor >= 1. FG_ENOMEM; on error `out` holds nothing. */
int fg_chain_lift_of(const fg_chain *g, const uint32_t *group, uint32_t ngroups, int32_t horizon,
                     double factor, int64_t min_gain, fg_chain_lift *out, fg_err *err);
void fg_chain_lift_release(fg_chain_lift *l);

#endif
