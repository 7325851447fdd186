/* RFC 4180 CSV reading over a buffer held by the caller: quoted fields,
 * doubled quotes, CRLF or LF line ends, quoted line breaks; and the one
 * writer of a CSV cell, safe to open in a spreadsheet. Pure. */
#ifndef FG_CORE_CSV_H
#define FG_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

#define FG_CSV_MAX_FIELDS 64

typedef struct fg_csv {
    const char *p, *end; /* borrowed input */
    size_t line;         /* line number where the next record starts (1-based) */
    fg_buf field_data;   /* owned: the current record's fields, NUL-separated */
    size_t offsets[FG_CSV_MAX_FIELDS];
    const char *fields[FG_CSV_MAX_FIELDS];
    size_t n_fields;
} fg_csv;

/* Reads from data[0..len) (borrowed; must outlive the reader). A leading UTF-8
 * byte-order mark is skipped. */
void fg_csv_init(fg_csv *c, const char *data, size_t len);
void fg_csv_release(fg_csv *c);
/* Reads the next record into c->fields / c->n_fields (valid until the next
 * call) and its first line into *out_line. Returns 1 for a record, 0 at the
 * end, FG_EINVAL (with the line) for an unterminated quote or too many fields.
 * Blank lines are skipped. */
int fg_csv_next(fg_csv *c, size_t *out_line, fg_err *err);
/* How far into the input the reader is, in bytes. */
size_t fg_csv_offset(const fg_csv *c, const char *data);

/* Whether s is a number as the system writes one: an optional '-', digits,
 * optionally '.' and digits ("-12", "96.3"). */
bool fg_csv_is_number(const char *s);
/* Whether a spreadsheet would read s as a formula: it begins with '=', '+',
 * '-', '@', a tab or a carriage return (OWASP's list), or with their
 * full-width forms U+FF1D, U+FF0B, U+FF0D, U+FF20 (which spreadsheets in
 * Chinese and Japanese locales take for the ASCII ones). */
bool fg_csv_formula_like(const char *s);
/* Appends s (borrowed, NUL-terminated) to b as one CSV cell, quoted when it
 * holds a comma, a quote or a line break (quotes doubled). A text cell that
 * fg_csv_formula_like names is written as text: quoted, with an apostrophe
 * before it ("'=HYPERLINK(...)"), as OWASP advises. A cell of a number column
 * (`number`) that fg_csv_is_number accepts is written as it is, so that a
 * negative figure stays a number; anything else in such a column is treated
 * as text. Every CSV the system writes goes through here (api/export.c).
 * Returns 0 or what fg_buf_add returned (b then holds part of the cell). */
int fg_csv_put_cell(fg_buf *b, const char *s, bool number);

#endif
