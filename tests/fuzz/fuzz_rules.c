/* libFuzzer target for Fugong's rule language: the guidance rule table
 * (src/core/guidance.c) and the policy rules (src/core/policy.c), which share
 * its leaves (src/core/rule.c). The first byte chooses: 'g' a guidance table,
 * 'p' a policy rule; any other byte gives the rest to both. What must hold
 * besides the absence of crashes and sanitizer reports:
 *   - a guidance table that loads answers every situation (the loader's own
 *     promise), and gives a route and an explanation for each;
 *   - a policy rule that loads evaluates the same way fast and explained, on
 *     facts with nothing known and on facts with every kind held.
 * Built by CMake with FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/guidance.h"
#include "core/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void guidance(const char *text, size_t n)
{
    fg_guidance_table t;
    fg_err err;
    if (fg_guidance_table_load(&t, text, n, 1, &err))
        return;
    for (int risk = FG_RISK_LOW; risk <= FG_RISK_HIGH; risk++)
        for (unsigned cats = 0; cats <= FG_CAT_ALL; cats++)
            for (unsigned flags = 0; flags < 8; flags++) {
                fg_guidance_input in = {(fg_risk_level)risk, cats, flags & 1, (flags >> 1) & 1,
                                        (flags >> 2) & 1};
                size_t i;
                if (fg_guidance_match(&t, &in, &i) || i >= t.n)
                    abort(); /* a loaded table leaves a situation unanswered */
                const char *route;
                fg_guidance_route(&t, &in, &route);
                fg_buf b;
                fg_buf_init(&b, 0);
                fg_guidance_explain(&t, i, &in, &b);
                fg_buf_release(&b);
            }
    fg_guidance_table_release(&t);
}

static void check(const fg_policy_rule *r, const fg_policy_facts *f)
{
    fg_policy_result fast, slow;
    fg_policy_evaluate(r, f, &fast);
    json_t *x = fg_policy_explain(r, f, &slow);
    if (!x)
        abort();
    if (fast.eligible != slow.eligible || fast.amount_fen != slow.amount_fen ||
        fast.amount_known != slow.amount_known || fast.capped != slow.capped ||
        json_is_true(json_object_get(x, "eligible")) != fast.eligible)
        abort(); /* the explanation disagrees with the evaluation */
    char *text = json_dumps(x, JSON_COMPACT);
    free(text);
    json_decref(x);
}

static void policy(const char *text, size_t n)
{
    fg_policy_rule r;
    fg_err err;
    if (fg_policy_rule_load(&r, text, n, &err))
        return;
    fg_policy_facts f;
    fg_policy_facts_init(&f, 20220615);
    check(&r, &f);
    static const fg_risk_designation risk[] = {
        {330000, FG_RISK_LOW, 20220101, 1},
        {330100, FG_RISK_MEDIUM, 20220401, 2},
        {330102, FG_RISK_HIGH, 20220501, 3},
        {330102, FG_RISK_LOW, 20220601, 4},
    };
    static const fg_policy_order_days orders[] = {
        {20220410, 20220420, FG_MEASURE_STOP},
        {20220501, 20220615, FG_MEASURE_LIMIT_CAPACITY},
    };
    f.region = 330102;
    memcpy(f.industry, "61", 3);
    f.categories = FG_CAT_LIVELIHOOD_SUPPLY | FG_CAT_KEY_INDUSTRIAL;
    f.headcount = 40;
    f.insured = 35;
    f.capacity = 1000;
    f.whitelist = true;
    f.critical = true;
    f.risk = risk;
    f.n_risk = sizeof(risk) / sizeof(risk[0]);
    f.orders = orders;
    f.n_orders = sizeof(orders) / sizeof(orders[0]);
    f.report_day = 20220614;
    f.staff_pct = 85;
    f.capacity_pct = 70;
    f.monthly_rent = 1200000;
    f.monthly_contributions = 2500000;
    f.vat_credit = INT64_MAX / 4;
    check(&r, &f);
    f.date = 20000101; /* before every period */
    f.categories = 0;
    f.headcount = INT64_MAX;
    f.insured = -1;
    f.capacity = 0;
    check(&r, &f);
    fg_policy_rule_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] == 'g') {
        guidance(text, n);
    } else if (data[0] == 'p') {
        policy(text, n);
    } else {
        guidance(text, n);
        policy(text, n);
    }
    return 0;
}
