/*
 * The multiboot2 parser (kernel/multiboot2.c, compiled here for the host
 * with AddressSanitizer) against crafted boot information: a good one, and
 * each kind of damage it must turn into a clear error instead of a read
 * past the end.  Every buffer is allocated at exactly the size the parser
 * is told it may read, so ASan catches any overrun.
 */
#include "kernel/multiboot2.c"
#include "kernel/format.c"
#include "tests/host/tap.h"

#include <stdlib.h>
#include <string.h>

/* A little builder for boot information structures. */
struct mbi {
	uint8_t data[4096];
	uint32_t len;
};

static void put32(struct mbi *m, uint32_t v)
{
	memcpy(m->data + m->len, &v, 4);
	m->len += 4;
}

static void put64(struct mbi *m, uint64_t v)
{
	memcpy(m->data + m->len, &v, 8);
	m->len += 8;
}

static void pad8(struct mbi *m)
{
	while (m->len % 8)
		m->data[m->len++] = 0;
}

static void begin(struct mbi *m)
{
	memset(m, 0, sizeof(*m));
	put32(m, 0);	/* total size, patched by finish() */
	put32(m, 0);
}

static void tag_string(struct mbi *m, uint32_t type, const char *s)
{
	uint32_t n = (uint32_t)strlen(s) + 1;
	put32(m, type);
	put32(m, 8 + n);
	memcpy(m->data + m->len, s, n);
	m->len += n;
	pad8(m);
}

static void tag_mmap(struct mbi *m)
{
	put32(m, MB2_TAG_MMAP);
	put32(m, 16 + 2 * 24);
	put32(m, 24);
	put32(m, 0);
	put64(m, 0); put64(m, 0x9fc00); put32(m, MB2_MEMORY_AVAILABLE); put32(m, 0);
	put64(m, 0x100000); put64(m, 0x7ee0000); put32(m, MB2_MEMORY_AVAILABLE); put32(m, 0);
}

static void tag_module(struct mbi *m, uint32_t start, uint32_t end, const char *s)
{
	uint32_t n = (uint32_t)strlen(s) + 1;
	put32(m, MB2_TAG_MODULE);
	put32(m, 16 + n);
	put32(m, start);
	put32(m, end);
	memcpy(m->data + m->len, s, n);
	m->len += n;
	pad8(m);
}

static void tag_end(struct mbi *m)
{
	put32(m, MB2_TAG_END);
	put32(m, 8);
}

static void finish(struct mbi *m)
{
	memcpy(m->data, &m->len, 4);
}

static void good(struct mbi *m)
{
	begin(m);
	tag_string(m, MB2_TAG_CMDLINE, "init=/bin/hello test");
	tag_string(m, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	tag_mmap(m);
	tag_module(m, 0x200000, 0x201000, "/bin/hello");
	put32(m, 0x7777); put32(m, 12); put32(m, 0); pad8(m);	/* unknown tag */
	tag_end(m);
	finish(m);
}

/* Parse len bytes copied into a heap block of exactly len bytes. */
static bool parse(const struct mbi *m, size_t len, struct boot_info *bi, char *err)
{
	uint8_t *copy = aligned_alloc(8, (len + 7) & ~(size_t)7);
	memcpy(copy, m->data, len);
	bool ok = mb2_parse(copy, len, bi, err, 200);
	/* Keep strings valid for the caller's checks: copy before freeing. */
	static char cmd[128];
	if (ok) {
		snprintf(cmd, sizeof(cmd), "%s", bi->cmdline);
		bi->cmdline = cmd;
		bi->loader_name = "";
		bi->mmap = NULL;
		for (uint32_t i = 0; i < bi->module_count; i++)
			bi->modules[i].string = NULL;
	}
	free(copy);
	return ok;
}

/* Expect failure with a message containing want. */
static void expect_error(const char *name, struct mbi *m, size_t len, const char *want)
{
	struct boot_info bi;
	char err[200] = "";
	char detail[300];
	bool ok = parse(m, len, &bi, err);
	snprintf(detail, sizeof(detail), "parse %s; message \"%s\", wanted \"%s\"",
		 ok ? "succeeded" : "failed", err, want);
	tap_check(!ok && strstr(err, want) != NULL, name, detail);
}

int main(void)
{
	struct mbi m;
	struct boot_info bi;
	char err[200] = "";

	good(&m);
	bool ok = parse(&m, m.len, &bi, err);
	tap_check(ok, "mb2.good_structure_parses", err);
	tap_check(ok && strcmp(bi.cmdline, "init=/bin/hello test") == 0, "mb2.cmdline_found", "");
	tap_check(ok && bi.mmap_count == 2 && bi.mmap_entry_size == 24, "mb2.mmap_entries_counted", "");
	tap_check(ok && bi.module_count == 1 && bi.modules[0].start == 0x200000 &&
		  bi.modules[0].end == 0x201000, "mb2.module_found", "");
	tap_check(ok && bi.unknown_tags == 1, "mb2.unknown_tag_skipped", "");

	/* Memory map types: the spec's names; any other type keeps its number. */
	char type[MB2_MEMORY_TYPE_NAME_MAX];
	tap_check(strcmp(mb2_memory_type_name(MB2_MEMORY_NVS, type, sizeof(type)), "ACPI NVS") == 0,
		  "mb2.memory_type_named", "");
	const char *twelve = mb2_memory_type_name(12, type, sizeof(type));
	tap_check(strcmp(twelve, "unknown type 12") == 0, "mb2.unknown_memory_type_shows_number", twelve);
	const char *huge_type = mb2_memory_type_name(0xffffffff, type, sizeof(type));
	tap_check(strcmp(huge_type, "unknown type 4294967295") == 0,
		  "mb2.unknown_memory_type_fits", huge_type);

	good(&m);
	expect_error("mb2.total_size_past_available", &m, m.len - 8, "runs past the");

	good(&m);
	uint32_t tiny = 8;
	memcpy(m.data, &tiny, 4);
	expect_error("mb2.total_size_too_small", &m, m.len, "too small");

	good(&m);
	uint32_t huge = 0x7fffffff;
	memcpy(m.data, &huge, 4);
	expect_error("mb2.total_size_too_large", &m, m.len, "larger than");

	expect_error("mb2.header_truncated", &m, 4, "need the 8-byte header");

	/* First tag (the command line) claims size 4. */
	good(&m);
	uint32_t four = 4;
	memcpy(m.data + 12, &four, 4);
	expect_error("mb2.tag_size_under_8", &m, m.len, "under 8");

	/* First tag claims to run far past the end. */
	good(&m);
	uint32_t big = 4000;
	memcpy(m.data + 12, &big, 4);
	expect_error("mb2.tag_runs_past_end", &m, m.len, "runs past the end");

	/* No end tag: cut the structure before it. */
	good(&m);
	m.len -= 8;
	finish(&m);
	expect_error("mb2.missing_end_tag", &m, m.len, "no end tag");

	/* Command line without its NUL: replace it with 'x'. */
	begin(&m);
	put32(&m, MB2_TAG_CMDLINE); put32(&m, 12); put32(&m, 0x78787878);
	pad8(&m);
	tag_end(&m);
	finish(&m);
	expect_error("mb2.unterminated_string", &m, m.len, "not terminated");

	/* Memory map with an entry size smaller than an entry. */
	begin(&m);
	put32(&m, MB2_TAG_MMAP); put32(&m, 16); put32(&m, 8); put32(&m, 0);
	tag_end(&m);
	finish(&m);
	expect_error("mb2.bad_mmap_entry_size", &m, m.len, "bad entry size");

	/* Module whose end comes before its start. */
	begin(&m);
	tag_module(&m, 0x300000, 0x200000, "/bin/x");
	tag_end(&m);
	finish(&m);
	expect_error("mb2.module_end_before_start", &m, m.len, "before start");

	/* Every truncation of a good structure is refused, never overread. */
	good(&m);
	bool all_refused = true;
	for (uint32_t cut = 0; cut < m.len; cut++) {
		char e[200];
		if (parse(&m, cut, &bi, e))
			all_refused = false;
	}
	tap_check(all_refused, "mb2.every_truncation_refused", "");

	/* Random corruption: the parser must never read out of bounds
	 * (ASan would abort) whatever it decides. */
	srand(1);
	int accepted = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		good(&m);
		for (int flips = 1 + rand() % 4; flips; flips--)
			m.data[8 + rand() % (m.len - 8)] = (uint8_t)rand();
		char e[200];
		if (parse(&m, m.len, &bi, e))
			accepted++;
		else
			refused++;
	}
	char detail[100];
	snprintf(detail, sizeof(detail), "%d accepted, %d refused", accepted, refused);
	/* Both outcomes must occur, or the corruption did not exercise the
	 * checks; an overread would have stopped the program under ASan. */
	tap_check(accepted > 0 && refused > 0, "mb2.random_corruption_no_overread", detail);

	return tap_done();
}
