/*
 * ELF notes a PV kernel carries (note name "Xen") so that the domain
 * builder can load it without guessing.  Each note's type is one of the
 * numbers below; its payload is a string or a native-sized integer, as
 * noted.  Linux 6.1 uses ENTRY, HYPERCALL_PAGE, VIRT_BASE, PADDR_OFFSET,
 * XEN_VERSION, GUEST_OS, LOADER, FEATURES, SUPPORTED_FEATURES, PAE_MODE,
 * L1_MFN_VALID, MOD_START_PFN, INIT_P2M and PHYS32_ENTRY.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO 0		/* ignored */
#define XEN_ELFNOTE_ENTRY 1		/* integer: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2	/* integer: vaddr to fill in */
#define XEN_ELFNOTE_VIRT_BASE 3		/* integer: vaddr of the image */
#define XEN_ELFNOTE_PADDR_OFFSET 4	/* integer: vaddr - paddr offset */
#define XEN_ELFNOTE_XEN_VERSION 5	/* string: "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS 6		/* string: "linux" */
#define XEN_ELFNOTE_GUEST_VERSION 7	/* string */
#define XEN_ELFNOTE_LOADER 8		/* string: "generic" */
#define XEN_ELFNOTE_PAE_MODE 9		/* string: "yes", "bimodal", ... */
#define XEN_ELFNOTE_FEATURES 10		/* string: "feat|!feat|..." */
#define XEN_ELFNOTE_BSD_SYMTAB 11	/* string: "yes" loads symbols */
#define XEN_ELFNOTE_HV_START_LOW 12	/* integer: 32-bit PAE only */
#define XEN_ELFNOTE_L1_MFN_VALID 13	/* integers: mask, value */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14	/* integer: supports cancel */
#define XEN_ELFNOTE_INIT_P2M 15		/* integer: vaddr of a mapped P2M */
#define XEN_ELFNOTE_MOD_START_PFN 16	/* integer: mod_start may be a pfn */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17	/* XENFEAT_ bitmap, 32 bits */
#define XEN_ELFNOTE_PHYS32_ENTRY 18	/* integer: PVH 32-bit entry */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in crash dumps and core files written by the hypervisor. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* XEN_PUBLIC_ELFNOTE_H */
