/*
 * bench-server: a small, fast loopback HTTP/1.1 server with canned model
 * answers, for scripts/bench-infer. A Python test server tops out at a few
 * thousand requests a second; measuring llm-infer at 10k/s needs a server
 * that is not the bottleneck.
 *
 *   bench-server [--port-file FILE] [--threads N]
 *
 * Binds 127.0.0.1 on a free port, prints it (and writes it to FILE). Every
 * POST gets a canned Chat Completions answer, or a Messages answer when
 * the path ends in /messages; connections are kept alive; pipelined
 * requests are answered in order. epoll, edge-triggered; with --threads N,
 * N event loops share the listening socket (SO_REUSEPORT is not needed:
 * each thread accepts from one non-blocking socket).
 *
 * A benchmark tool, not a web server: no chunked request bodies, headers
 * up to 64 KiB, bodies up to 16 MiB.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_HEAD (64 * 1024)
#define MAX_BODY (16 * 1024 * 1024)

static const char OPENAI_BODY[] =
	"{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
	"\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
	"\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
static const char ANTHROPIC_BODY[] =
	"{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"bench\",\"content\":[{\"type\":"
	"\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}";

static char openai_resp[1024], anthropic_resp[1024];
static size_t openai_len, anthropic_len;
static int lfd;

struct conn {
	int fd;
	char *in;
	size_t inlen, incap;
	char *out;
	size_t outlen, outoff, outcap;
};

static void put_out(struct conn *c, const char *p, size_t n)
{
	if (c->outlen + n > c->outcap) {
		size_t nc = c->outcap ? c->outcap * 2 : 8192;
		while (nc < c->outlen + n)
			nc *= 2;
		char *q = realloc(c->out, nc);
		if (!q)
			abort();
		c->out = q;
		c->outcap = nc;
	}
	memcpy(c->out + c->outlen, p, n);
	c->outlen += n;
}

/* Answers every complete request in c->in; returns -1 on a protocol error. */
static int serve(struct conn *c)
{
	size_t off = 0;
	for (;;) {
		char *base = c->in + off;
		size_t avail = c->inlen - off;
		char *end = avail >= 4 ? memmem(base, avail, "\r\n\r\n", 4) : NULL;
		if (!end) {
			if (avail > MAX_HEAD)
				return -1;
			break;
		}
		size_t head = (size_t)(end - base) + 4;
		size_t clen = 0;
		for (char *l = base; l < end;) {
			char *nl = memchr(l, '\n', (size_t)(end - l));
			if (!nl)
				nl = end;
			if ((size_t)(nl - l) > 15 && !strncasecmp(l, "content-length:", 15))
				clen = strtoul(l + 15, NULL, 10);
			l = nl + 1;
		}
		if (clen > MAX_BODY)
			return -1;
		if (avail < head + clen)
			break;
		/* The path: "POST /x/messages HTTP/1.1" */
		char *sp = memchr(base, ' ', head), *sp2 = sp ? memchr(sp + 1, ' ', head - (size_t)(sp + 1 - base)) : NULL;
		int anth = sp && sp2 && sp2 - sp > 9 && !memcmp(sp2 - 9, "/messages", 9);
		if (anth)
			put_out(c, anthropic_resp, anthropic_len);
		else
			put_out(c, openai_resp, openai_len);
		off += head + clen;
	}
	if (off) {
		memmove(c->in, c->in + off, c->inlen - off);
		c->inlen -= off;
	}
	return 0;
}

static int flush_out(struct conn *c)
{
	while (c->outoff < c->outlen) {
		ssize_t k = write(c->fd, c->out + c->outoff, c->outlen - c->outoff);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		c->outoff += (size_t)k;
	}
	c->outoff = c->outlen = 0;
	return 0;
}

static void conn_close(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->in);
	free(c->out);
	free(c);
}

static void *loop(void *arg)
{
	(void)arg;
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL };
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	struct epoll_event evs[256];
	for (;;) {
		int n = epoll_wait(ep, evs, 256, -1);
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if (!c) {
				int fd;
				while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					int one = 1;
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
					struct conn *nc = calloc(1, sizeof(*nc));
					nc->fd = fd;
					struct epoll_event e = { .events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP, .data.ptr = nc };
					epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
				}
				continue;
			}
			int dead = 0;
			if (evs[i].events & EPOLLIN) {
				for (;;) {
					if (c->incap - c->inlen < 16384) {
						size_t ncap = c->incap ? c->incap * 2 : 65536;
						char *q = realloc(c->in, ncap);
						if (!q)
							abort();
						c->in = q;
						c->incap = ncap;
					}
					ssize_t k = read(c->fd, c->in + c->inlen, c->incap - c->inlen);
					if (k > 0) {
						c->inlen += (size_t)k;
						if (c->inlen > MAX_HEAD + MAX_BODY) {
							dead = 1;
							break;
						}
						continue;
					}
					if (k == 0 || (errno != EAGAIN && errno != EINTR))
						dead = 1;
					if (k < 0 && errno == EINTR)
						continue;
					break;
				}
				if (!dead && serve(c) < 0)
					dead = 1;
			}
			if (!dead && flush_out(c) < 0)
				dead = 1;
			if (dead || (evs[i].events & (EPOLLERR | EPOLLHUP)))
				conn_close(ep, c);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *port_file = NULL;
	int threads = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port-file") && i + 1 < argc)
			port_file = argv[++i];
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench-server [--port-file FILE] [--threads N]\n");
			return 2;
		}
	}
	if (threads < 1 || threads > 64)
		threads = 1;
	signal(SIGPIPE, SIG_IGN);
	openai_len = (size_t)snprintf(openai_resp, sizeof(openai_resp),
				      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
				      sizeof(OPENAI_BODY) - 1, OPENAI_BODY);
	anthropic_len = (size_t)snprintf(anthropic_resp, sizeof(anthropic_resp),
					 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
					 sizeof(ANTHROPIC_BODY) - 1, ANTHROPIC_BODY);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 4096) < 0 ||
	    getsockname(lfd, (struct sockaddr *)&a, &al) < 0) {
		perror("bench-server");
		return 7;
	}
	int port = ntohs(a.sin_port);
	if (port_file) {
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		FILE *f = fopen(tmp, "w");
		if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, port_file) != 0) {
			perror("bench-server: port file");
			return 7;
		}
	}
	printf("%d\n", port);
	fflush(stdout);
	pthread_t t;
	for (int i = 1; i < threads; i++)
		pthread_create(&t, NULL, loop, NULL);
	loop(NULL);
	return 0;
}
