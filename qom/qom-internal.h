/*
 * What the files of qom/ share with each other and nobody else.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_QOM_INTERNAL_H
#define VIREO_QOM_INTERNAL_H

#include "qom/object.h"

/* Print "vireo: qom: MESSAGE" and abort: for programming errors only. */
void G_GNUC_NORETURN G_GNUC_PRINTF(1, 2) qom_bug(const char *fmt, ...);

/* Give a new instance its class properties' defaults, root class first. */
void object_property_init_instance(Object *obj);
/* Delete every object property (children and links let go). */
void object_property_del_all(Object *obj);
/* Release what class properties keep in the instance (strings, links). */
void object_property_release_instance(Object *obj);

#endif
