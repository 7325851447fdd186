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
/* Today's date (UTC) as YYYYMMDD. */
int32_t fg_clock_today(void);

#endif
