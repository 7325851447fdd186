/* Visible characters of a text (see text.h). */
#include "text.h"

bool fg_text_invisible(uint32_t c)
{
    if (c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad)
        return true;
    if (c < 0x115f)
        return false;
    return c == 0x115f || c == 0x1160 || c == 0x1680 || c == 0x180e ||
           (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
           (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0x3164 ||
           (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff || c == 0xffa0 ||
           (c >= 0xe0000 && c <= 0xe007f) || (c >= 0xe0100 && c <= 0xe01ef);
}

size_t fg_text_visible(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        uint32_t c = *p;
        size_t more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        if (more)
            c &= 0x3fu >> more;
        p++;
        for (; more && (*p & 0xc0) == 0x80; more--, p++)
            c = (c << 6) | (*p & 0x3fu);
        if (more) { /* cut short: not a character that can be hidden */
            n++;
            continue;
        }
        n += !fg_text_invisible(c);
    }
    return n;
}
