/* SHA-256 with a fetched algorithm and per-thread contexts. */
#include "sha256.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t sha_once = PTHREAD_ONCE_INIT;
static pthread_key_t sha_key;
static EVP_MD *sha_md;

static void sha_free_ctx(void *p)
{
    EVP_MD_CTX_free(p);
}

static void sha_setup(void)
{
    sha_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    pthread_key_create(&sha_key, sha_free_ctx);
}

void fg_sha256_init(fg_sha256 *h)
{
    pthread_once(&sha_once, sha_setup);
    EVP_MD_CTX *ctx = pthread_getspecific(sha_key);
    if (!ctx && (ctx = EVP_MD_CTX_new()) != NULL)
        pthread_setspecific(sha_key, ctx);
    h->ctx = ctx;
    h->ok = ctx && sha_md && EVP_DigestInit_ex2(ctx, sha_md, NULL) == 1;
}

void fg_sha256_update(fg_sha256 *h, const void *data, size_t len)
{
    if (h->ok && EVP_DigestUpdate(h->ctx, data, len) != 1)
        h->ok = 0;
}

int fg_sha256_final(fg_sha256 *h, unsigned char out[32])
{
    unsigned int n = 0;
    if (h->ok && EVP_DigestFinal_ex(h->ctx, out, &n) == 1 && n == 32)
        return 0;
    memset(out, 0, 32);
    return -1;
}
