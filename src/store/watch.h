/* What a server keeps of the database between requests (sessions, the
 * guidance table's version, region risk levels), and when it must let go
 * (issue 17, part "reads that keep up"). Each kind of data is a topic with an
 * epoch, process-wide: a cache entry is marked with the topic's epoch and a
 * lifetime *before* its data is read from the database, and serves only while
 * the epoch is unchanged and the lifetime runs.
 *
 * Each server's watcher thread (fg_store_watch_start) reads the database's
 * epochs every FG_WATCH_POLL_MS on a connection of its own and moves the
 * process's epoch of each topic whose epoch changed, so a committed change
 * by another server or program is seen within that interval; entries then
 * live FG_WATCH_LONG_MS at most. On PostgreSQL every statement that changes
 * a watched table, on any server or program, moves its topic's epoch within
 * its transaction (statement triggers adding one to a counter of the
 * topic's, one of many, so that writers do not queue on one row). SQLite
 * keeps one epoch for all topics, PRAGMA data_version, which any commit by
 * another connection moves. Writers of this process also move the epochs
 * of what they changed at commit (fg_store_watch_bump), so that its own
 * next reads see them at once. Each reading proves the watcher's
 * connection; when it has not read for FG_WATCH_DEAF_MS (a lost or silent
 * connection), entries live FG_WATCH_SHORT_MS only until it reads again,
 * and every epoch moves when it does. A process without a watcher (the
 * command line) keeps entries FG_WATCH_SHORT_MS. */
#ifndef FG_STORE_WATCH_H
#define FG_STORE_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"
#include "db.h"

typedef struct fg_store fg_store;

typedef enum fg_watch_topic {
    FG_WATCH_SESSIONS,    /* sessions, accounts, the enterprises accounts speak for */
    FG_WATCH_GUIDANCE,    /* guidance_tables */
    FG_WATCH_RISK,        /* regions, risk_designations */
    FG_WATCH_ENTERPRISES, /* enterprises and what their answer derives from: critical
                           * marks, approved plans, white-list applications and lists,
                           * orders */
    FG_WATCH_COUNT
} fg_watch_topic;

#define FG_WATCH_LONG_MS 60000 /* an entry's life while the watcher reads */
#define FG_WATCH_SHORT_MS 1000 /* otherwise */
#define FG_WATCH_POLL_MS 20    /* the watcher reads the database's epochs this often */
#define FG_WATCH_DEAF_MS 3000  /* no reading this long: it is taken as deaf */

/* A cache entry's mark: taken before its data is read. Lifetimes run on
 * the monotonic clock (a test moving the wall clock moves nothing here). */
typedef struct fg_watch_mark {
    uint64_t epoch;
    int64_t until_ms;
    bool heard; /* taken while the watcher read: valid only while it still does */
} fg_watch_mark;

fg_watch_mark fg_store_watch_mark(fg_watch_topic t);
/* Whether an entry marked m still serves. */
bool fg_store_watch_fresh(const fg_watch_mark *m, fg_watch_topic t);
/* A change made by this process (after its commit): its own entries of the
 * topic go at once, whatever the engine. */
void fg_store_watch_bump(fg_watch_topic t);
/* Moves the epoch of the topic named `name` ("sessions", "guidance",
 * "risk"); unknown names move every epoch. */
void fg_store_watch_bump_name(const char *name);
/* Starts the process's watcher thread (once; later calls do nothing; an
 * in-memory SQLite database has none). Its connection is opened on the
 * thread: a database that is down now is retried there. */
int fg_store_watch_start(fg_store *s, fg_err *err);
/* Stops and joins the watcher (for tests and a clean exit). */
void fg_store_watch_stop(void);
/* Whether the watcher reads now (metrics, tests). */
bool fg_store_watch_hearing(void);

/* The watched tables and their topics, installed by the migrations. */
int fg__watch_install(fg_db *db, fg_err *err);

#endif
