/* The white-list listing credential (白名单企业证明): the layering of a
 * vehicle pass (core/pass.h: CWT in COSE_Sign1, zlib, Base45) with its own
 * prefix "FGW1:", so that any official verifies a listing offline.
 *
 *   CWT: {1 iss: "CN-330000" (the signer: the province of the list, or
 *         "CN-000000" for a national list), 2 sub: the enterprise's USCC,
 *         4 exp (the end of the review date), 5 nbf, 6 iat (seconds),
 *         -263: listing}
 *   listing: {1 id (the listing's 16 UUID bytes), 2 enterprise name,
 *             3 chain (code), 4 tier (0 national .. 3 county), 5 the list's
 *             region, 6 batch number, 7 listed on, 8 review on (YYYYMMDD)}
 *
 * No personal data. The signer comes from a trust list of its own (same
 * format as the passes' list, fg_trust; "regions" are the lists' regions a
 * key may sign for) and an ended listing from a revocation list of its own
 * (fg_revocations of listing numbers: fg_wlcred_number). Verdicts are the
 * passes' (valid, expired, not yet valid, revoked, bad signature, unknown
 * signer, signer not allowed, malformed with its layer). */
#ifndef FG_CORE_WLCRED_H
#define FG_CORE_WLCRED_H

#include <stdbool.h>
#include <stdint.h>

#include "pass.h"

#define FG_WLCRED_PREFIX "FGW1:"
#define FG_WLCRED_CLAIM (-263) /* the private CWT claim holding the listing */

typedef struct fg_wlcred {
    char issuer[16];  /* "CN-330000" */
    char subject[19]; /* USCC */
    int64_t iat, nbf, exp;
    uint8_t listing[16];          /* the listing's id, a UUID's bytes */
    char name[241];               /* UTF-8 */
    int chain;                    /* fg_keychain */
    int tier;                     /* fg_wl_tier */
    int32_t list_region;          /* 0: the nation */
    int batch;                    /* 第N批, >= 1 */
    int32_t listed_on, review_on; /* YYYYMMDD */
} fg_wlcred;

/* The listing number a revocation list holds: the last 48 bits of the id
 * (random in a UUIDv7), so that it fits every verifier's integers. */
int64_t fg_wlcred_number(const uint8_t id[16]);
/* Parses / formats a canonical UUID text to / from its 16 bytes. */
int fg_wlcred_id_parse(const char *uuid, uint8_t out[16], fg_err *err);
void fg_wlcred_id_format(const uint8_t id[16], char out[37]);

/* Checks the claims: issuer "CN-" + 6 digits, a valid USCC, a name, codes
 * in range, batch >= 1, dates valid, nbf <= exp. */
int fg_wlcred_check(const fg_wlcred *c, fg_err *err);
/* Encodes the CWT claims (checked first) into out. */
int fg_wlcred_encode(const fg_wlcred *c, fg_buf *out, fg_err *err);
/* Decodes CWT claims; FG_EINVAL when they do not hold a listing. */
int fg_wlcred_decode(const uint8_t *cbor, size_t n, fg_wlcred *out, fg_err *err);
/* Builds the signed credential "FGW1:..." (appended to out). */
int fg_wlcred_issue(const fg_wlcred *c, const fg_privkey *key, fg_buf *out, fg_err *err);

typedef struct fg_wlcred_verdict {
    fg_verdict_code code;
    fg_pass_layer layer; /* for malformed */
    char reason[200];
    bool have_claims;
    fg_wlcred claims;
} fg_wlcred_verdict;

/* Verifies a presented string at o->at against o->trust (the white-list
 * trust list) or o->key, and o->revoked (listing numbers). o->plate and
 * o->county are not used. Always fills *out; returns 0 or FG_ENOMEM. */
int fg_wlcred_verify(const char *s, size_t n, const fg_verify_opts *o, fg_wlcred_verdict *out);

/* The claims as the API and the command line show them (new). */
json_t *fg_wlcred_json(const fg_wlcred *c);

#endif
