/*
 * Strict parsing of numbers, sizes and booleans typed by users. strtoull
 * is not used because it skips spaces, accepts signs on unsigned values
 * and reads a leading zero as octal; the loops below say exactly what
 * they accept (include/util/cutils.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/cutils.h"
#include "util/error.h"

#include <inttypes.h>
#include <string.h>

typedef enum {
    NUM_OK,
    NUM_INVALID,
    NUM_RANGE,
} NumResult;

static int digit_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 10;
    }
    return 99;
}

/*
 * Read digits of base from *p, leaving *p at the first other character.
 * Overflow is remembered but reading goes on, so "99999999999999999999x"
 * is reported as not a number rather than as too large.
 */
static NumResult read_digits(const char **p, int base, uint64_t *value)
{
    const char *s = *p;
    uint64_t v = 0;
    bool overflow = false;

    while (digit_value(*s) < base) {
        uint64_t d = digit_value(*s);
        if (v > (UINT64_MAX - d) / base) {
            overflow = true;
        }
        v = v * base + d;
        s++;
    }
    if (s == *p) {
        return NUM_INVALID;
    }
    *p = s;
    *value = v;
    return overflow ? NUM_RANGE : NUM_OK;
}

/* Consume a "0x"/"0b" prefix that base allows; return the base to use. */
static int read_prefix(const char **p, int base)
{
    const char *s = *p;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        (base == 0 || base == 16) && digit_value(s[2]) < 16) {
        *p = s + 2;
        return 16;
    }
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && base == 0 &&
        digit_value(s[2]) < 2) {
        *p = s + 2;
        return 2;
    }
    return base ? base : 10;
}

static NumResult parse_u64(const char *str, int base, uint64_t *value)
{
    const char *p = str;
    uint64_t v;
    NumResult r;

    g_assert(base == 0 || (base >= 2 && base <= 36));
    base = read_prefix(&p, base);
    r = read_digits(&p, base, &v);
    if (r == NUM_INVALID || *p != '\0') {
        return NUM_INVALID;
    }
    if (r == NUM_OK) {
        *value = v;
    }
    return r;
}

static bool report_num(NumResult r, const char *str, GError **errp)
{
    if (r == NUM_INVALID) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is not a number",
                        str);
        return false;
    }
    if (r == NUM_RANGE) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is out of range",
                        str);
        return false;
    }
    return true;
}

bool vireo_parse_uint64(const char *str, int base, uint64_t *value,
                        GError **errp)
{
    return report_num(parse_u64(str, base, value), str, errp);
}

bool vireo_parse_int64(const char *str, int base, int64_t *value,
                       GError **errp)
{
    bool negative = str[0] == '-';
    uint64_t magnitude = 0;
    NumResult r = parse_u64(str + negative, base, &magnitude);

    if (r == NUM_OK) {
        if (negative && magnitude > (uint64_t)INT64_MAX + 1) {
            r = NUM_RANGE;
        } else if (!negative && magnitude > INT64_MAX) {
            r = NUM_RANGE;
        }
    }
    if (!report_num(r, str, errp)) {
        return false;
    }
    /* -2^63 has no positive counterpart, hence the unsigned negation. */
    *value = negative ? (int64_t)(0 - magnitude) : (int64_t)magnitude;
    return true;
}

bool vireo_parse_uint_range(const char *str, uint64_t min, uint64_t max,
                            uint64_t *value, GError **errp)
{
    uint64_t v;

    if (!vireo_parse_uint64(str, 0, &v, errp)) {
        return false;
    }
    if (v < min || v > max) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is out of range (%" PRIu64 "..%" PRIu64 ")",
                        str, min, max);
        return false;
    }
    *value = v;
    return true;
}

/* The power of two a size suffix stands for, or -1. */
static int suffix_shift(char c)
{
    static const char units[] = "BKMGTPE";
    const char *u = c ? strchr(units, g_ascii_toupper(c)) : NULL;

    return u ? (int)(u - units) * 10 : -1;
}

bool vireo_parse_size(const char *str, char default_suffix, uint64_t *value,
                      GError **errp)
{
    const char *p = str;
    uint64_t whole = 0, frac = 0, frac_scale = 1;
    bool has_frac = false;
    int shift;
    NumResult r;

    shift = suffix_shift(default_suffix);
    g_assert(shift >= 0);

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        r = read_digits(&p, 16, &whole);
    } else {
        r = read_digits(&p, 10, &whole);
        if (r != NUM_INVALID && *p == '.') {
            p++;
            if (digit_value(*p) >= 10) {
                r = NUM_INVALID;
            }
            has_frac = true;
            /* Digits past the 18th cannot change a 64-bit result. */
            for (; digit_value(*p) < 10; p++) {
                if (frac_scale < 1000000000000000000ULL) {
                    frac = frac * 10 + (*p - '0');
                    frac_scale *= 10;
                }
            }
        }
    }
    if (r != NUM_INVALID && *p) {
        shift = suffix_shift(*p);
        if (shift < 0 || p[1] != '\0') {
            r = NUM_INVALID;
        }
    }
    if (r == NUM_INVALID) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is not a valid size (a number with an optional "
                        "suffix B, K, M, G, T, P or E)", str);
        return false;
    }
    if (has_frac && shift == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is not a whole number of bytes", str);
        return false;
    }
    if (r == NUM_RANGE || whole > (UINT64_MAX >> shift)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is too large", str);
        return false;
    }
    whole <<= shift;
    /*
     * The fraction adds less than 1 << shift, and whole << shift left
     * that much room below UINT64_MAX, so the sum cannot overflow.
     */
    whole += (uint64_t)(((unsigned __int128)frac << shift) / frac_scale);
    *value = whole;
    return true;
}

bool vireo_parse_bool(const char *str, bool *value, GError **errp)
{
    if (!strcmp(str, "on") || !strcmp(str, "yes") || !strcmp(str, "true")) {
        *value = true;
        return true;
    }
    if (!strcmp(str, "off") || !strcmp(str, "no") || !strcmp(str, "false")) {
        *value = false;
        return true;
    }
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "'%s' is not a boolean (use on or off)", str);
    return false;
}

char *vireo_size_to_str(uint64_t size)
{
    static const char *const units[] = {
        "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
    };
    int i = 0;

    /* The largest unit that divides exactly, so the text is the value. */
    while (i < 6 && size && (size & 1023) == 0) {
        size >>= 10;
        i++;
    }
    return g_strdup_printf("%" PRIu64 " %s", size, units[i]);
}

char *vireo_str_escape_controls(const char *str)
{
    GString *out = g_string_sized_new(strlen(str));

    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            g_string_append_printf(out, "\\x%02x", *p);
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, false);
}
