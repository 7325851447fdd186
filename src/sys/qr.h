/* QR codes for passes (libqrencode): alphanumeric mode, error correction Q,
 * as PNG (libpng) or SVG; and reading one back from a PNG (zbar). */
#ifndef FG_UTIL_QR_H
#define FG_UTIL_QR_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

/* The QR version the text needs at level Q in alphanumeric mode. */
int fg_qr_version(const char *text, int *out, fg_err *err);
/* A PNG of `scale` pixels per module with a 4-module quiet zone. */
int fg_qr_png(const char *text, int scale, fg_buf *out, fg_err *err);
/* An SVG (one path) with a 4-module quiet zone. */
int fg_qr_svg(const char *text, fg_buf *out, fg_err *err);
/* Reads the first QR code in a PNG file; its text appended to out. */
int fg_qr_read_png(const char *path, fg_buf *out, fg_err *err);

#endif
