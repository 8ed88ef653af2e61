/*
 * The registry of blobs a board loads before the machine starts: checked
 * for fit and overlap when added, written into guest memory through the
 * host-side ROM path, and written again on every cold reset. Also the
 * helpers that read image files with a size limit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/loader.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Rom {
    char *name;
    char *path;             /* NULL for a blob from memory */
    hwaddr addr;
    size_t len;
    uint8_t *data;
    AddressSpace *as;
} Rom;

static GPtrArray *roms;     /* sorted by address */

static void rom_free(gpointer p)
{
    Rom *rom = p;

    g_free(rom->name);
    g_free(rom->path);
    g_free(rom->data);
    g_free(rom);
}

static hwaddr rom_last(const Rom *rom)
{
    return rom->addr + rom->len - 1;
}

/* Bytes of RAM or ROM in one run from addr, up to want. */
static uint64_t guest_ram_from(AddressSpace *as, hwaddr addr, uint64_t want)
{
    uint64_t have = 0;

    while (have < want) {
        hwaddr xlat, l = want - have;
        MemoryRegion *mr = address_space_translate(as, addr + have, &xlat,
                                                   &l, true);
        if (!mr || !memory_region_is_ram(mr) || l == 0) {
            break;
        }
        have += l;
    }
    return have;
}

static bool rom_check(const char *name, size_t len, hwaddr addr,
                      AddressSpace *as, GError **errp)
{
    uint64_t fits;

    if (len == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is empty", name);
        return false;
    }
    if (addr + len - 1 < addr) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' (%zu bytes) at 0x%" PRIx64 " runs past the "
                        "end of the address space", name, len, addr);
        return false;
    }
    for (guint i = 0; roms && i < roms->len; i++) {
        Rom *other = g_ptr_array_index(roms, i);
        if (other->as == as && addr <= rom_last(other) &&
            other->addr <= addr + len - 1) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s' (0x%" PRIx64 "-0x%" PRIx64 ") overlaps "
                            "'%s' (0x%" PRIx64 "-0x%" PRIx64 ")", name, addr,
                            (hwaddr)(addr + len - 1), other->name,
                            other->addr, rom_last(other));
            return false;
        }
    }
    fits = guest_ram_from(as, addr, len);
    if (fits < len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' (%zu bytes) does not fit at 0x%" PRIx64
                        ": only %" PRIu64 " bytes of RAM/ROM there in '%s'",
                        name, len, addr, fits, as->name);
        return false;
    }
    return true;
}

static bool rom_write(const Rom *rom, GError **errp)
{
    MemTxResult r = address_space_write_rom(rom->as, rom->addr,
                                            MEMTXATTRS_UNSPECIFIED,
                                            rom->data, rom->len);
    if (r != MEMTX_OK) {
        vireo_error_setg(errp, "cannot write '%s' (%zu bytes) at 0x%" PRIx64
                         ": guest memory there is gone", rom->name,
                         rom->len, rom->addr);
        return false;
    }
    return true;
}

static gint rom_by_address(gconstpointer a, gconstpointer b)
{
    const Rom *x = *(Rom *const *)a, *y = *(Rom *const *)b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Takes data (g_malloc'd). */
static bool rom_register(const char *name, const char *path, uint8_t *data,
                         size_t len, hwaddr addr, AddressSpace *as,
                         GError **errp)
{
    Rom *rom;

    if (!rom_check(name, len, addr, as, errp)) {
        g_free(data);
        return false;
    }
    rom = g_new0(Rom, 1);
    rom->name = g_strdup(name);
    rom->path = g_strdup(path);
    rom->addr = addr;
    rom->len = len;
    rom->data = data;
    rom->as = as;
    if (!rom_write(rom, errp)) {
        rom_free(rom);
        return false;
    }
    if (!roms) {
        roms = g_ptr_array_new_with_free_func(rom_free);
    }
    g_ptr_array_add(roms, rom);
    g_ptr_array_sort(roms, rom_by_address);
    return true;
}

bool rom_add_blob(const char *name, const void *data, size_t len,
                  hwaddr addr, AddressSpace *as, GError **errp)
{
    uint8_t *copy = g_malloc(len ? len : 1);

    memcpy(copy, data, len);
    return rom_register(name, NULL, copy, len, addr, as, errp);
}

int64_t rom_add_file(const char *name, const char *path, hwaddr addr,
                     uint64_t max_size, AddressSpace *as, GError **errp)
{
    g_autoptr(GError) err = NULL;
    size_t len;
    uint8_t *data = load_image_data(path, max_size, &len, &err);

    if (!data) {
        g_propagate_prefixed_error(errp, g_steal_pointer(&err), "%s: ", name);
        return -1;
    }
    if (!rom_register(name, path, data, len, addr, as, errp)) {
        return -1;
    }
    return len;
}

bool rom_reset_all(GError **errp)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        if (!rom_write(g_ptr_array_index(roms, i), errp)) {
            return false;
        }
    }
    return true;
}

void rom_clear_all(void)
{
    if (roms) {
        g_ptr_array_free(roms, true);
        roms = NULL;
    }
}

void *rom_ptr(AddressSpace *as, hwaddr addr, size_t size)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        Rom *rom = g_ptr_array_index(roms, i);
        if (rom->as == as && addr >= rom->addr && size <= rom->len &&
            addr - rom->addr <= rom->len - size) {
            return rom->data + (addr - rom->addr);
        }
    }
    return NULL;
}

void rom_list_print(FILE *out)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        Rom *rom = g_ptr_array_index(roms, i);
        fprintf(out, "%s: addr=0x%" PRIx64 " size=0x%zx name=\"%s\"%s%s\n",
                rom->as->name, rom->addr, rom->len, rom->name,
                rom->path ? " path=" : "", rom->path ? rom->path : "");
    }
}

uint8_t *load_image_data(const char *path, uint64_t max_size, size_t *len,
                         GError **errp)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        vireo_error_setg_errno(errp, errno, "cannot open '%s'", path);
        return NULL;
    }
    if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
        int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        vireo_error_setg_errno(errp, err, "cannot read '%s'", path);
        return NULL;
    }
    if (max_size && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
        close(fd);
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is %" PRIu64 " bytes, more than the %" PRIu64
                        " bytes it may take", path, (uint64_t)st.st_size,
                        max_size);
        return NULL;
    }

    /* Read to the end rather than trusting st_size: pipes have none. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    size_t used = 0;
    uint8_t *data = g_malloc(cap);
    for (;;) {
        ssize_t n;
        if (used == cap) {
            cap *= 2;
            data = g_realloc(data, cap);
        }
        n = read(fd, data + used, cap - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            close(fd);
            g_free(data);
            vireo_error_setg_errno(errp, err, "cannot read '%s'", path);
            return NULL;
        }
        if (n == 0) {
            break;
        }
        used += n;
        if (max_size && used > max_size) {
            close(fd);
            g_free(data);
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s' holds more than the %" PRIu64
                            " bytes it may take", path, max_size);
            return NULL;
        }
    }
    close(fd);
    *len = used;
    return data;
}

int64_t load_image_size(const char *path, GError **errp)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        vireo_error_setg_errno(errp, errno, "cannot open '%s'", path);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is not a regular file", path);
        return -1;
    }
    return st.st_size;
}
