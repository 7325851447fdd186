/* SM2 with SM3 (GB/T 32918.2, GB/T 32905) for passes and signed lists:
 * signing and verifying, the distinguishing identifier, a tampered pass, a
 * key listed as one algorithm used with another, and keys of both kinds in
 * one trust list (a province switching over). The browser's side is checked
 * against passes the server signs in tests/api/passes_sm2.test.mjs. */
#include "test.h"

#include <cbor.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>

#include "../pass_sample.h"
#include "core/pass.h"
#include "util/base45.h"

static const int64_t NOW = 1795730548; /* 2026-11-26, seconds */

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

static fg_trust_entry entry_for(const fg_privkey *k, int32_t region)
{
    fg_trust_entry e;
    memset(&e, 0, sizeof(e));
    e.key = k->pub;
    e.key.pkey = NULL; /* as the keyring lends it: the list needs the SPKI only */
    snprintf(e.issuer, sizeof(e.issuer), "CN-%06d", (int)region);
    e.regions[0] = region;
    e.n_regions = 1;
    e.valid_from = NOW - 86400;
    e.valid_to = NOW + 365 * 86400;
    return e;
}

/* The trust list as a checkpoint has it: encoded, signed by root, loaded. */
static void trust_of(fg_trust_entry *entries, size_t n, const fg_privkey *root, fg_trust *out)
{
    fg_trust t = {entries, n, NOW};
    fg_buf payload, doc;
    fg_buf_init(&payload, 0);
    fg_buf_init(&doc, 0);
    fg_err err;
    assert_int_equal(fg_trust_encode(&t, &payload, &err), 0);
    assert_int_equal(fg_cose_sign((const uint8_t *)payload.buf, payload.len, root, &doc, &err), 0);
    if (fg_trust_load((const uint8_t *)doc.buf, doc.len, &root->pub, out, &err))
        fail_msg("trust list: %s", err.msg);
    fg_buf_release(&payload);
    fg_buf_release(&doc);
}

static void sign_and_verify(void **state)
{
    (void)state;
    int alg;
    fg_err err;
    assert_int_equal(fg_alg_parse("sm2", &alg, &err), 0);
    assert_int_equal(alg, FG_ALG_SM2);
    assert_int_equal(fg_alg_parse("SM2", &alg, &err), 0);
    assert_string_equal(fg_alg_name(FG_ALG_SM2), "SM2");
    fg_privkey k;
    assert_int_equal(fg_privkey_generate(FG_ALG_SM2, &k, &err), 0);
    assert_int_equal(k.alg, FG_ALG_SM2);
    assert_int_equal(k.pub.alg, FG_ALG_SM2);
    static const uint8_t msg[] = "Signature1 over a pass";
    uint8_t sig[FG_SIG_MAX];
    size_t sl = 0;
    assert_int_equal(fg_sig_sign(&k, msg, sizeof(msg), sig, &sl, &err), 0);
    assert_int_equal(sl, 64); /* raw r||s, as COSE has ES256 */
    assert_int_equal(fg_sig_verify(&k.pub, msg, sizeof(msg), sig, sl), 0);
    /* A changed message, a changed signature, a truncated one: refused. */
    uint8_t other[sizeof(msg)];
    memcpy(other, msg, sizeof(msg));
    other[3] ^= 1;
    assert_int_equal(fg_sig_verify(&k.pub, other, sizeof(other), sig, sl), FG_EPERM);
    sig[40] ^= 1;
    assert_int_equal(fg_sig_verify(&k.pub, msg, sizeof(msg), sig, sl), FG_EPERM);
    sig[40] ^= 1;
    assert_int_equal(fg_sig_verify(&k.pub, msg, sizeof(msg), sig, 63), FG_EPERM);

    /* The signature is SM2's with the identifier 1234567812345678 in Z: a
     * verifier with another identifier, or with SHA-256 as the digest,
     * refuses it; one with the standard identifier and SM3 accepts it. */
    uint8_t der[80];
    unsigned char *p = der;
    ECDSA_SIG *es = ECDSA_SIG_new();
    ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
    int dl = i2d_ECDSA_SIG(es, &p);
    ECDSA_SIG_free(es);
    assert_true(dl > 0);
    static const struct {
        const char *id;
        bool sm3, good;
    } cases[] = {
        {"1234567812345678", true, true},
        {"1234567812345679", true, false},
        {"1234567812345678", false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pctx = NULL;
        bool good = EVP_DigestVerifyInit(ctx, &pctx, cases[i].sm3 ? EVP_sm3() : EVP_sha256(), NULL,
                                         k.pkey) == 1 &&
                    EVP_PKEY_CTX_set1_id(pctx, cases[i].id, strlen(cases[i].id)) == 1 &&
                    EVP_DigestVerify(ctx, der, (size_t)dl, msg, sizeof(msg)) == 1;
        assert_int_equal(good, cases[i].good);
        EVP_MD_CTX_free(ctx);
    }

    /* PEM round trips: the public key reads back as SM2 with the same kid,
     * the private key signs what the public key verifies. */
    fg_buf pem;
    fg_buf_init(&pem, 0);
    assert_int_equal(fg_pubkey_to_pem(&k.pub, &pem), 0);
    fg_pubkey pub;
    assert_int_equal(fg_pubkey_from_pem(pem.buf, pem.len, &pub, &err), 0);
    assert_int_equal(pub.alg, FG_ALG_SM2);
    assert_memory_equal(pub.kid, k.pub.kid, FG_KID_LEN);
    assert_int_equal(fg_sig_verify(&pub, msg, sizeof(msg), sig, sl), 0);
    fg_pubkey_release(&pub);
    fg_buf_reset(&pem);
    assert_int_equal(fg_privkey_to_pem(&k, &pem), 0);
    fg_privkey back;
    assert_int_equal(fg_privkey_from_pem(pem.buf, pem.len, &back, &err), 0);
    assert_int_equal(back.alg, FG_ALG_SM2);
    assert_int_equal(fg_sig_sign(&back, msg, sizeof(msg), sig, &sl, &err), 0);
    assert_int_equal(fg_sig_verify(&k.pub, msg, sizeof(msg), sig, sl), 0);
    fg_privkey_release(&back);
    fg_buf_release(&pem);
    /* A P-256 key stays ES256: the curve decides. */
    fg_privkey p256;
    assert_int_equal(fg_privkey_generate(FG_ALG_ES256, &p256, &err), 0);
    assert_int_equal(p256.pub.alg, FG_ALG_ES256);
    fg_privkey_release(&p256);
    fg_privkey_release(&k);
}

/* Re-seals the payload of `pass` with a protected header naming `alg` and
 * the kid of `k`, signed by `k` as its own algorithm says: a signature that
 * is good over the bytes, under a header that names another algorithm. */
static void relabel(const char *pass, int alg, const fg_privkey *k, fg_buf *out)
{
    fg_cose c;
    fg_pass_layer layer;
    fg_err err;
    assert_int_equal(fg_pass_unwrap(pass, strlen(pass), NULL, &c, &layer, &err), 0);
    cbor_item_t *h = cbor_new_definite_map(2);
    cbor_item_t *a = alg < 0 ? (alg >= -256 ? cbor_build_negint8((uint8_t)(-1 - alg))
                                            : cbor_build_negint32((uint32_t)(-1 - alg)))
                             : cbor_build_uint32((uint32_t)alg);
    cbor_map_add(h, (struct cbor_pair){cbor_move(cbor_build_uint8(1)), cbor_move(a)});
    cbor_map_add(h, (struct cbor_pair){cbor_move(cbor_build_uint8(4)),
                                       cbor_move(cbor_build_bytestring(k->pub.kid, FG_KID_LEN))});
    unsigned char *hb = NULL;
    size_t hs = 0, hn = cbor_serialize_alloc(h, &hb, &hs);
    cbor_decref(&h);
    fg_buf_reset(&c.protected_bytes);
    fg_buf_add(&c.protected_bytes, hb, hn);
    free(hb);
    fg_buf t;
    fg_buf_init(&t, 0);
    assert_int_equal(fg_cose_tbs(&c, &t), 0);
    uint8_t sig[FG_SIG_MAX];
    size_t sl = 0;
    assert_int_equal(fg_sig_sign(k, (const uint8_t *)t.buf, t.len, sig, &sl, &err), 0);
    fg_buf_release(&t);
    cbor_item_t *arr = cbor_new_definite_array(4);
    cbor_array_push(arr, cbor_move(cbor_build_bytestring((const uint8_t *)c.protected_bytes.buf,
                                                         c.protected_bytes.len)));
    cbor_array_push(arr, cbor_move(cbor_new_definite_map(0)));
    cbor_array_push(
        arr, cbor_move(cbor_build_bytestring((const uint8_t *)c.payload.buf, c.payload.len)));
    cbor_array_push(arr, cbor_move(cbor_build_bytestring(sig, sl)));
    cbor_item_t *tag = cbor_build_tag(18, arr);
    unsigned char *bytes = NULL;
    size_t size = 0, n = cbor_serialize_alloc(tag, &bytes, &size);
    cbor_decref(&tag);
    cbor_decref(&arr);
    fg_buf_init(out, 0);
    fg_buf_adds(out, FG_PASS_PREFIX);
    fg_base45_encode(bytes, n, out);
    fg_buf_addc(out, '\0');
    out->len--;
    free(bytes);
    fg_cose_release(&c);
}

static void passes_and_mismatches(void **state)
{
    (void)state;
    fg_err err;
    fg_privkey root, zj, sh;
    assert_int_equal(fg_privkey_generate(FG_ALG_SM2, &root, &err), 0);
    assert_int_equal(fg_privkey_generate(FG_ALG_SM2, &zj, &err), 0);
    assert_int_equal(fg_privkey_generate(FG_ALG_EDDSA, &sh, &err), 0);
    /* One trust list, signed by an SM2 root, with an SM2 key (Zhejiang) and
     * an Ed25519 key (Shanghai), each named with its algorithm. */
    fg_trust_entry entries[2] = {entry_for(&zj, 330000), entry_for(&sh, 310000)};
    fg_trust trust;
    trust_of(entries, 2, &root, &trust);
    assert_int_equal(trust.n, 2);
    assert_int_equal(trust.entries[0].key.alg, FG_ALG_SM2);
    assert_int_equal(trust.entries[1].key.alg, FG_ALG_EDDSA);
    fg_verify_opts o = {NOW + 60, NULL, -1, &trust, NULL, NULL};

    fg_pass_claims c = fg_test_pass_sample(NOW);
    fg_buf s;
    issue(&c, &zj, &s);
    fg_cose cose;
    fg_pass_layer layer;
    assert_int_equal(fg_pass_unwrap(s.buf, s.len, NULL, &cose, &layer, &err), 0);
    assert_int_equal(cose.alg, FG_ALG_SM2);
    assert_int_equal(cose.signature.len, 64);
    fg_cose_release(&cose);
    fg_verdict v = check(s.buf, &o);
    if (v.code != FG_VERDICT_VALID)
        fail_msg("%s: %s", fg_verdict_name(v.code), v.reason);
    /* With the one key, as `pass verify --key` does. */
    fg_verify_opts ok = {NOW + 60, NULL, -1, NULL, &zj.pub, NULL};
    assert_int_equal(check(s.buf, &ok).code, FG_VERDICT_VALID);

    /* Tampered: the plate's last character (the pass is re-wrapped from its
     * COSE bytes with one payload byte changed). */
    assert_int_equal(fg_pass_unwrap(s.buf, s.len, NULL, &cose, &layer, &err), 0);
    char *plate = NULL;
    for (size_t i = 0; !plate && i + 5 <= cose.payload.len; i++)
        if (memcmp(cose.payload.buf + i, "12345", 5) == 0)
            plate = cose.payload.buf + i;
    assert_non_null(plate);
    plate[4] = '6';
    fg_buf tampered;
    {
        cbor_item_t *arr = cbor_new_definite_array(4);
        cbor_array_push(arr,
                        cbor_move(cbor_build_bytestring((const uint8_t *)cose.protected_bytes.buf,
                                                        cose.protected_bytes.len)));
        cbor_array_push(arr, cbor_move(cbor_new_definite_map(0)));
        cbor_array_push(arr, cbor_move(cbor_build_bytestring((const uint8_t *)cose.payload.buf,
                                                             cose.payload.len)));
        cbor_array_push(arr, cbor_move(cbor_build_bytestring((const uint8_t *)cose.signature.buf,
                                                             cose.signature.len)));
        unsigned char *bytes = NULL;
        size_t size = 0, n = cbor_serialize_alloc(arr, &bytes, &size);
        cbor_decref(&arr);
        fg_buf_init(&tampered, 0);
        fg_buf_adds(&tampered, FG_PASS_PREFIX);
        fg_base45_encode(bytes, n, &tampered);
        fg_buf_addc(&tampered, '\0');
        tampered.len--;
        free(bytes);
    }
    fg_cose_release(&cose);
    v = check(tampered.buf, &o);
    assert_int_equal(v.code, FG_VERDICT_BAD_SIGNATURE);
    assert_string_equal(v.claims.plate, "浙A12346");
    fg_buf_release(&tampered);

    /* The SM2 key's good signature under a header naming ES256 (the key is
     * listed as SM2): refused. */
    fg_buf m;
    relabel(s.buf, FG_ALG_ES256, &zj, &m);
    assert_int_equal(check(m.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&m);
    /* The same relabelled as SM2, as signed: valid (the relabelling itself is
     * sound). */
    relabel(s.buf, FG_ALG_SM2, &zj, &m);
    assert_int_equal(check(m.buf, &o).code, FG_VERDICT_VALID);
    fg_buf_release(&m);
    /* The Ed25519 key's good signature under a header naming SM2: refused. */
    fg_pass_claims shc = c;
    snprintf(shc.issuer, sizeof(shc.issuer), "CN-310000");
    shc.number = 310000000001LL;
    shc.origin = 310104;
    fg_buf shs;
    issue(&shc, &sh, &shs);
    assert_int_equal(check(shs.buf, &o).code, FG_VERDICT_VALID); /* both kinds in one list */
    relabel(shs.buf, FG_ALG_SM2, &sh, &m);
    assert_int_equal(check(m.buf, &o).code, FG_VERDICT_BAD_SIGNATURE);
    fg_buf_release(&m);
    fg_buf_release(&shs);

    /* A trust list that lists the SM2 key as ES256 (or the Ed25519 key as
     * SM2) is malformed: the algorithm named must be the key's. */
    fg_trust_entry wrong[2] = {entry_for(&zj, 330000), entry_for(&sh, 310000)};
    for (int i = 0; i < 2; i++) {
        fg_trust_entry one[1] = {wrong[i]};
        one[0].key.alg = i == 0 ? FG_ALG_ES256 : FG_ALG_SM2;
        fg_trust bad = {one, 1, NOW}, out;
        fg_buf payload;
        fg_buf_init(&payload, 0);
        assert_int_equal(fg_trust_encode(&bad, &payload, &err), 0);
        assert_int_equal(fg_trust_decode((const uint8_t *)payload.buf, payload.len, &out, &err),
                         FG_EINVAL);
        fg_buf_release(&payload);
    }

    /* The lists signed by an SM2 root refuse another root, SM2 or not. */
    fg_trust_entry e1[1] = {entry_for(&zj, 330000)};
    fg_trust one = {e1, 1, NOW}, back;
    fg_buf payload, doc;
    fg_buf_init(&payload, 0);
    fg_buf_init(&doc, 0);
    assert_int_equal(fg_trust_encode(&one, &payload, &err), 0);
    assert_int_equal(fg_cose_sign((const uint8_t *)payload.buf, payload.len, &root, &doc, &err), 0);
    assert_int_equal(fg_trust_load((const uint8_t *)doc.buf, doc.len, &zj.pub, &back, &err),
                     FG_EPERM);
    assert_int_equal(fg_trust_load((const uint8_t *)doc.buf, doc.len, &sh.pub, &back, &err),
                     FG_EPERM);
    doc.buf[doc.len - 3] ^= 1; /* inside the signature */
    assert_int_equal(fg_trust_load((const uint8_t *)doc.buf, doc.len, &root.pub, &back, &err),
                     FG_EPERM);
    fg_buf_release(&payload);
    fg_buf_release(&doc);

    fg_buf_release(&s);
    fg_trust_release(&trust);
    fg_privkey_release(&root);
    fg_privkey_release(&zj);
    fg_privkey_release(&sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sign_and_verify),
        cmocka_unit_test(passes_and_mismatches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
