/* libFuzzer target for everything a checkpoint decodes from outside: the
 * presented string (prefix, Base45, zlib, CBOR, COSE, claims, verdict), and
 * the signed trust and revocation lists; the white-list listing credential. The trusted key is
 * fixed (an Ed25519 key from the seed 0x42 x 32) so that the committed corpus holds passes that
 * verify, and mutations reach every layer. Built by CMake with FG_FUZZ=ON and run by
 * scripts/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pass.h"
#include "core/wlcred.h"

static fg_trust trust;
static fg_pubkey key;

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
    trust.entries = calloc(1, sizeof(*trust.entries));
    trust.n = 1;
    trust.entries[0].key = key;
    fg_strlcpy(trust.entries[0].issuer, "CN-330000", sizeof(trust.entries[0].issuer));
    trust.entries[0].regions[0] = 330000;
    trust.entries[0].n_regions = 1;
    trust.entries[0].valid_to = INT64_MAX;
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
    if (fg_trust_decode(data, size, &t, &err) == 0)
        fg_trust_release(&t);
    fg_revocations r;
    if (fg_revocations_decode(data, size, &r, &err) == 0)
        fg_revocations_release(&r);
    return 0;
}
