/* The daily-report store contract (issue 13, part "reports"): after random
 * reports and corrections — one at a time and in batches, with an enterprise
 * moving county and white-list groups — the incremental aggregates equal the
 * plain GROUP BY over the current versions (written out here), for the main
 * table and the groups; the enterprise counts equal a GROUP BY over the
 * enterprises; versions, pre-fill and missing reports read back. Runs on
 * SQLite and, with FG_TEST_DB, on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself (kept
 * apart so that sorting includes cannot move it up). */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "core/date.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */
#define H (3600LL * 1000)
#define N_ENT 36
#define N_DAYS 6
static char uscc[N_ENT][FG_USCC_LEN + 1];
static const int32_t COUNTIES[] = {330106, 330102, 320505};
static const char *DIVISIONS[] = {"36", "13", "27"};

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("store_reports", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(
        conn(), T0, (const int32_t[]){330000, 330100, 330106, 330102, 320000, 320500, 320505, 0});
    for (int i = 0; rc == 0 && i < N_ENT; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        int32_t region = COUNTIES[i % 3];
        fg_test_uscc(uscc[i], region, "RPT", i);
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        snprintf(e.name, sizeof(e.name), "日报测试企业%02d", i);
        e.region = region;
        memcpy(e.industry, DIVISIONS[(i / 3) % 3], 3);
        e.headcount = 100;
        e.capacity = 100;
        e.categories = 1u + (unsigned)(i % 2);
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
        if (rc)
            fprintf(stderr, "create %s: %s\n", uscc[i], err.msg);
    }
    /* Two white lists of the automotive chain and one of energy; members
     * listed in force, one ended (not a member). */
    static const char *lists[][3] = {{"L-auto-n", "automotive", "national"},
                                     {"L-auto-p", "automotive", "provincial"},
                                     {"L-energy-p", "energy", "provincial"}};
    for (int k = 0; rc == 0 && k < 3; k++)
        rc = fg_db_run(conn(), &err,
                       "INSERT INTO whitelist_lists (id, chain, tier, region, created_by, "
                       "created_at) VALUES (?, ?, ?, ?, 'test', ?)",
                       "tttdi", lists[k][0], lists[k][1], lists[k][2], k == 0 ? 0 : 330000, T0);
    static const struct {
        int ent, list;
        const char *state;
    } members[] = {{0, 0, "listed"}, {0, 1, "listed"}, {1, 1, "due_review"}, {2, 2, "listed"},
                   {4, 0, "listed"}, {4, 2, "listed"}, {5, 2, "ended"},      {9, 1, "listed"}};
    for (size_t k = 0; rc == 0 && k < sizeof(members) / sizeof(members[0]); k++) {
        char id[16];
        snprintf(id, sizeof(id), "A%zu", k);
        rc =
            fg_db_run(conn(), &err,
                      "INSERT INTO whitelist_applications (id, list_id, enterprise, county, state, "
                      "plan, staff, lodging, testing, stock_days, suppliers, industry_ok, "
                      "health_ok, batch_id, listed_by, listed_on, review_on, reason, applied_by, "
                      "applied_at, updated_at, version) VALUES (?, ?, ?, ?, ?, '', 1, 1, 1, 1, "
                      "'', 1, 1, NULL, 'test', 20261101, 20270101, '', 'test', ?, ?, 1)",
                      "tttdtii", id, lists[members[k].list][0], uscc[members[k].ent],
                      (int)COUNTIES[members[k].ent % 3], members[k].state, T0, T0);
    }
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

/* The rows of a query, one line each: columns as `types` says ('t' text,
 * 'i' integer), for comparing two queries. New string. */
static char *dump(const char *sql, const char *types)
{
    fg_db *db = conn();
    fg_stmt *st;
    fg_err err;
    assert_int_equal(fg_db_query(db, &st, &err, sql, ""), 0);
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc;
    while ((rc = fg_db_step(db, st, &err)) == 1) {
        for (size_t c = 0; types[c]; c++) {
            if (types[c] == 't')
                fg_buf_addf(&b, "%s|", fg_db_text(db, st, (int)c));
            else
                fg_buf_addf(&b, "%lld|", (long long)fg_db_int(db, st, (int)c));
        }
        fg_buf_addf(&b, "\n");
    }
    fg_db_done(db, st);
    assert_int_equal(rc, 0);
    char *s = strdup(b.buf ? b.buf : "");
    fg_buf_release(&b);
    return s;
}

#define FIGURES_GROUP_BY                                                                           \
    "COUNT(*), SUM(CASE WHEN r.status IN ('operating', 'limited') THEN 1 ELSE 0 END), "            \
    "SUM(r.capacity_pct), SUM(r.staff_pct), SUM(r.closed_loop), "                                  \
    "SUM(CASE WHEN r.staff_pct >= 90 THEN 1 ELSE 0 END), "                                         \
    "SUM(CASE WHEN r.capacity_pct >= 80 THEN 1 ELSE 0 END), "                                      \
    "SUM(CASE WHEN r.capacity_pct < 30 OR r.staff_pct < 30 THEN 1 ELSE 0 END), SUM(r.late), "      \
    "SUM(CASE WHEN (r.problems & 1) <> 0 THEN 1 ELSE 0 END), "                                     \
    "SUM(CASE WHEN (r.problems & 2) <> 0 THEN 1 ELSE 0 END), "                                     \
    "SUM(CASE WHEN (r.problems & 4) <> 0 THEN 1 ELSE 0 END), "                                     \
    "SUM(CASE WHEN (r.problems & 8) <> 0 THEN 1 ELSE 0 END), "                                     \
    "SUM(CASE WHEN (r.problems & 16) <> 0 THEN 1 ELSE 0 END), "                                    \
    "SUM(CASE WHEN (r.problems & 32) <> 0 THEN 1 ELSE 0 END)"
#define FIGURES_STORED                                                                             \
    "n_reported, n_resumed, sum_capacity, sum_staff, sum_closed_loop, n_staff90, n_cap80, "        \
    "n_under30, n_late, p_parts, p_logistics, p_staff, p_cash, p_energy, p_local_rules"
#define FIG_TYPES "iiiiiiiiiiiiiii"

static void assert_aggregates_equal_group_by(void)
{
    char *want = dump("SELECT r.day, r.county, r.division, r.categories, " FIGURES_GROUP_BY
                      " FROM daily_reports r WHERE r.is_current = 1 "
                      "GROUP BY r.day, r.county, r.division, r.categories "
                      "ORDER BY r.day, r.county, r.division, r.categories",
                      "titi" FIG_TYPES);
    char *have = dump("SELECT day, county, division, categories, " FIGURES_STORED
                      " FROM report_aggregates WHERE n_reported <> 0 "
                      "ORDER BY day, county, division, categories",
                      "titi" FIG_TYPES);
    assert_true(strlen(want) > 0);
    assert_string_equal(have, want);
    free(want);
    free(have);
    want = dump("SELECT r.day, g.kind, g.grp, r.county, " FIGURES_GROUP_BY
                " FROM daily_reports r JOIN daily_report_groups g ON g.report = r.id "
                "WHERE r.is_current = 1 GROUP BY r.day, g.kind, g.grp, r.county "
                "ORDER BY r.day, g.kind, g.grp, r.county",
                "ttti" FIG_TYPES);
    have = dump("SELECT day, kind, grp, county, " FIGURES_STORED
                " FROM report_group_aggregates WHERE n_reported <> 0 "
                "ORDER BY day, kind, grp, county",
                "ttti" FIG_TYPES);
    assert_true(strlen(want) > 0);
    assert_string_equal(have, want);
    free(want);
    free(have);
    want = dump("SELECT r.day, r.county, " FIGURES_GROUP_BY " FROM daily_reports r "
                "WHERE r.is_current = 1 GROUP BY r.day, r.county ORDER BY r.day, r.county",
                "ti" FIG_TYPES);
    have = dump("SELECT day, county, " FIGURES_STORED " FROM report_county_aggregates "
                "WHERE n_reported <> 0 ORDER BY day, county",
                "ti" FIG_TYPES);
    assert_true(strlen(want) > 0);
    assert_string_equal(have, want);
    free(want);
    free(have);
    /* A row all of whose reports moved away is all zeros. */
    char *left = dump("SELECT COUNT(*) FROM report_aggregates WHERE n_reported = 0 AND "
                      "(sum_capacity <> 0 OR sum_staff <> 0 OR n_resumed <> 0 OR n_late <> 0 OR "
                      "p_parts <> 0)",
                      "i");
    assert_string_equal(left, "0|\n");
    free(left);
    want = dump("SELECT region, industry, categories, COUNT(*) FROM enterprises "
                "GROUP BY region, industry, categories ORDER BY region, industry, categories",
                "itii");
    have = dump("SELECT county, division, categories, n FROM enterprise_counts WHERE n <> 0 "
                "ORDER BY county, division, categories",
                "itii");
    assert_string_equal(have, want);
    free(want);
    free(have);
    want = dump("SELECT region, COUNT(*) FROM enterprises GROUP BY region ORDER BY region", "ii");
    have =
        dump("SELECT county, n FROM enterprise_county_counts WHERE n <> 0 ORDER BY county", "ii");
    assert_true(strlen(want) > 0);
    assert_string_equal(have, want);
    free(want);
    free(have);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static fg_report random_report(void)
{
    fg_report r;
    memset(&r, 0, sizeof(r));
    snprintf(r.enterprise, sizeof(r.enterprise), "%s", uscc[rnd(N_ENT)]);
    r.day = fg_date_from_days(fg_date_days(20261120) + rnd(N_DAYS));
    r.status = (fg_status)rnd(3);
    /* Half the figures on the thresholds' edges (30, 80, 90). */
    static const int edges[] = {1, 29, 30, 79, 80, 89, 90, 100};
    r.capacity_pct = r.status == FG_STATUS_STOPPED ? 0 : rnd(2) ? edges[rnd(8)] : 1 + (int)rnd(100);
    r.staff_pct = rnd(2) ? edges[rnd(8)] : (int)rnd(101);
    r.closed_loop = rnd(50);
    r.problems = rnd(64);
    r.source = (fg_report_source)rnd(3);
    return r;
}

static void random_reports_and_corrections_keep_aggregates_exact(void **state)
{
    (void)state;
    fg_err err;
    int64_t now = T0;
    int corrections = 0;
    for (int round = 0; round < 60; round++) {
        now += 7 * H;
        /* Half the reports come in after their due time. */
        fg_tx tx;
        assert_int_equal(fg_tx_begin(&tx, conn(), now, "test", &err), 0);
        fg_tx_log_only(&tx, "store test");
        int rc = 0;
        if (round % 2) {
            fg_report_ingest *g;
            rc = fg_report_ingest_begin(&tx, &g, &err);
            for (int k = 0; rc == 0 && k < 12; k++) {
                fg_report r = random_report();
                fg_report_row w, prev;
                rc = fg_report_ingest_add(g, &r, now + (rnd(2) ? H : -H), &w, &prev, &err);
                if (rc == 0 && prev.version) {
                    corrections++;
                    assert_int_equal(w.version, prev.version + 1);
                    assert_int_equal(w.late, prev.late); /* a correction keeps it */
                }
            }
            rc = fg_report_ingest_end(g, rc, &err);
        } else {
            fg_report r = random_report();
            fg_report_row w, prev;
            rc = fg_store_report_put(&tx, &r, now + (rnd(2) ? H : -H), &w, &prev, &err);
            corrections += prev.version != 0;
        }
        if (rc)
            fail_msg("round %d: %s", round, err.msg);
        assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
        if (round == 30) {
            /* Enterprise 3 moves from 330106 to 330102 and changes division:
             * its earlier reports stay where they were counted, its next
             * ones count in the new county; the counts follow. */
            fg_enterprise e;
            fg_enterprise_meta m;
            assert_int_equal(fg_store_enterprise_get(conn(), uscc[3], now, &e, &m, &err), 0);
            e.region = 330102;
            memcpy(e.industry, "27", 3);
            assert_int_equal(
                fg_store_enterprise_update(conn(), &e, m.version, now, "test", NULL, &err), 0);
            assert_aggregates_equal_group_by();
        }
    }
    assert_true(corrections > 10);
    assert_aggregates_equal_group_by();
    /* One batch rolled back leaves the aggregates as they were. */
    char *before = dump("SELECT day, county, division, categories, " FIGURES_STORED
                        " FROM report_aggregates ORDER BY day, county, division, categories",
                        "titi" FIG_TYPES);
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), now, "test", &err), 0);
    fg_report_ingest *g;
    assert_int_equal(fg_report_ingest_begin(&tx, &g, &err), 0);
    fg_report r = random_report();
    assert_int_equal(fg_report_ingest_add(g, &r, now, NULL, NULL, &err), 0);
    snprintf(r.enterprise, sizeof(r.enterprise), "91330106MA2NOPE00X");
    int rc = fg_report_ingest_add(g, &r, now, NULL, NULL, &err);
    assert_int_equal(rc, FG_ENOTFOUND);
    assert_int_equal(fg_tx_end(&tx, fg_report_ingest_end(g, rc, &err), &err), FG_ENOTFOUND);
    char *after = dump("SELECT day, county, division, categories, " FIGURES_STORED
                       " FROM report_aggregates ORDER BY day, county, division, categories",
                       "titi" FIG_TYPES);
    assert_string_equal(after, before);
    free(before);
    free(after);
    assert_aggregates_equal_group_by();
}

static void versions_prefill_history_and_missing(void **state)
{
    (void)state;
    fg_err err;
    int64_t now = T0 + 2000 * H;
    fg_report r;
    memset(&r, 0, sizeof(r));
    snprintf(r.enterprise, sizeof(r.enterprise), "%s", uscc[7]);
    r.day = 20261201;
    r.status = FG_STATUS_LIMITED;
    r.capacity_pct = 40;
    r.staff_pct = 50;
    for (int v = 1; v <= 3; v++) {
        fg_tx tx;
        assert_int_equal(fg_tx_begin(&tx, conn(), now + v, "test", &err), 0);
        fg_tx_log_only(&tx, "store test");
        r.capacity_pct = 40 + v;
        fg_report_row w, prev;
        int rc = fg_store_report_put(&tx, &r, now + 10 * H, &w, &prev, &err);
        assert_int_equal(fg_tx_end(&tx, rc, &err), 0);
        assert_int_equal(w.version, v);
        assert_int_equal(prev.version, v - 1);
    }
    fg_report_row *rows;
    size_t n;
    assert_int_equal(fg_store_report_versions(conn(), uscc[7], 20261201, &rows, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_false(rows[0].current);
    assert_true(rows[2].current);
    assert_int_equal(rows[2].r.capacity_pct, 43);
    free(rows);
    fg_report_row cur;
    assert_int_equal(fg_store_report_current(conn(), uscc[7], 20261201, &cur, &err), 0);
    assert_int_equal(cur.version, 3);
    assert_false(cur.late);
    assert_int_equal(fg_store_report_before(conn(), uscc[7], 20261203, &cur, &err), 0);
    assert_int_equal(cur.r.day, 20261201);
    assert_int_equal(fg_store_report_before(conn(), uscc[7], 20261201, &cur, &err) == 0 &&
                         cur.r.day >= 20261201,
                     0);
    assert_int_equal(
        fg_store_report_history(conn(), uscc[7], 20261101, 20261231, 100, &rows, &n, &err), 0);
    assert_true(n >= 1);
    assert_int_equal(rows[0].r.day, 20261201); /* newest first */
    for (size_t i = 0; i < n; i++)
        assert_true(rows[i].current);
    free(rows);
    /* Missing on 2026-12-01 in 330100: every Hangzhou enterprise but 7. */
    json_t *items, *by;
    int64_t total;
    assert_int_equal(
        fg_store_reports_missing(conn(), 330100, 330199, 20261201, 5, 0, &items, &total, &err), 0);
    int hangzhou = 0;
    for (int i = 0; i < N_ENT; i++)
        hangzhou += COUNTIES[i % 3] != 320505 || i == 3; /* 3 moved inside Hangzhou */
    assert_int_equal(total, hangzhou - 1);
    assert_int_equal(json_array_size(items), 5);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        assert_string_not_equal(json_string_value(json_object_get(it, "uscc")), uscc[7]);
        assert_true(json_is_array(json_object_get(it, "contacts")));
    }
    json_decref(items);
    assert_int_equal(
        fg_store_reports_missing_by_county(conn(), 330100, 330199, 20261201, &by, &err), 0);
    int64_t sum = 0, ents = 0;
    json_array_foreach(by, i, it)
    {
        sum += json_integer_value(json_object_get(it, "missing"));
        ents += json_integer_value(json_object_get(it, "enterprises"));
    }
    assert_int_equal(sum, total);
    assert_int_equal(ents, hangzhou);
    json_decref(by);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_reports_and_corrections_keep_aggregates_exact),
        cmocka_unit_test(versions_prefill_history_and_missing),
    };
    return cmocka_run_group_tests_name("daily report store contract", tests, setup, teardown);
}
