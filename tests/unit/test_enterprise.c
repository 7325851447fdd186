/* Enterprise validation, categories, UTF-8, derived status. */
#include "test.h"

#include <stdio.h>

#include <jansson.h>

#include "core/enterprise.h"

static fg_enterprise valid(void)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    snprintf(e.uscc, sizeof(e.uscc), "91350100M000100Y43");
    snprintf(e.name, sizeof(e.name), "福州测试机械有限公司");
    e.region = 350102;
    memcpy(e.industry, "34", 3);
    e.headcount = 100;
    e.categories = FG_CAT_KEY_INDUSTRIAL;
    return e;
}

static void a_complete_record_is_valid(void **state)
{
    (void)state;
    fg_enterprise e = valid();
    assert_int_equal(fg_enterprise_validate(&e, NULL), 0);
}

static void each_bad_field_is_named(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise e = valid();
    e.uscc[17] = '4';
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "uscc");
    e = valid();
    e.name[0] = '\0';
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "name");
    e = valid();
    snprintf(e.name, sizeof(e.name), "bad\nname");
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "name");
    e = valid();
    e.region = 350100;
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "region");
    assert_non_null(strstr(err.msg, "county"));
    e = valid();
    memcpy(e.industry, "3A", 3);
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "industry");
    e = valid();
    e.headcount = -1;
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "headcount");
    e = valid();
    e.categories |= FG_CAT_RELATED_SERVICE;
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "service_kind");
    e = valid();
    e.service_kind = FG_SERVICE_BANK;
    assert_int_equal(fg_enterprise_validate(&e, &err), FG_EINVAL);
    assert_string_equal(err.field, "service_kind");
}

static void names_are_counted_in_characters(void **state)
{
    (void)state;
    fg_enterprise e = valid();
    /* 200 Chinese characters (600 bytes) are fine, 201 are not. */
    e.name[0] = '\0';
    for (int i = 0; i < 200; i++)
        strncat(e.name, "测", sizeof(e.name) - strlen(e.name) - 1);
    assert_int_equal(fg_enterprise_validate(&e, NULL), 0);
    strncat(e.name, "测", sizeof(e.name) - strlen(e.name) - 1);
    assert_int_equal(fg_enterprise_validate(&e, NULL), FG_EINVAL);
}

static void utf8_check_refuses_malformed_sequences(void **state)
{
    (void)state;
    assert_int_equal(fg_utf8_check("福州", 6), 0);
    assert_int_equal(fg_utf8_check("a\tb\nc", 5), 0);
    assert_int_equal(fg_utf8_check("\xff", 1), FG_EINVAL);
    assert_int_equal(fg_utf8_check("\xe7\xa6", 2), FG_EINVAL);     /* truncated */
    assert_int_equal(fg_utf8_check("\xc0\xaf", 2), FG_EINVAL);     /* overlong */
    assert_int_equal(fg_utf8_check("\xed\xa0\x80", 3), FG_EINVAL); /* surrogate */
    assert_int_equal(fg_utf8_check("a\x01", 2), FG_EINVAL);        /* control */
    assert_int_equal(fg_utf8_len("福州ab"), 4);
}

static void categories_parse_and_format(void **state)
{
    (void)state;
    unsigned f;
    fg_err err;
    char out[64];
    assert_int_equal(fg_category_parse("key_industrial|livelihood_supply", &f, &err), 0);
    assert_int_equal(f, FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY);
    fg_category_format(f, out);
    assert_string_equal(out, "key_industrial|livelihood_supply");
    assert_int_equal(fg_category_parse("", &f, &err), 0);
    assert_int_equal(f, 0);
    assert_int_equal(fg_category_parse("key_industrial,bakery", &f, &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "bakery"));
    fg_service_kind k;
    assert_int_equal(fg_service_parse("express_delivery", &k, &err), 0);
    assert_int_equal(k, FG_SERVICE_EXPRESS_DELIVERY);
    assert_int_equal(fg_service_parse("casino", &k, &err), FG_EINVAL);
}

/* The one JSON writer: valid JSON with every member, names not codes. */
static void the_record_is_written_as_json(void **state)
{
    (void)state;
    fg_enterprise e = valid();
    e.categories |= FG_CAT_LIVELIHOOD_SUPPLY;
    e.plan_levels = 1u << 2;
    e.critical = true;
    snprintf(e.name, sizeof(e.name), "引号\"与\\反斜杠");
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_buf_addc(&b, '{'), 0);
    assert_int_equal(fg_enterprise_write_json(&b, &e), 0);
    assert_int_equal(fg_buf_addc(&b, '}'), 0);
    json_error_t je;
    json_t *j = json_loads(b.buf, 0, &je);
    if (!j)
        fail_msg("not JSON: %s in %s", je.text, b.buf);
    assert_string_equal(json_string_value(json_object_get(j, "uscc")), e.uscc);
    assert_string_equal(json_string_value(json_object_get(j, "name")), e.name);
    assert_string_equal(json_string_value(json_object_get(j, "region")), "350102");
    assert_int_equal(json_integer_value(json_object_get(j, "headcount")), 100);
    json_t *cats = json_object_get(j, "categories");
    assert_int_equal(json_array_size(cats), 2);
    assert_string_equal(json_string_value(json_array_get(cats, 0)), "key_industrial");
    assert_true(json_is_null(json_object_get(j, "service_kind")));
    assert_true(json_is_true(json_object_get(j, "critical")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "plans_filed"), 0)),
                        "high");
    json_decref(j);
    fg_buf_release(&b);
}

static void status_is_derived_from_measures_in_force(void **state)
{
    (void)state;
    fg_measure limits[] = {FG_MEASURE_LIMIT_ARRIVAL, FG_MEASURE_LIMIT_CAPACITY};
    fg_measure mixed[] = {FG_MEASURE_LIMIT_ARRIVAL, FG_MEASURE_STOP};
    assert_int_equal(fg_enterprise_status(NULL, 0), FG_STATUS_OPERATING);
    assert_int_equal(fg_enterprise_status(limits, 2), FG_STATUS_LIMITED);
    assert_int_equal(fg_enterprise_status(mixed, 2), FG_STATUS_STOPPED);
    assert_string_equal(fg_status_name(FG_STATUS_LIMITED), "limited");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_complete_record_is_valid),
        cmocka_unit_test(each_bad_field_is_named),
        cmocka_unit_test(names_are_counted_in_characters),
        cmocka_unit_test(utf8_check_refuses_malformed_sequences),
        cmocka_unit_test(categories_parse_and_format),
        cmocka_unit_test(the_record_is_written_as_json),
        cmocka_unit_test(status_is_derived_from_measures_in_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
