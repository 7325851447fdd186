/* Daily reports (migration 014): versions, incremental aggregates, missing
 * reports, enterprise counts. */
#include "reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../sys/clock.h"
#include "../util/assert.h"
#include "../util/buf.h"
#include "store.h"

#define REPORT_COLS                                                                                \
    "id, enterprise, day, version, is_current, status, capacity_pct, staff_pct, closed_loop, "     \
    "problems, note, source, late, county, division, categories, reported_by, reported_at"

static const char SQL_CURRENT[] =
    "SELECT " REPORT_COLS " FROM daily_reports WHERE day = ? AND enterprise = ? AND is_current = 1";
static const char SQL_BEFORE[] =
    "SELECT " REPORT_COLS " FROM daily_reports WHERE enterprise = ? AND day < ? AND is_current = 1 "
    "ORDER BY day DESC LIMIT 1";
static const char SQL_VERSIONS[] = "SELECT " REPORT_COLS " FROM daily_reports "
                                   "WHERE enterprise = ? AND day = ? ORDER BY version";
static const char SQL_HISTORY[] =
    "SELECT " REPORT_COLS " FROM daily_reports WHERE enterprise = ? AND day >= ? AND day <= ? "
    "AND is_current = 1 ORDER BY day DESC LIMIT ?";
static const char SQL_UNCURRENT[] = "UPDATE daily_reports SET is_current = 0 WHERE id = ?";
static const char SQL_INSERT[] = "INSERT INTO daily_reports (" REPORT_COLS ") "
                                 "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ENT_DIMS[] =
    "SELECT region, industry, categories FROM enterprises WHERE uscc = ?";
static const char SQL_ENT_GROUPS[] =
    "SELECT l.chain, l.id FROM whitelist_applications a JOIN whitelist_lists l ON l.id = a.list_id "
    "WHERE a.enterprise = ? AND a.state IN ('listed', 'due_review')";
static const char SQL_REPORT_GROUPS[] =
    "SELECT kind, grp FROM daily_report_groups WHERE report = ?";
static const char SQL_GROUP_INSERT[] =
    "INSERT INTO daily_report_groups (report, kind, grp) VALUES (?, ?, ?)";

#define AGG_FIGURES                                                                                \
    "n_reported, n_resumed, sum_capacity, sum_staff, sum_closed_loop, n_staff90, n_cap80, "        \
    "n_under30, n_late, p_parts, p_logistics, p_staff, p_cash, p_energy, p_local_rules"

/* The SET list of an aggregate upsert into table t: every figure adds the
 * incoming delta. */
#define AGG_ADD(t)                                                                                 \
    "n_reported = " t ".n_reported + excluded.n_reported, "                                        \
    "n_resumed = " t ".n_resumed + excluded.n_resumed, "                                           \
    "sum_capacity = " t ".sum_capacity + excluded.sum_capacity, "                                  \
    "sum_staff = " t ".sum_staff + excluded.sum_staff, "                                           \
    "sum_closed_loop = " t ".sum_closed_loop + excluded.sum_closed_loop, "                         \
    "n_staff90 = " t ".n_staff90 + excluded.n_staff90, "                                           \
    "n_cap80 = " t ".n_cap80 + excluded.n_cap80, "                                                 \
    "n_under30 = " t ".n_under30 + excluded.n_under30, "                                           \
    "n_late = " t ".n_late + excluded.n_late, "                                                    \
    "p_parts = " t ".p_parts + excluded.p_parts, "                                                 \
    "p_logistics = " t ".p_logistics + excluded.p_logistics, "                                     \
    "p_staff = " t ".p_staff + excluded.p_staff, "                                                 \
    "p_cash = " t ".p_cash + excluded.p_cash, "                                                    \
    "p_energy = " t ".p_energy + excluded.p_energy, "                                              \
    "p_local_rules = " t ".p_local_rules + excluded.p_local_rules"
#define AGG_VALUES "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

static const char SQL_AGG_UPSERT[] =
    "INSERT INTO report_aggregates (day, county, division, categories, " AGG_FIGURES ") "
    "VALUES (?, ?, ?, ?, " AGG_VALUES ") ON CONFLICT (day, county, division, categories) "
    "DO UPDATE SET " AGG_ADD("report_aggregates");
static const char SQL_GAGG_UPSERT[] =
    "INSERT INTO report_group_aggregates (day, kind, grp, county, " AGG_FIGURES ") "
    "VALUES (?, ?, ?, ?, " AGG_VALUES ") ON CONFLICT (day, kind, grp, county) "
    "DO UPDATE SET " AGG_ADD("report_group_aggregates");
static const char SQL_CAGG_UPSERT[] =
    "INSERT INTO report_county_aggregates (day, county, " AGG_FIGURES ") "
    "VALUES (?, ?, " AGG_VALUES ") ON CONFLICT (day, county) "
    "DO UPDATE SET " AGG_ADD("report_county_aggregates");

static const char SQL_COUNT_ADD[] =
    "INSERT INTO enterprise_counts (county, division, categories, n) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (county, division, categories) DO UPDATE SET n = enterprise_counts.n + excluded.n";
static const char SQL_COUNTY_COUNT_ADD[] =
    "INSERT INTO enterprise_county_counts (county, n) VALUES (?, ?) "
    "ON CONFLICT (county) DO UPDATE SET n = enterprise_county_counts.n + excluded.n";

/* ---- rows ---- */

static void read_row(fg_db *db, fg_stmt *st, fg_report_row *w)
{
    memset(w, 0, sizeof(*w));
    fg_report *r = &w->r;
    fg_strlcpy(w->id, fg_db_text(db, st, 0), sizeof(w->id));
    fg_strlcpy(r->enterprise, fg_db_text(db, st, 1), sizeof(r->enterprise));
    const char *d = fg_db_text(db, st, 2);
    if (fg_date_parse(d ? d : "", &r->day, NULL) != 0)
        r->day = 0;
    w->version = (int)fg_db_int(db, st, 3);
    w->current = fg_db_int(db, st, 4) != 0;
    const char *s = fg_db_text(db, st, 5);
    if (fg_status_parse(s ? s : "", &r->status, NULL) != 0)
        r->status = FG_STATUS_STOPPED;
    r->capacity_pct = (int)fg_db_int(db, st, 6);
    r->staff_pct = (int)fg_db_int(db, st, 7);
    r->closed_loop = fg_db_int(db, st, 8);
    r->problems = (unsigned)fg_db_int(db, st, 9);
    const char *note = fg_db_text(db, st, 10);
    fg_strlcpy(r->note, note ? note : "", sizeof(r->note));
    const char *src = fg_db_text(db, st, 11);
    if (fg_report_source_parse(src ? src : "", &r->source, NULL) != 0)
        r->source = FG_REPORT_FORM;
    w->late = fg_db_int(db, st, 12) != 0;
    w->county = (int32_t)fg_db_int(db, st, 13);
    const char *div = fg_db_text(db, st, 14);
    fg_strlcpy(w->division, div ? div : "", sizeof(w->division));
    w->categories = (unsigned)fg_db_int(db, st, 15);
    const char *by = fg_db_text(db, st, 16);
    fg_strlcpy(w->reported_by, by ? by : "", sizeof(w->reported_by));
    w->reported_at = fg_db_int(db, st, 17);
}

/* Runs a query of report rows, into one row (*out, FG_ENOTFOUND when none)
 * or, with `many`, a new array. */
static int read_rows(fg_db *db, fg_stmt *st, fg_report_row **many, size_t *n, fg_err *err)
{
    size_t cap = 0;
    *many = NULL;
    *n = 0;
    int rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            fg_report_row *g = realloc(*many, nc * sizeof(**many));
            if (!g) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            *many = g;
            cap = nc;
        }
        read_row(db, st, &(*many)[(*n)++]);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(*many);
        *many = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}

static int read_one(fg_db *db, fg_stmt *st, fg_report_row *out, fg_err *err)
{
    int rc = fg_db_step(db, st, err);
    if (rc == 1)
        read_row(db, st, out);
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "day", "report.not_found",
                         "no report of that day is in");
    return 0;
}

int fg_store_report_current(fg_db *db, const char *uscc, int32_t day, fg_report_row *out,
                            fg_err *err)
{
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_CURRENT, "tt", d, uscc);
    return rc ? rc : read_one(db, st, out, err);
}

int fg_store_report_before(fg_db *db, const char *uscc, int32_t day, fg_report_row *out,
                           fg_err *err)
{
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_BEFORE, "tt", uscc, d);
    return rc ? rc : read_one(db, st, out, err);
}

int fg_store_report_versions(fg_db *db, const char *uscc, int32_t day, fg_report_row **out,
                             size_t *out_n, fg_err *err)
{
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_VERSIONS, "tt", uscc, d);
    return rc ? rc : read_rows(db, st, out, out_n, err);
}

int fg_store_report_history(fg_db *db, const char *uscc, int32_t from, int32_t to, int limit,
                            fg_report_row **out, size_t *out_n, fg_err *err)
{
    char a[11], b[11];
    fg_date_format(from, a);
    fg_date_format(to, b);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_HISTORY, "tttd", uscc, a, b, limit);
    return rc ? rc : read_rows(db, st, out, out_n, err);
}

/* ---- ingest ---- */

enum { KIND_MAIN = 0, KIND_CHAIN = 1, KIND_LIST = 2, KIND_COUNTY = 3 };
static const char *kind_names[] = {"", "chain", "list", ""};

/* One aggregate row's key: (day, county, division, categories) for
 * KIND_MAIN, (day, kind, grp, county) for the groups (`a` holds the division
 * or the group), (day, county) for KIND_COUNTY, the roll-up that region
 * figures and trends read. */
typedef struct agg_key {
    int32_t day, county;
    unsigned categories;
    int kind;
    char a[40];
} agg_key;

typedef struct agg_slot {
    bool used;
    agg_key k;
    fg_report_totals t;
} agg_slot;

#define MAX_GROUPS 32

/* An enterprise's dimensions as a report records them. */
typedef struct ent_dims {
    char uscc[FG_USCC_LEN + 1];
    int32_t county;
    char division[3];
    unsigned categories;
    size_t n_groups;
    struct {
        int kind;
        char grp[40];
    } groups[MAX_GROUPS];
} ent_dims;

#define DIMS_CACHE 1024

struct fg_report_ingest {
    fg_tx *tx;
    agg_slot *slots;
    size_t cap, used;
    ent_dims *cache; /* direct-mapped by USCC hash */
    bool *cached;
};

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t key_hash(const agg_key *k)
{
    uint64_t h = 1469598103934665603ULL;
    h = hash_bytes(h, &k->day, sizeof(k->day));
    h = hash_bytes(h, &k->county, sizeof(k->county));
    h = hash_bytes(h, &k->categories, sizeof(k->categories));
    h = hash_bytes(h, &k->kind, sizeof(k->kind));
    return hash_bytes(h, k->a, strlen(k->a));
}

static bool key_eq(const agg_key *x, const agg_key *y)
{
    return x->day == y->day && x->county == y->county && x->categories == y->categories &&
           x->kind == y->kind && strcmp(x->a, y->a) == 0;
}

static int agg_grow(fg_report_ingest *g, fg_err *err)
{
    size_t nc = g->cap ? g->cap * 2 : 256;
    agg_slot *ns = calloc(nc, sizeof(*ns));
    if (!ns)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    for (size_t i = 0; i < g->cap; i++) {
        if (!g->slots[i].used)
            continue;
        size_t j = key_hash(&g->slots[i].k) & (nc - 1);
        while (ns[j].used)
            j = (j + 1) & (nc - 1);
        ns[j] = g->slots[i];
    }
    free(g->slots);
    g->slots = ns;
    g->cap = nc;
    return 0;
}

static int agg_add(fg_report_ingest *g, const agg_key *k, const fg_report_totals *t, int sign,
                   fg_err *err)
{
    if ((g->used + 1) * 2 > g->cap) {
        int rc = agg_grow(g, err);
        if (rc)
            return rc;
    }
    size_t j = key_hash(k) & (g->cap - 1);
    while (g->slots[j].used && !key_eq(&g->slots[j].k, k))
        j = (j + 1) & (g->cap - 1);
    agg_slot *s = &g->slots[j];
    if (!s->used) {
        s->used = true;
        s->k = *k;
        memset(&s->t, 0, sizeof(s->t));
        g->used++;
    }
    fg_report_totals_add(&s->t, t, sign);
    return 0;
}

int fg_report_ingest_begin(fg_tx *tx, fg_report_ingest **out, fg_err *err)
{
    fg_report_ingest *g = calloc(1, sizeof(*g));
    if (g) {
        g->cache = malloc(DIMS_CACHE * sizeof(*g->cache));
        g->cached = calloc(DIMS_CACHE, sizeof(*g->cached));
    }
    if (!g || !g->cache || !g->cached) {
        if (g) {
            free(g->cache);
            free(g->cached);
        }
        free(g);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    g->tx = tx;
    *out = g;
    return 0;
}

/* The enterprise's dimensions now (cached for the ingest). */
static int dims_get(fg_report_ingest *g, const char *uscc, const ent_dims **out, fg_err *err)
{
    size_t slot = hash_bytes(1469598103934665603ULL, uscc, strlen(uscc)) % DIMS_CACHE;
    ent_dims *d = &g->cache[slot];
    if (g->cached[slot] && strcmp(d->uscc, uscc) == 0) {
        *out = d;
        return 0;
    }
    g->cached[slot] = false;
    fg_db *db = g->tx->db;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ENT_DIMS, "t", uscc);
    if (rc)
        return rc;
    rc = fg_db_step(db, st, err);
    if (rc == 1) {
        fg_strlcpy(d->uscc, uscc, sizeof(d->uscc));
        d->county = (int32_t)fg_db_int(db, st, 0);
        const char *ind = fg_db_text(db, st, 1);
        fg_strlcpy(d->division, ind ? ind : "", sizeof(d->division));
        d->categories = (unsigned)fg_db_int(db, st, 2);
        d->n_groups = 0;
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "enterprise", "enterprise.not_found",
                         "no enterprise with uscc {uscc:%s}", uscc);
    if ((rc = fg_db_query(db, &st, err, SQL_ENT_GROUPS, "t", uscc)))
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        /* one 'chain' group per chain, one 'list' group per list */
        const char *chain = fg_db_text(db, st, 0), *list = fg_db_text(db, st, 1);
        bool have_chain = false;
        for (size_t i = 0; i < d->n_groups; i++)
            have_chain |= d->groups[i].kind == KIND_CHAIN && strcmp(d->groups[i].grp, chain) == 0;
        if (d->n_groups + 2 > MAX_GROUPS) {
            rc = fg_err_at(err, FG_ETOOBIG, "enterprise", "report.too_many_lists",
                           "enterprise {uscc:%s} is on more than {max:%d} white lists", uscc,
                           MAX_GROUPS / 2);
            break;
        }
        if (!have_chain) {
            d->groups[d->n_groups].kind = KIND_CHAIN;
            fg_strlcpy(d->groups[d->n_groups++].grp, chain, sizeof(d->groups[0].grp));
        }
        d->groups[d->n_groups].kind = KIND_LIST;
        fg_strlcpy(d->groups[d->n_groups++].grp, list, sizeof(d->groups[0].grp));
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    g->cached[slot] = true;
    *out = d;
    return 0;
}

/* Adds sign × the contribution of a version to its aggregate rows: the main
 * one, the county roll-up and one per group (`groups` of the version). */
static int contribute(fg_report_ingest *g, const fg_report *r, bool late, int32_t county,
                      const char *division, unsigned categories, const int *kinds, char (*grps)[40],
                      size_t n_groups, int sign, fg_err *err)
{
    fg_report_totals t;
    fg_report_contribution(r, late, &t);
    agg_key k = {.day = r->day, .county = county, .categories = categories, .kind = KIND_MAIN};
    fg_strlcpy(k.a, division, sizeof(k.a));
    int rc = agg_add(g, &k, &t, sign, err);
    agg_key ck = {.day = r->day, .county = county, .kind = KIND_COUNTY};
    rc = rc ? rc : agg_add(g, &ck, &t, sign, err);
    for (size_t i = 0; rc == 0 && i < n_groups; i++) {
        agg_key gk = {.day = r->day, .county = county, .categories = 0, .kind = kinds[i]};
        fg_strlcpy(gk.a, grps[i], sizeof(gk.a));
        rc = agg_add(g, &gk, &t, sign, err);
    }
    return rc;
}

/* Takes the previous current version's contribution out (its groups as
 * recorded with it). */
static int withdraw(fg_report_ingest *g, const fg_report_row *prev, fg_err *err)
{
    fg_db *db = g->tx->db;
    int kinds[MAX_GROUPS];
    char grps[MAX_GROUPS][40];
    size_t n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REPORT_GROUPS, "t", prev->id);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1 && n < MAX_GROUPS) {
        const char *kind = fg_db_text(db, st, 0);
        kinds[n] = kind && strcmp(kind, "chain") == 0 ? KIND_CHAIN : KIND_LIST;
        fg_strlcpy(grps[n++], fg_db_text(db, st, 1), sizeof(grps[0]));
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    return contribute(g, &prev->r, prev->late, prev->county, prev->division, prev->categories,
                      kinds, grps, n, -1, err);
}

int fg_report_ingest_add(fg_report_ingest *g, const fg_report *r, int64_t due_ms,
                         fg_report_row *out, fg_report_row *prev, fg_err *err)
{
    fg_db *db = g->tx->db;
    const ent_dims *d = NULL;
    int rc = dims_get(g, r->enterprise, &d, err);
    /* The province's audit chain first (it serialises that province's
     * writers on both engines): the current version read below is then the
     * committed one, so two corrections of one day at once are versions n+1
     * and n+2, never both n+1 (on PostgreSQL the second failed on the
     * unique key). */
    if (rc == 0)
        rc = fg_tx_lock(g->tx, d->county, err);
    if (rc)
        return rc;
    char day[11];
    fg_date_format(r->day, day);
    fg_report_row old;
    fg_stmt *st;
    if ((rc = fg_db_query(db, &st, err, SQL_CURRENT, "tt", day, r->enterprise)))
        return rc;
    rc = fg_db_step(db, st, err);
    bool have_old = rc == 1;
    if (have_old)
        read_row(db, st, &old);
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    if (have_old) {
        if ((rc = withdraw(g, &old, err)) || (rc = fg_db_run(db, err, SQL_UNCURRENT, "t", old.id)))
            return rc;
    }
    fg_report_row w;
    memset(&w, 0, sizeof(w));
    w.r = *r;
    fg_clock_uuid(w.id);
    w.version = have_old ? old.version + 1 : 1;
    w.current = true;
    w.late = fg_report_late(have_old, have_old && old.late, g->tx->now_ms, due_ms);
    w.county = d->county;
    fg_strlcpy(w.division, d->division, sizeof(w.division));
    w.categories = d->categories;
    fg_strlcpy(w.reported_by, g->tx->actor ? g->tx->actor : "", sizeof(w.reported_by));
    w.reported_at = g->tx->now_ms;
    rc = fg_db_run(db, err, SQL_INSERT, "tttdtddidttbdtdti", w.id, r->enterprise, day, w.version,
                   fg_status_name(r->status), r->capacity_pct, r->staff_pct, r->closed_loop,
                   (int)r->problems, r->note, fg_report_source_name(r->source), w.late,
                   (int)w.county, w.division, (int)w.categories, w.reported_by, w.reported_at);
    if (rc)
        return rc;
    int kinds[MAX_GROUPS];
    char grps[MAX_GROUPS][40];
    for (size_t i = 0; i < d->n_groups; i++) {
        kinds[i] = d->groups[i].kind;
        fg_strlcpy(grps[i], d->groups[i].grp, sizeof(grps[0]));
        if ((rc = fg_db_run(db, err, SQL_GROUP_INSERT, "ttt", w.id, kind_names[kinds[i]], grps[i])))
            return rc;
    }
    if ((rc = contribute(g, r, w.late, w.county, w.division, w.categories, kinds, grps, d->n_groups,
                         +1, err)))
        return rc;
    if (out)
        *out = w;
    if (prev) {
        if (have_old)
            *prev = old;
        else
            memset(prev, 0, sizeof(*prev));
    }
    return 0;
}

static int agg_flush_one(fg_db *db, const agg_slot *s, fg_err *err)
{
    const fg_report_totals *t = &s->t;
    char day[11];
    fg_date_format(s->k.day, day);
    if (s->k.kind == KIND_MAIN)
        return fg_db_run(db, err, SQL_AGG_UPSERT, "tdtdiiiiiiiiiiiiiii", day, (int)s->k.county,
                         s->k.a, (int)s->k.categories, t->n_reported, t->n_resumed, t->sum_capacity,
                         t->sum_staff, t->sum_closed_loop, t->n_staff90, t->n_cap80, t->n_under30,
                         t->n_late, t->problems[0], t->problems[1], t->problems[2], t->problems[3],
                         t->problems[4], t->problems[5]);
    if (s->k.kind == KIND_COUNTY)
        return fg_db_run(db, err, SQL_CAGG_UPSERT, "tdiiiiiiiiiiiiiii", day, (int)s->k.county,
                         t->n_reported, t->n_resumed, t->sum_capacity, t->sum_staff,
                         t->sum_closed_loop, t->n_staff90, t->n_cap80, t->n_under30, t->n_late,
                         t->problems[0], t->problems[1], t->problems[2], t->problems[3],
                         t->problems[4], t->problems[5]);
    return fg_db_run(db, err, SQL_GAGG_UPSERT, "tttdiiiiiiiiiiiiiii", day, kind_names[s->k.kind],
                     s->k.a, (int)s->k.county, t->n_reported, t->n_resumed, t->sum_capacity,
                     t->sum_staff, t->sum_closed_loop, t->n_staff90, t->n_cap80, t->n_under30,
                     t->n_late, t->problems[0], t->problems[1], t->problems[2], t->problems[3],
                     t->problems[4], t->problems[5]);
}

int fg_report_ingest_end(fg_report_ingest *g, int rc, fg_err *err)
{
    if (!g)
        return rc;
    for (size_t i = 0; rc == 0 && i < g->cap; i++)
        if (g->slots[i].used && !fg_report_totals_zero(&g->slots[i].t))
            rc = agg_flush_one(g->tx->db, &g->slots[i], err);
    free(g->slots);
    free(g->cache);
    free(g->cached);
    free(g);
    return rc;
}

int fg_store_report_put(fg_tx *tx, const fg_report *r, int64_t due_ms, fg_report_row *out,
                        fg_report_row *prev, fg_err *err)
{
    fg_report_ingest *g = NULL;
    int rc = fg_report_ingest_begin(tx, &g, err);
    if (rc)
        return rc;
    rc = fg_report_ingest_add(g, r, due_ms, out, prev, err);
    return fg_report_ingest_end(g, rc, err);
}

/* ---- missing reports ---- */

#define NOT_REPORTED                                                                               \
    "NOT EXISTS (SELECT 1 FROM daily_reports r WHERE r.day = ? AND r.enterprise = e.uscc "         \
    "AND r.is_current = 1)"

static const char SQL_MISSING_TOTAL[] =
    "SELECT COUNT(*) FROM enterprises e WHERE e.region BETWEEN ? AND ? AND " NOT_REPORTED;
static const char SQL_MISSING_PAGE[] =
    "SELECT e.uscc, e.name, e.region, e.industry, e.categories, "
    "(SELECT COUNT(*) FROM whitelist_members w WHERE w.enterprise = e.uscc) "
    "FROM enterprises e WHERE e.region BETWEEN ? AND ? AND " NOT_REPORTED
    " ORDER BY e.region, e.name, e.uscc LIMIT ? OFFSET ?";
static const char SQL_CONTACTS[] =
    "SELECT a.username, a.display_name FROM account_enterprises ae "
    "JOIN accounts a ON a.id = ae.account WHERE ae.enterprise = ? AND a.disabled = 0 "
    "ORDER BY a.username";
static const char SQL_MISSING_BY_COUNTY[] =
    "SELECT e.region, COUNT(*), SUM(CASE WHEN " NOT_REPORTED " THEN 1 ELSE 0 END) "
    "FROM enterprises e WHERE e.region BETWEEN ? AND ? GROUP BY e.region ORDER BY e.region";

static int contacts(fg_db *db, const char *uscc, json_t **out, fg_err *err)
{
    json_t *a = json_array();
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_CONTACTS, "t", uscc);
    if (rc) {
        json_decref(a);
        return rc;
    }
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(a, json_pack("{s:s,s:s}", "username", fg_db_text(db, st, 0),
                                           "display_name", fg_db_text(db, st, 1)));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

int fg_store_reports_missing(fg_db *db, int32_t lo, int32_t hi, int32_t day, int limit, int offset,
                             json_t **out_items, int64_t *out_total, fg_err *err)
{
    char d[11];
    fg_date_format(day, d);
    *out_items = NULL;
    int rc = fg_db_begin(db, false, err);
    if (rc)
        return rc;
    fg_stmt *st;
    json_t *items = json_array();
    if ((rc = fg_db_row(db, &st, err, SQL_MISSING_TOTAL, "iit", (int64_t)lo, (int64_t)hi, d)) < 0)
        goto done;
    *out_total = rc == 1 ? fg_db_int(db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(db, st);
    if ((rc = fg_db_query(db, &st, err, SQL_MISSING_PAGE, "iitdd", (int64_t)lo, (int64_t)hi, d,
                          limit, offset)))
        goto done;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char cats[64];
        fg_category_format((unsigned)fg_db_int(db, st, 4), cats);
        json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:s,s:s,s:b}", "uscc",
                                               fg_db_text(db, st, 0), "name", fg_db_text(db, st, 1),
                                               "region", (json_int_t)fg_db_int(db, st, 2),
                                               "industry", fg_db_text(db, st, 3), "categories",
                                               cats, "whitelist", fg_db_int(db, st, 5) > 0));
    }
    fg_db_done(db, st);
    if (rc < 0)
        goto done;
    rc = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        json_t *c;
        if ((rc = contacts(db, json_string_value(json_object_get(it, "uscc")), &c, err)))
            goto done;
        json_object_set_new(it, "contacts", c);
    }
done:
    if (rc == 0)
        rc = fg_db_commit(db, err);
    else
        fg_db_rollback(db);
    if (rc)
        json_decref(items);
    else
        *out_items = items;
    return rc;
}

int fg_store_reports_missing_by_county(fg_db *db, int32_t lo, int32_t hi, int32_t day, json_t **out,
                                       fg_err *err)
{
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_MISSING_BY_COUNTY, "tii", d, (int64_t)lo, (int64_t)hi);
    if (rc)
        return rc;
    json_t *a = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(a,
                              json_pack("{s:I,s:I,s:I}", "county", (json_int_t)fg_db_int(db, st, 0),
                                        "enterprises", (json_int_t)fg_db_int(db, st, 1), "missing",
                                        (json_int_t)fg_db_int(db, st, 2)));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

/* ---- denominators ---- */

int fg_store_enterprise_count_add(fg_db *db, int32_t county, const char *division,
                                  unsigned categories, int64_t delta, fg_err *err)
{
    int rc =
        fg_db_run(db, err, SQL_COUNT_ADD, "dtdi", (int)county, division, (int)categories, delta);
    return rc ? rc : fg_db_run(db, err, SQL_COUNTY_COUNT_ADD, "di", (int)county, delta);
}

/* The session's deltas of one transaction (ON COMMIT DELETE ROWS empties it),
 * added in key order so that two imports lock the rows in one order. */
static const char SQL_DELTA_TABLE[] =
    "CREATE TEMP TABLE IF NOT EXISTS fg_count_delta (county INTEGER NOT NULL, "
    "division TEXT NOT NULL, categories INTEGER NOT NULL, n BIGINT NOT NULL) "
    "ON COMMIT DELETE ROWS";
static const char SQL_DELTA_COPY[] =
    "COPY fg_count_delta (county, division, categories, n) FROM STDIN";
static const char SQL_DELTA_ADD[] =
    "INSERT INTO enterprise_counts (county, division, categories, n) "
    "SELECT county, division, categories, n FROM fg_count_delta "
    "ORDER BY county, division, categories "
    "ON CONFLICT (county, division, categories) DO UPDATE SET n = enterprise_counts.n + excluded.n";
static const char SQL_DELTA_COUNTY_ADD[] =
    "INSERT INTO enterprise_county_counts (county, n) "
    "SELECT county, SUM(n) FROM fg_count_delta GROUP BY county ORDER BY county "
    "ON CONFLICT (county) DO UPDATE SET n = enterprise_county_counts.n + excluded.n";
static const char SQL_DELTA_CLEAR[] = "DELETE FROM fg_count_delta";

int fg_store_enterprise_counts_add(fg_db *db, const fg_count_delta *deltas, size_t n, fg_err *err)
{
    if (!db->ops->copy_begin || n < 8) {
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = fg_store_enterprise_count_add(db, deltas[i].county, deltas[i].division,
                                               deltas[i].categories, deltas[i].n, err);
        return rc;
    }
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = fg_buf_addf(&b, "%d\t%s\t%u\t%lld\n", (int)deltas[i].county, deltas[i].division,
                         deltas[i].categories, (long long)deltas[i].n);
    if (rc)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory counting the enterprises");
    rc = rc ? rc : fg_db_run(db, err, SQL_DELTA_TABLE, "");
    rc = rc ? rc : fg_db_run(db, err, SQL_DELTA_CLEAR, "");
    rc = rc ? rc : fg_db_copy_in(db, SQL_DELTA_COPY, b.buf, b.len, err);
    rc = rc ? rc : fg_db_run(db, err, SQL_DELTA_ADD, "");
    rc = rc ? rc : fg_db_run(db, err, SQL_DELTA_COUNTY_ADD, "");
    fg_buf_release(&b);
    return rc;
}
