/*
 * The ioctl ABI of Linux's Xen device drivers that devtest uses.
 *
 * The distribution's UAPI headers for these drivers (<xen/privcmd.h> and
 * friends) include kernel-internal headers that are not installed, so the
 * few structures and request numbers needed here are written out from
 * their documented layout.  Each request number is _IOC(_IOC_NONE, type,
 * nr, size of its argument), as the drivers define them.
 */
#ifndef DEVTEST_XEN_IOCTL_H
#define DEVTEST_XEN_IOCTL_H

#include <stdint.h>
#include <sys/ioctl.h>

/* /dev/xen/privcmd */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/* /dev/xen/evtchn; each call returns the local port bound. */
struct ioctl_evtchn_bind_interdomain {
	uint32_t remote_domain, remote_port;
};
struct ioctl_evtchn_bind_unbound_port {
	uint32_t remote_domain;
};
struct ioctl_evtchn_unbind {
	uint32_t port;
};
struct ioctl_evtchn_notify {
	uint32_t port;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND \
	_IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_unbind))
#define IOCTL_EVTCHN_NOTIFY \
	_IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))

/* /dev/xen/gntalloc: index is the mmap offset of the granted pages. */
struct ioctl_gntalloc_alloc_gref {
	uint16_t domid;		/* domain allowed to map the pages */
	uint16_t flags;
	uint32_t count;
	uint64_t index;		/* out */
	uint32_t gref_ids[1];	/* out, count entries */
};
#define GNTALLOC_FLAG_WRITABLE 1
struct ioctl_gntalloc_dealloc_gref {
	uint64_t index;
	uint32_t count;
};
#define IOCTL_GNTALLOC_ALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))
#define IOCTL_GNTALLOC_DEALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 6, sizeof(struct ioctl_gntalloc_dealloc_gref))

/* /dev/xen/gntdev: index is the mmap offset of the mapped grants. */
struct ioctl_gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};
struct ioctl_gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index;		/* out */
	struct ioctl_gntdev_grant_ref refs[1];
};
struct ioctl_gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};
#define IOCTL_GNTDEV_MAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))

#endif
