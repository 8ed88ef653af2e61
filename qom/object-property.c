/*
 * Properties: adding, finding and walking them, and setting or reading
 * them as strings or typed values with the checks every kind shares
 * (read-only, ranges, enum names, link targets).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qom/object.h"
#include "qom-internal.h"
#include "util/error.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
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

/* ---- setting and getting ---- */

static void bad_value(GError **errp, Object *obj, ObjectProperty *p,
                      const char *value, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static void bad_value(GError **errp, Object *obj, ObjectProperty *p,
                      const char *value, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *why = NULL;

    va_start(ap, fmt);
    why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "Property '%s.%s' cannot be set to '%s': %s",
                    object_get_typename(obj), p->name, value, why);
}

static void wrong_kind(GError **errp, Object *obj, ObjectProperty *p,
                       const char *wanted)
{
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "Property '%s.%s' is of type '%s', not %s",
                    object_get_typename(obj), p->name, p->type, wanted);
}

static bool property_set(Object *obj, ObjectProperty *p,
                         const ObjectPropValue *v, GError **errp)
{
    if (!p->set) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Property '%s.%s' is read-only",
                        object_get_typename(obj), p->name);
        return false;
    }
    if (p->check && !p->check(obj, p, errp)) {
        return false;
    }
    return p->set(obj, p, v, errp);
}

static bool property_get(Object *obj, ObjectProperty *p, ObjectPropValue *v,
                         GError **errp)
{
    memset(v, 0, sizeof(*v));
    if (!p->get) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Property '%s.%s' cannot be read",
                        object_get_typename(obj), p->name);
        return false;
    }
    return p->get(obj, p, v, errp);
}

static bool check_int_range(Object *obj, ObjectProperty *p, int64_t v,
                            const char *text, GError **errp)
{
    if (v < p->imin || v > p->imax) {
        bad_value(errp, obj, p, text,
                  "out of range (%" PRId64 " to %" PRId64 ")", p->imin,
                  p->imax);
        return false;
    }
    return true;
}

static bool check_uint_range(Object *obj, ObjectProperty *p, uint64_t v,
                             const char *text, GError **errp)
{
    if (v < p->umin || v > p->umax) {
        bad_value(errp, obj, p, text,
                  "out of range (%" PRIu64 " to %" PRIu64 ")", p->umin,
                  p->umax);
        return false;
    }
    return true;
}

static bool check_link_target(Object *obj, ObjectProperty *p, Object *target,
                              const char *text, GError **errp)
{
    if (target && p->target_type &&
        !object_dynamic_cast(target, p->target_type)) {
        bad_value(errp, obj, p, text, "that is a '%s', not a '%s'",
                  object_get_typename(target), p->target_type);
        return false;
    }
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y", NULL };
    static const char *const no[] = { "off", "no", "false", "n", NULL };

    for (int i = 0; yes[i]; i++) {
        if (!strcmp(s, yes[i])) {
            *out = true;
            return true;
        }
        if (!strcmp(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

static int enum_lookup(const char *const *names, const char *s)
{
    for (int i = 0; names && names[i]; i++) {
        if (!strcmp(names[i], s)) {
            return i;
        }
    }
    return -1;
}

static int enum_count(const char *const *names)
{
    int n = 0;

    while (names && names[n]) {
        n++;
    }
    return n;
}

bool object_parse_size(const char *str, uint64_t *out, GError **errp)
{
    const char *p = str;
    char *end;
    uint64_t whole, mult = 1;
    double frac = 0;
    int shift = 0;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!g_ascii_isdigit(*p)) {
        goto bad;
    }
    errno = 0;
    whole = strtoull(p, &end, 10);
    if (errno == ERANGE) {
        goto too_big;
    }
    if (*end == '.') {
        const char *fstart = end + 1;
        if (!g_ascii_isdigit(*fstart)) {
            goto bad;
        }
        frac = g_ascii_strtod(end, &end);
    }
    if (*end) {
        static const char suffixes[] = "BKMGTPE";
        const char *s = strchr(suffixes, g_ascii_toupper(*end));
        if (!s || end[1]) {
            goto bad;
        }
        shift = 10 * (s - suffixes);
        mult = UINT64_C(1) << shift;
        end++;
    }
    if (frac != 0 && shift == 0) {
        goto bad;        /* a fraction of a byte makes no sense */
    }
    if (whole > UINT64_MAX >> shift) {
        goto too_big;
    }
    uint64_t val = whole * mult;
    uint64_t extra = (uint64_t)(frac * (double)mult);
    if (val > UINT64_MAX - extra) {
        goto too_big;
    }
    *out = val + extra;
    return true;

bad:
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "'%s' is not a size (a number with an optional "
                    "K, M, G, T, P or E suffix)", str);
    return false;
too_big:
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "'%s' is too large (at most 16E - 1)", str);
    return false;
}

/* A path, a device id (under /machine/peripheral), or "" for none. */
static bool resolve_link_text(Object *obj, ObjectProperty *p,
                              const char *text, Object **out, GError **errp)
{
    bool ambiguous = false;
    Object *target = NULL;

    if (!*text) {
        *out = NULL;
        return true;
    }
    if (text[0] != '/' && !strchr(text, '/')) {
        g_autofree char *idpath = g_strdup_printf("/machine/peripheral/%s",
                                                  text);
        target = object_resolve_path(idpath, NULL);
    }
    if (!target) {
        target = object_resolve_path(text, &ambiguous);
    }
    if (!target) {
        bad_value(errp, obj, p, text, ambiguous ?
                  "more than one object matches that path" :
                  "no object has that path or id");
        return false;
    }
    *out = target;
    return true;
}

static bool parse_signed(const char *s, int64_t *out)
{
    char *end;

    errno = 0;
    *out = strtoll(s, &end, 0);
    return *s && !g_ascii_isspace(*s) && !*end && errno != ERANGE;
}

static bool parse_unsigned(const char *s, uint64_t *out)
{
    char *end;

    if (!g_ascii_isdigit(*s)) {
        return false;    /* strtoull would quietly accept "-1" */
    }
    errno = 0;
    *out = strtoull(s, &end, 0);
    return !*end && errno != ERANGE;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, GError **errp)
{
    ObjectProperty *p = object_property_find_err(obj, name, errp);
    ObjectPropValue v = { 0 };
    g_autoptr(GError) err = NULL;

    if (!p) {
        return false;
    }
    switch (p->kind) {
    case OBJECT_PROP_BOOL:
        if (!parse_bool(value, &v.b)) {
            bad_value(errp, obj, p, value,
                      "expected on/off, yes/no or true/false");
            return false;
        }
        break;
    case OBJECT_PROP_STR:
        v.s = (char *)value;
        break;
    case OBJECT_PROP_INT:
        if (!parse_signed(value, &v.i)) {
            bad_value(errp, obj, p, value, "not a number in range "
                      "(%" PRId64 " to %" PRId64 ")", p->imin, p->imax);
            return false;
        }
        if (!check_int_range(obj, p, v.i, value, errp)) {
            return false;
        }
        break;
    case OBJECT_PROP_UINT:
        if (!parse_unsigned(value, &v.u)) {
            bad_value(errp, obj, p, value, "not a number in range "
                      "(%" PRIu64 " to %" PRIu64 ")", p->umin, p->umax);
            return false;
        }
        if (!check_uint_range(obj, p, v.u, value, errp)) {
            return false;
        }
        break;
    case OBJECT_PROP_SIZE:
        if (!object_parse_size(value, &v.u, &err)) {
            bad_value(errp, obj, p, value, "%s", err->message);
            return false;
        }
        if (!check_uint_range(obj, p, v.u, value, errp)) {
            return false;
        }
        break;
    case OBJECT_PROP_ENUM:
        v.i = enum_lookup(p->enum_names, value);
        if (v.i < 0) {
            g_autofree char *all = g_strjoinv(", ", (char **)p->enum_names);
            bad_value(errp, obj, p, value, "expected one of: %s", all);
            return false;
        }
        break;
    case OBJECT_PROP_LINK:
        if (!resolve_link_text(obj, p, value, &v.obj, errp) ||
            !check_link_target(obj, p, v.obj, value, errp)) {
            return false;
        }
        break;
    case OBJECT_PROP_CHILD:
        v.obj = NULL;
        break;
    }
    return property_set(obj, p, &v, errp);
}

char *object_property_get_str(Object *obj, const char *name, GError **errp)
{
    ObjectProperty *p = object_property_find_err(obj, name, errp);
    ObjectPropValue v;

    if (!p || !property_get(obj, p, &v, errp)) {
        return NULL;
    }
    switch (p->kind) {
    case OBJECT_PROP_BOOL:
        return g_strdup(v.b ? "true" : "false");
    case OBJECT_PROP_STR:
        return v.s ? v.s : g_strdup("");
    case OBJECT_PROP_INT:
        return g_strdup_printf("%" PRId64, v.i);
    case OBJECT_PROP_UINT:
    case OBJECT_PROP_SIZE:
        return g_strdup_printf("%" PRIu64, v.u);
    case OBJECT_PROP_ENUM:
        if (v.i < 0 || v.i >= enum_count(p->enum_names)) {
            return g_strdup_printf("%" PRId64, v.i);
        }
        return g_strdup(p->enum_names[v.i]);
    case OBJECT_PROP_LINK:
    case OBJECT_PROP_CHILD:
        if (!v.obj) {
            return g_strdup("");
        } else {
            char *path = object_get_canonical_path(v.obj);
            return path ? path : g_strdup("");
        }
    }
    return NULL;
}

static ObjectProperty *find_kind(Object *obj, const char *name,
                                 ObjectPropKind k1, ObjectPropKind k2,
                                 const char *wanted, GError **errp)
{
    ObjectProperty *p = object_property_find_err(obj, name, errp);

    if (p && p->kind != k1 && p->kind != k2) {
        wrong_kind(errp, obj, p, wanted);
        return NULL;
    }
    return p;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              GError **errp)
{
    ObjectProperty *p = find_kind(obj, name, OBJECT_PROP_BOOL,
                                  OBJECT_PROP_BOOL, "a bool", errp);
    ObjectPropValue v = { .b = value };

    return p && property_set(obj, p, &v, errp);
}

bool object_property_get_bool(Object *obj, const char *name, GError **errp)
{
    ObjectProperty *p = find_kind(obj, name, OBJECT_PROP_BOOL,
                                  OBJECT_PROP_BOOL, "a bool", errp);
    ObjectPropValue v;

    return p && property_get(obj, p, &v, errp) && v.b;
}

static bool is_integer_kind(ObjectPropKind k)
{
    return k == OBJECT_PROP_INT || k == OBJECT_PROP_UINT ||
           k == OBJECT_PROP_SIZE || k == OBJECT_PROP_ENUM;
}

static ObjectProperty *find_integer(Object *obj, const char *name,
                                    GError **errp)
{
    ObjectProperty *p = object_property_find_err(obj, name, errp);

    if (p && !is_integer_kind(p->kind)) {
        wrong_kind(errp, obj, p, "an integer");
        return NULL;
    }
    return p;
}

/* Set an integer property from a value that fits both int64 and uint64. */
static bool set_integer(Object *obj, ObjectProperty *p, bool negative,
                        int64_t i, uint64_t u, GError **errp)
{
    ObjectPropValue v = { .i = i, .u = u };
    g_autofree char *text = negative ? g_strdup_printf("%" PRId64, i)
                                     : g_strdup_printf("%" PRIu64, u);

    switch (p->kind) {
    case OBJECT_PROP_INT:
        if (!negative && u > INT64_MAX) {
            bad_value(errp, obj, p, text, "out of range (%" PRId64
                      " to %" PRId64 ")", p->imin, p->imax);
            return false;
        }
        if (!check_int_range(obj, p, i, text, errp)) {
            return false;
        }
        break;
    case OBJECT_PROP_ENUM:
        if (negative || u >= (uint64_t)enum_count(p->enum_names)) {
            bad_value(errp, obj, p, text, "not one of the %d choices",
                      enum_count(p->enum_names));
            return false;
        }
        break;
    default:
        if (negative) {
            bad_value(errp, obj, p, text, "out of range (%" PRIu64 " to %"
                      PRIu64 ")", p->umin, p->umax);
            return false;
        }
        if (!check_uint_range(obj, p, u, text, errp)) {
            return false;
        }
        break;
    }
    return property_set(obj, p, &v, errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             GError **errp)
{
    ObjectProperty *p = find_integer(obj, name, errp);

    return p && set_integer(obj, p, value < 0, value, (uint64_t)value, errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              GError **errp)
{
    ObjectProperty *p = find_integer(obj, name, errp);

    return p && set_integer(obj, p, false, (int64_t)value, value, errp);
}

int64_t object_property_get_int(Object *obj, const char *name, GError **errp)
{
    ObjectProperty *p = find_integer(obj, name, errp);
    ObjectPropValue v;

    if (!p || !property_get(obj, p, &v, errp)) {
        return 0;
    }
    if (p->kind == OBJECT_PROP_UINT || p->kind == OBJECT_PROP_SIZE) {
        return (int64_t)v.u;
    }
    return v.i;
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  GError **errp)
{
    ObjectProperty *p = find_integer(obj, name, errp);
    ObjectPropValue v;

    if (!p || !property_get(obj, p, &v, errp)) {
        return 0;
    }
    if (p->kind == OBJECT_PROP_INT || p->kind == OBJECT_PROP_ENUM) {
        return (uint64_t)v.i;
    }
    return v.u;
}

bool object_property_set_link(Object *obj, const char *name, Object *target,
                              GError **errp)
{
    ObjectProperty *p = find_kind(obj, name, OBJECT_PROP_LINK,
                                  OBJECT_PROP_LINK, "a link", errp);
    ObjectPropValue v = { .obj = target };
    g_autofree char *path = NULL;

    if (!p) {
        return false;
    }
    if (target) {
        path = object_get_canonical_path(target);
        if (!check_link_target(obj, p, target,
                               path ? path : object_get_typename(target),
                               errp)) {
            return false;
        }
    }
    return property_set(obj, p, &v, errp);
}

Object *object_property_get_link(Object *obj, const char *name, GError **errp)
{
    ObjectProperty *p = find_kind(obj, name, OBJECT_PROP_LINK,
                                  OBJECT_PROP_CHILD, "a link", errp);
    ObjectPropValue v;

    if (!p || !property_get(obj, p, &v, errp)) {
        return NULL;
    }
    return v.obj;
}
