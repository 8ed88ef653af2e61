/*
 * The translator context: temporaries, labels, the op list of the block
 * being built, the IR dump, and the entry points that hand a block to the
 * chosen backend and run it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"
#include "util/error.h"
#include "util/log.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

__thread TCGContext *tcg_ctx;
__thread TCGv_ptr tcg_env;

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) \
    [INDEX_op_##n] = { .name = #n, .nb_oargs = o, .nb_iargs = i, \
                       .nb_cargs = c, .flags = f },
#include "tcg/tcg-opc.h"
#undef DEF
};

G_DEFINE_QUARK(tcg-error-quark, tcg_error)

/* The IR side of a new context: env as temp 0, empty op list. */
static TCGContext *context_alloc(TCGBackend backend, bool no_optimize)
{
    TCGContext *s = g_new0(TCGContext, 1);
    TCGTemp *env;

    s->backend_kind = backend;
    s->no_optimize = no_optimize;
    s->pinned = -1;
    s->backend = backend == TCG_BACKEND_TCI ? &tcg_backend_tci
                                            : &tcg_backend_native;
    for (int i = 0; i < 2; i++) {
        s->const_table[i] = g_hash_table_new(g_int64_hash, g_int64_equal);
    }
    s->labels = g_ptr_array_new_with_free_func(g_free);
    memset(s->free_temps, -1, sizeof(s->free_temps));
    s->ops_cap = 256;
    s->ops = g_new(TCGOp, s->ops_cap);

    env = &s->temps[0];
    env->type = TCG_TYPE_PTR;
    env->kind = TEMP_FIXED;
    env->allocated = true;
    env->name = "env";
    s->nb_globals = s->nb_temps = 1;
    return s;
}

/* Give s a free region of its buffer; false when none is left. */
static bool take_region(TCGContext *s)
{
    TCGCodeBuffer *b = s->buf;
    bool ok;

    g_mutex_lock(&b->lock);
    ok = b->next_region < b->nb_regions;
    if (ok) {
        unsigned i = b->next_region++;
        size_t start = b->base + i * b->region_size;

        s->region.keep = s->region.used = start;
        s->region.size = i == b->nb_regions - 1 ? b->map.size
                                                : start + b->region_size;
        s->flush_gen = b->flush_gen;
    }
    g_mutex_unlock(&b->lock);
    return ok;
}

static void drop_region(TCGContext *s)
{
    s->region.keep = s->region.used = s->region.size = 0;
}

TCGContext *tcg_context_new(const TCGContextOptions *opts, GError **errp)
{
    size_t size = opts->code_size ? opts->code_size : TCG_DEFAULT_CODE_SIZE;
    TCGContext *s = context_alloc(opts->backend, opts->no_optimize);
    TCGCodeBuffer *b = g_new0(TCGCodeBuffer, 1);

    g_mutex_init(&b->lock);
    b->refs = 1;
    s->buf = b;
    if (!tcg_region_init(&b->map, size, errp)) {
        tcg_context_free(s);
        return NULL;
    }
    /* the backend writes its prologue at the start of the whole map */
    s->region = b->map;
    if (!s->backend->init(s, errp)) {
        tcg_context_free(s);
        return NULL;
    }
    b->base = (s->region.used + 15) & ~(size_t)15;
    b->nb_regions = MAX(opts->regions, 1u);
    b->region_size = ((b->map.size - b->base) / b->nb_regions) &
                     ~(size_t)15;
    if (b->region_size < 4096) {
        /* too small to split: one region */
        b->nb_regions = 1;
        b->region_size = b->map.size - b->base;
    }
    drop_region(s);
    take_region(s);
    tcg_context_set_current(s);
    return s;
}

TCGContext *tcg_context_new_sibling(TCGContext *parent)
{
    TCGContext *s = context_alloc(parent->backend_kind, parent->no_optimize);
    TCGCodeBuffer *b = parent->buf;

    g_mutex_lock(&b->lock);
    b->refs++;
    g_mutex_unlock(&b->lock);
    s->buf = b;
    s->region = b->map;
    drop_region(s);
    s->prologue = parent->prologue;
    s->epilogue = parent->epilogue;
    s->guest_ld = parent->guest_ld;
    s->guest_st = parent->guest_st;
    s->guest_base_set = parent->guest_base_set;
    s->guest_base = parent->guest_base;
    s->guest_addr_bits = parent->guest_addr_bits;
    s->tlb_set = parent->tlb_set;
    s->tlb = parent->tlb;
    s->host_features = parent->host_features;
    s->pinned = parent->pinned;
    s->pin_load_ofs = parent->pin_load_ofs;
    s->pin_store_ofs = parent->pin_store_ofs;
    s->guest_limit_ofs = parent->guest_limit_ofs;
    /* the same globals at the same indexes: handles work on both */
    memcpy(s->temps, parent->temps, parent->nb_globals * sizeof(TCGTemp));
    s->nb_globals = s->nb_temps = parent->nb_globals;
    take_region(s);
    return s;
}

bool tcg_context_unshare_code(TCGContext *s, GError **errp)
{
    if (!tcg_region_unshare(&s->buf->map, errp)) {
        return false;
    }
    s->region.fd = s->buf->map.fd;
    return true;
}

void tcg_context_free(TCGContext *s)
{
    TCGCodeBuffer *b;
    bool last;

    if (!s) {
        return;
    }
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
        tcg_env = NULL;
    }
    b = s->buf;
    g_mutex_lock(&b->lock);
    last = --b->refs == 0;
    g_mutex_unlock(&b->lock);
    if (last) {
        tcg_region_destroy(&b->map);
        g_mutex_clear(&b->lock);
        g_free(b);
    }
    for (int i = 0; i < 2; i++) {
        g_hash_table_destroy(s->const_table[i]);
    }
    g_ptr_array_free(s->labels, TRUE);
    g_free(s->ops);
    g_free(s->opt_info);
    g_free(s->flow_scratch);
    if (s->gen_insns) {
        g_array_free(s->gen_insns, TRUE);
        g_array_free(s->gen_refs, TRUE);
        g_array_free(s->gen_slow_paths, TRUE);
        g_byte_array_free(s->gen_faults, TRUE);
    }
    g_free(s);
}

int tcg_context_code_fd(TCGContext *s)
{
    return tcg_region_fd(&s->buf->map);
}

void tcg_context_set_current(TCGContext *s)
{
    tcg_ctx = s;
    tcg_env = temp_tcgv_ptr(&s->temps[0]);
}

TCGBackend tcg_context_backend(TCGContext *s)
{
    return s->backend_kind;
}

void tcg_context_set_guest_memory(TCGContext *s, TCGGuestLoadFn ld,
                                  TCGGuestStoreFn st)
{
    s->guest_ld = ld;
    s->guest_st = st;
}

void tcg_context_set_guest_base(TCGContext *s, uintptr_t base)
{
    s->guest_base_set = true;
    s->guest_base = base;
}

void tcg_context_set_guest_addr_bits(TCGContext *s, unsigned bits)
{
    g_assert(bits < 64 && (!bits || s->guest_ld));
    s->guest_addr_bits = bits;
}

void tcg_context_set_softmmu_tlb(TCGContext *s, const TCGSoftmmuTLB *tlb)
{
    s->tlb_set = tlb != NULL;
    if (tlb) {
        g_assert(tlb->page_bits >= 10 && tlb->page_bits <= 20);
        s->tlb = *tlb;
    }
}

void tcg_context_pin_global(TCGContext *s, TCGv_i64 g)
{
    TCGContext *saved = tcg_ctx;
    TCGTemp *t;

    tcg_ctx = s;
    t = tcgv_i64_temp(g);
    tcg_ctx = saved;
    g_assert(t->kind == TEMP_GLOBAL && t->type == TCG_TYPE_I64);
    g_assert(s->pinned < 0);
    s->pinned = temp_idx(s, t);
    if (s->backend->pin_global) {
        s->backend->pin_global(s);
    }
}

void tcg_func_start(TCGContext *s)
{
    tcg_context_set_current(s);
    memset(&s->temps[s->nb_globals], 0,
           (s->nb_temps - s->nb_globals) * sizeof(TCGTemp));
    s->nb_temps = s->nb_globals;
    for (int i = 0; i < 2; i++) {
        g_hash_table_remove_all(s->const_table[i]);
    }
    g_ptr_array_set_size(s->labels, 0);
    memset(s->free_temps, -1, sizeof(s->free_temps));
    s->nb_ops = 0;
    for (int i = 0; i < TCG_MAX_GOTO_TB; i++) {
        s->goto_tb_offset[i] = -1;
    }
    s->loop_goto_tb = -1;
    s->loop_entry_ofs = 0;
}

static TCGTemp *tcg_temp_alloc(TCGContext *s)
{
    /* Running out is a front-end bug: blocks are bounded in length. */
    g_assert(s->nb_temps < TCG_MAX_TEMPS);
    return &s->temps[s->nb_temps++];
}

static TCGTemp *tcg_temp_new_internal(TCGType type, TCGTempKind kind)
{
    TCGContext *s = tcg_ctx;
    int *head = &s->free_temps[type][kind == TEMP_TB];
    TCGTemp *t;

    if (*head >= 0) {
        t = &s->temps[*head];
        *head = t->next_free;
        t->allocated = true;
        return t;
    }
    t = tcg_temp_alloc(s);
    t->type = type;
    t->kind = kind;
    t->allocated = true;
    return t;
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_EBB));
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB));
}

TCGv_ptr tcg_temp_new_ptr(void)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(TCG_TYPE_PTR, TEMP_EBB));
}

TCGv_i32 tcg_temp_new_tb_i32(void)
{
    return temp_tcgv_i32(tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_new_tb_i64(void)
{
    return temp_tcgv_i64(tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB));
}

static void tcg_temp_free_internal(TCGTemp *t)
{
    /* Globals and constants are never freed; freeing them is harmless. */
    TCGContext *s = tcg_ctx;

    if ((t->kind == TEMP_EBB || t->kind == TEMP_TB) && t->allocated) {
        int *head = &s->free_temps[t->type][t->kind == TEMP_TB];

        t->allocated = false;
        t->next_free = *head;
        *head = temp_idx(s, t);
    }
}

void tcg_temp_free_i32(TCGv_i32 t) { tcg_temp_free_internal(tcgv_i32_temp(t)); }
void tcg_temp_free_i64(TCGv_i64 t) { tcg_temp_free_internal(tcgv_i64_temp(t)); }
void tcg_temp_free_ptr(TCGv_ptr t) { tcg_temp_free_internal(tcgv_ptr_temp(t)); }

TCGTemp *tcg_constant_temp(TCGContext *s, TCGType type, int64_t v)
{
    gpointer idx;
    TCGTemp *t;

    if (type == TCG_TYPE_I32) {
        v = (uint32_t)v;    /* i32 values are kept zero-extended */
    }
    idx = g_hash_table_lookup(s->const_table[type], &v);
    if (idx) {
        return &s->temps[GPOINTER_TO_INT(idx) - 1];
    }
    t = tcg_temp_alloc(s);
    t->type = type;
    t->kind = TEMP_CONST;
    t->allocated = true;
    t->val = v;
    g_hash_table_insert(s->const_table[type], &t->val,
                        GINT_TO_POINTER(temp_idx(s, t) + 1));
    return t;
}

static TCGTemp *tcg_constant_internal(TCGType type, int64_t v)
{
    return tcg_constant_temp(tcg_ctx, type, v);
}

TCGv_i32 tcg_constant_i32(int32_t v)
{
    return temp_tcgv_i32(tcg_constant_internal(TCG_TYPE_I32, v));
}

TCGv_i64 tcg_constant_i64(int64_t v)
{
    return temp_tcgv_i64(tcg_constant_internal(TCG_TYPE_I64, v));
}

TCGv_ptr tcg_constant_ptr(uintptr_t v)
{
    return temp_tcgv_ptr(tcg_constant_internal(TCG_TYPE_PTR, (int64_t)v));
}

static TCGTemp *tcg_global_mem_new_internal(TCGType type, TCGv_ptr base,
                                            intptr_t offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *t;

    /* Globals are relative to env and registered before any block. */
    g_assert(tcgv_ptr_temp(base) == &s->temps[0]);
    g_assert(s->nb_temps == s->nb_globals);
    t = tcg_temp_alloc(s);
    t->type = type;
    t->kind = TEMP_GLOBAL;
    t->allocated = true;
    t->mem_offset = offset;
    t->name = name;
    s->nb_globals++;
    return t;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_i32(tcg_global_mem_new_internal(TCG_TYPE_I32, base,
                                                     offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_i64(tcg_global_mem_new_internal(TCG_TYPE_I64, base,
                                                     offset, name));
}

TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t offset,
                                const char *name)
{
    return temp_tcgv_ptr(tcg_global_mem_new_internal(TCG_TYPE_PTR, base,
                                                     offset, name));
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l = g_new0(TCGLabel, 1);

    l->id = s->labels->len;
    g_ptr_array_add(s->labels, l);
    return l;
}

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs,
                   const TCGArg *args)
{
    TCGContext *s = tcg_ctx;
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGOp *op;

    g_assert(nargs <= TCG_MAX_OP_ARGS);
    if (s->nb_ops == s->ops_cap) {
        s->ops_cap *= 2;
        s->ops = g_renew(TCGOp, s->ops, s->ops_cap);
    }
    op = &s->ops[s->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    op->nb_oargs = def->nb_oargs;
    op->nb_iargs = def->nb_iargs;
    op->nb_cargs = def->nb_cargs;
    g_assert(opc == INDEX_op_call ||
             nargs == def->nb_oargs + def->nb_iargs + def->nb_cargs);
    memcpy(op->args, args, nargs * sizeof(TCGArg));
    for (int i = 0; i < def->nb_oargs && opc != INDEX_op_call; i++) {
        TCGTemp *t = arg_temp(s, args[i]);
        /* Writing a constant or env is a front-end bug. */
        g_assert(t->kind != TEMP_CONST && t->kind != TEMP_FIXED);
    }
    return op;
}

int tcg_nb_ops(TCGContext *s)
{
    return s->nb_ops;
}

bool tcg_cond_eval(TCGType type, TCGCond c, uint64_t a, uint64_t b)
{
    int64_t sa, sb;

    if (type == TCG_TYPE_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = (int32_t)a;
        sb = (int32_t)b;
    } else {
        sa = (int64_t)a;
        sb = (int64_t)b;
    }
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    }
    g_assert_not_reached();
}

/* IR dump */

static const char *const cond_names[16] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
};

static void dump_temp(TCGContext *s, GString *out, TCGArg a)
{
    TCGTemp *t = arg_temp(s, a);

    switch (t->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        g_string_append(out, t->name);
        break;
    case TEMP_CONST:
        g_string_append_printf(out, "$0x%" PRIx64, (uint64_t)t->val);
        break;
    case TEMP_TB:
        g_string_append_printf(out, "loc%d", (int)a - s->nb_globals);
        break;
    case TEMP_EBB:
        g_string_append_printf(out, "tmp%d", (int)a - s->nb_globals);
        break;
    }
}

static const char *const memop_sizes[4] = { "b", "w", "l", "q" };

static void dump_carg(TCGContext *s, GString *out, const TCGOp *op, int i,
                      TCGArg a)
{
    switch (op->opc) {
    case INDEX_op_brcond:
    case INDEX_op_setcond:
    case INDEX_op_movcond:
        if (i == 0) {
            g_string_append(out, cond_names[a & 15]);
            return;
        }
        if (op->opc == INDEX_op_brcond) {
            g_string_append_printf(out, "$L%u", (unsigned)a);
            return;
        }
        break;
    case INDEX_op_set_label:
    case INDEX_op_br:
        g_string_append_printf(out, "$L%u", (unsigned)a);
        return;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st: {
        MemOp mop = tcg_memop_idx_op((TCGMemOpIdx)a);
        g_string_append_printf(out, "%s%s%s%s,%u",
                               (mop & MO_BE) ? "be" : "le",
                               (mop & MO_SIGN) ? "s" : "u",
                               memop_sizes[mop & MO_SIZE],
                               (mop & MO_AMASK) ? "+al" : "",
                               tcg_memop_idx_mmu((TCGMemOpIdx)a));
        return;
    }
    default:
        break;
    }
    g_string_append_printf(out, "$0x%" PRIx64, (uint64_t)a);
}

/* A call's fast path (tcg_gen_call_fp), as ",fast=add_f64@1/0x1@+ofs". */
static void dump_fp_fast(GString *out, uint64_t v)
{
    static const char *const names[TCG_FP_NB_OPS] = {
        "none", "add", "sub", "mul", "div", "sqrt", "muladd", "mulsub",
        "nmuladd", "nmulsub", "eq", "lt", "le",
    };
    TCGFpFast f = tcg_fp_fast_unpack(v);

    g_string_append_printf(out, ",fast=%s_f%s%s@%u",
                           f.op < TCG_FP_NB_OPS ? names[f.op] : "?",
                           f.f32 ? "32" : "64", f.nanbox ? "box" : "",
                           f.first);
    if (f.gate_mask) {
        g_string_append_printf(out, "/0x%x@env+%d", f.gate_mask,
                               (int)f.gate_ofs);
    }
}

char *tcg_dump_ops(TCGContext *s)
{
    GString *out = g_string_new(NULL);

    for (int n = 0; n < s->nb_ops; n++) {
        const TCGOp *op = &s->ops[n];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int k = 0;
        bool first = true;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_insn_start) {
            g_string_append_printf(out, " ---- 0x%" PRIx64 "\n", op->args[0]);
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            g_string_append_printf(out, "L%u:\n", (unsigned)op->args[0]);
            continue;
        }
        g_string_append_printf(out, " %s", def->name);
        if (def->flags & TCG_OPF_TYPED) {
            g_string_append(out, op->type == TCG_TYPE_I32 ? "_i32" : "_i64");
        }
        g_string_append_c(out, ' ');
        for (int i = 0; i < op->nb_oargs + op->nb_iargs; i++, k++) {
            g_string_append(out, first ? "" : ",");
            first = false;
            dump_temp(s, out, op->args[k]);
        }
        if (op->opc == INDEX_op_call) {
            const TCGHelperInfo *info =
                (const TCGHelperInfo *)(uintptr_t)op->args[k];
            g_string_append_printf(out, "%s%s,$0x%x", first ? "" : ",",
                                   info->name, (unsigned)op->args[k + 1]);
            if (op->nb_cargs > 2) {
                dump_fp_fast(out, op->args[k + 2]);
            }
        } else {
            for (int i = 0; i < op->nb_cargs; i++, k++) {
                g_string_append(out, first ? "" : ",");
                first = false;
                dump_carg(s, out, op, i, op->args[k]);
            }
        }
        /* trailing space of an op without args is noise in golden files */
        if (out->str[out->len - 1] == ' ') {
            g_string_truncate(out, out->len - 1);
        }
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}

void tcg_log_ops(TCGContext *s, int log_mask, const char *heading)
{
    if (vireo_log_enabled(log_mask)) {
        g_autofree char *text = tcg_dump_ops(s);
        FILE *f = vireo_log_lock();

        fprintf(f, "%s:\n%s\n", heading, text);
        vireo_log_unlock(f);
    }
}

/* Running blocks */

const void *tcg_gen_code(TCGContext *s, GError **errp)
{
    TCGCodeBuffer *b = s->buf;
    size_t start = 0;
    ptrdiff_t len = -1;

    tcg_context_set_current(s);     /* passes may intern constants */
    tcg_log_ops(s, LOG_OP, "OP");
    if (!s->no_optimize) {
        tcg_optimize(s);
    }
    tcg_liveness(s);
    tcg_log_ops(s, LOG_OP_OPT, "OP after optimization and liveness");
    if (s->region.size &&
        s->flush_gen != __atomic_load_n(&b->flush_gen, __ATOMIC_ACQUIRE)) {
        drop_region(s);     /* flushed by another context */
    }
    for (;;) {
        if (s->region.size) {
            start = s->region.used;
            s->entry_ofs = 0;
            s->code_len = 0;
            len = s->backend->gen_code(s, start);
            if (len >= 0) {
                break;
            }
            if (start == s->region.keep) {
                g_set_error(errp, TCG_ERROR, TCG_ERROR_TOO_BIG,
                            "block of %d ops does not fit an empty "
                            "%zu-byte code region", s->nb_ops,
                            s->region.size - s->region.keep);
                return NULL;
            }
        }
        if (!take_region(s)) {
            g_set_error(errp, TCG_ERROR, TCG_ERROR_FULL,
                        "code buffer full");
            return NULL;
        }
    }
    /*
     * The next block's entry (after a header as long as this one's)
     * starts a 64-byte cache line: a hot loop's first instructions then
     * share the fewest fetch lines, the same ones from run to run (int-crc
     * moved by several percent with its loop's placement). Entries stay
     * 16-byte aligned for the native backend's sake either way.
     */
    s->region.used = ((start + len + s->entry_ofs + 63) & ~(size_t)63) -
                     s->entry_ofs;
    if (s->region.used > s->region.size) {
        s->region.used = s->region.size;
    }
    s->last_block_size = start + len - (start + s->entry_ofs);
    if (vireo_log_enabled(LOG_OUT_ASM)) {
        FILE *f = vireo_log_lock();

        fprintf(f, "OUT: [size=%zu]\n", s->code_len);
        tcg_disas_host(f, tcg_region_rx(&s->region, start + s->entry_ofs),
                       s->code_len);
        fprintf(f, "\n");
        vireo_log_unlock(f);
    }
    return tcg_region_rx(&s->region, start + s->entry_ofs);
}

bool tcg_unwind_pc(TCGContext *s, const void *code, uintptr_t host_pc,
                   uint64_t *pc)
{
    return s->backend->unwind(s, code, host_pc, pc);
}

bool tcg_fault_writeback(TCGContext *s, const void *code, uintptr_t host_pc,
                         const uint64_t regs[16])
{
    return s->backend->fault_writeback &&
           s->backend->fault_writeback(s, code, host_pc, regs);
}

uintptr_t tcg_exec(TCGContext *s, void *env, const void *code)
{
    return s->backend->exec(s, env, code);
}

void tcg_code_flush(TCGContext *s)
{
    TCGCodeBuffer *b = s->buf;

    g_mutex_lock(&b->lock);
    b->next_region = 0;
    __atomic_store_n(&b->flush_gen, b->flush_gen + 1, __ATOMIC_RELEASE);
    g_mutex_unlock(&b->lock);
    drop_region(s);
}

size_t tcg_code_used(TCGContext *s)
{
    return s->region.used;
}

size_t tcg_block_size(TCGContext *s)
{
    return s->last_block_size;
}

int tcg_goto_tb_offset(TCGContext *s, unsigned n)
{
    return n < TCG_MAX_GOTO_TB ? s->goto_tb_offset[n] : -1;
}

int tcg_loop_goto_tb(TCGContext *s)
{
    return s->loop_goto_tb;
}

int tcg_loop_entry_offset(TCGContext *s)
{
    return s->loop_entry_ofs;
}

/* In the block part of the buffer (any context's region). */
static bool in_buffer(TCGContext *s, const void *p)
{
    const uint8_t *b = p;
    return b >= s->buf->map.rx + s->buf->base &&
           b < s->buf->map.rx + s->buf->map.size;
}

bool tcg_set_goto_tb_target(TCGContext *s, const void *code, int ofs,
                            const void *target, GError **errp)
{
    const uint8_t *jmp = (const uint8_t *)code + ofs;

    if (!in_buffer(s, code) || ofs < 0 || !in_buffer(s, jmp) ||
        (target && !in_buffer(s, target))) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "goto_tb patch at %p+%d to %p: not a translated "
                        "block of this context", code, ofs, target);
        return false;
    }
    if (!s->backend->set_goto_tb(s, tcg_region_rx_ofs(&s->region, jmp),
                                 target)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "goto_tb patch at %p+%d: %p is out of reach",
                        code, ofs, target);
        return false;
    }
    return true;
}
