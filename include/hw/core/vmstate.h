/*
 * State descriptions: a table per device saying which fields of its state
 * struct make up its saved state, so snapshots and migration can be
 * built later without touching every device.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *     static const VMStateField uart_fields[] = {
 *         VMSTATE_UINT8(lcr, UARTState),
 *         VMSTATE_UINT8_ARRAY(fifo, UARTState, 16),
 *         VMSTATE_BOOL_V(thr_ipending, UARTState, 2),   (from version 2)
 *         VMSTATE_END_OF_LIST()
 *     };
 *     const VMStateDescription vmstate_uart = {
 *         .name = "uart", .version_id = 2, .minimum_version_id = 1,
 *         .fields = uart_fields,
 *     };
 *
 * The macros check at compile time that the field has exactly the type
 * named, so a changed struct member cannot be saved with the wrong size.
 *
 * Stream format (all integers big-endian), one section per description:
 *     u16 magic 0x5653 ("VS"), u8 name length, name, u32 version,
 *     u32 body length, body, u32 CRC-32 of the body.
 * The body holds the fields in table order (those present in that
 * version): scalars as their bytes; arrays and buffers as a u32 element
 * count then the elements; nested structs as nested sections; then a u8
 * count of subsections, each a section.
 */
#ifndef VIREO_HW_CORE_VMSTATE_H
#define VIREO_HW_CORE_VMSTATE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct VMStateDescription VMStateDescription;

typedef enum {
    VMSTATE_KIND_BOOL,
    VMSTATE_KIND_INT,       /* signed, 1/2/4/8 bytes */
    VMSTATE_KIND_UINT,      /* unsigned, 1/2/4/8 bytes */
    VMSTATE_KIND_BUFFER,    /* opaque bytes */
    VMSTATE_KIND_STRUCT,    /* described by .vmsd */
} VMStateKind;

typedef struct VMStateField {
    const char *name;       /* NULL ends the table */
    size_t offset;
    size_t size;            /* of one element (of the whole buffer) */
    unsigned num;           /* array length; 0 for a single value */
    VMStateKind kind;
    int version_id;         /* in the stream from this version on */
    const VMStateDescription *vmsd;
} VMStateField;

struct VMStateDescription {
    const char *name;               /* at most 255 bytes */
    int version_id;                 /* written by vmstate_save */
    int minimum_version_id;         /* oldest stream vmstate_load takes */
    const VMStateField *fields;
    /*
     * Optional extra sections on the same opaque, saved only when their
     * .needed says so; a loader that lacks one rejects the stream, one
     * missing from the stream is left as it was. NULL-terminated.
     */
    const VMStateDescription *const *subsections;
    bool (*needed)(void *opaque);   /* for subsections */
    bool (*pre_save)(void *opaque, GError **errp);
    bool (*post_load)(void *opaque, int version_id, GError **errp);
};

/* Pass as vmstate_load's version to take it from the stream. */
#define VMSTATE_VERSION_FROM_STREAM (-1)

/*
 * Append desc's section for the state at opaque to out. On failure (a
 * pre_save hook refused) out is left as it was.
 */
bool vmstate_save(const VMStateDescription *desc, void *opaque,
                  GByteArray *out, GError **errp);

/*
 * Load one section from buf (exactly len bytes). version: the version
 * the caller knows the stream to have, or VMSTATE_VERSION_FROM_STREAM.
 *
 * The whole stream is checked before anything is written: a truncated,
 * corrupt (bad checksum, bad bool, wrong array length), too old or too
 * new, or another device's stream is rejected with an error naming the
 * section and field, and the state at opaque is untouched. Only a
 * post_load hook can fail after the state was written; then the state
 * is loaded but inconsistent, and the caller must reset the device (the
 * error says which hook failed).
 */
bool vmstate_load(const VMStateDescription *desc, void *opaque,
                  const uint8_t *buf, size_t len, int version, GError **errp);

/* Field macros. */

#define vmstate_typeof_field(S, f) __typeof__(((S *)0)->f)
/* 0, or a compile error if S.f is not of type T. */
#define vmstate_type_check(S, f, T)                                        \
    (0 * sizeof(struct {                                                   \
        int vmstate_dummy_;                                                \
        _Static_assert(__builtin_types_compatible_p(                       \
                           vmstate_typeof_field(S, f), T),                 \
                       "vmstate: " #S "." #f " is not " #T);               \
    }))

#define VMSTATE_SINGLE_V(f, S, v, k, T) {                                  \
    .name = #f,                                                            \
    .offset = offsetof(S, f) + vmstate_type_check(S, f, T),                \
    .size = sizeof(T),                                                     \
    .num = 0,                                                              \
    .kind = (k),                                                           \
    .version_id = (v),                                                     \
}

#define VMSTATE_ARRAY_V(f, S, n, v, k, T) {                                \
    .name = #f,                                                            \
    .offset = offsetof(S, f) + vmstate_type_check(S, f, T[n]),             \
    .size = sizeof(T),                                                     \
    .num = (n),                                                            \
    .kind = (k),                                                           \
    .version_id = (v),                                                     \
}

#define VMSTATE_BOOL_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_BOOL, bool)
#define VMSTATE_INT8_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_INT, int8_t)
#define VMSTATE_INT16_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_INT, int16_t)
#define VMSTATE_INT32_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_INT, int32_t)
#define VMSTATE_INT64_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_INT, int64_t)
#define VMSTATE_UINT8_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_UINT, uint8_t)
#define VMSTATE_UINT16_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_UINT, uint16_t)
#define VMSTATE_UINT32_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_UINT, uint32_t)
#define VMSTATE_UINT64_V(f, S, v) \
    VMSTATE_SINGLE_V(f, S, v, VMSTATE_KIND_UINT, uint64_t)

#define VMSTATE_BOOL(f, S)   VMSTATE_BOOL_V(f, S, 0)
#define VMSTATE_INT8(f, S)   VMSTATE_INT8_V(f, S, 0)
#define VMSTATE_INT16(f, S)  VMSTATE_INT16_V(f, S, 0)
#define VMSTATE_INT32(f, S)  VMSTATE_INT32_V(f, S, 0)
#define VMSTATE_INT64(f, S)  VMSTATE_INT64_V(f, S, 0)
#define VMSTATE_UINT8(f, S)  VMSTATE_UINT8_V(f, S, 0)
#define VMSTATE_UINT16(f, S) VMSTATE_UINT16_V(f, S, 0)
#define VMSTATE_UINT32(f, S) VMSTATE_UINT32_V(f, S, 0)
#define VMSTATE_UINT64(f, S) VMSTATE_UINT64_V(f, S, 0)

#define VMSTATE_UINT8_ARRAY_V(f, S, n, v)  \
    VMSTATE_ARRAY_V(f, S, n, v, VMSTATE_KIND_UINT, uint8_t)
#define VMSTATE_UINT16_ARRAY_V(f, S, n, v) \
    VMSTATE_ARRAY_V(f, S, n, v, VMSTATE_KIND_UINT, uint16_t)
#define VMSTATE_UINT32_ARRAY_V(f, S, n, v) \
    VMSTATE_ARRAY_V(f, S, n, v, VMSTATE_KIND_UINT, uint32_t)
#define VMSTATE_UINT64_ARRAY_V(f, S, n, v) \
    VMSTATE_ARRAY_V(f, S, n, v, VMSTATE_KIND_UINT, uint64_t)
#define VMSTATE_UINT8_ARRAY(f, S, n)  VMSTATE_UINT8_ARRAY_V(f, S, n, 0)
#define VMSTATE_UINT16_ARRAY(f, S, n) VMSTATE_UINT16_ARRAY_V(f, S, n, 0)
#define VMSTATE_UINT32_ARRAY(f, S, n) VMSTATE_UINT32_ARRAY_V(f, S, n, 0)
#define VMSTATE_UINT64_ARRAY(f, S, n) VMSTATE_UINT64_ARRAY_V(f, S, n, 0)

/* A uint8_t[] member saved as one opaque block of bytes. */
#define VMSTATE_BUFFER_V(f, S, v) {                                        \
    .name = #f,                                                            \
    .offset = offsetof(S, f) +                                             \
        vmstate_type_check(S, f, uint8_t[sizeof(((S *)0)->f)]),            \
    .size = sizeof(((S *)0)->f),                                           \
    .num = 0,                                                              \
    .kind = VMSTATE_KIND_BUFFER,                                           \
    .version_id = (v),                                                     \
}
#define VMSTATE_BUFFER(f, S) VMSTATE_BUFFER_V(f, S, 0)

/* A member of struct type T described by desc. */
#define VMSTATE_STRUCT_V(f, S, v, desc, T) {                               \
    .name = #f,                                                            \
    .offset = offsetof(S, f) + vmstate_type_check(S, f, T),                \
    .size = sizeof(T),                                                     \
    .num = 0,                                                              \
    .kind = VMSTATE_KIND_STRUCT,                                           \
    .version_id = (v),                                                     \
    .vmsd = &(desc),                                                       \
}
#define VMSTATE_STRUCT(f, S, desc, T) VMSTATE_STRUCT_V(f, S, 0, desc, T)

/* A member of type T[n], each element described by desc. */
#define VMSTATE_STRUCT_ARRAY_V(f, S, n, v, desc, T) {                      \
    .name = #f,                                                            \
    .offset = offsetof(S, f) + vmstate_type_check(S, f, T[n]),             \
    .size = sizeof(T),                                                     \
    .num = (n),                                                            \
    .kind = VMSTATE_KIND_STRUCT,                                           \
    .version_id = (v),                                                     \
    .vmsd = &(desc),                                                       \
}
#define VMSTATE_STRUCT_ARRAY(f, S, n, desc, T) \
    VMSTATE_STRUCT_ARRAY_V(f, S, n, 0, desc, T)

#define VMSTATE_END_OF_LIST() { .name = NULL }

#endif
