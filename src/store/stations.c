/* Transfer stations, their slot counters, bookings and handovers (see
 * stations.h). */
#include "stations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../sys/clock.h"
#include "../util/buf.h"

#define STATION_COLS                                                                               \
    "id, name, region, operator, address, lon_e6, lat_e6, opens, closes, swap_per_hour, "          \
    "transfer_per_hour, cutoff_minutes, state, version"

static const char SQL_STATION_INSERT[] =
    "INSERT INTO stations (" STATION_COLS ", created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, 1, ?, ?)";
static const char SQL_STATION_GET[] = "SELECT " STATION_COLS " FROM stations WHERE id = ?";
static const char SQL_STATION_UPDATE[] =
    "UPDATE stations SET name = ?, operator = ?, address = ?, lon_e6 = ?, lat_e6 = ?, opens = ?, "
    "closes = ?, swap_per_hour = ?, transfer_per_hour = ?, cutoff_minutes = ?, state = ?, "
    "version = version + 1 WHERE id = ? AND version = ?";
static const char SQL_STATION_LIST[] =
    "SELECT " STATION_COLS " FROM stations WHERE region BETWEEN ? AND ? ORDER BY name";
static const char SQL_FILL[] =
    "SELECT starts_at, booked FROM station_slots WHERE station = ? AND mode = ? AND starts_at >= ? "
    "AND starts_at < ? ORDER BY starts_at";
static const char SQL_SLOT_MAKE[] =
    "INSERT INTO station_slots (station, mode, starts_at, capacity, booked) VALUES (?, ?, ?, ?, 0) "
    "ON CONFLICT (station, mode, starts_at) DO NOTHING";
static const char SQL_SLOT_TAKE[] =
    "UPDATE station_slots SET booked = booked + 1 WHERE station = ? AND mode = ? AND starts_at = ? "
    "AND booked < capacity";
static const char SQL_SLOT_GIVE[] =
    "UPDATE station_slots SET booked = booked - 1 WHERE station = ? AND mode = ? AND starts_at = ? "
    "AND booked > 0";

#define BOOKING_COLS                                                                               \
    "b.id, b.station, s.name, s.region, b.mode, b.starts_at, b.pass_number, b.plate, "             \
    "b.applicant, b.origin, b.closed_loop, b.test_expired, COALESCE(b.contactless, 0), b.state, "  \
    "b.booked_at, COALESCE(b.cancelled_at, 0), COALESCE(b.arrived_at, 0), "                        \
    "COALESCE(b.departed_at, 0), b.booked_by, COALESCE(b.gate_by, ''), b.version"

static const char SQL_BOOKING_INSERT[] =
    "INSERT INTO station_bookings (id, station, mode, starts_at, pass_number, plate, applicant, "
    "origin, closed_loop, state, booked_at, booked_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "'booked', ?, ?, 1)";
static const char SQL_BOOKING_GET[] =
    "SELECT " BOOKING_COLS " FROM station_bookings b JOIN stations s ON s.id = "
    "b.station WHERE b.id = ?";
static const char SQL_BOOKING_LIVE[] =
    "SELECT " BOOKING_COLS " FROM station_bookings b JOIN stations s ON s.id = b.station "
    "WHERE b.pass_number = ? AND b.state IN ('booked', 'arrived')";
static const char SQL_BOOKING_CANCEL[] =
    "UPDATE station_bookings SET state = 'cancelled', cancelled_at = ?, version = version + 1 "
    "WHERE id = ? AND version = ? AND state = 'booked'";
static const char SQL_BOOKING_ARRIVE[] =
    "UPDATE station_bookings SET state = 'arrived', arrived_at = ?, gate_by = ?, test_expired = ?, "
    "version = version + 1 WHERE id = ? AND version = ? AND state = 'booked'";
static const char SQL_BOOKING_CONTACTLESS[] =
    "UPDATE station_bookings SET contactless = ?, version = version + 1 WHERE id = ? AND "
    "state = 'arrived' AND contactless IS NULL";
static const char SQL_BOOKING_DEPART[] =
    "UPDATE station_bookings SET state = 'departed', departed_at = ?, gate_by = ?, "
    "version = version + 1 WHERE id = ? AND state = 'arrived'";
static const char SQL_NO_SHOW_FIND[] =
    "SELECT b.id, s.region, b.pass_number, b.starts_at FROM station_bookings b JOIN stations s "
    "ON s.id = b.station WHERE b.state = 'booked' AND b.starts_at < ? ORDER BY b.starts_at "
    "LIMIT 500";
static const char SQL_NO_SHOW_MARK[] =
    "UPDATE station_bookings SET state = 'no_show', version = version + 1 WHERE id = ? AND "
    "state = 'booked'";
static const char SQL_BOOKING_LIST[] =
    "SELECT " BOOKING_COLS " FROM station_bookings b JOIN stations s ON s.id = b.station "
    "WHERE (? = '' OR b.station = ?) AND (? = '' OR b.applicant = ?) AND (? = '' OR "
    "b.pass_number = ?) AND b.starts_at >= ? AND b.starts_at < ? ORDER BY b.starts_at, "
    "b.booked_at LIMIT ?";
static const char SQL_AHEAD_INSIDE[] =
    "SELECT COUNT(*) FROM station_bookings WHERE station = ? AND mode = ? AND state = 'arrived' "
    "AND id <> ? AND (? = 0 OR arrived_at < ?)";
static const char SQL_AHEAD_BOOKED[] =
    "SELECT COUNT(*) FROM station_bookings WHERE station = ? AND mode = ? AND state = 'booked' "
    "AND id <> ? AND starts_at < ? AND starts_at > ?";
static const char SQL_BOOKING_MOVE[] =
    "UPDATE station_bookings SET pass_number = ?, version = version + 1 WHERE pass_number = ? AND "
    "state IN ('booked', 'arrived')";
static const char SQL_HANDOVER_INSERT[] =
    "INSERT INTO station_handovers (id, booking, station, leg, pair, trailer, seal, goods, "
    "handed_by, handed_to, contactless, at, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HANDOVER_COUNT[] = "SELECT COUNT(*) FROM station_handovers WHERE booking = ?";
static const char SQL_HANDOVER_LIST[] =
    "SELECT id, leg, COALESCE(pair, ''), trailer, seal, goods, handed_by, handed_to, contactless, "
    "at, recorded_at, recorded_by FROM station_handovers WHERE booking = ? ORDER BY at, leg";

static void station_read(fg_db *db, fg_stmt *st, fg_station *s)
{
    memset(s, 0, sizeof(*s));
    fg_strlcpy(s->id, fg_db_text(db, st, 0), sizeof(s->id));
    fg_strlcpy(s->name, fg_db_text(db, st, 1), sizeof(s->name));
    s->region = (int32_t)fg_db_int(db, st, 2);
    fg_strlcpy(s->operator_name, fg_db_text(db, st, 3), sizeof(s->operator_name));
    fg_strlcpy(s->address, fg_db_text(db, st, 4), sizeof(s->address));
    s->lon_e6 = (int32_t)fg_db_int(db, st, 5);
    s->lat_e6 = (int32_t)fg_db_int(db, st, 6);
    s->opens = (int)fg_db_int(db, st, 7);
    s->closes = (int)fg_db_int(db, st, 8);
    s->per_hour[FG_STATION_TRAILER_SWAP] = (int)fg_db_int(db, st, 9);
    s->per_hour[FG_STATION_ON_SITE_TRANSFER] = (int)fg_db_int(db, st, 10);
    s->cutoff_min = (int)fg_db_int(db, st, 11);
    fg_station_state_parse(fg_db_text(db, st, 12), &s->state, NULL);
    s->version = (int)fg_db_int(db, st, 13);
}

static json_t *station_detail(const fg_station *s)
{
    return json_pack("{s:s,s:i,s:i,s:i,s:i,s:i,s:s}", "name", s->name, "opens", s->opens, "closes",
                     s->closes, "swap_per_hour", s->per_hour[0], "transfer_per_hour",
                     s->per_hour[1], "cutoff_minutes", s->cutoff_min, "station_state",
                     fg_station_state_name(s->state));
}

int fg_store_station_create(fg_db *db, fg_station *s, int64_t now, const char *actor, fg_err *err)
{
    fg_clock_uuid(s->id);
    s->version = 1;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_STATION_INSERT, "ttdttdddddddtit", s->id, s->name, (int)s->region,
                   s->operator_name, s->address, (int)s->lon_e6, (int)s->lat_e6, s->opens,
                   s->closes, s->per_hour[0], s->per_hour[1], s->cutoff_min,
                   fg_station_state_name(s->state), now, actor);
    if (rc == FG_EEXIST)
        rc = fg_err_at(err, FG_EEXIST, "name", "station.name_taken",
                       "a station named {name:%s} exists already", s->name);
    if (rc == 0) {
        json_t *d = json_pack("{s:o}", "after", station_detail(s));
        rc = fg_tx_audit(&tx, "station.create", "station", s->id, s->region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_station_get(fg_db *db, const char *id, fg_station *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_STATION_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, NULL, "station.not_found", "no such station");
    station_read(db, st, out);
    fg_db_done(db, st);
    return 0;
}

int fg_store_station_update(fg_db *db, const fg_station *s, int64_t now, const char *actor,
                            fg_err *err)
{
    fg_station before;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    if ((rc = fg_store_station_get(db, s->id, &before, err)))
        return fg_tx_end(&tx, rc, err);
    rc = fg_db_run(db, err, SQL_STATION_UPDATE, "tttdddddddtti", s->name, s->operator_name,
                   s->address, (int)s->lon_e6, (int)s->lat_e6, s->opens, s->closes, s->per_hour[0],
                   s->per_hour[1], s->cutoff_min, fg_station_state_name(s->state), s->id,
                   (int64_t)s->version);
    if (rc == FG_EEXIST)
        rc = fg_err_at(err, FG_EEXIST, "name", "station.name_taken",
                       "a station named {name:%s} exists already", s->name);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "station.changed",
                       "the station was changed meanwhile; reload it and try again");
    if (rc == 0) {
        json_t *d =
            json_pack("{s:o,s:o}", "before", station_detail(&before), "after", station_detail(s));
        rc = fg_tx_audit(&tx, "station.update", "station", s->id, s->region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_stations_list(fg_db *db, int32_t lo, int32_t hi, fg_station **out, size_t *out_n,
                           fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_STATION_LIST, "dd", (int)lo, (int)hi);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*out_n == cap) {
            cap = cap ? cap * 2 : 16;
            fg_station *grown = realloc(*out, cap * sizeof(**out));
            if (!grown) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            *out = grown;
        }
        station_read(db, st, &(*out)[(*out_n)++]);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *out_n = 0;
        return rc;
    }
    return 0;
}

int fg_store_station_fill(fg_db *db, const char *station, fg_station_mode mode, int64_t from,
                          int64_t to, fg_station_fill **out, size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    fg_stmt *st;
    int rc =
        fg_db_query(db, &st, err, SQL_FILL, "ttii", station, fg_station_mode_name(mode), from, to);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*out_n == cap) {
            cap = cap ? cap * 2 : 32;
            fg_station_fill *grown = realloc(*out, cap * sizeof(**out));
            if (!grown) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            *out = grown;
        }
        (*out)[*out_n].starts_at = fg_db_int(db, st, 0);
        (*out)[(*out_n)++].booked = (int)fg_db_int(db, st, 1);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *out_n = 0;
        return rc;
    }
    return 0;
}

static void booking_read(fg_db *db, fg_stmt *st, fg_booking_row *b)
{
    memset(b, 0, sizeof(*b));
    fg_strlcpy(b->id, fg_db_text(db, st, 0), sizeof(b->id));
    fg_strlcpy(b->station, fg_db_text(db, st, 1), sizeof(b->station));
    fg_strlcpy(b->station_name, fg_db_text(db, st, 2), sizeof(b->station_name));
    b->region = (int32_t)fg_db_int(db, st, 3);
    fg_station_mode_parse(fg_db_text(db, st, 4), &b->mode, NULL);
    b->starts_at = fg_db_int(db, st, 5);
    fg_strlcpy(b->pass_number, fg_db_text(db, st, 6), sizeof(b->pass_number));
    fg_strlcpy(b->plate, fg_db_text(db, st, 7), sizeof(b->plate));
    fg_strlcpy(b->applicant, fg_db_text(db, st, 8), sizeof(b->applicant));
    b->origin = (int32_t)fg_db_int(db, st, 9);
    b->closed_loop = fg_db_int(db, st, 10) != 0;
    b->test_expired = fg_db_int(db, st, 11) != 0;
    b->contactless = fg_db_int(db, st, 12) != 0;
    fg_strlcpy(b->state, fg_db_text(db, st, 13), sizeof(b->state));
    b->booked_at = fg_db_int(db, st, 14);
    b->cancelled_at = fg_db_int(db, st, 15);
    b->arrived_at = fg_db_int(db, st, 16);
    b->departed_at = fg_db_int(db, st, 17);
    fg_strlcpy(b->booked_by, fg_db_text(db, st, 18), sizeof(b->booked_by));
    fg_strlcpy(b->gate_by, fg_db_text(db, st, 19), sizeof(b->gate_by));
    b->version = (int)fg_db_int(db, st, 20);
}

int fg_store_booking_add(fg_db *db, fg_booking_row *b, int capacity, int64_t now, const char *actor,
                         fg_err *err)
{
    fg_clock_uuid(b->id);
    const char *mode = fg_station_mode_name(b->mode);
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_SLOT_MAKE, "ttid", b->station, mode, b->starts_at, capacity);
    rc = rc ? rc : fg_db_run(db, err, SQL_SLOT_TAKE, "tti", b->station, mode, b->starts_at);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, "starts_at", "station.slot_full",
                       "the slot is full: every place of it is booked");
    if (rc == 0) {
        rc = fg_db_run(db, err, SQL_BOOKING_INSERT, "tttitttdbit", b->id, b->station, mode,
                       b->starts_at, b->pass_number, b->plate, b->applicant, (int)b->origin,
                       b->closed_loop, now, actor);
        if (rc == FG_EEXIST)
            rc = fg_err_at(err, FG_EEXIST, "pass", "station.double_booking",
                           "pass {pass:%s} already holds a booking; cancel it first",
                           b->pass_number);
    }
    if (rc == 0) {
        char at[17];
        fg_clock_local_minute(b->starts_at, at);
        json_t *d = json_pack("{s:{s:s,s:s,s:s,s:s,s:s,s:b}}", "after", "station", b->station_name,
                              "station_mode", mode, "slot", at, "pass", b->pass_number, "plate",
                              b->plate, "driver_closed_loop", b->closed_loop);
        rc = fg_tx_audit(&tx, "booking.add", "booking", b->id, b->region, d, err);
        json_decref(d);
    }
    if (rc == 0) {
        fg_strlcpy(b->state, "booked", sizeof(b->state));
        b->booked_at = now;
        fg_strlcpy(b->booked_by, actor, sizeof(b->booked_by));
        b->version = 1;
    }
    return fg_tx_end(&tx, rc, err);
}

static int booking_one(fg_db *db, const char *sql, const char *key, fg_booking_row *out,
                       fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, sql, "t", key);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, NULL, "booking.not_found", "no such booking");
    booking_read(db, st, out);
    fg_db_done(db, st);
    return 0;
}

int fg_store_booking_get(fg_db *db, const char *id, fg_booking_row *out, fg_err *err)
{
    return booking_one(db, SQL_BOOKING_GET, id, out, err);
}

int fg_store_booking_live(fg_db *db, const char *pass_number, fg_booking_row *out, fg_err *err)
{
    return booking_one(db, SQL_BOOKING_LIVE, pass_number, out, err);
}

static int audit_state(fg_tx *tx, const fg_booking_row *b, const char *action, const char *to,
                       fg_err *err)
{
    json_t *d = json_pack("{s:{s:s},s:{s:s},s:s}", "before", "booking_state", b->state, "after",
                          "booking_state", to, "pass", b->pass_number);
    int rc = fg_tx_audit(tx, action, "booking", b->id, b->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_booking_cancel(fg_db *db, const fg_booking_row *b, int64_t now, const char *actor,
                            fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_BOOKING_CANCEL, "iti", now, b->id, (int64_t)b->version);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "booking.state",
                       "the booking is {state:%s} now, or changed meanwhile", b->state);
    rc = rc ? rc
            : fg_db_run(db, err, SQL_SLOT_GIVE, "tti", b->station, fg_station_mode_name(b->mode),
                        b->starts_at);
    rc = rc ? rc : audit_state(&tx, b, "booking.cancel", "cancelled", err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_booking_arrive(fg_db *db, const fg_booking_row *b, bool test_expired, int64_t now,
                            const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_BOOKING_ARRIVE, "itbti", now, actor, test_expired, b->id,
                   (int64_t)b->version);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "booking.state",
                       "the booking is {state:%s} now, or changed meanwhile", b->state);
    rc = rc ? rc : audit_state(&tx, b, "booking.arrive", "arrived", err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_booking_handover(fg_db *db, const fg_booking_row *b, const fg_handover_leg *legs,
                              size_t n, bool contactless, int64_t now, const char *actor,
                              fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_BOOKING_CONTACTLESS, "bt", contactless, b->id);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "station.handover_done",
                       "the handover of this booking is recorded already, or the truck is not "
                       "inside the station");
    char ids[FG_STATION_MAX_LEGS][37];
    for (size_t i = 0; i < n && i < FG_STATION_MAX_LEGS; i++)
        fg_clock_uuid(ids[i]);
    json_t *d =
        json_pack("{s:b,s:s,s:[]}", "contactless", contactless, "pass", b->pass_number, "legs");
    for (size_t i = 0; rc == 0 && i < n && i < FG_STATION_MAX_LEGS; i++) {
        const fg_handover_leg *l = &legs[i];
        /* a trailer swap's two legs name each other */
        const char *pair = b->mode == FG_STATION_TRAILER_SWAP && n == 2 ? ids[1 - i] : NULL;
        rc = fg_db_run(db, err, SQL_HANDOVER_INSERT, "ttttttttttbiit", ids[i], b->id, b->station,
                       fg_leg_name(l->leg), pair, l->trailer, l->seal, l->goods, l->handed_by,
                       l->handed_to, contactless, l->at, now, actor);
        json_array_append_new(json_object_get(d, "legs"),
                              json_pack("{s:s,s:s,s:s,s:s}", "leg", fg_leg_name(l->leg), "trailer",
                                        l->trailer, "seal", l->seal, "goods", l->goods));
    }
    rc = rc ? rc : fg_tx_audit(&tx, "booking.handover", "booking", b->id, b->region, d, err);
    json_decref(d);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_booking_legs(fg_db *db, const char *booking, int *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_HANDOVER_COUNT, "t", booking);
    if (rc < 0)
        return rc;
    *out = rc ? (int)fg_db_int(db, st, 0) : 0;
    if (rc)
        fg_db_done(db, st);
    return 0;
}

int fg_store_booking_depart(fg_db *db, const fg_booking_row *b, int64_t now, const char *actor,
                            fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_BOOKING_DEPART, "itt", now, actor, b->id);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "booking.state",
                       "the booking is {state:%s} now, or changed meanwhile", b->state);
    rc = rc ? rc : audit_state(&tx, b, "booking.depart", "departed", err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_bookings_no_show(fg_db *db, int64_t before, int64_t now, const char *actor,
                              size_t *out_n, fg_err *err)
{
    *out_n = 0;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    struct {
        char id[37], pass[13];
        int32_t region;
    } *found = NULL;
    size_t n = 0, cap = 0;
    fg_stmt *st;
    if ((rc = fg_db_query(db, &st, err, SQL_NO_SHOW_FIND, "i", before)) == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                void *grown = realloc(found, cap * sizeof(*found));
                if (!grown) {
                    rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                    break;
                }
                found = grown;
            }
            fg_strlcpy(found[n].id, fg_db_text(db, st, 0), sizeof(found[n].id));
            found[n].region = (int32_t)fg_db_int(db, st, 1);
            fg_strlcpy(found[n].pass, fg_db_text(db, st, 2), sizeof(found[n].pass));
            n++;
        }
        fg_db_done(db, st);
        rc = rc < 0 ? rc : 0;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = fg_db_run(db, err, SQL_NO_SHOW_MARK, "t", found[i].id);
        if (rc == 0) {
            json_t *d = json_pack("{s:{s:s},s:{s:s},s:s}", "before", "booking_state", "booked",
                                  "after", "booking_state", "no_show", "pass", found[i].pass);
            rc = fg_tx_audit(&tx, "booking.no_show", "booking", found[i].id, found[i].region, d,
                             err);
            json_decref(d);
        }
    }
    free(found);
    if (rc == 0 && n == 0)
        fg_tx_log_only(&tx, "no booking to mark");
    if (rc == 0)
        *out_n = n;
    return fg_tx_end(&tx, rc, err);
}

int fg_store_bookings_move_pass(fg_tx *tx, const char *from, const char *to, int *out_moved,
                                fg_err *err)
{
    int rc = fg_db_run(tx->db, err, SQL_BOOKING_MOVE, "tt", to, from);
    if (rc)
        return rc;
    *out_moved = (int)tx->db->ops->changes(tx->db);
    if (*out_moved == 0)
        return 0;
    json_t *d = json_pack("{s:{s:s},s:{s:s}}", "before", "pass", from, "after", "pass", to);
    rc = fg_tx_audit(tx, "booking.pass", "pass", to, -1, d, err);
    json_decref(d);
    return rc;
}

int fg_store_bookings_list(fg_db *db, const fg_booking_filter *f, fg_booking_row **out,
                           size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    const char *station = f->station ? f->station : "", *app = f->applicant ? f->applicant : "",
               *pass = f->pass ? f->pass : "";
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_BOOKING_LIST, "ttttttiid", station, station, app, app,
                         pass, pass, f->from, f->to, f->limit > 0 ? f->limit : 500);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*out_n == cap) {
            cap = cap ? cap * 2 : 32;
            fg_booking_row *grown = realloc(*out, cap * sizeof(**out));
            if (!grown) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            *out = grown;
        }
        booking_read(db, st, &(*out)[(*out_n)++]);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *out_n = 0;
        return rc;
    }
    return 0;
}

static int count_of(fg_db *db, fg_stmt *st, int rc, size_t *out)
{
    if (rc < 0)
        return rc;
    *out = rc ? (size_t)fg_db_int(db, st, 0) : 0;
    if (rc)
        fg_db_done(db, st);
    return 0;
}

int fg_store_booking_ahead(fg_db *db, const fg_booking_row *b, int64_t now, size_t *out,
                           fg_err *err)
{
    const char *mode = fg_station_mode_name(b->mode);
    fg_stmt *st;
    size_t inside = 0, booked = 0;
    int rc = fg_db_row(db, &st, err, SQL_AHEAD_INSIDE, "tttii", b->station, mode, b->id,
                       b->arrived_at, b->arrived_at);
    if ((rc = count_of(db, st, rc, &inside)))
        return rc;
    if (b->arrived_at <= 0) {
        /* earlier slots whose trucks may still come (not yet no-shows) */
        int64_t alive = now - FG_STATION_SLOT_MS - FG_STATION_NO_SHOW_GRACE_MS;
        rc = fg_db_row(db, &st, err, SQL_AHEAD_BOOKED, "tttii", b->station, mode, b->id,
                       b->starts_at, alive);
        if ((rc = count_of(db, st, rc, &booked)))
            return rc;
    }
    *out = inside + booked;
    return 0;
}

static json_t *time_or_null(int64_t ms)
{
    if (ms <= 0)
        return json_null();
    char t[25];
    fg_time_format(ms, t);
    return json_string(t);
}

json_t *fg_booking_row_json(const fg_booking_row *b, int64_t now)
{
    char slot[25], region[8];
    fg_time_format(b->starts_at, slot);
    snprintf(region, sizeof(region), "%06d", (int)b->region);
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:s,s:o,s:o,s:o,s:o,s:s,s:i,s:I}", "id", b->id,
        "station", b->station, "station_name", b->station_name, "region", region, "mode",
        fg_station_mode_name(b->mode), "starts_at", slot, "pass", b->pass_number, "plate", b->plate,
        "closed_loop", b->closed_loop, "test_expired", b->test_expired, "state", b->state,
        "booked_at", time_or_null(b->booked_at), "cancelled_at", time_or_null(b->cancelled_at),
        "arrived_at", time_or_null(b->arrived_at), "departed_at", time_or_null(b->departed_at),
        "applicant", b->applicant, "version", b->version, "detention_minutes",
        (json_int_t)(fg_station_detention(b->arrived_at, b->departed_at, now) / 60000));
    if (j && b->arrived_at > 0 && strcmp(b->state, "cancelled") != 0)
        json_object_set_new(j, "contactless", json_boolean(b->contactless));
    return j;
}

json_t *fg_station_json(const fg_station *s)
{
    char region[8];
    snprintf(region, sizeof(region), "%06d", (int)s->region);
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:i,s:i,s:{s:i,s:i},s:i,s:s,s:i}", "id", s->id,
                     "name", s->name, "region", region, "operator", s->operator_name, "address",
                     s->address, "lon", s->lon_e6 / 1e6, "lat", s->lat_e6 / 1e6, "opens", s->opens,
                     "closes", s->closes, "per_hour", "trailer_swap",
                     s->per_hour[FG_STATION_TRAILER_SWAP], "on_site_transfer",
                     s->per_hour[FG_STATION_ON_SITE_TRANSFER], "cutoff_minutes", s->cutoff_min,
                     "state", fg_station_state_name(s->state), "version", s->version);
}

int fg_store_booking_handovers(fg_db *db, const char *booking, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_HANDOVER_LIST, "t", booking);
    if (rc)
        return rc;
    *out = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        json_t *pair = fg_db_text(db, st, 2)[0] ? json_string(fg_db_text(db, st, 2)) : json_null();
        json_array_append_new(
            *out,
            json_pack("{s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:b,s:o,s:o,s:s}", "id",
                      fg_db_text(db, st, 0), "leg", fg_db_text(db, st, 1), "pair", pair, "trailer",
                      fg_db_text(db, st, 3), "seal", fg_db_text(db, st, 4), "goods",
                      fg_db_text(db, st, 5), "handed_by", fg_db_text(db, st, 6), "handed_to",
                      fg_db_text(db, st, 7), "contactless", fg_db_int(db, st, 8) != 0, "at",
                      time_or_null(fg_db_int(db, st, 9)), "recorded_at",
                      time_or_null(fg_db_int(db, st, 10)), "recorded_by", fg_db_text(db, st, 11)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}
