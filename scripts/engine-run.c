/*
 * engine-run: the engine's manual test driver (until llm-infer --model
 * exists). Loads a GGUF model, runs a prompt given as text or token ids and
 * prints the generated text (or ids, or top logits per step).
 *
 *   engine-run --model F (--prompt TEXT | --tokens 1,2,3) [-n N] [-t THREADS]
 *              [-c CTX] [--temp T] [--top-k K] [--top-p P] [--min-p P]
 *              [--repeat-penalty R] [--repeat-last-n N] [--seed S]
 *              [--no-bos] [--ignore-eos] [--print-ids] [--print-logits K]
 *              [--info] [--stats] [--ref] [--batch N]
 *
 * Exit status: 0 done, 2 usage, 3 the model cannot be used, 1 generation
 * failed (context overflow, bad token id).
 */
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/kernel.h"
#include "engine/pool.h"
#include "engine/quant.h"
#include "core/exitcode.h"

static const char usage_text[] =
	"usage: engine-run --model FILE (--prompt TEXT | --tokens ID,ID,...) [-n N] [-t THREADS] [-c CTX]\n"
	"                  [--temp T] [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R]\n"
	"                  [--repeat-last-n N] [--seed S] [--no-bos] [--ignore-eos] [--print-ids]\n"
	"                  [--print-logits K] [--info] [--stats] [--ref] [--batch N]\n"
	"       engine-run [-t THREADS] --membw MIB\n"
	"       engine-run [-t THREADS] --triad MIB\n"
	"       engine-run [-t THREADS] --int8-peak\n"
	"       engine-run [-t THREADS] --gemm TYPE[,TYPE...] [--gemm-shape ROWSxCOLSxNX]\n";

static void print_help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Runs a GGUF llama model on the CPU with the toolkit's engine and prints what it\n"
	      "generates. Sampling defaults to greedy (--temp 0) so runs are reproducible.\n"
	      "\n"
	      "  -m, --model FILE        GGUF model file\n"
	      "  -p, --prompt TEXT       prompt text (tokenized with the model's vocabulary)\n"
	      "      --tokens LIST       prompt as comma-separated token ids (no BOS added)\n"
	      "  -n N                    tokens to generate (default 32)\n"
	      "  -t, --threads N         threads (default: all CPUs)\n"
	      "  -c, --ctx N             context length (default: training context, max 4096)\n"
	      "      --temp T            temperature (default 0: greedy)\n"
	      "      --top-k K, --top-p P, --min-p P, --repeat-penalty R, --repeat-last-n N, --seed S\n"
	      "      --no-bos            do not put BOS before a text prompt\n"
	      "      --ignore-eos        keep generating after EOS\n"
	      "      --print-ids         print the generated ids (one line) instead of text\n"
	      "      --print-logits K    print the K highest logits of every step (id:logit)\n"
	      "      --info              print the model's metadata and exit\n"
	      "      --membw MIB         measure memory read bandwidth over MIB MiB (give -t first) and exit\n"
	      "      --triad MIB         measure STREAM triad bandwidth, three arrays of MIB MiB (give -t first), and exit\n"
	      "      --int8-peak         measure the int8 multiply-add peak of the kernels' ISA (give -t first), in\n"
	      "                          GOP/s per wall second and per CPU-second, and exit\n"
	      "      --gemm TYPES        time kernel_matmul (repacked weights, as the engine) for each of the\n"
	      "                          comma-separated types (q4_0,q8_0,q4_k,q5_k,q6_k or all) with random\n"
	      "                          weights and print GMAC/s per CPU-second (give -t and --gemm-shape first)\n"
	      "      --gemm-shape RxCxN  the --gemm matrix (R rows, C columns) and N activation rows\n"
	      "                          (default 512x2048x32)\n"
	      "      --stats             print token counts, speeds and the CPU time of the run to stderr\n"
	      "      --ref               use the scalar reference kernels\n"
	      "      --batch N           decode N copies of the prompt together (engine_batch, N slots) and\n"
	      "                          print the aggregate decode speed to stderr instead of any text\n"
	      "  -h, --help              this text\n"
	      "\n"
	      "Exit status: 0 done, 1 generation failed, 2 usage, 3 model unusable.\n",
	      stdout);
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "engine-run: error: %s\n", msg);
	fputs(usage_text, stderr);
	return EXITCODE_USAGE;
}

/* ---- --membw: streaming-read bandwidth, the roofline's denominator ---- */

struct bw_job {
	const uint64_t *p;
	size_t n;
	uint64_t sum;
};

static void *bw_read(void *arg)
{
	struct bw_job *j = arg;
	/* 16-byte vectors (SSE2, any x86-64) and four independent sums, so
	 * the loop is bound by memory, not by one dependency chain */
	typedef uint64_t v2 __attribute__((vector_size(16)));
	const v2 *p = (const v2 *)j->p;
	v2 a = { 0, 0 }, b = a, c = a, d = a;
	for (size_t i = 0; i + 8 <= j->n; i += 8, p += 4) {
		a += p[0];
		b += p[1];
		c += p[2];
		d += p[3];
	}
	v2 s = a + b + c + d;
	j->sum = s[0] + s[1];
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* STREAM's triad, a[i] = b[i] + q * c[i] over doubles: the bandwidth figure
 * STREAM reports (24 bytes moved per element; write-allocate traffic not
 * counted), split over n threads, best of 5 passes. */
struct triad_job {
	double *a;
	const double *b, *c;
	size_t n;
};

static void *triad_run(void *arg)
{
	struct triad_job *j = arg;
	const double q = 3.0;
	for (size_t i = 0; i < j->n; i++)
		j->a[i] = j->b[i] + q * j->c[i];
	return NULL;
}

static double triad(int n, long mib)
{
	size_t len = (size_t)mib << 17; /* mib MiB per array */
	double *a = malloc(len * 8), *b = malloc(len * 8), *c = malloc(len * 8);
	if (!a || !b || !c) {
		free(a);
		free(b);
		free(c);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		a[i] = 0;
		b[i] = 1;
		c[i] = 2;
	}
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	double best = 0;
	for (int pass = 0; pass < 5; pass++) {
		pthread_t tid[64];
		struct triad_job j[64];
		size_t per = len / (size_t)n;
		double t0 = now_s();
		for (int i = 0; i < n; i++) {
			j[i] = (struct triad_job){ a + per * (size_t)i, b + per * (size_t)i, c + per * (size_t)i, per };
			if (i)
				pthread_create(&tid[i], NULL, triad_run, &j[i]);
		}
		triad_run(&j[0]);
		for (int i = 1; i < n; i++)
			pthread_join(tid[i], NULL);
		double dt = now_s() - t0;
		double gbs = (double)(per * (size_t)n * 24) / dt / 1e9;
		if (gbs > best)
			best = gbs;
	}
	volatile double sink = a[len / 2];
	(void)sink;
	free(a);
	free(b);
	free(c);
	return best;
}

/* GB/s reading a buffer of mib MiB with n threads: best of 5 passes. */
/* --int8-peak: the kernels' int8 multiply-add rate on n threads at once
 * (kernel_int8_spin), in GOP/s (two operations per multiply-add), best of
 * 5 passes; 0 when the kernels have no SIMD. */
struct spin_job {
	uint64_t macs;
};

static void *spin_run(void *arg)
{
	struct spin_job *j = arg;
	j->macs = kernel_int8_spin(4000000);
	return NULL;
}

static double cpu_s(void);

/* best of 5 passes, per wall second (*cpu_gops: per CPU-second of the
 * process, which a busy machine's neighbours do not shrink) */
static double int8_peak(int n, double *cpu_gops)
{
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	double best = 0;
	*cpu_gops = 0;
	for (int pass = 0; pass < 5; pass++) {
		pthread_t tid[64];
		struct spin_job j[64];
		double t0 = now_s(), c0 = cpu_s();
		for (int i = 1; i < n; i++)
			pthread_create(&tid[i], NULL, spin_run, &j[i]);
		spin_run(&j[0]);
		uint64_t macs = j[0].macs;
		for (int i = 1; i < n; i++) {
			pthread_join(tid[i], NULL);
			macs += j[i].macs;
		}
		double t = now_s() - t0, c = cpu_s() - c0;
		double gops = 2.0 * (double)macs / t / 1e9;
		if (gops > best)
			best = gops;
		if (c > 0 && 2.0 * (double)macs / c / 1e9 > *cpu_gops)
			*cpu_gops = 2.0 * (double)macs / c / 1e9;
	}
	return best;
}

/* --gemm: kernel_matmul_packed on random weights, as the engine runs a
 * prompt's matrices: multiply-adds per CPU-second of the whole process
 * (every thread's time counts, so a busy machine's neighbours matter less
 * than in wall time) and per wall-second, best of enough passes to take
 * about half a second. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int gemm_type(const char *s, size_t n, uint32_t *t)
{
	static const struct {
		const char *name;
		uint32_t type;
	} tab[] = { { "q4_0", QUANT_TYPE_Q4_0 }, { "q8_0", QUANT_TYPE_Q8_0 }, { "q4_k", QUANT_TYPE_Q4_K },
		    { "q5_k", QUANT_TYPE_Q5_K }, { "q6_k", QUANT_TYPE_Q6_K } };
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strlen(tab[i].name) == n && !strncmp(s, tab[i].name, n)) {
			*t = tab[i].type;
			return 0;
		}
	return -1;
}

static int gemm_one(int th, uint32_t type, int64_t rows, int64_t cols, int64_t nx)
{
	uint64_t rs = 0;
	if (cols % 256 || quant_row_size(type, cols, &rs))
		return -1;
	char err[128];
	struct pool *pool = NULL;
	if (th > 1 && pool_new(th, &pool, err, sizeof err))
		return -1;
	size_t psz = kernel_repack_size(type, rows, cols);
	uint8_t *w = malloc((size_t)rs * (size_t)rows), *pk = malloc(psz ? psz : 1);
	float *x = malloc((size_t)(cols * nx) * sizeof(float)), *y = malloc((size_t)(rows * nx) * sizeof(float));
	float *row = malloc((size_t)cols * sizeof(float));
	void *act = malloc(kernel_act_size(type, cols) * (size_t)nx);
	int rc = -1;
	if (!w || !pk || !x || !y || !row || !act)
		goto out;
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	for (int64_t r = 0; r < rows; r++) {
		for (int64_t i = 0; i < cols; i++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			row[i] = (float)((int64_t)(s >> 40) - (1 << 23)) / (float)(1 << 23);
		}
		quant_quant_row_ref(type, row, w + (size_t)r * rs, cols);
	}
	for (int64_t i = 0; i < cols * nx; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		x[i] = (float)((int64_t)(s >> 40) - (1 << 23)) / (float)(1 << 23);
	}
	if (psz)
		kernel_repack_rows(type, w, cols, 0, rows / 8 * 8, pk);
	double macs = (double)rows * (double)cols * (double)nx, best_cpu = 0, best_wall = 0;
	int reps = 1;
	for (int pass = 0; pass < 7; pass++) {
		double c0 = cpu_s(), t0 = now_s();
		for (int k = 0; k < reps; k++)
			kernel_matmul_packed(pool, type, w, psz ? pk : NULL, rows, cols, x, nx, y, act);
		double c = cpu_s() - c0, t = now_s() - t0;
		if (c > 0 && reps * macs / c / 1e9 > best_cpu)
			best_cpu = reps * macs / c / 1e9;
		if (t > 0 && reps * macs / t / 1e9 > best_wall)
			best_wall = reps * macs / t / 1e9;
		if (t < 0.07 && reps < (1 << 20))
			reps *= 2;
	}
	printf("gemm %s rows %lld cols %lld nx %lld threads %d repacked %s gmac_per_cpu_s %.1f gmac_per_s %.1f\n",
	       quant_type_name(type), (long long)rows, (long long)cols, (long long)nx, th, psz ? "yes" : "no", best_cpu,
	       best_wall);
	rc = 0;
out:
	free(w);
	free(pk);
	free(x);
	free(y);
	free(row);
	free(act);
	pool_free(pool);
	return rc;
}

static int gemm_bench(int th, const char *types, int64_t rows, int64_t cols, int64_t nx)
{
	if (!strcmp(types, "all"))
		types = "q4_0,q8_0,q4_k,q5_k,q6_k";
	size_t len = strlen(types);
	if (!len || types[len - 1] == ',')
		return usage("--gemm takes q4_0, q8_0, q4_k, q5_k, q6_k or all, comma-separated");
	for (const char *p = types; *p;) {
		size_t n = strcspn(p, ",");
		uint32_t t;
		if (gemm_type(p, n, &t))
			return usage("--gemm takes q4_0, q8_0, q4_k, q5_k, q6_k or all, comma-separated");
		if (gemm_one(th, t, rows, cols, nx)) {
			fprintf(stderr, "engine-run: error: --gemm %.*s failed (out of memory?)\n", (int)n, p);
			return EXITCODE_IO;
		}
		p += n + (p[n] == ',');
	}
	return EXITCODE_OK;
}

static double membw(int n, long mib)
{
	size_t words = (size_t)mib << 17;
	uint64_t *buf = malloc(words * 8);
	if (!buf)
		return -1;
	for (size_t i = 0; i < words; i++)
		buf[i] = i; /* touch every page so the reads hit memory, not the zero page */
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	double best = 0;
	uint64_t sink = 0;
	for (int pass = 0; pass < 5; pass++) {
		pthread_t tid[64];
		struct bw_job j[64];
		size_t per = words / (size_t)n;
		double t0 = now_s();
		for (int i = 0; i < n; i++) {
			j[i] = (struct bw_job){ buf + per * (size_t)i, per, 0 };
			if (i)
				pthread_create(&tid[i], NULL, bw_read, &j[i]);
		}
		bw_read(&j[0]);
		for (int i = 1; i < n; i++)
			pthread_join(tid[i], NULL);
		double dt = now_s() - t0;
		for (int i = 0; i < n; i++)
			sink += j[i].sum;
		double gbs = (double)(per * (size_t)n * 8) / dt / 1e9;
		if (gbs > best)
			best = gbs;
	}
	free(buf);
	return sink == 1 ? best + 1e-12 : best;
}

struct run {
	struct engine *e;
	int print_ids, print_logits, n_out;
	int32_t *top;
};

static int on_token(void *ud, int32_t id, const char *piece, size_t len)
{
	struct run *r = ud;
	if (r->print_logits > 0) {
		const float *lg = engine_logits(r->e);
		int nv = engine_info(r->e)->n_vocab, k = r->print_logits < nv ? r->print_logits : nv;
		/* selection of the k largest, ties to the lower id */
		for (int j = 0; j < k; j++) {
			int best = -1;
			for (int i = 0; i < nv; i++) {
				int used = 0;
				for (int q = 0; q < j; q++)
					used |= r->top[q] == i;
				if (!used && (best < 0 || lg[i] > lg[best]))
					best = i;
			}
			r->top[j] = best;
		}
		printf("%d:", r->n_out);
		for (int j = 0; j < k; j++)
			printf(" %d:%.6f", r->top[j], lg[r->top[j]]);
		printf(" -> %d\n", id);
	} else if (r->print_ids) {
		printf(r->n_out ? ",%d" : "%d", id);
	} else {
		fwrite(piece, 1, len, stdout);
		fflush(stdout);
	}
	r->n_out++;
	return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_float(const char *s, float *out)
{
	char *end;
	errno = 0;
	float v = strtof(s, &end);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* --batch N: N copies of the prompt in N slots; the prompts are evaluated
 * first (not timed), then every step until all finish is: the aggregate
 * decode speed is the tokens those steps produced over their time. */
static int run_batch(struct engine *e, int slots, const int32_t *ids, int n, const struct engine_gen *g)
{
	char err[512];
	struct engine_batch *b;
	if (engine_batch_new(e, slots, &b, err, sizeof(err))) {
		fprintf(stderr, "engine-run: error: %s\n", err);
		return EXITCODE_CONFIG;
	}
	int rc = EXITCODE_OK;
	for (int i = 0; i < slots && rc == EXITCODE_OK; i++)
		if (engine_batch_add(b, ids, n, g, NULL, NULL, err, sizeof(err)) < 0)
			rc = EXITCODE_FOUND;
	long steps = 0, toks = 0;
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	double t0 = ms_now();
	int running;
	while (rc == EXITCODE_OK && (running = engine_batch_running(b)) > 0) {
		if (engine_batch_step(b, err, sizeof(err)) < 0)
			rc = EXITCODE_FOUND;
		steps++;
		toks += running;
	}
	double ms = ms_now() - t0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double cpu = (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6;
	if (rc != EXITCODE_OK)
		fprintf(stderr, "engine-run: error: %s\n", err);
	else
		fprintf(stderr,
			"batch %d prompt_tokens %d steps %ld gen_tokens %ld gen_ms %.2f batch_decode_tps %.2f cpu_ms %.2f "
			"kernel %s\n",
			slots, n, steps, toks, ms, ms > 0 ? toks * 1e3 / ms : 0.0, cpu, engine_info(e)->kernel);
	engine_batch_free(b);
	return rc;
}

int main(int argc, char **argv)
{
	struct engine_params p;
	engine_params_default(&p);
	struct engine_gen g;
	engine_gen_default(&g);
	g.temperature = 0;
	g.repeat_penalty = 1.0f;
	g.max_tokens = 32;
	const char *prompt = NULL, *tokens = NULL;
	int add_bos = 1, info = 0, stats = 0, batch = 0;
	int64_t gemm_rows = 512, gemm_cols = 2048, gemm_nx = 32;
	struct run r = { 0 };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		float f;
#define NEED() do { if (!v) return usage("missing value after an option"); i++; } while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help();
			return EXITCODE_OK;
		} else if (!strcmp(a, "-m") || !strcmp(a, "--model")) {
			NEED();
			p.model_path = v;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--prompt")) {
			NEED();
			prompt = v;
		} else if (!strcmp(a, "--tokens")) {
			NEED();
			tokens = v;
		} else if (!strcmp(a, "-n")) {
			NEED();
			if (parse_long(v, 1, 1 << 24, &n))
				return usage("-n needs a positive number");
			g.max_tokens = (int)n;
		} else if (!strcmp(a, "-t") || !strcmp(a, "--threads")) {
			NEED();
			if (parse_long(v, 0, 1024, &n))
				return usage("--threads needs a number 0..1024");
			p.n_threads = (int)n;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--ctx")) {
			NEED();
			if (parse_long(v, 1, 1 << 20, &n))
				return usage("--ctx needs a positive number");
			p.n_ctx = (int)n;
		} else if (!strcmp(a, "--temp")) {
			NEED();
			if (parse_float(v, &g.temperature))
				return usage("--temp needs a number");
		} else if (!strcmp(a, "--top-k")) {
			NEED();
			if (parse_long(v, 0, 1 << 24, &n))
				return usage("--top-k needs a number");
			g.top_k = (int)n;
		} else if (!strcmp(a, "--top-p")) {
			NEED();
			if (parse_float(v, &g.top_p))
				return usage("--top-p needs a number");
		} else if (!strcmp(a, "--min-p")) {
			NEED();
			if (parse_float(v, &g.min_p))
				return usage("--min-p needs a number");
		} else if (!strcmp(a, "--repeat-penalty")) {
			NEED();
			if (parse_float(v, &f) || !(f > 0))
				return usage("--repeat-penalty needs a positive number");
			g.repeat_penalty = f;
		} else if (!strcmp(a, "--repeat-last-n")) {
			NEED();
			if (parse_long(v, 0, 1 << 20, &n))
				return usage("--repeat-last-n needs a number");
			g.repeat_last_n = (int)n;
		} else if (!strcmp(a, "--seed")) {
			NEED();
			char *end;
			errno = 0;
			g.seed = strtoull(v, &end, 10);
			if (errno || end == v || *end)
				return usage("--seed needs a number");
		} else if (!strcmp(a, "--no-bos")) {
			add_bos = 0;
		} else if (!strcmp(a, "--ignore-eos")) {
			g.stop_at_eos = 0;
		} else if (!strcmp(a, "--print-ids")) {
			r.print_ids = 1;
		} else if (!strcmp(a, "--print-logits")) {
			NEED();
			if (parse_long(v, 1, 1000, &n))
				return usage("--print-logits needs a number 1..1000");
			r.print_logits = (int)n;
		} else if (!strcmp(a, "--triad")) {
			NEED();
			if (parse_long(v, 1, 1 << 16, &n))
				return usage("--triad needs a size in MiB");
			int th = p.n_threads > 0 ? p.n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
			printf("triad_gbs %.2f threads %d mib %ld\n", triad(th, n), th, n);
			return EXITCODE_OK;
		} else if (!strcmp(a, "--int8-peak")) {
			int th = p.n_threads > 0 ? p.n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
			double cg, gw = int8_peak(th, &cg);
			printf("int8_peak_gops %.1f threads %d isa %s per_cpu_s %.1f\n", gw, th,
			       kernel_isa_name(kernel_get_isa()), cg);
			return EXITCODE_OK;
		} else if (!strcmp(a, "--gemm-shape")) {
			NEED();
			long long r0, c0, n0;
			char tail;
			if (sscanf(v, "%lldx%lldx%lld%c", &r0, &c0, &n0, &tail) != 3 || r0 < 1 || r0 > 65536 || c0 < 256 ||
			    c0 > 65536 || c0 % 256 || n0 < 1 || n0 > 512)
				return usage("--gemm-shape needs ROWSxCOLSxNX (COLS a multiple of 256, NX 1..512)");
			gemm_rows = r0;
			gemm_cols = c0;
			gemm_nx = n0;
		} else if (!strcmp(a, "--gemm")) {
			NEED();
			int th = p.n_threads > 0 ? p.n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
			return gemm_bench(th, v, gemm_rows, gemm_cols, gemm_nx);
		} else if (!strcmp(a, "--membw")) {
			NEED();
			if (parse_long(v, 1, 1 << 16, &n))
				return usage("--membw needs a size in MiB");
			int th = p.n_threads > 0 ? p.n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
			printf("membw_gbs %.2f threads %d mib %ld\n", membw(th, n), th, n);
			return EXITCODE_OK;
		} else if (!strcmp(a, "--info")) {
			info = 1;
		} else if (!strcmp(a, "--stats")) {
			stats = 1;
		} else if (!strcmp(a, "--ref")) {
			engine_force_reference(1);
		} else if (!strcmp(a, "--batch")) {
			NEED();
			if (parse_long(v, 1, ENGINE_BATCH_MAX, &n))
				return usage("--batch needs a number 1..32");
			batch = (int)n;
		} else {
			char msg[128];
			snprintf(msg, sizeof(msg), "unknown option '%.80s'", a);
			return usage(msg);
		}
#undef NEED
	}
	if (!p.model_path)
		return usage("--model is required");
	if (!info && !!prompt == !!tokens)
		return usage("give one of --prompt and --tokens");

	/* token ids are checked before the model is opened: a usage error is
	 * a usage error whatever the file */
	int32_t *tok_ids = NULL;
	int n_tok = 0;
	if (tokens) {
		size_t cap = strlen(tokens) / 2 + 2;
		tok_ids = malloc(cap * sizeof(int32_t));
		const char *s = tokens;
		while (tok_ids && *s) {
			char *end;
			errno = 0;
			long v = strtol(s, &end, 10);
			if (errno || end == s || v < 0 || v > INT32_MAX || (*end && *end != ',')) {
				free(tok_ids);
				return usage("--tokens needs comma-separated ids");
			}
			tok_ids[n_tok++] = (int32_t)v;
			s = *end ? end + 1 : end;
		}
	}

	char err[1024];
	if (engine_open(&p, &r.e, err, sizeof(err))) {
		fprintf(stderr, "engine-run: error: %s\n", err);
		free(tok_ids);
		return EXITCODE_CONFIG;
	}
	const struct engine_info *in = engine_info(r.e);
	if (info) {
		printf("arch %s\nname %s\nn_vocab %d\nn_ctx_train %d\nn_ctx %d\nn_embd %d\nn_layer %d\nn_head %d\n"
		       "n_head_kv %d\nn_ff %d\nbos %d\neos %d\ntokenizer %s\nparams %" PRIu64 "\nweight_bytes %" PRIu64
		       "\nkernel %s\nchat_template %s\n",
		       in->arch, in->name, in->n_vocab, in->n_ctx_train, in->n_ctx, in->n_embd, in->n_layer, in->n_head,
		       in->n_head_kv, in->n_ff, in->bos_id, in->eos_id, in->has_tokenizer ? "yes" : "no", in->n_params,
		       in->weight_bytes, in->kernel, in->chat_template ? "yes" : "no");
		free(tok_ids);
		engine_close(r.e);
		return EXITCODE_OK;
	}
	int32_t *ids = NULL;
	int n = 0;
	int rc = EXITCODE_OK;
	if (tokens) {
		ids = tok_ids;
		n = n_tok;
	} else {
		n = engine_tokenize(r.e, prompt, strlen(prompt), add_bos, NULL, 0, err, sizeof(err));
		if (n >= 0) {
			ids = malloc(((size_t)n + 1) * sizeof(int32_t));
			if (ids)
				n = engine_tokenize(r.e, prompt, strlen(prompt), add_bos, ids, n, err, sizeof(err));
		}
		if (n < 0) {
			fprintf(stderr, "engine-run: error: %s\n", err);
			free(ids);
			engine_close(r.e);
			return EXITCODE_CONFIG;
		}
	}
	if (!ids) {
		fprintf(stderr, "engine-run: error: out of memory\n");
		engine_close(r.e);
		return EXITCODE_IO;
	}
	if (batch) {
		rc = run_batch(r.e, batch, ids, n, &g);
		free(ids);
		engine_close(r.e);
		return rc;
	}
	r.top = malloc((size_t)(r.print_logits + 1) * sizeof(int32_t));
	struct engine_stats st;
	double c0 = cpu_s();
	int grc = engine_generate(r.e, ids, n, &g, on_token, &r, &st, err, sizeof(err));
	double cpu_ms = (cpu_s() - c0) * 1e3;
	if (grc) {
		fprintf(stderr, "engine-run: error: %s\n", err);
		rc = EXITCODE_FOUND;
	} else {
		if (r.print_ids || !r.print_logits)
			putchar('\n');
		if (stats)
			fprintf(stderr,
				"prompt_tokens %d prompt_ms %.2f prompt_tps %.2f gen_tokens %d gen_ms %.2f decode_tps %.2f "
				"ttft_ms %.2f cpu_ms %.2f finish %s kernel %s\n",
				st.n_prompt, st.prompt_ms, st.prompt_ms > 0 ? st.n_prompt * 1e3 / st.prompt_ms : 0.0,
				st.n_gen, st.gen_ms, st.gen_ms > 0 && st.n_gen > 1 ? (st.n_gen - 1) * 1e3 / st.gen_ms : 0.0,
				st.ttft_ms, cpu_ms, engine_finish_name(st.finish), in->kernel);
	}
	free(ids);
	free(r.top);
	engine_close(r.e);
	return rc;
}
