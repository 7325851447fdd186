/* Production and contingency plans (稳定生产预案 / 应急预案, 分区分级): one plan
 * per enterprise per risk level, in a six-part template the code checks, and
 * the workflow of filing and review as a table of transitions. Pure.
 *
 * A plan's body (JSON):
 *   {"responsibility": {"team": [{"name": text, "duty": text}],
 *                       "contact": {"name": text, "phone": text}},
 *    "zoning": {"areas": [{"name": text, "use": "normal" | "observation" |
 *                                              "isolation" | "infection"}]},
 *    "staff": {"closed_loop_headcount": n, "lodging_places": n,
 *              "point_to_point_commuting": true | false, "testing_cadence_days": n},
 *    "logistics": {"receiving_route": text, "protective_stock_days": n},
 *    "emergency": {"isolation_rooms": n, "transfer_channel": text,
 *                  "steps_on_case": [text]},
 *    "suppliers": [uscc]}
 * Any part may be missing while the plan is a draft; fg_plan_check names every
 * missing, malformed or short item at once (一次性告知) and computes the
 * figures that follow from the numbers. What each level requires is the
 * table fg_plan_minimums (one row per level). */
#ifndef FG_CORE_PLAN_H
#define FG_CORE_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "risk.h"
#include "uscc.h"

#define FG_PLAN_MAX_ISSUES 48  /* items a check names; more are counted, not kept */
#define FG_PLAN_MAX_LIST 50    /* team members, areas, steps, suppliers */
#define FG_PLAN_TEXT_MAX 500   /* characters of a text item */
#define FG_PLAN_REASONS_MAX 20 /* reasons a return gives */
#define FG_PLAN_BODY_MAX 65536 /* bytes of a plan's JSON */

typedef enum {
    FG_PLAN_DRAFT = 0, /* being written (or edited after a return or an approval) */
    FG_PLAN_FILED,     /* filed, waiting for the county industry authority */
    FG_PLAN_APPROVED,  /* approved: counts for guidance at its level */
    FG_PLAN_RETURNED,  /* returned with reasons, to be fixed and filed again */
    FG_PLAN_STATE_COUNT
} fg_plan_state;

typedef enum {
    FG_PLAN_SAVE = 0, /* the enterprise saves a new version (a draft) */
    FG_PLAN_FILE,     /* the enterprise files the latest version */
    FG_PLAN_APPROVE,  /* the reviewer approves the filed version */
    FG_PLAN_RETURN,   /* the reviewer returns it with reasons */
    FG_PLAN_ACTION_COUNT
} fg_plan_action;

typedef enum {
    FG_AREA_NORMAL = 0,  /* normal production */
    FG_AREA_OBSERVATION, /* newcomer observation */
    FG_AREA_ISOLATION,
    FG_AREA_INFECTION,
    FG_AREA_USE_COUNT
} fg_plan_area_use;

const char *fg_plan_state_name(fg_plan_state s);
const char *fg_plan_action_name(fg_plan_action a);
const char *fg_plan_area_use_name(fg_plan_area_use u);
int fg_plan_state_parse(const char *s, fg_plan_state *out, fg_err *err);
int fg_plan_action_parse(const char *s, fg_plan_action *out, fg_err *err);

/* What a level requires. */
typedef struct fg_plan_minimum {
    fg_risk_level level;
    int team;             /* members of the responsible team */
    unsigned areas;       /* bit (1 << fg_plan_area_use): uses the zoning must have */
    bool closed_loop;     /* a closed-loop headcount above 0 is required */
    bool commuting;       /* point-to-point commuting is required */
    int cadence_max_days; /* testing at least every this many days; 0: not required */
    int stock_days;       /* protective stock in days */
    int isolation_rooms;  /* at least, and one per 100 closed-loop staff at least */
    int steps;            /* steps on a confirmed case */
} fg_plan_minimum;

/* The row of `level` (static). */
const fg_plan_minimum *fg_plan_minimums(fg_risk_level level);

/* What the check needs to know besides the body (all borrowed). */
typedef struct fg_plan_context {
    fg_risk_level level;
    int64_t headcount;                        /* the enterprise's headcount */
    const char (*suppliers)[FG_USCC_LEN + 1]; /* the enterprise's suppliers (supply edges) */
    size_t n_suppliers;
} fg_plan_context;

/* What follows from the numbers (-1 where a number is missing). */
typedef struct fg_plan_figures {
    int64_t closed_loop;     /* closed-loop headcount */
    int64_t lodging;         /* lodging places */
    int64_t lodging_short;   /* closed-loop staff without a place (0 when enough) */
    int cadence_days;        /* testing cadence */
    int64_t tests_per_day;   /* headcount / cadence, rounded up */
    int stock_days;          /* protective stock */
    int stock_days_required; /* the level's minimum */
    int isolation_rooms;
    int isolation_rooms_required;
} fg_plan_figures;

/* The result of a check: every item that is missing, malformed or short, each
 * an fg_err (key: the problem code; field: the item's path, such as
 * "staff.lodging_places" or "zoning.areas[2].use"; params), and the figures. */
typedef struct fg_plan_report {
    size_t n;       /* items kept in `items` */
    size_t dropped; /* items beyond FG_PLAN_MAX_ISSUES */
    fg_err items[FG_PLAN_MAX_ISSUES];
    fg_err overflow; /* written by items beyond the limit; not read */
    fg_plan_figures figures;
} fg_plan_report;

/* Checks plan `body` (borrowed; NULL or not an object: every part is missing)
 * against the level's minimums and the context, into *out (overwritten).
 * Never fails: a plan is complete when out->n == 0 && out->dropped == 0. */
void fg_plan_check(const json_t *body, const fg_plan_context *ctx, fg_plan_report *out);
bool fg_plan_complete(const fg_plan_report *r);

/* Decides action `a` on a plan in `state` (`exists`: the plan has a version
 * at all): 0 and *out the next state, or FG_ECONFLICT with a reason. Who may
 * act is access control's (the enterprise saves and files; the county
 * industry authority, or one above it, approves and returns). */
int fg_plan_step(bool exists, fg_plan_state state, fg_plan_action a, fg_plan_state *out,
                 fg_err *err);

/* A plan of an enterprise as the "in force" question sees it. */
typedef struct fg_plan_summary {
    fg_risk_level level;
    fg_plan_state state;
    int approved_version; /* 0: never approved */
} fg_plan_summary;

/* Which plan is in force for an enterprise in `region` on `date` (YYYYMMDD):
 * the plan for the level the designations give its county then. Sets
 * *out_level, and *out_index to the plan's index in `plans` (or -1 when it has
 * none for that level); returns whether an approved version is in force. */
bool fg_plan_in_force(int32_t region, int32_t date, const fg_risk_designation *d, size_t n_d,
                      const fg_plan_summary *plans, size_t n_plans, fg_risk_level *out_level,
                      int *out_index);

#endif
