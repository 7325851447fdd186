/* Calendar dates as YYYYMMDD integers (20261126), and RFC 3339 times. Pure. */
#ifndef FG_CORE_DATE_H
#define FG_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* Parses "YYYY-MM-DD" (exactly) into YYYYMMDD; checks month and day ranges,
 * leap years included. FG_EINVAL with a reason otherwise. */
int fg_date_parse(const char *s, int32_t *out, fg_err *err);
/* Writes "YYYY-MM-DD" into out (11 bytes). */
void fg_date_format(int32_t date, char out[11]);
/* The UTC date of a Unix time in milliseconds. */
int32_t fg_date_from_ms(int64_t ms);
/* Days since 1970-01-01 of a valid date, and back. */
int64_t fg_date_days(int32_t date);
int32_t fg_date_from_days(int64_t days);
/* Writes an RFC 3339 UTC time "2026-11-26T21:47:13.123Z" (25 bytes). */
void fg_time_format(int64_t ms, char out[25]);
/* Parses an RFC 3339 time with a zone ("2026-11-27T08:00:00Z",
 * "2026-11-27T16:00+08:00"; seconds and fractions optional) into Unix ms. */
int fg_time_parse(const char *s, int64_t *out, fg_err *err);

#endif
