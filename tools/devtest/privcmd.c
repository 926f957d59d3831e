/*
 * A hypercall issued from user space through /dev/xen/privcmd.
 *
 * IOCTL_PRIVCMD_HYPERCALL hands an op number and five arguments to the
 * kernel, which issues the hypercall through its hypercall page with
 * user-space access allowed, so a buffer argument may be a user pointer.
 * xen_version is the simplest call with a known answer: XENVER_version
 * returns (major << 16) | minor, which must agree with what the kernel put
 * in /sys/hypervisor/version, and XENVER_extraversion fills a user buffer,
 * which proves the pointer path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "xen_ioctl.h"

#include "devtest.h"

/* Hypercall and sub-op numbers from Xen's public xen.h and version.h. */
#define HYPERVISOR_XEN_VERSION	17
#define XENVER_VERSION		0
#define XENVER_EXTRAVERSION	1
#define XEN_EXTRAVERSION_LEN	16

static long read_sys_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static long xen_version(int fd, unsigned long cmd, void *arg)
{
	struct privcmd_hypercall call = {
		.op = HYPERVISOR_XEN_VERSION,
		.arg = { cmd, (unsigned long)arg },
	};

	return ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
}

static int check_version(int fd)
{
	long v = xen_version(fd, XENVER_VERSION, NULL);
	long major = read_sys_number("/sys/hypervisor/version/major");
	long minor = read_sys_number("/sys/hypervisor/version/minor");
	char extra[XEN_EXTRAVERSION_LEN + 1] = "";

	if (v < 0)
		return fail_errno("privcmd", "xen_version(XENVER_version)");
	if (xen_version(fd, XENVER_EXTRAVERSION, extra) < 0)
		return fail_errno("privcmd", "xen_version(XENVER_extraversion)");
	printf("devtest privcmd: hypercall says Xen %ld.%ld%s, sysfs %ld.%ld\n",
	       v >> 16, v & 0xffff, extra, major, minor);
	if ((v >> 16) != major || (v & 0xffff) != minor)
		return fail_msg("privcmd", "hypercall and sysfs disagree");
	return 0;
}

int test_privcmd(int argc, char **argv)
{
	int fd, rc;

	(void)argc;
	(void)argv;
	fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("privcmd", "open /dev/xen/privcmd");
	rc = check_version(fd);
	close(fd);
	return rc;
}
