/* The policy catalogue's use cases against a real database (SQLite by
 * default, FG_TEST_DB for PostgreSQL): the preview of a rule counts exactly
 * the enterprises the full match then finds eligible, only inside the
 * issuer's region, by county and with a sample; who sees a draft, a
 * published and a withdrawn policy; the state checks of the writes; and
 * benefit facts followed at once by the enterprise's re-match. */
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
static int serial;
static char policy[37];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static void enterprise(char out[19], int32_t region, int64_t headcount)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    char first17[48];
    snprintf(first17, sizeof(first17), "91%06dMB%07d", (int)region, ++serial);
    memcpy(e.uscc, first17, 17);
    e.uscc[17] = fg_uscc_check_char(e.uscc);
    snprintf(e.name, sizeof(e.name), "目录测试企业%d", serial);
    e.region = region;
    memcpy(e.industry, "34", 3);
    e.headcount = headcount;
    fg_err err;
    if (fg_store_enterprise_create(conn(), &e, NOW - 400 * DAY, "test", NULL, &err))
        fail_msg("enterprise: %s", err.msg);
    memcpy(out, e.uscc, 19);
}

static const fg_principal economy = {FG_ROLE_ECONOMIC_DEPARTMENT, 330000, NULL, NULL, 0, false};
static const fg_who eco = {"economy.zhejiang", FG_ROLE_ECONOMIC_DEPARTMENT, &economy};

static int setup(void **state)
{
    (void)state;
    fg_test_dsn("app-policy-catalogue", dsn, sizeof(dsn));
    fg_err err;
    if (fg_store_open(dsn, &store, &err) || fg_app_init(&app, NULL, &err))
        return -1;
    int applied, n;
    if (fg_store_migrate(conn(), NOW - 500 * DAY, &applied, &err))
        return -1;
    json_t *regions = json_pack(
        "[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},"
        "{s:i,s:s,s:i}]",
        "code", 330000, "name", "浙江省", "parent", 0, "code", 330100, "name", "杭州市", "parent",
        330000, "code", 330106, "name", "西湖区", "parent", 330100, "code", 330108, "name",
        "滨江区", "parent", 330100, "code", 320000, "name", "江苏省", "parent", 0, "code", 320500,
        "name", "苏州市", "parent", 320000, "code", 320505, "name", "虎丘区", "parent", 320500);
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

/* Insured employees at least 5, in a county at medium or high risk at some
 * time since May: 100 yuan each, at most 2,000. */
static const char RULE[] =
    "{\"benefit\": \"subsidy\", \"when\": {\"all\": ["
    "{\"insured_headcount\": {\"min\": 5}},"
    "{\"risk_level\": [\"medium\", \"high\"], \"during\": {\"from\": \"2022-05-01\", \"to\": "
    "\"2022-12-31\"}}]},"
    " \"amount\": {\"per_insured_employee\": 100, \"cap\": 2000}}";

static void the_preview_counts_what_the_full_match_then_finds(void **state)
{
    (void)state;
    fg_err err;
    char u[12][19];
    /* Xihu (medium): 4 with 10 employees, 2 with 3; Binjiang (low): 3 with
     * 10; Huqiu, Jiangsu (high): 3 with 10, outside the issuer's region. */
    for (int i = 0; i < 12; i++)
        enterprise(u[i], i < 6 ? 330106 : i < 9 ? 330108 : 320505, i == 4 || i == 5 ? 3 : 10);
    /* One with a held insured count above the cap's reach: 30 → 3,000 yuan, capped at 2,000. */
    fg_benefit_facts f = {30, -1, -1, -1};
    fg_app_match_stats st;
    fg_enterprise e0;
    assert_int_equal(fg_store_enterprise_get(conn(), u[0], NOW, &e0, NULL, &err), 0);
    json_t *d = NULL;
    assert_int_equal(fg_store_risk_designate(conn(), 330106, FG_RISK_MEDIUM, 20220520, "测试",
                                             NOW - 20 * DAY, "health", &d, &err),
                     0);
    json_decref(d);
    assert_int_equal(fg_store_risk_designate(conn(), 320505, FG_RISK_HIGH, 20220520, "测试",
                                             NOW - 20 * DAY, "health", &d, &err),
                     0);
    json_decref(d);
    bool rematched;
    assert_int_equal(
        fg_app_benefit_facts_set(&app, conn(), &eco, &e0, &f, NOW, &st, &rematched, &err), 0);
    assert_true(rematched);
    assert_int_equal(st.enterprises, 1);
    assert_int_equal(st.created, 0); /* nothing published yet */

    fg_policy_rule rule;
    assert_int_equal(fg_policy_rule_load(&rule, RULE, strlen(RULE), &err), 0);
    fg_app_policy_preview_out *pv = malloc(sizeof(*pv));
    assert_non_null(pv);
    assert_int_equal(fg_app_policy_preview(&app, conn(), 330000, &rule, NOW, pv, &err), 0);
    assert_int_equal(pv->enterprises, 9);
    assert_int_equal(pv->eligible, 4);
    assert_int_equal(pv->amount_fen, 200000 + 3 * 100000);
    assert_int_equal(pv->amount_unknown, 0);
    assert_int_equal(pv->n_counties, 1);
    assert_int_equal(pv->n_top, 1);
    assert_int_equal(pv->counties[0].county, 330106);
    assert_string_equal(pv->counties[0].name, "西湖区");
    assert_int_equal(pv->counties[0].eligible, 4);
    assert_int_equal(pv->n_sample, 4);
    assert_string_equal(pv->sample[0].uscc, u[0]);
    assert_int_equal(pv->sample[0].amount_fen, 200000);
    assert_string_equal(pv->sample[0].county_name, "西湖区");
    assert_true(strncmp(pv->sample[0].name, "目录测试企业", strlen("目录测试企业")) == 0);
    /* The nation's view reaches Huqiu too; a county only its own. */
    assert_int_equal(fg_app_policy_preview(&app, conn(), 0, &rule, NOW, pv, &err), 0);
    assert_int_equal(pv->enterprises, 12);
    assert_int_equal(pv->eligible, 7);
    assert_int_equal(pv->counties[0].county, 330106); /* most first */
    assert_int_equal(fg_app_policy_preview(&app, conn(), 330108, &rule, NOW, pv, &err), 0);
    assert_int_equal(pv->enterprises, 3);
    assert_int_equal(pv->eligible, 0);
    assert_int_equal(pv->n_sample, 0);

    /* Drafted, published: the full match finds exactly the preview's four. */
    fg_policy_record rec = {330000,
                            "浙江省经济和信息化厅",
                            "目录测试补助",
                            "演示〔2022〕3号",
                            20220501,
                            20220501,
                            20221231,
                            100000000,
                            true};
    assert_int_equal(fg_app_policy_create(&app, conn(), &eco, &rec, RULE, strlen(RULE), "初稿", NOW,
                                          policy, &err),
                     0);
    fg_policy_row row;
    assert_int_equal(fg_store_policy_get(conn(), policy, &row, &err), 0);
    assert_int_equal(
        fg_app_policy_set_state(&app, conn(), &eco, &row, FG_POLICY_PUBLISHED, NULL, NOW, &err), 0);
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW, 5, &st, &err), 0);
    int64_t eligible, ever;
    assert_int_equal(fg_store_entitlement_counts(conn(), policy, &eligible, &ever, &err), 0);
    assert_int_equal(fg_app_policy_preview(&app, conn(), 330000, &rule, NOW, pv, &err), 0);
    assert_int_equal(eligible, pv->eligible);
    assert_int_equal(ever, 4);

    /* Benefit facts: one of the small ones now has 6 insured employees, and
     * its entitlement follows at once. */
    fg_enterprise e4;
    assert_int_equal(fg_store_enterprise_get(conn(), u[4], NOW, &e4, NULL, &err), 0);
    fg_benefit_facts six = {6, -1, -1, -1};
    assert_int_equal(
        fg_app_benefit_facts_set(&app, conn(), &eco, &e4, &six, NOW + DAY, &st, &rematched, &err),
        0);
    assert_true(rematched);
    assert_int_equal(st.created, 1);
    assert_int_equal(fg_store_entitlement_counts(conn(), policy, &eligible, &ever, &err), 0);
    assert_int_equal(eligible, 5);
    assert_int_equal(fg_app_policy_preview(&app, conn(), 330000, &rule, NOW + DAY, pv, &err), 0);
    assert_int_equal(pv->eligible, 5);
    free(pv);
    fg_policy_rule_release(&rule);
}

static void who_sees_which_policy(void **state)
{
    (void)state;
    fg_err err;
    fg_policy_row row;
    assert_int_equal(fg_store_policy_get(conn(), policy, &row, &err), 0);
    const fg_principal jiangsu = {FG_ROLE_ECONOMIC_DEPARTMENT, 320000, NULL, NULL, 0, false};
    const fg_principal auditor = {FG_ROLE_AUDITOR, 330000, NULL, NULL, 0, false};
    const char *xihu_uscc[] = {"91330106MA27XK000B"}, *huqiu_uscc[] = {"91320505MA27XK000B"};
    const int32_t xihu[] = {330106}, huqiu[] = {320505};
    const fg_principal ent_in = {FG_ROLE_ENTERPRISE, -1, xihu_uscc, xihu, 1, false};
    const fg_principal ent_out = {FG_ROLE_ENTERPRISE, -1, huqiu_uscc, huqiu, 1, false};
    /* Published: every official, the enterprise it covers. */
    assert_true(fg_app_policy_visible(&economy, &row));
    assert_true(fg_app_policy_visible(&jiangsu, &row));
    assert_true(fg_app_policy_visible(&auditor, &row));
    assert_true(fg_app_policy_visible(&ent_in, &row));
    assert_false(fg_app_policy_visible(&ent_out, &row));
    /* A draft or a withdrawn one: its department only. */
    row.state = FG_POLICY_DRAFT;
    assert_true(fg_app_policy_visible(&economy, &row));
    assert_false(fg_app_policy_visible(&jiangsu, &row));
    assert_false(fg_app_policy_visible(&auditor, &row));
    assert_false(fg_app_policy_visible(&ent_in, &row));
    row.state = FG_POLICY_WITHDRAWN;
    assert_true(fg_app_policy_visible(&economy, &row));
    assert_false(fg_app_policy_visible(&auditor, &row));
}

static void the_writes_follow_the_policys_state(void **state)
{
    (void)state;
    fg_err err;
    fg_policy_row row;
    assert_int_equal(fg_store_policy_get(conn(), policy, &row, &err), 0);
    /* Published: not again, but a new rule and a withdrawal. */
    assert_int_equal(
        fg_app_policy_set_state(&app, conn(), &eco, &row, FG_POLICY_PUBLISHED, NULL, NOW, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "policy.state");
    int version;
    assert_int_equal(fg_app_policy_rule_add(&app, conn(), &eco, &row, RULE, strlen(RULE), "再版",
                                            NOW, &version, &err),
                     0);
    assert_int_equal(version, 2);
    /* Read before the new rule: stale. */
    assert_int_equal(
        fg_app_policy_set_state(&app, conn(), &eco, &row, FG_POLICY_WITHDRAWN, "到期", NOW, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "policy.stale");
    assert_int_equal(fg_store_policy_get(conn(), policy, &row, &err), 0);
    assert_int_equal(
        fg_app_policy_set_state(&app, conn(), &eco, &row, FG_POLICY_WITHDRAWN, "到期", NOW, &err),
        0);
    assert_int_equal(fg_store_policy_get(conn(), policy, &row, &err), 0);
    fg_policy_record rec;
    fg_policy_row_record(&row, &rec);
    assert_int_equal(fg_app_policy_update(&app, conn(), &eco, &row, &rec, NOW, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "policy.withdrawn");
    /* The withdrawal's reason is in its audit entry. */
    json_t *list;
    fg_audit_filter f = {0, 999999, "", policy, "policy.withdraw", "", 0, 10};
    assert_int_equal(fg_audit_list(conn(), &f, &list, &err), 0);
    assert_int_equal(json_array_size(list), 1);
    char *dump = json_dumps(json_array_get(list, 0), 0);
    assert_non_null(strstr(dump, "到期"));
    free(dump);
    json_decref(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_preview_counts_what_the_full_match_then_finds),
        cmocka_unit_test(who_sees_which_policy),
        cmocka_unit_test(the_writes_follow_the_policys_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
