/* The epochs of what servers cache of the database, and the watcher that
 * moves them when another server or program changes it (see watch.h). */
#include "watch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../sys/log.h"
#include "store.h"

static const char *const topic_names[FG_WATCH_COUNT] = {"sessions", "guidance", "risk",
                                                        "enterprises"};

/* The watched tables: a change to any of them moves its topic's epoch. */
static const struct {
    const char *table;
    fg_watch_topic topic;
} watched[] = {
    {"sessions", FG_WATCH_SESSIONS},
    {"accounts", FG_WATCH_SESSIONS},
    {"account_enterprises", FG_WATCH_SESSIONS},
    {"guidance_tables", FG_WATCH_GUIDANCE},
    {"regions", FG_WATCH_RISK},
    {"risk_designations", FG_WATCH_RISK},
    {"enterprises", FG_WATCH_ENTERPRISES},
    {"critical_marks", FG_WATCH_ENTERPRISES},
    {"plans", FG_WATCH_ENTERPRISES},
    {"whitelist_applications", FG_WATCH_ENTERPRISES},
    {"whitelist_lists", FG_WATCH_ENTERPRISES},
    {"orders", FG_WATCH_ENTERPRISES},
};

static atomic_uint_fast64_t epochs[FG_WATCH_COUNT] = {1, 1, 1, 1};
/* The monotonic ms at which the watcher last read the database's epochs
 * (0: never, or deaf since). */
static atomic_int_fast64_t heard_ms;

static struct {
    pthread_mutex_t lock;
    pthread_t thread;
    bool started;
    atomic_bool stop;
    char *dsn;
} watcher = {PTHREAD_MUTEX_INITIALIZER, 0, false, false, NULL};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool hearing_at(int64_t now)
{
    int64_t h = atomic_load(&heard_ms);
    return h > 0 && now - h < FG_WATCH_DEAF_MS;
}

bool fg_store_watch_hearing(void)
{
    return hearing_at(mono_ms());
}

fg_watch_mark fg_store_watch_mark(fg_watch_topic t)
{
    int64_t now = mono_ms();
    fg_watch_mark m;
    m.epoch = atomic_load(&epochs[t]);
    m.heard = hearing_at(now);
    m.until_ms = now + (m.heard ? FG_WATCH_LONG_MS : FG_WATCH_SHORT_MS);
    return m;
}

bool fg_store_watch_fresh(const fg_watch_mark *m, fg_watch_topic t)
{
    int64_t now = mono_ms();
    return m->epoch == atomic_load(&epochs[t]) && now < m->until_ms &&
           (!m->heard || hearing_at(now));
}

void fg_store_watch_bump(fg_watch_topic t)
{
    atomic_fetch_add(&epochs[t], 1);
}

static void bump_all(void)
{
    for (int t = 0; t < FG_WATCH_COUNT; t++)
        fg_store_watch_bump((fg_watch_topic)t);
}

void fg_store_watch_bump_name(const char *name)
{
    for (int t = 0; t < FG_WATCH_COUNT; t++)
        if (strcmp(name, topic_names[t]) == 0) {
            fg_store_watch_bump((fg_watch_topic)t);
            return;
        }
    bump_all();
}

int fg__watch_install(fg_db *db, fg_err *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(watched) / sizeof(watched[0]); i++)
        rc = db->ops->watch_table(db, watched[i].table, topic_names[watched[i].topic], err);
    return rc;
}

/* The database's epochs as last read, per topic (-1: not yet). */
struct seen {
    int64_t epoch[FG_WATCH_COUNT];
    int64_t all; /* the engine's one epoch of every topic (SQLite's data_version) */
    bool first;  /* the first reading on a connection: records, moves nothing */
};

static void on_epoch(const char *topic, int64_t epoch, void *ctx)
{
    struct seen *seen = ctx;
    if (strcmp(topic, "*") == 0) {
        if (!seen->first && seen->all != epoch)
            bump_all();
        seen->all = epoch;
        return;
    }
    for (int t = 0; t < FG_WATCH_COUNT; t++)
        if (strcmp(topic, topic_names[t]) == 0) {
            if (!seen->first && seen->epoch[t] != epoch)
                fg_store_watch_bump((fg_watch_topic)t);
            seen->epoch[t] = epoch;
            return;
        }
    /* A topic this program does not cache (a newer program's): nothing. */
}

/* Reads the database's epochs every FG_WATCH_POLL_MS until stopped: a
 * topic whose epoch changed moves the process's; each reading proves the
 * connection. A failure makes it deaf (entries live FG_WATCH_SHORT_MS), and
 * it connects again; once it reads again, every epoch moves, since what
 * changed meanwhile was not seen. */
static void *watch_main(void *arg)
{
    (void)arg;
    fg_db *db = NULL;
    bool warned = false;
    struct seen seen;
    while (!atomic_load(&watcher.stop)) {
        fg_err err;
        fg_err_init(&err);
        if (!db) {
            seen.first = true;
            for (int t = 0; t < FG_WATCH_COUNT; t++)
                seen.epoch[t] = -1;
            seen.all = -1;
            if (fg_db_open(watcher.dsn, &db, &err) ||
                db->ops->watch_read(db, on_epoch, &seen, &err)) {
                if (db)
                    fg_db_close(db);
                db = NULL;
                if (!warned)
                    fg_warn("watch.deaf", "reason=\"%s\"", err.msg);
                warned = true;
                usleep(200 * 1000);
                continue;
            }
            seen.first = false;
            bump_all(); /* changed while deaf */
            atomic_store(&heard_ms, mono_ms());
            fg_info("watch.reading", "every_ms=%d", FG_WATCH_POLL_MS);
            warned = false;
        }
        usleep(FG_WATCH_POLL_MS * 1000);
        if (db->ops->watch_read(db, on_epoch, &seen, &err) == 0) {
            atomic_store(&heard_ms, mono_ms());
            continue;
        }
        atomic_store(&heard_ms, 0);
        bump_all();
        fg_warn("watch.deaf", "reason=\"%s\"", err.msg);
        warned = true;
        fg_db_close(db);
        db = NULL;
    }
    if (db)
        fg_db_close(db);
    atomic_store(&heard_ms, 0);
    return NULL;
}

int fg_store_watch_start(fg_store *s, fg_err *err)
{
    const char *dsn = fg_store_dsn(s);
    /* An in-memory SQLite database is one connection's: nothing to watch. */
    if (!*dsn || strcmp(dsn, ":memory:") == 0 || strstr(dsn, "mode=memory"))
        return 0;
    pthread_mutex_lock(&watcher.lock);
    int rc = 0;
    if (!watcher.started) {
        watcher.dsn = strdup(dsn);
        atomic_store(&watcher.stop, false);
        if (!watcher.dsn || pthread_create(&watcher.thread, NULL, watch_main, NULL) != 0) {
            free(watcher.dsn);
            watcher.dsn = NULL;
            rc = fg_err_set(err, FG_ENOMEM, "cannot start the cache watcher");
        } else {
            watcher.started = true;
        }
    }
    pthread_mutex_unlock(&watcher.lock);
    return rc;
}

void fg_store_watch_stop(void)
{
    pthread_mutex_lock(&watcher.lock);
    if (watcher.started) {
        atomic_store(&watcher.stop, true);
        pthread_join(watcher.thread, NULL);
        free(watcher.dsn);
        watcher.dsn = NULL;
        watcher.started = false;
    }
    pthread_mutex_unlock(&watcher.lock);
}
