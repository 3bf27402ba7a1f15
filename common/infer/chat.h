/*
 * chat: turning chat messages into the one prompt string an open-weight
 * model was trained on, for the local backend.
 *
 * A GGUF file carries its chat template as Jinja (tokenizer.chat_template).
 * Like llama.cpp's built-in path, this module does not run Jinja: it
 * recognises the template family by the markers in it (ENGINE-FACTS.md §4
 * gives the detection order and each family's rendering) and renders that
 * family natively. A model without a template (a base model, a llama2.c
 * story model) gets the messages' contents joined by blank lines: plain
 * continuation, which is what such models do.
 *
 * BOS is not emitted here: the tokenizer adds it.
 */
#ifndef LLM_CHAT_H
#define LLM_CHAT_H

#include <stddef.h>

#include "core/buf.h"

enum chat_format {
	CHAT_PLAIN = 0,  /* no template: contents joined, no markers */
	CHAT_CHATML,     /* <|im_start|>role\n...<|im_end|>\n */
	CHAT_LLAMA2,     /* [INST] <<SYS>>\n...\n<</SYS>>\n\n... [/INST] */
	CHAT_LLAMA3,     /* <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|> */
	CHAT_MISTRAL_V1, /*  [INST] ... [/INST] */
	CHAT_MISTRAL_V3, /* [INST] ...[/INST] */
	CHAT_MISTRAL_V7, /* [SYSTEM_PROMPT] ...[/SYSTEM_PROMPT][INST] ...[/INST] */
	CHAT_GEMMA,      /* <start_of_turn>user\n...<end_of_turn>\n */
	CHAT_PHI3,       /* <|user|>\n...<|end|>\n */
	CHAT_ZEPHYR,     /* <|user|>\n...<|endoftext|>\n */
	CHAT_LLAMA31,    /* llama3 after Llama 3.1/3.2's own system turn ("Cutting Knowledge Date: ...") */
	CHAT_DEEPSEEK_R1,/* system<｜User｜>...<｜Assistant｜>...<｜end▁of▁sentence｜> */
	CHAT_PHI4_MINI,  /* <|user|>...<|end|> (no newline after the role) */
	CHAT_GEMMA4,     /* <|turn>user\n...<turn|>\n, a system turn of its own */
	CHAT_QWEN35,     /* ChatML, texts trimmed, the answer opened with <think>\n (Qwen3.5) */
	CHAT_FORMAT_COUNT
};

/* A template as the engine renders it: its family, and the system text a
 * ChatML template puts first when the conversation has none (Qwen2.5's
 * "You are Qwen, ...", SmolLM2's "You are a helpful AI assistant named
 * SmolLM, ..."), sys_len 0 when it has none. */
struct chat_style {
	enum chat_format format;
	char sys[512];
	size_t sys_len;
};

struct chat_msg {
	const char *role;    /* "system", "user", "assistant" (others kept as given) */
	const char *content;
	size_t len;
};

/* The family of a Jinja template (NULL or "" gives CHAT_PLAIN), or a name
 * ("chatml", "llama3", ...) as given on a command line. */
enum chat_format chat_detect(const char *template_or_name);
const char *chat_format_name(enum chat_format f);
/* A format by name, or -1. */
int chat_format_parse(const char *name);

/* The family and default system text of a Jinja template or a name
 * (chat_detect()); a default system text is a literal system turn in the
 * template, Jinja string escapes (\n, \', \") undone. */
void chat_style_detect(const char *template_or_name, struct chat_style *out);

/* Appends the prompt for msgs[0, n) followed by the assistant opener. */
void chat_render(enum chat_format f, const struct chat_msg *msgs, size_t n, struct buf *out);
/* The same, with the style's default system turn first when msgs opens
 * with no system message. */
void chat_render_style(const struct chat_style *s, const struct chat_msg *msgs, size_t n, struct buf *out);

/* Appends what the template writes after the assistant opener when
 * thinking is switched off (enable_thinking=false): Qwen3.5's empty
 * thought, "\n</think>\n\n" after the "<think>\n" the opener ends with;
 * nothing for the other families. The judge uses it so the label is the
 * next token. */
void chat_no_thinking(enum chat_format f, struct buf *out);

/* The text that ends an assistant turn in this format ("<|im_end|>"), for
 * stopping generation when the end marker is plain text; NULL for PLAIN. */
const char *chat_stop(enum chat_format f);

#endif
