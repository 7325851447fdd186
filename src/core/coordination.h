/* Coordination requests (商请函): what a region may ask another about a
 * supplier, and the workflow of each item as a table of transitions: who
 * (the receiving side or the requesting side) may take which action in which
 * state, and the state it leads to. Deadlines come from core/deadline.h (kind
 * "coordination"). Pure. */
#ifndef FG_CORE_COORDINATION_H
#define FG_CORE_COORDINATION_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"
#include "access.h"

#define FG_COORD_MAX_ITEMS 50

/* What is needed of a supplier. */
typedef enum {
    FG_NEED_KEEP_RUNNING = 0,
    FG_NEED_RESTART,
    FG_NEED_RELEASE_GOODS,
    FG_NEED_LET_STAFF_THROUGH,
    FG_NEED_COUNT
} fg_coord_need;

typedef enum {
    FG_ITEM_OPEN = 0,  /* waiting for the receiving region */
    FG_ITEM_ASSIGNED,  /* given to a department there */
    FG_ITEM_ANSWERED,  /* answered, not yet closed */
    FG_ITEM_CLOSED,    /* closed (销号) by the receiving region */
    FG_ITEM_DECLINED,  /* declined with a reason */
    FG_ITEM_CONFIRMED, /* the requester confirmed the closure */
    FG_ITEM_STATE_COUNT
} fg_coord_state;

typedef enum {
    FG_COORD_ASSIGN = 0, /* receiver: to a department (a role) */
    FG_COORD_ANSWER,     /* receiver */
    FG_COORD_CLOSE,      /* receiver, after an answer */
    FG_COORD_DECLINE,    /* receiver, with a reason */
    FG_COORD_CONFIRM,    /* requester, of a closed item */
    FG_COORD_REOPEN,     /* requester, of a closed or declined item: its clocks start again */
    FG_COORD_ACTION_COUNT
} fg_coord_action;

typedef enum { FG_SIDE_RECEIVER = 0, FG_SIDE_REQUESTER } fg_coord_side;

/* Names as in the API and the database; static. */
const char *fg_coord_need_name(fg_coord_need n);
const char *fg_coord_state_name(fg_coord_state s);
const char *fg_coord_action_name(fg_coord_action a);
int fg_coord_need_parse(const char *s, fg_coord_need *out, fg_err *err);
int fg_coord_state_parse(const char *s, fg_coord_state *out, fg_err *err);
int fg_coord_action_parse(const char *s, fg_coord_action *out, fg_err *err);

/* Whether the state still owes the receiving region something (its clocks run). */
bool fg_coord_state_open(fg_coord_state s);

/* Checks that a request from `from` to `to` may be raised: different
 * regions, neither inside the other, the customer's county inside `from`. */
int fg_coord_check_regions(int32_t from, int32_t to, int32_t customer_county, fg_err *err);
/* Checks that a role may be given an item (a department: industry_authority,
 * joint_mechanism, economic_department, health_authority). */
int fg_coord_check_department(fg_role r, fg_err *err);

/* The side that takes action `a`. */
fg_coord_side fg_coord_action_side(fg_coord_action a);

/* Decides action `a` by an account of `role` acting for `side`, on an item in
 * `state` assigned to `department` (-1: none yet): 0 and *out the next state,
 * or FG_ECONFLICT (not in this state) / FG_EPERM (not this side or role). */
int fg_coord_step(fg_coord_state state, int department, fg_coord_action a, fg_coord_side side,
                  fg_role role, fg_coord_state *out, fg_err *err);

#endif
