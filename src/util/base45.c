/* Base45, RFC 9285 section 4: two bytes become three characters (c + d*45 +
 * e*45^2 = a*256 + b), a last single byte two characters. */
#include "base45.h"

#include "err.h"

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

int fg_base45_encode(const uint8_t *data, size_t n, fg_buf *out)
{
    int rc = fg_buf_reserve(out, n / 2 * 3 + 3);
    for (size_t i = 0; rc == 0 && i < n; i += 2) {
        unsigned v = i + 1 < n ? (unsigned)data[i] * 256 + data[i + 1] : data[i];
        char c[3] = {alphabet[v % 45], alphabet[v / 45 % 45], alphabet[v / 2025]};
        rc = fg_buf_add(out, c, i + 1 < n ? 3 : 2);
    }
    return rc;
}

static int value_of(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 10;
    for (int i = 36; i < 45; i++)
        if (alphabet[i] == ch)
            return i;
    return -1;
}

int fg_base45_decode(const char *s, size_t n, fg_buf *out)
{
    if (n % 3 == 1)
        return FG_EINVAL;
    int rc = fg_buf_reserve(out, n / 3 * 2 + 1);
    for (size_t i = 0; rc == 0 && i < n; i += 3) {
        size_t k = n - i < 3 ? n - i : 3;
        unsigned v = 0, f = 1;
        for (size_t j = 0; j < k; j++) {
            int d = value_of(s[i + j]);
            if (d < 0)
                return FG_EINVAL;
            v += (unsigned)d * f;
            f *= 45;
        }
        if (k == 3) {
            if (v > 0xffff)
                return FG_EINVAL;
            uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)(v & 0xff)};
            rc = fg_buf_add(out, b, 2);
        } else {
            if (v > 0xff)
                return FG_EINVAL;
            uint8_t b = (uint8_t)v;
            rc = fg_buf_add(out, &b, 1);
        }
    }
    return rc;
}
