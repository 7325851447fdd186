/* The one place the process reads the clock and the random source. Core code
 * never calls these: callers pass the values in. */
#ifndef FG_UTIL_CLOCK_H
#define FG_UTIL_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the Unix epoch (CLOCK_REALTIME). */
int64_t fg_clock_now_ms(void);
/* Cryptographically secure random bytes (libsodium). */
void fg_clock_random(void *out, size_t n);
/* A new UUIDv7 as 36 characters + NUL, from the clock and the random source. */
void fg_clock_uuid(char out[37]);
/* The deployment's time zone (FUGONG_TZ, default Asia/Shanghai), which decides
 * what "today" is and how times are shown. Borrowed, for the process's life. */
const char *fg_clock_zone(void);
/* The date, in the deployment's zone, of a Unix time in ms, as YYYYMMDD. */
int32_t fg_clock_date(int64_t ms);
/* A Unix time in ms as the deployment's zone reads it, "YYYY-MM-DD HH:MM"
 * (16 characters + NUL), for people: exports and printed pages. */
void fg_clock_local_minute(int64_t ms, char out[17]);
/* Seconds east of UTC of the deployment's zone at a Unix time in ms (what
 * core/ takes to put a local hour on the clock: transfer-station slots). */
int32_t fg_clock_zone_offset(int64_t ms);
/* Today's date in the deployment's zone as YYYYMMDD. */
int32_t fg_clock_today(void);

#endif
