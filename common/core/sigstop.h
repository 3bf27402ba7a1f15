/*
 * sigstop: stopping between records on SIGTERM, SIGINT and SIGHUP.
 *
 * A binary that calls sigstop_install() is not killed by these signals
 * mid-write: the handler only notes the signal. input_next() then reports
 * the end of input before the next record, so each binary leaves its
 * record loop the ordinary way: the records it had answered are written
 * (whole lines only: ndjson.h), state it commits at the end of a run
 * (vault batch, budget state, cache, ledger batch) is committed, and the
 * process ends. At exit the signal is raised again with its default
 * action, so the status is the signal's own: a shell reports 128 + the
 * signal number (SIGHUP 129, SIGINT 130, SIGTERM 143), and a shell script
 * looping over the tool stops on ^C as it should.
 *
 * SIGPIPE keeps its default: when the reader of our output is gone there
 * is nobody left to receive whole lines.
 *
 * Library code only asks (sigstop_requested); only cmd/ installs.
 */
#ifndef LLM_SIGSTOP_H
#define LLM_SIGSTOP_H

#include <signal.h>

/* Catches SIGTERM, SIGINT and SIGHUP (SA_RESTART: system calls elsewhere
 * are not cut short), and re-raises the caught one at exit(). */
void sigstop_install(void);
/* The signal that asked us to stop, or 0. */
int sigstop_requested(void);
/* Waits until fd is readable or a stop is requested, without the race
 * between looking at the flag and going to sleep. Returns 1 when fd is
 * readable (or when nothing is installed: the caller's read blocks as
 * before), 0 when a stop was requested, -1 with errno on error. */
int sigstop_wait_readable(int fd);
/* Blocks the stop signals in the calling thread, saving its mask in old:
 * call around pthread_create so that workers inherit the block and the
 * signal always reaches the thread that reads input. */
void sigstop_block(sigset_t *old);
void sigstop_restore(const sigset_t *old);

#endif
