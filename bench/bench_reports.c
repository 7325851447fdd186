/* Daily reports (issue 13, part "reports"): N reports ingested through the
 * store (fg_report_ingest: the current version looked up, the enterprise's
 * county, division, categories and white-list groups read, the row and its
 * group rows written, the aggregate deltas applied once per batch, the
 * enterprise queued for the policies' re-matching as app/reports.c does), one
 * transaction per day of reports with one audit entry, beside the baseline:
 * plain batched inserts of the same rows into the same table of the same
 * database, the same number of transactions with one audit entry each, no
 * reads and no aggregates. The two alternate day by day (the baseline's days
 * are 60 days earlier, so that neither meets the other's rows).
 * Then checks that the aggregates equal the GROUP BY over the current
 * versions of the ingested days.
 * Usage: bench_reports DB N   (DB: a fresh database file; prints
 * "reports seconds baseline_reports baseline_seconds") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "core/date.h"
#include "store/store.h"
#include "sys/clock.h"

#define DAYS 30
#define COUNTIES 40

static int die(const char *what, const fg_err *err)
{
    return fg_bench_fail("bench_reports", what, err);
}

static const char SQL_PLAIN[] =
    "INSERT INTO daily_reports (id, enterprise, day, version, is_current, status, capacity_pct, "
    "staff_pct, closed_loop, problems, note, source, late, county, division, categories, "
    "reported_by, reported_at) VALUES (?, ?, ?, 1, 1, ?, ?, ?, ?, ?, '', 'batch', 0, ?, ?, ?, "
    "'plain', ?)";

static uint64_t rng = 0x2026120400000001ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void make_report(fg_report *r, const char *uscc, int32_t day)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->enterprise, uscc, sizeof(r->enterprise));
    r->day = day;
    r->status = (fg_status)rnd(3);
    r->capacity_pct = r->status == FG_STATUS_STOPPED ? 0 : 1 + (int)rnd(99);
    r->staff_pct = (int)rnd(101);
    r->closed_loop = rnd(40);
    r->problems = rnd(8) ? 0 : rnd(64);
    r->source = FG_REPORT_BATCH;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_reports DB N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    long per_day = (n + DAYS - 1) / DAYS;
    fg_err err;
    fg_err_init(&err);
    unlink(argv[1]);
    fg_store *store;
    fg_db *db;
    int applied;
    int64_t now = fg_clock_now_ms();
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err) ||
        fg_store_migrate(db, now, &applied, &err))
        return die("open", &err);
    /* A province, a city and its counties. */
    json_t *regions = json_pack("[{s:i,s:s,s:i},{s:i,s:s,s:i}]", "code", 330000, "name", "浙江省",
                                "parent", 0, "code", 330100, "name", "杭州市", "parent", 330000);
    for (int c = 0; c < COUNTIES; c++) {
        char name[32];
        snprintf(name, sizeof(name), "测试县%02d", c);
        json_array_append_new(regions, json_pack("{s:i,s:s,s:i}", "code", 330101 + c, "name", name,
                                                 "parent", 330100));
    }
    int nr;
    if (fg_store_region_import(db, regions, now, "bench", &nr, &err))
        return die("regions", &err);
    json_decref(regions);
    /* per_day enterprises, 2 % of them on one of four white lists. */
    char (*uscc)[FG_USCC_LEN + 1] = calloc((size_t)per_day, sizeof(*uscc));
    fg_import *imp = calloc(1, sizeof(*imp));
    if (!uscc || !imp)
        return 1;
    static const char *divisions[] = {"13", "26", "34", "36", "39", "17"};
    if (fg_import_begin(db, imp, now, "bench", &err))
        return die("import", &err);
    for (long i = 0; i < per_day; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        e.region = 330101 + (int32_t)(i % COUNTIES);
        char first[18];
        snprintf(first, sizeof(first), "91%06dMA%07d", (int)e.region, (int)(i % 10000000));
        snprintf(uscc[i], sizeof(uscc[i]), "%s%c", first, fg_uscc_check_char(first));
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        snprintf(e.name, sizeof(e.name), "日报基准企业%ld", i);
        memcpy(e.industry, divisions[i % 6], 3);
        e.headcount = 100;
        e.capacity = 100;
        e.categories = 1u + (unsigned)(i % 3);
        if (fg_import_add(imp, &e, &err)) {
            fg_import_abort(imp);
            return die("import", &err);
        }
    }
    if (fg_import_commit(imp, &err))
        return die("import", &err);
    static const char *lists[][2] = {{"L1", "automotive"}, {"L2", "energy"}, {"L3", "automotive"},
                                     {"L4", "medical_supplies"}};
    for (int k = 0; k < 4; k++)
        if (fg_db_run(db, &err,
                      "INSERT INTO whitelist_lists (id, chain, tier, region, created_by, "
                      "created_at) VALUES (?, ?, ?, 330000, 'bench', ?)",
                      "ttti", lists[k][0], lists[k][1], k == 2 ? "city" : "provincial", now))
            return die("lists", &err);
    for (long i = 0; i < per_day; i += 50) {
        char id[32];
        snprintf(id, sizeof(id), "A%ld", i);
        if (fg_db_run(db, &err,
                      "INSERT INTO whitelist_applications (id, list_id, enterprise, county, state, "
                      "plan, staff, lodging, testing, stock_days, suppliers, industry_ok, "
                      "health_ok, batch_id, listed_by, listed_on, review_on, reason, applied_by, "
                      "applied_at, updated_at, version) VALUES (?, ?, ?, ?, 'listed', '', 1, 1, 1, "
                      "1, '', 1, 1, NULL, 'bench', 20261101, 20270101, '', 'bench', ?, ?, 1)",
                      "tttdii", id, lists[(i / 50) % 4][0], uscc[i], 330101 + (int)(i % COUNTIES),
                      now, now))
            return die("listings", &err);
    }
    fg_report *batch = calloc((size_t)per_day, sizeof(*batch));
    if (!batch)
        return 1;
    int32_t today = fg_clock_today();
    double t_ours = 0, t_base = 0;
    long ours = 0, base = 0;
    for (int d = 0; d < DAYS; d++) {
        int32_t day = fg_date_from_days(fg_date_days(today) - DAYS + d);
        int32_t plain_day = fg_date_from_days(fg_date_days(day) - 60);
        long count = n - ours < per_day ? n - ours : per_day;
        for (long i = 0; i < count; i++)
            make_report(&batch[i], uscc[i], day);
        int64_t due = (fg_date_days(day) + 1) * 86400000LL + 2 * 3600000LL;
        /* ours: the store's ingest with its aggregates */
        double t0 = fg_bench_now();
        fg_tx tx;
        db->ops->bulk(db, true);
        if (fg_tx_begin(&tx, db, now, "bench", &err))
            return die("begin", &err);
        fg_report_ingest *g;
        int rc = fg_report_ingest_begin(&tx, &g, &err);
        for (long i = 0; rc == 0 && i < count; i++) {
            rc = fg_report_ingest_add(g, &batch[i], due, NULL, NULL, &err);
            /* as app/reports.c: the policies' sweep re-matches the enterprise */
            if (rc == 0)
                rc = fg_store_policy_rematch_enqueue(&tx, batch[i].enterprise, &err);
        }
        rc = fg_report_ingest_end(g, rc, &err);
        if (fg_bench_audit_commit(&tx, rc, "report.batch", "region", "330100", 330100, &err))
            return die("ingest", &err);
        db->ops->bulk(db, false);
        t_ours += fg_bench_now() - t0;
        ours += count;
        /* the baseline: the same rows, plain prepared inserts, same transactions */
        char pd[11];
        fg_date_format(plain_day, pd);
        t0 = fg_bench_now();
        db->ops->bulk(db, true);
        if (fg_tx_begin(&tx, db, now, "bench", &err))
            return die("begin", &err);
        rc = 0;
        for (long i = 0; rc == 0 && i < count; i++) {
            const fg_report *r = &batch[i];
            char id[37];
            fg_clock_uuid(id);
            rc = fg_db_run(db, &err, SQL_PLAIN, "ttttddiddtdi", id, r->enterprise, pd, fg_status_name(r->status), r->capacity_pct,
                           r->staff_pct, r->closed_loop, (int)r->problems,
                           (int)(330101 + (i % COUNTIES)), divisions[i % 6],
                           (int)(1u + (unsigned)(i % 3)), now);
        }
        if (fg_bench_audit_commit(&tx, rc, "report.batch", "region", "330100", 330100, &err))
            return die("baseline", &err);
        db->ops->bulk(db, false);
        t_base += fg_bench_now() - t0;
        base += count;
    }
    /* The aggregates of the ingested days equal the plain GROUP BY. */
    fg_stmt *st;
    static const char check[] =
        "SELECT COUNT(*) FROM (SELECT day, county, division, categories, COUNT(*) AS n, "
        "SUM(capacity_pct) AS c FROM daily_reports WHERE is_current = 1 AND reported_by <> "
        "'plain' GROUP BY day, county, division, categories) g LEFT JOIN report_aggregates a "
        "ON a.day = g.day AND a.county = g.county AND a.division = g.division AND "
        "a.categories = g.categories WHERE a.n_reported IS NULL OR a.n_reported <> g.n OR "
        "a.sum_capacity <> g.c";
    if (fg_db_row(db, &st, &err, check, "") != 1)
        return die("check", &err);
    int64_t wrong = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if (wrong) {
        fprintf(stderr, "bench_reports: %lld aggregate rows differ from the GROUP BY\n",
                (long long)wrong);
        return 1;
    }
    printf("%ld %.3f %ld %.3f\n", ours, t_ours, base, t_base);
    free(batch);
    free(uscc);
    free(imp);
    fg_store_free(store);
    return 0;
}
