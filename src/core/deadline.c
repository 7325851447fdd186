/* The deadline engine: clocks with pauses and the escalation ladder. */
#include "deadline.h"

#include <string.h>

#include "../util/assert.h"
#include "date.h"
#include "enterprise.h"
#include "region.h"

#define HOUR (3600LL * 1000)

static const fg_deadline_kind kinds[] = {
    /* A region asked by another: the first answer within a day, closure
     * within three; overdue, to the province, a day later to the nation. */
    {"coordination", 24 * HOUR, 72 * HOUR, 24 * HOUR, FG_LADDER_PROVINCE_NATION, false},
};

const fg_deadline_kind *fg_deadline_kinds(size_t *out_n)
{
    *out_n = sizeof(kinds) / sizeof(kinds[0]);
    return kinds;
}

const fg_deadline_kind *fg_deadline_kind_find(const char *name)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

size_t fg_deadline_ladder(fg_ladder ladder, int32_t owner, int32_t out[FG_DEADLINE_MAX_LADDER])
{
    size_t n = 0;
    out[n++] = owner;
    int32_t r = owner;
    while (r != FG_REGION_NATION && n < FG_DEADLINE_MAX_LADDER) {
        if (ladder == FG_LADDER_PROVINCE_NATION)
            r = fg_region_level_of(r) == FG_LEVEL_PROVINCE ? FG_REGION_NATION : r / 10000 * 10000;
        else
            r = fg_region_parent(r);
        out[n++] = r;
    }
    return n;
}

#define DAY (24 * HOUR)

const fg_deadline_calendar fg_deadline_weekends = {8 * HOUR, NULL, NULL, 0};

int fg_deadline_calendar_check(int32_t date, bool working, const char *name, fg_err *err)
{
    char s[11];
    fg_date_format(date, s);
    int32_t back = 0;
    if (date <= 0 || fg_date_parse(s, &back, NULL) != 0 || back != date)
        return fg_err_at(err, FG_EINVAL, "day", "calendar.day", "not a date: {value:%d}",
                         (int)date);
    size_t n = name ? fg_utf8_len(name) : 0;
    if (n < 1 || n > 40)
        return fg_err_at(err, FG_EINVAL, "name", "calendar.name",
                         "name the day (the holiday it belongs to), 1 to 40 characters");
    int64_t wd = (fg_date_days(date) + 4) % 7; /* 0: Sunday */
    if (working && wd != 0 && wd != 6)
        return fg_err_at(err, FG_EINVAL, "working", "calendar.workday_weekday",
                         "{day:%s} is a weekday and works anyway; a working day in the calendar "
                         "is a Saturday or Sunday worked in exchange for a holiday (调休)",
                         s);
    return 0;
}

bool fg_deadline_working_day(const fg_deadline_calendar *c, int32_t date)
{
    if (!c)
        c = &fg_deadline_weekends;
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->days[mid] == date)
            return c->working[mid];
        if (c->days[mid] < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t wd = (fg_date_days(date) + 4) % 7; /* 1970-01-01 was a Thursday; 0: Sunday */
    return wd != 0 && wd != 6;
}

/* The local day (days since 1970-01-01) that `t` falls in. */
static int64_t local_day(const fg_deadline_calendar *c, int64_t t)
{
    int64_t x = t + c->utc_offset_ms;
    return x >= 0 ? x / DAY : -((-x + DAY - 1) / DAY);
}

/* The time at which `limit` of running time after the start has passed:
 * time inside pauses (one still running: until now) and, for a working-days
 * kind, on days that are not working days does not count. */
static int64_t due_with_pauses(const fg_deadline_item *it, int64_t limit, int64_t now,
                               bool *out_paused)
{
    const fg_deadline_calendar *cal = it->calendar ? it->calendar : &fg_deadline_weekends;
    bool working = it->kind->working_days;
    int64_t t = it->started_at, left = limit;
    size_t pi = 0;
    *out_paused = false;
    /* Each round moves t to the next boundary (a pause's start or end, a
     * midnight); a year and a half of days at most. */
    for (int guard = 0; guard < 600 + 2 * (int)it->n_pauses; guard++) {
        while (pi < it->n_pauses) {
            const fg_deadline_pause *p = &it->pauses[pi];
            int64_t to = p->to ? p->to : now;
            if (p->from > now || to > t)
                break;
            pi++;
        }
        const fg_deadline_pause *p =
            pi < it->n_pauses && it->pauses[pi].from <= now ? &it->pauses[pi] : NULL;
        if (p && p->from <= t) {
            /* Inside a pause: the clock stands until it ends (or now). */
            if (!p->to)
                *out_paused = true;
            t = p->to ? p->to : now;
            pi++;
            continue;
        }
        int64_t end = INT64_MAX;
        if (working) {
            int64_t day = local_day(cal, t);
            end = (day + 1) * DAY - cal->utc_offset_ms;
            if (!fg_deadline_working_day(cal, fg_date_from_days(day))) {
                t = end;
                continue;
            }
        }
        if (p && p->from < end)
            end = p->from;
        if (end - t >= left)
            return t + left;
        left -= end - t;
        t = end;
    }
    (void)FG_NEVER(true);
    return t + left;
}

void fg_deadline_status_at(const fg_deadline_item *it, int64_t now, fg_deadline_status *out)
{
    FG_ASSERT(it->kind);
    const fg_deadline_kind *k = it->kind;
    int32_t ladder[FG_DEADLINE_MAX_LADDER];
    size_t n = fg_deadline_ladder(k->ladder, it->owner, ladder);
    size_t at = it->escalations < 0 ? 0 : (size_t)it->escalations;
    if (FG_NEVER(at >= n))
        at = n - 1;
    *out = (fg_deadline_status){FG_CLOCK_NONE, 0, false, false, ladder[at], false, -1, 0};
    if (at + 1 < n)
        out->escalate_to = ladder[at + 1];
    if (it->closed_at)
        return;
    int64_t limit;
    if (!it->answered_at && k->first_answer_ms) {
        out->clock = FG_CLOCK_FIRST_ANSWER;
        limit = k->first_answer_ms;
    } else if (k->closure_ms) {
        out->clock = FG_CLOCK_CLOSURE;
        limit = k->closure_ms;
    } else {
        return;
    }
    out->due_at = due_with_pauses(it, limit, now, &out->paused);
    out->overdue = !out->paused && now >= out->due_at;
    if (out->paused || out->escalate_to < 0)
        return;
    /* The first escalation at the deadline, each next one `every` after the
     * one before (or after the deadline, whichever is later). */
    int64_t next = out->due_at;
    if (it->escalations > 0) {
        int64_t after = it->escalated_at + k->escalate_every_ms;
        if (after > next)
            next = after;
    }
    out->next_escalation_at = next;
    out->escalation_due = now >= next;
}
