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
    if (e->order > 0)
        hash_str(ctx, "fugong audit v2");
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
    if (e->order > 0) {
        hash_int(ctx, e->chain, 6);
        hash_int(ctx, e->order, 1);
    }
    /* A failed digest yields zeros, which never verify: loud, not silent. */
    fg_sha256_final(ctx, h);
    fg_hex(h, 32, out);
}

int32_t fg_audit_chain_of(int32_t region)
{
    return region > 0 ? region / 10000 * 10000 : 0;
}

/* Appends "<len>:<bytes>\n" to b (one digest update for a whole row, not
 * three per field: rows are sealed by the hundred thousand in an import). */
static int put_field(fg_buf *b, const char *s, size_t n)
{
    char num[24];
    size_t k = 0;
    num[sizeof(num) - 1 - k++] = ':';
    size_t u = n;
    do {
        num[sizeof(num) - 1 - k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (fg_buf_add(b, num + sizeof(num) - k, k) || fg_buf_add(b, s, n))
        return -1;
    return fg_buf_addc(b, '\n');
}

void fg_audit_row_digest(const char *table, const char *const *vals, int n,
                         char out[FG_AUDIT_HASH_HEX])
{
    /* The same bytes as hashing field by field: the table, then for each
     * column "N" for NULL, or "V" and the value. */
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = put_field(&b, table, strlen(table));
    for (int i = 0; rc == 0 && i < n; i++) {
        rc = fg_buf_addc(&b, vals[i] ? 'V' : 'N');
        if (rc == 0 && vals[i])
            rc = put_field(&b, vals[i], strlen(vals[i]));
    }
    unsigned char h[32];
    fg_sha256 sha;
    fg_sha256_init(&sha);
    if (rc == 0) {
        fg_sha256_update(&sha, b.buf, b.len);
    } else {
        /* Out of memory for a very long row: hash it the slow way. */
        hash_str(&sha, table);
        for (int i = 0; i < n; i++) {
            fg_sha256_update(&sha, vals[i] ? "V" : "N", 1);
            if (vals[i])
                hash_str(&sha, vals[i]);
        }
    }
    fg_sha256_final(&sha, h);
    fg_hex(h, 32, out);
    fg_buf_release(&b);
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

int fg_audit_rows_text(const fg_audit_row *rows, size_t n, fg_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *f[5] = {rows[i].table, rows[i].k1, rows[i].k2, rows[i].k3, rows[i].digest};
        for (int k = 0; k < 5; k++)
            if (put_field(out, f[k], strlen(f[k])))
                return -1;
    }
    return 0;
}

void fg_audit_rows_hash(const char *text, size_t len, char out[FG_AUDIT_HASH_HEX])
{
    unsigned char h[32];
    fg_sha256 sha;
    fg_sha256_init(&sha);
    fg_sha256_update(&sha, text, len);
    fg_sha256_final(&sha, h);
    fg_hex(h, 32, out);
}

int fg_audit_rows_next(const char **p, const char *end, fg_audit_row_text *out)
{
    const char *s = *p;
    if (s >= end)
        return 0;
    for (int k = 0; k < 5; k++) {
        size_t len = 0;
        const char *d = s;
        while (d < end && *d >= '0' && *d <= '9' && len < ((size_t)1 << 40))
            len = len * 10 + (size_t)(*d++ - '0');
        if (d == s || d >= end || *d != ':' || (size_t)(end - d - 1) < len + 1 ||
            d[1 + len] != '\n')
            return -1;
        out->f[k] = d + 1;
        out->len[k] = len;
        s = d + 1 + len + 1;
    }
    *p = s;
    return 1;
}

int fg_audit_anchor_message(const fg_audit_anchor *a, char *out, size_t cap)
{
    int n = snprintf(out, cap, "fugong audit anchor v1\n%lld\n%s\n%lld\n", (long long)a->seq,
                     a->hash, (long long)a->at_ms);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}
