/*
 * Basic internal types.  Frame numbers are one-field structs in every build
 * (house style §8): an mfn_t can never be passed where a pfn_t is expected.
 * Use Xen's meanings: mfn = machine frame, pfn = a PV guest's
 * pseudo-physical frame (through its P2M), gfn = the frame a guest names in
 * a hypercall (== mfn for PV).
 */
#ifndef XENOLITH_TYPES_H
#define XENOLITH_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint64_t paddr_t;	/* machine (physical) address */
typedef uint64_t vaddr_t;	/* hypervisor or guest virtual address */

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

typedef struct { unsigned long m; } mfn_t;
typedef struct { unsigned long p; } pfn_t;
typedef struct { unsigned long g; } gfn_t;

static inline mfn_t _mfn(unsigned long m) { return (mfn_t){ m }; }
static inline unsigned long mfn_x(mfn_t m) { return m.m; }
static inline pfn_t _pfn(unsigned long p) { return (pfn_t){ p }; }
static inline unsigned long pfn_x(pfn_t p) { return p.p; }
static inline gfn_t _gfn(unsigned long g) { return (gfn_t){ g }; }
static inline unsigned long gfn_x(gfn_t g) { return g.g; }

#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN _mfn(INVALID_MFN_RAW)
static inline bool mfn_eq(mfn_t a, mfn_t b) { return a.m == b.m; }
static inline bool mfn_valid_raw(mfn_t m) { return m.m != INVALID_MFN_RAW; }

static inline paddr_t mfn_to_maddr(mfn_t m) { return (paddr_t)m.m << PAGE_SHIFT; }
static inline mfn_t maddr_to_mfn(paddr_t ma) { return _mfn(ma >> PAGE_SHIFT); }

#endif
