/* fugong orders routes: the routes a stop/limit order takes, as data. */
#include <stdio.h>
#include <string.h>

#include "../core/order.h"
#include "cli.h"

static const char orders_usage[] =
    "usage: fugong orders routes\n"
    "\n"
    "Prints the route table of stop/limit orders: which enterprises take which route,\n"
    "and for each step the role, the level whose jurisdiction must cover the\n"
    "enterprise, and the deadline after which the level above may take the step.\n";

int fg_cmd_orders(int argc, char **argv)
{
    if (fg_cli_wants_help(argc, argv)) {
        fputs(orders_usage, stdout);
        return 0;
    }
    if (argc != 2 || strcmp(argv[1], "routes") != 0) {
        fputs(orders_usage, stderr);
        return 2;
    }
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = fg_routes_print(&b);
    if (rc == 0)
        fputs(b.buf, stdout);
    fg_buf_release(&b);
    return rc ? fg_cli_failf("orders", "out of memory") : 0;
}
