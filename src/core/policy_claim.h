/* The delivery of a policy that benefits enterprises (惠企政策, issue 15,
 * part "delivery"): one enterprise's claim under one policy, from an
 * entitlement (免申即享) or an application, through the issuing department's
 * check to the grant and the enterprise's confirmation of receipt
 * (migration 025 draws the states). Which step may follow which, who takes
 * it, the checks of what each step carries, and the budget's decision. Pure.
 *
 *   pending ──approve──▶ approved ──grant──▶ granted ──receipt──▶ received
 *      │  ▲
 *      │  └─answer── more_info ◀──more_info── pending
 *      └──reject──▶ rejected
 *   pending / more_info ──withdraw──▶ withdrawn                          */
#ifndef FG_CORE_POLICY_CLAIM_H
#define FG_CORE_POLICY_CLAIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

typedef enum {
    FG_CLAIM_PENDING = 0,
    FG_CLAIM_MORE_INFO,
    FG_CLAIM_APPROVED,
    FG_CLAIM_REJECTED,
    FG_CLAIM_GRANTED,
    FG_CLAIM_RECEIVED,
    FG_CLAIM_WITHDRAWN,
    FG_CLAIM_STATE_COUNT
} fg_claim_state;

typedef enum {
    FG_CLAIM_APPROVE = 0, /* the department: amount <= computed, within the budget */
    FG_CLAIM_REJECT,      /* the department, with a reason */
    FG_CLAIM_ASK,         /* the department asks for more, with a reason */
    FG_CLAIM_ANSWER,      /* the enterprise answers: back to pending */
    FG_CLAIM_GRANT,       /* the department: amount, date, reference */
    FG_CLAIM_RECEIPT,     /* the enterprise confirms receipt */
    FG_CLAIM_WITHDRAW,    /* the enterprise, while pending or asked for more */
    FG_CLAIM_ACTION_COUNT
} fg_claim_action;

typedef enum { FG_CLAIM_BY_DEPARTMENT = 0, FG_CLAIM_BY_ENTERPRISE } fg_claim_side;

/* "pending", "more_info", "approved", "rejected", "granted", "received",
 * "withdrawn". */
const char *fg_claim_state_name(fg_claim_state s);
int fg_claim_state_parse(const char *s, fg_claim_state *out, fg_err *err);
/* "approve", "reject", "more_info", "answer", "grant", "receipt", "withdraw"
 * (the names the audit entries carry after "policy_claim."). */
const char *fg_claim_action_name(fg_claim_action a);
int fg_claim_action_parse(const char *s, fg_claim_action *out, fg_err *err);
/* Who takes the action. */
fg_claim_side fg_claim_action_side(fg_claim_action a);
/* Whether a claim in state s is live: another claim of the same enterprise
 * under the same policy may not be made (all but rejected and withdrawn). */
bool fg_claim_live(fg_claim_state s);

/* The state after `a` from `from`, or FG_ECONFLICT (policy.claim_state) when
 * the action does not apply there, or FG_EPERM (policy.claim_side) when
 * `side` may not take it. */
int fg_claim_step(fg_claim_state from, fg_claim_action a, fg_claim_side side, fg_claim_state *to,
                  fg_err *err);

#define FG_CLAIM_REASON_MIN 4           /* characters of a reason (rejection, request, answer) */
#define FG_CLAIM_REASON_MAX 500         /* characters */
#define FG_CLAIM_REF_MAX 64             /* characters of a payment's reference */
#define FG_CLAIM_MAX_FEN 100000000000LL /* 1e9 yuan: any amount in a claim */

/* A reason of FG_CLAIM_REASON_MIN..MAX characters of valid UTF-8, not only
 * blanks (policy.claim_reason at `field`). */
int fg_claim_reason_check(const char *reason, const char *field, fg_err *err);
/* The amount approved: > 0 and, when the computed amount is known
 * (computed >= 0), no more than it (policy.claim_amount). */
int fg_claim_approve_check(int64_t amount, int64_t computed, fg_err *err);
/* The grant: 0 < amount <= approved, a valid date (YYYYMMDD) not after
 * `today`, a reference of 1..FG_CLAIM_REF_MAX characters (policy.grant_*). */
int fg_claim_grant_check(int64_t amount, int64_t approved, int32_t date, int32_t today,
                         const char *reference, fg_err *err);
/* Whether approving `amount` keeps the policy within its budget: no budget
 * (budget <= 0), or committed + amount <= budget. */
bool fg_claim_budget_fits(int64_t budget, int64_t committed, int64_t amount);

/* ---- what the enterprise gives on its application ---- */

#define FG_CLAIM_STATEMENT_MAX 200 /* characters of one statement's text */
#define FG_CLAIM_MAX_STATEMENTS 10
#define FG_CLAIM_MAX_FILES 5
#define FG_CLAIM_FILE_MAX 262144   /* bytes of one attachment (before base64) */
#define FG_CLAIM_FILE_NAME_MAX 100 /* characters of an attachment's name */

/* A base fact in fen: 0 < fen <= FG_CLAIM_MAX_FEN (policy.claim_base at
 * `field`). */
int fg_claim_base_check(int64_t fen, const char *field, fg_err *err);
/* A statement the rule cannot check ("premises are state-owned"): a text of
 * 1..FG_CLAIM_STATEMENT_MAX characters (policy.claim_statement). */
int fg_claim_statement_check(const char *text, const char *field, fg_err *err);
/* An attachment: a name of 1..FG_CLAIM_FILE_NAME_MAX characters without '/'
 * or control characters, a MIME type of the form a/b (1..100 bytes), and
 * base64 whose decoded size is 1..FG_CLAIM_FILE_MAX bytes
 * (policy.claim_file_*). *out_bytes: the decoded size. */
int fg_claim_file_check(const char *name, const char *mime, const char *base64, size_t *out_bytes,
                        const char *field, fg_err *err);

/* The statements an application under a benefit of kind `benefit`
 * (fg_benefit) must confirm, which no rule can check (rent relief: the
 * premises are state-owned): their keys into out (at most 4); how many. */
size_t fg_claim_statements(int benefit, const char *out[4]);

#endif
