/*
 * long iret_to_self(unsigned long cs, unsigned long ss): ask the iret
 * hypercall to return to the instruction after it, in kernel mode on the
 * current stack, with the given %cs and %ss.  Returns 0 if the return
 * worked, 1 if a fault was bounced instead (its handler resumes at
 * fault_resume with %rsp as the frame had it).
 */
	.text
	.globl iret_to_self, fault_resume, iret_target
iret_to_self:
	push	%rbp
	mov	%rsp, %rbp
	push	%rsi			/* ss */
	push	%rbp			/* rsp: back to this frame */
	push	$2			/* rflags: IF clear, events masked */
	push	%rdi			/* cs */
	lea	1f(%rip), %rax
	push	%rax			/* rip */
	push	$0			/* flags */
	jmp	hypercall_iret
iret_target:
1:	pop	%rbp
	xor	%eax, %eax
	ret

fault_resume:
	pop	%rbp
	mov	$1, %eax
	ret
