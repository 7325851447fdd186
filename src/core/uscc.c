/* GB 32100-2015 check character. */
#include "uscc.h"

#include <string.h>

#include "../util/assert.h"

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
    const char *p = c ? strchr(uscc_alphabet, c) : NULL;
    return p ? (int)(p - uscc_alphabet) : -1;
}

char fg_uscc_check_char(const char *first17)
{
    int w = 1, sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = uscc_value(first17[i]);
        if (v < 0)
            return '\0';
        sum += v * w;
        w = w * 3 % 31;
    }
    int c = 31 - sum % 31;
    FG_ASSERT(c >= 1 && c <= 31);
    return uscc_alphabet[c == 31 ? 0 : c];
}

int fg_uscc_validate(const char *s, fg_err *err)
{
    size_t n = strlen(s);
    if (n != FG_USCC_LEN)
        return fg_err_at(err, FG_EINVAL, "uscc", "uscc.length",
                         "uscc must be 18 characters, '{value:%.40s}' has {length:%zu}", s, n);
    for (size_t i = 0; i < n; i++) {
        if (uscc_value(s[i]) < 0) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 'a' && c <= 'z')
                return fg_err_at(err, FG_EINVAL, "uscc", "uscc.lower_case",
                                 "uscc character {pos:%zu} is lower-case '{char:%c}'; write it in "
                                 "capitals",
                                 i + 1, c);
            if (c >= 0x20 && c < 0x7f)
                return fg_err_at(err, FG_EINVAL, "uscc", "uscc.letter",
                                 "uscc character {pos:%zu} '{char:%c}' is not allowed (letters I, "
                                 "O, S, V and Z are never used)",
                                 i + 1, c);
            return fg_err_at(err, FG_EINVAL, "uscc", "uscc.character",
                             "uscc character {pos:%zu} is not a digit or capital letter", i + 1);
        }
    }
    char want = fg_uscc_check_char(s);
    if (want != s[17])
        return fg_err_at(err, FG_EINVAL, "uscc", "uscc.check",
                         "uscc {uscc:%s} fails the check: last character is '{got:%c}', expected "
                         "'{want:%c}'",
                         s, s[17], want);
    return 0;
}
