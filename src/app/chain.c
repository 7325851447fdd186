/* The supply-chain graph's use cases (chain-data): check the figures and who
 * may edit (core), then write with the audit entry (store). */
#include <string.h>

#include "../core/access.h"
#include "../core/supply.h"
#include "app.h"

/* The county of enterprise `uscc` into *out; FG_ENOTFOUND naming `field`. */
static int end_region(fg_db *db, const char *uscc, const char *field, int32_t *out, fg_err *err)
{
    fg_enterprise e;
    int rc = fg_store_enterprise_get(db, uscc, 0, &e, NULL, err);
    if (rc == FG_ENOTFOUND)
        return fg_err_at(err, FG_ENOTFOUND, field, "chain.end_not_found",
                         "no enterprise {uscc:%s} is registered", uscc);
    if (rc == 0)
        *out = e.region;
    return rc;
}

int fg_app_chain_edge_add(fg_app *app, fg_db *db, const fg_who *who, const fg_chain_edge *e,
                          int64_t now, fg_chain_edge *out, fg_err *err)
{
    (void)app;
    int32_t sr, cr;
    int rc = fg_supply_check(e->share, e->stock_days, err);
    if (rc == 0)
        rc = end_region(db, e->supplier, "supplier", &sr, err);
    if (rc == 0)
        rc = end_region(db, e->customer, "customer", &cr, err);
    if (rc == 0)
        rc = fg_access_check_edge(who->principal, FG_ACT_CHAIN_EDIT, e->supplier, sr, e->customer,
                                  cr, err);
    return rc ? rc : fg_store_chain_edge_add(db, e, now, who->username, out, err);
}

/* The edge, if `who` may edit it (else FG_EPERM: edge ids are random, so
 * the refusal tells an outsider nothing). */
static int editable(fg_db *db, const fg_who *who, const char *id, fg_chain_edge *e, fg_err *err)
{
    int rc = fg_store_chain_edge_get(db, id, e, err);
    if (rc)
        return rc;
    return fg_access_check_edge(who->principal, FG_ACT_CHAIN_EDIT, e->supplier, e->supplier_region,
                                e->customer, e->customer_region, err);
}

int fg_app_chain_edge_update(fg_app *app, fg_db *db, const fg_who *who, const char *id, int share,
                             int stock_days, int expect_version, int64_t now, fg_chain_edge *out,
                             fg_err *err)
{
    (void)app;
    fg_chain_edge e;
    int rc = fg_supply_check(share, stock_days, err);
    if (rc == 0)
        rc = editable(db, who, id, &e, err);
    return rc ? rc
              : fg_store_chain_edge_update(db, id, share, stock_days, expect_version, now,
                                           who->username, out, err);
}

int fg_app_chain_edge_delete(fg_app *app, fg_db *db, const fg_who *who, const char *id, int64_t now,
                             fg_err *err)
{
    (void)app;
    fg_chain_edge e;
    int rc = editable(db, who, id, &e, err);
    return rc ? rc : fg_store_chain_edge_delete(db, id, now, who->username, err);
}

typedef struct import_ctx {
    const fg_who *who;
    void (*bad_line)(void *ctx, size_t line, const fg_err *why);
    void *ctx;
} import_ctx;

/* A row must be one `who` may edit. */
static int import_allowed(void *ctx, const fg_chain_edge *e, fg_err *err)
{
    const fg_who *who = ((import_ctx *)ctx)->who;
    if (fg_access_check_edge(who->principal, FG_ACT_CHAIN_EDIT, e->supplier, e->supplier_region,
                             e->customer, e->customer_region, NULL) == 0)
        return 0;
    return fg_err_at(err, FG_EPERM, "customer", "chain.import_outside",
                     "neither {supplier:%s} nor {customer:%s} is yours to edit", e->supplier,
                     e->customer);
}

static void import_bad(void *ctx, size_t line, const fg_err *why)
{
    import_ctx *c = ctx;
    if (c->bad_line)
        c->bad_line(c->ctx, line, why);
}

int fg_app_chain_import(fg_app *app, fg_db *db, const fg_who *who, const char *csv, size_t len,
                        int64_t now, void (*bad_line)(void *ctx, size_t line, const fg_err *why),
                        void *ctx, fg_chain_import_report *out, fg_err *err)
{
    (void)app;
    import_ctx c = {who, bad_line, ctx};
    fg_chain_import opt = {who->username, now, import_allowed, import_bad, &c};
    return fg_store_chain_import_csv(db, csv, len, &opt, out, err);
}

int fg_app_chain_service_check(fg_db *db, const fg_who *who, const char *uscc, fg_err *err)
{
    int32_t region = -1;
    int rc = fg_access_check_role(who->principal, FG_ACT_CHAIN_EDIT, err);
    if (rc == 0 && (rc = end_region(db, uscc, "uscc", &region, err)) == FG_ENOTFOUND)
        rc = fg_enterprise_not_found(err, uscc); /* as for one outside */
    fg_target t = {region, uscc};
    if (rc == 0)
        rc = fg_access_check_enterprise(who->principal, FG_ACT_CHAIN_EDIT, &t, err);
    return rc;
}

int fg_app_chain_service(fg_app *app, fg_db *db, const fg_who *who, const char *uscc,
                         const char *service, bool add, int64_t now, fg_err *err)
{
    (void)app;
    int rc = fg_app_chain_service_check(db, who, uscc, err);
    if (rc)
        return rc;
    return add ? fg_store_chain_service_add(db, uscc, service, now, who->username, err)
               : fg_store_chain_service_delete(db, uscc, service, now, who->username, err);
}
