/* Error records: formatting with named parameters, and names of the FG_E*
 * codes. */
#include "err.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void fg_err_init(fg_err *err)
{
    if (!err)
        return;
    err->code = 0;
    err->key = "";
    err->field[0] = '\0';
    err->msg[0] = '\0';
    err->nparams = 0;
}

/* Appends `s` (n bytes) to out[*len] within cap, always terminated. */
static void put(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    if (*len + 1 >= cap)
        return;
    if (n > cap - 1 - *len)
        n = cap - 1 - *len;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

/* `spec` below is one conversion cut from a format the caller's format
 * attribute has checked against its arguments. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* Formats one conversion, fmt[0] == '%', into buf; returns the length of the
 * conversion spec consumed. Arguments are taken from `ap` by the type the
 * spec names, as printf would. */
static size_t one_conv(const char *fmt, va_list *ap, char *buf, size_t cap)
{
    const char *p = fmt + 1;
    char spec[32];
    size_t sl = 0;
    int width = -1, prec = -1;
    spec[sl++] = '%';
    while (*p && strchr("-+ #0", *p) && sl < 8)
        spec[sl++] = *p++;
    if (*p == '*') {
        width = va_arg(*ap, int);
        p++;
    } else {
        while (*p >= '0' && *p <= '9' && sl < 14)
            spec[sl++] = *p++;
    }
    if (width >= 0)
        sl += (size_t)snprintf(spec + sl, sizeof(spec) - sl, "%d", width);
    if (*p == '.') {
        spec[sl++] = *p++;
        if (*p == '*') {
            prec = va_arg(*ap, int);
            p++;
            sl += (size_t)snprintf(spec + sl, sizeof(spec) - sl, "%d", prec < 0 ? 0 : prec);
        } else {
            while (*p >= '0' && *p <= '9' && sl < 22)
                spec[sl++] = *p++;
        }
    }
    char len1 = 0, len2 = 0;
    if (*p && strchr("hlzjtL", *p)) {
        len1 = *p++;
        if ((len1 == 'h' || len1 == 'l') && *p == len1)
            len2 = *p++;
    }
    if (len1)
        spec[sl++] = len1;
    if (len2)
        spec[sl++] = len2;
    char conv = *p ? *p++ : '\0';
    spec[sl++] = conv;
    spec[sl] = '\0';
    buf[0] = '\0';
    switch (conv) {
    case 'd':
    case 'i':
        if (len1 == 'l' && len2)
            snprintf(buf, cap, spec, va_arg(*ap, long long));
        else if (len1 == 'l')
            snprintf(buf, cap, spec, va_arg(*ap, long));
        else if (len1 == 'z')
            snprintf(buf, cap, spec, va_arg(*ap, ptrdiff_t));
        else if (len1 == 'j')
            snprintf(buf, cap, spec, va_arg(*ap, intmax_t));
        else if (len1 == 't')
            snprintf(buf, cap, spec, va_arg(*ap, ptrdiff_t));
        else
            snprintf(buf, cap, spec, va_arg(*ap, int));
        break;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
        if (len1 == 'l' && len2)
            snprintf(buf, cap, spec, va_arg(*ap, unsigned long long));
        else if (len1 == 'l')
            snprintf(buf, cap, spec, va_arg(*ap, unsigned long));
        else if (len1 == 'z')
            snprintf(buf, cap, spec, va_arg(*ap, size_t));
        else if (len1 == 'j')
            snprintf(buf, cap, spec, va_arg(*ap, uintmax_t));
        else if (len1 == 't')
            snprintf(buf, cap, spec, va_arg(*ap, size_t));
        else
            snprintf(buf, cap, spec, va_arg(*ap, unsigned));
        break;
    case 'c': snprintf(buf, cap, spec, va_arg(*ap, int)); break;
    case 's': snprintf(buf, cap, spec, va_arg(*ap, const char *)); break;
    case 'p': snprintf(buf, cap, spec, va_arg(*ap, void *)); break;
    case 'e':
    case 'f':
    case 'g':
        if (len1 == 'L')
            snprintf(buf, cap, spec, va_arg(*ap, long double));
        else
            snprintf(buf, cap, spec, va_arg(*ap, double));
        break;
    case '%': snprintf(buf, cap, "%%"); break;
    default: break; /* the format attribute keeps others out */
    }
    return (size_t)(p - fmt);
}
#pragma GCC diagnostic pop

/* "{name:" at s: the length of name (letters, digits, '_'), or 0. */
static size_t param_open(const char *s)
{
    if (*s != '{')
        return 0;
    size_t n = 1;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    return n > 1 && s[n] == ':' && n - 1 < sizeof(((fg_err_param *)0)->name) ? n - 1 : 0;
}

static void err_format(fg_err *err, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    size_t len = 0;
    err->msg[0] = '\0';
    err->nparams = 0;
    fg_err_param *cur = NULL; /* inside {name:...} */
    size_t cur_len = 0;
    for (const char *p = fmt; *p;) {
        size_t nl;
        if (!cur && (nl = param_open(p)) && err->nparams < FG_ERR_MAX_PARAMS) {
            cur = &err->params[err->nparams++];
            memcpy(cur->name, p + 1, nl);
            cur->name[nl] = '\0';
            cur->value[0] = '\0';
            cur_len = 0;
            p += nl + 2;
            continue;
        }
        if (cur && *p == '}') {
            cur = NULL;
            p++;
            continue;
        }
        char piece[400];
        size_t n;
        if (*p == '%') {
            p += one_conv(p, &aq, piece, sizeof(piece));
            n = strlen(piece);
        } else {
            n = strcspn(p + 1, "%{}") + 1;
            if (n >= sizeof(piece))
                n = sizeof(piece) - 1;
            memcpy(piece, p, n);
            piece[n] = '\0';
            p += n;
        }
        put(err->msg, sizeof(err->msg), &len, piece, n);
        if (cur)
            put(cur->value, sizeof(cur->value), &cur_len, piece, n);
    }
    va_end(aq);
}

int fg_err_vat(fg_err *err, int code, const char *field, const char *key, const char *fmt,
               va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->key = key ? key : "";
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    err_format(err, fmt, ap);
    return code;
}

int fg_err_at(fg_err *err, int code, const char *field, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fg_err_vat(err, code, field, key, fmt, ap);
    va_end(ap);
    return code;
}

int fg_err_set(fg_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        err->key = "";
        err->field[0] = '\0';
        err->nparams = 0;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
    }
    return code;
}

int fg_err_wrap(fg_err *err, const char *name, const char *value, const char *prefix)
{
    if (!err)
        return FG_EINVAL; /* no record to keep a code in: callers check err first */
    if (err->nparams < FG_ERR_MAX_PARAMS) {
        fg_err_param *p = &err->params[err->nparams++];
        snprintf(p->name, sizeof(p->name), "%s", name);
        snprintf(p->value, sizeof(p->value), "%s", value);
    }
    if (prefix && *prefix) {
        char m[sizeof(err->msg)];
        snprintf(m, sizeof(m), "%s%s", prefix, err->msg);
        memcpy(err->msg, m, sizeof(m));
    }
    return err->code;
}

const char *fg_err_param_get(const fg_err *err, const char *name)
{
    for (int i = 0; i < err->nparams; i++)
        if (strcmp(err->params[i].name, name) == 0)
            return err->params[i].value;
    return NULL;
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
