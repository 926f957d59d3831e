/*
 * The PV dom0 builder: from the first multiboot module to a vCPU ready
 * to run.
 *
 * Steps, in Xen's order:
 *   1. parse the kernel ELF and its Xen notes (lib/elf), refuse what Xen
 *      refuses for dom0;
 *   2. compute the initial layout (lib/pvlayout: Xen 4.17's addresses);
 *   3. give the domain its memory and number it: PFNs 0.. in allocation
 *      order, the P2M (d->p2m, and the guest's copy in its mapping) and
 *      the M2P kept in step;
 *   4. load the segments, the initrd (mapped, or after the mapping with
 *      MOD_START_PFN), write the P2M list, start_info (a domU's also
 *      names its XenStore and console pages, magic.c) and, when the
 *      kernel has a HYPERCALL_PAGE note, the hypercall stubs;
 *   5. build the initial page tables (build_pt.c);
 *   6. the initial register state: RIP = ENTRY, RSP = top of the boot
 *      stack, RSI = start_info, events masked, kernel mode, CR3 = the L4.
 *
 * Divergence: with an INIT_P2M note Xen maps the P2M at that address
 * with its own page tables; we keep it inside the initial mapping,
 * which the ABI allows (mfn_list says where it is).
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/cmdline.h>
#include <xenolith/domain.h>
#include <xenolith/params.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include "elf/xen_elf.h"
#include "build.h"

#define DEFAULT_DOM0_MAX (1UL << 30)	/* without dom0_mem= */
#define DOM0_RESERVE (64UL << 20)	/* left to Xenolith by default */
#define X86_EFLAGS_MBS (1UL << 1)

struct load_ctx {
	struct domain *d;
	const struct pv_layout *l;
	uint64_t base;		/* guest VA of offset 0 */
};

static unsigned int order_for_bytes(uint64_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* dom0_mem=SIZE (Xen syntax, no suffix = KiB); "max:" parts ignored. */
static unsigned long dom0_nr_pages(void)
{
	struct mm_stats st;
	uint64_t bytes = 0, avail;
	const char *end;

	mm_get_stats(&st);
	avail = (uint64_t)st.avail[MM_POOL_DOMHEAP] << PAGE_SHIFT;
	if (opt_dom0_mem[0] && strncmp(opt_dom0_mem, "max:", 4) &&
	    parse_size(opt_dom0_mem, &end, &bytes))
		bytes = 0;
	if (!bytes)
		bytes = MIN(avail > DOM0_RESERVE ? avail - DOM0_RESERVE : 0,
			    DEFAULT_DOM0_MAX);
	return MIN(bytes, avail) >> PAGE_SHIFT;
}

/* Give d nr pages, numbered from PFN 0 in allocation order. */
static int alloc_dom_memory(struct domain *d, unsigned long nr)
{
	unsigned long pfn = 0;
	unsigned int order = 9;

	d->p2m = alloc_xenheap_pages(order_for_bytes(nr * sizeof(long)));
	if (!d->p2m)
		return -XEN_ENOMEM;
	while (pfn < nr) {
		struct page_info *pg;

		while ((1UL << order) > nr - pfn)
			order--;
		pg = alloc_domheap_pages(d, order, 0);
		if (!pg && order) {
			order--;
			continue;
		}
		if (!pg)
			return -XEN_ENOMEM;
		for (unsigned long i = 0; i < (1UL << order); i++, pfn++) {
			d->p2m[pfn] = mfn_x(page_to_mfn(pg + i));
			m2p_set(page_to_mfn(pg + i), pfn);
			page_list_add_tail(pg + i, &d->page_list);
		}
	}
	d->nr_pfns = d->max_pages = nr;
	return 0;
}

/* Copy (or zero, src NULL) len bytes at guest PFN-space byte offset. */
static void write_pfn_space(struct domain *d, uint64_t off, const void *src,
			    uint64_t len)
{
	while (len) {
		uint64_t n = MIN(len, PAGE_SIZE - (off & ~PAGE_MASK));
		char *dst = (char *)maddr_to_virt(mfn_to_maddr(
				    _mfn(d->p2m[off >> PAGE_SHIFT]))) +
			    (off & ~PAGE_MASK);

		if (src) {
			memcpy(dst, src, n);
			src = (const char *)src + n;
		} else {
			memset(dst, 0, n);
		}
		off += n;
		len -= n;
	}
}

static int load_segment(void *ctx, uint64_t offset, const void *src,
			uint64_t len)
{
	struct load_ctx *c = ctx;
	uint64_t va = c->base + offset;

	if (va < c->l->v_start || va + len > c->l->v_end)
		return -XEN_ERANGE;
	write_pfn_space(c->d, va - c->l->v_start, src, len);
	return 0;
}

static void load_initrd(struct domain *d, const struct pv_layout *l,
			const struct boot_module *initrd)
{
	uint64_t len = initrd->end - initrd->start;
	uint64_t off = l->vinitrd_end ? l->vinitrd_start - l->v_start
				      : l->initrd_pfn << PAGE_SHIFT;

	write_pfn_space(d, off, maddr_to_virt(initrd->start), len);
}

static int fill_start_info(struct domain *d, const struct pv_layout *l,
			   const struct xen_elf_dom *dom,
			   const struct boot_module *initrd)
{
	struct start_info *si = pv_build_va(d, l, l->vstartinfo_start);

	memset(si, 0, sizeof(*si));
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64%s",
		 dom->pae ? "p" : "");
	si->nr_pages = d->nr_pfns;
	si->shared_info = virt_to_maddr(d->shared_info);
	si->flags = d->is_privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
	si->pt_base = l->vpt_start;
	si->nr_pt_frames = l->nr_pt_pages;
	si->mfn_list = l->vphysmap_start;
	if (initrd && l->vinitrd_end) {
		si->mod_start = l->vinitrd_start;
		si->mod_len = initrd->end - initrd->start;
	} else if (initrd) {
		si->flags |= SIF_MOD_START_PFN;
		si->mod_start = l->initrd_pfn;
		si->mod_len = initrd->end - initrd->start;
	}
	strlcpy((char *)si->cmd_line, d->cmdline, sizeof(si->cmd_line));
	return d->is_privileged ? 0 : pv_setup_magic_pages(d, l, si);
}

static void write_p2m_list(struct domain *d, const struct pv_layout *l)
{
	write_pfn_space(d, l->vphysmap_start - l->v_start, d->p2m,
			d->nr_pfns * sizeof(unsigned long));
}

static int parse_kernel(const struct kernel_image *k, struct xen_elf *elf,
			struct xen_elf_dom *dom, bool is_dom0)
{
	int rc = xen_elf_init(elf, k->image, k->size);

	if (!rc)
		rc = xen_elf_parse(elf, dom);
	if (!rc && is_dom0)
		rc = xen_elf_check_dom0(elf, dom);
	if (rc)
		printk(XENLOG_ERR "Kernel: %s\n", elf->err);
	return rc;
}

static int compute_layout(const struct xen_elf_dom *dom,
			  const struct boot_module *initrd, unsigned long nr,
			  bool domu, struct pv_layout *l)
{
	struct pv_layout_in in = {
		.virt_base = dom->virt_base,
		.virt_kstart = dom->virt_kstart,
		.virt_kend = dom->virt_kend,
		.virt_entry = dom->virt_entry,
		.virt_hypercall = dom->virt_hypercall,
		.p2m_base = PV_LAYOUT_UNSET,	/* see Divergence above */
		.unmapped_initrd = dom->unmapped_initrd,
		.initrd_len = initrd ? initrd->end - initrd->start : 0,
		.nr_pages = nr,
		.nr_vcpus = 1,
		.nr_magic = domu ? 2 : 0,	/* XenStore, console */
	};
	const char *err = "";
	int rc = pv_layout_dom0(&in, l, &err);

	if (rc)
		printk(XENLOG_ERR "Dom0 layout: %s (%d)\n", err, rc);
	return rc;
}

static void print_layout(const struct domain *d, const struct pv_layout *l)
{
	if (d->domain_id == 0)
		printk("*** Building a PV Dom0 ***\n");
	else
		printk("*** Building PV domain %u ***\n", d->domain_id);
	printk(" Dom0 alloc.: %lu pages\n", d->nr_pfns);
	printk(" Loaded kernel: %016lx->%016lx\n", l->vkern_start,
	       l->vkern_end);
	printk(" Phys-Mach map: %016lx->%016lx\n", l->vphysmap_start,
	       l->vphysmap_end);
	printk(" Start info:    %016lx->%016lx\n", l->vstartinfo_start,
	       l->vstartinfo_end);
	printk(" Page tables:   %016lx->%016lx\n", l->vpt_start, l->vpt_end);
	printk(" Boot stack:    %016lx->%016lx\n", l->vstack_start,
	       l->vstack_end);
	printk(" TOTAL:         %016lx->%016lx\n", l->v_start, l->v_end);
	printk(" ENTRY ADDRESS: %016lx\n", l->entry);
}

static void init_vcpu0(struct domain *d, const struct pv_layout *l,
		       mfn_t l4, struct cpu_user_regs *regs)
{
	struct vcpu *v = d->vcpu[0];

	v->arch.guest_table = l4;
	v->is_initialised = true;
	v->arch.kernel_mode = true;
	v->arch.cr4 = read_cr4() & (X86_CR4_PAE | (1UL << 6) |
				    X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	memset(regs, 0, sizeof(*regs));
	regs->rip = l->entry;
	regs->cs = PV_FLAT_CS64;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_MBS;
	regs->rsp = l->vstack_end;
	regs->ss = PV_FLAT_SS;
	regs->rsi = l->vstartinfo_start;
}

static int construct(struct domain *d, const struct kernel_image *k,
		     const struct boot_module *initrd, const char *cmdline,
		     unsigned long nr, struct cpu_user_regs *regs)
{
	struct xen_elf elf;
	struct xen_elf_dom dom;
	struct pv_layout l;
	struct load_ctx ctx = { .d = d, .l = &l };
	int rc;

	rc = parse_kernel(k, &elf, &dom, d->domain_id == 0);
	if (!rc)
		rc = compute_layout(&dom, initrd, nr, !d->is_privileged, &l);
	if (rc)
		return rc;
	m2p_init();
	rc = alloc_dom_memory(d, nr);
	if (rc)
		return rc;
	strlcpy(d->cmdline, cmdline, sizeof(d->cmdline));
	d->arch.pae_extended_cr3 = dom.pae != XEN_ELF_PAE_NO;
	ctx.base = dom.virt_kstart;
	rc = xen_elf_load(&elf, load_segment, &ctx);
	if (rc) {
		printk(XENLOG_ERR "Dom0 kernel: load failed (%d)\n", rc);
		return rc;
	}
	if (initrd)
		load_initrd(d, &l, initrd);
	write_p2m_list(d, &l);
	rc = fill_start_info(d, &l, &dom, initrd);
	if (rc)
		return rc;
	if (dom.virt_hypercall != XEN_ELF_UNSET)
		pv_write_hypercall_page(pv_build_va(d, &l,
						    dom.virt_hypercall));
	init_vcpu0(d, &l, pv_build_page_tables(d, &l), regs);
	print_layout(d, &l);
	return 0;
}

/*
 * Build d from kernel (and initrd) with nr_pages of memory (0: dom0's
 * default, dom0_mem=).  The same layout serves dom0 and the boot-time
 * domUs; only dom0 is privileged and gets the dom0 ELF checks.
 */
int pv_construct_domain(struct domain *d, const struct boot_module *kernel,
			const struct boot_module *initrd, const char *cmdline,
			unsigned long nr_pages, struct cpu_user_regs *regs)
{
	struct kernel_image k;
	int rc = kernel_image_open(&k, kernel);

	if (rc)
		return rc;
	rc = construct(d, &k, initrd, cmdline,
		       nr_pages ? nr_pages : dom0_nr_pages(), regs);
	kernel_image_close(&k);
	return rc;
}
