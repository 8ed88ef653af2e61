/*
 * Field properties: get, set, default and release for properties kept in
 * a member of the instance struct, described by an ObjectField.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qom/object-field.h"
#include "qom-internal.h"

#include <inttypes.h>
#include <string.h>

typedef struct FieldTypeInfo {
    const char *name;
    ObjectPropKind kind;
    size_t size;                 /* of the member */
    int64_t imin, imax;
    uint64_t umax;
} FieldTypeInfo;

static const FieldTypeInfo field_types[] = {
    [OBJECT_FIELD_BOOL] = { "bool", OBJECT_PROP_BOOL, sizeof(bool) },
    [OBJECT_FIELD_STR] = { "str", OBJECT_PROP_STR, sizeof(char *) },
    [OBJECT_FIELD_INT8] = { "int8", OBJECT_PROP_INT, 1, INT8_MIN, INT8_MAX },
    [OBJECT_FIELD_INT16] = { "int16", OBJECT_PROP_INT, 2, INT16_MIN,
                             INT16_MAX },
    [OBJECT_FIELD_INT32] = { "int32", OBJECT_PROP_INT, 4, INT32_MIN,
                             INT32_MAX },
    [OBJECT_FIELD_INT64] = { "int64", OBJECT_PROP_INT, 8, INT64_MIN,
                             INT64_MAX },
    [OBJECT_FIELD_UINT8] = { "uint8", OBJECT_PROP_UINT, 1, .umax = UINT8_MAX },
    [OBJECT_FIELD_UINT16] = { "uint16", OBJECT_PROP_UINT, 2,
                              .umax = UINT16_MAX },
    [OBJECT_FIELD_UINT32] = { "uint32", OBJECT_PROP_UINT, 4,
                              .umax = UINT32_MAX },
    [OBJECT_FIELD_UINT64] = { "uint64", OBJECT_PROP_UINT, 8,
                              .umax = UINT64_MAX },
    [OBJECT_FIELD_SIZE] = { "size", OBJECT_PROP_SIZE, 8, .umax = UINT64_MAX },
    [OBJECT_FIELD_ENUM] = { "enum", OBJECT_PROP_ENUM, sizeof(int) },
    [OBJECT_FIELD_LINK] = { "link", OBJECT_PROP_LINK, sizeof(Object *) },
};

static void *field_ptr(Object *obj, ObjectProperty *p)
{
    const ObjectField *f = p->opaque;

    return (char *)obj + f->offset;
}

static bool field_get(Object *obj, ObjectProperty *p, ObjectPropValue *out,
                      GError **errp)
{
    const ObjectField *f = p->opaque;
    void *ptr = field_ptr(obj, p);

    switch (f->type) {
    case OBJECT_FIELD_BOOL:
        out->b = *(bool *)ptr;
        break;
    case OBJECT_FIELD_STR:
        out->s = g_strdup(*(char **)ptr);
        break;
    case OBJECT_FIELD_INT8:
        out->i = *(int8_t *)ptr;
        break;
    case OBJECT_FIELD_INT16:
        out->i = *(int16_t *)ptr;
        break;
    case OBJECT_FIELD_INT32:
        out->i = *(int32_t *)ptr;
        break;
    case OBJECT_FIELD_INT64:
        out->i = *(int64_t *)ptr;
        break;
    case OBJECT_FIELD_UINT8:
        out->u = *(uint8_t *)ptr;
        break;
    case OBJECT_FIELD_UINT16:
        out->u = *(uint16_t *)ptr;
        break;
    case OBJECT_FIELD_UINT32:
        out->u = *(uint32_t *)ptr;
        break;
    case OBJECT_FIELD_UINT64:
    case OBJECT_FIELD_SIZE:
        out->u = *(uint64_t *)ptr;
        break;
    case OBJECT_FIELD_ENUM:
        out->i = *(int *)ptr;
        break;
    case OBJECT_FIELD_LINK:
        out->obj = *(Object **)ptr;
        break;
    }
    return true;
}

/* The generic layer has already range-checked the value. */
static bool field_set(Object *obj, ObjectProperty *p,
                      const ObjectPropValue *in, GError **errp)
{
    const ObjectField *f = p->opaque;
    void *ptr = field_ptr(obj, p);

    switch (f->type) {
    case OBJECT_FIELD_BOOL:
        *(bool *)ptr = in->b;
        break;
    case OBJECT_FIELD_STR:
        g_free(*(char **)ptr);
        *(char **)ptr = g_strdup(in->s);
        break;
    case OBJECT_FIELD_INT8:
        *(int8_t *)ptr = (int8_t)in->i;
        break;
    case OBJECT_FIELD_INT16:
        *(int16_t *)ptr = (int16_t)in->i;
        break;
    case OBJECT_FIELD_INT32:
        *(int32_t *)ptr = (int32_t)in->i;
        break;
    case OBJECT_FIELD_INT64:
        *(int64_t *)ptr = in->i;
        break;
    case OBJECT_FIELD_UINT8:
        *(uint8_t *)ptr = (uint8_t)in->u;
        break;
    case OBJECT_FIELD_UINT16:
        *(uint16_t *)ptr = (uint16_t)in->u;
        break;
    case OBJECT_FIELD_UINT32:
        *(uint32_t *)ptr = (uint32_t)in->u;
        break;
    case OBJECT_FIELD_UINT64:
    case OBJECT_FIELD_SIZE:
        *(uint64_t *)ptr = in->u;
        break;
    case OBJECT_FIELD_ENUM:
        *(int *)ptr = (int)in->i;
        break;
    case OBJECT_FIELD_LINK: {
        Object *old = *(Object **)ptr;
        *(Object **)ptr = object_ref(in->obj);
        object_unref(old);
        break;
    }
    }
    return true;
}

static void field_apply_default(Object *obj, ObjectProperty *p)
{
    const ObjectField *f = p->opaque;
    ObjectPropValue v = { 0 };

    if (!f->has_default || f->type == OBJECT_FIELD_LINK) {
        return;
    }
    switch (field_types[f->type].kind) {
    case OBJECT_PROP_BOOL:
        v.b = f->defval.b;
        break;
    case OBJECT_PROP_STR:
        v.s = (char *)f->defval.s;
        break;
    case OBJECT_PROP_INT:
    case OBJECT_PROP_ENUM:
        v.i = f->defval.i;
        break;
    default:
        v.u = f->defval.u;
        break;
    }
    field_set(obj, p, &v, NULL);
}

static void field_release_storage(Object *obj, ObjectProperty *p)
{
    const ObjectField *f = p->opaque;
    void *ptr = field_ptr(obj, p);

    if (f->type == OBJECT_FIELD_STR) {
        g_free(*(char **)ptr);
        *(char **)ptr = NULL;
    } else if (f->type == OBJECT_FIELD_LINK) {
        Object *old = *(Object **)ptr;
        *(Object **)ptr = NULL;
        object_unref(old);
    }
}

static void field_release_object_prop(Object *obj, ObjectProperty *p)
{
    field_release_storage(obj, p);
    g_free(p->opaque);
}

static char *field_default_text(const ObjectField *f)
{
    if (!f->has_default) {
        return NULL;
    }
    switch (field_types[f->type].kind) {
    case OBJECT_PROP_BOOL:
        return g_strdup(f->defval.b ? "true" : "false");
    case OBJECT_PROP_STR:
        return g_strdup(f->defval.s);
    case OBJECT_PROP_INT:
        return g_strdup_printf("%" PRId64, f->defval.i);
    case OBJECT_PROP_UINT:
    case OBJECT_PROP_SIZE:
        return g_strdup_printf("%" PRIu64, f->defval.u);
    case OBJECT_PROP_ENUM:
        return g_strdup(f->enum_names[f->defval.i]);
    default:
        return NULL;
    }
}

static char *field_type_text(const ObjectField *f)
{
    if (f->type == OBJECT_FIELD_LINK) {
        return g_strdup_printf("link<%s>", f->type_name ? f->type_name
                                                        : TYPE_OBJECT);
    }
    if (f->type == OBJECT_FIELD_ENUM && f->type_name) {
        return g_strdup(f->type_name);
    }
    return g_strdup(field_types[f->type].name);
}

static void field_describe(ObjectProperty *p, const ObjectField *f)
{
    const FieldTypeInfo *ft = &field_types[f->type];

    p->description = g_strdup(f->description);
    p->defval = field_default_text(f);
    p->enum_names = f->enum_names;
    p->target_type = g_strdup(f->type == OBJECT_FIELD_LINK ? f->type_name
                                                           : NULL);
    if (ft->kind == OBJECT_PROP_INT) {
        object_property_set_int_range(p, ft->imin, ft->imax);
    } else if (ft->kind == OBJECT_PROP_UINT || ft->kind == OBJECT_PROP_SIZE) {
        object_property_set_uint_range(p, 0, ft->umax);
    }
}

static void field_validate(const ObjectField *f, const char *owner)
{
    if ((unsigned)f->type >= G_N_ELEMENTS(field_types)) {
        qom_bug("'%s.%s': bad field type %d", owner, f->name, f->type);
    }
    if (f->type == OBJECT_FIELD_ENUM &&
        (!f->enum_names || (f->has_default && f->defval.i < 0))) {
        qom_bug("'%s.%s': enum without names", owner, f->name);
    }
}

ObjectProperty *object_class_property_add_field(ObjectClass *oc,
                                                const ObjectField *field)
{
    g_autofree char *type = field_type_text(field);
    ObjectProperty *p;

    field_validate(field, object_class_get_name(oc));
    p = object_class_property_add(oc, field->name, type,
                                  field_types[field->type].kind, field_get,
                                  field_set, (void *)field);
    field_describe(p, field);
    p->init = field_apply_default;
    p->release = field_release_storage;
    return p;
}

ObjectProperty *object_property_add_field(Object *obj,
                                          const ObjectField *field,
                                          GError **errp)
{
    g_autofree char *type = field_type_text(field);
    ObjectField *copy;
    ObjectProperty *p;

    field_validate(field, object_get_typename(obj));
    copy = g_new(ObjectField, 1);
    *copy = *field;
    p = object_property_add(obj, field->name, type,
                            field_types[field->type].kind, field_get,
                            field_set, field_release_object_prop, copy,
                            errp);
    if (!p) {
        g_free(copy);
        return NULL;
    }
    field_describe(p, field);
    field_apply_default(obj, p);
    return p;
}
