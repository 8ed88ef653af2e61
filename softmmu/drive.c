/*
 * -drive: each checked OptionsDrive becomes a named BlockBackend before
 * the board exists, so -device ...,drive=ID finds it; if=virtio (the
 * default interface, as on QEMU's virt boards) then adds a
 * virtio-blk-device for it in the first free virtio-mmio slot.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/drive.h"
#include "block/block-backend.h"
#include "hw/core/qdev.h"
#include "util/error.h"

#include <string.h>

/* The interface a drive asks for; NULL (the default) means virtio. */
static bool drive_is_virtio(const OptionsDrive *d)
{
    return !d->iface || strcmp(d->iface, "virtio") == 0;
}

/* The backend name: the id, or one made up the way QEMU does. */
static char *drive_name(const VireoConfig *cfg, guint index)
{
    const OptionsDrive *d = g_ptr_array_index(cfg->drives, index);
    unsigned n = 0;

    if (d->id) {
        return g_strdup(d->id);
    }
    for (guint i = 0; i < index; i++) {
        const OptionsDrive *o = g_ptr_array_index(cfg->drives, i);
        if (!o->id && drive_is_virtio(o) == drive_is_virtio(d)) {
            n++;
        }
    }
    return g_strdup_printf("%s%u", drive_is_virtio(d) ? "virtio" : "drive",
                           n);
}

static bool drive_open_one(const VireoConfig *cfg, guint index,
                           GError **errp)
{
    const OptionsDrive *d = g_ptr_array_index(cfg->drives, index);
    g_autofree char *name = drive_name(cfg, index);
    unsigned flags = 0;

    if (d->iface && strcmp(d->iface, "none") && strcmp(d->iface, "virtio")) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "if=%s is not supported (use if=virtio, or if=none "
                        "with -device virtio-blk-device,drive=ID)",
                        d->iface);
        return false;
    }
    if (!d->file || strcmp(d->media, "disk")) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "media=%s is not supported yet", d->media);
        return false;
    }
    if (d->snapshot) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "snapshot=on is not supported yet");
        return false;
    }
    if (d->readonly) {
        flags |= BLK_OPEN_READONLY;
    }
    if (d->cache && (!strcmp(d->cache, "none") ||
                     !strcmp(d->cache, "directsync"))) {
        flags |= BLK_OPEN_NOCACHE;
    }
    return blk_new_open(name, d->file, d->format, flags, errp) != NULL;
}

bool drive_open_all(const VireoConfig *cfg, GError **errp)
{
    for (guint i = 0; i < cfg->drives->len; i++) {
        const OptionsDrive *d = g_ptr_array_index(cfg->drives, i);
        if (!drive_open_one(cfg, i, errp)) {
            g_prefix_error(errp, "-drive file=%s: ", d->file ? d->file : "");
            return false;
        }
    }
    return true;
}

bool drive_add_virtio_devices(const VireoConfig *cfg, GError **errp)
{
    for (guint i = 0; i < cfg->drives->len; i++) {
        const OptionsDrive *d = g_ptr_array_index(cfg->drives, i);
        g_autofree char *name = NULL;
        g_autofree char *spec = NULL;

        if (!drive_is_virtio(d)) {
            continue;
        }
        name = drive_name(cfg, i);
        spec = g_strdup_printf("virtio-blk-device,drive=%s", name);
        if (!qdev_device_add_from_str(spec, errp)) {
            g_prefix_error(errp, "-drive file=%s,if=virtio: ", d->file);
            return false;
        }
    }
    return true;
}
