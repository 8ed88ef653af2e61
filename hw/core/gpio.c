/*
 * Device GPIO groups, each held by a per-instance property whose release
 * hook frees the group when the device goes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/gpio.h"

#include <stdio.h>
#include <stdlib.h>

/* Wiring that names a line the device does not have: a board bug. */
static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN gpio_bug(const char *fmt, ...)
{
    va_list ap;

    fputs("vireo: gpio: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

typedef struct GPIOGroup {
    bool is_output;
    GPtrArray *lines;   /* inputs: IRQLine *; outputs: IRQLine ** slots */
} GPIOGroup;

static char *gpio_prop_name(const char *name, bool is_output)
{
    const char *dir = is_output ? "gpio-out" : "gpio-in";

    return name ? g_strdup_printf("%s-%s", dir, name) : g_strdup(dir);
}

static bool gpio_count_get(Object *obj, ObjectProperty *prop,
                           ObjectPropValue *out, GError **errp)
{
    out->u = ((GPIOGroup *)prop->opaque)->lines->len;
    return true;
}

static void gpio_group_release(Object *obj, ObjectProperty *prop)
{
    GPIOGroup *g = prop->opaque;

    if (!g->is_output) {
        for (guint i = 0; i < g->lines->len; i++) {
            irq_free(g_ptr_array_index(g->lines, i));
        }
    }
    g_ptr_array_free(g->lines, true);
    g_free(g);
}

static GPIOGroup *gpio_group_find(DeviceState *dev, const char *name,
                                  bool is_output)
{
    g_autofree char *pname = gpio_prop_name(name, is_output);
    ObjectProperty *prop = object_property_find(OBJECT(dev), pname);

    return prop && prop->get == gpio_count_get ? prop->opaque : NULL;
}

static GPIOGroup *gpio_group_get(DeviceState *dev, const char *name,
                                 bool is_output)
{
    GPIOGroup *g = gpio_group_find(dev, name, is_output);
    g_autofree char *pname = NULL;

    if (g) {
        return g;
    }
    g = g_new0(GPIOGroup, 1);
    g->is_output = is_output;
    g->lines = g_ptr_array_new();
    pname = gpio_prop_name(name, is_output);
    /* A clash with a property of another kind is the device's bug. */
    if (!object_property_add(OBJECT(dev), pname, "uint32", OBJECT_PROP_UINT,
                             gpio_count_get, NULL, gpio_group_release, g,
                             NULL)) {
        gpio_bug("%s: property '%s' is taken",
                object_get_typename(OBJECT(dev)), pname);
    }
    return g;
}

void qdev_init_gpio_in_named(DeviceState *dev, IRQHandler *handler,
                             const char *name, int n)
{
    GPIOGroup *g = gpio_group_get(dev, name, false);
    int base = g->lines->len;

    g_assert(n >= 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(g->lines, irq_new(handler, dev, base + i));
    }
}

void qdev_init_gpio_out_named(DeviceState *dev, IRQLine **pins,
                              const char *name, int n)
{
    GPIOGroup *g = gpio_group_get(dev, name, true);

    g_assert(n >= 0);
    for (int i = 0; i < n; i++) {
        g_ptr_array_add(g->lines, &pins[i]);
    }
}

static GPIOGroup *gpio_group_checked(DeviceState *dev, const char *name,
                                     int n, bool is_output)
{
    GPIOGroup *g = gpio_group_find(dev, name, is_output);

    if (!g || n < 0 || (guint)n >= g->lines->len) {
        gpio_bug("%s has no GPIO %s '%s'[%d]",
                object_get_typename(OBJECT(dev)),
                is_output ? "output" : "input", name ? name : "", n);
    }
    return g;
}

IRQLine *qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n)
{
    GPIOGroup *g = gpio_group_checked(dev, name, n, false);

    return g_ptr_array_index(g->lines, n);
}

void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 IRQLine *line)
{
    GPIOGroup *g = gpio_group_checked(dev, name, n, true);
    IRQLine **slot = g_ptr_array_index(g->lines, n);

    *slot = line;
}

int qdev_gpio_count(DeviceState *dev, const char *name, bool is_output)
{
    GPIOGroup *g = gpio_group_find(dev, name, is_output);

    return g ? (int)g->lines->len : 0;
}
