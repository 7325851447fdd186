/* The problem ledger as rows. */
#include "problem.h"

#include <string.h>

static const char *const state_names[FG_PROBLEM_STATE_COUNT] = {"raised", "assigned", "answered",
                                                                "closed", "reopened"};
static const char *const action_names[FG_PROBLEM_ACTION_COUNT] = {
    "take",   "assign",  "add_department", "answer", "pause",
    "resume", "confirm", "close",          "reopen", "rate"};
static const char *const source_names[FG_PSOURCE_COUNT] = {"enterprise", "operator", "alert"};

#define S(x) (1u << FG_PROBLEM_##x)
#define OPEN (S(RAISED) | S(ASSIGNED) | S(REOPENED))

/* What a row asks of the problem besides its state. */
enum { NONE = 0, NOT_PAUSED = 1, PAUSED = 2, NOT_RATED = 4, LEAD = 8, COORDINATOR = 16 };

/* One row per action: the side that takes it, the states it is taken in, the
 * state it leads to (-1: stays), what else it needs. */
static const struct transition {
    fg_problem_action action;
    fg_problem_side side;
    unsigned from;
    int to;
    unsigned needs;
} transitions[FG_PROBLEM_ACTION_COUNT] = {
    {FG_PROBLEM_TAKE, FG_PSIDE_HANDLER, S(RAISED) | S(REOPENED), FG_PROBLEM_ASSIGNED, NONE},
    {FG_PROBLEM_ASSIGN, FG_PSIDE_HANDLER, OPEN, FG_PROBLEM_ASSIGNED, COORDINATOR},
    {FG_PROBLEM_ADD_DEPT, FG_PSIDE_HANDLER, OPEN | S(ANSWERED), -1, NONE},
    {FG_PROBLEM_ANSWER, FG_PSIDE_HANDLER, OPEN, FG_PROBLEM_ANSWERED, NOT_PAUSED | LEAD},
    {FG_PROBLEM_PAUSE, FG_PSIDE_HANDLER, OPEN, -1, NOT_PAUSED | LEAD},
    {FG_PROBLEM_RESUME, FG_PSIDE_HANDLER, OPEN, -1, PAUSED},
    {FG_PROBLEM_CONFIRM, FG_PSIDE_RAISER, S(ANSWERED), FG_PROBLEM_CLOSED, NONE},
    {FG_PROBLEM_CLOSE, FG_PSIDE_RAISER, OPEN | S(ANSWERED), FG_PROBLEM_CLOSED, NONE},
    {FG_PROBLEM_REOPEN, FG_PSIDE_RAISER, S(ANSWERED) | S(CLOSED), FG_PROBLEM_REOPENED, NOT_RATED},
    {FG_PROBLEM_RATE, FG_PSIDE_RAISER, S(CLOSED), -1, NOT_RATED},
};

const char *fg_problem_state_name(fg_problem_state s)
{
    return (unsigned)s < FG_PROBLEM_STATE_COUNT ? state_names[s] : "?";
}

const char *fg_problem_action_name(fg_problem_action a)
{
    return (unsigned)a < FG_PROBLEM_ACTION_COUNT ? action_names[a] : "?";
}

const char *fg_problem_source_name(fg_problem_source s)
{
    return (unsigned)s < FG_PSOURCE_COUNT ? source_names[s] : "?";
}

static int parse(const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

int fg_problem_state_parse(const char *s, fg_problem_state *out, fg_err *err)
{
    int v;
    if (parse(s, state_names, FG_PROBLEM_STATE_COUNT, &v) == 0) {
        *out = (fg_problem_state)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "state", "problem.state",
                     "unknown state '{value:%.40s}'; states are raised, assigned, answered, "
                     "closed, reopened",
                     s ? s : "");
}

int fg_problem_action_parse(const char *s, fg_problem_action *out, fg_err *err)
{
    int v;
    if (parse(s, action_names, FG_PROBLEM_ACTION_COUNT, &v) == 0) {
        *out = (fg_problem_action)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "action", "problem.action",
                     "unknown action '{value:%.40s}'; actions are take, assign, add_department, "
                     "answer, pause, resume, confirm, close, reopen, rate",
                     s ? s : "");
}

int fg_problem_source_parse(const char *s, fg_problem_source *out, fg_err *err)
{
    int v;
    if (parse(s, source_names, FG_PSOURCE_COUNT, &v) == 0) {
        *out = (fg_problem_source)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "source", "problem.source",
                     "unknown source '{value:%.40s}'; sources are enterprise, operator, alert",
                     s ? s : "");
}

bool fg_problem_state_open(fg_problem_state s)
{
    return s == FG_PROBLEM_RAISED || s == FG_PROBLEM_ASSIGNED || s == FG_PROBLEM_REOPENED;
}

fg_problem_side fg_problem_action_side(fg_problem_action a)
{
    return (unsigned)a < FG_PROBLEM_ACTION_COUNT ? transitions[a].side : FG_PSIDE_HANDLER;
}

int fg_problem_check_department(fg_role r, fg_err *err)
{
    if (r == FG_ROLE_INDUSTRY_AUTHORITY || r == FG_ROLE_JOINT_MECHANISM ||
        r == FG_ROLE_ECONOMIC_DEPARTMENT || r == FG_ROLE_HEALTH_AUTHORITY)
        return 0;
    return fg_err_at(err, FG_EINVAL, "department", "problem.department",
                     "a problem is with a department: industry_authority, joint_mechanism, "
                     "economic_department or health_authority");
}

int fg_problem_check_rating(int rating, fg_err *err)
{
    if (rating >= 1 && rating <= 5)
        return 0;
    return fg_err_at(err, FG_EINVAL, "rating", "problem.rating",
                     "a rating is a whole number from 1 to 5");
}

static bool coordinator(fg_role role)
{
    return role == FG_ROLE_JOINT_MECHANISM || role == FG_ROLE_NATIONAL_COORDINATOR;
}

int fg_problem_step(const fg_problem_facts *f, fg_problem_action a, fg_problem_side side,
                    fg_role role, fg_problem_state *out, fg_err *err)
{
    if ((unsigned)a >= FG_PROBLEM_ACTION_COUNT)
        return fg_err_at(err, FG_EINVAL, "action", "problem.action", "unknown action '{value:%s}'",
                         "?");
    const struct transition *t = &transitions[a];
    /* Resuming is also the raiser's: it brings what was waited for. */
    if (t->side != side && a != FG_PROBLEM_RESUME)
        return fg_err_at(err, FG_EPERM, NULL, "problem.side", "{action:%s} is for the %s",
                         action_names[a],
                         t->side == FG_PSIDE_HANDLER ? "department handling the problem"
                                                     : "one who raised the problem");
    if (!(t->from & (1u << f->state)))
        return fg_err_at(err, FG_ECONFLICT, "action", "problem.not_now",
                         "{action:%s} cannot be taken on a problem that is {state:%s}",
                         action_names[a], state_names[f->state]);
    if ((t->needs & NOT_PAUSED) && f->paused)
        return fg_err_at(err, FG_ECONFLICT, "action", "problem.paused",
                         "the problem is paused (waiting for the raiser); resume it first");
    if ((t->needs & PAUSED) && !f->paused)
        return fg_err_at(err, FG_ECONFLICT, "action", "problem.not_paused",
                         "the problem is not paused");
    if ((t->needs & NOT_RATED) && f->rated)
        return fg_err_at(err, FG_ECONFLICT, "action", "problem.rated",
                         "the problem was rated; it is settled");
    if (side == FG_PSIDE_HANDLER) {
        bool with = (unsigned)role < 32 && (f->departments & (1u << role));
        if ((t->needs & COORDINATOR) && !coordinator(role))
            return fg_err_at(err, FG_EPERM, NULL, "problem.coordinator_only",
                             "a problem is given to a department by the joint mechanism");
        if (!with && !coordinator(role))
            return fg_err_at(err, FG_EPERM, NULL, "problem.not_with_department",
                             "the problem is not with the {department:%s}", fg_role_name(role));
        if ((t->needs & LEAD) && f->lead >= 0 && (int)role != f->lead && !coordinator(role))
            return fg_err_at(err, FG_EPERM, NULL, "problem.lead_only",
                             "the {department:%s} leads on this problem",
                             fg_role_name((fg_role)f->lead));
    }
    *out = t->to < 0 ? f->state : (fg_problem_state)t->to;
    return 0;
}
