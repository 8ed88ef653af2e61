/*
 * The list of IR opcodes, as an X-macro: DEF(name, oargs, iargs, cargs,
 * flags). Included wherever a table indexed by opcode is built, so the
 * enum, the names and the argument counts can never drift apart.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * oargs are output temps, iargs input temps, cargs constant arguments
 * (conditions, offsets, labels, ...). `call` is variable: its counts live
 * in the op itself. Flags: TCG_OPF_TYPED (has _i32/_i64 variants),
 * TCG_OPF_BB_END (ends a basic block), TCG_OPF_SIDE_EFFECTS (never dead),
 * TCG_OPF_CALL_CLOBBER (behaves like a call for globals).
 */
/* no include guard: meant to be included several times */

DEF(nop, 0, 0, 0, TCG_OPF_SIDE_EFFECTS)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(br, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(brcond, 0, 2, 2, TCG_OPF_TYPED | TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)

DEF(mov, 1, 1, 0, TCG_OPF_TYPED)
DEF(setcond, 1, 2, 1, TCG_OPF_TYPED)
DEF(movcond, 1, 4, 1, TCG_OPF_TYPED)

DEF(add, 1, 2, 0, TCG_OPF_TYPED)
DEF(sub, 1, 2, 0, TCG_OPF_TYPED)
DEF(neg, 1, 1, 0, TCG_OPF_TYPED)
DEF(and, 1, 2, 0, TCG_OPF_TYPED)
DEF(or, 1, 2, 0, TCG_OPF_TYPED)
DEF(xor, 1, 2, 0, TCG_OPF_TYPED)
DEF(not, 1, 1, 0, TCG_OPF_TYPED)
DEF(andc, 1, 2, 0, TCG_OPF_TYPED)
DEF(orc, 1, 2, 0, TCG_OPF_TYPED)
DEF(eqv, 1, 2, 0, TCG_OPF_TYPED)
DEF(nand, 1, 2, 0, TCG_OPF_TYPED)
DEF(nor, 1, 2, 0, TCG_OPF_TYPED)

DEF(shl, 1, 2, 0, TCG_OPF_TYPED)
DEF(shr, 1, 2, 0, TCG_OPF_TYPED)
DEF(sar, 1, 2, 0, TCG_OPF_TYPED)
DEF(rotl, 1, 2, 0, TCG_OPF_TYPED)
DEF(rotr, 1, 2, 0, TCG_OPF_TYPED)

DEF(mul, 1, 2, 0, TCG_OPF_TYPED)
DEF(mulsh, 1, 2, 0, TCG_OPF_TYPED)
DEF(muluh, 1, 2, 0, TCG_OPF_TYPED)
DEF(div, 1, 2, 0, TCG_OPF_TYPED)
DEF(divu, 1, 2, 0, TCG_OPF_TYPED)
DEF(rem, 1, 2, 0, TCG_OPF_TYPED)
DEF(remu, 1, 2, 0, TCG_OPF_TYPED)

DEF(ext8s, 1, 1, 0, TCG_OPF_TYPED)
DEF(ext8u, 1, 1, 0, TCG_OPF_TYPED)
DEF(ext16s, 1, 1, 0, TCG_OPF_TYPED)
DEF(ext16u, 1, 1, 0, TCG_OPF_TYPED)
DEF(ext32s, 1, 1, 0, 0)             /* i64 only */
DEF(ext32u, 1, 1, 0, 0)             /* i64 only */
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(ext_i32_i64, 1, 1, 0, 0)
DEF(extu_i32_i64, 1, 1, 0, 0)

DEF(deposit, 1, 2, 2, TCG_OPF_TYPED)    /* cargs: ofs, len */
DEF(extract, 1, 1, 2, TCG_OPF_TYPED)    /* cargs: ofs, len */
DEF(sextract, 1, 1, 2, TCG_OPF_TYPED)   /* cargs: ofs, len */

DEF(bswap16, 1, 1, 0, TCG_OPF_TYPED)
DEF(bswap32, 1, 1, 0, TCG_OPF_TYPED)
DEF(bswap64, 1, 1, 0, 0)            /* i64 only */
DEF(clz, 1, 2, 0, TCG_OPF_TYPED)
DEF(ctz, 1, 2, 0, TCG_OPF_TYPED)
DEF(ctpop, 1, 1, 0, TCG_OPF_TYPED)

/* Host memory, base temp + constant offset. */
DEF(ld8u, 1, 1, 1, TCG_OPF_TYPED)
DEF(ld8s, 1, 1, 1, TCG_OPF_TYPED)
DEF(ld16u, 1, 1, 1, TCG_OPF_TYPED)
DEF(ld16s, 1, 1, 1, TCG_OPF_TYPED)
DEF(ld32u, 1, 1, 1, 0)              /* i64 only */
DEF(ld32s, 1, 1, 1, 0)              /* i64 only */
DEF(ld, 1, 1, 1, TCG_OPF_TYPED)
DEF(st8, 0, 2, 1, TCG_OPF_TYPED | TCG_OPF_SIDE_EFFECTS)
DEF(st16, 0, 2, 1, TCG_OPF_TYPED | TCG_OPF_SIDE_EFFECTS)
DEF(st32, 0, 2, 1, 0 | TCG_OPF_SIDE_EFFECTS)  /* i64 only */
DEF(st, 0, 2, 1, TCG_OPF_TYPED | TCG_OPF_SIDE_EFFECTS)

/* Guest memory: cargs: TCGMemOpIdx. */
DEF(qemu_ld, 1, 1, 1,
    TCG_OPF_TYPED | TCG_OPF_SIDE_EFFECTS | TCG_OPF_CALL_CLOBBER)
DEF(qemu_st, 0, 2, 1,
    TCG_OPF_TYPED | TCG_OPF_SIDE_EFFECTS | TCG_OPF_CALL_CLOBBER)

/* Variable counts; cargs: function, flags. */
DEF(call, 0, 0, 2, TCG_OPF_SIDE_EFFECTS | TCG_OPF_CALL_CLOBBER)

DEF(insn_start, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(goto_tb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
