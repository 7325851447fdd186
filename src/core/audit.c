/* Audit hash chain. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/sha256.h"

/* Feeds "<len>:<bytes>\n" into the digest. */
static void hash_field(fg_sha256 *ctx, const char *s, size_t n)
{
    char num[24];
    size_t k = 0;
    num[sizeof(num) - 1 - k++] = ':';
    size_t u = n;
    do {
        num[sizeof(num) - 1 - k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    fg_sha256_update(ctx, num + sizeof(num) - k, k);
    fg_sha256_update(ctx, s, n);
    fg_sha256_update(ctx, "\n", 1);
}

static void hash_str(fg_sha256 *ctx, const char *s)
{
    hash_field(ctx, s, strlen(s));
}

/* Decimal, zero-padded to `width` digits (v >= 0). */
static void hash_int(fg_sha256 *ctx, int64_t v, int width)
{
    char num[24];
    size_t n = 0;
    uint64_t u = (uint64_t)(v < 0 ? 0 : v);
    do {
        num[sizeof(num) - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || (int)n < width);
    hash_field(ctx, num + sizeof(num) - n, n);
}

void fg_audit_hash(const char *prev_hex, const fg_audit_entry *e, char out[FG_AUDIT_HASH_HEX])
{
    unsigned char h[32];
    fg_sha256 sha, *ctx = &sha;
    fg_sha256_init(ctx);
    hash_str(ctx, prev_hex);
    hash_int(ctx, e->seq, 1);
    hash_str(ctx, e->id);
    hash_int(ctx, e->at_ms, 1);
    hash_str(ctx, e->actor);
    hash_str(ctx, e->action);
    hash_str(ctx, e->entity);
    hash_str(ctx, e->entity_id);
    hash_int(ctx, e->region, 6);
    hash_str(ctx, e->detail);
    if (e->rows && e->rows[0])
        hash_str(ctx, e->rows);
    /* A failed digest yields zeros, which never verify: loud, not silent. */
    fg_sha256_final(ctx, h);
    fg_hex(h, 32, out);
}

void fg_audit_row_digest(const char *table, const char *const *vals, int n,
                         char out[FG_AUDIT_HASH_HEX])
{
    unsigned char h[32];
    fg_sha256 sha, *ctx = &sha;
    fg_sha256_init(ctx);
    hash_str(ctx, table);
    for (int i = 0; i < n; i++) {
        /* NULL is "N", a value "V" then the value: never the same bytes. */
        fg_sha256_update(ctx, vals[i] ? "V" : "N", 1);
        if (vals[i])
            hash_str(ctx, vals[i]);
    }
    fg_sha256_final(ctx, h);
    fg_hex(h, 32, out);
}

int fg_audit_row_cmp(const fg_audit_row *a, const fg_audit_row *b)
{
    int c = strcmp(a->table, b->table);
    c = c ? c : strcmp(a->k1, b->k1);
    c = c ? c : strcmp(a->k2, b->k2);
    return c ? c : strcmp(a->k3, b->k3);
}

static int row_qcmp(const void *a, const void *b)
{
    return fg_audit_row_cmp(a, b);
}

void fg_audit_rows_sort(fg_audit_row *rows, size_t n)
{
    if (n > 1)
        qsort(rows, n, sizeof(*rows), row_qcmp);
}

void fg_audit_rows_hash(const fg_audit_row *rows, size_t n, char out[FG_AUDIT_HASH_HEX])
{
    unsigned char h[32];
    fg_sha256 sha, *ctx = &sha;
    fg_sha256_init(ctx);
    for (size_t i = 0; i < n; i++) {
        hash_str(ctx, rows[i].table);
        hash_str(ctx, rows[i].k1);
        hash_str(ctx, rows[i].k2);
        hash_str(ctx, rows[i].k3);
        hash_str(ctx, rows[i].digest);
    }
    fg_sha256_final(ctx, h);
    fg_hex(h, 32, out);
}

int fg_audit_anchor_message(const fg_audit_anchor *a, char *out, size_t cap)
{
    int n = snprintf(out, cap, "fugong audit anchor v1\n%lld\n%s\n%lld\n", (long long)a->seq,
                     a->hash, (long long)a->at_ms);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}
