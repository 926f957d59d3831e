/*
 * console_io: the dom0 console hypercall, good and hostile.
 *
 * CONSOLEIO_write returns 0 once the whole buffer is out (long writes
 * are continued internally); CONSOLEIO_read returns how many bytes it
 * copied, 0 with no pending input.  Bad buffers give -EFAULT, unknown
 * commands -ENOSYS, and the console keeps working afterwards.
 */
#include "guest.h"

const char test_title[] = "console_io: write, read, bad arguments";
const unsigned int test_needs = NEED_TRAPS;

static long console_io(unsigned long cmd, unsigned long count,
		       const void *buf)
{
	return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static char big[601];

static void check_write(void)
{
	static const char msg[] = "console_io: a plain write\n";
	unsigned int i;

	CHECK_EQ(console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);
	CHECK_EQ(console_io(CONSOLEIO_write, 0, msg), 0);
	CHECK_EQ(console_io(CONSOLEIO_write, 0, NULL), 0);
	/* Longer than any internal chunk: must all come out, rc 0. */
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (i % 100 == 99) ? '\n' : '.';
	big[sizeof(big) - 2] = '\n';
	CHECK_EQ(console_io(CONSOLEIO_write, sizeof(big) - 1, big), 0);
	/* Embedded NULs are data, not terminators. */
	CHECK_EQ(console_io(CONSOLEIO_write, 5, "ab\0c\n"), 0);
}

static void check_read(void)
{
	char buf[64];

	memset(buf, 0x5a, sizeof(buf));
	CHECK_EQ(console_io(CONSOLEIO_read, sizeof(buf), buf), 0);
	CHECK_EQ(console_io(CONSOLEIO_read, 0, buf), 0);
	/* Nothing pending: nothing to copy, so a bad buffer is harmless. */
	CHECK_EQ(console_io(CONSOLEIO_read, 16, NULL), 0);
}

static void check_hostile(void)
{
	unsigned long end = mapped_end();

	CHECK_EQ(console_io(CONSOLEIO_write, 10, NULL), -XEN_EFAULT);
	CHECK_EQ(console_io(CONSOLEIO_write, 10,
			    (void *)HYPERVISOR_VIRT_START), -XEN_EFAULT);
	CHECK_EQ(console_io(CONSOLEIO_write, 10,
			    (void *)0x8000000000000000ul), -XEN_EFAULT);
	CHECK_EQ(console_io(CONSOLEIO_write, 10, (void *)-4096ul),
		 -XEN_EFAULT);
	/* Starts mapped, runs off the end of our mapping. */
	CHECK_EQ(console_io(CONSOLEIO_write, 200, (void *)(end - 8)),
		 -XEN_EFAULT);
	CHECK_EQ(console_io(2, 10, "x"), -XEN_ENOSYS);
	CHECK_EQ(console_io(0xffffffff, 10, "x"), -XEN_ENOSYS);
	/* The console still works. */
	CHECK_EQ(console_io(CONSOLEIO_write, 13, "still alive\n\n"), 0);
}

void test_main(void)
{
	check_write();
	check_read();
	check_hostile();
}
