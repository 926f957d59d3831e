/* Physical IRQs routed to the control domain as events (traps/pirq.c). */
#ifndef ASM_PIRQ_H
#define ASM_PIRQ_H

#include <xenolith/types.h>

struct physdev_map_pirq;
struct physdev_unmap_pirq;

/* The PHYSDEVOP pirq sub-ops on their copied-in arguments. */
long physdev_map_pirq(struct physdev_map_pirq *m);
long physdev_unmap_pirq(struct physdev_unmap_pirq *u);
long physdev_eoi(unsigned int pirq);
long physdev_setup_gsi(int gsi, bool level, bool active_low);
long physdev_irq_status(unsigned int pirq, uint32_t *flags);
/* do_irq(): the vector of GSI gsi fired. */
void pirq_interrupt(unsigned int gsi);

#endif
