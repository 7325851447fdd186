/* Clock and randomness for the process (not for src/core). */
#include "clock.h"

#include <sodium.h>
#include <stdlib.h>
#include <time.h>

#include "../core/date.h"
#include "../core/uuid.h"

int64_t fg_clock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fg_clock_random(void *out, size_t n) { randombytes_buf(out, n); }

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

int32_t fg_clock_today(void) { return fg_date_from_ms(fg_clock_now_ms()); }
