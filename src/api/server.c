/* The HTTP server: ulfius on libmicrohttpd with a thread pool, the route
 * table, per-request context (arena, connection, session), metrics, login
 * rate limiting, static files of the web application. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../sys/clock.h"
#include "../sys/embed.h"
#include "../sys/log.h"
#include "api.h"

int fg__api_authenticate(fg_req *r);

const fg_http_route fg_api_routes[] = {
    {"POST", "/api/v1/auth/login", fg_h_login, true},
    {"POST", "/api/v1/auth/logout", fg_h_logout, true},
    {"GET", "/api/v1/auth/me", fg_h_me, false},
    {"GET", "/api/v1/regions", fg_h_regions, false},
    {"GET", "/api/v1/regions/:code", fg_h_region_get, false},
    {"POST", "/api/v1/regions/:code/risk", fg_h_region_designate, false},
    {"GET", "/api/v1/regions/:code/designated", fg_h_region_designated, false},
    {"GET", "/api/v1/industries", fg_h_industries, false},
    {"GET", "/api/v1/enterprises", fg_h_enterprises_list, false},
    {"POST", "/api/v1/enterprises", fg_h_enterprise_create, false},
    {"POST", "/api/v1/enterprises/import", fg_h_enterprise_import, false},
    {"GET", "/api/v1/enterprises/export", fg_h_enterprise_export, false},
    {"GET", "/api/v1/enterprises/:uscc", fg_h_enterprise_get, false},
    {"PATCH", "/api/v1/enterprises/:uscc", fg_h_enterprise_update, false},
    {"GET", "/api/v1/enterprises/:uscc/guidance", fg_h_enterprise_guidance, false},
    {"GET", "/api/v1/enterprises/:uscc/history", fg_h_enterprise_history, false},
    {"GET", "/api/v1/guidance/rules", fg_h_rules_get, false},
    {"PUT", "/api/v1/guidance/rules", fg_h_rules_replace, false},
    {"GET", "/api/v1/guidance/versions", fg_h_rules_versions, false},
    {"GET", "/api/v1/accounts", fg_h_accounts_list, false},
    {"POST", "/api/v1/accounts", fg_h_account_create, false},
    {"POST", "/api/v1/accounts/:username/disable", fg_h_account_disable, false},
    {"POST", "/api/v1/accounts/:username/password", fg_h_account_password, false},
    {"GET", "/api/v1/audit", fg_h_audit_list, false},
    {"GET", "/api/v1/audit/verify", fg_h_audit_verify, false},
    {"GET", "/api/v1/enterprises/:uscc/orders", fg_h_enterprise_orders, false},
    {"GET", "/api/v1/orders", fg_h_orders_list, false},
    {"POST", "/api/v1/orders", fg_h_order_propose, false},
    {"GET", "/api/v1/orders/awaiting", fg_h_orders_awaiting, false},
    {"GET", "/api/v1/orders/:id", fg_h_order_get, false},
    {"POST", "/api/v1/orders/:id/actions", fg_h_order_act, false},
    {"POST", "/api/v1/orders/:id/lift", fg_h_order_lift, false},
    {"POST", "/api/v1/orders/:id/resumption", fg_h_order_resumption, false},
    {"POST", "/api/v1/resumptions/:id/decision", fg_h_resumption_decide, false},
    {"GET", "/api/v1/alarms", fg_h_alarms_list, false},
    {"POST", "/api/v1/alarms/:id/close", fg_h_alarm_close, false},
    {"GET", "/api/v1/passes/trust-list", fg_h_pass_trust_list, true},
    {"GET", "/api/v1/passes/revocations", fg_h_pass_revocations, true},
    {"GET", "/api/v1/passes/root-key", fg_h_pass_root_key, true},
    {"GET", "/api/v1/passes", fg_h_passes_list, false},
    {"POST", "/api/v1/passes", fg_h_pass_apply, false},
    {"GET", "/api/v1/passes/:number", fg_h_pass_get, false},
    {"POST", "/api/v1/passes/:number/decision", fg_h_pass_decide, false},
    {"POST", "/api/v1/passes/:number/revoke", fg_h_pass_revoke, false},
    {"POST", "/api/v1/passes/:number/renew", fg_h_pass_renew, false},
    {"GET", "/api/v1/passes/:number/qr", fg_h_pass_qr, false},
    {"GET", "/api/v1/passes/:number/qr.png", fg_h_pass_qr, false},
    {"GET", "/api/v1/passes/:number/qr.svg", fg_h_pass_qr, false},
    {"POST", "/api/v1/checks", fg_h_check, false},
    {"POST", "/api/v1/checks/batch", fg_h_checks_batch, false},
    {"GET", "/api/v1/openapi.json", fg_h_openapi, true},
    {"GET", "/healthz", fg_h_healthz, true},
    {"GET", "/metrics", fg_h_metrics, true},
    {NULL, NULL, NULL, false},
};

/* Real routes (the table's last row is its terminator); stats[N_ROUTES]
 * counts static files and unmatched paths. */
#define N_ROUTES (sizeof(fg_api_routes) / sizeof(fg_api_routes[0]) - 1)
#define LIMIT_SLOTS 4096
#define LIMIT_WINDOW_MS (15 * 60 * 1000)
#define LIMIT_ACCOUNT 5
#define LIMIT_ADDRESS 30

typedef struct route_stats {
    atomic_ullong requests, client_errors, server_errors, micros;
} route_stats;

typedef struct limit_slot {
    char key[96];
    int failures;
    int64_t window_start;
} limit_slot;

struct fg_server {
    fg_store *store;
    const char *web_dir;
    fg_app app;
    fg_keyring keyring;
    bool have_keys;
    fg_trust trust;
    fg_buf trust_doc;
    route_stats stats[N_ROUTES + 1];   /* last: static files and unmatched */
    pthread_mutex_t limit_lock;
    limit_slot limits[LIMIT_SLOTS];
    atomic_llong started_ms;
};

const char *fg_server_web_dir(const fg_server *s) { return s->web_dir; }
const fg_keyring *fg_server_keyring(const fg_server *s) { return s->have_keys ? &s->keyring : NULL; }
const fg_trust *fg_server_trust(const fg_server *s) { return s->have_keys ? &s->trust : NULL; }
const fg_buf *fg_server_trust_doc(const fg_server *s) { return s->have_keys ? &s->trust_doc : NULL; }


/* Loads the signing keys (refusing keys others can read) and signs the
 * trust list once; without a keys directory passes are not issued. */
static int load_keys(fg_server *srv, const char *dir, fg_err *err)
{
    struct stat st;
    fg_buf_init(&srv->trust_doc, 0);
    if (!dir || stat(dir, &st) != 0) {
        fg_warn("passes.keys", "dir=%s status=missing (no passes are issued; fugong keys init)",
                dir ? dir : "-");
        return 0;
    }
    int rc = fg_keyring_load(dir, &srv->keyring, err);
    if (rc)
        return rc;
    fg_trust borrowed;
    fg_buf payload;
    fg_buf_init(&payload, 0);
    rc = fg_keyring_trust(&srv->keyring, fg_clock_now_ms() / 1000, &borrowed, err);
    if (rc == 0) {
        /* Stable bytes (and ETag) across restarts: the list's time is its keys'. */
        borrowed.issued_at = 0;
        for (size_t i = 0; i < borrowed.n; i++)
            if (borrowed.entries[i].valid_from > borrowed.issued_at)
                borrowed.issued_at = borrowed.entries[i].valid_from;
        rc = fg_trust_encode(&borrowed, &payload, err);
        free(borrowed.entries);
    }
    rc = rc ? rc
            : fg_cose_sign((const uint8_t *)payload.buf, payload.len, &srv->keyring.root,
                           &srv->trust_doc, err);
    rc = rc ? rc : fg_trust_decode((const uint8_t *)payload.buf, payload.len, &srv->trust, err);
    fg_buf_release(&payload);
    if (rc) {
        fg_keyring_release(&srv->keyring);
        return rc;
    }
    srv->have_keys = true;
    fg_info("passes.keys", "dir=%s issuers=%zu", dir, srv->keyring.n);
    return 0;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static limit_slot *limit_find(fg_server *s, const char *key, int64_t now_ms, bool create)
{
    size_t i = fnv1a(key) % LIMIT_SLOTS;
    limit_slot *sl = &s->limits[i];
    if (strcmp(sl->key, key) == 0) {
        if (now_ms - sl->window_start > LIMIT_WINDOW_MS) {
            sl->failures = 0;
            sl->window_start = now_ms;
        }
        return sl;
    }
    if (!create)
        return NULL;
    /* Take the slot over when it is free or its window has passed; a busy
     * slot that collides keeps counting for both keys (errs on refusing). */
    if (sl->key[0] == '\0' || now_ms - sl->window_start > LIMIT_WINDOW_MS) {
        snprintf(sl->key, sizeof(sl->key), "%s", key);
        sl->failures = 0;
        sl->window_start = now_ms;
    }
    return sl;
}

static int limit_wait(limit_slot *sl, int max, int64_t now_ms)
{
    if (!sl || sl->failures < max)
        return 0;
    int64_t left = sl->window_start + LIMIT_WINDOW_MS - now_ms;
    return left > 0 ? (int)(left / 1000) + 1 : 0;
}

int fg_server_login_wait(fg_server *s, const char *username, const char *address, int64_t now_ms)
{
    char ka[96], kb[96];
    snprintf(ka, sizeof(ka), "u:%.80s", username);
    snprintf(kb, sizeof(kb), "a:%.80s", address);
    pthread_mutex_lock(&s->limit_lock);
    int w1 = limit_wait(limit_find(s, ka, now_ms, false), LIMIT_ACCOUNT, now_ms);
    int w2 = limit_wait(limit_find(s, kb, now_ms, false), LIMIT_ADDRESS, now_ms);
    pthread_mutex_unlock(&s->limit_lock);
    return w1 > w2 ? w1 : w2;
}

void fg_server_login_result(fg_server *s, const char *username, const char *address, bool ok,
                            int64_t now_ms)
{
    char ka[96], kb[96];
    snprintf(ka, sizeof(ka), "u:%.80s", username);
    snprintf(kb, sizeof(kb), "a:%.80s", address);
    pthread_mutex_lock(&s->limit_lock);
    limit_slot *a = limit_find(s, ka, now_ms, !ok);
    if (ok) {
        if (a)
            a->failures = 0;
    } else {
        a->failures++;
        limit_find(s, kb, now_ms, true)->failures++;
    }
    pthread_mutex_unlock(&s->limit_lock);
}

static void route_label(size_t i, const char **m, const char **p)
{
    *m = i < N_ROUTES ? fg_api_routes[i].method : "GET";
    *p = i < N_ROUTES ? fg_api_routes[i].path : "static";
}

char *fg_server_metrics(fg_server *s)
{
    fg_buf b;
    const char *m, *p;
    fg_buf_init(&b, 0);
    fg_buf_adds(&b, "# HELP fugong_http_requests_total HTTP requests answered, by route and "
                    "status class.\n# TYPE fugong_http_requests_total counter\n");
    for (size_t i = 0; i <= N_ROUTES; i++) {
        route_stats *st = &s->stats[i];
        unsigned long long n = atomic_load(&st->requests);
        unsigned long long c4 = atomic_load(&st->client_errors);
        unsigned long long c5 = atomic_load(&st->server_errors);
        route_label(i, &m, &p);
        fg_buf_addf(&b,
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"ok\"} %llu\n"
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"4xx\"} %llu\n"
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"5xx\"} %llu\n",
                    m, p, n - c4 - c5, m, p, c4, m, p, c5);
    }
    fg_buf_adds(&b, "# HELP fugong_http_request_seconds_total Time spent answering, by route.\n"
                    "# TYPE fugong_http_request_seconds_total counter\n");
    for (size_t i = 0; i <= N_ROUTES; i++) {
        route_label(i, &m, &p);
        fg_buf_addf(&b, "fugong_http_request_seconds_total{method=\"%s\",route=\"%s\"} %.6f\n", m,
                    p, (double)atomic_load(&s->stats[i].micros) / 1e6);
    }
    fg_buf_addf(&b, "# HELP fugong_uptime_seconds Seconds since the server started.\n"
                    "# TYPE fugong_uptime_seconds gauge\nfugong_uptime_seconds %.3f\n",
                (double)(fg_clock_now_ms() - atomic_load(&s->started_ms)) / 1000.0);
    return fg_buf_detach(&b, NULL);
}

static void count(fg_server *s, size_t idx, long status, int64_t micros)
{
    route_stats *st = &s->stats[idx];
    atomic_fetch_add(&st->requests, 1);
    if (status >= 500)
        atomic_fetch_add(&st->server_errors, 1);
    else if (status >= 400)
        atomic_fetch_add(&st->client_errors, 1);
    atomic_fetch_add(&st->micros, (unsigned long long)(micros > 0 ? micros : 0));
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void req_address(const struct _u_request *http, char *out, size_t n)
{
    out[0] = '\0';
    const struct sockaddr *sa = http->client_address;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
    if (!out[0])
        snprintf(out, n, "unknown");
}

/* Matches `path` against a route pattern ("/api/v1/enterprises/:uscc"):
 * literal segments must be equal, ":name" segments capture one non-empty
 * segment into r->params. */
static bool route_match(const char *pattern, const char *path, fg_req *r)
{
    size_t n = 0;
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p == ':') {
            const char *name = ++p;
            while (*p && *p != '/')
                p++;
            const char *value = q;
            while (*q && *q != '/')
                q++;
            if (q == value || n == FG_API_MAX_PARAMS)
                return false;
            if (r) {
                r->params[n].name = fg_arena_strndup(&r->arena, name, (size_t)(p - name));
                r->params[n].value = fg_arena_strndup(&r->arena, value, (size_t)(q - value));
            }
            n++;
            continue;
        }
        if (*p++ != *q++)
            return false;
    }
    if (*p || *q)
        return false;
    if (r)
        r->n_params = n;
    return true;
}

static void run_route(fg_server *srv, const fg_http_route *rt, const struct _u_request *http,
                      struct _u_response *resp)
{
    int64_t t0 = mono_us();
    fg_req r;
    memset(&r, 0, sizeof(r));
    r.http = http;
    r.resp = resp;
    r.srv = srv;
    r.app = &srv->app;
    r.now_ms = fg_clock_now_ms();
    fg_arena_init(&r.arena);
    route_match(rt->path, http->url_path, &r);
    req_address(http, r.address, sizeof(r.address));
    fg_err err;
    fg_err_init(&err);
    u_map_put(resp->map_header, "X-Content-Type-Options", "nosniff");
    /* A reading request sees one snapshot and takes the database's read lock
     * once, however many queries it makes. */
    bool reading = strcmp(http->http_verb, "GET") == 0;
    if (fg_store_conn(srv->store, &r.db, &err) || (reading && fg_db_begin(r.db, false, &err))) {
        fg_reply_err(&r, &err);
    } else {
        if (rt->public || fg__api_authenticate(&r) == 0)
            rt->handler(&r);
        if (reading)
            fg_db_rollback(r.db);
    }
    size_t idx = (size_t)(rt - fg_api_routes);
    long status = resp->status;
    count(srv, idx, status, mono_us() - t0);
    if (status >= 500)
        fg_error("http.request", "method=%s path=%s status=%ld", http->http_verb, http->url_path,
                 status);
    fg_arena_release(&r.arena);
}

static const char *content_type(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},               {".woff2", "font/woff2"},
        {".woff", "font/woff"},                 {".ttf", "font/ttf"},
        {".map", "application/json"},           {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static int read_file(const char *path, fg_buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return FG_ENOTFOUND;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return FG_ENOTFOUND;
    }
    char chunk[65536];
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
        rc = fg_buf_add(out, chunk, (size_t)n);
    close(fd);
    return rc;
}

/* Every request comes here: our route table first (ulfius's own matching
 * re-parses every pattern on every request), then the web application's
 * files, its index for client-side routes, or a problem+json 404/405. */
static int entry(const struct _u_request *http, struct _u_response *resp, void *user)
{
    fg_server *srv = user;
    const char *path = http->url_path ? http->url_path : "/";
    bool path_known = false;
    for (size_t i = 0; i < N_ROUTES; i++) {
        const fg_http_route *rt = &fg_api_routes[i];
        if (!route_match(rt->path, path, NULL))
            continue;
        if (strcmp(rt->method, http->http_verb) == 0) {
            run_route(srv, rt, http, resp);
            return U_CALLBACK_COMPLETE;
        }
        path_known = true;
    }
    int64_t t0 = mono_us();
    fg_req r;
    memset(&r, 0, sizeof(r));
    r.http = http;
    r.resp = resp;
    bool api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
    if (path_known || api || !srv->web_dir ||
        (strcmp(http->http_verb, "GET") && strcmp(http->http_verb, "HEAD"))) {
        char d[300];
        if (path_known) {
            snprintf(d, sizeof(d), "%.20s is not allowed on %.200s", http->http_verb, path);
            fg_reply_problem(&r, 405, "Method not allowed", d, NULL);
        } else {
            snprintf(d, sizeof(d), "nothing at %.200s; see /api/v1/openapi.json", path);
            fg_reply_problem(&r, 404, "Not found", d, NULL);
        }
        count(srv, N_ROUTES, resp->status, mono_us() - t0);
        return U_CALLBACK_COMPLETE;
    }
    fg_buf file, body;
    fg_buf_init(&file, 4096);
    fg_buf_init(&body, (size_t)64 << 20);
    bool safe = path[0] == '/' && !strstr(path, "..") && !strchr(path, '\\');
    const char *rel = path + 1;
    int rc = FG_ENOTFOUND;
    if (safe && *rel) {
        fg_buf_addf(&file, "%s/%s", srv->web_dir, rel);
        rc = read_file(file.buf, &body);
    }
    const char *type;
    if (rc == 0) {
        type = content_type(file.buf);
        bool hashed = strncmp(rel, "assets/", 7) == 0;
        u_map_put(resp->map_header, "Cache-Control",
                  hashed ? "public, max-age=31536000, immutable" : "no-cache");
    } else {
        /* A client-side route: the application's index. */
        fg_buf_reset(&file);
        fg_buf_addf(&file, "%s/index.html", srv->web_dir);
        fg_buf_reset(&body);
        rc = read_file(file.buf, &body);
        type = "text/html; charset=utf-8";
        u_map_put(resp->map_header, "Cache-Control", "no-cache");
    }
    if (rc == 0) {
        ulfius_set_binary_body_response(resp, 200, body.buf, body.len);
        u_map_put(resp->map_header, "Content-Type", type);
        u_map_put(resp->map_header, "X-Content-Type-Options", "nosniff");
    } else {
        fg_reply_problem(&r, 404, "Not found", "the web application is not built here", NULL);
    }
    fg_buf_release(&file);
    fg_buf_release(&body);
    count(srv, N_ROUTES, resp->status, mono_us() - t0);
    return U_CALLBACK_COMPLETE;
}

int fg_h_healthz(fg_req *r)
{
    fg_stmt *st;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_db_row(r->db, &st, &err, "SELECT COUNT(*) FROM schema_migrations", "");
    if (rc < 0) {
        u_map_put(r->resp->map_header, "Retry-After", "5");
        return fg_reply_problem(r, 503, "Unavailable", err.msg, NULL);
    }
    int64_t migrations = fg_db_int(r->db, st, 0);
    fg_db_done(r->db, st);
    return fg_reply_json(r, 200, json_pack("{s:s,s:s,s:I}", "status", "ok", "database",
                                           r->db->ops->name, "migrations",
                                           (json_int_t)migrations));
}

int fg_h_metrics(fg_req *r)
{
    char *text = fg_server_metrics(r->srv);
    if (!text)
        return fg_reply_problem(r, 500, "Internal error", "out of memory", NULL);
    ulfius_set_string_body_response(r->resp, 200, text);
    u_map_put(r->resp->map_header, "Content-Type", "text/plain; version=0.0.4");
    free(text);
    return 200;
}

int fg_h_openapi(fg_req *r)
{
    const fg_embedded *f = fg_embed_find("docs/openapi.json");
    ulfius_set_binary_body_response(r->resp, 200, (const char *)f->data, f->len);
    u_map_put(r->resp->map_header, "Content-Type", "application/json");
    return 200;
}

static int parse_listen(const char *listen, struct sockaddr_in *out, unsigned *port, fg_err *err)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return fg_err_set(err, FG_EINVAL, "--listen must be HOST:PORT, not '%.60s'", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return fg_err_set(err, FG_EINVAL, "--listen port must be 1 to 65535, not '%.20s'",
                          colon + 1);
    memset(out, 0, sizeof(*out));
    out->sin_family = AF_INET;
    out->sin_port = htons((uint16_t)p);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &out->sin_addr) != 1)
        return fg_err_set(err, FG_EINVAL, "--listen host must be an IPv4 address, not '%s'", host);
    *port = (unsigned)p;
    return 0;
}

#define FG_SETTLE_EVERY_MS 15000

static void sweep(fg_server *srv, int64_t now)
{
    fg_db *db;
    fg_err err;
    fg_err_init(&err);
    fg_sweep_report out;
    if (fg_store_conn(srv->store, &db, &err) || fg_app_sweep(&srv->app, db, now, &out, &err)) {
        fg_error("sweep", "error=\"%s\"", err.msg);
        return;
    }
    for (size_t i = 0; i < out.n; i++)
        if (out.counts[i].count)
            fg_info("sweep", "%s=%zu", out.counts[i].name, out.counts[i].count);
}

int fg_server_run(fg_store *store, const fg_server_config *cfg, volatile int *stop, fg_err *err)
{
    struct sockaddr_in addr;
    unsigned port = 0;
    int rc = parse_listen(cfg->listen, &addr, &port, err);
    if (rc)
        return rc;
    fg_server *srv = calloc(1, sizeof(*srv));
    if (!srv)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    srv->store = store;
    srv->web_dir = cfg->web_dir;
    if ((rc = fg_app_init(&srv->app, &cfg->limits, err))) {
        free(srv);
        return rc;
    }
    memcpy(srv->app.pass_deciders, cfg->pass_deciders, sizeof(srv->app.pass_deciders));
    if ((rc = load_keys(srv, cfg->keys_dir, err))) {
        fg_app_release(&srv->app);
        free(srv);
        return rc;
    }
    srv->app.keys = srv->have_keys ? &srv->keyring : NULL;
    atomic_store(&srv->started_ms, fg_clock_now_ms());
    pthread_mutex_init(&srv->limit_lock, NULL);

    struct _u_instance inst;
    if (ulfius_init_instance(&inst, port, &addr, NULL) != U_OK) {
        fg_app_release(&srv->app);
        free(srv);
        return fg_err_set(err, FG_EIO, "cannot set up the HTTP server on %s", cfg->listen);
    }
    /* The largest body any route takes; JSON routes refuse more than
     * FG_API_MAX_BODY themselves. */
    inst.max_post_body_size = FG_API_MAX_UPLOAD + 1;
    /* Handlers check the text they use (jansson refuses bad UTF-8 in bodies,
     * fg_utf8_check guards query text, codes are parsed strictly); ulfius's
     * own pass over every header and parameter would only repeat that. */
    inst.check_utf8 = 0;
    ulfius_set_default_endpoint(&inst, entry, srv);

    struct MHD_OptionItem ops[] = {
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)mhd_request_completed, NULL},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)ulfius_uri_logger, NULL},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        {MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, 60, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 4096, NULL},
        /* Per-connection pool for headers and buffers; MHD clears it for every
         * request, so it is sized for real requests (headers, not bodies, which
         * ulfius collects itself) rather than the 32 KiB default. */
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, 16 * 1024, NULL},
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    if (ulfius_start_framework_with_mhd_options(
            &inst, MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG, ops) !=
        U_OK) {
        ulfius_clean_instance(&inst);
        fg_app_release(&srv->app);
        free(srv);
        return fg_err_set(err, FG_EIO, "cannot listen on %s: %s (is the port in use?)",
                          cfg->listen, strerror(errno));
    }
    fg_info("server.start", "listen=%s threads=%d db=%s web=%s", cfg->listen, cfg->threads,
            fg_store_dsn(store), cfg->web_dir ? cfg->web_dir : "-");
    /* The main thread writes down what time does to orders (expiry, lapse,
     * escalation) every FG_SETTLE_EVERY_MS; reads already see it through the
     * clock, the sweep records it with its audit entries. */
    int64_t next_settle = 0;
    while (!*stop) {
        int64_t now = fg_clock_now_ms();
        if (now >= next_settle) {
            sweep(srv, now);
            next_settle = now + FG_SETTLE_EVERY_MS;
        }
        usleep(100 * 1000);
    }
    fg_info("server.stop", "listen=%s", cfg->listen);
    ulfius_stop_framework(&inst);
    ulfius_clean_instance(&inst);
    pthread_mutex_destroy(&srv->limit_lock);
    if (srv->have_keys) {
        fg_trust_release(&srv->trust);
        fg_keyring_release(&srv->keyring);
    }
    fg_buf_release(&srv->trust_doc);
    fg_app_release(&srv->app);
    free(srv);
    return 0;
}
