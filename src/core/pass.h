/* Vehicle pass credentials: claims as a CBOR Web Token (RFC 8392) inside a
 * COSE_Sign1 (RFC 9052), zlib-compressed, Base45 (RFC 9285), prefixed "FG1:"
 * — the layering of the EU digital COVID certificate, with integer claim keys
 * and integer region codes and dates so that a pass fits a small QR code.
 *
 *   CWT: {1 iss: "CN-330000", 4 exp, 5 nbf, 6 iat (seconds), -262: pass}
 *   pass: {1 number (region * 10^6 + serial), 2 goods (code), 3 origin county,
 *          4 destination county, ?5 [route counties], 6 plate,
 *          7 [[name, masked id, test valid until (YYYYMMDD), role 0 driver
 *          1 crew]...], 8 applicant (USCC), ?9 [[crew index, test sampled at,
 *          test valid to (seconds, 0 when no rule set it)]...]}
 *
 * Claim 9 (the latest negative test of each person who gave one) came later:
 * a pass without it reads as before, and a verifier that predates it skips it
 * as it skips every claim it does not know.
 *
 * Decoding is defensive at every layer and a failure names its layer.
 * Signing and verifying go through the caller's key objects (util/sig.h).
 * This header is the module's whole contract; its files (pass_claims.c,
 * pass_cose.c, pass_lists.c, pass_verify.c, pass_inspect.c, pass_cbor.c)
 * share only what pass_internal.h declares. */
#ifndef FG_CORE_PASS_H
#define FG_CORE_PASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "../util/sig.h"
#include "fg_vocab.h"

#define FG_PASS_PREFIX "FG1:"
#define FG_PASS_CLAIM (-262) /* the private CWT claim holding the pass */
#define FG_PASS_MAX_CREW 6
#define FG_PASS_MAX_ROUTE 16
#define FG_PASS_MAX_INFLATED 8192 /* decompressed size cap */
#define FG_PASS_MAX_DEPTH 8       /* CBOR nesting cap */

typedef struct fg_pass_person {
    char name[64];         /* UTF-8 */
    char id_masked[24];    /* e.g. 330106********1234 */
    int32_t test_until;    /* YYYYMMDD, 0 when unknown: the date the test counts until */
    int64_t test_sampled;  /* seconds: when the latest negative test was sampled, 0 unknown */
    int64_t test_valid_to; /* seconds: when it stops counting under the trip's rules, 0 when
                              no rule asked for it (core/pass_rule.h) */
    int role;              /* 0 driver, 1 crew */
    int id_type;           /* fg_id_type (core/idcard.h); kept with the application, not signed */
} fg_pass_person;

typedef struct fg_pass_claims {
    char issuer[16];             /* "CN-330000" */
    int64_t iat, nbf, exp;       /* seconds since the epoch */
    int64_t number;              /* region code * 10^6 + serial */
    int goods;                   /* goods category code (fg_goods_name) */
    int32_t origin, destination; /* county codes */
    int32_t route[FG_PASS_MAX_ROUTE];
    size_t n_route;
    char plate[24]; /* UTF-8, e.g. 浙A12345 */
    fg_pass_person crew[FG_PASS_MAX_CREW];
    size_t n_crew;
    char applicant[20]; /* USCC */
} fg_pass_claims;

/* The goods categories of key materials: FG_GOODS_DAILY_NECESSITIES = 0,
 * FG_GOODS_MEDICAL_SUPPLIES, FG_GOODS_ENERGY, FG_GOODS_AGRICULTURAL_INPUTS,
 * FG_GOODS_INDUSTRIAL_MATERIALS, FG_GOODS_POSTAL_EXPRESS, FG_GOODS_FOOD: the
 * rows of data/vocab/goods.json in its order. The code is signed into every
 * pass (claim 2) and the browser decodes it from the same file. */
#define FG__GOODS_ENUM(code, id, name) FG_GOODS_##id = code,
typedef enum { FG_VOCAB_GOODS(FG__GOODS_ENUM) FG_GOODS_COUNT } fg_goods;
#undef FG__GOODS_ENUM
/* The name of a code ("?" when unknown); parses a name; the number of codes. */
const char *fg_goods_name(int code);
int fg_goods_parse(const char *s, int *out, fg_err *err);
int fg_goods_count(void);

/* Whether the latest negative test of any person on the pass has lapsed at
 * `at` (seconds; `today` its date YYYYMMDD in the deployment's zone): past
 * its valid-to instant when a rule set one, else past the date it counts
 * until. A person without a test recorded has nothing to lapse. */
bool fg_pass_crew_test_lapsed(const fg_pass_claims *c, int64_t at, int32_t today);

/* Formats the 12-digit pass number. */
void fg_pass_number_format(int64_t number, char out[13]);
int fg_pass_number_parse(const char *s, int64_t *out, fg_err *err);

/* Checks a Chinese vehicle plate: province abbreviation, a letter, then 5
 * characters (6 for new-energy plates) of letters and digits (no I or O),
 * optionally ending in 挂/学/警/港/澳/领; a semi-trailer pass names the tractor. */
int fg_plate_check(const char *plate, fg_err *err);

/* Checks the claims (numbers, codes, sizes, dates). */
int fg_pass_claims_check(const fg_pass_claims *c, fg_err *err);

/* Builds the signed credential "FG1:..." into out. */
int fg_pass_issue(const fg_pass_claims *c, const fg_privkey *key, fg_buf *out, fg_err *err);

/* The transport envelope around CWT claims already encoded (`payload`):
 * COSE_Sign1 by key, zlib, then `prefix` ("FG1:", "FGW1:") and Base45.
 * Appends to out. Shared by every credential of this layering. */
int fg_cred_seal(const uint8_t *payload, size_t n, const char *prefix, const fg_privkey *key,
                 fg_buf *out, fg_err *err);

/* A generic COSE_Sign1 document (trust and revocation lists): the payload
 * CBOR bytes signed with key, tagged 18, as raw CBOR (no zlib or Base45). */
int fg_cose_sign(const uint8_t *payload, size_t n, const fg_privkey *key, fg_buf *out, fg_err *err);

/* A parsed COSE_Sign1: borrowed pointers into the decoded buffer `raw`. */
typedef struct fg_cose {
    fg_buf raw; /* owned: the CBOR bytes */
    void *item; /* owned: the decoded CBOR (cbor_item_t) */
    int alg;
    uint8_t kid[32];
    size_t kid_len;
    fg_buf protected_bytes; /* owned: the protected header bstr, as received */
    fg_buf payload;         /* owned */
    fg_buf signature;       /* owned */
} fg_cose;

/* Layers of a decoding failure. */
typedef enum {
    FG_LAYER_NONE = 0,
    FG_LAYER_PREFIX,
    FG_LAYER_BASE45,
    FG_LAYER_ZLIB,
    FG_LAYER_CBOR,
    FG_LAYER_COSE,
    FG_LAYER_HEADER,
    FG_LAYER_CLAIMS,
    FG_LAYER_COUNT
} fg_pass_layer;
const char *fg_pass_layer_name(fg_pass_layer l);

/* Parses CBOR bytes as COSE_Sign1 (tag 18 or untagged, inside a CWT tag 61
 * or not, indefinite-length items allowed, kid from the unprotected header
 * when the protected one has none). *layer names where it failed. */
int fg_cose_parse(const uint8_t *cbor, size_t n, fg_cose *out, fg_pass_layer *layer, fg_err *err);
void fg_cose_release(fg_cose *c);
/* The Sig_structure bytes that were signed. */
int fg_cose_tbs(const fg_cose *c, fg_buf *out);

/* Undoes the transport layers: prefix (any "XX1:" given in `prefix`, or
 * FG1 when NULL), Base45, zlib (when present), then fg_cose_parse. */
int fg_pass_unwrap(const char *s, size_t n, const char *prefix, fg_cose *out, fg_pass_layer *layer,
                   fg_err *err);
/* Decodes the CWT claims in a COSE payload. */
int fg_pass_claims_decode(const uint8_t *cbor, size_t n, fg_pass_claims *out, fg_err *err);

/* The trust list: which key may sign for which issuer and regions, when. */
typedef struct fg_trust_entry {
    fg_pubkey key;
    char issuer[16];
    int32_t regions[8]; /* pass numbers' regions the key may sign for */
    size_t n_regions;
    int64_t valid_from, valid_to; /* seconds */
} fg_trust_entry;

typedef struct fg_trust {
    fg_trust_entry *entries; /* owned */
    size_t n;
    int64_t issued_at;
} fg_trust;

typedef struct fg_revocations {
    int64_t *numbers; /* owned, sorted */
    size_t n;
    int64_t issued_at;   /* seconds: the newest revocation on it */
    int64_t fresh_until; /* seconds: the list answers for revocations until then (as a
                            CRL's nextUpdate); 0 when it states none (key 3, absent from
                            lists made before it) */
} fg_revocations;

/* Encodes / decodes the payloads of the two signed lists: {1: issued_at,
 * 2: [items]}, and for revocations 3: fresh_until when stated. */
int fg_trust_encode(const fg_trust *t, fg_buf *out, fg_err *err);
int fg_trust_decode(const uint8_t *cbor, size_t n, fg_trust *out, fg_err *err);
void fg_trust_release(fg_trust *t);
int fg_revocations_encode(const fg_revocations *r, fg_buf *out, fg_err *err);
int fg_revocations_decode(const uint8_t *cbor, size_t n, fg_revocations *out, fg_err *err);
void fg_revocations_release(fg_revocations *r);
/* Verifies a signed list (raw COSE_Sign1 bytes) with the root key and
 * returns its payload decoded. */
int fg_trust_load(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_trust *out, fg_err *err);
int fg_revocations_load(const uint8_t *doc, size_t n, const fg_pubkey *root, fg_revocations *out,
                        fg_err *err);
/* Whether a revocation list is past the freshness it states at `at`
 * (seconds): a pass revoked since may be missing from it. A list that states
 * none is never stale by this test (the caller says it states none). */
bool fg_revocations_stale(const fg_revocations *r, int64_t at);

/* FG_VERDICT_VALID = 0, FG_VERDICT_EXPIRED, FG_VERDICT_NOT_YET_VALID,
 * FG_VERDICT_REVOKED, FG_VERDICT_BAD_SIGNATURE, FG_VERDICT_UNKNOWN_SIGNER,
 * FG_VERDICT_SIGNER_NOT_ALLOWED, FG_VERDICT_MALFORMED,
 * FG_VERDICT_PLATE_MISMATCH, FG_VERDICT_OUT_OF_ROUTE: the rows of
 * data/vocab/verdicts.json in its order (the browser's offline check gives
 * the same names from the same file). */
#define FG__VERDICT_ENUM(code, id, name) FG_VERDICT_##id = code,
typedef enum { FG_VOCAB_VERDICTS(FG__VERDICT_ENUM) FG_VERDICT_COUNT } fg_verdict_code;
#undef FG__VERDICT_ENUM
const char *fg_verdict_name(fg_verdict_code v);

typedef struct fg_verdict {
    fg_verdict_code code;
    fg_pass_layer layer; /* for malformed */
    char reason[200];
    bool have_claims;
    fg_pass_claims claims;
} fg_verdict;

typedef struct fg_verify_opts {
    int64_t at;            /* seconds */
    const char *plate;     /* NULL: not checked */
    int32_t county;        /* -1: not checked */
    const fg_trust *trust; /* one of trust or key */
    const fg_pubkey *key;
    const fg_revocations *revoked; /* may be NULL */
} fg_verify_opts;

/* The signer of a parsed credential: the key `one` when given (the kid must
 * be its), else the trust list's entry with the credential's kid (*entry,
 * borrowed). *out is FG_VERDICT_UNKNOWN_SIGNER (no such key),
 * FG_VERDICT_BAD_SIGNATURE (alg or signature does not match) or
 * FG_VERDICT_VALID (signed by that key; what the key may sign is the
 * caller's to check). Returns 0 or FG_ENOMEM. */
int fg_cose_signer(const fg_cose *c, const fg_trust *trust, const fg_pubkey *one,
                   const fg_trust_entry **entry, fg_verdict_code *out);

/* Verifies a presented string. Always fills *out; returns 0 (the verdict
 * is the answer, whatever it is) or FG_ENOMEM. */
int fg_pass_verify(const char *s, size_t n, const fg_verify_opts *o, fg_verdict *out);

/* The claims as the API and the command line show them (new). */
json_t *fg_pass_claims_json(const fg_pass_claims *c);
/* The crew as [{name, id_masked, test_valid_until, test_sampled_at,
 * test_valid_to, role}] (new; the test fields only when known). */
json_t *fg_pass_crew_json(const fg_pass_claims *c);

/* Any CBOR (within the decoding limits) as JSON, for inspection: integer map
 * keys as decimal strings, byte strings as {"bytes": hex}, tags as {"tag":
 * n, "value": ...}. */
int fg_cbor_to_json(const uint8_t *cbor, size_t n, json_t **out, fg_err *err);

#endif
