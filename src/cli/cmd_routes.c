/* fugong routes: the server's own route table (method, path, access action,
 * body limit), as text or JSON. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api/api.h"
#include "cli.h"

static const char routes_usage[] =
    "usage: fugong routes [--json]\n"
    "\n"
    "Prints every route `fugong serve` answers, one a line: method, path (ulfius\n"
    "format, :name for a parameter), the access action it needs (public: no session;\n"
    "signed-in: any account, the handler decides) and the bytes its body may have.\n"
    "--json prints an array of {method, path, action, max_body} instead.\n";

int fg_cmd_routes(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(routes_usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--json") != 0) {
            fputs(routes_usage, stderr);
            return 2;
        }
        json = true;
    }
    const fg_api_route *rows[FG_API_MAX_ROUTES];
    size_t n = fg_api_routes(rows, FG_API_MAX_ROUTES);
    if (n > FG_API_MAX_ROUTES)
        return fg_cli_failf("routes", "%zu routes, more than FG_API_MAX_ROUTES", n);
    if (!json) {
        for (size_t i = 0; i < n; i++)
            printf("%-6s %-44s %-22s %zu\n", rows[i]->method, rows[i]->path,
                   fg_route_action_name(rows[i]->action), rows[i]->max_body);
        return 0;
    }
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I}", "method", rows[i]->method, "path",
                                             rows[i]->path, "action",
                                             fg_route_action_name(rows[i]->action), "max_body",
                                             (json_int_t)rows[i]->max_body));
    char *text = json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(out);
    if (!text)
        return fg_cli_failf("routes", "out of memory");
    puts(text);
    free(text);
    return 0;
}
