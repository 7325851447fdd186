/* Roles and jurisdictions: the permission table, region scope, enterprise
 * accounts, nation-only actions. */
#include "test.h"

#include "core/access.h"
#include "core/enterprise.h"

static fg_principal region_account(fg_role role, int32_t region)
{
    fg_principal p = {role, region, NULL, NULL, 0, false};
    return p;
}

static void officials_act_inside_their_region_only(void **state)
{
    (void)state;
    fg_principal p = region_account(FG_ROLE_INDUSTRY_AUTHORITY, 330100);
    fg_target in = {330106, "X"}, out = {320505, "Y"};
    fg_err err;
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_UPDATE, &in, &err), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_UPDATE, &out, &err), FG_EPERM);
    assert_non_null(strstr(err.msg, "outside"));
}

static void only_the_health_authority_designates(void **state)
{
    (void)state;
    fg_target t = {330106, NULL};
    for (int r = 0; r < FG_ROLE_COUNT; r++) {
        fg_principal p = region_account((fg_role)r, fg_role_has_region((fg_role)r) ? 330000 : -1);
        int rc = fg_access_check(&p, FG_ACT_RISK_DESIGNATE, &t, NULL);
        assert_int_equal(rc, r == FG_ROLE_HEALTH_AUTHORITY ? 0 : FG_EPERM);
    }
}

static void enterprise_accounts_see_their_own_enterprises(void **state)
{
    (void)state;
    const char *mine[] = {"91330106MA27XK000B"};
    int32_t regions[] = {330106};
    fg_principal p = {FG_ROLE_ENTERPRISE, -1, mine, regions, 1, false};
    fg_target own = {330106, "91330106MA27XK000B"}, other = {330106, "91350100M000100Y43"};
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_READ, &own, NULL), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_UPDATE, &own, NULL), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_READ, &other, NULL), FG_EPERM);
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_CLASSIFY, &own, NULL), FG_EPERM);
    fg_target county = {330106, NULL}, elsewhere = {320505, NULL}, nation = {0, NULL};
    assert_int_equal(fg_access_check(&p, FG_ACT_REGION_READ, &county, NULL), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_REGION_READ, &nation, NULL), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_REGION_READ, &elsewhere, NULL), FG_EPERM);
}

static void reading_a_region_above_ones_own_is_allowed(void **state)
{
    (void)state;
    fg_principal p = region_account(FG_ROLE_CHECKPOINT_OFFICER, 330106);
    fg_target up = {330000, NULL}, sideways = {330102, NULL};
    assert_int_equal(fg_access_check(&p, FG_ACT_REGION_READ, &up, NULL), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_REGION_READ, &sideways, NULL), FG_EPERM);
    fg_target ent = {330106, "X"};
    assert_int_equal(fg_access_check(&p, FG_ACT_ENTERPRISE_READ, &ent, NULL), FG_EPERM);
}

static void replacing_rules_needs_the_national_coordinator(void **state)
{
    (void)state;
    fg_target none = {-1, NULL};
    fg_principal nc = region_account(FG_ROLE_NATIONAL_COORDINATOR, 0);
    fg_principal prov = region_account(FG_ROLE_JOINT_MECHANISM, 330000);
    assert_int_equal(fg_access_check(&nc, FG_ACT_RULES_REPLACE, &none, NULL), 0);
    assert_int_equal(fg_access_check(&prov, FG_ACT_RULES_REPLACE, &none, NULL), FG_EPERM);
    assert_int_equal(fg_access_check(&prov, FG_ACT_RULES_READ, &none, NULL), 0);
}

static void jurisdiction_levels_fit_the_role(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_NATIONAL_COORDINATOR, 0, &err), 0);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_NATIONAL_COORDINATOR, 330000, &err),
                     FG_EINVAL);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_ECONOMIC_DEPARTMENT, 330106, &err),
                     FG_EINVAL);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_ECONOMIC_DEPARTMENT, 330100, &err), 0);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_HEALTH_AUTHORITY, 0, &err), FG_EINVAL);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_AUDITOR, 0, &err), 0);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_ENTERPRISE, -1, &err), 0);
    assert_int_equal(fg_role_check_jurisdiction(FG_ROLE_ENTERPRISE, 330106, &err), FG_EINVAL);
    fg_role r;
    assert_int_equal(fg_role_parse("auditor", &r, &err), 0);
    assert_int_equal(fg_role_parse("admin", &r, &err), FG_EINVAL);
}

static void the_table_has_a_row_per_action_in_order(void **state)
{
    (void)state;
    const fg_access_rule *rules = fg_access_rules();
    for (int i = 0; i < FG_ACT_COUNT; i++) {
        assert_int_equal(rules[i].action, i);
        assert_non_null(rules[i].name);
        assert_true(rules[i].roles != 0);
    }
}

static void managing_accounts_needs_an_administrator_inside(void **state)
{
    (void)state;
    fg_principal p = region_account(FG_ROLE_JOINT_MECHANISM, 330000);
    fg_target in = {330106, NULL}, out = {320505, NULL};
    fg_err err;
    assert_int_equal(fg_access_check(&p, FG_ACT_ACCOUNTS_MANAGE, &in, &err), FG_EPERM);
    assert_non_null(strstr(err.msg, "administrators"));
    p.admin = true;
    assert_int_equal(fg_access_check(&p, FG_ACT_ACCOUNTS_MANAGE, &in, &err), 0);
    assert_int_equal(fg_access_check(&p, FG_ACT_ACCOUNTS_MANAGE, &out, &err), FG_EPERM);
    const char *mine[] = {"91330106MA27XK000B"};
    int32_t regions[] = {330106};
    fg_principal ent = {FG_ROLE_ENTERPRISE, -1, mine, regions, 1, true};
    assert_int_equal(fg_access_check(&ent, FG_ACT_ACCOUNTS_MANAGE, &in, &err), FG_EPERM);
}

static void who_checks_the_others_is_managed_from_above_or_by_its_own(void **state)
{
    (void)state;
    fg_principal jm = region_account(FG_ROLE_JOINT_MECHANISM, 330000);
    jm.admin = true;
    fg_err err;
    /* The province's joint mechanism: not its own level's auditor or health
     * authority, a city's yes, every other role of its own level yes. */
    assert_int_equal(fg_access_check_duties(&jm, FG_ROLE_AUDITOR, 330000, &err), FG_EPERM);
    assert_string_equal(err.key, "access.separation_of_duties");
    assert_int_equal(fg_access_check_duties(&jm, FG_ROLE_HEALTH_AUTHORITY, 330000, &err), FG_EPERM);
    assert_int_equal(fg_access_check_duties(&jm, FG_ROLE_AUDITOR, 330100, &err), 0);
    assert_int_equal(fg_access_check_duties(&jm, FG_ROLE_HEALTH_AUTHORITY, 330106, &err), 0);
    assert_int_equal(fg_access_check_duties(&jm, FG_ROLE_INDUSTRY_AUTHORITY, 330000, &err), 0);
    /* An auditors' administrator manages its own level's auditors. */
    fg_principal au = region_account(FG_ROLE_AUDITOR, 330000);
    au.admin = true;
    assert_int_equal(fg_access_check_duties(&au, FG_ROLE_AUDITOR, 330000, &err), 0);
    assert_int_equal(fg_access_check_duties(&au, FG_ROLE_HEALTH_AUTHORITY, 330000, &err), FG_EPERM);
    /* The nation is above every province, not above itself. */
    fg_principal nat = region_account(FG_ROLE_NATIONAL_COORDINATOR, 0);
    nat.admin = true;
    assert_int_equal(fg_access_check_duties(&nat, FG_ROLE_AUDITOR, 330000, &err), 0);
    assert_int_equal(fg_access_check_duties(&nat, FG_ROLE_AUDITOR, 0, &err), FG_EPERM);
}

/* Issue 16: an enterprise outside reads as one nobody registered; a role
 * refused everywhere is refused as such, before any look-up. */
static void an_enterprise_outside_is_refused_as_one_that_does_not_exist(void **state)
{
    (void)state;
    fg_principal hz = region_account(FG_ROLE_INDUSTRY_AUTHORITY, 330100);
    fg_target in = {330106, "91330106MA27XK000B"}, out = {320505, "91110108MA00000000"};
    fg_err err, none;
    fg_err_init(&err);
    fg_err_init(&none);
    assert_int_equal(fg_access_check_enterprise(&hz, FG_ACT_ENTERPRISE_READ, &in, &err), 0);
    assert_int_equal(fg_access_check_enterprise(&hz, FG_ACT_ENTERPRISE_READ, &out, &err),
                     FG_ENOTFOUND);
    fg_enterprise_not_found(&none, out.uscc);
    assert_string_equal(err.key, "enterprise.not_found");
    assert_string_equal(err.key, none.key);
    assert_string_equal(err.field, none.field);
    assert_string_equal(err.msg, none.msg);
    assert_null(strstr(err.msg, "320505"));
    assert_null(strstr(err.msg, "330100"));
    /* an enterprise account asking for another's */
    const char *mine[] = {"91330106MA27XK000B"};
    int32_t regions[] = {330106};
    fg_principal ent = {FG_ROLE_ENTERPRISE, -1, mine, regions, 1, false};
    fg_target other = {330106, "91330106MA27XK001E"};
    assert_int_equal(fg_access_check_enterprise(&ent, FG_ACT_ENTERPRISE_READ, &other, &err),
                     FG_ENOTFOUND);
    assert_string_equal(err.key, "enterprise.not_found");
    /* a checkpoint officer may not read an enterprise's history anywhere */
    fg_principal cp = region_account(FG_ROLE_CHECKPOINT_OFFICER, 330106);
    assert_int_equal(fg_access_check_role(&cp, FG_ACT_ENTERPRISE_READ, &err), FG_EPERM);
    assert_int_equal(fg_access_check_enterprise(&cp, FG_ACT_ENTERPRISE_READ, &in, &err), FG_EPERM);
    assert_string_equal(err.key, "access.role");
    assert_int_equal(fg_access_check_role(&hz, FG_ACT_ENTERPRISE_READ, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(officials_act_inside_their_region_only),
        cmocka_unit_test(only_the_health_authority_designates),
        cmocka_unit_test(enterprise_accounts_see_their_own_enterprises),
        cmocka_unit_test(reading_a_region_above_ones_own_is_allowed),
        cmocka_unit_test(replacing_rules_needs_the_national_coordinator),
        cmocka_unit_test(jurisdiction_levels_fit_the_role),
        cmocka_unit_test(the_table_has_a_row_per_action_in_order),
        cmocka_unit_test(managing_accounts_needs_an_administrator_inside),
        cmocka_unit_test(who_checks_the_others_is_managed_from_above_or_by_its_own),
        cmocka_unit_test(an_enterprise_outside_is_refused_as_one_that_does_not_exist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
