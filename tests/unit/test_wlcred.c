/* The white-list listing credential (core/wlcred.h): round trip, every
 * verdict, tampering (a changed byte in the signature or payload, a claim
 * changed and re-encoded without signing again, a key not in the trust
 * list, a pass's prefix), the national list's root signer. */
#include "test.h"

#include <cbor.h>

#include <stdio.h>
#include <stdlib.h>

#include "core/wlcred.h"
#include "util/base45.h"

static const int64_t NOW = 1795730548; /* 2026-11-26, seconds */
static fg_privkey key, root;
static fg_trust trust; /* the province key for 330000, the root for the nation */

static fg_wlcred sample(void)
{
    fg_wlcred c;
    memset(&c, 0, sizeof(c));
    snprintf(c.issuer, sizeof(c.issuer), "CN-330000");
    snprintf(c.subject, sizeof(c.subject), "91330106MA27XK000B");
    c.iat = c.nbf = NOW - 3600;
    c.exp = NOW + 30 * 86400;
    assert_int_equal(fg_wlcred_id_parse("019ac1f2-3b4c-7d5e-8f60-123456789abc", c.listing, NULL),
                     0);
    snprintf(c.name, sizeof(c.name), "宁波示范汽车零部件有限公司");
    c.chain = 0;
    c.tier = 1;
    c.list_region = 330000;
    c.batch = 2;
    c.listed_on = 20261126;
    c.review_on = 20261226;
    return c;
}

static void issue(const fg_wlcred *c, const fg_privkey *k, fg_buf *out)
{
    fg_err err;
    fg_buf_init(out, 0);
    if (fg_wlcred_issue(c, k, out, &err))
        fail_msg("issue: %s", err.msg);
    fg_buf_addc(out, '\0');
    out->len--;
}

static fg_wlcred_verdict check(const char *s, const fg_verify_opts *o)
{
    fg_wlcred_verdict v;
    assert_int_equal(fg_wlcred_verify(s, strlen(s), o, &v), 0);
    return v;
}

static void round_trip(void **state)
{
    (void)state;
    fg_wlcred c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    assert_memory_equal(s.buf, "FGW1:", 5);
    fg_verify_opts o = {NOW, NULL, -1, &trust, NULL, NULL};
    fg_wlcred_verdict v = check(s.buf, &o);
    if (v.code != FG_VERDICT_VALID)
        fail_msg("%s: %s", fg_verdict_name(v.code), v.reason);
    assert_true(v.have_claims);
    assert_string_equal(v.claims.subject, c.subject);
    assert_string_equal(v.claims.name, c.name);
    assert_memory_equal(v.claims.listing, c.listing, 16);
    assert_int_equal(v.claims.batch, 2);
    assert_int_equal(v.claims.review_on, 20261226);
    assert_int_equal(v.claims.exp, c.exp);
    char id[37];
    fg_wlcred_id_format(v.claims.listing, id);
    assert_string_equal(id, "019ac1f2-3b4c-7d5e-8f60-123456789abc");
    assert_int_equal(fg_wlcred_number(c.listing), 0x123456789abcLL);
    json_t *j = fg_wlcred_json(&v.claims);
    assert_string_equal(json_string_value(json_object_get(j, "tier")), "provincial");
    assert_string_equal(json_string_value(json_object_get(j, "review_on")), "2026-12-26");
    json_decref(j);
    /* A pass verifier does not take it for a pass, nor this one a pass. */
    fg_verdict pv;
    assert_int_equal(fg_pass_verify(s.buf, s.len, &o, &pv), 0);
    assert_int_equal(pv.code, FG_VERDICT_MALFORMED);
    assert_int_equal(pv.layer, FG_LAYER_PREFIX);
    fg_buf_release(&s);
}

static void every_verdict(void **state)
{
    (void)state;
    fg_wlcred c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    fg_verify_opts o = {NOW, NULL, -1, &trust, NULL, NULL};
    o.at = c.nbf - 1;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_NOT_YET_VALID);
    o.at = c.exp; /* the review date has passed */
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_EXPIRED);
    o.at = NOW;
    int64_t other[] = {7};
    fg_revocations none = {other, 1, NOW, 0};
    o.revoked = &none;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    int64_t ended[] = {7, fg_wlcred_number(c.listing)};
    fg_revocations rev = {ended, 2, NOW, 0};
    o.revoked = &rev;
    fg_wlcred_verdict v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_REVOKED);
    assert_true(v.have_claims);
    o.revoked = NULL;
    /* The province's key may not sign another province's list (under that
     * province as issuer), nor a national list (under the nation). */
    fg_wlcred js = c;
    js.list_region = 320000;
    snprintf(js.issuer, sizeof(js.issuer), "CN-320000");
    fg_buf s2;
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    fg_buf_release(&s2);
    js = c;
    js.tier = 0;
    js.list_region = 0;
    snprintf(js.issuer, sizeof(js.issuer), "CN-000000");
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    fg_buf_release(&s2);
    /* A city list of the province: the province's key signs it. */
    js = c;
    js.tier = 2;
    js.list_region = 330200;
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&s2);
    /* A national list by the root key. */
    js = c;
    js.tier = 0;
    js.list_region = 0;
    snprintf(js.issuer, sizeof(js.issuer), "CN-000000");
    issue(&js, &root, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&s2);
    /* Signed outside the key's validity. */
    js = c;
    js.iat = NOW - 400 * 86400;
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    fg_buf_release(&s2);
    /* One key given without a trust list. */
    fg_verify_opts ok = {NOW, NULL, -1, NULL, &key.pub, NULL};
    assert_int_equal(check(s.buf, &ok).code, FG_VERDICT_VALID);
    ok.key = &root.pub;
    assert_int_equal(check(s.buf, &ok).code, FG_VERDICT_UNKNOWN_SIGNER);
    fg_buf_release(&s);
}

/* Undoes the envelope: the COSE bytes of a credential. */
static void open_cose(const char *s, fg_cose *c)
{
    fg_pass_layer layer;
    fg_err err;
    assert_int_equal(fg_pass_unwrap(s, strlen(s), FG_WLCRED_PREFIX, c, &layer, &err), 0);
}

/* Wraps COSE_Sign1 parts again (no zlib: allowed) as FGW1:. */
static void rewrap(const fg_buf *prot, const fg_buf *payload, const fg_buf *sig, fg_buf *out)
{
    cbor_item_t *arr = cbor_new_definite_array(4);
    assert_true(cbor_array_push(
        arr, cbor_move(cbor_build_bytestring((const uint8_t *)prot->buf, prot->len))));
    assert_true(cbor_array_push(arr, cbor_move(cbor_new_definite_map(0))));
    assert_true(cbor_array_push(
        arr, cbor_move(cbor_build_bytestring((const uint8_t *)payload->buf, payload->len))));
    assert_true(cbor_array_push(
        arr, cbor_move(cbor_build_bytestring((const uint8_t *)sig->buf, sig->len))));
    unsigned char *bytes = NULL;
    size_t cap = 0, n = cbor_serialize_alloc(arr, &bytes, &cap);
    cbor_decref(&arr);
    fg_buf_init(out, 0);
    fg_buf_adds(out, FG_WLCRED_PREFIX);
    assert_int_equal(fg_base45_encode(bytes, n, out), 0);
    fg_buf_addc(out, '\0');
    out->len--;
    free(bytes);
}

static void tampering(void **state)
{
    (void)state;
    fg_wlcred c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    fg_verify_opts o = {NOW, NULL, -1, &trust, NULL, NULL};
    fg_cose cose;
    open_cose(s.buf, &cose);
    fg_buf t;
    /* A changed byte in the signature. */
    cose.signature.buf[5] ^= 1;
    rewrap(&cose.protected_bytes, &cose.payload, &cose.signature, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&t);
    cose.signature.buf[5] ^= 1;
    rewrap(&cose.protected_bytes, &cose.payload, &cose.signature, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_VALID); /* the rewrap itself is faithful */
    fg_buf_release(&t);
    /* A changed byte in the payload: the review date's last byte. */
    cose.payload.buf[cose.payload.len - 1] ^= 1;
    rewrap(&cose.protected_bytes, &cose.payload, &cose.signature, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&t);
    /* A claim changed and re-encoded without signing again: a later review date. */
    fg_wlcred later = c;
    later.review_on = 20271226;
    later.exp = c.exp + 365 * 86400;
    fg_buf payload;
    fg_buf_init(&payload, 0);
    assert_int_equal(fg_wlcred_encode(&later, &payload, NULL), 0);
    rewrap(&cose.protected_bytes, &payload, &cose.signature, &t);
    fg_wlcred_verdict v = check(t.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_BAD_SIGNATURE);
    assert_int_equal(v.claims.review_on, 20271226); /* read, and refused */
    fg_buf_release(&t);
    fg_buf_release(&payload);
    fg_cose_release(&cose);
    /* Signed by a key not in the trust list. */
    fg_privkey other;
    fg_err err;
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &other, &err), 0);
    issue(&c, &other, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_UNKNOWN_SIGNER);
    fg_buf_release(&t);
    fg_privkey_release(&other);
    /* Malformed, naming its layer. */
    v = check("FG1:NCFOXN%TS3DH", &o);
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    assert_int_equal(v.layer, FG_LAYER_PREFIX);
    v = check("FGW1:ab", &o);
    assert_int_equal(v.layer, FG_LAYER_BASE45);
    v = check("FGW1:BB8", &o); /* one byte: "AB" is not CBOR COSE */
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    s.buf[s.len - 3] = s.buf[s.len - 3] == '0' ? '1' : '0'; /* the zlib stream's checksum */
    v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    assert_int_equal(v.layer, FG_LAYER_ZLIB);
    fg_buf_release(&s);
    /* A pass's claims under the FGW1: prefix: the claims layer. */
    fg_buf pc;
    fg_buf_init(&pc, 0);
    cbor_item_t *m = cbor_new_definite_map(1);
    assert_true(cbor_map_add(m, (struct cbor_pair){cbor_move(cbor_build_uint8(1)),
                                                   cbor_move(cbor_build_string("CN-330000"))}));
    unsigned char *bytes = NULL;
    size_t cap = 0, n = cbor_serialize_alloc(m, &bytes, &cap);
    cbor_decref(&m);
    fg_buf_add(&pc, bytes, n);
    free(bytes);
    fg_buf sealed;
    fg_buf_init(&sealed, 0);
    assert_int_equal(
        fg_cred_seal((const uint8_t *)pc.buf, pc.len, FG_WLCRED_PREFIX, &key, &sealed, &err), 0);
    fg_buf_addc(&sealed, '\0');
    v = check(sealed.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    assert_int_equal(v.layer, FG_LAYER_CLAIMS);
    fg_buf_release(&sealed);
    fg_buf_release(&pc);
}

/* c's claims with the listing's tier set to `tier` whatever c says, sealed by
 * k: what a key holder could sign if only the encoder checked the scope. */
static void seal_with_tier(const fg_wlcred *c, int tier, const fg_privkey *k, fg_buf *out)
{
    fg_buf payload;
    fg_buf_init(&payload, 0);
    assert_int_equal(fg_wlcred_encode(c, &payload, NULL), 0);
    struct cbor_load_result res;
    cbor_item_t *top_item = cbor_load((const unsigned char *)payload.buf, payload.len, &res);
    assert_non_null(top_item);
    struct cbor_pair *top = cbor_map_handle(top_item);
    bool changed = false;
    for (size_t i = 0; i < cbor_map_size(top_item); i++) {
        if (!cbor_isa_negint(top[i].key) ||
            cbor_get_int(top[i].key) != (uint64_t)(-1 - FG_WLCRED_CLAIM))
            continue;
        struct cbor_pair *l = cbor_map_handle(top[i].value);
        for (size_t j = 0; j < cbor_map_size(top[i].value); j++)
            if (cbor_get_int(l[j].key) == 4) {
                cbor_decref(&l[j].value);
                l[j].value = cbor_build_uint8((uint8_t)tier);
                changed = true;
            }
    }
    assert_true(changed);
    unsigned char *bytes = NULL;
    size_t cap = 0, n = cbor_serialize_alloc(top_item, &bytes, &cap);
    cbor_decref(&top_item);
    fg_err err;
    fg_buf_init(out, 0);
    assert_int_equal(fg_cred_seal(bytes, n, FG_WLCRED_PREFIX, k, out, &err), 0);
    fg_buf_addc(out, '\0');
    out->len--;
    free(bytes);
    fg_buf_release(&payload);
}

/* The tier, the list's region and the issuer must agree: the encoder refuses
 * a national tier for a province's list, and the verifier refuses one that a
 * trusted province key signed anyway (its scope covers 330000, but no key may
 * sign a national listing for 330000). */
static void tier_region_and_issuer_agree(void **state)
{
    (void)state;
    fg_wlcred c = sample();
    c.tier = 0; /* national, for 330000 */
    fg_buf b;
    fg_buf_init(&b, 0);
    fg_err err;
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    assert_string_equal(err.key, "wlcred.scope");
    c = sample();
    c.tier = 2; /* a city list for a province's code */
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    c = sample();
    c.tier = 2;
    c.list_region = 310100; /* a city list outside the issuer's province */
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    c.list_region = 330100; /* inside it: fine */
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), 0);
    fg_buf_release(&b);

    fg_verify_opts o = {NOW, NULL, -1, &trust, NULL, NULL};
    c = sample();
    fg_buf s;
    seal_with_tier(&c, 1, &key, &s); /* unchanged: the helper itself is faithful */
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&s);
    seal_with_tier(&c, 0, &key, &s);
    fg_wlcred_verdict v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    assert_int_equal(v.claims.tier, 0);
    fg_buf_release(&s);
}

static void claims_checked(void **state)
{
    (void)state;
    fg_err err;
    fg_buf b;
    fg_buf_init(&b, 0);
    fg_wlcred c = sample();
    c.subject[17] = c.subject[17] == 'X' ? 'Y' : 'X'; /* a wrong check character */
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    c = sample();
    c.batch = 0;
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    c = sample();
    c.review_on = 20261231 + 1;
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    c = sample();
    snprintf(c.issuer, sizeof(c.issuer), "330000");
    assert_int_equal(fg_wlcred_encode(&c, &b, &err), FG_EINVAL);
    uint8_t id[16];
    assert_int_equal(fg_wlcred_id_parse("not-a-uuid", id, &err), FG_EINVAL);
    fg_buf_release(&b);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_privkey_generate(FG_ALG_EDDSA, &key, &err) ||
        fg_privkey_generate(FG_ALG_EDDSA, &root, &err))
        return -1;
    trust.entries = calloc(2, sizeof(*trust.entries));
    trust.n = 2;
    const fg_privkey *keys[2] = {&key, &root};
    const char *issuers[2] = {"CN-330000", "CN-000000"};
    int32_t regions[2] = {330000, 0};
    for (int i = 0; i < 2; i++) {
        fg_trust_entry *e = &trust.entries[i];
        e->key = keys[i]->pub;
        e->key.pkey = NULL;
        snprintf(e->issuer, sizeof(e->issuer), "%s", issuers[i]);
        e->regions[0] = regions[i];
        e->n_regions = 1;
        e->valid_from = NOW - 86400;
        e->valid_to = NOW + 365 * 86400;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(trust.entries);
    fg_privkey_release(&key);
    fg_privkey_release(&root);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(every_verdict),
        cmocka_unit_test(tampering),
        cmocka_unit_test(claims_checked),
        cmocka_unit_test(tier_region_and_issuer_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
