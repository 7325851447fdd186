/* fg_buf: the one growable byte buffer.
 *
 * Invariants: `buf` is always NUL-terminated (an initialised, empty buffer
 * points at a static ""), `len` excludes the NUL, and `len < cap` where `cap`
 * is the size limit set at init (0 means 64 MiB). Pointers into `buf` go stale
 * after any append. */
#ifndef FG_UTIL_BUF_H
#define FG_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fg_buf {
    char *buf;
    size_t len;
    size_t alloc;
    size_t cap;
} fg_buf;

/* Makes an empty buffer limited to `cap` bytes (0: 64 MiB). No allocation. */
void fg_buf_init(fg_buf *b, size_t cap);
/* Frees what the buffer holds and leaves it empty and usable. */
void fg_buf_release(fg_buf *b);
/* Empties the buffer, keeping its memory. */
void fg_buf_reset(fg_buf *b);
/* Makes room for `extra` more bytes without appending (0, FG_ENOMEM, FG_ETOOBIG). */
int fg_buf_reserve(fg_buf *b, size_t extra);
/* Copies the string `src` into dst[0..size), truncating; dst is always
 * terminated. For fixed-size fields (no format parsing, unlike snprintf). */
void fg_strlcpy(char *dst, const char *src, size_t size);
/* A malloc'd copy of s, or NULL when out of memory. */
char *fg_strdup(const char *s);
/* Writes data[0..n) as lower-case hex into out (2n + 1 bytes, NUL-terminated). */
void fg_hex(const void *data, size_t n, char *out);
/* Appends; return 0, FG_ENOMEM or FG_ETOOBIG (the buffer is unchanged then). */
int fg_buf_add(fg_buf *b, const void *data, size_t len);
int fg_buf_adds(fg_buf *b, const char *s);
int fg_buf_addc(fg_buf *b, char c);
int fg_buf_addf(fg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fg_buf_vaddf(fg_buf *b, const char *fmt, va_list ap);
/* Appends the decimal digits of v. */
int fg_buf_add_int(fg_buf *b, int64_t v);
/* Appends `s` as a JSON string literal, quotes included. */
int fg_buf_add_json_str(fg_buf *b, const char *s);
/* Hands the malloc'd string to the caller (new; free() it) and leaves the
 * buffer empty. Returns NULL on allocation failure. */
char *fg_buf_detach(fg_buf *b, size_t *out_len);

/* Makes room for item n of the growing array *p of `size`-byte items
 * holding *cap, doubling it (256 at first): 0, or -1 out of memory (*p
 * unchanged). */
int fg_grow(void **p, size_t *cap, size_t n, size_t size);

#endif
