/* Transfer-station bookings (issue 14, part "stations"): prepares what the
 * HTTP benchmark of scripts/bench.sh books with — `rounds` stations in 南湖区
 * (120 trucks an hour for each mode, around the clock, no cut-off), each with
 * `n` passes of the demo operator issued through app/ (apply, serial,
 * signature, record, audit) whose route reaches it. Prints one line per
 * round: the station's id, the first pass number and how many follow it
 * (consecutive numbers). SQLite only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "bench.h"
#include "sys/clock.h"
#include "sys/keyring.h"

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_bookings DB KEYS_DIR PASSES_PER_ROUND ROUNDS\n");
        return 2;
    }
    long n = strtol(argv[3], NULL, 10), rounds = strtol(argv[4], NULL, 10);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    fg_app app;
    static fg_keyring ring;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err) ||
        fg_app_init(&app, NULL, &err) || fg_keyring_load(argv[2], &ring, &err))
        return fg_bench_fail("bench_bookings", "open", &err);
    app.keys = &ring;
    /* Preparing, not measured: no fsync per transaction here (the server
     * that is measured opens the database with its defaults). */
    if (db->ops->exec(db, "PRAGMA synchronous=OFF", &err))
        return fg_bench_fail("bench_bookings", "pragma", &err);
    int64_t now = fg_clock_now_ms();
    fg_principal province = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    fg_who jm = {"bench", FG_ROLE_JOINT_MECHANISM, &province};
    const char *ents[1] = {"91330106MA27XK001E"};
    const int32_t regions[1] = {330106};
    fg_principal op_p = {FG_ROLE_TRANSPORT_OPERATOR, -1, ents, regions, 1, false};
    fg_who op = {"bench", FG_ROLE_TRANSPORT_OPERATOR, &op_p};
    for (long k = 0; k < rounds; k++) {
        fg_station s;
        memset(&s, 0, sizeof(s));
        snprintf(s.name, sizeof(s.name), "基准测试中转站%ld-%lld", k + 1, (long long)(now / 1000));
        fg_strlcpy(s.operator_name, "基准测试", sizeof(s.operator_name));
        fg_strlcpy(s.address, "南湖区", sizeof(s.address));
        s.region = 330402;
        s.lon_e6 = 120780000;
        s.lat_e6 = 30750000;
        s.opens = 0;
        s.closes = 24;
        s.per_hour[FG_STATION_TRAILER_SWAP] = 120;
        s.per_hour[FG_STATION_ON_SITE_TRANSFER] = 120;
        if (fg_app_station_create(&app, db, &jm, &s, now, &err))
            return fg_bench_fail("bench_bookings", "station", &err);
        char first[13] = "";
        for (long i = 0; i < n; i++) {
            fg_pass_claims c;
            memset(&c, 0, sizeof(c));
            c.goods = FG_GOODS_FOOD;
            c.origin = 330106;
            c.destination = 310115;
            c.route[0] = 330402;
            c.n_route = 1;
            snprintf(c.plate, sizeof(c.plate), "浙A%05ld", (k * n + i) % 100000);
            fg_strlcpy(c.applicant, ents[0], sizeof(c.applicant));
            fg_strlcpy(c.crew[0].name, "基准司机", sizeof(c.crew[0].name));
            fg_strlcpy(c.crew[0].id_masked, "330106********0000", sizeof(c.crew[0].id_masked));
            c.n_crew = 1;
            c.nbf = now / 1000 - 3600;
            c.exp = now / 1000 + 8 * 86400;
            char id[37], number[13];
            fg_pass_row row;
            if (fg_app_pass_apply(&app, db, &op, &c, 330000, NULL, now, id, &err) ||
                fg_store_pass_get(db, id, &row, &err))
                return fg_bench_fail("bench_bookings", "apply", &err);
            int rc = fg_app_pass_issue(&app, db, &jm, &row, "", now, number, &err);
            fg_pass_row_release(&row);
            if (rc)
                return fg_bench_fail("bench_bookings", "issue", &err);
            if (i == 0)
                fg_strlcpy(first, number, sizeof(first));
        }
        printf("%s %s %ld\n", s.id, first, n);
    }
    fg_keyring_release(&ring);
    fg_app_release(&app);
    fg_store_free(store);
    return 0;
}
