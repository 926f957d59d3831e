/*
 * From the builder's hand-off to test_main().
 *
 * _start (head.S) saved %rsi (start_info) and moved to our own stack.
 * Here we do the setup the test asked for through test_needs, in the
 * order a PV kernel must: trap table first (so any later fault is
 * reported rather than crashing the domain), then the shared_info
 * mapping, then user page tables.
 */
#include "guest.h"

shared_info_t *shared;

/* Page-aligned spare page whose mapping is replaced by shared_info. */
static char shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

__attribute__((weak)) const unsigned int test_needs = NEED_ALL;

#define PTE_FLAGS 0x67	/* present, writable, user, accessed, dirty */

unsigned long virt_to_mfn(const void *va)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

	return p2m[((unsigned long)va - VIRT_BASE) / PAGE_SIZE];
}

static int map_shared_info(void)
{
	unsigned long va = (unsigned long)shared_page;
	long rc = hc_update_va_mapping(va, start_info->shared_info | PTE_FLAGS,
				       UVMF_INVLPG | UVMF_LOCAL);

	if (rc) {
		test_error("update_va_mapping(shared_info): %ld", rc);
		return rc;
	}
	shared = (shared_info_t *)va;
	return 0;
}

/*
 * User mode shares the kernel's address space: the same L4 serves as
 * the user page-table root.  A 64-bit PV guest's mappings are all
 * user-accessible at the hardware level anyway (its kernel is ring 3).
 */
static int user_init(void)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_NEW_USER_BASEPTR,
		.arg1.mfn = virt_to_mfn((void *)start_info->pt_base),
	};
	long rc = hc_mmuext_op(&op, 1, NULL, DOMID_SELF);

	if (rc)
		test_error("mmuext_op(NEW_USER_BASEPTR): %ld", rc);
	return rc;
}

/*
 * The test's own test_needs overrides the weak default at link time, so
 * the compiler must not fold the default's value in here: read memory.
 */
static unsigned int needs(void)
{
	return *(const volatile unsigned int *)&test_needs;
}

void guest_main(void);
void guest_main(void)
{
	unsigned int need = needs();

	printk("Guest test: %s\n", test_title);
	if ((need & NEED_TRAPS) && traps_init())
		test_finish();
	if ((need & NEED_SHARED) && map_shared_info())
		test_finish();
	if ((need & NEED_USER) && user_init())
		test_finish();
	test_main();
	test_finish();
}
