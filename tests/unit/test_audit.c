/* The audit hash chain: deterministic, sensitive to every field and to order,
 * and pinned to its on-disk format by a known-answer chain. */
#include "test.h"

#include "core/audit.h"

static fg_audit_entry entry(void)
{
    fg_audit_entry e = {1,
                        "01a219e1-f481-7295-a4c4-935cd36997e1",
                        1795730548316LL,
                        "coordinator",
                        "enterprise.update",
                        "enterprise",
                        "91350100M000100Y43",
                        350102,
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

/* A chain of three entries with their hashes written out: changing how an
 * entry is serialised breaks every audit log already written, so it must show
 * here. The hashed bytes are, for each field in the order prev, seq, id,
 * at_ms, actor, action, entity, entity_id, region, detail, "<byte length in
 * decimal>:<bytes>\n"; seq and at_ms in decimal, region as six digits. Entry 3's
 * bytes are therefore exactly
 *   "64:51f38f3b392c8802856a7fcdc7bbcd4ad1c51eedec0025884dc9c871ed8349d8\n"
 *   "1:3\n" "36:01a219e2-0b10-7a01-8c02-0d03e04f0506\n" "13:1795734000123\n"
 *   "9:cli:admin\n" "16:guidance.publish\n" "14:guidance_table\n" "1:2\n"
 *   "6:000000\n" "13:{\"version\":2}\n"
 * and entry 1's detail is 33 bytes (four Chinese characters of three bytes
 * each). The three hashes were checked independently of this code by
 * feeding those bytes, built with printf and wc -c, to sha256sum. */
static void known_answer_chain(void **state)
{
    (void)state;
    static const fg_audit_entry chain[3] = {
        {1, "01a219e1-f481-7295-a4c4-935cd36997e1", 1795730548316LL, "system", "enterprise.create",
         "enterprise", "91350100M000100Y43", 350102, "{\"after\":{\"name\":\"福州甲厂\"}}"},
        {2, "01a219e1-f4a0-7c3e-9d0b-5e2f4a6b7c8d", 1795730609000LL,
         "01a219e0-0000-7000-8000-000000000001", "enterprise.update", "enterprise",
         "91350100M000100Y43", 350102,
         "{\"before\":{\"capacity\":100},\"after\":{\"capacity\":80}}"},
        {3, "01a219e2-0b10-7a01-8c02-0d03e04f0506", 1795734000123LL, "cli:admin",
         "guidance.publish", "guidance_table", "2", 0, "{\"version\":2}"},
    };
    static const char *const want[3] = {
        "c85dda3e02b6192ec3b57135e52142bf62100799d3998b072fc7514bb32b93fd",
        "51f38f3b392c8802856a7fcdc7bbcd4ad1c51eedec0025884dc9c871ed8349d8",
        "bd86a973680efbde9b2b64485b3ee709737ac2f6b35bafb4cee1eef028670f02",
    };
    char prev[FG_AUDIT_HASH_HEX] = FG_AUDIT_GENESIS, h[FG_AUDIT_HASH_HEX];
    for (size_t i = 0; i < 3; i++) {
        fg_audit_hash(prev, &chain[i], h);
        assert_string_equal(h, want[i]);
        memcpy(prev, h, sizeof(prev));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_entry_same_hash),
        cmocka_unit_test(any_change_changes_the_hash),
        cmocka_unit_test(known_answer_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
