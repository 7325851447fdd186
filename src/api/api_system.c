/* The operator's endpoints: health, Prometheus metrics, the OpenAPI document. */
#include <stdlib.h>

#include "../sys/embed.h"
#include "api.h"

static int fg_h_healthz(fg_req *r)
{
    fg_stmt *st;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_db_row(r->db, &st, &err, "SELECT COUNT(*) FROM schema_migrations", "");
    if (rc < 0) {
        u_map_put(r->resp->map_header, "Retry-After", "5");
        return fg_reply_err_as(r, 503, &err);
    }
    int64_t migrations = fg_db_int(r->db, st, 0);
    fg_db_done(r->db, st);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:I}", "status", "ok", "database", r->db->ops->name,
                                   "migrations", (json_int_t)migrations));
}

static int fg_h_metrics(fg_req *r)
{
    char *text = fg_server_metrics(r->srv);
    if (!text)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    /* The entries of all chains by their heads (issue 16; partitioned by
     * province, issue 17): a monitor that records it sees the log move
     * back, which no anchor has caught yet. */
    fg_buf b;
    fg_buf_init(&b, 0);
    int64_t seq;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_buf_adds(&b, text);
    free(text);
    if (rc == 0 && fg_audit_total(r->db, &seq, &err) == 0)
        rc = fg_buf_addf(&b,
                         "# HELP fugong_audit_head_seq Entries of the audit chains, by their "
                         "heads.\n# TYPE fugong_audit_head_seq gauge\nfugong_audit_head_seq "
                         "%lld\n",
                         (long long)seq);
    if (rc) {
        fg_buf_release(&b);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    ulfius_set_string_body_response(r->resp, 200, b.buf);
    u_map_put(r->resp->map_header, "Content-Type", "text/plain; version=0.0.4");
    fg_buf_release(&b);
    return 0;
}

static int fg_h_openapi(fg_req *r)
{
    const fg_embedded *f = fg_embed_find("docs/openapi.json");
    ulfius_set_binary_body_response(r->resp, 200, (const char *)f->data, f->len);
    u_map_put(r->resp->map_header, "Content-Type", "application/json");
    return 0;
}

const fg_api_route fg_api_system_routes[] = {
    {"GET", "/api/v1/openapi.json", fg_h_openapi, FG_ROUTE_PUBLIC, 0},
    {"GET", "/healthz", fg_h_healthz, FG_ROUTE_PUBLIC, 0},
    {"GET", "/metrics", fg_h_metrics, FG_ROUTE_PUBLIC, 0},
};
const size_t fg_api_system_nroutes = sizeof(fg_api_system_routes) / sizeof(fg_api_system_routes[0]);
