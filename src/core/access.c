/* Permission table and jurisdiction checks. */
#include "access.h"

#include <string.h>

#include "../util/assert.h"
#include "enterprise.h"
#include "region.h"

#define R(x) (1u << FG_ROLE_##x)
#define ALL_ROLES ((1u << FG_ROLE_COUNT) - 1)
#define OFFICIALS                                                                                  \
    (R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(ECONOMIC_DEPARTMENT) | R(HEALTH_AUTHORITY) |   \
     R(NATIONAL_COORDINATOR) | R(AUDITOR))

#define ROLE_NAME(code, id, name) name,
static const char *const role_names[] = {FG_VOCAB_ROLES(ROLE_NAME)};
#undef ROLE_NAME
_Static_assert(sizeof(role_names) / sizeof(role_names[0]) == FG_ROLE_COUNT, "one name per fg_role");

static const fg_access_rule access_rules[FG_ACT_COUNT] = {
    {FG_ACT_REGION_READ, "region.read", ALL_ROLES, FG_SCOPE_REGION, false},
    {FG_ACT_RISK_DESIGNATE, "risk.designate", R(HEALTH_AUTHORITY), FG_SCOPE_REGION, false},
    {FG_ACT_ENTERPRISE_READ, "enterprise.read", OFFICIALS | R(ENTERPRISE) | R(TRANSPORT_OPERATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_ENTERPRISE_CREATE, "enterprise.create",
     R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(NATIONAL_COORDINATOR), FG_SCOPE_REGION, false},
    {FG_ACT_ENTERPRISE_UPDATE, "enterprise.update",
     R(ENTERPRISE) | R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_ENTERPRISE_CLASSIFY, "enterprise.classify",
     R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(NATIONAL_COORDINATOR), FG_SCOPE_REGION, false},
    {FG_ACT_RULES_READ, "guidance_rules.read", ALL_ROLES, FG_SCOPE_ANY, false},
    {FG_ACT_RULES_REPLACE, "guidance_rules.replace", R(NATIONAL_COORDINATOR), FG_SCOPE_NATION,
     false},
    {FG_ACT_AUDIT_READ, "audit.read", R(AUDITOR) | R(NATIONAL_COORDINATOR), FG_SCOPE_REGION, false},
    {FG_ACT_AUDIT_VERIFY, "audit.verify", R(AUDITOR) | R(NATIONAL_COORDINATOR), FG_SCOPE_ANY,
     false},
    {FG_ACT_ACCOUNTS_MANAGE, "accounts.manage",
     ALL_ROLES & ~(R(ENTERPRISE) | R(TRANSPORT_OPERATOR)), FG_SCOPE_REGION, true},
    {FG_ACT_ORDER_READ, "order.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_ORDER_PROPOSE, "order.propose", R(JOINT_MECHANISM), FG_SCOPE_REGION, false},
    {FG_ACT_RESUMPTION_APPLY, "resumption.apply", R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_ALARM_READ, "alarm.read", OFFICIALS, FG_SCOPE_REGION, false},
    {FG_ACT_ALARM_CLOSE, "alarm.close", R(JOINT_MECHANISM) | R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_PASS_APPLY, "pass.apply", R(ENTERPRISE) | R(TRANSPORT_OPERATOR), FG_SCOPE_REGION,
     false},
    {FG_ACT_PASS_READ, "pass.read",
     OFFICIALS | R(ENTERPRISE) | R(TRANSPORT_OPERATOR) | R(CHECKPOINT_OFFICER), FG_SCOPE_REGION,
     false},
    /* The joint mechanism, or the department owning a goods category when the
     * server is so configured; the API checks which one for each pass. */
    {FG_ACT_PASS_DECIDE, "pass.decide",
     R(JOINT_MECHANISM) | R(INDUSTRY_AUTHORITY) | R(HEALTH_AUTHORITY) | R(ECONOMIC_DEPARTMENT),
     FG_SCOPE_REGION, false},
    {FG_ACT_PASS_CHECK, "pass.check", R(CHECKPOINT_OFFICER), FG_SCOPE_REGION, false},
    {FG_ACT_PASS_RULES_READ, "pass_rules.read",
     OFFICIALS | R(ENTERPRISE) | R(TRANSPORT_OPERATOR) | R(CHECKPOINT_OFFICER), FG_SCOPE_ANY,
     false},
    /* The province's own account: the app checks the level. */
    {FG_ACT_PASS_RULES_SET, "pass_rules.set", R(JOINT_MECHANISM), FG_SCOPE_REGION, false},
    /* chain-data: the supply-chain graph */
    {FG_ACT_CHAIN_READ, "chain.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_CHAIN_EDIT, "chain.edit",
     R(ENTERPRISE) | R(INDUSTRY_AUTHORITY) | R(NATIONAL_COORDINATOR), FG_SCOPE_REGION, false},
    {FG_ACT_CHAIN_IMPORT, "chain.import",
     R(ENTERPRISE) | R(INDUSTRY_AUTHORITY) | R(NATIONAL_COORDINATOR), FG_SCOPE_ANY, false},
    /* end chain-data */
    /* coordination requests (商请函): the region is the requesting or the
     * receiving one, as the app decides per request */
    {FG_ACT_COORDINATION_RAISE, "coordination.raise", R(JOINT_MECHANISM) | R(INDUSTRY_AUTHORITY),
     FG_SCOPE_REGION, false},
    {FG_ACT_COORDINATION_HANDLE, "coordination.handle",
     R(JOINT_MECHANISM) | R(INDUSTRY_AUTHORITY) | R(ECONOMIC_DEPARTMENT) | R(HEALTH_AUTHORITY) |
         R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_COORDINATION_READ, "coordination.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION,
     false},
    /* end of coordination requests */
    /* ---- white lists (issue 12, part "whitelist"): the workflow's own table
     * (core/whitelist.c) decides each step's level and region ---- */
    {FG_ACT_WHITELIST_READ, "whitelist.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_WHITELIST_APPLY, "whitelist.apply", R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_WHITELIST_CHECK, "whitelist.check", R(INDUSTRY_AUTHORITY), FG_SCOPE_REGION, false},
    {FG_ACT_WHITELIST_REVIEW, "whitelist.review",
     R(INDUSTRY_AUTHORITY) | R(HEALTH_AUTHORITY) | R(NATIONAL_COORDINATOR), FG_SCOPE_REGION, false},
    {FG_ACT_WHITELIST_LIST, "whitelist.list", R(JOINT_MECHANISM) | R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_WHITELIST_RECOGNISE, "whitelist.recognise", R(JOINT_MECHANISM), FG_SCOPE_REGION, false},
    /* ---- end white lists ---- */
    /* critical-link marks (issue 12, part "critical") */
    {FG_ACT_CRITICAL_MARK, "critical.mark", R(INDUSTRY_AUTHORITY), FG_SCOPE_REGION, false},
    /* related services in step (issue 12, part "pool") */
    {FG_ACT_SERVICE_FLAG_ACK, "service_flag.ack", R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM),
     FG_SCOPE_REGION, false},
    /* daily reports (issue 13, part "reports") */
    {FG_ACT_REPORT_SUBMIT, "report.submit", R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_REPORT_READ, "report.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_REPORT_UPLOAD, "report.upload", R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM),
     FG_SCOPE_REGION, false},
    {FG_ACT_REPORT_MISSING, "report.missing",
     R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(ECONOMIC_DEPARTMENT) | R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    /* ---- problems (issue 13, part "problems") ---- */
    /* Anywhere a truck is stuck; the app checks that an enterprise speaks
     * for itself. */
    {FG_ACT_PROBLEM_RAISE, "problem.raise", R(ENTERPRISE) | R(TRANSPORT_OPERATOR), FG_SCOPE_ANY,
     false},
    {FG_ACT_PROBLEM_HANDLE, "problem.handle",
     R(JOINT_MECHANISM) | R(INDUSTRY_AUTHORITY) | R(ECONOMIC_DEPARTMENT) | R(HEALTH_AUTHORITY) |
         R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_PROBLEM_READ, "problem.read", OFFICIALS | R(ENTERPRISE) | R(TRANSPORT_OPERATOR),
     FG_SCOPE_REGION, false},
    {FG_ACT_PROBLEM_RATES, "problem.rates", OFFICIALS, FG_SCOPE_REGION, false},
    /* ---- end problems ---- */
    /* monitoring of work resumption (issue 13, part "monitor"): officials and
     * auditors in their jurisdiction; enterprises never */
    {FG_ACT_MONITOR_READ, "monitoring.read", OFFICIALS, FG_SCOPE_REGION, false},
    {FG_ACT_ELECTRICITY_UPLOAD, "electricity.upload",
     R(INDUSTRY_AUTHORITY) | R(JOINT_MECHANISM) | R(ECONOMIC_DEPARTMENT) | R(NATIONAL_COORDINATOR),
     FG_SCOPE_REGION, false},
    /* production and contingency plans (issue 14, part "plans") */
    {FG_ACT_PLAN_READ, "plan.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_PLAN_WRITE, "plan.write", R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_PLAN_REVIEW, "plan.review", R(INDUSTRY_AUTHORITY), FG_SCOPE_REGION, false},
    /* ---- transfer stations (issue 14, part "stations") ---- */
    {FG_ACT_STATION_READ, "station.read",
     OFFICIALS | R(ENTERPRISE) | R(TRANSPORT_OPERATOR) | R(STATION_STAFF), FG_SCOPE_ANY, false},
    {FG_ACT_STATION_MANAGE, "station.manage", R(JOINT_MECHANISM), FG_SCOPE_REGION, false},
    {FG_ACT_STATION_BOOK, "station.book", R(TRANSPORT_OPERATOR) | R(ENTERPRISE), FG_SCOPE_REGION,
     false},
    {FG_ACT_STATION_GATE, "station.gate", R(STATION_STAFF), FG_SCOPE_REGION, false},
    {FG_ACT_STATION_DAY, "station.day", OFFICIALS | R(STATION_STAFF), FG_SCOPE_REGION, false},
    /* ---- end transfer stations ---- */
    /* ---- policies that benefit enterprises (issue 15) ---- */
    {FG_ACT_POLICY_READ, "policy.read", OFFICIALS | R(ENTERPRISE), FG_SCOPE_ANY, false},
    {FG_ACT_POLICY_WRITE, "policy.write", R(ECONOMIC_DEPARTMENT), FG_SCOPE_REGION, false},
    {FG_ACT_POLICY_CHECK, "policy.check", R(ECONOMIC_DEPARTMENT), FG_SCOPE_REGION, false},
    {FG_ACT_POLICY_APPLY, "policy.apply", R(ENTERPRISE), FG_SCOPE_REGION, false},
    {FG_ACT_POLICY_REACH, "policy.reach", OFFICIALS, FG_SCOPE_REGION, false},
    {FG_ACT_BENEFIT_FACTS, "benefit_facts.set", R(ENTERPRISE) | R(ECONOMIC_DEPARTMENT),
     FG_SCOPE_REGION, false},
    /* ---- end policies ---- */
};

const fg_access_rule *fg_access_rules(void)
{
    return access_rules;
}

#define ROLE_WORD(code, id, name, zh, en) {name, zh, en},
static const fg_word role_words[] = {FG_VOCAB_ROLES_WORDS(ROLE_WORD)};
#undef ROLE_WORD

const fg_word *fg_role_word(fg_role r)
{
    if (FG_NEVER((unsigned)r >= FG_ROLE_COUNT))
        return &role_words[0];
    return &role_words[r];
}

const char *fg_role_name(fg_role r)
{
    return role_names[r];
}

int fg_role_parse(const char *s, fg_role *out, fg_err *err)
{
    for (int i = 0; i < FG_ROLE_COUNT; i++) {
        if (strcmp(s, role_names[i]) == 0) {
            *out = (fg_role)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "role", "role.unknown",
                     "unknown role '{value:%.40s}'; roles are " FG_VOCAB_ROLES_LIST, s);
}

bool fg_role_has_region(fg_role r)
{
    return r != FG_ROLE_ENTERPRISE && r != FG_ROLE_TRANSPORT_OPERATOR;
}

int fg_role_check_jurisdiction(fg_role r, int32_t region, fg_err *err)
{
    if (!fg_role_has_region(r))
        return region < 0
                   ? 0
                   : fg_err_at(err, FG_EINVAL, "region", "account.no_region",
                               "a %s account speaks for enterprises, not a region", role_names[r]);
    if (region < 0 || region > 999999)
        return fg_err_at(err, FG_EINVAL, "region", "account.region_needed",
                         "a %s account needs a region", role_names[r]);
    fg_region_level l = fg_region_level_of(region);
    if (r == FG_ROLE_NATIONAL_COORDINATOR && l != FG_LEVEL_NATION)
        return fg_err_at(err, FG_EINVAL, "region", "account.national_region",
                         "a national_coordinator's jurisdiction is the whole country (000000)");
    if (r != FG_ROLE_NATIONAL_COORDINATOR && r != FG_ROLE_AUDITOR && l == FG_LEVEL_NATION)
        return fg_err_at(err, FG_EINVAL, "region", "account.nation_only",
                         "only national_coordinator and auditor accounts cover the whole "
                         "country; give a province, city or county");
    if (r == FG_ROLE_ECONOMIC_DEPARTMENT && l == FG_LEVEL_COUNTY)
        return fg_err_at(err, FG_EINVAL, "region", "account.economic_level",
                         "an economic_department works at province or city level");
    return 0;
}

bool fg_access_sees_region(const fg_principal *p, int32_t r)
{
    if (fg_role_has_region(p->role))
        return fg_region_contains(p->region, r) || fg_region_contains(r, p->region);
    for (size_t i = 0; i < p->n_enterprises; i++)
        if (fg_region_contains(r, p->enterprise_regions[i]))
            return true;
    return false;
}

static bool principal_has_enterprise(const fg_principal *p, const char *uscc)
{
    for (size_t i = 0; uscc && i < p->n_enterprises; i++)
        if (strcmp(p->enterprises[i], uscc) == 0)
            return true;
    return false;
}

int fg_access_check_duties(const fg_principal *p, fg_role role, int32_t region, fg_err *err)
{
    if (role != FG_ROLE_AUDITOR && role != FG_ROLE_HEALTH_AUTHORITY)
        return 0;
    if (p->role == role)
        return 0;
    if (p->region >= 0 && region >= 0 && p->region != region &&
        fg_region_contains(p->region, region))
        return 0;
    return fg_err_at(err, FG_EPERM, "role", "access.separation_of_duties",
                     "an account of {role:%s}, which checks the others, is managed by an "
                     "administrator of its own role or of a level above its region",
                     fg_role_name(role));
}

int fg_access_check_role(const fg_principal *p, fg_action act, fg_err *err)
{
    const fg_access_rule *rule = &access_rules[act];
    if (!(rule->roles & (1u << p->role)))
        return fg_err_at(err, FG_EPERM, NULL, "access.role", "a %s account may not {action:%s}",
                         role_names[p->role], rule->name);
    if (rule->admin_only && !p->admin)
        return fg_err_at(err, FG_EPERM, NULL, "access.admin_only",
                         "{action:%s} is for administrators of a jurisdiction", rule->name);
    switch (rule->scope) {
    case FG_SCOPE_ANY: return 0;
    case FG_SCOPE_NATION:
        if (p->region == FG_REGION_NATION)
            return 0;
        return fg_err_at(err, FG_EPERM, NULL, "access.national_only",
                         "{action:%s} needs a national jurisdiction", rule->name);
    case FG_SCOPE_REGION: break;
    }
    return 0;
}

int fg_access_check(const fg_principal *p, fg_action act, const fg_target *t, fg_err *err)
{
    int rc = fg_access_check_role(p, act, err);
    if (rc || access_rules[act].scope != FG_SCOPE_REGION)
        return rc;
    if (!fg_role_has_region(p->role)) {
        if (t->uscc ? principal_has_enterprise(p, t->uscc)
                    : act == FG_ACT_REGION_READ && fg_access_sees_region(p, t->region))
            return 0;
        if (t->uscc)
            return fg_err_at(err, FG_EPERM, NULL, "access.not_your_enterprise",
                             "this account does not speak for {uscc:%s}", t->uscc);
        return fg_err_at(err, FG_EPERM, NULL, "access.not_your_region",
                         "this account does not speak for that region");
    }
    if (t->region >= 0 && fg_region_contains(p->region, t->region))
        return 0;
    /* Reading a region above one's own (its level applies to us) is allowed. */
    if (act == FG_ACT_REGION_READ && t->region >= 0 && fg_region_contains(t->region, p->region))
        return 0;
    return fg_err_at(err, FG_EPERM, NULL, "access.outside",
                     "region {region:%06d} is outside this account's jurisdiction "
                     "{jurisdiction:%06d}",
                     (int)t->region, (int)p->region);
}

int fg_access_check_enterprise(const fg_principal *p, fg_action act, const fg_target *t,
                               fg_err *err)
{
    FG_ASSERT(t->uscc);
    int rc = fg_access_check_role(p, act, err);
    if (rc || fg_access_check(p, act, t, NULL) == 0)
        return rc;
    return fg_enterprise_not_found(err, t->uscc);
}

/* ---- chain-data: supply edges ---- */

bool fg_access_sees_edge(const fg_principal *p, const char *supplier, int32_t supplier_region,
                         const char *customer, int32_t customer_region)
{
    return fg_access_check_edge(p, FG_ACT_CHAIN_READ, supplier, supplier_region, customer,
                                customer_region, NULL) == 0;
}

int fg_access_check_edge(const fg_principal *p, fg_action act, const char *supplier,
                         int32_t supplier_region, const char *customer, int32_t customer_region,
                         fg_err *err)
{
    fg_target s = {supplier_region, supplier}, c = {customer_region, customer};
    if (fg_access_check(p, act, &s, NULL) == 0)
        return 0;
    return fg_access_check(p, act, &c, err);
}
