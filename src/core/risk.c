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

/* As the browser says them (web/src/i18n.js level). */
static const fg_word risk_words[] = {{"low", "低风险", "Low risk"},
                                     {"medium", "中风险", "Medium risk"},
                                     {"high", "高风险", "High risk"}};
static const fg_word risk_short[] = {
    {"low", "低", "Low"}, {"medium", "中", "Medium"}, {"high", "高", "High"}};
/* Both, for lists: entry i is level i % 3. */
static const fg_word risk_any[] = {
    {"low", "低风险", "Low risk"},   {"medium", "中风险", "Medium risk"},
    {"high", "高风险", "High risk"}, {"low", "低", "Low"},
    {"medium", "中", "Medium"},      {"high", "高", "High"}};

const fg_word *fg_risk_word(fg_risk_level level)
{
    if (FG_NEVER((unsigned)level >= FG_COUNTOF(risk_words)))
        return &risk_words[0];
    return &risk_words[level];
}

int fg_risk_parse_words(const char *s, fg_risk_level *out, fg_err *err)
{
    size_t n = strlen(s);
    int i = fg_word_find(risk_words, FG_COUNTOF(risk_words), s, n);
    if (i < 0)
        i = fg_word_find(risk_short, FG_COUNTOF(risk_short), s, n);
    if (i < 0)
        return fg_risk_parse(s, out, err);
    *out = (fg_risk_level)i;
    return 0;
}

int fg_risk_parse_list(const char *s, unsigned *out, fg_err *err)
{
    unsigned bits;
    const char *bad;
    size_t n;
    if (fg_word_list(risk_any, FG_COUNTOF(risk_any), s, &bits, &bad, &n))
        return fg_err_at(err, FG_EINVAL, "plans_filed", "risk.level_list",
                         "plans_filed lists risk levels (low, medium, high: in "
                         "Chinese or English), not '{value:%.*s}'",
                         (int)(n > 20 ? 20 : n), bad);
    *out = (bits | bits >> 3) & 7u;
    return 0;
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
