/* QR codes of passes (src/sys/qr.c): the size budget (QR version 15 at level
 * Q for two drivers and a three-county route) and the image round trip, PNG
 * through zbar and back, and SVG. */
#include "../unit/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../pass_sample.h"
#include "core/pass.h"
#include "sys/qr.h"

static const int64_t NOW = 1795730548; /* 2026-11-26, seconds */

static fg_privkey key;

/* As large as the QR budget allows. */
static fg_pass_claims sample(void)
{
    return fg_test_pass_sample(NOW);
}

/* The presented text of sample(), NUL-terminated. */
static void issue(fg_buf *out)
{
    fg_pass_claims c = sample();
    fg_err err;
    fg_buf_init(out, 0);
    if (fg_pass_issue(&c, &key, out, &err))
        fail_msg("issue: %s", err.msg);
    assert_int_equal(fg_buf_addc(out, '\0'), 0);
    out->len--;
}

static void a_full_pass_fits_version_15_at_level_q(void **state)
{
    (void)state;
    fg_buf s;
    issue(&s);
    int version;
    fg_err err;
    assert_int_equal(fg_qr_version(s.buf, &version, &err), 0);
    print_message("pass: %zu characters, QR version %d at level Q\n", s.len, version);
    assert_true(version <= 15);
    fg_buf_release(&s);
}

/* The same pass with both people's latest negative tests signed (claim 9):
 * the budget a province's test rule costs. */
static void a_full_pass_with_its_tests_fits_version_15_at_level_q(void **state)
{
    (void)state;
    fg_pass_claims c = sample();
    for (size_t i = 0; i < c.n_crew; i++) {
        c.crew[i].test_sampled = NOW - 5 * 3600 - (int64_t)i * 977;
        c.crew[i].test_valid_to = c.crew[i].test_sampled + 48 * 3600;
    }
    fg_err err;
    fg_buf s;
    fg_buf_init(&s, 0);
    if (fg_pass_issue(&c, &key, &s, &err))
        fail_msg("issue: %s", err.msg);
    assert_int_equal(fg_buf_addc(&s, '\0'), 0);
    s.len--;
    int version;
    assert_int_equal(fg_qr_version(s.buf, &version, &err), 0);
    print_message("pass with tests: %zu characters, QR version %d at level Q\n", s.len, version);
    assert_true(version <= 15);
    fg_buf_release(&s);
}

static void png_reads_back_through_zbar_and_svg_is_drawn(void **state)
{
    (void)state;
    fg_buf s, png;
    issue(&s);
    fg_err err;
    fg_buf_init(&png, 0);
    assert_int_equal(fg_qr_png(s.buf, 4, &png, &err), 0);
    char path[] = "/tmp/fugong-qr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, png.buf, png.len), (ssize_t)png.len);
    close(fd);
    fg_buf back;
    fg_buf_init(&back, 0);
    assert_int_equal(fg_qr_read_png(path, &back, &err), 0);
    unlink(path);
    assert_int_equal(back.len, s.len);
    assert_memory_equal(back.buf, s.buf, s.len);
    fg_buf svg;
    fg_buf_init(&svg, 0);
    assert_int_equal(fg_qr_svg(s.buf, &svg, &err), 0);
    assert_non_null(strstr(svg.buf, "<svg"));
    fg_buf_release(&svg);
    fg_buf_release(&back);
    fg_buf_release(&png);
    fg_buf_release(&s);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    return fg_privkey_generate(FG_ALG_EDDSA, &key, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fg_privkey_release(&key);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_pass_fits_version_15_at_level_q),
        cmocka_unit_test(a_full_pass_with_its_tests_fits_version_15_at_level_q),
        cmocka_unit_test(png_reads_back_through_zbar_and_svg_is_drawn),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
