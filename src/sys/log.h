/* Structured logging: one line per event to stderr, `key=value` pairs after a
 * timestamp and level. Thread-safe (one write(2) per line). */
#ifndef FG_UTIL_LOG_H
#define FG_UTIL_LOG_H

enum { FG_LOG_DEBUG, FG_LOG_INFO, FG_LOG_WARN, FG_LOG_ERROR };

/* Lines below `level` are dropped. Set once at start-up. */
void fg_log_set_level(int level);
void fg_log(int level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define fg_info(ev, ...) fg_log(FG_LOG_INFO, ev, __VA_ARGS__)
#define fg_warn(ev, ...) fg_log(FG_LOG_WARN, ev, __VA_ARGS__)
#define fg_error(ev, ...) fg_log(FG_LOG_ERROR, ev, __VA_ARGS__)

#endif
