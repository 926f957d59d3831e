/*
 * Host tests of grant tables as a whole (common/grant/gnttab.c) on the
 * real heaps over fake RAM: a table's first frame, growth by
 * setup_table and its limit, query_size, the v1 <-> v2 switch (reserved
 * entries carried over, the rest cleared, status frames made and given
 * back, refused while something is pinned or a status frame is still
 * mapped), and teardown giving every page back to the xenheap.
 *
 * The hypervisor around it is faked: one domain, the current vCPU, guest
 * memory as host memory, and the architecture's sharing of table frames
 * (owner set and cleared; "still mapped" on request).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/page.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall.h>
#include <xenolith/guest_access.h>
#include <xenolith/grant.h>
#include "check.h"
#include "host/host_ram.h"

#define RAM_BYTES (64UL << 20)

static struct domain dom;
static struct vcpu vcpu0 = { .domain = &dom };
static bool still_mapped;	/* the guest keeps mapping shared frames */

struct vcpu *current_vcpu(void)
{
	return &vcpu0;
}

struct domain *domain_lookup(domid_t id)
{
	return id == dom.domain_id ? &dom : NULL;
}

int copy_to_guest(vaddr_t dst, const void *src, size_t len)
{
	if (!dst)
		return -1;
	memcpy((void *)dst, src, len);
	return 0;
}

long guest_err(long rc, const char *fmt, ...)
{
	(void)fmt;
	return rc;
}

void gnttab_arch_share(void *va, struct domain *d)
{
	page_set_owner(virt_to_page(va), d);
}

bool gnttab_arch_unshare(void *va)
{
	if (still_mapped)
		return false;
	page_set_owner(virt_to_page(va), NULL);
	return true;
}

/* No handles in these tests. */
void gnttab_unmap_handle(struct domain *d, struct grant_table *lgt,
			 uint32_t h, bool dying)
{
	(void)d, (void)lgt, (void)h, (void)dying;
}

static void map_add(struct mem_map *m, paddr_t s, paddr_t e, uint32_t type)
{
	m->r[m->nr].start = s;
	m->r[m->nr].end = e;
	m->r[m->nr].type = type;
	m->nr++;
}

static void boot_machine(void)
{
	struct mem_map m = { 0 };

	host_ram_init(RAM_BYTES);
	map_add(&m, 0x100000, RAM_BYTES, MEM_RAM);
	boot_alloc_init(&m);
	boot_alloc_reserve(0x200000, 0x400000);
	mm_init();
}

static unsigned long xenheap_free(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.avail[MM_POOL_XENHEAP];
}

static unsigned long frame_of(void *va)
{
	return mfn_x(page_to_mfn(virt_to_page(va)));
}

static void test_growth(void)
{
	struct grant_table *gt = gnttab_of(&dom);
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 4 };
	xen_pfn_t frames[8] = { 0 };

	CHECK(gt != NULL);
	CHECK(gnttab_of(&dom) == gt);
	CHECK_EQ(gnttab_query_size(&q), 0);
	CHECK_EQ(q.status, GNTST_okay);
	CHECK_EQ(q.nr_frames, 1);
	CHECK_EQ(q.max_nr_frames, GNTTAB_MAX_FRAMES);
	CHECK(page_get_owner(virt_to_page(gt->shared[0])) == &dom);

	CHECK_EQ(gnttab_setup_table(&s, (unsigned long)frames), 0);
	CHECK_EQ(s.status, GNTST_okay);
	CHECK_EQ(frames[0], frame_of(gt->shared[0]));
	CHECK_EQ(frames[3], frame_of(gt->shared[3]));
	CHECK(page_get_owner(virt_to_page(gt->shared[3])) == &dom);
	CHECK_EQ(gnttab_query_size(&q), 0);
	CHECK_EQ(q.nr_frames, 4);
	s.nr_frames = 1;
	CHECK_EQ(gnttab_setup_table(&s, (unsigned long)frames), 0);
	CHECK_EQ(gnttab_query_size(&q), 0);
	CHECK_EQ(q.nr_frames, 4);
	s.nr_frames = GNTTAB_MAX_FRAMES + 1;
	CHECK_EQ(gnttab_setup_table(&s, (unsigned long)frames), 0);
	CHECK_EQ(s.status, GNTST_general_error);
	s.nr_frames = 2;
	CHECK_EQ(gnttab_setup_table(&s, 0), 0);
	CHECK_EQ(s.status, GNTST_bad_virt_addr);
	s.dom = 7;
	CHECK_EQ(gnttab_setup_table(&s, (unsigned long)frames), 0);
	CHECK_EQ(s.status, GNTST_bad_domain);
	CHECK_EQ(gnttab_nr_entries(gt), 4 * GNTTAB_V1_PER_FRAME);
}

static void test_versions(void)
{
	struct grant_table *gt = gnttab_of(&dom);
	grant_entry_v1_t *e1 = gt->shared[0];
	grant_entry_v2_t *e2 = gt->shared[0];
	struct gnttab_set_version sv = { .version = 2 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_get_status_frames gs = { .nr_frames = 1,
					       .dom = DOMID_SELF };
	uint64_t sframe = 0;
	struct grant_pin p;

	e1[1] = (grant_entry_v1_t){ GTF_permit_access, 5, 0x1111 };
	e1[7] = (grant_entry_v1_t){ GTF_permit_access | GTF_readonly, 6,
				    0x7777 };
	e1[20] = (grant_entry_v1_t){ GTF_permit_access, 5, 0x2020 };
	CHECK_EQ(gnttab_get_status_frames(&gs, (unsigned long)&sframe), 0);
	CHECK_EQ(gs.status, GNTST_general_error);
	CHECK_EQ(gnttab_set_version(&sv), 0);
	CHECK_EQ(gnttab_get_version(&gv), 0);
	CHECK_EQ(gv.version, 2);
	CHECK_EQ(gnttab_nr_entries(gt), 4 * GNTTAB_V2_PER_FRAME);
	CHECK_EQ(e2[1].hdr.flags, GTF_permit_access);
	CHECK_EQ(e2[1].hdr.domid, 5);
	CHECK_EQ(e2[1].full_page.frame, 0x1111);
	CHECK_EQ(e2[7].hdr.flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(e2[7].full_page.frame, 0x7777);
	CHECK_EQ(e2[20].hdr.flags, 0);	/* past the reserved: cleared */
	CHECK_EQ(gt->nr_status_frames, 1);
	CHECK_EQ(gnttab_get_status_frames(&gs, (unsigned long)&sframe), 0);
	CHECK_EQ(gs.status, GNTST_okay);
	CHECK_EQ(sframe, frame_of(gt->status[0]));
	CHECK(page_get_owner(virt_to_page(gt->status[0])) == &dom);

	/* Pinned: no switch; the version in force is written back. */
	e2[9].hdr.domid = 0;
	e2[9].full_page.frame = 0x999;
	e2[9].hdr.flags = GTF_permit_access;
	spin_lock(&gt->lock);
	CHECK_EQ(gnttab_pin(gt, 9, 0, true, false, &p), GNTST_okay);
	spin_unlock(&gt->lock);
	sv.version = 1;
	CHECK_EQ(gnttab_set_version(&sv), -XEN_EBUSY);
	CHECK_EQ(sv.version, 2);
	spin_lock(&gt->lock);
	gnttab_unpin(gt, 9, true);
	spin_unlock(&gt->lock);
	/* A status frame still mapped: no switch either. */
	still_mapped = true;
	sv.version = 1;
	CHECK_EQ(gnttab_set_version(&sv), -XEN_EBUSY);
	still_mapped = false;
	sv.version = 1;
	CHECK_EQ(gnttab_set_version(&sv), 0);
	CHECK_EQ(gt->nr_status_frames, 0);
	CHECK_EQ(e1[1].flags, GTF_permit_access);
	CHECK_EQ(e1[1].frame, 0x1111);
	CHECK_EQ(e1[7].domid, 6);
	CHECK_EQ(e1[9].flags, 0);
	sv.version = 3;
	CHECK_EQ(gnttab_set_version(&sv), -XEN_EINVAL);
	CHECK_EQ(gnttab_check_entries(gt), 0);
}

static unsigned long heap_before;

static void test_teardown(void)
{
	unsigned long before = heap_before;

	dom.is_dying = true;
	gnttab_domain_teardown(&dom);
	CHECK_EQ(xenheap_free(), before);
	CHECK(gnttab_of(&dom) == NULL);	/* a dying domain gets none */
	dom.is_dying = false;
}

int main(void)
{
	check_prog = "unit/gnttab_table";
	boot_machine();
	heap_before = xenheap_free();
	RUN(test_growth);
	RUN(test_versions);
	RUN(test_teardown);
	host_ram_fini();
	return check_exit();
}
