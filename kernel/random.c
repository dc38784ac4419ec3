/* The ChaCha20 generator behind getrandom and AT_RANDOM (kernel/random.h). */
#include "kernel/random.h"
#include "arch/x86_64/cpu/cpufeatures.h"
#include "arch/x86_64/cpu/random.h"
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/insn/cpuid.h"
#include "arch/x86_64/insn/tsc.h"
#include "kernel/boot.h"
#include "kernel/printf.h"
#include "kernel/string.h"

static uint8_t key[CHACHA20_KEY_SIZE];	/* the generator's whole state */

/* Interrupt timings since the last request (random_add_interrupt). */
#define IRQ_POOL_WORDS (CHACHA20_KEY_SIZE / 8)
static uint64_t irq_pool[IRQ_POOL_WORDS];
static unsigned irq_events;

/* Nonces keep the two uses of the block function apart: output blocks
 * use all zeros (as Linux's crng), mixing uses this one. */
static const uint8_t output_nonce[CHACHA20_NONCE_SIZE];
static const uint8_t mix_nonce[CHACHA20_NONCE_SIZE] = "anvil mix";

/* Clear secrets in a way the compiler may not drop as a dead store:
 * volatile stores, a word at a time where the buffer is 8-byte aligned
 * (the ones here are), an eighth of the stores of a byte loop. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;
	size_t i = 0;
	for (; i < n && ((uintptr_t)(b + i) & 7); i++)
		b[i] = 0;
	for (; i + 8 <= n; i += 8)
		*(volatile uint64_t *)(b + i) = 0;
	for (; i < n; i++)
		b[i] = 0;
}

/* Mix n bytes of input into the key: XOR in 32 bytes at a time, then
 * replace the key by the first 32 bytes of its ChaCha20 block, so every
 * key bit depends on every input bit so far.  (Linux extracts with
 * BLAKE2s; here the block function does the hashing.  Input an attacker
 * chooses cannot undo a key it does not know.) */
static void mix(const void *data, size_t n)
{
	const uint8_t *in = data;
	uint8_t block[CHACHA20_BLOCK_SIZE] __attribute__((aligned(8)));
	while (n) {
		size_t k = n < CHACHA20_KEY_SIZE ? n : CHACHA20_KEY_SIZE;
		for (size_t i = 0; i < k; i++)
			key[i] ^= in[i];
		chacha20_block(key, 0, mix_nonce, block);
		memcpy(key, block, CHACHA20_KEY_SIZE);
		in += k;
		n -= k;
	}
	wipe(block, sizeof(block));
}

/* Timing jitter: how many TSC ticks a cpuid (serialising, and an exit to
 * the hypervisor under KVM) takes varies with caches, the host and
 * interrupts; 64 samples of it. */
static void mix_tsc_jitter(void)
{
	uint64_t samples[64];
	for (unsigned i = 0; i < 64; i++) {
		uint64_t t0 = rdtsc();
		(void)cpuid(0, 0);
		samples[i] = rdtsc() - t0 + (t0 << 32);
	}
	mix(samples, sizeof(samples));
}

/* The hardware generator's words, where there is one; which one it was. */
static const char *mix_hwrng(void)
{
	uint64_t v[4];
	const char *source = "RDSEED";
	for (int i = 0; i < 4; i++) {
		if (rdseed64(&v[i]) == HWRNG_OK)
			continue;
		source = "RDRAND";
		if (rdrand64(&v[i]) != HWRNG_OK)
			return NULL;
	}
	mix(v, sizeof(v));
	wipe(v, sizeof(v));
	return source;
}

void random_init(void)
{
	const char *hw = mix_hwrng();
	mix_tsc_jitter();
	mix(&boot_info, sizeof(boot_info));	/* addresses, sizes, flags */
	mix(boot_info.cmdline, strlen(boot_info.cmdline));
	mix(boot_info.mmap, (size_t)boot_info.mmap_count * boot_info.mmap_entry_size);
	uint64_t now = rdtsc();
	mix(&now, sizeof(now));
	if (hw)
		kprintf("random: ChaCha20, seeded from %s, TSC jitter and boot data\n", hw);
	else
		kprintf("random: ChaCha20, seeded from TSC jitter, boot data and interrupt timings (no RDSEED/RDRAND)\n");
}

void random_add_interrupt(unsigned irq)
{
	unsigned i = irq_events++ % IRQ_POOL_WORDS;
	uint64_t w = irq_pool[i];
	irq_pool[i] = (w << 7 | w >> 57) ^ rdtsc() ^ (uint64_t)irq << 56;
}

void crng_generate(uint8_t k[CHACHA20_KEY_SIZE], void *out, size_t n)
{
	uint8_t old[CHACHA20_KEY_SIZE] __attribute__((aligned(8)));
	uint8_t block[CHACHA20_BLOCK_SIZE] __attribute__((aligned(8)));
	uint8_t *p = out;

	/* Linux's crng_fast_key_erasure: block 0's first half is the next
	 * key, its second half the first output bytes. */
	memcpy(old, k, sizeof(old));
	chacha20_block(old, 0, output_nonce, block);
	memcpy(k, block, CHACHA20_KEY_SIZE);
	size_t take = n < CHACHA20_BLOCK_SIZE - CHACHA20_KEY_SIZE ? n : CHACHA20_BLOCK_SIZE - CHACHA20_KEY_SIZE;
	memcpy(p, block + CHACHA20_KEY_SIZE, take);
	p += take;
	n -= take;
	for (uint32_t counter = 1; n; counter++) {
		chacha20_block(old, counter, output_nonce, block);
		take = n < CHACHA20_BLOCK_SIZE ? n : CHACHA20_BLOCK_SIZE;
		memcpy(p, block, take);
		p += take;
		n -= take;
	}
	wipe(old, sizeof(old));
	wipe(block, sizeof(block));
}

void random_bytes(void *buf, size_t n)
{
	/* Interrupts off: an interrupt must not change the pool while it is
	 * read, and two requests must not use the same key. */
	uint64_t flags = irq_save();
	uint64_t fresh[IRQ_POOL_WORDS], hw = 0;
	bool have = irq_events != 0;
	memcpy(fresh, irq_pool, sizeof(irq_pool));
	wipe(irq_pool, sizeof(irq_pool));
	irq_events = 0;
	/* The RDRAND word is XORed into the pool's first word, not appended:
	 * the key takes the same bits, but from one 32-byte mix, one block
	 * function where 40 bytes took two. */
	if (rdrand64(&hw) == HWRNG_OK) {
		fresh[0] ^= hw;
		have = true;
	}
	if (have)
		mix(fresh, sizeof(fresh));
	crng_generate(key, buf, n);
	irq_restore(flags);
	wipe(fresh, sizeof(fresh));
	wipe(&hw, sizeof(hw));
}
