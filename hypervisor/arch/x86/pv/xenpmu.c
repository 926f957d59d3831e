/*
 * xenpmu_op: the virtual performance monitoring unit, which Xenolith
 * does not have.
 *
 * Xen 4.17 only offers a vPMU when booted with vpmu=; without it (its
 * default, and the command line every differential test uses) every
 * sub-op is -EOPNOTSUPP, refused before the parameter block is read, so
 * neither a bad address nor a wrong interface version is noticed.  That
 * is our answer too, for good: Linux's XENPMU_init at each vCPU's
 * bring-up then prints "VPMU disabled by hypervisor" and carries on, as
 * on Xen.  (tests/guest/xenpmu_op pins it on both.)
 */
#include <xenolith/lib.h>
#include <xenolith/hypercall.h>

long do_xenpmu_op(unsigned long op, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5)
{
	return -XEN_EOPNOTSUPP;
}
