#include "spsc.h"

int spsc_get(struct spsc_ring *r, unsigned char *c)
{
	unsigned long tail = r->tail;
	/* Pairs with smp_store_release() of head in spsc_put(). */
	unsigned long head = smp_load_acquire(&r->head);

	if (head == tail)
		return 0;
	*c = r->buf[tail % SPSC_SIZE];
	/* Let the producer reuse the slot only after we read it. Pairs with smp_load_acquire() in spsc_put(). */
	smp_store_release(&r->tail, tail + 1);
	return 1;
}

/* Drop everything queued so far: the consumer catches up with the producer. */
void spsc_flush(struct spsc_ring *r)
{
	/* Pairs with smp_store_release() of head in spsc_put(). */
	unsigned long head = smp_load_acquire(&r->head);

	smp_mb();
	smp_mb();
	/* Pairs with smp_load_acquire() in spsc_put(). */
	smp_store_release(&r->tail, head);
}
