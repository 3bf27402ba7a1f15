/*
 * model: the trained injection classifier beside the heuristics.
 *
 * A linear model (logistic regression) over hashed features of the text as
 * the heuristics read it: the folded tokens of norm.c (case, accents,
 * leetspeak, homoglyphs, zero-width characters and s p a c e d letters
 * already undone). Each token contributes its word, the word pair it closes
 * (marked when a clause break sits between them) and the code-point n-grams
 * of its first max_cp code points with boundary marks. Features hash into
 * 2^bits weights.
 *
 * A long text is read in windows of `window` tokens, `stride` apart; the
 * text's score is the score of its most suspicious window (an injection
 * planted in a long e-mail is one paragraph, not the whole text). A
 * window's logit is bias + sum(weights) / sqrt(number of features).
 *
 * scripts/train-injection.c trains the model with these same functions, so
 * training and scoring see identical features by construction. The shipped
 * weights (testdata/injection/model/inject-lr.bin) are built into the
 * library; injmodel_default() returns them.
 *
 * With lex_span > 0 a token also gives its word classes (lexicon.c: the
 * meaning of "set aside", "vergiss" and "忽略" alike), each class paired
 * with the classes of the tokens up to lex_span before it (ordered, marked
 * with whether a clause break or more than one token lies between), and the
 * classes of the nearest classed token before it paired with its word.
 *
 * With a hidden layer (format 3, emb_bits > 0) the token's word classes,
 * its word and the word pair it closes also index embedding rows (the
 * n-grams stay the linear part's: they are most of the features and the
 * layer costs per feature). A window's input is the sum of its rows over
 * the square root of their number, then one layer of ReLU units and one
 * output; the text's logit is bias + mix * (the linear part's best window)
 * + (1 - mix) * (the hidden layer's best window). The span reported is the
 * linear part's window.
 *
 * Weights file, little-endian, INJMODEL_HEADER + 2 * 2^bits bytes, and with
 * a hidden layer 4 * R + R * dim + 4 * (hidden * dim + 2 * hidden + 1) more
 * (R = 2^emb_bits):
 *   0  char[8]  "LLMINJW\0"          48 f32 bias
 *   8  u32 format (3)                 52 f32 scale (weight = int16 * scale)
 *  12  u32 header bytes (128)         56 char[40] name, NUL-padded ASCII
 *  16  u32 bits (10..24)              96 u32 lex_span (0..16)
 *  20  u32 hash seed                 100 u32 lexicon hash (0 when lex_span
 *  24  u32 ngram_min, 28 ngram_max       is 0, else the build's ij_lex_hash)
 *      (1..8), 32 max_cp             104 u32 emb_bits (0: no hidden layer,
 *      (ngram_max..64)                   else 10..20), 108 u32 dim (1..64),
 *  36  u32 window (1..4096),             112 u32 hidden (1..128), 116 f32 mix
 *      40 stride (1..window),            (0..1); all four 0 without the layer
 *  44  u32 weight type (1: int16)    120 zero up to 128
 *  128 int16 weights[2^bits]
 *  then, with the layer: f32 row scales[R] (0..1e3), int8 rows[R][dim]
 *  (embedding = int8 * its row's scale), f32 W1[hidden][dim], f32
 *  b1[hidden], f32 w2[hidden], f32 b2 (each finite, |v| <= 1e4).
 * Every field is checked on load; a file that breaks any rule is refused,
 * and so is a file of another format (format 1 had no lexicon fields,
 * format 2 no hidden layer) or trained with another lexicon.
 *
 * Nothing here prints or exits. A loaded model is read-only: several
 * threads may score with one model, each with its own struct injmodel_work.
 */
#ifndef LLM_INJMODEL_H
#define LLM_INJMODEL_H

#include <stddef.h>
#include <stdint.h>

#define INJMODEL_MAGIC "LLMINJW"
#define INJMODEL_FORMAT 3
#define INJMODEL_HEADER 128
#define INJMODEL_NAME_MAX 40
/* Shorter texts score 0: a word or two (a record's "lang", "role" or
 * "status" value) carries no instruction the heuristics would not see, and
 * a linear model over a handful of features is noise there. */
#define INJMODEL_MIN_TOKENS 3

struct injmodel_params {
	uint32_t bits, seed, ngram_min, ngram_max, max_cp, window, stride;
	uint32_t lex_span; /* 0: no word-class features */
};
#define INJMODEL_LEX_SPAN_MAX 16
/* Bounds of the hidden-layer part of a file. */
#define INJMODEL_EMB_BITS_MAX 20
#define INJMODEL_DIM_MAX 64
#define INJMODEL_HIDDEN_MAX 128

/* The hidden-layer part, in float, for injmodel_write_mlp(): emb is
 * 2^emb_bits rows of dim, w1 hidden rows of dim. */
struct injmodel_mlp {
	uint32_t emb_bits, dim, hidden;
	float mix; /* the LR's share of the logit */
	const float *emb, *w1, *b1, *w2;
	float b2;
};

/* Features of one text: ids[tok[i] .. tok[i+1]) are token i's. */
struct injmodel_work {
	uint32_t *ids;
	size_t nids, aids;
	uint32_t *tok;    /* ntok + 1 offsets into ids */
	uint32_t *cend;   /* ids[tok[i] .. cend[i]) are token i's word-class features */
	size_t ntok, atok;
	size_t *span;     /* 2 * ntok: token i came from bytes [span[2i], span[2i+1]) */
	size_t aspan;
	double *pre;      /* scratch for the window sums */
	size_t apre;
	uint32_t *cls;    /* scratch: word classes per token */
	size_t acls;
	float *vec;       /* scratch: the hidden layer's per-token sums */
	size_t avec;
};

#define INJMODEL_WORK_INIT { NULL, 0, 0, NULL, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0 }

struct injmodel;

/* Checks the parameters a file or the trainer gives; 0 or -1 with err. */
int injmodel_params_check(const struct injmodel_params *p, char *err, size_t errlen);

/* Computes the features of s[0, n) into w (any bytes; invalid UTF-8 is
 * read as U+FFFD by the tokenizer). */
void injmodel_features(const struct injmodel_params *p, const char *s, size_t n,
		       struct injmodel_work *w);
void injmodel_work_release(struct injmodel_work *w);

/* Loads weights from memory (copied) or a file. NULL with err on any
 * problem: a short, long or hostile file is refused, never trusted. */
struct injmodel *injmodel_load(const void *data, size_t n, char *err, size_t errlen);
struct injmodel *injmodel_open(const char *path, char *err, size_t errlen);
void injmodel_free(struct injmodel *m);

/* The weights built into the library (NULL with err if they are absent or
 * broken, which a test rules out). Each call returns a new model. */
struct injmodel *injmodel_default(char *err, size_t errlen);

/* Probability in [0, 1] that s[0, n) is an injection: the most suspicious
 * window's. 0 for a text of fewer than INJMODEL_MIN_TOKENS tokens. The
 * features are left in w. */
double injmodel_score(const struct injmodel *m, const char *s, size_t n, struct injmodel_work *w);
/* The same, and the byte span [*start, *end) of the window that scored. */
double injmodel_score_span(const struct injmodel *m, const char *s, size_t n,
			   struct injmodel_work *w, size_t *start, size_t *end);

/* Logit of the window [a, b) of the features in w (tokens): the linear
 * part's, with the bias (the hidden layer, if any, left out). */
double injmodel_window_logit(const struct injmodel *m, const struct injmodel_work *w, size_t a,
			     size_t b);

/* The hash of the word-class lexicon this build has (lexicon.c), which a
 * weights file with word classes must carry. */
uint32_t injmodel_lexicon_hash(void);
/* The lexicon's classes, and the i-th whole-word entry of class cls as
 * written (NULL past the end): the trainer's substitutions. */
unsigned injmodel_lexicon_classes(void);
const char *injmodel_lexicon_word(unsigned cls, size_t i);

/* "NAME sha256:<16 hex>": the name in the file and its hash's prefix. */
const char *injmodel_version(const struct injmodel *m);
const struct injmodel_params *injmodel_params_of(const struct injmodel *m);

/* Writes a weights file from float weights (quantised to int16 with one
 * scale), and with mlp the hidden-layer part (its rows to int8 with a scale
 * each); 0 or -1 with err. For the trainer. */
int injmodel_write(const char *path, const struct injmodel_params *p, const char *name,
		   double bias, const float *weights, char *err, size_t errlen);
int injmodel_write_mlp(const char *path, const struct injmodel_params *p, const char *name,
		       double bias, const float *weights, const struct injmodel_mlp *mlp, char *err,
		       size_t errlen);

#endif
