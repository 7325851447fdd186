/* fugong user add | list | disable | passwd. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "cli.h"

static const char user_usage[] =
    "usage: fugong user add USERNAME --role ROLE (--region CODE | --enterprise USCC...)\n"
    "                       [--name DISPLAY] [--admin] (--password-stdin | --password PW) [--db "
    "PATH]\n"
    "       fugong user list [--db PATH]\n"
    "       fugong user disable USERNAME [--db PATH]\n"
    "       fugong user passwd USERNAME (--password-stdin | --password PW) [--db PATH]\n"
    "\n"
    "Roles: enterprise, industry_authority, joint_mechanism, economic_department,\n"
    "health_authority, national_coordinator, checkpoint_officer, transport_operator,\n"
    "auditor, station_staff. Enterprise and transport_operator accounts name the\n"
    "enterprises they speak for (--enterprise, repeatable); the others have a region\n"
    "(000000 for the whole country). --admin lets a region account manage the accounts inside its\n"
    "jurisdiction (in the web application and the API). Passwords are at least 8\n"
    "characters; prefer --password-stdin.\n";

static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return FG_EIO;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int fg_cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},       {"role", required_argument, 0, 'r'},
        {"region", required_argument, 0, 'g'},   {"enterprise", required_argument, 0, 'e'},
        {"name", required_argument, 0, 'n'},     {"password", required_argument, 0, 'p'},
        {"password-stdin", no_argument, 0, 's'}, {"admin", no_argument, 0, 'a'},
        {"help", no_argument, 0, 'h'},           {0, 0, 0, 0}};
    const char *db_flag = NULL, *role_s = NULL, *region_s = NULL, *name = NULL, *pw = NULL;
    const char *ents[FG_MAX_ACCOUNT_ENTERPRISES];
    size_t n_ents = 0;
    bool pw_stdin = false, admin = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'r': role_s = optarg; break;
        case 'g': region_s = optarg; break;
        case 'e':
            if (n_ents == FG_MAX_ACCOUNT_ENTERPRISES)
                return fg_cli_failf("user", "at most %d --enterprise", FG_MAX_ACCOUNT_ENTERPRISES);
            ents[n_ents++] = optarg;
            break;
        case 'n': name = optarg; break;
        case 'p': pw = optarg; break;
        case 's': pw_stdin = true; break;
        case 'a': admin = true; break;
        case 'h': fputs(user_usage, stdout); return 0;
        default: fputs(user_usage, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(user_usage, stderr);
        return 2;
    }
    const char *verb = argv[optind];
    const char *username = optind + 1 < argc ? argv[optind + 1] : NULL;
    bool needs_user = strcmp(verb, "list") != 0;
    if (needs_user && (!username || optind + 2 != argc))
        return fg_cli_failf("user", "user %s takes one USERNAME", verb);
    if (!needs_user && optind + 1 != argc)
        return fg_cli_failf("user", "user list takes no arguments");
    char pwbuf[300];
    if (pw_stdin) {
        if (read_password(pwbuf, sizeof(pwbuf)))
            return fg_cli_failf("user", "no password on standard input");
        pw = pwbuf;
    }
    fg_err err;
    fg_err_init(&err);
    fg_role role = FG_ROLE_ENTERPRISE;
    int32_t region = -1;
    if (strcmp(verb, "add") == 0) {
        if (!role_s)
            return fg_cli_failf("user", "user add needs --role");
        if (fg_role_parse(role_s, &role, &err))
            return fg_cli_fail("user", &err);
        if (region_s && fg_region_parse(region_s, "--region", &region, &err))
            return fg_cli_fail("user", &err);
        if (!pw)
            return fg_cli_failf("user", "user add needs --password-stdin or --password");
    } else if (strcmp(verb, "passwd") == 0) {
        if (!pw)
            return fg_cli_failf("user", "user passwd needs --password-stdin or --password");
    } else if (strcmp(verb, "disable") != 0 && strcmp(verb, "list") != 0) {
        return fg_cli_failf("user", "unknown action '%s'; use add, list, disable or passwd", verb);
    }
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
        return fg_cli_fail("user", &err);
    int rc = 0;
    int64_t now = fg_clock_now_ms();
    if (strcmp(verb, "add") == 0) {
        fg_account a;
        rc = fg_store_account_add(db, username, name, role, region, ents, n_ents, admin, pw, now,
                                  fg_cli_actor(), &a, &err);
        if (!rc)
            printf("added %s (%s)\n", a.username, fg_role_name(a.role));
    } else if (strcmp(verb, "list") == 0) {
        json_t *list;
        rc = fg_store_account_list(db, &list, &err);
        if (!rc) {
            size_t i;
            json_t *it;
            printf("%-24s %-22s %-8s %s\n", "USERNAME", "ROLE", "REGION", "STATE");
            json_array_foreach(list, i, it) printf(
                "%-24s %-22s %-8s %s%s\n", json_string_value(json_object_get(it, "username")),
                json_string_value(json_object_get(it, "role")),
                json_string_value(json_object_get(it, "region")),
                json_is_true(json_object_get(it, "disabled")) ? "disabled" : "active",
                json_is_true(json_object_get(it, "admin")) ? ", admin" : "");
            json_decref(list);
        }
    } else if (strcmp(verb, "disable") == 0) {
        rc = fg_store_account_disable(db, username, now, fg_cli_actor(), &err);
        if (!rc)
            printf("disabled %s and ended its sessions\n", username);
    } else {
        rc = fg_store_account_passwd(db, username, pw, now, fg_cli_actor(), &err);
        if (!rc)
            printf("password of %s changed; its sessions ended\n", username);
    }
    fg_store_free(store);
    return rc ? fg_cli_fail("user", &err) : 0;
}
