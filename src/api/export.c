/* Spreadsheet tables (CSV and XLSX) and the names exports show beside codes. */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/date.h"
#include "../sys/clock.h"

#define EXPORT_MAX_BYTES ((size_t)256 << 20)

int fg_export_query(fg_req *r, bool *out_xlsx, bool *out_en)
{
    const char *format = fg_req_param(r, "format");
    *out_xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && *format && !*out_xlsx && strcmp(format, "csv"))
        return fg_reply_problem(r, 400, "format", "export.format", "format must be csv or xlsx");
    const char *lang = fg_req_param(r, "lang");
    *out_en = lang && strcmp(lang, "en") == 0;
    if (lang && *lang && !*out_en && strcmp(lang, "zh") && strcmp(lang, "zh-CN"))
        return fg_reply_problem(r, 400, "lang", "export.lang", "lang must be zh or en");
    return 0;
}

/* Writes the header row of x->cols on x->ws (XLSX) or x->csv. */
static int header(fg_export *x)
{
    int rc = 0;
    for (size_t c = 0; rc == 0 && c < x->ncols; c++) {
        const char *h = x->en ? x->cols[c].en : x->cols[c].zh;
        if (x->xlsx) {
            rc = worksheet_write_string(x->ws, 0, (lxw_col_t)c, h, x->head) ? FG_EIO : 0;
            if (rc == 0)
                worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, x->cols[c].width, NULL);
        } else {
            rc = c ? fg_buf_addc(&x->csv, ',') : 0;
            rc = rc ? rc : fg_csv_put_cell(&x->csv, h, false);
        }
    }
    if (x->xlsx) {
        worksheet_freeze_panes(x->ws, 1, 0);
        x->row = 0;
        return rc;
    }
    return rc ? rc : fg_buf_adds(&x->csv, "\r\n");
}

int fg_export_begin(fg_export *x, bool xlsx, bool en, const char *sheet, const fg_export_col *cols,
                    size_t ncols)
{
    memset(x, 0, sizeof(*x));
    x->xlsx = xlsx;
    x->en = en;
    x->cols = cols;
    x->ncols = ncols;
    fg_buf_init(&x->csv, EXPORT_MAX_BYTES);
    if (!xlsx) {
        int rc = fg_buf_adds(&x->csv, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
        return rc ? rc : header(x);
    }
    /* libxlsxwriter writes a file: a private one in the temporary directory,
     * read back into the answer and removed (fg_export_release). */
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir || strlen(dir) > sizeof(x->path) - 24)
        dir = "/tmp";
    snprintf(x->path, sizeof(x->path), "%s/fugong-export-XXXXXX", dir);
    int fd = mkstemp(x->path);
    if (fd < 0) {
        x->path[0] = '\0';
        return FG_EIO;
    }
    close(fd);
    x->wb = workbook_new(x->path);
    x->ws = x->wb ? workbook_add_worksheet(x->wb, sheet) : NULL;
    x->head = x->wb ? workbook_add_format(x->wb) : NULL;
    x->wrap = x->wb ? workbook_add_format(x->wb) : NULL;
    if (!x->ws || !x->head || !x->wrap)
        return FG_ENOMEM;
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xDDEBF7);
    format_set_border(x->head, LXW_BORDER_THIN);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    return header(x);
}

int fg_export_row(fg_export *x, const char *const *cells)
{
    if (x->dropping)
        return 0; /* a CSV's notes */
    if (!x->xlsx) {
        int rc = 0;
        for (size_t c = 0; rc == 0 && c < x->ncols; c++) {
            rc = c ? fg_buf_addc(&x->csv, ',') : 0;
            rc = rc ? rc : fg_csv_put_cell(&x->csv, cells[c], x->cols[c].number);
        }
        return rc ? rc : fg_buf_adds(&x->csv, "\r\n");
    }
    x->row++;
    for (size_t c = 0; c < x->ncols; c++) {
        const char *s = cells[c];
        if (!*s)
            continue;
        lxw_error e;
        char *end;
        long long v = x->cols[c].number ? strtoll(s, &end, 10) : 0;
        if (x->cols[c].number && *end == '\0')
            e = worksheet_write_number(x->ws, x->row, (lxw_col_t)c, (double)v, NULL);
        else /* a string, never a formula, whatever it begins with */
            e = worksheet_write_string(x->ws, x->row, (lxw_col_t)c, s, NULL);
        if (e != LXW_NO_ERROR)
            return FG_EIO;
    }
    return 0;
}

int fg_export_sheet(fg_export *x, const char *sheet, const fg_export_col *cols, size_t ncols)
{
    if (!x->xlsx) {
        x->dropping = true; /* the notes have no place in a CSV */
        return 0;
    }
    x->ws = workbook_add_worksheet(x->wb, sheet);
    if (!x->ws)
        return FG_ENOMEM;
    x->cols = cols;
    x->ncols = ncols;
    int rc = header(x);
    for (size_t c = 0; rc == 0 && c < ncols; c++)
        worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, x->wrap);
    return rc;
}

void fg_export_release(fg_export *x)
{
    if (x->wb) {
        workbook_close(x->wb);
        x->wb = NULL;
    }
    if (x->path[0]) {
        unlink(x->path);
        x->path[0] = '\0';
    }
    fg_buf_release(&x->csv);
}

/* Closes the workbook and reads the file into x->csv. */
static int xlsx_finish(fg_export *x)
{
    lxw_workbook *wb = x->wb;
    x->wb = NULL;
    if (workbook_close(wb) != LXW_NO_ERROR)
        return FG_EIO;
    FILE *fp = fopen(x->path, "rb");
    if (!fp)
        return FG_EIO;
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        rc = fg_buf_add(&x->csv, chunk, n);
    if (rc == 0 && ferror(fp))
        rc = FG_EIO;
    fclose(fp);
    return rc;
}

int fg_export_reply(fg_req *r, fg_export *x, const char *stem, int rc, const fg_err *err)
{
    if (rc == 0 && x->xlsx)
        rc = xlsx_finish(x);
    if (rc) {
        fg_export_release(x);
        if (err && err->code)
            return fg_reply_err(r, err);
        return fg_reply_problem(r, 500, NULL, "export.write", "the export could not be written");
    }
    char day[11], disposition[128];
    fg_date_format(fg_clock_date(r->now_ms), day);
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s-%s.%s\"", stem, day,
             x->xlsx ? "xlsx" : "csv");
    ulfius_set_binary_body_response(r->resp, 200, x->csv.buf, x->csv.len);
    u_map_put(r->resp->map_header, "Content-Type",
              x->xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                      : "text/csv; charset=utf-8");
    u_map_put(r->resp->map_header, "Content-Disposition", disposition);
    u_map_put(r->resp->map_header, "Cache-Control", "no-store");
    fg_export_release(x);
    return 0;
}

/* ---- names for codes ---- */

#define REGION_SLOTS 256
#define ACCOUNT_SLOTS 64

struct fg_export_names {
    fg_db *db;
    bool industries_loaded;
    json_t *industries; /* owned; released with the request */
    const char *ind_zh[100], *ind_en[100];
    struct {
        int32_t code; /* -1: empty */
        char name[128];
    } regions[REGION_SLOTS];
    struct {
        char user[65]; /* "": empty */
        char name[129];
    } accounts[ACCOUNT_SLOTS];
};

static void names_release(void *p)
{
    json_decref(((fg_export_names *)p)->industries);
}

fg_export_names *fg_export_names_new(fg_req *r)
{
    fg_export_names *n = fg_arena_alloc(&r->arena, sizeof(*n));
    if (!n)
        return NULL;
    memset(n, 0, sizeof(*n));
    n->db = r->db;
    for (size_t i = 0; i < REGION_SLOTS; i++)
        n->regions[i].code = -1;
    return fg_arena_defer(&r->arena, names_release, n) ? NULL : n;
}

const char *fg_export_region_name(fg_export_names *n, int32_t code)
{
    size_t slot = ((uint32_t)code * 2654435761u) % REGION_SLOTS;
    if (n->regions[slot].code == code)
        return n->regions[slot].name;
    fg_region_row row;
    fg_err err;
    fg_err_init(&err);
    n->regions[slot].code = code;
    if (fg_store_region_get(n->db, code, &row, &err))
        n->regions[slot].name[0] = '\0';
    else
        snprintf(n->regions[slot].name, sizeof(n->regions[slot].name), "%s", row.name);
    return n->regions[slot].name;
}

const char *fg_export_industry_name(fg_export_names *n, const char *code, bool en)
{
    if (!n->industries_loaded) {
        fg_err err;
        fg_err_init(&err);
        n->industries_loaded = true;
        if (fg_store_industries(n->db, &n->industries, &err) == 0) {
            size_t i;
            json_t *it;
            json_array_foreach(n->industries, i, it)
            {
                const char *c = json_string_value(json_object_get(it, "code"));
                if (!c || c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9')
                    continue;
                int k = (c[0] - '0') * 10 + (c[1] - '0');
                n->ind_zh[k] = json_string_value(json_object_get(it, "name_zh"));
                n->ind_en[k] = json_string_value(json_object_get(it, "name_en"));
            }
        }
    }
    if (strlen(code) != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return "";
    int k = (code[0] - '0') * 10 + (code[1] - '0');
    const char *s = en ? n->ind_en[k] : n->ind_zh[k];
    return s ? s : "";
}

const char *fg_export_account_name(fg_export_names *n, const char *username)
{
    uint32_t h = 2166136261u;
    for (const char *p = username; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    size_t slot = h % ACCOUNT_SLOTS;
    if (n->accounts[slot].user[0] && strcmp(n->accounts[slot].user, username) == 0)
        return n->accounts[slot].name;
    fg_account a;
    fg_err err;
    fg_err_init(&err);
    snprintf(n->accounts[slot].user, sizeof(n->accounts[slot].user), "%s", username);
    bool named = fg_store_account_get(n->db, username, &a, &err) == 0 && a.display_name[0];
    snprintf(n->accounts[slot].name, sizeof(n->accounts[slot].name), "%s",
             named ? a.display_name : username);
    return n->accounts[slot].name;
}
