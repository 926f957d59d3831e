/*
 * Command-line parser: every value form of Xen's syntax against an
 * explicit table, warnings for unknown options and bad values, and the
 * linker-section registration that the hypervisor uses.
 */
#include <stdint.h>
#include <string.h>
#include <xenolith/cmdline.h>
#include <xenolith/lib.h>
#include "check.h"

static bool opt_sync;
static bool opt_reboot = true;
static unsigned int opt_cpus;
static int opt_delta;
static uint8_t opt_small;
static uint64_t opt_mem;
static unsigned long opt_heap;
static char opt_console[16];
static char custom_seen[64];
static int custom_calls;

static int parse_custom(const char *val)
{
	custom_calls++;
	strncpy(custom_seen, val, sizeof(custom_seen) - 1);
	return strcmp(val, "bad") ? 0 : -1;
}

static const struct param table[] = {
    {"sync_console", PARAM_BOOL, sizeof(opt_sync), {&opt_sync}},
    {"reboot", PARAM_BOOL, sizeof(opt_reboot), {&opt_reboot}},
    {"maxcpus", PARAM_INT, sizeof(opt_cpus), {&opt_cpus}},
    {"delta", PARAM_INT, sizeof(opt_delta), {&opt_delta}},
    {"small", PARAM_INT, sizeof(opt_small), {&opt_small}},
    {"dom0_mem_size", PARAM_SIZE, sizeof(opt_mem), {&opt_mem}},
    {"heap", PARAM_SIZE, sizeof(opt_heap), {&opt_heap}},
    {"console", PARAM_STRING, sizeof(opt_console), {opt_console}},
    {"dom0_mem", PARAM_CUSTOM, 0, {.fn = parse_custom}},
};

static int parse(const char *s)
{
	host_log_clear();
	return cmdline_parse_table(s, table, table + ARRAY_SIZE(table));
}

static void test_booleans(void)
{
	CHECK_EQ(parse("sync_console no-reboot"), 0);
	CHECK(opt_sync && !opt_reboot);
	CHECK_EQ(parse("reboot=on sync_console=false"), 0);
	CHECK(opt_reboot && !opt_sync);
	CHECK_EQ(parse("reboot=0 sync-console=enable"), 0);
	CHECK(!opt_reboot && opt_sync);
	CHECK_EQ(parse("reboot=yes sync_console=disable"), 0);
	CHECK(opt_reboot && !opt_sync);
	CHECK_EQ(parse("reboot=off sync_console=1 reboot=true"), 0);
	CHECK(opt_reboot && opt_sync); /* the last one wins */
	CHECK_EQ(parse("reboot=maybe"), 1);
	CHECK(opt_reboot);
	CHECK(host_log_has("Bad value for command line option 'reboot'"));
	CHECK_EQ(parse("no-reboot=yes"), 1); /* undefined in Xen: refuse */
}

static void test_integers(void)
{
	CHECK_EQ(parse("maxcpus=4 delta=-12 small=0x7f"), 0);
	CHECK_EQ(opt_cpus, 4);
	CHECK_EQ(opt_delta, -12);
	CHECK_EQ(opt_small, 0x7f);
	CHECK_EQ(parse("maxcpus=0x10 small=017"), 0);
	CHECK_EQ(opt_cpus, 16);
	CHECK_EQ(opt_small, 15);
	CHECK_EQ(parse("maxcpus=0"), 0);
	CHECK_EQ(opt_cpus, 0);
	/* Not a number, trailing junk, too big for the variable, no value */
	CHECK_EQ(parse("maxcpus=four maxcpus=4x small=256 maxcpus "
		       "maxcpus=0x maxcpus=99999999999999999999"),
		 6);
	CHECK_EQ(opt_cpus, 0);
	CHECK_EQ(opt_small, 15);
	CHECK(host_log_has("'maxcpus': 'four'"));
}

static void test_sizes(void)
{
	CHECK_EQ(parse("dom0_mem_size=512M heap=2g"), 0);
	CHECK_EQ(opt_mem, 512ULL << 20);
	CHECK_EQ(opt_heap, 2UL << 30);
	CHECK_EQ(parse("dom0_mem_size=4096"), 0); /* KiB by default */
	CHECK_EQ(opt_mem, 4096ULL << 10);
	CHECK_EQ(parse("dom0_mem_size=100b heap=1T"), 0);
	CHECK_EQ(opt_mem, 100);
	CHECK_EQ(opt_heap, 1UL << 40);
	CHECK_EQ(parse("dom0_mem_size=0x10k"), 0);
	CHECK_EQ(opt_mem, 16 << 10);
	CHECK_EQ(parse("dom0_mem_size=12Q dom0_mem_size=-1M "
		       "dom0_mem_size=99999999999T dom0_mem_size=M"),
		 4);
	CHECK_EQ(opt_mem, 16 << 10);
}

static void test_strings_and_quotes(void)
{
	CHECK_EQ(parse("console=com1,vga"), 0);
	CHECK(!strcmp(opt_console, "com1,vga"));
	CHECK_EQ(parse("console=\"a b  c\" maxcpus=2"), 0);
	CHECK(!strcmp(opt_console, "a b  c"));
	CHECK_EQ(opt_cpus, 2);
	CHECK_EQ(parse("console=0123456789abcdefXYZ"), 0);
	CHECK(!strcmp(opt_console, "0123456789abcde"));
	CHECK(host_log_has("truncated"));
	CHECK_EQ(parse("console="), 0);
	CHECK(!strcmp(opt_console, ""));
	CHECK_EQ(parse("console"), 1);
}

static void test_custom(void)
{
	custom_calls = 0;
	CHECK_EQ(parse("dom0_mem=min:128M,max:512M"), 0);
	CHECK(!strcmp(custom_seen, "min:128M,max:512M"));
	CHECK_EQ(parse("dom0_mem"), 0);
	CHECK(!strcmp(custom_seen, ""));
	CHECK_EQ(parse("no-dom0_mem"), 0);
	CHECK(!strcmp(custom_seen, "no"));
	CHECK_EQ(parse("dom0-mem=bad"), 1);
	CHECK_EQ(parse("no-dom0_mem=1G"), 1); /* stacked: refused, not called */
	CHECK_EQ(custom_calls, 4);
}

static void test_unknown_and_spacing(void)
{
	CHECK_EQ(parse("  foo   maxcpus=3\tbar=1 no-baz  "), 3);
	CHECK_EQ(opt_cpus, 3);
	CHECK(host_log_has("Unknown command line option 'foo'"));
	CHECK(host_log_has("Unknown command line option 'bar'"));
	CHECK(host_log_has("Unknown command line option 'no-baz'"));
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(parse("   "), 0);
	CHECK_EQ(parse(NULL), 0);
	CHECK_EQ(parse("maxcpusx=1 maxcpu=1"), 2); /* no prefix match */
	CHECK_EQ(opt_cpus, 3);
}

static void test_skip_image_name(void)
{
	const char *s = cmdline_skip_image_name(" /boot/xenolith.elf  a=1 b");

	CHECK(!strcmp(s, "a=1 b"));
	CHECK(!strcmp(cmdline_skip_image_name("xenolith.elf"), ""));
	CHECK(!strcmp(cmdline_skip_image_name(""), ""));
}

static void test_value_parsers(void)
{
	long long v;
	uint64_t b;
	const char *end;

	CHECK_EQ(parse_integer("-0x10", NULL, &v), 0);
	CHECK_EQ(v, -16);
	CHECK_EQ(parse_integer("0", NULL, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse_integer("", NULL, &v), -1);
	CHECK_EQ(parse_integer("-", NULL, &v), -1);
	CHECK_EQ(parse_integer("09", NULL, &v), -1); /* octal has no 9 */
	CHECK_EQ(parse_integer("12,rest", &end, &v), 0);
	CHECK(v == 12 && !strcmp(end, ",rest"));
	CHECK_EQ(parse_size("128M,max:1G", &end, &b), 0);
	CHECK(b == (128ULL << 20) && !strcmp(end, ",max:1G"));
	CHECK_EQ(parse_size("16777215T", NULL, &b), 0); /* 2^64 - 2^40 */
	CHECK_EQ(b, 16777215ULL << 40);
	CHECK_EQ(parse_size("16777216T", NULL, &b), -1); /* overflow */
	CHECK_EQ(parse_bool("enable"), 1);
	CHECK_EQ(parse_bool("Off"), -1); /* Xen is case-sensitive */
}

/* Hostile input: random option soup and an over-long option. */
static void test_garbage_does_not_crash(void)
{
	static const char alphabet[] = " =\"-_noxk01M9consoledom0_memreboot";
	static char line[4096];
	uint64_t r = 0x243f6a8885a308d3ULL;
	unsigned int i, j, words;

	for (i = 0; i < 3000; i++) {
		size_t len;

		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		len = r % 200;
		for (j = 0; j < len; j++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			line[j] = alphabet[r % (sizeof(alphabet) - 1)];
		}
		line[len] = '\0';
		for (words = 0, j = 0; j < len; j++)
			words +=
			    line[j] != ' ' && (j == 0 || line[j - 1] == ' ');
		CHECK(parse(line) <= (int)words);
	}
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "console=", 8);
	CHECK_EQ(parse(line), 0);
	CHECK_EQ(strlen(opt_console), sizeof(opt_console) - 1);
	CHECK_EQ(parse(line + 8), 1);
}

/* Registered through the linker section, as hypervisor code does. */
static bool opt_sect_flag;
boolean_param("sect_flag", opt_sect_flag);
static unsigned int opt_sect_num;
integer_param("sect-num", opt_sect_num);
static char opt_sect_str[8];
string_param("sect_str", opt_sect_str);
static uint64_t opt_sect_size;
size_param("sect_size", opt_sect_size);
static int sect_custom(const char *val)
{
	return strcmp(val, "ok") ? -1 : 0;
}
custom_param("sect_custom", sect_custom);

static void test_section_registration(void)
{
	const char *line = "xenolith.elf sect_flag sect_num=7 sect_str=hi "
			   "sect_size=1G sect_custom=ok nosuch";

	CHECK_EQ(__setup_end - __setup_start, 5);
	host_log_clear();
	CHECK_EQ(cmdline_parse(cmdline_skip_image_name(line)), 1);
	CHECK(opt_sect_flag);
	CHECK_EQ(opt_sect_num, 7);
	CHECK(!strcmp(opt_sect_str, "hi"));
	CHECK_EQ(opt_sect_size, 1ULL << 30);
	CHECK(host_log_has("Unknown command line option 'nosuch'"));
	CHECK(!strcmp(saved_cmdline, line + 13));
	/* Re-parsing the saved copy is allowed and keeps it intact. */
	CHECK_EQ(cmdline_parse(saved_cmdline), 1);
	CHECK(!strcmp(saved_cmdline, line + 13));
}

int main(void)
{
	check_prog = "cmdline";
	RUN(test_booleans);
	RUN(test_integers);
	RUN(test_sizes);
	RUN(test_strings_and_quotes);
	RUN(test_custom);
	RUN(test_unknown_and_spacing);
	RUN(test_skip_image_name);
	RUN(test_value_parsers);
	RUN(test_garbage_does_not_crash);
	RUN(test_section_registration);
	return check_exit();
}
