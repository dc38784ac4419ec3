/* The console backlog: what a console registered late gets replayed. */
#include "kernel/console.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

static struct console_ring ring;
static char seen[CONSOLE_BACKLOG + 1];
static size_t seen_len;

static void collect(const char *s, size_t n)
{
	for (size_t i = 0; i < n && seen_len < CONSOLE_BACKLOG; i++)
		seen[seen_len++] = s[i];
	seen[seen_len] = '\0';
}

static void replay(void)
{
	seen_len = 0;
	seen[0] = '\0';
	console_ring_replay(&ring, collect);
}

KTEST(console, backlog_replays_everything_before_a_wrap)
{
	memset(&ring, 0, sizeof(ring));
	console_ring_append(&ring, "banner\nsecond ", 14);
	console_ring_append(&ring, "line\n", 5);
	replay();
	KEXPECT_STREQ(seen, "banner\nsecond line\n");
}

KTEST(console, backlog_after_a_wrap_starts_at_a_line)
{
	memset(&ring, 0, sizeof(ring));
	char line[16] = "line 000000000\n";		/* 15 bytes */
	unsigned lines = CONSOLE_BACKLOG / 15 + 10;	/* more than fits */
	for (unsigned i = 0; i < lines; i++) {
		line[5] = (char)('0' + i % 10);
		console_ring_append(&ring, line, 15);
	}
	replay();
	/* Whole lines only, the newest last. */
	KEXPECT_EQ(seen_len % 15, 0);
	KEXPECT_GT(seen_len, CONSOLE_BACKLOG - 15);
	KEXPECT_EQ(strncmp(seen, "line ", 5), 0);
	KEXPECT_EQ(seen[seen_len - 10], (char)('0' + (lines - 1) % 10));
}
