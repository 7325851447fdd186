/* Policies that benefit enterprises (issue 15, part "policies"): the
 * catalogue with every version of each rule, the benefit facts only policies
 * ask for, and the entitlements the matching finds. Writes take the caller's
 * fg_tx and append their audit entry to it; what may change and what follows
 * is decided in core/policy.c and app/policies.c, not here. */
#ifndef FG_STORE_POLICIES_H
#define FG_STORE_POLICIES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/policy.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_policy_row {
    char id[37];
    int32_t region;
    char department[FG_POLICY_TEXT_MAX * 4 + 1];
    char title[FG_POLICY_TEXT_MAX * 4 + 1];
    char doc_number[FG_POLICY_TEXT_MAX * 4 + 1];
    int32_t doc_date, valid_from, valid_to;
    fg_benefit benefit;
    int rule_version;
    int64_t budget_fen, committed_fen;
    bool automatic;
    fg_policy_state state;
    char created_by[128];
    int64_t created_at, published_at, withdrawn_at, updated_at;
    int version; /* of the row: a write names the version it read */
} fg_policy_row;

/* The record part of a row, borrowing its strings. */
void fg_policy_row_record(const fg_policy_row *r, fg_policy_record *out);

/* Creates a draft policy from `rec` (checked by fg_policy_record_check) and
 * its rule version 1 (`rule`, checked by fg_policy_rule_load and stored in
 * canonical form), audited as policy.create. *out_id: the new id. */
int fg_store_policy_create(fg_tx *tx, const fg_policy_record *rec, const char *rule, size_t len,
                           const char *note, char out_id[37], fg_err *err);
/* FG_ENOTFOUND (policy.not_found) when there is none. */
int fg_store_policy_get(fg_db *db, const char *id, fg_policy_row *out, fg_err *err);
/* Replaces the record of `before` (read at before->version) by `rec`,
 * audited as policy.update. FG_ECONFLICT when the row changed since. */
int fg_store_policy_update(fg_tx *tx, const fg_policy_row *before, const fg_policy_record *rec,
                           fg_err *err);
/* Adds the next rule version and makes it the one that applies, audited as
 * policy.rule. *out_version: the new version. FG_ECONFLICT as above. */
int fg_store_policy_rule_add(fg_tx *tx, const fg_policy_row *before, const char *rule, size_t len,
                             const char *note, int *out_version, fg_err *err);
/* One rule version's text, new (free()). */
int fg_store_policy_rule_get(fg_db *db, const char *id, int version, char **out, fg_err *err);
/* The rule versions newest first: [{version, note, created_by, created_at}]. */
int fg_store_policy_rule_versions(fg_db *db, const char *id, json_t **out, fg_err *err);
/* Moves `before` to state `to` (published_at / withdrawn_at set to now),
 * audited as policy.publish / policy.withdraw. FG_ECONFLICT as above. */
int fg_store_policy_set_state(fg_tx *tx, const fg_policy_row *before, fg_policy_state to,
                              fg_err *err);

/* As fg_store_policy_set_state, with the reason (NULL: none) in the audit
 * entry's detail ("reason"): a withdrawal says why. */
int fg_store_policy_set_state_why(fg_tx *tx, const fg_policy_row *before, fg_policy_state to,
                                  const char *reason, fg_err *err);

/* A published policy with the text of the rule that applies. */
typedef struct fg_policy_live {
    fg_policy_row row;
    char *rule; /* owned */
} fg_policy_live;

/* The published policies valid on `date`, oldest first (new array; free
 * with fg_policy_live_free). */
int fg_store_policies_applying(fg_db *db, int32_t date, fg_policy_live **out, size_t *out_n,
                               fg_err *err);
void fg_policy_live_free(fg_policy_live *p, size_t n);
/* Every policy (any state) as JSON, newest first: the row's members. */
int fg_store_policies_json(fg_db *db, json_t **out, fg_err *err);
json_t *fg_policy_row_json(const fg_policy_row *r);

/* ---- benefit facts -------------------------------------------------------- */

/* -1: not held. */
typedef struct fg_benefit_facts {
    int64_t insured, monthly_rent, monthly_contributions, vat_credit;
} fg_benefit_facts;

/* The enterprise's benefit facts; all -1 when none are held. */
int fg_store_benefit_facts_get(fg_db *db, const char *uscc, fg_benefit_facts *out, fg_err *err);
/* Sets them (a row for the enterprise, created if need be), audited as
 * enterprise.benefit_facts in the chain of `region` (its county). */
int fg_store_benefit_facts_set(fg_tx *tx, const char *uscc, int32_t region,
                               const fg_benefit_facts *f, fg_err *err);

/* ---- what the matching reads -------------------------------------------- */

/* An order of a subject, as the matching needs it. */
typedef struct fg_policy_subject_order {
    fg_order_state state;
    bool emergency, confirmed;
    fg_measure measure;
    int64_t starts_at, ends_at, ended_at, lapses_at;
} fg_policy_subject_order;

/* An enterprise with what the policy rules ask about it (risk designations
 * apart: they are few and read once, fg_store_risk_all). */
typedef struct fg_policy_subject {
    fg_enterprise e; /* uscc, region, industry, headcount, capacity, categories, critical */
    bool whitelist;
    fg_benefit_facts facts;
    int32_t report_day; /* the latest current daily report on or before the date; 0: none */
    int staff_pct, capacity_pct;
    size_t first_order, n_orders; /* into the batch's orders */
} fg_policy_subject;

typedef struct fg_policy_batch {
    fg_policy_subject *s; /* owned */
    size_t n;
    fg_policy_subject_order *orders; /* owned: every order that may have been in force */
    size_t n_orders;
    bool by_region; /* only the enterprises of the counties region_lo..region_hi */
    int32_t region_lo, region_hi;
} fg_policy_batch;

/* The next `limit` enterprises after USCC `after` ("" from the start) in
 * USCC order, or (only != NULL) just that one, with their white-list
 * membership, benefit facts, latest daily report on or before `date` and
 * orders. Three queries a batch, whatever its size. FG_ENOTFOUND (
 * enterprise.not_found) when `only` names none. */
int fg_store_policy_batch(fg_db *db, const char *after, const char *only, size_t limit,
                          int32_t date, fg_policy_batch *out, fg_err *err);
/* As fg_store_policy_batch, only the enterprises of the counties in
 * `region` (a county, city, province or the nation), the reports and orders
 * read only for those. */
int fg_store_policy_batch_region(fg_db *db, int32_t region, const char *after, size_t limit,
                                 int32_t date, fg_policy_batch *out, fg_err *err);
void fg_policy_batch_release(fg_policy_batch *b);

/* ---- entitlements ------------------------------------------------------- */

typedef struct fg_entitlement_row {
    char policy[37];
    char enterprise[19];
    int32_t region;
    bool eligible; /* state: eligible, else lapsed */
    int rule_version;
    int64_t amount_fen; /* -1: not known */
    int64_t eligible_since, lapsed_at, matched_at;
} fg_entitlement_row;

/* The entitlement rows of the enterprises from..to (USCCs, both included),
 * ordered by enterprise then policy (new array; free()). */
int fg_store_entitlements_range(fg_db *db, const char *from, const char *to,
                                fg_entitlement_row **out, size_t *out_n, fg_err *err);
/* The entitlement rows of the batch's enterprises (of the range of its
 * USCCs, and of its counties when the batch is by region), in the same order. */
int fg_store_entitlements_of_batch(fg_db *db, const fg_policy_batch *b, fg_entitlement_row **out,
                                   size_t *out_n, fg_err *err);
/* Writes `after` (a new row when `before` is NULL), stamped matched_at now,
 * audited in the enterprise's county's chain as policy.eligible (new, or
 * eligible again), policy.lapsed, or policy.rematched (amount or rule
 * version changed). */
int fg_store_entitlement_put(fg_tx *tx, const fg_entitlement_row *before,
                             const fg_entitlement_row *after, fg_err *err);
/* Counts of a policy's entitlements: eligible now, ever. */
int fg_store_entitlement_counts(fg_db *db, const char *policy, int64_t *out_eligible,
                                int64_t *out_ever, fg_err *err);

#endif
