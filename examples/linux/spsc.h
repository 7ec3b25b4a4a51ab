/* A single-producer single-consumer byte ring in the style of kernel circular buffers. */
#ifndef SPSC_H
#define SPSC_H

#define SPSC_SIZE 4096

struct spsc_ring {
	unsigned long head;	/* written by the producer only */
	unsigned long tail;	/* written by the consumer only */
	unsigned char buf[SPSC_SIZE];
};

struct spsc_stats {
	unsigned long dropped;
	unsigned long wakeups;
};

int spsc_put(struct spsc_ring *r, unsigned char c);
int spsc_get(struct spsc_ring *r, unsigned char *c);
void spsc_flush(struct spsc_ring *r);

#endif
