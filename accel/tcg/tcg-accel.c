/*
 * The TCG accelerator type "tcg-accel": its -accel properties (backend,
 * tb-size, one-insn-per-tb, thread), the one translator context it
 * creates, and the vCPU threads that run the execution loop.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/vcpu.h"
#include "qom/object-field.h"
#include "tcg/tcg.h"
#include "util/error.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(TCGAccelState, TCG_ACCEL)

enum { TCG_THREAD_MULTI, TCG_THREAD_SINGLE };

struct TCGAccelState {
    AccelState parent_obj;
    int64_t backend;            /* TCGBackend */
    uint64_t tb_size;           /* MiB; 0: default */
    bool one_insn_per_tb;
    int64_t thread;
    bool owns_context;
};

TCGGlobal tcg_global;
/*
 * thread=single: one vCPU in guest code at a time, served in arrival
 * order (a ticket lock), so a guest loop on one cannot starve another.
 */
static GMutex single_lock;
static GCond single_cond;
static unsigned single_next, single_serving;
static CPUState *single_holder;

static const TCGCPUOps *initialized_ops[8];
/* Every vCPU's state stays reachable: CPUs go away without telling us. */
static GPtrArray *cpu_states;
/* The accelerator whose context tcg_global holds. */
static TCGAccelState *owner;

static const char *const backend_names[] = { "native", "tci", NULL };
static const char *const thread_names[] = { "multi", "single", NULL };

static void tcg_vcpu_exec(CPUState *cpu)
{
    unsigned ticket;

    if (!tcg_global.single_thread) {
        tcg_cpu_exec(cpu);
        return;
    }
    g_mutex_lock(&single_lock);
    ticket = single_next++;
    while (single_serving != ticket) {
        if (single_holder) {
            /* Its blocks check this on entry: it yields soon. */
            g_atomic_int_set(&single_holder->exit_request, 1);
        }
        /* Look again now and then: the turn may be taken but not run. */
        g_cond_wait_until(&single_cond, &single_lock,
                          g_get_monotonic_time() +
                          10 * G_TIME_SPAN_MILLISECOND);
    }
    single_holder = cpu;
    g_mutex_unlock(&single_lock);

    tcg_cpu_exec(cpu);

    g_mutex_lock(&single_lock);
    single_holder = NULL;
    single_serving++;
    g_cond_broadcast(&single_cond);
    g_mutex_unlock(&single_lock);
}

/* Once per context and front end: let it register its globals. */
static void tcg_init_front_end(const TCGCPUOps *ops)
{
    g_mutex_lock(&tcg_global.tb_lock);
    for (unsigned i = 0; i < G_N_ELEMENTS(initialized_ops); i++) {
        if (initialized_ops[i] == ops) {
            break;
        }
        if (!initialized_ops[i]) {
            initialized_ops[i] = ops;
            tcg_context_set_current(tcg_global.ctx);
            if (ops->initialize) {
                ops->initialize();
            }
            break;
        }
    }
    g_mutex_unlock(&tcg_global.tb_lock);
}

/* Give cpu its execution state (once) and its front end its globals. */
static bool tcg_cpu_attach(CPUState *cpu, GError **errp)
{
    const TCGCPUOps *ops = tcg_cpu_ops(cpu);
    unsigned modes = ops && ops->nb_mmu_modes ? ops->nb_mmu_modes : 1;

    if (!tcg_global.ctx) {
        vireo_error_setg(errp, "the TCG accelerator is not initialized");
        return false;
    }
    if (!ops || !ops->translate_code || !ops->get_tb_cpu_state ||
        !ops->tlb_fill) {
        vireo_error_setg(errp, "CPU %d (%s) cannot run under TCG",
                         cpu->cpu_index, object_get_typename(OBJECT(cpu)));
        return false;
    }
    if (modes > TCG_MAX_MMU_MODES) {
        vireo_error_setg(errp, "CPU %d: %u MMU modes, TCG handles %d",
                         cpu->cpu_index, modes, TCG_MAX_MMU_MODES);
        return false;
    }
    if (!cpu->accel) {
        cpu->accel = g_new0(AccelCPUState, 1);
        cpu->accel->ops = ops;
        cpu->accel->exception_index = EXCP_NONE;
        tlb_cpu_init(cpu);
        g_mutex_lock(&tcg_global.tb_lock);
        if (!cpu_states) {
            cpu_states = g_ptr_array_new();
        }
        g_ptr_array_add(cpu_states, cpu->accel);
        g_mutex_unlock(&tcg_global.tb_lock);
    }
    tcg_init_front_end(ops);
    return true;
}

static bool tcg_create_vcpu_thread(CPUState *cpu, GError **errp)
{
    return tcg_cpu_attach(cpu, errp) &&
           vcpu_thread_start(cpu, "TCG", tcg_vcpu_exec, errp);
}

/*
 * Translator contexts of detached vCPUs (user-mode threads that ended),
 * under tb_lock: the next vCPU takes one, with the region it was
 * filling, instead of a fresh region. Without this every short-lived
 * thread would use up a region, and once none is left each new thread
 * would flush the whole cache.
 */
#define CTX_POOL_MAX 64
static TCGContext *ctx_pool[CTX_POOL_MAX];
static unsigned ctx_pool_len;

TCGContext *tcg_ctx_pool_take_locked(void)
{
    return ctx_pool_len ? ctx_pool[--ctx_pool_len] : NULL;
}

static bool ctx_pool_put_locked(TCGContext *s)
{
    if (!s || ctx_pool_len == CTX_POOL_MAX) {
        return false;
    }
    ctx_pool[ctx_pool_len++] = s;
    return true;
}

bool tcg_user_cpu_attach(CPUState *cpu, GError **errp)
{
    if (!tcg_cpu_attach(cpu, errp)) {
        return false;
    }
    cpu->accel->user_exceptions = true;
    return true;
}

void tcg_user_cpu_detach(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;

    if (!a) {
        return;
    }
    g_mutex_lock(&tcg_global.tb_lock);
    g_ptr_array_remove(cpu_states, a);
    if (ctx_pool_put_locked(a->ctx)) {
        a->ctx = NULL;
    }
    g_mutex_unlock(&tcg_global.tb_lock);
    tlb_cpu_destroy(cpu);
    tcg_context_free(a->ctx);
    cpu->accel = NULL;
    g_free(a);
}

static void tcg_kick_vcpu_thread(CPUState *cpu)
{
    /*
     * exit_request is already set; every TB checks it on entry, so a
     * loop of chained blocks leaves at its next block boundary.
     */
}

static const AccelOps tcg_accel_ops = {
    .create_vcpu_thread = tcg_create_vcpu_thread,
    .kick_vcpu_thread = tcg_kick_vcpu_thread,
};

static void tcg_global_destroy(void)
{
    memory_set_ram_write_hook(NULL);
    tlb_unlisten_all();
    tb_maint_destroy();
    for (guint i = 0; cpu_states && i < cpu_states->len; i++) {
        AccelCPUState *a = g_ptr_array_index(cpu_states, i);

        tcg_context_free(a->ctx);
        a->ctx = NULL;
    }
    while (ctx_pool_len) {
        tcg_context_free(ctx_pool[--ctx_pool_len]);
    }
    tcg_context_free(tcg_global.ctx);
    tcg_global.ctx = NULL;
    tcg_global.page_bits = 0;
    memset(initialized_ops, 0, sizeof(initialized_ops));
}

static bool tcg_accel_init_machine(AccelState *accel, MachineState *ms,
                                   GError **errp)
{
    TCGAccelState *s = TCG_ACCEL(accel);
    TCGContextOptions o = {
        .backend = s->backend == 1 ? TCG_BACKEND_TCI : TCG_BACKEND_NATIVE,
        .code_size = (size_t)s->tb_size << 20,
        /* each translating vCPU fills its own region (128 KiB at least) */
        .regions = MAX(1u, MIN(64u, (unsigned)((s->tb_size ? s->tb_size
                                                : 32) * 8))),
    };

    if (owner) {
        /* A new accelerator replaces the old one (its vCPUs are gone). */
        tcg_global_destroy();
        owner->owns_context = false;
        owner = NULL;
    }
    tcg_global.ctx = tcg_context_new(&o, errp);
    if (!tcg_global.ctx) {
        g_prefix_error(errp, "-accel tcg: ");
        return false;
    }
    tcg_context_set_guest_memory(tcg_global.ctx, tlb_guest_load,
                                 tlb_guest_store);
    tcg_global.one_insn_per_tb = s->one_insn_per_tb;
    tcg_global.single_thread = s->thread == TCG_THREAD_SINGLE;
    memset(initialized_ops, 0, sizeof(initialized_ops));
    tb_maint_init();
    memory_set_ram_write_hook(tb_ram_write_hook);
    s->owns_context = true;
    owner = s;
    return true;
}

static void tcg_accel_finalize(Object *obj)
{
    TCGAccelState *s = TCG_ACCEL(obj);

    if (s->owns_context) {
        tcg_global_destroy();
        owner = NULL;
    }
}

static const ObjectField tcg_accel_fields[] = {
    {
        .name = "backend", .type = OBJECT_FIELD_ENUM,
        .offset = offsetof(TCGAccelState, backend),
        .description = "native: x86-64 host code; tci: the interpreter",
        .has_default = true, .defval.i = 0,
        .enum_names = backend_names, .type_name = "TCGBackend",
    },
    {
        .name = "tb-size", .type = OBJECT_FIELD_UINT64,
        .offset = offsetof(TCGAccelState, tb_size),
        .description = "code buffer size in MiB (0: 32)",
    },
    {
        .name = "one-insn-per-tb", .type = OBJECT_FIELD_BOOL,
        .offset = offsetof(TCGAccelState, one_insn_per_tb),
        .description = "translate one guest instruction per block",
    },
    {
        .name = "thread", .type = OBJECT_FIELD_ENUM,
        .offset = offsetof(TCGAccelState, thread),
        .description = "multi: vCPUs run in parallel; single: one at a time",
        .has_default = true, .defval.i = TCG_THREAD_MULTI,
        .enum_names = thread_names, .type_name = "TCGThread",
    },
    { NULL },
};

static void tcg_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->desc = "dynamic binary translator";
    ac->ops = &tcg_accel_ops;
    ac->init_machine = tcg_accel_init_machine;
    for (const ObjectField *f = tcg_accel_fields; f->name; f++) {
        ObjectProperty *p = object_class_property_add_field(oc, f);
        if (f->type == OBJECT_FIELD_UINT64) {
            object_property_set_uint_range(p, 0, 2047);
        }
    }
}

static const TypeInfo tcg_accel_types[] = {
    {
        .name = TYPE_TCG_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(TCGAccelState),
        .instance_finalize = tcg_accel_finalize,
        .class_init = tcg_accel_class_init,
    },
};

DEFINE_TYPES(tcg_accel_types)
