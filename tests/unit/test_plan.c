/* Production and contingency plans: every missing item named at once, the
 * short items by level, the computed figures, the filing workflow, and the
 * plan in force after a level change. */
#include "test.h"

#include "core/plan.h"

static const char SUP[2][FG_USCC_LEN + 1] = {"91330106MA27XK000B", "91320505MA1MXXX00X"};

/* A plan that is complete at level high for an enterprise of 300. */
static const char HIGH[] =
    "{\"responsibility\": {\"team\": [{\"name\": \"王强\", \"duty\": \"总指挥\"},"
    " {\"name\": \"李梅\", \"duty\": \"防疫\"}, {\"name\": \"赵刚\", \"duty\": \"物流\"}],"
    " \"contact\": {\"name\": \"王强\", \"phone\": \"0571-88001234\"}},"
    " \"zoning\": {\"areas\": [{\"name\": \"一号车间\", \"use\": \"normal\"},"
    " {\"name\": \"东宿舍\", \"use\": \"observation\"}, {\"name\": \"北楼\", \"use\": "
    "\"isolation\"}]},"
    " \"staff\": {\"closed_loop_headcount\": 150, \"lodging_places\": 160,"
    " \"point_to_point_commuting\": true, \"testing_cadence_days\": 1},"
    " \"logistics\": {\"receiving_route\": \"东门专用通道\", \"protective_stock_days\": 14},"
    " \"emergency\": {\"isolation_rooms\": 2, \"transfer_channel\": \"西门负压车\","
    " \"steps_on_case\": [\"隔离\", \"上报\", \"消杀\"]},"
    " \"suppliers\": [\"91330106MA27XK000B\"]}";

static json_t *load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    assert_non_null(j);
    return j;
}

static fg_plan_context ctx_at(fg_risk_level level)
{
    fg_plan_context c = {level, 300, SUP, 2};
    return c;
}

/* Whether the report names `key` at `field`. */
static bool names(const fg_plan_report *r, const char *field, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].field, field) == 0 && strcmp(r->items[i].key, key) == 0)
            return true;
    return false;
}

static void a_complete_plan_has_no_items_and_its_figures(void **state)
{
    (void)state;
    json_t *j = load(HIGH);
    fg_plan_report *r = malloc(sizeof(*r));
    fg_plan_context c = ctx_at(FG_RISK_HIGH);
    fg_plan_check(j, &c, r);
    for (size_t i = 0; i < r->n; i++)
        fprintf(stderr, "unexpected: %s %s\n", r->items[i].field, r->items[i].msg);
    assert_true(fg_plan_complete(r));
    assert_int_equal(r->figures.closed_loop, 150);
    assert_int_equal(r->figures.lodging, 160);
    assert_int_equal(r->figures.lodging_short, 0);
    assert_int_equal(r->figures.tests_per_day, 300); /* 300 staff tested daily */
    assert_int_equal(r->figures.stock_days, 14);
    assert_int_equal(r->figures.stock_days_required, 14);
    assert_int_equal(r->figures.isolation_rooms_required, 2);
    /* Every three days at low: 300 / 3 = 100 tests a day. */
    json_object_set_new(json_object_get(j, "staff"), "testing_cadence_days", json_integer(3));
    c = ctx_at(FG_RISK_LOW);
    fg_plan_check(j, &c, r);
    assert_true(fg_plan_complete(r));
    assert_int_equal(r->figures.tests_per_day, 100);
    assert_int_equal(r->figures.stock_days_required, 7);
    /* 7 days rounds up: ceil(300 / 7) = 43. */
    json_object_set_new(json_object_get(j, "staff"), "testing_cadence_days", json_integer(7));
    fg_plan_check(j, &c, r);
    assert_int_equal(r->figures.tests_per_day, 43);
    free(r);
    json_decref(j);
}

static void an_empty_plan_names_every_item_at_once(void **state)
{
    (void)state;
    fg_plan_report *r = malloc(sizeof(*r));
    fg_plan_context c = ctx_at(FG_RISK_MEDIUM);
    json_t *j = json_object();
    fg_plan_check(j, &c, r);
    static const char *const fields[] = {
        "responsibility.team",          "responsibility.contact.name",
        "responsibility.contact.phone", "zoning.areas",
        "staff.closed_loop_headcount",  "staff.lodging_places",
        "staff.testing_cadence_days",   "staff.point_to_point_commuting",
        "logistics.receiving_route",    "logistics.protective_stock_days",
        "emergency.isolation_rooms",    "emergency.transfer_channel",
        "emergency.steps_on_case",      "suppliers",
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        if (!names(r, fields[i], "plan.missing"))
            fail_msg("%s is not named", fields[i]);
    }
    assert_int_equal(r->n, sizeof(fields) / sizeof(fields[0]));
    assert_false(fg_plan_complete(r));
    assert_int_equal(r->figures.tests_per_day, 0);
    assert_int_equal(r->figures.stock_days, -1);
    /* Not an object at all: the same. */
    fg_plan_check(NULL, &c, r);
    assert_int_equal(r->n, sizeof(fields) / sizeof(fields[0]));
    /* No supply edges: no supplier to pick, nothing missing there. */
    c.n_suppliers = 0;
    fg_plan_check(j, &c, r);
    assert_false(names(r, "suppliers", "plan.missing"));
    free(r);
    json_decref(j);
}

static void short_items_are_named_with_what_they_have_and_need(void **state)
{
    (void)state;
    json_t *j = load(HIGH);
    json_t *staff = json_object_get(j, "staff");
    json_object_set_new(staff, "lodging_places", json_integer(120));
    json_object_set_new(staff, "testing_cadence_days", json_integer(2));
    json_object_set_new(json_object_get(j, "logistics"), "protective_stock_days", json_integer(10));
    json_object_set_new(json_object_get(j, "emergency"), "isolation_rooms", json_integer(1));
    json_array_remove(json_object_get(json_object_get(j, "zoning"), "areas"), 2);
    json_array_append_new(json_object_get(j, "suppliers"), json_string("91110000MA00000001"));
    fg_plan_report *r = malloc(sizeof(*r));
    fg_plan_context c = ctx_at(FG_RISK_HIGH);
    fg_plan_check(j, &c, r);
    assert_true(names(r, "staff.lodging_places", "plan.lodging_short"));
    assert_true(names(r, "staff.testing_cadence_days", "plan.cadence_long"));
    assert_true(names(r, "logistics.protective_stock_days", "plan.stock_short"));
    assert_true(names(r, "emergency.isolation_rooms", "plan.rooms_short"));
    assert_true(names(r, "zoning.areas", "plan.zone_isolation"));
    assert_true(names(r, "suppliers[2]", "plan.supplier_unknown"));
    assert_int_equal(r->n, 6);
    assert_int_equal(r->figures.lodging_short, 30);
    assert_int_equal(r->figures.tests_per_day, 150);
    const fg_err *stock = NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].key, "plan.stock_short") == 0)
            stock = &r->items[i];
    assert_string_equal(fg_err_param_get(stock, "have"), "10");
    assert_string_equal(fg_err_param_get(stock, "need"), "14");
    /* The same body is enough at medium: 10 days, testing every 2 days, no
     * isolation area needed; the lodging, the supplier and the rooms (one per
     * 100 of the 150 in the closed loop) still are not. */
    c = ctx_at(FG_RISK_MEDIUM);
    fg_plan_check(j, &c, r);
    assert_int_equal(r->n, 3);
    assert_true(names(r, "emergency.isolation_rooms", "plan.rooms_short"));
    assert_true(names(r, "staff.lodging_places", "plan.lodging_short"));
    assert_true(names(r, "suppliers[2]", "plan.supplier_unknown"));
    /* 450 staff in the closed loop need 5 rooms (one per 100), more than the
     * enterprise's 300 staff, and 450 places. */
    json_object_set_new(staff, "closed_loop_headcount", json_integer(450));
    json_object_set_new(staff, "lodging_places", json_integer(450));
    fg_plan_check(j, &c, r);
    assert_true(names(r, "staff.closed_loop_headcount", "plan.closed_loop_over"));
    assert_int_equal(r->figures.isolation_rooms_required, 5);
    free(r);
    json_decref(j);
}

static void malformed_items_are_named_not_crashed_on(void **state)
{
    (void)state;
    json_t *j =
        load("{\"responsibility\": [], \"zoning\": {\"areas\": [{\"name\": \"甲\", \"use\": "
             "\"canteen\"}, 7]}, \"staff\": {\"closed_loop_headcount\": -3, "
             "\"lodging_places\": \"many\", \"point_to_point_commuting\": \"yes\", "
             "\"testing_cadence_days\": 0}, \"suppliers\": \"all\"}");
    fg_plan_report *r = malloc(sizeof(*r));
    fg_plan_context c = ctx_at(FG_RISK_LOW);
    fg_plan_check(j, &c, r);
    assert_true(names(r, "responsibility", "plan.part"));
    assert_true(names(r, "zoning.areas[1].use", "plan.area_use"));
    assert_true(names(r, "zoning.areas[2].name", "plan.missing"));
    assert_true(names(r, "zoning.areas", "plan.zone_normal"));
    assert_true(names(r, "staff.closed_loop_headcount", "plan.number"));
    assert_true(names(r, "staff.lodging_places", "plan.number"));
    assert_true(names(r, "staff.point_to_point_commuting", "plan.yes_no"));
    assert_true(names(r, "staff.testing_cadence_days", "plan.cadence_zero"));
    assert_true(names(r, "suppliers", "plan.list"));
    /* A body with far too many bad items keeps the first ones and counts the rest. */
    json_t *many = json_array();
    for (int i = 0; i < FG_PLAN_MAX_LIST; i++)
        json_array_append_new(many, json_integer(i));
    json_object_set_new(json_object_get(j, "zoning"), "areas", many);
    fg_plan_check(j, &c, r);
    assert_int_equal(r->n, FG_PLAN_MAX_ISSUES);
    assert_true(r->dropped > 0);
    assert_false(fg_plan_complete(r));
    free(r);
    json_decref(j);
}

static void file_return_fix_approve(void **state)
{
    (void)state;
    fg_err err;
    fg_plan_state s;
    assert_int_equal(fg_plan_step(false, FG_PLAN_DRAFT, FG_PLAN_FILE, &s, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "plan.none");
    assert_int_equal(fg_plan_step(false, FG_PLAN_DRAFT, FG_PLAN_SAVE, &s, &err), 0);
    assert_int_equal(s, FG_PLAN_DRAFT);
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_APPROVE, &s, &err), FG_ECONFLICT);
    assert_int_equal(fg_plan_step(true, FG_PLAN_DRAFT, FG_PLAN_FILE, &s, &err), 0);
    assert_int_equal(s, FG_PLAN_FILED);
    /* Under review, the enterprise cannot change it. */
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_SAVE, &s, &err), FG_ECONFLICT);
    assert_string_equal(err.key, "plan.under_review");
    assert_int_equal(fg_plan_step(true, FG_PLAN_FILED, FG_PLAN_RETURN, &s, &err), 0);
    assert_int_equal(s, FG_PLAN_RETURNED);
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_APPROVE, &s, &err), FG_ECONFLICT);
    assert_int_equal(fg_plan_step(true, FG_PLAN_RETURNED, FG_PLAN_SAVE, &s, &err), 0);
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_FILE, &s, &err), 0);
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_APPROVE, &s, &err), 0);
    assert_int_equal(s, FG_PLAN_APPROVED);
    /* An approved plan is edited into a new draft (the approved version stays in force). */
    assert_int_equal(fg_plan_step(true, s, FG_PLAN_FILE, &s, &err), FG_ECONFLICT);
    assert_int_equal(fg_plan_step(true, FG_PLAN_APPROVED, FG_PLAN_SAVE, &s, &err), 0);
    assert_int_equal(s, FG_PLAN_DRAFT);
    for (int a = 0; a < FG_PLAN_ACTION_COUNT; a++) {
        fg_plan_action back;
        assert_int_equal(fg_plan_action_parse(fg_plan_action_name((fg_plan_action)a), &back, &err),
                         0);
        assert_int_equal(back, a);
    }
    for (int k = 0; k < FG_PLAN_STATE_COUNT; k++) {
        fg_plan_state back;
        assert_int_equal(fg_plan_state_parse(fg_plan_state_name((fg_plan_state)k), &back, &err), 0);
        assert_int_equal(back, k);
    }
    assert_int_equal(fg_plan_action_parse("publish", &(fg_plan_action){0}, &err), FG_EINVAL);
}

static void the_plan_for_the_new_level_comes_into_force(void **state)
{
    (void)state;
    /* Xihu is low until 1 December, then high (designated on the city). */
    fg_risk_designation d[] = {{330100, FG_RISK_HIGH, 20261201, 2}};
    fg_plan_summary plans[] = {{FG_RISK_LOW, FG_PLAN_APPROVED, 1},
                               {FG_RISK_HIGH, FG_PLAN_FILED, 0}};
    fg_risk_level level;
    int idx;
    assert_true(fg_plan_in_force(330106, 20261130, d, 1, plans, 2, &level, &idx));
    assert_int_equal(level, FG_RISK_LOW);
    assert_int_equal(idx, 0);
    /* After the change: the high plan is the one in force, and it is not yet approved. */
    assert_false(fg_plan_in_force(330106, 20261201, d, 1, plans, 2, &level, &idx));
    assert_int_equal(level, FG_RISK_HIGH);
    assert_int_equal(idx, 1);
    /* Once approved, it is. A returned later version keeps the approved one in force. */
    plans[1] = (fg_plan_summary){FG_RISK_HIGH, FG_PLAN_RETURNED, 2};
    assert_true(fg_plan_in_force(330106, 20261202, d, 1, plans, 2, &level, &idx));
    /* Medium, for which it has no plan at all. */
    fg_risk_designation d2[] = {{330100, FG_RISK_HIGH, 20261201, 2},
                                {330106, FG_RISK_MEDIUM, 20261205, 3}};
    assert_false(fg_plan_in_force(330106, 20261206, d2, 2, plans, 2, &level, &idx));
    assert_int_equal(level, FG_RISK_MEDIUM);
    assert_int_equal(idx, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_complete_plan_has_no_items_and_its_figures),
        cmocka_unit_test(an_empty_plan_names_every_item_at_once),
        cmocka_unit_test(short_items_are_named_with_what_they_have_and_need),
        cmocka_unit_test(malformed_items_are_named_not_crashed_on),
        cmocka_unit_test(file_return_fix_approve),
        cmocka_unit_test(the_plan_for_the_new_level_comes_into_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
