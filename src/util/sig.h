/* Signature keys for credentials (COSE algorithms): Ed25519 (EdDSA, -8) by
 * libsodium; ES256 (-7, raw r||s signatures) and PS256 (-37) by OpenSSL; and
 * SM2 (GB/T 32918.2 with the SM3 digest of GB/T 32905, the distinguishing
 * identifier "1234567812345678" of GB/T 35276, raw r||s signatures) by
 * OpenSSL 3. SM2 has no IANA COSE value: FG_ALG_SM2 is one from the private
 * range (RFC 9052: below -65536), and the trust list names it per key.
 * Keys are read and written as PEM (PKCS#8 private, SubjectPublicKeyInfo
 * public); a key's id (kid) is the first 8 bytes of the SHA-256 of its
 * SubjectPublicKeyInfo DER. */
#ifndef FG_UTIL_SIG_H
#define FG_UTIL_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

#define FG_ALG_EDDSA (-8)
#define FG_ALG_ES256 (-7)
#define FG_ALG_PS256 (-37)
#define FG_ALG_SM2 (-65600)
#define FG_SM2_ID "1234567812345678" /* GB/T 35276 default distinguishing identifier */
#define FG_KID_LEN 8
#define FG_SIG_MAX 512

typedef struct fg_pubkey {
    int alg;
    uint8_t kid[FG_KID_LEN];
    uint8_t ed[32];    /* Ed25519 public key */
    void *pkey;        /* EVP_PKEY for ES256 / PS256 / SM2 */
    uint8_t spki[600]; /* SubjectPublicKeyInfo DER */
    size_t spki_len;
} fg_pubkey;

typedef struct fg_privkey {
    int alg;
    uint8_t ed_sk[64]; /* libsodium secret key (seed || public) */
    void *pkey;        /* EVP_PKEY (every algorithm) */
    fg_pubkey pub;
} fg_privkey;

const char *fg_alg_name(int alg);
/* Parses "EdDSA", "ES256", "PS256" or "SM2" (any case). */
int fg_alg_parse(const char *s, int *out, fg_err *err);

int fg_pubkey_from_spki(const uint8_t *der, size_t n, fg_pubkey *out, fg_err *err);
int fg_pubkey_from_pem(const char *pem, size_t n, fg_pubkey *out, fg_err *err);
/* The public key as SubjectPublicKeyInfo PEM, appended to out. */
int fg_pubkey_to_pem(const fg_pubkey *k, fg_buf *out);
void fg_pubkey_release(fg_pubkey *k);
/* 0 when sig is a valid signature of msg by k; FG_EPERM otherwise. */
int fg_sig_verify(const fg_pubkey *k, const uint8_t *msg, size_t n, const uint8_t *sig,
                  size_t sig_len);

int fg_privkey_generate(int alg, fg_privkey *out, fg_err *err);
int fg_privkey_from_pem(const char *pem, size_t n, fg_privkey *out, fg_err *err);
/* PKCS#8 PEM, appended to out. */
int fg_privkey_to_pem(const fg_privkey *k, fg_buf *out);
void fg_privkey_release(fg_privkey *k);
/* Signs msg; writes the COSE form of the signature (raw r||s for ES256 and SM2). */
int fg_sig_sign(const fg_privkey *k, const uint8_t *msg, size_t n, uint8_t sig[FG_SIG_MAX],
                size_t *sig_len, fg_err *err);

#endif
