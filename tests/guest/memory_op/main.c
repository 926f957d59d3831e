/*
 * memory_op queries a PV kernel makes at boot, good and hostile.
 *
 * The numbers must agree with what the builder told us in start_info
 * and with our own P2M: reservation counts, the highest machine frame,
 * where the read-only M2P is mapped and which frames back it, and the
 * machine memory map dom0 uses to lay out its physical address space.
 */
#include "guest.h"
#include <public/memory.h>

const char test_title[] = "memory_op: reservation, M2P and memory map queries";
const unsigned int test_needs = NEED_TRAPS | NEED_SHARED;

static long memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static unsigned long max_mfn_owned(void)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;
	unsigned long pfn, max = 0;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] > max)
			max = p2m[pfn];
	return max;
}

static void check_reservation(void)
{
	domid_t self = DOMID_SELF, bogus = 0x7000;
	long cur, max, gpfn, top;

	top = memory_op(XENMEM_maximum_ram_page, NULL);
	cur = memory_op(XENMEM_current_reservation, &self);
	max = memory_op(XENMEM_maximum_reservation, &self);
	gpfn = memory_op(XENMEM_maximum_gpfn, &self);
	printk("max ram page %#lx, reservation %ld of %ld, max gpfn %#lx\n",
	       top, cur, max, gpfn);
	CHECK(top > 0 && (unsigned long)top >= max_mfn_owned(),
	      "maximum_ram_page %#lx below our own mfn %#lx", top,
	      max_mfn_owned());
	CHECK_EQ(cur, start_info->nr_pages);
	CHECK(max >= cur, "maximum_reservation %ld < current %ld", max, cur);
	/* A PV guest's highest gpfn is what it published in shared_info. */
	shared->arch.max_pfn = start_info->nr_pages;
	gpfn = memory_op(XENMEM_maximum_gpfn, &self);
	printk("max gpfn after publishing max_pfn: %#lx\n", gpfn);
	CHECK_EQ(gpfn, start_info->nr_pages - 1);

	CHECK_EQ(memory_op(XENMEM_current_reservation, &bogus), -XEN_ESRCH);
	CHECK_EQ(memory_op(XENMEM_current_reservation, NULL), -XEN_EFAULT);
	CHECK_EQ(memory_op(XENMEM_maximum_reservation,
			   (void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
}

static void check_machphys(void)
{
	struct xen_machphys_mapping map = { 0 };
	xen_pfn_t mfns[4];
	struct xen_machphys_mfn_list list = {
		.max_extents = ARRAY_SIZE(mfns), .extent_start = mfns,
	};

	CHECK_EQ(memory_op(XENMEM_machphys_mapping, &map), 0);
	printk("M2P %#lx-%#lx max_mfn %#lx\n", map.v_start, map.v_end,
	       map.max_mfn);
	CHECK_EQ(map.v_start, MACH2PHYS_VIRT_START);
	CHECK(map.v_end > map.v_start && map.v_end <= MACH2PHYS_VIRT_END,
	      "v_end %#lx", map.v_end);
	CHECK(map.max_mfn >= max_mfn_owned() &&
	      map.max_mfn < MACH2PHYS_NR_ENTRIES, "max_mfn %#lx", map.max_mfn);
	CHECK_EQ(memory_op(XENMEM_machphys_mapping, NULL), -XEN_EFAULT);

	list.nr_extents = 99;
	CHECK_EQ(memory_op(XENMEM_machphys_mfn_list, &list), 0);
	CHECK(list.nr_extents >= 1 && list.nr_extents <= ARRAY_SIZE(mfns),
	      "machphys_mfn_list: %u extents", list.nr_extents);
	list.extent_start = (void *)HYPERVISOR_VIRT_START;
	CHECK_EQ(memory_op(XENMEM_machphys_mfn_list, &list), -XEN_EFAULT);
}

static struct xen_e820_entry e820[64];

static void check_machine_memory_map(void)
{
	struct xen_memory_map mm = {
		.nr_entries = ARRAY_SIZE(e820), .buffer = e820,
	};
	unsigned int i;
	unsigned long ram = 0;

	CHECK_EQ(memory_op(XENMEM_machine_memory_map, &mm), 0);
	CHECK(mm.nr_entries >= 1 && mm.nr_entries <= ARRAY_SIZE(e820),
	      "machine map: %u entries", mm.nr_entries);
	for (i = 0; i < mm.nr_entries && i < ARRAY_SIZE(e820); i++)
		if (e820[i].type == XEN_E820_RAM)
			ram += e820[i].size;
	printk("machine map: %u entries, %lu MiB RAM\n", mm.nr_entries,
	       ram >> 20);
	/* QEMU gives the machine 512 MiB. */
	CHECK(ram >= (400ul << 20) && ram <= (512ul << 20), "RAM %#lx", ram);
	/* A NULL buffer is not an error (nothing is stored). */
	mm.nr_entries = ARRAY_SIZE(e820);
	mm.buffer = NULL;
	CHECK_EQ(memory_op(XENMEM_machine_memory_map, &mm), 0);
	mm.buffer = (void *)HYPERVISOR_VIRT_START;
	CHECK_EQ(memory_op(XENMEM_machine_memory_map, &mm), -XEN_EFAULT);
	/* Too small a buffer for the whole map. */
	mm.nr_entries = 1;
	mm.buffer = e820;
	CHECK_EQ(memory_op(XENMEM_machine_memory_map, &mm), -XEN_EINVAL);
	CHECK_EQ(memory_op(XENMEM_machine_memory_map, NULL), -XEN_EFAULT);
}

/*
 * A PV dom0 has no pseudo-physical memory map unless a toolstack set
 * one: Xen 4.17 says -ENOSYS and Linux falls back to the machine map.
 */
static void check_memory_map(void)
{
	struct xen_memory_map mm = {
		.nr_entries = ARRAY_SIZE(e820), .buffer = e820,
	};

	CHECK_EQ(memory_op(XENMEM_memory_map, &mm), -XEN_ENOSYS);
}

void test_main(void)
{
	check_reservation();
	check_machphys();
	check_machine_memory_map();
	check_memory_map();
	CHECK_EQ(memory_op(1000, NULL), -XEN_ENOSYS);
}
