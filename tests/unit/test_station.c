/* Transfer stations: slots in the deployment's zone, capacity and the next
 * free slot, the booking and cancellation cut-off with an injected clock, the
 * route that reaches the station, the closed loop, handover rules, detention
 * and the day's figures, the crew's lapsed test. */
#include "test.h"

#include "core/station.h"
#include "util/buf.h"

#define MIN (60LL * 1000)
#define H (3600LL * 1000)
#define CST (8 * 3600) /* Asia/Shanghai */

static fg_station station(void)
{
    fg_station s;
    memset(&s, 0, sizeof(s));
    fg_strlcpy(s.name, "嘉兴南湖中转站", sizeof(s.name));
    fg_strlcpy(s.operator_name, "嘉兴港务物流", sizeof(s.operator_name));
    s.region = 330402;
    s.lon_e6 = 120755000;
    s.lat_e6 = 30747000;
    s.opens = 6;
    s.closes = 22;
    s.per_hour[FG_STATION_TRAILER_SWAP] = 2;
    s.per_hour[FG_STATION_ON_SITE_TRANSFER] = 4;
    s.cutoff_min = 30;
    s.state = FG_STATION_OPEN;
    return s;
}

/* 2026-12-05 08:00 in Shanghai is 00:00 UTC. */
static const int64_t EIGHT = 1796428800000LL;

static void slot_arithmetic_in_the_zone(void **state)
{
    (void)state;
    assert_true(fg_station_slot_at(20261205, 8, CST) == EIGHT);
    assert_true(fg_station_slot_at(20261205, 0, CST) == EIGHT - 8 * H);
    int32_t d;
    int h;
    fg_station_slot_local(EIGHT + 59 * MIN, CST, &d, &h);
    assert_int_equal(d, 20261205);
    assert_int_equal(h, 8);
    /* 23:30 UTC on the 4th is 07:30 on the 5th in Shanghai */
    fg_station_slot_local(EIGHT - 30 * MIN, CST, &d, &h);
    assert_int_equal(d, 20261205);
    assert_int_equal(h, 7);
    fg_station_slot_local(EIGHT - 9 * H, CST, &d, &h);
    assert_int_equal(d, 20261204);
    assert_int_equal(h, 23);
}

static void station_fields_checked(void **state)
{
    (void)state;
    fg_err err;
    fg_station s = station();
    assert_int_equal(fg_station_check(&s, &err), 0);
    s.region = 330400;
    assert_int_equal(fg_station_check(&s, &err), FG_EINVAL);
    assert_string_equal(err.key, "station.county");
    s = station();
    s.opens = 22;
    assert_int_equal(fg_station_check(&s, &err), FG_EINVAL);
    assert_string_equal(err.key, "station.hours");
    s = station();
    s.per_hour[0] = s.per_hour[1] = 0;
    assert_int_equal(fg_station_check(&s, &err), FG_EINVAL);
    assert_string_equal(err.key, "station.no_capacity");
    s = station();
    s.per_hour[1] = FG_STATION_MAX_PER_HOUR + 1;
    assert_int_equal(fg_station_check(&s, &err), FG_EINVAL);
    assert_string_equal(err.field, "on_site_transfer");
    s = station();
    s.lat_e6 = 60000000;
    assert_int_equal(fg_station_check(&s, &err), FG_EINVAL);
}

static void booking_cutoff_with_an_injected_clock(void **state)
{
    (void)state;
    fg_err err;
    fg_station s = station();
    int64_t slot = EIGHT + 2 * H; /* 10:00 */
    /* up to 30 minutes before the slot, not a millisecond later */
    assert_int_equal(
        fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, slot, slot - 30 * MIN, CST, &err), 0);
    assert_int_equal(
        fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, slot, slot - 30 * MIN + 1, CST, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "station.book_cutoff");
    assert_int_equal(fg_station_cancel_check(&s, slot, slot - 31 * MIN, &err), 0);
    assert_int_equal(fg_station_cancel_check(&s, slot, slot - 29 * MIN, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "station.cancel_cutoff");
    /* not on the hour, outside the hours, beyond the horizon */
    assert_int_equal(
        fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, slot + MIN, EIGHT - H, CST, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.slot_hours");
    assert_int_equal(
        fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, EIGHT + 14 * H, EIGHT - H, CST, &err),
        FG_EINVAL); /* 22:00: the station closes at 22 */
    assert_int_equal(fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, EIGHT + 8 * 24 * H,
                                           EIGHT - H, CST, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "station.horizon");
    /* the state and the mode */
    s.state = FG_STATION_CLOSED;
    assert_int_equal(fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, slot, EIGHT, CST, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "station.closed");
    s.state = FG_STATION_FULL;
    assert_int_equal(fg_station_book_check(&s, FG_STATION_TRAILER_SWAP, slot, EIGHT, CST, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "station.full");
    s = station();
    s.per_hour[FG_STATION_ON_SITE_TRANSFER] = 0;
    assert_int_equal(fg_station_book_check(&s, FG_STATION_ON_SITE_TRANSFER, slot, EIGHT, CST, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "station.mode_not_offered");
}

static void slot_capacity_and_next_free(void **state)
{
    (void)state;
    fg_station s = station();
    int64_t now = EIGHT + 10 * MIN; /* 08:10: 08:00 and 08:30's cut-off passed */
    /* empty: the first bookable slot is 09:00 */
    assert_true(fg_station_next_free(&s, FG_STATION_TRAILER_SWAP, 0, now, CST, NULL, 0) ==
                EIGHT + H);
    /* 09:00 and 10:00 full for trailer swap (2 an hour), 11:00 has one left */
    fg_station_fill fill[] = {{EIGHT + H, 2}, {EIGHT + 2 * H, 2}, {EIGHT + 3 * H, 1}};
    assert_true(fg_station_next_free(&s, FG_STATION_TRAILER_SWAP, 0, now, CST, fill, 3) ==
                EIGHT + 3 * H);
    /* the same counts leave room for on-site transfer (4 an hour) */
    assert_true(fg_station_next_free(&s, FG_STATION_ON_SITE_TRANSFER, 0, now, CST, fill, 3) ==
                EIGHT + H);
    /* after a given slot (the one refused) */
    assert_true(fg_station_next_free(&s, FG_STATION_TRAILER_SWAP, EIGHT + 3 * H, now, CST, fill,
                                     3) == EIGHT + 4 * H);
    /* late in the evening the next free slot is tomorrow 06:00 */
    int64_t late = EIGHT + 13 * H + 40 * MIN; /* 21:40 */
    assert_true(fg_station_next_free(&s, FG_STATION_TRAILER_SWAP, 0, late, CST, NULL, 0) ==
                EIGHT + 22 * H);
    /* a closed station has none */
    s.state = FG_STATION_CLOSED;
    assert_true(fg_station_next_free(&s, FG_STATION_TRAILER_SWAP, 0, now, CST, NULL, 0) == 0);
}

static void queue_wait_and_no_show(void **state)
{
    (void)state;
    fg_station s = station();
    assert_true(fg_station_expected_wait(&s, FG_STATION_TRAILER_SWAP, 0) == 0);
    assert_true(fg_station_expected_wait(&s, FG_STATION_TRAILER_SWAP, 3) == 90 * MIN);
    assert_true(fg_station_expected_wait(&s, FG_STATION_ON_SITE_TRANSFER, 3) == 45 * MIN);
    assert_false(fg_station_no_show(EIGHT, EIGHT + H + 30 * MIN));
    assert_true(fg_station_no_show(EIGHT, EIGHT + H + 30 * MIN + 1));
    fg_err err;
    assert_int_equal(fg_station_arrival_check(EIGHT, EIGHT - 2 * H, &err), 0);
    assert_int_equal(fg_station_arrival_check(EIGHT, EIGHT - 2 * H - 1, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "station.too_early");
    assert_int_equal(fg_station_arrival_check(EIGHT, EIGHT + H + 30 * MIN, &err), 0);
    assert_int_equal(fg_station_arrival_check(EIGHT, EIGHT + H + 31 * MIN, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "station.too_late");
}

static void route_reaches_and_closed_loop(void **state)
{
    (void)state;
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.origin = 330106;
    c.destination = 310115;
    c.route[0] = 330402;
    c.n_route = 1;
    assert_true(fg_station_route_reaches(&c, 330106));
    assert_true(fg_station_route_reaches(&c, 310115));
    assert_true(fg_station_route_reaches(&c, 330402));
    assert_false(fg_station_route_reaches(&c, 320505));
    assert_true(fg_station_closed_loop(FG_RISK_HIGH));
    assert_false(fg_station_closed_loop(FG_RISK_MEDIUM));
    assert_false(fg_station_closed_loop(FG_RISK_LOW));
}

static fg_handover_leg leg(fg_leg kind, const char *trailer, const char *seal, int64_t at)
{
    fg_handover_leg l;
    memset(&l, 0, sizeof(l));
    l.leg = kind;
    fg_strlcpy(l.trailer, trailer, sizeof(l.trailer));
    fg_strlcpy(l.seal, seal, sizeof(l.seal));
    fg_strlcpy(l.handed_by, "刘海波", sizeof(l.handed_by));
    fg_strlcpy(l.handed_to, "站内调度", sizeof(l.handed_to));
    if (kind == FG_LEG_TRANSFER)
        fg_strlcpy(l.goods, "医用口罩 40 箱", sizeof(l.goods));
    l.at = at;
    return l;
}

static void handover_rules(void **state)
{
    (void)state;
    fg_err err;
    int64_t arr = EIGHT, now = EIGHT + H;
    fg_handover_leg swap[2] = {leg(FG_LEG_INBOUND, "浙A1234挂", "S-001", arr + 10 * MIN),
                               leg(FG_LEG_OUTBOUND, "沪B5678挂", "S-002", arr + 20 * MIN)};
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, false, swap, 2, arr, now, &err),
        0);
    /* closed loop: contactless or refused */
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, true, false, swap, 2, arr, now, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "station.contact_closed_loop");
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, true, true, swap, 2, arr, now, &err), 0);
    /* a swap needs both legs, two different trailers with seals */
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, true, swap, 1, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.swap_legs");
    fg_handover_leg same[2] = {swap[0], swap[1]};
    fg_strlcpy(same[1].trailer, same[0].trailer, sizeof(same[1].trailer));
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, true, same, 2, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.swap_same_trailer");
    fg_handover_leg bad[2] = {swap[0], swap[1]};
    fg_strlcpy(bad[0].trailer, "浙A1234", sizeof(bad[0].trailer));
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, true, bad, 2, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.leg_trailer");
    bad[0] = swap[0];
    bad[0].seal[0] = 0;
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, true, bad, 2, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.leg_seal");
    /* times between arrival and now */
    bad[0] = swap[0];
    bad[0].at = arr - 1;
    assert_int_equal(
        fg_station_handover_check(FG_STATION_TRAILER_SWAP, false, true, bad, 2, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.leg_time");
    /* on-site transfer: transfer legs with goods */
    fg_handover_leg tr[1] = {leg(FG_LEG_TRANSFER, "", "", arr + MIN)};
    assert_int_equal(
        fg_station_handover_check(FG_STATION_ON_SITE_TRANSFER, false, true, tr, 1, arr, now, &err),
        0);
    tr[0].goods[0] = 0;
    assert_int_equal(
        fg_station_handover_check(FG_STATION_ON_SITE_TRANSFER, false, true, tr, 1, arr, now, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "station.leg_goods");
    assert_int_equal(fg_station_handover_check(FG_STATION_ON_SITE_TRANSFER, false, true, swap, 2,
                                               arr, now, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "station.transfer_legs");
}

static void detention_and_day_figures(void **state)
{
    (void)state;
    assert_true(fg_station_detention(0, 0, EIGHT) == 0);
    assert_true(fg_station_detention(EIGHT, 0, EIGHT + 25 * MIN) == 25 * MIN);
    assert_true(fg_station_detention(EIGHT, EIGHT + 40 * MIN, EIGHT + 5 * H) == 40 * MIN);
    int64_t now = EIGHT + 5 * H; /* 13:00 */
    fg_station_visit v[] = {
        {EIGHT, EIGHT + 5 * MIN, EIGHT + 35 * MIN, false, false},  /* 30 min */
        {EIGHT, EIGHT + 10 * MIN, EIGHT + 60 * MIN, false, false}, /* 50 min */
        {EIGHT + H, EIGHT + 2 * H + 30 * MIN, 0, false, false},    /* late, inside */
        {EIGHT + H, 0, 0, false, false},                           /* no-show by now */
        {EIGHT + 4 * H, 0, 0, false, false},                       /* still to come */
        {EIGHT + 2 * H, 0, 0, true, false},                        /* cancelled */
        {EIGHT + 3 * H + 30 * MIN, 0, 0, false, true},             /* recorded no-show */
    };
    fg_station_day d;
    fg_station_day_figures(v, sizeof(v) / sizeof(v[0]), now, &d);
    assert_int_equal(d.booked, 6);
    assert_int_equal(d.cancelled, 1);
    assert_int_equal(d.arrived, 3);
    assert_int_equal(d.departed, 2);
    assert_int_equal(d.inside, 1);
    assert_int_equal(d.no_show, 2);
    assert_int_equal(d.late, 1);
    assert_true(d.detention_mean == 40 * MIN);
    assert_true(d.detention_max == 50 * MIN);
}

static void crew_test_lapsed(void **state)
{
    (void)state;
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.n_crew = 2;
    int64_t at = EIGHT / 1000;
    assert_false(fg_pass_crew_test_lapsed(&c, at, 20261205)); /* nothing recorded */
    c.crew[1].test_valid_to = at + 1;
    assert_false(fg_pass_crew_test_lapsed(&c, at, 20261205));
    c.crew[1].test_valid_to = at;
    assert_true(fg_pass_crew_test_lapsed(&c, at, 20261205));
    c.crew[1].test_valid_to = 0;
    c.crew[0].test_until = 20261205;
    assert_false(fg_pass_crew_test_lapsed(&c, at, 20261205));
    assert_true(fg_pass_crew_test_lapsed(&c, at, 20261206));
}

static void names_round_trip(void **state)
{
    (void)state;
    fg_station_mode m;
    fg_station_state st;
    fg_leg l;
    fg_err err;
    assert_int_equal(fg_station_mode_parse("on_site_transfer", &m, &err), 0);
    assert_string_equal(fg_station_mode_name(m), "on_site_transfer");
    assert_int_equal(fg_station_mode_parse("swap", &m, &err), FG_EINVAL);
    assert_int_equal(fg_station_state_parse("full", &st, &err), 0);
    assert_string_equal(fg_station_state_name(st), "full");
    assert_int_equal(fg_leg_parse("outbound", &l, &err), 0);
    assert_string_equal(fg_leg_name(l), "outbound");
    assert_int_equal(fg_leg_parse("sideways", &l, &err), FG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slot_arithmetic_in_the_zone),
        cmocka_unit_test(station_fields_checked),
        cmocka_unit_test(booking_cutoff_with_an_injected_clock),
        cmocka_unit_test(slot_capacity_and_next_free),
        cmocka_unit_test(queue_wait_and_no_show),
        cmocka_unit_test(route_reaches_and_closed_loop),
        cmocka_unit_test(handover_rules),
        cmocka_unit_test(detention_and_day_figures),
        cmocka_unit_test(crew_test_lapsed),
        cmocka_unit_test(names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
