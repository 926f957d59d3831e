/*
 * mmu_pin_big: pinning a big page-table tree, and one that is bad at its
 * very last entry.
 *
 * An L3 over L2_COUNT L2s over 512 L1s each (4096 L1 tables, two million
 * L1 entries, every one mapping the same data frame read-only): pinning
 * the L3 validates all of it in one MMUEXT_PIN_L3_TABLE.  Then the same
 * tree with the last L2 entry made a superpage, which a PV guest may not
 * have: the pin fails with -EINVAL after nearly the whole tree was
 * validated, and everything taken on the way must be undone - every L1
 * can then be mapped writable again (a frame still typed as a page table
 * could not), and on Xenolith the memory check after the test finds
 * every frame back.  Last the tree is fixed and pinned again, used (hooked
 * into our L4 and read through), and unpinned.
 *
 * Then the same unpinned tree under a copy of our L4 that nothing
 * validated yet: MMUEXT_NEW_BASEPTR (and NEW_USER_BASEPTR) to that copy
 * validates the whole tree (preemptibly on both hypervisors: on
 * Xenolith the walk is continued, test.mk END_xenolith), refuses it with
 * -EINVAL when it is bad at its very last entry (nothing left typed),
 * and switching back lets every table go.
 */
#include "../evtchn_common/ev.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_pin_big: a 4096-L1 tree pinned, and a bad one";

#define L2_COUNT 8
#define NEW_VA 0x18000000000ul /* L4 slot 3 */
#define STRIDE 97	/* L1s sampled by still_typed() */
#define SAMPLES ((L2_COUNT * 512 + STRIDE - 1) / STRIDE)

static unsigned long l3, l2[L2_COUNT], l1[L2_COUNT * 512], data;
static uint64_t table[512];

static void build(void)
{
	unsigned int i;

	data = spare_mfn();
	l3 = spare_mfn();
	for (i = 0; i < L2_COUNT; i++)
		l2[i] = spare_mfn();
	for (i = 0; i < L2_COUNT * 512; i++)
		l1[i] = spare_mfn();
	memset(map_scratch(data, true), 0x77, PAGE_SIZE);
	unmap_scratch();
	mmu_fill_tree(l3, l2, l1, L2_COUNT, data, table);
}

static uint64_t ms_since(uint64_t t0)
{
	return (pvclock_ns(0) - t0) / 1000000;
}

/* How many sampled L1s are typed (cannot be mapped writable). */
static unsigned long still_typed(void)
{
	unsigned long n = 0;

	for (unsigned int i = 0; i < L2_COUNT * 512; i += STRIDE) {
		long rc = hc_update_va_mapping((unsigned long)scratch,
					       (l1[i] << 12) | PT_RW,
					       UVMF_INVLPG | UVMF_LOCAL);
		n += rc != 0;
	}
	unmap_scratch();
	return n;
}

static void check_bad_last_entry(void)
{
	uint64_t good = (l1[L2_COUNT * 512 - 1] << 12) | PT_RW, t0;

	CHECK_EQ(set_entry(l2[L2_COUNT - 1], 511, good | PTE_PSE), 0);
	t0 = pvclock_ns(0);
	CHECK_EQ(pin(3, l3), -XEN_EINVAL);
	printk("bad tree refused after %lu ms\n", (unsigned long)ms_since(t0));
	CHECK_EQ(still_typed(), 0);
	CHECK_EQ(unpin(l3), -XEN_EINVAL);
	CHECK_EQ(set_entry(l2[L2_COUNT - 1], 511, good), 0);
}

static void check_pin_and_use(void)
{
	uint64_t l4e = (l3 << 12) | PT_RW, t0;
	unsigned long pt = pt_base_mfn();
	volatile const uint64_t *p;

	t0 = pvclock_ns(0);
	CHECK_EQ(pin(3, l3), 0);
	printk("tree of %u L1s pinned in %lu ms\n", L2_COUNT * 512,
	       (unsigned long)ms_since(t0));
	CHECK_EQ(still_typed(), SAMPLES);
	CHECK_EQ(set_entry(pt, 3, l4e), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	/* The last page of the tree's range maps the data frame. */
	p = (volatile const uint64_t *)(NEW_VA +
					((unsigned long)L2_COUNT << 30) - 8);
	CHECK_EQ(*p, 0x7777777777777777ul);
	CHECK_EQ(set_entry(pt, 3, 0), 0);
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
	CHECK_EQ(unpin(l3), 0);
	CHECK_EQ(still_typed(), 0);
}

/* Switch the kernel (or user) base to nl4 and back; the tree is typed
 * only while nl4 is a base. */
static void switch_to(unsigned int cmd, unsigned long nl4)
{
	uint64_t t0 = pvclock_ns(0);

	CHECK_EQ(mmuext1(cmd, nl4, 0), 0);
	printk("base %u switched to the big tree in %lu ms\n", cmd,
	       (unsigned long)ms_since(t0));
	if (cmd == MMUEXT_NEW_BASEPTR)
		CHECK_EQ(*(volatile const uint64_t *)NEW_VA,
			 0x7777777777777777ul);
	CHECK_EQ(still_typed(), SAMPLES);
	CHECK_EQ(mmuext1(cmd, pt_base_mfn(), 0), 0);
	CHECK_EQ(still_typed(), 0);
}

static void check_new_baseptr(void)
{
	uint64_t good = (l1[L2_COUNT * 512 - 1] << 12) | PT_RW;
	unsigned long nl4 = spare_mfn();

	CHECK_EQ(mmuext1(MMUEXT_COPY_PAGE, nl4, pt_base_mfn()), 0);
	((uint64_t *)map_scratch(nl4, true))[3] = (l3 << 12) | PT_RW;
	unmap_scratch();
	CHECK_EQ(set_entry(l2[L2_COUNT - 1], 511, good | PTE_PSE), 0);
	CHECK_EQ(mmuext1(MMUEXT_NEW_BASEPTR, nl4, 0), -XEN_EINVAL);
	CHECK_EQ(mmuext1(MMUEXT_NEW_USER_BASEPTR, nl4, 0), -XEN_EINVAL);
	CHECK_EQ(still_typed(), 0);
	CHECK_EQ(set_entry(l2[L2_COUNT - 1], 511, good), 0);
	switch_to(MMUEXT_NEW_BASEPTR, nl4);
	switch_to(MMUEXT_NEW_USER_BASEPTR, nl4);
	/* Nothing holds the copy now: it is data again. */
	map_scratch(nl4, true);
	unmap_scratch();
}

void test_main(void)
{
	build();
	check_bad_last_entry();
	check_pin_and_use();
	check_new_baseptr();
}
