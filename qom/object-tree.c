/*
 * The composition tree: the root container, child properties, canonical
 * paths, path resolution (absolute and partial) and containers made on
 * demand.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A parent holds one reference on each child through a "child<TYPE>"
 * property. Paths follow child and link properties, so a link is a second
 * way to reach an object; the canonical path uses children only.
 */
#include "qom/object.h"
#include "qom-internal.h"
#include "util/error.h"

#include <string.h>

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

static bool child_get(Object *obj, ObjectProperty *p, ObjectPropValue *out,
                      GError **errp)
{
    out->obj = p->opaque;
    return true;
}

static void child_release(Object *obj, ObjectProperty *p)
{
    Object *child = p->opaque;

    if (child->klass->unparent) {
        child->klass->unparent(child);
    }
    child->parent = NULL;
    object_unref(child);
}

static char *child_pick_name(Object *parent, const char *name, GError **errp)
{
    size_t len = strlen(name);

    if (!len || strchr(name, '/')) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is not a valid child name", name);
        return NULL;
    }
    if (len > 3 && g_str_has_suffix(name, "[*]")) {
        g_autofree char *base = g_strndup(name, len - 3);
        for (unsigned i = 0;; i++) {
            char *cand = g_strdup_printf("%s[%u]", base, i);
            if (!object_property_find(parent, cand)) {
                return cand;
            }
            g_free(cand);
        }
    }
    return g_strdup(name);
}

ObjectProperty *object_property_add_child(Object *parent, const char *name,
                                          Object *child, GError **errp)
{
    g_autofree char *real = NULL;
    g_autofree char *type = NULL;
    ObjectProperty *p;

    if (child->parent) {
        qom_bug("a '%s' is added to the tree twice",
                object_get_typename(child));
    }
    real = child_pick_name(parent, name, errp);
    if (!real) {
        return NULL;
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    p = object_property_add(parent, real, type, OBJECT_PROP_CHILD, child_get,
                            NULL, child_release, child, errp);
    if (!p) {
        return NULL;
    }
    p->target_type = g_strdup(object_get_typename(child));
    object_ref(child);
    child->parent = parent;
    return p;
}

static ObjectProperty *child_property_of(Object *parent, Object *child)
{
    for (guint i = 0; i < parent->properties->len; i++) {
        ObjectProperty *p = g_ptr_array_index(parent->properties, i);
        if (p->kind == OBJECT_PROP_CHILD && p->opaque == child) {
            return p;
        }
    }
    return NULL;
}

void object_unparent(Object *obj)
{
    ObjectProperty *p;

    if (!obj->parent) {
        return;
    }
    p = child_property_of(obj->parent, obj);
    if (!p) {
        qom_bug("a '%s' is missing from its parent",
                object_get_typename(obj));
    }
    object_property_del(obj->parent, p->name, NULL);
}

const char *object_get_canonical_path_component(Object *obj)
{
    ObjectProperty *p;

    if (!obj->parent) {
        return NULL;
    }
    p = child_property_of(obj->parent, obj);
    return p ? p->name : NULL;
}

char *object_get_canonical_path(Object *obj)
{
    Object *root = object_get_root();
    GString *path;

    if (obj == root) {
        return g_strdup("/");
    }
    path = g_string_new("");
    for (; obj != root; obj = obj->parent) {
        const char *name = object_get_canonical_path_component(obj);
        if (!name) {
            g_string_free(path, true);
            return NULL;     /* not attached under the root */
        }
        g_string_prepend(path, name);
        g_string_prepend_c(path, '/');
    }
    return g_string_free(path, false);
}

/* Follow child and link properties named by parts from start. */
static Object *resolve_from(Object *start, char **parts)
{
    Object *obj = start;

    for (; *parts; parts++) {
        ObjectProperty *p;
        ObjectPropValue v = { 0 };

        if (!**parts) {
            continue;        /* "a//b" and a trailing "/" */
        }
        p = object_property_find(obj, *parts);
        if (!p || (p->kind != OBJECT_PROP_CHILD &&
                   p->kind != OBJECT_PROP_LINK) ||
            !p->get(obj, p, &v, NULL) || !v.obj) {
            return NULL;
        }
        obj = v.obj;
    }
    return obj;
}

static void resolve_partial(Object *node, char **parts, const char *typename,
                            Object **found, bool *ambiguous)
{
    Object *o = resolve_from(node, parts);

    if (o && (!typename || object_dynamic_cast(o, typename))) {
        if (*found && *found != o) {
            *ambiguous = true;
            return;
        }
        *found = o;
    }
    for (guint i = 0; i < node->properties->len && !*ambiguous; i++) {
        ObjectProperty *p = g_ptr_array_index(node->properties, i);
        if (p->kind == OBJECT_PROP_CHILD) {
            resolve_partial(p->opaque, parts, typename, found, ambiguous);
        }
    }
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    Object *found = NULL;
    bool amb = false;

    if (ambiguous) {
        *ambiguous = false;
    }
    if (path[0] == '/') {
        found = resolve_from(object_get_root(), parts);
        if (found && typename && !object_dynamic_cast(found, typename)) {
            found = NULL;
        }
        return found;
    }
    resolve_partial(object_get_root(), parts, typename, &found, &amb);
    if (amb) {
        if (ambiguous) {
            *ambiguous = true;
        }
        return NULL;
    }
    return found;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, NULL, ambiguous);
}

Object *object_container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    Object *obj = root;

    for (char **part = parts; *part; part++) {
        ObjectProperty *p;

        if (!**part) {
            continue;
        }
        p = object_property_find(obj, *part);
        if (p && p->kind == OBJECT_PROP_CHILD) {
            obj = p->opaque;
            continue;
        }
        if (p) {
            qom_bug("'%s' under '%s' is not a child", *part,
                    object_get_typename(obj));
        }
        Object *c = object_new(TYPE_CONTAINER);
        object_property_add_child(obj, *part, c, NULL);
        object_unref(c);
        obj = c;
    }
    return obj;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    /* A snapshot, so fn may unparent the child it is given. */
    g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func(
        object_unref);
    int ret = 0;

    for (guint i = 0; i < obj->properties->len; i++) {
        ObjectProperty *p = g_ptr_array_index(obj->properties, i);
        if (p->kind == OBJECT_PROP_CHILD) {
            g_ptr_array_add(children, object_ref(p->opaque));
        }
    }
    for (guint i = 0; i < children->len && !ret; i++) {
        ret = fn(g_ptr_array_index(children, i), opaque);
    }
    return ret;
}
