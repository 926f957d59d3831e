/*
 * Are the CPUs' TSCs in step?  NOW() reads the local TSC on every CPU and
 * assumes they all count from the same origin; a CPU whose TSC is off
 * would see time jump when work moves to it.  While an AP starts, it and
 * the BSP play ping-pong through one shared word: the BSP reads its TSC
 * (t0), lets the AP read its own (ta) and reads again (t2) once the AP
 * answered.  If both count alike, ta lies between t0 and t2, so
 * ta - (t0 + t2) / 2 estimates the offset within half the round trip; the
 * round with the shortest trip wins.  The result is reported, not
 * corrected: QEMU and invariant-TSC hardware keep TSCs in step.
 */
#include <xenolith/lib.h>
#include <xenolith/time.h>
#include <asm/processor.h>
#include <asm/time.h>

#define SYNC_ROUNDS 20
#define SYNC_DONE   0xffffu

static volatile unsigned int phase; /* whose move: see below */
static volatile uint64_t ap_tsc;    /* the AP's reading this round */

/*
 * phase: 0 waiting for the AP; 1 AP arrived; 2r+2 AP's turn in round r;
 * 2r+3 BSP's turn; SYNC_DONE the AP may go on.
 */
static bool wait_phase(unsigned int want, uint64_t timeout)
{
	uint64_t start = rdtsc();

	while (phase != want) {
		if (timeout && rdtsc() - start > timeout)
			return false;
		cpu_relax();
	}
	return true;
}

void tsc_sync_prepare(void)
{
	phase = 0;
}

bool tsc_sync_bsp(int64_t *offset, uint64_t *error)
{
	uint64_t best = UINT64_MAX, timeout = 2000 * arch_tsc_khz();

	if (!wait_phase(1, timeout))
		return false;
	for (unsigned int r = 0; r < SYNC_ROUNDS; r++) {
		uint64_t t0 = rdtsc(), t2;

		phase = 2 * r + 2;
		if (!wait_phase(2 * r + 3, timeout))
			return false;
		t2 = rdtsc();
		if (t2 - t0 < best) {
			best = t2 - t0;
			*offset = (int64_t)(ap_tsc - (t0 + best / 2));
		}
	}
	*error = best / 2;
	phase = SYNC_DONE;
	return true;
}

void tsc_sync_ap(void)
{
	phase = 1;
	for (unsigned int r = 0; r < SYNC_ROUNDS; r++) {
		wait_phase(2 * r + 2, 0);
		ap_tsc = rdtsc();
		phase = 2 * r + 3;
	}
	wait_phase(SYNC_DONE, 0);
}
