/* The deadline engine shared by everything that is owed an answer within a
 * time (coordination requests, and problems to come): a clock kind as data
 * (first answer within so long, closure within so long, how often an overdue
 * item climbs again, which ladder it climbs), paused intervals with their
 * reason, and the ladder of regions that hold an item as it escalates
 * (county → city → province → nation). Given now it says whether the running
 * clock is overdue, whether an escalation is due and to which region. Pure:
 * time is a parameter; it knows nothing of what the item is about. */
#ifndef FG_CORE_DEADLINE_H
#define FG_CORE_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define FG_DEADLINE_MAX_LADDER 4 /* county, city, province, nation */

/* How an overdue item climbs from the region that owes the answer. */
typedef enum {
    FG_LADDER_STEP = 0,       /* one level up each time: county → city → province → nation */
    FG_LADDER_PROVINCE_NATION /* to the region's province, then the nation */
} fg_ladder;

/* One clock kind (a row of fg_deadline_kinds). Times in ms; 0: no such clock. */
typedef struct fg_deadline_kind {
    const char *name;          /* "coordination" */
    int64_t first_answer_ms;   /* from the start to the first answer */
    int64_t closure_ms;        /* from the start to closure */
    int64_t escalate_every_ms; /* after one escalation, the next one this much later */
    fg_ladder ladder;
    bool working_days; /* the clocks run on working days only (whole local days, see
                          fg_deadline_calendar); false: around the clock */
} fg_deadline_kind;

/* Working days: Monday to Friday, except the holidays listed, plus the
 * weekend days listed as working (调休). Days are local: they begin at
 * midnight `utc_offset_ms` ahead of UTC (Asia/Shanghai: 8 h). The lists are
 * data (borrowed), sorted by day (YYYYMMDD). */
typedef struct fg_deadline_calendar {
    int64_t utc_offset_ms;
    const int32_t *days; /* exceptions, sorted */
    const bool *working; /* parallel: true a working weekend day, false a holiday */
    size_t n;
} fg_deadline_calendar;

/* The calendar of no exceptions at Asia/Shanghai (weekends only). */
extern const fg_deadline_calendar fg_deadline_weekends;

/* Checks one exception of the calendar before it is stored: a valid date, a
 * name of 1 to 40 characters, and a working day (调休) only on a Saturday or
 * Sunday (a weekday works anyway). FG_EINVAL with the field otherwise. */
int fg_deadline_calendar_check(int32_t date, bool working, const char *name, fg_err *err);

/* Whether `date` (YYYYMMDD) is a working day in `c`. */
bool fg_deadline_working_day(const fg_deadline_calendar *c, int32_t date);

/* A paused interval: the clock does not run from `from` to `to` (0: still
 * paused). `reason` borrowed. */
typedef struct fg_deadline_pause {
    int64_t from, to;
    const char *reason;
} fg_deadline_pause;

typedef enum {
    FG_CLOCK_NONE = 0,     /* closed: nothing runs */
    FG_CLOCK_FIRST_ANSWER, /* waiting for the first answer */
    FG_CLOCK_CLOSURE,      /* answered, waiting for closure */
} fg_clock;

/* An item as the engine sees it (all borrowed). Invariant: pauses sorted by
 * `from`, not overlapping; escalations ≤ the ladder's length − 1. */
typedef struct fg_deadline_item {
    const fg_deadline_kind *kind;
    int64_t started_at;
    int64_t answered_at; /* 0 until the first answer */
    int64_t closed_at;   /* 0 while open */
    const fg_deadline_pause *pauses;
    size_t n_pauses;
    int32_t owner;                        /* the region that owes the answer */
    int escalations;                      /* escalations recorded so far */
    int64_t escalated_at;                 /* the last one, 0 if none */
    const fg_deadline_calendar *calendar; /* for a working-days kind; NULL: weekends only */
} fg_deadline_item;

typedef struct fg_deadline_status {
    fg_clock clock;
    int64_t due_at;             /* the running clock's deadline with pauses added; 0: none */
    bool paused;                /* a pause is in progress */
    bool overdue;               /* now ≥ due_at */
    int32_t holder;             /* the region that holds the item now (ladder[escalations]) */
    bool escalation_due;        /* an escalation should be recorded now */
    int32_t escalate_to;        /* the region it goes to; -1 when at the top */
    int64_t next_escalation_at; /* when the next escalation falls due (≤ now when due);
                                   0: never (closed, paused or at the top) */
} fg_deadline_status;

/* The kinds (static); *out_n rows. */
const fg_deadline_kind *fg_deadline_kinds(size_t *out_n);
/* The kind named `name`, or NULL. Borrowed, static. */
const fg_deadline_kind *fg_deadline_kind_find(const char *name);

/* The regions an item owed by `owner` climbs through, owner first, into
 * out[0..return): duplicates dropped (a province owner on the
 * province-then-nation ladder has two rungs). */
size_t fg_deadline_ladder(fg_ladder ladder, int32_t owner, int32_t out[FG_DEADLINE_MAX_LADDER]);

/* The item's status at `now`. The running clock counts time from the start
 * that is not inside a pause (a pause still running counts as lasting until
 * now) and, for a working-days kind, falls on a working day; pauses before
 * the start are ignored. */
void fg_deadline_status_at(const fg_deadline_item *it, int64_t now, fg_deadline_status *out);

#endif
