/* Reading the first sheet of an XLSX workbook (a ZIP of XML parts) into CSV
 * text, so that an upload in Excel's own format goes through the same CSV
 * reader as a CSV file (daily reports, issue 13, part "reports"). zlib
 * inflates the parts, expat parses them. Cells become fields as they show
 * (shared strings, inline strings, numbers as written); a row missing from
 * the sheet becomes an empty line, so that CSV line numbers are the sheet's
 * row numbers. Formulas are not evaluated: their cached value is read. */
#ifndef FG_SYS_XLSX_H
#define FG_SYS_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"

#define FG_XLSX_MAX_PART (64u << 20) /* bytes a part may inflate to */

/* Whether data[0..len) starts like a ZIP file (an XLSX). */
bool fg_xlsx_is_zip(const char *data, size_t len);
/* Appends the first worksheet of the workbook in data[0..len) to out as
 * CSV (UTF-8, every field quoted). FG_EINVAL (key xlsx.*) when it is not a
 * workbook this can read; FG_ENOMEM; FG_ETOOBIG past FG_XLSX_MAX_PART. */
int fg_xlsx_to_csv(const char *data, size_t len, fg_buf *out, fg_err *err);

#endif
