/*
 * RISC-V virtual-memory translation, Privileged ISA v1.12 sections 4.3-4.6:
 * the Sv39/Sv48/Sv57 walk ("virtual address translation process", 4.3.2)
 * with superpages and their alignment check, hardware A/D updates done as a
 * compare-and-swap on the PTE (retrying the walk if the PTE changed),
 * U/SUM/MXR permission rules, MPRV, and PMP checks on every PTE read and on
 * the final physical address. Memory is reached through RISCVPhysOps, so
 * unit tests supply their own and the softmmu TLB plugs in later.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/cpu.h"
#include "util/log.h"

#include <inttypes.h>

static RISCVException page_fault(RISCVAccessType access)
{
    static const RISCVException f[] = {
        [RISCV_ACCESS_LOAD] = RISCV_EXCP_LOAD_PAGE_FAULT,
        [RISCV_ACCESS_STORE] = RISCV_EXCP_STORE_PAGE_FAULT,
        [RISCV_ACCESS_FETCH] = RISCV_EXCP_INST_PAGE_FAULT,
    };
    return f[access];
}

static RISCVException access_fault(RISCVAccessType access)
{
    static const RISCVException f[] = {
        [RISCV_ACCESS_LOAD] = RISCV_EXCP_LOAD_ACCESS_FAULT,
        [RISCV_ACCESS_STORE] = RISCV_EXCP_STORE_AMO_ACCESS_FAULT,
        [RISCV_ACCESS_FETCH] = RISCV_EXCP_INST_ACCESS_FAULT,
    };
    return f[access];
}

/* Physical access: PMP, then the final permissions. */
static RISCVException finish_physical(CPURISCVState *env, uint64_t pa,
                                      RISCVAccessType access, int size,
                                      int priv, int prot,
                                      RISCVTranslation *out)
{
    int pmp_prot;

    if (!riscv_pmp_check(env, pa, size, access, priv, &pmp_prot)) {
        return access_fault(access);
    }
    out->pa = pa;
    out->prot = prot & pmp_prot;
    out->pmp_partial = !riscv_pmp_page_uniform(env, pa & ~0xfffull);
    return RISCV_EXCP_NONE;
}

/* Does a leaf PTE allow this access at priv? */
static bool leaf_allows(const CPURISCVState *env, uint64_t pte, int priv,
                        RISCVAccessType access)
{
    bool user_page = pte & PTE_U;

    if (priv == PRV_U && !user_page) {
        return false;
    }
    if (priv == PRV_S && user_page) {
        /* S never executes U pages; it reads/writes them only with SUM. */
        if (access == RISCV_ACCESS_FETCH || !(env->mstatus & MSTATUS_SUM)) {
            return false;
        }
    }
    switch (access) {
    case RISCV_ACCESS_FETCH:
        return pte & PTE_X;
    case RISCV_ACCESS_LOAD:
        return (pte & PTE_R) ||
               ((pte & PTE_X) && (env->mstatus & MSTATUS_MXR));
    case RISCV_ACCESS_STORE:
        return pte & PTE_W;
    }
    return false;
}

/* The permissions the TLB may cache for this leaf (after the A/D update). */
static int leaf_prot(const CPURISCVState *env, uint64_t pte, int priv)
{
    int prot = 0;

    if (leaf_allows(env, pte, priv, RISCV_ACCESS_LOAD)) {
        prot |= RISCV_PROT_READ;
    }
    /* Without D set, a store must walk again to set it. */
    if ((pte & PTE_D) && leaf_allows(env, pte, priv, RISCV_ACCESS_STORE)) {
        prot |= RISCV_PROT_WRITE;
    }
    if (leaf_allows(env, pte, priv, RISCV_ACCESS_FETCH)) {
        prot |= RISCV_PROT_EXEC;
    }
    return prot;
}

RISCVException riscv_mmu_translate(CPURISCVState *env,
                                   const RISCVPhysOps *ops, uint64_t va,
                                   RISCVAccessType access, int size,
                                   RISCVTranslation *out)
{
    int priv = riscv_mmu_effective_priv(env, access);
    unsigned mode = env->satp >> SATP64_MODE_SHIFT;
    int levels;

    out->level_shift = 12;
    if (priv == PRV_M || mode == SATP_MODE_BARE) {
        return finish_physical(env, va, access, size, priv,
                               RISCV_PROT_READ | RISCV_PROT_WRITE |
                               RISCV_PROT_EXEC, out);
    }
    switch (mode) {
    case SATP_MODE_SV39:
        levels = 3;
        break;
    case SATP_MODE_SV48:
        levels = 4;
        break;
    case SATP_MODE_SV57:
        levels = 5;
        break;
    default:
        /* csr.c never stores another mode. */
        g_assert_not_reached();
    }

    /* Bits above the top VPN must all equal its top bit. */
    int va_bits = 12 + 9 * levels;
    int64_t high = (int64_t)va >> (va_bits - 1);
    if (high != 0 && high != -1) {
        return page_fault(access);
    }

restart:;
    uint64_t base = (env->satp & SATP64_PPN) << 12;
    for (int level = levels - 1; level >= 0; level--) {
        uint64_t vpn = (va >> (12 + 9 * level)) & 0x1ff;
        uint64_t pte_addr = base + vpn * 8;
        uint64_t pte;

        /* Implicit page-table reads are checked as S-mode accesses. */
        if (!riscv_pmp_check(env, pte_addr, 8, RISCV_ACCESS_LOAD, PRV_S,
                             NULL) ||
            !ops->read64(ops->opaque, pte_addr, &pte)) {
            return access_fault(access);
        }
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)) ||
            (pte & (PTE_RESERVED | PTE_PBMT | PTE_N))) {
            /* Svpbmt and Svnapot are absent: their bits are reserved. */
            return page_fault(access);
        }
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) {
            if (level == 0) {
                return page_fault(access);
            }
            base = ppn << 12;
            continue;
        }

        /* A leaf. */
        if (!leaf_allows(env, pte, priv, access)) {
            return page_fault(access);
        }
        uint64_t low_ppn_mask = (1ull << (9 * level)) - 1;
        if (ppn & low_ppn_mask) {
            return page_fault(access);          /* misaligned superpage */
        }
        uint64_t want = pte | PTE_A |
                        (access == RISCV_ACCESS_STORE ? PTE_D : 0);
        if (want != pte) {
            uint64_t seen;
            if (!riscv_pmp_check(env, pte_addr, 8, RISCV_ACCESS_STORE,
                                 PRV_S, NULL) ||
                !ops->cmpxchg64(ops->opaque, pte_addr, pte, want, &seen)) {
                return access_fault(access);
            }
            if (seen != pte) {
                /* Another hart changed the PTE: walk again from the top. */
                goto restart;
            }
            pte = want;
        }
        int shift = 12 + 9 * level;
        uint64_t pa = (ppn << 12) | (va & ((1ull << shift) - 1));
        out->level_shift = shift;
        vireo_log_mask(LOG_MMU, "riscv: va 0x%" PRIx64 " -> pa 0x%" PRIx64
                       " (level %d)\n", va, pa, level);
        return finish_physical(env, pa, access, size, priv,
                               leaf_prot(env, pte, priv), out);
    }
    g_assert_not_reached();
}
