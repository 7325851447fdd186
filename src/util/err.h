/* Error codes and the error record that carries a message a person can act on.
 * Every fallible function returns 0 or a negative FG_E* code; when it takes an
 * fg_err it also fills in the message (lower case, naming what failed).
 *
 * An error a person can act on also carries a stable problem key ("uscc.check",
 * "order.too_long") and named parameters, so that the browser can say it in
 * the user's language from its catalogue (web/src/problems.js); the English
 * message is the catalogue's English. Parameters are named inside the format:
 * "{name:%s}" formats as the conversion alone in the message and records
 * name=value. scripts/problem-lint.mjs fails the build when a key the server
 * can send has no Chinese text, or the text names a parameter the format does
 * not. Errors nobody but an operator can act on (out of memory, the database,
 * a file) use fg_err_set and are sent as "internal". */
#ifndef FG_UTIL_ERR_H
#define FG_UTIL_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    FG_OK = 0,
    FG_EINVAL = -1,    /* bad input: the message says which field and why */
    FG_ENOTFOUND = -2, /* the named thing does not exist */
    FG_EEXIST = -3,    /* a unique key is already taken */
    FG_EPERM = -4,     /* authenticated, but not allowed (role or jurisdiction) */
    FG_EAUTH = -5,     /* not authenticated, or bad credentials */
    FG_ECONFLICT = -6, /* the record changed since it was read */
    FG_ETOOBIG = -7,   /* a size limit was exceeded */
    FG_ENOMEM = -8,    /* out of memory */
    FG_EDB = -9,       /* the database failed */
    FG_EUNAVAIL = -10, /* a dependency is down; try again later */
    FG_ERATE = -11,    /* too many attempts; try again later */
    FG_EIO = -12,      /* a file or stream failed */
};

#define FG_ERR_MAX_PARAMS 6

typedef struct fg_err_param {
    char name[24];
    char value[120];
} fg_err_param;

/* An error record. `key` is the stable problem key (a static string; "" when
 * there is none); `field` names the offending input field when there is one
 * (empty otherwise); `msg` is a complete sentence fragment such as
 * "uscc: check character is 'X', expected 'Y'"; `params` the named values. */
typedef struct fg_err {
    int code;
    const char *key;
    char field[48];
    char msg[400];
    int nparams;
    fg_err_param params[FG_ERR_MAX_PARAMS];
} fg_err;

/* Clears `err` (no allocation, cannot fail). NULL is fine. */
void fg_err_init(fg_err *err);

/* Sets code and a printf-style message with no problem key (for failures
 * only an operator can act on); returns `code` so callers can write
 * `return fg_err_set(err, FG_ENOMEM, "...")`. `err` may be NULL. */
int fg_err_set(fg_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Sets code, the offending input field (NULL for none), the problem key and
 * the message, whose "{name:%conv}" parts become named parameters. Returns
 * `code`. `err` may be NULL. */
int fg_err_at(fg_err *err, int code, const char *field, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int fg_err_vat(fg_err *err, int code, const char *field, const char *key, const char *fmt,
               va_list ap) __attribute__((format(printf, 5, 0)));

/* Adds a parameter to an error already set, and prefixes the message with
 * `prefix` (which may be ""): how a caller says where a lower layer's error
 * was ("line 12: ..."). Keeps code, key and field. Returns err->code. */
int fg_err_wrap(fg_err *err, const char *name, const char *value, const char *prefix);

/* The value of parameter `name`, or NULL. */
const char *fg_err_param_get(const fg_err *err, const char *name);

/* A short, stable name of a code ("invalid", "not found", ...). */
const char *fg_err_name(int code);

#endif
