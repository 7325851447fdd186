/* Guidance answers per second in-process, over every enterprise of a
 * database (the demo's), computed through app/ as the API computes them for
 * GET /enterprises/{uscc}/guidance (one read transaction each: the table's
 * version, the county's designations, the rule, the route, the JSON), beside
 * the baseline of reading the same enterprises one by one from SQLite.
 * Usage: bench_guidance DB */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "store/store.h"
#include "sys/clock.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_guidance DB\n");
        return 2;
    }
    fg_err err;
    fg_store *store;
    fg_db *db;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err)) {
        fprintf(stderr, "bench_guidance: %s\n", err.msg);
        return 1;
    }
    fg_enterprise_filter f = {0, 999999, "", 0, -1, "", NULL, 0, 1000000, 0, 0, false, FG_STATUS_OPERATING};
    fg_enterprise_page page;
    fg_risk_designation *d;
    size_t nd;
    fg_app app;
    if (fg_store_enterprise_list(db, &f, &page, &err) || fg_store_risk_all(db, &d, &nd, &err) ||
        fg_app_init(&app, NULL, &err)) {
        fprintf(stderr, "bench_guidance: %s\n", err.msg);
        return 1;
    }
    int32_t today = 20261126;
    size_t rounds = 2, decisions = 0;
    unsigned long checksum = 0;
    double t0 = now();
    for (size_t r = 0; r < rounds; r++) {
        for (size_t i = 0; i < page.n; i++) {
            json_t *answer;
            if (fg_db_begin(db, false, &err) ||
                fg_app_guidance_answer(&app, db, &page.items[i], &page.meta[i], today, &answer,
                                       &err)) {
                fprintf(stderr, "bench_guidance: %s\n", err.msg);
                return 1;
            }
            fg_db_rollback(db);
            checksum += json_object_size(answer);
            json_decref(answer);
            decisions++;
        }
    }
    double dt_decide = now() - t0;
    /* Baseline: point lookups of the same enterprises. */
    size_t lookups = 0;
    t0 = now();
    for (size_t i = 0; i < page.n; i++) {
        fg_enterprise e;
        fg_enterprise_meta m;
        if (fg_store_enterprise_get(db, page.items[i].uscc, fg_clock_now_ms(), &e, &m, &err) == 0)
            checksum += (unsigned long)e.headcount;
        lookups++;
    }
    double dt_lookup = now() - t0;
    printf("%zu %.6f %zu %.6f %zu %lu\n", decisions, dt_decide, lookups, dt_lookup, nd, checksum);
    free(d);
    fg_app_release(&app);
    fg_enterprise_page_release(&page);
    fg_store_free(store);
    return 0;
}
