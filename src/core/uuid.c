/* UUIDv7 formatting and checking. */
#include "uuid.h"

#include <string.h>

#include "../util/err.h"

void fg_uuid_v7(int64_t ms, const unsigned char rnd[10], char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];
    uint64_t t = (uint64_t)ms & 0xffffffffffffULL;
    for (int i = 0; i < 6; i++)
        b[i] = (unsigned char)(t >> (40 - 8 * i));
    memcpy(b + 6, rnd, 10);
    b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
    b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 15];
    }
    *p = '\0';
}

int fg_uuid_check(const char *s)
{
    if (strlen(s) != 36)
        return FG_EINVAL;
    for (int i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return FG_EINVAL;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return FG_EINVAL;
        }
    }
    if (s[14] != '7' || !strchr("89ab", s[19]))
        return FG_EINVAL;
    return 0;
}
