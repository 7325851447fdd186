/* The server's route table: the rows of every resource file, in matching
 * order. A new resource file adds its FG_API_ROUTES line to api.h and its
 * table here. */
#include "api.h"

static const struct {
    const fg_api_route *rows;
    const size_t *n;
} tables[] = {
    {fg_api_auth_routes, &fg_api_auth_nroutes},
    /* reach of policies (issue 15, part "reach"): /api/v1/policies/reach
     * before the catalogue's /api/v1/policies/:id */
    {fg_api_policy_reach_routes, &fg_api_policy_reach_nroutes},
    {fg_api_regions_routes, &fg_api_regions_nroutes},
    {fg_api_enterprises_routes, &fg_api_enterprises_nroutes},
    {fg_api_guidance_routes, &fg_api_guidance_nroutes},
    {fg_api_accounts_routes, &fg_api_accounts_nroutes},
    {fg_api_audit_routes, &fg_api_audit_nroutes},
    {fg_api_orders_routes, &fg_api_orders_nroutes},
    {fg_api_passes_routes, &fg_api_passes_nroutes},
    {fg_api_system_routes, &fg_api_system_nroutes},
    /* chain-data: the supply-chain graph */
    {fg_api_chain_routes, &fg_api_chain_nroutes},
    {fg_api_chain_analysis_routes, &fg_api_chain_analysis_nroutes},
    /* coordination requests */
    {fg_api_coordination_routes, &fg_api_coordination_nroutes},
    /* the white-list pool, lift together, related services waiting (issue 12, part "pool") */
    {fg_api_chain_pool_routes, &fg_api_chain_pool_nroutes},
    /* white lists (issue 12, part "whitelist") */
    {fg_api_whitelists_routes, &fg_api_whitelists_nroutes},
    /* critical-link marks (issue 12, part "critical") */
    {fg_api_critical_routes, &fg_api_critical_nroutes},
    /* daily reports (issue 13, part "reports") */
    {fg_api_reports_routes, &fg_api_reports_nroutes},
    /* problems (issue 13, part "problems") */
    {fg_api_problems_routes, &fg_api_problems_nroutes},
    /* monitoring of work resumption (issue 13, part "monitor") */
    {fg_api_monitor_routes, &fg_api_monitor_nroutes},
    /* the alerts of daily monitoring (issue 13) */
    {fg_api_alerts_routes, &fg_api_alerts_nroutes},
    /* production and contingency plans (issue 14, part "plans") */
    {fg_api_plans_routes, &fg_api_plans_nroutes},
    /* transfer stations (issue 14, part "stations") */
    {fg_api_stations_routes, &fg_api_stations_nroutes},
    /* the policy catalogue and benefit facts (issue 15, part "catalogue") */
    {fg_api_policies_routes, &fg_api_policies_nroutes},
    /* the delivery of policies (issue 15, part "delivery") */
    {fg_api_policy_claims_routes, &fg_api_policy_claims_nroutes},
};

size_t fg_api_routes(const fg_api_route **out, size_t cap)
{
    size_t n = 0;
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
        for (size_t i = 0; i < *tables[t].n; i++, n++)
            if (n < cap)
                out[n] = &tables[t].rows[i];
    return n;
}

const char *fg_route_action_name(int action)
{
    if (action == FG_ROUTE_PUBLIC)
        return "public";
    if (action == FG_ROUTE_ANY_ROLE)
        return "signed-in";
    return action >= 0 && action < FG_ACT_COUNT ? fg_access_rules()[action].name : "?";
}
