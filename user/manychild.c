/*
 * manychild - many children alive (or zombies) at once. The parent forks
 * CHILDREN children before it reaps any; child i exits with i & 0xff. Then
 * wait4(-1) reaps them in whatever order the kernel gives: every pid must
 * come back exactly once, each with its own child's status, and then
 * -ECHILD. TAP on fd 1, exit 0 if all passed. Runs the same on Linux.
 *
 * Needs: fork, wait4(-1), exit_group; room for 300 processes at once.
 */
#include "lib/ulib.h"

#define CHILDREN 300	/* more than 256: the statuses i & 0xff repeat */

static long pids[CHILDREN];
static char seen[CHILDREN];

static int index_of(long pid)
{
	int i;

	for (i = 0; i < CHILDREN; i++)
		if (pids[i] == pid)
			return i;
	return -1;
}

int main(void)
{
	int i, made = 0, unknown = 0, twice = 0, wrong = 0, reaped = 0, distinct = 1;
	long first_error = 0;

	tap_start();
	for (i = 0; i < CHILDREN; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			exit(i & 0xff);
		if (pids[i] > 0)
			made++;
		else if (!first_error)
			first_error = pids[i];
	}
	if (first_error)
		uprintf("# fork failed: %ld\n", first_error);
	ok(made == CHILDREN, "300 forks in a row all succeed");
	for (i = 0; i < CHILDREN && distinct; i++)
		if (pids[i] > 0 && index_of(pids[i]) != i)
			distinct = 0;
	ok(distinct, "the 300 children have 300 different pids");

	for (i = 0; i < made; i++) {
		int status = -1, k;
		long pid = wait4(-1, &status, 0, NULL);

		if (pid <= 0) {
			uprintf("# wait4 failed after %d: %ld\n", reaped, pid);
			break;
		}
		reaped++;
		k = index_of(pid);
		if (k < 0)
			unknown++;
		else if (seen[k]++)
			twice++;
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != (k & 0xff))
			wrong++;
	}
	ok(reaped == made && made > 0, "wait4(-1) reaps as many children as were made");
	ok(unknown == 0, "every pid wait4 returned is one fork returned");
	ok(twice == 0, "no pid comes back twice");
	ok(wrong == 0, "each child's status is its index & 0xff");
	ok(wait4(-1, NULL, 0, NULL) == -ECHILD, "then wait4(-1) is -ECHILD");
	return tap_done();
}
