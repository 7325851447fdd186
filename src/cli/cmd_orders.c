/* fugong orders: the routes a stop/limit order takes (as data), the limits
 * in effect, and settling what time has done to orders. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/order.h"
#include "../sys/clock.h"
#include "cli.h"

static const char orders_usage[] =
    "usage: fugong orders routes\n"
    "       fugong orders limits\n"
    "       fugong orders settle [--db PATH]\n"
    "\n"
    "routes  the route table: which enterprises take which route, and for each step\n"
    "        the role, the level whose jurisdiction must cover the enterprise, and\n"
    "        the deadline after which the level above may take the step\n"
    "limits  the order limits in effect (from the environment, see below)\n"
    "settle  records expiry, emergency lapse and escalation of overdue steps, and\n"
    "        white-list listings whose review date has passed, now\n"
    "        (the server does this every 15 s by itself)\n"
    "\n"
    "Limits come from the environment (whole numbers):\n"
    "  FUGONG_ORDER_MAX_DAYS (14)            longest period of one order\n"
    "  FUGONG_ORDER_EMERGENCY_HOURS (24)     provisional window of an emergency order\n"
    "  FUGONG_ORDER_STEP_HOURS (route's)     deadline of every step\n"
    "  FUGONG_RESUMPTION_HOURS (72)          to decide a resumption application\n"
    "  FUGONG_RESUMPTION_HOURS_WHITELIST (24) the same for white-list enterprises\n"
    "  FUGONG_ALARM_WINDOW_HOURS (24)        blanket-shutdown alarm window\n"
    "  FUGONG_ALARM_SHARE_PCT (20)           alarm above this share of a county's enterprises\n"
    "  FUGONG_ALARM_COUNT (50)               alarm above this many orders in a county\n";

int fg_cli_order_limits(fg_order_limits *out)
{
    static const struct {
        const char *name;
        size_t off;
        long lo, hi;
    } vars[] = {
        {"FUGONG_ORDER_MAX_DAYS", offsetof(fg_order_limits, max_days), 1, 90},
        {"FUGONG_ORDER_EMERGENCY_HOURS", offsetof(fg_order_limits, emergency_hours), 1, 72},
        {"FUGONG_ORDER_STEP_HOURS", offsetof(fg_order_limits, step_hours), 1, 720},
        {"FUGONG_RESUMPTION_HOURS", offsetof(fg_order_limits, resumption_hours), 1, 720},
        {"FUGONG_RESUMPTION_HOURS_WHITELIST", offsetof(fg_order_limits, resumption_hours_whitelist),
         1, 720},
        {"FUGONG_ALARM_WINDOW_HOURS", offsetof(fg_order_limits, alarm_window_hours), 1, 720},
        {"FUGONG_ALARM_SHARE_PCT", offsetof(fg_order_limits, alarm_share_pct), 1, 100},
        {"FUGONG_ALARM_COUNT", offsetof(fg_order_limits, alarm_count), 1, 1000000},
    };
    fg_order_limits_default(out);
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i].name);
        if (!v || !*v)
            continue;
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < vars[i].lo || n > vars[i].hi) {
            fprintf(stderr, "fugong: %s must be a whole number from %ld to %ld, not '%s'\n",
                    vars[i].name, vars[i].lo, vars[i].hi, v);
            return 2;
        }
        *(int *)((char *)out + vars[i].off) = (int)n;
    }
    return 0;
}

int fg_cmd_orders(int argc, char **argv)
{
    if (fg_cli_wants_help(argc, argv)) {
        fputs(orders_usage, stdout);
        return 0;
    }
    const char *what = argc >= 2 ? argv[1] : "";
    fg_order_limits lim;
    if (strcmp(what, "routes") == 0 && argc == 2) {
        fg_buf b;
        fg_buf_init(&b, 0);
        int rc = fg_routes_print(&b);
        if (rc == 0)
            fputs(b.buf, stdout);
        fg_buf_release(&b);
        return rc ? fg_cli_failf("orders", "out of memory") : 0;
    }
    if (strcmp(what, "limits") == 0 && argc == 2) {
        if (fg_cli_order_limits(&lim))
            return 2;
        printf("max_days %d\nemergency_hours %d\nstep_hours %s%d\nresumption_hours %d\n"
               "resumption_hours_whitelist %d\nalarm_window_hours %d\nalarm_share_pct %d\n"
               "alarm_count %d\n",
               lim.max_days, lim.emergency_hours, lim.step_hours ? "" : "per route ",
               lim.step_hours, lim.resumption_hours, lim.resumption_hours_whitelist,
               lim.alarm_window_hours, lim.alarm_share_pct, lim.alarm_count);
        return 0;
    }
    if (strcmp(what, "settle") == 0) {
        const char *db_flag;
        int status =
            fg_cli_db_options(argc - 1, argv + 1, "orders settle", orders_usage, 0, &db_flag);
        if (status >= 0)
            return status;
        if (fg_cli_order_limits(&lim))
            return 2;
        fg_err err;
        fg_err_init(&err);
        fg_store *store;
        fg_db *db;
        fg_sweep_report out;
        fg_app app;
        if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
            return fg_cli_fail("orders settle", &err);
        int rc = fg_app_init(&app, &lim, &err);
        if (rc == 0) {
            rc = fg_app_sweep(&app, db, fg_clock_now_ms(), &out, &err);
            fg_app_release(&app);
        }
        fg_store_free(store);
        if (rc)
            return fg_cli_fail("orders settle", &err);
        printf("expired %zu, lapsed %zu, escalated %zu, white-list reviews due %zu\n",
               fg_sweep_count(&out, "expired"), fg_sweep_count(&out, "lapsed"),
               fg_sweep_count(&out, "escalated"), fg_sweep_count(&out, "whitelist_due"));
        printf("coordination items escalated %zu\n",
               fg_sweep_count(&out, "coordination_escalated"));
        /* critical-link marks (issue 12, part "critical") */
        printf("critical-link marks changed %zu\n", fg_sweep_count(&out, "critical_changed"));
        /* problems (issue 13, part "problems") */
        printf("problems escalated %zu, closed after a quiet period %zu\n",
               fg_sweep_count(&out, "problem_escalated"),
               fg_sweep_count(&out, "problem_quiet_closed"));
        /* alerts of daily monitoring (issue 13) */
        printf("listed but not running: problems opened %zu\n",
               fg_sweep_count(&out, "not_running_opened"));
        /* production and contingency plans (issue 14, part "plans") */
        printf("plans waiting for review too long: marked overdue %zu\n",
               fg_sweep_count(&out, "plan_overdue"));
        /* policies (issue 15, part "reach") */
        printf("policies: full matchings %zu, enterprises re-matched after their reports %zu, "
               "entitlements created %zu\n",
               fg_sweep_count(&out, "policy_full_matches"),
               fg_sweep_count(&out, "policy_rematched"),
               fg_sweep_count(&out, "policy_entitlements_created"));
        return 0;
    }
    fputs(orders_usage, stderr);
    return 2;
}
