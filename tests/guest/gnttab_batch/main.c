/*
 * gnttab_batch: the grant-table forms split drivers rely on beyond the
 * basics: batches with per-element results, a table grown by
 * setup_table, hundreds of handles at once (the maptrack grows),
 * device-only mappings and dev_bus_addr, a mapping by PTE address
 * (GNTMAP_contains_pte), unmap_and_replace, batched copies, and copies
 * or transfers naming frames that are not ours.
 */
#include "guest.h"
#include "gnttab.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "gnttab_batch: batches, growth, device maps, PTEs";

#define REF 8
#define SELF 0
#define NMAP 300		/* more than one maptrack page of handles */
#define PER_REF 100		/* Xen refuses a 129th pin of one kind */
#define NCOPY 64

static char table_va[4 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char other_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char flip_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v1_t *const v1 = (grant_entry_v1_t *)table_va;
static struct gnttab_map_grant_ref maps[NMAP];
static struct gnttab_unmap_grant_ref unmaps[NMAP];
static struct gnttab_copy copies[NCOPY];

static void grant(grant_ref_t ref, void *page, uint16_t flags)
{
	gnttab_grant_v1(&v1[ref], SELF, page, flags);
}

/* Machine address of the L1 entry mapping va (4 KiB pages only). */
static uint64_t pte_maddr(unsigned long va)
{
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
	uint64_t e = 0;
	int shift;

	for (shift = 39; shift >= 21; shift -= 9) {
		e = t[(va >> shift) & 511];
		t = (const uint64_t *)(VIRT_BASE +
				       m2p[(e >> 12) & ((1ul << 40) - 1)] *
					       PAGE_SIZE);
	}
	return (e & 0x000ffffffffff000ul) + ((va >> 12) & 511) * 8;
}

/* The L1 entry mapping va, read through our read-only view of it. */
static uint64_t pte_of(unsigned long va)
{
	const unsigned long *m2p = (const unsigned long *)MACH2PHYS_VIRT_START;
	uint64_t ma = pte_maddr(va);

	return *(const uint64_t *)(VIRT_BASE + m2p[ma >> 12] * PAGE_SIZE +
				   (ma & (PAGE_SIZE - 1)));
}

/* The guest's avail bits land in the PTE's bits 9-11; RW as asked. */
static void check_pte_bits(void)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)map_va,
		.flags = GNTMAP_host_map | GNTMAP_readonly |
			 (5u << _GNTMAP_guest_avail0),
		.ref = REF, .dom = SELF };
	struct gnttab_unmap_grant_ref u = { .host_addr = m.host_addr };
	uint64_t pte;

	grant(REF, src, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	pte = pte_of((unsigned long)map_va);
	CHECK_EQ((pte >> 12) & ((1ul << 40) - 1), virt_to_mfn(src));
	CHECK_EQ((pte >> 9) & 7, 5);
	CHECK_EQ(pte & (PTE_P | PTE_RW), PTE_P);
	CHECK(pte & PTE_NX, "grant PTE executable: %#lx", (unsigned long)pte);
	u.handle = m.handle;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(pte_of((unsigned long)map_va), 0);
	v1[REF].flags = 0;
}

static void check_growth(void)
{
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 4 };
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	xen_pfn_t frames[4] = { 0 };

	set_xen_guest_handle(s.frame_list, frames);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK(frames[3] && frames[3] != frames[0], "frames %lx %lx",
	      (unsigned long)frames[0], (unsigned long)frames[3]);
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.nr_frames, 4);
	/* Asking for fewer never shrinks it. */
	s.nr_frames = 1;
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.nr_frames, 4);
	for (unsigned int i = 0; i < 4; i++)
		CHECK_EQ(hc_update_va_mapping(
				 (unsigned long)table_va + i * PAGE_SIZE,
				 (frames[i] << 12) | PTE_P | PTE_RW | PTE_A |
					 PTE_D,
				 UVMF_INVLPG | UVMF_LOCAL), 0);
	/* An entry in the fourth frame works like any other. */
	grant(3 * 512 + 7, src, GTF_permit_access);
	maps[0] = (struct gnttab_map_grant_ref){
		.flags = GNTMAP_device_map | GNTMAP_readonly,
		.ref = 3 * 512 + 7, .dom = SELF };
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, maps, 1), 0);
	CHECK_EQ(maps[0].status, GNTST_okay);
	unmaps[0] = (struct gnttab_unmap_grant_ref){
		.dev_bus_addr = maps[0].dev_bus_addr,
		.handle = maps[0].handle };
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, unmaps, 1), 0);
	CHECK_EQ(unmaps[0].status, GNTST_okay);
	v1[3 * 512 + 7].flags = 0;
}

static void check_many_handles(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < NMAP / PER_REF; i++)
		grant(REF + i, src, GTF_permit_access);
	for (i = 0; i < NMAP; i++)
		maps[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = REF + i / PER_REF, .dom = SELF };
	maps[5].ref = 100000;
	maps[6].dom = 1234;
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, maps, NMAP), 0);
	for (i = 0; i < NMAP; i++) {
		int16_t want = i == 5 ? GNTST_bad_gntref
			     : i == 6 ? GNTST_bad_domain : GNTST_okay;

		if (maps[i].status != want && bad++ < 3)
			printk("map %u: status %d\n", i, maps[i].status);
		if (!maps[i].status &&
		    maps[i].dev_bus_addr != virt_to_mfn(src) << 12)
			bad++;
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(maps[5].status, GNTST_bad_gntref);
	CHECK_EQ(maps[6].status, GNTST_bad_domain);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_reading);
	CHECK(!__sync_bool_compare_and_swap(&v1[REF].flags,
					    GTF_permit_access, 0),
	      "revoked while device-mapped");
	for (i = 0; i < NMAP; i++)
		unmaps[i] = (struct gnttab_unmap_grant_ref){
			.dev_bus_addr = maps[i].dev_bus_addr,
			.handle = maps[i].handle };
	unmaps[5].handle = 0xffffff;
	unmaps[6].handle = 0xfffffe;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, unmaps, NMAP), 0);
	for (i = 0, bad = 0; i < NMAP; i++)
		if (unmaps[i].status !=
		    (i == 5 || i == 6 ? GNTST_bad_handle : GNTST_okay))
			bad++;
	CHECK_EQ(bad, 0);
	for (i = 0; i < NMAP / PER_REF; i++) {
		CHECK_EQ(v1[REF + i].flags, GTF_permit_access);
		v1[REF + i].flags = 0;
	}
}

/* One entry takes at most 128 pins of a kind (Xen's 8-bit counters). */
static void check_pin_limit(void)
{
	unsigned int i, ok = 0;

	grant(REF, src, GTF_permit_access);
	for (i = 0; i < 130; i++)
		maps[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = REF, .dom = SELF };
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, maps, 130), 0);
	for (i = 0; i < 130; i++)
		ok += maps[i].status == GNTST_okay;
	CHECK_EQ(ok, 128);
	CHECK_EQ(maps[128].status, GNTST_general_error);
	for (i = 0; i < 128; i++)
		unmaps[i] = (struct gnttab_unmap_grant_ref){
			.dev_bus_addr = maps[i].dev_bus_addr,
			.handle = maps[i].handle };
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, unmaps, 128), 0);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	v1[REF].flags = 0;
}

/* Unmapping a device mapping needs its bus address, right. */
static void check_device_unmap(void)
{
	struct gnttab_map_grant_ref m = {
		.flags = GNTMAP_device_map, .ref = REF, .dom = SELF };
	struct gnttab_unmap_grant_ref u = { 0 };

	grant(REF, src, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	u.handle = m.handle;
	u.dev_bus_addr = m.dev_bus_addr + PAGE_SIZE;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_bad_dev_addr);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
	/* Naming nothing undoes nothing, and is no error. */
	u.dev_bus_addr = 0;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_reading | GTF_writing);
	u.dev_bus_addr = m.dev_bus_addr;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_bad_handle);
	v1[REF].flags = 0;
}

static void check_contains_pte(void)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = pte_maddr((unsigned long)map_va),
		.flags = GNTMAP_host_map | GNTMAP_contains_pte,
		.ref = REF, .dom = SELF };
	struct gnttab_unmap_grant_ref u = { .host_addr = m.host_addr };

	memset(src, 0x3c, PAGE_SIZE);
	grant(REF, src, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)map_va, 0), 0);
	CHECK_EQ(map_va[10], 0x3c);
	u.handle = m.handle;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	/* A PTE address that is not in a page table of ours. */
	m.host_addr = virt_to_mfn(src) << 12;
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_general_error);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	v1[REF].flags = 0;
}

static void check_replace(void)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)map_va,
		.flags = GNTMAP_host_map, .ref = REF, .dom = SELF };
	struct gnttab_unmap_and_replace r = {
		.host_addr = (unsigned long)map_va,
		.new_addr = (unsigned long)other_va };

	memset(src, 0x5e, PAGE_SIZE);
	memset(other_va, 0x6f, PAGE_SIZE);
	grant(REF, src, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	CHECK_EQ(m.status, GNTST_okay);
	CHECK_EQ(map_va[1], 0x5e);
	r.handle = m.handle;
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
	CHECK_EQ(r.status, GNTST_okay);
	/* map_va now shows what other_va mapped; other_va is gone. */
	CHECK_EQ(map_va[1], 0x6f);
	CHECK(!va_mapped((unsigned long)other_va), "new_addr still mapped");
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_and_replace, &r, 1), 0);
	CHECK_EQ(r.status, GNTST_bad_handle);
	v1[REF].flags = 0;
}

static void check_copy_batch(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < PAGE_SIZE; i++)
		src[i] = i * 7;
	memset(dst, 0, PAGE_SIZE);
	grant(REF, src, GTF_permit_access | GTF_readonly);
	for (i = 0; i < NCOPY; i++)
		copies[i] = (struct gnttab_copy){
			.source = { .u.ref = REF, .domid = DOMID_SELF,
				    .offset = i * 64 },
			.dest = { .u.gmfn = virt_to_mfn(dst),
				  .domid = DOMID_SELF,
				  .offset = PAGE_SIZE - (i + 1) * 64 },
			.len = 64, .flags = GNTCOPY_source_gref };
	copies[3].source.offset = PAGE_SIZE - 10;
	CHECK_EQ(gnttab_op(GNTTABOP_copy, copies, NCOPY), 0);
	for (i = 0; i < NCOPY; i++)
		if (copies[i].status != (i == 3 ? GNTST_bad_copy_arg : 0) ||
		    (i != 3 && memcmp(dst + PAGE_SIZE - (i + 1) * 64,
				      src + i * 64, 64)))
			bad++;
	CHECK_EQ(bad, 0);
	CHECK_EQ(v1[REF].flags, GTF_permit_access | GTF_readonly);
	v1[REF].flags = 0;
}

static int16_t copy_frames(unsigned long smfn, domid_t sdom,
			   unsigned long dmfn)
{
	struct gnttab_copy c = {
		.source = { .u.gmfn = smfn, .domid = sdom },
		.dest = { .u.gmfn = dmfn, .domid = DOMID_SELF },
		.len = 8 };

	CHECK_EQ(gnttab_op(GNTTABOP_copy, &c, 1), 0);
	return c.status;
}

static void check_foreign_frames(void)
{
	struct gnttab_transfer t = { .mfn = 1ul << 40, .domid = SELF,
				     .ref = REF };

	CHECK_EQ(copy_frames(virt_to_mfn(src), DOMID_SELF, virt_to_mfn(dst)),
		 GNTST_okay);
	/* A frame of the hypervisor's, one past RAM, another domain. */
	CHECK_EQ(copy_frames(0, DOMID_SELF, virt_to_mfn(dst)),
		 GNTST_bad_page);
	CHECK_EQ(copy_frames(1ul << 40, DOMID_SELF, virt_to_mfn(dst)),
		 GNTST_bad_page);
	CHECK_EQ(copy_frames(virt_to_mfn(src), 1234, virt_to_mfn(dst)),
		 GNTST_bad_domain);
	CHECK_EQ(copy_frames(virt_to_mfn(src), DOMID_SELF, 0),
		 GNTST_bad_page);
	CHECK_EQ(gnttab_op(GNTTABOP_transfer, &t, 1), 0);
	CHECK_EQ(t.status, GNTST_bad_page);
	CHECK_EQ(gnttab_op(GNTTABOP_copy, (void *)8, 1), -XEN_EFAULT);
	CHECK_EQ(gnttab_op(GNTTABOP_copy, copies, 0), 0);
}

/*
 * Page flipping: give a page away into an accept_transfer entry (to
 * ourselves, so it comes back).  A mapped page cannot go; a transfer
 * that the receiver refuses loses the page (Xen frees it), so the next
 * attempt finds it no longer ours.
 */
static void check_transfer(void)
{
	unsigned long mfn = virt_to_mfn(flip_va);
	struct gnttab_transfer t = { .mfn = mfn, .domid = SELF, .ref = REF };

	memset(flip_va, 0x99, PAGE_SIZE);
	v1[REF].domid = SELF;
	v1[REF].frame = 0;
	v1[REF].flags = GTF_accept_transfer;
	CHECK_EQ(gnttab_op(GNTTABOP_transfer, &t, 1), 0);
	CHECK_EQ(t.status, GNTST_bad_page);
	CHECK_EQ(v1[REF].flags, GTF_accept_transfer);
	CHECK_EQ(hc_update_va_mapping((unsigned long)flip_va, 0,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_transfer, &t, 1), 0);
	CHECK_EQ(t.status, GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_accept_transfer | GTF_transfer_committed |
					GTF_transfer_completed);
	CHECK_EQ(v1[REF].frame, mfn);
	/* The entry is used up: another transfer into it is refused. */
	CHECK_EQ(gnttab_op(GNTTABOP_transfer, &t, 1), 0);
	CHECK_EQ(t.status, GNTST_general_error);
	t.domid = 1234;
	CHECK_EQ(gnttab_op(GNTTABOP_transfer, &t, 1), 0);
	CHECK_EQ(t.status, GNTST_bad_page);
	v1[REF].flags = 0;
}

void test_main(void)
{
	check_growth();
	check_many_handles();
	check_pin_limit();
	check_device_unmap();
	check_contains_pte();
	check_pte_bits();
	check_replace();
	check_copy_batch();
	check_foreign_frames();
	check_transfer();
}
