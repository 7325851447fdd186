/* The monitoring store (issue 13, part "monitor"): after random reports and
 * corrections through the daily reports' ingest, the sums read from the
 * aggregates (rolled up by region prefix) equal the plain GROUP BY over the
 * reports for the nation, a province and a city, day by day; the
 * denominators count the enterprises; a county's enterprises come with their
 * current report; the electricity readings replace by (enterprise, day), a
 * baseline replaces the enterprise's, and the upload is audited. Run on
 * either driver (FG_TEST_DB), like tests/store/test_store.c. */
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
#include "core/date.h"
#include "store/reports.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */
static const int32_t COUNTIES[] = {330106, 330108, 330203, 320505};
#define N_ENT 40
static char uscc[N_ENT][FG_USCC_LEN + 1];
static int32_t region_of[N_ENT];

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("monitor", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(conn(), T0,
                             (const int32_t[]){330000, 330100, 330106, 330108, 330200, 330203,
                                               320000, 320500, 320505, 0});
    static const char *const divs[] = {"36", "13", "52"};
    for (int i = 0; rc == 0 && i < N_ENT; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        region_of[i] = COUNTIES[i % 4];
        fg_test_uscc(uscc[i], region_of[i], "MON", i);
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        snprintf(e.name, sizeof(e.name), "监测企业%02d", i);
        e.region = region_of[i];
        memcpy(e.industry, divs[i % 3], 3);
        e.headcount = 100;
        e.capacity = 100;
        e.categories =
            (i % 2 ? FG_CAT_KEY_INDUSTRIAL : 0) | (i % 5 == 0 ? FG_CAT_LIVELIHOOD_SUPPLY : 0);
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

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void random_report(fg_report *r, int k, int32_t day)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->enterprise, uscc[k], sizeof(r->enterprise));
    r->day = day;
    r->source = FG_REPORT_FORM;
    uint64_t x = next();
    r->status = (fg_status)(x % 3);
    r->capacity_pct = r->status == FG_STATUS_STOPPED ? 0 : 1 + (int)((x >> 8) % 99);
    r->staff_pct = 1 + (int)((x >> 16) % 100);
}

static int cmp_row(const void *a, const void *b)
{
    const fg_monitor_row *x = a, *y = b;
    return x->day != y->day ? (x->day < y->day ? -1 : 1) : strcmp(x->key, y->key);
}

/* Drops rows left all zero and sorts by day and key. */
static void tidy(fg_monitor_rows *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].s.reported)
            r->items[k++] = r->items[i];
    r->n = k;
    qsort(r->items, r->n, sizeof(*r->items), cmp_row);
}

static void aggregates_equal_the_plain_group_by(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    int32_t d0 = 20261120;
    /* Four days of reports, many corrected (in later transactions and
     * within the same ingest), some enterprises never reporting. */
    for (int round = 0; round < 6; round++) {
        fg_tx tx;
        fg_report_ingest *ing;
        assert_int_equal(fg_tx_begin(&tx, conn(), T0 + round * 1000, "test", &err), 0);
        assert_int_equal(fg_report_ingest_begin(&tx, &ing, &err), 0);
        int rc = 0;
        for (int i = 0; i < 50 && rc == 0; i++) {
            int k = (int)(next() % (N_ENT - 4)); /* the last four never report */
            fg_report r;
            random_report(&r, k, fg_date_from_days(fg_date_days(d0) + (int)(next() % 4)));
            rc = fg_report_ingest_add(ing, &r, T0 + 86400000LL, NULL, NULL, &err);
        }
        rc = fg_report_ingest_end(ing, rc, &err);
        if (rc == 0)
            rc = fg_tx_audit(&tx, "report.batch", "daily_report", "test", 0, NULL, &err);
        assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    }
    int32_t d3 = fg_date_from_days(fg_date_days(d0) + 3);
    const int32_t regions[] = {0, 330000, 330100, 320000};
    for (size_t g = 0; g < sizeof(regions) / sizeof(regions[0]); g++) {
        fg_monitor_rows agg = {0}, plain = {0};
        assert_int_equal(
            fg_store_monitor_sums(conn(), regions[g], d0, d3, FG_MONITOR_BY_CHILD, &agg, &err), 0);
        assert_int_equal(fg_store_monitor_sums_plain(conn(), regions[g], d0, d3, &plain, &err), 0);
        tidy(&agg);
        tidy(&plain);
        assert_true(plain.n > 0);
        assert_int_equal(agg.n, plain.n);
        for (size_t i = 0; i < agg.n; i++) {
            assert_int_equal(agg.items[i].day, plain.items[i].day);
            assert_string_equal(agg.items[i].key, plain.items[i].key);
            assert_memory_equal(&agg.items[i].s, &plain.items[i].s, sizeof(fg_monitor_sums));
        }
        /* the region as a whole is the sum of its children */
        fg_monitor_rows whole = {0};
        assert_int_equal(
            fg_store_monitor_sums(conn(), regions[g], d3, d3, FG_MONITOR_BY_NONE, &whole, &err), 0);
        fg_monitor_sums sum = {0};
        for (size_t i = 0; i < plain.n; i++)
            if (plain.items[i].day == d3)
                fg_monitor_sums_add(&sum, &plain.items[i].s);
        assert_int_equal(whole.n, sum.reported ? 1 : 0);
        if (whole.n)
            assert_memory_equal(&whole.items[0].s, &sum, sizeof(sum));
        fg_monitor_rows_release(&agg);
        fg_monitor_rows_release(&plain);
        fg_monitor_rows_release(&whole);
    }
    /* by division and categories, the reporters add up to the whole */
    fg_monitor_rows div = {0}, cat = {0}, whole = {0};
    assert_int_equal(fg_store_monitor_sums(conn(), 0, d3, d3, FG_MONITOR_BY_DIVISION, &div, &err),
                     0);
    assert_int_equal(fg_store_monitor_sums(conn(), 0, d3, d3, FG_MONITOR_BY_CATEGORIES, &cat, &err),
                     0);
    assert_int_equal(fg_store_monitor_sums(conn(), 0, d3, d3, FG_MONITOR_BY_NONE, &whole, &err), 0);
    int64_t a = 0, b = 0;
    for (size_t i = 0; i < div.n; i++)
        a += div.items[i].s.reported;
    for (size_t i = 0; i < cat.n; i++)
        b += cat.items[i].s.reported;
    assert_int_equal(a, whole.items[0].s.reported);
    assert_int_equal(b, whole.items[0].s.reported);
    fg_monitor_rows_release(&div);
    fg_monitor_rows_release(&cat);
    fg_monitor_rows_release(&whole);
}

static void denominators_and_a_county(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_monitor_rows c = {0};
    assert_int_equal(fg_store_monitor_counts(conn(), 330000, FG_MONITOR_BY_CHILD, &c, &err), 0);
    int64_t hz = 0, nb = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (strcmp(c.items[i].key, "330100") == 0)
            hz = c.items[i].s.enterprises;
        if (strcmp(c.items[i].key, "330200") == 0)
            nb = c.items[i].s.enterprises;
    }
    assert_int_equal(hz, N_ENT / 2); /* 330106 and 330108 */
    assert_int_equal(nb, N_ENT / 4);
    fg_monitor_rows_release(&c);
    assert_int_equal(fg_store_monitor_counts(conn(), 0, FG_MONITOR_BY_NONE, &c, &err), 0);
    assert_int_equal(c.items[0].s.enterprises, N_ENT);
    fg_monitor_rows_release(&c);
    assert_int_equal(fg_store_monitor_counts(conn(), 330106, FG_MONITOR_BY_CHILD, &c, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "monitor.no_children");

    /* a county's enterprises with their current report */
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 10000, "test", &err), 0);
    fg_report r;
    random_report(&r, 0, 20261125);
    r.status = FG_STATUS_LIMITED;
    r.capacity_pct = 40;
    r.staff_pct = 55;
    int rc = fg_store_report_put(&tx, &r, T0 + 86400000LL, NULL, NULL, &err);
    r.capacity_pct = 45; /* a correction */
    if (rc == 0)
        rc = fg_store_report_put(&tx, &r, T0 + 86400000LL, NULL, NULL, &err);
    if (rc == 0)
        rc = fg_tx_audit(&tx, "report.submit", "daily_report", uscc[0], 330106, NULL, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    fg_monitor_enterprise *items;
    size_t n;
    int64_t total;
    assert_int_equal(
        fg_store_monitor_enterprises(conn(), 330106, 20261125, 100, 0, &items, &n, &total, &err),
        0);
    assert_int_equal(total, N_ENT / 4);
    assert_int_equal(n, N_ENT / 4);
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(items[i].uscc, uscc[0]) == 0) {
            seen = true;
            assert_string_equal(items[i].status, "limited");
            assert_int_equal(items[i].capacity_pct, 45);
            assert_int_equal(items[i].staff_pct, 55);
        } else {
            assert_string_equal(items[i].status, "");
            assert_int_equal(items[i].capacity_pct, -1);
        }
    }
    assert_true(seen);
    free(items);
    assert_int_equal(
        fg_store_monitor_enterprises(conn(), 330106, 20261125, 3, 3, &items, &n, &total, &err), 0);
    assert_int_equal(n, 3);
    free(items);
}

static void electricity_readings_and_baselines(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_power_row rows[3] = {
        {"", 20261125, 100000, 1000000}, /* enterprise 0: reported limited above */
        {"", 20261125, 900000, 1000000},
        {"", 20261124, 50000, -1},
    };
    fg_strlcpy(rows[0].uscc, uscc[0], sizeof(rows[0].uscc));
    fg_strlcpy(rows[1].uscc, uscc[4], sizeof(rows[1].uscc));
    fg_strlcpy(rows[2].uscc, uscc[0], sizeof(rows[2].uscc));
    fg_tx tx;
    char id[37];
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 20000, "industry.hangzhou", &err), 0);
    int rc = fg_store_power_put(&tx, 330100, rows, 3, id, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    fg_power_reading *r;
    size_t n;
    assert_int_equal(fg_store_power_day(conn(), 330100, 20261125, &r, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].uscc, uscc[0]);
    assert_int_equal(r[0].wh, 100000);
    assert_int_equal(r[0].baseline_wh, 1000000);
    assert_string_equal(r[0].status, "limited");
    assert_int_equal(r[0].capacity_pct, 45);
    assert_string_equal(r[1].status, "");
    free(r);
    /* a second file: the reading replaced, the baseline too */
    rows[0].wh = 700000;
    rows[0].baseline_wh = 2000000;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 30000, "industry.hangzhou", &err), 0);
    rc = fg_store_power_put(&tx, 330100, rows, 1, id, &err);
    assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
    assert_int_equal(fg_store_power_day(conn(), 330106, 20261125, &r, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].wh, 700000);
    assert_int_equal(r[0].baseline_wh, 2000000);
    free(r);
    int64_t readings, baselines;
    assert_int_equal(fg_store_power_counts(conn(), 330000, 20261125, &readings, &baselines, &err),
                     0);
    assert_int_equal(readings, 2);
    assert_int_equal(baselines, 2);
    assert_int_equal(fg_store_power_counts(conn(), 320000, 20261125, &readings, &baselines, &err),
                     0);
    assert_int_equal(readings, 0);
    /* audited */
    fg_stmt *st;
    assert_int_equal(fg_db_row(conn(), &st, &err,
                               "SELECT COUNT(*) FROM audit_log WHERE action = 'electricity.upload'",
                               ""),
                     1);
    assert_int_equal(fg_db_int(conn(), st, 0), 2);
    fg_db_done(conn(), st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aggregates_equal_the_plain_group_by),
        cmocka_unit_test(denominators_and_a_county),
        cmocka_unit_test(electricity_readings_and_baselines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
