/* Identity documents of drivers and crew: the 18-character resident identity
 * number (GB 11643-1999: 6-digit region, date of birth, sequence, ISO 7064
 * MOD 11-2 check character) checked in full, other documents accepted by
 * type, and the masked form that is all that is ever stored or signed. Pure. */
#ifndef FG_CORE_IDCARD_H
#define FG_CORE_IDCARD_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "fg_vocab.h"

/* FG_ID_RESIDENT_ID (居民身份证), FG_ID_PASSPORT, FG_ID_HK_MACAO_PERMIT,
 * FG_ID_TAIWAN_PERMIT, FG_ID_FOREIGN_PERMANENT_RESIDENCE, in the order of
 * data/vocab/id_types.json (the one list of document types). */
#define FG__ID_TYPE_ENUM(code, id, name) FG_ID_##id = code,
typedef enum { FG_VOCAB_ID_TYPES(FG__ID_TYPE_ENUM) FG_ID_COUNT } fg_id_type;
#define FG_ID_RESIDENT FG_ID_RESIDENT_ID

/* The type's name in the vocabulary ("resident_id", "passport", ...). */
const char *fg_id_type_name(fg_id_type t);
int fg_id_type_parse(const char *s, fg_id_type *out, fg_err *err);

/* The check character of the first 17 digits of a resident ID ('0'-'9' or 'X'). */
char fg_resident_id_check_char(const char *first17);

/* Checks a document number of type t. A resident ID: 17 digits and the check
 * character (a lower-case x is refused: the standard writes X), a real date
 * of birth not after `today` (YYYYMMDD) and not before 1900. Other types: 5
 * to 20 letters and digits. FG_EINVAL naming the field "id_number" otherwise. */
int fg_id_check(fg_id_type t, const char *number, int32_t today, fg_err *err);

/* The masked form of a document number: at least its middle eight characters
 * are '*' whatever its length (18 characters: the first 6 and last 4 kept;
 * shorter ones keep less; eight or fewer: all hidden). out holds 24 bytes; a
 * number longer than 23 characters is refused by fg_id_check first. */
void fg_id_mask(const char *number, char out[24]);

#endif
