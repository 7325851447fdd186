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
    fg_test_dsn("app_chain", dsn, sizeof(dsn));
    fg_err err;
    int applied, n;
    if (fg_store_open(dsn, &store, &err) || fg_store_migrate(conn(), T0, &applied, &err) ||
        fg_app_init(&app, NULL, &err))
        return -1;
    json_t *regions = json_pack(
        "[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]",
        "code", 330000, "name", "浙江省", "parent", 0, "code", 330100, "name", "杭州市", "parent",
        330000, "code", 330106, "name", "西湖区", "parent", 330100, "code", 320000, "name",
        "江苏省", "parent", 0, "code", 320500, "name", "苏州市", "parent", 320000, "code", 320505,
        "name", "虎丘区", "parent", 320500);
    int rc = fg_store_region_import(conn(), regions, T0, "test", &n, &err);
    json_decref(regions);
    for (int i = 0; rc == 0 && i < N_ENT; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        char first[18];
        snprintf(first, sizeof(first), "91%06dMA2APP%03d", (int)counties[i], i);
        snprintf(uscc[i], sizeof(uscc[i]), "%s%c", first, fg_uscc_check_char(first));
        memcpy(e.uscc, uscc[i], FG_USCC_LEN + 1);
        snprintf(e.name, sizeof(e.name), "应用测试企业%d", i);
        e.region = counties[i];
        memcpy(e.industry, "36", 3);
        e.categories = FG_CAT_KEY_INDUSTRIAL;
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_enterprise_keeps_only_edges_it_is_an_end_of),
    };
    return cmocka_run_group_tests_name("chain use cases", tests, setup, teardown);
}
