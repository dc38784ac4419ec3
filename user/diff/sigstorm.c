/*
 * sigstorm - many signals between two processes: SIGUSR1/SIGUSR2
 * ping-pong, each side waiting in sigsuspend, counts exact on both
 * sides; and real-time signals queued by a child with sigqueue, every
 * one delivered, in order, with its value.
 *
 * user/diff/diff.h says how the output is compared with Linux's.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>

#include "diff.h"

#define ROUNDS	5000
#define RT_SENT	200

static volatile sig_atomic_t got;
static volatile int rt_count, rt_in_order;

static void on_sig(int sig) { (void)sig; got++; }

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	if (si->si_value.sival_int != rt_count || si->si_code != SI_QUEUE)
		rt_in_order = 0;
	rt_count++;
}

/* Wait in sigsuspend until the handler has run `want` times. */
static void wait_for(int want, const sigset_t *during)
{
	while (got < want)
		sigsuspend(during);
}

static void ping_pong(void)
{
	sigset_t block, during;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &during);
	sigdelset(&during, SIGUSR1);
	sigdelset(&during, SIGUSR2);
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	got = 0;
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		for (int i = 1; i <= ROUNDS; i++) {
			wait_for(i, &during);		/* SIGUSR1 from the parent */
			kill(parent, SIGUSR2);
		}
		_exit(got == ROUNDS ? 0 : 1);
	}
	for (int i = 1; i <= ROUNDS; i++) {
		kill(pid, SIGUSR1);
		wait_for(i, &during);			/* SIGUSR2 back */
	}
	int status;
	waitpid(pid, &status, 0);
	say("ping-pong %d rounds: parent got %d, child's count exact %s", ROUNDS, (int)got,
	    yesno(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	sigprocmask(SIG_UNBLOCK, &block, NULL);
}

static void rt_queue(void)
{
	int sig = SIGRTMIN + 2;
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	rt_count = 0;
	rt_in_order = 1;
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		int failed = 0;
		for (int i = 0; i < RT_SENT; i++)
			failed += sigqueue(parent, sig, (union sigval){ .sival_int = i }) != 0;
		_exit(failed);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child queued %d: failures %d", RT_SENT, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	sigprocmask(SIG_SETMASK, &old, NULL);	/* all delivered here */
	say("delivered %d, in order with their values %s", rt_count, yesno(rt_in_order));
}

int main(void)
{
	diff_start("sigstorm");
	ping_pong();
	rt_queue();
	say("done");
	return 0;
}
