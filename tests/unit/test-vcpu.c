/*
 * The CPU base type, the accelerator registry and the vCPU thread state
 * machine, driven by a test accelerator whose "guest code" counts.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "accel/vcpu.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <string.h>

#define TYPE_TEST_CPU "test-cpu"
#define TYPE_TEST_ACCEL ACCEL_TYPE_NAME("test")
#define NCPUS 3

typedef struct TestCPU {
    CPUState parent_obj;
    gint64 steps;          /* atomic: how much "guest code" ran */
    int wfi_requested;     /* atomic: halt at the next step */
    gint64 kicks;          /* atomic: accelerator kicks seen */
} TestCPU;

typedef struct TestAccel {
    AccelState parent_obj;
    uint64_t quantum;
} TestAccel;

static int init_machine_calls;

static void test_exec(CPUState *cpu)
{
    TestCPU *t = (TestCPU *)cpu;

    while (!g_atomic_int_get(&cpu->exit_request)) {
        if (g_atomic_int_compare_and_exchange(&t->wfi_requested, 1, 0)) {
            bql_lock();
            cpu->halted = true;
            bql_unlock();
            break;
        }
        g_atomic_pointer_add(&t->steps, 1);
        g_thread_yield();
    }
    g_atomic_int_set(&cpu->exit_request, 0);
}

static bool test_create_vcpu_thread(CPUState *cpu, GError **errp)
{
    return vcpu_thread_start(cpu, "test", test_exec, errp);
}

static void test_kick(CPUState *cpu)
{
    g_atomic_pointer_add(&((TestCPU *)cpu)->kicks, 1);
}

static const AccelOps test_accel_ops = {
    .create_vcpu_thread = test_create_vcpu_thread,
    .kick_vcpu_thread = test_kick,
};

static bool test_accel_init_machine(AccelState *accel, MachineState *ms,
                                    GError **errp)
{
    init_machine_calls++;
    return true;
}

static void test_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);
    ac->desc = "counts instead of running code";
    ac->ops = &test_accel_ops;
    ac->init_machine = test_accel_init_machine;
}

static bool unavailable(GError **errp)
{
    vireo_error_setg(errp, "cannot open /dev/nothing: No such device");
    return false;
}

static void broken_accel_class_init(ObjectClass *oc, const void *data)
{
    ACCEL_CLASS(oc)->available = unavailable;
}

static bool test_cpu_has_work(CPUState *cpu)
{
    return g_atomic_int_get(&cpu->interrupt_request) & CPU_INTERRUPT_HARD;
}

static void test_cpu_class_init(ObjectClass *oc, const void *data)
{
    CPU_CLASS(oc)->has_work = test_cpu_has_work;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(TestAccel),
        .class_init = test_accel_class_init,
    },
    {
        .name = ACCEL_TYPE_NAME("broken"),
        .parent = TYPE_ACCEL,
        .class_init = broken_accel_class_init,
    },
    {
        .name = TYPE_TEST_CPU,
        .parent = TYPE_CPU,
        .instance_size = sizeof(TestCPU),
        .class_init = test_cpu_class_init,
    },
};

DEFINE_TYPES(test_types)

static TestCPU *cpus[NCPUS];

static gint64 steps(int i)
{
    return g_atomic_pointer_get(&cpus[i]->steps);
}

/* Wait (lock released) until cpu i has run more than `than` steps. */
static bool wait_progress(int i, gint64 than)
{
    gint64 deadline = g_get_monotonic_time() + 20 * G_TIME_SPAN_SECOND;

    while (steps(i) <= than) {
        if (g_get_monotonic_time() > deadline) {
            return false;
        }
        bql_unlock();
        g_usleep(1000);
        bql_lock();
    }
    return true;
}

static void setup(void)
{
    GError *err = NULL;

    bql_lock();
    ck_assert_ptr_nonnull(accel_init_machine("test", NULL, NULL, &err));
    for (int i = 0; i < NCPUS; i++) {
        cpus[i] = (TestCPU *)object_new(TYPE_TEST_CPU);
        ck_assert(qdev_realize(DEVICE(cpus[i]), &err));
        ck_assert(vcpu_create(CPU(cpus[i]), &err));
    }
}

static void teardown(void)
{
    vcpu_stop_all_threads();
    for (int i = 0; i < NCPUS; i++) {
        qdev_unrealize(DEVICE(cpus[i]));
        object_unref(cpus[i]);
    }
    bql_unlock();
}

START_TEST(cpus_listed_in_creation_order)
{
    CPUState *cpu;
    int n = 0;

    ck_assert_uint_eq(cpu_count(), NCPUS);
    CPU_FOREACH(cpu) {
        ck_assert_ptr_eq(cpu, CPU(cpus[n]));
        ck_assert_int_eq(cpu->cpu_index, n);
        n++;
    }
    ck_assert_ptr_null(cpu_by_index(NCPUS));
}
END_TEST

START_TEST(vcpus_start_stopped_and_run_after_resume)
{
    bql_unlock();
    g_usleep(20 * 1000);
    bql_lock();
    for (int i = 0; i < NCPUS; i++) {
        ck_assert_int_eq(steps(i), 0);
        ck_assert(CPU(cpus[i])->stopped);
    }
    vcpu_resume_all();
    for (int i = 0; i < NCPUS; i++) {
        ck_assert(wait_progress(i, 0));
    }
}
END_TEST

START_TEST(pause_all_stops_every_vcpu)
{
    gint64 frozen[NCPUS];

    vcpu_resume_all();
    ck_assert(wait_progress(0, 0));
    vcpu_pause_all();
    ck_assert(vcpu_all_stopped());
    for (int i = 0; i < NCPUS; i++) {
        frozen[i] = steps(i);
        ck_assert_uint_gt(g_atomic_pointer_get(&cpus[i]->kicks), 0);
    }
    /* With the lock released, a stopped vCPU still does not run. */
    bql_unlock();
    g_usleep(20 * 1000);
    bql_lock();
    for (int i = 0; i < NCPUS; i++) {
        ck_assert_int_eq(steps(i), frozen[i]);
    }
    vcpu_resume_all();
    for (int i = 0; i < NCPUS; i++) {
        ck_assert(wait_progress(i, frozen[i]));
    }
}
END_TEST

START_TEST(halted_vcpu_sleeps_until_interrupt)
{
    CPUState *cpu = CPU(cpus[1]);
    gint64 before;

    vcpu_resume_all();
    ck_assert(wait_progress(1, 0));
    g_atomic_int_set(&cpus[1]->wfi_requested, 1);
    while (!cpu->halted) {
        bql_unlock();
        g_usleep(1000);
        bql_lock();
    }
    before = steps(1);
    bql_unlock();
    g_usleep(20 * 1000);
    bql_lock();
    ck_assert_int_eq(steps(1), before);
    ck_assert(wait_progress(0, steps(0)));   /* the others go on */

    cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    ck_assert(wait_progress(1, before));
    ck_assert(!cpu->halted);
}
END_TEST

START_TEST(pause_reaches_halted_vcpu)
{
    vcpu_resume_all();
    g_atomic_int_set(&cpus[2]->wfi_requested, 1);
    while (!CPU(cpus[2])->halted) {
        bql_unlock();
        g_usleep(1000);
        bql_lock();
    }
    vcpu_pause_all();
    ck_assert(vcpu_all_stopped());
    /* An interrupt while paused does not make it run. */
    gint64 before = steps(2);
    cpu_interrupt(CPU(cpus[2]), CPU_INTERRUPT_HARD);
    bql_unlock();
    g_usleep(20 * 1000);
    bql_lock();
    ck_assert_int_eq(steps(2), before);
    vcpu_resume_all();
    ck_assert(wait_progress(2, before));
}
END_TEST

START_TEST(accel_registry_errors)
{
    GError *err = NULL;

    ck_assert_ptr_null(accel_find("nosuch", &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_NOT_FOUND));
    ck_assert_ptr_nonnull(strstr(err->message, "'nosuch'"));
    g_clear_error(&err);

    ck_assert_ptr_null(accel_init_machine("broken", NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "/dev/nothing"));
    g_clear_error(&err);

    const char *bad[] = { "quantum", NULL };
    ck_assert_ptr_null(accel_init_machine("test", bad, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'quantum' needs a value"));
    g_clear_error(&err);

    const char *unknown[] = { "quantum=5", NULL };
    ck_assert_ptr_null(accel_init_machine("test", unknown, NULL, &err));
    ck_assert_ptr_nonnull(err);
    g_clear_error(&err);

    int calls = init_machine_calls;
    ck_assert_ptr_nonnull(accel_init_machine("test", NULL, NULL, &err));
    ck_assert_int_eq(init_machine_calls, calls + 1);
    ck_assert_str_eq(ACCEL_GET_CLASS(accel_current())->name, "test");
}
END_TEST

START_TEST(accel_help_lists_accelerators)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    accel_print_help(f);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "test     counts instead"));
    ck_assert_ptr_nonnull(strstr(buf, "broken"));
    free(buf);
}
END_TEST

static Suite *vcpu_suite(void)
{
    Suite *s = suite_create("vcpu");
    TCase *tc = tcase_create("threads");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, cpus_listed_in_creation_order);
    tcase_add_test(tc, vcpus_start_stopped_and_run_after_resume);
    tcase_add_test(tc, pause_all_stops_every_vcpu);
    tcase_add_test(tc, halted_vcpu_sleeps_until_interrupt);
    tcase_add_test(tc, pause_reaches_halted_vcpu);
    tcase_add_test(tc, accel_registry_errors);
    tcase_add_test(tc, accel_help_lists_accelerators);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(vcpu_suite)
