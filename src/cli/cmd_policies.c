/* fugong policies import | match: the operator's hands on the catalogue of
 * policies that benefit enterprises (issue 15) — a catalogue file loaded as
 * new policies (published at once with --publish), and the matching of every
 * enterprise against every published policy run now rather than by the
 * sweep. The issuing departments keep their policies through the API and its
 * pages; this is for a deployment's first load and for tests. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sys/clock.h"
#include "cli.h"

static const char usage[] =
    "usage: fugong policies import FILE.json [--publish] [--db PATH]\n"
    "       fugong policies match [--db PATH]\n"
    "\n"
    "import loads {\"policies\": [{region, department, title, doc_number, doc_date,\n"
    "valid_from, valid_to, budget_yuan, automatic, rule}]} (data/policies-2022.json\n"
    "is one) as new draft policies, or published ones with --publish: all of them\n"
    "or none, each audited. match re-matches every enterprise against every\n"
    "published policy and writes the entitlements that changed, audited.\n";

int fg_cmd_policies(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"publish", no_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL;
    bool publish = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'p': publish = true; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *verb = argv[optind];
    bool import = strcmp(verb, "import") == 0;
    if (!import && strcmp(verb, "match") != 0)
        return fg_cli_failf("policies", "unknown action '%s'; use import or match", verb);
    if (argc - optind != (import ? 2 : 1)) {
        fputs(usage, stderr);
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    char *text = NULL;
    size_t len = 0;
    int rc = import ? fg_cli_read_file(argv[optind + 1], 4 << 20, &text, &len, &err) : 0;
    fg_store *store = NULL;
    fg_db *db = NULL;
    if (rc == 0)
        rc = fg_cli_open(fg_cli_db(db_flag), &store, &db, &err);
    int64_t now = fg_clock_now_ms();
    if (rc == 0 && import) {
        size_t n = 0;
        if ((rc = fg_app_policy_catalogue_import(db, text, len, publish, now, fg_cli_actor(), &n,
                                                 &err)) == 0)
            printf("%zu policies imported%s\n", n, publish ? " and published" : " as drafts");
    } else if (rc == 0) {
        fg_app_match_stats st;
        if ((rc = fg_app_policy_match_all(NULL, db, now, 0, &st, &err)) == 0)
            printf("%lld enterprises matched, %lld evaluations, %lld eligible; %lld new, "
                   "%lld changed, %lld lapsed\n",
                   (long long)st.enterprises, (long long)st.evaluations, (long long)st.eligible,
                   (long long)st.created, (long long)st.changed, (long long)st.lapsed);
    }
    free(text);
    if (store)
        fg_store_free(store);
    return rc ? fg_cli_fail("policies", &err) : 0;
}
