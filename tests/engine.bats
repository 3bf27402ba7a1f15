#!/usr/bin/env bats
# The on-box engine: house rules that keep it a library, and the converter.

load helpers

ROOT="$BATS_TEST_DIRNAME/.."

@test "common/engine never includes jq, curl or SQLite, never prints or exits" {
	run grep -nE '#include *[<"](jq|jv|curl/|sqlite3)' "$ROOT"/common/engine/*.[ch]
	[ "$status" -eq 1 ]
	run grep -nE '\b(printf|puts|putchar|fprintf|perror|exit|_exit|abort)\s*\(' "$ROOT"/common/engine/*.c
	[ "$status" -eq 1 ] || { echo "$output"; false; }
	run grep -nE '\b(stdout|stderr)\b' "$ROOT"/common/engine/*.c
	[ "$status" -eq 1 ] || { echo "$output"; false; }
}

@test "llama2c-to-gguf converts the tiny checkpoint in every type" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	for t in f32 f16 q8_0 q4_0; do
		run "$TOOL_DIR/llama2c-to-gguf" --type "$t" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/m-$t.gguf"
		assert_status 0
		[ "$(head -c 4 "$BATS_TEST_TMPDIR/m-$t.gguf")" = "GGUF" ]
	done
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/m-q4_0.gguf")" -lt "$(stat -c %s "$BATS_TEST_TMPDIR/m-f32.gguf")" ]
}

@test "llama2c-to-gguf rejects a truncated checkpoint with exit 3" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	head -c 1000 "$TESTDATA/models/tiny260k.bin" > "$BATS_TEST_TMPDIR/cut.bin"
	run "$TOOL_DIR/llama2c-to-gguf" "$BATS_TEST_TMPDIR/cut.bin" "$BATS_TEST_TMPDIR/x.gguf"
	assert_status 3
	[[ $output == "llama2c-to-gguf: error: "* ]]
	[ ! -e "$BATS_TEST_TMPDIR/x.gguf" ]
}

@test "engine-run reproduces llama2.c's greedy ids on tiny260k (f32)" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	run "$TOOL_DIR/llama2c-to-gguf" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/f32.gguf"
	assert_status 0
	for k in 0 2 4; do
		prompt=$(jq -r ".cases[$k].prompt_ids | map(tostring) | join(\",\")" "$TESTDATA/engine/tiny260k.ref.json")
		want=$(jq -r ".cases[$k].greedy_ids | map(tostring) | join(\",\")" "$TESTDATA/engine/tiny260k.ref.json")
		run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" --tokens "$prompt" -n 200 --ignore-eos --print-ids
		assert_status 0
		[ "$output" = "$want" ] || { echo "case $k: got $output"; false; }
	done
	# the reference kernels give the same ids
	run "$TOOL_DIR/engine-run" --ref -t 1 -m "$BATS_TEST_TMPDIR/f32.gguf" --tokens "$prompt" -n 200 --ignore-eos --print-ids
	[ "$output" = "$want" ]
}

@test "engine-run --print-logits shows the reference top logits" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	"$TOOL_DIR/llama2c-to-gguf" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/f32.gguf"
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" --tokens 1 -n 3 --ignore-eos --print-logits 2
	assert_status 0
	[ "${#lines[@]}" -eq 3 ]
	# step 0: 461 (9.489280) then 306 (9.381217), as llama2.c printed them
	[[ ${lines[0]} =~ ^0:\ 461:9\.4892[0-9]*\ 306:9\.3812[0-9]*\ -\>\ 461$ ]] || { echo "${lines[0]}"; false; }
}

@test "a truncated model file is a clear error, not a crash" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	"$TOOL_DIR/llama2c-to-gguf" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/f32.gguf"
	for n in 0 3 100 5000 500000; do
		head -c "$n" "$BATS_TEST_TMPDIR/f32.gguf" > "$BATS_TEST_TMPDIR/cut.gguf"
		run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/cut.gguf" --tokens 1 -n 2
		assert_status 3
		[[ $output == "engine-run: error: "*cut.gguf* ]] || { echo "$output"; false; }
	done
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/none.gguf" --tokens 1
	assert_status 3
}

@test "exceeding the context is a clear error" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	"$TOOL_DIR/llama2c-to-gguf" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/f32.gguf"
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" -c 8 --tokens 1,2,3,4,5,6,7,8,9 -n 2
	assert_status 1
	[[ $output == *"context overflow"* ]] || { echo "$output"; false; }
	# a prompt that fits but a generation that does not: stops at the end of the context
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" -c 8 --tokens 1,2,3 -n 20 --ignore-eos --print-ids --stats
	assert_status 0
	[[ $output == *"finish context"* ]]
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" -c 100000 --tokens 1
	assert_status 3
	[[ $output == *"training context"* ]]
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" --tokens 1,600
	assert_status 1
	[[ $output == *"out of range"* ]]
}

@test "engine-run usage errors exit 2" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	run "$TOOL_DIR/engine-run" --tokens 1
	assert_status 2
	run "$TOOL_DIR/engine-run" -m x.gguf --tokens 1 --prompt hi
	assert_status 2
	run "$TOOL_DIR/engine-run" -m x.gguf --tokens 1,x
	assert_status 2
	run "$TOOL_DIR/engine-run" --help
	assert_status 0
}

@test "gen-model writes small models in every type that the engine runs" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	tok=$TESTDATA/models/llama2-tokenizer.bin
	for t in f32 f16 bf16 q8_0 q4_0 q4_1 q5_0 q5_1 q4_k q5_k q6_k q4_k_m q5_k_m; do
		run "$TOOL_DIR/gen-model" --shape tiny --type "$t" --tokenizer "$tok" -t 2 "$BATS_TEST_TMPDIR/m.gguf"
		assert_status 0
		run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 4 --ignore-eos --print-ids
		assert_status 0
		[[ $output =~ ^[0-9]+(,[0-9]+){3}$ ]] || { echo "$t: $output"; false; }
		# the reference kernels give the same largest logit. Not the same ids:
		# on random weights near-ties are common, and a float-noise difference
		# that flips one activation's int8 rounding moves logits by ~1e-2
		simd=$("$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 1 --print-logits 1)
		ref=$("$TOOL_DIR/engine-run" --ref -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 1 --print-logits 1)
		avx2=$(LLM_ENGINE_KERNEL=avx2 "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 1 --print-logits 1)
		for v in "$simd" "$avx2"; do
			awk -v a="$v" -v b="$ref" 'BEGIN { split(a, x, /[: ]+/); split(b, y, /[: ]+/);
				d = x[3] - y[3]; if (d < 0) d = -d; exit !(d <= 0.05 + 0.01 * (x[3] < 0 ? -x[3] : x[3])) }' ||
				{ echo "$t: simd $v ref $ref"; false; }
		done
	done
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --info
	[[ $output == *"n_vocab 32000"* && $output == *"tokenizer yes"* ]]
}

@test "gen-model writes every architecture the engine runs" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	tok=$TESTDATA/models/llama2-tokenizer.bin
	for a in llama qwen2 qwen3 gemma2 gemma3 phi3 qwen35 gemma4; do
		run "$TOOL_DIR/gen-model" --shape tiny --arch "$a" --type q4_k_m --tokenizer "$tok" -t 2 "$BATS_TEST_TMPDIR/m.gguf"
		assert_status 0
		run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --info
		[[ $output == *"$a"* ]] || { echo "$a: $output"; false; }
		run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 4 --ignore-eos --print-ids
		assert_status 0
		[[ $output =~ ^[0-9]+(,[0-9]+){3}$ ]] || { echo "$a: $output"; false; }
	done
	run "$TOOL_DIR/gen-model" --shape tiny --arch mamba --tokenizer "$tok" "$BATS_TEST_TMPDIR/m.gguf"
	assert_status 2
}

@test "gen-model output depends on the seed, not on the thread count" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	tok=$TESTDATA/models/llama2-tokenizer.bin
	"$TOOL_DIR/gen-model" --shape tiny --type q4_k_m --tokenizer "$tok" -t 1 "$BATS_TEST_TMPDIR/a.gguf"
	"$TOOL_DIR/gen-model" --shape tiny --type q4_k_m --tokenizer "$tok" -t 3 "$BATS_TEST_TMPDIR/b.gguf"
	"$TOOL_DIR/gen-model" --shape tiny --type q4_k_m --tokenizer "$tok" --seed 7 "$BATS_TEST_TMPDIR/c.gguf"
	cmp "$BATS_TEST_TMPDIR/a.gguf" "$BATS_TEST_TMPDIR/b.gguf"
	! cmp -s "$BATS_TEST_TMPDIR/a.gguf" "$BATS_TEST_TMPDIR/c.gguf"
}

@test "engine-run tokenizes text with the model's vocabulary" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	"$TOOL_DIR/gen-model" --shape tiny --type q8_0 --tokenizer "$TESTDATA/models/llama2-tokenizer.bin" "$BATS_TEST_TMPDIR/m.gguf"
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/m.gguf" --prompt "Hello world" -n 1 --print-logits 1
	assert_status 0
	# a model without a real tokenizer still runs on ids
	"$TOOL_DIR/llama2c-to-gguf" "$TESTDATA/models/tiny260k.bin" "$BATS_TEST_TMPDIR/f32.gguf"
	run "$TOOL_DIR/engine-run" -m "$BATS_TEST_TMPDIR/f32.gguf" --tokens 1 -n 3
	assert_status 0
}

@test "the BPE pre-tokenizers agree with llama.cpp's expressions run by a regex engine" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	python3 -c 'import regex' 2>/dev/null || skip "python3 regex module not installed"
	[ -f /usr/share/unicode/PropList.txt ] || skip "unicode-data not installed"
	cd "$ROOT"
	run scripts/pretok-crosscheck.py "$TOOL_DIR"
	assert_status 0
	[[ $output == *"tekken mismatches 0 of"* && $output == *"deepseek-llm mismatches 0 of"* ]]
	run "$TOOL_DIR/pretok-pieces" nope
	assert_status 2
}

@test "engine-run --int8-peak prints the kernels' int8 rate" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	run "$TOOL_DIR/engine-run" -t 1 --int8-peak
	assert_status 0
	[[ $output =~ ^int8_peak_gops\ [0-9]+\.[0-9]\ threads\ 1\ isa\ (ref|avx2|avx512)\ per_cpu_s\ [0-9]+\.[0-9]$ ]] ||
		{ echo "$output"; false; }
	# a SIMD ISA gives a positive rate; the scalar reference has none
	[[ $output == *"isa ref" ]] || [[ ! $output =~ ^int8_peak_gops\ 0\.0 ]]
}

@test "engine-run --gemm prints GMAC/s per type and rejects bad types and shapes" {
	: "${TOOL_DIR:=$ROOT/build/tools}"
	run "$TOOL_DIR/engine-run" -t 1 --gemm-shape 16x256x5 --gemm all
	assert_status 0
	[ "${#lines[@]}" -eq 5 ] || { echo "$output"; false; }
	for t in Q4_0 Q8_0 Q4_K Q5_K Q6_K; do
		[[ $output =~ gemm\ $t\ rows\ 16\ cols\ 256\ nx\ 5\ threads\ 1\ repacked\ (yes|no)\ gmac_per_cpu_s\ [0-9]+\.[0-9]\ gmac_per_s\ [0-9]+\.[0-9] ]] ||
			{ echo "$t: $output"; false; }
	done
	run "$TOOL_DIR/engine-run" -t 2 --gemm-shape 9x512x3 --gemm q4_k,q6_k
	assert_status 0
	[ "${#lines[@]}" -eq 2 ]
	run "$TOOL_DIR/engine-run" --gemm f32
	assert_status 2
	run "$TOOL_DIR/engine-run" --gemm q4_0,
	assert_status 2
	run "$TOOL_DIR/engine-run" --gemm-shape 16x100x5 --gemm q4_0
	assert_status 2
	run "$TOOL_DIR/engine-run" --gemm-shape 16x256 --gemm q4_0
	assert_status 2
}
