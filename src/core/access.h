/* Roles, jurisdictions and the permission table. Who may do what, and where,
 * is data: one row per action naming the roles allowed and how far their
 * jurisdiction must reach (see fg_access_rules). Pure. */
#ifndef FG_CORE_ACCESS_H
#define FG_CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "fg_vocab.h"
#include "words.h"

/* The roles, FG_ROLE_ENTERPRISE = 0, FG_ROLE_INDUSTRY_AUTHORITY,
 * FG_ROLE_JOINT_MECHANISM, FG_ROLE_ECONOMIC_DEPARTMENT,
 * FG_ROLE_HEALTH_AUTHORITY, FG_ROLE_NATIONAL_COORDINATOR,
 * FG_ROLE_CHECKPOINT_OFFICER, FG_ROLE_TRANSPORT_OPERATOR, FG_ROLE_AUDITOR:
 * the rows of data/vocab/roles.json (the one list of roles, which the
 * browser imports too), in its order. */
#define FG__ROLE_ENUM(code, id, name) FG_ROLE_##id = code,
typedef enum { FG_VOCAB_ROLES(FG__ROLE_ENUM) FG_ROLE_COUNT } fg_role;
#undef FG__ROLE_ENUM

typedef enum {
    FG_ACT_REGION_READ = 0, /* a region, its level and history */
    FG_ACT_RISK_DESIGNATE,  /* designate a risk level */
    FG_ACT_ENTERPRISE_READ, /* read, list, guidance, history */
    FG_ACT_ENTERPRISE_CREATE,
    FG_ACT_ENTERPRISE_UPDATE,   /* name, industry, headcount, capacity */
    FG_ACT_ENTERPRISE_CLASSIFY, /* categories, critical mark, plans on file */
    FG_ACT_RULES_READ,
    FG_ACT_RULES_REPLACE,
    FG_ACT_AUDIT_READ,
    FG_ACT_AUDIT_VERIFY,
    FG_ACT_ACCOUNTS_MANAGE,  /* list, create, disable accounts, reset passwords */
    FG_ACT_ORDER_READ,       /* stop/limit orders, their timelines */
    FG_ACT_ORDER_PROPOSE,    /* propose an order for one enterprise (the steps after
                                are checked by the route: fg_order_check) */
    FG_ACT_RESUMPTION_APPLY, /* the enterprise applies to resume */
    FG_ACT_ALARM_READ,       /* blanket-shutdown alarms */
    FG_ACT_ALARM_CLOSE,      /* close an alarm after looking into it */
    FG_ACT_PASS_APPLY,       /* apply for (or renew) a vehicle pass for one's enterprise */
    FG_ACT_PASS_READ,        /* a pass, its QR code and its checks */
    FG_ACT_PASS_DECIDE,      /* approve (issue), reject, revoke: a provincial joint mechanism */
    FG_ACT_PASS_CHECK,       /* check a presented pass at a checkpoint, upload offline checks */
    FG_ACT_PASS_RULES_READ,  /* a province's negative-test rule for passes (any province:
                                a trip crosses provinces) */
    FG_ACT_PASS_RULES_SET,   /* set it: the joint mechanism of that province */
    /* chain-data: the supply-chain graph */
    FG_ACT_CHAIN_READ,   /* supply edges and related services (see fg_access_sees_edge) */
    FG_ACT_CHAIN_EDIT,   /* add, change, delete an edge or a service used: one end's own */
    FG_ACT_CHAIN_IMPORT, /* CSV import of edges (each row checked as chain.edit) */
    /* end chain-data */
    /* coordination requests (商请函) */
    FG_ACT_COORDINATION_RAISE,  /* ask another region about suppliers of a customer here */
    FG_ACT_COORDINATION_HANDLE, /* assign, answer, close, decline (receiving region), confirm,
                                   reopen (requesting region): the app checks which side */
    FG_ACT_COORDINATION_READ,   /* requests sent or received, the ledger */
    /* end of coordination requests */
    /* ---- white lists (issue 12, part "whitelist") ---- */
    FG_ACT_WHITELIST_READ,      /* lists, batches, applications, listings, recognitions */
    FG_ACT_WHITELIST_APPLY,     /* the enterprise applies (and resubmits) */
    FG_ACT_WHITELIST_CHECK,     /* the county or city industry authority checks */
    FG_ACT_WHITELIST_REVIEW,    /* the industry and health departments of the list's tier */
    FG_ACT_WHITELIST_LIST,      /* create lists and batches, list, adjust, end: the tier's
                                   joint mechanism (the national coordinator for the nation) */
    FG_ACT_WHITELIST_RECOGNISE, /* ask another province to recognise a list, answer a request */
    /* ---- end white lists ---- */
    /* ---- critical-link marks (issue 12, part "critical") ---- */
    FG_ACT_CRITICAL_MARK, /* mark or unmark by hand: the provincial industry authority
                             (core/critical.c checks the level) */
    /* ---- end critical-link marks ---- */
    FG_ACT_SERVICE_FLAG_ACK, /* acknowledge a related service flagged to the region: its
                                industry authority or joint mechanism */
    /* ---- daily reports (issue 13, part "reports") ---- */
    FG_ACT_REPORT_SUBMIT,  /* the enterprise reports its day (form, or batch from its systems) */
    FG_ACT_REPORT_READ,    /* an enterprise's reports and their versions */
    FG_ACT_REPORT_UPLOAD,  /* CSV/XLSX upload for enterprises in the jurisdiction: the
                              industry authority or the joint mechanism */
    FG_ACT_REPORT_MISSING, /* who has not reported: officials who chase reports */
    /* ---- end daily reports ---- */
    /* ---- problems (issue 13, part "problems") ---- */
    FG_ACT_PROBLEM_RAISE,  /* an enterprise about itself, an operator about a truck */
    FG_ACT_PROBLEM_HANDLE, /* take, assign, answer, pause... (the departments); the raiser's
                              steps (confirm, close, reopen, rate) are checked by the app */
    FG_ACT_PROBLEM_READ,   /* the ledger, a problem, the kinds */
    FG_ACT_PROBLEM_RATES,  /* rates and repeated problems by region and department */
    /* ---- end problems ---- */
    /* ---- monitoring of work resumption (issue 13, part "monitor") ---- */
    FG_ACT_MONITOR_READ,       /* aggregates, trends, the bulletin, electricity disagreements */
    FG_ACT_ELECTRICITY_UPLOAD, /* upload a grid company's daily consumption file */
    /* ---- end monitoring ---- */
    /* ---- production and contingency plans (issue 14, part "plans") ---- */
    FG_ACT_PLAN_READ,   /* an enterprise's plans, versions, the plan in force, the lacking list */
    FG_ACT_PLAN_WRITE,  /* the enterprise saves, checks and files its plans */
    FG_ACT_PLAN_REVIEW, /* approve or return a filed plan, the review queue: the industry
                           authority of the enterprise's county or above */
    /* ---- end plans ---- */
    /* ---- transfer stations (issue 14, part "stations") ---- */
    FG_ACT_STATION_READ,   /* stations, their slots and fill: who books, runs or oversees them */
    FG_ACT_STATION_MANAGE, /* create a station, change its hours, capacity and state: the
                              provincial joint mechanism (the app checks the level) */
    FG_ACT_STATION_BOOK,   /* book and cancel a slot for a pass of one's own enterprise */
    FG_ACT_STATION_GATE,   /* check in, hand over, depart: the station staff of its county */
    FG_ACT_STATION_DAY,    /* the station's day, its bookings and figures */
    /* ---- end transfer stations ---- */
    /* ---- policies that benefit enterprises (issue 15) ---- */
    FG_ACT_POLICY_READ,   /* the catalogue, a policy's rule in words and its reach summary */
    FG_ACT_POLICY_WRITE,  /* draft, revise, preview, publish and withdraw a policy: the
                             issuing department (economic department) of the policy's region */
    FG_ACT_POLICY_CHECK,  /* the queue; approve, reject, ask for more, grant: the economic
                             department whose jurisdiction holds the enterprise, inside the
                             policy's region (the app checks the latter) */
    FG_ACT_POLICY_APPLY,  /* policies for you; apply, answer, confirm receipt, object: the
                             enterprise for itself */
    FG_ACT_POLICY_REACH,  /* reach per policy and region, the eligible not reached, XLSX */
    FG_ACT_BENEFIT_FACTS, /* set an enterprise's benefit facts (insured, rent, contributions,
                             VAT credit): the enterprise itself or the economic department */
    /* ---- end policies ---- */
    FG_ACT_COUNT
} fg_action;

/* How far the jurisdiction must reach for an action. */
typedef enum {
    FG_SCOPE_ANY = 0, /* any signed-in account of an allowed role */
    FG_SCOPE_REGION,  /* the target's region inside the account's region, or the
                         target enterprise among the account's enterprises */
    FG_SCOPE_NATION,  /* the account's jurisdiction is the whole country */
} fg_scope;

typedef struct fg_access_rule {
    fg_action action;
    const char *name; /* "enterprise.update" */
    unsigned roles;   /* bit (1 << fg_role) */
    fg_scope scope;
    bool admin_only; /* the account must also be an administrator */
} fg_access_rule;

/* The signed-in account as access control sees it (all borrowed). */
typedef struct fg_principal {
    fg_role role;
    int32_t region;                    /* -1 for enterprise and transport-operator accounts */
    const char *const *enterprises;    /* USCCs the account speaks for */
    const int32_t *enterprise_regions; /* their counties, parallel to enterprises */
    size_t n_enterprises;
    bool admin; /* administers the accounts inside its jurisdiction */
} fg_principal;

/* What is acted on. `region` is the region concerned (an enterprise's county),
 * -1 when none; `uscc` the enterprise, or NULL. */
typedef struct fg_target {
    int32_t region;
    const char *uscc;
} fg_target;

const char *fg_role_name(fg_role r);
/* The role's words (data/vocab/roles.json's labels); borrowed, static. */
const fg_word *fg_role_word(fg_role r);
int fg_role_parse(const char *s, fg_role *out, fg_err *err);
/* Whether the role's jurisdiction is a region (else a list of enterprises). */
bool fg_role_has_region(fg_role r);
/* Checks that a role may hold a jurisdiction at `region`'s level (national
 * coordinator: the nation; economic department: a province or city; ...). */
int fg_role_check_jurisdiction(fg_role r, int32_t region, fg_err *err);

/* The permission table (static, FG_ACT_COUNT rows in action order). */
const fg_access_rule *fg_access_rules(void);

/* 0 when `p` may take `act` on `t`; FG_EPERM with a reason otherwise. */
int fg_access_check(const fg_principal *p, fg_action act, const fg_target *t, fg_err *err);
/* The part of fg_access_check that does not depend on the target: whether
 * `p`'s role (and administrator flag, and national scope where the action
 * needs it) allows `act` anywhere. 0, or FG_EPERM with a reason. Callers that
 * address a record by its key check this before looking the record up, so
 * that a role refused everywhere is refused the same whether it exists. */
int fg_access_check_role(const fg_principal *p, fg_action act, fg_err *err);
/* fg_access_check for an action on the enterprise t->uscc (not NULL) lying
 * in t->region, as an account addressing it by its USCC sees it (issue 16):
 * a refusal for the role stays FG_EPERM, but an enterprise outside the
 * account's jurisdiction (or not its own, for an enterprise account) is
 * FG_ENOTFOUND with fg_enterprise_not_found's error, the very error for a
 * USCC nobody registered, so that the answer does not tell whether the
 * enterprise exists nor where. */
int fg_access_check_enterprise(const fg_principal *p, fg_action act, const fg_target *t,
                               fg_err *err);
/* Separation of duties (issue 16): whether administrator `p` may create,
 * disable or reset the password of an account of `role` in `region`, beyond
 * its jurisdiction (fg_access_check). The accounts that check the others —
 * auditors and health authorities — are managed only by an administrator of
 * their own role, or by one whose jurisdiction lies above their region (a
 * higher level), never by a joint mechanism or department of the same
 * level. 0, or FG_EPERM (access.separation_of_duties). */
int fg_access_check_duties(const fg_principal *p, fg_role role, int32_t region, fg_err *err);

/* Whether the account's jurisdiction reaches region `r` at all (for enterprise
 * accounts: r contains one of their enterprises). */
bool fg_access_sees_region(const fg_principal *p, int32_t r);

/* chain-data: whether `p` may see the supply edge supplier -> customer (with
 * their counties): the national jurisdiction sees every edge; a region
 * jurisdiction the edges with either end inside it; an enterprise account
 * only the edges of which one of its enterprises is an end (never its
 * customers' other suppliers nor its suppliers' other customers). */
bool fg_access_sees_edge(const fg_principal *p, const char *supplier, int32_t supplier_region,
                         const char *customer, int32_t customer_region);
/* Whether `p` may take `act` (chain.edit, chain.read) on the edge: allowed
 * on the supplier's end or on the customer's. 0 or FG_EPERM with a reason. */
int fg_access_check_edge(const fg_principal *p, fg_action act, const char *supplier,
                         int32_t supplier_region, const char *customer, int32_t customer_region,
                         fg_err *err);
/* end chain-data */

#endif
