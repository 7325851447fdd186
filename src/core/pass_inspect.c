/* Any CBOR as JSON, for `fugong pass inspect`: the protected header and the
 * claims of a credential shown without judging them. The input comes from
 * outside, so nothing here may assume an item's type before checking it. */
#include "pass_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Major type 7. libcbor's predicates (cbor_is_bool, cbor_ctrl_value...)
 * assert that the item is a simple value, so the width is checked first: a
 * width of 0 is a simple value, any other a float. A float of any width is a
 * JSON real, except NaN and the infinities, which JSON cannot hold: the
 * strings "NaN", "Infinity", "-Infinity". false, true and null are
 * themselves; undefined is null. */
static json_t *float_ctrl(const cbor_item_t *i)
{
    if (cbor_float_get_width(i) == CBOR_FLOAT_0) {
        switch (cbor_ctrl_value(i)) {
        case CBOR_CTRL_FALSE: return json_false();
        case CBOR_CTRL_TRUE: return json_true();
        case CBOR_CTRL_NULL:
        case CBOR_CTRL_UNDEF: return json_null();
        default: return json_string("(simple value)");
        }
    }
    double d = cbor_float_get_float(i);
    if (isnan(d))
        return json_string("NaN");
    if (isinf(d))
        return json_string(d > 0 ? "Infinity" : "-Infinity");
    return json_real(d);
}

static json_t *to_json(const cbor_item_t *i, int depth)
{
    if (depth > FG_PASS_MAX_DEPTH)
        return json_string("(too deep)");
    bool ok = true;
    switch (cbor_typeof(i)) {
    case CBOR_TYPE_UINT:
    case CBOR_TYPE_NEGINT: {
        int64_t v = fg__pass_get_int(i, &ok);
        return ok ? json_integer(v) : json_string("(integer out of range)");
    }
    case CBOR_TYPE_BYTESTRING: {
        fg_buf b;
        fg_buf_init(&b, 0);
        fg__pass_get_bytes(i, false, &b);
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
        fg__pass_get_bytes(i, true, &b);
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
            int64_t ik = fg__pass_get_int(p[k].key, &kok);
            if (kok)
                snprintf(key, sizeof(key), "%lld", (long long)ik);
            else if (!fg__pass_get_text(p[k].key, key, sizeof(key)))
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
    case CBOR_TYPE_FLOAT_CTRL: return float_ctrl(i);
    }
    return json_string("(unknown item)");
}

int fg_cbor_to_json(const uint8_t *cbor, size_t n, json_t **out, fg_err *err)
{
    cbor_item_t *i = fg__pass_load(cbor, n);
    if (!i)
        return fg_err_at(err, FG_EINVAL, NULL, "pass.cbor",
                         "not well-formed CBOR within the limits");
    *out = to_json(i, 0);
    cbor_decref(&i);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
