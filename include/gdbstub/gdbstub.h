/*
 * The GDB remote serial protocol stub. A protocol core (gdbstub/core.c)
 * takes the bytes gdb sends and writes replies; what it debugs is behind
 * a small table of target operations (registers, the target XML, memory,
 * breakpoints, resume/step/interrupt). System mode (gdbstub/system.c)
 * drives the core from the main loop over a chardev and implements the
 * operations on the machine's vCPUs; user mode can drive the same core
 * from its own thread over a blocking socket. docs/gdb.md is the guide.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: gdb thread id N is the vCPU with cpu_index N - 1.
 */
#ifndef VIREO_GDBSTUB_GDBSTUB_H
#define VIREO_GDBSTUB_GDBSTUB_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet payload we take and announce (PacketSize). */
#define GDB_PACKET_SIZE 0x4000
/* The widest register any target reports, in bytes. */
#define GDB_MAX_REG_BYTES 64

/* Z/z packet types. */
typedef enum GdbBreakType {
    GDB_BP_SW = 0,
    GDB_BP_HW = 1,
    GDB_WP_WRITE = 2,
    GDB_WP_READ = 3,
    GDB_WP_ACCESS = 4,
} GdbBreakType;

typedef enum GdbStopKind {
    GDB_STOP_TRAP,          /* a step ended, or the first stop */
    GDB_STOP_INTERRUPT,     /* Ctrl-C (SIGINT) */
    GDB_STOP_SWBREAK,
    GDB_STOP_HWBREAK,
    GDB_STOP_WATCH,         /* addr: the data address */
    GDB_STOP_RWATCH,
    GDB_STOP_AWATCH,
    GDB_STOP_EXITED,        /* status: the exit code; the target is gone */
} GdbStopKind;

/* Per-thread resume actions. */
enum {
    GDB_RESUME_NONE,
    GDB_RESUME_CONT,
    GDB_RESUME_STEP,
};

typedef struct GdbStop {
    GdbStopKind kind;
    int thread;             /* 1-based */
    uint64_t addr;
    int status;
} GdbStop;

typedef struct GdbTargetOps {
    /* Threads are 1..thread_count. */
    int (*thread_count)(void *opaque);
    /* target.xml (owned by the target), or NULL for none. */
    const char *(*target_xml)(void *opaque);
    /* How many registers, from 0, a 'g' packet carries. */
    int g_registers;
    /*
     * Register n of a stopped thread into buf (GDB_MAX_REG_BYTES), target
     * byte order: the bytes used, 0 for no such register. Write: from len
     * bytes; false if refused.
     */
    int (*read_register)(void *opaque, int thread, int n, uint8_t *buf);
    bool (*write_register)(void *opaque, int thread, int n,
                           const uint8_t *buf, int len);
    /* Guest virtual memory as thread sees it; false if any byte fails. */
    bool (*read_memory)(void *opaque, int thread, uint64_t addr,
                        uint8_t *buf, size_t len);
    bool (*write_memory)(void *opaque, int thread, uint64_t addr,
                         const uint8_t *buf, size_t len);
    /*
     * 0 on success; -ENOSYS: this type is not supported (gdb is told so
     * and stops asking); -ENOSPC: no room (a hardware slot); else -errno.
     */
    int (*breakpoint_insert)(void *opaque, GdbBreakType type, uint64_t addr,
                             uint64_t len);
    int (*breakpoint_remove)(void *opaque, GdbBreakType type, uint64_t addr,
                             uint64_t len);
    void (*breakpoint_remove_all)(void *opaque);
    /*
     * Let threads run: actions[t - 1] for each thread t says whether it
     * stays stopped, continues, or steps one instruction. With a step
     * among them only the stepping threads run. Returns at once; the
     * next stop arrives through gdb_core_report_stop.
     */
    void (*resume)(void *opaque, const uint8_t *actions);
    /* Stop a running machine; it reports GDB_STOP_INTERRUPT. */
    void (*interrupt)(void *opaque);
    /* k / vKill: end the emulator. */
    void (*kill)(void *opaque);
    /* D or a lost connection: breakpoints are gone; let it run free. */
    void (*detach)(void *opaque);
} GdbTargetOps;

typedef struct GdbCore GdbCore;
/* Where the core's output goes (the whole buffer; may block). */
typedef void GdbWriteFn(void *opaque, const uint8_t *buf, size_t len);

GdbCore *gdb_core_new(const GdbTargetOps *ops, void *opaque,
                      GdbWriteFn *write, void *write_opaque);
void gdb_core_free(GdbCore *core);
/*
 * A new connection finds the target stopped by stop (the reply to '?'):
 * acks on again, the reader reset, thread 1 selected.
 */
void gdb_core_connected(GdbCore *core, const GdbStop *stop);
/* The connection went away: remove breakpoints, detach. */
void gdb_core_disconnected(GdbCore *core);
bool gdb_core_is_connected(const GdbCore *core);
/* Bytes from gdb. */
void gdb_core_input(GdbCore *core, const uint8_t *buf, size_t len);
/* The target stopped after resume or interrupt: send the stop reply. */
void gdb_core_report_stop(GdbCore *core, const GdbStop *stop);
/* Whether the core let the target run and awaits a stop. */
bool gdb_core_is_running(const GdbCore *core);

/*
 * For a transport on a blocking file descriptor (user mode, on the
 * thread that runs the CPU): read fd and handle what arrives until the
 * core lets the target run (true) or gdb goes away, by D, k or end of
 * file (false, after gdb_core_disconnected). The write function given
 * to gdb_core_new should write to the same fd. While the target runs,
 * the caller polls fd now and then and passes any bytes (a Ctrl-C) to
 * gdb_core_input.
 */
bool gdb_core_serve_blocking(GdbCore *core, int fd);

/*
 * qRcmd ("monitor CMD" in gdb): the monitor registers fn, which appends
 * its output to out and returns false for a failed command. Without one,
 * gdb gets an error text.
 */
typedef bool GdbMonitorHandler(const char *cmd, GString *out);
void gdbstub_set_monitor_handler(GdbMonitorHandler *fn);

/* --- system mode (gdbstub/system.c) --- */

/*
 * -gdb DEV: listen on a chardev spec ("tcp::1234", "unix:PATH,server";
 * a socket server never waits for its client here). Call after the
 * vCPUs exist. With wait_first (-S) nothing else is needed: the machine
 * stays stopped until gdb continues it.
 */
bool gdbstub_system_start(const char *dev, GError **errp);
/* The emulator is ending with status: tell gdb (W packet), close. */
void gdbstub_system_exit(int status);

#endif
