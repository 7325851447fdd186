/* The coordination item workflow as rows. */
#include "coordination.h"

#include <string.h>

#include "region.h"

static const char *const need_names[FG_NEED_COUNT] = {"keep_running", "restart", "release_goods",
                                                      "let_staff_through"};
static const char *const state_names[FG_ITEM_STATE_COUNT] = {"open",   "assigned", "answered",
                                                             "closed", "declined", "confirmed"};
static const char *const action_names[FG_COORD_ACTION_COUNT] = {"assign",  "answer",  "close",
                                                                "decline", "confirm", "reopen"};

#define S(x) (1u << FG_ITEM_##x)

/* One row per action: the side that takes it, the states it is taken in, the
 * state it leads to. */
static const struct transition {
    fg_coord_action action;
    fg_coord_side side;
    unsigned from;
    fg_coord_state to;
} transitions[FG_COORD_ACTION_COUNT] = {
    {FG_COORD_ASSIGN, FG_SIDE_RECEIVER, S(OPEN) | S(ASSIGNED), FG_ITEM_ASSIGNED},
    {FG_COORD_ANSWER, FG_SIDE_RECEIVER, S(OPEN) | S(ASSIGNED) | S(ANSWERED), FG_ITEM_ANSWERED},
    {FG_COORD_CLOSE, FG_SIDE_RECEIVER, S(ANSWERED), FG_ITEM_CLOSED},
    {FG_COORD_DECLINE, FG_SIDE_RECEIVER, S(OPEN) | S(ASSIGNED) | S(ANSWERED), FG_ITEM_DECLINED},
    {FG_COORD_CONFIRM, FG_SIDE_REQUESTER, S(CLOSED), FG_ITEM_CONFIRMED},
    {FG_COORD_REOPEN, FG_SIDE_REQUESTER, S(CLOSED) | S(DECLINED), FG_ITEM_OPEN},
};

const char *fg_coord_need_name(fg_coord_need n)
{
    return (unsigned)n < FG_NEED_COUNT ? need_names[n] : "?";
}

const char *fg_coord_state_name(fg_coord_state s)
{
    return (unsigned)s < FG_ITEM_STATE_COUNT ? state_names[s] : "?";
}

const char *fg_coord_action_name(fg_coord_action a)
{
    return (unsigned)a < FG_COORD_ACTION_COUNT ? action_names[a] : "?";
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

int fg_coord_need_parse(const char *s, fg_coord_need *out, fg_err *err)
{
    int v;
    if (parse(s, need_names, FG_NEED_COUNT, &v) == 0) {
        *out = (fg_coord_need)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "need", "coordination.need",
                     "unknown need '{value:%.40s}'; needs are keep_running, restart, "
                     "release_goods, let_staff_through",
                     s ? s : "");
}

int fg_coord_state_parse(const char *s, fg_coord_state *out, fg_err *err)
{
    int v;
    if (parse(s, state_names, FG_ITEM_STATE_COUNT, &v) == 0) {
        *out = (fg_coord_state)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "state", "coordination.state",
                     "unknown state '{value:%.40s}'; states are open, assigned, answered, closed, "
                     "declined, confirmed",
                     s ? s : "");
}

int fg_coord_action_parse(const char *s, fg_coord_action *out, fg_err *err)
{
    int v;
    if (parse(s, action_names, FG_COORD_ACTION_COUNT, &v) == 0) {
        *out = (fg_coord_action)v;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, "action", "coordination.action",
                     "unknown action '{value:%.40s}'; actions are assign, answer, close, decline, "
                     "confirm, reopen",
                     s ? s : "");
}

bool fg_coord_state_open(fg_coord_state s)
{
    return s == FG_ITEM_OPEN || s == FG_ITEM_ASSIGNED || s == FG_ITEM_ANSWERED;
}

int fg_coord_check_regions(int32_t from, int32_t to, int32_t customer_county, fg_err *err)
{
    if (to == FG_REGION_NATION || fg_region_contains(from, to) || fg_region_contains(to, from))
        return fg_err_at(err, FG_EINVAL, "to_region", "coordination.same_region",
                         "a request goes to another province, city or county, not to "
                         "{region:%06d} (inside or around the requesting region)",
                         (int)to);
    if (!fg_region_contains(from, customer_county))
        return fg_err_at(err, FG_EINVAL, "customer", "coordination.customer_outside",
                         "the customer must lie in the requesting region {region:%06d}", (int)from);
    return 0;
}

int fg_coord_check_department(fg_role r, fg_err *err)
{
    if (r == FG_ROLE_INDUSTRY_AUTHORITY || r == FG_ROLE_JOINT_MECHANISM ||
        r == FG_ROLE_ECONOMIC_DEPARTMENT || r == FG_ROLE_HEALTH_AUTHORITY)
        return 0;
    return fg_err_at(err, FG_EINVAL, "department", "coordination.department",
                     "an item is given to a department: industry_authority, joint_mechanism, "
                     "economic_department or health_authority");
}

fg_coord_side fg_coord_action_side(fg_coord_action a)
{
    return (unsigned)a < FG_COORD_ACTION_COUNT ? transitions[a].side : FG_SIDE_RECEIVER;
}

int fg_coord_step(fg_coord_state state, int department, fg_coord_action a, fg_coord_side side,
                  fg_role role, fg_coord_state *out, fg_err *err)
{
    if ((unsigned)a >= FG_COORD_ACTION_COUNT)
        return fg_err_at(err, FG_EINVAL, "action", "coordination.action",
                         "unknown action '{value:%s}'", "?");
    const struct transition *t = &transitions[a];
    if (t->side != side)
        return fg_err_at(err, FG_EPERM, NULL, "coordination.side",
                         "{action:%s} is for the %s region", action_names[a],
                         t->side == FG_SIDE_RECEIVER ? "receiving" : "requesting");
    if (!(t->from & (1u << state)))
        return fg_err_at(err, FG_ECONFLICT, "action", "coordination.not_now",
                         "{action:%s} cannot be taken on an item that is {state:%s}",
                         action_names[a], state_names[state]);
    /* Once assigned, the item is answered and closed by its department, the
     * joint mechanism or the national coordinator. */
    if (side == FG_SIDE_RECEIVER && a != FG_COORD_ASSIGN && department >= 0 &&
        (int)role != department && role != FG_ROLE_JOINT_MECHANISM &&
        role != FG_ROLE_NATIONAL_COORDINATOR)
        return fg_err_at(err, FG_EPERM, NULL, "coordination.department_only",
                         "this item is with the {department:%s}",
                         fg_role_name((fg_role)department));
    *out = t->to;
    return 0;
}
