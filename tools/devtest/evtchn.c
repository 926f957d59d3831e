/*
 * A loopback event channel through /dev/xen/evtchn.
 *
 * Dom0 allocates an unbound port that its own domain may bind, binds the
 * other end to it as an interdomain channel with itself as the remote
 * domain, and notifies one end: the event must arrive on the other end and
 * be readable from the device (a read returns the pending port numbers;
 * writing a port back unmasks it).  This crosses Xen's event channel code
 * (alloc_unbound, bind_interdomain, send, close) and the kernel's upcall
 * path without needing a second domain.
 *
 * Binding the interdomain end marks it pending at once (Xen does so in case
 * the other side notified before the bind), so that first event is drained
 * before the real notifications.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "xen_ioctl.h"

#include "devtest.h"

#define DOM0		0
#define WAIT_MS		5000
#define DRAIN_MS	200

static int bind_pair(int fd, int *a, int *b)
{
	struct ioctl_evtchn_bind_unbound_port unbound = {
		.remote_domain = DOM0,
	};
	struct ioctl_evtchn_bind_interdomain inter = {
		.remote_domain = DOM0,
	};

	*a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (*a < 0)
		return fail_errno("evtchn", "bind unbound port");
	inter.remote_port = *a;
	*b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
	if (*b < 0)
		return fail_errno("evtchn", "bind interdomain to self");
	return 0;
}

/*
 * Wait up to ms for one pending port, return it (-1 if none came) and
 * unmask it again.
 */
static long wait_port(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t port;

	if (poll(&p, 1, ms) != 1)
		return -1;
	if (read(fd, &port, sizeof(port)) != sizeof(port)) {
		fail_errno("evtchn", "read pending port");
		return -1;
	}
	if (write(fd, &port, sizeof(port)) != sizeof(port))
		fail_errno("evtchn", "unmask");
	return port;
}

static int notify_and_check(int fd, int from, int to)
{
	struct ioctl_evtchn_notify n = { .port = from };
	long got;

	if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &n) < 0)
		return fail_errno("evtchn", "notify");
	got = wait_port(fd, WAIT_MS);
	if (got < 0)
		return fail_msg("evtchn", "no event within 5 s");
	printf("devtest evtchn: notified port %d, event on port %ld\n",
	       from, got);
	if (got != to)
		return fail_msg("evtchn", "event arrived on the wrong port");
	return 0;
}

static void unbind(int fd, int port)
{
	struct ioctl_evtchn_unbind u = { .port = port };

	if (port >= 0 && ioctl(fd, IOCTL_EVTCHN_UNBIND, &u) < 0)
		fail_errno("evtchn", "unbind");
}

int test_evtchn(int argc, char **argv)
{
	int fd, a = -1, b = -1, rc;

	(void)argc;
	(void)argv;
	fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("evtchn", "open /dev/xen/evtchn");
	rc = bind_pair(fd, &a, &b);
	while (!rc && wait_port(fd, DRAIN_MS) >= 0)
		;
	if (!rc)	/* both directions: each end must reach the other */
		rc = notify_and_check(fd, b, a) || notify_and_check(fd, a, b);
	unbind(fd, b);
	unbind(fd, a);
	close(fd);
	return rc;
}
