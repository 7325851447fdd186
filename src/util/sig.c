/* Credential signatures: libsodium for Ed25519 (the common case, and the
 * fastest), OpenSSL for key files and for ES256 / PS256 / SM2. */
#include "sig.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "sha256.h"

const char *fg_alg_name(int alg)
{
    return alg == FG_ALG_EDDSA   ? "EdDSA"
           : alg == FG_ALG_ES256 ? "ES256"
           : alg == FG_ALG_PS256 ? "PS256"
           : alg == FG_ALG_SM2   ? "SM2"
                                 : "unknown";
}

int fg_alg_parse(const char *s, int *out, fg_err *err)
{
    static const int algs[] = {FG_ALG_EDDSA, FG_ALG_ES256, FG_ALG_PS256, FG_ALG_SM2};
    for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
        if (strcasecmp(s, fg_alg_name(algs[i])) == 0) {
            *out = algs[i];
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, NULL, "sig.alg",
                     "algorithm must be EdDSA, ES256, PS256 or SM2, not '{alg:%.20s}'", s);
}

/* Fills the public half from an EVP_PKEY (borrowed). */
static int pub_from_pkey(EVP_PKEY *p, fg_pubkey *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int id = EVP_PKEY_get_base_id(p);
    if (id == EVP_PKEY_ED25519) {
        out->alg = FG_ALG_EDDSA;
        size_t n = 32;
        if (EVP_PKEY_get_raw_public_key(p, out->ed, &n) != 1 || n != 32)
            return fg_err_at(err, FG_EINVAL, NULL, "sig.ed25519_public",
                             "cannot read the Ed25519 public key");
    } else if (id == EVP_PKEY_EC || id == EVP_PKEY_SM2 || EVP_PKEY_is_a(p, "SM2")) {
        /* OpenSSL 3 reads a key on the SM2 curve as an SM2 key (a provider
         * key, with no legacy id once read from PEM); an EC key naming that
         * curve is the same key. The curve decides the
         * algorithm: an SM2 key never signs ES256, nor a P-256 key SM2. */
        char group[64];
        if (EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                           NULL) != 1 ||
            (strcmp(group, "prime256v1") != 0 && strcmp(group, "SM2") != 0))
            return fg_err_at(err, FG_EINVAL, NULL, "sig.ec_curve",
                             "an EC key must be on P-256 for ES256 or on the SM2 curve for SM2");
        out->alg = strcmp(group, "SM2") == 0 ? FG_ALG_SM2 : FG_ALG_ES256;
    } else if (id == EVP_PKEY_RSA) {
        if (EVP_PKEY_get_bits(p) < 2048)
            return fg_err_at(err, FG_EINVAL, NULL, "sig.rsa_bits",
                             "an RSA key for PS256 needs at least {bits:%d} bits", 2048);
        out->alg = FG_ALG_PS256;
    } else {
        return fg_err_at(err, FG_EINVAL, NULL, "sig.key_type",
                         "the key is not Ed25519, P-256, SM2 or RSA");
    }
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(p, &der);
    if (n <= 0 || (size_t)n > sizeof(out->spki)) {
        OPENSSL_free(der);
        return fg_err_at(err, FG_EINVAL, NULL, "sig.public_too_large",
                         "the public key is too large");
    }
    memcpy(out->spki, der, (size_t)n);
    out->spki_len = (size_t)n;
    OPENSSL_free(der);
    unsigned char h[32];
    fg_sha256 sh;
    fg_sha256_init(&sh);
    fg_sha256_update(&sh, out->spki, out->spki_len);
    fg_sha256_final(&sh, h);
    memcpy(out->kid, h, FG_KID_LEN);
    if (out->alg != FG_ALG_EDDSA) {
        if (EVP_PKEY_up_ref(p) != 1)
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        out->pkey = p;
    }
    return 0;
}

int fg_pubkey_from_spki(const uint8_t *der, size_t n, fg_pubkey *out, fg_err *err)
{
    const unsigned char *p = der;
    EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)n);
    if (!k || p != der + n) {
        EVP_PKEY_free(k);
        return fg_err_at(err, FG_EINVAL, NULL, "sig.spki", "not a SubjectPublicKeyInfo public key");
    }
    int rc = pub_from_pkey(k, out, err);
    EVP_PKEY_free(k);
    return rc;
}

int fg_pubkey_from_pem(const char *pem, size_t n, fg_pubkey *out, fg_err *err)
{
    BIO *b = BIO_new_mem_buf(pem, (int)n);
    EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (!k)
        return fg_err_at(err, FG_EINVAL, NULL, "sig.public_pem",
                         "not a PEM public key (-----BEGIN PUBLIC KEY----- expected)");
    int rc = pub_from_pkey(k, out, err);
    EVP_PKEY_free(k);
    return rc;
}

int fg_pubkey_to_pem(const fg_pubkey *k, fg_buf *out)
{
    const unsigned char *p = k->spki;
    EVP_PKEY *e = d2i_PUBKEY(NULL, &p, (long)k->spki_len);
    BIO *b = BIO_new(BIO_s_mem());
    int rc = FG_ENOMEM;
    if (e && b && PEM_write_bio_PUBKEY(b, e) == 1) {
        char *data;
        long len = BIO_get_mem_data(b, &data);
        rc = fg_buf_add(out, data, (size_t)len);
    }
    BIO_free(b);
    EVP_PKEY_free(e);
    return rc;
}

void fg_pubkey_release(fg_pubkey *k)
{
    EVP_PKEY_free(k->pkey);
    k->pkey = NULL;
}

/* raw r||s (64 bytes) <-> DER ECDSA-Sig-Value */
static int raw_to_der(const uint8_t *raw, uint8_t *der, size_t *der_len)
{
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *ss = BN_bin2bn(raw + 32, 32, NULL);
    if (!s || !r || !ss || ECDSA_SIG_set0(s, r, ss) != 1) {
        ECDSA_SIG_free(s);
        BN_free(r);
        BN_free(ss);
        return -1;
    }
    unsigned char *p = der;
    int n = i2d_ECDSA_SIG(s, &p);
    ECDSA_SIG_free(s);
    if (n <= 0)
        return -1;
    *der_len = (size_t)n;
    return 0;
}

static int der_to_raw(const uint8_t *der, size_t n, uint8_t raw[64])
{
    const unsigned char *p = der;
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)n);
    if (!s)
        return -1;
    const BIGNUM *r, *ss;
    ECDSA_SIG_get0(s, &r, &ss);
    int ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(ss, raw + 32, 32) == 32;
    ECDSA_SIG_free(s);
    return ok ? 0 : -1;
}

/* After EVP_Digest{Sign,Verify}Init: PSS with a 32-byte salt for PS256;
 * for SM2 the distinguishing identifier that goes into Z (GB/T 32918.2),
 * set before the first byte is digested. */
static bool tune(EVP_PKEY_CTX *pctx, int alg)
{
    if (alg == FG_ALG_PS256)
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) == 1;
    if (alg == FG_ALG_SM2)
        return EVP_PKEY_CTX_set1_id(pctx, FG_SM2_ID, strlen(FG_SM2_ID)) == 1;
    return true;
}

int fg_sig_verify(const fg_pubkey *k, const uint8_t *msg, size_t n, const uint8_t *sig,
                  size_t sig_len)
{
    if (k->alg == FG_ALG_EDDSA)
        return sig_len == 64 && crypto_sign_verify_detached(sig, msg, n, k->ed) == 0 ? 0 : FG_EPERM;
    uint8_t der[80];
    const uint8_t *s = sig;
    size_t sl = sig_len;
    if (k->alg == FG_ALG_ES256 || k->alg == FG_ALG_SM2) {
        if (sig_len != 64 || raw_to_der(sig, der, &sl))
            return FG_EPERM;
        s = der;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok =
        ctx && EVP_DigestVerifyInit(ctx, &pctx, k->alg == FG_ALG_SM2 ? EVP_sm3() : EVP_sha256(),
                                    NULL, k->pkey) == 1;
    ok = ok && tune(pctx, k->alg);
    ok = ok && EVP_DigestVerify(ctx, s, sl, msg, n) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : FG_EPERM;
}

static int priv_from_pkey(EVP_PKEY *p, fg_privkey *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = pub_from_pkey(p, &out->pub, err);
    if (rc)
        return rc;
    out->alg = out->pub.alg;
    if (out->alg == FG_ALG_EDDSA) {
        uint8_t seed[32], pk[32];
        size_t n = 32;
        if (EVP_PKEY_get_raw_private_key(p, seed, &n) != 1 || n != 32) {
            fg_pubkey_release(&out->pub);
            return fg_err_at(err, FG_EINVAL, NULL, "sig.ed25519_private",
                             "cannot read the Ed25519 private key");
        }
        crypto_sign_seed_keypair(pk, out->ed_sk, seed);
        sodium_memzero(seed, sizeof(seed));
    }
    EVP_PKEY_up_ref(p);
    out->pkey = p;
    return 0;
}

int fg_privkey_generate(int alg, fg_privkey *out, fg_err *err)
{
    EVP_PKEY *p = alg == FG_ALG_EDDSA   ? EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")
                  : alg == FG_ALG_ES256 ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")
                  : alg == FG_ALG_PS256 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072)
                  : alg == FG_ALG_SM2   ? EVP_PKEY_Q_keygen(NULL, NULL, "SM2")
                                        : NULL;
    if (!p)
        return fg_err_at(err, FG_EINVAL, NULL, "sig.generate", "cannot generate a {alg:%s} key",
                         fg_alg_name(alg));
    int rc = priv_from_pkey(p, out, err);
    EVP_PKEY_free(p);
    return rc;
}

int fg_privkey_from_pem(const char *pem, size_t n, fg_privkey *out, fg_err *err)
{
    BIO *b = BIO_new_mem_buf(pem, (int)n);
    EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
    BIO_free(b);
    if (!k)
        return fg_err_at(err, FG_EINVAL, NULL, "sig.private_pem",
                         "not a PEM private key (-----BEGIN PRIVATE KEY----- expected)");
    int rc = priv_from_pkey(k, out, err);
    EVP_PKEY_free(k);
    return rc;
}

int fg_privkey_to_pem(const fg_privkey *k, fg_buf *out)
{
    BIO *b = BIO_new(BIO_s_mem());
    int rc = FG_ENOMEM;
    if (b && PEM_write_bio_PrivateKey(b, k->pkey, NULL, NULL, 0, NULL, NULL) == 1) {
        char *data;
        long len = BIO_get_mem_data(b, &data);
        rc = fg_buf_add(out, data, (size_t)len);
    }
    BIO_free(b);
    return rc;
}

void fg_privkey_release(fg_privkey *k)
{
    sodium_memzero(k->ed_sk, sizeof(k->ed_sk));
    EVP_PKEY_free(k->pkey);
    k->pkey = NULL;
    fg_pubkey_release(&k->pub);
}

int fg_sig_sign(const fg_privkey *k, const uint8_t *msg, size_t n, uint8_t sig[FG_SIG_MAX],
                size_t *sig_len, fg_err *err)
{
    if (k->alg == FG_ALG_EDDSA) {
        unsigned long long sl;
        crypto_sign_detached(sig, &sl, msg, n, k->ed_sk);
        *sig_len = (size_t)sl;
        return 0;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    uint8_t der[FG_SIG_MAX];
    size_t dl = sizeof(der);
    bool raw = k->alg == FG_ALG_ES256 || k->alg == FG_ALG_SM2;
    int ok = ctx && EVP_DigestSignInit(ctx, &pctx, k->alg == FG_ALG_SM2 ? EVP_sm3() : EVP_sha256(),
                                       NULL, k->pkey) == 1;
    ok = ok && tune(pctx, k->alg);
    ok = ok && EVP_DigestSign(ctx, raw ? der : sig, &dl, msg, n) == 1;
    EVP_MD_CTX_free(ctx);
    if (ok && raw) {
        ok = der_to_raw(der, dl, sig) == 0;
        dl = 64;
    }
    if (!ok)
        return fg_err_set(err, FG_EIO, "signing failed");
    *sig_len = dl;
    return 0;
}
