/* TSC calibration and the HPET probe (time/tsc.c, time/hpet.c). */
#ifndef ASM_TIME_H
#define ASM_TIME_H

#include <xenolith/types.h>

void tsc_calibrate(void);
void hpet_probe(paddr_t addr);

#endif
