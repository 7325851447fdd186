/* Tables for a spreadsheet: what every export and import template shares.
 * A table is a list of columns, each with its header in Chinese and in
 * English; rows are text. CSV comes out as UTF-8 with a BOM (so that Excel
 * reads it), every cell through fg_csv_put_cell (core/csv.h: a text cell
 * that a spreadsheet would take for a formula is written as text with a
 * leading apostrophe, a number column's numbers as they are); XLSX cells
 * are strings or numbers, never formulas, under a bold, frozen header row.
 * Also the names that exports show beside codes (region, industry,
 * account), looked up once per request. */
#ifndef FG_API_EXPORT_H
#define FG_API_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xlsxwriter.h>

#include "../core/words.h"
#include "api.h"

typedef struct fg_export_col {
    const char *zh, *en; /* the header in each language */
    double width;        /* XLSX column width, in characters */
    bool number;         /* cells are whole numbers: XLSX numbers, CSV as they are */
} fg_export_col;

/* A table being written. Invariant: exactly one of `csv` (when !xlsx) or
 * `wb` holds the output; `ws` is the sheet rows go to. */
typedef struct fg_export {
    bool xlsx, en;
    bool dropping;             /* a CSV after fg_export_sheet: rows are dropped */
    const fg_export_col *cols; /* borrowed: must outlive the export */
    size_t ncols;
    fg_buf csv;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head, *wrap;
    lxw_row_t row;  /* the last row written on ws */
    char path[256]; /* the XLSX's temporary file (in $TMPDIR, else /tmp) */
} fg_export;

/* Reads `format` (csv, the default, or xlsx) and `lang` (zh, the default, or
 * en) from the query; replies 400 and returns FG_EINVAL on another value. */
int fg_export_query(fg_req *r, bool *out_xlsx, bool *out_en);
/* Starts a table whose first sheet is `sheet` (XLSX) with the header row of
 * `cols` (borrowed) in the export's language. FG_ENOMEM or FG_EIO; release
 * the export in any case. */
int fg_export_begin(fg_export *x, bool xlsx, bool en, const char *sheet, const fg_export_col *cols,
                    size_t ncols);
/* Appends a row: cells[0..ncols) (borrowed), "" for an empty cell. */
int fg_export_row(fg_export *x, const char *const *cells);
/* XLSX: further rows go to a new sheet `sheet` with the header of `cols`
 * (borrowed), cells wrapped; a CSV has one table, so there it does nothing
 * and the rows that follow are dropped. */
int fg_export_sheet(fg_export *x, const char *sheet, const fg_export_col *cols, size_t ncols);
/* Finishes the file and replies 200 with it, as the attachment
 * "<stem>-YYYY-MM-DD.csv|xlsx" (today in the deployment's zone). When `rc`
 * (the caller's outcome of writing) is not 0, replies with `err` if it has a
 * code, else 500. Releases x either way; returns what the reply returned. */
int fg_export_reply(fg_req *r, fg_export *x, const char *stem, int rc, const fg_err *err);
void fg_export_release(fg_export *x);

/* The word of a vocabulary in the export's language. */
static inline const char *fg_export_word(const fg_export *x, const fg_word *w)
{
    return fg_word_text(w, x->en);
}

/* Names for codes, cached for one request (allocated in r's arena). */
typedef struct fg_export_names fg_export_names;
/* NULL when out of memory (then reply 500). */
fg_export_names *fg_export_names_new(fg_req *r);
/* The region's name, "" when unknown. Borrowed until the next call. */
const char *fg_export_region_name(fg_export_names *n, int32_t code);
/* The industry division's name in the language asked for, "" when unknown
 * (borrowed, for the request). */
const char *fg_export_industry_name(fg_export_names *n, const char *code, bool en);
/* The account's display name, or the username itself when it has none or is
 * unknown. Borrowed until the next call. */
const char *fg_export_account_name(fg_export_names *n, const char *username);

#endif
