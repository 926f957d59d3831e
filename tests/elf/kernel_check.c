/*
 * The loader libraries on Debian's real kernel, end to end.
 *
 *   kernel_check VMLINUZ OUTDIR [DOM0_MiB]
 *
 * Unwraps the bzImage, decompresses its XZ payload (timed), validates the
 * ELF, prints every Xen note, checks the facts the dom0 builder relies on,
 * loads the segments into a buffer and compares them with the file, and
 * prints the PV layout for a dom0 of DOM0_MiB (default 256) in the format
 * of Xen's "VIRTUAL MEMORY ARRANGEMENT" so the suite can diff it against
 * Xen's own.  Writes OUTDIR/payload.xz and OUTDIR/vmlinux so the suite can
 * compare our decompression with the xz tool's.  One PASS/FAIL/SKIP line
 * per check, as tests/run expects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bzimage/bzimage.h"
#include "elf/xen_elf.h"
#include "pvlayout/pvlayout.h"
#include "layout_print.h"

static int failures;

static void result(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("PASS elf/%s\n", name);
	} else {
		printf("FAIL elf/%s: %s\n", name, why);
		failures++;
	}
}

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n);
	*len = fread(p, 1, n, f);
	fclose(f);
	return p;
}

static void write_all(const char *dir, const char *name, const void *p,
		      size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(p, 1, len, f);
		fclose(f);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_notes(const struct xen_elf_dom *dom)
{
	unsigned int t;

	for (t = 1; t <= XEN_ELFNOTE_MAX; t++) {
		const struct xen_elf_note *n = &dom->note[t];

		if (!n->desc)
			continue;
		if (xen_elf_note_is_string(t))
			printf("  note %-18s \"%s\"\n", xen_elf_note_name(t),
			       (const char *)n->desc);
		else if (n->descsz == 16)
			printf("  note %-18s %#llx %#llx\n",
			       xen_elf_note_name(t),
			       (unsigned long long)dom->l1_mfn_valid_mask,
			       (unsigned long long)dom->l1_mfn_valid_value);
		else
			printf("  note %-18s %#llx\n", xen_elf_note_name(t),
			       (unsigned long long)xen_elf_note_value(n));
	}
}

static void check_notes(const struct xen_elf *elf, const struct xen_elf_dom *d)
{
	result("note-no-hypercall-page",
	       !d->note[XEN_ELFNOTE_HYPERCALL_PAGE].desc &&
		   d->virt_hypercall == XEN_ELF_UNSET,
	       "6.1.192+ dropped the hypercall page; found a note");
	result("note-entry",
	       d->note[XEN_ELFNOTE_ENTRY].desc && d->virt_entry != elf->entry,
	       "ENTRY missing or native");
	result("note-features",
	       strcmp(d->features,
		      "!writable_page_tables|pae_pgdir_above_4gb") == 0,
	       d->features);
	result("note-virt-base", d->virt_base == 0xffffffff80000000ULL,
	       "VIRT_BASE is not __START_KERNEL_map");
	result("note-init-p2m", d->p2m_base == 0x8000000000ULL,
	       "INIT_P2M is not 512 GiB");
	result("note-mod-start-pfn", d->unmapped_initrd, "MOD_START_PFN unset");
	result("note-dom0-supported", (d->f_supported >> XEN_ELF_FEAT_dom0) & 1,
	       "SUPPORTED_FEATURES lacks dom0");
	result(
	    "note-identity",
	    !strcmp(d->guest_os, "linux") && !strcmp(d->xen_ver, "xen-3.0") &&
		!strcmp(d->loader, "generic") && d->pae == XEN_ELF_PAE_EXTCR3,
	    "GUEST_OS/XEN_VERSION/LOADER/PAE");
	result("dom0-accepted",
	       xen_elf_check_dom0((struct xen_elf *)elf, d) == 0, elf->err);
	result("kernel-extent",
	       d->virt_kstart == 0xffffffff81000000ULL &&
		   d->virt_kend > d->virt_kstart &&
		   d->virt_entry > d->virt_kstart &&
		   d->virt_entry < d->virt_kend,
	       "kernel not at 0xffffffff81000000 or entry outside");
}

static uint8_t *dest;
static uint64_t dest_len;

static int write_dest(void *ctx, uint64_t off, const void *src, uint64_t len)
{
	(void)ctx;
	if (off > dest_len || len > dest_len - off)
		return -1;
	if (src)
		memcpy(dest + off, src, len);
	else
		memset(dest + off, 0, len);
	return 0;
}

/* Load, then compare every loadable segment with the file bytes. */
static void check_load(struct xen_elf *elf)
{
	struct xen_elf_phdr ph;
	unsigned int i, loads = 0, vaddr0 = 0;
	int ok;

	dest_len = elf->pend - elf->pstart;
	dest = malloc(dest_len);
	memset(dest, 0xa5, dest_len);
	ok = xen_elf_load(elf, write_dest, NULL) == 0;
	for (i = 0; ok && xen_elf_phdr(elf, i, &ph) == 0; i++) {
		uint64_t o = ph.paddr - elf->pstart, k;

		if (!xen_elf_phdr_loadable(&ph))
			continue;
		loads++;
		vaddr0 += ph.vaddr == 0;
		ok = !memcmp(dest + o, elf->image + ph.offset, ph.filesz);
		for (k = ph.filesz; ok && k < ph.memsz; k++)
			ok = dest[o + k] == 0;
	}
	result("load-segments", ok && loads >= 3,
	       "segment bytes or zero fill differ");
	result("load-percpu-by-paddr", vaddr0 == 1,
	       "expected one LOAD with p_vaddr 0 (.data..percpu)");
	free(dest);
}

static void print_layout(const struct xen_elf_dom *d, unsigned long mib)
{
	struct pv_layout_in in = {
	    .virt_base = d->virt_base,
	    .virt_kstart = d->virt_kstart,
	    .virt_kend = d->virt_kend,
	    .virt_entry = d->virt_entry,
	    .virt_hypercall = d->virt_hypercall,
	    .p2m_base = d->p2m_base,
	    .unmapped_initrd = d->unmapped_initrd,
	    .nr_pages = (uint64_t)mib << 8,
	    .nr_vcpus = 1,
	};
	struct pv_layout l;
	const char *err = "";
	int rc = pv_layout_dom0(&in, &l, &err);

	result("pvlayout", rc == 0, err);
	if (rc)
		return;
	layout_print(&l);
}

static struct xz_dec xd;

int main(int argc, char **argv)
{
	size_t len, out_max;
	struct bzimage bz;
	struct xen_elf elf;
	static struct xen_elf_dom dom;
	uint8_t *img, *out;
	double t;
	int rc;

	if (argc < 3 || !(img = read_all(argv[1], &len))) {
		printf("FAIL elf/usage: kernel_check VMLINUZ OUTDIR [MiB]\n");
		return 1;
	}
	rc = bzimage_parse(&bz, img, len);
	result("bzimage-parse", rc == 0 && bz.format == BZIMAGE_XZ,
	       bz.err ? bz.err : "payload is not xz");
	if (rc)
		return 1;
	printf("  boot protocol %#x, setup_sects %u, payload %zu bytes (%s), "
	       "unpacks to %zu\n",
	       bz.version, bz.setup_sects, bz.payload_len,
	       bzimage_format_name(bz.format), bz.out_len);
	write_all(argv[2], "payload.xz", bz.payload, bz.payload_len - 4);

	out_max = bz.out_len;
	out = malloc(out_max);
	t = now();
	rc = bzimage_decompress(&bz, &xd, out, out_max);
	t = now() - t;
	result("xz-decompress", rc == 0, bz.err);
	if (rc)
		return 1;
	printf("  decompressed %zu bytes in %.3f s (%u blocks)\n", bz.out_len,
	       t, xd.blocks);
	result("xz-speed", t < 3.0, "slower than 3 s (target: well under 1 s)");
	write_all(argv[2], "vmlinux", out, bz.out_len);

	rc = xen_elf_init(&elf, out, bz.out_len);
	result("elf-init", rc == 0, elf.err);
	if (rc)
		return 1;
	rc = xen_elf_parse(&elf, &dom);
	result("elf-parse", rc == 0, elf.err);
	if (rc)
		return 1;
	printf("  pstart %#llx pend %#llx, virt_kstart %#llx virt_kend %#llx, "
	       "notes from %s\n",
	       (unsigned long long)elf.pstart, (unsigned long long)elf.pend,
	       (unsigned long long)dom.virt_kstart,
	       (unsigned long long)dom.virt_kend,
	       dom.source == XEN_ELF_SRC_PHDR ? "PT_NOTE" : "sections");
	print_notes(&dom);
	check_notes(&elf, &dom);
	check_load(&elf);
	print_layout(&dom, argc > 3 ? strtoul(argv[3], NULL, 0) : 256);
	free(out);
	free(img);
	return failures ? 1 : 0;
}
