/*
 * The domains started at the end of boot: dom0 and, optionally, a few
 * unprivileged domains, so that tests can run several domains without a
 * toolstack.
 *
 * Multiboot modules, in order (each module's command line starts with
 * its file name, which is skipped):
 *
 *   kernel [args]                       dom0's kernel and command line
 *   initrd                              dom0's initrd (optional)
 *   kernel domU [mem=SIZE] [weight=N] [cap=N] [-- args]
 *                                       a domU kernel, SIZE default 32M;
 *                                       weight/cap: its credit parameters
 *   initrd                              that domU's initrd: a module
 *                                       right after a domU kernel whose
 *                                       line starts with the word initrd
 *
 * DomUs get IDs 1, 2, ... in module order, one vCPU each, no privilege,
 * and share the CPU with dom0 (pv/switch.c); their console_io output is
 * prefixed "(dN) ".  dom0 failing to build is fatal, as in Xen; a domU
 * that fails is reported and skipped.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/cmdline.h>
#include <xenolith/domain.h>
#include <xenolith/hypercall_trace.h>
#include <xenolith/sched_core.h>
#include <xenolith/low_mem.h>
#include <asm/pv.h>

#define DOMU_DEFAULT_MEM (32UL << 20)

/* dom0_max_vcpus=N: vCPUs dom0 may bring up (Xen's "min-max" not yet). */
static unsigned int opt_dom0_max_vcpus = 1;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

/* The first word of a module's arguments, compared with word. */
static bool first_word_is(const struct boot_module *m, const char *word)
{
	const char *a = cmdline_skip_image_name(m->cmdline);
	size_t n = strlen(word);

	return !strncmp(a, word, n) && (a[n] == ' ' || a[n] == '\0');
}

static const struct boot_module *initrd_after(const struct boot_info *bi,
					      unsigned int i, bool dom0)
{
	const struct boot_module *m = i < bi->nr_modules ? &bi->modules[i]
							 : NULL;

	if (!m || first_word_is(m, "domU"))
		return NULL;
	return dom0 || first_word_is(m, "initrd") ? m : NULL;
}

/* The first occurrence of needle in s, or NULL. */
static const char *find(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncmp(s, needle, n))
			return s;
	return NULL;
}

/* "domU [mem=SIZE] [-- args]": memory in pages, and the guest's args. */
static unsigned long domu_options(const struct boot_module *m,
				  const char **args)
{
	const char *a = cmdline_skip_image_name(m->cmdline) + 4;
	const char *sep = find(a, "--");
	const char *mem = find(a, "mem=");
	uint64_t bytes = DOMU_DEFAULT_MEM;
	const char *end;

	*args = sep ? sep + 2 + (sep[2] == ' ') : "";
	if (mem && (!sep || mem < sep) &&
	    (parse_size(mem + 4, &end, &bytes) || !bytes))
		bytes = DOMU_DEFAULT_MEM;
	return bytes >> PAGE_SHIFT;
}

/*
 * "weight=N" and "cap=N" among a domU's options (before "--"): its
 * credit parameters, as xl's sched-credit would set them.
 */
static unsigned int domu_number(const struct boot_module *m,
				const char *name, unsigned int dflt)
{
	const char *a = cmdline_skip_image_name(m->cmdline) + 4;
	const char *sep = find(a, "--");
	const char *at = find(a, name);

	if (!at || (sep && at > sep))
		return dflt;
	return simple_strtoul(at + strlen(name), NULL, 10);
}

/* "cpus=N" or "cpus=N-M": the domain's hard affinity, as xl's cpus=. */
static unsigned long domu_cpus(const struct boot_module *m)
{
	const char *a = cmdline_skip_image_name(m->cmdline) + 4;
	const char *sep = find(a, "--");
	const char *at = find(a, "cpus=");
	unsigned long first, last;
	const char *end;

	if (!at || (sep && at > sep))
		return 0;
	first = last = simple_strtoul(at + 5, &end, 10);
	if (*end == '-')
		last = simple_strtoul(end + 1, NULL, 10);
	if (first > last || last >= 64)
		return 0;
	return (~0UL >> (63 - last)) & ~((1UL << first) - 1);
}

static void domu_sched(const struct boot_module *m, struct domain *d)
{
	unsigned int weight = domu_number(m, "weight=", 0);
	unsigned int cap = domu_number(m, "cap=", ~0U);
	unsigned long cpus = domu_cpus(m);

	if (cpus && sched_set_hard_affinity(d, cpus))
		printk(XENLOG_WARNING "d%u: cpus= refused\n", d->domain_id);
	else if (cpus)
		printk("d%u: hard affinity %#lx\n", d->domain_id, cpus);

	if ((weight || cap != ~0U) && sched_set_credit(d, weight, cap))
		printk(XENLOG_WARNING "d%u: credit weight=/cap= refused\n",
		       d->domain_id);
	if (!sched_get_credit(d, &weight, &cap))
		printk("d%u: credit weight %u cap %u\n", d->domain_id, weight,
		       cap);
}

static void start_domu(const struct boot_info *bi, unsigned int i,
		       domid_t id)
{
	const struct boot_module *kernel = &bi->modules[i];
	const char *args;
	unsigned long pages = domu_options(kernel, &args);
	struct domain *d = domain_create(id, 1, false);
	struct vcpu *v;
	int rc;

	if (!d) {
		printk(XENLOG_ERR "d%u: cannot create\n", id);
		return;
	}
	v = d->vcpu[0];
	rc = pv_construct_domain(d, kernel, initrd_after(bi, i + 1, false),
				 args, pages, &v->arch.regs);
	if (!rc)
		rc = pv_vcpu_stack(v);
	if (rc) {
		printk(XENLOG_ERR "d%u: not started (rc = %d)\n", id, rc);
		return;	/* its memory stays with it: rare, at boot only */
	}
	pv_update_wallclock(d);
	domu_sched(kernel, d);
	v->is_up = true;
	domain_unpause(d);
	printk("Xenolith: started domain %u (%lu pages)\n", id, pages);
}

static void start_domus(const struct boot_info *bi)
{
	domid_t id = 1;

	for (unsigned int i = 1; i < bi->nr_modules; i++)
		if (first_word_is(&bi->modules[i], "domU"))
			start_domu(bi, i, id++);
}

void dom0_boot(const struct boot_info *bi)
{
	struct cpu_user_regs regs;
	struct domain *d;
	int rc;

	if (!bi->nr_modules)
		return;
	pv_cpu_init();
	pv_time_init();
	hypercall_trace_init();
	pv_machine_end_baseline();
	d = domain_create(0, MAX(1U, MIN(opt_dom0_max_vcpus, MAX_VCPUS)),
			  true);
	if (!d)
		panic("Could not create dom0");
	rc = pv_construct_domain(d, &bi->modules[0], initrd_after(bi, 1, true),
				 cmdline_skip_image_name(bi->modules[0].cmdline),
				 0, &regs);
	if (rc)
		panic("Could not set up DOM0 guest OS (rc = %d)", rc);
	pv_update_wallclock(d);
	start_domus(bi);
	low_mem_virq_setup();	/* Xen's VIRQ_ENOMEM threshold: after dom0 */
	domain_unpause(d);
	printk("Xenolith: starting dom0\n");
	pv_start_vcpu(d->vcpu[0], &regs);
}
