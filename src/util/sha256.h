/* SHA-256 through OpenSSL's libcrypto (which uses the CPU's SHA instructions
 * where there are any), without a provider lookup or an allocation per hash:
 * the algorithm is fetched once per process and each thread reuses one
 * context. */
#ifndef FG_UTIL_SHA256_H
#define FG_UTIL_SHA256_H

#include <stddef.h>

typedef struct fg_sha256 {
    void *ctx; /* the thread's EVP_MD_CTX (borrowed) */
    int ok;    /* 0 after any failure: the digest must not be trusted */
} fg_sha256;

/* Starts a digest on the calling thread. Only one digest per thread may be in
 * progress at a time. */
void fg_sha256_init(fg_sha256 *h);
void fg_sha256_update(fg_sha256 *h, const void *data, size_t len);
/* Writes 32 bytes; returns 0, or -1 if any step failed (out is then zeroed). */
int fg_sha256_final(fg_sha256 *h, unsigned char out[32]);

#endif
