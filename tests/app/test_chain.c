/* The supply-chain use cases (app/chain.c): who may add, change and import
 * edges is checked on the ends before anything is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself. */
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../harness.h"
#include "app/app.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static fg_app app;
static const int64_t T0 = 1795730548316LL;
enum { OWN, SUP, FAR, N_ENT };
static const int32_t counties[N_ENT] = {330106, 330106, 320505};
static char uscc[N_ENT][FG_USCC_LEN + 1];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("app_chain", dsn, sizeof(dsn), &store, T0) ||
        fg_app_init(&app, NULL, &err))
        return -1;
    int rc = fg_test_regions(conn(), T0,
                             (const int32_t[]){330000, 330100, 330106, 320000, 320500, 320505, 0});
    for (int i = 0; rc == 0 && i < N_ENT; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        fg_test_uscc(uscc[i], counties[i], "APP", i);
        memcpy(e.uscc, uscc[i], FG_USCC_LEN + 1);
        snprintf(e.name, sizeof(e.name), "应用测试企业%d", i);
        e.region = counties[i];
        memcpy(e.industry, "36", 3);
        e.categories = FG_CAT_KEY_INDUSTRIAL;
        e.capacity = 100;
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
    }
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_app_release(&app);
    fg_test_store_close(store, dsn);
    return 0;
}

static fg_chain_edge edge(int sup, int cus, int share)
{
    fg_chain_edge e;
    memset(&e, 0, sizeof(e));
    snprintf(e.supplier, sizeof(e.supplier), "%s", uscc[sup]);
    snprintf(e.customer, sizeof(e.customer), "%s", uscc[cus]);
    e.input = FG_INPUT_CASTINGS;
    e.share = share;
    e.stock_days = 3;
    return e;
}

static void an_enterprise_keeps_only_edges_it_is_an_end_of(void **state)
{
    (void)state;
    const char *mine[] = {uscc[OWN]};
    const int32_t regions[] = {330106};
    fg_principal p = {FG_ROLE_ENTERPRISE, -1, mine, regions, 1, false};
    fg_who who = {"own", FG_ROLE_ENTERPRISE, &p};
    fg_err err;
    fg_chain_edge e = edge(SUP, OWN, 100), out;
    assert_int_equal(fg_app_chain_edge_add(&app, conn(), &who, &e, T0, &out, &err), 0);
    /* Figures are checked before anything else. */
    e = edge(FAR, OWN, 0);
    assert_int_equal(fg_app_chain_edge_add(&app, conn(), &who, &e, T0, NULL, &err), FG_EINVAL);
    assert_string_equal(err.field, "share");
    /* Neither end its own. */
    e = edge(SUP, FAR, 50);
    assert_int_equal(fg_app_chain_edge_add(&app, conn(), &who, &e, T0, NULL, &err), FG_EPERM);
    /* An official of another province may not change the edge. */
    fg_principal js = {FG_ROLE_INDUSTRY_AUTHORITY, 320000, NULL, NULL, 0, false};
    fg_who jsw = {"js", FG_ROLE_INDUSTRY_AUTHORITY, &js};
    assert_int_equal(
        fg_app_chain_edge_update(&app, conn(), &jsw, out.id, 50, 3, -1, T0, NULL, &err), FG_EPERM);
    assert_int_equal(fg_app_chain_edge_delete(&app, conn(), &jsw, out.id, T0, &err), FG_EPERM);
    assert_int_equal(fg_app_chain_edge_update(&app, conn(), &who, out.id, 50, 3, 1, T0, &out, &err),
                     0);
    assert_int_equal(out.share, 50);
    /* The import refuses a row of others, and so writes nothing. */
    char csv[512];
    snprintf(csv, sizeof(csv),
             "supplier,customer,input,share,stock_days\n%s,%s,steel,10,2\n%s,%s,"
             "steel,10,2\n",
             uscc[SUP], uscc[OWN], uscc[SUP], uscc[FAR]);
    fg_chain_import_report rep;
    assert_int_equal(
        fg_app_chain_import(&app, conn(), &who, csv, strlen(csv), T0, NULL, NULL, &rep, &err),
        FG_EINVAL);
    assert_int_equal(rep.rejected, 1);
    fg_chain_edges l = {0};
    assert_int_equal(fg_store_chain_of(conn(), uscc[OWN], true, &l, &err), 0);
    assert_int_equal(l.n, 1);
    fg_chain_edges_release(&l);
}

/* critical-link marks (issue 12, part "critical"): the sweep's refresh stores
 * the analysis mark with its basis (here the province share: the supplier
 * dominates half of Zhejiang's capacity) and skips an unchanged chain; the
 * manual mark is stored and removed; a proposal takes the critical-link route
 * from the mark and stores the impact report as the order's machine
 * assessment. */
static void the_marks_are_stored_and_the_report_goes_with_the_order(void **state)
{
    (void)state;
    fg_err err;
    fg_chain_edge e = edge(SUP, OWN, 100);
    e.input = FG_INPUT_STEEL;
    assert_int_equal(fg_store_chain_edge_add(conn(), &e, T0, "test", NULL, &err), 0);
    size_t changed = 99;
    assert_int_equal(fg_app_critical_refresh(&app, conn(), T0 + 1000, false, &changed, &err), 0);
    assert_true(changed >= 1);
    fg_critical_stored st;
    bool found;
    assert_int_equal(fg_store_critical_analysis_get(conn(), uscc[SUP], &st, &found, &err), 0);
    assert_true(found);
    assert_int_equal(st.basis, FG_CHAIN_CRIT_PROVINCE_SHARE);
    assert_int_equal(st.dominated_capacity, 100);
    assert_int_equal(fg_store_critical_analysis_get(conn(), uscc[OWN], &st, &found, &err), 0);
    assert_false(found);
    fg_enterprise ent;
    assert_int_equal(fg_store_enterprise_get(conn(), uscc[SUP], T0, &ent, NULL, &err), 0);
    assert_true(ent.critical);
    /* Nothing changed: the refresh does not run again. */
    assert_int_equal(fg_app_critical_refresh(&app, conn(), T0 + 2000, false, &changed, &err), 0);
    assert_int_equal(changed, 0);
    /* The manual mark, by the provincial industry authority only. */
    fg_principal city = {FG_ROLE_INDUSTRY_AUTHORITY, 330100, NULL, NULL, 0, false};
    fg_who cw = {"industry.hangzhou", FG_ROLE_INDUSTRY_AUTHORITY, &city};
    assert_int_equal(
        fg_app_critical_manual(&app, conn(), &cw, uscc[OWN], true, "省内唯一整车厂", T0, &err),
        FG_EPERM);
    fg_principal prov = {FG_ROLE_INDUSTRY_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_who pw = {"industry.zhejiang", FG_ROLE_INDUSTRY_AUTHORITY, &prov};
    assert_int_equal(
        fg_app_critical_manual(&app, conn(), &pw, uscc[OWN], true, "省内唯一整车厂", T0, &err), 0);
    json_t *marks;
    assert_int_equal(fg_store_critical_marks(conn(), uscc[OWN], &marks, &err), 0);
    assert_int_equal(json_array_size(marks), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(marks, 0), "note")),
                        "省内唯一整车厂");
    json_decref(marks);
    assert_int_equal(
        fg_app_critical_manual(&app, conn(), &pw, uscc[OWN], false, "已有第二家整车厂", T0, &err),
        0);
    assert_int_equal(
        fg_app_critical_manual(&app, conn(), &pw, uscc[OWN], false, "已有第二家整车厂", T0, &err),
        FG_ENOTFOUND);
    /* An emergency order on the supplier (low risk: only an emergency), on
     * the critical-link route, with its report stored. */
    fg_principal joint = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    fg_who jw = {"joint.zhejiang", FG_ROLE_JOINT_MECHANISM, &joint};
    fg_proposal p = {uscc[SUP],          FG_MEASURE_STOP,   0, T0, T0 + 86400000LL, true,
                     "今晨现场确诊一例", "核酸检测阳性报告"};
    fg_proposed out;
    assert_int_equal(fg_app_order_propose(&app, conn(), &jw, &p, T0, &out, &err), 0);
    fg_order_row row;
    assert_int_equal(fg_store_order_get(conn(), out.id, &row, &err), 0);
    assert_string_equal(row.o.route->name, "critical_link");
    fg_order_row_release(&row);
    json_t *acts, *evals, *res;
    assert_int_equal(fg_store_order_timeline(conn(), out.id, &acts, &evals, &res, &err), 0);
    assert_int_equal(json_array_size(evals), 1);
    json_t *m = json_array_get(evals, 0);
    assert_string_equal(json_string_value(json_object_get(m, "kind")), "machine");
    json_t *report = json_loads(json_string_value(json_object_get(m, "assessment")), 0, NULL);
    assert_non_null(report);
    json_t *crit = json_object_get(report, "critical");
    assert_string_equal(json_string_value(json_object_get(crit, "basis")), "province_share");
    json_t *hit = json_array_get(json_object_get(report, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(hit, "uscc")), uscc[OWN]);
    assert_int_equal(json_integer_value(json_object_get(hit, "day")), 3);
    json_decref(report);
    json_decref(acts);
    json_decref(evals);
    json_decref(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_enterprise_keeps_only_edges_it_is_an_end_of),
        cmocka_unit_test(the_marks_are_stored_and_the_report_goes_with_the_order),
    };
    return cmocka_run_group_tests_name("chain use cases", tests, setup, teardown);
}
