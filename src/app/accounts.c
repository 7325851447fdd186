/* Who may manage which account. */
#include "app.h"

int fg_app_account_manageable(const fg_principal *p, const fg_account *a, fg_err *err)
{
    int rc = fg_app_account_inside(p, a, err);
    return rc ? rc : fg_access_check_duties(p, a->role, a->region, err);
}

int fg_app_account_inside(const fg_principal *p, const fg_account *a, fg_err *err)
{
    fg_target t = {a->region, NULL};
    if (fg_role_has_region(a->role))
        return fg_access_check(p, FG_ACT_ACCOUNTS_MANAGE, &t, err);
    /* An enterprise account: every enterprise it speaks for must be inside. */
    int rc = a->n_enterprises ? 0 : fg_access_check(p, FG_ACT_ACCOUNTS_MANAGE, &t, err);
    for (size_t i = 0; rc == 0 && i < a->n_enterprises; i++) {
        t.region = a->enterprise_regions[i];
        rc = fg_access_check(p, FG_ACT_ACCOUNTS_MANAGE, &t, err);
    }
    return rc;
}
