/* CSV record reader and cell writer. */
#include "csv.h"

#include <string.h>

void fg_csv_init(fg_csv *c, const char *data, size_t len)
{
    c->p = data;
    c->end = data + len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
    c->line = 1;
    fg_buf_init(&c->field_data, 1 << 20);
    c->n_fields = 0;
}

void fg_csv_release(fg_csv *c)
{
    fg_buf_release(&c->field_data);
}

size_t fg_csv_offset(const fg_csv *c, const char *data)
{
    return (size_t)(c->p - data);
}

int fg_csv_next(fg_csv *c, size_t *out_line, fg_err *err)
{
    /* Skip blank lines. */
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n')
            c->line++;
        c->p++;
    }
    if (c->p >= c->end)
        return 0;
    *out_line = c->line;
    fg_buf_reset(&c->field_data);
    c->n_fields = 0;
    const char *p = c->p;
    for (;;) {
        if (c->n_fields == FG_CSV_MAX_FIELDS)
            return fg_err_at(err, FG_EINVAL, NULL, "csv.too_many_fields",
                             "line {line:%zu}: more than {max:%d} fields", *out_line,
                             FG_CSV_MAX_FIELDS);
        c->offsets[c->n_fields++] = c->field_data.len;
        int rc = 0;
        if (p < c->end && *p == '"') {
            p++;
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(c->end - p));
                if (!q) {
                    c->p = c->end;
                    return fg_err_at(err, FG_EINVAL, NULL, "csv.unclosed_quote",
                                     "line {line:%zu}: a quoted field is never closed", *out_line);
                }
                for (const char *s = p; s < q; s++)
                    c->line += *s == '\n';
                rc = rc ? rc : fg_buf_add(&c->field_data, p, (size_t)(q - p));
                p = q + 1;
                if (p < c->end && *p == '"') {
                    rc = rc ? rc : fg_buf_addc(&c->field_data, '"');
                    p++;
                    continue;
                }
                break;
            }
            /* Anything between the closing quote and the separator is kept. */
        }
        const char *s = p;
        while (p < c->end && *p != ',' && *p != '\n' && *p != '\r')
            p++;
        rc = rc ? rc : fg_buf_add(&c->field_data, s, (size_t)(p - s));
        rc = rc ? rc : fg_buf_addc(&c->field_data, '\0');
        if (rc == FG_ENOMEM)
            return fg_err_set(err, FG_ENOMEM, "line %zu: record too large", *out_line);
        if (rc)
            return fg_err_at(err, rc, NULL, "csv.record_too_large",
                             "line {line:%zu}: record too large", *out_line);
        if (p < c->end && *p == ',') {
            p++;
            continue;
        }
        if (p < c->end && *p == '\r')
            p++;
        if (p < c->end && *p == '\n') {
            p++;
            c->line++;
        }
        break;
    }
    c->p = p;
    for (size_t i = 0; i < c->n_fields; i++)
        c->fields[i] = c->field_data.buf + c->offsets[i];
    return 1;
}

bool fg_csv_is_number(const char *s)
{
    s += *s == '-';
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9')
        s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

bool fg_csv_formula_like(const char *s)
{
    if (s[0] && strchr("=+-@\t\r", s[0]))
        return true;
    /* U+FF0B '＋' EF BC 8B, U+FF0D '－' EF BC 8D, U+FF1D '＝' EF BC 9D,
     * U+FF20 '＠' EF BC A0 */
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xEF && u[1] == 0xBC &&
           (u[2] == 0x8B || u[2] == 0x8D || u[2] == 0x9D || u[2] == 0xA0);
}

int fg_csv_put_cell(fg_buf *b, const char *s, bool number)
{
    bool escape = !(number && fg_csv_is_number(s)) && fg_csv_formula_like(s);
    if (!escape && !strpbrk(s, ",\"\r\n"))
        return fg_buf_adds(b, s);
    int rc = fg_buf_addc(b, '"');
    rc = rc || !escape ? rc : fg_buf_addc(b, '\'');
    for (; rc == 0 && *s; s++)
        rc = *s == '"' ? fg_buf_adds(b, "\"\"") : fg_buf_addc(b, *s);
    return rc ? rc : fg_buf_addc(b, '"');
}
