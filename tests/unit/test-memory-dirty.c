/*
 * Global dirty logging in the memory API: start reaches every listener
 * that can log and is undone when one refuses, sync passes each
 * listener's ranges through with its address space, stop ends it, and
 * nothing is asked of listeners while logging is off.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "softmmu/memory.h"
#include "util/error.h"

typedef struct Rec {
    MemoryListener l;
    GString *log;
    const char *tag;
    bool refuse;
} Rec;

static GString *events;

static bool rec_start(MemoryListener *l, GError **errp)
{
    Rec *r = (Rec *)l;

    g_string_append_printf(events, "start:%s ", r->tag);
    if (r->refuse) {
        vireo_error_setg(errp, "%s cannot log", r->tag);
        return false;
    }
    return true;
}

static void rec_stop(MemoryListener *l)
{
    g_string_append_printf(events, "stop:%s ", ((Rec *)l)->tag);
}

static void rec_sync(MemoryListener *l, MemoryDirtyFn *fn, void *opaque)
{
    g_string_append_printf(events, "sync:%s ", ((Rec *)l)->tag);
    fn(opaque, l->address_space, 0x1000, 0x2000);
}

static void dirty(void *opaque, AddressSpace *as, hwaddr addr, uint64_t len)
{
    g_string_append_printf(opaque, "%s:%" PRIx64 "+%" PRIx64 " ", as->name,
                           addr, len);
}

static MemoryRegion root_a, root_b;
static AddressSpace as_a, as_b;
static Rec r1, r2, r3, plain;

static void rec_init(Rec *r, const char *tag, int priority)
{
    *r = (Rec) {
        .l = { .priority = priority, .log_global_start = rec_start,
               .log_global_stop = rec_stop, .log_sync = rec_sync },
        .tag = tag,
    };
}

static void setup(void)
{
    events = g_string_new("");
    memory_region_init(&root_a, NULL, "a", UINT64_MAX);
    memory_region_init(&root_b, NULL, "b", UINT64_MAX);
    address_space_init(&as_a, &root_a, "as-a");
    address_space_init(&as_b, &root_b, "as-b");
    rec_init(&r1, "r1", 0);
    rec_init(&r2, "r2", 1);
    rec_init(&r3, "r3", 0);
    plain = (Rec) { .tag = "plain" };     /* no logging hooks at all */
    memory_listener_register(&r1.l, &as_a);
    memory_listener_register(&r2.l, &as_a);
    memory_listener_register(&plain.l, &as_a);
    memory_listener_register(&r3.l, &as_b);
}

static void teardown(void)
{
    memory_global_dirty_log_stop();
    memory_listener_unregister(&r1.l);
    memory_listener_unregister(&r2.l);
    memory_listener_unregister(&plain.l);
    memory_listener_unregister(&r3.l);
    address_space_destroy(&as_a);
    address_space_destroy(&as_b);
    memory_region_unref(&root_a);
    memory_region_unref(&root_b);
    g_string_free(events, true);
}

static void expect(const char *want)
{
    ck_assert_str_eq(events->str, want);
    g_string_truncate(events, 0);
}

START_TEST(start_sync_stop)
{
    g_autoptr(GString) got = g_string_new("");

    memory_global_dirty_log_sync(dirty, got);
    expect("");                         /* off: nobody asked */
    ck_assert(!memory_global_dirty_log_active());
    ck_assert(memory_global_dirty_log_start(NULL));
    ck_assert(memory_global_dirty_log_active());
    expect("start:r1 start:r2 start:r3 ");
    ck_assert(memory_global_dirty_log_start(NULL));  /* already on */
    expect("");
    memory_global_dirty_log_sync(dirty, got);
    expect("sync:r1 sync:r2 sync:r3 ");
    ck_assert_str_eq(got->str,
                     "as-a:1000+2000 as-a:1000+2000 as-b:1000+2000 ");
    memory_global_dirty_log_stop();
    expect("stop:r3 stop:r2 stop:r1 ");
    ck_assert(!memory_global_dirty_log_active());
    memory_global_dirty_log_stop();
    expect("");
}
END_TEST

START_TEST(a_refusal_undoes_the_others)
{
    r2.refuse = true;
    EXPECT_FAIL(memory_global_dirty_log_start(&err_), "r2 cannot log",
                NULL);
    expect("start:r1 start:r2 stop:r1 ");
    ck_assert(!memory_global_dirty_log_active());
    r2.refuse = false;
    ck_assert(memory_global_dirty_log_start(NULL));
    expect("start:r1 start:r2 start:r3 ");
}
END_TEST

static Suite *memory_dirty_suite(void)
{
    Suite *s = suite_create("memory-dirty");
    TCase *tc = tcase_create("dirty-log");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, start_sync_stop);
    tcase_add_test(tc, a_refusal_undoes_the_others);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(memory_dirty_suite)
