/* fugong serve, fugong migrate. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../api/api.h"
#include "../sys/clock.h"
#include "../sys/http.h"
#include "cli.h"

static volatile int serve_stop;

static void on_signal(int sig)
{
    (void)sig;
    serve_stop = 1;
}

static const char serve_usage[] =
    "usage: fugong serve [--db PATH] [--listen HOST:PORT] [--threads N] [--web DIR]\n"
    "\n"
    "Migrates the database, then serves the API under /api/v1/, /healthz, /metrics\n"
    "and the web application from DIR (default web/dist when it exists).\n"
    "  --db PATH           SQLite file (or FUGONG_DB; default " FG_DEFAULT_DB ")\n"
    "  --listen HOST:PORT  where to listen (or FUGONG_LISTEN; default " FG_DEFAULT_LISTEN ")\n"
    "  --threads N         worker threads, 1 to 256 (or FUGONG_THREADS; default 4)\n"
    "  --web DIR           built web application to serve (or FUGONG_WEB)\n"
    "  --keys DIR          pass signing keys (or FUGONG_KEYS; default var/keys)\n"
    "  --report-due-hour H daily reports are due at H o'clock of the next day, 0 to 23\n"
    "                      (or FUGONG_REPORT_DUE_HOUR; default 10)\n"
    "  --behind-tls        clients come through a TLS proxy (or FUGONG_BEHIND_TLS=1):\n"
    "                      the session cookie is Secure, browsers are told to keep to HTTPS\n"
    "  --secure-cookies    the session cookie is Secure only (or FUGONG_SECURE_COOKIES=1)\n"
    "  --anchor-dir DIR    every hour (FUGONG_ANCHOR_MINUTES), write the audit chain's\n"
    "                      head signed by the root key into DIR (or FUGONG_ANCHOR_DIR):\n"
    "                      fugong audit verify --anchor DIR/anchor-latest.json\n"
    "  --anchor-url URL    as often, POST the same anchor to URL, a notary outside this\n"
    "                      system (or FUGONG_ANCHOR_URL; with \"Authorization: Bearer T\"\n"
    "                      when FUGONG_ANCHOR_TOKEN is T); one it did not take is sent\n"
    "                      again after 1 s, 2 s, 4 s... (metrics:\n"
    "                      fugong_audit_anchor_sent_seq)\n"
    "  --per-address N     open connections one client address may hold, 0 for no cap\n"
    "                      (or FUGONG_PER_ADDRESS; default 256, 0 with --behind-tls)\n"
    "  --header-timeout S  a connection that has not sent its request's complete headers\n"
    "                      within S seconds (of opening, or of the request line on a\n"
    "                      kept-alive connection) is closed, 1 to 60 (or\n"
    "                      FUGONG_HEADER_TIMEOUT; default 10); bodies and idle\n"
    "                      connections keep the 60-second idle timeout\n"
    "FUGONG_PLAN_REVIEW_HOURS: a filed production plan waiting longer for its review is\n"
    "marked overdue, 1 to 720 (default 72)\n";

int fg_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},
                                         {"web", required_argument, 0, 'w'},
                                         {"keys", required_argument, 0, 'k'},
                                         {"report-due-hour", required_argument, 0, 'r'},
                                         {"behind-tls", no_argument, 0, 'T'},
                                         {"secure-cookies", no_argument, 0, 'S'},
                                         {"per-address", required_argument, 0, 'P'},
                                         {"anchor-dir", required_argument, 0, 'A'},
                                         {"anchor-url", required_argument, 0, 'U'},
                                         {"header-timeout", required_argument, 0, 'H'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL, *listen = getenv("FUGONG_LISTEN"), *web = getenv("FUGONG_WEB");
    const char *threads_s = getenv("FUGONG_THREADS"), *keys = getenv("FUGONG_KEYS");
    const char *due_s = getenv("FUGONG_REPORT_DUE_HOUR");
    const char *tls_s = getenv("FUGONG_BEHIND_TLS"), *secure_s = getenv("FUGONG_SECURE_COOKIES");
    bool behind_tls = tls_s && strcmp(tls_s, "1") == 0;
    bool secure_cookies = secure_s && strcmp(secure_s, "1") == 0;
    const char *per_s = getenv("FUGONG_PER_ADDRESS");
    const char *header_s = getenv("FUGONG_HEADER_TIMEOUT");
    const char *anchor_dir = getenv("FUGONG_ANCHOR_DIR"),
               *anchor_min = getenv("FUGONG_ANCHOR_MINUTES"),
               *anchor_url = getenv("FUGONG_ANCHOR_URL"),
               *anchor_token = getenv("FUGONG_ANCHOR_TOKEN");
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'l': listen = optarg; break;
        case 't': threads_s = optarg; break;
        case 'w': web = optarg; break;
        case 'k': keys = optarg; break;
        case 'r': due_s = optarg; break;
        case 'T': behind_tls = true; break;
        case 'S': secure_cookies = true; break;
        case 'P': per_s = optarg; break;
        case 'A': anchor_dir = optarg; break;
        case 'U': anchor_url = optarg; break;
        case 'H': header_s = optarg; break;
        case 'h': fputs(serve_usage, stdout); return 0;
        default: fputs(serve_usage, stderr); return 2;
        }
    }
    if (optind < argc)
        return fg_cli_failf("serve", "unexpected argument '%s'", argv[optind]);
    long threads = 4;
    if (threads_s) {
        char *end;
        threads = strtol(threads_s, &end, 10);
        if (*end || threads < 1 || threads > 256)
            return fg_cli_failf("serve", "--threads must be a number from 1 to 256, not '%s'",
                                threads_s);
    }
    long per_address = behind_tls ? 0 : 256;
    if (per_s && *per_s) {
        char *end;
        per_address = strtol(per_s, &end, 10);
        if (*end || per_address < 0 || per_address > 4096)
            return fg_cli_failf("serve", "--per-address must be a number from 0 to 4096, not '%s'",
                                per_s);
    }
    long header_timeout = 10;
    if (header_s && *header_s) {
        char *end;
        header_timeout = strtol(header_s, &end, 10);
        if (*end || header_timeout < 1 || header_timeout > 60)
            return fg_cli_failf("serve", "--header-timeout must be a number from 1 to 60, not '%s'",
                                header_s);
    }
    long anchor_every = 60;
    if (anchor_min && *anchor_min) {
        char *end;
        anchor_every = strtol(anchor_min, &end, 10);
        if (*end || anchor_every < 1 || anchor_every > 7 * 24 * 60)
            return fg_cli_failf("serve",
                                "FUGONG_ANCHOR_MINUTES must be a number from 1 to 10080, not '%s'",
                                anchor_min);
    }
    fg_report_limits report_limits;
    fg_report_limits_default(&report_limits);
    if (due_s && *due_s) {
        char *end;
        long h = strtol(due_s, &end, 10);
        if (*end || h < 0 || h > 23)
            return fg_cli_failf("serve",
                                "--report-due-hour must be a number from 0 to 23, not '%s'", due_s);
        report_limits.due_hour = (int)h;
    }
    /* production and contingency plans (issue 14, part "plans") */
    const char *review_s = getenv("FUGONG_PLAN_REVIEW_HOURS");
    long review_h = 0;
    if (review_s && *review_s) {
        char *end;
        review_h = strtol(review_s, &end, 10);
        if (*end || review_h < 1 || review_h > 720)
            return fg_cli_failf("serve",
                                "FUGONG_PLAN_REVIEW_HOURS must be a number from 1 to 720, not '%s'",
                                review_s);
    }
    struct stat st;
    if (!web && stat("web/dist/index.html", &st) == 0)
        web = "web/dist";
    if (web && (stat(web, &st) != 0 || !S_ISDIR(st.st_mode)))
        return fg_cli_failf("serve", "--web %s is not a directory", web);
    fg_err err;
    fg_err_init(&err);
    if (anchor_url && *anchor_url && fg_http_url_check(anchor_url, &err))
        return fg_cli_fail("serve", &err);
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
        return fg_cli_fail("serve", &err);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    fg_server_config cfg = {listen ? listen : FG_DEFAULT_LISTEN,
                            (int)threads,
                            web,
                            {0},
                            keys && *keys ? keys : "var/keys",
                            {0},
                            &report_limits,
                            review_h * 3600 * 1000,
                            secure_cookies,
                            behind_tls,
                            (unsigned)per_address,
                            anchor_dir && *anchor_dir ? anchor_dir : NULL,
                            anchor_every * 60 * 1000,
                            anchor_url && *anchor_url ? anchor_url : NULL,
                            anchor_token && *anchor_token ? anchor_token : NULL,
                            (unsigned)header_timeout};
    if (fg_cli_order_limits(&cfg.limits) || fg_cli_pass_deciders(cfg.pass_deciders)) {
        fg_store_free(store);
        return 2;
    }
    int rc = fg_server_run(store, &cfg, &serve_stop, &err);
    fg_store_free(store);
    return rc ? fg_cli_fail("serve", &err) : 0;
}

static const char migrate_usage[] =
    "usage: fugong migrate [--db PATH]\n"
    "\n"
    "Applies the schema migrations built into this binary that the database has\n"
    "not seen, and loads reference data (GB/T 4754 divisions, default guidance).\n";

int fg_cmd_migrate(int argc, char **argv)
{
    const char *db_flag;
    int status = fg_cli_db_options(argc, argv, "migrate", migrate_usage, 0, &db_flag);
    if (status >= 0)
        return status;
    const char *dsn = fg_cli_db(db_flag);
    if (strcmp(dsn, FG_DEFAULT_DB) == 0)
        mkdir("var", 0750);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    int applied;
    if (fg_store_open(dsn, &store, &err))
        return fg_cli_fail("migrate", &err);
    if (fg_store_conn(store, &db, &err) ||
        fg_store_migrate(db, fg_clock_now_ms(), &applied, &err)) {
        fg_store_free(store);
        return fg_cli_fail("migrate", &err);
    }
    printf("%s: %d migration(s) applied; schema is current\n", dsn, applied);
    fg_store_free(store);
    return 0;
}
