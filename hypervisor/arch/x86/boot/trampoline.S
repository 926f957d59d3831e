/*
 * The AP trampoline.  A started CPU (INIT, SIPI, SIPI) begins in real mode
 * at TRAMPOLINE_PHYS (the SIPI vector is its page number), so this code
 * is copied there by smpboot.c and runs at that fixed physical address:
 * every absolute address below is TRAMP(label).
 *
 * It walks the same road as head.S: protected mode, PAE, long mode with
 * ap_boot_cr3 (a page table the BSP built with an identity map of the low
 * 2 MiB plus the hypervisor's slots), then a far jump to ap_start64 in the
 * image, which switches to idle_l4 and the stack the BSP chose.
 */
#include <asm/config.h>

#define TRAMP(x)	((x) - trampoline_start + TRAMPOLINE_PHYS)

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start, trampoline_end
	.globl ap_boot_cr3, ap_boot_efer, ap_boot_target

	.code16
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	tramp_gdtr - trampoline_start
	mov	%cr0, %eax
	or	$1, %eax			/* PE */
	mov	%eax, %cr0
	ljmpl	$0x08, $TRAMP(tramp32)

	.code32
tramp32:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%cr4, %eax
	or	$0xa0, %eax			/* PAE, PGE */
	mov	%eax, %cr4
	mov	TRAMP(ap_boot_cr3), %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx		/* EFER: as the BSP has it */
	mov	TRAMP(ap_boot_efer), %eax
	xor	%edx, %edx
	wrmsr
	mov	%cr0, %eax
	or	$0x80010000, %eax		/* PG, WP */
	mov	%eax, %cr0
	ljmp	$0x18, $TRAMP(tramp64)

	.code64
tramp64:
	mov	TRAMP(ap_boot_target), %rax
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9b000000ffff		/* 0x08: 32-bit code */
	.quad 0x00cf93000000ffff		/* 0x10: data */
	.quad 0x00af9b000000ffff		/* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdtr:
	.word tramp_gdt_end - tramp_gdt - 1
	.long TRAMP(tramp_gdt)
	.balign 8
ap_boot_cr3:
	.quad 0
ap_boot_efer:
	.quad 0
ap_boot_target:
	.quad 0
trampoline_end:

	/* In the image, at its link address: finish the switch. */
	.text
	.globl ap_start64
ap_start64:
	lea	idle_l4(%rip), %rax
	movabs	$XEN_VIRT_START, %rdx
	sub	%rdx, %rax
	mov	%rax, %cr3
	mov	ap_boot_stack(%rip), %rsp
	xor	%ebp, %ebp
	call	start_secondary
	ud2
