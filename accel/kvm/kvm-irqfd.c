/*
 * Level-triggered GSIs through irqfds (KVM_IRQFD with
 * KVM_IRQFD_FLAG_RESAMPLE): raising the line signals an eventfd that KVM
 * turns into an IOAPIC assert, with no ioctl on the device's path and
 * nothing the device needs to know. KVM holds the pin high until the
 * guest's EOI, then lowers it and signals the resample eventfd; if the
 * device still holds its line high by then, we signal the irqfd again.
 * So a device lowering its line (the guest acknowledged it) takes effect
 * at the EOI, which is when a level-triggered guest looks again anyway.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the IOAPIC's own pins (GSI 16-23, where boards put level-triggered
 * devices such as virtio-mmio) are wired this way; ISA pins keep
 * KVM_IRQ_LINE, which also carries edges.
 */
#include "accel/kvm/kvm-internal.h"
#include "util/error.h"
#include "util/event-notifier.h"

#include <errno.h>
#include <sys/ioctl.h>

typedef struct KVMIrqfd {
    EventNotifier irq;          /* we set it: KVM asserts the pin */
    EventNotifier resample;     /* KVM sets it at the EOI, pin lowered */
    unsigned gsi;
    int level;                  /* the device's line */
} KVMIrqfd;

static KVMIrqfd *irqfd_of_resample(EventNotifier *e)
{
    return (KVMIrqfd *)((char *)e - offsetof(KVMIrqfd, resample));
}

/* Main loop, BQL held: the guest EOI'd; re-assert if still pending. */
static void kvm_irqfd_resample(EventNotifier *e)
{
    KVMIrqfd *f = irqfd_of_resample(e);

    event_notifier_test_and_clear(e);
    if (f->level) {
        event_notifier_set(&f->irq);
    }
}

static void kvm_irqfd_set(void *opaque, int n, int level)
{
    KVMIrqfd *f = opaque;

    if (level && !f->level) {
        event_notifier_set(&f->irq);
    }
    f->level = level;
}

IRQLine *kvm_irqfd_line_new(KVMState *s, unsigned gsi, GError **errp)
{
    KVMIrqfd *f;
    struct kvm_irqfd req = { .gsi = gsi, .flags = KVM_IRQFD_FLAG_RESAMPLE };

    if (kvm_check_extension(KVM_CAP_IRQFD) <= 0 ||
        kvm_check_extension(KVM_CAP_IRQFD_RESAMPLE) <= 0) {
        vireo_error_setg(errp, "the host lacks KVM_CAP_IRQFD_RESAMPLE");
        return NULL;
    }
    f = g_new0(KVMIrqfd, 1);
    f->gsi = gsi;
    f->irq.fd = f->resample.fd = -1;
    if (!event_notifier_init(&f->irq, false, errp) ||
        !event_notifier_init(&f->resample, false, errp)) {
        goto fail;
    }
    req.fd = event_notifier_get_fd(&f->irq);
    req.resamplefd = event_notifier_get_fd(&f->resample);
    if (ioctl(s->vm_fd, KVM_IRQFD, &req) < 0) {
        vireo_error_setg_errno(errp, errno, "KVM_IRQFD for GSI %u", gsi);
        goto fail;
    }
    event_notifier_set_handler(&f->resample, kvm_irqfd_resample);
    s->irqfds[gsi] = f;
    return irq_new(kvm_irqfd_set, f, gsi);

fail:
    event_notifier_cleanup(&f->irq);
    event_notifier_cleanup(&f->resample);
    g_free(f);
    return NULL;
}
