/* Error records: formatting and names of the FG_E* codes. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fg_err_init(fg_err *err)
{
    if (!err)
        return;
    err->code = 0;
    err->field[0] = '\0';
    err->msg[0] = '\0';
}

static void err_vset(fg_err *err, int code, const char *field, const char *fmt, va_list ap)
{
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int fg_err_set(fg_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err_vset(err, code, NULL, fmt, ap);
        va_end(ap);
    }
    return code;
}

int fg_err_field(fg_err *err, int code, const char *field, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err_vset(err, code, field, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *fg_err_name(int code)
{
    switch (code) {
    case FG_OK: return "ok";
    case FG_EINVAL: return "invalid";
    case FG_ENOTFOUND: return "not found";
    case FG_EEXIST: return "already exists";
    case FG_EPERM: return "forbidden";
    case FG_EAUTH: return "unauthenticated";
    case FG_ECONFLICT: return "conflict";
    case FG_ETOOBIG: return "too large";
    case FG_ENOMEM: return "out of memory";
    case FG_EDB: return "database error";
    case FG_EUNAVAIL: return "unavailable";
    case FG_ERATE: return "too many attempts";
    case FG_EIO: return "i/o error";
    }
    return "error";
}
