/*
 * Host code disassembly for `-d out_asm` and guest x86 disassembly for the
 * monitor's x /i, through Capstone, loaded with dlopen the first time it
 * is needed: linked in, its relocations and
 * tables cost every process over 3 MiB of memory at start-up, for a
 * debugging option most runs never use.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/tcg-internal.h"
#include "tcg/disas.h"

#include <capstone.h>
#include <dlfcn.h>
#include <glib.h>
#include <inttypes.h>

typedef struct CapstoneApi {
    cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
    size_t (*disasm)(csh handle, const uint8_t *code, size_t size,
                     uint64_t address, size_t count, cs_insn **insn);
    void (*free)(cs_insn *insn, size_t count);
    cs_err (*close)(csh *handle);
} CapstoneApi;

/* The library this was compiled against, then any. NULL if none. */
static const CapstoneApi *capstone_api(void)
{
    static const char *const names[] = {
        "libcapstone.so." G_STRINGIFY(CS_API_MAJOR), "libcapstone.so",
    };
    static CapstoneApi api;
    static gsize loaded;

    if (g_once_init_enter(&loaded)) {
        void *lib = NULL;

        for (size_t i = 0; !lib && i < G_N_ELEMENTS(names); i++) {
            lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        }
        if (lib) {
            api.open = (typeof(api.open))dlsym(lib, "cs_open");
            api.disasm = (typeof(api.disasm))dlsym(lib, "cs_disasm");
            api.free = (typeof(api.free))dlsym(lib, "cs_free");
            api.close = (typeof(api.close))dlsym(lib, "cs_close");
        }
        g_once_init_leave(&loaded, 1);
    }
    return api.open && api.disasm && api.free && api.close ? &api : NULL;
}

void tcg_disas_host(FILE *f, const void *code, size_t len)
{
    const CapstoneApi *cs = capstone_api();
    csh handle;
    cs_insn *insn;
    size_t n;

    if (!cs || cs->open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        fprintf(f, "  (capstone unavailable: %zu bytes)\n", len);
        return;
    }
    n = cs->disasm(handle, code, len, (uintptr_t)code, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "  0x%" PRIx64 ":  %-8s %s\n", insn[i].address,
                insn[i].mnemonic, insn[i].op_str);
    }
    if (n) {
        cs->free(insn, n);
    }
    cs->close(&handle);
}

int tcg_disas_x86_insn(unsigned bits, uint64_t pc, const uint8_t *code,
                       size_t len, char *buf, size_t size)
{
    const CapstoneApi *cs = capstone_api();
    cs_mode mode = bits == 64 ? CS_MODE_64 :
                   bits == 32 ? CS_MODE_32 : CS_MODE_16;
    csh handle;
    cs_insn *insn;
    int n = 0;

    if (!cs || cs->open(CS_ARCH_X86, mode, &handle) != CS_ERR_OK) {
        return -1;
    }
    if (cs->disasm(handle, code, len, pc, 1, &insn) == 1) {
        snprintf(buf, size, "%s%s%s", insn->mnemonic,
                 insn->op_str[0] ? " " : "", insn->op_str);
        n = insn->size;
        cs->free(insn, 1);
    }
    cs->close(&handle);
    return n;
}
