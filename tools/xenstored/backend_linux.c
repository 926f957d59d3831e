/*
 * The domain backend for a Linux dom0 (run as dom0's own daemon by the
 * system tier, initramfs/systest-xenstore).
 *
 * A guest's ring page is granted to dom0 under the reserved grant
 * reference GNTTAB_RESERVED_XENSTORE, so we map it through
 * /dev/xen/gntdev; its event channel is bound to one of ours through
 * /dev/xen/evtchn, whose file descriptor becomes readable when any bound
 * port fires.  Dom0's own kernel is a client too: its page comes from
 * mmap() of /dev/xen/xenbus_backend (or /proc/xen/xsd_kva) and its port
 * from the IOCTL_XENBUS_BACKEND_EVTCHN ioctl (or /proc/xen/xsd_port).
 *
 * The ioctl layouts come from Linux's uapi headers in /usr/include/xen;
 * they expect Xen's scalar typedefs to exist, so we provide them.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xenstored.h"

typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>

#define PAGE_SIZE 4096
#define GNTTAB_RESERVED_XENSTORE 1
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)

static int evtchn_fd = -1;	/* /dev/xen/evtchn */
static int gntdev_fd = -1;	/* /dev/xen/gntdev */

/* gntdev offsets of mapped pages, to unmap them (by domid). */
static uint64_t *map_index;

static void *map_dom0_page(void)
{
	int fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
	void *p;

	if (fd < 0)
		fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static void *lx_map(unsigned int domid, uint64_t mfn)
{
	struct ioctl_gntdev_map_grant_ref op = {
		.count = 1,
		.refs[0] = { .domid = domid, .ref = GNTTAB_RESERVED_XENSTORE },
	};
	void *p;

	(void)mfn;	/* foreign mapping by frame is not supported yet */
	if (domid == 0)
		return map_dom0_page();
	if (ioctl(gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op))
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 gntdev_fd, op.index);
	if (p == MAP_FAILED) {
		struct ioctl_gntdev_unmap_grant_ref un = { op.index, 1, 0 };

		ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
		return NULL;
	}
	map_index[domid] = op.index;
	return p;
}

static void lx_unmap(unsigned int domid, void *page)
{
	struct ioctl_gntdev_unmap_grant_ref un = { 0, 1, 0 };

	munmap(page, PAGE_SIZE);
	if (domid == 0)
		return;
	un.index = map_index[domid];
	ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &un);
}

static int lx_bind(unsigned int domid, unsigned int port)
{
	struct ioctl_evtchn_bind_interdomain op = { domid, port };

	return ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);
}

static void lx_unbind(int local_port)
{
	struct ioctl_evtchn_unbind op = { local_port };

	ioctl(evtchn_fd, IOCTL_EVTCHN_UNBIND, &op);
}

static void lx_notify(int local_port)
{
	struct ioctl_evtchn_notify op = { local_port };

	if (local_port >= 0)
		ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &op);
}

static int lx_pollfd(void)
{
	return evtchn_fd;
}

/* Consume fired ports and unmask them; domain_poll() serves the rings. */
static void lx_drain(void)
{
	uint32_t ports[64];
	ssize_t n = read(evtchn_fd, ports, sizeof(ports));

	if (n > 0 && write(evtchn_fd, ports, n) != n)
		perror("xenstored: evtchn unmask");
}

static const struct domain_backend linux_backend = {
	.map = lx_map,
	.unmap = lx_unmap,
	.bind = lx_bind,
	.unbind = lx_unbind,
	.notify = lx_notify,
	.pollfd = lx_pollfd,
	.drain = lx_drain,
};

/* Dom0's event channel for its own XenStore ring. */
static int dom0_port(void)
{
	int fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
	int port = -1;
	FILE *f;

	if (fd >= 0) {
		port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
		close(fd);
	}
	if (port >= 0)
		return port;
	f = fopen("/proc/xen/xsd_port", "r");
	if (f) {
		if (fscanf(f, "%d", &port) != 1)
			port = -1;
		fclose(f);
	}
	return port;
}

/*
 * Use the Linux devices if they exist; with init_dom0, also serve dom0's
 * kernel (Xen's -D turns that off).  Returns -ENODEV when the devices
 * are missing (a bare host: the null backend stays), another negative
 * errno when dom0's own ring could not be set up, or 0.
 */
int backend_linux_init(bool init_dom0)
{
	int port;

	evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	map_index = calloc(DOMID_COUNT, sizeof(*map_index));
	if (evtchn_fd < 0 || gntdev_fd < 0 || !map_index) {
		if (evtchn_fd >= 0)
			close(evtchn_fd);
		if (gntdev_fd >= 0)
			close(gntdev_fd);
		free(map_index);
		evtchn_fd = gntdev_fd = -1;
		map_index = NULL;
		return -ENODEV;
	}
	domain_backend = &linux_backend;
	if (!init_dom0)
		return 0;
	port = dom0_port();
	if (port < 0)
		return -ENOENT;
	return domain_introduce(0, 0, port);
}
