/* Identity document numbers: check and mask (see idcard.h). */
#include "idcard.h"

#include <stdbool.h>
#include <string.h>

#include "../util/assert.h"
#include "date.h"

#define TYPE_NAME(code, id, name) name,
static const char *const type_names[] = {FG_VOCAB_ID_TYPES(TYPE_NAME)};
_Static_assert(sizeof(type_names) / sizeof(type_names[0]) == FG_ID_COUNT,
               "one name per identity document type");

const char *fg_id_type_name(fg_id_type t)
{
    return FG_ALWAYS(t >= 0 && t < FG_ID_COUNT) ? type_names[t] : "";
}

int fg_id_type_parse(const char *s, fg_id_type *out, fg_err *err)
{
    for (int i = 0; i < FG_ID_COUNT; i++)
        if (strcmp(s, type_names[i]) == 0) {
            *out = (fg_id_type)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "id_type", "id_type.unknown",
                     "id_type must be " FG_VOCAB_ID_TYPES_OR ", not '{value:%.30s}'", s);
}

char fg_resident_id_check_char(const char *first17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * weights[i];
    return "10X98765432"[sum % 11];
}

static int resident(const char *s, int32_t today, fg_err *err)
{
    if (strlen(s) != 18)
        return fg_err_at(err, FG_EINVAL, "id_number", "id_number.length",
                         "a resident ID number has 18 characters, not {length:%zu}", strlen(s));
    for (int i = 0; i < 17; i++)
        if (s[i] < '0' || s[i] > '9')
            return fg_err_at(err, FG_EINVAL, "id_number", "id_number.digits",
                             "a resident ID number is 17 digits and a check character");
    char want = fg_resident_id_check_char(s);
    if (s[17] != want)
        return fg_err_at(err, FG_EINVAL, "id_number", "id_number.check",
                         "the resident ID number's check character is '{got:%c}', expected "
                         "'{want:%c}': check the number for a typing error",
                         s[17], want);
    int32_t birth = 0;
    for (int i = 6; i < 14; i++)
        birth = birth * 10 + (s[i] - '0');
    char text[11];
    int32_t day;
    fg_date_format(birth, text);
    if (birth < 19000101 || birth > today || fg_date_parse(text, &day, NULL))
        return fg_err_at(err, FG_EINVAL, "id_number", "id_number.birth",
                         "the resident ID number's date of birth ({birth:%08d}) is not a real "
                         "date between 1900 and today",
                         (int)birth);
    return 0;
}

int fg_id_check(fg_id_type t, const char *number, int32_t today, fg_err *err)
{
    if (t == FG_ID_RESIDENT)
        return resident(number, today, err);
    size_t n = strlen(number);
    bool ok = n >= 5 && n <= 20;
    for (size_t i = 0; ok && i < n; i++) {
        char c = number[i];
        ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    return ok ? 0
              : fg_err_at(err, FG_EINVAL, "id_number", "id_number.other",
                          "a %s number is 5 to 20 letters and digits", fg_id_type_name(t));
}

void fg_id_mask(const char *number, char out[24])
{
    size_t n = strlen(number);
    FG_ASSERT(n < 24);
    if (n > 23)
        n = 23;
    /* Keep at most n - 8 characters, split between the start (up to 6) and
     * the end (up to 4). */
    size_t keep = n > 8 ? n - 8 : 0;
    size_t tail = keep / 2 < 4 ? keep / 2 : 4;
    size_t head = keep - tail < 6 ? keep - tail : 6;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        out[k++] = i < head || i >= n - tail ? number[i] : '*';
    out[k] = '\0';
}
