/* The policies store (issue 15, part "policies") on either driver
 * (FG_TEST_DB): a policy created as a draft with rule version 1 and its audit
 * entry, a bad rule or record refused with nothing written, rule versions
 * kept, a stale write refused, publish and withdraw and which policies apply
 * on a date, benefit facts held or not, and entitlements inserted, lapsed and
 * counted, each change audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1654041600000LL; /* 2022-06-01T00:00:00Z */
static char uscc[FG_USCC_LEN + 1];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("policies", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(conn(), T0, (const int32_t[]){330000, 330100, 330106, 0});
    fg_test_uscc(uscc, 330106, "PLC", 1);
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    fg_strlcpy(e.uscc, uscc, sizeof(e.uscc));
    snprintf(e.name, sizeof(e.name), "%s", "政策测试企业");
    e.region = 330106;
    memcpy(e.industry, "61", 3);
    e.headcount = 30;
    if (rc == 0)
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
    if (rc)
        fprintf(stderr, "setup: %s\n", err.msg);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

static int64_t audit_count(const char *action)
{
    json_t *list;
    fg_err err;
    fg_audit_filter f = {0, 999999, "", "", action, "", 0, 1000};
    assert_int_equal(fg_audit_list(conn(), &f, &list, &err), 0);
    int64_t n = (int64_t)json_array_size(list);
    json_decref(list);
    return n;
}

static const char RULE[] =
    "{\"benefit\": \"subsidy\", \"when\": {\"insured_headcount\": {\"min\": 1}},"
    " \"amount\": {\"per_insured_employee\": 500, \"cap\": 300000}}";

static const fg_policy_record REC = {330000,
                                     "浙江省人力资源和社会保障厅",
                                     "一次性留工培训补助",
                                     "演示〔2022〕1号",
                                     20220601,
                                     20220601,
                                     20221231,
                                     10000000000,
                                     true};

static void create(const fg_policy_record *rec, const char *rule, char id[37])
{
    fg_tx tx;
    fg_err err;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "policy.author", &err), 0);
    int rc = fg_store_policy_create(&tx, rec, rule, strlen(rule), "first", id, &err);
    if (rc)
        fprintf(stderr, "create: %s\n", err.msg);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
}

static void a_policy_is_created_as_a_draft_with_its_rule(void **state)
{
    (void)state;
    int64_t before = audit_count("policy.create");
    char id[37];
    create(&REC, RULE, id);
    fg_policy_row r;
    fg_err err;
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_string_equal(r.title, "一次性留工培训补助");
    assert_string_equal(r.department, "浙江省人力资源和社会保障厅");
    assert_string_equal(r.doc_number, "演示〔2022〕1号");
    assert_int_equal(r.region, 330000);
    assert_int_equal(r.doc_date, 20220601);
    assert_int_equal(r.valid_to, 20221231);
    assert_int_equal(r.benefit, FG_BENEFIT_SUBSIDY);
    assert_int_equal(r.state, FG_POLICY_DRAFT);
    assert_int_equal(r.rule_version, 1);
    assert_int_equal(r.budget_fen, 10000000000);
    assert_int_equal(r.committed_fen, 0);
    assert_true(r.automatic);
    assert_int_equal(r.version, 1);
    assert_string_equal(r.created_by, "policy.author");
    assert_int_equal(audit_count("policy.create"), before + 1);
    char *text;
    assert_int_equal(fg_store_policy_rule_get(conn(), id, 1, &text, &err), 0);
    fg_policy_rule rule;
    assert_int_equal(fg_policy_rule_load(&rule, text, strlen(text), &err), 0);
    assert_int_equal(rule.amount, FG_AMOUNT_PER_INSURED);
    fg_policy_rule_release(&rule);
    free(text);
    json_t *j = fg_policy_row_json(&r);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "draft");
    assert_string_equal(json_string_value(json_object_get(j, "region")), "330000");
    assert_string_equal(json_string_value(json_object_get(j, "valid_from")), "2022-06-01");
    json_decref(j);
    assert_int_equal(fg_store_policy_get(conn(), "no-such-policy", &r, &err), FG_ENOTFOUND);
    assert_string_equal(err.key, "policy.not_found");
}

static void bad_rules_and_records_write_nothing(void **state)
{
    (void)state;
    json_t *all;
    fg_err err;
    assert_int_equal(fg_store_policies_json(conn(), &all, &err), 0);
    size_t n = json_array_size(all);
    json_decref(all);
    int64_t audits = audit_count("policy.create");
    fg_tx tx;
    char id[37];
    static const char bad[] = "{\"benefit\": \"subsidy\", \"when\": {\"size\": 3},"
                              " \"amount\": {\"fixed\": 1}}";
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "policy.author", &err), 0);
    int rc = fg_store_policy_create(&tx, &REC, bad, strlen(bad), "", id, &err);
    assert_int_equal(rc, FG_EINVAL);
    assert_string_equal(err.key, "policy.condition_missing");
    assert_int_equal(fg_tx_end(&tx, rc, &err), FG_EINVAL);
    fg_policy_record rec = REC;
    rec.valid_to = 20220501;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "policy.author", &err), 0);
    rc = fg_store_policy_create(&tx, &rec, RULE, strlen(RULE), "", id, &err);
    assert_int_equal(rc, FG_EINVAL);
    assert_string_equal(err.key, "policy.validity");
    assert_int_equal(fg_tx_end(&tx, rc, &err), FG_EINVAL);
    assert_int_equal(fg_store_policies_json(conn(), &all, &err), 0);
    assert_int_equal(json_array_size(all), n);
    json_decref(all);
    assert_int_equal(audit_count("policy.create"), audits);
}

static void rule_versions_are_kept_and_stale_writes_refused(void **state)
{
    (void)state;
    char id[37];
    create(&REC, RULE, id);
    fg_policy_row r;
    fg_err err;
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    static const char v2[] = "{\"benefit\": \"subsidy\", \"when\": {\"all\": ["
                             "{\"insured_headcount\": {\"min\": 1}}, {\"industry\": [\"H\"]}]},"
                             " \"amount\": {\"per_insured_employee\": 500, \"cap\": 300000}}";
    fg_tx tx;
    int version = 0;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 1000, "policy.author", &err), 0);
    int rc = fg_store_policy_rule_add(&tx, &r, v2, strlen(v2), "only catering", &version, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(version, 2);
    fg_policy_row after;
    assert_int_equal(fg_store_policy_get(conn(), id, &after, &err), 0);
    assert_int_equal(after.rule_version, 2);
    assert_int_equal(after.version, 2);
    json_t *versions;
    assert_int_equal(fg_store_policy_rule_versions(conn(), id, &versions, &err), 0);
    assert_int_equal(json_array_size(versions), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(versions, 0), "note")),
                        "only catering");
    json_decref(versions);
    char *text;
    assert_int_equal(fg_store_policy_rule_get(conn(), id, 1, &text, &err), 0);
    assert_null(strstr(text, "industry"));
    free(text);
    assert_int_equal(fg_store_policy_rule_get(conn(), id, 3, &text, &err), FG_ENOTFOUND);

    /* Written from the old read: refused, nothing changes. */
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 2000, "policy.author", &err), 0);
    rc = fg_store_policy_rule_add(&tx, &r, RULE, strlen(RULE), "stale", &version, &err);
    assert_int_equal(rc, FG_ECONFLICT);
    assert_string_equal(err.key, "policy.stale");
    fg_tx_end(&tx, rc, &err);
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 2000, "policy.author", &err), 0);
    rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_PUBLISHED, &err);
    assert_int_equal(rc, FG_ECONFLICT);
    fg_tx_end(&tx, rc, &err);
    assert_int_equal(fg_store_policy_rule_versions(conn(), id, &versions, &err), 0);
    assert_int_equal(json_array_size(versions), 2);
    json_decref(versions);

    /* A rule of another benefit kind is refused. */
    static const char other[] = "{\"benefit\": \"logistics\", \"when\": {\"industry\": [\"G\"]},"
                                " \"amount\": {\"fixed\": 1000}}";
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 3000, "policy.author", &err), 0);
    rc = fg_store_policy_rule_add(&tx, &after, other, strlen(other), "", &version, &err);
    assert_int_equal(rc, FG_EINVAL);
    assert_string_equal(err.key, "policy.benefit_changed");
    fg_tx_end(&tx, rc, &err);

    /* The record is revised, audited with before and after. */
    fg_policy_record rec = REC;
    rec.title = "一次性留工培训补助（修订）";
    rec.budget_fen = 0;
    int64_t audits = audit_count("policy.update");
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 4000, "policy.author", &err), 0);
    rc = fg_store_policy_update(&tx, &after, &rec, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(audit_count("policy.update"), audits + 1);
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_string_equal(r.title, "一次性留工培训补助（修订）");
    assert_int_equal(r.budget_fen, 0);
    assert_int_equal(r.version, 3);
}

static void published_policies_apply_within_their_window(void **state)
{
    (void)state;
    fg_err err;
    fg_policy_live *live;
    size_t n0, n;
    assert_int_equal(fg_store_policies_applying(conn(), 20220701, &live, &n0, &err), 0);
    fg_policy_live_free(live, n0);
    char id[37];
    create(&REC, RULE, id);
    assert_int_equal(fg_store_policies_applying(conn(), 20220701, &live, &n, &err), 0);
    assert_int_equal(n, n0); /* a draft applies nowhere */
    fg_policy_live_free(live, n);

    fg_policy_row r;
    fg_tx tx;
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    int64_t audits = audit_count("policy.publish");
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 5000, "policy.author", &err), 0);
    int rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_PUBLISHED, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(audit_count("policy.publish"), audits + 1);

    assert_int_equal(fg_store_policies_applying(conn(), 20220701, &live, &n, &err), 0);
    assert_int_equal(n, n0 + 1);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(live[i].row.id, id) == 0) {
            found = true;
            assert_int_equal(live[i].row.state, FG_POLICY_PUBLISHED);
            assert_int_equal(live[i].row.published_at, T0 + 5000);
            assert_non_null(strstr(live[i].rule, "per_insured_employee"));
        }
    assert_true(found);
    fg_policy_live_free(live, n);
    assert_int_equal(fg_store_policies_applying(conn(), 20230101, &live, &n, &err), 0);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(live[i].row.id, id);
    fg_policy_live_free(live, n);

    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 6000, "policy.author", &err), 0);
    rc = fg_store_policy_set_state(&tx, &r, FG_POLICY_WITHDRAWN, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(fg_store_policy_get(conn(), id, &r, &err), 0);
    assert_int_equal(r.state, FG_POLICY_WITHDRAWN);
    assert_int_equal(r.withdrawn_at, T0 + 6000);
    assert_int_equal(r.published_at, T0 + 5000);
    assert_int_equal(fg_store_policies_applying(conn(), 20220701, &live, &n, &err), 0);
    assert_int_equal(n, n0);
    fg_policy_live_free(live, n);
}

static void benefit_facts_held_or_not(void **state)
{
    (void)state;
    fg_err err;
    fg_benefit_facts f;
    assert_int_equal(fg_store_benefit_facts_get(conn(), uscc, &f, &err), 0);
    assert_int_equal(f.insured, -1);
    assert_int_equal(f.monthly_rent, -1);
    fg_benefit_facts set = {25, 1234567, -1, 0};
    fg_tx tx;
    int64_t audits = audit_count("enterprise.benefit_facts");
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "tax.office", &err), 0);
    int rc = fg_store_benefit_facts_set(&tx, uscc, 330106, &set, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(fg_store_benefit_facts_get(conn(), uscc, &f, &err), 0);
    assert_int_equal(f.insured, 25);
    assert_int_equal(f.monthly_rent, 1234567);
    assert_int_equal(f.monthly_contributions, -1);
    assert_int_equal(f.vat_credit, 0);
    /* Set again: the row is replaced, a fact may go back to not held. */
    set.insured = -1;
    set.monthly_contributions = 800000;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 1, "tax.office", &err), 0);
    rc = fg_store_benefit_facts_set(&tx, uscc, 330106, &set, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(fg_store_benefit_facts_get(conn(), uscc, &f, &err), 0);
    assert_int_equal(f.insured, -1);
    assert_int_equal(f.monthly_contributions, 800000);
    assert_int_equal(audit_count("enterprise.benefit_facts"), audits + 2);
}

static void entitlements_inserted_lapsed_and_counted(void **state)
{
    (void)state;
    char id[37];
    create(&REC, RULE, id);
    fg_err err;
    fg_entitlement_row e;
    memset(&e, 0, sizeof(e));
    snprintf(e.policy, sizeof(e.policy), "%s", id);
    snprintf(e.enterprise, sizeof(e.enterprise), "%s", uscc);
    e.region = 330106;
    e.eligible = true;
    e.rule_version = 1;
    e.amount_fen = -1;
    e.eligible_since = T0 + 100;
    int64_t eligible0 = audit_count("policy.eligible"), lapsed0 = audit_count("policy.lapsed");
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 100, "system", &err), 0);
    int rc = fg_store_entitlement_put(&tx, NULL, &e, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    /* The same (policy, enterprise) twice is refused. */
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 100, "system", &err), 0);
    rc = fg_store_entitlement_put(&tx, NULL, &e, &err);
    assert_int_equal(rc, FG_EEXIST);
    fg_tx_end(&tx, rc, &err);

    fg_entitlement_row *rows;
    size_t n;
    assert_int_equal(fg_store_entitlements_range(conn(), uscc, uscc, &rows, &n, &err), 0);
    size_t mine = n;
    fg_entitlement_row got;
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].policy, id) == 0) {
            got = rows[i];
            found = true;
        }
    free(rows);
    assert_true(found);
    assert_true(got.eligible);
    assert_int_equal(got.amount_fen, -1);
    assert_int_equal(got.eligible_since, T0 + 100);
    assert_int_equal(got.matched_at, T0 + 100);
    assert_int_equal(got.region, 330106);

    fg_entitlement_row after = got;
    after.amount_fen = 1250000;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 200, "system", &err), 0);
    rc = fg_store_entitlement_put(&tx, &got, &after, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(audit_count("policy.rematched") >= 1, 1);
    fg_entitlement_row lapsed = after;
    lapsed.eligible = false;
    lapsed.lapsed_at = T0 + 300;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 300, "system", &err), 0);
    rc = fg_store_entitlement_put(&tx, &after, &lapsed, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(audit_count("policy.eligible"), eligible0 + 1);
    assert_int_equal(audit_count("policy.lapsed"), lapsed0 + 1);

    assert_int_equal(fg_store_entitlements_range(conn(), uscc, uscc, &rows, &n, &err), 0);
    assert_int_equal(n, mine);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].policy, id) == 0) {
            assert_false(rows[i].eligible);
            assert_int_equal(rows[i].amount_fen, 1250000);
            assert_int_equal(rows[i].lapsed_at, T0 + 300);
            assert_int_equal(rows[i].eligible_since, T0 + 100);
        }
    free(rows);
    int64_t now, ever;
    assert_int_equal(fg_store_entitlement_counts(conn(), id, &now, &ever, &err), 0);
    assert_int_equal(now, 0);
    assert_int_equal(ever, 1);
    /* Nothing for an enterprise range without rows. */
    assert_int_equal(fg_store_entitlements_range(conn(), "0", "1", &rows, &n, &err), 0);
    assert_int_equal(n, 0);
    free(rows);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

static void run_sql(const char *sql)
{
    fg_err err;
    if (conn()->ops->exec(conn(), sql, &err))
        fail_msg("%s: %s", sql, err.msg);
}

/* What the matching reads of an enterprise: the record, the white list (a
 * listing in force), the critical-link mark, the benefit facts, the latest
 * current daily report on or before the date, and its orders but for
 * pending and returned ones. */
static void the_matching_reads_every_fact_of_a_subject(void **state)
{
    (void)state;
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO daily_reports (id, enterprise, day, version, is_current, status, "
             "capacity_pct, staff_pct, closed_loop, problems, note, source, late, county, "
             "division, categories, reported_by, reported_at) VALUES "
             "('r1', '%s', '2022-06-10', 1, 1, 'limited', 40, 70, 0, 0, '', 'form', 0, 330106, "
             "'61', 0, 'x', 0), "
             "('r2', '%s', '2022-06-12', 1, 0, 'limited', 10, 10, 0, 0, '', 'form', 0, 330106, "
             "'61', 0, 'x', 0), "
             "('r3', '%s', '2022-06-12', 2, 1, 'operating', 55, 80, 0, 0, '', 'form', 0, 330106, "
             "'61', 0, 'x', 0), "
             "('r4', '%s', '2022-06-20', 1, 1, 'operating', 99, 99, 0, 0, '', 'form', 0, "
             "330106, '61', 0, 'x', 0)",
             uscc, uscc, uscc, uscc);
    run_sql(sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO critical_marks (enterprise, source, basis, note, dominated_whitelist, "
             "sole_whitelist, dominated_capacity, province_capacity, share_permille, marked_by, "
             "marked_at) VALUES ('%s', 'manual', 'manual', '测试', 0, 0, 0, 0, 0, 'x', 0)",
             uscc);
    run_sql(sql);
    static const char *const states[] = {"pending", "returned", "in_force", "lifted"};
    for (int i = 0; i < 4; i++) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO orders (id, enterprise, region, route, step, state, emergency, "
                 "confirmed, measure, percent, reason, evidence, starts_at, ends_at, lapses_at, "
                 "proposed_by, proposed_at, step_since, step_due_at, escalated, ended_at, "
                 "version, updated_at) VALUES ('o%d', '%s', 330106, 'general', 0, '%s', 0, 1, "
                 "'%s', 50, 'r', 'e', %lld, %lld, 0, 'x', 0, 0, 0, 0, 0, 1, 0)",
                 i, uscc, states[i], i == 3 ? "limit_capacity" : "stop",
                 (long long)(T0 + i * 86400000LL), (long long)(T0 + (i + 5) * 86400000LL));
        run_sql(sql);
    }
    fg_policy_batch b;
    fg_err err;
    assert_int_equal(fg_store_policy_batch(conn(), "", uscc, 1, 20220615, &b, &err), 0);
    assert_int_equal(b.n, 1);
    const fg_policy_subject *x = &b.s[0];
    assert_string_equal(x->e.uscc, uscc);
    assert_int_equal(x->e.region, 330106);
    assert_string_equal(x->e.industry, "61");
    assert_int_equal(x->e.headcount, 30);
    assert_true(x->e.critical);
    assert_false(x->whitelist);
    /* The current version of the latest day on or before June 15. */
    assert_int_equal(x->report_day, 20220612);
    assert_int_equal(x->capacity_pct, 55);
    assert_int_equal(x->staff_pct, 80);
    /* Facts as benefit_facts_held_or_not left them. */
    assert_int_equal(x->facts.insured, -1);
    assert_int_equal(x->facts.monthly_contributions, 800000);
    /* In force and lifted; not pending nor returned. */
    assert_int_equal(x->n_orders, 2);
    assert_int_equal(b.orders[x->first_order].state, FG_ORDER_IN_FORCE);
    assert_int_equal(b.orders[x->first_order + 1].measure, FG_MEASURE_LIMIT_CAPACITY);
    fg_policy_batch_release(&b);
    /* A batch from the start holds it too; an unknown USCC is not found. */
    assert_int_equal(fg_store_policy_batch(conn(), "", NULL, 10, 20220615, &b, &err), 0);
    assert_int_equal(b.n, 1);
    fg_policy_batch_release(&b);
    assert_int_equal(fg_store_policy_batch(conn(), uscc, NULL, 10, 20220615, &b, &err), 0);
    assert_int_equal(b.n, 0);
    fg_policy_batch_release(&b);
    assert_int_equal(fg_store_policy_batch(conn(), "", "91330106MA2PLC999X", 1, 20220615, &b, &err),
                     FG_ENOTFOUND);
    /* Before any report: none. */
    assert_int_equal(fg_store_policy_batch(conn(), "", uscc, 1, 20220601, &b, &err), 0);
    assert_int_equal(b.s[0].report_day, 0);
    fg_policy_batch_release(&b);
    /* Listed on a white list: a member. */
    run_sql("INSERT INTO whitelist_lists (id, chain, tier, region, created_by, created_at) "
            "VALUES ('wl1', 'automotive', 'provincial', 330000, 'x', 0)");
    snprintf(sql, sizeof(sql),
             "INSERT INTO whitelist_applications (id, list_id, enterprise, county, state, plan, "
             "staff, lodging, testing, stock_days, suppliers, industry_ok, health_ok, batch_id, "
             "listed_by, listed_on, review_on, reason, applied_by, applied_at, updated_at, "
             "version) VALUES ('wa1', 'wl1', '%s', 330106, 'listed', 'p', 1, 1, 1, 1, '', 1, 1, "
             "NULL, 'x', 20220601, 20220901, '', 'x', 0, 0, 1)",
             uscc);
    run_sql(sql);
    assert_int_equal(fg_store_policy_batch(conn(), "", uscc, 1, 20220615, &b, &err), 0);
    assert_true(b.s[0].whitelist);
    fg_policy_batch_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_policy_is_created_as_a_draft_with_its_rule),
        cmocka_unit_test(bad_rules_and_records_write_nothing),
        cmocka_unit_test(rule_versions_are_kept_and_stale_writes_refused),
        cmocka_unit_test(published_policies_apply_within_their_window),
        cmocka_unit_test(benefit_facts_held_or_not),
        cmocka_unit_test(entitlements_inserted_lapsed_and_counted),
        cmocka_unit_test(the_matching_reads_every_fact_of_a_subject),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
