/* Transfer stations as stored (issue 14): the stations, one counter row per
 * slot and mode, the bookings and the handover records. A booking is one
 * guarded increment of its slot's counter (UPDATE ... WHERE booked <
 * capacity) in the transaction that inserts it, so that exactly N bookings
 * succeed for N places on either engine, whatever the race; a pass holds one
 * live booking at a time (a unique index). Every write carries its audit
 * entry. Nothing here decides: app/stations.c asks core/station.h. */
#ifndef FG_STORE_STATIONS_H
#define FG_STORE_STATIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/station.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* Creates the station (s->id is set, version 1). FG_EEXIST station.name_taken. */
int fg_store_station_create(fg_db *db, fg_station *s, int64_t now, const char *actor, fg_err *err);
/* FG_ENOTFOUND station.not_found. */
int fg_store_station_get(fg_db *db, const char *id, fg_station *out, fg_err *err);
/* Writes s's fields if the station is still at s->version (FG_ECONFLICT
 * otherwise); the version is then s->version + 1. Slots already made keep
 * their capacity; new slots take the new one. */
int fg_store_station_update(fg_db *db, const fg_station *s, int64_t now, const char *actor,
                            fg_err *err);
/* The stations whose county lies in [lo, hi] (region code ranges), by name;
 * *out is new (free()). */
int fg_store_stations_list(fg_db *db, int32_t lo, int32_t hi, fg_station **out, size_t *out_n,
                           fg_err *err);
/* The counters of the station's slots of `mode` starting in [from, to); *out
 * new (free()). */
int fg_store_station_fill(fg_db *db, const char *station, fg_station_mode mode, int64_t from,
                          int64_t to, fg_station_fill **out, size_t *out_n, fg_err *err);
typedef struct fg_booking_row {
    char id[37];
    char station[37];
    char station_name[128];
    int32_t region; /* the station's county */
    fg_station_mode mode;
    int64_t starts_at;
    char pass_number[13];
    char plate[24];
    char applicant[20];
    int32_t origin;
    bool closed_loop, test_expired, contactless;
    char state[12]; /* booked | cancelled | arrived | departed | no_show */
    int64_t booked_at, cancelled_at, arrived_at, departed_at;
    char booked_by[65], gate_by[65];
    int version;
} fg_booking_row;

/* Books b's slot: makes the slot's counter row if none (with `capacity`),
 * takes a place if one is left, and inserts the booking (b->id set, state
 * booked, version 1) with its audit entry, in one transaction. FG_ECONFLICT
 * station.slot_full when the slot is full; FG_EEXIST station.double_booking
 * when the pass already holds a live booking. */
int fg_store_booking_add(fg_db *db, fg_booking_row *b, int capacity, int64_t now, const char *actor,
                         fg_err *err);
/* FG_ENOTFOUND booking.not_found. */
int fg_store_booking_get(fg_db *db, const char *id, fg_booking_row *out, fg_err *err);
/* The pass's live booking (booked or arrived), FG_ENOTFOUND when none. */
int fg_store_booking_live(fg_db *db, const char *pass_number, fg_booking_row *out, fg_err *err);
/* Cancels a booked booking still at b->version and gives its place back. */
int fg_store_booking_cancel(fg_db *db, const fg_booking_row *b, int64_t now, const char *actor,
                            fg_err *err);
/* Records the arrival at the gate (booked → arrived), with whether the
 * crew's test had lapsed; the detention clock starts. */
int fg_store_booking_arrive(fg_db *db, const fg_booking_row *b, bool test_expired, int64_t now,
                            const char *actor, fg_err *err);
/* Writes the handover legs (a trailer swap's two legs paired) of an arrived
 * booking that has none yet. FG_ECONFLICT station.handover_done otherwise. */
int fg_store_booking_handover(fg_db *db, const fg_booking_row *b, const fg_handover_leg *legs,
                              size_t n, bool contactless, int64_t now, const char *actor,
                              fg_err *err);
/* The number of handover legs recorded for a booking. */
int fg_store_booking_legs(fg_db *db, const char *booking, int *out, fg_err *err);
/* Records the departure (arrived → departed): the detention clock stops. */
int fg_store_booking_depart(fg_db *db, const fg_booking_row *b, int64_t now, const char *actor,
                            fg_err *err);
/* Marks as no-shows the booked bookings whose slot started before `before`,
 * one audit entry each, as `actor`. *out_n: how many. */
int fg_store_bookings_no_show(fg_db *db, int64_t before, int64_t now, const char *actor,
                              size_t *out_n, fg_err *err);

/* Inside tx: the live booking of pass `from` (if any) now names pass `to`
 * (its crew updated: the same trip, re-signed). *out_moved: 0 or 1. */
int fg_store_bookings_move_pass(fg_tx *tx, const char *from, const char *to, int *out_moved,
                                fg_err *err);

typedef struct fg_booking_filter {
    const char *station;   /* NULL: any */
    const char *applicant; /* NULL: any */
    const char *pass;      /* NULL: any */
    int64_t from, to;      /* slot start in [from, to) */
    int limit;
} fg_booking_filter;
/* Bookings by slot, then booking time; *out new (free()). */
int fg_store_bookings_list(fg_db *db, const fg_booking_filter *f, fg_booking_row **out,
                           size_t *out_n, fg_err *err);
/* Trucks ahead of booking b in its station's queue for its mode at `now`:
 * those inside (arrived, not departed) that arrived before it (all of them
 * while b has not arrived), and, while b has not arrived, those booked for an
 * earlier slot still to come (not yet a no-show at `now`). */
int fg_store_booking_ahead(fg_db *db, const fg_booking_row *b, int64_t now, size_t *out,
                           fg_err *err);

/* The booking and the station as the API shows them (new). */
json_t *fg_booking_row_json(const fg_booking_row *b, int64_t now);
json_t *fg_station_json(const fg_station *s);
/* The booking's handover legs as the API shows them (new array). */
int fg_store_booking_handovers(fg_db *db, const char *booking, json_t **out, fg_err *err);

#endif
