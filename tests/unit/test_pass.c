/* Vehicle pass credentials: RFC 9285 and RFC 8032 vectors, round trips,
 * tampering at every layer, each verdict, ES256 and PS256. The QR size budget
 * and image round trip are in tests/sys/test_qr.c. */
#include "test.h"

#include <cbor.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../pass_sample.h"
#include "core/pass.h"
#include "util/base45.h"

static const int64_t NOW = 1795730548; /* 2026-11-26, seconds */

static void base45_rfc9285_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } v[] = {{"AB", "BB8"},
             {"Hello!!", "%69 VD92EX0"},
             {"base-45", "UJCLQE7W581"},
             {"ietf!", "QED8WEX0"}};
    for (size_t i = 0; i < 4; i++) {
        fg_buf b;
        fg_buf_init(&b, 0);
        assert_int_equal(fg_base45_encode((const uint8_t *)v[i].in, strlen(v[i].in), &b), 0);
        assert_int_equal(b.len, strlen(v[i].out));
        assert_memory_equal(b.buf, v[i].out, b.len);
        fg_buf d;
        fg_buf_init(&d, 0);
        assert_int_equal(fg_base45_decode(v[i].out, strlen(v[i].out), &d), 0);
        assert_int_equal(d.len, strlen(v[i].in));
        assert_memory_equal(d.buf, v[i].in, d.len);
        fg_buf_release(&b);
        fg_buf_release(&d);
    }
    fg_buf d;
    fg_buf_init(&d, 0);
    assert_int_equal(fg_base45_decode("GGW", 3, &d), FG_EINVAL);  /* 65535 < value */
    assert_int_equal(fg_base45_decode("ab", 2, &d), FG_EINVAL);   /* lower case */
    assert_int_equal(fg_base45_decode("BB8B", 4, &d), FG_EINVAL); /* dangling character */
    fg_buf_release(&d);
}

static void hex(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sscanf(s + 2 * i, "%2hhx", &out[i]);
}

static void ed25519_rfc8032_vector(void **state)
{
    (void)state;
    fg_pubkey k;
    memset(&k, 0, sizeof(k));
    k.alg = FG_ALG_EDDSA;
    hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", k.ed, 32);
    uint8_t sig[64];
    hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701c"
        "f9b46bd25bf5f0595bbe24655141438e7a100b",
        sig, 64);
    assert_int_equal(fg_sig_verify(&k, (const uint8_t *)"", 0, sig, 64), 0);
    sig[10] ^= 1;
    assert_int_equal(fg_sig_verify(&k, (const uint8_t *)"", 0, sig, 64), FG_EPERM);
    /* Test 2: one byte 0x72. */
    hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", k.ed, 32);
    hex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0"
        "f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        sig, 64);
    assert_int_equal(fg_sig_verify(&k, (const uint8_t *)"\x72", 1, sig, 64), 0);
}

static fg_pass_claims sample(void)
{
    return fg_test_pass_sample(NOW);
}

static fg_privkey key;
static fg_trust trust;

static fg_verdict check(const char *s, const fg_verify_opts *o)
{
    fg_verdict v;
    assert_int_equal(fg_pass_verify(s, strlen(s), o, &v), 0);
    return v;
}

static void issue(const fg_pass_claims *c, const fg_privkey *k, fg_buf *out)
{
    fg_err err;
    fg_buf_init(out, 0);
    if (fg_pass_issue(c, k, out, &err))
        fail_msg("issue: %s", err.msg);
    fg_buf_addc(out, '\0');
    out->len--;
}

static void round_trip_and_size(void **state)
{
    (void)state;
    fg_pass_claims c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    assert_memory_equal(s.buf, "FG1:", 4);
    fg_verify_opts o = {NOW + 60, NULL, -1, &trust, NULL, NULL};
    fg_verdict v = check(s.buf, &o);
    if (v.code != FG_VERDICT_VALID)
        fail_msg("%s: %s", fg_verdict_name(v.code), v.reason);
    assert_true(v.have_claims);
    assert_int_equal(v.claims.number, c.number);
    assert_string_equal(v.claims.plate, "浙A12345");
    assert_int_equal(v.claims.n_crew, 2);
    assert_string_equal(v.claims.crew[1].name, "李明");
    assert_int_equal(v.claims.route[2], 320505);
    fg_buf_release(&s);
}

static void every_verdict(void **state)
{
    (void)state;
    fg_pass_claims c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    fg_verify_opts o = {NOW + 60, NULL, -1, &trust, NULL, NULL};
    /* Time. */
    o.at = NOW - 1;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_NOT_YET_VALID);
    o.at = c.exp;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_EXPIRED);
    o.at = NOW + 60;
    /* An empty revocation list (as a server with nothing revoked has it). */
    fg_revocations none = {NULL, 0, NOW, 0};
    o.revoked = &none;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    /* Revoked. */
    int64_t numbers[] = {1, c.number};
    fg_revocations rev = {numbers, 2, NOW, 0};
    o.revoked = &rev;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_REVOKED);
    o.revoked = NULL;
    /* Plate and route. */
    o.plate = "浙A54321";
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_PLATE_MISMATCH);
    o.plate = "浙A12345";
    o.county = 440305;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_OUT_OF_ROUTE);
    o.county = 330523;
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    o.county = 310115; /* the destination counts as on the route */
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    o.county = -1;
    {
        /* No counties on the way: good at the origin and the destination only,
         * not at every checkpoint in the country. */
        fg_pass_claims direct = c;
        direct.n_route = 0;
        fg_buf d;
        issue(&direct, &key, &d);
        fg_verify_opts od = o;
        od.county = direct.origin;
        assert_int_equal(check(d.buf, &od).code, FG_VERDICT_VALID);
        od.county = direct.destination;
        assert_int_equal(check(d.buf, &od).code, FG_VERDICT_VALID);
        od.county = 330523;
        assert_int_equal(check(d.buf, &od).code, FG_VERDICT_OUT_OF_ROUTE);
        fg_buf_release(&d);
    }
    /* Unknown signer: another key. */
    fg_privkey other;
    fg_err err;
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &other, &err), 0);
    fg_buf s2;
    issue(&c, &other, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_UNKNOWN_SIGNER);
    /* One key without a trust list. */
    fg_verify_opts ok = {NOW + 60, NULL, -1, NULL, &other.pub, NULL};
    assert_int_equal(check(s2.buf, &ok).code, FG_VERDICT_VALID);
    assert_int_equal(check(s.buf, &ok).code, FG_VERDICT_UNKNOWN_SIGNER);
    fg_buf_release(&s2);
    fg_privkey_release(&other);
    /* Signer not allowed: a number from another province, an issuer it does not hold. */
    fg_pass_claims js = c;
    js.number = 320000000001LL;
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    fg_buf_release(&s2);
    snprintf(js.issuer, sizeof(js.issuer), "CN-320000");
    js.number = c.number;
    issue(&js, &key, &s2);
    assert_int_equal(check(s2.buf, &o).code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    fg_buf_release(&s2);
    fg_buf_release(&s);
}

/* Issue 16 (outside test): a pass signed by the Shanghai issuer with a
 * Zhejiang origin verified as valid. The origin, like the number, must lie
 * in a region the signing key is trusted for. */
static void origin_outside_signers_regions(void **state)
{
    (void)state;
    fg_privkey sh;
    fg_err err;
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &sh, &err), 0);
    fg_trust_entry entries[2];
    memset(entries, 0, sizeof(entries));
    entries[0] = trust.entries[0];
    entries[1].key = sh.pub;
    snprintf(entries[1].issuer, sizeof(entries[1].issuer), "CN-310000");
    entries[1].regions[0] = 310000;
    entries[1].n_regions = 1;
    entries[1].valid_from = NOW - 86400;
    entries[1].valid_to = NOW + 365 * 86400;
    fg_trust both = {entries, 2, NOW};
    fg_verify_opts o = {NOW + 60, NULL, -1, &both, NULL, NULL};
    fg_pass_claims c = sample();
    snprintf(c.issuer, sizeof(c.issuer), "CN-310000");
    c.number = 310000000001LL;
    c.origin = 330106; /* Hangzhou, Zhejiang */
    c.destination = 310115;
    fg_buf s;
    issue(&c, &sh, &s);
    fg_verdict v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_SIGNER_NOT_ALLOWED);
    assert_non_null(strstr(v.reason, "origin"));
    fg_buf_release(&s);
    /* The same pass leaving Shanghai is the Shanghai key's to sign. */
    c.origin = 310104;
    issue(&c, &sh, &s);
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&s);
    /* A key trusted for the whole country (region 0) signs any origin. */
    entries[1].regions[0] = 0;
    c.origin = 330106;
    issue(&c, &sh, &s);
    assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&s);
    fg_privkey_release(&sh);
}

/* Re-wraps CBOR bytes as FG1: Base45 (no zlib: allowed). */
static void wrap(const uint8_t *cbor, size_t n, fg_buf *out)
{
    fg_buf_init(out, 0);
    fg_buf_adds(out, "FG1:");
    fg_base45_encode(cbor, n, out);
    fg_buf_addc(out, '\0');
    out->len--;
}

static void tampering_at_every_layer(void **state)
{
    (void)state;
    fg_pass_claims c = sample();
    fg_buf s;
    issue(&c, &key, &s);
    fg_verify_opts o = {NOW + 60, NULL, -1, &trust, NULL, NULL};
    fg_verdict v;
    s.buf[0] = 'H';
    v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    assert_int_equal(v.layer, FG_LAYER_PREFIX);
    s.buf[0] = 'F';
    char saved = s.buf[10];
    s.buf[10] = 'a';
    v = check(s.buf, &o);
    assert_int_equal(v.layer, FG_LAYER_BASE45);
    s.buf[10] = saved;
    /* Damage inside the zlib stream. */
    fg_cose cose;
    fg_pass_layer layer;
    fg_err err;
    fg_buf bin;
    fg_buf_init(&bin, 0);
    assert_int_equal(fg_base45_decode(s.buf + 4, s.len - 4, &bin), 0);
    bin.buf[bin.len / 2] ^= 0x55;
    fg_buf bad;
    wrap((const uint8_t *)bin.buf, bin.len, &bad);
    v = check(bad.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_MALFORMED);
    assert_int_equal(v.layer, FG_LAYER_ZLIB);
    fg_buf_release(&bad);
    fg_buf_release(&bin);
    /* Uncompressed COSE is accepted; a changed payload byte breaks the signature. */
    assert_int_equal(fg_pass_unwrap(s.buf, s.len, NULL, &cose, &layer, &err), 0);
    fg_buf cbor;
    fg_buf_init(&cbor, 0);
    fg_buf t;
    fg_buf_init(&t, 0);
    /* Rebuild the tagged array by hand from the parts. */
    const uint8_t head[] = {0xd2, 0x84};
    fg_buf_add(&cbor, head, 2);
    uint8_t bh[3];
    bh[0] = 0x40 | (uint8_t)cose.protected_bytes.len;
    fg_buf_add(&cbor, bh, 1);
    fg_buf_add(&cbor, cose.protected_bytes.buf, cose.protected_bytes.len);
    fg_buf_addc(&cbor, (char)0xa0);
    bh[0] = 0x59;
    bh[1] = (uint8_t)(cose.payload.len >> 8);
    bh[2] = (uint8_t)cose.payload.len;
    fg_buf_add(&cbor, bh, 3);
    size_t payload_at = cbor.len;
    fg_buf_add(&cbor, cose.payload.buf, cose.payload.len);
    bh[0] = 0x58;
    bh[1] = (uint8_t)cose.signature.len;
    fg_buf_add(&cbor, bh, 2);
    fg_buf_add(&cbor, cose.signature.buf, cose.signature.len);
    wrap((const uint8_t *)cbor.buf, cbor.len, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&t);
    /* The plate's last byte ('5' -> '6'): still well-formed, signature broken. */
    char *plate = NULL;
    for (size_t i = payload_at; !plate && i + 5 <= payload_at + cose.payload.len; i++)
        if (memcmp(cbor.buf + i, "12345", 5) == 0)
            plate = cbor.buf + i;
    assert_non_null(plate);
    plate[4] = '6';
    wrap((const uint8_t *)cbor.buf, cbor.len, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&t);
    plate[4] = '5';
    /* The signature itself. */
    cbor.buf[cbor.len - 1] ^= 1;
    wrap((const uint8_t *)cbor.buf, cbor.len, &t);
    assert_int_equal(check(t.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&t);
    /* Not COSE: a CBOR integer. */
    const uint8_t one = 0x01;
    wrap(&one, 1, &t);
    v = check(t.buf, &o);
    assert_int_equal(v.layer, FG_LAYER_COSE);
    fg_buf_release(&t);
    /* Truncated CBOR. */
    wrap((const uint8_t *)cbor.buf, cbor.len - 5, &t);
    v = check(t.buf, &o);
    assert_int_equal(v.layer, FG_LAYER_CBOR);
    fg_buf_release(&t);
    /* Nesting beyond the cap. */
    uint8_t deep[40];
    memset(deep, 0x81, sizeof(deep));
    deep[39] = 0x00;
    wrap(deep, sizeof(deep), &t);
    v = check(t.buf, &o);
    assert_int_equal(v.layer, FG_LAYER_CBOR);
    fg_buf_release(&t);
    fg_buf_release(&cbor);
    fg_cose_release(&cose);
    fg_buf_release(&s);
}

static void es256_and_ps256(void **state)
{
    (void)state;
    int algs[] = {FG_ALG_ES256, FG_ALG_PS256};
    for (int i = 0; i < 2; i++) {
        fg_privkey k;
        fg_err err;
        assert_int_equal(fg_privkey_generate(algs[i], &k, &err), 0);
        fg_pass_claims c = sample();
        fg_buf s;
        issue(&c, &k, &s);
        fg_verify_opts o = {NOW + 60, NULL, -1, NULL, &k.pub, NULL};
        assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
        /* PEM round trip of the public key. */
        fg_buf pem;
        fg_buf_init(&pem, 0);
        assert_int_equal(fg_pubkey_to_pem(&k.pub, &pem), 0);
        fg_pubkey p;
        assert_int_equal(fg_pubkey_from_pem(pem.buf, pem.len, &p, &err), 0);
        assert_memory_equal(p.kid, k.pub.kid, FG_KID_LEN);
        o.key = &p;
        assert_int_equal(check(s.buf, &o).code, FG_VERDICT_VALID);
        fg_pubkey_release(&p);
        fg_buf_release(&pem);
        fg_buf_release(&s);
        fg_privkey_release(&k);
    }
}

static void signed_lists(void **state)
{
    (void)state;
    fg_privkey root;
    fg_err err;
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &root, &err), 0);
    fg_buf payload, doc;
    fg_buf_init(&payload, 0);
    fg_buf_init(&doc, 0);
    assert_int_equal(fg_trust_encode(&trust, &payload, &err), 0);
    assert_int_equal(fg_cose_sign((const uint8_t *)payload.buf, payload.len, &root, &doc, &err), 0);
    fg_trust t;
    assert_int_equal(fg_trust_load((const uint8_t *)doc.buf, doc.len, &root.pub, &t, &err), 0);
    assert_int_equal(t.n, 1);
    assert_memory_equal(t.entries[0].key.kid, key.pub.kid, FG_KID_LEN);
    assert_int_equal(t.entries[0].regions[0], 330000);
    fg_trust_release(&t);
    /* Another root: refused. */
    fg_privkey other;
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &other, &err), 0);
    assert_int_equal(fg_trust_load((const uint8_t *)doc.buf, doc.len, &other.pub, &t, &err),
                     FG_EPERM);
    fg_privkey_release(&other);
    int64_t numbers[] = {330000000009LL, 330000000002LL};
    fg_revocations r = {numbers, 2, NOW, 0}, back;
    fg_buf_reset(&payload);
    fg_buf_reset(&doc);
    assert_int_equal(fg_revocations_encode(&r, &payload, &err), 0);
    assert_int_equal(fg_cose_sign((const uint8_t *)payload.buf, payload.len, &root, &doc, &err), 0);
    assert_int_equal(fg_revocations_load((const uint8_t *)doc.buf, doc.len, &root.pub, &back, &err),
                     0);
    assert_int_equal(back.n, 2);
    assert_int_equal(back.numbers[0], 330000000002LL); /* sorted */
    assert_int_equal(back.fresh_until, 0);             /* a list that states none */
    assert_false(fg_revocations_stale(&back, NOW + 365 * 86400));
    fg_revocations_release(&back);
    /* The freshness it states (key 3) comes back, and past it the list is stale. */
    r.fresh_until = NOW + 86400;
    fg_buf_reset(&payload);
    fg_buf_reset(&doc);
    assert_int_equal(fg_revocations_encode(&r, &payload, &err), 0);
    assert_int_equal(fg_cose_sign((const uint8_t *)payload.buf, payload.len, &root, &doc, &err), 0);
    assert_int_equal(fg_revocations_load((const uint8_t *)doc.buf, doc.len, &root.pub, &back, &err),
                     0);
    assert_int_equal(back.n, 2);
    assert_int_equal(back.fresh_until, NOW + 86400);
    assert_false(fg_revocations_stale(&back, NOW + 86400));
    assert_true(fg_revocations_stale(&back, NOW + 86401));
    fg_revocations_release(&back);
    /* A trust list holds no third key. */
    fg_buf_reset(&payload);
    assert_int_equal(fg_revocations_encode(&r, &payload, &err), 0);
    fg_trust t3;
    assert_int_equal(fg_trust_decode((const uint8_t *)payload.buf, payload.len, &t3, &err),
                     FG_EINVAL);
    fg_buf_release(&payload);
    fg_buf_release(&doc);
    fg_privkey_release(&root);
}

/* What `fugong pass inspect` does with a credential from outside: claims
 * holding floats of every width (half, single, double; finite and not) and
 * the simple values false, true, null and undefined become JSON; nothing
 * aborts. */
static void inspect_floats_and_simple_values(void **state)
{
    (void)state;
    static const uint8_t claims[] = {
        0xac,                                                        /* map of 12 */
        0x01, 0x69, 'C',  'N',  '-',  '3',  '3', '0', '0', '0', '0', /* 1: "CN-330000" */
        0x07, 0xf9, 0x3e, 0x00,                                      /* 7: half 1.5 */
        0x08, 0xfa, 0x3e, 0x80, 0x00, 0x00,                          /* 8: single 0.25 */
        0x09, 0xfb, 0xc0, 0x04, 0,    0,    0,   0,   0,   0,        /* 9: double -2.5 */
        0x0a, 0xf5,                                                  /* 10: true */
        0x0b, 0xf4,                                                  /* 11: false */
        0x0c, 0xf6,                                                  /* 12: null */
        0x0d, 0xf7,                                                  /* 13: undefined */
        0x0f, 0xf9, 0x7e, 0x00,                                      /* 15: half NaN */
        0x10, 0xfb, 0x7f, 0xf0, 0,    0,    0,   0,   0,   0,        /* 16: double +infinity */
        0x11, 0xfa, 0xff, 0x80, 0x00, 0x00,                          /* 17: single -infinity */
        0x12, 0x82, 0xf9, 0x3c, 0x00, 0xf5,                          /* 18: [half 1.0, true] */
    };
    fg_err err;
    fg_buf doc, s;
    fg_buf_init(&doc, 0);
    assert_int_equal(fg_cose_sign(claims, sizeof(claims), &key, &doc, &err), 0);
    wrap((const uint8_t *)doc.buf, doc.len, &s);
    fg_cose c;
    fg_pass_layer layer;
    assert_int_equal(fg_pass_unwrap(s.buf, s.len, "FG1:", &c, &layer, &err), 0);
    json_t *j = NULL;
    assert_int_equal(fg_cbor_to_json((const uint8_t *)c.payload.buf, c.payload.len, &j, &err), 0);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "1")), "CN-330000");
    assert_true(json_is_real(json_object_get(j, "7")));
    assert_true(json_real_value(json_object_get(j, "7")) == 1.5);
    assert_true(json_real_value(json_object_get(j, "8")) == 0.25);
    assert_true(json_real_value(json_object_get(j, "9")) == -2.5);
    assert_true(json_is_true(json_object_get(j, "10")));
    assert_true(json_is_false(json_object_get(j, "11")));
    assert_true(json_is_null(json_object_get(j, "12")));
    assert_true(json_is_null(json_object_get(j, "13")));
    assert_string_equal(json_string_value(json_object_get(j, "15")), "NaN");
    assert_string_equal(json_string_value(json_object_get(j, "16")), "Infinity");
    assert_string_equal(json_string_value(json_object_get(j, "17")), "-Infinity");
    json_t *a = json_object_get(j, "18");
    assert_int_equal(json_array_size(a), 2);
    assert_true(json_real_value(json_array_get(a, 0)) == 1.0);
    assert_true(json_is_true(json_array_get(a, 1)));
    assert_int_equal(json_object_size(j), 12);
    json_decref(j);
    /* Alone at the top, each width too (the protected header is inspected
     * the same way). */
    static const uint8_t alone[][9] = {
        {0xf9, 0xc4, 0x00}, {0xfa, 0x47, 0xc3, 0x50, 0x00}, {0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0}};
    static const size_t alone_n[] = {3, 5, 9};
    static const double alone_v[] = {-4.0, 100000.0, 1.5};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(fg_cbor_to_json(alone[k], alone_n[k], &j, &err), 0);
        assert_true(json_is_real(j) && json_real_value(j) == alone_v[k]);
        json_decref(j);
    }
    /* Unassigned simple values: refused by the decoder, not an abort. */
    static const uint8_t simple16[] = {0xf0}, simple32[] = {0xf8, 0x20};
    assert_int_equal(fg_cbor_to_json(simple16, 1, &j, &err), FG_EINVAL);
    assert_int_equal(fg_cbor_to_json(simple32, 2, &j, &err), FG_EINVAL);
    fg_cose_release(&c);
    fg_buf_release(&s);
    fg_buf_release(&doc);
}

static void plates_and_claims(void **state)
{
    (void)state;
    fg_err err;
    const char *good[] = {"浙A12345", "京AD12345", "粤B1234挂", "沪A1234学"};
    const char *bad[] = {"A12345", "浙a12345", "浙A1234", "浙AI2345", "浙A123456X", "美A12345"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(fg_plate_check(good[i], &err), 0);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(fg_plate_check(bad[i], &err), FG_EINVAL);
    fg_pass_claims c = sample();
    c.crew[0].role = 1;
    c.crew[1].role = 1;
    assert_int_equal(fg_pass_claims_check(&c, &err), FG_EINVAL);
    assert_string_equal(err.field, "crew");
    c = sample();
    c.destination = 330100; /* a city, not a county */
    assert_int_equal(fg_pass_claims_check(&c, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass.county");
    assert_string_equal(fg_err_param_get(&err, "field"), "destination");
    c = sample();
    c.applicant[17] = c.applicant[17] == '0' ? '1' : '0';
    /* The applicant's code is refused as any code is, naming the field. */
    assert_int_equal(fg_pass_claims_check(&c, &err), FG_EINVAL);
    assert_string_equal(err.key, "uscc.check");
    assert_string_equal(err.field, "applicant");
    c = sample();
    c.exp = c.nbf;
    assert_int_equal(fg_pass_claims_check(&c, &err), FG_EINVAL);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_privkey_generate(FG_ALG_EDDSA, &key, &err))
        return -1;
    trust.entries = calloc(1, sizeof(*trust.entries));
    trust.n = 1;
    trust.entries[0].key = key.pub;
    trust.entries[0].key.pkey = NULL;
    snprintf(trust.entries[0].issuer, sizeof(trust.entries[0].issuer), "CN-330000");
    trust.entries[0].regions[0] = 330000;
    trust.entries[0].n_regions = 1;
    trust.entries[0].valid_from = NOW - 86400;
    trust.entries[0].valid_to = NOW + 365 * 86400;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fg_trust_release(&trust);
    fg_privkey_release(&key);
    return 0;
}

/* A CWT payload holding a one-person pass and the claim 9 given, by hand. */
static void payload_with_tests(cbor_item_t *tests, fg_buf *out)
{
    cbor_item_t *person = cbor_new_definite_array(4), *crew = cbor_new_definite_array(1);
    cbor_array_push(person, cbor_move(cbor_build_string("王建国")));
    cbor_array_push(person, cbor_move(cbor_build_string("330106********1235")));
    cbor_array_push(person, cbor_move(cbor_build_uint8(0)));
    cbor_array_push(person, cbor_move(cbor_build_uint8(0)));
    cbor_array_push(crew, cbor_move(person));
    cbor_item_t *pass = cbor_new_definite_map(8), *cwt = cbor_new_definite_map(5);
    struct cbor_pair kv[] = {
        {cbor_move(cbor_build_uint8(1)), cbor_move(cbor_build_uint64(330000000123ULL))},
        {cbor_move(cbor_build_uint8(2)), cbor_move(cbor_build_uint8(1))},
        {cbor_move(cbor_build_uint8(3)), cbor_move(cbor_build_uint32(330106))},
        {cbor_move(cbor_build_uint8(4)), cbor_move(cbor_build_uint32(310115))},
        {cbor_move(cbor_build_uint8(6)), cbor_move(cbor_build_string("浙A12345"))},
        {cbor_move(cbor_build_uint8(7)), cbor_move(crew)},
        {cbor_move(cbor_build_uint8(8)), cbor_move(cbor_build_string("91330106MA27XK001E"))},
        {cbor_move(cbor_build_uint8(9)), cbor_move(tests)},
    };
    for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
        cbor_map_add(pass, kv[i]);
    struct cbor_pair top[] = {
        {cbor_move(cbor_build_uint8(1)), cbor_move(cbor_build_string("CN-330000"))},
        {cbor_move(cbor_build_uint8(4)), cbor_move(cbor_build_uint64((uint64_t)NOW + 86400))},
        {cbor_move(cbor_build_uint8(5)), cbor_move(cbor_build_uint64((uint64_t)NOW))},
        {cbor_move(cbor_build_uint8(6)), cbor_move(cbor_build_uint64((uint64_t)NOW))},
        {cbor_move(cbor_build_negint16(261)), cbor_move(pass)},
    };
    for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++)
        cbor_map_add(cwt, top[i]);
    unsigned char *bytes = NULL;
    size_t size = 0, n = cbor_serialize_alloc(cwt, &bytes, &size);
    fg_buf_init(out, 0);
    fg_buf_add(out, bytes, n);
    free(bytes);
    cbor_decref(&cwt);
}

static cbor_item_t *test_entry(uint64_t index, uint64_t sampled, uint64_t valid_to)
{
    cbor_item_t *list = cbor_new_definite_array(1), *e = cbor_new_definite_array(3);
    cbor_array_push(e, cbor_move(cbor_build_uint64(index)));
    cbor_array_push(e, cbor_move(cbor_build_uint64(sampled)));
    cbor_array_push(e, cbor_move(cbor_build_uint64(valid_to)));
    cbor_array_push(list, cbor_move(e));
    return list;
}

/* Claim 9 carries each tested person's sampling time and validity; a pass
 * without tests has no claim 9 at all (encoded as before the claim existed);
 * a claim 9 naming a person the pass does not list is refused. */
static void negative_tests_claim(void **state)
{
    (void)state;
    fg_pass_claims c = sample();
    c.crew[0].test_sampled = NOW - 3600;
    c.crew[0].test_valid_to = NOW + 47 * 3600;
    fg_buf s;
    issue(&c, &key, &s);
    fg_verify_opts o = {NOW + 60, NULL, -1, &trust, NULL, NULL};
    fg_verdict v = check(s.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_VALID);
    assert_int_equal(v.claims.crew[0].test_sampled, NOW - 3600);
    assert_int_equal(v.claims.crew[0].test_valid_to, NOW + 47 * 3600);
    assert_int_equal(v.claims.crew[1].test_sampled, 0);
    assert_int_equal(v.claims.crew[1].test_valid_to, 0);
    json_t *crew = fg_pass_crew_json(&v.claims);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(crew, 0), "test_valid_to")),
        "2026-11-28T21:02:28.000Z");
    assert_null(json_object_get(json_array_get(crew, 1), "test_sampled_at"));
    json_decref(crew);
    fg_buf_release(&s);

    fg_err err;
    fg_pass_claims p = sample();
    issue(&p, &key, &s);
    fg_cose cose;
    fg_pass_layer layer;
    assert_int_equal(fg_pass_unwrap(s.buf, s.len, NULL, &cose, &layer, &err), 0);
    json_t *j;
    assert_int_equal(fg_cbor_to_json((const uint8_t *)cose.payload.buf, cose.payload.len, &j, &err),
                     0);
    assert_non_null(json_object_get(json_object_get(j, "-262"), "7"));
    assert_null(json_object_get(json_object_get(j, "-262"), "9"));
    json_decref(j);
    fg_cose_release(&cose);
    fg_buf_release(&s);

    fg_buf raw;
    fg_pass_claims d;
    payload_with_tests(test_entry(0, (uint64_t)NOW - 60, (uint64_t)NOW + 3600), &raw);
    assert_int_equal(fg_pass_claims_decode((const uint8_t *)raw.buf, raw.len, &d, &err), 0);
    assert_int_equal(d.crew[0].test_sampled, NOW - 60);
    fg_buf_release(&raw);
    payload_with_tests(test_entry(1, (uint64_t)NOW - 60, (uint64_t)NOW + 3600), &raw);
    assert_int_equal(fg_pass_claims_decode((const uint8_t *)raw.buf, raw.len, &d, &err), FG_EINVAL);
    fg_buf_release(&raw);
    payload_with_tests(test_entry(0, 0, 0), &raw);
    assert_int_equal(fg_pass_claims_decode((const uint8_t *)raw.buf, raw.len, &d, &err), FG_EINVAL);
    fg_buf_release(&raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base45_rfc9285_vectors),
        cmocka_unit_test(ed25519_rfc8032_vector),
        cmocka_unit_test(round_trip_and_size),
        cmocka_unit_test(every_verdict),
        cmocka_unit_test(origin_outside_signers_regions),
        cmocka_unit_test(tampering_at_every_layer),
        cmocka_unit_test(es256_and_ps256),
        cmocka_unit_test(signed_lists),
        cmocka_unit_test(inspect_floats_and_simple_values),
        cmocka_unit_test(plates_and_claims),
        cmocka_unit_test(negative_tests_claim),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
