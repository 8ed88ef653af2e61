/*
 * The memory API: a tree of regions (RAM, ROM, MMIO, aliases, containers)
 * that each address space flattens into a sorted view for lookups, plus
 * the accessors devices, accelerators and the loader use to reach guest
 * memory, and listeners that follow every change of a view.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threading: the region tree is changed by one thread at a time (the one
 * that owns the machine, later under the big lock). Views are immutable and
 * refcounted, so other threads (vCPUs) read through a view they hold a
 * reference on while a new one is installed; see docs/devel/memory.md.
 */
#ifndef VIREO_SOFTMMU_MEMORY_H
#define VIREO_SOFTMMU_MEMORY_H

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t hwaddr;
#define HWADDR_FMT "%016" PRIx64

/* The object that owns a region; opaque until the object model lands. */
struct Object;

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct MemoryListener MemoryListener;
typedef struct AddressSpace AddressSpace;
typedef struct MemoryRegionIoeventfd MemoryRegionIoeventfd;
typedef struct EventNotifier EventNotifier;
typedef struct FlatView FlatView;
/* [addr, addr + len) of as was written (dirty logging). */
typedef void MemoryDirtyFn(void *opaque, AddressSpace *as, hwaddr addr,
                           uint64_t len);

/*
 * The outcome of one transaction on the bus. Bits, so the results of the
 * pieces of a longer access can be OR-ed together.
 */
typedef enum {
    MEMTX_OK = 0,
    MEMTX_ACCESS_ERROR = 1 << 0,  /* a region refused the access (.valid) */
    MEMTX_DECODE_ERROR = 1 << 1,  /* nothing is mapped at the address */
} MemTxResult;

/* Who is asking; devices may look at it in their accepts() hook. */
typedef struct MemTxAttrs {
    unsigned int unspecified : 1;
    unsigned int secure : 1;
    unsigned int user : 1;
    unsigned int requester_id : 16;
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

/*
 * Byte order of a device's registers. NATIVE is the guest's order; every
 * guest Vireo runs (riscv64, x86-64) is little-endian, so it behaves as
 * LITTLE.
 */
typedef enum {
    DEVICE_NATIVE_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
    DEVICE_BIG_ENDIAN,
} DeviceEndian;

/*
 * How a device's registers are reached.
 *
 * .valid says what the guest may do; an access outside it is refused
 * (MEMTX_ACCESS_ERROR, logged under guest_errors, reads give 0). .impl says
 * what the callbacks handle; an allowed access outside it is split into
 * several calls or widened to one (a narrow write is then a
 * read-modify-write of the wider unit). A zero size means "1" for min and
 * "4" for max. Sizes are 1, 2, 4 or 8.
 */
struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t value, unsigned size);
    /* Used instead of read/write when set: a device may fail an access. */
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *value,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t value,
                                    unsigned size, MemTxAttrs attrs);
    DeviceEndian endianness;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        /* Optional final say, e.g. for registers only some sizes reach. */
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

typedef enum {
    MEMORY_REGION_CONTAINER,
    MEMORY_REGION_RAM,
    MEMORY_REGION_ROM,
    MEMORY_REGION_IO,
    MEMORY_REGION_ALIAS,
} MemoryRegionKind;

/* Flags for memory_region_init_ram(). */
enum {
    /* Back the RAM with a memfd, so KVM or another process can share it;
     * fail if that is not possible. */
    MEMORY_RAM_SHARED_FD = 1 << 0,
    /* Try a memfd, quietly fall back to anonymous memory. */
    MEMORY_RAM_TRY_FD = 1 << 1,
};

/*
 * A region. Callers embed it in their own state (or g_new0 it)
 * and treat the fields as private; they are here so it can be embedded.
 * Sizes are 64-bit: UINT64_MAX stands for a whole 64-bit space, whose last
 * byte is then out of reach.
 */
struct MemoryRegion {
    struct Object *owner;
    char *name;
    MemoryRegionKind kind;
    int refcount;               /* atomic */
    bool heap;                  /* g_free at the last unref */
    bool enabled;
    bool readonly;              /* RAM the guest can only read */
    bool may_overlap;
    int priority;
    hwaddr addr;                /* offset in the container */
    uint64_t size;
    MemoryRegion *container;
    GPtrArray *subregions;      /* highest priority first */

    /* RAM and ROM */
    uint8_t *ram_ptr;
    size_t ram_mapped;          /* bytes mapped by us, 0 if not ours */
    int fd;

    /* MMIO */
    const MemoryRegionOps *ops;
    void *opaque;

    /* aliases */
    MemoryRegion *alias;
    hwaddr alias_offset;

    /* MemoryRegionIoeventfd: writes an accelerator may turn into signals */
    GArray *ioeventfds;
};

/*
 * A write of size bytes at addr in a region (of data, when match_data)
 * that may be delivered by signalling e instead of calling the region's
 * write callback. The region's own write path must signal e too, so an
 * accelerator that cannot do this (TCG) loses nothing.
 */
struct MemoryRegionIoeventfd {
    hwaddr addr;
    unsigned size;
    bool match_data;
    uint64_t data;
    EventNotifier *e;
};

/*
 * One piece of a view: [offset_within_address_space, + size) shows
 * [offset_within_region, + size) of mr.
 */
struct MemoryRegionSection {
    MemoryRegion *mr;
    AddressSpace *as;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    uint64_t size;
    bool readonly;
};

/*
 * Told of every change of an address space's view: begin, then region_del
 * for each section that went away (highest priority listener first), then
 * region_add for each new one (lowest priority first), then commit.
 * Registering replays the current view as region_add; unregistering sends
 * region_del for every section. Any hook may be NULL.
 */
struct MemoryListener {
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener, MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener, MemoryRegionSection *section);
    int priority;
    const char *name;
    AddressSpace *address_space;   /* set while registered */
    /*
     * An ioeventfd of a region became visible at guest address addr of
     * the listener's space, or stopped being. Called when the view
     * changes and when the region gains or loses one, with the same
     * replay rules as region_add and region_del.
     */
    void (*eventfd_add)(MemoryListener *listener, hwaddr addr,
                        const MemoryRegionIoeventfd *fd);
    void (*eventfd_del)(MemoryListener *listener, hwaddr addr,
                        const MemoryRegionIoeventfd *fd);
    /*
     * Dirty logging (for migration): start recording guest writes to
     * RAM (may fail), stop, and report through fn the ranges of the
     * listener's space written since the last sync, clearing the record.
     */
    bool (*log_global_start)(MemoryListener *listener, GError **errp);
    void (*log_global_stop)(MemoryListener *listener);
    void (*log_sync)(MemoryListener *listener, MemoryDirtyFn *fn,
                     void *opaque);
};

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;         /* swapped under map_lock */
    GMutex map_lock;
    GPtrArray *listeners;          /* by ascending priority */
};

/* --- regions ----------------------------------------------------------- */

/* A container: no contents of its own, only subregions. */
void memory_region_init(MemoryRegion *mr, struct Object *owner,
                        const char *name, uint64_t size);
/* RAM from the host (mmap, lazily backed; flags: MEMORY_RAM_*). */
bool memory_region_init_ram(MemoryRegion *mr, struct Object *owner,
                            const char *name, uint64_t size, unsigned flags,
                            GError **errp);
/* RAM over memory the caller provides and keeps alive. */
void memory_region_init_ram_ptr(MemoryRegion *mr, struct Object *owner,
                                const char *name, uint64_t size, void *ptr);
/* RAM the guest cannot write; fill it through the host pointer. */
bool memory_region_init_rom(MemoryRegion *mr, struct Object *owner,
                            const char *name, uint64_t size, GError **errp);
/* Device registers. */
void memory_region_init_io(MemoryRegion *mr, struct Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);
/* A window onto [offset, offset + size) of orig. Takes a ref on orig. */
void memory_region_init_alias(MemoryRegion *mr, struct Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);

/*
 * After init, for a region allocated with g_new0: g_free it when its last
 * reference goes, so its creator may simply unref it.
 */
void memory_region_set_free_on_release(MemoryRegion *mr);

/*
 * References. init gives the caller one; containers hold one on each
 * subregion, aliases on their target, views on every region they show.
 * The last unref frees host memory, drops what the region held and, for
 * regions set free-on-release, the struct. An embedded region's storage
 * must outlive its last reference.
 */
MemoryRegion *memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);

const char *memory_region_name(const MemoryRegion *mr);
uint64_t memory_region_size(const MemoryRegion *mr);
bool memory_region_is_ram(const MemoryRegion *mr);   /* RAM or ROM */
bool memory_region_is_rom(const MemoryRegion *mr);
/* Host address of offset 0 of a RAM/ROM region (or an alias of one). */
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/* The memfd behind the RAM, or -1. */
int memory_region_get_fd(const MemoryRegion *mr);

/* Map subregion at offset in container, priority 0, no overlap allowed. */
void memory_region_add_subregion(MemoryRegion *container, hwaddr offset,
                                 MemoryRegion *subregion);
/* The same, allowed to overlap; higher priority wins, ties: latest added. */
void memory_region_add_subregion_overlap(MemoryRegion *container,
                                         hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);
void memory_region_del_subregion(MemoryRegion *container,
                                 MemoryRegion *subregion);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_size(MemoryRegion *mr, uint64_t size);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);

/*
 * Offer listeners (KVM's ioeventfd) to signal e on a write of size bytes
 * at offset addr of mr, of value data if match_data. The region must
 * signal e itself on such a write too (see MemoryRegionIoeventfd). del
 * takes the same arguments as the add it undoes.
 */
void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);
void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e);

/*
 * Changes between begin and commit (they nest) rebuild the views once, at
 * the outermost commit.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/*
 * One access to a region's own contents, bypassing the views. The value
 * is the bytes at addr composed in the given byte order (LITTLE or BIG);
 * for MMIO it goes through the .valid checks and .impl adjustments.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *value, unsigned size,
                                        DeviceEndian order, MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t value, unsigned size,
                                         DeviceEndian order,
                                         MemTxAttrs attrs);

/*
 * Dirty logging across every listener of every address space. start
 * fails (and leaves logging off) if any listener cannot log; sync
 * reports each written range once, then forgets it.
 */
bool memory_global_dirty_log_start(GError **errp);
void memory_global_dirty_log_stop(void);
void memory_global_dirty_log_sync(MemoryDirtyFn *fn, void *opaque);
bool memory_global_dirty_log_active(void);

/* --- address spaces ---------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);
/* Unregisters nothing: listeners must be gone first. */
void address_space_destroy(AddressSpace *as);

/* The current view with a reference; drop it with flatview_unref. */
FlatView *address_space_get_flatview(AddressSpace *as);
void flatview_ref(FlatView *fv);
void flatview_unref(FlatView *fv);
/* How many ranges the view has, and the nth, for listeners' users. */
unsigned flatview_nr_ranges(const FlatView *fv);
bool flatview_get_section(const FlatView *fv, unsigned n,
                          MemoryRegionSection *section);

/*
 * Find what is at addr: returns the region (NULL for a hole) with the
 * offset in it in *xlat, and cuts *plen to what stays in that region.
 * The result is valid while the tree does not change; a thread that does
 * not own the tree uses flatview_translate on a view it holds.
 */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write);
MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen, bool is_write);

/*
 * The piece of the view holding addr, trimmed to start at addr (for a TLB
 * fill: region, offset, what is left of it, read-only or not). False for
 * a hole. The same validity rules as for translate apply.
 */
bool address_space_find_section(AddressSpace *as, hwaddr addr,
                                MemoryRegionSection *section);
bool flatview_find_section(FlatView *fv, hwaddr addr,
                           MemoryRegionSection *section);

/* Copy between guest memory and buf, across any number of regions. */
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
/*
 * Host-side write that also fills ROM (the loader's path). MMIO and holes
 * in the range are skipped and reported as MEMTX_DECODE_ERROR.
 */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);

/*
 * A host pointer for [addr, addr + *plen) if it starts in RAM (writable
 * RAM when is_write); *plen is cut to the contiguous part. NULL otherwise:
 * the caller falls back to address_space_read/write. The pointer stays
 * valid while the region lives; unmap tells when the caller is done: with
 * is_write, the first access_len bytes count as written (the RAM write
 * hook hears of them).
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/* Fixed-size loads and stores; result in *result when non-NULL. */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);

/* --- listeners --------------------------------------------------------- */

void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/*
 * Told of writes to RAM made through an address space's accessors
 * (address_space_write/rw/write_rom/st*, and address_space_map pointers
 * when unmapped): TCG drops translated code there. One hook; NULL: none.
 */
typedef void MemoryRamWriteHook(AddressSpace *as, hwaddr addr, hwaddr len);
void memory_set_ram_write_hook(MemoryRamWriteHook *fn);

/* --- dumps (`info mtree`) ---------------------------------------------- */

/* The region tree of every address space, then aliased regions. */
void mtree_print(FILE *out);
/* The flat view of every address space. */
void mtree_print_flat(FILE *out);

#endif
