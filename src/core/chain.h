/* The supply-chain graph and its analyses: time to survive, dominators, sole
 * sources, block points (堵点), resumption priority, the impact report of one
 * stop and the critical-link mark. Pure: the graph is built from arrays the
 * caller loads (app/ from the store), days are counted from "today" = day 0,
 * nothing here reads a clock or does I/O.
 *
 * The model (DESIGN.md, Supply chain): an edge says that a supplier delivers
 * an input (a material category, a small integer) to a customer, with the
 * supplier's share of the customer's need and the customer's stock of that
 * input in days. A customer needs EVERY input it names; ANY one of an input's
 * suppliers that still runs will do (an AND of ORs). So an input of v is cut
 * on the day its last supplier stalls, v runs on its stock of that input for
 * stock days more, and v stalls on the earliest such day over its inputs; an
 * enterprise under a stop in force stalls on day 0.
 *
 * Resumption is not modelled: a stop is taken to hold for as long as the
 * question looks ahead (the scenario's N days, the report's 14 days), so the
 * answers are "stalls within the horizon". A stop's end day is kept so that a
 * caller can leave out stops that end before the horizon it asks about; the
 * propagation itself never lifts a stall. For a scenario whose stops all end
 * on day N, and enterprises that restart as soon as their inputs return,
 * this is exact: the enterprises stalling before day N are those that stall
 * at all (each resumes on day N); one whose day is N or later never stalls.
 *
 * Ownership: fg_chain_build copies what it needs (the caller's arrays are
 * borrowed for the call only). An analysis or an impact report owns its
 * arrays; release them with the matching _release. Nothing is shared between
 * objects except the graph, which an analysis borrows (it must outlive it). */
#ifndef FG_CORE_CHAIN_H
#define FG_CORE_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* A stall day that never comes (not stalled), and "no enterprise". */
#define FG_CHAIN_NEVER INT32_MAX
#define FG_CHAIN_NONE UINT32_MAX

/* Enterprise flags. */
#define FG_CHAIN_WHITELIST 1u  /* a member of a white list in force */
#define FG_CHAIN_LIVELIHOOD 2u /* livelihood supply enterprise (民生保障企业) */

/* The weights of block points and of resumption priority: an enterprise held
 * up counts its capacity times (1 + 2 if white-list + 1 if livelihood), so a
 * white-list member counts three times, a livelihood one twice, both four. */
#define FG_CHAIN_WEIGHT_WHITELIST 2
#define FG_CHAIN_WEIGHT_LIVELIHOOD 1

/* The report's horizons in days. */
#define FG_CHAIN_HORIZONS 3
extern const int32_t fg_chain_horizon_days[FG_CHAIN_HORIZONS]; /* 3, 7, 14 */

/* One enterprise as the caller gives it. `stop_until`: 0 = not stopped; D > 0
 * = a stop in force until day D (exclusive; FG_CHAIN_NEVER for open-ended).
 * `province` is a region code (330000); any int32 will do, it is only
 * compared. `capacity` >= 0 in the unit the caller uses throughout. */
typedef struct fg_chain_node {
    int64_t capacity;
    int32_t province;
    int32_t stop_until;
    uint32_t flags;
} fg_chain_node;

/* One edge as the caller gives it: indices into the nodes array. `share` in
 * [0, 1]; `stock_days` >= 0. Duplicate (supplier, customer, input) edges are
 * merged (largest share, largest stock). When the edges of one (customer,
 * input) give different stocks, the largest counts: the stock is the
 * customer's, one figure per input. */
typedef struct fg_chain_arc {
    uint32_t supplier;
    uint32_t customer;
    uint32_t input;
    float share;
    int32_t stock_days;
} fg_chain_arc;

/* The immutable graph. Enterprises 0..n-1. Each enterprise's inputs are
 * "groups": group k belongs to customer grp_cust[k], needs input
 * grp_input[k], has stock grp_stock[k] days and suppliers
 * sup[grp_off[k] .. grp_off[k+1]) (distinct, ascending) with shares
 * sup_share[...]. The groups of customer v are node_grp[v] .. node_grp[v+1].
 * The out-direction: supplier u's entries out_grp[out_off[u] ..
 * out_off[u+1]) name the groups it supplies (the customer is grp_cust[]).
 * `prov[v]` is a dense province index 0..nprov-1; prov_code[] maps back. */
typedef struct fg_chain {
    uint32_t n, ngrp, nsup, nprov;
    int64_t *capacity;
    int32_t *stop_until;
    uint8_t *flags;
    uint32_t *prov;
    int32_t *prov_code;
    int64_t *prov_capacity; /* total capacity per province index */
    uint32_t *node_grp;     /* n + 1 */
    uint32_t *grp_off;      /* ngrp + 1 */
    uint32_t *grp_cust, *grp_input;
    int32_t *grp_stock;
    uint32_t *sup;     /* nsup */
    float *sup_share;  /* nsup */
    uint32_t *out_off; /* n + 1 */
    uint32_t *out_grp; /* nsup */
} fg_chain;

/* Zeroes `g` (no allocation, cannot fail). */
void fg_chain_init(fg_chain *g);
/* Builds the graph from n nodes and m edges (both borrowed). FG_EINVAL with
 * the key chain.* naming the first bad edge (an index out of range, a self
 * edge, a share outside [0, 1], a negative stock) or node (a negative
 * capacity, a negative stop); FG_ENOMEM. On error `out` holds nothing. */
int fg_chain_build(fg_chain *out, uint32_t n, const fg_chain_node *nodes, size_t m,
                   const fg_chain_arc *edges, fg_err *err);
/* Frees what `g` holds, leaves it zeroed. */
void fg_chain_release(fg_chain *g);

/* Time to survive. `extra` (may be NULL when nextra is 0) names enterprises
 * stopped in addition to the stops in force: the scenario "if these stop"
 * (its N days are the horizon the caller reads the answer within). On
 * return stall[v] is the day v stalls (0 = stopped itself), FG_CHAIN_NEVER if
 * it never does; cause[v] the supplier whose stall cut v's first input to run
 * out (FG_CHAIN_NONE for an enterprise stopped itself or never stalling);
 * cause_grp[v] that input's group. Cycles need no care: an input is cut only
 * when every supplier has stalled, and nothing stalls without a stop behind
 * it. Both arrays are new, n entries each; free them with free(). */
int fg_chain_survive(const fg_chain *g, const uint32_t *extra, size_t nextra, int32_t **out_stall,
                     uint32_t **out_cause, uint32_t **out_cause_grp, fg_err *err);

/* Immediate dominators of the supply graph with a virtual source above every
 * enterprise that has no supplier: idom[v] is the enterprise every supply path
 * to v passes through last, FG_CHAIN_NONE when only the virtual source
 * dominates v or v cannot be reached from it (an enterprise on a cycle with no
 * way in). The array is new (n entries; free()). Lengauer–Tarjan. */
int fg_chain_dominators(const fg_chain *g, uint32_t **out_idom, fg_err *err);

/* One block point: a stalled enterprise (stopped, or at risk: stalled because
 * of its inputs) that holds others up. `held` are the enterprises whose stall
 * traces back to it through cause[] (not itself); `score` their capacity
 * weighted as FG_CHAIN_WEIGHT_* say. The explanation: held white-list and
 * livelihood members, the provinces they are in, the inputs it is the sole
 * source of (groups with it as the only supplier), the white-list customers
 * of those, and the enterprises it dominates. */
typedef struct fg_chain_block {
    uint32_t node;
    int32_t stall;
    uint32_t held, held_whitelist, held_livelihood, held_provinces;
    int64_t held_capacity, score;
    uint32_t sole_inputs, sole_whitelist_customers, sole_provinces;
    uint32_t dominated, dominated_whitelist;
} fg_chain_block;

/* The full analysis over the stops in force. Per enterprise: stall, cause,
 * idom; over the dominator tree, dominated[v] / dominated_whitelist[v] /
 * dominated_capacity[v] count the enterprises v strictly dominates; sole[v]
 * the inputs v is the only supplier of, sole_whitelist[v] the white-list
 * customers among them. `blocks` are the stalled enterprises that hold at
 * least one other up, by score, then held capacity, then index;
 * `resume` the stopped ones in the same order: resumption priority (the
 * enterprise first whose resumption frees the most weighted capacity that
 * waits on it). Explanations (held_provinces, sole_provinces) are filled for
 * the first `explain` blocks only (they walk the held sets); the rest have 0. */
typedef struct fg_chain_analysis {
    uint32_t n;
    int32_t *stall;
    uint32_t *cause, *cause_grp;
    uint32_t *idom;
    uint32_t *dominated, *dominated_whitelist;
    int64_t *dominated_capacity;
    uint32_t *sole, *sole_whitelist;
    fg_chain_block *blocks;
    size_t nblocks;
    uint32_t *resume;
    size_t nresume;
} fg_chain_analysis;

void fg_chain_analysis_init(fg_chain_analysis *a);
/* Runs everything above. FG_ENOMEM; on error `out` holds nothing. */
int fg_chain_analyse(const fg_chain *g, size_t explain, fg_chain_analysis *out, fg_err *err);
void fg_chain_analysis_release(fg_chain_analysis *a);

/* One enterprise that the impact report says stalls: its new stall day. */
typedef struct fg_chain_hit {
    uint32_t node;
    int32_t day;
} fg_chain_hit;

/* The impact of one more stop (an order on `node`) against the analysis of
 * the stops in force: the enterprises that would stall within each horizon
 * and do not stall by then today (the difference of two full analyses),
 * the white-list and livelihood members among them, the provinces they are
 * in, their capacity (within the last horizon). Computed from `node`
 * downstream only. `hits` (new, nhits entries, by day then index) lists the
 * enterprises stalling within the last horizon that did not before; `node`
 * itself is among them when it was not stalled. */
typedef struct fg_chain_impact {
    uint32_t node;
    uint32_t stall[FG_CHAIN_HORIZONS], whitelist[FG_CHAIN_HORIZONS], livelihood[FG_CHAIN_HORIZONS];
    uint32_t provinces;
    int64_t capacity;
    fg_chain_hit *hits;
    size_t nhits;
} fg_chain_impact;

void fg_chain_impact_init(fg_chain_impact *r);
/* FG_EINVAL (chain.node_range) when node >= n; FG_ENOMEM. */
int fg_chain_impact_of(const fg_chain *g, const fg_chain_analysis *a, uint32_t node,
                       fg_chain_impact *out, fg_err *err);
void fg_chain_impact_release(fg_chain_impact *r);

/* The distinct inputs `node` is the only supplier of to some customer,
 * ascending: up to `cap` of them (the first found) into `out` (may be NULL
 * when cap is 0).
 * Returns how many there are (possibly more than cap): the explanation's
 * "sole supplier of castings". */
size_t fg_chain_sole_inputs(const fg_chain *g, uint32_t node, uint32_t *out, size_t cap);

/* The critical-link mark of one enterprise, with its reason and figures. */
typedef enum {
    FG_CHAIN_CRIT_NONE = 0,
    FG_CHAIN_CRIT_DOMINATOR = 1,      /* dominates a white-list member */
    FG_CHAIN_CRIT_SOLE_SOURCE = 2,    /* sole source of an input to one */
    FG_CHAIN_CRIT_PROVINCE_SHARE = 3, /* dominates > share of its province */
} fg_chain_crit_reason;

typedef struct fg_chain_mark {
    int critical;                /* 1 or 0 */
    fg_chain_crit_reason reason; /* the first that holds, in the order above */
    uint32_t dominated_whitelist, sole_whitelist;
    int64_t dominated_capacity, province_capacity;
    double share; /* dominated_capacity / province_capacity (0 if empty) */
} fg_chain_mark;

/* Says whether `node` is critical: it dominates a white-list member, or is
 * the sole source of an input of one, or the capacity it dominates is more
 * than `share_threshold` (e.g. 0.05) of its province's. Structural: the
 * stops in force do not change it. Reads `a` (borrowed). */
void fg_chain_mark_of(const fg_chain *g, const fg_chain_analysis *a, uint32_t node,
                      double share_threshold, fg_chain_mark *out);
/* "none", "dominator", "sole_source", "province_share". */
const char *fg_chain_crit_name(fg_chain_crit_reason reason);

#endif
