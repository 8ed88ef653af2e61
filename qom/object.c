/*
 * Types and classes: the registry, lazy class construction, casts, and the
 * life of an instance from object_new to its last object_unref.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qom/object.h"
#include "qom-internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct TypeImpl {
    const TypeInfo *info;
    const char *name;
    Type parent_type;            /* resolved at class construction */
    size_t instance_size;
    size_t class_size;
    ObjectClass *class;
    bool initializing;           /* catches a parent cycle */
};

static GHashTable *type_table;   /* name -> TypeImpl */
/* Class construction may nest (a class_init looking up another class). */
static GRecMutex type_lock;

void qom_bug(const char *fmt, ...)
{
    va_list ap;

    fputs("vireo: qom: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

Type type_register_static(const TypeInfo *info)
{
    Type t;

    if (!info->name) {
        qom_bug("a type without a name was registered");
    }
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    if (g_hash_table_contains(type_table, info->name)) {
        qom_bug("type '%s' is registered twice", info->name);
    }
    t = g_new0(struct TypeImpl, 1);
    t->info = info;
    t->name = info->name;
    g_hash_table_insert(type_table, (gpointer)t->name, t);
    return t;
}

void type_register_static_array(const TypeInfo *infos, int n)
{
    for (int i = 0; i < n; i++) {
        type_register_static(&infos[i]);
    }
}

static Type type_lookup(const char *name)
{
    return type_table && name ? g_hash_table_lookup(type_table, name) : NULL;
}

static void type_initialize(Type t);

static Type type_parent(Type t)
{
    const char *pname = t->info->parent;

    if (!pname) {
        return NULL;
    }
    if (!t->parent_type) {
        t->parent_type = type_lookup(pname);
        if (!t->parent_type) {
            qom_bug("type '%s' has parent '%s', which is not registered",
                    t->name, pname);
        }
    }
    return t->parent_type;
}

static bool type_is_ancestor(Type t, Type ancestor)
{
    for (; t; t = type_parent(t)) {
        if (t == ancestor) {
            return true;
        }
    }
    return false;
}

static bool type_is_interface(Type t)
{
    return type_is_ancestor(t, type_lookup(TYPE_INTERFACE));
}

static InterfaceClass *class_find_interface(ObjectClass *oc, Type iface)
{
    for (GSList *l = oc->interfaces; l; l = l->next) {
        InterfaceClass *ic = l->data;
        if (type_is_ancestor(ic->interface_type, iface)) {
            return ic;
        }
    }
    return NULL;
}

/* Give oc its own copy of an interface class, ready for oc's class_init. */
static void class_add_interface(ObjectClass *oc, Type iface,
                                const InterfaceClass *template)
{
    InterfaceClass *ic;

    type_initialize(iface);
    ic = g_malloc0(iface->class_size);
    if (template) {
        memcpy(ic, template, iface->class_size);
    } else {
        memcpy(ic, iface->class, iface->class_size);
    }
    ic->parent_class.interfaces = NULL;
    ic->parent_class.properties = g_ptr_array_new();
    ic->concrete_class = oc;
    ic->interface_type = iface;
    oc->interfaces = g_slist_append(oc->interfaces, ic);
}

static void type_run_base_inits(Type t, ObjectClass *oc)
{
    if (!t) {
        return;
    }
    type_run_base_inits(type_parent(t), oc);
    if (t->info->class_base_init) {
        t->info->class_base_init(oc, oc->type->info->class_data);
    }
}

static void type_initialize(Type t)
{
    Type parent;

    g_rec_mutex_lock(&type_lock);
    if (t->class) {
        g_rec_mutex_unlock(&type_lock);
        return;
    }
    if (t->initializing) {
        qom_bug("type '%s' is its own ancestor", t->name);
    }
    t->initializing = true;
    parent = type_parent(t);
    if (parent) {
        type_initialize(parent);
    }

    t->class_size = t->info->class_size;
    t->instance_size = t->info->instance_size;
    if (parent) {
        if (!t->class_size) {
            t->class_size = parent->class_size;
        }
        if (!t->instance_size) {
            t->instance_size = parent->instance_size;
        }
        if (t->class_size < parent->class_size ||
            t->instance_size < parent->instance_size) {
            qom_bug("type '%s' is smaller than its parent '%s'",
                    t->name, parent->name);
        }
    } else {
        if (!t->class_size) {
            t->class_size = sizeof(ObjectClass);
        }
        if (!t->instance_size) {
            t->instance_size = sizeof(Object);
        }
    }
    if (type_is_interface(t) && t->class_size < sizeof(InterfaceClass)) {
        qom_bug("interface '%s' has a class smaller than InterfaceClass",
                t->name);
    }

    ObjectClass *oc = g_malloc0(t->class_size);
    if (parent) {
        memcpy(oc, parent->class, parent->class_size);
    }
    oc->type = t;
    oc->interfaces = NULL;
    oc->properties = g_ptr_array_new();

    if (parent) {
        for (GSList *l = parent->class->interfaces; l; l = l->next) {
            InterfaceClass *pic = l->data;
            class_add_interface(oc, pic->interface_type, pic);
        }
    }
    for (const InterfaceInfo *ii = t->info->interfaces; ii && ii->type;
         ii++) {
        Type iface = type_lookup(ii->type);
        if (!iface || !type_is_interface(iface)) {
            qom_bug("type '%s' implements '%s', which is not an interface",
                    t->name, ii->type);
        }
        if (!class_find_interface(oc, iface)) {
            class_add_interface(oc, iface, NULL);
        }
    }

    /* Published before class_init so it may look up its own class. */
    t->class = oc;
    type_run_base_inits(parent, oc);
    if (t->info->class_init) {
        t->info->class_init(oc, t->info->class_data);
    }
    t->initializing = false;
    g_rec_mutex_unlock(&type_lock);
}

ObjectClass *object_class_by_name(const char *typename)
{
    Type t = type_lookup(typename);

    if (!t) {
        return NULL;
    }
    type_initialize(t);
    return t->class;
}

const char *object_class_get_name(ObjectClass *oc)
{
    return oc->type->name;
}

ObjectClass *object_class_get_parent(ObjectClass *oc)
{
    Type parent = type_parent(oc->type);

    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->class;
}

/* Interfaces never have instances of their own. */
static bool type_is_abstract(Type t)
{
    return t->info->abstract || type_is_interface(t);
}

bool object_class_is_abstract(ObjectClass *oc)
{
    return type_is_abstract(oc->type);
}

ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename)
{
    Type target;

    if (!oc) {
        return NULL;
    }
    target = type_lookup(typename);
    if (!target) {
        return NULL;
    }
    if (type_is_ancestor(oc->type, target)) {
        return oc;
    }
    if (type_is_interface(target)) {
        return (ObjectClass *)class_find_interface(oc, target);
    }
    return NULL;
}

/*
 * The checked casts are given TYPE_* string literals, so a type name's
 * address identifies it for as long as the program runs; the hierarchy
 * never changes after registration, so a hit can never go stale.
 */
static bool class_cast_cached(ObjectClass *oc, const char *typename)
{
    for (size_t i = 0; i < G_N_ELEMENTS(oc->cast_cache); i++) {
        if (g_atomic_pointer_get(&oc->cast_cache[i]) == typename) {
            return true;
        }
    }
    return false;
}

static void class_cast_remember(ObjectClass *oc, const char *typename)
{
    size_t slot = (GPOINTER_TO_SIZE(typename) >> 3) %
                  G_N_ELEMENTS(oc->cast_cache);

    g_atomic_pointer_set(&oc->cast_cache[slot], typename);
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *oc,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!oc || class_cast_cached(oc, typename)) {
        return oc;
    }
    ret = object_class_dynamic_cast(oc, typename);
    if (!ret) {
        fprintf(stderr, "%s:%d:%s: class '%s' is not a '%s'\n", file, line,
                func, oc->type->name, typename);
        abort();
    }
    if (ret == oc) {
        class_cast_remember(oc, typename);
    }
    return ret;
}

static gint class_compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list(const char *implements, bool include_abstract)
{
    GSList *list = NULL;
    GHashTableIter it;
    gpointer value;

    if (!type_table) {
        return NULL;
    }
    g_hash_table_iter_init(&it, type_table);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        Type t = value;
        type_initialize(t);
        if (!include_abstract && type_is_abstract(t)) {
            continue;
        }
        if (implements && !object_class_dynamic_cast(t->class, implements)) {
            continue;
        }
        list = g_slist_prepend(list, t->class);
    }
    return g_slist_sort(list, class_compare_names);
}

/* ---- instances ---- */

static void object_init_with_type(Object *obj, Type t)
{
    Type parent = type_parent(t);

    if (parent) {
        object_init_with_type(obj, parent);
    }
    if (t->info->instance_init) {
        t->info->instance_init(obj);
    }
}

static void object_post_init_with_type(Object *obj, Type t)
{
    Type parent = type_parent(t);

    if (parent) {
        object_post_init_with_type(obj, parent);
    }
    if (t->info->instance_post_init) {
        t->info->instance_post_init(obj);
    }
}

static void object_initialize_with_type(void *data, size_t size, Type t)
{
    Object *obj = data;

    type_initialize(t);
    if (t->info->abstract) {
        qom_bug("cannot create an instance of abstract type '%s'", t->name);
    }
    if (type_is_interface(t)) {
        qom_bug("cannot create an instance of interface '%s'", t->name);
    }
    if (size < t->instance_size) {
        qom_bug("%zu bytes are too few for an instance of '%s'", size,
                t->name);
    }
    memset(obj, 0, t->instance_size);
    obj->klass = t->class;
    obj->ref = 1;
    obj->properties = g_ptr_array_new();
    object_property_init_instance(obj);
    object_init_with_type(obj, t);
    object_post_init_with_type(obj, t);
}

void object_initialize(void *data, size_t size, const char *typename)
{
    Type t = type_lookup(typename);

    if (!t) {
        qom_bug("no type '%s' to initialize", typename);
    }
    object_initialize_with_type(data, size, t);
}

Object *object_new_with_type(Type t)
{
    Object *obj;

    type_initialize(t);
    obj = g_malloc(t->instance_size);
    object_initialize_with_type(obj, t->instance_size, t);
    obj->free = g_free;
    return obj;
}

Object *object_new(const char *typename)
{
    Type t = type_lookup(typename);

    if (!t) {
        qom_bug("object_new: no type '%s'", typename);
    }
    return object_new_with_type(t);
}

Object *object_ref(void *opaque)
{
    Object *obj = opaque;

    if (obj) {
        g_atomic_int_inc(&obj->ref);
    }
    return obj;
}

static void object_finalize(Object *obj)
{
    object_property_del_all(obj);
    for (Type t = obj->klass->type; t; t = type_parent(t)) {
        if (t->info->instance_finalize) {
            t->info->instance_finalize(obj);
        }
    }
    /* After the finalizers, which may still read their own fields. */
    object_property_release_instance(obj);
    g_ptr_array_free(obj->properties, true);
    obj->properties = NULL;
    if (obj->free) {
        obj->free(obj);
    }
}

void object_unref(void *opaque)
{
    Object *obj = opaque;

    if (!obj) {
        return;
    }
    if (obj->ref <= 0) {
        qom_bug("unref of a '%s' with no references left",
                object_get_typename(obj));
    }
    if (g_atomic_int_dec_and_test(&obj->ref)) {
        if (obj->parent) {
            qom_bug("a '%s' lost its last reference while in the tree",
                    object_get_typename(obj));
        }
        object_finalize(obj);
    }
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->klass;
}

const char *object_get_typename(const Object *obj)
{
    return obj->klass->type->name;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->klass, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    ObjectClass *oc;

    if (!obj || class_cast_cached(obj->klass, typename)) {
        return obj;
    }
    oc = object_class_dynamic_cast(obj->klass, typename);
    if (!oc) {
        fprintf(stderr, "%s:%d:%s: object of type '%s' is not a '%s'\n",
                file, line, func, object_get_typename(obj), typename);
        abort();
    }
    /* Interface casts stay out: a class cast to one must not return oc. */
    if (oc == obj->klass) {
        class_cast_remember(oc, typename);
    }
    return obj;
}

/* ---- the two root types, and containers ---- */

static const TypeInfo base_types[] = {
    {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_size = sizeof(ObjectClass),
        .abstract = true,
    },
    {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    },
    {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
    },
};

DEFINE_TYPES(base_types)
