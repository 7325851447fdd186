/* The white-list listing credential (core/wlcred.h): its claims, encoded and
 * decoded, issued and verified through the passes' COSE layering. */
#include "wlcred.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "pass_internal.h"
#include "region.h"
#include "uscc.h"
#include "whitelist.h"

int64_t fg_wlcred_number(const uint8_t id[16])
{
    int64_t v = 0;
    for (int i = 10; i < 16; i++)
        v = v << 8 | id[i];
    return v;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int fg_wlcred_id_parse(const char *uuid, uint8_t out[16], fg_err *err)
{
    size_t k = 0;
    for (size_t i = 0; uuid[i] && k < 32; i++) {
        if ((i == 8 || i == 13 || i == 18 || i == 23) && uuid[i] == '-')
            continue;
        int h = hexval(uuid[i]);
        if (h < 0)
            break;
        out[k / 2] = (uint8_t)(k % 2 ? (out[k / 2] << 4 | h) : h);
        k++;
    }
    if (k != 32 || strlen(uuid) != 36)
        return fg_err_at(err, FG_EINVAL, "id", "wlcred.id", "a listing id is a lower-case UUID");
    return 0;
}

void fg_wlcred_id_format(const uint8_t id[16], char out[37])
{
    static const char hx[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hx[id[i] >> 4];
        out[o++] = hx[id[i] & 15];
    }
    out[o] = '\0';
}

static bool date_ok(int32_t d)
{
    return d >= 19700101 && d <= 99991231 && fg_date_from_days(fg_date_days(d)) == d;
}

/* Whether the tier, the list's region and the issuer agree: a national list
 * is the nation's (000000) and issued by CN-000000; any other is issued by a
 * region of the tier's level, inside the issuer's province. */
static bool scope_agrees(const fg_wlcred *c)
{
    int32_t iss;
    if (strlen(c->issuer) != 9 || strncmp(c->issuer, "CN-", 3) ||
        fg_region_parse(c->issuer + 3, "iss", &iss, NULL) || c->tier < FG_WL_NATIONAL ||
        c->tier > FG_WL_COUNTY || fg_wl_list_check((fg_wl_tier)c->tier, c->list_region, NULL))
        return false;
    return c->tier == FG_WL_NATIONAL
               ? iss == FG_REGION_NATION
               : iss != FG_REGION_NATION && fg_region_contains(iss, c->list_region);
}

int fg_wlcred_check(const fg_wlcred *c, fg_err *err)
{
    int32_t r;
    bool iss = strlen(c->issuer) == 9 && strncmp(c->issuer, "CN-", 3) == 0 &&
               fg_region_parse(c->issuer + 3, "iss", &r, NULL) == 0;
    if (!iss)
        return fg_err_at(err, FG_EINVAL, "issuer", "wlcred.issuer",
                         "the issuer is CN- and a region's 6-digit code");
    if (fg_uscc_validate(c->subject, err))
        return FG_EINVAL;
    if (!c->name[0] || c->chain < 0 || c->chain >= FG_KEYCHAIN_COUNT || c->tier < FG_WL_NATIONAL ||
        c->tier > FG_WL_COUNTY || c->list_region < 0 || c->list_region > 999999 || c->batch < 1 ||
        !date_ok(c->listed_on) || !date_ok(c->review_on) || c->nbf > c->exp || c->iat < 0)
        return fg_err_at(err, FG_EINVAL, NULL, "wlcred.claims",
                         "a listing credential needs the enterprise's name, a chain, a tier, the "
                         "list's region, a batch, the listing and review dates and a validity");
    if (!scope_agrees(c))
        return fg_err_at(err, FG_EINVAL, NULL, "wlcred.scope",
                         "the list's tier, its region and the issuer do not agree (a national "
                         "list is 000000's, issued by CN-000000; another is issued inside the "
                         "issuer's province by a region of its tier's level)");
    return 0;
}

int fg_wlcred_encode(const fg_wlcred *c, fg_buf *out, fg_err *err)
{
    int rc = fg_wlcred_check(c, err);
    if (rc)
        return rc;
    cbor_item_t *root = cbor_new_definite_map(6), *l = cbor_new_definite_map(8);
    bool ok = root && l && fg__pass_put(l, 1, cbor_build_bytestring(c->listing, 16)) &&
              fg__pass_put(l, 2, cbor_build_string(c->name)) &&
              fg__pass_put(l, 3, fg__pass_cint(c->chain)) &&
              fg__pass_put(l, 4, fg__pass_cint(c->tier)) &&
              fg__pass_put(l, 5, fg__pass_cint(c->list_region)) &&
              fg__pass_put(l, 6, fg__pass_cint(c->batch)) &&
              fg__pass_put(l, 7, fg__pass_cint(c->listed_on)) &&
              fg__pass_put(l, 8, fg__pass_cint(c->review_on));
    if (!ok && l)
        cbor_decref(&l);
    /* `l` goes to root with the last put; if an earlier one fails it is ours. */
    bool handed = false;
    ok = ok && fg__pass_put(root, 1, cbor_build_string(c->issuer)) &&
         fg__pass_put(root, 2, cbor_build_string(c->subject)) &&
         fg__pass_put(root, 4, fg__pass_cint(c->exp)) &&
         fg__pass_put(root, 5, fg__pass_cint(c->nbf)) &&
         fg__pass_put(root, 6, fg__pass_cint(c->iat)) &&
         (handed = true, fg__pass_put(root, FG_WLCRED_CLAIM, l));
    if (!handed && l)
        cbor_decref(&l);
    rc = ok ? fg__pass_serialize(root, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (root)
        cbor_decref(&root);
    return rc;
}

static int shape(fg_err *err)
{
    return fg_err_at(err, FG_EINVAL, NULL, "wlcred.claims_shape",
                     "claims: the CWT needs iss, sub, exp, nbf, iat and the listing claim, each "
                     "of the right type");
}

/* An integer in [lo, hi] into *out. */
static bool int_in(const cbor_item_t *i, int64_t lo, int64_t hi, int64_t *out)
{
    bool ok = true;
    int64_t v = fg__pass_get_int(i, &ok);
    *out = v;
    return ok && v >= lo && v <= hi;
}

static bool listing_map(const cbor_item_t *m, fg_wlcred *c)
{
    if (!cbor_isa_map(m))
        return false;
    struct cbor_pair *p = cbor_map_handle(m);
    unsigned seen = 0;
    for (size_t i = 0; i < cbor_map_size(m); i++) {
        bool ok = true;
        int64_t k = fg__pass_get_int(p[i].key, &ok), v = 0;
        if (!ok || k < 1 || k > 8)
            continue; /* text labels and later claims: ignored */
        if (k == 1) {
            fg_buf b;
            fg_buf_init(&b, 0);
            ok = fg__pass_get_bytes(p[i].value, false, &b) && b.len == 16;
            if (ok)
                memcpy(c->listing, b.buf, 16);
            fg_buf_release(&b);
        } else if (k == 2) {
            ok = fg__pass_get_text(p[i].value, c->name, sizeof(c->name));
        } else {
            static const int64_t hi[9] = {0, 0, 0, 999, 3, 999999, 999999, 99991231, 99991231};
            ok = int_in(p[i].value, 0, hi[k], &v);
            if (k == 3)
                c->chain = (int)v;
            else if (k == 4)
                c->tier = (int)v;
            else if (k == 5)
                c->list_region = (int32_t)v;
            else if (k == 6)
                c->batch = (int)v;
            else if (k == 7)
                c->listed_on = (int32_t)v;
            else
                c->review_on = (int32_t)v;
        }
        if (!ok)
            return false;
        seen |= 1u << k;
    }
    return seen == 0x1fe;
}

int fg_wlcred_decode(const uint8_t *cbor, size_t n, fg_wlcred *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    cbor_item_t *m = fg__pass_load(cbor, n);
    if (!m)
        return fg_err_at(err, FG_EINVAL, NULL, "wlcred.claims_cbor",
                         "claims: the payload is not well-formed CBOR");
    bool ok = cbor_isa_map(m);
    unsigned seen = 0;
    struct cbor_pair *p = ok ? cbor_map_handle(m) : NULL;
    for (size_t i = 0; ok && i < cbor_map_size(m); i++) {
        bool isint = true;
        int64_t k = fg__pass_get_int(p[i].key, &isint), v = 0;
        if (!isint)
            continue;
        if (k == 1) {
            ok = fg__pass_get_text(p[i].value, out->issuer, sizeof(out->issuer));
            seen |= 1;
        } else if (k == 2) {
            ok = fg__pass_get_text(p[i].value, out->subject, sizeof(out->subject));
            seen |= 2;
        } else if (k == 4 || k == 5 || k == 6) {
            ok = int_in(p[i].value, 0, INT64_MAX, &v);
            *(k == 4 ? &out->exp : k == 5 ? &out->nbf : &out->iat) = v;
            seen |= 1u << k;
        } else if (k == FG_WLCRED_CLAIM) {
            ok = listing_map(p[i].value, out);
            seen |= 8;
        }
    }
    cbor_decref(&m);
    if (!ok || seen != (1u | 2u | 8u | 1u << 4 | 1u << 5 | 1u << 6))
        return shape(err);
    return 0;
}

int fg_wlcred_issue(const fg_wlcred *c, const fg_privkey *key, fg_buf *out, fg_err *err)
{
    fg_buf payload;
    fg_buf_init(&payload, 0);
    int rc = fg_wlcred_encode(c, &payload, err);
    rc = rc ? rc
            : fg_cred_seal((const uint8_t *)payload.buf, payload.len, FG_WLCRED_PREFIX, key, out,
                           err);
    fg_buf_release(&payload);
    return rc;
}

static void say(fg_wlcred_verdict *v, fg_verdict_code code, const char *reason)
{
    v->code = code;
    fg_strlcpy(v->reason, reason, sizeof(v->reason));
}

int fg_wlcred_verify(const char *s, size_t n, const fg_verify_opts *o, fg_wlcred_verdict *out)
{
    memset(out, 0, sizeof(*out));
    fg_cose c;
    fg_err err;
    fg_err_init(&err);
    fg_pass_layer layer = FG_LAYER_NONE;
    int rc = 0;
    if (fg_pass_unwrap(s, n, FG_WLCRED_PREFIX, &c, &layer, &err)) {
        out->layer = layer;
        say(out, FG_VERDICT_MALFORMED, err.msg);
        goto done;
    }
    if (fg_wlcred_decode((const uint8_t *)c.payload.buf, c.payload.len, &out->claims, &err)) {
        out->layer = FG_LAYER_CLAIMS;
        say(out, FG_VERDICT_MALFORMED, err.msg);
        goto done;
    }
    out->have_claims = true;
    const fg_wlcred *cl = &out->claims;
    const fg_trust_entry *entry = NULL;
    fg_verdict_code sc;
    if ((rc = fg_cose_signer(&c, o->trust, o->key, &entry, &sc)))
        goto done;
    if (sc != FG_VERDICT_VALID) {
        say(out, sc,
            sc == FG_VERDICT_UNKNOWN_SIGNER
                ? "no trusted key has this credential's kid"
                : "the signature does not match the credential: it was altered or not issued "
                  "by this key");
        goto done;
    }
    if (entry) {
        bool in = false;
        for (size_t r = 0; r < entry->n_regions; r++)
            in = in || fg_region_contains(entry->regions[r], cl->list_region);
        if (strcmp(entry->issuer, cl->issuer) || !in || cl->iat < entry->valid_from ||
            cl->iat > entry->valid_to) {
            say(out, FG_VERDICT_SIGNER_NOT_ALLOWED,
                "the signing key may not issue white-list credentials for this issuer, list or "
                "date");
            goto done;
        }
    }
    if (!scope_agrees(cl)) {
        say(out, FG_VERDICT_SIGNER_NOT_ALLOWED,
            "the credential's tier, list region and issuer do not agree: no key may sign it");
        goto done;
    }
    if (o->revoked && fg__pass_revoked(o->revoked, fg_wlcred_number(cl->listing))) {
        say(out, FG_VERDICT_REVOKED, "the listing was ended by its lister");
        goto done;
    }
    if (o->at < cl->nbf) {
        say(out, FG_VERDICT_NOT_YET_VALID, "the credential is not valid yet");
        goto done;
    }
    if (o->at >= cl->exp) {
        say(out, FG_VERDICT_EXPIRED, "the listing's review date has passed");
        goto done;
    }
    say(out, FG_VERDICT_VALID, "valid");
done:
    fg_cose_release(&c);
    return rc;
}

json_t *fg_wlcred_json(const fg_wlcred *c)
{
    char id[37], nbf[25], exp[25], iat[25], reg[7], lo[11], ro[11];
    fg_wlcred_id_format(c->listing, id);
    fg_time_format(c->nbf * 1000, nbf);
    fg_time_format(c->exp * 1000, exp);
    fg_time_format(c->iat * 1000, iat);
    fg_region_format(c->list_region, reg);
    fg_date_format(c->listed_on, lo);
    fg_date_format(c->review_on, ro);
    bool tier_ok = c->tier >= FG_WL_NATIONAL && c->tier <= FG_WL_COUNTY;
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "listing", id,
                     "enterprise", c->subject, "enterprise_name", c->name, "chain",
                     fg_chain_name((fg_keychain)c->chain), "tier",
                     tier_ok ? fg_wl_tier_name((fg_wl_tier)c->tier) : "?", "list_region", reg,
                     "batch", (json_int_t)c->batch, "listed_on", lo, "review_on", ro, "issuer",
                     c->issuer, "valid_from", nbf, "valid_to", exp, "issued_at", iat);
}
