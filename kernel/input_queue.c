#include "kernel/input_queue.h"

_Static_assert((INPUT_QUEUE_SIZE & (INPUT_QUEUE_SIZE - 1)) == 0,
	       "the index mask needs a power of two");

/* head and tail only grow (wrapping at 2^32, a multiple of the size), so
 * tail - head is the fill level even after they wrap, and full and empty
 * are never confused. */
size_t input_queue_len(const struct input_queue *q)
{
	return q->tail - q->head;
}

bool input_queue_put(struct input_queue *q, const char *s, size_t n)
{
	if (n > INPUT_QUEUE_SIZE - input_queue_len(q)) {
		q->dropped += n;
		return false;
	}
	for (size_t i = 0; i < n; i++)
		q->buf[q->tail++ & (INPUT_QUEUE_SIZE - 1)] = (uint8_t)s[i];
	return true;
}

int input_queue_get(struct input_queue *q)
{
	if (q->head == q->tail)
		return -1;
	return q->buf[q->head++ & (INPUT_QUEUE_SIZE - 1)];
}
