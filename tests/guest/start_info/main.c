/*
 * start_info and shared_info as the dom0 builder leaves them.
 *
 * Checks the properties a PV kernel relies on, not Xen's exact numbers:
 * the magic, a privileged initial domain, a plausible memory size, the
 * initial page tables, boot stack and P2M inside the initial mapping,
 * the P2M and the read-only M2P agreeing with each other, the 512 KiB
 * of mapped slack after the boot stack, and a shared_info page with
 * masked events and a running clock.
 */
#include "guest.h"

const char test_title[] = "start_info: start_info and shared_info contents";

#define M2P ((const unsigned long *)MACH2PHYS_VIRT_START)
static unsigned long map_end;	/* end of the builder's initial mapping */

/* Read one byte, or report that it faulted. */
static bool probe_read(unsigned long va)
{
	unsigned long before = last_trap.count;
	unsigned char v;

	asm volatile("1: movb (%1), %0; 2:" EXTABLE("1b", "2b")
		     : "=q"(v) : "r"(va) : "memory");
	(void)v;
	return last_trap.count == before;
}

static bool in_image_map(unsigned long va)
{
	return va >= VIRT_BASE && va < map_end;
}

static void check_header(void)
{
	const start_info_t *si = start_info;

	printk("magic '%s' nr_pages %lu flags %#x shared_info %#lx\n",
	       si->magic, si->nr_pages, si->flags, si->shared_info);
	CHECK(strncmp(si->magic, "xen-3.0-x86_64", 14) == 0,
	      "magic '%s'", si->magic);
	CHECK(strnlen(si->magic, sizeof(si->magic)) < sizeof(si->magic),
	      "magic not NUL-terminated");
	CHECK((si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) ==
	      (SIF_PRIVILEGED | SIF_INITDOMAIN), "flags %#x", si->flags);
	CHECK(!(si->flags & SIF_MOD_START_PFN), "MOD_START_PFN without note");
	CHECK(si->nr_pages >= 1024 && si->nr_pages <= (1ul << 20),
	      "nr_pages %lu", si->nr_pages);
	CHECK(si->shared_info && !(si->shared_info & (PAGE_SIZE - 1)),
	      "shared_info %#lx", si->shared_info);
	CHECK_EQ(si->store_mfn, 0);
	CHECK_EQ(si->store_evtchn, 0);
	CHECK_EQ(si->mod_start, 0);
	CHECK_EQ(si->mod_len, 0);
	CHECK(strnlen((const char *)si->cmd_line, MAX_GUEST_CMDLINE) <
	      MAX_GUEST_CMDLINE, "cmd_line not NUL-terminated");
	/* Optional VGA info sits right after start_info when present. */
	CHECK(si->console.dom0.info_off == 0 ||
	      si->console.dom0.info_off >= sizeof(start_info_t),
	      "console info_off %u", si->console.dom0.info_off);
}

static void check_layout(void)
{
	const start_info_t *si = start_info;
	unsigned long si_va = (unsigned long)si, pt_end;

	map_end = mapped_end();
	printk("start_info %#lx pt_base %#lx nr_pt_frames %lu mfn_list %#lx "
	       "boot rsp %#lx mapped to %#lx\n", si_va, si->pt_base,
	       si->nr_pt_frames, si->mfn_list, boot_rsp, map_end);
	/* The initial mapping ends on a 4 MiB boundary. */
	CHECK(!(map_end & ((4ul << 20) - 1)), "mapping ends at %#lx", map_end);
	CHECK(!(si_va & (PAGE_SIZE - 1)) && si_va >= (unsigned long)_end &&
	      in_image_map(si_va), "start_info at %#lx", si_va);
	CHECK(!(si->pt_base & (PAGE_SIZE - 1)) && in_image_map(si->pt_base) &&
	      si->pt_base >= (unsigned long)_end, "pt_base %#lx", si->pt_base);
	/* At least one table per level: L4, L3, L2, L1. */
	CHECK(si->nr_pt_frames >= 4 && si->nr_pt_frames < 64,
	      "nr_pt_frames %lu", si->nr_pt_frames);
	CHECK(in_image_map(si->mfn_list) &&
	      si->mfn_list >= (unsigned long)_end &&
	      in_image_map(si->mfn_list + si->nr_pages * 8 - 1),
	      "mfn_list %#lx", si->mfn_list);
	pt_end = si->pt_base + si->nr_pt_frames * PAGE_SIZE;
	CHECK(!(boot_rsp & (PAGE_SIZE - 1)) && boot_rsp > pt_end &&
	      in_image_map(boot_rsp), "boot stack top %#lx", boot_rsp);
	/* The builder keeps >= 512 KiB mapped after the boot stack. */
	CHECK(map_end - boot_rsp >= 512 * 1024,
	      "only %#lx bytes mapped after the boot stack",
	      map_end - boot_rsp);
	CHECK(probe_read(map_end - 1), "last mapped byte unreadable");
	CHECK(!probe_read(map_end), "byte after the mapping readable");
	CHECK(!probe_read(0), "virtual 0 is mapped");
}

/* Our own page tables: the L4 maps our image and the M2P slot. */
static void check_page_tables(void)
{
	const uint64_t *l4 = (const uint64_t *)start_info->pt_base;

	CHECK(l4[511] & 1, "L4[511] (our image) not present: %#lx", l4[511]);
	CHECK(l4[256] & 1, "L4[256] (M2P) not present: %#lx", l4[256]);
	CHECK(!(l4[0] & 1), "L4[0] present: %#lx", l4[0]);
}

/* P2M and M2P agree for every page we own. */
static void check_p2m_m2p(void)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;
	unsigned long pfn, bad = 0;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++) {
		if (M2P[p2m[pfn]] != pfn && bad++ < 4)
			test_fail("p2m[%#lx] = %#lx but m2p[%#lx] = %#lx", pfn,
				  p2m[pfn], p2m[pfn], M2P[p2m[pfn]]);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(virt_to_mfn(start_info),
		 virt_to_mfn(start_info));	/* stable */
}

static void check_shared_info(void)
{
	const struct vcpu_info *vi = &shared->vcpu_info[0];
	const struct vcpu_time_info *t = &vi->time;
	unsigned int i;

	printk("vcpu0 mask %u pending %u time v%u sys %lu mul %u shift %d "
	       "wc v%u %u.%09u\n", vi->evtchn_upcall_mask,
	       vi->evtchn_upcall_pending, t->version,
	       (unsigned long)t->system_time, t->tsc_to_system_mul,
	       t->tsc_shift, shared->wc_version, shared->wc_sec,
	       shared->wc_nsec);
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		CHECK(shared->vcpu_info[i].evtchn_upcall_mask == 1,
		      "vcpu_info[%u] events not masked at boot", i);
	CHECK(!(t->version & 1), "time version %u odd", t->version);
	CHECK(t->system_time > 0, "system_time 0");
	CHECK(t->tsc_to_system_mul != 0, "tsc_to_system_mul 0");
	CHECK(t->tsc_shift >= -32 && t->tsc_shift <= 32, "tsc_shift %d",
	      t->tsc_shift);
	CHECK(!(shared->wc_version & 1), "wc_version %u odd",
	      shared->wc_version);
	CHECK(shared->wc_nsec < 1000000000u, "wc_nsec %u", shared->wc_nsec);
	/* Wall clock from QEMU's RTC: after 2020-01-01. */
	CHECK(shared->wc_sec > 1577836800u, "wc_sec %u", shared->wc_sec);
}

void test_main(void)
{
	check_header();
	check_layout();
	check_page_tables();
	check_p2m_m2p();
	check_shared_info();
}
