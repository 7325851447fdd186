/* Transfer stations (issue 14, part "stations"): who creates and changes a
 * station, booking a slot with a pass (the pass issued and valid then, its
 * route reaching the station, the driver's closed loop from the origin's
 * risk level, the next free slot when full), cancellation, and the gate:
 * arrival, the handover, departure; the no-show sweep. Core decides
 * (core/station.h), the store holds the counters and writes each step with its
 * audit entry. */
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "app.h"

static int manage_check(const fg_who *who, int32_t county, fg_err *err)
{
    fg_target t = {county, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_STATION_MANAGE, &t, err);
    if (rc)
        return rc;
    if (fg_region_level_of(who->principal->region) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EPERM, NULL, "station.manager",
                         "transfer stations are set up by the province's joint_mechanism");
    return 0;
}

int fg_app_station_create(fg_app *app, fg_db *db, const fg_who *who, fg_station *s, int64_t now,
                          fg_err *err)
{
    (void)app;
    int rc = fg_station_check(s, err);
    if (rc || (rc = manage_check(who, s->region, err)))
        return rc;
    if ((rc = fg_store_region_exists(db, s->region, err)))
        return fg_err_at(err, FG_EINVAL, "region", "station.county",
                         "a station stands in a county: give its 6-digit county code");
    return fg_store_station_create(db, s, now, who->username, err);
}

int fg_app_station_update(fg_app *app, fg_db *db, const fg_who *who, const fg_station *s,
                          int64_t now, fg_err *err)
{
    (void)app;
    int rc = fg_station_check(s, err);
    if (rc || (rc = manage_check(who, s->region, err)))
        return rc;
    return fg_store_station_update(db, s, now, who->username, err);
}

int fg_app_station_next_free(fg_db *db, const fg_station *s, fg_station_mode mode, int64_t after,
                             int64_t now, int64_t *out, fg_err *err)
{
    fg_station_fill *fill;
    size_t n;
    int64_t to = now + (int64_t)(FG_STATION_HORIZON_DAYS + 1) * 86400000;
    int rc = fg_store_station_fill(db, s->id, mode, now - FG_STATION_SLOT_MS, to, &fill, &n, err);
    if (rc)
        return rc;
    *out = fg_station_next_free(s, mode, after, now, fg_clock_zone_offset(now), fill, n);
    free(fill);
    return 0;
}

int fg_app_risk_level(fg_db *db, int32_t county, int64_t now, fg_risk_level *out, fg_err *err)
{
    fg_risk_designation *d;
    size_t n;
    int rc = fg_store_risk_chain(db, county, &d, &n, err);
    if (rc)
        return rc;
    fg_risk_resolution r;
    fg_risk_resolve(county, fg_clock_date(now), d, n, &r);
    free(d);
    *out = r.level;
    return 0;
}

int fg_app_station_book(fg_app *app, fg_db *db, const fg_who *who, const fg_station *s,
                        const fg_pass_row *pass, fg_station_mode mode, int64_t slot, int64_t now,
                        fg_booking_row *out, int64_t *out_next_free, fg_err *err)
{
    (void)app;
    *out_next_free = 0;
    fg_target t = {-1, pass->claims.applicant};
    int rc = fg_access_check(who->principal, FG_ACT_STATION_BOOK, &t, err);
    if (rc)
        return rc;
    if (strcmp(pass->state, "issued") != 0)
        return fg_err_at(err, FG_ECONFLICT, "pass", "station.pass_not_issued",
                         "pass {pass:%s} is {state:%s}: only an issued pass books a slot",
                         pass->number[0] ? pass->number : pass->id, pass->state);
    if (slot < pass->claims.nbf * 1000 || slot >= pass->claims.exp * 1000)
        return fg_err_at(err, FG_EINVAL, "starts_at", "station.pass_validity",
                         "the slot lies outside the pass's validity");
    if (!fg_station_route_reaches(&pass->claims, s->region))
        return fg_err_at(err, FG_EINVAL, "pass", "station.off_route",
                         "the route of pass {pass:%s} does not reach {station:%s}'s county",
                         pass->number, s->name);
    int32_t offset = fg_clock_zone_offset(slot);
    if ((rc = fg_station_book_check(s, mode, slot, now, offset, err)))
        return rc;
    fg_risk_level level;
    if ((rc = fg_app_risk_level(db, pass->claims.origin, now, &level, err)))
        return rc;
    memset(out, 0, sizeof(*out));
    fg_strlcpy(out->station, s->id, sizeof(out->station));
    fg_strlcpy(out->station_name, s->name, sizeof(out->station_name));
    out->region = s->region;
    out->mode = mode;
    out->starts_at = slot;
    fg_strlcpy(out->pass_number, pass->number, sizeof(out->pass_number));
    fg_strlcpy(out->plate, pass->claims.plate, sizeof(out->plate));
    fg_strlcpy(out->applicant, pass->claims.applicant, sizeof(out->applicant));
    out->origin = pass->claims.origin;
    out->closed_loop = fg_station_closed_loop(level);
    rc = fg_store_booking_add(db, out, s->per_hour[mode], now, who->username, err);
    if (rc == FG_ECONFLICT) {
        fg_err other;
        if (fg_app_station_next_free(db, s, mode, slot, now, out_next_free, &other))
            *out_next_free = 0;
    }
    return rc;
}

int fg_app_booking_cancel(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          int64_t now, fg_err *err)
{
    (void)app;
    fg_target t = {-1, b->applicant};
    int rc = fg_access_check(who->principal, FG_ACT_STATION_BOOK, &t, err);
    if (rc)
        return rc;
    if (strcmp(b->state, "booked") != 0)
        return fg_err_at(err, FG_ECONFLICT, NULL, "booking.state",
                         "the booking is {state:%s} now, or changed meanwhile", b->state);
    fg_station s;
    if ((rc = fg_store_station_get(db, b->station, &s, err)) ||
        (rc = fg_station_cancel_check(&s, b->starts_at, now, err)))
        return rc;
    return fg_store_booking_cancel(db, b, now, who->username, err);
}

static int gate_check(const fg_who *who, const fg_booking_row *b, const char *state, fg_err *err)
{
    fg_target t = {b->region, NULL};
    int rc = fg_access_check_role(who->principal, FG_ACT_STATION_GATE, err);
    if (rc)
        return rc;
    /* a booking at a station outside is answered as one that does not exist,
     * as fg_store_booking_get (issue 16) */
    if (fg_access_check(who->principal, FG_ACT_STATION_GATE, &t, NULL))
        return fg_err_at(err, FG_ENOTFOUND, NULL, "booking.not_found", "no such booking");
    if (strcmp(b->state, state) != 0)
        return fg_err_at(err, FG_ECONFLICT, NULL, "booking.state",
                         "the booking is {state:%s} now, or changed meanwhile", b->state);
    return 0;
}

int fg_app_booking_arrive(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          bool test_expired, int64_t now, fg_err *err)
{
    (void)app;
    int rc = gate_check(who, b, "booked", err);
    if (rc || (rc = fg_station_arrival_check(b->starts_at, now, err)))
        return rc;
    return fg_store_booking_arrive(db, b, test_expired, now, who->username, err);
}

int fg_app_booking_handover(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                            const fg_handover_leg *legs, size_t n, bool contactless, int64_t now,
                            fg_err *err)
{
    (void)app;
    int rc = gate_check(who, b, "arrived", err);
    if (rc || (rc = fg_station_handover_check(b->mode, b->closed_loop, contactless, legs, n,
                                              b->arrived_at, now, err)))
        return rc;
    return fg_store_booking_handover(db, b, legs, n, contactless, now, who->username, err);
}

int fg_app_booking_depart(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          int64_t now, fg_err *err)
{
    (void)app;
    int legs;
    int rc = gate_check(who, b, "arrived", err);
    if (rc || (rc = fg_store_booking_legs(db, b->id, &legs, err)))
        return rc;
    if (legs == 0)
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.no_handover",
                         "record the handover before the truck leaves");
    return fg_store_booking_depart(db, b, now, who->username, err);
}

int fg_app_station_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_marked, fg_err *err)
{
    (void)app;
    return fg_store_bookings_no_show(db, now - FG_STATION_SLOT_MS - FG_STATION_NO_SHOW_GRACE_MS,
                                     now, "system", out_marked, err);
}
