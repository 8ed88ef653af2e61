/*
 * -drive: turning the checked options into named block backends, and the
 * if=virtio shorthand into virtio-blk devices.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_SOFTMMU_DRIVE_H
#define VIREO_SOFTMMU_DRIVE_H

#include "softmmu/options.h"

/*
 * Open every -drive as a BlockBackend named by its id (if=virtio without
 * an id: virtio0, virtio1, ...; otherwise drive0, ...). Before the board
 * is built. Errors name the -drive and the file.
 */
bool drive_open_all(const VireoConfig *cfg, GError **errp);
/* After the board: a virtio-blk-device for each if=virtio drive. */
bool drive_add_virtio_devices(const VireoConfig *cfg, GError **errp);

#endif
