/* The policy matching against a real database (SQLite by default,
 * FG_TEST_DB for PostgreSQL): facts gathered from the stores (benefit facts,
 * county risk, orders, white list, reports), the full match creating
 * entitlements only where the rule holds and the issuer's region covers the
 * enterprise, a re-match after one fact changes writing only that change
 * (and nothing when nothing changed), a lapse, a withdrawn policy's and a
 * moved enterprise's entitlements lapsing, and "policies for you" with
 * what an enterprise lacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "app/app.h"
#include "core/region.h"
#include "core/uscc.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static fg_app app;
/* 2022-06-15T04:00:00Z: noon in Asia/Shanghai */
static const int64_t NOW = 1655265600000LL;
static const int64_t DAY = 86400000LL;
static int serial;

static char ent_a[19], ent_b[19], ent_c[19], ent_d[19];
static char training[37], logistics[37];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static void enterprise(char out[19], int32_t region, const char *industry, int64_t headcount)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    char first17[48];
    snprintf(first17, sizeof(first17), "91%06dMA%07d", (int)region, ++serial);
    memcpy(e.uscc, first17, 17);
    e.uscc[17] = fg_uscc_check_char(e.uscc);
    snprintf(e.name, sizeof(e.name), "政策匹配企业%d", serial);
    e.region = region;
    memcpy(e.industry, industry, 3);
    e.headcount = headcount;
    fg_err err;
    if (fg_store_enterprise_create(conn(), &e, NOW - 400 * DAY, "test", NULL, &err))
        fail_msg("enterprise: %s", err.msg);
    memcpy(out, e.uscc, 19);
}

static void facts(const char *uscc, int32_t county, int64_t insured)
{
    fg_benefit_facts f = {insured, -1, -1, -1};
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW, "test", &err), 0);
    int rc = fg_store_benefit_facts_set(&tx, uscc, county, &f, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static void publish(const char *title, int32_t region, const char *rule, char id[37])
{
    fg_policy_record rec = {
        region, "人力资源和社会保障厅", title, "演示〔2022〕7号", 20220501, 20220501, 20221231, 0,
        true};
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW - 50 * DAY, "author", &err), 0);
    int rc = fg_store_policy_create(&tx, &rec, rule, strlen(rule), "", id, &err);
    if (rc)
        fprintf(stderr, "create: %s\n", err.msg);
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
    fg_test_dsn("app-policies", dsn, sizeof(dsn));
    fg_err err;
    if (fg_store_open(dsn, &store, &err) || fg_app_init(&app, NULL, &err))
        return -1;
    int applied, n;
    if (fg_store_migrate(conn(), NOW - 500 * DAY, &applied, &err))
        return -1;
    json_t *regions = json_pack(
        "[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},"
        "{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]",
        "code", 330110, "name", "余杭区", "parent", 330100, "code", 310000, "name", "上海市",
        "parent", 0, "code", 330000, "name", "浙江省", "parent", 0, "code", 330100, "name",
        "杭州市", "parent", 330000, "code", 330106, "name", "西湖区", "parent", 330100, "code",
        330108, "name", "滨江区", "parent", 330100, "code", 320000, "name", "江苏省", "parent", 0,
        "code", 320500, "name", "苏州市", "parent", 320000, "code", 320505, "name", "虎丘区",
        "parent", 320500);
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

static const char TRAINING[] =
    "{\"benefit\": \"subsidy\", \"when\": {\"all\": ["
    "{\"insured_headcount\": {\"min\": 1}},"
    "{\"risk_level\": [\"medium\", \"high\"], \"during\": {\"from\": \"2022-01-01\", \"to\": "
    "\"2022-12-31\"}}]},"
    " \"amount\": {\"per_insured_employee\": 500, \"cap\": 300000}}";
static const char LOGISTICS[] =
    "{\"benefit\": \"logistics\", \"when\": {\"all\": [{\"industry\": [\"54\"]},"
    "{\"order_days\": {\"min\": 7}, \"measures\": [\"stop\", \"limit_capacity\"], \"during\": "
    "{\"from\": \"2022-01-01\", \"to\": \"2022-12-31\"}}]},"
    " \"amount\": {\"fixed\": 20000}}";

static void the_full_match_creates_entitlements_where_the_rule_holds(void **state)
{
    (void)state;
    fg_err err;
    enterprise(ent_a, 330106, "61", 30); /* insured 20, in a medium-risk county */
    enterprise(ent_b, 330108, "61", 30); /* insured 20, county low so far */
    enterprise(ent_c, 320505, "61", 30); /* Jiangsu: outside the Zhejiang policy */
    enterprise(ent_d, 330106, "54", 12); /* road transport, stopped ten days in May */
    facts(ent_a, 330106, 20);
    facts(ent_b, 330108, 20);
    facts(ent_c, 320505, 20);
    json_t *d = NULL;
    assert_int_equal(fg_store_risk_designate(conn(), 330106, FG_RISK_MEDIUM, 20220501, "测试",
                                             NOW - 45 * DAY, "health", &d, &err),
                     0);
    json_decref(d);
    assert_int_equal(fg_store_risk_designate(conn(), 320505, FG_RISK_HIGH, 20220501, "测试",
                                             NOW - 45 * DAY, "health", &d, &err),
                     0);
    json_decref(d);
    /* An order in force from May 1 (00:00 Shanghai) for ten days, then lifted. */
    char sql[1024];
    int64_t starts = 1651334400000LL; /* 2022-05-01T00:00:00+08:00 */
    snprintf(sql, sizeof(sql),
             "INSERT INTO orders (id, enterprise, region, route, step, state, emergency, "
             "confirmed, measure, percent, reason, evidence, starts_at, ends_at, lapses_at, "
             "proposed_by, proposed_at, step_since, step_due_at, escalated, ended_at, version, "
             "updated_at) VALUES ('order-d-1', '%s', 330106, 'general', 2, 'lifted', 0, 1, "
             "'stop', 0, 'r', 'e', %lld, %lld, 0, 'x', %lld, %lld, %lld, 0, %lld, 3, %lld)",
             ent_d, (long long)starts, (long long)(starts + 14 * DAY), (long long)starts,
             (long long)starts, (long long)starts, (long long)(starts + 10 * DAY),
             (long long)(starts + 10 * DAY));
    assert_int_equal(conn()->ops->exec(conn(), sql, &err), 0);

    publish("一次性留工培训补助", 330000, TRAINING, training);
    publish("物流运输补贴", 330000, LOGISTICS, logistics);

    fg_app_match_stats st;
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW, 2, &st, &err), 0);
    assert_int_equal(st.enterprises, 4);
    assert_int_equal(st.evaluations, 3 * 2); /* C is outside both policies' region */
    /* A and D (12 employees, no insured count held) in a medium-risk county;
     * D also stopped for ten days. */
    assert_int_equal(st.eligible, 3);
    assert_int_equal(st.created, 3);
    assert_int_equal(st.lapsed, 0);

    fg_entitlement_row *rows;
    size_t n;
    assert_int_equal(fg_store_entitlements_range(conn(), ent_a, ent_a, &rows, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].policy, training);
    assert_true(rows[0].eligible);
    assert_int_equal(rows[0].amount_fen, 20 * 50000);
    assert_int_equal(rows[0].eligible_since, NOW);
    assert_int_equal(rows[0].region, 330106);
    free(rows);
    assert_int_equal(fg_store_entitlements_range(conn(), ent_d, ent_d, &rows, &n, &err), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].amount_fen,
                         strcmp(rows[i].policy, logistics) == 0 ? 2000000 : 12 * 50000);
    free(rows);
    assert_int_equal(fg_store_entitlements_range(conn(), ent_b, ent_b, &rows, &n, &err), 0);
    assert_int_equal(n, 0);
    free(rows);
    assert_int_equal(fg_store_entitlements_range(conn(), ent_c, ent_c, &rows, &n, &err), 0);
    assert_int_equal(n, 0);
    free(rows);

    /* Run again: nothing changes, nothing is written. */
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW + 1000, 1000, &st, &err), 0);
    assert_int_equal(st.eligible, 3);
    assert_int_equal(st.created + st.changed + st.lapsed, 0);
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

static void a_rematch_writes_only_what_one_fact_changed(void **state)
{
    (void)state;
    fg_err err;
    fg_app_match_stats st;
    int64_t rematched = audits("policy.rematched"), eligible = audits("policy.eligible");
    /* An enterprise of a county that was never designated: low risk, no
     * entitlement (the first county the matching looks at has no
     * designations). */
    char quiet[19];
    enterprise(quiet, 330110, "61", 30);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), quiet, NOW, &st, &err), 0);
    assert_int_equal(st.evaluations, 2);
    assert_int_equal(st.eligible, 0);
    /* A's insured count goes up: its amount follows, up to the cap. */
    facts(ent_a, 330106, 30);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + DAY, &st, &err), 0);
    assert_int_equal(st.enterprises, 1);
    assert_int_equal(st.changed, 1);
    assert_int_equal(audits("policy.rematched"), rematched + 1);
    facts(ent_a, 330106, 1000);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + DAY, &st, &err), 0);
    fg_entitlement_row *rows;
    size_t n;
    assert_int_equal(fg_store_entitlements_range(conn(), ent_a, ent_a, &rows, &n, &err), 0);
    assert_int_equal(rows[0].amount_fen, 30000000); /* the cap: 300,000 yuan */
    assert_int_equal(rows[0].eligible_since, NOW);  /* still eligible since then */
    free(rows);
    /* Nothing changed: nothing written. */
    int64_t all = audits("");
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + 2 * DAY, &st, &err), 0);
    assert_int_equal(st.created + st.changed + st.lapsed, 0);
    assert_int_equal(audits(""), all);

    /* B's county becomes high risk: B is eligible from this re-match on. */
    json_t *d = NULL;
    assert_int_equal(fg_store_risk_designate(conn(), 330108, FG_RISK_HIGH, 20220616, "测试",
                                             NOW + DAY, "health", &d, &err),
                     0);
    json_decref(d);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_b, NOW + 2 * DAY, &st, &err), 0);
    assert_int_equal(st.created, 1);
    assert_int_equal(audits("policy.eligible"), eligible + 1);

    /* A's insured count falls to 0: the entitlement lapses. */
    facts(ent_a, 330106, 0);
    int64_t lapsed = audits("policy.lapsed");
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + 3 * DAY, &st, &err), 0);
    assert_int_equal(st.lapsed, 1);
    assert_int_equal(audits("policy.lapsed"), lapsed + 1);
    assert_int_equal(fg_store_entitlements_range(conn(), ent_a, ent_a, &rows, &n, &err), 0);
    assert_false(rows[0].eligible);
    assert_int_equal(rows[0].lapsed_at, NOW + 3 * DAY);
    free(rows);
    /* Eligible again: since now. */
    facts(ent_a, 330106, 5);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), ent_a, NOW + 4 * DAY, &st, &err), 0);
    assert_int_equal(st.created, 1);
    assert_int_equal(fg_store_entitlements_range(conn(), ent_a, ent_a, &rows, &n, &err), 0);
    assert_true(rows[0].eligible);
    assert_int_equal(rows[0].eligible_since, NOW + 4 * DAY);
    assert_int_equal(rows[0].lapsed_at, 0);
    assert_int_equal(rows[0].amount_fen, 5 * 50000);
    free(rows);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), "91330106MA9999999X", NOW, &st, &err),
                     FG_ENOTFOUND);
}

static void policies_for_you_say_what_is_lacking(void **state)
{
    (void)state;
    fg_err err;
    json_t *list;
    assert_int_equal(fg_app_policy_match(&app, conn(), ent_d, NOW, &list, &err), 0);
    assert_int_equal(json_array_size(list), 2);
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *title =
            json_string_value(json_object_get(json_object_get(item, "policy"), "title"));
        json_t *m = json_object_get(item, "match");
        if (strcmp(title, "物流运输补贴") == 0) {
            assert_true(json_is_true(json_object_get(m, "eligible")));
            json_t *c = json_array_get(json_object_get(m, "checks"), 1);
            assert_int_equal(
                json_integer_value(json_object_get(json_object_get(c, "fact"), "days")), 10);
        } else {
            /* No insured count held and 12 employees: met; the county was
             * medium from May 1: met. */
            assert_true(json_is_true(json_object_get(m, "eligible")));
            assert_int_equal(json_integer_value(json_object_get(m, "amount_fen")), 12 * 50000);
        }
    }
    json_decref(list);
    assert_int_equal(fg_app_policy_match(&app, conn(), ent_c, NOW, &list, &err), 0);
    assert_int_equal(json_array_size(list), 0); /* no Jiangsu policy */
    json_decref(list);
    /* B before its county's designation: it lacks the risk level. */
    assert_int_equal(fg_app_policy_match(&app, conn(), ent_b, NOW, &list, &err), 0);
    json_array_foreach(list, i, item)
    {
        json_t *m = json_object_get(item, "match");
        const char *title =
            json_string_value(json_object_get(json_object_get(item, "policy"), "title"));
        assert_false(json_is_true(json_object_get(m, "eligible")));
        if (strcmp(title, "一次性留工培训补助") == 0) {
            json_t *lacks = json_object_get(m, "lacks");
            assert_int_equal(json_array_size(lacks), 1);
            assert_string_equal(json_string_value(json_array_get(lacks, 0)), "when.all[1]");
        }
    }
    json_decref(list);
}

static void the_demo_catalogue_imports_whole_or_not_at_all(void **state)
{
    (void)state;
    fg_err err;
    json_t *all;
    assert_int_equal(fg_store_policies_json(conn(), &all, &err), 0);
    size_t before = json_array_size(all);
    json_decref(all);
    /* A bad entry after a good one: nothing is written. */
    static const char bad[] =
        "{\"policies\": [{\"region\": \"330000\", \"department\": \"部门\", \"title\": "
        "\"好\", \"doc_number\": \"演示1号\", \"doc_date\": \"2022-05-01\", \"valid_from\": "
        "\"2022-05-01\", \"valid_to\": \"2022-12-31\", \"budget_yuan\": 0, \"automatic\": "
        "false, \"rule\": {\"benefit\": \"subsidy\", \"when\": {\"whitelist\": true}, "
        "\"amount\": {\"fixed\": 1}}}, {\"region\": \"330000\", \"department\": \"部门\", "
        "\"title\": \"坏\", \"doc_number\": \"演示2号\", \"doc_date\": \"2022-05-01\", "
        "\"valid_from\": \"2022-05-01\", \"valid_to\": \"2022-12-31\", \"budget_yuan\": 0, "
        "\"automatic\": false, \"rule\": {\"benefit\": \"subsidy\", \"when\": "
        "{\"whitelist\": 1}, \"amount\": {\"fixed\": 1}}}]}";
    size_t n = 0;
    assert_int_equal(
        fg_app_policy_catalogue_import(conn(), bad, strlen(bad), true, NOW, "operator", &n, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "policy.flag");
    assert_string_equal(fg_err_param_get(&err, "policy"), "2");
    assert_int_equal(
        fg_app_policy_catalogue_import(conn(), "[]", 2, true, NOW, "operator", &n, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "policy.catalogue");
    assert_int_equal(fg_store_policies_json(conn(), &all, &err), 0);
    assert_int_equal(json_array_size(all), before);
    json_decref(all);
    /* The demo's: every policy, published. */
    int rc = fg_app_policy_demo_catalogue(conn(), true, 0, NOW, "demo", &n, &err);
    if (rc)
        fail_msg("demo catalogue: %s", err.msg);
    assert_int_equal(n, 8);
    fg_app_policies p;
    assert_int_equal(fg_app_policies_load(conn(), 20220701, &p, &err), 0);
    assert_int_equal(p.n, 2 + 8);
    size_t zhejiang = 0;
    for (size_t i = 0; i < p.n; i++)
        zhejiang += p.live[i].row.region == 330000;
    assert_int_equal(zhejiang, 2 + 4);
    fg_app_policies_release(&p);
}

typedef struct rematcher {
    const char *uscc;
    int rc;
    char msg[400];
} rematcher;

static void *rematch_thread(void *arg)
{
    rematcher *r = arg;
    fg_err err;
    fg_err_init(&err);
    fg_db *db;
    r->rc = fg_store_conn(store, &db, &err);
    fg_app_match_stats st;
    for (int i = 0; r->rc == 0 && i < 20; i++)
        r->rc = fg_app_policy_rematch(&app, db, r->uscc, NOW, &st, &err);
    snprintf(r->msg, sizeof(r->msg), "%s", err.msg);
    return NULL;
}

/* Two re-matches of the same enterprise at once: both succeed, and its
 * entitlement is created once. */
static void concurrent_rematches_create_one_entitlement(void **state)
{
    (void)state;
    char twin[19];
    enterprise(twin, 330106, "61", 8);
    int64_t before = audits("policy.eligible");
    rematcher r[2] = {{twin, 0, ""}, {twin, 0, ""}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, rematch_thread, &r[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        if (r[i].rc)
            fail_msg("re-match %d: %s", i, r[i].msg);
    /* Eligible for the training subsidy (medium county) and nothing else
     * among the published policies of Zhejiang that apply to catering. */
    fg_entitlement_row *rows;
    size_t n;
    fg_err err;
    assert_int_equal(fg_store_entitlements_range(conn(), twin, twin, &rows, &n, &err), 0);
    int64_t created = (int64_t)n;
    free(rows);
    assert_true(created >= 1);
    assert_int_equal(audits("policy.eligible"), before + created);
}

/* A policy withdrawn, or an enterprise moved out of the issuer's region:
 * the next match lapses what is no longer live for it, and a match after
 * that writes nothing. */
static void what_no_live_policy_covers_lapses(void **state)
{
    (void)state;
    fg_err err;
    fg_app_match_stats st;
    char gone[37], mover[19];
    publish("将撤回的补贴", 330000, TRAINING, gone);
    enterprise(mover, 330106, "61", 40);
    facts(mover, 330106, 10);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), mover, NOW, &st, &err), 0);
    /* This one, the training subsidy, and what of the demo catalogue applies. */
    size_t held = (size_t)st.created;
    assert_true(held >= 2);

    fg_policy_row r;
    assert_int_equal(fg_store_policy_get(conn(), gone, &r, &err), 0);
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), NOW + DAY, "author", &err), 0);
    int rc = fg_store_policy_set_state_why(&tx, &r, FG_POLICY_WITHDRAWN, "测试", &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    int64_t lapsed = audits("policy.lapsed");
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW + 2 * DAY, 1000, &st, &err), 0);
    /* Every enterprise eligible for the withdrawn policy lapses, the mover among them. */
    assert_true(st.lapsed >= 1);
    assert_int_equal(audits("policy.lapsed"), lapsed + st.lapsed);
    fg_entitlement_row *rows;
    size_t n;
    assert_int_equal(fg_store_entitlements_range(conn(), mover, mover, &rows, &n, &err), 0);
    assert_int_equal(n, held);
    for (size_t i = 0; i < n; i++) {
        bool withdrawn = strcmp(rows[i].policy, gone) == 0;
        assert_int_equal(rows[i].eligible, !withdrawn);
        assert_int_equal(rows[i].lapsed_at, withdrawn ? NOW + 2 * DAY : 0);
    }
    free(rows);
    assert_int_equal(fg_app_policy_match_all(&app, conn(), NOW + 3 * DAY, 1000, &st, &err), 0);
    assert_int_equal(st.created + st.changed + st.lapsed, 0);

    /* The mover goes to Jiangsu: out of every Zhejiang policy. */
    fg_enterprise e;
    fg_enterprise_meta meta;
    assert_int_equal(fg_store_enterprise_get(conn(), mover, NOW, &e, &meta, &err), 0);
    e.region = 320505;
    assert_int_equal(
        fg_store_enterprise_update(conn(), &e, meta.version, NOW + 4 * DAY, "test", NULL, &err), 0);
    assert_int_equal(fg_app_policy_rematch(&app, conn(), mover, NOW + 4 * DAY, &st, &err), 0);
    assert_true(st.lapsed >= 1); /* the training subsidy at least */
    assert_int_equal(fg_store_entitlements_range(conn(), mover, mover, &rows, &n, &err), 0);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(fg_store_policy_get(conn(), rows[i].policy, &r, &err), 0);
        if (!fg_region_contains(r.region, 320505))
            assert_false(rows[i].eligible);
        /* The withdrawn policy's lapsed before the move and stays as it was. */
        assert_int_equal(rows[i].region, strcmp(rows[i].policy, gone) == 0 ? 330106 : 320505);
    }
    free(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_full_match_creates_entitlements_where_the_rule_holds),
        cmocka_unit_test(a_rematch_writes_only_what_one_fact_changed),
        cmocka_unit_test(policies_for_you_say_what_is_lacking),
        cmocka_unit_test(the_demo_catalogue_imports_whole_or_not_at_all),
        cmocka_unit_test(concurrent_rematches_create_one_entitlement),
        cmocka_unit_test(what_no_live_policy_covers_lapses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
