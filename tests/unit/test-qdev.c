/*
 * hw/core/qdev*.c and hw/core/machine*.c: realize and its failure,
 * property freezing, reset order, -device parsing and its errors, the
 * help texts, and machine lookup and creation.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-properties.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* Both found, and a before b. */
#define ck_assert_ptr_lt(a, b)                                     \
    do {                                                           \
        const char *a_ = (a), *b_ = (b);                           \
        ck_assert_ptr_nonnull(a_);                                 \
        ck_assert_ptr_nonnull(b_);                                 \
        ck_assert_msg(a_ < b_, "%s is not before %s", #a, #b);     \
    } while (0)
#define ck_assert_ptr_gt(a, b) ck_assert_ptr_lt(b, a)

static GString *trace;

static void note(const char *what, DeviceState *dev)
{
    if (!trace) {
        trace = g_string_new("");
    }
    g_string_append_printf(trace, "%s%s:%s", trace->len ? " " : "", what,
                           dev->id ? dev->id : object_get_typename(
                               OBJECT(dev)));
}

static const char *trace_str(void)
{
    return trace ? trace->str : "";
}

/* ---- test devices ---- */

#define TYPE_TEST_BACKEND "test-backend"
#define TYPE_TEST_DISK "test-disk"
#define TYPE_TEST_BASE "test-base-dev"
#define TYPE_TEST_INTERNAL "test-internal-dev"

typedef struct TestBackend {
    DeviceState parent_obj;
} TestBackend;

typedef struct TestDisk {
    DeviceState parent_obj;
    uint16_t num_queues;
    char *serial;
    bool readonly;
    bool fail;
    uint64_t size;
    int cache;
    TestBackend *backend;
    int resets;
} TestDisk;

static const char *const cache_names[] = { "none", "writeback", NULL };

static const Property disk_props[] = {
    DEFINE_PROP_UINT16("num-queues", TestDisk, num_queues, 1,
                       .description = "number of request queues"),
    DEFINE_PROP_STRING("serial", TestDisk, serial),
    DEFINE_PROP_BOOL("readonly", TestDisk, readonly, false),
    DEFINE_PROP_BOOL("fail", TestDisk, fail, false,
                     .description = "make realize fail"),
    DEFINE_PROP_SIZE("size", TestDisk, size, 1 << 20),
    DEFINE_PROP_ENUM("cache", TestDisk, cache, 1, cache_names, "CacheMode"),
    DEFINE_PROP_LINK("backend", TestDisk, backend, TYPE_TEST_BACKEND,
                     TestBackend *),
    DEFINE_PROP_END_OF_LIST(),
};

static bool disk_realize(DeviceState *dev, GError **errp)
{
    TestDisk *d = (TestDisk *)dev;

    if (d->fail) {
        vireo_error_setg(errp, "disk refuses to start");
        return false;
    }
    note("realize", dev);
    return true;
}

static void disk_unrealize(DeviceState *dev)
{
    note("unrealize", dev);
}

static void any_reset(DeviceState *dev)
{
    note("reset", dev);
}

static void disk_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "a test disk";
    dc->category = DEVICE_CATEGORY_STORAGE;
    dc->user_creatable = true;
    dc->realize = disk_realize;
    dc->unrealize = disk_unrealize;
    dc->reset = any_reset;
    device_class_set_props(dc, disk_props);
}

static void backend_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "where a test disk's data goes";
    dc->user_creatable = true;
    dc->reset = any_reset;
}

static void internal_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "a board-only device";
    dc->category = DEVICE_CATEGORY_STORAGE;
    dc->reset = any_reset;
}

static void base_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->user_creatable = true;
}

/* ---- test machines ---- */

static bool board_init(MachineState *ms, GError **errp)
{
    if (ms->kernel_filename && !strcmp(ms->kernel_filename, "bad")) {
        vireo_error_setg(errp, "cannot load kernel 'bad'");
        return false;
    }
    return true;
}

static void board_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "a test board";
    mc->init = board_init;
    mc->is_default = true;
    mc->default_ram_size = 128 << 20;
    mc->default_cpus = 2;
    mc->max_cpus = 4;
    mc->default_cpu_type = "test-cpu";
}

static void board2_class_init(ObjectClass *oc, const void *data)
{
    MACHINE_CLASS(oc)->desc = "a variant of the test board";
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_DISK,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestDisk),
        .class_init = disk_class_init,
    },
    {
        .name = TYPE_TEST_BACKEND,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestBackend),
        .class_init = backend_class_init,
    },
    {
        .name = TYPE_TEST_INTERNAL,
        .parent = TYPE_DEVICE,
        .class_init = internal_class_init,
    },
    {
        .name = TYPE_TEST_BASE,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .class_init = base_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("test-board"),
        .parent = TYPE_MACHINE,
        .class_init = board_class_init,
    },
    {
        .name = MACHINE_TYPE_NAME("test-board2"),
        .parent = MACHINE_TYPE_NAME("test-board"),
        .class_init = board2_class_init,
    },
};

DEFINE_TYPES(test_types)

/* Capture what fn prints to a FILE. */
static G_GNUC_NO_INLINE char *capture(void (*fn)(FILE *out, void *opaque),
                                      void *opaque)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(f);
    fn(f, opaque);
    fclose(f);
    return buf;
}

static int peripheral_count(const char *container)
{
    Object *c = object_container_get(object_get_root(), container);
    int n = 0;
    ObjectPropertyIterator it;
    ObjectProperty *p;

    object_property_iter_init(&it, c);
    while ((p = object_property_iter_next(&it))) {
        n += p->kind == OBJECT_PROP_CHILD;
    }
    return n;
}

/* ---- realize ---- */

START_TEST(realize_and_defaults)
{
    TestDisk *d = (TestDisk *)object_new(TYPE_TEST_DISK);
    DeviceState *dev = DEVICE(d);
    GError *err = NULL;

    ck_assert_uint_eq(d->num_queues, 1);
    ck_assert_uint_eq(d->size, 1 << 20);
    ck_assert_int_eq(d->cache, 1);
    ck_assert(!dev->realized);
    ck_assert(!object_property_get_bool(OBJECT(d), "realized", NULL));
    ck_assert(qdev_realize(dev, &err));
    ck_assert_ptr_null(err);
    ck_assert(dev->realized);
    ck_assert(object_property_get_bool(OBJECT(d), "realized", NULL));
    ck_assert_str_eq(trace_str(), "realize:test-disk");

    /* an unattached device was put in the tree */
    g_autofree char *path = object_get_canonical_path(OBJECT(d));
    ck_assert_str_eq(path, "/machine/unattached/device[0]");
    ck_assert(qdev_realize(dev, NULL));          /* again: no-op */
    ck_assert_str_eq(trace_str(), "realize:test-disk");
    object_unref(d);

    object_unparent(OBJECT(d));                  /* unrealizes, frees */
    ck_assert_str_eq(trace_str(), "realize:test-disk unrealize:test-disk");
}
END_TEST

START_TEST(realize_failure_leaves_device_unrealized)
{
    TestDisk *d = (TestDisk *)object_new(TYPE_TEST_DISK);

    ck_assert(object_property_set_str(OBJECT(d), "fail", "on", NULL));
    EXPECT_FAIL(qdev_realize(DEVICE(d), &err_), "disk refuses to start",
                NULL);
    ck_assert(!DEVICE(d)->realized);
    ck_assert_ptr_null(OBJECT(d)->parent);      /* not left in the tree */
    ck_assert_int_eq(OBJECT(d)->ref, 1);
    /* still configurable, and realizes once fixed */
    ck_assert(object_property_set_bool(OBJECT(d), "fail", false, NULL));
    ck_assert(qdev_realize_and_unref(DEVICE(d), NULL));
    ck_assert(DEVICE(d)->realized);
    ck_assert_int_eq(OBJECT(d)->ref, 1);        /* the tree's */
}
END_TEST

START_TEST(properties_freeze_after_realize)
{
    TestDisk *d = (TestDisk *)object_new(TYPE_TEST_DISK);
    Object *o = OBJECT(d);

    ck_assert(object_property_set_str(o, "num-queues", "4", NULL));
    ck_assert(qdev_realize(DEVICE(d), NULL));
    EXPECT_FAIL(object_property_set_str(o, "num-queues", "8", &err_),
                "Property 'test-disk.num-queues' cannot be changed once the "
                "device is realized", NULL);
    EXPECT_FAIL(object_property_set_uint(o, "size", 5, &err_),
                "'test-disk.size'", "realized");
    ck_assert_uint_eq(d->num_queues, 4);
    g_autofree char *s = object_property_get_str(o, "num-queues", NULL);
    ck_assert_str_eq(s, "4");                   /* reading still works */

    /* unrealized again, it may be changed */
    ck_assert(object_property_set_bool(o, "realized", false, NULL));
    ck_assert(object_property_set_str(o, "num-queues", "8", NULL));
    ck_assert_uint_eq(d->num_queues, 8);
    object_unref(d);
}
END_TEST

START_TEST(prop_macros_check_types)
{
    const Property *p = &disk_props[0];

    ck_assert_str_eq(p->name, "num-queues");
    ck_assert_int_eq(p->type, OBJECT_FIELD_UINT16);
    ck_assert_uint_eq(p->offset, offsetof(TestDisk, num_queues));
    ck_assert(p->has_default);
    ck_assert_uint_eq(p->defval.u, 1);
    ck_assert_uint_eq(disk_props[6].offset, offsetof(TestDisk, backend));
    ck_assert_str_eq(disk_props[6].type_name, TYPE_TEST_BACKEND);
    ck_assert_ptr_eq(DEVICE_CLASS(object_class_by_name(TYPE_TEST_DISK))
                     ->props, disk_props);
    ck_assert_ptr_null(disk_props[7].name);
}
END_TEST

static Object *add_child_dev(Object *parent, const char *type, const char *id)
{
    DeviceState *dev = DEVICE(object_new(type));

    dev->id = g_strdup(id);
    object_property_add_child(parent, id, OBJECT(dev), NULL);
    object_unref(dev);
    return OBJECT(dev);
}

START_TEST(reset_all_children_first)
{
    Object *top = add_child_dev(object_get_root(), TYPE_TEST_BACKEND, "top");
    Object *mid = add_child_dev(top, TYPE_TEST_INTERNAL, "mid");
    Object *leaf = add_child_dev(mid, TYPE_TEST_BACKEND, "leaf");
    Object *off = add_child_dev(top, TYPE_TEST_BACKEND, "off");
    Object *side = add_child_dev(top, TYPE_TEST_BACKEND, "side");

    ck_assert(qdev_realize(DEVICE(top), NULL));
    ck_assert(qdev_realize(DEVICE(mid), NULL));
    ck_assert(qdev_realize(DEVICE(leaf), NULL));
    ck_assert(qdev_realize(DEVICE(side), NULL));
    (void)off;                                  /* not realized: skipped */
    ck_assert_str_eq(trace_str(), "");
    qdev_reset_all(object_get_root());
    ck_assert_str_eq(trace_str(),
                     "reset:leaf reset:mid reset:side reset:top");
    g_string_truncate(trace, 0);
    device_reset(DEVICE(off));
    ck_assert_str_eq(trace_str(), "");
    device_reset(DEVICE(mid));
    ck_assert_str_eq(trace_str(), "reset:mid");
}
END_TEST

/* ---- -device ---- */

START_TEST(device_add_with_id_and_props)
{
    GError *err = NULL;
    DeviceState *b = qdev_device_add_from_str("test-backend,id=b0", &err);
    DeviceState *dev;
    TestDisk *d;

    ck_assert_ptr_nonnull(b);
    dev = qdev_device_add_from_str(
        "test-disk,id=disk0,num-queues=4,serial=a,,b,,,readonly,"
        "size=2M,cache=none,backend=b0", &err);
    ck_assert_msg(dev != NULL, "%s", err ? err->message : "");
    d = (TestDisk *)dev;
    ck_assert(dev->realized);
    ck_assert_str_eq(dev->id, "disk0");
    ck_assert_uint_eq(d->num_queues, 4);
    ck_assert_str_eq(d->serial, "a,b,");
    ck_assert(d->readonly);
    ck_assert_uint_eq(d->size, 2 << 20);
    ck_assert_int_eq(d->cache, 0);
    ck_assert_ptr_eq(d->backend, (TestBackend *)b);
    ck_assert_ptr_eq(object_resolve_path("/machine/peripheral/disk0", NULL),
                     OBJECT(dev));
    ck_assert_int_eq(OBJECT(dev)->ref, 1);       /* held by the tree */

    /* driver= spelling, and no id */
    dev = qdev_device_add_from_str("driver=test-disk,serial=x", &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_ptr_null(dev->id);
    ck_assert_ptr_eq(object_resolve_path(
        "/machine/peripheral-anon/device[0]", NULL), OBJECT(dev));
    dev = qdev_device_add_from_str("test-backend", &err);
    ck_assert_ptr_eq(object_resolve_path(
        "/machine/peripheral-anon/device[1]", NULL), OBJECT(dev));
    ck_assert_ptr_null(err);
}
END_TEST

typedef struct AddError {
    const char *arg;
    const char *msg1;
    const char *msg2;
} AddError;

static const AddError add_errors[] = {
    { "nope", "'-device nope': no such device type", NULL },
    { "container", "'-device container': no such device type", NULL },
    { "test-base-dev", "'-device test-base-dev'", "abstract" },
    { "device", "'-device device'", "abstract" },
    { "test-internal-dev", "'-device test-internal-dev'",
      "cannot be created with -device" },
    { "test-disk,bogus=1", "Property 'test-disk.bogus' not found", NULL },
    { "test-disk,num-queues=-1",
      "Property 'test-disk.num-queues' cannot be set to '-1'",
      "0 to 65535" },
    { "test-disk,num-queues=65536", "cannot be set to '65536'",
      "out of range" },
    { "test-disk,size=12Q", "'test-disk.size' cannot be set to '12Q'", NULL },
    { "test-disk,cache=maybe", "cannot be set to 'maybe'",
      "none, writeback" },
    { "test-disk,backend=nobody", "cannot be set to 'nobody'",
      "no object" },
    { "test-disk,backend=/machine", "'/machine'", "not a 'test-backend'" },
    { "test-disk,fail=on,id=x", "disk refuses to start", NULL },
    { "test-disk,id=1abc", "device id '1abc' is not valid", NULL },
    { "test-disk,id=a/b", "device id 'a/b' is not valid", NULL },
    { "test-disk,id=", "device id '' is not valid", NULL },
    { "test-disk,id=a,id=b", "'id' given twice", NULL },
    { "test-disk,serial=a,serial=b", "property 'serial' given twice", NULL },
    { "test-disk,,x", "'-device test-disk,x': no such device type", NULL },
    { "", "empty option name", NULL },
    { "test-disk,=5", "empty option name", NULL },
    { "id=x", "no device type given", NULL },
    { "test-disk,help", "Property 'test-disk.help' not found", NULL },
    { "test-disk,realized=off,num-queues=x", "'x'", NULL },
};

START_TEST(device_add_errors)
{
    const AddError *e = &add_errors[_i];

    EXPECT_FAIL(qdev_device_add_from_str(e->arg, &err_), e->msg1, e->msg2);
    /* nothing is left behind */
    ck_assert_int_eq(peripheral_count("/machine/peripheral"), 0);
    ck_assert_int_eq(peripheral_count("/machine/peripheral-anon"), 0);
    ck_assert_int_eq(peripheral_count("/machine/unattached"), 0);
}
END_TEST

START_TEST(device_add_duplicate_id)
{
    ck_assert_ptr_nonnull(qdev_device_add_from_str("test-disk,id=d0", NULL));
    EXPECT_FAIL(qdev_device_add_from_str("test-backend,id=d0", &err_),
                "device id 'd0' is already in use", NULL);
    ck_assert_int_eq(peripheral_count("/machine/peripheral"), 1);
    ck_assert_str_eq(object_get_typename(
        object_resolve_path("/machine/peripheral/d0", NULL)), TYPE_TEST_DISK);
}
END_TEST

/* ---- help ---- */

static void print_device_help(FILE *out, void *opaque)
{
    qdev_print_device_help(out);
}

START_TEST(device_help_lists_user_creatable_by_category)
{
    g_autofree char *out = capture(print_device_help, NULL);
    char *storage = strstr(out, "Storage devices:\n");
    char *other = strstr(out, "Other devices:\n");

    ck_assert_ptr_nonnull(storage);
    ck_assert_ptr_nonnull(other);
    ck_assert_ptr_lt(storage, other);
    ck_assert_ptr_nonnull(strstr(storage, "  test-disk "));
    ck_assert_ptr_lt(strstr(out, "test-disk"), other);
    ck_assert_ptr_nonnull(strstr(out, "a test disk\n"));
    ck_assert_ptr_gt(strstr(out, "test-backend"), other);
    ck_assert_ptr_nonnull(strstr(out, "where a test disk's data goes"));
    ck_assert_ptr_null(strstr(out, "test-internal-dev"));
    ck_assert_ptr_null(strstr(out, "test-base-dev"));
    ck_assert_ptr_null(strstr(out, "Network devices"));  /* empty group */
}
END_TEST

static void print_disk_props(FILE *out, void *opaque)
{
    ck_assert(qdev_print_device_props(out, opaque, NULL));
}

START_TEST(device_props_help)
{
    g_autofree char *out = capture(print_disk_props, TYPE_TEST_DISK);
    g_autofree char *none = capture(print_disk_props, TYPE_TEST_BACKEND);

    ck_assert_ptr_nonnull(strstr(out, "test-disk properties:\n"));
    ck_assert_ptr_nonnull(strstr(out, "  num-queues=<uint16>"));
    ck_assert_ptr_nonnull(strstr(out, "- number of request queues "
                                      "(default: 1)\n"));
    ck_assert_ptr_nonnull(strstr(out, "  serial=<str>"));
    ck_assert_ptr_nonnull(strstr(out, "  size=<size>"));
    ck_assert_ptr_nonnull(strstr(out, "(default: 1048576)"));
    ck_assert_ptr_nonnull(strstr(out, "  cache=<CacheMode>"));
    ck_assert_ptr_nonnull(strstr(out, "(one of: none, writeback) "
                                      "(default: writeback)"));
    ck_assert_ptr_nonnull(strstr(out, "  backend=<link<test-backend>>"));
    ck_assert_ptr_nonnull(strstr(out, "make realize fail (default: false)"));
    ck_assert_ptr_null(strstr(out, "realized"));
    /* sorted by name */
    ck_assert_ptr_lt(strstr(out, "backend="), strstr(out, "cache="));
    ck_assert_ptr_lt(strstr(out, "serial="), strstr(out, "size="));
    ck_assert_ptr_nonnull(strstr(none, "'test-backend' has no properties"));
}
END_TEST

START_TEST(device_help_requests)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    GError *err = NULL;

    ck_assert_int_eq(qdev_device_help("test-disk,id=x", f, &err), 0);
    ck_assert_int_eq(qdev_device_help("help", f, &err), 1);
    ck_assert_int_eq(qdev_device_help("?", f, &err), 1);
    ck_assert_int_eq(qdev_device_help("test-disk,help", f, &err), 1);
    ck_assert_int_eq(qdev_device_help("test-disk,serial=a,?", f, &err), 1);
    ck_assert_ptr_null(err);
    ck_assert_int_eq(qdev_device_help("nope,help", f, &err), -1);
    ck_assert_str_eq(err->message,
                     "'-device nope': no such device type (try -device "
                     "help)");
    g_clear_error(&err);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "Storage devices:"));
    ck_assert_ptr_nonnull(strstr(buf, "test-disk properties:"));
    free(buf);
}
END_TEST

/* ---- machines ---- */

static void print_machines(FILE *out, void *opaque)
{
    machine_print_help(out);
}

START_TEST(machine_lookup_and_help)
{
    MachineClass *none = machine_find_class("none", NULL);
    MachineClass *board = machine_find_class("test-board", NULL);
    MachineClass *board2 = machine_find_class("test-board2", NULL);
    g_autofree char *out = capture(print_machines, NULL);

    ck_assert_ptr_nonnull(none);
    ck_assert_str_eq(none->name, "none");
    ck_assert_str_eq(object_class_get_name(OBJECT_CLASS(none)),
                     "none-machine");
    ck_assert_str_eq(none->desc, "empty machine");
    ck_assert_ptr_eq(machine_find_class(NULL, NULL), board);
    ck_assert(!board2->is_default);             /* not inherited */
    ck_assert_uint_eq(board2->max_cpus, 4);     /* but limits are */
    EXPECT_FAIL(machine_find_class("pc-q35", &err_),
                "unsupported machine type 'pc-q35'", "-M help");
    EXPECT_FAIL(machine_find_class("test", &err_), "'test'", NULL);

    ck_assert_ptr_nonnull(strstr(out, "Supported machines:\n"));
    ck_assert_ptr_nonnull(strstr(out, "  none "));
    ck_assert_ptr_nonnull(strstr(out, "empty machine\n"));
    ck_assert_ptr_nonnull(strstr(out, "a test board (default)\n"));
    ck_assert_ptr_nonnull(strstr(out, "a variant of the test board\n"));
    ck_assert_ptr_lt(strstr(out, "  none"), strstr(out, "  test-board "));
}
END_TEST

START_TEST(machine_create_and_init)
{
    MachineState *ms;
    GError *err = NULL;

    ck_assert_ptr_null(machine_current());
    ms = machine_create(NULL, &err);
    ck_assert_ptr_nonnull(ms);
    ck_assert_ptr_eq(machine_current(), ms);
    ck_assert_ptr_eq(qdev_get_machine(), OBJECT(ms));
    ck_assert_uint_eq(ms->ram_size, 128 << 20);
    ck_assert_uint_eq(ms->smp.cpus, 2);
    ck_assert_ptr_null(ms->cpu_type);

    ck_assert(object_property_set_str(OBJECT(ms), "ram-size", "1G", NULL));
    ck_assert(object_property_set_str(OBJECT(ms), "kernel", "Image", NULL));
    ck_assert(object_property_set_str(OBJECT(ms), "append", "console=ttyS0",
                                      NULL));
    ck_assert(object_property_set_str(OBJECT(ms), "smp-cpus", "5", NULL));
    ck_assert_uint_eq(ms->ram_size, 1 << 30);
    ck_assert_str_eq(ms->kernel_filename, "Image");
    ck_assert_str_eq(ms->kernel_cmdline, "console=ttyS0");
    EXPECT_FAIL(machine_run_board_init(ms, &err_),
                "5 CPUs requested, but machine 'test-board' supports at "
                "most 4", NULL);
    ck_assert(object_property_set_str(OBJECT(ms), "smp-cpus", "0", NULL));
    EXPECT_FAIL(machine_run_board_init(ms, &err_), "at least one CPU", NULL);
    ck_assert(object_property_set_str(OBJECT(ms), "smp-cpus", "4", NULL));
    ck_assert(object_property_set_str(OBJECT(ms), "kernel", "bad", NULL));
    EXPECT_FAIL(machine_run_board_init(ms, &err_), "cannot load kernel",
                NULL);
    ck_assert(object_property_set_str(OBJECT(ms), "kernel", "Image", NULL));
    ck_assert(machine_run_board_init(ms, &err));
    ck_assert_str_eq(ms->cpu_type, "test-cpu");
    EXPECT_FAIL(object_property_set_str(OBJECT(ms), "ram-size", "1Z",
                                        &err_),
                "Property 'test-board-machine.ram-size' cannot be set to "
                "'1Z'", NULL);

    /* one machine only; devices go under it */
    EXPECT_FAIL(machine_create("none", &err_), "already has a property "
                "'machine'", NULL);
    DeviceState *dev = qdev_device_add_from_str("test-disk,id=d", &err);
    ck_assert_ptr_eq(OBJECT(dev)->parent->parent, OBJECT(ms));
    ck_assert_ptr_null(err);
}
END_TEST

START_TEST(machine_none_is_empty)
{
    MachineState *ms = machine_create("none", NULL);
    GError *err = NULL;

    ck_assert_uint_eq(ms->ram_size, 0);
    ck_assert_uint_eq(ms->smp.cpus, 0);
    ck_assert(machine_run_board_init(ms, &err));
    ck_assert_ptr_null(ms->cpu_type);
    ck_assert(object_property_set_str(OBJECT(ms), "smp-cpus", "2", NULL));
    EXPECT_FAIL(machine_run_board_init(ms, &err_), "at most 1", NULL);
    EXPECT_FAIL(machine_create("nope", &err_), "'nope'", NULL);
}
END_TEST

static Suite *qdev_suite(void)
{
    Suite *s = suite_create("qdev");
    TCase *dev = tcase_create("device");
    TCase *add = tcase_create("device-add");
    TCase *machine = tcase_create("machine");

    tcase_add_test(dev, realize_and_defaults);
    tcase_add_test(dev, realize_failure_leaves_device_unrealized);
    tcase_add_test(dev, properties_freeze_after_realize);
    tcase_add_test(dev, prop_macros_check_types);
    tcase_add_test(dev, reset_all_children_first);
    suite_add_tcase(s, dev);

    tcase_add_test(add, device_add_with_id_and_props);
    tcase_add_loop_test(add, device_add_errors, 0, G_N_ELEMENTS(add_errors));
    tcase_add_test(add, device_add_duplicate_id);
    tcase_add_test(add, device_help_lists_user_creatable_by_category);
    tcase_add_test(add, device_props_help);
    tcase_add_test(add, device_help_requests);
    suite_add_tcase(s, add);

    tcase_add_test(machine, machine_lookup_and_help);
    tcase_add_test(machine, machine_create_and_init);
    tcase_add_test(machine, machine_none_is_empty);
    suite_add_tcase(s, machine);
    return s;
}

VIREO_CHECK_MAIN(qdev_suite)
