/* Orders driven through their full routes in-process through app/, as the
 * API drives them: each proposed (access, guidance and its route, blanket
 * check included; as an emergency order, which every guidance allows), then
 * every step read, checked by the core (role, jurisdiction, step, version)
 * and written with its timeline entry, evaluation and audit entry, one
 * transaction per transition. Beside it, the baseline: plain inserts of
 * the same rows (order, action, evaluation) and audit entries into the same
 * database in the same number of transactions, no reads, no checks.
 * Usage: bench_orders DB N   (DB: a demo database; prints
 * "transitions seconds baseline_transitions baseline_seconds") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "bench.h"
#include "core/region.h"
#include "store/store.h"
#include "sys/clock.h"

static int die(const char *what, const fg_err *err)
{
    return fg_bench_fail("bench_orders", what, err);
}

static const char ASSESS[] = "bench assessment: impact on the chain is contained";

/* The principal that takes step k of the order's route for its county. */
static fg_principal taker(const fg_order *o, size_t k)
{
    const fg_route_step *st = &o->route->steps[k];
    int32_t r = st->at == FG_AT_PROVINCE ? o->region / 10000 * 10000 : o->region / 100 * 100;
    fg_principal p = {st->role, r, NULL, NULL, 0, false};
    return p;
}

static const char SQL_PLAIN_ORDER[] =
    "INSERT INTO orders (id, enterprise, region, route, step, state, emergency, confirmed, "
    "measure, percent, reason, evidence, starts_at, ends_at, lapses_at, proposed_by, "
    "proposed_at, step_since, step_due_at, escalated, ended_at, version, updated_at) "
    "VALUES (?, ?, ?, ?, 0, 'pending', 0, 0, 'stop', 0, ?, ?, ?, ?, 0, 'bench', ?, ?, ?, 0, 0, "
    "1, ?)";
static const char SQL_PLAIN_ACTION[] =
    "INSERT INTO order_actions (order_id, n, at, actor, role, action, step, step_name, comment) "
    "VALUES (?, ?, ?, 'bench', 'bench', ?, ?, ?, '')";
static const char SQL_PLAIN_EVAL[] =
    "INSERT INTO order_evaluations (order_id, n, kind, step, step_name, author, at, assessment) "
    "VALUES (?, ?, 'official', ?, ?, 'bench', ?, ?)";

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_orders DB N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err))
        return die("open", &err);
    fg_enterprise_filter f = {0, 999999, "", 0, -1, "", NULL, 0, 1000000, 0, 0, false,
                              FG_STATUS_OPERATING};
    fg_enterprise_page page;
    if (fg_store_enterprise_list(db, &f, &page, &err) || page.n == 0)
        return die("enterprises", &err);
    fg_order_limits lim;
    fg_order_limits_default(&lim);
    /* A high alarm limit: the bench puts thousands of orders in one county. */
    lim.alarm_count = 1000000000;
    lim.alarm_share_pct = 100000;
    fg_app app;
    if (fg_app_init(&app, &lim, &err))
        return die("app", &err);
    const fg_route **routes = calloc((size_t)n, sizeof(*routes));
    if (!routes)
        return 1;
    int64_t now = fg_clock_now_ms();
    long transitions = 0;
    fg_principal nation = {FG_ROLE_JOINT_MECHANISM, 0, NULL, NULL, 0, false};
    fg_who proposer = {"bench", FG_ROLE_JOINT_MECHANISM, &nation};
    double t0 = fg_bench_now();
    for (long i = 0; i < n; i++) {
        const fg_enterprise *e = &page.items[(size_t)i % page.n];
        fg_proposal prop = {e->uscc, FG_MEASURE_STOP, 0, now, now + 86400000, true,
                            "bench reason for a stop", "bench evidence text"};
        fg_proposed out;
        if (fg_app_order_propose(&app, db, &proposer, &prop, now, &out, &err))
            return die("propose", &err);
        transitions++;
        for (;;) {
            fg_order_row cur;
            if (fg_store_order_get(db, out.id, &cur, &err))
                return die("get", &err);
            routes[i] = cur.o.route;
            if (cur.o.confirmed) {
                fg_order_row_release(&cur);
                break;
            }
            fg_principal p = taker(&cur.o, cur.o.step);
            fg_who who = {"bench", p.role, &p};
            fg_order_act a = {FG_ORDER_APPROVE, cur.version, NULL,  NULL,
                              NULL,             NULL,        false, 0};
            a.assessment = cur.o.route->steps[cur.o.step].kind == FG_STEP_EVALUATE ? ASSESS : NULL;
            int current;
            if (fg_app_order_act(&app, db, &who, &cur, &a, now, &current, &err))
                return die("act", &err);
            fg_order_row_release(&cur);
            transitions++;
        }
    }
    double t1 = fg_bench_now();

    /* Baseline: the same rows and audit entries, inserted blind. */
    long plain = 0;
    double b0 = fg_bench_now();
    for (long i = 0; i < n; i++) {
        const fg_enterprise *e = &page.items[(size_t)i % page.n];
        const fg_route *route = routes[i];
        char id[37];
        fg_clock_uuid(id);
        for (size_t k = 0; k <= route->n; k++) {
            fg_tx tx;
            int rc = fg_tx_begin(&tx, db, now, "bench", &err);
            if (rc == 0 && k == 0)
                rc = fg_db_run(db, &err, SQL_PLAIN_ORDER, "ttdtttiiiiii", id, e->uscc,
                               (int)e->region, route->name, "bench reason for a stop",
                               "bench evidence text", now, now + 86400000, now, now,
                               now + 86400000, now);
            const char *sname = k < route->n ? route->steps[k].name : "";
            if (rc == 0)
                rc = fg_db_run(db, &err, SQL_PLAIN_ACTION, "tditdt", id, (int)k + 1, now,
                               k == 0 ? "propose" : "approve", (int)k, sname);
            if (rc == 0 && k > 0 && route->steps[k - 1].kind == FG_STEP_EVALUATE)
                rc = fg_db_run(db, &err, SQL_PLAIN_EVAL, "tddtit", id, (int)k, (int)k - 1,
                               route->steps[k - 1].name, now, ASSESS);
            if ((rc = fg_bench_audit_commit(&tx, rc, k == 0 ? "order.propose" : "order.approve",
                                            "order", id, e->region, &err)))
                return die("baseline", &err);
            plain++;
        }
    }
    double b1 = fg_bench_now();
    printf("%ld %.3f %ld %.3f\n", transitions, t1 - t0, plain, b1 - b0);
    free(routes);
    fg_app_release(&app);
    fg_enterprise_page_release(&page);
    fg_store_free(store);
    return 0;
}
