/* The two signed lists a checkpoint downloads: the trust list (which key may
 * sign for which issuer and regions, when) and the revocation list, both
 * {1: issued_at, 2: [items]} inside a COSE_Sign1 by the root key. */
#include "pass_internal.h"

#include <stdlib.h>
#include <string.h>

/* Both signed lists are {1: issued_at, 2: [items]}, the revocation list
 * with 3: fresh_until when it states it (`fresh` non-NULL; 0 when absent):
 * the decoded map (the caller decrefs it), its times and its items, or NULL
 * when malformed. */
static cbor_item_t *list_open(const uint8_t *cbor, size_t n, int64_t *issued_at, int64_t *fresh,
                              cbor_item_t ***items, size_t *count)
{
    cbor_item_t *m = fg__pass_load(cbor, n);
    bool ok = m && cbor_isa_map(m) && (cbor_map_size(m) == 2 || (fresh && cbor_map_size(m) == 3));
    struct cbor_pair *p = ok ? cbor_map_handle(m) : NULL;
    for (size_t k = 0; ok && k < cbor_map_size(m); k++)
        ok = fg__pass_get_int(p[k].key, &ok) == (int64_t)k + 1;
    ok = ok && cbor_isa_array(p[1].value);
    *issued_at = ok ? fg__pass_get_int(p[0].value, &ok) : 0;
    if (fresh)
        *fresh = ok && cbor_map_size(m) == 3 ? fg__pass_get_int(p[2].value, &ok) : 0;
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
            ok = cbor_array_push(regs, cbor_move(fg__pass_cint(e->regions[r])));
        ok = ok && fg__pass_put(m, 1, cbor_build_bytestring(e->key.kid, FG_KID_LEN)) &&
             fg__pass_put(m, 2, fg__pass_cint(e->key.alg)) &&
             fg__pass_put(m, 3, cbor_build_bytestring(e->key.spki, e->key.spki_len)) &&
             fg__pass_put(m, 4, cbor_build_string(e->issuer)) && fg__pass_put(m, 5, regs) &&
             fg__pass_put(m, 6, fg__pass_cint(e->valid_from)) &&
             fg__pass_put(m, 7, fg__pass_cint(e->valid_to)) && cbor_array_push(list, cbor_move(m));
    }
    ok = ok && fg__pass_put(root, 1, fg__pass_cint(t->issued_at)) && fg__pass_put(root, 2, list);
    int rc = ok ? fg__pass_serialize(root, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
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
    cbor_item_t *m = list_open(cbor, n, &out->issued_at, NULL, &items, &count);
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
        ok = ok && fg__pass_get_bytes(q[0].value, false, &kid) &&
             fg__pass_get_bytes(q[2].value, false, &spki) &&
             fg__pass_get_text(q[3].value, e->issuer, sizeof(e->issuer)) &&
             cbor_isa_array(q[4].value) && cbor_array_size(q[4].value) <= 8;
        fg_err kerr;
        ok = ok && fg_pubkey_from_spki((const uint8_t *)spki.buf, spki.len, &e->key, &kerr) == 0;
        if (ok)
            out->n = i + 1;
        ok = ok && kid.len == FG_KID_LEN && memcmp(kid.buf, e->key.kid, FG_KID_LEN) == 0 &&
             fg__pass_get_int(q[1].value, &ok) == e->key.alg;
        fg_buf_release(&kid);
        fg_buf_release(&spki);
        for (size_t r = 0; ok && r < cbor_array_size(q[4].value); r++)
            e->regions[e->n_regions++] =
                (int32_t)fg__pass_get_int(cbor_array_handle(q[4].value)[r], &ok);
        e->valid_from = ok ? fg__pass_get_int(q[5].value, &ok) : 0;
        e->valid_to = ok ? fg__pass_get_int(q[6].value, &ok) : 0;
    }
    if (m)
        cbor_decref(&m);
    if (!ok) {
        fg_trust_release(out);
        return fg_err_at(err, FG_EINVAL, NULL, "pass.trust_list", "the trust list is malformed");
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
    cbor_item_t *root = cbor_new_definite_map(r->fresh_until ? 3 : 2),
                *list = cbor_new_definite_array(r->n);
    bool ok = root && list;
    for (size_t i = 0; ok && i < r->n; i++)
        ok = cbor_array_push(list, cbor_move(fg__pass_cint(r->numbers[i])));
    ok = ok && fg__pass_put(root, 1, fg__pass_cint(r->issued_at)) && fg__pass_put(root, 2, list);
    ok = ok && (!r->fresh_until || fg__pass_put(root, 3, fg__pass_cint(r->fresh_until)));
    int rc = ok ? fg__pass_serialize(root, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
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
    cbor_item_t *m = list_open(cbor, n, &out->issued_at, &out->fresh_until, &items, &count);
    bool ok = m != NULL;
    out->numbers = ok ? calloc(count ? count : 1, sizeof(int64_t)) : NULL;
    ok = ok && out->numbers;
    for (size_t i = 0; ok && i < count; i++)
        out->numbers[i] = fg__pass_get_int(items[i], &ok);
    out->n = ok ? count : 0;
    if (m)
        cbor_decref(&m);
    if (!ok) {
        fg_revocations_release(out);
        return fg_err_at(err, FG_EINVAL, NULL, "pass.revocation_list",
                         "the revocation list is malformed");
    }
    qsort(out->numbers, out->n, sizeof(int64_t), cmp_i64);
    return 0;
}

bool fg_revocations_stale(const fg_revocations *r, int64_t at)
{
    return r->fresh_until > 0 && at > r->fresh_until;
}

bool fg__pass_revoked(const fg_revocations *r, int64_t number)
{
    return r->n && bsearch(&number, r->numbers, r->n, sizeof(int64_t), cmp_i64);
}

/* Verifies a signed list with the root key; *payload borrowed from c. */
static int load_signed(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_cose *c, fg_err *err)
{
    fg_pass_layer layer;
    int rc = fg_cose_parse(doc, n, c, &layer, err);
    if (rc)
        return rc;
    fg_buf t;
    fg_buf_init(&t, 0);
    rc = fg_cose_tbs(c, &t);
    if (rc == 0 &&
        (c->kid_len != FG_KID_LEN || memcmp(c->kid, root->kid, FG_KID_LEN) || c->alg != root->alg ||
         fg_sig_verify(root, (const uint8_t *)t.buf, t.len, (const uint8_t *)c->signature.buf,
                       c->signature.len)))
        rc = fg_err_at(err, FG_EPERM, NULL, "pass.list_signature",
                       "the list is not signed by the root key given");
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

int fg_revocations_load(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_revocations *out,
                        fg_err *err)
{
    fg_cose c;
    int rc = load_signed(doc, n, root, &c, err);
    if (rc == 0)
        rc = fg_revocations_decode((const uint8_t *)c.payload.buf, c.payload.len, out, err);
    fg_cose_release(&c);
    return rc;
}
