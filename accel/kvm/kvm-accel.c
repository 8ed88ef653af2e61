/*
 * The "kvm" accelerator type: opens /dev/kvm, checks the API version and
 * the capabilities Vireo relies on, creates the VM, and offers the board
 * the in-kernel interrupt controllers and PIT.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm/kvm-internal.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The API version every KVM since Linux 2.6.22 reports. */
#define KVM_API_VERSION_EXPECTED 12

/*
 * Intel's real-mode emulation needs three pages for a TSS and one for an
 * identity page table, somewhere the guest does not use: just below the
 * 16 MiB that end at 4 GiB (firmware and the IOAPIC/LAPIC live above).
 */
#define KVM_TSS_ADDR 0xfeffd000ULL
#define KVM_IDENTITY_MAP_ADDR 0xfeffc000ULL

KVMState *kvm_state;

typedef struct KVMAccel {
    AccelState parent_obj;
    char *kernel_irqchip;       /* "on" (default), "off", "split" */
} KVMAccel;

static const struct {
    unsigned int cap;
    const char *name;
} required_caps[] = {
    { KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
    { KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP" },
    { KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
    { KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
    { KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
    { KVM_CAP_PIT2, "KVM_CAP_PIT2" },
    { KVM_CAP_SYNC_MMU, "KVM_CAP_SYNC_MMU" },
};

static const char *kvm_device_path(void)
{
    const char *env = g_getenv("VIREO_KVM_DEVICE");

    return env && *env ? env : KVM_DEVICE_PATH;
}

bool kvm_enabled(void)
{
    return kvm_state != NULL;
}

int kvm_get_fd(void)
{
    return kvm_state ? kvm_state->fd : -1;
}

int kvm_get_vm_fd(void)
{
    return kvm_state ? kvm_state->vm_fd : -1;
}

int kvm_vm_ioctl(unsigned long request, void *arg)
{
    int ret = ioctl(kvm_state->vm_fd, request, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_vcpu_ioctl(CPUState *cpu, unsigned long request, void *arg)
{
    int ret = ioctl(cpu->accel->fd, request, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_check_extension(unsigned int cap)
{
    int ret;

    if (!kvm_state) {
        return 0;
    }
    ret = ioctl(kvm_state->fd, KVM_CHECK_EXTENSION, cap);
    return ret < 0 ? 0 : ret;
}

static void kvm_warn_if_pvm(void)
{
    static bool warned;

    if (!warned && kvm_host_is_pvm("/sys")) {
        warned = true;
        vireo_warn("KVM here is KVM-PVM (software nested virtualization): "
                   "guest kernel-mode code is emulated slowly and some "
                   "instructions fail; unmodified guest kernels may not "
                   "boot");
    }
}

static bool kvm_open_and_check(KVMState *s, GError **errp)
{
    const char *path = kvm_device_path();
    int version;

    s->fd = open(path, O_RDWR | O_CLOEXEC);
    if (s->fd < 0) {
        vireo_error_setg_errno(errp, errno, "cannot open %s", path);
        return false;
    }
    version = ioctl(s->fd, KVM_GET_API_VERSION, 0);
    if (version != KVM_API_VERSION_EXPECTED) {
        vireo_error_setg(errp, "%s: KVM API version %d, expected %d", path,
                         version, KVM_API_VERSION_EXPECTED);
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(required_caps); i++) {
        if (ioctl(s->fd, KVM_CHECK_EXTENSION, required_caps[i].cap) <= 0) {
            vireo_error_setg(errp, "%s: the host lacks %s", path,
                             required_caps[i].name);
            return false;
        }
    }
    s->readonly_mem = ioctl(s->fd, KVM_CHECK_EXTENSION,
                            KVM_CAP_READONLY_MEM) > 0;
    s->nr_slots = ioctl(s->fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_MEMSLOTS);
    if ((int)s->nr_slots <= 0) {
        s->nr_slots = 32;   /* the documented minimum */
    }
    s->nr_slots = MIN(s->nr_slots, 512u);
    version = ioctl(s->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (version < (int)sizeof(struct kvm_run)) {
        vireo_error_setg_errno(errp, errno, "%s: KVM_GET_VCPU_MMAP_SIZE",
                               path);
        return false;
    }
    s->run_size = version;
    return true;
}

static bool kvm_create_vm(KVMState *s, GError **errp)
{
    do {
        s->vm_fd = ioctl(s->fd, KVM_CREATE_VM, 0);
    } while (s->vm_fd < 0 && errno == EINTR);
    if (s->vm_fd < 0) {
        vireo_error_setg_errno(errp, errno, "KVM_CREATE_VM");
        return false;
    }
    if (ioctl(s->fd, KVM_CHECK_EXTENSION,
              KVM_CAP_SET_IDENTITY_MAP_ADDR) > 0) {
        uint64_t addr = KVM_IDENTITY_MAP_ADDR;
        if (ioctl(s->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &addr) < 0) {
            vireo_error_setg_errno(errp, errno, "KVM_SET_IDENTITY_MAP_ADDR");
            return false;
        }
    }
    if (ioctl(s->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR) < 0) {
        vireo_error_setg_errno(errp, errno, "KVM_SET_TSS_ADDR");
        return false;
    }
    return true;
}

static void kvm_state_free(KVMState *s)
{
    if (s->vm_fd >= 0) {
        close(s->vm_fd);
    }
    if (s->fd >= 0) {
        close(s->fd);
    }
    g_free(s->slots);
    g_free(s);
}

static bool kvm_init_machine(AccelState *accel, MachineState *ms,
                             GError **errp)
{
    KVMAccel *ka = (KVMAccel *)accel;
    KVMState *s;

    if (kvm_state) {
        vireo_error_setg(errp, "a KVM VM already exists in this process");
        return false;
    }
    if (ka->kernel_irqchip && strcmp(ka->kernel_irqchip, "on") != 0) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "kernel-irqchip=%s: not supported yet (only on)",
                        ka->kernel_irqchip);
        return false;
    }
    s = g_new0(KVMState, 1);
    s->fd = -1;
    s->vm_fd = -1;
    s->irqchip_allowed = true;
    if (!kvm_open_and_check(s, errp) || !kvm_create_vm(s, errp)) {
        kvm_state_free(s);
        return false;
    }
    s->slots = g_new0(KVMSlot, s->nr_slots);
    kvm_state = s;
    kvm_warn_if_pvm();
    kvm_init_kick_signal();
    kvm_memory_listener_register(s);
    return true;
}

static void kvm_gsi_set(void *opaque, int gsi, int level)
{
    struct kvm_irq_level irq = { .irq = gsi, .level = level };
    int ret = kvm_vm_ioctl(KVM_IRQ_LINE, &irq);

    if (ret < 0) {
        vireo_warn("KVM_IRQ_LINE %d: %s", gsi, g_strerror(-ret));
    }
}

static bool kvm_irqchip_create(AccelState *accel, MachineState *ms,
                               GError **errp)
{
    KVMState *s = kvm_state;
    struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
    bool irqfds = true;
    int ret;

    if (s->irqchip) {
        return true;
    }
    if (!s->irqchip_allowed) {
        vireo_error_setg(errp, "the in-kernel irqchip is switched off");
        return false;
    }
    ret = kvm_vm_ioctl(KVM_CREATE_IRQCHIP, NULL);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_CREATE_IRQCHIP");
        return false;
    }
    ret = kvm_vm_ioctl(KVM_CREATE_PIT2, &pit);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_CREATE_PIT2");
        return false;
    }
    for (int i = 0; i < KVM_NR_GSI; i++) {
        GError *err = NULL;

        if (i >= KVM_FIRST_IRQFD_GSI && irqfds) {
            s->gsi_lines[i] = kvm_irqfd_line_new(s, i, &err);
            if (!s->gsi_lines[i]) {
                /* KVM_IRQ_LINE does the same job, one ioctl per change. */
                vireo_warn("%s; interrupts use KVM_IRQ_LINE", err->message);
                g_error_free(err);
                irqfds = false;
            }
        }
        if (!s->gsi_lines[i]) {
            s->gsi_lines[i] = irq_new(kvm_gsi_set, s, i);
        }
    }
    s->irqchip = true;
    return true;
}

static IRQLine *kvm_irqchip_gsi_line(AccelState *accel, unsigned gsi)
{
    if (!kvm_state || !kvm_state->irqchip || gsi >= KVM_NR_GSI) {
        return NULL;
    }
    return kvm_state->gsi_lines[gsi];
}

static bool kvm_available(GError **errp)
{
    /* The real check is opening the device in init_machine. */
    return true;
}

static bool kvm_prop_get_irqchip(Object *obj, ObjectProperty *prop,
                                 ObjectPropValue *out, GError **errp)
{
    KVMAccel *ka = (KVMAccel *)obj;

    out->s = g_strdup(ka->kernel_irqchip ? ka->kernel_irqchip : "on");
    return true;
}

static bool kvm_prop_set_irqchip(Object *obj, ObjectProperty *prop,
                                 const ObjectPropValue *in, GError **errp)
{
    KVMAccel *ka = (KVMAccel *)obj;

    g_free(ka->kernel_irqchip);
    ka->kernel_irqchip = g_strdup(in->s);
    return true;
}

static void kvm_accel_finalize(Object *obj)
{
    g_free(((KVMAccel *)obj)->kernel_irqchip);
}

static const AccelOps kvm_accel_ops = {
    .create_vcpu_thread = kvm_create_vcpu_thread,
    .kick_vcpu_thread = kvm_kick_vcpu_thread,
    .synchronize_state = kvm_synchronize_state,
    .synchronize_post_reset = kvm_synchronize_post_reset,
};

static void kvm_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->desc = "KVM: run guest code on the host CPU (" KVM_DEVICE_PATH ")";
    ac->available = kvm_available;
    ac->init_machine = kvm_init_machine;
    ac->ops = &kvm_accel_ops;
    ac->irqchip_create = kvm_irqchip_create;
    ac->irqchip_gsi_line = kvm_irqchip_gsi_line;
    object_class_property_add(oc, "kernel-irqchip", "string",
                              OBJECT_PROP_STR, kvm_prop_get_irqchip,
                              kvm_prop_set_irqchip, NULL);
}

static const TypeInfo kvm_accel_types[] = {
    {
        .name = TYPE_KVM_ACCEL,
        .parent = TYPE_ACCEL,
        .instance_size = sizeof(KVMAccel),
        .instance_finalize = kvm_accel_finalize,
        .class_init = kvm_accel_class_init,
    },
};

DEFINE_TYPES(kvm_accel_types)
