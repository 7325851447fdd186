/* Vehicle pass credentials: CWT claims, COSE_Sign1, zlib, Base45. */
#include "pass.h"

#include <cbor.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../util/base45.h"
#include "date.h"
#include "enterprise.h"
#include "region.h"
#include "uscc.h"

static const char *const goods_names[] = {"daily_necessities", "medical_supplies", "energy",
                                          "agricultural_inputs", "industrial_materials",
                                          "postal_express", "food"};
#define N_GOODS ((int)(sizeof(goods_names) / sizeof(goods_names[0])))

const char *fg_goods_name(int code) { return code >= 0 && code < N_GOODS ? goods_names[code] : "?"; }
int fg_goods_count(void) { return N_GOODS; }

int fg_goods_parse(const char *s, int *out, fg_err *err)
{
    for (int i = 0; i < N_GOODS; i++)
        if (strcmp(s, goods_names[i]) == 0) {
            *out = i;
            return 0;
        }
    return fg_err_field(err, FG_EINVAL, "goods",
                        "goods must be daily_necessities, medical_supplies, energy, "
                        "agricultural_inputs, industrial_materials, postal_express or food");
}

static const char *const layer_names[] = {"none", "prefix", "base45", "zlib", "cbor",
                                          "cose", "header", "claims"};
const char *fg_pass_layer_name(fg_pass_layer l) { return layer_names[l]; }

static const char *const verdict_names[] = {
    "valid", "expired", "not_yet_valid", "revoked", "bad_signature", "unknown_signer",
    "signer_not_allowed", "malformed", "plate_mismatch", "out_of_route"};
const char *fg_verdict_name(fg_verdict_code v) { return verdict_names[v]; }

void fg_pass_number_format(int64_t number, char out[13]) { snprintf(out, 13, "%012lld", (long long)number); }

int fg_pass_number_parse(const char *s, int64_t *out, fg_err *err)
{
    int64_t v = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9' && i < 12; i++)
        v = v * 10 + (s[i] - '0');
    if (i != 12 || s[i])
        return fg_err_field(err, FG_EINVAL, "number",
                            "a pass number is 12 digits: the issuing region's 6-digit code and a "
                            "6-digit serial");
    *out = v;
    return 0;
}

/* ---- plates ---- */

static const char *const plate_provinces[] = {
    "京", "津", "冀", "晋", "蒙", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "桂", "琼", "渝", "川", "贵", "云", "藏", "陕", "甘", "青", "宁", "新"};
static const char *const plate_suffixes[] = {"挂", "学", "警", "港", "澳", "领"};

int fg_plate_check(const char *plate, fg_err *err)
{
    static const char msg[] =
        "plate must be a Chinese plate: province abbreviation, a letter, then 5 letters or "
        "digits (6 for new-energy vehicles), e.g. 浙A12345 or 浙AD12345";
    size_t np = sizeof(plate_provinces) / sizeof(plate_provinces[0]);
    const char *p = NULL;
    for (size_t i = 0; i < np && !p; i++)
        if (strncmp(plate, plate_provinces[i], strlen(plate_provinces[i])) == 0)
            p = plate + strlen(plate_provinces[i]);
    if (!p || *p < 'A' || *p > 'Z' || *p == 'I' || *p == 'O')
        return fg_err_field(err, FG_EINVAL, "plate", msg);
    p++;
    size_t k = 0;
    while ((p[k] >= 'A' && p[k] <= 'Z' && p[k] != 'I' && p[k] != 'O') ||
           (p[k] >= '0' && p[k] <= '9'))
        k++;
    const char *rest = p + k;
    bool suffix = false;
    for (size_t i = 0; i < sizeof(plate_suffixes) / sizeof(plate_suffixes[0]); i++)
        if (strcmp(rest, plate_suffixes[i]) == 0)
            suffix = true;
    if (*rest && !suffix)
        return fg_err_field(err, FG_EINVAL, "plate", msg);
    if (suffix ? k != 4 && k != 5 : k != 5 && k != 6)
        return fg_err_field(err, FG_EINVAL, "plate", msg);
    return 0;
}

/* ---- claims ---- */

static bool county(int32_t c) { return c > 0 && c <= 999999 && fg_region_level_of(c) == FG_LEVEL_COUNTY; }

int fg_pass_claims_check(const fg_pass_claims *c, fg_err *err)
{
    if (c->number < 100000000000LL || c->number > 999999999999LL)
        return fg_err_field(err, FG_EINVAL, "number", "the pass number must have 12 digits");
    if (c->goods < 0 || c->goods >= N_GOODS)
        return fg_err_field(err, FG_EINVAL, "goods", "unknown goods category");
    if (!county(c->origin))
        return fg_err_field(err, FG_EINVAL, "origin", "origin must be a county code");
    if (!county(c->destination))
        return fg_err_field(err, FG_EINVAL, "destination", "destination must be a county code");
    if (c->n_route > FG_PASS_MAX_ROUTE)
        return fg_err_field(err, FG_EINVAL, "route", "a route names at most %d counties",
                            FG_PASS_MAX_ROUTE);
    for (size_t i = 0; i < c->n_route; i++)
        if (!county(c->route[i]))
            return fg_err_field(err, FG_EINVAL, "route", "the route lists county codes");
    if (fg_plate_check(c->plate, err))
        return FG_EINVAL;
    if (c->n_crew < 1 || c->n_crew > FG_PASS_MAX_CREW)
        return fg_err_field(err, FG_EINVAL, "crew", "a pass names 1 to %d drivers and crew",
                            FG_PASS_MAX_CREW);
    bool driver = false;
    for (size_t i = 0; i < c->n_crew; i++) {
        const fg_pass_person *p = &c->crew[i];
        if (!p->name[0] || fg_utf8_check(p->name, strlen(p->name)) || fg_utf8_len(p->name) > 20)
            return fg_err_field(err, FG_EINVAL, "crew", "each person needs a name of 1 to 20 "
                                                         "characters");
        if (strlen(p->id_masked) < 4)
            return fg_err_field(err, FG_EINVAL, "crew", "each person needs a masked ID number");
        driver = driver || p->role == 0;
    }
    if (!driver)
        return fg_err_field(err, FG_EINVAL, "crew", "a pass names at least one driver");
    if (fg_uscc_validate(c->applicant, err))
        return fg_err_field(err, FG_EINVAL, "applicant", "%s", err->msg);
    if (c->exp <= c->nbf)
        return fg_err_field(err, FG_EINVAL, "valid_to", "a pass must end after it starts");
    return 0;
}

/* ---- CBOR helpers ---- */

/* A CBOR integer item of the smallest width. */
static cbor_item_t *cint(int64_t v)
{
    if (v >= 0) {
        uint64_t u = (uint64_t)v;
        return u <= 0xff ? cbor_build_uint8((uint8_t)u) : u <= 0xffff ? cbor_build_uint16((uint16_t)u)
               : u <= 0xffffffffu ? cbor_build_uint32((uint32_t)u) : cbor_build_uint64(u);
    }
    uint64_t u = (uint64_t)(-(v + 1));
    return u <= 0xff ? cbor_build_negint8((uint8_t)u) : u <= 0xffff ? cbor_build_negint16((uint16_t)u)
           : u <= 0xffffffffu ? cbor_build_negint32((uint32_t)u) : cbor_build_negint64(u);
}

static bool put(cbor_item_t *map, int64_t key, cbor_item_t *value)
{
    if (!value)
        return false;
    return cbor_map_add(map, (struct cbor_pair){.key = cbor_move(cint(key)), .value = cbor_move(value)});
}

static int serialize(cbor_item_t *item, fg_buf *out, fg_err *err)
{
    unsigned char *b = NULL;
    size_t cap = 0, n = item ? cbor_serialize_alloc(item, &b, &cap) : 0;
    int rc = n ? fg_buf_add(out, b, n) : FG_ENOMEM;
    free(b);
    return rc ? fg_err_set(err, FG_ENOMEM, "out of memory encoding CBOR") : 0;
}

static int64_t get_int(const cbor_item_t *i, bool *ok)
{
    if (cbor_isa_uint(i) && cbor_get_int(i) <= (uint64_t)INT64_MAX)
        return (int64_t)cbor_get_int(i);
    if (cbor_isa_negint(i) && cbor_get_int(i) <= (uint64_t)INT64_MAX)
        return -1 - (int64_t)cbor_get_int(i);
    *ok = false;
    return 0;
}

/* The bytes of a byte or text string, definite or chunked. */
static bool get_bytes(const cbor_item_t *i, bool text, fg_buf *out)
{
    if (text ? !cbor_isa_string(i) : !cbor_isa_bytestring(i))
        return false;
    bool definite = text ? cbor_string_is_definite(i) : cbor_bytestring_is_definite(i);
    if (definite)
        return fg_buf_add(out, text ? cbor_string_handle(i) : cbor_bytestring_handle(i),
                          text ? cbor_string_length(i) : cbor_bytestring_length(i)) == 0;
    size_t n = text ? cbor_string_chunk_count(i) : cbor_bytestring_chunk_count(i);
    cbor_item_t **chunks = text ? cbor_string_chunks_handle(i) : cbor_bytestring_chunks_handle(i);
    for (size_t k = 0; k < n; k++)
        if (!get_bytes(chunks[k], text, out))
            return false;
    return true;
}

static bool get_text(const cbor_item_t *i, char *out, size_t cap)
{
    if (cbor_isa_string(i) && cbor_string_is_definite(i)) {   /* the common case, no copy */
        size_t n = cbor_string_length(i);
        const char *p = (const char *)cbor_string_handle(i);
        if (n >= cap || (n && memchr(p, 0, n)) || fg_utf8_check(p, n))
            return false;
        memcpy(out, p, n);
        out[n] = '\0';
        return true;
    }
    fg_buf b;
    fg_buf_init(&b, 0);
    bool ok = get_bytes(i, true, &b) && b.len < cap && !memchr(b.buf, 0, b.len) &&
              fg_utf8_check(b.buf, b.len) == 0;
    if (ok) {
        memcpy(out, b.buf, b.len);
        out[b.len] = '\0';
    }
    fg_buf_release(&b);
    return ok;
}

/* Structural pre-check of raw CBOR before handing it to libcbor: one
 * well-formed item filling the input, nesting at most FG_PASS_MAX_DEPTH, at
 * most `*items` items. Bounded recursion (the depth cap). */
static bool head(const uint8_t *p, size_t n, size_t *pos, int *major, int *ai, uint64_t *arg)
{
    if (*pos >= n)
        return false;
    uint8_t b = p[(*pos)++];
    *major = b >> 5;
    *ai = b & 31;
    *arg = (uint64_t)*ai;
    if (*ai < 24 || *ai == 31)
        return *ai != 31 || (*major >= 2 && *major <= 5) || *major == 7;
    if (*ai > 27)
        return false;
    size_t len = (size_t)1 << (*ai - 24);
    if (n - *pos < len)
        return false;
    *arg = 0;
    for (size_t k = 0; k < len; k++)
        *arg = *arg << 8 | p[(*pos)++];
    return true;
}

static bool skip(const uint8_t *p, size_t n, size_t *pos, int depth, size_t *items)
{
    int major, ai;
    uint64_t arg;
    if (depth > FG_PASS_MAX_DEPTH || *items == 0 || !head(p, n, pos, &major, &ai, &arg))
        return false;
    (*items)--;
    switch (major) {
    case 0:
    case 1:
        return ai != 31;
    case 2:
    case 3:
        if (ai != 31) {
            if (arg > n - *pos)
                return false;
            *pos += (size_t)arg;
            return true;
        }
        for (;;) {   /* chunks of the same major type, then break */
            if (*pos >= n)
                return false;
            if (p[*pos] == 0xff) {
                (*pos)++;
                return true;
            }
            int cm, ca;
            uint64_t cl;
            if (!head(p, n, pos, &cm, &ca, &cl) || cm != major || ca == 31 || cl > n - *pos)
                return false;
            *pos += (size_t)cl;
        }
    case 4:
    case 5: {
        if (ai == 31) {
            for (;;) {
                if (*pos >= n)
                    return false;
                if (p[*pos] == 0xff) {
                    (*pos)++;
                    return true;
                }
                if (!skip(p, n, pos, depth + 1, items) ||
                    (major == 5 && !skip(p, n, pos, depth + 1, items)))
                    return false;
            }
        }
        if (arg > n - *pos)
            return false;
        for (uint64_t k = 0; k < arg * (major == 5 ? 2 : 1); k++)
            if (!skip(p, n, pos, depth + 1, items))
                return false;
        return true;
    }
    case 6:
        return ai != 31 && skip(p, n, pos, depth + 1, items);
    default:   /* 7: simple values and floats; a stray break is malformed */
        return ai != 31;
    }
}

static bool cbor_wellformed(const uint8_t *p, size_t n)
{
    size_t pos = 0, items = 4096;
    return skip(p, n, &pos, 0, &items) && pos == n;
}

static cbor_item_t *load(const uint8_t *p, size_t n)
{
    if (!cbor_wellformed(p, n))
        return NULL;
    struct cbor_load_result res;
    cbor_item_t *i = cbor_load(p, n, &res);
    if (i && (res.error.code != CBOR_ERR_NONE || res.read != n)) {
        cbor_decref(&i);
        return NULL;
    }
    return i;
}

/* ---- encoding ---- */

static cbor_item_t *claims_item(const fg_pass_claims *c)
{
    cbor_item_t *pass = cbor_new_definite_map(8), *crew = cbor_new_definite_array(c->n_crew);
    bool ok = pass && crew;
    ok = ok && put(pass, 1, cint(c->number)) && put(pass, 2, cint(c->goods)) &&
         put(pass, 3, cint(c->origin)) && put(pass, 4, cint(c->destination));
    if (ok && c->n_route) {
        cbor_item_t *route = cbor_new_definite_array(c->n_route);
        for (size_t i = 0; route && i < c->n_route; i++)
            ok = ok && cbor_array_push(route, cbor_move(cint(c->route[i])));
        ok = ok && put(pass, 5, route);
    }
    for (size_t i = 0; ok && i < c->n_crew; i++) {
        const fg_pass_person *p = &c->crew[i];
        cbor_item_t *a = cbor_new_definite_array(4);
        ok = a && cbor_array_push(a, cbor_move(cbor_build_string(p->name))) &&
             cbor_array_push(a, cbor_move(cbor_build_string(p->id_masked))) &&
             cbor_array_push(a, cbor_move(cint(p->test_until))) &&
             cbor_array_push(a, cbor_move(cint(p->role))) && cbor_array_push(crew, cbor_move(a));
    }
    ok = ok && put(pass, 6, cbor_build_string(c->plate)) && put(pass, 7, crew) &&
         put(pass, 8, cbor_build_string(c->applicant));
    cbor_item_t *cwt = ok ? cbor_new_definite_map(5) : NULL;
    ok = cwt && put(cwt, 1, cbor_build_string(c->issuer)) && put(cwt, 4, cint(c->exp)) &&
         put(cwt, 5, cint(c->nbf)) && put(cwt, 6, cint(c->iat)) && put(cwt, FG_PASS_CLAIM, pass);
    if (!ok) {
        if (cwt)
            cbor_decref(&cwt);
        else if (pass)
            cbor_decref(&pass);
        return NULL;
    }
    return cwt;
}

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
    int rc = hdr && put(hdr, 1, cint(key->alg)) &&
                     put(hdr, 4, cbor_build_bytestring(key->pub.kid, FG_KID_LEN))
                 ? serialize(hdr, &prot, err)
                 : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (hdr)
        cbor_decref(&hdr);
    rc = rc ? rc : tbs((const uint8_t *)prot.buf, prot.len, payload, n, &t);
    rc = rc ? rc : fg_sig_sign(key, (const uint8_t *)t.buf, t.len, sig, &sl, err);
    cbor_item_t *arr = rc ? NULL : cbor_new_definite_array(4), *tag = NULL;
    if (arr) {
        bool ok = cbor_array_push(arr, cbor_move(cbor_build_bytestring((const uint8_t *)prot.buf, prot.len))) &&
                  cbor_array_push(arr, cbor_move(cbor_new_definite_map(0))) &&
                  cbor_array_push(arr, cbor_move(cbor_build_bytestring(payload, n))) &&
                  cbor_array_push(arr, cbor_move(cbor_build_bytestring(sig, sl)));
        tag = ok ? cbor_build_tag(18, arr) : NULL;
        rc = tag ? serialize(tag, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
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

int fg_pass_issue(const fg_pass_claims *c, const fg_privkey *key, fg_buf *out, fg_err *err)
{
    int rc = fg_pass_claims_check(c, err);
    if (rc)
        return rc;
    cbor_item_t *cwt = claims_item(c);
    fg_buf payload, cose;
    fg_buf_init(&payload, 0);
    fg_buf_init(&cose, 0);
    rc = cwt ? serialize(cwt, &payload, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (cwt)
        cbor_decref(&cwt);
    rc = rc ? rc : fg_cose_sign((const uint8_t *)payload.buf, payload.len, key, &cose, err);
    uLongf zn = compressBound((uLong)cose.len);
    uint8_t *z = rc ? NULL : malloc(zn);
    if (rc == 0 && (!z || compress2(z, &zn, (const Bytef *)cose.buf, (uLong)cose.len, 9) != Z_OK))
        rc = fg_err_set(err, FG_ENOMEM, "compression failed");
    rc = rc ? rc : fg_buf_adds(out, FG_PASS_PREFIX);
    rc = rc ? rc : fg_base45_encode(z, zn, out);
    free(z);
    fg_buf_release(&payload);
    fg_buf_release(&cose);
    return rc;
}

/* ---- decoding ---- */

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

static int fail(fg_pass_layer *layer, fg_pass_layer l, fg_err *err, const char *msg)
{
    *layer = l;
    return fg_err_set(err, FG_EINVAL, "%s: %s", layer_names[l], msg);
}

/* Reads alg and kid from a header map into c (kid only when not yet set). */
static bool header_fields(const cbor_item_t *m, fg_cose *c, bool *have_alg)
{
    if (!cbor_isa_map(m))
        return false;
    struct cbor_pair *pairs = cbor_map_handle(m);
    for (size_t i = 0; i < cbor_map_size(m); i++) {
        bool ok = true;
        int64_t k = get_int(pairs[i].key, &ok);
        if (!ok)
            continue;   /* text labels are allowed and ignored */
        if (k == 1) {
            c->alg = (int)get_int(pairs[i].value, &ok);
            if (!ok)
                return false;
            *have_alg = true;
        } else if (k == 4 && c->kid_len == 0) {
            fg_buf b;
            fg_buf_init(&b, 0);
            ok = get_bytes(pairs[i].value, false, &b) && b.len > 0 && b.len <= sizeof(c->kid);
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
    if (!cbor_wellformed(cbor, n))
        return fail(layer, FG_LAYER_CBOR, err, "not one well-formed CBOR item within the limits");
    /* Peel a CWT tag (61) and the COSE_Sign1 tag (18), each optional, from
     * the raw bytes (libcbor 0.8 refuses tags 18 to 23 in its decoder). */
    size_t pos = 0;
    for (int round = 0; round < 2 && pos < n && cbor[pos] >> 5 == 6; round++) {
        int major = 0, ai = 0;
        uint64_t tv = 0;
        head(cbor, n, &pos, &major, &ai, &tv);
        if (!((round == 0 && tv == 61) || tv == 18))
            return fail(layer, FG_LAYER_COSE, err, "tag is neither CWT (61) nor COSE_Sign1 (18)");
    }
    cbor_item_t *cur = load(cbor + pos, n - pos);
    if (!cur)
        return fail(layer, FG_LAYER_CBOR, err, "not one well-formed CBOR item within the limits");
    out->item = cbor_incref(cur);
    bool ok = cbor_isa_array(cur) && cbor_array_size(cur) == 4;
    cbor_item_t **a = ok ? cbor_array_handle(cur) : NULL;
    ok = ok && get_bytes(a[0], false, &out->protected_bytes) && cbor_isa_map(a[1]) &&
         get_bytes(a[2], false, &out->payload) && get_bytes(a[3], false, &out->signature);
    if (!ok) {
        cbor_decref(&cur);
        return fail(layer, FG_LAYER_COSE, err,
                    "not a COSE_Sign1 array [protected, unprotected, payload, signature]");
    }
    bool have_alg = false;
    if (out->protected_bytes.len) {
        cbor_item_t *ph = load((const uint8_t *)out->protected_bytes.buf, out->protected_bytes.len);
        ok = ph && header_fields(ph, out, &have_alg);
        if (ph)
            cbor_decref(&ph);
    }
    ok = ok && header_fields(a[1], out, &(bool){false});
    cbor_decref(&cur);
    if (!ok || !have_alg)
        return fail(layer, FG_LAYER_HEADER, err, "the protected header needs an integer alg");
    if (out->kid_len == 0)
        return fail(layer, FG_LAYER_HEADER, err, "no kid in either header");
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
        return fail(layer, FG_LAYER_PREFIX, err, "the text does not start with the expected prefix");
    if (n - pl > 8192)
        return fail(layer, FG_LAYER_BASE45, err, "too long for a pass");
    fg_buf bin, inflated;
    fg_buf_init(&bin, 0);
    fg_buf_init(&inflated, 0);
    int rc = fg_base45_decode(s + pl, n - pl, &bin);
    if (rc) {
        fg_buf_release(&bin);
        return fail(layer, FG_LAYER_BASE45, err, "not Base45 (RFC 9285)");
    }
    const uint8_t *cbor = (const uint8_t *)bin.buf;
    size_t cn = bin.len;
    if (cn >= 2 && (cbor[0] & 0x0f) == 8 && ((cbor[0] << 8) | cbor[1]) % 31 == 0) {
        uLongf zn = FG_PASS_MAX_INFLATED;
        if (fg_buf_reserve(&inflated, zn) ||
            uncompress((Bytef *)inflated.buf, &zn, cbor, (uLong)cn) != Z_OK) {
            fg_buf_release(&bin);
            fg_buf_release(&inflated);
            return fail(layer, FG_LAYER_ZLIB, err,
                        "not a zlib stream, or more than 8 KiB once decompressed");
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

/* The claims are read straight from the bytes (after the well-formedness
 * check): they are decoded for every pass presented, and building libcbor's
 * item tree for them cost more than the rest of the decoding together. */
typedef struct rd {
    const uint8_t *p;
    size_t n, pos;
} rd;

/* A container's entry count, or SIZE_MAX for indefinite length. */
static bool rd_open(rd *r, int want_major, size_t *count)
{
    int major, ai;
    uint64_t arg;
    if (!head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != want_major)
        return false;
    *count = ai == 31 ? SIZE_MAX : (size_t)arg;
    return true;
}

/* Whether another entry follows (consumes the break of an indefinite one). */
static bool rd_more(rd *r, size_t count, size_t done)
{
    if (count != SIZE_MAX)
        return done < count;
    if (r->pos < r->n && r->p[r->pos] == 0xff) {
        r->pos++;
        return false;
    }
    return true;
}

static bool rd_int(rd *r, int64_t *out)
{
    int major, ai;
    uint64_t arg;
    if (!head(r->p, r->n, &r->pos, &major, &ai, &arg) || major > 1 || arg > (uint64_t)INT64_MAX)
        return false;
    *out = major == 0 ? (int64_t)arg : -1 - (int64_t)arg;
    return true;
}

/* A text string (definite or chunked) into out, NUL-terminated, UTF-8. */
static bool rd_text(rd *r, char *out, size_t cap)
{
    int major, ai;
    uint64_t arg;
    size_t len = 0;
    if (!head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != 3)
        return false;
    for (bool chunked = ai == 31;;) {
        if (chunked) {
            if (r->pos < r->n && r->p[r->pos] == 0xff) {
                r->pos++;
                break;
            }
            if (!head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != 3 || ai == 31)
                return false;
        }
        if (arg >= cap - len || arg > r->n - r->pos)
            return false;
        memcpy(out + len, r->p + r->pos, (size_t)arg);
        len += (size_t)arg;
        r->pos += (size_t)arg;
        if (!chunked)
            break;
    }
    out[len] = '\0';
    return !memchr(out, 0, len) && fg_utf8_check(out, len) == 0;
}

static bool rd_skip(rd *r)
{
    size_t items = 4096;
    return skip(r->p, r->n, &r->pos, 1, &items);
}

static bool person(rd *r, fg_pass_person *p)
{
    size_t count;
    int64_t t, role;
    if (!rd_open(r, 4, &count) || (count != 4 && count != SIZE_MAX) ||
        !rd_text(r, p->name, sizeof(p->name)) || !rd_text(r, p->id_masked, sizeof(p->id_masked)) ||
        !rd_int(r, &t) || !rd_int(r, &role) || t < 0 || t > 99991231 || (role != 0 && role != 1))
        return false;
    if (count == SIZE_MAX && !(r->pos < r->n && r->p[r->pos++] == 0xff))
        return false;
    p->test_until = (int32_t)t;
    p->role = (int)role;
    return true;
}

static bool county_list(rd *r, int32_t *out, size_t cap, size_t *n)
{
    size_t count;
    if (!rd_open(r, 4, &count))
        return false;
    for (*n = 0; rd_more(r, count, *n); (*n)++) {
        int64_t v;
        if (*n == cap || !rd_int(r, &v) || v < 0 || v > 999999)
            return false;
        out[*n] = (int32_t)v;
    }
    return true;
}

static bool pass_map(rd *r, fg_pass_claims *c)
{
    size_t count, done = 0;
    unsigned seen = 0;
    if (!rd_open(r, 5, &count))
        return false;
    for (; rd_more(r, count, done); done++) {
        int64_t k, v = 0;
        size_t save = r->pos;
        if (!rd_int(r, &k)) {   /* a text label: not ours, skipped */
            r->pos = save;
            if (!rd_skip(r) || !rd_skip(r))
                return false;
            continue;
        }
        bool ok = true;
        switch (k) {
        case 1: case 2: case 3: case 4:
            ok = rd_int(r, &v) && v >= 0 && v <= 999999999999LL;
            if (!ok)
                break;
            if (k == 1) c->number = v;
            else if (k == 2) c->goods = v < 1000 ? (int)v : -1;
            else if (k == 3) c->origin = v <= 999999 ? (int32_t)v : -1;
            else c->destination = v <= 999999 ? (int32_t)v : -1;
            break;
        case 5:
            ok = county_list(r, c->route, FG_PASS_MAX_ROUTE, &c->n_route);
            break;
        case 6:
            ok = rd_text(r, c->plate, sizeof(c->plate));
            break;
        case 7: {
            size_t n;
            ok = rd_open(r, 4, &n);
            for (c->n_crew = 0; ok && rd_more(r, n, c->n_crew); c->n_crew++)
                ok = c->n_crew < FG_PASS_MAX_CREW && person(r, &c->crew[c->n_crew]);
            break;
        }
        case 8:
            ok = rd_text(r, c->applicant, sizeof(c->applicant));
            break;
        default:
            ok = rd_skip(r);   /* a later version's claim: ignored */
            k = 0;
        }
        if (!ok)
            return false;
        if (k > 0 && k < 32)
            seen |= 1u << k;
    }
    unsigned need = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 6 | 1u << 7 | 1u << 8;
    return (seen & need) == need;
}

int fg_pass_claims_decode(const uint8_t *cbor, size_t n, fg_pass_claims *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!cbor_wellformed(cbor, n))
        return fg_err_set(err, FG_EINVAL, "claims: the payload is not well-formed CBOR");
    rd r = {cbor, n, 0};
    size_t count, done = 0;
    unsigned seen = 0;
    bool ok = rd_open(&r, 5, &count);
    for (; ok && rd_more(&r, count, done); done++) {
        int64_t k, t = 0;
        size_t save = r.pos;
        if (!rd_int(&r, &k)) {
            r.pos = save;
            ok = rd_skip(&r) && rd_skip(&r);
            continue;
        }
        if (k == 1) {
            ok = rd_text(&r, out->issuer, sizeof(out->issuer));
            seen |= 1;
        } else if (k == 4 || k == 5 || k == 6) {
            ok = rd_int(&r, &t) && t >= 0;
            *(k == 4 ? &out->exp : k == 5 ? &out->nbf : &out->iat) = t;
            seen |= 1u << k;
        } else if (k == FG_PASS_CLAIM) {
            ok = pass_map(&r, out);
            seen |= 2;
        } else {
            ok = rd_skip(&r);
        }
    }
    if (!ok || seen != (1u | 2u | 1u << 4 | 1u << 5 | 1u << 6))
        return fg_err_set(err, FG_EINVAL,
                          "claims: the CWT needs iss, exp, nbf, iat and the pass claim, each of "
                          "the right type");
    return 0;
}

/* ---- trust and revocation lists ---- */

/* Both signed lists are {1: issued_at, 2: [items]}: the decoded map (the
 * caller decrefs it), its time and its items, or NULL when malformed. */
static cbor_item_t *list_open(const uint8_t *cbor, size_t n, int64_t *issued_at,
                              cbor_item_t ***items, size_t *count)
{
    cbor_item_t *m = load(cbor, n);
    bool ok = m && cbor_isa_map(m) && cbor_map_size(m) == 2;
    struct cbor_pair *p = ok ? cbor_map_handle(m) : NULL;
    ok = ok && cbor_isa_array(p[1].value);
    *issued_at = ok ? get_int(p[0].value, &ok) : 0;
    if (!ok) {
        if (m)
            cbor_decref(&m);
        return NULL;
    }
    *items = cbor_array_handle(p[1].value);
    *count = cbor_array_size(p[1].value);
    return m;
}

int fg_trust_encode(const fg_trust *t, fg_buf *out, fg_err *err)
{
    cbor_item_t *root = cbor_new_definite_map(2), *list = cbor_new_definite_array(t->n);
    bool ok = root && list;
    for (size_t i = 0; ok && i < t->n; i++) {
        const fg_trust_entry *e = &t->entries[i];
        cbor_item_t *m = cbor_new_definite_map(7), *regs = cbor_new_definite_array(e->n_regions);
        ok = m && regs;
        for (size_t r = 0; ok && r < e->n_regions; r++)
            ok = cbor_array_push(regs, cbor_move(cint(e->regions[r])));
        ok = ok && put(m, 1, cbor_build_bytestring(e->key.kid, FG_KID_LEN)) &&
             put(m, 2, cint(e->key.alg)) &&
             put(m, 3, cbor_build_bytestring(e->key.spki, e->key.spki_len)) &&
             put(m, 4, cbor_build_string(e->issuer)) && put(m, 5, regs) &&
             put(m, 6, cint(e->valid_from)) && put(m, 7, cint(e->valid_to)) &&
             cbor_array_push(list, cbor_move(m));
    }
    ok = ok && put(root, 1, cint(t->issued_at)) && put(root, 2, list);
    int rc = ok ? serialize(root, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (root)
        cbor_decref(&root);
    return rc;
}

void fg_trust_release(fg_trust *t)
{
    for (size_t i = 0; i < t->n; i++)
        fg_pubkey_release(&t->entries[i].key);
    free(t->entries);
    t->entries = NULL;
    t->n = 0;
}

int fg_trust_decode(const uint8_t *cbor, size_t n, fg_trust *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    size_t count = 0;
    cbor_item_t **items = NULL;
    cbor_item_t *m = list_open(cbor, n, &out->issued_at, &items, &count);
    bool ok = m != NULL;
    out->entries = ok ? calloc(count ? count : 1, sizeof(*out->entries)) : NULL;
    ok = ok && out->entries;
    for (size_t i = 0; ok && i < count; i++) {
        fg_trust_entry *e = &out->entries[i];
        ok = cbor_isa_map(items[i]) && cbor_map_size(items[i]) == 7;
        struct cbor_pair *q = ok ? cbor_map_handle(items[i]) : NULL;
        fg_buf kid, spki;
        fg_buf_init(&kid, 0);
        fg_buf_init(&spki, 0);
        ok = ok && get_bytes(q[0].value, false, &kid) && get_bytes(q[2].value, false, &spki) &&
             get_text(q[3].value, e->issuer, sizeof(e->issuer)) && cbor_isa_array(q[4].value) &&
             cbor_array_size(q[4].value) <= 8;
        fg_err kerr;
        ok = ok && fg_pubkey_from_spki((const uint8_t *)spki.buf, spki.len, &e->key, &kerr) == 0;
        if (ok)
            out->n = i + 1;
        ok = ok && kid.len == FG_KID_LEN && memcmp(kid.buf, e->key.kid, FG_KID_LEN) == 0 &&
             get_int(q[1].value, &ok) == e->key.alg;
        fg_buf_release(&kid);
        fg_buf_release(&spki);
        for (size_t r = 0; ok && r < cbor_array_size(q[4].value); r++)
            e->regions[e->n_regions++] = (int32_t)get_int(cbor_array_handle(q[4].value)[r], &ok);
        e->valid_from = ok ? get_int(q[5].value, &ok) : 0;
        e->valid_to = ok ? get_int(q[6].value, &ok) : 0;
    }
    if (m)
        cbor_decref(&m);
    if (!ok) {
        fg_trust_release(out);
        return fg_err_set(err, FG_EINVAL, "the trust list is malformed");
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int fg_revocations_encode(const fg_revocations *r, fg_buf *out, fg_err *err)
{
    cbor_item_t *root = cbor_new_definite_map(2), *list = cbor_new_definite_array(r->n);
    bool ok = root && list;
    for (size_t i = 0; ok && i < r->n; i++)
        ok = cbor_array_push(list, cbor_move(cint(r->numbers[i])));
    ok = ok && put(root, 1, cint(r->issued_at)) && put(root, 2, list);
    int rc = ok ? serialize(root, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (root)
        cbor_decref(&root);
    return rc;
}

void fg_revocations_release(fg_revocations *r)
{
    free(r->numbers);
    r->numbers = NULL;
    r->n = 0;
}

int fg_revocations_decode(const uint8_t *cbor, size_t n, fg_revocations *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    size_t count = 0;
    cbor_item_t **items = NULL;
    cbor_item_t *m = list_open(cbor, n, &out->issued_at, &items, &count);
    bool ok = m != NULL;
    out->numbers = ok ? calloc(count ? count : 1, sizeof(int64_t)) : NULL;
    ok = ok && out->numbers;
    for (size_t i = 0; ok && i < count; i++)
        out->numbers[i] = get_int(items[i], &ok);
    out->n = ok ? count : 0;
    if (m)
        cbor_decref(&m);
    if (!ok) {
        fg_revocations_release(out);
        return fg_err_set(err, FG_EINVAL, "the revocation list is malformed");
    }
    qsort(out->numbers, out->n, sizeof(int64_t), cmp_i64);
    return 0;
}

/* Verifies a signed list with the root key; *payload borrowed from c. */
static int load_signed(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_cose *c,
                       fg_err *err)
{
    fg_pass_layer layer;
    int rc = fg_cose_parse(doc, n, c, &layer, err);
    if (rc)
        return rc;
    fg_buf t;
    fg_buf_init(&t, 0);
    rc = fg_cose_tbs(c, &t);
    if (rc == 0 && (c->kid_len != FG_KID_LEN || memcmp(c->kid, root->kid, FG_KID_LEN) ||
                    c->alg != root->alg ||
                    fg_sig_verify(root, (const uint8_t *)t.buf, t.len,
                                  (const uint8_t *)c->signature.buf, c->signature.len)))
        rc = fg_err_set(err, FG_EPERM, "the list is not signed by the root key given");
    fg_buf_release(&t);
    return rc;
}

int fg_trust_load(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_trust *out, fg_err *err)
{
    fg_cose c;
    int rc = load_signed(doc, n, root, &c, err);
    if (rc == 0)
        rc = fg_trust_decode((const uint8_t *)c.payload.buf, c.payload.len, out, err);
    fg_cose_release(&c);
    return rc;
}

int fg_revocations_load(const uint8_t *doc, size_t n, const fg_pubkey *root,
                        fg_revocations *out, fg_err *err)
{
    fg_cose c;
    int rc = load_signed(doc, n, root, &c, err);
    if (rc == 0)
        rc = fg_revocations_decode((const uint8_t *)c.payload.buf, c.payload.len, out, err);
    fg_cose_release(&c);
    return rc;
}

/* ---- verification ---- */

static int verdict(fg_verdict *v, fg_verdict_code code, const char *reason)
{
    v->code = code;
    fg_strlcpy(v->reason, reason, sizeof(v->reason));
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
    const fg_pubkey *key = o->key;
    const fg_trust_entry *entry = NULL;
    for (size_t i = 0; !key && o->trust && i < o->trust->n; i++)
        if (c.kid_len == FG_KID_LEN && memcmp(o->trust->entries[i].key.kid, c.kid, FG_KID_LEN) == 0) {
            entry = &o->trust->entries[i];
            key = &entry->key;
        }
    if (!key || (o->key && (c.kid_len != FG_KID_LEN || memcmp(o->key->kid, c.kid, FG_KID_LEN)))) {
        verdict(out, FG_VERDICT_UNKNOWN_SIGNER, "no trusted key has this pass's kid");
        goto done;
    }
    fg_buf t;
    fg_buf_init(&t, 0);
    if (fg_cose_tbs(&c, &t)) {
        rc = FG_ENOMEM;
        goto done;
    }
    bool good = c.alg == key->alg &&
                fg_sig_verify(key, (const uint8_t *)t.buf, t.len,
                              (const uint8_t *)c.signature.buf, c.signature.len) == 0;
    fg_buf_release(&t);
    if (!good) {
        verdict(out, FG_VERDICT_BAD_SIGNATURE, "the signature does not match the pass: it was altered or not issued by this key");
        goto done;
    }
    if (entry) {
        int32_t region = (int32_t)(cl->number / 1000000);
        bool in = false;
        for (size_t r = 0; r < entry->n_regions; r++)
            in = in || fg_region_contains(entry->regions[r], region);
        if (strcmp(entry->issuer, cl->issuer) || !in || cl->iat < entry->valid_from ||
            cl->iat > entry->valid_to) {
            verdict(out, FG_VERDICT_SIGNER_NOT_ALLOWED, "the signing key may not issue for this issuer, region or date");
            goto done;
        }
    }
    if (o->revoked && o->revoked->n &&
        bsearch(&cl->number, o->revoked->numbers, o->revoked->n, sizeof(int64_t),
                              cmp_i64)) {
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
    if (o->county >= 0 && cl->n_route) {
        bool on = o->county == cl->origin || o->county == cl->destination;
        for (size_t r = 0; r < cl->n_route; r++)
            on = on || cl->route[r] == o->county;
        if (!on) {
            verdict(out, FG_VERDICT_OUT_OF_ROUTE, "this checkpoint's county is not on the "
                                                        "pass's route");
            goto done;
        }
    }
    verdict(out, FG_VERDICT_VALID, "valid");
done:
    fg_cose_release(&c);
    return rc;
}

/* ---- generic CBOR to JSON (for inspection) ---- */

static json_t *to_json(const cbor_item_t *i, int depth)
{
    if (depth > FG_PASS_MAX_DEPTH)
        return json_string("(too deep)");
    bool ok = true;
    switch (cbor_typeof(i)) {
    case CBOR_TYPE_UINT:
    case CBOR_TYPE_NEGINT: {
        int64_t v = get_int(i, &ok);
        return ok ? json_integer(v) : json_string("(integer out of range)");
    }
    case CBOR_TYPE_BYTESTRING: {
        fg_buf b;
        fg_buf_init(&b, 0);
        get_bytes(i, false, &b);
        char *h = malloc(2 * b.len + 1);
        json_t *j = NULL;
        if (h) {
            fg_hex(b.buf, b.len, h);
            j = json_pack("{s:s}", "bytes", h);
        }
        free(h);
        fg_buf_release(&b);
        return j;
    }
    case CBOR_TYPE_STRING: {
        fg_buf b;
        fg_buf_init(&b, 0);
        get_bytes(i, true, &b);
        json_t *j = json_stringn_nocheck(b.buf ? b.buf : "", b.len);
        fg_buf_release(&b);
        return j;
    }
    case CBOR_TYPE_ARRAY: {
        json_t *a = json_array();
        for (size_t k = 0; k < cbor_array_size(i); k++)
            json_array_append_new(a, to_json(cbor_array_handle(i)[k], depth + 1));
        return a;
    }
    case CBOR_TYPE_MAP: {
        json_t *m = json_object();
        struct cbor_pair *p = cbor_map_handle(i);
        for (size_t k = 0; k < cbor_map_size(i); k++) {
            char key[80];
            bool kok = true;
            int64_t ik = get_int(p[k].key, &kok);
            if (kok)
                snprintf(key, sizeof(key), "%lld", (long long)ik);
            else if (!get_text(p[k].key, key, sizeof(key)))
                snprintf(key, sizeof(key), "(key %zu)", k);
            json_object_set_new(m, key, to_json(p[k].value, depth + 1));
        }
        return m;
    }
    case CBOR_TYPE_TAG: {
        cbor_item_t *inner = cbor_tag_item(i);
        json_t *j = json_pack("{s:I,s:o}", "tag", (json_int_t)cbor_tag_value(i), "value",
                              to_json(inner, depth + 1));
        cbor_decref(&inner);
        return j;
    }
    default:
        if (cbor_is_bool(i))
            return json_boolean(cbor_get_bool(i));
        if (cbor_is_null(i) || cbor_is_undef(i))
            return json_null();
        if (cbor_is_float(i))
            return json_real(cbor_float_get_float(i));
        return json_string("(simple value)");
    }
}

int fg_cbor_to_json(const uint8_t *cbor, size_t n, json_t **out, fg_err *err)
{
    cbor_item_t *i = load(cbor, n);
    if (!i)
        return fg_err_set(err, FG_EINVAL, "not well-formed CBOR within the limits");
    *out = to_json(i, 0);
    cbor_decref(&i);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

json_t *fg_pass_crew_json(const fg_pass_claims *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->n_crew; i++) {
        char t[11] = "";
        if (c->crew[i].test_until)
            fg_date_format(c->crew[i].test_until, t);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s?,s:s}", "name", c->crew[i].name,
                                           "id_masked", c->crew[i].id_masked, "test_valid_until",
                                           t[0] ? t : NULL, "role",
                                           c->crew[i].role ? "crew" : "driver"));
    }
    return a;
}

json_t *fg_pass_claims_json(const fg_pass_claims *c)
{
    char number[13], nbf[25], exp[25], iat[25], o[7], d[7];
    fg_pass_number_format(c->number, number);
    fg_time_format(c->nbf * 1000, nbf);
    fg_time_format(c->exp * 1000, exp);
    fg_time_format(c->iat * 1000, iat);
    fg_region_format(c->origin, o);
    fg_region_format(c->destination, d);
    json_t *route = json_array(), *crew = fg_pass_crew_json(c);
    for (size_t i = 0; i < c->n_route; i++) {
        char r[7];
        fg_region_format(c->route[i], r);
        json_array_append_new(route, json_string(r));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s,s:s,s:s,s:s}", "number", number,
                     "goods", fg_goods_name(c->goods), "origin", o, "destination", d, "plate",
                     c->plate, "crew", crew, "applicant", c->applicant, "route", route, "issuer",
                     c->issuer, "valid_from", nbf, "valid_to", exp, "issued_at", iat);
}
