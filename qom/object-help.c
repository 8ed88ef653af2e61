/*
 * Help text for an object type's settable properties: the answer to
 * -device NAME,help and -machine NAME,help.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qom/object.h"

#include <string.h>

static gint prop_compare(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;

    return strcmp(pa->name, pb->name);
}

static void print_prop(FILE *out, const ObjectProperty *p)
{
    g_autofree char *head = g_strdup_printf("%s=<%s>", p->name, p->type);
    GString *tail = g_string_new("");

    if (p->description) {
        g_string_append_printf(tail, " - %s", p->description);
    }
    if (p->kind == OBJECT_PROP_ENUM && p->enum_names) {
        g_autofree char *all = g_strjoinv(", ", (char **)p->enum_names);
        g_string_append_printf(tail, " (one of: %s)", all);
    }
    if (p->defval) {
        g_string_append_printf(tail, " (default: %s)", p->defval);
    }
    fprintf(out, "  %-26s%s\n", head, tail->str);
    g_string_free(tail, true);
}

void object_class_print_settable_props(FILE *out, ObjectClass *oc)
{
    const char *type = object_class_get_name(oc);
    g_autoptr(GPtrArray) props = g_ptr_array_new();
    ObjectPropertyIterator iter;
    ObjectProperty *p;
    Object *obj = NULL;

    /* An instance also shows properties its instance_init adds. */
    if (!object_class_is_abstract(oc)) {
        obj = object_new(type);
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, oc);
    }
    while ((p = object_property_iter_next(&iter))) {
        if (p->set && p->kind != OBJECT_PROP_CHILD &&
            strcmp(p->name, "realized")) {
            g_ptr_array_add(props, p);
        }
    }
    g_ptr_array_sort(props, prop_compare);
    if (!props->len) {
        fprintf(out, "'%s' has no properties to set.\n", type);
    } else {
        fprintf(out, "%s properties:\n", type);
        for (guint i = 0; i < props->len; i++) {
            print_prop(out, g_ptr_array_index(props, i));
        }
    }
    if (obj) {
        object_unref(obj);
    }
}
