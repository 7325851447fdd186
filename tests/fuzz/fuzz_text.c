/* libFuzzer target for the core's readers of short texts and of CSV files.
 * The first byte chooses the reader, the rest is its input (as text, NUL
 * ended, as the handlers and importers pass it):
 *   'u' USCC             'i' identity numbers (every document type) and the mask
 *   'p' vehicle plates   'd' dates             't' RFC 3339 times
 *   'r' region codes     'w' the vocabularies' names and words
 *   'c' CSV: any records, each cell written back and read again
 *   'R' a daily-report CSV (header and rows, as an upload is read)
 *   'P' a grid company's power CSV      'f' a policy claim's attachment
 * Any other first byte runs every reader over the rest. Besides crashes and
 * sanitizer reports it checks what must hold: a parsed date or time formats
 * back to itself, a resident ID that passes has a correct check character, a
 * masked number hides at least eight characters (or all of a short one), and
 * a CSV cell the writer quotes reads back as written.
 * Built by CMake with FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coordination.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/enterprise.h"
#include "core/idcard.h"
#include "core/monitor.h"
#include "core/order.h"
#include "core/pass.h"
#include "core/policy.h"
#include "core/policy_claim.h"
#include "core/region.h"
#include "core/report.h"
#include "core/risk.h"
#include "core/station.h"
#include "core/supply.h"
#include "core/uscc.h"
#include "core/uuid.h"
#include "core/whitelist.h"
#include "core/wlcred.h"
#include "core/words.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TODAY 20261126

static void uscc(const char *s)
{
    fg_err err;
    if (fg_uscc_validate(s, &err) == 0 && fg_uscc_check_char(s) != s[17])
        abort(); /* accepted with a wrong check character */
}

static void idcard(const char *s)
{
    fg_err err;
    for (int t = 0; t < FG_ID_COUNT; t++) {
        if (fg_id_check((fg_id_type)t, s, TODAY, &err))
            continue;
        if (t == FG_ID_RESIDENT && fg_resident_id_check_char(s) != s[17])
            abort();
        char m[24];
        fg_id_mask(s, m);
        size_t len = strlen(s), hidden = 0;
        for (size_t i = 0; m[i]; i++)
            hidden += m[i] == '*';
        if (strlen(m) != len || hidden < (len < 8 ? len : 8))
            abort(); /* the masked form shows too much */
    }
    fg_id_type t;
    fg_id_type_parse(s, &t, &err);
}

static void date(const char *s)
{
    fg_err err;
    int32_t d;
    if (fg_date_parse(s, &d, &err) == 0) {
        char back[11];
        fg_date_format(d, back);
        if (strcmp(back, s) != 0 || fg_date_from_days(fg_date_days(d)) != d)
            abort();
    }
}

static void time_(const char *s)
{
    fg_err err;
    int64_t ms;
    if (fg_time_parse(s, &ms, &err) == 0) {
        char back[25];
        int64_t again;
        fg_time_format(ms, back);
        if (fg_time_parse(back, &again, &err) || again != ms)
            abort(); /* the time as the server writes it does not read back */
    }
}

static void region(const char *s)
{
    fg_err err;
    int32_t code;
    if (fg_region_parse(s, "region", &code, &err) == 0) {
        char back[7];
        fg_region_format(code, back);
        if (strcmp(back, s) != 0)
            abort();
        int32_t lo, hi;
        fg_region_range(code, &lo, &hi);
        if (!fg_region_contains(code, code) || lo > code || hi < code)
            abort();
        (void)fg_region_level_name(fg_region_level_of(code));
        (void)fg_region_parent(code);
    }
}

static void words(const char *s)
{
    fg_err err;
    unsigned bits;
    int i;
    int64_t n;
    bool yes;
    uint8_t id[16];
    fg_category_parse(s, &bits, &err);
    fg_category_parse_words(s, &bits, &err);
    fg_service_kind sk;
    fg_service_parse(s, &sk, &err);
    fg_service_parse_words(s, &sk, &err);
    fg_status st;
    fg_status_parse(s, &st, &err);
    fg_measure m;
    fg_measure_parse(s, &m, &err);
    fg_goods_parse(s, &i, &err);
    fg_risk_level rl;
    fg_risk_parse(s, &rl, &err);
    fg_risk_parse_words(s, &rl, &err);
    fg_risk_parse_list(s, &bits, &err);
    fg_benefit b;
    fg_benefit_parse(s, &b, &err);
    fg_station_mode sm;
    fg_station_mode_parse(s, &sm, &err);
    fg_leg leg;
    fg_leg_parse(s, &leg, &err);
    fg_keychain kc;
    fg_chain_parse(s, &kc, &err);
    fg_wl_tier tier;
    fg_wl_tier_parse(s, &tier, &err);
    fg_coord_need need;
    fg_coord_need_parse(s, &need, &err);
    fg_input in;
    fg_input_parse(s, &in, &err);
    fg_report_problem_parse(s, &bits, &err);
    fg_word_yes_no(s, &yes);
    fg_pass_number_parse(s, &n, &err);
    fg_monitor_kwh_parse(s, &n);
    fg_uuid_check(s);
    fg_wlcred_id_parse(s, id, &err);
    fg_claim_statement_check(s, "statement", &err);
    fg_claim_reason_check(s, "reason", &err);
}

/* A cell the writer quotes or leaves must read back as itself (a formula-like
 * text with the apostrophe before it). */
static void put_back(const char *s)
{
    if (strchr(s, '\r') || strlen(s) > 2000 || strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        return; /* a CR is a line end to the reader; a file's BOM is skipped */
    fg_buf b;
    fg_buf_init(&b, 0);
    if (fg_csv_put_cell(&b, s, false) == 0 && fg_buf_addc(&b, '\n') == 0) {
        fg_csv c;
        fg_err err;
        size_t line;
        fg_csv_init(&c, b.buf, b.len);
        int rc = fg_csv_next(&c, &line, &err);
        bool formula = fg_csv_formula_like(s);
        if (*s && (rc != 1 || c.n_fields != 1 || strcmp(c.fields[0] + (formula ? 1 : 0), s) != 0))
            abort();
        fg_csv_release(&c);
    }
    fg_buf_release(&b);
}

static void csv(const char *s, size_t n)
{
    fg_csv c;
    fg_err err;
    size_t line;
    fg_csv_init(&c, s, n);
    while (fg_csv_next(&c, &line, &err) == 1) {
        for (size_t i = 0; i < c.n_fields; i++) {
            (void)fg_csv_is_number(c.fields[i]);
            put_back(c.fields[i]);
        }
        if (fg_csv_offset(&c, s) > n)
            abort();
    }
    fg_csv_release(&c);
}

static void report_csv(const char *s, size_t n)
{
    fg_csv c;
    fg_err err;
    size_t line;
    int map[FG_RCOL_COUNT];
    fg_csv_init(&c, s, n);
    if (fg_csv_next(&c, &line, &err) == 1 &&
        fg_report_header(c.fields, c.n_fields, map, &err) == 0) {
        fg_report r;
        while (fg_csv_next(&c, &line, &err) == 1)
            fg_report_row_parse(c.fields, c.n_fields, map, &r, &err);
    }
    fg_csv_release(&c);
}

static void power_csv(const char *s, size_t n)
{
    fg_csv c;
    fg_err err;
    size_t line;
    int map[FG_POWER_COL_COUNT];
    fg_csv_init(&c, s, n);
    if (fg_csv_next(&c, &line, &err) == 1 &&
        fg_monitor_power_header(c.fields, c.n_fields, map, &err) == 0) {
        fg_power_row r;
        while (fg_csv_next(&c, &line, &err) == 1)
            fg_monitor_power_row_parse(c.fields, c.n_fields, map, &r, &err);
    }
    fg_csv_release(&c);
}

/* name, MIME type and base64 on three lines. */
static void claim_file(char *s)
{
    char *mime = strchr(s, '\n');
    char *body = mime ? strchr(mime + 1, '\n') : NULL;
    if (!body)
        return;
    *mime++ = '\0';
    *body++ = '\0';
    fg_err err;
    size_t bytes;
    fg_claim_file_check(s, mime, body, &bytes, "files", &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n = size - 1;
    char *s = malloc(n + 1);
    if (!s)
        return 0;
    memcpy(s, data + 1, n);
    s[n] = '\0';
    switch (data[0]) {
    case 'u': uscc(s); break;
    case 'i': idcard(s); break;
    case 'p': fg_plate_check(s, &(fg_err){0}); break;
    case 'd': date(s); break;
    case 't': time_(s); break;
    case 'r': region(s); break;
    case 'w': words(s); break;
    case 'c': csv(s, n); break;
    case 'R': report_csv(s, n); break;
    case 'P': power_csv(s, n); break;
    case 'f': claim_file(s); break;
    default:
        uscc(s);
        idcard(s);
        fg_plate_check(s, &(fg_err){0});
        date(s);
        time_(s);
        region(s);
        words(s);
        csv(s, n);
        break;
    }
    free(s);
    return 0;
}
