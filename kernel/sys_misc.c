/* uname, sethostname, getrandom, getcpu, rseq. */
#include "kernel/errno.h"
#include "kernel/random.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/vdso.h"
#include "kernel/uaccess.h"
#include "kernel/version.h"

#define UTSNAME_LEN	65

/* struct new_utsname (Linux include/uapi/linux/utsname.h). */
struct utsname {
	char sysname[UTSNAME_LEN];
	char nodename[UTSNAME_LEN];
	char release[UTSNAME_LEN];
	char version[UTSNAME_LEN];
	char machine[UTSNAME_LEN];
	char domainname[UTSNAME_LEN];
};

/* One machine, one name: sethostname changes nodename for everyone. */
static struct utsname uts = {
	.sysname = ANVIL_UTS_SYSNAME,
	.nodename = "anvil",
	.release = ANVIL_VERSION,
	.version = ANVIL_UTS_VERSION,
	.machine = "x86_64",
	.domainname = "(none)",
};

long sys_uname(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	return copy_to_user(arg[0], &uts, sizeof(uts)) ? -EFAULT : 0;
}

/* sethostname(name, len): as Linux's, len above 64 is EINVAL and the name
 * need not end in NUL (every process runs as root: no EPERM). */
long sys_sethostname(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	char name[UTSNAME_LEN];
	uint64_t len = arg[1];

	if (len >= UTSNAME_LEN)
		return -EINVAL;
	if (copy_from_user(name, arg[0], len))
		return -EFAULT;
	memset(uts.nodename, 0, sizeof(uts.nodename));
	memcpy(uts.nodename, name, len);
	return 0;
}

/* getrandom flags (Linux include/uapi/linux/random.h). */
#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GRND_INSECURE	0x4
#define GETRANDOM_MAX	0x7ffff000UL	/* Linux caps one call like a read */

long sys_getrandom(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	uint64_t buf = arg[0], len = arg[1];
	unsigned flags = (unsigned)arg[2];
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	uint8_t chunk[64];
	for (uint64_t done = 0; done < len;) {
		size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)len;
}

/* getcpu(cpu, node, cache): one CPU, one node: both 0; either pointer
 * may be 0, and the third is unused since Linux 2.6.24
 * (kernel/sys.c). */
long sys_getcpu(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	vdso_count(VDSO_GETCPU);
	unsigned zero = 0;
	if (arg[0] && copy_to_user(arg[0], &zero, sizeof(zero)))
		return -EFAULT;
	if (arg[1] && copy_to_user(arg[1], &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

/* rseq(rseq, len, flags, sig): restartable sequences are not here.
 * -ENOSYS is what a Linux built without CONFIG_RSEQ answers
 * (kernel/sys_ni.c), and glibc and musl then simply do without; a
 * handler of its own, so that this known call is not logged as unknown. */
long sys_rseq(const uint64_t arg[SYSCALL_MAX_ARGS])
{
	(void)arg;
	return -ENOSYS;
}
