/* Transfer stations (物资中转站): a station's hours and capacity per mode, the
 * slot arithmetic in the deployment's zone, what may be booked and cancelled
 * when (the cut-off), the next free slot, the expected wait in the queue, the
 * drivers' closed loop, the handover record's rules and the detention clock.
 * Pure: time and the zone's offset are parameters, the counts of a slot come
 * from the caller (the store keeps one counter row per slot). */
#ifndef FG_CORE_STATION_H
#define FG_CORE_STATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "pass.h"
#include "risk.h"

#define FG_STATION_SLOT_MS (3600LL * 1000) /* one slot is one local hour */
#define FG_STATION_HORIZON_DAYS 7          /* bookings open this many days ahead */
#define FG_STATION_MAX_PER_HOUR 120
#define FG_STATION_NO_SHOW_GRACE_MS (30LL * 60 * 1000) /* after the slot's end */
#define FG_STATION_MAX_LEGS 4

/* 甩挂 trailer_swap: the tractor drops its trailer and leaves with another;
 * 接驳 on_site_transfer: the goods pass from one truck to another on site. */
typedef enum {
    FG_STATION_TRAILER_SWAP = 0,
    FG_STATION_ON_SITE_TRANSFER,
    FG_STATION_MODE_COUNT
} fg_station_mode;

/* open: takes bookings; closed: takes none; full: the transport side has
 * stopped new bookings (the bookings made stand). */
typedef enum { FG_STATION_OPEN = 0, FG_STATION_CLOSED, FG_STATION_FULL } fg_station_state;

typedef struct fg_station {
    char id[37];
    char name[128];
    int32_t region; /* the county it stands in */
    char operator_name[128];
    char address[200];
    int32_t lon_e6, lat_e6;              /* WGS-84 degrees × 10^6 */
    int opens, closes;                   /* local hours: slots start at opens .. closes-1 */
    int per_hour[FG_STATION_MODE_COUNT]; /* trucks a slot takes, by mode; 0: not offered */
    int cutoff_min; /* a slot is booked and cancelled up to this many minutes before it */
    fg_station_state state;
    int version;
} fg_station;

const char *fg_station_mode_name(fg_station_mode m);
int fg_station_mode_parse(const char *s, fg_station_mode *out, fg_err *err);
const char *fg_station_state_name(fg_station_state s);
int fg_station_state_parse(const char *s, fg_station_state *out, fg_err *err);

/* Checks a station's fields (name, county, hours, capacities, cut-off,
 * coordinates); every problem is named by its field. */
int fg_station_check(const fg_station *s, fg_err *err);

/* The instant (ms) a local hour of a local date (YYYYMMDD) starts, for a zone
 * `offset_s` seconds east of UTC. */
int64_t fg_station_slot_at(int32_t date, int hour, int32_t offset_s);
/* The local date and hour of an instant (minute and second dropped). */
void fg_station_slot_local(int64_t ms, int32_t offset_s, int32_t *out_date, int *out_hour);

/* 0 when slot `slot` of mode `m` may be booked at `now`: the station is open,
 * offers the mode, the slot starts on a local hour inside the hours, it is
 * no later than the horizon and `now` is before its cut-off. Capacity is the
 * store's to hold (one guarded counter). FG_EINVAL / FG_ECONFLICT otherwise. */
int fg_station_book_check(const fg_station *s, fg_station_mode m, int64_t slot, int64_t now,
                          int32_t offset_s, fg_err *err);
/* 0 when a booking of `slot` may still be cancelled at `now` (before the
 * cut-off); FG_ECONFLICT station.cancel_cutoff otherwise. */
int fg_station_cancel_check(const fg_station *s, int64_t slot, int64_t now, fg_err *err);

/* How many trucks a slot holds (its counter row), as the store reads them. */
typedef struct fg_station_fill {
    int64_t starts_at;
    int booked;
} fg_station_fill;

/* The first slot after `after` (ms, exclusive; 0: from now) that could be
 * booked at `now` and is not full given `fill` (any order; slots missing are
 * empty), or 0 when none is left inside the horizon. */
int64_t fg_station_next_free(const fg_station *s, fg_station_mode m, int64_t after, int64_t now,
                             int32_t offset_s, const fg_station_fill *fill, size_t n);

/* The expected wait (ms) of a truck with `ahead` trucks of the same mode
 * before it in the station: they leave at the mode's hourly rate. */
int64_t fg_station_expected_wait(const fg_station *s, fg_station_mode m, size_t ahead);

/* Whether a booking is a no-show at `now`: booked, never arrived, and the
 * slot ended more than FG_STATION_NO_SHOW_GRACE_MS ago. */
bool fg_station_no_show(int64_t slot, int64_t now);

/* 0 when a truck booked for `slot` may check in at `now`: from
 * FG_STATION_EARLY_MS before the slot until it becomes a no-show;
 * FG_ECONFLICT station.too_early / station.too_late otherwise. */
#define FG_STATION_EARLY_MS (2LL * 3600 * 1000)
int fg_station_arrival_check(int64_t slot, int64_t now, fg_err *err);

/* Whether a pass's route reaches `county`: its origin, destination or one of
 * its route counties. */
bool fg_station_route_reaches(const fg_pass_claims *c, int32_t county);

/* A driver from a high-risk county stays in the closed loop (闭环): marked on
 * the booking, and the handover must be contactless. */
bool fg_station_closed_loop(fg_risk_level origin_level);

/* One leg of a handover. A trailer swap has an inbound leg (the trailer the
 * truck drops, its seal) and an outbound leg (the trailer it leaves with);
 * an on-site transfer has one or more transfer legs (goods handed from one
 * party to another). */
typedef enum { FG_LEG_INBOUND = 0, FG_LEG_OUTBOUND, FG_LEG_TRANSFER, FG_LEG_COUNT } fg_leg;
const char *fg_leg_name(fg_leg l);
int fg_leg_parse(const char *s, fg_leg *out, fg_err *err);

typedef struct fg_handover_leg {
    fg_leg leg;
    char trailer[40]; /* trailer plate (…挂); "" for a transfer */
    char seal[64];    /* seal number on the trailer or load */
    char goods[128];
    char handed_by[64], handed_to[64];
    int64_t at; /* ms */
} fg_handover_leg;

/* Checks a handover for a booking of mode `m` that arrived at `arrived` (ms),
 * at `now`: the legs the mode needs (trailer swap: one inbound and one
 * outbound, each with trailer and seal, different trailers; on-site transfer:
 * transfer legs with goods and both parties), each timed between arrival and
 * now; and a closed-loop driver's handover contactless. All problems are
 * FG_EINVAL naming the leg's field, or FG_ECONFLICT station.contact_closed_loop. */
int fg_station_handover_check(fg_station_mode m, bool closed_loop, bool contactless,
                              const fg_handover_leg *legs, size_t n, int64_t arrived, int64_t now,
                              fg_err *err);

/* The detention clock: from arrival to departure, or to `now` while inside
 * (0 before arrival). */
int64_t fg_station_detention(int64_t arrived, int64_t departed, int64_t now);

/* A booking as the day's figures need it. */
typedef struct fg_station_visit {
    int64_t slot;
    int64_t arrived, departed; /* 0: not yet */
    bool cancelled, no_show;
} fg_station_visit;

typedef struct fg_station_day {
    int booked;    /* not cancelled */
    int cancelled; /* by the operator before the cut-off */
    int arrived;   /* checked in at the gate */
    int departed;
    int inside;                            /* arrived, not departed */
    int no_show;                           /* recorded, or due at `now` */
    int late;                              /* arrived after their slot ended */
    int64_t detention_mean, detention_max; /* ms, over the departed */
} fg_station_day;

/* The day's figures of the visits given (one station's bookings of a day). */
void fg_station_day_figures(const fg_station_visit *v, size_t n, int64_t now, fg_station_day *out);

#endif
