/*
 * target/riscv/csr.c and trap.c: CSR access rules and WARL behaviour, trap
 * entry with delegation and vectoring, MRET/SRET, interrupt priority.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "riscv-test-cpu.h"

static RISCVCPU *cpu;
static CPURISCVState *env;

static void setup(void)
{
    cpu = riscv_test_cpu("rv64");
    env = &cpu->env;
}

static void teardown(void)
{
    riscv_test_cpu_free(cpu);
}

static uint64_t rd(int csrno)
{
    uint64_t v = 0xdeadbeef;

    ck_assert_msg(riscv_csr_read(env, csrno, &v) == RISCV_EXCP_NONE,
                  "read of 0x%x failed", csrno);
    return v;
}

static void wr(int csrno, uint64_t v)
{
    ck_assert_msg(riscv_csr_write(env, csrno, v) == RISCV_EXCP_NONE,
                  "write of 0x%x failed", csrno);
}

#define ILLEGAL_READ(csr) \
    ck_assert_int_eq(riscv_csr_read(env, (csr), &v), RISCV_EXCP_ILLEGAL_INST)
#define ILLEGAL_WRITE(csr, val) \
    ck_assert_int_eq(riscv_csr_write(env, (csr), (val)), \
                     RISCV_EXCP_ILLEGAL_INST)

static uint64_t fake_time;
static uint64_t read_fake_time(void *opaque)
{
    return *(uint64_t *)opaque;
}

START_TEST(rmw_semantics)
{
    uint64_t old;

    wr(CSR_MSCRATCH, 0xf0f0);
    /* csrrs: set bits, returns the old value */
    ck_assert_int_eq(riscv_csr_rmw(env, CSR_MSCRATCH, &old, 0x0f00, 0x0f00,
                                   true), RISCV_EXCP_NONE);
    ck_assert_uint_eq(old, 0xf0f0);
    ck_assert_uint_eq(rd(CSR_MSCRATCH), 0xfff0);
    /* csrrc: clear bits */
    riscv_csr_rmw(env, CSR_MSCRATCH, &old, 0, 0x00f0, true);
    ck_assert_uint_eq(rd(CSR_MSCRATCH), 0xff00);
    /* no write (rs1 = x0): a read-only CSR may be read */
    ck_assert_int_eq(riscv_csr_rmw(env, CSR_MHARTID, &old, 0, 0, false),
                     RISCV_EXCP_NONE);
    /* a read-only CSR written, even with a zero mask, is illegal */
    ck_assert_int_eq(riscv_csr_rmw(env, CSR_MHARTID, &old, 0, 0, true),
                     RISCV_EXCP_ILLEGAL_INST);
    ck_assert_int_eq(riscv_csr_write(env, CSR_CYCLE, 1),
                     RISCV_EXCP_ILLEGAL_INST);
    /* a failed access changes nothing, including the destination */
    old = 77;
    ck_assert_int_eq(riscv_csr_rmw(env, 0x7c0, &old, 1, 1, true),
                     RISCV_EXCP_ILLEGAL_INST);
    ck_assert_uint_eq(old, 77);
    ck_assert_int_eq(riscv_csr_rmw(env, -1, &old, 0, 0, false),
                     RISCV_EXCP_ILLEGAL_INST);
    ck_assert_int_eq(riscv_csr_rmw(env, 4096, &old, 0, 0, false),
                     RISCV_EXCP_ILLEGAL_INST);
}
END_TEST

START_TEST(privilege_checks)
{
    uint64_t v;

    env->priv = PRV_S;
    ILLEGAL_READ(CSR_MSTATUS);
    ILLEGAL_WRITE(CSR_MSCRATCH, 1);
    ck_assert_uint_eq(env->mscratch, 0);
    wr(CSR_SSCRATCH, 5);
    env->priv = PRV_U;
    ILLEGAL_READ(CSR_SSCRATCH);
    ILLEGAL_READ(CSR_SATP);
    env->priv = PRV_M;
    ck_assert_uint_eq(rd(CSR_SSCRATCH), 5);
}
END_TEST

/* A debugger's or the dump's read: any privilege, no state changed. */
START_TEST(peek_reads_without_switching_privilege)
{
    uint64_t v = 0;

    wr(CSR_MSCRATCH, 0x1234);
    env->priv = PRV_U;
    ILLEGAL_READ(CSR_MSCRATCH);
    ck_assert(riscv_csr_peek(env, CSR_MSCRATCH, &v));
    ck_assert_uint_eq(v, 0x1234);
    ck_assert_int_eq(env->priv, PRV_U);
    ck_assert(!riscv_csr_peek(env, 0x7c0, &v));     /* no such CSR */
    ck_assert(!riscv_csr_peek(env, 4096, &v));
    ck_assert(!riscv_csr_peek(env, -1, &v));
    env->priv = PRV_M;
}
END_TEST

START_TEST(mstatus_warl)
{
    wr(CSR_MSTATUS, ~0ull);
    uint64_t s = rd(CSR_MSTATUS);
    /* writable fields set, read-only ones kept: UBE/SBE/MBE, VS, XS = 0 */
    ck_assert(s & MSTATUS_MIE);
    ck_assert(s & MSTATUS_SUM);
    ck_assert(s & MSTATUS_MPRV);
    ck_assert(s & MSTATUS_TSR);
    ck_assert(!(s & (MSTATUS_UBE | MSTATUS_SBE | MSTATUS_MBE)));
    ck_assert(!(s & (MSTATUS_VS | MSTATUS_XS)));
    ck_assert_uint_eq((s & MSTATUS_UXL) >> 32, 2);
    ck_assert_uint_eq((s & MSTATUS_SXL) >> 34, 2);
    /* MPP=3 was legal; FS dirty sets SD */
    ck_assert_uint_eq((s & MSTATUS_MPP) >> 11, 3);
    ck_assert(s & MSTATUS_SD);

    /* MPP=2 is reserved: the field keeps its old value */
    wr(CSR_MSTATUS, (uint64_t)PRV_S << 11);
    ck_assert_uint_eq((rd(CSR_MSTATUS) & MSTATUS_MPP) >> 11, PRV_S);
    wr(CSR_MSTATUS, 2ull << 11);
    ck_assert_uint_eq((rd(CSR_MSTATUS) & MSTATUS_MPP) >> 11, PRV_S);

    /* FS clean: no SD */
    wr(CSR_MSTATUS, 2ull << MSTATUS_FS_SHIFT);
    ck_assert(!(rd(CSR_MSTATUS) & MSTATUS_SD));
}
END_TEST

START_TEST(mstatus_without_s_or_u)
{
    RISCVCPU *mcpu = riscv_test_cpu("rv64,s=off,u=off,sstc=off");
    CPURISCVState *m = &mcpu->env;
    uint64_t s;

    ck_assert_int_eq(riscv_csr_write(m, CSR_MSTATUS, ~0ull),
                     RISCV_EXCP_NONE);
    riscv_csr_read(m, CSR_MSTATUS, &s);
    ck_assert(!(s & (MSTATUS_SIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MPRV |
                     MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)));
    ck_assert_uint_eq((s & MSTATUS_MPP) >> 11, PRV_M);
    /* only M exists: MPP=0 is not a supported mode */
    riscv_csr_write(m, CSR_MSTATUS, 0);
    riscv_csr_read(m, CSR_MSTATUS, &s);
    ck_assert_uint_eq((s & MSTATUS_MPP) >> 11, PRV_M);
    /* mret stays in M and leaves MPP at M */
    m->mepc = 0x100;
    ck_assert_int_eq(riscv_cpu_mret(m), RISCV_EXCP_NONE);
    ck_assert_int_eq(m->priv, PRV_M);
    ck_assert_uint_eq((m->mstatus & MSTATUS_MPP) >> 11, PRV_M);
    riscv_test_cpu_free(mcpu);
}
END_TEST

START_TEST(sstatus_view)
{
    wr(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_SIE | MSTATUS_TVM |
       (3ull << MSTATUS_FS_SHIFT));
    uint64_t s = rd(CSR_SSTATUS);
    ck_assert(s & MSTATUS_SIE);
    ck_assert(!(s & MSTATUS_MIE));
    ck_assert(!(s & MSTATUS_TVM));
    ck_assert(s & MSTATUS_SD);
    ck_assert_uint_eq((s & MSTATUS_UXL) >> 32, 2);
    /* writes through sstatus reach only S fields */
    wr(CSR_SSTATUS, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPRV);
    s = rd(CSR_MSTATUS);
    ck_assert(s & MSTATUS_SUM);
    ck_assert(s & MSTATUS_MXR);
    ck_assert(!(s & MSTATUS_MPRV));
    ck_assert(s & MSTATUS_MIE);         /* untouched */
    ck_assert(s & MSTATUS_TVM);
    ck_assert(!(s & MSTATUS_SIE));
}
END_TEST

START_TEST(misa_is_fixed)
{
    uint64_t before = rd(CSR_MISA);

    wr(CSR_MISA, 0);
    ck_assert_uint_eq(rd(CSR_MISA), before);
}
END_TEST

START_TEST(delegation_registers)
{
    wr(CSR_MEDELEG, ~0ull);
    ck_assert(!(rd(CSR_MEDELEG) & (1ull << RISCV_EXCP_M_ECALL)));
    ck_assert(rd(CSR_MEDELEG) & (1ull << RISCV_EXCP_U_ECALL));
    ck_assert(!(rd(CSR_MEDELEG) & (1ull << 10)));
    wr(CSR_MIDELEG, ~0ull);
    ck_assert_uint_eq(rd(CSR_MIDELEG), S_MODE_INTERRUPTS);
}
END_TEST

START_TEST(interrupt_enable_and_pending_views)
{
    uint64_t v;

    wr(CSR_MIE, ~0ull);
    ck_assert_uint_eq(rd(CSR_MIE), M_MODE_INTERRUPTS | S_MODE_INTERRUPTS);
    /* sie shows only delegated bits */
    ck_assert_uint_eq(rd(CSR_SIE), 0);
    wr(CSR_MIDELEG, MIP_SSIP | MIP_STIP);
    ck_assert_uint_eq(rd(CSR_SIE), MIP_SSIP | MIP_STIP);
    wr(CSR_SIE, 0);
    ck_assert_uint_eq(rd(CSR_MIE), M_MODE_INTERRUPTS | MIP_SEIP |
                                   MIP_LCOFIP);

    /* mip: M-level bits are not software-writable */
    wr(CSR_MIP, ~0ull);
    ck_assert_uint_eq(rd(CSR_MIP), MIP_SSIP | MIP_STIP | MIP_SEIP);
    riscv_cpu_update_mip(env, MIP_MTIP, MIP_MTIP);
    ck_assert(rd(CSR_MIP) & MIP_MTIP);
    /* sip: delegated bits visible, only SSIP writable */
    ck_assert_uint_eq(rd(CSR_SIP), MIP_SSIP | MIP_STIP);
    wr(CSR_SIP, 0);
    ck_assert_uint_eq(rd(CSR_MIP), MIP_STIP | MIP_SEIP | MIP_MTIP);
    (void)v;
}
END_TEST

START_TEST(tvec_modes)
{
    wr(CSR_MTVEC, 0x80000101);
    ck_assert_uint_eq(rd(CSR_MTVEC), 0x80000101);
    /* mode 2 and 3 reserved: base taken, mode kept */
    wr(CSR_MTVEC, 0x80000202);
    ck_assert_uint_eq(rd(CSR_MTVEC), 0x80000201);
    wr(CSR_STVEC, 0x1003);
    ck_assert_uint_eq(rd(CSR_STVEC), 0x1000);
}
END_TEST

START_TEST(epc_alignment)
{
    wr(CSR_MEPC, 0x1003);
    ck_assert_uint_eq(rd(CSR_MEPC), 0x1002);
    wr(CSR_SEPC, 0x2001);
    ck_assert_uint_eq(rd(CSR_SEPC), 0x2000);

    RISCVCPU *nc = riscv_test_cpu("rv64,c=off");
    uint64_t v;
    riscv_csr_write(&nc->env, CSR_MEPC, 0x1006);
    riscv_csr_read(&nc->env, CSR_MEPC, &v);
    ck_assert_uint_eq(v, 0x1004);       /* IALIGN=32 hides bit 1 */
    riscv_test_cpu_free(nc);
}
END_TEST

START_TEST(satp_modes_and_tvm)
{
    uint64_t v;
    uint64_t sv39 = (8ull << 60) | (0x1234ull << 44) | 0x80000;

    wr(CSR_SATP, sv39);
    ck_assert_uint_eq(rd(CSR_SATP), sv39);
    /* mode 1..7 (reserved) and 11+: the write is ignored entirely */
    wr(CSR_SATP, (1ull << 60) | 5);
    ck_assert_uint_eq(rd(CSR_SATP), sv39);
    wr(CSR_SATP, (11ull << 60) | 5);
    ck_assert_uint_eq(rd(CSR_SATP), sv39);
    wr(CSR_SATP, (10ull << 60) | 7);
    ck_assert_uint_eq(rd(CSR_SATP) >> 60, SATP_MODE_SV57);
    wr(CSR_SATP, 0);
    ck_assert_uint_eq(rd(CSR_SATP), 0);

    env->priv = PRV_S;
    wr(CSR_SATP, sv39);
    env->mstatus |= MSTATUS_TVM;
    ILLEGAL_READ(CSR_SATP);
    ck_assert_int_eq(riscv_cpu_check_sfence_vma(env),
                     RISCV_EXCP_ILLEGAL_INST);
    env->mstatus &= ~MSTATUS_TVM;
    ck_assert_int_eq(riscv_cpu_check_sfence_vma(env), RISCV_EXCP_NONE);
    env->priv = PRV_U;
    ck_assert_int_eq(riscv_cpu_check_sfence_vma(env),
                     RISCV_EXCP_ILLEGAL_INST);

    RISCVCPU *c39 = riscv_test_cpu("rv64,sv57=off,sv48=off");
    riscv_csr_write(&c39->env, CSR_SATP, 9ull << 60);
    riscv_csr_read(&c39->env, CSR_SATP, &v);
    ck_assert_uint_eq(v, 0);
    riscv_test_cpu_free(c39);
    RISCVCPU *nommu = riscv_test_cpu("rv64,mmu=off");
    riscv_csr_write(&nommu->env, CSR_SATP, sv39);
    riscv_csr_read(&nommu->env, CSR_SATP, &v);
    ck_assert_uint_eq(v, 0);
    riscv_test_cpu_free(nommu);
}
END_TEST

START_TEST(pmp_csrs_and_locking)
{
    uint64_t v;

    ILLEGAL_READ(CSR_PMPCFG0 + 1);      /* odd pmpcfg do not exist on RV64 */
    wr(CSR_PMPADDR0 + 3, ~0ull);
    ck_assert_uint_eq(rd(CSR_PMPADDR0 + 3), (1ull << 54) - 1);
    ck_assert_uint_eq(rd(CSR_PMPADDR0 + 40), 0);    /* beyond 16 entries */
    wr(CSR_PMPADDR0 + 40, 5);
    ck_assert_uint_eq(rd(CSR_PMPADDR0 + 40), 0);

    /* byte 1: W without R is reserved, so W is dropped; bits 6:5 too */
    wr(CSR_PMPCFG0, 0x0000000000006218ull);
    ck_assert_uint_eq(rd(CSR_PMPCFG0), 0x0000000000000018ull);
    /* entry 2 locked TOR: it and pmpaddr1 below it are frozen */
    wr(CSR_PMPADDR0 + 1, 0x100);
    wr(CSR_PMPADDR0 + 2, 0x200);
    wr(CSR_PMPCFG0, 0x8b0000ull);       /* L | TOR | R | W */
    wr(CSR_PMPCFG0, 0);
    ck_assert_uint_eq(rd(CSR_PMPCFG0), 0x8b0000ull);
    wr(CSR_PMPADDR0 + 1, 0x999);
    wr(CSR_PMPADDR0 + 2, 0x999);
    ck_assert_uint_eq(rd(CSR_PMPADDR0 + 1), 0x100);
    ck_assert_uint_eq(rd(CSR_PMPADDR0 + 2), 0x200);
    wr(CSR_PMPCFG0 + 2, 0x1f);          /* entry 8 still free */
    ck_assert_uint_eq(rd(CSR_PMPCFG0 + 2), 0x1f);
    ck_assert_uint_eq(rd(CSR_PMPCFG0 + 4), 0);

    RISCVCPU *nopmp = riscv_test_cpu("rv64,pmp=off");
    riscv_csr_write(&nopmp->env, CSR_PMPCFG0, 0x1f);
    riscv_csr_read(&nopmp->env, CSR_PMPCFG0, &v);
    ck_assert_uint_eq(v, 0);
    riscv_test_cpu_free(nopmp);
}
END_TEST

START_TEST(counters_and_counteren)
{
    uint64_t v;

    env->minstret = 500;
    env->mcycle_delta = 500;
    fake_time = 42;
    env->rdtime_fn = read_fake_time;
    env->rdtime_opaque = &fake_time;
    ck_assert_uint_eq(rd(CSR_CYCLE), 1000);
    ck_assert_uint_eq(rd(CSR_TIME), 42);
    ck_assert_uint_eq(rd(CSR_INSTRET), 500);
    ck_assert_uint_eq(rd(CSR_HPMCOUNTER3 + 4), 0);
    wr(CSR_MCYCLE, 7);
    ck_assert_uint_eq(rd(CSR_CYCLE), 7);
    ck_assert_uint_eq(rd(CSR_INSTRET), 500);    /* the other one stays */
    wr(CSR_MINSTRET, 9);
    ck_assert_uint_eq(rd(CSR_INSTRET), 9);
    ck_assert_uint_eq(rd(CSR_MCYCLE), 7);
    env->minstret += 3;                         /* as blocks count */
    ck_assert_uint_eq(rd(CSR_CYCLE), 10);
    ck_assert_uint_eq(rd(CSR_MINSTRET), 12);

    env->priv = PRV_S;
    ILLEGAL_READ(CSR_TIME);
    env->mcounteren = COUNTEREN_TM;
    ck_assert_uint_eq(rd(CSR_TIME), 42);
    ILLEGAL_READ(CSR_CYCLE);
    env->priv = PRV_U;
    ILLEGAL_READ(CSR_TIME);             /* scounteren too for U */
    env->scounteren = COUNTEREN_TM;
    ck_assert_uint_eq(rd(CSR_TIME), 42);
    env->mcounteren = 0;
    ILLEGAL_READ(CSR_TIME);

    env->priv = PRV_M;
    wr(CSR_MCOUNTINHIBIT, ~0ull);
    ck_assert_uint_eq(rd(CSR_MCOUNTINHIBIT), 0xfffffffdull);

    RISCVCPU *nocnt = riscv_test_cpu("rv64,zicntr=off");
    ck_assert_int_eq(riscv_csr_read(&nocnt->env, CSR_CYCLE, &v),
                     RISCV_EXCP_ILLEGAL_INST);
    riscv_test_cpu_free(nocnt);
}
END_TEST

START_TEST(sstc_stimecmp)
{
    uint64_t v;

    fake_time = 100;
    env->rdtime_fn = read_fake_time;
    env->rdtime_opaque = &fake_time;
    wr(CSR_STIMECMP, 200);
    env->priv = PRV_S;
    ILLEGAL_READ(CSR_STIMECMP);         /* STCE=0 */
    env->menvcfg = ENVCFG_STCE;
    ILLEGAL_READ(CSR_STIMECMP);         /* mcounteren.TM=0 */
    env->mcounteren = COUNTEREN_TM;
    ck_assert_uint_eq(rd(CSR_STIMECMP), 200);
    env->priv = PRV_M;

    /* STIP follows time >= stimecmp and is not writable through mip */
    ck_assert(!(rd(CSR_MIP) & MIP_STIP));
    wr(CSR_MIP, MIP_STIP);
    ck_assert(!(rd(CSR_MIP) & MIP_STIP));
    fake_time = 200;
    ck_assert(rd(CSR_MIP) & MIP_STIP);
    wr(CSR_STIMECMP, ~0ull);
    ck_assert(!(rd(CSR_MIP) & MIP_STIP));

    RISCVCPU *nosstc = riscv_test_cpu("rv64,sstc=off");
    ck_assert_int_eq(riscv_csr_read(&nosstc->env, CSR_STIMECMP, &v),
                     RISCV_EXCP_ILLEGAL_INST);
    riscv_csr_write(&nosstc->env, CSR_MENVCFG, ENVCFG_STCE);
    riscv_csr_read(&nosstc->env, CSR_MENVCFG, &v);
    ck_assert_uint_eq(v, 0);
    riscv_test_cpu_free(nosstc);
}
END_TEST

static int64_t fake_deadline(void *opaque, uint64_t ticks)
{
    return (int64_t)ticks * 100;        /* 10 MHz: 100 ns a tick */
}

START_TEST(sstc_timer_and_request)
{
    CPUState *cs = CPU(cpu);

    ck_assert_ptr_nonnull(cpu->stimer);
    fake_time = 100;
    env->rdtime_fn = read_fake_time;
    env->rdtime_opaque = &fake_time;
    env->time_deadline_fn = fake_deadline;
    wr(CSR_MIE, MIP_STIP);
    wr(CSR_STIMECMP, 500);
    ck_assert(!timer_pending(cpu->stimer));         /* STCE=0 */
    wr(CSR_MENVCFG, ENVCFG_STCE);
    ck_assert(timer_pending(cpu->stimer));
    ck_assert_int_eq(timer_expire_time(cpu->stimer), 50000);
    ck_assert(!(cs->interrupt_request & CPU_INTERRUPT_HARD));
    /* time passes; the timer's callback re-derives the request */
    fake_time = 500;
    riscv_cpu_sstc_update(env);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
    ck_assert(!timer_pending(cpu->stimer));
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);  /* M, MIE=0 */
    env->priv = PRV_S;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_TIMER);
    env->priv = PRV_M;
    /* a new compare value clears it and re-arms */
    wr(CSR_STIMECMP, 1000);
    ck_assert(!(cs->interrupt_request & CPU_INTERRUPT_HARD));
    ck_assert_int_eq(timer_expire_time(cpu->stimer), 100000);
    /* reset disarms */
    device_reset(DEVICE(cpu));
    ck_assert(!timer_pending(cpu->stimer));

    RISCVCPU *nosstc = riscv_test_cpu("rv64,sstc=off");
    ck_assert_ptr_null(nosstc->stimer);
    riscv_test_cpu_free(nosstc);
}
END_TEST

START_TEST(envcfg)
{
    wr(CSR_MENVCFG, ~0ull);
    ck_assert_uint_eq(rd(CSR_MENVCFG), ENVCFG_FIOM | ENVCFG_CBIE |
                      ENVCFG_CBCFE | ENVCFG_CBZE | ENVCFG_STCE);
    wr(CSR_SENVCFG, ~0ull);
    ck_assert_uint_eq(rd(CSR_SENVCFG), ENVCFG_FIOM | ENVCFG_CBIE |
                      ENVCFG_CBCFE | ENVCFG_CBZE);
    /* CBIE=2 is reserved: the field keeps 3 */
    wr(CSR_SENVCFG, 2ull << 4);
    ck_assert_uint_eq(rd(CSR_SENVCFG) & ENVCFG_CBIE, ENVCFG_CBIE);
    wr(CSR_SENVCFG, 1ull << 4);
    ck_assert_uint_eq(rd(CSR_SENVCFG) & ENVCFG_CBIE, 1ull << 4);
}
END_TEST

START_TEST(fp_csrs_and_fs)
{
    uint64_t v;

    ILLEGAL_READ(CSR_FCSR);             /* FS=Off at reset */
    env->mstatus |= 1ull << MSTATUS_FS_SHIFT;    /* Initial */
    wr(CSR_FCSR, 0xff);
    ck_assert_uint_eq(rd(CSR_FFLAGS), 0x1f);
    ck_assert_uint_eq(rd(CSR_FRM), 7);
    ck_assert_uint_eq(env->mstatus & MSTATUS_FS, MSTATUS_FS);   /* Dirty */
    wr(CSR_FRM, 0x9);
    ck_assert_uint_eq(rd(CSR_FCSR), (1 << 5) | 0x1f);
    wr(CSR_FFLAGS, 0x21);
    ck_assert_uint_eq(rd(CSR_FCSR), (1 << 5) | 0x01);
}
END_TEST

/*
 * env->tb_flags caches the TB lookup flags: after each kind of write of
 * their inputs it equals a fresh computation, and it did change.
 */
#define TB_FLAGS_CURRENT() \
    ck_assert_uint_eq(env->tb_flags, riscv_compute_tb_flags(env))
#define TB_FLAGS_CHANGED_BY(stmt) \
    do { \
        uint32_t before_ = env->tb_flags; \
        stmt; \
        TB_FLAGS_CURRENT(); \
        ck_assert_uint_ne(env->tb_flags, before_); \
    } while (0)

START_TEST(tb_flags_follow_every_writer)
{
    TB_FLAGS_CURRENT();                 /* reset */
    /* CSR writes: mstatus (FS, SUM, MXR, MPRV), sstatus, fcsr, frm */
    TB_FLAGS_CHANGED_BY(wr(CSR_MSTATUS, 1ull << MSTATUS_FS_SHIFT));
    TB_FLAGS_CHANGED_BY(wr(CSR_FCSR, 3 << 5));
    TB_FLAGS_CHANGED_BY(wr(CSR_FRM, 1));
    TB_FLAGS_CHANGED_BY(wr(CSR_SSTATUS, rd(CSR_SSTATUS) | MSTATUS_SUM));
    TB_FLAGS_CHANGED_BY(wr(CSR_MSTATUS, rd(CSR_MSTATUS) | MSTATUS_MXR));
    TB_FLAGS_CHANGED_BY(wr(CSR_MSTATUS, rd(CSR_MSTATUS) | MSTATUS_MPRV |
                           ((uint64_t)PRV_U << MSTATUS_MPP_SHIFT)));
    /* a WARL misa write that changes nothing leaves them current */
    wr(CSR_MISA, 0);
    TB_FLAGS_CURRENT();
    /* a failed write leaves them current too */
    ck_assert_int_eq(riscv_csr_write(env, CSR_CYCLE, 1),
                     RISCV_EXCP_ILLEGAL_INST);
    TB_FLAGS_CURRENT();
    /* xRET to U, trap delegated to S, SRET, trap to M */
    TB_FLAGS_CHANGED_BY(ck_assert_int_eq(riscv_cpu_mret(env),
                                         RISCV_EXCP_NONE));
    ck_assert_int_eq(env->priv, PRV_U);
    env->priv = PRV_M;
    riscv_update_tb_flags(env);
    wr(CSR_MEDELEG, 1u << RISCV_EXCP_ILLEGAL_INST);
    env->priv = PRV_U;
    riscv_update_tb_flags(env);
    TB_FLAGS_CHANGED_BY(riscv_cpu_do_interrupt(env, RISCV_EXCP_ILLEGAL_INST,
                                               0));
    ck_assert_int_eq(env->priv, PRV_S);
    TB_FLAGS_CHANGED_BY(ck_assert_int_eq(riscv_cpu_sret(env),
                                         RISCV_EXCP_NONE));
    ck_assert_int_eq(env->priv, PRV_U);
    TB_FLAGS_CHANGED_BY(riscv_cpu_do_interrupt(env, RISCV_EXCP_BREAKPOINT,
                                               0));
    ck_assert_int_eq(env->priv, PRV_M);
    /* FS from Clean to Dirty by an FP instruction's mark */
    wr(CSR_MSTATUS, (rd(CSR_MSTATUS) & ~MSTATUS_FS) |
                    (2ull << MSTATUS_FS_SHIFT));
    TB_FLAGS_CHANGED_BY(riscv_fs_mark_dirty(env));
    /* reset brings them back with the state */
    TB_FLAGS_CHANGED_BY(device_reset(DEVICE(cpu)));
}
END_TEST

START_TEST(unimplemented_csrs_are_illegal)
{
    uint64_t v;

    ILLEGAL_READ(0x7a5);                /* tcontrol: not implemented */
    ILLEGAL_READ(0x600);                /* hstatus: no H */
    ILLEGAL_READ(0x800);
    ILLEGAL_READ(CSR_MSECCFG);
}
END_TEST

/* A trigger module with no triggers: probing finds none, writes stick to
 * the one legal value, and U/S may not touch it (M-mode CSRs). */
START_TEST(trigger_csrs_report_no_triggers)
{
    uint64_t v;

    wr(CSR_TSELECT, 1);
    ck_assert_uint_eq(rd(CSR_TSELECT), 0);
    wr(CSR_TDATA1, (2ull << 60) | (1 << 6) | (1 << 2));
    ck_assert_uint_eq(rd(CSR_TDATA1), 0);
    wr(CSR_TDATA2, 0x80001000);
    ck_assert_uint_eq(rd(CSR_TDATA2), 0);
    ck_assert_uint_eq(rd(CSR_TDATA3), 0);
    ck_assert_uint_eq(rd(CSR_TINFO), 1);
    env->priv = PRV_S;
    ILLEGAL_READ(CSR_TSELECT);
    ILLEGAL_READ(CSR_TDATA1);
}
END_TEST

/* --- traps --- */

START_TEST(trap_to_m_direct)
{
    wr(CSR_MTVEC, 0x8000);
    env->pc = 0x1000;
    env->priv = PRV_S;
    env->mstatus |= MSTATUS_MIE;
    riscv_cpu_do_interrupt(env, RISCV_EXCP_ILLEGAL_INST, 0x12345);
    ck_assert_int_eq(env->priv, PRV_M);
    ck_assert_uint_eq(env->pc, 0x8000);
    ck_assert_uint_eq(env->mepc, 0x1000);
    ck_assert_uint_eq(env->mcause, RISCV_EXCP_ILLEGAL_INST);
    ck_assert_uint_eq(env->mtval, 0x12345);
    ck_assert_uint_eq((env->mstatus & MSTATUS_MPP) >> 11, PRV_S);
    ck_assert(env->mstatus & MSTATUS_MPIE);
    ck_assert(!(env->mstatus & MSTATUS_MIE));

    /* and back */
    ck_assert_int_eq(riscv_cpu_mret(env), RISCV_EXCP_NONE);
    ck_assert_int_eq(env->priv, PRV_S);
    ck_assert_uint_eq(env->pc, 0x1000);
    ck_assert(env->mstatus & MSTATUS_MIE);
    ck_assert(env->mstatus & MSTATUS_MPIE);
    ck_assert_uint_eq((env->mstatus & MSTATUS_MPP) >> 11, PRV_U);
}
END_TEST

START_TEST(trap_delegated_to_s)
{
    wr(CSR_MEDELEG, 1ull << RISCV_EXCP_U_ECALL);
    wr(CSR_STVEC, 0x4001);              /* vectored: exceptions use base */
    env->pc = 0x2000;
    env->priv = PRV_U;
    env->mstatus |= MSTATUS_SIE;
    riscv_cpu_do_interrupt(env, RISCV_EXCP_U_ECALL, 0);
    ck_assert_int_eq(env->priv, PRV_S);
    ck_assert_uint_eq(env->pc, 0x4000);
    ck_assert_uint_eq(env->sepc, 0x2000);
    ck_assert_uint_eq(env->scause, RISCV_EXCP_U_ECALL);
    ck_assert(!(env->mstatus & MSTATUS_SPP));
    ck_assert(env->mstatus & MSTATUS_SPIE);
    ck_assert(!(env->mstatus & MSTATUS_SIE));
    ck_assert_uint_eq(env->mcause, 0);          /* M untouched */

    /* delegated exceptions from M stay in M */
    env->priv = PRV_M;
    wr(CSR_MTVEC, 0x9000);
    riscv_cpu_do_interrupt(env, RISCV_EXCP_U_ECALL, 0);
    ck_assert_int_eq(env->priv, PRV_M);
    ck_assert_uint_eq(env->pc, 0x9000);

    /* sret */
    env->priv = PRV_S;
    env->sepc = 0x2004;
    env->mstatus |= MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPRV;
    env->load_res = 0x100;
    ck_assert_int_eq(riscv_cpu_sret(env), RISCV_EXCP_NONE);
    ck_assert_int_eq(env->priv, PRV_S);
    ck_assert_uint_eq(env->pc, 0x2004);
    ck_assert(env->mstatus & MSTATUS_SIE);
    ck_assert(!(env->mstatus & MSTATUS_SPP));
    ck_assert(!(env->mstatus & MSTATUS_MPRV));
    ck_assert_uint_eq(env->load_res, (uint64_t)-1);
}
END_TEST

START_TEST(vectored_interrupts)
{
    wr(CSR_MTVEC, 0x8001);
    env->pc = 0x100;
    riscv_cpu_do_interrupt(env, RISCV_CAUSE_INTERRUPT | IRQ_M_TIMER, 0);
    ck_assert_uint_eq(env->pc, 0x8000 + 4 * IRQ_M_TIMER);
    ck_assert_uint_eq(env->mcause, RISCV_CAUSE_INTERRUPT | IRQ_M_TIMER);

    wr(CSR_MIDELEG, MIP_STIP);
    wr(CSR_STVEC, 0x6001);
    env->priv = PRV_U;
    riscv_cpu_do_interrupt(env, RISCV_CAUSE_INTERRUPT | IRQ_S_TIMER, 0);
    ck_assert_int_eq(env->priv, PRV_S);
    ck_assert_uint_eq(env->pc, 0x6000 + 4 * IRQ_S_TIMER);
}
END_TEST

START_TEST(xret_legality)
{
    env->priv = PRV_S;
    ck_assert_int_eq(riscv_cpu_mret(env), RISCV_EXCP_ILLEGAL_INST);
    env->mstatus |= MSTATUS_TSR;
    ck_assert_int_eq(riscv_cpu_sret(env), RISCV_EXCP_ILLEGAL_INST);
    env->priv = PRV_U;
    ck_assert_int_eq(riscv_cpu_sret(env), RISCV_EXCP_ILLEGAL_INST);
    env->priv = PRV_M;
    ck_assert_int_eq(riscv_cpu_sret(env), RISCV_EXCP_NONE);   /* TSR: S only */

    /* mret to U clears MPRV; mret to M keeps it */
    env->priv = PRV_M;
    env->mstatus = (env->mstatus & ~MSTATUS_MPP) | MSTATUS_MPRV |
                   ((uint64_t)PRV_M << 11);
    riscv_cpu_mret(env);
    ck_assert(env->mstatus & MSTATUS_MPRV);
    env->mstatus &= ~MSTATUS_MPP;
    riscv_cpu_mret(env);
    ck_assert_int_eq(env->priv, PRV_U);
    ck_assert(!(env->mstatus & MSTATUS_MPRV));
}
END_TEST

START_TEST(wfi_legality)
{
    ck_assert_int_eq(riscv_cpu_check_wfi(env), RISCV_EXCP_NONE);
    env->priv = PRV_S;
    ck_assert_int_eq(riscv_cpu_check_wfi(env), RISCV_EXCP_NONE);
    env->mstatus |= MSTATUS_TW;
    ck_assert_int_eq(riscv_cpu_check_wfi(env), RISCV_EXCP_ILLEGAL_INST);
    env->priv = PRV_M;
    ck_assert_int_eq(riscv_cpu_check_wfi(env), RISCV_EXCP_NONE);
    env->mstatus &= ~MSTATUS_TW;
    env->priv = PRV_U;
    ck_assert_int_eq(riscv_cpu_check_wfi(env), RISCV_EXCP_ILLEGAL_INST);
}
END_TEST

START_TEST(interrupt_priority_and_enables)
{
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);
    riscv_cpu_update_mip(env, MIP_MTIP | MIP_MSIP | MIP_SSIP,
                         MIP_MTIP | MIP_MSIP | MIP_SSIP);
    /* pending but not enabled in mie */
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);
    ck_assert(!riscv_cpu_has_work(env));
    wr(CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_SSIP);
    ck_assert(riscv_cpu_has_work(env));
    /* M mode with MIE=0: nothing is taken (WFI would still wake) */
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);
    env->mstatus |= MSTATUS_MIE;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_M_SOFT);
    riscv_cpu_update_mip(env, MIP_MEIP, MIP_MEIP);
    wr(CSR_MIE, MIP_MTIP | MIP_MSIP | MIP_SSIP | MIP_MEIP);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_M_EXT);
    riscv_cpu_update_mip(env, MIP_MEIP | MIP_MSIP, 0);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_M_TIMER);
    /* below M, M interrupts are taken whatever MIE says */
    env->mstatus &= ~MSTATUS_MIE;
    env->priv = PRV_S;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_M_TIMER);

    /* delegated SSIP: only once the M one is gone, and only if enabled */
    env->mideleg = MIP_SSIP;
    riscv_cpu_update_mip(env, MIP_MTIP, 0);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);     /* SIE=0 */
    env->mstatus |= MSTATUS_SIE;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_SOFT);
    env->priv = PRV_U;
    env->mstatus &= ~MSTATUS_SIE;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_SOFT);
    /* an S interrupt is never taken in M */
    env->priv = PRV_M;
    env->mstatus |= MSTATUS_MIE | MSTATUS_SIE;
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), -1);

    /* a non-delegated S interrupt goes to M, after M's own */
    env->mideleg = 0;
    wr(CSR_MIE, MIP_SSIP | MIP_SEIP | MIP_STIP);
    riscv_cpu_update_mip(env, MIP_SEIP | MIP_STIP, MIP_SEIP | MIP_STIP);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_EXT);
    riscv_cpu_update_mip(env, MIP_SEIP, 0);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_SOFT);
    riscv_cpu_update_mip(env, MIP_SSIP, 0);
    ck_assert_int_eq(riscv_cpu_pending_interrupt(env), IRQ_S_TIMER);
}
END_TEST

START_TEST(irq_inputs_drive_mip_and_the_request)
{
    CPUState *cs = CPU(cpu);
    IRQLine *mtip = riscv_cpu_irq_input(cpu, IRQ_M_TIMER);

    ck_assert_ptr_nonnull(mtip);
    ck_assert_ptr_eq(riscv_cpu_irq_input(cpu, IRQ_M_TIMER), mtip);
    ck_assert_ptr_null(riscv_cpu_irq_input(cpu, 2));
    ck_assert_ptr_null(riscv_cpu_irq_input(cpu, 64));
    ck_assert_ptr_null(riscv_cpu_irq_input(cpu, -1));

    irq_raise(mtip);
    ck_assert(rd(CSR_MIP) & MIP_MTIP);
    /* pending but not enabled: no request, no work */
    ck_assert(!(cs->interrupt_request & CPU_INTERRUPT_HARD));
    ck_assert(!cpu_has_work(cs));
    wr(CSR_MIE, MIP_MTIP);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
    ck_assert(cpu_has_work(cs));
    irq_lower(mtip);
    ck_assert(!(rd(CSR_MIP) & MIP_MTIP));
    ck_assert(!(cs->interrupt_request & CPU_INTERRUPT_HARD));

    /* the S external line and software SSIP through mip */
    irq_raise(riscv_cpu_irq_input(cpu, IRQ_S_EXT));
    wr(CSR_MIE, MIP_SEIP | MIP_SSIP);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
    irq_lower(riscv_cpu_irq_input(cpu, IRQ_S_EXT));
    ck_assert(!(cs->interrupt_request & CPU_INTERRUPT_HARD));
    wr(CSR_MIP, MIP_SSIP);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
}
END_TEST

/*
 * A device raising a line (under the BQL) while the hart clears another
 * bit of its own mip (a CSR write, no lock) must leave the request set,
 * or a running hart never takes the interrupt (the -smp 4 boot stall).
 * Under Sstc the pending check reads time after mip; the time source
 * below holds the clearing thread exactly there while this thread raises
 * MTIP, the interleaving in which the clear used to erase the request.
 */
static GMutex race_lock;
static GCond race_cond;
static __thread bool race_in_clearer;
static int race_step;           /* 1: clearer waiting, 2: raise done */

static uint64_t race_time(void *opaque)
{
    if (race_in_clearer) {
        g_mutex_lock(&race_lock);
        if (race_step == 0) {
            race_step = 1;
            g_cond_broadcast(&race_cond);
            while (race_step != 2) {
                g_cond_wait(&race_cond, &race_lock);
            }
        }
        g_mutex_unlock(&race_lock);
    }
    return 0;
}

static gpointer race_clear_ssip(gpointer opaque)
{
    race_in_clearer = true;
    riscv_cpu_update_mip(env, MIP_SSIP, 0);
    return NULL;
}

START_TEST(raise_racing_a_clear_keeps_the_request)
{
    CPUState *cs = CPU(cpu);
    GThread *clearer;

    env->rdtime_fn = race_time;
    env->menvcfg = ENVCFG_STCE;
    env->stimecmp = ~0ull;
    wr(CSR_MIE, MIP_MTIP | MIP_SSIP);
    riscv_cpu_update_mip(env, MIP_SSIP, MIP_SSIP);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);

    race_step = 0;
    g_mutex_lock(&race_lock);
    clearer = g_thread_new("clearer", race_clear_ssip, NULL);
    while (race_step != 1) {
        g_cond_wait(&race_cond, &race_lock);
    }
    g_mutex_unlock(&race_lock);
    /* the clearer has seen mip without MTIP and not yet acted on it */
    riscv_cpu_update_mip(env, MIP_MTIP, MIP_MTIP);
    g_mutex_lock(&race_lock);
    race_step = 2;
    g_cond_broadcast(&race_cond);
    g_mutex_unlock(&race_lock);
    g_thread_join(clearer);

    ck_assert_uint_eq(rd(CSR_MIP) & (MIP_MTIP | MIP_SSIP), MIP_MTIP);
    ck_assert(cpu_has_work(cs));
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
}
END_TEST

static Suite *riscv_csr_suite(void)
{
    Suite *s = suite_create("riscv-csr");
    TCase *tc = tcase_create("csr");
    TCase *tt = tcase_create("trap");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, rmw_semantics);
    tcase_add_test(tc, privilege_checks);
    tcase_add_test(tc, peek_reads_without_switching_privilege);
    tcase_add_test(tc, mstatus_warl);
    tcase_add_test(tc, mstatus_without_s_or_u);
    tcase_add_test(tc, sstatus_view);
    tcase_add_test(tc, misa_is_fixed);
    tcase_add_test(tc, delegation_registers);
    tcase_add_test(tc, interrupt_enable_and_pending_views);
    tcase_add_test(tc, tvec_modes);
    tcase_add_test(tc, epc_alignment);
    tcase_add_test(tc, satp_modes_and_tvm);
    tcase_add_test(tc, pmp_csrs_and_locking);
    tcase_add_test(tc, counters_and_counteren);
    tcase_add_test(tc, sstc_stimecmp);
    tcase_add_test(tc, sstc_timer_and_request);
    tcase_add_test(tc, envcfg);
    tcase_add_test(tc, fp_csrs_and_fs);
    tcase_add_test(tc, tb_flags_follow_every_writer);
    tcase_add_test(tc, unimplemented_csrs_are_illegal);
    tcase_add_test(tc, trigger_csrs_report_no_triggers);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(tt, setup, teardown);
    tcase_add_test(tt, trap_to_m_direct);
    tcase_add_test(tt, trap_delegated_to_s);
    tcase_add_test(tt, vectored_interrupts);
    tcase_add_test(tt, xret_legality);
    tcase_add_test(tt, wfi_legality);
    tcase_add_test(tt, interrupt_priority_and_enables);
    tcase_add_test(tt, irq_inputs_drive_mip_and_the_request);
    tcase_add_test(tt, raise_racing_a_clear_keeps_the_request);
    suite_add_tcase(s, tt);
    return s;
}

VIREO_CHECK_MAIN(riscv_csr_suite)
