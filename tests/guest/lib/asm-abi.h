/*
 * LOCAL COPIES of four ABI constants for entry.S.
 *
 * include/public/xen.h and arch-x86/xen-x86_64.h include <stdint.h>
 * outside their __ASSEMBLY__ guards, so assembly files cannot include
 * them (reported to the lead).  Until that is fixed, entry.S uses these
 * copies; traps.c checks at compile time that they equal the public
 * headers' values, so they cannot drift.
 */
#ifndef GUEST_ASM_ABI_H
#define GUEST_ASM_ABI_H

#define ASM_HYPERVISOR_iret	23	/* __HYPERVISOR_iret */
#define ASM_FLAT_USER_CS	0xe033	/* FLAT_USER_CS */
#define ASM_FLAT_USER_SS	0xe02b	/* FLAT_USER_SS */
#define ASM_VGCF_in_syscall	0x100	/* VGCF_in_syscall */

#endif /* GUEST_ASM_ABI_H */
