/* What the files of the pass module share and nothing outside it may use:
 * the CBOR helpers (pass_cbor.c), the claims encoder (pass_claims.c) and the
 * revocation lookup (pass_lists.c). The public contract is pass.h.
 *
 *   pass_cbor.c     raw-CBOR walking, well-formedness, libcbor item helpers
 *   pass_claims.c   goods, pass numbers, plates, the CWT claims (check,
 *                   encode, decode) and their JSON
 *   pass_cose.c     COSE_Sign1 (sign, parse, Sig_structure) and the
 *                   transport envelope (FG1:, Base45, zlib): issue, unwrap
 *   pass_lists.c    the signed trust and revocation lists
 *   pass_verify.c   the verdict pipeline
 *   pass_inspect.c  any CBOR as JSON, for `fugong pass inspect`
 *   pass_wlcred.c   the white-list listing credential (core/wlcred.h) */
#ifndef FG_CORE_PASS_INTERNAL_H
#define FG_CORE_PASS_INTERNAL_H

#include <cbor.h>

#include "pass.h"

/* Reads one CBOR head (major type, additional information, argument) at
 * *pos and advances it. False when the bytes end or the head is reserved
 * (additional information 28 to 30, or 31 where indefinite length is not
 * allowed). Inline: the claims decoder calls it for every item. */
static inline bool fg__pass_head(const uint8_t *p, size_t n, size_t *pos, int *major, int *ai,
                                 uint64_t *arg)
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

/* Skips one well-formed item at *pos, nested at `depth` (at most
 * FG_PASS_MAX_DEPTH), counting items down from *items (false at zero).
 * Bounded recursion (the depth cap). */
bool fg__pass_skip(const uint8_t *p, size_t n, size_t *pos, int depth, size_t *items);
/* Whether p is one well-formed item filling all n bytes, within the limits. */
bool fg__pass_wellformed(const uint8_t *p, size_t n);
/* The well-formed item decoded by libcbor (new, the caller decrefs), or NULL
 * when the bytes are malformed, beyond the limits, or out of memory. */
cbor_item_t *fg__pass_load(const uint8_t *p, size_t n);

/* A CBOR integer item of the smallest width (new; NULL when out of memory). */
cbor_item_t *fg__pass_cint(int64_t v);
/* Adds key -> value to a definite map; steals value (NULL gives false). */
bool fg__pass_put(cbor_item_t *map, int64_t key, cbor_item_t *value);
/* Appends the item's encoding to out (borrowed item). 0 or FG_ENOMEM. */
int fg__pass_serialize(cbor_item_t *item, fg_buf *out, fg_err *err);
/* An integer item as int64_t; sets *ok to false (never to true) when the
 * item is no integer or out of range. */
int64_t fg__pass_get_int(const cbor_item_t *i, bool *ok);
/* Appends the bytes of a byte string (text false) or text string (text
 * true), definite or chunked, to out. */
bool fg__pass_get_bytes(const cbor_item_t *i, bool text, fg_buf *out);
/* A text string into out (cap bytes with the NUL): false when it is none,
 * too long, holds a NUL or is not UTF-8. */
bool fg__pass_get_text(const cbor_item_t *i, char *out, size_t cap);

/* Encodes the CWT claims (unchecked: fg_pass_claims_check first) into out. */
int fg__pass_claims_encode(const fg_pass_claims *c, fg_buf *out, fg_err *err);

/* Whether the pass number is on the revocation list (sorted, borrowed). */
bool fg__pass_revoked(const fg_revocations *r, int64_t number);

#endif
