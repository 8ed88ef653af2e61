/*
 * The accelerator base type and its registry.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/accel.h"
#include "util/error.h"

#include <string.h>

static AccelState *current_accel;

static char *accel_name_from_type(const char *type)
{
    size_t len = strlen(type) - strlen(ACCEL_TYPE_SUFFIX);
    return g_strndup(type, len);
}

AccelClass *accel_find(const char *name, GError **errp)
{
    g_autofree char *type = g_strconcat(name, ACCEL_TYPE_SUFFIX, NULL);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_ACCEL) ||
        object_class_is_abstract(oc)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "no accelerator '%s' in this build (try -accel help)",
                        name);
        return NULL;
    }
    return ACCEL_CLASS(oc);
}

AccelState *accel_init_machine(const char *name, const char *const *props,
                               MachineState *ms, GError **errp)
{
    AccelClass *ac = accel_find(name, errp);
    AccelState *accel;

    if (!ac) {
        return NULL;
    }
    if (ac->available && !ac->available(errp)) {
        return NULL;
    }
    accel = ACCEL(object_new(object_class_get_name(OBJECT_CLASS(ac))));
    for (const char *const *p = props; p && *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);
        if (!kv[1]) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "accelerator property '%s' needs a value", kv[0]);
            goto fail;
        }
        if (!object_property_set_str(OBJECT(accel), kv[0], kv[1], errp)) {
            goto fail;
        }
    }
    if (ac->init_machine && !ac->init_machine(accel, ms, errp)) {
        goto fail;
    }
    if (current_accel) {
        object_unref(current_accel);
    }
    current_accel = accel;
    return accel;

fail:
    object_unref(accel);
    return NULL;
}

AccelState *accel_current(void)
{
    return current_accel;
}

bool accel_irqchip_create(MachineState *ms, GError **errp)
{
    AccelClass *ac = current_accel ? ACCEL_GET_CLASS(current_accel) : NULL;

    if (!ac || !ac->irqchip_create) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "accelerator '%s' has no in-kernel interrupt "
                        "controllers", ac ? ac->name : "none");
        return false;
    }
    return ac->irqchip_create(current_accel, ms, errp);
}

IRQLine *accel_irqchip_gsi_line(unsigned gsi)
{
    AccelClass *ac = current_accel ? ACCEL_GET_CLASS(current_accel) : NULL;

    if (!ac || !ac->irqchip_gsi_line) {
        return NULL;
    }
    return ac->irqchip_gsi_line(current_accel, gsi);
}

static gint compare_class_names(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

void accel_print_help(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_ACCEL, false);

    list = g_slist_sort(list, compare_class_names);
    fprintf(out, "Accelerators supported in this build:\n");
    if (!list) {
        fprintf(out, "(none yet)\n");
    }
    for (GSList *l = list; l; l = l->next) {
        AccelClass *ac = ACCEL_CLASS(l->data);
        fprintf(out, "%-8s %s\n", ac->name, ac->desc ? ac->desc : "");
    }
    g_slist_free(list);
}

static void accel_class_base_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);
    const char *type = object_class_get_name(oc);

    if (g_str_has_suffix(type, ACCEL_TYPE_SUFFIX)) {
        ac->name = accel_name_from_type(type);
    }
}

static const TypeInfo accel_types[] = {
    {
        .name = TYPE_ACCEL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(AccelState),
        .class_size = sizeof(AccelClass),
        .class_base_init = accel_class_base_init,
    },
};

DEFINE_TYPES(accel_types)
