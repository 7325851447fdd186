/* Clock and randomness for the process (not for src/core). */
#include "clock.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/date.h"
#include "../core/uuid.h"

/* Tests move time by writing an offset in milliseconds to the file named by
 * FUGONG_CLOCK_OFFSET_FILE (read again when its modification time changes);
 * without the variable the clock is the system's. */
static pthread_once_t offset_once = PTHREAD_ONCE_INIT;
static const char *offset_path;
static pthread_mutex_t offset_lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec offset_mtime;
static int64_t offset_ms;

static void offset_init(void)
{
    const char *p = getenv("FUGONG_CLOCK_OFFSET_FILE");
    offset_path = p && *p ? p : NULL;
}

static int64_t clock_offset(void)
{
    pthread_once(&offset_once, offset_init);
    if (!offset_path)
        return 0;
    struct stat st;
    pthread_mutex_lock(&offset_lock);
    if (stat(offset_path, &st) == 0 &&
        (st.st_mtim.tv_sec != offset_mtime.tv_sec || st.st_mtim.tv_nsec != offset_mtime.tv_nsec)) {
        FILE *f = fopen(offset_path, "r");
        long long v = 0;
        if (f) {
            if (fscanf(f, "%lld", &v) == 1)
                offset_ms = (int64_t)v;
            fclose(f);
        }
        offset_mtime = st.st_mtim;
    }
    int64_t v = offset_ms;
    pthread_mutex_unlock(&offset_lock);
    return v;
}

int64_t fg_clock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + clock_offset();
}

void fg_clock_random(void *out, size_t n)
{
    randombytes_buf(out, n);
}

/* Ids need unpredictable bits but not a system call each: a per-thread pool
 * refilled from the random source 4 KiB at a time. */
static _Thread_local unsigned char uuid_pool[4096];
static _Thread_local size_t uuid_pool_left;

void fg_clock_uuid(char out[37])
{
    if (uuid_pool_left < 10) {
        fg_clock_random(uuid_pool, sizeof(uuid_pool));
        uuid_pool_left = sizeof(uuid_pool);
    }
    uuid_pool_left -= 10;
    fg_uuid_v7(fg_clock_now_ms(), uuid_pool + uuid_pool_left, out);
}

static pthread_once_t zone_once = PTHREAD_ONCE_INIT;
static char zone_name[64];

/* Sets the process's TZ from FUGONG_TZ once. China has kept UTC+8 without
 * summer time since 1991, so the default needs no time-zone database: where
 * /usr/share/zoneinfo lacks it, the POSIX rule "CST-8" says the same. */
static void zone_init(void)
{
    const char *z = getenv("FUGONG_TZ");
    snprintf(zone_name, sizeof(zone_name), "%s", z && *z ? z : "Asia/Shanghai");
    char path[160];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone_name);
    struct stat st;
    const char *tz = zone_name;
    if (stat(path, &st) != 0 && strcmp(zone_name, "Asia/Shanghai") == 0)
        tz = "CST-8";
    setenv("TZ", tz, 1);
    tzset();
}

const char *fg_clock_zone(void)
{
    pthread_once(&zone_once, zone_init);
    return zone_name;
}

int32_t fg_clock_date(int64_t ms)
{
    pthread_once(&zone_once, zone_init);
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return fg_date_from_ms(ms);
    return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

void fg_clock_local_minute(int64_t ms, char out[17])
{
    pthread_once(&zone_once, zone_init);
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        gmtime_r(&t, &tm);
    if (strftime(out, 17, "%Y-%m-%d %H:%M", &tm) == 0)
        out[0] = '\0';
}

int32_t fg_clock_zone_offset(int64_t ms)
{
    pthread_once(&zone_once, zone_init);
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 8 * 3600;
    return (int32_t)tm.tm_gmtoff;
}

int32_t fg_clock_today(void)
{
    return fg_clock_date(fg_clock_now_ms());
}
