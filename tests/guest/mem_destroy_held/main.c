/*
 * mem_destroy_held: a domain that dies holding every kind of reference
 * the hypervisor keeps on its frames.
 *
 * Before shutting down, the test leaves: a pinned L3 tree hooked into its
 * own L4, a copy of its L4 pinned and loaded as the user base pointer, a
 * GDT frame (descriptor type) and an LDT frame mapped on first use, its
 * vcpu_info moved into its own memory, a FIFO event control block and
 * event array, a grant table mapped into its address space, and one of
 * its grants mapped (GNTMAP_host_map).  Each step is checked against Xen
 * 4.17; on Xenolith the memory check that follows the test (the suite
 * requires it) destroys the domain and finds every frame back.
 */
#include "../evtchn_common/ev.h"
#include "../mmu_common/mmu.h"
#include "gnttab.h"

const char test_title[] = "mem_destroy_held: die holding every reference";

#define DESC_DATA 0x00cff2000000fffful /* DPL 3 */
#define NEW_VA 0x18000000000ul	      /* L4 slot 3 */
#define REF 8

static char ldt_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char area[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char cb_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char array_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char granted[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t buf[512];

static void leave_page_tables(void)
{
	unsigned long l3 = spare_mfn(), l2 = spare_mfn(), l1 = spare_mfn();
	unsigned long data = spare_mfn(), l4 = spare_mfn();

	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l3, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l2, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, l1, 0), 0);
	CHECK_EQ(set_entry(l1, 0, (data << 12) | PT_RW), 0);
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW), 0);
	CHECK_EQ(set_entry(l3, 0, (l2 << 12) | PT_RW), 0);
	CHECK_EQ(pin(3, l3), 0);
	CHECK_EQ(set_entry(pt_base_mfn(), 3, (l3 << 12) | PT_RW), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	*(volatile unsigned long *)NEW_VA = 42;
	/* A user base pointer: a pinned copy of our L4. */
	CHECK_EQ(mmuext1(MMUEXT_COPY_PAGE, l4, pt_base_mfn()), 0);
	CHECK_EQ(pin(4, l4), 0);
	CHECK_EQ(mmuext1(MMUEXT_NEW_USER_BASEPTR, l4, 0), 0);
}

static void leave_descriptor_tables(void)
{
	unsigned long g = spare_mfn(), l = spare_mfn();

	memset(buf, 0, sizeof(buf));
	buf[2] = DESC_DATA;
	write_frame(g, buf);
	CHECK_EQ(set_gdt(&g, 16), 0);
	CHECK(load_es(0x13), "GDT selector refused");
	memset(buf, 0, sizeof(buf));
	buf[1] = DESC_DATA;
	write_frame(l, buf);
	CHECK_EQ(hc_update_va_mapping((unsigned long)ldt_va, (l << 12) | PT_RO,
				      UVMF_INVLPG), 0);
	CHECK_EQ(mmuext1(MMUEXT_SET_LDT, (unsigned long)ldt_va, 16), 0);
	CHECK(load_es(0x0f), "LDT selector refused");	/* maps it */
	CHECK(load_es(0), "null selector refused");
}

static void leave_events(void)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = virt_to_mfn(area), .offset = 0x240,
	};
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(cb_page), .vcpu = 0,
	};
	struct evtchn_expand_array ea = {
		.array_gfn = virt_to_mfn(array_page),
	};

	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), 0);
	CHECK_EQ(evtchn_op(EVTCHNOP_init_control, &ic), 0);
	CHECK_EQ(evtchn_op(EVTCHNOP_expand_array, &ea), 0);
}

static void leave_grants(void)
{
	grant_entry_v1_t *v1 = (grant_entry_v1_t *)table_va;
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)map_va, .flags = GNTMAP_host_map,
		.ref = REF, .dom = 0,
	};
	xen_pfn_t frame = 0;

	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK_EQ(hc_update_va_mapping((unsigned long)table_va,
				      (frame << 12) | PT_RW, UVMF_INVLPG), 0);
	v1[REF].domid = 0;
	v1[REF].frame = virt_to_mfn(granted);
	asm volatile("" ::: "memory");
	v1[REF].flags = GTF_permit_access;
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	*(volatile char *)&map_va[1] = 1;
	CHECK_EQ(*(volatile char *)&granted[1], 1);
}

void test_main(void)
{
	leave_page_tables();
	leave_descriptor_tables();
	leave_events();
	leave_grants();
	printk("dying with all of it held\n");
}
