/* Text that arrives in the encodings Chinese offices save it in: a file that
 * is not UTF-8 is read as GB 18030 (a superset of GBK and GB 2312, what Excel
 * saves as "CSV" on a Chinese Windows) and converted. iconv loads its
 * converters from the system, which is why this is not in core/. */
#ifndef FG_SYS_TEXT_H
#define FG_SYS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

/* When data[0..len) is UTF-8 (a BOM or not), *out_converted is false and out
 * is untouched. Otherwise it is converted from GB 18030 into out (appended,
 * NUL-terminated) and *out_converted is true; FG_EINVAL when it is neither,
 * naming the byte offset where decoding failed. */
int fg_text_to_utf8(const char *data, size_t len, fg_buf *out, bool *out_converted, fg_err *err);

#endif
