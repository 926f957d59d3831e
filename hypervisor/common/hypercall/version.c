/*
 * HYPERVISOR_xen_version: who is the hypervisor, and what does it offer.
 *
 * The version number is the ABI we implement, 4.17, because guests
 * (Linux's xenbus quirks, toolstacks) key behaviour on it; the strings
 * are Xenolith's own.  XENVER_get_features is the contract that matters
 * most: Linux panics without mmu_pt_update_preserve_ad and
 * gnttab_map_avail_bits.  The bits reported for a PV guest are the ones
 * Xen 4.17 reports (0x228e0 for a PV dom0 without the PAE note):
 * PV-specific MMU features, vNUMA-capable memory_op, direct-mapped
 * memory, dom0 for the hardware domain, and pae_pgdir_above_4gb when
 * the kernel's PAE_MODE note asked for extended CR3.
 *
 * Every sub-op is one small function of the shape "build the answer,
 * copy it out once"; unknown sub-ops are -ENOSYS.
 */
#include <xenolith/lib.h>
#include <xenolith/cmdline.h>
#include <xenolith/domain.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <public/version.h>
#include <public/features.h>

#define XENOLITH_ABI_MAJOR 4
#define XENOLITH_ABI_MINOR 17

#ifndef XENOLITH_VERSION
#define XENOLITH_VERSION "unknown"
#endif

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[1024];

	ASSERT(size <= sizeof(buf));
	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(arg, buf, size);
}

static long ver_version(unsigned long arg)
{
	return (XENOLITH_ABI_MAJOR << 16) | XENOLITH_ABI_MINOR;
}

static long ver_extraversion(unsigned long arg)
{
	return copy_string_out(arg, "-xenolith", sizeof(xen_extraversion_t));
}

static long ver_compile_info(unsigned long arg)
{
	struct xen_compile_info ci;

	memset(&ci, 0, sizeof(ci));
	strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
	strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
	strlcpy(ci.compile_domain, "", sizeof(ci.compile_domain));
	strlcpy(ci.compile_date, __DATE__ " " __TIME__,
		sizeof(ci.compile_date));
	return copy_to_guest(arg, &ci, sizeof(ci));
}

static long ver_capabilities(unsigned long arg)
{
	return copy_string_out(arg, "xen-3.0-x86_64",
			       sizeof(xen_capabilities_info_t));
}

static long ver_changeset(unsigned long arg)
{
	return copy_string_out(arg, "xenolith " XENOLITH_VERSION,
			       sizeof(xen_changeset_info_t));
}

static long ver_platform_parameters(unsigned long arg)
{
	struct xen_platform_parameters pp = {
		.virt_start = HYPERVISOR_VIRT_START,
	};

	return copy_to_guest(arg, &pp, sizeof(pp));
}

/* Submap 0 as Xen 4.17 computes it for a PV domain. */
uint32_t xen_features_submap0(const struct domain *d)
{
	uint32_t m = (1U << XENFEAT_memory_op_vnode_supported) |
		     (1U << XENFEAT_mmu_pt_update_preserve_ad) |
		     (1U << XENFEAT_highmem_assist) |
		     (1U << XENFEAT_gnttab_map_avail_bits) |
		     (1U << XENFEAT_direct_mapped);

	if (d->arch.pae_extended_cr3)
		m |= 1U << XENFEAT_pae_pgdir_above_4gb;
	if (d->is_privileged && d->domain_id == 0)
		m |= 1U << XENFEAT_dom0;
	return m;
}

static long ver_get_features(unsigned long arg)
{
	struct xen_feature_info fi;
	int rc = copy_from_guest(&fi, arg, sizeof(fi));

	if (rc)
		return rc;
	if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
		return -XEN_EINVAL;
	fi.submap = xen_features_submap0(current_domain());
	return copy_to_guest(arg, &fi, sizeof(fi));
}

static long ver_pagesize(unsigned long arg)
{
	return PAGE_SIZE;
}

static long ver_guest_handle(unsigned long arg)
{
	xen_domain_handle_t h;

	memset(h, 0, sizeof(h));	/* dom0 has the all-zero UUID */
	return copy_to_guest(arg, h, sizeof(h));
}

static long ver_commandline(unsigned long arg)
{
	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	return copy_string_out(arg, saved_cmdline, sizeof(xen_commandline_t));
}

/* Xenolith is linked without a build-id note: Xen's answer is -ENODATA. */
static long ver_build_id(unsigned long arg)
{
	if (!current_domain()->is_privileged)
		return -XEN_EPERM;
	return -XEN_ENODATA;
}

static long (*const xenver_ops[])(unsigned long arg) = {
	[XENVER_version] = ver_version,
	[XENVER_extraversion] = ver_extraversion,
	[XENVER_compile_info] = ver_compile_info,
	[XENVER_capabilities] = ver_capabilities,
	[XENVER_changeset] = ver_changeset,
	[XENVER_platform_parameters] = ver_platform_parameters,
	[XENVER_get_features] = ver_get_features,
	[XENVER_pagesize] = ver_pagesize,
	[XENVER_guest_handle] = ver_guest_handle,
	[XENVER_commandline] = ver_commandline,
	[XENVER_build_id] = ver_build_id,
};

long do_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5)
{
	if (cmd >= ARRAY_SIZE(xenver_ops) || !xenver_ops[cmd])
		return guest_err(-XEN_ENOSYS, "xen_version: sub-op %lu", cmd);
	return xenver_ops[cmd](arg);
}
