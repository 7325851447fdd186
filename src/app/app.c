/* The process's use-case context: configuration and shared caches. */
#include <string.h>

#include "internal.h"

int fg_app_init(fg_app *app, const fg_order_limits *limits, fg_err *err)
{
    memset(app, 0, sizeof(*app));
    if (limits)
        app->limits = *limits;
    else
        fg_order_limits_default(&app->limits);
    fg_report_limits_default(&app->reports);
    app->plan_review_ms = FG_PLAN_REVIEW_MS; /* plans (issue 14) */
    for (int i = 0; i < FG_APP_MAX_GOODS; i++)
        app->pass_deciders[i] = FG_ROLE_JOINT_MECHANISM;
    return fg__app_guidance_cache_new(&app->guidance, err);
}

void fg_app_release(fg_app *app)
{
    fg__app_guidance_cache_free(app->guidance);
    app->guidance = NULL;
}
