/* fg_buf: growable, NUL-terminated, size-capped byte buffer. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static char buf_empty[1];

void fg_buf_init(fg_buf *b, size_t cap)
{
    b->buf = buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap ? cap : (size_t)64 << 20;
}

void fg_buf_release(fg_buf *b)
{
    if (b->alloc)
        free(b->buf);
    b->buf = buf_empty;
    b->len = 0;
    b->alloc = 0;
}

void fg_buf_reset(fg_buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->buf[0] = '\0';
}

static int buf_grow(fg_buf *b, size_t extra)
{
    if (extra >= b->cap - b->len)
        return FG_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n / 2 * 3 + 16;
    char *p = b->alloc ? realloc(b->buf, n) : malloc(n);
    if (!p)
        return FG_ENOMEM;
    if (!b->alloc)
        p[0] = '\0';
    b->buf = p;
    b->alloc = n;
    return 0;
}

int fg_buf_reserve(fg_buf *b, size_t extra)
{
    return buf_grow(b, extra);
}

void fg_strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= size)
        n = size - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int fg_buf_add(fg_buf *b, const void *data, size_t len)
{
    int rc = buf_grow(b, len);
    if (rc)
        return rc;
    memcpy(b->buf + b->len, data, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return 0;
}

int fg_buf_adds(fg_buf *b, const char *s)
{
    return fg_buf_add(b, s, strlen(s));
}

int fg_buf_addc(fg_buf *b, char c)
{
    return fg_buf_add(b, &c, 1);
}

int fg_buf_vaddf(fg_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return FG_EINVAL;
    int rc = buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int fg_buf_addf(fg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = fg_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int fg_buf_add_int(fg_buf *b, int64_t v)
{
    char num[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        num[sizeof(num) - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        num[sizeof(num) - 1 - n++] = '-';
    return fg_buf_add(b, num + sizeof(num) - n, n);
}

int fg_buf_add_json_str(fg_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    int rc = fg_buf_addc(b, '"');
    const char *run = s;
    for (; rc == 0 && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = fg_buf_add(b, run, (size_t)(s - run));
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        if (rc == 0)
            rc = fg_buf_add(b, esc, n);
        run = s + 1;
    }
    if (rc == 0)
        rc = fg_buf_add(b, run, (size_t)(s - run));
    if (rc == 0)
        rc = fg_buf_addc(b, '"');
    return rc;
}

char *fg_buf_detach(fg_buf *b, size_t *out_len)
{
    char *p = b->buf;
    if (!b->alloc) {
        p = malloc(1);
        if (!p)
            return NULL;
        p[0] = '\0';
    }
    if (out_len)
        *out_len = b->len;
    b->buf = buf_empty;
    b->len = 0;
    b->alloc = 0;
    return p;
}

void fg_hex(const void *data, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

char *fg_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int fg_grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}
