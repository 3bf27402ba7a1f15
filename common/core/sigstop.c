/*
 * sigstop: stop between records on a signal; see sigstop.h.
 */
#include "core/sigstop.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exitcode.h"

_Static_assert(EXITCODE_SIGHUP == 128 + SIGHUP && EXITCODE_SIGINT == 128 + SIGINT &&
		       EXITCODE_SIGPIPE == 128 + SIGPIPE && EXITCODE_SIGTERM == 128 + SIGTERM,
	       "exitcode.h: a signal status is 128 + the signal's number");

static volatile sig_atomic_t stop_signo;
static int installed;

static void on_signal(int signo)
{
	if (!stop_signo)
		stop_signo = signo;
}

static void stop_set(sigset_t *s)
{
	sigemptyset(s);
	sigaddset(s, SIGTERM);
	sigaddset(s, SIGINT);
	sigaddset(s, SIGHUP);
}

/* Runs last among the exit handlers registered before it, so the tool's
 * own cleanup has run; stdio still holds what printf buffered. */
static void reraise(void)
{
	int signo = stop_signo;
	if (!signo)
		return;
	fflush(NULL);
	signal(signo, SIG_DFL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, signo);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	raise(signo);
	/* Only when the signal could not end us (it is ignored by default
	 * nowhere, but be exact about the status anyway). */
	_exit(128 + signo);
}

void sigstop_install(void)
{
	if (installed)
		return;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	stop_set(&sa.sa_mask);
	const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		/* A signal ignored by whoever started us (nohup, a background
		 * job without job control) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	atexit(reraise);
	installed = 1;
}

int sigstop_requested(void)
{
	return stop_signo;
}

int sigstop_wait_readable(int fd)
{
	if (!installed)
		return 1;
	sigset_t block, old;
	stop_set(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc;
	for (;;) {
		if (stop_signo) {
			rc = 0;
			break;
		}
		/* Atomically unblocks and sleeps: a signal that arrived after
		 * the test above is pending, and wakes ppoll at once. */
		struct pollfd p = { fd, POLLIN, 0 };
		int k = ppoll(&p, 1, NULL, &old);
		if (k > 0) {
			rc = 1;
			break;
		}
		if (k < 0 && errno != EINTR) {
			rc = -1;
			break;
		}
	}
	int e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return rc;
}

void sigstop_block(sigset_t *old)
{
	sigset_t s;
	stop_set(&s);
	pthread_sigmask(SIG_BLOCK, &s, old);
}

void sigstop_restore(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}
