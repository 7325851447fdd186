/* Reach of policies that benefit enterprises (惠企政策, issue 15, part
 * "reach"): what the entitlements, claims and objections say per policy and
 * county, the eligible enterprises not reached, and the marks the sweep keeps
 * for re-matching when facts change (migrations 026 and 027). SQL only: the figures
 * are rolled up to regions and medians taken in app/policy_reach.c. */
#ifndef FG_STORE_POLICY_REACH_H
#define FG_STORE_POLICY_REACH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* ---- the sweep's marks (policy_match_marks) ------------------------------ */

/* The mark `name` ("catalogue"): its value (into value[0..cap))
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

/* ---- the re-match queue (policy_rematch_queue, migration 027) ---------- */

/* An enterprise queued for re-matching, and how many times it was queued
 * since it was last taken. */
typedef struct fg_rematch_queued {
    char uscc[19];
    int64_t n;
} fg_rematch_queued;
/* Queues enterprise `uscc` for re-matching in tx (a fact the rules read
 * changed: a daily report). Idempotent per enterprise; no audit entry (the
 * report's transaction has its own). */
int fg_store_policy_rematch_enqueue(fg_tx *tx, const char *uscc, fg_err *err);
/* The queued enterprises, longest waiting first, at most `cap` into out. */
int fg_store_policy_rematch_queued(fg_db *db, fg_rematch_queued *out, size_t cap, size_t *out_n,
                                   fg_err *err);
/* Takes `q` off the queue unless it was queued again since it was read (its
 * n differs): then it stays for the next round. */
int fg_store_policy_rematch_done(fg_db *db, const fg_rematch_queued *q, fg_err *err);

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
