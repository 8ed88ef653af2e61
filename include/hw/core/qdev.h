/*
 * Devices: the abstract "device" type every device model derives from,
 * with realize/unrealize, reset, static properties frozen once realized,
 * and the -device entry point (parse, create, place in the tree, realize).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Life of a device: object_new, set properties, qdev_realize (which puts
 * an unattached device under /machine/unattached), used, and finally
 * object_unparent, which unrealizes it and drops the tree's reference.
 */
#ifndef VIREO_HW_CORE_QDEV_H
#define VIREO_HW_CORE_QDEV_H

#include "qom/object.h"

#include <stdio.h>

#define TYPE_DEVICE "device"
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)

/* Defined by the state-description code (hw/core/vmstate.h). */
struct VMStateDescription;
typedef struct ObjectField Property;

/* What -device help groups devices under, in this order. */
typedef enum DeviceCategory {
    DEVICE_CATEGORY_MISC,        /* also: no category given */
    DEVICE_CATEGORY_BRIDGE,
    DEVICE_CATEGORY_STORAGE,
    DEVICE_CATEGORY_NETWORK,
    DEVICE_CATEGORY_INPUT,
    DEVICE_CATEGORY_DISPLAY,
    DEVICE_CATEGORY_SOUND,
    DEVICE_CATEGORY_USB,
    DEVICE_CATEGORY_CPU,
    DEVICE_CATEGORY_WATCHDOG,
    DEVICE_CATEGORY__MAX,
} DeviceCategory;

typedef bool (*DeviceRealize)(DeviceState *dev, GError **errp);
typedef void (*DeviceUnrealize)(DeviceState *dev);
typedef void (*DeviceReset)(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;

    const char *desc;            /* one line for -device help */
    DeviceCategory category;
    bool user_creatable;         /* may be named by -device (opt-in) */

    /*
     * realize may fail: it sets *errp, returns false, and must leave the
     * device as it found it. A subclass that overrides realize saves the
     * parent's (device_class_set_parent_realize) and calls it.
     */
    DeviceRealize realize;
    DeviceUnrealize unrealize;
    DeviceReset reset;           /* back to power-on state */

    const struct VMStateDescription *vmsd;
    const Property *props;       /* the last set by device_class_set_props */
};

struct DeviceState {
    Object parent_obj;

    char *id;                    /* from -device id=..., or NULL */
    bool realized;
};

/*
 * Add a static Property array (ended by DEFINE_PROP_END_OF_LIST()) as
 * class properties; setting any of them after realize is refused.
 */
void device_class_set_props(DeviceClass *dc, const Property *props);
/* Install realize, keeping the one it replaces in *parent_realize. */
void device_class_set_parent_realize(DeviceClass *dc, DeviceRealize realize,
                                     DeviceRealize *parent_realize);

/* Set "realized": realize the device (after placing it in the tree). */
bool qdev_realize(DeviceState *dev, GError **errp);
/* Create, realize, and drop the caller's reference (the tree keeps one). */
bool qdev_realize_and_unref(DeviceState *dev, GError **errp);
void qdev_unrealize(DeviceState *dev);
/* Reset one realized device. */
void device_reset(DeviceState *dev);
/* Reset every realized device under root (children before parents). */
void qdev_reset_all(Object *root);

/* The /machine object (a container until a machine is created). */
Object *qdev_get_machine(void);

/*
 * The -device option: "TYPE[,id=ID][,PROP=VALUE...]" (",," is a literal
 * comma). Creates the device, sets its properties, places it at
 * /machine/peripheral/ID (or /machine/peripheral-anon/device[N]) and
 * realizes it. The device belongs to the tree; NULL on any error, leaving
 * nothing behind.
 */
DeviceState *qdev_device_add_from_str(const char *optarg, GError **errp);
/*
 * If optarg asks for help ("help", "?", "TYPE,help"), print it to out and
 * return 1; return 0 if it does not; -1 with *errp for an unknown type.
 */
int qdev_device_help(const char *optarg, FILE *out, GError **errp);
/* -device help: user-creatable devices grouped by category. */
void qdev_print_device_help(FILE *out);
/* -device TYPE,help: each property with its type, default, description. */
bool qdev_print_device_props(FILE *out, const char *type, GError **errp);

#endif
