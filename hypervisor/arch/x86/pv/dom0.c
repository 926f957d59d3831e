/*
 * Starting dom0 at the end of boot.
 *
 * The first multiboot module is dom0's kernel, the second (if any) its
 * initrd; the kernel module's command line, without its first word (the
 * file name, as loaders pass it), becomes dom0's.  Without a module
 * there is no dom0 and the machine idles.  A dom0 that cannot be built
 * is fatal, as in Xen: nothing else could ever run.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/cmdline.h>
#include <xenolith/domain.h>
#include <asm/pv.h>

/* dom0_max_vcpus=N: vCPUs dom0 may bring up (Xen's "min-max" not yet). */
static unsigned int opt_dom0_max_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

void dom0_boot(const struct boot_info *bi)
{
	const struct boot_module *initrd = bi->nr_modules > 1 ?
					   &bi->modules[1] : NULL;
	struct cpu_user_regs regs;
	struct domain *d;
	int rc;

	if (!bi->nr_modules)
		return;
	pv_time_init();
	d = domain_create(0, MAX(1U, MIN(opt_dom0_max_vcpus, MAX_VCPUS)),
			  true);
	if (!d)
		panic("Could not create dom0");
	rc = dom0_construct_pv(d, &bi->modules[0], initrd,
			       cmdline_skip_image_name(bi->modules[0].cmdline),
			       &regs);
	if (rc)
		panic("Could not set up DOM0 guest OS (rc = %d)", rc);
	pv_update_wallclock(d);
	domain_unpause(d);
	printk("Xenolith: starting dom0\n");
	pv_start_vcpu(d->vcpu[0], &regs);
}
