/* Re-matching when facts change and the reach of policies (issue 15, part
 * "reach") against a real database (SQLite by default, FG_TEST_DB for
 * PostgreSQL): the region-restricted re-match after a designation touches
 * only the enterprises of the region; the sweep's full matching runs when the
 * catalogue changed or the day turned, and not otherwise, and re-matches the
 * enterprises daily reports queued, a report committed late included; the reach figures
 * per policy and region (eligible, reached, granted, received, paid, median
 * days to payment, objections) equal the rows, rolled up to the region one
 * level down; the eligible not reached, paged, with their contacts. */
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
/* 2022-06-15T04:00:00Z: noon in Asia/Shanghai */
static const int64_t NOW = 1655265600000LL;
static const int64_t DAY = 86400000LL;

/* Enterprises: three in 上城区 (330102), two in 西湖区 (330106), one in 宁波
 * 海曙区 (330203), all with employees. */
static char e102[3][19], e106[2][19], e203[19];
static char training[37];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static void enterprise(char out[19], int32_t region, const char *tag, int i)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    fg_test_uscc(e.uscc, region, tag, i);
    snprintf(e.name, sizeof(e.name), "兑现测试企业%s%d", tag, i);
    e.region = region;
    memcpy(e.industry, "34", 3);
    e.headcount = 10 + i;
    fg_err err;
    if (fg_store_enterprise_create(conn(), &e, NOW - 400 * DAY, "test", NULL, &err))
        fail_msg("enterprise: %s", err.msg);
    memcpy(out, e.uscc, 19);
}

static const char TRAINING[] =
    "{\"benefit\": \"subsidy\", \"when\": {\"all\": ["
    "{\"insured_headcount\": {\"min\": 1}},"
    "{\"risk_level\": [\"medium\", \"high\"], \"during\": {\"from\": \"2022-01-01\", \"to\": "
    "\"2022-12-31\"}}]},"
    " \"amount\": {\"per_insured_employee\": 500, \"cap\": 300000}}";

static void publish(const char *title, const char *rule, char id[37], int64_t at)
{
    fg_policy_record rec = {330000,   "人力资源和社会保障厅",
                            title,    "演示〔2022〕9号",
                            20220501, 20220501,
                            20221231, 10000000,
                            true};
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), at, "author", &err), 0);
    int rc = fg_store_policy_create(&tx, &rec, rule, strlen(rule), "", id, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    fg_policy_row r;
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_int_equal(fg_tx_begin(&tx, conn(), at, "author", &err), 0);
    rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_PUBLISHED, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static void designate(int32_t region, fg_risk_level level)
{
    json_t *out;
    fg_err err;
    assert_int_equal(fg_store_risk_designate(conn(), region, level, 20220610, "测试认定", NOW,
                                             "health", &out, &err),
                     0);
    json_decref(out);
}

static int setup(void **state)
{
    (void)state;
    if (fg_test_store_open("app-policy-reach", dsn, sizeof(dsn), &store, NOW - 500 * DAY))
        return -1;
    static const int32_t codes[] = {330000, 330100, 330102, 330106, 330200, 330203, 0};
    if (fg_test_regions(conn(), NOW - 500 * DAY, codes))
        return -1;
    for (int i = 0; i < 3; i++)
        enterprise(e102[i], 330102, "SCQ", i);
    for (int i = 0; i < 2; i++)
        enterprise(e106[i], 330106, "XHQ", i);
    enterprise(e203, 330203, "HSQ", 0);
    publish("一次性留工培训补助", TRAINING, training, NOW - 50 * DAY);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

/* The figures of the training subsidy in `region` as the app gives them. */
static json_t *reach(int32_t region)
{
    json_t *out;
    fg_err err;
    int rc = fg_app_policy_reach(NULL, conn(), training, region, NOW, &out, &err);
    if (rc)
        fail_msg("reach: %s", err.msg);
    return out;
}

static int64_t fig(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(json_object_get(o, "figures"), k));
}

static void the_sweep_matches_all_when_the_catalogue_changed_or_the_day_turned(void **state)
{
    (void)state;
    fg_policy_sweep_stats st;
    fg_err err;
    /* The first sweep: never matched. Nobody is at risk yet. */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW, &st, &err), 0);
    assert_true(st.full);
    assert_int_equal(st.created, 0);
    /* The same day, nothing changed: nothing to do. */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + 60000, &st, &err), 0);
    assert_false(st.full);
    /* A designation re-matches its region only: 上城区's three enterprises. */
    designate(330102, FG_RISK_MEDIUM);
    fg_app_match_stats ms;
    assert_int_equal(fg_app_policy_rematch_region(NULL, conn(), 330102, NOW + 120000, 0, &ms, &err),
                     0);
    assert_int_equal(ms.enterprises, 3);
    assert_int_equal(ms.created, 3);
    /* A city: its two counties' five enterprises, nothing new. */
    assert_int_equal(fg_app_policy_rematch_region(NULL, conn(), 330100, NOW + 130000, 0, &ms, &err),
                     0);
    assert_int_equal(ms.enterprises, 5);
    assert_int_equal(ms.created, 0);
    /* 西湖区 designated, but not re-matched: the sweep does not see it the
     * same day (a designation re-matches at once, through the API)... */
    designate(330106, FG_RISK_HIGH);
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + 180000, &st, &err), 0);
    assert_false(st.full);
    /* ...the next day it matches everybody again. */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY, &st, &err), 0);
    assert_true(st.full);
    assert_int_equal(st.created, 2);
    /* A new policy: the catalogue changed, a full matching the same day. */
    char other[37];
    publish("测试补贴",
            "{\"benefit\": \"subsidy\", \"when\": {\"headcount\": {\"min\": 11}}, "
            "\"amount\": {\"fixed\": 100}}",
            other, NOW + DAY);
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY + 60000, &st, &err), 0);
    assert_true(st.full);
    assert_int_equal(st.created, 3); /* headcount 11 or 12: two in 上城区, one in 西湖区 */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY + 120000, &st, &err), 0);
    assert_false(st.full);
}

/* A report's transaction queues its enterprise at its own time. */
static void queue(const char *uscc, int64_t at)
{
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), at, "test", &err), 0);
    int rc = fg_store_policy_rematch_enqueue(&tx, uscc, &err);
    if (rc == 0)
        rc = fg_tx_audit(&tx, "report.submit", "enterprise", uscc, 0, NULL, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static void the_sweep_rematches_what_reports_queued_even_committed_late(void **state)
{
    (void)state;
    fg_policy_sweep_stats st;
    fg_err err;
    fg_rematch_queued q[8];
    size_t n;
    /* Matched today already: the sweep has nothing queued. */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY + 200000, &st, &err), 0);
    assert_false(st.full);
    assert_int_equal(st.rematched, 0);
    /* Two reports of one enterprise, and one whose transaction began long
     * before (its time is older than the sweep that just ran). */
    queue(e102[0], NOW + DAY + 210000);
    queue(e102[0], NOW + DAY + 220000);
    queue(e203, NOW - DAY);
    assert_int_equal(fg_store_policy_rematch_queued(conn(), q, 8, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(q[0].uscc, e203); /* longest waiting first */
    assert_int_equal(q[0].n, 1);
    assert_string_equal(q[1].uscc, e102[0]);
    assert_int_equal(q[1].n, 2);
    /* Taken with a count that is no longer its own (reported again while
     * it was re-matched): it stays. */
    fg_rematch_queued stale = q[1];
    stale.n = 1;
    assert_int_equal(fg_store_policy_rematch_done(conn(), &stale, &err), 0);
    assert_int_equal(fg_store_policy_rematch_queued(conn(), q, 8, &n, &err), 0);
    assert_int_equal(n, 2);
    /* The sweep re-matches both once and empties the queue. */
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY + 300000, &st, &err), 0);
    assert_false(st.full);
    assert_int_equal(st.rematched, 2);
    assert_int_equal(fg_store_policy_rematch_queued(conn(), q, 8, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(fg_app_policy_sweep(NULL, conn(), NOW + DAY + 360000, &st, &err), 0);
    assert_int_equal(st.rematched, 0);
}

static void claim(const char *id, const char *uscc, int32_t county, const char *state,
                  int64_t since, int64_t granted_at, int64_t fen)
{
    fg_err err;
    /* The matching made automatic claims already: the test's claims replace them all. */
    static bool cleared;
    if (!cleared &&
        fg_db_run(conn(), &err, "DELETE FROM policy_claims WHERE policy_id = ?", "t", training))
        fail_msg("claim: %s", err.msg);
    cleared = true;
    if (fg_db_run(conn(), &err,
                  "INSERT INTO policy_claims (id, policy_id, enterprise, region, origin, state, "
                  "rule_version, form, amount_fen, approved_fen, granted_fen, grant_date, "
                  "grant_reference, reason, eligible_since, created_by, created_at, decided_at, "
                  "granted_at, received_at, updated_at, version) VALUES (?, ?, ?, ?, "
                  "'automatic', ?, 1, '{}', ?, ?, ?, 0, '', '', ?, 'system', ?, 0, ?, 0, ?, 1)",
                  "tttdtiiiiiii", id, training, uscc, (int)county, state, fen, fen, fen, since,
                  since, granted_at, since))
        fail_msg("claim: %s", err.msg);
}

static void reach_figures_are_the_rows_rolled_up(void **state)
{
    (void)state;
    /* Eligible now: 上城区's three and 西湖区's two; 海曙区's one is not
     * (its county is low). Claims: one in 上城区 granted after 2 days, one
     * received after 4 days, one in 西湖区 pending; an objection there. */
    int64_t since = NOW + 120000;
    claim("c1", e102[0], 330102, "granted", since, since + 2 * DAY, 550000);
    claim("c2", e102[1], 330102, "received", since, since + 4 * DAY, 560000);
    claim("c3", e106[0], 330106, "pending", since, 0, 0);
    fg_err err;
    assert_int_equal(fg_db_run(conn(), &err,
                               "INSERT INTO policy_objections (problem_id, policy_id, enterprise, "
                               "region, claim_id, created_at) VALUES ('p1', ?, ?, 330106, NULL, ?)",
                               "tti", training, e106[1], NOW),
                     0);
    json_t *p = reach(330000);
    assert_int_equal(fig(p, "eligible"), 5);
    assert_int_equal(fig(p, "eligible_reached"), 3);
    assert_int_equal(fig(p, "unreached"), 2);
    assert_int_equal(fig(p, "reached"), 3);
    assert_int_equal(fig(p, "granted"), 2);
    assert_int_equal(fig(p, "received"), 1);
    assert_int_equal(fig(p, "granted_fen"), 1110000);
    assert_int_equal(fig(p, "objections"), 1);
    assert_int_equal(fig(p, "budget_fen"), 10000000);
    json_t *f = json_object_get(p, "figures");
    assert_true(json_real_value(json_object_get(f, "median_days")) == 3.0);
    assert_true(json_real_value(json_object_get(f, "reached_pct")) == 60.0);
    /* The province rolls up to one city: 杭州市. */
    json_t *by = json_object_get(p, "by_region");
    assert_int_equal(json_array_size(by), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(by, 0), "code")),
                        "330100");
    assert_string_equal(json_string_value(json_object_get(json_array_get(by, 0), "name")),
                        "杭州市");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(by, 0), "eligible")), 5);
    json_decref(p);
    /* The city: its two counties, each with its own. */
    p = reach(330100);
    by = json_object_get(p, "by_region");
    assert_int_equal(json_array_size(by), 2);
    json_t *scq = json_array_get(by, 0), *xhq = json_array_get(by, 1);
    assert_string_equal(json_string_value(json_object_get(scq, "code")), "330102");
    assert_int_equal(json_integer_value(json_object_get(scq, "eligible")), 3);
    assert_int_equal(json_integer_value(json_object_get(scq, "granted")), 2);
    assert_true(json_real_value(json_object_get(scq, "median_days")) == 3.0);
    assert_int_equal(json_integer_value(json_object_get(xhq, "eligible")), 2);
    assert_int_equal(json_integer_value(json_object_get(xhq, "objections")), 1);
    assert_true(json_is_null(json_object_get(xhq, "median_days")));
    json_decref(p);
    /* 宁波: nobody. */
    p = reach(330200);
    assert_int_equal(fig(p, "eligible"), 0);
    assert_true(json_is_null(json_object_get(json_object_get(p, "figures"), "reached_pct")));
    json_decref(p);
    /* The eligible not reached: 上城区's third and 西湖区's second, paged. */
    json_t *u;
    assert_int_equal(fg_app_policy_unreached(NULL, conn(), training, 330000, 1, 0, &u, &err), 0);
    assert_int_equal(json_integer_value(json_object_get(u, "total")), 2);
    assert_int_equal(json_array_size(json_object_get(u, "items")), 1);
    json_decref(u);
    assert_int_equal(fg_app_policy_unreached(NULL, conn(), training, 330106, 10, 0, &u, &err), 0);
    json_t *items = json_object_get(u, "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "uscc")),
                        e106[1]);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "amount_fen")),
                     11 * 500 * 100);
    json_decref(u);
    /* Every policy: this one counted in the totals. */
    json_t *all;
    assert_int_equal(fg_app_policies_reach(NULL, conn(), NULL, 330000, NOW, &all, &err), 0);
    json_t *tot = json_object_get(all, "totals");
    assert_int_equal(json_integer_value(json_object_get(tot, "policies")), 2);
    assert_int_equal(json_integer_value(json_object_get(tot, "in_force")), 2);
    assert_int_equal(json_integer_value(json_object_get(tot, "granted")), 2);
    json_decref(all);
    /* An unknown policy. */
    assert_int_equal(fg_app_policy_reach(NULL, conn(), "nope", 330000, NOW, &p, &err),
                     FG_ENOTFOUND);
}

static void the_median_of_delays(void **state)
{
    (void)state;
    int64_t odd[] = {3 * DAY, DAY, 2 * DAY}, even[] = {4 * DAY, DAY, 2 * DAY, 3 * DAY};
    assert_true(fg_app_reach_median_days(odd, 3) == 2.0);
    assert_true(fg_app_reach_median_days(even, 4) == 2.5);
    assert_true(fg_app_reach_median_days(NULL, 0) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sweep_matches_all_when_the_catalogue_changed_or_the_day_turned),
        cmocka_unit_test(the_sweep_rematches_what_reports_queued_even_committed_late),
        cmocka_unit_test(reach_figures_are_the_rows_rolled_up),
        cmocka_unit_test(the_median_of_delays),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
