/*
 * The frame table: one struct page_info per machine frame.
 *
 * It covers frames [0, max_page), where max_page is one past the highest
 * RAM frame, so mfn_to_page() is plain indexing and holes below max_page
 * simply stay in state none forever.  The table is taken from the boot
 * allocator (anywhere in RAM: the direct map reaches all of it) and
 * zeroed, which makes every frame start in state none with no owner, no
 * references and no type.  Frames above max_page (MMIO) have no entry:
 * mfn_valid() is false for them.
 */
#include <xenolith/lib.h>
#include "mm_private.h"

struct page_info *frame_table; /* indexed by mfn, [0, max_page) */
unsigned long max_page;	       /* entries in frame_table */

void frame_table_init(unsigned long nr_frames)
{
	unsigned long bytes = nr_frames * sizeof(struct page_info);
	unsigned long pages = (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
	paddr_t ma;

	ASSERT(nr_frames > 0);
	ma = boot_alloc_pages(pages, 1);
	frame_table = maddr_to_virt(ma);
	memset(frame_table, 0, pages << PAGE_SHIFT);
	max_page = nr_frames;
	printk(XENLOG_INFO "frame table: %lu frames, %lu KiB at 0x%lx\n",
	       nr_frames, pages << (PAGE_SHIFT - 10), (unsigned long)ma);
}
