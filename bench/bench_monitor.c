/* The national trend by province (issue 13, part "monitor"): N enterprises
 * spread over every county, D days of their reports written through the
 * daily reports' store ingest (so the aggregates are the real incremental
 * ones, corrections included: 1 % of each day's reports are corrected in the
 * same ingest), then the 30-day national trend by province read from the
 * aggregates (fg_store_monitor_sums) beside the plain GROUP BY over the
 * current report versions (fg_store_monitor_sums_plain), in the same run on
 * the same database. The two must give the same numbers, row for row; the
 * program fails if they differ.
 * Usage: bench_monitor DB N D   (DB: a database with the regions imported
 * and no enterprises; prints "reports ingest_seconds agg_seconds
 * plain_seconds rows") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/date.h"
#include "core/report.h"
#include "core/uscc.h"
#include "store/reports.h"
#include "store/store.h"
#include "sys/clock.h"

static int die(const char *what, const fg_err *err)
{
    return fg_bench_fail("bench_monitor", what, err);
}

typedef struct counties {
    int32_t *codes;
    size_t n, cap;
} counties;

static void county_cb(int32_t code, void *ctx)
{
    counties *c = ctx;
    if (code % 100 == 0)
        return; /* provinces and cities */
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 4096;
        int32_t *p = realloc(c->codes, ncap * sizeof(*p));
        if (!p)
            return;
        c->codes = p;
        c->cap = ncap;
    }
    c->codes[c->n++] = code;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Manufacturing, utilities, construction, trade, transport, services. */
static const char *const divisions[] = {"13", "14", "17", "18", "22", "26", "27", "29", "30",
                                        "31", "33", "34", "35", "36", "38", "39", "44", "47",
                                        "51", "52", "54", "58", "60", "64", "66", "72"};
#define NDIV (sizeof(divisions) / sizeof(divisions[0]))

static void make_uscc(long serial, int32_t county, char out[FG_USCC_LEN + 1])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    snprintf(out, FG_USCC_LEN + 1, "91%06d", (int)county);
    for (int i = 16; i >= 8; i--, serial /= 31)
        out[i] = alphabet[serial % 31];
    out[17] = fg_uscc_check_char(out);
    out[18] = '\0';
}

/* A plausible report: enterprise k on day index d of D (recovering over the
 * days), drawn from rng. */
static void make_report(fg_report *r, const char *uscc, int32_t day, int d, int days, uint64_t *rng)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->enterprise, uscc, sizeof(r->enterprise));
    r->day = day;
    r->source = FG_REPORT_BATCH;
    uint64_t x = rng_next(rng);
    int open_pct = 40 + 55 * (d + 1) / (days ? days : 1); /* the share working */
    int roll = (int)(x % 100);
    if (roll >= open_pct) {
        r->status = FG_STATUS_STOPPED;
        r->capacity_pct = 0;
        r->staff_pct = (int)((x >> 8) % 30);
    } else {
        r->status = roll % 3 == 0 ? FG_STATUS_LIMITED : FG_STATUS_OPERATING;
        r->capacity_pct = 5 + (int)((x >> 8) % 95); /* 5..99 */
        r->staff_pct = 10 + (int)((x >> 16) % 91);  /* 10..100 */
    }
    r->closed_loop = (int64_t)((x >> 24) % 50);
    r->problems = (unsigned)((x >> 32) % 64) & ((x >> 40) % 4 == 0 ? FG_PROBLEM_ALL : 0);
}

static int cmp_row(const void *a, const void *b)
{
    const fg_monitor_row *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Whether both give the same rows with the same sums (rows whose sums are
 * all zero, left by reports that moved away, do not count). */
static bool same(fg_monitor_rows *a, fg_monitor_rows *b, long *out_rows)
{
    fg_monitor_rows *both[2] = {a, b};
    for (int w = 0; w < 2; w++) {
        size_t k = 0;
        for (size_t i = 0; i < both[w]->n; i++)
            if (both[w]->items[i].s.reported != 0)
                both[w]->items[k++] = both[w]->items[i];
        both[w]->n = k;
        qsort(both[w]->items, k, sizeof(fg_monitor_row), cmp_row);
    }
    *out_rows = (long)a->n;
    if (a->n != b->n) {
        fprintf(stderr, "bench_monitor: %zu rows from the aggregates, %zu from the reports\n", a->n,
                b->n);
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        const fg_monitor_row *x = &a->items[i], *y = &b->items[i];
        if (x->day != y->day || strcmp(x->key, y->key) != 0 ||
            memcmp(&x->s, &y->s, sizeof(x->s)) != 0) {
            fprintf(stderr,
                    "bench_monitor: day %d province %s differs: reported %lld/%lld resumed "
                    "%lld/%lld staff %lld/%lld capacity %lld/%lld\n",
                    (int)x->day, x->key, (long long)x->s.reported, (long long)y->s.reported,
                    (long long)x->s.resumed, (long long)y->s.resumed, (long long)x->s.staff_pct_sum,
                    (long long)y->s.staff_pct_sum, (long long)x->s.capacity_pct_sum,
                    (long long)y->s.capacity_pct_sum);
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_monitor DB N D\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    int days = (int)strtol(argv[3], NULL, 10);
    if (n < 1 || days < 1 || days > 92) {
        fprintf(stderr, "bench_monitor: N >= 1 and 1 <= D <= 92\n");
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err))
        return die("open", &err);
    counties c = {0};
    if (fg_store_region_codes(db, county_cb, &c, &err) || c.n == 0) {
        fprintf(stderr, "bench_monitor: import the regions first (fugong import regions)\n");
        return 1;
    }
    int64_t now = fg_clock_now_ms();
    uint64_t rng = 0x9E3779B97F4A7C15ull;

    /* The enterprises, through the importer (which keeps the enterprise counts). */
    char(*usccs)[FG_USCC_LEN + 1] = malloc((size_t)n * sizeof(*usccs));
    if (!usccs)
        return 1;
    fg_import imp;
    if (fg_import_begin(db, &imp, now, "bench", &err))
        return die("import", &err);
    for (long i = 0; i < n; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        int32_t county = c.codes[(size_t)rng_next(&rng) % c.n];
        make_uscc(i, county, e.uscc);
        memcpy(usccs[i], e.uscc, sizeof(usccs[i]));
        e.region = county;
        memcpy(e.industry, divisions[rng_next(&rng) % NDIV], 3);
        snprintf(e.name, sizeof(e.name), "基准测试企业%ld", i);
        e.headcount = 50;
        e.capacity = 1000;
        uint64_t x = rng_next(&rng);
        e.categories = (x % 4 == 0 ? FG_CAT_KEY_INDUSTRIAL : 0) |
                       ((x >> 8) % 5 == 0 ? FG_CAT_LIVELIHOOD_SUPPLY : 0);
        if (fg_import_add(&imp, &e, &err)) {
            fg_import_abort(&imp);
            return die("import", &err);
        }
    }
    if (fg_import_commit(&imp, &err))
        return die("import commit", &err);

    /* D days of reports ending yesterday, one transaction a day, 1 % corrected. */
    fg_report_limits lim;
    fg_report_limits_default(&lim);
    int32_t today = fg_clock_date(now);
    int32_t first = fg_date_from_days(fg_date_days(today) - days);
    int32_t last = fg_date_from_days(fg_date_days(today) - 1);
    long reports = 0;
    double t0 = fg_bench_now();
    for (int d = 0; d < days; d++) {
        int32_t day = fg_date_from_days(fg_date_days(first) + d);
        int64_t due = fg_report_due_ms(day, 8 * 60, &lim);
        fg_tx tx;
        fg_report_ingest *ing;
        int rc = fg_tx_begin(&tx, db, now, "bench", &err);
        if (rc == 0)
            rc = fg_report_ingest_begin(&tx, &ing, &err);
        if (rc)
            return die("ingest", &err);
        db->ops->bulk(db, true);
        for (long i = 0; i < n && rc == 0; i++) {
            fg_report r;
            make_report(&r, usccs[i], day, d, days, &rng);
            rc = fg_report_ingest_add(ing, &r, due, NULL, NULL, &err);
            reports++;
        }
        for (long i = 0; i < n / 100 && rc == 0; i++) { /* corrections */
            fg_report r;
            make_report(&r, usccs[(size_t)rng_next(&rng) % (size_t)n], day, d, days, &rng);
            rc = fg_report_ingest_add(ing, &r, due, NULL, NULL, &err);
            reports++;
        }
        rc = fg_report_ingest_end(ing, rc, &err);
        if (rc == 0)
            rc = fg_tx_audit(&tx, "report.batch", "daily_report", "bench", 0, NULL, &err);
        rc = fg_tx_end(&tx, rc, &err);
        db->ops->bulk(db, false);
        if (rc)
            return die("ingest", &err);
    }
    double t_ingest = fg_bench_now() - t0;

    /* The national trend by province: from the aggregates (best of 3, with
     * the denominators), then the plain GROUP BY over the reports. */
    fg_monitor_rows agg = {0}, plain = {0}, counts = {0};
    double t_agg = 1e9;
    for (int k = 0; k < 3; k++) {
        fg_monitor_rows_release(&agg);
        fg_monitor_rows_release(&counts);
        double s = fg_bench_now();
        if (fg_store_monitor_sums(db, 0, first, last, FG_MONITOR_BY_CHILD, &agg, &err) ||
            fg_store_monitor_counts(db, 0, FG_MONITOR_BY_CHILD, &counts, &err))
            return die("aggregates", &err);
        double e = fg_bench_now() - s;
        if (e < t_agg)
            t_agg = e;
    }
    double s = fg_bench_now();
    if (fg_store_monitor_sums_plain(db, 0, first, last, &plain, &err))
        return die("plain GROUP BY", &err);
    double t_plain = fg_bench_now() - s;
    long rows;
    if (!same(&agg, &plain, &rows)) {
        fprintf(stderr, "bench_monitor: the aggregates and the plain GROUP BY differ\n");
        return 1;
    }
    int64_t registered = 0;
    for (size_t i = 0; i < counts.n; i++)
        registered += counts.items[i].s.enterprises;
    if (registered != n) {
        fprintf(stderr, "bench_monitor: %lld enterprises counted, %ld registered\n",
                (long long)registered, n);
        return 1;
    }
    printf("%ld %.3f %.6f %.6f %ld\n", reports, t_ingest, t_agg, t_plain, rows);
    fg_monitor_rows_release(&agg);
    fg_monitor_rows_release(&plain);
    fg_monitor_rows_release(&counts);
    free(usccs);
    free(c.codes);
    fg_store_free(store);
    return 0;
}
