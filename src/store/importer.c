/* The enterprise CSV importer, shared by `fugong import enterprises` and
 * POST /api/v1/enterprises/import: every row is checked first (core
 * validation, reference data, duplicates in the file and the database, and
 * the caller's own rule, such as a jurisdiction), then the good rows go in
 * with one transaction and one audit entry each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/region.h"
#include "store.h"

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

static void region_cb(int32_t code, void *ctx)
{
    ((unsigned char *)ctx)[code >> 3] |= (unsigned char)(1u << (code & 7));
}

enum {
    COL_USCC,
    COL_NAME,
    COL_REGION,
    COL_INDUSTRY,
    COL_HEADCOUNT,
    COL_CAPACITY,
    COL_CATEGORIES,
    COL_SERVICE,
    COL_CRITICAL,
    COL_PLANS,
    COL_WHITELIST,
    COL_STATUS,
    COL_COUNT
};
/* whitelist and status are what an export adds: derived, so read and ignored
 * (an exported file imports again as it is). */
static const char *col_names[COL_COUNT] = {"uscc",      "name",        "region",     "industry",
                                           "headcount", "capacity",    "categories", "service_kind",
                                           "critical",  "plans_filed", "whitelist",  "status"};

static int parse_count(const char *s, const char *field, int64_t *out, fg_err *err)
{
    if (!*s) {
        *out = 0;
        return 0;
    }
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0)
        return fg_err_at(err, FG_EINVAL, field, "import.count",
                         "{field:%s} must be a whole number >= 0, not '{value:%.20s}'", field, s);
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
        return fg_err_at(err, FG_EINVAL, "name", "import.name_long", "name is too long");
    snprintf(e->name, sizeof(e->name), "%s", f[COL_NAME]);
    int rc;
    if ((rc = fg_region_parse(f[COL_REGION], "region", &e->region, err)))
        return rc;
    if (strlen(f[COL_INDUSTRY]) > 2)
        return fg_err_at(err, FG_EINVAL, "industry", "import.industry_format",
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
        return fg_err_at(err, FG_EINVAL, "critical", "import.critical",
                         "critical must be true or false");
    for (const char *p = f[COL_PLANS]; *p;) {
        size_t n = strcspn(p, "|, ");
        char lvl[16];
        snprintf(lvl, sizeof(lvl), "%.*s", (int)(n < 15 ? n : 15), p);
        fg_risk_level l;
        if (n && (rc = fg_risk_parse(lvl, &l, err)))
            return fg_err_at(err, FG_EINVAL, "plans_filed", "import.plans_filed",
                             "plans_filed lists risk levels (low|medium|high), not '{value:%s}'",
                             lvl);
        if (n)
            e->plan_levels |= 1u << l;
        p += n;
        if (*p)
            p++;
    }
    if ((rc = fg_enterprise_validate(e, err)))
        return rc;
    if (!(regions[e->region >> 3] & (1u << (e->region & 7))))
        return fg_err_at(err, FG_EINVAL, "region", "region.unknown", "unknown region {region:%06d}",
                         (int)e->region);
    int ind = (e->industry[0] - '0') * 10 + (e->industry[1] - '0');
    if (!industries[ind])
        return fg_err_at(err, FG_EINVAL, "industry", "industry.unknown",
                         "unknown industry '{industry:%s}': not a GB/T 4754-2017 division",
                         e->industry);
    return 0;
}

static int cmp_uscc(const void *a, const void *b)
{
    return strcmp((*(const fg_enterprise *const *)a)->uscc,
                  (*(const fg_enterprise *const *)b)->uscc);
}

int fg_store_import_csv(fg_db *db, const char *data, size_t len, const fg_csv_import *opt,
                        fg_csv_report *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc;
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
    json_array_foreach(inds, i, it)
    {
        const char *c = json_string_value(json_object_get(it, "code"));
        industries[(c[0] - '0') * 10 + (c[1] - '0')] = true;
    }
    size_t line;
    if ((rc = fg_csv_next(&csv, &line, err)) <= 0) {
        rc = rc < 0 ? rc
                    : fg_err_at(err, FG_EINVAL, NULL, "import.empty",
                                "the file is empty: it needs a header row");
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
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_unknown",
                           "line {line:%zu}: unknown column '{column:%.40s}'; columns are uscc, "
                           "name, region, industry, headcount, capacity, categories, "
                           "service_kind, critical, plans_filed (whitelist and status are ignored)",
                           line, csv.fields[k]);
            goto out;
        }
        if (col[c] >= 0) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_twice",
                           "line {line:%zu}: column {column:%s} appears twice", line, col_names[c]);
            goto out;
        }
        col[c] = (int)k;
    }
    for (int k = 0; k <= COL_INDUSTRY; k++)
        if (col[k] < 0) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_missing",
                           "line {line:%zu}: the header lacks the required column {column:%s}",
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
        if (!bad && opt->row_allowed)
            bad = opt->row_allowed(opt->ctx, &rows[n], &rerr);
        if (!bad && set_add(&seen, rows[n].uscc) == 1)
            bad = fg_err_at(&rerr, FG_EEXIST, "uscc", "import.uscc_duplicate",
                            "uscc {uscc:%s} is already registered or appears earlier in the file",
                            rows[n].uscc);
        if (bad) {
            out->rejected++;
            if (opt->bad_line)
                opt->bad_line(opt->ctx, line, &rerr);
        } else {
            n++;
        }
        if (opt->progress && out->rows % 5000 == 0)
            opt->progress(opt->ctx, fg_csv_offset(&csv, data), len);
    }
    if (rc < 0)
        goto out;
    if (out->rejected && !opt->skip_invalid) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "import.rows_invalid",
                       "{rejected:%ld} of {rows:%ld} rows are invalid; nothing was imported. Fix "
                       "them, or import the {good:%zu} good rows and skip the rest",
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
    if ((rc = fg_import_begin(db, &imp, opt->now_ms, opt->actor, err)))
        goto out;
    for (size_t k = 0; k < n; k++) {
        if ((rc = fg_import_add(&imp, order[k], err))) {
            fg_import_abort(&imp);
            goto out;
        }
    }
    if ((rc = fg_import_commit(&imp, err)))
        goto out;
    out->imported = (long)n;
    if (opt->progress)
        opt->progress(opt->ctx, len, len);
out:
    fg_csv_release(&csv);
    json_decref(inds);
    free(order);
    free(rows);
    free(seen.slots);
    free(regions);
    return rc < 0 ? rc : 0;
}
