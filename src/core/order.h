/* Stop/limit orders under due process (the seed: 2 June 2022). An order names
 * one enterprise, a measure, a bounded period and a reason; it moves through a
 * route of steps chosen from the enterprise's standing, each step taken by one
 * role at one level whose jurisdiction covers the enterprise. Routes are data
 * (fg_routes), printable as documentation. Pure: every time is passed in.
 *
 * States: pending (at route step `step`) -> in_force (the last step decides)
 * -> expired at its end / lifted / resumed (resumption approved); pending ->
 * rejected / returned (-> pending again when re-submitted) / withdrawn. An
 * emergency provisional order is in force at once, and lapses unless its full
 * route approves it within the emergency window (24 h by default). */
#ifndef FG_CORE_ORDER_H
#define FG_CORE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "access.h"
#include "enterprise.h"
#include "words.h"

typedef enum { FG_STEP_EVALUATE, FG_STEP_DECIDE } fg_step_kind;
/* Where a step is taken: the enterprise's county or city, or its province. */
typedef enum { FG_AT_LOCAL, FG_AT_PROVINCE } fg_step_at;

typedef struct fg_route_step {
    const char *name; /* "local industry authority evaluates" */
    fg_role role;
    fg_step_at at;
    fg_step_kind kind;
    int deadline_hours; /* after which the step is overdue and the level above may take it */
} fg_route_step;

#define FG_ROUTE_MAX_STEPS 3

typedef struct fg_route {
    const char *name; /* "critical_link", "key_or_livelihood", "general" */
    const char *applies_to;
    size_t n;
    fg_route_step steps[FG_ROUTE_MAX_STEPS];
} fg_route;

/* The route table (static). */
const fg_route *fg_routes(size_t *out_n);
/* The route named `name` ("critical_link", ...), or NULL. Which route an
 * enterprise's order takes is the guidance table's (fg_guidance_route). */
const fg_route *fg_route_find(const char *name);
/* Appends the route table as text, one line per step. */
int fg_routes_print(fg_buf *out);

typedef enum {
    FG_ORDER_PENDING = 0,
    FG_ORDER_RETURNED,
    FG_ORDER_IN_FORCE,
    FG_ORDER_REJECTED,
    FG_ORDER_WITHDRAWN,
    FG_ORDER_LAPSED,
    FG_ORDER_LIFTED,
    FG_ORDER_EXPIRED,
    FG_ORDER_RESUMED,
} fg_order_state;

typedef enum {
    FG_ORDER_APPROVE = 0, /* the current step agrees (evaluation) or decides for the order */
    FG_ORDER_REJECT,      /* reason required */
    FG_ORDER_RETURN,      /* for revision; reason required */
    FG_ORDER_WITHDRAW,    /* the proposer, before a decision */
    FG_ORDER_RESUBMIT,    /* the proposer, after a return */
    FG_ORDER_LIFT,        /* the deciding body ends an order in force; reason required */
    FG_ORDER_RESUME,      /* the deciding body approves the enterprise's resumption */
} fg_order_action;

typedef struct fg_order_limits {
    int max_days;                   /* longest period an order may run (default 14) */
    int emergency_hours;            /* provisional window of an emergency order (default 24) */
    int step_hours;                 /* deadline of every step; 0: each route step's own */
    int resumption_hours;           /* to decide a resumption application (default 72) */
    int resumption_hours_whitelist; /* for a white-list enterprise (default 24) */
    int alarm_window_hours; /* blanket-shutdown alarm: orders proposed within (default 24) */
    int alarm_share_pct;    /* ... cover more than this share of a county's enterprises (20) */
    int alarm_count;        /* ... or more than this many (default 50) */
} fg_order_limits;

typedef struct fg_order {
    const fg_route *route;
    size_t step; /* the step to take while pending or provisional */
    fg_order_state state;
    bool emergency;
    bool confirmed; /* the whole route approved (always, once in force, unless emergency) */
    fg_measure measure;
    int percent;    /* the limit, 1..99, for limit_capacity / limit_arrival */
    int32_t region; /* the enterprise's county */
    int64_t proposed_at, step_since, step_due_at, starts_at, ends_at, ended_at;
} fg_order;

const char *fg_order_state_name(fg_order_state s);
const char *fg_order_action_name(fg_order_action a);
const char *fg_measure_name(fg_measure m);
/* The words of a state (生效中 / In force, as the browser says them) and of a
 * measure (data/vocab/measures.json's labels); borrowed, static. */
const fg_word *fg_order_state_word(fg_order_state s);
const fg_word *fg_measure_word(fg_measure m);
int fg_measure_parse(const char *s, fg_measure *out, fg_err *err);
void fg_order_limits_default(fg_order_limits *out);

/* Starts an order: checks the measure and percentage, that the period is
 * positive, not in the past and at most max_days. An emergency order starts
 * now and is in force at once. */
int fg_order_propose(fg_order *o, const fg_route *route, int32_t region, fg_measure measure,
                     int percent, int64_t starts_at, int64_t ends_at, bool emergency, int64_t now,
                     const fg_order_limits *limits, fg_err *err);

/* The state at time t (expiry at the end, an emergency's lapse). */
fg_order_state fg_order_state_at(const fg_order *o, int64_t t, const fg_order_limits *limits);
/* When an emergency order lapses unless confirmed (0 for other orders). */
int64_t fg_order_lapses_at(const fg_order *o, const fg_order_limits *limits);
/* The deadline of route step k under `limits`, in hours. */
int fg_order_step_hours(const fg_order *o, size_t k, const fg_order_limits *limits);
/* Whether the waiting step (pending, or an emergency order not yet confirmed)
 * has passed its deadline at `now`. */
bool fg_order_overdue(const fg_order *o, int64_t now);

/* Whether principal p may take action a now: the order's state, the step's
 * role, a jurisdiction that covers the enterprise at the step's level (or the
 * level above once the step is overdue), the proposer for withdraw/resubmit.
 * FG_EPERM or FG_ECONFLICT (wrong state) with a reason. */
int fg_order_check(const fg_order *o, fg_order_action a, const fg_principal *p, bool is_proposer,
                   int64_t now, const fg_order_limits *limits, fg_err *err);
/* Checks a returned order's revised end on resubmission: after its start and
 * now, and at most limits->max_days after its start (the rule at proposal). */
int fg_order_revise_check(const fg_order *o, int64_t ends_at, int64_t now,
                          const fg_order_limits *limits, fg_err *err);
/* Applies an action already checked; reason is required for reject, return
 * and lift. */
int fg_order_apply(fg_order *o, fg_order_action a, const char *reason, int64_t now,
                   const fg_order_limits *limits, fg_err *err);

/* The operating status the orders in force at t give an enterprise. */
fg_status fg_orders_status(const fg_order *const *orders, size_t n, int64_t t,
                           const fg_order_limits *limits);

/* When the deciding body must answer a resumption application filed at
 * `filed_at` (white-list enterprises get the shorter deadline). */
int64_t fg_resumption_due(int64_t filed_at, bool whitelist, const fg_order_limits *limits);
/* Checks the enterprise's statement of prevention measures (10 to 4000
 * characters) and that the order is in force at `now`. */
int fg_resumption_check(const fg_order *o, const char *measures, int64_t now,
                        const fg_order_limits *limits, fg_err *err);

/* Blanket-shutdown alarm for one county: `orders` proposed within the window
 * (limits->alarm_window_hours) against the county's `enterprises`. Flagged
 * when the orders cover more than alarm_share_pct % of the enterprises or
 * number more than alarm_count. */
typedef struct fg_blanket {
    size_t orders;
    double share; /* orders / enterprises */
    bool flagged;
} fg_blanket;
void fg_blanket_check(size_t orders, size_t enterprises, const fg_order_limits *limits,
                      fg_blanket *out);

#endif
