/*
 * softmmu/memory*.c: the region tree, flat views, accessors with MMIO
 * splitting and widening, listeners, transactions and the mtree dumps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "softmmu/memory.h"
#include "util/error.h"
#include "util/log.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ANY MEMTXATTRS_UNSPECIFIED

static MemoryRegion sysmem;
static AddressSpace as;

static void sys_init(void)
{
    memory_region_init(&sysmem, NULL, "sys", UINT64_MAX);
    address_space_init(&as, &sysmem, "test-as");
}

static void sys_fini(void)
{
    address_space_destroy(&as);
    memory_region_unref(&sysmem);
}

/* RAM of size at addr in sysmem; the container holds the only ref. */
static MemoryRegion *add_ram(const char *name, hwaddr addr, uint64_t size)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    GError *err = NULL;

    ck_assert(memory_region_init_ram(mr, NULL, name, size, 0, &err));
    memory_region_set_free_on_release(mr);
    memory_region_add_subregion(&sysmem, addr, mr);
    memory_region_unref(mr);
    return mr;
}

/* --- a device whose registers are a byte array ------------------------- */

typedef struct Call {
    bool write;
    hwaddr addr;
    unsigned size;
    uint64_t val;
} Call;

typedef struct TestDev {
    MemoryRegion mr;
    MemoryRegionOps ops;
    uint8_t mem[64];
    bool big;
    Call calls[32];
    unsigned ncalls;
    hwaddr refuse_addr;      /* accepts() says no here (if nonzero) */
} TestDev;

static void dev_log(TestDev *d, bool write, hwaddr addr, unsigned size,
                    uint64_t val)
{
    ck_assert_uint_lt(d->ncalls, G_N_ELEMENTS(d->calls));
    d->calls[d->ncalls++] = (Call) { write, addr, size, val };
}

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    ck_assert_uint_le(addr + size, sizeof(d->mem));
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)d->mem[addr + i] << (8 * (d->big ? size - 1 - i : i));
    }
    dev_log(d, false, addr, size, v);
    return v;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    TestDev *d = opaque;

    ck_assert_uint_le(addr + size, sizeof(d->mem));
    for (unsigned i = 0; i < size; i++) {
        d->mem[addr + i] = v >> (8 * (d->big ? size - 1 - i : i));
    }
    dev_log(d, true, addr, size, v);
}

static bool dev_accepts(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs)
{
    TestDev *d = opaque;

    return !(is_write && d->refuse_addr && addr == d->refuse_addr);
}

static void dev_init(TestDev *d, bool big, unsigned vmin, unsigned vmax,
                     unsigned imin, unsigned imax, bool v_unaligned,
                     bool i_unaligned)
{
    memset(d, 0, sizeof(*d));
    d->big = big;
    for (unsigned i = 0; i < sizeof(d->mem); i++) {
        d->mem[i] = 0x10 + i;
    }
    d->ops = (MemoryRegionOps) {
        .read = dev_read,
        .write = dev_write,
        .endianness = big ? DEVICE_BIG_ENDIAN : DEVICE_LITTLE_ENDIAN,
        .valid = { vmin, vmax, v_unaligned, dev_accepts },
        .impl = { imin, imax, i_unaligned },
    };
    memory_region_init_io(&d->mr, NULL, &d->ops, d, "dev", sizeof(d->mem));
}

/* Map the device at addr; the container takes over the reference. */
static void dev_map(TestDev *d, hwaddr addr)
{
    memory_region_add_subregion(&sysmem, addr, &d->mr);
    memory_region_unref(&d->mr);
}

/* --- capturing guest_errors -------------------------------------------- */

static char log_path[64];

static void log_capture_start(void)
{
    int fd;

    strcpy(log_path, "/tmp/vireo-test-memory-XXXXXX");
    fd = mkstemp(log_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(vireo_log_set_file(log_path, NULL));
    vireo_loglevel = LOG_GUEST_ERROR;
}

static char *log_capture_end(void)
{
    char *text = NULL;

    vireo_loglevel = 0;
    ck_assert(vireo_log_set_file(NULL, NULL));
    ck_assert(g_file_get_contents(log_path, &text, NULL, NULL));
    unlink(log_path);
    return text;
}

/* --- a listener that writes down what it hears ------------------------- */

typedef struct Rec {
    MemoryListener l;
    GString *log;
} Rec;

static void rec_begin(MemoryListener *l)
{
    g_string_append_printf(((Rec *)l)->log, "%s:begin;", l->name);
}

static void rec_commit(MemoryListener *l)
{
    g_string_append_printf(((Rec *)l)->log, "%s:commit;", l->name);
}

static void rec_section(MemoryListener *l, const char *what,
                        MemoryRegionSection *s)
{
    g_string_append_printf(((Rec *)l)->log, "%s:%s %s %" PRIx64 "+%" PRIx64
                           "@%" PRIx64 "%s;", l->name, what, s->mr->name,
                           s->offset_within_address_space, s->size,
                           s->offset_within_region,
                           s->readonly ? " ro" : "");
}

static void rec_add(MemoryListener *l, MemoryRegionSection *s)
{
    rec_section(l, "add", s);
}

static void rec_del(MemoryListener *l, MemoryRegionSection *s)
{
    rec_section(l, "del", s);
}

static void rec_init(Rec *r, const char *name, int priority, GString *log)
{
    *r = (Rec) {
        .l = { rec_begin, rec_commit, rec_add, rec_del, priority, name },
        .log = log,
    };
}

/* The flat view as "start+size:name@offset " items. */
static char *flat_string(void)
{
    FlatView *fv = address_space_get_flatview(&as);
    GString *s = g_string_new("");
    MemoryRegionSection sec;

    for (unsigned i = 0; flatview_get_section(fv, i, &sec); i++) {
        g_string_append_printf(s, "%" PRIx64 "+%" PRIx64 ":%s@%" PRIx64 " ",
                               sec.offset_within_address_space, sec.size,
                               sec.mr->name, sec.offset_within_region);
    }
    flatview_unref(fv);
    return g_string_free(s, false);
}

#define ck_assert_flat(expected)                      \
    do {                                              \
        g_autofree char *got_ = flat_string();        \
        ck_assert_str_eq(got_, expected);             \
    } while (0)

/* --- RAM and ROM ------------------------------------------------------- */

START_TEST(ram_read_write_and_host_pointer)
{
    MemoryRegion *ram;
    uint8_t buf[4] = { 1, 2, 3, 4 }, back[4];

    sys_init();
    ram = add_ram("ram", 0x1000, 0x1000);
    ck_assert_int_eq(address_space_write(&as, 0x1ffc, ANY, buf, 4), MEMTX_OK);
    ck_assert_mem_eq((uint8_t *)memory_region_get_ram_ptr(ram) + 0xffc,
                     buf, 4);
    ck_assert_int_eq(address_space_read(&as, 0x1ffc, ANY, back, 4), MEMTX_OK);
    ck_assert_mem_eq(back, buf, 4);
    ck_assert_int_eq(memory_region_get_fd(ram), -1);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x1ffc, ANY, NULL),
                      0x04030201);
    ck_assert_uint_eq(address_space_ldl_be(&as, 0x1ffc, ANY, NULL),
                      0x01020304);
    address_space_stq_be(&as, 0x1000, 0x1122334455667788ull, ANY, NULL);
    ck_assert_uint_eq(address_space_ldq_le(&as, 0x1000, ANY, NULL),
                      0x8877665544332211ull);
    ck_assert_uint_eq(address_space_lduw_be(&as, 0x1000, ANY, NULL), 0x1122);
    sys_fini();
}
END_TEST

START_TEST(ram_memfd_is_shared)
{
    MemoryRegion mr;
    GError *err = NULL;
    uint8_t byte = 0;
    int fd;

    ck_assert(memory_region_init_ram(&mr, NULL, "shared", 0x3000,
                                     MEMORY_RAM_SHARED_FD, &err));
    ck_assert_ptr_null(err);
    fd = memory_region_get_fd(&mr);
    ck_assert_int_ge(fd, 0);
    ((uint8_t *)memory_region_get_ram_ptr(&mr))[0x2001] = 0x5a;
    ck_assert_int_eq(pread(fd, &byte, 1, 0x2001), 1);
    ck_assert_uint_eq(byte, 0x5a);
    memory_region_unref(&mr);

    ck_assert(memory_region_init_ram(&mr, NULL, "maybe", 0x1000,
                                     MEMORY_RAM_TRY_FD, &err));
    ck_assert_int_ge(memory_region_get_fd(&mr), 0);
    memory_region_unref(&mr);

    /* Asked for a shareable fd it cannot get: an error, no fallback. */
    ck_assert(!memory_region_init_ram(&mr, NULL, "vast", UINT64_C(1) << 62,
                                      MEMORY_RAM_SHARED_FD, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'vast'"));
    g_clear_error(&err);
}
END_TEST

/* Anonymous RAM of 2 MiB or more starts on a huge-page boundary. */
START_TEST(anonymous_ram_is_huge_page_aligned)
{
    static const uint64_t sizes[] = { 0x1000, 0x200000, 0x3ff000,
                                      UINT64_C(64) << 20 };

    for (unsigned i = 0; i < G_N_ELEMENTS(sizes); i++) {
        MemoryRegion mr;
        GError *err = NULL;
        uint8_t *p;

        ck_assert(memory_region_init_ram(&mr, NULL, "anon", sizes[i], 0,
                                         &err));
        ck_assert_int_lt(memory_region_get_fd(&mr), 0);
        p = memory_region_get_ram_ptr(&mr);
        if (sizes[i] >= 0x200000) {
            ck_assert_uint_eq((uintptr_t)p & 0x1fffff, 0);
        }
        p[0] = 1;
        p[sizes[i] - 1] = 2;        /* the whole size is mapped */
        ck_assert_uint_eq(p[0] + p[sizes[i] - 1], 3);
        memory_region_unref(&mr);
    }
}
END_TEST

START_TEST(ram_16gib_is_lazy)
{
    MemoryRegion *big;
    GError *err = NULL;
    const uint64_t size = UINT64_C(16) << 30;

    sys_init();
    big = g_new0(MemoryRegion, 1);
    ck_assert(memory_region_init_ram(big, NULL, "big", size, 0, &err));
    memory_region_set_free_on_release(big);
    memory_region_add_subregion(&sysmem, 0x80000000, big);
    memory_region_unref(big);
    address_space_stb(&as, 0x80000000 + size - 1, 0xab, ANY, NULL);
    ck_assert_uint_eq(address_space_ldub(&as, 0x80000000 + size - 1, ANY,
                                         NULL), 0xab);
    ck_assert_uint_eq(memory_region_size(big), size);
    sys_fini();
}
END_TEST

START_TEST(ram_bad_sizes_are_errors)
{
    MemoryRegion mr;
    GError *err = NULL;

    ck_assert(!memory_region_init_ram(&mr, NULL, "zero", 0, 0, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_ptr_nonnull(strstr(err->message, "'zero'"));
    ck_assert_ptr_nonnull(strstr(err->message, "size must be > 0"));
    g_clear_error(&err);

    ck_assert(!memory_region_init_ram(&mr, NULL, "huge", UINT64_MAX - 10,
                                      MEMORY_RAM_SHARED_FD, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'huge'"));
    ck_assert_ptr_nonnull(strstr(err->message, "too large"));
    g_clear_error(&err);

    /* Fits a size_t, but no host has that much address space. */
    ck_assert(!memory_region_init_ram(&mr, NULL, "vast", UINT64_C(1) << 62,
                                      0, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_IO));
    ck_assert_ptr_nonnull(strstr(err->message, "cannot map"));
    g_clear_error(&err);

    ck_assert(!memory_region_init_rom(&mr, NULL, "rom0", 0, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'rom0'"));
    g_clear_error(&err);
}
END_TEST

START_TEST(rom_is_write_protected)
{
    MemoryRegion *rom = g_new0(MemoryRegion, 1);
    GError *err = NULL;
    const uint8_t img[4] = { 0xde, 0xad, 0xbe, 0xef }, junk[4] = { 0 };
    uint8_t back[4];
    g_autofree char *log = NULL;

    sys_init();
    ck_assert(memory_region_init_rom(rom, NULL, "boot.rom", 0x1000, &err));
    memory_region_set_free_on_release(rom);
    memory_region_add_subregion(&sysmem, 0x1000, rom);
    memory_region_unref(rom);
    ck_assert(memory_region_is_rom(rom));

    ck_assert_int_eq(address_space_write_rom(&as, 0x1000, ANY, img, 4),
                     MEMTX_OK);
    log_capture_start();
    ck_assert_int_eq(address_space_write(&as, 0x1000, ANY, junk, 4),
                     MEMTX_OK);
    address_space_stl_le(&as, 0x1000, 0, ANY, NULL);
    ck_assert_int_eq(memory_region_dispatch_write(rom, 0, 0, 4,
                                                  DEVICE_LITTLE_ENDIAN, ANY),
                     MEMTX_OK);
    log = log_capture_end();
    ck_assert_int_eq(address_space_read(&as, 0x1000, ANY, back, 4), MEMTX_OK);
    ck_assert_mem_eq(back, img, 4);
    ck_assert_ptr_nonnull(strstr(log, "read-only 'boot.rom'"));

    /* The host side fills it directly, too. */
    ((uint8_t *)memory_region_get_ram_ptr(rom))[8] = 0x42;
    ck_assert_uint_eq(address_space_ldub(&as, 0x1008, ANY, NULL), 0x42);
    /* write_rom skips what is not RAM and says so. */
    ck_assert_int_eq(address_space_write_rom(&as, 0x1ffe, ANY, img, 4),
                     MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_lduw_le(&as, 0x1ffe, ANY, NULL), 0xadde);
    sys_fini();
}
END_TEST

/* --- topology ---------------------------------------------------------- */

START_TEST(higher_priority_wins)
{
    MemoryRegion *low, *high;

    sys_init();
    low = add_ram("low", 0x0, 0x4000);
    high = g_new0(MemoryRegion, 1);
    ck_assert(memory_region_init_ram(high, NULL, "high", 0x1000, 0, NULL));
    memory_region_set_free_on_release(high);
    memory_region_add_subregion_overlap(&sysmem, 0x1000, high, 1);
    memory_region_unref(high);
    ck_assert_flat("0+1000:low@0 1000+1000:high@0 2000+2000:low@2000 ");

    address_space_stb(&as, 0x1000, 0x77, ANY, NULL);
    ck_assert_uint_eq(((uint8_t *)memory_region_get_ram_ptr(high))[0], 0x77);
    ck_assert_uint_eq(((uint8_t *)memory_region_get_ram_ptr(low))[0x1000],
                      0);

    /* Lower priority added later still loses. */
    memory_region_del_subregion(&sysmem, high);
    ck_assert_flat("0+4000:low@0 ");
    (void)low;
    sys_fini();
}
END_TEST

START_TEST(equal_priority_overlap_latest_wins)
{
    MemoryRegion a, b;

    sys_init();
    ck_assert(memory_region_init_ram(&a, NULL, "a", 0x2000, 0, NULL));
    ck_assert(memory_region_init_ram(&b, NULL, "b", 0x1000, 0, NULL));
    memory_region_add_subregion_overlap(&sysmem, 0, &a, 2);
    memory_region_add_subregion_overlap(&sysmem, 0x800, &b, 2);
    ck_assert_flat("0+800:a@0 800+1000:b@0 1800+800:a@1800 ");
    memory_region_del_subregion(&sysmem, &b);
    memory_region_add_subregion_overlap(&sysmem, 0x800, &b, 1);
    ck_assert_flat("0+2000:a@0 ");

    /* A plain add may overlap a sibling that was added with _overlap. */
    memory_region_del_subregion(&sysmem, &a);
    memory_region_del_subregion(&sysmem, &b);
    memory_region_add_subregion_overlap(&sysmem, 0x800, &b, 0);
    memory_region_add_subregion(&sysmem, 0x1000, &a);
    ck_assert_flat("800+800:b@0 1000+2000:a@0 ");
    sys_fini();
    memory_region_unref(&a);
    memory_region_unref(&b);
}
END_TEST

START_TEST(same_priority_overlap_is_a_bug)
{
    sys_init();
    add_ram("first", 0x0, 0x2000);
    add_ram("second", 0x1000, 0x2000);   /* aborts */
}
END_TEST

START_TEST(alias_window)
{
    MemoryRegion *ram, alias;

    sys_init();
    ram = add_ram("ram", 0x80000000, 0x10000);
    memory_region_init_alias(&alias, NULL, "lowmem", ram, 0x4000, 0x1000);
    memory_region_add_subregion(&sysmem, 0x0, &alias);
    ck_assert_flat("0+1000:ram@4000 80000000+10000:ram@0 ");

    address_space_stl_le(&as, 0x10, 0xcafef00d, ANY, NULL);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x80004010, ANY, NULL),
                      0xcafef00d);
    ck_assert_ptr_eq(memory_region_get_ram_ptr(&alias),
                     (uint8_t *)memory_region_get_ram_ptr(ram) + 0x4000);

    memory_region_set_alias_offset(&alias, 0x8000);
    ck_assert_flat("0+1000:ram@8000 80000000+10000:ram@0 ");
    memory_region_set_size(&alias, 0x800);
    ck_assert_flat("0+800:ram@8000 80000000+10000:ram@0 ");
    sys_fini();
    memory_region_unref(&alias);
}
END_TEST

START_TEST(alias_of_container_and_nesting)
{
    MemoryRegion bus, inner, alias;
    MemoryRegion *r1 = g_new0(MemoryRegion, 1), *r2 = g_new0(MemoryRegion, 1);
    hwaddr xlat, len = 0x10000;

    sys_init();
    memory_region_init(&bus, NULL, "bus", 0x10000);
    memory_region_init(&inner, NULL, "inner", 0x8000);
    ck_assert(memory_region_init_ram(r1, NULL, "r1", 0x1000, 0, NULL));
    ck_assert(memory_region_init_ram(r2, NULL, "r2", 0x1000, 0, NULL));
    memory_region_set_free_on_release(r1);
    memory_region_set_free_on_release(r2);
    memory_region_add_subregion(&bus, 0x1000, r1);
    memory_region_add_subregion(&bus, 0x2000, &inner);
    memory_region_add_subregion(&inner, 0x3000, r2);
    memory_region_unref(r1);
    memory_region_unref(r2);
    memory_region_add_subregion(&sysmem, 0x100000, &bus);
    /* A window onto bus from 0x1800: half of r1, then r2 at +0x3800. */
    memory_region_init_alias(&alias, NULL, "win", &bus, 0x1800, 0x4000);
    memory_region_add_subregion(&sysmem, 0x200000, &alias);

    ck_assert_flat("101000+1000:r1@0 105000+1000:r2@0 "
                   "200000+800:r1@800 203800+800:r2@0 ");
    ck_assert_ptr_eq(address_space_translate(&as, 0x105010, &xlat, &len,
                                             false), r2);
    ck_assert_uint_eq(xlat, 0x10);
    ck_assert_uint_eq(len, 0xff0);
    address_space_stb(&as, 0x203801, 0x99, ANY, NULL);
    ck_assert_uint_eq(address_space_ldub(&as, 0x105001, ANY, NULL), 0x99);

    /* Moving the nested container moves what is seen through the alias. */
    memory_region_set_address(&inner, 0x2400);
    ck_assert_flat("101000+1000:r1@0 105400+1000:r2@0 "
                   "200000+800:r1@800 203c00+400:r2@0 ");
    sys_fini();
    memory_region_unref(&alias);
    memory_region_unref(&bus);
    memory_region_unref(&inner);
}
END_TEST

START_TEST(enable_disable_and_move)
{
    MemoryRegion *low, *top = g_new0(MemoryRegion, 1);
    MemTxResult r;
    uint8_t b;
    g_autofree char *log = NULL;

    sys_init();
    low = add_ram("low", 0, 0x2000);
    ck_assert(memory_region_init_ram(top, NULL, "top", 0x1000, 0, NULL));
    memory_region_set_free_on_release(top);
    memory_region_add_subregion_overlap(&sysmem, 0, top, 5);
    memory_region_unref(top);
    ck_assert_flat("0+1000:top@0 1000+1000:low@1000 ");

    memory_region_set_enabled(top, false);
    ck_assert_flat("0+2000:low@0 ");
    memory_region_set_enabled(top, true);
    ck_assert_flat("0+1000:top@0 1000+1000:low@1000 ");

    memory_region_set_enabled(low, false);
    memory_region_set_address(top, 0x10000);
    ck_assert_flat("10000+1000:top@0 ");
    log_capture_start();
    ck_assert_int_eq(address_space_read(&as, 0x800, ANY, &b, 1),
                     MEMTX_DECODE_ERROR);
    log = log_capture_end();
    ck_assert_uint_eq(b, 0);
    ck_assert_ptr_nonnull(strstr(log, "unassigned address 0x800"));
    address_space_stl_le(&as, 0x10ffe, 0, ANY, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);   /* half of it is a hole */
    ck_assert_uint_eq(address_space_lduw_le(&as, 0x10ffe, ANY, NULL), 0);
    sys_fini();
}
END_TEST

START_TEST(old_view_outlives_changes)
{
    MemoryRegion *ram;
    FlatView *old;
    hwaddr xlat, len = 8;

    sys_init();
    ram = add_ram("ram", 0x1000, 0x1000);
    memory_region_ref(ram);
    old = address_space_get_flatview(&as);
    memory_region_del_subregion(&sysmem, ram);
    memory_region_unref(ram);   /* only the old view holds it now */
    ck_assert_int_eq(ram->refcount, 1);

    ck_assert_ptr_eq(flatview_translate(old, 0x1004, &xlat, &len, false),
                     ram);
    ck_assert_str_eq(memory_region_name(ram), "ram");
    ck_assert_ptr_null(address_space_translate(&as, 0x1004, &xlat, &len,
                                               false));
    flatview_unref(old);        /* frees ram; ASan would see a leak */
    sys_fini();
}
END_TEST

/* A vCPU-like reader keeps using the views while the tree changes. */
typedef struct Reader {
    gint stop;
    gint lookups;
    gint bad;
} Reader;

static gpointer reader_main(gpointer opaque)
{
    Reader *r = opaque;

    while (!g_atomic_int_get(&r->stop)) {
        FlatView *fv = address_space_get_flatview(&as);
        hwaddr xlat, len = 4;
        MemoryRegion *mr = flatview_translate(fv, 0x1002, &xlat, &len,
                                             false);
        if (mr) {
            /* Touch the region: ASan flags it if it was freed under us. */
            const uint8_t *p = memory_region_get_ram_ptr(mr);
            if (p[xlat] != mr->name[0] || xlat != 2 || len != 4) {
                g_atomic_int_inc(&r->bad);
            }
        }
        flatview_unref(fv);
        g_atomic_int_inc(&r->lookups);
    }
    return NULL;
}

START_TEST(reader_thread_survives_view_swaps)
{
    Reader r = { 0 };
    MemoryRegion *cur = NULL;
    GThread *t;

    sys_init();
    t = g_thread_new("reader", reader_main, &r);
    for (unsigned i = 0; i < 500 ||
                         g_atomic_int_get(&r.lookups) < 10; i++) {
        MemoryRegion *mr = g_new0(MemoryRegion, 1);
        const char *name = i % 2 ? "a" : "b";
        ck_assert(memory_region_init_ram(mr, NULL, name, 0x1000, 0, NULL));
        memory_region_set_free_on_release(mr);
        memset(memory_region_get_ram_ptr(mr), name[0], 0x1000);
        memory_region_transaction_begin();
        if (cur) {
            memory_region_del_subregion(&sysmem, cur);
        }
        memory_region_add_subregion(&sysmem, 0x1000, mr);
        memory_region_transaction_commit();
        memory_region_unref(mr);
        cur = mr;
        if (i % 64 == 0) {
            g_thread_yield();
        }
    }
    g_atomic_int_set(&r.stop, 1);
    g_thread_join(t);
    ck_assert_int_eq(g_atomic_int_get(&r.bad), 0);
    sys_fini();
}
END_TEST

/* --- MMIO -------------------------------------------------------------- */

START_TEST(mmio_split_little_endian)
{
    TestDev d;

    sys_init();
    dev_init(&d, false, 1, 8, 4, 4, false, false);
    dev_map(&d, 0x1000);
    ck_assert_uint_eq(address_space_ldq_le(&as, 0x1000, ANY, NULL),
                      0x1716151413121110ull);
    ck_assert_uint_eq(d.ncalls, 2);
    ck_assert(!d.calls[0].write && d.calls[0].addr == 0 &&
              d.calls[0].size == 4 && d.calls[0].val == 0x13121110);
    ck_assert(d.calls[1].addr == 4 && d.calls[1].val == 0x17161514);

    address_space_stq_le(&as, 0x1008, 0x8877665544332211ull, ANY, NULL);
    ck_assert_uint_eq(d.ncalls, 4);
    ck_assert(d.calls[2].write && d.calls[2].addr == 8 &&
              d.calls[2].val == 0x44332211);
    ck_assert(d.calls[3].addr == 12 && d.calls[3].val == 0x88776655);
    sys_fini();
}
END_TEST

START_TEST(mmio_split_big_endian)
{
    TestDev d;

    sys_init();
    dev_init(&d, true, 1, 8, 4, 4, false, false);
    dev_map(&d, 0x1000);
    ck_assert_uint_eq(address_space_ldq_be(&as, 0x1000, ANY, NULL),
                      0x1011121314151617ull);
    ck_assert_uint_eq(d.ncalls, 2);
    ck_assert(d.calls[0].addr == 0 && d.calls[0].val == 0x10111213);
    ck_assert(d.calls[1].addr == 4 && d.calls[1].val == 0x14151617);
    /* A little-endian CPU sees the bytes the other way round. */
    ck_assert_uint_eq(address_space_ldq_le(&as, 0x1000, ANY, NULL),
                      0x1716151413121110ull);

    address_space_stq_be(&as, 0x1000, 0x0102030405060708ull, ANY, NULL);
    ck_assert(d.calls[4].write && d.calls[4].addr == 0 &&
              d.calls[4].val == 0x01020304);
    ck_assert(d.calls[5].addr == 4 && d.calls[5].val == 0x05060708);
    sys_fini();
}
END_TEST

START_TEST(mmio_widen_read_and_rmw_write)
{
    TestDev le, be;

    sys_init();
    dev_init(&le, false, 1, 4, 4, 4, false, false);
    dev_init(&be, true, 1, 4, 4, 4, false, false);
    dev_map(&le, 0x1000);
    dev_map(&be, 0x2000);

    ck_assert_uint_eq(address_space_ldub(&as, 0x1001, ANY, NULL), 0x11);
    ck_assert(le.ncalls == 1 && le.calls[0].addr == 0 &&
              le.calls[0].size == 4);
    ck_assert_uint_eq(address_space_lduw_le(&as, 0x2002, ANY, NULL), 0x1312);
    ck_assert(be.ncalls == 1 && be.calls[0].addr == 0 &&
              be.calls[0].val == 0x10111213);

    address_space_stb(&as, 0x1002, 0xaa, ANY, NULL);
    ck_assert_uint_eq(le.ncalls, 3);
    ck_assert(!le.calls[1].write && le.calls[2].write);
    ck_assert_uint_eq(le.calls[2].val, 0x13aa1110);
    address_space_stb(&as, 0x2002, 0xaa, ANY, NULL);
    ck_assert_uint_eq(be.calls[2].val, 0x1011aa13);
    ck_assert_uint_eq(be.mem[2], 0xaa);
    sys_fini();
}
END_TEST

START_TEST(mmio_valid_rejects_without_calling)
{
    TestDev d;
    MemTxResult r;
    uint64_t v = 1;
    g_autofree char *log = NULL;

    sys_init();
    dev_init(&d, false, 4, 4, 1, 8, false, false);
    d.refuse_addr = 8;
    dev_map(&d, 0x1000);

    log_capture_start();
    ck_assert_uint_eq(address_space_ldq_le(&as, 0x1000, ANY, &r), 0);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    ck_assert_uint_eq(address_space_ldub(&as, 0x1000, ANY, &r), 0);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    address_space_stl_le(&as, 0x1008, 5, ANY, &r);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(memory_region_dispatch_read(&d.mr, 0, &v, 3,
                                                 DEVICE_LITTLE_ENDIAN, ANY),
                     MEMTX_ACCESS_ERROR);
    log = log_capture_end();
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(memory_region_dispatch_read(&d.mr, 64, &v, 4,
                                                 DEVICE_LITTLE_ENDIAN, ANY),
                     MEMTX_ACCESS_ERROR);
    ck_assert_int_eq(memory_region_dispatch_write(&d.mr, 0, 0, 16,
                                                  DEVICE_LITTLE_ENDIAN, ANY),
                     MEMTX_ACCESS_ERROR);
    ck_assert_uint_eq(d.ncalls, 0);
    ck_assert_ptr_nonnull(strstr(log, "invalid read of 8 bytes at offset "
                                      "0x0 of 'dev': size not allowed"));
    ck_assert_ptr_nonnull(strstr(log, "invalid write of 4 bytes at offset "
                                      "0x8 of 'dev': refused by the "
                                      "device"));

    /* The machine carries on: legal accesses still work. */
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x1004, ANY, &r),
                      0x17161514);
    ck_assert_int_eq(r, MEMTX_OK);
    sys_fini();
}
END_TEST

START_TEST(mmio_unaligned_policy)
{
    TestDev strict, lax;
    MemTxResult r;
    g_autofree char *log = NULL;

    sys_init();
    dev_init(&strict, false, 1, 4, 4, 4, false, false);
    dev_init(&lax, false, 1, 4, 4, 4, true, false);
    dev_map(&strict, 0x1000);
    dev_map(&lax, 0x2000);

    log_capture_start();
    address_space_ldl_le(&as, 0x1002, ANY, &r);
    log = log_capture_end();
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    ck_assert_uint_eq(strict.ncalls, 0);
    ck_assert_ptr_nonnull(strstr(log, "unaligned"));

    /* Allowed for the guest, not for the callbacks: two aligned reads. */
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x2002, ANY, &r),
                      0x15141312);
    ck_assert_int_eq(r, MEMTX_OK);
    ck_assert_uint_eq(lax.ncalls, 2);
    ck_assert(lax.calls[0].addr == 0 && lax.calls[1].addr == 4);
    address_space_stl_le(&as, 0x2002, 0xa1a2a3a4, ANY, &r);
    ck_assert_int_eq(r, MEMTX_OK);
    ck_assert_uint_eq(lax.mem[1], 0x11);
    ck_assert_uint_eq(lax.mem[2], 0xa4);
    ck_assert_uint_eq(lax.mem[5], 0xa1);
    ck_assert_uint_eq(lax.mem[6], 0x16);

    /* A buffer copy splits at alignment, so the strict device takes it. */
    uint8_t buf[6];
    ck_assert_int_eq(address_space_read(&as, 0x1002, ANY, buf, 6), MEMTX_OK);
    ck_assert_uint_eq(buf[0], 0x12);
    ck_assert_uint_eq(buf[5], 0x17);
    sys_fini();
}
END_TEST

START_TEST(access_crosses_ram_into_mmio)
{
    TestDev d;
    MemoryRegion *ram;
    const uint8_t out[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    uint8_t in[8];

    sys_init();
    ram = add_ram("ram", 0x0, 0x1000);
    dev_init(&d, false, 1, 4, 1, 4, false, false);
    dev_map(&d, 0x1000);

    ck_assert_int_eq(address_space_write(&as, 0xffc, ANY, out, 8), MEMTX_OK);
    ck_assert_mem_eq((uint8_t *)memory_region_get_ram_ptr(ram) + 0xffc,
                     out, 4);
    ck_assert_uint_eq(d.ncalls, 1);
    ck_assert(d.calls[0].write && d.calls[0].size == 4 &&
              d.calls[0].val == 0x08070605);
    ck_assert_int_eq(address_space_read(&as, 0xffc, ANY, in, 8), MEMTX_OK);
    ck_assert_mem_eq(in, out, 8);
    /* A single 8-byte load straddling the two works the same. */
    ck_assert_uint_eq(address_space_ldq_le(&as, 0xffc, ANY, NULL),
                      0x0807060504030201ull);
    sys_fini();
}
END_TEST

static MemTxResult failing_read(void *opaque, hwaddr addr, uint64_t *v,
                                unsigned size, MemTxAttrs attrs)
{
    *v = 0x1234;
    return addr == 0 ? MEMTX_OK : MEMTX_ACCESS_ERROR;
}

START_TEST(device_may_fail_an_access)
{
    static const MemoryRegionOps ops = { .read_with_attrs = failing_read };
    MemoryRegion mr;
    MemTxResult r;

    sys_init();
    memory_region_init_io(&mr, NULL, &ops, NULL, "picky", 0x10);
    memory_region_add_subregion(&sysmem, 0x1000, &mr);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x1000, ANY, &r), 0x1234);
    ck_assert_int_eq(r, MEMTX_OK);
    address_space_ldl_le(&as, 0x1004, ANY, &r);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    sys_fini();
    memory_region_unref(&mr);
}
END_TEST

START_TEST(host_pointer_path)
{
    MemoryRegion *ram, *rom = g_new0(MemoryRegion, 1);
    TestDev d;
    hwaddr len;
    uint8_t *p;

    sys_init();
    ram = add_ram("ram", 0x10000, 0x1000);
    ck_assert(memory_region_init_rom(rom, NULL, "rom", 0x1000, NULL));
    memory_region_set_free_on_release(rom);
    memory_region_add_subregion(&sysmem, 0x20000, rom);
    memory_region_unref(rom);
    dev_init(&d, false, 1, 4, 1, 4, false, false);
    dev_map(&d, 0x30000);

    len = 0x2000;
    p = address_space_map(&as, 0x10800, &len, true, ANY);
    ck_assert_ptr_eq(p, (uint8_t *)memory_region_get_ram_ptr(ram) + 0x800);
    ck_assert_uint_eq(len, 0x800);
    address_space_unmap(&as, p, len, true, len);

    len = 16;
    ck_assert_ptr_nonnull(address_space_map(&as, 0x20000, &len, false, ANY));
    len = 16;
    ck_assert_ptr_null(address_space_map(&as, 0x20000, &len, true, ANY));
    ck_assert_uint_eq(len, 0);
    len = 16;
    ck_assert_ptr_null(address_space_map(&as, 0x30000, &len, false, ANY));
    len = 16;
    ck_assert_ptr_null(address_space_map(&as, 0x40000, &len, false, ANY));

    /* What a TLB fill asks: region, offset, remaining size, read-only. */
    MemoryRegionSection sec;
    ck_assert(address_space_find_section(&as, 0x20010, &sec));
    ck_assert_ptr_eq(sec.mr, rom);
    ck_assert_ptr_eq(sec.as, &as);
    ck_assert_uint_eq(sec.offset_within_region, 0x10);
    ck_assert_uint_eq(sec.offset_within_address_space, 0x20010);
    ck_assert_uint_eq(sec.size, 0xff0);
    ck_assert(sec.readonly);
    ck_assert(address_space_find_section(&as, 0x10000, &sec));
    ck_assert(!sec.readonly);
    ck_assert(!address_space_find_section(&as, 0x40000, &sec));
    sys_fini();
}
END_TEST

/* --- listeners and transactions ---------------------------------------- */

START_TEST(listener_replay_add_del)
{
    g_autoptr(GString) log = g_string_new("");
    Rec kvm, tlb;
    MemoryRegion *a, b;

    sys_init();
    a = add_ram("a", 0x1000, 0x1000);
    rec_init(&kvm, "kvm", 10, log);
    rec_init(&tlb, "tlb", 0, log);
    memory_listener_register(&kvm.l, &as);
    ck_assert_str_eq(log->str, "kvm:begin;kvm:add a 1000+1000@0;kvm:commit;");
    memory_listener_register(&tlb.l, &as);
    g_string_truncate(log, 0);

    ck_assert(memory_region_init_ram(&b, NULL, "b", 0x800, 0, NULL));
    memory_region_add_subregion_overlap(&sysmem, 0x1400, &b, 1);
    ck_assert_str_eq(log->str,
                     "tlb:begin;kvm:begin;"
                     "kvm:del a 1000+1000@0;tlb:del a 1000+1000@0;"
                     "tlb:add a 1000+400@0;kvm:add a 1000+400@0;"
                     "tlb:add b 1400+800@0;kvm:add b 1400+800@0;"
                     "tlb:add a 1c00+400@c00;kvm:add a 1c00+400@c00;"
                     "tlb:commit;kvm:commit;");
    g_string_truncate(log, 0);

    memory_region_set_readonly(a, true);
    ck_assert_ptr_nonnull(strstr(log->str, "tlb:add a 1000+400@0 ro;"));
    g_string_truncate(log, 0);

    /* No change of the view, no calls. */
    memory_region_set_address(&b, 0x1400);
    ck_assert_str_eq(log->str, "");

    memory_listener_unregister(&tlb.l);
    ck_assert_str_eq(log->str, "tlb:begin;tlb:del a 1c00+400@c00 ro;"
                     "tlb:del b 1400+800@0;tlb:del a 1000+400@0 ro;"
                     "tlb:commit;");
    ck_assert_ptr_null(tlb.l.address_space);
    memory_listener_unregister(&kvm.l);
    sys_fini();
    memory_region_unref(&b);
}
END_TEST

START_TEST(transaction_rebuilds_once)
{
    g_autoptr(GString) log = g_string_new("");
    Rec rec;
    MemoryRegion *a;

    sys_init();
    a = add_ram("a", 0x1000, 0x1000);
    rec_init(&rec, "l", 0, log);
    memory_listener_register(&rec.l, &as);
    g_string_truncate(log, 0);

    memory_region_transaction_begin();
    memory_region_set_address(a, 0x2000);
    memory_region_transaction_begin();        /* nested */
    memory_region_set_address(a, 0x3000);
    memory_region_transaction_commit();
    add_ram("b", 0x8000, 0x1000);
    ck_assert_str_eq(log->str, "");           /* nothing before commit */
    memory_region_transaction_commit();
    ck_assert_str_eq(log->str, "l:begin;l:del a 1000+1000@0;"
                     "l:add a 3000+1000@0;l:add b 8000+1000@0;l:commit;");

    memory_listener_unregister(&rec.l);
    sys_fini();
}
END_TEST

START_TEST(refcount_and_destroy)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);
    MemoryRegion alias;

    ck_assert(memory_region_init_ram(mr, NULL, "r", 0x1000, 0, NULL));
    memory_region_set_free_on_release(mr);
    ck_assert_int_eq(mr->refcount, 1);
    memory_region_init_alias(&alias, NULL, "al", mr, 0, 0x1000);
    ck_assert_int_eq(mr->refcount, 2);
    ck_assert_ptr_eq(memory_region_ref(mr), mr);
    memory_region_unref(mr);
    memory_region_unref(mr);          /* the alias keeps it */
    ck_assert_int_eq(mr->refcount, 1);
    ck_assert_str_eq(memory_region_name(&alias), "al");
    memory_region_unref(&alias);      /* frees both; ASan checks */
    ck_assert_int_eq(alias.refcount, 0);
}
END_TEST

/* --- dumps ------------------------------------------------------------- */

START_TEST(mtree_dumps)
{
    TestDev d;
    MemoryRegion *ram, alias, off;
    char *text = NULL;
    size_t size = 0;
    FILE *f;

    sys_init();
    ram = add_ram("virt.ram", 0x80000000, 0x1000000);
    dev_init(&d, false, 1, 4, 1, 4, false, false);
    dev_map(&d, 0x10000000);
    memory_region_init_alias(&alias, NULL, "ram.low", ram, 0x1000, 0x1000);
    memory_region_add_subregion_overlap(&sysmem, 0x0, &alias, 3);
    memory_region_init(&off, NULL, "hidden", 0x100);
    memory_region_add_subregion(&sysmem, 0x20000000, &off);
    memory_region_set_enabled(&off, false);

    f = open_memstream(&text, &size);
    mtree_print(f);
    mtree_print_flat(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "address-space: test-as\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): sys\n"
        "    0000000000000000-0000000000000fff (prio 3, ram): alias ram.low "
        "@virt.ram 0000000000001000-0000000000001fff\n"
        "    0000000010000000-000000001000003f (prio 0, i/o): dev\n"
        "    0000000020000000-00000000200000ff (prio 0, i/o): hidden "
        "[disabled]\n"
        "    0000000080000000-0000000080ffffff (prio 0, ram): virt.ram\n"));
    ck_assert_ptr_nonnull(strstr(text, "FlatView #0\n AS \"test-as\", root: "
        "sys\n Root memory region: sys\n"
        "  0000000000000000-0000000000000fff (prio 0, ram): virt.ram "
        "@0000000000001000\n"
        "  0000000010000000-000000001000003f (prio 0, i/o): dev\n"
        "  0000000080000000-0000000080ffffff (prio 0, ram): virt.ram\n"));
    free(text);
    sys_fini();
    memory_region_unref(&alias);
    memory_region_unref(&off);
}
END_TEST

START_TEST(mtree_shows_alias_targets_elsewhere)
{
    MemoryRegion flash, alias;
    char *text = NULL;
    size_t size = 0;
    FILE *f;

    sys_init();
    ck_assert(memory_region_init_rom(&flash, NULL, "flash", 0x2000, NULL));
    memory_region_init_alias(&alias, NULL, "flash.boot", &flash, 0, 0x1000);
    memory_region_add_subregion(&sysmem, 0x1000, &alias);
    f = open_memstream(&text, &size);
    mtree_print(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(text, "(prio 0, rom): alias flash.boot "
                                       "@flash 0000000000000000-"
                                       "0000000000000fff\n"));
    ck_assert_ptr_nonnull(strstr(text, "memory-region: flash\n"
        "  0000000000000000-0000000000001fff (prio 0, rom): flash\n"));
    free(text);
    sys_fini();
    memory_region_unref(&alias);
    memory_region_unref(&flash);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *ram = tcase_create("ram");
    TCase *topo = tcase_create("topology");
    TCase *mmio = tcase_create("mmio");
    TCase *lis = tcase_create("listeners");
    TCase *dump = tcase_create("mtree");

    tcase_add_test(ram, ram_read_write_and_host_pointer);
    tcase_add_test(ram, ram_memfd_is_shared);
    tcase_add_test(ram, ram_16gib_is_lazy);
    tcase_add_test(ram, anonymous_ram_is_huge_page_aligned);
    tcase_add_test(ram, ram_bad_sizes_are_errors);
    tcase_add_test(ram, rom_is_write_protected);
    tcase_add_test(ram, host_pointer_path);
    tcase_add_test(ram, refcount_and_destroy);
    suite_add_tcase(s, ram);

    tcase_add_test(topo, higher_priority_wins);
    tcase_add_test(topo, equal_priority_overlap_latest_wins);
    tcase_add_test_raise_signal(topo, same_priority_overlap_is_a_bug,
                                SIGABRT);
    tcase_add_test(topo, alias_window);
    tcase_add_test(topo, alias_of_container_and_nesting);
    tcase_add_test(topo, enable_disable_and_move);
    tcase_add_test(topo, old_view_outlives_changes);
    tcase_add_test(topo, reader_thread_survives_view_swaps);
    suite_add_tcase(s, topo);

    tcase_add_test(mmio, mmio_split_little_endian);
    tcase_add_test(mmio, mmio_split_big_endian);
    tcase_add_test(mmio, mmio_widen_read_and_rmw_write);
    tcase_add_test(mmio, mmio_valid_rejects_without_calling);
    tcase_add_test(mmio, mmio_unaligned_policy);
    tcase_add_test(mmio, access_crosses_ram_into_mmio);
    tcase_add_test(mmio, device_may_fail_an_access);
    suite_add_tcase(s, mmio);

    tcase_add_test(lis, listener_replay_add_del);
    tcase_add_test(lis, transaction_rebuilds_once);
    suite_add_tcase(s, lis);

    tcase_add_test(dump, mtree_dumps);
    tcase_add_test(dump, mtree_shows_alias_targets_elsewhere);
    suite_add_tcase(s, dump);
    return s;
}

VIREO_CHECK_MAIN(memory_suite)
