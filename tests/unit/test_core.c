/*
 * Unit tests for the foundation: json scanner, ndjson reader/writer, jpath,
 * record splicing and error records, base64, hashes.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/b64.h"
#include "core/dataclass.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/jpath.h"
#include "core/ndjson.h"
#include "core/record.h"
#include "core/version.h"
#include "unit.h"

static int valid(const char *s)
{
	struct json_error e;
	return json_scan(s, strlen(s), NULL, NULL, &e) == 0;
}

static void test_json_valid(void)
{
	const char *good[] = { "{}", "[]", "0", "-0", "1.5e+10", "-1.0E-2", "\"\"", "true", "false",
		"null", " { \"a\" : [1, 2, {\"b\": null}] } ", "\"\\u00e9\\ud83d\\ude00\"",
		"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
		"[[[[[[[[[[]]]]]]]]]]", NULL };
	const char *bad[] = { "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5",
		"+1", "1e", "-", "\"abc", "\"\\x\"", "\"\\u12g4\"", "tru", "nul", "{} {}", "[1 2]",
		"{\"a\" 1}", "\"a\tb\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"",
		"\"\xf4\x90\x80\x80\"", "\"\xe0\x80\xaf\"", "\"\xff\"", "NaN", "Infinity", NULL };
	for (int i = 0; good[i]; i++)
		CHECK_MSG(valid(good[i]), "should be valid: %s", good[i]);
	for (int i = 0; bad[i]; i++)
		CHECK_MSG(!valid(bad[i]), "should be invalid: %s", bad[i]);

	/* depth limit: 256 ok, 257 not */
	char deep[600];
	memset(deep, '[', 256);
	memset(deep + 256, ']', 256);
	deep[512] = 0;
	CHECK(valid(deep));
	memset(deep, '[', 257);
	memset(deep + 257, ']', 257);
	deep[514] = 0;
	CHECK(!valid(deep));

	/* long strings cross the 16-byte SIMD blocks with specials at every offset */
	for (int off = 0; off < 40; off++) {
		char s[64];
		memset(s, 'a', sizeof(s));
		s[0] = '"';
		s[off + 1] = '\\';
		s[off + 2] = 'n';
		s[50] = '"';
		s[51] = 0;
		CHECK_MSG(valid(s), "escape at %d", off);
		s[off + 1] = 0x01;
		CHECK_MSG(!valid(s), "control at %d", off);
	}
	struct json_error e;
	CHECK(json_scan("{\"a\":tru}", 9, NULL, NULL, &e) < 0 && e.offset == 5);
}

static void test_json_index(void)
{
	const char *s = "{\"id\":7, \"text\":\"hi\\nthere\", \"x\":{\"y\":[1,\"]\"]},\"_llm\":{\"a\":1}}";
	struct json_index idx = { 0 };
	struct json_span root;
	CHECK(json_scan(s, strlen(s), &root, &idx, NULL) == 0);
	CHECK_EQ_INT(idx.n, 4);
	CHECK(json_string_eq(idx.v[1].key, "text"));
	struct json_span t = json_index_get(&idx, "text", NULL);
	CHECK(t.type == JSON_STRING && !json_string_is_plain(t));
	struct buf b = BUF_INIT;
	json_string_decode(t, &b);
	CHECK_EQ_STR(b.p, "hi\nthere");
	struct json_span x = json_index_get(&idx, "x", NULL);
	struct json_span y = json_object_get(x, "y");
	CHECK(y.type == JSON_ARRAY && y.n == 7);
	buf_reset(&b);
	json_string_decode((struct json_span){ "\"\\ud83d\\ude00 \\ud800 \\u00e9\"", 28, JSON_STRING }, &b);
	CHECK_EQ_STR(b.p, "\xf0\x9f\x98\x80 \xef\xbf\xbd \xc3\xa9");
	buf_reset(&b);
	CHECK_EQ_INT(json_escape(&b, "a\"b\\c\n\x01\xff", 8), 1);
	CHECK_EQ_STR(b.p, "\"a\\\"b\\\\c\\n\\u0001\xef\xbf\xbd\"");
	buf_release(&b);
	json_index_release(&idx);
}

static char *tmpfile_with(const char *data, size_t n)
{
	static char path[64];
	strcpy(path, "/tmp/llm-unit-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

static void test_ndjson_reader(void)
{
	const char data[] = "a\r\nbb\n\nccc";
	char *path = tmpfile_with(data, sizeof(data) - 1);
	struct ndjson_reader r;
	struct ndjson_line l;
	CHECK(ndjson_reader_open(&r, path, 0) == 0);
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 1 && l.p[0] == 'a');
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 2 && r.lineno == 2);
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 0);
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 3 && !memcmp(l.p, "ccc", 3));
	CHECK(ndjson_read(&r, &l) == 0);
	CHECK_EQ_INT(r.bytes, sizeof(data) - 1);
	ndjson_reader_close(&r);
	unlink(path);

	/* A 5 MiB line between short ones, read with a 1 MiB limit and without. */
	size_t big = (size_t)5 << 20;
	char *d = malloc(big + 32);
	memcpy(d, "x\n", 2);
	memset(d + 2, 'y', big);
	memcpy(d + 2 + big, "\nzz\n", 4);
	path = tmpfile_with(d, big + 6);
	CHECK(ndjson_reader_open(&r, path, (size_t)1 << 20) == 0);
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 1);
	CHECK(ndjson_read(&r, &l) == 1 && l.too_long && l.full_len == big && l.n == NDJSON_TOO_LONG_KEEP);
	CHECK(l.p[0] == 'y');
	CHECK(ndjson_read(&r, &l) == 1 && !l.too_long && l.n == 2 && !memcmp(l.p, "zz", 2));
	CHECK_EQ_INT(r.lineno, 3);
	CHECK(ndjson_read(&r, &l) == 0);
	ndjson_reader_close(&r);
	CHECK(ndjson_reader_open(&r, path, 0) == 0);
	CHECK(ndjson_read(&r, &l) == 1);
	CHECK(ndjson_read(&r, &l) == 1 && !l.too_long && l.n == big);
	CHECK(ndjson_read(&r, &l) == 1 && l.n == 2);
	ndjson_reader_close(&r);
	unlink(path);
	free(d);

	/* many lines crossing the reader's buffer boundaries */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 200000; i++)
		buf_printf(&b, "{\"n\":%d,\"pad\":\"%.*s\"}\n", i, i % 37, "0123456789012345678901234567890123456789");
	path = tmpfile_with(b.p, b.len);
	CHECK(ndjson_reader_open(&r, path, 0) == 0);
	int n = 0, ok = 1;
	while (ndjson_read(&r, &l) == 1) {
		char want[32];
		int k = snprintf(want, sizeof(want), "{\"n\":%d,", n);
		ok &= l.n > (size_t)k && !memcmp(l.p, want, (size_t)k) && l.p[l.n - 1] == '}';
		n++;
	}
	CHECK(ok);
	CHECK_EQ_INT(n, 200000);
	ndjson_reader_close(&r);
	unlink(path);
	buf_release(&b);
}

struct visit {
	struct buf paths;
};

static void on_path(void *ctx, const char *path, size_t n, struct json_span v)
{
	struct visit *vi = ctx;
	buf_put(&vi->paths, path, n);
	buf_putc(&vi->paths, '=');
	buf_put(&vi->paths, v.p, v.n);
	buf_putc(&vi->paths, ';');
}

static void test_jpath(void)
{
	const char *s = "{\"a\":{\"b\":[{\"c\":\"x\"},{\"c\":\"y\"},{\"d\":1}]},\"k k\":\"z\"}";
	struct json_span root;
	CHECK(json_scan(s, strlen(s), &root, NULL, NULL) == 0);
	struct jpath jp;
	char err[200];
	struct visit vi = { BUF_INIT };
	CHECK(jpath_parse(&jp, ".a.b[].c", err, sizeof(err)) == 0);
	jpath_eval(&jp, root, on_path, &vi);
	CHECK_EQ_STR(vi.paths.p, ".a.b[0].c=\"x\";.a.b[1].c=\"y\";");
	jpath_release(&jp);
	buf_reset(&vi.paths);
	CHECK(jpath_parse(&jp, ".a.b[-2].c", err, sizeof(err)) == 0);
	jpath_eval(&jp, root, on_path, &vi);
	CHECK_EQ_STR(vi.paths.p, ".a.b[1].c=\"y\";");
	jpath_release(&jp);
	buf_reset(&vi.paths);
	CHECK(jpath_parse(&jp, ".\"k k\"", err, sizeof(err)) == 0);
	jpath_eval(&jp, root, on_path, &vi);
	CHECK_EQ_STR(vi.paths.p, ".\"k k\"=\"z\";");
	jpath_release(&jp);
	buf_release(&vi.paths);
	CHECK(jpath_parse(&jp, "a.b", err, sizeof(err)) < 0);
	CHECK(jpath_parse(&jp, ".a[x]", err, sizeof(err)) < 0);
	CHECK(jpath_parse(&jp, ".", err, sizeof(err)) < 0);
}

static void test_record(void)
{
	struct record r;
	char msg[200];
	struct buf out = BUF_INIT;
	record_init(&r);
	const char *s = "{ \"b\" : 1.50, \"a\":\"t\" }";
	CHECK(record_parse(&r, s, strlen(s), msg, sizeof(msg)) == RECORD_OK);
	struct record_set set[] = { { "classify", "{\"class\":\"internal\"}", 20 } };
	record_write(&out, &r, set, 1);
	CHECK_EQ_STR(out.p, "{ \"b\" : 1.50, \"a\":\"t\" ,\"_llm\":{\"classify\":{\"class\":\"internal\"}}}");

	/* replace an existing member, keep the others and the user's fields */
	const char *s2 = "{\"_llm\":{\"id\":\"x\",\"classify\":{}},\"z\":[]}";
	CHECK(record_parse(&r, s2, strlen(s2), msg, sizeof(msg)) == RECORD_OK);
	buf_reset(&out);
	record_write(&out, &r, set, 1);
	CHECK_EQ_STR(out.p, "{\"_llm\":{\"id\":\"x\",\"classify\":{\"class\":\"internal\"}},\"z\":[]}");

	buf_reset(&out);
	CHECK(record_parse(&r, "{}", 2, msg, sizeof(msg)) == RECORD_OK);
	record_write(&out, &r, set, 1);
	CHECK_EQ_STR(out.p, "{\"_llm\":{\"classify\":{\"class\":\"internal\"}}}");

	CHECK(record_parse(&r, "[1]", 3, msg, sizeof(msg)) == RECORD_NOT_OBJECT);
	CHECK(record_parse(&r, "{\"_llm\":[]}", 11, msg, sizeof(msg)) == RECORD_BAD_LLM);
	CHECK(record_parse(&r, "{\"a\":", 5, msg, sizeof(msg)) == RECORD_NOT_JSON);

	const char *settled[] = { "{\"_llm\":{\"error\":{}}}", "{\"_llm\":{\"filter\":{\"verdict\":\"block\"}}}",
		"{\"_llm\":{\"route\":{\"denied\":true}}}", NULL };
	for (int i = 0; settled[i]; i++) {
		CHECK(record_parse(&r, settled[i], strlen(settled[i]), msg, sizeof(msg)) == RECORD_OK);
		CHECK(record_is_settled(&r));
	}
	const char *open_ = "{\"_llm\":{\"filter\":{\"verdict\":\"pass\"}}}";
	CHECK(record_parse(&r, open_, strlen(open_), msg, sizeof(msg)) == RECORD_OK);
	CHECK(!record_is_settled(&r));

	/* error record keeps invalid UTF-8 losslessly */
	buf_reset(&out);
	struct record_origin o = { "f.ndjson", 3, 4 };
	record_write_error(&out, "a\xff\"b", 4, "classify", "not_json", "bad", &o);
	CHECK_EQ_STR(out.p, "{\"raw\":\"a\xef\xbf\xbd\\\"b\",\"raw_base64\":\"Yf8iYg==\",\"_llm\":{\"error\":"
		     "{\"tool\":\"classify\",\"code\":\"not_json\",\"message\":\"bad\",\"line\":3,\"source\":\"f.ndjson\"}}}");
	buf_reset(&out);
	o.full_len = 100;
	record_write_error(&out, "abc", 3, "classify", "line_too_long", "m", &o);
	CHECK(strstr(out.p, "\"raw_truncated\":true,\"raw_bytes\":100") != NULL);
	struct json_error e;
	CHECK(json_scan(out.p, out.len, NULL, NULL, &e) == 0);
	buf_release(&out);
	record_release(&r);
}

static void test_b64_hash(void)
{
	struct buf b = BUF_INIT;
	const char *v[][2] = { { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" } };
	for (int i = 0; i < 7; i++) {
		buf_reset(&b);
		b64_encode(&b, v[i][0], strlen(v[i][0]));
		CHECK_EQ_STR(b.p ? b.p : "", v[i][1]);
		buf_reset(&b);
		CHECK(b64_decode(&b, v[i][1], strlen(v[i][1])) == 0);
		CHECK(b.len == strlen(v[i][0]) && (!b.len || !memcmp(b.p, v[i][0], b.len)));
	}
	buf_reset(&b);
	CHECK(b64_decode(&b, "a*b=", 4) < 0);
	buf_release(&b);
	unsigned char h[32];
	char hex[65];
	hash_sha256("abc", 3, h);
	hash_hex(h, 32, hex);
	CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* I-JSON: a key twice in any object is refused, by decoded value. */
static void test_json_duplicates(void)
{
	static const char *const dup[] = {
		"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"x\":{\"b\":[{\"c\":1,\"c\":1}]}}",
		"{\"\\ud800\":1,\"\\udbff\":2}", /* both decode to U+FFFD, as libjq reads them */
		"[{\"k\":1},{\"k\":2,\"k\":3}]",
	};
	static const char *const ok[] = {
		"{\"a\":1,\"A\":2}", "{\"a\":{\"a\":{\"a\":1}}}", "[{\"k\":1},{\"k\":2}]", "{\"a\\\"\":1,\"a\":2}",
	};
	struct json_span root;
	struct json_error e;
	for (size_t i = 0; i < sizeof(dup) / sizeof(*dup); i++) {
		CHECK_MSG(json_scan(dup[i], strlen(dup[i]), &root, NULL, &e) == -1 && e.duplicate, "%s", dup[i]);
	}
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		CHECK_MSG(json_scan(ok[i], strlen(ok[i]), &root, NULL, &e) == 0, "%s", ok[i]);
	/* Past the linear check: a wide object, its duplicate at the end. */
	struct buf b = BUF_INIT;
	buf_putc(&b, '{');
	for (int i = 0; i < 500; i++)
		buf_printf(&b, "\"k%d\":%d,", i, i);
	buf_puts(&b, "\"k250\":0}");
	CHECK(json_scan(b.p, b.len, &root, NULL, &e) == -1 && e.duplicate);
	b.p[b.len - 5] = '9'; /* "k259"... still a repeat */
	CHECK(json_scan(b.p, b.len, &root, NULL, &e) == -1 && e.duplicate);
	buf_reset(&b);
	buf_putc(&b, '{');
	for (int i = 0; i < 500; i++)
		buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
	buf_putc(&b, '}');
	CHECK(json_scan(b.p, b.len, &root, NULL, &e) == 0);
	buf_release(&b);
	/* A record with one is its own error class. */
	struct record r;
	char msg[200];
	record_init(&r);
	CHECK(record_parse(&r, dup[2], strlen(dup[2]), msg, sizeof(msg)) == RECORD_DUPLICATE_KEY);
	CHECK_EQ_STR(record_status_code(RECORD_DUPLICATE_KEY), "duplicate_key");
	record_release(&r);
}

struct walked {
	struct buf out;
};

static void walk_cb(void *ctx, const char *path, size_t pathlen, struct json_span s)
{
	struct walked *w = ctx;
	buf_put(&w->out, path, pathlen);
	buf_putc(&w->out, '=');
	json_string_decode(s, &w->out);
	buf_putc(&w->out, ';');
}

/* Every string but _llm, keys included, with jq paths. */
static void test_record_texts(void)
{
	const char *line = "{\"text\":\"t\",\"m\":[{\"role\":\"user\",\"c\":[\"x\",{\"a b\":\"y\"}]}],"
			   "\"n\":1,\"_llm\":{\"s\":\"secret\"}}";
	struct record r;
	char msg[200];
	record_init(&r);
	CHECK(record_parse(&r, line, strlen(line), msg, sizeof(msg)) == RECORD_OK);
	struct walked w = { BUF_INIT };
	record_texts(&r, NULL, 0, walk_cb, &w);
	CHECK_EQ_STR(w.out.p, "(.|keys_unsorted[0])=text;.text=t;(.|keys_unsorted[1])=m;"
		     "(.m[0]|keys_unsorted[0])=role;.m[0].role=user;(.m[0]|keys_unsorted[1])=c;.m[0].c[0]=x;"
		     "(.m[0].c[1]|keys_unsorted[0])=a b;.m[0].c[1].\"a b\"=y;(.|keys_unsorted[2])=n;");
	buf_reset(&w.out);
	record_prompt_texts(&r, walk_cb, &w);
	CHECK_EQ_STR(w.out.p, ".text=t;");
	{
		/* the first keys' paths are kept ready: the 6th and 7th */
		const char *l7 = "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1}";
		struct record r7;
		record_init(&r7);
		CHECK(record_parse(&r7, l7, strlen(l7), msg, sizeof(msg)) == RECORD_OK);
		buf_reset(&w.out);
		record_texts(&r7, NULL, 0, walk_cb, &w);
		CHECK(strstr(w.out.p, ";(.|keys_unsorted[5])=f;(.|keys_unsorted[6])=g;") != NULL);
		record_release(&r7);
	}
	{
		/* An adopted record (the raw modes') hands out what the walk of
		 * the same bytes parsed does: flat ones on the short path, the
		 * others (a nested value, a quoted or escaped key, a 7th
		 * member) on the walk. */
		static const char *const lines[] = {
			"{\"source\":\"a.txt\",\"line\":12,\"text\":\"x \\u00e9 \\\"y\\\"\"}",
			"{\"source\":\"a.txt\",\"text\":\"\"}",
			"{\"s_1\":\"v\",\"n\":null,\"t\":true}",
			"{\"a b\":\"v\",\"t\":\"w\"}",
			"{\"k\\u0041\":\"v\"}",
			"{\"1k\":\"v\"}",
			"{\"o\":{\"p\":\"q\"},\"t\":\"w\"}",
			"{\"a\":\"1\",\"b\":\"1\",\"c\":\"1\",\"d\":\"1\",\"e\":\"1\",\"f\":\"1\",\"g\":\"1\"}",
		};
		static const int flat[] = { 1, 1, 1, 0, 0, 0, 0, 1 };
		struct walked w2 = { BUF_INIT };
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			struct record pr, ar;
			record_init(&pr);
			record_init(&ar);
			CHECK(record_parse(&pr, lines[i], strlen(lines[i]), msg, sizeof(msg)) == RECORD_OK);
			CHECK(record_adopt(&ar, lines[i], strlen(lines[i]), pr.idx.v, pr.idx.n) == RECORD_OK);
			CHECK_EQ_INT(ar.flat, flat[i]);
			CHECK_EQ_INT(pr.flat, 0);
			buf_reset(&w.out);
			buf_reset(&w2.out);
			record_texts(&pr, NULL, 0, walk_cb, &w);
			record_texts(&ar, NULL, 0, walk_cb, &w2);
			buf_putc(&w.out, '\0');
			buf_putc(&w2.out, '\0');
			CHECK_EQ_STR(w2.out.p, w.out.p);
			record_release(&pr);
			record_release(&ar);
		}
		CHECK_EQ_STR(w2.out.p, "(.|keys_unsorted[0])=a;.a=1;(.|keys_unsorted[1])=b;.b=1;"
			     "(.|keys_unsorted[2])=c;.c=1;(.|keys_unsorted[3])=d;.d=1;(.|keys_unsorted[4])=e;.e=1;"
			     "(.|keys_unsorted[5])=f;.f=1;(.|keys_unsorted[6])=g;.g=1;");
		buf_release(&w2.out);
	}
	char id1[65], id2[65];
	record_identity_hex(&r, id1);
	const char *line2 = "{\"text\":\"t\",\"m\":[{\"role\":\"user\",\"c\":[\"x\",{\"a b\":\"y\"}]}],"
			    "\"n\":1,\"_llm\":{\"route\":{}}}";
	record_release(&r);
	record_init(&r);
	CHECK(record_parse(&r, line2, strlen(line2), msg, sizeof(msg)) == RECORD_OK);
	record_identity_hex(&r, id2);
	CHECK_EQ_STR(id1, id2);
	buf_release(&w.out);
	record_release(&r);
}

/* Class names are exact strings: a NUL inside, a prefix or a longer
 * text is no class. */
static void test_dataclass_exact(void)
{
	CHECK_EQ_INT(dataclass_parse("public"), DATACLASS_PUBLIC);
	CHECK_EQ_INT(dataclass_parse("restricted"), DATACLASS_RESTRICTED);
	CHECK_EQ_INT(dataclass_parse_n("public\0x", 8), -1);
	CHECK_EQ_INT(dataclass_parse_n("internal\0", 9), -1);
	CHECK_EQ_INT(dataclass_parse_n("internal", 8), DATACLASS_INTERNAL);
	CHECK_EQ_INT(dataclass_parse_n("intern", 6), -1);
	CHECK_EQ_INT(dataclass_parse_n("publicx", 7), -1);
	CHECK_EQ_INT(dataclass_parse_n(NULL, 0), -1);
	CHECK_EQ_INT(dataclass_parse_n("", 0), -1);
	CHECK_EQ_INT(dataclass_parse(NULL), -1);
}

/* A write that fails part-way into a line (a file size limit standing in
 * for a full disk) leaves whole lines only, and `written` counts them. */
static void test_ndjson_writer_whole_lines(void)
{
	char path[] = "/tmp/test_core_whole_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	struct rlimit old, lim;
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 10000;
	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	struct ndjson_writer w;
	CHECK(ndjson_writer_open(&w, path) == 0);
	char line[97];
	memset(line, 'a', sizeof(line));
	for (int i = 0; i < 300; i++)
		ndjson_write_record(&w, line, sizeof(line)); /* 98 bytes a line */
	CHECK(ndjson_writer_close(&w) < 0);
	CHECK(w.err == EFBIG);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, prev);
	size_t n = 0;
	char *got = unit_read_file(path, &n);
	CHECK(got != NULL);
	CHECK_EQ_INT(n, (10000 / 98) * 98);
	CHECK(n && got && got[n - 1] == '\n');
	CHECK_EQ_INT(w.written, 0); /* the one flush failed: none counted */
	free(got);
	/* Flushed per record, the lines before the failure count. */
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	signal(SIGXFSZ, SIG_IGN);
	CHECK(ndjson_writer_open(&w, path) == 0);
	int i;
	for (i = 0; i < 300; i++) {
		ndjson_write_record(&w, line, sizeof(line));
		if (ndjson_flush(&w) < 0)
			break;
	}
	ndjson_writer_close(&w);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, prev);
	CHECK_EQ_INT(i, 10000 / 98);
	CHECK_EQ_INT(w.written, 10000 / 98);
	got = unit_read_file(path, &n);
	CHECK_EQ_INT(n, (10000 / 98) * 98);
	free(got);
	unlink(path);
}

/* --version's text (core/version.c): the name first, every library, and
 * cut safely to the buffer, returning the length it wanted. */
static void test_version(void)
{
	char v[1024], small[16];
	int n = version_text(v, sizeof(v), "llm-x");
	CHECK(n > 0 && (size_t)n < sizeof(v));
	CHECK_EQ_INT(strlen(v), n);
	CHECK(!strncmp(v, "llm-x " LLM_VERSION " (commit ", strlen("llm-x " LLM_VERSION " (commit ")));
	const char *libs[] = { "libcurl/", "OpenSSL/", "SQLite/", "zstd/", "libjq/", "oniguruma/", "utf8proc/" };
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		CHECK_MSG(strstr(v, libs[i]) != NULL, "no %s in %s", libs[i], v);
	CHECK(v[n - 1] == '\n');
	memset(small, 'x', sizeof(small));
	CHECK_EQ_INT(version_text(small, sizeof(small), "llm-x"), n);
	CHECK_EQ_INT(strlen(small), sizeof(small) - 1);
	CHECK(!strncmp(small, v, sizeof(small) - 1));
	CHECK(version_commit()[0] != '\0');
}

/* buf_putu and buf_put_fixed2 write what printf would: they replaced
 * printf on the per-finding output paths (classify JSON, SARIF). */
static void test_buf_numbers(void)
{
	static const unsigned long long u[] = { 0, 1, 9, 10, 99, 100, 12345, 4294967295ULL,
						18446744073709551615ULL };
	static const double d[] = { 0, 0.5, 0.6, 0.85, 0.9, 0.95, 1, 0.125, 0.375, 0.005, 0.015,
				    0.994999, 0.995, 1.005, -0.5, 123.456, 1e30 };
	char want[64];
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "x");
		buf_putu(&b, u[i]);
		snprintf(want, sizeof(want), "x%llu", u[i]);
		CHECK_EQ_STR(b.p, want);
		buf_release(&b);
	}
	/* twice over, so the second round reads the cache */
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
			struct buf b = BUF_INIT;
			buf_put_fixed2(&b, d[i]);
			snprintf(want, sizeof(want), "%.2f", d[i]);
			CHECK_EQ_STR(b.p, want);
			buf_release(&b);
		}
	/* every score a detector can give, through a cache of 8 slots */
	int bad = 0;
	for (int k = 0; k <= 1000; k++) {
		struct buf b = BUF_INIT;
		double v = k / 1000.0;
		buf_put_fixed2(&b, v);
		buf_put_fixed2(&b, v);
		snprintf(want, sizeof(want), "%.2f%.2f", v, v);
		if (!b.p || strcmp(b.p, want)) {
			fprintf(stderr, "buf_put_fixed2(%g): %s != %s\n", v, b.p ? b.p : "", want);
			bad++;
		}
		buf_release(&b);
	}
	CHECK_EQ_INT(bad, 0);
}

/* A byte-at-a-time json_escape_body, written from RFC 8259 and RFC 3629
 * apart from json.c: the fast one must agree on any bytes. */
static size_t ref_utf8_len(const unsigned char *p, size_t left)
{
	unsigned c = p[0];
	size_t len;
	unsigned long v;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07;
	else
		return 0;
	if (left < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	return len;
}

static size_t ref_escape(struct buf *b, const unsigned char *s, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		char t[8];
		if (c == '"' || c == '\\') {
			t[0] = '\\', t[1] = (char)c;
			buf_put(b, t, 2);
		} else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
			t[0] = '\\';
			t[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f';
			buf_put(b, t, 2);
		} else if (c < 0x20) {
			snprintf(t, sizeof(t), "\\u%04x", c);
			buf_put(b, t, 6);
		} else if (c < 0x80) {
			buf_putc(b, (char)c);
		} else {
			size_t k = ref_utf8_len(s + i, n - i);
			if (k) {
				buf_put(b, s + i, k);
				i += k;
				continue;
			}
			buf_put(b, "\xEF\xBF\xBD", 3);
			bad++;
		}
		i++;
	}
	return bad;
}

static void test_json_escape_fast(void)
{
	/* bytes drawn from a mix that hits every branch: plain runs, quotes,
	 * controls, valid and broken UTF-8, runs longer than a SIMD block */
	static const char *const pieces[] = { "abc", "\"", "\\", "\n", "\t", "\x01", "\x1f",
		"\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\xff", "\xc3", "\xe6\x97",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "0123456789abcdefghijklmnopqrstuvwxyz", " " };
	unsigned long long seed = 12345;
	int bad = 0;
	for (int round = 0; round < 3000; round++) {
		struct buf in = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
		int k = round % 60;
		for (int j = 0; j < k; j++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			buf_puts(&in, pieces[(seed >> 33) % (sizeof(pieces) / sizeof(pieces[0]))]);
		}
		buf_puts(&got, "x"); /* appends after what is there */
		buf_puts(&want, "x");
		size_t r1 = json_escape_body(&got, in.p ? in.p : "", in.len);
		size_t r2 = ref_escape(&want, (const unsigned char *)(in.p ? in.p : ""), in.len);
		if (r1 != r2 || got.len != want.len || memcmp(got.p, want.p, got.len) || got.p[got.len])
			bad++;
		buf_release(&in);
		buf_release(&got);
		buf_release(&want);
	}
	CHECK_EQ_INT(bad, 0);
}

int main(void)
{
	test_json_escape_fast();
	test_buf_numbers();
	test_dataclass_exact();
	test_ndjson_writer_whole_lines();
	test_json_duplicates();
	test_record_texts();
	test_json_valid();
	test_json_index();
	test_ndjson_reader();
	test_jpath();
	test_record();
	test_b64_hash();
	test_version();
	UNIT_DONE();
}
