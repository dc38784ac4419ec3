#include "kernel/input_queue.h"
#include "kernel/ktest.h"

static struct input_queue q;	/* too big for comfort on the test's stack */

KTEST(input_queue, fifo_order)
{
	q = (struct input_queue){ 0 };
	KEXPECT_EQ(input_queue_get(&q), -1);
	KEXPECT_TRUE(input_queue_put(&q, "ab", 2));
	KEXPECT_TRUE(input_queue_put(&q, "\xff", 1));
	KEXPECT_EQ(input_queue_len(&q), 3);
	KEXPECT_EQ(input_queue_get(&q), 'a');
	KEXPECT_EQ(input_queue_get(&q), 'b');
	KEXPECT_EQ(input_queue_get(&q), 0xff);	/* a byte, not a negative char */
	KEXPECT_EQ(input_queue_get(&q), -1);
}

KTEST(input_queue, full_queue_drops_and_counts)
{
	q = (struct input_queue){ 0 };
	for (int i = 0; i < INPUT_QUEUE_SIZE; i++) {
		char c = (char)i;
		KASSERT_TRUE(input_queue_put(&q, &c, 1));
	}
	KEXPECT_TRUE(!input_queue_put(&q, "x", 1));
	KEXPECT_TRUE(!input_queue_put(&q, "\x1b[A", 3));
	KEXPECT_EQ(q.dropped, 4);
	KEXPECT_EQ(input_queue_len(&q), INPUT_QUEUE_SIZE);
	/* Nothing was overwritten: the oldest byte is still the first one. */
	KEXPECT_EQ(input_queue_get(&q), 0);
	KEXPECT_EQ(input_queue_get(&q), 1);
}

KTEST(input_queue, sequence_dropped_whole_not_split)
{
	q = (struct input_queue){ 0 };
	for (int i = 0; i < INPUT_QUEUE_SIZE - 2; i++)
		KASSERT_TRUE(input_queue_put(&q, "a", 1));
	KEXPECT_TRUE(!input_queue_put(&q, "\x1b[B", 3));	/* only 2 free */
	KEXPECT_EQ(input_queue_len(&q), INPUT_QUEUE_SIZE - 2);
	KEXPECT_TRUE(input_queue_put(&q, "yz", 2));
	KEXPECT_EQ(q.dropped, 3);
}

KTEST(input_queue, indexes_wrap_around)
{
	/* Start just below the 32-bit wrap of the free-running indexes. */
	q = (struct input_queue){ .head = 0xfffffffe, .tail = 0xfffffffe };
	KEXPECT_TRUE(input_queue_put(&q, "wxyz", 4));
	KEXPECT_EQ(input_queue_len(&q), 4);
	KEXPECT_EQ(input_queue_get(&q), 'w');
	KEXPECT_EQ(input_queue_get(&q), 'x');
	KEXPECT_EQ(input_queue_get(&q), 'y');
	KEXPECT_EQ(input_queue_get(&q), 'z');
	KEXPECT_EQ(input_queue_get(&q), -1);
}
