/* Reach of policies that benefit enterprises (惠企政策, issue 15, part
 * "reach"): what the entitlements, claims and objections say per policy and
 * county, the eligible enterprises not reached, and the marks the sweep keeps
 * for re-matching when facts change (migration 026). SQL only: the figures
 * are rolled up to regions and medians taken in app/policy_reach.c. */
#ifndef FG_STORE_POLICY_REACH_H
#define FG_STORE_POLICY_REACH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "db.h"

/* ---- the sweep's marks (policy_match_marks) ------------------------------ */

/* The mark `name` ("catalogue", "reports"): its value (into value[0..cap))
 * and time; *out_found false (value "", at 0) when it was never set. */
int fg_store_policy_mark_get(fg_db *db, const char *name, char *value, size_t cap, int64_t *out_at,
                             bool *out_found, fg_err *err);
/* Sets the mark. A bookkeeping row of the sweep, not a record anybody
 * decided: written without an audit entry. */
int fg_store_policy_mark_set(fg_db *db, const char *name, const char *value, int64_t at,
                             fg_err *err);
/* A fingerprint (SHA-256, hex) of what the matching reads of the catalogue:
 * every policy's id, state, rule version, validity and issuer's region. */
int fg_store_policy_catalogue_fingerprint(fg_db *db, char out[65], fg_err *err);

/* A daily report stored after a time: its enterprise and when. */
typedef struct fg_reported {
    char uscc[19];
    int64_t at;
} fg_reported;
/* The reports stored after `after` (reported_at), oldest first, at most
 * `cap` into out. */
int fg_store_reports_since(fg_db *db, int64_t after, fg_reported *out, size_t cap, size_t *out_n,
                           fg_err *err);

/* ---- reach ---------------------------------------------------------------- */

/* The figures of one policy in one county. */
typedef struct fg_reach_cell {
    char policy[37];
    int32_t county;
    int64_t eligible;         /* entitlements eligible now */
    int64_t eligible_reached; /* of those, with a claim (automatic or applied) */
    int64_t reached;          /* enterprises with a claim, in any state */
    int64_t granted;          /* claims granted or received */
    int64_t received;         /* claims received */
    int64_t granted_fen;      /* paid on those */
    int64_t objections;
} fg_reach_cell;

/* The figures of `policy` (NULL: every policy) per county inside `region`,
 * ordered by policy then county (new array; free()). */
int fg_store_reach_cells(fg_db *db, const char *policy, int32_t region, fg_reach_cell **out,
                         size_t *out_n, fg_err *err);

/* A payment's delay: from eligibility to the grant. */
typedef struct fg_reach_delay {
    char policy[37];
    int32_t county;
    int64_t ms; /* granted_at - eligible_since */
} fg_reach_delay;
/* The delays of the granted (or received) claims of `policy` (NULL: every
 * policy) inside `region` (new array; free()). */
int fg_store_reach_delays(fg_db *db, const char *policy, int32_t region, fg_reach_delay **out,
                          size_t *out_n, fg_err *err);

/* The enterprises of `region` eligible for `policy` with no claim, longest
 * eligible first, `limit` from `offset`: *out a new array of {uscc, name,
 * region, amount_fen, eligible_since, contacts: [{username, display_name}]};
 * *out_total how many there are in all. */
int fg_store_reach_unreached(fg_db *db, const char *policy, int32_t region, int64_t limit,
                             int64_t offset, json_t **out, int64_t *out_total, fg_err *err);

#endif
