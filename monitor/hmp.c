/*
 * The human monitor: the command table, the line parser, and the chardev
 * frontend with a "(vireo) " prompt and minimal line editing (printable
 * characters, backspace, Enter; escape sequences are swallowed).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor/hmp.h"
#include "monitor/hmp-internal.h"
#include "util/error.h"

#include <string.h>

const HmpCommand hmp_commands[] = {
    { "help", "?", "[cmd]", "show the commands, or one command's help",
      hmp_help },
    { "info", NULL, "subcommand", "show machine state (help info)",
      hmp_info },
    { "stop", "s", "", "pause the vCPUs", hmp_stop },
    { "cont", "c", "", "resume the vCPUs", hmp_cont },
    { "system_reset", NULL, "", "reset the machine", hmp_system_reset },
    { "system_powerdown", NULL, "", "press the power button",
      hmp_system_powerdown },
    { "quit", "q", "", "quit the emulator", hmp_quit },
    { "cpu", NULL, "index", "make CPU index the current one", hmp_cpu },
    { "x", NULL, "/fmt addr", "dump virtual memory (fmt: count, x d u o c i,"
      " b h w g)", hmp_x },
    { "xp", NULL, "/fmt addr", "dump physical memory", hmp_xp },
    { NULL, NULL, NULL, NULL, NULL },
};

const HmpCommand hmp_info_commands[] = {
    { "status", NULL, "", "the run state", hmp_info_status },
    { "registers", NULL, "", "the current CPU's registers",
      hmp_info_registers },
    { "cpus", NULL, "", "the CPUs", hmp_info_cpus },
    { "mtree", NULL, "", "the memory region tree", hmp_info_mtree },
    { "qtree", NULL, "", "the device tree with properties",
      hmp_info_qtree },
    { "tlb", NULL, "", "the current CPU's page mappings", hmp_info_tlb },
    { "version", NULL, "", "the version", hmp_info_version },
    { NULL, NULL, NULL, NULL, NULL },
};

const HmpCommand *hmp_find_command(const HmpCommand *table,
                                   const char *name)
{
    for (const HmpCommand *c = table; c->name; c++) {
        if (strcmp(c->name, name) == 0 ||
            (c->alias && strcmp(c->alias, name) == 0)) {
            return c;
        }
    }
    return NULL;
}

char **hmp_split_args(const char *cmdline)
{
    GPtrArray *words = g_ptr_array_new();
    const char *p = cmdline;

    for (;;) {
        const char *start;

        while (*p && g_ascii_isspace(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        start = p;
        while (*p && !g_ascii_isspace(*p)) {
            p++;
        }
        g_ptr_array_add(words, g_strndup(start, p - start));
    }
    /* "x/4xw addr": the format glued to the command becomes its own word */
    if (words->len && strchr(g_ptr_array_index(words, 0), '/') &&
        ((char *)g_ptr_array_index(words, 0))[0] != '/') {
        char *w = g_ptr_array_index(words, 0);
        char *slash = strchr(w, '/');

        g_ptr_array_insert(words, 1, g_strdup(slash));
        *slash = '\0';
    }
    g_ptr_array_add(words, NULL);
    return (char **)g_ptr_array_free(words, false);
}

bool hmp_parse_format(const char *text, HmpFormat *out, GError **errp)
{
    HmpFormat f = *out, *fmt = &f;    /* out changes only on success */
    const char *p = text;

    if (g_ascii_isdigit(*p)) {
        guint64 n = 0;

        while (g_ascii_isdigit(*p)) {
            n = n * 10 + (*p++ - '0');
            if (n > 1000000) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "count too large in format '/%s'", text);
                return false;
            }
        }
        if (n == 0) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "count must be at least 1 in '/%s'", text);
            return false;
        }
        fmt->count = n;
    }
    for (; *p; p++) {
        switch (*p) {
        case 'x': case 'd': case 'u': case 'o': case 'c': case 'i':
            fmt->format = *p;
            break;
        case 'b':
            fmt->size = 1;
            break;
        case 'h':
            fmt->size = 2;
            break;
        case 'w':
            fmt->size = 4;
            break;
        case 'g':
            fmt->size = 8;
            break;
        default:
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "invalid char '%c' in format '/%s'", *p, text);
            return false;
        }
    }
    *out = f;
    return true;
}

bool hmp_execute(const char *cmdline, GString *out, GError **errp)
{
    g_auto(GStrv) argv = hmp_split_args(cmdline);
    const HmpCommand *cmd;
    int argc = g_strv_length(argv);

    if (argc == 0) {
        return true;
    }
    cmd = hmp_find_command(hmp_commands, argv[0]);
    if (!cmd) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "unknown command: '%s'",
                        argv[0]);
        return false;
    }
    return cmd->fn(argc, argv, out, errp);
}

/* --- the chardev frontend --- */

struct HmpMonitor {
    CharFrontend fe;
    Chardev *chr;
    bool has_fe;
    bool greeted;       /* a mux's monitor printed its banner */
    GString *line;
    int esc;            /* 0, or bytes of an escape sequence seen so far */
};

#define HMP_BANNER "Vireo monitor - type 'help' for more information\n"

static void hmp_write(HmpMonitor *mon, const char *text)
{
    /* A raw terminal needs "\r\n". */
    g_autoptr(GString) s = g_string_new(NULL);

    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(s, '\r');
        }
        g_string_append_c(s, *p);
    }
    chr_fe_write_all(&mon->fe, (const uint8_t *)s->str, s->len);
}

static void hmp_run_line(HmpMonitor *mon)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) err = NULL;

    hmp_write(mon, "\n");
    if (!hmp_execute(mon->line->str, out, &err)) {
        g_string_append_printf(out, "%s\n", err->message);
    }
    g_string_truncate(mon->line, 0);
    hmp_write(mon, out->str);
    hmp_write(mon, HMP_PROMPT);
}

static void hmp_input_byte(HmpMonitor *mon, uint8_t c)
{
    if (mon->esc) {
        /* ESC [ params final: swallow through the final letter/tilde */
        mon->esc++;
        if (mon->esc > 2 && (g_ascii_isalpha(c) || c == '~')) {
            mon->esc = 0;
        } else if (mon->esc == 2 && c != '[' && c != 'O') {
            mon->esc = 0;
        } else if (mon->esc > 8) {
            mon->esc = 0;
        }
        return;
    }
    switch (c) {
    case '\r':
    case '\n':
        hmp_run_line(mon);
        break;
    case 0x7f:
    case '\b':
        if (mon->line->len) {
            g_string_truncate(mon->line, mon->line->len - 1);
            hmp_write(mon, "\b \b");
        }
        break;
    case 0x1b:
        mon->esc = 1;
        break;
    default:
        if (c >= 0x20 && c < 0x7f && mon->line->len < HMP_MAX_LINE) {
            char s[2] = { c, 0 };

            g_string_append_c(mon->line, c);
            hmp_write(mon, s);
        }
        break;
    }
}

static int hmp_can_read(void *opaque)
{
    return 256;
}

static void hmp_read(void *opaque, const uint8_t *buf, int len)
{
    HmpMonitor *mon = opaque;

    for (int i = 0; i < len; i++) {
        /* A command may be quit: the rest is read after it anyway. */
        hmp_input_byte(mon, buf[i]);
    }
}

static void hmp_event(void *opaque, ChrEvent event)
{
    HmpMonitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        g_string_truncate(mon->line, 0);
        mon->esc = 0;
        /*
         * On a mux the terminal is the guest's console (whose output
         * tests compare): stay silent until Ctrl-a c.
         */
        if (strcmp(chardev_kind(mon->chr), "mux") != 0) {
            hmp_write(mon, HMP_BANNER HMP_PROMPT);
        }
        break;
    case CHR_EVENT_MUX_IN:
        if (!mon->greeted) {
            hmp_write(mon, "\n" HMP_BANNER);
            mon->greeted = true;
        }
        hmp_write(mon, "\n" HMP_PROMPT);
        hmp_write(mon, mon->line->str);
        break;
    default:
        break;
    }
}

HmpMonitor *hmp_monitor_new(Chardev *chr, GError **errp)
{
    HmpMonitor *mon = g_new0(HmpMonitor, 1);

    mon->line = g_string_new(NULL);
    mon->chr = chr;
    if (!chr_fe_init(&mon->fe, chr, errp)) {
        g_string_free(mon->line, true);
        g_free(mon);
        return NULL;
    }
    mon->has_fe = true;
    chr_fe_set_handlers(&mon->fe, hmp_can_read, hmp_read, hmp_event, mon);
    return mon;
}

void hmp_monitor_free(HmpMonitor *mon)
{
    if (!mon) {
        return;
    }
    if (mon->has_fe) {
        chr_fe_deinit(&mon->fe);
    }
    g_string_free(mon->line, true);
    g_free(mon);
}
