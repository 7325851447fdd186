/* UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits. */
#ifndef FG_CORE_UUID_H
#define FG_CORE_UUID_H

#include <stdint.h>

#include "../util/err.h"

/* Formats a UUIDv7 from `ms` and 10 random bytes into out (36 chars + NUL).
 * Ids made later sort after earlier ones (to the millisecond). */
void fg_uuid_v7(int64_t ms, const unsigned char rnd[10], char out[37]);
/* 0 when `s` is a canonical lower-case UUID of version 7, else FG_EINVAL. */
int fg_uuid_check(const char *s);

#endif
