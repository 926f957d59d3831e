/*
 * layout_of ELF MiB [INITRD_BYTES]: the 64-bit PV dom0 layout Xen 4.17
 * would give this kernel with dom0_mem=MiB (and an initrd of that size),
 * printed as Xen prints it.  Used by tests/elf/suite to compare against
 * Xen's logs of the guest test kernels.  Exit status 1 on any refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include "elf/xen_elf.h"
#include "layout_print.h"

int main(int argc, char **argv)
{
	static struct xen_elf_dom d;
	struct pv_layout_in in;
	struct pv_layout l;
	struct xen_elf elf;
	const char *err = "";
	uint8_t *img;
	long n;
	FILE *f;

	if (argc < 3 || !(f = fopen(argv[1], "rb")))
		return 2;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	img = malloc(n);
	if (fread(img, 1, n, f) != (size_t)n)
		return 2;
	fclose(f);
	if (xen_elf_init(&elf, img, n) || xen_elf_parse(&elf, &d)) {
		printf("refused: %s\n", elf.err);
		return 1;
	}
	in = (struct pv_layout_in){
	    .virt_base = d.virt_base,
	    .virt_kstart = d.virt_kstart,
	    .virt_kend = d.virt_kend,
	    .virt_entry = d.virt_entry,
	    .virt_hypercall = d.virt_hypercall,
	    .p2m_base = d.p2m_base,
	    .unmapped_initrd = d.unmapped_initrd,
	    .initrd_len = argc > 3 ? strtoull(argv[3], NULL, 0) : 0,
	    .nr_pages = strtoull(argv[2], NULL, 0) << 8,
	    .nr_vcpus = 1,
	};
	if (pv_layout_dom0(&in, &l, &err)) {
		printf("refused: %s\n", err);
		return 1;
	}
	layout_print(&l);
	free(img);
	return 0;
}
