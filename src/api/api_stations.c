/* /api/v1/stations, /api/v1/bookings, /api/v1/station-figures and the
 * public /api/v1/station-queue: transfer stations (issue 14, part
 * "stations"). The provincial joint mechanism sets stations up; transport
 * operators book slots with their passes; the station staff check trucks in
 * at the gate (the pass verified as at a checkpoint), record the handover and
 * the departure; officials and staff read the station's day; a driver reads
 * the queue with the pass number and the plate. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/station.h"
#include "../sys/clock.h"
#include "api.h"

static void station_free(void *p)
{
    free(p);
}

/* The station named in the path (arena-owned), or replies 404. */
static int load_station(fg_req *r, fg_station **out)
{
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    fg_station *s = fg_arena_alloc(&r->arena, sizeof(*s));
    if (!s)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "station.not_found", "no such station");
    if (fg_store_station_get(r->db, id, s, &err))
        return fg_reply_err(r, &err);
    *out = s;
    return 0;
}

static int load_booking(fg_req *r, fg_booking_row **out)
{
    fg_err err;
    fg_err_init(&err);
    const char *id = fg_req_param(r, "id");
    fg_booking_row *b = fg_arena_alloc(&r->arena, sizeof(*b));
    if (!b)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "booking.not_found", "no such booking");
    if (fg_store_booking_get(r->db, id, b, &err))
        return fg_reply_err(r, &err);
    *out = b;
    return 0;
}

/* The local day of ?day= (default today) as [from, to) in ms. */
static int day_window(fg_req *r, int32_t *out_day, int64_t *from, int64_t *to)
{
    const char *s = fg_req_param(r, "day");
    int32_t day = fg_clock_date(r->now_ms);
    fg_err err;
    fg_err_init(&err);
    if (s && fg_date_parse(s, &day, &err))
        return fg_reply_err_as(r, 400, &err);
    int32_t offset = fg_clock_zone_offset(r->now_ms);
    *from = fg_station_slot_at(day, 0, offset);
    *to = *from + 86400000LL;
    *out_day = day;
    return 0;
}

static json_t *time_json(int64_t ms)
{
    if (ms <= 0)
        return json_null();
    char t[25];
    fg_time_format(ms, t);
    return json_string(t);
}

static void add_region_name(fg_req *r, json_t *j, int32_t code)
{
    fg_region_row row;
    fg_err err;
    if (fg_store_region_get(r->db, code, &row, &err) == 0)
        json_object_set_new(j, "region_name", json_string(row.name));
}

/* {trailer_swap: {booked, places}, on_site_transfer: {...}} over [from, to). */
static int fill_json(fg_req *r, const fg_station *s, int64_t from, int64_t to, json_t **out)
{
    fg_err err;
    fg_err_init(&err);
    json_t *j = json_object();
    for (int m = 0; m < FG_STATION_MODE_COUNT; m++) {
        fg_station_fill *fill;
        size_t n;
        if (fg_store_station_fill(r->db, s->id, (fg_station_mode)m, from, to, &fill, &n, &err)) {
            json_decref(j);
            return fg_reply_err(r, &err);
        }
        int booked = 0;
        for (size_t i = 0; i < n; i++)
            booked += fill[i].booked;
        free(fill);
        json_object_set_new(j, fg_station_mode_name((fg_station_mode)m),
                            json_pack("{s:i,s:i}", "booked", booked, "places",
                                      s->per_hour[m] * (s->closes - s->opens)));
    }
    *out = j;
    return 0;
}

static int fg_h_stations_list(fg_req *r)
{
    int32_t lo = 0, hi = 999999, day;
    const char *region = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (region) {
        int32_t code;
        if (fg_region_parse(region, "region", &code, &err))
            return fg_reply_err_as(r, 400, &err);
        fg_region_range(code, &lo, &hi);
    }
    int64_t from, to;
    int rc = day_window(r, &day, &from, &to);
    if (rc)
        return rc;
    fg_station *list;
    size_t n;
    if (fg_store_stations_list(r->db, lo, hi, &list, &n, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, station_free, list)) {
        free(list);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = fg_station_json(&list[i]), *fill;
        if ((rc = fill_json(r, &list[i], from, to, &fill))) {
            json_decref(j);
            json_decref(items);
            return rc;
        }
        json_object_set_new(j, "fill", fill);
        add_region_name(r, j, list[i].region);
        json_array_append_new(items, j);
    }
    char d[11];
    fg_date_format(day, d);
    return fg_reply_json(
        r, 200, json_pack("{s:o,s:s,s:I}", "items", items, "day", d, "total", (json_int_t)n));
}

/* Reads a station's fields from the body into s (which holds the current
 * ones on update). Replies on error. */
static int station_body(fg_req *r, json_t *body, fg_station *s, bool create)
{
    const char *name, *op, *addr, *region, *state;
    if (fg_json_text(r, body, "name", create, 2, 60, &name) ||
        fg_json_text(r, body, "operator", create, 2, 60, &op) ||
        fg_json_text(r, body, "address", create, 0, 100, &addr) ||
        fg_json_text(r, body, "region", create, 6, 6, &region) ||
        fg_json_text(r, body, "state", false, 4, 6, &state))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (name)
        fg_strlcpy(s->name, name, sizeof(s->name));
    if (op)
        fg_strlcpy(s->operator_name, op, sizeof(s->operator_name));
    if (addr)
        fg_strlcpy(s->address, addr, sizeof(s->address));
    if (region && !create)
        return fg_reply_problem(r, 422, "region", "station.region_fixed",
                                "a station does not move: create another one");
    if (region && fg_region_parse(region, "region", &s->region, &err))
        return fg_reply_err(r, &err);
    if (state && fg_station_state_parse(state, &s->state, &err))
        return fg_reply_err(r, &err);
    static const char *const ints[] = {"opens", "closes", "cutoff_minutes"};
    int *dst[] = {&s->opens, &s->closes, &s->cutoff_min};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(body, ints[i]);
        if (!v && !create)
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1440)
            return fg_reply_problem(r, 422, ints[i], "field.integer",
                                    "{field:%s} must be a whole number", ints[i]);
        *dst[i] = (int)json_integer_value(v);
    }
    json_t *ph = json_object_get(body, "per_hour");
    if (ph || create) {
        for (int m = 0; m < FG_STATION_MODE_COUNT; m++) {
            json_t *v = json_object_get(ph, fg_station_mode_name((fg_station_mode)m));
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                json_integer_value(v) > FG_STATION_MAX_PER_HOUR)
                return fg_reply_problem(r, 422, "per_hour", "station.per_hour_body",
                                        "per_hour gives trucks an hour for trailer_swap and "
                                        "on_site_transfer, 0 to {max:%d}",
                                        FG_STATION_MAX_PER_HOUR);
            s->per_hour[m] = (int)json_integer_value(v);
        }
    }
    json_t *lon = json_object_get(body, "lon"), *lat = json_object_get(body, "lat");
    if (lon || lat || create) {
        if (!json_is_number(lon) || !json_is_number(lat) ||
            !(fabs(json_number_value(lon)) <= 180) || !(fabs(json_number_value(lat)) <= 90))
            return fg_reply_problem(r, 422, "lon", "station.position",
                                    "the position (lon, lat) must be inside China");
        s->lon_e6 = (int32_t)(json_number_value(lon) * 1e6);
        s->lat_e6 = (int32_t)(json_number_value(lat) * 1e6);
    }
    return 0;
}

static int fg_h_station_create(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_station s;
    memset(&s, 0, sizeof(s));
    s.state = FG_STATION_OPEN;
    int rc = station_body(r, body, &s, true);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_app_station_create(r->app, r->db, &r->who, &s, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 201, fg_station_json(&s));
}

static int fg_h_station_update(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_station *s;
    int rc = load_station(r, &s);
    if (rc || (rc = fg_req_allow(r, FG_ACT_STATION_MANAGE, s->region, NULL)))
        return rc;
    json_t *v = json_object_get(body, "version");
    if (!json_is_integer(v))
        return fg_reply_problem(r, 422, "version", "field.integer",
                                "{field:%s} must be a whole number", "version");
    fg_station next = *s;
    if ((rc = station_body(r, body, &next, false)))
        return rc;
    if (fg_json_int32(r, body, "version", true, 0, INT_MAX, &next.version))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_app_station_update(r->app, r->db, &r->who, &next, r->now_ms, &err))
        return fg_reply_err(r, &err);
    next.version++;
    return fg_reply_json(r, 200, fg_station_json(&next));
}

/* The station with the day's slots per mode (starts_at, booked, places) and
 * the next free slot of each mode. */
static int fg_h_station_get(fg_req *r)
{
    fg_station *s;
    int32_t day;
    int64_t from, to;
    int rc = load_station(r, &s);
    if (rc || (rc = day_window(r, &day, &from, &to)))
        return rc;
    fg_err err;
    fg_err_init(&err);
    json_t *j = fg_station_json(s), *slots = json_object(), *next = json_object();
    json_object_set_new(j, "slots", slots);
    json_object_set_new(j, "next_free", next);
    add_region_name(r, j, s->region);
    int32_t offset = fg_clock_zone_offset(from);
    for (int m = 0; m < FG_STATION_MODE_COUNT; m++) {
        fg_station_mode mode = (fg_station_mode)m;
        fg_station_fill *fill;
        size_t n;
        if (fg_store_station_fill(r->db, s->id, mode, from, to, &fill, &n, &err)) {
            json_decref(j);
            return fg_reply_err(r, &err);
        }
        json_t *arr = json_array();
        for (int h = s->opens; s->per_hour[m] > 0 && h < s->closes; h++) {
            int64_t at = fg_station_slot_at(day, h, offset);
            int booked = 0;
            for (size_t i = 0; i < n; i++)
                if (fill[i].starts_at == at)
                    booked = fill[i].booked;
            bool open = fg_station_book_check(s, mode, at, r->now_ms, offset, NULL) == 0;
            json_array_append_new(arr, json_pack("{s:o,s:i,s:i,s:b}", "starts_at", time_json(at),
                                                 "booked", booked, "places", s->per_hour[m],
                                                 "bookable", open && booked < s->per_hour[m]));
        }
        free(fill);
        json_object_set_new(slots, fg_station_mode_name(mode), arr);
        int64_t nf = 0;
        if (fg_app_station_next_free(r->db, s, mode, 0, r->now_ms, &nf, &err)) {
            json_decref(j);
            return fg_reply_err(r, &err);
        }
        json_object_set_new(next, fg_station_mode_name(mode), time_json(nf));
    }
    char d[11];
    fg_date_format(day, d);
    json_object_set_new(j, "day", json_string(d));
    return fg_reply_json(r, 200, j);
}

static int fg_h_station_book(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_station *s;
    const char *pass_s, *mode_s, *at_s;
    int rc = load_station(r, &s);
    rc = rc ? rc : fg_json_text(r, body, "pass", true, 12, 12, &pass_s);
    rc = rc ? rc : fg_json_text(r, body, "mode", true, 1, 20, &mode_s);
    rc = rc ? rc : fg_json_text(r, body, "starts_at", true, 1, 40, &at_s);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    fg_station_mode mode;
    int64_t slot;
    if (fg_station_mode_parse(mode_s, &mode, &err))
        return fg_reply_err(r, &err);
    if (fg_time_parse(at_s, &slot, &err)) {
        fg_strlcpy(err.field, "starts_at", sizeof(err.field));
        return fg_reply_err(r, &err);
    }
    fg_pass_row pass;
    if (fg_store_pass_get(r->db, pass_s, &pass, &err)) {
        if (err.code == FG_ENOTFOUND)
            return fg_reply_problem(r, 422, "pass", "station.pass_unknown",
                                    "no pass is registered under {pass:%s}", pass_s);
        return fg_reply_err(r, &err);
    }
    fg_booking_row b;
    int64_t next = 0;
    rc = fg_app_station_book(r->app, r->db, &r->who, s, &pass, mode, slot, r->now_ms, &b, &next,
                             &err);
    fg_pass_row_release(&pass);
    if (rc == FG_ECONFLICT && strcmp(err.key, "station.slot_full") == 0)
        return fg_reply_err_with(r, &err, json_pack("{s:o}", "next_free", time_json(next)));
    if (rc)
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 201, fg_booking_row_json(&b, r->now_ms));
}

/* Whether the account sees booking b: the applicant's side, or the
 * station's day in its jurisdiction. */
static int booking_visible(fg_req *r, const fg_booking_row *b)
{
    fg_err err;
    fg_target own = {-1, b->applicant}, here = {b->region, NULL};
    if (fg_access_check(&r->principal, FG_ACT_STATION_BOOK, &own, &err) == 0 ||
        fg_access_check(&r->principal, FG_ACT_STATION_DAY, &here, &err) == 0)
        return 0;
    return fg_reply_problem(r, 404, NULL, "booking.not_found",
                            "no such booking"); /* as one that does not exist (issue 16) */
}

static int reply_booking(fg_req *r, int status, const char *id)
{
    fg_booking_row b;
    fg_err err;
    fg_err_init(&err);
    json_t *legs;
    if (fg_store_booking_get(r->db, id, &b, &err) ||
        fg_store_booking_handovers(r->db, b.id, &legs, &err))
        return fg_reply_err(r, &err);
    json_t *j = fg_booking_row_json(&b, r->now_ms);
    json_object_set_new(j, "handover", legs);
    return fg_reply_json(r, status, j);
}

static int fg_h_booking_get(fg_req *r)
{
    fg_booking_row *b;
    int rc = load_booking(r, &b);
    if (rc || (rc = booking_visible(r, b)))
        return rc;
    return reply_booking(r, 200, b->id);
}

/* An operator's bookings: of one pass (?pass=), else of its enterprises,
 * from today on (?day= for another day). */
static int fg_h_bookings_list(fg_req *r)
{
    const char *pass = fg_req_param(r, "pass");
    int32_t day;
    int64_t from, to;
    int rc = day_window(r, &day, &from, &to);
    if (rc)
        return rc;
    if (!fg_req_param(r, "day"))
        to = from + (int64_t)(FG_STATION_HORIZON_DAYS + 1) * 86400000;
    fg_err err;
    fg_err_init(&err);
    json_t *items = json_array();
    size_t n_who = pass ? 1 : r->principal.n_enterprises;
    for (size_t k = 0; k < n_who; k++) {
        const char *applicant = pass ? NULL : r->principal.enterprises[k];
        if (pass) {
            fg_pass_row row;
            if (strlen(pass) != 12 || fg_store_pass_get(r->db, pass, &row, &err)) {
                json_decref(items);
                return fg_reply_problem(r, 404, "pass", "station.pass_unknown",
                                        "no pass is registered under {pass:%.12s}", pass);
            }
            rc = fg_req_allow(r, FG_ACT_STATION_BOOK, -1, row.claims.applicant);
            fg_pass_row_release(&row);
            if (rc) {
                json_decref(items);
                return rc;
            }
        }
        fg_booking_filter f = {NULL, applicant, pass, from, to, 500};
        fg_booking_row *list;
        size_t n;
        if (fg_store_bookings_list(r->db, &f, &list, &n, &err)) {
            json_decref(items);
            return fg_reply_err(r, &err);
        }
        for (size_t i = 0; i < n; i++)
            json_array_append_new(items, fg_booking_row_json(&list[i], r->now_ms));
        free(list);
    }
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_booking_cancel(fg_req *r)
{
    fg_booking_row *b;
    int rc = load_booking(r, &b);
    if (rc || (rc = booking_visible(r, b)))
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_app_booking_cancel(r->app, r->db, &r->who, b, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_booking(r, 200, b->id);
}

/* The gate: the presented pass verified (QR or number) on the station's
 * county, its live booking here, then the arrival. A pass that is not valid
 * is refused with the verdict. */
static int fg_h_station_check_in(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_station *s;
    int rc = load_station(r, &s);
    if (rc || (rc = fg_req_allow(r, FG_ACT_STATION_GATE, s->region, NULL)))
        return rc;
    const char *cred, *typed, *plate;
    if (fg_json_text(r, body, "credential", false, 4, 8192, &cred) ||
        fg_json_text(r, body, "number", false, 12, 12, &typed) ||
        fg_json_text(r, body, "plate", false, 0, 12, &plate))
        return fg_req_refusal(r);
    fg_presented p;
    if ((rc = fg_api_verify_presented(r, cred, typed, plate && *plate ? plate : NULL, s->region,
                                      &p)))
        return rc;
    if (p.verdict.code != FG_VERDICT_VALID)
        return fg_reply_problem_with(
            r, 409,
            json_pack("{s:o,s:b}", "verdict", fg_api_verdict_json(&p.verdict), "test_expired",
                      p.test_expired),
            NULL, "station.pass_refused", "the pass is not valid here: {verdict:%s}",
            fg_verdict_name(p.verdict.code));
    fg_err err;
    fg_err_init(&err);
    fg_booking_row b;
    rc = fg_store_booking_live(r->db, p.number, &b, &err);
    if (rc && rc != FG_ENOTFOUND)
        return fg_reply_err(r, &err);
    if (rc || strcmp(b.station, s->id) != 0)
        return fg_reply_problem(r, 409, NULL, "station.no_booking",
                                "pass {pass:%s} has no booking at this station", p.number);
    if (fg_app_booking_arrive(r->app, r->db, &r->who, &b, p.test_expired, r->now_ms, &err))
        return fg_reply_err(r, &err);
    if (fg_store_booking_get(r->db, b.id, &b, &err))
        return fg_reply_err(r, &err);
    json_t *j = json_pack("{s:o,s:o,s:b,s:b}", "booking", fg_booking_row_json(&b, r->now_ms),
                          "verdict", fg_api_verdict_json(&p.verdict), "test_expired",
                          p.test_expired, "closed_loop", b.closed_loop);
    return fg_reply_json(r, 200, j);
}

/* The gate's staff act on the bookings of their stations; a booking at a
 * station outside is answered as one that does not exist (issue 16). The
 * role was checked by the route. */
static int gate_allow(fg_req *r, const fg_booking_row *b)
{
    fg_target t = {b->region, NULL};
    if (fg_access_check(&r->principal, FG_ACT_STATION_GATE, &t, NULL))
        return fg_reply_problem(r, 404, NULL, "booking.not_found", "no such booking");
    return 0;
}

static int fg_h_booking_handover(fg_req *r)
{
    fg_booking_row *b;
    int rc = load_booking(r, &b);
    if (rc || (rc = gate_allow(r, b)))
        return rc;
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    json_t *cl = json_object_get(body, "contactless"), *legs = json_object_get(body, "legs");
    if (!json_is_boolean(cl))
        return fg_reply_problem(r, 422, "contactless", "field.boolean",
                                "{field:%s} must be true or false", "contactless");
    if (!json_is_array(legs) || json_array_size(legs) < 1 ||
        json_array_size(legs) > FG_STATION_MAX_LEGS)
        return fg_reply_problem(r, 422, "legs", "station.legs_count",
                                "a handover has 1 to {max:%d} legs", FG_STATION_MAX_LEGS);
    fg_handover_leg l[FG_STATION_MAX_LEGS];
    memset(l, 0, sizeof(l));
    fg_err err;
    fg_err_init(&err);
    size_t i;
    json_t *o;
    json_array_foreach(legs, i, o)
    {
        static const char *const keys[] = {"trailer", "seal", "goods", "handed_by", "handed_to"};
        char *dst[] = {l[i].trailer, l[i].seal, l[i].goods, l[i].handed_by, l[i].handed_to};
        size_t caps[] = {sizeof(l[i].trailer), sizeof(l[i].seal), sizeof(l[i].goods),
                         sizeof(l[i].handed_by), sizeof(l[i].handed_to)};
        static const size_t chars[] = {10, 20, 40, 20, 20}; /* at most 3 bytes each */
        if (!json_is_object(o) ||
            fg_leg_parse(json_string_value(json_object_get(o, "leg")), &l[i].leg, &err))
            return fg_reply_problem(r, 422, "legs", "station.leg",
                                    "a leg is inbound, outbound or transfer");
        for (size_t k = 0; k < 5; k++) {
            const char *v = NULL;
            if (fg_json_text(r, o, keys[k], false, 0, chars[k], &v))
                return fg_req_refusal(r);
            fg_strlcpy(dst[k], v ? v : "", caps[k]);
        }
        const char *at = json_string_value(json_object_get(o, "at"));
        l[i].at = r->now_ms;
        if (at && fg_time_parse(at, &l[i].at, &err)) {
            fg_strlcpy(err.field, "at", sizeof(err.field));
            return fg_reply_err(r, &err);
        }
    }
    if (fg_app_booking_handover(r->app, r->db, &r->who, b, l, json_array_size(legs),
                                json_is_true(cl), r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_booking(r, 200, b->id);
}

static int fg_h_booking_depart(fg_req *r)
{
    fg_booking_row *b;
    int rc = load_booking(r, &b);
    if (rc || (rc = gate_allow(r, b)))
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_app_booking_depart(r->app, r->db, &r->who, b, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_booking(r, 200, b->id);
}

static json_t *figures_json(const fg_station_day *d)
{
    return json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:I,s:I}", "booked", d->booked, "cancelled",
                     d->cancelled, "arrived", d->arrived, "departed", d->departed, "inside",
                     d->inside, "no_show", d->no_show, "late", d->late, "detention_mean_minutes",
                     (json_int_t)(d->detention_mean / 60000), "detention_max_minutes",
                     (json_int_t)(d->detention_max / 60000));
}

/* The day's bookings of a station (*out, *n new) and their figures. */
static int station_day(fg_req *r, const fg_station *s, int64_t from, int64_t to,
                       fg_booking_row **out, size_t *n, fg_station_day *fig)
{
    fg_err err;
    fg_err_init(&err);
    fg_booking_filter f = {s->id, NULL, NULL, from, to, 2000};
    if (fg_store_bookings_list(r->db, &f, out, n, &err))
        return fg_reply_err(r, &err);
    fg_station_visit *v = fg_arena_alloc(&r->arena, (*n + 1) * sizeof(*v));
    if (!v) {
        free(*out);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    for (size_t i = 0; i < *n; i++) {
        const fg_booking_row *b = &(*out)[i];
        v[i] = (fg_station_visit){b->starts_at, b->arrived_at, b->departed_at,
                                  strcmp(b->state, "cancelled") == 0,
                                  strcmp(b->state, "no_show") == 0};
    }
    fg_station_day_figures(v, *n, r->now_ms, fig);
    return 0;
}

/* The station's day at a glance: figures, the slots' fill, every booking
 * (the queue: those inside, then those to come). */
static int fg_h_station_day(fg_req *r)
{
    fg_station *s;
    int32_t day;
    int64_t from, to;
    int rc = load_station(r, &s);
    rc = rc ? rc : fg_req_allow(r, FG_ACT_STATION_DAY, s->region, NULL);
    rc = rc ? rc : day_window(r, &day, &from, &to);
    if (rc)
        return rc;
    fg_booking_row *list;
    size_t n;
    fg_station_day fig;
    if ((rc = station_day(r, s, from, to, &list, &n, &fig)))
        return rc;
    json_t *items = json_array(), *fill;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, fg_booking_row_json(&list[i], r->now_ms));
    free(list);
    if ((rc = fill_json(r, s, from, to, &fill))) {
        json_decref(items);
        return rc;
    }
    char d[11];
    fg_date_format(day, d);
    json_t *st = fg_station_json(s);
    add_region_name(r, st, s->region);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:s,s:o,s:o,s:o}", "station", st, "day", d, "figures",
                                   figures_json(&fig), "fill", fill, "bookings", items));
}

/* Daily figures per station inside a region, and their sum. */
static int fg_h_station_figures(fg_req *r)
{
    const char *region = fg_req_param(r, "region");
    int32_t code = r->account.region, day, lo, hi;
    fg_err err;
    fg_err_init(&err);
    if (region && fg_region_parse(region, "region", &code, &err))
        return fg_reply_err_as(r, 400, &err);
    int64_t from, to;
    int rc = fg_req_allow(r, FG_ACT_STATION_DAY, code, NULL);
    if (rc || (rc = day_window(r, &day, &from, &to)))
        return rc;
    fg_region_range(code, &lo, &hi);
    fg_station *stations;
    size_t ns;
    if (fg_store_stations_list(r->db, lo, hi, &stations, &ns, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, station_free, stations)) {
        free(stations);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    json_t *items = json_array();
    fg_station_day sum;
    memset(&sum, 0, sizeof(sum));
    int64_t detention_total = 0;
    for (size_t i = 0; i < ns; i++) {
        fg_booking_row *list;
        size_t n;
        fg_station_day fig;
        if ((rc = station_day(r, &stations[i], from, to, &list, &n, &fig))) {
            json_decref(items);
            return rc;
        }
        free(list);
        sum.booked += fig.booked;
        sum.cancelled += fig.cancelled;
        sum.arrived += fig.arrived;
        sum.departed += fig.departed;
        sum.inside += fig.inside;
        sum.no_show += fig.no_show;
        sum.late += fig.late;
        detention_total += fig.detention_mean * fig.departed;
        if (fig.detention_max > sum.detention_max)
            sum.detention_max = fig.detention_max;
        json_t *j = json_pack("{s:s,s:s,s:o}", "id", stations[i].id, "name", stations[i].name,
                              "figures", figures_json(&fig));
        add_region_name(r, j, stations[i].region);
        json_array_append_new(items, j);
    }
    sum.detention_mean = sum.departed ? detention_total / sum.departed : 0;
    char d[11], rc6[7];
    fg_date_format(day, d);
    fg_region_format(code, rc6);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:o,s:o}", "region", rc6, "day", d, "total",
                                   figures_json(&sum), "stations", items));
}

/* The driver's queue (no session): the pass number and the plate together
 * name a live booking; anything else is the same 404, so that nothing
 * leaks. */
static int fg_h_station_queue(fg_req *r)
{
    const char *pass = fg_req_param(r, "pass"), *plate = fg_req_param(r, "plate");
    if (!pass || !plate)
        return fg_reply_problem(r, 400, "pass", "queue.params",
                                "give the pass number (pass=) and the plate (plate=) together");
    fg_booking_row b;
    fg_err err;
    fg_err_init(&err);
    int rc = strlen(pass) == 12 ? fg_store_booking_live(r->db, pass, &b, &err) : FG_ENOTFOUND;
    if (rc && rc != FG_ENOTFOUND)
        return fg_reply_err(r, &err);
    if (rc || strcmp(b.plate, plate) != 0)
        return fg_reply_problem(r, 404, NULL, "queue.not_found",
                                "no live booking for this pass number and plate");
    fg_station s;
    size_t ahead;
    if (fg_store_station_get(r->db, b.station, &s, &err) ||
        fg_store_booking_ahead(r->db, &b, r->now_ms, &ahead, &err))
        return fg_reply_err(r, &err);
    int64_t wait = fg_station_expected_wait(&s, b.mode, ahead);
    /* before the slot, the wait counts from the slot's start */
    if (b.arrived_at <= 0 && b.starts_at > r->now_ms)
        wait += b.starts_at - r->now_ms;
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:o,s:s,s:b,s:I,s:I,s:o,s:I}", "station", s.name, "address", s.address,
        "mode", fg_station_mode_name(b.mode), "starts_at", time_json(b.starts_at), "state", b.state,
        "closed_loop", b.closed_loop, "ahead", (json_int_t)ahead, "expected_wait_minutes",
        (json_int_t)((wait + 59999) / 60000), "arrived_at", time_json(b.arrived_at),
        "detention_minutes",
        (json_int_t)(fg_station_detention(b.arrived_at, b.departed_at, r->now_ms) / 60000));
    return fg_reply_json(r, 200, j);
}

const fg_api_route fg_api_stations_routes[] = {
    {"GET", "/api/v1/station-queue", fg_h_station_queue, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/station-figures", fg_h_station_figures, FG_ACT_STATION_DAY, 0},
    {"GET", "/api/v1/stations", fg_h_stations_list, FG_ACT_STATION_READ, 0},
    {"POST", "/api/v1/stations", fg_h_station_create, FG_ACT_STATION_MANAGE, FG_API_MAX_BODY},
    {"GET", "/api/v1/stations/:id", fg_h_station_get, FG_ACT_STATION_READ, 0},
    {"PUT", "/api/v1/stations/:id", fg_h_station_update, FG_ACT_STATION_MANAGE, FG_API_MAX_BODY},
    {"GET", "/api/v1/stations/:id/day", fg_h_station_day, FG_ACT_STATION_DAY, 0},
    {"POST", "/api/v1/stations/:id/bookings", fg_h_station_book, FG_ACT_STATION_BOOK,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/stations/:id/check-in", fg_h_station_check_in, FG_ACT_STATION_GATE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/bookings", fg_h_bookings_list, FG_ACT_STATION_BOOK, 0},
    {"GET", "/api/v1/bookings/:id", fg_h_booking_get, FG_ROUTE_ANY_ROLE, 0},
    {"POST", "/api/v1/bookings/:id/cancel", fg_h_booking_cancel, FG_ACT_STATION_BOOK, 0},
    {"POST", "/api/v1/bookings/:id/handover", fg_h_booking_handover, FG_ACT_STATION_GATE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/bookings/:id/depart", fg_h_booking_depart, FG_ACT_STATION_GATE, 0},
};
const size_t fg_api_stations_nroutes =
    sizeof(fg_api_stations_routes) / sizeof(fg_api_stations_routes[0]);
