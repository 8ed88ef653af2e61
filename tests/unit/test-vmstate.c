/*
 * hw/core/vmstate.c: round trips for every field kind, versioned fields,
 * subsections, hooks, and rejection of truncated, corrupt and foreign
 * streams without touching the state.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/vmstate.h"
#include "util/error.h"

#include <string.h>

typedef struct Pair {
    uint16_t a;
    int32_t b;
} Pair;

typedef struct Dev {
    bool flag;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint8_t a8[3];
    uint16_t a16[2];
    uint32_t a32[2];
    uint64_t a64[2];
    uint8_t blob[5];
    Pair one;
    Pair many[2];
    uint32_t since_v2;
    uint32_t extra;         /* in the "dev/extra" subsection */
} Dev;

static const VMStateDescription vmstate_pair = {
    .name = "pair",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(a, Pair),
        VMSTATE_INT32(b, Pair),
        VMSTATE_END_OF_LIST()
    },
};

static bool extra_needed(void *opaque)
{
    return ((Dev *)opaque)->extra != 0;
}

static const VMStateDescription vmstate_dev_extra = {
    .name = "dev/extra",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = extra_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(extra, Dev),
        VMSTATE_END_OF_LIST()
    },
};

#define DEV_FIELDS_V1                                   \
    VMSTATE_BOOL(flag, Dev),                            \
    VMSTATE_INT8(i8, Dev),                              \
    VMSTATE_INT16(i16, Dev),                            \
    VMSTATE_INT32(i32, Dev),                            \
    VMSTATE_INT64(i64, Dev),                            \
    VMSTATE_UINT8(u8, Dev),                             \
    VMSTATE_UINT16(u16, Dev),                           \
    VMSTATE_UINT32(u32, Dev),                           \
    VMSTATE_UINT64(u64, Dev),                           \
    VMSTATE_UINT8_ARRAY(a8, Dev, 3),                    \
    VMSTATE_UINT16_ARRAY(a16, Dev, 2),                  \
    VMSTATE_UINT32_ARRAY(a32, Dev, 2),                  \
    VMSTATE_UINT64_ARRAY(a64, Dev, 2),                  \
    VMSTATE_BUFFER(blob, Dev),                          \
    VMSTATE_STRUCT(one, Dev, vmstate_pair, Pair),       \
    VMSTATE_STRUCT_ARRAY(many, Dev, 2, vmstate_pair, Pair)

static int post_load_calls, post_load_version;
static bool post_load_fails, pre_save_fails;

static bool dev_pre_save(void *opaque, GError **errp)
{
    if (pre_save_fails) {
        vireo_error_setg(errp, "device busy");
        return false;
    }
    return true;
}

static bool dev_post_load(void *opaque, int version_id, GError **errp)
{
    post_load_calls++;
    post_load_version = version_id;
    if (post_load_fails) {
        vireo_error_setg(errp, "bad divisor");
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_dev = {
    .name = "dev",
    .version_id = 2,
    .minimum_version_id = 1,
    .pre_save = dev_pre_save,
    .post_load = dev_post_load,
    .fields = (const VMStateField[]) {
        DEV_FIELDS_V1,
        VMSTATE_UINT32_V(since_v2, Dev, 2),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_dev_extra,
        NULL
    },
};

/* The same device as an older build saved it. */
static const VMStateDescription vmstate_dev_v1 = {
    .name = "dev",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        DEV_FIELDS_V1,
        VMSTATE_END_OF_LIST()
    },
};

static void dev_fill(Dev *d)
{
    *d = (Dev) {
        .flag = true, .i8 = -5, .i16 = -300, .i32 = -70000,
        .i64 = -INT64_C(5000000000), .u8 = 200, .u16 = 60000,
        .u32 = 0xdeadbeef, .u64 = UINT64_C(0x0123456789abcdef),
        .a8 = { 1, 2, 255 }, .a16 = { 0xffff, 7 },
        .a32 = { 0x80000000, 9 },
        .a64 = { UINT64_MAX, 11 },
        .blob = { 'h', 'e', 'l', 'l', 'o' },
        .one = { 0x1234, -1 },
        .many = { { 1, -2 }, { 3, INT32_MIN } },
        .since_v2 = 77,
    };
}

static void dev_check_equal(const Dev *x, const Dev *y)
{
    ck_assert(x->flag == y->flag);
    ck_assert_int_eq(x->i8, y->i8);
    ck_assert_int_eq(x->i16, y->i16);
    ck_assert_int_eq(x->i32, y->i32);
    ck_assert_int_eq(x->i64, y->i64);
    ck_assert_uint_eq(x->u8, y->u8);
    ck_assert_uint_eq(x->u16, y->u16);
    ck_assert_uint_eq(x->u32, y->u32);
    ck_assert_uint_eq(x->u64, y->u64);
    ck_assert(memcmp(x->a8, y->a8, sizeof(x->a8)) == 0);
    ck_assert(memcmp(x->a16, y->a16, sizeof(x->a16)) == 0);
    ck_assert(memcmp(x->a32, y->a32, sizeof(x->a32)) == 0);
    ck_assert(memcmp(x->a64, y->a64, sizeof(x->a64)) == 0);
    ck_assert(memcmp(x->blob, y->blob, sizeof(x->blob)) == 0);
    for (int i = 0; i < 3; i++) {
        const Pair *px = i ? &x->many[i - 1] : &x->one;
        const Pair *py = i ? &y->many[i - 1] : &y->one;
        ck_assert_uint_eq(px->a, py->a);
        ck_assert_int_eq(px->b, py->b);
    }
    ck_assert_uint_eq(x->since_v2, y->since_v2);
    ck_assert_uint_eq(x->extra, y->extra);
}

/* Save d into a new array; the test fails if saving fails. */
static GByteArray *save(const VMStateDescription *desc, Dev *d)
{
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;

    ck_assert_msg(vmstate_save(desc, d, out, &err), "%s",
                  err ? err->message : "");
    return out;
}

START_TEST(round_trip_every_kind)
{
    Dev src, dst;
    GByteArray *s;
    GError *err = NULL;

    dev_fill(&src);
    src.extra = 9;
    s = save(&vmstate_dev, &src);
    memset(&dst, 0, sizeof(dst));
    ck_assert(vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_null(err);
    dev_check_equal(&src, &dst);
    ck_assert_int_eq(post_load_calls, 1);
    ck_assert_int_eq(post_load_version, 2);

    /* The caller may also state the version it expects. */
    ck_assert(vmstate_load(&vmstate_dev, &dst, s->data, s->len, 2, &err));
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(golden_encoding)
{
    /* Pins the format: big-endian, header, body, CRC-32. */
    static const uint8_t expect[] = {
        0x56, 0x53, 4, 'p', 'a', 'i', 'r', 0, 0, 0, 1, 0, 0, 0, 7,
        0x12, 0x34, 0xff, 0xff, 0xff, 0xfe, 0x00,
    };
    Pair p = { 0x1234, -2 };
    GByteArray *out = g_byte_array_new();

    g_byte_array_append(out, (const uint8_t *)"keep", 4);
    ck_assert(vmstate_save(&vmstate_pair, &p, out, NULL));
    ck_assert_uint_eq(out->len, 4 + sizeof(expect) + 4);
    ck_assert(memcmp(out->data, "keep", 4) == 0);   /* appended */
    ck_assert(memcmp(out->data + 4, expect, sizeof(expect)) == 0);
    g_byte_array_free(out, TRUE);
}
END_TEST

START_TEST(older_version_leaves_new_fields)
{
    Dev src, dst;
    GByteArray *s;
    GError *err = NULL;

    dev_fill(&src);
    s = save(&vmstate_dev_v1, &src);
    memset(&dst, 0, sizeof(dst));
    dst.since_v2 = 1234;
    ck_assert(vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_int_eq(dst.since_v2, 1234);    /* not in a v1 stream */
    ck_assert_int_eq(dst.u32, 0xdeadbeef);
    ck_assert_int_eq(dst.many[1].b, INT32_MIN);
    ck_assert_int_eq(post_load_version, 1);

    /* The caller said v2, the stream says v1. */
    ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, s->len, 2, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "version 1, expected 2"));
    g_clear_error(&err);
    g_byte_array_free(s, TRUE);

    /* A newer stream than this build knows. */
    s = save(&vmstate_dev, &src);
    ck_assert(!vmstate_load(&vmstate_dev_v1, &dst, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED));
    ck_assert_ptr_nonnull(strstr(err->message, "version 2 not supported"));
    g_clear_error(&err);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(too_old_version_rejected)
{
    const VMStateDescription v3_min2 = {
        .name = "pair", .version_id = 3, .minimum_version_id = 2,
        .fields = (const VMStateField[]) {
            VMSTATE_UINT16(a, Pair),
            VMSTATE_INT32(b, Pair),
            VMSTATE_END_OF_LIST()
        },
    };
    Pair p = { 1, 2 }, q = { 9, 9 };
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;

    ck_assert(vmstate_save(&vmstate_pair, &p, out, NULL));
    ck_assert(!vmstate_load(&v3_min2, &q, out->data, out->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "(this build loads 2 to 3)"));
    ck_assert_int_eq(q.a, 9);
    g_error_free(err);
    g_byte_array_free(out, TRUE);
}
END_TEST

static void check_untouched(const Dev *d)
{
    Dev sentinel;

    memset(&sentinel, 0x5a, sizeof(sentinel));
    ck_assert(memcmp(d, &sentinel, sizeof(sentinel)) == 0);
}

START_TEST(truncated_streams_rejected_untouched)
{
    Dev src, dst;
    GByteArray *s;

    dev_fill(&src);
    src.extra = 3;                   /* with its subsection */
    s = save(&vmstate_dev, &src);
    post_load_calls = 0;
    for (guint len = 0; len < s->len; len++) {
        GError *err = NULL;

        memset(&dst, 0x5a, sizeof(dst));
        ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, len,
                                VMSTATE_VERSION_FROM_STREAM, &err));
        ck_assert_ptr_nonnull(err);
        ck_assert_ptr_nonnull(strstr(err->message, "'dev'"));
        check_untouched(&dst);
        g_error_free(err);
    }
    ck_assert_int_eq(post_load_calls, 0);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(truncation_names_the_field)
{
    Dev src, dst;
    GByteArray *s;
    GError *err = NULL;
    /* header 2+1+3+4+4, then flag 1, i8 1, i16 2: cut inside i32 */
    guint cut = 14 + 1 + 1 + 2 + 2;

    dev_fill(&src);
    s = save(&vmstate_dev, &src);
    ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, cut,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_str_eq(err->message,
                     "section 'dev': field 'i32': stream ends early");
    g_error_free(err);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(every_bit_flip_rejected_untouched)
{
    Dev src, dst;
    GByteArray *s;

    dev_fill(&src);
    src.extra = 3;
    s = save(&vmstate_dev, &src);
    post_load_calls = 0;
    for (guint i = 0; i < s->len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            GError *err = NULL;

            s->data[i] ^= 1 << bit;
            memset(&dst, 0x5a, sizeof(dst));
            ck_assert_msg(!vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                                        VMSTATE_VERSION_FROM_STREAM, &err),
                          "flip of byte %u bit %d accepted", i, bit);
            check_untouched(&dst);
            g_error_free(err);
            s->data[i] ^= 1 << bit;
        }
    }
    ck_assert_int_eq(post_load_calls, 0);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(bad_bool_names_the_field)
{
    Dev src, dst;
    GByteArray *s;
    GError *err = NULL;

    dev_fill(&src);
    s = save(&vmstate_dev, &src);
    s->data[14] = 7;                 /* the first field, flag */
    ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_str_eq(err->message,
                     "section 'dev': field 'flag': invalid bool value 7");
    g_error_free(err);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(corrupt_data_fails_checksum)
{
    Dev src, dst;
    GByteArray *s;
    GError *err = NULL;

    dev_fill(&src);
    s = save(&vmstate_dev, &src);
    s->data[15] ^= 0x10;             /* i8: any value is well-formed */
    ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "checksum mismatch"));
    g_error_free(err);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(wrong_device_and_trailing_bytes_rejected)
{
    Dev src;
    Pair p = { 5, 6 };
    GByteArray *s;
    GError *err = NULL;

    dev_fill(&src);
    s = save(&vmstate_dev, &src);
    ck_assert(!vmstate_load(&vmstate_pair, &p, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_str_eq(err->message,
                     "stream holds section 'dev', expected 'pair'");
    ck_assert_int_eq(p.a, 5);
    g_clear_error(&err);

    g_byte_array_append(s, (const uint8_t *)"zz", 2);
    ck_assert(!vmstate_load(&vmstate_dev, &src, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "2 unexpected bytes"));
    g_clear_error(&err);

    ck_assert(!vmstate_load(&vmstate_dev, &src, (const uint8_t *)"junk", 4,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "no section header"));
    g_clear_error(&err);
    g_byte_array_free(s, TRUE);
}
END_TEST

typedef struct Wide {
    uint8_t a8[4];
} Wide;

typedef struct Narrow {
    uint8_t a8[3];
} Narrow;

START_TEST(array_length_mismatch_names_field)
{
    const VMStateDescription wide = {
        .name = "arr", .version_id = 1, .minimum_version_id = 1,
        .fields = (const VMStateField[]) {
            VMSTATE_UINT8_ARRAY(a8, Wide, 4),
            VMSTATE_END_OF_LIST()
        },
    };
    const VMStateDescription narrow = {
        .name = "arr", .version_id = 1, .minimum_version_id = 1,
        .fields = (const VMStateField[]) {
            VMSTATE_UINT8_ARRAY(a8, Narrow, 3),
            VMSTATE_END_OF_LIST()
        },
    };
    Wide w = { { 1, 2, 3, 4 } };
    Narrow n = { { 9, 9, 9 } };
    GByteArray *s = g_byte_array_new();
    GError *err = NULL;

    ck_assert(vmstate_save(&wide, &w, s, NULL));
    ck_assert(!vmstate_load(&narrow, &n, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_str_eq(err->message, "section 'arr': field 'a8': stream has "
                     "4 elements, expected 3");
    ck_assert_int_eq(n.a8[0], 9);
    g_error_free(err);
    g_byte_array_free(s, TRUE);
}
END_TEST

START_TEST(subsections_only_when_needed)
{
    Dev src, dst;
    GByteArray *with, *without;
    GError *err = NULL;

    dev_fill(&src);
    without = save(&vmstate_dev, &src);
    src.extra = 42;
    with = save(&vmstate_dev, &src);
    ck_assert_uint_gt(with->len, without->len);

    memset(&dst, 0, sizeof(dst));
    ck_assert(vmstate_load(&vmstate_dev, &dst, with->data, with->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_int_eq(dst.extra, 42);
    dst.extra = 5;
    ck_assert(vmstate_load(&vmstate_dev, &dst, without->data, without->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_int_eq(dst.extra, 5);          /* absent: left as it was */

    /* A build that does not know the subsection refuses the stream. */
    {
        const VMStateDescription v2_nosub = {
            .name = "dev", .version_id = 2, .minimum_version_id = 1,
            .fields = (const VMStateField[]) {
                DEV_FIELDS_V1,
                VMSTATE_UINT32_V(since_v2, Dev, 2),
                VMSTATE_END_OF_LIST()
            },
        };
        ck_assert(!vmstate_load(&v2_nosub, &dst, with->data, with->len,
                                VMSTATE_VERSION_FROM_STREAM, &err));
        ck_assert_str_eq(err->message,
                         "section 'dev': unknown subsection 'dev/extra'");
        g_clear_error(&err);
    }
    g_byte_array_free(with, TRUE);
    g_byte_array_free(without, TRUE);
}
END_TEST

START_TEST(hook_failures_reported)
{
    Dev src, dst;
    GByteArray *s = g_byte_array_new();
    GError *err = NULL;

    dev_fill(&src);
    g_byte_array_append(s, (const uint8_t *)"ab", 2);
    pre_save_fails = true;
    ck_assert(!vmstate_save(&vmstate_dev, &src, s, &err));
    ck_assert_str_eq(err->message,
                     "section 'dev': pre_save: device busy");
    ck_assert_uint_eq(s->len, 2);            /* left as it was */
    g_clear_error(&err);
    pre_save_fails = false;
    g_byte_array_free(s, TRUE);

    s = save(&vmstate_dev, &src);
    post_load_fails = true;
    memset(&dst, 0, sizeof(dst));
    ck_assert(!vmstate_load(&vmstate_dev, &dst, s->data, s->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_str_eq(err->message,
                     "section 'dev': post_load: bad divisor");
    /* Documented: the values are in, the device must be reset. */
    ck_assert_int_eq(dst.u32, 0xdeadbeef);
    g_error_free(err);
    g_byte_array_free(s, TRUE);
}
END_TEST

static Suite *vmstate_suite(void)
{
    Suite *s = suite_create("vmstate");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, round_trip_every_kind);
    tcase_add_test(tc, golden_encoding);
    tcase_add_test(tc, older_version_leaves_new_fields);
    tcase_add_test(tc, too_old_version_rejected);
    tcase_add_test(tc, truncated_streams_rejected_untouched);
    tcase_add_test(tc, truncation_names_the_field);
    tcase_add_test(tc, every_bit_flip_rejected_untouched);
    tcase_add_test(tc, bad_bool_names_the_field);
    tcase_add_test(tc, corrupt_data_fails_checksum);
    tcase_add_test(tc, wrong_device_and_trailing_bytes_rejected);
    tcase_add_test(tc, array_length_mismatch_names_field);
    tcase_add_test(tc, subsections_only_when_needed);
    tcase_add_test(tc, hook_failures_reported);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(vmstate_suite)
