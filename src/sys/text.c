/* UTF-8 or GB 18030 to UTF-8 (see text.h). */
#include "text.h"

#include <errno.h>
#include <iconv.h>

#include "../core/enterprise.h"

int fg_text_to_utf8(const char *data, size_t len, fg_buf *out, bool *out_converted, fg_err *err)
{
    *out_converted = false;
    if (fg_utf8_check(data, len) == 0)
        return 0;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return fg_err_set(err, FG_EIO,
                          "the file is not UTF-8, and this system cannot read GB 18030");
    int rc = 0;
    char *in = (char *)(uintptr_t)data; /* iconv's signature; it does not write the input */
    size_t left = len;
    char chunk[16384];
    while (rc == 0 && left > 0) {
        char *o = chunk;
        size_t room = sizeof(chunk);
        size_t n = iconv(cd, &in, &left, &o, &room);
        int e = errno;
        rc = fg_buf_add(out, chunk, sizeof(chunk) - room);
        if (rc == 0 && n == (size_t)-1 && e != E2BIG)
            rc = fg_err_at(err, FG_EINVAL, NULL, "text.encoding",
                           "the file is neither UTF-8 nor GB 18030/GBK text (at byte {byte:%zu}); "
                           "save it as CSV UTF-8",
                           len - left);
    }
    iconv_close(cd);
    if (rc == 0)
        *out_converted = true;
    return rc;
}
