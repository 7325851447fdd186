/* The pass's claims: goods categories, pass numbers, plates, the CWT claims
 * (check, encode, decode straight from the bytes) and their JSON. */
#include "pass_internal.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "enterprise.h"
#include "idcard.h"
#include "region.h"
#include "uscc.h"

#define GOODS_NAME(code, id, name) name,
static const char *const goods_names[] = {FG_VOCAB_GOODS(GOODS_NAME)};
#undef GOODS_NAME
#define N_GOODS ((int)(sizeof(goods_names) / sizeof(goods_names[0])))
_Static_assert(N_GOODS == FG_GOODS_COUNT, "one name per goods code");

const char *fg_goods_name(int code)
{
    return code >= 0 && code < N_GOODS ? goods_names[code] : "?";
}
int fg_goods_count(void)
{
    return N_GOODS;
}

int fg_goods_parse(const char *s, int *out, fg_err *err)
{
    for (int i = 0; i < N_GOODS; i++)
        if (strcmp(s, goods_names[i]) == 0) {
            *out = i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "goods", "goods.unknown", "goods must be " FG_VOCAB_GOODS_OR);
}

void fg_pass_number_format(int64_t number, char out[13])
{
    snprintf(out, 13, "%012lld", (long long)number);
}

int fg_pass_number_parse(const char *s, int64_t *out, fg_err *err)
{
    int64_t v = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9' && i < 12; i++)
        v = v * 10 + (s[i] - '0');
    if (i != 12 || s[i])
        return fg_err_at(err, FG_EINVAL, "number", "pass.number",
                         "a pass number is 12 digits: the issuing region's 6-digit code and a "
                         "6-digit serial");
    *out = v;
    return 0;
}

/* ---- plates ---- */

static const char *const plate_provinces[] = {
    "京", "津", "冀", "晋", "蒙", "辽", "吉", "黑", "沪", "苏", "浙", "皖", "闽", "赣", "鲁", "豫",
    "鄂", "湘", "粤", "桂", "琼", "渝", "川", "贵", "云", "藏", "陕", "甘", "青", "宁", "新"};
static const char *const plate_suffixes[] = {"挂", "学", "警", "港", "澳", "领"};

static int plate_bad(fg_err *err)
{
    return fg_err_at(err, FG_EINVAL, "plate", "plate.format",
                     "plate must be a Chinese plate: province abbreviation, a letter, then 5 "
                     "letters or digits (6 for new-energy vehicles), e.g. 浙A12345 or 浙AD12345");
}

int fg_plate_check(const char *plate, fg_err *err)
{
    size_t np = sizeof(plate_provinces) / sizeof(plate_provinces[0]);
    const char *p = NULL;
    for (size_t i = 0; i < np && !p; i++)
        if (strncmp(plate, plate_provinces[i], strlen(plate_provinces[i])) == 0)
            p = plate + strlen(plate_provinces[i]);
    if (!p || *p < 'A' || *p > 'Z' || *p == 'I' || *p == 'O')
        return plate_bad(err);
    p++;
    size_t k = 0;
    while ((p[k] >= 'A' && p[k] <= 'Z' && p[k] != 'I' && p[k] != 'O') ||
           (p[k] >= '0' && p[k] <= '9'))
        k++;
    const char *rest = p + k;
    bool suffix = false;
    for (size_t i = 0; i < sizeof(plate_suffixes) / sizeof(plate_suffixes[0]); i++)
        if (strcmp(rest, plate_suffixes[i]) == 0)
            suffix = true;
    if (*rest && !suffix)
        return plate_bad(err);
    if (suffix ? k != 4 && k != 5 : k != 5 && k != 6)
        return plate_bad(err);
    return 0;
}

/* ---- claims ---- */

static bool county(int32_t c)
{
    return c > 0 && c <= 999999 && fg_region_level_of(c) == FG_LEVEL_COUNTY;
}

int fg_pass_claims_check(const fg_pass_claims *c, fg_err *err)
{
    if (c->number < 100000000000LL || c->number > 999999999999LL)
        return fg_err_at(err, FG_EINVAL, "number", "pass.number",
                         "the pass number must have 12 digits");
    if (c->goods < 0 || c->goods >= N_GOODS)
        return fg_err_at(err, FG_EINVAL, "goods", "goods.unknown", "unknown goods category");
    if (!county(c->origin))
        return fg_err_at(err, FG_EINVAL, "origin", "pass.county",
                         "{field:%s} must be a county code", "origin");
    if (!county(c->destination))
        return fg_err_at(err, FG_EINVAL, "destination", "pass.county",
                         "{field:%s} must be a county code", "destination");
    if (c->n_route > FG_PASS_MAX_ROUTE)
        return fg_err_at(err, FG_EINVAL, "route", "pass.route_long",
                         "a route names at most {max:%d} counties", FG_PASS_MAX_ROUTE);
    for (size_t i = 0; i < c->n_route; i++)
        if (!county(c->route[i]))
            return fg_err_at(err, FG_EINVAL, "route", "pass.route_county",
                             "the route lists county codes");
    if (fg_plate_check(c->plate, err))
        return FG_EINVAL;
    if (c->n_crew < 1 || c->n_crew > FG_PASS_MAX_CREW)
        return fg_err_at(err, FG_EINVAL, "crew", "pass.crew_count",
                         "a pass names 1 to {max:%d} drivers and crew", FG_PASS_MAX_CREW);
    bool driver = false;
    for (size_t i = 0; i < c->n_crew; i++) {
        const fg_pass_person *p = &c->crew[i];
        if (!p->name[0] || fg_utf8_check(p->name, strlen(p->name)) || fg_utf8_len(p->name) > 20)
            return fg_err_at(err, FG_EINVAL, "crew", "pass.crew_name",
                             "each person needs a name of 1 to {max:%d} characters", 20);
        if (strlen(p->id_masked) < 4)
            return fg_err_at(err, FG_EINVAL, "crew", "pass.crew_id",
                             "each person needs a masked ID number");
        driver = driver || p->role == 0;
    }
    if (!driver)
        return fg_err_at(err, FG_EINVAL, "crew", "pass.driver", "a pass names at least one driver");
    if (fg_uscc_validate(c->applicant, err)) {
        if (err) /* the applicant's code: keep the key, name the field */
            fg_strlcpy(err->field, "applicant", sizeof(err->field));
        return FG_EINVAL;
    }
    if (c->exp <= c->nbf)
        return fg_err_at(err, FG_EINVAL, "valid_to", "pass.valid_range",
                         "a pass must end after it starts");
    return 0;
}

/* ---- encoding ---- */

static cbor_item_t *claims_item(const fg_pass_claims *c)
{
    size_t n_tests = 0;
    for (size_t i = 0; i < c->n_crew; i++)
        n_tests += c->crew[i].test_sampled > 0;
    cbor_item_t *pass = cbor_new_definite_map(9), *crew = cbor_new_definite_array(c->n_crew);
    bool ok = pass && crew;
    ok = ok && fg__pass_put(pass, 1, fg__pass_cint(c->number)) &&
         fg__pass_put(pass, 2, fg__pass_cint(c->goods)) &&
         fg__pass_put(pass, 3, fg__pass_cint(c->origin)) &&
         fg__pass_put(pass, 4, fg__pass_cint(c->destination));
    if (ok && c->n_route) {
        cbor_item_t *route = cbor_new_definite_array(c->n_route);
        for (size_t i = 0; route && i < c->n_route; i++)
            ok = ok && cbor_array_push(route, cbor_move(fg__pass_cint(c->route[i])));
        ok = ok && fg__pass_put(pass, 5, route);
    }
    for (size_t i = 0; ok && i < c->n_crew; i++) {
        const fg_pass_person *p = &c->crew[i];
        cbor_item_t *a = cbor_new_definite_array(4);
        ok = a && cbor_array_push(a, cbor_move(cbor_build_string(p->name))) &&
             cbor_array_push(a, cbor_move(cbor_build_string(p->id_masked))) &&
             cbor_array_push(a, cbor_move(fg__pass_cint(p->test_until))) &&
             cbor_array_push(a, cbor_move(fg__pass_cint(p->role))) &&
             cbor_array_push(crew, cbor_move(a));
    }
    ok = ok && fg__pass_put(pass, 6, cbor_build_string(c->plate)) && fg__pass_put(pass, 7, crew) &&
         fg__pass_put(pass, 8, cbor_build_string(c->applicant));
    /* Claim 9 only when someone gave a test: a pass without one is encoded
     * byte for byte as before the claim existed. */
    if (ok && n_tests) {
        cbor_item_t *tests = cbor_new_definite_array(n_tests);
        ok = tests != NULL;
        for (size_t i = 0; ok && i < c->n_crew; i++) {
            const fg_pass_person *p = &c->crew[i];
            if (p->test_sampled <= 0)
                continue;
            cbor_item_t *a = cbor_new_definite_array(3);
            ok = a && cbor_array_push(a, cbor_move(fg__pass_cint((int64_t)i))) &&
                 cbor_array_push(a, cbor_move(fg__pass_cint(p->test_sampled))) &&
                 cbor_array_push(a, cbor_move(fg__pass_cint(p->test_valid_to))) &&
                 cbor_array_push(tests, cbor_move(a));
        }
        if (ok)
            ok = fg__pass_put(pass, 9, tests);
        else if (tests)
            cbor_decref(&tests);
    }
    cbor_item_t *cwt = ok ? cbor_new_definite_map(5) : NULL;
    ok = cwt && fg__pass_put(cwt, 1, cbor_build_string(c->issuer)) &&
         fg__pass_put(cwt, 4, fg__pass_cint(c->exp)) &&
         fg__pass_put(cwt, 5, fg__pass_cint(c->nbf)) &&
         fg__pass_put(cwt, 6, fg__pass_cint(c->iat)) && fg__pass_put(cwt, FG_PASS_CLAIM, pass);
    if (!ok) {
        if (cwt)
            cbor_decref(&cwt);
        else if (pass)
            cbor_decref(&pass);
        return NULL;
    }
    return cwt;
}

int fg__pass_claims_encode(const fg_pass_claims *c, fg_buf *out, fg_err *err)
{
    cbor_item_t *cwt = claims_item(c);
    int rc = cwt ? fg__pass_serialize(cwt, out, err) : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (cwt)
        cbor_decref(&cwt);
    return rc;
}

/* ---- decoding ---- */

/* The claims are read straight from the bytes (after the well-formedness
 * check): they are decoded for every pass presented, and building libcbor's
 * item tree for them cost more than the rest of the decoding together. */
typedef struct rd {
    const uint8_t *p;
    size_t n, pos;
} rd;

/* A container's entry count, or SIZE_MAX for indefinite length. */
static bool rd_open(rd *r, int want_major, size_t *count)
{
    int major, ai;
    uint64_t arg;
    if (!fg__pass_head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != want_major)
        return false;
    *count = ai == 31 ? SIZE_MAX : (size_t)arg;
    return true;
}

/* Whether another entry follows (consumes the break of an indefinite one). */
static bool rd_more(rd *r, size_t count, size_t done)
{
    if (count != SIZE_MAX)
        return done < count;
    if (r->pos < r->n && r->p[r->pos] == 0xff) {
        r->pos++;
        return false;
    }
    return true;
}

static bool rd_int(rd *r, int64_t *out)
{
    int major, ai;
    uint64_t arg;
    if (!fg__pass_head(r->p, r->n, &r->pos, &major, &ai, &arg) || major > 1 ||
        arg > (uint64_t)INT64_MAX)
        return false;
    *out = major == 0 ? (int64_t)arg : -1 - (int64_t)arg;
    return true;
}

/* A text string (definite or chunked) into out, NUL-terminated, UTF-8. */
static bool rd_text(rd *r, char *out, size_t cap)
{
    int major, ai;
    uint64_t arg;
    size_t len = 0;
    if (!fg__pass_head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != 3)
        return false;
    for (bool chunked = ai == 31;;) {
        if (chunked) {
            if (r->pos < r->n && r->p[r->pos] == 0xff) {
                r->pos++;
                break;
            }
            if (!fg__pass_head(r->p, r->n, &r->pos, &major, &ai, &arg) || major != 3 || ai == 31)
                return false;
        }
        if (arg >= cap - len || arg > r->n - r->pos)
            return false;
        memcpy(out + len, r->p + r->pos, (size_t)arg);
        len += (size_t)arg;
        r->pos += (size_t)arg;
        if (!chunked)
            break;
    }
    out[len] = '\0';
    return !memchr(out, 0, len) && fg_utf8_check(out, len) == 0;
}

static bool rd_skip(rd *r)
{
    size_t items = 4096;
    return fg__pass_skip(r->p, r->n, &r->pos, 1, &items);
}

static bool person(rd *r, fg_pass_person *p)
{
    size_t count;
    int64_t t, role;
    if (!rd_open(r, 4, &count) || (count != 4 && count != SIZE_MAX) ||
        !rd_text(r, p->name, sizeof(p->name)) || !rd_text(r, p->id_masked, sizeof(p->id_masked)) ||
        !rd_int(r, &t) || !rd_int(r, &role) || t < 0 || t > 99991231 || (role != 0 && role != 1))
        return false;
    if (count == SIZE_MAX && !(r->pos < r->n && r->p[r->pos++] == 0xff))
        return false;
    p->test_until = (int32_t)t;
    p->role = (int)role;
    return true;
}

static bool county_list(rd *r, int32_t *out, size_t cap, size_t *n)
{
    size_t count;
    if (!rd_open(r, 4, &count))
        return false;
    for (*n = 0; rd_more(r, count, *n); (*n)++) {
        int64_t v;
        if (*n == cap || !rd_int(r, &v) || v < 0 || v > 999999)
            return false;
        out[*n] = (int32_t)v;
    }
    return true;
}

/* Claim 9: [[crew index, sampled, valid to]...]. The indexes are checked
 * against the crew once the whole map is read (claims come in any order). */
static bool tests_list(rd *r, fg_pass_claims *c, unsigned *indexes)
{
    size_t count, done = 0;
    if (!rd_open(r, 4, &count))
        return false;
    for (; rd_more(r, count, done); done++) {
        size_t k;
        int64_t i, sampled, valid_to;
        if (!rd_open(r, 4, &k) || (k != 3 && k != SIZE_MAX) || !rd_int(r, &i) ||
            !rd_int(r, &sampled) || !rd_int(r, &valid_to) || i < 0 || i >= FG_PASS_MAX_CREW ||
            sampled <= 0 || valid_to < 0 || (*indexes & 1u << i))
            return false;
        if (k == SIZE_MAX && !(r->pos < r->n && r->p[r->pos++] == 0xff))
            return false;
        *indexes |= 1u << i;
        c->crew[i].test_sampled = sampled;
        c->crew[i].test_valid_to = valid_to;
    }
    return true;
}

static bool pass_map(rd *r, fg_pass_claims *c)
{
    size_t count, done = 0;
    unsigned seen = 0, tested = 0;
    if (!rd_open(r, 5, &count))
        return false;
    for (; rd_more(r, count, done); done++) {
        int64_t k, v = 0;
        size_t save = r->pos;
        if (!rd_int(r, &k)) { /* a text label: not ours, skipped */
            r->pos = save;
            if (!rd_skip(r) || !rd_skip(r))
                return false;
            continue;
        }
        bool ok = true;
        switch (k) {
        case 1:
        case 2:
        case 3:
        case 4:
            ok = rd_int(r, &v) && v >= 0 && v <= 999999999999LL;
            if (!ok)
                break;
            if (k == 1)
                c->number = v;
            else if (k == 2)
                c->goods = v < 1000 ? (int)v : -1;
            else if (k == 3)
                c->origin = v <= 999999 ? (int32_t)v : -1;
            else
                c->destination = v <= 999999 ? (int32_t)v : -1;
            break;
        case 5: ok = county_list(r, c->route, FG_PASS_MAX_ROUTE, &c->n_route); break;
        case 6: ok = rd_text(r, c->plate, sizeof(c->plate)); break;
        case 7: {
            size_t n;
            ok = rd_open(r, 4, &n);
            for (c->n_crew = 0; ok && rd_more(r, n, c->n_crew); c->n_crew++)
                ok = c->n_crew < FG_PASS_MAX_CREW && person(r, &c->crew[c->n_crew]);
            break;
        }
        case 8: ok = rd_text(r, c->applicant, sizeof(c->applicant)); break;
        case 9: ok = !(seen & 1u << 9) && tests_list(r, c, &tested); break;
        default:
            ok = rd_skip(r); /* a later version's claim: ignored */
            k = 0;
        }
        if (!ok)
            return false;
        if (k > 0 && k < 32)
            seen |= 1u << k;
    }
    unsigned need = 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 6 | 1u << 7 | 1u << 8;
    return (seen & need) == need && tested >> c->n_crew == 0;
}

int fg_pass_claims_decode(const uint8_t *cbor, size_t n, fg_pass_claims *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!fg__pass_wellformed(cbor, n))
        return fg_err_at(err, FG_EINVAL, NULL, "pass.claims_cbor",
                         "claims: the payload is not well-formed CBOR");
    rd r = {cbor, n, 0};
    size_t count, done = 0;
    unsigned seen = 0;
    bool ok = rd_open(&r, 5, &count);
    for (; ok && rd_more(&r, count, done); done++) {
        int64_t k, t = 0;
        size_t save = r.pos;
        if (!rd_int(&r, &k)) {
            r.pos = save;
            ok = rd_skip(&r) && rd_skip(&r);
            continue;
        }
        if (k == 1) {
            ok = rd_text(&r, out->issuer, sizeof(out->issuer));
            seen |= 1;
        } else if (k == 4 || k == 5 || k == 6) {
            ok = rd_int(&r, &t) && t >= 0;
            *(k == 4 ? &out->exp : k == 5 ? &out->nbf : &out->iat) = t;
            seen |= 1u << k;
        } else if (k == FG_PASS_CLAIM) {
            ok = pass_map(&r, out);
            seen |= 2;
        } else {
            ok = rd_skip(&r);
        }
    }
    if (!ok || seen != (1u | 2u | 1u << 4 | 1u << 5 | 1u << 6))
        return fg_err_at(err, FG_EINVAL, NULL, "pass.claims_shape",
                         "claims: the CWT needs iss, exp, nbf, iat and the pass claim, each of "
                         "the right type");
    return 0;
}

/* ---- JSON ---- */

json_t *fg_pass_crew_json(const fg_pass_claims *c)
{
    json_t *a = json_array();
    for (size_t i = 0; i < c->n_crew; i++) {
        char t[11] = "";
        if (c->crew[i].test_until)
            fg_date_format(c->crew[i].test_until, t);
        /* The document type is said when it is not a resident ID (a pass read
         * from its credential does not carry it). */
        const fg_pass_person *p = &c->crew[i];
        json_t *o =
            json_pack("{s:s,s:s,s:s?,s:s,s:s?}", "name", p->name, "id_masked", p->id_masked,
                      "test_valid_until", t[0] ? t : NULL, "role", p->role ? "crew" : "driver",
                      "id_type", p->id_type ? fg_id_type_name((fg_id_type)p->id_type) : NULL);
        char at[25];
        if (o && p->test_sampled > 0) {
            fg_time_format(p->test_sampled * 1000, at);
            json_object_set_new(o, "test_sampled_at", json_string(at));
        }
        if (o && p->test_valid_to > 0) {
            fg_time_format(p->test_valid_to * 1000, at);
            json_object_set_new(o, "test_valid_to", json_string(at));
        }
        json_array_append_new(a, o);
    }
    return a;
}

json_t *fg_pass_claims_json(const fg_pass_claims *c)
{
    char number[13], nbf[25], exp[25], iat[25], o[7], d[7];
    fg_pass_number_format(c->number, number);
    fg_time_format(c->nbf * 1000, nbf);
    fg_time_format(c->exp * 1000, exp);
    fg_time_format(c->iat * 1000, iat);
    fg_region_format(c->origin, o);
    fg_region_format(c->destination, d);
    json_t *route = json_array(), *crew = fg_pass_crew_json(c);
    for (size_t i = 0; i < c->n_route; i++) {
        char r[7];
        fg_region_format(c->route[i], r);
        json_array_append_new(route, json_string(r));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s,s:s,s:s,s:s}", "number", number, "goods",
                     fg_goods_name(c->goods), "origin", o, "destination", d, "plate", c->plate,
                     "crew", crew, "applicant", c->applicant, "route", route, "issuer", c->issuer,
                     "valid_from", nbf, "valid_to", exp, "issued_at", iat);
}
