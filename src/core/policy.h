/* Policies that benefit enterprises (惠企政策): who qualifies and for how
 * much, as a rule kept as data, evaluated against the facts Fugong holds
 * about one enterprise, with every answer explained. Pure: the caller
 * gathers the facts (src/app/policies.c) and passes the date.
 *
 * The rule language is the guidance table's (src/core/rule.h): the same
 * leaves ("risk_level", "category", "whitelist", "critical") with the same
 * meaning, plus leaves over more facts and all/any/not to combine them.
 *
 *   {"benefit": "subsidy",
 *    "when": {"all": [
 *        {"insured_headcount": {"min": 1}},
 *        {"risk_level": ["medium", "high"], "during": {"from": "2022-01-01", "to": "2022-12-31"}},
 *        {"order_days": {"min": 1}, "measures": ["stop", "limit_capacity"],
 *         "during": {"from": "2022-01-01", "to": "2022-12-31"}}]},
 *    "amount": {"per_insured_employee": 500, "cap": 300000}}
 *
 * A condition is an object with exactly one of:
 *   "all": [c, ...]  every one holds      "any": [c, ...]  at least one holds
 *   "not": c         c does not hold
 *   "category": [names]          as in guidance ("none": no category)
 *   "industry": ["H", "61"]      GB/T 4754-2017 sections (a letter) or
 *                                divisions (two digits); any listed
 *   "headcount" / "insured_headcount" / "capacity": {"min": n, "max": n}
 *                                inclusive, either bound may be left out;
 *                                insured_headcount is the headcount where the
 *                                insured number is not held
 *   "risk_level": [levels]       the county's level on the evaluation date,
 *                                or "on": "YYYY-MM-DD", or at any time
 *                                "during": a period
 *   "order_days": {"min", "max"} days on which an order with one of
 *                                "measures" (default all) was in force,
 *                                "during": a period (required)
 *   "whitelist" / "critical": true | false
 *   "staff_return_rate" / "capacity_utilisation": {"min", "max"} percent,
 *                                from the latest daily report on or before
 *                                the evaluation date (no report: not met)
 * A period is {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} or {"last_days": n}
 * (the n days ending on the evaluation date). A period (and "on") never
 * reaches past the evaluation date: what is designated or ordered for later
 * is not yet a fact. Limits: FG_POLICY_MAX_NODES conditions, nested at most
 * FG_POLICY_MAX_DEPTH deep. A policy applies to the enterprises of its
 * issuer's region; that is the caller's to check (fg_app_policy_covers).
 *
 * The amount is one formula, in whole yuan, with an optional "cap" (yuan):
 *   {"fixed": y}
 *   {"per_insured_employee": y}  × insured employees (headcount if not held)
 *   {"per_month": {"of": base, "months": m,
 *                  "instead": {"when": c, "months": m2}}}  base × months;
 *                                m2 months where c holds ("instead" optional)
 *   {"share": {"of": base, "percent": p}}                  base × p / 100
 * where base is "monthly_rent", "monthly_contributions" or "vat_credit", a
 * fact held in fen. Amounts are computed in fen (integers; shares round down
 * to the fen). Where a base is not held the enterprise is still eligible and
 * the amount is unknown until it is given (the application asks for it). */
#ifndef FG_CORE_POLICY_H
#define FG_CORE_POLICY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "enterprise.h"
#include "order.h"
#include "risk.h"

typedef enum {
    FG_BENEFIT_SUBSIDY = 0,
    FG_BENEFIT_RENT_RELIEF,
    FG_BENEFIT_DEFERRAL,
    FG_BENEFIT_TAX_REFUND,
    FG_BENEFIT_LOAN_INTEREST,
    FG_BENEFIT_LOGISTICS,
    FG_BENEFIT_COUNT
} fg_benefit;

/* "subsidy", "rent_relief", "deferral", "tax_refund", "loan_interest",
 * "logistics". */
const char *fg_benefit_name(fg_benefit b);
int fg_benefit_parse(const char *s, fg_benefit *out, fg_err *err);

/* Days (YYYYMMDD, both included, in the deployment's zone) on which an order
 * with `measure` was in force on the enterprise. */
typedef struct fg_policy_order_days {
    int32_t from, to;
    fg_measure measure;
} fg_policy_order_days;

/* What Fugong knows about one enterprise, filled by the caller. Borrowed
 * arrays stay the caller's. */
typedef struct fg_policy_facts {
    int32_t date;   /* the evaluation date, YYYYMMDD */
    int32_t region; /* county */
    char industry[3];
    unsigned categories; /* FG_CAT_* */
    int64_t headcount;
    int64_t insured; /* insured employees; -1 when not held */
    int64_t capacity;
    bool whitelist, critical;
    const fg_risk_designation *risk; /* the county's and its ancestors' designations */
    size_t n_risk;
    const fg_policy_order_days *orders;
    size_t n_orders;
    int32_t report_day; /* latest daily report on or before `date`; 0: none */
    int staff_pct, capacity_pct;
    int64_t monthly_rent, monthly_contributions, vat_credit; /* fen; -1 when not held */
} fg_policy_facts;

/* When an order was in force on its enterprise, up to `now`: [*out_from,
 * *out_to) in ms, from its stored state and times (an emergency order acts
 * from its start until it is confirmed, lapses, or is rejected or withdrawn;
 * any order until it is lifted, resumed or expires). False when it never
 * was (pending, returned, or a non-emergency order rejected or withdrawn). */
bool fg_policy_order_span(fg_order_state state, bool emergency, bool confirmed, int64_t starts_at,
                          int64_t ends_at, int64_t ended_at, int64_t lapses_at, int64_t now,
                          int64_t *out_from, int64_t *out_to);

/* Sets every fact to "nothing known" (no arrays, insured and bases -1). */
void fg_policy_facts_init(fg_policy_facts *f, int32_t date);

typedef enum {
    FG_PC_ALL = 0,
    FG_PC_ANY,
    FG_PC_NOT,
    FG_PC_CATEGORY,
    FG_PC_INDUSTRY,
    FG_PC_HEADCOUNT,
    FG_PC_INSURED,
    FG_PC_CAPACITY,
    FG_PC_RISK,
    FG_PC_ORDER_DAYS,
    FG_PC_WHITELIST,
    FG_PC_CRITICAL,
    FG_PC_STAFF,
    FG_PC_CAPACITY_UTIL,
    FG_PC_COUNT
} fg_policy_cond_kind;

/* The name of a condition as the document writes it ("all", "risk_level"). */
const char *fg_policy_cond_name(fg_policy_cond_kind k);

typedef enum {
    FG_AMOUNT_FIXED = 0,
    FG_AMOUNT_PER_INSURED,
    FG_AMOUNT_PER_MONTH,
    FG_AMOUNT_SHARE
} fg_amount_kind;
typedef enum {
    FG_BASE_MONTHLY_RENT = 0,
    FG_BASE_MONTHLY_CONTRIBUTIONS,
    FG_BASE_VAT_CREDIT
} fg_amount_base;

#define FG_POLICY_MAX_NODES 64
#define FG_POLICY_MAX_DEPTH 8
#define FG_POLICY_MAX_YUAN 1000000000LL /* any yuan figure in a formula */

/* One node of a rule, in pre-order: a node's subtree is [i, end). */
typedef struct fg_policy_cond {
    fg_policy_cond_kind kind;
    uint16_t end;
    unsigned mask;         /* risk levels, categories or measures (bits) */
    uint64_t divisions[2]; /* industry: bit d for division d (1..99) */
    int64_t min, max;      /* thresholds, inclusive */
    int32_t from, to;      /* period; 0/0: the evaluation date */
    int last_days;         /* period of the last n days, or 0 */
    bool flag;
    json_t *json;  /* borrowed from the rule's document: the condition as written */
    char path[48]; /* where it is: "when.all[1]" */
} fg_policy_cond;

typedef struct fg_policy_rule {
    json_t *json; /* owned: the document as loaded */
    fg_benefit benefit;
    size_t n;
    fg_policy_cond nodes[FG_POLICY_MAX_NODES];
    /* the amount */
    fg_amount_kind amount;
    int64_t yuan;        /* fixed, per insured employee */
    fg_amount_base base; /* per_month, share */
    int months, instead_months;
    int instead; /* node index of the "instead" condition, -1 none */
    int percent;
    int64_t cap_fen; /* -1: no cap */
} fg_policy_rule;

/* Parses and checks a policy document (JSON text, `len` bytes). On success
 * *r owns its data; release it with fg_policy_rule_release. On failure *r is
 * empty and err names the place and the fault with a policy.* key. */
int fg_policy_rule_load(fg_policy_rule *r, const char *text, size_t len, fg_err *err);
/* As fg_policy_rule_load from a parsed document (borrowed; *r takes a
 * reference of its own). */
int fg_policy_rule_load_json(fg_policy_rule *r, json_t *doc, fg_err *err);
void fg_policy_rule_release(fg_policy_rule *r);

typedef struct fg_policy_result {
    bool eligible;
    bool amount_known; /* false: a base fact is not held */
    bool capped;
    int64_t amount_fen; /* 0 when not eligible or not known */
    int months;         /* per_month: the months counted */
} fg_policy_result;

/* Evaluates `r` against `f`: eligibility and the amount. Fast; no
 * explanation. Cannot fail. */
void fg_policy_evaluate(const fg_policy_rule *r, const fg_policy_facts *f, fg_policy_result *out);

/* As fg_policy_evaluate, and builds the explanation (new JSON):
 *   {"eligible", "amount_fen" (null when unknown), "capped",
 *    "amount": {"formula", ... the figures it used},
 *    "checks": [{"path", "condition" (as written), "met", "lacking", "fact":
 *                {the fact that decided it}, "text": an English sentence}],
 *    "lacks": [paths of the conditions the enterprise lacks]}
 * Every leaf condition is checked (no short cut), so each has its fact;
 * "lacking" marks, for an enterprise that does not qualify, the conditions
 * whose turning would make it qualify (for "any", each of its branches).
 * NULL only when out of memory. */
json_t *fg_policy_explain(const fg_policy_rule *r, const fg_policy_facts *f, fg_policy_result *out);

/* The GB/T 4754-2017 section (A..T) of a two-digit division, or 0 (the
 * table is checked against data/industries.tsv by tests/unit/test_policy.c). */
char fg_industry_section(int division);

/* ---- the policy around its rule ---------------------------------------- */

typedef enum { FG_POLICY_DRAFT = 0, FG_POLICY_PUBLISHED, FG_POLICY_WITHDRAWN } fg_policy_state;

/* "draft", "published", "withdrawn". */
const char *fg_policy_state_name(fg_policy_state s);
int fg_policy_state_parse(const char *s, fg_policy_state *out, fg_err *err);

#define FG_POLICY_TEXT_MAX 200 /* characters of a department, title or document number */

/* What a policy says besides its rule. Strings are borrowed. */
typedef struct fg_policy_record {
    int32_t region;         /* the issuer's region (0: the nation) */
    const char *department; /* the issuing department */
    const char *title;
    const char *doc_number; /* 文号 */
    int32_t doc_date;       /* YYYYMMDD */
    int32_t valid_from, valid_to;
    int64_t budget_fen; /* 0: no budget */
    bool automatic;     /* 免申即享 */
} fg_policy_record;

/* Checks a record: texts of 1 to FG_POLICY_TEXT_MAX characters of valid
 * UTF-8, dates valid, valid_from <= valid_to, the document dated no later
 * than the end of validity, a budget of 0 or more. policy.* keys. */
int fg_policy_record_check(const fg_policy_record *p, fg_err *err);
/* Whether a policy may go from `from` to `to`: a draft is published or
 * withdrawn, a published policy withdrawn; nothing else (policy.state). */
int fg_policy_state_check(fg_policy_state from, fg_policy_state to, fg_err *err);
/* Whether a policy's rule or record may be revised in state `s`: not once
 * withdrawn (policy.withdrawn). */
int fg_policy_revise_check(fg_policy_state s, fg_err *err);
/* Whether a policy in state `s` may move from region `before` to `after`:
 * only a draft (policy.region_fixed); once published, the enterprises it
 * reached and their claims belong to its region. */
int fg_policy_region_check(fg_policy_state s, int32_t before, int32_t after, fg_err *err);
/* Whether a policy in state `s`, valid from..to, applies on `date`. */
bool fg_policy_applies(fg_policy_state s, int32_t valid_from, int32_t valid_to, int32_t date);

#endif
