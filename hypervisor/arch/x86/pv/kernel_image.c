/*
 * What the dom0 builder is given: an ELF kernel, or a bzImage around one.
 *
 * Debian ships Linux as a bzImage (vmlinuz) whose payload is the kernel
 * ELF compressed with XZ, and Xen's dom0 builder accepts that file as
 * is.  So do we: a module with the bzImage signature is unpacked
 * (lib/bzimage, lib/xz) into a temporary, physically contiguous block of
 * anonymous domheap pages - far too big for the xenheap - which the
 * builder reads like any ELF image and frees when the domain is built.
 * Any other module is taken to be the ELF itself.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/page.h>
#include <asm/pv.h>
#include "bzimage/bzimage.h"
#include "build.h"

static unsigned int order_for(uint64_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static int unpack(struct kernel_image *k, struct bzimage *bz)
{
	struct xz_dec *x = alloc_xenheap_pages(order_for(sizeof(*x)));
	int rc;

	if (!x)
		return -XEN_ENOMEM;
	k->order = order_for(bz->out_len);
	k->buf = k->order <= MAX_ORDER ?
		 alloc_domheap_pages(NULL, k->order, MEMF_no_scrub) : NULL;
	if (!k->buf) {
		free_xenheap_pages(x, order_for(sizeof(*x)));
		return -XEN_ENOMEM;
	}
	memset(x, 0, sizeof(*x));
	rc = bzimage_decompress(bz, x, page_to_virt(k->buf),
				PAGE_SIZE << k->order);
	if (rc)
		printk(XENLOG_ERR "Dom0 kernel: bzImage: %s\n", bz->err);
	free_xenheap_pages(x, order_for(sizeof(*x)));
	k->image = page_to_virt(k->buf);
	k->size = bz->out_len;
	return rc;
}

int kernel_image_open(struct kernel_image *k, const struct boot_module *m)
{
	const void *raw = maddr_to_virt(m->start);
	size_t len = m->end - m->start;
	struct bzimage bz;
	int rc;

	memset(k, 0, sizeof(*k));
	k->image = raw;
	k->size = len;
	if (!bzimage_is(raw, len))
		return 0;
	rc = bzimage_parse(&bz, raw, len);
	if (rc) {
		printk(XENLOG_ERR "Dom0 kernel: bzImage: %s\n", bz.err);
		return rc;
	}
	if (bz.format == BZIMAGE_ELF) {
		k->image = bz.payload;
		k->size = bz.payload_len;
		return 0;
	}
	printk("Dom0 kernel: bzImage %s payload, %zu bytes unpacked\n",
	       bzimage_format_name(bz.format), bz.out_len);
	rc = unpack(k, &bz);
	if (rc)
		kernel_image_close(k);
	return rc;
}

void kernel_image_close(struct kernel_image *k)
{
	if (k->buf)
		free_domheap_pages(k->buf, k->order);
	k->buf = NULL;
}
