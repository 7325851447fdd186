/* Outgoing HTTP through ulfius's client (see http.h). */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <ulfius.h>

int fg_http_url_check(const char *url, fg_err *err)
{
    const char *host = NULL;
    if (url && strncmp(url, "http://", 7) == 0)
        host = url + 7;
    else if (url && strncmp(url, "https://", 8) == 0)
        host = url + 8;
    if (!host || !*host || *host == '/' || strpbrk(url, " \t\r\n"))
        return fg_err_at(err, FG_EINVAL, NULL, "http.url",
                         "'%s' is not a URL to send to: it must start with http:// or https:// "
                         "and name a host",
                         url ? url : "");
    return 0;
}

int fg_http_post(const char *url, const char *bearer, const char *content_type, const char *body,
                 size_t len, unsigned long timeout_s, long *status, fg_err *err)
{
    int rc = fg_http_url_check(url, err);
    if (rc)
        return rc;
    struct _u_request req;
    struct _u_response resp;
    if (ulfius_init_request(&req) != U_OK)
        return fg_err_set(err, FG_ENOMEM, "cannot make an HTTP request");
    if (ulfius_init_response(&resp) != U_OK) {
        ulfius_clean_request(&req);
        return fg_err_set(err, FG_ENOMEM, "cannot make an HTTP request");
    }
    char auth[512];
    int ok = ulfius_set_request_properties(&req, U_OPT_HTTP_VERB, "POST", U_OPT_HTTP_URL, url,
                                           U_OPT_TIMEOUT, timeout_s, U_OPT_HEADER_PARAMETER,
                                           "Content-Type", content_type, U_OPT_BINARY_BODY, body,
                                           len, U_OPT_NONE) == U_OK;
    if (ok && bearer) {
        int w = snprintf(auth, sizeof(auth), "Bearer %s", bearer);
        ok = w > 0 && (size_t)w < sizeof(auth) &&
             ulfius_set_request_properties(&req, U_OPT_HEADER_PARAMETER, "Authorization", auth,
                                           U_OPT_NONE) == U_OK;
    }
    if (!ok)
        rc = fg_err_set(err, FG_ENOMEM, "cannot make the HTTP request to %s", url);
    else if (ulfius_send_http_request(&req, &resp) != U_OK)
        rc = fg_err_at(err, FG_EUNAVAIL, NULL, "http.unreachable",
                       "%s did not answer (no connection, or no answer within %lu s)", url,
                       timeout_s);
    else {
        if (status)
            *status = resp.status;
        if (resp.status >= 200 && resp.status < 300)
            rc = 0;
        else if (resp.status >= 500 || resp.status == 429)
            rc = fg_err_at(err, FG_EUNAVAIL, NULL, "http.unavailable",
                           "%s answered %ld; it may take it later", url, resp.status);
        else
            rc = fg_err_at(err, FG_EIO, NULL, "http.refused", "%s answered %ld and refused it", url,
                           resp.status);
    }
    ulfius_clean_request(&req);
    ulfius_clean_response(&resp);
    return rc;
}
