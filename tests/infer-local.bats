#!/usr/bin/env bats
# llm-infer's local backend: a real GGUF model (random weights at a small
# shape, the real Llama 2 vocabulary) run by the toolkit's own engine.

load helpers

setup_file() {
	export M=$BATS_FILE_TMPDIR/model.gguf
	"$TOOL_DIR/gen-model" --shape tiny --type q8_0 --tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" \
		-t 2 "$M" >/dev/null
	cat >"$BATS_FILE_TMPDIR/p.json" <<JSON
{"defaults": {"max_output_tokens": 8},
 "backends": {
   "onbox": {"kind": "local", "model_path": "model.gguf", "max_class": "restricted", "threads": 2,
             "context_window": 256, "params": {"temperature": 0}},
   "hosted": {"kind": "openai", "endpoint": "http://127.0.0.1:9/v1", "model": "m",
              "api_key_env": "LLM_TEST_NO_SUCH_KEY", "max_class": "internal"}},
 "rules": [{"name": "d", "default": true, "use": ["hosted", "onbox"]}]}
JSON
	export P=$BATS_FILE_TMPDIR/p.json
}

setup() {
	T=$BATS_TEST_TMPDIR
}

recs() {
	printf '%s\n' '{"id":1,"text":"Hello there","_llm":{"classify":{"class":"public"}}}' \
		'{"id":2,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"_llm":{"classify":{"class":"restricted"}}}' \
		'{"id":3,"text":"Hello there","params":{"max_tokens":3},"_llm":{"classify":{"class":"internal"}}}'
}

@test "routed records are answered by the local engine: output, real token counts, ttft, attempts" {
	recs | llm-route -p "$P" >"$T/routed.ndjson"
	run bash -c "llm-infer -p '$P' '$T/routed.ndjson' 2>'$T/err'"
	assert_status 0
	[ "${#lines[@]}" -eq 3 ]
	[ "$(printf '%s\n' "$output" | jq -r '._llm.infer.backend' | sort -u)" = onbox ]
	[ "$(printf '%s\n' "$output" | jq -r '._llm.infer.provider' | sort -u)" = local ]
	# usage counts the engine's tokens: "Hello there" is BOS + 2 pieces.
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '[._llm.infer.usage.input_tokens, ._llm.infer.usage.output_tokens, ._llm.infer.finish_reason]')" = '[3,8,"length"]' ]
	[ "$(printf '%s\n' "${lines[2]}" | jq -c '._llm.infer.usage.output_tokens')" = 3 ]
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '._llm.infer.ttft_ms >= 0 and ._llm.infer.cost_usd == 0')" = true ]
	# The hosted backend has no key here: skipped, then the engine answered.
	[ "$(printf '%s\n' "${lines[0]}" | jq -c '[._llm.infer.attempts[] | [.backend, .status, .error]]')" = '[["hosted","skipped","no_key"],["onbox","ok",null]]' ]
	# The restricted record never went near the hosted backend.
	[ "$(printf '%s\n' "${lines[1]}" | jq -c '[._llm.infer.attempts[] | .backend]')" = '["onbox"]' ]
	[ "$(printf '%s\n' "${lines[1]}" | jq -r '._llm.infer.output | length > 0')" = true ]
}

@test "the same request gives the same answer (greedy, and seeded sampling)" {
	recs | llm-route -p "$P" >"$T/routed.ndjson"
	a=$(llm-infer -p "$P" "$T/routed.ndjson" | jq -r '._llm.infer.output')
	b=$(llm-infer -p "$P" -j 1 "$T/routed.ndjson" | jq -r '._llm.infer.output')
	[ "$a" = "$b" ]
	# Records 1 and 3 share a prompt: the same first tokens.
	o1=$(printf '%s\n' "$a" | sed -n 1p)
	o3=$(printf '%s\n' "$a" | sed -n 3p)
	[[ $o1 == "$o3"* ]]
	s1=$(echo '{"text":"Hello","params":{"temperature":0.9,"seed":7}}' | llm-infer --model "$M" | jq -r ._llm.infer.output)
	s2=$(echo '{"text":"Hello","params":{"temperature":0.9,"seed":7}}' | llm-infer --model "$M" | jq -r ._llm.infer.output)
	[ "$s1" = "$s2" ]
}

@test "direct use: llm-infer --model FILE.gguf --prompt TEXT" {
	run llm-infer --model "$M" --prompt "Hello there" --max-tokens 4 --temperature 0
	assert_status 0
	assert_jq '[.prompt, ._llm.infer.backend, ._llm.infer.model, ._llm.infer.usage.input_tokens, ._llm.infer.usage.output_tokens]' '["Hello there","local","model.gguf",3,4]'
	# Piped records work the same way.
	run bash -c "echo '{\"text\":\"Hello there\"}' | llm-infer --model '$M' --max-tokens 4 --temperature 0 | jq -c ._llm.infer.usage"
	[ "$output" = '{"input_tokens":3,"output_tokens":4}' ]
}

@test "debugging: token ids in, ids and top logits out" {
	run llm-infer --model "$M" --tokens 1,15043,727 --print-ids --print-logits 3 --max-tokens 2
	assert_status 0
	[ "${#lines[@]}" -eq 4 ]
	[ "$(printf '%s' "${lines[0]}" | jq -c .prompt_ids)" = '[1,15043,727]' ]
	[ "$(printf '%s' "${lines[1]}" | jq -c '[.step, (.top_logits | length), (.id == .top_logits[0][0])]')" = '[0,3,true]' ]
	[ "$(printf '%s' "${lines[3]}" | jq -c '[.usage.input_tokens, .usage.output_tokens, .finish_reason]')" = '[3,2,"length"]' ]
	# The text prompt path tokenizes with BOS.
	run llm-infer --model "$M" --prompt "Hello" --print-ids --max-tokens 1
	[ "$(printf '%s' "${lines[0]}" | jq -c .prompt_ids)" = '[1,15043]' ]
	run llm-infer --model "$M" --tokens 1,99999999
	assert_status 2
	run llm-infer -p "$P" --print-ids
	assert_status 2
}

@test "failures: a prompt longer than the context is context_window; a missing model is named" {
	long=$(printf 'word %.0s' $(seq 1 400))
	run bash -c "echo '{\"text\":\"$long\"}' | llm-infer --model '$M' --ctx 128 2>/dev/null"
	assert_status 5
	assert_jq '[._llm.infer.attempts[0].error, ._llm.error.code]' '["context_window","backend_failed"]'
	# A model that will not open is a configuration error at start-up
	# (exit 3, the file named, nothing read), not a per-record failure.
	run bash -c "echo '{\"text\":\"hi\"}' | llm-infer --model '$T/nope.gguf' 2>&1"
	assert_status 3
	[[ $output == *"model file $T/nope.gguf: No such file or directory"* ]]
	[[ $output != *'{'* ]]
	# A hostile model file: a clear message, no crash.
	head -c 5000 "$M" >"$T/cut.gguf"
	run bash -c "echo '{\"text\":\"hi\"}' | llm-infer --model '$T/cut.gguf' 2>&1"
	assert_status 3
	[[ $output == *"model file $T/cut.gguf: "* ]]
}

@test "a mixed batch with -j 8: input order kept, every record answered on the box" {
	# Records alternate between a chain whose hosted backend has no key here
	# (skipped to the engine) and the engine directly; the engine answers one
	# at a time and the reorder window keeps input order.
	for i in $(seq 1 12); do
		printf '{"id":%d,"text":"Hello number %d","_llm":{"classify":{"class":"%s"}}}\n' "$i" "$i" \
			"$([ $((i % 2)) = 0 ] && echo restricted || echo public)"
	done | llm-route -p "$P" | llm-infer -p "$P" -j 8 >"$T/out.ndjson"
	[ "$(jq -r .id "$T/out.ndjson" | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 9 10 11 12 " ]
	[ "$(jq -r '._llm.infer.backend' "$T/out.ndjson" | sort -u)" = onbox ]
}

@test "--resume from an llm-audit ledger: answered records are not computed again" {
	printf '%s\n' '{"id":1,"text":"Hello there","_llm":{"classify":{"class":"public"}}}' \
		'{"id":2,"text":"Other words","_llm":{"classify":{"class":"public"}}}' | llm-route -p "$P" >"$T/r.ndjson"
	head -n 1 "$T/r.ndjson" | llm-infer -p "$P" | llm-audit append --db "$T/a.db"
	run bash -c "llm-infer -p '$P' --resume '$T/a.db' --summary '$T/r.ndjson' 2>'$T/err'"
	assert_status 0
	[ "${#lines[@]}" -eq 2 ]
	grep -q "2 answered (0 cached, 1 resumed)" "$T/err"
	grep -q "1 requests" "$T/err"
}

@test "qwen35 and gemma4 models answer on the box; answers do not depend on the records before (a recurrent state is never rewound)" {
	for a in qwen35 gemma4; do
		"$TOOL_DIR/gen-model" --shape tiny --arch "$a" --type q4_k_m \
			--tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" -t 2 "$T/$a.gguf" >/dev/null
		printf '%s\n' '{"id":1,"text":"Hello there my friend"}' '{"id":2,"text":"Hello there you"}' \
			'{"id":3,"text":"Hello there my friend"}' >"$T/in.ndjson"
		run bash -c "llm-infer --model '$T/$a.gguf' --max-tokens 6 --temperature 0 -j 1 '$T/in.ndjson' | jq -r '._llm.infer.output'"
		assert_status 0
		[ "${#lines[@]}" -eq 3 ] || { echo "$a: $output"; false; }
		[ "${lines[0]}" = "${lines[2]}" ] || { echo "$a: $output"; false; }
		alone=$(echo '{"id":2,"text":"Hello there you"}' | llm-infer --model "$T/$a.gguf" --max-tokens 6 --temperature 0 | jq -r '._llm.infer.output')
		[ "${lines[1]}" = "$alone" ] || { echo "$a: ${lines[1]} vs $alone"; false; }
	done
}

@test "qwen35 and gemma4 models with -j 4: each record gets the text -j 1 gives (their records run one at a time)" {
	# these models hold their one sequence's state: the backend gives
	# them one slot whatever -j says; 9 records of different prompt and
	# answer lengths, a repeated prompt and a shared prefix among them
	for i in $(seq 1 9); do
		words=$(printf 'word%d %.0s' $(seq 1 $(( (i * 5) % 11 + 1 ))))
		[ "$i" = 7 ] && words="word1 word1 word1"
		printf '{"id":%d,"text":"%s","params":{"max_tokens":%d}}\n' "$i" "$words" $(( (i * 3) % 8 + 1 ))
	done >"$T/in.ndjson"
	for a in qwen35 gemma4; do
		"$TOOL_DIR/gen-model" --shape tiny --arch "$a" --type q4_0 \
			--tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" -t 2 "$T/$a.gguf" >/dev/null
		llm-infer --model "$T/$a.gguf" --temperature 0 -j 1 "$T/in.ndjson" >"$T/j1.ndjson"
		llm-infer --model "$T/$a.gguf" --temperature 0 -j 4 "$T/in.ndjson" >"$T/j4.ndjson"
		[ "$(jq -r .id "$T/j4.ndjson" | tr '\n' ' ')" = "$(seq 1 9 | tr '\n' ' ')" ] || { echo "$a: order"; false; }
		[ "$(jq -c '[.id, ._llm.infer.output, ._llm.infer.usage, ._llm.infer.finish_reason]' "$T/j1.ndjson")" = \
		  "$(jq -c '[.id, ._llm.infer.output, ._llm.infer.usage, ._llm.infer.finish_reason]' "$T/j4.ndjson")" ] ||
			{ echo "$a: -j 4 differs from -j 1"; diff "$T/j1.ndjson" "$T/j4.ndjson"; false; }
		[ "$(jq -s '[.[] | ._llm.infer.usage.output_tokens] | add' "$T/j4.ndjson")" -gt 20 ]
		# and a record alone gets the answer it gets among the others
		for i in 2 7; do
			alone=$(sed -n "${i}p" "$T/in.ndjson" | llm-infer --model "$T/$a.gguf" --temperature 0 | jq -c '._llm.infer.output')
			[ "$alone" = "$(sed -n "${i}p" "$T/j4.ndjson" | jq -c '._llm.infer.output')" ] || { echo "$a: record $i"; false; }
		done
	done
}

@test "batched decoding: -j 8 gives each record the text -j 1 gives (prompts and answers of different lengths, slots refilled)" {
	# 20 records, prompts of 1 to 40 words and answers of 1 to 24 tokens, so
	# sequences end at different steps and free slots take the next record;
	# greedy and seeded sampling; a Q8_0 and a Q4_K_M model.
	"$TOOL_DIR/gen-model" --shape tiny --type q4_k_m --tokenizer "$BATS_TEST_DIRNAME/../testdata/models/llama2-tokenizer.bin" \
		-t 2 "$T/k.gguf" >/dev/null
	for i in $(seq 1 20); do
		words=$(printf 'word%d %.0s' $(seq 1 $(( (i * 7) % 40 + 1 ))))
		if [ $((i % 3)) = 0 ]; then p=',"temperature":0.8,"seed":'$i; else p=; fi
		printf '{"id":%d,"text":"%s","params":{"max_tokens":%d%s}}\n' "$i" "$words" $(( (i * 5) % 24 + 1 )) "$p"
	done >"$T/in.ndjson"
	for m in "$M" "$T/k.gguf"; do
		llm-infer --model "$m" --temperature 0 -j 1 "$T/in.ndjson" >"$T/j1.ndjson"
		llm-infer --model "$m" --temperature 0 -j 8 "$T/in.ndjson" >"$T/j8.ndjson"
		[ "$(jq -r .id "$T/j8.ndjson" | tr '\n' ' ')" = "$(seq 1 20 | tr '\n' ' ')" ]
		[ "$(jq -c '[.id, ._llm.infer.output, ._llm.infer.usage, ._llm.infer.finish_reason]' "$T/j1.ndjson")" = \
		  "$(jq -c '[.id, ._llm.infer.output, ._llm.infer.usage, ._llm.infer.finish_reason]' "$T/j8.ndjson")" ]
		# the answers have the lengths asked for (random weights rarely say EOS)
		[ "$(jq -s '[.[] | ._llm.infer.usage.output_tokens] | add' "$T/j8.ndjson")" -gt 150 ]
	done
}
