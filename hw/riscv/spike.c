/*
 * The "spike" test machine, compatible with the board the RISC-V test
 * suites target: RAM at 0x80000000, the ACLINT at 0x2000000, -smp harts
 * (up to 8) all starting at the ELF entry, and HTIF through the ELF's
 * tohost/fromhost symbols: a tohost write of (code << 1) | 1 ends the
 * run with exit status code (1 alone: success), device 1 command 1
 * prints a character and device 0 syscall 64 (write) prints a buffer,
 * both on stdout.
 * -M spike,signature=FILE writes the begin_signature..end_signature
 * words at exit, as the compliance flows expect.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/elf.h"
#include "hw/core/machine.h"
#include "hw/core/loader.h"
#include "hw/core/qdev.h"
#include "hw/core/runstate.h"
#include "util/main-loop.h"
#include "hw/intc/riscv_aclint.h"
#include "qom/object-field.h"
#include "softmmu/memory-system.h"
#include "accel/vcpu.h"
#include "target/riscv/cpu.h"
#include "util/error.h"
#include "util/log.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define SPIKE_RAM_BASE   0x80000000ull
#define SPIKE_ACLINT     0x2000000ull

#define TYPE_SPIKE_MACHINE MACHINE_TYPE_NAME("spike")

typedef struct SpikeMachineState {
    MachineState parent_obj;
    char *signature;            /* [signature] file written at exit */
} SpikeMachineState;

/* The loaded ELF: where things are. */
typedef struct SpikeELF {
    uint64_t entry;
    uint64_t tohost, fromhost;  /* 0: not found */
    uint64_t begin_signature, end_signature;
} SpikeELF;

typedef struct SpikeHTIF {
    MemoryRegion mmio_to, mmio_from;
    uint64_t tohost;
    uint64_t fromhost;
    SpikeELF elf;
    const char *signature;
    BH *poll;                   /* a low-word-only tohost write, later */
} SpikeHTIF;

static SpikeHTIF htif;

/*
 * The compliance flows' signature: the words between begin_signature and
 * end_signature, one per line in lowercase hex.
 */
static void spike_write_signature(void)
{
    uint64_t begin = htif.elf.begin_signature, end = htif.elf.end_signature;
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GError) err = NULL;

    if (!htif.signature) {
        return;
    }
    if (!begin || end < begin) {
        fprintf(stderr, "spike: no begin_signature/end_signature symbols; "
                "%s not written\n", htif.signature);
        return;
    }
    for (uint64_t a = begin; a + 4 <= end; a += 4) {
        uint32_t w = 0;

        address_space_read(address_space_memory(), a,
                           MEMTXATTRS_UNSPECIFIED, &w, 4);
        g_string_append_printf(text, "%08x\n", GUINT32_FROM_LE(w));
    }
    if (!g_file_set_contents(htif.signature, text->str, text->len, &err)) {
        fprintf(stderr, "spike: %s\n", err->message);
    }
}

static void htif_syscall(uint64_t addr)
{
    AddressSpace *as = address_space_memory();
    uint64_t args[8];

    if (address_space_read(as, addr, MEMTXATTRS_UNSPECIFIED, args,
                           sizeof(args)) != MEMTX_OK) {
        vireo_log_mask(LOG_GUEST_ERROR, "htif: bad syscall block\n");
        return;
    }
    if (GUINT64_FROM_LE(args[0]) == 64) {        /* write(fd, buf, len) */
        uint64_t len = MIN(GUINT64_FROM_LE(args[3]), 1u << 20);
        g_autofree uint8_t *buf = g_malloc(len ? len : 1);

        if (address_space_read(as, GUINT64_FROM_LE(args[2]),
                               MEMTXATTRS_UNSPECIFIED, buf, len) ==
            MEMTX_OK) {
            fwrite(buf, 1, len, stdout);
            fflush(stdout);
        }
        args[0] = GUINT64_TO_LE(len);
    } else {
        vireo_log_mask(LOG_UNIMP, "htif: syscall %" G_GUINT64_FORMAT "\n",
                       GUINT64_FROM_LE(args[0]));
        args[0] = GUINT64_TO_LE((uint64_t)-38);
    }
    address_space_write(as, addr, MEMTXATTRS_UNSPECIFIED, args, 8);
}

static void htif_command(uint64_t val)
{
    unsigned dev = val >> 56, cmd = (val >> 48) & 0xff;
    uint64_t payload = val & ((1ull << 48) - 1);

    if (dev == 0 && cmd == 0) {
        if (payload & 1) {
            uint64_t code = payload >> 1;
            if (code) {
                fprintf(stderr, "*** FAILED *** (tohost = %" G_GUINT64_FORMAT
                        ")\n", code);
            }
            spike_write_signature();
            /* A test's verdict; a code that would wrap to 0 exits 255. */
            runstate_request_exit_status(code == 0 ? 0 :
                                         (code & 0xff) ? (int)(code & 0xff)
                                                       : 255);
        } else {
            htif_syscall(payload);
            htif.fromhost = 1;
        }
    } else if (dev == 1 && cmd == 1) {
        putchar((int)(payload & 0xff));
        fflush(stdout);
        htif.fromhost = ((uint64_t)dev << 56) | ((uint64_t)cmd << 48);
    } else if (dev == 1 && cmd == 0) {
        /* console read: nothing to give */
    } else {
        vireo_log_mask(LOG_UNIMP, "htif: device %u command %u\n", dev, cmd);
    }
    htif.tohost = 0;
}

/* opaque: the register (tohost or fromhost), each an 8-byte region. */
static uint64_t htif_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t v = *(uint64_t *)opaque;
    unsigned shift = (addr & 7) * 8;

    return size == 8 ? v : (v >> shift) & ((1ull << (size * 8)) - 1);
}

static void htif_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    uint64_t *reg = opaque;
    unsigned shift = (addr & 7) * 8;

    if (size == 8) {
        *reg = val;
    } else {
        uint64_t mask = ((1ull << (size * 8)) - 1) << shift;
        *reg = (*reg & ~mask) | ((val << shift) & mask);
    }
    if (reg != &htif.tohost || !htif.tohost) {
        return;
    }
    /*
     * tohost acts at once when its upper word is written (or all of it),
     * so a value stored as two halves, low first, is seen whole. A write
     * of the low word alone acts a little later, from the main loop, the
     * way spike's HTIF polls tohost: the compliance targets end with a
     * loop of "sw x1, tohost" and never write the upper word.
     */
    if ((addr & 7) + size == 8) {
        htif_command(htif.tohost);
    } else if (htif.poll) {
        bh_schedule(htif.poll);
    }
}

static void htif_poll(void *opaque)
{
    if (htif.tohost) {
        htif_command(htif.tohost);
    }
}

static const MemoryRegionOps htif_ops = {
    .read = htif_read,
    .write = htif_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 8 },
};

/* --- ELF loading --- */

/* The HTIF and signature symbols; absent ones stay 0. */
static bool spike_find_symbols(const ElfImage *elf, SpikeELF *out,
                               GError **errp)
{
    static const struct {
        const char *name;
        size_t field;
    } syms[] = {
        { "tohost", offsetof(SpikeELF, tohost) },
        { "fromhost", offsetof(SpikeELF, fromhost) },
        { "begin_signature", offsetof(SpikeELF, begin_signature) },
        { "end_signature", offsetof(SpikeELF, end_signature) },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(syms); i++) {
        uint64_t *v = (uint64_t *)((char *)out + syms[i].field);

        if (elf_find_symbol(elf, syms[i].name, v, errp) < 0) {
            return false;
        }
    }
    return true;
}

/*
 * Register [addr, addr + len) as ROM blobs, leaving out the HTIF words
 * (device registers once mapped, so the loader must not write them).
 */
static bool add_blob_around_htif(const char *name, const uint8_t *data,
                                 uint64_t len, uint64_t addr,
                                 const SpikeELF *elf, GError **errp)
{
    uint64_t holes[2] = { elf->tohost, elf->fromhost };
    uint64_t start = 0;

    if (holes[0] > holes[1]) {
        holes[0] = elf->fromhost;
        holes[1] = elf->tohost;
    }
    for (int h = 0; h < 3 && start < len; h++) {
        uint64_t end = len;
        uint64_t hole = h < 2 ? holes[h] : 0;

        if (h < 2 && (!hole || hole + 8 <= addr + start ||
                      hole >= addr + len)) {
            continue;
        }
        if (h < 2) {
            end = MAX(hole, addr + start) - addr;
        }
        if (end > start &&
            !rom_add_blob(name, data + start, end - start, addr + start,
                          address_space_memory(), errp)) {
            return false;
        }
        if (h < 2) {
            start = MIN(hole + 8 - addr, len);
        }
    }
    return true;
}

static bool spike_load_elf(const char *path, SpikeELF *out, GError **errp)
{
    size_t len;
    g_autofree uint8_t *d = load_image_data(path, 0, &len, errp);
    ElfImage elf;

    if (!d) {
        return false;
    }
    if (!elf_is_elf(d, len) || len <= EI_DATA ||
        d[EI_CLASS] != ELFCLASS64 || d[EI_DATA] != ELFDATA2LSB) {
        vireo_error_setg(errp, "%s: not a little-endian RV64 ELF file",
                         path);
        return false;
    }
    if (!elf_parse(&elf, path, d, len, ELFCLASS64, EM_NONE, errp)) {
        return false;
    }
    if (elf.machine != EM_RISCV) {
        vireo_error_setg(errp, "%s: not a little-endian RV64 ELF file "
                         "(machine %u)", path, elf.machine);
        return false;
    }
    if (!spike_find_symbols(&elf, out, errp)) {
        return false;
    }
    for (unsigned i = 0; i < elf.phnum; i++) {
        ElfSegment ph;
        g_autofree uint8_t *seg = NULL;
        g_autofree char *name = NULL;

        elf_get_segment(&elf, i, &ph);
        if (ph.type != PT_LOAD || ph.memsz == 0) {
            continue;
        }
        if (ph.memsz > (1ull << 32)) {
            vireo_error_setg(errp, "%s: program header %u is larger than "
                             "4 GiB", path, i);
            return false;
        }
        seg = g_malloc0(ph.memsz);
        memcpy(seg, d + ph.offset, ph.filesz);
        name = g_strdup_printf("%s/%u", path, i);
        if (!add_blob_around_htif(name, seg, ph.memsz, ph.paddr,
                                  out, errp)) {
            return false;
        }
    }
    out->entry = elf.entry;
    return true;
}

static bool spike_init(MachineState *ms, GError **errp)
{
    const char *image = ms->kernel_filename;
    SpikeELF elf = { 0 };
    RISCVAclintState *aclint;
    unsigned ncpus = ms->smp.cpus ? ms->smp.cpus : 1;
    g_autofree RISCVCPU **cpus = g_new0(RISCVCPU *, ncpus);

    if (ms->firmware && strcmp(ms->firmware, "none")) {
        if (image) {
            vireo_error_setg(errp, "spike: give -bios or -kernel, not both");
            return false;
        }
        image = ms->firmware;
    }
    if (!image) {
        vireo_error_setg(errp, "spike: no program (-bios FILE or -bios none "
                         "-kernel FILE)");
        return false;
    }
    memory_region_add_subregion(get_system_memory(), SPIKE_RAM_BASE,
                                ms->ram);

    if (!spike_load_elf(image, &elf, errp)) {
        return false;
    }
    aclint = RISCV_ACLINT(object_new(TYPE_RISCV_ACLINT));
    if (!object_property_set_uint(OBJECT(aclint), "num-harts", ncpus,
                                  errp) ||
        !qdev_realize(DEVICE(aclint), errp)) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(), SPIKE_ACLINT,
                                riscv_aclint_mmio(aclint));
    /* Every hart starts at the entry, as on spike; mhartid tells them. */
    for (unsigned i = 0; i < ncpus; i++) {
        cpus[i] = riscv_cpu_create(ms->cpu_type ? ms->cpu_type : "rv64",
                                   errp);
        if (!cpus[i]) {
            return false;
        }
        if (!object_property_set_uint(OBJECT(cpus[i]), "resetvec",
                                      elf.entry, errp) ||
            !object_property_set_uint(OBJECT(cpus[i]), "hartid", i, errp) ||
            !qdev_realize(DEVICE(cpus[i]), errp)) {
            object_unref(cpus[i]);
            return false;
        }
        riscv_aclint_connect_hart(aclint, i,
                                  riscv_cpu_irq_input(cpus[i], IRQ_M_SOFT),
                                  riscv_cpu_irq_input(cpus[i], IRQ_M_TIMER));
        cpus[i]->env.rdtime_fn = riscv_aclint_read_mtime;
        cpus[i]->env.rdtime_opaque = aclint;
        cpus[i]->env.time_deadline_fn = riscv_aclint_mtime_deadline_ns;
    }

    htif.elf = elf;
    htif.signature = ((SpikeMachineState *)ms)->signature;
    if (elf.tohost) {
        if (!htif.poll) {
            htif.poll = bh_new(htif_poll, NULL);
        }
        memory_region_init_io(&htif.mmio_to, NULL, &htif_ops, &htif.tohost,
                              "htif.tohost", 8);
        memory_region_add_subregion_overlap(get_system_memory(), elf.tohost,
                                            &htif.mmio_to, 1);
        if (elf.fromhost && (elf.fromhost >= elf.tohost + 8 ||
                             elf.fromhost + 8 <= elf.tohost)) {
            memory_region_init_io(&htif.mmio_from, NULL, &htif_ops,
                                  &htif.fromhost, "htif.fromhost", 8);
            memory_region_add_subregion_overlap(get_system_memory(),
                                                elf.fromhost,
                                                &htif.mmio_from, 1);
        }
    } else {
        vireo_log_mask(LOG_GUEST_ERROR, "spike: no tohost symbol: the "
                       "program cannot report its end\n");
    }
    for (unsigned i = 0; i < ncpus; i++) {
        if (!vcpu_create(CPU(cpus[i]), errp)) {
            return false;
        }
    }
    return true;
}

static const ObjectField spike_signature_field = {
    .name = "signature", .type = OBJECT_FIELD_STR,
    .offset = offsetof(SpikeMachineState, signature),
    .description = "file for the memory between begin_signature and "
                   "end_signature at exit (one 32-bit word per line)",
};

static void spike_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    object_class_property_add_field(oc, &spike_signature_field);
    mc->desc = "RISC-V Spike-compatible test board (HTIF, ACLINT)";
    mc->init = spike_init;
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_cpus = 1;
    mc->max_cpus = 8;
    mc->default_cpu_type = "rv64";
}

static const TypeInfo spike_types[] = {
    {
        .name = TYPE_SPIKE_MACHINE,
        .parent = TYPE_MACHINE,
        .instance_size = sizeof(SpikeMachineState),
        .class_init = spike_class_init,
    },
};

DEFINE_TYPES(spike_types)
