/*
 * The guest test library: everything a test kernel's main.c may use.
 *
 * A test is a tiny 64-bit PV kernel.  The library boots it (lib/head.S),
 * sets up what the test declares it needs (trap table, shared_info
 * mapping, user-mode page tables), calls test_main(), then prints one
 * line "Test result: SUCCESS|SKIP|ERROR|FAILURE" and powers the domain
 * off.  The outcome can only get worse during a run: a test that notes
 * one failure and then succeeds at everything else still FAILs.
 *
 *   SUCCESS  every check held
 *   SKIP     the test does not apply here (e.g. a feature is absent)
 *   ERROR    the test itself broke (bad setup, unexpected library state)
 *   FAILURE  the hypervisor answered differently from the ABI
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/errno.h>

#include "hypercall.h"
#include "traps.h"

#define PAGE_SIZE 4096UL
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Provided by each test. */
extern const char test_title[];
void test_main(void);

/*
 * Optional setup a test asks for by defining test_needs (default: all).
 * A test that wants to run on the barest hypervisor (hello) sets 0, so
 * only console_io and sched_op are needed to boot it.
 */
#define NEED_TRAPS	(1u << 0)	/* set_trap_table, stack_switch */
#define NEED_SHARED	(1u << 1)	/* update_va_mapping of shared_info */
#define NEED_USER	(1u << 2)	/* mmuext_op NEW_USER_BASEPTR */
#define NEED_ALL	(NEED_TRAPS | NEED_SHARED | NEED_USER)
extern const unsigned int test_needs;

/* Boot state. */
extern start_info_t *start_info;
extern shared_info_t *shared;		/* NULL unless NEED_SHARED */
extern unsigned long boot_rsp;		/* %rsp the builder gave us */
extern char hypercall_page[];
extern char _start[], _end[];
#define VIRT_BASE 0xffffffff80000000UL

/* Console. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Outcome. */
enum test_status { ST_SUCCESS, ST_SKIP, ST_ERROR, ST_FAILURE };
void test_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void test_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __attribute__((noreturn)) test_abort(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
enum test_status test_status(void);
void __attribute__((noreturn)) test_finish(void);

/* Print the result line early (tests that end by shutting down). */
void test_report(void);
/* Report, then SCHEDOP_shutdown(reason); never returns. */
void __attribute__((noreturn)) test_shutdown(unsigned int reason);

#define CHECK(cond, fmt, ...) do {					\
	if (!(cond))							\
		test_fail("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); \
} while (0)

/* Compare as longs; prints both in decimal and hex. */
#define CHECK_EQ(got, want) do {					\
	long g_ = (long)(got), w_ = (long)(want);			\
	if (g_ != w_)							\
		test_fail("%s:%d: %s = %ld (%#lx), want %ld (%#lx)",	\
			  __FILE__, __LINE__, #got, g_, g_, w_, w_);	\
} while (0)

/* Freestanding string helpers. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);

/* Machine frame of one of our own virtual addresses, through the P2M. */
unsigned long virt_to_mfn(const void *va);
/* Walks of our page tables (lib/pagetable.c). */
bool va_mapped(unsigned long va);
unsigned long mapped_end(void);	/* end of the builder's initial mapping */

#endif /* GUEST_H */
