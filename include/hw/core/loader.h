/*
 * The blobs a board loads into guest memory before the machine starts
 * (firmware, kernel, initrd, device tree), kept so every cold reset can
 * write them back, plus helpers to read image files with a size limit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A blob must land wholly in RAM or ROM of its address space, and two blobs
 * in one space may not share a byte. Adding a blob writes it at once;
 * rom_reset_all() writes them all again, since the guest may have
 * overwritten them.
 */
#ifndef VIREO_HW_CORE_LOADER_H
#define VIREO_HW_CORE_LOADER_H

#include "softmmu/memory.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Copy len bytes of data and register them at addr in as. */
bool rom_add_blob(const char *name, const void *data, size_t len,
                  hwaddr addr, AddressSpace *as, GError **errp);

/*
 * Register the whole file at path at addr; max_size (0: no limit but the
 * memory there) bounds what fits. Returns the file's size, -1 on error.
 */
int64_t rom_add_file(const char *name, const char *path, hwaddr addr,
                     uint64_t max_size, AddressSpace *as, GError **errp);

/* Write every blob back into guest memory (cold reset). */
bool rom_reset_all(GError **errp);

/* Forget every blob; do it before destroying their address spaces. */
void rom_clear_all(void);

/*
 * The registered copy of [addr, addr + size) if one blob holds it all, so
 * a board can patch it (reset vector, device-tree address) before reset.
 */
void *rom_ptr(AddressSpace *as, hwaddr addr, size_t size);

/* One line per blob, sorted by address: `info roms`. */
void rom_list_print(FILE *out);

/*
 * Read the whole file at path, failing if it holds more than max_size
 * bytes (0: no limit). g_free the result; *len gets the size.
 */
uint8_t *load_image_data(const char *path, uint64_t max_size, size_t *len,
                         GError **errp);

/* Size of the file at path, -1 on error. */
int64_t load_image_size(const char *path, GError **errp);

#endif
