/*
 * Raw copies to and from guest virtual memory, with exception fixups.
 *
 * A PV guest's address space is loaded in CR3 while the hypervisor runs on
 * its behalf, so guest memory is reached with ordinary loads and stores,
 * as Xen does.  The caller (pv/guest_access.c) has already checked that
 * the range is canonical and outside the hypervisor's slots; what remains
 * is a guest page that is absent or read-only (CR0.WP makes read-only
 * mappings binding in ring 0).  Such an access faults inside the REP
 * instruction below; traps.c finds the instruction in the exception
 * table (__ex_table, pairs of "faulting address, continue address") and
 * resumes at the fixup, where %rcx still holds the bytes not done.
 *
 *   size_t raw_copy_guest(void *dst, const void *src, size_t n);
 *   size_t raw_clear_guest(void *dst, size_t n);
 *
 * Both return the number of bytes NOT copied: 0 on success.
 */
	.text
	.balign 16
	.globl raw_copy_guest
raw_copy_guest:
	mov	%rdx, %rcx
1:	rep movsb
2:	mov	%rcx, %rax
	ret

	.balign 16
	.globl raw_clear_guest
raw_clear_guest:
	mov	%rsi, %rcx
	xor	%eax, %eax
3:	rep stosb
4:	mov	%rcx, %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.quad 3b, 4b
