/* Civil-calendar arithmetic (proleptic Gregorian), no libc time functions. */
#include "date.h"


static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int fg_date_parse(const char *s, int32_t *out, fg_err *err)
{
    int v[3] = {0, 0, 0};
    static const int widths[3] = {4, 2, 2};
    const char *p = s;
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < widths[i]; k++, p++) {
            if (*p < '0' || *p > '9')
                return fg_err_set(err, FG_EINVAL, "date '%.20s' is not in the form YYYY-MM-DD", s);
            v[i] = v[i] * 10 + (*p - '0');
        }
        if (i < 2 && *p++ != '-')
            return fg_err_set(err, FG_EINVAL, "date '%.20s' is not in the form YYYY-MM-DD", s);
    }
    if (*p != '\0')
        return fg_err_set(err, FG_EINVAL, "date '%.20s' is not in the form YYYY-MM-DD", s);
    if (v[0] < 1900 || v[0] > 9999)
        return fg_err_set(err, FG_EINVAL, "date '%s': year out of range", s);
    if (v[1] < 1 || v[1] > 12)
        return fg_err_set(err, FG_EINVAL, "date '%s': month must be 01 to 12", s);
    if (v[2] < 1 || v[2] > days_in_month(v[0], v[1]))
        return fg_err_set(err, FG_EINVAL, "date '%s': day out of range for that month", s);
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
