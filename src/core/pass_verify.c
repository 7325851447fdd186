/* The verdict pipeline: a presented string against a trust list or one key,
 * the revocation list, a time, a plate and a checkpoint's county. Every
 * pass a checkpoint scans goes through here (bench/bench_passes.c). */
#include "pass_internal.h"

#include <stdio.h>
#include <string.h>

#include "region.h"

#define VERDICT_NAME(code, id, name) name,
static const char *const verdict_names[] = {FG_VOCAB_VERDICTS(VERDICT_NAME)};
#undef VERDICT_NAME
_Static_assert(sizeof(verdict_names) / sizeof(verdict_names[0]) == FG_VERDICT_COUNT,
               "one name per fg_verdict_code");

const char *fg_verdict_name(fg_verdict_code v)
{
    return verdict_names[v];
}

static int verdict(fg_verdict *v, fg_verdict_code code, const char *reason)
{
    v->code = code;
    fg_strlcpy(v->reason, reason, sizeof(v->reason));
    return 0;
}

int fg_cose_signer(const fg_cose *c, const fg_trust *trust, const fg_pubkey *one,
                   const fg_trust_entry **out_entry, fg_verdict_code *out)
{
    const fg_pubkey *key = one;
    *out_entry = NULL;
    for (size_t i = 0; !key && trust && i < trust->n; i++)
        if (c->kid_len == FG_KID_LEN &&
            memcmp(trust->entries[i].key.kid, c->kid, FG_KID_LEN) == 0) {
            *out_entry = &trust->entries[i];
            key = &trust->entries[i].key;
        }
    if (!key || (one && (c->kid_len != FG_KID_LEN || memcmp(one->kid, c->kid, FG_KID_LEN)))) {
        *out = FG_VERDICT_UNKNOWN_SIGNER;
        return 0;
    }
    fg_buf t;
    fg_buf_init(&t, 0);
    if (fg_cose_tbs(c, &t)) {
        fg_buf_release(&t);
        return FG_ENOMEM;
    }
    bool good = c->alg == key->alg &&
                fg_sig_verify(key, (const uint8_t *)t.buf, t.len, (const uint8_t *)c->signature.buf,
                              c->signature.len) == 0;
    fg_buf_release(&t);
    *out = good ? FG_VERDICT_VALID : FG_VERDICT_BAD_SIGNATURE;
    return 0;
}

int fg_pass_verify(const char *s, size_t n, const fg_verify_opts *o, fg_verdict *out)
{
    memset(out, 0, sizeof(*out));
    fg_cose c;
    fg_err err;
    fg_err_init(&err);
    fg_pass_layer layer = FG_LAYER_NONE;
    if (fg_pass_unwrap(s, n, NULL, &c, &layer, &err)) {
        out->layer = layer;
        fg_cose_release(&c);
        return verdict(out, FG_VERDICT_MALFORMED, err.msg);
    }
    int rc = 0;
    if (fg_pass_claims_decode((const uint8_t *)c.payload.buf, c.payload.len, &out->claims, &err)) {
        out->layer = FG_LAYER_CLAIMS;
        verdict(out, FG_VERDICT_MALFORMED, err.msg);
        goto done;
    }
    out->have_claims = true;
    const fg_pass_claims *cl = &out->claims;
    const fg_trust_entry *entry = NULL;
    fg_verdict_code sc;
    if ((rc = fg_cose_signer(&c, o->trust, o->key, &entry, &sc)))
        goto done;
    if (sc == FG_VERDICT_UNKNOWN_SIGNER) {
        verdict(out, FG_VERDICT_UNKNOWN_SIGNER, "no trusted key has this pass's kid");
        goto done;
    }
    if (sc == FG_VERDICT_BAD_SIGNATURE) {
        verdict(out, FG_VERDICT_BAD_SIGNATURE,
                "the signature does not match the pass: it was altered or not issued by this key");
        goto done;
    }
    /* What the trust list lets the key sign: its issuer, the regions of the
     * pass's number and of its origin (a province issues for the goods that
     * leave it), within the key's dates. */
    if (entry) {
        int32_t region = (int32_t)(cl->number / 1000000);
        bool in = false, from = false;
        for (size_t r = 0; r < entry->n_regions; r++) {
            in = in || fg_region_contains(entry->regions[r], region);
            from = from || fg_region_contains(entry->regions[r], cl->origin);
        }
        if (strcmp(entry->issuer, cl->issuer) || !in || cl->iat < entry->valid_from ||
            cl->iat > entry->valid_to) {
            verdict(out, FG_VERDICT_SIGNER_NOT_ALLOWED,
                    "the signing key may not issue for this issuer, region or date");
            goto done;
        }
        if (!from) {
            verdict(out, FG_VERDICT_SIGNER_NOT_ALLOWED,
                    "the pass's origin lies outside the regions its signing key may issue for");
            goto done;
        }
    }
    if (o->revoked && fg__pass_revoked(o->revoked, cl->number)) {
        verdict(out, FG_VERDICT_REVOKED, "the pass was revoked by its issuer");
        goto done;
    }
    if (o->at < cl->nbf) {
        verdict(out, FG_VERDICT_NOT_YET_VALID, "the pass is not valid yet");
        goto done;
    }
    if (o->at >= cl->exp) {
        verdict(out, FG_VERDICT_EXPIRED, "the pass has expired");
        goto done;
    }
    if (o->plate && *o->plate && strcmp(o->plate, cl->plate) != 0) {
        char why[96];
        snprintf(why, sizeof(why), "the pass is for %s, not this vehicle", cl->plate);
        verdict(out, FG_VERDICT_PLATE_MISMATCH, why);
        goto done;
    }
    /* The route is origin, the counties on the way, destination: a pass with
     * no counties on the way is good in its origin and destination only. */
    if (o->county >= 0) {
        bool on = o->county == cl->origin || o->county == cl->destination;
        for (size_t r = 0; r < cl->n_route; r++)
            on = on || cl->route[r] == o->county;
        if (!on) {
            verdict(out, FG_VERDICT_OUT_OF_ROUTE,
                    "this checkpoint's county is not on the "
                    "pass's route");
            goto done;
        }
    }
    verdict(out, FG_VERDICT_VALID, "valid");
done:
    fg_cose_release(&c);
    return rc;
}

bool fg_pass_crew_test_lapsed(const fg_pass_claims *c, int64_t at, int32_t today)
{
    for (size_t i = 0; i < c->n_crew && i < FG_PASS_MAX_CREW; i++) {
        const fg_pass_person *p = &c->crew[i];
        if (p->test_valid_to > 0 ? at >= p->test_valid_to
                                 : p->test_until > 0 && today > p->test_until)
            return true;
    }
    return false;
}
