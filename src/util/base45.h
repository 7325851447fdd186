/* Base45 (RFC 9285): the QR alphanumeric-mode encoding of binary data. */
#ifndef FG_UTIL_BASE45_H
#define FG_UTIL_BASE45_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Appends the encoding of data[0..n) to out. 0 or FG_ENOMEM. */
int fg_base45_encode(const uint8_t *data, size_t n, fg_buf *out);
/* Decodes s[0..n) into out; FG_EINVAL for a character outside the alphabet,
 * a dangling single character, or a group whose value is too large. */
int fg_base45_decode(const char *s, size_t n, fg_buf *out);

#endif
