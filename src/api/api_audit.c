/* The audit log: read within the jurisdiction, verify the chain. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "api.h"

static int fg_h_audit_list(fg_req *r)
{
    int32_t region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    const char *s = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, FG_ACT_AUDIT_READ, region, NULL))
        return fg_req_refusal(r);
    long limit, before;
    if (fg_req_int(r, "limit", 1, 500, 100, &limit) ||
        fg_req_int(r, "before", 0, 9000000000000000000L, 0, &before))
        return fg_req_refusal(r);
    fg_audit_filter f = {0, 0, "", "", "", "", before, (int)limit};
    /* Entries about national matters carry region 000000 and so are seen only
     * from a national jurisdiction. */
    fg_region_range(region, &f.region_lo, &f.region_hi);
    static const char *texts[] = {"entity", "entity_id", "action", "actor"};
    const char **dst[] = {&f.entity, &f.entity_id, &f.action, &f.actor};
    for (int i = 0; i < 4; i++) {
        const char *v = fg_req_param(r, texts[i]);
        if (!v || !*v)
            continue;
        if (strlen(v) > 100 || fg_utf8_check(v, strlen(v))) {
            return fg_reply_problem(r, 400, texts[i], "query.text_long",
                                    "{field:%s} must be text of at most {max:%d} bytes", texts[i],
                                    100);
        }
        *dst[i] = v;
    }
    json_t *list;
    if (fg_audit_list(r->db, &f, &list, &err))
        return fg_reply_err(r, &err);
    json_t *last = json_array_get(list, json_array_size(list) - 1);
    json_t *next = json_array_size(list) == (size_t)limit ? json_object_get(last, "seq") : NULL;
    return fg_reply_json(r, 200, json_pack("{s:o,s:O?}", "items", list, "next_before", next));
}

/* ?deep=true also checks the data against the log (store/audit_seal.c);
 * ?chain=330000 verifies one province's chain (and the nation's, which
 * records its heads), 000000 the nation's alone. */
static int fg_h_audit_verify(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_AUDIT_VERIFY, -1, NULL))
        return fg_req_refusal(r);
    const char *d = fg_req_param(r, "deep");
    bool deep = d && (strcmp(d, "true") == 0 || strcmp(d, "1") == 0);
    if (d && !deep && strcmp(d, "false") != 0 && strcmp(d, "0") != 0)
        return fg_reply_problem(r, 400, "deep", "query.boolean", "{field:%s} must be true or false",
                                "deep");
    const char *c = fg_req_param(r, "chain");
    int32_t chain = -1;
    if (c && *c) {
        char *end;
        long v = strtol(c, &end, 10);
        if (*end || strlen(c) != 6 || v < 0 || v % 10000)
            return fg_reply_problem(r, 400, "chain", "audit.chain_code",
                                    "{field:%s} must be a province's code (such as 330000) or "
                                    "000000 for the nation's chain",
                                    "chain");
        if (deep)
            return fg_reply_problem(r, 400, "chain", "audit.chain_deep",
                                    "the data are checked against every chain at once: {field:%s} "
                                    "goes without deep",
                                    "chain");
        chain = (int32_t)v;
    }
    fg_err err;
    fg_err_init(&err);
    fg_audit_verdict v;
    fg_audit_deep *dv = deep ? malloc(sizeof(*dv)) : NULL;
    if (deep && !dv) {
        fg_err_set(&err, FG_ENOMEM, "out of memory");
        return fg_reply_err(r, &err);
    }
    int rc = deep ? fg_audit_verify_deep(r->db, NULL, &v, dv, &err)
                  : fg_audit_verify_chain(r->db, chain, NULL, &v, &err);
    if (rc) {
        free(dv);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:b,s:I,s:I}", "ok", v.first_bad == 0 && (!dv || dv->bad_rows == 0),
                            "checked", (json_int_t)v.checked, "chains", (json_int_t)v.chains);
    if (v.first_bad) {
        char code[7];
        snprintf(code, sizeof(code), "%06d", (int)v.chain);
        json_object_set_new(out, "first_bad", json_integer(v.first_bad));
        json_object_set_new(out, "chain", json_string(code));
        json_object_set_new(out, "reason", json_string(v.reason));
        json_object_set_new(out, "code", json_string(v.code ? v.code : ""));
    }
    if (dv) {
        json_t *items = json_array();
        for (size_t i = 0; i < dv->n_findings; i++) {
            const struct fg_audit_finding *f = &dv->findings[i];
            json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s}", "table", f->table, "key",
                                                   f->key, "code", f->code, "what", f->what));
        }
        json_object_set_new(out, "data",
                            json_pack("{s:I,s:I,s:I,s:I,s:o}", "tables", (json_int_t)dv->tables,
                                      "rows_checked", (json_int_t)dv->rows_checked,
                                      "entries_sealing", (json_int_t)dv->entries_sealing,
                                      "bad_rows", (json_int_t)dv->bad_rows, "findings", items));
    }
    free(dv);
    return fg_reply_json(r, 200, out);
}

const fg_api_route fg_api_audit_routes[] = {
    {"GET", "/api/v1/audit", fg_h_audit_list, FG_ACT_AUDIT_READ, 0},
    {"GET", "/api/v1/audit/verify", fg_h_audit_verify, FG_ACT_AUDIT_VERIFY, 0},
};
const size_t fg_api_audit_nroutes = sizeof(fg_api_audit_routes) / sizeof(fg_api_audit_routes[0]);
