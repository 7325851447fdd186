/* Unified social credit codes (GB 32100-2015): 18 characters from the 31-character
 * alphabet 0-9 A-H J-N P-R T U W-Y; the 18th is a check character over the first 17
 * (weights 3^(i-1) mod 31). Pure. */
#ifndef FG_CORE_USCC_H
#define FG_CORE_USCC_H

#include <stddef.h>

#include "../util/err.h"

#define FG_USCC_LEN 18

/* 0 when `s` is a valid USCC; otherwise FG_EINVAL and a reason naming the rule
 * that failed: length, a character outside the alphabet (with its position),
 * or the check character (with the expected one). Lower-case letters are
 * refused: codes are written in capitals. */
int fg_uscc_validate(const char *s, fg_err *err);

/* The check character for 17 valid characters, or '\0' if one is outside the
 * alphabet. */
char fg_uscc_check_char(const char *first17);

#endif
