/* Baseline for the CSV import benchmark: the least a program can do to get the
 * same rows into the same SQLite table — read the file, split on commas,
 * insert with one prepared statement in batched transactions (10,000 rows
 * each). No validation, no reference checks, no audit entries.
 * Usage: sqlite_baseline FILE.csv DB */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: sqlite_baseline FILE.csv DB\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    sqlite3 *db;
    if (!f || sqlite3_open(argv[2], &db) != SQLITE_OK) {
        fprintf(stderr, "sqlite_baseline: cannot open input or database\n");
        return 1;
    }
    double t0 = now();
    /* The same table, columns and indexes as Fugong's enterprises table. */
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                 "CREATE TABLE enterprises (uscc TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
                 "name TEXT NOT NULL, region INTEGER NOT NULL, industry TEXT NOT NULL, "
                 "headcount BIGINT NOT NULL, capacity BIGINT NOT NULL, categories INTEGER NOT NULL, "
                 "service_kind TEXT NOT NULL, critical SMALLINT NOT NULL, plan_levels INTEGER NOT "
                 "NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT "
                 "NULL);"
                 "CREATE INDEX enterprises_region ON enterprises (region);"
                 "CREATE INDEX enterprises_industry ON enterprises (industry);",
                 NULL, NULL, NULL);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "INSERT INTO enterprises VALUES (?, ?, ?, ?, ?, ?, 0, ?, '', 0, 0, 1, ?, ?)",
                       -1, &st, NULL);
    char line[4096];
    long rows = 0;
    int header = 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while (fgets(line, sizeof(line), f)) {
        if (header) {
            header = 0;
            continue;
        }
        char *fields[8] = {0};
        int n = 0;
        for (char *p = line; n < 8 && p; n++) {
            fields[n] = p;
            p = strchr(p, ',');
            if (p)
                *p++ = '\0';
        }
        if (n < 5)
            continue;
        fields[n - 1][strcspn(fields[n - 1], "\r\n")] = '\0';
        /* A time-ordered id like the application's UUIDv7 (not random). */
        char id[48];
        snprintf(id, sizeof(id), "01a219e1-0000-7000-8000-%012ld", rows % 1000000000000L);
        sqlite3_bind_text(st, 1, fields[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, fields[1], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, (int)strtol(fields[2], NULL, 10));
        sqlite3_bind_text(st, 5, fields[3], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, strtoll(fields[4], NULL, 10));
        sqlite3_bind_int(st, 7, n > 5 && fields[5][0] ? 1 : 0);
        sqlite3_bind_int64(st, 8, 1795730548316LL);
        sqlite3_bind_int64(st, 9, 1795730548316LL);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "sqlite_baseline: %s\n", sqlite3_errmsg(db));
            return 1;
        }
        sqlite3_reset(st);
        if (++rows % 10000 == 0) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(st);
    sqlite3_close(db);
    fclose(f);
    printf("%ld %.6f\n", rows, now() - t0);
    return 0;
}
