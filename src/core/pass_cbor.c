/* The pass module's CBOR helpers: a structural pre-check of raw CBOR (so
 * that libcbor only ever sees well-formed input within the limits), and
 * small builders and readers of libcbor items. */
#include "pass_internal.h"

#include <stdlib.h>
#include <string.h>

#include "enterprise.h"

/* A CBOR integer item of the smallest width. */
cbor_item_t *fg__pass_cint(int64_t v)
{
    if (v >= 0) {
        uint64_t u = (uint64_t)v;
        return u <= 0xff          ? cbor_build_uint8((uint8_t)u)
               : u <= 0xffff      ? cbor_build_uint16((uint16_t)u)
               : u <= 0xffffffffu ? cbor_build_uint32((uint32_t)u)
                                  : cbor_build_uint64(u);
    }
    uint64_t u = (uint64_t)(-(v + 1));
    return u <= 0xff          ? cbor_build_negint8((uint8_t)u)
           : u <= 0xffff      ? cbor_build_negint16((uint16_t)u)
           : u <= 0xffffffffu ? cbor_build_negint32((uint32_t)u)
                              : cbor_build_negint64(u);
}

bool fg__pass_put(cbor_item_t *map, int64_t key, cbor_item_t *value)
{
    if (!value)
        return false;
    return cbor_map_add(
        map, (struct cbor_pair){.key = cbor_move(fg__pass_cint(key)), .value = cbor_move(value)});
}

int fg__pass_serialize(cbor_item_t *item, fg_buf *out, fg_err *err)
{
    unsigned char *b = NULL;
    size_t cap = 0, n = item ? cbor_serialize_alloc(item, &b, &cap) : 0;
    int rc = n ? fg_buf_add(out, b, n) : FG_ENOMEM;
    free(b);
    return rc ? fg_err_set(err, FG_ENOMEM, "out of memory encoding CBOR") : 0;
}

int64_t fg__pass_get_int(const cbor_item_t *i, bool *ok)
{
    if (cbor_isa_uint(i) && cbor_get_int(i) <= (uint64_t)INT64_MAX)
        return (int64_t)cbor_get_int(i);
    if (cbor_isa_negint(i) && cbor_get_int(i) <= (uint64_t)INT64_MAX)
        return -1 - (int64_t)cbor_get_int(i);
    *ok = false;
    return 0;
}

/* The bytes of a byte or text string, definite or chunked. */
bool fg__pass_get_bytes(const cbor_item_t *i, bool text, fg_buf *out)
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
        if (!fg__pass_get_bytes(chunks[k], text, out))
            return false;
    return true;
}

bool fg__pass_get_text(const cbor_item_t *i, char *out, size_t cap)
{
    if (cbor_isa_string(i) && cbor_string_is_definite(i)) { /* the common case, no copy */
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
    bool ok = fg__pass_get_bytes(i, true, &b) && b.len < cap && !memchr(b.buf, 0, b.len) &&
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
 * most `*items` items. */
bool fg__pass_skip(const uint8_t *p, size_t n, size_t *pos, int depth, size_t *items)
{
    int major, ai;
    uint64_t arg;
    if (depth > FG_PASS_MAX_DEPTH || *items == 0 || !fg__pass_head(p, n, pos, &major, &ai, &arg))
        return false;
    (*items)--;
    switch (major) {
    case 0:
    case 1: return ai != 31;
    case 2:
    case 3:
        if (ai != 31) {
            if (arg > n - *pos)
                return false;
            *pos += (size_t)arg;
            return true;
        }
        for (;;) { /* chunks of the same major type, then break */
            if (*pos >= n)
                return false;
            if (p[*pos] == 0xff) {
                (*pos)++;
                return true;
            }
            int cm, ca;
            uint64_t cl;
            if (!fg__pass_head(p, n, pos, &cm, &ca, &cl) || cm != major || ca == 31 ||
                cl > n - *pos)
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
                if (!fg__pass_skip(p, n, pos, depth + 1, items) ||
                    (major == 5 && !fg__pass_skip(p, n, pos, depth + 1, items)))
                    return false;
            }
        }
        if (arg > n - *pos)
            return false;
        for (uint64_t k = 0; k < arg * (major == 5 ? 2 : 1); k++)
            if (!fg__pass_skip(p, n, pos, depth + 1, items))
                return false;
        return true;
    }
    case 6: return ai != 31 && fg__pass_skip(p, n, pos, depth + 1, items);
    default: /* 7: simple values and floats; a stray break is malformed */ return ai != 31;
    }
}

bool fg__pass_wellformed(const uint8_t *p, size_t n)
{
    size_t pos = 0, items = 4096;
    return fg__pass_skip(p, n, &pos, 0, &items) && pos == n;
}

cbor_item_t *fg__pass_load(const uint8_t *p, size_t n)
{
    if (!fg__pass_wellformed(p, n))
        return NULL;
    struct cbor_load_result res;
    cbor_item_t *i = cbor_load(p, n, &res);
    if (i && (res.error.code != CBOR_ERR_NONE || res.read != n)) {
        cbor_decref(&i);
        return NULL;
    }
    return i;
}
