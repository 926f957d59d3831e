/*
 * Entry point and Xen ELF notes of a guest test kernel.
 *
 * The dom0 builder reads the notes below to decide how to load us: a
 * 64-bit PV kernel ("xen-3.0" ABI, generic loader) whose image is mapped
 * from VIRT_BASE, entered at ENTRY, with a hypercall page written at
 * HYPERCALL_PAGE.  It enters _start in guest kernel mode with paging on
 * (its own initial page tables), %rsi = virtual address of start_info,
 * events masked and a one-page stack of its own, which we leave at once
 * for a stack inside the image.
 *
 * Notes deliberately absent: FEATURES and PAE_MODE (meaningless for a
 * 64-bit guest that needs nothing optional; PAE_MODE would also append
 * "p" to start_info.magic), INIT_P2M (the builder then maps the P2M list
 * right after the image, so mfn_list is an ordinary mapped address),
 * MOD_START_PFN (no modules), SUPPORTED_FEATURES (absent means "no
 * constraint"; present without XENFEAT_dom0 would make Xen refuse us).
 */
#include <public/elfnote.h>

#define VIRT_BASE	0xffffffff80000000

/* One note: 4-byte namesz, descsz, type; "Xen\0"; the descriptor. */
.macro note_head type
	.pushsection .note.xen, "a", @note
	.p2align 2
	.long 4f - 3f, 6f - 5f, \type
3:	.asciz "Xen"
4:	.p2align 2
5:
.endm

.macro note_tail
6:	.p2align 2
	.popsection
.endm

.macro note_str type, str
	note_head \type
	.asciz "\str"
	note_tail
.endm

.macro note_quad type, val
	note_head \type
	.quad \val
	note_tail
.endm

	note_str XEN_ELFNOTE_GUEST_OS, "Xenolith-test"
	note_str XEN_ELFNOTE_GUEST_VERSION, "1"
	note_str XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
	note_str XEN_ELFNOTE_LOADER, "generic"
	note_quad XEN_ELFNOTE_VIRT_BASE, VIRT_BASE
	note_quad XEN_ELFNOTE_PADDR_OFFSET, 0
	note_quad XEN_ELFNOTE_ENTRY, _start
	note_quad XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page

	.section .text.head, "ax", @progbits
	.code64
	.globl _start
_start:
	mov	%rsi, start_info(%rip)
	mov	%rsp, boot_rsp(%rip)
	lea	boot_stack_top(%rip), %rsp
	call	guest_main
1:	ud2				/* guest_main never returns */
	jmp	1b

	/* Xen overwrites this page with 128 32-byte hypercall stubs. */
	.p2align 12
	.globl hypercall_page
hypercall_page:
	.fill 4096, 1, 0xcc

	.bss
	.p2align 12
	.globl boot_stack_top, trap_stack_top, user_stack_top
boot_stack:
	.skip 4 * 4096
boot_stack_top:
	/* Traps taken in guest user mode land here (stack_switch). */
	.skip 2 * 4096
trap_stack_top:
	.skip 2 * 4096
user_stack_top:

	.data
	.p2align 3
	.globl start_info, boot_rsp
start_info:
	.quad 0
boot_rsp:
	.quad 0
