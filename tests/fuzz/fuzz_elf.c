/*
 * Fuzz target: untrusted bytes through everything a builder does with a
 * kernel image: bzImage probe, ELF validation, note parsing, loading
 * (through a callback that checks the contract instead of copying), and
 * the PV layout from whatever the notes said.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz_targets.h"
#include "bzimage/bzimage.h"
#include "elf/xen_elf.h"
#include "pvlayout/pvlayout.h"

static uint64_t extent;
static volatile uint8_t sink;

/* Checks offsets and touches the source range's ends (ASan watches). */
static int check_write(void *ctx, uint64_t off, const void *src, uint64_t len)
{
	(void)ctx;
	if (off > extent || len > extent - off || len == 0)
		abort();
	if (src) {
		sink = ((const uint8_t *)src)[0];
		sink = ((const uint8_t *)src)[len - 1];
	}
	return 0;
}

static void fuzz_layout(const struct xen_elf_dom *d)
{
	struct pv_layout_in in = {
	    .virt_base = d->virt_base,
	    .virt_kstart = d->virt_kstart,
	    .virt_kend = d->virt_kend,
	    .virt_entry = d->virt_entry,
	    .virt_hypercall = d->virt_hypercall,
	    .p2m_base = d->p2m_base,
	    .unmapped_initrd = d->unmapped_initrd,
	    .initrd_len = d->virt_hv_start_low,
	    .nr_pages = d->phys_entry,
	};
	struct pv_layout l;

	if (pv_layout_dom0(&in, &l, NULL) == 0 &&
	    (l.v_end < l.vstack_end || l.vpt_end <= l.vpt_start))
		abort();
}

int fuzz_elf_one(const uint8_t *data, size_t size)
{
	static struct xen_elf_dom dom;
	uint8_t *img = malloc(size ? size : 1);
	struct bzimage bz;
	struct xen_elf elf;

	memcpy(img, data, size);
	if (bzimage_parse(&bz, img, size) == 0 &&
	    (bz.payload < img || bz.payload + bz.payload_len > img + size))
		abort();
	if (xen_elf_init(&elf, img, size) == 0) {
		extent = elf.pend - elf.pstart;
		xen_elf_load(&elf, check_write, NULL);
		if (xen_elf_parse(&elf, &dom) == 0)
			fuzz_layout(&dom);
	}
	free(img);
	return 0;
}
