/*
 * hello - the reference article's example in C: print one line with a raw
 * write system call written out right here, then exit 0.
 */
/*
 * write(2) by hand, exactly as the article's Rust `asm!` block does it:
 *   "=a"(ret)      the kernel returns the result (bytes or -errno) in RAX
 *   "a"(1L)        RAX in: system call number 1, write
 *   "D"((long)fd)  RDI: argument 1, the file descriptor
 *   "S"(buf)       RSI: argument 2, the buffer
 *   "d"(len)       RDX: argument 3, the length
 *   "rcx", "r11"   SYSCALL overwrites them with the return RIP and RFLAGS
 *   "memory"       the kernel reads *buf, which the compiler cannot see, so
 *                  the string must really be in memory before the syscall
 */
static long sys_write(int fd, const void *buf, unsigned long len)
{
	long ret;
	__asm__ volatile ("syscall"
		: "=a"(ret)
		: "a"(1L), "D"((long)fd), "S"(buf), "d"(len)
		: "rcx", "r11", "memory");
	return ret;
}

int main(void)
{
	static const char msg[] = "Hello from inline assembly!\n";

	return sys_write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1;
}
