#include "arch/x86_64/irq/pit.h"
#include "arch/x86_64/insn/io.h"

#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43	/* mode/command register (write only) */
#define PORT_B		0x61	/* system control port B */

/* Mode/command byte (82C54 data sheet, "Control Word Format"). */
#define PIT_SEL_CH0	(0u << 6)
#define PIT_SEL_CH2	(2u << 6)
#define PIT_ACCESS_LOHI	(3u << 4)	/* count written low byte, then high byte */
#define PIT_MODE0	(0u << 1)	/* interrupt on terminal count (one-shot) */
#define PIT_MODE2	(2u << 1)	/* rate generator (periodic) */
#define PIT_BINARY	0u		/* 16-bit binary count, not BCD */
/* Access bits 00 make the byte a counter latch command instead: the
 * channel copies its count to the output latch, which the next two reads
 * of its port return (low byte, then high), while it goes on counting. */
#define PIT_LATCH	(0u << 4)

/* Port B bits. */
#define PORT_B_GATE2_BIT	0	/* channel 2 gate: counts while high */
#define PORT_B_GATE2		(1u << PORT_B_GATE2_BIT)
#define PORT_B_SPEAKER_BIT	1	/* connect channel 2 to the speaker */
#define PORT_B_SPEAKER		(1u << PORT_B_SPEAKER_BIT)
#define PORT_B_OUT2_BIT		5	/* channel 2 output, read only */
#define PORT_B_OUT2		(1u << PORT_B_OUT2_BIT)

static void load_count(uint16_t port, uint16_t count)
{
	outb(port, count & 0xff);
	outb(port, count >> 8);
}

void pit_start_periodic(unsigned hz)
{
	/* A count of 0 means 65536; hz is at least PIT_HZ / 65536 + 1 here. */
	uint32_t count = (PIT_HZ + hz / 2) / hz;
	outb(PIT_MODE, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE2 | PIT_BINARY);
	load_count(PIT_CH0, (uint16_t)count);
}

void pit_oneshot_start(uint16_t count)
{
	/* Gate high so the channel counts, speaker disconnected so it is
	 * silent.  In mode 0 the count starts on the clock after its high
	 * byte is written, and OUT2 rises when it reaches zero. */
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE0 | PIT_BINARY);
	load_count(PIT_CH2, count);
}

bool pit_oneshot_done(void)
{
	return inb(PORT_B) & PORT_B_OUT2;
}

void pit_freerun_start(void)
{
	/* Mode 2 reloads the count each time it reaches 1; a count of 0
	 * means 65536, so the counter runs through all 16 bits. */
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE2 | PIT_BINARY);
	load_count(PIT_CH2, 0);
}

void pit_freerun_latch(void)
{
	outb(PIT_MODE, PIT_SEL_CH2 | PIT_LATCH);
}

uint16_t pit_freerun_read_latched(void)
{
	uint8_t lo = inb(PIT_CH2);
	uint8_t hi = inb(PIT_CH2);
	return (uint16_t)(lo | hi << 8);
}
