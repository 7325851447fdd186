/* Any CBOR as JSON, for `fugong pass inspect`: the protected header and the
 * claims of a credential shown without judging them. The input comes from
 * outside, so nothing here may assume an item's type before checking it. */
#include "pass_internal.h"

#include <stdio.h>
#include <stdlib.h>

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
    cbor_item_t *i = fg__pass_load(cbor, n);
    if (!i)
        return fg_err_set(err, FG_EINVAL, "not well-formed CBOR within the limits");
    *out = to_json(i, 0);
    cbor_decref(&i);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
