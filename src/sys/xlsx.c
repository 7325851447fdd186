/* The first sheet of an XLSX workbook as CSV text (libzip + expat). */
#include "xlsx.h"

#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_COLS 64

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

/* The part `name` of the workbook (libzip), uncompressed into out
 * (NUL-terminated). FG_ENOTFOUND when there is no such part. With `prefix`,
 * the first part (in directory order) whose name starts with it and ends in
 * .xml. */
static int zip_part(zip_t *za, const char *name, const char *prefix, fg_buf *out, fg_err *err)
{
    zip_int64_t n = zip_get_num_entries(za, 0), idx = -1;
    for (zip_int64_t i = 0; i < n && idx < 0; i++) {
        const char *e = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        size_t el = e ? strlen(e) : 0;
        if (e && (name ? strcmp(e, name) == 0
                       : el > strlen(prefix) + 4 && strncmp(e, prefix, strlen(prefix)) == 0 &&
                             strcmp(e + el - 4, ".xml") == 0))
            idx = i;
    }
    if (idx < 0)
        return FG_ENOTFOUND;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return bad(err, "damaged zip entry");
    if (st.size > FG_XLSX_MAX_PART)
        return fg_err_at(err, FG_ETOOBIG, NULL, "xlsx.too_big",
                         "a part of the workbook is larger than {max:%u} bytes", FG_XLSX_MAX_PART);
    if (fg_buf_reserve(out, (size_t)st.size + 1))
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!f)
        return bad(err, "unknown compression or damaged entry");
    zip_int64_t got = zip_fread(f, out->buf + out->len, st.size);
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size)
        return bad(err, "damaged compressed entry");
    out->len += (size_t)st.size;
    out->buf[out->len] = '\0';
    return 0;
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
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_error_fini(&ze);
    if (!z) {
        if (src)
            zip_source_free(src);
        return bad(err, "not a zip archive");
    }
    fg_buf part;
    fg_buf_init(&part, FG_XLSX_MAX_PART + 1);
    strings ss;
    memset(&ss, 0, sizeof(ss));
    fg_buf_init(&ss.cur, 0);
    sheet sh;
    memset(&sh, 0, sizeof(sh));
    fg_buf_init(&sh.val, 0);
    int rc = zip_part(z, "xl/sharedStrings.xml", NULL, &part, err);
    if (rc == 0)
        rc = parse(&part, &ss, ss_start, ss_end, ss_text, &ss.rc, err);
    else if (rc == FG_ENOTFOUND)
        rc = 0; /* a workbook of numbers only */
    if (rc)
        goto done;
    fg_buf_reset(&part);
    rc = zip_part(z, "xl/worksheets/sheet1.xml", NULL, &part, err);
    if (rc == FG_ENOTFOUND)
        rc = zip_part(z, NULL, "xl/worksheets/", &part, err);
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
    zip_discard(z); /* read only: also frees the source */
    return rc;
}
