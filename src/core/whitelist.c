/* White lists: the transition table, the application check, recognition. */
#include "whitelist.h"

#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "enterprise.h"
#include "region.h"
#include "text.h"
#include "uscc.h"

#define R(x) (1u << FG_ROLE_##x)
#define S(x) (1u << FG_WL_##x)

static const fg_wl_transition transitions[FG_WL_ACTION_COUNT] = {
    {FG_WL_CHECK_PASS, "check_pass", S(APPLIED), FG_WL_CHECKED, FG_WL_BY_LOCAL,
     R(INDUSTRY_AUTHORITY), false},
    {FG_WL_CHECK_RETURN, "check_return", S(APPLIED), FG_WL_RETURNED, FG_WL_BY_LOCAL,
     R(INDUSTRY_AUTHORITY), true},
    {FG_WL_CHECK_REJECT, "check_reject", S(APPLIED), FG_WL_REJECTED, FG_WL_BY_LOCAL,
     R(INDUSTRY_AUTHORITY), true},
    {FG_WL_RESUBMIT, "resubmit", S(RETURNED), FG_WL_APPLIED, FG_WL_BY_ENTERPRISE, R(ENTERPRISE),
     false},
    {FG_WL_REVIEW_AGREE, "review_agree", S(CHECKED), FG_WL_CHECKED, FG_WL_BY_TIER,
     R(INDUSTRY_AUTHORITY) | R(HEALTH_AUTHORITY), false},
    {FG_WL_REVIEW_REJECT, "review_reject", S(CHECKED), FG_WL_REJECTED, FG_WL_BY_TIER,
     R(INDUSTRY_AUTHORITY) | R(HEALTH_AUTHORITY), true},
    {FG_WL_LIST, "list", S(REVIEWED), FG_WL_LISTED, FG_WL_BY_TIER, R(JOINT_MECHANISM), false},
    {FG_WL_ADJUST, "adjust", S(LISTED) | S(DUE_REVIEW), FG_WL_LISTED, FG_WL_BY_TIER,
     R(JOINT_MECHANISM), true},
    {FG_WL_END, "end", S(LISTED) | S(DUE_REVIEW), FG_WL_ENDED, FG_WL_BY_TIER, R(JOINT_MECHANISM),
     true},
    {FG_WL_DUE, "due", S(LISTED), FG_WL_DUE_REVIEW, FG_WL_BY_SYSTEM, 0, false},
};

static const char *const state_names[FG_WL_STATE_COUNT] = {
    "applied", "returned", "rejected", "checked", "reviewed", "listed", "due_review", "ended"};
static const char *const tier_names[] = {"national", "provincial", "city", "county"};

#define CHAIN_NAME(code, id, name) name,
static const char *const chain_names[] = {FG_VOCAB_CHAINS(CHAIN_NAME)};
#undef CHAIN_NAME
#define CHAIN_WORD(code, id, name, zh, en) {name, zh, en},
static const fg_word chain_words[] = {FG_VOCAB_CHAINS_WORDS(CHAIN_WORD)};
#undef CHAIN_WORD
_Static_assert(sizeof(chain_names) / sizeof(chain_names[0]) == FG_KEYCHAIN_COUNT,
               "one name per fg_keychain");

const fg_wl_transition *fg_wl_transitions(void)
{
    return transitions;
}

int fg_wl_transitions_print(fg_buf *out)
{
    static const char *const by[] = {"county/city industry authority", "the enterprise",
                                     "the list's region", "system"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < FG_WL_ACTION_COUNT; i++) {
        const fg_wl_transition *t = &transitions[i];
        rc = fg_buf_addf(out, "%-14s -> %-10s by %-31s%s\n", t->name, state_names[t->to], by[t->by],
                         t->needs_reason ? " (reason)" : "");
    }
    return rc;
}

const char *fg_chain_name(fg_keychain c)
{
    return (unsigned)c < FG_KEYCHAIN_COUNT ? chain_names[c] : "?";
}
const fg_word *fg_chain_word(fg_keychain c)
{
    return &chain_words[(unsigned)c < FG_KEYCHAIN_COUNT ? c : FG_CHAIN_OTHER];
}
const char *fg_wl_tier_name(fg_wl_tier t)
{
    return tier_names[t];
}
const char *fg_wl_state_name(fg_wl_state s)
{
    return state_names[s];
}
const char *fg_wl_action_name(fg_wl_action a)
{
    return transitions[a].name;
}

int fg_chain_parse(const char *s, fg_keychain *out, fg_err *err)
{
    for (int i = 0; i < FG_KEYCHAIN_COUNT; i++)
        if (strcmp(s, chain_names[i]) == 0) {
            *out = (fg_keychain)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "chain", "whitelist.chain",
                     "chain must be " FG_VOCAB_CHAINS_OR ", not '{value:%.40s}'", s);
}

int fg_wl_tier_parse(const char *s, fg_wl_tier *out, fg_err *err)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, tier_names[i]) == 0) {
            *out = (fg_wl_tier)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "tier", "whitelist.tier",
                     "tier must be national, provincial, city or county, not '{value:%.40s}'", s);
}

int fg_wl_state_parse(const char *s, fg_wl_state *out)
{
    for (int i = 0; i < FG_WL_STATE_COUNT; i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (fg_wl_state)i;
            return 0;
        }
    return FG_EINVAL;
}

int fg_wl_action_parse(const char *s, fg_wl_action *out, fg_err *err)
{
    for (int i = 0; i < FG_WL_ACTION_COUNT; i++)
        if (i != FG_WL_DUE && strcmp(s, transitions[i].name) == 0) {
            *out = (fg_wl_action)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "action", "whitelist.action",
                     "action must be check_pass, check_return, check_reject, resubmit, "
                     "review_agree, review_reject, list, adjust or end, not '{value:%.30s}'",
                     s);
}

int fg_wl_list_check(fg_wl_tier tier, int32_t region, fg_err *err)
{
    static const fg_region_level want[] = {FG_LEVEL_NATION, FG_LEVEL_PROVINCE, FG_LEVEL_CITY,
                                           FG_LEVEL_COUNTY};
    if (region < 0 || region > 999999 || fg_region_level_of(region) != want[tier])
        return fg_err_at(err, FG_EINVAL, "region", "whitelist.tier_region",
                         "a {tier:%s} list is issued by a region of that level (the nation is "
                         "000000)",
                         tier_names[tier]);
    return 0;
}

int fg_wl_lister_check(const fg_principal *p, fg_wl_tier tier, int32_t region, fg_err *err)
{
    fg_role want = tier == FG_WL_NATIONAL ? FG_ROLE_NATIONAL_COORDINATOR : FG_ROLE_JOINT_MECHANISM;
    if (p->role != want || p->region != region)
        return fg_err_at(err, FG_EPERM, NULL, "whitelist.lister",
                         "the lists of {region:%06d} are kept by its own {role:%s} account",
                         (int)region, fg_role_name(want));
    return 0;
}

int fg_wl_list_covers(int32_t list_region, int32_t county, fg_err *err)
{
    if (fg_region_contains(list_region, county))
        return 0;
    return fg_err_at(err, FG_EINVAL, "list", "whitelist.list_outside",
                     "the list of {region:%06d} does not cover the enterprise's county "
                     "{county:%06d}",
                     (int)list_region, (int)county);
}

int fg_wl_application_check(const fg_wl_application *a, const char *applicant, fg_err *err)
{
    char items[200];
    size_t n = 0, at = 0;
    items[0] = '\0';
#define BAD(name)                                                                                  \
    do {                                                                                           \
        int w_ = snprintf(items + at, sizeof(items) - at, "%s%s", n++ ? ", " : "", name);          \
        at += w_ > 0 && (size_t)w_ < sizeof(items) - at ? (size_t)w_ : 0;                          \
    } while (0)
    size_t plan = a->plan ? fg_utf8_len(a->plan) : 0;
    if (plan < 20 || plan > 8000)
        BAD("plan");
    if (a->c.staff < 1)
        BAD("staff");
    if (a->c.lodging < a->c.staff || a->c.lodging < 1)
        BAD("lodging");
    if (a->c.testing < a->c.staff || a->c.testing < 1)
        BAD("testing");
    if (a->c.stock_days < 1)
        BAD("stock_days");
    bool bad = a->bad_supplier || a->n_suppliers == 0 || a->n_suppliers > FG_WL_MAX_SUPPLIERS;
    for (size_t i = 0; !bad && i < a->n_suppliers; i++) {
        if (fg_uscc_validate(a->suppliers[i], NULL) ||
            (applicant && strcmp(a->suppliers[i], applicant) == 0))
            bad = true;
        for (size_t k = 0; !bad && k < i; k++)
            if (strcmp(a->suppliers[i], a->suppliers[k]) == 0)
                bad = true;
    }
    if (bad)
        BAD("suppliers");
#undef BAD
    if (n == 0)
        return 0;
    return fg_err_at(err, FG_EINVAL, NULL, "whitelist.application_incomplete",
                     "the application is incomplete or wrong in: {items:%s} (a plan of 20 to "
                     "8000 characters; at least one closed-loop staff, as many lodging places "
                     "and daily tests; protective stock of at least one day; 1 to 32 distinct "
                     "key suppliers by valid USCC, not the applicant itself)",
                     items);
}

bool fg_wl_in_force(fg_wl_state s)
{
    return s == FG_WL_LISTED || s == FG_WL_DUE_REVIEW;
}

bool fg_wl_review_due(const fg_wl *w, int32_t today)
{
    return w->state == FG_WL_LISTED && w->review_on > 0 && w->review_on <= today;
}

int fg_wl_dept_of(fg_role r, const char *asked, fg_wl_dept *out, fg_err *err)
{
    if (r == FG_ROLE_INDUSTRY_AUTHORITY || r == FG_ROLE_HEALTH_AUTHORITY) {
        *out = r == FG_ROLE_INDUSTRY_AUTHORITY ? FG_WL_DEPT_INDUSTRY : FG_WL_DEPT_HEALTH;
        return 0;
    }
    if (r == FG_ROLE_NATIONAL_COORDINATOR && asked &&
        (strcmp(asked, "industry") == 0 || strcmp(asked, "health") == 0)) {
        *out = strcmp(asked, "industry") == 0 ? FG_WL_DEPT_INDUSTRY : FG_WL_DEPT_HEALTH;
        return 0;
    }
    if (r == FG_ROLE_NATIONAL_COORDINATOR)
        return fg_err_at(err, FG_EINVAL, "department", "whitelist.department",
                         "the national coordinator reviews a national list for one department "
                         "at a time: department must be industry or health");
    return fg_err_at(err, FG_EPERM, NULL, "whitelist.reviewer",
                     "applications are reviewed by the industry and the health departments");
}

static bool principal_speaks_for(const fg_principal *p, const char *uscc)
{
    for (size_t i = 0; uscc && i < p->n_enterprises; i++)
        if (strcmp(p->enterprises[i], uscc) == 0)
            return true;
    return false;
}

int fg_wl_check(const fg_wl *w, fg_wl_action a, const fg_principal *p, const char *uscc,
                fg_wl_dept dept, fg_err *err)
{
    if ((unsigned)a >= FG_WL_ACTION_COUNT || a == FG_WL_DUE)
        return fg_err_at(err, FG_EINVAL, "action", "whitelist.action_system",
                         "that step is taken by the system");
    const fg_wl_transition *t = &transitions[a];
    if (!(t->from & (1u << w->state)))
        return fg_err_at(err, FG_ECONFLICT, "action", "whitelist.state",
                         "cannot {action:%s} an application that is {state:%s}", t->name,
                         state_names[w->state]);
    unsigned roles = t->roles;
    /* The national tier has no national industry, health or joint account:
     * the national coordinator takes those steps. */
    if (t->by == FG_WL_BY_TIER && w->tier == FG_WL_NATIONAL)
        roles = R(NATIONAL_COORDINATOR);
    if (!(roles & (1u << p->role)))
        return fg_err_at(err, FG_EPERM, NULL, "whitelist.role",
                         "a {role:%s} account may not {action:%s} this application",
                         fg_role_name(p->role), t->name);
    switch (t->by) {
    case FG_WL_BY_ENTERPRISE:
        if (!principal_speaks_for(p, uscc))
            return fg_err_at(err, FG_EPERM, NULL, "access.not_your_enterprise",
                             "this account does not speak for {uscc:%s}", uscc ? uscc : "");
        break;
    case FG_WL_BY_LOCAL: {
        fg_region_level l = fg_region_level_of(p->region);
        if ((l != FG_LEVEL_COUNTY && l != FG_LEVEL_CITY) ||
            !fg_region_contains(p->region, w->county))
            return fg_err_at(err, FG_EPERM, NULL, "whitelist.checker",
                             "an application is checked by the county or city industry "
                             "authority of the enterprise's county {county:%06d}",
                             (int)w->county);
        break;
    }
    case FG_WL_BY_TIER:
        if (p->region != w->list_region)
            return fg_err_at(err, FG_EPERM, NULL, "whitelist.tier_account",
                             "this step is taken for the list of {region:%06d} by that region's "
                             "own account",
                             (int)w->list_region);
        break;
    case FG_WL_BY_SYSTEM: break;
    }
    if (a == FG_WL_REVIEW_AGREE && (dept == FG_WL_DEPT_INDUSTRY ? w->industry_ok : w->health_ok))
        return fg_err_at(err, FG_ECONFLICT, "department", "whitelist.reviewed_already",
                         "the {department:%s} department has already agreed",
                         dept == FG_WL_DEPT_INDUSTRY ? "industry" : "health");
    return 0;
}

int fg_wl_apply(fg_wl *w, fg_wl_action a, fg_wl_dept dept, const char *reason, int32_t review_on,
                int32_t today, fg_err *err)
{
    const fg_wl_transition *t = &transitions[a];
    if (!(t->from & (1u << w->state)))
        return fg_err_at(err, FG_ECONFLICT, "action", "whitelist.state",
                         "cannot {action:%s} an application that is {state:%s}", t->name,
                         state_names[w->state]);
    if (t->needs_reason && (!reason || fg_text_visible(reason) < 2))
        return fg_err_at(err, FG_EINVAL, "reason", "whitelist.reason", "{action:%s} needs a reason",
                         t->name);
    if ((a == FG_WL_LIST || a == FG_WL_ADJUST) && review_on <= today)
        return fg_err_at(err, FG_EINVAL, "review_on", "whitelist.review_date",
                         "the review date must be after today");
    w->state = t->to;
    switch (a) {
    case FG_WL_REVIEW_AGREE:
        if (dept == FG_WL_DEPT_INDUSTRY)
            w->industry_ok = true;
        else
            w->health_ok = true;
        if (w->industry_ok && w->health_ok)
            w->state = FG_WL_REVIEWED;
        break;
    case FG_WL_RESUBMIT: w->industry_ok = w->health_ok = false; break;
    case FG_WL_LIST:
    case FG_WL_ADJUST: w->review_on = review_on; break;
    default: break;
    }
    return 0;
}

int fg_wl_recognition_ask_check(const fg_principal *p, int32_t list_region, fg_wl_tier tier,
                                int32_t to, fg_err *err)
{
    if (p->role != FG_ROLE_JOINT_MECHANISM || fg_region_level_of(p->region) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EPERM, NULL, "recognition.asker",
                         "a province's joint mechanism asks another province to recognise its "
                         "lists");
    if (tier == FG_WL_NATIONAL)
        return fg_err_at(err, FG_EINVAL, "list", "recognition.national",
                         "a national list holds in every province and needs no recognition");
    if (!fg_region_contains(p->region, list_region))
        return fg_err_at(err, FG_EPERM, NULL, "recognition.not_own_list",
                         "only lists issued inside {region:%06d} may be offered for recognition",
                         (int)p->region);
    if (fg_region_level_of(to) != FG_LEVEL_PROVINCE || to == p->region)
        return fg_err_at(err, FG_EINVAL, "to", "recognition.to",
                         "recognition is asked of another province (a province's code)");
    return 0;
}

int fg_wl_recognition_answer_check(const fg_principal *p, int32_t to, const char *state,
                                   bool accept, const char *reason, fg_err *err)
{
    if (p->role != FG_ROLE_JOINT_MECHANISM || p->region != to)
        return fg_err_at(err, FG_EPERM, NULL, "recognition.answerer",
                         "the joint mechanism of the receiving province {region:%06d} answers",
                         (int)to);
    if (strcmp(state, "pending") != 0)
        return fg_err_at(err, FG_ECONFLICT, NULL, "recognition.answered",
                         "this member was already {state:%s}", state);
    if (!accept && (!reason || fg_text_visible(reason) < 2))
        return fg_err_at(err, FG_EINVAL, "reason", "recognition.reason",
                         "declining needs a reason");
    return 0;
}

bool fg_wl_recognition_overdue(const char *state, int64_t due_at, int64_t now)
{
    return strcmp(state, "pending") == 0 && now > due_at;
}

/* ---- pass priority ---- */

static const char *const prio_names[] = {"", "listed", "recognised"};

const char *fg_wl_prio_name(fg_wl_prio p)
{
    return (unsigned)p < sizeof(prio_names) / sizeof(prio_names[0]) ? prio_names[p] : "";
}

int fg_wl_prio_parse(const char *s, fg_wl_prio *out)
{
    for (size_t i = 0; i < sizeof(prio_names) / sizeof(prio_names[0]); i++)
        if (strcmp(s, prio_names[i]) == 0) {
            *out = (fg_wl_prio)i;
            return 0;
        }
    *out = FG_WL_PRIO_NONE;
    return FG_EINVAL;
}

fg_wl_prio fg_wl_pass_priority(int32_t province, const int32_t *list_regions, size_t n,
                               const int32_t *recognised, size_t nrec, int32_t *out_region)
{
    *out_region = 0;
    for (size_t i = 0; i < n; i++)
        if (list_regions[i] == FG_REGION_NATION || fg_region_contains(province, list_regions[i])) {
            *out_region = list_regions[i];
            return FG_WL_PRIO_LISTED;
        }
    for (size_t i = 0; i < nrec; i++)
        if (recognised[i] == province) {
            *out_region = province;
            return FG_WL_PRIO_RECOGNISED;
        }
    return FG_WL_PRIO_NONE;
}
