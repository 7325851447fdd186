/* Region code arithmetic. */
#include "region.h"

#include <stdio.h>

#include "../util/assert.h"

int fg_region_parse(const char *s, const char *field, int32_t *out, fg_err *err)
{
    int32_t v = 0;
    int i = 0;
    for (; s[i]; i++) {
        if (i >= 6 || s[i] < '0' || s[i] > '9')
            break;
        v = v * 10 + (s[i] - '0');
    }
    if (i != 6 || s[i] != '\0')
        return fg_err_at(err, FG_EINVAL, field, "region.code",
                         "{field:%s} must be a six-digit GB/T 2260 region code, not "
                         "'{value:%.20s}'",
                         field, s);
    *out = v;
    return 0;
}

fg_region_level fg_region_level_of(int32_t code)
{
    if (code == 0)
        return FG_LEVEL_NATION;
    if (code % 10000 == 0)
        return FG_LEVEL_PROVINCE;
    if (code % 100 == 0)
        return FG_LEVEL_CITY;
    return FG_LEVEL_COUNTY;
}

const char *fg_region_level_name(fg_region_level level)
{
    static const char *names[] = {"nation", "province", "city", "county"};
    _Static_assert(FG_COUNTOF(names) == FG_LEVEL_COUNTY + 1, "a name for every region level");
    if (FG_NEVER((unsigned)level >= FG_COUNTOF(names)))
        return "";
    return names[level];
}

int32_t fg_region_parent(int32_t code)
{
    switch (fg_region_level_of(code)) {
    case FG_LEVEL_NATION: return -1;
    case FG_LEVEL_PROVINCE: return 0;
    case FG_LEVEL_CITY: return code / 10000 * 10000;
    case FG_LEVEL_COUNTY: return code / 100 * 100;
    }
    return -1;
}

void fg_region_range(int32_t code, int32_t *out_lo, int32_t *out_hi)
{
    switch (fg_region_level_of(code)) {
    case FG_LEVEL_NATION:
        *out_lo = 0;
        *out_hi = 999999;
        return;
    case FG_LEVEL_PROVINCE:
        *out_lo = code;
        *out_hi = code + 9999;
        return;
    case FG_LEVEL_CITY:
        *out_lo = code;
        *out_hi = code + 99;
        return;
    case FG_LEVEL_COUNTY:
        *out_lo = code;
        *out_hi = code;
        return;
    }
}

bool fg_region_contains(int32_t outer, int32_t inner)
{
    int32_t lo, hi;
    if (outer < 0 || inner < 0)
        return false;
    fg_region_range(outer, &lo, &hi);
    return inner >= lo && inner <= hi;
}

void fg_region_format(int32_t code, char out[7])
{
    snprintf(out, 7, "%06d", (int)code);
}
