/* Production and contingency plans as stored (issue 14, part "plans"): one
 * plan per enterprise per risk level, each save a new version kept for good,
 * the state of the latest version, the approved version in force, the rule
 * table versions they were written against; the review queue, the
 * enterprises lacking an approved plan, the filed plans waiting too long.
 * Every write runs in one transaction with its audit entry. What may happen
 * to a plan is decided above (core/plan.h, app/plans.c). */
#ifndef FG_STORE_PLANS_H
#define FG_STORE_PLANS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../core/plan.h"
#include "../util/err.h"
#include "db.h"

typedef struct fg_plan_row {
    char id[37];
    char enterprise[FG_USCC_LEN + 1];
    char enterprise_name[FG_NAME_MAX * 4 + 1]; /* read only */
    int32_t region;                            /* the enterprise's county (read only) */
    fg_risk_level level;
    fg_plan_state state; /* of the latest version */
    int version;         /* the latest version (1, 2, ...) */
    int guidance_version;
    int approved_version; /* 0: none approved */
    int approved_guidance;
    bool complete; /* the latest version passed the check when saved */
    int64_t filed_at, overdue_at, decided_at;
    char decided_by[65];
    json_t *reasons; /* owned: the last return's reasons (a list of texts) */
    json_t *body;    /* owned: the latest version's body (NULL unless read with it) */
    int64_t created_at, updated_at;
    char updated_by[65];
} fg_plan_row;

/* Frees what the row holds (reasons, body). NULL is fine. */
void fg_plan_row_release(fg_plan_row *r);

/* The plan of `uscc` at `level`, with its latest body when `with_body` (new:
 * release). FG_ENOTFOUND when there is none. */
int fg_store_plan_get(fg_db *db, const char *uscc, fg_risk_level level, bool with_body,
                      fg_plan_row *out, fg_err *err);

/* The enterprise's plans, low to high, with their bodies (new: release each;
 * at most 3). */
int fg_store_plans_of(fg_db *db, const char *uscc, fg_plan_row out[3], size_t *out_n, fg_err *err);

/* Version `version` of plan `id`: its body (new) and when it was saved by
 * whom. FG_ENOTFOUND when there is no such version. */
typedef struct fg_plan_version {
    int version;
    int guidance_version;
    bool complete;
    char saved_by[65];
    int64_t saved_at;
} fg_plan_version;
int fg_store_plan_version_get(fg_db *db, const char *id, int version, json_t **out_body,
                              fg_plan_version *out, fg_err *err);
/* Calls fn for each version of plan `id`, newest first. */
int fg_store_plan_versions(fg_db *db, const char *id,
                           int (*fn)(const fg_plan_version *v, void *ctx), void *ctx, fg_err *err);

/* Saves a new version of the plan: `before` the plan as read (NULL: the
 * first version, a new plan of r->enterprise at r->level); `r` the plan
 * after (state, guidance_version, complete set by the caller; id, version,
 * times set here). `body`: the version's compact JSON text (borrowed). Fails
 * with FG_ECONFLICT when the plan changed since `before` was read, FG_EEXIST
 * when a first version meets one saved meanwhile. Audited as plan.save. */
int fg_store_plan_save(fg_db *db, const fg_plan_row *before, fg_plan_row *r, const char *body,
                       int64_t now, const char *actor, fg_err *err);

/* Writes a change of state (`after`: state, filed_at, overdue_at,
 * approved_version, approved_guidance, decided_at, decided_by, reasons), if
 * the plan is still at before->version and before->state (FG_ECONFLICT
 * otherwise), with its audit entry `action` (plan.file, plan.approve,
 * plan.return, plan.overdue) by `actor`. */
int fg_store_plan_update(fg_db *db, const fg_plan_row *before, const fg_plan_row *after,
                         const char *action, int64_t now, const char *actor, fg_err *err);

/* Calls fn for each filed plan of an enterprise in a county inside [lo, hi],
 * oldest first, from `offset`, at most `limit`; *out_total the number filed
 * there. Rows come without bodies. */
int fg_store_plan_queue(fg_db *db, int32_t lo, int32_t hi, int limit, int offset,
                        int (*fn)(const fg_plan_row *r, void *ctx), void *ctx, long *out_total,
                        fg_err *err);

/* An enterprise with the levels of its approved plans and the state of the
 * latest version at each level (-1: no plan at that level). */
typedef struct fg_plan_holdings {
    char uscc[FG_USCC_LEN + 1];
    char name[FG_NAME_MAX * 4 + 1];
    int32_t region;
    unsigned approved; /* bit (1 << level) */
    int state[3];      /* fg_plan_state or -1, by level */
} fg_plan_holdings;
/* Calls fn for each enterprise in a county inside [lo, hi] without an
 * approved plan at every level (the others can lack nothing), by county. */
int fg_store_plan_holdings(fg_db *db, int32_t lo, int32_t hi,
                           int (*fn)(const fg_plan_holdings *h, void *ctx), void *ctx, fg_err *err);

/* Up to `cap` plans filed at or before `filed_by` and not yet found overdue:
 * their enterprises and levels. */
int fg_store_plans_waiting(fg_db *db, int64_t filed_by, char (*uscc)[FG_USCC_LEN + 1],
                           fg_risk_level *levels, size_t cap, size_t *out_n, fg_err *err);

/* Records approved plans as they stand on paper (a deployment's existing
 * plans, the demo): for each row a plan of `uscc` at `level`, version 1 with
 * `body` (compact JSON, borrowed), approved against `guidance_version`, in
 * one transaction with an audit entry plan.seed each. FG_EEXIST when a plan
 * at that level exists. */
typedef struct fg_plan_seed {
    const char *uscc;
    int32_t region;
    fg_risk_level level;
    const char *body;
} fg_plan_seed;
int fg_store_plans_seed(fg_db *db, const fg_plan_seed *rows, size_t n, int guidance_version,
                        int64_t now, const char *actor, fg_err *err);

#endif
