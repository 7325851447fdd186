/* The HTTP server: libmicrohttpd with a thread pool, driven here rather than
 * by ulfius's dispatcher so that a request is admitted by its route row
 * (session, role, body size) as soon as its headers are in, before any of its
 * body is read; ulfius's request and response types carry the rest. Also
 * per-request context (arena, connection, session), metrics and the web
 * application's static files. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../sys/clock.h"
#include "../sys/http.h"
#include "../sys/log.h"
#include "../util/buf.h"
#include "internal.h"
#include "ratelimit.h"

/* A connection as the header deadline sees it (issue 16): the moment by which
 * its request's headers must be complete, 0 while they are in (a body may
 * then arrive as slowly as the idle timeout allows, and a handler run as long
 * as it takes). Linked into the server's list from MHD's connection-started
 * notification to its connection-closed one, which MHD gives before it closes
 * the socket, so that `fd` is never another connection's. */
typedef struct conn_watch {
    struct conn_watch *prev, *next;
    int fd;
    int64_t deadline_us; /* monotonic; 0: none */
} conn_watch;

typedef struct route_stats {
    atomic_ullong requests, client_errors, server_errors, micros;
} route_stats;

/* Invariant: routes[0..n_routes) are the route rows in matching order;
 * stats[n_routes] counts static files and unmatched paths. */
struct fg_server {
    fg_store *store;
    const char *web_dir;
    fg_app app; /* the use cases and their configuration */
    fg_keyring keyring;
    bool have_keys;
    fg_trust trust;
    fg_buf trust_doc;
    fg_buf wl_trust_doc; /* white-list credentials' trust list, signed */
    const fg_api_route *routes[FG_API_MAX_ROUTES];
    size_t n_routes;
    route_stats stats[FG_API_MAX_ROUTES + 1];
    fg_ratelimit *logins;
    atomic_llong started_ms;
    bool secure_cookies, behind_tls;
    const char *anchor_dir, *anchor_url, *anchor_token;
    int64_t anchor_every_ms, anchored_seq;
    /* Anchors sent to the notary (anchor_url): the last entry it took, the
     * sends it did not take, and when to try again after one. */
    atomic_llong anchor_sent_seq, anchor_send_failures;
    int64_t anchor_retry_ms, anchor_backoff_ms;
    /* Header deadline (issue 16): the connections, guarded by watch_lock, and
     * the thread that ends those past their deadline. */
    int64_t header_us, idle_us;
    pthread_mutex_t watch_lock;
    conn_watch *watching;
    pthread_t watcher;
    atomic_bool watcher_stop;
    atomic_ullong header_timeouts;
};

const char *fg_server_web_dir(const fg_server *s)
{
    return s->web_dir;
}
bool fg_server_secure_cookies(const fg_server *s)
{
    return s->secure_cookies;
}
const fg_keyring *fg_server_keyring(const fg_server *s)
{
    return s->have_keys ? &s->keyring : NULL;
}
const fg_trust *fg_server_trust(const fg_server *s)
{
    return s->have_keys ? &s->trust : NULL;
}
const fg_buf *fg_server_trust_doc(const fg_server *s)
{
    return s->have_keys ? &s->trust_doc : NULL;
}
const fg_buf *fg_server_wl_trust_doc(const fg_server *s)
{
    return s->have_keys ? &s->wl_trust_doc : NULL;
}

/* The white-list trust list (sys/keyring.h), signed by the root, with the
 * stable time of its keys as the passes' list has. */
static int sign_wl_trust(fg_server *srv, fg_err *err)
{
    fg_trust borrowed;
    fg_buf payload;
    fg_buf_init(&payload, 0);
    int rc = fg_keyring_wl_trust(&srv->keyring, 0, &borrowed, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < borrowed.n; i++)
        if (borrowed.entries[i].valid_from > borrowed.issued_at)
            borrowed.issued_at = borrowed.entries[i].valid_from;
    rc = fg_trust_encode(&borrowed, &payload, err);
    free(borrowed.entries);
    rc = rc ? rc
            : fg_cose_sign((const uint8_t *)payload.buf, payload.len, &srv->keyring.root,
                           &srv->wl_trust_doc, err);
    fg_buf_release(&payload);
    return rc;
}

/* Loads the signing keys (refusing keys others can read) and signs the
 * trust list once; without a keys directory passes are not issued. */
static int load_keys(fg_server *srv, const char *dir, fg_err *err)
{
    struct stat st;
    fg_buf_init(&srv->trust_doc, 0);
    fg_buf_init(&srv->wl_trust_doc, 0);
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
    rc = rc ? rc : sign_wl_trust(srv, err);
    fg_buf_release(&payload);
    if (rc) {
        fg_keyring_release(&srv->keyring);
        return rc;
    }
    srv->have_keys = true;
    fg_info("passes.keys", "dir=%s issuers=%zu", dir, srv->keyring.n);
    return 0;
}

static void route_label(const fg_server *s, size_t i, const char **m, const char **p)
{
    *m = i < s->n_routes ? s->routes[i]->method : "GET";
    *p = i < s->n_routes ? s->routes[i]->path : "static";
}

char *fg_server_metrics(fg_server *s)
{
    fg_buf b;
    const char *m, *p;
    fg_buf_init(&b, 0);
    fg_buf_adds(&b, "# HELP fugong_http_requests_total HTTP requests answered, by route and "
                    "status class.\n# TYPE fugong_http_requests_total counter\n");
    for (size_t i = 0; i <= s->n_routes; i++) {
        route_stats *st = &s->stats[i];
        unsigned long long n = atomic_load(&st->requests);
        unsigned long long c4 = atomic_load(&st->client_errors);
        unsigned long long c5 = atomic_load(&st->server_errors);
        route_label(s, i, &m, &p);
        fg_buf_addf(&b,
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"ok\"} %llu\n"
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"4xx\"} %llu\n"
                    "fugong_http_requests_total{method=\"%s\",route=\"%s\",class=\"5xx\"} %llu\n",
                    m, p, n - c4 - c5, m, p, c4, m, p, c5);
    }
    fg_buf_adds(&b, "# HELP fugong_http_request_seconds_total Time spent answering, by route.\n"
                    "# TYPE fugong_http_request_seconds_total counter\n");
    for (size_t i = 0; i <= s->n_routes; i++) {
        route_label(s, i, &m, &p);
        fg_buf_addf(&b, "fugong_http_request_seconds_total{method=\"%s\",route=\"%s\"} %.6f\n", m,
                    p, (double)atomic_load(&s->stats[i].micros) / 1e6);
    }
    fg_buf_addf(&b,
                "# HELP fugong_http_header_timeouts_total Connections closed for not sending "
                "their request headers within the header deadline.\n"
                "# TYPE fugong_http_header_timeouts_total counter\n"
                "fugong_http_header_timeouts_total %llu\n",
                atomic_load(&s->header_timeouts));
    fg_buf_addf(&b,
                "# HELP fugong_audit_anchor_sent_seq The entry of the nation's chain the last "
                "anchor the notary took vouches for (0: none yet).\n"
                "# TYPE fugong_audit_anchor_sent_seq gauge\nfugong_audit_anchor_sent_seq %lld\n"
                "# HELP fugong_audit_anchor_send_failures_total Anchors the notary did not "
                "take (no answer, or an answer other than 2xx).\n"
                "# TYPE fugong_audit_anchor_send_failures_total counter\n"
                "fugong_audit_anchor_send_failures_total %lld\n",
                (long long)atomic_load(&s->anchor_sent_seq),
                (long long)atomic_load(&s->anchor_send_failures));
    fg_buf_addf(&b,
                "# HELP fugong_uptime_seconds Seconds since the server started.\n"
                "# TYPE fugong_uptime_seconds gauge\nfugong_uptime_seconds %.3f\n",
                (double)(fg_clock_now_ms() - atomic_load(&s->started_ms)) / 1000.0);
    /* Memory (issue 16, the soak): resident, what the allocator has handed
     * out and holds free, and SQLite's page caches (part of what it handed out), so that
     * a growing RSS can be told apart: SQLite's bounded page caches filling,
     * the allocator keeping freed memory, or memory of ours not freed. */
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    struct mallinfo2 mi = mallinfo2();
    fg_buf_addf(&b,
                "# HELP fugong_resident_bytes Resident memory of the process.\n"
                "# TYPE fugong_resident_bytes gauge\nfugong_resident_bytes %lld\n"
                "# HELP fugong_heap_in_use_bytes Memory the allocator has handed out and not "
                "had back.\n# TYPE fugong_heap_in_use_bytes gauge\nfugong_heap_in_use_bytes %zu\n"
                "# HELP fugong_heap_free_bytes Memory freed to the allocator that it keeps.\n"
                "# TYPE fugong_heap_free_bytes gauge\nfugong_heap_free_bytes %zu\n"
                "# HELP fugong_sqlite_cache_bytes The page caches of the SQLite connections, "
                "part of the heap in use.\n# TYPE fugong_sqlite_cache_bytes "
                "gauge\nfugong_sqlite_cache_bytes %lld\n",
                (long long)resident * sysconf(_SC_PAGESIZE), mi.uordblks + mi.hblkhd, mi.fordblks,
                (long long)fg_store_sqlite_cache());
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

/* ---- The header deadline (issue 16) ----
 * MHD's connection timeout is an idle timeout: every byte received restarts
 * it, so a client sending a header byte every few seconds would hold its
 * connection, and a place under the per-address cap, for ever. Here a
 * request's headers must be complete within srv->header_us of the
 * connection's opening (its first request), or of the request line (the
 * next ones on a kept-alive connection, which may first wait idle for as
 * long as the idle timeout allows). Once the headers are in, the deadline
 * is lifted: a body comes as slowly as the idle timeout lets it. A thread
 * shuts down the sockets past their deadline; MHD then reads the end of the
 * stream and closes the connection itself, on its own thread. */

static conn_watch *watch_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Sets the deadline of c's connection to `at` (0: none); with `sooner`, only
 * when none is set or `at` comes before it. */
static void watch_set(fg_server *srv, struct MHD_Connection *c, int64_t at, bool sooner)
{
    conn_watch *w = c ? watch_of(c) : NULL;
    if (!w)
        return;
    pthread_mutex_lock(&srv->watch_lock);
    if (!sooner || !w->deadline_us || at < w->deadline_us)
        w->deadline_us = at;
    pthread_mutex_unlock(&srv->watch_lock);
}

/* MHD_OPTION_NOTIFY_CONNECTION: a connection opened (its first request's
 * headers are due within the deadline) or closed (MHD has not closed its
 * socket yet). A connection that cannot be watched (no memory) keeps the
 * idle timeout only. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    fg_server *srv = cls;
    conn_watch *w = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        w = ci ? calloc(1, sizeof(*w)) : NULL;
        if (!w)
            return;
        w->fd = ci->connect_fd;
        w->deadline_us = mono_us() + srv->header_us;
        pthread_mutex_lock(&srv->watch_lock);
        w->next = srv->watching;
        if (w->next)
            w->next->prev = w;
        srv->watching = w;
        pthread_mutex_unlock(&srv->watch_lock);
        *socket_context = w;
        return;
    }
    if (!w)
        return;
    pthread_mutex_lock(&srv->watch_lock);
    if (w->prev)
        w->prev->next = w->next;
    else
        srv->watching = w->next;
    if (w->next)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&srv->watch_lock);
    free(w);
    *socket_context = NULL;
}

/* The watcher thread: every 100 ms, shuts down the sockets of the
 * connections past their deadline (once each). A connection with bytes
 * waiting unread in its socket is the server's delay, not the client's (its
 * thread is busy with other requests): it is looked at again next time. */
static void *watcher_main(void *arg)
{
    fg_server *srv = arg;
    while (!atomic_load(&srv->watcher_stop)) {
        int64_t now = mono_us();
        pthread_mutex_lock(&srv->watch_lock);
        for (conn_watch *w = srv->watching; w; w = w->next) {
            int unread = 0;
            if (w->deadline_us && now >= w->deadline_us &&
                !(ioctl(w->fd, FIONREAD, &unread) == 0 && unread > 0)) {
                shutdown(w->fd, SHUT_RDWR);
                w->deadline_us = 0;
                atomic_fetch_add(&srv->header_timeouts, 1);
            }
        }
        pthread_mutex_unlock(&srv->watch_lock);
        usleep(100 * 1000);
    }
    return NULL;
}

static void req_address(const struct sockaddr *sa, char *out, size_t n)
{
    out[0] = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
    if (!out[0])
        snprintf(out, n, "unknown");
}

/* Behind a TLS proxy every connection comes from the proxy: the client is
 * the last address of X-Forwarded-For, the one the proxy itself saw (the
 * deployment's nginx sets the header to $remote_addr). A value that is not
 * an address leaves the proxy's. */
static void forwarded_address(const struct _u_map *headers, char *out, size_t n)
{
    const char *xff = u_map_get_case(headers, "X-Forwarded-For");
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t')
        last++;
    char ip[64];
    size_t len = strcspn(last, " \t");
    if (len == 0 || len >= sizeof(ip))
        return;
    memcpy(ip, last, len);
    ip[len] = '\0';
    unsigned char bin[16];
    if (inet_pton(AF_INET, ip, bin) == 1 || inet_pton(AF_INET6, ip, bin) == 1)
        snprintf(out, n, "%s", ip);
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

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
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

/* Whether the Accept-Encoding header accepts `coding` (a listed token whose
 * q is not 0). */
static bool accepts(const char *header, const char *coding)
{
    size_t n = strlen(coding);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = p + strcspn(p, ",");
        if ((size_t)(end - p) >= n && strncmp(p, coding, n) == 0 &&
            (p[n] == ',' || p[n] == ';' || p[n] == ' ' || p[n] == '\0')) {
            const char *q = strstr(p, "q=");
            return !(q && q < end && strtod(q + 2, NULL) == 0.0);
        }
        p = *end ? end + 1 : end;
    }
    return false;
}

/* Reads `path`, or its precompressed twin (path.br or path.gz, written by the
 * web build) when the browser accepts that coding; sets Content-Encoding. */
static int read_coded(fg_req *r, const char *path, fg_buf *out)
{
    const char *ae = u_map_get_case(r->http->map_header, "Accept-Encoding");
    static const char *const codings[][2] = {{"br", ".br"}, {"gzip", ".gz"}};
    for (size_t i = 0; ae && i < sizeof(codings) / sizeof(codings[0]); i++) {
        if (!accepts(ae, codings[i][0]))
            continue;
        fg_buf twin;
        fg_buf_init(&twin, 0);
        int rc = fg_buf_addf(&twin, "%s%s", path, codings[i][1]);
        rc = rc ? rc : read_file(twin.buf, out);
        fg_buf_release(&twin);
        if (rc == 0) {
            u_map_put(r->resp->map_header, "Content-Encoding", codings[i][0]);
            return 0;
        }
        fg_buf_reset(out);
    }
    return read_file(path, out);
}

/* A static file of the web application, or its index for a client-side
 * route, or a problem+json 404 when the application is not built here. */
static void serve_static(fg_server *srv, fg_req *r)
{
    const char *path = r->http->url_path;
    struct _u_response *resp = r->resp;
    fg_buf file, body;
    fg_buf_init(&file, 4096);
    fg_buf_init(&body, (size_t)64 << 20);
    bool safe = path[0] == '/' && !strstr(path, "..") && !strchr(path, '\\');
    const char *rel = path + 1;
    int rc = FG_ENOTFOUND;
    if (safe && *rel) {
        fg_buf_addf(&file, "%s/%s", srv->web_dir, rel);
        rc = read_coded(r, file.buf, &body);
    }
    const char *type;
    if (rc == 0) {
        type = content_type(file.buf);
        /* Hashed names never change content; anything else (the index, the
         * checkpoint's service worker sw.js, the web app manifest) is
         * revalidated on every use, so that a deploy is seen at once. */
        bool hashed = strncmp(rel, "assets/", 7) == 0;
        u_map_put(resp->map_header, "Cache-Control",
                  hashed ? "public, max-age=31536000, immutable" : "no-cache");
    } else {
        /* A client-side route: the application's index. */
        fg_buf_reset(&file);
        fg_buf_addf(&file, "%s/index.html", srv->web_dir);
        fg_buf_reset(&body);
        rc = read_coded(r, file.buf, &body);
        type = "text/html; charset=utf-8";
        u_map_put(resp->map_header, "Cache-Control", "no-cache");
    }
    if (rc == 0) {
        ulfius_set_binary_body_response(resp, 200, body.buf, body.len);
        u_map_put(resp->map_header, "Content-Type", type);
        u_map_put(resp->map_header, "Vary", "Accept-Encoding");
    } else {
        u_map_remove_from_key(resp->map_header, "Content-Encoding");
        fg_reply_problem(r, 404, NULL, "web.not_built", "the web application is not built here");
    }
    fg_buf_release(&file);
    fg_buf_release(&body);
}

/* One request from its first line to its completion. It holds what ulfius's
 * dispatcher would: the request as handlers see it (http; its body grows as
 * it arrives, never past `limit`) and the response they fill in (resp). */
typedef struct exchange {
    fg_server *srv;
    const fg_api_route *route; /* NULL: a static file */
    size_t slot;               /* index into srv->stats */
    size_t limit;              /* bytes the body may have */
    size_t expect;             /* bytes announced (Content-Length), else `limit` */
    size_t body_cap;           /* bytes allocated at http.binary_body */
    bool started;              /* the headers were seen */
    bool overflow;             /* the body passed `limit`; the rest is dropped */
    bool nomem;                /* the body could not be kept */
    bool refused;              /* admission refused it: the body is read and dropped */
    size_t drained;            /* bytes of a refused request's body dropped so far */
    int64_t micros;            /* time spent answering (not waiting for the body) */
    struct _u_request http;
    struct _u_response resp;
    fg_req r;
} exchange;

/* A body this large, once its request is answered, leaves enough freed
 * memory behind (its parsed rows, JSON, statements) to hand back to the
 * system at once. */
#define FG_TRIM_AFTER_BODY (1u << 20)

static void exchange_free(exchange *x)
{
    if (!x)
        return;
    bool large = x->body_cap >= FG_TRIM_AFTER_BODY;
    ulfius_clean_request(&x->http);
    ulfius_clean_response(&x->resp);
    fg_arena_release(&x->r.arena);
    free(x);
    /* glibc keeps freed memory in the thread's arena for reuse, however
     * large; after an import-sized request, give it back (issue 16). */
    if (large)
        malloc_trim(0);
}

/* MHD_OPTION_URI_LOG_CALLBACK: the first sight of a request, with its URI as
 * sent (MHD later decodes the path in place; ulfius's handlers see it as
 * sent). Returns the request's exchange, or NULL to drop the connection. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    fg_server *srv = cls;
    watch_set(srv, c, mono_us() + srv->header_us, true);
    exchange *x = calloc(1, sizeof(*x));
    if (!x)
        return NULL;
    if (ulfius_init_request(&x->http) != U_OK) {
        free(x);
        return NULL;
    }
    if (ulfius_init_response(&x->resp) != U_OK) {
        ulfius_clean_request(&x->http);
        free(x);
        return NULL;
    }
    x->srv = cls;
    fg_arena_init(&x->r.arena);
    x->r.http = &x->http;
    x->r.resp = &x->resp;
    x->r.srv = x->srv;
    x->r.app = &x->srv->app;
    x->r.logins = x->srv->logins;
    x->http.http_url = o_strdup(uri);
    x->http.url_path = o_strndup(uri, strcspn(uri, "?"));
    return x;
}

/* MHD_OPTION_NOTIFY_COMPLETED: the response went out, or the connection
 * ended first. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    fg_server *srv = cls;
    (void)toe;
    /* A kept-alive connection may wait idle for the next request: its request
     * line is due within the idle timeout, and then its headers. */
    watch_set(srv, c, mono_us() + srv->idle_us + srv->header_us, false);
    exchange_free(*con_cls);
    *con_cls = NULL;
}

/* Fills a ulfius map as ulfius does: a repeated key's values joined by ",". */
static enum MHD_Result fill_map(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    struct _u_map *map = cls;
    const char *have = u_map_get(map, key);
    if (!have)
        return u_map_put(map, key, value ? value : "") == U_OK ? MHD_YES : MHD_NO;
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = fg_buf_addf(&b, "%s,%s", have, value ? value : "");
    rc = rc ? rc : u_map_put(map, key, b.buf) == U_OK ? 0 : FG_ENOMEM;
    fg_buf_release(&b);
    return rc ? MHD_NO : MHD_YES;
}

/* The request line and headers as ulfius's request shows them. */
static int exchange_start(exchange *x, struct MHD_Connection *c, const char *method,
                          const char *version)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    size_t sa_len =
        sa && sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    x->http.http_verb = o_strdup(method);
    x->http.http_protocol = o_strdup(version);
    x->http.client_address = o_malloc(sizeof(struct sockaddr_in6));
    if (!x->http.http_url || !x->http.url_path || !x->http.http_verb || !x->http.http_protocol ||
        !x->http.client_address)
        return FG_ENOMEM;
    memset(x->http.client_address, 0, sizeof(struct sockaddr_in6));
    if (sa)
        memcpy(x->http.client_address, sa, sa_len);
    req_address(sa, x->r.address, sizeof(x->r.address));
    MHD_get_connection_values(c, MHD_HEADER_KIND, fill_map, x->http.map_header);
    if (x->srv->behind_tls)
        forwarded_address(x->http.map_header, x->r.address, sizeof(x->r.address));
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, fill_map, x->http.map_url);
    MHD_get_connection_values(c, MHD_COOKIE_KIND, fill_map, x->http.map_cookie);
    return 0;
}

static int reply_too_large(exchange *x)
{
    if (x->limit == 0)
        return fg_reply_problem(&x->r, 413, NULL, "body.none", "%.20s %.100s takes no body",
                                x->http.http_verb, x->http.url_path);
    return fg_reply_problem(&x->r, 413, NULL, "body.too_big",
                            "the body is larger than the limit of {max:%zu} bytes", x->limit);
}

/* Admits a request whose headers are in, before any of its body is read: its
 * route (404/405 without one), its session (401) and role (403) when the
 * route needs them, the length it announces against the route's limit (413).
 * Returns 0 to read the body, or else the status of the refusal in resp. */
static int admit(exchange *x, struct MHD_Connection *c)
{
    fg_server *srv = x->srv;
    fg_req *r = &x->r;
    const char *path = x->http.url_path;
    const char *verb = x->http.http_verb;
    bool path_known = false;
    for (size_t i = 0; i < srv->n_routes && !x->route; i++) {
        if (!route_match(srv->routes[i]->path, path, NULL))
            continue;
        if (strcmp(srv->routes[i]->method, verb) == 0) {
            x->route = srv->routes[i];
            x->slot = i;
        }
        path_known = true;
    }
    const fg_api_route *rt = x->route;
    if (!rt) {
        x->slot = srv->n_routes;
        bool api = strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
        if (path_known)
            return fg_reply_problem(r, 405, NULL, "route.method", "%.20s is not allowed on %.200s",
                                    verb, path);
        if (api || !srv->web_dir || (strcmp(verb, "GET") && strcmp(verb, "HEAD")))
            return fg_reply_problem(r, 404, NULL, "route.none",
                                    "nothing at %.200s; see /api/v1/openapi.json", path);
    } else {
        route_match(rt->path, path, r);
        r->now_ms = fg_clock_now_ms();
        fg_err err;
        fg_err_init(&err);
        if (fg_store_conn(srv->store, &r->db, &err))
            return fg_reply_err(r, &err);
        if (rt->action != FG_ROUTE_PUBLIC) {
            int status = fg__api_authenticate(r);
            if (status)
                return status;
        }
        if (rt->action >= 0 && !(fg_access_rules()[rt->action].roles & (1u << r->account.role))) {
            return fg_reply_problem(r, 403, NULL, "access.route_role",
                                    "a {role:%s} account may not %s", fg_role_name(r->account.role),
                                    fg_access_rules()[rt->action].name);
        }
        x->limit = rt->max_body;
        /* Bodies are JSON or a file as itself (text/csv, XLSX): a form's parts
         * are refused before they are read. */
        const char *ct = u_map_get_case(x->http.map_header, "Content-Type");
        if (x->limit && ct && strncasecmp(ct, "multipart/", 10) == 0)
            return fg_reply_problem(r, 415, NULL, "body.multipart",
                                    "multipart bodies are not taken: send JSON with "
                                    "Content-Type: application/json, or a file as the whole body "
                                    "with its own Content-Type");
    }
    x->expect = x->limit;
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > x->limit)
            return reply_too_large(x);
        x->expect = (size_t)n;
    }
    return 0;
}

/* Whether a refused request's body is small enough to read and drop before
 * answering: announced (Content-Length) up to FG_API_DRAIN_MAX, or sent
 * without a length (then dropped until it passes that). */
static bool drain_fits(struct MHD_Connection *c)
{
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return true;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(cl, &end, 10);
    return !errno && end != cl && n <= FG_API_DRAIN_MAX;
}

/* Keeps a piece of the body, or drops it (and what came before) once the
 * body passes its limit: a body without Content-Length is capped as it
 * arrives. */
static void body_add(exchange *x, const char *data, size_t n)
{
    size_t len = x->http.binary_body_length;
    if (x->overflow || x->nomem)
        return;
    if (n > x->limit - len) {
        x->overflow = true;
    } else if (len + n > x->body_cap) {
        size_t cap = x->body_cap ? x->body_cap * 2 : 65536;
        cap = cap < x->expect ? cap : x->expect;
        cap = cap > len + n ? cap : len + n;
        void *p = o_realloc(x->http.binary_body, cap);
        if (p) {
            x->http.binary_body = p;
            x->body_cap = cap;
        } else {
            x->nomem = true;
        }
    }
    if (x->overflow || x->nomem) {
        o_free(x->http.binary_body);
        x->http.binary_body = NULL;
        x->http.binary_body_length = 0;
        x->body_cap = 0;
        return;
    }
    memcpy((char *)x->http.binary_body + len, data, n);
    x->http.binary_body_length = len + n;
}

/* The whole request is in: runs its handler (or serves the file). */
static void dispatch(exchange *x)
{
    fg_req *r = &x->r;
    if (x->overflow) {
        reply_too_large(x);
        return;
    }
    if (x->nomem) {
        fg_reply_problem(r, 503, NULL, NULL, "out of memory reading the body");
        return;
    }
    if (!x->route) {
        serve_static(x->srv, r);
        return;
    }
    r->now_ms = fg_clock_now_ms();
    /* A reading request sees one snapshot and takes the database's read lock
     * once, however many queries it makes. */
    bool reading = strcmp(x->http.http_verb, "GET") == 0;
    fg_err err;
    fg_err_init(&err);
    if (reading && fg_db_begin(r->db, false, &err)) {
        fg_reply_err(r, &err);
        return;
    }
    int rc = x->route->handler(r);
    long status = r->resp->status;
    if (rc < 0 && status < 400)
        fg_reply_problem(r, 500, NULL, NULL, "the request failed without an answer");
    if (rc == 0 && status >= 400)
        fg_warn("http.handler", "method=%s path=%s status=%ld returned=0", x->http.http_verb,
                x->http.url_path, status);
    if (reading)
        fg_db_rollback(r->db);
}

static void add_cookies(struct MHD_Response *m, const struct _u_response *resp)
{
    static const char *same_site[] = {"", "; SameSite=Strict", "; SameSite=Lax", "; SameSite=None"};
    for (unsigned i = 0; i < resp->nb_cookies; i++) {
        const struct _u_cookie *k = &resp->map_cookie[i];
        fg_buf b;
        fg_buf_init(&b, 8192);
        int rc = fg_buf_addf(&b, "%s=%s", k->key, k->value ? k->value : "");
        if (rc == 0 && k->expires)
            rc = fg_buf_addf(&b, "; Expires=%s", k->expires);
        if (rc == 0 && k->max_age > 0)
            rc = fg_buf_addf(&b, "; Max-Age=%u", k->max_age);
        if (rc == 0 && k->domain)
            rc = fg_buf_addf(&b, "; Domain=%s", k->domain);
        if (rc == 0 && k->path)
            rc = fg_buf_addf(&b, "; Path=%s", k->path);
        rc = rc ? rc : fg_buf_adds(&b, k->secure ? "; Secure" : "");
        rc = rc ? rc : fg_buf_adds(&b, k->http_only ? "; HttpOnly" : "");
        if (rc == 0 && k->same_site > 0 && k->same_site <= 3)
            rc = fg_buf_adds(&b, same_site[k->same_site]);
        if (rc == 0)
            MHD_add_response_header(m, MHD_HTTP_HEADER_SET_COOKIE, b.buf);
        fg_buf_release(&b);
    }
}

/* What every answer carries, API and web application alike (OWASP ASVS
 * 14.4): no sniffing of types, no framing, no referrer outside the origin,
 * and a content policy under which only the application's own scripts run
 * (Element Plus sets inline styles; the checkpoint's camera decoder may run
 * in a worker from a blob). Behind TLS, browsers are told to stay on it. */
static const char CSP[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

static void security_headers(struct MHD_Response *m, const fg_server *srv)
{
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Content-Security-Policy", CSP);
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Referrer-Policy", "same-origin");
    if (srv->behind_tls)
        MHD_add_response_header(m, "Strict-Transport-Security", "max-age=31536000");
}

/* Queues what resp holds (its body handed over to MHD) and counts it. */
static enum MHD_Result respond(exchange *x, struct MHD_Connection *c, int64_t t0)
{
    struct _u_response *resp = &x->resp;
    struct MHD_Response *m;
    if (resp->binary_body && resp->binary_body_length) {
        m = MHD_create_response_from_buffer_with_free_callback(resp->binary_body_length,
                                                               resp->binary_body, o_free);
        if (m) {
            resp->binary_body = NULL;
            resp->binary_body_length = 0;
        }
    } else {
        m = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    }
    if (!m)
        return MHD_NO;
    const char **keys = u_map_enum_keys(resp->map_header);
    for (size_t i = 0; keys && keys[i]; i++) {
        const char *v = u_map_get(resp->map_header, keys[i]);
        if (v)
            MHD_add_response_header(m, keys[i], v);
    }
    security_headers(m, x->srv);
    add_cookies(m, resp);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, m);
    MHD_destroy_response(m);
    x->micros += mono_us() - t0;
    count(x->srv, x->slot, resp->status, x->micros);
    if (resp->status >= 500)
        fg_error("http.request", "method=%s path=%s status=%ld", x->http.http_verb,
                 x->http.url_path, resp->status);
    return ret;
}

/* MHD's access handler: called once the headers are in (admission), once per
 * piece of body, and once at the end (the handler runs). */
static enum MHD_Result on_access(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)url;
    exchange *x = *con_cls;
    if (!x)
        return MHD_NO;
    int64_t t0 = mono_us();
    if (!x->started) {
        x->started = true;
        watch_set(x->srv, c, 0, false);
        if (exchange_start(x, c, method, version))
            return MHD_NO;
        if (admit(x, c)) {
            /* A refusal goes out once the body is in (dropped as it comes), so
             * that a client still sending it reads the answer instead of a
             * reset; a body too large to wait for is answered at once. */
            if (x->resp.status == 413 || !drain_fits(c))
                return respond(x, c, t0);
            x->refused = true;
        }
        x->micros += mono_us() - t0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (x->refused) {
            x->drained += *upload_size;
            *upload_size = 0;
            return x->drained > FG_API_DRAIN_MAX ? respond(x, c, t0) : MHD_YES;
        }
        body_add(x, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (x->refused)
        return respond(x, c, t0);
    dispatch(x);
    return respond(x, c, t0);
}

static int parse_listen(const char *listen, struct sockaddr_in *out, unsigned *port, fg_err *err)
{
    const char *colon = strrchr(listen, ':');
    char host[64];
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return fg_err_at(err, FG_EINVAL, NULL, "serve.listen",
                         "--listen must be HOST:PORT, not '{value:%.60s}'", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 1 || p > 65535)
        return fg_err_at(err, FG_EINVAL, NULL, "serve.listen_port",
                         "--listen port must be 1 to 65535, not '{value:%.20s}'", colon + 1);
    memset(out, 0, sizeof(*out));
    out->sin_family = AF_INET;
    out->sin_port = htons((uint16_t)p);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &out->sin_addr) != 1)
        return fg_err_at(err, FG_EINVAL, NULL, "serve.listen_host",
                         "--listen host must be an IPv4 address, not '{value:%s}'", host);
    *port = (unsigned)p;
    return 0;
}

#define FG_SETTLE_EVERY_MS 15000
/* Seconds a connection may stay silent (MHD's connection timeout). */
#define FG_IDLE_TIMEOUT_S 60

static void sweep(fg_server *srv, int64_t now)
{
    fg_db *db;
    fg_err err;
    fg_err_init(&err);
    fg_sweep_report out;
    int rc = fg_store_conn(srv->store, &db, &err);
    rc = rc ? rc : fg_app_sweep(&srv->app, db, now, &out, &err);
    /* The sweep's big passes (the chain analysis over every enterprise when
     * anything changed, the policy matching) allocate and free tens of MB:
     * give what they freed back to the system, or malloc keeps it and the
     * resident size creeps up with every pass (issue 16, the soak). */
    malloc_trim(0);
    if (rc) {
        fg_error("sweep", "error=\"%s\"", err.msg);
        return;
    }
    for (size_t i = 0; i < out.n; i++)
        if (out.counts[i].count)
            fg_info("sweep", "%s=%zu", out.counts[i].name, out.counts[i].count);
}

/* Anchors of the audit chain (issue 16), made when the head moved since the
 * last one: written into the anchor directory, and sent to the notary. A
 * send the notary did not take is tried again after 1 s, then twice as long
 * each time up to the anchor interval, with the newest anchor then. */
static void anchor(fg_server *srv, int64_t now)
{
    fg_db *db;
    fg_err err;
    fg_err_init(&err);
    char *json = NULL;
    fg_audit_anchor a;
    if (fg_store_conn(srv->store, &db, &err) ||
        fg_app_audit_anchor_make(db, &srv->keyring, now, &json, &a, &err)) {
        fg_error("audit.anchor", "error=\"%s\"", err.msg);
        return;
    }
    if (srv->anchor_dir && a.seq != srv->anchored_seq) {
        if (fg_app_audit_anchor_save(srv->anchor_dir, &a, json, &err))
            fg_error("audit.anchor", "error=\"%s\"", err.msg);
        else {
            srv->anchored_seq = a.seq;
            fg_info("audit.anchor", "seq=%lld dir=%s", (long long)a.seq, srv->anchor_dir);
        }
    }
    if (srv->anchor_url && a.seq != atomic_load(&srv->anchor_sent_seq)) {
        fg_err_init(&err);
        if (fg_app_audit_anchor_send(srv->anchor_url, srv->anchor_token, json, &err)) {
            atomic_fetch_add(&srv->anchor_send_failures, 1);
            srv->anchor_backoff_ms = srv->anchor_backoff_ms ? srv->anchor_backoff_ms * 2 : 1000;
            if (srv->anchor_backoff_ms > srv->anchor_every_ms)
                srv->anchor_backoff_ms = srv->anchor_every_ms;
            srv->anchor_retry_ms = now + srv->anchor_backoff_ms;
            fg_error("audit.anchor_send", "seq=%lld retry_ms=%lld error=\"%s\"", (long long)a.seq,
                     (long long)srv->anchor_backoff_ms, err.msg);
        } else {
            atomic_store(&srv->anchor_sent_seq, a.seq);
            srv->anchor_backoff_ms = 0;
            srv->anchor_retry_ms = 0;
            fg_info("audit.anchor_send", "seq=%lld url=%s", (long long)a.seq, srv->anchor_url);
        }
    }
    free(json);
}

/* Records the provinces' chain heads in the nation's chain (issue 17). */
static void record_heads(fg_server *srv, int64_t now)
{
    fg_db *db;
    fg_err err;
    fg_err_init(&err);
    bool wrote = false;
    if (fg_store_conn(srv->store, &db, &err) || fg_app_audit_checkpoint(db, now, &wrote, &err))
        fg_error("audit.heads", "error=\"%s\"", err.msg);
    else if (wrote)
        fg_info("audit.heads", "recorded=1");
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
    srv->behind_tls = cfg->behind_tls;
    srv->anchor_dir = cfg->anchor_dir;
    srv->anchor_every_ms = cfg->anchor_every_ms > 0 ? cfg->anchor_every_ms : 3600 * 1000;
    srv->anchor_url = cfg->anchor_url;
    srv->anchor_token = cfg->anchor_token;
    srv->anchored_seq = -1;
    srv->secure_cookies = cfg->secure_cookies || cfg->behind_tls;
    srv->header_us = (int64_t)(cfg->header_timeout_s ? cfg->header_timeout_s : 10) * 1000000;
    srv->idle_us = (int64_t)FG_IDLE_TIMEOUT_S * 1000000;
    pthread_mutex_init(&srv->watch_lock, NULL);
    /* glibc raises its mmap threshold to the size of each large block freed
     * (up to 32 MiB), after which request bodies of up to 16 MiB, the arrays
     * of the chain analysis and big lists come from the threads' heaps and
     * stay in them when freed: a fixed threshold keeps every block of 128 KiB
     * or more mapped on its own and unmapped on free (issue 16: RSS after 30
     * oversized bodies, and the soak). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
    srv->n_routes = fg_api_routes(srv->routes, FG_API_MAX_ROUTES);
    if (srv->n_routes > FG_API_MAX_ROUTES) {
        free(srv);
        return fg_err_set(err, FG_EIO, "%zu routes, more than FG_API_MAX_ROUTES (%d)",
                          fg_api_routes(NULL, 0), FG_API_MAX_ROUTES);
    }
    if ((rc = fg_app_init(&srv->app, &cfg->limits, err))) {
        free(srv);
        return rc;
    }
    memcpy(srv->app.pass_deciders, cfg->pass_deciders, sizeof(srv->app.pass_deciders));
    if (cfg->report_limits)
        srv->app.reports = *cfg->report_limits;
    if (cfg->plan_review_ms > 0) /* plans (issue 14) */
        srv->app.plan_review_ms = cfg->plan_review_ms;
    if ((rc = fg_ratelimit_new(&srv->logins, err))) {
        fg_app_release(&srv->app);
        free(srv);
        return rc;
    }
    if ((rc = load_keys(srv, cfg->keys_dir, err))) {
        fg_ratelimit_free(srv->logins);
        fg_app_release(&srv->app);
        free(srv);
        return rc;
    }
    srv->app.keys = srv->have_keys ? &srv->keyring : NULL;
    atomic_store(&srv->started_ms, fg_clock_now_ms());
    struct stat ast;
    if ((srv->anchor_dir || srv->anchor_url) && !(srv->have_keys && srv->keyring.have_root)) {
        rc = fg_err_set(err, FG_EIO,
                        "%s: anchors are signed by the root key, and %s has none "
                        "(fugong keys init)",
                        srv->anchor_dir ? "--anchor-dir" : "--anchor-url",
                        cfg->keys_dir ? cfg->keys_dir : "the keys directory");
        goto out;
    }
    if (srv->anchor_url && (rc = fg_http_url_check(srv->anchor_url, err)))
        goto out;
    if (srv->anchor_dir && (stat(srv->anchor_dir, &ast) != 0 || !S_ISDIR(ast.st_mode))) {
        rc = fg_err_set(err, FG_EIO, "--anchor-dir %s is not a directory", srv->anchor_dir);
        goto out;
    }

    /* Several servers on one PostgreSQL database: the caches of what every
     * request reads let go when another server changes it (issue 17). */
    if ((rc = fg_store_watch_start(store, err)))
        goto out;

    struct MHD_OptionItem ops[] = {
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, srv},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, srv},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        {MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, FG_IDLE_TIMEOUT_S, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, 4096, NULL},
        /* One address holding thousands of slow connections must not starve
         * everybody else (issue 16); the last item when there is no cap. */
        {cfg->per_address ? MHD_OPTION_PER_IP_CONNECTION_LIMIT : MHD_OPTION_END,
         (intptr_t)cfg->per_address, NULL},
        /* Per-connection pool for headers and buffers; MHD clears it for every
         * request, so it is sized for real requests (headers, not bodies, which
         * are collected per exchange) rather than the 32 KiB default. */
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, 16 * 1024, NULL},
        {MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG,
        (uint16_t)port, NULL, NULL, on_access, srv, MHD_OPTION_ARRAY, ops, MHD_OPTION_END);
    if (!d) {
        rc = fg_err_set(err, FG_EIO, "cannot listen on %s: %s (is the port in use?)", cfg->listen,
                        strerror(errno));
        goto out;
    }
    if (pthread_create(&srv->watcher, NULL, watcher_main, srv)) {
        MHD_stop_daemon(d);
        rc = fg_err_set(err, FG_EIO, "cannot start the header deadline's thread");
        goto out;
    }
    fg_info("server.start", "listen=%s threads=%d db=%s web=%s header_timeout=%llds", cfg->listen,
            cfg->threads, fg_store_dsn(store), cfg->web_dir ? cfg->web_dir : "-",
            (long long)(srv->header_us / 1000000));
    /* The main thread runs the deadline sweeps (app/sweep.c: what time does
     * to orders, ...) every FG_SETTLE_EVERY_MS; reads already see it through
     * the clock, the sweep records it with its audit entries. */
    int64_t next_settle = 0, next_anchor = 0;
    int64_t next_heads = fg_clock_now_ms() + FG_APP_AUDIT_HEADS_EVERY_MS;
    while (!*stop) {
        int64_t now = fg_clock_now_ms();
        if (now >= next_settle) {
            sweep(srv, now);
            next_settle = now + FG_SETTLE_EVERY_MS;
        }
        if (now >= next_heads) {
            record_heads(srv, now);
            next_heads = now + FG_APP_AUDIT_HEADS_EVERY_MS;
        }
        if ((srv->anchor_dir || srv->anchor_url) &&
            (now >= next_anchor || (srv->anchor_retry_ms && now >= srv->anchor_retry_ms))) {
            srv->anchor_retry_ms = 0;
            anchor(srv, now);
            if (now >= next_anchor)
                next_anchor = now + srv->anchor_every_ms;
        }
        usleep(100 * 1000);
    }
    fg_info("server.stop", "listen=%s", cfg->listen);
    MHD_stop_daemon(d);
    atomic_store(&srv->watcher_stop, true);
    pthread_join(srv->watcher, NULL);
out:
    fg_store_watch_stop();
    if (srv->have_keys) {
        fg_trust_release(&srv->trust);
        fg_keyring_release(&srv->keyring);
    }
    fg_buf_release(&srv->trust_doc);
    fg_buf_release(&srv->wl_trust_doc);
    fg_ratelimit_free(srv->logins);
    fg_app_release(&srv->app);
    pthread_mutex_destroy(&srv->watch_lock);
    free(srv);
    return rc;
}
