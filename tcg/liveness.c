/*
 * Liveness: one backward pass over the block that removes computations
 * whose results nobody reads and records, per op, which temp arguments
 * are dead afterwards (TCGOp.life) for the register allocator.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Globals are live wherever their memory can be observed: at block
 * exits, before helpers that may read them, and before guest memory
 * accesses (which can fault and leave the block). TB temps are assumed
 * live at backward branch targets; forward branches use the live set
 * recorded when the pass went by their label.
 */
#include "tcg/tcg-internal.h"

#include <string.h>

typedef struct LiveContext {
    TCGContext *s;
    bool *live;
    bool **label_live;      /* per label id, or NULL if not seen yet */
} LiveContext;

static void globals_live(LiveContext *l)
{
    for (int t = 0; t < l->s->nb_globals; t++) {
        l->live[t] = true;
    }
}

static void all_dead_but_globals(LiveContext *l)
{
    memset(l->live, 0, l->s->nb_temps * sizeof(bool));
    globals_live(l);
}

/* Where control may go to label: merge what is live there. */
static void merge_label(LiveContext *l, TCGArg label)
{
    bool *at = l->label_live[label];

    if (at) {
        for (int t = 0; t < l->s->nb_temps; t++) {
            l->live[t] |= at[t];
        }
    } else {
        /* a backward branch: the loop body is not analysed yet */
        for (int t = 0; t < l->s->nb_temps; t++) {
            TCGTempKind k = l->s->temps[t].kind;
            l->live[t] |= k == TEMP_GLOBAL || k == TEMP_TB;
        }
    }
}

static bool removable(const TCGOp *op, bool outputs_dead)
{
    if (!outputs_dead) {
        return false;
    }
    if (tcg_op_is_pure((TCGOpcode)op->opc)) {
        return true;
    }
    switch (op->opc) {
    case INDEX_op_ld8u ... INDEX_op_ld:
        return true;
    case INDEX_op_call:
        return op->args[op->nb_oargs + op->nb_iargs + 1] &
               TCG_CALL_NO_SIDE_EFFECTS;
    default:
        return false;
    }
}

void tcg_liveness(TCGContext *s)
{
    LiveContext l = { .s = s };
    int nb_labels = s->labels->len;

    l.live = g_new0(bool, s->nb_temps);
    l.label_live = g_new0(bool *, nb_labels + 1);
    all_dead_but_globals(&l);

    for (int n = s->nb_ops - 1; n >= 0; n--) {
        TCGOp *op = &s->ops[n];
        bool outputs_dead = true;
        uint16_t life = 0;

        switch (op->opc) {
        case INDEX_op_nop:
            continue;
        case INDEX_op_set_label:
            l.label_live[op->args[0]] = g_memdup2(l.live,
                                                  s->nb_temps * sizeof(bool));
            continue;
        case INDEX_op_br:
            memset(l.live, 0, s->nb_temps * sizeof(bool));
            merge_label(&l, op->args[0]);
            continue;
        case INDEX_op_exit_tb:
            all_dead_but_globals(&l);
            continue;
        case INDEX_op_goto_ptr:
            all_dead_but_globals(&l);
            break;
        case INDEX_op_goto_tb:
            /* a chained jump leaves the block here with every global */
            globals_live(&l);
            continue;
        case INDEX_op_brcond:
            merge_label(&l, op->args[3]);
            break;
        default:
            break;
        }

        for (int i = 0; i < op->nb_oargs; i++) {
            outputs_dead &= !l.live[op->args[i]];
        }
        if ((op->nb_oargs || op->opc == INDEX_op_call) &&
            removable(op, outputs_dead)) {
            op->opc = INDEX_op_nop;
            op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
            continue;
        }
        /* what is dead after the op, judged on the live-after set */
        for (int i = 0; i < op->nb_oargs + op->nb_iargs; i++) {
            TCGArg t = op->args[i];
            bool also_output = false;

            for (int j = 0; j < op->nb_oargs && i >= op->nb_oargs; j++) {
                also_output |= op->args[j] == t;
            }
            if (!l.live[t] && !also_output &&
                s->temps[t].kind != TEMP_CONST) {
                life |= 1u << i;
            }
        }
        /* outputs are defined here: dead before the op */
        for (int i = 0; i < op->nb_oargs; i++) {
            l.live[op->args[i]] = false;
        }
        if (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ||
            (op->opc == INDEX_op_call &&
             !(op->args[op->nb_oargs + op->nb_iargs + 1] &
               TCG_CALL_NO_READ_GLOBALS))) {
            globals_live(&l);
        }
        for (int i = op->nb_oargs; i < op->nb_oargs + op->nb_iargs; i++) {
            l.live[op->args[i]] = true;
        }
        op->life = life;
    }

    for (int i = 0; i < nb_labels; i++) {
        g_free(l.label_live[i]);
    }
    g_free(l.label_live);
    g_free(l.live);
}
