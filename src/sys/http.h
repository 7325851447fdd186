/* Outgoing HTTP (ulfius's client, over libcurl): what the server sends to
 * other systems, such as the audit chain's anchors to a notary (issue 16). */
#ifndef FG_SYS_HTTP_H
#define FG_SYS_HTTP_H

#include <stddef.h>

#include "../util/err.h"

/* Whether `url` is one this client sends to: http:// or https:// and a
 * host. */
int fg_http_url_check(const char *url, fg_err *err);

/* POSTs body[0..len) as `content_type` to `url`, with "Authorization:
 * Bearer <bearer>" when bearer is not NULL, waiting up to timeout_s seconds;
 * https checks the server's certificate and name. 0 when the answer is 2xx
 * (*status is set whenever an answer came); FG_EUNAVAIL when no answer came
 * (no connection, a timeout) or the answer was 5xx or 429 (try again later);
 * FG_EIO for any other answer (the receiver refused: it will again). The
 * message names the URL and what happened. */
int fg_http_post(const char *url, const char *bearer, const char *content_type, const char *body,
                 size_t len, unsigned long timeout_s, long *status, fg_err *err);

#endif
