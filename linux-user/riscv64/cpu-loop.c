/*
 * riscv64 as a Linux process sees it: a U-mode hart with the FPU on, the
 * counters readable and the time CSR on the host's monotonic clock; ecall
 * is a system call (a7 the number, a0-a5 the arguments, a0 the result)
 * and the other exceptions become the signals Linux sends for them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "../user-internal.h"
#include "target/riscv/cpu.h"
#include "util/error.h"
#include "util/log.h"

#include <elf.h>
#include <string.h>
#include <signal.h>
#include <time.h>

/* Linux on riscv64 reports time at the platform's timebase: 10 MHz. */
#define TIMEBASE_HZ 10000000ull

static uint64_t host_time(void *opaque)
{
    struct timespec ts;

    (void)opaque;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * TIMEBASE_HZ +
           (uint64_t)ts.tv_nsec / (1000000000ull / TIMEBASE_HZ);
}

/* What Linux sets up for a U-mode process. */
static void make_user_hart(RISCVCPU *rc)
{
    CPURISCVState *env = &rc->env;

    env->priv = PRV_U;
    env->mstatus &= ~(MSTATUS_FS | MSTATUS_VS);
    if (riscv_has_ext(env, 'F') || riscv_has_ext(env, 'D')) {
        env->mstatus |= 1ull << MSTATUS_FS_SHIFT;      /* Initial */
    }
    env->mcounteren = env->scounteren = 7;             /* cycle time instret */
    env->menvcfg |= ENVCFG_CBZE | ENVCFG_CBCFE;
    env->senvcfg |= ENVCFG_CBZE | ENVCFG_CBCFE;
    env->satp = 0;
    env->rdtime_fn = host_time;
    env->rdtime_opaque = NULL;
    riscv_update_tb_flags(env);
}

/* The -cpu option every thread's CPU is made from. */
static char *cpu_option;

static RISCVCPU *new_cpu(GError **errp)
{
    RISCVCPU *rc = riscv_cpu_create(cpu_option, errp);

    if (!rc) {
        return NULL;
    }
    if (!qdev_realize(DEVICE(rc), errp)) {
        object_unref(rc);
        return NULL;
    }
    device_reset(DEVICE(rc));
    return rc;
}

CPUState *user_target_cpu_create(const char *model, GError **errp)
{
    RISCVCPU *rc;

    /* Linux emulates misaligned loads and stores for user space. */
    g_free(cpu_option);
    cpu_option = strstr(model, "misaligned=") ? g_strdup(model) :
                 g_strconcat(model, ",misaligned=emulate", NULL);
    rc = new_cpu(errp);
    if (!rc) {
        return NULL;
    }
    make_user_hart(rc);
    if (!tcg_user_cpu_attach(CPU(rc), errp)) {
        user_target_cpu_free(CPU(rc));
        return NULL;
    }
    return CPU(rc);
}

CPUState *user_target_cpu_clone(CPUState *parent, GError **errp)
{
    RISCVCPU *p = RISCV_CPU(parent);
    RISCVCPU *rc = new_cpu(errp);

    if (!rc) {
        return NULL;
    }
    /* the architectural state is a plain copy (no pointers but time's) */
    rc->env = p->env;
    rc->env.load_res = -1;
    rc->env.load_res_pa = -1;
    if (!tcg_user_cpu_attach(CPU(rc), errp)) {
        user_target_cpu_free(CPU(rc));
        return NULL;
    }
    return CPU(rc);
}

void user_target_cpu_free(CPUState *cpu)
{
    tcg_user_cpu_detach(cpu);
    qdev_unrealize(DEVICE(cpu));
    /* out of the tree too: each thread's CPU would stay there forever */
    if (OBJECT(cpu)->parent) {
        object_unparent(OBJECT(cpu));
    }
    object_unref(cpu);
}

void user_target_init_regs(CPUState *cpu, uint64_t entry, uint64_t sp)
{
    CPURISCVState *env = &RISCV_CPU(cpu)->env;

    env->pc = entry;
    env->gpr[2] = sp;
    env->gpr[10] = 0;           /* a0: no rtld_fini for a static program */
}

void user_target_set_clone_child(CPUState *cpu, uint64_t newsp, bool settls,
                                 uint64_t tls)
{
    CPURISCVState *env = &RISCV_CPU(cpu)->env;

    if (newsp) {
        env->gpr[2] = newsp;
    }
    if (settls) {
        env->gpr[4] = tls;      /* tp */
    }
    /* the pc is past the ecall already: do_ecall moved it first */
    env->gpr[10] = 0;           /* the child's clone() returns 0 */
}

uint16_t user_target_elf_machine(void)
{
    return EM_RISCV;
}

bool user_target_elf_flags_ok(CPUState *cpu, uint32_t e_flags,
                              GError **errp)
{
    CPURISCVState *env = &RISCV_CPU(cpu)->env;
    uint32_t abi = e_flags & EF_RISCV_FLOAT_ABI;

    if (e_flags & EF_RISCV_RVE) {
        vireo_error_setg(errp, "RV64E programs are not supported");
        return false;
    }
    if (abi == EF_RISCV_FLOAT_ABI_QUAD) {
        vireo_error_setg(errp, "the quad-precision float ABI needs Q, "
                         "which the CPU lacks");
        return false;
    }
    if ((abi == EF_RISCV_FLOAT_ABI_DOUBLE && !riscv_has_ext(env, 'D')) ||
        (abi == EF_RISCV_FLOAT_ABI_SINGLE && !riscv_has_ext(env, 'F'))) {
        vireo_error_setg(errp, "built for the %s-float ABI, but the CPU "
                         "lacks %c", abi == EF_RISCV_FLOAT_ABI_DOUBLE ?
                         "double" : "single",
                         abi == EF_RISCV_FLOAT_ABI_DOUBLE ? 'D' : 'F');
        return false;
    }
    return true;
}

uint64_t user_target_hwcap(CPUState *cpu)
{
    CPURISCVState *env = &RISCV_CPU(cpu)->env;
    uint64_t hwcap = 0;

    /* Linux reports the single-letter extensions of IMAFDCV */
    for (const char *l = "IMAFDCV"; *l; l++) {
        if (riscv_has_ext(env, *l)) {
            hwcap |= 1ull << (*l - 'A');
        }
    }
    return hwcap;
}

/* IMA_EXT_0's bits for the multi-letter extensions (asm/hwprobe.h). */
static const struct {
    size_t cfg_offset;
    int bit;
} hwprobe_ext_bits[] = {
#define EXT_BIT(ext, n) { offsetof(RISCVCPUConfig, ext_##ext), n }
    EXT_BIT(zba, 3), EXT_BIT(zbb, 4), EXT_BIT(zbs, 5), EXT_BIT(zicboz, 6),
    EXT_BIT(zbc, 7), EXT_BIT(zfhmin, 28), EXT_BIT(zihintntl, 29),
    EXT_BIT(zfa, 32), EXT_BIT(zicond, 35), EXT_BIT(zihintpause, 36),
    EXT_BIT(zimop, 42), EXT_BIT(zcb, 44), EXT_BIT(zcmop, 47),
    EXT_BIT(zawrs, 48),
#undef EXT_BIT
};

/* riscv_hwprobe's keys (Linux's asm/hwprobe.h numbers). */
bool user_target_hwprobe(CPUState *cpu, int64_t key, uint64_t *value)
{
    RISCVCPU *rc = RISCV_CPU(cpu);
    CPURISCVState *env = &rc->env;
    uint64_t v = 0;

    switch (key) {
    case 0: case 1: case 2:     /* mvendorid, marchid, mimpid */
        break;
    case 3:                     /* base behavior: IMA */
        v = riscv_has_ext(env, 'I') && riscv_has_ext(env, 'M') &&
            riscv_has_ext(env, 'A');
        break;
    case 4:                     /* IMA_EXT_0 */
        v = (riscv_has_ext(env, 'F') && riscv_has_ext(env, 'D') ? 1 : 0) |
            (riscv_has_ext(env, 'C') ? 2 : 0);
        /* C is Zca, and with D Zcd, as Linux reports them */
        if (riscv_has_ext(env, 'C')) {
            v |= 1ull << 43 | (riscv_has_ext(env, 'D') ? 1ull << 45 : 0);
        }
        for (size_t i = 0; i < G_N_ELEMENTS(hwprobe_ext_bits); i++) {
            if (*(const bool *)((const char *)&rc->cfg +
                                hwprobe_ext_bits[i].cfg_offset)) {
                v |= 1ull << hwprobe_ext_bits[i].bit;
            }
        }
        break;
    case 5:                     /* CPUPERF_0 */
    case 9:                     /* MISALIGNED_SCALAR_PERF: emulated */
        v = 1;
        break;
    case 6:                     /* ZICBOZ_BLOCK_SIZE */
        v = rc->cfg.ext_zicboz ? rc->cfg.cboz_blocksize : 0;
        break;
    case 7:                     /* HIGHEST_VIRT_ADDRESS */
        v = tcg_user_address_space_size() - 1;
        break;
    case 8:                     /* TIME_CSR_FREQ */
        v = TIMEBASE_HZ;
        break;
    default:
        return false;
    }
    *value = v;
    return true;
}

/* --- the loop ------------------------------------------------------------- */

static void do_ecall(UserThread *t, CPURISCVState *env)
{
    uint64_t args[6];
    int64_t ret;

    for (int i = 0; i < 6; i++) {
        args[i] = env->gpr[10 + i];
    }
    env->pc += 4;
    ret = user_do_syscall(t, (int)env->gpr[17], args);
    if (ret == -USER_ERESTARTSYS) {
        env->pc -= 4;
    } else if (ret != -USER_ESIGRETURN) {
        env->gpr[10] = (uint64_t)ret;
    }
}

G_NORETURN void user_target_cpu_loop(UserThread *t)
{
    RISCVCPU *rc = RISCV_CPU(t->cpu);
    CPURISCVState *env = &rc->env;

    for (;;) {
        int excp = tcg_user_cpu_exec(t->cpu);

        switch (excp) {
        case EXCP_INTERRUPT:
            break;
        case RISCV_EXCP_U_ECALL:
            do_ecall(t, env);
            break;
        case RISCV_EXCP_ILLEGAL_INST:
            user_force_signal(t, SIGILL, 1 /* ILL_ILLOPC */, env->pc);
            break;
        case EXCP_DEBUG:
            if (user_gdb_handle_debug(t)) {
                break;
            }
            /* fall through */
        case RISCV_EXCP_BREAKPOINT:
            user_force_signal(t, SIGTRAP, 1 /* TRAP_BRKPT */, env->pc);
            break;
        case RISCV_EXCP_INST_ADDR_MIS:
        case RISCV_EXCP_LOAD_ADDR_MIS:
        case RISCV_EXCP_STORE_AMO_ADDR_MIS:
            user_force_signal(t, SIGBUS, 1 /* BUS_ADRALN */,
                              rc->pending_tval);
            break;
        case RISCV_EXCP_INST_ACCESS_FAULT:
        case RISCV_EXCP_LOAD_ACCESS_FAULT:
        case RISCV_EXCP_STORE_AMO_ACCESS_FAULT:
        case RISCV_EXCP_INST_PAGE_FAULT:
        case RISCV_EXCP_LOAD_PAGE_FAULT:
        case RISCV_EXCP_STORE_PAGE_FAULT:
            user_force_signal(t, SIGSEGV, 1 /* SEGV_MAPERR */,
                              rc->pending_tval);
            break;
        default:
            vireo_log_mask(LOG_GUEST_ERROR, "vireo-riscv64: exception %d "
                           "at pc 0x%" G_GINT64_MODIFIER "x: SIGILL\n", excp,
                           env->pc);
            user_force_signal(t, SIGILL, 2, env->pc);
            break;
        }
        user_gdb_after_exception(t, excp);
        user_process_signals(t);
    }
}
