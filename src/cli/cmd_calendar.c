/* fugong calendar list | set | unset | import: the working-day calendar that
 * problem clocks counted in working days read (holidays, and weekend days
 * worked in exchange, 调休), kept by the operator as the State Council
 * announces each year's holidays. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/date.h"
#include "../sys/clock.h"
#include "cli.h"

#define MAX_IMPORT 400

static const char usage[] =
    "usage: fugong calendar list [--year YYYY] [--db PATH]\n"
    "       fugong calendar set DAY holiday|workday NAME [--db PATH]\n"
    "       fugong calendar unset DAY [--db PATH]\n"
    "       fugong calendar import FILE.csv [--db PATH]\n"
    "\n"
    "Working-day clocks (a local rule's 3 working days) skip weekends and the\n"
    "holidays listed here, and count the weekend days listed as workdays (调休).\n"
    "DAY is YYYY-MM-DD. import reads lines day,holiday|workday,name (a header\n"
    "line day,kind,name may come first) and applies all of them or none.\n"
    "Every change is audited (calendar.set, calendar.unset).\n";

static int print_day(int32_t day, bool working, const char *name, void *ctx)
{
    int *n = ctx;
    char d[11];
    fg_date_format(day, d);
    printf("%s\t%s\t%s\n", d, working ? "workday" : "holiday", name);
    (*n)++;
    return 0;
}

static int parse_change(const char *day, const char *kind, const char *name, bool unset,
                        fg_calendar_change *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = fg_date_parse(day, &out->day, err);
    if (rc)
        return rc;
    out->unset = unset;
    if (unset)
        return 0;
    if (strcmp(kind, "holiday") == 0)
        out->working = false;
    else if (strcmp(kind, "workday") == 0)
        out->working = true;
    else
        return fg_err_at(err, FG_EINVAL, "kind", "calendar.kind",
                         "'{value:%.20s}' is neither holiday nor workday", kind);
    fg_strlcpy(out->name, name, sizeof(out->name));
    return 0;
}

/* Reads FILE into changes; names the line of the first bad one. */
static int read_import(const char *path, fg_calendar_change *out, size_t *out_n, fg_err *err)
{
    char *data;
    size_t len;
    int rc = fg_cli_read_file(path, 1 << 20, &data, &len, err);
    if (rc)
        return rc;
    fg_csv csv;
    fg_csv_init(&csv, data, len);
    size_t line, n = 0;
    while ((rc = fg_csv_next(&csv, &line, err)) == 1) {
        if (line == 1 && csv.n_fields == 3 && strcmp(csv.fields[0], "day") == 0)
            continue;
        if (csv.n_fields != 3) {
            rc = fg_err_set(err, FG_EINVAL, "line %zu: %zu fields; a line is day,kind,name", line,
                            csv.n_fields);
            break;
        }
        if (n == MAX_IMPORT) {
            rc = fg_err_set(err, FG_ETOOBIG, "more than %d days in one file", MAX_IMPORT);
            break;
        }
        if ((rc = parse_change(csv.fields[0], csv.fields[1], csv.fields[2], false, &out[n], err))) {
            fg_err e2;
            fg_err_init(&e2);
            rc = fg_err_set(&e2, rc, "line %zu: %s", line, err->msg);
            *err = e2;
            break;
        }
        n++;
    }
    fg_csv_release(&csv);
    free(data);
    *out_n = n;
    if (rc == 0 && n == 0)
        rc = fg_err_set(err, FG_EINVAL, "%s holds no days", path);
    return rc < 0 ? rc : 0;
}

int fg_cmd_calendar(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"year", required_argument, 0, 'y'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db_flag = NULL;
    long year = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'y': {
            char *end;
            year = strtol(optarg, &end, 10);
            if (*end || year < 2000 || year > 2100)
                return fg_cli_failf("calendar", "--year must be a year from 2000 to 2100");
            break;
        }
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(usage, stderr);
        return 2;
    }
    const char *verb = argv[optind];
    int want = strcmp(verb, "list") == 0     ? 1
               : strcmp(verb, "set") == 0    ? 4
               : strcmp(verb, "unset") == 0  ? 2
               : strcmp(verb, "import") == 0 ? 2
                                             : 0;
    if (!want)
        return fg_cli_failf("calendar", "unknown action '%s'; use list, set, unset or import",
                            verb);
    if (argc - optind != want) {
        fputs(usage, stderr);
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    fg_calendar_change *changes = calloc(MAX_IMPORT, sizeof(*changes));
    if (!changes)
        return fg_cli_failf("calendar", "out of memory");
    size_t n = 0;
    int rc = 0;
    if (strcmp(verb, "set") == 0 || strcmp(verb, "unset") == 0) {
        bool unset = verb[0] == 'u';
        rc = parse_change(argv[optind + 1], unset ? "" : argv[optind + 2],
                          unset ? "" : argv[optind + 3], unset, &changes[0], &err);
        n = 1;
    } else if (strcmp(verb, "import") == 0) {
        rc = read_import(argv[optind + 1], changes, &n, &err);
    }
    fg_store *store = NULL;
    fg_db *db = NULL;
    if (rc == 0)
        rc = fg_cli_open(fg_cli_db(db_flag), &store, &db, &err);
    int shown = 0;
    if (rc == 0 && strcmp(verb, "list") == 0) {
        int32_t from = year ? (int32_t)year * 10000 + 101 : 0;
        int32_t to = year ? (int32_t)year * 10000 + 1231 : 99991231;
        rc = fg_store_calendar_list(db, from, to, print_day, &shown, &err);
        if (rc == 0 && shown == 0)
            fprintf(stderr, "fugong calendar: no days%s; working-day clocks count weekends only\n",
                    year ? " that year" : "");
    } else if (rc == 0) {
        rc = fg_app_calendar_apply(db, changes, n, fg_clock_now_ms(), fg_cli_actor(), &err);
        if (rc == 0)
            printf("calendar: %zu day%s changed\n", n, n == 1 ? "" : "s");
    }
    if (store)
        fg_store_free(store);
    free(changes);
    return rc ? fg_cli_fail("calendar", &err) : 0;
}
