/*
 * Accessors: reads and writes through an address space's view, RAM by
 * memcpy, MMIO through the device's callbacks after the .valid checks, with
 * accesses the callbacks cannot take (.impl) split or widened; fixed-size
 * loads and stores; host pointers for the fast paths.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory.h"
#include "softmmu/memory-internal.h"
#include "util/log.h"

#include <string.h>

static bool is_big(DeviceEndian e)
{
    return e == DEVICE_BIG_ENDIAN;
}

static uint64_t bytes_to_value(const uint8_t *b, unsigned size, bool big)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)b[big ? size - 1 - i : i] << (8 * i);
    }
    return v;
}

static void value_to_bytes(uint8_t *b, uint64_t v, unsigned size, bool big)
{
    for (unsigned i = 0; i < size; i++) {
        b[big ? size - 1 - i : i] = v >> (8 * i);
    }
}

static bool valid_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

static unsigned ops_valid_min(const MemoryRegionOps *ops)
{
    return ops->valid.min_access_size ? ops->valid.min_access_size : 1;
}

static unsigned ops_valid_max(const MemoryRegionOps *ops)
{
    return ops->valid.max_access_size ? ops->valid.max_access_size : 4;
}

static unsigned ops_impl_min(const MemoryRegionOps *ops)
{
    return ops->impl.min_access_size ? ops->impl.min_access_size : 1;
}

static unsigned ops_impl_max(const MemoryRegionOps *ops)
{
    return ops->impl.max_access_size ? ops->impl.max_access_size : 4;
}

/* May the guest make this access? Logs why not. */
static bool mmio_access_valid(MemoryRegion *mr, hwaddr addr, unsigned size,
                              bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    const char *why = NULL;

    if (!valid_size(size) || size < ops_valid_min(ops) ||
        size > ops_valid_max(ops)) {
        why = "size not allowed";
    } else if (!ops->valid.unaligned && (addr & (size - 1))) {
        why = "unaligned";
    } else if (addr >= mr->size || size > mr->size - addr) {
        why = "beyond the region";
    } else if (ops->valid.accepts &&
               !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        why = "refused by the device";
    }
    if (why) {
        vireo_log_mask(LOG_GUEST_ERROR,
                       "invalid %s of %u bytes at offset 0x%" PRIx64
                       " of '%s': %s\n", is_write ? "write" : "read", size,
                       addr, mr->name, why);
        return false;
    }
    return true;
}

static MemTxResult mmio_call_read(MemoryRegion *mr, hwaddr addr,
                                  uint64_t *v, unsigned size,
                                  MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    MemTxResult r = MEMTX_OK;

    *v = 0;
    if (ops->read_with_attrs) {
        r = ops->read_with_attrs(mr->opaque, addr, v, size, attrs);
    } else if (ops->read) {
        *v = ops->read(mr->opaque, addr, size);
    }
    if (size < 8) {
        *v &= (UINT64_C(1) << (8 * size)) - 1;
    }
    return r;
}

static MemTxResult mmio_call_write(MemoryRegion *mr, hwaddr addr,
                                   uint64_t v, unsigned size,
                                   MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->write_with_attrs) {
        return ops->write_with_attrs(mr->opaque, addr, v, size, attrs);
    }
    if (ops->write) {
        ops->write(mr->opaque, addr, v, size);
    }
    return MEMTX_OK;
}

/*
 * The units of impl size that cover [addr, addr + size): *unit is the
 * callbacks' size for this access, [*first, *first + *span) the bytes they
 * touch (at most 16: two 8-byte units).
 */
static void mmio_cover(const MemoryRegionOps *ops, hwaddr addr,
                       unsigned size, unsigned *unit, hwaddr *first,
                       unsigned *span)
{
    unsigned u = CLAMP(size, ops_impl_min(ops), ops_impl_max(ops));
    hwaddr end = addr + size;

    if (ops->impl.unaligned) {
        *first = addr;
    } else {
        *first = addr & ~(hwaddr)(u - 1);
    }
    *unit = u;
    *span = ((end - *first) + u - 1) & ~(u - 1);
}

static MemTxResult mmio_read_bytes(MemoryRegion *mr, hwaddr addr,
                                   uint8_t *out, unsigned size,
                                   MemTxAttrs attrs)
{
    bool big = is_big(mr->ops->endianness);
    uint8_t tmp[16];
    unsigned unit, span;
    hwaddr first;
    MemTxResult r = MEMTX_OK;

    mmio_cover(mr->ops, addr, size, &unit, &first, &span);
    for (unsigned off = 0; off < span; off += unit) {
        uint64_t v;
        r |= mmio_call_read(mr, first + off, &v, unit, attrs);
        value_to_bytes(tmp + off, v, unit, big);
    }
    memcpy(out, tmp + (addr - first), size);
    return r;
}

/* A unit only partly written is read first: a read-modify-write. */
static MemTxResult mmio_write_bytes(MemoryRegion *mr, hwaddr addr,
                                    const uint8_t *in, unsigned size,
                                    MemTxAttrs attrs)
{
    bool big = is_big(mr->ops->endianness);
    uint8_t tmp[16];
    unsigned unit, span;
    hwaddr first;
    MemTxResult r = MEMTX_OK;

    mmio_cover(mr->ops, addr, size, &unit, &first, &span);
    for (unsigned off = 0; off < span; off += unit) {
        hwaddr ustart = first + off;
        if (ustart < addr || ustart + unit > addr + size) {
            uint64_t v;
            r |= mmio_call_read(mr, ustart, &v, unit, attrs);
            value_to_bytes(tmp + off, v, unit, big);
        }
    }
    memcpy(tmp + (addr - first), in, size);
    for (unsigned off = 0; off < span; off += unit) {
        r |= mmio_call_write(mr, first + off,
                             bytes_to_value(tmp + off, unit, big), unit,
                             attrs);
    }
    return r;
}

static void log_rom_write(MemoryRegion *mr, hwaddr offset, uint64_t len)
{
    vireo_log_mask(LOG_GUEST_ERROR,
                   "write of %" PRIu64 " bytes to read-only '%s' at offset "
                   "0x%" PRIx64 " ignored\n", len, mr->name, offset);
}

/*
 * Bytes of one region; the caller keeps [addr, addr + size) inside it and
 * says whether the path to it is read-only. MMIO sizes are at most 8.
 */
static MemTxResult region_access_bytes(MemoryRegion *mr, hwaddr addr,
                                       uint8_t *buf, hwaddr size,
                                       bool is_write, bool readonly,
                                       MemTxAttrs attrs)
{
    while (mr->kind == MEMORY_REGION_ALIAS) {
        addr += mr->alias_offset;
        mr = mr->alias;
    }
    if (memory_region_is_ram(mr)) {
        if (addr >= mr->size || size > mr->size - addr) {
            return MEMTX_DECODE_ERROR;
        }
        if (!is_write) {
            memcpy(buf, mr->ram_ptr + addr, size);
        } else if (readonly) {
            log_rom_write(mr, addr, size);
        } else {
            memcpy(mr->ram_ptr + addr, buf, size);
        }
        return MEMTX_OK;
    }
    if (mr->kind != MEMORY_REGION_IO) {
        return MEMTX_DECODE_ERROR;
    }
    if (!mmio_access_valid(mr, addr, size, is_write, attrs)) {
        if (!is_write) {
            memset(buf, 0, size);
        }
        return MEMTX_ACCESS_ERROR;
    }
    return is_write ? mmio_write_bytes(mr, addr, buf, size, attrs)
                    : mmio_read_bytes(mr, addr, buf, size, attrs);
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *value, unsigned size,
                                        DeviceEndian order, MemTxAttrs attrs)
{
    uint8_t b[8];
    MemTxResult r;

    *value = 0;
    if (!valid_size(size)) {
        return MEMTX_ACCESS_ERROR;
    }
    r = region_access_bytes(mr, addr, b, size, false, false, attrs);
    *value = bytes_to_value(b, size, is_big(order));
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t value, unsigned size,
                                         DeviceEndian order,
                                         MemTxAttrs attrs)
{
    uint8_t b[8];
    bool readonly = false;

    if (!valid_size(size)) {
        return MEMTX_ACCESS_ERROR;
    }
    for (MemoryRegion *m = mr; m; m = m->alias) {
        readonly |= m->readonly;
    }
    value_to_bytes(b, value, size, is_big(order));
    return region_access_bytes(mr, addr, b, size, true, readonly, attrs);
}

/*
 * The largest access the guest may make at addr for up to len bytes of
 * this device: a power of two, no more than .valid allows and, unless
 * unaligned accesses are valid, no more than addr's alignment.
 */
static unsigned mmio_chunk_size(const MemoryRegionOps *ops, hwaddr addr,
                                hwaddr len)
{
    unsigned max = ops_valid_max(ops);

    if (!ops->valid.unaligned && addr) {
        max = MIN(max, (unsigned)MIN((hwaddr)8, addr & -addr));
    }
    if (len < max) {
        max = len;
    }
    /* Round down to a power of two. */
    while (max & (max - 1)) {
        max &= max - 1;
    }
    return max;
}

typedef enum {
    RW_READ,
    RW_WRITE,
    RW_WRITE_ROM,   /* host filling ROM: readonly RAM is writable */
} RwMode;

static MemoryRamWriteHook *ram_write_hook;

void memory_set_ram_write_hook(MemoryRamWriteHook *fn)
{
    __atomic_store_n(&ram_write_hook, fn, __ATOMIC_RELEASE);
}

static void ram_written(AddressSpace *as, hwaddr addr, hwaddr len)
{
    MemoryRamWriteHook *fn = __atomic_load_n(&ram_write_hook,
                                             __ATOMIC_ACQUIRE);
    if (fn) {
        fn(as, addr, len);
    }
}

static MemTxResult flatview_rw(AddressSpace *as, FlatView *fv, hwaddr addr,
                               MemTxAttrs attrs, uint8_t *buf, hwaddr len,
                               RwMode mode)
{
    MemTxResult result = MEMTX_OK;
    bool is_write = mode != RW_READ;

    while (len) {
        const FlatRange *fr = flatview_lookup(fv, addr);
        hwaddr l = len, off;

        if (!fr) {
            hwaddr next = flatview_next_start(fv, addr);
            if (next > addr) {
                l = MIN(l, next - addr);
            }
            vireo_log_mask(LOG_GUEST_ERROR,
                           "%s of %" PRIu64 " bytes at unassigned address "
                           "0x%" PRIx64 "\n", is_write ? "write" : "read",
                           l, addr);
            if (!is_write) {
                memset(buf, 0, l);
            }
            result |= MEMTX_DECODE_ERROR;
        } else {
            MemoryRegion *mr = fr->mr;
            l = MIN(l, flat_range_last(fr) - addr + 1);
            off = fr->offset + (addr - fr->start);
            if (memory_region_is_ram(mr)) {
                bool ro = fr->readonly && mode != RW_WRITE_ROM;
                result |= region_access_bytes(mr, off, buf, l, is_write,
                                              ro, attrs);
                if (is_write && !ro) {
                    ram_written(as, addr, l);
                }
            } else if (mode == RW_WRITE_ROM) {
                result |= MEMTX_DECODE_ERROR;
            } else {
                for (hwaddr done = 0; done < l;) {
                    unsigned n = mmio_chunk_size(mr->ops, off + done,
                                                 l - done);
                    result |= region_access_bytes(mr, off + done,
                                                  buf + done, n, is_write,
                                                  false, attrs);
                    done += n;
                }
            }
        }
        buf += l;
        addr += l;
        len -= l;
    }
    return result;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    FlatView *fv = address_space_get_flatview(as);
    MemTxResult r = flatview_rw(as, fv, addr, attrs, buf, len,
                                is_write ? RW_WRITE : RW_READ);

    flatview_unref(fv);
    return r;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    return address_space_rw(as, addr, attrs, (void *)buf, len, true);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len)
{
    FlatView *fv = address_space_get_flatview(as);
    MemTxResult r = flatview_rw(as, fv, addr, attrs, (uint8_t *)buf,
                                len, RW_WRITE_ROM);

    flatview_unref(fv);
    return r;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    FlatView *fv = address_space_get_flatview(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    void *ptr = NULL;

    if (fr && memory_region_is_ram(fr->mr) && !(is_write && fr->readonly)) {
        *plen = MIN(*plen, flat_range_last(fr) - addr + 1);
        ptr = fr->mr->ram_ptr + fr->offset + (addr - fr->start);
    } else {
        *plen = 0;
    }
    flatview_unref(fv);
    return ptr;
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    const uint8_t *p = buffer;
    FlatView *fv;

    if (!is_write || !access_len || !buffer) {
        return;
    }
    /*
     * The caller wrote through the pointer: tell the RAM write hook (TCG
     * drops code there). The pointer names RAM bytes, not an address, so
     * every range showing those bytes was written (aliases too).
     */
    fv = address_space_get_flatview(as);
    for (unsigned i = 0; i < fv->nr; i++) {
        const FlatRange *fr = &fv->ranges[i];
        const uint8_t *lo, *hi, *s, *e;

        if (!memory_region_is_ram(fr->mr) || fr->readonly) {
            continue;
        }
        lo = fr->mr->ram_ptr + fr->offset;
        hi = lo + fr->size;
        s = MAX(p, lo);
        e = MIN(p + access_len, hi);
        if (s < e) {
            ram_written(as, fr->start + (hwaddr)(s - lo), (hwaddr)(e - s));
        }
    }
    flatview_unref(fv);
}

/*
 * One access of size bytes: a single call to the device when it falls in
 * one MMIO range (so .valid sees the size the guest used), the byte path
 * when it straddles ranges.
 */
static MemTxResult as_access(AddressSpace *as, hwaddr addr, uint64_t *val,
                             unsigned size, DeviceEndian order,
                             bool is_write, MemTxAttrs attrs)
{
    FlatView *fv = address_space_get_flatview(as);
    const FlatRange *fr = flatview_lookup(fv, addr);
    uint8_t b[8];
    MemTxResult r;

    if (is_write) {
        value_to_bytes(b, *val, size, is_big(order));
    }
    if (fr && flat_range_last(fr) - addr >= size - 1) {
        r = region_access_bytes(fr->mr, fr->offset + (addr - fr->start), b,
                                size, is_write, fr->readonly, attrs);
        if (is_write && !fr->readonly && memory_region_is_ram(fr->mr)) {
            ram_written(as, addr, size);
        }
    } else {
        r = flatview_rw(as, fv, addr, attrs, b, size,
                        is_write ? RW_WRITE : RW_READ);
    }
    if (!is_write) {
        *val = bytes_to_value(b, size, is_big(order));
    }
    flatview_unref(fv);
    return r;
}

static uint64_t as_load(AddressSpace *as, hwaddr addr, unsigned size,
                        DeviceEndian order, MemTxAttrs attrs,
                        MemTxResult *result)
{
    uint64_t v = 0;
    MemTxResult r = as_access(as, addr, &v, size, order, false, attrs);

    if (result) {
        *result = r;
    }
    return v;
}

static void as_store(AddressSpace *as, hwaddr addr, uint64_t v,
                     unsigned size, DeviceEndian order, MemTxAttrs attrs,
                     MemTxResult *result)
{
    MemTxResult r = as_access(as, addr, &v, size, order, true, attrs);

    if (result) {
        *result = r;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result)
{
    return as_load(as, addr, 1, DEVICE_LITTLE_ENDIAN, attrs, result);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 2, DEVICE_LITTLE_ENDIAN, attrs, result);
}

uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 2, DEVICE_BIG_ENDIAN, attrs, result);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 4, DEVICE_LITTLE_ENDIAN, attrs, result);
}

uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 4, DEVICE_BIG_ENDIAN, attrs, result);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 8, DEVICE_LITTLE_ENDIAN, attrs, result);
}

uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return as_load(as, addr, 8, DEVICE_BIG_ENDIAN, attrs, result);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 1, DEVICE_LITTLE_ENDIAN, attrs, result);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 2, DEVICE_LITTLE_ENDIAN, attrs, result);
}

void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 2, DEVICE_BIG_ENDIAN, attrs, result);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 4, DEVICE_LITTLE_ENDIAN, attrs, result);
}

void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 4, DEVICE_BIG_ENDIAN, attrs, result);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 8, DEVICE_LITTLE_ENDIAN, attrs, result);
}

void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    as_store(as, addr, val, 8, DEVICE_BIG_ENDIAN, attrs, result);
}
