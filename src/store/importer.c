/* The enterprise CSV importer, shared by `fugong import enterprises` and
 * POST /api/v1/enterprises/import: every row is checked first (core
 * validation, reference data, duplicates in the file and the database, and
 * the caller's own rule, such as a jurisdiction), then the good rows go in
 * with one transaction and one audit entry per county (fg_import). */
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

/* Columns are core/enterprise.h's FG_ECOL_*; whitelist and status are what
 * an export adds: derived, so read and ignored (an exported file imports
 * again as it is); region_name and industry_name are checked against the
 * codes when filled. */
#define COL_COUNT FG_ECOL_COUNT
#define col_name(c) (fg_enterprise_columns[c].name)

static const char SQL_CRITICAL_OF[] = "SELECT COUNT(*) FROM critical_marks WHERE enterprise = ?";
/* production and contingency plans (issue 14): the levels of approved plans */
static const char SQL_PLANS_OF[] =
    "SELECT COALESCE(SUM(CASE level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 4 END), 0) "
    "FROM plans WHERE enterprise = ? AND approved_version > 0";

/* The names of a few regions, for checking a region_name column. */
typedef struct region_names {
    fg_db *db;
    struct {
        int32_t code;
        char name[128];
    } slot[64];
} region_names;

static const char *region_name(region_names *rn, int32_t code)
{
    size_t i = ((uint32_t)code * 2654435761u) % 64;
    if (rn->slot[i].code != code) {
        fg_region_row row;
        fg_err ignored;
        fg_err_init(&ignored);
        rn->slot[i].code = code;
        snprintf(rn->slot[i].name, sizeof(rn->slot[i].name), "%s",
                 fg_store_region_get(rn->db, code, &row, &ignored) ? "" : row.name);
    }
    return rn->slot[i].name;
}

/* Reference data a row is checked against. */
typedef struct refs {
    const unsigned char *regions; /* bit per code */
    const bool *industries;       /* [100] */
    const char *const *ind_zh, *const *ind_en;
    region_names *names;
} refs;

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
static int row_to_enterprise(fg_csv *csv, const int *col, const refs *ref, fg_enterprise *e,
                             fg_err *err)
{
    const char *f[COL_COUNT];
    for (int i = 0; i < COL_COUNT; i++)
        f[i] = col[i] >= 0 && (size_t)col[i] < csv->n_fields ? csv->fields[col[i]] : "";
    memset(e, 0, sizeof(*e));
    if (strlen(f[FG_ECOL_USCC]) > FG_USCC_LEN)
        return fg_uscc_validate(f[FG_ECOL_USCC], err);
    snprintf(e->uscc, sizeof(e->uscc), "%s", f[FG_ECOL_USCC]);
    if (strlen(f[FG_ECOL_NAME]) >= sizeof(e->name))
        return fg_err_at(err, FG_EINVAL, "name", "import.name_long", "name is too long");
    snprintf(e->name, sizeof(e->name), "%s", f[FG_ECOL_NAME]);
    int rc;
    if ((rc = fg_region_parse(f[FG_ECOL_REGION], "region", &e->region, err)))
        return rc;
    if (strlen(f[FG_ECOL_INDUSTRY]) > 2)
        return fg_err_at(err, FG_EINVAL, "industry", "import.industry_format",
                         "industry must be a two-digit GB/T 4754-2017 division code");
    snprintf(e->industry, sizeof(e->industry), "%s", f[FG_ECOL_INDUSTRY]);
    if ((rc = parse_count(f[FG_ECOL_HEADCOUNT], "headcount", &e->headcount, err)) ||
        (rc = parse_count(f[FG_ECOL_CAPACITY], "capacity", &e->capacity, err)) ||
        (rc = fg_category_parse_words(f[FG_ECOL_CATEGORIES], &e->categories, err)) ||
        (rc = fg_service_parse_words(f[FG_ECOL_SERVICE], &e->service_kind, err)))
        return rc;
    e->critical = false;
    if (*f[FG_ECOL_CRITICAL] && fg_word_yes_no(f[FG_ECOL_CRITICAL], &e->critical))
        return fg_err_at(err, FG_EINVAL, "critical", "import.critical",
                         "critical must be 是 or 否 (yes or no, true or false, 1 or 0), not "
                         "'{value:%.20s}'",
                         f[FG_ECOL_CRITICAL]);
    /* critical-link marks (issue 12): the column is derived (an export
     * carries it); a value that differs from the marks is refused. */
    if (*f[FG_ECOL_CRITICAL]) {
        fg_stmt *st;
        int found = fg_db_row(ref->names->db, &st, err, SQL_CRITICAL_OF, "t", e->uscc);
        if (found < 0)
            return found;
        bool marked = found == 1 && fg_db_int(ref->names->db, st, 0) > 0;
        fg_db_done(ref->names->db, st);
        if (marked && !e->critical)
            return fg_err_at(err, FG_EINVAL, "critical", "import.critical_marked",
                             "critical is not typed in: the enterprise is marked as a critical "
                             "link (by the chain analysis or a provincial mark); leave the column "
                             "empty");
        if (!marked && e->critical)
            return fg_err_at(err, FG_EINVAL, "critical", "import.critical_derived",
                             "critical is not typed in: it follows from the chain analysis or a "
                             "provincial industry authority's mark; leave the column empty");
        e->critical = false;
    }
    if ((rc = fg_risk_parse_list(f[FG_ECOL_PLANS], &e->plan_levels, err)))
        return rc;
    /* production and contingency plans (issue 14, part "plans"): the column
     * is derived (an export carries it); a value other than the levels of the
     * approved plans is refused. */
    if (*f[FG_ECOL_PLANS]) {
        fg_stmt *st;
        int found = fg_db_row(ref->names->db, &st, err, SQL_PLANS_OF, "t", e->uscc);
        if (found < 0)
            return found;
        unsigned approved = found == 1 ? (unsigned)fg_db_int(ref->names->db, st, 0) : 0;
        if (found == 1)
            fg_db_done(ref->names->db, st);
        if (approved != e->plan_levels)
            return fg_err_at(err, FG_EINVAL, "plans_filed", "import.plans_derived",
                             "plans filed are not typed in: a plan counts for a level once the "
                             "county industry authority approves it; leave the column empty");
    }
    e->plan_levels = 0;
    if ((rc = fg_enterprise_validate(e, err)))
        return rc;
    if (memcmp(e->uscc + 8, FG_IMPORT_EXAMPLE_ORG, sizeof(FG_IMPORT_EXAMPLE_ORG) - 1) == 0)
        return fg_err_at(err, FG_EINVAL, "uscc", "import.example_row",
                         "this is the template's example row ({uscc:%s}); delete it before "
                         "importing",
                         e->uscc);
    if (!(ref->regions[e->region >> 3] & (1u << (e->region & 7))))
        return fg_err_at(err, FG_EINVAL, "region", "region.unknown", "unknown region {region:%06d}",
                         (int)e->region);
    int ind = (e->industry[0] - '0') * 10 + (e->industry[1] - '0');
    if (!ref->industries[ind])
        return fg_err_at(err, FG_EINVAL, "industry", "industry.unknown",
                         "unknown industry '{industry:%s}': not a GB/T 4754-2017 division",
                         e->industry);
    const char *rname = f[FG_ECOL_REGION_NAME];
    if (*rname && strcmp(rname, region_name(ref->names, e->region)) != 0)
        return fg_err_at(err, FG_EINVAL, "region_name", "import.region_name",
                         "the county '{name:%.60s}' is not region {region:%06d} ({expected:%s})",
                         rname, (int)e->region, region_name(ref->names, e->region));
    const char *iname = f[FG_ECOL_INDUSTRY_NAME];
    if (*iname && strcmp(iname, ref->ind_zh[ind] ? ref->ind_zh[ind] : "") != 0 &&
        strcmp(iname, ref->ind_en[ind] ? ref->ind_en[ind] : "") != 0)
        return fg_err_at(err, FG_EINVAL, "industry_name", "import.industry_name",
                         "the industry '{name:%.60s}' is not division {industry:%s} "
                         "({expected:%s})",
                         iname, e->industry, ref->ind_zh[ind] ? ref->ind_zh[ind] : "");
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
    refs ref = {NULL, NULL, NULL, NULL, NULL};
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
    const char *ind_zh[100] = {NULL}, *ind_en[100] = {NULL};
    json_array_foreach(inds, i, it)
    {
        const char *c = json_string_value(json_object_get(it, "code"));
        int k = (c[0] - '0') * 10 + (c[1] - '0');
        industries[k] = true;
        ind_zh[k] = json_string_value(json_object_get(it, "name_zh"));
        ind_en[k] = json_string_value(json_object_get(it, "name_en"));
    }
    region_names *names = calloc(1, sizeof(*names));
    if (!names) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto out;
    }
    names->db = db;
    for (size_t k = 0; k < 64; k++)
        names->slot[k].code = -1;
    ref.regions = regions;
    ref.industries = industries;
    ref.ind_zh = ind_zh;
    ref.ind_en = ind_en;
    ref.names = names;
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
        const char *h = csv.fields[k];
        if (!h[strspn(h, " ")])
            continue; /* an empty header cell, as spreadsheets leave after the last column */
        int c = fg_enterprise_column_find(h, strlen(h));
        if (c < 0) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_unknown",
                           "line {line:%zu}: unknown column '{column:%.40s}'; columns are "
                           "统一社会信用代码 (uscc), 企业名称 (name), 区县代码 (region), 行业代码 "
                           "(industry), 职工人数 (headcount), 日产能 (capacity), 企业类别 "
                           "(categories), 服务业类型 (service_kind); an export's other columns "
                           "(产业链关键环节, 已备案预案, ...) are read too",
                           line, h);
            goto out;
        }
        if (col[c] >= 0) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_twice",
                           "line {line:%zu}: column {column:%s} ({header:%s}) appears twice", line,
                           col_name(c), fg_enterprise_columns[c].zh);
            goto out;
        }
        col[c] = (int)k;
    }
    static const int required[] = {FG_ECOL_USCC, FG_ECOL_NAME, FG_ECOL_REGION, FG_ECOL_INDUSTRY};
    for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
        if (col[required[k]] < 0) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "import.column_missing",
                           "line {line:%zu}: the header lacks the required column {column:%s} "
                           "({header:%s})",
                           line, col_name(required[k]), fg_enterprise_columns[required[k]].zh);
            goto out;
        }
    /* As many rows as lines (more than enough: a quoted field may hold a
     * line break): a 100,000-row file was copied several times growing. */
    size_t cap = 1, n = 0;
    for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + len - p))) != NULL; p++)
        cap++;
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
        int bad = row_to_enterprise(&csv, col, &ref, &rows[n], &rerr);
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
    free(ref.names);
    return rc < 0 ? rc : 0;
}
