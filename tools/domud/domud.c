/*
 * domud: dom0's side of the boot-time domUs Xenolith builds itself.
 *
 * Xen's toolstack builds a PV guest, so it knows the guest's XenStore
 * and console pages and introduces the guest to xenstored and
 * xenconsoled.  A boot-time domU is built by the hypervisor instead
 * (arch/x86/pv/magic.c); dom0 asks it for the numbers with
 * HVMOP_get_param (STORE_PFN/STORE_EVTCHN/CONSOLE_PFN/CONSOLE_EVTCHN, a
 * Xenolith divergence: docs/abi/divergences.md) and reaches the pages
 * through the grant entries the builder reserved for dom0
 * (GNTTAB_RESERVED_CONSOLE and _XENSTORE), as xenconsoled and
 * xenstored 4.17 do.
 *
 *   domud introduce DOMID [NAME]   write the domain's standard nodes as
 *                                  libxl does, then XS_INTRODUCE it
 *   domud console DOMID            serve its console: guest output to
 *                                  stdout, each line prefixed "[dN] ",
 *                                  our stdin to the guest; runs until
 *                                  killed or stdin and the guest are gone
 *   domud param DOMID INDEX        print one HVM_PARAM (for tests)
 *
 * Hypercalls go through /dev/xen/privcmd, grants through
 * /dev/xen/gntdev, events through /dev/xen/evtchn (Linux's uapi).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xs.h"

typedef uint16_t domid_t;
typedef uint32_t grant_ref_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>
#include "public/io/console.h"

#define PAGE_SIZE 4096
#define HYPERVISOR_hvm_op 34
#define HVMOP_get_param 1
#define HVM_PARAM_STORE_PFN 1
#define HVM_PARAM_STORE_EVTCHN 2
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define GNTTAB_RESERVED_CONSOLE 0

/* Linux's uapi privcmd.h needs kernel headers; its hypercall ioctl: */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL                                                \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

struct hvm_param {		/* struct xen_hvm_param */
	uint16_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};

/* One HVM_PARAM of domid through privcmd; -errno on failure. */
static int hvm_param(unsigned int domid, unsigned int index, uint64_t *val)
{
	struct hvm_param p = { .domid = domid, .index = index };
	struct privcmd_hypercall call = {
		.op = HYPERVISOR_hvm_op,
		.arg = { HVMOP_get_param, (uintptr_t)&p },
	};
	int fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	if (rc < 0)
		rc = -errno;
	close(fd);
	*val = p.value;
	return rc;
}

static int need_param(unsigned int domid, unsigned int index, uint64_t *v)
{
	int rc = hvm_param(domid, index, v);

	if (rc < 0)
		fprintf(stderr, "domud: d%u HVM_PARAM %u: %s\n", domid, index,
			strerror(-rc));
	return rc;
}

/* ---- XenStore: the nodes libxl writes for a new PV domain ---- */

static bool write_node(struct xs_handle *h, xs_transaction_t t,
		       const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static bool write_node(struct xs_handle *h, xs_transaction_t t,
		       const char *dir, const char *name, const char *fmt, ...)
{
	char path[256], val[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return xs_write(h, t, path, val, strlen(val));
}

/* dir owned by owner; reader (if not owner) may read it. */
static bool node_perms(struct xs_handle *h, xs_transaction_t t,
		       const char *dir, unsigned int owner, unsigned int reader)
{
	struct xs_permissions p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};

	return xs_mkdir(h, t, dir) &&
	       xs_set_permissions(h, t, dir, p, owner == reader ? 1 : 2);
}

/* The nodes, in one transaction (retried while it conflicts). */
static bool write_domain(struct xs_handle *h, unsigned int domid,
			 const char *name, const uint64_t v[4])
{
	static const char *const own[] = { "device", "control", "data",
					   "drivers", "feature", "attr",
					   "error" };
	char dom[64], sub[96];
	xs_transaction_t t;
	bool ok;

	snprintf(dom, sizeof(dom), "/local/domain/%u", domid);
	do {
		t = xs_transaction_start(h);
		ok = t && node_perms(h, t, dom, 0, domid);
		for (unsigned int i = 0; ok && i < 7; i++) {
			snprintf(sub, sizeof(sub), "%s/%s", dom, own[i]);
			ok = node_perms(h, t, sub, domid, domid);
		}
		ok = ok && write_node(h, t, dom, "name", "%s", name) &&
		     write_node(h, t, dom, "domid", "%u", domid) &&
		     write_node(h, t, dom, "store/ring-ref", "%llu",
				(unsigned long long)v[0]) &&
		     write_node(h, t, dom, "store/port", "%llu",
				(unsigned long long)v[1]) &&
		     write_node(h, t, dom, "console/ring-ref", "%llu",
				(unsigned long long)v[2]) &&
		     write_node(h, t, dom, "console/port", "%llu",
				(unsigned long long)v[3]) &&
		     write_node(h, t, dom, "console/type", "xenconsoled") &&
		     write_node(h, t, dom, "console/output", "pty") &&
		     write_node(h, t, dom, "console/limit", "1048576") &&
		     write_node(h, t, dom, "cpu/0/availability", "online");
		if (!t)
			return false;
		if (!ok) {
			xs_transaction_end(h, t, true);
			return false;
		}
	} while (!xs_transaction_end(h, t, false) && errno == EAGAIN);
	return true;
}

static int introduce(unsigned int domid, const char *name)
{
	static const unsigned int idx[4] = {
		HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
		HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN };
	uint64_t v[4];
	struct xs_handle *h;
	char dflt[32];
	bool ok;

	for (unsigned int i = 0; i < 4; i++)
		if (need_param(domid, idx[i], &v[i]) < 0)
			return 1;
	if (!name) {
		snprintf(dflt, sizeof(dflt), "domU%u", domid);
		name = dflt;
	}
	h = xs_open(0);
	if (!h) {
		perror("domud: xs_open");
		return 1;
	}
	/* XS_INTRODUCE's frame: ours is the PFN (xenstored maps the grant). */
	ok = write_domain(h, domid, name, v) &&
	     xs_introduce_domain(h, domid, v[0], v[1]);
	if (!ok)
		perror("domud: introduce");
	xs_close(h);
	return ok ? 0 : 1;
}

/* ---- the console ---- */

struct console {
	unsigned int domid;
	volatile struct xencons_interface *ring;
	int evtchn_fd;
	int port;		/* our end */
	char line[256];		/* the output line being collected */
	size_t len;
	unsigned int idle;	/* drains in a row that found nothing */
};

static void *map_console(unsigned int domid)
{
	struct ioctl_gntdev_map_grant_ref op = {
		.count = 1,
		.refs[0] = { .domid = domid, .ref = GNTTAB_RESERVED_CONSOLE },
	};
	int fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	void *p;

	if (fd < 0 || ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op))
		return NULL;
	/* The mapping keeps the grant; fd may stay open for our lifetime. */
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 op.index);
	return p == MAP_FAILED ? NULL : p;
}

static int bind_console(struct console *c, unsigned int remote_port)
{
	struct ioctl_evtchn_bind_interdomain op = {
		.remote_domain = c->domid,
		.remote_port = remote_port,
	};

	c->evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (c->evtchn_fd < 0)
		return -1;
	c->port = ioctl(c->evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &op);
	return c->port;
}

static void notify(struct console *c)
{
	struct ioctl_evtchn_notify op = { .port = c->port };

	ioctl(c->evtchn_fd, IOCTL_EVTCHN_NOTIFY, &op);
}

/*
 * One line to stdout with our prefix, in one write: whole lines keep
 * the guest's output from splitting the lines of other writers to the
 * same console (dom0's test script).
 */
static void put_line(struct console *c)
{
	char buf[sizeof(c->line) + 16];
	int n = snprintf(buf, sizeof(buf), "[d%u] %.*s", c->domid,
			 (int)c->len, c->line);

	if (n > 0 && write(1, buf, n) < 0)
		exit(1);	/* nobody is listening any more */
	c->len = 0;
}

/* Guest output to stdout, whole lines; a partial line after ~1 s idle. */
static bool drain_output(struct console *c)
{
	volatile struct xencons_interface *r = c->ring;
	XENCONS_RING_IDX cons = r->out_cons, prod = r->out_prod;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* prod before data */
	if (prod - cons > sizeof(r->out))
		cons = prod - sizeof(r->out);	/* a guest lying about prod */
	c->idle = cons == prod ? c->idle + 1 : 0;
	if (c->idle >= 5 && c->len)
		put_line(c);	/* a prompt, or a line still coming */
	for (; cons != prod; cons++) {
		char ch = r->out[MASK_XENCONS_IDX(cons, r->out)];

		c->line[c->len++] = ch;
		if (ch == '\n' || c->len == sizeof(c->line))
			put_line(c);
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* read before cons */
	if (r->out_cons == prod)
		return false;
	r->out_cons = prod;
	return true;
}

/* Our stdin to the guest, as much as its input ring takes. */
static bool feed_input(struct console *c)
{
	volatile struct xencons_interface *r = c->ring;
	XENCONS_RING_IDX prod = r->in_prod;
	char buf[sizeof(r->in)];
	size_t room = sizeof(r->in) - (prod - r->in_cons);
	ssize_t n;

	if (!room)
		return true;
	n = read(0, buf, room > sizeof(buf) ? sizeof(buf) : room);
	if (n <= 0)
		return false;
	for (ssize_t i = 0; i < n; i++, prod++)
		r->in[MASK_XENCONS_IDX(prod, r->in)] = buf[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* data before prod */
	r->in_prod = prod;
	notify(c);
	return true;
}

static int console(unsigned int domid)
{
	struct console c = { .domid = domid };
	bool have_stdin = true;
	uint64_t port;

	if (need_param(domid, HVM_PARAM_CONSOLE_EVTCHN, &port) < 0)
		return 1;
	c.ring = map_console(domid);
	if (!c.ring || bind_console(&c, port) < 0) {
		fprintf(stderr, "domud: d%u console: %s\n", domid,
			strerror(errno));
		return 1;
	}
	for (;;) {
		struct pollfd p[2] = { { c.evtchn_fd, POLLIN, 0 },
				       { 0, POLLIN, 0 } };
		uint32_t fired;

		/* The timeout covers an event we could miss at start. */
		poll(p, have_stdin ? 2 : 1, 200);
		if ((p[0].revents & POLLIN) &&
		    read(c.evtchn_fd, &fired, sizeof(fired)) == sizeof(fired))
			(void)!write(c.evtchn_fd, &fired, sizeof(fired));
		if (drain_output(&c))
			notify(&c);
		if (have_stdin && (p[1].revents & (POLLIN | POLLHUP)))
			have_stdin = feed_input(&c);
	}
}

/* A domain ID; 0 (dom0) only where allow0 (domud param). */
static unsigned int parse_domid(const char *s, bool allow0)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*end || (!v && !allow0) || v >= 0x7ff0) {
		fprintf(stderr, "domud: bad domain id '%s'\n", s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	uint64_t v;

	if (argc >= 3 && !strcmp(argv[1], "introduce"))
		return introduce(parse_domid(argv[2], false),
				 argc > 3 ? argv[3] : NULL);
	if (argc == 3 && !strcmp(argv[1], "console"))
		return console(parse_domid(argv[2], false));
	if (argc == 4 && !strcmp(argv[1], "param")) {
		int rc = hvm_param(parse_domid(argv[2], true),
				   strtoul(argv[3], NULL, 0), &v);

		if (rc < 0) {
			printf("error %d\n", rc);
			return 1;
		}
		printf("%llu\n", (unsigned long long)v);
		return 0;
	}
	fprintf(stderr, "usage: domud introduce DOMID [NAME] | "
			"console DOMID | param DOMID INDEX\n");
	return 2;
}
