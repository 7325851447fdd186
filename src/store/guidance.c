/* Versioned guidance rule tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static const char SQL_GT_CURRENT[] =
    "SELECT version, rules FROM guidance_tables ORDER BY version DESC LIMIT 1";
static const char SQL_GT_VERSIONS[] =
    "SELECT version, note, created_by, created_at FROM guidance_tables ORDER BY version DESC";
static const char SQL_GT_GET[] = "SELECT rules FROM guidance_tables WHERE version = ?";
static const char SQL_GT_INSERT[] =
    "INSERT INTO guidance_tables (version, rules, note, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?)";

static const char SQL_GT_VERSION[] = "SELECT MAX(version) FROM guidance_tables";

int fg_store_guidance_version(fg_db *db, int *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_GT_VERSION, "");
    if (rc < 0)
        return rc;
    *out = rc ? (int)fg_db_int(db, st, 0) : 0;
    if (rc)
        fg_db_done(db, st);
    return *out ? 0
                : fg_err_at(err, FG_ENOTFOUND, NULL, "guidance.missing",
                            "no guidance table; run fugong migrate");
}

int fg_store_guidance_current(fg_db *db, fg_guidance_table *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_GT_CURRENT, "");
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, NULL, "guidance.missing",
                         "no guidance table; run fugong migrate");
    int version = (int)fg_db_int(db, st, 0);
    const char *text = fg_db_text(db, st, 1);
    rc = fg_guidance_table_load(out, text, strlen(text), version, err);
    fg_db_done(db, st);
    return rc;
}

int fg_store_guidance_versions(fg_db *db, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_GT_VERSIONS, "");
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:s,s:I}", "version", (json_int_t)fg_db_int(db, st, 0), "note",
                           fg_db_text(db, st, 1), "created_by", fg_db_text(db, st, 2),
                           "created_at_ms", (json_int_t)fg_db_int(db, st, 3)));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_guidance_get(fg_db *db, int version, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_GT_GET, "d", version);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, NULL, "guidance.version_not_found",
                         "no guidance table version {version:%d}", version);
    *out = json_loads(fg_db_text(db, st, 0), 0, NULL);
    fg_db_done(db, st);
    return *out ? 0 : fg_err_set(err, FG_EDB, "stored guidance table %d is not JSON", version);
}

int fg_store_guidance_replace(fg_db *db, const char *text, size_t len, const char *note,
                              int64_t now_ms, const char *actor, int *out_version, fg_err *err)
{
    fg_guidance_table t;
    int rc = fg_guidance_table_load(&t, text, len, 0, err);
    if (rc)
        return rc;
    char *canon = json_dumps(t.json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    int n_rules = (int)t.n;
    fg_guidance_table_release(&t);
    if (!canon)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, actor, err))) {
        free(canon);
        return rc;
    }
    /* Taking the nation's chain first serialises replacements on every
     * engine, so two at once cannot both claim the next version. */
    int version = 1;
    if ((rc = fg_tx_lock(&tx, 0, err)))
        goto fail;
    fg_stmt *st;
    if ((rc = fg_db_row(db, &st, err, SQL_GT_CURRENT, "")) < 0)
        goto fail;
    if (rc == 1) {
        version = (int)fg_db_int(db, st, 0) + 1;
        fg_db_done(db, st);
    }
    char vs[16];
    snprintf(vs, sizeof(vs), "%d", version);
    if ((rc = fg_db_run(db, err, SQL_GT_INSERT, "dttti", version, canon, note, actor, now_ms)))
        goto fail;
    json_t *d = json_pack("{s:i,s:s,s:i}", "version", version, "note", note, "rules", n_rules);
    rc = fg_tx_audit(&tx, "guidance_rules.replace", "guidance_table", vs, 0, d, err);
    json_decref(d);
fail:
    free(canon);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    fg_store_watch_bump(FG_WATCH_GUIDANCE);
    *out_version = version;
    return 0;
}
