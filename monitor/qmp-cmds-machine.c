/*
 * QMP commands about the machine: query-cpus-fast, query-machines,
 * query-kvm, query-block, and the guest memory dumps memsave (virtual,
 * through the CPU's debug page walk) and pmemsave (physical).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor/qmp.h"
#include "accel/accel.h"
#include "accel/vcpu.h"
#include "block/block-backend.h"
#include "hw/core/cpu.h"
#include "hw/core/machine.h"
#include "hw/core/runstate.h"
#include "qapi/qapi-commands.h"
#include "softmmu/memory-system.h"
#include "softmmu/memory.h"
#include "util/error.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DUMP_CHUNK 4096

static const char *target_arch = "unknown";

void qmp_set_target_arch(const char *arch)
{
    target_arch = arch;
}

GPtrArray *qmp_query_cpus_fast(GError **errp)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qapi_free_CpuInfoFast);
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        CpuInfoFast *info = g_new0(CpuInfoFast, 1);
        char *path = object_get_canonical_path(OBJECT(cpu));

        info->cpu_index = cpu->cpu_index;
        info->qom_path = path ? path : g_strdup("");
        /* No thread of its own yet (or none at all): the main thread. */
        info->thread_id = cpu->thread_id ? cpu->thread_id : getpid();
        info->target = g_strdup(target_arch);
        info->props = g_new0(CpuInstanceProperties, 1);
        info->props->has_socket_id = true;
        info->props->socket_id = 0;
        info->props->has_core_id = true;
        info->props->core_id = cpu->cpu_index;
        info->props->has_thread_id = true;
        info->props->thread_id = 0;
        g_ptr_array_add(list, info);
    }
    return list;
}

GPtrArray *qmp_query_machines(GError **errp)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qapi_free_MachineInfo);
    GSList *classes = object_class_get_list(TYPE_MACHINE, false);

    for (GSList *l = classes; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        MachineInfo *info = g_new0(MachineInfo, 1);

        info->name = g_strdup(mc->name);
        if (mc->is_default) {
            info->has_is_default = true;
            info->is_default = true;
        }
        info->cpu_max = mc->max_cpus;
        info->hotpluggable_cpus = false;
        info->deprecated = false;
        info->default_cpu_type = g_strdup(mc->default_cpu_type);
        g_ptr_array_add(list, info);
    }
    g_slist_free(classes);
    return list;
}

KvmInfo *qmp_query_kvm(GError **errp)
{
    KvmInfo *info = g_new0(KvmInfo, 1);
    AccelClass *kvm = accel_find("kvm", NULL);
    AccelState *cur = accel_current();

    info->present = kvm && (!kvm->available || kvm->available(NULL));
    info->enabled = cur && strcmp(ACCEL_GET_CLASS(cur)->name, "kvm") == 0;
    return info;
}

GPtrArray *qmp_query_block(GError **errp)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qapi_free_BlockInfo);
    BlockBackend *blk;

    for (unsigned i = 0; (blk = blk_nth(i)); i++) {
        BlockInfo *info = g_new0(BlockInfo, 1);

        info->device = g_strdup(blk_name(blk));
        info->type = g_strdup("unknown");
        info->inserted = g_new0(BlockDeviceInfo, 1);
        info->inserted->file = g_strdup(blk_filename(blk));
        info->inserted->ro = blk_is_read_only(blk);
        info->inserted->drv = g_strdup(blk_format_name(blk));
        g_ptr_array_add(list, info);
    }
    return list;
}

/* Open filename for a dump, with the error QMP clients expect. */
static FILE *dump_open(const char *filename, GError **errp)
{
    FILE *f = fopen(filename, "wb");

    if (!f) {
        vireo_error_setg_errno(errp, errno, "Could not open '%s'", filename);
    }
    return f;
}

static bool dump_close(FILE *f, const char *filename, bool ok,
                       GError **errp)
{
    if (fclose(f) != 0 && ok) {
        vireo_error_setg_errno(errp, errno, "writing '%s'", filename);
        return false;
    }
    if (!ok) {
        unlink(filename);
    }
    return ok;
}

static bool check_range(uint64_t addr, uint64_t size, GError **errp)
{
    if (size && addr + size - 1 < addr) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Invalid parameter 'size': 0x%" PRIx64 " bytes from "
                        "0x%" PRIx64 " wrap around", size, addr);
        return false;
    }
    return true;
}

static bool write_chunk(FILE *f, const char *filename, const void *buf,
                        size_t len, GError **errp)
{
    if (fwrite(buf, 1, len, f) != len) {
        vireo_error_setg_errno(errp, errno, "writing '%s'", filename);
        return false;
    }
    return true;
}

bool qmp_pmemsave(uint64_t val, uint64_t size, const char *filename,
                  GError **errp)
{
    g_autofree uint8_t *buf = g_malloc(DUMP_CHUNK);
    bool ok = true;
    FILE *f;

    if (!check_range(val, size, errp) || !(f = dump_open(filename, errp))) {
        return false;
    }
    for (uint64_t done = 0; ok && done < size;) {
        size_t len = MIN(size - done, DUMP_CHUNK);
        if (address_space_read(address_space_memory(), val + done,
                               MEMTXATTRS_UNSPECIFIED, buf, len) !=
            MEMTX_OK) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "Invalid physical address range 0x%" PRIx64
                            "..0x%" PRIx64 ": nothing readable there",
                            val + done, val + done + len - 1);
            ok = false;
            break;
        }
        ok = write_chunk(f, filename, buf, len, errp);
        done += len;
    }
    return dump_close(f, filename, ok, errp);
}

static bool memsave_walk(CPUState *cpu, uint64_t val, uint64_t size,
                         const char *filename, GError **errp);

/*
 * The vCPUs pause for the walk: a page table must not change under it,
 * and KVM translates only for a vCPU outside KVM_RUN.
 */
bool qmp_memsave(uint64_t val, uint64_t size, const char *filename,
                 bool has_cpu_index, int64_t cpu_index, GError **errp)
{
    CPUState *cpu;
    bool running = runstate_is_running(), ok;

    if (!has_cpu_index) {
        cpu_index = 0;
    }
    cpu = cpu_index >= 0 && cpu_index < UINT_MAX
          ? cpu_by_index(cpu_index) : NULL;
    if (!cpu) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Parameter 'cpu-index' expects a CPU number "
                        "(there is no CPU %" PRId64 ")", cpu_index);
        return false;
    }
    if (running) {
        vcpu_pause_all();
    }
    ok = memsave_walk(cpu, val, size, filename, errp);
    if (running) {
        vcpu_resume_all();
    }
    return ok;
}

static bool memsave_walk(CPUState *cpu, uint64_t val, uint64_t size,
                         const char *filename, GError **errp)
{
    g_autofree uint8_t *buf = g_malloc(DUMP_CHUNK);
    CPUClass *cc = CPU_GET_CLASS(cpu);
    bool ok = true;
    FILE *f;

    if (!cc->get_phys_addr_debug) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "memsave: this CPU model cannot translate virtual "
                        "addresses for the monitor yet; use pmemsave");
        return false;
    }
    if (!check_range(val, size, errp) || !(f = dump_open(filename, errp))) {
        return false;
    }
    for (uint64_t done = 0; ok && done < size;) {
        uint64_t va = val + done, pa;
        /* Page by page: each page may map anywhere. */
        size_t len = MIN(size - done, DUMP_CHUNK - (va & (DUMP_CHUNK - 1)));

        if (!cc->get_phys_addr_debug(cpu, va, &pa)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "Invalid addr 0x%" PRIx64 ": not mapped for "
                            "CPU %d", va, cpu->cpu_index);
            ok = false;
            break;
        }
        if (address_space_read(address_space_memory(), pa,
                               MEMTXATTRS_UNSPECIFIED, buf, len) !=
            MEMTX_OK) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "Invalid addr 0x%" PRIx64 ": physical 0x%"
                            PRIx64 " is not readable", va, pa);
            ok = false;
            break;
        }
        ok = write_chunk(f, filename, buf, len, errp);
        done += len;
    }
    return dump_close(f, filename, ok, errp);
}
