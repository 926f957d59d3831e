/*
 * The ELF64 file format, as far as a kernel loader needs it.
 *
 * Field offsets, not struct overlays: the image is untrusted bytes at any
 * alignment and is read with get_le*() (common/bytes.h).  Values are from
 * the System V ABI (gABI) and its x86-64 supplement; only little-endian
 * 64-bit executables for x86-64 are accepted, which is all a 64-bit PV
 * guest kernel can be.
 */
#ifndef LIB_ELF64_H
#define LIB_ELF64_H

/* ELF header: e_ident[16] then the fields below. */
#define EH_SIZE	     64
#define EI_CLASS     4
#define EI_DATA	     5
#define EI_VERSION   6
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define EH_TYPE	     16 /* u16 */
#define EH_MACHINE   18 /* u16 */
#define EH_VERSION   20 /* u32 */
#define EH_ENTRY     24 /* u64 */
#define EH_PHOFF     32 /* u64 */
#define EH_SHOFF     40 /* u64 */
#define EH_EHSIZE    52 /* u16 */
#define EH_PHENTSIZE 54 /* u16 */
#define EH_PHNUM     56 /* u16 */
#define EH_SHENTSIZE 58 /* u16 */
#define EH_SHNUM     60 /* u16 */
#define EH_SHSTRNDX  62 /* u16 */
#define ET_EXEC	     2
#define EM_X86_64    62
#define PN_XNUM	     0xffff /* "real count elsewhere": not for kernels */

/* Program header. */
#define PH_SIZE	  56
#define PH_TYPE	  0  /* u32 */
#define PH_FLAGS  4  /* u32 */
#define PH_OFFSET 8  /* u64 */
#define PH_VADDR  16 /* u64 */
#define PH_PADDR  24 /* u64 */
#define PH_FILESZ 32 /* u64 */
#define PH_MEMSZ  40 /* u64 */
#define PT_LOAD	  1
#define PT_NOTE	  4
#define PF_X	  1
#define PF_W	  2
#define PF_R	  4

/* Section header. */
#define SH_SIZE	      64
#define SH_NAME	      0	 /* u32 */
#define SH_TYPE	      4	 /* u32 */
#define SH_OFFSET     24 /* u64 */
#define SH_SIZE_FIELD 32 /* u64 */
#define SHT_NULL      0
#define SHT_NOTE      7
#define SHT_NOBITS    8

/* Note header: namesz, descsz, type (u32 each); name and desc 4-aligned. */
#define NOTE_HDR 12

#endif
