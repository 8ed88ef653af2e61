/*
 * Saving and loading state by description (include/hw/core/vmstate.h
 * has the stream format). Loading walks the stream twice: a checking pass
 * that writes nothing, then, only if the whole stream is sound, a pass
 * that stores the values and runs the post_load hooks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/vmstate.h"
#include "util/error.h"

#include <string.h>

#define VMSTATE_MAGIC 0x5653

/* Saving */

static void put_be(GByteArray *out, uint64_t v, size_t size)
{
    uint8_t b[8];

    for (size_t i = 0; i < size; i++) {
        b[i] = v >> (8 * (size - 1 - i));
    }
    g_byte_array_append(out, b, size);
}

static void patch_be32(GByteArray *out, size_t at, uint32_t v)
{
    for (size_t i = 0; i < 4; i++) {
        out->data[at + i] = v >> (8 * (3 - i));
    }
}

/* CRC-32 (IEEE), bitwise: states are small, a table is not worth it. */
static uint32_t vmstate_crc32(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffff;

    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
        }
    }
    return ~crc;
}

static uint64_t load_host(const void *p, size_t size)
{
    switch (size) {
    case 1:
        return *(const uint8_t *)p;
    case 2:
        return *(const uint16_t *)p;
    case 4:
        return *(const uint32_t *)p;
    case 8:
        return *(const uint64_t *)p;
    default:
        g_assert_not_reached();
    }
}

static void store_host(void *p, size_t size, uint64_t v)
{
    switch (size) {
    case 1:
        *(uint8_t *)p = v;
        break;
    case 2:
        *(uint16_t *)p = v;
        break;
    case 4:
        *(uint32_t *)p = v;
        break;
    case 8:
        *(uint64_t *)p = v;
        break;
    default:
        g_assert_not_reached();
    }
}

static bool save_section(const VMStateDescription *desc, void *opaque,
                         GByteArray *out, GError **errp);

static bool save_field(const VMStateField *f, void *opaque, GByteArray *out,
                       GError **errp)
{
    uint8_t *base = (uint8_t *)opaque + f->offset;
    unsigned count = f->num ? f->num : 1;

    if (f->kind == VMSTATE_KIND_BUFFER) {
        put_be(out, f->size, 4);
        g_byte_array_append(out, base, f->size);
        return true;
    }
    if (f->num) {
        put_be(out, f->num, 4);
    }
    for (unsigned i = 0; i < count; i++) {
        void *elem = base + i * f->size;

        switch (f->kind) {
        case VMSTATE_KIND_BOOL:
            put_be(out, *(bool *)elem ? 1 : 0, 1);
            break;
        case VMSTATE_KIND_INT:
        case VMSTATE_KIND_UINT:
            put_be(out, load_host(elem, f->size), f->size);
            break;
        case VMSTATE_KIND_STRUCT:
            if (!save_section(f->vmsd, elem, out, errp)) {
                g_prefix_error(errp, "field '%s': ", f->name);
                return false;
            }
            break;
        default:
            g_assert_not_reached();
        }
    }
    return true;
}

static bool save_section(const VMStateDescription *desc, void *opaque,
                         GByteArray *out, GError **errp)
{
    size_t name_len = strlen(desc->name);
    size_t len_at, body_at;
    unsigned nsub = 0;
    size_t nsub_at;

    g_assert(name_len > 0 && name_len <= 255);
    if (desc->pre_save && !desc->pre_save(opaque, errp)) {
        g_prefix_error(errp, "section '%s': pre_save: ", desc->name);
        return false;
    }
    put_be(out, VMSTATE_MAGIC, 2);
    put_be(out, name_len, 1);
    g_byte_array_append(out, (const uint8_t *)desc->name, name_len);
    put_be(out, desc->version_id, 4);
    len_at = out->len;
    put_be(out, 0, 4);
    body_at = out->len;

    for (const VMStateField *f = desc->fields; f && f->name; f++) {
        g_assert(f->version_id <= desc->version_id);
        if (!save_field(f, opaque, out, errp)) {
            g_prefix_error(errp, "section '%s': ", desc->name);
            return false;
        }
    }
    nsub_at = out->len;
    put_be(out, 0, 1);
    for (const VMStateDescription *const *sub = desc->subsections;
         sub && *sub; sub++) {
        if ((*sub)->needed && !(*sub)->needed(opaque)) {
            continue;
        }
        if (!save_section(*sub, opaque, out, errp)) {
            g_prefix_error(errp, "section '%s': ", desc->name);
            return false;
        }
        nsub++;
    }
    g_assert(nsub <= 255);
    out->data[nsub_at] = nsub;
    patch_be32(out, len_at, out->len - body_at);
    put_be(out, vmstate_crc32(out->data + body_at, out->len - body_at), 4);
    return true;
}

bool vmstate_save(const VMStateDescription *desc, void *opaque,
                  GByteArray *out, GError **errp)
{
    guint start = out->len;

    if (!save_section(desc, opaque, out, errp)) {
        g_byte_array_set_size(out, start);
        return false;
    }
    return true;
}

/* Loading */

typedef struct Reader {
    const uint8_t *buf;
    size_t len;
    size_t pos;
} Reader;

static bool get_be(Reader *r, size_t size, uint64_t *v)
{
    if (r->len - r->pos < size) {
        return false;
    }
    *v = 0;
    for (size_t i = 0; i < size; i++) {
        *v = (*v << 8) | r->buf[r->pos++];
    }
    return true;
}

static bool load_section(const VMStateDescription *desc, void *opaque,
                         Reader *r, int version, bool apply, GError **errp);

static bool field_truncated(const VMStateField *f, GError **errp)
{
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "field '%s': stream ends early", f->name);
    return false;
}

static bool load_field(const VMStateField *f, void *opaque, Reader *r,
                       bool apply, GError **errp)
{
    uint8_t *base = (uint8_t *)opaque + f->offset;
    unsigned count = f->num ? f->num : 1;
    uint64_t v;

    if (f->kind == VMSTATE_KIND_BUFFER || f->num) {
        uint64_t want = f->kind == VMSTATE_KIND_BUFFER ? f->size : f->num;
        if (!get_be(r, 4, &v)) {
            return field_truncated(f, errp);
        }
        if (v != want) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "field '%s': stream has %" G_GUINT64_FORMAT
                            " %s, expected %" G_GUINT64_FORMAT, f->name, v,
                            f->kind == VMSTATE_KIND_BUFFER ? "bytes"
                                                           : "elements",
                            want);
            return false;
        }
    }
    if (f->kind == VMSTATE_KIND_BUFFER) {
        if (r->len - r->pos < f->size) {
            return field_truncated(f, errp);
        }
        if (apply) {
            memcpy(base, r->buf + r->pos, f->size);
        }
        r->pos += f->size;
        return true;
    }
    for (unsigned i = 0; i < count; i++) {
        void *elem = base + i * f->size;

        switch (f->kind) {
        case VMSTATE_KIND_BOOL:
            if (!get_be(r, 1, &v)) {
                return field_truncated(f, errp);
            }
            if (v > 1) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "field '%s': invalid bool value %u",
                                f->name, (unsigned)v);
                return false;
            }
            if (apply) {
                *(bool *)elem = v;
            }
            break;
        case VMSTATE_KIND_INT:
        case VMSTATE_KIND_UINT:
            if (!get_be(r, f->size, &v)) {
                return field_truncated(f, errp);
            }
            if (apply) {
                store_host(elem, f->size, v);
            }
            break;
        case VMSTATE_KIND_STRUCT:
            if (!load_section(f->vmsd, elem, r, VMSTATE_VERSION_FROM_STREAM,
                              apply, errp)) {
                if (f->num) {
                    g_prefix_error(errp, "field '%s[%u]': ", f->name, i);
                } else {
                    g_prefix_error(errp, "field '%s': ", f->name);
                }
                return false;
            }
            break;
        default:
            g_assert_not_reached();
        }
    }
    return true;
}

/* The name of the section starting at r, without consuming it. */
static char *peek_section_name(const Reader *r)
{
    Reader p = *r;
    uint64_t magic, len;

    if (!get_be(&p, 2, &magic) || magic != VMSTATE_MAGIC ||
        !get_be(&p, 1, &len) || p.len - p.pos < len) {
        return NULL;
    }
    return g_strndup((const char *)p.buf + p.pos, len);
}

static bool load_subsections(const VMStateDescription *desc, void *opaque,
                             Reader *r, bool apply, GError **errp)
{
    uint64_t n;

    if (!get_be(r, 1, &n)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "stream ends before the subsection count");
        return false;
    }
    for (uint64_t i = 0; i < n; i++) {
        g_autofree char *name = peek_section_name(r);
        const VMStateDescription *sub = NULL;

        for (const VMStateDescription *const *s = desc->subsections;
             name && s && *s; s++) {
            if (!strcmp((*s)->name, name)) {
                sub = *s;
                break;
            }
        }
        if (!name) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "subsection %u: not a section header",
                            (unsigned)i);
            return false;
        }
        if (!sub) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "unknown subsection '%s'", name);
            return false;
        }
        if (!load_section(sub, opaque, r, VMSTATE_VERSION_FROM_STREAM,
                          apply, errp)) {
            return false;
        }
    }
    return true;
}

static bool load_section(const VMStateDescription *desc, void *opaque,
                         Reader *r, int version, bool apply, GError **errp)
{
    uint64_t magic, name_len, stream_version, body_len, crc;
    g_autofree char *name = NULL;
    Reader body;

    if (!get_be(r, 2, &magic) || magic != VMSTATE_MAGIC) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "expected section '%s', found no section header",
                        desc->name);
        return false;
    }
    if (!get_be(r, 1, &name_len) || r->len - r->pos < name_len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "expected section '%s': stream ends in the header",
                        desc->name);
        return false;
    }
    name = g_strndup((const char *)r->buf + r->pos, name_len);
    r->pos += name_len;
    if (strlen(name) != name_len || strcmp(name, desc->name)) {
        g_autofree char *shown = g_strescape(name, NULL);
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "stream holds section '%s', expected '%s'",
                        shown, desc->name);
        return false;
    }
    if (!get_be(r, 4, &stream_version) || !get_be(r, 4, &body_len)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': stream ends in the header",
                        desc->name);
        return false;
    }
    if (version >= 0 && stream_version != (uint64_t)version) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': stream is version %u, expected %d",
                        desc->name, (unsigned)stream_version, version);
        return false;
    }
    if (stream_version < (uint64_t)desc->minimum_version_id ||
        stream_version > (uint64_t)desc->version_id) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "section '%s': version %u not supported "
                        "(this build loads %d to %d)", desc->name,
                        (unsigned)stream_version, desc->minimum_version_id,
                        desc->version_id);
        return false;
    }

    /*
     * Walk the fields over what is really there, so a truncated stream
     * is reported at the first field it cuts short.
     */
    body.buf = r->buf + r->pos;
    body.len = MIN(body_len, r->len - r->pos);
    body.pos = 0;
    for (const VMStateField *f = desc->fields; f && f->name; f++) {
        if ((uint64_t)f->version_id > stream_version) {
            continue;
        }
        if (!load_field(f, opaque, &body, apply, errp)) {
            g_prefix_error(errp, "section '%s': ", desc->name);
            return false;
        }
    }
    if (!load_subsections(desc, opaque, &body, apply, errp)) {
        g_prefix_error(errp, "section '%s': ", desc->name);
        return false;
    }
    if (body.pos != body_len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': body is %u bytes, fields use %zu",
                        desc->name, (unsigned)body_len, body.pos);
        return false;
    }
    r->pos += body_len;
    if (!get_be(r, 4, &crc)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': stream ends before the checksum",
                        desc->name);
        return false;
    }
    if (crc != vmstate_crc32(body.buf, body_len)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': checksum mismatch (corrupt stream)",
                        desc->name);
        return false;
    }
    if (apply && desc->post_load &&
        !desc->post_load(opaque, (int)stream_version, errp)) {
        g_prefix_error(errp, "section '%s': post_load: ", desc->name);
        return false;
    }
    return true;
}

bool vmstate_load(const VMStateDescription *desc, void *opaque,
                  const uint8_t *buf, size_t len, int version, GError **errp)
{
    Reader r = { .buf = buf, .len = len, .pos = 0 };

    if (!load_section(desc, opaque, &r, version, false, errp)) {
        return false;
    }
    if (r.pos != len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "section '%s': %zu unexpected bytes after it",
                        desc->name, len - r.pos);
        return false;
    }
    r.pos = 0;
    return load_section(desc, opaque, &r, version, true, errp);
}
