/* libFuzzer target for `fugong pass inspect`: any text with a prefix such as
 * FG1: or HC1: is unwrapped (Base45, zlib, COSE_Sign1) and its protected
 * header and claims shown as JSON, whatever CBOR they hold (floats of every
 * width, simple values, tags, chunked strings); the raw input is also shown
 * as CBOR directly. Nothing may crash, abort, leak or overflow.
 * Built by CMake with FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Serializes the JSON as the command prints it. */
static void show(json_t *j)
{
    char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    free(text);
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fg_err err;
    fg_err_init(&err);
    json_t *j = NULL;
    if (fg_cbor_to_json(data, size, &j, &err) == 0)
        show(j);
    /* The prefix is what precedes the first colon, as the command takes it. */
    const char *s = (const char *)data;
    const char *colon = memchr(s, ':', size < 7 ? size : 7);
    if (!colon)
        return 0;
    char prefix[8] = "";
    memcpy(prefix, s, (size_t)(colon - s + 1));
    if (memchr(prefix, 0, (size_t)(colon - s + 1)))
        return 0;
    fg_cose c;
    fg_pass_layer layer;
    if (fg_pass_unwrap(s, size, prefix, &c, &layer, &err) == 0) {
        if (fg_cbor_to_json((const uint8_t *)c.protected_bytes.buf, c.protected_bytes.len, &j,
                            &err) == 0)
            show(j);
        if (fg_cbor_to_json((const uint8_t *)c.payload.buf, c.payload.len, &j, &err) == 0)
            show(j);
    }
    fg_cose_release(&c);
    return 0;
}
