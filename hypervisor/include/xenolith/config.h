/* Build-wide constants (house style: config symbols live here only). */
#ifndef XENOLITH_CONFIG_H
#define XENOLITH_CONFIG_H

#define NR_CPUS 8 /* QEMU tests use -smp 1..8 */

#endif
