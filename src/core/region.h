/* Administrative division codes (GB/T 2260): six digits, PPCCXX. 000000 is the
 * whole country, PP0000 a province, PPCC00 a city (prefecture), anything else a
 * county. Containment is arithmetic on the code, so it can be answered without
 * the region table and turned into a code range for queries. Pure. */
#ifndef FG_CORE_REGION_H
#define FG_CORE_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"

#define FG_REGION_NATION 0

typedef enum {
    FG_LEVEL_NATION = 0,
    FG_LEVEL_PROVINCE = 1,
    FG_LEVEL_CITY = 2,
    FG_LEVEL_COUNTY = 3,
} fg_region_level;

/* Parses exactly six ASCII digits into *out. FG_EINVAL with a reason otherwise
 * (the field name for the message is `field`). Existence is not checked. */
int fg_region_parse(const char *s, const char *field, int32_t *out, fg_err *err);
/* The level a code denotes. `code` must be 0..999999. */
fg_region_level fg_region_level_of(int32_t code);
/* "nation", "province", "city", "county". */
const char *fg_region_level_name(fg_region_level level);
/* The code one level up: county -> city, city -> province, province -> nation.
 * The nation has no parent: -1. */
int32_t fg_region_parent(int32_t code);
/* Whether `inner` is `outer` or lies inside it. */
bool fg_region_contains(int32_t outer, int32_t inner);
/* The inclusive code range [*lo, *hi] of everything inside `code`. */
void fg_region_range(int32_t code, int32_t *out_lo, int32_t *out_hi);
/* Formats the six-digit code (7 bytes with NUL). */
void fg_region_format(int32_t code, char out[7]);

#endif
