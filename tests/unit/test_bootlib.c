/*
 * Host tests of the boot path's pure logic: the hypervisor's vsnprintf
 * (every conversion printk uses, widths, truncation, return value) and
 * the e820 map (sorting, merging of adjacent same-type regions, RAM sum).
 * vsnprintf/snprintf are renamed by bootlib.mk so libc keeps its own.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include "check.h"

int xl_snprintf(char *buf, size_t size, const char *fmt, ...);

static char buf[128];

#define FMT_EQ(want, ...)                                                      \
	do {                                                                   \
		int n_ = xl_snprintf(buf, sizeof(buf), __VA_ARGS__);           \
		CHECK(!strcmp(buf, want));                                     \
		CHECK_EQ(n_, (long long)strlen(want));                         \
	} while (0)

static void test_printf_integers(void)
{
	FMT_EQ("42 -7 0", "%d %i %u", 42, -7, 0u);
	FMT_EQ("ff FF 17", "%x %X %o", 255u, 255u, 15u);
	FMT_EQ("18446744073709551615", "%llu", ~0ULL);
	FMT_EQ("-9223372036854775808", "%lld", (long long)(1ULL << 63));
	FMT_EQ("ffff830000000000", "%lx", 0xffff830000000000UL);
	FMT_EQ("[  7] [7  ] [007]", "[%3d] [%-3d] [%03d]", 7, 7, 7);
	FMT_EQ("-07", "%03d", -7);
	FMT_EQ("00000000deadbeef", "%016lx", 0xdeadbeefUL);
	FMT_EQ("+5", "%+d", 5);
	FMT_EQ("255", "%hu", 255);
	FMT_EQ("123", "%zu", (size_t)123);
}

static void test_printf_strings(void)
{
	FMT_EQ("a-b", "%s-%s", "a", "b");
	const char *volatile null_str = NULL; /* hide it from -Wformat */

	FMT_EQ("(null)", "%s", null_str);
	FMT_EQ("  ab|ab  ", "%4s|%-4s", "ab", "ab");
	FMT_EQ("APIC", "%.4s", "APIC-and-more");
	FMT_EQ("x", "%c", 'x');
	FMT_EQ("100%", "%d%%", 100);
	FMT_EQ("00000000000000ff", "%p", (void *)0xff);
	FMT_EQ("[   ab]", "[%*s]", 5, "ab");
}

static void test_printf_truncation(void)
{
	char small[5];
	int n = xl_snprintf(small, sizeof(small), "%s", "hypervisor");

	CHECK_EQ(n, 10);
	CHECK(!strcmp(small, "hype"));
	n = xl_snprintf(NULL, 0, "%d", 12345);
	CHECK_EQ(n, 5);
	memset(small, 'z', sizeof(small));
	n = xl_snprintf(small, 1, "abc");
	CHECK_EQ(n, 3);
	CHECK_EQ(small[0], '\0');
	CHECK_EQ(small[1], 'z');
}

static void test_mem_map_sorted_and_merged(void)
{
	static struct mem_map m;

	memset(&m, 0, sizeof(m));
	mem_map_add(&m, 0x100000, 0x7ffe0000, MEM_RAM);
	mem_map_add(&m, 0, 0x9fc00, MEM_RAM);
	mem_map_add(&m, 0xf0000, 0x100000, MEM_RESERVED);
	mem_map_add(&m, 0x100000000ULL, 0x140000000ULL, MEM_RAM);
	mem_map_add(&m, 0x140000000ULL, 0x180000000ULL, MEM_RAM);
	mem_map_add(&m, 0x9fc00, 0xa0000, 77);	  /* odd type */
	mem_map_add(&m, 0x5000, 0x5000, MEM_RAM); /* empty: ignored */
	CHECK_EQ(m.nr, 5);
	for (unsigned int i = 1; i < m.nr; i++)
		CHECK(m.r[i - 1].start < m.r[i].start);
	CHECK_EQ(m.r[0].start, 0);
	CHECK_EQ(m.r[1].type, MEM_RESERVED); /* unknown type -> reserved */
	CHECK_EQ(m.r[4].start, 0x100000000ULL);
	CHECK_EQ(m.r[4].end, 0x180000000ULL); /* merged */
	CHECK_EQ(mem_map_ram_bytes(&m),
		 0x9fc00 + (0x7ffe0000 - 0x100000) + 0x80000000ULL);
}

static void test_mem_map_full(void)
{
	static struct mem_map m;

	memset(&m, 0, sizeof(m));
	for (unsigned int i = 0; i < MEM_MAP_MAX + 10; i++)
		mem_map_add(&m, (paddr_t)i * 0x2000,
			    (paddr_t)i * 0x2000 + 0x1000, MEM_RAM);
	CHECK_EQ(m.nr, MEM_MAP_MAX);
	CHECK_EQ(mem_map_ram_bytes(&m),
		 (unsigned long long)MEM_MAP_MAX * 0x1000);
}

int main(void)
{
	check_prog = "bootlib";
	RUN(test_printf_integers);
	RUN(test_printf_strings);
	RUN(test_printf_truncation);
	RUN(test_mem_map_sorted_and_merged);
	RUN(test_mem_map_full);
	return check_exit();
}
