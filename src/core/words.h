/* The words of a vocabulary as people read and write them in files: beside
 * each API name (key_industrial, in_force...), the Chinese word an office
 * uses (重点工业企业, 生效中) and the English one. Exports write the words;
 * imports read a name or either word. Pure. */
#ifndef FG_CORE_WORDS_H
#define FG_CORE_WORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fg_word {
    const char *name; /* the API's name: lower case, ASCII */
    const char *zh;   /* the word in Chinese (zh-CN) */
    const char *en;   /* the word in English */
} fg_word;

/* The word in the language asked for: English when `en`, else Chinese. */
const char *fg_word_text(const fg_word *w, bool en);
/* Whether s[0..n) is the name or one of the words of `w`: the name and the
 * English word without regard to ASCII case, the Chinese word exactly. */
bool fg_word_is(const fg_word *w, const char *s, size_t n);
/* The index in words[0..count) of the entry s[0..n) names (see fg_word_is),
 * after trimming ASCII spaces around it; -1 if none. */
int fg_word_find(const fg_word *words, size_t count, const char *s, size_t n);
/* Reads a list cell of words from `words[0..count)` (at most 32) into the
 * bits (1 << index): items separated by |, comma, semicolon or 、 (and the
 * full-width ， and ；), spaces around them ignored; an item that is not a word
 * may be names separated by spaces, as older files have them. An empty cell
 * is no bits. FG_EINVAL with the unknown item in *out_bad[0..*out_bad_len). */
int fg_word_list(const fg_word *words, size_t count, const char *s, unsigned *out_bits,
                 const char **out_bad, size_t *out_bad_len);
/* Yes and no as files say them: 是/否, true/false, yes/no, 1/0. Reads into
 * *out and returns 0; FG_EINVAL when s is none of them (empty is the
 * caller's to decide). */
int fg_word_yes_no(const char *s, bool *out);
/* The words for yes (true) and no (false). */
const fg_word *fg_word_bool(bool v);

#endif
