/*
 * The 16550 UART on COM1 (I/O port 0x3f8): Xenolith's console.
 *
 * Output polls the Line Status Register until the transmit holding
 * register is empty; input polls the Data Ready bit.  Polling keeps the
 * console usable from any context, including exception handlers with
 * interrupts off.  The baud rate comes from com1=<baud>,... (Xen syntax);
 * under QEMU it does not matter, on hardware it must match the terminal.
 */
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include <asm/io.h>

#define COM1	   0x3f8
#define UART_RBR   0 /* receive buffer (read) */
#define UART_THR   0 /* transmit holding (write) */
#define UART_IER   1
#define UART_FCR   2
#define UART_LCR   3
#define UART_MCR   4
#define UART_LSR   5
#define UART_DLL   0 /* divisor latch, with LCR.DLAB */
#define UART_DLM   1
#define LCR_DLAB   0x80
#define LCR_8N1	   0x03
#define LSR_DR	   0x01
#define LSR_THRE   0x20
#define UART_CLOCK 115200

static unsigned int com1_baud = 115200; /* from com1= */

void arch_console_set_baud(unsigned int baud)
{
	if (baud)
		com1_baud = baud;
}

void arch_console_init(void)
{
	unsigned int div = UART_CLOCK / com1_baud;

	outb(0, COM1 + UART_IER); /* polled: no interrupts */
	outb(LCR_DLAB, COM1 + UART_LCR);
	outb(div & 0xff, COM1 + UART_DLL);
	outb(div >> 8, COM1 + UART_DLM);
	outb(LCR_8N1, COM1 + UART_LCR);
	outb(0x07, COM1 + UART_FCR); /* enable + clear FIFOs */
	outb(0x03, COM1 + UART_MCR); /* DTR, RTS */
}

static void uart_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb((uint8_t)c, COM1 + UART_THR);
}

void arch_console_write(const char *s, size_t n)
{
	while (n--) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s++);
	}
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return inb(COM1 + UART_RBR);
}
