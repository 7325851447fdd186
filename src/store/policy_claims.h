/* The delivery of policies that benefit enterprises as stored (issue 15,
 * part "delivery"; migration 025): claims, their attachments, objections,
 * and the budget each policy commits at approval. Writes take the caller's
 * fg_tx and append their audit entry to it; what may happen to a claim is
 * decided in core/policy_claim.c and app/policy_claims.c, not here. */
#ifndef FG_STORE_POLICY_CLAIMS_H
#define FG_STORE_POLICY_CLAIMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../core/policy.h"
#include "../core/policy_claim.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_claim_row {
    char id[37];
    char policy[37];
    char policy_title[FG_POLICY_TEXT_MAX * 4 + 1]; /* read only */
    int32_t policy_region;                         /* read only: the issuer's region */
    char enterprise[FG_USCC_LEN + 1];
    char enterprise_name[FG_NAME_MAX * 4 + 1]; /* read only */
    int32_t region;                            /* the enterprise's county at the claim */
    bool automatic;                            /* origin: automatic, else application */
    fg_claim_state state;
    int rule_version;
    json_t *form;       /* owned (NULL once released) */
    int64_t amount_fen; /* -1: not known */
    int64_t approved_fen, granted_fen;
    int32_t grant_date;
    char grant_reference[FG_CLAIM_REF_MAX * 4 + 1];
    char reason[FG_CLAIM_REASON_MAX * 4 + 1];
    int64_t eligible_since;
    char created_by[128];
    int64_t created_at, decided_at, granted_at, received_at, updated_at;
    int version;
} fg_claim_row;

void fg_claim_row_release(fg_claim_row *r);
/* The row as JSON (times RFC 3339, dates YYYY-MM-DD, region six digits). */
json_t *fg_claim_row_json(const fg_claim_row *r);

/* Inserts `r` (id, version 1 and the times set here; state, form and the
 * rest set by the caller), audited as `action` (policy_claim.apply or
 * policy_claim.automatic). FG_EEXIST (policy.claim_exists) when the
 * enterprise already has a live claim under the policy. */
int fg_store_claim_insert(fg_tx *tx, fg_claim_row *r, const char *action, fg_err *err);
/* FG_ENOTFOUND (policy.claim_not_found) when there is none. Release. */
int fg_store_claim_get(fg_db *db, const char *id, fg_claim_row *out, fg_err *err);
/* The live claim (not rejected nor withdrawn) of the enterprise under the
 * policy: 1 and *out (release), or 0 when there is none. */
int fg_store_claim_live(fg_db *db, const char *policy, const char *enterprise, fg_claim_row *out,
                        fg_err *err);
/* Writes `after` over `before` if the row is still at before->version
 * (FG_ECONFLICT policy.claim_changed otherwise), version + 1, audited as
 * `action` with {before, after, ...extra} (extra borrowed, may be NULL). */
int fg_store_claim_update(fg_tx *tx, const fg_claim_row *before, fg_claim_row *after,
                          const char *action, json_t *extra, fg_err *err);

typedef struct fg_claim_filter {
    int state;              /* fg_claim_state, or -1: any */
    bool open_only;         /* pending, more_info or approved (the department's work) */
    const char *policy;     /* NULL or "": any */
    const char *enterprise; /* NULL or "": any */
    int32_t lo, hi;         /* the claim's county in [lo, hi] */
    /* The policy's region: inside [policy_lo, policy_hi] or one of anc[0..n_anc). */
    int32_t policy_lo, policy_hi;
    int32_t anc[4];
    size_t n_anc;
    long limit, offset;
} fg_claim_filter;

/* A filter that takes everything (then narrow it). */
void fg_claim_filter_init(fg_claim_filter *f);
/* Calls fn for each claim matching f, newest first, without its form
 * (row->form NULL); *out_total: how many match in all. */
int fg_store_claims_list(fg_db *db, const fg_claim_filter *f,
                         int (*fn)(const fg_claim_row *r, void *ctx), void *ctx, long *out_total,
                         fg_err *err);

/* ---- the budget ---- */

/* Commits `amount` against the policy's budget: committed_fen grows by it
 * when the policy has no budget or the budget holds it — one conditional
 * UPDATE, so concurrent approvals cannot together exceed it on either
 * engine. FG_ECONFLICT (policy.budget_exhausted) when it does not fit. */
int fg_store_policy_commit(fg_tx *tx, const char *policy, int64_t amount, fg_err *err);
/* Gives back `amount` of the committed budget (approved but not granted). */
int fg_store_policy_release(fg_tx *tx, const char *policy, int64_t amount, fg_err *err);

/* ---- attachments ---- */

/* Adds attachment number `seq` of the claim (body: base64, checked). */
int fg_store_claim_file_add(fg_tx *tx, const char *claim, int seq, const char *name,
                            const char *mime, const char *body, fg_err *err);
/* The claim's attachments: [{seq, name, mime, size (bytes), created_at}]. */
int fg_store_claim_files(fg_db *db, const char *claim, json_t **out, fg_err *err);
/* One attachment with its body: {seq, name, mime, body}. FG_ENOTFOUND. */
int fg_store_claim_file_get(fg_db *db, const char *claim, int seq, json_t **out, fg_err *err);
/* The next free attachment number of the claim (1 for none). */
int fg_store_claim_file_next(fg_db *db, const char *claim, int *out, fg_err *err);

/* ---- objections ---- */

typedef struct fg_objection_row {
    char problem[37];
    char policy[37];
    char enterprise[FG_USCC_LEN + 1];
    int32_t region;
    char claim[37]; /* "" when about eligibility */
    int64_t created_at;
} fg_objection_row;

/* Records that problem r->problem is an objection (its audit entry is the
 * problem's and this one, policy.objection). */
int fg_store_objection_insert(fg_tx *tx, const fg_objection_row *r, fg_err *err);
/* The enterprise's objections, newest first, with their problem's state:
 * [{problem, policy, claim, created_at, problem_state}]. */
int fg_store_objections_of(fg_db *db, const char *enterprise, json_t **out, fg_err *err);

/* The claim's audit entries, oldest first: [{action, actor, at, detail}]. */
int fg_store_claim_history(fg_db *db, const char *id, json_t **out, fg_err *err);

#endif
