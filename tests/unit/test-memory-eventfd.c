/*
 * Ioeventfds on memory regions: listeners hear each doorbell at its guest
 * address when it is added, removed, when the region moves or is
 * disabled, and at listener registration and unregistration.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "softmmu/memory.h"
#include "util/event-notifier.h"

typedef struct Rec {
    MemoryListener l;
    GString *log;
} Rec;

static void rec_add(MemoryListener *l, hwaddr addr,
                    const MemoryRegionIoeventfd *fd)
{
    g_string_append_printf(((Rec *)l)->log, "+%" PRIx64 "/%u/%d/%" PRIu64
                           " ", addr, fd->size, fd->match_data, fd->data);
}

static void rec_del(MemoryListener *l, hwaddr addr,
                    const MemoryRegionIoeventfd *fd)
{
    g_string_append_printf(((Rec *)l)->log, "-%" PRIx64 "/%" PRIu64 " ",
                           addr, fd->data);
}

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void dev_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static MemoryRegion sysmem, dev;
static AddressSpace as;
static Rec rec;
static EventNotifier e0, e1;

static void setup(void)
{
    memory_region_init(&sysmem, NULL, "sys", UINT64_MAX);
    address_space_init(&as, &sysmem, "as");
    memory_region_init_io(&dev, NULL, &dev_ops, NULL, "dev", 0x200);
    memory_region_add_subregion(&sysmem, 0x10000, &dev);
    rec = (Rec) {
        .l = { .eventfd_add = rec_add, .eventfd_del = rec_del },
        .log = g_string_new(""),
    };
    e0.fd = e1.fd = -1;
}

static void teardown(void)
{
    memory_listener_unregister(&rec.l);
    g_string_free(rec.log, true);
    address_space_destroy(&as);
    memory_region_del_subregion(&sysmem, &dev);
    memory_region_unref(&dev);
    memory_region_unref(&sysmem);
}

static void expect(const char *log)
{
    ck_assert_str_eq(rec.log->str, log);
    g_string_truncate(rec.log, 0);
}

START_TEST(add_and_del_reach_listeners_at_guest_address)
{
    memory_listener_register(&rec.l, &as);
    expect("");
    memory_region_add_eventfd(&dev, 0x50, 4, true, 0, &e0);
    memory_region_add_eventfd(&dev, 0x50, 4, true, 1, &e1);
    expect("+10050/4/1/0 +10050/4/1/1 ");
    memory_region_del_eventfd(&dev, 0x50, 4, true, 1, &e1);
    expect("-10050/1 ");
    memory_region_del_eventfd(&dev, 0x50, 4, true, 0, &e0);
    expect("-10050/0 ");
}
END_TEST

START_TEST(registration_replays_and_unregistration_removes)
{
    memory_region_add_eventfd(&dev, 0x50, 4, true, 3, &e0);
    memory_listener_register(&rec.l, &as);
    expect("+10050/4/1/3 ");
    memory_listener_unregister(&rec.l);
    expect("-10050/3 ");
    memory_region_del_eventfd(&dev, 0x50, 4, true, 3, &e0);
    expect("");
}
END_TEST

START_TEST(view_changes_move_the_doorbell)
{
    memory_listener_register(&rec.l, &as);
    memory_region_add_eventfd(&dev, 0x50, 4, false, 0, &e0);
    expect("+10050/4/0/0 ");
    memory_region_set_address(&dev, 0x20000);
    expect("-10050/0 +20050/4/0/0 ");
    memory_region_set_enabled(&dev, false);
    expect("-20050/0 ");
    /* Hidden regions take changes quietly and show them when back. */
    memory_region_del_eventfd(&dev, 0x50, 4, false, 0, &e0);
    memory_region_add_eventfd(&dev, 0x60, 4, false, 0, &e1);
    expect("");
    memory_region_set_enabled(&dev, true);
    expect("+20060/4/0/0 ");
    memory_region_del_eventfd(&dev, 0x60, 4, false, 0, &e1);
    expect("-20060/0 ");
}
END_TEST

START_TEST(partly_covered_doorbell_is_not_offered)
{
    MemoryRegion cover;

    memory_listener_register(&rec.l, &as);
    memory_region_init_io(&cover, NULL, &dev_ops, NULL, "cover", 0x100);
    memory_region_add_subregion_overlap(&sysmem, 0x10052 - 0x100 + 4,
                                        &cover, 1);
    expect("");
    /* [0x50, 0x54) of dev: bytes up to 0x10055 are under cover. */
    memory_region_add_eventfd(&dev, 0x50, 4, true, 0, &e0);
    expect("");
    memory_region_del_subregion(&sysmem, &cover);
    expect("+10050/4/1/0 ");
    memory_region_unref(&cover);
    memory_region_del_eventfd(&dev, 0x50, 4, true, 0, &e0);
    expect("-10050/0 ");
}
END_TEST

static Suite *memory_eventfd_suite(void)
{
    Suite *s = suite_create("memory-eventfd");
    TCase *tc = tcase_create("eventfd");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, add_and_del_reach_listeners_at_guest_address);
    tcase_add_test(tc, registration_replays_and_unregistration_removes);
    tcase_add_test(tc, view_changes_move_the_doorbell);
    tcase_add_test(tc, partly_covered_doorbell_is_not_offered);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(memory_eventfd_suite)
