/*
 * The first instructions Xenolith runs.  A multiboot loader (QEMU -kernel,
 * GRUB) enters start_phys in 32-bit protected mode with paging off, EAX
 * holding the loader's magic and EBX the physical address of its info
 * block.  We switch to long mode with a static set of page tables that map
 * the first GiB twice: at 0 (so the instruction after "enable paging" still
 * exists) and at XEN_VIRT_START (where the image is linked).  Then we jump
 * to the high mapping and call C; the C side removes the identity map.
 *
 * Every address used before paging is a link address minus XEN_VIRT_START.
 */
#include <asm/config.h>

#define PHYS(sym)	((sym) - XEN_VIRT_START)

#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	0x00000003	/* page-aligned modules, memory map */
#define MB2_MAGIC	0xe85250d6

	.section .text.head, "ax"
	.code32

	/* Multiboot v1 header: must sit in the first 8 KiB of the file. */
	.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)

	/* Multiboot2 header (GRUB): an entry-address tag gives the 32-bit
	 * entry, since the 64-bit image's ELF entry means nothing to it. */
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	.balign 8
	.word 3, 0			/* entry address tag */
	.long 12
	.long PHYS(start_phys)
	.long 0				/* pad to 8 */
	.balign 8
	.word 0, 0			/* end tag */
	.long 8
mb2_header_end:

	.globl start_phys
start_phys:
	cli
	cld
	mov	%eax, %esi		/* loader magic */
	mov	%ebx, %edi		/* info block */
	mov	$PHYS(boot_stack_top), %esp

	/* Long mode needs PAE paging first. */
	mov	%cr4, %eax
	or	$0x20, %eax		/* CR4.PAE */
	mov	%eax, %cr4
	mov	$PHYS(idle_l4), %eax
	mov	%eax, %cr3

	mov	$0xc0000080, %ecx	/* EFER */
	rdmsr
	or	$0x100, %eax		/* LME */
	wrmsr

	mov	%cr0, %eax
	or	$0x80010001, %eax	/* PG, WP, PE */
	mov	%eax, %cr0

	lgdt	PHYS(boot_gdtr)
	ljmp	$0x08, $PHYS(start64_low)

	.code64
start64_low:
	/* Still running at the identity address; go high. */
	movabs	$start64_high, %rax
	jmp	*%rax

start64_high:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	lgdt	boot_gdtr_high(%rip)
	lea	boot_stack_top - 64(%rip), %rsp	/* below struct cpu_info */
	xor	%ebp, %ebp		/* terminates stack traces */
	xchg	%esi, %edi		/* (magic, info block) */
	call	__start_xenolith
	ud2

	/* A boot GDT: only flat 64-bit code and data, until gdt.c loads the
	 * per-CPU GDT with Xen's selectors. */
	.section .rodata, "a"
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08: 64-bit ring-0 code */
	.quad 0x00cf93000000ffff	/* 0x10: ring-0 data */
boot_gdt_end:
boot_gdtr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)
	.balign 16
	.word 0
boot_gdtr_high:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt

	/*
	 * The boot page tables, fully static.  idle_l4 stays the hypervisor's
	 * L4 for good (paging.c edits it); boot_l2 maps 1 GiB with 2 MiB pages
	 * and serves both the identity and the image mapping at first.
	 */
	.section .data.page_aligned, "aw"
	.balign 4096
	.globl idle_l4
idle_l4:
	.quad PHYS(boot_l3_ident) + 0x3
	.fill 260, 8, 0
	.quad PHYS(xen_l3) + 0x3	/* slot 261 */
	.fill 250, 8, 0
	.globl boot_l3_ident
boot_l3_ident:
	.quad PHYS(xen_l2) + 0x3
	.fill 511, 8, 0
	.globl xen_l3
xen_l3:
	.quad PHYS(xen_l2) + 0x3
	.fill 511, 8, 0
	.globl xen_l2
xen_l2:
	.set i, 0
	.rept 512
	.quad (i << 21) + 0x83		/* present, writable, 2 MiB */
	.set i, i + 1
	.endr

	.section .bss.page_aligned, "aw", @nobits
	.balign STACK_SIZE		/* see asm/current.h */
	.globl boot_stack
boot_stack:
	.skip STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
