/* Problems (诉求, issue 13) as stored: the kinds and their owners by region,
 * the working-day calendar, a problem with its pauses and timeline, the
 * list, the rates and repeated problems by region, the problems whose
 * escalation or quiet closing falls due. Every write runs in one transaction
 * with its audit entry. What may happen to a problem, and when, is decided
 * above (core/problem.h, core/deadline.h, app/problems.c). */
#ifndef FG_STORE_PROBLEMS_H
#define FG_STORE_PROBLEMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/deadline.h"
#include "../core/enterprise.h"
#include "../core/problem.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

#define FG_PROBLEM_KIND_MAX 32
#define FG_PROBLEM_MAX_PAUSES 16
#define FG_PROBLEM_PAUSE_MAX 200 /* characters of a pause's reason */
#define FG_PROBLEM_TEXT_BYTES (FG_PROBLEM_TEXT_MAX * 4 + 1)

/* One kind (a row of problem_kinds). */
typedef struct fg_problem_kind_row {
    char name[FG_PROBLEM_KIND_MAX];
    int sort;
    int64_t first_response_ms, resolution_ms, escalate_every_ms;
    bool working_days;
    int owner; /* a department (fg_role), -1: the county joint mechanism */
    bool truck;
    bool by_alert; /* opened only by the alerts sweep, never raised by hand */
} fg_problem_kind_row;

/* Calls fn for each kind, in order. */
int fg_store_problem_kinds(fg_db *db, int (*fn)(const fg_problem_kind_row *k, void *ctx), void *ctx,
                           fg_err *err);
/* The kind `name`; FG_EINVAL (field "kind") when there is none. */
int fg_store_problem_kind_get(fg_db *db, const char *name, fg_problem_kind_row *out, fg_err *err);
/* The department that owns `kind` in `county` by the nearest region's row of
 * problem_kind_owners (county, city, province): *out a role, or -1 when no
 * region says (the kind's default applies). */
int fg_store_problem_owner(fg_db *db, const char *kind, int32_t county, int *out, fg_err *err);
/* Sets (department ≥ 0) or removes (-1) a region's owner of a kind, in one
 * transaction with its audit entry (problem.owner) by `actor`. */
int fg_store_problem_owner_set(fg_db *db, const char *kind, int32_t region, int department,
                               int64_t now, const char *actor, fg_err *err);

/* A change to the calendar: a day's exception set (a holiday, or a weekend
 * day worked, 调休) or removed. */
typedef struct fg_calendar_change {
    int32_t day; /* YYYYMMDD */
    bool unset;
    bool working;
    char name[128];
} fg_calendar_change;
/* Applies the changes in one transaction, each audited (calendar.set,
 * calendar.unset: before → after); all or nothing. The caller has checked
 * them (fg_deadline_calendar_check). FG_ENOTFOUND (field "day") when a day to
 * remove has no exception. */
int fg_store_calendar_apply(fg_db *db, const fg_calendar_change *c, size_t n, int64_t now,
                            const char *actor, fg_err *err);
/* Calls fn for each exception from..to (YYYYMMDD), in day order. */
int fg_store_calendar_list(fg_db *db, int32_t from, int32_t to,
                           int (*fn)(int32_t day, bool working, const char *name, void *ctx),
                           void *ctx, fg_err *err);
/* The calendar's exceptions (work_calendar), sorted by day: up to `cap`. */
int fg_store_work_calendar(fg_db *db, int32_t *days, bool *working, size_t cap, size_t *out_n,
                           fg_err *err);

typedef struct fg_problem_pause_row {
    int64_t from, to;
    char reason[FG_PROBLEM_PAUSE_MAX * 4 + 1];
} fg_problem_pause_row;

typedef struct fg_problem_event {
    int64_t at;
    char actor[65];
    char action[24];
    char state[12];
    char department[32];
    char *text; /* owned */
} fg_problem_event;

/* A problem. Texts are copies (fixed buffers); `events` owned by a row read
 * with its timeline (fg_problem_row_release). */
typedef struct fg_problem_row {
    char id[37];
    char kind[FG_PROBLEM_KIND_MAX];
    fg_problem_source source;
    int32_t county;
    char place[FG_PROBLEM_TEXT_BYTES];
    char enterprise[FG_USCC_LEN + 1]; /* "" for none */
    char enterprise_name[FG_NAME_MAX * 4 + 1];
    char pass_number[13];
    char plate[24];
    char what[FG_PROBLEM_TEXT_BYTES];
    char alert_key[80];
    char raised_by[65];
    int64_t raised_at;
    fg_problem_state state;
    unsigned departments; /* bit set of roles */
    int lead;             /* a role, -1 none */
    char answer[FG_PROBLEM_TEXT_BYTES];
    char reason[FG_PROBLEM_TEXT_BYTES]; /* of the last reopening */
    char pause_reason[FG_PROBLEM_PAUSE_MAX * 4 + 1];
    int64_t paused_at, started_at, responded_at, answered_at, closed_at;
    char closed_how[12];
    int64_t due_at;
    int32_t holder;
    int escalations;
    int64_t escalated_at, escalate_at;
    int response_ontime, resolve_ontime; /* -1 not yet, 0 late, 1 in time */
    int rating;
    char rating_comment[FG_PROBLEM_TEXT_BYTES];
    int reopenings;
    int version;
    int64_t updated_at;
    size_t n_pauses;
    fg_problem_pause_row pauses[FG_PROBLEM_MAX_PAUSES];
    size_t n_events;
    fg_problem_event *events;
} fg_problem_row;

void fg_problem_row_release(fg_problem_row *r);

/* The problem `id` with its pauses and timeline (release).
 * FG_ENOTFOUND when none. */
int fg_store_problem_get(fg_db *db, const char *id, fg_problem_row *out, fg_err *err);
/* The id of the problem opened for `alert_key`, into out (37 bytes):
 * 1 when there is one, 0 when none. */
int fg_store_problem_by_alert(fg_db *db, const char *alert_key, char out[37], fg_err *err);

/* Inside `tx`: stores a new problem (r's fields set; its id made here into
 * r->id) with its first timeline row and its audit entry (problem.raise). */
int fg_store_problem_insert_tx(fg_tx *tx, fg_problem_row *r, fg_err *err);
/* fg_store_problem_insert_tx in a transaction of its own by `actor`. */
int fg_store_problem_insert(fg_db *db, fg_problem_row *r, int64_t now, const char *actor,
                            fg_err *err);

/* What a step does to the pauses. */
typedef enum { FG_PAUSE_KEEP = 0, FG_PAUSE_START, FG_PAUSE_END } fg_pause_op;

/* Writes `after` (the problem as it is now) if its version is still
 * before->version (FG_ECONFLICT otherwise), starts or ends a pause (`pause`,
 * with after->pause_reason), appends a timeline row (`event`: the action's
 * name; `text` what was said, may be NULL; `department` the one named, may be
 * NULL), and the audit entry problem.<event> by `actor` ("system" for the
 * sweep), in one transaction. */
int fg_store_problem_update(fg_db *db, const fg_problem_row *before, const fg_problem_row *after,
                            fg_pause_op pause, const char *event, const char *department,
                            const char *text, int64_t now, const char *actor, fg_err *err);

/* Which problems a list shows. */
typedef struct fg_problem_filter {
    bool all;                       /* every problem (the nation) */
    int32_t county_lo, county_hi;   /* or those in a region range (-1: none) */
    const char *const *enterprises; /* or about these enterprises */
    size_t n_enterprises;
    const char *raised_by; /* or raised by this account (NULL: none) */
    int state;             /* a fg_problem_state, -1 any */
    bool open_only;        /* raised, assigned, answered, reopened */
    int limit;
} fg_problem_filter;

/* Calls fn for each selected problem (no pauses or timeline), overdue first
 * (by due_at at `now`), then the rest newest first. */
int fg_store_problem_list(fg_db *db, const fg_problem_filter *f, int64_t now,
                          int (*fn)(const fg_problem_row *r, void *ctx), void *ctx, fg_err *err);

/* Rates over the problems raised in [from, to) in a region range, grouped by
 * the region `divisor` makes of the county (county / divisor * divisor: 1 by
 * county, 100 by city, 10000 by province), or by the leading department.
 * Each with its denominators: responses due (given, or overdue now), given
 * in time; resolutions due, in time; ratings, their sum, those ≥ 4. */
typedef struct fg_problem_rate {
    int32_t region;      /* when by region */
    char department[32]; /* when by department ("" : not yet taken) */
    int total;
    int response_due, response_ontime;
    int resolve_due, resolve_ontime;
    int rated, rating_sum, rated_good;
} fg_problem_rate;
int fg_store_problem_rates(fg_db *db, int32_t lo, int32_t hi, int64_t from, int64_t to, int divisor,
                           bool by_department, int64_t now,
                           int (*fn)(const fg_problem_rate *r, void *ctx), void *ctx, fg_err *err);

/* Counties in [lo, hi] with at least `min` problems of the same kind raised
 * since `since`, most first. */
typedef struct fg_problem_repeat {
    int32_t county;
    char kind[FG_PROBLEM_KIND_MAX];
    int count;
    int64_t first_at, last_at;
} fg_problem_repeat;
int fg_store_problem_repeated(fg_db *db, int32_t lo, int32_t hi, int64_t since, int min,
                              int (*fn)(const fg_problem_repeat *r, void *ctx), void *ctx,
                              fg_err *err);

/* Up to `cap` problems whose escalation falls due by `now` (escalate_at in
 * (0, now]) or that were answered at or before `quiet_before` and are still
 * waiting for the raiser: their ids. */
int fg_store_problem_due(fg_db *db, int64_t now, int64_t quiet_before, char (*ids)[37], size_t cap,
                         size_t *out_n, fg_err *err);

#endif
