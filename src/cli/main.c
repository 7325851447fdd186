/* fugong: the server, the command-line tools, one binary. */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../sys/clock.h"
#include "cli.h"

#ifndef FG_VERSION
#define FG_VERSION "0.1.0"
#endif

static const char usage[] =
    "usage: fugong <command> [options]\n"
    "\n"
    "Fugong: the platform that keeps industry running through an epidemic.\n"
    "\n"
    "commands:\n"
    "  serve      run the HTTP server (API and web application)\n"
    "  migrate    create or upgrade the database schema\n"
    "  demo       load reproducible demo data and accounts\n"
    "  gen        fill an empty database with national-size data (--scale)\n"
    "  import     import regions (GB/T 2260) or enterprises (CSV)\n"
    "  user       add, list, disable accounts, set passwords\n"
    "  audit      verify or list the hash-chained audit log\n"
    "  guidance   show, replace or apply the guidance rule table\n"
    "  backup     write a consistent copy of the database while it is in use\n"
    "  orders     stop/limit orders: routes, limits, settle\n"
    "  keys       signing keys of vehicle passes (init, generate, list)\n"
    "  pass       check a vehicle pass offline (verify), or decode one (inspect)\n"
    "  whitelist  check a white-list listing credential offline (verify)\n"
    "  calendar   the working-day calendar of problem clocks (holidays, 调休)\n"
    "  policies   load a catalogue of policies that benefit enterprises; match now\n"
    "  routes     print the HTTP server's route table (--json)\n"
    "  version    print the version\n"
    "\n"
    "Every command takes --help. Data commands take --db: a SQLite file path or a\n"
    "postgresql:// URL (or FUGONG_DB; default " FG_DEFAULT_DB ").\n";

const char *fg_cli_db(const char *flag)
{
    if (flag && *flag)
        return flag;
    const char *env = getenv("FUGONG_DB");
    return env && *env ? env : FG_DEFAULT_DB;
}

int fg_cli_open(const char *dsn, fg_store **out_store, fg_db **out_db, fg_err *err)
{
    if (strcmp(dsn, FG_DEFAULT_DB) == 0)
        mkdir("var", 0750);
    fg_store *s;
    int rc = fg_store_open(dsn, &s, err);
    if (rc)
        return rc;
    fg_db *db;
    if ((rc = fg_store_conn(s, &db, err)) ||
        (rc = fg_store_migrate(db, fg_clock_now_ms(), NULL, err))) {
        fg_store_free(s);
        return rc;
    }
    *out_store = s;
    *out_db = db;
    return 0;
}

int fg_cli_fail(const char *cmd, const fg_err *err)
{
    fprintf(stderr, "fugong %s: %s\n", cmd, err->msg[0] ? err->msg : fg_err_name(err->code));
    return 1;
}

int fg_cli_failf(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fugong %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

int fg_cli_db_options(int argc, char **argv, const char *cmd, const char *help, int positional,
                      const char **out_db)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    *out_db = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': *out_db = optarg; break;
        case 'h': fputs(help, stdout); return 0;
        default: fputs(help, stderr); return 2;
        }
    }
    if (argc - optind != positional) {
        if (argc - optind > positional)
            return fg_cli_failf(cmd, "unexpected argument '%s'", argv[optind + positional]);
        fputs(help, stderr);
        return 2;
    }
    return -1;
}

bool fg_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    return false;
}

int fg_cli_read_file(const char *path, size_t cap, char **out, size_t *out_len, fg_err *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return fg_err_set(err, FG_EIO, "cannot open %s: %s", path, strerror(errno));
    fg_buf b;
    fg_buf_init(&b, cap);
    char chunk[1 << 16];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = fg_buf_add(&b, chunk, n);
    bool failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (rc == FG_ETOOBIG)
        rc = fg_err_set(err, rc, "%s is larger than %zu bytes", path, cap);
    else if (rc || failed)
        rc = fg_err_set(err, FG_EIO, "cannot read %s", path);
    if (rc) {
        fg_buf_release(&b);
        return rc;
    }
    *out = fg_buf_detach(&b, out_len);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

const char *fg_cli_actor(void)
{
    static char actor[80];
    if (!actor[0]) {
        const char *u = getenv("SUDO_USER");
        if (!u || !*u)
            u = getenv("USER");
        snprintf(actor, sizeof(actor), "cli:%s", u && *u ? u : "unknown");
    }
    return actor;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "fugong: libsodium failed to initialise\n");
        return 1;
    }
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"serve", fg_cmd_serve},
        {"migrate", fg_cmd_migrate},
        {"demo", fg_cmd_demo},
        {"import", fg_cmd_import},
        {"user", fg_cmd_user},
        {"audit", fg_cmd_audit},
        {"guidance", fg_cmd_guidance},
        {"backup", fg_cmd_backup},
        {"orders", fg_cmd_orders},
        {"keys", fg_cmd_keys},
        {"pass", fg_cmd_pass},
        {"routes", fg_cmd_routes},
        {"whitelist", fg_cmd_whitelist}, /* issue 12, part "cred" */
        {"calendar", fg_cmd_calendar},   /* issue 13: the working-day calendar */
        {"policies", fg_cmd_policies},   /* issue 15: the policy catalogue, matching */
        {"gen", fg_cmd_gen},             /* issue 17: national-size data */
    };
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("fugong %s\n", FG_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "fugong: unknown command '%s'; see fugong --help\n", argv[1]);
    return 2;
}
