/* The deadline engine: clocks with pauses and the escalation ladder. */
#include "deadline.h"

#include <string.h>

#include "../util/assert.h"
#include "region.h"

#define HOUR (3600LL * 1000)

static const fg_deadline_kind kinds[] = {
    /* A region asked by another: the first answer within a day, closure
     * within three; overdue, to the province, a day later to the nation. */
    {"coordination", 24 * HOUR, 72 * HOUR, 24 * HOUR, FG_LADDER_PROVINCE_NATION},
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

/* The deadline `limit` after the start, moved on by every pause that began
 * before it (a pause still running moves it on to now). */
static int64_t due_with_pauses(const fg_deadline_item *it, int64_t limit, int64_t now,
                               bool *out_paused)
{
    int64_t due = it->started_at + limit;
    *out_paused = false;
    for (size_t i = 0; i < it->n_pauses; i++) {
        const fg_deadline_pause *p = &it->pauses[i];
        if (p->from >= due || p->from > now)
            break;
        int64_t to = p->to ? p->to : now;
        if (!p->to)
            *out_paused = true;
        if (to > p->from)
            due += to - p->from;
    }
    return due;
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
