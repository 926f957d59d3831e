/*
 * PHYSDEVOP_apic_read: dom0 reads an IO-APIC register through the
 * hypervisor, as Linux does for the ID and version of each IO-APIC its
 * ACPI tables list (a PV dom0 has no access to the IO-APIC itself).
 *
 * QEMU's PC has one IO-APIC, at 0xfec00000, ID 0, version 0x20 with 24
 * pins (version register 0x00170020); both hypervisors read the same
 * hardware.  An address that is no IO-APIC is -EINVAL with the structure
 * still copied back (the value as we sent it); an unreadable argument is
 * -EFAULT.
 */
#include "guest.h"
#include <public/physdev.h>

const unsigned int test_needs = 0;
const char test_title[] = "physdev_op apic_read: IO-APIC registers for dom0";

#define IOAPIC_BASE 0xfec00000ull

static long apic_read(uint64_t base, uint32_t reg, uint32_t *val)
{
	struct physdev_apic op = { .apic_physbase = base, .reg = reg,
				   .value = 0x5a5a5a5a };
	long rc = hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_apic_read, &op);

	*val = op.value;
	return rc;
}

void test_main(void)
{
	uint32_t v;

	CHECK_EQ(apic_read(IOAPIC_BASE, 1, &v), 0);
	CHECK_EQ(v, 0x00170020);
	CHECK_EQ(apic_read(IOAPIC_BASE, 0, &v), 0);
	CHECK_EQ((v >> 24) & 0xf, 0);		/* the ID the MADT gives */
	CHECK_EQ(apic_read(IOAPIC_BASE + 0x1000, 1, &v), -XEN_EINVAL);
	CHECK_EQ(v, 0x5a5a5a5a);
	CHECK_EQ(apic_read(0, 1, &v), -XEN_EINVAL);
	CHECK_EQ(hypercall2(__HYPERVISOR_physdev_op, PHYSDEVOP_apic_read,
			    NULL), -XEN_EFAULT);
}
