/*
 * The meaning of every pure IR op, as C: the interpreter runs it and the
 * constant folder will fold with it, so both agree by construction.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * i32 values are carried zero-extended in 64 bits. Where the IR leaves a
 * result undefined (division by zero, INT_MIN / -1) this picks RISC-V's
 * answers so the interpreter itself never hits C undefined behaviour.
 */
#include "tcg/tcg-internal.h"

static uint64_t bswap_n(uint64_t v, int bytes)
{
    uint64_t r = 0;

    for (int i = 0; i < bytes; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
}

static uint64_t eval32(TCGOpcode opc, const uint64_t *in, const TCGArg *c)
{
    uint32_t a = in[0], b = in[1];
    int32_t sa = (int32_t)a, sb = (int32_t)b;

    switch (opc) {
    case INDEX_op_mov: return a;
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_neg: return -a;
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_not: return ~a;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_orc: return a | ~b;
    case INDEX_op_eqv: return ~(a ^ b);
    case INDEX_op_nand: return ~(a & b);
    case INDEX_op_nor: return ~(a | b);
    case INDEX_op_shl: return a << (b & 31);
    case INDEX_op_shr: return a >> (b & 31);
    case INDEX_op_sar: return (uint32_t)(sa >> (b & 31));
    case INDEX_op_rotl:
        return (b & 31) ? (a << (b & 31)) | (a >> (32 - (b & 31))) : a;
    case INDEX_op_rotr:
        return (b & 31) ? (a >> (b & 31)) | (a << (32 - (b & 31))) : a;
    case INDEX_op_mul: return a * b;
    case INDEX_op_mulsh: return (uint32_t)(((int64_t)sa * sb) >> 32);
    case INDEX_op_muluh: return (uint32_t)(((uint64_t)a * b) >> 32);
    case INDEX_op_div:
        if (b == 0) {
            return UINT32_MAX;
        }
        if (sa == INT32_MIN && sb == -1) {
            return a;
        }
        return (uint32_t)(sa / sb);
    case INDEX_op_divu: return b ? a / b : UINT32_MAX;
    case INDEX_op_rem:
        if (b == 0) {
            return a;
        }
        if (sa == INT32_MIN && sb == -1) {
            return 0;
        }
        return (uint32_t)(sa % sb);
    case INDEX_op_remu: return b ? a % b : a;
    case INDEX_op_ext8s: return (uint32_t)(int8_t)a;
    case INDEX_op_ext8u: return (uint8_t)a;
    case INDEX_op_ext16s: return (uint32_t)(int16_t)a;
    case INDEX_op_ext16u: return (uint16_t)a;
    case INDEX_op_bswap16: return bswap_n(a, 2);
    case INDEX_op_bswap32: return bswap_n(a, 4);
    case INDEX_op_clz: return a ? (uint32_t)__builtin_clz(a) : b;
    case INDEX_op_ctz: return a ? (uint32_t)__builtin_ctz(a) : b;
    case INDEX_op_ctpop: return __builtin_popcount(a);
    case INDEX_op_deposit: {
        uint32_t m = (uint32_t)(field_mask(c[1]) << c[0]);
        return (a & ~m) | ((b << c[0]) & m);
    }
    case INDEX_op_extract: return (a >> c[0]) & field_mask(c[1]);
    case INDEX_op_sextract:
        return (uint32_t)((int32_t)(a << (32 - c[0] - c[1])) >> (32 - c[1]));
    case INDEX_op_extrl_i64_i32: return (uint32_t)in[0];
    default:
        g_assert_not_reached();
    }
}

static uint64_t eval64(TCGOpcode opc, const uint64_t *in, const TCGArg *c)
{
    uint64_t a = in[0], b = in[1];
    int64_t sa = (int64_t)a, sb = (int64_t)b;

    switch (opc) {
    case INDEX_op_mov: return a;
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_neg: return -a;
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_not: return ~a;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_orc: return a | ~b;
    case INDEX_op_eqv: return ~(a ^ b);
    case INDEX_op_nand: return ~(a & b);
    case INDEX_op_nor: return ~(a | b);
    case INDEX_op_shl: return a << (b & 63);
    case INDEX_op_shr: return a >> (b & 63);
    case INDEX_op_sar: return (uint64_t)(sa >> (b & 63));
    case INDEX_op_rotl:
        return (b & 63) ? (a << (b & 63)) | (a >> (64 - (b & 63))) : a;
    case INDEX_op_rotr:
        return (b & 63) ? (a >> (b & 63)) | (a << (64 - (b & 63))) : a;
    case INDEX_op_mul: return a * b;
    case INDEX_op_mulsh:
        return (uint64_t)(((__int128)sa * sb) >> 64);
    case INDEX_op_muluh:
        return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case INDEX_op_div:
        if (b == 0) {
            return UINT64_MAX;
        }
        if (sa == INT64_MIN && sb == -1) {
            return a;
        }
        return (uint64_t)(sa / sb);
    case INDEX_op_divu: return b ? a / b : UINT64_MAX;
    case INDEX_op_rem:
        if (b == 0) {
            return a;
        }
        if (sa == INT64_MIN && sb == -1) {
            return 0;
        }
        return (uint64_t)(sa % sb);
    case INDEX_op_remu: return b ? a % b : a;
    case INDEX_op_ext8s: return (uint64_t)(int8_t)a;
    case INDEX_op_ext8u: return (uint8_t)a;
    case INDEX_op_ext16s: return (uint64_t)(int16_t)a;
    case INDEX_op_ext16u: return (uint16_t)a;
    case INDEX_op_ext32s: return (uint64_t)(int32_t)a;
    case INDEX_op_ext32u: return (uint32_t)a;
    case INDEX_op_ext_i32_i64: return (uint64_t)(int32_t)a;
    case INDEX_op_extu_i32_i64: return (uint32_t)a;
    case INDEX_op_bswap16: return bswap_n(a, 2);
    case INDEX_op_bswap32: return bswap_n(a, 4);
    case INDEX_op_bswap64: return bswap_n(a, 8);
    case INDEX_op_clz: return a ? (uint64_t)__builtin_clzll(a) : b;
    case INDEX_op_ctz: return a ? (uint64_t)__builtin_ctzll(a) : b;
    case INDEX_op_ctpop: return __builtin_popcountll(a);
    case INDEX_op_deposit: {
        uint64_t m = field_mask(c[1]) << c[0];
        return (a & ~m) | ((b << c[0]) & m);
    }
    case INDEX_op_extract: return (a >> c[0]) & field_mask(c[1]);
    case INDEX_op_sextract:
        return (uint64_t)((int64_t)(a << (64 - c[0] - c[1])) >> (64 - c[1]));
    default:
        g_assert_not_reached();
    }
}

bool tcg_op_is_pure(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_mov ... INDEX_op_ctpop:
        return true;
    default:
        return false;
    }
}

uint64_t tcg_eval_op(TCGOpcode opc, TCGType type, const uint64_t *in,
                     const TCGArg *cargs)
{
    switch (opc) {
    case INDEX_op_setcond:
        return tcg_cond_eval(type, (TCGCond)cargs[0], in[0], in[1]);
    case INDEX_op_movcond:
        return tcg_cond_eval(type, (TCGCond)cargs[0], in[0], in[1])
               ? in[2] : in[3];
    default:
        break;
    }
    return type == TCG_TYPE_I32 ? eval32(opc, in, cargs)
                                : eval64(opc, in, cargs);
}
