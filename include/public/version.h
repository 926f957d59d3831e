/*
 * HYPERVISOR_xen_version(int cmd, void *arg): what the hypervisor is and
 * what it offers.  Any domain may call it; only XENVER_version has no
 * argument.  Each sub-op fills in the buffer 'arg' points to and returns
 * 0, except XENVER_version and XENVER_pagesize, which return their answer
 * directly.  Errors: -EFAULT (bad buffer), -EINVAL (build_id: buffer too
 * small, or -ENODATA when there is no build id), -ENOSYS (unknown cmd),
 * -EPERM (commandline, build_id for an unprivileged guest).
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

/* arg NULL; returns (major << 16) | minor, e.g. 0x00040011 for 4.17. */
#define XENVER_version 0

/* OUT: the extra version string, e.g. ".0", NUL padded. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* OUT: how and where the hypervisor was built. */
#define XENVER_compile_info 2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* OUT: guest types offered, space separated, e.g. "xen-3.0-x86_64". */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* OUT: the source revision the hypervisor was built from. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* OUT: lowest hypervisor virtual address (HYPERVISOR_VIRT_START). */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * IN submap_idx: which 32-bit word of the XENFEAT_* bitmap;
 * OUT submap: the word.  -EINVAL for submap_idx >= XENFEAT_NR_SUBMAPS.
 */
#define XENVER_get_features 6
struct xen_feature_info {
	uint32_t submap_idx;	/* IN */
	uint32_t submap;	/* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;

/* arg NULL; returns the page size (4096). */
#define XENVER_pagesize 7

/* OUT: the domain's xen_domain_handle_t (its UUID). */
#define XENVER_guest_handle 8

/* OUT: the hypervisor's command line (privileged). */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * IN len: size of buf; OUT buf: the build id.  Returns its length.
 */
#define XENVER_build_id 10
struct xen_build_id {
	uint32_t len;				/* IN */
	unsigned char buf[XEN_FLEX_ARRAY_DIM];	/* OUT */
};
typedef struct xen_build_id xen_build_id_t;

ABI_SIZE(struct xen_compile_info, 144);
ABI_SIZE(struct xen_platform_parameters, 8);
ABI_SIZE(struct xen_feature_info, 8);

#endif /* XEN_PUBLIC_VERSION_H */
