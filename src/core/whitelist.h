/* White lists of key-chain enterprises (白名单): lists per chain, tier and
 * issuing region, an enterprise's application and the commitment it makes,
 * the workflow from application to listing and its end, and mutual
 * recognition between provinces. The workflow is a table of transitions
 * (fg_wl_transitions), printable as documentation. Pure: dates and times are
 * passed in.
 *
 * States: applied -> checked (the county or city industry authority of the
 * enterprise's county passes it; or returned -> applied again, or rejected)
 * -> reviewed (the industry and the health departments of the list's tier
 * both agree; either may reject) -> listed (the list's joint mechanism lists
 * it in a batch with a review date) -> due_review (the review date passed:
 * the sweep puts it back before its lister) -> listed again (adjusted with a
 * new review date) or ended (with a reason). For a national list the national
 * coordinator takes the review and listing steps. */
#ifndef FG_CORE_WHITELIST_H
#define FG_CORE_WHITELIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "access.h"
#include "fg_vocab.h"
#include "words.h"

/* The chains, FG_CHAIN_AUTOMOTIVE = 0, ...: data/vocab/chains.json's rows. */
#define FG__CHAIN_ENUM(code, id, name) FG_CHAIN_##id = code,
typedef enum { FG_VOCAB_CHAINS(FG__CHAIN_ENUM) FG_KEYCHAIN_COUNT } fg_keychain;
#undef FG__CHAIN_ENUM

typedef enum { FG_WL_NATIONAL = 0, FG_WL_PROVINCIAL, FG_WL_CITY, FG_WL_COUNTY } fg_wl_tier;

typedef enum {
    FG_WL_APPLIED = 0,
    FG_WL_RETURNED,
    FG_WL_REJECTED,
    FG_WL_CHECKED,  /* waiting for the tier's industry and health reviews */
    FG_WL_REVIEWED, /* both agreed: waiting to be listed */
    FG_WL_LISTED,
    FG_WL_DUE_REVIEW, /* listed, its review date passed */
    FG_WL_ENDED,
    FG_WL_STATE_COUNT
} fg_wl_state;

typedef enum {
    FG_WL_CHECK_PASS = 0,
    FG_WL_CHECK_RETURN, /* reason required */
    FG_WL_CHECK_REJECT, /* reason required */
    FG_WL_RESUBMIT,     /* the enterprise, after a return */
    FG_WL_REVIEW_AGREE,
    FG_WL_REVIEW_REJECT, /* reason required */
    FG_WL_LIST,          /* into a batch, with a review date */
    FG_WL_ADJUST,        /* a new review date; reason required */
    FG_WL_END,           /* reason required */
    FG_WL_DUE,           /* the sweep: the review date passed */
    FG_WL_ACTION_COUNT
} fg_wl_action;

/* The department a review speaks for. */
typedef enum { FG_WL_DEPT_INDUSTRY = 0, FG_WL_DEPT_HEALTH } fg_wl_dept;

/* Who takes a transition, and where. */
typedef enum {
    FG_WL_BY_LOCAL,      /* the county or city industry authority over the enterprise */
    FG_WL_BY_ENTERPRISE, /* the enterprise's own account */
    FG_WL_BY_TIER,       /* an account whose jurisdiction is the list's region */
    FG_WL_BY_SYSTEM,     /* the sweep */
} fg_wl_by;

typedef struct fg_wl_transition {
    fg_wl_action action;
    const char *name; /* "check_pass", as the API names it */
    unsigned from;    /* bit (1 << fg_wl_state) */
    fg_wl_state to;   /* FG_WL_CHECKED for an agreeing review until both agree */
    fg_wl_by by;
    unsigned roles; /* bit (1 << fg_role); for a national list see the header */
    bool needs_reason;
} fg_wl_transition;

/* The transition table (static, FG_WL_ACTION_COUNT rows in action order). */
const fg_wl_transition *fg_wl_transitions(void);
/* Appends the table as text, one line per transition. */
int fg_wl_transitions_print(fg_buf *out);

const char *fg_chain_name(fg_keychain c);
const fg_word *fg_chain_word(fg_keychain c);
int fg_chain_parse(const char *s, fg_keychain *out, fg_err *err);
const char *fg_wl_tier_name(fg_wl_tier t);
int fg_wl_tier_parse(const char *s, fg_wl_tier *out, fg_err *err);
const char *fg_wl_state_name(fg_wl_state s);
int fg_wl_state_parse(const char *s, fg_wl_state *out);
const char *fg_wl_action_name(fg_wl_action a);
int fg_wl_action_parse(const char *s, fg_wl_action *out, fg_err *err);

/* Checks that a list of `tier` may be issued by `region`: the nation for a
 * national list, a province, city or county for the others. */
int fg_wl_list_check(fg_wl_tier tier, int32_t region, fg_err *err);
/* Whether p keeps lists of `tier` issued by `region` (creates them, publishes
 * their batches): the region's own joint mechanism, the national coordinator
 * for a national list. FG_EPERM with the reason. */
int fg_wl_lister_check(const fg_principal *p, fg_wl_tier tier, int32_t region, fg_err *err);
/* Whether an enterprise in `county` may apply to a list issued by `region`
 * (inside it; anywhere for a national list). */
int fg_wl_list_covers(int32_t list_region, int32_t county, fg_err *err);

/* What the enterprise commits to. */
typedef struct fg_wl_commitment {
    int staff;      /* closed-loop staff */
    int lodging;    /* lodging places for them */
    int testing;    /* tests it can take a day */
    int stock_days; /* protective stock of its inputs, in days */
} fg_wl_commitment;

#define FG_WL_MAX_SUPPLIERS 32

typedef struct fg_wl_application {
    const char *plan; /* the production plan, text */
    fg_wl_commitment c;
    const char *suppliers[FG_WL_MAX_SUPPLIERS]; /* USCCs, borrowed */
    size_t n_suppliers;
    bool bad_supplier; /* a supplier entry was not a string (set by the parser) */
} fg_wl_application;

/* Checks an application and names every missing or wrong item at once
 * (FG_EINVAL; the message lists them, param `items` the field names,
 * comma-separated): the plan (20 to 8000 characters), staff >= 1, lodging >=
 * staff, testing >= staff, stock_days >= 1, one to FG_WL_MAX_SUPPLIERS
 * suppliers with valid USCCs, none the applicant's own, none twice. */
int fg_wl_application_check(const fg_wl_application *a, const char *applicant, fg_err *err);

/* One application or listing as the workflow sees it. */
typedef struct fg_wl {
    fg_wl_state state;
    fg_wl_tier tier;
    int32_t list_region; /* the issuing region of the list */
    int32_t county;      /* the enterprise's county */
    bool industry_ok, health_ok;
    int32_t review_on; /* the review date (YYYYMMDD), once listed */
} fg_wl;

/* Whether principal p may take action a on w (speaking, for a review, for
 * department `dept`, which follows from the role except for the national
 * coordinator on a national list). FG_ECONFLICT for the wrong state, FG_EPERM
 * with the reason otherwise. */
int fg_wl_check(const fg_wl *w, fg_wl_action a, const fg_principal *p, const char *uscc,
                fg_wl_dept dept, fg_err *err);
/* Applies an action already checked: the next state, the review halves, the
 * review date (for list and adjust, which must be after `today`), the
 * reason where required. */
int fg_wl_apply(fg_wl *w, fg_wl_action a, fg_wl_dept dept, const char *reason, int32_t review_on,
                int32_t today, fg_err *err);
/* Whether the listing's review date has passed on `today` (the sweep's test). */
bool fg_wl_review_due(const fg_wl *w, int32_t today);
/* Whether the listing is in force: listed or due for review (not ended). */
bool fg_wl_in_force(fg_wl_state s);
/* The department a role reviews for; FG_EPERM for a role that reviews none. */
int fg_wl_dept_of(fg_role r, const char *asked, fg_wl_dept *out, fg_err *err);

/* ---- mutual recognition ---- */

#define FG_WL_RECOGNITION_DAYS 3 /* the receiving province answers within (default) */

/* Checks a request: asked by the joint mechanism of province `from` (its own
 * account at province level), for a list issued inside `from` (not a national
 * one: those hold everywhere), to another province `to`. */
int fg_wl_recognition_ask_check(const fg_principal *p, int32_t list_region, fg_wl_tier tier,
                                int32_t to, fg_err *err);
/* Checks an answer to one item: by the joint mechanism of the receiving
 * province, the item still pending (FG_ECONFLICT otherwise); a decline needs
 * a reason. Past the deadline an item can still be answered: it stays
 * pending and is shown overdue until it is. */
int fg_wl_recognition_answer_check(const fg_principal *p, int32_t to, const char *state,
                                   bool accept, const char *reason, fg_err *err);
/* Whether an item pending at `now` is past `due_at`. */
bool fg_wl_recognition_overdue(const char *state, int64_t due_at, int64_t now);

/* ---- what a listing is worth elsewhere: pass priority ---- */

/* Why a pass application comes first in its issuing province's queue. */
typedef enum {
    FG_WL_PRIO_NONE = 0,
    FG_WL_PRIO_LISTED,     /* the applicant is on a list in force there (or a national one) */
    FG_WL_PRIO_RECOGNISED, /* the province recognised the applicant's listing */
} fg_wl_prio;

/* "", "listed", "recognised" (as stored and in the API). */
const char *fg_wl_prio_name(fg_wl_prio p);
int fg_wl_prio_parse(const char *s, fg_wl_prio *out);

/* Decides whether a pass issued by province `province` for an applicant
 * whose listings in force are issued by `list_regions` (n of them; a
 * national list is region 0) and which `recognised` provinces
 * (nrec) have recognised, comes first: listed when a list covers the
 * province (national, or issued inside it), else recognised when the
 * province is among those recognising it. *out_region: the region of the
 * list (listed) or the province that recognised it (recognised), 0 for none.
 * Both arrays borrowed. */
fg_wl_prio fg_wl_pass_priority(int32_t province, const int32_t *list_regions, size_t n,
                               const int32_t *recognised, size_t nrec, int32_t *out_region);

#endif
