/* What people type: how many characters of a text can be seen. One rule for
 * every minimum length (a reason, a name, a note): spaces, control
 * characters, zero-width and other invisible characters do not count, so a
 * reason of spaces or zero-width spaces is no reason. Pure. */
#ifndef FG_CORE_TEXT_H
#define FG_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether code point c is shown as nothing: C0 and C1 control characters,
 * DEL, every Unicode space (U+0020, U+00A0, U+1680, U+2000..U+200A, U+202F,
 * U+205F, U+3000), zero-width and joining characters (U+200B..U+200D,
 * U+2060..U+2064, U+FEFF), bidirectional marks (U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+206F), the line and paragraph separators
 * (U+2028, U+2029), the soft hyphen (U+00AD), the Mongolian vowel separator
 * (U+180E), Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), variation
 * selectors (U+FE00..U+FE0F, U+E0100..U+E01EF) and tags (U+E0000..U+E007F). */
bool fg_text_invisible(uint32_t c);

/* The number of visible characters (code points that fg_text_invisible
 * does not name) in s, which should be valid UTF-8 (fg_utf8_check);
 * malformed input is counted without reading past its end. */
size_t fg_text_visible(const char *s);

#endif
