/*
 * Help text for -device: the list of devices by category, and one
 * device's properties with their types, defaults and descriptions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/qdev.h"
#include "qdev-internal.h"
#include "util/error.h"


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

bool qdev_print_device_props(FILE *out, const char *type, GError **errp)
{
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "'-device %s': no such device type (try -device "
                        "help)", type);
        return false;
    }
    object_class_print_settable_props(out, oc);
    return true;
}
