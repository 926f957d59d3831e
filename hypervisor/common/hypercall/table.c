/*
 * The hypercall table: every number Xen 4.17 defines, by name.
 *
 * An entry without a handler answers -ENOSYS through
 * do_ni_hypercall(), which logs (rate limited) which number the guest
 * tried, so "not implemented" is loud and listed (house style 17).  The
 * state and note columns are documentation: scripts/gen-coverage.sh
 * turns this table into docs/abi/coverage.md, and a unit test checks
 * the two agree.
 *
 * Handlers of other subsystems that may not exist yet are weak
 * references (xenolith/hypercall.h): their slot is -ENOSYS until the
 * subsystem links in.
 */
#include <xenolith/lib.h>
#include <xenolith/hypercall.h>
#include <xenolith/hypercall_trace.h>

#define HC(nr, fn_, st, nt) \
	[__HYPERVISOR_##nr] = { .name = #nr, .fn = fn_, .state = st, \
				.note = nt }
#define NI(nr, nt) HC(nr, NULL, HC_ENOSYS, nt)

const struct hypercall_desc hypercall_table[NR_HYPERCALLS] = {
	HC(set_trap_table, do_set_trap_table, HC_FULL, ""),
	HC(mmu_update, do_mmu_update, HC_EXTERNAL, "arch/x86/mm (issue 4)"),
	HC(set_gdt, do_set_gdt, HC_EXTERNAL, "arch/x86/mm (issue 4)"),
	HC(stack_switch, do_stack_switch, HC_FULL, ""),
	HC(set_callbacks, do_set_callbacks, HC_FULL, ""),
	HC(fpu_taskswitch, do_fpu_taskswitch, HC_FULL, ""),
	NI(sched_op_compat, "pre-3.0.2 ABI, -ENOSYS as in Xen for PV64"),
	HC(platform_op, do_platform_op, HC_PARTIAL,
	   "dom0 only: settime32/64, firmware_info, get_cpuinfo, "
	   "get_cpu_version; the rest -ENOSYS"),
	HC(set_debugreg, do_set_debugreg, HC_FULL, ""),
	HC(get_debugreg, do_get_debugreg, HC_FULL, ""),
	HC(update_descriptor, do_update_descriptor, HC_EXTERNAL,
	   "arch/x86/mm (issue 4)"),
	HC(memory_op, do_memory_op, HC_PARTIAL,
	   "queries here: maximum_ram_page, current/maximum_reservation, "
	   "maximum_gpfn, machphys_mapping, machphys_mfn_list, "
	   "machine_memory_map (memory_map: -ENOSYS as Xen for PV dom0); "
	   "reservation changes: arch_memory_op (arch/x86/mm, issue 4)"),
	HC(multicall, do_multicall, HC_FULL, ""),
	HC(update_va_mapping, do_update_va_mapping, HC_EXTERNAL,
	   "arch/x86/mm (issue 4)"),
	HC(set_timer_op, do_set_timer_op, HC_EXTERNAL, "timers (weak)"),
	NI(event_channel_op_compat, "pre-3.0.2 ABI"),
	HC(xen_version, do_xen_version, HC_FULL, ""),
	HC(console_io, do_console_io, HC_FULL, ""),
	NI(physdev_op_compat, "pre-3.0.2 ABI"),
	HC(grant_table_op, do_grant_table_op, HC_EXTERNAL, "grant tables (weak)"),
	HC(vm_assist, do_vm_assist, HC_FULL, ""),
	HC(update_va_mapping_otherdomain, do_update_va_mapping_otherdomain,
	   HC_EXTERNAL, "arch/x86/mm (issue 4)"),
	HC(iret, do_iret, HC_FULL, ""),
	HC(vcpu_op, do_vcpu_op, HC_PARTIAL,
	   "initialise, up, down, is_up, register_vcpu_info; timers and "
	   "runstate in common/cpu/vtimer.c; send_nmi, get_physid, "
	   "register_vcpu_time_memory_area -ENOSYS"),
	HC(set_segment_base, do_set_segment_base, HC_FULL, ""),
	HC(mmuext_op, do_mmuext_op, HC_EXTERNAL, "arch/x86/mm (issue 4)"),
	NI(xsm_op, "no XSM: -ENOSYS as Xen without XSM"),
	NI(nmi_op, "removed in Xen 4.x for PV64"),
	HC(sched_op, do_sched_op, HC_PARTIAL,
	   "yield, block, shutdown, shutdown_code, remote_shutdown, poll; "
	   "watchdog, pin_override -ENOSYS"),
	HC(callback_op, do_callback_op, HC_FULL, ""),
	NI(xenoprof_op, "no profiling"),
	HC(event_channel_op, do_event_channel_op, HC_EXTERNAL,
	   "common/event (weak)"),
	HC(physdev_op, do_physdev_op, HC_PARTIAL,
	   "set_iopl, apic_read; map_pirq (GSIs), unmap_pirq, eoi, "
	   "irq_status_query, setup_gsi (arch/x86/traps/pirq.c); MSIs "
	   "-EOPNOTSUPP; pirq_eoi_gmfn and the rest -ENOSYS"),
	HC(hvm_op, do_hvm_op, HC_PARTIAL,
	   "get_param of a boot-time PV domU's store/console pfn and "
	   "evtchn, dom0 only (a divergence); the rest as Xen for PV"),
	HC(sysctl, do_sysctl, HC_PARTIAL,
	   "readconsole, physinfo, sched_id, getdomaininfolist, debug_keys "
	   "(common/domain/sysctl.c); getcpuinfo and the rest -ENOSYS"),
	HC(domctl, do_domctl, HC_PARTIAL,
	   "getdomaininfo, pausedomain, unpausedomain, destroydomain, max_mem, "
	   "getvcpuinfo, set/getvcpuaffinity, scheduler_op, setdomainhandle "
	   "(common/domain/domctl.c); createdomain, max_vcpus, vcpucontext, "
	   "hvmcontext and the rest -ENOSYS"),
	NI(kexec_op, "no kexec"),
	NI(tmem_op, "removed from Xen, always -ENOSYS"),
	NI(argo_op, "no Argo"),
	HC(xenpmu_op, do_xenpmu_op, HC_FULL,
	   "no vPMU: -EOPNOTSUPP, as Xen 4.17 without vpmu="),
	NI(dm_op, "no device model"),
	NI(hypfs_op, "no hypfs"),
	NI(arch_0, "mca: no machine-check virtualisation"),
	NI(arch_1, "unused in Xen 4.17"),
	NI(arch_2, "unused in Xen 4.17"),
	NI(arch_3, "unused in Xen 4.17"),
	NI(arch_4, "unused in Xen 4.17"),
	NI(arch_5, "unused in Xen 4.17"),
	NI(arch_6, "unused in Xen 4.17"),
	NI(arch_7, "unused in Xen 4.17"),
};

static long do_ni_hypercall(unsigned long nr)
{
	const char *name = nr < NR_HYPERCALLS && hypercall_table[nr].name ?
			   hypercall_table[nr].name : "unknown";

	return guest_err(-XEN_ENOSYS, "hypercall %lu (%s) not implemented",
			 nr, name);
}

long hypercall_dispatch(unsigned long nr, const unsigned long args[5],
			bool in_multicall)
{
	const struct hypercall_desc *h;

	if (opt_hypercall_trace)
		hypercall_trace(nr, args);
	if (nr >= NR_HYPERCALLS)
		return do_ni_hypercall(nr);
	if (in_multicall && (nr == __HYPERVISOR_multicall ||
			     nr == __HYPERVISOR_iret))
		return guest_err(-XEN_EINVAL, "multicall: op %lu not allowed "
				 "in a batch", nr);
	h = &hypercall_table[nr];
	if (!h->fn)
		return do_ni_hypercall(nr);
	return h->fn(args[0], args[1], args[2], args[3], args[4]);
}
