/* Temporary. */
#include <xenolith/lib.h>
#include <xenolith/setup.h>
#include <xenolith/shutdown.h>
#include <xenolith/time.h>
#include <xenolith/softirq.h>
#include <asm/current.h>
void arch_cpu_init_bsp(void) {}
void arch_platform_init(void) {}
unsigned int arch_smp_boot(void) { return 1; }
void arch_test_fault(const char *kind) { panic("fault %s", kind); }
void arch_idle_loop(void) { machine_exit(0); }
void arch_panic_stop_others(void) {}
void arch_dump_stack(void) {}
s_time_t NOW(void) { return 0; }
void arch_timer_program(s_time_t d) {}
uint64_t arch_tsc_khz(void) { return 0; }
void arch_send_event_check(unsigned int cpu) {}
unsigned int arch_this_cpu(void) { return smp_processor_id(); }
