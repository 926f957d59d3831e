/*
 * Copying a validated image's segments to where the kernel will run.
 *
 * The destination is the kernel's physical extent [pstart, pend), which
 * the builder has mapped (guest frames in the hypervisor, a foreign mapping
 * in tools).  The library cannot know how to reach it, so every store goes
 * through the caller's write callback: file bytes first, then the zeroed
 * tail up to p_memsz (.bss).  Offsets were bounds-checked by xen_elf_init(),
 * so a callback never sees a range outside [0, pend - pstart).
 */
#include "xen_elf.h"
#include "../common/lib_errno.h"

int xen_elf_load(struct xen_elf *elf, xen_elf_write_fn write, void *ctx)
{
	struct xen_elf_phdr ph;
	unsigned int i;
	uint64_t dst;
	int rc;

	for (i = 0; i < elf->phnum; i++) {
		xen_elf_phdr(elf, i, &ph);
		if (!xen_elf_phdr_loadable(&ph))
			continue;
		dst = ph.paddr - elf->pstart;
		if (ph.filesz) {
			rc = write(ctx, dst, elf->image + ph.offset, ph.filesz);
			if (rc)
				goto fail;
		}
		if (ph.memsz > ph.filesz) {
			rc = write(ctx, dst + ph.filesz, NULL,
				   ph.memsz - ph.filesz);
			if (rc)
				goto fail;
		}
	}
	return 0;
fail:
	elf->err = "write callback failed";
	return rc;
}
