/* The critical-link mark: what the guidance sees of it and who may mark by
 * hand. */
#include "critical.h"

#include <string.h>

#include "region.h"

bool fg_critical_marked(const fg_critical_state *s)
{
    return s->manual || s->analysis != FG_CHAIN_CRIT_NONE;
}

void fg_critical_guidance_input(const fg_critical_state *s, fg_guidance_input *in)
{
    in->whitelist = s->whitelist;
    in->critical = fg_critical_marked(s);
}

const char *fg_critical_basis_name(fg_chain_crit_reason reason, bool manual)
{
    return manual ? "manual" : fg_chain_crit_name(reason);
}

/* Code points in a UTF-8 string (continuation bytes not counted). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int fg_critical_manual_check(const fg_principal *p, int32_t region, const char *reason, fg_err *err)
{
    if (p->role != FG_ROLE_INDUSTRY_AUTHORITY || p->region <= 0 ||
        fg_region_level_of(p->region) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EPERM, NULL, "critical.province_only",
                         "only a provincial industry authority marks an enterprise as a "
                         "critical link by hand");
    if (!fg_region_contains(p->region, region))
        return fg_err_at(err, FG_EPERM, NULL, "critical.outside",
                         "the enterprise is outside your province");
    size_t n = reason ? chars(reason) : 0;
    if (n < FG_CRITICAL_REASON_MIN || n > FG_CRITICAL_REASON_MAX)
        return fg_err_at(err, FG_EINVAL, "reason", "critical.reason",
                         "a manual mark and its removal give a reason of {min:%d} to {max:%d} "
                         "characters",
                         FG_CRITICAL_REASON_MIN, FG_CRITICAL_REASON_MAX);
    return 0;
}
