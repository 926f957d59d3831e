/*
 * platform_op as dom0's Linux uses it.
 *
 * Linux 6.1 as dom0 tells the hypervisor the wall-clock time
 * (XENPF_settime64, falling back to settime32 for good after one
 * -ENOSYS, and retrying on every clock update while it fails), reads the
 * physical CPUs (XENPF_get_cpuinfo, get_cpu_version) and the firmware's
 * keyboard state, and probes EDD and EFI.  This test pins what Xen 4.17
 * answers a multiboot-booted dom0: the interface-version check, settime
 * moving every vCPU's view of the wallclock (shared_info.wc_*) to
 * secs.nsecs minus system_time, the mbz check, CPU 0 online and a CPU
 * beyond the last one invalid, a CPUID identity, the shift flags of
 * index 0 only, and -ENOSYS for an unknown command.
 */
#include "guest.h"
#include <public/platform.h>

const char test_title[] = "platform_op: settime, cpuinfo, firmware_info";
const unsigned int test_needs = NEED_TRAPS | NEED_SHARED;

static struct xen_platform_op op;

static long platform_op(uint32_t cmd)
{
	op.cmd = cmd;
	op.interface_version = XENPF_INTERFACE_VERSION;
	return hypercall1(__HYPERVISOR_platform_op, &op);
}

/* Read the wallclock under its seqlock. */
static void read_wallclock(uint64_t *sec, uint32_t *nsec)
{
	uint32_t v;

	do {
		v = shared->wc_version;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		*sec = shared->wc_sec | (uint64_t)shared->wc_sec_hi << 32;
		*nsec = shared->wc_nsec;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((v & 1) || v != shared->wc_version);
}

static void check_version_and_unknown(void)
{
	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_get_cpuinfo;
	op.interface_version = XENPF_INTERFACE_VERSION - 1;
	CHECK_EQ(hypercall1(__HYPERVISOR_platform_op, &op), -XEN_EACCES);
	memset(&op, 0, sizeof(op));
	CHECK_EQ(platform_op(99), -XEN_ENOSYS);
}

static void check_settime(void)
{
	uint64_t sec;
	uint32_t nsec, before = shared->wc_version;

	memset(&op, 0, sizeof(op));
	op.u.settime64.secs = 1234567890;
	op.u.settime64.nsecs = 250000000;
	op.u.settime64.mbz = 1;
	CHECK_EQ(platform_op(XENPF_settime64), -XEN_EINVAL);

	/* 1234567890.25 s was true at system time 2.5 s. */
	op.u.settime64.mbz = 0;
	op.u.settime64.system_time = 2500000000ULL;
	CHECK_EQ(platform_op(XENPF_settime64), 0);
	read_wallclock(&sec, &nsec);
	CHECK_EQ(sec, 1234567887);
	CHECK_EQ(nsec, 750000000);
	CHECK(shared->wc_version != before, "wc_version unchanged");

	memset(&op, 0, sizeof(op));
	op.u.settime32.secs = 2000000000;
	op.u.settime32.nsecs = 5;
	op.u.settime32.system_time = 1000000000ULL;
	CHECK_EQ(platform_op(XENPF_settime32), 0);
	read_wallclock(&sec, &nsec);
	CHECK_EQ(sec, 1999999999);
	CHECK_EQ(nsec, 5);
}

static void check_cpuinfo(void)
{
	uint32_t last;

	memset(&op, 0, sizeof(op));
	op.u.pcpu_info.xen_cpuid = 0;
	op.u.pcpu_info.flags = 0xf0;
	CHECK_EQ(platform_op(XENPF_get_cpuinfo), 0);
	CHECK_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
	last = op.u.pcpu_info.max_present;
	printk("cpu 0: apic %u acpi %u, max_present %u\n",
	       op.u.pcpu_info.apic_id, op.u.pcpu_info.acpi_id, last);
	CHECK(last < 4096, "max_present %u", last);

	memset(&op, 0, sizeof(op));
	op.u.pcpu_info.xen_cpuid = last + 1;
	CHECK_EQ(platform_op(XENPF_get_cpuinfo), 0);
	CHECK_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_INVALID);
	CHECK_EQ(op.u.pcpu_info.max_present, last);

	memset(&op, 0, sizeof(op));
	CHECK_EQ(platform_op(XENPF_get_cpu_version), 0);
	CHECK(op.u.pcpu_version.vendor_id[0] != 0, "no vendor id");
	CHECK(op.u.pcpu_version.family != 0, "family 0");
	CHECK_EQ(op.u.pcpu_version.max_present, last);
}

static void check_firmware_info(void)
{
	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	op.u.firmware_info.u.kbd_shift_flags = 0xaa;
	CHECK_EQ(platform_op(XENPF_firmware_info), 0);
	CHECK_EQ(op.u.firmware_info.u.kbd_shift_flags, 0);
	op.u.firmware_info.index = 1;
	CHECK_EQ(platform_op(XENPF_firmware_info), -XEN_ESRCH);

	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = 77;
	CHECK_EQ(platform_op(XENPF_firmware_info), -XEN_EINVAL);

	/* No disks under QEMU: Linux's EDD probe ends at index 0. */
	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_DISK_MBR_SIGNATURE;
	CHECK_EQ(platform_op(XENPF_firmware_info), -XEN_ESRCH);
}

void test_main(void)
{
	check_version_and_unknown();
	check_settime();
	check_cpuinfo();
	check_firmware_info();
}
