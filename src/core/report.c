/* The daily report: validation, due time, lateness, contribution. */
#include "report.h"

#include <string.h>

#include "../util/assert.h"
#include "date.h"

#define DAY_MS (24LL * 3600 * 1000)

static const char *source_names[] = {"form", "batch", "upload"};

/* The words: the same as the browser's (web/src/i18n.js report.problem). */
static const fg_word problem_words[FG_PROBLEM_KINDS] = {
    {"parts", "零部件供应", "Parts supply"}, {"logistics", "物流运输", "Logistics"},
    {"staff", "用工短缺", "Staff shortage"}, {"cash", "资金周转", "Cash flow"},
    {"energy", "能源供应", "Energy supply"}, {"local_rules", "地方管控措施", "Local rules"},
};

void fg_report_limits_default(fg_report_limits *out)
{
    out->due_hour = FG_REPORT_DUE_HOUR;
    out->back_days = FG_REPORT_BACK_DAYS;
}

int fg_report_limits_check(const fg_report_limits *l, fg_err *err)
{
    if (l->due_hour < 0 || l->due_hour > 23)
        return fg_err_at(err, FG_EINVAL, "report_due_hour", "report.due_hour",
                         "the report due hour must be 0 to 23, not {value:%d}", l->due_hour);
    if (l->back_days < 1 || l->back_days > 366)
        return fg_err_at(err, FG_EINVAL, "report_back_days", "report.back_days",
                         "reports may go back 1 to 366 days, not {value:%d}", l->back_days);
    return 0;
}

const char *fg_report_source_name(fg_report_source s)
{
    return (unsigned)s < FG_COUNTOF(source_names) ? source_names[s] : "form";
}

int fg_report_source_parse(const char *s, fg_report_source *out, fg_err *err)
{
    for (size_t i = 0; i < FG_COUNTOF(source_names); i++) {
        if (strcmp(s, source_names[i]) == 0) {
            *out = (fg_report_source)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "source", "report.source",
                     "the source must be form, batch or upload, not '{value:%.20s}'", s);
}

const char *fg_problem_name(unsigned bit)
{
    return bit < FG_PROBLEM_KINDS ? problem_words[bit].name : NULL;
}

const fg_word *fg_problem_word(unsigned bit)
{
    return bit < FG_PROBLEM_KINDS ? &problem_words[bit] : NULL;
}

int fg_problem_parse_one(const char *s, unsigned *out_flag, fg_err *err)
{
    int i = fg_word_find(problem_words, FG_PROBLEM_KINDS, s, strlen(s));
    if (i < 0)
        return fg_err_at(err, FG_EINVAL, "problems", "report.problem_unknown",
                         "unknown problem kind '{value:%.40s}' (parts, logistics, staff, cash, "
                         "energy, local_rules)",
                         s);
    *out_flag = 1u << i;
    return 0;
}

int fg_problem_parse(const char *s, unsigned *out, fg_err *err)
{
    const char *bad = NULL;
    size_t bad_len = 0;
    if (fg_word_list(problem_words, FG_PROBLEM_KINDS, s, out, &bad, &bad_len) == 0)
        return 0;
    return fg_err_at(err, FG_EINVAL, "problems", "report.problem_unknown",
                     "unknown problem kind '{value:%.*s}' (parts, logistics, staff, cash, "
                     "energy, local_rules)",
                     (int)(bad_len > 40 ? 40 : bad_len), bad ? bad : "");
}

int fg_report_validate(const fg_report *r, int32_t today, const fg_report_limits *l, fg_err *err)
{
    int rc = fg_uscc_validate(r->enterprise, err);
    if (rc)
        return rc;
    char d[11], t[11];
    fg_date_format(r->day, d);
    int32_t check;
    if (fg_date_parse(d, &check, NULL) != 0 || check != r->day)
        return fg_err_at(err, FG_EINVAL, "day", "report.day", "the day must be a date YYYY-MM-DD");
    if (r->day > today) {
        fg_date_format(today, t);
        return fg_err_at(err, FG_EINVAL, "day", "report.day_future",
                         "a report is of a day that has begun: {day:%s} is after today {today:%s}",
                         d, t);
    }
    if (fg_date_days(r->day) < fg_date_days(today) - l->back_days)
        return fg_err_at(err, FG_EINVAL, "day", "report.day_too_old",
                         "{day:%s} is more than {days:%d} days ago; older days are closed", d,
                         l->back_days);
    if ((unsigned)r->status > FG_STATUS_STOPPED)
        return fg_err_at(err, FG_EINVAL, "status", "status.unknown",
                         "status must be operating, limited or stopped, not '{value:%d}'",
                         (int)r->status);
    if (r->capacity_pct < 0 || r->capacity_pct > 100)
        return fg_err_at(err, FG_EINVAL, "capacity_pct", "report.pct_range",
                         "{what:%s} must be 0 to 100 (%%), not {value:%d}", "capacity_pct",
                         r->capacity_pct);
    if (r->staff_pct < 0 || r->staff_pct > 100)
        return fg_err_at(err, FG_EINVAL, "staff_pct", "report.pct_range",
                         "{what:%s} must be 0 to 100 (%%), not {value:%d}", "staff_pct",
                         r->staff_pct);
    if (r->closed_loop < 0 || r->closed_loop > 10000000)
        return fg_err_at(err, FG_EINVAL, "closed_loop", "report.closed_loop",
                         "staff in the closed loop must be 0 to 10000000, not {value:%lld}",
                         (long long)r->closed_loop);
    if (r->problems & ~(unsigned)FG_PROBLEM_ALL)
        return fg_err_at(err, FG_EINVAL, "problems", "report.problem_unknown",
                         "unknown problem kind '{value:%u}' (parts, logistics, staff, cash, "
                         "energy, local_rules)",
                         r->problems);
    size_t nl = strlen(r->note);
    if (fg_utf8_check(r->note, nl) != 0)
        return fg_err_at(err, FG_EINVAL, "note", "report.note_utf8", "the note is not UTF-8");
    if (fg_utf8_len(r->note) > FG_REPORT_NOTE_MAX)
        return fg_err_at(err, FG_EINVAL, "note", "report.note_long",
                         "the note is longer than {max:%d} characters", FG_REPORT_NOTE_MAX);
    switch (r->status) {
    case FG_STATUS_STOPPED:
        if (r->capacity_pct != 0)
            return fg_err_at(err, FG_EINVAL, "capacity_pct", "report.stopped_capacity",
                             "a stopped enterprise produces nothing: capacity must be 0, not "
                             "{value:%d}",
                             r->capacity_pct);
        break;
    case FG_STATUS_OPERATING:
        if (r->capacity_pct == 0 || r->staff_pct == 0)
            return fg_err_at(err, FG_EINVAL, r->capacity_pct == 0 ? "capacity_pct" : "staff_pct",
                             "report.operating_zero",
                             "an operating enterprise has output and staff above 0; with none "
                             "it is stopped");
        break;
    case FG_STATUS_LIMITED:
        if (r->capacity_pct == 0 || r->capacity_pct == 100)
            return fg_err_at(err, FG_EINVAL, "capacity_pct", "report.limited_capacity",
                             "a limited enterprise produces above 0 and below 100 %% of normal, "
                             "not {value:%d} %%",
                             r->capacity_pct);
        break;
    }
    return 0;
}

int64_t fg_report_due_ms(int32_t day, int offset_min, const fg_report_limits *l)
{
    return (fg_date_days(day) + 1) * DAY_MS + (int64_t)l->due_hour * 3600 * 1000 -
           (int64_t)offset_min * 60 * 1000;
}

bool fg_report_late(bool have_first, bool first_late, int64_t at, int64_t due_ms)
{
    return have_first ? first_late : at > due_ms;
}

int32_t fg_report_default_day(int32_t today, int local_hour, const fg_report_limits *l)
{
    return local_hour < l->due_hour ? fg_date_from_days(fg_date_days(today) - 1) : today;
}

bool fg_report_resumed(const fg_report *r)
{
    return r->status == FG_STATUS_OPERATING || r->status == FG_STATUS_LIMITED;
}

void fg_report_contribution(const fg_report *r, bool late, fg_report_totals *out)
{
    memset(out, 0, sizeof(*out));
    out->n_reported = 1;
    out->n_resumed = fg_report_resumed(r);
    out->sum_capacity = r->capacity_pct;
    out->sum_staff = r->staff_pct;
    out->sum_closed_loop = r->closed_loop;
    out->n_staff90 = r->staff_pct >= FG_REPORT_STAFF_HIGH;
    out->n_cap80 = r->capacity_pct >= FG_REPORT_CAP_HIGH;
    out->n_under30 = r->capacity_pct < FG_REPORT_LOW || r->staff_pct < FG_REPORT_LOW;
    out->n_late = late;
    for (unsigned b = 0; b < FG_PROBLEM_KINDS; b++)
        out->problems[b] = (r->problems >> b) & 1u;
}

void fg_report_totals_add(fg_report_totals *acc, const fg_report_totals *d, int sign)
{
    acc->n_reported += sign * d->n_reported;
    acc->n_resumed += sign * d->n_resumed;
    acc->sum_capacity += sign * d->sum_capacity;
    acc->sum_staff += sign * d->sum_staff;
    acc->sum_closed_loop += sign * d->sum_closed_loop;
    acc->n_staff90 += sign * d->n_staff90;
    acc->n_cap80 += sign * d->n_cap80;
    acc->n_under30 += sign * d->n_under30;
    acc->n_late += sign * d->n_late;
    for (unsigned b = 0; b < FG_PROBLEM_KINDS; b++)
        acc->problems[b] += sign * d->problems[b];
}

bool fg_report_totals_zero(const fg_report_totals *t)
{
    static const fg_report_totals zero;
    return memcmp(t, &zero, sizeof(zero)) == 0;
}

/* ---- files ---- */

const fg_word fg_report_columns[FG_RCOL_COUNT] = {
    {"uscc", "统一社会信用代码", "USCC"},
    {"name", "企业名称", "Name"},
    {"day", "日期", "Day"},
    {"status", "生产状态", "Status"},
    {"capacity_pct", "产能利用率(%)", "Capacity (%)"},
    {"staff_pct", "员工到岗率(%)", "Staff at work (%)"},
    {"closed_loop", "闭环管理人数", "Staff in closed loop"},
    {"problems", "存在问题", "Problems"},
    {"note", "备注", "Note"},
};

int fg_report_header(const char *const *fields, size_t n, int map[FG_RCOL_COUNT], fg_err *err)
{
    for (int c = 0; c < FG_RCOL_COUNT; c++)
        map[c] = -1;
    for (size_t i = 0; i < n; i++) {
        if (!fields[i][0])
            continue;
        int c = fg_word_find(fg_report_columns, FG_RCOL_COUNT, fields[i], strlen(fields[i]));
        if (c < 0)
            return fg_err_at(err, FG_EINVAL, "header", "report.header_unknown",
                             "unknown column '{column:%.60s}'", fields[i]);
        if (map[c] >= 0)
            return fg_err_at(err, FG_EINVAL, "header", "report.header_twice",
                             "column '{column:%.60s}' appears twice", fields[i]);
        map[c] = (int)i;
    }
    static const int required[] = {FG_RCOL_USCC, FG_RCOL_DAY, FG_RCOL_STATUS, FG_RCOL_CAPACITY,
                                   FG_RCOL_STAFF};
    for (size_t k = 0; k < FG_COUNTOF(required); k++)
        if (map[required[k]] < 0)
            return fg_err_at(err, FG_EINVAL, "header", "report.header_missing",
                             "the column '{column:%s}' is missing",
                             fg_report_columns[required[k]].zh);
    return 0;
}

static const char *cell(const char *const *fields, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? fields[i] : "";
}

/* "85", " 85 ", "85%" or "85％" into 0..100 (range checked by validation). */
static int read_pct(const char *s, const char *field, int *out, fg_err *err)
{
    while (*s == ' ')
        s++;
    long v = 0;
    int digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 6)
        v = v * 10 + (*s++ - '0'), digits++;
    if (*s == '.') /* 85.0: whole percentages only */
        for (s++; *s == '0'; s++)
            ;
    if (*s == '%')
        s++;
    else if (strncmp(s, "\xef\xbc\x85", 3) == 0) /* full-width ％ */
        s += 3;
    while (*s == ' ')
        s++;
    if (!digits || *s)
        return fg_err_at(err, FG_EINVAL, field, "report.pct_number",
                         "{what:%s} must be a whole percentage such as 85", field);
    *out = (int)v;
    return 0;
}

int fg_report_row_parse(const char *const *fields, size_t n, const int map[FG_RCOL_COUNT],
                        fg_report *r, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    r->source = FG_REPORT_UPLOAD;
    const char *u = cell(fields, n, map[FG_RCOL_USCC]);
    while (*u == ' ')
        u++;
    size_t ul = strlen(u);
    while (ul && u[ul - 1] == ' ')
        ul--;
    char trimmed[41];
    memcpy(trimmed, u, ul < 40 ? ul : 40);
    trimmed[ul < 40 ? ul : 40] = '\0';
    int rc = fg_uscc_validate(trimmed, err);
    if (rc)
        return rc;
    memcpy(r->enterprise, trimmed, FG_USCC_LEN + 1);
    const char *d = cell(fields, n, map[FG_RCOL_DAY]);
    char day[11] = "";
    /* A date Excel keeps as its serial number (days since 1899-12-30). */
    size_t dl = strlen(d), digits = strspn(d, "0123456789");
    if (dl == 5 && digits == 5) {
        long serial = 0;
        for (size_t k = 0; k < 5; k++)
            serial = serial * 10 + (d[k] - '0');
        fg_date_format(fg_date_from_days(fg_date_days(18991230) + serial), day);
        d = day;
    }
    /* 2026-12-03 or 2026/12/03 */
    if (strlen(d) == 10 && d != day) {
        memcpy(day, d, 10);
        day[10] = '\0';
        if (day[4] == '/' && day[7] == '/')
            day[4] = day[7] = '-';
    }
    if (fg_date_parse(day, &r->day, NULL) != 0)
        return fg_err_at(err, FG_EINVAL, "day", "report.day", "the day must be a date YYYY-MM-DD");
    const char *st = cell(fields, n, map[FG_RCOL_STATUS]);
    int si = -1;
    for (int k = 0; k <= FG_STATUS_STOPPED && si < 0; k++)
        if (fg_word_is(fg_status_word((fg_status)k), st, strlen(st)))
            si = k;
    if (si < 0)
        return fg_err_at(err, FG_EINVAL, "status", "report.status_word",
                         "the status must be 正常, 限产 or 停产 (operating, limited, stopped), not "
                         "'{value:%.20s}'",
                         st);
    r->status = (fg_status)si;
    if ((rc = read_pct(cell(fields, n, map[FG_RCOL_CAPACITY]), "capacity_pct", &r->capacity_pct,
                       err)) ||
        (rc = read_pct(cell(fields, n, map[FG_RCOL_STAFF]), "staff_pct", &r->staff_pct, err)))
        return rc;
    const char *cl = cell(fields, n, map[FG_RCOL_CLOSED_LOOP]);
    int closed = 0;
    if (*cl && (rc = read_pct(cl, "closed_loop", &closed, NULL)) != 0)
        return fg_err_at(err, FG_EINVAL, "closed_loop", "report.closed_loop_number",
                         "staff in the closed loop must be a whole number");
    r->closed_loop = closed;
    if ((rc = fg_problem_parse(cell(fields, n, map[FG_RCOL_PROBLEMS]), &r->problems, err)))
        return rc;
    const char *note = cell(fields, n, map[FG_RCOL_NOTE]);
    if (strlen(note) >= sizeof(r->note))
        return fg_err_at(err, FG_EINVAL, "note", "report.note_long",
                         "the note is longer than {max:%d} characters", FG_REPORT_NOTE_MAX);
    memcpy(r->note, note, strlen(note) + 1);
    return 0;
}
