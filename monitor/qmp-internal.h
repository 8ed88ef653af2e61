/*
 * What monitor/qmp*.c share among themselves.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_MONITOR_QMP_INTERNAL_H
#define VIREO_MONITOR_QMP_INTERNAL_H

#include "util/json.h"

/* {"qemu": {"micro": ..., "minor": ..., "major": ...}, "package": ...} */
JsonValue *qmp_version_json(void);

#endif
