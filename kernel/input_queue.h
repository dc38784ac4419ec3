/*
 * A byte ring buffer for input: interrupt handlers put, readers get.
 * It never overwrites: when the bytes do not all fit, they are dropped
 * and counted, so what is read is always a prefix of what was typed.
 * The ring itself takes no lock; kernel/console_input.c wraps it in
 * irq_save/irq_restore, which on one CPU is all the exclusion needed.
 */
#ifndef ANVIL_KERNEL_INPUT_QUEUE_H
#define ANVIL_KERNEL_INPUT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INPUT_QUEUE_SIZE 256	/* bytes; a power of two */

struct input_queue {
	uint8_t buf[INPUT_QUEUE_SIZE];
	uint32_t head;		/* next byte to read; free-running */
	uint32_t tail;		/* next free slot; free-running */
	uint64_t dropped;	/* bytes refused because the queue was full */
};

/* Append all n bytes, or none of them if they do not all fit (a partial
 * escape sequence would be worse than none): then count them as dropped
 * and return false. */
bool input_queue_put(struct input_queue *q, const char *s, size_t n);
/* The oldest byte, or -1 when empty. */
int input_queue_get(struct input_queue *q);
size_t input_queue_len(const struct input_queue *q);

#endif
