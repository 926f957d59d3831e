/*
 * Raw copies to and from guest virtual memory, with exception fixups.
 *
 * A PV guest's address space is loaded in CR3 while the hypervisor runs on
 * its behalf, so guest memory is reached with ordinary loads and stores,
 * as Xen does.  The caller (pv/guest_access.c) has already checked that
 * the range is canonical and outside the hypervisor's slots; what remains
 * is a guest page that is absent or read-only (CR0.WP makes read-only
 * mappings binding in ring 0).  Such an access faults inside one of the
 * REP instructions below; traps/extable.c finds the instruction in the
 * exception table (__ex_table, pairs of "faulting address, continue
 * address") and resumes at its fixup, which computes the bytes not done
 * from %rcx, the count the instruction had left.
 *
 *   size_t raw_copy_guest(void *dst, const void *src, size_t n);
 *   size_t raw_clear_guest(void *dst, size_t n);
 *
 * Both return the number of bytes NOT copied: 0 on success.  Eight bytes
 * per step, then single bytes.
 */
	.text
	.balign 16
	.globl raw_copy_guest
raw_copy_guest:
	mov	%rdx, %rcx
	and	$7, %edx			/* the byte tail */
	shr	$3, %rcx
1:	rep movsq
	mov	%rdx, %rcx
2:	rep movsb
3:	mov	%rcx, %rax
	ret
4:	lea	(%rdx, %rcx, 8), %rax		/* qwords left and the tail */
	ret

	.balign 16
	.globl raw_clear_guest
raw_clear_guest:
	mov	%rsi, %rcx
	mov	%rsi, %rdx
	and	$7, %edx
	shr	$3, %rcx
	xor	%eax, %eax
5:	rep stosq
	mov	%rdx, %rcx
6:	rep stosb
7:	mov	%rcx, %rax
	ret
8:	lea	(%rdx, %rcx, 8), %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 4b
	.quad 2b, 3b
	.quad 5b, 8b
	.quad 6b, 7b
