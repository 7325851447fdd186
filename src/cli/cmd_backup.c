/* fugong backup: a consistent copy of the database while the server runs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char backup_usage[] =
    "usage: fugong backup OUT [--db PATH|URL]\n"
    "\n"
    "Writes a consistent copy of the database to OUT while it is in use:\n"
    "  SQLite:     OUT is a database file (SQLite's online backup); restore by\n"
    "              stopping the server and putting OUT in place of the database.\n"
    "  PostgreSQL: OUT is a pg_dump custom-format archive; restore with\n"
    "              pg_restore --dbname URL OUT into an empty database.\n"
    "OUT must not exist yet. Run `fugong audit verify --db OUT` on a SQLite copy.\n";

int fg_cmd_backup(int argc, char **argv)
{
    const char *db_flag;
    int status = fg_cli_db_options(argc, argv, "backup", backup_usage, 1, &db_flag);
    if (status >= 0)
        return status;
    const char *out = argv[optind];
    struct stat st;
    if (stat(out, &st) == 0)
        return fg_cli_failf("backup", "%s exists already; choose a new file", out);
    const char *dsn = fg_cli_db(db_flag);
    fg_err err;
    fg_err_init(&err);
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(dsn, &store, &db, &err))
        return fg_cli_fail("backup", &err);
    const char *engine = db->ops->name; /* static: outlives the connection */
    int rc = db->ops->backup(db, dsn, out, &err);
    fg_store_free(store);
    if (rc)
        return fg_cli_fail("backup", &err);
    printf("backed up %s to %s\n", engine, out);
    return 0;
}
