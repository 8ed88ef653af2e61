/*
 * The abstract "device" type: the realized property and its realize /
 * unrealize hooks, static properties that freeze once realized, and reset.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "util/error.h"

static bool device_check_unrealized(Object *obj, ObjectProperty *prop,
                                    GError **errp)
{
    if (DEVICE(obj)->realized) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Property '%s.%s' cannot be changed once the device "
                        "is realized", object_get_typename(obj), prop->name);
        return false;
    }
    return true;
}

void device_class_set_props(DeviceClass *dc, const Property *props)
{
    ObjectClass *oc = OBJECT_CLASS(dc);

    dc->props = props;
    for (const Property *p = props; p->name; p++) {
        ObjectProperty *op = object_class_property_add_field(oc, p);
        op->check = device_check_unrealized;
    }
}

void device_class_set_parent_realize(DeviceClass *dc, DeviceRealize realize,
                                     DeviceRealize *parent_realize)
{
    *parent_realize = dc->realize;
    dc->realize = realize;
}

Object *qdev_get_machine(void)
{
    return object_container_get(object_get_root(), "/machine");
}

static bool device_set_realized(DeviceState *dev, bool value, GError **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (value == dev->realized) {
        return true;
    }
    if (value) {
        bool placed_here = false;

        if (!OBJECT(dev)->parent) {
            /* Every realized device is somewhere in the tree. */
            Object *unattached = object_container_get(qdev_get_machine(),
                                                      "unattached");
            if (!object_property_add_child(unattached, "device[*]",
                                           OBJECT(dev), errp)) {
                return false;
            }
            placed_here = true;
        }
        if (dc->realize && !dc->realize(dev, errp)) {
            if (placed_here) {
                object_unparent(OBJECT(dev));
            }
            return false;
        }
        dev->realized = true;
    } else {
        if (dc->unrealize) {
            dc->unrealize(dev);
        }
        dev->realized = false;
    }
    return true;
}

static bool realized_get(Object *obj, ObjectProperty *prop,
                         ObjectPropValue *out, GError **errp)
{
    out->b = DEVICE(obj)->realized;
    return true;
}

static bool realized_set(Object *obj, ObjectProperty *prop,
                         const ObjectPropValue *in, GError **errp)
{
    return device_set_realized(DEVICE(obj), in->b, errp);
}

bool qdev_realize(DeviceState *dev, GError **errp)
{
    return object_property_set_bool(OBJECT(dev), "realized", true, errp);
}

bool qdev_realize_and_unref(DeviceState *dev, GError **errp)
{
    bool ok = qdev_realize(dev, errp);

    object_unref(dev);
    return ok;
}

void qdev_unrealize(DeviceState *dev)
{
    device_set_realized(dev, false, NULL);
}

void device_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dev->realized && dc->reset) {
        dc->reset(dev);
    }
}

static int reset_subtree(Object *obj, void *opaque)
{
    DeviceState *dev;

    object_child_foreach(obj, reset_subtree, opaque);
    dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    if (dev) {
        device_reset(dev);
    }
    return 0;
}

void qdev_reset_all(Object *root)
{
    reset_subtree(root, NULL);
}

static void device_unparent(Object *obj)
{
    qdev_unrealize(DEVICE(obj));
}

static void device_finalize(Object *obj)
{
    g_free(DEVICE(obj)->id);
}

static void device_class_init(ObjectClass *oc, const void *data)
{
    ObjectProperty *p;

    oc->unparent = device_unparent;
    p = object_class_property_add(oc, "realized", "bool", OBJECT_PROP_BOOL,
                                  realized_get, realized_set, NULL);
    object_property_set_description(p, "whether the device is realized");
}

static void device_class_base_init(ObjectClass *oc, const void *data)
{
    /* Properties are per class; the inherited pointer is only a record. */
    DEVICE_CLASS(oc)->props = NULL;
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_finalize = device_finalize,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
    .class_init = device_class_init,
    .class_base_init = device_class_base_init,
};

static void device_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(device_register_types)
