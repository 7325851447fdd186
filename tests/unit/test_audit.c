/* The audit hash chain: deterministic, sensitive to every field and to order,
 * and pinned to its on-disk format by a known-answer chain. */
#include "test.h"

#include <stdio.h>

#include "core/audit.h"
#include "util/buf.h"

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
                        "{\"after\":{\"name\":\"x\"}}",
                        NULL,
                        0,
                        0};
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
         "enterprise", "91350100M000100Y43", 350102, "{\"after\":{\"name\":\"福州甲厂\"}}", NULL, 0,
         0},
        {2, "01a219e1-f4a0-7c3e-9d0b-5e2f4a6b7c8d", 1795730609000LL,
         "01a219e0-0000-7000-8000-000000000001", "enterprise.update", "enterprise",
         "91350100M000100Y43", 350102,
         "{\"before\":{\"capacity\":100},\"after\":{\"capacity\":80}}", NULL, 0, 0},
        {3, "01a219e2-0b10-7a01-8c02-0d03e04f0506", 1795734000123LL, "cli:admin",
         "guidance.publish", "guidance_table", "2", 0, "{\"version\":2}", "", 0, 0},
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

/* Sealed rows (issue 16): an entry without rows hashes as before (NULL and
 * "" alike: the known answers above still hold), an entry with rows covers
 * them as an eleventh field. Entry 4 below follows entry 3 above; its bytes
 * are those of the fields as above, then "64:abab...ab\n" — checked with
 * Python's hashlib over the same bytes. */
static void rows_are_covered(void **state)
{
    (void)state;
    fg_audit_entry e = {4,
                        "01a219e2-0b10-7a01-8c02-0d03e04f0507",
                        1795734000200LL,
                        "system",
                        "audit.seal",
                        "database",
                        "",
                        0,
                        "{}",
                        "abababababababababababababababababababababababababababababababab",
                        0,
                        0};
    char h[FG_AUDIT_HASH_HEX], none[FG_AUDIT_HASH_HEX];
    fg_audit_hash("bd86a973680efbde9b2b64485b3ee709737ac2f6b35bafb4cee1eef028670f02", &e, h);
    assert_string_equal(h, "555cda5e20cdb6be7190262968962772d3a9f0cb645eea2bf297bdf16b22df21");
    e.rows = NULL;
    fg_audit_hash(FG_AUDIT_GENESIS, &e, none);
    e.rows = "";
    fg_audit_hash(FG_AUDIT_GENESIS, &e, h);
    assert_string_equal(h, none);
}

/* Partitioned chains (issue 17): an entry with an order (v2) hashes a
 * marker first, then the fields as above, then its chain (six digits) and
 * its order; the same entry in another chain or at another order hashes
 * differently, and order 0 is the format above. The bytes are
 *   "15:fugong audit v2\n" "64:000...0\n" "1:1\n" "36:01a219e2-...0508\n"
 *   "13:1795734000300\n" "36:01a219e0-...0001\n" "17:enterprise.update\n"
 *   "10:enterprise\n" "18:91330100M000100Y43\n" "6:330106\n"
 *   "25:{\"after\":{\"capacity\":90}}\n" "6:330000\n" "4:1234\n"
 * checked with Python's hashlib over the same bytes. */
static void chain_and_order_are_covered(void **state)
{
    (void)state;
    fg_audit_entry e = {1,
                        "01a219e2-0b10-7a01-8c02-0d03e04f0508",
                        1795734000300LL,
                        "01a219e0-0000-7000-8000-000000000001",
                        "enterprise.update",
                        "enterprise",
                        "91330100M000100Y43",
                        330106,
                        "{\"after\":{\"capacity\":90}}",
                        NULL,
                        330000,
                        1234};
    char h[FG_AUDIT_HASH_HEX], other[FG_AUDIT_HASH_HEX];
    fg_audit_hash(FG_AUDIT_GENESIS, &e, h);
    assert_string_equal(h, "f7a14cb6d777230c5bedfede98e7146fe1f2cd02f882bc2ac810a2c592fbee1c");
    e.chain = 320000;
    fg_audit_hash(FG_AUDIT_GENESIS, &e, other);
    assert_string_not_equal(h, other);
    e.chain = 330000;
    e.order = 1235;
    fg_audit_hash(FG_AUDIT_GENESIS, &e, other);
    assert_string_not_equal(h, other);
    assert_int_equal(fg_audit_chain_of(330106), 330000);
    assert_int_equal(fg_audit_chain_of(110000), 110000);
    assert_int_equal(fg_audit_chain_of(0), 0);
}

static void list_hash(const fg_audit_row *rows, size_t n, char out[FG_AUDIT_HASH_HEX])
{
    fg_buf t;
    fg_buf_init(&t, 0);
    assert_int_equal(fg_audit_rows_text(rows, n, &t), 0);
    fg_audit_rows_hash(t.buf, t.len, out);
    fg_buf_release(&t);
}

/* A row's digest tells NULL from "" and is pinned (checked with hashlib:
 * "11:enterprises\n" "V" "1:a\n" "N" "V" "0:\n"). The list's hash depends on
 * every table, key and digest, and not on the order the rows were found in
 * once sorted. */
static void row_digests_and_lists(void **state)
{
    (void)state;
    const char *vals[3] = {"a", NULL, ""}, *swapped[3] = {"a", "", NULL};
    char d[FG_AUDIT_HASH_HEX], d2[FG_AUDIT_HASH_HEX];
    fg_audit_row_digest("enterprises", vals, 3, d);
    assert_string_equal(d, "87c59f2c5030c541cf0377422cd3cdf7c663d3f7f5f52e28c19a58970849c082");
    fg_audit_row_digest("enterprises", swapped, 3, d2);
    assert_string_not_equal(d, d2);
    fg_audit_row_digest("accounts", vals, 3, d2);
    assert_string_not_equal(d, d2);

    fg_audit_row a[3] = {{"orders", "o2", "", "", "x"},
                         {"enterprises", "e1", "", "", "y"},
                         {"orders", "o1", "", "", FG_AUDIT_ROW_GONE}};
    fg_audit_row b[3] = {a[2], a[0], a[1]};
    char ha[FG_AUDIT_HASH_HEX], hb[FG_AUDIT_HASH_HEX];
    fg_audit_rows_sort(a, 3);
    fg_audit_rows_sort(b, 3);
    assert_string_equal(a[0].table, "enterprises");
    assert_string_equal(a[1].k1, "o1");
    list_hash(a, 3, ha);
    list_hash(b, 3, hb);
    assert_string_equal(ha, hb);
    snprintf(b[1].digest, sizeof(b[1].digest), "%s", "z");
    list_hash(b, 3, hb);
    assert_string_not_equal(ha, hb);
    b[1] = a[1];
    b[2].k2 = "2";
    list_hash(b, 3, hb);
    assert_string_not_equal(ha, hb);

    /* The text reads back field by field; anything else is not a list. */
    fg_buf t;
    fg_buf_init(&t, 0);
    assert_int_equal(fg_audit_rows_text(a, 3, &t), 0);
    assert_memory_equal(t.buf, "11:enterprises\n2:e1\n0:\n0:\n1:y\n6:orders\n", 39);
    const char *p = t.buf, *end = t.buf + t.len;
    fg_audit_row_text r;
    int n = 0;
    while (fg_audit_rows_next(&p, end, &r) == 1)
        n++;
    assert_int_equal(n, 3);
    assert_true(p == end);
    assert_int_equal(r.len[4], 1);
    assert_memory_equal(r.f[4], "x", 1);
    p = t.buf;
    assert_int_equal(fg_audit_rows_next(&p, t.buf + 10, &r), -1); /* cut */
    const char *junk = "3:abc\n99:x\n";
    p = junk;
    assert_int_equal(fg_audit_rows_next(&p, junk + strlen(junk), &r), -1);
    fg_buf_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_entry_same_hash), cmocka_unit_test(any_change_changes_the_hash),
        cmocka_unit_test(rows_are_covered),     cmocka_unit_test(row_digests_and_lists),
        cmocka_unit_test(known_answer_chain),   cmocka_unit_test(chain_and_order_are_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
