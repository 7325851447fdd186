/* Vocabulary words in files: matching and yes/no. */
#include "words.h"

#include <string.h>

#include "../util/err.h"

static const fg_word yes = {"true", "是", "Yes"}, no = {"false", "否", "No"};

const char *fg_word_text(const fg_word *w, bool en)
{
    return en ? w->en : w->zh;
}

static bool ascii_case_eq(const char *a, const char *s, size_t n)
{
    if (strlen(a) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)s[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool fg_word_is(const fg_word *w, const char *s, size_t n)
{
    return ascii_case_eq(w->name, s, n) || ascii_case_eq(w->en, s, n) ||
           (strlen(w->zh) == n && memcmp(w->zh, s, n) == 0);
}

int fg_word_find(const fg_word *words, size_t count, const char *s, size_t n)
{
    while (n && *s == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < count; i++)
        if (fg_word_is(&words[i], s, n))
            return (int)i;
    return -1;
}

/* The length of the list separator at s, or 0. */
static size_t separator(const char *s)
{
    if (*s == '|' || *s == ',' || *s == ';')
        return 1;
    static const char *const wide[] = {"\xE3\x80\x81", "\xEF\xBC\x8C", "\xEF\xBC\x9B"};
    for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
        if (strncmp(s, wide[i], 3) == 0)
            return 3;
    return 0;
}

int fg_word_list(const fg_word *words, size_t count, const char *s, unsigned *out_bits,
                 const char **out_bad, size_t *out_bad_len)
{
    unsigned bits = 0;
    while (*s) {
        size_t n = 0;
        while (s[n] && !separator(s + n))
            n++;
        int i = fg_word_find(words, count, s, n);
        if (i >= 0) {
            bits |= 1u << i;
        } else {
            for (size_t k = 0; k < n;) { /* names separated by spaces */
                size_t m = 0;
                while (k + m < n && s[k + m] != ' ')
                    m++;
                if (m == 0) {
                    k++;
                    continue;
                }
                int j = fg_word_find(words, count, s + k, m);
                if (j < 0 || strlen(words[j].name) != m) {
                    *out_bad = s;
                    *out_bad_len = n;
                    return FG_EINVAL;
                }
                bits |= 1u << j;
                k += m;
            }
        }
        s += n;
        s += *s ? separator(s) : 0;
    }
    *out_bits = bits;
    return 0;
}

int fg_word_yes_no(const char *s, bool *out)
{
    size_t n = strlen(s);
    if (fg_word_find(&yes, 1, s, n) == 0 || strcmp(s, "1") == 0 || strcmp(s, "Y") == 0) {
        *out = true;
        return 0;
    }
    if (fg_word_find(&no, 1, s, n) == 0 || strcmp(s, "0") == 0 || strcmp(s, "N") == 0) {
        *out = false;
        return 0;
    }
    return FG_EINVAL;
}

const fg_word *fg_word_bool(bool v)
{
    return v ? &yes : &no;
}
