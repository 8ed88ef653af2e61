/*
 * What the qdev files share with each other and nobody else.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_CORE_QDEV_INTERNAL_H
#define VIREO_HW_CORE_QDEV_INTERNAL_H

#include "hw/core/qdev.h"

/* The class -device TYPE may name; errors say why not. */
DeviceClass *qdev_find_user_class(const char *driver, GError **errp);

#endif
