/*
 * desc_tables: a guest GDT and LDT, set up and used.
 *
 * set_gdt installs a frame of our descriptors (checked: DPLs raised to
 * 3), after which the frame is a descriptor page: it can be mapped
 * read-only but not writable, and changes go through update_descriptor.
 * Segment registers load from it.  An LDT is named by virtual address
 * (MMUEXT_SET_LDT) and mapped by the hypervisor on first use, when a
 * selector with the TI bit loads; while mapped, its frame too refuses
 * writable mappings.  Bad arguments fail with Xen's errors.
 */
#include "../mmu_common/mmu.h"

const char test_title[] = "desc_tables: set_gdt, update_descriptor, LDT";

#define DESC_CODE64 0x00affa000000fffful /* DPL 3 */
#define DESC_DATA   0x00cff2000000fffful /* DPL 3 */
#define DESC_DATA0  0x00cf92000000fffful /* DPL 0: raised to 3 */
#define DESC_TSS    0x0000890000000067ul

static char ldt_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t buf[512];

static unsigned int get_es(void)
{
	unsigned int s;

	asm volatile("mov %%es, %0" : "=r"(s));
	return s;
}

static void gdt(void)
{
	unsigned long g = spare_mfn(), f;
	const uint64_t *view;

	/* No GDT of our own yet: a guest selector is #GP(selector). */
	CHECK(!load_es(0x13), "selector loaded without a guest GDT");
	CHECK_EQ(last_trap.vector, X86_EXC_GP);
	CHECK_EQ(last_trap.error_code, 0x10);

	memset(buf, 0, sizeof(buf));
	buf[1] = DESC_CODE64;
	buf[2] = DESC_DATA;
	buf[3] = DESC_DATA0;
	write_frame(g, buf);
	/* A frame with a TSS in it is refused. */
	f = spare_mfn();
	buf[4] = DESC_TSS;
	write_frame(f, buf);
	CHECK_EQ(set_gdt(&f, 16), -XEN_EINVAL);
	/* Ours: accepted, then used. */
	f = g;
	CHECK_EQ(set_gdt(&f, 16), 0);
	CHECK(load_es(0x13), "GDT data selector refused");
	CHECK_EQ(get_es(), 0x13);
	CHECK(load_es(0x1b), "raised-DPL selector refused");
	CHECK(!load_es(0x83), "selector beyond the GDT limit loaded");
	CHECK(load_es(0), "null selector refused");
	/* Read-only view: DPL of entry 3 raised to 3 (the CPU set A). */
	view = map_scratch(g, false);
	CHECK_EQ(view[3] & ~(1ul << 40), DESC_DATA0 | (3ul << 45));
	unmap_scratch();
	/* Writable: refused while it is a descriptor page. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)scratch, (g << 12) | PT_RW,
				      UVMF_INVLPG),
		 -XEN_EBUSY);
	unmap_scratch();
	CHECK_EQ(set_entry(g, 4, 0), -XEN_EINVAL);
	/* update_descriptor: good and bad. */
	CHECK_EQ(update_descriptor((g << 12) + 8 * 4, DESC_DATA), 0);
	CHECK(load_es(0x23), "updated descriptor refused");
	CHECK(load_es(0), "null selector refused");
	CHECK_EQ(update_descriptor((g << 12) + 8 * 4, DESC_TSS), -XEN_EINVAL);
	/* Back to no GDT of our own: the frame is ours to write again. */
	CHECK_EQ(set_gdt(NULL, 0), 0);
	map_scratch(g, true);
	unmap_scratch();
}

static void ldt(void)
{
	unsigned long l = spare_mfn();

	memset(buf, 0, sizeof(buf));
	buf[1] = DESC_DATA;
	write_frame(l, buf);
	CHECK_EQ(hc_update_va_mapping((unsigned long)ldt_va, (l << 12) | PT_RO,
				      UVMF_INVLPG),
		 0);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, (unsigned long)ldt_va + 8, 16),
		 -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, (unsigned long)ldt_va, 8193),
		 -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, HYPERVISOR_VIRT_START, 16),
		 -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, (unsigned long)ldt_va, 16), 0);
	/* An LDT the guest does not map: the first use faults. */
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, 0x20000000000ul, 16), 0);
	CHECK(!load_es(0x0f), "unmapped LDT used");
	/* ... as a #PF at the guest's own LDT address of the descriptor. */
	CHECK_EQ(last_trap.vector, X86_EXC_PF);
	CHECK_EQ(last_trap.cr2, 0x20000000008ul);
	CHECK_EQ(last_trap.error_code & PFEC_PRESENT, 0);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, (unsigned long)ldt_va, 16), 0);
	/* First use maps the LDT page (selector 0x0f: LDT entry 1, RPL 3). */
	CHECK(load_es(0x0f), "LDT selector refused");
	CHECK_EQ(get_es(), 0x0f);
	CHECK(load_es(0), "null selector refused");
	/* Mapped as an LDT now: no writable alias. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)scratch, (l << 12) | PT_RW,
				      UVMF_INVLPG),
		 -XEN_EBUSY);
	unmap_scratch();
	/* Unmapping the guest's view drops the hypervisor's LDT mapping. */
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, 0, 0), 0);
	CHECK_EQ(hc_update_va_mapping((unsigned long)ldt_va, 0, UVMF_INVLPG),
		 0);
	map_scratch(l, true);
	unmap_scratch();
	CHECK_EQ(hc_update_va_mapping((unsigned long)ldt_va,
				      (virt_to_mfn(ldt_va) << 12) | PT_RW,
				      UVMF_INVLPG),
		 0);
}

void test_main(void)
{
	gdt();
	ldt();
}
