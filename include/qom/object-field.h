/*
 * Field properties: a property stored in a member of the instance struct,
 * described by a static ObjectField (name, type, offset, default). Device
 * property arrays (hw/core/qdev-properties.h) and machine options are built
 * on these.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Storage per type: bool; char * (owned by the object, freed at finalize);
 * int8_t..int64_t; uint8_t..uint64_t; uint64_t for SIZE; int for ENUM (an
 * index into enum_names); Object * for LINK (a reference is held).
 */
#ifndef VIREO_QOM_OBJECT_FIELD_H
#define VIREO_QOM_OBJECT_FIELD_H

#include "qom/object.h"

typedef enum ObjectFieldType {
    OBJECT_FIELD_BOOL,
    OBJECT_FIELD_STR,
    OBJECT_FIELD_INT8,
    OBJECT_FIELD_INT16,
    OBJECT_FIELD_INT32,
    OBJECT_FIELD_INT64,
    OBJECT_FIELD_UINT8,
    OBJECT_FIELD_UINT16,
    OBJECT_FIELD_UINT32,
    OBJECT_FIELD_UINT64,
    OBJECT_FIELD_SIZE,
    OBJECT_FIELD_ENUM,
    OBJECT_FIELD_LINK,
} ObjectFieldType;

typedef struct ObjectField {
    const char *name;            /* NULL ends an array */
    ObjectFieldType type;
    size_t offset;               /* of the member in the instance struct */
    const char *description;
    bool has_default;            /* else the member starts zero / NULL */
    union {
        bool b;
        int64_t i;               /* INT*, ENUM (an index) */
        uint64_t u;              /* UINT*, SIZE */
        const char *s;           /* STR */
    } defval;
    const char *const *enum_names;   /* ENUM: NULL-terminated */
    /* ENUM: the type name shown in help; LINK: what the target must be. */
    const char *type_name;
} ObjectField;

/* Add field as a class property: every instance gets its default. */
ObjectProperty *object_class_property_add_field(ObjectClass *oc,
                                                const ObjectField *field);
/* Add field to one object (copied) and set the member to its default. */
ObjectProperty *object_property_add_field(Object *obj,
                                          const ObjectField *field,
                                          GError **errp);

#endif
