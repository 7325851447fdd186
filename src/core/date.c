/* Civil-calendar arithmetic (proleptic Gregorian), no libc time functions. */
#include "date.h"

#include <stdbool.h>

#include "../util/assert.h"

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    FG_ASSERT(m >= 1 && m <= 12);
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

static int date_form(fg_err *err, const char *s)
{
    return fg_err_at(err, FG_EINVAL, NULL, "date.format",
                     "date '{value:%.20s}' is not in the form YYYY-MM-DD", s);
}

int fg_date_parse(const char *s, int32_t *out, fg_err *err)
{
    int v[3] = {0, 0, 0};
    static const int widths[3] = {4, 2, 2};
    const char *p = s;
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < widths[i]; k++, p++) {
            if (*p < '0' || *p > '9')
                return date_form(err, s);
            v[i] = v[i] * 10 + (*p - '0');
        }
        if (i < 2 && *p++ != '-')
            return date_form(err, s);
    }
    if (*p != '\0')
        return date_form(err, s);
    if (v[0] < 1900 || v[0] > 9999)
        return fg_err_at(err, FG_EINVAL, NULL, "date.year", "date '{value:%s}': year out of range",
                         s);
    if (v[1] < 1 || v[1] > 12)
        return fg_err_at(err, FG_EINVAL, NULL, "date.month",
                         "date '{value:%s}': month must be 01 to 12", s);
    if (v[2] < 1 || v[2] > days_in_month(v[0], v[1]))
        return fg_err_at(err, FG_EINVAL, NULL, "date.day",
                         "date '{value:%s}': day out of range for that month", s);
    *out = v[0] * 10000 + v[1] * 100 + v[2];
    return 0;
}

/* Writes `width` decimal digits of v (v >= 0) at p. */
static void put_digits(char *p, int64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

void fg_date_format(int32_t date, char out[11])
{
    put_digits(out, date / 10000, 4);
    out[4] = '-';
    put_digits(out + 5, date / 100 % 100, 2);
    out[7] = '-';
    put_digits(out + 8, date % 100, 2);
    out[10] = '\0';
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t fg_date_days(int32_t date)
{
    int64_t y = date / 10000, m = date / 100 % 100, d = date % 100;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t fg_date_from_days(int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (int32_t)(y * 10000 + m * 100 + d);
}

int32_t fg_date_from_ms(int64_t ms)
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    return fg_date_from_days(days);
}

void fg_time_format(int64_t ms, char out[25])
{
    int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
    int64_t rem = ms - days * 86400000;
    fg_date_format(fg_date_from_days(days), out);
    out[10] = 'T';
    put_digits(out + 11, rem / 3600000, 2);
    out[13] = ':';
    put_digits(out + 14, rem / 60000 % 60, 2);
    out[16] = ':';
    put_digits(out + 17, rem / 1000 % 60, 2);
    out[19] = '.';
    put_digits(out + 20, rem % 1000, 3);
    out[23] = 'Z';
    out[24] = '\0';
}

/* Reads n digits at *p into *v, advancing; false if any is not a digit. */
static bool get_digits(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return false;
        *v = *v * 10 + (**p - '0');
    }
    return true;
}

static int time_form(fg_err *err, const char *s)
{
    return fg_err_at(err, FG_EINVAL, NULL, "time.format",
                     "time '{value:%.40s}' is not RFC 3339, e.g. 2026-11-27T08:00:00Z or "
                     "2026-11-27T16:00:00+08:00",
                     s);
}

int fg_time_parse(const char *s, int64_t *out, fg_err *err)
{
    char date[11];
    size_t len = 0;
    while (s[len] && len < 10)
        len++;
    if (len < 10 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
        return time_form(err, s);
    for (int i = 0; i < 10; i++)
        date[i] = s[i];
    date[10] = '\0';
    int32_t d;
    if (fg_date_parse(date, &d, err))
        return FG_EINVAL;
    const char *p = s + 11;
    int hh, mm, ss = 0, ms = 0;
    if (!get_digits(&p, 2, &hh) || *p++ != ':' || !get_digits(&p, 2, &mm))
        return time_form(err, s);
    if (*p == ':') {
        p++;
        if (!get_digits(&p, 2, &ss))
            return time_form(err, s);
        if (*p == '.') {
            p++;
            int digits = 0, v = 0;
            while (*p >= '0' && *p <= '9') {
                if (digits < 3)
                    v = v * 10 + (*p - '0');
                digits++;
                p++;
            }
            if (digits == 0)
                return time_form(err, s);
            for (; digits < 3; digits++)
                v *= 10;
            ms = v;
        }
    }
    if (hh > 23 || mm > 59 || ss > 59)
        return fg_err_at(err, FG_EINVAL, NULL, "time.range",
                         "time '{value:%.40s}': hour, minute or second out of range", s);
    int offset_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om;
        if (!get_digits(&p, 2, &oh) || *p++ != ':' || !get_digits(&p, 2, &om) || oh > 23 || om > 59)
            return time_form(err, s);
        offset_min = sign * (oh * 60 + om);
    } else {
        return fg_err_at(err, FG_EINVAL, NULL, "time.zone",
                         "time '{value:%.40s}' needs a zone: Z or +08:00", s);
    }
    if (*p)
        return time_form(err, s);
    *out = fg_date_days(d) * 86400000 + (int64_t)hh * 3600000 + (int64_t)mm * 60000 +
           (int64_t)ss * 1000 + ms - (int64_t)offset_min * 60000;
    return 0;
}
