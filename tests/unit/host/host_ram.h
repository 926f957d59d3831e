/* Host fake machine memory behind maddr_to_virt() (see fake_ram.c). */
#ifndef XENOLITH_HOST_RAM_H
#define XENOLITH_HOST_RAM_H

#include <xenolith/types.h>

/* Map fresh zeroed "RAM" for machine addresses [0, size). */
void host_ram_init(paddr_t size);
void host_ram_fini(void);

#endif
