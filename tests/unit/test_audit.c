/* The audit hash chain: deterministic, sensitive to every field and to order. */
#include "test.h"

#include "core/audit.h"

static fg_audit_entry entry(void)
{
    fg_audit_entry e = {1, "01a219e1-f481-7295-a4c4-935cd36997e1", 1795730548316LL, "coordinator",
                        "enterprise.update", "enterprise", "91350100M000100Y43", 350102,
                        "{\"after\":{\"name\":\"x\"}}"};
    return e;
}

static void same_entry_same_hash(void **state)
{
    (void)state;
    char a[FG_AUDIT_HASH_HEX], b[FG_AUDIT_HASH_HEX];
    fg_audit_entry e = entry();
    fg_audit_hash(FG_AUDIT_GENESIS, &e, a);
    fg_audit_hash(FG_AUDIT_GENESIS, &e, b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 64);
}

static void any_change_changes_the_hash(void **state)
{
    (void)state;
    char base[FG_AUDIT_HASH_HEX], h[FG_AUDIT_HASH_HEX];
    fg_audit_entry e = entry();
    fg_audit_hash(FG_AUDIT_GENESIS, &e, base);
    fg_audit_entry v[6];
    for (int i = 0; i < 6; i++)
        v[i] = entry();
    v[0].seq = 2;
    v[1].actor = "coordinatoR";
    v[2].region = 350103;
    v[3].detail = "{\"after\":{\"name\":\"y\"}}";
    v[4].at_ms += 1;
    /* Moving bytes between fields must not collide (length-prefixed). */
    v[5].entity = "enterprisee";
    v[5].entity_id = "1350100M000100Y43";
    for (int i = 0; i < 6; i++) {
        fg_audit_hash(FG_AUDIT_GENESIS, &v[i], h);
        assert_string_not_equal(h, base);
    }
    fg_audit_hash(base, &e, h);
    assert_string_not_equal(h, base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_entry_same_hash),
        cmocka_unit_test(any_change_changes_the_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
