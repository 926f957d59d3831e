/*
 * lib/pvlayout against layouts measured on Xen 4.17 itself.
 *
 * Each case is Debian's linux-image-6.1.0-56-amd64 booted as dom0 on
 * cache/xen-4.17.elf through scripts/qemu.sh; the expected numbers are
 * copied from Xen's "VIRTUAL MEMORY ARRANGEMENT" and "Dom0 alloc." lines
 * (kept in comments).  The cases marked "notes patched" boot the same
 * vmlinux with its INIT_P2M and MOD_START_PFN notes renamed to unknown
 * types, so Xen maps the initrd and the P2M inside the initial mapping.
 */
#include <stdio.h>
#include "check.h"
#include "pvlayout/pvlayout.h"

#define K_START	   0xffffffff81000000ULL
#define K_END	   0xffffffff84a00000ULL
#define K_ENTRY	   0xffffffff830791c0ULL
#define VBASE	   0xffffffff80000000ULL
#define INITRD_LEN 0x3f625ULL /* config-6.1.0-56-amd64 as the module */

static struct pv_layout_in linux_in(uint64_t mib, bool notes_kept,
				    uint64_t initrd_len)
{
	struct pv_layout_in in = {
	    .virt_base = VBASE,
	    .virt_kstart = K_START,
	    .virt_kend = K_END,
	    .virt_entry = K_ENTRY,
	    .virt_hypercall = PV_LAYOUT_UNSET,
	    .p2m_base = notes_kept ? 0x8000000000ULL : PV_LAYOUT_UNSET,
	    .unmapped_initrd = notes_kept,
	    .initrd_len = initrd_len,
	    .nr_pages = mib << 8,
	    .nr_vcpus = 1,
	};
	return in;
}

static struct pv_layout lay(struct pv_layout_in in)
{
	struct pv_layout l;
	const char *err = NULL;
	int rc = pv_layout_dom0(&in, &l, &err);

	CHECK_EQ(rc, 0);
	if (rc)
		printf("    %s\n", err);
	return l;
}

/*
 * dom0_mem=256M, no initrd:
 *  Dom0 alloc.:   0000000030000000->0000000038000000
 *  Loaded kernel: ffffffff81000000->ffffffff84a00000
 *  Phys-Mach map: 0000008000000000->0000008000080000
 *  Start info:    ffffffff84a00000->ffffffff84a004b8
 *  Page tables:   ffffffff84a01000->ffffffff84a2a000
 *  Boot stack:    ffffffff84a2a000->ffffffff84a2b000
 *  TOTAL:         ffffffff80000000->ffffffff84c00000
 */
static void test_xen_256m(void)
{
	struct pv_layout l = lay(linux_in(256, true, 0));

	CHECK_EQ(l.vkern_start, K_START);
	CHECK_EQ(l.vkern_end, K_END);
	CHECK_EQ(l.vinitrd_start, 0);
	CHECK_EQ(l.vphysmap_start, 0x8000000000ULL);
	CHECK_EQ(l.vphysmap_end, 0x8000080000ULL);
	CHECK_EQ(l.vstartinfo_start, 0xffffffff84a00000ULL);
	CHECK_EQ(l.vstartinfo_end, 0xffffffff84a004b8ULL);
	CHECK_EQ(l.vpt_start, 0xffffffff84a01000ULL);
	CHECK_EQ(l.vpt_end, 0xffffffff84a2a000ULL);
	CHECK_EQ(l.nr_pt_pages, 41);
	CHECK_EQ(l.vstack_start, 0xffffffff84a2a000ULL);
	CHECK_EQ(l.vstack_end, 0xffffffff84a2b000ULL);
	CHECK_EQ(l.v_start, VBASE);
	CHECK_EQ(l.v_end, 0xffffffff84c00000ULL);
	CHECK_EQ(l.entry, K_ENTRY);
	CHECK_EQ(1ULL << l.alloc_order, 0x8000000ULL >> 12); /* 128 MiB */
	CHECK(!l.p2m_in_mapping);
	CHECK(l.single_l2);
}

/*
 * dom0_mem=1G dom0_max_vcpus=2, unmapped initrd of 0x3f625 bytes:
 *  Dom0 alloc.:   0000000070000000->0000000078000000
 *                 (229312 pages to be allocated)
 *  Phys-Mach map: 0000008000000000->0000008000200000
 *  (all other lines as for 256M)
 */
static void test_xen_1g_initrd_unmapped(void)
{
	struct pv_layout_in in = linux_in(1024, true, INITRD_LEN);
	struct pv_layout l;

	in.nr_vcpus = 2;
	l = lay(in);
	CHECK_EQ(l.vinitrd_start, 0);
	CHECK_EQ(l.vinitrd_end, 0);
	CHECK_EQ(l.vphysmap_end, 0x8000200000ULL);
	CHECK_EQ(l.vstartinfo_start, 0xffffffff84a00000ULL);
	CHECK_EQ(l.vpt_end, 0xffffffff84a2a000ULL);
	CHECK_EQ(l.v_end, 0xffffffff84c00000ULL);
	/* Pages left to allocate after the first chunk and the initrd. */
	CHECK_EQ(in.nr_pages - (1ULL << l.alloc_order) - 64, 229312);
	CHECK_EQ(l.initrd_pfn, 32768);
}

/*
 * dom0_mem=300M, notes patched, initrd mapped:
 *  Dom0 alloc.:   0000000030000000->0000000038000000
 *                 (43968 pages to be allocated)
 *  Loaded kernel: ffffffff81000000->ffffffff84a00000
 *  Init. ramdisk: ffffffff84a00000->ffffffff84a3f625
 *  Phys-Mach map: ffffffff84a40000->ffffffff84ad6000
 *  Start info:    ffffffff84ad6000->ffffffff84ad64b8
 *  Page tables:   ffffffff84ad7000->ffffffff84b00000
 *  Boot stack:    ffffffff84b00000->ffffffff84b01000
 *  TOTAL:         ffffffff80000000->ffffffff84c00000
 */
static void test_xen_300m_mapped(void)
{
	struct pv_layout_in in = linux_in(300, false, INITRD_LEN);
	struct pv_layout l = lay(in);

	CHECK_EQ(l.vinitrd_start, 0xffffffff84a00000ULL);
	CHECK_EQ(l.vinitrd_end, 0xffffffff84a3f625ULL);
	CHECK_EQ(l.vphysmap_start, 0xffffffff84a40000ULL);
	CHECK_EQ(l.vphysmap_end, 0xffffffff84ad6000ULL);
	CHECK_EQ(l.vstartinfo_start, 0xffffffff84ad6000ULL);
	CHECK_EQ(l.vstartinfo_end, 0xffffffff84ad64b8ULL);
	CHECK_EQ(l.vpt_start, 0xffffffff84ad7000ULL);
	CHECK_EQ(l.vpt_end, 0xffffffff84b00000ULL);
	CHECK_EQ(l.vstack_end, 0xffffffff84b01000ULL);
	CHECK_EQ(l.v_end, 0xffffffff84c00000ULL);
	CHECK(l.p2m_in_mapping);
	CHECK_EQ(in.nr_pages - (1ULL << l.alloc_order) - 64, 43968);
	CHECK_EQ(l.initrd_pfn, (0xffffffff84a00000ULL - VBASE) >> 12);
}

/*
 * dom0_mem=700M, notes patched, initrd mapped: the stack ends 212 KiB
 * below a 4 MiB boundary, so Xen adds 4 MiB, and the larger mapping needs
 * two more L1 pages than the 41 of the cases above.
 *  Dom0 alloc.:   0000000030000000->0000000038000000
 *                 (146368 pages to be allocated)
 *  Init. ramdisk: ffffffff84a00000->ffffffff84a3f625
 *  Phys-Mach map: ffffffff84a40000->ffffffff84b9e000
 *  Start info:    ffffffff84b9e000->ffffffff84b9e4b8
 *  Page tables:   ffffffff84b9f000->ffffffff84bca000
 *  Boot stack:    ffffffff84bca000->ffffffff84bcb000
 *  TOTAL:         ffffffff80000000->ffffffff85000000
 */
static void test_xen_700m_extra_4m(void)
{
	struct pv_layout_in in = linux_in(700, false, INITRD_LEN);
	struct pv_layout l = lay(in);

	CHECK_EQ(l.vphysmap_end, 0xffffffff84b9e000ULL);
	CHECK_EQ(l.vstartinfo_start, 0xffffffff84b9e000ULL);
	CHECK_EQ(l.vpt_start, 0xffffffff84b9f000ULL);
	CHECK_EQ(l.vpt_end, 0xffffffff84bca000ULL);
	CHECK_EQ(l.nr_pt_pages, 43);
	CHECK_EQ(l.vstack_start, 0xffffffff84bca000ULL);
	CHECK_EQ(l.vstack_end, 0xffffffff84bcb000ULL);
	CHECK_EQ(l.v_end, 0xffffffff85000000ULL);
	CHECK_EQ(in.nr_pages - (1ULL << l.alloc_order) - 64, 146368);
}

/*
 * An XTF-style test kernel (tests/guest/hello: 64 KiB at VIRT_BASE, a
 * HYPERCALL_PAGE, no INIT_P2M, no MOD_START_PFN) with dom0_mem=64M:
 *  Dom0 alloc.:   000000001ec00000->000000001f000000
 *                 (15360 pages to be allocated)
 *  Loaded kernel: ffffffff80000000->ffffffff80010000
 *  Phys-Mach map: ffffffff80010000->ffffffff80030000
 *  Start info:    ffffffff80030000->ffffffff800304b8
 *  Page tables:   ffffffff80031000->ffffffff80036000
 *  Boot stack:    ffffffff80036000->ffffffff80037000
 *  TOTAL:         ffffffff80000000->ffffffff80400000
 */
static void test_xen_xtf_style(void)
{
	struct pv_layout_in in = {
	    .virt_base = VBASE,
	    .virt_kstart = VBASE,
	    .virt_kend = VBASE + 0x10000,
	    .virt_entry = VBASE,
	    .virt_hypercall = VBASE + 0x1000,
	    .p2m_base = PV_LAYOUT_UNSET,
	    .nr_pages = 64 << 8,
	    .nr_vcpus = 1,
	};
	struct pv_layout l = lay(in);

	CHECK_EQ(l.vinitrd_start, VBASE + 0x10000); /* mapped, empty */
	CHECK_EQ(l.vinitrd_end, VBASE + 0x10000);
	CHECK_EQ(l.vphysmap_start, 0xffffffff80010000ULL);
	CHECK_EQ(l.vphysmap_end, 0xffffffff80030000ULL);
	CHECK_EQ(l.vstartinfo_start, 0xffffffff80030000ULL);
	CHECK_EQ(l.vpt_start, 0xffffffff80031000ULL);
	CHECK_EQ(l.vpt_end, 0xffffffff80036000ULL);
	CHECK_EQ(l.nr_pt_pages, 5);
	CHECK_EQ(l.vstack_end, 0xffffffff80037000ULL);
	CHECK_EQ(l.v_end, 0xffffffff80400000ULL);
	CHECK(l.p2m_in_mapping);
	CHECK_EQ(in.nr_pages - (1ULL << l.alloc_order), 15360);
}

/* The fixpoint by hand: 76 MiB need 1 L4 + 1 L3 + 1 L2 + 38 L1 = 41. */
static void test_pt_count_by_hand(void)
{
	struct pv_layout l = lay(linux_in(256, true, 0));

	CHECK_EQ(l.nr_pt_pages, 1 + 1 + 1 + (l.v_end - l.v_start) / (2 << 20));
	CHECK(l.v_end - l.vstack_end >= 512 * 1024);
	CHECK_EQ(l.v_end % (4 << 20), 0);
}

static void test_refusals(void)
{
	struct pv_layout_in in = linux_in(64, true, 0);
	struct pv_layout l;
	const char *err = NULL;

	/* 64 MiB < the 128 MiB first chunk: Xen panics, we refuse. */
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -12);
	CHECK(err != NULL);
	in = linux_in(256, true, 0);
	in.virt_base = 0xffff800000000000ULL;
	in.virt_kstart = in.virt_base + 0x1000000;
	in.virt_kend = in.virt_base + 0x2000000;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -22);
	in = linux_in(256, false, 0);
	in.initrd_len = ~0ULL - 0x1000;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -34);
	in = linux_in(256, true, 0);
	in.p2m_base = ~0ULL - 0x1000;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -34);
	in = linux_in(256, true, 0);
	in.virt_base = K_START + 1;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -34);
}

/* Xen fills a HYPERCALL_PAGE only inside [v_start, v_end). */
static void test_hypercall_page(void)
{
	struct pv_layout_in in = linux_in(256, true, 0);
	struct pv_layout l;
	const char *err = NULL;

	in.virt_hypercall = K_START + 0x2000;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), 0);
	in.virt_hypercall = 0xffffffff84c00000ULL; /* == v_end */
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -22);
	in.virt_hypercall = VBASE - 0x1000;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -22);
}

/*
 * A domU's XenStore and console pages follow the start_info page, as
 * xc_dom places them; the page tables move up by two pages, everything
 * before stays where dom0's layout has it.  More than two is refused.
 */
static void test_domu_magic_pages(void)
{
	struct pv_layout_in in = linux_in(256, true, 0);
	struct pv_layout l0 = lay(in), l;
	const char *err = NULL;

	in.nr_magic = 2;
	l = lay(in);
	CHECK_EQ(l.vstartinfo_start, l0.vstartinfo_start);
	CHECK_EQ(l.vmagic_start, l.vstartinfo_start + 0x1000);
	CHECK_EQ(l.vpt_start, l0.vpt_start + 0x2000);
	CHECK_EQ(l.vstack_start, l.vpt_end);
	CHECK(l.vstack_end <= l.v_end);
	in.nr_magic = 3;
	CHECK_EQ(pv_layout_dom0(&in, &l, &err), -22);
}

int main(void)
{
	check_prog = "pvlayout";
	RUN(test_xen_256m);
	RUN(test_xen_1g_initrd_unmapped);
	RUN(test_xen_300m_mapped);
	RUN(test_xen_700m_extra_4m);
	RUN(test_xen_xtf_style);
	RUN(test_pt_count_by_hand);
	RUN(test_refusals);
	RUN(test_hypercall_page);
	RUN(test_domu_magic_pages);
	return check_exit();
}
