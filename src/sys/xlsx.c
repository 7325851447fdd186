/* The first sheet of an XLSX workbook as CSV text (zlib + expat). */
#include "xlsx.h"

#define ZLIB_CONST
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_COLS 64

static uint32_t u16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t u32(const unsigned char *p)
{
    return u16(p) | u16(p + 2) << 16;
}

bool fg_xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

static int bad(fg_err *err, const char *why)
{
    return fg_err_at(err, FG_EINVAL, NULL, "xlsx.unreadable",
                     "the file is not an Excel workbook this can read ({why:%s}); save it again "
                     "as .xlsx or as CSV",
                     why);
}

/* The part `name` of the ZIP, inflated into out (NUL-terminated). FG_ENOTFOUND
 * when there is no such part. With `prefix`, the first part (in directory
 * order) whose name starts with it and ends in .xml. */
static int zip_part(const unsigned char *z, size_t len, const char *name, const char *prefix,
                    fg_buf *out, fg_err *err)
{
    if (len < 22)
        return bad(err, "too short");
    size_t eocd = len - 22;
    size_t stop = len > 22 + 65535 ? len - 22 - 65535 : 0;
    while (u32(z + eocd) != 0x06054b50) {
        if (eocd == stop)
            return bad(err, "no zip directory");
        eocd--;
    }
    uint32_t entries = u16(z + eocd + 10), cd = u32(z + eocd + 16);
    size_t p = cd;
    for (uint32_t i = 0; i < entries; i++) {
        if (p + 46 > len || u32(z + p) != 0x02014b50)
            return bad(err, "damaged zip directory");
        uint32_t method = u16(z + p + 10), csize = u32(z + p + 20), usize = u32(z + p + 24);
        uint32_t nlen = u16(z + p + 28), xlen = u16(z + p + 30), clen = u16(z + p + 32);
        uint32_t local = u32(z + p + 42);
        if (p + 46 + nlen > len)
            return bad(err, "damaged zip directory");
        const char *n = (const char *)z + p + 46;
        bool match = name ? strlen(name) == nlen && memcmp(n, name, nlen) == 0
                          : nlen > strlen(prefix) + 4 && memcmp(n, prefix, strlen(prefix)) == 0 &&
                                memcmp(n + nlen - 4, ".xml", 4) == 0;
        p += 46 + nlen + xlen + clen;
        if (!match)
            continue;
        if ((size_t)local + 30 > len || u32(z + local) != 0x04034b50)
            return bad(err, "damaged zip entry");
        size_t at = local + 30 + u16(z + local + 26) + u16(z + local + 28);
        if (at + csize > len)
            return bad(err, "truncated zip entry");
        if (usize > FG_XLSX_MAX_PART)
            return fg_err_at(err, FG_ETOOBIG, NULL, "xlsx.too_big",
                             "a part of the workbook is larger than {max:%u} bytes",
                             FG_XLSX_MAX_PART);
        if (fg_buf_reserve(out, (size_t)usize + 1))
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        if (method == 0) {
            if (csize != usize)
                return bad(err, "damaged stored entry");
            memcpy(out->buf + out->len, z + at, usize);
        } else if (method == 8) {
            z_stream s;
            memset(&s, 0, sizeof(s));
            if (inflateInit2(&s, -MAX_WBITS) != Z_OK)
                return fg_err_set(err, FG_ENOMEM, "out of memory");
            s.next_in = z + at;
            s.avail_in = csize;
            s.next_out = (Bytef *)out->buf + out->len;
            s.avail_out = usize;
            int zr = inflate(&s, Z_FINISH);
            size_t got = s.total_out;
            inflateEnd(&s);
            if (zr != Z_STREAM_END || got != usize)
                return bad(err, "damaged compressed entry");
        } else {
            return bad(err, "unknown compression");
        }
        out->len += usize;
        out->buf[out->len] = '\0';
        return 0;
    }
    return FG_ENOTFOUND;
}

/* ---- shared strings ---- */

typedef struct strings {
    char **items;
    size_t n, cap;
    fg_buf cur;
    bool in_t;
    int phonetic; /* inside <rPh>: the reading, not the text */
    int rc;
} strings;

static const char *local_name(const char *n)
{
    const char *c = strchr(n, ':');
    return c ? c + 1 : n;
}

static void ss_start(void *ud, const char *name, const char **attrs)
{
    (void)attrs;
    strings *s = ud;
    name = local_name(name);
    if (strcmp(name, "si") == 0)
        fg_buf_reset(&s->cur);
    else if (strcmp(name, "rPh") == 0)
        s->phonetic++;
    else if (strcmp(name, "t") == 0 && !s->phonetic)
        s->in_t = true;
}

static void ss_end(void *ud, const char *name)
{
    strings *s = ud;
    name = local_name(name);
    if (strcmp(name, "t") == 0)
        s->in_t = false;
    else if (strcmp(name, "rPh") == 0)
        s->phonetic--;
    else if (strcmp(name, "si") == 0 && s->rc == 0) {
        if (s->n == s->cap) {
            size_t nc = s->cap ? s->cap * 2 : 64;
            char **g = realloc(s->items, nc * sizeof(*g));
            if (!g) {
                s->rc = FG_ENOMEM;
                return;
            }
            s->items = g;
            s->cap = nc;
        }
        char *copy = malloc(s->cur.len + 1);
        if (!copy) {
            s->rc = FG_ENOMEM;
            return;
        }
        memcpy(copy, s->cur.buf ? s->cur.buf : "", s->cur.len);
        copy[s->cur.len] = '\0';
        s->items[s->n++] = copy;
    }
}

static void ss_text(void *ud, const char *text, int len)
{
    strings *s = ud;
    if (s->in_t && s->rc == 0 && fg_buf_add(&s->cur, text, (size_t)len))
        s->rc = FG_ENOMEM;
}

/* ---- the sheet ---- */

typedef struct sheet {
    const strings *ss;
    fg_buf *out;
    char *cells[MAX_COLS];
    int n_cells;
    long row, last_row;
    int col;
    char type[16];
    bool in_value;
    fg_buf val;
    int rc;
} sheet;

static const char *attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(attrs[i], name) == 0)
            return attrs[i + 1];
    return NULL;
}

/* "BC12" → column 54 (0-based), -1 when it is not a reference. */
static int column_of(const char *ref)
{
    int c = 0, letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++)
        c = c * 26 + (*ref - 'A' + 1);
    return letters ? c - 1 : -1;
}

static void put_field(sheet *s, const char *v)
{
    if (fg_buf_addc(s->out, '"'))
        s->rc = FG_ENOMEM;
    for (; *v && s->rc == 0; v++)
        if ((*v == '"' && fg_buf_addc(s->out, '"')) || fg_buf_addc(s->out, *v))
            s->rc = FG_ENOMEM;
    if (s->rc == 0 && fg_buf_addc(s->out, '"'))
        s->rc = FG_ENOMEM;
}

static void sh_start(void *ud, const char *name, const char **attrs)
{
    sheet *s = ud;
    name = local_name(name);
    if (strcmp(name, "row") == 0) {
        const char *r = attr(attrs, "r");
        s->row = r ? strtol(r, NULL, 10) : s->last_row + 1;
        /* rows the sheet leaves out: empty lines keep the row numbers */
        while (s->rc == 0 && s->last_row + 1 < s->row) {
            if (fg_buf_addc(s->out, '\n'))
                s->rc = FG_ENOMEM;
            s->last_row++;
        }
        s->n_cells = 0;
        s->col = -1;
    } else if (strcmp(name, "c") == 0) {
        const char *r = attr(attrs, "r"), *t = attr(attrs, "t");
        s->col = r ? column_of(r) : s->col + 1;
        fg_strlcpy(s->type, t ? t : "n", sizeof(s->type));
        fg_buf_reset(&s->val);
    } else if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
        s->in_value = true;
    }
}

static void sh_end(void *ud, const char *name)
{
    sheet *s = ud;
    name = local_name(name);
    if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
        s->in_value = false;
    } else if (strcmp(name, "c") == 0 && s->rc == 0 && s->col >= 0 && s->col < MAX_COLS) {
        const char *v = s->val.buf ? s->val.buf : "";
        if (fg_buf_addc(&s->val, '\0')) {
            s->rc = FG_ENOMEM;
            return;
        }
        v = s->val.buf;
        if (strcmp(s->type, "s") == 0) {
            char *end;
            long k = strtol(v, &end, 10);
            v = *end || k < 0 || (size_t)k >= s->ss->n ? "" : s->ss->items[k];
        } else if (strcmp(s->type, "b") == 0) {
            v = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        }
        char *copy = malloc(strlen(v) + 1);
        if (!copy) {
            s->rc = FG_ENOMEM;
            return;
        }
        memcpy(copy, v, strlen(v) + 1);
        free(s->cells[s->col]);
        s->cells[s->col] = copy;
        if (s->col + 1 > s->n_cells)
            s->n_cells = s->col + 1;
    } else if (strcmp(name, "row") == 0 && s->rc == 0) {
        for (int i = 0; i < s->n_cells && s->rc == 0; i++) {
            if (i && fg_buf_addc(s->out, ','))
                s->rc = FG_ENOMEM;
            put_field(s, s->cells[i] ? s->cells[i] : "");
        }
        if (s->rc == 0 && fg_buf_addc(s->out, '\n'))
            s->rc = FG_ENOMEM;
        for (int i = 0; i < MAX_COLS; i++) {
            free(s->cells[i]);
            s->cells[i] = NULL;
        }
        s->n_cells = 0;
        s->last_row = s->row;
    }
}

static void sh_text(void *ud, const char *text, int len)
{
    sheet *s = ud;
    if (s->in_value && s->rc == 0 && fg_buf_add(&s->val, text, (size_t)len))
        s->rc = FG_ENOMEM;
}

static int parse(const fg_buf *xml, void *ud, XML_StartElementHandler start,
                 XML_EndElementHandler end, XML_CharacterDataHandler text, const int *rc,
                 fg_err *err)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    enum XML_Status st = XML_Parse(p, xml->buf ? xml->buf : "", (int)xml->len, 1);
    XML_ParserFree(p);
    if (*rc)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    if (st != XML_STATUS_OK)
        return bad(err, "damaged sheet");
    return 0;
}

int fg_xlsx_to_csv(const char *data, size_t len, fg_buf *out, fg_err *err)
{
    const unsigned char *z = (const unsigned char *)data;
    fg_buf part;
    fg_buf_init(&part, FG_XLSX_MAX_PART + 1);
    strings ss;
    memset(&ss, 0, sizeof(ss));
    fg_buf_init(&ss.cur, 0);
    sheet sh;
    memset(&sh, 0, sizeof(sh));
    fg_buf_init(&sh.val, 0);
    int rc = zip_part(z, len, "xl/sharedStrings.xml", NULL, &part, err);
    if (rc == 0)
        rc = parse(&part, &ss, ss_start, ss_end, ss_text, &ss.rc, err);
    else if (rc == FG_ENOTFOUND)
        rc = 0; /* a workbook of numbers only */
    if (rc)
        goto done;
    fg_buf_reset(&part);
    rc = zip_part(z, len, "xl/worksheets/sheet1.xml", NULL, &part, err);
    if (rc == FG_ENOTFOUND)
        rc = zip_part(z, len, NULL, "xl/worksheets/", &part, err);
    if (rc == FG_ENOTFOUND)
        rc = bad(err, "no worksheet");
    if (rc)
        goto done;
    sh.ss = &ss;
    sh.out = out;
    rc = parse(&part, &sh, sh_start, sh_end, sh_text, &sh.rc, err);
done:
    for (size_t i = 0; i < ss.n; i++)
        free(ss.items[i]);
    free(ss.items);
    for (int i = 0; i < MAX_COLS; i++)
        free(sh.cells[i]);
    fg_buf_release(&ss.cur);
    fg_buf_release(&sh.val);
    fg_buf_release(&part);
    return rc;
}
