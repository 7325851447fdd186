/* Audit hash chain. */
#include "audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void hash_field(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    size_t n = strlen(s);
    int k = snprintf(len, sizeof(len), "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)k);
    crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

void fg_audit_hash(const char *prev_hex, const fg_audit_entry *e, char out[FG_AUDIT_HASH_HEX])
{
    crypto_hash_sha256_state st;
    char num[32];
    crypto_hash_sha256_init(&st);
    hash_field(&st, prev_hex);
    snprintf(num, sizeof(num), "%lld", (long long)e->seq);
    hash_field(&st, num);
    hash_field(&st, e->id);
    snprintf(num, sizeof(num), "%lld", (long long)e->at_ms);
    hash_field(&st, num);
    hash_field(&st, e->actor);
    hash_field(&st, e->action);
    hash_field(&st, e->entity);
    hash_field(&st, e->entity_id);
    snprintf(num, sizeof(num), "%06d", (int)e->region);
    hash_field(&st, num);
    hash_field(&st, e->detail);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, FG_AUDIT_HASH_HEX, h, sizeof(h));
}
