/* x86-internal boot steps, in the order arch/x86/boot/setup.c runs them. */
#ifndef ASM_SETUP_H
#define ASM_SETUP_H

#include <xenolith/types.h>

void __start_xenolith(uint32_t magic, uint32_t info);
void multiboot_parse(uint32_t magic, uint32_t info);

extern bool mm_boot_alloc_ready; /* paging.c may use boot_alloc */
extern bool mm_heap_ready;	 /* paging.c may use the xenheap */
extern char _start[], _end[];

#endif
