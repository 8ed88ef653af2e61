/*
 * AML encoding for the DSDT the microvm board generates: names, integers,
 * strings, packages, buffers, scopes, devices, methods, operation regions
 * and fields, a few expressions, and resource descriptors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Opcodes and grammar: ACPI 6.4 section 20 "ACPI Machine Language (AML)
 * Specification" (20.2.2 name objects, 20.2.3 data objects, 20.2.4
 * PkgLength, 20.2.5 term objects). Resource descriptors: section 6.4.2
 * (small: IRQ 6.4.2.1, I/O port 6.4.2.5, end tag 6.4.2.9) and 6.4.3
 * (large: 32-bit fixed memory 6.4.3.4, extended interrupt 6.4.3.6).
 */
#include "hw/i386/acpi-aml.h"

#include <stdbool.h>
#include <string.h>

enum {
    AML_ZERO = 0x00, AML_ONE = 0x01, AML_ONES = 0xff,
    AML_NAME_OP = 0x08,
    AML_BYTE_PREFIX = 0x0a, AML_WORD_PREFIX = 0x0b,
    AML_DWORD_PREFIX = 0x0c, AML_STRING_PREFIX = 0x0d,
    AML_QWORD_PREFIX = 0x0e,
    AML_SCOPE_OP = 0x10, AML_BUFFER_OP = 0x11, AML_PACKAGE_OP = 0x12,
    AML_METHOD_OP = 0x14,
    AML_DUAL_NAME_PREFIX = 0x2e, AML_MULTI_NAME_PREFIX = 0x2f,
    AML_EXT_OP_PREFIX = 0x5b, AML_ROOT_CHAR = 0x5c,
    AML_LOCAL0 = 0x60, AML_ARG0 = 0x68,
    AML_STORE_OP = 0x70, AML_AND_OP = 0x7b, AML_NOTIFY_OP = 0x86,
    AML_IF_OP = 0xa0,
    AML_EXT_OP_REGION = 0x80, AML_EXT_FIELD = 0x81, AML_EXT_DEVICE = 0x82,
};

static void put_byte(GByteArray *out, uint8_t b)
{
    g_byte_array_append(out, &b, 1);
}

static void put_le(GByteArray *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        put_byte(out, v >> (8 * i));
    }
}

static void put_nameseg(GByteArray *out, const char *seg, size_t len)
{
    g_assert(len >= 1 && len <= 4);
    for (size_t i = 0; i < 4; i++) {
        put_byte(out, i < len ? (uint8_t)seg[i] : '_');
    }
}

void aml_name_string(GByteArray *out, const char *name)
{
    g_auto(GStrv) segs = NULL;
    guint n;

    if (*name == '\\') {
        put_byte(out, AML_ROOT_CHAR);
        name++;
    }
    segs = g_strsplit(name, ".", -1);
    n = g_strv_length(segs);
    g_assert(n >= 1 && n <= 255);
    if (n == 2) {
        put_byte(out, AML_DUAL_NAME_PREFIX);
    } else if (n > 2) {
        put_byte(out, AML_MULTI_NAME_PREFIX);
        put_byte(out, n);
    }
    for (guint i = 0; i < n; i++) {
        put_nameseg(out, segs[i], strlen(segs[i]));
    }
}

/*
 * One byte holds up to 63; longer lengths use 1-3 more bytes, the first
 * keeping the low nibble and the count in bits 7-6 (20.2.4).
 */
void aml_pkg_length(GByteArray *out, size_t len)
{
    size_t total;
    unsigned extra;

    if (len + 1 < 64) {
        put_byte(out, len + 1);
        return;
    }
    for (extra = 1; extra <= 3; extra++) {
        total = len + 1 + extra;
        if (total < (1ULL << (4 + 8 * extra))) {
            break;
        }
    }
    g_assert(extra <= 3);
    put_byte(out, (extra << 6) | (total & 0xf));
    for (unsigned i = 0; i < extra; i++) {
        put_byte(out, total >> (4 + 8 * i));
    }
}

void aml_integer(GByteArray *out, uint64_t v)
{
    if (v == 0) {
        put_byte(out, AML_ZERO);
    } else if (v == 1) {
        put_byte(out, AML_ONE);
    } else if (v <= 0xff) {
        put_byte(out, AML_BYTE_PREFIX);
        put_le(out, v, 1);
    } else if (v <= 0xffff) {
        put_byte(out, AML_WORD_PREFIX);
        put_le(out, v, 2);
    } else if (v <= 0xffffffff) {
        put_byte(out, AML_DWORD_PREFIX);
        put_le(out, v, 4);
    } else {
        put_byte(out, AML_QWORD_PREFIX);
        put_le(out, v, 8);
    }
}

void aml_string(GByteArray *out, const char *s)
{
    put_byte(out, AML_STRING_PREFIX);
    g_byte_array_append(out, (const guint8 *)s, strlen(s) + 1);
}

/* "PNP0501": three 5-bit letters, then four hex digits, big-endian. */
void aml_eisaid(GByteArray *out, const char *id)
{
    uint32_t v;

    g_assert(strlen(id) == 7);
    v = ((uint32_t)(id[0] - '@') << 26) | ((uint32_t)(id[1] - '@') << 21) |
        ((uint32_t)(id[2] - '@') << 16) |
        (uint32_t)g_ascii_strtoull(id + 3, NULL, 16);
    put_byte(out, AML_DWORD_PREFIX);
    put_le(out, GUINT32_SWAP_LE_BE(v), 4);
}

static void append(GByteArray *out, const GByteArray *b)
{
    g_byte_array_append(out, b->data, b->len);
}

/* op [ext], PkgLength, name, body */
static void wrap(GByteArray *out, bool ext, uint8_t op, const char *name,
                 const uint8_t *head, size_t head_len, const GByteArray *body)
{
    g_autoptr(GByteArray) inner = g_byte_array_new();

    if (name) {
        aml_name_string(inner, name);
    }
    g_byte_array_append(inner, head, head_len);
    if (body) {
        append(inner, body);
    }
    if (ext) {
        put_byte(out, AML_EXT_OP_PREFIX);
    }
    put_byte(out, op);
    aml_pkg_length(out, inner->len);
    append(out, inner);
}

void aml_name(GByteArray *out, const char *name, const GByteArray *obj)
{
    put_byte(out, AML_NAME_OP);
    aml_name_string(out, name);
    append(out, obj);
}

void aml_name_integer(GByteArray *out, const char *name, uint64_t v)
{
    g_autoptr(GByteArray) obj = g_byte_array_new();

    aml_integer(obj, v);
    aml_name(out, name, obj);
}

void aml_name_string_obj(GByteArray *out, const char *name, const char *s)
{
    g_autoptr(GByteArray) obj = g_byte_array_new();

    aml_string(obj, s);
    aml_name(out, name, obj);
}

void aml_scope(GByteArray *out, const char *name, const GByteArray *body)
{
    wrap(out, false, AML_SCOPE_OP, name, NULL, 0, body);
}

void aml_device(GByteArray *out, const char *name, const GByteArray *body)
{
    wrap(out, true, AML_EXT_DEVICE, name, NULL, 0, body);
}

void aml_method(GByteArray *out, const char *name, unsigned nargs,
                const GByteArray *body)
{
    uint8_t flags = nargs & 7;      /* not serialized, sync level 0 */

    wrap(out, false, AML_METHOD_OP, name, &flags, 1, body);
}

void aml_if(GByteArray *out, const GByteArray *predicate,
            const GByteArray *body)
{
    g_autoptr(GByteArray) inner = g_byte_array_new();

    append(inner, predicate);
    append(inner, body);
    wrap(out, false, AML_IF_OP, NULL, NULL, 0, inner);
}

void aml_package(GByteArray *out, unsigned nelems, const GByteArray *elems)
{
    uint8_t n = nelems;

    g_assert(nelems <= 255);
    wrap(out, false, AML_PACKAGE_OP, NULL, &n, 1, elems);
}

void aml_buffer(GByteArray *out, const GByteArray *bytes)
{
    g_autoptr(GByteArray) inner = g_byte_array_new();

    aml_integer(inner, bytes->len);
    append(inner, bytes);
    wrap(out, false, AML_BUFFER_OP, NULL, NULL, 0, inner);
}

void aml_operation_region(GByteArray *out, const char *name, unsigned space,
                          uint64_t offset, uint64_t len)
{
    put_byte(out, AML_EXT_OP_PREFIX);
    put_byte(out, AML_EXT_OP_REGION);
    aml_name_string(out, name);
    put_byte(out, space);
    aml_integer(out, offset);
    aml_integer(out, len);
}

void aml_field_byte(GByteArray *out, const char *region, const char *name,
                    unsigned bits)
{
    g_autoptr(GByteArray) list = g_byte_array_new();
    uint8_t flags = 1;              /* ByteAcc, NoLock, Preserve */

    put_nameseg(list, name, strlen(name));
    aml_pkg_length(list, bits - 1);  /* a bit count, not a byte count */
    wrap(out, true, AML_EXT_FIELD, region, &flags, 1, list);
}

void aml_arg(GByteArray *out, unsigned n)
{
    g_assert(n < 7);
    put_byte(out, AML_ARG0 + n);
}

void aml_local(GByteArray *out, unsigned n)
{
    g_assert(n < 8);
    put_byte(out, AML_LOCAL0 + n);
}

void aml_store_name_to_local(GByteArray *out, const char *name, unsigned n)
{
    put_byte(out, AML_STORE_OP);
    aml_name_string(out, name);
    aml_local(out, n);
}

void aml_and(GByteArray *out, const GByteArray *a, const GByteArray *b)
{
    put_byte(out, AML_AND_OP);
    append(out, a);
    append(out, b);
    put_byte(out, AML_ZERO);        /* NullName: no target */
}

void aml_notify(GByteArray *out, const char *target, uint64_t value)
{
    put_byte(out, AML_NOTIFY_OP);
    aml_name_string(out, target);
    aml_integer(out, value);
}

void aml_res_io(GByteArray *out, uint16_t base, uint8_t len)
{
    put_byte(out, 0x47);            /* small item 0x08, 7 bytes */
    put_byte(out, 1);               /* 16-bit decode */
    put_le(out, base, 2);
    put_le(out, base, 2);
    put_byte(out, 1);               /* alignment */
    put_byte(out, len);
}

void aml_res_irq_noflags(GByteArray *out, unsigned irq)
{
    g_assert(irq < 16);
    put_byte(out, 0x22);            /* small item 0x04, 2 bytes */
    put_le(out, 1u << irq, 2);
}

void aml_res_memory32_fixed(GByteArray *out, uint32_t base, uint32_t len)
{
    put_byte(out, 0x86);
    put_le(out, 9, 2);
    put_byte(out, 1);               /* read/write */
    put_le(out, base, 4);
    put_le(out, len, 4);
}

void aml_res_interrupt(GByteArray *out, uint32_t gsi, bool level)
{
    put_byte(out, 0x89);
    put_le(out, 6, 2);
    /* consumer; edge (bit 1) unless level; active high; exclusive */
    put_byte(out, 0x01 | (level ? 0 : 0x02));
    put_byte(out, 1);
    put_le(out, gsi, 4);
}

void aml_res_end(GByteArray *out)
{
    put_byte(out, 0x79);
    put_byte(out, 0);               /* zero: treat as checksummed */
}

void aml_name_crs(GByteArray *out, const GByteArray *res)
{
    g_autoptr(GByteArray) tmpl = g_byte_array_new();
    g_autoptr(GByteArray) buf = g_byte_array_new();

    append(tmpl, res);
    aml_res_end(tmpl);
    aml_buffer(buf, tmpl);
    aml_name(out, "_CRS", buf);
}
