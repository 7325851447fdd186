/* Related services in step (issue 12, part "pool"): when a key enterprise's
 * resumption is approved, the related services it uses that are stopped or
 * limited at that moment are flagged to their region, inside the approval's
 * transaction (fg_order_change.in_tx). Key: key industrial, livelihood
 * supply, a white-list member in force, or marked critical. */
#include "app.h"

#define FLAG_SERVICES_MAX 64

int fg_app_service_flags_raise(fg_tx *tx, const fg_order_row *before, fg_err *err)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    int rc = fg_store_enterprise_get(tx->db, before->enterprise, tx->now_ms, &e, &m, err);
    if (rc)
        return rc;
    bool key = (e.categories & (FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY)) != 0 ||
               m.whitelist || e.critical;
    if (!key)
        return 0;
    fg_chain_service s[FLAG_SERVICES_MAX];
    size_t n;
    if ((rc = fg_store_chain_services(tx->db, e.uscc, s, FLAG_SERVICES_MAX, &n, err)))
        return rc;
    for (size_t i = 0; i < n && rc == 0; i++) {
        fg_enterprise se;
        fg_enterprise_meta sm;
        if ((rc = fg_store_enterprise_get(tx->db, s[i].service, tx->now_ms, &se, &sm, err)))
            break;
        if (sm.status == FG_STATUS_OPERATING)
            continue;
        int added;
        rc = fg_store_service_flag_add(tx, se.uscc, se.region, e.uscc, before->id, &added, err);
    }
    return rc;
}
