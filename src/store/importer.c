/* The enterprise CSV importer, shared by `fugong import enterprises` and
 * POST /api/v1/enterprises/import: every row is checked (core validation,
 * reference data read beforehand, duplicates in the file and the database,
 * and the caller's own rule, such as a jurisdiction), and the good rows go
 * in with one transaction and one audit entry per county (fg_import): as
 * they are checked where the engine streams them, else after the last. One
 * bad row (without skip_invalid) and nothing is imported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/region.h"
#include "../util/buf.h"
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

/* What a row's derived columns are checked against, read before the rows
 * (only for the columns the file has): while the rows stream to the
 * database (COPY) nothing else can be asked of it. critical-link marks
 * (issue 12) and the levels of approved plans (issue 14) by USCC; county
 * names by code. */
static const char SQL_CRITICAL_ALL[] = "SELECT DISTINCT enterprise FROM critical_marks";
static const char SQL_PLANS_ALL[] =
    "SELECT enterprise, SUM(CASE level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 4 END) "
    "FROM plans WHERE approved_version > 0 GROUP BY enterprise";

typedef struct keyed {
    char key[FG_USCC_LEN + 1];
    int32_t code; /* a region's code, or a USCC's plan levels */
    const char *name;
} keyed;
typedef struct keyed_list {
    keyed *items;
    size_t n, cap;
    fg_arena names;
    bool oom;
} keyed_list;

static int keyed_by_key(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static int keyed_by_code(const void *a, const void *b)
{
    int32_t x = ((const keyed *)a)->code, y = ((const keyed *)b)->code;
    return (x > y) - (x < y);
}

static keyed *keyed_next(keyed_list *l)
{
    if (fg_grow((void **)&l->items, &l->cap, l->n, sizeof(*l->items)))
        return NULL;
    keyed *k = &l->items[l->n++];
    memset(k, 0, sizeof(*k));
    return k;
}

/* Reads `sql` (a USCC, then a number or nothing) into l, sorted. */
static int keyed_load(fg_db *db, const char *sql, keyed_list *l, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, sql, "");
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        keyed *k = keyed_next(l);
        if (!k) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
        snprintf(k->key, sizeof(k->key), "%s", fg_db_text(db, st, 0));
        k->code = db->ops->col_count(st) > 1 ? (int32_t)fg_db_int(db, st, 1) : 0;
        rc = 0;
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    if (l->n > 1)
        qsort(l->items, l->n, sizeof(*l->items), keyed_by_key);
    return 0;
}

static void name_cb(int32_t code, const char *name, void *ctx)
{
    keyed_list *l = ctx;
    keyed *k = l->oom ? NULL : keyed_next(l);
    if (k && (k->name = fg_arena_strdup(&l->names, name)) != NULL)
        k->code = code;
    else
        l->oom = true;
}

/* The regions' names into l, by code. */
static int names_load(fg_db *db, keyed_list *l, fg_err *err)
{
    int rc = fg_store_region_names(db, name_cb, l, err);
    if (rc == 0 && l->oom)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc == 0 && l->n > 1)
        qsort(l->items, l->n, sizeof(*l->items), keyed_by_code);
    return rc;
}

static const keyed *keyed_find(const keyed_list *l, const char *key, int32_t code)
{
    keyed want;
    memset(&want, 0, sizeof(want));
    snprintf(want.key, sizeof(want.key), "%s", key ? key : "");
    want.code = code;
    return l->n ? bsearch(&want, l->items, l->n, sizeof(*l->items),
                          key ? keyed_by_key : keyed_by_code)
                : NULL;
}

static void keyed_release(keyed_list *l)
{
    free(l->items);
    fg_arena_release(&l->names);
}

/* Reference data a row is checked against. */
typedef struct refs {
    const unsigned char *regions; /* bit per code */
    const bool *industries;       /* [100] */
    const char *const *ind_zh, *const *ind_en;
    keyed_list marked, plans, names; /* each read when the file has the column */
} refs;

static const char *region_name(const refs *ref, int32_t code)
{
    const keyed *k = keyed_find(&ref->names, NULL, code);
    return k ? k->name : "";
}

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
        bool marked = keyed_find(&ref->marked, e->uscc, 0) != NULL;
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
        const keyed *k = keyed_find(&ref->plans, e->uscc, 0);
        unsigned approved = k ? (unsigned)k->code : 0;
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
    if (*rname && strcmp(rname, region_name(ref, e->region)) != 0)
        return fg_err_at(err, FG_EINVAL, "region_name", "import.region_name",
                         "the county '{name:%.60s}' is not region {region:%06d} ({expected:%s})",
                         rname, (int)e->region, region_name(ref, e->region));
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
    refs ref;
    memset(&ref, 0, sizeof(ref));
    fg_arena_init(&ref.marked.names);
    fg_arena_init(&ref.plans.names);
    fg_arena_init(&ref.names.names);
    fg_import imp;
    bool open = false;
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
    ref.regions = regions;
    ref.industries = industries;
    ref.ind_zh = ind_zh;
    ref.ind_en = ind_en;
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
    if ((col[FG_ECOL_CRITICAL] >= 0 && (rc = keyed_load(db, SQL_CRITICAL_ALL, &ref.marked, err))) ||
        (col[FG_ECOL_PLANS] >= 0 && (rc = keyed_load(db, SQL_PLANS_ALL, &ref.plans, err))) ||
        (col[FG_ECOL_REGION_NAME] >= 0 && (rc = names_load(db, &ref.names, err))))
        goto out;
    /* Where the engine streams its rows (COPY), each good row goes as soon
     * as it is checked, so that the database stores the first while the rest
     * are read, until a bad one means nothing will be imported (the
     * transaction is rolled back at the end). Otherwise the rows are kept
     * and go in key order: that turns the B-tree inserts of the primary key
     * and the audit index into appends. */
    bool stream = fg_import_streams(db);
    size_t cap = 1, n = 0;
    if (!stream) {
        /* As many rows as lines (more than enough: a quoted field may hold
         * a line break): a 100,000-row file was copied several times growing. */
        for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + len - p))) != NULL; p++)
            cap++;
        rows = malloc(cap * sizeof(*rows));
        if (!rows) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            goto out;
        }
    }
    fg_enterprise one;
    while ((rc = fg_csv_next(&csv, &line, err)) == 1) {
        out->rows++;
        if (opt->progress && out->rows % 5000 == 0)
            opt->progress(opt->ctx, fg_csv_offset(&csv, data), len);
        if (!stream && n == cap) {
            fg_enterprise *p = realloc(rows, cap * 2 * sizeof(*rows));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                goto out;
            }
            rows = p;
            cap *= 2;
        }
        fg_enterprise *e = stream ? &one : &rows[n];
        fg_err rerr;
        fg_err_init(&rerr);
        int bad = row_to_enterprise(&csv, col, &ref, e, &rerr);
        if (!bad && opt->row_allowed)
            bad = opt->row_allowed(opt->ctx, e, &rerr);
        if (!bad && set_add(&seen, e->uscc) == 1)
            bad = fg_err_at(&rerr, FG_EEXIST, "uscc", "import.uscc_duplicate",
                            "uscc {uscc:%s} is already registered or appears earlier in the file",
                            e->uscc);
        if (bad) {
            out->rejected++;
            if (opt->bad_line)
                opt->bad_line(opt->ctx, line, &rerr);
            continue;
        }
        n++;
        if (!stream || (out->rejected && !opt->skip_invalid))
            continue;
        if (!open && (rc = fg_import_begin(db, &imp, opt->now_ms, opt->actor, err)))
            goto out;
        open = true;
        if ((rc = fg_import_add(&imp, e, err)))
            goto out;
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
    if (!stream && n > 0) {
        order = malloc(n * sizeof(*order));
        if (!order) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t k = 0; k < n; k++)
            order[k] = &rows[k];
        qsort(order, n, sizeof(*order), cmp_uscc);
        if ((rc = fg_import_begin(db, &imp, opt->now_ms, opt->actor, err)))
            goto out;
        open = true;
        for (size_t k = 0; k < n; k++)
            if ((rc = fg_import_add(&imp, order[k], err)))
                goto out;
    }
    if (open) {
        open = false;
        if ((rc = fg_import_commit(&imp, err)))
            goto out;
    }
    out->imported = (long)n;
    if (opt->progress)
        opt->progress(opt->ctx, len, len);
out:
    if (open)
        fg_import_abort(&imp);
    fg_csv_release(&csv);
    json_decref(inds);
    free(order);
    free(rows);
    free(seen.slots);
    free(regions);
    keyed_release(&ref.marked);
    keyed_release(&ref.plans);
    keyed_release(&ref.names);
    return rc < 0 ? rc : 0;
}
