/*
 * Properties: adding, finding, walking and deleting them, and the
 * per-instance defaults and release of class properties.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qom/object.h"
#include "qom-internal.h"
#include "util/error.h"

#include <string.h>

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropKind kind,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set, void *opaque)
{
    ObjectProperty *p = g_new0(ObjectProperty, 1);

    p->name = g_strdup(name);
    p->type = g_strdup(type);
    p->kind = kind;
    p->get = get;
    p->set = set;
    p->opaque = opaque;
    p->imin = INT64_MIN;
    p->imax = INT64_MAX;
    p->umin = 0;
    p->umax = UINT64_MAX;
    return p;
}

static void property_free(ObjectProperty *p)
{
    g_free(p->name);
    g_free(p->type);
    g_free(p->description);
    g_free(p->defval);
    g_free(p->target_type);
    g_free(p);
}

static ObjectProperty *array_find(GPtrArray *props, const char *name)
{
    for (guint i = 0; i < props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(props, i);
        if (!strcmp(p->name, name)) {
            return p;
        }
    }
    return NULL;
}

ObjectProperty *object_class_property_find(ObjectClass *oc, const char *name)
{
    for (; oc; oc = object_class_get_parent(oc)) {
        ObjectProperty *p = array_find(oc->properties, name);
        if (p) {
            return p;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *p = array_find(obj->properties, name);

    return p ? p : object_class_property_find(obj->klass, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         GError **errp)
{
    ObjectProperty *p = object_property_find(obj, name);

    if (!p) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "Property '%s.%s' not found",
                        object_get_typename(obj), name);
    }
    return p;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type, ObjectPropKind kind,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque, GError **errp)
{
    ObjectProperty *p;

    if (object_property_find(obj, name)) {
        g_autofree char *path = object_get_canonical_path(obj);
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' already has a property '%s'",
                        path ? path : object_get_typename(obj), name);
        return NULL;
    }
    p = property_new(name, type, kind, get, set, opaque);
    p->release = release;
    g_ptr_array_add(obj->properties, p);
    return p;
}

ObjectProperty *object_class_property_add(ObjectClass *oc, const char *name,
                                          const char *type,
                                          ObjectPropKind kind,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          void *opaque)
{
    ObjectProperty *p;

    if (object_class_property_find(oc, name)) {
        qom_bug("class '%s' already has a property '%s'",
                object_class_get_name(oc), name);
    }
    p = property_new(name, type, kind, get, set, opaque);
    g_ptr_array_add(oc->properties, p);
    return p;
}

void object_property_set_description(ObjectProperty *prop,
                                     const char *description)
{
    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_property_set_default_str(ObjectProperty *prop, const char *def)
{
    g_free(prop->defval);
    prop->defval = g_strdup(def);
}

void object_property_set_int_range(ObjectProperty *prop, int64_t min,
                                   int64_t max)
{
    prop->imin = min;
    prop->imax = max;
}

void object_property_set_uint_range(ObjectProperty *prop, uint64_t min,
                                    uint64_t max)
{
    prop->umin = min;
    prop->umax = max;
}

static void property_delete_at(Object *obj, guint index)
{
    ObjectProperty *p = g_ptr_array_steal_index(obj->properties, index);

    if (p->release) {
        p->release(obj, p);
    }
    property_free(p);
}

bool object_property_del(Object *obj, const char *name, GError **errp)
{
    for (guint i = 0; i < obj->properties->len; i++) {
        ObjectProperty *p = g_ptr_array_index(obj->properties, i);
        if (!strcmp(p->name, name)) {
            property_delete_at(obj, i);
            return true;
        }
    }
    vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                    "Property '%s.%s' not found", object_get_typename(obj),
                    name);
    return false;
}

static void class_chain_init(Object *obj, ObjectClass *oc)
{
    ObjectClass *parent = object_class_get_parent(oc);

    if (parent) {
        class_chain_init(obj, parent);
    }
    for (guint i = 0; i < oc->properties->len; i++) {
        ObjectProperty *p = g_ptr_array_index(oc->properties, i);
        if (p->init) {
            p->init(obj, p);
        }
    }
}

void object_property_init_instance(Object *obj)
{
    class_chain_init(obj, obj->klass);
}

void object_property_del_all(Object *obj)
{
    /* Newest first, so later additions that refer to earlier ones go first */
    while (obj->properties->len) {
        property_delete_at(obj, obj->properties->len - 1);
    }
}

void object_property_release_instance(Object *obj)
{
    for (ObjectClass *oc = obj->klass; oc; oc = object_class_get_parent(oc)) {
        for (guint i = 0; i < oc->properties->len; i++) {
            ObjectProperty *p = g_ptr_array_index(oc->properties, i);
            if (p->release) {
                p->release(obj, p);
            }
        }
    }
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    iter->array = obj->properties;
    iter->index = 0;
    iter->next_class = obj->klass;
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *oc)
{
    iter->array = oc->properties;
    iter->index = 0;
    iter->next_class = object_class_get_parent(oc);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    while (iter->index >= iter->array->len) {
        if (!iter->next_class) {
            return NULL;
        }
        iter->array = iter->next_class->properties;
        iter->index = 0;
        iter->next_class = object_class_get_parent(iter->next_class);
    }
    return g_ptr_array_index(iter->array, iter->index++);
}
