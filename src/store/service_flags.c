/* Related services flagged to their region (migration 012): reads and writes. */
#include "service_flags.h"

#include <string.h>

#include "../sys/clock.h"
#include "store.h"

static const char SQL_FLAG_FIND[] =
    "SELECT id FROM service_flags WHERE service = ? AND enterprise = ? AND acked_at = 0";
static const char SQL_FLAG_INSERT[] =
    "INSERT INTO service_flags (id, service, region, enterprise, order_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_FLAGS_OPEN[] =
    "SELECT id, service, region, enterprise, order_id, created_at FROM service_flags "
    "WHERE acked_at = 0 AND region BETWEEN ? AND ? ORDER BY created_at DESC, id";
static const char SQL_FLAG_GET[] =
    "SELECT id, service, region, enterprise, order_id, created_at, acked_at FROM service_flags "
    "WHERE id = ?";
static const char SQL_FLAG_ACK[] =
    "UPDATE service_flags SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_at = 0";

static void read_flag(fg_db *db, fg_stmt *st, fg_service_flag *f)
{
    fg_strlcpy(f->id, fg_db_text(db, st, 0), sizeof(f->id));
    fg_strlcpy(f->service, fg_db_text(db, st, 1), sizeof(f->service));
    f->region = (int32_t)fg_db_int(db, st, 2);
    fg_strlcpy(f->enterprise, fg_db_text(db, st, 3), sizeof(f->enterprise));
    fg_strlcpy(f->order_id, fg_db_text(db, st, 4), sizeof(f->order_id));
    f->created_at = fg_db_int(db, st, 5);
}

int fg_store_service_flag_add(fg_tx *tx, const char *service, int32_t region,
                              const char *enterprise, const char *order_id, int *out_new,
                              fg_err *err)
{
    *out_new = 0;
    fg_stmt *st;
    int rc = fg_db_query(tx->db, &st, err, SQL_FLAG_FIND, "tt", service, enterprise);
    if (rc)
        return rc;
    rc = fg_db_step(tx->db, st, err);
    fg_db_done(tx->db, st);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return 0; /* open already */
    char id[37];
    fg_clock_uuid(id);
    if ((rc = fg_db_run(tx->db, err, SQL_FLAG_INSERT, "ttdtti", id, service, (int)region,
                        enterprise, order_id, tx->now_ms)))
        return rc;
    json_t *d = json_pack("{s:s,s:s}", "enterprise", enterprise, "order", order_id);
    rc = fg_tx_audit(tx, "chain.service_flag", "enterprise", service, region, d, err);
    json_decref(d);
    if (rc == 0)
        *out_new = 1;
    return rc;
}

int fg_store_service_flags_open(fg_db *db, int32_t lo, int32_t hi, fg_service_flag *out, size_t cap,
                                size_t *out_n, fg_err *err)
{
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_FLAGS_OPEN, "ii", (int64_t)lo, (int64_t)hi);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        if (*out_n < cap)
            read_flag(db, st, &out[(*out_n)++]);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_service_flag_get(fg_db *db, const char *id, fg_service_flag *out, int64_t *out_acked,
                              fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_FLAG_GET, "t", id);
    if (rc)
        return rc;
    rc = fg_db_step(db, st, err);
    if (rc == 1) {
        read_flag(db, st, out);
        *out_acked = fg_db_int(db, st, 6);
    }
    fg_db_done(db, st);
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "service_flag.not_found",
                         "no service flag with that id");
    return rc < 0 ? rc : 0;
}

int fg_store_service_flag_ack(fg_db *db, const char *id, int64_t now_ms, const char *actor,
                              fg_err *err)
{
    fg_service_flag f;
    int64_t acked;
    int rc = fg_store_service_flag_get(db, id, &f, &acked, err);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, actor, err)))
        return rc;
    if ((rc = fg_db_run(db, err, SQL_FLAG_ACK, "tit", actor, now_ms, id)) == 0 &&
        db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "service_flag.acked",
                       "the flag was acknowledged already");
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s}", "flag", id, "enterprise", f.enterprise);
        rc = fg_tx_audit(&tx, "chain.service_flag_ack", "enterprise", f.service, f.region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}
