/* Risk level resolution over effective-dated designations. */
#include "risk.h"

#include <string.h>

#include "../util/assert.h"
#include "date.h"
#include "region.h"

const char *fg_risk_name(fg_risk_level level)
{
    static const char *names[] = {"low", "medium", "high"};
    _Static_assert(FG_COUNTOF(names) == FG_RISK_HIGH + 1, "a name for every risk level");
    if (FG_NEVER((unsigned)level >= FG_COUNTOF(names)))
        return "";
    return names[level];
}

int fg_risk_parse(const char *s, fg_risk_level *out, fg_err *err)
{
    for (int i = FG_RISK_LOW; i <= FG_RISK_HIGH; i++) {
        if (strcmp(s, fg_risk_name((fg_risk_level)i)) == 0) {
            *out = (fg_risk_level)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "level", "risk.level",
                     "risk level must be low, medium or high, not '{value:%.20s}'", s);
}

void fg_risk_resolve(int32_t region, int32_t date, const fg_risk_designation *d, size_t n,
                     fg_risk_resolution *out)
{
    out->level = FG_RISK_LOW;
    out->source_region = -1;
    out->index = -1;
    for (int32_t r = region; r >= 0; r = fg_region_parent(r)) {
        int best = -1;
        for (size_t i = 0; i < n; i++) {
            if (d[i].region != r || d[i].effective_on > date)
                continue;
            if (best < 0 || d[i].effective_on > d[best].effective_on ||
                (d[i].effective_on == d[best].effective_on && d[i].seq > d[best].seq))
                best = (int)i;
        }
        if (best >= 0) {
            out->level = d[best].level;
            out->source_region = r;
            out->index = best;
            return;
        }
    }
}

int32_t fg_risk_review_on(fg_risk_level level, int32_t effective_on)
{
    if (level == FG_RISK_LOW)
        return 0;
    return fg_date_from_days(fg_date_days(effective_on) + FG_RISK_REVIEW_DAYS);
}
