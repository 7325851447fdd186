/* Problems (诉求): what an enterprise, a transport operator (a blocked truck)
 * or an alert raises, and the ledger each one runs through as a table of
 * transitions: who (the departments that handle it, or the raiser) may take
 * which action in which state, and the state it leads to. Kinds and their
 * clocks are data (problem_kinds, migration 015); the clocks run on
 * core/deadline.h. Pure. */
#ifndef FG_CORE_PROBLEM_H
#define FG_CORE_PROBLEM_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"
#include "access.h"

#define FG_PROBLEM_TEXT_MAX 1000 /* characters of what, an answer, a reason, a comment */

typedef enum {
    FG_PROBLEM_RAISED = 0, /* waiting for a department to take it */
    FG_PROBLEM_ASSIGNED,   /* taken by (or assigned to) a department, which leads */
    FG_PROBLEM_ANSWERED,   /* answered; waiting for the raiser */
    FG_PROBLEM_CLOSED,     /* closed (销号): confirmed, withdrawn, or quiet */
    FG_PROBLEM_REOPENED,   /* the raiser disagreed with the answer: its clocks start again */
    FG_PROBLEM_STATE_COUNT
} fg_problem_state;

typedef enum {
    FG_PROBLEM_TAKE = 0, /* handler: a department takes it (the first one leads) */
    FG_PROBLEM_ASSIGN,   /* handler (joint mechanism): gives it to a department */
    FG_PROBLEM_ADD_DEPT, /* handler: another department joins */
    FG_PROBLEM_ANSWER,   /* handler: what was done */
    FG_PROBLEM_PAUSE,    /* handler: waiting for the raiser, with a reason: the clock stops */
    FG_PROBLEM_RESUME,   /* handler or raiser: the clock runs again */
    FG_PROBLEM_CONFIRM,  /* raiser: the answer settles it: closed */
    FG_PROBLEM_CLOSE,    /* raiser: withdrawn (the problem went away): closed */
    FG_PROBLEM_REOPEN,   /* raiser: disagrees with the answer, with a reason */
    FG_PROBLEM_RATE,     /* raiser: 1–5 and a comment, once, after closing */
    FG_PROBLEM_ACTION_COUNT
} fg_problem_action;

typedef enum { FG_PSIDE_HANDLER = 0, FG_PSIDE_RAISER } fg_problem_side;

/* Where a problem came from. */
typedef enum {
    FG_PSOURCE_ENTERPRISE = 0,
    FG_PSOURCE_OPERATOR,
    FG_PSOURCE_ALERT,
    FG_PSOURCE_COUNT
} fg_problem_source;

const char *fg_problem_state_name(fg_problem_state s);
const char *fg_problem_action_name(fg_problem_action a);
const char *fg_problem_source_name(fg_problem_source s);
int fg_problem_state_parse(const char *s, fg_problem_state *out, fg_err *err);
int fg_problem_action_parse(const char *s, fg_problem_action *out, fg_err *err);
int fg_problem_source_parse(const char *s, fg_problem_source *out, fg_err *err);

/* Whether the state still owes the raiser an answer (its clocks run). */
bool fg_problem_state_open(fg_problem_state s);
/* The side that takes action `a`; RESUME is either's (see fg_problem_step). */
fg_problem_side fg_problem_action_side(fg_problem_action a);

/* Checks that a role is a department a problem can be owned by or given to:
 * industry_authority, joint_mechanism, economic_department, health_authority. */
int fg_problem_check_department(fg_role r, fg_err *err);
/* Checks a rating: 1 to 5. */
int fg_problem_check_rating(int rating, fg_err *err);

/* A problem as the ledger sees it. `departments` a bit set (1 << fg_role) of
 * the departments it is with; `lead` the one leading (-1: none yet). */
typedef struct fg_problem_facts {
    fg_problem_state state;
    bool paused;
    bool rated;
    unsigned departments;
    int lead;
} fg_problem_facts;

/* Decides action `a` by an account of `role` acting as `side` (the app has
 * checked the jurisdiction or that it is the raiser): 0 and *out the next
 * state, or FG_ECONFLICT (not now) / FG_EPERM (not this side or role).
 * Handlers: a department the problem is with, the joint mechanism, or the
 * national coordinator; after a lead is set, answering and pausing are the
 * lead's (or the joint mechanism's, or the coordinator's). */
int fg_problem_step(const fg_problem_facts *f, fg_problem_action a, fg_problem_side side,
                    fg_role role, fg_problem_state *out, fg_err *err);

#endif
