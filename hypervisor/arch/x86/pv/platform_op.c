/*
 * platform_op: the control domain's view of the machine.
 *
 * Linux as dom0 asks Xen about the firmware (EDD disks, the EDID of the
 * monitor, the keyboard shift state, EFI), the physical CPUs, and tells
 * it the wall-clock time whenever its own clock is set or every eleven
 * minutes.  A failed XENPF_settime64 is retried on every timekeeping
 * update, so answering -ENOSYS costs hundreds of hypercalls per second
 * of boot; Xen answers these calls, and so do we, as Xen 4.17 does for a
 * machine booted by multiboot without EFI, EDD or a VBE monitor:
 *
 *   settime32/64        the wallclock of every domain (pv/time.c)
 *   firmware_info       -ESRCH: no EDD disks, MBR signatures or EDID;
 *                       keyboard shift flags 0; EFI -ENOSYS (not EFI)
 *   get_cpuinfo         each physical CPU's APIC ID and online flag
 *   get_cpu_version     CPUID vendor, family, model, stepping
 *   anything else       -ENOSYS (MTRRs, microcode, ACPI sleep, P/C
 *                       states, CPU and memory hotplug, ...)
 *
 * Only the hardware domain may call it (Xen's XSM_PRIV: -EPERM), and the
 * caller states the interface version it was built for (-EACCES if it
 * differs).  The command is in guest memory: every call copies the
 * 136-byte operation in and, for a successful query, back out.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <public/platform.h>
#include <asm/acpi.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>

/* The BIOS keyboard shift state: multiboot leaves Xen none to report. */
#define KBD_SHIFT_FLAGS 0

static long settime(const struct xen_platform_op *op)
{
	if (op->cmd == XENPF_settime32) {
		pv_set_wallclock(op->u.settime32.secs, op->u.settime32.nsecs,
				 op->u.settime32.system_time);
		return 0;
	}
	if (op->u.settime64.mbz)
		return -XEN_EINVAL;
	pv_set_wallclock(op->u.settime64.secs, op->u.settime64.nsecs,
			 op->u.settime64.system_time);
	return 0;
}

/* Nothing of the BIOS's is kept by a multiboot boot but the shift state. */
static long firmware_info(struct xen_platform_op *op)
{
	struct xenpf_firmware_info *fw = &op->u.firmware_info;

	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -XEN_ESRCH;
	case XEN_FW_EFI_INFO:
		return -XEN_ENOSYS;
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index != 0)
			return -XEN_ESRCH;
		fw->u.kbd_shift_flags = KBD_SHIFT_FLAGS;
		return 0;
	}
	return -XEN_EINVAL;
}

static unsigned int last_present_cpu(void)
{
	return acpi_info.nr_cpus ? MIN(acpi_info.nr_cpus, NR_CPUS) - 1 : 0;
}

/*
 * Xen numbers the present CPUs in MADT order; a CPU Xenolith did not
 * start (maxcpus=) is present but offline.  The ACPI ID is the MADT
 * position, which is what QEMU's tables use.
 */
static long get_cpuinfo(struct xen_platform_op *op)
{
	struct xenpf_pcpuinfo *info = &op->u.pcpu_info;
	unsigned int cpu = info->xen_cpuid;

	info->max_present = last_present_cpu();
	if (cpu > info->max_present) {
		info->flags = XEN_PCPU_FLAGS_INVALID;
		return 0;
	}
	info->apic_id = acpi_info.nr_cpus ? acpi_info.cpu_apic_id[cpu] :
					    cpu_to_apicid[0];
	info->acpi_id = cpu;
	info->flags = cpu_is_online[cpu] ? XEN_PCPU_FLAGS_ONLINE : 0;
	return 0;
}

/* All CPUs of a machine share one identity; an offline one has none. */
static long get_cpu_version(struct xen_platform_op *op)
{
	struct xenpf_pcpu_version *ver = &op->u.pcpu_version;
	unsigned int cpu = ver->xen_cpuid;
	struct cpuid_regs r;
	uint32_t family, model;

	ver->max_present = last_present_cpu();
	memset(ver->vendor_id, 0, sizeof(ver->vendor_id));
	ver->family = ver->model = ver->stepping = 0;
	if (cpu >= NR_CPUS || !cpu_is_online[cpu])
		return 0;
	r = cpuid(0);
	memcpy(&ver->vendor_id[0], &r.b, 4);
	memcpy(&ver->vendor_id[4], &r.d, 4);
	memcpy(&ver->vendor_id[8], &r.c, 4);
	r = cpuid(1);
	family = (r.a >> 8) & 0xf;
	model = (r.a >> 4) & 0xf;
	if (family == 0xf)
		family += (r.a >> 20) & 0xff;
	if (family >= 6)
		model |= ((r.a >> 16) & 0xf) << 4;
	ver->family = family;
	ver->model = model;
	ver->stepping = r.a & 0xf;
	return 0;
}

static long dispatch(struct xen_platform_op *op, bool *copy_back)
{
	*copy_back = true;
	switch (op->cmd) {
	case XENPF_settime32:
	case XENPF_settime64:
		*copy_back = false;
		return settime(op);
	case XENPF_firmware_info:
		return firmware_info(op);
	case XENPF_get_cpuinfo:
		return get_cpuinfo(op);
	case XENPF_get_cpu_version:
		return get_cpu_version(op);
	}
	*copy_back = false;
	return guest_err(-XEN_ENOSYS, "platform_op: cmd %u", op->cmd);
}

long do_platform_op(unsigned long arg, unsigned long a2, unsigned long a3,
		    unsigned long a4, unsigned long a5)
{
	struct xen_platform_op op;
	bool copy_back;
	long rc;

	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -XEN_EACCES;
	rc = dispatch(&op, &copy_back);
	/* Only a successful query is written back, as in Xen. */
	if (!rc && copy_back && copy_to_guest(arg, &op, sizeof(op)))
		return -XEN_EFAULT;
	return rc;
}
