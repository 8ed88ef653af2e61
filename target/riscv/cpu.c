/*
 * The RISC-V CPU type: extension switches as properties with their
 * dependency rules (checked at realize), misa and the ISA string derived
 * from them, reset state (Privileged ISA v1.12 section 3.4), and the
 * register dump for -d cpu.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/cpu.h"
#include "internal.h"
#include "hw/core/qdev-properties.h"
#include "target/riscv/disas.h"
#include "util/error.h"
#include "util/keyval.h"

#include <inttypes.h>
#include <string.h>

static const char *const misaligned_names[] = { "trap", "emulate", NULL };

static const Property riscv_cpu_props[] = {
    DEFINE_PROP_BOOL("i", RISCVCPU, cfg.ext_i, true,
                     .description = "base integer ISA (cannot be off)"),
    DEFINE_PROP_BOOL("m", RISCVCPU, cfg.ext_m, true),
    DEFINE_PROP_BOOL("a", RISCVCPU, cfg.ext_a, true),
    DEFINE_PROP_BOOL("f", RISCVCPU, cfg.ext_f, true),
    DEFINE_PROP_BOOL("d", RISCVCPU, cfg.ext_d, true,
                     .description = "needs f"),
    DEFINE_PROP_BOOL("c", RISCVCPU, cfg.ext_c, true),
    DEFINE_PROP_BOOL("s", RISCVCPU, cfg.ext_s, true,
                     .description = "supervisor mode, needs u"),
    DEFINE_PROP_BOOL("u", RISCVCPU, cfg.ext_u, true),
    DEFINE_PROP_BOOL("zicsr", RISCVCPU, cfg.ext_zicsr, true),
    DEFINE_PROP_BOOL("zifencei", RISCVCPU, cfg.ext_zifencei, true),
    DEFINE_PROP_BOOL("zicntr", RISCVCPU, cfg.ext_zicntr, true),
    DEFINE_PROP_BOOL("zihintpause", RISCVCPU, cfg.ext_zihintpause, true),
    DEFINE_PROP_BOOL("zihintntl", RISCVCPU, cfg.ext_zihintntl, true,
                     .description = "advertised only: its hints always "
                                    "execute as no-ops"),
    DEFINE_PROP_BOOL("zimop", RISCVCPU, cfg.ext_zimop, true),
    DEFINE_PROP_BOOL("zcmop", RISCVCPU, cfg.ext_zcmop, true,
                     .description = "needs c"),
    DEFINE_PROP_BOOL("zfa", RISCVCPU, cfg.ext_zfa, true,
                     .description = "needs f; the .d forms need d"),
    DEFINE_PROP_BOOL("zfhmin", RISCVCPU, cfg.ext_zfhmin, true,
                     .description = "needs f; fcvt.d.h/fcvt.h.d need d"),
    DEFINE_PROP_BOOL("zcb", RISCVCPU, cfg.ext_zcb, true,
                     .description = "needs c; c.sext/c.zext.h need zbb, "
                                    "c.zext.w zba, c.mul m"),
    DEFINE_PROP_BOOL("zawrs", RISCVCPU, cfg.ext_zawrs, true,
                     .description = "needs a"),
    DEFINE_PROP_BOOL("zba", RISCVCPU, cfg.ext_zba, true),
    DEFINE_PROP_BOOL("zbb", RISCVCPU, cfg.ext_zbb, true),
    DEFINE_PROP_BOOL("zbc", RISCVCPU, cfg.ext_zbc, true),
    DEFINE_PROP_BOOL("zbs", RISCVCPU, cfg.ext_zbs, true),
    DEFINE_PROP_BOOL("zicbom", RISCVCPU, cfg.ext_zicbom, true),
    DEFINE_PROP_BOOL("zicboz", RISCVCPU, cfg.ext_zicboz, true),
    DEFINE_PROP_BOOL("zicond", RISCVCPU, cfg.ext_zicond, true),
    DEFINE_PROP_BOOL("zfinx", RISCVCPU, cfg.ext_zfinx, false,
                     .description = "not implemented; conflicts with f"),
    DEFINE_PROP_BOOL("sstc", RISCVCPU, cfg.ext_sstc, true,
                     .description = "stimecmp, needs s"),
    DEFINE_PROP_BOOL("pmp", RISCVCPU, cfg.pmp, true),
    DEFINE_PROP_BOOL("mmu", RISCVCPU, cfg.mmu, true),
    DEFINE_PROP_BOOL("sv39", RISCVCPU, cfg.sv39, true),
    DEFINE_PROP_BOOL("sv48", RISCVCPU, cfg.sv48, true,
                     .description = "needs sv39"),
    DEFINE_PROP_BOOL("sv57", RISCVCPU, cfg.sv57, true,
                     .description = "needs sv48"),
    DEFINE_PROP_ENUM("misaligned", RISCVCPU, cfg.misaligned,
                     RISCV_MISALIGNED_TRAP, misaligned_names, "RISCVMisaligned",
                     .description = "misaligned loads/stores: trap to "
                                    "firmware or emulate"),
    DEFINE_PROP_UINT16("cbom_blocksize", RISCVCPU, cfg.cbom_blocksize, 64),
    DEFINE_PROP_UINT16("cboz_blocksize", RISCVCPU, cfg.cboz_blocksize, 64),
    DEFINE_PROP_UINT64("resetvec", RISCVCPU, cfg.resetvec, 0x1000),
    DEFINE_PROP_UINT64("hartid", RISCVCPU, env.mhartid, 0),
    DEFINE_PROP_UINT64("mvendorid", RISCVCPU, env.mvendorid, 0),
    DEFINE_PROP_UINT64("marchid", RISCVCPU, env.marchid, 0),
    DEFINE_PROP_UINT64("mimpid", RISCVCPU, env.mimpid, 0),
    DEFINE_PROP_END_OF_LIST(),
};

/*
 * Multi-letter extensions in ISA-string order: Z extensions grouped by
 * their second letter in the canonical single-letter order (I before B),
 * alphabetically within a group; then S extensions.
 */
static const struct {
    const char *name;
    size_t offset;
} multi_letter[] = {
    { "zicbom", offsetof(RISCVCPUConfig, ext_zicbom) },
    { "zicboz", offsetof(RISCVCPUConfig, ext_zicboz) },
    { "zicntr", offsetof(RISCVCPUConfig, ext_zicntr) },
    { "zicond", offsetof(RISCVCPUConfig, ext_zicond) },
    { "zicsr", offsetof(RISCVCPUConfig, ext_zicsr) },
    { "zifencei", offsetof(RISCVCPUConfig, ext_zifencei) },
    { "zihintntl", offsetof(RISCVCPUConfig, ext_zihintntl) },
    { "zihintpause", offsetof(RISCVCPUConfig, ext_zihintpause) },
    { "zimop", offsetof(RISCVCPUConfig, ext_zimop) },
    { "zawrs", offsetof(RISCVCPUConfig, ext_zawrs) },
    { "zfa", offsetof(RISCVCPUConfig, ext_zfa) },
    { "zfhmin", offsetof(RISCVCPUConfig, ext_zfhmin) },
    { "zcb", offsetof(RISCVCPUConfig, ext_zcb) },
    { "zcmop", offsetof(RISCVCPUConfig, ext_zcmop) },
    { "zba", offsetof(RISCVCPUConfig, ext_zba) },
    { "zbb", offsetof(RISCVCPUConfig, ext_zbb) },
    { "zbc", offsetof(RISCVCPUConfig, ext_zbc) },
    { "zbs", offsetof(RISCVCPUConfig, ext_zbs) },
    { "sstc", offsetof(RISCVCPUConfig, ext_sstc) },
};

/* A rule "a needs b"; checked in order, first failure reported. */
static const struct {
    const char *ext, *needs;
    size_t ext_off, needs_off;
} ext_deps[] = {
#define DEP(a, b) { #a, #b, offsetof(RISCVCPUConfig, ext_##a), \
                    offsetof(RISCVCPUConfig, ext_##b) }
    DEP(d, f),
    DEP(f, zicsr),
    DEP(s, u),
    DEP(s, zicsr),
    DEP(sstc, s),
    DEP(zicntr, zicsr),
#undef DEP
};

/*
 * Rules "a needs b" for extensions that default on: switching b off
 * switches a off too (rather than failing "-cpu rv64,c=off"), as the
 * MMU follows S. Applied before ext_deps, in order.
 */
static const struct {
    size_t ext_off, needs_off;
} ext_follows[] = {
#define FOLLOW(a, b) { offsetof(RISCVCPUConfig, ext_##a), \
                       offsetof(RISCVCPUConfig, ext_##b) }
    FOLLOW(zawrs, a),
    FOLLOW(zfa, f),
    FOLLOW(zfhmin, f),
    FOLLOW(zcb, c),
    FOLLOW(zcmop, c),
#undef FOLLOW
};

static bool cfg_flag(const RISCVCPUConfig *cfg, size_t off)
{
    return *(const bool *)((const char *)cfg + off);
}

static bool riscv_cpu_validate(RISCVCPU *cpu, GError **errp)
{
    RISCVCPUConfig *cfg = &cpu->cfg;

    if (!cfg->ext_i) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'i' cannot be disabled (RV64E is not supported)");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ext_follows); i++) {
        if (!cfg_flag(cfg, ext_follows[i].needs_off)) {
            *(bool *)((char *)cfg + ext_follows[i].ext_off) = false;
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ext_deps); i++) {
        if (cfg_flag(cfg, ext_deps[i].ext_off) &&
            !cfg_flag(cfg, ext_deps[i].needs_off)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "extension '%s' requires '%s'", ext_deps[i].ext,
                            ext_deps[i].needs);
            return false;
        }
    }
    if (cfg->ext_zfinx) {
        if (cfg->ext_f) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'zfinx' conflicts with 'f' (FP in integer "
                            "registers or FP registers, not both)");
        } else {
            vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                            "'zfinx' is not implemented");
        }
        return false;
    }
    if (cfg->sv57 && !cfg->sv48) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'sv57' requires 'sv48'");
        return false;
    }
    if (cfg->sv48 && !cfg->sv39) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'sv48' requires 'sv39'");
        return false;
    }
    if (cfg->mmu && !cfg->ext_s) {
        /* satp is an S-mode CSR: without S there is nothing to turn on. */
        cfg->mmu = false;
    }
    const struct {
        const char *name;
        uint16_t size;
    } blocks[] = {
        { "cbom_blocksize", cfg->cbom_blocksize },
        { "cboz_blocksize", cfg->cboz_blocksize },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(blocks); i++) {
        uint16_t sz = blocks[i].size;
        if (sz < 8 || sz > 4096 || (sz & (sz - 1))) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "%s=%u: must be a power of two from 8 to 4096",
                            blocks[i].name, sz);
            return false;
        }
    }
    return true;
}

static void riscv_cpu_derive_isa(RISCVCPU *cpu)
{
    static const char order[] = "imafdqlcbjtpvh";
    RISCVCPUConfig *cfg = &cpu->cfg;
    CPURISCVState *env = &cpu->env;
    GString *s = g_string_new(NULL);
    const struct {
        char letter;
        bool on;
    } single[] = {
        { 'i', cfg->ext_i }, { 'm', cfg->ext_m }, { 'a', cfg->ext_a },
        { 'f', cfg->ext_f }, { 'd', cfg->ext_d }, { 'c', cfg->ext_c },
        { 's', cfg->ext_s }, { 'u', cfg->ext_u },
    };

    env->misa_ext = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(single); i++) {
        if (single[i].on) {
            env->misa_ext |= RVF_BIT(single[i].letter - 'a' + 'A');
        }
    }
    /* Letters the guest may clear in misa: none for now (WARL, fixed). */
    env->misa_ext_mask = 0;
    riscv_update_tb_flags(env);

    g_string_append_printf(s, "rv%d", riscv_cpu_xlen(env));
    for (const char *p = order; *p; p++) {
        if (env->misa_ext & RVF_BIT(*p - 'a' + 'A')) {
            g_string_append_c(s, *p);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(multi_letter); i++) {
        if (cfg_flag(cfg, multi_letter[i].offset)) {
            g_string_append_printf(s, "_%s", multi_letter[i].name);
        }
    }
    g_free(cpu->isa_string);
    cpu->isa_string = g_string_free(s, FALSE);
}

const char *riscv_cpu_isa_string(RISCVCPU *cpu)
{
    return cpu->isa_string;
}

static void riscv_cpu_stimer_cb(void *opaque)
{
    riscv_cpu_sstc_update(&((RISCVCPU *)opaque)->env);
}

static bool riscv_cpu_realize(DeviceState *dev, GError **errp)
{
    RISCVCPU *cpu = RISCV_CPU(dev);
    RISCVCPUClass *rcc = RISCV_CPU_GET_CLASS(dev);

    if (!riscv_cpu_validate(cpu, errp)) {
        return false;
    }
    cpu->env.mxl = rcc->mxl;
    riscv_cpu_derive_isa(cpu);
    if (!rcc->parent_realize(dev, errp)) {
        return false;
    }
    if (cpu->cfg.ext_sstc && !cpu->stimer) {
        cpu->stimer = timer_new_ns(VIREO_CLOCK_VIRTUAL, riscv_cpu_stimer_cb,
                                   cpu);
    }
    return true;
}

static void riscv_cpu_reset(DeviceState *dev)
{
    RISCVCPU *cpu = RISCV_CPU(dev);
    CPURISCVState *env = &cpu->env;
    CPURISCVState keep = *env;

    RISCV_CPU_GET_CLASS(dev)->parent_reset(dev);
    memset(env, 0, sizeof(*env));
    /* What survives reset: identity, the derived misa, the time source. */
    env->mhartid = keep.mhartid;
    env->mvendorid = keep.mvendorid;
    env->marchid = keep.marchid;
    env->mimpid = keep.mimpid;
    env->mxl = keep.mxl ? keep.mxl : RISCV_CPU_GET_CLASS(dev)->mxl;
    env->misa_ext = keep.misa_ext;
    env->misa_ext_mask = keep.misa_ext_mask;
    env->rdtime_fn = keep.rdtime_fn;
    env->rdtime_opaque = keep.rdtime_opaque;
    env->time_deadline_fn = keep.time_deadline_fn;
    if (cpu->stimer) {
        timer_del(cpu->stimer);
    }

    env->priv = PRV_M;
    env->pc = cpu->cfg.resetvec;
    env->load_res = -1;
    env->load_res_pa = -1;
    /* SXL and UXL are read-only 2 (64-bit) when S and U exist. */
    if (cpu->cfg.ext_s) {
        env->mstatus |= (uint64_t)MXL_RV64 << 34;
    }
    if (cpu->cfg.ext_u) {
        env->mstatus |= (uint64_t)MXL_RV64 << 32;
    }
    env->mcause = 0;
    riscv_update_tb_flags(env);
}

static bool riscv_cpu_has_work_cb(CPUState *cs)
{
    return riscv_cpu_has_work(&riscv_cpu_of(cs)->env);
}

static void riscv_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    riscv_cpu_of(cs)->env.pc = pc;
}

static uint64_t riscv_cpu_get_pc(CPUState *cs)
{
    return riscv_cpu_of(cs)->env.pc;
}

void riscv_cpu_dump_state(CPUState *cs, FILE *f, int flags)
{
    CPURISCVState *env = &RISCV_CPU(cs)->env;
    static const int csrs[] = {
        CSR_MHARTID, CSR_MSTATUS, CSR_MIP, CSR_MIE, CSR_MIDELEG,
        CSR_MEDELEG, CSR_MTVEC, CSR_STVEC, CSR_MEPC, CSR_SEPC, CSR_MCAUSE,
        CSR_SCAUSE, CSR_MTVAL, CSR_STVAL, CSR_MSCRATCH, CSR_SSCRATCH,
        CSR_SATP,
    };

    fprintf(f, " %-8s %016" PRIx64 "\n", "pc", env->pc);
    /*
     * Peeked, never by switching the hart to M-mode: the SIGUSR1 dump
     * runs on the main thread while the hart may be running.
     */
    for (size_t i = 0; i < G_N_ELEMENTS(csrs); i++) {
        uint64_t val;
        if (riscv_csr_peek(env, csrs[i], &val)) {
            fprintf(f, " %-8s %016" PRIx64 "\n", riscv_csr_name(csrs[i]),
                    val);
        }
    }
    fprintf(f, " %-8s %d\n", "priv", env->priv);
    for (int i = 0; i < 32; i++) {
        g_autofree char *name = g_strdup_printf("x%d/%s", i,
                                                riscv_xreg_name(i));
        fprintf(f, " %-8s %016" PRIx64, name, env->gpr[i]);
        if ((i & 3) == 3) {
            fprintf(f, "\n");
        }
    }
    if (flags & CPU_DUMP_FPU) {
        fprintf(f, " %-8s %016" PRIx64 "\n", "fcsr",
                (uint64_t)(env->fflags | env->frm << FSR_RD_SHIFT));
        for (int i = 0; i < 32; i++) {
            g_autofree char *name = g_strdup_printf("f%d/%s", i,
                                                    riscv_freg_name(i));
            fprintf(f, " %-8s %016" PRIx64, name, env->fpr[i]);
            if ((i & 3) == 3) {
                fprintf(f, "\n");
            }
        }
    }
}

char *riscv_cpu_type_name(const char *model, GError **errp)
{
    char *name = g_strconcat(model, RISCV_CPU_TYPE_SUFFIX, NULL);
    ObjectClass *oc = object_class_by_name(name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_RISCV_CPU) ||
        object_class_is_abstract(oc)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "unknown CPU model '%s' (-cpu help lists them)",
                        model);
        g_free(name);
        return NULL;
    }
    return name;
}

RISCVCPU *riscv_cpu_create(const char *cpu_option, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(cpu_option, ",", 2);
    g_autofree char *type = NULL;
    g_autoptr(Keyval) kv = NULL;
    Object *obj;

    if (!parts[0] || !*parts[0]) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "CPU model name is empty");
        return NULL;
    }
    type = riscv_cpu_type_name(parts[0], errp);
    if (!type) {
        return NULL;
    }
    if (parts[1]) {
        kv = keyval_parse(parts[1], NULL, KEYVAL_DUP_LAST_WINS, errp);
        if (!kv) {
            return NULL;
        }
    }
    obj = object_new(type);
    for (unsigned i = 0; kv && i < keyval_count(kv); i++) {
        const KeyvalPair *p = keyval_nth(kv, i);
        if (!object_property_set_str(obj, p->key, p->value, errp)) {
            object_unref(obj);
            return NULL;
        }
    }
    return RISCV_CPU(obj);
}

static void riscv_cpu_instance_finalize(Object *obj)
{
    RISCVCPU *cpu = RISCV_CPU(obj);

    g_free(cpu->isa_string);
    if (cpu->stimer) {
        timer_free(cpu->stimer);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cpu->irq_in); i++) {
        irq_free(cpu->irq_in[i]);
    }
}

static void riscv_cpu_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);
    RISCVCPUClass *rcc = RISCV_CPU_CLASS(oc);

    device_class_set_parent_realize(dc, riscv_cpu_realize,
                                    &rcc->parent_realize);
    rcc->parent_reset = dc->reset;
    dc->reset = riscv_cpu_reset;
    dc->desc = "RISC-V CPU";
    device_class_set_props(dc, riscv_cpu_props);
    cc->has_work = riscv_cpu_has_work_cb;
    cc->dump_state = riscv_cpu_dump_state;
    cc->set_pc = riscv_cpu_set_pc;
    cc->get_pc = riscv_cpu_get_pc;
    cc->get_phys_addr_debug = riscv_cpu_get_phys_addr_debug;
    cc->disas_insn = riscv_cpu_disas_insn;
    cc->dump_mmu = riscv_cpu_dump_mmu;
    cc->tcg_ops = &riscv_tcg_ops;
}

static void rv64_cpu_class_init(ObjectClass *oc, const void *data)
{
    RISCV_CPU_CLASS(oc)->mxl = MXL_RV64;
    DEVICE_CLASS(oc)->desc = "RV64GC with Zba/Zbb/Zbc/Zbs, Zicbom/Zicboz, "
                             "Sstc; M, S and U modes";
}

static const TypeInfo riscv_cpu_types[] = {
    {
        .name = TYPE_RISCV_CPU,
        .parent = TYPE_CPU,
        .abstract = true,
        .instance_size = sizeof(RISCVCPU),
        .instance_finalize = riscv_cpu_instance_finalize,
        .class_size = sizeof(RISCVCPUClass),
        .class_init = riscv_cpu_class_init,
    },
    {
        .name = TYPE_RISCV_CPU_RV64,
        .parent = TYPE_RISCV_CPU,
        .class_init = rv64_cpu_class_init,
    },
};

DEFINE_TYPES(riscv_cpu_types)
