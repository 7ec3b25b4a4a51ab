#include "spsc.h"

int spsc_put(struct spsc_ring *r, unsigned char c)
{
	unsigned long head = r->head;
	/* Pairs with smp_store_release() of tail in spsc_get(). */
	unsigned long tail = smp_load_acquire(&r->tail);

	if (head - tail >= SPSC_SIZE)
		return 0;
	r->buf[head % SPSC_SIZE] = c;
	/* Publish the byte before the new head. Pairs with smp_load_acquire() in spsc_get(). */
	smp_store_release(&r->head, head + 1);
	return 1;
}
