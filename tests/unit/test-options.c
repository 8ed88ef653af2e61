/*
 * softmmu/options*.c: every option parsed into VireoConfig, and every
 * error with the exact line users will read (minus the program name).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "softmmu/options.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

/* Parse a shell-quoted command line (without argv[0]). */
static bool run_parse(const char *cmdline, VireoConfig **cfgp, GError **errp)
{
    g_autofree char *full = g_strdup_printf("vireo-system-riscv64 %s",
                                            cmdline);
    g_auto(GStrv) argv = NULL;
    int argc = 0;

    g_assert(g_shell_parse_argv(full, &argc, &argv, NULL));
    return options_parse(argc, argv, cfgp, errp);
}

static VireoConfig *parse_ok(const char *cmdline)
{
    VireoConfig *cfg = NULL;
    GError *err = NULL;

    ck_assert_msg(run_parse(cmdline, &cfg, &err), "%s: %s", cmdline,
                  err ? err->message : "");
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

/* Parse and validate; both must pass. */
static VireoConfig *valid_ok(const char *cmdline)
{
    VireoConfig *cfg = parse_ok(cmdline);
    GError *err = NULL;

    ck_assert_msg(options_validate(cfg, &err), "%s: %s", cmdline,
                  err ? err->message : "");
    return cfg;
}

static VireoConfig *cfg;

static void teardown(void)
{
    g_clear_pointer(&cfg, options_config_free);
}

static void setup_prgname(void)
{
    g_set_prgname("vireo-system-riscv64");
}

/* ---- errors from options_parse() ---------------------------------- */

#define NOT_SIZE " is not a valid size (a number with an optional suffix " \
                 "B, K, M, G, T, P or E)"
#define TRAILING "trailing ',' (write ',,' for a comma in a value)"
#define BAD_ID "(a letter, then letters, digits, '-', '.' or '_')"
#define CHARDEV_HINT "(e.g. stdio, null, pty, mon:stdio, file:PATH, " \
                     "chardev:ID, tcp:HOST:PORT)"

static const struct {
    const char *cmdline;
    const char *msg;
} parse_errors[] = {
    /* the option itself */
    { "-foo", "-foo: invalid option" },
    { "--foo", "--foo: invalid option" },
    { "--", "--: invalid option" },
    { "-", "-: invalid option" },
    { "---m 1G", "---m: invalid option" },
    { "-m=1G", "-m=1G: invalid option" },
    { "-M virt -Machine virt", "-Machine: invalid option" },
    { "disk.img", "disk.img: a disk image argument is not supported yet "
      "(options start with '-')" },
    { "''", "'': a disk image argument is not supported yet (options "
      "start with '-')" },
    { "-m", "-m: requires an argument" },
    { "--kernel", "-kernel: requires an argument" },
    { "-M", "-M: requires an argument" },
    { "-m 1G -smp", "-smp: requires an argument" },
    /* -m */
    { "-m 0", "-m 0: memory size must be > 0" },
    { "-m 0G", "-m 0G: memory size must be > 0" },
    { "-m size=0", "-m size=0: memory size must be > 0" },
    { "-m 5T", "-m 5T: memory size must be at most 4 TiB" },
    { "-m 4194305", "-m 4194305: memory size must be at most 4 TiB" },
    { "-m abc", "-m abc: size: 'abc'" NOT_SIZE },
    { "-m -1", "-m -1: size: '-1'" NOT_SIZE },
    { "-m 16E", "-m 16E: size: '16E' is too large" },
    { "-m 1.5B", "-m 1.5B: size: '1.5B' is not a whole number of bytes" },
    { "-m ''", "-m '': empty parameter list" },
    { "-m 1G,", "-m 1G,: " TRAILING },
    { "-m 1G,foo=1", "-m 1G,foo=1: unknown parameter 'foo' (expected one "
      "of: size, slots, maxmem)" },
    { "-m 2G,maxmem=1G", "-m 2G,maxmem=1G: maxmem (1 GiB) must be at "
      "least size (2 GiB)" },
    { "-m 1G,maxmem=4G", "-m 1G,maxmem=4G: maxmem (4 GiB) above size "
      "(1 GiB) needs slots= for the memory to plug in" },
    { "-m 1G,slots=2", "-m 1G,slots=2: slots= needs maxmem larger than "
      "size (1 GiB)" },
    { "-m 1G,slots=300,maxmem=2G", "-m 1G,slots=300,maxmem=2G: slots must "
      "be at most 256" },
    { "-m 1G,maxmem=8T,slots=1", "-m 1G,maxmem=8T,slots=1: maxmem must be "
      "at most 4 TiB" },
    { "-m 1G,maxmem=x,slots=1", "-m 1G,maxmem=x,slots=1: maxmem: 'x'"
      NOT_SIZE },
    { "-m 1G,slots=x", "-m 1G,slots=x: slots: 'x' is not a number" },
    { "-m help", "-m help: no help here; see docs/options.md" },
    { "-m 1G -m 0", "-m 0: memory size must be > 0" },
    /* -smp */
    { "-smp 0", "-smp 0: cpus must be > 0" },
    { "-smp cores=0", "-smp cores=0: cores must be > 0" },
    { "-smp 1000", "-smp 1000: cpus=1000 is more than the maximum of 512" },
    { "-smp 2,threads=600", "-smp 2,threads=600: threads=600 is more than "
      "the maximum of 512" },
    { "-smp x", "-smp x: cpus: 'x' is not a number" },
    { "-smp 4,maxcpus=2", "-smp 4,maxcpus=2: cpus (4) is more than maxcpus "
      "(2)" },
    { "-smp 8,cores=3", "-smp 8,cores=3: sockets (2) * cores (3) * threads "
      "(1) = 6 does not match maxcpus (8)" },
    { "-smp 2,sockets=4", "-smp 2,sockets=4: sockets (4) * cores (0) * "
      "threads (1) = 0 does not match maxcpus (2)" },
    { "-smp sockets=2,cores=2,threads=2,maxcpus=16",
      "-smp sockets=2,cores=2,threads=2,maxcpus=16: sockets (2) * cores "
      "(2) * threads (2) = 8 does not match maxcpus (16)" },
    { "-smp sockets=512,cores=2", "-smp sockets=512,cores=2: 1024 CPUs is "
      "more than the maximum of 512" },
    { "-smp 4,dies=2", "-smp 4,dies=2: unknown parameter 'dies' (expected "
      "one of: cpus, maxcpus, sockets, cores, threads)" },
    { "-smp 4,,", "-smp 4,,: cpus: '4,' is not a number" },
    { "-smp help", "-smp help: no help here; see docs/options.md" },
    /* -machine, -cpu */
    { "-M ''", "-M '': empty parameter list" },
    { "-M virt,dumpdtb=a,dumpdtb=b", "-M virt,dumpdtb=a,dumpdtb=b: "
      "parameter 'dumpdtb' given twice" },
    { "-machine virt,type=spike", "-machine virt,type=spike: parameter "
      "'type' given twice" },
    { "-M type=", "-M type=: machine type is empty" },
    { "-M virt,accel=kvm", "-M virt,accel=kvm: accel= is not a machine "
      "property: use -accel NAME" },
    { "-M virt,", "-M virt,: " TRAILING },
    { "-M ,virt", "-M ,virt: empty parameter before ','" },
    { "-cpu ''", "-cpu '': CPU model name is empty" },
    { "-cpu ,v=true", "-cpu ,v=true: CPU model name is empty" },
    /* -accel */
    { "-accel foo", "-accel foo: unknown accelerator 'foo' (tcg or kvm)" },
    { "-accel thread=multi", "-accel thread=multi: accelerator name "
      "missing (tcg or kvm)" },
    { "-accel tcg,backend=llvm", "-accel tcg,backend=llvm: backend: "
      "'llvm' is not one of: native, tci" },
    { "-accel tcg,tb-size=4096", "-accel tcg,tb-size=4096: tb-size must be "
      "at most 2048 (MiB)" },
    { "-accel tcg,tb-size=x", "-accel tcg,tb-size=x: tb-size: 'x' is not a "
      "number" },
    { "-accel tcg,one-insn-per-tb=maybe", "-accel tcg,one-insn-per-tb=maybe:"
      " one-insn-per-tb: 'maybe' is not a boolean (use on or off)" },
    { "-accel tcg,thread=many", "-accel tcg,thread=many: thread: 'many' is "
      "not one of: single, multi" },
    { "-accel tcg,foo=1", "-accel tcg,foo=1: unknown parameter 'foo' "
      "(expected one of: backend, tb-size, one-insn-per-tb, thread)" },
    { "-accel kvm,kernel-irqchip=maybe", "-accel kvm,kernel-irqchip=maybe: "
      "kernel-irqchip: 'maybe' is not one of: on, off, split" },
    { "-accel kvm,tb-size=1", "-accel kvm,tb-size=1: unknown parameter "
      "'tb-size' (expected one of: kernel-irqchip)" },
    { "-accel tcg,help", "-accel tcg,help: no help here; see "
      "docs/options.md" },
    /* -name, -rtc, -icount */
    { "-name guest=x,debug-threads=2", "-name guest=x,debug-threads=2: "
      "debug-threads: '2' is not a boolean (use on or off)" },
    { "-name x,foo=y", "-name x,foo=y: unknown parameter 'foo' (expected "
      "one of: guest, process, debug-threads)" },
    { "-rtc base=yesterday", "-rtc base=yesterday: base: 'yesterday' is "
      "not utc, localtime or a date like 2006-06-17T16:01:21" },
    { "-rtc base=2006-02-30", "-rtc base=2006-02-30: base: '2006-02-30' is "
      "not utc, localtime or a date like 2006-06-17T16:01:21" },
    { "-rtc base=2006-06-17T25:00:00", "-rtc base=2006-06-17T25:00:00: "
      "base: '2006-06-17T25:00:00' is not utc, localtime or a date like "
      "2006-06-17T16:01:21" },
    { "-rtc base=2006-06-17T10:00", "-rtc base=2006-06-17T10:00: base: "
      "'2006-06-17T10:00' is not utc, localtime or a date like "
      "2006-06-17T16:01:21" },
    { "-rtc clock=wall", "-rtc clock=wall: clock: 'wall' is not one of: "
      "host, rt, vm" },
    { "-rtc driftfix=fast", "-rtc driftfix=fast: driftfix: 'fast' is not "
      "one of: none, slew" },
    { "-rtc utc", "-rtc utc: unknown parameter 'utc' (expected one of: "
      "base, clock, driftfix)" },
    { "-icount 11", "-icount 11: shift: '11' is neither auto nor a number "
      "0..10" },
    { "-icount shift=fast", "-icount shift=fast: shift: 'fast' is neither "
      "auto nor a number 0..10" },
    { "-icount 2,align=x", "-icount 2,align=x: align: 'x' is not a boolean "
      "(use on or off)" },
    { "-icount 2,sleep=x", "-icount 2,sleep=x: sleep: 'x' is not a boolean "
      "(use on or off)" },
    /* files */
    { "-kernel ''", "-kernel '': file name is empty" },
    { "-bios ''", "-bios '': file name is empty" },
    { "-initrd ''", "-initrd '': file name is empty" },
    { "-dtb ''", "-dtb '': file name is empty" },
    { "-D ''", "-D '': file name is empty" },
    { "-L ''", "-L '': directory name is empty" },
    /* -d */
    { "-d bogus", "-d bogus: unknown log item 'bogus' (try -d help)" },
    { "-d in_asm,help", "-d in_asm,help: unknown log item 'help' (try -d "
      "help)" },
    /* -drive */
    { "-drive format=raw", "-drive format=raw: file= is required (only "
      "media=cdrom may be empty)" },
    { "-drive file=", "-drive file=: file= is empty" },
    { "-drive file=a,format=vmdk", "-drive file=a,format=vmdk: format: "
      "'vmdk' is not one of: raw, qcow2" },
    { "-drive file=a,if=usb", "-drive file=a,if=usb: if: 'usb' is not one "
      "of: none, virtio, pflash, mtd, sd, ide, scsi, floppy" },
    { "-drive file=a,readonly=maybe", "-drive file=a,readonly=maybe: "
      "readonly: 'maybe' is not a boolean (use on or off)" },
    { "-drive file=a,snapshot=2", "-drive file=a,snapshot=2: snapshot: "
      "'2' is not a boolean (use on or off)" },
    { "-drive file=a,cache=fast", "-drive file=a,cache=fast: cache: 'fast' "
      "is not one of: writeback, writethrough, none, directsync, unsafe" },
    { "-drive file=a,media=tape", "-drive file=a,media=tape: media: 'tape' "
      "is not one of: disk, cdrom" },
    { "-drive file=a,discard=x", "-drive file=a,discard=x: discard: 'x' is "
      "not one of: ignore, off, unmap, on" },
    { "-drive file=a,aio=x", "-drive file=a,aio=x: aio: 'x' is not one of: "
      "threads, native, io_uring" },
    { "-drive file=a,index=300", "-drive file=a,index=300: index must be at "
      "most 255" },
    { "-drive file=a,unit=x", "-drive file=a,unit=x: unit: 'x' is not a "
      "number" },
    { "-drive file=a,index=1,bus=0", "-drive file=a,index=1,bus=0: index= "
      "cannot be combined with bus= or unit=" },
    { "-drive file=a,id=1x", "-drive file=a,id=1x: invalid id '1x' "
      BAD_ID },
    { "-drive file=a,id=d0 -drive file=b,id=d0", "-drive file=b,id=d0: id "
      "'d0' is already used by another -drive" },
    { "-drive file=a,bogus=1", "-drive file=a,bogus=1: unknown parameter "
      "'bogus' (expected one of: file, format, if, id, index, bus, unit, "
      "media, readonly, cache, snapshot, discard, aio)" },
    { "-drive file=a,help", "-drive file=a,help: no help here; see "
      "docs/options.md" },
    { "-drive ''", "-drive '': empty parameter list" },
    /* -device */
    { "-device ''", "-device '': empty parameter list" },
    { "-device id=x", "-device id=x: device name missing (it comes first: "
      "-device NAME,prop=value)" },
    { "-device driver=", "-device driver=: device name missing (it comes "
      "first: -device NAME,prop=value)" },
    { "-device virtio-net-device,id=9", "-device virtio-net-device,id=9: "
      "invalid id '9' " BAD_ID },
    { "-device a,id=x -device b,id=x", "-device b,id=x: id 'x' is already "
      "used by another -device" },
    { "-device a,b=1,=2", "-device a,b=1,=2: empty parameter name before "
      "'=2'" },
    { "-device a,b=1,", "-device a,b=1,: " TRAILING },
    /* -netdev, -nic */
    { "-netdev id=n0", "-netdev id=n0: type= missing (it comes first: "
      "-netdev user,id=...)" },
    { "-netdev user", "-netdev user: id= is required" },
    { "-netdev foo,id=n0", "-netdev foo,id=n0: type: 'foo' is not one of: "
      "user, tap, bridge, socket, stream, dgram, l2tpv3, vde, hubport, "
      "vhost-user, vhost-vdpa" },
    { "-netdev user,id=n0 -netdev tap,id=n0", "-netdev tap,id=n0: id 'n0' "
      "is already used by another -netdev" },
    { "-netdev user,id=-x", "-netdev user,id=-x: invalid id '-x' " BAD_ID },
    { "-nic foo", "-nic foo: type: 'foo' is not one of: none, user, tap, "
      "bridge, socket, stream, dgram, l2tpv3, vde, hubport, vhost-user, "
      "vhost-vdpa" },
    { "-nic model=virtio", "-nic model=virtio: type= missing (it comes "
      "first: -nic user,id=...)" },
    /* -chardev and the legacy chardev specs */
    { "-chardev id=c0", "-chardev id=c0: backend= missing (it comes first: "
      "-chardev socket,id=...)" },
    { "-chardev stdio", "-chardev stdio: id= is required" },
    { "-chardev stdio,id=c0 -chardev null,id=c0", "-chardev null,id=c0: id "
      "'c0' is already used by another -chardev" },
    { "-serial foo", "-serial foo: unknown character device 'foo' "
      CHARDEV_HINT },
    { "-serial ''", "-serial '': unknown character device '' "
      CHARDEV_HINT },
    { "-serial file:", "-serial file:: 'file:' needs something after the "
      "':'" },
    { "-serial chardev:", "-serial chardev:: 'chardev:' needs something "
      "after the ':'" },
    { "-serial tcp:localhost", "-serial tcp:localhost: 'tcp:localhost' "
      "needs HOST:PORT with a port number 0..65535" },
    { "-serial tcp::99999", "-serial tcp::99999: 'tcp::99999' needs "
      "HOST:PORT with a port number 0..65535" },
    { "-serial telnet::x,server=on", "-serial telnet::x,server=on: "
      "'telnet::x,server=on' needs HOST:PORT with a port number 0..65535" },
    { "-serial mon:mon:stdio", "-serial mon:mon:stdio: 'mon:mon:stdio' "
      "nests mon: twice" },
    { "-serial mon:bogus", "-serial mon:bogus: unknown character device "
      "'bogus' " CHARDEV_HINT },
    { "-serial null -serial null -serial null -serial null -serial pty",
      "-serial pty: too many serial ports (at most 4)" },
    { "-monitor bogus", "-monitor bogus: unknown character device 'bogus' "
      CHARDEV_HINT },
    { "-qmp unix:", "-qmp unix:: 'unix:' needs something after the ':'" },
    { "-gdb 1234", "-gdb 1234: unknown character device '1234' "
      CHARDEV_HINT },
    /* -display */
    { "-display gtk", "-display gtk: display 'gtk' is not available (only "
      "none)" },
    { "-display ''", "-display '': display '' is not available (only "
      "none)" },
    /* a value with a newline still makes one line */
    { "-m '1\n2'", "-m 1\\x0a2: size: '1\\x0a2'" NOT_SIZE },
};

START_TEST(parse_error_is_exact)
{
    VireoConfig *c = (VireoConfig *)1;
    GError *err = NULL;

    ck_assert_msg(!run_parse(parse_errors[_i].cmdline, &c, &err),
                  "accepted: %s", parse_errors[_i].cmdline);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(err);
    ck_assert(err->domain == VIREO_ERROR);
    ck_assert_str_eq(err->message, parse_errors[_i].msg);
    ck_assert_ptr_null(strchr(err->message, '\n'));
    g_error_free(err);
}
END_TEST

/* ---- errors from options_validate() ------------------------------- */

static const struct {
    const char *cmdline;
    VireoErrorCode code;
    const char *msg;
} validate_errors[] = {
    { "-netdev user,id=n0", VIREO_ERROR_NOT_SUPPORTED,
      "-netdev: not supported yet" },
    { "-nic user", VIREO_ERROR_NOT_SUPPORTED, "-nic: not supported yet" },
    { "-rtc base=utc", VIREO_ERROR_NOT_SUPPORTED, "-rtc: not supported yet" },
    { "-icount auto", VIREO_ERROR_NOT_SUPPORTED,
      "-icount: not supported yet" },
    { "-m 1G -netdev user,id=n -drive file=x", VIREO_ERROR_NOT_SUPPORTED,
      "-netdev: not supported yet" },
    { "-initrd rootfs.cpio", VIREO_ERROR_INVALID,
      "-initrd rootfs.cpio: only allowed with -kernel" },
    { "-append 'console=ttyS0 quiet'", VIREO_ERROR_INVALID,
      "-append console=ttyS0 quiet: only allowed with -kernel" },
    { "-append ''", VIREO_ERROR_INVALID,
      "-append '': only allowed with -kernel" },
    { "-dtb board.dtb", VIREO_ERROR_INVALID,
      "-dtb board.dtb: only allowed with -kernel" },
    { "-nographic -display none", VIREO_ERROR_INVALID,
      "-nographic: cannot be combined with -display" },
    { "-device virtio-serial-device,chardev=c9", VIREO_ERROR_NOT_FOUND,
      "-device virtio-serial-device,chardev=c9: no -chardev with id 'c9'" },
    { "-chardev null,id=c0 -device a,chardev=c0 -device b,chardev=c0",
      VIREO_ERROR_INVALID, "-device b,chardev=c0: chardev 'c0' is already "
      "used by -device a,chardev=c0" },
    { "-serial chardev:c1", VIREO_ERROR_NOT_FOUND,
      "-serial chardev:c1: no -chardev with id 'c1'" },
    { "-chardev null,id=c0 -serial mon:chardev:c1", VIREO_ERROR_NOT_FOUND,
      "-serial mon:chardev:c1: no -chardev with id 'c1'" },
    { "-serial stdio -serial mon:stdio", VIREO_ERROR_INVALID,
      "-serial mon:stdio: stdio is already used by -serial stdio" },
    { "-device 'a\nb,chardev=x'", VIREO_ERROR_NOT_FOUND,
      "-device a\\x0ab,chardev=x: no -chardev with id 'x'" },
};

START_TEST(validate_error_is_exact)
{
    GError *err = NULL;

    cfg = parse_ok(validate_errors[_i].cmdline);
    ck_assert_msg(!options_validate(cfg, &err), "accepted: %s",
                  validate_errors[_i].cmdline);
    ck_assert(g_error_matches(err, VIREO_ERROR, validate_errors[_i].code));
    ck_assert_str_eq(err->message, validate_errors[_i].msg);
    g_error_free(err);
}
END_TEST

/* ---- what each option puts into the configuration ------------------ */

START_TEST(defaults)
{
    cfg = valid_ok("");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_RUN);
    ck_assert_ptr_null(cfg->machine_type);
    ck_assert_uint_eq(keyval_count(cfg->machine_props), 0);
    ck_assert_ptr_null(cfg->cpu);
    ck_assert_uint_eq(cfg->ram_size, OPTIONS_DEFAULT_RAM);
    ck_assert(!cfg->ram_size_given);
    ck_assert_uint_eq(cfg->maxmem, OPTIONS_DEFAULT_RAM);
    ck_assert_uint_eq(cfg->smp.cpus, 1);
    ck_assert_uint_eq(cfg->smp.maxcpus, 1);
    ck_assert_uint_eq(cfg->accels->len, 0);
    ck_assert_uint_eq(cfg->devices->len + cfg->drives->len +
                      cfg->serials->len + cfg->chardevs->len, 0);
    ck_assert(!cfg->nographic && !cfg->start_stopped && !cfg->no_reboot);
    ck_assert_ptr_null(cfg->gdb);
    ck_assert_int_eq(cfg->log_mask, 0);
}
END_TEST

START_TEST(machine_merges)
{
    cfg = valid_ok("-M virt,dumpdtb=f.dtb --machine aclint=on "
                   "-M dumpdtb=g.dtb");
    ck_assert_str_eq(cfg->machine_type, "virt");
    ck_assert_uint_eq(keyval_count(cfg->machine_props), 2);
    ck_assert_str_eq(keyval_get(cfg->machine_props, "dumpdtb"), "g.dtb");
    ck_assert_str_eq(keyval_get(cfg->machine_props, "aclint"), "on");
    ck_assert(!cfg->machine_help);
    options_config_free(cfg);

    cfg = valid_ok("-M virt -machine type=spike");
    ck_assert_str_eq(cfg->machine_type, "spike");
    options_config_free(cfg);

    cfg = parse_ok("-M help");
    ck_assert(cfg->machine_help);
    ck_assert_ptr_null(cfg->machine_type);
    options_config_free(cfg);

    cfg = parse_ok("-M virt,help");
    ck_assert(cfg->machine_help);
    ck_assert_str_eq(cfg->machine_type, "virt");
}
END_TEST

START_TEST(cpu_model_and_help)
{
    cfg = valid_ok("-cpu rv64,v=true,vlen=256");
    ck_assert_str_eq(cfg->cpu, "rv64,v=true,vlen=256");
    ck_assert_str_eq(cfg->cpu_model, "rv64");
    ck_assert(!cfg->cpu_help);
    options_config_free(cfg);

    cfg = parse_ok("-cpu help");
    ck_assert(cfg->cpu_help);
    ck_assert_ptr_null(cfg->cpu_model);
    options_config_free(cfg);

    cfg = parse_ok("-cpu ?");
    ck_assert(cfg->cpu_help);
    options_config_free(cfg);

    cfg = parse_ok("-cpu rv64,help");
    ck_assert(cfg->cpu_help);
    ck_assert_str_eq(cfg->cpu_model, "rv64");
    options_config_free(cfg);

    cfg = parse_ok("-cpu help -cpu max,+x");
    ck_assert(!cfg->cpu_help);
    ck_assert_str_eq(cfg->cpu_model, "max");
}
END_TEST

static const struct {
    const char *cmdline;
    uint64_t ram, maxmem;
    unsigned slots;
} memory_ok[] = {
    { "-m 512", UINT64_C(512) << 20, UINT64_C(512) << 20, 0 },
    { "-m 2G", UINT64_C(2) << 30, UINT64_C(2) << 30, 0 },
    { "--m 1.5G", UINT64_C(3) << 29, UINT64_C(3) << 29, 0 },
    { "-m 1", UINT64_C(1) << 20, UINT64_C(1) << 20, 0 },
    { "-m 1000000B", 1007616, 1007616, 0 },   /* rounded up to 8 KiB */
    { "-m 4T", UINT64_C(4) << 40, UINT64_C(4) << 40, 0 },
    { "-m size=1G,slots=2,maxmem=4G", UINT64_C(1) << 30, UINT64_C(4) << 30,
      2 },
    { "-m 1G -m maxmem=2G,slots=1", UINT64_C(1) << 30, UINT64_C(2) << 30,
      1 },
    { "-m 1G -m 2G", UINT64_C(2) << 30, UINT64_C(2) << 30, 0 },
    { "-m 256,size=1G", UINT64_C(1) << 30, UINT64_C(1) << 30, 0 },
};

START_TEST(memory_sizes)
{
    cfg = valid_ok(memory_ok[_i].cmdline);
    ck_assert(cfg->ram_size_given);
    ck_assert_uint_eq(cfg->ram_size, memory_ok[_i].ram);
    ck_assert_uint_eq(cfg->maxmem, memory_ok[_i].maxmem);
    ck_assert_uint_eq(cfg->ram_slots, memory_ok[_i].slots);
}
END_TEST

static const struct {
    const char *cmdline;
    OptionsSmp smp;     /* cpus, maxcpus, sockets, cores, threads */
} smp_ok[] = {
    { "-smp 4", { 4, 4, 1, 4, 1 } },
    { "-smp cpus=4", { 4, 4, 1, 4, 1 } },
    { "-smp 4,sockets=2", { 4, 4, 2, 2, 1 } },
    { "-smp 2,maxcpus=8,threads=2", { 2, 8, 1, 4, 2 } },
    { "-smp sockets=2,cores=2", { 4, 4, 2, 2, 1 } },
    { "-smp 8,cores=2,threads=2", { 8, 8, 2, 2, 2 } },
    { "-smp 4,sockets=1,cores=2", { 4, 4, 1, 2, 2 } },
    { "-smp threads=2", { 2, 2, 1, 1, 2 } },
    { "-smp 2 -smp maxcpus=4", { 2, 4, 1, 4, 1 } },
    { "-smp 512", { 512, 512, 1, 512, 1 } },
    { "-smp 1,maxcpus=512,sockets=8", { 1, 512, 8, 64, 1 } },
};

START_TEST(smp_topology)
{
    cfg = valid_ok(smp_ok[_i].cmdline);
    ck_assert_uint_eq(cfg->smp.cpus, smp_ok[_i].smp.cpus);
    ck_assert_uint_eq(cfg->smp.maxcpus, smp_ok[_i].smp.maxcpus);
    ck_assert_uint_eq(cfg->smp.sockets, smp_ok[_i].smp.sockets);
    ck_assert_uint_eq(cfg->smp.cores, smp_ok[_i].smp.cores);
    ck_assert_uint_eq(cfg->smp.threads, smp_ok[_i].smp.threads);
}
END_TEST

START_TEST(accel_list)
{
    const OptionsAccel *a;

    cfg = valid_ok("-accel tcg,backend=tci,tb-size=64,one-insn-per-tb=on,"
                   "thread=single -accel tcg,thread=multi -accel tcg");
    ck_assert_uint_eq(cfg->accels->len, 3);
    a = cfg->accels->pdata[0];
    ck_assert_str_eq(a->name, "tcg");
    ck_assert_int_eq(a->tcg_backend, OPTIONS_TCG_BACKEND_TCI);
    ck_assert_uint_eq(a->tb_size_mb, 64);
    ck_assert(a->one_insn_per_tb);
    ck_assert_int_eq(a->tcg_thread, OPTIONS_TCG_THREAD_SINGLE);
    ck_assert_ptr_null(keyval_get(a->props, "accel"));
    ck_assert_str_eq(keyval_get(a->props, "backend"), "tci");
    a = cfg->accels->pdata[1];
    ck_assert_int_eq(a->tcg_thread, OPTIONS_TCG_THREAD_MULTI);
    ck_assert_int_eq(a->tcg_backend, OPTIONS_TCG_BACKEND_NATIVE);
    a = cfg->accels->pdata[2];
    ck_assert_int_eq(a->tcg_thread, OPTIONS_TCG_THREAD_DEFAULT);
    ck_assert_uint_eq(a->tb_size_mb, 0);
    ck_assert(!a->one_insn_per_tb);
    options_config_free(cfg);

    cfg = parse_ok("-accel kvm,kernel-irqchip=split -enable-kvm");
    ck_assert_uint_eq(cfg->accels->len, 2);
    a = cfg->accels->pdata[0];
    ck_assert_str_eq(a->name, "kvm");
    ck_assert_str_eq(a->kernel_irqchip, "split");
    a = cfg->accels->pdata[1];
    ck_assert_str_eq(a->name, "kvm");
    ck_assert_ptr_null(a->kernel_irqchip);
    /* KVM is supported: nothing is refused at validation. */
    ck_assert_uint_eq(cfg->unsupported->len, 0);
}
END_TEST

START_TEST(boot_files)
{
    cfg = valid_ok("-bios none -kernel a -kernel Image -initrd r.cpio "
                   "-append 'console=ttyS0 root=/dev/vda' -dtb b.dtb "
                   "-L /usr/share/a -L b -name guest=vm1,process=p,"
                   "debug-threads=on");
    ck_assert_str_eq(cfg->bios, "none");
    ck_assert_str_eq(cfg->kernel, "Image");
    ck_assert_str_eq(cfg->initrd, "r.cpio");
    ck_assert_str_eq(cfg->append, "console=ttyS0 root=/dev/vda");
    ck_assert_str_eq(cfg->dtb, "b.dtb");
    ck_assert_uint_eq(cfg->data_dirs->len, 2);
    ck_assert_str_eq(cfg->data_dirs->pdata[1], "b");
    ck_assert_str_eq(cfg->name, "vm1");
    ck_assert_str_eq(cfg->process_name, "p");
    ck_assert(cfg->debug_threads);
    options_config_free(cfg);

    cfg = valid_ok("-name vm2 -kernel k -append ''");
    ck_assert_str_eq(cfg->name, "vm2");
    ck_assert_ptr_null(cfg->process_name);
    ck_assert_str_eq(cfg->append, "");
}
END_TEST

START_TEST(drives)
{
    const OptionsDrive *d;

    cfg = parse_ok("-drive file=disk.qcow2,format=qcow2,if=virtio,id=d0,"
                   "readonly=on,cache=none,index=1,snapshot=on "
                   "-drive if=none,media=cdrom,id=cd "
                   "-drive file=a,,b.img,bus=0,unit=1");
    ck_assert_uint_eq(cfg->drives->len, 3);
    d = cfg->drives->pdata[0];
    ck_assert_str_eq(d->file, "disk.qcow2");
    ck_assert_str_eq(d->format, "qcow2");
    ck_assert_str_eq(d->iface, "virtio");
    ck_assert_str_eq(d->id, "d0");
    ck_assert_str_eq(d->cache, "none");
    ck_assert_str_eq(d->media, "disk");
    ck_assert(d->readonly && d->snapshot);
    ck_assert_int_eq(d->index, 1);
    ck_assert_int_eq(d->bus, -1);
    d = cfg->drives->pdata[1];
    ck_assert_ptr_null(d->file);
    ck_assert_str_eq(d->media, "cdrom");
    ck_assert(!d->readonly);
    d = cfg->drives->pdata[2];
    ck_assert_str_eq(d->file, "a,b.img");
    ck_assert_ptr_null(d->id);
    ck_assert_ptr_null(d->format);
    ck_assert_int_eq(d->index, -1);
    ck_assert_int_eq(d->bus, 0);
    ck_assert_int_eq(d->unit, 1);
}
END_TEST

START_TEST(devices)
{
    const OptionsDevice *dev;

    cfg = valid_ok("-chardev null,id=c0 -device virtio-serial-device,"
                   "chardev=c0,id=s0 -device virtio-rng-device");
    ck_assert_uint_eq(cfg->devices->len, 2);
    dev = cfg->devices->pdata[0];
    ck_assert_str_eq(dev->driver, "virtio-serial-device");
    ck_assert_str_eq(dev->id, "s0");
    ck_assert_str_eq(dev->text, "virtio-serial-device,chardev=c0,id=s0");
    ck_assert_str_eq(keyval_get(dev->opts, "chardev"), "c0");
    dev = cfg->devices->pdata[1];
    ck_assert_ptr_null(dev->id);
    ck_assert(!cfg->device_help);
    options_config_free(cfg);

    cfg = parse_ok("-device help");
    ck_assert(cfg->device_help);
    ck_assert_ptr_null(cfg->device_help_driver);
    ck_assert_uint_eq(cfg->devices->len, 0);
    options_config_free(cfg);

    cfg = parse_ok("-device virtio-net-device,help -device ?");
    ck_assert(cfg->device_help);
    ck_assert_str_eq(cfg->device_help_driver, "virtio-net-device");
    options_config_free(cfg);

    cfg = parse_ok("-device virtio-blk-device,drive=d0 "
                   "-drive file=x,if=none,id=d0");
    ck_assert_uint_eq(cfg->devices->len, 1);
    ck_assert_uint_eq(cfg->drives->len, 1);
}
END_TEST

START_TEST(network_backends)
{
    const OptionsBackend *be;

    cfg = parse_ok("-netdev user,id=n0,hostfwd=tcp::2222-:22 "
                   "-netdev tap,id=n1 -nic user,model=virtio-net-device "
                   "-nic none");
    ck_assert_uint_eq(cfg->netdevs->len, 2);
    be = cfg->netdevs->pdata[0];
    ck_assert_str_eq(be->type, "user");
    ck_assert_str_eq(be->id, "n0");
    ck_assert_str_eq(keyval_get(be->opts, "hostfwd"), "tcp::2222-:22");
    ck_assert_uint_eq(cfg->nics->len, 2);
    be = cfg->nics->pdata[1];
    ck_assert_str_eq(be->type, "none");
    ck_assert_ptr_null(be->id);
    ck_assert_uint_eq(cfg->unsupported->len, 2);
    ck_assert_str_eq(cfg->unsupported->pdata[0], "-netdev");
    ck_assert_str_eq(cfg->unsupported->pdata[1], "-nic");
}
END_TEST

START_TEST(character_devices)
{
    const OptionsBackend *be;

    cfg = valid_ok("-chardev socket,id=c0,path=/tmp/s,server=on,wait=off "
                   "-chardev socket,id=c1,port=4444,server,nowait "
                   "-serial mon:stdio -serial null -serial chardev:c0 "
                   "-serial tcp::4444,server=on,wait=off");
    ck_assert_uint_eq(cfg->chardevs->len, 2);
    be = cfg->chardevs->pdata[0];
    ck_assert_str_eq(be->type, "socket");
    ck_assert_str_eq(be->id, "c0");
    be = cfg->chardevs->pdata[1];
    ck_assert_str_eq(keyval_get(be->opts, "server"), "on");
    ck_assert_str_eq(keyval_get(be->opts, "nowait"), "on");
    ck_assert_uint_eq(cfg->serials->len, 4);
    ck_assert_str_eq(cfg->serials->pdata[0], "mon:stdio");
    ck_assert_str_eq(cfg->serials->pdata[3], "tcp::4444,server=on,wait=off");
    ck_assert(!cfg->chardev_help);
    options_config_free(cfg);

    cfg = valid_ok("-serial /dev/ttyS0 -serial file:/tmp/out.txt "
                   "-serial pty -serial udp::4555");
    ck_assert_uint_eq(cfg->serials->len, 4);
    options_config_free(cfg);

    cfg = parse_ok("-chardev help");
    ck_assert(cfg->chardev_help);
    options_config_free(cfg);

    cfg = parse_ok("-monitor unix:/tmp/m,server=on,wait=off "
                   "-qmp tcp:localhost:4444,server=on -qmp stdio");
    ck_assert_uint_eq(cfg->monitors->len, 1);
    ck_assert_uint_eq(cfg->qmps->len, 2);
    ck_assert_str_eq(cfg->qmps->pdata[1], "stdio");
}
END_TEST

START_TEST(none_needs_no_feature)
{
    cfg = valid_ok("-monitor none -qmp none -nic none -serial none");
    ck_assert_uint_eq(cfg->monitors->len, 1);
    ck_assert_uint_eq(cfg->qmps->len, 1);
    ck_assert_uint_eq(cfg->nics->len, 1);
    ck_assert_uint_eq(cfg->unsupported->len, 0);
}
END_TEST

START_TEST(qmp_is_supported)
{
    cfg = valid_ok("-qmp unix:/tmp/q,server=on,wait=off "
                   "-qmp tcp:127.0.0.1:4444,server,wait=off");
    ck_assert_uint_eq(cfg->qmps->len, 2);
    ck_assert_uint_eq(cfg->unsupported->len, 0);
}
END_TEST

START_TEST(flags_and_debug)
{
    cfg = valid_ok("-nographic -S -no-reboot -no-shutdown -d in_asm,cpu "
                   "-D /tmp/vireo.log");
    ck_assert(cfg->nographic);
    ck_assert(cfg->start_stopped);
    ck_assert(cfg->no_reboot && cfg->no_shutdown);
    ck_assert_int_eq(cfg->log_mask, LOG_IN_ASM | LOG_CPU);
    ck_assert_str_eq(cfg->log_file, "/tmp/vireo.log");
    ck_assert_ptr_null(cfg->display);
    options_config_free(cfg);

    cfg = valid_ok("-display none -d int -d mmu");
    ck_assert_str_eq(cfg->display, "none");
    ck_assert_int_eq(cfg->log_mask, LOG_MMU);     /* last -d wins */
    options_config_free(cfg);

    cfg = parse_ok("-s");
    ck_assert_str_eq(cfg->gdb, OPTIONS_DEFAULT_GDB);
    options_config_free(cfg);

    cfg = parse_ok("-s -gdb tcp::2345");
    ck_assert_str_eq(cfg->gdb, "tcp::2345");
}
END_TEST

START_TEST(clocks)
{
    cfg = parse_ok("-rtc base=2006-06-17T16:01:21,clock=vm,driftfix=slew "
                   "-icount shift=auto,align=off,sleep=off");
    ck_assert_str_eq(keyval_get(cfg->rtc, "base"), "2006-06-17T16:01:21");
    ck_assert_str_eq(keyval_get(cfg->rtc, "clock"), "vm");
    ck_assert_str_eq(keyval_get(cfg->icount, "shift"), "auto");
    options_config_free(cfg);

    cfg = parse_ok("-rtc base=localtime -rtc base=2020-02-29 -icount 10");
    ck_assert_str_eq(keyval_get(cfg->rtc, "base"), "2020-02-29");
    ck_assert_str_eq(keyval_get(cfg->icount, "shift"), "10");
}
END_TEST

START_TEST(typical_command_line_validates)
{
    cfg = valid_ok("-M virt -cpu rv64 -m 1G -smp 2 -accel tcg "
                   "-bios none -kernel Image -initrd rootfs.cpio "
                   "-append 'console=ttyS0 earlycon' -nographic "
                   "-serial mon:stdio -chardev file,id=log,path=/tmp/l "
                   "-device virtio-serial-device "
                   "-device virtconsole,chardev=log -d guest_errors "
                   "-no-reboot");
    ck_assert_str_eq(cfg->machine_type, "virt");
    ck_assert_uint_eq(cfg->devices->len, 2);
    ck_assert_uint_eq(cfg->unsupported->len, 0);
}
END_TEST

/* ---- informational options ---------------------------------------- */

START_TEST(help_stops_and_lists_every_option)
{
    static const char *const names[] = {
        "-help, -h", "-version", "-machine, -M", "-cpu", "-accel",
        "-enable-kvm", "-m ", "-smp", "-name", "-L ", "-rtc", "-device",
        "-drive", "-netdev", "-nic", "-chardev", "-serial", "-monitor",
        "-qmp", "-nographic", "-display", "-bios", "-kernel", "-initrd",
        "-append", "-dtb", "-S\n", "-s\n", "-gdb", "-d ", "-D ",
        "-no-reboot", "-no-shutdown", "-icount",
    };
    static const char *const groups[] = {
        "Standard options:", "Block device options:", "Network options:",
        "Character device options:", "Display options:", "Boot options:",
        "Debug and expert options:",
    };
    g_auto(GStrv) lines = NULL;

    cfg = parse_ok("-m 1G -h -foo");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
    ck_assert(g_str_has_prefix(cfg->print_text,
                               "Usage: vireo-system-riscv64 [options]\n"));
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *needle = g_strdup_printf("\n%s", names[i]);
        ck_assert_msg(strstr(cfg->print_text, needle), "%s", names[i]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
        ck_assert_msg(strstr(cfg->print_text, groups[i]), "%s", groups[i]);
    }
    ck_assert_ptr_nonnull(strstr(cfg->print_text,
                                 "add a network backend (not supported "
                                 "yet)"));
    ck_assert_ptr_nonnull(strstr(cfg->print_text,
                                 "human monitor on DEV (only none for "
                                 "now)"));
    lines = g_strsplit(cfg->print_text, "\n", -1);
    for (char **l = lines; *l; l++) {
        ck_assert_msg(strlen(*l) <= 80, "too wide: %s", *l);
    }
    options_config_free(cfg);

    cfg = parse_ok("--help");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
    options_config_free(cfg);
    cfg = parse_ok("-help");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
}
END_TEST

START_TEST(version_text)
{
    cfg = parse_ok("-version -m 0");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
    ck_assert_str_eq(cfg->print_text,
                     "vireo-system-riscv64 version " VIREO_VERSION "\n"
                     "Copyright (c) 2026 The Vireo authors; "
                     "GPL-2.0-or-later\n");
    options_config_free(cfg);
    cfg = parse_ok("--version");
    ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
}
END_TEST

START_TEST(help_topics_print_at_once)
{
    static const struct {
        const char *cmdline;
        const char *contains;
    } cases[] = {
        { "-d help -foo", "guest_errors" },
        { "-d ?", "in_asm" },
        { "-accel help", "tcg\nkvm\n" },
        { "-accel ?", "tcg\n" },
        { "-netdev help", "user\ntap\n" },
        { "-nic help", "vhost-user\n" },
        { "-display help", "none\n" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cfg = parse_ok(cases[i].cmdline);
        ck_assert_int_eq(cfg->action, OPTIONS_ACTION_PRINT);
        ck_assert_msg(strstr(cfg->print_text, cases[i].contains), "%s",
                      cases[i].cmdline);
        g_clear_pointer(&cfg, options_config_free);
    }
}
END_TEST

START_TEST(help_text_without_prgname)
{
    g_autofree char *help = options_help_text("x");
    g_autofree char *version = options_version_text("x");

    ck_assert(g_str_has_prefix(help, "Usage: x [options]\n"));
    ck_assert(g_str_has_prefix(version, "x version "));
    options_config_free(NULL);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("core");

    tcase_add_unchecked_fixture(tc, setup_prgname, NULL);
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, parse_error_is_exact, 0,
                        G_N_ELEMENTS(parse_errors));
    tcase_add_loop_test(tc, validate_error_is_exact, 0,
                        G_N_ELEMENTS(validate_errors));
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, machine_merges);
    tcase_add_test(tc, cpu_model_and_help);
    tcase_add_loop_test(tc, memory_sizes, 0, G_N_ELEMENTS(memory_ok));
    tcase_add_loop_test(tc, smp_topology, 0, G_N_ELEMENTS(smp_ok));
    tcase_add_test(tc, accel_list);
    tcase_add_test(tc, boot_files);
    tcase_add_test(tc, drives);
    tcase_add_test(tc, devices);
    tcase_add_test(tc, network_backends);
    tcase_add_test(tc, character_devices);
    tcase_add_test(tc, none_needs_no_feature);
    tcase_add_test(tc, qmp_is_supported);
    tcase_add_test(tc, flags_and_debug);
    tcase_add_test(tc, clocks);
    tcase_add_test(tc, typical_command_line_validates);
    tcase_add_test(tc, help_stops_and_lists_every_option);
    tcase_add_test(tc, version_text);
    tcase_add_test(tc, help_topics_print_at_once);
    tcase_add_test(tc, help_text_without_prgname);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(options_suite)
