/* libFuzzer target for everything a checkpoint decodes from outside: the
 * presented string (prefix, Base45, zlib, CBOR, COSE, claims, verdict), and
 * the signed trust and revocation lists; the white-list listing credential. The trusted keys are
 * fixed (an Ed25519 key from the seed 0x42 x 32, and an SM2 key whose private scalar is 0x42 x
 * 32, both for CN-330000 as in a province switching over) so that the committed corpus holds
 * passes that verify under either algorithm, and mutations reach every layer. Built by CMake with
 * FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pass.h"
#include "core/wlcred.h"

static fg_trust trust;
static fg_pubkey key, sm2key;

static void setup(void)
{
    static const uint8_t prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                     0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /* The public key of seed 0x42 x 32 (crypto_sign_seed_keypair). */
    static const uint8_t pub[32] = {0x21, 0x52, 0xf8, 0xd1, 0x9b, 0x79, 0x1d, 0x24,
                                    0x45, 0x32, 0x42, 0xe1, 0x5f, 0x2e, 0xab, 0x6c,
                                    0xb7, 0xcf, 0xfa, 0x7b, 0x6a, 0x5e, 0xd3, 0x00,
                                    0x97, 0x96, 0x0e, 0x06, 0x98, 0x81, 0xdb, 0x12};
    uint8_t der[44];
    memcpy(der, prefix, sizeof(prefix));
    memcpy(der + sizeof(prefix), pub, 32);
    fg_err err;
    if (fg_pubkey_from_spki(der, sizeof(der), &key, &err))
        abort();
    /* SubjectPublicKeyInfo of the SM2 key d = 0x42 x 32 (id-ecPublicKey on
     * the SM2 curve, 1.2.156.10197.1.301). */
    static const uint8_t sm2_spki[91] = {
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
        0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
        0x04, 0x29, 0x08, 0xfb, 0x5d, 0x2a, 0xc6, 0x05, 0xb8, 0xc8, 0x8c, 0x4f, 0x22,
        0xf0, 0x7b, 0x19, 0xa0, 0x2f, 0x4a, 0x28, 0x6a, 0xef, 0xb5, 0xa0, 0xa4, 0xfb,
        0xd7, 0x04, 0xeb, 0xab, 0x03, 0x3b, 0xe4, 0x75, 0x00, 0x66, 0xc0, 0x5e, 0x2b,
        0x5b, 0x20, 0x1d, 0x25, 0x24, 0xdb, 0x8b, 0xc5, 0x1e, 0x99, 0x38, 0x52, 0x13,
        0x08, 0x3f, 0xd1, 0x7d, 0x0c, 0x47, 0x7e, 0x81, 0x41, 0xbe, 0x99, 0x43, 0xca};
    if (fg_pubkey_from_spki(sm2_spki, sizeof(sm2_spki), &sm2key, &err) || sm2key.alg != FG_ALG_SM2)
        abort();
    trust.entries = calloc(2, sizeof(*trust.entries));
    trust.n = 2;
    trust.entries[0].key = key;
    trust.entries[1].key = sm2key;
    for (size_t i = 0; i < 2; i++) {
        fg_strlcpy(trust.entries[i].issuer, "CN-330000", sizeof(trust.entries[i].issuer));
        trust.entries[i].regions[0] = 330000;
        trust.entries[i].n_regions = 1;
        trust.entries[i].valid_to = INT64_MAX;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!trust.entries)
        setup();
    fg_verify_opts o = {1795730548, "浙A12345", 330110, &trust, NULL, NULL};
    fg_verdict v;
    fg_pass_verify((const char *)data, size, &o, &v);
    o.trust = NULL;
    o.key = &key;
    fg_pass_verify((const char *)data, size, &o, &v);
    o.key = &sm2key;
    fg_pass_verify((const char *)data, size, &o, &v);
    fg_cose c;
    fg_pass_layer layer;
    fg_err err;
    if (fg_pass_unwrap((const char *)data, size, "HC1:", &c, &layer, &err) == 0) {
        fg_pass_claims claims;
        fg_pass_claims_decode((const uint8_t *)c.payload.buf, c.payload.len, &claims, &err);
    }
    fg_cose_release(&c);
    /* The white-list listing credential (FGW1:) shares every layer but the claims. */
    fg_wlcred_verdict wv;
    o.trust = &trust;
    o.key = NULL;
    fg_wlcred_verify((const char *)data, size, &o, &wv);
    fg_wlcred wc;
    fg_wlcred_decode(data, size, &wc, &err);
    fg_trust t;
    if (fg_trust_load(data, size, &key, &t, &err) == 0)
        fg_trust_release(&t);
    if (fg_trust_load(data, size, &sm2key, &t, &err) == 0)
        fg_trust_release(&t);
    if (fg_trust_decode(data, size, &t, &err) == 0)
        fg_trust_release(&t);
    fg_revocations r;
    if (fg_revocations_decode(data, size, &r, &err) == 0)
        fg_revocations_release(&r);
    return 0;
}
