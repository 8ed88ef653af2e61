/*
 * Static device properties: DEFINE_PROP_* build a Property (an ObjectField)
 * bound to a member of the device state, with its default. A member of the
 * wrong C type is a compile error.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *     static const Property foo_props[] = {
 *         DEFINE_PROP_UINT32("num-queues", FooState, num_queues, 1,
 *                            .description = "number of request queues"),
 *         DEFINE_PROP_STRING("serial", FooState, serial),
 *         DEFINE_PROP_END_OF_LIST(),
 *     };
 *     device_class_set_props(dc, foo_props);
 *
 * Anything after the required arguments is extra designated initializers.
 */
#ifndef VIREO_HW_CORE_QDEV_PROPERTIES_H
#define VIREO_HW_CORE_QDEV_PROPERTIES_H

#include "hw/core/qdev.h"
#include "qom/object-field.h"

/* offsetof(state, field), refusing to compile unless field is a ctype. */
#define QDEV_PROP_OFFSET(state, field, ctype)                           \
    (offsetof(state, field) +                                           \
     0 * sizeof(char[__builtin_types_compatible_p(                      \
                    __typeof__(((state *)0)->field), ctype) ? 1 : -1]))

#define DEFINE_PROP_SIGNED_(_name, _state, _field, _def, _t, _ct, ...)  \
    { .name = (_name), .type = (_t),                                    \
      .offset = QDEV_PROP_OFFSET(_state, _field, _ct),                  \
      .has_default = true, .defval.i = (_def), __VA_ARGS__ }
#define DEFINE_PROP_UNSIGNED_(_name, _state, _field, _def, _t, _ct, ...) \
    { .name = (_name), .type = (_t),                                    \
      .offset = QDEV_PROP_OFFSET(_state, _field, _ct),                  \
      .has_default = true, .defval.u = (_def), __VA_ARGS__ }

#define DEFINE_PROP_BOOL(_name, _state, _field, _def, ...)              \
    { .name = (_name), .type = OBJECT_FIELD_BOOL,                       \
      .offset = QDEV_PROP_OFFSET(_state, _field, bool),                 \
      .has_default = true, .defval.b = (_def), __VA_ARGS__ }
/* A string, NULL unless set. */
#define DEFINE_PROP_STRING(_name, _state, _field, ...)                  \
    { .name = (_name), .type = OBJECT_FIELD_STR,                        \
      .offset = QDEV_PROP_OFFSET(_state, _field, char *), __VA_ARGS__ }

#define DEFINE_PROP_INT8(n, s, f, d, ...) \
    DEFINE_PROP_SIGNED_(n, s, f, d, OBJECT_FIELD_INT8, int8_t, __VA_ARGS__)
#define DEFINE_PROP_INT16(n, s, f, d, ...) \
    DEFINE_PROP_SIGNED_(n, s, f, d, OBJECT_FIELD_INT16, int16_t, __VA_ARGS__)
#define DEFINE_PROP_INT32(n, s, f, d, ...) \
    DEFINE_PROP_SIGNED_(n, s, f, d, OBJECT_FIELD_INT32, int32_t, __VA_ARGS__)
#define DEFINE_PROP_INT64(n, s, f, d, ...) \
    DEFINE_PROP_SIGNED_(n, s, f, d, OBJECT_FIELD_INT64, int64_t, __VA_ARGS__)
#define DEFINE_PROP_UINT8(n, s, f, d, ...) \
    DEFINE_PROP_UNSIGNED_(n, s, f, d, OBJECT_FIELD_UINT8, uint8_t, \
                          __VA_ARGS__)
#define DEFINE_PROP_UINT16(n, s, f, d, ...) \
    DEFINE_PROP_UNSIGNED_(n, s, f, d, OBJECT_FIELD_UINT16, uint16_t, \
                          __VA_ARGS__)
#define DEFINE_PROP_UINT32(n, s, f, d, ...) \
    DEFINE_PROP_UNSIGNED_(n, s, f, d, OBJECT_FIELD_UINT32, uint32_t, \
                          __VA_ARGS__)
#define DEFINE_PROP_UINT64(n, s, f, d, ...) \
    DEFINE_PROP_UNSIGNED_(n, s, f, d, OBJECT_FIELD_UINT64, uint64_t, \
                          __VA_ARGS__)
/* A byte count in a uint64_t; accepts "64K", "1.5G". */
#define DEFINE_PROP_SIZE(n, s, f, d, ...) \
    DEFINE_PROP_UNSIGNED_(n, s, f, d, OBJECT_FIELD_SIZE, uint64_t, \
                          __VA_ARGS__)

/*
 * An int member holding an index into names (a NULL-terminated string
 * table); type_name is what help calls the type.
 */
#define DEFINE_PROP_ENUM(_name, _state, _field, _def, _names, _type_name, \
                         ...)                                           \
    { .name = (_name), .type = OBJECT_FIELD_ENUM,                       \
      .offset = QDEV_PROP_OFFSET(_state, _field, int),                  \
      .has_default = true, .defval.i = (_def), .enum_names = (_names),  \
      .type_name = (_type_name), __VA_ARGS__ }

/*
 * A pointer member to another object that must be a _type; the value on
 * the command line is a path or a device id.
 */
#define DEFINE_PROP_LINK(_name, _state, _field, _type, _ptr_type, ...)  \
    { .name = (_name), .type = OBJECT_FIELD_LINK,                       \
      .offset = QDEV_PROP_OFFSET(_state, _field, _ptr_type),            \
      .type_name = (_type), __VA_ARGS__ }

#define DEFINE_PROP_END_OF_LIST() { .name = NULL }

#endif
