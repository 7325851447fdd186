/* The transfer stations store (issue 14, part "stations"), on either driver
 * (FG_TEST_DB): a station created, read, changed with a stale version
 * refused; bookings raced by threads on their own connections for a slot of
 * N places (exactly N succeed), a pass's double booking refused, a
 * cancellation giving its place back, arrival, handover legs paired, the
 * second handover refused, departure, the queue ahead, the no-show sweep,
 * and an audit entry for each write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself. */
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1796428800000LL; /* 2026-12-05 08:00 in Shanghai */
#define H (3600LL * 1000)
#define MIN (60LL * 1000)

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    if (fg_test_store_open("stations", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(conn(), T0, (const int32_t[]){330000, 330400, 330402, 0});
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

static fg_station station;

static void make_station(void)
{
    memset(&station, 0, sizeof(station));
    fg_strlcpy(station.name, "嘉兴南湖中转站", sizeof(station.name));
    fg_strlcpy(station.operator_name, "嘉兴港务物流", sizeof(station.operator_name));
    fg_strlcpy(station.address, "南湖区亚中路 1 号", sizeof(station.address));
    station.region = 330402;
    station.lon_e6 = 120755000;
    station.lat_e6 = 30747000;
    station.opens = 6;
    station.closes = 22;
    station.per_hour[FG_STATION_TRAILER_SWAP] = 3;
    station.per_hour[FG_STATION_ON_SITE_TRANSFER] = 4;
    station.cutoff_min = 30;
}

static int64_t audit_count(const char *action)
{
    fg_stmt *st;
    fg_err err;
    int rc = fg_db_row(conn(), &st, &err, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "t",
                       action);
    assert_int_equal(rc, 1);
    int64_t n = fg_db_int(conn(), st, 0);
    fg_db_done(conn(), st);
    return n;
}

static void a_station_is_created_read_and_changed(void **state)
{
    (void)state;
    fg_err err;
    make_station();
    assert_int_equal(fg_store_station_create(conn(), &station, T0, "joint.test", &err), 0);
    fg_station again = station;
    assert_int_equal(fg_store_station_create(conn(), &again, T0, "joint.test", &err), FG_EEXIST);
    assert_string_equal(err.key, "station.name_taken");
    fg_station got;
    assert_int_equal(fg_store_station_get(conn(), station.id, &got, &err), 0);
    assert_string_equal(got.name, station.name);
    assert_int_equal(got.per_hour[FG_STATION_ON_SITE_TRANSFER], 4);
    assert_int_equal(got.version, 1);
    got.state = FG_STATION_FULL;
    assert_int_equal(fg_store_station_update(conn(), &got, T0 + 1, "joint.test", &err), 0);
    /* the same version again is stale */
    assert_int_equal(fg_store_station_update(conn(), &got, T0 + 2, "joint.test", &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "station.changed");
    assert_int_equal(fg_store_station_get(conn(), station.id, &got, &err), 0);
    assert_int_equal(got.state, FG_STATION_FULL);
    assert_int_equal(got.version, 2);
    got.state = FG_STATION_OPEN;
    assert_int_equal(fg_store_station_update(conn(), &got, T0 + 3, "joint.test", &err), 0);
    fg_station *list;
    size_t n;
    assert_int_equal(fg_store_stations_list(conn(), 330000, 339999, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    free(list);
    assert_int_equal(fg_store_stations_list(conn(), 320000, 329999, &list, &n, &err), 0);
    assert_int_equal(n, 0);
    free(list);
    assert_true(audit_count("station.create") == 1);
    assert_true(audit_count("station.update") == 2);
}

static fg_booking_row booking_for(int serial, int64_t slot)
{
    fg_booking_row b;
    memset(&b, 0, sizeof(b));
    fg_strlcpy(b.station, station.id, sizeof(b.station));
    b.region = station.region;
    b.mode = FG_STATION_TRAILER_SWAP;
    b.starts_at = slot;
    snprintf(b.pass_number, sizeof(b.pass_number), "330000%06u", (unsigned)serial % 1000000u);
    snprintf(b.plate, sizeof(b.plate), "浙A%05u", (unsigned)serial % 100000u);
    snprintf(b.applicant, sizeof(b.applicant), "%s", "91330106MA27XK001E");
    b.origin = 330106;
    return b;
}

#define RACERS 12
static int race_rc[RACERS];

static void *racer(void *arg)
{
    int i = (int)(intptr_t)arg;
    fg_db *db;
    fg_err err;
    if (fg_store_conn(store, &db, &err)) {
        race_rc[i] = -100;
        return NULL;
    }
    fg_booking_row b = booking_for(100 + i, T0 + 2 * H);
    race_rc[i] = fg_store_booking_add(db, &b, station.per_hour[b.mode], T0, "operator.test", &err);
    return NULL;
}

static void exactly_n_bookings_of_a_slot_succeed_whatever_the_race(void **state)
{
    (void)state;
    pthread_t t[RACERS];
    for (int i = 0; i < RACERS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, racer, (void *)(intptr_t)i), 0);
    for (int i = 0; i < RACERS; i++)
        pthread_join(t[i], NULL);
    int ok = 0, full = 0;
    for (int i = 0; i < RACERS; i++) {
        ok += race_rc[i] == 0;
        full += race_rc[i] == FG_ECONFLICT;
    }
    assert_int_equal(ok, 3);
    assert_int_equal(full, RACERS - 3);
    fg_station_fill *fill;
    size_t n;
    fg_err err;
    assert_int_equal(fg_store_station_fill(conn(), station.id, FG_STATION_TRAILER_SWAP, T0,
                                           T0 + 24 * H, &fill, &n, &err),
                     0);
    assert_int_equal(n, 1);
    assert_true(fill[0].starts_at == T0 + 2 * H);
    assert_int_equal(fill[0].booked, 3);
    free(fill);
    assert_true(audit_count("booking.add") == 3);
}

static void double_booking_cancel_arrival_handover_departure(void **state)
{
    (void)state;
    fg_err err;
    fg_booking_row b = booking_for(1, T0 + 3 * H);
    assert_int_equal(fg_store_booking_add(conn(), &b, 3, T0, "operator.test", &err), 0);
    /* the same pass again, another slot: refused, and the slot keeps its place */
    fg_booking_row twice = booking_for(1, T0 + 4 * H);
    assert_int_equal(fg_store_booking_add(conn(), &twice, 3, T0, "operator.test", &err), FG_EEXIST);
    assert_string_equal(err.key, "station.double_booking");
    fg_station_fill *fill;
    size_t n;
    assert_int_equal(fg_store_station_fill(conn(), station.id, FG_STATION_TRAILER_SWAP, T0 + 4 * H,
                                           T0 + 5 * H, &fill, &n, &err),
                     0);
    assert_true(n == 0 || fill[0].booked == 0);
    free(fill);
    /* cancel gives the place back; then the pass may book again */
    fg_booking_row got;
    assert_int_equal(fg_store_booking_get(conn(), b.id, &got, &err), 0);
    assert_int_equal(fg_store_booking_cancel(conn(), &got, T0 + MIN, "operator.test", &err), 0);
    assert_int_equal(fg_store_booking_cancel(conn(), &got, T0 + MIN, "operator.test", &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_store_station_fill(conn(), station.id, FG_STATION_TRAILER_SWAP, T0 + 3 * H,
                                           T0 + 4 * H, &fill, &n, &err),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(fill[0].booked, 0);
    free(fill);
    assert_int_equal(fg_store_booking_add(conn(), &twice, 3, T0 + 2 * MIN, "operator.test", &err),
                     0);
    assert_int_equal(fg_store_booking_live(conn(), twice.pass_number, &got, &err), 0);
    assert_string_equal(got.id, twice.id);

    /* the queue: before arrival, the three raced bookings of an earlier slot
     * are ahead */
    size_t ahead;
    assert_int_equal(fg_store_booking_ahead(conn(), &got, T0 + H, &ahead, &err), 0);
    assert_int_equal(ahead, 3);

    int64_t arr = T0 + 4 * H - 5 * MIN;
    assert_int_equal(fg_store_booking_arrive(conn(), &got, true, arr, "gate.test", &err), 0);
    assert_int_equal(fg_store_booking_get(conn(), twice.id, &got, &err), 0);
    assert_string_equal(got.state, "arrived");
    assert_true(got.test_expired);
    assert_true(got.arrived_at == arr);

    fg_handover_leg legs[2];
    memset(legs, 0, sizeof(legs));
    legs[0].leg = FG_LEG_INBOUND;
    fg_strlcpy(legs[0].trailer, "浙A1234挂", sizeof(legs[0].trailer));
    fg_strlcpy(legs[0].seal, "S-1", sizeof(legs[0].seal));
    legs[1].leg = FG_LEG_OUTBOUND;
    fg_strlcpy(legs[1].trailer, "沪B5678挂", sizeof(legs[1].trailer));
    fg_strlcpy(legs[1].seal, "S-2", sizeof(legs[1].seal));
    for (int i = 0; i < 2; i++) {
        fg_strlcpy(legs[i].handed_by, "司机", sizeof(legs[i].handed_by));
        fg_strlcpy(legs[i].handed_to, "站内调度", sizeof(legs[i].handed_to));
        legs[i].at = arr + (i + 1) * 10 * MIN;
    }
    assert_int_equal(
        fg_store_booking_handover(conn(), &got, legs, 2, true, arr + 25 * MIN, "gate.test", &err),
        0);
    assert_int_equal(
        fg_store_booking_handover(conn(), &got, legs, 2, true, arr + 26 * MIN, "gate.test", &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "station.handover_done");
    int nlegs;
    assert_int_equal(fg_store_booking_legs(conn(), got.id, &nlegs, &err), 0);
    assert_int_equal(nlegs, 2);
    json_t *hj;
    assert_int_equal(fg_store_booking_handovers(conn(), got.id, &hj, &err), 0);
    assert_int_equal(json_array_size(hj), 2);
    /* the two legs of the swap name each other */
    const char *id0 = json_string_value(json_object_get(json_array_get(hj, 0), "id"));
    const char *pair1 = json_string_value(json_object_get(json_array_get(hj, 1), "pair"));
    assert_non_null(pair1);
    assert_string_equal(id0, pair1);
    json_decref(hj);

    assert_int_equal(fg_store_booking_get(conn(), twice.id, &got, &err), 0);
    assert_true(got.contactless);
    assert_int_equal(fg_store_booking_depart(conn(), &got, arr + 40 * MIN, "gate.test", &err), 0);
    assert_int_equal(fg_store_booking_get(conn(), twice.id, &got, &err), 0);
    assert_string_equal(got.state, "departed");
    json_t *j = fg_booking_row_json(&got, arr + 90 * MIN);
    assert_int_equal(json_integer_value(json_object_get(j, "detention_minutes")), 40);
    json_decref(j);
    assert_int_equal(fg_store_booking_live(conn(), twice.pass_number, &got, &err), FG_ENOTFOUND);
    assert_true(audit_count("booking.handover") == 1);
    assert_true(audit_count("booking.depart") == 1);
}

static void the_sweep_marks_no_shows(void **state)
{
    (void)state;
    fg_err err;
    size_t n;
    /* the raced slot (10:00) ends at 11:00; a no-show after 11:30 */
    int64_t now = T0 + 3 * H + 31 * MIN;
    assert_int_equal(fg_store_bookings_no_show(conn(), now - H - 30 * MIN, now, "system", &n, &err),
                     0);
    assert_int_equal(n, 3);
    assert_int_equal(fg_store_bookings_no_show(conn(), now - H - 30 * MIN, now, "system", &n, &err),
                     0);
    assert_int_equal(n, 0);
    fg_booking_row *list;
    size_t nl;
    fg_booking_filter f = {station.id, NULL, NULL, T0, T0 + 24 * H, 100};
    assert_int_equal(fg_store_bookings_list(conn(), &f, &list, &nl, &err), 0);
    int no_show = 0;
    for (size_t i = 0; i < nl; i++)
        no_show += strcmp(list[i].state, "no_show") == 0;
    assert_int_equal(no_show, 3);
    free(list);
    assert_true(audit_count("booking.no_show") == 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_station_is_created_read_and_changed),
        cmocka_unit_test(exactly_n_bookings_of_a_slot_succeed_whatever_the_race),
        cmocka_unit_test(double_booking_cancel_arrival_handover_departure),
        cmocka_unit_test(the_sweep_marks_no_shows),
    };
    return cmocka_run_group_tests_name("stations store contract", tests, setup, teardown);
}
