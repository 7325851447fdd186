/* Error codes and the error record that carries a message a person can act on.
 * Every fallible function returns 0 or a negative FG_E* code; when it takes an
 * fg_err it also fills in the message (lower case, naming what failed). */
#ifndef FG_UTIL_ERR_H
#define FG_UTIL_ERR_H

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

/* An error record. `field` names the offending input field when there is one
 * (empty otherwise); `msg` is a complete sentence fragment such as
 * "uscc: check character is 'X', expected 'Y'". */
typedef struct fg_err {
    int code;
    char field[48];
    char msg[400];
} fg_err;

/* Clears `err` (no allocation, cannot fail). NULL is fine. */
void fg_err_init(fg_err *err);

/* Sets code and a printf-style message; returns `code` so callers can write
 * `return fg_err_set(err, FG_EINVAL, "...")`. `err` may be NULL. */
int fg_err_set(fg_err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* As fg_err_set, and records which input field was at fault. */
int fg_err_field(fg_err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A short, stable name of a code ("invalid", "not found", ...). */
const char *fg_err_name(int code);

#endif
