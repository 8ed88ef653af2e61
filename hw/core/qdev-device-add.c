/*
 * The -device option: split "TYPE,id=ID,PROP=VALUE,..." into pairs, find
 * a user-creatable device type, create it under /machine/peripheral, set
 * its properties and realize it; plus "-device help" and "TYPE,help".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The splitter here is private and small on purpose; util/keyval may
 * replace it. Rules: elements are separated by ',', ",," is a literal
 * comma, "KEY" alone means KEY=on, and the first element may name the
 * type without "driver=".
 */
#include "hw/core/qdev.h"
#include "qdev-internal.h"
#include "util/error.h"

#include <string.h>

typedef struct DeviceOpts {
    char *driver;
    char *id;
    bool help;
    GPtrArray *keys;             /* char *, in order */
    GPtrArray *values;           /* char *, parallel to keys */
} DeviceOpts;

static void device_opts_free(DeviceOpts *o)
{
    g_free(o->driver);
    g_free(o->id);
    g_ptr_array_free(o->keys, true);
    g_ptr_array_free(o->values, true);
    g_free(o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(DeviceOpts, device_opts_free)

/* Read up to an unescaped stop character (or ','); advance *pp past it. */
static char *read_token(const char **pp, char stop, char *ended_by)
{
    GString *s = g_string_new("");
    const char *p = *pp;

    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(s, ',');
            p += 2;
        } else if (*p == ',' || *p == '\0' || *p == stop) {
            break;
        } else {
            g_string_append_c(s, *p++);
        }
    }
    *ended_by = *p;
    *pp = *p ? p + 1 : p;
    return g_string_free(s, false);
}

static bool dup_key(DeviceOpts *o, const char *key)
{
    for (guint i = 0; i < o->keys->len; i++) {
        if (!strcmp(g_ptr_array_index(o->keys, i), key)) {
            return true;
        }
    }
    return false;
}

static DeviceOpts *device_opts_parse(const char *str, GError **errp)
{
    g_autoptr(DeviceOpts) o = g_new0(DeviceOpts, 1);
    const char *p = str;
    bool first = true;

    o->keys = g_ptr_array_new_with_free_func(g_free);
    o->values = g_ptr_array_new_with_free_func(g_free);
    while (*p || first) {
        char end;
        g_autofree char *key = read_token(&p, '=', &end);
        g_autofree char *value = NULL;

        if (end == '=') {
            value = read_token(&p, '\0', &end);
        }
        if (!*key) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'-device %s': empty option name", str);
            return NULL;
        }
        if (!value && first) {
            o->driver = g_steal_pointer(&key);
        } else if (!value && (!strcmp(key, "help") || !strcmp(key, "?"))) {
            o->help = true;
        } else if (!strcmp(key, "driver") || !strcmp(key, "id")) {
            char **slot = key[0] == 'd' ? &o->driver : &o->id;
            if (*slot) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "'-device %s': '%s' given twice", str, key);
                return NULL;
            }
            *slot = value ? g_steal_pointer(&value) : g_strdup("on");
        } else if (dup_key(o, key)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'-device %s': property '%s' given twice",
                            str, key);
            return NULL;
        } else {
            g_ptr_array_add(o->values, value ? g_steal_pointer(&value)
                                             : g_strdup("on"));
            g_ptr_array_add(o->keys, g_steal_pointer(&key));
        }
        first = false;
    }
    return g_steal_pointer(&o);
}

/* Letters first, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *c = id + 1; *c; c++) {
        if (!g_ascii_isalnum(*c) && !strchr("-._", *c)) {
            return false;
        }
    }
    return true;
}

DeviceClass *qdev_find_user_class(const char *driver, GError **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    DeviceClass *dc;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "'-device %s': no such device type (try -device "
                        "help)", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'-device %s': '%s' is an abstract type", driver,
                        driver);
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'-device %s': this device cannot be created with "
                        "-device", driver);
        return NULL;
    }
    return dc;
}

static bool device_place(DeviceState *dev, const char *id, GError **errp)
{
    Object *machine = qdev_get_machine();

    if (id) {
        Object *peripheral = object_container_get(machine, "peripheral");
        if (!id_wellformed(id)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "device id '%s' is not valid: it must start "
                            "with a letter and use only letters, digits, "
                            "'-', '.' and '_'", id);
            return false;
        }
        if (object_property_find(peripheral, id)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "device id '%s' is already in use", id);
            return false;
        }
        dev->id = g_strdup(id);
        return object_property_add_child(peripheral, id, OBJECT(dev),
                                         errp) != NULL;
    }
    return object_property_add_child(
        object_container_get(machine, "peripheral-anon"), "device[*]",
        OBJECT(dev), errp) != NULL;
}

DeviceState *qdev_device_add_from_str(const char *optarg, GError **errp)
{
    g_autoptr(DeviceOpts) o = device_opts_parse(optarg, errp);
    DeviceClass *dc;
    DeviceState *dev;

    if (!o) {
        return NULL;
    }
    if (!o->driver || !*o->driver) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'-device %s': no device type given", optarg);
        return NULL;
    }
    dc = qdev_find_user_class(o->driver, errp);
    if (!dc) {
        return NULL;
    }
    dev = DEVICE(object_new(o->driver));
    if (!device_place(dev, o->id, errp)) {
        goto fail;
    }
    for (guint i = 0; i < o->keys->len; i++) {
        if (!object_property_set_str(OBJECT(dev), o->keys->pdata[i],
                                     o->values->pdata[i], errp)) {
            goto fail;
        }
    }
    if (!qdev_realize(dev, errp)) {
        goto fail;
    }
    object_unref(dev);           /* the tree keeps it */
    return dev;

fail:
    object_unparent(OBJECT(dev));
    object_unref(dev);
    return NULL;
}

int qdev_device_help(const char *optarg, FILE *out, GError **errp)
{
    g_autoptr(DeviceOpts) o = device_opts_parse(optarg, NULL);

    if (!o || !o->driver) {
        return 0;
    }
    if (!strcmp(o->driver, "help") || !strcmp(o->driver, "?")) {
        qdev_print_device_help(out);
        return 1;
    }
    if (!o->help) {
        return 0;
    }
    return qdev_print_device_props(out, o->driver, errp) ? 1 : -1;
}
