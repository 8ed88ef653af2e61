/*
 * accel/kvm/kvm-exit.c: exit decoding on hand-made kvm_run areas, so
 * every exit reason (even ones a host rarely produces) is covered without
 * /dev/kvm.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "accel/kvm/kvm-exit.h"

#include <glib.h>
#include <string.h>

#define RUN_SIZE (3 * 4096)   /* kvm_run, the PIO page, coalesced MMIO */

static union {
    struct kvm_run run;
    uint8_t bytes[RUN_SIZE];
} area;

static struct kvm_run *fresh_run(uint32_t reason)
{
    memset(&area, 0, sizeof(area));
    area.run.exit_reason = reason;
    return &area.run;
}

START_TEST(io_out_byte)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_IO);
    KVMExitAction act;

    run->io.direction = KVM_EXIT_IO_OUT;
    run->io.size = 1;
    run->io.port = 0x3f8;
    run->io.count = 1;
    run->io.data_offset = 4096;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_IO);
    ck_assert(act.is_write);
    ck_assert_uint_eq(act.io.port, 0x3f8);
    ck_assert_uint_eq(act.io.size, 1);
    ck_assert_uint_eq(act.io.count, 1);
    ck_assert_uint_eq(act.io.data_offset, 4096);
}
END_TEST

START_TEST(io_rep_in_dword)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_IO);
    KVMExitAction act;

    run->io.direction = KVM_EXIT_IO_IN;
    run->io.size = 4;
    run->io.port = 0xcfc;
    run->io.count = 16;
    run->io.data_offset = RUN_SIZE - 64;    /* exactly fits */
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_IO);
    ck_assert(!act.is_write);
    ck_assert_uint_eq(act.io.count, 16);
}
END_TEST

START_TEST(io_malformed_is_an_error)
{
    static const struct {
        uint8_t size;
        uint32_t count;
        uint64_t offset;
    } bad[] = {
        { 3, 1, 1024 },                 /* no 3-byte port access */
        { 8, 1, 1024 },
        { 1, 0, 1024 },                 /* nothing to do */
        { 4, 16, RUN_SIZE - 60 },       /* 4 bytes past the end */
        { 1, 1, 8 },                    /* inside struct kvm_run */
        { 4, 0x40000000, 1024 },        /* size * count overflows 32 bits */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct kvm_run *run = fresh_run(KVM_EXIT_IO);
        KVMExitAction act;

        run->io.size = bad[i].size;
        run->io.count = bad[i].count;
        run->io.data_offset = bad[i].offset;
        run->io.port = 0x60;
        kvm_decode_exit(run, RUN_SIZE, &act);
        ck_assert_msg(act.kind == KVM_EXIT_ACTION_ERROR, "case %zu", i);
        ck_assert_ptr_nonnull(strstr(act.message, "malformed"));
        ck_assert_ptr_nonnull(strstr(act.message, "port 0x60"));
    }
}
END_TEST

START_TEST(mmio_read_and_write)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_MMIO);
    KVMExitAction act;

    run->mmio.phys_addr = 0xfeb00010;
    run->mmio.len = 4;
    run->mmio.is_write = 1;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_MMIO);
    ck_assert(act.is_write);
    ck_assert_uint_eq(act.mmio.addr, 0xfeb00010);
    ck_assert_uint_eq(act.mmio.len, 4);

    run->mmio.is_write = 0;
    run->mmio.len = 8;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_MMIO);
    ck_assert(!act.is_write);
    ck_assert_uint_eq(act.mmio.len, 8);
}
END_TEST

START_TEST(mmio_bad_length)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_MMIO);
    KVMExitAction act;

    run->mmio.len = 9;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_ptr_nonnull(strstr(act.message, "length 9"));
    run->mmio.len = 0;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
}
END_TEST

START_TEST(simple_reasons)
{
    static const struct {
        uint32_t reason;
        KVMExitKind kind;
    } cases[] = {
        { KVM_EXIT_HLT, KVM_EXIT_ACTION_HALT },
        { KVM_EXIT_SHUTDOWN, KVM_EXIT_ACTION_RESET },
        { KVM_EXIT_INTR, KVM_EXIT_ACTION_RESUME },
        { KVM_EXIT_IRQ_WINDOW_OPEN, KVM_EXIT_ACTION_RESUME },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        KVMExitAction act;
        kvm_decode_exit(fresh_run(cases[i].reason), RUN_SIZE, &act);
        ck_assert_int_eq(act.kind, cases[i].kind);
    }
}
END_TEST

START_TEST(system_events)
{
    static const struct {
        uint32_t type;
        KVMExitKind kind;
    } cases[] = {
        { KVM_SYSTEM_EVENT_SHUTDOWN, KVM_EXIT_ACTION_POWEROFF },
        { KVM_SYSTEM_EVENT_RESET, KVM_EXIT_ACTION_RESET },
        { KVM_SYSTEM_EVENT_CRASH, KVM_EXIT_ACTION_PANIC },
        { 77, KVM_EXIT_ACTION_ERROR },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct kvm_run *run = fresh_run(KVM_EXIT_SYSTEM_EVENT);
        KVMExitAction act;

        run->system_event.type = cases[i].type;
        kvm_decode_exit(run, RUN_SIZE, &act);
        ck_assert_int_eq(act.kind, cases[i].kind);
    }
}
END_TEST

START_TEST(internal_error_message)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_INTERNAL_ERROR);
    KVMExitAction act;

    run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
    run->internal.ndata = 2;
    run->internal.data[0] = 0xcc;
    run->internal.data[1] = 0x1234;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_str_eq(act.message, "KVM internal error 1 (instruction "
                     "emulation failed); data: 0xcc 0x1234");

    /* A wild ndata is clamped, never read past data[]. */
    run->internal.suberror = 99;
    run->internal.ndata = 1000;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_ptr_nonnull(strstr(act.message, "99 (unknown suberror)"));
}
END_TEST

START_TEST(fail_entry_and_unknown)
{
    struct kvm_run *run = fresh_run(KVM_EXIT_FAIL_ENTRY);
    KVMExitAction act;

    run->fail_entry.hardware_entry_failure_reason = 0x80000021;
    run->fail_entry.cpu = 1;
    kvm_decode_exit(run, RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_ptr_nonnull(strstr(act.message, "0x80000021"));
    ck_assert_ptr_nonnull(strstr(act.message, "host CPU 1"));

    /* a debugger's exit: the vCPU code hands it to the gdbstub */
    kvm_decode_exit(fresh_run(KVM_EXIT_DEBUG), RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_DEBUG);

    kvm_decode_exit(fresh_run(KVM_EXIT_HYPERCALL), RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_str_eq(act.message, "unexpected KVM exit 3 (HYPERCALL)");

    kvm_decode_exit(fresh_run(4000), RUN_SIZE, &act);
    ck_assert_int_eq(act.kind, KVM_EXIT_ACTION_ERROR);
    ck_assert_str_eq(act.message, "unexpected KVM exit 4000 (unknown)");
}
END_TEST

START_TEST(reason_names)
{
    ck_assert_str_eq(kvm_exit_reason_name(KVM_EXIT_IO), "IO");
    ck_assert_str_eq(kvm_exit_reason_name(KVM_EXIT_SYSTEM_EVENT),
                     "SYSTEM_EVENT");
    ck_assert_str_eq(kvm_exit_reason_name(UINT32_MAX), "unknown");
}
END_TEST

static Suite *kvm_exit_suite(void)
{
    Suite *s = suite_create("kvm-exit");
    TCase *tc = tcase_create("decode");

    tcase_add_test(tc, io_out_byte);
    tcase_add_test(tc, io_rep_in_dword);
    tcase_add_test(tc, io_malformed_is_an_error);
    tcase_add_test(tc, mmio_read_and_write);
    tcase_add_test(tc, mmio_bad_length);
    tcase_add_test(tc, simple_reasons);
    tcase_add_test(tc, system_events);
    tcase_add_test(tc, internal_error_message);
    tcase_add_test(tc, fail_entry_and_unknown);
    tcase_add_test(tc, reason_names);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(kvm_exit_suite)
