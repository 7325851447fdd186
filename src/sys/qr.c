/* QR encode (libqrencode) to PNG (libpng) and SVG; decode with zbar. */
#include "qr.h"

#include <png.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

static QRcode *encode(const char *text, fg_err *err)
{
    /* The hint only says how to treat non-alphanumeric characters; a pass is
     * all Base45, which the encoder puts in alphanumeric mode. */
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    if (!q)
        fg_err_at(err, FG_EINVAL, NULL, "qr.too_long", "the text does not fit a QR code");
    return q;
}

int fg_qr_version(const char *text, int *out, fg_err *err)
{
    QRcode *q = encode(text, err);
    if (!q)
        return FG_EINVAL;
    *out = q->version;
    QRcode_free(q);
    return 0;
}

static void png_write(png_structp p, png_bytep data, png_size_t n)
{
    fg_buf *b = png_get_io_ptr(p);
    if (fg_buf_add(b, data, n))
        png_error(p, "out of memory");
}

static void png_flush_nop(png_structp p)
{
    (void)p;
}

int fg_qr_png(const char *text, int scale, fg_buf *out, fg_err *err)
{
    QRcode *q = encode(text, err);
    if (!q)
        return FG_EINVAL;
    int side = (q->width + 8) * scale;
    png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = p ? png_create_info_struct(p) : NULL;
    unsigned char *row = malloc((size_t)side);
    volatile int rc = 0;
    if (!p || !info || !row) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    } else if (setjmp(png_jmpbuf(p))) {
        rc = fg_err_set(err, FG_ENOMEM, "cannot write the PNG");
    } else {
        png_set_write_fn(p, out, png_write, png_flush_nop);
        png_set_IHDR(p, info, (png_uint_32)side, (png_uint_32)side, 8, PNG_COLOR_TYPE_GRAY,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        png_write_info(p, info);
        for (int y = 0; y < side; y++) {
            int my = y / scale - 4;
            for (int x = 0; x < side; x++) {
                int mx = x / scale - 4;
                bool dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
                            (q->data[my * q->width + mx] & 1);
                row[x] = dark ? 0 : 255;
            }
            png_write_row(p, row);
        }
        png_write_end(p, NULL);
    }
    png_destroy_write_struct(&p, &info);
    free(row);
    QRcode_free(q);
    return rc;
}

int fg_qr_svg(const char *text, fg_buf *out, fg_err *err)
{
    QRcode *q = encode(text, err);
    if (!q)
        return FG_EINVAL;
    int side = q->width + 8;
    int rc = fg_buf_addf(out,
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                         "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                         "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                         side, side, side, side);
    for (int y = 0; rc == 0 && y < q->width; y++)
        for (int x = 0; rc == 0 && x < q->width; x++)
            if (q->data[y * q->width + x] & 1)
                rc = fg_buf_addf(out, "M%d %dh1v1h-1z", x + 4, y + 4);
    rc = rc ? rc : fg_buf_adds(out, "\"/></svg>\n");
    QRcode_free(q);
    return rc ? fg_err_set(err, FG_ENOMEM, "out of memory") : 0;
}

int fg_qr_read_png(const char *path, fg_buf *out, fg_err *err)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path))
        return fg_err_set(err, FG_EIO, "%s: not a PNG image (%s)", path, img.message);
    img.format = PNG_FORMAT_GRAY;
    size_t n = PNG_IMAGE_SIZE(img);
    unsigned char *pix = malloc(n);
    if (!pix || !png_image_finish_read(&img, NULL, pix, 0, NULL)) {
        free(pix);
        png_image_free(&img);
        return fg_err_set(err, FG_EIO, "%s: cannot read the image", path);
    }
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *z = zbar_image_create();
    zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(z, img.width, img.height);
    zbar_image_set_data(z, pix, n, NULL);
    int found = zbar_scan_image(sc, z);
    int rc = 0;
    const zbar_symbol_t *sym = found > 0 ? zbar_image_first_symbol(z) : NULL;
    if (!sym)
        rc = fg_err_at(err, FG_EINVAL, NULL, "qr.not_found",
                       "{file:%s}: no QR code found in the image", path);
    else
        rc = fg_buf_adds(out, zbar_symbol_get_data(sym));
    zbar_image_destroy(z);
    zbar_image_scanner_destroy(sc);
    free(pix);
    png_image_free(&img);
    return rc;
}
