/*
 * Page-table updates, the heart of PV memory management.
 *
 * A PV guest never writes its page tables directly: each change is a
 * request the hypervisor validates (is the frame ours, is its type
 * compatible, does a writable mapping of a page table sneak in?) and
 * then applies.  Three shapes are timed:
 *
 *  - mmu_update of 512 L1 entries in one call (what Linux does when it
 *    fills a page table), alternating between two data frames so every
 *    entry changes and every write takes and drops a page reference;
 *  - mmuext_op pin then unpin of a small 4-level tree (L4 -> L3 -> L2 ->
 *    L1 -> one data page), i.e. validating and releasing a whole address
 *    space skeleton, as at fork/exec and exit;
 *  - update_va_mapping of one page with UVMF_INVLPG, the single-entry
 *    fast path Linux uses for e.g. kmap.
 *
 * Page-table pages come from our own image: zeroed and filled while
 * still writable, then remapped read-only (a PV page table may have no
 * writable mapping), then pinned.
 */
#include "bench.h"

#define L1_ENTRIES 512

static char l1_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char tree[4][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char frame_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char frame_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char uvm_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static struct mmu_update req[2][L1_ENTRIES];
static struct mmuext_op pin_ops[2];
static unsigned long flip;

static long mmu_update(struct mmu_update *r, unsigned int count)
{
	unsigned int done = 0;
	long rc = hypercall4(__HYPERVISOR_mmu_update, r, count, &done,
			     DOMID_SELF);

	if (rc == 0 && done != count)
		rc = -XEN_EINVAL;
	return rc;
}

static long pin(unsigned int cmd, const void *va)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = virt_to_mfn(va) };

	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long batch_prepare(void)
{
	uint64_t base = (uint64_t)virt_to_mfn(l1_page) << 12;
	unsigned int i;
	long rc;

	memset(l1_page, 0, PAGE_SIZE);
	rc = make_readonly(l1_page);
	if (!rc)
		rc = pin(MMUEXT_PIN_L1_TABLE, l1_page);
	if (rc)
		return rc;
	for (i = 0; i < L1_ENTRIES; i++) {
		req[0][i].ptr = (base + i * 8) | MMU_NORMAL_PT_UPDATE;
		req[0][i].val = pte_of(frame_a, PTE_RW);
		req[1][i].ptr = req[0][i].ptr;
		req[1][i].val = pte_of(frame_b, PTE_RW);
	}
	return mmu_update(req[0], 1);
}

static long batch_step(void)
{
	return mmu_update(req[flip++ & 1], L1_ENTRIES);
}

/* Entry i of table t points at table (or frame) next, writable. */
static void link(char *t, unsigned int i, const void *next)
{
	((uint64_t *)t)[i] = pte_of(next, PTE_RW);
}

static long pin_prepare(void)
{
	unsigned int i;
	long rc = 0;

	memset(tree, 0, sizeof(tree));
	link(tree[0], 0, tree[1]);	/* L4[0] -> L3 */
	link(tree[1], 0, tree[2]);	/* L3[0] -> L2 */
	link(tree[2], 0, tree[3]);	/* L2[0] -> L1 */
	link(tree[3], 0, frame_a);	/* L1[0] -> data */
	for (i = 0; i < 4 && !rc; i++)
		rc = make_readonly(tree[i]);
	pin_ops[0].cmd = MMUEXT_PIN_L4_TABLE;
	pin_ops[0].arg1.mfn = virt_to_mfn(tree[0]);
	pin_ops[1].cmd = MMUEXT_UNPIN_TABLE;
	pin_ops[1].arg1.mfn = pin_ops[0].arg1.mfn;
	return rc;
}

static long pin_step(void)
{
	unsigned int done = 0;
	long rc = hc_mmuext_op(pin_ops, 2, &done, DOMID_SELF);

	if (rc == 0 && done != 2)
		rc = -XEN_EINVAL;
	return rc;
}

static long uvm_step(void)
{
	const void *frame = flip++ & 1 ? frame_b : frame_a;

	return hc_update_va_mapping((unsigned long)uvm_page,
				    pte_of(frame, PTE_RW),
				    UVMF_INVLPG | UVMF_LOCAL);
}

const struct bench mmu_benches[] = {
	{ .name = "mmu_update_512", .iters = 40, .prepare = batch_prepare,
	  .step = batch_step },
	{ .name = "mmuext_pin_unpin_l4", .iters = 200, .prepare = pin_prepare,
	  .step = pin_step },
	{ .name = "update_va_mapping_invlpg", .iters = 1000,
	  .step = uvm_step },
	{ 0 }
};
