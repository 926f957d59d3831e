/*
 * gnttab_self: grant tables with a domain granting to itself.
 *
 * A test kernel is dom0 and has nobody to share with, but a grant to
 * domain 0 from domain 0 goes through every path a split driver uses:
 * the table set up and mapped by the granter, a mapping of the granted
 * frame at one of our own addresses (GNTMAP_host_map), reads and writes
 * through it, the in-use flags the hypervisor keeps in the entry, and
 * copies in every form (by ref or by frame, on either side).  Then the
 * same in version 2, and the attacks: refs past the table, entries not
 * granted or granted to another domain, a write-pin of a read-only
 * grant, a write through a read-only mapping, a copy crossing the page,
 * unmapping twice, and ending access to an entry still mapped.
 */
#include "guest.h"
#include "gnttab.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "gnttab_self: grant to ourselves, map, copy, v2";

#define REF 8			/* first entry after the reserved ones */
#define REF2 9
#define SELF 0			/* a test kernel is dom0 */

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char status_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va2[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v1_t *const v1 = (grant_entry_v1_t *)table_va;
static grant_entry_v2_t *const v2 = (grant_entry_v2_t *)table_va;
static grant_status_t *const st2 = (grant_status_t *)status_va;

static void grant_v1(grant_ref_t ref, domid_t dom, void *page,
		     uint16_t flags)
{
	gnttab_grant_v1(&v1[ref], dom, page, flags);
}

static int16_t map_at(void *va, grant_ref_t ref, domid_t dom,
		      uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)va,
		.flags = flags, .ref = ref, .dom = dom,
	};
	long rc = gnttab_op(GNTTABOP_map_grant_ref, &op, 1);

	CHECK_EQ(rc, 0);
	*h = op.handle;
	return op.status;
}

static int16_t map(grant_ref_t ref, domid_t dom, uint32_t flags,
		   grant_handle_t *h)
{
	return map_at(map_va, ref, dom, flags, h);
}

static int16_t unmap_at(void *va, grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = (unsigned long)va, .handle = h,
	};
	long rc = gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);

	CHECK_EQ(rc, 0);
	return op.status;
}

static int16_t unmap(grant_handle_t h)
{
	return unmap_at(map_va, h);
}

/* Domains that do not exist, counts and commands out of range. */
static void check_setup_hostile(void)
{
	struct gnttab_setup_table s = { .dom = 1234, .nr_frames = 1 };
	struct gnttab_get_version gv = { .dom = 1234 };
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_set_version sv = { .version = 1 };
	xen_pfn_t frame;

	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_bad_domain);
	CHECK_EQ(gnttab_op(GNTTABOP_get_version, &gv, 1), -XEN_ESRCH);
	/* get_version and set_version do not look at count. */
	CHECK_EQ(gnttab_op(GNTTABOP_get_version, &gv, 2), -XEN_ESRCH);
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 2), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 0), 0);
	/* Continuation bits on a command that has none. */
	CHECK_EQ(gnttab_op(GNTTABOP_query_size | (1u << 12), &q, 1),
		 -XEN_EINVAL);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, (void *)8, 1), -XEN_EFAULT);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, NULL, 0), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, NULL, -1), -XEN_EINVAL);
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, NULL, 1), -XEN_EFAULT);
	CHECK_EQ(gnttab_op(GNTTABOP_dump_table, &q, 1), -XEN_ENOSYS);
	CHECK_EQ(gnttab_op(13, &q, 1), -XEN_ENOSYS);
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_okay);
}

/* cache_flush: argument checks only on x86, first error ends a batch. */
static void check_cache_flush(void)
{
	uint64_t own = (uint64_t)virt_to_mfn(src) << 12;
	struct gnttab_cache_flush cf[] = {
		{ .a.dev_bus_addr = own, .length = 64,
		  .op = GNTTAB_CACHE_CLEAN },
		{ .a.dev_bus_addr = own, .offset = 4000, .length = 200,
		  .op = GNTTAB_CACHE_CLEAN },
		{ .a.dev_bus_addr = own, .length = 64 },
		{ .a.dev_bus_addr = own, .length = 64, .op = 4 },
		{ .a.ref = REF, .length = 64,
		  .op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF },
		{ .a.dev_bus_addr = 1ul << 52, .length = 64,
		  .op = GNTTAB_CACHE_INVAL },
		{ .a.dev_bus_addr = 0, .length = 64, .op = GNTTAB_CACHE_INVAL },
		{ .a.dev_bus_addr = own, .length = 64,
		  .op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL },
	};
	static const long want[] = { 0, -XEN_EINVAL, 0, -XEN_EINVAL,
				     -XEN_EINVAL, -XEN_EINVAL, -XEN_EPERM, 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(cf); i++)
		CHECK(gnttab_op(GNTTABOP_cache_flush, &cf[i], 1) == want[i],
		      "cache_flush %u: want %ld", i, want[i]);
	CHECK_EQ(gnttab_op(GNTTABOP_cache_flush, cf, 2), -XEN_EINVAL);
	CHECK_EQ(gnttab_op(GNTTABOP_cache_flush, NULL, 0), 0);
}

static void check_setup(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	xen_pfn_t frame = 0;

	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_okay);
	CHECK(q.max_nr_frames >= 1, "max_nr_frames %u", q.max_nr_frames);
	printk("query_size: %u of %u frames\n", q.nr_frames, q.max_nr_frames);
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 2), -XEN_EINVAL);
	q.dom = 1234;
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_bad_domain);

	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK_EQ(hc_update_va_mapping((unsigned long)table_va,
				      (frame << 12) | PTE_P | PTE_RW | PTE_A |
					      PTE_D,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	q.dom = DOMID_SELF;
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK(q.nr_frames >= 1, "nr_frames %u after setup", q.nr_frames);

	s.nr_frames = q.max_nr_frames + 1;
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	s.nr_frames = 1;
	set_xen_guest_handle(s.frame_list, (xen_pfn_t *)8);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_bad_virt_addr);

	CHECK_EQ(gnttab_op(GNTTABOP_get_version, &gv, 1), 0);
	CHECK_EQ(gv.version, 1);
	check_setup_hostile();
}

static void check_map_rw(void)
{
	grant_handle_t h, h2;

	memset(src, 0x11, PAGE_SIZE);
	grant_v1(REF, SELF, src, GTF_permit_access);
	CHECK_EQ(map(REF, SELF, GNTMAP_host_map, &h), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(map_va[100], 0x11);
	map_va[200] = 0x22;
	asm volatile("" ::: "memory");
	CHECK_EQ(src[200], 0x22);
	/* A second, read-only mapping of the same grant elsewhere. */
	CHECK_EQ(map_at(map_va2, REF, SELF,
			GNTMAP_host_map | GNTMAP_readonly, &h2), GNTST_okay);
	CHECK_EQ(map_va2[200], 0x22);
	CHECK(h2 != h, "same handle %u twice", h);
	/* The granter cannot end access while mapped. */
	CHECK(!__sync_bool_compare_and_swap(&v1[REF].flags,
					    GTF_permit_access, 0),
	      "revoked a mapped grant");
	/* Unmapping needs the address the handle was mapped at. */
	CHECK_EQ(unmap_at(map_va2, h), GNTST_general_error);
	CHECK_EQ(unmap_at(map_va2, h2), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(unmap(h), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK_EQ(unmap(h), GNTST_bad_handle);
	CHECK_EQ(unmap(12345), GNTST_bad_handle);
	CHECK(!va_mapped((unsigned long)map_va), "still mapped after unmap");
	/* Not mapped any more: now it can be revoked. */
	CHECK(__sync_bool_compare_and_swap(&v1[REF].flags,
					   GTF_permit_access, 0),
	      "cannot revoke an unmapped grant");
}

static void check_map_ro(void)
{
	grant_handle_t h;

	grant_v1(REF, SELF, src, GTF_permit_access | GTF_readonly);
	CHECK_EQ(map(REF, SELF, GNTMAP_host_map, &h), GNTST_general_error);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(map(REF, SELF, GNTMAP_host_map | GNTMAP_readonly, &h),
		 GNTST_okay);
	CHECK_EQ(v1[REF].flags,
		 GTF_permit_access | GTF_readonly | GTF_reading);
	trap_reset();
	asm volatile("1: movb $0x33, %0; 2:" EXTABLE("1b", "2b")
		     : "=m"(map_va[300]) :: "memory");
	CHECK_EQ(last_trap.vector, X86_EXC_PF);
	CHECK(src[300] != 0x33, "wrote through a read-only grant");
	CHECK_EQ(unmap(h), GNTST_okay);
	v1[REF].flags = 0;
}

static void check_map_hostile(void)
{
	grant_handle_t h;

	grant_v1(REF, SELF, src, GTF_permit_access);
	CHECK_EQ(map(REF, SELF, 0, &h), GNTST_bad_gntref);
	CHECK_EQ(map(100000, SELF, GNTMAP_host_map, &h), GNTST_bad_gntref);
	CHECK_EQ(map(REF, 1234, GNTMAP_host_map, &h), GNTST_bad_domain);
	CHECK_EQ(map(REF2, SELF, GNTMAP_host_map, &h), GNTST_general_error);
	grant_v1(REF2, 5, src, GTF_permit_access);
	CHECK_EQ(map(REF2, SELF, GNTMAP_host_map, &h), GNTST_general_error);
	CHECK_EQ(v1[REF2].flags, GTF_permit_access);
	v1[REF2].flags = 0;
	grant_v1(REF2, SELF, src, GTF_accept_transfer);
	CHECK_EQ(map(REF2, SELF, GNTMAP_host_map, &h), GNTST_general_error);
	v1[REF2].flags = 0;
	/* Addresses that are not ours to map at; an unaligned one is the
	 * page it falls in. */
	CHECK_EQ(map_at((void *)0xffff800000001000ul, REF, SELF,
			GNTMAP_host_map, &h), GNTST_general_error);
	CHECK_EQ(map_at((void *)0x1000ul, REF, SELF, GNTMAP_host_map, &h),
		 GNTST_general_error);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK_EQ(map_at(map_va + 5, REF, SELF, GNTMAP_host_map, &h),
		 GNTST_okay);
	CHECK_EQ(map_va[0], src[0]);
	CHECK_EQ(unmap_at(map_va + 5, h), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	/* The hypervisor survived: a good map still works. */
	CHECK_EQ(map(REF, SELF, GNTMAP_host_map, &h), GNTST_okay);
	CHECK_EQ(unmap(h), GNTST_okay);
	v1[REF].flags = 0;
}

static int16_t copy(uint16_t flags, uint32_t sref, uint16_t soff,
		    uint32_t dref, uint16_t doff, uint16_t len)
{
	struct gnttab_copy op = {
		.source = { .domid = DOMID_SELF, .offset = soff },
		.dest = { .domid = DOMID_SELF, .offset = doff },
		.len = len, .flags = flags,
	};

	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = sref;
	else
		op.source.u.gmfn = virt_to_mfn(src);
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = dref;
	else
		op.dest.u.gmfn = virt_to_mfn(dst);
	CHECK_EQ(gnttab_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static void check_copy(void)
{
	unsigned int f;

	grant_v1(REF, SELF, src, GTF_permit_access | GTF_readonly);
	grant_v1(REF2, SELF, dst, GTF_permit_access);
	for (f = 0; f < 4; f++) {
		memset(src, 0x40 + f, PAGE_SIZE);
		memset(dst, 0, PAGE_SIZE);
		CHECK_EQ(copy(f, REF, 16, REF2, 32, 100), GNTST_okay);
		CHECK_EQ(dst[31], 0);
		CHECK_EQ(dst[32], 0x40 + f);
		CHECK_EQ(dst[131], 0x40 + f);
		CHECK_EQ(dst[132], 0);
	}
	CHECK_EQ(copy(3, REF, 0, REF2, 0, PAGE_SIZE), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(v1[REF2].flags, GTF_permit_access);
	/* Crossing the end of either page. */
	CHECK_EQ(copy(3, REF, 4000, REF2, 0, 200), GNTST_bad_copy_arg);
	CHECK_EQ(copy(3, REF, 0, REF2, 4000, 200), GNTST_bad_copy_arg);
	CHECK_EQ(copy(0, 0, 0, 0, 1, PAGE_SIZE), GNTST_bad_copy_arg);
	/* Into a read-only grant; from refs that are not there. */
	CHECK_EQ(copy(3, REF2, 0, REF, 0, 8), GNTST_general_error);
	CHECK_EQ(copy(1, 100000, 0, 0, 0, 8), GNTST_bad_gntref);
	CHECK_EQ(copy(2, 0, 0, 100000, 0, 8), GNTST_bad_gntref);
	CHECK_EQ(copy(1, 7, 0, 0, 0, 8), GNTST_general_error);
	CHECK_EQ(copy(3, REF, 0, REF2, 0, 0), GNTST_okay);
	v1[REF].flags = 0;
	v1[REF2].flags = 0;
}

static void check_swap(void)
{
	struct gnttab_swap_grant_ref sw = { .ref_a = REF, .ref_b = REF2 };

	grant_v1(REF, SELF, src, GTF_permit_access);
	grant_v1(REF2, 3, dst, GTF_permit_access | GTF_readonly);
	CHECK_EQ(gnttab_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
	CHECK_EQ(sw.status, GNTST_okay);
	CHECK_EQ(v1[REF].domid, 3);
	CHECK_EQ(v1[REF].frame, virt_to_mfn(dst));
	CHECK_EQ(v1[REF2].flags, GTF_permit_access);
	sw.ref_b = 100000;
	CHECK_EQ(gnttab_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
	CHECK_EQ(sw.status, GNTST_bad_gntref);
	v1[REF].flags = 0;
	v1[REF2].flags = 0;
}

static void check_v2(void)
{
	struct gnttab_set_version sv = { .version = 2 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_get_status_frames gs = { .nr_frames = 1,
					       .dom = DOMID_SELF };
	uint64_t sframe = 0;
	grant_handle_t h;

	sv.version = 3;
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL);
	gs.nr_frames = 1;
	set_xen_guest_handle(gs.frame_list, &sframe);
	CHECK_EQ(gnttab_op(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_general_error);
	sv.version = 2;
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), 0);
	CHECK_EQ(sv.version, 2);
	CHECK_EQ(gnttab_op(GNTTABOP_get_version, &gv, 1), 0);
	CHECK_EQ(gv.version, 2);
	CHECK_EQ(gnttab_op(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_okay);
	CHECK_EQ(hc_update_va_mapping((unsigned long)status_va,
				      (sframe << 12) | PTE_P | PTE_A,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	gs.nr_frames = 100;
	CHECK_EQ(gnttab_op(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_general_error);

	memset(src, 0x77, PAGE_SIZE);
	v2[REF].full_page.frame = virt_to_mfn(src);
	v2[REF].hdr.domid = SELF;
	asm volatile("" ::: "memory");
	v2[REF].hdr.flags = GTF_permit_access;
	CHECK_EQ(map(REF, SELF, GNTMAP_host_map, &h), GNTST_okay);
	CHECK_EQ(st2[REF], GTF_reading | GTF_writing);
	CHECK_EQ(v2[REF].hdr.flags, GTF_permit_access);
	CHECK_EQ(map_va[5], 0x77);
	sv.version = 1;
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), -XEN_EBUSY);
	CHECK_EQ(sv.version, 2);	/* the version in force, even on error */
	CHECK_EQ(unmap(h), GNTST_okay);
	CHECK_EQ(st2[REF], 0);

	/* A sub-page grant: copies inside the window only. */
	v2[REF].sub_page.page_off = 64;
	v2[REF].sub_page.length = 128;
	v2[REF].hdr.flags = GTF_permit_access | GTF_sub_page;
	memset(dst, 0, PAGE_SIZE);
	CHECK_EQ(copy(GNTCOPY_source_gref, REF, 64, 0, 0, 128), GNTST_okay);
	CHECK_EQ(dst[127], 0x77);
	CHECK_EQ(copy(GNTCOPY_source_gref, REF, 0, 0, 0, 8),
		 GNTST_general_error);
	CHECK_EQ(copy(GNTCOPY_source_gref, REF, 64, 0, 0, 129),
		 GNTST_general_error);
	v2[REF].hdr.flags = 0;

	CHECK_EQ(hc_update_va_mapping((unsigned long)status_va, 0,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	sv.version = 1;
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_get_version, &gv, 1), 0);
	CHECK_EQ(gv.version, 1);
	check_setup_hostile();
}

void test_main(void)
{
	check_setup();
	check_map_rw();
	check_map_ro();
	check_map_hostile();
	check_copy();
	check_swap();
	check_cache_flush();
	check_v2();
	CHECK_EQ(gnttab_op(99, NULL, 0), -XEN_ENOSYS);
}
