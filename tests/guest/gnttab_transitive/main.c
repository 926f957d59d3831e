/*
 * gnttab_transitive: v2 transitive grants, a domain re-granting a grant
 * it was given (GTF_transitive: "let domain X use what domain Y's entry
 * R grants me").  Only GNTTABOP_copy may use one; mapping it fails.
 *
 * Alone (Xen 4.17 and Xenolith, the suite's single domain) dom0 checks
 * what Xen refuses: a transitive entry naming its own domain, a domain
 * that does not exist or DOMID_SELF, any map of it, the type in a v1
 * table.  The status frame maps writable on both (Xen 4.17 shares it
 * so on x86); add_to_physmap of it (XENMAPIDX_grant_table_status) is
 * refused to a PV guest, and going back to v1 while it is mapped is
 * -EBUSY.
 *
 * With a domain 1 (Xenolith's boot-time domUs), before the refusals,
 * the three parts are:
 * dom0 grants pages to domain 1 (a v2 table: full pages, read-only and
 * writable, and a sub-page window); domain 1 re-grants each back to dom0
 * as a transitive entry; dom0 copies through domain 1's entries and
 * finds its own pages' bytes, writes through the writable one, stays in
 * the window, and is refused for nested, self-referential and mapped
 * uses.  Then dom0 tells domain 1 it is done by a copy into a page that
 * domain 1 granted it plainly.
 */
#include "guest.h"
#include "gnttab.h"
#include <public/sched.h>
#include <public/memory.h>
#include "../mmu_common/mmu.h"

const char test_title[] = "gnttab_transitive: copies through re-granted grants";

#define SELF 0
#define PEER 1
/* dom0's entries, granted to domain 1 */
#define G_RO 8		/* read-only full page: src */
#define G_RW 9		/* writable full page: dst */
#define G_SUB 10	/* sub-page window [256, 256 + 512) of src */
#define G_TRANS 11	/* dom0's own transitive entry (for nesting) */
/* domain 1's entries, all for dom0 */
#define T_RO 8		/* -> dom0 G_RO */
#define T_RW 9		/* -> dom0 G_RW */
#define T_SUB 10	/* -> dom0 G_SUB */
#define T_SELF 11	/* -> domain 1 itself: refused */
#define T_NEST 12	/* -> dom0 G_TRANS, itself transitive: refused */
#define T_ROW 13	/* -> dom0 G_RW, but read-only */
#define P_DONE 16	/* a plain writable grant: dom0 writes "done" */

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char status_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char buf[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v2_t *const v2 = (grant_entry_v2_t *)table_va;
static grant_entry_v1_t *const v1 = (grant_entry_v1_t *)table_va;
static grant_status_t *const st2 = (grant_status_t *)status_va;

/* Our table in version 2, mapped, with its status frame read-only. */
static void table_v2(void)
{
	struct gnttab_set_version sv = { .version = 2 };
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_get_status_frames gs = { .nr_frames = 1,
					       .dom = DOMID_SELF };
	xen_pfn_t frame = 0;
	uint64_t sframe = 0;

	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), 0);
	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK_EQ(hc_update_va_mapping((unsigned long)table_va,
				      (frame << 12) | PTE_P | PTE_RW | PTE_A |
					      PTE_D,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	set_xen_guest_handle(gs.frame_list, &sframe);
	CHECK_EQ(gnttab_op(GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_okay);
	/* Xen 4.17 on x86 shares status frames writable, as the table. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)status_va,
				      (sframe << 12) | PTE_P | PTE_RW | PTE_A |
					      PTE_D,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	CHECK_EQ(hc_update_va_mapping((unsigned long)status_va,
				      (sframe << 12) | PTE_P | PTE_A,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
}

static void grant_page(grant_ref_t ref, domid_t dom, void *page,
		       uint16_t flags)
{
	v2[ref].full_page.frame = virt_to_mfn(page);
	v2[ref].hdr.domid = dom;
	asm volatile("" ::: "memory");
	v2[ref].hdr.flags = GTF_permit_access | flags;
}

static void grant_sub(grant_ref_t ref, domid_t dom, void *page,
		      uint16_t off, uint16_t len)
{
	v2[ref].sub_page.frame = virt_to_mfn(page);
	v2[ref].sub_page.page_off = off;
	v2[ref].sub_page.length = len;
	v2[ref].hdr.domid = dom;
	asm volatile("" ::: "memory");
	v2[ref].hdr.flags = GTF_permit_access | GTF_sub_page;
}

static void grant_trans(grant_ref_t ref, domid_t dom, domid_t tdom,
			grant_ref_t tref, uint16_t flags)
{
	v2[ref].transitive.trans_domid = tdom;
	v2[ref].transitive.gref = tref;
	v2[ref].hdr.domid = dom;
	asm volatile("" ::: "memory");
	v2[ref].hdr.flags = GTF_transitive | flags;
}

/* Copy len bytes from (dom, ref, off) into buf (to_ref: from buf into
 * it). */
static int16_t copy_ref(domid_t dom, grant_ref_t ref, uint16_t off,
			uint16_t len, bool to_ref)
{
	struct gnttab_copy op = { .len = len };
	struct gnttab_copy_ptr *g = to_ref ? &op.dest : &op.source;
	struct gnttab_copy_ptr *f = to_ref ? &op.source : &op.dest;

	op.flags = to_ref ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	g->domid = dom;
	g->u.ref = ref;
	g->offset = off;
	f->domid = DOMID_SELF;
	f->u.gmfn = virt_to_mfn(buf);
	f->offset = off;
	CHECK_EQ(gnttab_op(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static int16_t map_ref(domid_t dom, grant_ref_t ref)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)map_va,
		.flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = ref, .dom = dom,
	};

	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &op, 1), 0);
	return op.status;
}

/* What Xen refuses, with ourselves as the only domain. */
static void alone(void)
{
	struct gnttab_set_version sv = { .version = 1 };
	struct xen_add_to_physmap atp = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
		.idx = XENMAPIDX_grant_table_status | 0,
		.gpfn = 0x80000,
	};

	memset(src, 0x5a, PAGE_SIZE);
	grant_page(G_RO, SELF, src, GTF_readonly);
	/* Naming our own domain, by id or as DOMID_SELF. */
	grant_trans(T_SELF, SELF, SELF, G_RO, 0);
	CHECK_EQ(copy_ref(SELF, T_SELF, 0, 64, false), GNTST_general_error);
	grant_trans(T_SELF, SELF, DOMID_SELF, G_RO, 0);
	CHECK_EQ(copy_ref(SELF, T_SELF, 0, 64, false), GNTST_general_error);
	/* A domain that does not exist. */
	grant_trans(T_SELF, SELF, 1234, G_RO, 0);
	CHECK_EQ(copy_ref(SELF, T_SELF, 0, 64, false), GNTST_general_error);
	/* Never mapped, read-only or not, whatever it names. */
	CHECK_EQ(map_ref(SELF, T_SELF), GNTST_general_error);
	grant_trans(T_SELF, SELF, SELF, G_RO, 0);
	CHECK_EQ(map_ref(SELF, T_SELF), GNTST_general_error);
	/* For another grantee: not ours to use at all. */
	grant_trans(T_SELF, 7, SELF, G_RO, 0);
	CHECK_EQ(copy_ref(SELF, T_SELF, 0, 64, false), GNTST_general_error);
	CHECK_EQ(st2[T_SELF], 0);
	CHECK_EQ(st2[G_RO], 0);
	v2[T_SELF].hdr.flags = 0;
	v2[G_RO].hdr.flags = 0;

	/* No transitive type in version 1. */
	/* The physmap route to the status frames is for translated guests:
	 * a PV guest is refused, as for every add_to_physmap. */
	CHECK_EQ(hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			    &atp), -XEN_EACCES);
	/* Back to v1 while a status frame is mapped: -EBUSY, as Xen. */
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), -XEN_EBUSY);
	CHECK_EQ(sv.version, 2);
	sv.version = 1;
	CHECK_EQ(hc_update_va_mapping((unsigned long)status_va, 0,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_set_version, &sv, 1), 0);
	v1[T_SELF].domid = SELF;
	v1[T_SELF].frame = virt_to_mfn(src);
	asm volatile("" ::: "memory");
	v1[T_SELF].flags = GTF_transitive;
	CHECK_EQ(copy_ref(SELF, T_SELF, 0, 64, false), GNTST_general_error);
	CHECK_EQ(map_ref(SELF, T_SELF), GNTST_general_error);
	v1[T_SELF].flags = 0;
}

/* dom0 with a domain 1 that re-grants our grants back to us. */
static void with_peer(void)
{
	unsigned int i, bad = 0, done = 0;
	int16_t rc;

	for (i = 0; i < PAGE_SIZE; i++)
		src[i] = (char)(i * 7 + 3);
	memset(dst, 0, PAGE_SIZE);
	grant_page(G_RO, PEER, src, GTF_readonly);
	grant_page(G_RW, PEER, dst, 0);
	grant_sub(G_SUB, PEER, src, 256, 512);
	grant_trans(G_TRANS, PEER, PEER, T_RO, 0);
	/* Wait for domain 1's entries (its last one is T_RO). */
	for (i = 0; i < 100000; i++) {
		rc = copy_ref(PEER, T_RO, 0, PAGE_SIZE, false);
		if (rc == GNTST_okay)
			break;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	CHECK_EQ(rc, GNTST_okay);
	bad += memcmp(buf, src, PAGE_SIZE) != 0;
	done++;
	/* While nothing is in flight nothing shows as in use. */
	CHECK_EQ(st2[G_RO], 0);

	/* Write through the writable one into our own dst. */
	memset(buf, 0xc3, PAGE_SIZE);
	CHECK_EQ(copy_ref(PEER, T_RW, 100, 200, true), GNTST_okay);
	bad += dst[99] != 0 || dst[100] != (char)0xc3 ||
	       dst[299] != (char)0xc3 || dst[300] != 0;
	done++;
	CHECK_EQ(copy_ref(PEER, T_RW, 0, PAGE_SIZE, false), GNTST_okay);
	bad += buf[150] != (char)0xc3 || buf[0] != 0;
	done++;
	/* Read-only re-grant of a writable grant: reads only. */
	CHECK_EQ(copy_ref(PEER, T_ROW, 0, 64, true), GNTST_general_error);
	CHECK_EQ(copy_ref(PEER, T_ROW, 0, 64, false), GNTST_okay);
	done++;
	/* Read-only grant underneath: a write fails there. */
	CHECK_EQ(copy_ref(PEER, T_RO, 0, 64, true), GNTST_general_error);

	/* The window of the sub-page grant underneath holds. */
	memset(buf, 0, PAGE_SIZE);
	CHECK_EQ(copy_ref(PEER, T_SUB, 256, 512, false), GNTST_okay);
	bad += memcmp(buf + 256, src + 256, 512) != 0;
	done++;
	CHECK_EQ(copy_ref(PEER, T_SUB, 300, 100, false), GNTST_okay);
	done++;
	CHECK_EQ(copy_ref(PEER, T_SUB, 0, 64, false), GNTST_general_error);
	CHECK_EQ(copy_ref(PEER, T_SUB, 256, 513, false), GNTST_general_error);

	/* Refusals: self-referential, nested, mapped. */
	CHECK_EQ(copy_ref(PEER, T_SELF, 0, 64, false), GNTST_general_error);
	CHECK_EQ(copy_ref(PEER, T_NEST, 0, 64, false), GNTST_general_error);
	CHECK_EQ(map_ref(PEER, T_RO), GNTST_general_error);
	CHECK_EQ(map_ref(PEER, T_RW), GNTST_general_error);
	CHECK_EQ(st2[G_RO], 0);
	CHECK_EQ(st2[G_RW], 0);
	CHECK_EQ(st2[G_SUB], 0);

	printk("transitive: %u copies through domain 1, %u bad\n", done, bad);
	CHECK_EQ(bad, 0);
	/* Done: tell domain 1 through the plain grant it gave us. */
	memset(buf, 0x42, 8);
	CHECK_EQ(copy_ref(PEER, P_DONE, 0, 8, true), GNTST_okay);
}

/* Domain 1: re-grant dom0's grants to dom0, wait for its "done". */
static void as_peer(void)
{
	volatile char *flag = (volatile char *)buf;

	memset(buf, 0, PAGE_SIZE);
	grant_page(P_DONE, SELF, buf, 0);
	grant_trans(T_RW, SELF, SELF, G_RW, 0);
	grant_trans(T_SUB, SELF, SELF, G_SUB, 0);
	grant_trans(T_SELF, SELF, PEER, T_RO, 0);
	grant_trans(T_NEST, SELF, SELF, G_TRANS, 0);
	grant_trans(T_ROW, SELF, SELF, G_RW, GTF_readonly);
	grant_trans(T_RO, SELF, SELF, G_RO, 0);
	while (flag[0] != 0x42)
		hc_sched_op(SCHEDOP_yield, NULL);
	printk("domain 1: dom0 is done\n");
	hc_shutdown(SHUTDOWN_poweroff);
}

void test_main(void)
{
	struct gnttab_copy probe = {
		.source = { .domid = PEER },
		.dest = { .domid = DOMID_SELF },
		.flags = GNTCOPY_source_gref, .len = 8,
	};

	table_v2();
	if (!(start_info->flags & SIF_INITDOMAIN)) {
		as_peer();
		return;
	}
	probe.dest.u.gmfn = virt_to_mfn(buf);
	CHECK_EQ(gnttab_op(GNTTABOP_copy, &probe, 1), 0);
	if (probe.status == GNTST_bad_domain) {
		printk("no domain 1: the refusals alone\n");
	} else {
		with_peer();
	}
	alone();
}
