/*
 * The hypercall page: stubs a PV kernel may call instead of issuing
 * SYSCALL itself.
 *
 * A kernel whose HYPERCALL_PAGE note names a page of its image gets it
 * filled by the builder with 128 stubs of 32 bytes, one per hypercall
 * number.  Stub i saves the two registers SYSCALL destroys, loads i and
 * traps:
 *
 *     push %rcx; push %r11; mov $i, %eax; syscall; pop %r11; pop %rcx; ret
 *
 * Stub 23 (iret) never returns and is jumped to, not called: it pushes
 * %rcx, %r11 and %rax as the bottom of the iret frame and traps.  The
 * rest of the page is INT3, so a jump into the middle of a slot stops.
 * The bytes are the ABI (Linux and XTF kernels compare against them).
 */
#include <xenolith/lib.h>
#include <xenolith/hypercall.h>
#include <asm/pv.h>

#define STUB_SIZE 32

static unsigned int emit(uint8_t *p, const uint8_t *bytes, unsigned int n)
{
	memcpy(p, bytes, n);
	return n;
}

/* mov $nr, %eax */
static unsigned int emit_mov_eax(uint8_t *p, uint32_t nr)
{
	p[0] = 0xb8;
	memcpy(p + 1, &nr, sizeof(nr));
	return 5;
}

static void write_stub(uint8_t *p, uint32_t nr)
{
	static const uint8_t save[] = { 0x51, 0x41, 0x53 };	/* rcx, r11 */
	static const uint8_t save_rax[] = { 0x50 };
	static const uint8_t trap[] = { 0x0f, 0x05 };		/* syscall */
	static const uint8_t restore[] = { 0x41, 0x5b, 0x59, 0xc3 };

	p += emit(p, save, sizeof(save));
	if (nr == __HYPERVISOR_iret)
		p += emit(p, save_rax, sizeof(save_rax));
	p += emit_mov_eax(p, nr);
	p += emit(p, trap, sizeof(trap));
	if (nr != __HYPERVISOR_iret)
		emit(p, restore, sizeof(restore));
}

void pv_write_hypercall_page(void *page)
{
	uint8_t *p = page;

	memset(p, 0xcc, PAGE_SIZE);
	for (uint32_t nr = 0; nr < PAGE_SIZE / STUB_SIZE; nr++)
		write_stub(p + nr * STUB_SIZE, nr);
}
