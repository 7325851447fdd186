/* Embedded migrations and reference data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sys/embed.h"
#include "internal.h"
#include "store.h"

static const char SQL_HAS_MIGRATIONS[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
static const char SQL_MIGRATION_DONE[] = "SELECT 1 FROM schema_migrations WHERE version = ?";
static const char SQL_MIGRATION_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
static const char SQL_INDUSTRY_UPSERT[] =
    "INSERT INTO industries (code, section, name_zh, name_en) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (code) DO UPDATE SET section = excluded.section, name_zh = excluded.name_zh, "
    "name_en = excluded.name_en";
static const char SQL_INDUSTRY_COUNT[] = "SELECT COUNT(*) FROM industries";
static const char SQL_GUIDANCE_ANY[] = "SELECT COUNT(*) FROM guidance_tables";
static const char SQL_GUIDANCE_INSERT[] = "INSERT INTO guidance_tables (version, rules, note, "
                                          "created_by, created_at) VALUES (?, ?, ?, ?, ?)";

static int migrate_one(fg_db *db, const fg_embedded *m, int version, int64_t now_ms, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, "system", err);
    if (rc)
        return rc;
    /* The schema's history is schema_migrations; the chain records data. */
    fg_tx_log_only(&tx, "schema migration, recorded in schema_migrations");
    fg_stmt *st;
    rc = fg_db_row(db, &st, err, SQL_MIGRATION_DONE, "d", version);
    if (rc == 1) {
        fg_db_done(db, st);
        fg_tx_rollback(&tx);
        return 0; /* another process did it */
    }
    if (rc == 0)
        rc = db->ops->exec(db, (const char *)m->data, err);
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_MIGRATION_RECORD, "dti", version, m->name, now_ms);
    if (rc) {
        fg_tx_rollback(&tx);
        if (!err)
            return rc;
        char prefix[96];
        snprintf(prefix, sizeof(prefix), "migration %s failed: ", m->name);
        return fg_err_wrap(err, "migration", m->name, prefix);
    }
    return fg_tx_end(&tx, 0, err) ? err->code : 1;
}

static int load_industries(fg_db *db, int64_t now_ms, fg_err *err)
{
    const fg_embedded *f = fg_embed_find("data/industries.tsv");
    if (!f)
        return fg_err_set(err, FG_EIO, "industries data missing from the binary");
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_INDUSTRY_COUNT, "");
    if (rc < 0)
        return rc;
    int64_t have = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    char *text = strdup((const char *)f->data);
    if (!text)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int n = 0;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, "system", err)))
        goto out;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *cols[4];
        int k = 0;
        for (char *p = line; k < 4; k++) {
            cols[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (k < 3) {
            rc = fg_err_set(err, FG_EIO, "industries data: bad line '%.40s'", line);
            break;
        }
        if ((rc = fg_db_run(db, err, SQL_INDUSTRY_UPSERT, "tttt", cols[0], cols[1], cols[2],
                            cols[3])))
            break;
        n++;
    }
    if (rc == 0 && have != n) {
        json_t *d = json_pack("{s:i,s:s}", "divisions", n, "standard", "GB/T 4754-2017");
        rc = fg_tx_audit(&tx, "industries.load", "industries", "GB/T 4754-2017", 0, d, err);
        json_decref(d);
        rc = fg_tx_end(&tx, rc, err);
    } else {
        /* Already loaded (or failed): nothing is kept. */
        fg_tx_rollback(&tx);
    }
out:
    free(text);
    return rc;
}

static int load_default_guidance(fg_db *db, int64_t now_ms, fg_err *err)
{
    fg_stmt *st;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, "system", err);
    if (rc)
        return rc;
    rc = fg_db_row(db, &st, err, SQL_GUIDANCE_ANY, "");
    if (rc < 0)
        goto fail;
    int64_t have = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if (have) {
        fg_tx_rollback(&tx);
        return 0;
    }
    const fg_embedded *f = fg_embed_find("data/guidance-default.json");
    fg_guidance_table t;
    if ((rc = fg_guidance_table_load(&t, (const char *)f->data, f->len, 1, err)))
        goto fail;
    fg_guidance_table_release(&t);
    /* What officials read in the list of versions (Chinese, as they write theirs). */
    const char *note = "默认规则表，依据工业和信息化部2022年6月2日政策文件";
    if ((rc = fg_db_run(db, err, SQL_GUIDANCE_INSERT, "dttti", 1, (const char *)f->data, note,
                        "system", now_ms)))
        goto fail;
    json_t *d = json_pack("{s:i,s:s}", "version", 1, "note", note);
    rc = fg_tx_audit(&tx, "guidance_rules.replace", "guidance_table", "1", 0, d, err);
    json_decref(d);
fail:
    return fg_tx_end(&tx, rc, err);
}

static int migrate_locked(fg_db *db, int64_t now_ms, int *out_applied, fg_err *err)
{
    int rc = db->ops->exec(db, SQL_HAS_MIGRATIONS, err);
    if (rc)
        return rc;
    int applied = 0;
    for (const fg_embedded *e = fg_embedded_files; e->name; e++) {
        const char *prefix = "src/store/migrations/";
        if (strncmp(e->name, prefix, strlen(prefix)) != 0)
            continue;
        int version = (int)strtol(e->name + strlen(prefix), NULL, 10);
        rc = migrate_one(db, e, version, now_ms, err);
        if (rc < 0)
            return rc;
        applied += rc;
    }
    /* fg__watch_install: the caches' epochs (issue 17, watch.h) */
    if ((rc = db->ops->serials(db, NULL, 0, err)) || (rc = fg__seal_install(db, now_ms, err)) ||
        (rc = fg__watch_install(db, err)) || (rc = load_industries(db, now_ms, err)) ||
        (rc = load_default_guidance(db, now_ms, err)))
        return rc;
    if (out_applied)
        *out_applied = applied;
    return 0;
}

int fg_store_migrate(fg_db *db, int64_t now_ms, int *out_applied, fg_err *err)
{
    /* Several processes may start at once: one migrates, the others wait for
     * the lock and then find nothing left to do. */
    int rc = db->ops->lock_migrations(db, true, err);
    if (rc)
        return rc;
    rc = migrate_locked(db, now_ms, out_applied, err);
    fg_err ignored;
    db->ops->lock_migrations(db, false, &ignored);
    return rc;
}
