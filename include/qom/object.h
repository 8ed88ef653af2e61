/*
 * The object model: named types with single inheritance and interfaces,
 * reference-counted instances, typed properties and a composition tree
 * rooted at "/". CPUs, devices and machines are all objects.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A type is described by a static TypeInfo registered from a constructor
 * (type_init). Its class is built lazily the first time it is needed,
 * parents first. Casting through the checked macros is for code that knows
 * what it holds: a failed checked cast is a bug and aborts. Anything that
 * comes from the user (a type name, a property value) goes through the
 * functions that take GError.
 */
#ifndef VIREO_QOM_OBJECT_H
#define VIREO_QOM_OBJECT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct TypeImpl *Type;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct InterfaceClass InterfaceClass;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/* One interface a type implements; arrays end with { NULL }. */
typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

typedef struct TypeInfo {
    const char *name;
    const char *parent;          /* NULL only for "object" and "interface" */

    size_t instance_size;        /* 0: the parent's */
    /* Run parent first. instance_post_init runs after every instance_init. */
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    /* Run child first, when the last reference goes. */
    void (*instance_finalize)(Object *obj);

    bool abstract;               /* no instances, only subtypes */

    size_t class_size;           /* 0: the parent's */
    /*
     * class_base_init of every ancestor runs on each new subclass before
     * its class_init; it resets what must not be inherited by copy.
     */
    void (*class_base_init)(ObjectClass *oc, const void *data);
    void (*class_init)(ObjectClass *oc, const void *data);
    const void *class_data;

    const InterfaceInfo *interfaces;
} TypeInfo;

struct ObjectClass {
    Type type;
    GSList *interfaces;          /* InterfaceClass *, one per interface */
    GPtrArray *properties;       /* this class's own ObjectProperty * */
    /* Called by object_unparent before the object leaves the tree. */
    void (*unparent)(Object *obj);
    /*
     * Type names this class was last checked-cast to successfully (as
     * itself), compared by pointer: checked casts run on hot paths (every
     * block lookup, every FP helper) and a name lookup there is too slow.
     */
    const char *cast_cache[4];
};

struct Object {
    ObjectClass *klass;
    void (*free)(void *obj);     /* NULL for objects embedded in others */
    GPtrArray *properties;       /* per-instance ObjectProperty * */
    int ref;
    Object *parent;              /* in the composition tree, or NULL */
};

/* The class of an interface, as seen through one implementing class. */
struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class; /* the class that implements it */
    Type interface_type;
};

/* ---- registration ---- */

/* Register info (kept by pointer: it must be static). */
Type type_register_static(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int n);

/* Run fn when the program (or test) starts, before main. */
#define type_init(fn)                                              \
    static void __attribute__((constructor)) vireo_type_init_##fn(void) \
    {                                                              \
        fn();                                                      \
    }

/* Register a static array of TypeInfo at start-up. */
#define DEFINE_TYPES(infos)                                        \
    static void vireo_register_##infos(void)                       \
    {                                                              \
        type_register_static_array(infos, G_N_ELEMENTS(infos));    \
    }                                                              \
    type_init(vireo_register_##infos)

/* ---- classes ---- */

/* NULL when no such type is registered (user input is fine here). */
ObjectClass *object_class_by_name(const char *typename);
const char *object_class_get_name(ObjectClass *oc);
ObjectClass *object_class_get_parent(ObjectClass *oc);
bool object_class_is_abstract(ObjectClass *oc);
/*
 * oc as typename's class (an ancestor of oc's type, or the InterfaceClass
 * of an interface oc implements), or NULL.
 */
ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename);
/*
 * Every class that is or descends from (or implements) implements (NULL:
 * all), sorted by type name. Free with g_slist_free.
 */
GSList *object_class_get_list(const char *implements, bool include_abstract);

/* ---- instances ---- */

/* A new instance with one reference. Unknown or abstract types are bugs. */
Object *object_new(const char *typename);
Object *object_new_with_type(Type type);
/* Build an instance inside size bytes at data (for embedded objects). */
void object_initialize(void *data, size_t size, const char *typename);

Object *object_ref(void *obj);
/* Drop a reference; at zero the object is finalized and freed. */
void object_unref(void *obj);

ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);
/* obj if it is (or implements) typename, else NULL. */
Object *object_dynamic_cast(Object *obj, const char *typename);

/* Back ends of the checked casts: abort with one line on mismatch. */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *oc,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(oc) ((ObjectClass *)(oc))

#define OBJECT_CHECK(type, obj, name)                                   \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__,  \
                                        __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, oc, name)                        \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(oc),   \
                                                    (name), __FILE__,   \
                                                    __LINE__, __func__))
#define OBJECT_GET_CLASS(class_type, obj, name)                         \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/*
 * OBJECT_DECLARE_TYPE(FooState, FooClass, FOO) with TYPE_FOO defined
 * declares the two structs' typedefs and the checked casts FOO(obj),
 * FOO_CLASS(oc) and FOO_GET_CLASS(obj).
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, NAME)              \
    typedef struct InstanceType InstanceType;                           \
    typedef struct ClassType ClassType;                                 \
    G_GNUC_UNUSED static inline InstanceType *NAME(const void *obj)     \
    {                                                                   \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##NAME);            \
    }                                                                   \
    G_GNUC_UNUSED static inline ClassType *NAME##_CLASS(const void *oc) \
    {                                                                   \
        return OBJECT_CLASS_CHECK(ClassType, oc, TYPE_##NAME);          \
    }                                                                   \
    G_GNUC_UNUSED static inline ClassType *NAME##_GET_CLASS(const void *obj) \
    {                                                                   \
        return OBJECT_GET_CLASS(ClassType, obj, TYPE_##NAME);           \
    }

/* The same for a type that adds nothing to its parent's class. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, NAME)                  \
    typedef struct InstanceType InstanceType;                           \
    G_GNUC_UNUSED static inline InstanceType *NAME(const void *obj)     \
    {                                                                   \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##NAME);            \
    }

/* ---- properties ---- */

typedef enum ObjectPropKind {
    OBJECT_PROP_BOOL,
    OBJECT_PROP_STR,
    OBJECT_PROP_INT,     /* signed, range imin..imax */
    OBJECT_PROP_UINT,    /* unsigned, range umin..umax */
    OBJECT_PROP_SIZE,    /* unsigned with K/M/G/T/P/E suffixes */
    OBJECT_PROP_ENUM,    /* index into enum_names */
    OBJECT_PROP_LINK,    /* another object, checked against target_type */
    OBJECT_PROP_CHILD,   /* a child in the composition tree (read-only) */
} ObjectPropKind;

/*
 * A property value in the member matching the kind: b, i (INT and ENUM),
 * u (UINT and SIZE), s (STR: borrowed on set, newly allocated on get; may
 * be NULL), obj (LINK and CHILD: borrowed either way).
 */
typedef struct ObjectPropValue {
    bool b;
    int64_t i;
    uint64_t u;
    char *s;
    Object *obj;
} ObjectPropValue;

typedef bool ObjectPropertyGet(Object *obj, ObjectProperty *prop,
                               ObjectPropValue *out, GError **errp);
typedef bool ObjectPropertySet(Object *obj, ObjectProperty *prop,
                               const ObjectPropValue *in, GError **errp);
/* Gate run before every set: e.g. devices refuse changes once realized. */
typedef bool ObjectPropertyCheck(Object *obj, ObjectProperty *prop,
                                 GError **errp);
/* Class properties: per instance, at creation (defaults). */
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);
/*
 * Object properties: when the property is deleted. Class properties: per
 * instance, at finalize (e.g. free a string field).
 */
typedef void ObjectPropertyRelease(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;                  /* "uint32", "link<device>", ... for help */
    ObjectPropKind kind;
    char *description;
    char *defval;                /* default in string form, for help */
    int64_t imin, imax;
    uint64_t umin, umax;
    const char *const *enum_names;   /* ENUM: NULL-terminated */
    char *target_type;           /* LINK: what the target must be */
    ObjectPropertyGet *get;
    ObjectPropertySet *set;      /* NULL: read-only */
    ObjectPropertyCheck *check;
    ObjectPropertyInit *init;
    ObjectPropertyRelease *release;
    void *opaque;
};

/*
 * Add a property to one object. type is the name shown in help. A name
 * already taken (by the object or its classes) is an error. The range
 * starts as the whole of int64_t / uint64_t.
 */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type, ObjectPropKind kind,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque, GError **errp);
/* Add a property every instance of oc's type has. Duplicates are bugs. */
ObjectProperty *object_class_property_add(ObjectClass *oc, const char *name,
                                          const char *type,
                                          ObjectPropKind kind,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          void *opaque);
void object_property_set_description(ObjectProperty *prop,
                                     const char *description);
void object_property_set_default_str(ObjectProperty *prop, const char *def);
void object_property_set_int_range(ObjectProperty *prop, int64_t min,
                                   int64_t max);
void object_property_set_uint_range(ObjectProperty *prop, uint64_t min,
                                    uint64_t max);

/* NULL when obj (or its classes) has no such property. */
ObjectProperty *object_property_find(Object *obj, const char *name);
/* The same with an error "Property 'TYPE.NAME' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         GError **errp);
ObjectProperty *object_class_property_find(ObjectClass *oc,
                                           const char *name);
/* Remove an object (not class) property, releasing what it holds. */
bool object_property_del(Object *obj, const char *name, GError **errp);

/*
 * Walk an object's properties: its own, then its class's, then each
 * ancestor class's.
 */
typedef struct ObjectPropertyIterator {
    GPtrArray *array;
    guint index;
    ObjectClass *next_class;
} ObjectPropertyIterator;

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *oc);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/*
 * Parse value as the property's type (what the command line uses) and set
 * it. Errors name the property and the value.
 */
bool object_property_set_str(Object *obj, const char *name,
                             const char *value, GError **errp);
/* Any property's value as a string; free with g_free. NULL on error. */
char *object_property_get_str(Object *obj, const char *name, GError **errp);

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              GError **errp);
bool object_property_get_bool(Object *obj, const char *name, GError **errp);
/* INT, UINT, SIZE and ENUM (the index) properties, range-checked. */
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             GError **errp);
int64_t object_property_get_int(Object *obj, const char *name,
                                GError **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              GError **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  GError **errp);
/* LINK properties (target NULL clears); get also works on CHILD. */
bool object_property_set_link(Object *obj, const char *name, Object *target,
                              GError **errp);
Object *object_property_get_link(Object *obj, const char *name,
                                 GError **errp);

/*
 * Parse a size: a number with an optional K, M, G, T, P or E suffix
 * (powers of 1024, either case, "B" alone means bytes), fractions allowed
 * with a suffix ("1.5G"). Fails on junk and on overflow.
 */
bool object_parse_size(const char *str, uint64_t *out, GError **errp);

/* ---- the composition tree ---- */

/* The root container, path "/". Created on first use. */
Object *object_get_root(void);

/*
 * Make child a child of parent under name (adding a reference). A name
 * ending in "[*]" takes the first free index: "device[0]", "device[1]"...
 * A taken or malformed name is an error.
 */
ObjectProperty *object_property_add_child(Object *parent, const char *name,
                                          Object *child, GError **errp);
/* Take obj out of the tree (dropping the parent's reference). */
void object_unparent(Object *obj);

/* "/machine/peripheral/disk0"; NULL when obj is not in the tree. */
char *object_get_canonical_path(Object *obj);
/* The last component of that path, or NULL. Not allocated. */
const char *object_get_canonical_path_component(Object *obj);

/*
 * Find an object by absolute path ("/machine/peripheral/disk0"), or by a
 * partial one ("peripheral/disk0", "disk0") matching the end of exactly
 * one path in the tree. Paths follow child and link properties. On a
 * partial path matching several objects, returns NULL and sets
 * *ambiguous (which may be NULL) to true.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);
/* The same, counting only objects that are (or implement) typename. */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);

/* The object at path under root, creating containers where missing. */
Object *object_container_get(Object *root, const char *path);

/* Call fn on each child (in insertion order); stop at a non-zero return. */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);

/*
 * Print the properties a user may set on objects of class oc, sorted,
 * with type, description and default: "-device NAME,help" style.
 */
void object_class_print_settable_props(FILE *out, ObjectClass *oc);

#endif
