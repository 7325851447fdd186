/* The plans store (issue 14, part "plans"), on either driver (FG_TEST_DB):
 * versions kept on every save, a stale write refused, file / return / approve
 * with their audit entries, the approved levels read back as the enterprise's
 * "plans filed", the review queue oldest first, the holdings behind the
 * lacking list, the filed plans waiting too long. */
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
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */
#define H (3600LL * 1000)

static char uscc[2][FG_USCC_LEN + 1];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_test_dsn("plans", dsn, sizeof(dsn));
    fg_err err;
    if (fg_store_open(dsn, &store, &err))
        return -1;
    int applied, n;
    if (fg_store_migrate(conn(), T0, &applied, &err))
        return -1;
    json_t *regions = json_pack(
        "[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]", "code", 330000, "name",
        "浙江省", "parent", 0, "code", 330100, "name", "杭州市", "parent", 330000, "code", 330106,
        "name", "西湖区", "parent", 330100, "code", 330108, "name", "滨江区", "parent", 330100);
    int rc = fg_store_region_import(conn(), regions, T0, "test", &n, &err);
    json_decref(regions);
    for (int i = 0; rc == 0 && i < 2; i++) {
        char first[18];
        memcpy(first, i ? "91330108MA2PLN001" : "91330106MA2PLN000", 18);
        memcpy(uscc[i], first, 17);
        uscc[i][17] = fg_uscc_check_char(first);
        uscc[i][18] = 0;
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        snprintf(e.name, sizeof(e.name), "预案测试企业%d", i);
        e.region = i ? 330108 : 330106;
        memcpy(e.industry, "36", 3);
        e.headcount = 100;
        e.plan_levels = 7; /* no longer read: plans come from approvals */
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
        if (rc)
            fprintf(stderr, "setup: %s\n", err.msg);
    }
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_store_free(store);
    fg_test_dsn_remove(dsn);
    return 0;
}

static void save(int which, fg_risk_level level, const char *body, int64_t at)
{
    fg_err err;
    fg_plan_row before, r;
    int rc = fg_store_plan_get(conn(), uscc[which], level, false, &before, &err);
    bool exists = rc == 0;
    assert_true(rc == 0 || rc == FG_ENOTFOUND);
    memset(&r, 0, sizeof(r));
    fg_strlcpy(r.enterprise, uscc[which], sizeof(r.enterprise));
    r.region = which ? 330108 : 330106;
    r.level = level;
    r.state = FG_PLAN_DRAFT;
    r.guidance_version = 1;
    r.complete = strlen(body) > 2;
    rc = fg_store_plan_save(conn(), exists ? &before : NULL, &r, body, at, "enterprise.test", &err);
    if (rc)
        fprintf(stderr, "save: %s\n", err.msg);
    assert_int_equal(rc, 0);
    if (exists)
        fg_plan_row_release(&before);
}

static int step(int which, fg_risk_level level, fg_plan_state to, const char *action, int64_t at,
                const char *reason)
{
    fg_err err;
    fg_plan_row before;
    assert_int_equal(fg_store_plan_get(conn(), uscc[which], level, false, &before, &err), 0);
    fg_plan_row after = before;
    after.reasons = json_array();
    after.state = to;
    if (to == FG_PLAN_FILED)
        after.filed_at = at;
    if (to == FG_PLAN_APPROVED) {
        after.approved_version = before.version;
        after.approved_guidance = before.guidance_version;
    }
    if (to == FG_PLAN_APPROVED || to == FG_PLAN_RETURNED) {
        after.decided_at = at;
        snprintf(after.decided_by, sizeof(after.decided_by), "%s", "industry.test");
    }
    if (reason)
        json_array_append_new(after.reasons, json_string(reason));
    int rc = fg_store_plan_update(conn(), &before, &after, action, at, "industry.test", &err);
    json_decref(after.reasons);
    fg_plan_row_release(&before);
    return rc;
}

static int count_versions(const fg_plan_version *v, void *ctx)
{
    int *n = ctx;
    assert_int_equal(v->version, 3 - *n); /* newest first */
    (*n)++;
    return 0;
}

static unsigned plans_filed(int which)
{
    fg_enterprise e;
    fg_err err;
    assert_int_equal(fg_store_enterprise_get(conn(), uscc[which], T0, &e, NULL, &err), 0);
    return e.plan_levels;
}

static void versions_kept_and_a_stale_write_refused(void **state)
{
    (void)state;
    assert_int_equal(plans_filed(0), 0); /* the 7 written at creation is not read */
    save(0, FG_RISK_HIGH, "{}", T0);
    save(0, FG_RISK_HIGH, "{\"staff\":{\"closed_loop_headcount\":10}}", T0 + 1000);
    fg_err err;
    fg_plan_row r;
    assert_int_equal(fg_store_plan_get(conn(), uscc[0], FG_RISK_HIGH, true, &r, &err), 0);
    assert_int_equal(r.version, 2);
    assert_int_equal(r.state, FG_PLAN_DRAFT);
    assert_int_equal(r.region, 330106);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r.body, "staff"),
                                                        "closed_loop_headcount")),
                     10);
    /* Saving again from the version read before (1) is refused. */
    fg_plan_row stale = r, next = r;
    stale.version = 1;
    next.body = next.reasons = NULL;
    assert_int_equal(fg_store_plan_save(conn(), &stale, &next, "{}", T0 + 2000, "x", &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "plan.changed");
    /* A second first version of the same level is refused by the key. */
    fg_plan_row dup;
    memset(&dup, 0, sizeof(dup));
    fg_strlcpy(dup.enterprise, uscc[0], sizeof(dup.enterprise));
    dup.level = FG_RISK_HIGH;
    dup.region = 330106;
    assert_int_equal(fg_store_plan_save(conn(), NULL, &dup, "{}", T0 + 2000, "x", &err), FG_EEXIST);
    save(0, FG_RISK_HIGH, "{\"v\":3}", T0 + 3000);
    int n = 0;
    assert_int_equal(fg_store_plan_versions(conn(), r.id, count_versions, &n, &err), 0);
    assert_int_equal(n, 3);
    json_t *body;
    fg_plan_version v;
    assert_int_equal(fg_store_plan_version_get(conn(), r.id, 2, &body, &v, &err), 0);
    assert_non_null(json_object_get(body, "staff"));
    assert_string_equal(v.saved_by, "enterprise.test");
    assert_int_equal(v.saved_at, T0 + 1000);
    json_decref(body);
    assert_int_equal(fg_store_plan_version_get(conn(), r.id, 9, &body, &v, &err), FG_ENOTFOUND);
    fg_plan_row_release(&r);
}

static int queue_row(const fg_plan_row *r, void *ctx)
{
    json_t *a = ctx;
    json_array_append_new(a, json_string(r->enterprise));
    assert_int_equal(r->state, FG_PLAN_FILED);
    return 0;
}

static int holding_row(const fg_plan_holdings *h, void *ctx)
{
    json_t *a = ctx;
    json_array_append_new(a, json_pack("{s:s,s:i,s:i,s:i,s:i}", "uscc", h->uscc, "approved",
                                       (int)h->approved, "low", h->state[0], "medium", h->state[1],
                                       "high", h->state[2]));
    return 0;
}

static void file_return_approve_and_the_lists(void **state)
{
    (void)state;
    fg_err err;
    /* Enterprise 1 files its low plan first, enterprise 0 its high one later. */
    save(1, FG_RISK_LOW, "{\"a\":1}", T0);
    assert_int_equal(step(1, FG_RISK_LOW, FG_PLAN_FILED, "plan.file", T0 + H, NULL), 0);
    assert_int_equal(step(0, FG_RISK_HIGH, FG_PLAN_FILED, "plan.file", T0 + 2 * H, NULL), 0);
    /* A second file from the same read fails: the state moved. */
    fg_plan_row r;
    assert_int_equal(fg_store_plan_get(conn(), uscc[0], FG_RISK_HIGH, false, &r, &err), 0);
    r.state = FG_PLAN_DRAFT;
    fg_plan_row after = r;
    after.state = FG_PLAN_FILED;
    assert_int_equal(fg_store_plan_update(conn(), &r, &after, "plan.file", T0, "x", &err),
                     FG_ECONFLICT);
    fg_plan_row_release(&r);
    json_t *q = json_array();
    long total;
    assert_int_equal(fg_store_plan_queue(conn(), 330000, 339999, 10, 0, queue_row, q, &total, &err),
                     0);
    assert_int_equal(total, 2);
    assert_int_equal(json_array_size(q), 2);
    assert_string_equal(json_string_value(json_array_get(q, 0)), uscc[1]); /* oldest first */
    json_array_clear(q);
    assert_int_equal(fg_store_plan_queue(conn(), 330106, 330106, 10, 0, queue_row, q, &total, &err),
                     0);
    assert_int_equal(total, 1);
    assert_string_equal(json_string_value(json_array_get(q, 0)), uscc[0]);
    json_decref(q);
    /* Waiting longer than 90 minutes at T0 + 2.5 h: only enterprise 1's. */
    char waiting[4][FG_USCC_LEN + 1];
    fg_risk_level levels[4];
    size_t n;
    assert_int_equal(fg_store_plans_waiting(conn(), T0 + H, waiting, levels, 4, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(waiting[0], uscc[1]);
    assert_int_equal(levels[0], FG_RISK_LOW);
    /* Returned with a reason, fixed, filed, approved. */
    assert_int_equal(
        step(0, FG_RISK_HIGH, FG_PLAN_RETURNED, "plan.return", T0 + 3 * H, "隔离区不足"), 0);
    assert_int_equal(fg_store_plan_get(conn(), uscc[0], FG_RISK_HIGH, false, &r, &err), 0);
    assert_int_equal(r.state, FG_PLAN_RETURNED);
    assert_string_equal(json_string_value(json_array_get(r.reasons, 0)), "隔离区不足");
    assert_string_equal(r.decided_by, "industry.test");
    fg_plan_row_release(&r);
    assert_int_equal(plans_filed(0), 0);
    save(0, FG_RISK_HIGH, "{\"v\":4}", T0 + 4 * H);
    assert_int_equal(step(0, FG_RISK_HIGH, FG_PLAN_FILED, "plan.file", T0 + 5 * H, NULL), 0);
    assert_int_equal(step(0, FG_RISK_HIGH, FG_PLAN_APPROVED, "plan.approve", T0 + 6 * H, NULL), 0);
    assert_int_equal(plans_filed(0), 1u << FG_RISK_HIGH);
    assert_int_equal(fg_store_plan_get(conn(), uscc[0], FG_RISK_HIGH, false, &r, &err), 0);
    assert_int_equal(r.approved_version, 4);
    assert_int_equal(r.approved_guidance, 1);
    fg_plan_row_release(&r);
    /* Editing the approved plan keeps the approved version in force. */
    save(0, FG_RISK_HIGH, "{\"v\":5}", T0 + 7 * H);
    assert_int_equal(plans_filed(0), 1u << FG_RISK_HIGH);
    fg_plan_row plans[3];
    assert_int_equal(fg_store_plans_of(conn(), uscc[0], plans, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(plans[0].version, 5);
    assert_int_equal(plans[0].approved_version, 4);
    assert_int_equal(plans[0].state, FG_PLAN_DRAFT);
    fg_plan_row_release(&plans[0]);
    /* Holdings: both lack something; enterprise 0 holds high, enterprise 1 a filed low. */
    json_t *h = json_array();
    assert_int_equal(fg_store_plan_holdings(conn(), 330000, 339999, holding_row, h, &err), 0);
    assert_int_equal(json_array_size(h), 2);
    json_t *h0 = json_array_get(h, 0), *h1 = json_array_get(h, 1);
    assert_string_equal(json_string_value(json_object_get(h0, "uscc")), uscc[0]);
    assert_int_equal(json_integer_value(json_object_get(h0, "approved")), 4);
    assert_int_equal(json_integer_value(json_object_get(h0, "high")), FG_PLAN_DRAFT);
    assert_int_equal(json_integer_value(json_object_get(h0, "low")), -1);
    assert_int_equal(json_integer_value(json_object_get(h1, "low")), FG_PLAN_FILED);
    json_decref(h);
    /* Every change is in the audit chain. */
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    assert_true(v.checked > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(versions_kept_and_a_stale_write_refused),
        cmocka_unit_test(file_return_approve_and_the_lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
