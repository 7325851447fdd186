/* Transfer stations: hours, slots, cut-off, capacity, queue, closed loop,
 * handover and detention (see station.h). */
#include "station.h"

#include <string.h>

#include "../util/assert.h"
#include "date.h"
#include "region.h"

static const char *const mode_names[FG_STATION_MODE_COUNT] = {"trailer_swap", "on_site_transfer"};
static const char *const state_names[] = {"open", "closed", "full"};
static const char *const leg_names[FG_LEG_COUNT] = {"inbound", "outbound", "transfer"};

const char *fg_station_mode_name(fg_station_mode m)
{
    return (unsigned)m < FG_STATION_MODE_COUNT ? mode_names[m] : "?";
}

int fg_station_mode_parse(const char *s, fg_station_mode *out, fg_err *err)
{
    for (int i = 0; s && i < FG_STATION_MODE_COUNT; i++)
        if (strcmp(s, mode_names[i]) == 0) {
            *out = (fg_station_mode)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "mode", "station.mode",
                     "mode is trailer_swap (甩挂) or on_site_transfer (接驳)");
}

const char *fg_station_state_name(fg_station_state s)
{
    return (unsigned)s <= FG_STATION_FULL ? state_names[s] : "?";
}

int fg_station_state_parse(const char *s, fg_station_state *out, fg_err *err)
{
    for (int i = 0; s && i <= FG_STATION_FULL; i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (fg_station_state)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "state", "station.state", "state is open, closed or full");
}

const char *fg_leg_name(fg_leg l)
{
    return (unsigned)l < FG_LEG_COUNT ? leg_names[l] : "?";
}

int fg_leg_parse(const char *s, fg_leg *out, fg_err *err)
{
    for (int i = 0; s && i < FG_LEG_COUNT; i++)
        if (strcmp(s, leg_names[i]) == 0) {
            *out = (fg_leg)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "leg", "station.leg",
                     "a leg is inbound, outbound or transfer");
}

int fg_station_check(const fg_station *s, fg_err *err)
{
    if (!s->name[0])
        return fg_err_at(err, FG_EINVAL, "name", "station.name", "the station needs a name");
    if (fg_region_level_of(s->region) != FG_LEVEL_COUNTY)
        return fg_err_at(err, FG_EINVAL, "region", "station.county",
                         "a station stands in a county: give its 6-digit county code");
    if (!s->operator_name[0])
        return fg_err_at(err, FG_EINVAL, "operator", "station.operator",
                         "name the station's operator");
    if (s->opens < 0 || s->closes > 24 || s->opens >= s->closes)
        return fg_err_at(err, FG_EINVAL, "opens", "station.hours",
                         "hours run from opens to closes, whole hours with 0 <= opens < closes "
                         "<= 24");
    int any = 0;
    for (int m = 0; m < FG_STATION_MODE_COUNT; m++) {
        if (s->per_hour[m] < 0 || s->per_hour[m] > FG_STATION_MAX_PER_HOUR)
            return fg_err_at(err, FG_EINVAL, mode_names[m], "station.per_hour",
                             "trucks per hour for {mode:%s} must be 0 to {max:%d}", mode_names[m],
                             FG_STATION_MAX_PER_HOUR);
        any += s->per_hour[m];
    }
    if (!any)
        return fg_err_at(err, FG_EINVAL, "trailer_swap", "station.no_capacity",
                         "a station takes trucks for trailer swap, on-site transfer or both");
    if (s->cutoff_min < 0 || s->cutoff_min > 24 * 60)
        return fg_err_at(err, FG_EINVAL, "cutoff_minutes", "station.cutoff_range",
                         "the cut-off is 0 to 1440 minutes before a slot");
    if (s->lon_e6 < 73000000 || s->lon_e6 > 136000000 || s->lat_e6 < 3000000 ||
        s->lat_e6 > 54000000)
        return fg_err_at(err, FG_EINVAL, "lon", "station.position",
                         "the position (lon, lat) must be inside China");
    return 0;
}

int64_t fg_station_slot_at(int32_t date, int hour, int32_t offset_s)
{
    return (fg_date_days(date) * 86400 + (int64_t)hour * 3600 - offset_s) * 1000;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void fg_station_slot_local(int64_t ms, int32_t offset_s, int32_t *out_date, int *out_hour)
{
    int64_t local_s = floor_div(ms, 1000) + offset_s;
    int64_t days = floor_div(local_s, 86400);
    *out_date = fg_date_from_days(days);
    *out_hour = (int)((local_s - days * 86400) / 3600);
}

/* The slot's own problems, apart from the station's state: the mode, the
 * hour, the horizon, the cut-off. */
static int slot_check(const fg_station *s, fg_station_mode m, int64_t slot, int64_t now,
                      int32_t offset_s, fg_err *err)
{
    if ((unsigned)m >= FG_STATION_MODE_COUNT || s->per_hour[m] <= 0)
        return fg_err_at(err, FG_EINVAL, "mode", "station.mode_not_offered",
                         "this station does not take {mode:%s}", fg_station_mode_name(m));
    int32_t date;
    int hour;
    fg_station_slot_local(slot, offset_s, &date, &hour);
    if (slot != fg_station_slot_at(date, hour, offset_s) || hour < s->opens || hour >= s->closes)
        return fg_err_at(err, FG_EINVAL, "starts_at", "station.slot_hours",
                         "a slot starts on the hour, between {opens:%d}:00 and {last:%d}:00",
                         s->opens, s->closes - 1);
    if (slot > now + (int64_t)FG_STATION_HORIZON_DAYS * 86400000)
        return fg_err_at(err, FG_EINVAL, "starts_at", "station.horizon",
                         "slots can be booked up to {days:%d} days ahead", FG_STATION_HORIZON_DAYS);
    if (now > slot - (int64_t)s->cutoff_min * 60000)
        return fg_err_at(err, FG_ECONFLICT, "starts_at", "station.book_cutoff",
                         "bookings for a slot close {minutes:%d} minutes before it starts",
                         s->cutoff_min);
    return 0;
}

int fg_station_book_check(const fg_station *s, fg_station_mode m, int64_t slot, int64_t now,
                          int32_t offset_s, fg_err *err)
{
    if (s->state == FG_STATION_CLOSED)
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.closed",
                         "the station {station:%s} is closed", s->name);
    if (s->state == FG_STATION_FULL)
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.full",
                         "the station {station:%s} takes no more bookings for now", s->name);
    return slot_check(s, m, slot, now, offset_s, err);
}

int fg_station_cancel_check(const fg_station *s, int64_t slot, int64_t now, fg_err *err)
{
    if (now > slot - (int64_t)s->cutoff_min * 60000)
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.cancel_cutoff",
                         "a booking can be cancelled up to {minutes:%d} minutes before its slot",
                         s->cutoff_min);
    return 0;
}

int64_t fg_station_next_free(const fg_station *s, fg_station_mode m, int64_t after, int64_t now,
                             int32_t offset_s, const fg_station_fill *fill, size_t n)
{
    if (s->state != FG_STATION_OPEN || (unsigned)m >= FG_STATION_MODE_COUNT || s->per_hour[m] <= 0)
        return 0;
    int64_t from = after > now ? after : now;
    int32_t date;
    int hour;
    fg_station_slot_local(from, offset_s, &date, &hour);
    int64_t t = fg_station_slot_at(date, hour, offset_s);
    int64_t end = now + (int64_t)FG_STATION_HORIZON_DAYS * 86400000;
    for (; t <= end; t += FG_STATION_SLOT_MS) {
        if (t <= after || slot_check(s, m, t, now, offset_s, NULL))
            continue;
        int booked = 0;
        for (size_t i = 0; i < n; i++)
            if (fill[i].starts_at == t)
                booked = fill[i].booked;
        if (booked < s->per_hour[m])
            return t;
    }
    return 0;
}

int64_t fg_station_expected_wait(const fg_station *s, fg_station_mode m, size_t ahead)
{
    if ((unsigned)m >= FG_STATION_MODE_COUNT || s->per_hour[m] <= 0)
        return 0;
    return (int64_t)ahead * FG_STATION_SLOT_MS / s->per_hour[m];
}

bool fg_station_no_show(int64_t slot, int64_t now)
{
    return now > slot + FG_STATION_SLOT_MS + FG_STATION_NO_SHOW_GRACE_MS;
}

int fg_station_arrival_check(int64_t slot, int64_t now, fg_err *err)
{
    if (now < slot - FG_STATION_EARLY_MS)
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.too_early",
                         "the truck is booked for a later slot: it may check in from {hours:%d} "
                         "hours before it",
                         (int)(FG_STATION_EARLY_MS / FG_STATION_SLOT_MS));
    if (fg_station_no_show(slot, now))
        return fg_err_at(err, FG_ECONFLICT, NULL, "station.too_late",
                         "the booked slot is long past: the booking counts as a no-show; book "
                         "again");
    return 0;
}

bool fg_station_route_reaches(const fg_pass_claims *c, int32_t county)
{
    if (c->origin == county || c->destination == county)
        return true;
    for (size_t i = 0; i < c->n_route && i < FG_PASS_MAX_ROUTE; i++)
        if (c->route[i] == county)
            return true;
    return false;
}

bool fg_station_closed_loop(fg_risk_level origin_level)
{
    return origin_level == FG_RISK_HIGH;
}

int fg_station_handover_check(fg_station_mode m, bool closed_loop, bool contactless,
                              const fg_handover_leg *legs, size_t n, int64_t arrived, int64_t now,
                              fg_err *err)
{
    if (closed_loop && !contactless)
        return fg_err_at(err, FG_ECONFLICT, "contactless", "station.contact_closed_loop",
                         "the driver comes from a high-risk county and stays in the closed loop: "
                         "the handover must be contactless");
    if (n == 0 || n > FG_STATION_MAX_LEGS)
        return fg_err_at(err, FG_EINVAL, "legs", "station.legs_count",
                         "a handover has 1 to {max:%d} legs", FG_STATION_MAX_LEGS);
    int count[FG_LEG_COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        const fg_handover_leg *l = &legs[i];
        if ((unsigned)l->leg >= FG_LEG_COUNT)
            return fg_err_at(err, FG_EINVAL, "leg", "station.leg",
                             "leg {leg:%zu}: "
                             "a leg is inbound, outbound or transfer",
                             i + 1);
        count[l->leg]++;
        if (l->at < arrived || l->at > now)
            return fg_err_at(err, FG_EINVAL, "at", "station.leg_time",
                             "leg {leg:%zu}: "
                             "a leg's time lies between the truck's arrival and now",
                             i + 1);
        if (!l->handed_by[0] || !l->handed_to[0])
            return fg_err_at(err, FG_EINVAL, "handed_by", "station.leg_parties",
                             "leg {leg:%zu}: "
                             "name who handed over and who received",
                             i + 1);
        if (l->leg == FG_LEG_TRANSFER) {
            if (!l->goods[0])
                return fg_err_at(err, FG_EINVAL, "goods", "station.leg_goods",
                                 "leg {leg:%zu}: "
                                 "name the goods handed over",
                                 i + 1);
        } else {
            if (fg_plate_check(l->trailer, NULL) || !strstr(l->trailer, "挂"))
                return fg_err_at(err, FG_EINVAL, "trailer", "station.leg_trailer",
                                 "leg {leg:%zu}: "
                                 "a trailer is named by its plate ending in 挂",
                                 i + 1);
            if (!l->seal[0])
                return fg_err_at(err, FG_EINVAL, "seal", "station.leg_seal",
                                 "leg {leg:%zu}: "
                                 "a trailer leg records its seal number",
                                 i + 1);
        }
    }
    if (m == FG_STATION_TRAILER_SWAP) {
        if (count[FG_LEG_INBOUND] != 1 || count[FG_LEG_OUTBOUND] != 1 || count[FG_LEG_TRANSFER])
            return fg_err_at(err, FG_EINVAL, "legs", "station.swap_legs",
                             "a trailer swap records one inbound and one outbound leg");
        const fg_handover_leg *in = legs[0].leg == FG_LEG_INBOUND ? &legs[0] : &legs[1];
        const fg_handover_leg *out = in == &legs[0] ? &legs[1] : &legs[0];
        if (strcmp(in->trailer, out->trailer) == 0)
            return fg_err_at(err, FG_EINVAL, "trailer", "station.swap_same_trailer",
                             "the truck leaves with another trailer than the one it dropped");
    } else if (count[FG_LEG_INBOUND] || count[FG_LEG_OUTBOUND]) {
        return fg_err_at(err, FG_EINVAL, "legs", "station.transfer_legs",
                         "an on-site transfer records transfer legs only");
    }
    return 0;
}

int64_t fg_station_detention(int64_t arrived, int64_t departed, int64_t now)
{
    if (arrived <= 0)
        return 0;
    int64_t end = departed > 0 ? departed : now;
    return end > arrived ? end - arrived : 0;
}

void fg_station_day_figures(const fg_station_visit *v, size_t n, int64_t now, fg_station_day *out)
{
    memset(out, 0, sizeof(*out));
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].cancelled) {
            out->cancelled++;
            continue;
        }
        out->booked++;
        if (v[i].arrived <= 0) {
            if (v[i].no_show || fg_station_no_show(v[i].slot, now))
                out->no_show++;
            continue;
        }
        out->arrived++;
        if (v[i].arrived > v[i].slot + FG_STATION_SLOT_MS)
            out->late++;
        if (v[i].departed <= 0) {
            out->inside++;
            continue;
        }
        out->departed++;
        int64_t d = fg_station_detention(v[i].arrived, v[i].departed, now);
        sum += d;
        if (d > out->detention_max)
            out->detention_max = d;
    }
    out->detention_mean = out->departed ? sum / out->departed : 0;
}
