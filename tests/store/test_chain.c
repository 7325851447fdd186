/* The supply-chain store contract (chain-data): edges added, changed and
 * deleted with their audit entries, the walk up and down bounded and
 * filtered by the caller's predicate, the whole graph as arrays, the CSV
 * import that writes nothing on a bad row, related services. Run on either
 * driver (FG_TEST_DB), like tests/store/test_store.c. */
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

/* Enterprises: A (tier 3) -> B (tier 2) -> C (tier 1) -> OEM <- D; OEM -> DEALER;
 * a bank S. In 330106 but B in 320505. */
enum { A, B, C, D, OEM, DEALER, S, N_ENT };
static char uscc[N_ENT][FG_USCC_LEN + 1];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("chain", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(conn(), T0,
                             (const int32_t[]){330000, 330100, 330106, 320000, 320500, 320505, 0});
    for (int i = 0; rc == 0 && i < N_ENT; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        int32_t region = i == B ? 320505 : 330106;
        fg_test_uscc(uscc[i], region, "CHN", i);
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        snprintf(e.name, sizeof(e.name), "链测企业%d", i);
        e.region = region;
        memcpy(e.industry, i == S ? "66" : "36", 3);
        e.headcount = 100;
        e.capacity = 100 * (i + 1);
        e.categories = i == S ? FG_CAT_RELATED_SERVICE : FG_CAT_KEY_INDUSTRIAL;
        e.service_kind = i == S ? FG_SERVICE_BANK : FG_SERVICE_NONE;
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
        if (rc)
            fprintf(stderr, "create %s: %s\n", uscc[i], err.msg);
    }
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

static int add(int sup, int cus, fg_input in, int share, int stock, fg_chain_edge *out)
{
    fg_chain_edge e;
    memset(&e, 0, sizeof(e));
    snprintf(e.supplier, sizeof(e.supplier), "%s", uscc[sup]);
    snprintf(e.customer, sizeof(e.customer), "%s", uscc[cus]);
    e.input = in;
    e.share = share;
    e.stock_days = stock;
    fg_err err;
    return fg_store_chain_edge_add(conn(), &e, T0, "test", out, &err);
}

static void edges_are_added_changed_deleted_each_with_its_audit_entry(void **state)
{
    (void)state;
    int64_t before = fg_test_audit_count(conn());
    fg_chain_edge e, got;
    fg_err err;
    assert_int_equal(add(C, OEM, FG_INPUT_CASTINGS, 100, 3, &e), 0);
    assert_string_equal(e.supplier, uscc[C]);
    assert_int_equal(e.input, FG_INPUT_CASTINGS);
    assert_int_equal(e.customer_region, 330106);
    assert_string_equal(e.supplier_name, "链测企业2");
    assert_int_equal(e.version, 1);
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    /* The same triple again, a self edge, an unknown end: refused, nothing written. */
    assert_int_equal(add(C, OEM, FG_INPUT_CASTINGS, 50, 1, NULL), FG_EEXIST);
    assert_int_equal(add(OEM, OEM, FG_INPUT_STEEL, 50, 1, NULL), FG_EINVAL);
    fg_chain_edge bad = e;
    snprintf(bad.supplier, sizeof(bad.supplier), "91330106MA2CHN999X");
    assert_int_equal(fg_store_chain_edge_add(conn(), &bad, T0, "test", NULL, &err), FG_ENOTFOUND);
    assert_string_equal(err.field, "supplier");
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    /* Update with the version, then a stale one. */
    assert_int_equal(fg_store_chain_edge_update(conn(), e.id, 80, 6, 1, T0 + 1, "u", &got, &err),
                     0);
    assert_int_equal(got.share, 80);
    assert_int_equal(got.stock_days, 6);
    assert_int_equal(got.version, 2);
    assert_string_equal(got.updated_by, "u");
    assert_int_equal(fg_store_chain_edge_update(conn(), e.id, 70, 6, 1, T0 + 2, "u", &got, &err),
                     FG_ECONFLICT);
    /* The database holds the bounds even if a caller did not. */
    assert_true(fg_store_chain_edge_update(conn(), e.id, 0, 6, -1, T0 + 2, "u", &got, &err) < 0);
    assert_int_equal(fg_test_audit_count(conn()), before + 2);
    /* Delete. */
    assert_int_equal(fg_store_chain_edge_delete(conn(), e.id, T0 + 3, "u", &err), 0);
    assert_int_equal(fg_store_chain_edge_get(conn(), e.id, &got, &err), FG_ENOTFOUND);
    assert_int_equal(fg_store_chain_edge_delete(conn(), e.id, T0 + 3, "u", &err), FG_ENOTFOUND);
    assert_int_equal(fg_test_audit_count(conn()), before + 3);
}

/* Keeps edges with no end at B (a predicate such as a visibility rule). */
static bool not_b(void *ctx, const fg_chain_edge *e)
{
    (void)ctx;
    return strcmp(e->supplier, uscc[B]) && strcmp(e->customer, uscc[B]);
}

static void the_walk_goes_n_tiers_each_way_bounded_and_filtered(void **state)
{
    (void)state;
    assert_int_equal(add(A, B, FG_INPUT_STEEL, 100, 10, NULL), 0);
    assert_int_equal(add(B, C, FG_INPUT_FORGINGS, 100, 5, NULL), 0);
    assert_int_equal(add(C, OEM, FG_INPUT_CASTINGS, 100, 3, NULL), 0);
    assert_int_equal(add(D, OEM, FG_INPUT_CASTINGS, 20, 3, NULL), 0);
    assert_int_equal(add(OEM, DEALER, FG_INPUT_OTHER, 100, 0, NULL), 0);
    assert_int_equal(add(D, C, FG_INPUT_STEEL, 30, 2, NULL), 0); /* a fan-in at C */
    fg_err err;
    fg_chain_edges l = {0};
    bool more;
    /* One tier up: C and D to the OEM; one down: the dealer. */
    assert_int_equal(
        fg_store_chain_tiers(conn(), uscc[OEM], 1, 1, 100, NULL, NULL, &l, &more, &err), 0);
    assert_int_equal(l.n, 3);
    assert_false(more);
    fg_chain_edges_release(&l);
    /* Three up: every edge but none twice (D -> C is reached from C). */
    assert_int_equal(
        fg_store_chain_tiers(conn(), uscc[OEM], 3, 0, 100, NULL, NULL, &l, &more, &err), 0);
    assert_int_equal(l.n, 5);
    fg_chain_edges_release(&l);
    /* Filtered: nothing through B. */
    assert_int_equal(
        fg_store_chain_tiers(conn(), uscc[OEM], 3, 0, 100, not_b, NULL, &l, &more, &err), 0);
    assert_int_equal(l.n, 3);
    for (size_t i = 0; i < l.n; i++)
        assert_true(not_b(NULL, &l.items[i]));
    fg_chain_edges_release(&l);
    /* Bounded. */
    assert_int_equal(fg_store_chain_tiers(conn(), uscc[OEM], 3, 3, 2, NULL, NULL, &l, &more, &err),
                     0);
    assert_int_equal(l.n, 2);
    assert_true(more);
    fg_chain_edges_release(&l);
    /* Suppliers and customers of one enterprise; the region reads both ends. */
    assert_int_equal(fg_store_chain_of(conn(), uscc[C], true, &l, &err), 0);
    assert_int_equal(l.n, 2);
    fg_chain_edges_release(&l);
    assert_int_equal(fg_store_chain_in_region(conn(), 320000, 329999, 100, &l, &more, &err), 0);
    assert_int_equal(l.n, 2); /* A -> B and B -> C: cross-border edges touch Jiangsu */
    fg_chain_edges_release(&l);
    /* The whole graph as arrays, indices in USCC order. */
    fg_chain_graph g;
    assert_int_equal(fg_store_chain_graph_load(conn(), &g, &err), 0);
    assert_int_equal(g.n_nodes, N_ENT);
    assert_int_equal(g.n_edges, 6);
    for (size_t i = 1; i < g.n_nodes; i++)
        assert_true(strcmp(g.uscc[i - 1], g.uscc[i]) < 0);
    size_t castings = 0;
    for (size_t j = 0; j < g.n_edges; j++) {
        assert_true(g.supplier[j] < g.n_nodes && g.customer[j] < g.n_nodes);
        if (g.input[j] == FG_INPUT_CASTINGS) {
            castings++;
            assert_string_equal(g.uscc[g.customer[j]], uscc[OEM]);
            assert_int_equal(g.stock_days[j], 3);
        }
    }
    assert_int_equal(castings, 2);
    fg_chain_graph_release(&g);
}

typedef struct bad_lines {
    size_t lines[8];
    char fields[8][48];
    size_t n;
} bad_lines;

static void record_bad(void *ctx, size_t line, const fg_err *why)
{
    bad_lines *b = ctx;
    if (b->n < 8) {
        snprintf(b->fields[b->n], sizeof(b->fields[0]), "%s", why->field);
        b->lines[b->n++] = line;
    }
}

static void csv_import_writes_nothing_on_a_bad_row_and_everything_otherwise(void **state)
{
    (void)state;
    char csv[2048];
    snprintf(csv, sizeof(csv),
             "supplier,customer,input,share,stock_days\n%s,%s,玻璃,40,4\n%s,%s,glass,400,4\n"
             "%s,%s,glass,40,4\n%s,%s,Glass,10,1\n",
             uscc[D], uscc[OEM], uscc[A], uscc[OEM], "91330106MA2CHN999X", uscc[OEM], uscc[D],
             uscc[OEM]);
    int64_t before = fg_test_audit_count(conn());
    bad_lines b = {0};
    fg_chain_import opt = {"importer", T0, NULL, record_bad, &b};
    fg_chain_import_report rep;
    fg_err err;
    assert_int_equal(fg_store_chain_import_csv(conn(), csv, strlen(csv), &opt, &rep, &err),
                     FG_EINVAL);
    assert_int_equal(rep.rows, 4);
    assert_int_equal(rep.rejected, 3);
    assert_int_equal(rep.added, 0);
    assert_int_equal(b.n, 3);
    assert_int_equal(b.lines[0], 3);
    assert_string_equal(b.fields[0], "share");
    assert_string_equal(b.fields[1], "supplier");
    assert_int_equal(b.lines[2], 5); /* the same edge as line 2 */
    assert_int_equal(fg_test_audit_count(conn()), before);
    /* A good file: one new edge, one update of D -> OEM castings. */
    snprintf(csv, sizeof(csv),
             "库存天数,供货占比,物料,客户,供应商\n4,40,玻璃,%s,%s\n9,20,铸件,%s,%s\n", uscc[OEM],
             uscc[D], uscc[OEM], uscc[D]);
    b.n = 0;
    assert_int_equal(fg_store_chain_import_csv(conn(), csv, strlen(csv), &opt, &rep, &err), 0);
    assert_int_equal(rep.added, 1);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(fg_test_audit_count(conn()), before + 2);
    fg_chain_edges l = {0};
    assert_int_equal(fg_store_chain_of(conn(), uscc[OEM], true, &l, &err), 0);
    bool found = false;
    for (size_t i = 0; i < l.n; i++)
        if (l.items[i].input == FG_INPUT_CASTINGS && !strcmp(l.items[i].supplier, uscc[D]))
            found = l.items[i].stock_days == 9 && !strcmp(l.items[i].updated_by, "importer");
    assert_true(found);
    fg_chain_edges_release(&l);
    /* A header without a column. */
    assert_int_equal(fg_store_chain_import_csv(conn(), "supplier,customer\n", 18, &opt, &rep, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "chain.import_column");
}

static void related_services_are_service_enterprises_recorded_once(void **state)
{
    (void)state;
    fg_err err;
    int64_t before = fg_test_audit_count(conn());
    assert_int_equal(fg_store_chain_service_add(conn(), uscc[OEM], uscc[S], T0, "t", &err), 0);
    assert_int_equal(fg_store_chain_service_add(conn(), uscc[OEM], uscc[S], T0, "t", &err),
                     FG_EEXIST);
    assert_int_equal(fg_store_chain_service_add(conn(), uscc[OEM], uscc[C], T0, "t", &err),
                     FG_EINVAL);
    fg_chain_service s[4];
    size_t n;
    assert_int_equal(fg_store_chain_services(conn(), uscc[OEM], s, 4, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(s[0].kind, "bank");
    assert_int_equal(fg_store_chain_service_delete(conn(), uscc[OEM], uscc[S], T0, "t", &err), 0);
    assert_int_equal(fg_store_chain_service_delete(conn(), uscc[OEM], uscc[S], T0, "t", &err),
                     FG_ENOTFOUND);
    assert_int_equal(fg_test_audit_count(conn()), before + 2);
}

/* bulk edges (fugong gen): 200 edges (a full multi-row chunk and the rest
 * one by one) in one transaction, each with its chain.edge_add entry; a
 * bulk holding an edge that exists writes nothing and names it. Runs last:
 * it leaves its edges. */
static void bulk_edges_go_in_one_transaction_each_with_its_audit_entry(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    int64_t before = fg_test_audit_count(conn());
    fg_chain_edges all = {0};
    bool more;
    assert_int_equal(fg_store_chain_in_region(conn(), 0, 999999, 10000, &all, &more, &err), 0);
    size_t edges_before = all.n;
    fg_chain_bulk *b = malloc(sizeof(*b));
    assert_non_null(b);
    assert_int_equal(fg_chain_bulk_begin(conn(), b, T0 + 10, "bulk", &err), 0);
    int made = 0;
    fg_chain_edge e;
    for (int in = 0; in < FG_INPUT_COUNT && made < 200; in++)
        for (int sup = A; sup <= DEALER && made < 200; sup++)
            for (int cus = A; cus <= DEALER && made < 200; cus++) {
                if (sup == cus)
                    continue;
                memset(&e, 0, sizeof(e));
                fg_strlcpy(e.supplier, uscc[sup], sizeof(e.supplier));
                fg_strlcpy(e.customer, uscc[cus], sizeof(e.customer));
                e.input = (fg_input)(FG_INPUT_COUNT - 1 - in);
                bool held = false; /* the other tests' edges stay as they are */
                for (size_t k = 0; k < all.n; k++)
                    held |= strcmp(all.items[k].supplier, e.supplier) == 0 &&
                            strcmp(all.items[k].customer, e.customer) == 0 &&
                            all.items[k].input == e.input;
                if (held)
                    continue;
                e.share = 50;
                e.stock_days = 5;
                e.customer_region = cus == B ? 320505 : 330106;
                char id[37];
                assert_int_equal(fg_chain_bulk_add(b, &e, id, &err), 0);
                assert_int_equal(strlen(id), 36);
                made++;
            }
    assert_int_equal(made, 200);
    fg_chain_edges_release(&all);
    /* A self edge and a share out of bounds are refused before they are queued. */
    fg_strlcpy(e.customer, e.supplier, sizeof(e.customer));
    assert_int_equal(fg_chain_bulk_add(b, &e, NULL, &err), FG_EINVAL);
    assert_int_equal(fg_chain_bulk_commit(b, &err), 0);
    assert_int_equal(fg_test_audit_count(conn()), before + 200);
    assert_int_equal(fg_store_chain_in_region(conn(), 0, 999999, 10000, &all, &more, &err), 0);
    assert_int_equal(all.n, edges_before + 200);
    fg_chain_edges_release(&all);
    /* Again with 130 edges, some of them there already: nothing is written. */
    assert_int_equal(fg_chain_bulk_begin(conn(), b, T0 + 11, "bulk", &err), 0);
    int rc = 0;
    for (int i = 0; i < 130 && rc == 0; i++) {
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.supplier, uscc[i == 64 ? A : i % 2 ? C : D], sizeof(e.supplier));
        fg_strlcpy(e.customer, uscc[i == 64 ? B : DEALER], sizeof(e.customer));
        e.input = i == 64 ? (fg_input)(FG_INPUT_COUNT - 1) : (fg_input)(i % FG_INPUT_COUNT);
        e.share = 10;
        e.stock_days = 1;
        e.customer_region = 330106;
        rc = fg_chain_bulk_add(b, &e, NULL, &err);
    }
    if (rc == 0)
        rc = fg_chain_bulk_commit(b, &err);
    else
        fg_chain_bulk_abort(b);
    assert_int_equal(rc, FG_EEXIST);
    assert_string_equal(err.key, "chain.edge_exists");
    assert_non_null(strstr(err.msg, "already supplies")); /* names one that is there */
    assert_int_equal(fg_test_audit_count(conn()), before + 200);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges_are_added_changed_deleted_each_with_its_audit_entry),
        cmocka_unit_test(the_walk_goes_n_tiers_each_way_bounded_and_filtered),
        cmocka_unit_test(csv_import_writes_nothing_on_a_bad_row_and_everything_otherwise),
        cmocka_unit_test(related_services_are_service_enterprises_recorded_once),
        cmocka_unit_test(bulk_edges_go_in_one_transaction_each_with_its_audit_entry),
    };
    return cmocka_run_group_tests_name("chain store contract", tests, setup, teardown);
}
