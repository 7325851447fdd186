/* Driver selection and the typed binding helpers shared by every driver. */
#include "db.h"

#include <stdarg.h>
#include <string.h>

int fg_db_open(const char *dsn, fg_db **out, fg_err *err)
{
    if (strncmp(dsn, "postgresql://", 13) == 0 || strncmp(dsn, "postgres://", 11) == 0)
        return fg_db_pg_ops.open(dsn, out, err);
    return fg_db_sqlite_ops.open(dsn, out, err);
}

void fg_db_close(fg_db *db)
{
    if (db)
        db->ops->close(db);
}

static int db_vquery(fg_db *db, fg_stmt **out, fg_err *err, const char *sql, const char *types,
                     va_list ap)
{
    fg_stmt *st;
    int rc = db->ops->prepare(db, sql, &st, err);
    if (rc)
        return rc;
    for (int i = 0; types[i]; i++) {
        switch (types[i]) {
        case 't': rc = db->ops->bind_text(st, i + 1, va_arg(ap, const char *)); break;
        case 'i': rc = db->ops->bind_int(st, i + 1, va_arg(ap, int64_t)); break;
        case 'd': rc = db->ops->bind_int(st, i + 1, (int64_t)va_arg(ap, int)); break;
        case 'b': rc = db->ops->bind_int(st, i + 1, (int64_t)(va_arg(ap, int) != 0)); break;
        case 'n': { /* policies (issue 15): an int64_t that binds NULL when negative */
            int64_t v = va_arg(ap, int64_t);
            rc = v < 0 ? db->ops->bind_text(st, i + 1, NULL) : db->ops->bind_int(st, i + 1, v);
            break;
        }
        case 'r': {
            int v = va_arg(ap, int);
            rc = v < 0 ? db->ops->bind_text(st, i + 1, NULL) : db->ops->bind_int(st, i + 1, v);
            break;
        }
        default: rc = FG_EINVAL;
        }
        if (rc) {
            db->ops->reset(st);
            return fg_err_set(err, FG_EDB, "binding parameter %d failed", i + 1);
        }
    }
    *out = st;
    return 0;
}

int fg_db_query(fg_db *db, fg_stmt **out, fg_err *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = db_vquery(db, out, err, sql, types, ap);
    va_end(ap);
    return rc;
}

int fg_db_run(fg_db *db, fg_err *err, const char *sql, const char *types, ...)
{
    fg_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = db_vquery(db, &st, err, sql, types, ap);
    va_end(ap);
    if (rc)
        return rc;
    while ((rc = db->ops->step(st, err)) == 1)
        ;
    db->ops->reset(st);
    return rc;
}

int fg_db_copy_in(fg_db *db, const char *sql, const char *data, size_t len, fg_err *err)
{
    const struct fg_db_ops *o = db->ops;
    if (!o->copy_begin)
        return fg_err_set(err, FG_EDB, "this engine has no COPY");
    int rc = o->copy_begin(db, sql, err);
    if (rc)
        return rc;
    rc = o->copy_data(db, data, len, err);
    int end = o->copy_end(db, rc ? NULL : err);
    return rc ? rc : end;
}

int fg_db_row(fg_db *db, fg_stmt **out, fg_err *err, const char *sql, const char *types, ...)
{
    fg_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = db_vquery(db, &st, err, sql, types, ap);
    va_end(ap);
    if (rc)
        return rc;
    rc = db->ops->step(st, err);
    if (rc <= 0)
        db->ops->reset(st);
    *out = st;
    return rc;
}

int fg_db_multirow(const char *sql, int rows, char *out, size_t cap)
{
    const char *values = strstr(sql, "VALUES ");
    if (!values || rows < 1)
        return FG_EINVAL;
    values += 7;
    size_t head = (size_t)(values - sql), row = strlen(values);
    if (head + (size_t)rows * (row + 1) >= cap)
        return FG_ETOOBIG;
    memcpy(out, sql, head);
    char *p = out + head;
    for (int i = 0; i < rows; i++) {
        if (i)
            *p++ = ',';
        memcpy(p, values, row);
        p += row;
    }
    *p = '\0';
    return 0;
}
