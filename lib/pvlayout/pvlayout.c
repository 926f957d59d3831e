/*
 * Computing the 64-bit PV dom0 layout as Xen 4.17 does.
 *
 * The only subtle part is the page-table count.  The mapping must cover
 * the page tables themselves, so their number depends on the mapping's
 * end, which depends on their number.  Xen solves this by trying counts
 * from 2 upward until one L4, the L3s, L2s and L1s needed to map
 * [v_start, v_end) fit; we do the same, so both stop at the same count.
 * The end is the boot stack's end rounded up to 4 MiB, plus another 4 MiB
 * when that would leave under 512 KiB of slack (Linux's early allocator
 * takes its first pages from there).
 *
 * All addresses are page aligned except v_start and v_end.  Every sum is
 * checked for wrapping: the inputs come from an untrusted kernel's notes.
 */
#include "pvlayout.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define PG_SIZE	     4096ULL
#define SUPERPAGE_4M (1ULL << 22)
#define SLACK_MIN    (512ULL << 10)
#define L2_SHIFT     21
#define L3_SHIFT     30
#define L4_SHIFT     39
#define PT_PAGES_MAX (1ULL << 20) /* any sane layout needs far fewer */

static uint64_t round_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Number of 2^shift-aligned slots [lo, hi) touches. */
static uint64_t slots(uint64_t lo, uint64_t hi, unsigned int shift)
{
	uint64_t a = 1ULL << shift;

	return (round_up(hi, a) - (lo & ~(a - 1))) >> shift;
}

static unsigned int order_for_bytes(uint64_t bytes)
{
	unsigned int order = 0;

	while ((PG_SIZE << order) < bytes)
		order++;
	return order;
}

/* The page-table fixpoint; false if no count up to the cap works. */
static bool layout_tables(struct pv_layout *l)
{
	uint64_t room = (~0ULL - l->vpt_start - 3 * SUPERPAGE_4M) / PG_SIZE;
	uint64_t n, max = room < PT_PAGES_MAX ? room : PT_PAGES_MAX;

	for (n = 2; n < max; n++) {
		l->vpt_end = l->vpt_start + n * PG_SIZE;
		l->vstack_start = l->vpt_end;
		l->vstack_end = l->vstack_start + PG_SIZE;
		l->v_end = round_up(l->vstack_end, SUPERPAGE_4M);
		if (l->v_end - l->vstack_end < SLACK_MIN)
			l->v_end += SUPERPAGE_4M;
		if (1 + slots(l->v_start, l->v_end, L4_SHIFT) +
			slots(l->v_start, l->v_end, L3_SHIFT) +
			slots(l->v_start, l->v_end, L2_SHIFT) <=
		    n) {
			l->nr_pt_pages = n;
			return true;
		}
	}
	return false;
}

/* Kernel, initrd, P2M, start_info, magic pages, page tables. */
static void layout_regions(const struct pv_layout_in *in, struct pv_layout *l)
{
	l->v_start = in->virt_base;
	l->vkern_start = in->virt_kstart;
	l->vkern_end = in->virt_kend;
	l->entry = in->virt_entry;
	if (in->unmapped_initrd) {
		l->vinitrd_start = l->vinitrd_end = 0;
		l->vphysmap_start = round_up(l->vkern_end, PG_SIZE);
	} else {
		l->vinitrd_start = round_up(l->vkern_end, PG_SIZE);
		l->vinitrd_end = l->vinitrd_start + in->initrd_len;
		l->vphysmap_start = round_up(l->vinitrd_end, PG_SIZE);
	}
	l->vphysmap_end = l->vphysmap_start + in->nr_pages * 8;
	if (in->p2m_base != PV_LAYOUT_UNSET)
		l->vphysmap_end = l->vphysmap_start;
	l->vstartinfo_start = round_up(l->vphysmap_end, PG_SIZE);
	l->vstartinfo_end =
	    l->vstartinfo_start + PV_START_INFO_SIZE + PV_VGA_CONSOLE_INFO_SIZE;
	l->vmagic_start = round_up(l->vstartinfo_end, PG_SIZE);
	l->vpt_start = l->vmagic_start + in->nr_magic * PG_SIZE;
}

/*
 * Whether layout_regions() can form its addresses without wrapping, with
 * room left for layout_tables() to try at least a few table counts (it
 * bounds itself by what is left).
 */
static bool layout_fits(const struct pv_layout_in *in)
{
	uint64_t top = in->virt_kend, p2m = 0;

	if (in->nr_pages > (~0ULL >> 4))
		return false;
	if (in->p2m_base == PV_LAYOUT_UNSET)
		p2m = in->nr_pages * 8;
	if (!in->unmapped_initrd && !lib_add_ok(top, in->initrd_len, &top))
		return false;
	if (!lib_add_ok(top, p2m, &top))
		return false;
	/* start_info, magic pages, rounding, room for tables and slack. */
	return lib_add_ok(top, (4 + PV_LAYOUT_MAGIC_MAX) * PG_SIZE +
				   4 * SUPERPAGE_4M, &top);
}

static int layout_fail(const char **err, int rc, const char *why)
{
	if (err)
		*err = why;
	return rc;
}

int pv_layout_dom0(const struct pv_layout_in *in, struct pv_layout *l,
		   const char **err)
{
	uint64_t count;

	lib_memset(l, 0, sizeof(*l));
	if (in->virt_base > in->virt_kstart || in->virt_kstart > in->virt_kend)
		return layout_fail(err, -LIB_ERANGE, "kernel below VIRT_BASE");
	if (in->nr_magic > PV_LAYOUT_MAGIC_MAX)
		return layout_fail(err, -LIB_EINVAL, "too many magic pages");
	if (!layout_fits(in))
		return layout_fail(err, -LIB_ERANGE, "layout wraps around");
	layout_regions(in, l);
	if (!layout_tables(l))
		return layout_fail(err, -LIB_ERANGE, "page tables do not fit");

	count = l->v_end - l->v_start;
	if (l->vinitrd_start)
		count -= round_up(in->initrd_len, PG_SIZE);
	l->alloc_order = order_for_bytes(count);
	if ((1ULL << l->alloc_order) +
		round_up(in->initrd_len, PG_SIZE) / PG_SIZE >
	    in->nr_pages)
		return layout_fail(err, -LIB_ENOMEM,
				   "domain too small for the kernel image");
	l->initrd_pfn = l->vinitrd_start
			    ? (l->vinitrd_start - l->v_start) / PG_SIZE
			    : 1ULL << l->alloc_order;
	l->p2m_in_mapping = in->p2m_base == PV_LAYOUT_UNSET;
	if (!l->p2m_in_mapping) {
		l->vphysmap_start = in->p2m_base;
		if (!lib_add_ok(in->p2m_base, in->nr_pages * 8,
				&l->vphysmap_end))
			return layout_fail(err, -LIB_ERANGE, "INIT_P2M wraps");
	}
	if (l->v_start < PV_HYPERVISOR_VIRT_END &&
	    l->v_end > PV_HYPERVISOR_VIRT_START)
		return layout_fail(err, -LIB_EINVAL,
				   "mapping overlaps the hypervisor hole");
	if (in->virt_hypercall != PV_LAYOUT_UNSET &&
	    (in->virt_hypercall < l->v_start || in->virt_hypercall >= l->v_end))
		return layout_fail(
		    err, -LIB_EINVAL,
		    "HYPERCALL_PAGE outside the initial mapping");
	l->single_l2 = l->v_start >> L3_SHIFT == (l->v_end - 1) >> L3_SHIFT;
	return 0;
}
