/* Accounts, for administrators of a jurisdiction: list, create, disable,
 * reset a password — each only for accounts wholly inside the
 * administrator's own jurisdiction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../core/uscc.h"
#include "internal.h"

static int allow_manage(fg_req *r)
{
    return fg_req_allow(r, FG_ACT_ACCOUNTS_MANAGE, r->account.region, NULL);
}

static int fg_h_accounts_list(fg_req *r)
{
    if (allow_manage(r))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *all;
    if (fg_store_account_list(r->db, &all, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
    {
        fg_account a;
        if (fg_store_account_get(r->db, json_string_value(json_object_get(it, "username")), &a,
                                 &err) ||
            fg_app_account_inside(&r->principal, &a, NULL))
            continue;
        json_t *j = fg_json_account(&a);
        json_object_set_new(j, "disabled", json_boolean(a.disabled));
        /* Separation of duties: an auditor or a health authority of the
         * administrator's own level is listed but managed by others. */
        json_object_set_new(j, "manageable",
                            json_boolean(fg_app_account_manageable(&r->principal, &a, NULL) == 0));
        json_array_append_new(items, j);
    }
    json_decref(all);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_account_create(fg_req *r)
{
    if (allow_manage(r))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *username = fg_json_str(r, body, "username", true, &bad);
    const char *display = bad ? NULL : fg_json_str(r, body, "display_name", false, &bad);
    const char *role_s = bad ? NULL : fg_json_str(r, body, "role", true, &bad);
    const char *region_s = bad ? NULL : fg_json_str(r, body, "region", false, &bad);
    const char *password = bad ? NULL : fg_json_str(r, body, "password", true, &bad);
    if (bad)
        return fg_req_refusal(r);
    json_t *admin_v = json_object_get(body, "admin");
    if (admin_v && !json_is_boolean(admin_v))
        return fg_reply_problem(r, 422, "admin", "field.boolean",
                                "{field:%s} must be true or false", "admin");
    json_t *ents_v = json_object_get(body, "enterprises");
    if (ents_v && !json_is_array(ents_v))
        return fg_reply_problem(r, 422, "enterprises", "account.enterprises_list",
                                "enterprises must be a list of USCCs");
    fg_err err;
    fg_err_init(&err);
    fg_account want;
    memset(&want, 0, sizeof(want));
    if (fg_role_parse(role_s, &want.role, &err))
        return fg_reply_err(r, &err);
    want.region = -1;
    if (region_s && fg_region_parse(region_s, "region", &want.region, &err))
        return fg_reply_err(r, &err);
    const char *ents[FG_MAX_ACCOUNT_ENTERPRISES];
    size_t n = json_array_size(ents_v);
    if (n > FG_MAX_ACCOUNT_ENTERPRISES)
        return fg_reply_problem(r, 422, "enterprises", "account.enterprises_max",
                                "an account speaks for at most 32 "
                                "enterprises");
    for (size_t i = 0; i < n; i++) {
        const char *u = json_string_value(json_array_get(ents_v, i));
        fg_enterprise e;
        if (!u)
            return fg_reply_problem(r, 422, "enterprises", "account.enterprises_list",
                                    "enterprises must be a list of USCCs");
        if (fg_uscc_validate(u, &err)) {
            snprintf(err.field, sizeof(err.field), "enterprises");
            return fg_reply_err(r, &err);
        }
        if (fg_store_enterprise_get(r->db, u, r->now_ms, &e, NULL, &err)) {
            snprintf(err.field, sizeof(err.field), "enterprises");
            err.code = FG_EINVAL;
            return fg_reply_err(r, &err);
        }
        ents[i] = u;
        snprintf(want.enterprises[i], sizeof(want.enterprises[i]), "%s", u);
        want.enterprise_regions[i] = e.region;
    }
    want.n_enterprises = n;
    /* The new account must lie wholly inside the administrator's jurisdiction. */
    if (fg_role_has_region(want.role) ? want.region >= 0 : n > 0) {
        if (fg_app_account_manageable(&r->principal, &want, &err))
            return fg_reply_err(r, &err);
    }
    fg_account made;
    if (fg_store_account_add(r->db, username, display, want.role, want.region, ents, n,
                             json_is_true(admin_v), password, r->now_ms, r->account.username, &made,
                             &err))
        return fg_reply_err(r, &err);
    json_t *out = fg_json_account(&made);
    json_object_set_new(out, "disabled", json_false());
    return fg_reply_json(r, 201, out);
}

/* Loads the account named in the path and checks the caller may manage it. */
static int load_managed(fg_req *r, fg_account *a)
{
    fg_err err;
    fg_err_init(&err);
    const char *username = fg_req_param(r, "username");
    int rc = fg_store_account_get(r->db, username ? username : "", a, &err);
    if (rc == 0)
        rc = fg_app_account_manageable(&r->principal, a, &err);
    if (rc)
        fg_reply_err(r, &err);
    return rc;
}

static int fg_h_account_disable(fg_req *r)
{
    fg_account a;
    if (allow_manage(r) || load_managed(r, &a))
        return fg_req_refusal(r);
    if (strcmp(a.username, r->account.username) == 0)
        return fg_reply_problem(r, 422, "username", "account.disable_self",
                                "you cannot disable your own account; ask another administrator");
    fg_err err;
    fg_err_init(&err);
    if (fg_store_account_disable(r->db, a.username, r->now_ms, r->account.username, &err))
        return fg_reply_err(r, &err);
    fg__api_forget_sessions();
    return fg_reply_empty(r, 204);
}

static int fg_h_account_password(fg_req *r)
{
    fg_account a;
    if (allow_manage(r) || load_managed(r, &a))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *password = fg_json_str(r, body, "password", true, &bad);
    if (bad)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_store_account_passwd(r->db, a.username, password, r->now_ms, r->account.username, &err))
        return fg_reply_err(r, &err);
    fg__api_forget_sessions();
    return fg_reply_empty(r, 204);
}

/* Who a username on a record is, for anyone signed in: the name and role an
 * official acts under are part of the record they sign (an order's steps, a
 * pass's decision), never the account's enterprises, state or rights. */
static int fg_h_person(fg_req *r)
{
    const char *username = fg_req_param(r, "username");
    fg_err err;
    fg_err_init(&err);
    fg_account a;
    int rc = username ? fg_store_account_get(r->db, username, &a, &err) : FG_ENOTFOUND;
    if (rc && rc != FG_ENOTFOUND)
        return fg_reply_err(r, &err);
    if (rc)
        return fg_reply_problem(r, 404, "username", "person.unknown", "no account '{name:%.64s}'",
                                username ? username : "");
    json_t *j = json_pack("{s:s,s:s,s:s}", "username", a.username, "display_name", a.display_name,
                          "role", fg_role_name(a.role));
    if (a.region >= 0) {
        char code[7];
        fg_region_format(a.region, code);
        json_object_set_new(j, "region", json_string(code));
    }
    return fg_reply_json(r, 200, j);
}

const fg_api_route fg_api_accounts_routes[] = {
    {"GET", "/api/v1/people/:username", fg_h_person, FG_ROUTE_ANY_ROLE, 0},
    {"GET", "/api/v1/accounts", fg_h_accounts_list, FG_ACT_ACCOUNTS_MANAGE, 0},
    {"POST", "/api/v1/accounts", fg_h_account_create, FG_ACT_ACCOUNTS_MANAGE, FG_API_MAX_BODY},
    {"POST", "/api/v1/accounts/:username/disable", fg_h_account_disable, FG_ACT_ACCOUNTS_MANAGE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/accounts/:username/password", fg_h_account_password, FG_ACT_ACCOUNTS_MANAGE,
     FG_API_MAX_BODY},
};
const size_t fg_api_accounts_nroutes =
    sizeof(fg_api_accounts_routes) / sizeof(fg_api_accounts_routes[0]);
