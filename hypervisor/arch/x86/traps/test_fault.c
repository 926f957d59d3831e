/*
 * Deliberate faults for tests (xenolith_test_fault=<kind>): each kind
 * triggers one exception, assertion or lock-debug check from a named
 * function, so a test
 * can check that the dump names the right vector, that the call trace is
 * symbolized (it must show test_fault_<kind>) and that the machine then
 * halts by itself.  Never used on a normal boot.
 */
#include <xenolith/lib.h>
#include <xenolith/setup.h>
#include <xenolith/shutdown.h>
#include <xenolith/spinlock.h>

/* noinline + a volatile sink: each must appear as its own frame. */
#define TEST_FN static __attribute__((noinline)) void

static volatile unsigned long sink;

TEST_FN test_fault_pf(void)
{
	/* Low addresses are unmapped once the identity map is gone. */
	*(volatile unsigned long *)0xdead000UL = 1;
}

TEST_FN test_fault_ud(void)
{
	__asm__ __volatile__("ud2");
}

TEST_FN test_fault_de(void)
{
	/* In asm: gcc would turn 1 / x into x == 1 and never divide. */
	unsigned long zero = 0, q = 1, r = 0;

	__asm__ __volatile__("divq %2" : "+a"(q), "+d"(r) : "r"(zero));
	sink = q;
}

TEST_FN test_fault_gp(void)
{
	/* A non-canonical address raises #GP, not #PF. */
	sink = *(volatile unsigned long *)0x8000000000000000UL;
}

TEST_FN test_fault_bug(void)
{
	BUG();
}

TEST_FN test_fault_assert(void)
{
	ASSERT(sink == 12345);
}

/*
 * A fault whose frame cannot be pushed (the stack pointer is unmapped)
 * becomes a double fault, which the CPU delivers on its own IST stack:
 * proof that #DF still reports when the normal stack is gone.
 */
TEST_FN test_fault_df(void)
{
	__asm__ __volatile__("mov $0xdead0000, %%rsp\n\tud2" : : : "memory");
}

/* Unbounded recursion runs into the stack's guard page. */
TEST_FN test_fault_stack(void)
{
	volatile char pad[256];

	pad[0] = (char)sink;
	if (sink != 12345) /* always true; hides the recursion from gcc */
		test_fault_stack();
	sink += pad[0];
}

/* W^X: the image's code is read-only ... */
TEST_FN test_fault_wtext(void)
{
	*(volatile uint8_t *)test_fault_ud = 0xc3;
	sink++;
}

/* ... and its data is not executable (NX, when the CPU has it). */
TEST_FN test_fault_xdata(void)
{
	static uint8_t ret_insn[16] = {0xc3}; /* RET, in .data */

	((void (*)(void))ret_insn)();
	sink++;
}

TEST_FN test_fault_lock(void)
{
	static DEFINE_SPINLOCK(l);

	spin_lock(&l);
	spin_lock(&l); /* the debug check must catch the recursion */
	sink++;	       /* no tail call: keep this frame in the trace */
}

static const struct {
	const char *name;
	void (*fn)(void);
} test_faults[] = {
    {"pf", test_fault_pf},	 {"ud", test_fault_ud},
    {"de", test_fault_de},	 {"gp", test_fault_gp},
    {"bug", test_fault_bug},	 {"assert", test_fault_assert},
    {"lock", test_fault_lock},	 {"wtext", test_fault_wtext},
    {"xdata", test_fault_xdata}, {"df", test_fault_df},
    {"stack", test_fault_stack},
};

void arch_test_fault(const char *kind)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(test_faults); i++) {
		if (strcmp(kind, test_faults[i].name))
			continue;
		printk("Triggering test fault '%s'\n", kind);
		test_faults[i].fn();
		panic("test fault '%s' did not fault", kind);
	}
	printk(XENLOG_WARNING "xenolith_test_fault=%s: unknown kind\n", kind);
}
