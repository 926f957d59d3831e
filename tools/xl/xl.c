/*
 * xl: Xenolith's first toolstack commands, run in a Linux dom0.
 *
 *   xl list [domid]        one line per domain, in xl's format
 *   xl pause domid         XEN_DOMCTL_pausedomain
 *   xl unpause domid       XEN_DOMCTL_unpausedomain
 *   xl destroy domid       XEN_DOMCTL_destroydomain
 *   xl shutdown domid      SCHEDOP_remote_shutdown, reason poweroff
 *
 * Every hypercall goes through /dev/xen/privcmd's IOCTL_PRIVCMD_HYPERCALL:
 * the kernel issues it from its hypercall page with our arguments, so a
 * pointer argument is one of our own addresses, read and written by the
 * hypervisor through dom0's page tables.  Our buffers are static and
 * locked in memory (mlockall), so they are present when it looks - as
 * libxc's hypercall buffers are.  The structures are Xen 4.17's public
 * ABI (include/public/), the same ones the hypervisor is built with;
 * against Xen 4.17 the same binary works unchanged.
 *
 * Domains are named by number only: names live in XenStore, which this
 * first version does not read ("Domain-0" for dom0 as xl prints it,
 * "(null)" for a dying domain, as xl does, and "domain-N" otherwise).
 * Exit status 0 on success, 1 with a message on stderr otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/sched.h>

/* Linux's privcmd ioctl (include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

#define MAX_LIST 64

static int privcmd = -1;
static struct xen_domctl domctl;
static struct xen_sysctl sysctl;
static struct xen_domctl_getdomaininfo infos[MAX_LIST];
static struct sched_remote_shutdown remote_shutdown;

/* The hypercall's result; -1 with errno set when it fails. */
static long hypercall(unsigned long op, void *arg1, unsigned long arg2)
{
	struct privcmd_hypercall h = {
		.op = op, .arg = { (unsigned long)arg1, arg2 },
	};

	return ioctl(privcmd, IOCTL_PRIVCMD_HYPERCALL, &h);
}

static long do_domctl(uint32_t cmd, domid_t domid)
{
	domctl.cmd = cmd;
	domctl.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	domctl.domain = domid;
	return hypercall(__HYPERVISOR_domctl, &domctl, 0);
}

static long do_sysctl(uint32_t cmd)
{
	sysctl.cmd = cmd;
	sysctl.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall(__HYPERVISOR_sysctl, &sysctl, 0);
}

static int fail(const char *what, long domid)
{
	if (domid >= 0)
		fprintf(stderr, "xl: %s of domain %ld failed: %s\n", what, domid,
			strerror(errno));
	else
		fprintf(stderr, "xl: %s failed: %s\n", what, strerror(errno));
	return 1;
}

/* xl's state column: running, blocked, paused, shutdown, crashed, dying. */
static void state_string(uint32_t flags, char s[7])
{
	unsigned int code = flags >> XEN_DOMINF_shutdownshift &
			    XEN_DOMINF_shutdownmask;
	bool shut = flags & XEN_DOMINF_shutdown;

	strcpy(s, "------");
	if (flags & XEN_DOMINF_running)
		s[0] = 'r';
	if (flags & XEN_DOMINF_blocked)
		s[1] = 'b';
	if (flags & XEN_DOMINF_paused)
		s[2] = 'p';
	if (shut && code != SHUTDOWN_crash)
		s[3] = 's';
	if (shut && code == SHUTDOWN_crash)
		s[4] = 'c';
	if (flags & XEN_DOMINF_dying)
		s[5] = 'd';
}

static void print_domain(const struct xen_domctl_getdomaininfo *i)
{
	char name[32], state[7];

	if (i->flags & XEN_DOMINF_dying)
		strcpy(name, "(null)");
	else if (i->domain == 0)
		strcpy(name, "Domain-0");
	else
		snprintf(name, sizeof(name), "domain-%u", i->domain);
	state_string(i->flags, state);
	printf("%-40s %5u %5lu %5u     %s %8.1f\n", name, i->domain,
	       (unsigned long)(i->tot_pages >> 8), i->nr_online_vcpus, state,
	       i->cpu_time / 1e9);
}

/* Every domain (sysctl getdomaininfolist), or just one (domctl). */
static int cmd_list(long only)
{
	unsigned int n = 0;

	if (only >= 0) {
		if (do_domctl(XEN_DOMCTL_getdomaininfo, only) < 0)
			return fail("getdomaininfo", only);
		if (domctl.domain != only) {
			fprintf(stderr, "xl: domain %ld does not exist\n", only);
			return 1;
		}
		infos[0] = domctl.u.getdomaininfo;
		n = 1;
	} else {
		sysctl.u.getdomaininfolist.first_domain = 0;
		sysctl.u.getdomaininfolist.max_domains = MAX_LIST;
		sysctl.u.getdomaininfolist.buffer = infos;
		if (do_sysctl(XEN_SYSCTL_getdomaininfolist) < 0)
			return fail("getdomaininfolist", -1);
		n = sysctl.u.getdomaininfolist.num_domains;
	}
	printf("%-40s %5s %5s %5s %10s %8s\n", "Name", "ID", "Mem", "VCPUs",
	       "State", "Time(s)");
	for (unsigned int k = 0; k < n; k++)
		print_domain(&infos[k]);
	return 0;
}

static int cmd_domctl(const char *what, uint32_t cmd, long domid)
{
	if (do_domctl(cmd, domid) < 0)
		return fail(what, domid);
	return 0;
}

static int cmd_shutdown(long domid)
{
	remote_shutdown.domain_id = domid;
	remote_shutdown.reason = SHUTDOWN_poweroff;
	if (hypercall(__HYPERVISOR_sched_op, (void *)SCHEDOP_remote_shutdown,
		      (unsigned long)&remote_shutdown) < 0)
		return fail("shutdown", domid);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: xl list [domid]\n"
			"       xl pause|unpause|destroy|shutdown domid\n");
	return 1;
}

/* A domain ID: a decimal number below DOMID_FIRST_RESERVED, else -1. */
static long parse_domid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v >= DOMID_FIRST_RESERVED)
		return -1;
	return v;
}

static int run(int argc, char **argv)
{
	long domid = argc > 2 ? parse_domid(argv[2]) : -1;
	const char *c = argv[1];

	if (argc > 3 || (argc == 3 && domid < 0))
		return usage();
	if (!strcmp(c, "list"))
		return cmd_list(domid);
	if (domid < 0)
		return usage();
	if (!strcmp(c, "pause"))
		return cmd_domctl("pause", XEN_DOMCTL_pausedomain, domid);
	if (!strcmp(c, "unpause"))
		return cmd_domctl("unpause", XEN_DOMCTL_unpausedomain, domid);
	if (!strcmp(c, "destroy"))
		return cmd_domctl("destroy", XEN_DOMCTL_destroydomain, domid);
	if (!strcmp(c, "shutdown"))
		return cmd_shutdown(domid);
	return usage();
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (privcmd < 0) {
		fprintf(stderr, "xl: /dev/xen/privcmd: %s\n", strerror(errno));
		return 1;
	}
	/* The hypervisor reads and writes our buffers: keep them present. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "xl: mlockall: %s (continuing)\n",
			strerror(errno));
	return run(argc, argv);
}
