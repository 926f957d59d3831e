/* TSC calibration and the HPET probe (time/tsc.c, time/hpet.c). */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xenolith/types.h>

void tsc_calibrate(void);
void hpet_probe(paddr_t addr);

/* TSC offset of a starting AP (time/tsc_sync.c): the BSP prepares before
 * the SIPI, then measures while the AP takes part from start_secondary. */
void tsc_sync_prepare(void);
bool tsc_sync_bsp(int64_t *offset, uint64_t *error);
void tsc_sync_ap(void);

#endif
