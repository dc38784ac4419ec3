#include "kernel/cmdline.h"
#include "kernel/printf.h"
#include "kernel/string.h"

/* Every option the kernel understands; README's list follows this one. */
static const char *const known_keys[] = {
	"init",		/* init=/bin/NAME: run that program first */
	"test",		/* test or test=PATTERN: run in-kernel tests and end */
	"test_skip",	/* test_skip=N: skip the first N matching tests */
	"panic",	/* panic=exit: end the QEMU run on a panic (tests) */
	"hz",		/* hz=N: timer frequency */
	"loglevel",	/* loglevel=N */
	"crash",	/* crash=KIND: a deliberate fault, for the tests */
	"noapic",	/* noapic: use the 8259 PIC even if there is an APIC */
	"echo_input",	/* echo_input: log each input byte until Ctrl-D, then end */
	"run",		/* run=/bin/A:arg,/bin/B: run programs one after another */
	"bench",	/* bench=mm: time the memory fast paths, then end */
	"norandmaps",	/* norandmaps: no address space layout randomisation (kernel/mm/layout.c) */
	"tsc",		/* tsc=unstable: the vDSO makes the clock system calls (kernel/vdso.c) */
	"kshell",	/* kshell: the kernel's shell even when the root has /sbin/init */
	"torture",	/* torture, torture=small or torture=forkloop:N: a torture run, then end */
};

static char buf[CMDLINE_MAX_LEN];
static struct {
	const char *key;
	const char *value;	/* NULL for a bare flag */
} words[CMDLINE_MAX_WORDS];
static int nwords;
static const char *init_args[CMDLINE_MAX_WORDS];
static int ninit_args;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Cut the word that starts at p into *key and *value (NULL when it has no
 * '='); return where the rest of the line begins.  Quotes work as in
 * Linux's next_arg() (kernel/params.c), which is what a Linux boot loader
 * line expects: a double quote turns splitting at blanks off until the
 * next one, so "two words" and key="a b" are single words; a quote that
 * opens the word, or its value, is removed together with a quote that ends
 * the word.  Any other quote is kept.
 */
static char *cut_word(char *p, char **key, char **value)
{
	bool in_quote = false, quoted = false;
	char *eq = NULL;
	if (*p == '"') {
		p++;
		in_quote = quoted = true;
	}
	char *end = p;
	for (; *end && (in_quote || !is_blank(*end)); end++) {
		if (!eq && *end == '=')
			eq = end;
		if (*end == '"')
			in_quote = !in_quote;
	}
	char *rest = *end ? end + 1 : end;
	*key = p;
	*value = NULL;
	if (eq) {
		*eq = '\0';
		*value = eq + 1;
		if (**value == '"') {
			(*value)++;
			if (end > *value && end[-1] == '"')
				end[-1] = '\0';
		}
	}
	if (quoted && end > p && end[-1] == '"')
		end[-1] = '\0';
	*end = '\0';
	return rest;
}

/* Put key=value back together in place (the value may have lost an
 * opening quote), as Linux's repair_env_string() does for init's words. */
static char *join_word(char *key, char *value)
{
	if (!value)
		return key;
	size_t klen = strlen(key);
	memmove(key + klen + 1, value, strlen(value) + 1);
	key[klen] = '=';
	return key;
}

bool cmdline_parse(const char *line)
{
	bool complete = true;
	size_t len = strlen(line);

	if (len >= sizeof(buf)) {
		len = sizeof(buf) - 1;
		complete = false;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	nwords = ninit_args = 0;

	bool after_dashes = false;
	char *p = buf;
	for (;;) {
		while (is_blank(*p))
			*p++ = '\0';
		if (!*p)
			break;
		char *key, *value;
		p = cut_word(p, &key, &value);

		if (after_dashes) {
			if (ninit_args < CMDLINE_MAX_WORDS)
				init_args[ninit_args++] = join_word(key, value);
			else
				complete = false;
			continue;
		}
		if (!value && strcmp(key, "--") == 0) {
			after_dashes = true;
			continue;
		}
		if (nwords == CMDLINE_MAX_WORDS) {
			complete = false;
			continue;
		}
		words[nwords].key = key;
		words[nwords].value = value;
		nwords++;
	}
	return complete;
}

const char *cmdline_get(const char *key)
{
	/* The last occurrence wins, as in Linux. */
	for (int i = nwords - 1; i >= 0; i--)
		if (strcmp(words[i].key, key) == 0)
			return words[i].value ? words[i].value : "";
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

uint64_t cmdline_get_u64(const char *key, uint64_t fallback)
{
	const char *v = cmdline_get(key);
	if (!v || !*v)
		return fallback;
	uint64_t n = 0;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > (UINT64_MAX - 9) / 10)
			return fallback;
		n = n * 10 + (uint64_t)(*v - '0');
	}
	return n;
}

int cmdline_init_argc(void)
{
	return ninit_args;
}

const char *cmdline_init_arg(int i)
{
	return i >= 0 && i < ninit_args ? init_args[i] : NULL;
}

void cmdline_log_unknown(void)
{
	for (int i = 0; i < nwords; i++) {
		bool known = false;
		for (size_t k = 0; k < sizeof(known_keys) / sizeof(known_keys[0]); k++)
			if (strcmp(words[i].key, known_keys[k]) == 0)
				known = true;
		if (!known)
			kprintf("cmdline: unknown option '%s' ignored\n", words[i].key);
	}
}
