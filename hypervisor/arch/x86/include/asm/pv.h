/*
 * The 64-bit PV execution model: entry points between the guest and the
 * hypervisor (entry/pv_entry.S, pv/) and the helpers they share.
 *
 * Vocabulary, from Xen: a "bounce" delivers an exception or callback to
 * the guest kernel by writing an exception-like frame on the guest
 * kernel stack and resuming at the guest's handler; "toggling" switches
 * a vCPU between guest kernel and guest user mode (page-table root and
 * %gs base).  Both act on the trap frame at the top of the hypervisor
 * stack, which IRETQ turns back into guest state.
 */
#ifndef ASM_PV_H
#define ASM_PV_H

#define PV_FLAT_CS64	0xe033	/* FLAT_RING3_CS64 */
#define PV_FLAT_CS32	0xe023	/* FLAT_RING3_CS32 */
#define PV_FLAT_SS	0xe02b	/* FLAT_RING3_SS64 / DS32 */
/* entry_vector of a frame built by the SYSCALL entry (not an IDT vector). */
#define PV_ENTRY_SYSCALL 0x100
/* Each CPU's SYSCALL entry stub (entry/pv_entry.S) fits in this. */
#define PV_SYSCALL_STUB_SIZE 64

#ifndef __ASSEMBLY__
#include <xenolith/types.h>
#include <xenolith/vcpu.h>
#include <asm/traps.h>

struct domain;
struct boot_module;

/* entry/pv_entry.S */
extern const char pv_syscall_stubs[];	/* CPU c's at c * STUB_SIZE */
void pv_return_to_guest(struct cpu_user_regs *regs) __attribute__((noreturn));
extern unsigned long pv_syscall_stack[];	/* per CPU */
extern const char pv_iretq[];
void pv_switch_stack(unsigned long *save_rsp, unsigned long new_rsp);

/* The guest frame of the running vCPU (top of this CPU's stack). */
struct cpu_user_regs *guest_regs(void);

/* context.c: first entry, mode toggle, per-CPU MSRs. */
void pv_cpu_init(void);
void pv_start_vcpu(struct vcpu *v, struct cpu_user_regs *regs)
	__attribute__((noreturn));
void pv_toggle_guest_mode(struct vcpu *v);
bool pv_guest_addr_ok(uint64_t va);	/* canonical, outside 256-271 */

/* syscall.c: SYSCALL from the guest (C side of pv_syscall_entry). */
void pv_syscall(struct cpu_user_regs *regs);

/* traps.c: exceptions from ring 3 and bounce frames. */
void pv_trap(struct cpu_user_regs *regs);
/* Deliver vector to the guest's trap table entry; false: crashed. */
bool pv_inject_trap(struct vcpu *v, struct cpu_user_regs *regs,
		    unsigned int vector, bool has_ec, uint32_t ec);
/* Bounce to a callback address with the plain frame. */
bool pv_bounce_callback(struct vcpu *v, struct cpu_user_regs *regs,
			const struct pv_callback *cb);
/* Softirqs, then a pending event, before resuming the guest. */
void pv_exit_to_guest(struct vcpu *v, struct cpu_user_regs *regs);
void pv_irq_exit(struct cpu_user_regs *regs);
/* switch.c: maybe run another vCPU first (returns when v runs again). */
/* switch.c: v's own hypervisor stack, ready for its first switch-in. */
int pv_vcpu_stack(struct vcpu *v);
/* switch.c: leave the boot stack for v's, entering the guest. */
void pv_run_first_vcpu(struct vcpu *v) __attribute__((noreturn));
/* traps.c: a data selector did not reload: the failsafe callback. */
void pv_bounce_failsafe(struct vcpu *v, struct cpu_user_regs *regs,
			const uint16_t sel[4]);
/* Deliver a pending, unmasked event upcall on the way back. */
void pv_check_events(struct vcpu *v, struct cpu_user_regs *regs);
/* A selector the CPU will accept for ring 3 as code (or stack). */
bool pv_selector_ok(uint64_t sel, bool code);

/* msr.c: 0, or -1 for #GP. */
int pv_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val);
int pv_write_msr(struct vcpu *v, uint32_t msr, uint64_t val);
/* msr_mce.c: 1 done, 0 not a machine-check MSR, -1 for #GP. */
int pv_mce_read_msr(struct vcpu *v, uint32_t msr, uint64_t *val);
int pv_mce_write_msr(struct vcpu *v, uint32_t msr, uint64_t val);
/* context.c: SEGBASE_GS_USER_SEL. */
long pv_load_user_gs_sel(struct vcpu *v, uint16_t sel);

/* emul_invop.c, emul_priv.c: instructions a PV kernel may not execute. */
bool pv_emulate_invalid_op(struct vcpu *v, struct cpu_user_regs *regs);
bool pv_emulate_privileged_op(struct vcpu *v, struct cpu_user_regs *regs);
void pv_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf,
	      uint32_t res[4]);

/* m2p.c: the machine-to-phys table, read-only in every guest. */
void m2p_init(void);
void m2p_set(mfn_t mfn, unsigned long pfn);
unsigned long m2p_get(mfn_t mfn);
/* The L4 entries (slots 256-271) every guest L4 must carry. */
void pv_init_xen_l4_slots(uint64_t *l4);

/*
 * Provided by the MMU code (arch/x86/mm, asm/mm.h); weak defaults here
 * so the PV core links without it.  pv_mm_page_fault: true if a #PF was
 * the guest's write to its own page table (emulated) or a first LDT
 * touch (mapped).  pv_load_descriptor_tables: make the hardware use v's
 * GDT/LDT.
 */
bool pv_mm_page_fault(struct vcpu *v, struct cpu_user_regs *regs,
		      unsigned long cr2, uint32_t ec);
void pv_load_descriptor_tables(struct vcpu *v);

/*
 * machine_end.c: note the free domheap before dom0 is built; when dom0
 * ends the machine, kill every domain and check that the heap got every
 * frame back (prints the stable lines tests/guest/suite checks).
 */
void pv_machine_end_baseline(void);
void pv_machine_end_check(void);

/* time.c: vcpu_time_info and the wallclock in shared_info. */
void pv_time_init(void);
void pv_update_wallclock(struct domain *d);
/* Dom0's XENPF_settime: secs.nsecs was true at system time system_time. */
void pv_set_wallclock(uint64_t secs, uint32_t nsecs, uint64_t system_time);
void pv_update_vcpu_time(struct vcpu *v);

/* hypercall_page.c */
void pv_write_hypercall_page(void *page);

/* build.c: the domain builder (nr_pages 0: dom0's dom0_mem=). */
int pv_construct_domain(struct domain *d, const struct boot_module *kernel,
			const struct boot_module *initrd, const char *cmdline,
			unsigned long nr_pages, struct cpu_user_regs *regs);

#endif
#endif
