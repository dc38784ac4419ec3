/* ct_memeq gives memcmp's equality answer, for every length and for a
 * difference at every position. */
#include "kernel/ct.h"
#include "kernel/ktest.h"
#include "kernel/string.h"

KTEST(ct, memeq_agrees_with_memcmp)
{
	uint8_t a[64], b[64];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = b[i] = (uint8_t)(i * 37 + 1);

	KEXPECT_TRUE(ct_memeq(a, b, 0));
	for (size_t n = 1; n <= sizeof(a); n++) {
		KEXPECT_TRUE(ct_memeq(a, b, n));
		for (size_t pos = 0; pos < n; pos++) {
			for (int bit = 0; bit < 8; bit += 7) {	/* lowest and highest bit */
				b[pos] ^= (uint8_t)(1 << bit);
				bool eq = ct_memeq(a, b, n);
				b[pos] ^= (uint8_t)(1 << bit);
				if (!KEXPECT_TRUE(!eq))
					return;
			}
		}
	}
	/* A difference past n does not count. */
	b[10] ^= 0xff;
	KEXPECT_TRUE(ct_memeq(a, b, 10));
	KEXPECT_TRUE(!ct_memeq(a, b, 11));
	KEXPECT_EQ(ct_memeq(a, b, 11), memcmp(a, b, 11) == 0);
}
