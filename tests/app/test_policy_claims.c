/* The delivery of policies against a real database (SQLite by default,
 * FG_TEST_DB for PostgreSQL): the matching makes a claim for an automatic
 * policy's newly eligible enterprise (免申即享) in its own transaction, once
 * — not again while the claim is live, and anew when the enterprise is
 * eligible again after a rejection — and none for a policy granted on
 * application; the budget is committed at approval and refused past it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "app/app.h"
#include "core/uscc.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static fg_app app;
/* 2022-06-15T04:00:00Z: noon in Asia/Shanghai */
static const int64_t NOW = 1655265600000LL;
static const int64_t DAY = 86400000LL;

static char ent_a[19], ent_b[19];
static char automatic[37], on_application[37];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static void enterprise(char out[19], int serial, int32_t region)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    char first17[48];
    snprintf(first17, sizeof(first17), "91%06dMB%07d", (int)region, serial);
    memcpy(e.uscc, first17, 17);
    e.uscc[17] = fg_uscc_check_char(e.uscc);
    snprintf(e.name, sizeof(e.name), "政策兑现企业%d", serial);
    e.region = region;
    memcpy(e.industry, "61", 3);
    e.headcount = 30;
    fg_err err;
    if (fg_store_enterprise_create(conn(), &e, NOW - 400 * DAY, "test", NULL, &err))
        fail_msg("enterprise: %s", err.msg);
    memcpy(out, e.uscc, 19);
}

static void insured(const char *uscc, int64_t n)
{
    fg_benefit_facts f = {n, -1, -1, -1};
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW, "test", &err), 0);
    int rc = fg_store_benefit_facts_set(&tx, uscc, 330106, &f, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static const char RULE[] =
    "{\"benefit\": \"subsidy\", \"when\": {\"all\": ["
    "{\"insured_headcount\": {\"min\": 1}},"
    "{\"risk_level\": [\"medium\", \"high\"], \"during\": {\"from\": \"2022-01-01\", \"to\": "
    "\"2022-12-31\"}}]},"
    " \"amount\": {\"per_insured_employee\": 500, \"cap\": 300000}}";

static void publish(const char *title, bool is_automatic, int64_t budget_fen, char id[37])
{
    fg_policy_record rec = {330000,      "人力资源和社会保障厅",
                            title,       "演示〔2022〕8号",
                            20220501,    20220501,
                            20221231,    budget_fen,
                            is_automatic};
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW - 50 * DAY, "author", &err), 0);
    int rc = fg_store_policy_create(&tx, &rec, RULE, strlen(RULE), "", id, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    fg_policy_row r;
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW - 50 * DAY, "author", &err), 0);
    rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_PUBLISHED, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static int setup(void **state)
{
    (void)state;
    fg_test_dsn("app-policy-claims", dsn, sizeof(dsn));
    fg_err err;
    if (fg_store_open(dsn, &store, &err) || fg_app_init(&app, NULL, &err))
        return -1;
    int applied, n;
    if (fg_store_migrate(conn(), NOW - 500 * DAY, &applied, &err))
        return -1;
    json_t *regions =
        json_pack("[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]", "code", 330000, "name", "浙江省",
                  "parent", 0, "code", 330100, "name", "杭州市", "parent", 330000, "code", 330106,
                  "name", "西湖区", "parent", 330100);
    int rc = fg_store_region_import(conn(), regions, NOW - 500 * DAY, "test", &n, &err);
    json_decref(regions);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_app_release(&app);
    fg_store_free(store);
    fg_test_dsn_remove(dsn);
    return 0;
}

typedef struct found {
    int n, automatic;
    char id[37];
    fg_claim_row last;
} found;

static int collect(const fg_claim_row *r, void *ctx)
{
    found *f = ctx;
    f->n++;
    f->automatic += r->automatic;
    if (f->n == 1) {
        memcpy(f->id, r->id, sizeof(f->id));
        f->last = *r;
    }
    return 0;
}

static found claims_of(const char *uscc, const char *policy, int state)
{
    fg_claim_filter f;
    fg_claim_filter_init(&f);
    f.enterprise = uscc;
    f.policy = policy;
    f.state = state;
    found x;
    memset(&x, 0, sizeof(x));
    long total;
    fg_err err;
    assert_int_equal(fg_store_claims_list(conn(), &f, collect, &x, &total, &err), 0);
    assert_int_equal(total, x.n);
    return x;
}

static int64_t audits(const char *action)
{
    json_t *list;
    fg_err err;
    fg_audit_filter f = {0, 999999, "", "", action, "", 0, 1000};
    assert_int_equal(fg_audit_list(conn(), &f, &list, &err), 0);
    int64_t n = (int64_t)json_array_size(list);
    json_decref(list);
    return n;
}

static void the_matching_makes_the_automatic_claim_once(void **state)
{
    (void)state;
    fg_err err;
    enterprise(ent_a, 1, 330106);
    enterprise(ent_b, 2, 330106);
    insured(ent_a, 20);
    /* B holds no insured count: its headcount (30) stands for it. */
    json_t *d = NULL;
    assert_int_equal(fg_store_risk_designate(conn(), 330106, FG_RISK_MEDIUM, 20220501, "测试",
                                             NOW - 45 * DAY, "health", &d, &err),
                     0);
    json_decref(d);
    publish("一次性留工培训补助", true, 20 * 50000 + 10 * 50000, automatic);
    publish("留工培训补助（申请）", false, 0, on_application);

    fg_app_match_stats st;
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW, 1000, &st, &err), 0);
    assert_int_equal(st.created, 4); /* two enterprises, two policies */
    found a = claims_of(ent_a, automatic, -1);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.automatic, 1);
    assert_int_equal(a.last.state, FG_CLAIM_PENDING);
    assert_int_equal(a.last.amount_fen, 20 * 50000);
    assert_int_equal(a.last.eligible_since, NOW);
    assert_string_equal(a.last.created_by, "system");
    assert_int_equal(claims_of(ent_b, automatic, -1).n, 1);
    /* None for the policy granted on application. */
    assert_int_equal(claims_of(ent_a, on_application, -1).n, 0);
    assert_int_equal(audits("policy_claim.automatic"), 2);

    /* The form is pre-filled from the facts, with the checks that decided. */
    fg_claim_row c;
    assert_int_equal(fg_store_claim_get(conn(), a.id, &c, &err), 0);
    json_t *pre = json_object_get(c.form, "prefilled");
    assert_string_equal(json_string_value(json_object_get(pre, "county")), "330106");
    assert_int_equal(json_integer_value(json_object_get(pre, "insured")), 20);
    assert_true(json_array_size(json_object_get(c.form, "checks")) >= 2);
    fg_claim_row_release(&c);

    /* Matching again makes no second claim. */
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW + DAY, 1000, &st, &err), 0);
    assert_int_equal(claims_of(ent_a, automatic, -1).n, 1);
    assert_int_equal(audits("policy_claim.automatic"), 2);
}

static void a_rejected_claim_is_made_anew_when_eligible_again(void **state)
{
    (void)state;
    fg_err err;
    fg_principal p = {FG_ROLE_ECONOMIC_DEPARTMENT, 330000, NULL, NULL, 0, false};
    fg_who who = {"economy.zhejiang", FG_ROLE_ECONOMIC_DEPARTMENT, &p};
    found a = claims_of(ent_a, automatic, FG_CLAIM_PENDING);
    assert_int_equal(a.n, 1);
    fg_claim_act_in in = {FG_CLAIM_REJECT, 0, -1, 0, "参保人数与社保记录不符", NULL, -1, NULL};
    fg_claim_row out;
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, a.id, &in, NOW + 2 * DAY, &out, &err), 0);
    assert_int_equal(out.state, FG_CLAIM_REJECTED);
    fg_claim_row_release(&out);
    /* Lapses (no insured employee), then eligible again: a new claim. */
    insured(ent_a, 0);
    fg_app_match_stats st;
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + 3 * DAY, &st, &err), 0);
    assert_int_equal(st.lapsed, 2);
    assert_int_equal(claims_of(ent_a, automatic, -1).n, 1);
    insured(ent_a, 20);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + 4 * DAY, &st, &err), 0);
    found again = claims_of(ent_a, automatic, FG_CLAIM_PENDING);
    assert_int_equal(again.n, 1);
    assert_string_not_equal(again.id, a.id);
    assert_int_equal(again.last.eligible_since, NOW + 4 * DAY);
    assert_int_equal(claims_of(ent_a, automatic, -1).n, 2);
}

static void the_budget_is_committed_at_approval_and_never_exceeded(void **state)
{
    (void)state;
    fg_err err;
    fg_principal p = {FG_ROLE_ECONOMIC_DEPARTMENT, 330000, NULL, NULL, 0, false};
    fg_who who = {"economy.zhejiang", FG_ROLE_ECONOMIC_DEPARTMENT, &p};
    /* The budget holds A's 1,000,000 fen and 500,000 more: B's 1,500,000 does not fit after. */
    found a = claims_of(ent_a, automatic, FG_CLAIM_PENDING);
    found b = claims_of(ent_b, automatic, FG_CLAIM_PENDING);
    assert_int_equal(b.last.amount_fen, 30 * 50000);
    fg_claim_act_in in = {FG_CLAIM_APPROVE, 0, -1, 0, NULL, NULL, -1, NULL};
    fg_claim_row out;
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, a.id, &in, NOW + 5 * DAY, &out, &err), 0);
    assert_int_equal(out.approved_fen, 20 * 50000);
    fg_claim_row_release(&out);
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, b.id, &in, NOW + 5 * DAY, &out, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "policy.budget_exhausted");
    assert_int_equal(claims_of(ent_b, automatic, FG_CLAIM_PENDING).n, 1); /* nothing written */
    /* A smaller amount fits exactly. */
    in.amount_fen = 10 * 50000;
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, b.id, &in, NOW + 5 * DAY, &out, &err), 0);
    fg_claim_row_release(&out);
    fg_policy_row pol;
    assert_int_equal(fg_store_policy_get(conn(), automatic, &pol, &err), 0);
    assert_int_equal(pol.committed_fen, pol.budget_fen);
    /* A grant of less than approved gives the rest back. */
    fg_claim_act_in g = {FG_CLAIM_GRANT, 0, 800000, 20220620, NULL, "PZ-0001", -1, NULL};
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, a.id, &g, NOW + 6 * DAY, &out, &err), 0);
    assert_int_equal(out.state, FG_CLAIM_GRANTED);
    fg_claim_row_release(&out);
    assert_int_equal(fg_store_policy_get(conn(), automatic, &pol, &err), 0);
    assert_int_equal(pol.committed_fen, pol.budget_fen - 200000);
    /* The enterprise's step is not the department's. */
    fg_claim_act_in r = {FG_CLAIM_RECEIPT, 0, -1, 0, NULL, NULL, -1, NULL};
    assert_int_equal(fg_app_claim_act(&app, conn(), &who, a.id, &r, NOW + 7 * DAY, &out, &err),
                     FG_EPERM);
}

static const char RENT[] =
    "{\"benefit\": \"rent_relief\", \"when\": {\"headcount\": {\"max\": 100}},"
    " \"amount\": {\"per_month\": {\"of\": \"monthly_rent\", \"months\": 3}}}";

static void an_application_gives_only_what_is_not_known(void **state)
{
    (void)state;
    fg_err err;
    char rent[37];
    fg_policy_record rec = {330000,   "发展和改革委员会", "房屋租金减免", "演示〔2022〕9号",
                            20220501, 20220501,           20221231,       0,
                            false};
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW - 50 * DAY, "author", &err), 0);
    int rc = fg_store_policy_create(&tx, &rec, RENT, strlen(RENT), "", rent, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    fg_policy_row r;
    assert_int_equal(fg_store_policy_get(conn(), rent, &r, &err), 0);
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW - 50 * DAY, "author", &err), 0);
    rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_PUBLISHED, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);

    const char *mine[1] = {ent_b};
    int32_t county = 330106;
    fg_principal p = {FG_ROLE_ENTERPRISE, -1, mine, &county, 1, false};
    fg_who who = {"clerk", FG_ROLE_ENTERPRISE, &p};
    char id[37];
    json_t *match = NULL;
    /* The form asks for the rent (not held) and the statement. */
    json_t *form;
    assert_int_equal(fg_app_claim_form(&app, conn(), rent, ent_b, NOW, &form, &err), 0);
    json_t *needs = json_object_get(json_object_get(form, "form"), "needs");
    assert_string_equal(json_string_value(json_object_get(needs, "base")), "monthly_rent");
    assert_string_equal(json_string_value(json_array_get(json_object_get(needs, "statements"), 0)),
                        "premises_state_owned");
    json_decref(form);
    fg_claim_apply_in in = {rent, ent_b, 800000, NULL, NULL, NULL};
    assert_int_equal(fg_app_claim_apply(&app, conn(), &who, &in, NOW, id, &match, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_statement_needed");
    json_t *st = json_pack("{s:b}", "premises_state_owned", 1);
    in.statements = st;
    in.base_fen = -1;
    assert_int_equal(fg_app_claim_apply(&app, conn(), &who, &in, NOW, id, &match, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_base_needed");
    assert_string_equal(err.field, "monthly_rent");
    in.base_fen = 800000;
    assert_int_equal(fg_app_claim_apply(&app, conn(), &who, &in, NOW, id, &match, &err), 0);
    fg_claim_row c;
    assert_int_equal(fg_store_claim_get(conn(), id, &c, &err), 0);
    assert_int_equal(c.amount_fen, 3 * 800000);
    assert_false(c.automatic);
    json_t *given = json_object_get(c.form, "given");
    assert_int_equal(json_integer_value(json_object_get(given, "monthly_rent")), 800000);
    fg_claim_row_release(&c);
    assert_int_equal(audits("policy_claim.apply"), 1);
    /* Another enterprise's account cannot apply for it: to it there is none. */
    const char *other[1] = {ent_a};
    fg_principal q = {FG_ROLE_ENTERPRISE, -1, other, &county, 1, false};
    fg_who who_a = {"clerk.a", FG_ROLE_ENTERPRISE, &q};
    assert_int_equal(fg_app_claim_apply(&app, conn(), &who_a, &in, NOW, id, &match, &err),
                     FG_ENOTFOUND);
    json_decref(st);
    json_decref(match);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_matching_makes_the_automatic_claim_once),
        cmocka_unit_test(a_rejected_claim_is_made_anew_when_eligible_again),
        cmocka_unit_test(the_budget_is_committed_at_approval_and_never_exceeded),
        cmocka_unit_test(an_application_gives_only_what_is_not_known),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
