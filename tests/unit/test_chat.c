/*
 * test_chat: template detection and each family's rendering, against the
 * formats ENGINE-FACTS.md §4.2 spells out (llama.cpp's built-in renderings).
 */
#include <string.h>

#include "chat.h"
#include "unit.h"

#define MSG(r, c) { r, c, sizeof(c) - 1 }

static void render_is(enum chat_format f, const struct chat_msg *m, size_t n, const char *want)
{
	struct buf b = BUF_INIT;
	chat_render(f, m, n, &b);
	CHECK_EQ_STR(b.p, want);
	buf_release(&b);
}

int main(void)
{
	/* Detection, in llama.cpp's order. */
	CHECK_EQ_INT(chat_detect(NULL), CHAT_PLAIN);
	CHECK_EQ_INT(chat_detect(""), CHAT_PLAIN);
	CHECK_EQ_INT(chat_detect("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"), CHAT_CHATML);
	CHECK_EQ_INT(chat_detect("{{ bos_token }}{% if %}[INST] <<SYS>>{% endif %}"), CHAT_LLAMA2);
	CHECK_EQ_INT(chat_detect("[SYSTEM_PROMPT]{{ m }}[INST]"), CHAT_MISTRAL_V7);
	CHECK_EQ_INT(chat_detect("{{ ' [INST] ' + system_message }} [INST]"), CHAT_MISTRAL_V1);
	CHECK_EQ_INT(chat_detect("[AVAILABLE_TOOLS][INST]"), CHAT_MISTRAL_V3);
	CHECK_EQ_INT(chat_detect("<|start_header_id|>{{ role }}<|end_header_id|>"), CHAT_LLAMA3);
	CHECK_EQ_INT(chat_detect("<start_of_turn>user"), CHAT_GEMMA);
	CHECK_EQ_INT(chat_detect("<|user|>{{c}}<|end|><|assistant|>"), CHAT_PHI3);
	CHECK_EQ_INT(chat_detect("<|user|>{{c}}<|endoftext|>"), CHAT_ZEPHYR);
	CHECK_EQ_INT(chat_detect("llama3"), CHAT_LLAMA3);
	CHECK_EQ_INT(chat_detect("{{ something else }}"), CHAT_PLAIN);
	CHECK_EQ_INT(chat_format_parse("nope"), -1);

	struct chat_msg sys_user[] = { MSG("system", "Be brief."), MSG("user", " Hi there ") };
	struct chat_msg user[] = { MSG("user", "Hello") };
	render_is(CHAT_CHATML, sys_user, 2,
		  "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n Hi there <|im_end|>\n<|im_start|>assistant\n");
	render_is(CHAT_LLAMA3, sys_user, 2,
		  "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
		  "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
		  "<|start_header_id|>assistant<|end_header_id|>\n\n");
	render_is(CHAT_LLAMA2, sys_user, 2, "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi there [/INST]");
	struct chat_msg turns[] = { MSG("user", "a"), MSG("assistant", "b"), MSG("user", "c") };
	render_is(CHAT_LLAMA2, turns, 3, "[INST] a [/INST] b </s><s>[INST] c [/INST]");
	render_is(CHAT_MISTRAL_V1, sys_user, 2, " [INST] Be brief.\n\nHi there [/INST]");
	render_is(CHAT_MISTRAL_V3, turns, 3, "[INST] a[/INST] b</s>[INST] c[/INST]");
	render_is(CHAT_MISTRAL_V7, sys_user, 2, "[SYSTEM_PROMPT] Be brief.[/SYSTEM_PROMPT][INST]  Hi there [/INST]");
	render_is(CHAT_GEMMA, sys_user, 2,
		  "<start_of_turn>user\nBe brief.\n\nHi there<end_of_turn>\n<start_of_turn>model\n");
	render_is(CHAT_PHI3, user, 1, "<|user|>\nHello<|end|>\n<|assistant|>\n");
	render_is(CHAT_ZEPHYR, user, 1, "<|user|>\nHello<|endoftext|>\n<|assistant|>\n");
	render_is(CHAT_PLAIN, sys_user, 2, "Be brief.\n\n Hi there ");
	render_is(CHAT_PLAIN, user, 0, "");
	CHECK_EQ_STR(chat_stop(CHAT_CHATML), "<|im_end|>");
	CHECK(chat_stop(CHAT_PLAIN) == NULL);
	UNIT_DONE();
}
