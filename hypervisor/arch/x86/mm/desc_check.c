/*
 * Descriptor validation: what a PV guest may put in its GDT and LDT.
 *
 * A PV guest's descriptor tables are real hardware tables, so every
 * descriptor in a frame typed as a descriptor page is checked when the
 * frame gains that type and on every update_descriptor.  The guest kernel
 * runs in ring 3, so the danger is a descriptor that leads to a more
 * privileged ring:
 *
 *  - a not-present descriptor faults on use and is always fine;
 *  - code and data segments are fine once their DPL is raised to 3 (a
 *    64-bit guest has no use for a lower one, and base/limit do not
 *    matter in long mode);
 *  - a system descriptor of type 0 is the upper half of a 16-byte call
 *    gate and is harmless;
 *  - every other system descriptor (TSS, LDT, interrupt or trap gate) is
 *    refused, except call gates: their target selector must be a guest
 *    selector (GDT below Xenolith's reserved entries, the flat kernel code
 *    selector, or any LDT selector), their DPL is forced to 0 so that a
 *    far call traps into Xenolith for emulation, and the original DPL is
 *    kept in the selector's RPL bits, as Xen does.
 *
 * Pure logic, host-tested in tests/unit/test_desc.c.
 */
#include <xenolith/lib.h>
#include <asm/page_type.h>
#include <public/xen.h>

/* Fields of a descriptor's high word. */
#define SEG_TYPE_MASK	  (15U << 8)
#define SEG_TYPE_CALLGATE (12U << 8)
#define SEG_S		  (1U << 12) /* code/data, not system */
#define SEG_DPL_SHIFT	  13
#define SEG_DPL_MASK	  (3U << SEG_DPL_SHIFT)
#define SEG_P		  (1U << 15)
#define GATE_RESERVED	  0xffU /* must be 0 in a 64-bit call gate */

#define SEL_LDT 4U

static bool gate_selector_ok(uint16_t sel)
{
	return (sel >> 3) < FIRST_RESERVED_GDT_ENTRY || sel == FLAT_KERNEL_CS ||
	       (sel & SEL_LDT);
}

static uint32_t desc_hi(uint64_t desc)
{
	return desc >> 32;
}

static uint32_t desc_lo(uint64_t desc)
{
	return (uint32_t)desc;
}

bool pv_check_descriptor(const struct domain *d, uint64_t *desc)
{
	uint32_t a = desc_lo(*desc), b = desc_hi(*desc);
	const unsigned int dpl = 3; /* every DPL is raised to the guest's */
	uint16_t cs;

	(void)d;
	if (!(b & SEG_P))
		return true;
	b = (b & ~SEG_DPL_MASK) | (dpl << SEG_DPL_SHIFT);
	if (!(b & SEG_S))
		goto system;
	*desc = ((uint64_t)b << 32) | a;
	return true;

system:
	if ((b & SEG_TYPE_MASK) == 0)
		return true; /* upper half of a call gate: left as it is */
	if ((b & SEG_TYPE_MASK) != SEG_TYPE_CALLGATE)
		return false;
	cs = a >> 16;
	if (!gate_selector_ok(cs))
		return false;
	b &= ~SEG_DPL_MASK;
	cs = (cs & ~3U) | dpl;
	a = (a & 0xffffU) | ((uint32_t)cs << 16);
	if (b & GATE_RESERVED)
		return false;
	*desc = ((uint64_t)b << 32) | a;
	return true;
}
