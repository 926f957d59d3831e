/*
 * Every xen_version sub-op, with sane-property checks.
 *
 * The strings differ between hypervisors, so the test asks what the ABI
 * promises: the right return value, NUL-terminated strings within their
 * fixed-size buffers, "xen-3.0-x86_64" among the capabilities, the
 * hypervisor hole's start, the feature bits a 64-bit PV dom0 kernel
 * relies on, and -EFAULT/-ENOSYS/-EINVAL where Xen gives them.
 */
#include "guest.h"
#include <public/version.h>
#include <public/features.h>

const char test_title[] = "xen_version: every sub-op";
const unsigned int test_needs = NEED_TRAPS;

static char buf[2048];

/* Call a string sub-op into buf (pre-filled with 0xff) and check it. */
static void check_string(int cmd, const char *name, size_t size)
{
	long rc;

	memset(buf, 0xff, sizeof(buf));
	rc = hc_xen_version(cmd, buf);
	CHECK(rc == 0, "%s: rc %ld", name, rc);
	CHECK(strnlen(buf, size) < size, "%s: not NUL-terminated", name);
	CHECK((unsigned char)buf[size] == 0xff, "%s: wrote past %zu bytes",
	      name, size);
	printk("%s: '%s'\n", name, rc == 0 ? buf : "?");
}

static void check_version(void)
{
	long v = hc_xen_version(XENVER_version, NULL);

	printk("version: %ld.%ld\n", v >> 16, v & 0xffff);
	CHECK(v >= 0x30000 && v < 0x1000000, "version %#lx", v);
}

static void check_compile_info(void)
{
	struct xen_compile_info ci;
	long rc;

	memset(&ci, 0xff, sizeof(ci));
	rc = hc_xen_version(XENVER_compile_info, &ci);
	CHECK_EQ(rc, 0);
	CHECK(strnlen(ci.compiler, 64) < 64, "compiler unterminated");
	CHECK(strnlen(ci.compile_by, 16) < 16, "compile_by unterminated");
	CHECK(strnlen(ci.compile_domain, 32) < 32, "domain unterminated");
	CHECK(strnlen(ci.compile_date, 32) < 32, "date unterminated");
}

static void check_capabilities(void)
{
	check_string(XENVER_capabilities, "capabilities",
		     XEN_CAPABILITIES_INFO_LEN);
	/* One of the space-separated words must be our guest type. */
	CHECK(strncmp(buf, "xen-3.0-x86_64", 14) == 0 &&
	      (buf[14] == ' ' || buf[14] == '\0'),
	      "capabilities do not start with xen-3.0-x86_64: '%s'", buf);
}

static void check_platform_parameters(void)
{
	struct xen_platform_parameters pp = { 0 };

	CHECK_EQ(hc_xen_version(XENVER_platform_parameters, &pp), 0);
	CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);
}

static void check_features(void)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	uint32_t need = (1u << XENFEAT_mmu_pt_update_preserve_ad) |
		(1u << XENFEAT_dom0);
	uint32_t never = (1u << XENFEAT_auto_translated_physmap) |
		(1u << XENFEAT_supervisor_mode_kernel) |
		(1u << XENFEAT_hvm_callback_vector);

	CHECK_EQ(hc_xen_version(XENVER_get_features, &fi), 0);
	printk("features[0]: %#x\n", fi.submap);
	CHECK((fi.submap & need) == need, "features %#x lack %#x", fi.submap,
	      need & ~fi.submap);
	CHECK(!(fi.submap & never), "features %#x claim HVM/auto-translate "
	      "bits %#x", fi.submap, fi.submap & never);
	/* Submaps past the last are refused, not zero-filled. */
	fi.submap_idx = XENFEAT_NR_SUBMAPS;
	fi.submap = 0x5a5a5a5a;
	CHECK_EQ(hc_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

static void check_guest_handle(void)
{
	xen_domain_handle_t h;

	memset(h, 0xff, sizeof(h));
	CHECK_EQ(hc_xen_version(XENVER_guest_handle, h), 0);
}

/*
 * build_id: len is the buffer size in; the id length comes back as the
 * return value.  A hypervisor built without one says -ENODATA.
 */
static void check_build_id(void)
{
	struct xen_build_id *id = (struct xen_build_id *)buf;
	long rc;

	id->len = 0;
	rc = hc_xen_version(XENVER_build_id, id);
	printk("build_id len 0: %ld\n", rc);
	CHECK(rc == -XEN_EINVAL || rc == -XEN_ENODATA, "len 0: %ld", rc);
	id->len = sizeof(buf) - sizeof(*id);
	rc = hc_xen_version(XENVER_build_id, id);
	printk("build_id: %ld\n", rc);
	CHECK(rc == -XEN_ENODATA || (rc > 0 && rc <= 64), "rc %ld", rc);
	if (rc > 1) {
		id->len = rc - 1;		/* one byte short */
		CHECK_EQ(hc_xen_version(XENVER_build_id, id), -XEN_ENOBUFS);
	}
}

static void check_errors(void)
{
	CHECK_EQ(hc_xen_version(11, buf), -XEN_ENOSYS);
	CHECK_EQ(hc_xen_version(0x7fffffff, buf), -XEN_ENOSYS);
	CHECK_EQ(hc_xen_version(XENVER_extraversion, NULL), -XEN_EFAULT);
	CHECK_EQ(hc_xen_version(XENVER_capabilities,
				(void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
	CHECK_EQ(hc_xen_version(XENVER_compile_info,
				(void *)0x8000000000000000ul), -XEN_EFAULT);
	CHECK_EQ(hc_xen_version(XENVER_platform_parameters, (void *)8),
		 -XEN_EFAULT);
	/* A buffer that runs off the end of our mapping. */
	CHECK_EQ(hc_xen_version(XENVER_commandline,
				(void *)(mapped_end() - 100)), -XEN_EFAULT);
	/* Still alive and answering. */
	CHECK(hc_xen_version(XENVER_version, NULL) > 0, "version after");
}

void test_main(void)
{
	check_version();
	check_string(XENVER_extraversion, "extraversion",
		     XEN_EXTRAVERSION_LEN);
	check_compile_info();
	check_capabilities();
	check_string(XENVER_changeset, "changeset", XEN_CHANGESET_INFO_LEN);
	check_platform_parameters();
	check_features();
	CHECK_EQ(hc_xen_version(XENVER_pagesize, NULL), PAGE_SIZE);
	check_guest_handle();
	check_string(XENVER_commandline, "commandline", 1024);
	CHECK(strstr(buf, "console="), "commandline lacks console=");
	check_build_id();
	check_errors();
}
