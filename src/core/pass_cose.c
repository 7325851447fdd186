/* COSE_Sign1 (RFC 9052): signing, parsing, the Sig_structure; and the
 * transport envelope of a pass around it (FG1:, Base45, zlib): issue and
 * unwrap. The claims inside are pass_claims.c's. */
#include "pass_internal.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../util/base45.h"

static const char *const layer_names[] = {"none", "prefix", "base45", "zlib",
                                          "cbor", "cose",   "header", "claims"};
_Static_assert(sizeof(layer_names) / sizeof(layer_names[0]) == FG_LAYER_COUNT,
               "one name per fg_pass_layer");

const char *fg_pass_layer_name(fg_pass_layer l)
{
    return layer_names[l];
}

/* ---- signing ---- */

/* Appends a CBOR head (major type, argument) in its shortest form. */
static int put_head(fg_buf *out, int major, uint64_t v)
{
    uint8_t h[9];
    size_t n;
    if (v < 24) {
        h[0] = (uint8_t)(major << 5 | (int)v);
        n = 1;
    } else {
        int len = v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffffffffu ? 4 : 8;
        h[0] = (uint8_t)(major << 5 | (len == 1 ? 24 : len == 2 ? 25 : len == 4 ? 26 : 27));
        for (int i = 0; i < len; i++)
            h[1 + i] = (uint8_t)(v >> (8 * (len - 1 - i)));
        n = (size_t)len + 1;
    }
    return fg_buf_add(out, h, n);
}

/* Sig_structure = ["Signature1", protected, external_aad = h'', payload],
 * written directly (it is built for every verification): definite lengths,
 * shortest heads, as RFC 9052 section 4.4 and deterministic CBOR require. */
static int tbs(const uint8_t *prot, size_t pn, const uint8_t *payload, size_t n, fg_buf *out)
{
    static const uint8_t start[] = {0x84, 0x6a, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1'};
    int rc = fg_buf_reserve(out, sizeof(start) + pn + n + 20);
    rc = rc ? rc : fg_buf_add(out, start, sizeof(start));
    rc = rc ? rc : put_head(out, 2, pn);
    rc = rc ? rc : fg_buf_add(out, prot, pn);
    rc = rc ? rc : put_head(out, 2, 0);
    rc = rc ? rc : put_head(out, 2, n);
    return rc ? rc : fg_buf_add(out, payload, n);
}

int fg_cose_sign(const uint8_t *payload, size_t n, const fg_privkey *key, fg_buf *out, fg_err *err)
{
    cbor_item_t *hdr = cbor_new_definite_map(2);
    fg_buf prot, t;
    fg_buf_init(&prot, 0);
    fg_buf_init(&t, 0);
    uint8_t sig[FG_SIG_MAX];
    size_t sl = 0;
    int rc = hdr && fg__pass_put(hdr, 1, fg__pass_cint(key->alg)) &&
                     fg__pass_put(hdr, 4, cbor_build_bytestring(key->pub.kid, FG_KID_LEN))
                 ? fg__pass_serialize(hdr, &prot, err)
                 : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (hdr)
        cbor_decref(&hdr);
    rc = rc ? rc : tbs((const uint8_t *)prot.buf, prot.len, payload, n, &t);
    rc = rc ? rc : fg_sig_sign(key, (const uint8_t *)t.buf, t.len, sig, &sl, err);
    cbor_item_t *arr = rc ? NULL : cbor_new_definite_array(4), *tag = NULL;
    if (arr) {
        bool ok = cbor_array_push(
                      arr, cbor_move(cbor_build_bytestring((const uint8_t *)prot.buf, prot.len))) &&
                  cbor_array_push(arr, cbor_move(cbor_new_definite_map(0))) &&
                  cbor_array_push(arr, cbor_move(cbor_build_bytestring(payload, n))) &&
                  cbor_array_push(arr, cbor_move(cbor_build_bytestring(sig, sl)));
        tag = ok ? cbor_build_tag(18, arr) : NULL;
        rc = tag ? fg__pass_serialize(tag, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
        if (tag)
            cbor_decref(&tag);
        cbor_decref(&arr);
    } else if (rc == 0) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    fg_buf_release(&prot);
    fg_buf_release(&t);
    return rc;
}

int fg_cred_seal(const uint8_t *payload, size_t n, const char *prefix, const fg_privkey *key,
                 fg_buf *out, fg_err *err)
{
    fg_buf cose;
    fg_buf_init(&cose, 0);
    int rc = fg_cose_sign(payload, n, key, &cose, err);
    uLongf zn = compressBound((uLong)cose.len);
    uint8_t *z = rc ? NULL : malloc(zn);
    if (rc == 0 && (!z || compress2(z, &zn, (const Bytef *)cose.buf, (uLong)cose.len, 9) != Z_OK))
        rc = fg_err_set(err, FG_ENOMEM, "compression failed");
    rc = rc ? rc : fg_buf_adds(out, prefix);
    rc = rc ? rc : fg_base45_encode(z, zn, out);
    free(z);
    fg_buf_release(&cose);
    return rc;
}

int fg_pass_issue(const fg_pass_claims *c, const fg_privkey *key, fg_buf *out, fg_err *err)
{
    int rc = fg_pass_claims_check(c, err);
    if (rc)
        return rc;
    fg_buf payload;
    fg_buf_init(&payload, 0);
    rc = fg__pass_claims_encode(c, &payload, err);
    rc =
        rc ? rc
           : fg_cred_seal((const uint8_t *)payload.buf, payload.len, FG_PASS_PREFIX, key, out, err);
    fg_buf_release(&payload);
    return rc;
}

/* ---- parsing ---- */

void fg_cose_release(fg_cose *c)
{
    if (c->item) {
        cbor_item_t *i = c->item;
        cbor_decref(&i);
    }
    c->item = NULL;
    fg_buf_release(&c->raw);
    fg_buf_release(&c->protected_bytes);
    fg_buf_release(&c->payload);
    fg_buf_release(&c->signature);
}

/* Says at which layer reading failed; returns `rc` (the error already set,
 * whose message starts with the layer's name). */
static int fail(fg_pass_layer *layer, fg_pass_layer l, int rc)
{
    *layer = l;
    return rc;
}

static int cbor_bad(fg_err *err)
{
    return fg_err_at(err, FG_EINVAL, NULL, "pass.cbor",
                     "cbor: not one well-formed CBOR item within the limits");
}

/* Reads alg and kid from a header map into c (kid only when not yet set). */
static bool header_fields(const cbor_item_t *m, fg_cose *c, bool *have_alg)
{
    if (!cbor_isa_map(m))
        return false;
    struct cbor_pair *pairs = cbor_map_handle(m);
    for (size_t i = 0; i < cbor_map_size(m); i++) {
        bool ok = true;
        int64_t k = fg__pass_get_int(pairs[i].key, &ok);
        if (!ok)
            continue; /* text labels are allowed and ignored */
        if (k == 1) {
            c->alg = (int)fg__pass_get_int(pairs[i].value, &ok);
            if (!ok)
                return false;
            *have_alg = true;
        } else if (k == 4 && c->kid_len == 0) {
            fg_buf b;
            fg_buf_init(&b, 0);
            ok = fg__pass_get_bytes(pairs[i].value, false, &b) && b.len > 0 &&
                 b.len <= sizeof(c->kid);
            if (ok) {
                memcpy(c->kid, b.buf, b.len);
                c->kid_len = b.len;
            }
            fg_buf_release(&b);
            if (!ok)
                return false;
        }
    }
    return true;
}

int fg_cose_parse(const uint8_t *cbor, size_t n, fg_cose *out, fg_pass_layer *layer, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_buf_init(&out->raw, 0);
    fg_buf_init(&out->protected_bytes, 0);
    fg_buf_init(&out->payload, 0);
    fg_buf_init(&out->signature, 0);
    if (!fg__pass_wellformed(cbor, n))
        return fail(layer, FG_LAYER_CBOR, cbor_bad(err));
    /* Peel a CWT tag (61) and the COSE_Sign1 tag (18), each optional, from
     * the raw bytes (libcbor 0.8 refuses tags 18 to 23 in its decoder). */
    size_t pos = 0;
    for (int round = 0; round < 2 && pos < n && cbor[pos] >> 5 == 6; round++) {
        int major = 0, ai = 0;
        uint64_t tv = 0;
        fg__pass_head(cbor, n, &pos, &major, &ai, &tv);
        if (!((round == 0 && tv == 61) || tv == 18))
            return fail(layer, FG_LAYER_COSE,
                        fg_err_at(err, FG_EINVAL, NULL, "pass.cose_tag",
                                  "cose: tag is neither CWT (61) nor COSE_Sign1 (18)"));
    }
    cbor_item_t *cur = fg__pass_load(cbor + pos, n - pos);
    if (!cur)
        return fail(layer, FG_LAYER_CBOR, cbor_bad(err));
    out->item = cbor_incref(cur);
    bool ok = cbor_isa_array(cur) && cbor_array_size(cur) == 4;
    cbor_item_t **a = ok ? cbor_array_handle(cur) : NULL;
    ok = ok && fg__pass_get_bytes(a[0], false, &out->protected_bytes) && cbor_isa_map(a[1]) &&
         fg__pass_get_bytes(a[2], false, &out->payload) &&
         fg__pass_get_bytes(a[3], false, &out->signature);
    if (!ok) {
        cbor_decref(&cur);
        return fail(layer, FG_LAYER_COSE,
                    fg_err_at(err, FG_EINVAL, NULL, "pass.cose_array",
                              "cose: not a COSE_Sign1 array [protected, unprotected, payload, "
                              "signature]"));
    }
    bool have_alg = false;
    if (out->protected_bytes.len) {
        cbor_item_t *ph =
            fg__pass_load((const uint8_t *)out->protected_bytes.buf, out->protected_bytes.len);
        ok = ph && header_fields(ph, out, &have_alg);
        if (ph)
            cbor_decref(&ph);
    }
    ok = ok && header_fields(a[1], out, &(bool){false});
    cbor_decref(&cur);
    if (!ok || !have_alg)
        return fail(layer, FG_LAYER_HEADER,
                    fg_err_at(err, FG_EINVAL, NULL, "pass.alg",
                              "header: the protected header needs an integer alg"));
    if (out->kid_len == 0)
        return fail(layer, FG_LAYER_HEADER,
                    fg_err_at(err, FG_EINVAL, NULL, "pass.kid", "header: no kid in either header"));
    return 0;
}

int fg_cose_tbs(const fg_cose *c, fg_buf *out)
{
    return tbs((const uint8_t *)c->protected_bytes.buf, c->protected_bytes.len,
               (const uint8_t *)c->payload.buf, c->payload.len, out);
}

int fg_pass_unwrap(const char *s, size_t n, const char *prefix, fg_cose *out, fg_pass_layer *layer,
                   fg_err *err)
{
    memset(out, 0, sizeof(*out));
    const char *want = prefix ? prefix : FG_PASS_PREFIX;
    size_t pl = strlen(want);
    if (n < pl || memcmp(s, want, pl) != 0)
        return fail(layer, FG_LAYER_PREFIX,
                    fg_err_at(err, FG_EINVAL, NULL, "pass.prefix",
                              "prefix: the text does not start with the expected prefix"));
    if (n - pl > 8192)
        return fail(
            layer, FG_LAYER_BASE45,
            fg_err_at(err, FG_EINVAL, NULL, "pass.too_long", "base45: too long for a pass"));
    fg_buf bin, inflated;
    fg_buf_init(&bin, 0);
    fg_buf_init(&inflated, 0);
    int rc = fg_base45_decode(s + pl, n - pl, &bin);
    if (rc) {
        fg_buf_release(&bin);
        return fail(
            layer, FG_LAYER_BASE45,
            fg_err_at(err, FG_EINVAL, NULL, "pass.base45", "base45: not Base45 (RFC 9285)"));
    }
    const uint8_t *cbor = (const uint8_t *)bin.buf;
    size_t cn = bin.len;
    if (cn >= 2 && (cbor[0] & 0x0f) == 8 && ((cbor[0] << 8) | cbor[1]) % 31 == 0) {
        uLongf zn = FG_PASS_MAX_INFLATED;
        if (fg_buf_reserve(&inflated, zn) ||
            uncompress((Bytef *)inflated.buf, &zn, cbor, (uLong)cn) != Z_OK) {
            fg_buf_release(&bin);
            fg_buf_release(&inflated);
            return fail(layer, FG_LAYER_ZLIB,
                        fg_err_at(err, FG_EINVAL, NULL, "pass.zlib",
                                  "zlib: not a zlib stream, or more than 8 KiB once decompressed"));
        }
        inflated.len = zn;
        cbor = (const uint8_t *)inflated.buf;
        cn = zn;
    }
    rc = fg_cose_parse(cbor, cn, out, layer, err);
    fg_buf_release(&bin);
    fg_buf_release(&inflated);
    return rc;
}
