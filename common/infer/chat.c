/*
 * chat: template families and their renderings; see chat.h.
 */
#include "infer/chat.h"

#include <string.h>

static const char *const names[CHAT_FORMAT_COUNT] = {
	"plain", "chatml", "llama2", "llama3", "mistral-v1", "mistral-v3", "mistral-v7", "gemma", "phi3", "zephyr",
	"llama3.1", "deepseek-r1", "phi4-mini", "gemma4", "qwen3.5",
};

const char *chat_format_name(enum chat_format f)
{
	return (unsigned)f < CHAT_FORMAT_COUNT ? names[f] : "plain";
}

int chat_format_parse(const char *name)
{
	for (int i = 0; i < CHAT_FORMAT_COUNT; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

static int role_is(const struct chat_msg *m, const char *r);

static int has(const char *t, const char *s)
{
	return strstr(t, s) != NULL;
}

enum chat_format chat_detect(const char *t)
{
	if (!t || !*t)
		return CHAT_PLAIN;
	int named = chat_format_parse(t);
	if (named >= 0)
		return (enum chat_format)named;
	/* The order of llama.cpp's llm_chat_detect_template: first match wins.
	 * Qwen3.5 is ChatML whose generation prompt opens a thought (its
	 * template's "'<think>\\n' }}", thinking being on unless switched off):
	 * told apart first, as it also trims texts and drops old thoughts. */
	if (has(t, "<|im_start|>") && has(t, "'<think>\\n' }}"))
		return CHAT_QWEN35;
	if (has(t, "<|im_start|>"))
		return CHAT_CHATML;
	if (!strncmp(t, "mistral", 7) || has(t, "[INST]")) {
		if (has(t, "[SYSTEM_PROMPT]"))
			return CHAT_MISTRAL_V7;
		if (has(t, "' [INST] ' + system_message") || has(t, "[AVAILABLE_TOOLS]"))
			return has(t, " [INST]") ? CHAT_MISTRAL_V1 : CHAT_MISTRAL_V3;
		return CHAT_LLAMA2;
	}
	if (has(t, "<|assistant|>") && has(t, "<|end|>"))
		/* Phi-4-mini writes '<|' + role + '|>' + content: no newline
		 * (literal or escaped) ever follows a role marker */
		return has(t, "|>\n") || has(t, "|>\\n") ? CHAT_PHI3 : CHAT_PHI4_MINI;
	if (has(t, "<|user|>") && has(t, "<|endoftext|>"))
		return CHAT_ZEPHYR;
	if (has(t, "<|turn>") && has(t, "<turn|>"))
		return CHAT_GEMMA4;
	if (has(t, "<start_of_turn>"))
		return CHAT_GEMMA;
	if (has(t, "<|start_header_id|>") && has(t, "<|end_header_id|>"))
		return has(t, "Cutting Knowledge Date: December 2023") ? CHAT_LLAMA31 : CHAT_LLAMA3;
	if (has(t, "<｜User｜>") && has(t, "<｜Assistant｜>"))
		return CHAT_DEEPSEEK_R1;
	return CHAT_PLAIN;
}

/* A ChatML template's literal default system turn: "<|im_start|>system"
 * and a newline (raw or the escape \n) followed by plain text up to
 * "<|im_end|>", with no quote, brace or plus (which would mean an
 * expression, such as messages[0]['content']). */
static size_t default_system(const char *t, char *out, size_t cap)
{
	static const char open[] = "<|im_start|>system";
	for (const char *p = strstr(t, open); p; p = strstr(p + 1, open)) {
		const char *q = p + sizeof(open) - 1;
		if (*q == '\n')
			q++;
		else if (q[0] == '\\' && q[1] == 'n')
			q += 2;
		else
			continue;
		const char *end = strstr(q, "<|im_end|>");
		if (!end || end == q || strcspn(q, "'\"{}+") < (size_t)(end - q))
			continue;
		size_t n = 0;
		for (; q < end && n + 1 < cap; q++) {
			char c = *q;
			if (c == '\\' && q + 1 < end) {
				c = *++q;
				c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			}
			out[n++] = c;
		}
		if (q < end) /* longer than the room: no default rather than a cut one */
			return 0;
		out[n] = 0;
		return n;
	}
	return 0;
}

void chat_style_detect(const char *t, struct chat_style *out)
{
	out->format = chat_detect(t);
	out->sys[0] = 0;
	out->sys_len = out->format == CHAT_CHATML && t ? default_system(t, out->sys, sizeof(out->sys)) : 0;
}

void chat_render_style(const struct chat_style *s, const struct chat_msg *msgs, size_t n, struct buf *out)
{
	if (s->format == CHAT_CHATML && s->sys_len && !(n && role_is(&msgs[0], "system"))) {
		buf_puts(out, "<|im_start|>system\n");
		buf_put(out, s->sys, s->sys_len);
		buf_puts(out, "<|im_end|>\n");
	}
	chat_render(s->format, msgs, n, out);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A text span: s trimmed of leading and trailing whitespace (Jinja's trim). */
struct span {
	const char *p;
	size_t n;
};

static struct span trimmed(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return (struct span){ s, n };
}

/* Appends s trimmed. */
static void put_trimmed(struct buf *out, const char *s, size_t n)
{
	struct span t = trimmed(s, n);
	buf_put(out, t.p, t.n);
}

static int role_is(const struct chat_msg *m, const char *r)
{
	return m->role && !strcmp(m->role, r);
}

/* Formats with a system turn inside the first user turn: the system text
 * (joined if several) and where the conversation proper starts. */
static size_t leading_system(const struct chat_msg *msgs, size_t n, struct buf *sys)
{
	size_t i = 0;
	for (; i < n && role_is(&msgs[i], "system"); i++) {
		if (sys->len)
			buf_puts(sys, "\n\n");
		buf_put(sys, msgs[i].content, msgs[i].len);
	}
	return i;
}

/* The first (last = 0) or last occurrence of the NUL-terminated m in s, or NULL. */
static const char *span_find(struct span s, const char *m, int last)
{
	size_t k = strlen(m);
	const char *hit = NULL;
	for (size_t i = 0; i + k <= s.n; i++)
		if (!memcmp(s.p + i, m, k)) {
			hit = s.p + i;
			if (!last)
				break;
		}
	return hit;
}

static int span_starts(struct span s, const char *m)
{
	size_t k = strlen(m);
	return s.n >= k && !memcmp(s.p, m, k);
}

static int span_ends(struct span s, const char *m)
{
	size_t k = strlen(m);
	return s.n >= k && !memcmp(s.p + s.n - k, m, k);
}

/* Qwen3.5's template (testdata/engine/chat/qwen3.5.jinja) with no tools
 * and thinking left on: every text trimmed; the system message, first, a
 * turn of its own; a tool result joins the user turn of the results
 * around it as <tool_response> blocks; an assistant turn before the last
 * user query keeps what follows its last </think>, one after it is
 * written with its thought (the part before the first </think>, after the
 * last <think> there); the answer opens with <think>\n. What the template
 * refuses (a late system message, an unknown role, no user query) is
 * rendered as ChatML turns rather than refused: a record is never lost
 * for its shape. */
static void render_qwen35(const struct chat_msg *msgs, size_t n, struct buf *out)
{
	size_t last_query = 0;
	int have_query = 0;
	for (size_t i = n; i-- > 0;) {
		struct span c = trimmed(msgs[i].content, msgs[i].len);
		if (role_is(&msgs[i], "user") &&
		    !(span_starts(c, "<tool_response>") && span_ends(c, "</tool_response>"))) {
			last_query = i;
			have_query = 1;
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct span c = trimmed(msgs[i].content, msgs[i].len);
		if (role_is(&msgs[i], "assistant")) {
			struct span think = { "", 0 };
			const char *close = span_find(c, "</think>", 0);
			if (close) {
				struct span before = { c.p, (size_t)(close - c.p) };
				while (before.n && before.p[before.n - 1] == '\n')
					before.n--;
				const char *open = span_find(before, "<think>", 1);
				if (open)
					before = (struct span){ open + 7, (size_t)(before.p + before.n - open - 7) };
				while (before.n && *before.p == '\n')
					before.p++, before.n--;
				think = trimmed(before.p, before.n);
				const char *after = span_find(c, "</think>", 1) + 8;
				c = (struct span){ after, (size_t)(c.p + c.n - after) };
				while (c.n && *c.p == '\n')
					c.p++, c.n--;
			}
			buf_puts(out, "<|im_start|>assistant\n");
			if (have_query && i > last_query) {
				buf_puts(out, "<think>\n");
				buf_put(out, think.p, think.n);
				buf_puts(out, "\n</think>\n\n");
			}
			buf_put(out, c.p, c.n);
			buf_puts(out, "<|im_end|>\n");
		} else if (role_is(&msgs[i], "tool")) {
			if (i > 0 && !role_is(&msgs[i - 1], "tool"))
				buf_puts(out, "<|im_start|>user");
			buf_puts(out, "\n<tool_response>\n");
			buf_put(out, c.p, c.n);
			buf_puts(out, "\n</tool_response>");
			if (i + 1 == n || !role_is(&msgs[i + 1], "tool"))
				buf_puts(out, "<|im_end|>\n");
		} else {
			buf_printf(out, "<|im_start|>%s\n", msgs[i].role ? msgs[i].role : "user");
			buf_put(out, c.p, c.n);
			buf_puts(out, "<|im_end|>\n");
		}
	}
	buf_puts(out, "<|im_start|>assistant\n<think>\n");
}

void chat_render(enum chat_format f, const struct chat_msg *msgs, size_t n, struct buf *out)
{
	struct buf sys = BUF_INIT;
	size_t i;
	switch (f) {
	case CHAT_CHATML:
		for (i = 0; i < n; i++) {
			buf_printf(out, "<|im_start|>%s\n", msgs[i].role ? msgs[i].role : "user");
			buf_put(out, msgs[i].content, msgs[i].len);
			buf_puts(out, "<|im_end|>\n");
		}
		buf_puts(out, "<|im_start|>assistant\n");
		break;
	case CHAT_LLAMA3:
		for (i = 0; i < n; i++) {
			buf_printf(out, "<|start_header_id|>%s<|end_header_id|>\n\n", msgs[i].role ? msgs[i].role : "user");
			put_trimmed(out, msgs[i].content, msgs[i].len);
			buf_puts(out, "<|eot_id|>");
		}
		buf_puts(out, "<|start_header_id|>assistant<|end_header_id|>\n\n");
		break;
	case CHAT_LLAMA2:
		i = leading_system(msgs, n, &sys);
		for (int first = 1; i < n; i++) {
			if (role_is(&msgs[i], "assistant")) {
				buf_putc(out, ' ');
				put_trimmed(out, msgs[i].content, msgs[i].len);
				buf_puts(out, " </s>");
				continue;
			}
			buf_puts(out, first ? "[INST] " : "<s>[INST] ");
			if (first && sys.len) {
				buf_puts(out, "<<SYS>>\n");
				buf_put(out, sys.p, sys.len);
				buf_puts(out, "\n<</SYS>>\n\n");
			}
			put_trimmed(out, msgs[i].content, msgs[i].len);
			buf_puts(out, " [/INST]");
			first = 0;
		}
		break;
	case CHAT_MISTRAL_V1:
	case CHAT_MISTRAL_V3:
		i = leading_system(msgs, n, &sys);
		for (int first = 1; i < n; i++) {
			if (role_is(&msgs[i], "assistant")) {
				buf_putc(out, ' ');
				put_trimmed(out, msgs[i].content, msgs[i].len);
				buf_puts(out, "</s>");
				continue;
			}
			buf_puts(out, f == CHAT_MISTRAL_V1 ? " [INST] " : "[INST] ");
			if (first && sys.len) {
				buf_put(out, sys.p, sys.len);
				buf_puts(out, "\n\n");
			}
			put_trimmed(out, msgs[i].content, msgs[i].len);
			buf_puts(out, f == CHAT_MISTRAL_V1 ? " [/INST]" : "[/INST]");
			first = 0;
		}
		break;
	case CHAT_MISTRAL_V7:
		for (i = 0; i < n; i++) {
			if (role_is(&msgs[i], "system")) {
				buf_puts(out, "[SYSTEM_PROMPT] ");
				buf_put(out, msgs[i].content, msgs[i].len);
				buf_puts(out, "[/SYSTEM_PROMPT]");
			} else if (role_is(&msgs[i], "assistant")) {
				buf_putc(out, ' ');
				buf_put(out, msgs[i].content, msgs[i].len);
				buf_puts(out, "</s>");
			} else {
				buf_puts(out, "[INST] ");
				buf_put(out, msgs[i].content, msgs[i].len);
				buf_puts(out, "[/INST]");
			}
		}
		break;
	case CHAT_GEMMA:
		/* No system role: its text opens the first user turn. */
		i = leading_system(msgs, n, &sys);
		for (int first = 1; i < n; i++) {
			int model = role_is(&msgs[i], "assistant");
			buf_printf(out, "<start_of_turn>%s\n", model ? "model" : "user");
			if (first && !model && sys.len) {
				buf_put(out, sys.p, sys.len);
				buf_puts(out, "\n\n");
			}
			put_trimmed(out, msgs[i].content, msgs[i].len);
			buf_puts(out, "<end_of_turn>\n");
			first = first && model;
		}
		buf_puts(out, "<start_of_turn>model\n");
		break;
	case CHAT_GEMMA4:
		/* Gemma 4's template (enable_thinking not given, no tools): the
		 * first message, when system (or developer), is a system turn of
		 * its own; texts trimmed; a model turn loses its thought channels
		 * (<|channel>...<channel|>); the generation prompt opens the model
		 * turn with an empty thought channel, thinking being off */
		i = 0;
		if (n && (role_is(&msgs[0], "system") || role_is(&msgs[0], "developer"))) {
			buf_puts(out, "<|turn>system\n");
			put_trimmed(out, msgs[0].content, msgs[0].len);
			buf_puts(out, "<turn|>\n");
			i = 1;
		}
		for (; i < n; i++) {
			int model = role_is(&msgs[i], "assistant");
			buf_printf(out, "<|turn>%s\n", model ? "model" : msgs[i].role ? msgs[i].role : "user");
			if (model) {
				/* each part between <channel|> markers keeps what
				 * precedes a <|channel> in it; then trimmed */
				struct buf kept = BUF_INIT;
				const char *p = msgs[i].content, *e = p + msgs[i].len;
				while (p <= e) {
					const char *q = p;
					while (q + 10 <= e && memcmp(q, "<channel|>", 10))
						q++;
					if (q + 10 > e)
						q = e;
					const char *c = p;
					while (c + 10 <= q && memcmp(c, "<|channel>", 10))
						c++;
					buf_put(&kept, p, (size_t)((c + 10 <= q ? c : q) - p));
					p = q + 10;
				}
				put_trimmed(out, kept.p ? kept.p : "", kept.len);
				buf_release(&kept);
			} else {
				put_trimmed(out, msgs[i].content, msgs[i].len);
			}
			buf_puts(out, "<turn|>\n");
		}
		buf_puts(out, "<|turn>model\n<|channel>thought\n<channel|>");
		break;
	case CHAT_QWEN35:
		render_qwen35(msgs, n, out);
		break;
	case CHAT_LLAMA31:
		/* Llama 3.1/3.2's template: a system turn always, its knowledge
		 * and date lines (the template's default date, as no date_string
		 * or strftime_now is given) before the first message's text when
		 * that is a system message */
		buf_puts(out, "<|start_header_id|>system<|end_header_id|>\n\n"
			      "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n");
		i = 0;
		if (n && role_is(&msgs[0], "system"))
			put_trimmed(out, msgs[i].content, msgs[i].len), i++;
		buf_puts(out, "<|eot_id|>");
		for (; i < n; i++) {
			buf_printf(out, "<|start_header_id|>%s<|end_header_id|>\n\n", msgs[i].role ? msgs[i].role : "user");
			put_trimmed(out, msgs[i].content, msgs[i].len);
			buf_puts(out, "<|eot_id|>");
		}
		buf_puts(out, "<|start_header_id|>assistant<|end_header_id|>\n\n");
		break;
	case CHAT_DEEPSEEK_R1:
		/* the system texts first (joined by blank lines), then turns; an
		 * assistant turn keeps only what follows its last </think> */
		for (i = 0; i < n; i++)
			if (role_is(&msgs[i], "system")) {
				if (sys.len)
					buf_puts(&sys, "\n\n");
				buf_put(&sys, msgs[i].content, msgs[i].len);
			}
		buf_put(out, sys.p ? sys.p : "", sys.len);
		for (i = 0; i < n; i++) {
			if (role_is(&msgs[i], "system"))
				continue;
			if (role_is(&msgs[i], "assistant")) {
				const char *c = msgs[i].content, *e = c + msgs[i].len;
				for (const char *p = c; p + 8 <= e; p++)
					if (!memcmp(p, "</think>", 8))
						c = p + 8;
				buf_put(out, c, (size_t)(e - c));
				buf_puts(out, "<｜end▁of▁sentence｜>");
			} else {
				buf_puts(out, "<｜User｜>");
				buf_put(out, msgs[i].content, msgs[i].len);
				buf_puts(out, "<｜Assistant｜>");
			}
		}
		if (!n || !role_is(&msgs[n - 1], "user"))
			buf_puts(out, "<｜Assistant｜>");
		break;
	case CHAT_PHI4_MINI:
		for (i = 0; i < n; i++) {
			buf_printf(out, "<|%s|>", msgs[i].role ? msgs[i].role : "user");
			buf_put(out, msgs[i].content, msgs[i].len);
			buf_puts(out, "<|end|>");
		}
		buf_puts(out, "<|assistant|>");
		break;
	case CHAT_PHI3:
	case CHAT_ZEPHYR:
		for (i = 0; i < n; i++) {
			if (f == CHAT_PHI3 && role_is(&msgs[i], "system") && msgs[i].len == 0)
				continue;
			buf_printf(out, "<|%s|>\n", msgs[i].role ? msgs[i].role : "user");
			buf_put(out, msgs[i].content, msgs[i].len);
			buf_puts(out, f == CHAT_PHI3 ? "<|end|>\n" : "<|endoftext|>\n");
		}
		buf_puts(out, "<|assistant|>\n");
		break;
	case CHAT_PLAIN:
	default:
		for (i = 0; i < n; i++) {
			if (i)
				buf_puts(out, "\n\n");
			buf_put(out, msgs[i].content, msgs[i].len);
		}
		break;
	}
	buf_release(&sys);
	if (!out->p)
		buf_puts(out, "");
}

const char *chat_stop(enum chat_format f)
{
	switch (f) {
	case CHAT_CHATML:
	case CHAT_QWEN35: return "<|im_end|>";
	case CHAT_LLAMA3:
	case CHAT_LLAMA31: return "<|eot_id|>";
	case CHAT_DEEPSEEK_R1: return "<｜end▁of▁sentence｜>";
	case CHAT_PHI4_MINI: return "<|end|>";
	case CHAT_LLAMA2:
	case CHAT_MISTRAL_V1:
	case CHAT_MISTRAL_V3:
	case CHAT_MISTRAL_V7: return "</s>";
	case CHAT_GEMMA: return "<end_of_turn>";
	case CHAT_GEMMA4: return "<turn|>";
	case CHAT_PHI3: return "<|end|>";
	case CHAT_ZEPHYR: return "<|endoftext|>";
	default: return NULL;
	}
}

void chat_no_thinking(enum chat_format f, struct buf *out)
{
	if (f == CHAT_QWEN35)
		buf_puts(out, "\n</think>\n\n");
}
