/* The critical-link mark (关键环节标记) as the order routes see it: an
 * enterprise is at a critical link of a chain when the chain analysis marks it
 * (core/chain.h fg_chain_mark_of: it dominates a white-list member, is the
 * sole source of an input of one, or dominates more than a share of its
 * province's capacity), or when the provincial industry authority marks it by
 * hand with a reason. Its orders then take the critical-link route, as a
 * white-list member's do (the guidance table's rules "critical-whitelist" and
 * "critical-marked"). Pure: who may mark, what a reason must be, and what the
 * guidance sees. */
#ifndef FG_CORE_CRITICAL_H
#define FG_CORE_CRITICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"
#include "access.h"
#include "chain.h"
#include "guidance.h"

/* The province share above which dominating an enterprise's province's
 * capacity marks it (fg_chain_mark_of's share_threshold). */
#define FG_CRITICAL_PROVINCE_SHARE 0.05

/* A manual mark's reason, in characters (UTF-8 code points). */
#define FG_CRITICAL_REASON_MIN 4
#define FG_CRITICAL_REASON_MAX 500

/* What the order route reads of an enterprise: its white-list membership,
 * its analysis mark and its manual mark. */
typedef struct fg_critical_state {
    bool whitelist;
    fg_chain_crit_reason analysis; /* FG_CHAIN_CRIT_NONE when the analysis does not mark it */
    bool manual;
} fg_critical_state;

/* Whether the enterprise counts as critical for the guidance (the analysis
 * or the manual mark; white-list membership has its own condition). */
bool fg_critical_marked(const fg_critical_state *s);

/* Fills the guidance input's whitelist and critical from `s` (the rest of
 * `in` is left as it is): the mark, not a typed flag, feeds the route. */
void fg_critical_guidance_input(const fg_critical_state *s, fg_guidance_input *in);

/* The basis of a stored mark: "dominator", "sole_source", "province_share"
 * (the analysis's reasons) or "manual". */
const char *fg_critical_basis_name(fg_chain_crit_reason reason, bool manual);

/* Checks a manual mark or its removal by `p` on an enterprise in county
 * `region`: the account must be an industry authority whose jurisdiction is a
 * province containing the enterprise (FG_EPERM, critical.province_only or
 * critical.outside), and `reason` must be FG_CRITICAL_REASON_MIN to _MAX
 * characters (FG_EINVAL, critical.reason). */
int fg_critical_manual_check(const fg_principal *p, int32_t region, const char *reason,
                             fg_err *err);

#endif
