/*
 * Help text for -device: the list of devices by category, and one
 * device's properties with their types, defaults and descriptions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/qdev.h"
#include "qdev-internal.h"
#include "util/error.h"

#include <string.h>

static const struct {
    DeviceCategory cat;
    const char *title;
} category_order[] = {
    { DEVICE_CATEGORY_BRIDGE, "Controllers and bridges" },
    { DEVICE_CATEGORY_STORAGE, "Storage devices" },
    { DEVICE_CATEGORY_NETWORK, "Network devices" },
    { DEVICE_CATEGORY_INPUT, "Input devices" },
    { DEVICE_CATEGORY_DISPLAY, "Display devices" },
    { DEVICE_CATEGORY_SOUND, "Sound devices" },
    { DEVICE_CATEGORY_USB, "USB devices" },
    { DEVICE_CATEGORY_CPU, "CPU devices" },
    { DEVICE_CATEGORY_WATCHDOG, "Watchdog devices" },
    { DEVICE_CATEGORY_MISC, "Other devices" },
};

void qdev_print_device_help(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_DEVICE, false);
    bool any = false;

    for (size_t c = 0; c < G_N_ELEMENTS(category_order); c++) {
        bool header = false;
        for (GSList *l = list; l; l = l->next) {
            DeviceClass *dc = DEVICE_CLASS(l->data);
            if (!dc->user_creatable || dc->category != category_order[c].cat) {
                continue;
            }
            if (!header) {
                fprintf(out, "%s%s:\n", any ? "\n" : "",
                        category_order[c].title);
                header = true;
                any = true;
            }
            fprintf(out, "  %-24s %s\n", object_class_get_name(l->data),
                    dc->desc ? dc->desc : "");
        }
    }
    if (!any) {
        fprintf(out, "No device can be created with -device yet.\n");
    } else {
        fprintf(out, "\nUse -device NAME,help to list a device's "
                "properties.\n");
    }
    g_slist_free(list);
}

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

bool qdev_print_device_props(FILE *out, const char *type, GError **errp)
{
    ObjectClass *oc = object_class_by_name(type);
    g_autoptr(GPtrArray) props = g_ptr_array_new();
    ObjectPropertyIterator iter;
    ObjectProperty *p;
    Object *obj = NULL;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "'-device %s': no such device type (try -device "
                        "help)", type);
        return false;
    }
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
    object_unref(obj);
    return true;
}
