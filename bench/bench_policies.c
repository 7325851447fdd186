/* Policy matching (issue 15, part "policies"): every policy of the demo's
 * 2022 catalogue (data/policies-2022.json, as the binary carries it)
 * against N synthetic enterprises spread over every county, with insured
 * counts, rents, contributions, daily reports, orders in 2022 and a share of
 * counties designated medium or high for a spell of 2022.
 *   1. in-process: every (enterprise, policy) pair through core's evaluator
 *      (fg_policy_evaluate, the issuer's region first), facts in memory;
 *   2. the same eligibility and amounts written as one SQL query per policy
 *      over the same data in tables of their own in the same SQLite
 *      database (the risk spells given to SQL already resolved per county),
 *      in the same run. Both must find the same enterprises eligible and the
 *      same total amount per policy; the program fails otherwise;
 *   3. the re-match of one enterprise after one fact changed, through the
 *      app (fg_app_policy_rematch_with: its facts read from the store, every
 *      policy evaluated, its entitlements compared and what changed written
 *      with its audit entries), on the same enterprises stored in Fugong's
 *      own tables: the median of 101 re-matches, beside the in-process full
 *      pass of 1.
 * 1 and 2 are measured 3 times after a warm-up run, each run measuring both.
 *   4. the region-restricted re-match a risk designation runs (part
 *      "reach"): every enterprise of the city with the most enterprises,
 *      through the app, once writing its entitlements new and once more
 *      with nothing changed.
 * Usage: bench_policies DB N   (DB: a database with the regions imported and
 * no enterprises). Prints "pairs inproc_s x3 sql_s x3 rematch_s eligible
 * policies city city_enterprises region_new_s region_same_s" (eligible: the
 * (enterprise, policy) pairs found eligible). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "bench.h"
#include "core/date.h"
#include "core/policy.h"
#include "core/region.h"
#include "core/uscc.h"
#include "store/store.h"
#include "sys/clock.h"
#include "sys/embed.h"

typedef struct demo_city {
    int32_t code;
    long n;
} demo_city;

static int die(const char *what, const fg_err *err)
{
    return fg_bench_fail("bench_policies", what, err);
}

typedef struct counties {
    int32_t *codes;
    size_t n, cap;
} counties;

static void county_cb(int32_t code, void *ctx)
{
    counties *c = ctx;
    if (code % 100 == 0)
        return; /* provinces and cities */
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 4096;
        int32_t *p = realloc(c->codes, ncap * sizeof(*p));
        if (!p)
            return;
        c->codes = p;
        c->cap = ncap;
    }
    c->codes[c->n++] = code;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void make_uscc(long serial, int32_t county, char out[FG_USCC_LEN + 1])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    snprintf(out, FG_USCC_LEN + 1, "91%06d", (int)county);
    for (int i = 16; i >= 8; i--, serial /= 31)
        out[i] = alphabet[serial % 31];
    out[17] = fg_uscc_check_char(out);
    out[18] = '\0';
}

/* Manufacturing (some of the 22 hard-hit), mining, trade, transport,
 * catering, services. */
static const char *const divisions[] = {"06", "13", "17", "18", "26", "29", "34", "36",
                                        "39", "44", "51", "52", "53", "54", "56", "58",
                                        "59", "61", "62", "65", "72", "80", "87", "90"};
#define NDIV (sizeof(divisions) / sizeof(divisions[0]))

/* Compact (not fg_enterprise, whose name alone is 801 bytes): a million
 * of these stay in a few hundred megabytes of cache-friendly memory. */
typedef struct synth {
    struct {
        char uscc[FG_USCC_LEN + 1];
        char industry[3];
        int32_t region;
        int64_t headcount, capacity;
    } e;
    int64_t insured, rent, contributions;
    int32_t report_day;
    int staff_pct, capacity_pct;
    bool whitelist, has_order;
    fg_policy_order_days order;
    const fg_risk_designation *risk; /* its county's designations (two, or none) */
    size_t n_risk;
} synth;

static int cmp_code(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static const char SQL_SCHEMA[] =
    "CREATE TABLE bench_ent (uscc TEXT PRIMARY KEY, county INTEGER NOT NULL, province INTEGER "
    "NOT NULL, industry TEXT NOT NULL, headcount INTEGER NOT NULL, insured INTEGER, "
    "report_day INTEGER NOT NULL, capacity_pct INTEGER NOT NULL, rent INTEGER, contributions "
    "INTEGER);"
    "CREATE INDEX bench_ent_province ON bench_ent (province);"
    "CREATE TABLE bench_order (uscc TEXT NOT NULL, measure TEXT NOT NULL, from_day INTEGER NOT "
    "NULL, to_day INTEGER NOT NULL, from_n INTEGER NOT NULL, to_n INTEGER NOT NULL);"
    "CREATE INDEX bench_order_uscc ON bench_order (uscc);"
    "CREATE TABLE bench_risk (county INTEGER NOT NULL, level INTEGER NOT NULL, from_day INTEGER "
    "NOT NULL, to_day INTEGER NOT NULL);"
    "CREATE INDEX bench_risk_county ON bench_risk (county);";
static const char SQL_B_ENT[] = "INSERT INTO bench_ent VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_B_ORDER[] = "INSERT INTO bench_order VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_B_RISK[] = "INSERT INTO bench_risk VALUES (?, ?, ?, ?)";
/* Fugong's own tables, for the re-match through the app. */
static const char SQL_F_ENT[] =
    "INSERT INTO enterprises (uscc, id, name, region, industry, headcount, capacity, categories, "
    "service_kind, critical, plan_levels, version, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, 0, 1, ?, ?)";
static const char SQL_F_FACTS[] =
    "INSERT INTO enterprise_benefit_facts (enterprise, insured, monthly_rent, "
    "monthly_contributions, vat_credit, updated_by, updated_at) VALUES (?, ?, ?, ?, NULL, "
    "'bench', ?)";
static const char SQL_F_ORDER[] =
    "INSERT INTO orders (id, enterprise, region, route, step, state, emergency, confirmed, "
    "measure, percent, reason, evidence, starts_at, ends_at, lapses_at, proposed_by, "
    "proposed_at, step_since, step_due_at, escalated, ended_at, version, updated_at) "
    "VALUES (?, ?, ?, 'general', 2, 'expired', 0, 1, ?, 50, 'bench', 'bench', ?, ?, 0, 'bench', "
    "?, ?, ?, 0, 0, 2, ?)";

/* The risk spell over 2022 inside a county, for SQL. */
#define RISK_IN_2022                                                                               \
    "EXISTS (SELECT 1 FROM bench_risk r WHERE r.county = e.county AND r.level >= 1 AND "           \
    "r.from_day <= 20221231 AND r.to_day >= 20220101)"
/* The four shapes of the catalogue's rules, for one issuer province. */
static const char SQL_Q_TRAINING[] =
    "SELECT COUNT(*), COALESCE(SUM(MIN(COALESCE(e.insured, e.headcount) * 50000, 30000000)), 0) "
    "FROM bench_ent e WHERE e.province = ? AND COALESCE(e.insured, e.headcount) >= 1 "
    "AND " RISK_IN_2022 " AND (EXISTS (SELECT 1 FROM bench_order o WHERE o.uscc = e.uscc AND "
    "o.from_day <= 20221231 AND o.to_day >= 20220101) OR (e.report_day > 0 AND "
    "e.report_day <= 20221231 AND e.capacity_pct <= 50))";
static const char SQL_Q_RENT[] =
    "SELECT COUNT(*), COALESCE(SUM(e.rent * CASE WHEN " RISK_IN_2022 " THEN 6 ELSE 3 END), 0) "
    "FROM bench_ent e WHERE e.province = ? AND (CAST(e.industry AS INTEGER) BETWEEN 51 AND 96 "
    "OR e.industry IN ('05', '11', '43')) AND e.headcount <= 100";
static const char SQL_Q_DEFERRAL[] =
    "SELECT COUNT(*), COALESCE(SUM(e.contributions * 6), 0) FROM bench_ent e "
    "WHERE e.province = ? AND e.industry IN ('52', '62', '56', '53', '54', '55', '13', '17', "
    "'18', '22', '23', '27', '28', '29', '34', '36', '37', '40', '85', '87', '88', '89', '90') "
    "AND COALESCE(e.insured, e.headcount) >= 1";
static const char SQL_Q_FREIGHT[] =
    "SELECT COUNT(*), COUNT(*) * 1000000 FROM bench_ent e WHERE e.province = ? AND "
    "e.industry IN ('54', '58', '59') AND e.headcount <= 300 AND (COALESCE((SELECT "
    "SUM(MIN(o.to_n, ?) - MAX(o.from_n, ?) + 1) FROM bench_order o WHERE o.uscc = e.uscc AND "
    "o.measure IN ('stop', 'limit_capacity') AND o.to_n >= ? AND o.from_n <= ?), 0) >= 7 "
    "OR " RISK_IN_2022 ")";

/* Runs the SQL that answers policy `r` (by its benefit kind: the catalogue
 * has one rule shape per kind) for its issuer's province: 1 with a row, 0
 * when no SQL answers the kind, negative on error. */
static int sql_answer(fg_db *db, const fg_policy_row *r, int64_t jan1, int64_t dec31, fg_stmt **st,
                      fg_err *err)
{
    int region = (int)r->region;
    switch (r->benefit) {
    case FG_BENEFIT_SUBSIDY: return fg_db_row(db, st, err, SQL_Q_TRAINING, "d", region);
    case FG_BENEFIT_RENT_RELIEF: return fg_db_row(db, st, err, SQL_Q_RENT, "d", region);
    case FG_BENEFIT_DEFERRAL: return fg_db_row(db, st, err, SQL_Q_DEFERRAL, "d", region);
    case FG_BENEFIT_LOGISTICS:
        return fg_db_row(db, st, err, SQL_Q_FREIGHT, "diiii", region, dec31, jan1, jan1, dec31);
    default: return 0;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_policies DB N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    if (n < 100) {
        fprintf(stderr, "bench_policies: N >= 100\n");
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    int applied;
    int64_t now = 1672459200000LL; /* 2022-12-31T12:00:00+08:00 */
    int32_t date = 20221231;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err) ||
        fg_store_migrate(db, now, &applied, &err))
        return die("open", &err);
    counties cs = {0};
    if (fg_store_region_codes(db, county_cb, &cs, &err) || cs.n == 0)
        return die("regions (import them first)", &err);
    qsort(cs.codes, cs.n, sizeof(*cs.codes), cmp_code);
    size_t *risk_at = malloc(cs.n * sizeof(*risk_at)); /* county i's first designation, or -1 */
    /* The demo's provinces, where its policies apply, get 40 % of the
     * enterprises. */
    counties demo = {0};
    for (size_t i = 0; i < cs.n; i++) {
        int32_t p = cs.codes[i] / 10000 * 10000;
        if (p == 330000 || p == 310000 || p == 320000)
            county_cb(cs.codes[i], &demo);
    }
    if (demo.n == 0)
        return die("no county of the demo's provinces", &err);

    /* Risk: 15 % of counties medium or high for 7 to 60 days of 2022. */
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    fg_risk_designation *desig = malloc(2 * cs.n * sizeof(*desig));
    size_t n_desig = 0;
    int64_t jan1 = fg_date_days(20220101), dec31 = fg_date_days(20221231);
    if (db->ops->exec(db, SQL_SCHEMA, &err))
        return die("bench tables", &err);
    if (fg_db_begin(db, true, &err))
        return die("begin", &err);
    db->ops->bulk(db, true);
    for (size_t i = 0; i < cs.n; i++) {
        uint64_t x = rng_next(&rng);
        risk_at[i] = (size_t)-1;
        if (x % 100 >= 15)
            continue;
        risk_at[i] = n_desig;
        fg_risk_level l = (x >> 8) % 3 == 0 ? FG_RISK_HIGH : FG_RISK_MEDIUM;
        int64_t from = jan1 + (int64_t)((x >> 16) % 300), len = 7 + (int64_t)((x >> 32) % 54);
        int32_t f = fg_date_from_days(from), t = fg_date_from_days(from + len - 1);
        desig[n_desig++] = (fg_risk_designation){cs.codes[i], l, f, (int64_t)n_desig + 1};
        desig[n_desig++] = (fg_risk_designation){
            cs.codes[i], FG_RISK_LOW, fg_date_from_days(from + len), (int64_t)n_desig + 1};
        if (fg_db_run(db, &err, SQL_B_RISK, "dddd", (int)cs.codes[i], (int)l, (int)f, (int)t))
            return die("risk", &err);
    }

    /* The enterprises, in memory and in both sets of tables. */
    synth *s = calloc((size_t)n, sizeof(*s));
    if (!s || !desig)
        return die("memory", &err);
    static const char *const measures[] = {"stop", "limit_capacity", "limit_arrival"};
    for (long k = 0; k < n; k++) {
        synth *x = &s[k];
        uint64_t r1 = rng_next(&rng), r2 = rng_next(&rng), r3 = rng_next(&rng);
        int32_t county =
            r1 % 100 < 40 ? demo.codes[(r1 >> 8) % demo.n] : cs.codes[(r1 >> 8) % cs.n];
        make_uscc(k, county, x->e.uscc);
        const int32_t *at = bsearch(&county, cs.codes, cs.n, sizeof(*cs.codes), cmp_code);
        size_t ri = risk_at[at - cs.codes];
        x->risk = ri == (size_t)-1 ? NULL : &desig[ri];
        x->n_risk = ri == (size_t)-1 ? 0 : 2;
        x->e.region = county;
        memcpy(x->e.industry, divisions[(r1 >> 32) % NDIV], 3);
        x->e.headcount = 1 + (int64_t)(r2 % 400);
        x->e.capacity = 100 + (int64_t)((r2 >> 16) % 10000);
        x->insured =
            (r2 >> 32) % 10 < 7 ? x->e.headcount * (int64_t)(50 + (r2 >> 40) % 51) / 100 : -1;
        x->rent = (r3 % 10) < 4 ? 100000 + (int64_t)((r3 >> 8) % 1900000) : -1;
        x->contributions = (r3 >> 32) % 10 < 7 ? x->e.headcount * 80000 : -1;
        if ((r3 >> 40) % 10 < 6) {
            x->report_day = fg_date_from_days(dec31 - (int64_t)((r3 >> 44) % 31));
            x->capacity_pct = (int)((r3 >> 50) % 101);
            x->staff_pct = (int)((r3 >> 20) % 101);
        }
        x->whitelist = (r2 >> 56) % 50 == 0;
        if ((r1 >> 40) % 100 < 15) {
            int64_t from = jan1 + (int64_t)((r1 >> 48) % 330), len = 1 + (int64_t)((r3 >> 56) % 30);
            x->has_order = true;
            x->order =
                (fg_policy_order_days){fg_date_from_days(from), fg_date_from_days(from + len - 1),
                                       (fg_measure)((r2 >> 60) % 3)};
        }
        char name[32], id[40];
        snprintf(name, sizeof(name), "企业%ld", k);
        snprintf(id, sizeof(id), "bench-%ld", k);
        int rc = fg_db_run(db, &err, SQL_B_ENT, "tddtinddnn", x->e.uscc, (int)county,
                           (int)(county / 10000 * 10000), x->e.industry, x->e.headcount, x->insured,
                           (int)x->report_day, x->capacity_pct, x->rent, x->contributions);
        rc = rc ? rc
                : fg_db_run(db, &err, SQL_F_ENT, "tttdtiidii", x->e.uscc, id, name, (int)county,
                            x->e.industry, x->e.headcount, x->e.capacity, 0, now, now);
        rc = rc ? rc
                : fg_db_run(db, &err, SQL_F_FACTS, "tnnni", x->e.uscc, x->insured, x->rent,
                            x->contributions, now);
        if (rc == 0 && x->has_order) {
            int64_t fn = fg_date_days(x->order.from), tn = fg_date_days(x->order.to);
            /* Midnight in Shanghai of the first day, to midnight after the last. */
            int64_t start = fn * 86400000LL - 8 * 3600000LL,
                    end = (tn + 1) * 86400000LL - 8 * 3600000LL;
            rc = fg_db_run(db, &err, SQL_B_ORDER, "ttddii", x->e.uscc, measures[x->order.measure],
                           (int)x->order.from, (int)x->order.to, fn, tn);
            rc = rc ? rc
                    : fg_db_run(db, &err, SQL_F_ORDER, "ttdtiiiiii", id, x->e.uscc, (int)county,
                                measures[x->order.measure], start, end, start, start, start, end);
        }
        if (rc)
            return die("enterprises", &err);
    }
    db->ops->bulk(db, false);
    if (fg_db_commit(db, &err))
        return die("commit", &err);
    /* Fugong's risk designations, the same spells (audited, as written). */
    for (size_t i = 0; i < n_desig; i++) {
        json_t *out = NULL;
        if (fg_store_risk_designate(db, desig[i].region, desig[i].level, desig[i].effective_on,
                                    "bench", now, "bench", &out, &err))
            return die("designate", &err);
        json_decref(out);
    }
    size_t n_pol;
    if (fg_app_policy_demo_catalogue(db, true, 0, now, "bench", &n_pol, &err))
        return die("catalogue", &err);
    fg_app_policies pols;
    if (fg_app_policies_load(db, date, &pols, &err))
        return die("policies", &err);

    /* 1 and 2, RUNS times, each run measuring both. */
    enum { RUNS = 3 };
    double t_in[RUNS], t_sq[RUNS];
    int64_t total = 0;
    int64_t *eligible = calloc(pols.n, sizeof(*eligible)),
            *amount = calloc(pols.n, sizeof(*amount));
    int64_t *sql_n = calloc(pols.n, sizeof(*sql_n)),
            *sql_amount = calloc(pols.n, sizeof(*sql_amount));
    /* Run -1 warms up (the commit above leaves the machine busy writing the
     * database back for a while) and is not reported. */
    for (int run = -1; run < RUNS; run++) {
        memset(eligible, 0, pols.n * sizeof(*eligible));
        memset(amount, 0, pols.n * sizeof(*amount));
        /* 1. In-process: every pair. */
        double t0 = fg_bench_now();
        for (long k = 0; k < n; k++) {
            synth *x = &s[k];
            fg_policy_facts f;
            fg_policy_facts_init(&f, date);
            f.region = x->e.region;
            memcpy(f.industry, x->e.industry, 3);
            f.headcount = x->e.headcount;
            f.capacity = x->e.capacity;
            f.insured = x->insured;
            f.monthly_rent = x->rent;
            f.monthly_contributions = x->contributions;
            f.whitelist = x->whitelist;
            f.report_day = x->report_day;
            f.staff_pct = x->staff_pct;
            f.capacity_pct = x->capacity_pct;
            f.orders = x->has_order ? &x->order : NULL;
            f.n_orders = x->has_order;
            f.risk = x->risk;
            f.n_risk = x->n_risk;
            for (size_t j = 0; j < pols.n; j++) {
                if (!fg_app_policy_covers(&pols.live[j].row, x->e.region))
                    continue;
                fg_policy_result r;
                fg_policy_evaluate(&pols.rules[j], &f, &r);
                if (r.eligible) {
                    eligible[j]++;
                    amount[j] += r.amount_known ? r.amount_fen : 0;
                }
            }
        }
        if (run >= 0)
            t_in[run] = fg_bench_now() - t0;

        /* 2. One SQL query per policy. */
        t0 = fg_bench_now();
        for (size_t j = 0; j < pols.n; j++) {
            fg_stmt *st;
            int rc = sql_answer(db, &pols.live[j].row, jan1, dec31, &st, &err);
            if (rc == 0) {
                fprintf(stderr, "bench_policies: no SQL for policy %s\n", pols.live[j].row.title);
                return 1;
            }
            if (rc < 0)
                return die("SQL", &err);
            sql_n[j] = fg_db_int(db, st, 0);
            sql_amount[j] = fg_db_int(db, st, 1);
            fg_db_done(db, st);
        }
        if (run >= 0)
            t_sq[run] = fg_bench_now() - t0;
        total = 0;
        for (size_t j = 0; j < pols.n; j++) {
            if (sql_n[j] != eligible[j] || sql_amount[j] != amount[j]) {
                fprintf(stderr,
                        "bench_policies: %s (%06d): in-process %lld eligible, %lld fen; SQL %lld, "
                        "%lld fen\n",
                        pols.live[j].row.title, (int)pols.live[j].row.region,
                        (long long)eligible[j], (long long)amount[j], (long long)sql_n[j],
                        (long long)sql_amount[j]);
                return 1;
            }
            total += eligible[j];
        }
    }

    /* 3. The re-match of one enterprise after one fact changed. */
    enum { REMATCHES = 101 };
    double times[REMATCHES];
    for (int i = 0; i < REMATCHES; i++) {
        synth *x = &s[rng_next(&rng) % (uint64_t)n];
        fg_benefit_facts bf = {x->insured >= 0 ? x->insured + 1 : 1, x->rent, x->contributions, -1};
        fg_tx tx;
        int rc = fg_tx_begin(&tx, db, now + i, "bench", &err);
        if (rc == 0)
            rc = fg_store_benefit_facts_set(&tx, x->e.uscc, x->e.region, &bf, &err);
        if ((rc = fg_tx_end(&tx, rc, &err)))
            return die("fact change", &err);
        fg_app_match_stats st;
        double t0 = fg_bench_now();
        if (fg_app_policy_rematch_with(&pols, db, x->e.uscc, now + i, &st, &err))
            return die("rematch", &err);
        times[i] = fg_bench_now() - t0;
    }
    for (int i = 1; i < REMATCHES; i++)
        for (int j = i; j > 0 && times[j - 1] > times[j]; j--) {
            double t = times[j];
            times[j] = times[j - 1];
            times[j - 1] = t;
        }
    /* 4. The region-restricted re-match a designation runs (part "reach"):
     * every enterprise of the city with the most enterprises through the
     * app (fg_app_policy_rematch_region), first when its entitlements are
     * all new (written with their audit entries), then again when nothing
     * changed (read and evaluated only). */
    int32_t city = 0;
    long city_n = 0;
    {
        demo_city *cities = calloc((size_t)n, sizeof(*cities));
        size_t nc = 0;
        for (long k = 0; cities && k < n; k++) {
            int32_t c = s[k].e.region / 100 * 100;
            size_t j = 0;
            while (j < nc && cities[j].code != c)
                j++;
            if (j == nc)
                cities[nc++] = (demo_city){c, 0};
            if (++cities[j].n > city_n) {
                city_n = cities[j].n;
                city = c;
            }
        }
        free(cities);
    }
    fg_app_match_stats rs;
    double t0 = fg_bench_now();
    if (fg_app_policy_rematch_region(NULL, db, city, now + REMATCHES, 1000, &rs, &err))
        return die("region rematch", &err);
    double t_region_new = fg_bench_now() - t0;
    t0 = fg_bench_now();
    if (fg_app_policy_rematch_region(NULL, db, city, now + REMATCHES + 1, 1000, &rs, &err))
        return die("region rematch", &err);
    double t_region_same = fg_bench_now() - t0;
    printf("%lld %.6f %.6f %.6f %.6f %.6f %.6f %.9f %lld %zu %06d %ld %.6f %.6f\n",
           (long long)n * (long long)pols.n, t_in[0], t_in[1], t_in[2], t_sq[0], t_sq[1], t_sq[2],
           times[REMATCHES / 2], (long long)total, pols.n, (int)city, city_n, t_region_new,
           t_region_same);
    fg_app_policies_release(&pols);
    free(eligible);
    free(amount);
    free(sql_n);
    free(sql_amount);
    free(s);
    free(desig);
    free(risk_at);
    free(cs.codes);
    free(demo.codes);
    fg_store_free(store);
    return 0;
}
